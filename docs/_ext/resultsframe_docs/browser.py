"""The display page's screenshot and its checks, made in a real browser when the pages are built.

On ``builder-inited`` this renders, in headless chromium:

- the COP progress report as of 2020-12-31, as :func:`resultsframe.display.to_page` writes it:
  a screenshot (``_generated/display/cop-report.png``, shown on the display page, never made by
  hand) and the DOM the browser built from it. The DOM must have one table row per result and
  indicator, the statuses and pending markers, and no script; the screenshot must be
  1200 × 1600 and show the status colours, so the inline styles were applied under the page's
  Content-Security-Policy;
- a hostile framework whose every text is markup (``<script>``, ``<img onerror=…>``, quotes,
  ``&``): the browser must build no element from those texts and show each of them whole.

It also writes ``_generated/display-*.md``: the status colours and the COP diagram in Mermaid.

Chromium is ``$RESULTSFRAME_CHROMIUM``, or ``chromium`` (Debian's package), ``chromium-browser``
or ``google-chrome`` on the PATH. Without one, or when a check fails, the build warns, which
fails it under ``-W`` as CI builds; CI installs Debian's chromium first (``.ci/run``). The unit
tests (tests/test_display.py) check the same HTML with the standard library's parser and need
no browser.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

import resultsframe
from resultsframe import Framework, Indicator, Result, Target
from resultsframe.diagram import to_mermaid
from resultsframe.display import STATUS_COLOURS, STATUS_LABELS, to_page
from resultsframe.model import Comment, Link
from resultsframe.progress import ProgressReport, Status

__all__ = ["SCREENSHOT", "markdown", "setup"]

logger = logging.getLogger(__name__)

#: The screenshot, relative to the documentation's source folder.
SCREENSHOT = "_generated/display/cop-report.png"
WIDTH, HEIGHT = 1200, 1600
AS_OF = "2020-12-31"

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)
_EVIL = "<script>alert('x')</script> & <img src=x onerror=alert(1)> \"q\" 'a' &amp;"


class BrowserCheckError(Exception):
    """A check of the rendered page failed; the message says which."""


def _chromium() -> str | None:
    named = os.environ.get("RESULTSFRAME_CHROMIUM")
    if named:
        return named
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(browser: str, profile: Path, *args: str) -> str:
    done = subprocess.run(
        [browser, *_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    if done.returncode != 0:
        raise BrowserCheckError(
            f"{Path(browser).name} exited with {done.returncode}: {done.stderr.strip()[-2000:]}"
        )
    return done.stdout


class _Dom(HTMLParser):
    """The elements and texts of the DOM that chromium dumped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.texts: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.body_rows = 0
        self._in_tbody = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag == "tbody":
            self._in_tbody += 1
        elif tag == "tr" and self._in_tbody:
            self.body_rows += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody -= 1

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def _dom(html: str) -> _Dom:
    dom = _Dom()
    dom.feed(html)
    dom.close()
    return dom


_PAGE_TAGS = {"html", "head", "meta", "title", "body"}
_DISPLAY_TAGS = {"div", "span", "table", "thead", "tbody", "tr", "th", "td", "b", "code", "br"}


def _check_elements(dom: _Dom, what: str) -> None:
    unexpected = sorted(set(dom.tags) - _PAGE_TAGS - _DISPLAY_TAGS)
    if unexpected:
        raise BrowserCheckError(f"{what}: the browser built elements {unexpected}")
    handlers = sorted({name for name, _ in dom.attributes if name.startswith("on")})
    if handlers:
        raise BrowserCheckError(f"{what}: the browser sees event handlers {handlers}")


