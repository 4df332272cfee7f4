"""Every loader against mutated input, by the ten thousand: nothing but a ResultsframeError escapes.

For each loader, valid inputs are mutated at random (seeded, so a run can be repeated) and
read; each case is counted as *accepted* (a framework or observations came back), *refused
cleanly* (a :class:`~resultsframe.ResultsframeError` whose message says something) or a *raw
exception* (anything else: a bug; the goal is 0). The loaders and what they start from:

=================  ==========================================================================
loader             inputs, then mutated
=================  ==========================================================================
build              the builder's shorthand spec of ``tests/test_fuzz_loaders.py`` and the
                   showcase and the built-in example as ``document.to_dict`` writes them
table CSV          ``table.write``'s CSV of the showcase and the built-in example
table xlsx         ``table.write``'s workbook of the showcase
observations CSV   the built-in example's observations (its first 60 rows)
observations JSON  the same rows as a JSON array of records
document JSON      ``document.dumps`` of the showcase and the built-in example
IATI XML           the published IATI files in ``tests/data/iati`` (``iati.read``)
=================  ==========================================================================

The mutations: JSON trees get keys dropped, added or renamed and values replaced by JSON of
another kind (huge and non-finite numbers, integers over float range, deep nesting, odd
texts), swapped, inserted or duplicated; CSV rows get cells replaced by odd values ("(",
"1/0", "NaN", "1e400", 2**60 …), rows cut short, dropped or duplicated and line ends changed
to a bare CR; workbooks get cell values, cell names and the sheet's dimension changed
(``A1:XFD1048576``); XML gets attribute values and texts replaced. Any text is also cut
short, spliced or has a byte changed.

Run from the repository root (about twenty minutes for the default 10 000 cases per loader on
one core)::

    python benchmarks/fuzz_loaders.py                      # 10 000 cases per loader
    python benchmarks/fuzz_loaders.py --cases 500 --loader "table xlsx"
    python benchmarks/fuzz_loaders.py --seed 7 --keep /tmp/raw   # keep each raw case's input

It prints one line per loader and exits 1 if any loader let a raw exception escape, printing
the first few with the input's file when ``--keep`` is given.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the showcase and the spec the tests fuzz

from resultsframe import ResultsframeError, build, examples, iati, table  # noqa: E402
from resultsframe import document as doc  # noqa: E402
from resultsframe.observations import Observations  # noqa: E402
from strategies import showcase  # noqa: E402
from test_fuzz_loaders import _SPEC  # noqa: E402

# --- mutations ----------------------------------------------------------------------------------

_KEYS = ("id", "level", "statement", "value", "unit", "pending", "weight", "child", "parent",
         "from", "to", "levels", "results", "links", "targets", "format", "version", "indicator",
         "period", "numerator", "denominator", "", "__proto__", "a b", "🙂")  # fmt: skip
_TEXTS = ("", " ", "x", "impact", "O1", "T1.a", "percent", "%", "XX%", "TBD", "2018", "2020-12-31",
          "2025-13-45", "FY2020", "1.0", "share", "(", ")", "1/0", "**", "case**9**9**9",
          "per 0 person", "1e400", "-1e400", "NaN", "inf", "9" * 400, str(2**60), "\u2028",
          "\ud800", "\x00", "𝔘", "a" * 300, "=1+1", "baseline + 3")  # fmt: skip
_NUMBERS = (0, -1, 1, 0.5, -0.0, 2**53, 2**53 + 1, 2**60, -(2**63), 10**400, -(10**400), 1e308,
            1e-320, float("nan"), float("inf"), float("-inf"))  # fmt: skip
_CELLS = ("", " ", "(", ")", "1/0", "**", "a/", "1e400", "-1e400", "NaN", "nan", "inf", "XX%",
          "TBD", str(2**60), "9" * 400, "1e300", "0", "-1", "80 %", "12 cases", "case**9**9**9",
          "per 0 person", "per 1000", "baseline + 3", "×1.3", "2025-13-45", "FY2020", "by 2025",
          "impact", "outcome", "output", "goal", "O1 (weight 1e300)", "O1 (weight 0)", "=1+1",
          "'=x", "\r", "\n", "\x00", '"', "\ud800", "a" * 300, "share", "count", "decrease",
          "T1.a", "2019", "2019-Q5", "2019-01-01/2018-01-01", "12", "-5", "1e-400")  # fmt: skip
_JUNK = ("\r", "\n", "\r\n", ",", ";", '"', "\x00", "\ufeff", "(", "1/0", "NaN", "-Infinity",
         "1e400", "9" * 5000, "{", "}", "[", "]", "<", ">", "&", "&amp;", "<!DOCTYPE x>",
         "<!ENTITY e 'x'>", "&e;", "[" * 2000, "\ud800", "null", "</", "<a>", '="')  # fmt: skip


def _value(rng: random.Random, depth: int = 0) -> Any:
    """A JSON value of any kind: numbers no float holds, deep nesting, odd texts."""
    kind = rng.random()
    if kind < 0.3:
        return rng.choice(_NUMBERS)
    if kind < 0.6:
        return rng.choice(_TEXTS)
    if kind < 0.7:
        return rng.choice([None, True, False, rng.randint(-(10**6), 10**6)])
    if kind < 0.75:
        depth_ = rng.randint(50, 3000)
        return json.loads("[" * depth_ + "]" * depth_) if depth_ < 900 else _nested(depth_)
    if depth > 2:
        return rng.choice(_TEXTS)
    if kind < 0.88:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice(_KEYS): _value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _nested(depth: int) -> Any:
    """A list nested ``depth`` deep, built without the json module's recursion."""
    tree: list[Any] = []
    for _ in range(depth - 1):
        tree = [tree]
    return tree


