"""Conditions real machines produce: each ends in a message or a right answer, never a traceback or a loss."""

import json
import os

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli


def _index(corpus, index):
    return CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "-j", "1"])


@pytest.mark.parametrize("etype, header", [("person", "people: Ana Lima"), ("place", "places: Peru"),
                                           ("org", "orgs: Acme Corp")])
def test_facets_over_a_segment_without_any_entity_of_a_type(tmp_path, etype, header):
    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"title: A\n{header}\n\nsome words here\n", encoding="utf-8")
    assert _index(corpus, index).exit_code == 0
    (corpus / "b.txt").write_text("title: B\n\nnothing named here at all\n", encoding="utf-8")
    assert _index(corpus, index).exit_code == 0  # a second segment, which lacks the column
    for args in (["stats"], ["search", "--facet", etype], ["facets"], ["entities"]):
        result = CliRunner().invoke(cli, [*args, "--index", str(index)])
        assert result.exit_code == 0, (args, result.output)
    with searchidx.open_index(index) as idx:
        assert [f.count for f in idx.facets([etype])[etype]] == [1]


def _article(path, title="A note", body="Words about the harbour and the ships in it."):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"title: {title}\n\n{body}\n", encoding="utf-8")


def _ids(index):
    with searchidx.open_index(index) as idx:
        return {h.id for h in idx.search(limit=1000).hits}


def test_a_folder_that_cannot_be_listed_keeps_its_indexed_articles(tmp_path, monkeypatch):
    import os

    from searchidx.ingest import discover as discover_module

    corpus, index = tmp_path / "c", tmp_path / "ix"
    _article(corpus / "open.txt")
    _article(corpus / "locked" / "inside.txt")
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
    # as root, permissions do not stop a listing: make the listing fail as an unreadable folder does
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)
    monkeypatch.setattr(discover_module.os, "scandir", scandir)
    real_read_text = discover_module.Path.read_text

    def read_text(self, *args, **kwargs):  # a folder with mode 000: its ignore file cannot be read either
        if self.parent.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_text(self, *args, **kwargs)
    monkeypatch.setattr(discover_module.Path, "read_text", read_text)
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert (report.removed, report.unchanged) == (0, 2)
    assert report.failed == [("locked", "cannot list this folder (Permission denied); its files are left as they were")]
    assert _ids(index) == {"open.txt", "locked/inside.txt"}


def test_files_of_a_folder_that_can_be_listed_but_not_entered_keep_their_indexed_articles(tmp_path, monkeypatch):
    import os

    from searchidx.ingest import discover as discover_module

    corpus, index = tmp_path / "c", tmp_path / "ix"
    _article(corpus / "open.txt")
    _article(corpus / "locked" / "inside.txt")
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # `chmod -R 644 c`: a folder read but not entered lists its names,
        if os.sep + "locked" + os.sep in str(path):  # and each stat of one of its files is refused
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)
    monkeypatch.setattr(discover_module.os, "stat", stat)
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert report.failed == [("locked/inside.txt", "Permission denied")]
    assert (report.removed, report.unchanged) == (0, 2)  # was 1 removed: the file taken for deleted
    assert _ids(index) == {"open.txt", "locked/inside.txt"}


def test_check_says_an_indexed_file_it_cannot_reach_is_kept_not_gone(tmp_path, monkeypatch):
    import os

    from searchidx.index import check as check_module

    corpus, index = tmp_path / "c", tmp_path / "ix"
    _article(corpus / "open.txt")
    _article(corpus / "locked" / "inside.txt")
    assert _index(corpus, index).exit_code == 0
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # a folder of mode 000 (as root, permissions stop nothing)
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)
    monkeypatch.setattr(check_module.os, "stat", stat)
    result = _check(index)
    # it said "indexed, but no longer there (run searchidx index to drop it)": index keeps such a file's
    # articles (an unlisted folder's files are left as they were), so check said so again after each run
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{corpus}/locked/inside.txt: cannot be reached (Permission denied): searchidx index keeps its "
        "articles until it can read it")


