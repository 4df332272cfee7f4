"""``resultsframe iati import|export|check``, run in this process (``test_cli_entry_point.py``
runs them through the installed script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli
from resultsframe import document, iati
from resultsframe.cli import main, meter

DATA = Path(__file__).parent / "data" / "iati"
WORLDBANK = DATA / "worldbank-44000-P175662.xml"
UNDP = DATA / "undp-guinea-XM-DAC-41114-PROJECT-00094465.xml"
COP_ORG = [
    "--identifier",
    "XI-EXAMPLE-COP-2015",
    "--reporting-org",
    "XI-EXAMPLE",
    "--reporting-org-name",
    "International Telecommunication Union",
    "--reporting-org-type",
    "40",
]


def test_import_to_one_json_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "undp.json"
    assert main(["iati", "import", str(UNDP), "-o", str(out)]) == 0
    assert document.load(out) == iati.read(UNDP)[0]
    assert "1 activity with results" in capsys.readouterr().out


def test_import_to_a_folder_writes_one_document_per_activity(tmp_path: Path) -> None:
    two = tmp_path / "two.xml"
    body = UNDP.read_bytes().split(b"<iati-activity ", 1)[1].rsplit(b"</iati-activities>", 1)[0]
    two.write_bytes(
        b"<iati-activities>\n<iati-activity "
        + body
        + b"<iati-activity "
        + body
        + b"</iati-activities>"
    )
    out = tmp_path / "docs"
    assert main(["iati", "import", str(two), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "XM-DAC-41114-PROJECT-00094465-2.json",
        "XM-DAC-41114-PROJECT-00094465.json",
    ]


def test_import_to_one_json_file_needs_exactly_one_activity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"<iati-activities/>")
    assert main(["iati", "import", str(empty), "-o", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "0 activities with results" in err
    assert not (tmp_path / "x.json").exists()


def test_export_a_folder_of_imported_documents_gives_the_results_back(tmp_path: Path) -> None:
    assert main(["iati", "import", str(WORLDBANK), "-o", str(tmp_path / "wb")]) == 0
    out = tmp_path / "wb.xml"
    assert main(["iati", "export", str(tmp_path / "wb"), "-o", str(out)]) == 0
    assert iati.read(out) == iati.read(WORLDBANK)


def test_export_the_cop_framework(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cop.xml"
    assert main(["iati", "export", "cop", "-o", str(out), *COP_ORG]) == 0
    captured = capsys.readouterr()
    assert "1 framework →" in captured.out
    assert "result 'O1' has no indicator" in captured.err
    # All 28 results: the 20 without an indicator are kept in resultsframe's namespace (issue 11).
    assert len(iati.read(out)[0]) == 28


def test_export_without_an_identifier_is_unusable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["iati", "export", "cop", "-o", str(tmp_path / "cop.xml")]) == 2
    err = capsys.readouterr().err
    assert "no IATI identifier" in err
    assert "Traceback" not in err
    assert not (tmp_path / "cop.xml").exists()


def test_check_exits_1_with_one_finding_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 11: iati check ends with a count line, and validates against the schema (rules
    # only with --no-schema, as before: the 13 direction findings and the count line).
    assert main(["iati", "check", "--no-schema", str(UNDP)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 13 + 1
    assert lines[0].startswith(f"{UNDP}:6: direction warning: ascending='0' says less is better")
    assert lines[-1] == "13 findings: 13 warnings"


def test_check_exits_0_without_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Issue 11: the count line is printed even when there is nothing to report.
    clean = tmp_path / "clean.xml"
    clean.write_bytes(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
    assert main(["iati", "check", "--no-schema", str(clean)]) == 0
    assert capsys.readouterr().out == "0 findings\n"


VALID = b"""<iati-activities version="2.03">
<iati-activity>
<iati-identifier>XX-1-A</iati-identifier>
<reporting-org ref="XX-1" type="10"><narrative>Org</narrative></reporting-org>
<title><narrative>T</narrative></title>
<description><narrative>D</narrative></description>
<participating-org role="1" ref="XX-1"/>
<activity-status code="2"/>
<activity-date type="1" iso-date="2020-01-01"/>
<result type="1"><title><narrative>R</narrative></title>
<indicator measure="1"><title><narrative>I</narrative></title>
<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
<target value="10"/></period>
</indicator></result>
</iati-activity>
</iati-activities>
"""


def test_check_validates_against_the_schema_with_a_line_per_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    valid = tmp_path / "valid.xml"
    valid.write_bytes(VALID)
    assert main(["iati", "check", str(valid)]) == 0
    assert capsys.readouterr().out == "0 findings\n"
    # Three errors: the root's generated-datetime not a date-time (schema, line 1), <title>
    # after <description> (schema, line 5: the schema's order is title then description), a
    # period that ends before it starts (rule 8.6.1, line 12); and a warning: a target of
    # "10,5" (rule 8.9.2, line 13). 4 findings: 3 errors (2 schema), 1 warning.
    broken = tmp_path / "broken.xml"
    broken.write_bytes(
        VALID.replace(b' version="2.03"', b' version="2.03" generated-datetime="yesterday"')
        .replace(b"<title><narrative>T</narrative></title>\n", b"")
        .replace(
            b"<description><narrative>D</narrative></description>\n",
            b"<description><narrative>D</narrative></description>\n<title><narrative>T</narrative></title>\n",
        )
        .replace(b'iso-date="2020-01-01"/><period-end', b'iso-date="2021-01-01"/><period-end')
        .replace(b'value="10"', b'value="10,5"')
    )
    assert main(["iati", "check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ", 2)[:2] for line in lines[:-1]] == [
        [f"{broken}:1", "schema error"],
        [f"{broken}:5", "schema error"],
        [f"{broken}:12", "8.6.1 error"],
        [f"{broken}:13", "8.9.2 warning"],
    ]
    assert "'yesterday' is not a valid value of the atomic type 'xs:dateTime'" in lines[0]
    assert "[/iati-activities]" in lines[0]
    assert "Element 'description': This element is not expected. Expected is ( title )" in lines[1]
    assert lines[1].endswith("[/iati-activities/iati-activity[1]/description]")
    assert lines[-1] == "4 findings: 3 errors (2 schema), 1 warning"


def test_a_refused_file_exits_2_with_one_line_and_no_traceback(tmp_path: Path, cli: RunCli) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<!DOCTYPE a [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>')
    done = cli("iati", "check", str(bomb))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "billion laughs" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["iati", "check", "/no/such/file.xml"]) == 2
    assert "cannot read the file" in capsys.readouterr().err


def test_check_validates_the_real_files_against_the_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The d-portal copy of the UNDP activity breaks the schema four times: the root has no
    # version (line 5), and the activity has three attributes the datastore added (dataset,
    # generated-datetime, version; line 6). With its 13 direction warnings: 17 findings.
    assert main(["iati", "check", str(UNDP)]) == 1
    lines = capsys.readouterr().out.splitlines()
    schema = [line for line in lines if " schema error: " in line]
    assert [line.split(": ")[0] for line in schema] == [f"{UNDP}:5"] + [f"{UNDP}:6"] * 3
    assert "The attribute 'dataset' is not allowed" in schema[1]
    assert lines[-1] == "17 findings: 4 errors (4 schema), 13 warnings"
    # The World Bank file is valid: only its 30 findings on qualitative values (10 each of
    # 8.8.3, 8.9.3 and 8.10.3).
    assert main(["iati", "check", str(WORLDBANK)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "30 findings: 30 warnings"


def _activities(*bodies: bytes) -> bytes:
    return b"<iati-activities>\n" + b"".join(bodies)


UNDP_ACTIVITY = (
    b"<iati-activity "
    + UNDP.read_bytes().split(b"<iati-activity ", 1)[1].rsplit(b"</iati-activities>", 1)[0]
)


def test_import_to_one_json_file_is_refused_at_the_second_activity_with_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two activities with results, then 20,000 activities without (about 2 MB, many reads of
    # the parser's buffer), then a break in the XML: refused for the second activity, so
    # before the break is read; reading all first would have said "not well-formed".
    many = tmp_path / "many.xml"
    filler = b"<iati-activity><iati-identifier>XX-0</iati-identifier></iati-activity>\n" * 20_000
    many.write_bytes(_activities(UNDP_ACTIVITY, UNDP_ACTIVITY, filler, b"<broken"))
    out = tmp_path / "one.json"
    assert main(["iati", "import", str(many), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "has more than one activity with results (the second, " in err
    assert "is activity 2 of the file" in err
    assert "give a folder for -o" in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [many]  # no temporary file left either


def test_import_counts_the_activities_on_stderr_with_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1 activity with results and 2 without: 3 activities read, 1 document written.
    three = tmp_path / "three.xml"
    empty = b"<iati-activity><iati-identifier>XX-0</iati-identifier></iati-activity>\n"
    three.write_bytes(_activities(empty, UNDP_ACTIVITY, empty, b"</iati-activities>"))
    out = tmp_path / "docs"
    assert main(["iati", "import", "--progress", str(three), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines()[-1] == f"{three}: 3 activities read"
    assert captured.out == f"{three}: 1 activities with results → {out}/\n"
    assert main(["iati", "import", "--progress", str(three), "-o", str(tmp_path / "a.json")]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"{three}: 3 activities read"
    # without --progress, and stderr not a terminal: nothing on stderr
    assert main(["iati", "import", str(three), "-o", str(tmp_path / "b.json")]) == 0
    assert capsys.readouterr().err == ""


def test_check_counts_the_activities_on_stderr_with_progress(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meter, "INTERVAL", float("inf"))  # only the total, however slow
    assert main(["iati", "check", "--progress", str(WORLDBANK)]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"{WORLDBANK}: 1 activity read\n"
    assert captured.out.splitlines()[-1] == "30 findings: 30 warnings"


def test_a_failure_after_progress_leaves_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meter, "INTERVAL", float("inf"))  # no count on the way, however slow
    broken = tmp_path / "broken.xml"
    broken.write_bytes(_activities(UNDP_ACTIVITY, b"<broken"))
    assert main(["iati", "check", "--progress", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1  # no count line after the error: the file was not all read
    assert "not well-formed XML" in err
