"""Addresses of the web interface <-> the library's Query (searchidx/web/params.py): a table."""

import pytest

import searchidx
from searchidx.errors import SearchidxError
from searchidx.search.query import Query
from searchidx.web.params import PageState, build_query, url_of_query


def pairs(text):
    return [tuple(p.split("=", 1)) for p in text.split("&") if p]


@pytest.mark.parametrize("params,expected", [
    ("", Query(limit=10)),
    ("q=referendum&person=A&person=B&limit=5&page=2", Query(q="referendum", person=("A", "B"), limit=5, page=2)),
    ("since=2022-09&until=&sort=newest&collapse=story", Query(since="2022-09", sort="newest", collapse="story")),
    ("facets=person&facets=year&facet_limit=3", Query(facets=("person", "year"), facet_limit=3)),
    ("literal=true&q=a:b", Query(q="a:b", literal=True)),
    ("person=", Query()),  # an emptied form field is no filter
    # and an emptied choice is its default: 'sort=' was refused as "sort must be one of ..., not None"
    ("q=war&sort=&count=&match=&collapse= ", Query(q="war")),
    # exclusions are the query syntax's own: -field:"value", the user's text kept whole in brackets
    ("not_person=Vladimir Putin", Query(q='-person:"Vladimir Putin"')),
    ("q=a OR b&not_year=2022&not_month=2021-03", Query(q="(a OR b) -year:2022 -month:2021-03")),
    ('not_source=The "Times"', Query(q='-source:"The Times"')),
    ("q=a:b&literal=1&not_org=X", Query(q='(a b) -org:"X"')),  # literal text quoted first, as --literal does
    # a year or month chosen: what its facet counts; two of one are either
    ("q=war&month=2019-12&year=2019&year=2020", Query(q="(war) month:2019-12 (year:2019 OR year:2020)")),
])
def test_address_to_query(params, expected):
    query, extra = build_query(pairs(params), 10)
    assert query == expected.replace(limit=expected.limit if "limit" in params else 10)
    assert extra == {}


@pytest.mark.parametrize("params,error", [
    ("colour=red", "unknown parameter 'colour'"),
    ("limit=ten", "limit must be a whole number, not 'ten'"),
    ("literal=maybe", "literal must be true or false, not 'maybe'"),
    ("sort=sideways", "sort must be one of relevance, relevance+recency, newest, oldest, not 'sideways'"),
    ("&".join(["person=x"] * 201), "too many parameters (201; at most 200)"),
    ("month=2019-13", "month must be a month such as 2019-12, or a range such as 2019-09..2019-12, not '2019-13'"),
    ("not_year=2019 OR person:x", "year must be a year such as 2021, or a range such as 2019..2021, not "
                                  "'2019 OR person:x'"),
    # named as the parameter given, not as query text with the advice to quote words
    ("q=oil&day=2019-02-30", "day '2019-02-30': impossible date (day is out of range for month); dates look like"),
    ("month=2019-09..2019-06", "month '2019-09..2019-06': the range runs backwards: 2019-09 begins after 2019-06 "
                               "ends; write 2019-06..2019-09"),
    ("not_year=2021..2019", "year '2021..2019': the range runs backwards"),
])
def test_bad_addresses_name_the_parameter(params, error):
    from searchidx.web.params import pairs_of

    with pytest.raises(SearchidxError) as caught:  # a ParamError, or the Query model's own message
        build_query(pairs_of(pairs(params)), 10)
    assert str(caught.value).startswith(error)


def test_links_change_one_thing_and_go_back_to_page_one():
    state = PageState(pairs("q=war&person=A&page=3&sort=newest"))
    assert state.url(add=[("place", "Kyiv")]) == "/?q=war&person=A&sort=newest&place=Kyiv"
    assert state.url(remove=("person", "A")) == "/?q=war&sort=newest"
    assert state.url(drop=(), set_={"page": "4"}) == "/?q=war&person=A&sort=newest&page=4"
    assert state.url(set_={"since": "2022", "until": "2022"}) == "/?q=war&person=A&sort=newest&since=2022&until=2022"


def test_a_saved_query_opens_as_the_same_search():
    query = Query(q="referendum OR annexation", place=("Ukraine",), since="2019-01-01", sort="newest",
                  facets=("person",), limit=3)
    url = url_of_query(query)
    assert url == "/?q=referendum+OR+annexation&place=Ukraine&since=2019-01-01&sort=newest&limit=3"
    again, _ = build_query(pairs(url[2:].replace("+", " ")), 10)
    assert again == query.replace(facets=())


