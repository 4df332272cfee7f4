"""Named stages of an ordinal indicator, and how a text or a number names one.

A reform indicator moves through stages in order — "consultation completed" → "drafted" →
"adopted" → "board established". The indicator declares them (:attr:`Indicator.stages
<resultsframe.Indicator.stages>`); a baseline, a target or an observation then names a stage by
its text or by its position, counted from 1. Texts are matched without regard to case or to
repeated spaces.

>>> stages = ("consultation completed", "drafted", "adopted", "board established")
>>> stage_position("T1", stages, "Adopted")
3
>>> stage_position("T1", stages, "adoptd")
Traceback (most recent call last):
...
ValueError: indicator 'T1' has no stage 'adoptd'; did you mean 'adopted'? Its stages, in order: 1 'consultation completed', 2 'drafted', 3 'adopted', 4 'board established'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from resultsframe.exceptions import close_names

__all__ = [
    "check_position",
    "check_stages",
    "stage_key",
    "stage_name",
    "stage_position",
    "to_stages",
]


def stage_key(text: str) -> str:
    """A stage's text as it is matched: lower case, single spaces."""
    return " ".join(text.casefold().split())


def to_stages(value: Iterable[str] | str) -> tuple[str, ...]:
    """The stages as a tuple; one text on its own is refused rather than split into letters."""
    if isinstance(value, str):
        raise ValueError(
            f"stages are a list of texts in order (['drafted', 'adopted']), got the text {value!r}"
        )
    return tuple(value)


def check_stages(indicator_id: str, stages: Sequence[object]) -> None:
    """Raise ``ValueError`` unless ``stages`` are two or more distinct non-empty texts."""
    if not stages:
        return
    for stage in stages:
        if not isinstance(stage, str) or not stage.strip():
            raise ValueError(
                f"indicator {indicator_id!r}: each stage is a non-empty text, got {stage!r}"
            )
    if len(stages) < 2:
        raise ValueError(
            f"indicator {indicator_id!r} declares one stage ({stages[0]!r}); an ordinal scale "
            "has at least two stages, in order"
        )
    seen: dict[str, str] = {}
    for stage in stages:
        assert isinstance(stage, str)
        key = stage_key(stage)
        if key in seen:
            raise ValueError(
                f"indicator {indicator_id!r} names the stage {stage!r} twice (as {seen[key]!r} "
                "too); each stage is named once"
            )
        seen[key] = stage


def _listed(stages: Sequence[str]) -> str:
    return ", ".join(f"{n} {stage!r}" for n, stage in enumerate(stages, 1))


def stage_position(indicator_id: str, stages: Sequence[str], text: str) -> int:
    """The position (from 1) of the stage a text names.

    Raises:
        ValueError: naming the text, the nearest stage and every stage in order.
    """
    keys = [stage_key(stage) for stage in stages]
    key = stage_key(text)
    if key in keys:
        return keys.index(key) + 1
    near = close_names(key, keys)
    hint = f"did you mean {stages[keys.index(near[0])]!r}? " if near else ""
    raise ValueError(
        f"indicator {indicator_id!r} has no stage {text!r}; {hint}Its stages, in order: "
        f"{_listed(stages)}"
    )


def check_position(indicator_id: str, stages: Sequence[str], value: float, where: str) -> None:
    """Raise ``ValueError`` unless ``value`` is the position of one of the stages."""
    if not (float(value).is_integer() and 1 <= value <= len(stages)):
        raise ValueError(
            f"indicator {indicator_id!r}: its {where} is {value:g}, which is not the position "
            f"of a stage; give a position from 1 to {len(stages)} or a stage's name: "
            f"{_listed(stages)}"
        )


def stage_name(stages: Sequence[str], value: float | None) -> str | None:
    """The name of the stage at a position; None when the value is not one."""
    if value is None or not float(value).is_integer() or not 1 <= value <= len(stages):
        return None
    return stages[int(value) - 1]
