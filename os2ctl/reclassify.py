"""Level change proposals (spec section 8, `reclassify`): pure, from requirement results.

- up: an open entry at `concept` or later that meets every requirement of a higher
  level due at its status; the highest such level is proposed.
- down: an entry that fails a requirement of its own level that a lower level does
  not have; the highest lower level whose requirements it meets is proposed.

Only error-severity requirements count, and gaps only a decision can close
(`awaiting_decision`) count neither for nor against a proposal.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from os2ctl.entries import results_for
from os2ctl.evaluate import Result, State
from os2ctl.lifecycle import has_reached
from os2ctl.registry.loader import LoadedFile, Registry

_TEXT = {
    "en": {
        "up": "Meets every requirement of {level} that is due at status {status}, including: {met}.",
        "up_decision": "Only a board decision is missing: {items}.",
        "down": "Fails {title} (report section {section}): {message}.",
        "down_to": "Meets every requirement of {level}.",
    },
    "da": {
        "up": "Opfylder alle krav på {level}, som gælder ved status {status}, herunder: {met}.",
        "up_decision": "Kun en beslutning i bestyrelsen mangler: {items}.",
        "down": "Opfylder ikke kravet »{title}« (rapportens afsnit {section}): {message}.",
        "down_to": "Opfylder alle krav på {level}.",
    },
}


@dataclass(frozen=True)
class Proposal:
    """A proposed change of level for one entry, with the results that justify it."""

    entry: str
    path: str
    title: str
    status: str
    current: str
    proposed: str
    direction: str  # up | down
    met: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    awaiting: list[Result] = field(default_factory=list)

    @property
    def unmet(self) -> list[str]:
        """Ids of the requirements failed at the current level (empty for an up proposal)."""
        return [r.requirement.id for r in self.failed]

    def reasons(self, language: str = "en") -> list[str]:
        """Why, in words a board member understands, citing requirement titles and sections."""
        text = _TEXT[language]
        if self.direction == "up":
            met = "; ".join(f"{r.requirement.title.get(language)} ({r.requirement.section})" for r in self.met)
            reasons = [text["up"].format(level=self.proposed, status=self.status, met=met)]
            if self.awaiting:
                items = "; ".join(r.requirement.title.get(language) for r in self.awaiting)
                reasons.append(text["up_decision"].format(items=items))
            return reasons
        reasons = [
            text["down"].format(title=r.requirement.title.get(language), section=r.requirement.section,
                                message=r.message.rstrip("."))
            for r in self.failed
        ]
        return reasons + [text["down_to"].format(level=self.proposed)]

    def as_dict(self, language: str = "en") -> dict:
        """The JSON object of spec section 8."""
        return {
            "entry": self.entry, "current": self.current, "proposed": self.proposed,
            "direction": self.direction, "reasons": self.reasons(language), "unmet": self.unmet,
        }


def propose_all(registry: Registry, today: dt.date, ids: list[str] | None = None,
                jobs: int | None = None) -> list[Proposal]:
    """Proposals for the given entries (default: all), in id order; invalid entries are skipped.

    Large registries are evaluated by forked worker processes, which share the loaded entries.
    """
    from os2ctl.workers import inherits_memory, map_in_processes, worker_count

    chosen = ids if ids is not None else sorted(registry.entries)
    workers = worker_count(len(chosen), jobs) if inherits_memory() else 1
    if workers > 1:
        proposals = map_in_processes(functools.partial(_propose_id, today), registry, chosen, workers)
    else:
        proposals = [_propose_id(today, registry, entry_id) for entry_id in chosen]
    return [p for p in proposals if p is not None]


def _propose_id(today: dt.date, registry: Registry, entry_id: str) -> Proposal | None:
    return propose(registry, registry.entries[entry_id], today)


def propose(registry: Registry, loaded: LoadedFile, today: dt.date) -> Proposal | None:
    """The proposal for one entry, if its requirements call for a change of level."""
    entry = loaded.model
    if entry is None or not has_reached(entry.status, "idea"):
        return None
    levels = registry.catalogue.levels
    rank = levels.index(entry.level)
    at_level = functools.partial(results_for, registry, loaded, today, shared={})
    current = at_level(entry.level)
    failed_own = [r for r in current if r.blocking and r.requirement.level == entry.level]
    if failed_own:
        return _down(loaded, at_level, levels[:rank], failed_own)
    if has_reached(entry.status, "concept"):
        return _up(registry, loaded, at_level, levels[rank + 1 :])
    return None


def _up(registry: Registry, loaded: LoadedFile, at_level, higher: tuple[str, ...]) -> Proposal | None:
    for level in reversed(higher):
        results = at_level(level)
        if not any(r.blocking for r in results):
            added = [r for r in results if _above(registry, r, loaded.model.level)]
            met = [r for r in added if r.state.satisfied]
            awaiting = [r for r in results if r.failing and r.awaiting_decision and r.requirement.severity == "error"]
            return _proposal(loaded, level, "up", met=met, awaiting=awaiting)
    return None


def _down(loaded: LoadedFile, at_level, lower: tuple[str, ...], failed: list[Result]) -> Proposal | None:
    for level in reversed(lower):
        if not any(r.blocking for r in at_level(level)):
            return _proposal(loaded, level, "down", failed=failed)
    return None


def _above(registry: Registry, result: Result, level: str) -> bool:
    levels = registry.catalogue.levels
    return levels.index(result.requirement.level) > levels.index(level) and result.state is not State.NOT_DUE


def _proposal(loaded: LoadedFile, level: str, direction: str, **results) -> Proposal:
    entry = loaded.model
    return Proposal(loaded.key, loaded.path, entry.title, entry.status, entry.level, level, direction, **results)


def write_proposal(registry: Registry, loaded: LoadedFile, proposal: Proposal | None, today: dt.date,
                   language: str) -> str:
    """Write `proposal:` into the entry (or withdraw one that no longer holds): written, unchanged or withdrawn.

    The same proposed level keeps its first date, so re-running `--apply` changes nothing.
    Only the `proposal:` lines of the file change (round-trip edit).
    """
    from os2ctl.roundtrip import edit_file

    existing = loaded.model.proposal if loaded.model is not None else None
    edit = edit_file(registry.root / loaded.path, loaded.path, read_as=loaded.doc.text)
    if proposal is None:
        if existing is None:
            return "unchanged"
        edit.remove("proposal")
        edit.write(registry.root / loaded.path)
        return "withdrawn"
    date = existing.date if existing is not None and existing.level == proposal.proposed else today
    value = {"level": proposal.proposed, "date": date, "reasons": proposal.reasons(language)}
    edit.set_mapping("proposal", value, before=("decisions", "reports"))
    return "written" if edit.write(registry.root / loaded.path) else "unchanged"
