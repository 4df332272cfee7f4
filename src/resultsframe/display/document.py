"""The progress report to share: one self-contained HTML page, to open offline and to print on A4.

:func:`to_document` writes it for one or more progress reports of one framework (the dates of
``resultsframe report … --as-of``). Its sections, each under its own heading:

- **the framework**: its title and id, its time frame, where it was read from, the observations
  used, and the goals it is aligned to;
- **summary**: how many results and indicators are in each status, at every date;
- **progress**: the hierarchy with progress bars, coverage and status (the table of
  :func:`~resultsframe.display.to_html`), at the last date;
- **charts**: the progress of every result and, for several dates, progress over time, drawn by
  :mod:`resultsframe.charts` and embedded as inline SVG (up to :data:`MAX_CHARTED` results in
  the first, :data:`MAX_LINES` lines in the second: a larger framework's page says what was
  left out, and its table has everything). Without matplotlib the page says so in their place,
  naming the ``plot`` extra; everything else is written;
- **pending values**: what the framework does not know yet, who is to supply it, by when;
- **explanations**: how each indicator's figure was obtained (``report.explain(id)``).

The page fetches nothing: its styles are inline or in its own ``<style>`` element, the charts
are SVG in the page (their XML declaration, DTD, metadata and namespace URLs removed), there is
no script, and its Content-Security-Policy forbids any fetch. Every text of the framework
reaches the page escaped (the markup builder of :mod:`resultsframe.display.markup`). It prints
on A4 (``@page``): the hierarchy's lines wrap instead of being cut, and charts shrink to the
page. Statuses are written as words, never shown by colour alone.

>>> import resultsframe
>>> from resultsframe.display.document import to_document
>>> fw = resultsframe.examples.load("cop")
>>> report = resultsframe.assess(fw, resultsframe.examples.observations("cop"), "2020-12-31")
>>> page = to_document([report], charts=False)
>>> page.startswith("<!DOCTYPE html>") and "<script" not in page and 'lang="en"' in page
True
"""

from __future__ import annotations

import html
import re
import sys
from collections.abc import Sequence
from typing import Any

from resultsframe.display.hierarchy import _pending_count
from resultsframe.display.markup import (
    _FONT,
    _MUTED,
    _TD,
    _code,
    _el,
    _Html,
    _join,
    _muted,
    _pending,
    _status,
)
from resultsframe.display.report import _report_table
from resultsframe.display.status import STATUS_LABELS
from resultsframe.formatting import count
from resultsframe.framework import Framework
from resultsframe.progress import ProgressReport, Status
from resultsframe.progress.accountability import partner_accounts
from resultsframe.reporting import walk

__all__ = ["CHARTS_MISSING", "MAX_CHARTED", "MAX_LINES", "to_document"]

#: What the page says in place of the charts when matplotlib is not installed.
CHARTS_MISSING = (
    "The charts need matplotlib, which is not installed where this report was written: "
    "pip install 'resultsframe[plot]' and write the report again to have them."
)

# The page's own styles: the layout, and A4 print. Inline styles win over these, so the few
# that undo an inline one (the hierarchy's one-line cells) say !important.
_STYLE = """
body{margin:16px;max-width:1200px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:22px 0 6px;border-bottom:1px solid rgba(127,127,127,.35)}
h3{font-size:13px;margin:14px 0 2px}
dl.about{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}
dl.about dt{font-weight:600}
dl.about dd{margin:0}
table{max-width:100%}
td{overflow-wrap:anywhere}
#progress table{width:100%}
#progress td>div{white-space:normal!important;max-width:none!important;overflow:visible!important}
figure{margin:8px 0}
figure svg{max-width:100%;height:auto;display:block}
pre.explain{white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0 8px;font-size:12px;
font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
@page{size:A4;margin:12mm}
@media print{
body{margin:0;max-width:none}
h2,h3{break-after:avoid}
tr,figure,pre.explain{break-inside:avoid}
}
"""

#: The most results in the roll-up the chart of every result draws; past it, the page says so.
MAX_CHARTED = 60
#: The most lines the chart over time draws: the first results from the top.
MAX_LINES = 10

_CAPTIONS = {
    "progress": "Progress of every result, coloured by status, with its coverage beside it.",
    "over-time": "Progress of the results over the dates of the report.",
}


