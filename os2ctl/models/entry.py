"""`portfolio/<id>.yaml`: one project or product (spec section 4).

The model depends on the governance model in force: its levels and its requirement
ids are part of the schema, so `entry_model(catalogue)` builds (and caches) the class.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import Field, WithJsonSchema, create_model, model_validator

from os2ctl.catalogue import Catalogue
from os2ctl.lifecycle import ACTION_BODIES, ACTIONS, BOARD_BODIES, BODIES, LEVEL_ACTIONS, STATUSES
from os2ctl.models.common import Dkk, Email, PersonRef, Strict, Text, Url

def _municipality_schema() -> dict:
    from os2ctl.municipalities import all_municipalities

    every = all_municipalities()
    return {
        "description": "an official municipality name or its 3-digit code",
        "anyOf": [{"enum": [m.name for m in every]}, {"enum": [int(m.code) for m in every]}],
    }


Municipality = Annotated[int | str, WithJsonSchema(_municipality_schema())]
Status = Literal[STATUSES]  # type: ignore[valid-type]


class Contact(Strict):
    """Who proposed the entry, or who to ask about it."""

    name: str = Field(min_length=1)
    organisation: str | None = None
    email: Email | None = None


class Value(Strict):
    """The value the entry creates."""

    local: Text | None = Field(None, description="N1: the local value")
    others: Text | None = Field(None, description="N1: the potential value for other municipalities")
    common: Text | None = Field(None, description="N2: the value for many or all municipalities")


class Strategy(Strict):
    """How the entry fits OS2's strategy."""

    innovation: Text | None = Field(None, description="N1: how it supports innovation, local dynamics, open source")
    os2_fit: Text | None = Field(None, description="N2: fit with OS2's vision and strategy")
    relations: Text | None = Field(None, description="N2: relation to other OS2 projects and products")
    related: list[str] = Field(default_factory=list, description="ids of related entries")
    national: Text | None = Field(None, description="N3: link to national strategies")
    initiatives: Text | None = Field(None, description="N3: coherence with KL, KOMBIT and Agency for Digitisation")


class Funding(Strict):
    """Where the money comes from."""

    source: Literal["local", "os2", "mixed"] | None = None
    budget_dkk: Dkk | None = None


class LineApproval(Strict):
    """Backing from one participating municipality's line management."""

    municipality: Municipality
    by: Text | None = Field(None, description="who gave the backing (a title or a name)")
    date: dt.date | None = None


class ProjectLeader(Strict):
    """The project leader: certified, or with documented experience."""

    person: PersonRef
    certification: Text | None = None
    experience: Text | None = None


class SteeringGroup(Strict):
    """A steering group, with its chair among its members."""

    chair: PersonRef | None = None
    members: list[PersonRef] = Field(default_factory=list)


class CoordinationGroup(SteeringGroup):
    """The coordination group a product gets when it goes into operation."""

    facilitator: Text | None = Field(None, description="e.g. the supplier that facilitates the group")


class Governance(Strict):
    """Who owns, leads and steers the project."""

    project_owner: PersonRef | None = None
    project_leader: ProjectLeader | None = None
    steering_group: SteeringGroup | None = None
    coordination_group: CoordinationGroup | None = None


class Operation(Strict):
    """How the product is operated (N2)."""

    form: Text | None = None
    support: Text | None = None
    maintenance: Text | None = None


# met / explained / not_applicable satisfy a requirement (spec section 4). The other three are
# the os2-2025 self-evaluation's answers that do not: ❌ "Nej", "Planlagt" and ❓ "Ved ikke".
EVIDENCE_STATUSES = ("met", "explained", "not_applicable", "not_met", "planned", "unsure")


class Assessment(Strict):
    """The secretariat's grade of one requirement (a traffic light), with its basis."""

    grade: Literal["green", "yellow", "red", "grey"] = Field(
        description="green met, yellow partly met, red not met, grey not relevant")
    by: PersonRef
    date: dt.date
    basis: Text | None = Field(None, description="why this grade (Vurderingsgrundlag)")
    recommendation: Text | None = Field(None, description="what to do next (Anbefaling)")


class Evidence(Strict):
    """The entry's own statement about one requirement, and the secretariat's assessment of it."""

    status: Literal[EVIDENCE_STATUSES] | None = None  # type: ignore[valid-type]
    evidence: Text | None = Field(None, description="a URL or document reference (status met)")
    explanation: Text | None = Field(None, description="why (status explained or not_applicable)")
    assessment: Assessment | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Evidence:
        if self.status is None and self.assessment is None:
            raise ValueError("a requirement record needs a `status` or an `assessment`")
        return self


