"""Writing files safely: atomic replacement, never a half-written file, never a lost edit.

Every write goes to a temporary file in the same folder, is flushed to disk, and replaces
the target with one rename. An edit of an existing file passes the content it was computed
from (`expected`): the write takes an exclusive lock on the file, re-reads it, and refuses
when someone else changed it meanwhile. So two `os2ctl decide` runs on one entry cannot
lose a decision: the second is refused and can simply be run again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from os2ctl.errors import RefusedError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the content check still runs, without the lock
    fcntl = None  # type: ignore[assignment]


def write_atomic(path: Path, text: str, *, expected: str | None = None) -> None:
    """Replace `path` with `text` atomically; with `expected`, only if the file still holds it."""
    path = Path(path)
    if expected is None:
        _replace(path, text)
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held open for the lock
    except FileNotFoundError:
        raise RefusedError(f"{path.name} was removed since os2ctl read it; nothing was written") from None
    with handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        if _current(path, handle) != expected.encode("utf-8"):
            raise RefusedError(f"{path.name} changed on disk since os2ctl read it; nothing was written "
                               "(run the command again to apply it to the new content)")
        _replace(path, text)


def _current(path: Path, handle) -> bytes | None:
    """The file's content now; read through the path when another writer has replaced the file."""
    try:
        if os.stat(path).st_ino != os.fstat(handle.fileno()).st_ino:
            return path.read_bytes()
    except FileNotFoundError:
        return None
    handle.seek(0)
    return handle.read()


def create_atomic(path: Path, text: str) -> None:
    """Write a new file through a temporary file and a hard link: never half-written, never replacing one."""
    path = Path(path)
    temporary = _temporary_copy(path, text, 0o644)
    try:
        _link_new(temporary, path)
        _sync_folder(path.parent)
    finally:
        temporary.unlink(missing_ok=True)


def _link_new(temporary: Path, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if `path` exists, unlike a rename
    except FileExistsError:
        raise RefusedError(f"{path} already exists; refusing to overwrite it") from None
    except OSError:  # a file system without hard links: check, then rename
        if path.exists() or path.is_symlink():
            raise RefusedError(f"{path} already exists; refusing to overwrite it") from None
        os.replace(temporary, path)


def _replace(path: Path, text: str) -> None:
    temporary = _temporary_copy(path, text, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    try:
        os.replace(temporary, path)
        _sync_folder(path.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _temporary_copy(path: Path, text: str, mode: int) -> Path:
    """`text` in a flushed temporary file beside `path` (same file system, so a rename is atomic)."""
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
