"""Links between frameworks and portfolios assessed together (issue 13 items 2, 3 and 5)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import resultsframe
from resultsframe import Framework, Indicator, Initiative, Mapping, Partner, Result
from resultsframe.examples.portfolio import cop_portfolio
from resultsframe.exceptions import UnknownIdError, ValidationError
from resultsframe.observations import Observations
from resultsframe.progress.portfolio import Portfolio, assess_portfolio

# --- the model: mappings and alignments ---------------------------------------------------


def test_cop_sits_under_connect_2020_goal_3_and_sdg_16_2() -> None:
    cop = resultsframe.examples.load("cop")
    goals = [(a.framework, a.goal, a.impact) for a in cop.aligned_to]
    assert goals == [
        ("ITU Connect 2020", "Goal 3", "impact"),
        ("Sustainable Development Goals", "16.2", "impact"),
    ]
    # The statements as the seed text words them.
    assert cop.aligned_to[0].statement == (
        "Sustainability: Manage challenges resulting from telecommunication/ICT development"
    )
    assert cop.aligned_to[1].statement == (
        "to end abuse, exploitation, trafficking and all forms of violence against and torture "
        "of children"
    )


def _with(cop: Framework, **changes: Any) -> Framework:
    inhope = attrs.evolve(cop.initiative("inhope-hotlines"), **changes)
    return attrs.evolve(
        cop, initiatives=[inhope if i.id == inhope.id else i for i in cop.initiatives]
    )


def test_a_rule_must_fit_the_umbrella_indicator() -> None:
    cop = resultsframe.examples.load("cop")
    with pytest.raises(ValidationError) as caught:
        _with(
            cop,
            framework="inhope",
            mappings=[
                Mapping(source="h", target="T2.a", rule="sum"),  # a share cannot be summed
                Mapping(source="h", target="P2.6.a", rule="shares"),  # a count is no share
                Mapping(source="h", target="T1.s1", rule="units"),  # 'case' counts: fits
                Mapping(source="h", target="T2.b", rule="units"),  # no such indicator
            ],
        )
    text = str(caught.value)
    assert "a share cannot be summed" in text
    assert "'shares' sums numerators and denominators, and P2.6.a is quantity" in text
    assert "T1.s1" not in text
    assert "'T2.b', which is not an indicator of the framework (did you mean" in text
    assert len(caught.value.problems) == 3


def test_units_needs_countable_units() -> None:
    money = Indicator("funds", "funds raised", unit="USD")
    fw = Framework(
        "fw",
        "fw",
        results=[Result("O1", "outcome", "x", indicators=[money])],
        partners=[Partner(id="p", name="p", kind="ngo")],
    )
    with pytest.raises(ValidationError, match="'units' combines units one by one"):
        attrs.evolve(
            fw,
            initiatives=[
                Initiative(
                    id="i",
                    partner="p",
                    name="i",
                    framework="m",
                    mappings=[Mapping(source="x", target="funds", rule="units")],
                )
            ],
        )


def test_a_member_is_a_framework_id_or_an_iati_activity() -> None:
    ok = Initiative(id="i", partner="p", name="i", framework="iati:XM-DAC-41122-1")
    assert ok.framework == "iati:XM-DAC-41122-1"
    with pytest.raises(ValidationError, match=r"Initiative\.framework: a member is"):
        Initiative(id="i", partner="p", name="i", framework="iati: spaced")
    with pytest.raises(ValidationError, match=r"Mapping\.rule must be one of .sum., .shares."):
        Mapping(source="a", target="b", rule="union")


def test_mappings_travel_in_the_document_and_the_diff() -> None:
    umbrella = cop_portfolio().umbrella
    again = resultsframe.document.loads(resultsframe.document.dumps(umbrella))
    assert again == umbrella
    changes = [str(d) for d in resultsframe.diff(resultsframe.examples.load("cop"), umbrella)]
    assert len(changes) == 4  # framework and mappings of the two initiatives
    assert any("inhope-hotlines" in c and "mappings" in c for c in changes)


# --- the COP portfolio: INHOPE's and the IWF's countries, overlap unknown ------------------


def test_cop_portfolio_gives_an_interval_never_one_number() -> None:
    report = assess_portfolio(cop_portfolio(), "2022-12-31")
    # INHOPE 42 countries (2021-12-15), IWF 50 (2022): between max = 50 and 42 + 50 = 92.
    assert report.interval("T2.a") == (50.0, 92.0)
    t2a = report.umbrella.indicators["T2.a"]
    assert t2a.value is None
    assert t2a.status.value == "not_assessable"
    # Out of 196 countries (the umbrella's own denominator): 50/196 = 25.5 %, 92/196 = 46.9 %.
    # Baseline 45/196 = 22.96 % (2014), target 70 %: (25.51 − 22.96)/(70 − 22.96) = 5 %,
    # (46.94 − 22.96)/(70 − 22.96) = 51 %.
    assert t2a.reason is not None
    assert "between 50 and 92 countries (25.5 % to 46.9 % of 196), never one number" in t2a.reason
    assert "5 % at the low end and 51 % at the high end" in t2a.reason
    combined = report.combined["T2.a"]
    assert [(c.partner, c.source, c.value) for c in combined.contributions] == [
        ("INHOPE", "hotline-countries", 42.0),
        ("IWF", "portal-countries", 50.0),
    ]
    assert report.findings == ()
    # Each member is assessed on its own data.
    assert report.members["iwf-portals"].indicators["portal-countries"].value == 50.0


def test_cop_portfolio_earlier_uses_the_figures_of_that_date() -> None:
    # By 2022-06-30: INHOPE 42 (2021-12-15), IWF 38 (2020): between 42 and 80.
    report = assess_portfolio(cop_portfolio(), "2022-06-30")
    assert report.interval("T2.a") == (42.0, 80.0)


def test_members_without_data_by_the_date_are_findings() -> None:
    report = assess_portfolio(cop_portfolio(), "2013-01-01")
    assert report.interval("T2.a") is None
    assert report.findings_of("T2.a") == (
        "inhope-hotlines (INHOPE): inhope-network hotline-countries → T2.a: inhope-network has "
        "no value of hotline-countries by 2013-01-01",
        "iwf-reporting-portals (IWF): iwf-portals portal-countries → T2.a: iwf-portals has no "
        "value of portal-countries by 2013-01-01",
    )


def test_broken_mappings_are_findings_never_dropped() -> None:
    portfolio = cop_portfolio()
    umbrella = _with(
        portfolio.umbrella,
        framework="inhope-network",
        mappings=[Mapping(source="hotline-countrys", target="T2.a", rule="units")],
    )
    iwf = portfolio.umbrella.initiative("iwf-reporting-portals")
    umbrella = attrs.evolve(
        umbrella,
        initiatives=[
            attrs.evolve(iwf, framework="iwf-elsewhere") if i.id == iwf.id else i
            for i in umbrella.initiatives
        ],
    )
    assert portfolio.observations is not None
    broken = Portfolio(
        umbrella=umbrella,
        members={"inhope-network": portfolio.members["inhope-network"]},
        observations=portfolio.observations.bind(umbrella),
    )
    report = assess_portfolio(broken, "2022-12-31")
    assert report.findings == (
        "inhope-hotlines (INHOPE): inhope-network hotline-countrys → T2.a: inhope-network has "
        "no indicator 'hotline-countrys' (did you mean 'hotline-countries'?)",
        "iwf-reporting-portals (IWF): iwf-elsewhere portal-countries → T2.a: member "
        "'iwf-elsewhere' is not in the portfolio (its members: inhope-network)",
    )
    # Nothing to combine: the umbrella keeps its own data (INHOPE 42/196 on 2021-12-15).
    assert report.interval("T2.a") is None
    assert report.umbrella.indicators["T2.a"].value == pytest.approx(100 * 42 / 196)


def test_a_member_no_initiative_names_is_refused() -> None:
    portfolio = cop_portfolio()
    members = {**portfolio.members, "iwf-portal": portfolio.members["iwf-portals"]}
    with pytest.raises(UnknownIdError, match="portfolio member 'iwf-portal' is not the framework"):
        assess_portfolio(attrs.evolve(portfolio, members=members), "2022")


# --- unit-level data: the union and the overlap by country ---------------------------------


def _opsc_parties() -> list[dict[str, Any]]:
    """Each state party to the OPSC, per country, in the year it became one (real data)."""
    text = (
        resources.files("resultsframe.examples")
        .joinpath("cop-opsc-parties-by-country.csv")
        .read_text(encoding="utf-8")
    )
    return [
        {
            "indicator": "parties",
            "period": row["year ratification or accession"],
            "area": row["iso2"],
            "value": 1,
        }
        for row in csv.DictReader(io.StringIO(text))
        if row["state party"] == "1"
    ]


def _count_fw(fid: str, indicator: str) -> Framework:
    return Framework(
        fid,
        fid,
        results=[
            Result("O1", "output", fid, indicators=[Indicator(indicator, fid, unit="country")])
        ],
    )


def test_unit_level_data_are_combined_by_country_and_the_overlap_named() -> None:
    opsc = _count_fw("opsc", "parties")
    # For tests: a second member counting three countries, two of them OPSC parties by 2015
    # (Afghanistan since 2002, the United Kingdom since 2009) and one that is not a UN member.
    other = _count_fw("other", "reached")
    other_rows = [
        {"indicator": "reached", "period": "2015", "area": a, "value": 1}
        for a in ("AF", "GB", "VA")
    ]
    umbrella = Framework(
        "umbrella",
        "umbrella",
        results=[
            Result(
                "O1",
                "outcome",
                "x",
                indicators=[Indicator("countries", "countries", unit="country")],
            )
        ],
        partners=[Partner(id="p", name="p", kind="other")],
        initiatives=[
            Initiative(
                id=f"via-{m}",
                partner="p",
                name=m,
                framework=m,
                mappings=[Mapping(source=s, target="countries", rule="units")],
            )
            for m, s in (("opsc", "parties"), ("other", "reached"))
        ],
    )
    report = assess_portfolio(
        Portfolio(
            umbrella=umbrella,
            members={
                "opsc": (opsc, Observations.from_records(_opsc_parties(), opsc)),
                "other": (other, Observations.from_records(other_rows, other)),
            },
        ),
        "2015-12-31",
    )
    combined = report.combined["countries"]
    # 170 parties by 2015 (SOURCES.md) ∪ {AF, GB, VA}: AF and GB are parties, VA is not:
    # 170 + 1 = 171, not 170 + 3 = 173.
    assert combined.exact
    assert combined.low == 171.0
    assert combined.overlap == {"AF": ("opsc", "other"), "GB": ("opsc", "other")}
    assert report.umbrella.indicators["countries"].value == 171.0


# --- the command -------------------------------------------------------------------------


def test_cli_portfolio_demo_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    from resultsframe.cli import main

    assert main(["portfolio", "cop", "--as-of", "2022-12-31"]) == 0
    text = capsys.readouterr().out
    assert "combined: between 50 and 92 (overlap unknown)" in text
    assert "INHOPE · inhope-network hotline-countries = 42 (2021-12-15)" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert main(["portfolio", "cop", "--as-of", "2022-12-31", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["combined"]["T2.a"]["low"] == 50.0
    assert found["combined"]["T2.a"]["high"] == 92.0
    assert found["combined"]["T2.a"]["exact"] is False


def test_cli_portfolio_with_member_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from resultsframe.cli import main

    portfolio = cop_portfolio()
    umbrella = tmp_path / "umbrella.json"
    umbrella.write_text(resultsframe.document.dumps(portfolio.umbrella), encoding="utf-8")
    members = []
    for member, (framework, observations) in portfolio.members.items():
        path = tmp_path / f"{member}.json"
        path.write_text(resultsframe.document.dumps(framework), encoding="utf-8")
        data = tmp_path / f"{member}.csv"
        assert observations is not None
        rows = observations.to_records()
        with data.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, ["indicator", "period", "value"])
            writer.writeheader()
            writer.writerows({k: r[k] for k in ("indicator", "period", "value")} for r in rows)
        members.append(f"{path}={data}")
    # Only the member of the IWF: INHOPE's is a finding, and the IWF's 50 is the only figure.
    assert main(["portfolio", str(umbrella), members[1], "--as-of", "2022-12-31"]) == 0
    text = capsys.readouterr().out
    assert "combined: 50" in text
    assert "member 'inhope-network' is not in the portfolio" in " ".join(text.split())
    # Without the umbrella's own data nothing says how many countries T2.a is out of: said.
    assert "combine to 50, and T2.a is a share: nothing gives the count" in " ".join(text.split())
    # With them (--data), 50 of the umbrella's 196 countries: 25.5 %.
    own = tmp_path / "own.csv"
    own.write_text("indicator,period,numerator,denominator\nT2.a,2014,45,196\n", encoding="utf-8")
    args = ["portfolio", str(umbrella), members[1], "--data", str(own), "--as-of", "2022-12-31"]
    assert main(args) == 0
    assert "umbrella: 25.5 percent" in capsys.readouterr().out
    assert main(["portfolio", str(umbrella), str(tmp_path / "nope.json")]) == 2
    assert "neither a built-in example" in capsys.readouterr().err


def test_an_iati_activity_is_a_member_with_its_published_actuals() -> None:
    from resultsframe import iati

    path = Path(__file__).parent / "data" / "iati" / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
    (activity,) = iati.read(path)
    member = f"iati:{activity.id}"
    umbrella = Framework(
        "umbrella",
        "umbrella",
        results=[Result("O1", "outcome", "x", indicators=[Indicator("reached", "reached")])],
        partners=[
            Partner(id="UNDP", name="United Nations Development Programme", kind="un_agency")
        ],
        initiatives=[
            Initiative(
                id="guinea",
                partner="UNDP",
                name="UNDP Guinea project",
                framework=member,
                mappings=[
                    Mapping(source="r1.1", target="reached", rule="sum"),
                    Mapping(source="r1.99", target="reached", rule="sum"),
                ],
            )
        ],
    )
    report = assess_portfolio(
        Portfolio(umbrella=umbrella, members={member: (activity, None)}), "2017-12-31"
    )
    # The activity's 2017 actual of r1.1 as published: 21106; r1.99 is not one of its indicators.
    assert report.interval("reached") == (21106.0, 21106.0)
    assert report.umbrella.indicators["reached"].value == 21106.0
    assert len(report.findings) == 1
    assert f"{member} has no indicator 'r1.99'" in report.findings[0]


def test_a_unit_that_does_not_convert_is_a_finding() -> None:
    portfolio = cop_portfolio()
    # For tests: the IWF's member counting cases instead of countries.
    cases = Framework(
        "iwf-portals",
        "iwf-portals",
        results=[
            Result(
                "O1", "output", "x", indicators=[Indicator("portal-countries", "x", unit="case")]
            )
        ],
    )
    rows = [{"indicator": "portal-countries", "period": "2022", "value": 50}]
    members = {
        **portfolio.members,
        "iwf-portals": (cases, Observations.from_records(rows, cases)),
    }
    report = assess_portfolio(attrs.evolve(portfolio, members=members), "2022-12-31")
    assert report.findings == (
        "iwf-reporting-portals (IWF): iwf-portals portal-countries → T2.a: portal-countries is "
        "in case, which does not convert to country",
    )
    # Only INHOPE's 42 is left: one number, 42 of 196 countries = 21.4 %.
    assert report.interval("T2.a") == (42.0, 42.0)
    assert report.umbrella.indicators["T2.a"].value == pytest.approx(100 * 42 / 196)


def test_alignments_are_shown_and_compared(capsys: pytest.CaptureFixture[str]) -> None:
    from resultsframe.cli import main

    assert main(["show", "cop"]) == 0
    shown = capsys.readouterr().out
    assert "Under ITU Connect 2020 Goal 3 through impact: Sustainability" in shown
    assert "Under Sustainable Development Goals 16.2 through impact" in shown
    cop = resultsframe.examples.load("cop")
    changes = resultsframe.diff(cop, attrs.evolve(cop, aligned_to=cop.aligned_to[:1]))
    assert [(d.change, d.kind, d.field) for d in changes] == [
        ("changed", "framework", "aligned_to")
    ]