@pytest.mark.parametrize("facet, value", [("month", "2019-12"), ("year", "2019"), ("month", "2020-01")])
def test_leaving_out_a_year_or_month_leaves_out_the_articles_its_facet_counts(tmp_path, facet, value):
    """The facet's "-" beside 2019-12 (2 articles) took out 3: -date:2019-12 also left out the article
    dated only to 2019, which the month facet does not count (it has no month)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("year", "2019"), ("month", "2019-12"), ("day", "2019-12-31"), ("later", "2020-01-05")):
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\ndate: {date}\n\nOtter news.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        counted = {f.value: f.count for f in idx.facets([facet])[facet]}[value]
        query, _ = build_query(pairs(f"q=otter&not_{facet}={value}"), 10)
        assert idx.search(query).total == 4 - counted


def test_leaving_out_a_source_written_with_quote_marks_leaves_out_its_articles(tmp_path):
    """The '-' beside the source 'The “Daily” Wire' left out every article (-source:"The “Daily” Wire" read as
    the source 'The' and the words after it, which no article has), and with guillemets read as quote marks
    (Die «Zeit») it was refused as 'empty quotes'. A name a facet lists goes in query text as the value
    between straight quotes, its own marks kept."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    sources = {"a": "Die «Zeit»", "b": "The “Daily” Wire", "c": "„Kurier“", "d": "Plain"}
    for name, source in sources.items():
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\nsource: {source}\n\nOtter news.\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        for name, source in sources.items():
            query, _ = build_query([("q", "otter"), ("not_source", source)], 10)
            assert sorted(h.id for h in idx.search(query).hits) == sorted(f"{n}.txt" for n in sources if n != name)
            assert [h.id for h in idx.search(f'otter source:"{source}"').hits] == [f"{name}.txt"]


def test_a_source_indexed_in_quotes_is_found_as_its_facet_lists_it(tmp_path):
    """A header 'source: "Quoted Wire"' is indexed with its quotes, and the facets list it so; but a filter
    value's quotes around it are taken off ('"Ronald Reagan"' is Ronald Reagan), so no filter found it: the
    facet's link (source="Quoted Wire" with its quotes), --source and the query's source: all gave nothing
    and the warning 'source 'Quoted Wire' matches no indexed source; nearest: "Quoted Wire"'."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    sources = {"q": '"Quoted Wire"', "k": "\u201eKurier\u201c", "g": "\u00abZeit\u00bb", "p": "Plain"}
    for name, source in sources.items():
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\nsource: {source}\n\nOtter news.\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        listed = [f.value for f in idx.facets(["source"])["source"]]
        assert sorted(listed) == sorted(sources.values())
        for name, source in sources.items():
            bare = source.strip('"\u201e\u201c\u00ab\u00bb')
            for given in (source, bare):
                query, _ = build_query([("q", "otter"), ("source", given)], 10)
                res = idx.search(query)
                assert ([h.id for h in res.hits], res.warnings) == ([f"{name}.txt"], []), given
            query, _ = build_query([("q", "otter"), ("not_source", source)], 10)
            assert sorted(h.id for h in idx.search(query).hits) == sorted(f"{n}.txt" for n in sources if n != name)


@pytest.mark.parametrize("facet, value", [("month", "2019-12"), ("year", "2019"), ("month", "2020-01")])
def test_choosing_a_year_or_month_gives_the_articles_its_facet_counts(tmp_path, facet, value):
    """Choosing "2019-12 (2)" (or its bar in the date chart) showed 3 hits: since=until=2019-12 also kept
    the article dated only to 2019, which the month facet does not count."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import facet_rows, period_url

    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("year", "2019"), ("month", "2019-12"), ("day", "2019-12-31"), ("later", "2020-01-05")):
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\ndate: {date}\n\nOtter news.\n", encoding="utf-8")
    state = PageState(pairs("q=otter"))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        row = next(r for r in facet_rows(idx.search("otter", facets=[facet]), state)[facet] if r.value == value)
        assert period_url(state, facet, value) == row.include  # the chart's bar is the same link
        query, _ = build_query(parse_qsl(urlsplit(row.include).query), 10)
        assert idx.search(query).total == row.count
        chosen = PageState(parse_qsl(urlsplit(row.include).query))
        assert next(r for r in facet_rows(idx.search(query.replace(facets=(facet,))), chosen)[facet]
                    if r.value == value).active


