r"""Diagrams of a framework as text: Mermaid and Graphviz DOT.

Neither needs anything installed to be written: Mermaid renders where Markdown does (GitHub,
GitLab, many editors and notebooks), DOT with Graphviz (``dot -Tsvg``) or any of its ports.
Each result is a node labelled with its id, its level and its statement cut short; each link is
an edge from the contributing result to the one it contributes to (child → parent, drawn
upward), labelled with its weight when that is not 1. Given a progress report, each node is
filled in its status colour and says its status, progress and coverage.

Labels carry text from the framework, which anyone may write, so each syntax gets its own
escaping, and nothing in a statement or id can end a label, start a statement of the diagram
or add markup: in Mermaid every character other than letters, digits, spaces and plain
punctuation is written as an entity code (``#60;`` for ``<``); in DOT, labels and ids are
quoted strings with ``\`` and ``"`` escaped and control characters removed.

>>> import resultsframe
>>> from resultsframe.diagram import to_mermaid
>>> print(to_mermaid(resultsframe.examples.load("cop")).splitlines()[1])
flowchart BT
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from resultsframe.display.status import STATUS_COLOURS, STATUS_LABELS, STATUS_TEXT_COLOURS
from resultsframe.exceptions import UnknownIdError
from resultsframe.formatting import percent
from resultsframe.framework import Framework
from resultsframe.model import Result
from resultsframe.progress import ProgressReport, ResultProgress, Status

__all__ = ["to_dot", "to_mermaid"]

#: Characters of a statement shown in a node before it is cut.
STATEMENT_WIDTH = 60

# Outside the roll-up (no targeted indicator in it or below it): drawn dashed, not coloured.
_UNTARGETED = "untargeted"
_GREY = "#57606a"
# Mermaid: characters written as they are inside a quoted label; all others become "#NN;".
_MERMAID_PLAIN = frozenset(" .,-_/'’?!+*=:()…·–—%")


def _lines(framework: Framework, result: Result, report: ProgressReport | None) -> list[str]:
    """The lines of a node's label, as plain text."""
    statement = " ".join(result.statement.split())
    if len(statement) > STATEMENT_WIDTH:
        statement = statement[: STATEMENT_WIDTH - 1].rstrip() + "…"
    lines = [f"{result.id} · {framework.levels.label(result.level)}", statement]
    if report is not None:
        lines.append(_progress_line(_entry(report, result.id)))
    return lines


def _entry(report: ProgressReport, result_id: str) -> ResultProgress:
    entry = report[result_id]
    assert isinstance(entry, ResultProgress)
    return entry


def _progress_line(entry: ResultProgress) -> str:
    if entry.coverage is None:
        return "nothing targeted"
    return (
        f"{STATUS_LABELS[entry.status]} · {percent(entry.progress)} · "
        f"coverage {percent(entry.coverage)}"
    )


def _style_of(report: ProgressReport | None, result_id: str) -> str | None:
    """The status value a node is coloured by, ``untargeted``, or None without a report."""
    if report is None:
        return None
    entry = _entry(report, result_id)
    return _UNTARGETED if entry.coverage is None else entry.status.value


def _weight(weight: float) -> str | None:
    return None if weight == 1 else f"{weight:g}"


def _check(framework: Framework, report: ProgressReport | None) -> None:
    if report is None or report.framework is framework or report.framework == framework:
        return
    raise UnknownIdError(
        f"the report is of another framework ({report.framework!r}), not of {framework!r}; "
        "colour a diagram with a report made from the same framework: "
        "resultsframe.assess(framework, observations, as_of)"
    )


# --- Mermaid --------------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: anything but plain characters as ``#NN;``."""
    return "".join(
        c if c.isalnum() or c in _MERMAID_PLAIN else f"#{ord(c)};" for c in _printable(text)
    )


def to_mermaid(framework: Framework, report: ProgressReport | None = None) -> str:
    """The framework as a Mermaid flowchart, drawn upward from outputs to the impact.

    Nodes are named ``r0``, ``r1`` … in the framework's order (a result's id may be anything,
    so it is shown in the label, never used as a Mermaid name).

    Args:
        framework: The framework.
        report: A progress report of the framework: nodes are coloured by status and say their
            progress and coverage.

    Raises:
        UnknownIdError: if the report is of another framework.
    """
    _check(framework, report)
    names = {result_id: f"r{n}" for n, result_id in enumerate(framework.results)}
    lines = [f"%% resultsframe: framework {_mermaid_text(framework.id)}", "flowchart BT"]
    for result in framework:
        label = "<br/>".join(_mermaid_text(line) for line in _lines(framework, result, report))
        lines.append(f'    {names[result.id]}["{label}"]')
    for link in framework.links:
        weight = _weight(link.weight)
        arrow = "-->" if weight is None else f'-->|"{weight}"|'
        lines.append(f"    {names[link.child]} {arrow} {names[link.parent]}")
    if report is not None:
        lines += _mermaid_classes(framework, report, names)
    return "\n".join(lines) + "\n"


