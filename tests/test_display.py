"""HTML display for notebooks: ``_repr_html_`` on frameworks, results, indicators and reports.

The HTML is read back with the standard library's parser, the way a browser tokenises it:
every tag must be one we allow and closed in order, no script, no event handler, nothing
fetched, and every text of a hostile framework must come back as text, character for character.
(The docs build also renders it in a real headless chromium: docs/_ext/resultsframe_docs.)
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

import resultsframe
from resultsframe import Framework, Indicator, Observations, Pending, Result, Target
from resultsframe.display import MAX_ROWS, STATUS_COLOURS, to_html, to_page
from resultsframe.model import Baseline, Comment, Link, Parameter
from resultsframe.progress import ProgressReport, Status

ALLOWED_TAGS = {"div", "span", "table", "thead", "tbody", "tr", "th", "td", "b", "code", "br"}
VOID = {"br", "meta"}
ALLOWED_ATTRIBUTES = {"style", "title", "colspan", "role", "aria-label"}

EVIL = (
    '</td></tr></table><script>alert("x")</script> & \'q\' "quoted" '
    "<img src=x onerror=alert(1)> &amp; &#60; ]]> <!-- -->"
)
EVIL_ID = "<script>alert('id')</script>&\""


class Page(HTMLParser):
    """What a browser's tokeniser sees: tags in order, attributes and text, decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.rows: list[list[str]] = []  # the text of each <tr>
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr":
            self._row = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row is not None:
            self._row.append(data)

    def handle_comment(self, data: str) -> None:
        self.errors.append(f"a comment: {data!r}")

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html":
            self.errors.append(f"a declaration: {decl!r}")

    def handle_pi(self, data: str) -> None:
        self.errors.append(f"a processing instruction: {data!r}")

    def unknown_decl(self, data: str) -> None:
        self.errors.append(f"an unknown declaration: {data!r}")

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    def attribute_values(self) -> list[str]:
        return [v for _, attrs in self.tags for v in attrs.values() if v is not None]


def parse(fragment: str) -> Page:
    page = Page()
    page.feed(fragment)
    page.close()
    return page


def assert_safe(fragment: str) -> Page:
    """Well-formed, only the tags and attributes we write, no script, nothing to fetch."""
    page = parse(fragment)
    assert page.errors == []
    assert page.stack == [], f"unclosed: {page.stack}"
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES, (tag, name)
            if name == "style":
                assert value is not None
                lowered = value.lower()
                for bad in ("url(", "expression(", "@import", "javascript:", "<", ">"):
                    assert bad not in lowered, value
    return page


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def report(cop: Framework) -> ProgressReport:
    return resultsframe.assess(cop, resultsframe.examples.observations("cop"), as_of="2020-12-31")


def hostile() -> Framework:
    """A framework written to break out of the HTML: every text is markup and entities."""
    return Framework(
        "evil-<b>&'\"",
        f"Title {EVIL}",
        (
            Result(
                EVIL_ID,
                "impact",
                f"Statement {EVIL}",
                description=f"Description {EVIL}",
                comments=(Comment(f"Comment {EVIL}", author=f"Author {EVIL}"),),
                indicators=(
                    Indicator(
                        "i<1>&\"'",
                        f"Name {EVIL}",
                        measure="share",
                        unit="%",
                        baselines=(Baseline(10, period="2015"),),
                        targets=(Target(90, due="2020-12-31"),),
                        source=f"Source {EVIL}",
                        verification=f"Verification {EVIL}",
                        comments=(Comment(f"Indicator comment {EVIL}", author="<b>me</b>"),),
                    ),
                    Indicator(
                        "i2<script>",
                        f"Pending {EVIL}",
                        measure="share",
                        unit="%",
                        targets=(
                            Target(Pending("XX%", unit="%", by=f"Who {EVIL}"), due="2020-12-31"),
                        ),
                        parameters=(Parameter("p<i>", f"Parameter {EVIL}", "XX%"),),
                    ),
                ),
            ),
            Result('child"><script>', "outcome", f"Child {EVIL}"),
        ),
        links=(Link('child"><script>', EVIL_ID, weight=0.5),),
    )


# --- what is shown --------------------------------------------------------------------------


