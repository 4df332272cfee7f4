"""Diagrams as text: Mermaid and Graphviz DOT, and ``resultsframe export --to``.

DOT is read back by pydot's parser (a DOT grammar written by others, so a shared misreading of
the syntax cannot hide here); Mermaid has no parser outside a browser, so every line of it must
match the few forms the writer is allowed to produce, and every label must decode to its text.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pydot
import pytest

import resultsframe
from resultsframe import Framework, Indicator, Result, Target, UnknownIdError
from resultsframe.cli import main
from resultsframe.diagram import STATEMENT_WIDTH, to_dot, to_mermaid
from resultsframe.display import STATUS_COLOURS
from resultsframe.model import Baseline, Link
from resultsframe.progress import ProgressReport, Status

# Everything that could end a label or start a statement, within a label's width.
EVIL = 'x"]-->y["p"]\nclick r0\n%%{init:{}}%%\\" <s>&#35;`m`|{c}[s];\u2028e'
EVIL_ID = '<b>"]&\\x|{}'


@pytest.fixture(scope="module")
def cop() -> Framework:
    return resultsframe.examples.load("cop")


@pytest.fixture(scope="module")
def report(cop: Framework) -> ProgressReport:
    return resultsframe.assess(cop, resultsframe.examples.observations("cop"), as_of="2020-12-31")


def hostile() -> Framework:
    return Framework(
        'evil"]{}\\',
        f"Title {EVIL}",
        (
            Result(EVIL_ID, "impact", EVIL),
            Result(
                "end",  # a word Mermaid reserves
                "outcome",
                EVIL,
                indicators=(
                    Indicator(
                        "i",
                        "I",
                        unit="case",
                        baselines=(Baseline(0),),
                        targets=(Target(10, due="2020-12-31"),),
                    ),
                ),
            ),
            Result("o", "outcome", "Plain"),
        ),
        links=(Link("end", EVIL_ID, weight=0.25), Link("o", EVIL_ID)),
        start="2015-01-01",
    )


def shown(text: str) -> str:
    """A statement as a label shows it: whitespace collapsed, cut to the width."""
    assert len(EVIL) < STATEMENT_WIDTH  # shown whole: every character is checked
    text = " ".join(text.replace("\u2028", " ").split())
    return text if len(text) <= STATEMENT_WIDTH else text[: STATEMENT_WIDTH - 1].rstrip() + "…"


# --- Mermaid --------------------------------------------------------------------------------

_LABEL = r'"((?:[^"<>&#\n\[\]{}|`\\;]|#\d+;|<br/>)*)"'
_MERMAID_LINES = {
    "comment": re.compile(r"%% resultsframe: framework (?:[^\n\"<>\[\]{}]|#\d+;)*"),
    "header": re.compile(r"flowchart BT"),
    "node": re.compile(r"    (r\d+)\[" + _LABEL + r"\]"),
    "edge": re.compile(r'    (r\d+) -->(?:\|"([\d.e+-]+)"\|)? (r\d+)'),
    "classDef": re.compile(
        r"    classDef (\w+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6},"
        r"(?:color:#[0-9a-f]{6}|stroke-dasharray:4 3)"
    ),
    "class": re.compile(r"    class (r\d+(?:,r\d+)*) (\w+)"),
}


def mermaid_lines(text: str) -> dict[str, list[re.Match[str]]]:
    """Every line, by the one form it matches; a line of no form fails the test."""
    assert text.endswith("\n")
    found: dict[str, list[re.Match[str]]] = {kind: [] for kind in _MERMAID_LINES}
    for line in text[:-1].split("\n"):
        kinds = [(k, m) for k, p in _MERMAID_LINES.items() if (m := p.fullmatch(line))]
        assert len(kinds) == 1, f"not a line the writer may produce: {line!r}"
        found[kinds[0][0]].append(kinds[0][1])
    return found


def decode(label: str) -> list[str]:
    """What Mermaid shows: entity codes decoded, ``<br/>`` a line break."""
    return [re.sub(r"#(\d+);", lambda m: chr(int(m[1])), part) for part in label.split("<br/>")]


def test_mermaid_has_one_node_per_result_and_one_edge_per_link(cop: Framework) -> None:
    text = to_mermaid(cop)
    lines = mermaid_lines(text)
    assert len(lines["header"]) == 1
    nodes = {m[1]: decode(m[2]) for m in lines["node"]}
    assert len(nodes) == len(lines["node"]) == len(cop) == 28
    labels = {label[0].split(" · ")[0]: (name, label) for name, label in nodes.items()}
    assert list(labels) == list(cop.results)
    for result in cop:
        _name, label = labels[result.id]
        assert label == [f"{result.id} · {result.level}", shown(result.statement)]
    edges = [(m[1], m[3]) for m in lines["edge"]]
    assert len(edges) == len(cop.links) == 27
    expected = {(labels[link.child][0], labels[link.parent][0]) for link in cop.links}
    assert set(edges) == expected
    assert lines["classDef"] == []
    assert lines["class"] == []


def test_mermaid_coloured_by_status(cop: Framework, report: ProgressReport) -> None:
    lines = mermaid_lines(to_mermaid(cop, report))
    names = {decode(m[2])[0].split(" · ")[0]: m[1] for m in lines["node"]}
    classes: dict[str, str] = {}
    for m in lines["class"]:
        for node in m[1].split(","):
            assert node not in classes, f"{node} is in two classes"
            classes[node] = m[2]
    assert set(classes) == set(names.values())  # every node is coloured
    assert classes[names["impact"]] == "off_track"
    assert classes[names["T1"]] == "achieved"
    assert classes[names["O3"]] == "not_assessable"
    assert classes[names["P1.1"]] == "untargeted"
    defined = {m[1]: m[0] for m in lines["classDef"]}
    assert set(defined) == set(classes.values())
    assert f"fill:{STATUS_COLOURS[Status.ACHIEVED]}" in defined["achieved"]
    impact = decode(next(m[2] for m in lines["node"] if m[1] == names["impact"]))
    assert impact[2] == "off track · 50 % · coverage 33 %"


def test_mermaid_weights_label_edges_other_than_1() -> None:
    fw = hostile()
    lines = mermaid_lines(to_mermaid(fw))
    assert [(m[1], m[2], m[3]) for m in lines["edge"]] == [("r1", "0.25", "r0"), ("r2", None, "r0")]


def test_untrusted_text_cannot_leave_a_mermaid_label() -> None:
    fw = hostile()
    report = resultsframe.assess(fw, None, as_of="2020-12-31")
    for text in (to_mermaid(fw), to_mermaid(fw, report)):
        lines = mermaid_lines(text)  # nothing but our own forms: no click, no directive
        assert len(lines["node"]) == 3
        assert len(lines["edge"]) == 2
        labels = [decode(m[2]) for m in lines["node"]]
        assert labels[0][:2] == [f"{EVIL_ID} · impact", shown(EVIL)]
        assert labels[1][:2] == ["end · outcome", shown(EVIL)]
        assert "#38;#35;35#59;" in text  # "&#35;" in a statement stays text
    assert lines["comment"][0][0] == "%% resultsframe: framework evil#34;#93;#123;#125;#92;"
    assert decode(next(m[2] for m in lines["node"] if m[1] == "r1"))[2] == (
        "not assessable · — · coverage 0 %"  # its indicator has no value
    )


# --- DOT ------------------------------------------------------------------------------------


def unquote(text: object, *, label: bool = False) -> str:
    """A DOT quoted string's value; a label's escapes too (``\\n`` a line break)."""
    assert isinstance(text, str), text
    assert text.startswith('"'), text
    assert text.endswith('"'), text
    body = text[1:-1]
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            pair = body[i : i + 2]
            if pair == '\\"':
                out.append('"')
            elif label and pair == "\\\\":
                out.append("\\")
            elif label and pair == "\\n":
                out.append("\n")
            else:
                out.append(pair)
            i += 2
        else:
            assert body[i] != '"', f"an unescaped quote in {text!r}"
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_dot(text: str) -> pydot.Dot:
    with warnings.catch_warnings():
        # pydot 4.0 calls pyparsing by its camelCase names, which pyparsing 3.3 deprecates:
        # theirs to fix, not a problem of the DOT.
        warnings.simplefilter("ignore", DeprecationWarning)
        graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None, "pydot could not parse the DOT"
    assert len(graphs) == 1
    return graphs[0]


def dot_nodes(graph: pydot.Dot) -> list[pydot.Node]:
    # pydot lists the `node [...]`, `edge [...]` and `graph [...]` defaults as nodes too.
    return [n for n in graph.get_nodes() if n.get_name() not in ("node", "edge", "graph")]


def test_dot_parses_with_one_node_per_result_and_one_edge_per_link(cop: Framework) -> None:
    graph = parse_dot(to_dot(cop))
    assert graph.get_type() == "digraph"
    assert unquote(graph.get_name()) == "cop-2015"
    nodes = dot_nodes(graph)
    assert [unquote(n.get_name()) for n in nodes] == list(cop.results)
    for node in nodes:
        result = cop.results[unquote(node.get_name())]
        assert unquote(node.get("label"), label=True).split("\n") == [
            f"{result.id} · {result.level}",
            shown(result.statement),
        ]
        assert unquote(node.get("tooltip"), label=True) == " ".join(result.statement.split())
    edges = [(unquote(e.get_source()), unquote(e.get_destination())) for e in graph.get_edges()]
    assert edges == [(link.child, link.parent) for link in cop.links]
    assert all(e.get("label") is None for e in graph.get_edges())  # COP's weights are all 1


def test_dot_coloured_by_status(cop: Framework, report: ProgressReport) -> None:
    graph = parse_dot(to_dot(cop, report))
    nodes = {unquote(n.get_name()): n for n in dot_nodes(graph)}
    assert unquote(nodes["impact"].get("fillcolor")) == STATUS_COLOURS[Status.OFF_TRACK]
    assert unquote(nodes["T1"].get("fillcolor")) == STATUS_COLOURS[Status.ACHIEVED]
    assert unquote(nodes["O3"].get("fillcolor")) == STATUS_COLOURS[Status.NOT_ASSESSABLE]
    assert nodes["P1.1"].get("fillcolor") is None
    assert unquote(nodes["P1.1"].get("style")) == "rounded,dashed"
    assert unquote(nodes["impact"].get("label"), label=True).split("\n")[2] == (
        "off track · 50 % · coverage 33 %"
    )
    assert unquote(nodes["P1.1"].get("label"), label=True).endswith("\nnothing targeted")
    title = unquote(graph.get_graph_defaults()[0]["label"], label=True)
    assert title.endswith("· progress as of 2020-12-31")


def test_untrusted_text_cannot_leave_a_dot_string() -> None:
    fw = hostile()
    report = resultsframe.assess(fw, None, as_of="2020-12-31")
    for text in (to_dot(fw), to_dot(fw, report)):
        # Strictly: each line is a statement of the forms written, with quoted strings only.
        string = r'"(?:[^"\\\n]|\\.)*"'
        value = rf"(?:{string}|[\w.]+)"
        attributes = rf"\[\w+={value}(?:, \w+={value})*\]"
        forms = [
            rf"digraph {string} \{{",
            rf"    (?:graph|node|edge) {attributes};",
            rf"    {string} {attributes};",
            rf"    {string} -> {string}(?: {attributes})?;",
            r"\}",
        ]
        for line in text[:-1].split("\n"):
            assert any(re.fullmatch(form, line) for form in forms), line
        graph = parse_dot(text)
        nodes = dot_nodes(graph)
        assert len(nodes) == 3
        assert len(graph.get_edges()) == 2
        # DOT keeps "\\" in a name as it is, so a backslash in an id is doubled there.
        assert [unquote(n.get_name()) for n in nodes] == [
            EVIL_ID.replace("\\", "\\\\"),
            "end",
            "o",
        ]
        labels = [unquote(n.get("label"), label=True).split("\n") for n in nodes]
        assert labels[0][:2] == [f"{EVIL_ID} · impact", shown(EVIL)]
        assert unquote(nodes[0].get("tooltip"), label=True) == shown(EVIL)
        weights = [e.get("label") for e in graph.get_edges()]
        assert weights == ['"0.25"', None]
        assert unquote(graph.get_name()) == 'evil"]{}\\\\'


def test_a_report_of_another_framework_is_refused(cop: Framework, report: ProgressReport) -> None:
    other = hostile()
    with pytest.raises(UnknownIdError, match="report is of another framework"):
        to_dot(other, report)
    with pytest.raises(UnknownIdError, match="report is of another framework"):
        to_mermaid(other, report)
    # An equal framework (the same document loaded twice) is the same framework.
    again = resultsframe.loads(resultsframe.dumps(cop))
    assert to_dot(again, report) == to_dot(cop, report)


# --- the command line -----------------------------------------------------------------------


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(args)
    except SystemExit as exc:  # argparse refuses a command line by exiting
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    return code, out, err


def test_export_to_mermaid_and_dot(
    cop: Framework, report: ProgressReport, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", "--to", "mermaid"], capsys) == (0, to_mermaid(cop), "")
    assert run(["export", "cop", "--to", "dot"], capsys) == (0, to_dot(cop), "")
    # --as-of colours the diagram, with the example's own observations.
    assert run(["export", "--to", "dot", "--as-of", "2020"], capsys) == (
        0,
        to_dot(cop, report),
        "",
    )


def test_export_with_data_colours_the_diagram(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fw = hostile()
    doc = tmp_path / "evil.json"
    doc.write_text(resultsframe.dumps(fw), encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("indicator,period,value\ni,2020,5\n", encoding="utf-8")
    code, out, err = run(
        [
            "export",
            str(doc),
            "--to",
            "mermaid",
            "--data",
            str(data),
            "--as-of",
            "2020-12-31",
            "-o",
            str(tmp_path / "d.mmd"),
        ],
        capsys,
    )
    assert (code, out, err) == (0, "", "")
    obs = resultsframe.Observations.from_csv(data, fw)
    expected = to_mermaid(fw, resultsframe.assess(fw, obs, as_of="2020-12-31"))
    assert (tmp_path / "d.mmd").read_text(encoding="utf-8") == expected
    assert "on_track" in expected or "at_risk" in expected or "off_track" in expected


def test_export_json_is_unchanged(cop: Framework, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["export"], capsys)
    assert (code, out) == (0, resultsframe.dumps(cop))
    assert run(["export", "--to", "json"], capsys)[:2] == (0, out)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--as-of", "2020"], "--data and --as-of colour a diagram"),
        (["export", "--to", "json", "--data", "x.csv"], "--data and --as-of colour a diagram"),
        (["export", "--to", "dot", "--as-of", "2015..2016"], "a diagram shows one date, got 2"),
        (["export", "--to", "png"], "invalid choice: 'png'"),
    ],
)
def test_export_refuses_what_it_cannot_do(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_the_module_examples_run() -> None:
    import doctest

    from resultsframe import diagram

    result = doctest.testmod(diagram, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
