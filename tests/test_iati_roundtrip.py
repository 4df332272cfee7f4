"""Read → write → read gives the same results; a framework made elsewhere writes valid IATI."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import resultsframe
from resultsframe import DocumentError, iati
from resultsframe.units import Quantity
from resultsframe.values import is_pending

DATA = Path(__file__).parent / "data" / "iati"
FILES = sorted(DATA.glob("*.xml"))
SCHEMA = DATA / "schema-2.03" / "iati-activities-schema.xsd"
ORG = iati.ReportingOrg("XI-EXAMPLE", "International Telecommunication Union", "40")


def tree(element: Any) -> tuple[Any, ...]:
    """An element as data: name, attributes as published strings, text, children in order.

    Comments are not data; whitespace between elements is not either; a narrative's text is,
    to the last space.
    """
    text = element.text or ""
    if element.tag != "narrative":
        text = text.strip()
    children = [c for c in element if isinstance(c.tag, str)]
    return (
        element.tag,
        dict(element.attrib),
        text,
        [(tree(c), (c.tail or "").strip()) for c in children],
    )


def parse(data: bytes | Path) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    if isinstance(data, Path):
        return etree.parse(str(data), parser).getroot()
    return etree.fromstring(data, parser)


def results_of(root: Any) -> list[Any]:
    return [tree(r) for r in root.iter("result")]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_read_write_read_gives_the_same_results_subtree(path: Path, tmp_path: Path) -> None:
    frameworks = iati.read(path)
    out = tmp_path / "out.xml"
    assert iati.write(frameworks, out) == []
    assert results_of(parse(out)) == results_of(parse(path))
    assert iati.read(out) == frameworks


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_rest_of_each_activity_comes_back_too(path: Path) -> None:
    written = parse(iati.dumps(iati.read(path)).encode())
    assert [tree(a) for a in written.iter("iati-activity")] == [
        tree(a) for a in parse(path).iter("iati-activity")
    ]


QUIRKS = b"""<iati-activities version="2.03" xmlns:x="urn:x">
<iati-activity xml:lang="fr" x:flag="1">
 <iati-identifier>XX-1-Q</iati-identifier>
 <reporting-org ref="XX-1" type="40"><narrative>Org</narrative></reporting-org>
 <title xml:lang="fr"><narrative>Activit\xc3\xa9</narrative></title>
 <result type="01" aggregation-status="true" x:id="r">
  <description type="1"><narrative>Described, with a type</narrative></description>
  <x:between>placed between</x:between>
  <reference vocabulary="99"/>
  <indicator measure="7" aggregation-status="yes" x:a="b">
   <title><narrative x:style="bold">Styled</narrative></title>
   <reference vocabulary="1" code="1" indicator-uri=""/>
   <baseline year="2019" iso-date="2020-06-30" value=" 50,000 "><dimension value="no name"/>
    <comment><narrative>  </narrative></comment></baseline>
   <baseline iso-date="2021-01-01T00:00:00Z"/>
   <period>
    <period-start iso-date="2016-01-01T00:00:00" x:tz="UTC"/><period-end iso-date="2016-12-31"><x:note/></period-end>
    <target value="1e5"><location/><x:t/></target>
    <actual value="N/A"><document-link url="u" format="f" x:k="v"><title><narrative>T</narrative></title><category code="A01"/></document-link></actual>
   </period>
   <period><period-start iso-date="2018-01-01"/><period-end iso-date="2017-01-01"/><target value="3"/></period>
   <period><period-start iso-date="someday"/><period-end iso-date="2017-01-01"/></period>
   <x:last/>
  </indicator>
  <indicator measure="" ascending="false">
   <title/>
  </indicator>
  <indicator measure="5">
  </indicator>
 </result>