def to_document(
    reports: ProgressReport | Sequence[ProgressReport],
    *,
    source: str | None = None,
    data: str | None = None,
    charts: bool = True,
) -> str:
    """The whole HTML page of the report at one or more dates, self-contained.

    Args:
        reports: One report, or the reports of one framework at several dates, oldest first;
            the hierarchy, the pending values and the explanations are those of the last.
        source: Where the framework was read from, as the page should name it.
        data: Where the observations were read from, as the page should name it.
        charts: False leaves the charts out (their section says so).

    Raises:
        ValueError: for no report, or reports of different frameworks.
    """
    listed = [reports] if isinstance(reports, ProgressReport) else list(reports)
    if not listed:
        raise ValueError("to_document needs at least one progress report")
    fw = listed[-1].framework
    if any(r.framework.id != fw.id for r in listed):
        raise ValueError("to_document shows the reports of one framework; these are of several")
    last = listed[-1]
    dates = ", ".join(r.as_of.isoformat() for r in listed)
    title = f"{fw.title} · progress as of {listed[-1].as_of.isoformat()}"
    body = _join(
        _el(
            "header",
            _el("h1", fw.title),
            _el("p", "Progress report as of ", dates, style=_MUTED + ";margin:0"),
        ),
        _el("main", *_sections(listed, last, fw, source, data, charts)),
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="resultsframe">\n'
        f"<title>{html.escape(title, quote=True)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n"
        f'<body style="{_FONT}">\n{body}\n</body>\n</html>\n'
    )


def _sections(
    listed: list[ProgressReport],
    last: ProgressReport,
    fw: Framework,
    source: str | None,
    data: str | None,
    charts: bool,
) -> list[_Html]:
    table, _ = _report_table(last, None)
    return [
        _section("framework", "The framework", _about(fw, source, data)),
        _section("summary", "Summary", _summary(listed)),
        _section(
            "progress",
            f"Progress as of {last.as_of.isoformat()}",
            table,
            _el(
                "p",
                "Progress: 0–100 % of the way from baseline to target, rolled up from the "
                "indicators; coverage: the share of a result's inputs that could be assessed. "
                "A result or indicator that cannot be assessed is said so, never shown as 0 %.",
                style=_MUTED + ";font-size:12px",
            ),
        ),
        _section("charts", "Charts", *(_charts(listed) if charts else [_p("Charts left out.")])),
        _section("pending", "Pending values", _pending_values(last)),
        _section("explanations", "How each figure was obtained", *_explanations(last)),
    ]


def _section(name: str, heading: str, *children: str) -> _Html:
    return _el("section", _el("h2", heading, id=f"{name}-heading"), *children, id=name)


def _p(*children: str) -> _Html:
    return _el("p", *children)


# --- the framework ----------------------------------------------------------------------------


def _about(fw: Framework, source: str | None, data: str | None) -> _Html:
    period = " – ".join(d.isoformat() for d in (fw.start, fw.end) if d is not None)
    items: list[tuple[str, str]] = [("framework", _join(_code(fw.id), " · ", fw.title))]
    if fw.description:
        items.append(("description", fw.description))
    items.append(("period", period or "not given"))
    if fw.implementers:
        items.append(("implementers", ", ".join(fw.implementers)))
    items.append(("source", source or "not given"))
    items.append(("observations", data or "the framework's own"))
    for alignment in fw.aligned_to:
        by = f" (through {alignment.impact})" if alignment.impact else ""
        where = _muted(f" — {alignment.source}") if alignment.source else _Html("")
        items.append(
            (
                "aligned to",
                _join(
                    f"{alignment.framework} {alignment.goal}: {alignment.statement}{by}",
                    where,
                ),
            )
        )
    pending = _pending_count(fw)
    if pending:
        items.append(("pending", pending))
    return _el(
        "dl",
        *(_join(_el("dt", name), _el("dd", value)) for name, value in items),
        **{"class": "about"},
    )


# --- summary ----------------------------------------------------------------------------------


