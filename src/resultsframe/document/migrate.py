"""The top of a document, its format and version, and the migrations of older versions.

A reader accepts every minor version of its major version (``1.x``), refuses a newer major
version, and migrates older ones through the table of migrations, one step at a time: the
pre-release draft ``0.9`` is migrated to ``1.0``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import attrs

from resultsframe.document.paths import key_path, refusal
from resultsframe.document.values import kind, show
from resultsframe.document.versions import FORMAT, MAJOR, VERSION
from resultsframe.exceptions import Problem
from resultsframe.levels import SCHEMES

__all__ = ["upgrade"]

# At most nine digits a part: int() refuses a text of over 4,300 digits with a ValueError.
_VERSION_RE = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})")


@attrs.frozen
class _Migration:
    """One step up: what a document of ``source`` becomes in ``target``.

    Attributes:
        source: The version it reads (``"0.9"``).
        target: The version it writes (``"1.0"``).
        upgrade: Turns a parsed document of ``source`` into one of ``target``; it leaves what
            it does not recognise as it was, for the reader to refuse with its path.
        has_format: Whether documents of ``source`` carried the ``"format"`` key.
    """

    source: str
    target: str
    upgrade: Callable[[dict[str, Any]], dict[str, Any]]
    has_format: bool = True


def _upgrade_0_9(data: dict[str, Any]) -> dict[str, Any]:
    """0.9 → 1.0: add ``format``; name the level scheme; links ``from``/``to`` → ``child``/``parent``.

    The 0.9 draft wrote the level scheme as a bare array of level names (the default scheme when
    absent) and links as ``{"from": child, "to": parent}``. A bare array that equals a built-in
    scheme's levels takes that scheme's name; any other is named ``"custom"``.
    """
    out = {"format": FORMAT, **{k: v for k, v in data.items() if k != "format"}, "version": "1.0"}
    framework = data.get("framework")
    if not isinstance(framework, dict):
        return out
    framework = dict(framework)
    levels = framework.get("levels")
    if isinstance(levels, list):
        names = [name for name, s in SCHEMES.items() if list(s.levels) == levels]
        framework["levels"] = {"name": names[0] if names else "custom", "levels": levels}
    links = framework.get("links")
    if isinstance(links, list):
        renamed = []
        for link in links:
            if isinstance(link, dict) and "child" not in link and "parent" not in link:
                link = {  # noqa: PLW2901 - the renamed copy replaces the item
                    {"from": "child", "to": "parent"}.get(key, key): value
                    for key, value in link.items()
                }
            renamed.append(link)
        framework["links"] = renamed
    out["framework"] = framework
    return out


#: The table of migrations, by the version they read. Each step raises the version until the
#: document is of the current major version.
_MIGRATIONS: dict[str, _Migration] = {
    m.source: m for m in (_Migration("0.9", "1.0", _upgrade_0_9, has_format=False),)
}


def upgrade(data: dict[str, Any], source: str) -> tuple[dict[str, Any], tuple[int, int], str]:
    """The document migrated to the current major version, its version, and how it was read.

    Raises:
        DocumentError: if the top of the document is not that of a document this resultsframe
            reads: no or another format, no or a newer version, keys it does not have.
    """
    problems = _problems_at_top(data)
    if problems:
        raise refusal(problems, source)
    version = data["version"]
    read_as, written, steps = source, version, 0
    while version in _MIGRATIONS and steps < len(_MIGRATIONS):
        migration = _MIGRATIONS[version]
        data = migration.upgrade(data)
        version = migration.target
        steps += 1
    if steps:
        read_as = f"{source} (format {written}, migrated to {version})"
    major, minor = (int(part) for part in version.split("."))
    return data, (major, minor), read_as


def _problems_at_top(data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    version = data.get("version")
    old = _MIGRATIONS.get(version) if isinstance(version, str) else None
    if "format" not in data:
        if old is None or old.has_format:
            problems.append(
                Problem(
                    "format", f'required key missing; expected "format": "{FORMAT}"', ("$.format",)
                )
            )
    elif data["format"] != FORMAT:
        got = show(data["format"]) if isinstance(data["format"], str) else kind(data["format"])
        problems.append(
            Problem(
                "format",
                f'expected "{FORMAT}", got {got}; this is not a resultsframe document',
                ("$.format",),
            )
        )
    match = _VERSION_RE.fullmatch(version) if isinstance(version, str) else None
    if "version" not in data:
        problems.append(
            Problem(
                "version", f'required key missing; expected "version": "{VERSION}"', ("$.version",)
            )
        )
    elif match is None:
        got = show(version) if isinstance(version, str) else kind(version)
        problems.append(
            Problem(
                "version",
                f'expected a version as text such as "{VERSION}", got {got}',
                ("$.version",),
            )
        )
    elif int(match[1]) > MAJOR:
        problems.append(
            Problem(
                "version",
                f"this document is format version {version}, newer than this resultsframe reads "
                f"({MAJOR}.x); upgrade resultsframe to read it",
                ("$.version",),
            )
        )
    elif int(match[1]) < MAJOR and version not in _MIGRATIONS:
        known = ", ".join(sorted(_MIGRATIONS))
        problems.append(
            Problem(
                "version",
                f"format version {version} is not supported; this resultsframe reads {MAJOR}.x and "
                f"migrates {known}",
                ("$.version",),
            )
        )
    extra = [key for key in data if key not in ("format", "version", "framework")]
    problems.extend(
        Problem(
            "unexpected",
            "unexpected key; the keys here are: format, version, framework",
            (key_path("$", key),),
        )
        for key in extra
    )
    if "framework" not in data:
        problems.append(
            Problem(
                "missing",
                "required key missing; expected here: the framework, an object",
                ("$.framework",),
            )
        )
    return problems
