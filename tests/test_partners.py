"""Partners and their initiatives: the records, the framework's checks, documents, diff, show."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

import resultsframe
from resultsframe import (
    DocumentError,
    Framework,
    Funding,
    Initiative,
    Partner,
    PartnerKind,
    ResultsframeError,
    UnknownIdError,
    ValidationError,
    diff,
    examples,
)
from resultsframe import document as doc
from resultsframe.cli import main
from resultsframe.model.countries import COUNTRIES, check_country
from resultsframe.periods import fiscal_years
from resultsframe.units import parse_unit

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR = jsonschema.Draft202012Validator(doc.schema())


@pytest.fixture(scope="module")
def cop() -> Framework:
    return examples.load("cop")


def _iwf() -> Partner:
    return Partner(id="IWF", name="Internet Watch Foundation", kind="ngo")


def _portals(**changes: Any) -> Initiative:
    fields: dict[str, Any] = {
        "id": "portals",
        "partner": "IWF",
        "name": "IWF international reporting portals",
        "contributes_to": ("P2.6.a",),
        "period": "2017-10/2022",
    }
    return Initiative(**{**fields, **changes})


def _with(fw: Framework, partners: list[Partner], initiatives: list[Initiative]) -> Framework:
    return attrs.evolve(fw, partners=partners, initiatives=initiatives)


# --- the records ---------------------------------------------------------------------------------


def test_a_partner_reads_its_kind_from_the_vocabulary() -> None:
    partner = Partner(id="CoE", name="Council of Europe", kind="intergovernmental")
    assert partner.kind is PartnerKind.INTERGOVERNMENTAL
    assert [k.value for k in PartnerKind] == [
        "un_agency",
        "intergovernmental",
        "government",
        "ngo",
        "industry",
        "academic",
        "network",
        "other",
    ]
    with pytest.raises(
        ValidationError, match=r"Partner.kind must be one of 'un_agency', .*'charity'"
    ):
        Partner(id="x", name="x", kind="charity")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id": "I W F"}, "partner id must be a non-empty text without spaces"),
        ({"name": " "}, "Partner.name must be a non-empty text"),
        ({"url": "www.iwf.org.uk"}, "Partner.url must start with 'https://' or 'http://'"),
    ],
)
def test_a_partner_refuses_a_bad_field_naming_it(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        attrs.evolve(_iwf(), **fields)


def test_partners_and_initiatives_are_made_with_keywords() -> None:
    with pytest.raises(ValidationError, match="positional"):
        Partner("IWF", "Internet Watch Foundation", "ngo")  # type: ignore[call-arg]


def test_an_initiative_reads_its_period_and_keeps_its_contributions_in_order() -> None:
    initiative = _portals(contributes_to=["P2.6.a", "P2.6"], countries="TZ")
    assert initiative.contributes_to == ("P2.6.a", "P2.6")
    assert initiative.countries == ("TZ",)
    assert initiative.period is not None
    assert (initiative.period.start, initiative.period.end) == (
        date(2017, 10, 1),
        date(2022, 12, 31),
    )


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        (["tz"], "'tz' is written in capitals: 'TZ'"),
        (["UK"], "'UK' is not an ISO 3166-1 alpha-2 code; the United Kingdom is 'GB'"),
        (["TZA"], "'TZA' looks like an alpha-3 code"),
        (["ZZ"], "'ZZ' is not an ISO 3166-1 alpha-2 code"),
        (["TZ", "SN", "TZ"], "lists 'TZ' twice"),
    ],
)
def test_an_initiative_refuses_countries_that_are_not_alpha_2_codes(
    countries: list[str], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        _portals(countries=countries)


def test_an_initiative_refuses_an_id_given_twice_in_contributes_to() -> None:
    with pytest.raises(ValidationError, match=r"names 'T2\.a' twice"):
        _portals(contributes_to=["T2.a", "T2.a"])
    with pytest.raises(ValidationError, match="contributes_to must hold ids"):
        _portals(contributes_to=["T2 a"])


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (-1, "USD", "Funding.amount must be a finite number, 0 or more; got -1"),
        (float("nan"), "USD", "Funding.amount must be a finite number"),
        (True, "USD", "Funding.amount must be a finite number"),
        ("5", "USD", "Funding.amount must be a finite number"),
        (5, "usd", "currency codes are written in capitals: 'USD'"),
        (5, "ABC", "Funding.currency must be an ISO 4217 code"),
    ],
)
def test_funding_refuses_what_is_not_an_amount_in_a_currency(
    amount: Any, currency: Any, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Funding(amount=amount, currency=currency)


def test_funding_is_a_quantity_in_its_currency_never_converted() -> None:
    funding = Funding(amount=250_000, currency="XOF")
    assert funding.quantity.magnitude == 250_000
    assert funding.quantity.units == parse_unit("XOF")
    assert (
        funding.quantity.dimensionality != Funding(amount=1, currency="USD").quantity.dimensionality
    )


def test_the_country_codes_are_the_249_iso_codes_and_cover_every_un_member_state() -> None:
    assert len(COUNTRIES) == len(set(COUNTRIES)) == 249
    assert list(COUNTRIES) == sorted(COUNTRIES)
    path = ROOT / "src" / "resultsframe" / "examples" / "cop-opsc-parties-by-country.csv"
    with path.open(encoding="utf-8") as rows:
        members = [row["iso2"] for row in csv.DictReader(rows)]
    assert len(members) == 193
    # The treaty data still writes East Timor's code of before 2002; the message says today's.
    assert [check_country(code) for code in members if code != "TP"] == [
        code for code in members if code != "TP"
    ]
    with pytest.raises(
        ValueError, match="'TP' is not an ISO 3166-1 alpha-2 code; Timor-Leste is 'TL'"
    ):
        check_country("TP")


# --- the framework's checks -----------------------------------------------------------------------


def test_every_problem_of_partners_and_initiatives_is_reported_at_once(cop: Framework) -> None:
    stray = _portals(id="stray", partner="IWG", contributes_to=["P2.6.a", "P2.7"])
    with pytest.raises(ValidationError) as caught:
        _with(cop, [_iwf(), _iwf()], [_portals(), _portals(), stray])
    assert [(p.code, p.where) for p in caught.value.problems] == [
        ("duplicate-partner", ("IWF",)),
        ("duplicate-initiative", ("portals",)),
        ("unknown-partner", ("stray", "IWG")),
        ("unknown-contribution", ("stray", "P2.7")),
    ]
    messages = [p.message for p in caught.value.problems]
    assert "(did you mean 'IWF'?)" in messages[2]
    assert "the framework's partners (IWF); add it to partners or correct the id" in messages[2]
    assert "neither a result nor an indicator of the framework" in messages[3]


def test_an_initiative_may_contribute_to_results_and_indicators_alike(cop: Framework) -> None:
    fw = _with(cop, [_iwf()], [_portals(contributes_to=["P2.6", "P2.6.a", "T2.a", "impact"])])
    assert fw.initiative("portals").contributes_to == ("P2.6", "P2.6.a", "T2.a", "impact")


def test_a_fiscal_year_period_is_the_framework_s_fiscal_year(cop: Framework) -> None:
    with pytest.raises(ValidationError, match="no fiscal year end is declared"):
        _portals(period="FY2020")
    with fiscal_years("06-30"):
        fiscal = _portals(period="FY2020")
    with pytest.raises(ValidationError) as caught:
        _with(cop, [_iwf()], [fiscal])  # a framework whose years are calendar years
    assert [(p.code, p.where) for p in caught.value.problems] == [
        ("fiscal-year", ("portals", "period"))
    ]
    fw = _with(attrs.evolve(cop, fiscal_year_end="06-30"), [_iwf()], [fiscal])
    period = fw.initiative("portals").period
    assert period is not None
    assert (period.start, period.end) == (date(2019, 7, 1), date(2020, 6, 30))
    # A document declares its year end before its initiatives are read.
    data = doc.to_dict(fw)
    assert doc.from_dict(data) == fw
    del data["framework"]["fiscal_year_end"]
    with pytest.raises(
        DocumentError, match=r"\$.framework.initiatives\[0\].period: 'FY2020' is a fiscal year"
    ):
        doc.from_dict(data)


def test_lookups_name_the_closest_id_and_list_the_others(cop: Framework) -> None:
    assert cop.partner("IWF").name == "Internet Watch Foundation"
    assert cop.initiative("inhope-hotlines").partner == "INHOPE"
    with pytest.raises(
        UnknownIdError, match=r"no partner 'IWG' \(did you mean 'IWF'\?\); its partners: ITU,"
    ):
        cop.partner("IWG")
    with pytest.raises(KeyError):  # an UnknownIdError is a KeyError
        cop.initiative("nothing-like-it")
    with pytest.raises(UnknownIdError, match="has no result or indicator 'T9'"):
        cop.contributions_to("T9")
    with pytest.raises(UnknownIdError, match="no partner 'nobody'"):
        cop.initiatives_of("nobody")


def test_a_long_list_of_partners_is_cut_in_messages(cop: Framework) -> None:
    many = [Partner(id=f"p{n}", name=f"Partner {n}", kind="other") for n in range(30)]
    fw = _with(cop, many, [])
    with pytest.raises(UnknownIdError) as caught:
        fw.partner("nobody")
    # 12 listed, 30 - 12 = 18 counted.
    assert str(caught.value).endswith("p9, p10, p11 … and 18 more")


def test_lookups_by_partner_and_by_what_is_contributed_to(cop: Framework) -> None:
    second = _portals(id="portals-2", contributes_to=["T2.a"])
    fw = _with(cop, [_iwf(), *cop.partners[:1]], [_portals(), second])
    assert [i.id for i in fw.initiatives_of("IWF")] == ["portals", "portals-2"]
    assert fw.initiatives_of("ITU") == ()
    assert [i.id for i in fw.contributions_to("T2.a")] == ["portals-2"]
    assert fw.contributions_to("T1.a") == ()


def test_removing_a_result_keeps_the_initiatives_without_its_ids(cop: Framework) -> None:
    fw = _with(cop, [_iwf()], [_portals(contributes_to=["P2.6", "P2.6.a", "T2.a"])])
    variant = fw.without_result("P2.6")
    # P2.6 and its indicator P2.6.a are gone; T2.a stays.
    assert variant.initiative("portals").contributes_to == ("T2.a",)
    assert variant.partners == fw.partners


# --- documents and the schema ---------------------------------------------------------------------


def test_a_framework_with_partners_comes_back_from_its_document(cop: Framework) -> None:
    funded = _portals(countries=["TZ", "SN"], funding=Funding(amount=1.5e6, currency="GBP"))
    fw = _with(cop, [attrs.evolve(_iwf(), url="https://www.iwf.org.uk")], [funded])
    text = doc.dumps(fw)
    again = doc.loads(text)
    assert again == fw
    assert doc.dumps(again) == text
    body = json.loads(text)["framework"]
    assert body["partners"] == [
        {
            "id": "IWF",
            "name": "Internet Watch Foundation",
            "kind": "ngo",
            "url": "https://www.iwf.org.uk",
        }
    ]
    assert body["initiatives"][0]["funding"] == {"amount": 1500000, "currency": "GBP"}
    assert "partners" not in doc.to_dict(Framework("empty", "Empty"))["framework"]


def _document(cop: Framework) -> dict[str, Any]:
    return doc.to_dict(_with(cop, [_iwf()], [_portals(countries=["TZ"])]))


def test_problems_of_the_whole_name_their_json_path(cop: Framework) -> None:
    data = _document(cop)
    body = data["framework"]
    body["partners"].append(dict(body["partners"][0]))
    body["initiatives"].append(
        {"id": "x", "partner": "IWG", "name": "x", "contributes_to": ["T1.a", "T9"]}
    )
    with pytest.raises(ValidationError) as caught:
        doc.from_dict(data)
    assert [p.where[0] for p in caught.value.problems] == [
        "$.framework.partners[0]",  # and [1]
        "$.framework.initiatives[1].partner",
        "$.framework.initiatives[1].contributes_to[1]",
    ]
    assert caught.value.problems[0].where[:2] == (
        "$.framework.partners[0]",
        "$.framework.partners[1]",
    )


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split("/")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


_PARTNER = "framework/partners/0"
_INITIATIVE = "framework/initiatives/0"
_BAD = {
    "a kind outside the vocabulary": _set(f"{_PARTNER}/kind", "charity"),
    "a partner without a kind": lambda d: d["framework"]["partners"][0].pop("kind"),
    "an unknown key on a partner": _set(f"{_PARTNER}/colour", "red"),
    "a url without its scheme": _set(f"{_PARTNER}/url", "www.iwf.org.uk"),
    "an initiative without a partner": lambda d: d["framework"]["initiatives"][0].pop("partner"),
    "a partner id with a space": _set(f"{_INITIATIVE}/partner", "I W F"),
    "an id twice in contributes_to": _set(f"{_INITIATIVE}/contributes_to", ["T2.a", "T2.a"]),
    "countries as a text": _set(f"{_INITIATIVE}/countries", "TZ"),
    "an alpha-3 country": _set(f"{_INITIATIVE}/countries", ["TZA"]),
    "a country in lower case": _set(f"{_INITIATIVE}/countries", ["tz"]),
    "a country twice": _set(f"{_INITIATIVE}/countries", ["TZ", "TZ"]),
    "a currency in lower case": _set(f"{_INITIATIVE}/funding", {"amount": 5, "currency": "usd"}),
    "a negative amount": _set(f"{_INITIATIVE}/funding", {"amount": -5, "currency": "USD"}),
    "an amount as a text": _set(f"{_INITIATIVE}/funding", {"amount": "5", "currency": "USD"}),
    "funding without a currency": _set(f"{_INITIATIVE}/funding", {"amount": 5}),
    "a period that is a quarter": _set(f"{_INITIATIVE}/period", "2017-Q3"),
}


@pytest.mark.parametrize("change", _BAD.values(), ids=_BAD.keys())
def test_the_schema_and_the_reader_both_refuse(
    cop: Framework, change: Callable[[dict[str, Any]], object]
) -> None:
    data = _document(cop)
    change(data)
    assert list(VALIDATOR.iter_errors(data)) != []
    with pytest.raises(ResultsframeError):
        doc.from_dict(data)


_GOOD = {
    "as written": lambda d: None,
    "every kind": _set(f"{_PARTNER}/kind", "academic"),
    "an http url": _set(f"{_PARTNER}/url", "http://example.org"),
    "no contributions": lambda d: d["framework"]["initiatives"][0].pop("contributes_to"),
    "a period of one day": _set(f"{_INITIATIVE}/period", "2018-12-06"),
    "null for an optional field": _set(f"{_INITIATIVE}/funding", None),
    "funding of zero": _set(f"{_INITIATIVE}/funding", {"amount": 0, "currency": "CHF"}),
    "funding in a fraction": _set(f"{_INITIATIVE}/funding", {"amount": 12.5, "currency": "EUR"}),
}


@pytest.mark.parametrize("change", _GOOD.values(), ids=_GOOD.keys())
def test_the_schema_and_the_reader_both_accept(
    cop: Framework, change: Callable[[dict[str, Any]], object]
) -> None:
    data = _document(cop)
    change(data)
    assert list(VALIDATOR.iter_errors(data)) == []
    assert isinstance(doc.from_dict(data), Framework)


def test_a_bad_record_in_a_document_names_its_path(cop: Framework) -> None:
    data = _document(cop)
    _set(f"{_PARTNER}/kind", "charity")(data)
    _set(f"{_INITIATIVE}/funding", {"amount": -5, "currency": "USD"})(data)
    with pytest.raises(DocumentError) as caught:
        doc.from_dict(data)
    assert [p.where for p in caught.value.problems] == [
        ("$.framework.partners[0].kind",),
        ("$.framework.initiatives[0].funding",),
    ]


def test_the_schema_lists_the_models_countries_and_currencies() -> None:
    from resultsframe.units import CURRENCIES

    defs = doc.schema()["$defs"]
    assert defs["country"]["enum"] == list(COUNTRIES)
    assert defs["currency"]["enum"] == list(CURRENCIES)


# --- the builder ----------------------------------------------------------------------------------


def test_the_builder_reads_partners_and_initiatives_from_dicts() -> None:
    fw = resultsframe.build(
        {
            "id": "demo",
            "title": "Demo",
            "results": {"goal": {"level": "impact", "statement": "Children are safe online"}},
            "partners": {"hotline": {"name": "A hotline", "kind": "ngo"}},
            "initiatives": [
                {
                    "id": "reports",
                    "partner": "hotline",
                    "name": "Reports",
                    "contributes_to": "goal",
                    "countries": ["KE"],
                    "funding": {"amount": 10_000, "currency": "KES"},
                }
            ],
        }
    )
    assert fw.partner("hotline") == Partner(id="hotline", name="A hotline", kind="ngo")
    assert fw.initiative("reports") == Initiative(
        id="reports",
        partner="hotline",
        name="Reports",
        contributes_to=("goal",),
        countries=("KE",),
        funding=Funding(amount=10_000, currency="KES"),
    )


def test_the_builder_places_each_problem() -> None:
    spec = {
        "id": "demo",
        "title": "Demo",
        "partners": {"hotline": {"name": "A hotline", "kind": "charity"}},
        "initiatives": {
            "reports": {
                "partner": "hotline",
                "name": "R",
                "funding": {"amount": -1, "currency": "KES"},
            }
        },
    }
    with pytest.raises(DocumentError) as caught:
        resultsframe.build(spec)
    assert [p.where for p in caught.value.problems] == [
        ("$.partners.hotline.kind",),
        ("$.initiatives.reports.funding.amount",),
    ]


# --- diff -----------------------------------------------------------------------------------------


def test_diff_reports_partners_and_initiatives_added_removed_and_changed(cop: Framework) -> None:
    before = _with(cop, [_iwf()], [_portals()])
    after = _with(
        cop,
        [attrs.evolve(_iwf(), kind="network"), Partner(id="X", name="X", kind="other")],
        [_portals(contributes_to=["P2.6.a", "T2.a"], funding=Funding(amount=5, currency="USD"))],
    )
    assert [str(d) for d in diff(before, after)] == [
        'changed partner IWF kind: "ngo" → "network"',
        'added partner X: {"id": "X", "name": "X", "kind": "other"}',
        'changed initiative portals contributes_to: ["P2.6.a"] → ["P2.6.a", "T2.a"]',
        'changed initiative portals funding: null → {"amount": 5, "currency": "USD"}',
    ]
    removed = [str(d) for d in diff(before, _with(cop, [], []))]
    assert removed == [
        'removed partner IWF: {"id": "IWF", "name": "Internet Watch Foundation", "kind": "ngo"}',
        'removed initiative portals: {"id": "portals", "partner": "IWF", "name": "IWF international '
        'reporting portals", "contributes_to": ["P2.6.a"], "period": "2017-10/2022"}',
    ]


def test_diff_reports_partners_in_another_order(cop: Framework) -> None:
    reordered = attrs.evolve(cop, partners=cop.partners[::-1])
    found = diff(cop, reordered)
    assert [(d.kind, d.field) for d in found] == [("framework", "order of partners")]
    assert found[0].after == [p.id for p in cop.partners[::-1]]


# --- the built-in example --------------------------------------------------------------------------


def test_the_cop_example_names_its_partners_and_the_initiatives_of_its_series(
    cop: Framework,
) -> None:
    assert [p.id for p in cop.partners] == [
        "ITU",
        "ICMEC",
        "INHOPE",
        "IWF",
        "CoE",
        "INTERPOL",
        "EC",
        "WeProtect",
        "SRSG-VAC",
    ]
    assert all(p.source for p in cop.partners)
    assert {i.id: (i.partner, i.contributes_to) for i in cop.initiatives} == {
        "icmec-global-review": ("ICMEC", ("T1.a",)),
        "inhope-hotlines": ("INHOPE", ("T2.a",)),
        "iwf-reporting-portals": ("IWF", ("P2.6.a",)),
        "lanzarote-convention": ("CoE", ("P1.2.a",)),
        "icse-database": ("INTERPOL", ("T5.g",)),
    }
    # Only what the sources state: no countries, no funding.
    assert all(i.countries == () and i.funding is None and i.source for i in cop.initiatives)


def test_each_cop_initiative_spans_the_figures_of_its_series(cop: Framework) -> None:
    path = ROOT / "src" / "resultsframe" / "examples" / "cop-observations.csv"
    with path.open(encoding="utf-8") as rows:
        periods: dict[str, list[str]] = {}
        for row in csv.DictReader(rows):
            periods.setdefault(row["indicator"], []).append(row["period"])
    for initiative in cop.initiatives:
        (indicator,) = initiative.contributes_to
        assert initiative.period is not None
        # The span from its first published figure to its last, as written in the file.
        assert initiative.period.text == f"{periods[indicator][0]}/{periods[indicator][-1]}"


def test_show_lists_the_partners_and_their_initiatives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "cop"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("9 partners, 5 initiatives:") :].splitlines()
    assert section[:5] == [
        "9 partners, 5 initiatives:",
        "ITU (un agency)  International Telecommunication Union",
        "ICMEC (ngo)  International Center for Missing and Exploited Children",
        "    ▸ icmec-global-review  Child Pornography: Model Legislation & Global Review → T1.a · "
        "2006/2018-12-06",
        "INHOPE (network)  International Association of Internet Hotlines",
    ]
    assert section[-1] == "⧗ 13 values pending: see `resultsframe pending cop`"


def test_show_says_nothing_of_partners_when_there_are_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cop: Framework
) -> None:
    path = tmp_path / "plain.json"
    doc.dump(_with(cop, [], []), path)
    assert main(["show", str(path)]) == 0
    assert "partner" not in capsys.readouterr().out
