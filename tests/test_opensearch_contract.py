"""Contract tests: the real opensearch-py client and the cluster engine against a stand-in server on
loopback (tests/opensearch_fake.py) that checks every request against the documented REST shapes.

Ingest, incremental updates, searches, retries with backoff on 429 and 5xx, and the errors a user
sees all run for real here; only the cluster's own scoring is not (the live suite covers that).
"""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearch_fake import FakeCluster
from test_stories import story_corpus, wikinews_body  # noqa: F401  (story_corpus: a fixture)

import searchidx
from searchidx.api import Index
from searchidx.cli import cli
from searchidx.config import Settings, load_settings
from searchidx.enrich.aliases import load_registry
from searchidx.errors import ClusterError, ConfigError, IndexNotFound, SearchidxError
from searchidx.opensearch.client import Cluster, make_client
from searchidx.opensearch.dsl import compile_dsl
from searchidx.opensearch.engine import OpenSearchEngine
from searchidx.opensearch.ingest import MAX_BULK_BYTES
from searchidx.opensearch.template import index_template
from searchidx.search.query import Query
from searchidx.search.results import FacetCount

RESPONSES = Path(__file__).parent / "fixtures" / "opensearch" / "responses"
BACKOFF = 0.01


@pytest.fixture
def fake():
    server = FakeCluster().start()
    yield server
    server.stop()


def open_cluster(fake, tmp_path, retries=3, **changes):
    """An Index on the fake cluster whose backoff waits are recorded, not slept (``idx.waits``)."""
    settings = Settings(backend="opensearch", opensearch_url=fake.url, opensearch_retries=retries, **changes)
    waits: list[float] = []
    cluster = Cluster(settings, sleep=waits.append)
    cluster.backoff = BACKOFF
    registry = load_registry(settings.entity_files)
    idx = Index(tmp_path / "unused", settings, engine=OpenSearchEngine(settings, lambda: registry, cluster))
    idx.waits, idx.cluster = waits, cluster
    return idx


