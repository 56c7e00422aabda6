# Dyad's one task file. `make demo` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DYAD   := $(VENV)/bin/dyad
STAMP  := $(VENV)/.installed
DEMO_DB := demo/demo.duckdb
# The browser tests drive Debian's chromium (playwright's own browser download is not used).
CHROMIUM := /usr/bin/chromium
# The gold data and seed articles the tests and `make eval` read (override: DYAD_SHARED=...).
DYAD_SHARED ?= ../shared
export DYAD_SHARED

.PHONY: install demo test lint eval bench bench-scale stress screenshots lock clean

# The venv is rebuilt when the pinned requirements change. Every package, the spaCy
# pipeline included, is installed by hash from requirements.lock, by the pip pinned in
# requirements-pip.txt.
$(STAMP): pyproject.toml requirements.lock requirements-pip.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-pip.txt
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
	$(DYAD) serve --db $(DEMO_DB)

test: install $(CHROMIUM)
	$(PY) -m pytest

# Installed once per machine when missing (CI starts on a fresh one).
$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium chromium-driver

lint: install
	$(VENV)/bin/ruff check dyad tests benchmarks
	$(VENV)/bin/ruff format --check dyad tests benchmarks

eval: install
	$(DYAD) eval $(DYAD_SHARED)/data/seeds_gold.jsonl $(DYAD_SHARED)/data/plover_gsr.jsonl \
		$(DYAD_SHARED)/data/plv_dev.jsonl

bench: install
	$(PY) benchmarks/bench_code.py
	$(PY) benchmarks/bench_merge.py
	$(PY) benchmarks/bench_web.py

# Screenshots of each page for the docs, from the demo store.
screenshots: install $(CHROMIUM)
	test -f $(DEMO_DB) || $(DYAD) code demo/corpus --db $(DEMO_DB)
	$(PY) scripts/screenshots.py --db $(DEMO_DB) --out docs/img

# The long runs that `make test` keeps short. Each line stands alone.
# Reliability (issue 7): kill/restart cycles on a bigger corpus, many more hypothesis
# examples, 15 minutes of coverage-guided fuzzing of the readers; then (issue 6/7) a
# load and abuse test of `dyad serve` on a 100,000-event store.
stress: install
	DYAD_KILL_ARTICLES=5000 DYAD_KILL_CYCLES=12 $(PY) -m pytest -q -s tests/test_crash_restart.py
	DYAD_HYPOTHESIS_RANDOM=1 DYAD_HYPOTHESIS_EXAMPLES=5000 $(PY) -m pytest -q tests/test_ingest_hostile.py -k "not fuzz" --hypothesis-show-statistics
	mkdir -p $(VENV)/fuzz-corpus && $(PY) tests/fuzz/fuzz_readers.py $(VENV)/fuzz-corpus tests/fuzz/seeds -max_total_time=900 -artifact_prefix=$(VENV)/
	$(PY) benchmarks/stress_http.py

# The Ray engine with 1 and 2 workers on a generated corpus (docs/scaling.md).
bench-scale: install
	$(PY) benchmarks/bench_scale.py

# Regenerate requirements.lock after changing dependencies in pyproject.toml (needs uv).
lock:
	uv pip compile pyproject.toml requirements-build.in --extra test --extra ray --generate-hashes \
		--python-version 3.11 --python-platform linux --no-header -o requirements.lock

clean:
	rm -rf $(VENV) $(DEMO_DB) build *.egg-info