def test_only_regular_files_are_read(tmp_path):
    import os
    import subprocess
    import sys

    corpus = tmp_path / "c"
    _article(corpus / "ok.txt")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    result = subprocess.run([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(tmp_path / "ix"),
                             "-j", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "pipe.txt: not a regular file" in result.stderr and "zero.txt: not a regular file" in result.stderr
    assert "1 added" in result.stdout


def test_a_gzip_bomb_stops_at_the_limit(tmp_path):
    import gzip
    import resource
    import subprocess
    import sys

    corpus = tmp_path / "c"
    corpus.mkdir()
    member = gzip.compress(b"a" * (1024 * 1024), compresslevel=9)
    (corpus / "bomb.txt.gz").write_bytes(gzip.compress(b"title: x\n\n") + member * 768)  # 768 MB in 0.8 MB
    _article(corpus / "ok.txt")
    (tmp_path / "s.yaml").write_text("max_file_mb: 2\n", encoding="utf-8")
    code = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); print(r.stderr, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "searchidx", "index", str(corpus),
                             "--index", str(tmp_path / "ix"), "-j", "1", "--config", str(tmp_path / "s.yaml")],
                            capture_output=True, text=True, timeout=120)
    assert "bomb.txt.gz: decompresses to over 8 MB (4x the max_file_mb limit)" in result.stderr
    assert int(result.stdout.split()[-1]) < 400_000  # KB: the 768 MB were never held whole
    del resource


def test_the_size_limit_message_says_the_number_that_was_set(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "big.txt").write_text("title: big\n\n" + "word " * 600_000, encoding="utf-8")
    (tmp_path / "s.yaml").write_text("max_file_mb: 2\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix"), "--config",
                                      str(tmp_path / "s.yaml")])
    assert "big.txt: file is 2.9 MB, over the 2 MB limit (max_file_mb)" in result.stderr


def test_file_names_that_are_not_utf8_are_indexed_and_tracked(tmp_path):
    import os

    corpus = tmp_path / "c"
    corpus.mkdir()
    _article(corpus / "plain.txt")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "w", encoding="utf-8") as f:
        f.write("title: Cafe\n\nA note about the cafe.\n")
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        first = idx.update([corpus])
        again = idx.update([corpus])
    assert (first.added, first.failed) == (2, [])
    assert (again.unchanged, again.added, again.removed) == (2, 0, 0)
    assert _ids(index) == {"plain.txt", "caf\\xe9.txt"}
    result = CliRunner().invoke(cli, ["search", "cafe", "--format", "paths", "--index", str(index)])
    assert result.stdout == "caf\\\\xe9.txt\n"


def test_folders_nested_a_thousand_deep(tmp_path):
    import os

    corpus = tmp_path / "c"
    deep = str(corpus)
    os.mkdir(deep)
    for _ in range(1000):  # os.makedirs itself recurses too deep for this
        deep = os.path.join(deep, "d")
        os.mkdir(deep)
    _article(corpus / "top.txt")
    with open(os.path.join(deep, "bottom.txt"), "w", encoding="utf-8") as f:
        f.write("title: Bottom\n\nThe deepest note.\n")
    try:
        with searchidx.open_index(tmp_path / "ix") as idx:
            report = idx.update([corpus])
        assert (report.added, report.failed) == (2, [])
    finally:  # bottom up: shutil.rmtree, and so pytest's own clean-up, recurses too deep for this tree
        os.remove(os.path.join(deep, "bottom.txt"))
        while deep != str(corpus):
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def _flip_middle(segment, mask=0x01, keep_time=False):
    """Flip bits of the byte in the middle of ``segment`` (a column's values: they read back without an error);
    ``keep_time``: leave its modification time as it was."""
    written = segment.stat()
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= mask
    segment.write_bytes(bytes(data))
    if keep_time:
        os.utime(segment, ns=(written.st_atime_ns, written.st_mtime_ns))


