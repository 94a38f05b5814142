"""`check --format github`: GitHub Actions workflow commands that annotate the pull request."""

from __future__ import annotations

from os2ctl.checkresult import CheckReport
from os2ctl.findings import Finding


def escape_data(text: str) -> str:
    """Escape a workflow command's message (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (also `:` and `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, file: str) -> str:
    """One `::error file=...,line=...,col=...,title=...::message` line."""
    properties = ",".join(
        f"{name}={escape_property(str(value))}"
        for name, value in (("file", file), ("line", finding.line), ("col", finding.column), ("title", finding.rule))
    )
    return f"::{finding.severity.value} {properties}::{escape_data(finding.message)}"


def render_github(report: CheckReport, prefix: str) -> str:
    """Every finding as an annotation; `prefix` makes paths relative to the repository root."""
    lines = [annotation(f, f"{prefix}/{f.path}" if prefix not in ("", ".") else f.path) for f in report.findings]
    summary = f"{report.errors} error(s), {report.warnings} warning(s) in {report.entries} entries"
    return "\n".join(lines + [summary]) + "\n"
