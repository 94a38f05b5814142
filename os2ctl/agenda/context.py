"""What every agenda item builder reads: the registry, the dates, the words, the check report."""

from __future__ import annotations

import datetime as dt
import functools
import re
import shlex
from dataclasses import dataclass

from os2ctl.agenda.view import EntryRef, Words, entry_ref
from os2ctl.catalogue import Requirement
from os2ctl.check import CheckReport, check_registry
from os2ctl.messages import Trusted
from os2ctl.models.common import ID_RE
from os2ctl.registry.loader import LoadedFile, Registry

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class AgendaContext:
    """One agenda being built: `previous` is the previous board meeting's date, if any."""

    registry: Registry
    meeting: dt.date
    previous: dt.date | None
    today: dt.date
    language: str
    words: Words
    link_prefix: str = ""
    given_report: CheckReport | None = None

    @functools.cached_property
    def entries(self) -> dict[str, LoadedFile]:
        """Portfolio files by id (computed once: `Registry.entries` builds a new dict per call)."""
        return self.registry.entries

    @functools.cached_property
    def valid(self) -> list[LoadedFile]:
        """Entries with a valid model, in id order."""
        return [loaded for _, loaded in sorted(self.entries.items()) if loaded.model is not None]

    @functools.cached_property
    def report(self) -> CheckReport:
        """The `check` report of the whole registry (given, or computed once) for compliance and the review."""
        return self.given_report if self.given_report is not None else check_registry(self.registry, self.today)

    @functools.cached_property
    def board_meetings(self) -> list[dt.date]:
        """Dates of the valid board meetings, in order."""
        meetings = self.registry.meetings
        return sorted(dt.date.fromisoformat(key) for key, loaded in meetings.items()
                      if loaded.model is not None and loaded.model.body == "board" and _is_date(key))

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """People's names by id (empty when organisation.yaml is unusable)."""
        organisation = self.registry.organisation
        return {person.id: person.name for person in organisation.people} if organisation else {}

    def requirement_title(self, requirement: Requirement) -> Trusted:
        """`Title (N2, 5.4.3)`: the catalogue's title with the level and report section it cites."""
        return self.words["requirement"].fill(
            title=requirement.title.get(self.language), level=requirement.level, section=requirement.section)

    def ref(self, loaded: LoadedFile) -> EntryRef:
        """The entry's reference with a link relative to where the agenda is read."""
        return entry_ref(loaded, self.words, self.link_prefix)

    def decide(self, entry_id: str, action: str, level: str | None = None, amount: int | None = None) -> list[str]:
        """The `os2ctl decide` command that records an outcome (none for an invalid id)."""
        if not ID_RE.match(entry_id):
            return []
        words = ["os2ctl", "decide", entry_id, "--action", action, "--meeting", self.meeting.isoformat()]
        if level:
            words += ["--level", level]
        if amount is not None:
            words += ["--amount", str(amount)]
        return [shlex.join(words)]


def _is_date(text: str) -> bool:
    if not _DATE_RE.match(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
