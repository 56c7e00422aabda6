"""Coverage-guided fuzz target (atheris / libFuzzer) for Dyad's readers and date checks.

    python tests/fuzz/fuzz_readers.py NEW_CORPUS_DIR tests/fuzz/seeds -max_total_time=600

The first byte of an input picks what is fuzzed: the bytes of a .txt, .jsonl, .csv or
.html input, one JSONL record built from fuzzed strings (text, date, title), or a date
value alone. Any exception, or a record that breaks the readers' promise
(``tests/hostile.py``), is a crash: libFuzzer saves the input and stops. The seeds are
small examples of each mode; libFuzzer writes what it finds to the first folder.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["dyad"]):
    from dyad.config import Settings
    from dyad.ingest.dates import check_article_date
    from dyad.ingest.readers import read_bytes
    from dyad.records import Origin

from hostile import FORMATS, check_records

SETTINGS = Settings()
PATH = "fuzzed"


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    mode = fdp.ConsumeIntInRange(0, 5)
    if mode < len(FORMATS):
        fdp.ConsumeBytes(1)  # the seeds keep a spare byte here
        payload = fdp.ConsumeBytes(atheris.ALL_REMAINING)
        records = list(read_bytes(payload, FORMATS[mode], Origin(PATH), SETTINGS))
        check_records(records, PATH)
        if FORMATS[mode] in (".txt", ".html"):
            assert len(records) == 1, "one file, one record"
        if FORMATS[mode] == ".jsonl" and payload.strip():
            lines = [ln for ln in payload.split(b"\n") if ln.strip()]
            assert len(records) == len(lines), "one JSONL line, one record"
    elif mode == 4:
        fields = ("text", "date", "title", "url", "id")
        record = {name: fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 300)) for name in fields}
        line = json.dumps(record).encode()
        records = list(read_bytes(line, ".jsonl", Origin(PATH), SETTINGS))
        check_records(records, PATH)
        assert len(records) == 1
    else:
        value = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 100))
        checked = check_article_date(value)
        assert (checked.flag is None) or checked.reason


def main() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot use
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