def _damage(path, how):
    import os

    data = bytearray(path.read_bytes())
    if how == "truncated":
        path.write_bytes(bytes(data[: len(data) // 3]))
    elif how == "emptied":
        path.write_bytes(b"")
    elif how == "deleted":
        os.remove(path)
    else:  # bytes flipped through the file
        for i in range(1000, len(data), 997):
            data[i] ^= 0xFF
        path.write_bytes(bytes(data))


@pytest.mark.parametrize("damaged", [True, False])
def test_a_postings_block_read_as_gigabytes_is_damage_only_when_its_segment_is_damaged(
        tmp_path, corpus_copy, monkeypatch, damaged):
    """Flipped bytes in a pickled postings block can read as a length of gigabytes: Whoosh raises
    MemoryError (CI saw it on a machine with less memory). methodcaller stands in for the unpickler
    asking for 4 EiB, raising from C as the unpickler does, so the error comes out of Whoosh's own frame."""
    import operator

    from whoosh.codec import whoosh3

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    if damaged:  # the segment no longer matches the checksum its commit recorded, as flipped bytes make it
        sums = json.loads((index / "checksums.json").read_text())
        sums[segment.name]["crc32"] ^= 1
        (index / "checksums.json").write_text(json.dumps(sums))
    monkeypatch.setattr(whoosh3, "loads", operator.methodcaller("ljust", 1 << 62))
    result = CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)])
    if damaged:
        assert result.exit_code == 3, result.output
        assert "the index is damaged" in result.stderr and segment.name in result.stderr
    else:  # an index whose files all check out is not called damaged: the error is what it is
        assert isinstance(result.exception, MemoryError)


def test_a_pickle_frame_read_as_too_long_in_a_damaged_segment_is_damage(tmp_path, corpus_copy, monkeypatch):
    """Flipped bytes read as a pickle frame longer than any make the unpickler raise OverflowError ('FRAME
    length exceeds system's maximum'): the search ended in exit 1 and no message, not 'the index is damaged'
    (test_a_damaged_segment_is_named_and_rebuild_recovers[flipped] met it when the stored bytes moved)."""
    import operator

    from whoosh.codec import whoosh3

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    sums = json.loads((index / "checksums.json").read_text())
    sums[segment.name]["crc32"] ^= 1
    (index / "checksums.json").write_text(json.dumps(sums))
    # an OverflowError raised from C inside Whoosh's frame, as the unpickler raises it ("repeated bytes are
    # too long" here)
    monkeypatch.setattr(whoosh3, "loads", operator.methodcaller("__mul__", 1 << 62))
    result = CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)])
    assert result.exit_code == 3, result.output
    assert "the index is damaged" in result.stderr and segment.name in result.stderr


@pytest.mark.parametrize("how", ["truncated", "emptied", "deleted", "flipped"])
def test_a_damaged_segment_is_named_and_rebuild_recovers(tmp_path, corpus_copy, how):
    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    _damage(segment, how)
    for args in (["search", "referendum"], ["stats"], ["index", str(corpus_copy)], ["facets"]):
        result = CliRunner().invoke(cli, [*args, "--index", str(index)])
        assert result.exit_code == 3, (args, result.output)
        assert "the index is damaged" in result.stderr and "--rebuild" in result.stderr
        if how != "deleted":
            assert segment.name in result.stderr
    assert _index(corpus_copy, index).exit_code == 3
    rebuilt = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(index), "--rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    with searchidx.open_index(index) as idx:
        assert idx.search("referendum").total == 4


def test_an_index_folder_that_cannot_be_written_is_said_so_and_still_searches(tmp_path, corpus_copy, monkeypatch):
    import errno
    import os

    from searchidx.index import lock

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    real_open = os.open

    def read_only(path, flags, *args):  # as a read-only mount answers (root ignores permission bits)
        if str(path).endswith(lock.LOCK_FILE):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)
    monkeypatch.setattr(lock.os, "open", read_only)
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(index)])
    assert result.exit_code == 3
    assert "cannot write here (Read-only file system): searching an index that is there works" in result.stderr
    assert CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)]).exit_code == 0


def test_a_commit_flushes_its_segments_before_the_table_of_contents_names_them(tmp_path, corpus_copy, monkeypatch):
    import os

    from searchidx.index import store

    events = []
    real_fsync, real_replace = store._fsync, os.replace
    monkeypatch.setattr(store, "_fsync", lambda path, *a: (events.append(("fsync", os.path.basename(path))),
                                                            real_fsync(path, *a)))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
    index = tmp_path / "ix"
    segments = {p.name for p in index.glob("*.seg")}
    # each commit: its segments and new table of contents flushed, then renamed, then the folder flushed
    assert events[-1] == ("fsync", "ix")
    last_commit = events[events[:-1].index(("fsync", "ix")) + 1:-1] if events.count(("fsync", "ix")) > 1 else events
    assert segments <= {name for _, name in last_commit}, events
    assert any(name.startswith("_articles_1.toc.") for _, name in last_commit), events
    del real_replace


