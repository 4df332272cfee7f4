"""Every command's text fits the terminal: ``COLUMNS`` at 60, 80, 120 and 200.

For each command that writes text for reading (and each command's ``--help``), at each width:
no line is wider than the width, except a line that is one word which cannot be broken (a URL of
the COP's sources, or the XML path of an IATI finding: the only such words, named below); and no word is cut: each word of the
output is a word of the same output at a width where nothing is shortened or wrapped
(``COLUMNS=100000``), or ends in ``…`` (a table's cell shortened). The bars of the progress
table are drawn shorter in a narrow terminal: a word of bar glyphs (█ ░ ·) or of a rule (─) is
not a word of text. JSON, CSV and diagrams are not for reading in a terminal and are never
wrapped (tests/test_cli.py reads them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import RunCli
from resultsframe import document, examples
from resultsframe.cli import _parser
from resultsframe.cli.parser import commands
from resultsframe.textwidth import shorten, visible_width, wrap

IATI = Path(__file__).parent / "data" / "iati"
WIDTHS = (60, 80, 120, 200)
UNLIMITED = "100000"
# The only words allowed past the width, which cannot be broken: the URLs of the COP's sources,
# and the XML path of an IATI finding ([/iati-activities/iati-activity[1]/result[1]/…]).
UNBREAKABLE = re.compile(r"https?://\S+|\[/iati-activities/\S+\]")
DRAWN = re.compile(r"[█░·─]+")

# name → command line (paths relative to the work folder, made by the fixture)
TEXT_COMMANDS: dict[str, tuple[str, ...]] = {
    "progress": ("progress", "--as-of", "2020", "--color", "never"),
    "progress coloured": ("progress", "--as-of", "2016", "--color", "always"),
    "progress over time": ("progress", "--as-of", "2015..2020", "--color", "never"),
    "progress --partner": ("progress", "--as-of", "2020", "--partner", "INHOPE"),
    "explain an indicator": ("explain", "T2.a", "--as-of", "2020"),
    "explain a result": ("explain", "impact", "--as-of", "2016,2020"),
    "show": ("show",),
    "show --full": ("show", "--full"),
    "pending": ("pending",),
    "validate": ("validate",),
    "diff": ("diff", "cop", "filled.json"),
    "partners": ("partners", "--as-of", "2020"),
    "portfolio": ("portfolio", "cop", "--as-of", "2020"),
    "iati check": ("iati", "check", "undp.xml", "--no-schema"),
    "iati import": ("iati", "import", "undp.xml", "-o", "undp.json"),
}
HELP = {f"{name} --help": (*name.split(), "--help") for name, _ in commands(_parser())}
HELP["--help"] = ("--help",)
ALL = {**TEXT_COMMANDS, **HELP}

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("width")
    document.dump(examples.load("cop").fill({"T3.a": "50 %"}), here / "filled.json")
    (here / "undp.xml").write_bytes(
        (IATI / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml").read_bytes()
    )
    return here


def run(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path, argv: tuple[str, ...], width: str
) -> str:
    monkeypatch.setenv("COLUMNS", width)
    done = cli(*argv, cwd=folder)
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout
    return ANSI.sub("", done.stdout)


def words(text: str) -> set[str]:
    return set(text.split())


@pytest.mark.parametrize("name", list(ALL))
def test_every_line_fits_and_no_word_is_cut(
    name: str, cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    argv = ALL[name]
    whole = words(run(cli, monkeypatch, folder, argv, UNLIMITED))
    for width in WIDTHS:
        text = run(cli, monkeypatch, folder, argv, str(width))
        for line in text.splitlines():
            if len(line) > width:
                assert len(line.split()) == 1, (name, width, line)  # one word alone …
                word = line.split()[0]
                assert UNBREAKABLE.fullmatch(word.rstrip(";,.")), (width, line)  # … a URL
        cut = [
            word
            for word in words(text) - whole
            if not word.endswith("…") and not DRAWN.fullmatch(word)
        ]
        assert cut == [], (name, width)


def test_a_narrow_terminal_shortens_the_table_and_wraps_the_prose(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    text = run(cli, monkeypatch, folder, TEXT_COMMANDS["progress"], "60")
    lines = text.splitlines()
    # the title, 71 characters, on two lines at a space
    assert lines[:2] == [
        "cop-2015 · Global Targets on Child Online Protection:",
        "  Results Framework",
    ]
    # impact: progress 50 %, coverage 33 % (tests/test_cli.py); the bar is 10 wide, not 20
    impact = next(line for line in lines if line.startswith("impact "))
    assert "█████░░░░░  50 %     33 %  off track" in impact
    # T2.a's row is cut, not wrapped: the next line is the next indicator
    t2a = next(n for n, line in enumerate(lines) if "◦ T2.a " in line)
    assert lines[t2a].endswith("…")
    assert "◦ T2.s1" in lines[t2a + 1]


def test_at_200_columns_nothing_is_shortened(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    text = run(cli, monkeypatch, folder, TEXT_COMMANDS["progress"], "200")
    assert "…" not in text.split("not assessable: cannot compute impact.a")[0]
    t2a = next(line for line in text.splitlines() if "◦ T2.a " in line)
    assert t2a.endswith("off track  20.92 % → target 70 % (baseline 22.96 %)")


def test_over_time_puts_the_dates_that_do_not_fit_in_a_further_block(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    text = run(cli, monkeypatch, folder, TEXT_COMMANDS["progress over time"], "60")
    # ids 18 wide and 12 per date: three dates a block at 60 columns, two blocks for six
    heads = [line.split() for line in text.splitlines() if line.startswith(" " * 18 + "  ")]
    assert heads == [["2015", "2016", "2017"], ["2018", "2019", "2020"]]
    assert sum(1 for line in text.splitlines() if line.startswith("impact ")) == 2


def test_text_written_to_a_file_is_not_fitted_to_the_terminal(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    done = cli("progress", "--as-of", "2020", "--color", "never", "-o", "table.txt", cwd=folder)
    assert done.returncode == 0
    table = (folder / "table.txt").read_text(encoding="utf-8")
    assert max(len(line) for line in table.splitlines()) > 60
    assert "off track  20.92 % → target 70 % (baseline 22.96 %)" in table


def test_shorten_and_wrap_never_cut_a_word() -> None:
    row = "      ◦ T2.a       ░░░░░░░░░░   0 %           off track  20.92 % → target 70 %"
    assert shorten(row, 60) == "      ◦ T2.a       ░░░░░░░░░░   0 %           off track…"
    coloured = "T2.a  \x1b[31moff track\x1b[0m  20.92 %"
    assert shorten(coloured, 14) == "T2.a  \x1b[31moff…\x1b[0m"
    assert visible_width(shorten(coloured, 14)) == 10
    ranged = "--as-of: 2015-06-30..2020-06-30/1y or 2019..2020/6m (y, m, w, d)"
    assert wrap(ranged, 30).splitlines() == [
        "--as-of:",
        "  2015-06-30..2020-06-30/1y or",
        "  2019..2020/6m (y, m, w, d)",
    ]
