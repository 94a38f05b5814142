"""The static portfolio site: view data for every page, rendered through templates/site/.

`build_site` returns `{relative path: text}` and writes nothing; `os2ctl.site_render.write_site`
writes the folder. Pages link to each other with relative links only, so the site works
from `file://` and from GitHub Pages, and loads nothing from outside itself.

    index.html                 the portfolio grouped by level, charts, filters
    entries/<id>.html          one entry: facts, findings, checklist, decisions, reports, history
    badges/<id>.svg            the entry's level badge
    municipalities.html        every municipality that uses something, and what
    levels/<L>.html, statuses/<S>.html, municipalities/<code>.html
                               the same filters as pages, for browsers without JavaScript
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections import Counter
from typing import Any

from markupsafe import Markup

from os2ctl import municipalities as towns
from os2ctl.check import CheckReport, check_registry
from os2ctl.lifecycle import STATUSES, is_open
from os2ctl.portfolio import Row, portfolio_rows
from os2ctl.registry.loader import Registry
from os2ctl.site_entry import entry_view
from os2ctl.site_history import entry_histories
from os2ctl.site_render import render, site_environment
from os2ctl.site_svg import GREY, PALETTE, badge, bar_chart, level_colour
from os2ctl.site_words import KIND, LEVEL_NOTES, PROGRESS, STATUS, WORDS, word

_SAFE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


class Site:
    """What every page needs: the registry, the language, the rows and their lookups."""

    def __init__(self, registry: Registry, today: dt.date, language: str, report: CheckReport, env=None) -> None:
        self.registry = registry
        self.env = env if env is not None else site_environment(registry.root)
        self.today = today
        self.language = language
        self.report = report
        self.rows = portfolio_rows(registry, today, report)
        self.levels = tuple(level for level in registry.catalogue.levels if _SAFE_NAME.match(level))
        self.words = WORDS[language]
        self.entries = registry.entries  # the registry builds this dict on each access: keep one
        self.findings: dict[str, list] = {}
        for finding in report.findings:
            self.findings.setdefault(finding.entry, []).append(finding)
        self._row_html: dict[tuple[str, str], Markup] = {}

    def page(self, root: str, title: str, current: str) -> dict[str, Any]:
        """The context every template gets; `root` is the relative way back to the site's top."""
        return {
            "lang": self.language, "t": self.words, "site_name": self.registry.settings.name, "root": root,
            "title": title, "current": current, "generated": self.today.isoformat(),
            "model_title": self.registry.catalogue.title.get(self.language),
        }

    def row_view(self, row: Row) -> dict[str, Any]:
        """One row of an entry table (links relative to the site's top)."""
        report = row.latest_report
        return {
            "id": row.id, "href": f"entries/{row.id}.html", "title": row.title, "level": row.level or "?",
            "level_key": row.level if row.level in self.levels else "", "status": row.status or "",
            "status_label": word(STATUS, self.language, row.status), "kind": word(KIND, self.language, row.kind),
            "municipality_count": len(row.municipalities), "codes": " ".join(row.codes),
            "supplier": row.supplier or "", "errors": row.errors, "warnings": row.warnings,
            "report": f"{report.date.isoformat()} {word(PROGRESS, self.language, report.progress)}" if report else "",
            "badge": f"badges/{row.id}.svg",
        }

    def table(self, rows: list[Row], root: str) -> list[dict[str, Any]]:
        """Row views sorted by title, each with its table row rendered once per `root` (rows recur on many pages)."""
        views = []
        for row in sorted(rows, key=lambda r: (r.title.casefold(), r.id)):
            view = self.row_view(row)
            key = (row.id, root)
            if key not in self._row_html:
                self._row_html[key] = Markup(render(self.env, "site/_row.html.j2", {"row": view, "root": root, "t": self.words}))
            views.append({**view, "html": self._row_html[key]})
        return views

    def badge_for(self, row: Row):
        """The level badge of a row: `OS2 | N2 · I drift`."""
        status_open = row.status is None or is_open(row.status)
        value = f"{row.level or '?'} · {word(STATUS, self.language, row.status)}"
        colour = level_colour(row.level, self.levels, status_open)
        return badge("OS2", value, colour, f"{row.title}: OS2 {value}")


def build_site(
    registry: Registry, today: dt.date, language: str = "da", *, report: CheckReport | None = None, history: bool = True
) -> dict[str, str]:
    """Every file of the site as `{relative path: text}`."""
    site = Site(registry, today, language, report if report is not None else check_registry(registry, today))
    env = site.env
    histories = entry_histories(registry.root, [row.id for row in site.rows]) if history else None
    files = {"index.html": render(env, "site/index.html.j2", index_view(site))}
    files["municipalities.html"] = render(env, "site/municipalities.html.j2", municipalities_view(site))
    for path, view in listing_views(site):
        files[path] = render(env, "site/listing.html.j2", view)
    files.update(entry_files(site, histories))
    return files


