"""The domain objects: each is frozen and validated on construction, and on attrs.evolve."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import Any

import attrs
import pytest

from resultsframe import Indicator, Link, Pending, Result, Target, UnitError, ValidationError
from resultsframe.model import (
    Actual,
    Baseline,
    Comment,
    Definition,
    Dimension,
    Direction,
    DocumentLink,
    Extension,
    HistoryEvent,
    Location,
    Measure,
    Narrative,
    Parameter,
    Reference,
    ReportingPeriod,
    Theme,
    Universe,
)
from resultsframe.periods import Period
from resultsframe.units import Quantity, parse_quantity, parse_unit, registry


def percent(magnitude: float) -> Any:
    return registry().Quantity(magnitude, parse_unit("percent"))


def share(**kwargs: Any) -> Indicator:
    """A percentage indicator, as most of the COP framework's are."""
    fields: dict[str, Any] = {"id": "T1.a", "name": "countries with legislation"}
    fields.update(measure="share", unit="%", universe=Universe("country"))
    fields.update(kwargs)
    return Indicator(**fields)


def count(**kwargs: Any) -> Indicator:
    fields: dict[str, Any] = {"id": "T1.s1", "name": "cases investigated", "unit": "case"}
    fields.update(kwargs)
    return Indicator(**fields)


# --- ids and texts ------------------------------------------------------------------------------

BAD_IDS: list[object] = ["", "a b", "a:b", " a", "a\n", "\t", 3, None]

ID_HOLDERS: dict[str, Callable[[Any], object]] = {
    "indicator": lambda id_: Indicator(id_, "a name"),
    "result": lambda id_: Result(id_, "impact", "a statement"),
    "link child": lambda id_: Link(id_, "parent"),
    "link parent": lambda id_: Link("child", id_),
    "definition": lambda id_: Definition(id_, "a definition"),
    "theme": lambda id_: Theme(id_, "a theme"),
    "parameter": lambda id_: Parameter(id_, "a parameter", "60 %"),
}


@pytest.mark.parametrize("holder", ID_HOLDERS)
@pytest.mark.parametrize("bad", BAD_IDS)
def test_bad_ids_are_refused(holder: str, bad: object) -> None:
    with pytest.raises(ValueError, match="id must be a non-empty text without spaces or ':'"):
        ID_HOLDERS[holder](bad)


@pytest.mark.parametrize("holder", ID_HOLDERS)
@pytest.mark.parametrize("good", ["T1.a", "P2.6", "impact", "fn1", "a-b_c", "é", "x/y"])
def test_ids_without_spaces_or_colons_are_accepted(holder: str, good: str) -> None:
    ID_HOLDERS[holder](good)


TEXT_HOLDERS: dict[str, Callable[[Any], object]] = {
    "Result.statement": lambda text: Result("r", "impact", text),
    "Result.level": lambda text: Result("r", text, "a statement"),
    "Indicator.name": lambda text: Indicator("i", text),
    "Comment.text": Comment,
    "Definition.text": lambda text: Definition("d", text),
    "Theme.name": lambda text: Theme("t", text),
    "HistoryEvent.text": lambda text: HistoryEvent("2015-10", text),
    "Parameter.name": lambda text: Parameter("p", text, "60 %"),
    "Extension.format": lambda text: Extension(text, "result", "<x/>"),
    "Narrative.role": lambda text: Narrative("a title", role=text),
}


@pytest.mark.parametrize("holder", TEXT_HOLDERS)
@pytest.mark.parametrize("bad", ["", "   ", "\n\t", None, 3])
def test_empty_texts_are_refused(holder: str, bad: object) -> None:
    with pytest.raises(ValueError, match=f"{holder} must be a non-empty text"):
        TEXT_HOLDERS[holder](bad)


OPTIONAL_TEXT_HOLDERS: dict[str, Callable[[Any], object]] = {
    "Comment.author": lambda v: Comment("a remark", author=v),
    "Indicator.source": lambda v: Indicator("i", "n", source=v),
    "Result.description": lambda v: Result("r", "impact", "s", description=v),
    "Reference.organisation": lambda v: Reference(title="t", organisation=v),
    "Definition.term": lambda v: Definition("d", "a definition", term=v),
}


