"""Writing files all or nothing: what a failure leaves, permissions, symlinks, encodings."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from resultsframe import DocumentError, files
from resultsframe import document as doc
from strategies import showcase


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _text() -> str:
    return doc.dumps(showcase())


def test_a_failed_rename_leaves_no_partial_file_and_the_old_one_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "framework.json"
    path.write_text("the old content", encoding="utf-8")
    text = _text()

    def refuse(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(DocumentError, match="cannot write the file: Permission denied"):
        files.write_text(path, text)
    assert path.read_text(encoding="utf-8") == "the old content"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_leaves_no_partial_file_and_the_old_one_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "framework.json"
    path.write_text("the old content", encoding="utf-8")
    text = _text()

    def full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DocumentError, match="No space left on device"):
        files.write_text(path, text)
    assert path.read_text(encoding="utf-8") == "the old content"
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_is_cleaned_up_and_re_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "framework.json"
    text = _text()

    def interrupt(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        files.write_text(path, text)
    assert not path.exists()
    assert _leftovers(tmp_path) == []


def test_writing_into_a_folder_that_does_not_exist_is_a_document_error(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "framework.json"
    with pytest.raises(DocumentError) as info:
        files.write_text(path, _text())
    assert str(path) in str(info.value)


def test_writing_onto_a_folder_is_a_document_error(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    # resultsframe.files names the folder before trying to write (document.write_atomic said
    # "cannot write the file" once the rename failed).
    with pytest.raises(DocumentError, match="this is a folder"):
        files.write_text(tmp_path / "taken", _text())
    assert _leftovers(tmp_path) == []


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "framework.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o640)
    files.write_text(path, _text())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_new_file_gets_the_permissions_the_umask_allows(tmp_path: Path) -> None:
    text = _text()
    mask = os.umask(0o027)
    try:
        files.write_text(tmp_path / "new.json", text)
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


def test_writing_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    files.write_text(link, _text())
    assert link.is_symlink()
    assert doc.load(target) == showcase()


def test_write_text_refuses_text_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    with pytest.raises(DocumentError, match="cannot be written as UTF-8"):
        files.write_text(path, "\ud800")
    assert not path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    # `-o /dev/null` or a pipe: renaming a file over it would replace the device with a file.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    files.write_text(pipe, "through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file either
