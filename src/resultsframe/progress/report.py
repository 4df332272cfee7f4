"""What an assessment gives: the report, its entries and their status.

A :class:`ProgressReport` maps every result id and indicator id to an entry: an
:class:`IndicatorProgress` or a :class:`ResultProgress`, each with a :class:`Status`. Entries
are records with many fields, always built with keywords.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, Mapping, ValuesView
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import UnknownIdError, did_you_mean
from resultsframe.formatting import fraction
from resultsframe.framework import Framework
from resultsframe.methods import Aggregation, NamedChoice
from resultsframe.model import BaselineRevision, TargetRevision
from resultsframe.observations import Observation, Observations
from resultsframe.progress.explain import explain_indicator, explain_result

if TYPE_CHECKING:
    from resultsframe.progress.engine import Engine

__all__ = [
    "Entry",
    "IndicatorProgress",
    "Input",
    "Milestone",
    "ObservationUsed",
    "ProgressReport",
    "ResultProgress",
    "Standing",
    "Status",
]


class Status(NamedChoice):
    """Where a figure stands."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ASSESSABLE = "not_assessable"


@attrs.frozen(kw_only=True)
class Standing:
    """Where an entry stands against its status method: the figures the method compares.

    A trajectory or a band compares ``done`` with ``due``, with thresholds that are shares of
    ``scale``: an indicator is on track (by default) when ``done ≥ due − 0.1 × scale``. For an
    indicator ``scale`` is ``|due|``, so that with a path ahead of the baseline this is the
    ratio rule ``done / due ≥ 0.9``, and with a milestone on the far side of the baseline (a
    path that first goes back) it still measures the distance from the path. A result's figures
    are the weighted means of its inputs' figures, so a result whose inputs are all off track is
    off track, and one whose inputs are all on track is on track. The growth-rate ratio gives
    ``ratio`` instead (a result's is the weighted mean of its inputs' ratios, capped at 1).

    Attributes:
        done: Achievement so far, capped at 1 but not at 0: a regression counts as one.
        due: The achievement the path expects by now, as the path gives it: below 0 while a
            milestone on the far side of the baseline is ahead, above 1 past an overshooting one.
        scale: The distance the thresholds are shares of.
        ratio: Actual growth ÷ required growth, capped at 1 (growth-rate ratio only).
    """

    done: float | None = None
    due: float | None = None
    scale: float | None = None
    ratio: float | None = None


