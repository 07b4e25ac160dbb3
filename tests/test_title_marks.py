"""The words a search matched are marked in the title shown, as in the snippet: an article found by its
title alone showed its lead with nothing marked, so nothing said why it matched. Checked in the
library (``Hit.title_highlights``, ``Hit.marked_title``), the table and JSON formats, the web page and
the cluster engine (its highlight request, and a hand-made response of the shape OpenSearch documents)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from opensearch_fake import FakeCluster
from test_opensearch_contract import open_cluster

import searchidx
from searchidx.cli import cli
from searchidx.web import markup

RESPONSES = Path(__file__).parent / "fixtures" / "opensearch" / "responses"
TITLE = "Harbour flood closes port"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    base = tmp_path_factory.mktemp("titles")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "harbour.md").write_text(f"---\ntitle: {TITLE}\ndate: 2019-01-04\n---\n\nA storm surge closed the "
                                       "port on Friday, officials said. Ships waited offshore.\n", encoding="utf-8")
    (corpus / "floods.md").write_text("---\ntitle: Rain warning for the coast\ndate: 2019-01-05\n---\n\nMore "
                                      "floods are feared along the coast after the harbour flood.\n", encoding="utf-8")
    with searchidx.open_index(base / "index") as idx:
        idx.update([corpus])
    return base / "index"


def hit_of(index, query, article="harbour.md"):
    with searchidx.open_index(index) as idx:
        return next(h for h in idx.search(query, limit=10).hits if h.id == article)


@pytest.mark.parametrize("query, marked", [
    ("flood", "Harbour **flood** closes port"),  # in the title only: the snippet is the lead, unmarked
    ("floods", "Harbour **flood** closes port"),  # the title's word of the same stem, as the index matched it
    ('"harbour flood"', "**Harbour** **flood** closes port"),
    ("title:port", "Harbour flood closes **port**"),
    ("harb*", "**Harbour** flood closes port"),
])
def test_the_matched_words_of_a_title_are_marked(index, query, marked):
    hit = hit_of(index, query)
    assert hit.marked_title() == marked
    assert hit.to_dict()["title_highlights"] == [list(span) for span in hit.title_highlights]


def test_a_title_only_match_marks_its_title_not_its_lead(index):
    hit = hit_of(index, "flood")
    assert hit.highlights == [] and hit.snippet.startswith("A storm surge closed the port")
    assert [hit.title[a:b] for a, b in hit.title_highlights] == ["flood"]
    assert hit_of(index, "storm").title_highlights == []  # a body match leaves the title as it is


@pytest.mark.parametrize("query, body, title", [
    ("title:port", [], ["port"]),  # the body's "port" was marked too, as if it had matched there
    ("body:port", ["port"], []),
    ('title:"closes port"', [], ["closes", "port"]),
    ("title:por*", [], ["port"]),
    ("port", ["port"], ["port"]),  # a word of both fields: marked in both, as before
])
def test_a_word_searched_in_one_field_is_marked_in_that_field_only(index, query, body, title):
    """'searchidx search title:port' marked 'port' in the snippet of the body, which the search had not
    looked at, and 'body:port' the title's: the marks said a field matched that had not."""
    hit = hit_of(index, query)
    assert [hit.snippet[a:b] for a, b in hit.highlights] == body
    assert [hit.title[a:b] for a, b in hit.title_highlights] == title


def test_table_json_and_web_show_the_marks(index):
    table = CliRunner().invoke(cli, ["search", "flood", "--index", str(index)])
    assert "  1. Harbour **flood** closes port\n" in table.stdout or "  2. Harbour **flood** closes port\n" in \
        table.stdout
    data = json.loads(CliRunner().invoke(cli, ["search", "flood", "--format", "json", "--index", str(index)]).stdout)
    hit = next(h for h in data["hits"] if h["id"] == "harbour.md")
    assert hit["title"] == TITLE and hit["title_highlights"] == [[8, 13]]
    assert str(markup.title(hit_of(index, "flood"))) == "Harbour <mark>flood</mark> closes port"


def test_the_web_page_escapes_the_title_around_its_marks():
    from searchidx.search.results import Hit

    hit = Hit(id="x", score=1.0, title="<b>flood</b> & more", date=None, source="", path="x", snippet="",
              entities={}, title_highlights=[(3, 8)])
    assert str(markup.title(hit)) == "&lt;b&gt;<mark>flood</mark>&lt;/b&gt; &amp; more"
    assert str(markup.title(Hit(id="a&b", score=None, title="", date=None, source="", path="x", snippet="",
                                entities={}))) == "a&amp;b"


def test_the_cluster_engine_reads_the_title_marks(tmp_path):
    fake = FakeCluster().start()
    try:
        with open_cluster(fake, tmp_path) as idx:
            idx.update([Path(__file__).parent / "fixtures" / "corpus"])
            fake.search_response = json.loads((RESPONSES / "search_title_match.json").read_text(encoding="utf-8"))
            results = idx.search("flood")
        assert fake.problems == []
        sent = [body for kind, body in fake.bodies if kind == "_search"][-1]
        assert sent["highlight"]["fields"]["title"] == {"number_of_fragments": 0}
        first, second = results.hits
        assert first.marked_title() == "Harbour **flood** closes port" and first.highlights == []
        assert second.title_highlights == []  # marks around another text than the stored title are not used
    finally:
        fake.stop()
