import json
import os

import pytest
from conftest import BROKEN

import searchidx
from searchidx.errors import IndexLockedError, IndexNotFound, IndexVersionError
from searchidx.index import store


def stored_ids(idx):
    return {h.id for h in idx.search(limit=1000).hits}


def test_incremental_add_change_delete(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        first = idx.update([corpus_copy])
        assert (first.added, first.updated, first.removed, first.failed) == (17, 0, 0, [])
        again = idx.update([corpus_copy])
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 17)
        assert again.files_read == 0  # nothing was even opened

        (corpus_copy / "new.txt").write_text("title: Brand new\n\nFresh words about turbines.\n", encoding="utf-8")
        vaccine = corpus_copy / "2021-03-02-vaccine-rollout.txt"
        vaccine.write_text(vaccine.read_text(encoding="utf-8") + "\nAn added paragraph about turbines.\n",
                           encoding="utf-8")
        (corpus_copy / "wire.jsonl").unlink()
        third = idx.update([corpus_copy])
        assert (third.added, third.updated, third.removed, third.unchanged) == (1, 1, 3, 13)
        assert {h.id for h in idx.search("turbines").hits} == {"new.txt", "2021-03-02-vaccine-rollout.txt"}
        assert not {"wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3"} & stored_ids(idx)


def test_deletion_is_scoped_to_the_paths_given(tmp_path, corpus_copy):
    other = tmp_path / "other"
    other.mkdir()
    (other / "o.txt").write_text("title: Other\n\nSomething else.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        report = idx.update([other])
        assert (report.added, report.removed) == (1, 0)
        assert "o.txt" in stored_ids(idx) and "wire.jsonl#1" in stored_ids(idx)


def test_failures_are_reported_and_the_run_goes_on(tmp_path):
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([BROKEN])
    failed = dict(report.failed)
    assert set(failed) == {"empty.txt", "binary.txt", "random.html", "bad.json", "bad-front.md", "half.jsonl"}
    assert failed["half.jsonl"].startswith("line 2:")
    assert report.added == 2  # header-only.txt and the good line of half.jsonl


def test_unreadable_file_is_reported(tmp_path, corpus_copy):
    if os.geteuid() == 0:
        # root reads every file whatever its mode, so simulate with a path that vanishes instead
        target = corpus_copy / "vanishing.txt"
        target.symlink_to(corpus_copy / "does-not-exist.txt")
    else:
        target = corpus_copy / "locked.txt"
        target.write_text("title: Locked\n\nx\n", encoding="utf-8")
        target.chmod(0)
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus_copy])
    assert target.name in dict(report.failed)
    assert report.added == 17


@pytest.mark.parametrize("batch_size", [1000, 1])  # 1: the first claim is committed, found in the index
def test_duplicate_explicit_ids_are_reported(tmp_path, corpus_copy, batch_size):
    (corpus_copy / "copy.jsonl").write_text(
        json.dumps({"id": "ex-2022-0921-002", "title": "Same id", "text": "Another file reuses the id."}) + "\n",
        encoding="utf-8")
    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(batch_size=batch_size)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        report = idx.update([corpus_copy])
        # files are read in name order, so copy.jsonl claims the id first and export.jsonl's record is skipped
        # which record of the file is skipped: the file holds many (it said only "export.jsonl: duplicate id ...")
        assert ("export.jsonl", "line 2: duplicate id 'ex-2022-0921-002' (already used by copy.jsonl); record "
                                "skipped") in report.failed
        assert idx.get("ex-2022-0921-002").title == "Same id"
        assert idx.get("ex-2022-0920-001").path == "export.jsonl"


def test_a_record_repeating_an_id_of_its_own_file_is_named_by_its_line(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    records = [{"id": "a", "title": "One", "text": "First."}, {"id": "b", "title": "Two", "text": "Second."},
               {"id": "a", "title": "Three", "text": "Third."}]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus])
    assert report.failed == [("feed.jsonl", "line 3: duplicate id 'a' (already used by feed.jsonl); record skipped")]


