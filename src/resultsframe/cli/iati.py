"""``resultsframe iati``: import, export and check IATI activity files.

``resultsframe iati import FILE -o OUT``
    OUT ending in ``.json`` is one JSON document: the file must then have exactly one activity
    with results (one with more is refused when its second is read). Any other OUT is a folder (made if needed) with one document per activity
    that has results, named after its framework id (``44000-P175662.json``); the file is read
    streaming, so a file of any size can be imported this way.
``resultsframe iati export SOURCE -o FILE.xml``
    SOURCE is a built-in example, a JSON document, or a folder of JSON documents (as ``import``
    writes them). A framework not read from IATI needs ``--identifier`` and ``--reporting-org``
    (with ``--reporting-org-name`` and ``--reporting-org-type``). ``--data FILE`` writes the
    observations of FILE (CSV or JSON) as ``<actual>`` values. What could not be written is
    listed on stderr.
``resultsframe iati check FILE``
    What the file breaks, one finding per line: the IATI 2.03 XML schema (which ships in the
    package; ``--no-schema`` leaves it out) and the IATI rules on results; then a count line
    (``3 findings: 2 errors (1 schema), 1 warning``). Exit 0 when there are none, 1 when there
    are.

``import`` and ``check`` count the activities read on stderr while they read (see
:mod:`resultsframe.cli.meter`) when stderr is a terminal, or with ``--progress``.

Exit 2, with one line on stderr and no traceback, when the input cannot be used.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from resultsframe import files
from resultsframe.cli import arguments
from resultsframe.cli.arguments import (
    EXIT_OK,
    EXIT_PROBLEMS,
    SOURCE_HELP,
    Commands,
    UsageError,
    epilog,
    load_source,
)
from resultsframe.cli.meter import Meter, is_terminal
from resultsframe.cli.terminal import columns, fitted

if TYPE_CHECKING:
    from resultsframe.framework import Framework

__all__ = ["add_iati_commands", "summary"]

_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_LONGEST_STEM = 200


def _iati() -> Any:
    try:
        from resultsframe import iati
        from resultsframe.iati.source import lxml_etree

        lxml_etree()
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    return iati


def _file_name(framework_id: str, used: set[str]) -> str:
    # Cut to leave room for "-NNN.json" and the temporary file's tail in 255 bytes.
    stem = _UNSAFE_NAME.sub("_", framework_id).strip("._")[:_LONGEST_STEM] or "activity"
    name, n = f"{stem}.json", 1
    while name.lower() in used:
        n += 1
        name = f"{stem}-{n}.json"
    used.add(name.lower())
    return name


def _make_folder(output: Path) -> None:
    """The folder ``-o`` names, made if need be; refused in a line if it cannot be."""
    try:
        if output.exists() and not output.is_dir():
            raise UsageError(f"{output} exists and is not a folder; give a folder or a .json file")
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a name too long, no permission, a file on the way
        raise UsageError(f"-o: cannot make the folder {output}: {exc.strerror or exc}") from None


def _inside(folder: Path, name: str) -> Path:
    """``folder / name``, refused if it is a symbolic link that leads out of the folder.

    A document is written through a link to a file (as :func:`resultsframe.files.write_text`
    does), but only to a file in the same folder: an import never writes outside it.
    """
    path = folder / name
    if path.is_symlink():
        target = path.resolve()
        if target.parent != folder.resolve():
            raise UsageError(
                f"{path} is a symbolic link to {target}, outside {folder}; an import writes only "
                "inside its folder: remove the link, or give another folder"
            )
    return path


def _meter(args: argparse.Namespace) -> Meter:
    return Meter(args.file, sys.stderr, shown=bool(args.progress) or is_terminal(sys.stderr))


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe import document

    iati = _iati()
    output = Path(args.output)
    if output.suffix.lower() == ".json":
        return _import_one(iati, args, output, out)
    _make_folder(output)
    used: set[str] = set()
    count = 0
    with _meter(args) as meter:
        for framework in iati.read_iter(args.file, progress=meter):
            target = _inside(output, _file_name(framework.id, used))
            files.write_text(target, document.dumps(framework))
            count += 1
    print(fitted(f"{args.file}: {count} activities with results → {output}/", columns()), file=out)
    return EXIT_OK


def _import_one(iati: Any, args: argparse.Namespace, output: Path, out: TextIO) -> int:
    """The one activity with results of a file into one document; refused at a second one.

    The file is read streaming, so a large file with many activities is refused as soon as its
    second activity with results is read, not once it has all been read.
    """
    from resultsframe import document

    first: Framework | None = None
    with _meter(args) as meter:
        for framework in iati.read_iter(args.file, progress=meter):
            if first is not None:
                raise UsageError(
                    f"{args.file} has more than one activity with results (the second, "
                    f"{framework.id!r}, is activity {meter.read} of the file); a .json output "
                    "holds one: give a folder for -o to write one document per activity"
                )
            first = framework
    if first is None:
        raise UsageError(
            f"{args.file} has 0 activities with results; a .json output holds one: give a "
            "file with one activity with results"
        )
    files.write_text(output, document.dumps(first))
    print(fitted(f"{args.file}: 1 activity with results → {output}", columns()), file=out)
    return EXIT_OK


def _load(source: str) -> list[Framework]:
    from resultsframe import document

    path = Path(source)
    if path.is_dir():
        documents = sorted(path.glob("*.json"))
        if not documents:
            raise UsageError(f"{source} is a folder with no JSON document (*.json) in it")
        return [document.load(f) for f in documents]
    return [load_source(source)]


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from resultsframe.formatting import count

    iati = _iati()
    frameworks = _load(args.source)
    org = None
    if args.reporting_org is not None:
        if args.reporting_org_name is None or args.reporting_org_type is None:
            raise UsageError(
                "--reporting-org needs --reporting-org-name and --reporting-org-type "
                "(an OrganisationType code such as 40)"
            )
        org = iati.ReportingOrg(
            args.reporting_org, args.reporting_org_name, args.reporting_org_type
        )
    data = None
    if args.data is not None:
        if len(frameworks) != 1:
            raise UsageError(
                f"--data gives the observations of one framework; {args.source} has "
                f"{len(frameworks)}: export them one by one"
            )
        data = arguments.observations(args, frameworks[0])
    findings = iati.write(
        frameworks,
        args.output,
        identifier=args.identifier,
        reporting_org=org,
        observations=data,
    )
    for finding in findings:
        print(f"resultsframe: {finding.severity}: {finding.message}", file=sys.stderr)
    print(fitted(f"{count(len(frameworks), 'framework')} → {args.output}", columns()), file=out)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    iati = _iati()
    with _meter(args) as meter:
        findings = iati.check(args.file, schema=not args.no_schema, progress=meter)
    width = columns()
    for finding in findings:
        place = f"{args.file}:{finding.line}" if finding.line is not None else args.file
        said = f"{place}: {finding.rule} {finding.severity}: {finding.message} [{finding.path}]"
        print(fitted(said, width), file=out)
    print(fitted(summary(findings), width), file=out)
    return EXIT_PROBLEMS if findings else EXIT_OK


def summary(findings: list[Any]) -> str:
    """The count line that ends ``iati check``: ``3 findings: 2 errors (1 schema), 1 warning``.

    >>> from resultsframe.iati import Finding
    >>> summary([])
    '0 findings'
    >>> summary([Finding("schema", "/", "m", "error"), Finding("8.6.1", "/", "m", "error"),
    ...          Finding("direction", "/", "m", "warning")])
    '3 findings: 2 errors (1 schema), 1 warning'
    """
    from resultsframe.formatting import count

    head = count(len(findings), "finding")
    parts = []
    for severity, plural in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
        these = [f for f in findings if f.severity == severity]
        if these:
            schema = sum(f.rule == "schema" for f in these)
            part = count(len(these), severity, plural)
            parts.append(f"{part} ({schema} schema)" if schema else part)
    return f"{head}: {', '.join(parts)}" if parts else head


def add_iati_commands(commands: Commands) -> None:
    """Add the ``iati`` command group to the ``resultsframe`` command's subparsers."""
    group = commands.add_parser(
        "iati",
        help="import, export and check IATI 2.03 activity files",
        description="Import, export and check IATI 2.03 activity files (results).",
        epilog=epilog(
            (
                "resultsframe iati import activities.xml -o frameworks/",
                "resultsframe iati check activities.xml",
            )
        ),
    )
    sub = group.add_subparsers(dest="iati_command", required=True, metavar="COMMAND")
    imported = sub.add_parser(
        "import",
        help="read an IATI file into JSON documents",
        description="Read an IATI file into JSON documents: one .json file, or a folder with "
        "one document per activity that has results.",
        epilog=epilog(
            (
                "resultsframe iati import activities.xml -o frameworks/",
                "resultsframe iati import one-activity.xml -o fw.json",
            )
        ),
    )
    imported.add_argument("file", metavar="FILE", help="an IATI 2.03 activity file (XML)")
    imported.add_argument(
        "-o", "--output", metavar="OUT", required=True, help="a .json file, or a folder"
    )
    _progress_option(imported)
    imported.set_defaults(handler=_cmd_import)
    exported = sub.add_parser(
        "export",
        help="write frameworks as an IATI 2.03 file",
        description="Write a framework (built-in example, JSON document, or folder of them) "
        "as an IATI 2.03 activity file.",
        epilog=epilog(
            (
                "resultsframe iati export frameworks/ -o activities.xml",
                "resultsframe iati export fw.json --data obs.csv -o fw.xml",
            )
        ),
    )
    exported.add_argument(
        "source", metavar="SOURCE", help=f"{SOURCE_HELP}, or a folder of JSON documents"
    )
    exported.add_argument(
        "-o", "--output", metavar="FILE.xml", required=True, help="the IATI activity file written"
    )
    exported.add_argument(
        "--identifier", help="the activity's IATI identifier, for a framework not read from IATI"
    )
    exported.add_argument("--reporting-org", metavar="REF", help="the reporting organisation's ref")
    exported.add_argument(
        "--reporting-org-name", metavar="NAME", help="the reporting organisation's name"
    )
    exported.add_argument("--reporting-org-type", metavar="CODE", help="OrganisationType, e.g. 40")
    exported.add_argument(
        "--data",
        metavar="FILE",
        help="observations (CSV, JSON or parquet), written as <actual> values",
    )
    exported.set_defaults(handler=_cmd_export)
    checked = sub.add_parser(
        "check",
        help="list what a file breaks (schema and rules); exit 1 if any",
        description="List what a file breaks, one finding per line: the IATI 2.03 XML schema "
        "(shipped with resultsframe, no network) and the IATI rules on results; then a count. "
        "Exit 0 when none, 1 when some.",
        epilog=epilog(
            (
                "resultsframe iati check activities.xml",
                "resultsframe iati check activities.xml --no-schema",
            )
        ),
    )
    checked.add_argument("file", metavar="FILE", help="an IATI 2.03 activity file (XML)")
    checked.add_argument(
        "--no-schema",
        action="store_true",
        help="check the rules on results only, not the IATI 2.03 XML schema",
    )
    _progress_option(checked)
    checked.set_defaults(handler=_cmd_check)


def _progress_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--progress",
        action="store_true",
        help="count the activities read on stderr (shown anyway when stderr is a terminal)",
    )
