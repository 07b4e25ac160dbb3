"""`searchidx serve` over HTTP: a real server process on a loopback port, asked as a browser or a script would."""

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from click.testing import CliRunner
from webserver import Server, build_site

import searchidx
from searchidx.cli import cli

pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    index, corpus, queries = build_site(tmp_path_factory.mktemp("web"))
    server = Server(index, queries)
    yield server, index, corpus, queries
    errors = server.stop()
    assert "Traceback" not in errors, errors


def files_of(index: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in index.iterdir()}


# --- the JSON API is the library ------------------------------------------------------------------

def test_api_search_is_the_library_result(site):
    server, index, _, _ = site
    reply = server.get("/api/search?" + urlencode([("q", "referendum"), ("place", "Ukraine"), ("facets", "person"),
                                                  ("facets", "year"), ("sort", "newest"), ("limit", "2")]))
    assert reply.status == 200 and reply.headers["content-type"].startswith("application/json")
    with searchidx.open_index(index) as idx:
        expected = idx.search("referendum", place=["Ukraine"], facets=["person", "year"], sort="newest", limit=2)
    assert reply.json() == expected.to_dict()
    assert reply.json()["total"] == 4 and len(reply.json()["hits"]) == 2


def test_api_paging_and_story_collapse(site):
    server, *_ = site
    page2 = server.get("/api/search?limit=5&page=2&sort=oldest").json()
    page1 = server.get("/api/search?limit=5&page=1&sort=oldest").json()
    assert page2["page"] == 2 and not {h["id"] for h in page1["hits"]} & {h["id"] for h in page2["hits"]}
    collapsed = server.get("/api/search?q=referendum&collapse=story").json()
    assert collapsed["total"] < server.get("/api/search?q=referendum").json()["total"]
    assert all("story" in h for h in collapsed["hits"])


def test_the_search_page_counts_as_its_pages_list(site):
    """With stories counted and articles listed (count=stories) the page said '1–5 of 2 stories' above pages
    of articles (the CLI: '1-5 of 11 articles (8 stories)'), and one story read '1 storie'."""
    server, index, _, _ = site
    with searchidx.open_index(index) as idx:
        counted = idx.search("referendum", count="stories", limit=0)
        one = idx.search("id:ex-2022-0921-002", collapse="story", limit=0)
    assert counted.total < counted.articles and one.total == 1
    page = " ".join(server.get("/?" + urlencode({"q": "referendum", "count": "stories", "limit": "5"})).body.split())
    assert f"1–5 of {counted.articles} articles ({counted.total} stories) for" in page
    one = " ".join(server.get("/?" + urlencode({"q": "id:ex-2022-0921-002", "collapse": "story"})).body.split())
    assert "> 1 story for" in one


def test_api_similar_is_narrowed_by_q_as_the_library_is(site):
    """/api/similar dropped q= without a word: the page listed articles that do not have the words."""
    server, index, _, _ = site
    reply = server.get("/api/similar/ex-2022-0921-002?q=referendum&limit=20").json()
    with searchidx.open_index(index) as idx:
        assert reply == idx.similar("ex-2022-0921-002", limit=20, q="referendum").to_dict()
        every = idx.similar("ex-2022-0921-002", limit=20).total
    assert 0 < reply["total"] < every


def test_search_limit_0_in_the_settings_is_honoured_as_by_the_cli(site, tmp_path):
    """search.limit: 0 gave 10 hits on the page and from the API (the CLI lists none: counts and facets)."""
    _, index, _, _ = site
    config = tmp_path / "searchidx.yaml"
    config.write_text("search:\n  limit: 0\n", encoding="utf-8")
    server = Server(index, None, "--config", str(config))
    try:
        api = server.get("/api/search?q=referendum").json()
        page = server.get("/?q=referendum")
    finally:
        assert "Traceback" not in server.stop()
    cli_out = CliRunner().invoke(cli, ["search", "referendum", "--config", str(config), "--index", str(index),
                                       "--format", "json"]).stdout
    assert api == json.loads(cli_out) and api["hits"] == [] and api["total"] > 0
    assert page.status == 200 and "(counted only: limit 0)" in page.body and '<li class="hit">' not in page.body


