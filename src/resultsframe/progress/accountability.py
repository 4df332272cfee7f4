"""Accountability: for a report, what each partner contributes to, reported, owes and could supply.

An umbrella framework is filled by its partners' work (:mod:`resultsframe.model.partners`);
:func:`partner_accounts` says, for one :class:`~resultsframe.progress.ProgressReport`, one
:class:`PartnerAccount` per partner, in the framework's order:

- its **initiatives**, and the **indicators they contribute to**: an initiative contributing
  to an indicator contributes to it; one contributing to a result contributes to that result's
  own indicators;
- what it **reported**: the observations whose ``reporter`` is the partner and whose period
  ends on or before the report's date, per indicator (how many rows, and the latest period);
- what is **overdue**: among the indicators it contributes to or reports on, those whose data
  is overdue by their reporting frequency (the entry's ``overdue_since``); and among those it
  contributes to, those with no observation at all by the date (from anyone);
- the **pending targets** it could supply the data for: targets still pending (``"XX%"``) of
  the indicators it contributes to or reports on.

A partner with nothing (no initiative, nothing reported) is listed with nothing, never left
out.

>>> import resultsframe
>>> cop = resultsframe.examples
>>> report = resultsframe.assess(cop.load("cop"), cop.observations("cop"), as_of="2020-12-31")
>>> icmec = partner_accounts(report, "ICMEC")[0]
>>> icmec.initiatives, icmec.contributes_to
(('icmec-global-review',), ('T1.a',))
>>> [(r.indicator, r.rows, r.latest_period) for r in icmec.reported]
[('T1.a', 6, '2018-12-06')]
>>> [(p.indicator, p.text) for p in partner_accounts(report, "INTERPOL")[0].pending]
[('T5.g', 'X%')]
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from resultsframe.observations.columnar import PROJECTION
from resultsframe.progress.report import IndicatorProgress
from resultsframe.values import parse_relative

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.progress.report import ProgressReport

__all__ = ["Overdue", "PartnerAccount", "PendingTarget", "Reported", "partner_accounts"]


@attrs.frozen(kw_only=True)
class Reported:
    """What a partner reported for one indicator, by the report's date.

    Attributes:
        indicator: The indicator's id.
        rows: How many observations it reported whose period ends on or before the date.
        latest_period: The latest of their periods (by its end), as written.
    """

    indicator: str
    rows: int
    latest_period: str


@attrs.frozen(kw_only=True)
class Overdue:
    """An indicator whose data a partner could owe.

    Attributes:
        indicator: The indicator's id.
        since: The day its data is overdue from, by its reporting frequency; None when it has
            no observation at all by the report's date.
        reason: In words.
    """

    indicator: str
    since: date | None
    reason: str


@attrs.frozen(kw_only=True)
class PendingTarget:
    """A target still pending (``"XX%"``) that a partner could supply the data for.

    Attributes:
        indicator: The indicator's id.
        text: The target as written (``"XX%"``).
        due: When it is due, when known.
        why: Why this partner: the initiatives that contribute to the indicator, and
            ``"reports on it"`` when the partner reports observations of it.
    """

    indicator: str
    text: str
    due: date | None
    why: tuple[str, ...]


@attrs.frozen(kw_only=True)
class PartnerAccount:
    """One partner's account in a report (see the module).

    Attributes:
        partner: The partner's id.
        name: Its name.
        kind: What kind of organisation it is (``"ngo"`` …).
        initiatives: The ids of the initiatives it runs.
        contributes_to: The ids of the indicators its initiatives contribute to, in the
            framework's order.
        reported: What it reported, per indicator, in the framework's order.
        overdue: What is overdue among its indicators.
        pending: The pending targets it could supply the data for.
    """

    partner: str
    name: str
    kind: str
    initiatives: tuple[str, ...] = ()
    contributes_to: tuple[str, ...] = ()
    reported: tuple[Reported, ...] = ()
    overdue: tuple[Overdue, ...] = ()
    pending: tuple[PendingTarget, ...] = ()

    @property
    def has_nothing(self) -> bool:
        """Whether it has no initiative, reported nothing, owes nothing and could supply nothing."""
        return not (self.initiatives or self.reported or self.overdue or self.pending)

    def to_dict(self) -> dict[str, Any]:
        """The account as plain JSON-ready values (days as ISO text), in one stable shape."""
        return {
            "partner": self.partner,
            "name": self.name,
            "kind": self.kind,
            "initiatives": list(self.initiatives),
            "contributes_to": list(self.contributes_to),
            "reported": [
                {"indicator": r.indicator, "rows": r.rows, "latest_period": r.latest_period}
                for r in self.reported
            ],
            "overdue": [
                {
                    "indicator": o.indicator,
                    "since": None if o.since is None else o.since.isoformat(),
                    "reason": o.reason,
                }
                for o in self.overdue
            ],
            "pending": [
                {
                    "indicator": p.indicator,
                    "target": p.text,
                    "due": None if p.due is None else p.due.isoformat(),
                    "why": list(p.why),
                }
                for p in self.pending
            ],
        }


def partner_accounts(
    report: ProgressReport, partner: str | None = None
) -> tuple[PartnerAccount, ...]:
    """One account per partner of the report's framework (or only ``partner``'s), in order.

    Raises:
        UnknownIdError: if ``partner`` is not one of the framework's partners (naming the
            closest id).
    """
    framework = report.framework
    wanted = framework.partners
    if partner is not None:
        wanted = (framework.partner(partner),)
    reported = _reported(report)
    seen = _observed_by(report)
    return tuple(_account(report, framework, p.id, reported.get(p.id, {}), seen) for p in wanted)


def contributed_indicators(framework: Framework, partner: str) -> dict[str, list[str]]:
    """The indicators a partner's initiatives contribute to, each with those initiatives' ids.

    In the framework's order; a contribution to a result covers that result's own indicators.
    """
    through: dict[str, list[str]] = {}
    for initiative in framework.initiatives:
        if initiative.partner != partner:
            continue
        for ref in initiative.contributes_to:
            ids = (
                [i.id for i in framework.results[ref].indicators]
                if ref in framework.results
                else [ref]
            )
            for iid in ids:
                through.setdefault(iid, [])
                if initiative.id not in through[iid]:
                    through[iid].append(initiative.id)
    order = list(framework.indicators)
    return {iid: through[iid] for iid in order if iid in through}


def _reported(report: ProgressReport) -> dict[str, dict[str, Reported]]:
    """By partner, then indicator: the rows it reported by the date, and the latest period."""
    c = report.observations._cols
    found: dict[str, dict[str, Reported]] = {}
    if not len(c):
        return found
    by_date = (c.reporter >= 0) & (c.end <= report.as_of.toordinal())
    rows = np.flatnonzero(by_date)
    counts: dict[tuple[int, int], list[int]] = {}  # (reporter, indicator) → [rows, latest row]
    for row in rows.tolist():
        key = (int(c.reporter[row]), int(c.indicator[row]))
        known = counts.get(key)
        if known is None:
            counts[key] = [1, row]
        else:
            known[0] += 1
            if c.end[row] > c.end[known[1]]:
                known[1] = row
    order = {iid: n for n, iid in enumerate(report.framework.indicators)}
    for (reporter, indicator), (n, latest) in sorted(
        counts.items(), key=lambda item: order.get(c.indicators[item[0][1]], len(order))
    ):
        iid = c.indicators[indicator]
        found.setdefault(c.strings[reporter], {})[iid] = Reported(
            indicator=iid, rows=n, latest_period=c.period_of(latest).text
        )
    return found


def _observed_by(report: ProgressReport) -> set[str]:
    """The indicators with an observation that counts (from anyone) by the report's date."""
    c = report.observations._cols
    if not len(c):
        return set()
    rows = (c.end <= report.as_of.toordinal()) & (c.kind != PROJECTION)
    return {c.indicators[k] for k in np.unique(c.indicator[rows]).tolist()}