def test_facet_links_keep_how_the_words_match(tmp_path):
    """Three words match any of them; the web's links put the words in brackets beside the filter they add
    (``(otter river dam) -source:"North Post"``), and a group of words matched all of them: leaving out
    North Post (2 of 3 hits) showed 0, not 1, and choosing 2019-12 (2) showed 0. On the Wikinews dev set,
    leaving Joe Biden out of 'trump election campaign' (106, Biden in 25) showed 8, not 81."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date, source, text in (("a", "2019-12-03", "North Post", "An otter was seen."),
                                     ("b", "2019-12-10", "South Post", "The river rose near the dam."),
                                     ("c", "2020-01-05", "North Post", "An otter by the river dam."),
                                     ("d", "2020-01-06", "South Post", "Wheat prices fell.")):
        (corpus / f"{name}.txt").write_text(f"title: Note {name}\ndate: {date}\nsource: {source}\n\n{text}\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        res = idx.search("otter river dam", facets=["source", "month", "year"])
        assert res.total == 3
        for facet, counts in res.facets.items():
            for fc in counts:
                chosen, _ = build_query([("q", "otter river dam"), (facet, fc.value)], 10)
                left_out, _ = build_query([("q", "otter river dam"), ("not_" + facet, fc.value)], 10)
                if facet in ("year", "month"):  # (the source facet's own link is source=..., no query text)
                    assert idx.search(chosen).total == fc.count, chosen.q
                assert idx.search(left_out).total == res.total - fc.count, left_out.q
        # a group beside other words, or with AND typed in it, stays a group: all of its words
        assert idx.search("(otter river) dam").total == 1
        assert idx.search("(otter AND river AND dam) -year:2019").total == 1


@pytest.mark.parametrize("dated, by", [
    # within one month the chart counts days: "2019-12" and "2019" are in no day's bar
    (("2019", "2019-12", "2019-12-03", "2019-12-03T10:00:00Z", "2019-12-31"), "day"),
    # over months: "2019" is in no month's bar
    (("2019", "2019-11", "2019-11-20", "2019-12-03", "2020-01-05"), "month"),
])
def test_the_date_chart_narrows_to_what_its_bars_count(tmp_path, dated, by):
    """A day bar, or a drag across bars, narrowed by since/until, which keep the articles dated only to that
    month or year too: the bar of 2019-12-03 (2 articles) gave 4, a drag across November and December
    (3) gave 4. Now a bar is day=2019-12-03 (month=, year=), a drag month=2019-11..2019-12."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import histogram_timeline, period_url

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, date in enumerate(dated):
        (corpus / f"a{i}.txt").write_text(f"title: Otter {i}\ndate: {date}\n\nOtter news.\n", encoding="utf-8")
    state = PageState(pairs("q=otter"))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        tl = histogram_timeline(idx, build_query(state.params, 10)[0])
        assert tl.by == by and tl.coarse == (2 if by == "day" else 1)
        bars = dict(zip(tl.periods, tl.series["all"]))

        def total(url):
            return idx.search(build_query(parse_qsl(urlsplit(url).query), 10)[0]).total

        for period, count in bars.items():
            assert total(period_url(state, by, period)) == count, period
        dragged = [p for p, n in bars.items() if n][:2]
        assert total(period_url(state, by, f"{dragged[0]}..{dragged[-1]}")) == sum(
            n for p, n in bars.items() if dragged[0] <= p <= dragged[-1])


