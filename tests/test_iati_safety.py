"""IATI files are untrusted: no DTD, no entities, no network, size limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from resultsframe import DocumentError, ResultsframeError, iati
from resultsframe.iati import source

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier>
<result type="1"><title><narrative>&lol9;</narrative></title></result>
</iati-activity></iati-activities>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier>
<result type="1"><title><narrative>&secret;</narrative></title></result>
</iati-activity></iati-activities>
"""

NETWORK_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [ <!ENTITY remote PUBLIC "-//X//Y" "http://127.0.0.1:9/x.xml"> ]>
<iati-activities version="2.03"><iati-activity>&remote;</iati-activity></iati-activities>
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    written = {}
    for name, data in (
        ("billion-laughs.xml", BILLION_LAUGHS),
        ("external-entity.xml", EXTERNAL_ENTITY),
        ("network-entity.xml", NETWORK_ENTITY),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        written[name] = path
    return written


def refused(data: bytes | Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        iati.read(data)
    assert isinstance(caught.value, ResultsframeError)
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_a_billion_laughs_file_is_refused_naming_entity_expansion(files: dict[str, Path]) -> None:
    error = refused(files["billion-laughs.xml"])
    assert [p.code for p in error.problems] == ["entity-expansion"]
    assert "billion laughs" in str(error)
    assert str(files["billion-laughs.xml"]) in str(error)


def test_an_external_entity_file_is_refused_naming_the_external_entity(
    files: dict[str, Path],
) -> None:
    error = refused(files["external-entity.xml"])
    assert [p.code for p in error.problems] == ["external-entity"]
    assert "external entity" in str(error)
    assert "root:" not in str(error)  # nothing of /etc/passwd was read


def test_an_entity_on_the_network_is_refused_before_anything_is_fetched(
    files: dict[str, Path],
) -> None:
    assert [p.code for p in refused(files["network-entity.xml"]).problems] == ["external-entity"]


@pytest.mark.parametrize("reader", [iati.check, lambda d: list(iati.read_iter(d))])
def test_every_reader_refuses_them(reader: object, files: dict[str, Path]) -> None:
    for path in files.values():
        with pytest.raises(DocumentError):
            reader(path)  # type: ignore[operator]


def test_a_doctype_without_entities_is_refused_too() -> None:
    data = b'<!DOCTYPE iati-activities SYSTEM "http://example.org/iati.dtd"><iati-activities/>'
    assert [p.code for p in refused(data).problems] == ["doctype"]
    plain = b"<!DOCTYPE iati-activities><iati-activities/>"
    assert [p.code for p in refused(plain).problems] == ["doctype"]


def test_a_dtd_after_comments_and_in_utf_16_is_found() -> None:
    data = b"<?xml version='1.0'?>\n<!-- <iati-activities> in a comment -->\n" + BILLION_LAUGHS[22:]
    assert [p.code for p in refused(data).problems] == ["entity-expansion"]
    utf16 = BILLION_LAUGHS.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    assert [p.code for p in refused(utf16.encode("utf-16")).problems] == ["entity-expansion"]


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<iati-activities>" + b" " * 2000 + b"</iati-activities>")
    with pytest.raises(DocumentError, match="more than the limit of 1,000"):
        iati.read(path, max_bytes=1000)
    assert iati.read(path, max_bytes=None) == []


def test_an_activity_with_too_many_elements_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source, "MAX_ELEMENTS", 10)
    data = (
        b"<iati-activities><iati-activity>" + b"<x/>" * 11 + b"</iati-activity></iati-activities>"
    )
    with pytest.raises(DocumentError, match="more than 10 elements"):
        iati.read(data)


def test_a_prolog_too_long_to_check_is_refused() -> None:
    data = b"<!--" + b"x" * (1024 * 1024 + 10) + b"--><iati-activities/>"
    assert [p.code for p in refused(data).problems] == ["prolog"]


def test_xml_that_is_not_well_formed_names_line_and_column() -> None:
    error = refused(b"<iati-activities>\n<iati-activity>\n</iati-activities>")
    assert error.problems[0].code == "xml"
    assert error.problems[0].where[0].startswith("line 3, column")


def test_a_file_that_is_not_iati_is_refused() -> None:
    assert refused(b"<html><body/></html>").problems[0].code == "not-iati"


def test_a_missing_file_is_a_document_error(tmp_path: Path) -> None:
    assert refused(tmp_path / "missing.xml").problems[0].code == "file"


def _attributes(n: int) -> str:
    return " ".join(f'a{i}="{i}"' for i in range(n))


@pytest.mark.parametrize("where", ["root", "activity", "result"])
def test_100000_attributes_on_one_element_are_refused_when_the_tag_is_read(where: str) -> None:
    # lxml reads an element's attributes in time quadratic in their number (20,000 took 1.4 s;
    # a file with 100,000 on one element was not read in 8 minutes), so an element with more
    # than MAX_ATTRIBUTES is refused from its start tag, before anything reads its attributes.
    many = _attributes(100_000)
    data = (
        f'<iati-activities version="2.03" {many if where == "root" else ""}>\n'
        f"<iati-activity {many if where == 'activity' else ''}>\n"
        f"<iati-identifier>XX-1</iati-identifier>\n"
        f'<result type="1" {many if where == "result" else ""}/>'
        "</iati-activity></iati-activities>"
    ).encode()
    line = {"root": 1, "activity": 2, "result": 4}[where]
    # the root has version and the result type besides the 100,000: 100,001 attributes
    total = {"root": "100,001", "activity": "100,000", "result": "100,001"}[where]
    for reader in (iati.read, iati.check):
        with pytest.raises(DocumentError) as caught:
            reader(data)
        (problem,) = caught.value.problems
        assert problem.code == "size"
        assert f"has {total} attributes, more than the limit of 1,000" in problem.message
        assert problem.where == (f"line {line}",)


def test_an_element_with_as_many_attributes_as_the_limit_is_read() -> None:
    data = (
        "<iati-activities version='2.03'><iati-activity><iati-identifier>XX-1</iati-identifier>"
        f"<result type='1' {_attributes(source.MAX_ATTRIBUTES - 1)}>"
        "<title><narrative>R</narrative></title></result></iati-activity></iati-activities>"
    ).encode()
    # type plus 999 others: 1,000 attributes, the limit itself
    (framework,) = iati.read(data)
    assert len(framework) == 1
