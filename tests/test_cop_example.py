"""The built-in COP framework is exactly what cop-framework.md fixes, in the seed document's words.

Expected values are written out here from cop-framework.md, or read from the seed text in
tests/data (the ITU document itself), never from the framework under test.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest

import resultsframe
from resultsframe import Framework, Indicator, UnknownIdError
from resultsframe.model import Measure
from resultsframe.units import parse_unit, registry

SEED = Path(__file__).parent / "data" / "cop-global-targets-2015-2020.txt"
AUTHOR = "Dimosthenis Chrysikos"
DUE = date(2020, 12, 31)


def fold(text: str) -> str:
    """White space as the comparison ignores it: every run of it is one space."""
    return " ".join(text.split())


@cache
def seed_raw() -> str:
    return SEED.read_text(encoding="utf-8")


@cache
def seed() -> str:
    return fold(seed_raw())


@cache
def seed_without_markers() -> str:
    return fold(re.sub(r"\[\d+\]", "", seed_raw()))


def in_seed(text: str) -> bool:
    return fold(text) in seed() or fold(text) in seed_without_markers()


def seed_lines(after: str, before: str | None = None) -> list[str]:
    """The non-blank lines of the seed between two headings (or to its end)."""
    raw = seed_raw()
    start = raw.index(after) + len(after)
    end = len(raw) if before is None else raw.index(before, start)
    return [line.strip() for line in raw[start:end].splitlines() if line.strip()]


def cop() -> Framework:
    return resultsframe.examples.load("cop")


# --- structure, from cop-framework.md -------------------------------------------------------------

OUTPUTS = {
    "T1": ["P1.1", "P1.2"],
    "T2": ["P2.1", "P2.2", "P2.3", "P2.4", "P2.5", "P2.6"],
    "T3": ["P3.1", "P3.2", "P3.3", "P3.4"],
    "T4": ["P4.1"],
    "T5": ["P5.1", "P5.2", "P5.3", "P5.4"],
}
LEVELS = {
    "impact": "impact",
    **{f"O{n}": "outcome" for n in range(1, 6)},
    **{f"T{n}": "target" for n in range(1, 6)},
    **{output: "output" for outputs in OUTPUTS.values() for output in outputs},
}
LINKS = {
    *((f"O{n}", "impact") for n in range(1, 6)),
    *((f"T{n}", f"O{n}") for n in range(1, 6)),
    *((output, target) for target, outputs in OUTPUTS.items() for output in outputs),
}
THEMES = [
    "legal measures",
    "technical and procedural measures",
    "organizational structures",
    "capacity building",
    "international cooperation",
]

# (id, how the statement starts, how it ends) from cop-framework.md; "" where it does not say.
STATEMENTS = [
    (
        "impact",
        "Children’s right to protection from online crime and exploitation is ensured and children are empowered",
        "",
    ),
    (
        "O1",
        "Countries have in place and enforce effective legislative frameworks online",
        "redress to victims.",
    ),
    (
        "O2",
        "Countries have in place effective mechanisms to report and remove online illegal content",
        "",
    ),
    ("O3", "Countries have in place national infrastructure (bodies)", "child-friendly manner"),
    (
        "O4",
        "Countries take protective measures to mitigate risks and prevent online offences",
        "offences",
    ),
    (
        "O5",
        "Mechanisms to facilitate international cooperation on child online protection are strengthened",
        "strengthened",
    ),
    ("T1", "Target 1", "Target 1"),
    ("T2", "Target 2", "Target 2"),
    ("T3", "Target 3", "Target 3"),
    ("T4", "Target 4", "Target 4"),
    ("T5", "Target 5", "Target 5"),
    (
        "P1.1",
        "Identify the need to protect children from online crimes during the process of legislative amendment.",
        "amendment.",
    ),
    (
        "P1.2",
        "Nations signs relevant regional or international instruments on cybercrime and allocate resources according to the national priorities.",
        "priorities.",
    ),
    ("P2.1", "Hotlines established for reporting and removal of child sexual abuse materials", ""),
    ("P2.2", "Cooperation established between government authorities and ICT industry", ""),
    ("P2.3", "Reported cases of child sexual abuse that result in removal of materials", ""),
    ("P2.4", "Policies and codes of conduct", ""),
    ("P2.5", "Existence of country appropriate technical solutions", "victims"),
    ("P2.6", "Reporting mechanisms (helplines/online reporting mechanism, Apps)", ""),
    ("P3.1", "Child victims receive support services", ""),
    ("P3.2", "Improved coordination of services", ""),
    ("P3.3", "Services are available and providers have increased capacity", ""),
    ("P3.4", "Adoption of specific policies", ""),
    (
        "P4.1",
        "Improved knowledge and skills to mitigate risks",
        "by children, caregivers, teachers, and parents",
    ),
    ("P5.1", "Expert reports and original research", ""),
    ("P5.2", "Feasibility and technical studies", ""),
    ("P5.3", "Existence of data on children’s use of ICTs", ""),
    ("P5.4", "Key stakeholders at global, regional and country level are convened", ""),
]

# id → (result, measure, unit, universe unit, target): None for no target, a text for pending.
INDICATORS: dict[str, tuple[str, Measure, str | None, str | None, float | str | None]] = {
    "impact.a": ("impact", Measure.SHARE, "percent", "child", 80),
    "T1.a": ("T1", Measure.SHARE, "percent", "country", 90),
    "T1.s1": ("T1", Measure.QUANTITY, "case", None, None),
    "T1.s2": ("T1", Measure.SHARE, "percent", "investigation", None),
    "T1.s3": ("T1", Measure.SHARE, "percent", "case", None),
    "T2.a": ("T2", Measure.SHARE, "percent", "country", 70),
    "T3.a": ("T3", Measure.SHARE, "percent", "country", "XX%"),
    "T3.b": ("T3", Measure.SHARE, "percent", "country", "XX%"),
    "T3.c": ("T3", Measure.SHARE, "percent", "country", "XX%"),
    "T3.d": ("T3", Measure.SHARE, "percent", "service", "XX%"),
    "T4.a": ("T4", Measure.SHARE, "percent", "country", "XX%"),
    "T4.b": ("T4", Measure.SHARE, "percent", "person", "XX%"),
    "T5.a": ("T5", Measure.SHARE, "percent", "country", "XX%"),
    "T5.b": ("T5", Measure.SHARE, "percent", "dialogue", "XX%"),
    "T5.c": ("T5", Measure.SHARE, "percent", "guidance", "XX%"),
    "T5.d": ("T5", Measure.SHARE, "percent", "statistical_framework", "%"),
    "T5.e": ("T5", Measure.SHARE, "percent", "practice", "XX%"),
    "T5.f": ("T5", Measure.QUALITATIVE, None, None, None),
    "T5.g": ("T5", Measure.SHARE, "percent", "country", "X%"),
}
# "as fits" in cop-framework.md: only where they are and that they have no target.
AS_FITS = {"T2.s1", "T2.s2", "T2.s3"}
# resultsframe's own indicators, not in the 2015 document: three output indicators that carry
# the demo data, and the per-country child population that impact.a is weighted by.
ADDITIONS = {"P1.2.a": "P1.2", "P1.2.b": "P1.2", "P2.6.a": "P2.6", "impact.w": "impact"}


def test_examples_names_and_load() -> None:
    assert resultsframe.examples.names() == ["cop"]
    fw = resultsframe.examples.load("cop")
    assert isinstance(fw, Framework)
    assert resultsframe.examples.load("cop") is fw


def test_an_unknown_example_is_named_with_the_examples_there_are() -> None:
    with pytest.raises(UnknownIdError, match="'cip'") as info:
        resultsframe.examples.load("cip")
    assert "cop" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_metadata() -> None:
    fw = cop()
    assert fw.id == "cop-2015"
    assert fw.title == "Global Targets on Child Online Protection: Results Framework"
    assert (fw.start, fw.end) == (date(2015, 1, 1), date(2020, 12, 31))
    assert fw.implementers == ("COP Partners",)
    assert fw.levels.levels == ("impact", "outcome", "target", "output")
    assert repr(fw) == "<Framework cop-2015: 28 results, 27 links>"


def test_the_results_and_their_levels() -> None:
    fw = cop()
    assert len(fw) == 28
    assert {r.id: r.level for r in fw} == LEVELS


def test_the_27_links() -> None:
    fw = cop()
    assert len(fw.links) == 27
    assert {(link.child, link.parent) for link in fw.links} == LINKS
    assert set(fw.graph.edges) == LINKS
    assert all(link.weight == 1 for link in fw.links)
    assert fw.roots() == ("impact",)


@pytest.mark.parametrize(("result_id", "start", "end"), STATEMENTS)
def test_statements_as_cop_framework_md_fixes_them(result_id: str, start: str, end: str) -> None:
    statement = fold(cop().results[result_id].statement)
    assert statement.startswith(start)
    assert statement.endswith(end)


def test_every_result_has_its_statement_listed_above() -> None:
    assert [r.id for r in cop()] == [result_id for result_id, _, _ in STATEMENTS]


@pytest.mark.parametrize("result_id", list(LEVELS))
def test_every_statement_is_verbatim_from_the_seed(result_id: str) -> None:
    statement = cop().results[result_id].statement
    assert in_seed(statement), statement


def test_review_comments_are_not_part_of_statements() -> None:
    for r in cop():
        assert "Comment by" not in r.statement
        assert "This belongs to prevention" not in r.statement


def test_the_two_review_comments_with_their_author() -> None:
    fw = cop()
    commented = {r.id: r.comments for r in fw if r.comments}
    assert set(commented) == {"O1", "P1.2"}
    (on_o1,) = commented["O1"]
    (on_p12,) = commented["P1.2"]
    assert on_o1.text == "This belongs to prevention (target 4/pillar4)"
    assert "international convention against cybercrime is controversial" in on_p12.text
    assert "UNODC Cybercrime Study" in on_p12.text
    for comment in (on_o1, on_p12):
        assert comment.author == AUTHOR
        assert fold(f"Comment by {AUTHOR}: {comment.text}") in seed()
    assert all(not i.comments for i in fw.indicators.values())


def test_themes_are_the_five_pillars() -> None:
    fw = cop()
    assert [t.name for t in fw.themes] == THEMES
    name = {t.id: t.name for t in fw.themes}
    assert [name[t] for t in fw.results["impact"].themes] == THEMES
    for n in range(1, 6):
        assert [name[t] for t in fw.results[f"O{n}"].themes] == [THEMES[n - 1]]
        assert [name[t] for t in fw.results[f"T{n}"].themes] == [THEMES[n - 1]]
    for outputs in OUTPUTS.values():
        for output in outputs:
            assert fw.results[output].themes == ()


# --- indicators -----------------------------------------------------------------------------------


def test_the_indicators_and_where_they_are() -> None:
    fw = cop()
    expected = {i: spec[0] for i, spec in INDICATORS.items()}
    expected |= dict.fromkeys(AS_FITS, "T2") | ADDITIONS
    assert {i: fw.result_of(i).id for i in fw.indicators} == expected


@pytest.mark.parametrize("indicator_id", list(INDICATORS))
def test_unit_measure_universe_and_target(indicator_id: str) -> None:
    _, measure, unit, universe, target = INDICATORS[indicator_id]
    indicator = cop().indicators[indicator_id]
    assert indicator.measure is measure
    assert indicator.unit == (None if unit is None else parse_unit(unit))
    if universe is None:
        assert indicator.universe is None
    else:
        assert indicator.universe is not None
        assert indicator.universe.unit == parse_unit(universe)
    if target is None:
        assert indicator.targets == ()
        assert indicator.is_monitoring
        return
    (final,) = indicator.targets
    assert final.due == DUE
    if isinstance(target, str):
        assert final.is_pending
        assert final.value == resultsframe.Pending(target, "percent")
    else:
        assert final.value == registry().Quantity(target, parse_unit("percent"))


def test_the_pending_threshold_of_t3b() -> None:
    (threshold,) = cop().indicators["T3.b"].parameters
    assert threshold.value == resultsframe.Pending("%", "percent")
    assert "countries with at least % of judges" in cop().indicators["T3.b"].name


def test_only_t3b_has_a_parameter() -> None:
    assert [i.id for i in cop().indicators.values() if i.parameters] == ["T3.b"]


def test_the_as_fits_indicators_have_no_target() -> None:
    for indicator_id in AS_FITS:
        assert cop().indicators[indicator_id].is_monitoring


def test_resultsframes_additions_say_so_and_have_no_target() -> None:
    for indicator_id in ADDITIONS:
        indicator = cop().indicators[indicator_id]
        assert indicator.is_monitoring
        assert indicator.description is not None
        assert "Added by resultsframe" in indicator.description


def test_headline_targets() -> None:
    fw = cop()

    def final(indicator: Indicator) -> object:
        assert indicator.target is not None
        return indicator.target.value

    percent = parse_unit("percent")
    assert final(fw.indicators["T1.a"]) == registry().Quantity(90, percent)
    assert final(fw.indicators["T2.a"]) == registry().Quantity(70, percent)
    assert final(fw.indicators["impact.a"]) == registry().Quantity(80, percent)
    assert fw.indicators["T1.a"].universe.unit == parse_unit("countries")  # type: ignore[union-attr]
    assert fw.indicators["impact.a"].universe.unit == parse_unit("children")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "indicator_id", [i for i in (*INDICATORS, *sorted(AS_FITS)) if i not in ADDITIONS]
)
def test_indicator_names_of_the_seed_are_verbatim(indicator_id: str) -> None:
    name = cop().indicators[indicator_id].name
    assert in_seed(name), name


def test_every_indicator_name_but_the_additions_is_in_the_seed() -> None:
    outside = {i.id for i in cop().indicators.values() if not in_seed(i.name)}
    assert outside == set(ADDITIONS)


# --- definitions, references, aims, history -------------------------------------------------------


def seed_footnotes() -> list[str]:
    lines = seed_lines(after="OUTPUTS:", before="List of Resources and References")
    notes = [
        re.sub(r"^\d\. (?:\[bookmark: \w+\])?", "", line)
        for line in lines
        if re.match(r"^\d\. ", line)
    ]
    return [fold(note) for note in notes]


def test_the_three_footnote_definitions_are_attached_to_what_they_explain() -> None:
    fw = cop()
    footnotes = seed_footnotes()
    assert len(footnotes) == 3
    assert [fold(d.text) for d in fw.definitions] == footnotes
    holders: dict[str, list[str]] = {d.id: [] for d in fw.definitions}
    for r in fw:
        for d in r.definitions:
            holders[d].append(r.id)
        for i in r.indicators:
            for d in i.definitions:
                holders[d].append(i.id)
    # Footnote 1 explains "a basic level of online protection" (impact.a), footnote 2 "online
    # illegal content" (O2), footnote 3 "countries with legislative measurements" (T1.a).
    assert [holders[d.id] for d in fw.definitions] == [["impact.a"], ["O2"], ["T1.a"]]


def seed_references() -> list[tuple[str, str, str]]:
    lines = seed_lines(after="List of Resources and References:")
    headings, summaries = lines[0::2], lines[1::2]
    out = []
    for heading, summary in zip(headings, summaries, strict=True):
        organisation, _, title = heading.partition(": ")
        out.append((organisation, fold(title), fold(summary)))
    return out


def test_the_seven_references_with_their_organisations() -> None:
    expected = seed_references()
    assert len(expected) == 7
    found = [(r.organisation, fold(r.title or ""), fold(r.summary or "")) for r in cop().references]
    assert found == expected


def test_the_six_aims() -> None:
    lines = seed_lines(after="The Global targets aims to:", before="Scope")
    expected = [fold(re.sub(r"^\d\.\s*", "", line)) for line in lines]
    assert len(expected) == 6
    assert [fold(aim) for aim in cop().aims] == expected


HISTORY = [
    ("2014-05", date(2014, 5, 1), date(2014, 5, 31), "May 2014"),
    ("2014-05/2014-12", date(2014, 5, 1), date(2014, 12, 31), "May 2014-December 2014"),
    ("2015-02", date(2015, 2, 1), date(2015, 2, 28), "February 2015"),
    ("2015-06", date(2015, 6, 1), date(2015, 6, 30), "June 2015"),
    ("2015-08", date(2015, 8, 1), date(2015, 8, 31), "August 2015"),
    ("2015-09", date(2015, 9, 1), date(2015, 9, 30), "September 2015"),
    ("2015-10", date(2015, 10, 1), date(2015, 10, 31), "October 2015"),
]


def test_the_seven_history_events() -> None:
    steps = [
        line
        for line in seed_lines(after="Process", before="RESULTS FRAMEWORK")
        if line.startswith("·")
    ]
    events = cop().history
    assert len(steps) == len(events) == len(HISTORY) == 7
    for event, step, (text, start, end, when) in zip(events, steps, HISTORY, strict=True):
        assert str(event.period) == text
        assert (event.period.start, event.period.end) == (start, end)
        assert step.startswith(f"· {when}")
        assert fold(event.text) in fold(step)


def test_the_description_and_the_scope_note_are_the_seeds() -> None:
    fw = cop()
    assert fw.description is not None
    assert in_seed(fw.description)
    assert any(
        "specific targets only related to legislation and reporting mechanisms" in note
        for note in fw.notes
    )
    assert in_seed(fw.notes[0])
