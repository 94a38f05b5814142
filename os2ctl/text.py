"""Small text helpers shared by checks and rules."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

PLACEHOLDERS = frozenset({"todo", "tbd", "...", "…", "xxx", "-"})
_REPOSITORY_RE = re.compile(r"^https://([A-Za-z0-9.-]+\.[A-Za-z]{2,})(/[^\s]*)?$")


def described(text: object) -> bool:
    """True when `text` describes something: not empty, whitespace or a placeholder."""
    if not isinstance(text, str):
        return False
    stripped = text.strip()
    return bool(stripped) and stripped.casefold() not in PLACEHOLDERS


def placeholder(text: object) -> str | None:
    """The placeholder `text` consists of (`TODO`, `...`), if it is one."""
    if isinstance(text, str) and text.strip() and text.strip().casefold() in PLACEHOLDERS:
        return text.strip()
    return None


def normalise_repository(url: str) -> str | None:
    """A comparable form of an https repository URL, or None when it is not one."""
    match = _REPOSITORY_RE.match(url.strip())
    if not match:
        return None
    path = (match.group(2) or "").rstrip("/").removesuffix(".git")
    return f"https://{match.group(1).lower()}{path.lower()}"


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest candidate, or an empty string."""
    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def join_or(words: Iterable[str]) -> str:
    """'a', 'b' or 'c'."""
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