def _pixels(png: Path) -> tuple[int, int, Iterator[bytes]]:
    """Width, height and the RGB(A) rows of a PNG (8 bits, not interlaced, as chromium writes)."""
    data = png.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise BrowserCheckError(f"{png.name} is not a PNG")
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        pos += 12 + size
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    if depth != 8 or colour not in (2, 6) or interlace:
        raise BrowserCheckError(f"{png.name}: a PNG of a kind this check does not read")
    raw = zlib.decompress(b"".join(chunks))
    step = 3 if colour == 2 else 4

    def rows() -> Iterator[bytes]:
        stride = width * step
        previous = bytearray(stride)
        for y in range(height):
            start = y * (stride + 1)
            kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
            _unfilter(kind, line, previous, step)
            previous = line
            yield bytes(line) if step == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3)

    return width, height, rows()


def _unfilter(kind: int, line: bytearray, previous: bytearray, step: int) -> None:
    """Undo a PNG row filter in place (one loop per filter: this runs on every pixel)."""
    stride = len(line)
    if kind == 0:
        return
    if kind == 1:
        for x in range(step, stride):
            line[x] = (line[x] + line[x - step]) & 255
    elif kind == 2:
        line[:] = bytes((a + b) & 255 for a, b in zip(line, previous, strict=True))
    elif kind == 3:
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            line[x] = (line[x] + ((left + previous[x]) >> 1)) & 255
    elif kind == 4:
        for x in range(stride):
            left = line[x - step] if x >= step else 0
            up = previous[x]
            corner = previous[x - step] if x >= step else 0
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
            line[x] = (line[x] + best) & 255
    else:
        raise BrowserCheckError(f"unknown PNG filter {kind}")


def _check_screenshot(png: Path, report: ProgressReport) -> None:
    """The screenshot's size, and the status colours painted as much as the report needs."""
    width, height, rows = _pixels(png)
    if (width, height) != (WIDTH, HEIGHT):
        raise BrowserCheckError(f"the screenshot is {width} × {height}, not {WIDTH} × {HEIGHT}")
    # Pixels each colour must cover: its bars (120 × 10 px at full progress) and at least
    # 300 px per status pill (one per assessed row, one in the legend), less a fifth for
    # rounded corners and anti-aliasing. A page whose table lost its styles falls far short.
    expected = dict.fromkeys(Status, 0.0)
    for entry in report.values():
        if entry.coverage is None:
            continue
        fraction = entry.progress if entry.kind == "result" else entry.achievement
        expected[entry.status] += 300 + (fraction or 0) * 120 * 10
    for status in {e.status for e in report.results.values() if e.coverage is not None}:
        expected[status] += 300
    wanted = {bytes.fromhex(STATUS_COLOURS[status][1:]): status for status in Status}
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        for x in range(0, len(row), 3):
            painted = wanted.get(row[x : x + 3])
            if painted is not None:
                counts[painted] += 1
    short = {
        STATUS_LABELS[status]: (counts[status], round(0.8 * need))
        for status, need in expected.items()
        if counts[status] < 0.8 * need
    }
    if short:
        raise BrowserCheckError(
            f"the screenshot does not show enough of the status colours (pixels found, needed): "
            f"{short}; were the inline styles applied?"
        )


def _hostile() -> Framework:
    return Framework(
        "hostile",
        f"Title {_EVIL}",
        (
            Result(
                f"g{_EVIL[:8]}",  # ids have no spaces: "g<script>"
                "impact",
                f"Statement {_EVIL}",
                comments=(Comment(f"Comment {_EVIL}", author=f"Author {_EVIL}"),),
                indicators=(
                    Indicator(
                        "i<img>",
                        f"Name {_EVIL}",
                        measure="share",
                        unit="%",
                        targets=(Target("XX%", due="2020-12-31"),),
                    ),
                ),
            ),
            Result("o&amp;", "outcome", f"Child {_EVIL}"),
        ),
        links=(Link("o&amp;", f"g{_EVIL[:8]}"),),
    )