class Report(Strict):
    """A progress report to the business manager and the board."""

    date: dt.date
    progress: Literal["on_track", "at_risk", "off_track"]
    spent_dkk: Dkk | None = None
    note: Text | None = None


def _decision_needs(decision: Any) -> Any:
    if decision.action in LEVEL_ACTIONS and decision.level is None:
        raise ValueError(f"a '{decision.action}' decision names the level it decides")
    if decision.body not in ACTION_BODIES[decision.action]:
        takers = " or ".join(b.replace("_", " ") for b in ACTION_BODIES[decision.action])
        raise ValueError(f"a '{decision.action}' decision is taken by the {takers}, not the "
                         f"{decision.body.replace('_', ' ')}")
    if decision.body in BOARD_BODIES and decision.meeting is None:
        raise ValueError(f"a decision by the {decision.body.replace('_', ' ')} names its meeting")
    return decision


_MODELS: dict[tuple[str, str], type[Strict]] = {}


def entry_model(catalogue: Catalogue) -> type[Strict]:
    """The pydantic model of a portfolio entry under `catalogue` (built once per catalogue)."""
    key = (catalogue.id, catalogue.version)
    if key not in _MODELS:
        _MODELS[key] = _build_entry_model(catalogue)
        _make_picklable(_MODELS[key], f"{catalogue.id}_{catalogue.version}")
    return _MODELS[key]


def _make_picklable(model: type[Strict], suffix: str) -> None:
    """Give the generated classes module-level names, so validated entries can cross processes."""
    tag = "".join(c if c.isalnum() else "_" for c in suffix)
    for cls in (model, *_generated_parts(model)):
        name = f"{cls.__name__}__{tag}"
        cls.__qualname__ = name
        globals()[name] = cls


def _generated_parts(model: type[Strict]) -> list[type]:
    parts = []
    for field in ("requirements", "proposal", "decisions"):
        annotation = model.model_fields[field].annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            if isinstance(candidate, type) and issubclass(candidate, Strict) and candidate.__module__ == __name__:
                parts.append(candidate)
            for inner in getattr(candidate, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, Strict):
                    parts.append(inner)
    return parts


def _build_entry_model(catalogue: Catalogue) -> type[Strict]:
    level = Literal[catalogue.levels]  # type: ignore[valid-type]
    fields = {
        req_id: (Evidence | None, Field(None, alias=req_id, description=catalogue.by_id[req_id].title.en))
        for req_id in catalogue.statement_ids()
    }
    requirements = create_model("Requirements", __base__=Strict, **_python_names(fields))
    proposal = create_model(
        "Proposal", __base__=Strict, level=(level, ...), date=(dt.date, ...),
        reasons=(list[str], Field(default_factory=list)),
    )
    decision = create_model(
        "Decision",
        __base__=Strict,
        __validators__={"needs": model_validator(mode="after")(_decision_needs)},
        date=(dt.date, ...),
        body=(Literal[BODIES], ...),  # type: ignore[valid-type]
        action=(Literal[ACTIONS], ...),  # type: ignore[valid-type]
        level=(level | None, None),
        meeting=(dt.date | None, Field(None, description="the meeting's date (its file name)")),
        amount_dkk=(Dkk | None, None),
        note=(Text | None, None),
        reference=(Url | None, None),
    )
    return create_model(
        "Entry",
        __base__=Strict,
        __doc__="A project or product in the OS2 portfolio; the file name is its id.",
        title=(str, Field(min_length=1)),
        summary=(Text, Field(description="the idea")),
        level=(level, ...),
        status=(Status, ...),
        contact=(Contact, ...),
        municipalities=(list[Municipality], Field(description="official names or 3-digit codes")),
        participants=(list[str], Field(default_factory=list)),
        supplier=(Text | None, None),
        license=(str | None, Field(None, description="SPDX licence id")),
        repository=(str | None, Field(None, description="the one core repository (https URL)")),
        value=(Value, Field(default_factory=Value)),
        strategy=(Strategy, Field(default_factory=Strategy)),
        funding=(Funding, Field(default_factory=Funding)),
        line_management=(list[LineApproval], Field(default_factory=list)),
        governance=(Governance, Field(default_factory=Governance)),
        operation=(Operation, Field(default_factory=Operation)),
        requirements=(requirements, Field(default_factory=requirements)),
        proposal=(proposal | None, None),
        decisions=(list[decision], Field(default_factory=list)),
        reports=(list[Report], Field(default_factory=list)),
    )


def _python_names(fields: dict[str, tuple]) -> dict[str, tuple]:
    return {name.replace("-", "_"): spec for name, spec in fields.items()}
