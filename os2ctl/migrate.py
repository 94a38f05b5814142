"""Move a registry from one governance model to another (`os2ctl migrate --to os2-2025`).

The mapping is data: each requirement of the target catalogue names the requirements of the
source model it replaces (`migrate_from`). Recorded evidence moves to the new id (several
records that become one are merged when they agree); whatever cannot be moved is kept as a
comment in the file, and every requirement that now needs a person's statement is listed.

Entries are edited round-trip, one file at a time; `os2ctl.yaml` is switched to the new model
last, so an interrupted run can simply be run again (ids already in the target model are kept).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from os2ctl.catalogue import Catalogue, Requirement, load_catalogue
from os2ctl.errors import RefusedError, UsageError
from os2ctl.lifecycle import has_reached
from os2ctl.registry.loader import SETTINGS_FILE, Registry
from os2ctl.roundtrip import dump_text, load_text

SATISFYING = ("met", "not_applicable")


@dataclass(frozen=True)
class Step:
    """One thing the migration did, or could not do, for one entry."""

    entry: str
    action: str  # moved | merged | kept-as-comment | needs-person
    target: str | None
    sources: tuple[str, ...]
    message: str

    def as_dict(self) -> dict:
        """The step as a JSON object."""
        return {"entry": self.entry, "action": self.action, "requirement": self.target,
                "from": list(self.sources), "message": self.message}


@dataclass
class EntryMigration:
    """The new text of one entry file and the steps that made it."""

    id: str
    path: str
    old_text: str
    new_text: str
    steps: list[Step] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the file's text changes."""
        return self.old_text != self.new_text


@dataclass
class Migration:
    """A planned migration of a whole registry; nothing is written until `apply_migration`."""

    source: str
    target: str
    entries: list[EntryMigration]
    settings_text: str
    old_settings_text: str | None = None  # what os2ctl.yaml held when planned: the write refuses if it changed

    @property
    def steps(self) -> list[Step]:
        """Every step, entry by entry."""
        return [step for entry in self.entries for step in entry.steps]

    @property
    def needs_person(self) -> list[Step]:
        """What a person must look at after the migration."""
        return [step for step in self.steps if step.action in ("needs-person", "kept-as-comment")]


def plan_migration(registry: Registry, target_id: str) -> Migration:
    """Plan moving every entry of `registry` to the model `target_id`; refuses when no mapping exists."""
    source = registry.catalogue
    if registry.settings.model == target_id:
        raise UsageError(f"the registry already uses {target_id}; nothing to migrate")
    target = load_catalogue(target_id)
    if not any(req.sources(source.id) for req in target.requirements):
        raise UsageError(f"{target_id} has no mapping from {source.id} (no `migrate_from: {{{source.id}: ...}}`)")
    # Files the loader refused (a link out of the registry, too large, not UTF-8) are never read here either.
    entries = [_plan_entry(registry, loaded.key, loaded.path, source, target) for loaded in
               sorted(registry.entries.values(), key=lambda f: f.key) if loaded.doc.text is not None]
    old_settings = (registry.root / SETTINGS_FILE).read_text(encoding="utf-8")
    return Migration(source.id, target_id, entries, _settings_text(old_settings, target_id), old_settings)


def apply_migration(registry: Registry, migration: Migration) -> list[str]:
    """Write the migrated entries, then os2ctl.yaml; returns the registry-relative paths written."""
    from os2ctl.edit import write_atomic

    _refuse_invalid(migration)
    written = []
    for entry in migration.entries:
        if entry.changed:
            write_atomic(registry.root / entry.path, entry.new_text, expected=entry.old_text)
            written.append(entry.path)
    write_atomic(registry.root / SETTINGS_FILE, migration.settings_text, expected=migration.old_settings_text)
    return written + [SETTINGS_FILE]


def _plan_entry(registry: Registry, entry_id: str, path: str, source: Catalogue, target: Catalogue) -> EntryMigration:
    old_text = (registry.root / path).read_text(encoding="utf-8")
    data = load_text(old_text, path)
    migration = EntryMigration(entry_id, path, old_text, old_text)
    if not isinstance(data, dict):
        return migration
    records = data.get("requirements")
    records = records if isinstance(records, dict) else {}
    new, leftover = _move_records(migration, records, source, target)
    _list_missing(migration, data, new, target)
    if records:
        data["requirements"] = new
        if leftover:
            data.yaml_set_comment_before_after_key("requirements", before="\n".join(leftover), indent=0)
    if data.get("level") not in target.levels:
        migration.steps.append(Step(entry_id, "needs-person", None, (), f"level {data.get('level')!r} is not a level "
                                    f"of {target.id} ({', '.join(target.levels)}): the board decides the new level"))
    migration.new_text = dump_text(data, old_text)
    return migration