@attrs.frozen(kw_only=True)
class Milestone:
    """A whole-indicator target before the final one, as the path to the final target sees it.

    Attributes:
        due: When it is due; None when it has no date.
        value: Its value in the indicator's unit; None when it is pending or not a number.
        share: The achievement it stands for, ``(value − baseline) / (target − baseline)``: the
            share of the way to the final target the path expects by its due date. Below 0 for
            a milestone on the far side of the baseline, above 1 for one beyond the final
            target; None without a baseline (or with a target equal to it).
        text: Its value as written, when it is not a number (``"XX%"``); else None.
        skipped: Why the path does not go through it: ``"pending"``, ``"no due date"`` or
            ``"not a number"``; None for a milestone on the path.
    """

    due: date | None = None
    value: float | None = None
    share: float | None = None
    text: str | None = None
    skipped: str | None = None


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
        reporter: The id of the partner that reported it, when the observations say.
        reporter_name: That partner's name.
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
    reporter: str | None = None
    reporter_name: str | None = None


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
        expected: The achievement expected by now on the path, clipped to [0, 1] like
            ``achievement``.
        expected_raw: The same as the path gives it: below 0 while a milestone on the far side
            of the baseline lies ahead (a path that first goes back), above 1 past a milestone
            beyond the final target.
        standing: The figures the status was judged on (see :class:`Standing`); None when the
            status method has nothing to judge.
        coverage: 1 when assessable, 0 when targeted but not assessable, None outside the
            roll-up (a monitoring or qualitative indicator).
        status: Its status.
        reason: Why it is not assessable (or why its status is not), else None.
        revisions: The indicator's earlier targets, oldest first, shown by :meth:`explain`.
        baseline_revisions: Its earlier baselines, oldest first, shown by :meth:`explain`.
        accumulation: How the value was added up, for an indicator that accumulates
            (``"0 (baseline) + 2016 4 + 2017 5 + 2018 6 = 15"``); else None.
        overdue_since: The day from which the indicator's data is overdue by its reporting
            frequency, when it is by the report's date; else None. It changes no status.
        frequency: The indicator's reporting frequency (``"annual"`` …), if it has one.
        stages: The names of an ordinal indicator's stages, in order; the value, baseline and
            target are positions among them (from 1).
        text: A qualitative indicator's latest text as of the date (never aggregated).
        vintage: The publication date the data was taken as of (``assess(..., vintage=…)``);
            None for the latest vintage of everything.
        by_dimension: An entry per disaggregation the indicator has targets for
            (``T1.a[sex=female]``), assessed against that disaggregation's observations;
            outside the roll-up.
        findings: What the observations say is wrong without it being an error: parts of an
            additive figure that do not add up to the whole, with the figures; published values
            that were not used (not a number, a share over 100 %), up to the date.
        milestones: The milestones the path runs through, in date order (see
            :class:`Milestone`); empty for an indicator with one target.
        skipped_milestones: The milestones the path does not run through: pending (``"XX%"``),
            undated or not a number. The path goes straight past them.
        path_start: The day the path starts, the baseline's (set with milestones, to name the
            segment the date is on).
        projections: Projections of the whole indicator for periods that end after the date,
            as ``(period, value)`` in date order: shown by :meth:`explain`, never counted.
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
    expected_raw: float | None = None
    standing: Standing | None = None
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
    baseline_revisions: tuple[BaselineRevision, ...] = ()
    accumulation: str | None = None
    overdue_since: date | None = None
    frequency: str | None = None
    stages: tuple[str, ...] = ()
    text: str | None = None
    vintage: date | None = None
    by_dimension: tuple[IndicatorProgress, ...] = ()
    findings: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    skipped_milestones: tuple[Milestone, ...] = ()
    path_start: date | None = None
    projections: tuple[tuple[str, float], ...] = ()

    kind = "indicator"

    @property
    def progress(self) -> None:
        """Indicators have achievement, not progress."""
        return None

    @property
    def has_no_new_data(self) -> bool:
        """Whether it is not assessable only because nothing was observed since its baseline.

        It has a value (the baseline's own, or older) and a path to compare it with, but no
        achievement: views say "no new data", which is not "no progress".
        """
        return self.achievement is None and self.value is not None and self.expected is not None

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return explain_indicator(self)

    def __repr__(self) -> str:
        return f"<IndicatorProgress {self.id}: {self.status.value}, achievement {fraction(self.achievement)}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return hooks.to_mimebundle(self, include, exclude)


