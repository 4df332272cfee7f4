"""A misspelt name is answered with the closest ones, in Python as on the command line.

Every lookup by name (an id, a unit, a level, a scheme, a measure, a status method's or a
derivation's choice) raises a ResultsframeError subclass whose message names the closest
names the library knows; lookups by id stay KeyErrors, so ``in``, ``.get`` and ``except
KeyError`` work as before.
"""

from __future__ import annotations

import io
import json
import pickle

import pytest

import resultsframe
from resultsframe import UnitError, UnknownIdError, ValidationError
from resultsframe.exceptions import close_names, did_you_mean
from resultsframe.levels import SCHEMES, scheme
from resultsframe.methods import Aggregation, ShareOfUnits
from resultsframe.units import parse_unit


@pytest.fixture(scope="module")
def cop() -> resultsframe.Framework:
    return resultsframe.examples.load("cop")


def test_one_helper_lists_the_closest_names_case_first() -> None:
    assert close_names("t1.A", ["T1.a", "T1.b"]) == ["T1.a"]
    assert did_you_mean("progres", ["progress", "plot"]) == "did you mean 'progress'?"
    assert did_you_mean("zzz", ["T1.a"]) == ""
    assert did_you_mean("T1.x", ["T1.a", "T1.b"], n=2) == "did you mean 'T1.b' or 'T1.a'?"


def test_an_unknown_indicator_names_the_closest_ids(cop: resultsframe.Framework) -> None:
    with pytest.raises(UnknownIdError) as caught:
        cop.indicators["T1.x"]
    # COP's indicators closest to "T1.x": T1.a, then two of T1's sub-indicators.
    assert str(caught.value) == (
        "framework 'cop-2015' has no indicator 'T1.x'; did you mean 'T1.a', 'T1.s3' or 'T1.s2'?"
    )
    assert isinstance(caught.value, KeyError)


def test_an_unknown_result_names_the_closest_ids(cop: resultsframe.Framework) -> None:
    with pytest.raises(KeyError, match=r"has no result 'T11'; did you mean 'T1'"):
        cop.results["T11"]
    with pytest.raises(UnknownIdError, match=r"did you mean 'impact'\?"):
        cop.parents("impakt")
    with pytest.raises(UnknownIdError, match=r"has no indicator 'T1a'; did you mean 'T1.a'"):
        cop.result_of("T1a")


def test_lookups_stay_a_mapping(cop: resultsframe.Framework) -> None:
    assert "T1.a" in cop.indicators
    assert "T1.x" not in cop.indicators
    assert cop.indicators.get("T1.x") is None
    assert cop.results.get("O9", "none") == "none"
    assert len(cop.indicators) == 26  # the COP example's indicators
    assert list(cop.results)[:2] == ["impact", "O1"]
    with pytest.raises(TypeError):
        cop.indicators["T1.a"] = cop.indicators["T2.a"]  # type: ignore[index]
    again = pickle.loads(pickle.dumps(cop))
    with pytest.raises(UnknownIdError, match=r"did you mean 'T1\.a'"):
        again.indicators["T1.A"]


def test_an_unknown_unit_names_the_closest_units() -> None:
    with pytest.raises(UnitError, match=r"unknown unit 'persn'; did you mean 'person'"):
        parse_unit("persn")
    with pytest.raises(UnitError, match=r"did you mean 'countries', 'country'"):
        parse_unit("countrie")
    with pytest.raises(UnitError, match=r"did you mean 'percent'"):
        parse_unit("Percent")
    # Nothing close: the advice alone, as before.
    with pytest.raises(UnitError, match=r"unknown unit 'zzzqx'; use a unit pint knows"):
        parse_unit("zzzqx")


def test_an_unknown_level_or_scheme_names_the_closest() -> None:
    with pytest.raises(UnknownIdError, match=r"'usiad' \(did you mean 'usaid'\?\)"):
        scheme("usiad")
    with pytest.raises(UnknownIdError, match=r"'outcom' \(did you mean 'outcome'\?\)"):
        SCHEMES["default"].rank("outcom")


