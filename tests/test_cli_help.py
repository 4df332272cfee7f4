"""The command's help: light to build, complete, with "did you mean" and shell completion.

``--help`` builds the parser and nothing else: the library (pint, networkx, numpy …) is
imported by a command when it runs, which a fresh process shows by what is in ``sys.modules``
after ``--help`` (the time it takes is in benchmarks/bench_cli.py, not here).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RunCli
from resultsframe.cli import _parser
from resultsframe.cli.completion import script
from resultsframe.cli.parser import commands, subcommands

HEAVY = ("pint", "networkx", "numpy", "cattrs", "matplotlib", "lxml", "openpyxl")


def imported_after(*argv: str) -> tuple[int, list[str]]:
    """The exit code of ``resultsframe ARGV`` in a fresh process, and the heavy modules loaded."""
    program = (
        "import sys\n"
        "from resultsframe.cli import main\n"
        "try:\n"
        f"    code = main({list(argv)!r})\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "print('\\n' + __import__('json').dumps([code, heavy]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=120
    )
    code, heavy = json.loads(done.stdout.strip().splitlines()[-1])
    return code, heavy


@pytest.mark.parametrize(
    "argv",
    [
        ("--help",),
        ("progress", "--help"),
        ("iati", "check", "--help"),
        ("completion", "bash"),
        ("progres",),
    ],
)
def test_help_completion_and_a_refused_command_import_none_of_the_heavy_modules(
    argv: tuple[str, ...],
) -> None:
    code, heavy = imported_after(*argv)
    assert code == (2 if argv == ("progres",) else 0)
    assert heavy == []


def test_a_command_that_runs_imports_the_library() -> None:
    # the check above means something: running a command does load them
    code, heavy = imported_after("validate")
    assert code == 0
    assert "pint" in heavy


def test_python_m_resultsframe_shows_the_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "resultsframe", "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: resultsframe ")
    assert "progress" in done.stdout


def every_action() -> list[tuple[str, argparse.Action]]:
    found = []
    for name, parser in [("resultsframe", _parser()), *commands(_parser())]:
        for action in parser._actions:
            if isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
                continue
            if isinstance(action, argparse._SubParsersAction):
                continue
            found.append((name, action))
    return found


def test_every_argument_has_a_help_text() -> None:
    missing = [
        f"{name} {action.option_strings or action.metavar or action.dest}"
        for name, action in every_action()
        if not (action.help or "").strip()
    ]
    assert missing == []
    assert len(every_action()) > 60  # the walk reaches the commands' arguments


def test_every_command_has_an_example_of_itself() -> None:
    names = [name for name, _ in commands(_parser())]
    assert {"progress", "explain", "iati", "iati import", "iati check", "completion"} <= set(names)
    for name, parser in commands(_parser()):
        assert parser.epilog is not None, name
        assert f"resultsframe {name}" in parser.epilog, name
        assert "examples:" in parser.format_help(), name


def test_a_misspelt_command_is_named_with_the_closest(cli: RunCli) -> None:
    done = cli("progres")
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith("did you mean 'progress'?")
    assert "Traceback" not in done.stderr


def test_a_misspelt_subcommand_of_iati(cli: RunCli) -> None:
    done = cli("iati", "chek", "file.xml")
    assert done.returncode == 2
    assert done.stderr.rstrip().endswith("did you mean 'check'?")


@pytest.mark.parametrize(
    ("argv", "closest"),
    [
        (("progress", "--as_of", "2020"), "--as-of"),
        (("progress", "--fromat", "json"), "--format"),
        (("iati", "check", "f.xml", "--no-shema"), "--no-schema"),
        (("show", "--fulll"), "--full"),
    ],
)
def test_a_misspelt_option_is_named_with_the_closest_of_the_command(
    cli: RunCli, argv: tuple[str, ...], closest: str
) -> None:
    done = cli(*argv)
    assert done.returncode == 2
    assert "unrecognized arguments" in done.stderr
    assert done.stderr.rstrip().endswith(f"did you mean {closest!r}?")


def test_an_option_near_nothing_gets_no_guess(cli: RunCli) -> None:
    done = cli("show", "--zzzzzz")
    assert done.returncode == 2
    assert "did you mean" not in done.stderr


def test_subcommands_of_a_command_without_any() -> None:
    assert subcommands(dict(commands(_parser()))["show"]) == {}


def test_the_bash_completion_script_is_valid_bash(cli: RunCli) -> None:
    done = cli("completion", "bash")
    assert done.returncode == 0
    text = done.stdout
    for name in ("progress", "explain", "completion", "--as-of", "--data"):
        assert name in text
    checked = subprocess.run(
        ["bash", "-n"], input=text, capture_output=True, text=True, check=False, timeout=60
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("shell", ["zsh", "tcsh"])
def test_zsh_and_tcsh_scripts_name_the_commands(shell: str) -> None:
    text = script(_parser(), shell)
    for name in ("progress", "explain", "iati", "completion"):
        assert name in text


def test_an_unknown_shell_is_refused(cli: RunCli) -> None:
    done = cli("completion", "fish")
    assert done.returncode == 2
    assert "invalid choice: 'fish'" in done.stderr


def test_explain_an_unknown_id_names_the_closest_and_lists_results_and_indicators(
    cli: RunCli,
) -> None:
    done = cli("explain", "T2.x", "--as-of", "2020")
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "cop-2015 has no result or indicator 'T2.x'; did you mean 'T2.a'?" in line
    # the COP's 28 results and its indicators, both named
    assert "its results: impact, O1, O2" in line
    assert "its indicators: impact.a, impact.w, T1.a" in line
    assert "P1.2.b" in line


def test_plot_an_unknown_indicator_names_the_closest(cli: RunCli, tmp_path: Path) -> None:
    done = cli("plot", "--indicator", "T2a", "-o", str(tmp_path / "t.svg"))
    assert done.returncode == 2
    assert "has no indicator 'T2a'; did you mean 'T2.a'?" in done.stderr
    assert not (tmp_path / "t.svg").exists()
