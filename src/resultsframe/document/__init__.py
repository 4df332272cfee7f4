"""JSON documents: the contract with every other program.

A document is an object with the format's name, its version and the framework::

    {"format": "resultsframe", "version": "1.0", "framework": {...}}

:func:`dumps` is deterministic: the same framework gives the same bytes, whatever the user's
pint display settings. Quantities are written as ``{"value": 90, "unit": "percent"}`` with pint's
explicit ``D`` unit format; pending values as ``{"pending": "XX%", "unit": "percent"}``, keeping
their original text. Fields that hold their default are left out, except the level scheme,
which is always written.

:func:`loads` refuses anything it cannot read with a :class:`~resultsframe.DocumentError` whose
problems each name a JSON path (``$.framework.results[3].level``) or a line and column, and say
what was expected; a framework that breaks the model's rules (cycles, dangling links, duplicate
ids …) with a :class:`~resultsframe.ValidationError` whose problems also name their JSON path.

Versions: a reader accepts every minor version of its major version (``1.x``), refuses a newer
major version, and migrates older ones through the table of migrations (the pre-release draft
``0.9`` is migrated to ``1.0``). The JSON Schema of the format is :func:`schema`.

>>> from resultsframe import document, examples
>>> text = document.dumps(examples.load("cop"))
>>> document.loads(text) == examples.load("cop")
True

The modules of the package, each one concept: ``io`` (these functions), ``versions`` (the
format's name and version, the schema), ``migrate`` (the top of a document, older versions),
``convert`` (the private cattrs converters, built on first use), ``values`` (how each value is
read and written) and ``paths`` (every problem at its JSON path).
"""

from __future__ import annotations

from resultsframe.document import io, values, versions
from resultsframe.document.io import dump, dumps, from_dict, load, loads, to_dict
from resultsframe.document.versions import schema

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_SAFE_INTEGER",
    "SCHEMA_FILE",
    "VERSION",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
]

#: The format name every document carries.
FORMAT = versions.FORMAT
#: The version :func:`dumps` writes: ``major.minor``. A reader accepts every minor version of
#: its major version; a newer major version is refused; older ones are migrated.
VERSION = versions.VERSION
#: The largest document :func:`loads` and :func:`load` read unless told otherwise (bytes).
MAX_BYTES = io.MAX_BYTES
#: The largest magnitude written or read: beyond it, numbers lose precision in other languages.
MAX_SAFE_INTEGER = values.MAX_SAFE_INTEGER
#: The file name of the JSON Schema of this version, inside the package's ``schema`` folder.
SCHEMA_FILE = versions.SCHEMA_FILE
