"""Charts of progress with matplotlib (the ``plot`` extra): each function returns the Axes.

- :func:`plot_progress`: the progress of every result, coloured by status, with its coverage
  beside it; a result that cannot be assessed is drawn as "not assessable", never as 0 %.
- :func:`plot_indicator`: one indicator's observations against the path from its baseline
  through its milestones to its final target, with the due dates.
- :func:`plot_over_time`: the progress of results at several dates
  (:func:`resultsframe.assess_over`).

matplotlib is imported when a chart is drawn, never by ``import resultsframe``. Without an
``ax``, a new figure is made (:func:`resultsframe.figures.new_axes`): through pyplot when the
program already uses pyplot or runs in a Jupyter kernel, where the chart then shows below the
cell with no ``%matplotlib inline`` and no ``plt.show()``; else a figure on matplotlib's Agg
canvas, which needs no display and leaves pyplot's global state alone. :func:`save` writes a
chart to a PNG, SVG or PDF file (:mod:`resultsframe.figures`).

The drawn parts carry ids (matplotlib's ``gid``, kept in SVG files) so that programs and tests
can find them: ``progress:T1``, ``coverage:T1``, ``not-assessable:T3``, ``observed:T1.a``,
``baseline:T1.a``, ``target:T1.a:1``, ``due:2020-12-31``, ``line:T1`` …

>>> import resultsframe
>>> from resultsframe.charts import plot_progress
>>> fw = resultsframe.examples.load("cop")
>>> report = resultsframe.assess(fw, resultsframe.examples.observations("cop"), "2020-12-31")
>>> ax = plot_progress(report)
>>> [label.get_text().strip() for label in ax.get_yticklabels()][:3]
['impact', 'O1', 'T1']
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from resultsframe.display.status import STATUS_COLOURS as _STATUS_COLOURS
from resultsframe.exceptions import UnknownIdError
from resultsframe.figures import _matplotlib, new_axes, save
from resultsframe.formatting import count, date_label, percent, status_label, unit_name
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Measure
from resultsframe.observations import Observations
from resultsframe.periods import Period
from resultsframe.progress import (
    IndicatorProgress,
    ProgressReport,
    ResultProgress,
    Status,
    assess,
    assess_over,
)
from resultsframe.reporting import walk
from resultsframe.units import Quantity, format_unit, parse_unit
from resultsframe.values import Pending

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "COVERAGE_TINT",
    "STATUS_COLOURS",
    "plot_indicator",
    "plot_over_time",
    "plot_progress",
    "save",
]

#: The colour of each status: :data:`resultsframe.display.STATUS_COLOURS`, the same in charts
#: as in HTML.
STATUS_COLOURS: dict[Status, str] = _STATUS_COLOURS
#: How much lighter a coverage bar is than its status colour (0: the same, 1: white).
COVERAGE_TINT = 0.55
_TRACK = "#eeeeee"
_HATCH = "////"
_LINE_STYLES = ("-", "--", ":", "-.")


def _x(value: object) -> Any:
    """Dates as the x of a plot: matplotlib converts them, which its type stubs do not say."""
    return value


def _tint(colour: str, amount: float = COVERAGE_TINT) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


# --- progress of every result -------------------------------------------------------------


def plot_progress(report: ProgressReport, ax: Axes | None = None) -> Axes:
    """The progress of every result, top first, coloured by status, with its coverage.

    Each result has a bar for its progress (0–100 % of the way from baselines to targets) in
    its status colour, and a thin lighter bar below it for its coverage (the share of its
    inputs that could be assessed). A result with nothing to assess is drawn as a hatched
    "not assessable" bar, never as 0 %. Results with no targeted indicator in or below them
    are left out, as in the terminal table.

    Args:
        report: A progress report (:func:`resultsframe.assess`).
        ax: Where to draw; a new figure when None.

    Returns:
        The Axes.

    Raises:
        ImportError: if matplotlib is not installed (``pip install 'resultsframe[plot]'``).
    """
    _matplotlib()
    from matplotlib.patches import Patch, Rectangle
    from matplotlib.ticker import PercentFormatter
    from matplotlib.transforms import offset_copy

    fw = report.framework
    rows: list[tuple[int, ResultProgress]] = []
    by_id = report.results  # made once: each call builds the whole mapping
    for depth, result_id in walk(fw):
        entry = by_id[result_id]
        if entry.coverage is not None:
            rows.append((depth, entry))
    if ax is None:
        ax = new_axes(9, 1.6 + 0.42 * max(len(rows), 1))
    for y, (_depth, entry) in enumerate(rows):
        colour = STATUS_COLOURS[entry.status]
        coverage = entry.coverage or 0.0
        ax.add_patch(
            Rectangle(
                (0, y - 0.35), 1, 0.5, facecolor=_TRACK, edgecolor="none", gid=f"track:{entry.id}"
            )
        )
        if entry.progress is None:
            ax.add_patch(
                Rectangle(
                    (0, y - 0.35),
                    1,
                    0.5,
                    facecolor="none",
                    edgecolor=STATUS_COLOURS[Status.NOT_ASSESSABLE],
                    hatch=_HATCH,
                    linewidth=0,
                    gid=f"not-assessable:{entry.id}",
                )
            )
            ax.text(
                0.5,
                y - 0.1,
                "not assessable",
                ha="center",
                va="center",
                fontsize=8,
                color="#555555",
                gid=f"not-assessable-text:{entry.id}",
            )
            figure = "not assessable"
        else:
            ax.add_patch(
                Rectangle(
                    (0, y - 0.35),
                    max(0.0, min(1.0, entry.progress)),
                    0.5,
                    facecolor=colour,
                    edgecolor="none",
                    gid=f"progress:{entry.id}",
                )
            )
            figure = f"{percent(entry.progress)} {status_label(entry.status)}"
        if coverage > 0:
            ax.add_patch(
                Rectangle(
                    (0, y + 0.2),
                    min(1.0, coverage),
                    0.14,
                    facecolor=_tint(colour if entry.progress is not None else "#777777"),
                    edgecolor="none",
                    gid=f"coverage:{entry.id}",
                )
            )
        ax.text(
            1.02, y - 0.1, figure, va="center", fontsize=8, clip_on=False, gid=f"figure:{entry.id}"
        )
        ax.text(
            1.02,
            y + 0.27,
            f"coverage {percent(coverage)}",
            va="center",
            fontsize=7,
            color="#555555",
            clip_on=False,
            gid=f"coverage-text:{entry.id}",
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(["   " * depth + entry.id for depth, entry in rows])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    hidden = len(fw.results) - len(rows)
    note = (
        f"\nnot shown: {count(hidden, 'result')} with no targeted indicator in or below them"
        if hidden
        else ""
    )
    ax.set_xlabel(f"progress (thick bar) · coverage (thin bar){note}", fontsize=9)
    ax.set_title(f"{fw.id}: progress as of {report.as_of.isoformat()}", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], label=status_label(s))
        for s in Status
        if s is not Status.NOT_ASSESSABLE
    ]
    handles.append(
        Patch(
            facecolor="none",
            edgecolor=STATUS_COLOURS[Status.NOT_ASSESSABLE],
            hatch=_HATCH,
            label="not assessable",
        )
    )
    handles.append(Patch(facecolor=_tint("#777777"), label="coverage"))
    # Below the tick labels and the x label, whatever the height of the chart.
    canvas_figure: Any = ax.figure
    below = offset_copy(ax.transAxes, fig=canvas_figure, y=-62 if hidden else -50, units="points")
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=below,
        ncol=6,
        fontsize=8,
        frameon=False,
    )
    return ax


# --- one indicator ----------------------------------------------------------------------------


def _in_unit(value: Quantity[Any], indicator: Indicator) -> float:
    unit = indicator.unit if indicator.unit is not None else parse_unit("")
    return float(value.to(unit).magnitude)


def _unit_label(indicator: Indicator) -> str:
    return "" if indicator.unit is None else unit_name(format_unit(indicator.unit))


def _observed(
    framework: Framework, observations: Observations, indicator: Indicator
) -> list[tuple[date, float]]:
    """The indicator's values over time: its own series, or derived at each date of its data."""
    series = observations.series(indicator.id)
    if series is not None:  # a text's value is NaN: a qualitative indicator has no points
        pairs = zip(series.ends, series.values, strict=True)
        return [(date.fromordinal(e), v) for e, v in pairs if not math.isnan(v)]
    if indicator.derivation is None:
        return []
    sources = (indicator.id, *indicator.derivation.of)
    ends = sorted(
        {observations[row].period.end for iid in sources for row in observations.rows_of(iid)}
    )
    points = []
    for report in assess_over(framework, observations, ends) if ends else []:
        value = report.indicators[indicator.id].value
        if value is not None:
            points.append((report.as_of, value))
    return points


