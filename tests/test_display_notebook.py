"""The notebook views of observations, report entries, pending values and differences.

Read back with the standard library's HTML parser (``test_display``'s: only the tags and
attributes the display writes, closed in order, nothing to fetch), and through IPython's own
display formatter, which is what a notebook calls.
"""

from __future__ import annotations

from collections import Counter

import attrs
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter

import resultsframe
from resultsframe import Framework, Observations
from resultsframe.differences import Differences
from resultsframe.display import MAX_ROWS, repr_html, repr_mimebundle, to_html, to_page
from resultsframe.model.pending import PendingList
from resultsframe.progress import ProgressReport
from test_display import EVIL, assert_safe, hostile, parse


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def obs() -> Observations:
    return resultsframe.examples.observations("cop")


@pytest.fixture(scope="module")
def report(cop: Framework, obs: Observations) -> ProgressReport:
    return resultsframe.assess(cop, obs, as_of="2020-12-31")


def facts(html: str) -> dict[str, str]:
    """The rows of the first table whose first cell is a header: name → text."""
    page = parse(html)
    return {cells[0]: "".join(cells[1:]) for cells in page.rows if len(cells) > 1}


# --- observations -----------------------------------------------------------------------------


def test_observations_show_what_they_hold_and_their_first_rows(obs: Observations) -> None:
    page = assert_safe(obs._repr_html_())
    text = page.all_text
    # Counted by another road: the Observation objects, one by one.
    records = list(obs)
    by_indicator = Counter(o.indicator for o in records)
    assert sum(by_indicator.values()) == len(records) == 199
    shown = facts(obs._repr_html_())
    assert shown["rows"] == "199"
    # Most rows first: P1.2.b 176, P1.2.a 7, T1.a 6, T2.a 5, P2.6.a 3, T5.g 2 (= 199).
    assert shown["indicators"] == "6: " + ", ".join(
        f"{i} {n}" for i, n in by_indicator.most_common()
    )
    assert by_indicator.most_common(1) == [("P1.2.b", 176)]
    ends = sorted(records, key=lambda o: o.period.end)
    assert shown["periods"] == (
        f"{len({o.period.text for o in records})} periods "
        f"({ends[0].period.text} – {ends[-1].period.text})"
    )
    reporters = sorted({o.reporter for o in records if o.reporter})
    assert shown["reporters"].startswith(f"{len(reporters)}: ")
    assert sorted(shown["reporters"].split(": ", 1)[1].split(", ")) == reporters
    assert shown["areas"] == f"{len({o.area for o in records if o.area})} areas"
    # The first ten rows, in order: the first is T1.a's 2006 value, 89 of 184 countries.
    rows = [cells for cells in page.rows if cells[0] in by_indicator]
    assert len(rows) == 10
    assert rows[0][:3] == ["T1.a", "2006", "48.37 %"]
    assert "48.37 % (89/184)" in "".join(rows[0])
    assert "the first 10 of 199 rows" in text


def test_a_million_observations_are_cut_to_their_first_rows(
    cop: Framework, obs: Observations
) -> None:
    # The COP rows repeated to a million: the view counts on the columns and shows ten rows.
    c = obs._cols
    big = Observations(c.take(np.resize(np.arange(len(c)), 1_000_000)), cop, "a million")
    html = big._repr_html_()
    assert_safe(html)
    assert len(html) < 20_000
    shown = facts(html)
    assert shown["rows"] == "1 000 000"
    assert "the first 10 of 1 000 000 rows" in parse(html).all_text
    # P1.2.b has 176 of every 199 rows: 5025 whole rounds (999 975 rows), then the first 25
    # rows of a round, of which 2 are P1.2.b's.
    rest = sum(o.indicator == "P1.2.b" for o in list(obs)[: 1_000_000 - 5025 * 199])
    assert rest == 2
    assert shown["indicators"].startswith(f"6: P1.2.b {176 * 5025 + 2}, ")


def test_no_observations() -> None:
    fw = resultsframe.examples.load("cop")
    page = assert_safe(to_html(Observations.empty(fw)))
    assert "no observations" in page.all_text


# --- entries ----------------------------------------------------------------------------------


def test_an_indicator_entry_shows_its_figures_and_its_explanation(
    report: ProgressReport,
) -> None:
    entry = report["T1.a"]
    html = entry._repr_html_()
    page = assert_safe(html)
    shown = facts(html)
    # COP T1.a as of 2020-12-31: 180 of 196 countries (91.84 %) in 2018, from 143 of 196
    # (72.96 %) in 2012, against 90 %: past the target, achievement clipped to 100 %.
    assert shown["achievement"] == " 100 %"
    assert shown["value"] == "91.84 % for 2018-12-06"
    assert shown["target"] == "90 % by 2020-12-31"
    assert shown["baseline"] == "72.96 % (2012)"
    assert "achieved" in page.text
    assert entry.explain() in page.all_text  # the whole explanation, as `explain` prints it


def test_a_pending_target_is_shown_as_pending_never_as_a_number(report: ProgressReport) -> None:
    html = report["T3.a"]._repr_html_()
    page = assert_safe(html)
    shown = facts(html)
    assert shown["target"] == "pending XX%"
    assert shown["achievement"] == " not assessable"
    assert "0 %" not in page.all_text
    assert "100 %" not in page.all_text


