"""The shared HTML report (``resultsframe report -o report.html``) in a real browser.

The COP report at three dates is written by the command, opened in headless chromium over the
DevTools protocol, and checked for what only a browser knows: no request leaves the file, no
console error, every chart (SVG) has a size, nothing is wider than the page at 1024 px or at
A4's printable width, every indicator id is on the page; and a PDF print (``--print-to-pdf``)
is made, on A4 pages. Two control pages show that the checks find what they look for.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import resultsframe
from headless_chromium import DevTools, run
from resultsframe.cli import main

# A4 is 210 mm wide; the page's @page margins are 12 mm each side: 186 mm at 96 px per inch.
A4_PRINTABLE = round(186 / 25.4 * 96)  # 703 px
# Name resolution fails for every host: a URL the page asked for could not leave the machine.
NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND"

MEASURE = """(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} to ${Math.round(e.getBoundingClientRect().right)} px`);
  const svgs = [...document.querySelectorAll('svg')].map(s => {
    const r = s.getBoundingClientRect();
    return {figure: s.closest('figure') ? s.closest('figure').id : null, width: r.width, height: r.height};
  });
  return {width, scroll: document.documentElement.scrollWidth, wide, svgs, text: document.body.innerText};
})()"""


def measure(browser: str, profile: Path, page: Path) -> dict[str, Any]:
    """Open ``page``: its events, and its measures at 1024 px and at A4's printable width."""
    with DevTools(browser, profile, NO_NETWORK) as tab:
        for domain in ("Page", "Network", "Runtime", "Log"):
            tab.send(f"{domain}.enable")
        tab.send(
            "Emulation.setDeviceMetricsOverride",
            width=1024,
            height=768,
            deviceScaleFactor=1,
            mobile=False,
        )
        tab.open(page.as_uri())
        screen = tab.evaluate(MEASURE)
        tab.send("Emulation.setEmulatedMedia", media="print")
        tab.send(
            "Emulation.setDeviceMetricsOverride",
            width=A4_PRINTABLE,
            height=1000,
            deviceScaleFactor=1,
            mobile=False,
        )
        printed = tab.evaluate(MEASURE)
        events = list(tab.events)
    return {"screen": screen, "print": printed, "events": events}


def requests(events: list[dict[str, Any]]) -> list[str]:
    return [
        e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
    ]


def console_errors(events: list[dict[str, Any]]) -> list[str]:
    found = []
    for event in events:
        params = event.get("params", {})
        if event["method"] == "Runtime.exceptionThrown":
            found.append(str(params.get("exceptionDetails")))
        elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in (
            "error",
            "assert",
        ):
            found.append(str(params.get("args")))
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(params["entry"]["text"])
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The COP report at three dates, written by the command."""
    page = tmp_path_factory.mktemp("report") / "cop-report.html"
    dates = "2016-12-31,2018-12-31,2020-12-31"
    assert main(["report", "cop", "--as-of", dates, "-o", str(page)]) == 0
    return page


@pytest.fixture(scope="module")
def seen(browser: str, written: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return measure(browser, tmp_path_factory.mktemp("profile"), written)


@pytest.fixture(scope="module")
def seen_without_policy(
    browser: str, written: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The page with its Content-Security-Policy removed: what its content itself asks for."""
    html = written.read_text(encoding="utf-8")
    bare, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert removed == 1
    page = written.with_name("without-policy.html")
    page.write_text(bare, encoding="utf-8")
    return measure(browser, tmp_path_factory.mktemp("profile"), page)


def test_no_request_leaves_the_file(
    seen: dict[str, Any], seen_without_policy: dict[str, Any], written: Path
) -> None:
    assert requests(seen["events"]) == [written.as_uri()]
    # Even with no policy to stop it, the page asks for nothing but itself.
    assert requests(seen_without_policy["events"]) == [
        written.with_name("without-policy.html").as_uri()
    ]


def test_no_console_error(seen: dict[str, Any], seen_without_policy: dict[str, Any]) -> None:
    assert console_errors(seen["events"]) == []
    assert console_errors(seen_without_policy["events"]) == []


def test_every_chart_has_a_size(seen: dict[str, Any]) -> None:
    for view in ("screen", "print"):
        svgs = seen[view]["svgs"]
        # Three dates: the progress chart and the chart over time.
        assert [s["figure"] for s in svgs] == ["chart-progress", "chart-over-time"]
        for svg in svgs:
            assert svg["width"] > 100, (view, svg)
            assert svg["height"] > 100, (view, svg)


def test_nothing_is_wider_than_the_page(seen: dict[str, Any]) -> None:
    assert seen["screen"]["width"] == 1024
    assert seen["print"]["width"] == A4_PRINTABLE
    for view in ("screen", "print"):
        assert seen[view]["wide"] == [], view
        assert seen[view]["scroll"] == seen[view]["width"], view


def test_every_indicator_id_is_on_the_page(seen: dict[str, Any]) -> None:
    text = seen["screen"]["text"]
    fw = resultsframe.examples.load("cop")
    missing = [
        i for i in fw.indicators if not re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", text)
    ]
    assert missing == []
    assert "pending XX%" in text


def test_the_checks_find_what_they_look_for(browser: str, tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>control</title></head><body>'
        '<div id="wide" style="width:2000px">wide</div>'
        '<img src="http://resultsframe.invalid/x.png" alt="">'
        "<svg></svg></body></html>",
        encoding="utf-8",
    )
    found = measure(browser, tmp_path / "profile", page)
    assert "div#wide to 2008 px" in found["screen"]["wide"]
    assert "http://resultsframe.invalid/x.png" in requests(found["events"])
    assert found["screen"]["svgs"][0]["height"] < 200  # a bare <svg> gets the default 300 × 150


def test_it_prints_to_pdf_on_a4(browser: str, written: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "cop-report.pdf"
    run(
        browser,
        tmp_path / "profile",
        NO_NETWORK,
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        written.as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) >= 2  # the report runs to several pages
    for width, height in boxes:  # A4: 595.28 × 841.89 pt
        assert abs(float(width) - 595.28) < 1
        assert abs(float(height) - 841.89) < 1
