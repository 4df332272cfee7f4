"""Fuzzing ``build``, the table readers and the observations' JSON reader: nothing but a
ResultsframeError ever escapes.

Hypothesis takes valid inputs and mutates them. For :func:`resultsframe.build`: a hand-written
spec that uses the shorthand (units, shares, pending values, changes from the baseline,
periods, contributions, parameters, comments) and the built-in example and the showcase as
:func:`resultsframe.document.to_dict` writes them, each with one to four structural mutations
(keys dropped, added or renamed, values replaced by JSON of another kind — huge and non-finite
numbers, deep nesting, odd texts — swapped, inserted, duplicated; the mutator of
``test_document_fuzz``). For :func:`resultsframe.table.read`: CSV texts that
:func:`resultsframe.table.write` wrote for the showcase and the built-in example, with cells
replaced by odd values ("(", "1/0", "NaN", "1e400", 2**60 …), rows cut short, dropped or
duplicated, line ends changed to a bare CR, and the text truncated, spliced or with a byte
changed. For :meth:`Observations.from_json <resultsframe.observations.Observations.from_json>`:
the built-in example's observations as JSON records, mutated like the specs (huge numbers,
integers over float range, NaN, deep nesting) or as text. For an Excel table: the showcase's
workbook with cell values, cell names (``ZZZZZ2``) or the sheet's dimension
(``A1:XFD1048576``) changed, or its XML cut. ``benchmarks/fuzz_loaders.py`` runs ten thousand
cases of each loader (and of the document and IATI readers) and prints the counts.

Whatever comes out, the loader either returns a framework or refuses with a
``ResultsframeError`` whose message says what is wrong; any other exception fails the test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import warnings
import zipfile
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsframe import ResultsframeError, build, examples, iati, table
from resultsframe import document as doc
from resultsframe.observations import Observations
from strategies import showcase
from test_document_fuzz import _mutated_text, _mutated_tree, _paths

Path_ = tuple[str | int, ...]

# A spec of the builder's own shorthand: what people write in a notebook.
_SPEC: dict[str, Any] = {
    "id": "demo",
    "title": "Children are safe online",
    "start": "2019-01-01",
    "end": "2025-12-31",
    "levels": "impact > outcome > output",
    "units": {"ward": "wards"},
    "results": {
        "goal": {
            "level": "impact",
            "statement": "Children are safe online",
            "indicators": {
                "goal.a": {
                    "name": "countries with legislation",
                    "unit": "% of countries",
                    "baseline": "40 % in 2019",
                    "targets": ["60 % by 2022", "80 % by 2025-12-31"],
                    "weight": 2,
                    "comments": ["from the 2019 survey"],
                },
                "goal.b": {
                    "name": "cases",
                    "unit": "cases",
                    "baseline": 120,
                    "target": "baseline + 30",
                    "direction": "increase",
                    "parameters": {"p": "12 cases"},
                },
            },
        },
        "o1": {
            "level": "outcome",
            "statement": "Laws are in place",
            "contributes_to": ["goal"],
            "indicators": {
                "o1.a": {"name": "wards reached", "unit": "wards", "target": "XX wards"},
                "o1.b": {"name": "rate", "unit": "per 1000 person", "target": "5 by 2024"},
            },
        },
        "op1": {"level": "output", "statement": "Drafts", "contributes_to": "o1"},
    },
}


@cache
def _specs() -> tuple[tuple[str, tuple[Path_, ...]], ...]:
    """The specs to start from as JSON texts, with their places."""
    texts = [json.dumps(_SPEC)]
    for framework in (examples.load(examples.names()[0]), showcase()):
        texts.append(json.dumps(json.loads(doc.dumps(framework))["framework"]))
    assert build(_SPEC).id == "demo"  # the hand-written spec is valid
    return tuple((text, tuple(_paths(json.loads(text)))) for text in texts)


def _refused(error: ResultsframeError) -> None:
    if not str(error).strip():
        raise AssertionError("a refusal must say what is wrong") from error


@st.composite
def _mutated_specs(draw: st.DrawFn) -> Any:
    # The hand-written spec three times in four: most of its mutants still mostly build.
    text, paths = draw(st.sampled_from(_specs()[:1] * 6 + _specs()[1:]))
    return draw(_mutated_tree(json.loads(text), paths))


@settings(max_examples=1000)
@given(_mutated_specs())
def test_nothing_but_a_resultsframe_error_escapes_build(spec: Any) -> None:
    try:
        build(spec)
    except ResultsframeError as error:
        _refused(error)


# --- the CSV table ------------------------------------------------------------------------------

_CELLS = ("", " ", "(", ")", "1/0", "**", "a/", "1e400", "-1e400", "NaN", "nan", "inf", "XX%",
          "TBD", str(2**60), "9" * 400, "1e300", "0", "-1", "80 %", "12 cases", "case**9**9**9",
          "per 0 person", "per 1000", "baseline + 3", "×1.3", "2025-13-45", "FY2020", "by 2025",
          "impact", "outcome", "output", "goal", "O1 (weight 1e300)", "O1 (weight 0)", "=1+1",
          "'=x", "\r", "\n", "\x00", '"', "\ud800", "a" * 300, "share", "count", "decrease")  # fmt: skip
_JUNK = ("\r", "\n", "\r\n", ",", ";", '"', "\x00", "\ufeff", ",,,,,,", "(", "1/0", "NaN")


@cache
def _tables() -> tuple[tuple[str, str], ...]:
    """The CSV texts table.write writes for the showcase and the built-in example, with ids."""
    out = []
    with tempfile.TemporaryDirectory() as folder:
        for framework in (showcase(), examples.load(examples.names()[0])):
            path = Path(folder, "logframe.csv")
            table.write(framework, path)
            out.append((path.read_text(encoding="utf-8-sig"), framework.id))
    return tuple(out)


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="rf-fuzz-"))


@st.composite
def _mutated_csv(draw: st.DrawFn) -> tuple[str | bytes, str]:
    # The showcase (1 KB) seven times in eight: the example (10 KB) takes twice as long to read.
    text, framework_id = draw(st.sampled_from(_tables()[:1] * 7 + _tables()[1:]))
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(
            st.sampled_from(["cell", "cell", "cell", "short", "drop", "duplicate", "widen"])
        )
        n = draw(st.integers(0, len(rows) - 1)) if rows else 0
        if not rows:
            break
        row = rows[n]
        if operation == "cell" and row:
            row[draw(st.integers(0, len(row) - 1))] = draw(
                st.sampled_from(_CELLS) | st.text(max_size=6)
            )
        elif operation == "short":
            rows[n] = row[: draw(st.integers(0, len(row)))]
        elif operation == "drop":
            del rows[n]
        elif operation == "duplicate":
            rows.insert(n, list(row))
        elif operation == "widen":
            row.append(draw(st.sampled_from(_CELLS)))
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"]))).writerows(rows)
    mutated = out.getvalue()
    operation = draw(st.sampled_from(["none", "none", "truncate", "delete", "insert", "byte"]))
    at = draw(st.integers(0, len(mutated)))
    if operation == "truncate":
        return mutated[:at], framework_id
    if operation == "delete":
        return mutated[:at] + mutated[at + draw(st.integers(1, 50)) :], framework_id
    if operation == "insert":
        return mutated[:at] + draw(st.sampled_from(_JUNK)) + mutated[at:], framework_id
    if operation == "byte":
        data = bytearray(mutated.encode("utf-8", "surrogatepass"))
        if data:
            data[at % len(data)] = draw(st.integers(0, 255))
        return bytes(data), framework_id
    return mutated, framework_id


@settings(max_examples=1000)
@given(_mutated_csv())
def test_nothing_but_a_resultsframe_error_escapes_reading_a_csv_table(
    payload: tuple[str | bytes, str],
) -> None:
    text, framework_id = payload
    path = _folder() / "logframe.csv"
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    try:
        table.read(path, id=framework_id, title="Fuzzed")
    except ResultsframeError as error:
        _refused(error)


# --- observations as JSON -----------------------------------------------------------------------


@cache
def _observation_records() -> tuple[str, tuple[Path_, ...]]:
    """The built-in example's first 40 observations as a JSON array, values as numbers."""
    text = files("resultsframe.examples").joinpath("cop-observations.csv").read_text("utf-8")
    records: list[dict[str, Any]] = []
    for row in list(csv.DictReader(io.StringIO(text, newline="")))[:40]:
        record: dict[str, Any] = {k: v for k, v in row.items() if v}
        if "value" in record:
            number = float(record["value"])
            record["value"] = int(number) if number.is_integer() else number
        records.append(record)
    dumped = json.dumps(records, ensure_ascii=False)
    # The records as they are are valid observations of the example.
    Observations.from_json(dumped, examples.load("cop"))
    return dumped, tuple(_paths(records))