def plot_indicator(
    report_or_framework: ProgressReport | Framework,
    observations: Observations | None,
    indicator_id: str,
    ax: Axes | None = None,
) -> Axes:
    """One indicator's observations against its baseline-to-target path and due dates.

    The path runs in a straight line from the baseline through each milestone to the final
    target, as the status is judged; each due date is a dotted vertical line, and a target
    not known yet is marked "pending" at its due date, without a value. An indicator derived
    from unit-level data is shown with its derived values at each date of that data.

    Args:
        report_or_framework: A progress report (its date is marked, and its baseline used) or
            a framework.
        observations: What was measured; None for the report's own (or none at all).
        indicator_id: The indicator.
        ax: Where to draw; a new figure when None.

    Returns:
        The Axes.

    Raises:
        UnknownIdError: if the framework has no such indicator.
        ImportError: if matplotlib is not installed (``pip install 'resultsframe[plot]'``).
    """
    _matplotlib()
    if isinstance(report_or_framework, ProgressReport):
        report: ProgressReport | None = report_or_framework
        fw = report_or_framework.framework
        obs = report_or_framework.observations if observations is None else observations.bind(fw)
    else:
        report = None
        fw = report_or_framework
        obs = Observations.empty(fw) if observations is None else observations.bind(fw)
    if indicator_id not in fw.indicators:
        raise UnknownIdError(
            f"framework {fw.id!r} has no indicator {indicator_id!r}; its indicators: "
            f"{', '.join(fw.indicators)}"
        )
    indicator = fw.indicators[indicator_id]
    points = _observed(fw, obs, indicator)
    dues = [t.due for t in indicator.targets if t.due is not None]
    if report is None or observations is not None:
        when = max([*dues, *(d for d, _ in points)], default=date.today())
        entry = assess(fw, obs, report.as_of if report is not None else when)[indicator_id]
    else:
        entry = report[indicator_id]
    assert isinstance(entry, IndicatorProgress)
    if ax is None:
        ax = new_axes(9, 4.8)

    if indicator.measure is Measure.QUALITATIVE:
        _texts(ax, obs, indicator_id, report.as_of if report is not None else None)
    if points:
        ax.plot(
            _x([d for d, _ in points]),
            [v for _, v in points],
            marker="o",
            color="#1f4e79",
            linewidth=1.2,
            label="observed",
            gid=f"observed:{indicator_id}",
        )
    start: date | None = None
    if entry.baseline is not None:
        start = (
            Period.parse(entry.baseline_period, fiscal_year_end=fw.fiscal_year_end).end
            if entry.baseline_period
            else fw.start
        )
    if start is not None and entry.baseline is not None:
        ax.plot(
            _x([start]),
            [entry.baseline],
            marker="s",
            markersize=8,
            linestyle="none",
            color="#444444",
            label=f"baseline ({entry.baseline_period or start.isoformat()})",
            gid=f"baseline:{indicator_id}",
        )
    path: list[tuple[date, float]] = (
        [(start, entry.baseline)] if start is not None and entry.baseline is not None else []
    )
    final = len(indicator.targets)
    for n, target in enumerate(indicator.targets, start=1):
        what = "final target" if n == final else f"milestone {n}"
        if target.due is not None:
            ax.axvline(
                _x(target.due),
                color="#888888",
                linestyle=":",
                linewidth=1,
                gid=f"due:{target.due.isoformat()}",
            )
        if isinstance(target.value, Quantity) and target.due is not None:
            value = _in_unit(target.value, indicator)
            path.append((target.due, value))
            ax.plot(
                _x([target.due]),
                [value],
                marker="D",
                markersize=8,
                linestyle="none",
                color="#b35806",
                label=f"{what} ({target.due.isoformat()})",
                gid=f"target:{indicator_id}:{n}",
            )
        elif isinstance(target.value, Pending) and target.due is not None:
            ax.annotate(
                f"{what} pending ({target.value.text})",
                (target.due, 0.5),
                xycoords=("data", "axes fraction"),
                rotation=90,
                ha="right",
                va="center",
                fontsize=8,
                color="#555555",
                gid=f"pending-target:{indicator_id}:{n}",
            )
    if len(path) > 1:
        ax.plot(
            _x([d for d, _ in path]),
            [v for _, v in path],
            linestyle="--",
            color="#b35806",
            linewidth=1,
            label="expected path",
            gid=f"path:{indicator_id}",
        )
    if report is not None:
        ax.axvline(
            _x(report.as_of),
            color=STATUS_COLOURS[entry.status],
            linewidth=1.5,
            label=f"as of {report.as_of.isoformat()}",
            gid="as-of",
        )
    status = status_label(entry.status)
    detail = (
        f"{status}, achievement {percent(entry.achievement)}"
        if entry.achievement is not None
        else status
    )
    if entry.coverage is None and entry.reason:  # a monitoring or qualitative indicator
        detail = textwrap.shorten(entry.reason, 90)
    elif entry.status is Status.NOT_ASSESSABLE and entry.reason:
        detail = f"not assessable: {textwrap.shorten(entry.reason, 90)}"
    title = textwrap.shorten(f"{indicator_id}: {indicator.name}", 160, placeholder=" …")
    ax.set_title("\n".join(textwrap.wrap(title, 80)), loc="left", fontsize=10)
    if indicator.measure is Measure.SHARE and _unit_label(indicator) == "%":
        ax.set_ylim(-2, 102)  # a share on its whole scale, 0 to 100 %
    ax.text(
        0.01,
        0.98,
        detail,
        transform=ax.transAxes,
        va="top",
        fontsize=8,
        color=STATUS_COLOURS[entry.status],
        gid="status",
    )
    ax.set_ylabel(_unit_label(indicator))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="best")
    return ax


