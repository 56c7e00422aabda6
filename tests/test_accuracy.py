"""The accuracy gate: `dyad eval` figures on ../shared/data must not fall below the floors
pinned in accuracy_floors.json. Floors only rise; lowering one needs a reason in the commit."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from dyad import api, evaluate

from conftest import GOLD

FLOORS = json.loads((Path(__file__).with_name("accuracy_floors.json")).read_text())


@cache
def _report(name: str) -> dict[str, Any]:
    return api.evaluate_records(evaluate.read_gold(GOLD / name))


def _figure(report: dict[str, Any], dotted: str) -> float:
    value: Any = report
    for key in dotted.split("."):
        value = value[key]
    return float(value)


@pytest.mark.parametrize(
    ("name", "figure"),
    [(name, figure) for name, floors in FLOORS["floors"].items() for figure in floors],
)
def test_accuracy_not_below_floor(name: str, figure: str):
    floor = FLOORS["floors"][name][figure]
    value = _figure(_report(name), figure)
    assert value >= floor - 1e-9, f"{name} {figure} = {value:.4f} fell below its floor {floor}"
