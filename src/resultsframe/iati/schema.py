r"""Validating IATI activities against the IATI 2.03 XML schema, which ships inside the package.

The schema (``iati-activities-schema.xsd`` with ``iati-common.xsd`` and the ``xml.xsd`` it
imports) is in ``resultsframe/iati/schema/``, copied verbatim from IATI-Schemas with its LICENSE
and SOURCE. It is read from there, never from the network, and compiled once per process.

A file is validated one activity at a time, as it is read (``iati-activity`` is a top-level
element of the schema, so each one can be validated on its own), and the root's attributes
once: memory stays bounded by one activity, as for :func:`resultsframe.iati.read_iter`. Each
error of the schema is a :class:`~resultsframe.iati.Finding` of rule ``schema``, severity
``error``, with the line of the element and libxml2's message:

>>> from resultsframe.iati.schema import Validation
>>> from resultsframe.iati.source import iter_activities
>>> data = b'<iati-activities version="2.03">\n<iati-activity/>\n</iati-activities>'
>>> validation = Validation()
>>> for element, context in iter_activities(data):
...     for finding in validation.activity(element, context):
...         print(finding.line, finding.rule, finding.severity, finding.message[:41])
2 schema error Element 'iati-activity': Missing child el
>>> validation.root(data)
[]

What is not validated: elements directly under the root other than activities (the schema
allows elements of other namespaces after the activities; they are skipped as the file is read).
Only activities of version 2.03 are validated (an activity's own ``version``, else the file's):
the schema of another version differs, so such an activity gets one ``info`` finding saying it
was not validated, once per file.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources
from typing import Any

from resultsframe.iati.findings import Finding
from resultsframe.iati.source import (
    ActivityContext,
    Source,
    lxml_etree,
    read_root,
)

__all__ = ["SCHEMA_VERSION", "Validation", "xml_schema"]

#: The IATI version of the schema that ships in the package.
SCHEMA_VERSION = "2.03"
_MAIN = "iati-activities-schema.xsd"
_ROOT = "iati-activities"


@functools.cache
def xml_schema() -> Any:
    """The IATI 2.03 activity schema as an ``lxml.etree.XMLSchema``, read from the package."""
    etree = lxml_etree()
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    folder = resources.files("resultsframe.iati") / "schema"
    with resources.as_file(folder / _MAIN) as path:
        # By path, so that the schema's include and import (iati-common.xsd, xml.xsd) are
        # found beside it.
        return etree.XMLSchema(etree.parse(str(path), parser))


def _findings(schema: Any, prefix: str, base: str, activity: str | None) -> Iterator[Finding]:
    """The errors of the last validation as findings, their paths under ``base``."""
    for entry in schema.error_log:
        path = entry.path or prefix
        if path.startswith(prefix):
            path = base + path[len(prefix) :]
        yield Finding(
            "schema",
            path,
            entry.message,
            "error",
            entry.line if entry.line > 0 else None,
            activity,
        )


class Validation:
    """The schema findings of one file, activity by activity as it is read, then its root.

    >>> from resultsframe.iati.source import iter_activities
    >>> validation = Validation()
    >>> data = b'<iati-activities version="2.02"><iati-activity/></iati-activities>'
    >>> [str(f)[:59] for f in validation.activity(*next(iter_activities(data)))]
    ['line 1: schema info: not validated against the schema: this']
    """

    def __init__(self) -> None:
        self.activities = 0
        self._noted = False

    def activity(self, element: Any, context: ActivityContext) -> list[Finding]:
        """The schema errors of one ``iati-activity`` element, in document order."""
        self.activities += 1
        identifier = " ".join((element.findtext("iati-identifier") or "").split()) or None
        version = (context.version or "").strip()
        if version != SCHEMA_VERSION:
            if self._noted:
                return []
            self._noted = True
            return [
                Finding(
                    "schema",
                    context.path,
                    f"not validated against the schema: this activity is IATI "
                    f"{version or '(no version)'} and resultsframe ships the {SCHEMA_VERSION} "
                    "schema (said once per file)",
                    "info",
                    context.line,
                    identifier,
                )
            ]
        schema = xml_schema()
        if schema.validate(element):
            return []
        return list(_findings(schema, "/iati-activity", context.path, identifier))

    def root(self, source: Source) -> list[Finding]:
        """The schema errors of the root ``iati-activities``: its attributes, and none empty.

        Call it once the file has been read (so it is known to be safe and well-formed).
        """
        etree = lxml_etree()
        tag, attributes, line, nsmap = read_root(source)
        version = dict(attributes).get("version", "").strip()
        if tag != _ROOT or version not in ("", SCHEMA_VERSION):
            return []  # a lone activity, or another version: no root to validate
        root = etree.Element(tag, dict(attributes), nsmap=nsmap)
        if self.activities:
            etree.SubElement(root, "iati-activity")  # a stand-in: its errors are not the root's
        schema = xml_schema()
        if schema.validate(root):
            return []
        mine = f"Element '{_ROOT}'"
        return [
            Finding("schema", entry.path or f"/{_ROOT}", entry.message, "error", line)
            for entry in schema.error_log
            if entry.message.startswith(mine)
        ]
