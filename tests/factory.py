"""Build registries for tests: a small valid registry and entries that meet every requirement."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SETTINGS = {
    "name": "OS2 test registry",
    "language": "da",
    "licenses": ["MPL-2.0", "EUPL-1.2", "GPL-3.0-or-later"],
    "reporting": {"max_report_age_days": 90},
    "portfolio_review_month": 1,
}
ORGANISATION = {
    "people": [
        {"id": pid, "name": name, "organisation": org, "github": gh}
        for pid, name, org, gh in [
            ("mchr", "Mette Christensen", "Aarhus", "mettec"),
            ("lhan", "Lars Hansen", "København", "larsh"),
            ("kjen", "Karen Jensen", "Odense", "karenj"),
            ("pnie", "Peter Nielsen", "Ballerup", "petern"),
            ("apou", "Anne Poulsen", "Viborg", None),
            ("bmgr", "Bo Mortensen", "OS2", "bomo"),
            ("slar", "Sofie Larsen", "Aarhus", "sofiel"),
            ("tkri", "Thomas Kristensen", "Odense", None),
            ("jped", "Julie Pedersen", "Magenta ApS", None),
        ]
    ],
    "board": {"chair": "mchr", "members": ["mchr", "lhan", "kjen", "pnie", "apou"]},
    "business_manager": "bmgr",
    "committees": [{"id": "arkitektur", "name": "Arkitektur", "members": ["slar"]}],
    "interest_groups": [{"id": "taksonomi", "name": "Taksonomi", "members": ["tkri"]}],
}
MEETINGS = {
    "2026-03-19": {"body": "board", "title": "Bestyrelsesmøde marts 2026", "location": "Aarhus Rådhus",
                   "minutes": "https://os2.example/referat-2026-03-19"},
    "2026-06-11": {"body": "general_assembly", "title": "Generalforsamling 2026", "location": "Odense"},
    "2026-09-24": {"body": "board", "title": "Bestyrelsesmøde september 2026", "location": "København"},
    "2026-12-10": {"body": "board", "title": "Bestyrelsesmøde december 2026", "location": "Frederiksberg",
                   "agenda": ["Orientering om KOMBIT-samarbejdet"]},
}
EVIDENCE_IDS = [
    "procurement", "legality", "security", "data-processing", "documentation", "operation-requirements",
    "training-material", "standards-architecture", "project-model", "presentation-material",
    "communication-material", "best-practice", "political-communication", "transition-plan",
]

_FULL = {
    "title": "OS2 Testprodukt",
    "summary": "Et fælles system til sagsbehandling af test.",
    "contact": {"name": "Mette Christensen", "organisation": "Aarhus", "email": "mette@example.org"},
    "municipalities": ["Aarhus", "København", 461],
    "supplier": "Magenta ApS",
    "license": "MPL-2.0",
    "repository": "https://github.com/OS2/testprodukt",
    "value": {"local": "Sparer tid lokalt.", "others": "Kan bruges af alle.", "common": "Fælles værdi."},
    "strategy": {
        "innovation": "Nyt open source-værktøj.", "os2_fit": "Passer til strategien.",
        "relations": "Snitflade til OS2mo.", "national": "Fællesoffentlig strategi.",
        "initiatives": "Understøtter KOMBIT's monopolbrud.",
    },
    "funding": {"source": "local", "budget_dkk": 1_000_000},
    "line_management": [
        {"municipality": "Aarhus", "by": "Digitaliseringschef", "date": "2026-01-05"},
        {"municipality": "København", "by": "IT-chef", "date": "2026-01-06"},
        {"municipality": 461, "by": "Direktør", "date": "2026-01-07"},
    ],
    "governance": {
        "project_owner": "mchr",
        "project_leader": {"person": "slar", "certification": "PRINCE2 Practitioner"},
        "steering_group": {"chair": "mchr", "members": ["mchr", "lhan", "kjen", "tkri"]},
        "coordination_group": {"chair": "kjen", "members": ["kjen", "tkri"], "facilitator": "Magenta ApS"},
    },
    "operation": {"form": "Hostet af leverandøren", "support": "Leverandørens support", "maintenance": "Månedlige releases"},
    "requirements": {rid: {"status": "met", "evidence": f"https://docs.example/{rid}"} for rid in EVIDENCE_IDS},
}


def full_entry(level: str = "N3", status: str = "in_operation", **overrides: Any) -> dict:
    """An entry that meets every requirement of `level` at `status` (today 2026-11-29)."""
    entry = copy.deepcopy(_FULL)
    entry.update(level=level, status=status)
    decisions = [{"date": "2026-02-01", "body": "business_manager", "action": "place", "level": level}]
    if level != "N1" and status not in ("idea", "concept"):
        decisions += [
            {"date": "2026-03-19", "body": "board", "action": "approve", "level": level, "meeting": "2026-03-19"},
            {"date": "2026-03-19", "body": "board", "action": "steering_group", "meeting": "2026-03-19"},
            {"date": "2026-03-19", "body": "board", "action": "approve_budget", "amount_dkk": 1_000_000,
             "meeting": "2026-03-19"},
        ]
    entry["decisions"] = decisions
    entry["reports"] = [{"date": "2026-10-01", "progress": "on_track", "spent_dkk": 400_000}]
    entry.update(overrides)
    return entry


def dump(data: Any) -> str:
    """YAML text for `data` (block style, Danish letters kept)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relative path: text or bytes}` under `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def make_registry(root: Path, entries: dict[str, dict | str] | None = None, **files: Any) -> Path:
    """A valid registry at `root` with the given entries (dicts are dumped, strings written as is)."""
    tree: dict[str, str | bytes] = {
        "os2ctl.yaml": dump(files.pop("settings", SETTINGS)),
        "organisation.yaml": dump(files.pop("organisation", ORGANISATION)),
    }
    for date, meeting in MEETINGS.items():
        tree[f"meetings/{date}.yaml"] = dump(meeting)
    for entry_id, entry in (entries or {}).items():
        tree[f"portfolio/{entry_id}.yaml"] = entry if isinstance(entry, str) else dump(entry)
    return write_tree(root, tree)


def drop(*path):
    """A change to an entry that removes the key at `path`."""
    def mutate(entry):
        target = entry
        for key in path[:-1]:
            target = target[key]
        target.pop(path[-1], None)
    return mutate


def set_to(value, *path):
    """A change to an entry that sets the key at `path` to `value`."""
    def mutate(entry):
        target = entry
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def drop_decision(action):
    """A change to an entry that removes its decisions of one action."""
    def mutate(entry):
        entry["decisions"] = [d for d in entry["decisions"] if d["action"] != action]
    return mutate
