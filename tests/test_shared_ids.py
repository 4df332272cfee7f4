"""A result and an indicator with the same official code (SDG 16.2.1): ids stay one namespace.

An id names one thing everywhere it is written: ``fw.fill({"16.2.1": …})``, an observation
file's ``indicator`` column, ``resultsframe explain 16.2.1``, ``report["16.2.1"]``, diffs and
tables. So a result and an indicator never share an id; the official code, which two of them
may share, is kept as a reference of each (``Reference(vocabulary=…, code="16.2.1")``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import resultsframe
from conftest import RunCli
from resultsframe import Framework, Indicator, Result, Target, ValidationError
from resultsframe import document as doc
from resultsframe.model import Reference
from resultsframe.observations import Observations

CODE = Reference(vocabulary="SDG", code="16.2.1")


def test_a_result_and_an_indicator_sharing_an_id_are_refused_with_the_way_around() -> None:
    indicator = Indicator("16.2.1", "children punished", unit="%", targets=[Target("0 %")])
    with pytest.raises(ValidationError) as caught:
        Framework(
            "sdg", "SDG 16", [Result("16.2.1", "target", "End abuse", indicators=[indicator])]
        )
    (problem,) = caught.value.problems
    assert problem.code == "duplicate-id"
    assert problem.where == ("16.2.1",)
    assert "an id names one thing" in problem.message
    assert "'16.2.1.i'" in problem.message
    assert "references=[Reference(vocabulary='SDG', code='16.2.1')]" in problem.message


def _framework() -> Framework:
    # The target-level result and its indicator both carry the official code 16.2.1.
    indicator = Indicator(
        "16.2.1.i",
        "children aged 1-17 who experienced punishment by caregivers",
        unit="%",
        direction="decrease",
        baselines=[resultsframe.Baseline("80 %", period="2015")],
        targets=[Target("40 %", due="2030-12-31")],
        references=[CODE],
    )
    return Framework(
        "sdg",
        "SDG 16",
        [
            Result(
                "16.2.1",
                "target",
                "End abuse and violence against children",
                indicators=[indicator],
                references=[CODE],
            )
        ],
        start="2016-01-01",
        end="2030-12-31",
    )


def test_the_way_around_keeps_the_code_on_both_and_every_lookup_names_one_thing() -> None:
    fw = _framework()
    assert fw.results["16.2.1"].references == (CODE,)
    assert fw.indicators["16.2.1.i"].references == (CODE,)
    obs = Observations.from_records([{"indicator": "16.2.1.i", "period": "2020", "value": 70}], fw)
    report = resultsframe.assess(fw, obs, as_of="2020-12-31")
    # (70 − 80) / (40 − 80) = 0.25 of the way down from 80 % to 40 %.
    assert report["16.2.1.i"].achievement == pytest.approx(0.25)
    assert report["16.2.1"].kind == "result"
    assert report["16.2.1"].progress == pytest.approx(0.25)
    assert doc.loads(doc.dumps(fw)) == fw
    by_code = [
        (kind, item.id)
        for kind, items in (("result", fw.results), ("indicator", fw.indicators))
        for item in items.values()
        if any(r.code == "16.2.1" for r in item.references)
    ]
    assert by_code == [("result", "16.2.1"), ("indicator", "16.2.1.i")]


def test_explain_on_the_command_line_names_one_thing(cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "sdg.json"
    doc.dump(_framework(), path)
    ran = cli("explain", "16.2.1", str(path), "--as-of", "2020-12-31")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("16.2.1 (target) as of 2020-12-31")
