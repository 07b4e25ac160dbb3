"""The entity-analytics views of `searchidx serve` (network, trending, association) over HTTP, on the analytics
fixture whose answers are known by construction (tests/fixtures/analytics/README.md), plus two articles of
June 2023 (outside the fixture's months) naming a person and an organisation whose names are markup."""

import json
import re
import shutil
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from webserver import Server

import searchidx
from searchidx.cli import cli

pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")

EVIL_PERSON = "<script>window.pwned=1</script>Evil"
EVIL_ORG = '<img src=x onerror="window.pwned=1"> & Co'
HOSTILE = "".join(json.dumps({"id": f"h{i}", "title": "hostile names", "date": f"2023-06-2{i + 1}", "body": "a note.",
                              "source": "Fixture Desk", "people": f"{EVIL_PERSON}, Ever Where",
                              "orgs": EVIL_ORG}) + "\n" for i in range(2))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("web-analytics")
    corpus = base / "corpus"
    shutil.copytree(FIXTURES / "analytics", corpus)
    (corpus / "hostile.jsonl").write_text(HOSTILE, encoding="utf-8")
    index = base / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert report.added == 62 and not report.failed
    server = Server(index)
    yield server, index
    errors = server.stop()
    assert "Traceback" not in errors, errors


def cli_json(index, *args):
    result = CliRunner().invoke(cli, [*args, "--index", str(index), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def rows(html: str, table_class: str) -> list[list[str]]:
    """The cells' text of a table's body rows (tags taken out, entities as written)."""
    body = re.search(rf'<table class="[^"]*\b{table_class}\b.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, table_class
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]


# --- the JSON API: what the CLI prints with --format json ---

def test_api_network_trending_and_association_are_the_cli_json(site):
    server, index = site
    net = server.get("/api/network?" + urlencode({"person": "Tomas Target", "top": "3"}))
    assert net.status == 200 and net.headers["content-type"].startswith("application/json")
    assert net.json() == cli_json(index, "network", "--person", "Tomas Target", "--top", "3")
    # known by construction: Tomas Target's 10 articles all name Ever Where, 8 name Penny Planted
    assert {n["label"]: n["articles"] for n in net.json()["nodes"]} == {
        "Ever Where": 10, "Tomas Target": 10, "Penny Planted": 8}
    assert {frozenset((e["source"], e["target"])): e["weight"] for e in net.json()["links"]} == {
        frozenset(("person:Ever Where", "person:Tomas Target")): 10,
        frozenset(("person:Ever Where", "person:Penny Planted")): 8,
        frozenset(("person:Tomas Target", "person:Penny Planted")): 8}

    trend = server.get("/api/trending?since=2024-03-01&until=2024-03-31&type=org")
    assert trend.json() == cli_json(index, "trending", "--since", "2024-03-01", "--until", "2024-03-31",
                                    "--type", "org")
    assert trend.json()["names"][0]["name"] == "Rising Star"

    assoc = server.get("/api/entities?" + urlencode({"person": "Tomas Target", "rank": "association"}))
    assert assoc.json() == cli_json(index, "entities", "--person", "Tomas Target", "--rank", "association")
    assert [a["name"] for a in assoc.json()["names"]][:2] == ["Penny Planted", "Ever Where"]
    # the count ranking is unchanged without rank
    assert server.get("/api/entities?type=person&top=2").json() == cli_json(index, "entities", "--type", "person",
                                                                            "--top", "2")


def test_api_analytics_options_are_checked(site):
    server, _ = site
    assert server.get("/api/network?min_articles=0").json()["error"] == \
        "min_articles must be from 1 to 1000000000, not 0"
    assert server.get("/api/entities?rank=loudest").json()["error"] == \
        "rank must be one of count, association, not 'loudest'"
    missing = server.get("/api/trending?type=org")
    assert missing.status == 400 and missing.json()["error"].startswith("trending needs a period")
    assert server.get("/api/network?colour=red").json()["error"].startswith("unknown parameter 'colour'")


# --- the pages ---

def test_network_page_draws_the_names_and_links_of_the_search(site):
    server, _ = site
    page = server.get("/network?" + urlencode({"person": "Tomas Target", "top": "3"}))
    assert page.status == 200
    svg = re.search(r'<svg class="chart network".*?</svg>', page.body, re.S).group(0)
    assert svg.count('<circle class="node person"') == 3 and svg.count('<line class="edge') == 3
    # each dot links to the search for its name, within this search (both names: match=all)
    assert 'href="/?person=Tomas+Target&amp;person=Penny+Planted&amp;match=all"' in svg
    assert "<title>Penny Planted (person): 8 articles</title>" in svg
    assert sorted(rows(page.body, "nodes")) == [["Ever Where", "person", "10"], ["Penny Planted", "person", "8"],
                                                ["Tomas Target", "person", "10"]]
    links = {(a, b): (n, score) for a, b, n, score in rows(page.body, "edges")}
    assert {frozenset(k): v[0] for k, v in links.items()} == {
        frozenset(("Ever Where", "Tomas Target")): "10", frozenset(("Ever Where", "Penny Planted")): "8",
        frozenset(("Tomas Target", "Penny Planted")): "8"}
    # the form keeps the search; --top and --min-articles are its fields
    assert 'name="top" type="number" min="1" max="200" value="3"' in page.body
    assert '<input type="hidden" name="person" value="Tomas Target">' in page.body
    assert 'aria-label="Remove filter person: Tomas Target"' in page.body
    # the same drawing every time (a seeded layout)
    assert re.search(r'<svg class="chart network".*?</svg>', server.get("/network?" + urlencode(
        {"person": "Tomas Target", "top": "3"})).body, re.S).group(0) == svg


def test_network_page_filters_narrow_it(site):
    server, _ = site
    everything = server.get("/network?type=person&min_articles=2")
    names = [r[0] for r in rows(everything.body, "nodes")]
    assert names[:4] == ["Ever Where", "Penny Planted", "Tomas Target", "Tiny Blip"]
    assert "Names of 62 matching articles" in everything.body
    march = server.get("/network?" + urlencode({"type": "person", "min_articles": "2", "person": "Tomas Target",
                                                "since": "2024-03", "until": "2024-03"}))
    # Tomas Target's March articles: a42, a48, a54; Penny Planted is in a42 only (under 2), Tiny Blip in a54
    assert "Names of 3 matching articles" in march.body
    assert [r[0] for r in rows(march.body, "nodes")] == ["Ever Where", "Tomas Target"]
    orgs = server.get("/network?type=org&min_articles=1&q=" + urlencode({"": "title:hostile"})[1:])
    assert "Names of 2 matching articles" in orgs.body and len(rows(orgs.body, "nodes")) == 1
    excluded = server.get("/network?" + urlencode({"type": "person", "not_person": "Tomas Target"}))
    assert "Tomas Target" not in [r[0] for r in rows(excluded.body, "nodes")]
    bad = server.get("/network?min_articles=none")
    assert bad.status == 400 and "min_articles must be a whole number, not &#39;none&#39;" in bad.body
    assert server.get("/network?top=500").status == 400  # the page draws at most 200 names
    nothing = server.get("/network?q=nowhere")
    assert nothing.status == 200 and "No name is in at least 2 matching articles." in nothing.body


def test_association_and_trending_pages(site):
    server, _ = site
    assoc = server.get("/entities?" + urlencode({"person": "Tomas Target", "rank": "association"}))
    assert assoc.status == 200
    table = rows(assoc.body, "association")
    first = server.get("/api/entities?" + urlencode({"person": "Tomas Target", "rank": "association"})).json()
    assert table[0][:4] == ["Penny Planted", "person", "8", "10"]
    assert table[0][-1] == f"{first['names'][0]['score']:.2f}" and len(table) == len(first["names"])
    link = "/?person=Tomas+Target&person=Penny+Planted&match=all"
    assert f'href="{link.replace("&", "&amp;")}"' in assoc.body
    # the link gives the matches the row counted (it gave either name: 10 and more)
    assert re.search(r'data-total="(\d+)"', server.get(link).body).group(1) == "8"
    assert 'value="association" checked' in assoc.body
    counted = server.get("/entities?" + urlencode({"person": "Tomas Target"}))
    assert 'href="/entities?person=Tomas+Target&amp;rank=association"' in counted.body
    assert 'href="/network?person=Tomas+Target"' in counted.body

    trend = server.get("/trending?since=2024-03-01&until=2024-03-31&type=org")
    assert trend.status == 200
    assert "2024-03-01..2024-03-31 (20 articles) against 2024-02-01..2024-02-29 (20)" in trend.body
    assert rows(trend.body, "trending")[0] == ["Rising Star", "organisation", "12", "60.0%", "4", "20.0%", "×3.0",
                                               "6.90"]
    assert "Steady State" not in trend.body
    form = server.get("/trending")
    assert form.status == 200 and "Choose a period" in form.body and 'class="error"' not in form.body
    bad = server.get("/trending?since=2024-03&baseline=2024-01..")
    assert bad.status == 400 and "needs both ends" in bad.body


def test_the_network_and_trending_pages_count_one_as_one(site):
    """The network page of one match read 'Names of 1 matching articles: 1 names, 0 links' and trending's
    header '(1 articles)', where the CLI says '1 matching article', '1 name' (d5318c6, aeb5d08)."""
    server, index = site
    with searchidx.open_index(index) as idx:
        hit = idx.search("title:hostile", limit=1).hits[0]
    one = {"q": f'id:"{hit.id}"', "type": "org", "min_articles": "1"}
    assert "Names of 1 matching article for “" in server.get("/network?" + urlencode(one)).body
    assert ": 1 name, 0 links</h1>" in server.get("/network?" + urlencode(one)).body
    day = hit.date[:10]
    trend = server.get("/trending?" + urlencode({"q": f'id:"{hit.id}"', "since": day, "until": day}))
    assert "(1 article) against" in trend.body


def test_views_are_linked_and_keep_the_search(site):
    server, _ = site
    page = server.get("/?" + urlencode({"q": "note", "person": "Tomas Target", "since": "2024-02"}))
    for view in ("/network", "/trending", "/entities", "/timeline"):
        assert f'href="{view}?q=note&amp;person=Tomas+Target&amp;since=2024-02"' in page.body, view
    network = server.get("/network?" + urlencode({"person": "Tomas Target", "top": "3", "min_articles": "4"}))
    assert 'href="/?person=Tomas+Target"' in network.body  # back to the search: the view's options dropped
    assert 'href="/api/network?person=Tomas+Target&amp;top=3&amp;min_articles=4"' in network.body


def test_hostile_names_are_text(site):
    server, _ = site
    pages = [server.get("/network?min_articles=2"), server.get("/network?" + urlencode({"q": "hostile"})),
             server.get("/entities?" + urlencode({"person": "Ever Where", "rank": "association", "min_count": "1"})),
             server.get("/trending?since=2023-06-21&until=2023-06-22&baseline=2024-01..2024-03&min_count=1")]
    for page in pages:
        assert page.status == 200
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;Evil" in page.body
        assert "&lt;img src=x onerror=&#34;window.pwned=1&#34;&gt; &amp; Co" in page.body
        assert re.findall(r"<script\b[^>]*>", page.body) == ['<script src="/static/app.js" defer>']
        assert not re.findall(r"<img\b", page.body)
    # and the API gives the names as they are
    names = {n["label"] for n in server.get("/api/network?q=hostile").json()["nodes"]}
    assert {EVIL_PERSON, EVIL_ORG} <= names
    assert server.get("/network").headers["content-security-policy"].startswith("default-src 'none'")
