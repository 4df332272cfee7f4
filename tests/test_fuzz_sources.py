"""Fuzzing the readers of published data: IATI XML and observations CSV.

Hypothesis mutates real inputs. For IATI: the UNDP Guinea activity and the IATI 2.03 example
(``tests/data/iati``), with attribute values replaced by odd ones (``"1e400"``, 400 digits,
``"NaN"``, ``"-1"``, an empty value, a NUL, dates such as ``"2019-02-30"``), elements dropped
or repeated, and the text cut, spliced or with a byte changed; each mutant is read
(:func:`resultsframe.iati.read`), checked against the rules and the 2.03 schema
(:func:`resultsframe.iati.check`) and assessed on its published actuals, as ``resultsframe
progress FILE.xml`` does. For observations CSV: the built-in example's observations
with cells replaced by odd values, rows cut short or doubled, and the text cut or changed.

Whatever comes out, the reader either gives its result or refuses with a ``ResultsframeError``
that says what is wrong; any other exception fails the test. ``benchmarks/fuzz_loaders.py``
runs ten thousand cases of each and prints the counts.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from functools import cache
from importlib.resources import files
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import resultsframe
from resultsframe import ResultsframeError, examples, iati
from resultsframe.observations import Observations
from test_document_fuzz import _mutated_text

DATA = Path(__file__).parent / "data" / "iati"
_ODD = ("1e400", "9" * 400, "NaN", "-1", "", "\x00", "2019-02-30", "x", "0", "101", "9999-12-31",
        "1,200", "  ", "-Infinity", "<", "&amp;", "XX%")  # fmt: skip
_ATTRIBUTE = re.compile(r'(\w[\w:-]*)="([^"]*)"')
_ELEMENT = re.compile(r"<(period|target|actual|baseline|indicator|result)\b[^>]*/>|"
                      r"<(period|indicator)\b.*?</\2>", re.S)  # fmt: skip


def _refused(error: ResultsframeError) -> None:
    if not str(error).strip():
        raise AssertionError("a refusal must say what is wrong") from error


@cache
def _activities() -> tuple[str, ...]:
    return tuple(
        (DATA / name).read_text("utf-8")
        for name in (
            "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml",
            "iati-2.03-activity-standard-example-annotated.xml",
        )
    )


@st.composite
def _mutated_xml(draw: st.DrawFn) -> str | bytes:
    text = draw(st.sampled_from(_activities()))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["attribute", "attribute", "drop", "repeat", "text"]))
        if operation == "text":
            mutated = draw(_mutated_text(text))
            if isinstance(mutated, bytes):
                return mutated
            text = mutated
            continue
        pattern = _ATTRIBUTE if operation == "attribute" else _ELEMENT
        found = list(pattern.finditer(text))
        if not found:
            continue
        match = found[draw(st.integers(0, len(found) - 1))]
        if operation == "attribute":
            odd = draw(st.sampled_from(_ODD) | st.text(max_size=8))
            odd = odd.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            replacement = f'{match.group(1)}="{odd}"'
        elif operation == "drop":
            replacement = ""
        else:
            replacement = match.group(0) * draw(st.integers(2, 3))
        text = text[: match.start()] + replacement + text[match.end() :]
    return text


@settings(max_examples=1000)
@given(_mutated_xml())
def test_nothing_but_a_resultsframe_error_escapes_reading_iati(text: str | bytes) -> None:
    data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    try:
        frameworks = iati.read(data)
        iati.check(data, schema=True)
        for framework in frameworks:
            resultsframe.assess(framework, as_of="2020-12-31")
    except ResultsframeError as error:
        _refused(error)


@cache
def _observations_csv() -> tuple[list[str], list[list[str]]]:
    """The built-in example's observations (up to 40): the header and the rows."""
    text = files("resultsframe.examples").joinpath("cop-observations.csv").read_text("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:41]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def _mutated_observations(draw: st.DrawFn) -> str | bytes:
    header, body = _observations_csv()
    rows = [list(header), *(list(row) for row in body)]
    for _ in range(draw(st.integers(1, 4))):
        row = draw(st.integers(0, len(rows) - 1))
        operation = draw(st.sampled_from(["cell", "cell", "cell", "short", "double"]))
        if operation == "cell" and rows[row]:
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(st.sampled_from(_ODD) | st.text(max_size=8))
        elif operation == "short":
            rows[row] = rows[row][: draw(st.integers(0, max(0, len(rows[row]) - 1)))]
        else:
            rows.insert(row, list(rows[row]))
    text = _csv(rows)
    if draw(st.integers(0, 3)) == 0:
        return draw(_mutated_text(text))
    return text


@settings(max_examples=1000)
@given(_mutated_observations())
def test_nothing_but_a_resultsframe_error_escapes_reading_observations_as_csv(
    text: str | bytes,
) -> None:
    path = Path(tempfile.mkdtemp(prefix="rf-fuzz-")) / "observations.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        Observations.from_csv(path, examples.load("cop"))
    except ResultsframeError as error:
        _refused(error)


def test_the_unmutated_inputs_are_read() -> None:
    # The fuzz starts from inputs that work: the mutants are near misses, not noise.
    for text in _activities():
        assert iati.read(text.encode())
    header, body = _observations_csv()
    assert len(
        Observations.from_csv(io.StringIO(_csv([header, *body])), examples.load("cop"))
    ) == len(body)
