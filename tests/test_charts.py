"""Charts: what is drawn (bars, colours, labels, data points), not pixels; and the files written.

The drawn parts carry ids (``gid``): the tests find them by id and check their size, place and
colour against the report.
"""

from __future__ import annotations

import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import resultsframe
from conftest import RunCli
from resultsframe import (
    Framework,
    Indicator,
    Observations,
    ProgressReport,
    Result,
    Status,
    Target,
    assess,
    assess_over,
)
from resultsframe.charts import (
    STATUS_COLOURS,
    plot_indicator,
    plot_over_time,
    plot_progress,
    save,
)
from resultsframe.cli import main
from resultsframe.model import Baseline, Link
from resultsframe.progress import ResultProgress

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def observations() -> Observations:
    return resultsframe.examples.observations("cop")


@pytest.fixture(scope="module")
def report(cop: Framework, observations: Observations) -> ProgressReport:
    return assess(cop, observations, "2020-12-31")


def by_gid(ax: Axes) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for artist in [*ax.patches, *ax.lines, *ax.texts, *ax.collections]:
        gid = artist.get_gid()
        if gid is not None:
            assert gid not in found, f"two artists share the id {gid}"
            found[gid] = artist
    return found


def colour(artist: Any) -> str:
    return to_hex(artist.get_facecolor())


def shown(report: ProgressReport) -> list[ResultProgress]:
    return [e for e in report.results.values() if e.coverage is not None]


# --- progress of every result ---------------------------------------------------------------


def test_each_result_has_a_bar_of_its_progress_in_its_status_colour(
    report: ProgressReport,
) -> None:
    ax = plot_progress(report)
    parts = by_gid(ax)
    entries = shown(report)
    assert entries, "the example has assessable results"
    labels = [t.get_text().strip() for t in ax.get_yticklabels()]
    assert labels == ["impact", "O1", "T1", "O2", "T2", "O3", "T3", "O4", "T4", "O5", "T5"]
    assert {e.id for e in entries} == set(labels)
    for y, label in enumerate(labels):
        entry = report.results[label]
        assert entry.coverage is not None
        if entry.progress is None:
            continue
        bar: Rectangle = parts[f"progress:{label}"]
        assert bar.get_width() == pytest.approx(entry.progress)
        assert bar.get_y() + bar.get_height() / 2 == pytest.approx(y - 0.1)
        assert colour(bar) == STATUS_COLOURS[entry.status]
        assert parts[f"figure:{label}"].get_text() == (
            f"{entry.progress * 100:.0f} % {entry.status.value.replace('_', ' ')}"
        )
    assert colour(parts["progress:O1"]) == STATUS_COLOURS[Status.ACHIEVED]
    assert colour(parts["progress:impact"]) == STATUS_COLOURS[Status.OFF_TRACK]
    assert parts["progress:impact"].get_width() == pytest.approx(0.5)


def test_coverage_is_a_lighter_bar_of_its_own(report: ProgressReport) -> None:
    parts = by_gid(plot_progress(report))
    for entry in shown(report):
        assert entry.coverage is not None
        text = parts[f"coverage-text:{entry.id}"].get_text()
        assert text == f"coverage {entry.coverage * 100:.0f} %"
        if entry.coverage == 0:
            assert f"coverage:{entry.id}" not in parts
            continue
        bar = parts[f"coverage:{entry.id}"]
        assert bar.get_width() == pytest.approx(entry.coverage)
        status_rgb = to_rgb(STATUS_COLOURS[entry.status])
        assert all(c >= s for c, s in zip(to_rgb(bar.get_facecolor()), status_rgb, strict=True))
        assert to_rgb(bar.get_facecolor()) != status_rgb
    assert parts["coverage:impact"].get_width() == pytest.approx(1 / 3)


