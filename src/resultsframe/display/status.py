"""The colours and labels of the statuses, the same in every view (HTML, diagrams, charts)."""

from __future__ import annotations

from resultsframe.formatting import status_label
from resultsframe.progress import Status

__all__ = ["STATUS_COLOURS", "STATUS_LABELS", "STATUS_TEXT_COLOURS"]

#: The colour each status is shown in (a fill with white or dark text on it).
STATUS_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#1a7f37",
    Status.ON_TRACK: "#4ac26b",
    Status.AT_RISK: "#d4a72c",
    Status.OFF_TRACK: "#cf222e",
    Status.NOT_ASSESSABLE: "#8c959f",
}

#: How each status is written.
STATUS_LABELS: dict[Status, str] = {status: status_label(status) for status in Status}

#: The colour of text on each status colour: dark on the light ones, so that it stays readable.
STATUS_TEXT_COLOURS: dict[Status, str] = {
    Status.ACHIEVED: "#ffffff",
    Status.ON_TRACK: "#0d2b16",
    Status.AT_RISK: "#1f2328",
    Status.OFF_TRACK: "#ffffff",
    Status.NOT_ASSESSABLE: "#ffffff",
}
