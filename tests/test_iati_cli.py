"""``resultsframe iati import|export|check``, run in this process (``test_cli_entry_point.py``
runs them through the installed script)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli
from resultsframe import document, iati
from resultsframe.cli import main

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
    assert main(["iati", "check", str(UNDP)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 13
    assert lines[0].startswith(f"{UNDP}:6: direction warning: ascending='0' says less is better")


def test_check_exits_0_without_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean.xml"
    clean.write_bytes(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
    assert main(["iati", "check", str(clean)]) == 0
    assert capsys.readouterr().out == ""


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