@pytest.mark.parametrize("given, value, counted", [
    ("place=Canada", "Quebec", 1),  # a second place narrows (match=all)...
    ("place=Canada&place=Brazil", "Quebec", 2),  # ...even beside places meant as either (query text)
    ("place=Quebec&match=all", "Brazil", 1),
])
def test_a_name_link_narrows_to_what_its_count_counted(tmp_path, given, value, counted):
    """Within place=Canada, Quebec's facet row said 1 and its link gave 3: place=Canada&place=Quebec is
    either place. The names in a hit and on the entities, trending and network pages link alike."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import facet_rows

    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, places in (("a", "Canada, Quebec"), ("b", "Canada"), ("c", "Quebec, Brazil"), ("d", "Brazil")):
        (corpus / f"{name}.txt").write_text(f"title: Gold {name}\nplaces: {places}\n\nGold prices.\n", encoding="utf-8")
    state = PageState(pairs(f"q=gold&{given}"))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        query, _ = build_query(state.params, 10)
        row = next(r for r in facet_rows(idx.search(query.replace(facets=("place",))), state)["place"]
                   if r.value == value)
        assert row.count == counted
        narrowed, _ = build_query(parse_qsl(urlsplit(row.include).query), 10)
        assert idx.search(narrowed).total == counted, narrowed


def test_the_date_chart_counts_stories_when_hits_are_one_a_story(built):
    """With one hit a story the page, its total and its facets count stories, but the date chart counted
    articles: a bar said 120 and gave 114 (Reuters dev, 'oil prices', March 1987); its caption said stories."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import histogram_timeline, period_url

    state = PageState(pairs("q=referendum&collapse=story"))
    with searchidx.open_index(built[0]) as idx:
        query = build_query(state.params, 10)[0]
        tl = histogram_timeline(idx, query)
        assert tl.counted == "stories" and sum(tl.series["all"]) == idx.search(query).total
        for period, count in zip(tl.periods, tl.series["all"]):
            narrowed = build_query(parse_qsl(urlsplit(period_url(state, tl.by, period)).query), 10)[0]
            assert idx.search(narrowed).total == count, period


def test_a_facet_value_already_chosen_links_to_the_page_without_it(tmp_path):
    """A chosen facet row (source North Post, month 2019-12) linked back to the same page: clicking it did
    nothing. It takes the filter away again, and only that one."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import facet_rows

    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date, source in (("a", "2019-12-03", "North Post"), ("b", "2019-12-10", "South Post"),
                               ("c", "2020-01-05", "North Post")):
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\ndate: {date}\nsource: {source}\n\nAn otter.\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        params = pairs("q=otter&source=North Post&month=2019-12&sort=newest")
        query, _ = build_query(params, 10)
        rows = facet_rows(idx.search(query.replace(facets=("source", "month"))), PageState(params))
    chosen = {(name, r.value): parse_qsl(urlsplit(r.include).query) for name in rows for r in rows[name] if r.active}
    assert chosen == {("source", "North Post"): [("q", "otter"), ("month", "2019-12"), ("sort", "newest")],
                      ("month", "2019-12"): [("q", "otter"), ("source", "North Post"), ("sort", "newest")]}


@pytest.mark.parametrize("dated, by, bars", [
    (("2019",), "year", {"2019": 1}),  # no month counts it: the chart was left out
    (("2019-12", "2019-12"), "month", {"2019-12": 2}),  # one month, but no day counts them: left out too
])
def test_the_date_chart_is_drawn_for_matches_dated_only_to_a_year_or_month(tmp_path, dated, by, bars):
    """The search page showed no date chart for matches dated only to 2019 (or to December 2019), though its
    year (month) facet counted them: the chart counted by month (by day within one month), where they are in
    no bar. It counts by the longer period then, and each bar gives what it counted."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from urllib.parse import parse_qsl, urlsplit

    from searchidx.web.pages import histogram_timeline, period_url

    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, date in enumerate(dated):
        (corpus / f"a{i}.txt").write_text(f"title: Otter {i}\ndate: {date}\n\nOtter news.\n", encoding="utf-8")
    state = PageState(pairs("q=otter"))
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        tl = histogram_timeline(idx, build_query(state.params, 10)[0])
        assert tl is not None and tl.by == by and dict(zip(tl.periods, tl.series["all"])) == bars
        for period, count in bars.items():
            narrowed = build_query(parse_qsl(urlsplit(period_url(state, by, period)).query), 10)[0]
            assert idx.search(narrowed).total == count


def test_a_date_chart_bar_of_one_match_says_one():
    """Each bar's title (its tooltip, what a screen reader reads) said '2019-03: 1 articles'."""
    pytest.importorskip("starlette", reason="the web extra (pip install 'searchidx[web]') is not installed")
    from searchidx.web.charts import histogram

    svg = histogram(["2019-03", "2019-04", "2019-05"], [1, 2, 0], lambda p: "/", "Matching stories", "stories")
    titles = [t.split("</title>")[0] for t in svg.split("<title>")[2:]]
    assert titles == ["2019-03: 1 story", "2019-04: 2 stories", "2019-05: 0 stories"]
    assert "2019-03: 1 article<" in histogram(["2019-03"], [1], lambda p: "/", "Matching articles")
