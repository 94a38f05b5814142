"""The one module that talks to Git (through GitPython, which runs the git binary).

History is read in one pass (`git log --name-status`), never one call per file:
see the README's performance notes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from os2ctl.errors import UsageError


class _LazyGit:
    """GitPython, imported on first use: `import git` alone costs more than a warm `check`."""

    def __getattr__(self, name: str):
        import git as module

        globals()["git"] = module
        return getattr(module, name)


git = _LazyGit()


@dataclass(frozen=True)
class FileChange:
    """One file touched by one commit: A(dded), M(odified), D(eleted), R(enamed)."""

    status: str
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class Commit:
    """A commit with the registry files it changed (paths relative to the repository root)."""

    sha: str
    date: dt.datetime
    author: str
    subject: str
    changes: list[FileChange] = field(default_factory=list)


def open_repository(path: Path) -> git.Repo | None:
    """The Git repository containing `path`, or None when it is not in one."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def relative_to_repository(repo: git.Repo, path: Path) -> str:
    """`path` relative to the repository's work tree, in POSIX form."""
    return Path(path).resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()


def has_uncommitted_changes(repo: git.Repo, path: Path) -> bool:
    """True when `path` is modified, staged, or untracked in the work tree."""
    relative = relative_to_repository(repo, path)
    return bool(repo.git.status("--porcelain", "--", relative).strip())


def commit_on_new_branch(repo: git.Repo, branch: str, files: list[Path], message: str) -> str:
    """Create `branch` from HEAD, switch to it, and commit exactly `files`; returns the commit sha."""
    if branch in [head.name for head in repo.heads]:
        raise UsageError(f"the branch '{branch}' already exists")
    relative = [relative_to_repository(repo, f) for f in files]
    repo.git.switch("-c", branch)
    repo.git.add("--", *relative)
    repo.git.commit("-m", message, "--only", "--", *relative)
    return repo.head.commit.hexsha


def read_at_revision(repo: git.Repo, revision: str, path: str) -> bytes | None:
    """The content of `path` (repository-relative) at `revision`, or None if it did not exist."""
    try:
        return repo.git.show(f"{revision}:{path}", stdout_as_string=False)
    except git.GitCommandError:
        return None


def history(repo: git.Repo, folder: str, since: dt.date | None = None) -> list[Commit]:
    """Commits touching `folder`, newest first, with their file changes, read in one pass."""
    marker = "\x1e"
    arguments = ["--name-status", "-M", f"--format={marker}%H%x1f%aI%x1f%an%x1f%s"]
    if since is not None:
        arguments.append(f"--since={since.isoformat()}")
    try:
        output = repo.git.log(*arguments, "--", folder)
    except git.GitCommandError:
        return []  # e.g. a repository without commits
    return [_parse_commit(block) for block in output.split(marker) if block.strip()]


def _parse_commit(block: str) -> Commit:
    header, *lines = block.strip("\n").split("\n")
    sha, date, author, subject = header.split("\x1f", 3)
    changes = []
    for line in lines:
        parts = line.split("\t")
        if len(parts) >= 2:
            status = parts[0][:1]
            changes.append(FileChange(status, parts[-1], parts[1] if status == "R" and len(parts) == 3 else None))
    return Commit(sha, dt.datetime.fromisoformat(date), author, subject, changes)


def branch_exists(repo: git.Repo, branch: str) -> bool:
    """True when a local branch of that name exists."""
    return branch in [head.name for head in repo.heads]


def is_ignored(repo: git.Repo, path: Path) -> bool:
    """True when .gitignore (or another exclude file) ignores `path`."""
    try:
        repo.git.check_ignore("-q", "--", relative_to_repository(repo, path))
    except git.GitCommandError:
        return False
    return True


def remote_names(repo: git.Repo) -> list[str]:
    """Names of the repository's remotes (`origin` first when there is one)."""
    names = [remote.name for remote in repo.remotes]
    return sorted(names, key=lambda name: name != "origin")


def commit_new_file(repo: git.Repo, branch: str, path: Path, message: str) -> str:
    """`commit_on_new_branch` for one file, with Git's own complaint as a one-line RefusedError."""
    from os2ctl.errors import RefusedError

    try:
        return commit_on_new_branch(repo, branch, [path], message)
    except git.GitCommandError as exc:
        text = str(exc.stderr or "").strip().removeprefix("stderr:").strip().strip("'")
        detail = next((line.strip() for line in text.splitlines() if line.strip()), f"exit status {exc.status}")
        raise RefusedError(f"git {exc.command[1] if len(exc.command) > 1 else ''} failed: {detail}") from None


# Attributes with which Git may write a file's work-tree bytes differently from its blob.
_CONVERTING_ATTRIBUTES = {"text", "eol", "crlf", "filter", "ident", "working-tree-encoding"}


