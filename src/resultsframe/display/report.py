"""The HTML view of a progress report: the hierarchy with progress bars, coverage and status."""

from __future__ import annotations

from collections.abc import Iterator

from resultsframe.display.hierarchy import (
    _cut_note,
    _indicator_cell,
    _pending_count,
    _result_cell,
    _rows,
    _title,
)
from resultsframe.display.markup import (
    _MUTED,
    _NUM,
    _PENDING,
    _TD,
    _bar,
    _box,
    _el,
    _Html,
    _muted,
    _pending,
    _shorten,
    _status,
    _table,
)
from resultsframe.formatting import amount, percent
from resultsframe.model import Indicator, Measure
from resultsframe.progress import IndicatorProgress, ProgressReport, ResultProgress, Status
from resultsframe.values import Pending

_REPORT_HEADERS = ("result / indicator", "progress", "coverage", "status", "detail")


def _report_result_row(
    report: ProgressReport, entry: ResultProgress, depth: int
) -> Iterator[_Html]:
    fw = report.framework
    result = fw.results[entry.id]
    cell = _result_cell(fw, result, depth)
    if entry.coverage is None:
        yield _el(
            "tr",
            cell,
            _el("td", style=_TD),
            _el("td", style=_NUM),
            _el(
                "td",
                _muted("nothing targeted"),
                style=_TD + ";white-space:nowrap",
                title=entry.reason,
            ),
            _el("td", style=_TD),
        )
    else:
        detail: list[str] = []
        if entry.reason:
            detail.append(_muted(_shorten(entry.reason, 120)))
        coverage_style = "" if entry.coverage >= 1 else f"color:{_PENDING};font-weight:600"
        yield _el(
            "tr",
            cell,
            _el(
                "td",
                _bar(entry.progress, entry.status),
                " ",
                _el("span", percent(entry.progress), style="display:inline-block;width:3.2em"),
                style=_TD + ";white-space:nowrap",
            ),
            _el(
                "td",
                _el("span", percent(entry.coverage), style=coverage_style or None),
                style=_NUM,
                title="the share of its inputs that could be assessed",
            ),
            _el("td", _status(entry.status), style=_TD),
            _el("td", *detail, style=_TD),
        )
    for indicator in result.indicators:
        item = report[indicator.id]
        assert isinstance(item, IndicatorProgress)
        yield _report_indicator_row(report, indicator, item, depth)


def _report_indicator_row(
    report: ProgressReport, indicator: Indicator, item: IndicatorProgress, depth: int
) -> _Html:
    cell = _indicator_cell(indicator, depth, one_line=True)
    target = indicator.target
    pending = target.value if target is not None and isinstance(target.value, Pending) else None
    if item.coverage is None:
        # Outside the roll-up: a monitoring or qualitative indicator.
        kind = "qualitative" if indicator.measure is Measure.QUALITATIVE else "monitoring"
        detail: list[str] = []
        if item.value is not None:
            detail.append(f"value {amount(item.value, item.unit)}")
        if item.text is not None:  # the latest text, shortened; the whole of it on hover
            when = f" ({item.value_used.period})" if item.value_used is not None else ""
            detail += [_el("span", f"“{_shorten(item.text, 100)}”", title=item.text), when]
        return _el(
            "tr",
            cell,
            _el("td", style=_TD),
            _el("td", style=_NUM),
            _el("td", _muted(kind), style=_TD, title=item.reason),
            _el("td", *detail, style=_TD),
        )
    detail = []
    if item.achievement is not None:
        due = f" by {item.target_due.isoformat()}" if item.target_due else ""
        detail.append(
            f"{amount(item.value, item.unit)} → target {amount(item.target, item.unit)}{due} "
            f"(baseline {amount(item.baseline, item.unit)})"
        )
        if item.achievement_raw is not None and item.achievement_raw != item.achievement:
            detail.append(_muted(f" · unclipped {percent(item.achievement_raw)}"))
    else:
        if item.value is not None:
            detail.append(f"value {amount(item.value, item.unit)} · ")
        if pending is not None:
            detail += [_pending(pending.text), _muted(" target: fill it to assess")]
        elif item.has_no_new_data:  # not "no progress": nothing observed since the baseline
            since = f" ({item.baseline_period})" if item.baseline_period else ""
            when = f" for {item.value_used.period}" if item.value_used is not None else ""
            detail = [
                f"no new data since the baseline{since}: latest "
                f"{amount(item.value, item.unit)}{when}"
            ]
        else:
            detail.append(_muted(_shorten(item.reason or "", 120)))
    if item.findings:  # what the published figures say is wrong: the whole of it on hover
        found = "finding" if len(item.findings) == 1 else "findings"
        detail.append(
            _el("span", f" · ⚠ {len(item.findings)} {found}", title="\n".join(item.findings))
        )
    return _el(
        "tr",
        cell,
        _el(
            "td",
            _bar(item.achievement, item.status),
            " ",
            _el("span", percent(item.achievement), style="display:inline-block;width:3.2em"),
            style=_TD + ";white-space:nowrap",
        ),
        _el("td", style=_NUM),
        _el("td", _status(item.status), style=_TD),
        _el("td", *detail, style=_TD),
    )


def _report_table(report: ProgressReport, max_rows: int | None) -> tuple[_Html, int]:
    """The report's table (the hierarchy with progress, coverage and status), and rows cut."""
    fw = report.framework

    def block(depth: int, result_id: str) -> list[_Html]:
        entry = report[result_id]
        assert isinstance(entry, ResultProgress)
        return list(_report_result_row(report, entry, depth))

    def size(result_id: str) -> int:
        return 1 + len(fw.results[result_id].indicators)

    rows, hidden = _rows(fw, len(_REPORT_HEADERS), block, size, max_rows)
    return _table(_REPORT_HEADERS, rows), hidden


def _report_html(report: ProgressReport, max_rows: int | None) -> _Html:
    fw = report.framework
    table, hidden = _report_table(report, max_rows)
    counts: dict[Status, int] = {}
    for entry in report.results.values():
        if entry.coverage is not None:
            counts[entry.status] = counts.get(entry.status, 0) + 1
    legend: list[str] = [_muted("results: ")]
    for status in Status:
        if counts.get(status):
            legend += [_status(status), f" {counts[status]}  "]
    legend.append(_pending_count(fw))
    return _box(
        _title(fw),
        _el("div", f"progress as of {report.as_of.isoformat()}", style=_MUTED),
        _el("div", *legend, style="margin:4px 0"),
        table,
        _cut_note(hidden) if hidden else "",
        _el(
            "div",
            "progress: 0–100 % of the way from baseline to target, rolled up; coverage: the share "
            "of inputs that could be assessed; report.explain(ID) says how any figure was obtained.",
            style=_MUTED + ";font-size:12px;max-width:60em",
        ),
    )
