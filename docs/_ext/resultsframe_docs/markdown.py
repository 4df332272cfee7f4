"""Writing MyST Markdown from data: escaping, inline code, tables, references.

Everything the generated pages show comes from the library's objects, whose texts are the
framework's own words. Those words must reach the reader unchanged, so every text is escaped
before it is put into Markdown: a statement that happens to contain ``*``, ``[2]`` or ``|``
must not turn into emphasis, a link or a table column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["Labels", "code", "ref", "rst_inline", "slug", "table", "text"]

# Every ASCII punctuation character that can start Markdown or MyST markup. CommonMark lets a
# backslash escape any ASCII punctuation, so escaping one too many is harmless.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~$&])")
# "2014. Something" or "3) Something" at the start of a line would open an ordered list.
_LIST_START = re.compile(r"^(\d+)([.)])")


def text(value: str) -> str:
    r"""Plain text as Markdown inline content: white space folded to single spaces, markup escaped.

    >>> print(text("Target 1 [2]:  *all*\n countries"))
    Target 1 \[2\]: \*all\* countries
    """
    return _LIST_START.sub(r"\1\\\2", _escape(" ".join(value.split())))


def _escape(value: str) -> str:
    return _MARKUP.sub(r"\\\1", value)


_RST_LITERAL = re.compile(r"(?::[\w:]+:)?``?(?P<literal>[^`]+)``?")


def rst_inline(value: str) -> str:
    r"""A docstring's paragraph (reStructuredText) as Markdown: literals and roles become code.

    >>> print(rst_inline("A count (``case``, :class:`Unit`) *as is*"))
    A count \(`case`, `Unit`\) \*as is\*
    """
    folded = " ".join(value.split())
    pieces: list[str] = []
    end = 0
    for match in _RST_LITERAL.finditer(folded):
        pieces.append(_escape(folded[end : match.start()]))
        literal = match["literal"]
        # A role's "~module.Name" shows as "Name", as Sphinx shows it.
        pieces.append(code(literal[1:].rsplit(".", 1)[-1] if literal.startswith("~") else literal))
        end = match.end()
    pieces.append(_escape(folded[end:]))
    return _LIST_START.sub(r"\1\\\2", "".join(pieces))


def code(value: str) -> str:
    """Inline code, with enough backticks to hold any backticks in ``value``."""
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def ref(label: str, title: str) -> str:
    """A cross-reference to a label (see :class:`Labels`), shown as ``title``."""
    shown = title.replace("\\", "\\\\").replace("<", "\\<").replace("`", "'")
    return f"{{ref}}`{shown} <{label}>`"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table. Cells must already be Markdown (escaped with :func:`text` or :func:`code`)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells, the header {len(header)}: {row!r}")
        lines.append("| " + " | ".join(cell or " " for cell in row) + " |")
    return "\n".join(lines)


def slug(value: str) -> str:
    """Lower-case letters and digits joined by ``-``: what Sphinx keeps of a label."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "id"


class Labels:
    """Sphinx labels for ids, unique within a page set and stable from build to build.

    Sphinx folds labels to lower case and allows few characters, while framework ids are case
    sensitive and may hold almost anything; so each id gets a slug, and a number when two ids
    would share one.
    """

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._labels: dict[str, str] = {}
        self._taken: set[str] = set()

    def __getitem__(self, key: str) -> str:
        if key not in self._labels:
            base = f"{self._prefix}-{slug(key)}"
            label, n = base, 2
            while label in self._taken:
                label = f"{base}-{n}"
                n += 1
            self._taken.add(label)
            self._labels[key] = label
        return self._labels[key]

    def target(self, key: str) -> str:
        """The MyST target line to put before the heading of ``key``."""
        return f"({self[key]})="
