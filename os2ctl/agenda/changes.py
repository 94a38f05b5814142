"""Changes to the portfolio since the previous meeting, read from Git history in one pass.

One `git log --name-status` lists the commits and the files they touched; the before and
after versions of those files come through one persistent `git cat-file` process.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Any

from os2ctl.agenda.context import AgendaContext
from os2ctl.agenda.view import Change, EntryRef
from os2ctl.registry.loader import PORTFOLIO_DIR
from os2ctl.registry.yamlread import read_document


def portfolio_changes(ctx: AgendaContext) -> list[Change] | None:
    """Entries added or removed, status or level changed, decisions recorded; None outside Git."""
    try:
        from os2ctl import gitrepo
    except ImportError:  # GitPython could not find a git binary
        return None
    repo = gitrepo.open_repository(ctx.registry.root)
    if repo is None:
        return None
    folder = gitrepo.relative_to_repository(repo, ctx.registry.root / PORTFOLIO_DIR)
    # git reads a bare date as that day at the current time, so ask from the day before and filter here.
    since = ctx.previous - dt.timedelta(days=1) if ctx.previous else None
    commits = [c for c in reversed(gitrepo.history(repo, folder, since=since)) if _in_window(ctx, c.date.date())]
    touched = [(commit, change) for commit in commits for change in _split_renames(commit.changes)
               if PurePosixPath(change.path).parent.as_posix() == folder and change.path.endswith(".yaml")]
    # An added file needs no reading: the agenda shows the entry as it is now.
    specs = sorted({spec for commit, change in touched for spec in _specs(commit.sha, change)})
    try:
        contents = gitrepo.read_blobs(repo, specs)  # `<sha>:<path>` names a blob as well as its sha does
    except ValueError:  # a version that is not there after all: read them one by one
        contents = {spec: gitrepo.read_at_revision(repo, *spec.split(":", 1)) for spec in specs}
    changes: list[Change] = []
    for commit, change in touched:
        before, after = (_data(contents[spec]) if spec else None for spec in _specs(commit.sha, change, True))
        changes += _compare(ctx, commit.date.date().isoformat(), PurePosixPath(change.path).stem,
                            change.status, before, after)
    return changes


def _split_renames(changes: list) -> list:
    """A renamed file is another entry (the file name is the id): the old one removed, the new one added."""
    split = []
    for change in changes:
        if change.status == "R" and change.old_path:
            split += [replace(change, status="D", path=change.old_path, old_path=None),
                      replace(change, status="A", old_path=None)]
        else:
            split.append(change)
    return split


def _specs(sha: str, change, pairs: bool = False) -> list[str]:
    """`revision:path` of the versions to compare: none for an added file, the old one for a deleted one."""
    before = f"{sha}^:{change.path}" if change.status != "A" else ""
    after = f"{sha}:{change.path}" if change.status not in ("A", "D") else ""
    return [before, after] if pairs else [spec for spec in (before, after) if spec]


def _in_window(ctx: AgendaContext, day: dt.date) -> bool:
    """From the previous meeting's day to today, or to the meeting's day for an agenda rendered afterwards."""
    return (ctx.previous is None or day >= ctx.previous) and day <= min(ctx.today, ctx.meeting)


def _data(content: bytes | None) -> dict[str, Any] | None:
    if content is None:
        return None
    data = read_document("entry.yaml", content).data
    return data if isinstance(data, dict) else {}


def _compare(ctx: AgendaContext, date: str, entry_id: str, status: str, before: dict | None,
             after: dict | None) -> list[Change]:
    text = ctx.words["changes"]
    ref = _ref(ctx, entry_id, after or before or {})
    if status == "A":
        return [Change(date, ref, text["added"], "")]
    if status == "D":
        return [Change(date, ref, text["removed"], "")]
    if before is None or after is None:
        return []
    changes, words = [], ctx.words
    if before.get("status") != after.get("status"):
        detail = words.plain(text["from_to"], [words.label("status", before.get("status")),
                                               words.label("status", after.get("status"))])
        changes.append(Change(date, ref, text["status"], detail))
    if before.get("level") != after.get("level"):
        detail = words.plain(text["from_to"], [_text(before.get("level")), _text(after.get("level"))])
        changes.append(Change(date, ref, text["level"], detail))
    for decision in _new_decisions(before.get("decisions"), after.get("decisions")):
        changes.append(Change(date, ref, text["decision"], _decision(ctx, decision)))
    return changes


def _new_decisions(before: object, after: object) -> list[dict]:
    """Decisions in `after` that were not in `before` (compared as whole records)."""
    old = [json.dumps(d, sort_keys=True, default=str) for d in before] if isinstance(before, list) else []
    new = []
    for decision in after if isinstance(after, list) else []:
        key = json.dumps(decision, sort_keys=True, default=str)
        if key in old:
            old.remove(key)
        elif isinstance(decision, dict):
            new.append(decision)
    return new


def _decision(ctx: AgendaContext, decision: dict) -> str:
    words = ctx.words
    parts = [words.label("actions", decision.get("action")), _text(decision.get("level")),
             words.label("bodies", decision.get("body")), _text(decision.get("date"))]
    return words.plain(ctx.words["changes"]["separator"], parts)


def _ref(ctx: AgendaContext, entry_id: str, data: dict) -> EntryRef:
    loaded = ctx.entries.get(entry_id)
    if loaded is not None:
        return ctx.ref(loaded)
    status = data.get("status")
    return EntryRef(entry_id, _text(data.get("title")) or entry_id, _text(data.get("level")),
                    ctx.words.label("status", status) if isinstance(status, str) else "",
                    f"{PORTFOLIO_DIR}/{entry_id}.yaml", "")


def _text(value: object) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)
