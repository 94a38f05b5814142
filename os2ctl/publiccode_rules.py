"""The field rules of the publiccode.yml standard, version 0.4 (core section), as a validator.

Source: https://yml.publiccode.tools (schema.core, categories-list, scope-list of version 0.4).
Mandatory keys, types, enumerations, lengths, dates and URLs are errors; unknown and
deprecated keys are warnings (parsers ignore them). Country sections (`it`) are not checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from os2ctl.publiccode_vocabulary import (
    CATEGORIES, DEVELOPMENT_STATUSES, MAINTENANCE_TYPES, SCOPES, SOFTWARE_TYPES, VERSION, VERSIONS,
)
from os2ctl.spdx import spdx_expression

TOP_KEYS = ("publiccodeYmlVersion", "name", "applicationSuite", "url", "landingURL", "isBasedOn", "softwareVersion",
            "releaseDate", "logo", "platforms", "categories", "usedBy", "roadmap", "developmentStatus", "softwareType",
            "intendedAudience", "description", "legal", "maintenance", "localisation", "dependsOn", "it")
DEPRECATED = {("monochromeLogo",), ("inputTypes",), ("outputTypes",), ("legal", "authorsFile"), ("description", "*", "genericName")}
DESCRIPTION_KEYS = ("localisedName", "genericName", "shortDescription", "longDescription", "documentation",
                    "apiDocumentation", "features", "screenshots", "videos", "awards")

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^\s]+$")
_WEB = re.compile(r"^https?://[^\s]+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")  # BCP 47: the primary subtag cannot be omitted
_COUNTRY = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class Problem:
    """One way a publiccode.yml breaks the standard."""

    path: tuple
    message: str
    severity: str = "error"  # error | warning

    @property
    def key(self) -> str:
        """The key in slash notation, as the standard writes it: `description/da/longDescription`."""
        return "/".join(str(p) for p in self.path) or "(document)"


def validate(document: Any) -> list[Problem]:
    """Every problem of `document` (parsed YAML) against the 0.4 field rules."""
    if not isinstance(document, dict):
        return [Problem((), "a publiccode.yml is a mapping of keys")]
    out: list[Problem] = []
    _version(document, out)
    for key in document:
        if (key,) in DEPRECATED:
            out.append(Problem((key,), "deprecated in publiccode.yml 0.4", "warning"))
        elif key not in TOP_KEYS:
            out.append(Problem((key,), "not a key of publiccode.yml 0.4 (ignored by parsers)", "warning"))
    _text(document, ("name",), out, required=True)
    _url(document, ("url",), out, required=True, web=False)
    for key in ("landingURL", "roadmap"):
        _url(document, (key,), out)
    for key in ("applicationSuite", "softwareVersion", "logo"):
        _text(document, (key,), out)
    _date(document, ("releaseDate",), out)
    _one_or_list(document, ("isBasedOn",), out)
    _one_or_list(document, ("platforms",), out, required=True)
    _list(document, ("categories",), out, required=True, allowed=CATEGORIES, vocabulary="categories-list")
    _list(document, ("usedBy",), out)
    _choice(document, ("developmentStatus",), DEVELOPMENT_STATUSES, out, required=True)
    _choice(document, ("softwareType",), SOFTWARE_TYPES, out, required=True)
    _audience(document, out)
    _description(document, out)
    _legal(document, out)
    _maintenance(document, out)
    _localisation(document, out)
    _depends_on(document, out)
    return out


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that make a file invalid (not the warnings)."""
    return [p for p in problems if p.severity == "error"]


def _get(document: Any, path: tuple) -> Any:
    value = document
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and key < len(value):
            value = value[key]
        else:
            return None
    return value


def _present(document: Any, path: tuple, out: list[Problem], required: bool) -> Any:
    value = _get(document, path)
    if value is None and required:
        out.append(Problem(path, "is mandatory"))
    return value


def _version(document: dict, out: list[Problem]) -> None:
    value = _present(document, ("publiccodeYmlVersion",), out, True)
    if value is None:
        return
    if not isinstance(value, str):
        out.append(Problem(("publiccodeYmlVersion",), f"must be a string: write \"{value}\" in quotes"))
    elif not VERSIONS.match(value):
        out.append(Problem(("publiccodeYmlVersion",), f"'{value}' is not a version os2ctl reads (0.2 to {VERSION})"))


