"""Ordinal indicators with named stages: "consultation completed" → … → "board established"."""

from __future__ import annotations

from typing import Any

import pytest

import resultsframe as rf
from resultsframe import document as doc
from resultsframe.model import Baseline
from resultsframe.reporting import to_text
from resultsframe.units import Quantity

STAGES = ("consultation completed", "drafted", "adopted", "board established")


def framework(
    *,
    baseline: Baseline | None = None,
    target: rf.Target | None = None,
) -> rf.Framework:
    indicator = rf.Indicator(
        "R.a",
        "state of the child protection law",
        measure="ordinal",
        stages=STAGES,
        baselines=[baseline or Baseline(text="consultation completed", period="2015")],
        targets=[target or rf.Target(text="board established", due="2020-12-31")],
    )
    return rf.Framework(
        "reform",
        "Reform",
        [rf.Result("R", "outcome", "The law is in force", indicators=[indicator])],
        start="2016-01-01",
        end="2020-12-31",
    )


def position(value: object) -> float:
    assert isinstance(value, Quantity)
    return float(value.magnitude)


def observe(fw: rf.Framework, *rows: tuple[str, object]) -> rf.Observations:
    return rf.Observations.from_records(
        [{"indicator": "R.a", "period": p, "value": v} for p, v in rows], fw
    )


def test_a_stage_named_by_its_text_is_its_position() -> None:
    fw = framework()
    indicator = fw.indicators["R.a"]
    assert indicator.baseline is not None
    assert indicator.target is not None
    assert indicator.baseline.value is not None
    assert indicator.target.value is not None
    assert position(indicator.baseline.value) == 1
    assert position(indicator.target.value) == 4
    assert indicator.target.text == "board established"  # the text is kept
    assert indicator.stage_position("Board  Established") == 4  # case and spaces aside
    assert indicator.stage_name(2) == "drafted"
    assert indicator.stage_name(2.5) is None


def test_achievement_is_the_share_of_the_stages_from_baseline_to_target() -> None:
    fw = framework()
    report = rf.assess(fw, observe(fw, ("2018", "adopted")), as_of="2018-12-31")
    entry = report.indicators["R.a"]
    # (3 - 1) / (4 - 1) = 2/3
    assert (entry.value, entry.baseline, entry.target) == (3, 1, 4)
    assert entry.achievement == pytest.approx(2 / 3)
    assert entry.stages == STAGES


def test_observations_may_give_a_stage_by_its_position() -> None:
    fw = framework()
    entry = rf.assess(fw, observe(fw, ("2017", 2)), as_of="2017-12-31").indicators["R.a"]
    # (2 - 1) / (4 - 1) = 1/3
    assert entry.achievement == pytest.approx(1 / 3)


def test_beyond_the_target_stage_is_clipped_to_achieved() -> None:
    fw = framework(target=rf.Target(text="drafted", due="2020-12-31"))
    entry = rf.assess(
        fw, observe(fw, ("2018", "board established")), as_of="2018-12-31"
    ).indicators["R.a"]
    # raw (4 - 1) / (2 - 1) = 3, clipped to 1
    assert entry.achievement_raw == 3
    assert entry.achievement == 1
    assert entry.status is rf.Status.ACHIEVED


def test_a_step_back_is_clipped_to_zero_and_kept_raw() -> None:
    fw = framework(baseline=Baseline(text="drafted", period="2015"))
    entry = rf.assess(fw, observe(fw, ("2018", "consultation completed")), as_of="2018-12-31")[
        "R.a"
    ]
    # raw (1 - 2) / (4 - 2) = -0.5, clipped to 0
    assert entry.achievement_raw == -0.5
    assert entry.achievement == 0


def test_an_unknown_stage_in_an_observation_is_refused_with_the_stages() -> None:
    fw = framework()
    with pytest.raises(rf.DocumentError) as caught:
        observe(fw, ("2018", "adoptd"), ("2019", 5))
    text = str(caught.value)
    assert (
        "[0].value: indicator 'R.a' has no stage 'adoptd'; did you mean 'adopted'? Its stages, "
        "in order: 1 'consultation completed', 2 'drafted', 3 'adopted', 4 'board established'"
    ) in text
    assert (
        "[1].value: 5 is not a stage of indicator 'R.a'; give a stage's name or its position from 1 to 4"
        in text
    )