def entry_files(site: Site, histories: dict | None, jobs: int | None = None) -> dict[str, str]:
    """Every entry page and badge; in worker processes (forked, on Linux) when there are many."""
    workers = min(jobs or len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 4)
    if workers < 2 or len(site.rows) < PARALLEL_FROM or sys.platform != "linux":
        return _render_entries(site, histories, range(len(site.rows)))
    import multiprocessing

    global _forked
    _forked = (site, histories)  # inherited by the forked workers, never pickled
    try:
        chunks = [range(start, len(site.rows), workers * 4) for start in range(workers * 4)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_render_chunk, chunks)
    finally:
        _forked = None
    return {path: text for part in parts for path, text in part.items()}


PARALLEL_FROM = 200  # below this many entries, starting workers costs more than it saves
_forked: tuple | None = None


def _render_chunk(indexes: range) -> dict[str, str]:
    site, histories = _forked
    return _render_entries(site, histories, indexes)


def _render_entries(site: Site, histories: dict | None, indexes) -> dict[str, str]:
    files = {}
    for index in indexes:
        row = site.rows[index]
        commits = histories.get(row.id, []) if histories is not None else None
        files[f"entries/{row.id}.html"] = render(site.env, "site/entry.html.j2", entry_view(site, row, commits))
        files[f"badges/{row.id}.svg"] = render(site.env, "site/badge.svg.j2", {"badge": site.badge_for(row)})
    return files


def index_view(site: Site) -> dict[str, Any]:
    """The index: counts, charts, filters and the portfolio grouped by level (highest first)."""
    view = site.page("", site.words["portfolio"], "index")
    kinds = Counter(row.kind for row in site.rows)
    view.update(
        total=len(site.rows), projects=kinds["project"], products=kinds["product"],
        groups=_groups(site), charts=[_level_chart(site), _status_chart(site)],
        filters=_filter_options(site),
    )
    return view


def _groups(site: Site) -> list[dict[str, Any]]:
    groups = []
    for level in reversed(site.levels):
        rows = [r for r in site.rows if r.level == level]
        groups.append({"key": level, "title": f"{site.words['level']} {level}",
                       "note": LEVEL_NOTES.get(site.language, {}).get(level, "") if _is_2016(site) else "",
                       "rows": site.table(rows, "")})
    other = [r for r in site.rows if r.level not in site.levels]
    if other:
        groups.append({"key": "other", "title": site.words["unknown_level"], "note": "", "rows": site.table(other, "")})
    return groups


def _is_2016(site: Site) -> bool:
    return site.registry.catalogue.id == "os2-2016"


def _level_chart(site: Site):
    counts = Counter(row.level for row in site.rows)
    items = [(level, counts[level], f"levels/{level}.html", level_colour(level, site.levels)) for level in site.levels]
    return bar_chart(site.words["per_level"], items)


def _status_chart(site: Site):
    counts = Counter(row.status for row in site.rows)
    items = [(word(STATUS, site.language, status), counts[status], f"statuses/{status}.html",
              PALETTE[1] if is_open(status) else GREY) for status in STATUSES]
    return bar_chart(site.words["per_status"], items)


def _filter_options(site: Site) -> dict[str, list[dict[str, str]]]:
    used = sorted(_used_municipalities(site).values(), key=lambda m: towns.fold(m.name))
    return {
        "levels": [{"value": level, "label": level} for level in site.levels],
        "statuses": [{"value": s, "label": word(STATUS, site.language, s)} for s in STATUSES],
        "municipalities": [{"value": m.code, "label": m.name} for m in used],
    }


def _used_municipalities(site: Site) -> dict[str, towns.Municipality]:
    codes = {code for row in site.rows for code in row.codes}
    return {m.code: m for m in towns.all_municipalities() if m.code in codes}


def municipalities_view(site: Site) -> dict[str, Any]:
    """Every municipality that takes part in at least one entry, with those entries."""
    view = site.page("", site.words["municipalities"], "municipalities")
    by_code: dict[str, list[Row]] = {}
    for row in site.rows:
        for code in dict.fromkeys(row.codes):
            by_code.setdefault(code, []).append(row)
    used = sorted(_used_municipalities(site).values(), key=lambda m: towns.fold(m.name))
    view["municipalities"] = [
        {"name": m.name, "code": m.code, "region": m.region, "href": f"municipalities/{m.code}.html",
         "entries": site.table(by_code[m.code], "")}
        for m in used
    ]
    return view


def listing_views(site: Site):
    """(path, view) of the filter pages: one per level, status and municipality in use."""
    pages = [(f"levels/{level}.html", f"{site.words['level_page']} {level}", lambda r, v=level: r.level == v)
             for level in site.levels]
    pages += [(f"statuses/{status}.html", f"{site.words['status_page']}: {word(STATUS, site.language, status)}",
               lambda r, v=status: r.status == v) for status in STATUSES]
    pages += [(f"municipalities/{m.code}.html", m.name, lambda r, v=m.code: v in r.codes)
              for m in _used_municipalities(site).values()]
    for path, title, wanted in pages:
        view = site.page("../", title, "listing")
        view["rows"] = site.table([row for row in site.rows if wanted(row)], "../")
        yield path, view