@pytest.mark.parametrize("holder", OPTIONAL_TEXT_HOLDERS)
def test_optional_texts_are_text_or_none(holder: str) -> None:
    OPTIONAL_TEXT_HOLDERS[holder](None)
    OPTIONAL_TEXT_HOLDERS[holder]("some text")
    with pytest.raises(ValueError, match=f"{holder} must be a text or None"):
        OPTIONAL_TEXT_HOLDERS[holder](3)


def test_a_reference_needs_a_title_a_code_or_a_uri() -> None:
    with pytest.raises(ValueError, match="title, a code or a uri"):
        Reference(organisation="Council of Europe", summary="a convention")
    assert Reference(title="A Global Alliance").title == "A Global Alliance"
    assert Reference(vocabulary="7", code="3.4").code == "3.4"
    assert Reference(uri="https://example.org/x").uri == "https://example.org/x"


def test_a_comment_keeps_its_author_and_reads_its_date() -> None:
    comment = Comment("This belongs to prevention", author="A Reviewer", date="2015-08-01")
    assert comment.author == "A Reviewer"
    assert comment.date == date(2015, 8, 1)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Comment("a remark", date="August 2015")


def test_a_history_event_reads_its_period() -> None:
    event = HistoryEvent("2014-05/2014-12", "Bilateral consultations")
    assert event.period == Period.parse("2014-05/2014-12")
    with pytest.raises(ValueError, match="month 13"):
        HistoryEvent("2015-13", "x")


@pytest.mark.parametrize("size", [0, -193, True, 1.5, "193"])
def test_a_universe_size_is_a_positive_whole_number(size: Any) -> None:
    with pytest.raises(ValueError, match="positive whole number"):
        Universe("country", size=size)


def test_a_universe_has_a_known_unit() -> None:
    assert Universe("countries", "UN member states", 193).unit == parse_unit("country")
    with pytest.raises(UnitError, match="blorps"):
        Universe("blorps")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Dimension("sex", 3),  # type: ignore[arg-type]
        lambda: Location(None),  # type: ignore[arg-type]
        lambda: DocumentLink(None),  # type: ignore[arg-type]
        lambda: Narrative(None),  # type: ignore[arg-type]
        lambda: Extension("iati-xml", None, "<x/>"),  # type: ignore[arg-type]
    ],
)
def test_small_records_hold_texts(make: Callable[[], object]) -> None:
    with pytest.raises(ValidationError, match=r"must be <class 'str'>|text"):
        make()


def test_a_document_link_keeps_lists_as_tuples() -> None:
    link = DocumentLink("https://example.org/r.pdf", categories=["A01"], languages="en")
    assert link.categories == ("A01",)
    assert link.languages == ("en",)


# --- measures and units ---------------------------------------------------------------------------


@pytest.mark.parametrize("measure", list(Measure))
def test_measures_are_given_by_name(measure: Measure) -> None:
    unit = None if measure is Measure.QUALITATIVE else "%"
    assert Indicator("i", "n", measure=measure.value, unit=unit).measure is measure


def test_an_unknown_measure_lists_the_measures_there_are() -> None:
    with pytest.raises(ValueError, match="unknown measure 'percentage'") as info:
        Indicator("i", "n", measure="percentage")
    for measure in Measure:
        assert measure.value in str(info.value)


def test_an_unknown_direction_lists_the_directions_there_are() -> None:
    assert Indicator("i", "n", direction="decrease").direction is Direction.DECREASE
    with pytest.raises(ValueError, match="increase, decrease"):
        Indicator("i", "n", direction="up")


def test_a_share_is_in_percent() -> None:
    assert share().unit == parse_unit("percent")
    assert share(unit="dimensionless").unit == parse_unit("dimensionless")


@pytest.mark.parametrize("unit", [None, "country", "case"])
def test_a_share_needs_a_dimensionless_unit(unit: str | None) -> None:
    with pytest.raises(UnitError, match=r"'T1\.a' is a share"):
        share(unit=unit)


def test_only_a_share_has_a_universe() -> None:
    with pytest.raises(ValueError, match="only a share has a universe"):
        count(universe=Universe("case"))


def test_a_qualitative_indicator_has_no_unit() -> None:
    assert Indicator("T5.f", "Public consultations", measure="qualitative").unit is None
    with pytest.raises(UnitError, match=r"'T5\.f' is qualitative"):
        Indicator("T5.f", "Public consultations", measure="qualitative", unit="%")