def _account(
    report: ProgressReport,
    framework: Framework,
    partner: str,
    reported: dict[str, Reported],
    observed: set[str],
) -> PartnerAccount:
    record = framework.partner(partner)
    through = contributed_indicators(framework, partner)
    mine = [iid for iid in framework.indicators if iid in through or iid in reported]
    overdue: list[Overdue] = []
    pending: list[PendingTarget] = []
    for iid in mine:
        entry = report[iid]
        assert isinstance(entry, IndicatorProgress)
        if entry.overdue_since is not None:
            overdue.append(
                Overdue(
                    indicator=iid,
                    since=entry.overdue_since,
                    reason=f"data overdue since {entry.overdue_since.isoformat()} "
                    f"(reported {entry.frequency})",
                )
            )
        elif iid in through and iid not in observed:
            overdue.append(
                Overdue(
                    indicator=iid,
                    since=None,
                    reason=f"no observation at all by {report.as_of.isoformat()}",
                )
            )
        if _is_pending(entry):
            assert entry.target_text is not None
            why = list(through.get(iid, ()))
            if iid in reported:
                why.append("reports on it")
            pending.append(
                PendingTarget(
                    indicator=iid, text=entry.target_text, due=entry.target_due, why=tuple(why)
                )
            )
    return PartnerAccount(
        partner=partner,
        name=record.name,
        kind=record.kind.value,
        initiatives=tuple(i.id for i in framework.initiatives if i.partner == partner),
        contributes_to=tuple(through),
        reported=tuple(reported.values()),
        overdue=tuple(overdue),
        pending=tuple(pending),
    )


def _is_pending(entry: IndicatorProgress) -> bool:
    """Whether an entry's final target is still pending (``"XX%"``), not a relative one."""
    return (
        entry.target is None
        and entry.target_text is not None
        and parse_relative(entry.target_text) is None
    )