def test_the_cop_framework_shows_its_hierarchy_with_targets_and_pending_markers(
    cop: Framework,
) -> None:
    page = assert_safe(to_html(cop))
    text = page.all_text
    assert "cop-2015" in text
    assert "Global Targets on Child Online Protection: Results Framework" in text
    assert "28 results · 27 links · 26 indicators" in text
    assert "13 values pending" in text
    for result in cop:
        assert result.id in page.text  # a text of its own
    for indicator_id in cop.indicators:
        assert indicator_id in page.text
    # Each pending value keeps the document's text; a filled one is a number.
    pending_markers = [t for t in page.text if t.startswith("pending ")]
    assert len(pending_markers) == len(cop.pending()) == 13
    assert "pending XX%" in pending_markers
    assert "pending %" in pending_markers
    rows = {cells[1]: "".join(cells) for cells in page.rows if len(cells) > 1 and cells[0] == "◦ "}
    assert "90 %" in rows["T1.a"]
    assert "by 2020-12-31" in rows["T1.a"]
    assert "none (monitoring)" in rows["T1.s1"]
    assert "pending XX%" in rows["T3.b"]
    assert "pending %" in rows["T3.b"]


def test_a_filled_framework_shows_no_pending_marker(cop: Framework) -> None:
    filled = cop.fill({item.key: 50 for item in cop.pending()})
    page = assert_safe(to_html(filled))
    assert not [t for t in page.text if t.startswith("pending")]
    assert "values pending" not in page.all_text


def test_the_cop_report_shows_bars_coverage_status_colours_and_pending(
    report: ProgressReport,
) -> None:
    html = to_html(report)
    page = assert_safe(html)
    body_rows = page.rows[1:]  # after the header row
    assert len(body_rows) == len(report) == 54  # every result and indicator, once
    text = page.all_text
    assert "progress as of 2020-12-31" in text
    by_id = {
        next(c for c in cells if c.strip() and c.strip() != "◦").strip(): cells
        for cells in body_rows
    }
    impact = "".join(by_id["impact"])
    assert "50 %" in impact
    assert "33 %" in impact
    assert "off track" in impact
    t1a = "".join(by_id["T1.a"])
    assert "achieved" in t1a
    assert "91.84 % → target 90 % by 2020-12-31 (baseline 72.96 %)" in t1a
    assert "unclipped 111 %" in t1a
    t3a = "".join(by_id["T3.a"])
    assert "not assessable" in t3a
    assert "pending XX%" in t3a
    assert "monitoring" in "".join(by_id["T1.s1"])
    assert "value 48 countries" in "".join(by_id["P1.2.a"])
    assert "nothing targeted" in "".join(by_id["P1.1"])
    # The status colours are the documented ones; each bar is as long as its figure.
    styles = [attrs.get("style") or "" for _, attrs in page.tags]
    fills = [s for s in styles if "display:block;width:" in s]
    widths = sorted(float(re.findall(r"width:([\d.]+)%", s)[0]) for s in fills)
    # impact 50 %; O1, T1, T1.a 100 %; O2, T2, T2.a 0 %
    assert widths == [0.0, 0.0, 0.0, 50.0, 100.0, 100.0, 100.0]
    assert any(f"background:{STATUS_COLOURS[Status.ACHIEVED]}" in s for s in fills)
    assert any(f"background:{STATUS_COLOURS[Status.OFF_TRACK]}" in s for s in fills)
    # Not assessable is an empty dashed track, never a bar at 0 %.
    empty = [a for t, a in page.tags if t == "span" and a.get("title") == "not assessable"]
    assert len(empty) == 3 + 3 + 12 + 1  # O3–O5, T3–T5, their 12 pending indicators, impact.a


def test_over_achievement_and_regression_are_shown_unclipped() -> None:
    fw = Framework(
        "f",
        "F",
        (
            Result(
                "o",
                "outcome",
                "Outcome",
                indicators=(
                    Indicator(
                        "up",
                        "Up",
                        unit="case",
                        baselines=(Baseline(0),),
                        targets=(Target(10, due="2020-12-31"),),
                    ),
                ),
            ),
        ),
        start="2015-01-01",
    )
    obs = Observations.from_records([{"indicator": "up", "period": "2020", "value": 15}], fw)
    page = assert_safe(to_html(resultsframe.assess(fw, obs, as_of="2020-12-31")))
    assert "15 cases → target 10 cases by 2020-12-31 (baseline 0 cases)" in page.all_text
    assert "unclipped 150 %" in page.all_text