@st.composite
def _mutated_observations(draw: st.DrawFn) -> str | bytes:
    # Records with keys dropped, added or renamed and values replaced by huge numbers
    # (10**400, 2**60, 1e308), NaN and ±Infinity, lists nested hundreds deep or odd texts;
    # one in four with the text itself cut, spliced or a byte changed.
    text, paths = _observation_records()
    if draw(st.integers(0, 3)) == 0:
        return draw(_mutated_text(text))
    tree = draw(_mutated_tree(json.loads(text), paths))
    return json.dumps(tree, ensure_ascii=draw(st.booleans()))


@settings(max_examples=1000)
@given(_mutated_observations())
def test_nothing_but_a_resultsframe_error_escapes_reading_observations_as_json(
    text: str | bytes,
) -> None:
    path = _folder() / "observations.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        Observations.from_json(path, examples.load("cop"))
    except ResultsframeError as error:
        _refused(error)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested"),
        ('[{"indicator": "T1.a", "period": "2019", "value": 1' + "0" * 400 + "}]", "value"),
        ('[{"indicator": "T1.a", "period": "2019", "value": 1e400}]', "value"),
        ('[{"indicator": "T1.a", "period": "2019", "value": NaN}]', "cannot read nan as a number"),
    ],
    ids=["100,000 deep", "an integer of 401 digits", "1e400", "NaN"],
)
def test_observations_json_that_no_reader_could_hold_is_refused(text: str, says: str) -> None:
    with pytest.raises(ResultsframeError, match=says):
        Observations.from_json(text, examples.load("cop"))