def test_not_assessable_is_drawn_as_such_never_as_zero(report: ProgressReport) -> None:
    parts = by_gid(plot_progress(report))
    not_assessable = [e.id for e in shown(report) if e.progress is None]
    assert not_assessable == ["O3", "O4", "O5", "T3", "T4", "T5"]  # the framework's order
    for result_id in not_assessable:
        assert f"progress:{result_id}" not in parts
        hatched = parts[f"not-assessable:{result_id}"]
        assert hatched.get_hatch()
        assert hatched.get_width() == 1
        assert parts[f"not-assessable-text:{result_id}"].get_text() == "not assessable"
        assert parts[f"figure:{result_id}"].get_text() == "not assessable"
    # an off-track result at 0 % is a real 0 % bar, with its colour and its full coverage
    assert report.results["O2"].progress == 0
    assert parts["progress:O2"].get_width() == 0
    assert parts["figure:O2"].get_text() == "0 % off track"
    assert parts["coverage:O2"].get_width() == 1


def test_the_legend_names_every_status_and_the_results_left_out(report: ProgressReport) -> None:
    ax = plot_progress(report)
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "achieved",
        "on track",
        "at risk",
        "off track",
        "not assessable",
        "coverage",
    ]
    assert "not shown: 17 results with no targeted indicator" in ax.get_xlabel()
    assert ax.get_title(loc="left") == "cop-2015: progress as of 2020-12-31"


def test_one_result_left_out_is_counted_in_the_singular() -> None:
    counted = Indicator(
        "g.a", "A", unit="case", baselines=(Baseline(0),), targets=(Target(10, due="2020-12-31"),)
    )
    fw = Framework(
        "one",
        "One",
        (Result("g", "impact", "Goal", indicators=(counted,)), Result("a", "outcome", "A")),
        links=(Link("a", "g"),),
    )
    ax = plot_progress(assess(fw, None, "2020-12-31"))
    assert "not shown: 1 result with no targeted indicator" in ax.get_xlabel()


def test_a_chart_is_drawn_on_the_axes_given(report: ProgressReport) -> None:
    figure = Figure()
    ax = figure.add_subplot()
    assert plot_progress(report, ax=ax) is ax
    assert "progress:O1" in by_gid(ax)


# --- one indicator --------------------------------------------------------------------------


def xy(line: Line2D) -> list[tuple[date, float]]:
    xs: Any = line.get_xdata()
    ys: Any = line.get_ydata()
    return [(x, float(y)) for x, y in zip(xs, ys, strict=True)]


def test_an_indicator_against_its_path_from_baseline_to_target(
    report: ProgressReport, observations: Observations
) -> None:
    ax = plot_indicator(report, None, "T1.a")
    parts = by_gid(ax)
    series = observations.series("T1.a")
    assert series is not None
    assert xy(parts["observed:T1.a"]) == [
        (date.fromordinal(e), v) for e, v in zip(series.ends, series.values, strict=True)
    ]
    entry = report.indicators["T1.a"]
    assert entry.baseline is not None
    baseline_day = date(2012, 12, 31)
    assert xy(parts["baseline:T1.a"]) == [(baseline_day, entry.baseline)]
    assert xy(parts["target:T1.a:1"]) == [(date(2020, 12, 31), 90.0)]
    assert xy(parts["path:T1.a"]) == [
        (baseline_day, entry.baseline),
        (date(2020, 12, 31), 90.0),
    ]
    assert "due:2020-12-31" in parts
    assert to_hex(parts["as-of"].get_color()) == STATUS_COLOURS[Status.ACHIEVED]
    assert parts["status"].get_text() == "achieved, achievement 100 %"
    assert ax.get_ylabel() == "%"
    assert ax.get_ylim() == (-2, 102)
    assert ax.get_title(loc="left").startswith("T1.a: countries with legislative measurements")


def milestones() -> Framework:
    return Framework(
        "m",
        "Milestones",
        (
            Result(
                "g",
                "impact",
                "Cases are handled",
                indicators=(
                    Indicator(
                        "g.a",
                        "cases handled",
                        unit="case",
                        baselines=(Baseline(10, period="2015"),),
                        targets=(
                            Target(20, due="2016-12-31"),
                            Target("TBD", due="2017-12-31"),
                            Target(40, due="2018-12-31"),
                        ),
                    ),
                ),
            ),
        ),
        start="2015-01-01",
    )