def test_a_qualitative_indicator_keeps_its_target_as_text_not_a_number() -> None:
    kept = Indicator(
        "T5.f",
        "Public consultations",
        measure=Measure.QUALITATIVE,
        targets=(Target(text="consultations held yearly"),),
    )
    assert kept.targets[0].text == "consultations held yearly"
    assert kept.targets[0].value is None
    with pytest.raises(UnitError, match=r"'T5\.f' is qualitative"):
        Indicator("T5.f", "n", measure=Measure.QUALITATIVE, targets=(Target(3),))


@pytest.mark.parametrize(
    ("raw", "magnitude"), [(90, 90), (0.9, 0.9), ("90", 90), ("90 %", 90), ("90%", 90)]
)
def test_bare_numbers_are_read_in_the_indicators_unit(raw: Any, magnitude: float) -> None:
    indicator = share(targets=(Target(raw, due="2020-12-31"),))
    value = indicator.targets[0].value
    assert value == percent(magnitude)
    assert isinstance(value, Quantity)
    assert value.units == parse_unit("percent")


def test_bare_numbers_in_baselines_and_reporting_periods_are_read_in_the_unit() -> None:
    indicator = count(
        baselines=(Baseline(12, period="2015"),),
        periods=(ReportingPeriod("2018", targets=(Target(20),), actuals=(Actual(17),)),),
    )
    case = parse_unit("case")
    assert indicator.baselines[0].value == registry().Quantity(12, case)
    assert indicator.periods[0].targets[0].value == registry().Quantity(20, case)
    assert indicator.periods[0].actuals[0].value == registry().Quantity(17, case)


def test_a_quantity_in_a_compatible_unit_is_kept_as_given() -> None:
    half = parse_quantity("0.5")
    indicator = share(targets=(Target(half),))
    assert indicator.targets[0].value is half
    assert indicator.targets[0].value == percent(50)


def test_an_indicator_with_no_unit_reads_bare_numbers_as_plain_numbers() -> None:
    indicator = Indicator("i", "n", targets=(Target(3),))
    assert indicator.targets[0].value == registry().Quantity(3, "dimensionless")


FIT_CASES: list[tuple[str, Callable[[Any], Indicator], str]] = [
    ("target 1", lambda v: share(targets=(Target(v),)), "percent"),
    ("baseline 1", lambda v: share(baselines=(Baseline(v),)), "percent"),
    (
        "period 2018 target",
        lambda v: share(periods=(ReportingPeriod("2018", targets=(Target(v),)),)),
        "percent",
    ),
    (
        "period 2018 actual",
        lambda v: share(periods=(ReportingPeriod("2018", actuals=(Actual(v),)),)),
        "percent",
    ),
]


@pytest.mark.parametrize(("where", "make", "unit"), FIT_CASES)
def test_values_that_do_not_fit_the_unit_are_refused_naming_indicator_and_units(
    where: str, make: Callable[[Any], Indicator], unit: str
) -> None:
    with pytest.raises(UnitError) as info:
        make("12 cases")
    message = str(info.value)
    assert "'T1.a'" in message
    assert where in message
    assert "'case'" in message
    assert f"'{unit}'" in message


def test_a_count_refuses_a_value_in_another_counting_unit() -> None:
    with pytest.raises(UnitError, match=r"'T1\.s1'.*'country'.*'case'"):
        count(targets=(Target("3 countries"),))


def test_a_pending_value_must_fit_the_unit_too() -> None:
    assert share(targets=(Target("XX%"),)).targets[0].is_pending
    with pytest.raises(UnitError, match=r"'T1\.s1'.*'percent'.*'case'"):
        count(targets=(Target("XX%"),))
    with pytest.raises(UnitError, match=r"'T1\.s1'.*'country'.*'case'"):
        count(targets=(Target(Pending("TBD", "country")),))


@pytest.mark.parametrize("raw", [math.nan, math.inf, -math.inf, "nan", "inf", True])
def test_values_must_be_finite_numbers(raw: Any) -> None:
    with pytest.raises(UnitError):
        Target(raw)


def test_unreadable_value_text_is_refused() -> None:
    with pytest.raises(UnitError):
        Target("ninety percent")


# --- targets, baselines, parameters ---------------------------------------------------------------


def test_targets_are_in_the_order_of_their_due_dates() -> None:
    with pytest.raises(ValueError, match="order of their due dates"):
        share(targets=(Target(60, due="2020-12-31"), Target(50, due="2018-12-31")))