def test_ingest_sends_documented_requests_and_writes_every_article(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        report = idx.update([corpus_copy])
    assert fake.problems == []
    assert report.failed == [] and report.added == 17 and report.added == len(fake.docs)
    assert ("PUT", "/searchidx") in fake.requests  # created from the template
    doc = fake.docs["2022-09-20-kremlin-referendums.md"]
    assert doc["date"] == "2022-09-20T00:00:00.000Z" and doc["date_precision"] == "day"
    assert "Vladimir Putin" in doc["person"] and isinstance(doc["story_bands"], list)
    assert not (tmp_path / "unused").exists()  # no local index folder


def test_a_second_run_reads_only_new_changed_and_deleted_files(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        bulks = fake.kinds["_bulk"]
        again = idx.update([corpus_copy])
        assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 17)
        assert fake.kinds["_bulk"] == bulks  # nothing sent
        (corpus_copy / "zurich-bank.md").unlink()
        changed = corpus_copy / "2021-03-02-vaccine-rollout.txt"
        changed.write_text(changed.read_text(encoding="utf-8").replace("20 million", "25 million"), encoding="utf-8")
        third = idx.update([corpus_copy])
    assert (third.added, third.updated, third.removed) == (0, 1, 1)
    assert fake.problems == []
    assert not any(d["file"].endswith("zurich-bank.md") for d in fake.docs.values())
    vaccine = [d for d in fake.docs.values() if d["file"] == str(changed)]
    assert len(vaccine) == 1 and "25 million" in vaccine[0]["body"]


def test_a_file_emptied_since_the_last_run_takes_its_articles_with_it(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        (corpus_copy / "wire.jsonl").write_text("", encoding="utf-8")
        report = idx.update([corpus_copy])
    assert report.failed == [("wire.jsonl", "empty file")] and report.removed == 3
    assert fake.problems == [] and not any(d["file"].endswith("wire.jsonl") for d in fake.docs.values())


def test_ids_are_claimed_as_locally_a_repeated_one_and_a_moved_folders(fake, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "f.jsonl").write_text('{"id": "x", "title": "One", "text": "First."}\n'
                                    '{"id": "x", "title": "Two", "text": "Second."}\n', encoding="utf-8")
    (corpus / "n.txt").write_text("title: Note\n\nA note.\n", encoding="utf-8")
    with open_cluster(fake, tmp_path) as idx:
        report = idx.update([corpus])  # the first record keeps the id, as a clean local build does
        assert report.failed == [("f.jsonl", "line 2: duplicate id 'x' (already used by f.jsonl); record skipped")]
        assert fake.docs["x"]["title"] == "One"
        corpus.rename(tmp_path / "moved")
        moved = idx.update([tmp_path / "moved"])  # the old folder's articles give way to the new ones
    # counted by id: the same two articles at a new place (it said 2 added, 2 removed)
    assert (moved.added, moved.updated, moved.removed, moved.failed) == (0, 2, 0, [("f.jsonl", report.failed[0][1])])
    assert sorted(d["file"] for d in fake.docs.values()) == [str(tmp_path / "moved" / n) for n in ("f.jsonl", "n.txt")]
    assert fake.problems == []


def test_refusals_are_sent_again_with_doubling_waits(fake, tmp_path, corpus_copy):
    # _bulk: a whole request refused with 429 (the client's bulk helper waits and sends it again), then
    # twice with 503 (sent again here); _msearch: one 502; then two articles refused one time each
    fake.script = {"_bulk": [429, 503, 503], "_msearch": [502]}
    fake.item_script = [429, 429]
    with open_cluster(fake, tmp_path) as idx:
        report = idx.update([corpus_copy])
        waits = idx.waits
    assert report.failed == [] and len(fake.docs) == 17
    assert fake.problems == []
    assert sorted(waits) == [BACKOFF, BACKOFF, BACKOFF * 2]  # 503, 503 (twice as long), 502
    assert fake.kinds["_bulk"] == 5  # 429, 503, 503, the accepted one, and the two refused articles again


def test_an_item_refused_every_time_is_reported_against_its_file(fake, tmp_path, corpus_copy):
    fake.refused_ids = {"wire.jsonl#2"}  # refused every time: more often than the retries
    with open_cluster(fake, tmp_path, retries=2) as idx:
        report = idx.update([corpus_copy])
    assert report.failed == [("wire.jsonl", "not indexed (429 es_rejected_execution_exception: rejected execution "
                                            "(scripted))")]
    assert len(fake.docs) == 16 and fake.problems == []


def test_a_file_an_article_of_which_was_refused_is_read_again_by_the_next_run(fake, tmp_path, corpus_copy):
    """The file's other articles carry its stamp, so the next run took it for unchanged and the refused
    article stayed out for good; a changed file's older version of it was deleted too."""
    fake.refused_ids = {"wire.jsonl#2"}
    with open_cluster(fake, tmp_path, retries=1) as idx:
        first = idx.update([corpus_copy])
    assert [path for path, _ in first.failed] == ["wire.jsonl"] and len(fake.docs) == 16
    fake.refused_ids = set()
    with open_cluster(fake, tmp_path, retries=1) as idx:
        again = idx.update([corpus_copy])
    assert again.failed == [] and (again.added, again.unchanged) == (1, 16 - again.updated)
    assert len(fake.docs) == 17 and fake.problems == []
    # a changed file: the refused article's older version stays until the next run writes the new one
    wire = corpus_copy / "wire.jsonl"
    text = wire.read_text(encoding="utf-8")
    wire.write_text(text.replace("Tokyo stocks closed", "Tokyo shares closed"), encoding="utf-8")
    old = dict(fake.docs["wire.jsonl#2"])
    fake.refused_ids = {"wire.jsonl#2"}
    with open_cluster(fake, tmp_path, retries=1) as idx:
        idx.update([corpus_copy])
    assert fake.docs["wire.jsonl#2"] == old and len(fake.docs) == 17
    fake.refused_ids = set()
    with open_cluster(fake, tmp_path, retries=1) as idx:
        last = idx.update([corpus_copy])
    assert last.failed == [] and fake.docs["wire.jsonl#2"]["stamp"] != old["stamp"] and len(fake.docs) == 17
    assert len({d["stamp"] for d in fake.docs.values() if d["file"] == str(wire)}) == 1


@pytest.mark.parametrize("stop", ["the cluster gone", "ctrl-c"])
def test_a_run_stopped_while_it_sends_its_articles_loses_none(fake, tmp_path, corpus_copy, stop):
    """Bulk requests of two articles: the fourth and every later one fails (the cluster went away), or
    Ctrl-C comes while it is sent. A file whose first articles were written had its stamp in the index,
    and the next run took it for unchanged: its other articles were never written."""
    from opensearchpy.exceptions import ConnectionError as Unreachable

    with open_cluster(fake, tmp_path, retries=1, opensearch_bulk_docs=2) as idx:
        real, sent = idx.cluster.client.bulk, [0]

        def bulk(*args, **kwargs):
            sent[0] += 1
            if sent[0] >= 4:
                raise KeyboardInterrupt if stop == "ctrl-c" else Unreachable("N/A", "connection refused", None)
            return real(*args, **kwargs)
        idx.cluster.client.bulk = bulk
        with pytest.raises(KeyboardInterrupt if stop == "ctrl-c" else ClusterError) as raised:
            idx.update([corpus_copy])
    assert 0 < len(fake.docs) < 17
    if stop == "ctrl-c":
        assert raised.value.__notes__[-1].startswith("searchidx: indexing stopped; what was written to the index "
                                                     "'searchidx' at ")
    with open_cluster(fake, tmp_path, retries=1) as idx:
        again = idx.update([corpus_copy])
    assert again.failed == [] and len(fake.docs) == 17 and fake.problems == []
    with open_cluster(fake, tmp_path, retries=1) as idx:
        assert idx.update([corpus_copy]).unchanged == 17  # nothing left to read again


def test_sigterm_while_articles_are_sent_stops_the_run_as_ctrl_c_does(fake, tmp_path, corpus_copy):
    """kill, timeout or docker stop during a cluster run: it ended on the spot, saying nothing; it now stops
    as Ctrl-C does (Terminated, exit 143 in the CLI) with the line saying what stays, and the next run
    finishes the job."""
    import os
    import signal

    from searchidx.errors import Terminated

    unhandled: list[int] = []
    before = signal.signal(signal.SIGTERM, lambda signum, frame: unhandled.append(signum))  # what the old code left
    try:
        with open_cluster(fake, tmp_path, retries=1, opensearch_bulk_docs=2) as idx:
            real, sent = idx.cluster.client.bulk, [0]

            def bulk(*args, **kwargs):
                sent[0] += 1
                if sent[0] == 4:
                    os.kill(os.getpid(), signal.SIGTERM)
                return real(*args, **kwargs)
            idx.cluster.client.bulk = bulk
            with pytest.raises(Terminated) as raised:
                idx.update([corpus_copy])
    finally:
        signal.signal(signal.SIGTERM, before)
    assert unhandled == []
    assert raised.value.__notes__[-1].startswith("searchidx: indexing stopped; what was written to the index ")
    with open_cluster(fake, tmp_path, retries=1) as idx:
        again = idx.update([corpus_copy])
    assert again.failed == [] and len(fake.docs) == 17 and fake.problems == []


def test_search_sends_the_compiled_body_and_reads_the_recorded_response(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "search.json").read_text(encoding="utf-8"))
        query = Query(q="referendum", facets=("person",))
        results = idx.search(query)
        registry = idx.registry
    assert fake.problems == []
    sent = [body for kind, body in fake.bodies if kind == "_search"][-1]
    assert sent == compile_dsl(query, registry, None, frozenset({"meta_topics"})).body(10, 1, 220)
    assert results.total == 3 and [h.id for h in results.hits] == [
        "2022-09-20-kremlin-referendums.md", "wire.jsonl#2", "undated.txt"]
    first = results.hits[0]
    assert first.snippet == ("Officials announced referendums on joining Russia in four occupied regions … "
                             "the referendum votes would start on Friday")
    assert [first.snippet[a:b] for a, b in first.highlights] == ["referendums", "referendum"]
    assert first.date == "2022-09-20" and first.entities["person"] == ["Vladimir Putin"] and first.score == 7.3511
    assert results.hits[1].date == "2022-09-20T14:05:00Z" and results.hits[1].record == 2
    assert results.hits[1].snippet == "plans to hold referendums this week"  # the exact field's marks
    assert results.hits[2].date is None
    # two spellings that fold alike are one entity, counted together
    assert [(f.value, f.count) for f in results.facets["person"]] == [
        ("Recep Tayyip Erdogan", 2), ("Vladimir Putin", 2), ("Volodymyr Zelensky", 1)]


def test_a_cluster_snippet_keeps_to_snippet_chars(fake, tmp_path, corpus_copy):
    """The highlighter's fragments are about snippet_chars/2 each, whole words: two of them and the " … "
    between came out longer than the setting (the recorded two: 119 characters at 40)."""
    with open_cluster(fake, tmp_path, snippet_chars=40) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "search.json").read_text(encoding="utf-8"))
        first = idx.search("referendum").hits[0]
    assert first.snippet == "Officials announced referendums on …"
    assert [first.snippet[a:b] for a, b in first.highlights] == ["referendums"]


