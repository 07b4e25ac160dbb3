"""Updates end as a clean build would after a duplicate id's holder gives it up, and after the settings
that shape articles change (ingest/state.py)."""

import json
import os

import pytest
from click.testing import CliRunner
from opensearch_fake import FakeCluster
from test_opensearch_contract import open_cluster

import searchidx
from searchidx.cli import cli
from searchidx.config import load_settings


def _jsonl(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _record(aid, title):
    return {"id": aid, "title": title, "date": "2022-09-20", "text": f"The text of {title}, told at length."}


def _titles(index):
    with searchidx.open_index(index, create=False) as idx:
        return sorted((h.id, h.title) for h in idx.search(limit=100).hits)


def _clean(tmp_path, corpus, name="clean", config=None):
    settings = load_settings(config) if config else None
    with searchidx.open_index(tmp_path / name, settings) as clean:
        clean.update([corpus])
    return _titles(tmp_path / name)


@pytest.mark.parametrize("change", ["deleted", "rewritten without the id"])
@pytest.mark.parametrize("first", ["holder", "waiting file"])
def test_an_article_skipped_as_a_duplicate_comes_back_when_its_holder_gives_the_id_up(tmp_path, change, first):
    corpus = tmp_path / "c"
    export, again = corpus / "a-export.jsonl", corpus / "b-reexport.jsonl"
    index = tmp_path / "ix"
    if first == "holder":  # both in one run: b's "shared" is skipped
        _jsonl(export, [_record("shared", "From the export"), _record("only-a", "Only in a")])
        _jsonl(again, [_record("shared", "From the re-export"), _record("only-b", "Only in b")])
        with searchidx.open_index(index) as idx:
            idx.update([corpus])
    else:  # b indexed first, then a (earlier in the walk) takes the id from it
        _jsonl(again, [_record("shared", "From the re-export"), _record("only-b", "Only in b")])
        with searchidx.open_index(index) as idx:
            idx.update([corpus])
        _jsonl(export, [_record("shared", "From the export"), _record("only-a", "Only in a")])
        with searchidx.open_index(index) as idx:
            idx.update([corpus])
    assert ("shared", "From the export") in _titles(index)
    if change == "deleted":
        export.unlink()
    else:
        _jsonl(export, [_record("only-a", "Only in a")])
    runner = CliRunner()
    result = runner.invoke(cli, ["index", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    assert ("shared", "From the re-export") in _titles(index)  # b's record, not read since it was skipped
    assert _titles(index) == _clean(tmp_path, corpus)
    result = runner.invoke(cli, ["index", str(corpus), "--index", str(index)])  # and nothing left to do
    assert "0 added, 0 updated, 0 removed" in result.output


def test_a_run_stopped_after_the_holder_gave_the_id_up_is_finished_by_the_next(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    _jsonl(corpus / "a.jsonl", [_record("shared", "A")])
    _jsonl(corpus / "b.jsonl", [_record("shared", "B"), _record("b2", "B two")])
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
    _jsonl(corpus / "a.jsonl", [_record("a1", "A one")])  # read and committed (batches of one) before b
    from searchidx.index import update

    real = update._write_file

    def stop_before_b(writer, searcher, key, rel, *args, **kwargs):  # the run dies after a's new version committed
        if rel == "b.jsonl":
            raise KeyboardInterrupt
        return real(writer, searcher, key, rel, *args, **kwargs)
    settings = load_settings()
    with searchidx.open_index(index, settings.with_overrides(batch_size=1)) as idx:
        monkeypatch.setattr(update, "_write_file", stop_before_b)
        with pytest.raises(KeyboardInterrupt):
            idx.update([corpus])
        monkeypatch.setattr(update, "_write_file", real)
    assert _titles(index) == [("a1", "A one"), ("b2", "B two")]
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
    assert _titles(index) == _clean(tmp_path, corpus) == [("a1", "A one"), ("b2", "B two"), ("shared", "B")]


# --- the settings that shape articles ---------------------------------------------------------------

def _stored(index):
    """Every stored field of every article but the stamp (a file read again carries a second one)."""
    with searchidx.open_index(index, create=False) as idx:
        with idx.engine.require().searcher() as s:
            return {d["id"]: {k: v for k, v in d.items() if k != "stamp"} for d in s.all_stored_fields()}


def _index(corpus, index, config):
    return CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(config)])


SETTINGS_CHANGES = {  # (settings before, after, the note's names)
    "header names": ("", "fields:\n  title: [zhed]\n", "fields"),
    "entity extraction": ("entities:\n  extract: false\n", "", "entities.extract"),
    "extractor": ("", "entities:\n  extractor: registry\n", "entities.extractor"),
    "registry content": ("entities:\n  registry: [mine.yaml]\n", "entities:\n  registry: [mine.yaml]\n",
                         "entities.registry"),
    "stories": ("stories:\n  threshold: 0.8\n", "stories:\n  threshold: 0.4\n", "stories.threshold"),
    "stories off": ("", "stories:\n  enabled: false\n", "stories.enabled"),
}


SHARED = ("Farmers across the northern plains began the wheat harvest early this year after a dry summer left "
          "the grain ready weeks ahead of the usual schedule, and cooperatives warned that storage would run short "
          "in several districts unless the regional government opened the old military depots to private grain "
          "traders before the first autumn rains")
NEAR_A = "while rail companies said they could not add wagons before October"
NEAR_B = "and the ministry promised loans to families whose barns burned"


@pytest.mark.parametrize("change", sorted(SETTINGS_CHANGES))
def test_changed_read_settings_read_every_file_again_and_say_so(tmp_path, corpus_copy, change):
    before, after, names = SETTINGS_CHANGES[change]
    (corpus_copy / "hed.txt").write_text("zhed: Lutsevych speaks in Kyiv\ndate: 2022-09-21\n\n"
                                         "Orysia Lutsevych said the referendums in Ukraine were a sham.\n",
                                         encoding="utf-8")
    for name, words in (("near-a.txt", NEAR_A), ("near-b.txt", NEAR_B)):  # one story at 0.4, two at 0.8
        (corpus_copy / name).write_text(f"title: Harvest\ndate: 2022-09-22\n\n{SHARED} {words}\n", encoding="utf-8")
    mine = tmp_path / "mine.yaml"
    mine.write_text("- {name: Vladimir Putin, type: person, aliases: [VVP]}\n", encoding="utf-8")
    config = tmp_path / "searchidx.yaml"
    config.write_text(before, encoding="utf-8")
    first = _index(corpus_copy, tmp_path / "ix", config)
    assert first.exit_code == 0, first.output
    config.write_text(after, encoding="utf-8")
    if change == "registry content":
        mine.write_text("- {name: Orysia Lutsevych, type: person}\n", encoding="utf-8")
    result = _index(corpus_copy, tmp_path / "ix", config)
    assert result.exit_code == 0, result.output
    assert f"settings changed since the last run ({names}): reading all 14 files again" in result.output
    assert _index(corpus_copy, tmp_path / "clean", config).exit_code == 0
    assert _stored(tmp_path / "ix") == _stored(tmp_path / "clean")
    again = _index(corpus_copy, tmp_path / "ix", config)  # once read again, the next run has nothing to do
    assert "settings changed" not in again.output and "0 updated" in again.output


def test_settings_that_do_not_shape_articles_read_nothing_again(tmp_path, corpus_copy):
    config = tmp_path / "searchidx.yaml"
    config.write_text("entities:\n  extract: false\n", encoding="utf-8")
    _index(corpus_copy, tmp_path / "ix", config)
    # search settings, the batch size, and the extractor while extraction is off change no article
    config.write_text("entities:\n  extract: false\n  extractor: registry\nsearch:\n  limit: 3\n"
                      "ingest:\n  batch_size: 5\n", encoding="utf-8")
    result = _index(corpus_copy, tmp_path / "ix", config)
    assert "settings changed" not in result.output and "0 updated" in result.output


def _ranked(index, words):
    with searchidx.open_index(index, create=False) as idx:
        return [(h.id, round(h.score, 6)) for h in idx.search(words, limit=100).hits]


def _segment_bytes(index):
    return sum(f.stat().st_size for f in index.glob("*.seg"))


def test_compressed_word_lists_make_a_smaller_index_that_ranks_alike(tmp_path, corpus_copy):
    plain, packed = tmp_path / "plain.yaml", tmp_path / "packed.yaml"
    plain.write_text("", encoding="utf-8")
    packed.write_text("ingest:\n  compress_postings: true\n", encoding="utf-8")
    assert _index(corpus_copy, tmp_path / "ix", plain).exit_code == 0
    assert _index(corpus_copy, tmp_path / "zipped", packed).exit_code == 0
    assert _segment_bytes(tmp_path / "zipped") < _segment_bytes(tmp_path / "ix")
    queries = ["said", "Ukraine referendum", '"grain exports"', "Putin OR Zelensky"]
    assert any(_ranked(tmp_path / "ix", q) for q in queries)
    assert all(_ranked(tmp_path / "ix", q) == _ranked(tmp_path / "zipped", q) for q in queries)
    # the setting shapes no article: turned off, nothing is read again, and a file changed afterwards is
    # written beside the compressed segments and found as before
    (corpus_copy / "late.txt").write_text("title: Grain exports resume\ndate: 2022-09-23\n\nGrain exports from "
                                          "Odesa resumed under the Ukraine deal.\n", encoding="utf-8")
    result = _index(corpus_copy, tmp_path / "zipped", plain)
    assert "settings changed" not in result.output and "1 added" in result.output
    assert _index(corpus_copy, tmp_path / "ix", plain).exit_code == 0
    assert all(_ranked(tmp_path / "ix", q) == _ranked(tmp_path / "zipped", q) for q in queries)


def test_refreshed_entities_count_as_read_with_the_new_entity_settings(tmp_path, corpus_copy):
    config = tmp_path / "searchidx.yaml"
    config.write_text("entities:\n  extract: false\n", encoding="utf-8")
    _index(corpus_copy, tmp_path / "ix", config)
    config.write_text("", encoding="utf-8")
    refreshed = CliRunner().invoke(cli, ["index", "--refresh-entities", "--index", str(tmp_path / "ix"),
                                         "--config", str(config)])
    assert refreshed.exit_code == 0, refreshed.output
    result = _index(corpus_copy, tmp_path / "ix", config)
    assert "settings changed" not in result.output and "0 updated" in result.output
    _index(corpus_copy, tmp_path / "clean", config)
    assert _stored(tmp_path / "ix") == _stored(tmp_path / "clean")


# --- the same rules on a cluster --------------------------------------------------------------------

@pytest.fixture
def fake():
    server = FakeCluster().start()
    yield server
    server.stop()


def _cluster_titles(fake):
    return sorted((d["id"], d["title"]) for d in fake.docs.values())


def _indexer(engine, tmp_path, request, batch_size=None):
    """``index(roots, rebuild=False)`` -> (report, titles) of one run, on the local index at tmp_path/ix or on
    the fake cluster (where no request may have been refused)."""
    changes = {} if batch_size is None else {"batch_size": batch_size}
    if engine == "whoosh":
        settings = load_settings(index=str(tmp_path / "ix")).with_overrides(**changes)

        def index(roots, rebuild=False):
            with searchidx.open_index(tmp_path / "ix", settings) as idx:
                report = idx.update(roots, rebuild=rebuild)
            return report, _titles(tmp_path / "ix")
        return index
    fake = request.getfixturevalue("fake")

    def index(roots, rebuild=False):
        with open_cluster(fake, tmp_path, **changes) as idx:
            report = idx.update(roots, rebuild=rebuild)
        assert fake.problems == []
        return report, _cluster_titles(fake)
    return index


def test_a_cluster_gives_a_skipped_article_back_when_its_holder_gives_the_id_up(fake, tmp_path):
    corpus = tmp_path / "c"
    _jsonl(corpus / "b.jsonl", [_record("shared", "B"), _record("b2", "B two")])
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus])
        _jsonl(corpus / "a.jsonl", [_record("shared", "A")])  # earlier in the walk: takes the id from b
        idx.update([corpus])
        assert _cluster_titles(fake) == [("b2", "B two"), ("shared", "A")]
        _jsonl(corpus / "a.jsonl", [_record("a1", "A one")])
        report = idx.update([corpus])
        # a: one for one; b: one more (b2, read again as it was, is unchanged)
        assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 0, 1)
        assert _cluster_titles(fake) == [("a1", "A one"), ("b2", "B two"), ("shared", "B")]
        (corpus / "a.jsonl").unlink()
        again = idx.update([corpus])
    assert (again.added, again.updated, again.removed) == (0, 0, 1)
    assert fake.problems == []


