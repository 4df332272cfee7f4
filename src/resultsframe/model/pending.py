"""What a framework does not know yet: :class:`PendingItem` and the list of them.

:meth:`Framework.pending <resultsframe.Framework.pending>` returns a :class:`PendingList`, a
plain list of :class:`PendingItem` (compare it, index it, loop over it as a list) that also
turns itself into a data frame, one row per pending value: ``to_pandas()`` and
``to_polars()`` (the ``pandas`` and ``polars`` extras, see :mod:`resultsframe.frames`).

>>> import resultsframe
>>> pending = resultsframe.examples.load("cop").pending()
>>> len(pending), pending[0].key, pending[0].text
(13, 'T3.a', 'XX%')
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from resultsframe import hooks
from resultsframe.exceptions import checked
from resultsframe.units import Unit, format_unit

__all__ = ["PendingItem", "PendingList"]


@checked
@attrs.frozen
class PendingItem:
    """One value of a framework that is not known yet, and where it is.

    Attributes:
        key: What to pass to :meth:`Framework.fill` to fill it: the indicator id for its only
            target (``"T3.a"``), ``"<indicator>:baseline"``, ``"<indicator>:<parameter>"``
            (``"T3.b:threshold"``), or ``"<indicator>:target:<due date>"`` when an indicator
            has several targets (``"<indicator>:target:<n>"``, counting from 1, for a target
            with no due date or with the same due date as another); several baselines are
            ``"<indicator>:baseline:<n>"``.
        result: The id of the result whose indicator holds it.
        indicator: The indicator's id.
        field: ``"target"``, ``"baseline"`` or ``"parameter"``.
        text: The text that stood for it ("XX%").
        unit: The unit it will have.
        due: The target's due date, for a target.
    """

    key: str
    result: str
    indicator: str
    field: str
    text: str
    unit: Unit | None
    due: date | None = None

    def __str__(self) -> str:
        unit = f" [{format_unit(self.unit)}]" if self.unit is not None else ""
        due = f" due {self.due.isoformat()}" if self.due else ""
        return f"{self.key}: {self.field} {self.text!r}{unit}{due}"


class PendingList(list[PendingItem], hooks.Tabled):
    """The pending values of a framework, in its order: a list with data frames.

    Each row of its frames is one :class:`PendingItem`: ``key``, ``result``, ``indicator``,
    ``field``, ``text``, ``unit`` (as a file writes it) and ``due`` (a date, or missing).
    """

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per pending value, in order (``due`` an ISO day or None).

        >>> import resultsframe
        >>> resultsframe.examples.load("cop").pending().to_records()[0]["unit"]
        'percent'
        """
        return [
            {
                "key": item.key,
                "result": item.result,
                "indicator": item.indicator,
                "field": item.field,
                "text": item.text,
                "unit": None if item.unit is None else format_unit(item.unit),
                "due": None if item.due is None else item.due.isoformat(),
            }
            for item in self
        ]
