"""The public API: what `import resultsframe` offers, and the error tree."""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys

import pytest

import resultsframe
from resultsframe import exceptions

# Pinned: adding or removing a public name is a decision, made here on purpose.
PUBLIC = [
    "Accumulation",
    "Aggregation",
    "Alignment",
    "AmbiguousChangeWarning",
    "Band",
    "Baseline",
    "BaselineRevision",
    "CountingUnit",
    "Difference",
    "Differences",
    "Direction",
    "DocumentError",
    "FillError",
    "Framework",
    "Frequency",
    "Funding",
    "GrowthRatio",
    "Indicator",
    "IndicatorProgress",
    "Initiative",
    "LevelScheme",
    "Link",
    "Mapping",
    "MappingRule",
    "Measure",
    "Observation",
    "ObservationKind",
    "Observations",
    "Partner",
    "PartnerKind",
    "Pending",
    "PendingItem",
    "PendingList",
    "Problem",
    "ProgressReport",
    "Relative",
    "Result",
    "ResultProgress",
    "ResultsframeError",
    "ShareOfUnits",
    "Status",
    "StatusMethod",
    "Target",
    "TargetRevision",
    "Trajectory",
    "UnitError",
    "UnknownIdError",
    "ValidationError",
    "__version__",
    "assess",
    "assess_over",
    "build",
    "diff",
    "dump",
    "dumps",
    "examples",
    "load",
    "loads",
]

# The builtin each error is also, as the exceptions module documents it.
BUILTINS: dict[str, type[Exception]] = {
    "ValidationError": ValueError,
    "UnitError": ValueError,
    "UnknownIdError": KeyError,
    "FillError": KeyError,
    "DocumentError": ValueError,
}


def test_all_is_pinned() -> None:
    assert resultsframe.__all__ == PUBLIC


def test_all_is_sorted() -> None:
    assert resultsframe.__all__ == sorted(resultsframe.__all__)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_importable(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from resultsframe import {name}", namespace)
    assert namespace[name] is getattr(resultsframe, name)


def test_star_import_gives_exactly_the_public_names() -> None:
    namespace: dict[str, object] = {}
    exec("from resultsframe import *", namespace)
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(PUBLIC)


def test_the_issues_api_is_there() -> None:
    # What later work, the docs and users rely on (issue 2, item 9).
    fw = resultsframe.examples.load("cop")
    assert isinstance(fw, resultsframe.Framework)
    for attribute in ("results", "indicators", "graph", "levels", "pending", "fill"):
        assert hasattr(fw, attribute)
    assert callable(resultsframe.examples.names)


def test_version_is_the_installed_version() -> None:
    from importlib.metadata import version

    assert resultsframe.__version__ == version("resultsframe")
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", resultsframe.__version__)


def error_classes() -> list[type[BaseException]]:
    return [
        obj
        for _, obj in inspect.getmembers(exceptions, inspect.isclass)
        if issubclass(obj, BaseException) and obj.__module__ == exceptions.__name__
    ]


def test_the_error_classes_are_the_documented_ones() -> None:
    names = {cls.__name__ for cls in error_classes()}
    assert names == {"ResultsframeError", *BUILTINS}


@pytest.mark.parametrize("cls", error_classes(), ids=lambda cls: cls.__name__)
def test_resultsframe_error_is_the_base_of_every_error(cls: type[BaseException]) -> None:
    assert issubclass(cls, resultsframe.ResultsframeError)


@pytest.mark.parametrize(("name", "builtin"), BUILTINS.items())
def test_errors_are_also_the_builtin_a_caller_would_catch(
    name: str, builtin: type[Exception]
) -> None:
    cls = getattr(exceptions, name)
    assert issubclass(cls, builtin)
    assert issubclass(cls, resultsframe.ResultsframeError)


def test_the_tree_in_the_docstring_matches_the_classes() -> None:
    doc = exceptions.__doc__ or ""
    documented: dict[str, str | None] = {}
    parents: list[str] = []
    for line in doc.splitlines():
        match = re.match(r"^\s*([│ ]*)[├└]── (\w+)(?: \((\w+)\))?", line)
        if match is None:
            continue
        depth = len(match[1]) // 4
        name, builtin = match[2], match[3]
        parents[depth:] = [name]
        documented[name] = builtin
        if builtin is None and depth > 0:
            documented[name] = documented[parents[depth - 1]]
        if depth > 0:
            assert issubclass(getattr(exceptions, name), getattr(exceptions, parents[depth - 1]))
    assert documented == {name: builtin.__name__ for name, builtin in BUILTINS.items()}


def test_unknown_id_errors_read_plainly() -> None:
    # KeyError quotes its message; these are sentences for people.
    err = resultsframe.UnknownIdError("framework 'f' has no result 'x'")
    assert str(err) == "framework 'f' has no result 'x'"


def test_import_is_light() -> None:
    # Heavy optional libraries are imported only where used; importing resultsframe defines
    # no units in the user's registry either.
    code = (
        "import sys, pint; import resultsframe; "
        "heavy = ['pandas', 'polars', 'matplotlib', 'lxml', 'narwhals', 'pyarrow']; "
        "print([m for m in heavy if m in sys.modules]); "
        "print('country' in pint.get_application_registry())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["[]", "False"]


@pytest.mark.parametrize(
    "module",
    ["exceptions", "units", "values", "periods", "levels", "model", "framework", "examples"],
)
def test_module_all_names_exist(module: str) -> None:
    mod = importlib.import_module(f"resultsframe.{module}")
    for name in mod.__all__:
        assert hasattr(mod, name), f"resultsframe.{module}.{name}"
