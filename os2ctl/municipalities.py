"""The 98 Danish municipalities: names, 3-digit codes and regions."""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import dataclass

from os2ctl.resources import data_file


@dataclass(frozen=True, slots=True)
class Municipality:
    """One municipality as listed by Danmarks Statistik."""

    code: str
    name: str
    region: str


@functools.cache
def all_municipalities() -> tuple[Municipality, ...]:
    """Every municipality, in code order."""
    with data_file("municipalities.csv").open(encoding="utf-8", newline="") as handle:
        rows = [Municipality(r["code"].zfill(3), r["name"], r["region"]) for r in csv.DictReader(handle)]
    return tuple(sorted(rows, key=lambda m: m.code))


@functools.cache
def _by_key() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for municipality in all_municipalities():
        index[municipality.code] = municipality
        index[municipality.name] = municipality
    return index


def lookup(value: object) -> Municipality | None:
    """The municipality named by an official name or a 3-digit code (int or text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        value = f"{value:03d}" if 0 <= value < 1000 else str(value)
    if not isinstance(value, str):
        return None
    return _by_key().get(value.strip())


def fold(text: str) -> str:
    """Lower-case ASCII spelling used to compare names: æ→ae, ø→oe, å→aa."""
    text = text.casefold()
    for letter, ascii_spelling in (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("é", "e"), ("ü", "u")):
        text = text.replace(letter, ascii_spelling)
    return text


@functools.cache
def _folded_names() -> dict[str, str]:
    folded = {fold(m.name): m.name for m in all_municipalities()}
    for municipality in all_municipalities():
        folded.setdefault(fold(municipality.name + " kommune"), municipality.name)
    folded[fold("Københavns Kommune")] = "København"
    return folded


def closest_name(value: object) -> str | None:
    """The official name closest to a misspelt one (`Arhus` → `Aarhus`), if any is close."""
    if not isinstance(value, str) or not value.strip():
        return None
    folded = _folded_names()
    key = fold(value.strip())
    if key in folded:
        return folded[key]
    match = difflib.get_close_matches(key, folded, n=1, cutoff=0.75)
    return folded[match[0]] if match else None


def resolve(value: object) -> Municipality | None:
    """Like `lookup`, but also accepts case and spelling variants that fold to one name."""
    found = lookup(value)
    if found is None and isinstance(value, str):
        exact = _folded_names().get(fold(value.strip()))
        found = lookup(exact) if exact else None
    return found
