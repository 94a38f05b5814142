"""Own statements and assessments: what a product says about each requirement (✅ ❌ ➖ ❓) and how
the secretariat graded it (🟢 🟡 🔴 ⚪), read from `requirements.<id>` of a valid entry.

Pure: the vocabulary of marks and words, one `Statement` per requirement, grade counts and
the one-line summary ("20 of 43 requirements green, 16 yellow, 6 red, 1 grey").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from os2ctl.catalogue import Catalogue, Requirement

GRADES = ("green", "yellow", "red", "grey")
GRADE_MARKS = {"green": "🟢", "yellow": "🟡", "red": "🔴", "grey": "⚪"}
GRADE_WORDS = {
    "da": {"green": "grøn", "yellow": "gul", "red": "rød", "grey": "grå"},
    "en": {"green": "green", "yellow": "yellow", "red": "red", "grey": "grey"},
}
# The self-evaluation template's marks; `planned` has no mark of its own and is a ❌ with a word.
STATUS_MARKS = {
    "met": "✅", "explained": "✅", "not_applicable": "➖", "not_met": "❌", "planned": "❌", "unsure": "❓",
}
# The words of the governance report generator's "Efterlevet?" column (Ja, Nej, Ikke relevant, ...).
STATUS_WORDS = {
    "da": {"met": "Ja", "explained": "Forklaret", "not_applicable": "Ikke relevant", "not_met": "Nej",
           "planned": "Planlagt", "unsure": "Ved ikke"},
    "en": {"met": "Yes", "explained": "Explained", "not_applicable": "Not relevant", "not_met": "No",
           "planned": "Planned", "unsure": "Unsure"},
}
# Danish agrees with "krav" (neuter): singular "grønt", plural "grønne".
_DA_FORMS = {"green": ("grønt", "grønne"), "yellow": ("gult", "gule"), "red": ("rødt", "røde"), "grey": ("gråt", "grå")}


@dataclass(frozen=True)
class Statement:
    """One requirement with the product's own statement and the secretariat's assessment (either may be missing)."""

    requirement: Requirement
    status: str | None = None
    text: str | None = None
    assessment: Any = None

    @property
    def mark(self) -> str:
        """The self-evaluation mark (✅ ❌ ➖ ❓), or '' when the product has not answered."""
        return STATUS_MARKS.get(self.status, "") if self.status else ""

    @property
    def grade(self) -> str | None:
        """green, yellow, red, grey, or None when not assessed."""
        return self.assessment.grade if self.assessment else None


def record_for(entry: Any, requirement_id: str) -> Any | None:
    """The entry's `requirements.<id>` record, if it has one."""
    return getattr(entry.requirements, python_name(requirement_id), None)


def statements(entry: Any, catalogue: Catalogue) -> list[Statement]:
    """One statement per requirement of the catalogue, in catalogue order."""
    found = []
    for req in catalogue.requirements:
        record = record_for(entry, req.id)
        if record is None:
            found.append(Statement(req))
        else:
            text = record.evidence if record.status == "met" else record.explanation or record.evidence
            found.append(Statement(req, record.status, text, record.assessment))
    return found


def grade_counts(items: Iterable[Statement]) -> Counter:
    """How many statements have each grade; `None` counts those not assessed."""
    return Counter(s.grade for s in items)


def summary(counts: Counter, total: int, language: str = "en") -> str:
    """"20 of 43 requirements green, 16 yellow, 6 red, 1 grey" (Danish: "20 af 43 krav er vurderet grønne, ...")."""
    missing = counts.get(None, 0)
    if language == "da":
        green, *rest = [(counts.get(g, 0), _DA_FORMS[g][counts.get(g, 0) != 1]) for g in GRADES]
        others = [f"{n} {word}" for n, word in rest]
        text = f"{green[0]} af {total} krav er vurderet {green[1]}, " + ", ".join(others[:-1]) + f" og {others[-1]}"
        return text + (f"; {missing} er ikke vurderet" if missing else "")
    words = [f"{counts.get(g, 0)} {g}" for g in GRADES[1:]]
    text = f"{counts.get('green', 0)} of {total} requirements green, " + ", ".join(words)
    return text + (f"; {missing} not assessed" if missing else "")


def python_name(requirement_id: str) -> str:
    """The attribute name of a requirement id on the entry model's `requirements`."""
    return requirement_id.replace("-", "_")
