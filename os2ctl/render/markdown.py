"""Markdown helpers: registry text must never become links, HTML or headings."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def escape(text: str) -> str:
    """Escape Markdown syntax in inline text so it renders literally."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def escape_cell(text: str) -> str:
    """Escape registry text for a Markdown table cell."""
    return escape(text)


def trusted_cell(text: str) -> str:
    """os2ctl's own text in a table cell: only the column separator needs escaping."""
    return text.replace("|", "\\|").replace("\n", " ")