def test_json_lines_files_joined_with_cat_keep_the_records_after_each_byte_order_mark(tmp_path):
    """Each file written with a byte order mark (Windows tools, utf-8-sig): once joined, the first record of
    every file but the first began with one, and was skipped as 'Unexpected UTF-8 BOM'."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    parts = [json.dumps({"id": f"r{n}", "title": f"Record {n}", "text": "Body."}) + "\n" for n in range(1, 5)]
    (corpus / "joined.jsonl").write_bytes(b"".join(p.encode("utf-8-sig") for p in parts))
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus])
        assert report.failed == [] and report.added == 4 and stored_ids(idx) == {"r1", "r2", "r3", "r4"}


def test_rebuild_starts_fresh(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        report = idx.update([corpus_copy / "wire.jsonl"], rebuild=True)
        assert report.added == 3
        assert stored_ids(idx) == {"wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3"}


def test_parallel_jobs_index_the_same_as_one(tmp_path, corpus_copy):
    for i in range(254):  # enough files for both writer processes to get documents
        (corpus_copy / f"extra-{i:02d}.txt").write_text(f"title: Extra {i}\n\nPrices in Moscow number {i}.\n",
                                                        encoding="utf-8")
    # a run of at least one commit batch is written by parallel writer processes
    settings = searchidx.config.load_settings(index=str(tmp_path / "two")).with_overrides(batch_size=200)
    with searchidx.open_index(tmp_path / "one") as one, searchidx.open_index(tmp_path / "two", settings) as two:
        r1, r2 = one.update([corpus_copy], jobs=1), two.update([corpus_copy], jobs=2)
        # a commit takes a batch (200) for each of the two writer processes; each leaves a segment
        assert r2.commits == 1 and len(two.engine.require()._segments()) == 2
        assert r1.added == r2.added == 271
        q = dict(q="prices", place=["Moscow"], limit=1000)
        # ties may come in another order (documents are spread over two segments): compare as sets
        assert (sorted((h.id, h.score) for h in one.search(**q).hits)
                == sorted((h.id, h.score) for h in two.search(**q).hits))


def test_small_batches_commit_as_they_go(tmp_path, corpus_copy):
    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(batch_size=2)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        report = idx.update([corpus_copy])
        assert report.commits > 5 and report.added == 17


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_short_articles_fill_a_batch_by_their_text(tmp_path, monkeypatch, engine):
    """Unset, the batch is ARTICLES articles once they hold ARTICLES full-length articles' text, and at
    most MOST: short wire stories commit less often than long articles; a set batch_size counts articles."""
    from searchidx.ingest import batches

    monkeypatch.setattr(batches, "ARTICLES", 2)  # full-length: FULL_ARTICLE_CHARS (2,000) characters
    monkeypatch.setattr(batches, "MOST", 8)
    for name, words in (("short", 10), ("half", 40), ("long", 100)):
        corpus = tmp_path / name
        corpus.mkdir()
        for i in range(16):
            (corpus / f"{i:02d}.txt").write_text(f"title: Story {i}\n\n" + "Prices rose again today. " * words,
                                                 encoding="utf-8")

    def commits(name: str, **overrides) -> int:
        if engine == "opensearch":
            from opensearch_fake import FakeCluster
            from test_opensearch_contract import open_cluster

            fake = FakeCluster().start()
            try:
                with open_cluster(fake, tmp_path, **overrides) as idx:
                    report = idx.update([tmp_path / name])
            finally:
                fake.stop()
        else:
            settings = searchidx.config.load_settings(index=str(tmp_path / f"ix-{name}-{len(overrides)}"))
            with searchidx.open_index(settings.index, settings.with_overrides(**overrides)) as idx:
                report = idx.update([tmp_path / name], jobs=1)
        assert report.added == 16
        return report.commits

    # each count includes the run's closing commit
    assert commits("long") == 9  # every 2 articles: each holds a full-length article's text
    assert commits("half") == 5  # every 4 articles of 1,000 characters: two full-length articles' text
    assert commits("short") == 3  # every 8 stories of 260 characters: the most a batch takes
    assert commits("short", batch_size=2) == 9  # a batch size set counts articles alone


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexNotFound, match="no index at"):
        searchidx.open_index(tmp_path / "nothing", create=False)


def test_index_of_another_format_version_is_refused(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy / "wire.jsonl"])
    (tmp_path / "ix" / store.STAMP_FILE).write_text(json.dumps({"format": 999}), encoding="utf-8")
    with pytest.raises(IndexVersionError, match="rebuild"):
        searchidx.open_index(tmp_path / "ix", create=False)


def test_second_writer_is_told_the_index_is_locked(tmp_path, corpus_copy, monkeypatch):
    from searchidx.index import writer as writer_module
    monkeypatch.setattr(writer_module, "WRITER_GRACE", 0.5)  # a lock held by a live writer: do not wait long
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy / "wire.jsonl"])
        writer = idx.engine.require().writer()  # a Whoosh writer holding the index, as a stray process would
        try:
            with pytest.raises(IndexLockedError, match="another searchidx process"):
                idx.update([corpus_copy])
        finally:
            writer.cancel()


def test_hostile_files_are_indexed_or_reported_and_the_run_completes(tmp_path, monkeypatch):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "long-line.txt").write_text("title: Long line\n\n" + "word " * 200_000 + "\n", encoding="utf-8")
    (corpus / "mixed.txt").write_bytes("title: Mixed\n\nCaf\u00e9 in UTF-8, then ".encode() + b"caf\xe9 in latin-1.\n")
    (corpus / "no-header.txt").write_text("Just a body line that is long enough to be prose, not a title at all, "
                                          "because it goes on and on past the title length limit of the reader.\n",
                                          encoding="utf-8")
    (corpus / "nul.txt").write_bytes(b"title: NUL\n\nA \x00 byte.\n")
    (corpus / "big.txt").write_text("title: Big\n\n" + "x" * 2_000_000, encoding="utf-8")
    (corpus / "loop").mkdir()
    (corpus / "loop" / "self").symlink_to(corpus / "loop", target_is_directory=True)
    (corpus / "selflink.txt").symlink_to(corpus / "selflink.txt")
    (corpus / "vanishing.txt").write_text("title: Vanishing\n\nGone soon.\n", encoding="utf-8")

    from searchidx.ingest import pipeline
    real_read = pipeline.read

    def read_after_delete(path, *args, **kwargs):
        if path.name == "vanishing.txt":
            path.unlink()
        return real_read(path, *args, **kwargs)
    monkeypatch.setattr(pipeline, "read", read_after_delete)

    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(max_file_mb=1)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        report = idx.update([corpus])
        failed = dict(report.failed)
        assert "over the 1 MB limit" in failed["big.txt"]
        assert failed["vanishing.txt"] == "file vanished before it could be read"
        assert "selflink.txt" in failed
        assert {"long-line.txt", "mixed.txt", "no-header.txt", "nul.txt"} <= stored_ids(idx)
        assert idx.search("word", limit=1).total == 1
        assert "café" in idx.get("mixed.txt").text.lower()


class _Seg:
    def __init__(self, count):
        self.count = count

    def doc_count_all(self):
        return self.count


def test_merge_policy_merges_ten_small_segments_of_a_size_and_never_large_ones():
    from searchidx.index.writer import segments_to_merge

    large = [_Seg(10_000) for _ in range(30)]  # full commit batches: never rewritten, however many
    assert segments_to_merge(large + [_Seg(5)] * 9 + [_Seg(50)] * 9) == []
    tens = [_Seg(40 + i) for i in range(10)]
    assert segments_to_merge(large + tens + [_Seg(5)]) == tens
    assert segments_to_merge([_Seg(999)] * 10) != [] and segments_to_merge([_Seg(1000)] * 10) == []


def test_many_small_runs_do_not_pile_up_segments(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        for i in range(11):
            (corpus_copy / f"day-{i:02d}.txt").write_text(f"title: Day {i}\n\nHarbour news, day {i}.\n",
                                                           encoding="utf-8")
            idx.update([corpus_copy])
        segments = idx.engine.require()._segments()
        assert len(segments) <= 3  # ten one-article segments were merged into one
        assert idx.search("harbour", limit=20).total == 11 and len(stored_ids(idx)) == 28


def test_every_article_field_survives_the_index_round_trip():
    """What the writer stores is what --refresh-entities and rewrites read back: no field is lost."""
    from dataclasses import fields
    from datetime import datetime, timezone

    from searchidx.index.documents import article_document, article_from_stored
    from searchidx.index.schema import build_schema
    from searchidx.ingest.article import Article

    article = Article(
        id="a1", path="pages/a1.html", title="Harbour wall", text="The council voted.", record=3,
        date=datetime(2023, 3, 14, 9, 15, tzinfo=timezone.utc), date_precision="time", source="Gazette",
        author="Mara Quill", url="https://example.org/a1", lang="de", kind="liveblog", people=("Quill",),
        places=("Porthwen",), orgs=("Council",), meta={"section": "Local", "keywords": ["sea wall"]},
    )
    schema = build_schema()
    doc = article_document(article, "/abs/pages/a1.html", "10:20", "hash")
    stored = {name: value for name, value in doc.items() if name in schema and schema[name].stored}
    back = article_from_stored(stored)
    enrich_outputs = {"entities", "entity_rules", "signature"}
    for f in fields(Article):
        if f.name not in enrich_outputs:
            assert getattr(back, f.name) == getattr(article, f.name), f.name


def test_importing_searchidx_changes_no_process_wide_state():
    """A script that imports the library keeps its own csv limit and fork behaviour."""
    import subprocess
    import sys

    code = ("import csv, os; before = csv.field_size_limit(); "
            "import searchidx, searchidx.index.update, searchidx.ingest.readers; "
            "from searchidx.index import writer; "
            "assert csv.field_size_limit() == before, csv.field_size_limit(); "
            "assert not writer._fork_hook_registered")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_csv_file_with_long_cells_is_read_and_the_limit_put_back(tmp_path):
    import csv

    from searchidx.ingest.readers import read

    path = tmp_path / "long.csv"
    path.write_text("title,text\nLong one," + "word " * 40_000 + "\n", encoding="utf-8")
    before = csv.field_size_limit()
    assert len(read(path, "long.csv")[0].text) > 131_072
    assert csv.field_size_limit() == before


@pytest.mark.parametrize("now", ["", "id,title,text\n"])  # emptied; a table left with its header row only
def test_a_file_that_now_holds_no_article_takes_its_old_articles_with_it(tmp_path, now):
    c = tmp_path / "c"
    c.mkdir()
    (c / "feed.csv").write_text("id,title,text\nf1,Flood,The river rose.\nf2,Fire,The forest burned.\n")
    (c / "other.txt").write_text("title: Other\n\nThe river again.\n")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        (c / "feed.csv").write_text(now)
        report = idx.update([c])
        assert [path for path, _ in report.failed] == ["feed.csv"]  # still said, as a clean build says it
        assert report.removed == 2 and stored_ids(idx) == {"other.txt"}
        assert idx.check().ok


def test_a_file_read_again_counts_the_articles_it_lost_and_gained(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    feed = c / "feed.jsonl"
    lines = [json.dumps({"id": f"f{n}", "title": f"Item {n}", "text": f"Words of item {n}."}) + "\n" for n in range(4)]
    feed.write_text("".join(lines[:3]), encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        feed.write_text("".join(lines[:2]), encoding="utf-8")  # 3 articles -> 2
        fewer = idx.update([c])
        # the two left as they were are unchanged (they were counted updated)
        assert (fewer.added, fewer.updated, fewer.removed, fewer.unchanged) == (0, 0, 1, 2)
        feed.write_text("".join(lines), encoding="utf-8")  # 2 -> 4
        more = idx.update([c])
        assert (more.added, more.updated, more.removed, more.unchanged) == (2, 0, 0, 2)
        assert idx.stats().articles == 3 - fewer.removed + more.added
        # a feed that drops its two oldest items and gains two: counted by id (it said 0 added, 4 updated,
        # then 2 added, 2 updated, 2 removed: the two kept as they were are unchanged)
        feed.write_text("".join(lines[2:]) + "".join(json.dumps({"id": f"f{n}", "title": f"Item {n}", "text": "New."})
                                                       + "\n" for n in (4, 5)), encoding="utf-8")
        rolled = idx.update([c])
        assert (rolled.added, rolled.updated, rolled.removed, rolled.unchanged) == (2, 0, 2, 2)
        assert stored_ids(idx) == {"f2", "f3", "f4", "f5"}


@pytest.mark.parametrize("batch_size", [1, 3000])  # 1: each file committed before the next is read
def test_articles_that_move_between_files_or_folders_are_counted_as_updated(tmp_path, batch_size):
    from searchidx.config import load_settings

    def feed(path, numbers):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps({"id": f"f{n}", "title": f"Item {n}", "text": f"Words {n}."}) + "\n"
                                for n in numbers), encoding="utf-8")

    c = tmp_path / "c"
    feed(c / "a.jsonl", [0, 1])
    feed(c / "b.jsonl", [2, 3])
    settings = load_settings(index=str(tmp_path / "ix")).with_overrides(batch_size=batch_size)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        idx.update([c])
        feed(c / "a.jsonl", [0, 1, 2])  # f2 moves from the later file to the earlier one
        feed(c / "b.jsonl", [3])
        moved = idx.update([c])
        feed(c / "a.jsonl", [0])  # and f1 from the earlier file to the later one
        feed(c / "b.jsonl", [1, 3, 2])
        back = idx.update([c])
        (c / "a.jsonl").rename(c / "z.jsonl")  # a file renamed: the same articles, at the end of the walk
        renamed = idx.update([c])
        c.rename(tmp_path / "d")  # the corpus folder moved
        folder = idx.update([tmp_path / "d"])
        assert stored_ids(idx) == {"f0", "f1", "f2", "f3"} and idx.stats().articles == 4
    # each said so many added and as many removed: counted by file, not by id; then every article of a
    # file read again was updated: only the one that moved is, the others are unchanged
    assert (moved.added, moved.updated, moved.removed, moved.unchanged) == (0, 1, 0, 3)
    assert (back.added, back.updated, back.removed, back.unchanged) == (0, 2, 0, 2)  # f1 and f2 moved
    assert (renamed.added, renamed.updated, renamed.removed, renamed.unchanged) == (0, 1, 0, 3)
    assert (folder.added, folder.updated, folder.removed) == (0, 4, 0)


def test_ignore_file_patterns_written_as_in_gitignore(tmp_path):
    # "drafts/" (folders only) and "sub/old.txt" (a path, from the ignore file's folder) were silently no-ops
    from searchidx.ingest.discover import discover

    for rel in ("a.txt", "drafts/d.txt", "sub/old.txt", "sub/new.txt", "sub/deeper/sub/old.txt", "x/drafts",
                "x/drafts.txt", "x/.searchidxignore"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("title: T\n\nbody\n", encoding="utf-8")
    (tmp_path / ".searchidxignore").write_text("drafts/\nsub/old.txt\n/x/*.txt\n", encoding="utf-8")
    (tmp_path / "x" / ".searchidxignore").write_text("# nothing more\n", encoding="utf-8")
    assert [c.rel for c in discover([tmp_path])] == ["a.txt", "sub/new.txt", "sub/deeper/sub/old.txt"]


def test_an_index_kept_inside_the_corpus_folder_is_not_read_as_articles(tmp_path):
    # `searchidx index . --index idx`: the index's own JSON files were read as articles, failing on each run
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("title: A\n\nbody\n", encoding="utf-8")
    for _ in range(2):
        with searchidx.open_index(corpus / "idx") as idx:
            report = idx.update([corpus])
        assert report.failed == []
    with searchidx.open_index(tmp_path / "other") as idx:
        report = idx.update([corpus / "idx"])
    assert report.failed == [(str(corpus / "idx"), "is a searchidx index, not a folder of articles")]


def test_a_readme_under_another_name_is_not_read_as_an_article(tmp_path):
    """The Wikinews export ships UPSTREAM-README.md beside its CSV files: it was indexed as an undated article
    titled with a licence badge, while README.md beside it was skipped."""
    from searchidx.ingest.discover import discover

    for name in ("README.md", "UPSTREAM-README.md", "readme-not.txt", "wikinews_2019.csv"):
        (tmp_path / name).write_text("title: T\n\nbody\n", encoding="utf-8")
    assert [c.rel for c in discover([tmp_path])] == ["readme-not.txt", "wikinews_2019.csv"]


@pytest.mark.parametrize("engine", ["whoosh", "cluster"])
def test_one_record_edited_in_a_big_feed_is_one_updated_the_rest_unchanged(tmp_path, engine):
    feed = tmp_path / "c" / "feed.jsonl"
    feed.parent.mkdir()
    records = [{"id": f"r{n}", "title": f"Item {n}", "text": f"Words of item {n}."} for n in range(40)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    records[7]["text"] = "Words of item 7, corrected."
    if engine == "cluster":
        from opensearch_fake import FakeCluster
        from test_opensearch_contract import open_cluster
        fake = FakeCluster().start()
        opened = open_cluster(fake, tmp_path)
    else:
        opened = searchidx.open_index(tmp_path / "ix")
    try:
        with opened as idx:
            idx.update([feed.parent])
            feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            report = idx.update([feed.parent])
            os.utime(feed, (1, 1))
            touched = idx.update([feed.parent])
            assert idx.get("r7").text == "Words of item 7, corrected."
    finally:
        if engine == "cluster":
            fake.stop()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 39)
    assert report.summary().startswith("0 added, 1 updated, 0 removed, 39 unchanged")
    # a file saved again as it was (its time changed): read again, nothing changed
    assert (touched.added, touched.updated, touched.removed, touched.unchanged) == (0, 0, 0, 40)
