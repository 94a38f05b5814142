"""Render report view data with the Jinja2 templates in templates/report/.

HTML templates autoescape. Markdown templates escape every printed value with
`os2ctl.render.markdown.escape_cell` unless it is `Trusted` (os2ctl's own Markdown), so
registry text can never turn into links, HTML or table columns.
"""

from __future__ import annotations

import functools

from os2ctl.render.markdown import escape_cell, trusted_cell
from os2ctl.report import Trusted


class _Done(str):
    """Markdown already escaped by the `cell` filter."""


def _finalize(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, _Done) or not isinstance(value, str):
        return value
    return trusted_cell(value) if isinstance(value, Trusted) else escape_cell(value)


def _md_cell(text: object) -> _Done:
    """Registry text for a table cell: each line escaped, line breaks as <br />."""
    return _Done("<br />".join(escape_cell(line) for line in str(text or "").splitlines()))


def _html_cell(text: object):
    from markupsafe import Markup, escape

    return Markup("<br>").join(escape(line) for line in str(text or "").splitlines())


@functools.cache
def _environment(markdown: bool):
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from os2ctl.resources import bundled_dir

    # Only os2ctl's own templates (a registry's templates/ is not read), in the sandbox all the same,
    # like every other renderer: a template that reaches for Python internals fails.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(bundled_dir("templates") / "report")),
        autoescape=not markdown,
        finalize=_finalize if markdown else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cell"] = _md_cell if markdown else _html_cell
    return env


def render(template: str, view: dict) -> str:
    """The template `template` (e.g. `self.md.j2`) rendered with `view`."""
    return _environment(template.endswith(".md.j2")).get_template(template).render(**view)
