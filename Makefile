# Dyad's one task file. `make demo` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DYAD   := $(VENV)/bin/dyad
STAMP  := $(VENV)/.installed
DEMO_DB := demo/demo.duckdb

.PHONY: install demo test lint eval bench bench-scale lock clean

# The venv is rebuilt when the pinned requirements change. Every package, the spaCy
# pipeline included, is installed by hash from requirements.lock.
$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . \
		> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	touch $(STAMP)

install: $(STAMP)

demo: install
	rm -f $(DEMO_DB)
	$(DYAD) code demo/corpus --db $(DEMO_DB)
	$(DYAD) articles --db $(DEMO_DB)
	$(DYAD) events --db $(DEMO_DB)
	$(DYAD) actors --db $(DEMO_DB) --limit 15
	@echo "The store is $(DEMO_DB): try '$(DYAD) events --db $(DEMO_DB) --actor RUS'"

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check dyad tests benchmarks
	$(VENV)/bin/ruff format --check dyad tests benchmarks

eval: install
	$(DYAD) eval ../shared/data/seeds_gold.jsonl ../shared/data/plover_gsr.jsonl ../shared/data/plv_dev.jsonl

bench: install
	$(PY) benchmarks/bench_code.py
	$(PY) benchmarks/bench_merge.py

# The Ray engine with 1 and 2 workers on a generated corpus (docs/scaling.md).
bench-scale: install
	$(PY) benchmarks/bench_scale.py

# Regenerate requirements.lock after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml requirements-build.in --extra test --extra ray --generate-hashes \
		--python-version 3.11 --python-platform linux --no-header -o requirements.lock

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info
