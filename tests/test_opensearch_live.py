"""The same query suite on a real cluster and on the local index: the hit sets must be the same.

Runs when SEARCHIDX_OPENSEARCH_URL names a cluster (credentials, if any, in SEARCHIDX_OPENSEARCH_USER
and SEARCHIDX_OPENSEARCH_PASSWORD); each run writes the fixture corpus into a fresh index named
``searchidx-test-<random>`` and deletes it afterwards. Without the variable the tests are skipped,
saying so.
"""

import os
import uuid

import pytest

from searchidx.api import Index
from searchidx.config import load_settings
from searchidx.search.query import Query

URL = os.environ.get("SEARCHIDX_OPENSEARCH_URL")
pytestmark = pytest.mark.skipif(not URL, reason="SEARCHIDX_OPENSEARCH_URL is not set: no cluster to test against")

# Query shapes whose matches the two engines define alike (the differences are listed in docs/scale-out.md)
SUITE = [
    Query(q="referendum"),
    Query(q="referendums vote"),
    Query(q="referendum kremlin vote"),  # three words: any of them
    Query(q='"partial mobilisation"'),
    Query(q="kyiv OR kiev"),
    Query(q="referendum -kremlin"),
    Query(q="(energy OR power) AND NOT bank"),
    Query(q="title:referendum"),
    Query(q="referend*"),
    Query(q="russia", person=("Putin",)),
    Query(person=("Vladimir Putin",), place=("Ukraine",), match="all"),
    Query(place=("kyiv",)),
    Query(q="referendum -person:Putin"),
    Query(source=("Daily Fixture",)),
    Query(q="date:2022-09"),
    Query(q="date:[2021-01 TO 2022-06]"),
    Query(since="2022", until="2022-12-31"),
    Query(q="year:2021"),
    Query(kind=("article",), lang=("en",)),
]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(local Index, cluster Index) over the same copy of the fixture corpus."""
    from conftest import copy_corpus

    base = tmp_path_factory.mktemp("live")
    corpus = copy_corpus(base / "corpus")
    local = Index(base / "index", load_settings(index=str(base / "index")))
    local.update([corpus])
    settings = load_settings(backend="opensearch", url=URL).with_overrides(
        opensearch_index=f"searchidx-test-{uuid.uuid4().hex[:8]}", opensearch_replicas=0)
    if os.environ.get("SEARCHIDX_OPENSEARCH_INSECURE"):
        settings = settings.with_overrides(opensearch_verify_certs=False)
    cluster = Index(base / "unused", settings)
    report = cluster.update([corpus])
    assert not report.failed, report.failed
    yield local, cluster
    engine = cluster.engine
    engine.cluster.client.indices.delete(index=settings.opensearch_index)
    cluster.close()
    local.close()


@pytest.mark.parametrize("query", SUITE, ids=[str(q.to_dict()) for q in SUITE])
def test_the_cluster_finds_what_the_local_index_finds(both, query):
    local, cluster = both
    assert set(cluster.match_ids(query)) == set(local.match_ids(query))
    assert cluster.search(query).total == local.search(query).total


def test_facet_counts_are_the_same(both):
    local, cluster = both
    names = ("person", "place", "org", "source", "year", "month")
    assert cluster.facets(names, top=50) == local.facets(names, top=50)


def test_timelines_are_the_same(both):
    local, cluster = both
    for by in ("month", "year"):
        assert cluster.timeline(by=by).to_dict() == local.timeline(by=by).to_dict()
    assert cluster.timeline(by="year", split="person", top=3).series == local.timeline(by="year", split="person",
                                                                                      top=3).series


def test_stories_and_collapse_are_the_same(both):
    local, cluster = both
    article = "2022-09-20-kremlin-referendums.md"
    assert cluster.story(article).to_dict() == local.story(article).to_dict()
    q = Query(q="referendum", collapse="story")
    assert {h.id for h in cluster.search(q).hits} == {h.id for h in local.search(q).hits}
    assert cluster.search(q).total == local.search(q).total


def test_stats_and_records_are_the_same(both):
    local, cluster = both
    ours, theirs = cluster.stats(), local.stats()
    assert (ours.articles, ours.files, ours.undated, ours.earliest, ours.latest) == (
        theirs.articles, theirs.files, theirs.undated, theirs.earliest, theirs.latest)
    assert cluster.get("wire.jsonl#2") == local.get("wire.jsonl#2")
