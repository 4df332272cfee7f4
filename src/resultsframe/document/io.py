"""Reading and writing documents: as text, as parsed JSON, and as files."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from resultsframe import files
from resultsframe.document.convert import converter
from resultsframe.document.migrate import upgrade
from resultsframe.document.paths import (
    cut,
    problems_at,
    problems_in,
    refusal,
    unwritable,
    with_paths,
)
from resultsframe.document.values import MAX_SAFE_INTEGER, NonFinite, kind
from resultsframe.document.versions import FORMAT, MAJOR, MINOR, VERSION
from resultsframe.exceptions import Problem, ValidationError
from resultsframe.framework import Framework
from resultsframe.periods import fiscal_years
from resultsframe.units import CountingUnit

__all__ = ["MAX_BYTES", "dump", "dumps", "from_dict", "load", "loads", "to_dict"]

#: The largest document :func:`loads` and :func:`load` read unless told otherwise (bytes).
MAX_BYTES = 20 * 1024 * 1024
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def to_dict(framework: Framework) -> dict[str, Any]:
    """The framework as a JSON-ready document (dicts, lists, texts, numbers), with format and version.

    Raises:
        DocumentError: if the framework holds a number a document cannot (a magnitude beyond
            ±(2**53 - 1), or a magnitude that is not a plain number); the problem names its path.
    """
    try:
        body = converter().unstructure(framework, Framework)
    except ValueError as exc:
        problems = list(unwritable(framework, "$.framework"))
        if not problems:  # pragma: no cover - every refusal when writing is a number
            problems = [Problem("unwritable", cut(str(exc)), ("$.framework",))]
        raise refusal(problems, f"framework {framework.id!r}") from None
    return {"format": FORMAT, "version": VERSION, "framework": body}


def dumps(framework: Framework) -> str:
    r"""The framework as a JSON document: deterministic text, indented, ending in a newline.

    Texts are written as they are (not as ``\u`` escapes), except a lone surrogate, which
    cannot be encoded in UTF-8 and is written as its escape, so the text always encodes.

    Raises:
        DocumentError: if the framework holds a number a document cannot hold (see
            :func:`to_dict`).
    """
    text = json.dumps(to_dict(framework), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = _SURROGATE_RE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
    return text


def dump(framework: Framework, path: str | os.PathLike[str]) -> None:
    """Write the framework to a JSON file, atomically (see :func:`resultsframe.files.write_text`).

    The document is made in full before the file is touched: a framework that cannot be
    written leaves the file as it was.

    Raises:
        DocumentError: if the framework cannot be written as a document, or the file cannot be
            written.
    """
    files.write_text(path, dumps(framework))


def from_dict(data: Any, *, source: str = "document") -> Framework:
    """Read a parsed JSON document (dicts and lists) into a framework.

    Args:
        data: The document as :func:`json.loads` gives it.
        source: What to call it in error messages (a file name).

    Raises:
        DocumentError: naming the JSON path of every problem found.
        ValidationError: if the framework breaks the model's rules (cycles, dangling links …);
            each problem names the JSON path too.
    """
    if type(data) is not dict:
        raise refusal(
            [
                Problem(
                    "type",
                    f"expected an object at the top of the document, got {kind(data)}",
                    ("$",),
                )
            ],
            source,
        )
    data, (_major, minor), read_as = upgrade(data, source)
    body = data["framework"]
    # Periods written as fiscal years ("FY2020") are read with the document's own year end.
    year_end = body.get("fiscal_year_end") if type(body) is dict else None
    _declare_units(body, read_as)
    with fiscal_years(year_end if isinstance(year_end, str) else None):
        try:
            return converter().structure(body, Framework)
        except Exception:  # read again below, slowly, to say where and why
            pass
        try:
            problems = problems_in(body)
        except ValidationError as exc:
            # Every part reads; the framework as a whole breaks the model's rules.
            raise with_paths(exc, body, read_as) from None
    if minor > MINOR and any(p.code == "unexpected" for p in problems):
        problems.append(
            Problem(
                "version",
                f"this document is format version {MAJOR}.{minor}, newer than the {VERSION} this "
                "resultsframe reads, and uses what it does not know; upgrade resultsframe to read it",
                ("$.version",),
            )
        )
    raise refusal(problems, read_as)


def _declare_units(body: object, source: str) -> None:
    """Define the counting units a document declares, before its indicators are read.

    A unit declared by a document becomes known to the whole process (see
    :class:`~resultsframe.units.CountingUnit`).
    """
    units = body.get("units") if type(body) is dict else None
    if units is None:
        return
    hint = tuple[CountingUnit, ...]
    try:
        converter().structure(units, hint)
    except Exception:  # read again, slowly, to say where and why
        raise refusal(problems_at(units, hint, "$.framework.units"), source) from None


def loads(
    text: str | bytes, *, source: str = "document", max_bytes: int | None = MAX_BYTES
) -> Framework:
    """Read a framework from a JSON document.

    Args:
        text: The document, as text or UTF-8 bytes (a UTF-8 byte order mark is allowed).
        source: What to call it in error messages (a file name).
        max_bytes: Refuse documents larger than this (in UTF-8 bytes); None reads any size.

    Raises:
        DocumentError: for anything that is not a readable document, with the JSON path or the
            line and column of each problem.
        ValidationError: if the framework breaks the model's rules.
        TypeError: if ``text`` is neither text nor bytes.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        _check_size(len(raw), max_bytes, "document", source)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
            raise refusal(
                [
                    Problem(
                        "encoding",
                        f"not UTF-8: the byte {raw[exc.start]:#04x} cannot be decoded; save the file as UTF-8",
                        (f"line {line}, column {column} (byte {exc.start})",),
                    )
                ],
                source,
            ) from None
    elif isinstance(text, str):
        if max_bytes is not None and len(text) * 4 > max_bytes:
            _check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes, "document", source)
    else:
        raise TypeError(
            f"loads reads a JSON document as text or bytes, got {type(text).__name__}; "
            "use from_dict for parsed data"
        )
    text = text.removeprefix("\ufeff")
    return from_dict(_parse_json(text, source), source=source)


