"""The words of the portfolio site, in Danish (the default) and English."""

from __future__ import annotations

WORDS = {
    "da": {
        "portfolio": "Porteføljen", "overview": "Oversigt", "municipalities": "Kommuner", "level": "Niveau",
        "status": "Status", "kind": "Art", "title": "Titel", "id": "Id", "supplier": "Leverandør", "errors": "Fejl",
        "warnings": "Advarsler", "latest_report": "Seneste rapport", "all": "Alle", "filters": "Filtrér",
        "reset": "Nulstil", "shown": "vises", "entries": "projekter og produkter", "projects": "projekter",
        "products": "produkter", "per_level": "Antal pr. niveau", "per_status": "Antal pr. status",
        "checklist": "Tjekliste", "decisions": "Beslutninger", "reports": "Rapporter", "history": "Historik",
        "no_git": "Ingen Git-historik: registret ligger ikke i et Git-repository.",
        "no_commits": "Ingen commits for denne fil.", "findings": "Fund fra os2ctl check", "no_findings": "Ingen fund.",
        "generated": "Genereret", "repository": "Repository", "license": "Licens", "contact": "Kontakt",
        "participants": "Øvrige deltagere", "related": "Relaterede", "none": "ingen", "badge": "Badge",
        "badge_hint": "Badge til projektets README:", "date": "Dato", "body": "Organ", "action": "Handling",
        "meeting": "Møde", "amount": "Beløb (kr.)", "note": "Note", "progress": "Fremdrift", "spent": "Forbrugt (kr.)",
        "author": "Forfatter", "change": "Ændring", "commit": "Commit", "uses": "Bruger",
        "region": "Region", "count": "Antal", "invalid": "Filen har fejl, der skal rettes, før tjeklisten kan vises.",
        "closed": "Lukket: kravene kontrolleres ikke længere.", "due_at": "fra", "awaiting": "afventer en beslutning",
        "section": "afsnit", "unknown_level": "Uden gyldigt niveau", "no_entries": "Ingen projekter eller produkter.",
        "municipality_count": "kommuner bruger mindst ét projekt eller produkt", "older": "ældre commits ikke vist",
        "nav": "Navigation", "level_page": "Niveau", "status_page": "Status", "municipality_page": "Kommune",
        "where": "Sted", "severity": "Alvor", "rule": "Regel", "error": "fejl", "warning": "advarsel",
        "other_values": "Øvrige værdier", "skip": "Spring til indhold", "own": "egen status", "assessed": "vurdering",
    },
    "en": {
        "portfolio": "The portfolio", "overview": "Overview", "municipalities": "Municipalities", "level": "Level",
        "status": "Status", "kind": "Kind", "title": "Title", "id": "Id", "supplier": "Supplier", "errors": "Errors",
        "warnings": "Warnings", "latest_report": "Latest report", "all": "All", "filters": "Filter",
        "reset": "Reset", "shown": "shown", "entries": "projects and products", "projects": "projects",
        "products": "products", "per_level": "Count per level", "per_status": "Count per status",
        "checklist": "Checklist", "decisions": "Decisions", "reports": "Reports", "history": "History",
        "no_git": "No Git history: the registry is not in a Git repository.",
        "no_commits": "No commits for this file.", "findings": "Findings of os2ctl check", "no_findings": "No findings.",
        "generated": "Generated", "repository": "Repository", "license": "Licence", "contact": "Contact",
        "participants": "Other participants", "related": "Related", "none": "none", "badge": "Badge",
        "badge_hint": "Badge for the project's README:", "date": "Date", "body": "Body", "action": "Action",
        "meeting": "Meeting", "amount": "Amount (DKK)", "note": "Note", "progress": "Progress", "spent": "Spent (DKK)",
        "author": "Author", "change": "Change", "commit": "Commit", "uses": "Uses",
        "region": "Region", "count": "Count", "invalid": "The file has errors that must be fixed before its checklist can be shown.",
        "closed": "Closed: requirements are no longer checked.", "due_at": "due at", "awaiting": "awaiting a decision",
        "section": "section", "unknown_level": "Without a valid level", "no_entries": "No projects or products.",
        "municipality_count": "municipalities use at least one project or product", "older": "older commits not shown",
        "nav": "Navigation", "level_page": "Level", "status_page": "Status", "municipality_page": "Municipality",
        "where": "Where", "severity": "Severity", "rule": "Rule", "error": "error", "warning": "warning",
        "other_values": "Other values", "skip": "Skip to content", "own": "own status", "assessed": "assessment",
    },
}

STATUS = {
    "da": {"idea": "Idé", "concept": "Koncept", "approved": "Godkendt", "in_progress": "I gang",
           "in_operation": "I drift", "rejected": "Afvist", "stopped": "Stoppet", "retired": "Udfaset"},
    "en": {"idea": "Idea", "concept": "Concept", "approved": "Approved", "in_progress": "In progress",
           "in_operation": "In operation", "rejected": "Rejected", "stopped": "Stopped", "retired": "Retired"},
}
KIND = {"da": {"project": "projekt", "product": "produkt"}, "en": {"project": "project", "product": "product"}}
STATE = {
    "da": {"met": "opfyldt", "explained": "forklaret", "not_applicable": "ikke relevant", "unmet": "ikke opfyldt",
           "not_due": "endnu ikke aktuelt"},
    "en": {"met": "met", "explained": "explained", "not_applicable": "not applicable", "unmet": "unmet",
           "not_due": "not yet due"},
}
BODY = {
    "da": {"board": "bestyrelsen", "general_assembly": "generalforsamlingen", "business_manager": "forretningslederen",
           "steering_group": "styregruppen", "coordination_group": "koordinationsgruppen"},
    "en": {"board": "board", "general_assembly": "general assembly", "business_manager": "business manager",
           "steering_group": "steering group", "coordination_group": "coordination group"},
}
ACTION = {
    "da": {"recommend": "indstilling", "place": "placering", "approve": "godkendelse", "send_back": "sendt tilbage",
           "reject": "afvist", "reclassify": "niveauskift", "steering_group": "styregruppe",
           "approve_budget": "budget godkendt", "stop": "stoppet", "retire": "udfaset"},
    "en": {"recommend": "recommendation", "place": "placement", "approve": "approval", "send_back": "sent back",
           "reject": "rejected", "reclassify": "level change", "steering_group": "steering group",
           "approve_budget": "budget approved", "stop": "stopped", "retire": "retired"},
}
PROGRESS = {
    "da": {"on_track": "på sporet", "at_risk": "i risiko", "off_track": "ude af kurs"},
    "en": {"on_track": "on track", "at_risk": "at risk", "off_track": "off track"},
}
# What the levels of the 2016 model mean (governance-model.md); other models show only the level.
LEVEL_NOTES = {
    "da": {"N1": "Små projekter i én eller få kommuner, finansieret lokalt",
           "N2": "Fælleskommunal værdi og strategisk forankring i OS2",
           "N3": "Strategiske, ofte forretningskritiske løsninger knyttet til nationale strategier"},
    "en": {"N1": "Small projects of one or a few municipalities, funded locally",
           "N2": "Common municipal value and strategic anchoring in OS2",
           "N3": "Strategic, often business-critical solutions tied to national strategies"},
}


def word(table: dict[str, dict[str, str]], language: str, key: str | None) -> str:
    """`key` in `language` from one of the tables above, or the key itself when unknown."""
    if key is None:
        return "?"
    return table.get(language, {}).get(key, key)
