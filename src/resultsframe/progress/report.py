"""What an assessment gives: the report, its entries and their status.

A :class:`ProgressReport` maps every result id and indicator id to an entry: an
:class:`IndicatorProgress` or a :class:`ResultProgress`, each with a :class:`Status`. Entries
are records with many fields, always built with keywords.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnknownIdError
from resultsframe.formatting import fraction
from resultsframe.framework import Framework
from resultsframe.methods import Aggregation
from resultsframe.model import TargetRevision
from resultsframe.observations import Observations
from resultsframe.progress.explain import explain_indicator, explain_result

if TYPE_CHECKING:
    from resultsframe.progress.engine import Engine

__all__ = [
    "Entry",
    "IndicatorProgress",
    "Input",
    "ObservationUsed",
    "ProgressReport",
    "ResultProgress",
    "Status",
]


class Status(enum.StrEnum):
    """Where a figure stands."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ASSESSABLE = "not_assessable"


@attrs.frozen(kw_only=True)
class Input:
    """One input of a result's progress: a targeted indicator or a contributing result.

    Attributes:
        id: The indicator's or result's id.
        kind: ``"indicator"`` or ``"result"``.
        weight: Its weight.
        value: Its clipped achievement (indicator) or progress (result); None if not assessable.
        coverage: Its coverage (0 to 1).
        reason: Why it was left out of the progress, or None.
    """

    id: str
    kind: str
    weight: float
    value: float | None
    coverage: float
    reason: str | None


@attrs.frozen(kw_only=True)
class ObservationUsed:
    """An observation a figure was computed from.

    Attributes:
        row: Its position in the observations.
        period: Its period, as written.
        value: Its value in the indicator's unit; None for a text (a qualitative indicator).
        numerator: For a share: how many units count.
        denominator: For a share: how many units the universe had.
        source: Where it was published.
        published: When it was published (ISO day), when known.
        kind: ``"actual"`` or ``"estimate"`` (a projection is never used).
        text: What a qualitative indicator's observation says.
        vintages: When the value was revised: every vintage of it for that period, oldest
            first, as ``(value, published)`` (published None when not known); the last is
            the one used. Empty when it was never revised.
    """

    row: int
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    source: str | None
    published: str | None = None
    kind: str = "actual"
    text: str | None = None
    vintages: tuple[tuple[float, str | None], ...] = ()


@attrs.frozen(repr=False, kw_only=True)
class IndicatorProgress:
    """Where one indicator stands as of the report's date.

    Attributes:
        id: The indicator's id.
        result: The id of the result it belongs to.
        value: Its value, in its unit (a share in percent); None when there is none.
        unit: Its unit as written in files.
        baseline: The baseline used, in its unit.
        target: The final target, in its unit; None when pending or absent.
        achievement: ``(value − baseline) / (target − baseline)`` clipped to [0, 1].
        achievement_raw: The same, not clipped (over-achievement > 1, regression < 0).
        expected: The achievement expected by now on the status method's path.
        coverage: 1 when assessable, 0 when targeted but not assessable, None outside the
            roll-up (a monitoring or qualitative indicator).
        status: Its status.
        reason: Why it is not assessable (or why its status is not), else None.
        revisions: The indicator's earlier targets, oldest first, shown by :meth:`explain`.
        text: A qualitative indicator's latest text as of the date (never aggregated).
        vintage: The publication date the data was taken as of (``assess(..., vintage=…)``);
            None for the latest vintage of everything.
    """

    id: str
    result: str
    value: float | None = None
    unit: str | None = None
    baseline: float | None = None
    target: float | None = None
    achievement: float | None = None
    achievement_raw: float | None = None
    expected: float | None = None
    coverage: float | None = None
    status: Status
    reason: str | None = None
    weight: float
    as_of: date
    baseline_period: str | None = None
    baseline_source: str | None = None
    target_due: date | None = None
    target_text: str | None = None
    value_used: ObservationUsed | None = None
    baseline_used: ObservationUsed | None = None
    derivation: str | None = None
    left_out: tuple[str, ...] = ()
    revisions: tuple[TargetRevision, ...] = ()
    text: str | None = None
    vintage: date | None = None

    kind = "indicator"

    @property
    def progress(self) -> None:
        """Indicators have achievement, not progress."""
        return None

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return explain_indicator(self)

    def __repr__(self) -> str:
        return f"<IndicatorProgress {self.id}: {self.status.value}, achievement {fraction(self.achievement)}>"