def test_a_result_and_an_indicator_show_on_their_own(cop: Framework) -> None:
    t3 = cop.results["T3"]
    page = assert_safe(to_html(t3))
    assert "Target 3" in page.all_text
    for indicator in t3.indicators:
        assert indicator.id in page.all_text
    assert page.all_text.count("pending XX%") == 4
    indicator = cop.indicators["T3.b"]
    page = assert_safe(to_html(indicator))
    text = page.all_text
    assert indicator.name in text
    assert "% of countries" in text
    assert "increase" in text
    assert "pending XX%" in text
    assert "threshold" in text
    assert "pending %" in text


def test_a_result_with_two_parents_is_shown_once_and_pointed_to_again() -> None:
    fw = Framework(
        "dag",
        "DAG",
        (
            Result("g", "impact", "Goal"),
            Result("a", "outcome", "A"),
            Result("b", "outcome", "B"),
            Result("shared", "output", "Feeds both"),
        ),
        links=(Link("a", "g"), Link("b", "g"), Link("shared", "a"), Link("shared", "b", 2)),
    )
    for item in (fw, resultsframe.assess(fw, None, as_of="2020-12-31")):
        text = assert_safe(to_html(item)).all_text
        assert text.count("Feeds both") == 1
        assert "shared (also contributes here; shown above)" in text


def test_long_frameworks_are_cut_with_a_note_and_shown_whole_on_request() -> None:
    results = [Result("g", "impact", "Goal")] + [
        Result(f"o{n}", "outcome", f"Outcome {n}") for n in range(MAX_ROWS + 20)
    ]
    links = [Link(f"o{n}", "g") for n in range(MAX_ROWS + 20)]
    fw = Framework("big", "Big", tuple(results), links=tuple(links))
    cut = assert_safe(fw._repr_html_())
    assert len(cut.rows) == 1 + MAX_ROWS
    assert "… 21 more rows not shown" in cut.all_text
    whole = assert_safe(to_html(fw, max_rows=None))
    assert len(whole.rows) == 1 + len(results)
    assert "not shown" not in whole.all_text


def test_a_cut_table_stops_at_one_place() -> None:
    # "a" (with its five indicators) does not fit in 3 rows; "b" would, but comes after it.
    indicators = tuple(Indicator(f"i{n}", f"I{n}") for n in range(5))
    fw = Framework(
        "cut",
        "Cut",
        (
            Result("g", "impact", "Goal"),
            Result("a", "outcome", "A", indicators=indicators),
            Result("b", "outcome", "B"),
        ),
        links=(Link("a", "g"), Link("b", "g")),
    )
    for item in (fw, resultsframe.assess(fw, None, as_of="2020-12-31")):
        page = assert_safe(to_html(item, max_rows=3))
        assert [cells[0] for cells in page.rows[1:]] == ["g"]
        assert "… 7 more rows not shown" in page.all_text


def test_counts_of_one_are_singular() -> None:
    fw = Framework(
        "one",
        "One of each",
        (
            Result(
                "g",
                "impact",
                "Goal",
                indicators=(Indicator("g.a", "A", targets=(Target(Pending("XX")),)),),
            ),
            Result("a", "outcome", "A"),
        ),
        links=(Link("a", "g"),),
    )
    text = assert_safe(to_html(fw, max_rows=2)).all_text
    assert "2 results · 1 link · 1 indicator" in text
    assert "1 value pending" in text
    assert "… 1 more row not shown" in text
    report = resultsframe.assess(fw, None, as_of="2020-12-31")
    assert "… 1 more row not shown" in assert_safe(to_html(report, max_rows=2)).all_text


# --- safety ---------------------------------------------------------------------------------


def test_every_text_of_a_hostile_framework_is_escaped() -> None:
    fw = hostile()
    report = resultsframe.assess(fw, None, as_of="2020-12-31")
    for item in (
        fw,
        report,
        fw.results[EVIL_ID],
        fw.indicators["i<1>&\"'"],
        fw.indicators["i2<script>"],
    ):
        html = to_html(item)
        page = assert_safe(html)
        assert "<script" not in html.lower()
        assert "<img" not in html.lower()
        shown = page.all_text + "\n".join(page.attribute_values())
        # Each hostile text comes back whole and unchanged, as text (statements and names are
        # cut in the report's one-line cells, and whole in their tooltips).
        assert EVIL in shown
        if not isinstance(item, Indicator):
            assert EVIL_ID in page.text