def test_api_other_endpoints_mirror_the_cli_json(site):
    server, index, _, _ = site
    runner = CliRunner()

    def cli_json(*args):
        result = runner.invoke(cli, [*args, "--index", str(index), "--format", "json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert server.get("/api/timeline?q=referendum&by=day").json() == cli_json("timeline", "referendum", "--by", "day")
    assert server.get("/api/entities?type=person&top=3").json() == cli_json("entities", "--type", "person",
                                                                            "--top", "3")
    assert server.get("/api/facets?facets=source&facet_limit=2").json() == cli_json("facets", "--facet", "source",
                                                                                  "--top", "2")
    assert server.get("/api/story/ex-2022-0921-002").json() == cli_json("story", "ex-2022-0921-002")
    assert server.get("/api/similar/ex-2022-0921-002?limit=3").json() == cli_json("similar", "ex-2022-0921-002",
                                                                                 "--limit", "3")
    article = server.get("/api/article/ex-2022-0921-002").json()
    mentions = article.pop("mentions")
    assert article == cli_json("show", "ex-2022-0921-002")
    putin = [m for m in mentions if m["name"] == "Vladimir Putin"]
    assert putin and article["text"][putin[0]["start"]:putin[0]["end"]] in ("Vladimir Putin", "Putin")


def test_api_stats_takes_top_and_the_addresses_without_a_query_refuse_other_parameters(site):
    """/api/stats?top=2 answered with the top 5 of each facet ('searchidx stats --top 2' gives 2), and
    /api/stats, /api/story/ID and /api/article/ID answered any parameter (a slip such as limt=2 or a filter,
    person=X, that they do not apply) as if it were not there, where every other address names it."""
    server, index, _, _ = site
    printed = CliRunner().invoke(cli, ["stats", "--top", "2", "--index", str(index), "--format", "json"]).output
    stats = server.get("/api/stats?top=2").json()
    assert stats == json.loads(printed) and {len(v) for v in stats["top"].values()} == {2}
    for address, known in (("/api/stats?limit=2", "known: top"), ("/api/story/ex-2022-0921-002?person=X",
                           "this address takes none"), ("/api/article/ex-2022-0921-002?limt=2", "this address "
                                                                                              "takes none")):
        reply = server.get(address)
        assert reply.status == 400 and reply.json()["error"].startswith("unknown parameter ") and known in (
            reply.json()["error"]), address
    assert server.get("/api/stats?top=0").json()["error"] == "top must be from 1 to 100000, not 0"


def test_a_timeline_is_titled_with_its_filters(site):
    """The Timeline page of one person's articles was headed 'All articles: articles per year'."""
    server, *_ = site
    page = server.get("/timeline?" + urlencode({"person": "Vladimir Putin", "by": "year", "since": "2022"}))
    assert "<h1>person Vladimir Putin, since 2022: articles per year</h1>" in page.body
    assert "<h1>All articles: articles per year</h1>" in server.get("/timeline?by=year").body


def test_api_excluding_a_value_is_the_query_syntax_exclusion(site):
    server, *_ = site
    everything = server.get("/api/search?q=referendum").json()["total"]
    without = server.get("/api/search?" + urlencode({"q": "referendum", "not_person": "Vladimir Putin"})).json()
    typed = server.get("/api/search?" + urlencode({"q": 'referendum -person:"Vladimir Putin"'})).json()
    assert without["total"] == typed["total"] < everything
    assert all("Vladimir Putin" not in h["entities"].get("person", []) for h in without["hits"])


def test_api_errors_carry_the_cli_message_and_status(site):
    server, index, _, _ = site
    reply = server.get("/api/search?q=" + quote("(referendum"))
    assert reply.status == 400
    cli_error = CliRunner().invoke(cli, ["search", "(referendum", "--index", str(index)])
    assert cli_error.exit_code == 2
    # the API names its own parameter, literal=1 (it said literal=True, the library's Python argument), the CLI
    # its option; the page says what the API says
    assert f"Error: {reply.json()['error']}".replace("literal=1", "--literal") == cli_error.output.strip()
    assert "or use literal=1, to search" in server.get("/?q=" + quote("(referendum")).body
    assert reply.json()["status"] == 400

    assert server.get("/api/search?since=someday").status == 400
    assert server.get("/api/search?sort=sideways").json()["error"].startswith("sort must be one of")
    assert server.get("/api/search?colour=red").json()["error"].startswith("unknown parameter 'colour'")
    missing = server.get("/api/article/no-such-id")
    assert missing.status == 404 and "no article with id 'no-such-id'" in missing.json()["error"]
    assert server.get("/api/story/no-such-id").status == 404
    assert server.get("/api/nowhere").json() == {"error": "nothing at /api/nowhere", "status": 404}


def test_removing_a_filter_on_a_view_stays_on_that_view(site):
    """A chip's x on the timeline, entities, trending and network pages led to the search page, with the view's
    own options still in the address: '/?by=year' answered 400, unknown parameter 'by'."""
    import html

    server = site[0]
    for view, options in (("/timeline", "by=year"), ("/entities", "rank=association&min_count=1"),
                          ("/trending", "top=3&since=2022-09&until=2022-09"), ("/network", "top=5")):
        page = server.get(f"{view}?place=Ukraine&not_person=Vladimir+Putin&{options}")
        assert page.status == 200, (view, page.body[:300])
        removes = [html.unescape(h) for h in re.findall(r'<a href="([^"]*)" aria-label="Remove filter', page.body)]
        assert len(removes) == 2 + ("since" in options), (view, removes)
        for address in removes:
            assert address.startswith(f"{view}?") and options.split("&")[0] in address, (view, address)
            assert server.get(address).status == 200, address


def test_a_yes_or_no_parameter_that_is_neither_is_refused(site):
    """include_copies=maybe and diff=maybe were read as false: the answer left out what was asked for, and said
    nothing. They are refused as literal=maybe is."""
    server = site[0]
    for path, name in (("/api/similar/ex-2022-0921-002?include_copies=maybe", "include_copies"),
                       ("/api/saved/referendums?diff=maybe", "diff")):
        reply = server.get(path)
        assert (reply.status, reply.json()["error"]) == (400, f"{name} must be true or false, not 'maybe'")
    page = server.get("/saved/referendums?diff=maybe")
    assert page.status == 400 and "diff must be true or false, not &#39;maybe&#39;" in page.body
    assert server.get("/api/similar/ex-2022-0921-002?include_copies=yes").status == 200
    assert server.get("/saved/referendums?diff=0").status == 200


def test_the_matched_words_of_a_title_are_marked_on_the_page(site):
    server, *_ = site
    page = server.get("/?q=glasgow").body
    assert re.search(r'<a class="title" href="[^"]+">Climate summit opens in <mark>Glasgow</mark></a>', page)


def test_ids_with_a_hash_reach_their_article(site):
    server, *_ = site
    assert server.get("/api/article/export.csv%231").json()["id"] == "export.csv#1"
    page = server.get("/?limit=50")  # every article: the links to records of a CSV file encode the '#'
    assert 'href="/article/export.csv%231"' in page.body
    assert server.get("/article/export.csv%231").status == 200


def test_ids_cannot_reach_files(site):
    server, *_ = site
    for path in ("/article/..%2F..%2F..%2Fetc%2Fpasswd", "/api/article/../../../etc/passwd",
                 "/api/article/%2Fetc%2Fpasswd", "/static/..%2F..%2Fapi.py", "/static/../../pyproject.toml"):
        reply = server.get(path)
        assert reply.status == 404, path
        assert "root:" not in reply.body and "import" not in reply.body


def test_overlong_and_pathological_queries_are_refused_with_a_reason(site):
    server, *_ = site
    long_q = server.get("/api/search?q=" + "a" * 5000)
    assert long_q.status == 400 and "5,000 characters long (at most 4,000); shorten it" in long_q.json()["error"]
    nested = server.get("/api/search?q=" + quote("(" * 60 + "kyiv" + ")" * 60))
    assert nested.status == 400 and "invalid query" in nested.json()["error"]
    huge = server.get("/api/search?q=" + "a" * 9000)
    assert huge.status == 414 and "too long" in huge.json()["error"]
    assert server.get("/api").status == 200  # and it still answers


def test_read_only_loopback_and_security_headers(site):
    server, index, _, _ = site
    before = files_of(index)
    for path in ("/", "/?q=referendum&person=Vladimir+Putin", "/saved/referendums?diff=1",
                 "/api/saved/referendums?diff=true", "/timeline", "/entities", "/article/ex-2022-0921-002"):
        assert server.get(path).status == 200, path
    assert server.get("/api/search", method="POST").status == 405
    assert server.get("/api/search", method="DELETE").status == 405
    assert files_of(index) == before  # no file written or touched: not even the saved-query run state
    page = server.get("/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    # a name of another site pointed at 127.0.0.1 (DNS rebinding) is not answered
    assert server.get("/api/search", headers={"Host": "archive.evil.example"}).status == 400
    assert server.get("/api/search", headers={"Host": f"localhost:{server.port}"}).status == 200


def test_hostile_article_markup_is_shown_as_text(site):
    server, *_ = site
    hits = server.get("/api/search?q=hostile").json()["hits"]
    assert len(hits) == 1
    page = server.get(f"/article/{quote(hits[0]['id'], safe='')}")
    listing = server.get("/?q=hostile")
    for html in (page.body, listing.body):
        assert "&lt;script&gt;" in html
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts == ['<script src="/static/app.js" defer>'], scripts
        assert not re.findall(r"<(img|iframe|b)\b", html)  # the article's tags are text, none is an element
        assert 'href="javascript:' not in html
    assert "not a web address: not linked" in page.body


def test_pages_work_without_javascript(site):
    server, *_ = site
    page = server.get("/?" + urlencode({"q": "referendum", "place": "Ukraine", "sort": "newest"}))
    assert page.status == 200
    total = int(re.search(r'data-total="(\d+)"', page.body).group(1))
    assert total == 4
    assert '<mark>referendum</mark>' in page.body or "<mark>referendums</mark>" in page.body
    # the facet links keep the search and add one filter; the chips remove it
    assert 'href="/?q=referendum&amp;place=Ukraine&amp;sort=newest&amp;person=Vladimir+Putin"' in page.body
    assert 'aria-label="Remove filter place: Ukraine"' in page.body
    assert 'aria-label="Exclude person Vladimir Putin"' in page.body
    listing = server.get("/?limit=5")
    assert 'rel="next" href="/?limit=5&amp;page=2"' in listing.body
    second = server.get("/?limit=5&page=2")
    assert '<span aria-current="page">2</span>' in second.body
    bad = server.get("/?q=" + quote("(referendum"))
    assert bad.status == 400 and "this bracket is never closed" in bad.body and 'value="(referendum"' in bad.body


def test_timeline_and_entities_pages(site):
    server, *_ = site
    page = server.get("/timeline?" + urlencode({"q": "referendum OR kyiv", "by": "month", "split": "place"}))
    assert page.status == 200 and page.body.count('<polyline class="line') == 5  # the top 5 places
    assert "<th scope=\"row\">2022-09</th>" in page.body  # and the numbers as a table
    too_many = server.get("/timeline?by=day")  # 1987 to 2022, day by day
    assert too_many.status == 400 and "are too many to draw" in too_many.body
    names = server.get("/entities?" + urlencode({"q": "referendum", "type": "person", "top": "2"}))
    assert names.status == 200 and names.body.count('<th scope="row">') == 2
    assert 'href="/?q=referendum&amp;person=Vladimir+Putin"' in names.body


def test_the_entities_page_of_one_hit_per_story_counts_stories_and_says_so(site):
    """With one hit per story the counts are stories (the facets count them so), but the page said 'Names
    in 3 matching articles' over an 'Articles' column; and one match read '1 matching articles'."""
    server, index, _, _ = site
    with searchidx.open_index(index) as idx:
        stories = idx.search("referendum", collapse="story", limit=0)
        articles = idx.search("referendum", limit=0).total
    assert stories.total < articles
    page = server.get("/entities?" + urlencode({"q": "referendum", "collapse": "story", "type": "person"})).body
    assert f"<h1>Names in {stories.total} matching stories</h1>" in page and '<th scope="col">Stories</th>' in page
    page = server.get("/entities?" + urlencode({"q": "referendum", "type": "person"})).body
    assert f"<h1>Names in {articles} matching articles</h1>" in page and '<th scope="col">Articles</th>' in page
    one = server.get("/entities?" + urlencode({"q": "id:ex-2022-0921-002", "type": "person"})).body
    assert "<h1>Names in 1 matching article</h1>" in one
    assert "Names unusually often in 1 matching article, against all" in server.get(
        "/entities?" + urlencode({"q": "id:ex-2022-0921-002", "rank": "association"})).body


def test_a_record_of_a_multi_article_file_is_located_on_its_page_and_in_its_story(site):
    """The article page of a JSON Lines record said 'File export.jsonl' and a story's copies in JSON gave
    "path": "export.jsonl" alone, where search and show give export.jsonl#2 (or "record": 2): the line
    holding it could not be found from either."""
    server, *_ = site
    page = server.get("/article/ex-2022-0921-002").body
    assert re.search(r"<dt>File</dt><dd><code>[^<]*export\.jsonl#2</code></dd>", page)
    copies = {c["id"]: c for c in server.get("/api/story/ex-2022-0920-001").json()["copies"]}
    assert copies["ex-2022-0920-001"]["record"] == 1
    assert [c for c in copies.values() if "record" not in c]  # a copy of its own file has none, as a hit's JSON


def test_article_page_marks_names_with_links(site):
    server, *_ = site
    page = server.get("/article/ex-2022-0921-002")
    assert page.status == 200
    assert re.search(r'<a class="entity person" href="/\?person=Vladimir\+Putin"[^>]*>(Vladimir )?Putin</a>',
                     page.body)
    assert "(day)" in page.body or "(date and time)" in page.body
    assert "Similar articles" in page.body
    copies = server.get("/article/2022-09-20-kremlin-referendums.html")
    assert "This story's copies (4)" in copies.body and "<strong>this copy</strong>" in copies.body


def test_saved_queries_list_and_run_with_params_and_whats_new(site, tmp_path):
    server, index, corpus, queries = site
    listing = server.get("/api/saved").json()
    assert [q["name"] for q in listing["queries"]] == ["referendums", "kyiv"]
    run = server.get("/api/saved/referendums?set=since=2022-09-21").json()
    with searchidx.open_index(index) as idx:
        expected = idx.search("referendum", since="2022-09-21", facets=["person"])
    assert run["results"] == expected.to_dict() and run["total"] == expected.total
    page = server.get("/saved/referendums?p.since=2019-01-01")
    with searchidx.open_index(index) as idx:
        since_2019 = idx.search("referendum", since="2019-01-01").total
    assert page.status == 200 and f'data-total="{since_2019}"' in page.body and since_2019 > expected.total
    first = server.get("/api/saved/kyiv?diff=true").json()
    assert first["previous_run"] is None and first["new"] == first["total"]
    # a run recorded by the CLI; the browser then shows only what came after it
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(queries), "--name", "kyiv", "--diff", "--index", str(index)]).exit_code == 0
    after = server.get("/api/saved/kyiv?diff=true").json()
    assert after["previous_run"] is not None and after["new"] == 0 and after["results"]["hits"] == []
    assert server.get("/api/saved/nope").status == 404
    assert server.get("/saved/nope").status == 404
    # a set= without a value is named as the address writes it (it said '--set', an option of the CLI)
    assert server.get("/api/saved/kyiv?set=since").json() == {"error": "set 'since': expected NAME=VALUE",
                                                               "status": 400}


def test_keeps_answering_during_an_update_and_follows_it_and_a_rebuild(tmp_path):
    index, corpus, _ = build_site(tmp_path)
    server = Server(index)
    try:
        for n in range(40):
            (corpus / f"new-{n:02d}.txt").write_text(
                f"title: Zeppelin sighting number {n}\ndate: 2023-01-{n % 28 + 1:02d}\nsource: Sky Watch\n\n"
                f"A zeppelin was seen over Kyiv for the {n}th time, said the mayor.\n", encoding="utf-8")
        assert server.get("/api/search?q=zeppelin").json()["total"] == 0
        statuses: list[int] = []
        done = threading.Event()

        def ask():
            while not done.is_set():
                statuses.append(server.get("/api/search?q=kyiv&facets=person").status)
                statuses.append(server.get("/?q=zeppelin").status)
                time.sleep(0.05)  # a pause, so that asking does not take the core the indexer needs

        asker = threading.Thread(target=ask)
        asker.start()
        config = tmp_path / "small-batches.yaml"
        config.write_text("ingest:\n  batch_size: 5\n", encoding="utf-8")  # several commits while it asks
        update = subprocess.run([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                                 "--jobs", "1", "--config", str(config)], capture_output=True, text=True, timeout=300)
        time.sleep(0.3)
        done.set()
        asker.join()
        assert update.returncode == 0, update.stderr
        assert statuses and set(statuses) == {200}, statuses
        assert server.get("/api/search?q=zeppelin").json()["total"] == 40  # the new commit, without a restart
        # a rebuild writes a new index beside the old one and deletes the old one's files: followed too
        rebuild = subprocess.run([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                                  "--rebuild", "--jobs", "1"], capture_output=True, text=True, timeout=300)
        assert rebuild.returncode == 0, rebuild.stderr
        assert server.get("/api/search?q=zeppelin").json()["total"] == 40
        assert server.get("/article/kyiv-energy.html").status == 200
    finally:
        errors = server.stop()
    assert "Traceback" not in errors, errors


def test_serve_refuses_a_missing_index_and_explains_a_missing_web_extra(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--index", str(tmp_path / "none"), "--port", "1"])
    assert result.exit_code == 3 and "Error:" in result.output
    blocked = ("import sys\nfor m in ('starlette', 'uvicorn', 'jinja2'): sys.modules[m] = None\n"
               "from searchidx.cli import main\nsys.argv = ['searchidx', 'serve', '--index', sys.argv[1]]\nmain()\n")
    proc = subprocess.run([sys.executable, "-c", blocked, str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "Error: searchidx serve needs the web extra: pip install 'searchidx[web]' (Starlette, uvicorn, Jinja2); "
        "missing: jinja2"]


def test_serve_listens_on_loopback_unless_told(site):
    server, index, _, _ = site
    taken = CliRunner().invoke(cli, ["serve", "--index", str(index), "--port", str(server.port)])
    assert taken.exit_code == 2
    assert taken.output.startswith(f"Error: cannot listen on 127.0.0.1:{server.port}: Address already in use")
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert "[default: 127.0.0.1]" in result.output
    listening = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True) if os.path.exists("/usr/bin/ss") \
        else None
    if listening is not None and listening.returncode == 0:
        mine = [line for line in listening.stdout.splitlines() if f":{server.port} " in line]
        assert mine and all("127.0.0.1:" in line for line in mine), mine


def test_a_saved_report_opens_as_its_own_page(site, tmp_path):
    """/saved/NAME of a `report: entities` (or network) query answered 500 with a traceback in the log: the
    page listed hits, and a report has none. It leads to the report's own page, the query and options kept."""
    _, index, _, _ = site
    queries = tmp_path / "reports.yaml"
    queries.write_text("queries:\n  - name: who\n    person: [Vladimir Putin]\n    report: entities\n"
                       "    rank: association\n    min_count: 1\n    top: 3\n"
                       "  - name: graph\n    q: referendum\n    report: network\n    types: [person]\n",
                       encoding="utf-8")
    server = Server(index, queries)
    try:
        request = urllib.request.Request(server.base + "/saved/who")
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as moved:
            opener.open(request, timeout=30)
        who, graph = server.get("/saved/who"), server.get("/saved/graph")
    finally:
        errors = server.stop()
    assert "Traceback" not in errors, errors
    assert moved.value.code == 303
    assert moved.value.headers["location"] == "/entities?person=Vladimir+Putin&rank=association&min_count=1&top=3"
    assert who.status == 200 and "Names unusually often in" in who.body
    assert graph.status == 200 and "Names of" in graph.body


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