def test_milestones_are_on_the_path_and_a_pending_target_is_marked_without_a_value() -> None:
    fw = milestones()
    obs = Observations.from_records(
        [
            {"indicator": "g.a", "period": "2016", "value": 22, "unit": "case"},
            {"indicator": "g.a", "period": "2017", "value": 25, "unit": "case"},
        ],
        fw,
    )
    ax = plot_indicator(fw, obs, "g.a")
    parts = by_gid(ax)
    assert xy(parts["path:g.a"]) == [
        (date(2015, 12, 31), 10.0),
        (date(2016, 12, 31), 20.0),
        (date(2018, 12, 31), 40.0),
    ]
    assert xy(parts["target:g.a:1"]) == [(date(2016, 12, 31), 20.0)]
    assert xy(parts["target:g.a:3"]) == [(date(2018, 12, 31), 40.0)]
    assert "target:g.a:2" not in parts
    assert parts["pending-target:g.a:2"].get_text() == "milestone 2 pending (TBD)"
    assert {g for g in parts if g.startswith("due:")} == {
        "due:2016-12-31",
        "due:2017-12-31",
        "due:2018-12-31",
    }
    assert xy(parts["observed:g.a"]) == [(date(2016, 12, 31), 22.0), (date(2017, 12, 31), 25.0)]
    assert "as-of" not in parts  # a framework has no date of its own
    assert ax.get_ylabel() == "case"
    labels = ax.get_legend_handles_labels()[1]
    assert labels == [
        "observed",
        "baseline (2015)",
        "milestone 1 (2016-12-31)",
        "final target (2018-12-31)",
        "expected path",
    ]


def test_a_derived_indicator_is_shown_with_its_derived_values(
    cop: Framework, observations: Observations
) -> None:
    parts = by_gid(plot_indicator(cop, observations, "P1.2.b"))
    points = xy(parts["observed:P1.2.b"])
    ends = [d for d, _ in points]
    assert ends == sorted(ends)
    check = assess(cop, observations, ends[-1]).indicators["P1.2.b"]
    assert points[-1][1] == pytest.approx(check.value)
    assert all(0 <= v <= 100 for _, v in points)
    assert parts["status"].get_text() == "monitoring indicator: it has no target"


def test_a_pending_target_leaves_the_indicator_not_assessable(report: ProgressReport) -> None:
    parts = by_gid(plot_indicator(report, None, "T3.a"))
    assert parts["pending-target:T3.a:1"].get_text() == "final target pending (XX%)"
    assert parts["status"].get_text().startswith("not assessable: target pending ('XX%')")
    assert "path:T3.a" not in parts


def test_an_unknown_indicator_is_refused(report: ProgressReport) -> None:
    with pytest.raises(resultsframe.UnknownIdError, match="has no indicator 'T9'"):
        plot_indicator(report, None, "T9")


# --- over time ------------------------------------------------------------------------------


def test_progress_over_time_one_line_per_result_coloured_by_status(
    cop: Framework, observations: Observations
) -> None:
    reports = assess_over(cop, observations, [f"{y}-12-31" for y in range(2015, 2021)])
    ax = plot_over_time(reports)
    parts = by_gid(ax)
    lines = [g.removeprefix("line:") for g in parts if g.startswith("line:")]
    assert lines == ["impact", "O1", "T1", "O2", "T2"]
    for result_id in lines:
        ys: Any = parts[f"line:{result_id}"].get_ydata()
        expected = [r.results[result_id].progress for r in reports]
        assert [None if math.isnan(y) else pytest.approx(y) for y in ys] == expected
        points = parts[f"points:{result_id}"]
        assert [to_hex(c) for c in points.get_facecolors()] == [
            STATUS_COLOURS[r.results[result_id].status]
            for r in reports
            if r.results[result_id].progress is not None  # a point where there is a figure
        ]
    assert parts["never-assessable"].get_text() == (
        "not assessable at any date: O3, T3, O4, T4, O5, T5"
    )
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2015, 2021)]


