"""The document cache: a registry loaded from it is the registry parsed from its files."""

from __future__ import annotations

import gc
import json
import subprocess

import pytest

from benchmarks.generate import generate
from os2ctl import cache
from os2ctl.memory import collection_paused
from os2ctl.registry.doccache import DocumentCache, EncodedDocument, encode_record
from os2ctl.registry.fileids import portfolio_ids
from os2ctl.registry.loader import list_entry_files, load_registry
from os2ctl.registry.yamlread import pack_positions, read_document, unpack_positions

CPR = "010190-1234"
# Files that exercise every part of a record: dates, findings, a BOM, odd scalars, nothing at all.
ODD_FILES = {
    "portfolio/dupes.yaml": "title: A\ntitle: B\ndecisions:\n  - {date: 2026-01-05, body: board}\n",
    "portfolio/bom.yaml": "\ufefftitle: Med BOM\nreports: [{date: 2026-02-01, progress: on_track}]\n",
    "portfolio/scalars.yaml": "a: .nan\nb: -.inf\nc: 0o17\nd: '2026-01-01'\ne: 2026-02-30\nf: ~\ng: [[], {}]\n",
    "portfolio/empty.yaml": "",
    "portfolio/alias.yaml": "a: &x [1]\nb: *x\n",
    "portfolio/syntax.yaml": "title: [\n",
    "portfolio/list.yaml": "- 1\n- 2026-03-04\n",
    "portfolio/date.yaml": "2026-01-01\n",
    "portfolio/scalar.yaml": "just text\n",
    "portfolio/crlf.yaml": "title: CRLF\r\ndecisions: [{date: 2026-01-05}]\r\n",
    "portfolio/hex.yaml": "n: 0x" + "f" * 4000 + "\n",  # an integer too long to print
}


@pytest.fixture
def registry_root(tmp_path):
    root = generate(40, tmp_path / "registry", error_rate=0.2)
    for relative, text in ODD_FILES.items():
        (root / relative).write_text(text, encoding="utf-8")
    (root / "portfolio" / "latin1.yaml").write_bytes("title: Århus\n".encode("latin-1"))
    return root


def _snapshot(registry):
    """Everything a command reads from a loaded registry, comparable with ==."""
    def dump(model):
        return None if model is None else model.model_dump()

    return {
        path: (loaded.kind, loaded.doc.text, _canonical(loaded.doc.data), dict(loaded.doc.positions), loaded.findings,
               dump(loaded.model), dump(loaded.partial))
        for path, loaded in registry.files.items()
    }


def _canonical(value):
    """`value` comparable with ==, types included (NaN equals NaN, 1 differs from 1.0 and True)."""
    if isinstance(value, dict):
        return ("dict", [(key, _canonical(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [_canonical(item) for item in value])
    if isinstance(value, float) and value != value:
        return ("float", "nan")
    return (type(value).__name__, value)


def _shards(root):
    return sorted((cache.cache_folder() / f"documents-{cache.registry_name(root)}").glob("*.json"))


def test_a_registry_from_the_cache_is_the_registry_from_its_files(registry_root):
    parsed = _snapshot(load_registry(registry_root, use_cache=False))
    first = load_registry(registry_root)  # fills the cache
    assert _shards(registry_root)
    second = load_registry(registry_root)
    assert _snapshot(first) == parsed
    assert _snapshot(second) == parsed


def test_every_cached_record_is_used(registry_root, monkeypatch):
    load_registry(registry_root)
    monkeypatch.setattr("os2ctl.registry.loader.read_entry_file", _never)
    registry = load_registry(registry_root)
    assert len(registry.entries) == 52  # the latin-1 and hex files cannot be cached, and are parsed again
    assert registry.entries["os2mo-00012"].model.title


def _never(registry, path, raw=None):
    if path.endswith(("latin1.yaml", "hex.yaml")):
        from os2ctl.registry.loader import _load

        return _load(registry.root, path, "entry", None)
    raise AssertionError(f"{path} was parsed although the cache holds it")


def test_an_edited_file_is_parsed_again(registry_root):
    load_registry(registry_root)
    target = registry_root / "portfolio" / "os2mo-00012.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("title: OS2mo", "title: OS2mo nyt"), "utf-8")
    assert load_registry(registry_root).entries["os2mo-00012"].model.title == "OS2mo nyt"


def test_git_blob_ids_key_the_cache_and_edits_are_still_seen(registry_root):
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org",
                                                     "commit", "-qm", "x"]):
        subprocess.run(["git", *command], cwd=registry_root, check=True)
    paths = list_entry_files(registry_root)
    ids = portfolio_ids(registry_root, paths)
    load_registry(registry_root)
    target = registry_root / "portfolio" / "os2mo-00012.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("title: OS2mo", "title: Ændret"), "utf-8")
    assert portfolio_ids(registry_root, paths)["portfolio/os2mo-00012.yaml"] != ids["portfolio/os2mo-00012.yaml"]
    assert load_registry(registry_root).entries["os2mo-00012"].model.title == "Ændret"


def test_a_record_with_a_cpr_number_is_never_written(registry_root):
    target = registry_root / "portfolio" / "os2mo-00012.yaml"
    target.write_text(target.read_text(encoding="utf-8") + f"# borgerens cpr: {CPR}\n", encoding="utf-8")
    registry = load_registry(registry_root)
    assert registry.files["portfolio/os2mo-00012.yaml"].doc.text.count(CPR) == 1
    shards = _shards(registry_root)
    assert shards and not any(CPR in shard.read_text(encoding="utf-8") for shard in shards)
    assert not any(CPR.replace("-", "") in shard.read_text(encoding="utf-8") for shard in shards)


def test_a_cpr_number_made_of_escapes_is_not_written_either():
    doc = read_document("x.yaml", b'note: "\\x30\\x31\\x30\\x31\\x39\\x30-1234"\n')
    assert doc.data == {"note": CPR}
    assert encode_record(doc) is None
    assert encode_record(read_document("x.yaml", b"note: P-nr. 1003388394\n")) is not None


def test_records_of_deleted_files_are_removed(registry_root):
    load_registry(registry_root)
    before = sum(len(json.loads(s.read_text(encoding="utf-8"))["records"]) for s in _shards(registry_root))
    for path in list((registry_root / "portfolio").glob("os2mo-*.yaml")):
        path.unlink()
    load_registry(registry_root)
    after = sum(len(json.loads(s.read_text(encoding="utf-8"))["records"]) for s in _shards(registry_root))
    assert after < before
    for path in (registry_root / "portfolio").iterdir():
        path.unlink()
    load_registry(registry_root)
    assert _shards(registry_root) == []


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format": 1, "parser": "other", "records": {}}',
                                     '{"format": 1, "records": 7}'])
