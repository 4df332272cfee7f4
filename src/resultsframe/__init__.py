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

from importlib.metadata import PackageNotFoundError, version

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

try:
    __version__ = version("resultsframe")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

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
