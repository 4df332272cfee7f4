"""Targets as IATI can hold them: a number, or nothing.

IATI's ``<target value>`` is an ``xsd:decimal``. A target relative to the baseline
(``"baseline + 10 %"``) is written as the number it comes to once the baseline is known, rounded
to 12 significant digits (40 + 10 % is written ``44``, not ``44.00000000000001``). A target that
has no number yet — pending (``"XX%"``), or relative to a baseline that is missing or pending —
is left out of the IATI targets of an export of a framework made elsewhere, and the export
says so (a finding with rule ``export``); it is kept in resultsframe's namespace
(``<rf:target>``), so that importing the file gives it back: written, ``value="XX%"`` would break IATI's rule 8.9.2, and no value at all
rule 8.9.1. A pending target read from an IATI file is written back as it was published.

>>> from resultsframe.model import Baseline, Indicator, Target
>>> from resultsframe.values import Relative
>>> water = Indicator("w", "Schools with water", unit="%", baselines=[Baseline(40)])
>>> resolved(water, Relative(0.1, relative=True))
<Quantity(44.0, 'percent')>
>>> resolved(Indicator("x", "No baseline", unit="%"), Relative(5)) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import attrs

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.iati import extensions as ext
from resultsframe.model import Baseline, Indicator, ReportingPeriod, Target
from resultsframe.units import Quantity
from resultsframe.values import Pending, Relative

__all__ = ["resolved", "resolved_periods", "written_baselines", "written_target", "xml_text"]

#: Records what an export left out: (path, message).
Note = Callable[[str, str], None]


def resolved(indicator: Indicator, relative: Relative) -> Quantity[Any] | None:
    """The number a relative target comes to on the indicator's baseline; None if unknown."""
    baseline = indicator.baseline
    if baseline is None or not isinstance(baseline.value, Quantity):
        return None
    value = baseline.value
    number = float(f"{relative.resolve(float(value.magnitude)):.12g}")
    return Quantity(number, value.units)


def written_baselines(
    indicator: Indicator, start: dt.date | None, published: bool, path: str, note: Note
) -> tuple[list[Baseline], list[Baseline]]:
    """The baselines written to IATI, and those kept only in resultsframe's namespace.

    IATI requires a baseline's year: a baseline made elsewhere without one applies from the
    framework's start. One not known yet (``"XX%"``) of a framework made elsewhere is kept
    only in resultsframe's namespace, as a pending target is.
    """
    written: list[Baseline] = []
    kept: list[Baseline] = []
    for n, given in enumerate(indicator.baselines, 1):
        where = f"{path}/baseline[{n}]"
        baseline = given
        if not published and isinstance(baseline.value, Pending):
            note(
                where,
                f"indicator {indicator.id!r}: the baseline {baseline.value.text!r} is not known "
                "yet, and an IATI baseline is a number; left out (kept in resultsframe's "
                "namespace, rf:baseline)",
            )
            kept.append(baseline)
            continue
        read_from_iati = bool(ext.attributes_of(baseline.extensions, "baseline")[0])
        if baseline.period is None and not read_from_iati:
            if start is None:
                note(
                    where,
                    f"indicator {indicator.id!r}: a baseline without a date, in a framework "
                    "without a start, cannot be written (IATI requires its year); left out",
                )
                continue
            baseline = attrs.evolve(baseline, period=str(start.year))
        written.append(baseline)
    return written, kept


def _why(target: Target) -> str:
    if isinstance(target.value, Pending):
        return f"the target {target.value.text!r} is not known yet"
    return f"the target {target.value} is relative to a baseline that is not a known number"


def written_target(
    indicator: Indicator, target: Target, n: int, path: str, note: Note
) -> Target | None:
    """A target made elsewhere as it is written: resolved, or None (left out, noted)."""
    value = target.value
    if isinstance(value, Relative):
        number = resolved(indicator, value)
        if number is not None:
            return attrs.evolve(target, value=number, text=None)
    elif not isinstance(value, Pending):
        return target
    note(
        f"{path}/period[{n}]",
        f"indicator {indicator.id!r}: {_why(target)}, and an IATI target is a number; "
        "left out (kept in resultsframe's namespace, rf:target)",
    )
    return None


def resolved_periods(
    indicator: Indicator, periods: Sequence[ReportingPeriod], path: str, note: Note
) -> tuple[ReportingPeriod, ...]:
    """Periods with their relative targets resolved, or left out (noted) when they cannot be."""
    written = []
    for n, period in enumerate(periods, 1):
        if not any(isinstance(t.value, Relative) for t in period.targets):
            written.append(period)
            continue
        targets = []
        for target in period.targets:
            if not isinstance(target.value, Relative):
                targets.append(target)
                continue
            number = resolved(indicator, target.value)
            if number is None:
                note(
                    f"{path}/period[{n}]/target",
                    f"indicator {indicator.id!r}: {_why(target)}, and an IATI target is a "
                    "number; left out",
                )
            else:
                targets.append(attrs.evolve(target, value=number, text=None))
        written.append(attrs.evolve(period, targets=tuple(targets)))
    return tuple(written)


@contextmanager
def xml_text(framework_id: str, where: str) -> Iterator[None]:
    """Within it, a text XML cannot hold is refused as a :class:`DocumentError` naming ``where``.

    XML 1.0 holds no NUL and no control character other than tab, newline and carriage
    return; the model takes any text, so a statement or a source may hold one.
    """
    try:
        yield
    except DocumentError:
        raise
    except ValueError as exc:
        if "XML compatible" not in str(exc):
            raise
        problem = Problem(
            "xml-character",
            "a text holds a character XML cannot hold (NUL, or a control character other "
            "than tab and newline); remove it and export again",
            (where,),
        )
        raise DocumentError((problem,), source=f"framework {framework_id!r}") from None
