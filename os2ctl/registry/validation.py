"""Validate parsed documents with pydantic and map every error back to a YAML position."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ValidationError

from os2ctl.findings import Finding, Severity
from os2ctl.registry.yamlread import Document, Path
from os2ctl.text import did_you_mean

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a real date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a real date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date without a time",
}


def validate(model: type[BaseModel], doc: Document) -> tuple[Any, list[Finding]]:
    """The validated model (or None) and schema findings with positions."""
    if doc.data is None:
        return None, []
    if not isinstance(doc.data, dict):
        found = "a list" if isinstance(doc.data, list) else "a single value"
        return None, [_finding(doc, (1, 1), f"expected a mapping of fields at the top of the file, found {found}")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _findings(model, doc, exc.errors(include_url=False))


def validate_pruned(model: type[BaseModel], doc: Document) -> Any:
    """A model of what is left when every value a schema finding names is removed, or None.

    `check` evaluates the requirements of such a partly valid entry too, so that one typo
    does not hide every other problem of the file.
    """
    pruned = copy.deepcopy(doc.data)
    for _ in range(3):
        try:
            return model.model_validate(pruned)
        except ValidationError as exc:
            paths = {_data_path(pruned, e["loc"], e["type"] == "extra_forbidden") for e in exc.errors()}
            if not any(_remove(pruned, path) for path in paths):
                return None
    return None


def _remove(data: Any, path: Path) -> bool:
    if not path:
        return False
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if isinstance(parent, dict) and path[-1] in parent:
        del parent[path[-1]]
        return True
    if isinstance(parent, list) and isinstance(path[-1], int) and path[-1] < len(parent):
        del parent[path[-1]]
        return True
    return False


def _findings(model: type[BaseModel], doc: Document, errors: list[dict]) -> list[Finding]:
    grouped: dict[Path, list[dict]] = {}
    for error in errors:
        keep_last = error["type"] in ("missing", "extra_forbidden")
        grouped.setdefault(_data_path(doc.data, error["loc"], keep_last), []).append(error)
    return [_finding_for(model, doc, path, group) for path, group in grouped.items()]


def _finding_for(model: type[BaseModel], doc: Document, path: Path, errors: list[dict]) -> Finding:
    error = errors[0]
    kind = error["type"]
    if kind == "missing":
        position = doc.key_position(path[:-1]) if len(path) > 1 else (1, 1)
        return _finding(doc, position, f"missing required field `{_dotted(path)}`")
    if kind == "extra_forbidden":
        hint = did_you_mean(path[-1], allowed_keys(model, path[:-1]))
        return _finding(doc, doc.key_position(path), f"unknown key `{_dotted(path)}`{hint}")
    expected = [_EXPECTED[e["type"]] for e in errors if e["type"] in _EXPECTED]
    if expected and len(expected) == len(errors):
        wanted = " or ".join(dict.fromkeys(expected))
        message = f"`{_dotted(path)}` should be {wanted}, not {_describe(error.get('input'))}"
    else:
        message = f"`{_dotted(path)}`: {_clean(error['msg'])}"
        if kind in ("literal_error", "enum") and not isinstance(error.get("input"), (dict, list)):
            message += f" (found {error.get('input')!r})"
    return _finding(doc, doc.value_position(path), message)


def _data_path(data: Any, loc: tuple, keep_last: bool) -> Path:
    """Drop the parts of a pydantic location that name union members, not data."""
    path: list = []
    current = data
    for index, part in enumerate(loc):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif keep_last and index == len(loc) - 1 and isinstance(current, dict):
            pass  # a missing or unknown key: keep it as the last part
        else:
            continue
        path.append(part)
    return tuple(path)


def allowed_keys(model: type[BaseModel], path: Path) -> list[str]:
    """The keys a mapping at `path` may have, found by walking the model's fields."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        field = next((f for name, f in fields.items() if (f.alias or name) == part), None)
        if field is None:
            return []
        current = _model_in(field.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or name for name, f in fields.items()]


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"the text '{value[:60]}'"
    return repr(value)[:60]


def _clean(message: str) -> str:
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _finding(doc: Document, position: tuple[int, int], message: str) -> Finding:
    return Finding(doc.path, position[0], position[1], "schema", Severity.ERROR, message)
