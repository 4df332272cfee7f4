"""A finding: something in an IATI file that breaks a rule, reported, never refused."""

from __future__ import annotations

import attrs

__all__ = ["Finding"]


@attrs.frozen
class Finding:
    """One rule broken at one place of an IATI file (or left out of an export).

    Attributes:
        rule: The rule's id: the IATI Validator's (``"8.9.2"``, ``"9.60.1"`` for the
            IndicatorMeasure codelist), or one of resultsframe's own (``"direction"``,
            ``"date"``, ``"export"``).
        path: The element or attribute, as a path from the root:
            ``/iati-activities/iati-activity[1]/result[2]/indicator[1]/baseline[1]/@value``.
        message: What is wrong, quoting what was published.
        severity: ``"error"`` (the standard says *must*), ``"warning"`` (*should*) or ``"info"``.
        line: The line of the element in the file, when known.
        activity: The activity's ``iati-identifier``, when known.
    """

    rule: str
    path: str
    message: str
    severity: str = "warning"
    line: int | None = None
    activity: str | None = None

    def __str__(self) -> str:
        line = f"line {self.line}: " if self.line is not None else ""
        return f"{line}{self.rule} {self.severity}: {self.message} [{self.path}]"
