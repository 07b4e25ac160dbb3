"""An article with a URL and no source is from the URL's site: ``https://en.wikinews.org/wiki/...`` ->
``wikinews.org`` (the host's registered domain). The Wikinews CSV exports (url, date, title, text) had no
source at all, so ``--source`` could not pick them and the source facet did not count them. Derived once,
where every reader's articles pass, so each format and both engines see it."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearch_fake import FakeCluster
from test_opensearch_contract import open_cluster

import searchidx
from searchidx.cli import cli
from searchidx.ingest.normalize import site_of
from searchidx.ingest.readers import read

SOURCES = Path(__file__).parent / "fixtures" / "sources"


@pytest.mark.parametrize("url, site", [
    ("https://en.wikinews.org//wiki/Harbour_flood_closes_port", "wikinews.org"),
    ("https://News.BBC.co.uk/business/harbour", "bbc.co.uk"),  # a two-part public suffix, any case
    ("http://www.example.com:8080/a", "example.com"),
    ("en.wikinews.org/wiki/x", "wikinews.org"),  # no scheme written
    ("https://someone.github.io/post", "someone.github.io"),  # a site of its own under a shared host
    ("http://192.168.0.1/page", ""),  # no site to name
    ("http://localhost/page", ""),
    ("file:///home/me/page.html", ""),
    ("mailto:desk@example.com", ""),
    ("not a url", ""),
    ("http://[", ""),
])
def test_the_site_of_a_url(url, site):
    assert site_of(url) == site


def test_every_reader_gives_the_site_as_the_source_when_none_is_written():
    rows = read(SOURCES / "wikinews_sample.csv", "wikinews_sample.csv")
    assert [a.source for a in rows] == ["wikinews.org", "wikinews.org", ""]  # the third row has no URL
    feed = read(SOURCES / "feed.jsonl", "feed.jsonl")
    assert [a.source for a in feed] == ["bbc.co.uk", "Coast Courier"]  # a written source is kept
    (note,) = read(SOURCES / "harbour-note.txt", "harbour-note.txt")
    assert note.source == "someone.github.io"


@pytest.fixture
def corpus(tmp_path):
    return Path(shutil.copytree(SOURCES, tmp_path / "sources"))


def test_source_filters_and_facets_see_it(tmp_path, corpus):
    index = tmp_path / "index"
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
        found = idx.search("harbour", source=["wikinews.org"], facets=["source"], limit=10)
        assert sorted(h.id for h in found.hits) == ["wikinews_sample.csv#1", "wikinews_sample.csv#2"]
        everything = idx.search("harbour", facets=["source"], limit=0)
        counts = {f.value: f.count for f in everything.facets["source"]}
        assert counts == {"wikinews.org": 2, "bbc.co.uk": 1, "Coast Courier": 1, "someone.github.io": 1}
        assert not idx.search("harbour", source=["Wikinews.org"]).warnings  # any case, as for any source
    result = CliRunner().invoke(cli, ["search", "harbour", "--source", "bbc.co.uk", "--format", "json",
                                      "--index", str(index)])
    assert [h["source"] for h in json.loads(result.stdout)["hits"]] == ["bbc.co.uk"]


def test_the_cluster_engine_is_sent_the_same_source(tmp_path, corpus):
    fake = FakeCluster().start()
    try:
        with open_cluster(fake, tmp_path) as idx:
            idx.update([corpus])
        assert fake.problems == []
        assert fake.docs["wikinews_sample.csv#1"]["source"] == "wikinews.org"
        assert fake.docs["feed-2"]["source"] == "Coast Courier"
    finally:
        fake.stop()
