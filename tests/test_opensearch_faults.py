"""A cluster that takes part of an ingest run's requests (tests/opensearch_fake.py): a story-id update
refused, a delete-by-query that deletes only part of what it matched. Nothing it left undone may stay
undone after the next run, and the run must not count as done what was not."""

import pytest
from opensearch_fake import FakeCluster
from test_opensearch_contract import BACKOFF, open_cluster
from test_stories import story_corpus  # noqa: F401  (a fixture)

import searchidx
from searchidx.errors import ClusterError, SearchidxError


@pytest.fixture
def fake():
    server = FakeCluster().start()
    yield server
    server.stop()


def _clean_stories(corpus, tmp_path) -> dict[str, str]:
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([corpus])
        return {h.id: clean.story(h.id).id for h in clean.search(limit=100).hits}


def test_story_ids_the_cluster_refused_are_given_by_the_next_run(fake, tmp_path, story_corpus):  # noqa: F811
    """The earliest copy of a story comes late: the run gives the copies indexed before it its id, with
    partial updates. The cluster refused them; the run reported them as 'not indexed' and dropped the
    stories from those to regroup, so every later run left the copies in a story of their own."""
    original = story_corpus / "a-original.txt"
    kept = original.read_text(encoding="utf-8")
    original.unlink()
    with open_cluster(fake, tmp_path) as idx:
        idx.update([story_corpus])
    original.write_text(kept, encoding="utf-8")
    fake.refused_ids = set(fake.docs)  # every article indexed before: only their story-id updates go to them
    with open_cluster(fake, tmp_path, retries=1) as idx:
        refused = idx.update([story_corpus])
    assert refused.added == 1 and len(refused.failed) >= 2
    assert {reason for _, reason in refused.failed} == {
        "story id not updated (429 es_rejected_execution_exception: rejected execution (scripted)); the next run "
        "groups its story again"}
    assert all(path.startswith("article ") for path, _ in refused.failed)
    fake.refused_ids = set()
    with open_cluster(fake, tmp_path, retries=1) as idx:
        again = idx.update([story_corpus])
    assert again.failed == [] and again.regrouped == len(refused.failed) and again.unchanged == 7
    assert {d["id"]: d["story_id"] for d in fake.docs.values()} == _clean_stories(story_corpus, tmp_path)
    assert fake.problems == []
    with open_cluster(fake, tmp_path, retries=1) as idx:
        assert idx.update([story_corpus]).regrouped == 0  # nothing left to group


def test_a_delete_that_left_old_versions_is_asked_again(fake, tmp_path, corpus_copy):
    """The cluster answers 200 with a failure and deletes nothing: the articles of the deleted file stayed
    searchable, and the run said they were removed."""
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
    (corpus_copy / "wire.jsonl").unlink()
    fake.delete_script = ["failure"]
    with open_cluster(fake, tmp_path) as idx:
        report = idx.update([corpus_copy])
        assert idx.waits == [BACKOFF]
    assert report.removed == 3 and report.failed == []
    assert len(fake.docs) == 14 and not any(d["file"].endswith("wire.jsonl") for d in fake.docs.values())


@pytest.mark.parametrize("left", ["failure", "conflict"])
def test_a_delete_the_cluster_leaves_undone_every_time_stops_the_run_and_the_next_finishes(fake, tmp_path,
                                                                                          corpus_copy, left):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
    wire = corpus_copy / "wire.jsonl"
    wire.write_text(wire.read_text(encoding="utf-8").replace("Tokyo stocks closed", "Tokyo shares closed"),
                    encoding="utf-8")
    (corpus_copy / "export.csv").unlink()
    fake.delete_script = [left] * 2  # the request and its one retry
    with open_cluster(fake, tmp_path, retries=1) as idx, pytest.raises(ClusterError) as raised:
        idx.update([corpus_copy])
    why = ("es_rejected_execution_exception: rejected execution (scripted)" if left == "failure" else
           "changed while it ran")
    assert str(raised.value).startswith(f"delete old versions: the cluster at {fake.url} deleted 0 of ")
    assert why in str(raised.value) and str(raised.value).endswith("the next run deletes them")
    with open_cluster(fake, tmp_path, retries=1) as idx:
        again = idx.update([corpus_copy])
    assert again.failed == [] and fake.problems == []
    assert not any(d["file"].endswith("export.csv") for d in fake.docs.values())
    assert len({d["stamp"] for d in fake.docs.values() if d["file"] == str(wire)}) == 1
    with searchidx.open_index(tmp_path / "clean") as clean:
        assert len(fake.docs) == clean.update([corpus_copy]).added