def test_a_cluster_reads_every_file_again_when_the_header_names_change(fake, tmp_path, corpus_copy):
    (corpus_copy / "hed.txt").write_text("zhed: Lutsevych speaks\ndate: 2022-09-21\n\nShe spoke.\n", encoding="utf-8")
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
    assert fake.docs["hed.txt"]["title"] != "Lutsevych speaks"
    with open_cluster(fake, tmp_path, fields={"title": ["zhed"]}) as idx:
        report = idx.update([corpus_copy])
        assert report.notes == ["settings changed since the last run (fields): reading all 12 files again"]
        assert fake.docs["hed.txt"]["title"] == "Lutsevych speaks"
        assert len({d["stamp"] for d in fake.docs.values() if d["file"].endswith("hed.txt")}) == 1
        again = idx.update([corpus_copy])
    assert (again.updated, again.unchanged, again.notes) == (0, 18, [])
    assert fake.problems == []


def test_a_file_waiting_in_another_root_gets_its_article_when_that_root_is_indexed(tmp_path):
    (tmp_path / "one").mkdir()
    _jsonl(tmp_path / "one" / "a.jsonl", [_record("shared", "A")])
    _jsonl(tmp_path / "two" / "b.jsonl", [_record("shared", "B"), _record("b2", "B two")])
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([tmp_path / "one", tmp_path / "two"])
        _jsonl(tmp_path / "one" / "a.jsonl", [_record("a1", "A one")])
        idx.update([tmp_path / "one"])  # a gives the id up in a run that does not see b
        assert _titles(index) == [("a1", "A one"), ("b2", "B two")]
        idx.update([tmp_path / "two"])
    assert _titles(index) == [("a1", "A one"), ("b2", "B two"), ("shared", "B")]