def test_every_hostile_text_reaches_the_page() -> None:
    fw = hostile()
    framework_text = assert_safe(to_html(fw)).all_text
    for text in (
        "evil-<b>&'\"",
        f"Title {EVIL}",
        f"Statement {EVIL}",
        f"Comment {EVIL} — Author {EVIL}",
        f"Name {EVIL}",
        f"Child {EVIL}",
        'child"><script>',
        "i<1>&\"'",
        "i2<script>",
        "p<i>",
    ):
        assert text in framework_text, text
    indicator = assert_safe(to_html(fw.indicators["i<1>&\"'"]))
    for text in (f"Source {EVIL}", f"Verification {EVIL}", f"Indicator comment {EVIL} — <b>me</b>"):
        assert text in indicator.all_text, text
    result = assert_safe(to_html(fw.results[EVIL_ID]))
    assert f"Description {EVIL}" in result.all_text
    pending = assert_safe(to_html(fw.indicators["i2<script>"]))
    assert any(f"to be set by Who {EVIL}" in v for v in pending.attribute_values())


def test_a_whole_page_forbids_scripts_and_fetches() -> None:
    fw = hostile()
    page = to_page(fw)
    assert page.startswith("<!DOCTYPE html>")
    assert "default-src 'none'; style-src 'unsafe-inline'" in page
    parsed = parse(page)
    assert parsed.errors == []
    assert parsed.stack == []
    assert [tag for tag, _ in parsed.tags][:4] == ["html", "head", "meta", "meta"]
    titles = re.findall(r"<title>(.*?)</title>", page)
    assert titles == [
        "evil-&lt;b&gt;&amp;&#x27;&quot; · Title "
        + EVIL.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    ]
    assert "<script" not in page.lower()


# --- the notebook hooks and reprs -----------------------------------------------------------


def test_repr_html_is_the_display(cop: Framework, report: ProgressReport) -> None:
    assert cop._repr_html_() == to_html(cop)
    assert report._repr_html_() == to_html(report)
    assert cop.results["T1"]._repr_html_() == to_html(cop.results["T1"])
    assert cop.indicators["T1.a"]._repr_html_() == to_html(cop.indicators["T1.a"])


def test_to_html_refuses_what_it_cannot_show(cop: Framework) -> None:
    with pytest.raises(TypeError, match="got PendingItem"):
        to_html(cop.pending()[0])  # type: ignore[arg-type]


def test_short_reprs(cop: Framework, report: ProgressReport) -> None:
    assert repr(cop) == "<Framework cop-2015: 28 results, 27 links>"
    assert repr(cop.results["T1"]) == "<Result T1 (target): 4 indicators>"
    assert repr(cop.results["P2.6"]) == "<Result P2.6 (output): 1 indicator>"
    assert repr(cop.results["P1.1"]) == "<Result P1.1 (output): 0 indicators>"
    assert repr(cop.indicators["T1.a"]) == "<Indicator T1.a [percent] → 90 percent>"
    assert repr(cop.indicators["T3.a"]) == "<Indicator T3.a [percent] → pending 'XX%'>"
    assert repr(report) == "<ProgressReport cop-2015 as of 2020-12-31: 54 entries>"
    assert (
        repr(report["impact"]) == "<ResultProgress impact: off_track, progress 0.5, coverage 0.333>"
    )
    assert repr(report["T1.a"]) == "<IndicatorProgress T1.a: achieved, achievement 1>"
    assert repr(report.observations) == "<Observations: 199 rows for 6 indicators>"
    assert repr(Pending("XX%", "%")) == "Pending('XX%', unit='percent')"
    for item in (cop, report, *cop, *cop.indicators.values(), *report.values()):
        assert len(repr(item)) < 100


def test_the_report_date_is_shown() -> None:
    fw = resultsframe.examples.load("cop")
    text = parse(to_html(resultsframe.assess(fw, None, as_of=date(2017, 6, 30)))).all_text
    assert "progress as of 2017-06-30" in text


def test_the_module_examples_run() -> None:
    import doctest

    from resultsframe import display

    result = doctest.testmod(display, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