def test_milestones_and_the_final_target() -> None:
    indicator = share(
        targets=(
            Target(50, due="2018-12-31"),
            Target(70, due="2019-12-31"),
            Target(90, due="2020-12-31"),
        )
    )
    assert indicator.target is indicator.targets[-1]
    assert indicator.target.value == percent(90)
    assert indicator.target.due == date(2020, 12, 31)
    assert not indicator.is_monitoring


def test_targets_on_the_same_date_for_different_groups_are_allowed() -> None:
    female = Target(60, due="2020-12-31", dimensions=(Dimension("sex", "female"),))
    male = Target(55, due="2020-12-31", dimensions=(Dimension("sex", "male"),))
    assert share(targets=(female, male)).targets[1].dimensions == (Dimension("sex", "male"),)


def test_an_indicator_with_no_target_is_a_monitoring_indicator() -> None:
    indicator = count()
    assert indicator.is_monitoring
    assert indicator.target is None


def test_the_baseline_is_the_first_one_for_the_whole_indicator() -> None:
    by_sex = Baseline(10, dimensions=(Dimension("sex", "female"),))
    whole = Baseline(12, period="2015")
    indicator = count(baselines=(by_sex, whole))
    assert indicator.baseline is not None
    assert indicator.baseline.value == registry().Quantity(12, "case")
    assert count().baseline is None
    assert count(baselines=(by_sex,)).baseline is None


def test_a_target_due_date_is_read_from_text() -> None:
    assert Target(90, due="2020-12-31").due == date(2020, 12, 31)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        Target(90, due="31/12/2020")


def test_a_target_can_be_pending() -> None:
    target = Target("XX%", due="2020-12-31")
    assert target.is_pending
    assert target.value == Pending("XX%", "%")
    assert not Target(90).is_pending


def test_a_target_keeps_the_published_text() -> None:
    target = Target(8.9, text="8.90")
    assert target.text == "8.90"


def test_parameters() -> None:
    threshold = Parameter("threshold", "share of judges with increased skills", "%")
    assert threshold.value == Pending("%", "%")
    filled = Parameter("threshold", "share of judges with increased skills", "60 %")
    assert filled.value == percent(60)
    indicator = share(parameters=(threshold,))
    assert indicator.parameters == (threshold,)


def test_parameter_ids_are_unique_within_an_indicator() -> None:
    a = Parameter("threshold", "a", "60 %")
    b = Parameter("threshold", "b", "70 %")
    with pytest.raises(ValueError, match="parameter twice"):
        share(parameters=(a, b))


def test_indicator_ids_are_unique_within_a_result() -> None:
    with pytest.raises(ValueError, match=r"\['T1.a'\] more than once"):
        Result("T1", "target", "Target 1", indicators=(share(), share(name="other")))


# --- weights --------------------------------------------------------------------------------------


@pytest.mark.parametrize("weight", [0, -1, -0.5, math.inf, math.nan, True, "2", None])
def test_weights_are_positive_finite_numbers(weight: Any) -> None:
    with pytest.raises(ValueError, match="weight must be a positive finite number"):
        Link("O1", "impact", weight=weight)
    with pytest.raises(ValueError, match="weight must be a positive finite number"):
        share(weight=weight)


@pytest.mark.parametrize("weight", [1, 0.25, 3, 1e-9, 1e9])
def test_positive_weights_are_kept(weight: float) -> None:
    assert Link("O1", "impact", weight=weight).weight == weight
    assert share(weight=weight).weight == weight


def test_the_default_weight_is_one() -> None:
    assert Link("O1", "impact").weight == 1
    assert share().weight == 1


# --- collections ----------------------------------------------------------------------------------


def test_sequences_are_stored_as_tuples() -> None:
    result = Result(
        "T1",
        "target",
        "Target 1",
        indicators=[share()],
        themes=["legal"],
        comments=[Comment("a remark")],
    )
    assert result.indicators == (share(),)
    assert result.themes == ("legal",)
    assert result.comments == (Comment("a remark"),)


def test_a_single_theme_or_definition_given_as_text_is_one_id() -> None:
    result = Result("O1", "outcome", "s", themes="legal", definitions="fn2")
    assert result.themes == ("legal",)
    assert result.definitions == ("fn2",)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Result("r", "impact", "s", indicators=("T1.a",)),
        lambda: Result("r", "impact", "s", comments=("a remark",)),
        lambda: share(targets=(90,)),
        lambda: share(baselines=(Target(3),)),
        lambda: share(parameters=(Pending("%"),)),
    ],
)
def test_sequences_hold_objects_of_their_kind(make: Callable[[], object]) -> None:
    with pytest.raises(ValidationError, match="objects, got"):
        make()