def test_a_result_entry_shows_its_inputs(report: ProgressReport) -> None:
    entry = report.results["impact"]
    html = entry._repr_html_()
    page = assert_safe(html)
    shown = facts(html)
    # impact: the mean of O1 (100 %) and O2 (0 %), the only assessable inputs of six: 50 %,
    # with coverage 2 of 6 = 33 %.
    assert shown["progress"] == " 50 %"
    assert shown["coverage"] == "33 %"
    assert shown["combined by"] == "mean"
    inputs = [cells for cells in page.rows if cells[0] in ("indicator", "result")]
    assert [cells[2] for cells in inputs] == ["impact.a", "O1", "O2", "O3", "O4", "O5"]
    assert [i.id for i in entry.inputs] == ["impact.a", "O1", "O2", "O3", "O4", "O5"]
    assert entry.explain() in page.all_text


# --- pending values and differences -----------------------------------------------------------


def test_pending_values_one_row_each_with_their_text(cop: Framework) -> None:
    pending = cop.pending()
    page = assert_safe(pending._repr_html_())
    rows = [cells for cells in page.rows if cells[0] in {p.key for p in pending}]
    assert [cells[0] for cells in rows] == [p.key for p in pending]
    assert len(rows) == 13
    markers = [t for t in page.text if t.startswith("pending ")]
    assert markers == [f"pending {p.text}" for p in pending]
    assert "13 values pending" in page.all_text
    filled = cop.fill({p.key: 50 for p in pending})
    assert "nothing pending" in parse(filled.pending()._repr_html_()).all_text


def test_differences_one_row_each_pending_before_and_amount_after(cop: Framework) -> None:
    filled = cop.fill({p.key: "50 %" for p in cop.pending()})
    differences = resultsframe.diff(cop, filled.without_link("T1", "O1"))
    page = assert_safe(differences._repr_html_())
    rows = [cells for cells in page.rows if cells[0] in ("added", "removed", "changed")]
    assert len(rows) == len(differences) == 14
    # The 13 pending values filled with 50 %: before, the document's text; after, 50 %.
    changed = [cells for cells in rows if cells[0] == "changed"]
    assert len(changed) == 13
    assert all(cells[-2].startswith("pending ") and cells[-1] == "50 %" for cells in changed)
    assert rows[-1][:3] == ["removed", "link", "T1 → O1"]
    assert "1 removed, 13 changed" in page.all_text
    same = resultsframe.diff(cop, cop)
    assert "the two frameworks write the same document" in parse(same._repr_html_()).all_text


def test_long_lists_are_cut(cop: Framework) -> None:
    many = PendingList(cop.pending() * 50)  # 650 rows
    page = assert_safe(to_html(many))
    assert f"… {len(many) - MAX_ROWS} more rows not shown" in page.all_text
    assert len(parse(to_html(many, max_rows=None)).rows) == len(many) + 1  # and the header


# --- safety, mime bundles, IPython ------------------------------------------------------------


def test_hostile_texts_come_back_as_text() -> None:
    fw = hostile()
    obs = Observations.from_records(
        [
            {
                "indicator": "i<1>&\"'",
                "period": "2019",
                "value": 50,
                "unit": "%",
                "source": f"Source {EVIL}",
            }
        ],
        fw,
    )
    report = resultsframe.assess(fw, obs, as_of="2020-12-31")
    for item in (
        obs,
        *report.values(),
        fw.pending(),
        resultsframe.diff(fw, fw.without_result('child"><script>')),
    ):
        html = repr_html(item)
        page = assert_safe(html)
        assert "<script" not in html
        assert page.text, item
    assert f"Source {EVIL}" in parse(repr_html(obs)).attribute_values()  # the whole, on hover
    pending = parse(repr_html(fw.pending())).all_text
    assert "i2<script>" in pending


def test_a_repr_never_raises(report: ProgressReport) -> None:
    broken = attrs.evolve(report.indicators["T1.a"], status="no such status")  # type: ignore[arg-type]
    html = broken._repr_html_()
    page = assert_safe(html)
    assert "this IndicatorProgress cannot be shown" in page.all_text
    assert "KeyError: 'no such status'" in page.all_text
    bundle = broken._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    with pytest.raises(KeyError):
        to_html(broken)  # to_html itself says what is wrong


def test_mime_bundles(cop: Framework, obs: Observations, report: ProgressReport) -> None:
    bundle = obs._repr_mimebundle_()
    assert bundle == {"text/plain": repr(obs), "text/html": to_html(obs)}
    assert obs._repr_mimebundle_(include=["text/plain"]) == {"text/plain": repr(obs)}
    assert obs._repr_mimebundle_(exclude=["text/plain"]) == {"text/html": to_html(obs)}
    entry = report["T1.a"]
    assert entry._repr_mimebundle_()["text/plain"] == repr(entry)
    plain = cop.pending()._repr_mimebundle_()["text/plain"].splitlines()
    assert plain[0] == "13 values pending:"
    assert plain[1:] == [f"  {p}" for p in cop.pending()]
    assert repr_mimebundle(Differences())["text/plain"] == "no differences"
    assert repr_mimebundle(PendingList())["text/plain"] == "nothing pending"


def test_ipython_shows_them_as_html(
    cop: Framework, obs: Observations, report: ProgressReport
) -> None:
    formatter = DisplayFormatter()
    for item in (obs, report["T1.a"], report["impact"], cop.pending(), resultsframe.diff(cop, cop)):
        data, _ = formatter.format(item)  # type: ignore[no-untyped-call]
        assert data["text/html"] == to_html(item)
        assert data["text/plain"]


def test_whole_pages(cop: Framework, obs: Observations, report: ProgressReport) -> None:
    for item, title in (
        (obs, "observations · cop-2015"),
        (report["T1.a"], "T1.a"),
        (cop.pending(), "pending values"),
    ):
        page = to_page(item)
        assert f"<title>{title}</title>" in page
        assert_safe(page.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0])