def test_an_unknown_stage_in_a_target_is_refused_with_the_stages() -> None:
    with pytest.raises(rf.ValidationError, match="has no stage 'enacted'; Its stages, in order"):
        framework(target=rf.Target(text="enacted", due="2020-12-31"))
    with pytest.raises(rf.ValidationError, match="its target 1 is 9, which is not the position"):
        framework(target=rf.Target(9, due="2020-12-31"))
    with pytest.raises(rf.ValidationError, match="says stage 'drafted' \\(2\\) but its value is 3"):
        framework(target=rf.Target(3, due="2020-12-31", text="drafted"))
    with pytest.raises(rf.ValidationError, match="has no stage 'x'"):
        framework().indicators["R.a"].stage_position("x")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"measure": "quantity"}, "names stages, which only an ordinal indicator has"),
        ({"stages": ["only one"]}, "declares one stage"),
        ({"stages": ["drafted", "Drafted"]}, "names the stage 'Drafted' twice"),
        ({"stages": "drafted"}, "stages are a list of texts in order"),
        ({"stages": ["drafted", ""]}, "each stage is a non-empty text"),
        ({"unit": "person"}, "whose positions have no unit"),
    ],
)
def test_stages_are_checked(fields: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"measure": "ordinal", "stages": ["drafted", "adopted"], **fields}
    with pytest.raises(rf.ResultsframeError, match=message):
        rf.Indicator("R.a", "reform", **arguments)


def test_pending_targets_stay_pending() -> None:
    fw = framework(target=rf.Target("TBD", due="2020-12-31"))
    entry = rf.assess(fw, observe(fw, ("2018", "adopted")), as_of="2018-12-31").indicators["R.a"]
    assert entry.status is rf.Status.NOT_ASSESSABLE
    assert entry.reason == "target pending ('TBD'): fill it to assess R.a"


def test_explain_and_the_terminal_table_name_the_stages() -> None:
    fw = framework()
    report = rf.assess(fw, observe(fw, ("2018", "adopted")), as_of="2018-12-31")
    text = report.explain("R.a")
    assert (
        "  stages:      1 consultation completed → 2 drafted → 3 adopted → 4 board established"
    ) in text
    assert (
        "value 'adopted' (3); baseline 'consultation completed' (1); target 'board established' (4)"
    ) in text
    assert "  achievement: (3 − 1) / (4 − 1) = 0.667" in text
    line = next(x for x in to_text(report).splitlines() if "◦ R.a" in x)
    assert (
        "'adopted' (3) → target 'board established' (4) (baseline 'consultation completed' (1))"
    ) in line


def test_stages_travel_in_the_document() -> None:
    fw = framework()
    text = doc.dumps(fw)
    assert doc.loads(text) == fw
    # A document may name a stage by its text alone.
    data = doc.to_dict(fw)
    indicator = data["framework"]["results"][0]["indicators"][0]
    indicator["targets"] = [{"text": "adopted", "due": "2020-12-31"}]
    target = doc.from_dict(data).indicators["R.a"].target
    assert target is not None
    assert target.value is not None
    assert position(target.value) == 3
    indicator["targets"] = [{"text": "enacted", "due": "2020-12-31"}]
    with pytest.raises(rf.DocumentError, match="has no stage 'enacted'"):
        doc.from_dict(data)


def test_the_builder_reads_stage_names_in_its_shorthand() -> None:
    spec: dict[str, Any] = {
        "id": "reform",
        "title": "Reform",
        "start": "2016-01-01",
        "results": {
            "R": {
                "level": "outcome",
                "statement": "The law is in force",
                "indicators": {
                    "R.a": {
                        "name": "state of the law",
                        "measure": "ordinal",
                        "stages": list(STAGES),
                        "baseline": "consultation completed in 2015",
                        "targets": [
                            "adopted by 2018",
                            {"value": "board established", "due": "2020"},
                        ],
                    }
                },
            }
        },
    }
    indicator = rf.build(spec).indicators["R.a"]
    assert [position(t.value) for t in indicator.targets] == [3, 4]
    assert indicator.baseline is not None
    assert indicator.baseline.text == "consultation completed"
    spec["results"]["R"]["indicators"]["R.a"]["baseline"] = "consultaton completed in 2015"
    with pytest.raises(rf.DocumentError) as caught:
        rf.build(spec)
    assert (
        """$.results.R.indicators["R.a"]: indicator 'R.a' has no stage 'consultaton completed'; """
        "did you mean 'consultation completed'?"
    ) in str(caught.value)