# --- frozen, hashable, evolve ---------------------------------------------------------------------


def full_indicator() -> Indicator:
    return share(
        baselines=(Baseline(40, period="2015"),),
        targets=(Target(90, due="2020-12-31"),),
        parameters=(Parameter("threshold", "a threshold", "%"),),
        comments=(Comment("a remark", author="A Reviewer"),),
        definitions=("fn3",),
    )


FROZEN: list[Callable[[], Any]] = [
    full_indicator,
    lambda: Result("T1", "target", "Target 1", indicators=(full_indicator(),), themes=("legal",)),
    lambda: Link("T1", "O1", weight=2),
    lambda: Target(90, due="2020-12-31"),
    lambda: Baseline("TBD", period="2015"),
    lambda: Actual(3, text="3"),
    lambda: ReportingPeriod("2018", targets=(Target(3),)),
    lambda: Parameter("threshold", "a threshold", "%"),
    lambda: Comment("a remark", author="A Reviewer"),
    lambda: Reference(title="A title", organisation="An organisation"),
    lambda: Definition("fn1", "a definition", term="a term"),
    lambda: Theme("legal", "legal measures"),
    lambda: HistoryEvent("2015-10", "Launch"),
    lambda: Universe("country", "UN member states", 193),
    lambda: Dimension("sex", "female"),
    lambda: Location("KE"),
    lambda: Narrative("a title", lang="en"),
    lambda: DocumentLink("https://example.org", categories=("A01",)),
    lambda: Extension("iati-xml", "result", "<x/>"),
]


@pytest.mark.parametrize("make", FROZEN)
def test_domain_objects_are_frozen(make: Callable[[], Any]) -> None:
    obj = make()
    name = attrs.fields(type(obj))[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(obj, name, getattr(obj, name))


@pytest.mark.parametrize("make", FROZEN)
def test_domain_objects_are_hashable_values(make: Callable[[], object]) -> None:
    a, b = make(), make()
    assert a is not b
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_evolve_revalidates_an_indicator() -> None:
    indicator = full_indicator()
    with pytest.raises(UnitError, match=r"'T1\.a'.*'percent'.*'case'"):
        attrs.evolve(indicator, measure=Measure.QUANTITY, unit="case", universe=None)
    with pytest.raises(ValueError, match="id must be"):
        attrs.evolve(indicator, id="T1 a")
    with pytest.raises(ValueError, match="weight"):
        attrs.evolve(indicator, weight=0)
    with pytest.raises(ValueError, match="order of their due dates"):
        attrs.evolve(
            indicator,
            targets=(Target(95, due="2021-12-31"), *indicator.targets),
        )


def test_evolve_reads_bare_numbers_in_the_unit() -> None:
    changed = attrs.evolve(full_indicator(), targets=(Target(75, due="2020-12-31"),))
    assert changed.targets[0].value == percent(75)


def test_evolve_gives_a_new_object_and_leaves_the_old_one() -> None:
    indicator = full_indicator()
    changed = attrs.evolve(indicator, name="a better name")
    assert changed.name == "a better name"
    assert indicator.name == "countries with legislation"
    assert changed != indicator


def test_evolve_revalidates_results_and_links() -> None:
    result = Result("T1", "target", "Target 1")
    with pytest.raises(ValueError, match="statement"):
        attrs.evolve(result, statement=" ")
    with pytest.raises(ValueError, match="weight"):
        attrs.evolve(Link("T1", "O1"), weight=-2)
    with pytest.raises(ValueError, match="more than once"):
        attrs.evolve(result, indicators=(share(), share()))


def test_short_reprs() -> None:
    assert repr(share(targets=(Target(90),))) == "<Indicator T1.a [percent] → 90 percent>"
    assert repr(share(targets=(Target("XX%"),))) == "<Indicator T1.a [percent] → pending 'XX%'>"
    assert repr(count()) == "<Indicator T1.s1 [case]>"
    result = Result("T1", "target", "Target 1", indicators=(share(), count()))
    assert repr(result) == "<Result T1 (target): 2 indicators>"
