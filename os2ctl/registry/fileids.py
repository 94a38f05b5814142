"""Content ids of registry files: the Git blob id of what each file holds.

Both caches (parsed documents, check results) are keyed by these ids, so a file is
parsed or checked again exactly when its bytes change. Inside a Git work tree the ids
of unchanged tracked files come from the index (no file is read); every other file is
hashed. A file that is not a plain readable file inside the registry gets an id that
is not a blob id (`outside:…`, `missing`, `unreadable`) and is never taken from a cache.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BLOB_ID_LENGTH = 40


def blob_id(data: bytes) -> str:
    """The Git blob id of `data` (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def is_blob_id(content_id: str) -> bool:
    """True for the id of real content (not `missing`, `unreadable` or a link out of the registry)."""
    return len(content_id) == BLOB_ID_LENGTH and ":" not in content_id


def portfolio_ids(root: Path, paths: list[str], size_limit: int | None = None) -> dict[str, str]:
    """Content ids of the registry-relative portfolio `paths`, from the Git index where it is up to date.

    Files over `size_limit` bytes are not read to hash them; their id says their size instead.
    """
    from os2ctl.gitrepo import blob_ids

    known = blob_ids(root, "portfolio", paths) or {}
    links = {f"portfolio/{n}" for n in yaml_names(root / "portfolio", symlinks_only=True)}
    ids = {}
    for relative in paths:
        if relative in known and relative not in links:  # a link's blob is its target's name, not its content
            ids[relative] = known[relative]
        else:
            ids[relative] = content_id(root, relative, size_limit)
    return ids


def content_id(root: Path, relative: str, size_limit: int | None = None) -> str:
    """The Git blob id of a file's content; a link out of the registry (say, to /dev/zero) is never read."""
    full = root / relative
    if outside_registry(root, full):
        return "outside:" + os.path.realpath(full)
    try:
        if not full.is_file():
            return "missing"
        size = full.stat().st_size
        if size_limit is not None and size > size_limit:
            return f"too-large:{size}"
        return blob_id(full.read_bytes())
    except OSError:
        return "unreadable"


def yaml_files(root: Path, folder: str) -> list[str]:
    """Registry-relative paths of the YAML files (`.yaml` and `.yml`) in `root/folder`, sorted."""
    return sorted(f"{folder}/{name}" for name in yaml_names(Path(root) / folder))


def yaml_names(folder: Path, symlinks_only: bool = False) -> list[str]:
    """YAML file names in `folder` (scandir reads the types without a stat per file)."""
    try:
        with os.scandir(folder) as entries:
            if symlinks_only:
                return [e.name for e in entries if e.is_symlink() and e.name.endswith((".yaml", ".yml"))]
            return [e.name for e in entries if e.name.endswith((".yaml", ".yml")) and not e.is_dir()]
    except OSError:
        return []


def outside_registry(root: Path, full: Path) -> bool:
    """True when the registry file `full` is, or lies in a folder that is, a symbolic link out of `root`.

    Such a file is never read: not for checking, not for hashing, not for editing.
    """
    if not (full.is_symlink() or (full.parent != root and full.parent.is_symlink())):
        return False
    try:
        return not full.resolve(strict=True).is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a broken link or a loop: nothing inside the registry to read either
        return True
