"""Writing files all or nothing: the one implementation every writer in resultsframe uses.

A file is written to a temporary file in the same folder (named ``.NAME.XXXXXXXX.tmp``),
flushed to disk, then renamed over the target, and the folder itself is synced so that the
rename survives a power cut. A failure at any point removes the temporary file and leaves an
existing file as it was; a new file gets the permissions the umask allows, an existing one keeps
its own. A writer killed outright (``SIGKILL``, power cut) can leave its temporary file behind:
its name says what it was for, and the next write to the same target removes it. A name too
long to take the temporary file's tail is cut short in the temporary file's name (two such
names alike in their first 240 bytes share their leftovers).

A path that cannot name a file to write (``''``, ``/``, ``.``, a folder, a name longer than the
file system allows, a folder that does not exist) and a write the system refuses (a full disk,
``ulimit -f``) are a :class:`~resultsframe.exceptions.DocumentError` naming the path and why;
nothing is left behind.

A path that names something other than a regular file (``/dev/null``, ``/dev/stdout``, a named
pipe) is written to directly: it is never replaced by a file, and "all or nothing" has no
meaning for it.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from resultsframe.exceptions import DocumentError, Problem

__all__ = ["read_bytes", "write_bytes", "write_text"]

# Files are read in pieces of this many bytes, so that a limit is kept without trusting st_size.
_PIECE = 1024 * 1024


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None, what: str = "file") -> bytes:
    """The bytes of the file at ``path``, refusing one that holds more than ``max_bytes``.

    The file is read in pieces, never more than one byte past the limit: the size the system
    reports is not trusted, as ``/dev/zero``, a pipe or a file that grows report less than they
    hold. None reads any size.

    Raises:
        DocumentError: if the file cannot be read, or holds more than ``max_bytes``; it names
            the file (``what`` says what it is, "file" unless told) and the limit.

    >>> read_bytes("/dev/zero", max_bytes=10)
    Traceback (most recent call last):
    ...
    resultsframe.exceptions.DocumentError: /dev/zero: the file holds more than the limit of 10 bytes; pass max_bytes=None to read it anyway
    """
    pieces: list[bytes] = []
    held = 0
    try:
        with open(path, "rb") as handle:
            while max_bytes is None or held <= max_bytes:
                want = _PIECE if max_bytes is None else min(_PIECE, max_bytes + 1 - held)
                piece = handle.read(want)
                if not piece:
                    break
                pieces.append(piece)
                held += len(piece)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise DocumentError(
            [Problem("file", f"cannot read the file: {reason}")], source=os.fspath(path)
        ) from None
    if max_bytes is not None and held > max_bytes:
        raise DocumentError(
            [
                Problem(
                    "size",
                    f"the {what} holds more than the limit of {max_bytes:,} bytes; "
                    "pass max_bytes=None to read it anyway",
                )
            ],
            source=os.fspath(path),
        )
    return b"".join(pieces)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` in UTF-8, atomically.

    Raises:
        DocumentError: if the text cannot be encoded as UTF-8 or the file cannot be written;
            it names the file and the reason.
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DocumentError(
            [Problem("encoding", f"the text cannot be written as UTF-8 ({exc.reason})")],
            source=os.fspath(path),
        ) from None
    write_bytes(path, data)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path``, atomically.

    Raises:
        DocumentError: if the file cannot be written; it names the file and the reason.
    """
    target = _target(path)
    if _is_special(target):
        _write_through(target, data)
        return
    _remove_leftovers(target)
    tmp = target.with_name(f"{_stem(target)}.{secrets.token_hex(4)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:
        raise _refuse(str(target), f"cannot write here: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(target).st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _refuse(str(target), f"cannot write the file: {_reason(exc)}") from None
        raise
    _sync_folder(target.parent)


def _target(path: str | os.PathLike[str]) -> Path:
    """The file to write: a path that names a file, its symlink followed; else refused."""
    name = os.fspath(path)
    if name == "":
        raise _refuse("''", "an empty name: give the path of a file to write")
    try:
        target = Path(name)
        if target.name in ("", ".", ".."):
            raise _refuse(name, "this is not a file name: give the path of a file to write")
        if target.is_symlink():
            target = target.resolve()
        if target.is_dir():
            raise _refuse(str(target), "this is a folder: give the path of a file inside it")
    except (OSError, ValueError, RuntimeError) as exc:
        # A name too long for the file system, a NUL in it, a loop of symlinks.
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise _refuse(_cut(name), f"cannot write here: {reason}") from None
    return target


def _is_special(target: Path) -> bool:
    """Whether the path names an existing device, pipe or socket (not a regular file)."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_through(target: Path, data: bytes) -> None:
    """Write to a device or pipe in place: renaming a file over ``/dev/null`` would replace it."""
    try:
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise _refuse(str(target), f"cannot write here: {_reason(exc)}") from None


def _stem(target: Path) -> str:
    """The start of the temporary file's name: ``.NAME``, cut to fit beside a 14-byte tail.

    A name as long as the file system allows is still written: its temporary file's name is
    the same name cut short (``.NAME.XXXXXXXX.tmp`` must fit in the ~255 bytes a name may have).
    """
    room = _NAME_MAX - len(".") - len(".XXXXXXXX.tmp")
    name = target.name[:room]  # a character is at least a byte
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    return f".{name}"


# The longest file name (in bytes) on the common file systems (ext4, APFS, NTFS in UTF-16 units).
_NAME_MAX = 255


def _cut(name: str) -> str:
    return name if len(name) <= 80 else f"{name[:60]}… ({len(name):,} characters)"


def _remove_leftovers(target: Path) -> None:
    # Temporary files of earlier writes to the same target that were killed before cleaning up.
    stem = _stem(target)
    with suppress(OSError):
        for leftover in target.parent.glob(f"{_glob_escape(stem)}.*.tmp"):
            suffix = leftover.name[len(stem) + 1 : -4]
            if len(suffix) == 8 and all(c in "0123456789abcdef" for c in suffix):
                with suppress(OSError):
                    leftover.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _sync_folder(folder: Path) -> None:
    # So that the rename itself survives a power cut; not every system can open a folder.
    with suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _reason(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))


def _refuse(source: str, message: str) -> DocumentError:
    return DocumentError([Problem("file", message)], source=source)