def test_a_json_lines_file_of_more_records_than_a_search_may_return_is_looked_up_in_pages(fake, tmp_path,
                                                                                          monkeypatch):
    """A file read beside indexed ones has its ids looked up in one search, which asked for as many hits as
    the file has records: past the cluster's 10,000 (index.max_result_window) it refused it, and the run
    stopped with '400 illegal_argument_exception: Result window is too large'. The window is 40 here."""
    import json

    from searchidx.opensearch import ingest

    fake.max_window = 40  # (stories off: their regrouping reads pages of 1,000, which the fake does not page)
    monkeypatch.setattr(ingest, "IDS_PAGE", 25, raising=False)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("title: First\n\nA note.\n", encoding="utf-8")
    with open_cluster(fake, tmp_path, stories=False) as idx:
        idx.update([corpus])
    records = [{"id": f"r{n}", "title": f"Record {n}", "text": f"Body {n}."} for n in range(60)]
    (corpus / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with open_cluster(fake, tmp_path, stories=False) as idx:
        report = idx.update([corpus])
    assert report.failed == [] and report.added == 60 and len(fake.docs) == 61 and fake.problems == []


def test_a_feed_read_again_is_counted_by_its_articles_ids_on_a_cluster_too(fake, tmp_path):
    import json

    corpus = tmp_path / "c"
    corpus.mkdir()
    feed = corpus / "feed.jsonl"

    def items(numbers):
        return "".join(json.dumps({"id": f"f{n}", "title": f"Item {n}", "text": f"Words {n}."}) + "\n" for n in numbers)
    feed.write_text(items(range(4)), encoding="utf-8")
    (corpus / "other.jsonl").write_text(items([9]), encoding="utf-8")
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus])
    feed.write_text(items(range(2, 6)), encoding="utf-8")  # the two oldest dropped, two new
    (corpus / "other.jsonl").write_text(items([9, 0]), encoding="utf-8")  # and one of them moved here
    with open_cluster(fake, tmp_path) as idx:
        rolled = idx.update([corpus])
    # it said 1 added, 5 updated, 0 removed; then 2, 4, 1 (f2, f3 and f9, read again as they were, unchanged)
    assert (rolled.added, rolled.updated, rolled.removed, rolled.unchanged) == (2, 1, 1, 3)
    assert sorted(fake.docs) == ["f0", "f2", "f3", "f4", "f5", "f9"] and fake.problems == []


PARTIAL = ("the cluster at URL answered from part of the index only ({why}) {times} times; an incomplete answer is not "
           "used; try again later ('searchidx check --backend opensearch' shows the cluster's health)")
SHARD = "1 of 2 shards failed: node_not_connected_exception: [n2][10.0.0.2:9300] Node not connected"


@pytest.mark.parametrize("call, what", [
    (lambda idx: idx.search("referendum", facets=("person",)), "search"),
    (lambda idx: idx.timeline(by="month"), "timeline"),
    (lambda idx: idx.facets(("source",)), "search"),
    (lambda idx: idx.get("wire.jsonl#2"), "get"),
])
@pytest.mark.parametrize("how, why", [("shard", SHARD), ("timeout", "the search timed out on some shards")])
def test_an_answer_from_part_of_the_index_is_an_error_not_a_smaller_result(fake, tmp_path, corpus_copy, call, what,
                                                                           how, why):
    """A shard that fails or times out: the cluster answers 200 with the other shards' hits, counts and facets
    (allow_partial_search_results is true by default) and _shards.failed > 0 or timed_out. They were shown as
    the whole answer: 'searchidx search' gave fewer hits and smaller facet counts, and 'show' said an article
    on the missing shard was not there. It is asked again, as a 503 is, then stops with one line naming why."""
    with open_cluster(fake, tmp_path, retries=2) as idx:
        idx.update([corpus_copy])
        fake.partial_script = [how] * 3
        with pytest.raises(ClusterError) as e:
            call(idx)
        waits = idx.waits
    assert str(e.value) == f"{what}: " + PARTIAL.format(why=why, times=3).replace("URL", fake.url)
    assert waits == [BACKOFF, BACKOFF * 2] and fake.problems == []


def test_a_partial_answer_asked_again_gives_the_whole_result(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path, retries=2) as idx:
        idx.update([corpus_copy])
        whole = idx.facets(("source",))
        fake.partial_script = ["shard"]
        assert idx.facets(("source",)) == whole
        assert idx.waits == [BACKOFF]


def test_an_ingest_run_stops_before_writing_when_the_cluster_answers_from_part_of_the_index(fake, tmp_path,
                                                                                            corpus_copy):
    """The run lists the files the index holds (a composite aggregation) and looks up ids: a listing from
    part of the index took the files on the failed shard for new (read and written again) and missed the
    deleted ones. Now the run stops before writing anything."""
    with open_cluster(fake, tmp_path, retries=1) as idx:
        idx.update([corpus_copy])
        (corpus_copy / "wire.jsonl").unlink()
        bulks, docs = fake.kinds["_bulk"], dict(fake.docs)
        fake.partial_script = ["shard"] * 2
        with pytest.raises(ClusterError, match=r"^listing files: the cluster at .* answered from part of the index "
                                                r"only \(1 of 2 shards failed"):
            idx.update([corpus_copy])
    assert fake.kinds["_bulk"] == bulks and fake.docs == docs


