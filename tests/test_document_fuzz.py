"""Fuzzing the reader: nothing but a ResultsframeError ever escapes ``loads``.

Hypothesis takes valid documents (the built-in examples, a framework that fills every field, and
generated frameworks) and mutates them: keys dropped, added or renamed, values replaced by JSON
of another kind (huge and non-finite numbers, deep nesting, odd texts), values swapped, junk
inserted into arrays, items duplicated; then, on the text, truncation, deletion, insertion and
flipped bytes. Whatever ``loads`` makes of the result, it must either refuse it with a
``ResultsframeError`` or return a framework that itself writes and reads back unchanged; and a
document it accepts must satisfy the JSON Schema, so that the schema never refuses what the
reader takes.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from resultsframe import Framework, ResultsframeError, examples
from resultsframe import document as doc
from strategies import frameworks, showcase

Path = tuple[str | int, ...]

_KEYS = (
    "id", "level", "statement", "value", "unit", "pending", "weight", "child", "parent", "from",
    "to", "levels", "results", "links", "targets", "format", "version", "method", "statment",
    "", "__proto__", "$ref", "a b", "🙂",
)  # fmt: skip
_TEXTS = ("", " ", "x", "impact", "O1", "percent", "XX%", "2018", "2020-12-31", "1.0", "2.0", "0.9",
          "resultsframe", "share", "trajectory", "person / kilometer ** 2", "((((", "1e400",
          "\u2028", "\ud800", "𝔘", "a" * 300)  # fmt: skip
_numbers = st.one_of(
    st.sampled_from([0, -1, 1, 2**53, 2**60, -(2**63), 10**400, 1e308, -0.0, 0.5, 1e-320]),
    st.integers(),
    st.floats(),  # NaN and ±Infinity included: json.dumps writes them as NaN and Infinity
)
_scalars = st.one_of(
    st.none(), st.booleans(), _numbers, st.sampled_from(_TEXTS), st.text(max_size=5)
)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)
_deep = st.integers(50, 300).map(lambda depth: json.loads("[" * depth + "]" * depth))
_values = st.one_of(_json, _json, _json, _deep)
_index = st.integers(min_value=0, max_value=2**32)


def _paths(tree: object, path: Path = ()) -> list[Path]:
    """Every place in a parsed document, the root first."""
    found = [path]
    if isinstance(tree, dict):
        for key, value in tree.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found.extend(_paths(value, (*path, index)))
    return found


def _at(tree: Any, path: Path) -> Any:
    for key in path:
        tree = tree[key]
    return tree


@st.composite
def _mutated_tree(draw: st.DrawFn, tree: Any, paths: tuple[Path, ...]) -> Any:
    """The parsed document with one to four structural mutations.

    ``paths`` are the places of the document before it was mutated; a place that an earlier
    mutation removed is skipped (listing the places afresh each time costs more than the rest).
    """
    for _ in range(draw(st.integers(1, 4))):
        path = paths[draw(_index) % len(paths)]
        operation = draw(_OPERATIONS)
        if not path:
            if operation == "replace":
                tree = draw(_values)
            continue
        other = paths[draw(_index) % len(paths)]
        try:
            _mutate(draw, tree, path, operation, other)
        except (KeyError, IndexError, TypeError):
            continue  # the place went with an earlier mutation
    return tree


_OPERATIONS = st.sampled_from(["drop", "add", "replace", "swap", "insert", "duplicate", "rename"])


def _mutate(draw: st.DrawFn, tree: Any, path: Path, operation: str, other: Path) -> None:
    parent, key = _at(tree, path[:-1]), path[-1]
    parent[key]
    if operation == "drop":
        del parent[key]
    elif operation == "replace":
        parent[key] = draw(_values)
    elif operation == "swap":
        # Neither place may hold the other.
        if other and other[: len(path)] != path and path[: len(other)] != other:
            other_parent = _at(tree, other[:-1])
            parent[key], other_parent[other[-1]] = other_parent[other[-1]], parent[key]
    elif operation == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(_KEYS))] = draw(_values)
    elif operation == "rename" and isinstance(parent, dict):
        parent[draw(st.sampled_from(_KEYS))] = parent.pop(key)
    elif operation == "insert" and isinstance(parent, list) and isinstance(key, int):
        parent.insert(key, draw(_values))
    elif operation == "duplicate" and isinstance(parent, list) and isinstance(key, int):
        parent.insert(key, json.loads(json.dumps(parent[key])))


@st.composite
def _mutated_text(draw: st.DrawFn, text: str) -> str | bytes:
    """The document's text cut, spliced or with a byte changed."""
    operation = draw(st.sampled_from(["truncate", "delete", "insert", "byte"]))
    at = draw(_index) % (len(text) + 1)
    if operation == "truncate":
        return text[:at]
    if operation == "delete":
        return text[:at] + text[at + draw(st.integers(1, 50)) :]
    if operation == "insert":
        junk = draw(st.sampled_from(["NaN", "-Infinity", "1e400", "9" * 5000, "{", "]", ",", '"', "\\", "\x00",
                                     "[" * 2000, '"format": 1,', "\ud800", "null"]) | st.text(max_size=5))  # fmt: skip
        return text[:at] + junk + text[at:]
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if data:
        data[at % len(data)] = draw(st.integers(0, 255))
    return bytes(data)


