"""`meetings/<YYYY-MM-DD>.yaml`: a board meeting or general assembly (spec section 3a)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from os2ctl.models.common import PersonRef, Strict, Url


class Meeting(Strict):
    """One meeting; its date is the file name."""

    body: Literal["board", "general_assembly"]
    title: str = Field(min_length=1)
    location: str | None = None
    attendees: list[PersonRef] = Field(default_factory=list)
    agenda: list[str] = Field(default_factory=list, description="extra agenda items, free text")
    minutes: Url | None = None
