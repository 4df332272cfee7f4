"""Built-in example frameworks, shipped as JSON documents inside the package.

>>> from resultsframe import examples
>>> examples.names()
['cop']
>>> examples.load("cop").title
'Global Targets on Child Online Protection: Results Framework'
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from resultsframe.exceptions import UnknownIdError, did_you_mean

if TYPE_CHECKING:
    from resultsframe.framework import Framework
    from resultsframe.observations import Observations

__all__ = ["load", "names", "observations"]

# Example name → the package file that holds it.
_FILES = {"cop": "cop.json"}


def names() -> list[str]:
    """The names of the built-in examples."""
    return sorted(_FILES)


def _check(name: str) -> str:
    try:
        return _FILES[name]
    except (KeyError, TypeError):
        near = did_you_mean(name, names()) if isinstance(name, str) else ""
        raise UnknownIdError(
            f"there is no built-in example {name!r}{f' ({near})' if near else ''}; the examples "
            f"are: {', '.join(names())}"
        ) from None


@cache
def load(name: str) -> Framework:
    """A built-in example framework by name (``"cop"``: ITU's Child Online Protection targets).

    Frameworks are immutable, so every call returns the same object.

    Raises:
        UnknownIdError: naming the examples there are.
    """
    from resultsframe.document import loads  # here: `names()` (the command's --help) stays light

    filename = _check(name)
    return loads(_read(filename), source=f"resultsframe example {name!r}")


# Observations shipped with each example: (file, kind) pairs; "opsc" files are converted.
_OBSERVATIONS = {
    "cop": ("cop-observations.csv", "cop-opsc-parties-by-country.csv"),
}
_VARIANT_OBSERVATIONS = {
    ("cop", "sufficient-legislation"): "cop-observations-sufficient-legislation.csv",
}


def _read(filename: str) -> str:
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")


def _opsc_records(text: str) -> list[dict[str, str]]:
    """Each state party to the OPSC as a unit-level 'yes' of P1.2.b in the year it became one."""
    import csv
    import io

    records = []
    for row in csv.DictReader(io.StringIO(text)):
        if row["state party"].strip() == "1":
            records.append(
                {
                    "indicator": "P1.2.b",
                    "period": row["year ratification or accession"].strip(),
                    "area": row["iso2"].strip(),
                    "value": "yes",
                    "source": "UN Treaty Collection via world-politics-datalab/"
                    "humanrights-treaties-ratification-status (hr_status_op_crc_sc.csv)",
                    "note": f"{row['member'].strip()}: {row['status'].strip()}",
                }
            )
    return records


@cache
def observations(name: str, variant: str | None = None) -> Observations:
    """The demo observations of a built-in example, checked against it.

    Args:
        name: The example (``"cop"``).
        variant: ``"sufficient-legislation"`` gives, for ``cop``, the ICMEC series of countries
            with *sufficient* legislation as the observations of ``T1.a`` (the stricter reading)
            instead of any legislation.

    Raises:
        UnknownIdError: if the example has no such observations.
    """
    from resultsframe.observations import Observations

    framework = load(name)
    files = _OBSERVATIONS.get(name)
    if files is None:
        raise UnknownIdError(f"the example {name!r} has no observations")
    main, opsc = files
    obs = Observations.from_csv(io.StringIO(_read(main)), framework)
    records = obs.to_records()
    if variant is not None:
        filename = _VARIANT_OBSERVATIONS.get((name, variant))
        if filename is None:
            known = [v for (n, v) in _VARIANT_OBSERVATIONS if n == name]
            raise UnknownIdError(
                f"the example {name!r} has no observation variant {variant!r}; "
                f"variants: {', '.join(known)}"
            )
        replacement = Observations.from_csv(io.StringIO(_read(filename)), framework).to_records()
        replaced = {r["indicator"] for r in replacement}
        records = [r for r in records if r["indicator"] not in replaced] + replacement
    records += _opsc_records(_read(opsc))
    return Observations.from_records(records, framework, source=f"resultsframe example {name!r}")