def _texts(ax: Axes, obs: Observations, indicator_id: str, as_of: date | None) -> None:
    """A qualitative indicator's texts on a time line (up to the date): described, not plotted."""
    series = obs.series(indicator_id)
    rows = [] if series is None else [r for r in series.rows if obs.text(r) is not None]
    said = [(obs[r].period.end, obs.text(r) or "") for r in rows]
    said = [(d, t) for d, t in said if as_of is None or d <= as_of][-8:]  # the latest eight
    for n, (day, text) in enumerate(said):
        ax.plot(_x([day]), [0], marker="o", color="#1f4e79", gid=f"text-point:{indicator_id}:{n}")
        ax.annotate(
            textwrap.shorten(text, 60, placeholder=" …"),
            (day, 0),
            (4, 8 + 14 * (n % 4)),
            textcoords="offset points",
            fontsize=8,
            gid=f"text:{indicator_id}:{n}",
        )
    if not said:
        ax.text(
            0.5,
            0.5,
            "no text observed" + (f" by {as_of.isoformat()}" if as_of else ""),
            transform=ax.transAxes,
            ha="center",
            color="#555555",
            gid="no-texts",
        )
    ax.set_yticks([])
    ax.set_ylim(-0.5, 2)


# --- over time --------------------------------------------------------------------------------