def test_the_state_and_stamp_files_are_on_the_disk_once_renamed_into_place(tmp_path, corpus_copy, monkeypatch):
    """As a commit's table of contents: the folder is flushed after each rename, which is only on the
    disk then (a power cut could otherwise leave a commit relying on a state that is not there)."""
    import os

    from searchidx.index import store

    events = []
    real_fsync, real_replace = store._fsync, os.replace
    monkeypatch.setattr(store, "_fsync", lambda path, *a: (events.append(("fsync", os.path.basename(path))),
                                                            real_fsync(path, *a)))
    monkeypatch.setattr(os, "replace", lambda src, dst, *a: (events.append(("replace", os.path.basename(dst))),
                                                             real_replace(src, dst, *a)))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        idx.update([corpus_copy], rebuild=True)  # a rebuild switches the stamp to the new index
    for ending in (store.STATE_SUFFIX, store.STAMP_FILE):  # (a rebuild's state file has its new index's name)
        renames = [i for i, (kind, name) in enumerate(events) if kind == "replace" and name.endswith(ending)]
        assert len(renames) >= 2 and all(events[i + 1] == ("fsync", "ix") for i in renames), (ending, events)


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB file system (tmpfs): needs root and the right to mount, else the test is skipped."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount rights)")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], capture_output=True)  # files a searcher left open


def test_a_full_disk_leaves_the_last_commit_and_no_orphans(small_disk, corpus_copy):
    from pathlib import Path

    index = small_disk / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    before = {p.name for p in index.iterdir()}
    big = Path(__file__).resolve().parent.parent / "corpus"  # the sample corpus: more than 3 MB indexed
    result = CliRunner().invoke(cli, ["index", str(big), "--index", str(index), "-j", "1"])
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Error: disk full at {index}: the index is as it was at its last commit; at least")
    assert "Traceback" not in result.output
    assert {p.name for p in index.iterdir()} <= before | {"saved-runs.json"}  # no unfinished segments left
    with searchidx.open_index(index) as idx:
        assert idx.search("referendum").total == 4


def _check(index):
    return CliRunner().invoke(cli, ["check", "--index", str(index)])


def test_check_passes_a_sound_index_and_finds_each_kind_of_damage(tmp_path, corpus_copy):
    import os
    import shutil

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    sound = _check(index)
    assert sound.exit_code == 0 and sound.stdout.endswith("OK: 1 segment, 17 articles, 11 files read back\n")

    for how, finding in (("flipped", "changed since it was written (checksum differs)"),
                         ("truncated", "changed since it was written"), ("deleted", "missing")):
        copy = tmp_path / f"ix-{how}"
        shutil.copytree(index, copy)
        _damage(next(copy.glob("*.seg")), how)
        result = _check(copy)
        assert result.exit_code != 0 and finding in result.output, (how, result.output)
        assert f"1 damaged segment: rebuild the index from its files (searchidx index CORPUS --rebuild --index " \
               f"{copy})" in result.stderr

    # a byte flipped in a column alone reads back without any error: only the checksum tells
    copy = tmp_path / "ix-column"
    shutil.copytree(index, copy)
    segment = next(copy.glob("*.seg"))
    _flip_middle(segment)
    assert "checksum differs" in _check(copy).stdout

    os.utime(corpus_copy / "zurich-bank.md", (1, 1))
    (corpus_copy / "kyiv-energy.html").unlink()
    result = _check(index)
    assert result.exit_code == 1
    assert "zurich-bank.md: changed since it was indexed" in result.stdout
    assert "kyiv-energy.html: indexed, but no longer there" in result.stdout
    assert "Error: 2 problems" in result.stderr and "--rebuild" not in result.stderr  # files: searchidx index
    assert CliRunner().invoke(cli, ["check", "--no-files", "--index", str(index)]).exit_code == 0


