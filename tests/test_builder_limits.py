"""``build`` refuses what a document could not hold, with the JSON path, and nothing else escapes.

Non-text units, units pint cannot compute ("1/0"), numbers beyond ±(2**53 - 1) (which
``dumps`` would refuse when the framework is written) and specs nested 10 000 deep are each a
``DocumentError`` naming the place, never an OverflowError, ZeroDivisionError or RecursionError.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from resultsframe import DocumentError, build
from resultsframe.builder.limits import MAX_SPEC_DEPTH
from resultsframe.units import parse_quantity

_SPEC: dict[str, Any] = {
    "id": "demo",
    "title": "Demo",
    "results": {
        "goal": {
            "level": "impact",
            "statement": "Children are safe online",
            "indicators": {"goal.a": {"name": "cases", "unit": "case", "target": "80 by 2025"}},
        }
    },
}
_AT = re.escape('$.results.goal.indicators["goal.a"]')


def _with(**fields: object) -> dict[str, Any]:
    spec = copy.deepcopy(_SPEC)
    spec["results"]["goal"]["indicators"]["goal.a"].update(fields)
    return spec


def _nested(depth: int) -> list[Any]:
    deep: list[Any] = []
    for _ in range(depth):
        deep = [deep]
    return deep


def test_the_spec_builds() -> None:
    assert build(_SPEC).indicators["goal.a"].targets[0].value == parse_quantity("80 case")


@pytest.mark.parametrize("unit", [3, 1.5, ["case"], {"name": "case"}, None])
def test_a_unit_that_is_not_a_text_is_refused_at_its_place(unit: object) -> None:
    with pytest.raises(DocumentError, match=rf"{_AT}\.unit: a unit is a text"):
        build(_with(unit=unit))


@pytest.mark.parametrize(
    ("unit", "says"),
    [("1/0", "has the number 0"), ("(", "unknown unit"), ("case**9**9**9", "power to a power")],
)
def test_a_unit_pint_cannot_compute_is_refused_at_its_place(unit: str, says: str) -> None:
    with pytest.raises(DocumentError, match=rf"{_AT}\.unit: .*{says}"):
        build(_with(unit=unit))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("target", 10**400),
        ("baseline", 10**400),
        ("weight", 10**400),
        ("target", 2**53),  # 9007199254740992: one more than 2**53 - 1
        ("target", -(2**53)),
        ("target", 1e300),
        ("target", float("nan")),
        ("target", "1152921504606846976"),  # 2**60 as a text
        ("target", "1e300 by 2025"),
    ],
)
def test_a_number_a_document_cannot_hold_is_refused_where_it_is_given(
    field: str, value: object
) -> None:
    with pytest.raises(DocumentError, match=rf"{_AT}\.{field}: .*(2\*\*53 - 1|finite)"):
        build(_with(**{field: value}))


def test_the_largest_exact_number_is_taken() -> None:
    # 2**53 - 1 = 9007199254740991: the largest whole number every JSON reader holds exactly.
    built = build(_with(target=2**53 - 1))
    assert built.indicators["goal.a"].targets[0].value == parse_quantity("9007199254740991 case")


@pytest.mark.parametrize("where", ["results", "comments", "top"])
def test_a_spec_nested_ten_thousand_deep_is_refused_at_the_depth_limit(where: str) -> None:
    deep = _nested(10_000)
    if where == "top":
        spec: Any = deep
    elif where == "results":
        spec = {**_SPEC, "results": deep}
    else:
        spec = _with(comments=deep)
    with pytest.raises(DocumentError, match=f"nested more than {MAX_SPEC_DEPTH} deep"):
        build(spec)


def test_a_spec_nested_to_the_limit_reads_as_before() -> None:
    # Within the limit, the builder says what is wrong with the value itself.
    with pytest.raises(DocumentError, match=r"comments") as info:
        build(_with(comments=_nested(MAX_SPEC_DEPTH - 10)))
    assert "nested more than" not in str(info.value)