</iati-activity>
</iati-activities>
"""


def test_quirks_of_real_files_come_back_exactly() -> None:
    frameworks = iati.read(QUIRKS)
    written = iati.dumps(frameworks).encode()
    assert results_of(parse(written)) == results_of(parse(QUIRKS))
    assert [tree(a) for a in parse(written).iter("iati-activity")] == [
        tree(a) for a in parse(QUIRKS).iter("iati-activity")
    ]
    assert iati.read(written) == frameworks


def test_the_quirks_are_read_for_what_they_mean() -> None:
    fw = iati.read(QUIRKS)[0]
    result = fw.results["r1"]
    assert (result.level, result.aggregation_status) == ("other", True)
    assert result.statement == "(no title)"
    first = fw.indicators["r1.1"]
    assert first.measure.value == "quantity"  # an unknown measure code
    assert first.baselines[0].period is not None
    assert first.baselines[0].period.text == "2020-06-30"
    assert [p.period.text for p in first.periods] == ["2016-01-01/2016-12-31"]
    assert fw.indicators["r1.2"].direction.value == "decrease"


def test_the_published_spelling_gives_way_to_an_edit() -> None:
    fw = iati.read(QUIRKS)[0]
    result = fw.results["r1"]
    edited = attrs.evolve(
        result,
        level="outcome",
        indicators=(
            attrs.evolve(result.indicators[0], measure="share", unit="percent"),
            *result.indicators[1:],
        ),
    )
    written = parse(iati.dumps(attrs.evolve(fw, results=(edited,))).encode())
    out = written.find("iati-activity/result")
    assert out.get("type") == "2"  # "01" no longer says what the result is
    assert out.get("aggregation-status") == "true"  # still means True
    assert out.find("indicator").get("measure") == "2"


def test_an_edited_value_is_written_and_an_unchanged_one_keeps_its_text() -> None:
    fw = iati.read(DATA / "worldbank-44000-P175662.xml")[0]
    indicator = fw.indicators["r9.1"]
    reporting = indicator.periods[0]
    edited_period = attrs.evolve(
        reporting, actuals=(attrs.evolve(reporting.actuals[0], value=Quantity(10.25, "percent")),)
    )
    edited = attrs.evolve(indicator, periods=(edited_period,))
    result = attrs.evolve(fw.results["r9"], indicators=(edited,))
    text = iati.dumps(attrs.evolve(fw, results=(result,)))
    period = parse(text.encode()).find("iati-activity/result/indicator/period")
    assert period.find("target").get("value") == "12.00"
    assert period.find("actual").get("value") == "10.25"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20))
def test_any_published_value_text_comes_back_as_published(text: str) -> None:
    body = (
        '<iati-activities version="2.03"><iati-activity><iati-identifier>A</iati-identifier>'
        '<result type="1"><title><narrative>R</narrative></title><indicator measure="1">'
        '<title><narrative>I</narrative></title><period><period-start iso-date="2016-01-01"/>'
        '<period-end iso-date="2016-12-31"/><target/></period></indicator></result>'
        "</iati-activity></iati-activities>"
    )
    source = etree.fromstring(body.encode())
    target_element = source.find(".//target")
    assert target_element is not None
    target_element.set("value", text)
    data = etree.tostring(source)
    fw = iati.read(data)[0]
    target = fw.indicators["r1.1"].periods[0].targets[0]
    assert target.text == parse(data).find(".//target").get("value")
    again = parse(iati.dumps(fw).encode())
    assert again.find(".//target").get("value") == target.text


# --- a framework made elsewhere ---------------------------------------------------------------


def test_the_cop_framework_exports_to_an_activity_that_validates_against_the_2_03_schema(
    tmp_path: Path,
) -> None:
    fw = resultsframe.examples.load("cop")
    out = tmp_path / "cop.xml"
    findings = iati.write(fw, out, identifier="XI-EXAMPLE-COP-2015", reporting_org=ORG)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = etree.parse(str(out))
    assert schema.validate(document), schema.error_log
    without = [r.id for r in fw if not r.indicators]
    # 20 results without an indicator, and 12 targets not known yet ("XX%", "X%", "%"): T3.a-d,
    # T4.a-b, T5.a-e and T5.g.
    pending = [i.id for i in fw.indicators.values() if i.target and is_pending(i.target.value)]
    assert (len(without), len(pending)) == (20, 12)
    assert [f.rule for f in findings] == ["export"] * (20 + 12)
    about_results = [f for f in findings if "has no indicator" in f.message]
    assert [f.message.split("'")[1] for f in about_results] == without
    about_targets = [f for f in findings if "is not known yet" in f.message]
    assert [f.message.split("'")[1] for f in about_targets] == pending
    again = iati.read(out)[0]
    # The results IATI cannot hold come back from resultsframe's namespace.
    assert len(again) == len(fw)
    # The ids survive (issue 11): "impact.a", no longer the position "r1.1".
    assert again.indicators["impact.a"].target is not None
    assert again.indicators["impact.a"].target.value == Quantity(80, "percent")
    assert iati.check(out) == iati.check(out.read_bytes())


def test_the_cop_export_leaves_pending_targets_out_of_iati_and_keeps_them_in_its_namespace() -> (
    None
):
    # Issue 11 changed this: "XX%" was written as an IATI target value (rule 8.9.2 flags it);
    # now only numbers are IATI targets, and a pending one is kept as <rf:target>.
    fw = resultsframe.examples.load("cop")
    text = iati.dumps(fw, identifier="XI-EXAMPLE-COP-2015", reporting_org=ORG)
    values = [t.get("value") for t in parse(text.encode()).iter("target")]
    assert values == ["80", "90", "70"]
    assert iati.check(text.encode()) == []

    def targets(framework: resultsframe.Framework) -> list[tuple[str, str, Any]]:
        return [(p.indicator, p.text, p.due) for p in framework.pending() if p.field == "target"]

    pending = targets(iati.read(text.encode())[0])
    assert len(pending) == 12
    assert pending == targets(fw)
    assert ("T3.a", "XX%", datetime.date(2020, 12, 31)) in pending


def test_a_framework_made_elsewhere_needs_an_identifier_and_a_reporting_org() -> None:
    fw = resultsframe.examples.load("cop")
    with pytest.raises(DocumentError, match="no IATI identifier"):
        iati.dumps(fw, reporting_org=ORG)
    with pytest.raises(DocumentError, match="no reporting organisation"):
        iati.dumps(fw, identifier="XI-EXAMPLE-COP-2015")


def test_only_2_03_is_written() -> None:
    fw = iati.read(DATA / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml")
    with pytest.raises(ValueError, match=r"2\.03"):
        iati.dumps(fw, version="2.01")


def test_kept_xml_that_declares_entities_is_refused_when_written() -> None:
    fw = iati.read(DATA / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml")[0]
    bad = resultsframe.model.Extension(
        "iati-xml", "result/*[9]", '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    )
    result = attrs.evolve(fw.results["r1"], extensions=(bad,))
    with pytest.raises(DocumentError, match="declares a DTD or entities"):
        iati.dumps(attrs.evolve(fw, results=(result,)))


# --- export → import keeps what IATI has no field for (issue 11) ------------------------------

#: Every field an export → import must give back, as the property below compares them. What is
#: not listed is not written to IATI: themes, comments, definitions, universes, derivations,
#: parameters, status methods, revisions and the rest of a framework made elsewhere.
FRAMEWORK_FIELDS = ("id", "title", "levels", "start", "end", "links")
RESULT_FIELDS = ("id", "level", "statement", "description")
INDICATOR_FIELDS = (
    "id",
    "name",
    "measure",
    "unit",
    "direction",
    "source",
    "verification",
    "weight",
    "description",
)


def kept(framework: resultsframe.Framework) -> dict[str, Any]:
    """What export → import keeps, field by field (values without the text they were read from)."""

    def values(items: Any) -> list[Any]:
        return [(x.value, getattr(x, "due", None), getattr(x, "period", None)) for x in items]

    def indicator(i: Any) -> dict[str, Any]:
        fields = {name: getattr(i, name) for name in INDICATOR_FIELDS}
        fields["baselines"] = values(i.baselines)
        fields["targets"] = values(i.whole_targets)
        fields["periods"] = [
            (p.period.text, values(p.targets), values(p.actuals)) for p in i.periods
        ]
        return fields

    return {
        **{name: getattr(framework, name) for name in FRAMEWORK_FIELDS},
        "results": [
            {
                **{name: getattr(r, name) for name in RESULT_FIELDS},
                "indicators": [indicator(i) for i in r.indicators],
            }
            for r in framework
        ],
    }


def test_the_cop_framework_comes_back_with_ids_levels_units_links_and_sources() -> None:
    fw = resultsframe.examples.load("cop")
    text = iati.dumps(fw, identifier="XI-EXAMPLE-COP-2015", reporting_org=ORG)
    (again,) = iati.read(text.encode())
    got, want = kept(again), kept(fw)
    # The periods are IATI's form of the targets: the COP framework has none of its own.
    for result in got["results"]:
        for indicator in result["indicators"]:
            indicator["periods"] = []
    assert got == want
    assert (again.id, again.levels, len(again.links)) == ("cop-2015", fw.levels, 27)
    assert again.indicators["P1.2.a"].unit == fw.indicators["P1.2.a"].unit  # country
    assert again.indicators["P2.6.a"].source == "Internet Watch Foundation"
    # Written again, the file is the same: nothing is added twice.
    assert iati.dumps(again) == text


SCHEME = resultsframe.levels.LevelScheme("mine", ["goal", "purpose", "deliverable", "other"])
_MINE = {"impact": "goal", "outcome": "purpose", "output": "deliverable", "other": "other"}


def _in_person(items: Any) -> tuple[Any, ...]:
    def convert(value: Any) -> Any:
        if isinstance(value, Quantity):
            return Quantity(value.magnitude, "person")
        return attrs.evolve(value, unit="person") if value is not None else None

    return tuple(attrs.evolve(x, value=convert(x.value)) for x in items)


def made_elsewhere(fw: resultsframe.Framework) -> resultsframe.Framework:
    """A framework read from IATI given what IATI cannot say: ids, levels, units, links …"""
    results = []
    for n, result in enumerate(fw, 1):
        indicators = []
        for m, indicator in enumerate(result.indicators, 1):
            changes: dict[str, Any] = {
                "id": f"R{n}-{m}",
                "source": f"survey {n}.{m}",
                "verification": "site visits" if m % 2 else None,
                "weight": 2 if m == 1 else 1,
            }
            if indicator.measure.value == "quantity":
                changes["unit"] = "person"
                changes["baselines"] = _in_person(indicator.baselines)
                changes["targets"] = _in_person(indicator.targets)
                changes["periods"] = tuple(
                    attrs.evolve(p, targets=_in_person(p.targets), actuals=_in_person(p.actuals))
                    for p in indicator.periods
                )
            indicators.append(attrs.evolve(indicator, **changes))
        results.append(
            attrs.evolve(
                result, id=f"R{n}", level=_MINE[result.level], indicators=tuple(indicators)
            )
        )
    levels = {r.id: SCHEME.levels.index(r.level) for r in results}
    links = [
        resultsframe.model.Link(r.id, upper.id, weight=0.5 if n % 2 else 1)
        for n, r in enumerate(results)
        for upper in results[:1]
        if levels[upper.id] < levels[r.id]
    ]
    return attrs.evolve(
        fw, id=f"mine-{fw.id}", results=tuple(results), levels=SCHEME, links=tuple(links)
    )


def schema_errors(text: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    schema.validate(etree.fromstring(text.encode()))
    return [e.message for e in schema.error_log]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_real_framework_given_ids_levels_units_and_links_comes_back_with_them(
    path: Path,
) -> None:
    frameworks = iati.read(path)
    mine = [made_elsewhere(fw) for fw in frameworks]
    text = iati.dumps(mine)
    again = iati.read(text.encode())
    assert [kept(fw) for fw in again] == [kept(fw) for fw in mine]
    assert again == mine  # and everything else read from the file, too
    if len(frameworks[0]) > 1:
        assert again[0].links  # the World Bank's outputs contribute to its first outcome
    # resultsframe's namespace adds no schema error and no finding to what the file has.
    plain = iati.dumps(frameworks)
    assert schema_errors(text) == schema_errors(plain)
    assert [(f.rule, f.path) for f in iati.check(text.encode())] == [
        (f.rule, f.path) for f in iati.check(plain.encode())
    ]


# --- targets IATI can hold, and observations as actuals ----------------------------------------


def small_framework(**indicator: Any) -> resultsframe.Framework:
    from resultsframe.model import Baseline, Indicator, Result, Target

    fields: dict[str, Any] = {
        "unit": "%",
        "baselines": [Baseline(40, period="2015")],
        "targets": [Target("baseline + 10 %", due="2018-12-31"), Target(60, due="2020-12-31")],
    }
    fields.update(indicator)
    return resultsframe.Framework(
        "water",
        "Clean water",
        [
            Result(
                "o1",
                "outcome",
                "Schools have water",
                indicators=[Indicator("o1.a", "Schools", **fields)],
            )
        ],
        start="2016-01-01",
        end="2020-12-31",
        implementers=["Water NGO"],
    )


def test_a_relative_target_is_written_as_the_number_it_comes_to() -> None:
    text = iati.dumps(small_framework(), identifier="XI-EXAMPLE-W", reporting_org=ORG)
    periods = parse(text.encode()).findall(".//period")
    # 40 % + 10 % of 40 % = 44 %, due at the end of 2018: 2016-01-01 … 2018-12-31, then 60 %.
    assert [
        (p.find("period-start").get("iso-date"), p.find("period-end").get("iso-date"))
        for p in periods
    ] == [("2016-01-01", "2018-12-31"), ("2019-01-01", "2020-12-31")]
    assert [p.find("target").get("value") for p in periods] == ["44", "60"]
    assert iati.check(text.encode()) == []


def test_a_relative_target_on_an_unknown_baseline_is_left_out_and_said(tmp_path: Path) -> None:
    from resultsframe.model import Baseline

    fw = small_framework(baselines=[Baseline("XX%", period="2015")])
    out = iati.dumps(fw, identifier="XI-EXAMPLE-W", reporting_org=ORG)
    findings = iati.write(fw, tmp_path / "w.xml", identifier="XI-EXAMPLE-W", reporting_org=ORG)
    indicator = "/iati-activities/iati-activity[1]/result[1]/indicator[1]"
    assert [(f.rule, f.path) for f in findings] == [
        ("export", f"{indicator}/baseline[1]"),
        ("export", f"{indicator}/period[1]"),
    ]
    assert "the baseline 'XX%' is not known yet" in findings[0].message
    assert "relative to a baseline that is not a known number" in findings[1].message
    # Only the 60 % target is an IATI target; its period still starts after 2018's due date.
    assert [t.get("value") for t in parse(out.encode()).iter("target")] == ["60"]
    again = iati.read(out.encode())[0].indicators["o1.a"]
    assert str(again.targets[0].value) == "baseline + 10 %"  # kept as <rf:target>


def test_observations_are_written_as_actuals_and_read_back() -> None:
    fw = small_framework()
    obs = resultsframe.Observations.from_records(
        [
            {"indicator": "o1.a", "period": "2017", "value": 45, "published": "2018-01-10"},
            # A revision of 2017, published later: the one written.
            {"indicator": "o1.a", "period": "2017", "value": 46, "published": "2018-06-30"},
            {"indicator": "o1.a", "period": "2017", "value": 50, "area": "GN"},
            {"indicator": "o1.a", "period": "2017", "value": 41, "dimensions": {"sex": "female"}},
            {"indicator": "o1.a", "period": "2019", "value": 55, "kind": "projection"},
            # The same dates as the second target's period: its actual joins that period.
            {"indicator": "o1.a", "period": "2019-01-01/2020-12-31", "value": 58},
        ],
        fw,
    )
    text = iati.dumps(fw, identifier="XI-EXAMPLE-W", reporting_org=ORG, observations=obs)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(text.encode())), schema.error_log
    assert iati.check(text.encode()) == []
    periods = parse(text.encode()).findall(".//period")
    actuals = [
        (
            p.find("period-start").get("iso-date"),
            a.get("value"),
            [(d.get("name"), d.get("value")) for d in a.iter("dimension")],
            [x.get("ref") for x in a.iter("location")],
        )
        for p in periods
        for a in p.iter("actual")
    ]
    assert actuals == [
        ("2019-01-01", "58", [], []),
        ("2017-01-01", "46", [], []),
        ("2017-01-01", "50", [], ["GN"]),
        ("2017-01-01", "41", [("sex", "female")], []),
    ]
    again = iati.read(text.encode())[0]
    back = resultsframe.Observations.from_actuals(again)
    whole = sorted(
        (o.period.text, o.value.magnitude) for o in back if not o.area and not o.dimensions
    )
    assert whole == [("2017-01-01/2017-12-31", 46), ("2019-01-01/2020-12-31", 58)]


def test_a_qualitative_observation_is_an_actual_with_its_text_as_a_comment() -> None:
    fw = small_framework(measure="qualitative", unit=None, baselines=[], targets=[])
    obs = resultsframe.Observations.from_records(
        [{"indicator": "o1.a", "period": "2018", "text": "Water points repaired"}], fw
    )
    text = iati.dumps(fw, identifier="XI-EXAMPLE-W", reporting_org=ORG, observations=obs)
    actual = parse(text.encode()).find(".//actual")
    assert actual.get("value") is None
    assert actual.findtext("comment/narrative") == "Water points repaired"


def test_resultsframe_namespace_that_does_not_make_a_framework_is_read_as_plain_iati() -> None:
    fw = resultsframe.examples.load("cop")
    text = iati.dumps(fw, identifier="XI-EXAMPLE-COP-2015", reporting_org=ORG)
    broken = text.replace('<rf:link child="T1" parent="O1"/>', '<rf:link child="T1" parent="X"/>')
    assert broken != text
    (plain,) = iati.read(broken.encode())
    # No result X: the activity is read as IATI alone, and the namespace kept as extensions.
    assert plain.levels.name == "iati"
    assert "r1.1" in plain.indicators
    assert plain.links == ()
    written = parse(iati.dumps(plain).encode())
    assert [tree(a) for a in written.iter("iati-activity")] == [
        tree(a) for a in parse(broken.encode()).iter("iati-activity")
    ]


COP_ORG = [
    "--identifier",
    "XI-EXAMPLE-COP-2015",
    "--reporting-org",
    ORG.ref,
    "--reporting-org-name",
    ORG.name,
    "--reporting-org-type",
    ORG.type,
]


def test_export_data_writes_the_observations_as_actuals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from resultsframe.cli import main

    data = Path(resultsframe.examples.__file__).parent / "cop-observations.csv"
    out = tmp_path / "cop.xml"
    assert main(["iati", "export", "cop", "-o", str(out), "--data", str(data), *COP_ORG]) == 0
    capsys.readouterr()
    assert iati.check(out) == []
    again = iati.read(out)[0]
    legislation = [
        (p.period.text, a.text) for p in again.indicators["T1.a"].periods for a in p.actuals
    ]
    # 89 of 184 countries in 2006: 89 / 184 = 48.369565217391305 %; 180 of 196 on 2018-12-06:
    # 180 / 196 = 91.83673469387756 %.
    assert legislation[0] == ("2006-01-01/2006-12-31", "48.369565217391305")
    assert ("2018-12-06/2018-12-06", "91.83673469387756") in legislation


def test_export_data_needs_one_framework(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from resultsframe import document
    from resultsframe.cli import main

    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("a", "b"):
        document.dump(iati.read(DATA / "worldbank-44000-P175662.xml")[0], folder / f"{name}.json")
    data = tmp_path / "obs.csv"
    data.write_text("indicator,period,value\nr1.1,2022,5\n")
    code = main(["iati", "export", str(folder), "-o", str(tmp_path / "x.xml"), "--data", str(data)])
    err = capsys.readouterr().err
    assert code == 2
    assert "--data gives the observations of one framework" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("where", ["source", "name"])
def test_a_text_xml_cannot_hold_is_refused_naming_its_result(where: str) -> None:
    fw = resultsframe.examples.load("cop")
    result = fw.results["P2.6"]
    changes: dict[str, Any] = {where: "Internet\x01Watch"}
    bad = attrs.evolve(result.indicators[0], **changes)
    results = tuple(attrs.evolve(r, indicators=(bad,)) if r is result else r for r in fw)
    with pytest.raises(DocumentError, match=r"result 'P2\.6': a text holds a character XML"):
        iati.dumps(attrs.evolve(fw, results=results), identifier="X", reporting_org=ORG)


# --- the property: any framework made elsewhere comes back with what kept() lists -------------

_KINDS = [
    ("share", "%"),
    ("quantity", "case"),
    ("quantity", "USD"),
    ("quantity", None),
    ("ratio", "case / person"),
    ("yes_no", None),
    ("qualitative", None),
]
_TEXT = st.text(alphabet="abcXYZ é&<>\"' \n\t.-", max_size=20)


@st.composite
def frameworks(draw: st.DrawFn) -> resultsframe.Framework:
    from resultsframe.model import Baseline, Indicator, Link, Result, Target

    scheme = draw(st.sampled_from(["default", "logframe", "usaid", "eu", "sdg"]))
    levels = resultsframe.levels.SCHEMES[scheme].levels
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,6}", fullmatch=True),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    results = []
    for n, result_id in enumerate(ids):
        indicators = []
        for m in range(draw(st.integers(0, 2))):
            measure, unit = draw(st.sampled_from(_KINDS))
            fields: dict[str, Any] = {"measure": measure, "unit": unit}
            if measure != "qualitative":
                pending = "XX%" if measure == "share" else "TBD"
                baseline = draw(st.sampled_from([None, 0, 40, 12.5, pending]))
                if baseline is not None:
                    fields["baselines"] = [Baseline(baseline, period="2015")]
                target = draw(st.sampled_from([None, 60, 7.25, pending, "baseline + 10 %", "+5"]))
                if target is not None:
                    fields["targets"] = [Target(target, due="2020-12-31")]
            indicators.append(
                Indicator(
                    f"{result_id}.{m}",
                    draw(_TEXT.filter(str.strip)),
                    source=draw(st.none() | _TEXT),
                    verification=draw(st.none() | _TEXT),
                    weight=draw(st.sampled_from([1, 0.5, 2, 3.25])),
                    **fields,
                )
            )
        level = draw(st.sampled_from(levels))
        results.append(Result(result_id, level, f"Result {n}", indicators=indicators))
    links = []
    for result in results:
        above = [r.id for r in results if levels.index(r.level) < levels.index(result.level)]
        linked: bool = draw(st.booleans())
        if above and linked:
            links.append(
                Link(result.id, draw(st.sampled_from(above)), draw(st.sampled_from([1, 0.5])))
            )
    return resultsframe.Framework(
        draw(st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)),
        "Made elsewhere",
        results,
        links=links,
        levels=resultsframe.levels.SCHEMES[scheme],
        start="2016-01-01",
        end="2020-12-31",
        implementers=["Water NGO"],
    )


def expected(fw: resultsframe.Framework) -> dict[str, Any]:
    """kept(fw) as export → import gives it: relative targets on a known baseline as numbers."""
    from resultsframe.iati.exported import resolved
    from resultsframe.values import Relative

    fields = kept(fw)
    for result, mine in zip(fields["results"], fw, strict=True):
        for indicator, own in zip(result["indicators"], mine.indicators, strict=True):
            targets = []
            for value, due, period in indicator["targets"]:
                number = resolved(own, value) if isinstance(value, Relative) else None
                targets.append((value if number is None else number, due, period))
            indicator["targets"] = targets
    return fields


@given(frameworks())
def test_any_framework_made_elsewhere_comes_back_with_every_field_kept_lists(
    fw: resultsframe.Framework,
) -> None:
    text = iati.dumps(fw, identifier="XI-EXAMPLE-ANY", reporting_org=ORG)
    (again,) = iati.read(text.encode())
    got = kept(again)
    for result in got["results"]:
        for indicator in result["indicators"]:
            indicator["periods"] = []  # IATI's form of the targets, which kept() also lists
    assert got == expected(fw)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.fromstring(text.encode())), schema.error_log
    # Only what the framework itself says may be flagged: a target below the baseline of an
    # increasing indicator (rule "direction"); never a value IATI cannot read.
    assert [f for f in iati.check(text.encode()) if f.rule != "direction"] == []


def test_observations_of_another_framework_are_refused() -> None:
    other = resultsframe.examples.load("cop")
    obs = resultsframe.Observations.from_records(
        [{"indicator": "T1.a", "period": "2017", "value": 50}], other
    )
    with pytest.raises(DocumentError, match="observations of framework 'cop-2015', which is not"):
        iati.dumps(small_framework(), identifier="X", reporting_org=ORG, observations=obs)


def test_a_framework_s_own_counting_units_come_back_with_it() -> None:
    from resultsframe.units import CountingUnit

    ward = CountingUnit("iati_ward", "iati_wards", "an electoral ward")
    fw = attrs.evolve(small_framework(unit="iati_ward", baselines=[], targets=[]), units=(ward,))
    text = iati.dumps(fw, identifier="XI-EXAMPLE-W", reporting_org=ORG)
    assert '<rf:counting-unit name="iati_ward" plural="iati_wards"' in text
    (again,) = iati.read(text.encode())
    assert again.units == (ward,)
    assert again.indicators["o1.a"].unit == fw.indicators["o1.a"].unit


@pytest.mark.parametrize(
    ("written", "hostile"),
    [
        ('position="18"', 'position="x"'),
        ('<rf:link child="T1" parent="O1"/>', '<rf:link child="T1" parent="O1" weight="nan"/>'),
        ('<rf:link child="T1" parent="O1"/>', '<rf:link child="T1" parent="O1" weight="1e400"/>'),
        ('rf:unit="case"', 'rf:unit="("'),
        ('rf:unit="case"', 'rf:unit="' + "x" * 40_000 + '"'),
        ('levels="impact outcome target output"', 'levels=""'),
        ('rf:id="impact.a"', 'rf:id="T1.a"'),  # the id of another indicator
        ('rf:level="impact"', 'rf:level="nowhere"'),
        ('<rf:target value="XX%" due="2020-12-31"/>', '<rf:target value="" due="someday"/>'),
        ('<rf:link child="T1" parent="O1"/>', '<rf:counting-unit name="meter"/>'),
    ],
)
def test_resultsframe_namespace_edited_badly_is_read_as_plain_iati(
    written: str, hostile: str
) -> None:
    fw = resultsframe.examples.load("cop")
    text = iati.dumps(fw, identifier="XI-EXAMPLE-COP-2015", reporting_org=ORG)
    assert written in text
    (plain,) = iati.read(text.replace(written, hostile, 1).encode())
    assert plain.levels.name == "iati"
    assert plain.id == "XI-EXAMPLE-COP-2015"
