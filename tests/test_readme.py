"""The README's promises: two quick-start commands, CI runs the second, the shown output is real."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import RunCli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quick_start() -> str:
    match = re.search(r"^## Quick start\n(.*?)^## ", README, re.MULTILINE | re.DOTALL)
    assert match is not None, "the README has a Quick start section"
    return match[1]


def _commands() -> list[str]:
    return re.findall(r"```console\n(.*?)\n```", _quick_start(), re.DOTALL)


def test_quick_start_has_exactly_two_one_line_commands() -> None:
    commands = _commands()
    assert len(commands) == 2
    assert all("\n" not in command for command in commands)
    assert "resultsframe progress" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _commands()[1] in ci.splitlines()
    assert ci.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in ci


def test_the_output_shown_is_what_the_main_job_prints(cli: RunCli) -> None:
    match = re.search(
        r"<!-- progress-output:start -->\n```text\n(.*?)```\n<!-- progress-output:end -->",
        README,
        re.DOTALL,
    )
    assert match is not None
    command = _commands()[0].split("&& ")[-1].split()
    assert command[0].endswith("resultsframe")
    done = cli(*command[1:], "--color", "never")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == match[1]