def _summary(listed: list[ProgressReport]) -> _Html:
    """Results and indicators in each status (of those in the roll-up), at every date."""
    kinds = ("results", "indicators")
    if len(listed) == 1:
        head = [
            _el(
                "tr",
                _el("th", "status", scope="col", style=_TH_LEFT),
                *(_el("th", kind, scope="col", style=_TH_NUM) for kind in kinds),
            )
        ]
    else:  # a date over its two columns, then what each counts
        head = [
            _el(
                "tr",
                _el("th", "status", scope="col", rowspan="2", style=_TH_LEFT),
                *(
                    _el("th", r.as_of.isoformat(), scope="colgroup", colspan="2", style=_TH_DATE)
                    for r in listed
                ),
            ),
            _el(
                "tr",
                *(_el("th", kind, scope="col", style=_TH_NUM) for _ in listed for kind in kinds),
            ),
        ]
    rows: list[_Html] = []
    counts = [_counts(report) for report in listed]
    for status in Status:
        cells = [str(c[kind].get(status, 0)) for c in counts for kind in ("result", "indicator")]
        rows.append(
            _el(
                "tr",
                _el("th", _status(status), scope="row", style=_TD),
                *(_el("td", cell, style=_TD_NUM) for cell in cells),
            )
        )
    outside = [str(c[kind].get(None, 0)) for c in counts for kind in ("result", "indicator")]
    rows.append(
        _el(
            "tr",
            _el("th", _muted("outside the roll-up"), scope="row", style=_TD),
            *(_el("td", cell, style=_TD_NUM) for cell in outside),
        )
    )
    note = _p(
        _muted(
            "Outside the roll-up: monitoring and qualitative indicators (no target to reach), "
            "and results with no targeted indicator in or below them."
        )
    )
    return _join(_el("table", _el("thead", *head), _el("tbody", *rows), style=_SUMMARY_TABLE), note)


_SUMMARY_TABLE = "border-collapse:collapse;margin:6px 0"
_TH_LEFT = _TD + ";font-weight:600"
_TH_NUM = _TD + ";font-weight:600;text-align:right"
_TD_NUM = _TD + ";text-align:right"
_TH_DATE = _TD + ";font-weight:600;text-align:center;white-space:nowrap"


def _counts(report: ProgressReport) -> dict[str, dict[Status | None, int]]:
    """Entries by kind and status; None for those outside the roll-up (no coverage)."""
    found: dict[str, dict[Status | None, int]] = {"result": {}, "indicator": {}}
    for entry in report.values():
        key = entry.status if entry.coverage is not None else None
        found[entry.kind][key] = found[entry.kind].get(key, 0) + 1
    return found


# --- charts -----------------------------------------------------------------------------------


def _charts(listed: list[ProgressReport]) -> list[_Html]:
    last = listed[-1]
    rolled_up = sum(entry.coverage is not None for entry in last.results.values())
    parts: list[_Html] = []
    try:
        from resultsframe import charts

        if rolled_up > MAX_CHARTED:
            parts.append(
                _p(
                    f"The chart of every result is left out: {count(rolled_up, 'result')} in "
                    f"the roll-up are more than one chart shows readably ({MAX_CHARTED} at "
                    "most). The table above has each of them."
                )
            )
        else:
            ax = charts.plot_progress(last)
            parts.append(_figure("progress", _svg(ax, "progress"), _CAPTIONS["progress"]))
        if len(listed) > 1:
            ids, caption = _over_time_ids(listed)
            ax = charts.plot_over_time(listed, ids)
            parts.append(_figure("over-time", _svg(ax, "over-time"), caption))
    except ImportError:
        return [_el("p", CHARTS_MISSING, role="note", style="font-weight:600")]
    return parts


def _figure(name: str, svg: _Html, caption: str) -> _Html:
    return _el(
        "figure",
        svg,
        _el("figcaption", caption, style=_MUTED + ";font-size:12px"),
        id=f"chart-{name}",
    )


def _over_time_ids(listed: list[ProgressReport]) -> tuple[list[str] | None, str]:
    """The results the chart over time draws (None: all it would), and its caption.

    At most :data:`MAX_LINES`, the first from the top among those assessable at a date.
    """
    assessable = [
        result_id
        for _, result_id in walk(listed[-1].framework)
        # report[id], not report.results[id]: .results builds the whole dict at each call.
        if any(r[result_id].progress is not None for r in listed)
    ]
    if len(assessable) <= MAX_LINES:
        return None, _CAPTIONS["over-time"]
    return assessable[:MAX_LINES], (
        f"Progress of the first {MAX_LINES} of the {len(assessable)} results that can be "
        "assessed, from the top, over the dates of the report; the table has them all."
    )


