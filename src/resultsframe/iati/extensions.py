"""What the model has no field for, kept as :class:`~resultsframe.model.Extension` objects.

Every extension read from IATI has the format ``"iati-xml"`` and one of three kinds of
``where``, each relative to the element of the object that holds it (a result's extensions are
about its ``<result>`` element):

``indicator/*[5]``
    An element kept whole: the 5th element child of ``<indicator>``; ``content`` is its exact
    XML. Unknown elements (another namespace's), and known ones the model cannot hold exactly
    (a document link with an unknown attribute, a comment with an empty narrative …), are kept so.
    The writer puts it back at the same position.
``indicator/@measure``
    An attribute as published; ``content`` is its exact text (``measure="3"``), with the
    declaration of its namespace when it has one (``akvo:id="5" xmlns:akvo="…"``). Unknown
    attributes are kept so, and known ones whose published spelling the model's value does not
    give back (``measure="3"`` is qualitative in the model, like ``5``; ``aggregation-status="true"``
    is ``True``, written ``1``). The spelling is written while it still means the model's value.
``indicator/@ascending`` or ``result/title`` with empty ``content``
    The attribute or element was not published: the writer leaves it out while the model's value
    is what its absence means.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import quoteattr

from resultsframe.exceptions import DocumentError, Problem
from resultsframe.model import Extension

__all__ = [
    "FORMAT",
    "XML_NS",
    "absent",
    "attribute",
    "attributes_of",
    "element",
    "element_tag",
    "elements_of",
    "is_absent",
    "parse_element",
    "qualified_name",
]

#: The format of every extension read from IATI XML.
FORMAT = "iati-xml"
#: The namespace of ``xml:lang``.
XML_NS = "http://www.w3.org/XML/1998/namespace"

_WHERE = re.compile(
    r"(?P<holder>.+?)/(?:\*\[(?P<position>[0-9]+)\]|@(?P<attribute>.+)|(?P<element>[^/@*]+))"
)
_TAG = re.compile(r"<([^\s/>!?]+)")


def qualified_name(
    name: str, nsmap: Mapping[str | None, str]
) -> tuple[str, str | None, str | None]:
    """A Clark name (``{uri}local``) as published: ``(prefix:local, prefix, uri)``."""
    if not name.startswith("{"):
        return name, None, None
    uri, local = name[1:].split("}", 1)
    if uri == XML_NS:
        return f"xml:{local}", "xml", uri
    prefixes = [p for p, u in nsmap.items() if u == uri and p]
    prefix = sorted(prefixes)[0] if prefixes else "ns0"
    return f"{prefix}:{local}", prefix, uri


def attribute(holder: str, name: str, value: str, nsmap: Mapping[str | None, str]) -> Extension:
    """An attribute as published, held by the object of element ``holder``."""
    qname, prefix, uri = qualified_name(name, nsmap)
    content = f"{qname}={quoteattr(value)}"
    if prefix is not None and prefix != "xml":
        content += f" xmlns:{prefix}={quoteattr(uri or '')}"
    return Extension(FORMAT, f"{holder}/@{qname}", content)


def absent(holder: str, name: str) -> Extension:
    """The attribute (``@name``) or element (``name``) was not published."""
    return Extension(FORMAT, f"{holder}/{name}", "")


def element(holder: str, position: int, content: str) -> Extension:
    """An element kept whole: the ``position``-th element child of ``holder`` (from 1)."""
    return Extension(FORMAT, f"{holder}/*[{position}]", content)


def is_absent(extensions: Iterable[Extension], holder: str, name: str) -> bool:
    """Whether the extensions say that ``name`` (``@ascending``, ``title``) was not published."""
    where = f"{holder}/{name}"
    return any(e.format == FORMAT and e.where == where and e.content == "" for e in extensions)


def attributes_of(
    extensions: Iterable[Extension], holder: str
) -> tuple[dict[str, str | None], dict[str, str]]:
    """The attributes kept for ``holder`` by Clark name (None: not published), and their prefixes.

    The prefixes map each prefix an attribute was published with to its namespace, so that the
    attribute is written with the prefix it had (``dstore:dataset``, not ``ns0:dataset``).
    """
    found: dict[str, str | None] = {}
    prefixes: dict[str, str] = {}
    for extension in extensions:
        if extension.format != FORMAT:
            continue
        match = _WHERE.fullmatch(extension.where)
        if match is None or match["holder"] != holder or match["attribute"] is None:
            continue
        if extension.content == "":
            found[_clark(match["attribute"])] = None
        else:
            attributes, namespaces = _parse_attribute(extension.content)
            found.update(attributes)
            prefixes.update(namespaces)
    return found, prefixes


def elements_of(extensions: Iterable[Extension], holder: str) -> list[tuple[int, str]]:
    """The elements kept for ``holder`` as ``(position, content)``, by position."""
    found = []
    for extension in extensions:
        if extension.format != FORMAT:
            continue
        match = _WHERE.fullmatch(extension.where)
        if match is not None and match["holder"] == holder and match["position"] is not None:
            found.append((int(match["position"]), extension.content))
    return sorted(found, key=lambda item: item[0])


def element_tag(content: str) -> str:
    """The published name of a kept element's root (``document-link``, ``akvo:extra``)."""
    match = _TAG.search(content)
    return match[1] if match else ""


def _clark(qname: str) -> str:
    if qname.startswith("xml:"):
        return f"{{{XML_NS}}}{qname[4:]}"
    return qname


@lru_cache(maxsize=4096)
def _parse_attribute(content: str) -> tuple[dict[str, str], dict[str, str]]:
    parsed = parse_element(f"<x {content}/>")
    namespaces = {p: u for p, u in parsed.nsmap.items() if p is not None and p != "xml"}
    return dict(parsed.attrib), namespaces


def parse_element(content: str) -> Any:
    """A kept element's XML as an lxml element (comments and all), parsed as safely as a file.

    Raises:
        DocumentError: if the text is not one well-formed element, or declares a DTD.
    """
    from resultsframe.iati.source import lxml_etree

    etree = lxml_etree()
    if "<!DOCTYPE" in content or "<!ENTITY" in content:
        raise _bad(content, "it declares a DTD or entities, which kept XML never has")
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        return etree.fromstring(content.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise _bad(content, f"it is not well-formed XML ({exc.msg})") from None


def _bad(content: str, why: str) -> DocumentError:
    shown = content if len(content) <= 80 else content[:79] + "…"
    return DocumentError(
        (Problem("extension", f"cannot write the kept IATI XML {shown!r}: {why}"),),
        source="framework",
    )
