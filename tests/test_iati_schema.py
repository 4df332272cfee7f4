"""The IATI 2.03 schema ships inside the package, and iati.check(schema=True) validates with it."""

from __future__ import annotations

from collections import Counter
from importlib import resources
from pathlib import Path

from resultsframe import iati
from resultsframe.iati.schema import xml_schema

DATA = Path(__file__).parent / "data" / "iati"
SHIPPED = ("LICENSE", "SOURCE", "iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd")


def test_the_schema_in_the_package_is_the_published_one_with_its_licence() -> None:
    folder = resources.files("resultsframe.iati") / "schema"
    for name in SHIPPED:
        assert (folder / name).read_bytes() == (DATA / "schema-2.03" / name).read_bytes()
    assert "IATI/IATI-Schemas branch version-2.03" in (folder / "SOURCE").read_text()


def test_the_schema_is_compiled_once() -> None:
    assert xml_schema() is xml_schema()


def test_check_leaves_the_schema_out_unless_asked() -> None:
    data = b'<iati-activities version="2.03"><iati-activity/></iati-activities>'
    assert iati.check(data) == []
    (finding,) = iati.check(data, schema=True)
    assert (finding.rule, finding.severity, finding.line) == ("schema", "error", 1)
    assert finding.path == "/iati-activities/iati-activity[1]"
    assert finding.message.startswith("Element 'iati-activity': Missing child element(s)")


def test_the_real_files_schema_findings() -> None:
    found = {
        p.name: Counter(
            (f.rule, f.severity) for f in iati.check(p, schema=True) if f.rule == "schema"
        )
        for p in sorted(DATA.glob("*.xml"))
    }
    assert found == {
        # the official example and the World Bank file are valid
        "iati-2.03-activity-standard-example-annotated.xml": Counter(),
        "worldbank-44000-P175662.xml": Counter(),
        # root without version; dataset, generated-datetime and version on the activity
        "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml": Counter({("schema", "error"): 4}),
        # root without version; the 2.02 activity is not validated against 2.03, said once
        "unicef-sierraleone-placeholders-2.02.xml": Counter(
            {("schema", "error"): 1, ("schema", "info"): 1}
        ),
    }


def test_the_schema_findings_of_an_activity_come_before_its_rules_findings() -> None:
    data = (
        b'<iati-activities version="2.03">\n'
        b"<iati-activity><iati-identifier>XX-1</iati-identifier>\n"
        b'<result type="7"/></iati-activity>\n'
        b'<iati-activity><iati-identifier>XX-2</iati-identifier><result type="8"/>'
        b"</iati-activity>\n</iati-activities>"
    )
    found = [(f.activity, f.rule, f.line) for f in iati.check(data, schema=True)]
    # each activity: one schema error (reporting-org expected after iati-identifier), then
    # 9.55.1 for its result type not in ResultType (1, 2, 3, 9)
    assert found == [
        ("XX-1", "schema", 3),
        ("XX-1", "9.55.1", 3),
        ("XX-2", "schema", 4),
        ("XX-2", "9.55.1", 4),
    ]


def test_a_file_of_many_activities_is_validated_one_activity_at_a_time() -> None:
    # 2,000 activities, each missing the same child: 2,000 schema errors, one per activity,
    # on its own activity (the missing child is reported on the parent), whose path and line
    # are its own (activity n is on line n + 1).
    activity = b"<iati-activity><iati-identifier>XX</iati-identifier></iati-activity>\n"
    data = b'<iati-activities version="2.03">\n' + activity * 2000 + b"</iati-activities>"
    seen: list[int] = []
    findings = iati.check(data, schema=True, progress=seen.append)
    assert seen == list(range(1, 2001))
    assert len(findings) == 2000
    assert findings[1999].line == 2001
    assert findings[1999].path == "/iati-activities/iati-activity[2000]"


def test_the_root_is_validated_once_its_attributes_and_that_it_has_an_activity() -> None:
    # no activity at all: the schema wants one or more
    (empty,) = iati.check(b'<iati-activities version="2.03"/>', schema=True)
    assert (empty.line, empty.path) == (1, "/iati-activities")
    assert empty.message == (
        "Element 'iati-activities': Missing child element(s). Expected is ( iati-activity )."
    )
    # an attribute in another namespace is allowed on the root, one in none is not (foo);
    # the stand-in activity the root is validated with adds no finding of its own
    data = (
        b'<iati-activities version="2.03" xmlns:x="urn:x" x:extra="1" foo="2">\n'
        b"<iati-activity><iati-identifier>A</iati-identifier></iati-activity></iati-activities>"
    )
    found = [(f.line, f.path, f.message) for f in iati.check(data, schema=True)]
    assert found == [
        (
            1,
            "/iati-activities",
            "Element 'iati-activities', attribute 'foo': The attribute 'foo' is not allowed.",
        ),
        (
            2,
            "/iati-activities/iati-activity[1]",
            "Element 'iati-activity': Missing child element(s). Expected is ( reporting-org ).",
        ),
    ]