_DECLARATIONS = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>", re.S)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_AUTO_IDS = re.compile(r'id="([A-Za-z][A-Za-z0-9.]*_\d+)"')


def _svg(ax: Any, name: str) -> _Html:
    """The chart as an ``<svg>`` element for the page: nothing in it names a URL.

    Texts stay text (searchable, and read by screen readers); fixed ids and no date
    (:func:`resultsframe.figures.render`), so that the same report gives the same page. Each
    chart has its own salt, so that the ids of two charts on one page differ. A figure pyplot
    made (in a notebook) is closed: the notebook does not show it again under the cell.
    """
    from resultsframe.figures import render

    svg = render(ax, "svg", salt=f"resultsframe-{name}", settings={"svg.fonttype": "none"})
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        plt.close(ax.figure)
    text = _NAMESPACES.sub("", _DECLARATIONS.sub("", svg.decode("utf-8")))
    # matplotlib numbers the parts of every figure alike (figure_1, axes_1 …): prefixed with the
    # chart's name, the ids of two charts on one page differ. Nothing refers to those ids.
    text = _AUTO_IDS.sub(rf'id="{name}-\1"', text)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{_CAPTIONS[name]}" ', 1)
    return _Html(text.strip())


# --- pending values ---------------------------------------------------------------------------


def _pending_values(report: ProgressReport) -> _Html:
    fw = report.framework
    items = fw.pending()
    if not items:
        return _p("The framework knows every value: nothing is pending.")
    could: dict[str, list[str]] = {}
    for account in partner_accounts(report):
        for target in account.pending:
            could.setdefault(target.indicator, []).append(account.partner)
    rows: list[_Html] = []
    for item in items:
        value = _value_of(fw, item.indicator, item.key)
        by = getattr(value, "by", None)
        who: str = by if by else ", ".join(could.get(item.indicator, [])) or "not said"
        if not by and item.indicator in could:
            who = f"{who} (contributes to it)"
        due = item.due.isoformat() if item.due is not None else "not said"
        rows.append(
            _el(
                "tr",
                _el("td", _code(item.key), style=_TD + ";white-space:nowrap"),
                _el("td", item.field, style=_TD + ";white-space:nowrap"),
                _el("td", _pending(item.text, by, None), style=_TD),
                _el("td", fw.indicators[item.indicator].name, style=_TD),
                _el("td", who, style=_TD),
                _el("td", due, style=_TD + ";white-space:nowrap"),
            )
        )
    head = _el(
        "tr",
        *(
            _el("th", name, scope="col", style=_TH_LEFT)
            for name in ("key", "what", "value", "indicator", "who supplies it", "by")
        ),
    )
    note = _p(
        _muted(
            f"{count(len(items), 'value')} not known yet: each counts as not assessable, never "
            "as 0 % or 100 %. Fill them with resultsframe fill, by key."
        )
    )
    return _join(_el("table", _el("thead", head), _el("tbody", *rows), style=_SUMMARY_TABLE), note)


def _value_of(fw: Framework, indicator_id: str, key: str) -> object:
    """The pending value behind a key of :meth:`Framework.pending`, to read who sets it."""
    indicator = fw.indicators[indicator_id]
    rest = key[len(indicator_id) :].lstrip(":")
    if rest == "" and indicator.target is not None:
        return indicator.target.value
    if rest.startswith("baseline") and indicator.baseline is not None:
        return indicator.baseline.value
    for parameter in indicator.parameters:
        if rest == parameter.id:
            return parameter.value
    for target in indicator.targets:
        if target.due is not None and rest == f"target:{target.due.isoformat()}":
            return target.value
    return None


# --- explanations -----------------------------------------------------------------------------


def _explanations(report: ProgressReport) -> list[_Html]:
    parts: list[_Html] = [
        _p(_muted("For every indicator, in the framework's order: resultsframe explain ID."))
    ]
    for indicator_id, indicator in report.framework.indicators.items():
        entry = report[indicator_id]
        parts.append(
            _el(
                "h3",
                _code(indicator_id),
                " ",
                indicator.name,
                " — ",
                STATUS_LABELS[entry.status],
                id=f"explain-{indicator_id}",
            )
        )
        parts.append(_el("pre", entry.explain(), **{"class": "explain"}))
    return parts