def test_a_level_not_in_the_scheme_names_the_closest() -> None:
    with pytest.raises(
        ValidationError,
        match=r"level 'outcom' is not in the scheme 'default' "
        r"\(did you mean 'outcome'\?\)",
    ):
        resultsframe.Framework("f", "F", [resultsframe.Result("r", "outcom", "A result")])


def test_named_choices_name_the_closest() -> None:
    with pytest.raises(ValueError, match=r"unknown aggregation 'minimun' \(did you mean 'minimum'"):
        Aggregation("minimun")
    with pytest.raises(ValidationError, match=r"unknown rule 'alll' \(did you mean 'all'\?\)"):
        ShareOfUnits(rule="alll")
    with pytest.raises(
        ValidationError,
        match=r"unknown direction 'increse' \(did you mean "
        r"'increase'\?\)",
    ):
        resultsframe.Indicator("i", "I", unit="%", direction="increse")
    with pytest.raises(ValidationError, match=r"got 'NGO' \(did you mean 'ngo'\?\)"):
        resultsframe.Partner(id="p", name="P", kind="NGO")


def test_an_unknown_reporter_or_indicator_in_observations_names_the_closest(
    cop: resultsframe.Framework,
) -> None:
    with pytest.raises(
        resultsframe.DocumentError,
        match=r"unknown indicator 'T1.aa' \(did you "
        r"mean 'T1.a'\?\)",
    ):
        resultsframe.Observations.from_records(
            [{"indicator": "T1.aa", "period": "2019", "value": 50}], cop
        )


def test_a_report_an_example_a_status_and_fill_name_the_closest(
    cop: resultsframe.Framework,
) -> None:
    report = resultsframe.assess(cop, as_of="2020-12-31")
    with pytest.raises(KeyError, match=r"has no result or indicator 'T2\.x'.*did you mean 'T2\.a'"):
        report["T2.x"]
    with pytest.raises(
        UnknownIdError, match=r"no built-in example 'coop' \(did you mean 'cop'\?\)"
    ):
        resultsframe.examples.load("coop")
    with pytest.raises(
        ValueError, match=r"unknown status 'on track' \(did you mean 'on_track'\?\)"
    ):
        resultsframe.Status("on track")
    with pytest.raises(
        resultsframe.FillError, match=r"'T4\.x' \(did you mean 'T4\.b' or 'T4\.a'\?\)"
    ):
        cop.fill({"T4.x": "50 %"})


def test_a_document_and_an_observation_kind_name_the_closest(cop: resultsframe.Framework) -> None:
    document = json.loads(resultsframe.document.dumps(cop))
    document["framework"]["results"][0]["indicators"][0]["direction"] = "increse"
    with pytest.raises(
        resultsframe.DocumentError, match=r'got "increse" \(did you mean "increase"'
    ):
        resultsframe.document.loads(json.dumps(document))
    document = json.loads(resultsframe.document.dumps(cop))
    document["framework"]["status_method"] = {"method": "bnd", "tolerance": 0.1}
    with pytest.raises(resultsframe.DocumentError, match=r'got "bnd" \(did you mean "band"\?\)'):
        resultsframe.document.loads(json.dumps(document))
    with pytest.raises(
        resultsframe.DocumentError, match=r"'estimat' \(did you mean 'estimate'\?\)"
    ):
        resultsframe.Observations.from_records(
            [{"indicator": "T1.a", "period": "2019", "value": 5, "kind": "estimat"}], cop
        )


def test_a_misspelt_heading_of_an_observations_file_is_named(cop: resultsframe.Framework) -> None:
    with pytest.raises(resultsframe.DocumentError, match=r"\(is 'valeu' meant to be 'value'\?\)"):
        resultsframe.Observations.from_csv(
            io.StringIO("indicator,period,valeu\nT1.a,2019,5\n"), cop
        )
    with pytest.raises(resultsframe.DocumentError, match=r"unknown column 'sexx' \(did you mean "):
        resultsframe.Observations.from_csv(
            io.StringIO("indicator,period,value,sexx\nT1.a,2019,5,f\n"), cop
        )