def test_over_time_has_a_legend_of_the_statuses_shown(
    cop: Framework, observations: Observations
) -> None:
    reports = assess_over(cop, observations, [f"{y}-12-31" for y in range(2015, 2021)])
    ax = plot_over_time(reports)
    legends = {legend.get_gid(): legend for legend in ax.findobj(Legend)}
    assert set(legends) == {"legend:lines", "legend:status"}
    assert [t.get_text() for t in legends["legend:lines"].get_texts()] == [
        "impact",
        "O1",
        "T1",
        "O2",
        "T2",
    ]
    status = legends["legend:status"]
    assert status.get_title().get_text() == "status"
    # COP 2015–2020: O1 and T1 on track in 2016, at risk in 2017, achieved from 2018; impact at
    # risk or off track; O2 and T2 off track throughout. Not assessable (O1 and T1 in 2015) is a
    # gap, not a point, so it is not in the legend.
    assert [t.get_text() for t in status.get_texts()] == [
        "achieved",
        "on track",
        "at risk",
        "off track",
    ]
    handles: list[Any] = list(status.legend_handles)
    assert [to_hex(h.get_markerfacecolor()) for h in handles] == [
        STATUS_COLOURS[s]
        for s in (Status.ACHIEVED, Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK)
    ]
    # Only the statuses shown: impact alone over 2018–2020 is at risk, then off track.
    only = plot_over_time(reports[3:], ids=["impact"])
    shown = [x for x in only.findobj(Legend) if x.get_gid() == "legend:status"]
    assert [t.get_text() for t in shown[0].get_texts()] == ["at risk", "off track"]


def test_a_gap_where_a_result_is_not_assessable() -> None:
    fw = Framework(
        "g",
        "Gap",
        (
            Result(
                "top",
                "impact",
                "Top",
                indicators=(
                    Indicator(
                        "top.a",
                        "a",
                        unit="case",
                        baselines=(Baseline(0, period="2015"),),
                        targets=(Target(10, due="2020-12-31"),),
                    ),
                ),
            ),
            Result("low", "outcome", "Low"),
        ),
        links=(Link("low", "top"),),
    )
    obs = Observations.from_records(
        [{"indicator": "top.a", "period": "2017", "value": 5, "unit": "case"}], fw
    )
    reports = assess_over(fw, obs, ["2016-12-31", "2017-12-31", "2018-12-31"])
    parts = by_gid(plot_over_time(reports, ids=["top", "top.a"]))
    ys: Any = parts["line:top"].get_ydata()
    assert math.isnan(ys[0])  # no value yet: a gap, not 0
    assert list(ys[1:]) == [0.5, 0.5]
    assert len(parts["points:top"].get_offsets()) == 2
    achievements: Any = parts["line:top.a"].get_ydata()
    assert list(achievements[1:]) == [0.5, 0.5]
    with pytest.raises(resultsframe.UnknownIdError):
        plot_over_time(reports, ids=["nowhere"])
    with pytest.raises(ValueError, match="at least one report"):
        plot_over_time([])


# --- files, the extra, the command ------------------------------------------------------------


