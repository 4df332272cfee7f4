"""resultsframe.diff: structured differences between two frameworks, and `resultsframe diff`."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import resultsframe
from conftest import RunCli
from resultsframe import Framework, Indicator, Result, Target, diff, document, examples
from resultsframe import differences as differences_module
from resultsframe.cli import main
from resultsframe.differences import Difference
from resultsframe.model import Link
from resultsframe.units import registry
from strategies import frameworks, showcase


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


def _with_statement(fw: Framework, result_id: str, statement: str) -> Framework:
    return attrs.evolve(
        fw,
        results=tuple(attrs.evolve(r, statement=statement) if r.id == result_id else r for r in fw),
    )


def _variant(cop: Framework) -> Framework:
    """COP with a revised target, a filled pending value, an added result, a removed link and a
    changed statement."""
    judges = Result(
        "P1.3",
        "output",
        "Judges are trained",
        indicators=(Indicator("P1.3.a", "judges trained", unit="person"),),
    )
    variant = (
        cop.revise_target("T1.a", "95 %", reason="Mid-term review", on="2018-06-30")
        .fill({"T3.a": "50 %"})
        .with_result(judges, contributes_to="T1")
        .without_link("P2.6", "T2")
    )
    return _with_statement(variant, "T1", "Target 1: legislation")


# --- the COP framework and a variant ----------------------------------------------------------


def test_the_differences_between_cop_and_a_variant(cop: Framework) -> None:
    assert diff(cop, _variant(cop)) == [
        Difference("changed", "result", "T1", "statement", "Target 1", "Target 1: legislation"),
        Difference(
            "added",
            "result",
            "P1.3",
            after={"id": "P1.3", "level": "output", "statement": "Judges are trained"},
        ),
        Difference(
            "changed",
            "indicator",
            "T1.a",
            "targets[0].value",
            {"value": 90, "unit": "percent"},
            {"value": 95, "unit": "percent"},
        ),
        Difference(
            "changed",
            "indicator",
            "T1.a",
            "revisions",
            [],
            [
                {
                    "target": {"value": {"value": 90, "unit": "percent"}, "due": "2020-12-31"},
                    "revised_on": "2018-06-30",
                    "reason": "Mid-term review",
                }
            ],
        ),
        Difference(
            "changed",
            "indicator",
            "T3.a",
            "targets[0].value",
            {"pending": "XX%", "unit": "percent"},
            {"value": 50, "unit": "percent"},
        ),
        Difference(
            "added",
            "indicator",
            "P1.3.a",
            after={"result": "P1.3", "id": "P1.3.a", "name": "judges trained", "unit": "person"},
        ),
        Difference("removed", "link", "P2.6 → T2", before={"child": "P2.6", "parent": "T2"}),
        Difference("added", "link", "P1.3 → T1", after={"child": "P1.3", "parent": "T1"}),
    ]


def test_the_differences_read_as_lines_of_text(cop: Framework) -> None:
    lines = [str(d) for d in diff(cop, _variant(cop))]
    assert lines[0] == 'changed result T1 statement: "Target 1" → "Target 1: legislation"'
    assert lines[1] == (
        'added result P1.3: {"id": "P1.3", "level": "output", "statement": "Judges are trained"}'
    )
    assert lines[4] == (
        'changed indicator T3.a targets[0].value: {"pending": "XX%", "unit": "percent"} → '
        '{"value": 50, "unit": "percent"}'
    )
    assert lines[6] == 'removed link P2.6 → T2: {"child": "P2.6", "parent": "T2"}'


def test_each_difference_is_a_json_ready_record(cop: Framework) -> None:
    records = [d.to_dict() for d in diff(cop, _variant(cop))]
    assert json.loads(json.dumps(records)) == records
    assert records[-1] == {
        "change": "added",
        "kind": "link",
        "id": "P1.3 → T1",
        "field": None,
        "before": None,
        "after": {"child": "P1.3", "parent": "T1"},
    }


def test_a_field_back_at_its_default_shows_the_default(cop: Framework) -> None:
    heavy = cop.with_weight("T1.a", 2).with_weight(("T1", "O1"), 3)
    assert diff(heavy, cop) == [
        Difference("changed", "indicator", "T1.a", "weight", 2, 1),
        Difference("changed", "link", "T1 → O1", "weight", 3, 1),
    ]
    undescribed = attrs.evolve(cop, description=None)
    assert diff(cop, undescribed) == [
        Difference("changed", "framework", "cop-2015", "description", cop.description, None)
    ]


def test_a_moved_indicator_is_a_change_of_its_result(cop: Framework) -> None:
    indicator = cop.indicators["T1.s1"]
    moved = attrs.evolve(
        cop,
        results=tuple(
            attrs.evolve(r, indicators=tuple(i for i in r.indicators if i.id != "T1.s1"))
            if r.id == "T1"
            else attrs.evolve(r, indicators=(*r.indicators, indicator))
            if r.id == "T2"
            else r
            for r in cop
        ),
    )
    assert diff(cop, moved) == [
        Difference("changed", "indicator", "T1.s1", "result", "T1", "T2"),
    ]


def test_another_order_of_results_indicators_or_links_is_a_difference(cop: Framework) -> None:
    reordered = attrs.evolve(cop, results=tuple(reversed(tuple(cop))))
    (order,) = diff(cop, reordered)
    assert (order.kind, order.id, order.field) == ("framework", "cop-2015", "order of results")
    assert order.before == list(cop.results)
    assert order.after == list(reversed(list(cop.results)))
    t1 = cop.results["T1"]
    swapped = _replace(cop, attrs.evolve(t1, indicators=tuple(reversed(t1.indicators))))
    assert [(d.kind, d.id, d.field) for d in diff(cop, swapped)] == [
        ("result", "T1", "order of indicators")
    ]
    relinked = attrs.evolve(cop, links=tuple(reversed(cop.links)))
    (links,) = diff(cop, relinked)
    assert links.field == "order of links"
    assert links.before[0] == ["O1", "impact"]
    # Adding a result is not a change of order: the others keep theirs.
    assert all(d.field != "order of results" for d in diff(cop, _variant(cop)))


def _replace(fw: Framework, result: Result) -> Framework:
    return attrs.evolve(fw, results=tuple(result if r.id == result.id else r for r in fw))


def test_numbers_compare_by_value_and_units_as_written(cop: Framework) -> None:
    reg = registry()
    as_float = cop.with_target("T1.a", reg.Quantity(90.0, "percent"))
    assert diff(cop, as_float) == []
    as_share = cop.with_target("T1.a", reg.Quantity(0.9, "dimensionless"))
    assert diff(cop, as_share) == [
        Difference(
            "changed",
            "indicator",
            "T1.a",
            "targets[0].value",
            {"value": 90, "unit": "percent"},
            {"value": 0.9, "unit": "dimensionless"},
        )
    ]


def test_a_target_added_is_the_whole_array(cop: Framework) -> None:
    indicator = cop.indicators["T1.a"]
    milestone = Target(70, due="2018-12-31")
    more = cop.with_indicator(
        "T1", attrs.evolve(indicator, targets=(milestone, *indicator.targets))
    )
    (difference,) = diff(cop, more)
    assert difference.field == "targets"
    assert difference.before == [{"value": {"value": 90, "unit": "percent"}, "due": "2020-12-31"}]
    assert difference.after[0] == {"value": {"value": 70, "unit": "percent"}, "due": "2018-12-31"}


def test_the_examples_in_the_docstrings_run() -> None:
    result = doctest.testmod(differences_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 3
    assert result.failed == 0


# --- properties over generated frameworks -----------------------------------------------------


@settings(max_examples=200)
@given(frameworks())
def test_a_framework_has_no_difference_with_itself_nor_with_its_document_read_back(
    fw: Framework,
) -> None:
    assert diff(fw, fw) == []
    assert diff(fw, document.loads(document.dumps(fw))) == []


def _normalised(differences: list[Difference]) -> list[str]:
    # The framework's records carry the id of the first framework: the one thing not symmetric.
    return sorted(
        json.dumps(
            {**d.to_dict(), "id": "" if d.kind == "framework" else d.id},
            sort_keys=True,
        )
        for d in differences
    )


def _reversed(d: Difference) -> Difference:
    change = {"added": "removed", "removed": "added", "changed": "changed"}[d.change]
    return Difference(change, d.kind, d.id, d.field, d.after, d.before)  # type: ignore[arg-type]


def _same_document(a: Framework, b: Framework) -> bool:
    return bool(json.loads(document.dumps(a)) == json.loads(document.dumps(b)))


@st.composite
def _pairs(draw: st.DrawFn) -> tuple[Framework, Framework]:
    """Two frameworks: unrelated ones, or one and a variant of it."""
    a = draw(frameworks())
    how = draw(st.sampled_from(["other", "weight", "unlink", "reorder", "statement", "same"]))
    if how == "other":
        return a, draw(frameworks())
    if how == "weight" and a.indicators:
        return a, a.with_weight(draw(st.sampled_from(list(a.indicators))), 7)
    if how == "unlink" and a.links:
        link = draw(st.sampled_from(a.links))
        return a, a.without_link(link.child, link.parent)
    if how == "reorder":
        return a, attrs.evolve(a, results=tuple(reversed(tuple(a))), links=a.links[::-1])
    if how == "statement" and a.results:
        return a, _with_statement(a, draw(st.sampled_from(list(a.results))), "changed")
    return a, document.loads(document.dumps(a))


@settings(max_examples=200)
@given(_pairs())
def test_two_frameworks_differ_exactly_when_their_documents_do_and_diff_is_symmetric(
    pair: tuple[Framework, Framework],
) -> None:
    a, b = pair
    forward = diff(a, b)
    assert (forward == []) == _same_document(a, b)
    assert _normalised(diff(b, a)) == _normalised([_reversed(d) for d in forward])
    records = [d.to_dict() for d in forward]
    assert json.loads(json.dumps(records, allow_nan=False)) == records
    assert [str(d) for d in forward] == [str(d) for d in diff(a, b)]  # deterministic


def test_the_showcase_against_an_empty_framework_lists_everything_once() -> None:
    full = showcase()
    empty = Framework(full.id, full.title, levels=full.levels)
    found = diff(empty, full)
    added = [(d.kind, d.id) for d in found if d.change == "added"]
    assert added == [
        *(("result", r) for r in full.results),
        *(("indicator", i) for i in full.indicators),
        *(("link", f"{x.child} → {x.parent}") for x in full.links),
        *(("partner", p.id) for p in full.partners),
        *(("initiative", i.id) for i in full.initiatives),
    ]
    changed = {d.field for d in found if d.change == "changed"}
    assert "start" in changed
    assert "status_method.method" not in changed  # a status method is compared whole
    assert "status_method" in changed


# --- the command ------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, fw: Framework) -> str:
    path = tmp_path / name
    document.dump(fw, path)
    return str(path)


def test_the_command_exits_0_when_equal_and_1_when_they_differ(
    cop: Framework, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = _write(tmp_path, "same.json", cop)
    assert main(["diff", "cop", same]) == 0
    assert capsys.readouterr().out == f"no differences between cop and {same}\n"
    variant = _write(tmp_path, "variant.json", _variant(cop))
    assert main(["diff", "cop", variant]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [str(d) for d in diff(cop, _variant(cop))]
    assert out[-1] == f"8 differences between cop and {variant}"
    assert main(["diff", "cop", variant, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [d.to_dict() for d in diff(cop, _variant(cop))]
    assert main(["diff", same, "cop", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_command_exits_2_on_unusable_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "cop", str(tmp_path / "missing.json")]) == 2
    assert "neither a built-in example" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["diff", str(broken), "cop"]) == 2
    assert "not valid JSON" in capsys.readouterr().err
    with pytest.raises(SystemExit) as caught:
        main(["diff", "cop"])
    assert caught.value.code == 2


def test_the_command_compares_two_files(cop: Framework, tmp_path: Path, cli: RunCli) -> None:
    variant = _write(tmp_path, "variant.json", cop.with_weight("T1.a", 2))
    done = cli("diff", "cop", variant)
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout == (
        f"changed indicator T1.a weight: 1 → 2\n1 difference between cop and {variant}\n"
    )


def test_diff_is_exported(cop: Framework) -> None:
    assert resultsframe.diff is diff
    assert diff(cop, cop.with_link("P2.6", "T3")) == [
        Difference("added", "link", "P2.6 → T3", after={"child": "P2.6", "parent": "T3"})
    ]
    assert Link("P2.6", "T3") in cop.with_link("P2.6", "T3").links