def test_a_segment_written_over_since_its_commit_is_damage_for_every_command(tmp_path, corpus_copy):
    """A byte flipped in a segment's middle (a column's values) reads back without any error: 'facets' printed
    counts made of it (exit 0), and the flipped-segment case above passed or failed by where its flips fell.
    A segment file whose time moved since its commit is checked against its recorded checksum as the index
    is opened: every reading command names it, and 'check' still reads the index to list what is wrong."""
    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    _flip_middle(segment)
    for args in (["facets"], ["search", "referendum"], ["stats"], ["index", str(corpus_copy)]):
        result = CliRunner().invoke(cli, [*args, "--index", str(index)])
        assert result.exit_code == 3, (args, result.output)
        assert f"the index is damaged in {segment.name} (changed since it was written" in result.stderr
    assert "checksum differs" in _check(index).stdout
    # a copy that keeps the bytes but not the times (cp -r) is read whole once, and found sound
    copy = tmp_path / "copy"
    copy.mkdir()
    sound = tmp_path / "sound"
    assert _index(corpus_copy, sound).exit_code == 0
    for f in sound.iterdir():
        (copy / f.name).write_bytes(f.read_bytes())
    assert CliRunner().invoke(cli, ["facets", "--index", str(copy)]).exit_code == 0


def test_check_finds_an_id_held_twice(tmp_path, corpus_copy):
    from whoosh.writing import AsyncWriter  # noqa: F401  (Whoosh's own writer, as a stray tool would)

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    with searchidx.open_index(index) as idx:
        ix = idx.engine.require()
        with ix.searcher() as s:
            doc = s.document(id="zurich-bank.md")
        writer = ix.writer()
        writer.add_document(**{k: v for k, v in doc.items() if k in ("id", "file", "stamp", "title", "body")})
        writer.commit()
    result = _check(index)
    assert result.exit_code == 1 and "id 'zurich-bank.md' is held by 2 articles" in result.stdout


def test_an_update_replaces_an_article_by_id_when_its_file_key_reads_wrong(tmp_path, corpus_copy, monkeypatch):
    import os

    from searchidx.index import update

    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([corpus_copy])
    real = update.existing_files

    def damaged_column(ix):  # the file column reads another key for one file, as damaged bytes would
        files = real(ix)
        key = str(corpus_copy / "zurich-bank.md")
        return {("/elsewhere/zurich-bank.md" if k == key else k): v for k, v in files.items()}
    monkeypatch.setattr(update, "existing_files", damaged_column)
    os.utime(corpus_copy / "zurich-bank.md", (5, 5))
    with searchidx.open_index(index) as idx:
        idx.update([corpus_copy])
        assert idx.search("id:zurich-bank.md").total == 1
        assert idx.check(files=False).ok


