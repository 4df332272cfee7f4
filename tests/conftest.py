"""Shared test settings, and the ``cli`` fixture that runs the command in this process.

Hypothesis runs with no deadline (CI machines are shared and timing is not what these tests
check; speed lives in ``benchmarks/``) and with a fixed derandomised profile on CI so that a
failure reproduces. Tests that need many examples set ``max_examples`` themselves.

The command is tested by calling :func:`resultsframe.cli.main`, which returns the exit code the
installed script exits with, with stdout and stderr captured: starting a Python process costs a
second of imports. ``tests/test_cli_entry_point.py`` runs each command once through the real
installed script.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, Protocol

import pytest
from hypothesis import HealthCheck, settings

import resultsframe
from resultsframe.cli import main

if TYPE_CHECKING:
    from resultsframe.progress import ProgressReport

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


class Ran(NamedTuple):
    """What a run of the command gave: its exit code, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


class RunCli(Protocol):
    """Run ``resultsframe ARGS…`` in this process, in ``cwd`` when given."""

    def __call__(self, *args: str, cwd: Path | None = None) -> Ran: ...


@pytest.fixture(autouse=True)
def no_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """No COLUMNS in the environment: pytest-xdist's workers have COLUMNS=80 in theirs.

    The command fits its text to COLUMNS when it is set, even into a pipe; a test that wants a
    width sets it (tests/test_cli_width.py), and every other one sees lines whole, as a pipe does.
    """
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """The ``resultsframe`` command, run in this process with stdout and stderr captured."""
    monkeypatch.delenv("NO_COLOR", raising=False)

    def run(*args: str, cwd: Path | None = None) -> Ran:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()  # what came before is not this run's
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse refuses a command line (2) or shows --help (0)
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


@pytest.fixture(scope="module")
def reports() -> list[ProgressReport]:
    """The COP example assessed at the ends of 2018 and 2020 (the report page and workbook)."""
    cop = resultsframe.examples
    return resultsframe.assess_over(
        cop.load("cop"), cop.observations("cop"), ["2018-12-31", "2020-12-31"]
    )