def _move_records(migration: EntryMigration, records: dict, source: Catalogue, target: Catalogue):
    from ruamel.yaml.comments import CommentedMap

    recordable = set(source.statement_ids())
    new, used, leftover = CommentedMap(), set(), []
    for req in target.requirements:
        if req.id in records:  # already migrated (a second run)
            new[req.id] = records[req.id]
            used.add(req.id)
            continue
        sources = [s for s in req.sources(source.id) if s in recordable]
        present = [s for s in sources if s in records]
        if not present:
            continue
        used.update(present)
        record = _combine(migration, req, sources, present, records)
        if record is None:
            leftover += [_comment(source.id, s, records[s]) for s in present]
        else:
            new[req.id] = record
    for key, record in records.items():
        if key not in used:
            leftover.append(_comment(source.id, key, record))
            migration.steps.append(Step(migration.id, "kept-as-comment", None, (key,),
                                        f"`requirements.{key}` has no counterpart in {target.id}; kept as a comment"))
    return new, leftover


def _combine(migration: EntryMigration, req: Requirement, sources: list[str], present: list[str], records: dict):
    if len(sources) == 1:
        record = records[present[0]]
        step = Step(migration.id, "moved", req.id, tuple(present), f"`{present[0]}` is now `{req.id}`")
        migration.steps.append(step)
        if _get(record, "status") == "explained" and req.kind != "follow_or_explain":
            migration.steps.append(Step(migration.id, "needs-person", req.id, tuple(present),
                                        f"`{req.id}` needs evidence; `explained` is only for follow-or-explain"))
        return record
    return _merge(migration, req, sources, present, records)


def _merge(migration: EntryMigration, req: Requirement, sources: list[str], present: list[str], records: dict):
    from ruamel.yaml.comments import CommentedMap

    statuses = [_get(records[s], "status") for s in present]
    if not (all(s in SATISFYING for s in statuses) and "met" in statuses):
        message = (f"`{req.id}` combines {', '.join(sources)}, whose statuses differ "
                   f"({', '.join(f'{s}: {st}' for s, st in zip(present, statuses))}); kept as comments")
        migration.steps.append(Step(migration.id, "needs-person", req.id, tuple(present), message))
        return None
    evidence = "; ".join(f"{s}: {_text(records[s])}" for s in present)
    merged = CommentedMap([("status", "met"), ("evidence", evidence)])
    merged.fa.set_flow_style()
    migration.steps.append(Step(migration.id, "merged", req.id, tuple(present),
                                f"{', '.join(present)} are now `{req.id}`"))
    missing = [s for s in sources if s not in present]
    if missing:
        migration.steps.append(Step(migration.id, "needs-person", req.id, tuple(present),
                                    f"`{req.id}` also covers {', '.join(missing)}, which was not recorded: "
                                    "check that it is met"))
    return merged


def _list_missing(migration: EntryMigration, data: dict, new: dict, target: Catalogue) -> None:
    level, status = data.get("level"), data.get("status")
    if level not in target.levels or not isinstance(status, str):
        return
    for req in target.up_to(level):
        if req.takes_evidence and req.id not in new and has_reached(status, req.due):
            migration.steps.append(Step(migration.id, "needs-person", req.id, (),
                                        f"new, due now, nothing to move: record the product's statement "
                                        f"({req.title.da})"))


def _comment(model_id: str, key: str, record: Any) -> str:
    text = " ".join(_text(record).split()) if isinstance(record, dict) else str(record)
    return f"{model_id} {key}: {_get(record, 'status') or '?'} — {text}"


def _get(record: Any, key: str) -> Any:
    return record.get(key) if isinstance(record, dict) else None


def _text(record: Any) -> str:
    return str(_get(record, "evidence") or _get(record, "explanation") or "")


def _settings_text(old_text: str, target_id: str) -> str:
    data = load_text(old_text, SETTINGS_FILE)
    if "model" in data:
        data["model"] = target_id
    else:
        position = list(data).index("language") + 1 if "language" in data else len(data)
        data.insert(position, "model", target_id)
    return dump_text(data, old_text)


def _refuse_invalid(migration: Migration) -> None:
    """Refuse when an entry that was valid under the old model would not be valid under the new one."""
    from os2ctl.models.entry import entry_model
    from os2ctl.registry.validation import validate
    from os2ctl.registry.yamlread import read_document

    old_model = entry_model(load_catalogue(migration.source))
    new_model = entry_model(load_catalogue(migration.target))
    problems = []
    for entry in migration.entries:
        was_valid = not validate(old_model, read_document(entry.path, entry.old_text.encode()))[1]
        findings = validate(new_model, read_document(entry.path, entry.new_text.encode()))[1]
        if was_valid and findings:
            problems += [f"{f.path}:{f.line}:{f.column}: {f.message}" for f in findings]
    if problems:
        raise RefusedError("the migrated entries would not be valid; nothing was written:\n  " + "\n  ".join(problems))