def test_two_files_claiming_one_id_end_as_a_clean_build_does(tmp_path):
    corpus = tmp_path / "c"
    _article(corpus / "sub" / "late.txt")
    (corpus / "sub" / "late.txt").write_text("id: shared\ntitle: Late\n\nThe later claim.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        (corpus / "early.txt").write_text("id: shared\ntitle: Early\n\nThe earlier claim.\n", encoding="utf-8")
        report = idx.update([corpus])  # early.txt comes first in the walk: a clean build keeps it
        assert report.failed == [("sub/late.txt", "duplicate id 'shared' (already used by early.txt); record skipped")]
        updated = [(h.id, h.title) for h in idx.search(limit=10).hits]
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
        assert [(h.id, h.title) for h in clean.search(limit=10).hits] == updated == [("shared", "Early")]


STORY = ("The central bank raised its main interest rate by half a point on Thursday, the third rise this "
         "year, saying inflation had stayed above its target for longer than expected and that wages were "
         "still climbing in most sectors of the economy, according to the statement.")
OTHER = ("Heavy rain flooded low-lying streets across the coastal city overnight, closing two schools and "
         "a hospital wing, while emergency crews pumped water from basements and the weather service "
         "warned that more storms were likely before the end of the week.")


def _stories(index):
    with searchidx.open_index(index) as idx:
        ix = idx.engine.require()
        with ix.searcher() as s:
            return {d["id"]: d["story_id"] for d in s.documents()}


def test_an_update_groups_stories_as_a_clean_build_does(tmp_path):
    corpus = tmp_path / "c"
    _article(corpus / "a.txt", "Rates", STORY)
    _article(corpus / "b.txt", "Floods", OTHER)
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    # a.txt now tells another story, and b.txt becomes a copy of what a.txt said before
    _article(corpus / "a.txt", "Floods", OTHER + " More rain is due.")
    _article(corpus / "b.txt", "Rates", STORY + " Markets fell.")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
    assert _stories(tmp_path / "ix") == _stories(tmp_path / "clean")


def test_copies_in_one_feed_added_by_an_update_group_as_a_clean_build_does(tmp_path):
    corpus = tmp_path / "c"
    _article(corpus / "a.txt", "Floods", OTHER)
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    # a feed holding two copies of one story: their story is grouped again at the end of the update
    records = [{"id": "w1", "title": "Rates", "text": STORY, "date": "2021-01-05"},
               {"id": "w2", "title": "Rates rise", "text": STORY + " Markets fell.", "date": "2021-01-05"}]
    (corpus / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
    assert _stories(tmp_path / "ix") == _stories(tmp_path / "clean")
    assert _stories(tmp_path / "ix")["w2"] == "w1"


def test_ids_after_files_swap_their_claims_equal_a_clean_build(tmp_path):
    corpus = tmp_path / "c"
    for name, aid in (("a.txt", "one"), ("b.txt", "two"), ("c.txt", "three")):
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(f"id: {aid}\ntitle: {aid}\n\nText of {aid}.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        # a.txt now claims b's id (its old article must go); c.txt takes over the id a.txt gave up
        (corpus / "a.txt").write_text("id: two\ntitle: two again\n\nA copy of two.\n", encoding="utf-8")
        (corpus / "c.txt").write_text("id: one\ntitle: one again\n\nNow one.\n", encoding="utf-8")
        idx.update([corpus])
        updated = sorted((h.id, h.title) for h in idx.search(limit=10).hits)
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
        assert sorted((h.id, h.title) for h in clean.search(limit=10).hits) == updated
    assert updated == [("one", "one again"), ("two", "two again")]


def test_a_corpus_folder_moved_and_indexed_under_its_new_name_is_not_indexed_twice(tmp_path):
    corpus = tmp_path / "c"
    _article(corpus / "a.txt", "Rates", STORY)
    _article(corpus / "sub" / "b.txt", "Floods", OTHER)
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        corpus.rename(tmp_path / "moved")  # the old folder is no path given: its files are not swept
        report = idx.update([tmp_path / "moved"])
        # counted by id: the same two articles at a new place (it said 2 added, 2 removed)
        assert (report.added, report.updated, report.removed, report.failed) == (0, 2, 0, [])
        assert sorted(h.id for h in idx.search(limit=10).hits) == ["a.txt", "sub/b.txt"]
        assert idx.check().ok


def test_two_folders_files_of_one_path_are_told_apart_in_the_report(tmp_path):
    """`searchidx index a b`, each holding an "x.txt" (its id): the skipped record's line names the other
    file by its full path, not 'x.txt: ... (already used by x.txt)'."""
    for folder, text in (("a", "Alpha"), ("b", "Beta")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(f"title: {text}\n\n{text} text.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([tmp_path / "a", tmp_path / "b"])
    first = str((tmp_path / "a" / "x.txt").resolve())
    assert report.failed == [("x.txt", f"duplicate id 'x.txt' (already used by {first}); record skipped")]


def test_a_file_out_of_reach_keeps_its_id_against_a_file_of_another_path(tmp_path):
    # as the files of a folder that cannot be listed are kept: an unplugged disk's file is not gone
    (tmp_path / "disk").mkdir()
    (tmp_path / "disk" / "x.txt").write_text("id: shared\ntitle: On the disk\n\nFirst.\n", encoding="utf-8")
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "y.txt").write_text("id: shared\ntitle: At home\n\nSecond.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "disk"])
        (tmp_path / "disk").rename(tmp_path / "unplugged")
        report = idx.update([tmp_path / "home"])
        assert report.failed == [("y.txt", "duplicate id 'shared' (already used by x.txt); record skipped")]
        assert [h.title for h in idx.search(limit=10).hits] == ["On the disk"]


@pytest.mark.parametrize("layout", ["one file", "two roots"])
def test_an_id_given_twice_in_one_run_is_kept_once(tmp_path, layout):
    if layout == "one file":  # a feed that repeats a record's id
        (tmp_path / "c").mkdir()
        (tmp_path / "c" / "f.jsonl").write_text('{"id": "x", "title": "One", "text": "First."}\n'
                                                '{"id": "x", "title": "Two", "text": "Second."}\n', encoding="utf-8")
        roots, first, skipped = [tmp_path / "c"], "One", "f.jsonl"
    else:  # two folders indexed together, each with an n.txt: both ids are "n.txt"
        _article(tmp_path / "a" / "n.txt", "One", STORY)
        _article(tmp_path / "b" / "n.txt", "Two", OTHER)
        roots, first, skipped = [tmp_path / "a", tmp_path / "b"], "One", "n.txt"
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update(roots)
        assert [path for path, _ in report.failed] == [skipped] and "duplicate id" in report.failed[0][1]
        assert [h.title for h in idx.search(limit=10).hits] == [first]
        assert idx.check().ok


def test_walk_order_is_the_order_files_are_found_in(tmp_path):
    from searchidx.ingest.discover import discover, walk_order

    for rel in ("b.txt", "a/x.txt", "a.txt", "a/b/c.txt", "a/z.txt", "c/a.txt", "aa.txt"):
        _article(tmp_path / rel)
    found = [c.rel for c in discover([tmp_path])]
    assert found == sorted(found, key=walk_order) == ["a.txt", "aa.txt", "b.txt", "a/x.txt", "a/z.txt",
                                                     "a/b/c.txt", "c/a.txt"]


@pytest.mark.parametrize("seed", range(6))
def test_bytes_flipped_anywhere_in_a_segment_are_named_not_a_traceback(tmp_path, corpus_copy, seed):
    import random

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    data = bytearray(segment.read_bytes())
    rng = random.Random(seed)
    for i in rng.sample(range(len(data)), 40):
        data[i] ^= 0xFF
    segment.write_bytes(bytes(data))
    for args in (["search", "referendum"], ["stats"], ["index", str(corpus_copy)], ["facets"]):
        result = CliRunner().invoke(cli, [*args, "--index", str(index)])
        assert result.exit_code in (0, 3), (args, result.output)  # bytes no command reads change nothing
        if result.exit_code == 3:
            assert f"the index is damaged in {segment.name}" in result.stderr
    assert "checksum differs" in _check(index).stdout


def test_a_wrong_type_read_from_damaged_bytes_is_named_damage(tmp_path, corpus_copy, monkeypatch):
    """Flipped bytes can unpickle as a value of another type, and Whoosh then fails on it with an
    AttributeError ("'dict' object has no attribute 'append'", seen for some random flips): damage, exit 3
    with the rebuild hint, not a traceback."""
    from whoosh import reading

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    # the segment no longer matches its checksum, as when the disk itself flips a bit: the file's time stays,
    # so opening the index does not see the change
    _flip_middle(segment, keep_time=True)
    namespace: dict = {}
    # raised from Whoosh's own code, as the real failure is (an error of searchidx's code is no damage)
    exec(compile("def stored_fields(self, docnum):\n    return {}.append(docnum)\n", reading.__file__, "exec"),
         namespace)
    monkeypatch.setattr(reading.SegmentReader, "stored_fields", namespace["stored_fields"])
    result = CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)])
    assert result.exit_code == 3 and f"the index is damaged in {segment.name}" in result.stderr
    assert "AttributeError" in result.stderr and "--rebuild" in result.stderr


def test_a_block_whoosh_itself_finds_corrupt_is_named_damage(tmp_path, corpus_copy, monkeypatch):
    """Whoosh builds that check postings blocks raise their own error (whoosh3's CorruptIndexError): it is
    damage like any other, exit 3 with the rebuild hint, not a traceback."""
    from whoosh import reading

    corrupt = getattr(reading, "CorruptIndexError", None)
    if corrupt is None:
        pytest.skip("this Whoosh build has no CorruptIndexError")
    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0

    def broken(*args, **kwargs):
        raise corrupt("Bad postings block tag at offset 24045 in 'articles_x.pst'")

    from searchidx.search import searcher

    monkeypatch.setattr(searcher, "run", broken)
    result = CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)])
    assert result.exit_code == 3 and "damaged" in result.output and "--rebuild" in result.output


