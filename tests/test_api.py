"""The Python API: resolve_actor and classify."""

from __future__ import annotations

import pytest

import dyad


@pytest.mark.parametrize(
    ("name", "when", "code"),
    [
        ("Peskov", "2024-07-30", "RUSGOV"),
        ("Putin", "2024-07-29", "RUSGOV"),
        ("Nicolás Maduro", "2021-08-13", "VENGOV"),
        ("Nicolas Maduro", "2021-08-13", "VENGOV"),
        ("Juan Guaido", "2019-08-10", "VENOPP"),
        ("the Kremlin", "2024-07-30", "RUSGOV"),
        ("the European Union", None, "IGOEUREEC"),
        ("Xi Jinping", "2024-07-30", "CHNGOV"),
        ("Trump", "2019-08-05", "USAGOV"),
        ("Trump", "2021-08-13", "USAELI"),  # a former official between his terms
        ("Trump", "2025-03-01", "USAGOV"),
    ],
)
def test_api_resolve_actor_as_of_date(name, when, code):
    actor = dyad.resolve_actor(name, date=when)
    assert actor is not None and actor.code == code, actor
    assert actor.rule


def test_api_resolve_actor_uses_context():
    actor = dyad.resolve_actor(
        "Price", context="State Department spokesperson Ned Price said.", date="2021-08-13"
    )
    assert actor is not None and actor.code == "USAGOV"


def test_api_classify_pair():
    text = "The Kremlin called on the Venezuelan opposition to accept its defeat."
    assert dyad.classify(text, "Kremlin", "Venezuelan opposition") == "REQUEST"


def test_api_code_text_rejects_empty_text():
    with pytest.raises(dyad.InputError, match="no words"):
        dyad.code_text("   ")
