"""`check --format text`: findings grouped by file, for people."""

from __future__ import annotations

from itertools import groupby

from typing import TYPE_CHECKING

from rich.text import Text

from os2ctl.checkresult import CheckReport
from os2ctl.findings import Finding, Severity
from os2ctl.safe_text import one_line

if TYPE_CHECKING:
    from os2ctl.catalogue import Catalogue

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}
_SECTION = {"da": "rapportens afsnit", "en": "report section"}


def render_text(report: CheckReport, catalogue: Catalogue | None, language: str = "da") -> Text:
    """Findings per file with rule, requirement title and report section, then a summary line."""
    out = Text()
    for path, findings in groupby(report.findings, key=lambda f: f.path):
        out.append(one_line(path), style="bold underline")  # a file name can hold a line break
        out.append("\n")
        for finding in findings:
            _append_finding(out, finding, catalogue, language)
        out.append("\n")
    out.append_text(summary(report))
    return out


def _append_finding(out: Text, finding: Finding, catalogue: Catalogue | None, language: str) -> None:
    out.append(f"  {finding.line}:{finding.column}".ljust(10), style="dim")
    out.append(finding.severity.value.ljust(9), style=_STYLE[finding.severity])
    out.append(finding.rule.ljust(30), style="cyan")
    out.append(f" {finding.message}\n")
    requirement = catalogue.requirement(finding.rule) if catalogue and finding.level else None
    if requirement is not None:
        cite = f"{requirement.level} · {requirement.title.get(language)} ({_SECTION[language]} {requirement.section})"
        out.append(" " * 10 + f"└ {cite}\n", style="dim")


def summary(report: CheckReport) -> Text:
    """`✖ 2 errors, 1 warning in 3 of 12 entries` or `✔ no problems in 12 entries`."""
    counted = f"{report.entries} {'entry' if report.entries == 1 else 'entries'}, {report.files} files"
    if not report.findings:
        return Text(f"✔ No problems found ({counted} checked)\n", style="green")
    failing = len({f.path for f in report.findings})
    parts = f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')} in {failing} files"
    style = "bold red" if report.errors else "yellow"
    return Text(f"{'✖' if report.errors else '!'} {parts} ({counted} checked)\n", style=style)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