@pytest.mark.parametrize("batch_size", [1, 3000])  # 1: a's record is committed before b is read, found in the index
@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_which_file_keeps_a_shared_id_does_not_depend_on_the_roots_given(tmp_path, request, engine, batch_size):
    """one/sub/a.jsonl comes before two/b.jsonl in the walk of their full paths, though under their roots
    b.jsonl comes before sub/a.jsonl: a keeps the id whatever roots a run is given, in whatever order."""
    one, two = tmp_path / "one", tmp_path / "two"
    _jsonl(one / "sub" / "a.jsonl", [_record("shared", "A")])
    _jsonl(two / "b.jsonl", [_record("shared", "B"), _record("b2", "B two")])
    index = _indexer(engine, tmp_path, request, batch_size)
    skipped = [("b.jsonl", "line 1: duplicate id 'shared' (already used by sub/a.jsonl); record skipped")]
    report, titles = index([one, two])
    assert (titles, report.failed) == ([("b2", "B two"), ("shared", "A")], skipped)
    _jsonl(two / "b.jsonl", [_record("shared", "B"), _record("b2", "B again")])
    report, titles = index([two])  # a run that reads only b, which it finds before a's path under their roots
    assert (titles, report.failed) == ([("b2", "B again"), ("shared", "A")], skipped)
    report, titles = index([two, one], rebuild=True)  # a clean build given the roots the other way round
    assert (titles, report.failed) == ([("b2", "B again"), ("shared", "A")], skipped)