def test_similar_on_a_cluster_ranks_only_what_the_query_words_match(fake, tmp_path, corpus_copy):
    """The more_like_this request kept the query's filters but not its words or exclusions (q= was dropped)."""
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        idx.similar("2022-09-20-kremlin-referendums.md", q="referendum -Putin", place=["Ukraine"],
                    include_copies=True)  # (the fake counts no stories)
        registry = idx.registry
    assert fake.problems == []
    sent = [body for kind, body in fake.bodies if kind == "_search"][-1]["query"]["bool"]
    query = Query(q="referendum -Putin", place=("Ukraine",), limit=10)
    assert sent["filter"] == [compile_dsl(query, registry, None, frozenset({"meta_topics"})).query]
    assert "more_like_this" in sent["must"][0]


def test_stats_on_a_cluster_show_the_first_and_last_date_at_their_precision(fake, tmp_path, corpus_copy):
    """The first day of an article dated only 2019 was shown as its first: "2019-01-01"."""
    def end(date, precision):
        return {"hits": {"hits": [{"_index": "searchidx", "_id": "x", "_score": None,
                                   "_source": {"date": date, "date_precision": precision}}]}}
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = {"hits": {"total": {"value": 17, "relation": "eq"}, "hits": []}, "aggregations": {
            "files": {"value": 11}, "undated": {"doc_count": 2}, "sources": {"value": 4},
            "earliest": end("2019-01-01T00:00:00Z", "year"), "latest": end("2022-09-01T00:00:00Z", "month")}}
        stats = idx.engine.stats()  # (idx.stats also counts facets, which this response has not)
    assert fake.problems == []
    assert (stats.earliest, stats.latest) == ("2019", "2022-09")