# --- the Excel table ----------------------------------------------------------------------------

_CELL_RE = re.compile(r"<v>[^<]*</v>|<t>[^<]*</t>")
_NAME_RE = re.compile(r' r="[A-Z]+\d+"')


@cache
def _workbook() -> tuple[tuple[str, bytes], ...]:
    """The members of the showcase's workbook as table.write writes it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "logframe.xlsx")
        table.write(showcase(), path)
        with zipfile.ZipFile(path) as archive:
            return tuple((i.filename, archive.read(i.filename)) for i in archive.infolist())


@st.composite
def _mutated_sheet(draw: st.DrawFn, text: str) -> str:
    """The sheet's XML with cell values, cell names or its dimension changed, or cut."""
    for _ in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(["value", "value", "name", "dimension", "text"]))
        pattern = _CELL_RE if operation == "value" else _NAME_RE
        spots = list(pattern.finditer(text))
        if operation in ("value", "name") and spots:
            spot = spots[draw(st.integers(0, len(spots) - 1))]
            if operation == "value":
                tag = spot.group()[:3]
                raw = draw(st.sampled_from((*_CELLS, "NaN", "inf", "abc", "1e999", "-")))
                new = f"{tag}{escape(raw)}</{tag[1]}>"
            else:
                new = f' r="{draw(st.sampled_from(["ZZZZZ2", "XFD1048576", "A0", "1A", "B"]))}"'
            text = text[: spot.start()] + new + text[spot.end() :]
        elif operation == "dimension":
            ref = draw(st.sampled_from(["A1:XFD1048576", "A1:ZZZ2", "A1", "", "Z9:A1", "A1:AAAA9"]))
            text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', text)
        elif operation == "text":
            mutated = draw(_mutated_text(text))
            text = mutated.decode("utf-8", "replace") if isinstance(mutated, bytes) else mutated
    return text


@st.composite
def _mutated_workbook(draw: st.DrawFn) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in _workbook():
            # The matrix (sheet1) nearly always, the framework sheet (sheet2) sometimes.
            chance = {"xl/worksheets/sheet1.xml": 9, "xl/worksheets/sheet2.xml": 2}.get(name, 0)
            if draw(st.integers(0, 9)) < chance:
                text = draw(_mutated_sheet(data.decode()))
                data = text.encode("utf-8", "surrogatepass")  # noqa: PLW2901
            archive.writestr(name, data)
    return out.getvalue()


@settings(max_examples=1000)
@given(_mutated_workbook())
def test_nothing_but_a_resultsframe_error_escapes_reading_an_excel_table(data: bytes) -> None:
    pytest.importorskip("openpyxl")
    path = _folder() / "logframe.xlsx"
    path.write_bytes(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's warnings on what it cannot read
            table.read(path, id="showcase", title="Fuzzed")
    except ResultsframeError as error:
        _refused(error)


def test_an_iati_value_of_400_digits_is_read_as_no_number() -> None:
    # Found by benchmarks/fuzz_loaders.py: an integer too large for a float raised
    # OverflowError. Like any value over 2**53, it is not read as a number (and its text kept).
    text = (
        Path(__file__).parent / "data/iati/undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
    ).read_text("utf-8")
    changed, n = re.subn(r'(<target value=")[^"]*"', r"\g<1>" + "9" * 400 + '"', text, count=1)
    assert n == 1
    framework = iati.read(changed.encode())[0]
    # The period's target keeps its text (and its dimension and location), with no value.
    written = json.loads(doc.dumps(framework))["framework"]
    target = written["results"][0]["indicators"][0]["periods"][0]["targets"][0]
    assert target["text"] == "9" * 400
    assert "value" not in target


@pytest.mark.parametrize("version", ["9" * 5000 + ".0", "1." + "9" * 5000, "1.1234567890"])
def test_a_document_version_of_thousands_of_digits_is_refused(version: str) -> None:
    # Found by benchmarks/fuzz_loaders.py: int() refuses over 4,300 digits with a ValueError.
    # A part of a version has at most nine digits (the schema says so too).
    text = json.dumps({"format": "resultsframe", "version": version, "framework": {}})
    with pytest.raises(
        ResultsframeError, match=r'\$\.version: expected a version as text such as "1\.0"'
    ):
        doc.loads(text)