def test_a_copy_added_before_an_indexed_copy_in_the_walk_groups_it_as_a_clean_build_does(tmp_path):
    # found by the life-cycle fuzzer: sub/e.md, indexed alone, joins the story of the copy that a
    # later run adds before it (sub/c.jsonl), as a clean build reads them
    corpus = tmp_path / "c"
    harvest = ("Farmers across the northern plains began the wheat harvest early this year after a dry summer "
               "left the grain ready weeks ahead of the usual schedule.")
    (corpus / "sub").mkdir(parents=True)
    (corpus / "c.txt").write_text(f"id: w3\ntitle: Rates\ndate: 2021\n\n{harvest} again Paris officials Paris\n",
                                  encoding="utf-8")
    (corpus / "sub" / "e.md").write_text(f"---\ntitle: Harvest\ndate: 2021-01-07\n---\n{harvest} Paris Lutsevych "
                                         "said said again Kyiv\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        _jsonl(corpus / "sub" / "c.jsonl", [{"id": "w4", "title": "Rates", "date": "2021-01-07",
                                             "text": harvest + " officials"}])
        idx.update([corpus])
    stories = {i: d["story_id"] for i, d in _stored(tmp_path / "ix").items()}
    _clean(tmp_path, corpus)
    assert stories == {i: d["story_id"] for i, d in _stored(tmp_path / "clean").items()}
    assert stories["sub/e.md"] == "w3"