def blob_ids(folder: Path, subfolder: str, paths: list[str]) -> dict[str, str] | None:
    """Git blob ids of the unchanged tracked files under `folder/subfolder`, keyed by path relative to `folder`.

    Only where the work-tree bytes are known to be the blob's: files that are modified,
    untracked, marked assume-unchanged or skip-worktree, or that Git converts on checkout
    (`core.autocrlf`, attributes such as `eol` or `filter`) are left out, and the caller hashes
    them. None when `folder` is not in a Git work tree. Uses the git binary directly, four
    processes at once: importing GitPython would cost more than the whole lookup, and `check`
    pays for it on every run. Only `paths` (relative to `folder`, under `subfolder`) are asked
    about; the caller has listed them already.
    """
    done = _run_git_together(folder, {
        # Attributes depend on the path alone, so the paths can be asked about right away (first:
        # its input is written before the other outputs are read).
        "attributes": (["check-attr", "--all", "--stdin", "-z"], "\0".join(paths)),
        "autocrlf": (["config", "--get", "core.autocrlf"], None),
        "staged": (["ls-files", "-s", "-v", "-z", "--", subfolder], None),
        "changed": (["ls-files", "-m", "-o", "--exclude-standard", "-z", "--", subfolder], None),
    })
    if any(done[key] is None or done[key][0] != 0 for key in ("attributes", "staged", "changed")):
        return None
    autocrlf_status, autocrlf = done["autocrlf"] or (None, "")
    if not (autocrlf_status == 1 or (autocrlf_status == 0 and autocrlf.strip().lower() in _GIT_FALSE)):
        return None  # set to true, input or any other spelling of yes: line endings are converted
    fields = done["attributes"][1].split("\0")
    converted = {path for path, name in zip(fields[0::3], fields[1::3]) if name in _CONVERTING_ATTRIBUTES}
    unconverted = set(paths) - converted  # only the asked-about paths get ids
    skipped = set(done["changed"][1].split("\0"))
    ids = {}
    for record in done["staged"][1].split("\0"):
        meta, _, path = record.partition("\t")  # "<tag> <mode> <blob> <stage>", path
        parts = meta.split()
        # Tag "H" is a plain cached file; lowercase (assume-unchanged) or "S" (skip-worktree) are not compared.
        if len(parts) == 4 and parts[0] == "H" and path in unconverted and path not in skipped:
            ids[path] = parts[2]
    return ids


_GIT_FALSE = {"false", "no", "off", "0"}


def _run_git_together(folder: Path, commands: dict[str, tuple[list[str], str | None]],
                      timeout: float = 60) -> dict[str, tuple[int, str] | None]:
    """(exit status, standard output) of each git command, run side by side; None when one could not run."""
    import subprocess
    import time

    started = {}
    for key, (arguments, stdin) in commands.items():
        try:
            started[key] = subprocess.Popen(
                ["git", *arguments], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL if stdin is None else subprocess.PIPE)
        except OSError:
            started[key] = None
    deadline = time.monotonic() + timeout
    results: dict[str, tuple[int, str] | None] = {}
    for key, process in started.items():
        if process is None:
            results[key] = None
            continue
        stdin = commands[key][1]
        try:
            out, _ = process.communicate(None if stdin is None else stdin.encode("utf-8", "surrogateescape"),
                                         timeout=max(0.0, deadline - time.monotonic()))
            results[key] = (process.returncode, out.decode("utf-8", "surrogateescape"))
        except (subprocess.SubprocessError, OSError):
            process.kill()
            process.communicate()  # reap it and close its pipes
            results[key] = None
    return results


def resolve_commit(repo: git.Repo, revision: str) -> str:
    """The commit sha `revision` names; a bad or missing revision is a UsageError saying what to fetch."""
    if not revision or revision.startswith("-") or any(ch.isspace() or ord(ch) < 32 for ch in revision):
        raise UsageError(f"--base: '{revision}' is not a Git revision")
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except git.GitCommandError:
        pass
    shallow = _is_shallow(repo)
    where = " in this shallow clone" if shallow else ""
    raise UsageError(
        f"--base: unknown revision '{revision}'{where}: fetch the base first, e.g. "
        f"`git fetch origin {revision.removeprefix('origin/')}`"
        + (" or `git fetch --unshallow`" if shallow else "")
        + " (in GitHub Actions: actions/checkout with fetch-depth: 0)"
    )


def _is_shallow(repo: git.Repo) -> bool:
    try:
        return repo.git.rev_parse("--is-shallow-repository").strip() == "true"
    except git.GitCommandError:
        return False


def blobs_at_revision(repo: git.Repo, revision: str, folder: str) -> dict[str, str]:
    """{repository-relative path: blob sha} of the files under `folder` at `revision` (one `ls-tree`)."""
    output = repo.git.ls_tree("-r", "-z", "--full-tree", revision, "--", folder)
    blobs = {}
    for record in output.split("\0"):
        if "\t" not in record:
            continue
        meta, path = record.split("\t", 1)
        _mode, kind, sha = meta.split()
        if kind == "blob":
            blobs[path] = sha
    return blobs


def read_blobs(repo: git.Repo, shas: list[str]) -> dict[str, bytes]:
    """{sha: content} for blobs, read through one persistent `git cat-file --batch` process."""
    contents = {}
    for sha in dict.fromkeys(shas):
        _sha, _kind, _size, data = repo.git.get_object_data(sha)
        contents[sha] = data
    return contents
