"""The page body that shows a whole framework, written from the framework object itself.

:func:`render` is used for the built-in Child Online Protection example, but knows nothing
about it: every id, statement, figure and pending marker on the page is read from the
:class:`~resultsframe.Framework` at build time, so the page cannot drift from the example.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date

import attrs

from resultsframe import Framework, Indicator, Result
from resultsframe.model import Comment, Reference
from resultsframe_docs import display
from resultsframe_docs.markdown import Labels, code, ref, slug, table, text

__all__ = ["render"]

_URI = re.compile(r"https?://[^\s<>`]+")
_SHORT = 90  # characters of a statement shown in the hierarchy before it is cut


def render(fw: Framework) -> str:
    """The framework as MyST Markdown: sections of level 2 and below, ready to be included."""
    page = _Page(fw)
    parts = [
        page.glance(),
        page.hierarchy(),
        page.results(),
        page.indicator_table(),
        page.pending(),
        page.themes(),
        page.definitions(),
        page.aims(),
        page.references(),
        page.partners(),
        page.history(),
        page.notes(),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


class _Page:
    def __init__(self, fw: Framework) -> None:
        self.fw = fw
        prefix = f"fw-{slug(fw.id)}"
        self.sections = Labels(f"{prefix}-section")
        self.result_labels = Labels(f"{prefix}-result")
        self.indicator_labels = Labels(f"{prefix}-indicator")
        self.definition_labels = Labels(f"{prefix}-definition")
        self.order = {result_id: n for n, result_id in enumerate(fw.results)}
        self.themes_by_id = {theme.id: theme.name for theme in fw.themes}
        self.terms = {d.id: d.term or d.id for d in fw.definitions}

    # --- links --------------------------------------------------------------------------------

    def result_ref(self, result_id: str) -> str:
        return ref(self.result_labels[result_id], result_id)

    def indicator_ref(self, indicator_id: str) -> str:
        return ref(self.indicator_labels[indicator_id], indicator_id)

    def definition_ref(self, definition_id: str) -> str:
        return ref(
            self.definition_labels[definition_id], self.terms.get(definition_id, definition_id)
        )

    def children(self, result_id: str) -> list[str]:
        return sorted(self.fw.children(result_id), key=self.order.__getitem__)

    # --- sections -----------------------------------------------------------------------------

    def glance(self) -> str:
        fw = self.fw
        levels = Counter(result.level for result in fw)
        indicators = list(fw.indicators.values())
        targeted = [i for i in indicators if not i.is_monitoring]
        pending_targets = [i for i in targeted if i.target is not None and i.target.is_pending]
        time_frame = f"{_day(fw.start)} to {_day(fw.end)}" if fw.start or fw.end else "not given"
        rows = [
            ("Id", code(fw.id)),
            ("Title", text(fw.title)),
            ("Time frame", time_frame),
            ("Implementers", text(", ".join(fw.implementers)) or "not given"),
            (
                "Levels, top first",
                " > ".join(text(fw.levels.label(level)) for level in fw.levels.levels)
                + f" (scheme {code(fw.levels.name)})",
            ),
            (
                "Results",
                f"{len(fw)}: "
                + ", ".join(
                    f"{levels[level]} {text(fw.levels.label(level))}"
                    for level in fw.levels.levels
                    if levels[level]
                ),
            ),
            ("Links", str(len(fw.links))),
            (
                "Indicators",
                f"{len(indicators)}: {len(targeted)} with a target, "
                f"{len(pending_targets)} of them pending; "
                f"{len(indicators) - len(targeted)} monitoring indicators (no target)",
            ),
            (
                "Values still pending",
                f"{len(fw.pending())}: see {ref(self.sections['pending'], 'Pending values')}",
            ),
            ("Status method", display.method(fw.status_method)),
        ]
        body = table(("", ""), rows)
        if fw.description:
            body = f"{text(fw.description)}\n\n{body}"
        return f"## At a glance\n\n{body}"

    def hierarchy(self) -> str:
        lines: list[str] = []
        for root in self.fw.roots():
            lines.extend(self._tree(root, 0))
        intro = (
            "Each result contributes to the one above it (links go child → parent). "
            "Statements are cut here; the full text is under {results}."
        ).format(results=ref(self.sections["results"], "Results"))
        return "## Hierarchy\n\n" + intro + "\n\n" + "\n".join(lines)

    def _tree(self, result_id: str, depth: int) -> Iterator[str]:
        result = self.fw.results[result_id]
        statement = " ".join(result.statement.split())
        if len(statement) > _SHORT:
            statement = statement[:_SHORT].rsplit(" ", 1)[0] + " …"
        count = len(result.indicators)
        indicators = f" · {count} indicator{'s' if count != 1 else ''}" if count else ""
        yield (
            f"{'  ' * depth}- {self.result_ref(result_id)} "
            f"({text(self.fw.levels.label(result.level))}{indicators}): {text(statement)}"
        )
        for child in self.children(result_id):
            yield from self._tree(child, depth + 1)

    def results(self) -> str:
        sections = [f"{self.sections.target('results')}\n## Results"]
        sections.extend(self._result(result) for result in self.fw)
        return "\n\n".join(sections)

    def _result(self, result: Result) -> str:
        fw = self.fw
        heading = (
            f"{self.result_labels.target(result.id)}\n"
            f"### {text(result.id)} · {text(fw.levels.label(result.level))}"
        )
        facts: list[str] = []
        parents = [
            link for link in fw.links if link.child == result.id and link.parent in fw.results
        ]
        if parents:
            facts.append(
                "Contributes to: "
                + ", ".join(self.result_ref(link.parent) + _weight(link.weight) for link in parents)
            )
        children = self.children(result.id)
        if children:
            facts.append("Contributions from: " + ", ".join(map(self.result_ref, children)))
        if result.themes:
            facts.append(
                "Themes: " + ", ".join(text(self.themes_by_id.get(t, t)) for t in result.themes)
            )
        if result.definitions:
            facts.append("Definitions: " + ", ".join(map(self.definition_ref, result.definitions)))
        if result.description:
            facts.append(f"Description: {text(result.description)}")
        default_aggregation = attrs.fields(Result).aggregation.default
        if result.aggregation != default_aggregation:
            facts.append(f"Aggregation: {code(result.aggregation.value)}")
        facts.extend(_comment(c) for c in result.comments)
        facts.extend(_reference(r) for r in result.references)
        parts = [heading, "> " + text(result.statement)]
        if facts:
            parts.append("\n".join(f"- {fact}" for fact in facts))
        if result.indicators:
            parts.extend(self._indicator(indicator) for indicator in result.indicators)
        else:
            parts.append("No indicator of its own.")
        return "\n\n".join(parts)

    def _indicator(self, indicator: Indicator) -> str:
        head = (
            f"{self.indicator_labels.target(indicator.id)}\n"
            f"**Indicator {code(indicator.id)}**: {text(indicator.name)}"
        )
        facts = [f"Measures: {display.measure(indicator)}"]
        if indicator.measure.value != "qualitative":
            facts[0] += f"; {display.direction(indicator)}"
        if indicator.target is None:
            facts.append("Target: none (a monitoring indicator)")
        for n, target in enumerate(indicator.targets, start=1):
            label = (
                "Target"
                if len(indicator.targets) == 1
                else f"Target {n} of {len(indicator.targets)}"
            )
            due = f", due {target.due.isoformat()}" if target.due else ""
            facts.append(f"{label}: {display.value(target.value, target.text)}{due}")
        for baseline in indicator.baselines:
            period = f" ({text(str(baseline.period))})" if baseline.period else ""
            facts.append(f"Baseline: {display.value(baseline.value, baseline.text)}{period}")
        if not indicator.baselines and indicator.targets:
            facts.append("Baseline: none declared")
        for parameter in indicator.parameters:
            facts.append(
                f"Parameter {code(parameter.id)} ({text(parameter.name)}): "
                f"{display.value(parameter.value)}"
            )
        pending = [item.key for item in self.fw.pending() if item.indicator == indicator.id]
        if pending:
            facts.append(
                "Fill with the key"
                + ("s " if len(pending) > 1 else " ")
                + ", ".join(map(code, pending))
            )
        if indicator.derivation is not None:
            facts.append(f"Derived: {display.method(indicator.derivation)}")
        if indicator.status_method is not None:
            facts.append(f"Status method: {display.method(indicator.status_method)}")
        if indicator.weight != 1:
            facts.append(f"Weight in its result's progress: {display.number(indicator.weight)}")
        if indicator.description:
            facts.append(f"Description: {text(indicator.description)}")
        if indicator.definitions:
            facts.append(
                "Definitions: " + ", ".join(map(self.definition_ref, indicator.definitions))
            )
        if indicator.source:
            facts.append(f"Data source: {text(indicator.source)}")
        if indicator.verification:
            facts.append(f"Means of verification: {text(indicator.verification)}")
        facts.extend(_comment(c) for c in indicator.comments)
        facts.extend(_reference(r) for r in indicator.references)
        return head + "\n\n" + "\n".join(f"- {fact}" for fact in facts)

    def indicator_table(self) -> str:
        rows = []
        for result in self.fw:
            for indicator in result.indicators:
                target = indicator.target
                if target is None:
                    shown = "none (monitoring)"
                else:
                    shown = display.value(target.value, target.text)
                rows.append(
                    (
                        self.indicator_ref(indicator.id),
                        self.result_ref(result.id),
                        display.measure(indicator),
                        shown,
                    )
                )
        return "## Indicators and targets\n\n" + table(
            ("Indicator", "Result", "Measures", "Final target"), rows
        )

    def pending(self) -> str:
        items = self.fw.pending()
        if not items:
            body = "Nothing is pending: every baseline, target and parameter has a value."
        else:
            body = (
                f"{len(items)} values are not known yet. Each keeps the text that stood for it. "
                "The key is what {fill} takes to fill it in.\n\n"
            ).format(fill=code("Framework.fill()")) + table(
                ("Key", "Indicator", "What", "Text", "Unit", "Due"),
                (
                    (
                        code(item.key),
                        self.indicator_ref(item.indicator),
                        text(item.field),
                        code(item.text),
                        text(display.unit_name(item.unit)) if item.unit is not None else "",
                        item.due.isoformat() if item.due else "",
                    )
                    for item in items
                ),
            )
        return f"{self.sections.target('pending')}\n## Pending values\n\n{body}"

    def themes(self) -> str:
        if not self.fw.themes:
            return ""
        rows = []
        for theme in self.fw.themes:
            members = [r.id for r in self.fw if theme.id in r.themes]
            rows.append(
                (code(theme.id), text(theme.name), ", ".join(map(self.result_ref, members)))
            )
        return "## Themes\n\n" + table(("Id", "Theme", "Results"), rows)

    def definitions(self) -> str:
        if not self.fw.definitions:
            return ""
        users: dict[str, list[str]] = {}
        for result in self.fw:
            for d in result.definitions:
                users.setdefault(d, []).append(self.result_ref(result.id))
            for indicator in result.indicators:
                for d in indicator.definitions:
                    users.setdefault(d, []).append(self.indicator_ref(indicator.id))
        entries = []
        for definition in self.fw.definitions:
            term = text(definition.term) if definition.term else code(definition.id)
            explains = users.get(definition.id, [])
            used = f" Explains: {', '.join(explains)}." if explains else ""
            entries.append(
                f"{self.definition_labels.target(definition.id)}\n"
                f"**{term}** ({code(definition.id)}): {text(definition.text)}{used}"
            )
        return "## Definitions\n\n" + "\n\n".join(entries)

    def aims(self) -> str:
        if not self.fw.aims:
            return ""
        return "## Aims\n\n" + "\n".join(
            f"{n}. {text(aim)}" for n, aim in enumerate(self.fw.aims, start=1)
        )

    def references(self) -> str:
        if not self.fw.references:
            return ""
        return "## References\n\n" + "\n".join(
            f"{n}. {_reference_body(r)}" for n, r in enumerate(self.fw.references, start=1)
        )

    def partners(self) -> str:
        fw = self.fw
        if not fw.partners:
            return ""
        rows = []
        for partner in fw.partners:
            runs = [
                f"{text(i.name)} ({code(i.id)}"
                + (f", {text(i.period.text)}" if i.period is not None else "")
                + ") → "
                + (", ".join(self.node_ref(node) for node in i.contributes_to) or "—")
                for i in fw.initiatives_of(partner.id)
            ]
            rows.append(
                (
                    code(partner.id),
                    text(partner.name),
                    text(partner.kind.value.replace("_", " ")),
                    "; ".join(runs) or "—",
                )
            )
        return "## Partners\n\n" + table(
            ("Id", "Partner", "Kind", "Initiatives → contributes to"), rows
        )

    def node_ref(self, node_id: str) -> str:
        if node_id in self.fw.results:
            return self.result_ref(node_id)
        return self.indicator_ref(node_id)

    def history(self) -> str:
        if not self.fw.history:
            return ""
        return "## History\n\n" + table(
            ("When", "Step"),
            ((text(str(event.period)), text(event.text)) for event in self.fw.history),
        )

    def notes(self) -> str:
        notes = [text(note) for note in self.fw.notes]
        notes.extend(_comment(c) for c in self.fw.comments)
        if not notes:
            return ""
        return "## Notes\n\n" + "\n".join(f"- {note}" for note in notes)


def _day(day: date | None) -> str:
    return day.isoformat() if day is not None else "open"


def _weight(weight: float) -> str:
    return "" if weight == 1 else f" (weight {display.number(weight)})"


def _comment(comment: Comment) -> str:
    author = f" — {text(comment.author)}" if comment.author else ""
    when = f", {comment.date.isoformat()}" if comment.date else ""
    return f"Comment: “{text(comment.text)}”{author}{when}"


def _reference_body(reference: Reference) -> str:
    parts = []
    if reference.title:
        parts.append(f"**{text(reference.title)}**")
    if reference.organisation:
        parts.append(text(reference.organisation))
    if reference.vocabulary or reference.code:
        parts.append(
            f"code {code(reference.code or '')} in vocabulary {code(reference.vocabulary or '?')}"
        )
    body = ". ".join(parts)
    if reference.summary:
        body += f". {text(reference.summary)}"
    if reference.uri:
        # An autolink when it is a plain web address; otherwise the text as it is.
        uri = reference.uri
        body += f" <{uri}>" if _URI.fullmatch(uri) else f" {text(uri)}"
    if reference.id:
        body += f" ({code(reference.id)})"
    return body


def _reference(reference: Reference) -> str:
    return f"Reference: {_reference_body(reference)}"
