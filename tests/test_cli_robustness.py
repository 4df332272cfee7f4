"""The command against hostile command lines and inputs: no traceback, exit 2, one line.

Output paths that name no file, names longer than the file system allows, a write cut short
by ``ulimit -f``, endless inputs (``/dev/zero``), deep chains of results and huge fill values.
Each is refused in one line naming what is wrong, and leaves no file behind. And mutated
documents, observations, tables and IATI files through ``progress``, ``show``, ``validate``,
``table``, ``fill``, ``import-table`` and ``iati check``/``import``: exit 0, 1 or 2, a line
per problem, never a traceback.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout, suppress
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Ran, RunCli
from resultsframe import DocumentError, document, examples, table
from resultsframe.cli import main
from resultsframe.framework import Framework
from resultsframe.observations import Observations
from resultsframe.observations.readers import MAX_BYTES
from strategies import showcase
from test_document_fuzz import _mutated_text, _mutated_tree, _paths

if sys.platform != "win32":
    import resource

Reader = Callable[..., Any]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _one_line_refusal(ran: Ran) -> str:
    code, err = ran.returncode, ran.stderr
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("resultsframe: error: ")
    return str(lines[0])


# --- -o that names no file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "says"),
    [
        ("", "'': an empty name"),
        ("/", "not a file name"),
        (".", "not a file name"),
        ("..", "not a file name"),
        ("x" * 300, "File name too long"),
        ("missing/out.json", "No such file or directory"),
    ],
    ids=["empty", "root", "dot", "dotdot", "300 characters", "no such folder"],
)
def test_an_output_that_names_no_writable_file_is_refused_in_one_line(
    cli: RunCli, tmp_path: Path, output: str, says: str
) -> None:
    line = _one_line_refusal(cli("export", "cop", "-o", output, cwd=tmp_path))
    assert says in line
    assert _files(tmp_path) == []


def test_a_long_output_name_is_cut_short_in_the_message(cli: RunCli, tmp_path: Path) -> None:
    line = _one_line_refusal(cli("export", "cop", "-o", "x" * 300, cwd=tmp_path))
    # 60 x's, an ellipsis and the length, not 300 characters of name.
    assert f"{'x' * 60}… (300 characters)" in line
    assert "x" * 61 not in line


def test_a_name_as_long_as_the_file_system_allows_is_written(cli: RunCli, tmp_path: Path) -> None:
    # 255 bytes is the longest name on ext4; the temporary file (".NAME.XXXXXXXX.tmp", 14 more
    # bytes) cannot have it whole, so NAME is cut to 241 bytes: 1 + 241 + 13 = 255.
    name = "y" * 255
    code, _out, err = cli("export", "cop", "-o", name, cwd=tmp_path)
    assert code == 0, err
    assert _files(tmp_path) == [name]
    assert (tmp_path / name).read_text(encoding="utf-8").startswith("{")


def test_a_leftover_of_a_killed_write_to_a_long_name_is_removed_next_time(
    cli: RunCli, tmp_path: Path
) -> None:
    name = "z" * 250
    leftover = tmp_path / f".{'z' * 241}.0123abcd.tmp"  # 1 + 241 + 13 = 255 bytes
    leftover.write_text("half a document", encoding="utf-8")
    code, _out, err = cli("export", "cop", "-o", name, cwd=tmp_path)
    assert code == 0, err
    assert _files(tmp_path) == [name]


def test_an_output_folder_is_refused(cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    line = _one_line_refusal(cli("export", "cop", "-o", "out", cwd=tmp_path))
    assert "this is a folder" in line


# --- ulimit -f: a write the system cuts short --------------------------------------------


def _limited(
    args: list[str], cwd: Path, stdout: int | IO[str] = subprocess.PIPE
) -> tuple[int, str]:
    """Run ``python -m resultsframe ARGS`` with files limited to 1,000 bytes (``ulimit -f``).

    SIGXFSZ is ignored, as a shell's ``ulimit -f`` leaves it, so that the write fails with
    EFBIG (an OSError) rather than killing the process.
    """

    def limit() -> None:  # pragma: no cover - runs in the child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    ran = subprocess.run(
        [sys.executable, "-m", "resultsframe", *args],
        preexec_fn=limit,  # only resource limits; no threads yet
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
        timeout=120,
    )
    return ran.returncode, ran.stderr


needs_rlimit = pytest.mark.skipif(sys.platform == "win32", reason="ulimit -f is a POSIX limit")
needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


@needs_rlimit
def test_a_write_over_ulimit_f_is_refused_and_leaves_no_file(tmp_path: Path) -> None:
    # The cop document is about 30 kB, over the 1,000-byte limit.
    code, err = _limited(["export", "cop", "-o", "cop.json"], tmp_path)
    assert code == 2, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [
        "resultsframe: error: cop.json: cannot write the file: File too large"
    ]
    assert _files(tmp_path) == []  # the temporary file is removed


@needs_rlimit
@pytest.mark.parametrize("command", [["export", "cop"], ["show", "cop"]])
def test_stdout_into_a_file_over_ulimit_f_is_refused(tmp_path: Path, command: list[str]) -> None:
    with (tmp_path / "out.txt").open("w") as handle:
        code, err = _limited(command, tmp_path, stdout=handle)
    assert code == 2, err
    assert err.strip().splitlines() == [
        "resultsframe: error: cannot write the output: File too large"
    ]


# --- endless inputs: a limit that does not trust st_size ---------------------------------

needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


@needs_dev_zero
def test_dev_zero_as_a_document_is_refused_at_the_limit(cli: RunCli) -> None:
    # st_size of /dev/zero is 0; the reader stops at MAX_BYTES + 1 = 20,971,521 bytes.
    line = _one_line_refusal(cli("show", "/dev/zero"))
    assert line == (
        "resultsframe: error: /dev/zero: the file is 20,971,521 bytes, more than the limit of "
        "20,971,520; pass max_bytes=None to read it anyway"
    )


@needs_dev_zero
def test_dev_zero_as_observations_is_not_a_file(cli: RunCli) -> None:
    line = _one_line_refusal(cli("progress", "cop", "--data", "/dev/zero"))
    assert line == "resultsframe: error: --data: '/dev/zero' is not a file"


@needs_dev_zero
@pytest.mark.parametrize("read", [Observations.from_csv, Observations.from_json])
def test_dev_zero_as_observations_stops_at_the_limit(read: Reader) -> None:
    with pytest.raises(DocumentError) as info:
        read("/dev/zero", examples.load("cop"), max_bytes=1000)
    assert str(info.value) == (
        "/dev/zero: the observations file holds more than the limit of 1,000 bytes; "
        "pass max_bytes=None to read it anyway"
    )


def test_the_observations_limit_is_documented_and_generous() -> None:
    # 256 MiB = 268,435,456 bytes: five million CSV rows of about 50 bytes.
    assert MAX_BYTES == 268_435_456


def test_an_endless_stream_of_csv_stops_at_the_limit() -> None:
    class Endless(io.TextIOBase):
        def readable(self) -> bool:
            return True

        def read(self, size: int | None = -1) -> str:
            if size is None or size < 0:
                raise AssertionError("an endless stream was read whole")
            return "x" * size

    with pytest.raises(DocumentError, match="more than the limit of 1,000 characters"):
        Observations.from_csv(Endless(), examples.load("cop"), max_bytes=1000)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["document", "csv", "json"])
def test_an_endless_fifo_stops_at_the_limit(cli: RunCli, tmp_path: Path, kind: str) -> None:
    fifo = tmp_path / "endless"
    os.mkfifo(fifo)

    def write_forever() -> None:
        with suppress(OSError), fifo.open("wb") as handle:
            while True:  # until the reader closes its end (EPIPE)
                handle.write(b"[" * 65536)

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    try:
        if kind == "document":
            line = _one_line_refusal(cli("show", str(fifo)))
            assert "more than the limit of 20,971,520" in line
        else:
            read = Observations.from_csv if kind == "csv" else Observations.from_json
            with pytest.raises(DocumentError, match="more than the limit of 100,000 bytes"):
                read(fifo, examples.load("cop"), max_bytes=100_000)
    finally:
        writer.join(timeout=30)
    assert not writer.is_alive()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["json", "xml"])
def test_a_pipe_is_read_once_as_a_document_or_an_iati_file(
    cli: RunCli, tmp_path: Path, kind: str
) -> None:
    # `resultsframe progress <(curl …)`: a pipe gives its bytes once, so the command must not
    # open it a first time to tell XML from JSON and a second time to read it (it hung).
    if kind == "json":
        data = files("resultsframe.examples").joinpath("cop.json").read_bytes()
        title = "cop-2015 · Global Targets on Child Online Protection"
    else:
        data = (Path(__file__).parent / "data" / "iati" / _UNDP).read_bytes()
        title = "XM-DAC-41114-PROJECT-00094465 · Soutien Psychosocial"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def write_once() -> None:
        with suppress(OSError), fifo.open("wb") as handle:
            handle.write(data)

    writer = threading.Thread(target=write_once, daemon=True)
    writer.start()
    ran = cli("progress", str(fifo), "--as-of", "2020-12-31")
    writer.join(timeout=30)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(title)


_UNDP = "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"


# --- a chain thousands of results deep ---------------------------------------------------


def _chain(folder: Path, n: int) -> Path:
    """A document of ``n`` results, each linked to the next, at ``n`` levels (l0 at the top)."""
    results = [
        {
            "id": f"R{i}",
            "level": f"l{i}",
            "statement": f"result {i}",
            "indicators": [
                {
                    "id": f"R{i}.a",
                    "name": f"indicator {i}",
                    "unit": "percent",
                    "targets": [{"value": {"value": 50, "unit": "percent"}, "due": "2020-12-31"}],
                }
            ],
        }
        for i in range(n)
    ]
    body = {
        "id": "deep",
        "title": "a deep chain",
        "levels": {"name": "deep", "levels": [f"l{i}" for i in range(n)]},
        "results": results,
        "links": [{"child": f"R{i + 1}", "parent": f"R{i}"} for i in range(n - 1)],
    }
    path = folder / f"chain{n}.json"
    path.write_text(
        json.dumps({"format": "resultsframe", "version": "1.0", "framework": body}),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("n", [1000, 5000])
def test_show_prints_a_chain_thousands_deep(cli: RunCli, tmp_path: Path, n: int) -> None:
    code, out, err = cli("show", str(_chain(tmp_path, n)))
    assert code == 0, err
    lines = out.splitlines()
    # A header, the levels, a blank line, then each result and its indicator: 3 + 2n lines.
    assert len(lines) == 3 + 2 * n
    assert lines[3] == "R0 (l0)  result 0"
    # Depth 24 is drawn 23 × 4 = 92 columns in, after the root's; below it, no further right.
    assert lines[3 + 2 * 24] == " " * 92 + "└── R24 (l24)  result 24"
    assert lines[3 + 2 * 25] == " " * 92 + "└── [depth 25] R25 (l25)  result 25"
    last = n - 1
    assert lines[-2] == " " * 92 + f"└── [depth {last}] R{last} (l{last})  result {last}"
    assert lines[-1].endswith(
        f"◦ R{last}.a  indicator {last}  [percent] · target 50 % by 2020-12-31"
    )
    # Lines of bounded width, so the text grows with n, not n²: none past 92 + 4 + the rest.
    assert max(len(line) for line in lines[3:]) < 200


@pytest.mark.parametrize(
    "command",
    [["progress"], ["progress", "--format", "json"], ["export", "--to", "mermaid"], ["pending"]],
)
def test_the_other_commands_read_a_chain_1000_deep(
    cli: RunCli, tmp_path: Path, command: list[str]
) -> None:
    code, out, err = cli(*command, str(_chain(tmp_path, 1000)), cwd=tmp_path)
    assert code == 0, err
    assert "R999" in out or "nothing is pending" in out


# --- huge fill values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("assignment", "says"),
    [
        # A float beyond 1.8e308 is infinite: refused by the reader of values.
        ("T3.a=1e400 %", "cannot fill 'T3.a': '1e400 %' is not a finite number"),
        # 100,000 digits: over the 200 characters a value may have, refused before it is read.
        ("T3.a=" + "9" * 100_000, "its value is 100,000 characters long, more than the 200"),
        # Beyond 2**53 - 1 = 9,007,199,254,740,991: refused when the value is read.
        (
            "T3.a=" + "1" * 150 + " %",
            "1111 %' is too large: numbers are limited to ±9007199254740991",
        ),
        ("T3.a=1e308", "'1e308' is too large: numbers are limited to ±9007199254740991"),
        ("K" * 1000 + "=5", "its key is 1,000 characters long, more than the 200"),
    ],
    ids=["1e400", "100k digits", "150 digits", "1e308", "1000-character key"],
)
def test_a_huge_fill_value_is_refused_in_one_line(
    cli: RunCli, tmp_path: Path, assignment: str, says: str
) -> None:
    line = _one_line_refusal(cli("fill", "cop", assignment, "-o", "out.json", cwd=tmp_path))
    assert says in line
    assert len(line) < 400  # the value is cut short in the message, not echoed whole
    assert _files(tmp_path) == []


def test_a_fill_that_fails_on_a_number_is_a_usage_error(
    cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever a number does that its reader did not foresee, the command says so in a line.
    def overflow(self: Framework, values: object) -> Framework:
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(Framework, "fill", overflow)
    line = _one_line_refusal(cli("fill", "cop", "T3.a=50 %"))
    assert line == "resultsframe: error: cannot fill T3.a: int too large to convert to float"


# --- iati import into a folder -----------------------------------------------------------

UNDP = Path(__file__).parent / "data" / "iati" / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
UNDP_ID = "XM-DAC-41114-PROJECT-00094465"


@needs_symlinks
def test_iati_import_never_follows_a_symlink_out_of_its_folder(cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / f"{UNDP_ID}.json").symlink_to(outside)
    line = _one_line_refusal(cli("iati", "import", str(UNDP), "-o", str(folder)))
    assert f"is a symbolic link to {outside}, outside {folder}" in line
    assert outside.read_text(encoding="utf-8") == "not yours"


@needs_symlinks
def test_iati_import_may_write_through_a_symlink_inside_its_folder(
    cli: RunCli, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "kept.json").write_text("{}", encoding="utf-8")
    (folder / f"{UNDP_ID}.json").symlink_to(folder / "kept.json")
    code, _out, err = cli("iati", "import", str(UNDP), "-o", str(folder))
    assert code == 0, err
    assert (folder / "kept.json").read_text(encoding="utf-8").startswith("{\n")


def test_iati_import_cuts_a_long_identifier_to_a_file_name_that_fits(
    cli: RunCli, tmp_path: Path
) -> None:
    long_id = "XM-" + "9" * 297  # 300 characters: a file name of 305 bytes would not fit
    xml = tmp_path / "long.xml"
    xml.write_bytes(UNDP.read_bytes().replace(UNDP_ID.encode(), long_id.encode()))
    folder = tmp_path / "docs"
    code, _out, err = cli("iati", "import", str(xml), "-o", str(folder))
    assert code == 0, err
    # The stem is cut to 200 characters: "XM-" and 197 nines, then ".json".
    assert _files(folder) == ["XM-" + "9" * 197 + ".json"]


def test_iati_import_into_a_folder_it_cannot_make_is_refused_in_one_line(
    cli: RunCli, tmp_path: Path
) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    line = _one_line_refusal(cli("iati", "import", str(UNDP), "-o", str(tmp_path / "file" / "d")))
    assert "-o: cannot make the folder" in line


# --- observations JSON: deep, and numbers beyond what a float holds ----------------------


@pytest.mark.parametrize(
    ("body", "says"),
    [
        # 50,000 nested arrays: deeper than the JSON parser's recursion goes.
        ("[" * 50_000 + "]" * 50_000, "nested too deeply to read"),
        # 5,000 digits: more than the 4,300 Python converts from text.
        (
            '[{"indicator": "T1.a", "period": "2018", "value": ' + "9" * 5000 + "}]",
            "a number with thousands of digits",
        ),
        # 400 digits: an int, but float(10**400) overflows (a float ends near 1.8e308).
        (
            '[{"indicator": "T1.a", "period": "2018", "value": ' + "9" * 400 + "}]",
            "$[0].value: cannot read 999",
        ),
    ],
    ids=["50k deep", "5000 digits", "400 digits"],
)
def test_observations_json_that_no_float_holds_is_refused_in_one_line(
    cli: RunCli, tmp_path: Path, body: str, says: str
) -> None:
    (tmp_path / "obs.json").write_text(body, encoding="utf-8")
    line = _one_line_refusal(cli("progress", "cop", "--data", "obs.json", cwd=tmp_path))
    assert says in line


@pytest.mark.parametrize("as_of", ["2020", "2019..2020"], ids=["table", "over time"])
def test_progress_of_a_chain_5000_deep_has_lines_of_bounded_width(
    cli: RunCli, tmp_path: Path, as_of: str
) -> None:
    code, out, err = cli("progress", str(_chain(tmp_path, 5000)), "--as-of", as_of)
    assert code == 0, err
    lines = out.splitlines()
    # Depth 24 is indented 2 × 24 = 48 columns; below it no further, each result its depth.
    assert any(line.startswith(" " * 48 + "R24 ") for line in lines)
    assert any(line.startswith(" " * 48 + "[4999] R4999 ") for line in lines)
    # Bounded lines: the text grows with the chain, not its square (it was 51 MB at 5000).
    assert max(len(line) for line in lines) < 250


# --- mutated inputs through the command ---------------------------------------------------------


def _run_main(*args: str) -> Ran:
    """``resultsframe ARGS`` in this process, its output caught (a fixture per case is too slow
    for Hypothesis, and function-scoped fixtures do not reset between its cases)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: the command lines here are all well formed
            code = exc.code if isinstance(exc.code, int) else 2
    return Ran(code, out.getvalue(), err.getvalue())


