"""resultsframe: results frameworks as data, with honest progress.

A framework is a graph of frozen domain objects: results on levels (impact → outcome → target →
output), measured by indicators with units, baselines and targets. A target that is not known
yet is a :class:`Pending` value, never a number.

>>> import resultsframe
>>> fw = resultsframe.examples.load("cop")
>>> fw
<Framework cop-2015: 28 results, 27 links>
>>> len(fw.pending())
13
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from resultsframe import examples
    from resultsframe.builder import build
    from resultsframe.differences import Difference, Differences, diff
    from resultsframe.document import dump, dumps, load, loads
    from resultsframe.exceptions import (
        DocumentError,
        FillError,
        Problem,
        ResultsframeError,
        UnitError,
        UnknownIdError,
        ValidationError,
    )
    from resultsframe.framework import Framework, PendingItem, PendingList
    from resultsframe.grammar import AmbiguousChangeWarning
    from resultsframe.levels import LevelScheme
    from resultsframe.methods import (
        Aggregation,
        Band,
        GrowthRatio,
        ShareOfUnits,
        StatusMethod,
        Trajectory,
    )
    from resultsframe.model import (
        Accumulation,
        Baseline,
        BaselineRevision,
        Direction,
        Frequency,
        Indicator,
        Link,
        Measure,
        Result,
        Target,
        TargetRevision,
    )
    from resultsframe.model.mappings import Alignment, Mapping, MappingRule
    from resultsframe.model.partners import Funding, Initiative, Partner, PartnerKind
    from resultsframe.observations import Observation, ObservationKind, Observations
    from resultsframe.progress import (
        IndicatorProgress,
        ProgressReport,
        ResultProgress,
        Status,
        assess,
        assess_over,
    )
    from resultsframe.units import CountingUnit
    from resultsframe.values import Pending, Relative

# Each public name and the module it comes from. They are imported when first used (PEP 562), so
# that `import resultsframe.cli` (the command's `--help`) does not import pint, numpy and the
# rest before a command needs them.
_LAZY: dict[str, str] = {
    "Accumulation": "resultsframe.model",
    "Aggregation": "resultsframe.methods",
    "Alignment": "resultsframe.model.mappings",
    "AmbiguousChangeWarning": "resultsframe.grammar",
    "Band": "resultsframe.methods",
    "Baseline": "resultsframe.model",
    "BaselineRevision": "resultsframe.model",
    "CountingUnit": "resultsframe.units",
    "Difference": "resultsframe.differences",
    "Differences": "resultsframe.differences",
    "Direction": "resultsframe.model",
    "DocumentError": "resultsframe.exceptions",
    "FillError": "resultsframe.exceptions",
    "Framework": "resultsframe.framework",
    "Frequency": "resultsframe.model",
    "Funding": "resultsframe.model.partners",
    "GrowthRatio": "resultsframe.methods",
    "Indicator": "resultsframe.model",
    "IndicatorProgress": "resultsframe.progress",
    "Initiative": "resultsframe.model.partners",
    "LevelScheme": "resultsframe.levels",
    "Link": "resultsframe.model",
    "Mapping": "resultsframe.model.mappings",
    "MappingRule": "resultsframe.model.mappings",
    "Measure": "resultsframe.model",
    "Observation": "resultsframe.observations",
    "ObservationKind": "resultsframe.observations",
    "Observations": "resultsframe.observations",
    "Partner": "resultsframe.model.partners",
    "PartnerKind": "resultsframe.model.partners",
    "Pending": "resultsframe.values",
    "PendingItem": "resultsframe.framework",
    "PendingList": "resultsframe.framework",
    "Problem": "resultsframe.exceptions",
    "ProgressReport": "resultsframe.progress",
    "Relative": "resultsframe.values",
    "Result": "resultsframe.model",
    "ResultProgress": "resultsframe.progress",
    "ResultsframeError": "resultsframe.exceptions",
    "ShareOfUnits": "resultsframe.methods",
    "Status": "resultsframe.progress",
    "StatusMethod": "resultsframe.methods",
    "Target": "resultsframe.model",
    "TargetRevision": "resultsframe.model",
    "Trajectory": "resultsframe.methods",
    "UnitError": "resultsframe.exceptions",
    "UnknownIdError": "resultsframe.exceptions",
    "ValidationError": "resultsframe.exceptions",
    "assess": "resultsframe.progress",
    "assess_over": "resultsframe.progress",
    "build": "resultsframe.builder",
    "diff": "resultsframe.differences",
    "dump": "resultsframe.document",
    "dumps": "resultsframe.document",
    "examples": "resultsframe.examples",
    "load": "resultsframe.document",
    "loads": "resultsframe.document",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use and kept."""
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'resultsframe' has no attribute {name!r}")
    found = importlib.import_module(module)
    value = found if module == f"resultsframe.{name}" else getattr(found, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


def _version() -> str:
    """The installed version (importlib.metadata is slow to import: read on first use)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("resultsframe")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.0.0"


if TYPE_CHECKING:
    __version__: str

__all__ = [
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