def check(folder: Path, browser: str) -> None:
    """Render and check the pages; write the screenshot into ``folder``.

    Raises:
        BrowserCheckError: naming the check that failed.
    """
    fw = resultsframe.examples.load("cop")
    report = resultsframe.assess(fw, resultsframe.examples.observations("cop"), as_of=AS_OF)
    with tempfile.TemporaryDirectory(prefix="resultsframe-docs-") as tmp:
        work = Path(tmp)
        page = work / "cop-report.html"
        page.write_text(to_page(report), encoding="utf-8")
        dom = _dom(_run(browser, work / "profile", "--dump-dom", page.as_uri()))
        _check_elements(dom, "the COP report")
        if dom.body_rows != len(report):
            raise BrowserCheckError(
                f"the browser shows {dom.body_rows} rows, not one per result and indicator "
                f"({len(report)})"
            )
        texts = set(dom.texts)
        for expected in ("achieved", "off track", "not assessable", "pending XX%", "50 %"):
            if expected not in texts:
                raise BrowserCheckError(f"the browser does not show {expected!r}")
        shot = work / "cop-report.png"
        _run(
            browser,
            work / "profile",
            f"--screenshot={shot}",
            f"--window-size={WIDTH},{HEIGHT}",
            page.as_uri(),
        )
        _check_screenshot(shot, report)
        target = folder / Path(SCREENSHOT).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)

        hostile = _hostile()
        for name, item in (
            ("framework", hostile),
            ("report", resultsframe.assess(hostile, None, as_of=AS_OF)),
        ):
            page = work / f"hostile-{name}.html"
            page.write_text(to_page(item), encoding="utf-8")
            dom = _dom(_run(browser, work / "profile", "--dump-dom", page.as_uri()))
            _check_elements(dom, f"the hostile {name}")
            shown = "".join(dom.texts) + "".join(value for _, value in dom.attributes)
            for text in (f"Statement {_EVIL}", f"Title {_EVIL}", "g<script>", "o&amp;"):
                if text not in shown:
                    raise BrowserCheckError(f"the hostile {name}: {text!r} is not shown whole")


def markdown() -> dict[str, str]:
    """The generated parts of the display page, by file name."""
    fw = resultsframe.examples.load("cop")
    report = resultsframe.assess(fw, resultsframe.examples.observations("cop"), as_of=AS_OF)
    colours = ["| status | colour |", "| --- | --- |"]
    colours += [f"| {STATUS_LABELS[status]} | `{STATUS_COLOURS[status]}` |" for status in Status]
    text = to_mermaid(fw, report)
    # Drawn by sphinxcontrib-mermaid, then the text it is drawn from.
    mermaid = f"```{{mermaid}}\n{text}```\n\nThe text of the diagram:\n\n```text\n{text}```"
    return {
        "display-colours.md": "\n".join(colours),
        "display-cop-mermaid.md": mermaid,
    }


_HEADER = (
    "<!-- Written by docs/_ext/resultsframe_docs/browser.py at build time. "
    "Do not edit: change the library or the extension. -->\n\n"
)


def generate(app: Sphinx) -> None:
    """``builder-inited``: the page's generated parts, the screenshot and its checks."""
    generated = Path(app.srcdir) / "_generated"
    generated.mkdir(exist_ok=True)
    for name, content in markdown().items():
        path = generated / name
        text = _HEADER + content.rstrip("\n") + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    folder = Path(app.srcdir) / Path(SCREENSHOT).parent
    # A screenshot from an earlier build must not stand in for one this build could not check.
    (Path(app.srcdir) / SCREENSHOT).unlink(missing_ok=True)
    browser = _chromium()
    if browser is None:
        logger.warning(
            "the display page's screenshot needs chromium, and none was found: install Debian's "
            "(apt-get install chromium) or set RESULTSFRAME_CHROMIUM to a Chromium or Chrome"
        )
        return
    try:
        check(folder, browser)
    except (BrowserCheckError, OSError, subprocess.SubprocessError) as exc:
        logger.warning("the display page's browser check failed: %s", exc)


def setup(app: Sphinx) -> None:
    """Register the screenshot step with Sphinx."""
    app.connect("builder-inited", generate)
