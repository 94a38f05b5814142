"""Render a new entry's YAML text from a Jinja2 template (the registry's own, else the bundled one).

The template only prints: every value arrives already written as a YAML scalar, and every
text meant for a comment arrives on one line, so no title can break the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from os2ctl.confine import ConfinedLoader
from os2ctl.errors import RegistryError
from os2ctl.registry.yamlread import parse_text
from os2ctl.resources import bundled_dir

TEMPLATE = "entry.{language}.yaml.j2"
SCHEMA_FILE = "entry.schema.json"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`~")


@dataclass(frozen=True)
class EntryView:
    """What the template needs, decided in Python: the data, the schema reference, the needs."""

    id: str
    path: str
    data: dict[str, Any]
    level: str
    schema: str
    language: str
    model: str = ""
    needs: list = field(default_factory=list)


def render_entry(root: Path, view: EntryView, language: str) -> str:
    """The entry's text from `<registry>/templates/` if it has the template, else from the bundled one."""
    folders = [str(Path(root) / "templates"), str(bundled_dir("templates"))]
    environment = SandboxedEnvironment(
        loader=ConfinedLoader(folders), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False,
    )
    name = TEMPLATE.format(language=language)
    try:
        return environment.get_template(name).render(_context(view))
    except jinja2.TemplateNotFound:
        raise RegistryError(f"no template {name} in {folders[0]} or {folders[1]}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RegistryError(f"{exc.filename or name}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RegistryError(f"{name}: template error: {exc}") from None


def _context(view: EntryView) -> dict[str, Any]:
    data = view.data
    return {
        "id": view.id,
        "path": view.path,
        "schema": view.schema,
        "level": view.level,
        "model": one_line(view.model),
        "yaml": {key: _yaml_value(value) for key, value in data.items()},
        "text": {key: one_line(value) for key, value in data.items() if isinstance(value, str)},
        "needs": [
            {"id": n.requirement.id, "title": one_line(n.requirement.title.get(view.language)),
             "level": n.requirement.level, "section": n.requirement.section, "kind": n.requirement.kind,
             "where": n.where}
            for n in view.needs
        ],
    }


def _yaml_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: yaml_scalar(item) for key, item in value.items()}
    if isinstance(value, list):
        return [yaml_scalar(item) for item in value]
    return yaml_scalar(value)


def one_line(text: str) -> str:
    """`text` made safe for a YAML comment: whitespace runs (newlines included) become one space."""
    return " ".join(text.split())


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when every YAML 1.1 and 1.2 reader sees the same string, else quoted."""
    return text if _plain_is_safe(text) else double_quoted(text)


def _plain_is_safe(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or not text.isprintable():
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    line = f"key: {text}\n"
    try:
        read_11 = yaml.safe_load(line)
    except yaml.YAMLError:
        return False
    return read_11 == {"key": text} and parse_text("value", line).data == {"key": text}


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar: quotes, backslashes and anything not printable escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def schema_reference(root: Path, folder: Path) -> str:
    """Where editors find entry.schema.json: relative to `folder` when the repository has schemas/, else its URL.

    Looked for in the registry and its parent folders, up to the Git work tree's root (or only the
    registry's own parent outside Git), so that a committed file names a path every clone has.
    """
    for candidate in _schema_folders(Path(root).resolve()):
        schema = candidate / "schemas" / SCHEMA_FILE
        if schema.is_file():
            return Path(os.path.relpath(schema, Path(folder).resolve())).as_posix()
    from os2ctl.schemas import BASE_URL

    return f"{BASE_URL}/{SCHEMA_FILE}"


def _schema_folders(root: Path) -> list[Path]:
    chain = [root, *root.parents]
    for index, folder in enumerate(chain):
        if (folder / ".git").exists():
            return chain[: index + 1]
    return chain[:2]
