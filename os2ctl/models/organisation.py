"""`organisation.yaml`: people, the board, the business manager and groups (spec section 3)."""

from __future__ import annotations

from pydantic import Field, model_validator

from os2ctl.models.common import Email, Id, PersonRef, Strict


class Person(Strict):
    """Someone the registry refers to by id."""

    id: Id
    name: str = Field(min_length=1)
    organisation: str | None = None
    email: Email | None = None
    github: str | None = Field(None, pattern=r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$", description="GitHub handle, without @")


class Board(Strict):
    """The board (bestyrelse): the portfolio steering group."""

    chair: PersonRef
    members: list[PersonRef] = Field(min_length=1)

    @model_validator(mode="after")
    def _chair_is_member(self) -> Board:
        if self.chair not in self.members:
            raise ValueError(f"the chair '{self.chair}' must be one of the board's members")
        return self


class Group(Strict):
    """A committee (fagligt udvalg) or an interest group (faggruppe)."""

    id: Id
    name: str = Field(min_length=1)
    members: list[PersonRef] = Field(default_factory=list)


class Organisation(Strict):
    """Who is who in the association."""

    people: list[Person] = Field(min_length=1)
    board: Board
    business_manager: PersonRef
    committees: list[Group] = Field(default_factory=list)
    interest_groups: list[Group] = Field(default_factory=list)

    @model_validator(mode="after")
    def _business_manager_has_no_vote(self) -> Organisation:
        if self.business_manager in self.board.members:
            raise ValueError("the business manager attends board meetings without a vote and cannot be a board member")
        return self
