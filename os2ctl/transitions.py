"""`check --base REV`: what a change did to each entry since REV (rule `transition`, spec sections 5 and 7).

Compared with its version at REV, an entry may not:
- move its status in a way section 5 does not allow, or make a move that a decision makes
  (place, approve, send_back, reject, stop, retire) without adding that decision;
- change, remove or reorder a past decision: the log is append-only;
- add a decision that its body cannot take (only the board reclassifies or approves), a board
  decision dated other than its meeting, or a `place` decision that changes a placed entry's level;
- disappear while open: an entry leaves the portfolio by being closed, not deleted.

Reading the base goes through os2ctl.gitrepo; files whose blob is unchanged are skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from os2ctl.findings import Finding, Severity, sort_findings
from os2ctl.lifecycle import BOARD_BODIES, CLOSED, STATUSES, has_reached, move_allowed
from os2ctl.registry.loader import PORTFOLIO_DIR, LoadedFile, Registry
from os2ctl.registry.yamlread import read_document
from os2ctl.text import join_or

RULE = "transition"
# The decision that makes each status move (spec section 5); other moves need none.
MOVE_DECISION = {"concept": "place", "approved": "approve", "idea": "send_back",
                 "rejected": "reject", "stopped": "stop", "retired": "retire"}


def load_base(root: Path, revision: str) -> dict[str, bytes]:
    """{registry-relative path: content at `revision`} of the portfolio files that differ from the work tree."""
    from os2ctl import gitrepo
    from os2ctl.errors import UsageError
    from os2ctl.registry.fileids import portfolio_ids

    repo = gitrepo.open_repository(root)
    if repo is None:
        raise UsageError(f"--base needs the registry to be in a Git repository; {root} is not in one")
    commit = gitrepo.resolve_commit(repo, revision)
    prefix = gitrepo.relative_to_repository(repo, root)
    prefix = "" if prefix == "." else prefix + "/"
    blobs = gitrepo.blobs_at_revision(repo, commit, prefix + PORTFOLIO_DIR)
    at_base = {path.removeprefix(prefix): sha for path, sha in blobs.items() if path.endswith(".yaml")}
    current = portfolio_ids(root, list(at_base))  # from Git's index where it is up to date, else hashed
    changed = {relative: sha for relative, sha in at_base.items() if current[relative] != sha}
    contents = gitrepo.read_blobs(repo, list(changed.values()))
    return {path: contents[sha] for path, sha in changed.items()}


def check_transitions(registry: Registry, base: dict[str, bytes]) -> list[Finding]:
    """`transition` findings for every entry whose version at the base is given in `base`.

    `registry` needs only its context (settings, catalogue); the current entry files are read
    here, so only the changed ones are parsed.
    """
    from os2ctl.registry.loader import load_entry_file

    findings: list[Finding] = []
    for path, raw in sorted(base.items()):
        old = read_document(path, raw).data
        old = old if isinstance(old, dict) else {}
        if not (registry.root / path).is_file():
            findings.extend(_deleted(path, old))
            continue
        loaded = registry.files.get(path) or load_entry_file(registry, path)
        if isinstance(loaded.doc.data, dict):
            findings.extend(compare_entry(registry, old, loaded))
    return sort_findings(findings)


def transition_findings(root: Path, revision: str) -> list[Finding]:
    """Every `transition` finding of the registry at `root` against the Git revision `revision`."""
    from os2ctl.registry.loader import load_context

    base = load_base(root, revision)
    return check_transitions(load_context(root), base) if base else []


def with_transitions(report: Any, root: Path, revision: str, paths: Iterable[str] | None = None) -> Any:
    """`report` (a CheckReport) with the transition findings against `revision` added."""
    found = transition_findings(root, revision)
    if paths is not None:
        selected = set(paths)
        found = [f for f in found if f.path in selected]
    return dataclasses.replace(report, findings=sort_findings([*report.findings, *found]))


def compare_entry(registry: Registry, old: dict, loaded: LoadedFile) -> Iterator[Finding]:
    """Transition findings for one entry present at the base and now."""
    new = loaded.doc.data
    old_log, new_log = _log(old), _log(new)
    added = yield from _log_changes(loaded, old_log, new_log)
    yield from _status_move(registry, loaded, old, new, added)
    yield from _added_decisions(loaded, old, new, added)


def _log_changes(loaded: LoadedFile, old_log: list, new_log: list) -> Iterator[Finding]:
    """Findings for changed, removed or moved past decisions; returns [(index, decision)] added."""
    intact = new_log[: len(old_log)] == old_log
    for index, decision in enumerate(old_log):
        if intact:
            break
        if index < len(new_log) and new_log[index] == decision:
            continue
        name = _describe(decision, index)
        if decision in new_log:
            yield _finding(loaded, ("decisions", new_log.index(decision)),
                           f"{name} was moved: the decision log is append-only, new decisions go at its end")
        elif index < len(new_log):
            yield _finding(loaded, ("decisions", index),
                           f"{name} was changed: the decision log is append-only; record a new decision instead")
        else:
            yield _finding(loaded, ("decisions",), f"{name} was removed: the decision log is append-only")
    # Items at old positions were reported above when they differ; only what lies beyond is new.
    return [(i, d) for i, d in enumerate(new_log) if i >= len(old_log) and d not in old_log]


def _status_move(registry: Registry, loaded: LoadedFile, old: dict, new: dict, added: list) -> Iterator[Finding]:
    before, after = _status(old), _status(new)
    if before is None or after is None or before == after:
        return
    level = new.get("level") if new.get("level") in registry.catalogue.levels else None
    if not move_allowed(before, after, level=level, board_levels=registry.catalogue.board_levels):
        allowed = [s for s in STATUSES if s != before and move_allowed(before, s, level=level,
                                                                        board_levels=registry.catalogue.board_levels)]
        hint = f"; from {before} an entry can move to {', '.join(allowed)}" if allowed else ""
        yield _finding(loaded, ("status",), f"status moved from {before} to {after}, which section 5 does not allow"
                       + (f" at {level}" if level and (before, after) in _LEVEL_BOUND else "") + hint)
        return
    action = MOVE_DECISION.get(after)
    if action and not any(isinstance(d, dict) and d.get("action") == action for _i, d in added):
        yield _finding(loaded, ("status",), f"status moved from {before} to {after} without a '{action}' decision: "
                       f"record it with `os2ctl decide {loaded.key} --action {action}`")


_LEVEL_BOUND = {("concept", "approved"), ("concept", "in_progress")}


def _added_decisions(loaded: LoadedFile, old: dict, new: dict, added: list) -> Iterator[Finding]:
    from os2ctl.decide import ACTION_BODIES

    placed = _status(old) is not None and has_reached(_status(old), "concept")
    for index, decision in added:
        if not isinstance(decision, dict):
            continue
        action, body = decision.get("action"), decision.get("body")
        bodies = ACTION_BODIES.get(action)
        if bodies and body not in bodies:
            yield _finding(loaded, ("decisions", index, "body"),
                           f"the '{action}' decision is taken by {join_or(bodies)}, not by '{body}'")
        meeting = decision.get("meeting")
        if body in BOARD_BODIES and meeting is not None and str(decision.get("date")) != str(meeting):
            yield _finding(loaded, ("decisions", index, "date"),
                           f"the decision is dated {decision.get('date')} but names the meeting of {meeting}; "
                           "a decision taken at a meeting carries the meeting's date")
        if action == "place" and placed and decision.get("level") != old.get("level"):
            yield _finding(loaded, ("decisions", index, "level"),
                           f"a 'place' decision cannot move a placed entry from {old.get('level')} to "
                           f"{decision.get('level')}: only the board changes the level (reclassify)")


def _deleted(path: str, old: dict) -> Iterator[Finding]:
    status = _status(old)
    if status in CLOSED:
        return
    entry = Path(path).stem
    yield Finding(path, 1, 1, RULE, Severity.ERROR,
                  f"the entry was deleted instead of closed: an entry leaves the portfolio by a reject, stop or "
                  f"retire decision (`os2ctl decide {entry} --action reject|stop|retire`), and its file stays",
                  entry=entry)


def _log(data: dict) -> list:
    """The decision log, with dates as text: `2026-02-01` and `'2026-02-01'` are the same decision."""
    log = data.get("decisions")
    if not isinstance(log, list):
        return []
    return [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in d.items()} if isinstance(d, dict) else d
            for d in log]


def _status(data: dict) -> str | None:
    status = data.get("status")
    return status if status in STATUSES else None


def _describe(decision: Any, index: int) -> str:
    if not isinstance(decision, dict):
        return f"decision {index + 1}"
    parts = [str(decision.get(k)) for k in ("date", "body", "action", "level") if decision.get(k) is not None]
    return f"decision {index + 1} ({', '.join(parts)})"


def _finding(loaded: LoadedFile, path: tuple, message: str) -> Finding:
    line, column = loaded.doc.position(path)
    return Finding(loaded.path, line, column, RULE, Severity.ERROR, message, entry=loaded.key)