def _places(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) of a tree, without recursion (the tree may be deep)."""
    found: list[tuple[Any, Any]] = []
    stack = [tree] if isinstance(tree, (dict, list)) else []
    while stack and len(found) < 5000:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in list(items):
            found.append((node, key))
            if isinstance(child, (dict, list)):
                stack.append(child)
    return found


def mutate_tree(rng: random.Random, tree: Any) -> Any:
    """The tree with one to four structural mutations (changed in place, and returned)."""
    for _ in range(rng.randint(1, 4)):
        places = _places(tree)
        if not places or rng.random() < 0.02:
            tree = _value(rng)
            continue
        parent, key = rng.choice(places)
        operation = rng.choice(["drop", "add", "replace", "replace", "swap", "insert", "duplicate", "rename"])  # fmt: skip
        if operation == "drop":
            del parent[key]
        elif operation == "replace":
            parent[key] = _value(rng)
        elif operation == "swap":
            other_parent, other_key = rng.choice(places)
            a, b = parent[key], other_parent[other_key]
            if not (_holds(a, b) or _holds(b, a)):
                parent[key], other_parent[other_key] = b, a
        elif operation == "add" and isinstance(parent, dict):
            parent[rng.choice(_KEYS)] = _value(rng)
        elif operation == "rename" and isinstance(parent, dict):
            parent[rng.choice(_KEYS)] = parent.pop(key)
        elif operation == "insert" and isinstance(parent, list):
            parent.insert(key, _value(rng))
        elif operation == "duplicate" and isinstance(parent, list):
            try:
                parent.insert(key, copy.deepcopy(parent[key]))
            except RecursionError:  # a deep list: the same object twice will do
                parent.insert(key, parent[key])
    return tree


def _holds(outer: Any, inner: Any) -> bool:
    """Whether ``inner`` is ``outer`` or inside it (a swap must not put a tree inside itself)."""
    stack = [outer]
    while stack:
        node = stack.pop()
        if node is inner:
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def mutate_text(rng: random.Random, text: str) -> str | bytes:
    """The text cut short, spliced, with junk put in or one byte changed."""
    operation = rng.choice(["truncate", "delete", "insert", "insert", "byte"])
    at = rng.randint(0, len(text))
    if operation == "truncate":
        return text[:at]
    if operation == "delete":
        return text[:at] + text[at + rng.randint(1, 50) :]
    if operation == "insert":
        return text[:at] + rng.choice(_JUNK) + text[at:]
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    if data:
        data[at % len(data)] = rng.randint(0, 255)
    return bytes(data)


def mutate_rows(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """CSV rows with cells replaced, rows cut short, dropped, duplicated or widened."""
    rows = [list(r) for r in rows]
    for _ in range(rng.randint(1, 4)):
        if not rows:
            break
        n = rng.randrange(len(rows))
        row = rows[n]
        operation = rng.choice(["cell", "cell", "cell", "short", "drop", "duplicate", "widen"])
        if operation == "cell" and row:
            row[rng.randrange(len(row))] = rng.choice(_CELLS)
        elif operation == "short":
            rows[n] = row[: rng.randint(0, len(row))]
        elif operation == "drop":
            del rows[n]
        elif operation == "duplicate":
            rows.insert(n, list(row))
        elif operation == "widen":
            row.append(rng.choice(_CELLS))
    return rows


def csv_text(rng: random.Random, rows: list[list[str]]) -> str | bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator=rng.choice(["\r\n", "\n", "\r"])).writerows(rows)
    text = out.getvalue()
    return mutate_text(rng, text) if rng.random() < 0.4 else text


def _to_bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")


# --- the loaders --------------------------------------------------------------------------------

Case = Callable[[random.Random, Path], Any]


def _build_case() -> Case:
    bases = [_SPEC] + [
        json.loads(doc.dumps(f))["framework"] for f in (showcase(), examples.load("cop"))
    ]

    def case(rng: random.Random, _folder: Path) -> Any:
        # The hand-written spec three times in four: most of its mutants still mostly build.
        base = bases[0] if rng.random() < 0.75 else rng.choice(bases[1:])
        return build(mutate_tree(rng, copy.deepcopy(base)))

    return case


def _table_csv_case(folder: Path) -> Case:
    bases = []
    for framework in (showcase(), examples.load("cop")):
        rows = list(csv.reader(io.StringIO(table.to_csv(framework), newline="")))
        bases.append((rows, framework.id))

    def case(rng: random.Random, folder: Path) -> Any:
        rows, framework_id = bases[0] if rng.random() < 0.85 else bases[1]
        path = folder / "logframe.csv"
        path.write_bytes(_to_bytes(csv_text(rng, mutate_rows(rng, rows))))
        return table.read(path, id=framework_id, title="Fuzzed")

    return case


_V_RE = re.compile(r"<v>[^<]*</v>|<t>[^<]*</t>")
_R_RE = re.compile(r' r="[A-Z]+\d+"')


def _table_xlsx_case(folder: Path) -> Case:
    written = folder / "written.xlsx"
    table.write(showcase(), written)
    with zipfile.ZipFile(written) as archive:
        members = [(item.filename, archive.read(item.filename)) for item in archive.infolist()]

    def sheet(rng: random.Random, text: str) -> str:
        for _ in range(rng.randint(1, 3)):
            operation = rng.choice(["value", "value", "value", "name", "dimension", "text"])
            if operation == "value":
                spots = list(_V_RE.finditer(text))
                if spots:
                    spot = rng.choice(spots)
                    tag = spot.group()[:3]
                    raw = rng.choice([*_CELLS, "NaN", "inf", "abc", "1e999", "99999999999", "-"])
                    raw = raw.replace("&", "&amp;").replace("<", "&lt;")
                    text = f"{text[: spot.start()]}{tag}{raw}</{tag[1]}>{text[spot.end() :]}"
            elif operation == "name":
                spots = list(_R_RE.finditer(text))
                if spots:
                    spot = rng.choice(spots)
                    name = rng.choice(["ZZZZZ2", "XFD1048576", "A0", "A99999999999", "1A", "", "B"])
                    text = f'{text[: spot.start()]} r="{name}"{text[spot.end() :]}'
            elif operation == "dimension":
                ref = rng.choice(
                    ["A1:XFD1048576", "A1:ZZZ2", "A1", "", "A1:B", "Z9:A1", "A1:AAAA9"]
                )
                text = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', text)
            else:
                mutated = mutate_text(rng, text)
                text = mutated.decode("utf-8", "replace") if isinstance(mutated, bytes) else mutated
        return text

    def case(rng: random.Random, folder: Path) -> Any:
        path = folder / "logframe.xlsx"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
            for name, original in members:
                data = original
                if name.startswith("xl/worksheets/sheet") and rng.random() < (
                    0.9 if name.endswith("1.xml") else 0.1
                ):
                    data = sheet(rng, data.decode()).encode("utf-8", "surrogatepass")
                archive.writestr(name, data)
        if rng.random() < 0.05:  # the archive itself damaged
            damaged = bytearray(path.read_bytes())
            damaged[rng.randrange(len(damaged))] = rng.randint(0, 255)
            path.write_bytes(bytes(damaged))
        return table.read(path, id="showcase", title="Fuzzed")

    return case


def _observation_rows() -> list[list[str]]:
    text = (ROOT / "src/resultsframe/examples/cop-observations.csv").read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))[:61]


def _observations_csv_case() -> Case:
    framework = examples.load("cop")
    rows = _observation_rows()

    def case(rng: random.Random, folder: Path) -> Any:
        path = folder / "observations.csv"
        path.write_bytes(_to_bytes(csv_text(rng, mutate_rows(rng, rows))))
        return Observations.from_csv(path, framework)

    return case


def _observations_json_case() -> Case:
    framework = examples.load("cop")
    header, *rows = _observation_rows()
    records: list[dict[str, Any]] = [
        {k: v for k, v in zip(header, row, strict=True) if v} for row in rows
    ]
    for record in records:  # a value as a JSON number, as people write them
        if "value" in record:
            number = float(record["value"])
            record["value"] = int(number) if number.is_integer() else number

    def case(rng: random.Random, folder: Path) -> Any:
        tree = mutate_tree(rng, copy.deepcopy(records))
        try:
            text = json.dumps(tree, ensure_ascii=False)
        except (ValueError, RecursionError):
            text = json.dumps(records)
        path = folder / "observations.json"
        path.write_bytes(_to_bytes(mutate_text(rng, text) if rng.random() < 0.3 else text))
        return Observations.from_json(path, framework)

    return case


def _document_case() -> Case:
    texts = [doc.dumps(f) for f in (showcase(), examples.load("cop"))]
    trees = [json.loads(t) for t in texts]

    def case(rng: random.Random, _folder: Path) -> Any:
        n = 0 if rng.random() < 0.8 else 1
        if rng.random() < 0.6:
            tree = mutate_tree(rng, copy.deepcopy(trees[n]))
            try:
                text: str | bytes = json.dumps(tree, ensure_ascii=False)
            except (ValueError, RecursionError):
                text = texts[n]
        else:
            text = mutate_text(rng, texts[n])
        return doc.loads(text)

    return case


_ATTR_RE = re.compile(r'(\s[\w:-]+=")([^"]*)(")')
_TEXT_RE = re.compile(r">([^<]+)<")


def _iati_case() -> Case:
    folder = ROOT / "tests/data/iati"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.xml"))]
    small = sorted(texts, key=len)[:3]  # the 68 KB file one case in ten: it takes longest

    def case(rng: random.Random, _folder: Path) -> Any:
        text = rng.choice(small) if rng.random() < 0.9 else rng.choice(texts)
        for _ in range(rng.randint(1, 4)):
            operation = rng.choice(["attribute", "attribute", "text", "text", "raw"])
            pattern = _ATTR_RE if operation == "attribute" else _TEXT_RE
            if operation == "raw":
                mutated = mutate_text(rng, text)
                text = mutated.decode("utf-8", "replace") if isinstance(mutated, bytes) else mutated
                continue
            spots = list(pattern.finditer(text))
            if not spots:
                continue
            spot = rng.choice(spots)
            new = rng.choice([*_CELLS, "", "-1", "1e400", "NaN", "2020-02-30", "9999-99-99", "100000000000000000000", "1.5.3", "101", "-0"])  # fmt: skip
            new = new.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            if operation == "attribute":
                text = f"{text[: spot.start(2)]}{new}{text[spot.end(2) :]}"
            else:
                text = f"{text[: spot.start(1)]}{new}{text[spot.end(1) :]}"
        return iati.read(text.encode("utf-8", "surrogatepass"))

    return case


def loaders(folder: Path) -> dict[str, Case]:
    return {
        "build": _build_case(),
        "table CSV": _table_csv_case(folder),
        "table xlsx": _table_xlsx_case(folder),
        "observations CSV": _observations_csv_case(),
        "observations JSON": _observations_json_case(),
        "document JSON": _document_case(),
        "IATI XML": _iati_case(),
    }


# --- the run ------------------------------------------------------------------------------------


def run(
    name: str, case: Case, cases: int, seed: int, folder: Path, keep: Path | None
) -> dict[str, Any]:
    counts: dict[str, Any] = {"cases": 0, "refused": 0, "accepted": 0, "raw": 0}
    raw: list[str] = []
    started = time.perf_counter()
    for n in range(cases):
        rng = random.Random(f"{seed}-{name}-{n}")
        counts["cases"] += 1
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                case(rng, folder)
        except ResultsframeError as error:
            if str(error).strip():
                counts["refused"] += 1
            else:
                counts["raw"] += 1
                raw.append(f"case {n}: {type(error).__name__} with an empty message")
        except Exception as error:  # what the run counts
            counts["raw"] += 1
            where = traceback.extract_tb(error.__traceback__)[-1]
            raw.append(f"case {n}: {type(error).__name__}: {str(error)[:200]} "
                       f"({Path(where.filename).name}:{where.lineno})")  # fmt: skip
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                for item in folder.iterdir():
                    if item.is_file() and item.name != "written.xlsx":
                        (keep / f"{name.replace(' ', '-')}-{n}-{item.name}").write_bytes(
                            item.read_bytes()
                        )
        else:
            counts["accepted"] += 1
    counts["seconds"] = round(time.perf_counter() - started, 1)
    counts["examples"] = raw[:5]
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases per loader (10 000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--loader", action="append", help="only this loader (repeatable)")
    parser.add_argument("--keep", type=Path, help="a folder to keep each raw case's input in")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}; seed {args.seed}")  # fmt: skip
    print(f"{'loader':<18} {'cases':>7} {'refused cleanly':>16} {'accepted':>9} {'raw exceptions':>15} {'seconds':>8}")  # fmt: skip
    total_raw = 0
    with tempfile.TemporaryDirectory(prefix="rf-fuzz-") as name:
        folder = Path(name)
        chosen = loaders(folder)
        for loader in args.loader or list(chosen):
            counts = run(loader, chosen[loader], args.cases, args.seed, folder, args.keep)
            total_raw += counts["raw"]
            print(f"{loader:<18} {counts['cases']:>7,} {counts['refused']:>16,} {counts['accepted']:>9,} "
                  f"{counts['raw']:>15,} {counts['seconds']:>8}", flush=True)  # fmt: skip
            for example in counts["examples"]:
                print(f"    {example}", flush=True)
    return 1 if total_raw else 0


if __name__ == "__main__":
    raise SystemExit(main())