def test_an_interrupted_reading_again_carries_on_where_it_stopped(tmp_path, corpus_copy, monkeypatch):
    import signal

    from searchidx.index import update

    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
    settings = load_settings(index=str(tmp_path / "ix")).with_overrides(extract_entities=False, batch_size=1)
    real, seen = update._write_file, []

    def ctrl_c_after_three_files(*args, **kwargs):
        seen.append(args[3])
        if len(seen) == 3:
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C: the file is finished and committed, then the run stops
        return real(*args, **kwargs)
    monkeypatch.setattr(update, "_write_file", ctrl_c_after_three_files)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        stopped = idx.update([corpus_copy])
    monkeypatch.setattr(update, "_write_file", real)
    assert stopped.interrupted and stopped.files_read == 3
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        report = idx.update([corpus_copy])
    assert report.notes == ["reading 8 files again: they were read with settings changed since"]
    assert report.files_read == 8
    with searchidx.open_index(tmp_path / "clean", settings.with_overrides(index=str(tmp_path / "clean"))) as clean:
        clean.update([corpus_copy])
    assert _stored(tmp_path / "ix") == _stored(tmp_path / "clean")


def test_settings_changed_while_indexing_one_root_reach_the_other_when_it_is_indexed(tmp_path):
    for root, name in (("one", "a.txt"), ("two", "b.txt")):
        (tmp_path / root).mkdir()
        (tmp_path / root / name).write_text(f"zhed: Headline {name}\n\nText of {name}.\n", encoding="utf-8")
    plain = load_settings(index=str(tmp_path / "ix"))
    mapped = plain.with_overrides(fields={"title": ["zhed"]})
    with searchidx.open_index(tmp_path / "ix", plain) as idx:
        idx.update([tmp_path / "one", tmp_path / "two"])
    with searchidx.open_index(tmp_path / "ix", mapped) as idx:
        first = idx.update([tmp_path / "one"])
        assert first.notes == ["settings changed since the last run (fields): reading all 1 file again "
                               "(1 file indexed elsewhere when their paths are)"]
        second = idx.update([tmp_path / "two"])
        assert second.notes == ["reading 1 file again: they were read with settings changed since"]
        third = idx.update([tmp_path / "one", tmp_path / "two"])
        assert (third.files_read, third.notes) == (0, [])
    assert [t for _, t in _titles(tmp_path / "ix")] == ["Headline a.txt", "Headline b.txt"]


