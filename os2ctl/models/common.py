"""Building blocks shared by the file models."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,63}$"
ID_RE = re.compile(ID_PATTERN)
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL_RE = re.compile(r"^https?://[^\s]+$")


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, values are not silently coerced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, populate_by_name=True)


def _email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


def _url(value: str) -> str:
    if not URL_RE.match(value):
        raise ValueError(f"'{value}' is not an http(s) URL")
    return value


Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
Url = Annotated[str, AfterValidator(_url), Field(json_schema_extra={"format": "uri"})]
Id = Annotated[str, Field(pattern=ID_PATTERN)]
# A person reference; whether the person exists is the `unknown-person` rule's job.
PersonRef = Annotated[str, Field(description="a person id from organisation.yaml")]
Text = Annotated[str, Field(description="free text")]
Dkk = Annotated[int, Field(ge=0, description="an amount in Danish kroner")]
