"""IATI 2.03 results: read real files without loss, check them, compute progress, write them back.

IATI is the standard through which aid organisations publish their activities and results:
``<result>`` → ``<indicator>`` → ``<baseline>``/``<period>`` → ``<target>``/``<actual>``.

>>> from resultsframe import iati
>>> frameworks = iati.read(path)                         # doctest: +SKIP
>>> iati.write(frameworks, "out.xml")                    # the same results, back  # doctest: +SKIP
>>> iati.check(path)                                     # rules broken, as findings  # doctest: +SKIP
>>> resultsframe.assess(frameworks[0], as_of="2020-12-31")  # progress from the actuals  # doctest: +SKIP

- :func:`read` gives one framework per activity that has results; :func:`read_iter` streams
  them from a file of any size.
- :func:`write` writes frameworks as activities, in the schema's element order; read → write →
  read gives the same results (see :mod:`resultsframe.iati.reader` for what is kept where). A
  framework made elsewhere keeps what IATI has no field for — ids, levels, units, links,
  sources — in resultsframe's namespace (see :mod:`resultsframe.iati.ownfields`), and
  observations can be written as actuals (see :mod:`resultsframe.iati.observed`).
- :func:`check` reports the IATI rules on results (8.6.1, 8.8.x–8.11.1) and the results codelists
  as :class:`Finding` objects (see :mod:`resultsframe.iati.rules`); a file that breaks them is
  still read. With ``schema=True`` it also validates the file against the IATI 2.03 XML schema,
  which ships in the package (see :mod:`resultsframe.iati.schema`).
- Progress on the published actuals is :func:`resultsframe.assess` with no observations: it
  reads each indicator's actuals (see
  :meth:`Observations.from_actuals <resultsframe.observations.Observations.from_actuals>`).

Files are untrusted: no DTD, no entities, no network, size limits (see
:mod:`resultsframe.iati.source`). IATI support needs lxml: ``pip install 'resultsframe[iati]'``;
it is imported when a file is first read or written, so ``import resultsframe`` stays light.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping

from resultsframe import files
from resultsframe.framework import Framework
from resultsframe.iati import exported, observed, ownfields
from resultsframe.iati.findings import Finding
from resultsframe.iati.source import MAX_BYTES, Source, iter_activities, lxml_etree
from resultsframe.iati.writer import ActivityWriter, ReportingOrg, indent, keeping
from resultsframe.observations import Observations

__all__ = [
    "MAX_BYTES",
    "VERSION",
    "Finding",
    "ReportingOrg",
    "check",
    "dumps",
    "read",
    "read_iter",
    "write",
]

#: The IATI version :func:`write` writes.
VERSION = "2.03"


def read_iter(
    source: Source,
    *,
    max_bytes: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> Iterator[Framework]:
    """The frameworks of a file one by one, read streaming: memory holds one activity at a time.

    Args:
        source: A path, or the file's bytes.
        max_bytes: Refuse a larger file; None (the default here) reads any size.
        progress: Called with the number of activities read so far (with results or not),
            after each activity.

    Raises:
        DocumentError: if the file is refused (a DTD, entities, too large) or is not
            well-formed XML, naming the problem and its line.
    """
    from resultsframe.iati.reader import framework_from

    for n, (element, context) in enumerate(iter_activities(source, max_bytes=max_bytes), 1):
        framework = framework_from(element, context)
        if progress is not None:
            progress(n)
        if framework is not None:
            yield framework


def read(source: Source, *, max_bytes: int | None = MAX_BYTES) -> list[Framework]:
    """One framework per ``iati-activity`` that has results.

    Results of types 1, 2, 3 and 9 are on the levels output, outcome, impact and other of the
    ``iati`` level scheme; everything under ``<result>`` is kept (see
    :mod:`resultsframe.iati.reader`), and the rest of the activity too, so that :func:`write`
    gives it back.

    Args:
        source: A path, or the file's bytes.
        max_bytes: Refuse a file larger than this (2 GiB by default); None reads any size.

    Raises:
        DocumentError: if the file is refused or unreadable; a file that breaks IATI's rules
            is read all the same (see :func:`check`).
    """
    return list(read_iter(source, max_bytes=max_bytes))


def check(
    source: Source,
    *,
    max_bytes: int | None = None,
    schema: bool = False,
    progress: Callable[[int], object] | None = None,
) -> list[Finding]:
    """The IATI rules on results that a file breaks, in document order (read streaming).

    Args:
        source: A path, or the file's bytes.
        max_bytes: Refuse a larger file; None (the default here) reads any size.
        schema: Also validate the file against the IATI 2.03 XML schema, which ships in the
            package (see :mod:`resultsframe.iati.schema`): each schema error is a finding of
            rule ``schema``, before the rules' findings of its activity. Off by default, so
            that the findings are about results; ``resultsframe iati check`` turns it on.
        progress: Called with the number of activities read so far, after each activity.

    Raises:
        DocumentError: if the file is refused or unreadable.
    """
    from resultsframe.iati.rules import check_activity
    from resultsframe.iati.schema import Validation

    validation = Validation() if schema else None
    findings: list[Finding] = []
    for n, (element, context) in enumerate(iter_activities(source, max_bytes=max_bytes), 1):
        if validation is not None:
            findings.extend(validation.activity(element, context))
        findings.extend(check_activity(element, context))
        if progress is not None:
            progress(n)
    if validation is not None:
        findings[:0] = validation.root(source)
    return findings


def _render(
    frameworks: Framework | Iterable[Framework],
    version: str,
    identifier: str | Mapping[str, str] | None,
    reporting_org: ReportingOrg | None,
    observations: Observations | None = None,
) -> tuple[str, list[Finding]]:
    if version != VERSION:
        raise ValueError(
            f"IATI version {version!r} cannot be written; resultsframe writes {VERSION}"
        )
    if isinstance(frameworks, Framework):
        frameworks = [frameworks]
    etree = lxml_etree()
    root = etree.Element("iati-activities", version=version)
    writer = ActivityWriter(observations=observations)
    with keeping():
        for n, framework in enumerate(frameworks, 1):
            own = identifier.get(framework.id) if isinstance(identifier, Mapping) else identifier
            with exported.xml_text(framework.id, "its activity"):
                root.append(writer.activity(framework, n, own, reporting_org))
        if observations is not None and not writer.observed_any:
            raise observed.refused(observations)
        if writer.own_used:
            # resultsframe's namespace declared once, on the root, as rf.
            etree.cleanup_namespaces(root, top_nsmap={ownfields.PREFIX: ownfields.NS})
        indent(root)
    text: str = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", writer.findings


def dumps(
    frameworks: Framework | Iterable[Framework],
    *,
    version: str = VERSION,
    identifier: str | Mapping[str, str] | None = None,
    reporting_org: ReportingOrg | None = None,
    observations: Observations | None = None,
) -> str:
    """Frameworks as the text of an IATI activity file (see :func:`write`)."""
    return _render(frameworks, version, identifier, reporting_org, observations)[0]


def write(
    frameworks: Framework | Iterable[Framework],
    path: str | os.PathLike[str],
    *,
    version: str = VERSION,
    identifier: str | Mapping[str, str] | None = None,
    reporting_org: ReportingOrg | None = None,
    observations: Observations | None = None,
) -> list[Finding]:
    """Write frameworks as an IATI activity file, atomically, in the schema's element order.

    A framework read from IATI keeps its own identifier, reporting organisation and the rest of
    its activity. One made elsewhere needs ``identifier`` (its activity's identifier; a mapping
    from framework id to identifier for several) and ``reporting_org``.

    What IATI has no field for — ids, levels, units, links between results, indicator sources —
    is written in resultsframe's own namespace, which IATI allows and its tools pass over, so
    that :func:`read` gives it back (see :mod:`resultsframe.iati.ownfields`). A target relative
    to the baseline is written as the number it comes to; one not known yet is left out (see
    :mod:`resultsframe.iati.exported`).

    ``observations`` are written as each indicator's ``<actual>`` values, one ``<period>`` per
    observed period (see :mod:`resultsframe.iati.observed`).

    Returns:
        What could not be written as IATI (rule ``export``): a result without an indicator, a
        target without a date or not known yet … — nothing for a framework read from IATI.

    Raises:
        DocumentError: if a framework made elsewhere has no identifier or reporting
            organisation, a text cannot be written in XML, the observations are of none of
            the frameworks, or the file cannot be written.
        ValueError: for a version other than 2.03.
    """
    text, findings = _render(frameworks, version, identifier, reporting_org, observations)
    files.write_text(path, text)
    return findings