class _Killed(BaseException):
    """A kill -9: nothing after it runs."""


def test_a_run_killed_before_its_last_state_write_still_reaches_a_file_waiting_in_another_root(tmp_path,
                                                                                              monkeypatch):
    _jsonl(tmp_path / "one" / "a.jsonl", [_record("shared", "A")])
    _jsonl(tmp_path / "two" / "b.jsonl", [_record("shared", "B"), _record("b2", "B two")])
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([tmp_path / "one", tmp_path / "two"])
    _jsonl(tmp_path / "one" / "a.jsonl", [_record("a1", "A one")])  # a gives the id up ...
    from searchidx.ingest.state import Claims

    real = Claims.final

    def killed(self, settings, finished):
        raise _Killed
    monkeypatch.setattr(Claims, "final", killed)
    with searchidx.open_index(index) as idx, pytest.raises(_Killed):
        idx.update([tmp_path / "one"])  # ... committed, then the run dies before it settles the state
    monkeypatch.setattr(Claims, "final", real)
    with searchidx.open_index(index) as idx:
        idx.update([tmp_path / "one"])  # nothing to read here: b is under the other root
        idx.update([tmp_path / "two"])
    assert _titles(index) == [("a1", "A one"), ("b2", "B two"), ("shared", "B")]


def test_a_deleted_file_that_held_only_skipped_records_is_forgotten(tmp_path):
    corpus = tmp_path / "c"
    _jsonl(corpus / "a.jsonl", [_record("shared", "A")])
    _jsonl(corpus / "b.jsonl", [_record("shared", "B")])  # nothing of it indexed: it only waits on a
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
        (corpus / "b.jsonl").unlink()
        idx.update([corpus])
    (state,) = index.glob("*.state.json")
    assert json.loads(state.read_text(encoding="utf-8"))["waiting"] == {}  # kept forever, before


