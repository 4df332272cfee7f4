"""Text that fits a width: a table's row shortened with "…", prose wrapped at words.

The terminal views (the progress table, the tree of ``resultsframe show``, the command's other
text) fit the terminal's width this way. A row of a table is cut, at a space where it can be,
and ends in ``…``: its columns stay in line. Prose is wrapped at spaces only, never inside a
word, a date or a range (``2015-06-30..2020-06-30/1y``), with its continuation lines indented
under the text they continue. Colour codes take no room: :func:`visible_width` does not count
them, and a cut keeps them closed.

>>> shorten("◦ T2.a  off track  20.92 % → target 70 % (baseline 22.96 %)", 40)
'◦ T2.a  off track  20.92 % → target 70…'
>>> shorten("short", 40)
'short'
>>> print(wrap("  value:       20.92 % (41/196) for 2018; reported by INHOPE", 40))
  value:       20.92 % (41/196) for
               2018; reported by INHOPE

A word longer than the width is left whole on its own line (a URL cannot be broken):
:func:`fit` wraps every line of a text that is too long, and leaves the others as they are.
"""

from __future__ import annotations

import re
import textwrap

__all__ = ["ELLIPSIS", "fit", "shorten", "visible_width", "wrap"]

ELLIPSIS = "…"
_CODE = re.compile(r"\x1b\[[0-9;]*m")
_RESET = "\x1b[0m"
# "  value:       …" and "  target:      …": continuation lines go under the value.
_LABEL = re.compile(r"^(\s*[A-Za-z][\w ]{0,20}:\s+)\S")
# The cut of a row goes back to a space only this far; further, the word itself is cut.
_BACK = 24


def visible_width(text: str) -> int:
    """The characters a terminal shows of ``text``: colour codes take none."""
    return len(_CODE.sub("", text))


def shorten(line: str, width: int) -> str:
    """``line`` in at most ``width`` shown characters: as it is, or cut and ended with ``…``.

    The cut falls at a space when there is one near it, so that the last word shown is whole;
    colour codes are kept, and one left open is closed.
    """
    if visible_width(line) <= width:
        return line
    room = max(width - 1, 0)
    cut = _first_shown(line, room)
    plain = _CODE.sub("", cut)
    following = _CODE.sub("", line)[len(plain) : len(plain) + 1]
    space = plain.rfind(" ")
    if following not in ("", " ") and space > 0 and len(plain) - space <= _BACK:
        cut = _first_shown(cut, space)  # back to the space: the last word shown is whole
    cut = cut.rstrip(" ")
    opened = _CODE.findall(cut)
    closed = not opened or opened[-1] == _RESET
    return cut + ELLIPSIS + ("" if closed else _RESET)


def _first_shown(text: str, n: int) -> str:
    """The start of ``text`` that shows ``n`` characters, with the colour codes among them."""
    kept: list[str] = []
    shown = 0
    position = 0
    for match in _CODE.finditer(text):
        piece = text[position : match.start()][: n - shown]
        kept.append(piece)
        shown += len(piece)
        if shown >= n:
            return "".join(kept)
        kept.append(match.group())
        position = match.end()
    kept.append(text[position:][: n - shown])
    return "".join(kept)


def wrap(line: str, width: int) -> str:
    """``line`` wrapped at spaces to ``width``; its continuation lines indented under its text.

    A line that starts with a label (``  value:       …``) continues under the value; another
    continues two spaces further in than it starts. A word longer than the width is not broken.
    """
    if visible_width(line) <= width:
        return line
    label = _LABEL.match(line)
    lead = len(line) - len(line.lstrip(" "))
    hang = label.end(1) if label is not None else lead + 2
    if hang > width // 2:
        hang = min(lead + 2, width // 2)
    return (
        "\n".join(
            textwrap.wrap(
                line,
                width,
                initial_indent="",
                subsequent_indent=" " * hang,
                break_long_words=False,
                break_on_hyphens=False,
                drop_whitespace=True,
            )
        )
        or line
    )


def fit(text: str, width: int) -> str:
    """Every line of ``text`` that is wider than ``width`` wrapped (:func:`wrap`); the rest kept."""
    ends = text.endswith("\n")
    lines = text[:-1].split("\n") if ends else text.split("\n")
    fitted = "\n".join(wrap(line, width) for line in lines)
    return fitted + ("\n" if ends else "")
