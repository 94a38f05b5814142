"""`check --format json`: the document of spec section 8."""

from __future__ import annotations

import json

from os2ctl.checkresult import CheckReport


def render_json(report: CheckReport, registry: str) -> str:
    """One JSON document with the counts and every finding, keys in spec order."""
    document = {
        "registry": registry,
        "entries": report.entries,
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": [finding.as_dict() for finding in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