@attrs.frozen(repr=False, kw_only=True)
class ResultProgress:
    """Where one result stands as of the report's date.

    Attributes:
        id: The result's id.
        progress: The aggregated progress (0 to 1); None when not assessable.
        coverage: The share of its inputs that could be assessed (0 to 1); None when the result
            has no targeted indicator below it.
        status: Its status.
        reason: Why it is not assessable, else None.
        inputs: The inputs, with their weights and what was left out.
        aggregation: How the inputs were combined.
        outside: What stays outside both progress and coverage, and why: one
            ``(kind, id, reason)`` per monitoring or qualitative indicator and per contributing
            result with no targeted indicator below it.
    """

    id: str
    level: str
    progress: float | None = None
    coverage: float | None = None
    expected: float | None = None
    status: Status
    reason: str | None = None
    inputs: tuple[Input, ...] = ()
    aggregation: Aggregation
    as_of: date
    outside: tuple[tuple[str, str, str], ...] = ()

    kind = "result"
    value = None
    unit = None
    baseline = None
    target = None
    achievement = None
    achievement_raw = None

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return explain_result(self)

    def __repr__(self) -> str:
        return f"<ResultProgress {self.id}: {self.status.value}, progress {fraction(self.progress)}, coverage {fraction(self.coverage)}>"


Entry = IndicatorProgress | ResultProgress


class ProgressReport(Mapping[str, Entry]):
    """Everything computed for one framework, one set of observations and one date.

    A read-only mapping from every result id and indicator id to its entry, in the framework's
    order (each result, then its indicators).
    """

    __slots__ = ("_engine", "_entries", "as_of", "framework", "observations")

    def __init__(
        self,
        framework: Framework,
        observations: Observations,
        as_of: date,
        entries: dict[str, Entry],
        engine: Engine,
    ) -> None:
        self.framework = framework
        self.observations = observations
        self.as_of = as_of
        self._entries = entries
        self._engine = engine

    def __getitem__(self, key: str) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            raise UnknownIdError(
                f"the report has no result or indicator {key!r} (framework {self.framework.id!r})"
            ) from None

    def __iter__(self) -> Iterator[str]:
        for result in self.framework:
            yield result.id
            for indicator in result.indicators:
                yield indicator.id

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<ProgressReport {self.framework.id} as of {self.as_of.isoformat()}: {len(self)} entries>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    @property
    def results(self) -> dict[str, ResultProgress]:
        """The results' entries by id."""
        return {r.id: self._entries[r.id] for r in self.framework}  # type: ignore[misc]

    @property
    def indicators(self) -> dict[str, IndicatorProgress]:
        """The indicators' entries by id."""
        return {i: self._entries[i] for i in self.framework.indicators}  # type: ignore[misc]

    def explain(self, key: str) -> str:
        """How the figure of a result or indicator was obtained."""
        return self[key].explain()

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per result and indicator, JSON-ready, in the report's order.

        Keys: id, kind, value, unit, baseline, target, achievement, achievement_raw, progress,
        coverage, status, reason.
        """
        return [_record(self._entries[key]) for key in self]

    def to_pandas(self) -> Any:
        """The records as a pandas DataFrame with nullable columns (the ``pandas`` extra).

        See :mod:`resultsframe.frames`. Raises ``ImportError`` naming the extra if pandas is
        missing.
        """
        return hooks.to_pandas(self)

    def to_polars(self) -> Any:
        """The records as a polars DataFrame (the ``polars`` extra).

        See :mod:`resultsframe.frames`. Raises ``ImportError`` naming the extra if polars is
        missing.
        """
        return hooks.to_polars(self)

    def update(self, observations: Observations) -> ProgressReport:
        """The report for changed observations, recomputing only what they can change.

        Indicators whose observations changed (and those derived from them) are recomputed,
        then only their results and those results' ancestors.
        """
        return self._engine.update(self, observations.bind(self.framework))


def _record(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "value": _round(entry.value),
        "unit": entry.unit,
        "baseline": _round(entry.baseline),
        "target": _round(entry.target),
        "achievement": _round(entry.achievement),
        "achievement_raw": _round(entry.achievement_raw),
        "progress": _round(entry.progress),
        "coverage": _round(entry.coverage),
        "status": entry.status.value,
        "reason": entry.reason,
    }


def _round(value: float | None) -> float | None:
    # Twelve significant digits: stable output across platforms, far beyond any data's precision.
    return None if value is None else float(f"{value:.12g}")
