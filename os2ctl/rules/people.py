"""`unknown-person`: every person reference is an id from organisation.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from os2ctl.findings import Finding, Severity
from os2ctl.rules import values_at
from os2ctl.text import did_you_mean

RULE = "unknown-person"
PERSON_FIELDS = {
    "organisation": (
        ("board", "chair"), ("board", "members", "*"), ("business_manager",),
        ("committees", "*", "members", "*"), ("interest_groups", "*", "members", "*"),
    ),
    "meeting": (("attendees", "*"),),
    "entry": (
        ("governance", "project_owner"), ("governance", "project_leader", "person"),
        ("governance", "steering_group", "chair"), ("governance", "steering_group", "members", "*"),
        ("governance", "coordination_group", "chair"), ("governance", "coordination_group", "members", "*"),
        ("requirements", "*", "assessment", "by"),
    ),
}


def check(registry, loaded) -> Iterator[Finding]:
    """Person ids that organisation.yaml does not list."""
    people = _people(registry)
    if people is None:
        return  # organisation.yaml itself is broken: its own findings say so
    for pattern in PERSON_FIELDS.get(loaded.kind, ()):
        for path, value in _values(loaded.doc.data, pattern):
            if isinstance(value, str) and value not in people:
                line, column = loaded.doc.value_position(path)
                message = f"'{value}' is not a person in organisation.yaml{did_you_mean(value, people)}"
                yield Finding(loaded.path, line, column, RULE, Severity.ERROR, message)


def _values(data, pattern):
    if pattern[0] == "requirements" and isinstance(data, dict) and isinstance(data.get("requirements"), dict):
        for key in data["requirements"]:
            yield from values_at(data, ("requirements", key) + pattern[2:])
        return
    yield from values_at(data, pattern)


def _people(registry) -> set[str] | None:
    organisation = registry.files.get("organisation.yaml")
    data = organisation.doc.data if organisation else None
    if not isinstance(data, dict) or not isinstance(data.get("people"), list):
        return None
    return {p["id"] for p in data["people"] if isinstance(p, dict) and isinstance(p.get("id"), str)}
