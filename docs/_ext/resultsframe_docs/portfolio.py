"""The COP portfolio's figures, computed at build time from the demo portfolio.

Every figure on the portfolio page's demo section is read from
:func:`resultsframe.progress.portfolio.assess_portfolio` run on
:func:`resultsframe.examples.portfolio.cop_portfolio`, so the page cannot drift from the code.
"""

from __future__ import annotations

from resultsframe.examples.portfolio import cop_portfolio
from resultsframe.progress.portfolio import assess_portfolio
from resultsframe_docs.markdown import code, table, text

__all__ = ["render"]

# The dates the demo is shown at: before and after the IWF's 2022 figure.
DATES = ("2022-06-30", "2022-12-31")


def render() -> str:
    """The demo's contributions, combinations and the umbrella's reason, as Markdown."""
    parts = []
    for day in DATES:
        report = assess_portfolio(cop_portfolio(), day)
        found = report.combined["T2.a"]
        rows = [
            [
                text(c.partner or ""),
                code(c.member),
                code(c.source),
                text("no figure" if c.value is None else f"{c.value:g}"),
                text(c.period.text if c.period is not None else "—"),
            ]
            for c in found.contributions
        ]
        entry = report.umbrella.indicators["T2.a"]
        low, high = report.interval("T2.a") or (None, None)
        parts.append(
            f"### As of {day}\n\n"
            + table(["partner", "member", "indicator", "figure", "period"], rows)
            + f"\n\nCombined by `units`: between **{low:g}** and **{high:g}** countries "
            f"(`PortfolioReport.interval('T2.a') == ({low!r}, {high!r})`). `T2.a` is "
            f"{text(entry.status.value.replace('_', ' '))}: {text(entry.reason or '')}\n"
        )
    return "\n".join(parts)
