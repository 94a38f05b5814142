"""Render a planned or applied migration for people (text) or tools (JSON)."""

from __future__ import annotations

import json

from os2ctl.migrate import Migration

_ACTION = {"moved": "moved", "merged": "merged", "kept-as-comment": "comment", "needs-person": "NEEDS A PERSON"}


def migration_text(migration: Migration, written: list[str] | None) -> str:
    """Entry by entry: what moved, what was merged, what needs a person; then a summary line."""
    lines = [f"Migration from {migration.source} to {migration.target} ({len(migration.entries)} entries)"]
    for entry in migration.entries:
        if not entry.steps:
            continue
        lines.append(f"\n{entry.path}")
        for step in entry.steps:
            lines.append(f"  {_ACTION[step.action]:<15} {step.target or '-':<5} {step.message}")
    people = len(migration.needs_person)
    if written is None:
        lines.append(f"\nDry run: nothing written. {people} items would need a person.")
    else:
        lines.append(f"\nWrote {len(written)} files (os2ctl.yaml now says `model: {migration.target}`). "
                     f"{people} items need a person; `os2ctl check` lists what is still missing.")
    return "\n".join(lines) + "\n"


def migration_json(migration: Migration, written: list[str] | None) -> str:
    """The migration as one JSON document."""
    document = {
        "from": migration.source, "to": migration.target, "dry_run": written is None,
        "written": written or [], "steps": [step.as_dict() for step in migration.steps],
        "needs_person": len(migration.needs_person),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
