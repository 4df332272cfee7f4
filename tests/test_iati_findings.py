"""IATI rules on results are findings, never import failures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from resultsframe import iati

DATA = Path(__file__).parent / "data" / "iati"


def activity(results: str, version: str = "2.03") -> bytes:
    return (
        f'<iati-activities version="{version}"><iati-activity>'
        f"<iati-identifier>XX-1-A</iati-identifier>{results}</iati-activity></iati-activities>"
    ).encode()


def indicator(body: str, measure: str = "1", extra: str = "", version: str = "2.03") -> bytes:
    return activity(
        f'<result type="1"><title><narrative>R</narrative></title>'
        f'<indicator measure="{measure}" {extra}><title><narrative>I</narrative></title>'
        f"{body}</indicator></result>",
        version,
    )


def period(values: str, start: str = "2016-01-01", end: str = "2016-12-31") -> str:
    return (
        f'<period><period-start iso-date="{start}"/><period-end iso-date="{end}"/>{values}</period>'
    )


def rules(data: bytes) -> list[str]:
    return [f.rule for f in iati.check(data)]


def test_the_real_files_findings() -> None:
    found = {p.name: Counter(f.rule for f in iati.check(p)) for p in sorted(DATA.glob("*.xml"))}
    assert found == {
        # the official example has a reference on both the result and its indicator
        "iati-2.03-activity-standard-example-annotated.xml": Counter({"8.11.1": 1}),
        # ascending="0" on counts whose targets rise: published so, reported
        "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml": Counter({"direction": 13}),
        # measure="" (a 2.02 file: rules 8.8 to 8.10 are 2.03 rules)
        "unicef-sierraleone-placeholders-2.02.xml": Counter({"9.60.1": 1}),
        # qualitative indicators with their text in @value
        "worldbank-44000-P175662.xml": Counter({"8.8.3": 10, "8.9.3": 10, "8.10.3": 10}),
    }


def test_a_file_with_findings_is_still_read() -> None:
    data = indicator(period('<target value="N/A"/>'), measure="9")
    assert rules(data) == ["9.60.1"]
    assert len(iati.read(data)) == 1


def test_a_finding_names_rule_path_line_and_activity() -> None:
    data = indicator(period('<target value="50,000"/>'))
    (finding,) = iati.check(data)
    assert finding.rule == "8.9.2"
    assert finding.severity == "warning"
    assert finding.path == (
        "/iati-activities/iati-activity[1]/result[1]/indicator[1]/period[1]/target[1]/@value"
    )
    assert finding.line == 1
    assert finding.activity == "XX-1-A"
    assert "'50,000'" in finding.message
    assert "decimal comma or a thousands separator" in finding.message
    assert str(finding).startswith("line 1: 8.9.2 warning: The target value should be")


def test_8_6_1_a_period_that_starts_after_it_ends() -> None:
    data = indicator(period('<target value="1"/>', "2017-01-01", "2016-12-31"))
    assert rules(data) == ["8.6.1"]
    assert iati.check(data)[0].severity == "error"


def test_an_unreadable_period_date_is_reported() -> None:
    data = indicator(period('<target value="1"/>', "2016", "2016-12-31"))
    assert rules(data) == ["date"]


@pytest.mark.parametrize(
    ("kind", "rule"), [("baseline", "8.8"), ("target", "8.9"), ("actual", "8.10")]
)
def test_8_8_to_8_10_values_of_non_qualitative_and_qualitative_indicators(
    kind: str, rule: str
) -> None:
    def body(value: str) -> str:
        if kind == "baseline":
            return f'<baseline year="2015" {value}/>'
        return period(f"<{kind} {value}/>")

    for measure in ("1", "2", "3", "4"):
        assert rules(indicator(body(""), measure)) == [f"{rule}.1"]
        assert rules(indicator(body('value="N/A"'), measure)) == [f"{rule}.2"]
        assert rules(indicator(body('value="8.90"'), measure)) == []
    assert rules(indicator(body('value="good"'), "5")) == [f"{rule}.3"]
    assert rules(indicator(body(""), "5")) == []
    # the Validator applies these to 2.03 only
    assert rules(indicator(body(""), "1", version="2.02")) == []


def test_8_11_1_a_reference_on_both_the_result_and_its_indicator() -> None:
    data = activity(
        '<result type="1"><title><narrative>R</narrative></title>'
        '<reference vocabulary="99" code="A"/>'
        '<indicator measure="1"><title><narrative>I</narrative></title>'
        '<reference vocabulary="1" code="B"/></indicator></result>'
    )
    assert rules(data) == ["8.11.1"]


def test_codelists_result_type_measure_and_vocabularies() -> None:
    data = activity(
        '<result type="4"><title><narrative>R</narrative></title>'
        '<reference vocabulary="1" code="A"/>'
        '<indicator measure="6"><title><narrative>I</narrative></title></indicator></result>'
        "<result><title><narrative>R</narrative></title>"
        "<indicator><title><narrative>I</narrative></title>"
        '<reference vocabulary="98" code="B"/></indicator></result>'
    )
    assert rules(data) == ["9.55.1", "9.75.1", "9.60.1", "9.55.1", "9.60.1", "9.74.1"]
    assert all(f.severity == "error" for f in iati.check(data))


def test_the_direction_finding_compares_the_flag_with_the_figures() -> None:
    down = indicator(
        '<baseline year="2015" value="40"/>' + period('<target value="10"/>'), extra='ascending="1"'
    )
    assert rules(down) == ["direction"]
    agrees = indicator(
        '<baseline year="2015" value="40"/>' + period('<target value="10"/>'), extra='ascending="0"'
    )
    assert rules(agrees) == []
