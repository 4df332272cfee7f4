"""The examples in every module's docstrings run and print what they show.

One test per module of the installed package (whichever way it was installed), so a failing
example names its module. Each module's examples run in a fresh folder, where any file they
write is left.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

import resultsframe

PACKAGE = Path(resultsframe.__file__).parent


def _module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(("resultsframe", *parts)))
    return names


MODULES = _module_names()


def test_every_module_is_found() -> None:
    assert {"resultsframe", "resultsframe.cli", "resultsframe.iati.reader"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_run(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    failures: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in doctest.DocTestFinder().find(module, name):
        runner.run(test, out=failures.append)
    assert "".join(failures) == ""