def _text(document: Any, path: tuple, out: list[Problem], required: bool = False, most: int | None = None,
          least: int | None = None) -> None:
    value = _present(document, path, out, required)
    if value is None:
        return
    if not isinstance(value, str) or not value.strip():
        out.append(Problem(path, "must be a non-empty string"))
    elif most is not None and len(value) > most:
        out.append(Problem(path, f"has {len(value)} characters; at most {most} are allowed"))
    elif least is not None and len(value) < least:
        out.append(Problem(path, f"has {len(value)} characters; at least {least} are required"))


def _url(document: Any, path: tuple, out: list[Problem], required: bool = False, web: bool = True) -> None:
    value = _present(document, path, out, required)
    if value is not None and not (isinstance(value, str) and (_WEB if web else _URL).match(value)):
        out.append(Problem(path, f"must be a{'n http(s)' if web else ''} URL"))


def _date(document: Any, path: tuple, out: list[Problem], required: bool = False) -> None:
    value = _present(document, path, out, required)
    if value is None or isinstance(value, dt.date):
        return
    try:
        dt.date.fromisoformat(value if isinstance(value, str) and len(value) == 10 else "")
    except ValueError:
        out.append(Problem(path, "must be a date written YYYY-MM-DD"))


def _choice(document: Any, path: tuple, allowed: tuple, out: list[Problem], required: bool = False) -> None:
    value = _present(document, path, out, required)
    if value is not None and value not in allowed:
        out.append(Problem(path, f"'{value}' is not one of {', '.join(allowed)}"))


def _list(document: Any, path: tuple, out: list[Problem], required: bool = False, allowed: frozenset | None = None,
          vocabulary: str = "", check: Callable[[Any], str | None] | None = None) -> list:
    value = _objects(document, path, out, required)
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            out.append(Problem(path + (index,), "must be a non-empty string"))
        elif allowed is not None and item not in allowed:
            out.append(Problem(path + (index,), f"'{item}' is not in the standard's {vocabulary}"))
        elif check is not None and check(item):
            out.append(Problem(path + (index,), check(item)))
    return value


def _one_or_list(document: Any, path: tuple, out: list[Problem], required: bool = False) -> None:
    value = _get(document, path)
    if isinstance(value, str) and value.strip():
        return
    _list(document, path, out, required)


def _mapping(document: Any, path: tuple, out: list[Problem], required: bool, keys: tuple = ()) -> dict | None:
    """The mapping at `path` (its unknown keys reported), or None when it is missing or not a mapping."""
    value = _present(document, path, out, required)
    if value is None:
        return None
    if not isinstance(value, dict):
        out.append(Problem(path, "must be a mapping"))
        return None
    for key in value:
        if keys and key not in keys:
            severity = "warning"
            message = "deprecated in publiccode.yml 0.4" if path + (key,) in DEPRECATED else f"not a key of {path[-1]}"
            out.append(Problem(path + (key,), message, severity))
    return value


def _audience(document: dict, out: list[Problem]) -> None:
    path = ("intendedAudience",)
    if _mapping(document, path, out, False, ("countries", "unsupportedCountries", "scope")) is None:
        return
    country = lambda item: None if _COUNTRY.match(item) else f"'{item}' is not a lower-case ISO 3166-1 alpha-2 code"  # noqa: E731
    _list(document, path + ("countries",), out, check=country)
    _list(document, path + ("unsupportedCountries",), out, check=country)
    _list(document, path + ("scope",), out, allowed=SCOPES, vocabulary="scope-list")


def _description(document: dict, out: list[Problem]) -> None:
    sections = _mapping(document, ("description",), out, True) or {}
    if not sections and isinstance(document.get("description"), dict):
        out.append(Problem(("description",), "needs at least one language"))
    for language, section in sections.items():
        path = ("description", language)
        if not isinstance(language, str) or not _LANGUAGE.match(language):
            out.append(Problem(path, f"'{language}' is not an IETF BCP 47 language tag"))
        if not isinstance(section, dict):
            out.append(Problem(path, "must be a mapping"))
            continue
        for key in section:
            if key == "genericName":
                out.append(Problem(path + (key,), "deprecated in publiccode.yml 0.4", "warning"))
            elif key not in DESCRIPTION_KEYS:
                out.append(Problem(path + (key,), "not a key of description", "warning"))
        _text(document, path + ("shortDescription",), out, required=True, most=150)
        _text(document, path + ("longDescription",), out, least=150, most=10000)
        _text(document, path + ("localisedName",), out)
        _text(document, path + ("genericName",), out, most=35)
        _url(document, path + ("documentation",), out)
        _url(document, path + ("apiDocumentation",), out)
        _list(document, path + ("features",), out)
        _list(document, path + ("screenshots",), out)
        _list(document, path + ("videos",), out, check=lambda v: None if _WEB.match(v) else "must be an http(s) URL")
        _list(document, path + ("awards",), out)
    described = [s for s in sections.values() if isinstance(s, dict)]
    if described and not any(s.get("longDescription") for s in described):
        out.append(Problem(("description",), "longDescription is mandatory for at least one language"))
    if described and not any(s.get("features") for s in described):
        out.append(Problem(("description",), "features is mandatory for at least one language"))