def test_a_search_that_opens_the_index_while_a_commit_replaces_it_still_runs(tmp_path, corpus_copy, monkeypatch):
    """Another process's commit deletes the old table of contents between the moment a search lists the
    folder and the moment it opens the file: the search opens the new one instead of failing."""
    from whoosh import index as windex

    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        total = idx.search(limit=0).total
    real_read = windex.TOC.read
    vanished = []

    def read_after_a_commit(*args, **kwargs):
        if not vanished:
            vanished.append(True)
            raise FileNotFoundError(2, "No such file or directory", "_articles_1.toc")
        return real_read(*args, **kwargs)
    monkeypatch.setattr(windex.TOC, "read", read_after_a_commit)
    with searchidx.open_index(tmp_path / "ix", create=False) as idx:
        assert idx.search(limit=0).total == total
    assert vanished


def test_an_offset_the_os_refuses_read_from_a_damaged_segment_is_named_damage(tmp_path, corpus_copy, monkeypatch):
    """Flipped bytes can make an offset a seek refuses (OSError EINVAL, seen once in the test above): it is
    damage, exit 3 naming the file, not a traceback. The error is raised from a function compiled under
    Whoosh's file name, as a failing read inside Whoosh would be."""
    import whoosh.searching

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    segment = next(index.glob("*.seg"))
    _flip_middle(segment, 0xFF)
    namespace: dict = {}
    exec(compile("def doc_count(self):\n    raise OSError(22, 'Invalid argument')\n",
                 whoosh.searching.__file__, "exec"), namespace)
    monkeypatch.setattr(whoosh.searching.Searcher, "doc_count", namespace["doc_count"])
    result = CliRunner().invoke(cli, ["stats", "--index", str(index)])
    assert result.exit_code == 3 and f"the index is damaged in {segment.name}" in result.stderr