def test_a_damaged_or_foreign_shard_is_ignored(registry_root, content):
    expected = _snapshot(load_registry(registry_root, use_cache=False))
    load_registry(registry_root)
    for shard in _shards(registry_root):
        shard.write_text(content, encoding="utf-8")
    assert _snapshot(load_registry(registry_root)) == expected
    assert _snapshot(load_registry(registry_root)) == expected  # and the rewritten shards are good


def test_a_damaged_record_is_parsed_again_or_located_from_its_text(registry_root):
    expected = _snapshot(load_registry(registry_root, use_cache=False))
    load_registry(registry_root)
    for shard in _shards(registry_root):
        document = json.loads(shard.read_text(encoding="utf-8"))
        for blob, record in document["records"].items():
            if blob.startswith(("0", "1", "2", "3")):
                record[3] = "1,1,1,1"  # positions that do not fit the data
            else:
                record[2] = [["no", "such", "date"]]  # a date path that leads nowhere: parsed again
        shard.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert _snapshot(load_registry(registry_root)) == expected


def test_a_cached_file_over_the_size_limit_is_still_refused(registry_root):
    load_registry(registry_root)
    settings = registry_root / "os2ctl.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "limits: {max_file_bytes: 1000}\n", encoding="utf-8")
    registry = load_registry(registry_root)
    loaded = registry.files["portfolio/os2mo-00012.yaml"]
    assert [f.rule for f in loaded.findings] == ["file-size"] and loaded.model is None


def test_the_cache_lives_outside_the_registry(registry_root):
    load_registry(registry_root)
    assert all(not shard.is_relative_to(registry_root) for shard in _shards(registry_root))
    assert not load_registry(registry_root, use_cache=False).content_ids


