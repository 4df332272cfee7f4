"""Target revisions: revising a target never erases what was promised before."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import jsonschema
import pytest

from resultsframe import (
    DocumentError,
    Framework,
    Indicator,
    Result,
    Target,
    UnitError,
    UnknownIdError,
    ValidationError,
    assess,
    diff,
    document,
    examples,
)
from resultsframe.differences import Difference
from resultsframe.model import Comment, Parameter, TargetRevision
from resultsframe.units import registry
from resultsframe.values import Pending


def _q(text: str) -> Any:
    return registry().Quantity(text)


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


@pytest.fixture(scope="module")
def revised(cop: Framework) -> Framework:
    return cop.revise_target(
        "T1.a", "95 %", reason="Raised at the mid-term review", on="2018-06-30"
    ).revise_target("T1.a", "92 %", reason="Lowered after the 2019 survey", on=date(2019, 9, 1))


# --- revise_target ----------------------------------------------------------------------------


def test_revise_target_keeps_each_earlier_target_oldest_first_with_its_day_and_reason(
    cop: Framework, revised: Framework
) -> None:
    indicator = revised.indicators["T1.a"]
    assert indicator.targets == (Target(_q("92 percent"), date(2020, 12, 31)),)
    assert indicator.revisions == (
        TargetRevision(
            Target(_q("90 percent"), date(2020, 12, 31)),
            date(2018, 6, 30),
            "Raised at the mid-term review",
        ),
        TargetRevision(
            Target(_q("95 percent"), date(2020, 12, 31)),
            date(2019, 9, 1),
            "Lowered after the 2019 survey",
        ),
    )
    assert cop.indicators["T1.a"].revisions == ()


def test_the_earlier_target_is_kept_whole_with_its_text_and_comments() -> None:
    old = Target(90, due="2020-12-31", text="90%", comments=(Comment("agreed in Geneva"),))
    indicator = Indicator("a", "A", unit="%", targets=(old,))
    fw = Framework("f", "F", (Result("r", "impact", "R", indicators=(indicator,)),))
    revised = fw.revise_target("a", 95, reason="review", on="2018-01-01", due="2021-12-31")
    (revision,) = revised.indicators["a"].revisions
    assert revision.target == indicator.targets[0]
    assert revision.target.text == "90%"
    assert revision.target.comments == (Comment("agreed in Geneva"),)
    assert revised.indicators["a"].targets == (
        Target(_q("95 percent"), date(2021, 12, 31), comments=(Comment("agreed in Geneva"),)),
    )


def test_a_pending_target_can_be_revised_and_the_pending_one_is_kept(cop: Framework) -> None:
    revised = cop.revise_target("T3.a", "60 %", reason="Agreed in 2017", on="2017-03-01")
    (revision,) = revised.indicators["T3.a"].revisions
    assert revision.target.value == Pending("XX%", "percent")
    # What is kept is history: it is not pending any more.
    assert "T3.a" not in [item.key for item in revised.pending()]
    assert len(revised.pending()) == len(cop.pending()) - 1


def test_revise_target_refuses_what_it_cannot_keep_honestly(
    cop: Framework, revised: Framework
) -> None:
    with pytest.raises(ValidationError, match="last revision was on 2019-09-01") as caught:
        revised.revise_target("T1.a", "90 %", reason="back", on="2019-01-01")
    assert caught.value.problems[0].code == "revision-order"
    assert caught.value.problems[0].where == ("T1.a",)
    with pytest.raises(ValidationError, match="no target to revise") as caught:
        cop.revise_target("T1.s1", 5, reason="first", on="2018-01-01")
    assert caught.value.problems[0].code == "no-target"
    with pytest.raises(ValidationError, match="non-empty text"):
        cop.revise_target("T1.a", "95 %", reason=" ", on="2018-01-01")
    with pytest.raises(ValidationError, match="as a date"):
        cop.revise_target("T1.a", "95 %", reason="r", on="30/06/2018")
    with pytest.raises(UnitError):
        cop.revise_target("T1.a", "95 cases", reason="r", on="2018-01-01")
    with pytest.raises(UnknownIdError, match=r"no indicator 'T1\.q'"):
        cop.revise_target("T1.q", "95 %", reason="r", on="2018-01-01")


def test_two_revisions_on_the_same_day_are_kept_in_the_order_made(cop: Framework) -> None:
    twice = cop.revise_target("T1.a", 95, reason="first", on="2018-01-01").revise_target(
        "T1.a", 96, reason="corrected", on="2018-01-01"
    )
    assert [r.reason for r in twice.indicators["T1.a"].revisions] == ["first", "corrected"]


def test_other_variants_keep_the_revisions(revised: Framework) -> None:
    kept = revised.indicators["T1.a"].revisions
    assert revised.with_target("T1.a", 99).indicators["T1.a"].revisions == kept
    assert revised.with_weight("T1.a", 2).indicators["T1.a"].revisions == kept
    assert revised.fill({"T3.a": "50 %"}).indicators["T1.a"].revisions == kept


# --- the model --------------------------------------------------------------------------------


def test_a_revision_needs_a_target_a_date_and_a_reason() -> None:
    with pytest.raises(ValidationError, match=r"TargetRevision.reason must be a non-empty text"):
        TargetRevision(Target(90), date(2018, 1, 1), "")
    with pytest.raises(ValidationError, match=r"TargetRevision.revised_on must be a date"):
        TargetRevision(Target(90), None, "r")
    with pytest.raises(ValidationError, match="Target"):
        TargetRevision(90, date(2018, 1, 1), "r")  # type: ignore[arg-type]
    assert TargetRevision(Target(90), "2018-01-01", "r").revised_on == date(2018, 1, 1)


def test_an_indicator_keeps_revisions_in_date_order_and_in_its_unit() -> None:
    first = TargetRevision(Target(80), date(2017, 1, 1), "first")
    second = TargetRevision(Target(85), date(2018, 1, 1), "second")
    with pytest.raises(ValidationError, match="oldest first"):
        Indicator("a", "A", unit="%", targets=(Target(90),), revisions=[second, first])
    indicator = Indicator("a", "A", unit="%", targets=(Target(90),), revisions=[first, second])
    # Bare numbers of earlier targets are read in the indicator's unit, like its targets.
    assert indicator.revisions[0].target.value == _q("80 percent")
    with pytest.raises(UnitError, match="earlier target 1 is in 'case'"):
        Indicator(
            "a",
            "A",
            unit="%",
            revisions=[TargetRevision(Target(_q("3 case")), date(2017, 1, 1), "r")],
        )


def test_revisions_is_keyword_only_so_no_positional_argument_moved() -> None:
    threshold = Parameter("threshold", "at least", "60 %")
    indicator = Indicator("a", "A", "share", "%", "increase", None, (), (Target(1),), (threshold,))
    assert indicator.parameters == (threshold,)
    assert indicator.revisions == ()


# --- in documents, the schema, explain() and diffs --------------------------------------------


def test_documents_carry_the_revisions_after_the_targets(revised: Framework) -> None:
    data = json.loads(document.dumps(revised))
    t1 = next(r for r in data["framework"]["results"] if r["id"] == "T1")
    indicator = next(i for i in t1["indicators"] if i["id"] == "T1.a")
    keys = list(indicator)
    assert keys.index("revisions") == keys.index("targets") + 1
    assert indicator["revisions"] == [
        {
            "target": {"value": {"value": 90, "unit": "percent"}, "due": "2020-12-31"},
            "revised_on": "2018-06-30",
            "reason": "Raised at the mid-term review",
        },
        {
            "target": {"value": {"value": 95, "unit": "percent"}, "due": "2020-12-31"},
            "revised_on": "2019-09-01",
            "reason": "Lowered after the 2019 survey",
        },
    ]
    assert document.loads(document.dumps(revised)) == revised


def test_documents_without_revisions_are_unchanged(cop: Framework) -> None:
    assert '"revisions"' not in document.dumps(cop)


def test_the_schema_and_the_reader_both_refuse_a_revision_without_a_reason(
    revised: Framework,
) -> None:
    validator = jsonschema.Draft202012Validator(document.schema())
    data = document.to_dict(revised)
    assert list(validator.iter_errors(data)) == []
    t1 = next(r for r in data["framework"]["results"] if r["id"] == "T1")
    del t1["indicators"][0]["revisions"][0]["reason"]
    assert list(validator.iter_errors(data)) != []
    with pytest.raises(DocumentError, match=r"revisions\[0\]\.reason: required key missing"):
        document.from_dict(data)


def test_the_reader_refuses_revisions_out_of_order(revised: Framework) -> None:
    data = document.to_dict(revised)
    t1 = next(r for r in data["framework"]["results"] if r["id"] == "T1")
    t1["indicators"][0]["revisions"].reverse()
    with pytest.raises(DocumentError, match="oldest first"):
        document.from_dict(data)


def test_explain_shows_each_earlier_target_with_its_due_date_day_and_reason(
    revised: Framework,
) -> None:
    report = assess(revised, examples.observations("cop"), as_of="2020-12-31")
    text = report["T1.a"].explain()
    lines = text.splitlines()
    start = lines.index("  earlier targets, oldest first (what was promised before):")
    assert lines[start - 1] == "  target:      92 % due 2020-12-31"
    assert lines[start + 1 : start + 3] == [
        "    90 % due 2020-12-31 — revised on 2018-06-30: Raised at the mid-term review",
        "    95 % due 2020-12-31 — revised on 2019-09-01: Lowered after the 2019 survey",
    ]
    assert report.explain("T1.a") == text
    plain = assess(examples.load("cop"), examples.observations("cop"), as_of="2020-12-31")
    assert "earlier targets" not in plain["T1.a"].explain()


def test_explain_shows_a_pending_earlier_target_and_one_in_another_unit() -> None:
    indicator = Indicator(
        "a",
        "A",
        unit="%",
        targets=(Target(90, due="2020-12-31"),),
        revisions=[
            TargetRevision(Target(Pending("XX%"), due="2019-12-31"), date(2016, 1, 1), "set"),
            TargetRevision(Target(_q("0.8 dimensionless")), date(2017, 1, 1), "raised"),
        ],
    )
    fw = Framework("f", "F", (Result("r", "impact", "R", indicators=(indicator,)),))
    text = assess(fw, None, as_of="2018-01-01")["a"].explain()
    assert "    pending 'XX%' due 2019-12-31 — revised on 2016-01-01: set" in text
    assert "    80 % — revised on 2017-01-01: raised" in text


def test_diffs_show_the_revision_and_the_new_target(cop: Framework) -> None:
    one = cop.revise_target("T1.a", "95 %", reason="Mid-term review", on="2018-06-30")
    assert diff(cop, one) == [
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
    ]