def test_an_index_that_cannot_be_opened_for_lack_of_file_handles_is_not_called_damaged(tmp_path, corpus_copy,
                                                                                        monkeypatch):
    """Too many open files says nothing about the index: no advice to rebuild it, exit 3 with the reason."""
    import errno

    from whoosh.filedb.filestore import FileStorage

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0

    def no_handles(self, name, **kwargs):
        raise OSError(errno.EMFILE, "Too many open files", name)
    monkeypatch.setattr(FileStorage, "open_file", no_handles)
    result = CliRunner().invoke(cli, ["stats", "--index", str(index)])
    assert result.exit_code == 3, result.output
    assert "Too many open files" in result.stderr and "--rebuild" not in result.stderr


def test_a_first_ctrl_c_during_the_closing_regroup_lets_it_finish(tmp_path, corpus_copy, monkeypatch):
    """The regrouping pass at the end of an update commits too: a first Ctrl-C there is noted, not raised."""
    import os
    import signal

    from searchidx.index import update

    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
    real = update._regroup

    def interrupted_regroup(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)
    monkeypatch.setattr(update, "_regroup", interrupted_regroup)
    (corpus_copy / "extra.txt").write_text("title: Extra\n\nA new article about the referendum.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus_copy])
    assert report.added == 1


def test_a_table_with_a_foreign_header_is_named_damage(tmp_path, corpus_copy, monkeypatch):
    """Flipped bytes in a table's header make Whoosh raise FileFormatError ("Unknown file header"): seen
    once in the flipped-bytes test above as exit 1 with Whoosh's message. It is damage: exit 3, rebuild."""
    from whoosh.filedb.filetables import FileFormatError

    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0

    def broken(*args, **kwargs):
        raise FileFormatError("Unknown file header b'\\x00\\xffHT'")

    from searchidx.search import searcher

    monkeypatch.setattr(searcher, "run", broken)
    result = CliRunner().invoke(cli, ["search", "referendum", "--index", str(index)])
    assert result.exit_code == 3 and "damaged" in result.output and "--rebuild" in result.output


def test_a_long_lived_index_checks_the_segments_of_each_commit_it_meets(tmp_path, corpus_copy):
    """An open Index (the web server, a script) checked its segments once, as it opened: a segment another
    process committed afterwards, then written over, was read without a word. Each commit it meets is checked."""
    index = tmp_path / "ix"
    assert _index(corpus_copy, index).exit_code == 0
    with searchidx.open_index(index) as idx:
        assert idx.search("referendum").total == 4
        before = set(index.glob("*.seg"))
        (corpus_copy / "later.txt").write_text("title: Later\n\nA referendum was held later.\n", encoding="utf-8")
        assert _index(corpus_copy, index).exit_code == 0  # another process commits
        (new,) = set(index.glob("*.seg")) - before
        _flip_middle(new)
        with pytest.raises(searchidx.errors.IndexDamaged, match=new.name):
            idx.search("referendum")