def test_a_cache_that_cannot_be_written_is_not_an_error(registry_root, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("OS2CTL_CACHE_DIR", str(blocker))
    assert len(load_registry(registry_root).entries) == 52


def test_positions_pack_and_unpack():
    doc = read_document("x.yaml", b"a: 1\nb:\n  - {c: 2026-01-01, d: [x, y]}\n  - z\n")
    packed = pack_positions(doc)
    assert packed and unpack_positions(doc.data, packed) == doc.positions
    with pytest.raises(ValueError):
        unpack_positions({"a": 1}, packed)


def test_record_round_trip_keeps_types():
    doc = read_document("x.yaml", ODD_FILES["portfolio/scalars.yaml"].encode())
    back = EncodedDocument("x.yaml", encode_record(doc)).document()
    assert _canonical(back.data) == _canonical(doc.data) and back.positions == doc.positions


def test_cache_records_only_blob_ids(registry_root):
    cached = DocumentCache(registry_root, {"portfolio/a.yaml": "missing", "portfolio/b.yaml": "outside:/dev/zero"})
    assert cached.ids == {}
    assert cached.get("portfolio/a.yaml", None) is None


def test_collection_paused_restores_the_collector():
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collection_paused(freeze=False):
        assert not gc.isenabled()
        kept = [[index] for index in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    with collection_paused(freeze=True):
        kept += [[index] for index in range(1000)]
    assert gc.get_freeze_count() >= frozen + 2000
    gc.unfreeze()
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_file_edited_after_its_id_was_taken_is_not_stored_under_that_id(registry_root):
    path = "portfolio/os2mo-00012.yaml"
    text = (registry_root / path).read_text(encoding="utf-8")
    cached = DocumentCache(registry_root, portfolio_ids(registry_root, [path]))
    edited = read_document(path, (text + "# edited\n").encode())
    cached.put(path, encode_record(edited), edited.text)
    assert cached.get(path, None) is None
    same = read_document(path, text.encode())
    cached.put(path, encode_record(same), same.text)
    assert cached.get(path, None).text == text


def test_a_cpr_number_next_to_a_control_character_is_not_written(registry_root):
    (registry_root / "portfolio" / "control.yaml").write_bytes(b'note: "\\x010101901234"\n')
    load_registry(registry_root)
    assert not any("0101901234" in shard.read_text(encoding="utf-8") for shard in _shards(registry_root))
    doc = read_document("x.yaml", b'note: "\\x010101901234"\n')
    assert doc.data == {"note": "\x010101901234"} and encode_record(doc) is None


def test_a_cpr_number_in_a_key_or_a_number_is_not_written():
    assert encode_record(read_document("x.yaml", b'"\\x30101901234": 1\n')) is None
    assert encode_record(read_document("x.yaml", b"n: 0x3c3e7b52\n")) is None  # 1010203986


def test_shards_are_not_rewritten_when_nothing_changed(registry_root):
    (registry_root / "portfolio" / "cpr.yaml").write_text(f"note: {CPR}\n", encoding="utf-8")
    load_registry(registry_root)
    stamps = {shard: shard.stat().st_mtime_ns for shard in _shards(registry_root)}
    for shard in stamps:
        shard.touch()  # a rewrite would replace the file: its inode changes
    inodes = {shard: shard.stat().st_ino for shard in stamps}
    load_registry(registry_root)
    assert {shard: shard.stat().st_ino for shard in _shards(registry_root)} == inodes


@pytest.mark.parametrize("damage", ["surrogate", "deep", "wrong key"])
def test_damaged_records_are_not_served(registry_root, damage):
    expected = _snapshot(load_registry(registry_root, use_cache=False))
    load_registry(registry_root)
    for shard in _shards(registry_root):
        document = json.loads(shard.read_text(encoding="utf-8"))
        records = document["records"]
        if damage == "surrogate":
            for record in records.values():
                record[0] = "\ud800"
            text = json.dumps(document)
        elif damage == "deep":
            text = "[" * 100_000 + "]" * 100_000
        else:  # each record under another file's id: a record must hash to its key
            blobs = list(records)
            document["records"] = {blob: records[blobs[i - 1]] for i, blob in enumerate(blobs)}
            text = json.dumps(document, ensure_ascii=False)
        shard.write_text(text, encoding="utf-8")
    assert _snapshot(load_registry(registry_root)) == expected


def test_git_line_ending_conversion_is_seen(registry_root):
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=registry_root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=registry_root, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=registry_root, check=True)
    load_registry(registry_root)
    subprocess.run([*git, "config", "core.autocrlf", "true"], cwd=registry_root, check=True)
    target = registry_root / "portfolio" / "os2mo-00012.yaml"
    target.unlink()
    subprocess.run([*git, "checkout", "--", "portfolio/os2mo-00012.yaml"], cwd=registry_root, check=True)
    assert b"\r\n" in target.read_bytes()
    text = load_registry(registry_root).files["portfolio/os2mo-00012.yaml"].doc.text
    assert text == target.read_bytes().decode("utf-8")  # what `decide` compares before it writes
    assert load_registry(registry_root).files["portfolio/os2mo-00012.yaml"].doc.text == text


def test_files_git_converts_on_checkout_are_hashed_not_looked_up(tmp_path):
    from os2ctl.gitrepo import blob_ids

    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    (tmp_path / "portfolio").mkdir()
    for name in ("plain", "converted"):
        (tmp_path / "portfolio" / f"{name}.yaml").write_text("title: x\n", encoding="utf-8")
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "x"], cwd=tmp_path, check=True)
    paths = ["portfolio/plain.yaml", "portfolio/converted.yaml"]
    assert set(blob_ids(tmp_path, "portfolio", paths)) == {"portfolio/plain.yaml", "portfolio/converted.yaml"}
    (tmp_path / ".gitattributes").write_text("converted.yaml eol=crlf\n", encoding="utf-8")
    assert set(blob_ids(tmp_path, "portfolio", paths)) == {"portfolio/plain.yaml"}
    subprocess.run([*git, "update-index", "--assume-unchanged", "portfolio/plain.yaml"], cwd=tmp_path, check=True)
    assert blob_ids(tmp_path, "portfolio", paths) == {}  # Git would not notice an edit: hashed
    subprocess.run([*git, "update-index", "--no-assume-unchanged", "portfolio/plain.yaml"], cwd=tmp_path, check=True)
    for value, trusted in (("false", True), ("off", True), ("input", False), ("yes", False), ("1", False)):
        subprocess.run([*git, "config", "core.autocrlf", value], cwd=tmp_path, check=True)
        assert (blob_ids(tmp_path, "portfolio", paths) is not None) is trusted, value