@cache
def _inputs() -> dict[str, str]:
    """The valid inputs mutated below, by kind: a document, observations, a table, IATI XML."""
    cop = examples.load("cop")
    folder = Path(__file__).parent
    observations = files("resultsframe.examples").joinpath("cop-observations.csv")
    rows = observations.read_text("utf-8").splitlines(keepends=True)[:41]
    return {
        "document": json.dumps(json.loads(document.dumps(showcase())), ensure_ascii=False),
        "cop": document.dumps(cop),
        "observations": "".join(rows),
        "table": table.to_csv(showcase()),
        "iati": (folder / "data/iati/undp-guinea-XM-DAC-41114-PROJECT-00094465.xml").read_text(
            "utf-8"
        ),
    }


# Each command with the kind of file it is given mutated; "{in}" is the mutated file, "{cop}"
# the built-in example's document as it is, for the commands that take observations.
_COMMANDS = (
    ("document", ("show", "{in}")),
    ("document", ("progress", "{in}", "--as-of", "2020-12-31")),
    ("document", ("validate", "{in}")),
    ("document", ("table", "{in}", "-o", "{out}.csv")),
    ("document", ("fill", "{in}", "o1.a=12", "-o", "{out}.json")),
    ("cop", ("show", "{in}")),
    ("observations", ("progress", "{cop}", "--data", "{in}.csv")),
    ("observations", ("progress", "{cop}", "--data", "{in}.csv", "--as-of", "2010..2015", "--format", "json")),
    ("table", ("import-table", "{in}.csv", "-o", "{out}.json")),
    ("iati", ("iati", "check", "{in}.xml")),
    ("iati", ("iati", "import", "{in}.xml", "-o", "{out}.json")),
)  # fmt: skip