def test_get_and_story_read_documents_back_grouped_as_locally(fake, tmp_path, corpus_copy, idx):
    local = idx
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        record = idx.get("2022-09-20-kremlin-referendums.md")
        story = idx.story("2022-09-20-kremlin-referendums.md")
    assert record == local.get("2022-09-20-kremlin-referendums.md").__class__(
        **{**local.get("2022-09-20-kremlin-referendums.md").__dict__, "path": record.path})
    assert story.to_dict() == local.story("2022-09-20-kremlin-referendums.md").to_dict()
    # every article joined the same story as in the local index (the grouping rule is shared)
    assert {d["id"]: d["story_id"] for d in fake.docs.values()} == {
        h.id: (local.story(h.id).id) for h in local.search(limit=100).hits}
    assert fake.problems == []


def test_cli_search_runs_against_the_cluster(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
    fake.search_response = json.loads((RESPONSES / "search.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["search", "--backend", "opensearch", "--url", fake.url, "referendum",
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [h["id"] for h in json.loads(result.output)["hits"]][:2] == ["2022-09-20-kremlin-referendums.md",
                                                                         "wire.jsonl#2"]


def test_index_on_a_cluster_fails_with_exit_2_when_no_file_could_be_read(fake, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", "--backend", "opensearch", "--url", fake.url, str(corpus)])
    assert result.exit_code == 2, result.output
    assert result.stderr == ("empty.txt: empty file\n"
                             "Error: nothing indexed: none of the files could be read (1 failure listed above)\n")


def test_index_on_a_cluster_of_a_folder_without_article_files_says_so(fake, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(cli, ["index", "--backend", "opensearch", "--url", fake.url, str(empty)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: nothing indexed: no article files under {empty} (searchidx reads .txt")


@pytest.mark.parametrize("script, retries, message", [
    ({"_search": [401]}, 3, "the cluster at URL refused the credentials (401): set SEARCHIDX_OPENSEARCH_USER and "
                            "SEARCHIDX_OPENSEARCH_PASSWORD (or SEARCHIDX_OPENSEARCH_API_KEY)"),
    ({"_search": [400]}, 3, "search: the cluster refused the request (400 parsing_exception: scripted 400 for "
                            "_search)"),
    ({"_search": [503] * 5}, 2, "search: the cluster at URL answered 503 (unavailable: scripted 503 for _search) "
                                "3 times; try again later"),
])
def test_errors_are_one_line_and_say_what_to_do(fake, tmp_path, corpus_copy, script, retries, message):
    with open_cluster(fake, tmp_path, retries=retries) as idx:
        idx.update([corpus_copy])
        fake.script = script
        with pytest.raises(SearchidxError) as e:
            idx.search("referendum")
        waits = idx.waits
    assert str(e.value) == message.replace("URL", fake.url)
    assert "\n" not in str(e.value)
    if 503 in script["_search"]:
        assert waits == [BACKOFF, BACKOFF * 2]  # tried 1 + retries times, waiting twice as long each time


def test_cli_errors_exit_3_for_cluster_problems(fake):
    fake.script = {"_search": [401]}
    fake.exists, fake.mapping = True, index_template("searchidx")["template"]["mappings"]  # an index searchidx made
    result = CliRunner().invoke(cli, ["search", "--backend", "opensearch", "--url", fake.url, "x"])
    assert result.exit_code == 3
    assert result.output.startswith("Error: the cluster at") and "SEARCHIDX_OPENSEARCH_USER" in result.output


def test_a_missing_index_says_how_to_create_it(fake):
    result = CliRunner().invoke(cli, ["search", "--backend", "opensearch", "--url", fake.url, "x"])
    assert result.exit_code == 3
    assert result.output == (f"Error: no index 'searchidx' at {fake.url}: run 'searchidx index --backend opensearch "
                             "CORPUS' to create it\n")


def test_an_unreachable_cluster_is_named(tmp_path):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = Settings(backend="opensearch", opensearch_url=f"http://127.0.0.1:{port}", opensearch_retries=1)
    cluster = Cluster(settings, sleep=lambda s: None)
    engine = OpenSearchEngine(settings, lambda: load_registry(()), cluster)
    with pytest.raises(ClusterError, match=rf"cannot reach the cluster at http://127.0.0.1:{port} .*check --url"):
        engine.require()


def test_no_index_is_reported_as_index_not_found(fake, tmp_path):
    with open_cluster(fake, tmp_path) as idx, pytest.raises(IndexNotFound):
        idx.engine.require()


def test_credentials_never_come_from_a_url_or_file(tmp_path):
    with pytest.raises(ConfigError, match="credentials never go in a URL or a file"):
        load_settings(backend="opensearch", url="https://admin:secret@search.example.org:9200")
    cfg = tmp_path / "s.yaml"
    cfg.write_text("opensearch:\n  password: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting opensearch.password"):
        load_settings(cfg)


def test_credentials_and_tls_checks_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("SEARCHIDX_OPENSEARCH_USER", "reader")
    monkeypatch.setenv("SEARCHIDX_OPENSEARCH_PASSWORD", "pw")
    settings = load_settings(backend="opensearch", url="https://search.example.org:9200")
    assert settings.opensearch_verify_certs is True  # on unless a settings file turns it off
    client = make_client(settings)
    connection = client.transport.connection_pool.connections[0]
    assert connection.pool.cert_reqs == "CERT_REQUIRED"
    assert connection.headers["authorization"] == "Basic cmVhZGVyOnB3"  # reader:pw
    monkeypatch.delenv("SEARCHIDX_OPENSEARCH_PASSWORD")
    with pytest.raises(ConfigError, match="set both SEARCHIDX_OPENSEARCH_USER and SEARCHIDX_OPENSEARCH_PASSWORD"):
        make_client(settings)


def test_the_backend_without_its_package_is_one_clear_line(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "opensearchpy", None)  # import fails as if not installed
    result = CliRunner().invoke(cli, ["search", "--backend", "opensearch", "--url", "http://127.0.0.1:9", "x"])
    assert result.exit_code == 2
    assert result.output == ("Error: backend opensearch needs the opensearch-py package: "
                             "pip install 'searchidx[opensearch]'\n")


def test_export_writes_bulk_files_a_cluster_accepts(built, tmp_path, fake):
    index, _ = built
    out = tmp_path / "dump"
    result = CliRunner().invoke(cli, ["export", "--index", str(index), "--format", "opensearch-bulk",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("17 articles written to")
    assert json.loads((out / "template.json").read_text(encoding="utf-8")) == index_template("searchidx")
    bulk_files = sorted(out.glob("bulk-*.ndjson"))
    assert bulk_files and all(p.stat().st_size <= MAX_BULK_BYTES for p in bulk_files)
    for p in bulk_files:  # each file is one documented _bulk request: the stand-in cluster takes it as it is
        fake.answer("POST", "/_bulk", p.read_bytes())
    assert fake.problems == [] and len(fake.docs) == 17
    again = CliRunner().invoke(cli, ["export", "--index", str(index), "--format", "opensearch-bulk", "--out", str(out)])
    assert again.exit_code == 2 and "holds bulk files of an earlier export" in again.output


@pytest.mark.parametrize("change", ["earliest copy added late", "earliest copy deleted", "copies rewritten",
                                    "a feed of two copies added"])
def test_an_update_names_stories_as_a_clean_build_does(fake, tmp_path, story_corpus, change):  # noqa: F811
    """The cluster's story ids after an update are those of a clean local build (tests/test_stories.py's case)."""
    import searchidx

    original = story_corpus / "a-original.txt"
    kept = original.read_text(encoding="utf-8")
    if change == "earliest copy added late":
        original.unlink()
    with open_cluster(fake, tmp_path) as idx:
        idx.update([story_corpus])
        if change == "earliest copy added late":
            original.write_text(kept, encoding="utf-8")  # comes before every copy indexed so far
        elif change == "earliest copy deleted":
            original.unlink()
        elif change == "a feed of two copies added":  # grouped with each other, as a clean build does
            text = wikinews_body("wn01.txt")  # a story no file told before
            records = [{"id": f"w{n}", "title": "Pandemic", "text": text, "date": "2020-04-04"} for n in (1, 2)]
            (story_corpus / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        else:  # b becomes the other story, f a copy of the first one
            b, f = story_corpus / "b-rewrapped.txt", story_corpus / "f-other.txt"
            b_text, f_text = b.read_text(encoding="utf-8"), f.read_text(encoding="utf-8")
            b.write_text(f_text, encoding="utf-8")
            f.write_text(b_text, encoding="utf-8")
        report = idx.update([story_corpus])
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([story_corpus])
        expected = {h.id: clean.story(h.id).id for h in clean.search(limit=100).hits}
    assert {d["id"]: d["story_id"] for d in fake.docs.values()} == expected
    assert fake.problems == []
    if change == "a feed of two copies added":
        assert expected["w2"] == "w1"
    elif change != "copies rewritten":
        assert report.regrouped > 0


def test_timeline_reads_the_histogram_zero_filled_and_the_coarse_dates_apart(fake, tmp_path, corpus_copy):
    from searchidx.opensearch.dsl import timeline_body

    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "timeline_month.json").read_text(encoding="utf-8"))
        query = Query(q="referendum")
        tl = idx.timeline(query, by="month", split="person", top=2)
        registry = idx.registry
    sent = [body for kind, body in fake.bodies if kind == "_search"][-1]
    assert sent == timeline_body(compile_dsl(query, registry, None, frozenset({"meta_topics"})), "month", "person", 2,
                                 False)
    assert fake.problems == []
    assert tl.periods == ["2022-07", "2022-08", "2022-09"]  # August had nothing: still a row
    # two spellings that fold alike are one series, ranked by their articles together (4 > 3)
    assert tl.series == {"Vladimir Putin": [1, 0, 4], "Recep Tayyip Erdogan": [1, 0, 3]}
    assert tl.undated == 1 and tl.split == "person"
    assert tl.coarse == 2  # dated only to a year: in no month (locally too), said apart, not put in January


def test_a_cluster_timeline_of_stories_counts_each_story_once_and_none_with_a_dated_copy_as_undated(
        fake, tmp_path, corpus_copy):
    """Two stories, one with copies on three days and one undated copy: its rows count 2, 2 and 1 stories,
    and the last line said '5 stories by day, 1 undated not shown' (the per-day counts added up, and the
    undated copy's story, shown on three days, said left out); as locally, 2 stories and none left out."""
    from searchidx.opensearch.dsl import timeline_body

    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "timeline_day_stories.json").read_text(encoding="utf-8"))
        query = Query(q="", count="stories", since="2020-05-04", until="2020-05-06")
        tl = idx.timeline(query, by="day")
        registry = idx.registry
    sent = [body for kind, body in fake.bodies if kind == "_search"][-1]
    assert sent == timeline_body(compile_dsl(query, registry, None, frozenset({"meta_topics"})), "day", None, 5, True)
    assert fake.problems == []
    assert tl.series == {"all": [2, 2, 1]}
    assert (tl.total, tl.undated, tl.coarse) == (2, 0, 0)


def test_the_local_backend_never_loads_the_cluster_client(built):
    """Whoosh stays the default and needs nothing extra: a local search does not import opensearch-py."""
    import subprocess
    import sys

    code = ("import sys, searchidx; idx = searchidx.open_index(sys.argv[1]); idx.search('referendum'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'opensearchpy' or 'searchidx.opensearch' in m))")
    out = subprocess.run([sys.executable, "-c", code, str(built[0])], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_entity_analytics_on_a_cluster_say_they_are_not_there_yet():
    """Association, trending and network read entity counts the cluster engine does not give yet: a
    one-line error naming the way round, not an AttributeError."""
    from searchidx.errors import SearchidxError
    from searchidx.opensearch.engine import OpenSearchEngine
    from searchidx.search.query import Query

    engine = OpenSearchEngine.__new__(OpenSearchEngine)  # no cluster is contacted before the counts
    for call in (lambda: engine.entity_counts(Query(q="x"), ["person"]),
                 lambda: engine.entity_rows(Query(q="x"), ["person"])):
        with pytest.raises(SearchidxError, match="not available with backend opensearch yet"):
            call()


@pytest.mark.parametrize("both, widened", [(3, True), (10, False)])
def test_two_words_are_counted_first_and_widened_to_either_as_locally(fake, tmp_path, corpus_copy, both, widened):
    """Two plain words: a _count of the articles holding both (over the whole index: the search's filter is
    not in it), then the search of both words, or of either word with the local engine's warning when
    fewer than ten hold both."""
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "search.json").read_text(encoding="utf-8"))
        fake.word_count = both
        query = Query(q="referendum kremlin", place=["Ukraine"])
        results = idx.search(query)
        registry = idx.registry
    assert fake.problems == []
    compiled = compile_dsl(query, registry, None, frozenset({"meta_topics"}))
    (count_kind, counted), (search_kind, sent) = fake.bodies[-2:]
    assert (count_kind, search_kind) == ("_count", "_search")
    assert counted == {"query": {"bool": {"must": compiled.query["bool"]["must"]}}}  # the words, no filter
    assert sent["query"] == (compiled.relaxed if widened else compiled.query)
    assert [c for c in sent["query"]["bool"]] == (["should", "filter", "minimum_should_match"] if widened
                                                  else ["must", "should", "filter"])
    assert results.warnings == (["only 3 articles hold both words; articles with either of them are shown too"]
                                if widened else [])


def test_relevance_and_recency_re_ranks_the_best_hits_by_age(fake, tmp_path, corpus_copy):
    recorded = json.loads((RESPONSES / "search.json").read_text(encoding="utf-8"))
    recorded["hits"]["hits"][0]["_source"]["date"] = "2021-09-20T00:00:00.000Z"  # the best score, a year older
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = recorded
        plain = idx.search(Query(q="referendum"))
        recent = idx.search(Query(q="referendum", sort="relevance+recency", limit=2))
        with pytest.raises(SearchidxError, match="feedback .* not available with backend opensearch"):
            idx.search(Query(q="referendum", feedback=True))
    assert fake.problems == []
    sent = [body for kind, body in fake.bodies if kind == "_search"][-1]
    assert (sent["from"], sent["size"]) == (0, 100)  # the re-ranked window, read whole
    assert [h.id for h in plain.hits] == ["2022-09-20-kremlin-referendums.md", "wire.jsonl#2", "undated.txt"]
    # a year halves a score about four times (every 90 days): 7.35 -> 0.46 falls below 3.10; undated counts as old
    assert [h.id for h in recent.hits] == ["wire.jsonl#2", "2022-09-20-kremlin-referendums.md"]


@pytest.mark.parametrize("options, warning", [  # as tests/test_search.py asks of the local engine
    ({"lang": ["klingon"]}, "language 'klingon' matches no indexed language (languages: en (English))"),
    ({"lang": ["french"]}, "language 'french' (fr) matches no indexed language (languages: en (English))"),
    ({"source": ["Fixture Wir"]}, "source 'Fixture Wir' matches no indexed source; nearest: Fixture Wire"),
    ({"source": ["Nonesuch"]}, "source 'Nonesuch' matches no indexed source "
                               "(sources: Daily Fixture, Example News, example.org, Fixture Times, Fixture Wire)"),
    ({"q": 'source:"Fixture Wir"'}, "source 'Fixture Wir' matches no indexed source; nearest: Fixture Wire"),
])
def test_a_source_or_language_no_article_has_is_warned_about_on_a_cluster_too(fake, tmp_path, corpus_copy,
                                                                             options, warning):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        assert idx.search(**options).warnings == [warning]
        assert not idx.search(source=["fixture wire"], lang=["English"]).warnings  # any case, a name for a code
    assert fake.problems == []


def test_a_cluster_timeline_warns_of_an_unknown_source_as_locally(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = json.loads((RESPONSES / "timeline_month.json").read_text(encoding="utf-8"))
        warnings = idx.timeline("referendum", source=["Fixture Wir"]).warnings
    assert warnings == ["source 'Fixture Wir' matches no indexed source; nearest: Fixture Wire"]
    assert fake.problems == []


def test_relevance_and_recency_re_ranks_the_window_of_the_search_without_its_filters(fake, tmp_path, corpus_copy):
    """As locally (search/rerank.py): the 100 best hits of the words alone are re-ranked by age, and a filtered
    search shows those it keeps in that order, with those scores, then the rest by their own scores."""
    def hit(doc_id, score, date):
        return {"_index": "searchidx", "_id": doc_id, "_score": score, "sort": [score, doc_id],
                "_source": {**next(iter(fake.docs.values())), "id": doc_id, "date": date}}  # a real article's fields

    def answer(body):
        if "filter" in json.dumps(body["query"]):  # the filtered search: a and d are in the window, b and c not
            hits = [hit("a", 10.0, "2020-01-01T00:00:00.000Z"), hit("d", 9.5, "2020-03-31T00:00:00.000Z"),
                    hit("b", 4.0, "2022-01-01T00:00:00.000Z"), hit("c", 3.0, "2022-09-01T00:00:00.000Z")]
        else:  # the words alone: their 100 best, d 90 days newer than the rest
            hits = [hit("a", 10.0, "2020-01-01T00:00:00.000Z"), hit("d", 9.5, "2020-03-31T00:00:00.000Z")] + [
                hit(f"other{i}", 9.0 - i / 100, "2020-01-01T00:00:00.000Z") for i in range(98)]
        return {"took": 1, "timed_out": False, "hits": {"total": {"value": len(hits), "relation": "eq"},
                                                        "hits": hits[:body["size"]]}}

    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        fake.search_response = answer
        query = Query(q="referendum", place=["Ukraine"], sort="relevance+recency")
        shown = idx.search(query)
        second = idx.search(replace(query, limit=1, page=2))
        ids = idx.match_ids(query)
    assert fake.problems == []
    # d (90 days newer) before a (halved); b and c, outside the window, after them by their own scores
    assert [(h.id, h.score) for h in shown.hits] == [("d", 9.5), ("a", 5.0), ("b", 4.0), ("c", 3.0)]
    assert [h.id for h in second.hits] == ["a"]
    assert ids == ["d", "a", "b", "c"]


@pytest.fixture
def spellings(tmp_path):
    """Sources written in several ways: 'Wire' six times and 'WIRE' once; 'Daily' four times and 'daily' once;
    'post', 'Post' and 'POST' once each, fewer than the other names one by one, more together."""
    corpus = tmp_path / "spellings"
    corpus.mkdir()
    sources = ["Wire"] * 6 + ["WIRE", "Fixture Wire"] + ["Fixture Wire"] * 5 + ["Daily"] * 4 + ["daily"] + \
        ["Example News"] * 4 + ["example.org"] * 2 + ["Daily Fixture", "Fixture Times", "post", "Post", "POST"] + \
        ["Alpha", "Beta", "Delta", "Gamma"]
    records = [{"id": f"r{i}", "title": f"Harbour report {i}", "text": f"The harbour reopened, report {i}.",
                "source": source, "date": f"2021-0{1 + i % 3}-1{i % 9}"} for i, source in enumerate(sources)]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return corpus


def test_facets_count_every_spelling_of_a_name_as_locally(fake, tmp_path, spellings):
    """Spellings that fold alike are one name, counted together and shown as the most used. The cluster read
    the top 2 x N raw spellings and merged those: 'searchidx facets --top 3 source' showed Fixture Wire 6,
    Wire 6, Daily 4 where the local index shows Wire 7, Fixture Wire 6, Daily 5 (WIRE and daily were past the
    values read), and the three spellings of Post (3 together) were never seen."""
    with searchidx.open_index(tmp_path / "local") as local, open_cluster(fake, tmp_path) as idx:
        local.update([spellings])
        idx.update([spellings])
        for top in (1, 2, 3, 6):
            assert idx.facets(("source",), top=top) == local.facets(("source",), top=top), top
            assert idx.timeline(by="month", split="source", top=top).series == \
                local.timeline(by="month", split="source", top=top).series, top
        assert [(f.value, f.count) for f in idx.facets(("source",), top=3)["source"]] == [
            ("Wire", 7), ("Fixture Wire", 6), ("Daily", 5)]
        # POST, Post and post are each rarer than the ten spellings read with five names: read apart
        assert idx.facets(("source",), top=5)["source"][-1] == local.facets(("source",), top=5)["source"][-1] == \
            FacetCount("POST", 3)
    assert fake.problems == []


def test_an_index_of_another_template_version_is_refused_with_the_command_that_rebuilds_it(fake, tmp_path,
                                                                                       corpus_copy):
    """TEMPLATE_VERSION is bumped when the analysis changes (4: 'AT&T' one word), but nothing read it: an index
    made by an older searchidx was searched with terms of the new analysis ('"AT&T shares"~2' asks span terms
    'at&t' of an index holding 'at' and 't': no hit, nothing said) and written into, mixing the two. The local
    engine refuses an index of another format; the cluster engine now does the same, for searches and runs."""
    from searchidx.errors import IndexVersionError
    from searchidx.opensearch.template import TEMPLATE_VERSION

    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
    fake.mapping["_meta"]["searchidx_template"] = TEMPLATE_VERSION - 1
    bulks = fake.kinds["_bulk"]
    message = (f"index 'searchidx' at {fake.url}: template version {TEMPLATE_VERSION - 1} is not the one this "
               f"searchidx writes and reads ({TEMPLATE_VERSION}); rebuild it with: searchidx index --backend "
               "opensearch --rebuild CORPUS")
    with open_cluster(fake, tmp_path) as idx:
        with pytest.raises(IndexVersionError) as searched:
            idx.search("referendum")
        (corpus_copy / "new.txt").write_text("title: New\n\nA new article.\n", encoding="utf-8")
        with pytest.raises(IndexVersionError) as indexed:
            idx.update([corpus_copy])
        assert str(searched.value) == str(indexed.value) == message
        assert fake.kinds["_bulk"] == bulks  # nothing written into it
        check = idx.check(files=False)
        assert not check.ok and check.problems == [message]  # check said nothing was wrong
        report = idx.update([corpus_copy], rebuild=True)
        assert report.added == 18 and idx.search("referendum").total >= 0
    assert fake.mapping["_meta"]["searchidx_template"] == TEMPLATE_VERSION and fake.problems == []


def test_check_on_a_cluster_reports_its_files_and_a_red_health(fake, tmp_path, corpus_copy):
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        report = idx.check(files=True)
        assert report.ok and (report.files, report.articles) == (11, 17)
        fake.health = "red"
        assert idx.check(files=False).problems == ["searchidx: cluster health is red (a primary shard is unassigned)"]
    assert fake.problems == []


def test_two_first_runs_started_together_both_write_into_the_index_one_of_them_created(fake, tmp_path, corpus_copy):
    """Runs over different folders may write into one index at once (scale-out.md). Started together on a new
    index, both saw no index and asked to create it; the second was refused ('create index: the cluster refused
    the request (400 resource_already_exists_exception: ...)') and stopped without writing anything."""
    fake.create_race = True
    with open_cluster(fake, tmp_path) as idx:
        report = idx.update([corpus_copy])
    assert report.failed == [] and report.added == 17 and len(fake.docs) == 17 and fake.problems == []


def test_a_header_field_another_run_added_is_searchable_without_reopening(fake, tmp_path, corpus_copy):
    """The meta_* fields an index holds were read from its mapping once per open index: a web server or a library
    user with the index open while another run indexed files with a new header key ('desk:') got "unknown field
    'desk'" until restarted. A field not known is now looked up in the mapping again before it is an error."""
    with open_cluster(fake, tmp_path) as idx:
        idx.update([corpus_copy])
        idx.search("referendum")  # the mapping is read
        with pytest.raises(SearchidxError, match="unknown field 'desk'"):
            idx.search("desk:energy")
        # another run's article with a 'desk' header key: the cluster's dynamic template maps meta_desk
        fake.mapping["properties"]["meta_desk"] = {"type": "text", "analyzer": "news_plain"}
        assert idx.search("desk:energy").total == 0  # searched (the fake answers no hit), not refused
    assert fake.problems == []


def test_an_excluded_value_leaves_out_whole_stories_on_a_cluster_as_locally(fake, tmp_path, story_corpus):  # noqa: F811
    """One hit per story, 'million -source:"Wire B"' leaves out the story a Wire B copy is of (as the local
    engine does, tests/test_stories.py): the cluster is asked which stories have such a copy (a composite
    aggregation) and the search leaves their copies out; listing articles, only the Wire B copy goes."""
    with open_cluster(fake, tmp_path) as idx:
        idx.update([story_corpus])
        fake.search_response = {"took": 1, "timed_out": False, "hits": {"total": {"value": 0, "relation": "eq"},
                                                                        "hits": []},
                                "aggregations": {"stories": {"value": 0}}}
        idx.search('million -source:"Wire B"', collapse="story")
        collapsed = [body for kind, body in fake.bodies if kind == "_search"][-1]
        idx.search('million -source:"Wire B"')
        listed = [body for kind, body in fake.bodies if kind == "_search"][-1]
    with searchidx.open_index(tmp_path / "local") as local:
        local.update([story_corpus])
        story = local.story("b-rewrapped.txt").id
    assert fake.problems == []
    left_out = {"bool": {"must_not": [{"terms": {"story_id": [story]}}]}}
    assert json.dumps(left_out["bool"]["must_not"]) in json.dumps(collapsed["query"])
    assert "story_id" not in json.dumps(listed["query"])
