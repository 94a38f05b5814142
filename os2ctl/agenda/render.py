"""Render agenda view data through Jinja2 templates: pure, returns strings, never writes a file.

Templates always run in Jinja2's sandbox, because a registry may bring its own (its
`templates/` folder overrides os2ctl's file by file). Registry text is never trusted:
HTML autoescapes every value, and Markdown escapes every value that is not os2ctl's own
wording (`Trusted`), so `<script>` or `{{ 7*7 }}` in an entry is printed, not run.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from os2ctl.agenda.view import Agenda
from os2ctl.confine import inside_folder
from os2ctl.errors import RegistryError
from os2ctl.messages import Trusted
from os2ctl.render.markdown import escape

FORMATS = {"markdown": "md", "html": "html"}


def render_agenda(agenda: Agenda, output_format: str, folders: list[Path]) -> str:
    """The agenda as Markdown or one self-contained HTML page."""
    return _render(f"agenda.{FORMATS[output_format]}.j2", output_format, folders, agenda)


def render_minutes(agenda: Agenda, folders: list[Path]) -> str:
    """The minutes skeleton (Markdown): one block per decision with its `os2ctl decide` commands."""
    return _render("minutes.md.j2", "markdown", folders, agenda)


def environment(output_format: str, folders: list[Path]) -> SandboxedEnvironment:
    """A sandboxed environment that escapes registry values for `output_format`."""
    markdown = output_format == "markdown"
    env = SandboxedEnvironment(
        loader=ConfinedLoader([str(folder) for folder in folders]),
        autoescape=not markdown,
        finalize=_markdown_value if markdown else _html_value,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["code"] = _markdown_code if markdown else _html_code
    env.filters["code_block"] = _markdown_code_block if markdown else _html_code_block
    return env


class ConfinedLoader(FileSystemLoader):
    """Templates only from inside their folder: a symbolic link out of a registry's `templates/`
    (say, to a private key) is refused rather than printed into the agenda."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if not any(inside_folder(filename, folder) for folder in self.searchpath):
            raise RegistryError(f"{filename}: a symbolic link that points outside its templates folder")
        return source, filename, uptodate


def _render(name: str, output_format: str, folders: list[Path], agenda: Agenda) -> str:
    try:
        template = environment(output_format, folders).get_template(name)
        return template.render(agenda=agenda, t=agenda.messages)
    except TemplateNotFound as exc:
        raise RegistryError(f"template not found: {exc.name}") from None
    except TemplateSyntaxError as exc:
        raise RegistryError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
    except TemplateError as exc:
        raise RegistryError(f"{_template_line(exc, name)}: template error: {exc}") from None


def _template_line(exc: Exception, name: str) -> str:
    """`file:line` of the template frame where rendering failed (Jinja rewrites tracebacks so)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return name


def _markdown_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (Trusted, Markup, int)):
        return value
    return escape(str(value))


def _html_value(value: object) -> object:
    return "" if value is None else value


def _markdown_code(value: object) -> Markup:
    """Inline code: backticks and line breaks in the value cannot end the code span."""
    return Markup("`{}`".format(str(value).replace("`", "'").replace("\n", " ")))


def _markdown_code_block(lines: list[object]) -> Markup:
    """A fenced `sh` block; no line can close the fence."""
    body = "\n".join(str(line).replace("`", "'").replace("\n", " ") for line in lines)
    return Markup(f"```sh\n{body}\n```")


def _html_code(value: object) -> Markup:
    return Markup("<code>{}</code>").format(value)


def _html_code_block(lines: list[object]) -> Markup:
    return Markup("<pre><code>{}</code></pre>").format("\n".join(str(line) for line in lines))