def test_a_waiting_file_that_cannot_be_read_does_not_have_every_run_read_the_other_waiting_files(tmp_path):
    corpus = tmp_path / "c"
    _jsonl(corpus / "a.jsonl", [_record("x1", "A")])
    _jsonl(corpus / "b.jsonl", [_record("x1", "B"), _record("b2", "B two")])  # waits on a
    _jsonl(corpus / "d.jsonl", [_record("x2", "D")])
    _jsonl(corpus / "e.jsonl", [_record("x2", "E"), _record("e2", "E two")])  # waits on d
    settings = load_settings(index=str(tmp_path / "ix")).with_overrides(max_file_mb=0.01)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        idx.update([corpus])
        _jsonl(corpus / "b.jsonl", [_record("x1", "B"), _record("b2", "B two " + "long " * 5000)])  # over the limit
        idx.update([corpus])
        again = idx.update([corpus])
        assert again.files_read == 1  # b, over the limit on each run; e is unchanged and d holds its id
        _jsonl(corpus / "b.jsonl", [_record("x1", "B"), _record("b2", "B two")])
        _jsonl(corpus / "a.jsonl", [_record("a1", "A one")])
        idx.update([corpus])
    assert _titles(tmp_path / "ix") == _clean(tmp_path, corpus)


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_a_file_that_gave_no_article_is_read_again_only_when_it_changes_or_its_id_comes_free(tmp_path, request,
                                                                                              engine):
    """A backup copy beside the corpus (every record another file's id) and an empty file: each run took
    them for new files, read them again and reported them again (3,687 Reuters files and their copy:
    30 s a run that had nothing to do, and a new commit of the local index)."""
    corpus = tmp_path / "c"
    _jsonl(corpus / "a.jsonl", [_record("x1", "A one"), _record("x2", "A two")])
    _jsonl(corpus / "backup" / "a.jsonl", [_record("x1", "Copy one"), _record("x2", "Copy two")])
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "blank.txt").write_text("\n\n", encoding="utf-8")
    run = _indexer(engine, tmp_path, request)

    def index():
        return run([corpus])
    first, titles = index()
    assert (first.files_read, len(first.failed), titles) == (4, 4, [("x1", "A one"), ("x2", "A two")])
    again, titles = index()
    assert (again.files_read, again.failed, again.unchanged) == (0, [], 2)  # was 2 files read, 3 failed
    if engine == "whoosh":
        generation = sorted(p.name for p in (tmp_path / "ix").glob("*.toc"))
        index()
        assert sorted(p.name for p in (tmp_path / "ix").glob("*.toc")) == generation  # no commit of nothing
    _jsonl(corpus / "a.jsonl", [_record("x1", "A one")])  # gives x2 up: the copy's record comes back
    changed, titles = index()
    assert (changed.files_read, titles) == (2, [("x1", "A one"), ("x2", "Copy two")])
    if engine == "whoosh":
        assert titles == _clean(tmp_path, corpus)
    (corpus / "empty.txt").write_text("title: Now written\n\nA text at last.\n", encoding="utf-8")
    (corpus / "backup" / "a.jsonl").unlink()
    (corpus / "blank.txt").unlink()  # gone, holding nothing: nothing removed
    last, titles = index()
    assert (last.added, last.removed, titles) == (1, 1, [("empty.txt", "Now written"), ("x1", "A one")])


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_a_subfolder_indexed_alone_keeps_the_ids_its_files_have_under_the_corpus_folder(tmp_path, request, engine):
    """Ids are paths relative to the folder indexed: after `index c`, `index c/sub` read sub/b.txt as
    b.txt, which c/b.txt holds, so the edited article was skipped as a duplicate and its old one deleted
    (1 removed, exit 2); b.txt's ids moved with the root given, unlike a clean build's."""
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "b.txt").write_text("title: Top b\n\nThe text at the top.\n", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("title: Sub b\n\nThe text below.\n", encoding="utf-8")
    (corpus / "sub" / "c.txt").write_text("title: Sub c\n\nMore text below.\n", encoding="utf-8")
    run = _indexer(engine, tmp_path, request)

    def index(root):
        return run([root])
    index(corpus)
    (corpus / "sub" / "b.txt").write_text("title: Sub b edited\n\nThe text below, edited.\n", encoding="utf-8")
    (corpus / "sub" / "new.txt").write_text("title: Sub new\n\nNew text below.\n", encoding="utf-8")
    report, titles = index(corpus / "sub")
    expected = [("b.txt", "Top b"), ("sub/b.txt", "Sub b edited"), ("sub/c.txt", "Sub c"), ("sub/new.txt", "Sub new")]
    assert (report.added, report.updated, report.removed, report.failed, titles) == (1, 1, 0, [], expected)
    report, titles = index(corpus)
    assert (report.unchanged, titles) == (4, expected)
    if engine == "whoosh":
        assert titles == _clean(tmp_path, corpus)


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
def test_files_indexed_under_a_subfolder_take_their_paths_under_the_corpus_folder_when_it_is_indexed(tmp_path, request,
                                                                                                  engine):
    """`index c/sub`, then `index c` with a new c/b.txt: sub/b.txt was indexed as b.txt, unchanged, and
    gave its article up to c/b.txt (1 unchanged, 'b.txt: duplicate id' reported); the next run brought
    it back as sub/b.txt. Its path, and so its id, changed with the folder given: it is read again."""
    corpus = tmp_path / "c"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "b.txt").write_text("title: Sub b\n\nThe text below.\n", encoding="utf-8")
    run = _indexer(engine, tmp_path, request)

    def index(root):
        return run([root])
    index(corpus / "sub")
    (corpus / "b.txt").write_text("title: Top b\n\nThe text at the top.\n", encoding="utf-8")
    report, titles = index(corpus)
    assert (report.failed, titles) == ([], [("b.txt", "Top b"), ("sub/b.txt", "Sub b")])
    assert (report.added, report.updated, report.removed) == (1, 1, 0)  # ids: sub/b.txt new, b.txt written again
    if engine == "whoosh":
        assert titles == _clean(tmp_path, corpus)