def load(path: str | os.PathLike[str], *, max_bytes: int | None = MAX_BYTES) -> Framework:
    """Read a framework from a JSON file. See :func:`loads`.

    A file larger than ``max_bytes`` is refused before it is read.

    Raises:
        DocumentError: if the file cannot be read or is not a valid document.
        ValidationError: if the framework breaks the model's rules.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            _check_size(size, max_bytes, "file", str(path))
            # Read at most one byte past the limit: a file may grow, or not be a regular file.
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise refusal([Problem("file", f"cannot read the file: {reason}")], str(path)) from None
    _check_size(len(data), max_bytes, "file", str(path))
    return loads(data, source=str(path), max_bytes=None)


def _parse_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, parse_constant=NonFinite)
    except json.JSONDecodeError as exc:
        problem = Problem(
            "json", f"not valid JSON: {exc.msg}", (f"line {exc.lineno}, column {exc.colno}",)
        )
    except RecursionError:
        problem = Problem(
            "json", "nested too deeply to read; a document nests a few levels, not thousands"
        )
    except ValueError:
        # An integer with more digits than Python converts (4300 by default).
        long = re.search(r"[0-9]{1000,}", text)
        where = (_position(text, long.start()),) if long else ()
        problem = Problem(
            "json",
            f"a number with thousands of digits; numbers are limited to ±{MAX_SAFE_INTEGER}",
            where,
        )
    raise refusal([problem], source)


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _check_size(size: int, max_bytes: int | None, what: str, source: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise refusal(
            [
                Problem(
                    "size",
                    f"the {what} is {size:,} bytes, more than the limit of {max_bytes:,}; "
                    "pass max_bytes=None to read it anyway",
                )
            ],
            source,
        )
