"""What this resultsframe writes: the format's name, its version, and its JSON Schema."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["FORMAT", "MAJOR", "MINOR", "SCHEMA_FILE", "VERSION", "schema"]

#: The format name every document carries.
FORMAT = "resultsframe"
#: The version :func:`~resultsframe.document.dumps` writes: ``major.minor``. A reader accepts
#: every minor version of its major version; a newer major version is refused; older ones are
#: migrated.
VERSION = "1.0"
#: The file name of the JSON Schema of this version, inside the package's ``schema`` folder.
SCHEMA_FILE = "resultsframe-1.0.schema.json"

MAJOR, MINOR = (int(part) for part in VERSION.split("."))


def schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of the document format this version writes.

    A new dict on every call; ``resultsframe schema`` prints it.

    >>> schema()["title"]
    'resultsframe document, format 1.0'
    """
    return json.loads(_schema_text())  # type: ignore[no-any-return]


@cache
def _schema_text() -> str:
    return (
        resources.files("resultsframe").joinpath("schema", SCHEMA_FILE).read_text(encoding="utf-8")
    )
