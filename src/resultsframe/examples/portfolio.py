"""The COP example as a portfolio: INHOPE's hotline countries and the IWF's portal countries.

Both count countries with a mechanism to report child sexual abuse material online, and both
feed the COP's ``T2.a`` ("countries that have in place clearly defined mechanisms for reporting
…") by the ``units`` rule. Each member is a one-indicator framework of its own, observed with the
figures of the example's observations (``cop-observations.csv``: the series
``inhope-hotline-countries``, published on ``T2.a`` as a count over 196, and
``iwf-reporting-portals``, on ``P2.6.a``), each with its address. Their overlap is not known: no
source lists the countries, so the combination is an interval, never one number.

>>> from resultsframe.examples.portfolio import cop_portfolio
>>> sorted(cop_portfolio().members)
['inhope-network', 'iwf-portals']
"""

from __future__ import annotations

from functools import cache
from typing import Any

import attrs

from resultsframe.examples import load, observations
from resultsframe.framework import Framework
from resultsframe.model import Indicator, Result
from resultsframe.model.mappings import Mapping
from resultsframe.observations import Observations
from resultsframe.progress.portfolio import Portfolio

__all__ = ["cop_portfolio", "member_framework"]

# member id → (initiative of the COP, indicator id, its name, the COP series it is observed on)
_MEMBERS = {
    "inhope-network": (
        "inhope-hotlines",
        "hotline-countries",
        "Countries with an INHOPE member hotline",
        "T2.a",
    ),
    "iwf-portals": (
        "iwf-reporting-portals",
        "portal-countries",
        "Countries with an IWF international reporting portal",
        "P2.6.a",
    ),
}


def member_framework(member: str) -> Framework:
    """A member's framework: one output result with its one count of countries.

    >>> member_framework("iwf-portals").indicators["portal-countries"].unit
    <Unit('country')>
    """
    _initiative, indicator, name, _series = _MEMBERS[member]
    return Framework(
        id=member,
        title=name,
        results=[
            Result(
                id="O1",
                level="output",
                statement=name,
                indicators=[Indicator(indicator, name, unit="country")],
            )
        ],
    )


def _member_observations(member: str) -> Observations:
    """The member's figures: the COP series' counts (a numerator, or a value), as published."""
    _initiative, indicator, _name, series = _MEMBERS[member]
    framework = member_framework(member)
    records: list[dict[str, Any]] = []
    for row in observations("cop").to_records():
        if row["indicator"] != series:
            continue
        count = row["numerator"] if row.get("numerator") is not None else row["value"]
        records.append(
            {
                "indicator": indicator,
                "period": row["period"],
                "value": count,
                "source": row["source"],
                "note": row["note"],
            }
        )
    return Observations.from_records(records, framework, source=f"COP series of {member}")


@cache
def cop_portfolio() -> Portfolio:
    """The COP as the umbrella, INHOPE's and the IWF's country counts as members of ``T2.a``."""
    cop = load("cop")
    initiatives = []
    for given in cop.initiatives:
        initiative = given
        for member, (iid, indicator, _name, _series) in _MEMBERS.items():
            if given.id == iid:
                initiative = attrs.evolve(
                    given,
                    framework=member,
                    mappings=[
                        Mapping(
                            source=indicator,
                            target="T2.a",
                            rule="units",
                            note="countries with a reporting mechanism; the overlap with the "
                            "other members is not known",
                        )
                    ],
                )
        initiatives.append(initiative)
    umbrella = attrs.evolve(cop, initiatives=initiatives)
    return Portfolio(
        umbrella=umbrella,
        members={m: (member_framework(m), _member_observations(m)) for m in _MEMBERS},
        observations=observations("cop").bind(umbrella),
    )