@cache
def _bases() -> tuple[tuple[str, str, tuple[Path, ...]], ...]:
    """The fixed documents to start from, with their places: the built-in examples, the showcase."""
    texts = [(name, doc.dumps(examples.load(name))) for name in examples.names()]
    texts.append(("showcase", doc.dumps(showcase())))
    return tuple((name, text, tuple(_paths(json.loads(text)))) for name, text in texts)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(doc.schema())


# Integers lean towards their small end; a choice from a list does not.
_ONE_IN_EIGHT = st.sampled_from([False] * 7 + [True])
_ONE_IN_FOUR = st.sampled_from([False] * 3 + [True])


@st.composite
def _payloads(draw: st.DrawFn) -> tuple[str | bytes, Any, bool]:
    """A mutated document, the parsed tree it came from (None after text mutations), and
    whether it is small enough to check against the schema quickly."""
    if draw(_ONE_IN_EIGHT):
        text = doc.dumps(draw(frameworks(max_results=2)))
        small, paths = True, tuple(_paths(json.loads(text)))
    else:
        name, text, paths = draw(st.sampled_from(_bases()))
        small = name == "showcase"
    if draw(_ONE_IN_FOUR):
        return draw(_mutated_text(text)), None, small
    tree = draw(_mutated_tree(json.loads(text), paths))
    return json.dumps(tree, ensure_ascii=draw(st.booleans())), tree, small


def _read(text: str | bytes) -> Framework | None:
    """The framework, or None when it is refused with a ResultsframeError that says why."""
    try:
        return doc.loads(text)
    except ResultsframeError as error:
        if not str(error):
            raise AssertionError("a refusal must say what is wrong") from error
        return None


@settings(max_examples=1000)
@given(_payloads())
def test_nothing_but_a_resultsframe_error_escapes_loads(
    payload: tuple[str | bytes, Any, bool],
) -> None:
    text, tree, small = payload
    framework = _read(text)
    if framework is None:
        return
    # What is accepted is a framework like any other: it writes, and reads back the same.
    written = doc.dumps(framework)
    assert doc.loads(written) == framework
    assert doc.dumps(doc.loads(written)) == written
    # And the schema, the contract for other languages, accepts what the reader accepts.
    if (
        small
        and tree is not None
        and isinstance(tree, dict)
        and re.fullmatch(r"1\.\d+", str(tree.get("version")))
    ):
        errors = [e.message for e in _validator().iter_errors(tree)]
        assert not errors, errors