def plot_over_time(
    reports: Sequence[ProgressReport], ids: Sequence[str] | None = None, ax: Axes | None = None
) -> Axes:
    """Progress of results (or achievement of indicators) at each date of the reports.

    Each line is one result; each point is coloured by the status at that date, and a second
    legend names the colours of the statuses shown (only those). A date at which a result
    cannot be assessed is a gap in its line, never 0 %.

    Args:
        reports: Reports of one framework at several dates (:func:`resultsframe.assess_over`).
        ids: The results (or indicators) to draw; by default every result that can be assessed
            at one of the dates, top first. Those that never can are named below the chart.
        ax: Where to draw; a new figure when None.

    Returns:
        The Axes.

    Raises:
        ValueError: if there are no reports.
        UnknownIdError: if an id is neither a result nor an indicator of the framework.
        ImportError: if matplotlib is not installed (``pip install 'resultsframe[plot]'``).
    """
    _matplotlib()
    from matplotlib.ticker import PercentFormatter

    if not reports:
        raise ValueError("plot_over_time needs at least one report")
    fw = reports[0].framework
    never: list[str] = []
    depth_of: dict[str, int] = {}
    if ids is None:
        chosen = []
        tables = [r.results for r in reports]  # made once: each call builds the whole mapping
        for depth, result_id in walk(fw):
            depth_of[result_id] = depth
            results = [table[result_id] for table in tables]
            if all(e.coverage is None for e in results):
                continue
            if all(e.progress is None for e in results):
                never.append(result_id)
            else:
                chosen.append(result_id)
    else:
        chosen = list(ids)
        for key in chosen:
            reports[0][key]  # raises UnknownIdError naming the framework
    if ax is None:
        ax = new_axes(9, 4.8)
    dates = [r.as_of for r in reports]
    statuses: set[Status] = set()
    for key in chosen:
        entries = [r[key] for r in reports]
        values = [_figure(e) for e in entries]
        (line,) = ax.plot(
            _x(dates),
            [math.nan if v is None else v for v in values],
            linewidth=1.5,
            # Lower levels dashed: a result and the one result below it often coincide.
            linestyle=_LINE_STYLES[depth_of.get(key, 0) % len(_LINE_STYLES)],
            label=key,
            gid=f"line:{key}",
        )
        shown = [
            (d, v, e.status)
            for d, v, e in zip(dates, values, entries, strict=True)
            if v is not None
        ]
        statuses.update(s for _, _, s in shown)
        if shown:
            ax.scatter(
                _x([d for d, _, _ in shown]),
                [v for _, v, _ in shown],
                c=[STATUS_COLOURS[s] for _, _, s in shown],
                edgecolors=line.get_color(),
                s=36,
                zorder=3,
                gid=f"points:{key}",
            )
    ax.set_xticks(_x(dates))
    ax.set_xticklabels([date_label(d) for d in dates])
    ax.set_ylim(-0.02, 1.05)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylabel("progress")
    ax.set_title(f"{fw.id}: progress over time", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if chosen:
        lines = ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        lines.set_gid("legend:lines")
        if statuses:
            ax.add_artist(lines)  # a second legend replaces the first unless it is an artist
            _status_legend(ax, [s for s in Status if s in statuses])
    if never:
        ax.text(
            0,
            -0.14,
            "not assessable at any date: " + ", ".join(never),
            transform=ax.transAxes,
            fontsize=8,
            color="#555555",
            va="top",
            gid="never-assessable",
        )
    return ax


def _status_legend(ax: Axes, statuses: list[Status]) -> None:
    from matplotlib.lines import Line2D

    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="none",
            markersize=6,
            markeredgecolor="#555555",
            markerfacecolor=STATUS_COLOURS[s],
            label=status_label(s),
        )
        for s in statuses
    ]
    legend = ax.legend(
        handles=handles,
        title="status",
        fontsize=8,
        title_fontsize=8,
        loc="lower left",
        bbox_to_anchor=(1.01, 0),
        frameon=False,
    )
    legend.set_gid("legend:status")


def _figure(entry: IndicatorProgress | ResultProgress) -> float | None:
    return entry.progress if isinstance(entry, ResultProgress) else entry.achievement
