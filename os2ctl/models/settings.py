"""`os2ctl.yaml`: the registry's settings (spec section 2)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from os2ctl.models.common import Strict

DEFAULT_LICENSES = [
    "MPL-2.0", "EUPL-1.2", "GPL-3.0-or-later", "AGPL-3.0-or-later",
    "LGPL-3.0-or-later", "Apache-2.0", "MIT", "BSD-3-Clause",
]


class Reporting(Strict):
    """How often N2/N3 projects in progress must report."""

    max_report_age_days: int = Field(90, ge=1, description="N2/N3 projects in progress report at least this often")


class Limits(Strict):
    """Safety limits for reading registry files."""

    max_file_bytes: int = Field(2_000_000, ge=1000, description="larger files are reported, not parsed")


class Settings(Strict):
    """The registry root marker and its settings."""

    name: str = Field(min_length=1, description="the association's name")
    language: Literal["da", "en"] = Field("da", description="language of rendered documents")
    model: str = Field("os2-2016", description="the governance model (requirement catalogue) in force")
    licenses: list[str] = Field(default_factory=lambda: list(DEFAULT_LICENSES), description="SPDX ids OS2 accepts")
    reporting: Reporting = Field(default_factory=Reporting)
    portfolio_review_month: int = Field(1, ge=1, le=12, description="month of the annual portfolio review")
    limits: Limits = Field(default_factory=Limits)
