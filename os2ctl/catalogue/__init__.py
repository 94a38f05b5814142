"""Governance models: a versioned requirement catalogue (data) plus named derived checks.

A model is a YAML file in `os2ctl/catalogue/models/`. Its requirements are rows of
data; a `derived` requirement names a check registered in `checks.py`. Adding a model
means adding a file (and, if it needs them, new named checks); the engine in
`os2ctl.evaluate` does not change.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from os2ctl.errors import RegistryError
from os2ctl.lifecycle import STAGES

MODELS_DIR = Path(__file__).resolve().parent / "models"
Kind = Literal["described", "evidence", "follow_or_explain", "derived"]


class Titled(BaseModel):
    """A text in Danish and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    da: str
    en: str

    def get(self, language: str) -> str:
        """The text in `language` (da or en)."""
        return self.en if language == "en" else self.da


class Requirement(BaseModel):
    """One row of a catalogue."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    level: str
    theme: str
    kind: Kind
    due: str
    title: Titled
    section: str
    met_when: str
    field: str | None = None
    check: str | None = None
    not_applicable: bool = False
    severity: Literal["error", "warning"] = "error"
    # The model's own guidance to products (os2-2025: "Retningslinjer"), in the model's language.
    guideline: str | None = None
    # Where this requirement came from in other models: {model id: [requirement ids]}, as pairs
    # so that the frozen model stays hashable. Read it with `sources(model_id)`.
    migrate_from: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @field_validator("migrate_from", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        return tuple((k, tuple(v)) for k, v in value.items()) if isinstance(value, dict) else value

    def sources(self, model_id: str) -> tuple[str, ...]:
        """Ids of the requirements of model `model_id` that this one replaces."""
        return dict(self.migrate_from).get(model_id, ())

    @property
    def takes_evidence(self) -> bool:
        """True when the entry records this requirement under `requirements:`."""
        return self.kind in ("evidence", "follow_or_explain")


class Catalogue(BaseModel):
    """A governance model: ordered levels, themes and requirements."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    version: str
    title: Titled
    source: str
    levels: tuple[str, ...]
    board_levels: tuple[str, ...]
    themes: dict[str, Titled]
    requirements: tuple[Requirement, ...]
    stages: tuple[str, ...] = STAGES
    # True when the model's self-evaluation covers every requirement (os2-2025): an entry may
    # then record its own statement and an assessment under `requirements.<id>` for any id.
    self_evaluation: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Catalogue:
        from os2ctl.catalogue.checks import CHECKS

        for req in self.requirements:
            problems = [
                req.level not in self.levels and f"level {req.level}",
                req.theme not in self.themes and f"theme {req.theme}",
                req.due not in self.stages and f"due stage {req.due}",
                req.kind == "described" and not req.field and "no field",
                req.kind == "derived" and req.check not in CHECKS and f"check {req.check}",
            ]
            bad = [p for p in problems if p]
            if bad:
                raise ValueError(f"requirement {req.id}: unknown {', '.join(bad)}")
        return self

    def level_index(self, level: str) -> int:
        """Rank of a level (0 for the lowest)."""
        return self.levels.index(level)

    def requirement(self, requirement_id: str) -> Requirement | None:
        """The requirement with this id, if any."""
        return self.by_id.get(requirement_id)

    @functools.cached_property
    def by_id(self) -> dict[str, Requirement]:
        """Requirements keyed by id."""
        return {req.id: req for req in self.requirements}

    def up_to(self, level: str) -> list[Requirement]:
        """Requirements of `level` and every level below it (levels are cumulative)."""
        return self._cumulative[level]

    @functools.cached_property
    def _cumulative(self) -> dict[str, list[Requirement]]:
        ranks = {level: index for index, level in enumerate(self.levels)}
        return {
            level: [req for req in self.requirements if ranks[req.level] <= ranks[level]] for level in self.levels
        }

    def evidence_ids(self) -> list[str]:
        """Ids of the requirements met by evidence recorded under `requirements:`."""
        return [req.id for req in self.requirements if req.takes_evidence]

    def statement_ids(self) -> list[str]:
        """Ids an entry may list under `requirements:` (every id when the model has a self-evaluation)."""
        return [req.id for req in self.requirements] if self.self_evaluation else self.evidence_ids()


def available_models() -> list[str]:
    """Ids of the governance models shipped with os2ctl."""
    return sorted(path.stem for path in MODELS_DIR.glob("*.yaml"))


@functools.cache
def load_catalogue(model_id: str = "os2-2016") -> Catalogue:
    """Load a governance model by id; an unknown id is a RegistryError."""
    path = MODELS_DIR / f"{model_id}.yaml"
    if not path.is_file():
        known = ", ".join(available_models())
        raise RegistryError(f"unknown governance model '{model_id}' (known: {known})")
    with path.open(encoding="utf-8") as handle:
        return Catalogue.model_validate(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
