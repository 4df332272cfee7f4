"""The progress report to share as one HTML page: ``resultsframe report -o report.html``.

The page is read back with the standard library's parser, the way a browser tokenises it. The
browser test group (``tests_browser/``) opens the same page in headless chromium and checks
what only a browser can: no request, no console error, the layout at 1024 px and on A4.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import resultsframe
from conftest import RunCli
from resultsframe import Framework, Indicator, Result, Target
from resultsframe.display.document import CHARTS_MISSING, to_document
from resultsframe.progress import ProgressReport

VOID = {"br", "meta", "path", "use", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
EVIL = '</td></tr><script>alert("x")</script> & \'q\' "quoted" <img src=x onerror=alert(1)>'


class Page(HTMLParser):
    """Tags (with attributes), the text by section and by element id, and tokeniser errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.by_id: dict[str, list[str]] = {}
        self._open_ids: list[tuple[int, str]] = []
        self.rows: list[tuple[str, list[str]]] = []  # (the section it is in, its cells' text)
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._section = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "section":
            self._section = attributes.get("id") or ""
        if tag == "tr":
            self._row = []
        if tag in ("td", "th"):
            self._cell = []
        if tag in VOID:
            return
        self.stack.append(tag)
        if attributes.get("id"):
            self._open_ids.append((len(self.stack), str(attributes["id"])))
            self.by_id[str(attributes["id"])] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        if self._open_ids and self._open_ids[-1][0] == len(self.stack):
            self._open_ids.pop()
        self.stack.pop()
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append((self._section, self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _, name in self._open_ids:
            self.by_id[name].append(data)
        if self._cell is not None:
            self._cell.append(data)

    def handle_comment(self, data: str) -> None:
        self.errors.append(f"a comment: {data!r}")

    def section_rows(self, section: str) -> list[list[str]]:
        return [cells for where, cells in self.rows if where == section]

    def text_of(self, element_id: str) -> str:
        return "".join(self.by_id[element_id])


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.errors == []
    assert page.stack == [], f"unclosed: {page.stack}"
    return page


@pytest.fixture(scope="module")
def page(reports: list[ProgressReport]) -> Page:
    return parse(to_document(reports[-1], source="cop"))


def test_a_whole_accessible_page(page: Page, reports: list[ProgressReport]) -> None:
    fw = reports[-1].framework
    html_tag = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html_tag["lang"] == "en"
    titles = [tag for tag, _ in page.tags if tag == "title"]
    assert titles == ["title"]
    assert [tag for tag, _ in page.tags if tag == "h1"] == ["h1"]
    # The sections, each under its heading, in order.
    sections = [attrs["id"] for tag, attrs in page.tags if tag == "section"]
    assert sections == ["framework", "summary", "progress", "charts", "pending", "explanations"]
    headings = [page.text_of(f"{name}-heading") for name in sections]
    assert headings == [
        "The framework",
        "Summary",
        "Progress as of 2020-12-31",
        "Charts",
        "Pending values",
        "How each figure was obtained",
    ]
    about = page.text_of("framework")
    for shown in (fw.id, fw.title, "2015-01-01 – 2020-12-31", "source", "cop"):
        assert shown in about
    assert "ITU Connect 2020 Goal 3" in about
    assert "Sustainable Development Goals 16.2" in about
    # One date: one header row over the counts.
    assert page.section_rows("summary")[:2] == [
        ["status", "results", "indicators"],
        ["achieved", "2", "1"],
    ]


def test_nothing_is_fetched_and_nothing_runs(reports: list[ProgressReport]) -> None:
    html = to_document(reports, source="cop")
    page = parse(html)
    assert "script" not in {tag for tag, _ in page.tags}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href", "xlink:href", "action", "srcset", "data"):
                assert value is not None, (tag, name)
                assert value.startswith("#"), (tag, name, value)
    # No URL anywhere in the markup except the sources quoted in the explanations' text.
    markup_only = re.sub(r"<pre[^>]*>.*?</pre>", "", html, flags=re.S)
    assert re.findall(r"https?://", markup_only) == []
    assert "default-src 'none'" in html
    for style in re.findall(r"url\(([^)]*)\)", html):
        assert style.startswith("#"), style


def test_the_summary_counts_every_status(reports: list[ProgressReport]) -> None:
    page = parse(to_document(reports, source="cop"))
    rows = page.section_rows("summary")
    assert rows[0] == ["status", "2018-12-31", "2020-12-31"]
    assert rows[1] == ["results", "indicators", "results", "indicators"]
    # COP as of 2020-12-31, by hand: results achieved O1, T1; off track impact, O2, T2 (50 %,
    # 0 %, 0 %); not assessable O3, O4, O5, T3, T4, T5 (coverage 0: their targets are
    # pending); the 17 outputs P… have no targeted indicator. Indicators: T1.a achieved, T2.a
    # off track, 13 targeted and not assessable (impact.a, T3.a–d, T4.a–b, T5.a–e, T5.g), and
    # 11 outside (impact.w, T1.s1–3, T2.s1–3, T5.f, P1.2.a, P1.2.b, P2.6.a). As of
    # 2018-12-31 impact is at risk (50 % where 4/6 of the way was due).
    assert rows[2:] == [
        ["achieved", "2", "1", "2", "1"],
        ["on track", "0", "0", "0", "0"],
        ["at risk", "1", "0", "0", "0"],
        ["off track", "2", "1", "3", "1"],
        ["not assessable", "6", "13", "6", "13"],
        ["outside the roll-up", "17", "11", "17", "11"],
    ]


def test_the_hierarchy_shows_every_entry_with_its_status(
    page: Page, reports: list[ProgressReport]
) -> None:
    report = reports[-1]
    rows = page.section_rows("progress")
    assert rows[0] == ["result / indicator", "progress", "coverage", "status", "detail"]
    assert len(rows) - 1 == len(report)  # one row per result and indicator
    by_id = {
        cells[0].split()[1] if cells[0].startswith("◦") else cells[0].split()[0]: cells
        for cells in rows[1:]
    }
    assert by_id["T1.a"][1:4] == ["100 %", "", "achieved"]
    assert by_id["impact"][1:4] == ["50 %", "33 %", "off track"]  # 1 of 3 targets assessable
    # A pending target is shown pending, never as 0 % or 100 %.
    assert by_id["T3.a"][1] == "—"
    assert "pending XX%" in by_id["T3.a"][4]
    assert by_id["T3.a"][3] == "not assessable"


def test_pending_values_say_who_supplies_them_and_by_when(
    page: Page, reports: list[ProgressReport]
) -> None:
    fw = reports[-1].framework
    rows = page.section_rows("pending")
    assert rows[0] == ["key", "what", "value", "indicator", "who supplies it", "by"]
    assert [cells[0] for cells in rows[1:]] == [item.key for item in fw.pending()]
    assert len(rows) - 1 == 13
    t5g = next(cells for cells in rows if cells[0] == "T5.g")
    # INTERPOL's initiative contributes to T5.g (accountability's doctest says the same).
    assert t5g[1:] == [
        "target",
        "pending X%",
        fw.indicators["T5.g"].name,
        "INTERPOL (contributes to it)",
        "2020-12-31",
    ]
    threshold = next(cells for cells in rows if cells[0] == "T3.b:threshold")
    assert threshold[1:3] == ["parameter", "pending %"]
    assert threshold[5] == "not said"


def test_every_indicator_is_explained(page: Page, reports: list[ProgressReport]) -> None:
    report = reports[-1]
    for indicator_id in report.framework.indicators:
        heading = page.text_of(f"explain-{indicator_id}")
        assert heading.startswith(indicator_id)
        assert report.explain(indicator_id) in page.text_of("explanations")


def test_charts_are_inline_svg(reports: list[ProgressReport]) -> None:
    one = parse(to_document(reports[-1]))
    svgs = [attrs for tag, attrs in one.tags if tag == "svg"]
    assert len(svgs) == 1
    assert svgs[0]["viewbox"]
    assert svgs[0]["role"] == "img"
    ids = {attrs.get("id") for _, attrs in one.tags}
    assert {"chart-progress", "progress:T1", "not-assessable:T3"} <= ids
    several = parse(to_document(reports))
    assert [attrs["id"] for tag, attrs in several.tags if tag == "figure"] == [
        "chart-progress",
        "chart-over-time",
    ]
    assert sum(tag == "svg" for tag, _ in several.tags) == 2


def test_without_matplotlib_the_page_says_so_and_has_the_rest(
    reports: list[ProgressReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    page = parse(to_document(reports))
    assert "svg" not in {tag for tag, _ in page.tags}
    charts = page.text_of("charts")
    assert CHARTS_MISSING in charts
    assert "resultsframe[plot]" in charts
    assert page.section_rows("pending")
    assert page.text_of("explanations")


def test_the_same_report_gives_the_same_page(reports: list[ProgressReport]) -> None:
    assert to_document(reports) == to_document(reports)


def test_every_text_is_escaped() -> None:
    fw = Framework(
        "hostile",
        f"Title {EVIL}",
        (
            Result(
                "g1",
                "impact",
                f"Statement {EVIL}",
                indicators=(
                    Indicator(
                        "i1",
                        f"Name {EVIL}",
                        measure="share",
                        unit="%",
                        targets=(Target("XX%", due="2020-12-31"),),
                    ),
                ),
            ),
        ),
    )
    page = parse(to_document(resultsframe.assess(fw, None, as_of="2020-12-31"), source=EVIL))
    tags = {tag for tag, _ in page.tags}
    assert "script" not in tags
    assert "img" not in tags
    text = "".join(page.text)
    for shown in (f"Title {EVIL}", f"Statement {EVIL}", f"Name {EVIL}"):
        assert shown in text


def test_no_report_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        to_document([])


# --- the command --------------------------------------------------------------------------


def test_report_writes_the_page(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "cop-report.html"
    ran = cli("report", "cop", "--as-of", "2018-12-31,2020-12-31", "-o", str(out))
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "", "")
    page = parse(out.read_text(encoding="utf-8"))
    assert page.section_rows("summary")[0] == ["status", "2018-12-31", "2020-12-31"]
    assert "cop" in page.text_of("framework")


def test_report_refuses_another_suffix(cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    ran = cli("report", "-o", str(out))
    assert ran.returncode == 2
    assert ran.stderr.count("\n") == 1
    assert "Traceback" not in ran.stderr
    assert ".html" in ran.stderr
    assert ".xlsx" in ran.stderr
    assert not out.exists()


def test_report_needs_an_output(cli: RunCli) -> None:
    ran = cli("report")
    assert ran.returncode == 2
    assert "-o/--output" in ran.stderr


def test_charts_drawn_through_pyplot_are_closed() -> None:
    # In a process of its own: importing pyplot here would draw every later test's charts
    # through it. A program that uses pyplot (a notebook) has the report's charts drawn there.
    code = (
        "import resultsframe, matplotlib.pyplot as plt\n"
        "from resultsframe.display.document import to_document\n"
        "fw = resultsframe.examples.load('cop')\n"
        "obs = resultsframe.examples.observations('cop')\n"
        "page = to_document(resultsframe.assess_over(fw, obs, ['2018', '2020']))\n"
        "print(page.count('<svg '), plt.get_fignums())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "[]"]  # a notebook would otherwise show them again


def test_report_reads_the_data_options(cli: RunCli, tmp_path: Path) -> None:
    data = Path(__file__).parent / "data" / "observations" / "cop-t2a-only.csv"
    out = tmp_path / "t2a.html"
    ran = cli("report", "cop", "--data", str(data), "--as-of", "2020-12-31", "-o", str(out))
    assert ran.returncode == 0, ran.stderr
    page = parse(out.read_text(encoding="utf-8"))
    assert str(data) in page.text_of("framework")
    rows = {
        cells[0].split()[1]: cells
        for cells in page.section_rows("progress")[1:]
        if cells[0].startswith("◦")
    }
    # Only T2.a is observed: 41 of 196 countries in 2018 against 45 in 2014 (the baseline),
    # below it, so off track; T1.a has no data at all.
    assert rows["T2.a"][3] == "off track"
    assert rows["T1.a"][3] == "not assessable"
    assert rows["T1.a"][1] == "—"  # not 0 %


def test_a_failed_write_is_one_line_and_leaves_no_file(cli: RunCli, tmp_path: Path) -> None:
    for name in ("report.html", "report.xlsx"):
        out = tmp_path / "missing" / name
        ran = cli("report", "-o", str(out))
        assert ran.returncode == 2
        assert ran.stderr.count("\n") == 1
        assert "cannot write" in ran.stderr
        assert not out.parent.exists()


def test_a_large_framework_s_charts_are_cut_and_say_so(
    reports: list[ProgressReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    from resultsframe.display import document

    # COP has 11 results in the roll-up (impact, O1–O5, T1–T5), and 5 that can be assessed at
    # one of the dates (impact, O1, T1, O2, T2): with lower limits, both charts are cut.
    monkeypatch.setattr(document, "MAX_CHARTED", 10)
    monkeypatch.setattr(document, "MAX_LINES", 3)
    page = parse(to_document(reports))
    assert [attrs["id"] for tag, attrs in page.tags if tag == "figure"] == ["chart-over-time"]
    charts = page.text_of("charts")
    assert "The chart of every result is left out: 11 results in the roll-up" in charts
    assert "the first 3 of the 5 results" in charts
    lines = {attrs["id"] for _, attrs in page.tags if (attrs.get("id") or "").startswith("line:")}
    assert lines == {"line:impact", "line:O1", "line:T1"}  # the first three from the top


def test_every_id_on_the_page_is_unique(reports: list[ProgressReport]) -> None:
    page = parse(to_document(reports))
    ids = [str(attrs["id"]) for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) > 100
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    # What the charts refer to (clip paths, markers) is on the page.
    html = to_document(reports)
    for target in set(re.findall(r'(?:xlink:href|href)="#([^"]+)"', html)) | set(
        re.findall(r"url\(#([^)]+)\)", html)
    ):
        assert f'id="{target}"' in html, target