@attrs.frozen(repr=False, kw_only=True)
class ResultProgress:
    """Where one result stands as of the report's date.

    Attributes:
        id: The result's id.
        progress: The aggregated progress (0 to 1); None when not assessable.
        coverage: The share of its inputs that could be assessed (0 to 1); None when the result
            has no targeted indicator below it.
        expected: The progress expected by now: the weighted mean of the inputs' expected
            figures (each in [0, 1]).
        standing: The figures its status was judged on: the weighted means of its inputs'
            (see :class:`Standing`); None when no input has one.
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
    standing: Standing | None = None
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
    expected_raw = None
    overdue_since = None
    text = None
    findings = ()

    def explain(self) -> str:
        """How this figure was obtained, in words."""
        return explain_result(self)

    def __repr__(self) -> str:
        return f"<ResultProgress {self.id}: {self.status.value}, progress {fraction(self.progress)}, coverage {fraction(self.coverage)}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return hooks.to_mimebundle(self, include, exclude)


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
        entries: Mapping[str, Entry],
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
            if key.endswith("]") and "[" in key:  # a disaggregation: "T1.a[sex=female]"
                whole = self._entries.get(key[: key.index("[")])
                if isinstance(whole, IndicatorProgress):
                    for part in whole.by_dimension:
                        if part.id == key:
                            return part
            fw = self.framework
            near = did_you_mean(key, [*fw.results, *fw.indicators], n=3)
            raise UnknownIdError(
                f"the report has no result or indicator {key!r} (framework {fw.id!r})"
                + (f"; {near}" if near else "")
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

    def _make_all(self) -> None:
        """Make every entry at once, in the cheapest order (entries are made when first read)."""
        make_all = getattr(self._entries, "make_all", None)
        if make_all is not None:
            make_all()

    def values(self) -> ValuesView[Entry]:
        """Every entry, in the report's order."""
        self._make_all()
        return super().values()

    def items(self) -> ItemsView[str, Entry]:
        """Every id and its entry, in the report's order."""
        self._make_all()
        return super().items()

    @property
    def results(self) -> dict[str, ResultProgress]:
        """The results' entries by id."""
        self._make_all()
        return {r.id: self._entries[r.id] for r in self.framework}  # type: ignore[misc]

    @property
    def indicators(self) -> dict[str, IndicatorProgress]:
        """The indicators' entries by id."""
        self._make_all()
        return {i: self._entries[i] for i in self.framework.indicators}  # type: ignore[misc]

    def explain(self, key: str) -> str:
        """How the figure of a result or indicator was obtained."""
        return self[key].explain()

    def to_records(self) -> list[dict[str, Any]]:
        """One plain dict per result and indicator, JSON-ready, in the report's order.

        Keys: id, kind, value, unit, baseline, target, achievement, achievement_raw, progress,
        coverage, status, reason, expected, expected_raw, overdue_since (an ISO day), text
        (a qualitative indicator's latest, in full) and findings (an indicator's, joined with
        ``"; "``); a figure that does not apply is None.
        """
        self._make_all()
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

    def update(
        self, observations: Observations | Iterable[Mapping[str, Any] | Observation]
    ) -> ProgressReport:
        """The report for changed observations, recomputing only what they can change.

        Given :class:`~resultsframe.observations.Observations`, they are the complete new
        observations, as :func:`~resultsframe.assess` would take them: an indicator they have no
        data for has none in the new report. Given rows (records, as
        :meth:`~resultsframe.observations.Observations.from_records` reads them, or
        :class:`~resultsframe.observations.Observation` objects), they are a change: each row
        replaces the report's row for the same indicator, period, area and disaggregation, or
        is added, and every other row is kept (``report.observations.with_rows(rows)``).

        Indicators whose observations changed (and those derived from them) are recomputed,
        then only their results and those results' ancestors.

        >>> import resultsframe
        >>> fw = resultsframe.examples.load("cop")
        >>> report = resultsframe.assess(fw, as_of="2020-12-31")
        >>> changed = report.update([{"indicator": "T2.a", "period": "2020", "value": 30}])
        >>> changed["T2.a"].value, len(changed.observations) - len(report.observations)
        (30.0, 1)

        Raises:
            DocumentError: rows that cannot be read, each named by its position and field.
        """
        if not isinstance(observations, Observations):
            observations = self.observations.with_rows(observations, source="update")
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
        "expected": _round(entry.expected),
        "expected_raw": _round(entry.expected_raw),
        "overdue_since": None if entry.overdue_since is None else entry.overdue_since.isoformat(),
        "text": entry.text,
        "findings": "; ".join(entry.findings) if entry.findings else None,
    }


def _round(value: float | None) -> float | None:
    # Twelve significant digits: stable output across platforms, far beyond any data's precision.
    return None if value is None else float(f"{value:.12g}")
