"""classify(text, source, target): the rules decide when a lexicon predicate relates the
spans; otherwise a naive Bayes back-off trained on ../shared/data/train/ gives the type the
words point to. Each answer says which decided and why."""

from __future__ import annotations

import pytest

import dyad
from dyad.errors import InputError
from dyad.events import backoff

from conftest import SHARED

TRAINING = SHARED / "data" / "train" / "ngec_synthetic_events.csv"


def test_classify_model_is_rebuilt_byte_for_byte(cli, tmp_path):
    out = tmp_path / "classifier.json"
    result = cli("train-classifier", str(TRAINING), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "4500 texts, 16 types" in result.stderr
    assert out.read_bytes() == backoff.MODEL_PATH.read_bytes()


@pytest.mark.parametrize(
    ("text", "source", "target", "plover_type", "decided_by", "why"),
    [
        (
            "Russia condemned the United States on Monday.",
            "Russia",
            "the United States",
            "ACCUSE",
            "rule",
            "predicates.csv row condemn,VERB",
        ),
        # No lexicon predicate relates them: the words decide.
        (
            "The ministry handed the refugees blankets, food rations and medicine.",
            "ministry",
            "refugees",
            "AID",
            "model",
            "rations",
        ),
    ],
)
def test_classify_says_what_decided(text, source, target, plover_type, decided_by, why):
    answer = dyad.explain_classify(text, source, target)
    assert (answer.plover_type, answer.decided_by) == (plover_type, decided_by)
    assert why in answer.why
    assert dyad.classify(text, source, target) == plover_type


def test_classify_without_predicate_or_known_word_is_none():
    answer = dyad.explain_classify("Xavier and Yolanda, Zagreb.", "Xavier", "Yolanda")
    assert (answer.plover_type, answer.decided_by) == (None, "none")


@pytest.mark.parametrize(
    ("content", "reason", "where"),
    [
        ("text,kind\nhello,PROTEST\n", "no column label", None),
        ("text,label\nhello,PROTEST\nworld,SHOUT\n", "'SHOUT' is not a PLOVER type", "line 3"),
        ("text,label\n", "no training rows", None),
    ],
)
def test_classify_training_file_errors_name_file_and_line(tmp_path, content, reason, where):
    path = tmp_path / "train.csv"
    path.write_text(content)
    with pytest.raises(InputError) as info:
        backoff.read_training(path)
    message = str(info.value)
    assert reason in message and "train.csv" in message
    assert where is None or where in message
