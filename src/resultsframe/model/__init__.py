"""The domain objects a framework is made of: results, indicators, targets and what they carry.

Every class here is a frozen attrs class, validated on construction: an object that exists is
well-formed on its own. Rules that need the whole framework (links, cycles, unique ids) are
checked by :class:`resultsframe.Framework`. Build variants with :func:`attrs.evolve`, which
re-runs the validators.

Beyond what a planning document needs, the model carries what IATI results publish, so that
nothing is lost on the way in or out: several baselines, reporting periods with several targets
and actuals, dimensions, locations, narratives in several languages, document links, references
with vocabularies, and the published text of every value next to its parsed form.

Who contributes to a framework is part of it too: partners and the initiatives they run, with
what each contributes to (:mod:`resultsframe.model.partners`).
"""

from __future__ import annotations

from resultsframe.model.indicator import Accumulation, Direction, Frequency, Indicator, Measure
from resultsframe.model.mappings import Alignment, Mapping, MappingRule
from resultsframe.model.measurements import (
    Actual,
    Baseline,
    BaselineRevision,
    Parameter,
    ReportingPeriod,
    Target,
    TargetRevision,
    Universe,
)
from resultsframe.model.partners import Funding, Initiative, Partner, PartnerKind
from resultsframe.model.records import (
    Comment,
    Definition,
    Dimension,
    DocumentLink,
    Extension,
    HistoryEvent,
    Location,
    Narrative,
    Reference,
    Theme,
)
from resultsframe.model.result import Link, Result

__all__ = [
    "Accumulation",
    "Actual",
    "Alignment",
    "Baseline",
    "BaselineRevision",
    "Comment",
    "Definition",
    "Dimension",
    "Direction",
    "DocumentLink",
    "Extension",
    "Frequency",
    "Funding",
    "HistoryEvent",
    "Indicator",
    "Initiative",
    "Link",
    "Location",
    "Mapping",
    "MappingRule",
    "Measure",
    "Narrative",
    "Parameter",
    "Partner",
    "PartnerKind",
    "Reference",
    "ReportingPeriod",
    "Result",
    "Target",
    "TargetRevision",
    "Theme",
    "Universe",
]