def _mermaid_classes(
    framework: Framework, report: ProgressReport, names: dict[str, str]
) -> Iterator[str]:
    members: dict[str, list[str]] = {}
    for result_id in framework.results:
        style = _style_of(report, result_id)
        assert style is not None
        members.setdefault(style, []).append(names[result_id])
    for status in Status:
        if status.value in members:
            yield (
                f"    classDef {status.value} fill:{STATUS_COLOURS[status]},"
                f"stroke:{_GREY},color:{STATUS_TEXT_COLOURS[status]}"
            )
    if _UNTARGETED in members:
        yield f"    classDef {_UNTARGETED} fill:#ffffff,stroke:{_GREY},stroke-dasharray:4 3"
    for style, nodes in members.items():
        yield f"    class {','.join(nodes)} {style}"


# --- DOT ------------------------------------------------------------------------------------


def _printable(text: str) -> str:
    """Control characters and line breaks (newline, tab, NUL, U+2028 …) become spaces."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def _dot_string(text: str) -> str:
    """A quoted DOT string holding ``text`` as it is (as an id, or as a line of a label)."""
    escaped = _printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _dot_label(lines: list[str]) -> str:
    r"""A quoted DOT label: its lines escaped, joined by DOT's ``\n``."""
    return '"' + "\\n".join(_dot_string(line)[1:-1] for line in lines) + '"'


def _dot_attributes(attributes: dict[str, str]) -> str:
    return "[" + ", ".join(f"{key}={value}" for key, value in attributes.items()) + "]"


def to_dot(framework: Framework, report: ProgressReport | None = None) -> str:
    """The framework as a Graphviz DOT digraph, edges child → parent, drawn upward.

    Node names are the result ids (quoted); labels say id, level and statement, and the full
    statement is each node's tooltip.

    Args:
        framework: The framework.
        report: A progress report of the framework: nodes are filled in their status colour
            and say their progress and coverage.

    Raises:
        UnknownIdError: if the report is of another framework.
    """
    _check(framework, report)
    title = f"{framework.id} · {framework.title}"
    if report is not None:
        title += f" · progress as of {report.as_of.isoformat()}"
    lines = [
        f"digraph {_dot_string(framework.id)} {{",
        "    graph "
        + _dot_attributes(
            {
                "rankdir": "BT",
                "label": _dot_label([title]),
                "labelloc": "t",
                "fontname": '"Helvetica"',
            }
        )
        + ";",
        "    node "
        + _dot_attributes(
            {
                "shape": "box",
                "style": '"rounded,filled"',
                "fillcolor": '"#ffffff"',
                "color": f'"{_GREY}"',
                "fontname": '"Helvetica"',
                "fontsize": "10",
            }
        )
        + ";",
        "    edge "
        + _dot_attributes(
            {"color": f'"{_GREY}"', "arrowsize": "0.7", "fontname": '"Helvetica"', "fontsize": "10"}
        )
        + ";",
    ]
    for result in framework:
        attributes = {
            "label": _dot_label(_lines(framework, result, report)),
            "tooltip": _dot_string(" ".join(result.statement.split())),
        }
        style = _style_of(report, result.id)
        if style == _UNTARGETED:
            attributes["style"] = '"rounded,dashed"'
        elif style is not None:
            status = Status(style)
            attributes["fillcolor"] = f'"{STATUS_COLOURS[status]}"'
            attributes["fontcolor"] = f'"{STATUS_TEXT_COLOURS[status]}"'
        lines.append(f"    {_dot_string(result.id)} {_dot_attributes(attributes)};")
    for link in framework.links:
        weight = _weight(link.weight)
        edge = f"    {_dot_string(link.child)} -> {_dot_string(link.parent)}"
        if weight is not None:
            edge += " " + _dot_attributes({"label": _dot_string(weight)})
        lines.append(edge + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"
