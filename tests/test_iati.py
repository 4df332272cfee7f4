"""Reading IATI results into frameworks: the mapping, values as published, progress."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import jsonschema
import pytest

import resultsframe
from resultsframe import document, iati
from resultsframe.model import Comment, Dimension, Direction, Location, Measure, Narrative
from resultsframe.observations import Observations
from resultsframe.progress import Status
from resultsframe.units import Quantity, parse_unit
from resultsframe.values import Pending

DATA = Path(__file__).parent / "data" / "iati"
EXAMPLE = DATA / "iati-2.03-activity-standard-example-annotated.xml"
WORLDBANK = DATA / "worldbank-44000-P175662.xml"
UNDP = DATA / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
UNICEF = DATA / "unicef-sierraleone-placeholders-2.02.xml"
FILES = sorted(DATA.glob("*.xml"))


def activity(results: str, version: str = "2.03", extra: str = "") -> bytes:
    """A small IATI file with one activity holding ``results``."""
    return (
        f'<iati-activities version="{version}"><iati-activity {extra}>'
        "<iati-identifier>XX-1-A</iati-identifier>"
        '<reporting-org ref="XX-1" type="40"><narrative>Org</narrative></reporting-org>'
        "<title><narrative>Activity</narrative></title>"
        '<activity-date iso-date="2016-01-01" type="2"/>'
        '<activity-date iso-date="2019-12-31" type="3"/>'
        f"{results}</iati-activity></iati-activities>"
    ).encode()


def indicator(body: str, measure: str = "1", attributes: str = "") -> bytes:
    return activity(
        f'<result type="2"><title><narrative>R</narrative></title>'
        f'<indicator measure="{measure}" {attributes}><title><narrative>I</narrative></title>'
        f"{body}</indicator></result>"
    )


def period(target: str | None, actual: str | None, start: str = "2016", end: str = "2017") -> str:
    values = ""
    if target is not None:
        values += f'<target value="{target}"/>'
    if actual is not None:
        values += f'<actual value="{actual}"/>'
    return (
        f'<period><period-start iso-date="{start}-01-01"/>'
        f'<period-end iso-date="{end}-12-31"/>{values}</period>'
    )


# --- the mapping ------------------------------------------------------------------------------


def test_every_file_reads_into_one_framework_per_activity_with_results() -> None:
    counts = {f.name: [len(fw) for fw in iati.read(f)] for f in FILES}
    assert counts == {
        "iati-2.03-activity-standard-example-annotated.xml": [1],
        "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml": [1],
        "unicef-sierraleone-placeholders-2.02.xml": [1],
        "worldbank-44000-P175662.xml": [14],
    }


def test_an_activity_without_results_gives_no_framework() -> None:
    data = activity("").replace(b"</iati-activities>", b"") + activity(
        '<result type="1"><title><narrative>R</narrative></title>'
        '<indicator measure="1"><title><narrative>I</narrative></title></indicator></result>'
    ).removeprefix(b'<iati-activities version="2.03">')
    frameworks = iati.read(data)
    assert [len(fw) for fw in frameworks] == [1]


def test_result_types_map_to_the_iati_levels() -> None:
    results = "".join(
        f'<result type="{code}"><title><narrative>R{code}</narrative></title>'
        '<indicator measure="1"><title><narrative>I</narrative></title></indicator></result>'
        for code in ("1", "2", "3", "9", "7")
    )
    fw = iati.read(activity(results))[0]
    assert fw.levels.name == "iati"
    assert [r.level for r in fw] == ["output", "outcome", "impact", "other", "other"]
    assert [r.statement for r in fw] == ["R1", "R2", "R3", "R9", "R7"]


def test_measure_codes_map_to_measures_and_percent_is_the_unit_of_a_percentage() -> None:
    results = "".join(
        f'<result type="1"><title><narrative>R</narrative></title><indicator measure="{code}">'
        "<title><narrative>I</narrative></title></indicator></result>"
        for code in ("1", "2", "3", "4", "5")
    )
    fw = iati.read(activity(results))[0]
    indicators = [r.indicators[0] for r in fw]
    assert [i.measure for i in indicators] == [
        Measure.QUANTITY,
        Measure.SHARE,
        Measure.QUALITATIVE,  # nominal: categories, not amounts
        Measure.ORDINAL,
        Measure.QUALITATIVE,
    ]
    assert indicators[1].unit == parse_unit("percent")
    assert [i.unit for i in indicators if i.measure is not Measure.SHARE] == [None] * 4


def test_ascending_0_is_a_decreasing_indicator_as_published() -> None:
    fw = iati.read(UNDP)[0]
    assert {i.direction for i in fw.indicators.values()} == {Direction.DECREASE}
    example = iati.read(EXAMPLE)[0]
    assert example.indicators["r1.1"].direction is Direction.INCREASE


def test_activity_identity_title_and_time_frame() -> None:
    fw = iati.read(UNDP)[0]
    assert fw.id == "XM-DAC-41114-PROJECT-00094465"
    assert fw.title == "Soutien Psychosocial et Socio-Economique Suivants Ebola"
    assert (fw.start, fw.end) == (date(2016, 1, 1), date(2019, 3, 31))
    unicef = iati.read(UNICEF)[0]
    assert unicef.id == "XM-DAC-41122-Sierra_Leone-3900/A0/06/001/013"  # no spaces in an id


# --- values as published ----------------------------------------------------------------------


def test_values_keep_the_published_text_next_to_the_number() -> None:
    fw = iati.read(WORLDBANK)[0]
    share = fw.indicators["r9.1"]
    assert share.measure is Measure.SHARE
    assert share.baselines[0].text == "8.90"
    assert share.baselines[0].value == Quantity(8.9, "percent")
    assert share.periods[0].targets[0].text == "12.00"
    assert share.target is not None
    assert share.target.value == Quantity(12, "percent")
    assert share.target.due == date(2025, 12, 31)


def test_qualitative_text_in_a_value_is_kept_as_text_not_read() -> None:
    fw = iati.read(WORLDBANK)[0]
    qualitative = fw.indicators["r1.1"]
    assert qualitative.measure is Measure.QUALITATIVE
    assert qualitative.baselines[0].value is None
    assert qualitative.baselines[0].text == "$0 savings in compliance costs"
    assert qualitative.periods[0].actuals[0].text == "As at Apprasial"


@pytest.mark.parametrize("text", ["50,000", "12254,1", "N/A", "1e5", "12 %", "", "  "])
def test_a_value_that_is_not_a_decimal_is_not_read_and_its_text_is_kept(text: str) -> None:
    fw = iati.read(indicator(period(text, text)))[0]
    target = fw.indicators["r1.1"].periods[0].targets[0]
    assert target.value is None
    assert target.text == text


@pytest.mark.parametrize(
    ("text", "magnitude"),
    [("8.90", 8.9), ("10", 10), ("-3", -3), (".5", 0.5), (" 7 ", 7), ("0.00", 0.0)],
)
def test_a_decimal_is_read_exactly(text: str, magnitude: float) -> None:
    fw = iati.read(indicator(period(text, None)))[0]
    target = fw.indicators["r1.1"].periods[0].targets[0]
    assert target.value == Quantity(magnitude, "")
    assert target.text == text


def test_a_decimal_comma_is_never_read_as_another_number() -> None:
    fw = iati.read(indicator(period("12254,1", "12254,1"), measure="2"))[0]
    actual = fw.indicators["r1.1"].periods[0].actuals[0]
    assert actual.value is None  # neither 122541 nor 12254.1
    assert actual.text == "12254,1"


def test_a_text_that_stands_for_a_value_not_known_yet_is_pending() -> None:
    fw = iati.read(indicator(period("TBD", None), measure="2"))[0]
    target = fw.indicators["r1.1"].target
    assert target is not None
    assert target.value == Pending("TBD", "percent")
    assert fw.pending()[0].key == "r1.1"


# --- everything under <result> ----------------------------------------------------------------


def test_the_official_example_keeps_every_result_child() -> None:
    fw = iati.read(EXAMPLE)[0]
    result = fw.results["r1"]
    assert result.aggregation_status is True
    assert result.description == "Result description text"
    assert [(r.vocabulary, r.code, r.vocabulary_uri) for r in result.references] == [
        ("99", "B1", "http://example.com/indicators.html")
    ]
    link = result.document_links[0]
    assert (link.url, link.format, link.title, link.categories, link.languages, link.date) == (
        "http:www.example.org/docs/result_en.odt",
        "application/vnd.oasis.opendocument.text",
        "Results Report 2013",
        ("A01",),
        ("en",),
        date(2014, 2, 5),
    )
    ind = fw.indicators["r1.1"]
    assert [(r.vocabulary, r.code, r.uri) for r in ind.references] == [
        ("1", "3429", None),
        ("7", "861", None),
        ("99", "B1", "http://example.com/indicators.html"),
    ]
    baseline = ind.baselines[0]
    assert (baseline.text, baseline.period and baseline.period.text) == ("10", "2012-01-01")
    assert baseline.locations == (Location("AF-KAN"), Location("KH-PNH"))
    assert baseline.dimensions == (Dimension("sex", "female"), Dimension("age", "adult"))
    assert baseline.comments == (Comment("Baseline comment text"),)
    assert baseline.document_links[0].title == "Results Baseline Report 2013"
    reporting = ind.periods[0]
    assert reporting.period.text == "2013-01-01/2013-03-31"
    assert reporting.targets[0].comments == (Comment("Target comment text"),)
    assert reporting.actuals[0].text == "11"
    assert reporting.actuals[0].document_links[0].title == "Results Period Actual Report 2013"


def test_narratives_keep_their_language_and_role() -> None:
    data = activity(
        '<result type="1"><title><narrative>Title</narrative>'
        '<narrative xml:lang="fr">Titre</narrative></title>'
        '<description><narrative xml:lang="es">Descripción</narrative></description>'
        '<indicator measure="1"><title><narrative> spaced </narrative></title></indicator></result>'
    )
    fw = iati.read(data)[0]
    assert fw.results["r1"].narratives == (
        Narrative("Title", None, "title"),
        Narrative("Titre", "fr", "title"),
        Narrative("Descripción", "es", "description"),
    )
    assert fw.indicators["r1.1"].narratives == (Narrative(" spaced ", None, "title"),)
    assert fw.indicators["r1.1"].name == "spaced"


def test_unknown_elements_and_attributes_are_kept_with_their_exact_xml() -> None:
    data = activity(
        '<result type="1" akvo:id="7" xmlns:akvo="http://akvo.org/iati-activities">'
        "<title><narrative>R</narrative></title>"
        '<indicator measure="1"><title><narrative>I</narrative></title>'
        '<akvo:note status="draft">kept <b>as is</b></akvo:note></indicator></result>'
    )
    fw = iati.read(data)[0]
    assert [(e.format, e.where, e.content) for e in fw.results["r1"].extensions] == [
        ("iati-xml", "result/@akvo:id", 'akvo:id="7" xmlns:akvo="http://akvo.org/iati-activities"')
    ]
    assert [(e.where, e.content) for e in fw.indicators["r1.1"].extensions] == [
        ("indicator/@ascending", ""),  # not published: written back without it
        (
            "indicator/*[2]",
            '<akvo:note xmlns:akvo="http://akvo.org/iati-activities" status="draft">'
            "kept <b>as is</b></akvo:note>",
        ),
    ]


def test_the_latest_period_target_is_the_indicators_target() -> None:
    body = period("5", "4", "2016", "2016") + period("9", None, "2017", "2017")
    fw = iati.read(indicator(body))[0]
    ind = fw.indicators["r1.1"]
    # issue 11: the earlier periods' targets are read back as milestones (this was 1 target)
    assert len(ind.targets) == 2
    assert (ind.targets[0].value, ind.targets[0].due) == (Quantity(5, ""), date(2016, 12, 31))
    assert ind.target is not None
    assert (ind.target.value, ind.target.due) == (Quantity(9, ""), date(2017, 12, 31))


def test_with_several_targets_the_whole_one_is_the_target() -> None:
    body = (
        '<period><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/>'
        '<target value="3"><dimension name="sex" value="female"/></target>'
        '<target value="7"/></period>'
    )
    fw = iati.read(indicator(body))[0]
    target = fw.indicators["r1.1"].target
    assert target is not None
    assert target.value == Quantity(7, "")


def test_json_documents_round_trip_for_every_file() -> None:
    for path in FILES:
        for fw in iati.read(path):
            assert document.loads(document.dumps(fw)) == fw


def test_imported_frameworks_are_valid_documents_of_the_json_schema() -> None:
    validator = jsonschema.Draft202012Validator(document.schema())
    for path in FILES:
        for fw in iati.read(path):
            assert list(validator.iter_errors(document.to_dict(fw))) == []


def test_read_from_bytes_and_from_a_path_agree() -> None:
    assert iati.read(WORLDBANK.read_bytes()) == iati.read(WORLDBANK)
    assert list(iati.read_iter(str(WORLDBANK))) == iati.read(WORLDBANK)


def test_import_resultsframe_does_not_import_lxml() -> None:
    code = "import sys, resultsframe, resultsframe.cli, resultsframe.iati; print('lxml' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# --- progress ---------------------------------------------------------------------------------


def test_assess_works_on_an_imported_framework_with_its_actuals() -> None:
    fw = iati.read(UNDP)[0]
    report = resultsframe.assess(fw, as_of="2018-01-01")
    entry = report["r1.13"]  # percentage of households: 20 → target 27, actual 28
    assert (entry.value, entry.baseline, entry.target) == (28, 20, 27)
    assert entry.achievement_raw == pytest.approx(8 / 7)
    assert entry.status is Status.ACHIEVED
    mid = resultsframe.assess(fw, as_of="2017-06-30")["r1.1"]
    assert mid.value == 11312  # the 2016 actual: 2017's period has not ended
    assert mid.target == 11682


def test_percentages_are_taken_as_published_never_summed() -> None:
    body = (
        '<baseline year="2015" value="10"/>'
        '<period><period-start iso-date="2016-01-01"/><period-end iso-date="2016-12-31"/>'
        '<target value="50"/>'
        '<actual value="30"><dimension name="sex" value="female"/></actual>'
        '<actual value="40"><dimension name="sex" value="male"/></actual></period>'
    )
    fw = iati.read(indicator(body, measure="2"))[0]
    observed = Observations.from_actuals(fw)
    assert len(observed) == 2
    assert observed.series("r1.1") is None  # 30 % and 40 % do not make a whole of 70 %
    assert observed.disaggregated("r1.1") == 2
    entry = resultsframe.assess(fw, observed, "2017-01-01")["r1.1"]
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.value is None


def test_qualitative_indicators_are_not_assessed_or_aggregated() -> None:
    fw = iati.read(WORLDBANK)[0]
    report = resultsframe.assess(fw, as_of="2027-01-01")
    entry = report["r1.1"]
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.coverage is None
    assert entry.reason == "qualitative indicator: described, not measured or aggregated"
    assert all(o.indicator != "r1.1" for o in Observations.from_actuals(fw))


def test_a_target_that_does_not_read_makes_the_figure_not_assessable_with_that_reason() -> None:
    body = '<baseline year="2015" value="1"/>' + period("N/A", "5")
    fw = iati.read(indicator(body))[0]
    entry = resultsframe.assess(fw, as_of="2018-01-01")["r1.1"]
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.reason == "the target is not a number: 'N/A'"


def test_a_latest_actual_that_does_not_read_makes_the_figure_not_assessable_with_that_reason() -> (
    None
):
    body = (
        '<baseline year="2015" value="100"/>'
        + period("200", "150", "2016", "2016")
        + period("300", "12254,1", "2017", "2017")
    )
    fw = iati.read(indicator(body))[0]
    before = resultsframe.assess(fw, as_of="2017-01-01")
    assert before["r1.1"].value == 150
    after = resultsframe.assess(fw, as_of="2018-01-01")
    entry = after["r1.1"]
    assert entry.status is Status.NOT_ASSESSABLE
    assert entry.value is None  # not the older 150
    assert entry.reason == (
        "the actual for 2017-01-01/2017-12-31 is '12254,1', which is not a number (a decimal "
        "comma or a thousands separator? IATI writes 12254.1 and 50000)"
    )
    result = after.results["r1"]
    assert result.inputs[0].reason == entry.reason
    assert result.status is Status.NOT_ASSESSABLE


UNREADABLE_LAST = (
    '<baseline year="2015" value="100"/>'
    + period("200", "150", "2016", "2016")
    + period("300", "N/A", "2017", "2017")
)
NA_2017 = "the actual for 2017-01-01/2017-12-31 is 'N/A', which is not a number"


def test_unreadable_actuals_travel_with_the_observations() -> None:
    fw = iati.read(indicator(UNREADABLE_LAST))[0]
    observed = Observations.from_actuals(fw)
    assert len(observed) == 1  # the 150 of 2016
    ((unreadable,),) = observed.unreadable.values()
    assert (unreadable.indicator, unreadable.text, unreadable.reason) == ("r1.1", "N/A", NA_2017)
    given = resultsframe.assess(fw, observed, "2018-01-01")
    assert given.to_records() == resultsframe.assess(fw, as_of="2018-01-01").to_records()
    assert given["r1.1"].reason == NA_2017
    # Kept by bind, +, and with_rows; not by observations of one's own.
    assert observed.bind(fw.fill({})).unreadable == observed.unreadable
    assert (observed + Observations.empty(fw)).unreadable == observed.unreadable
    assert resultsframe.assess(fw, Observations.empty(fw), "2018-01-01")["r1.1"].reason == (
        "no observation of r1.1 at or before 2018-01-01"
    )


def test_a_readable_value_for_the_same_or_a_later_period_is_used_again() -> None:
    fw = iati.read(indicator(UNREADABLE_LAST))[0]
    observed = Observations.from_actuals(fw)
    report = resultsframe.assess(fw, observed, "2018-01-01")
    corrected = observed.with_rows([{"indicator": "r1.1", "period": "2017", "value": 180}])
    assert corrected.unreadable == observed.unreadable
    updated = report.update(corrected)
    assert (updated["r1.1"].value, updated["r1.1"].reason) == (180, None)
    assert updated.to_records() == resultsframe.assess(fw, corrected, "2018-01-01").to_records()
    # Observations not made by with_rows are compared, unreadable values too.
    readable_only = Observations.from_records(observed.to_records(), fw)
    assert report.update(readable_only)["r1.1"].value == 150
    assert report.update(Observations.empty(fw))["r1.1"].reason == (
        "no observation of r1.1 at or before 2018-01-01"
    )
    later = iati.read(indicator(UNREADABLE_LAST + period("300", "250", "2018", "2018")))[0]
    assert resultsframe.assess(later, as_of="2019-01-01")["r1.1"].value == 250


def test_a_decreasing_indicator_is_assessed_toward_its_lower_target() -> None:
    body = '<baseline year="2015" value="40"/>' + period("10", "25")
    fw = iati.read(indicator(body, attributes='ascending="0"'))[0]
    entry = resultsframe.assess(fw, as_of="2018-01-01")["r1.1"]
    assert fw.indicators["r1.1"].direction is Direction.DECREASE
    assert entry.achievement == pytest.approx(0.5)


# --- the documentation page -------------------------------------------------------------------


def test_the_iati_page_shows_what_the_code_gives() -> None:
    page = (Path(__file__).parents[1] / "docs" / "iati.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\{code-block\} pycon\n(.*?)```", page, re.DOTALL)
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict[str, object] = {"__name__": "docs.iati"}
    for n, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"iati.md block {n + 1}", "docs/iati.md", 0)
        output: list[str] = []
        result = runner.run(test, out=output.append, clear_globs=False)
        globs = test.globs
        assert result.failed == 0, "".join(output)
