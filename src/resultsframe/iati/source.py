"""Reading untrusted IATI XML safely, one activity at a time.

IATI files come from anywhere, so they are read as hostile:

- **No DTD at all.** IATI files have none. A DTD is where entities are declared, and entities
  are how XML attacks work: nested ones expand a few hundred bytes into gigabytes (the "billion
  laughs" bomb), external ones read local files or URLs. A file that declares one is refused
  before the parser sees it, with a :class:`~resultsframe.DocumentError` that names the problem.
- The parser runs with entity substitution, DTD loading and network access off, and keeps
  libxml2's limits on depth and text size (``huge_tree`` off), as a second line of defence.
- **Size limits**: a file larger than ``max_bytes`` is refused before it is read, and so is an
  activity with more than :data:`MAX_ELEMENTS` elements; memory stays bounded by one activity.
  An element with more than :data:`MAX_ATTRIBUTES` attributes is refused as soon as its start
  tag is read: lxml looks attributes up one by one along a list, so reading all of an element's
  attributes takes time in the square of their number (100,000 of them would take minutes).

Activities are read with ``iterparse`` and cleared once handled, so a file of any size is read
in memory proportional to its largest activity.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from resultsframe.exceptions import DocumentError, Problem

if TYPE_CHECKING:
    from lxml import etree

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_BYTES",
    "MAX_ELEMENTS",
    "ActivityContext",
    "Source",
    "iter_activities",
    "lxml_etree",
    "read_root",
]

#: The largest file :func:`resultsframe.iati.read` reads unless told otherwise (bytes).
MAX_BYTES = 2 * 1024**3
#: The most elements one ``iati-activity`` may hold; real ones hold a few thousand.
MAX_ELEMENTS = 1_000_000
#: The most attributes one element may have; IATI's elements have at most a dozen.
MAX_ATTRIBUTES = 1_000
# The prolog (declaration, comments) before the root element is searched for a DTD within this.
_PROLOG_LIMIT = 1024 * 1024

#: What :func:`resultsframe.iati.read` reads: a path, or the file's bytes.
Source = str | os.PathLike[str] | bytes | bytearray | memoryview


def lxml_etree() -> Any:
    """``lxml.etree``, imported on first use: IATI support is the ``iati`` extra.

    Raises:
        ImportError: saying how to install it.
    """
    try:
        from lxml import etree
    except ImportError:  # pragma: no cover - the test extra installs lxml
        raise ImportError(
            "reading and writing IATI XML needs lxml; install it with "
            "pip install 'resultsframe[iati]'"
        ) from None
    return etree


@attrs.frozen
class ActivityContext:
    """Where an activity stands in its file.

    Attributes:
        source: The file's name (or ``"bytes"``), for messages.
        index: The activity's position in the file, from 1.
        version: The IATI version it declares (its own ``version``, else the file's).
        line: The line of its start tag.
        root_attributes: The attributes of ``iati-activities``, as published.
    """

    source: str
    index: int
    version: str | None
    line: int | None
    root_attributes: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        """The activity's element path: ``/iati-activities/iati-activity[3]``."""
        return f"/iati-activities/iati-activity[{self.index}]"


def _refuse(code: str, message: str, source: str, where: tuple[str, ...] = ()) -> DocumentError:
    return DocumentError((Problem(code, message, where),), source=source)


def _decode_prolog(head: bytes) -> str:
    """The start of a file as text, for finding markup (which is ASCII in every encoding)."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="replace")
    if head[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a byte order mark
        return head.decode("utf-16-le" if head[0] else "utf-16-be", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def check_prolog(head: bytes, complete: bool, source: str) -> None:
    """Refuse a file whose prolog declares a DTD, or is too long to check.

    Args:
        head: The file's first bytes (up to the prolog limit).
        complete: Whether ``head`` is the whole file.
        source: The file's name, for the message.

    Raises:
        DocumentError: naming an external entity, an entity declaration, or a DTD.
    """
    text = _decode_prolog(head)
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if text.startswith("<?", i):
            end, close = text.find("?>", i), 2
        elif text.startswith("<!--", i):
            end, close = text.find("-->", i + 4), 3
        elif text.startswith("<!", i):
            _refuse_dtd(text[i:], source)
            return  # pragma: no cover - _refuse_dtd always raises
        else:
            return  # the root element, or text the parser will refuse
        if end < 0:
            if complete:
                return  # an unclosed comment: the parser says where
            raise _refuse(
                "prolog",
                f"the part of the file before its first element is longer than "
                f"{_PROLOG_LIMIT // 1024} KiB; an IATI file starts with <iati-activities>",
                source,
            )
        i = end + close


def _refuse_dtd(declaration: str, source: str) -> None:
    upper = declaration[:_PROLOG_LIMIT]
    if "<!ENTITY" in upper and ("SYSTEM" in upper or "PUBLIC" in upper):
        raise _refuse(
            "external-entity",
            "refused: the file declares an external entity (<!ENTITY … SYSTEM/PUBLIC …>), which "
            "would make a reader fetch a local file or a URL; IATI files declare no entities",
            source,
        )
    if "<!ENTITY" in upper:
        raise _refuse(
            "entity-expansion",
            "refused: the file declares entities (<!ENTITY …>), which can expand into gigabytes "
            "(an entity-expansion or 'billion laughs' bomb); IATI files declare no entities",
            source,
        )
    raise _refuse(
        "doctype",
        "refused: the file has a document type declaration (<!DOCTYPE …>); IATI files have none, "
        "and a DTD is what entity attacks use; remove it",
        source,
    )


def _open(data: Source, max_bytes: int | None) -> tuple[IO[bytes], str]:
    """The source as a binary stream and its name; refused when larger than ``max_bytes``."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        _check_size(len(raw), max_bytes, "bytes")
        return io.BytesIO(raw), "bytes"
    if not isinstance(data, (str, os.PathLike)):
        raise TypeError(f"read an IATI file from a path or its bytes, got {type(data).__name__}")
    path = Path(data)
    name = str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise _refuse("file", f"cannot read the file: {exc.strerror}", name) from None
    try:
        _check_size(os.fstat(stream.fileno()).st_size, max_bytes, name)
    except BaseException:
        stream.close()
        raise
    return stream, name


def _check_size(size: int, max_bytes: int | None, name: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise _refuse(
            "size",
            f"the file is {size:,} bytes, more than the limit of {max_bytes:,}; read it with "
            "read_iter() (streaming) or pass a larger max_bytes",
            name,
        )


def _events(stream: IO[bytes], name: str, events: tuple[str, ...]) -> Any:
    """The events of ``iterparse`` over a checked stream: no entities, no DTD, no network."""
    etree = lxml_etree()
    head = stream.read(_PROLOG_LIMIT)
    check_prolog(head, len(head) < _PROLOG_LIMIT, name)
    stream.seek(0)
    return etree.iterparse(
        stream,
        events=events,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
    )


def iter_activities(
    data: Source, *, max_bytes: int | None = MAX_BYTES
) -> Iterator[tuple[etree._Element, ActivityContext]]:
    """Each ``iati-activity`` element of a file with where it stands, streaming.

    The element is cleared once the caller moves on: keep what you need from it, not it.

    Raises:
        DocumentError: for a refused or unreadable file (not XML, a DTD, too large, not IATI).
    """
    etree = lxml_etree()
    stream, name = _open(data, max_bytes)
    with stream:
        yield from _activities(_events(stream, name, ("start", "end")), etree, name)


def read_root(
    data: Source,
) -> tuple[str, tuple[tuple[str, str], ...], int | None, dict[str | None, str]]:
    """The root element's tag, attributes, line and namespaces, reading no further than its tag.

    Raises:
        DocumentError: as :func:`iter_activities` does, for what comes before the root's end.
    """
    etree = lxml_etree()
    stream, name = _open(data, None)
    with stream:
        try:
            for _event, element in _events(stream, name, ("start",)):
                _check_attributes(element, name)
                attributes = tuple((str(k), str(v)) for k, v in element.attrib.items())
                return str(element.tag), attributes, element.sourceline, dict(element.nsmap)
        except etree.XMLSyntaxError as exc:
            raise _syntax_error(exc, name) from None
    raise _refuse("xml", "not well-formed XML: the file has no element", name)


def _check_attributes(element: Any, name: str) -> None:
    if len(element.attrib) > MAX_ATTRIBUTES:  # counting them is linear; reading them isn't
        raise _refuse(
            "size",
            f"the element <{element.tag}> has {len(element.attrib):,} attributes, more than the "
            f"limit of {MAX_ATTRIBUTES:,}; IATI elements have a few: refused as a safeguard",
            name,
            (f"line {element.sourceline}",),
        )


def _syntax_error(exc: Any, name: str) -> DocumentError:
    line, column = exc.position
    return _refuse(
        "xml", f"not well-formed XML: {exc.msg}", name, (f"line {line}, column {column}",)
    )


def _activities(events: Any, etree: Any, name: str) -> Iterator[tuple[Any, ActivityContext]]:
    depth = 0  # of the element being started or ended
    activity_depth = 2  # activities are the root's children, or the root itself
    index = 0
    elements = 0
    root_attributes: tuple[tuple[str, str], ...] = ()
    root_version: str | None = None
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                _check_attributes(element, name)
                if depth == 1:
                    if element.getroottree().docinfo.internalDTD is not None:
                        _refuse_dtd("<!DOCTYPE", name)  # the prolog check found none: defence
                    if element.tag == "iati-activity":
                        activity_depth = 1  # a single activity without the wrapper
                    elif element.tag != "iati-activities":
                        raise _refuse(
                            "not-iati",
                            f"the root element is <{element.tag}>, not <iati-activities>: "
                            "this is not an IATI activity file",
                            name,
                            (f"line {element.sourceline}",),
                        )
                    root_attributes = tuple((str(k), str(v)) for k, v in element.attrib.items())
                    root_version = element.get("version")
                if depth == activity_depth:
                    elements = 0
                elif depth > activity_depth:
                    elements += 1
                    if elements > MAX_ELEMENTS:
                        raise _refuse(
                            "size",
                            f"activity {index + 1} holds more than {MAX_ELEMENTS:,} elements; "
                            "refused as a safeguard",
                            name,
                            (f"line {element.sourceline}",),
                        )
                continue
            if depth == activity_depth and element.tag == "iati-activity":
                index += 1
                context = ActivityContext(
                    name,
                    index,
                    element.get("version") or root_version,
                    element.sourceline,
                    root_attributes,
                )
                yield element, context
            if depth == 2 and activity_depth == 2:
                # Handled (or not an activity): free it and everything before it.
                element.clear(keep_tail=False)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
            depth -= 1
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, name) from None
