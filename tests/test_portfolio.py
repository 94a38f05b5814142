"""`os2ctl portfolio`: rows, every format (table, json, csv) and every filter, on a small test registry."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from os2ctl.portfolio import Filters, parse_filters, portfolio_rows, select
from os2ctl.registry.loader import load_registry
from os2ctl.render.portfolio import neutralise
from tests.conftest import TODAY
from tests.factory import full_entry, make_registry

HOSTILE_TITLE = '=1+2 "<script>alert(1)</script>" [bold]x[/bold]'


def idea(title: str, municipalities: list, **extra) -> dict:
    """A minimal valid idea at N1."""
    return {"title": title, "summary": "En idé til test.", "level": "N1", "status": "idea",
            "contact": {"name": "Mette Christensen"}, "municipalities": municipalities, **extra}


def portfolio_registry(root: Path) -> Path:
    """Six entries: every kind of row the overview shows (valid, invalid, warning, closed, hostile text)."""
    stale = [{"date": "2026-01-01", "progress": "at_risk", "spent_dkk": 10}]
    return make_registry(root, {
        "os2mo": full_entry("N3", "in_operation", title="OS2mo", municipalities=["Aarhus", "København", 461]),
        "os2lokal": idea("OS2lokal", ["Viborg"]),
        "os2fremdrift": full_entry("N2", "in_progress", title="OS2fremdrift", municipalities=["Odense"],
                                   supplier="Netcompany", reports=stale,
                                   repository="https://github.com/OS2/fremdrift",
                                   line_management=[{"municipality": "Odense", "by": "IT-chef", "date": "2026-01-07"}]),
        "os2udfaset": full_entry("N2", "retired", title="OS2udfaset", municipalities=["Aarhus"],
                                 line_management=[{"municipality": "Aarhus", "by": "IT-chef", "date": "2026-01-07"}]),
        "os2broken": idea("OS2broken", ["Aarhus", "Atlantis"], level="N9"),
        "os2formel": idea(HOSTILE_TITLE, ["Odense"], supplier="@SUM(A1)"),
    })


@pytest.fixture
def root(tmp_path) -> Path:
    return portfolio_registry(tmp_path / "registry")


def _json(cli, root, *args):
    result, data = cli.json("portfolio", "--registry", root, "--today", TODAY.isoformat(), "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return data


def _ids(cli, root, *args) -> list[str]:
    return [row["id"] for row in _json(cli, root, *args)]


def test_json_has_one_object_per_entry_with_the_documented_keys(cli, root):
    rows = {row["id"]: row for row in _json(cli, root)}
    assert set(rows) == {"os2mo", "os2lokal", "os2fremdrift", "os2udfaset", "os2broken", "os2formel"}
    mo = rows["os2mo"]
    assert {k: mo[k] for k in ("title", "level", "status", "kind", "municipalities", "errors", "warnings")} == {
        "title": "OS2mo", "level": "N3", "status": "in_operation", "kind": "product", "municipalities": 3,
        "errors": 0, "warnings": 0}
    assert mo["municipality_names"] == ["Aarhus", "København", "Odense"]  # 461 is Odense
    assert mo["supplier"] == "Magenta ApS"
    assert mo["latest_report"] == {"date": "2026-10-01", "progress": "on_track"}
    assert rows["os2lokal"]["kind"] == "project" and rows["os2lokal"]["latest_report"] is None
    assert rows["os2udfaset"]["kind"] == "product"  # a retired product stays a product


def test_errors_and_warnings_are_counted_per_entry(cli, root):
    rows = {row["id"]: row for row in _json(cli, root)}
    assert rows["os2fremdrift"]["warnings"] == 1 and rows["os2fremdrift"]["errors"] == 0  # stale report
    assert rows["os2broken"]["errors"] >= 2  # unknown level, unknown municipality
    assert rows["os2broken"]["valid"] is False
    assert rows["os2broken"]["title"] == "OS2broken" and rows["os2broken"]["level"] == "N9"  # read from the raw file
    assert all(rows[i]["errors"] == 0 for i in ("os2mo", "os2lokal", "os2udfaset", "os2formel"))


def test_rows_are_ordered_by_level_then_id(cli, root):
    assert _ids(cli, root) == ["os2formel", "os2lokal", "os2fremdrift", "os2udfaset", "os2mo", "os2broken"]


@pytest.mark.parametrize("args, expected", [
    (("--level", "N2"), {"os2fremdrift", "os2udfaset"}),
    (("--level", "N1", "--level", "N3"), {"os2formel", "os2lokal", "os2mo"}),
    (("--status", "idea"), {"os2formel", "os2lokal", "os2broken"}),
    (("--status", "retired", "--status", "in_progress"), {"os2udfaset", "os2fremdrift"}),
    (("--municipality", "Aarhus"), {"os2mo", "os2udfaset", "os2broken"}),
    (("--municipality", "461"), {"os2mo", "os2fremdrift", "os2formel"}),
    (("--municipality", "odense kommune"), {"os2mo", "os2fremdrift", "os2formel"}),
    (("-m", "Viborg", "-m", "København"), {"os2lokal", "os2mo"}),
    (("--level", "N2", "--status", "retired"), {"os2udfaset"}),
    (("--level", "N1", "--municipality", "Odense"), {"os2formel"}),
    (("--level", "N3", "--status", "idea"), set()),
])
def test_filters_combine_any_value_within_and_all_across(cli, root, args, expected):
    assert set(_ids(cli, root, *args)) == expected


@pytest.mark.parametrize("args, message", [
    (("--level", "N4"), "--level: 'N4' is not a level (N1, N2, N3)"),
    (("--status", "in_operatoin"), "did you mean 'in_operation'?"),
    (("--municipality", "Arhus"), "--municipality: 'Arhus' is not one of the 98 municipalities (did you mean 'Aarhus'?)"),
    (("--municipality", "999"), "'999' is not one of the 98 municipalities"),
    (("--lang", "de"), "--lang: 'de' is not one of da, en"),
    (("--today", "2026-13-01"), "--today"),
])
def test_bad_filter_values_are_one_line_usage_errors(cli, root, args, message):
    result = cli("portfolio", "--registry", root, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_csv_has_a_header_and_neutralises_formula_cells(cli, root):
    result = cli("portfolio", "--registry", root, "--today", TODAY.isoformat(), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["id", "title", "level", "status", "kind", "municipalities", "supplier", "errors",
                             "warnings", "latest_report_date", "latest_report_progress"]
    by_id = {row["id"]: row for row in rows}
    assert by_id["os2formel"]["title"] == "'" + HOSTILE_TITLE
    assert by_id["os2formel"]["supplier"] == "'@SUM(A1)"
    assert by_id["os2mo"]["title"] == "OS2mo" and by_id["os2mo"]["latest_report_date"] == "2026-10-01"
    assert by_id["os2fremdrift"]["warnings"] == "1"


@pytest.mark.parametrize("cell, expected", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("+45 1234", "'+45 1234"), ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"), ("OS2mo", "OS2mo"), ("a=b", "a=b"), (3, "3"), (None, ""),
])
def test_neutralise_prefixes_only_cells_a_spreadsheet_would_run(cell, expected):
    assert neutralise(cell) == expected


def test_csv_filters_apply_too(cli, root):
    result = cli("portfolio", "--registry", root, "--format", "csv", "--status", "retired")
    assert [line.split(",")[0] for line in result.stdout.splitlines()] == ["id", "os2udfaset"]


def test_table_shows_every_row_and_registry_text_literally(cli, root):
    result = cli("portfolio", "--registry", root, "--today", TODAY.isoformat())
    assert result.exit_code == 0
    for entry_id in ("os2mo", "os2lokal", "os2fremdrift", "os2udfaset", "os2broken", "os2formel"):
        assert entry_id in result.stdout
    assert "[bold]x[/bold]" in result.stdout  # rich markup in registry text is not interpreted
    assert "Niveau" in result.stdout and "produkt" in result.stdout  # Danish by default
    line = next(line for line in result.stdout.splitlines() if line.startswith("os2fremdrift"))
    assert "2026-01-01 at_risk" in line and "Netcompany" in line


def test_table_in_english(cli, root):
    result = cli("portfolio", "--registry", root, "--lang", "en", "--level", "N3")
    assert "Level" in result.stdout and "product" in result.stdout and "os2lokal" not in result.stdout


def test_site_refuses_filters(cli, root, tmp_path):
    result = cli("portfolio", "--registry", root, "--site", tmp_path / "site", "--level", "N1")
    assert result.exit_code == 2 and "--site builds the whole portfolio" in result.stderr
    assert not (tmp_path / "site").exists()


def test_no_registry_is_exit_2(cli, tmp_path):
    result = cli("portfolio", "--registry", tmp_path / "nowhere")
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_core_filters_match_rows(root):
    registry = load_registry(root)
    rows = portfolio_rows(registry, TODAY)
    assert select(rows, Filters()) == rows
    filters = parse_filters(registry, ["N2"], [], ["Aarhus"])
    assert [r.id for r in select(rows, filters)] == ["os2udfaset"]
    assert filters.codes == frozenset({"751"})


def test_example_registry_overview(cli):
    data = _json(cli, Path(__file__).resolve().parent.parent / "registry")
    assert len(data) == len(list((Path(__file__).resolve().parent.parent / "registry" / "portfolio").glob("*.yaml")))
    assert all(row["errors"] == 0 for row in data)