# --- a run stopped before it groups its stories again ---------------------------------------------

def _two_copies_b_first(tmp_path):
    """b.txt indexed alone, then a.txt, a copy earlier in the walk: a clean build heads the story with a."""
    from test_stories import wikinews_body, write

    corpus = tmp_path / "c"
    corpus.mkdir()
    body = wikinews_body("wn30.txt")
    write(corpus, "b.txt", "Cases pass one million", "2020-04-03", body)
    add_a = lambda: write(corpus, "a.txt", "Cases pass one million", "2020-04-03", body, "Wire B")  # noqa: E731
    return corpus, add_a


def _story_ids(index):
    return {i: d["story_id"] for i, d in _stored(index).items()}


def test_the_run_after_a_stopped_one_groups_the_stories_it_left(tmp_path, monkeypatch):
    """Ctrl-C after a file is written leaves its story to be grouped again: the next run (with no file to
    read) does it, and the index ends as a clean build."""
    import signal

    from searchidx.index import update

    corpus, add_a = _two_copies_b_first(tmp_path)
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    add_a()
    real = update._write_file

    def ctrl_c(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C: the file is written and committed, then the run stops
        return real(*args, **kwargs)
    monkeypatch.setattr(update, "_write_file", ctrl_c)
    with searchidx.open_index(tmp_path / "ix") as idx:
        assert idx.update([corpus]).interrupted
    monkeypatch.setattr(update, "_write_file", real)
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus])
    assert (report.files_read, report.regrouped) == (0, 2)
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
    assert _story_ids(tmp_path / "ix") == _story_ids(tmp_path / "clean") == {"a.txt": "a.txt", "b.txt": "a.txt"}
    with searchidx.open_index(tmp_path / "ix") as idx:
        assert idx.update([corpus]).regrouped == 0  # and it is not done again


def test_a_cluster_run_after_a_stopped_one_groups_the_stories_it_left(fake, tmp_path, monkeypatch):
    from searchidx.opensearch import ingest

    corpus, add_a = _two_copies_b_first(tmp_path)
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus])
        add_a()
        real = ingest._regroup

        def killed(*args, **kwargs):
            raise KeyboardInterrupt  # the run stops after its last commit, before grouping again
        monkeypatch.setattr(ingest, "_regroup", killed)
        with pytest.raises(KeyboardInterrupt):
            idx.update([corpus])
        monkeypatch.setattr(ingest, "_regroup", real)
        assert {d["id"]: d["story_id"] for d in fake.docs.values()} == {"a.txt": "b.txt", "b.txt": "b.txt"}
        report = idx.update([corpus])
    assert (report.files_read, report.regrouped) == (0, 2)
    assert {d["id"]: d["story_id"] for d in fake.docs.values()} == {"a.txt": "a.txt", "b.txt": "a.txt"}
    assert fake.problems == []


def test_files_are_read_again_when_the_readers_change(tmp_path, corpus_copy, monkeypatch):
    """A searchidx whose readers read some file otherwise (READER_VERSION) reads every file again once,
    saying why, so no file keeps the old reading until it changes."""
    from searchidx.ingest import readers

    with searchidx.open_index(tmp_path / "ix") as idx:
        first = idx.update([corpus_copy])
    monkeypatch.setattr(readers, "READER_VERSION", readers.READER_VERSION + 1)
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus_copy])
        again = idx.update([corpus_copy])
    assert report.files_read == first.files_read > 0
    assert report.notes == [f"this searchidx reads some files otherwise than the one that indexed them: "
                            f"reading all {first.files_read} files again"]
    assert (again.files_read, again.notes) == (0, [])