def test_save_writes_png_and_svg_with_the_ids(report: ProgressReport, tmp_path: Path) -> None:
    ax = plot_progress(report)
    save(ax, tmp_path / "p.png")
    assert (tmp_path / "p.png").read_bytes().startswith(PNG)
    save(ax, tmp_path / "p.svg")
    svg = ET.parse(tmp_path / "p.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    ids = {element.get("id") for element in svg.iter()}
    assert {"progress:O1", "not-assessable:T3", "coverage:impact"} <= ids
    first = (tmp_path / "p.svg").read_bytes()
    save(ax, tmp_path / "p.svg")
    assert (tmp_path / "p.svg").read_bytes() == first  # the same chart, the same file
    with pytest.raises(resultsframe.DocumentError, match=r"use \.png, \.svg or \.pdf"):
        save(ax, tmp_path / "p.jpg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.png", "p.svg"]


def test_save_writes_the_same_pdf_twice(report: ProgressReport, tmp_path: Path) -> None:
    # No creation or modification date in the file: two runs give the same bytes.
    ax = plot_progress(report)
    save(ax, tmp_path / "a.pdf")
    first = (tmp_path / "a.pdf").read_bytes()
    assert first.startswith(b"%PDF-")
    assert b"/CreationDate" not in first
    assert b"/ModDate" not in first
    save(plot_progress(report), tmp_path / "b.PDF")
    assert (tmp_path / "b.PDF").read_bytes() == first


def test_charts_without_matplotlib_say_which_extra_to_install(
    report: ProgressReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    draws: list[Callable[[], Axes]] = [
        lambda: plot_progress(report),
        lambda: plot_indicator(report, None, "T1.a"),
        lambda: plot_over_time([report]),
    ]
    for draw in draws:
        with pytest.raises(ImportError) as caught:
            draw()
        assert str(caught.value) == (
            "charts need matplotlib, which is not installed: pip install 'resultsframe[plot]'"
        )
    assert main(["plot", "-o", "never.png"]) == 2


def test_charts_leave_pyplot_alone_unless_it_is_in_use(report: ProgressReport) -> None:
    code = (
        "import sys, resultsframe\n"
        "from resultsframe.charts import plot_progress\n"
        "fw = resultsframe.examples.load('cop')\n"
        "ax = plot_progress(resultsframe.assess(fw, None, '2020'))\n"
        "print('matplotlib.pyplot' in sys.modules, type(ax.figure.canvas).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "FigureCanvasAgg"]


def test_the_plot_command_writes_valid_png_and_svg(tmp_path: Path, cli: RunCli) -> None:
    runs = {
        "progress.png": ("plot", "cop", "--as-of", "2020-12-31", "-o", "progress.png"),
        "indicator.svg": ("plot", "--indicator", "T1.a", "--as-of", "2020", "-o", "indicator.svg"),
        "over.svg": ("plot", "--as-of", "2015..2020", "-o", "over.svg"),
    }
    for name, args in runs.items():
        done = cli(*args, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", ""), name
    assert (tmp_path / "progress.png").read_bytes().startswith(PNG)
    indicator_ids = {e.get("id") for e in ET.parse(tmp_path / "indicator.svg").getroot().iter()}
    assert {"observed:T1.a", "target:T1.a:1", "path:T1.a"} <= indicator_ids
    over_ids = {e.get("id") for e in ET.parse(tmp_path / "over.svg").getroot().iter()}
    assert {"line:impact", "line:T1", "never-assessable"} <= over_ids


def test_the_plot_command_writes_the_same_pdf_twice(tmp_path: Path, cli: RunCli) -> None:
    for name in ("one.pdf", "two.pdf"):
        done = cli("plot", "cop", "--as-of", "2016..2020", "-o", name, cwd=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    first = (tmp_path / "one.pdf").read_bytes()
    assert first.startswith(b"%PDF-")
    assert first == (tmp_path / "two.pdf").read_bytes()


def test_the_plot_command_refuses_what_it_cannot_draw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plot", "-o", str(tmp_path / "p.jpg")]) == 2
    assert "name a .png, .svg or .pdf file" in capsys.readouterr().err
    assert main(["plot", "--indicator", "T9", "-o", str(tmp_path / "p.png")]) == 2
    assert "cop-2015 has no indicator 'T9'" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_the_modules_examples_run() -> None:
    import doctest

    from resultsframe import charts

    result = doctest.testmod(charts, optionflags=doctest.ELLIPSIS)
    assert (result.failed, result.attempted > 0) == (0, True)
