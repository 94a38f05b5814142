"""Cached and parallel checks give exactly the findings of a plain check, in the same order."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from benchmarks.generate import generate
from os2ctl import cache
from os2ctl.check import check_registry
from os2ctl.checkrun import RunOptions, run_check
from os2ctl.registry.loader import load_registry

TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    root = generate(260, tmp_path_factory.mktemp("gen") / "registry", error_rate=0.1)
    (root / "portfolio" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    target = root / "portfolio" / "os2mo-00030.yaml"  # a second core for one repository
    target.write_text(target.read_text(encoding="utf-8").replace("-os2mo-00030", "-os2mo-00012"), encoding="utf-8")
    return root


def _licensed(root):
    """An entry file whose licence can be broken."""
    return next(p for p in sorted((root / "portfolio").iterdir()) if "license: MPL-2.0" in p.read_text("utf-8"))


def _plain(root, today=TODAY, paths=None):
    return check_registry(load_registry(root), today, paths)


def test_cache_and_jobs_change_nothing(generated):
    expected = _plain(generated)
    assert expected.errors > 10 and any(f.rule == "single-core" for f in expected.findings)
    cold = run_check(generated, TODAY, options=RunOptions(jobs=2, use_cache=True))
    warm = run_check(generated, TODAY, options=RunOptions(jobs=2, use_cache=True))
    serial = run_check(generated, TODAY, options=RunOptions(jobs=1, use_cache=False))
    registry = load_registry(generated)
    from_loaded = run_check(generated, TODAY, options=RunOptions(jobs=2, use_cache=False), loaded=registry)
    from_loaded_serial = run_check(generated, TODAY, options=RunOptions(jobs=1, use_cache=False), loaded=registry)
    for report in (cold, warm, serial, from_loaded, from_loaded_serial):
        assert report.findings == expected.findings
        assert (report.entries, report.files) == (expected.entries, expected.files)


def test_paths_give_the_same_findings_as_a_plain_check(generated):
    paths = ["portfolio/os2mo-00030.yaml", "portfolio/broken.yaml", "organisation.yaml"]
    assert run_check(generated, TODAY, paths).findings == _plain(generated, paths=paths).findings


def test_an_edited_file_is_checked_again(tmp_path):
    root = generate(20, tmp_path / "registry", error_rate=0)
    assert run_check(root, TODAY).findings == []
    target = _licensed(root)
    target.write_text(target.read_text(encoding="utf-8").replace("license: MPL-2.0", "license: WTFPL"))
    assert [f.rule for f in run_check(root, TODAY).findings] == ["licence"]


def test_a_changed_dependency_invalidates_everything(tmp_path):
    root = generate(20, tmp_path / "registry", error_rate=0)
    run_check(root, TODAY)
    settings = root / "os2ctl.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("MPL-2.0, ", ""), encoding="utf-8")
    assert {f.rule for f in run_check(root, TODAY).findings} == {"licence"}


def test_git_blob_ids_are_used_and_edits_still_seen(tmp_path):
    root = generate(15, tmp_path / "registry", error_rate=0)
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                     "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=root, check=True)
    assert run_check(root, TODAY).findings == []
    target = root / "portfolio" / "os2kitos-00011.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    assert [f.rule for f in run_check(root, TODAY).findings] == ["schema"]


@pytest.mark.parametrize("content", ["{not json", f'{{"format": {cache.FORMAT}, "inputs": "x", "files": {{}}}}', "[]",
                                     f'{{"format": {cache.FORMAT}, "inputs": null, "files": {{"a": 1}}}}'])
def test_corrupt_or_foreign_cache_is_ignored(tmp_path, content):
    root = generate(10, tmp_path / "registry", error_rate=0)
    target = _licensed(root)
    target.write_text(target.read_text(encoding="utf-8").replace("license: MPL-2.0", "license: WTFPL"))
    path = cache.cache_file(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    assert [f.rule for f in run_check(root, TODAY).findings] == ["licence"]


def test_a_poisoned_cache_for_other_inputs_is_not_trusted(tmp_path):
    root = generate(10, tmp_path / "registry", error_rate=0)
    run_check(root, TODAY)
    target = _licensed(root)
    target.write_text(target.read_text(encoding="utf-8").replace("license: MPL-2.0", "license: WTFPL"))
    assert run_check(root, TODAY).findings  # edited content has a new blob id
    assert run_check(root, TODAY + dt.timedelta(days=1)).findings  # and stays found the next day


def test_cache_lives_outside_the_registry(tmp_path):
    root = generate(5, tmp_path / "registry", error_rate=0)
    run_check(root, TODAY)
    assert not cache.cache_file(root).is_relative_to(root)
    assert cache.cache_file(root).exists()


def test_loading_in_worker_processes_gives_the_same_registry(generated):
    serial, parallel = load_registry(generated, jobs=1, use_cache=False), load_registry(generated, jobs=2, use_cache=False)
    assert list(serial.files) == list(parallel.files)
    for path, loaded in serial.files.items():
        other = parallel.files[path]
        assert (loaded.findings, loaded.doc.positions) == (other.findings, other.doc.positions)
        dump = (lambda m: m.model_dump() if m is not None else None)
        assert dump(loaded.model) == dump(other.model) and dump(loaded.partial) == dump(other.partial)


def test_proposals_from_worker_processes_are_the_same(generated):
    from os2ctl.reclassify import propose_all

    registry = load_registry(generated)
    serial, parallel = propose_all(registry, TODAY, jobs=1), propose_all(registry, TODAY, jobs=2)
    assert serial and [p.as_dict() for p in serial] == [p.as_dict() for p in parallel]


def test_a_new_day_checks_again_only_what_depends_on_the_date(generated, monkeypatch):
    import os2ctl.check

    run_check(generated, TODAY, options=RunOptions(jobs=1))
    later = TODAY + dt.timedelta(days=200)  # every in-progress report is stale by then
    expected = _plain(generated, later)
    checked = []
    real = os2ctl.check.check_file

    def counting(registry, loaded, today):
        checked.append(loaded.path)
        return real(registry, loaded, today)

    monkeypatch.setattr(os2ctl.check, "check_file", counting)
    report = run_check(generated, later, options=RunOptions(jobs=1))
    assert (report.findings, report.entries, report.files) == (expected.findings, expected.entries, expected.files)
    assert any(f.rule == "progress-report" for f in report.findings)
    entries = [p for p in checked if p.startswith("portfolio/")]
    assert 0 < len(entries) < len(list((generated / "portfolio").iterdir())) / 2
    checked.clear()
    assert run_check(generated, later, options=RunOptions(jobs=1)).findings == report.findings
    assert checked == []  # that day's results are cached now
    paths = ["portfolio/os2mo-00030.yaml", "organisation.yaml"]
    loaded = load_registry(generated)
    another = later + dt.timedelta(days=1)
    assert run_check(generated, another, paths, loaded=loaded).findings == _plain(generated, another, paths).findings