def test_a_search_of_a_multi_search_refused_alone_is_asked_again(fake, tmp_path, corpus_copy):
    """The story candidates of a batch come in one _msearch; a cluster whose search queue is full refuses some of
    its searches alone (429 in that search's answer, the request 200). The run stopped at the first with
    "story candidates: {'root_cause': [{'type': 'es_rejected_execution_exception', ...}], ...}" (a dict written
    out) and was not asked again, as a refused request is. Now it is; the run ends with every article."""
    fake.msearch_item_script = [429, 429]
    with open_cluster(fake, tmp_path, retries=3) as idx:
        report = idx.update([corpus_copy])
        waits = idx.waits
    assert report.failed == [] and len(fake.docs) == 17 and fake.problems == []
    assert waits == [BACKOFF]  # both in the first request: asked again once


def test_a_search_of_a_multi_search_refused_for_good_is_one_line_naming_why(fake, tmp_path, corpus_copy):
    fake.msearch_item_script = [400]
    with open_cluster(fake, tmp_path, retries=3) as idx, pytest.raises(SearchidxError) as e:
        idx.update([corpus_copy])
    assert str(e.value) == ("story candidates: the cluster refused the request (400 query_shard_exception: scripted "
                            "400 for one search)")


def test_a_cluster_that_answers_too_late_is_not_called_unreachable(fake, tmp_path, corpus_copy):
    """A search the cluster takes longer than the client's read timeout to answer: it said 'cannot reach the
    cluster at URL (ConnectionTimeout caused by - ReadTimeoutError(...)); check --url / opensearch.url and that
    the cluster is up', which sends the user to the address that worked. Now it names the wait."""
    from opensearchpy import OpenSearch

    from searchidx.opensearch.client import Cluster

    with open_cluster(fake, tmp_path, retries=1) as idx:
        idx.update([corpus_copy])
        slow = OpenSearch(hosts=[fake.url], timeout=0.2, max_retries=0, retry_on_status=())
        idx.engine._cluster = Cluster(idx.engine.settings, client=slow, sleep=lambda s: None)
        idx.engine.meta_fields()  # read once, in time
        fake.delay_script = [0.6, 0.6]
        with pytest.raises(ClusterError) as e:
            idx.search("referendum")
    assert str(e.value) == (f"search: the cluster at {fake.url} did not answer within 0.2 s, 2 times; try again "
                            "later, or narrow the search (a filter, a date range)")


def test_a_run_after_a_thousand_files_went_deletes_them_all(fake, tmp_path):
    """The articles of deleted files go in a delete-by-query: one bool clause a file, all in one request, which
    a cluster refuses past 1,024 clauses (indices.query.bool.max_clause_count). Deleting or moving a folder of
    1,100 files stopped the next run with 'delete old versions: the cluster refused the request (400
    too_many_clauses: ...)', every time, and their articles stayed searchable."""
    corpus = tmp_path / "many"
    corpus.mkdir()
    for i in range(1100):
        (corpus / f"note-{i:04d}.txt").write_text(f"title: Note {i}\n\nHarbour note number {i}.\n", encoding="utf-8")
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / "kept.txt").write_text("title: Kept\n\nThe one kept.\n", encoding="utf-8")
    with open_cluster(fake, tmp_path, retries=1, stories=False) as idx:
        assert idx.update([corpus, keep]).added == 1101
        for f in corpus.iterdir():
            f.unlink()
        report = idx.update([corpus, keep], allow_empty=True)
    assert report.removed == 1100 and [d["id"] for d in fake.docs.values()] == ["kept.txt"]
    assert fake.problems == []


def test_an_article_too_large_for_a_bulk_request_is_reported_and_the_rest_written(fake, tmp_path, corpus_copy,
                                                                                   monkeypatch):
    """An article whose document is larger than a bulk request may be (10 MB; 10 MiB on some managed clusters)
    was sent alone in a request over the limit; the cluster refused it with 413 and the run stopped ('bulk: the
    cluster at URL answered 413'), every run, with the rest of its batch unwritten. Now it is reported against
    its file, as a reader failure is, and the other articles are written (the file is read again next run)."""
    import searchidx.opensearch.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_BULK_BYTES", 2**18)  # 0.25 MB
    fake.max_body_bytes = 2**18 + 10_000
    (corpus_copy / "book.txt").write_text("title: A whole book\n\n" + "A long chapter of words. " * 12_000,
                                          encoding="utf-8")
    with open_cluster(fake, tmp_path, retries=1) as idx:
        report = idx.update([corpus_copy])
        assert report.failed == [("book.txt", "not indexed (its document is 0.3 MB, more than the 0.25 MB a bulk "
                                              "request carries)")]
        assert len(fake.docs) == 17 and "book.txt" not in fake.docs and fake.problems == []
        again = idx.update([corpus_copy])  # read again, reported again: never lost without a word
    assert again.failed == report.failed
