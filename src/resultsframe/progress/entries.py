"""A report's entries, each made when it is first read, from the figures of the pass.

The vectorised pass (:mod:`~resultsframe.progress.vectorised`) computes the figures of every
entry; :class:`Entries` makes the entry of an id when it is read, by the engine's own code: an
indicator's by :meth:`Engine.indicator <resultsframe.progress.engine.Engine.indicator>`, a
result's by the roll-up over its inputs. The roll-up reads a contributing result only for its
figures, which the pass has, so making one result's entry makes its own indicators' entries
and nothing further down. Entries once made are kept.

The entries of an update (:meth:`Entries.updated`) are those of the report it started from
but for the ones it recomputed: an entry it did not recompute is the very object of that
report, made there when either report first reads it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from resultsframe.progress.report import Entry, Standing
from resultsframe.progress.rollup import ALL_OF_UNKNOWN, NO_INPUTS, none_assessable
from resultsframe.progress.vectorised import Figures, Layout

if TYPE_CHECKING:
    from resultsframe.progress.engine import Engine

__all__ = ["Entries"]


def _value(x: float) -> float | None:
    return None if math.isnan(x) else x


class Entries(Mapping[str, Entry]):
    """Every entry of one assessment by id, made on first read; in the engine's order."""

    __slots__ = ("_depth", "_engine", "_figures", "_layout", "_parent", "_stale", "_t", "_tt")

    # Updates of updates that still share their entries with the report they started from.
    DEPTH = 4

    def __init__(self, engine: Engine, layout: Layout, figures: Figures, t: date, tt: int) -> None:
        self._engine = engine
        self._layout = layout
        self._figures = figures
        self._t = t
        self._tt = tt
        self._parent: Entries | None = None
        self._stale: frozenset[str] = frozenset()
        self._depth = 0

    def made(self, key: str) -> Entry | None:
        """The entry of ``key`` if it was made already, here or in the report updated."""
        found = self._figures.made.get(key)
        if found is None and self._parent is not None and key not in self._stale:
            found = self._parent.made(key)
        return found

    def __getitem__(self, key: str) -> Entry:
        made = self._figures.made.get(key)
        if made is not None:
            return made
        if self._parent is not None and key not in self._stale and key in self._layout.slot:
            made = self._parent[key]  # the same object in both reports
            self._figures.made[key] = made
            return made
        engine = self._engine
        plan = engine.plans.get(key)
        if plan is not None:
            entry: Entry = engine.indicator(plan, self._t, self._tt)
        else:
            result = engine.result_plan.get(key)
            if result is None:
                raise KeyError(key)
            entry = engine.result(result, self._t, self.inputs)
        self._figures.made[key] = entry
        return entry

    def __iter__(self) -> Iterator[str]:
        yield from self._layout.indicator_ids
        yield from self._layout.result_ids

    def make_all(self) -> None:
        """Make every entry, indicators first, then results after what contributes to them.

        In that order each roll-up finds its inputs' entries made, and reads them rather than
        their figures: what a program pays that reads every entry.
        """
        for key in self:
            self[key]

    def __len__(self) -> int:
        return len(self._layout.slot)

    def __contains__(self, key: object) -> bool:
        return key in self._layout.slot

    @property
    def figures(self) -> Figures:
        """The figures of every entry, by slot."""
        return self._figures

    @property
    def layout(self) -> Layout:
        """The framework's layout: which slot is which entry."""
        return self._layout

    @property
    def inputs(self) -> Inputs:
        """What a roll-up reads: indicators' entries, contributing results' figures."""
        return Inputs(self)

    def updated(self, engine: Engine, stale: frozenset[str]) -> Entries:
        """The entries of an update by ``engine`` that recomputes ``stale``; the rest shared.

        The figures are shared (see :meth:`Figures.updated
        <resultsframe.progress.vectorised.Figures.updated>`); the update records those it
        recomputes.
        """
        out = Entries(engine, self._layout, self._figures.updated(), self._t, self._tt)
        if self._depth < self.DEPTH:
            out._parent, out._stale, out._depth = self, stale, self._depth + 1
        return out


class Inputs(Mapping[str, Any]):
    """The inputs of a roll-up: an indicator's entry, or a result's figures (a :class:`Figure`).

    A contributing result's entry is not made to read its figures; it is made (and kept) only
    when the roll-up needs its reason, that is when it is not assessable.
    """

    __slots__ = ("_entries",)

    def __init__(self, entries: Entries) -> None:
        self._entries = entries

    def __getitem__(self, key: str) -> Any:
        entries = self._entries
        made = entries.made(key)
        if made is not None:
            return made
        if key in entries._engine.plans:
            return entries[key]
        slot = entries._layout.slot[key]
        return Figure(entries, key, slot)

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


class Figure:
    """A contributing result as a roll-up reads it: its figures, and why it is not assessable."""

    __slots__ = ("_entries", "coverage", "expected", "id", "progress", "standing")

    kind = "result"

    def __init__(self, entries: Entries, key: str, slot: int) -> None:
        value, coverage, expected, done, due, scale, ratio = entries._figures.row(slot)
        self._entries = entries
        self.id = key
        self.progress = _value(value)
        self.coverage = _value(coverage)
        self.expected = _value(expected)
        self.standing = (
            None
            if math.isnan(due) and math.isnan(ratio)
            else Standing(
                done=_value(done), due=_value(due), scale=_value(scale), ratio=_value(ratio)
            )
        )

    @property
    def reason(self) -> str | None:
        """Why it is not assessable, in the roll-up's words, from its inputs' figures.

        Its entry is not made for this: the reason of a result that is not assessable names
        its inputs, not theirs, so reading it costs its own inputs only.
        """
        entries = self._entries
        if self.progress is not None:
            return entries[self.id].reason
        engine = entries._engine
        plan = engine.result_plan[self.id]
        slot = entries._layout.slot
        row = entries._figures.row
        ids = [*plan.indicators, *(child for child, _ in plan.children)]
        inside = [i for i in ids if not math.isnan(row(slot[i])[1])]
        if not inside:
            return NO_INPUTS
        if any(not math.isnan(row(slot[i])[0]) for i in inside):
            # assessable inputs, yet no progress: only an all-of can say so
            return ALL_OF_UNKNOWN
        return none_assessable(inside)
