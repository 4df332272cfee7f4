"""The tables-and-charts page's generated parts: the matrix's columns and the three charts.

Each chart is drawn when the pages are built, by running the code the page shows (the
``SNIPPETS`` below, which end with an Axes ``ax``), and saved with
:func:`resultsframe.charts.save` into ``_generated/charts/``. The page includes
``_generated/chart-<name>.md``: that code, then the image. No image is drawn or copied by hand,
and the code shown is the code that made it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import resultsframe
from resultsframe import table
from resultsframe_docs.markdown import code, text
from resultsframe_docs.markdown import table as markdown_table

__all__ = ["SNIPPETS", "chart", "columns", "cop_rows"]

#: The code of each chart, as the page shows it; each leaves the chart in ``ax``.
SNIPPETS: dict[str, tuple[str, str]] = {
    "progress": (
        "The progress of every result of the COP framework as of 2020-12-31",
        """\
import resultsframe
from resultsframe.charts import plot_progress

fw = resultsframe.examples.load("cop")
obs = resultsframe.examples.observations("cop")
report = resultsframe.assess(fw, obs, as_of="2020-12-31")
ax = plot_progress(report)
""",
    ),
    "indicator": (
        "T1.a, countries with legislation, against its path from baseline to target",
        """\
import resultsframe
from resultsframe.charts import plot_indicator

fw = resultsframe.examples.load("cop")
obs = resultsframe.examples.observations("cop")
report = resultsframe.assess(fw, obs, as_of="2020-12-31")
ax = plot_indicator(report, obs, "T1.a")
""",
    ),
    "over-time": (
        "Progress at the end of each year of the COP framework's time frame",
        """\
import resultsframe
from resultsframe.charts import plot_over_time

fw = resultsframe.examples.load("cop")
obs = resultsframe.examples.observations("cop")
reports = resultsframe.assess_over(fw, obs, [f"{year}-12-31" for year in range(2015, 2021)])
ax = plot_over_time(reports)
""",
    ),
}


def chart(name: str, folder: Path) -> str:
    """Run the snippet ``name``, save its chart in ``folder/charts/``, return the page's Markdown."""
    from resultsframe.charts import save

    caption, snippet = SNIPPETS[name]
    namespace: dict[str, Any] = {"__name__": f"docs.chart.{name}"}
    exec(compile(snippet, f"<chart {name}>", "exec"), namespace)
    images = folder / "charts"
    images.mkdir(exist_ok=True)
    target = images / f"{name}.png"
    with tempfile.TemporaryDirectory() as scratch:
        made = Path(scratch) / f"{name}.png"
        save(namespace["ax"], made)
        data = made.read_bytes()
    if not target.exists() or target.read_bytes() != data:  # an unchanged image is left alone
        target.write_bytes(data)
    return "\n".join(
        [
            "```python",
            snippet.rstrip("\n"),
            "```",
            "",
            f"```{{figure}} /_generated/charts/{name}.png",
            f":alt: {caption}",
            ":width: 100%",
            "",
            f"{text(caption)}: drawn by the code above when these pages were built, and saved "
            f"with {code('resultsframe.charts.save(ax, path)')}.",
            "```",
        ]
    )


def columns() -> str:
    """The matrix's columns, from :data:`resultsframe.table.COLUMNS`."""
    rows = [
        [
            code(column.header),
            text(column.about),
            ", ".join(code(alias) for alias in column.aliases),
        ]
        for column in table.COLUMNS
    ]
    return markdown_table(["column", "what it holds", "also read as"], rows)


def cop_rows(keys: tuple[str, ...] = ("T1.a", "T3.a", "P1.1")) -> str:
    """Rows of the COP framework's matrix as CSV (by indicator id, or result id for a result
    with no indicator), with the header, in a code block."""
    csv_text = table.to_csv(resultsframe.examples.load("cop"))
    lines = csv_text.split("\r\n")
    rows = table.to_rows(resultsframe.examples.load("cop"))
    picked = [
        lines[n + 1]
        for n, row in enumerate(rows)
        if row["indicator id"] in keys or (row["indicator id"] is None and row["result id"] in keys)
    ]
    return "```text\n" + "\n".join([lines[0], *picked]) + "\n```"
