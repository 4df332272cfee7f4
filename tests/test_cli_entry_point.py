"""Each command once through the real installed ``resultsframe`` script, and ``python -m``.

The other tests of the command call :func:`resultsframe.cli.main` in their own process (the
``cli`` fixture); here each command line runs in a new process through the script that
``pip install`` made, and must do exactly what ``main`` does in this process: the same exit code,
stdout and stderr, and the same files written. Each run costs a second of imports, so there is
one per command: the exit codes 1 (``validate``, ``diff``) and 2 (``iati check``) among them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Ran, RunCli
from resultsframe import document, examples, table

IATI = Path(__file__).parent / "data" / "iati"
COP_ORG = (
    "--identifier",
    "XI-EXAMPLE-COP-2015",
    "--reporting-org",
    "XI-EXAMPLE",
    "--reporting-org-name",
    "International Telecommunication Union",
    "--reporting-org-type",
    "40",
)

# command → (command line, exit code, files it writes); paths are relative to the work folder.
COMMANDS: dict[str, tuple[tuple[str, ...], int, tuple[str, ...]]] = {
    "progress": (("progress", "--as-of", "2020-12-31", "--color", "never"), 0, ()),
    "explain": (("explain", "T2.a", "--as-of", "2016,2020"), 0, ()),
    "show": (("show", "filled.json"), 0, ()),
    "pending": (("pending", "--format", "json"), 0, ()),
    "validate": (("validate", "cycle.json"), 1, ()),
    "export": (("export", "--to", "mermaid", "--as-of", "2020", "-o", "cop.mmd"), 0, ("cop.mmd",)),
    "fill": (("fill", "cop", "T3.a=50 %", "T4.a=40", "-o", "new.json"), 0, ("new.json",)),
    "schema": (("schema", "-o", "schema.json"), 0, ("schema.json",)),
    "table": (("table", "filled.json", "-o", "cop.csv"), 0, ("cop.csv",)),
    "import-table": (("import-table", "matrix.csv", "--id", "cop-2015"), 0, ()),
    "plot": (("plot", "--as-of", "2015..2020", "-o", "over.svg"), 0, ("over.svg",)),
    "diff": (("diff", "cop", "filled.json"), 1, ()),
    "iati import": (("iati", "import", "undp.xml", "-o", "undp.json"), 0, ("undp.json",)),
    "iati export": (("iati", "export", "cop", "-o", "cop.xml", *COP_ORG), 0, ("cop.xml",)),
    "iati check": (("iati", "check", "bomb.xml"), 2, ()),
}


def executable() -> str:
    beside = Path(sys.executable).parent / "resultsframe"
    if beside.exists():
        return str(beside)
    found = shutil.which("resultsframe")
    assert found is not None, "the resultsframe command is not installed"
    return found


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the files the command lines read."""
    folder = tmp_path_factory.mktemp("inputs")
    cycle = (
        '{"format": "resultsframe", "version": "1.0", "framework": {"id": "loop", "title": "L",'
        ' "levels": {"name": "default", "levels": ["impact", "outcome", "target", "output"]},'
        ' "results": [{"id": "a", "level": "outcome", "statement": "A"},'
        ' {"id": "b", "level": "outcome", "statement": "B"}],'
        ' "links": [{"child": "a", "parent": "b"}, {"child": "b", "parent": "a"}]}}'
    )
    (folder / "cycle.json").write_text(cycle, encoding="utf-8")
    filled = examples.load("cop").fill({"T3.a": "50 %"})
    document.dump(filled, folder / "filled.json")
    table.write(filled, folder / "matrix.csv")
    shutil.copy(IATI / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml", folder / "undp.xml")
    (folder / "bomb.xml").write_bytes(
        b'<!DOCTYPE a [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>'
    )
    return folder


def through(command: list[str], cwd: Path) -> Ran:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def written(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".svg":  # matplotlib writes the time of drawing into the picture
        data = b"\n".join(line for line in data.split(b"\n") if b"<dc:date>" not in line)
    return data


def copy(inputs: Path, folder: Path) -> Path:
    return Path(shutil.copytree(inputs, folder))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_installed_script_does_what_main_does(
    name: str, inputs: Path, tmp_path: Path, cli: RunCli
) -> None:
    args, code, outputs = COMMANDS[name]
    script, here = copy(inputs, tmp_path / "script"), copy(inputs, tmp_path / "here")
    done = through([executable(), *args], script)
    assert "Traceback" not in done.stderr
    assert done.returncode == code, done.stderr
    assert done == cli(*args, cwd=here)
    assert done.stdout or done.stderr or outputs
    for output in outputs:
        assert written(script / output) == written(here / output), output
    if code == 2:
        assert done.stdout == ""
        assert done.stderr.count("\n") == 1


def test_python_m_resultsframe_is_the_command(inputs: Path, cli: RunCli) -> None:
    args = ("validate", "cycle.json")
    done = through([sys.executable, "-m", "resultsframe", *args], inputs)
    assert done.returncode == 1
    assert "a → b → a" in done.stderr or "b → a → b" in done.stderr
    assert done == cli(*args, cwd=inputs)