@st.composite
def _mutated_command(draw: st.DrawFn) -> tuple[str | bytes, tuple[str, ...]]:
    kind, command = draw(st.sampled_from(_COMMANDS))
    text = _inputs()[kind]
    if kind == "document" and draw(st.booleans()):
        # Half the documents keep their JSON and have keys and values changed instead.
        tree = json.loads(text)
        mutated = draw(_mutated_tree(tree, tuple(_paths(tree))))
        return json.dumps(mutated, ensure_ascii=False), command
    return draw(_mutated_text(text)), command


@settings(max_examples=300)
@given(_mutated_command())
def test_mutated_inputs_give_exit_2_and_one_line_never_a_traceback(
    case: tuple[str | bytes, tuple[str, ...]],
) -> None:
    text, command = case
    folder = Path(tempfile.mkdtemp(prefix="rf-cli-fuzz-"))
    try:
        source = folder / "input"
        cop = folder / "cop.json"
        cop.write_text(_inputs()["cop"], encoding="utf-8")
        args = [a.replace("{cop}", str(cop)).replace("{out}", str(folder / "out")) for a in command]
        named = next(a for a in args if "{in}" in a).replace("{in}", str(source))
        Path(named).write_bytes(
            text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        )
        args = [a.replace("{in}", str(source)) for a in args]
        ran = _run_main(*args)
    finally:
        shutil.rmtree(folder)
    assert "Traceback" not in ran.stderr, ran.stderr
    if ran.returncode == 2:
        # One line for each problem: a file with three bad cells gets three lines, each
        # naming its row and column.
        lines = ran.stderr.strip().splitlines()
        assert lines, ran
        assert all(line.startswith("resultsframe: error: ") for line in lines), ran.stderr
    else:
        # 0, or 1 for a framework with problems (validate) or a file breaking IATI rules.
        assert ran.returncode in (0, 1), ran


def test_an_xml_error_of_several_lines_is_reported_on_one(cli: RunCli, tmp_path: Path) -> None:
    # Found by the test above: lxml's message for a NUL ends in "\n, line 1, column 2", which
    # printed as a second line of the refusal.
    path = tmp_path / "broken.xml"
    path.write_bytes(b'<\x00xml version="1.0"?><iati-activities/>')
    line = _one_line_refusal(cli("iati", "check", str(path)))
    assert "line 1, column 2: not well-formed XML" in line