def _legal(document: dict, out: list[Problem]) -> None:
    if _mapping(document, ("legal",), out, True, ("license", "mainCopyrightOwner", "repoOwner")) is None:
        return
    license_ = _present(document, ("legal", "license"), out, True)
    if license_ is not None and not (isinstance(license_, str) and spdx_expression(license_)):
        out.append(Problem(("legal", "license"), f"'{license_}' is not a valid SPDX license expression"))
    for key in ("mainCopyrightOwner", "repoOwner", "authorsFile"):
        _text(document, ("legal", key), out)


def _maintenance(document: dict, out: list[Problem]) -> None:
    if _mapping(document, ("maintenance",), out, True, ("type", "contractors", "contacts")) is None:
        return
    _choice(document, ("maintenance", "type"), MAINTENANCE_TYPES, out, required=True)
    kind = _get(document, ("maintenance", "type"))
    contractors = _objects(document, ("maintenance", "contractors"), out, kind == "contract")
    for index, _ in enumerate(contractors):
        path = ("maintenance", "contractors", index)
        _mapping(document, path, out, True, ("name", "until", "email", "website"))
        _text(document, path + ("name",), out, required=True)
        _date(document, path + ("until",), out, required=True)
        _email(document, path + ("email",), out)
        _url(document, path + ("website",), out)
    contacts = _objects(document, ("maintenance", "contacts"), out, kind in ("internal", "community"))
    for index, _ in enumerate(contacts):
        path = ("maintenance", "contacts", index)
        _mapping(document, path, out, True, ("name", "email", "phone", "affiliation"))
        _text(document, path + ("name",), out, required=True)
        _email(document, path + ("email",), out)
        _text(document, path + ("phone",), out)
        _text(document, path + ("affiliation",), out)


def _objects(document: Any, path: tuple, out: list[Problem], required: bool) -> list:
    value = _present(document, path, out, required)
    if value is None:
        return []
    if not isinstance(value, list) or (required and not value):
        out.append(Problem(path, "must be a list" + (" with at least one item" if required else "")))
        return []
    return value


def _email(document: Any, path: tuple, out: list[Problem]) -> None:
    value = _get(document, path)
    if value is not None and not (isinstance(value, str) and _EMAIL.match(value)):
        out.append(Problem(path, "must be an e-mail address"))


def _localisation(document: dict, out: list[Problem]) -> None:
    if _mapping(document, ("localisation",), out, True, ("localisationReady", "availableLanguages")) is None:
        return
    ready = _present(document, ("localisation", "localisationReady"), out, True)
    if ready is not None and not isinstance(ready, bool):
        out.append(Problem(("localisation", "localisationReady"), "must be true or false"))
    language = lambda item: None if _LANGUAGE.match(item) else f"'{item}' is not an IETF BCP 47 language tag"  # noqa: E731
    _list(document, ("localisation", "availableLanguages"), out, required=True, check=language)


def _depends_on(document: dict, out: list[Problem]) -> None:
    if _mapping(document, ("dependsOn",), out, False, ("open", "proprietary", "hardware")) is None:
        return
    for group in ("open", "proprietary", "hardware"):
        for index, _ in enumerate(_objects(document, ("dependsOn", group), out, False)):
            path = ("dependsOn", group, index)
            _mapping(document, path, out, True, ("name", "versionMin", "versionMax", "version", "optional"))
            _text(document, path + ("name",), out, required=True)
            optional = _get(document, path + ("optional",))
            if optional is not None and not isinstance(optional, bool):
                out.append(Problem(path + ("optional",), "must be true or false"))
