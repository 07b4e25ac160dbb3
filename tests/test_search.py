import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli
from searchidx.errors import QuerySyntaxError, SearchidxError
from searchidx.search.query import Query

SEED_COPIES = {"2022-09-20-kremlin-referendums.txt", "2022-09-20-kremlin-referendums.md",
               "2022-09-20-kremlin-referendums.html", "ex-2022-0920-001"}


def ids(results):
    return {h.id for h in results.hits}


def test_seed_referendum_in_ukraine(idx):
    res = idx.search("referendum", place=["Ukraine"], facets=["person"], limit=10)
    assert ids(res) == SEED_COPIES and res.total == 4
    for hit in res.hits:
        assert hit.date.startswith("2022-09-20")
        assert hit.title == "Kremlin-backed officials in Ukraine announce they will stage votes on joining Russia."
        assert "**referendum" in hit.marked().lower() and "**" not in hit.snippet
        assert "Vladimir Putin" in hit.entities["person"]
    assert "Vladimir Putin" in [f.value for f in res.facets["person"]]


def test_filters_only_lists_newest_first(idx):
    res = idx.search(since="2022-09-21")
    assert [h.id for h in res.hits] == ["kyiv-energy.html", "ex-2022-0921-002"]
    assert all(h.score is None for h in res.hits)


def test_uk_and_us_spellings_find_the_same_articles(idx):
    assert ids(idx.search("defense")) == ids(idx.search("defence")) != set()
    assert ids(idx.search("mobilization")) == ids(idx.search("mobilisation")) != set()


def test_curly_and_straight_apostrophes_match(idx):
    assert ids(idx.search("Russia's parliament")) == ids(idx.search("Russia\u2019s parliament")) != set()


def test_accents_fold(idx):
    assert "zurich-bank.md" in ids(idx.search("Zurich"))
    assert "cp1252-cafe.txt" in ids(idx.search("montreal cafe"))


def test_filters_do_not_change_scores(idx):
    plain = {h.id: h.score for h in idx.search("referendum", limit=50).hits}
    filtered = {h.id: h.score for h in idx.search("referendum", place=["Ukraine"], limit=50).hits}
    assert filtered and all(plain[i] == s for i, s in filtered.items())
    in_text = {h.id: h.score for h in idx.search("referendum place:Ukraine", limit=50).hits}
    assert in_text == filtered


def test_same_filter_ored_different_filters_anded(idx):
    either = ids(idx.search(place=["Switzerland", "Japan"], limit=50))
    assert either == {"zurich-bank.md", "wire.jsonl#2", "archive.jsonl.gz#2"}
    both = ids(idx.search(place=["Ukraine"], person=["Volodymyr Zelensky"], limit=50))
    assert both == {"kyiv-energy.html"}


def test_facets_count_all_matches_not_the_page(idx):
    res = idx.search("Ukraine", facets=["source", "year", "place"], limit=1)
    assert len(res.hits) == 1 and res.total > 1
    assert sum(f.count for f in res.facets["year"]) == res.total
    assert {"value": "Example News", "count": 3} in [vars(f) for f in res.facets["source"]]


def test_paging(idx):
    all_hits = [h.id for h in idx.search("said", limit=100).hits]
    page1 = [h.id for h in idx.search("said", limit=3, page=1).hits]
    page2 = [h.id for h in idx.search("said", limit=3, page=2).hits]
    assert page1 == all_hits[:3] and page2 == all_hits[3:6]
    last = idx.search("said", limit=3, page=100)
    assert last.hits == [] and last.total == len(all_hits)


def test_sort_by_date(idx):
    newest = [h.date for h in idx.search("said", sort="newest", limit=100).hits if h.date]
    oldest = [h.date for h in idx.search("said", sort="oldest", limit=100).hits if h.date]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


@pytest.mark.parametrize("query, expected", [
    ("date:1987", {"wire.jsonl#1", "wire.jsonl#2", "archive.jsonl.gz#1", "archive.jsonl.gz#2"}),
    ("date:1987-03-02", {"wire.jsonl#1", "archive.jsonl.gz#1"}),
    ("date:[2021-01 TO 2021-06]", {"2021-03-02-vaccine-rollout.txt"}),
    ("date:>2022-09", {"kyiv-energy.html"}),
    ("date:2021..2021", {"2021-03-02-vaccine-rollout.txt", "zurich-bank.md", "export.csv#1", "export.csv#2"}),
])
def test_date_queries(idx, query, expected):
    assert ids(idx.search(query, limit=50)) == expected


def test_since_until_options_are_inclusive(idx):
    assert ids(idx.search(since="2021-03", until="2021-03", limit=50)) == {"2021-03-02-vaccine-rollout.txt"}


@pytest.mark.parametrize("options, expected", [
    ({"since": "2019-06"}, {"year", "month", "day"}),
    ({"until": "2019-05"}, {"year"}),
    ({"since": "2019-06-20"}, {"year", "month"}),
    ({"since": "2019-07"}, {"year"}),
    ({"since": "2019-06-15", "until": "2019-06-15"}, {"year", "month", "day"}),
    ({"q": "date:2019-06"}, {"year", "month", "day"}),
    ({"q": "date:>2019-06-30"}, {"year"}),
    ({"since": "2020"}, set()),
    ({"until": "2018"}, set()),
])
def test_an_article_dated_to_a_year_or_month_is_in_every_range_its_period_overlaps(tmp_path, options, expected):
    """'2019' is the year, not 1 January: it was dropped by --since 2019-06 yet kept by --until 2019-05."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("year", "2019"), ("month", "2019-06"), ("day", "2019-06-15")):
        (corpus / f"{name}.txt").write_text(f"title: Flood {name}\ndate: {date}\n\nFlood warnings.\n")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert {h.id.removesuffix(".txt") for h in idx.search(limit=10, **options).hits} == expected


@pytest.mark.parametrize("options, expected", [
    ({"since": "2019-06-15T12:00"}, {"day", "after"}),
    ({"until": "2019-06-15T06:00"}, {"day", "midnight"}),
    ({"q": "date:2019-06-15T14"}, {"day"}),
    ({"q": "date:>2019-06-15T09:30"}, {"day", "after"}),
    ({"q": "date:>=2019-06-15T00:00"}, {"day", "midnight", "after"}),
    ({"q": "flood -date:2019-06-15T14"}, {"midnight", "after"}),
])
def test_an_article_dated_to_a_day_is_in_every_range_its_day_overlaps(tmp_path, options, expected):
    """'2019-06-15' is the day, not its midnight: --since 2019-06-15T12:00 dropped it, though --until
    2019-06-15T06:00 kept it. An article timed at midnight is that moment only."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("day", "2019-06-15"), ("midnight", "2019-06-15T00:00:00Z"), ("after", "2019-06-15T18:30Z")):
        (corpus / f"{name}.txt").write_text(f"title: Flood {name}\ndate: {date}\n\nFlood warnings.\n")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert {h.id.removesuffix(".txt") for h in idx.search(limit=10, **options).hits} == expected


def test_may_and_will_are_words_in_news_not_stop_words(tmp_path):
    """A month and names: 'May' alone had nothing left to search, and "Theresa May" matched any Theresa."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "pm.txt").write_text("title: Resignation\n\nTheresa May resigned as prime minister in May.\n")
    (corpus / "other.txt").write_text("title: Visit\n\nTheresa Brown visited Leeds with Will Smith.\n")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert ids(idx.search("May")) == {"pm.txt"}
        assert ids(idx.search('"Theresa May"')) == {"pm.txt"}
        assert ids(idx.search('"Will Smith"')) == {"other.txt"}


def test_query_time_aliases(idx):
    putin = ids(idx.search(person=["Putin"], limit=50))
    assert putin == ids(idx.search('person:"President Putin"', limit=50)) == ids(
        idx.search(person=["vladimir putin"], limit=50))
    assert SEED_COPIES <= putin
    assert ids(idx.search(place=["Kiev"], limit=50)) == ids(idx.search(place=["Kyiv"], limit=50)) != set()


def test_header_tags_become_canonical_entities(idx):
    hit = idx.get("wire.jsonl#1")
    assert "Saudi Arabia" in hit.entities["place"] and "United States" in hit.entities["place"]
    assert "Subroto" in hit.entities["person"]
    assert "OPEC" in hit.entities["org"]


def test_source_filter_ignores_case(idx):
    lower = ids(idx.search(source=["fixture wire"], limit=50))
    assert lower == ids(idx.search(source=["Fixture Wire"], limit=50)) != set()


def test_unknown_header_keys_are_searchable(idx):
    assert ids(idx.search("topics:health")) == {"2021-03-02-vaccine-rollout.txt"}


def test_unknown_field_is_an_error(idx):
    with pytest.raises(QuerySyntaxError, match="unknown field 'colour'"):
        idx.search("colour:red")
    # a slip of a field the index has is named (topics: is a header key of the fixtures)
    with pytest.raises(QuerySyntaxError, match=r"unknown field 'topic'; did you mean topics\? \(fields: "):
        idx.search("topic:health")
    # a web address pasted bare was 'unknown field 'https'', advised to be quoted (which searches its words)
    with pytest.raises(QuerySyntaxError) as err:
        idx.search("https://example.org/2022/09/vote")
    assert str(err.value).endswith("at 'https:': a web address is looked up with url: (url:https://example.org/a, "
                                   "a site's articles url:https://example.org/*)")


def test_spelling_suggestion_when_nothing_matches(idx):
    res = idx.search("refrendum")
    assert res.total == 0 and res.suggestion == "referendum"
    assert idx.search("referendum").suggestion is None


def test_spelling_suggestion_for_a_word_no_article_holds_beside_hits(idx, built):
    """'refrendum ukraine' showed the articles with 'ukraine' (either word, with a warning) and no
    suggestion: the slip was never pointed out because something matched."""
    res = idx.search("refrendum ukraine")
    assert res.total > 0 and res.suggestion == "referendum ukraine"
    assert idx.search("referendum ukraine").suggestion is None
    assert idx.search("refer*").suggestion is None  # a pattern is no slip
    out = CliRunner().invoke(cli, ["search", "refrendum ukraine", "--index", str(built[0])]).stdout
    assert out.split("\n")[1] == "Did you mean: referendum ukraine"


@pytest.mark.parametrize("typed, meant", [
    ('"refrendum in Ukraine"', '"referendum in Ukraine"'),  # a phrase's words
    ('"refrendum ukraine"~3', '"referendum ukraine"~3'),
    ("title:refrendum", "title:referendum"),  # a title: field's
    ("refrendum-ukraine", "referendum-ukraine"),  # a hyphenated word's parts
    ("(refrendum OR annexation) -person:Putin", "(referendum OR annexation) -person:Putin"),
])
def test_spelling_suggestion_for_a_phrase_a_title_or_a_hyphenated_word(idx, typed, meant):
    """'"refrendum in Ukraine"', 'title:refrendum' and 'refrendum-ukraine' found nothing and suggested nothing:
    only unquoted, unfielded words of one indexed term were looked at."""
    assert idx.search(typed).suggestion == meant
    assert idx.search(meant).suggestion is None


def test_undated_articles_are_kept_and_marked(idx):
    hit = idx.get("wire.jsonl#3")
    assert hit.date is None and hit.date_precision is None
    assert "wire.jsonl#3" in ids(idx.search("coffee"))


def test_negation_and_or(idx):
    with_putin = ids(idx.search("referendum", limit=50))
    assert ids(idx.search("referendum -putin", limit=50)) == with_putin - ids(idx.search("putin", limit=50))
    assert ids(idx.search("glasgow OR montreal", limit=50)) == {"export.csv#1", "cp1252-cafe.txt"}


def test_wildcards(idx):
    assert ids(idx.search("referend*", limit=50)) >= SEED_COPIES


def test_results_are_plain_data(idx):
    res = idx.search("referendum", facets=["person"])
    d = res.to_dict()
    assert set(d) == {"query", "total", "page", "limit", "hits", "facets", "suggestion"}
    assert set(d["hits"][0]) >= {"id", "score", "title", "date", "source", "path", "snippet", "entities"}
    assert set(d["hits"][0]["entities"]) == {"person", "place", "org"}


def _small_index(tmp_path, docs):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, text in docs.items():
        (corpus / name).write_text(text, encoding="utf-8")
    idx = searchidx.open_index(tmp_path / "ix")
    idx.update([corpus])
    return idx


def test_title_outranks_body_and_near_words_outrank_far(tmp_path):
    filler = " ".join(["lorem"] * 30)
    with _small_index(tmp_path, {
        "a.txt": f"title: Budget talks\n\nThe harbour opened. {filler} Storm warnings. {filler}",
        "b.txt": f"title: Storm season begins\n\nThe harbour opened. {filler} Budget warnings. {filler}",
        "far.txt": f"title: Note one\n\nPower was restored. {filler} Many cuts followed. {filler}",
        "near.txt": f"title: Note two\n\nThe power cuts were restored. {filler} Many followed. {filler}",
    }) as idx:
        assert [h.id for h in idx.search("storm").hits][0] == "b.txt"
        assert [h.id for h in idx.search("power cuts").hits] == ["near.txt", "far.txt"]



def test_a_headline_holding_every_word_outranks_a_body_naming_them_together(tmp_path):
    # The words in the headline, apart and in the other order, say what the article is about; the same
    # words side by side once in a long text about something else ("a gold mine operator") do not.
    filler = " ".join(["lorem"] * 40)
    with _small_index(tmp_path, {
        "headline.txt": f"title: Mine reports new gold find\n\nDrilling found more ore at the northern site. {filler}",
        "aside.txt": f"title: Company sells stake\n\nThe company sold its stake in a gold mine operator. {filler}",
        "other.txt": f"title: Harbour reopens\n\nThe harbour reopened after the storm. {filler}",
    }) as idx:
        assert [h.id for h in idx.search("gold mine").hits] == ["headline.txt", "aside.txt"]

def test_query_objects_and_text_agree(idx):
    as_query = ids(idx.search(Query(q="referendum", place=("Ukraine",))))
    assert as_query == ids(idx.search("referendum", place=["Ukraine"]))


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_undated_articles_sort_last_either_way(idx, sort):
    hits = idx.search(sort=sort, limit=100).hits
    assert [h.date for h in hits[-2:]] == [None, None]
    assert all(h.date for h in hits[:-2])


def test_a_searcher_kept_open_sees_new_places_and_years_after_an_update(tmp_path, corpus_copy):
    # lexicons and the indexed year span are read once per reader: an update must not leave them stale
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        assert idx.search("harbour", place=["Reykjavik"]).total == 0
        (corpus_copy / "later.txt").write_text(
            "title: Harbour reopens\ndate: 2031-05-02\nplaces: Reykjavik\n\nThe harbour reopened.\n", encoding="utf-8")
        idx.update([corpus_copy])
        assert [h.id for h in idx.search("harbour", place=["reykjavik"], since="2031").hits] == ["later.txt"]


def test_spelling_suggestions_look_in_every_segment(tmp_path, corpus_copy):
    (corpus_copy / "later.txt").write_text("title: Plebiscite\n\nA plebiscite was held.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy / "later.txt"])
        idx.update([corpus_copy])  # a second commit: the words are now in two segments
        assert len(idx.engine.require()._segments()) == 2
        assert idx.search("plebiscte").suggestion == "plebiscite"
        assert idx.search("refrendum").suggestion == "referendum"


def test_totals_count_every_match_beyond_the_page(tmp_path, corpus_copy):
    # Three articles hold the word in title and body and score far above the 27 that hold it once in a
    # long body, and they are indexed first, in a segment of their own. Once the page is full, Whoosh's
    # top-N collector drops the later segment's matchers that cannot reach it; the total must still
    # count all 30 (and facets, which take another path, must agree).
    filler = " ".join(["lorem"] * 200)
    top = tmp_path / "top"
    top.mkdir()
    for i in range(3):
        # each scores above the one before, so the full page's lowest score rises
        (top / f"top{i}.txt").write_text(f"title: Zebra crossing {i}\nplaces: Kenya\n\n{'zebra ' * (i + 1)}crossing.\n",
                                         encoding="utf-8")
    low = tmp_path / "low"
    low.mkdir()
    for i in range(27):
        title = "Zebra note" if i == 0 else f"Note {i}"  # a title match here too, so neither side is idle
        (low / f"low{i:02}.txt").write_text(f"title: {title}\nplaces: Kenya\n\n{filler} a zebra {filler}\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([top])
        idx.update([low])
        assert len(idx.engine.require()._segments()) == 2
        for limit in (1, 3, 10, 50):
            res = idx.search("zebra", limit=limit)
            assert (res.total, len(res.hits)) == (30, min(limit, 30)), limit
            assert idx.search("zebra", limit=limit, place=["Kenya"]).total == 30
        assert idx.search("zebra", limit=1, facets=["place"]).facets["place"][0].count == 30
        assert idx.search("zebra AND crossing", limit=1).total == 3  # both words: no widening to either
        assert idx.search("zebra OR crossing", limit=1).total == 30
        assert len(idx.match_ids("zebra")) == 30


def test_suggestions_prefer_the_closer_spelling_over_the_more_frequent(tmp_path):
    docs = {"lagoon.txt": "title: Reef\n\nThe lagoon was calm.\n"}
    docs.update({f"logan{i}.txt": f"title: Match {i}\n\nLogan scored again.\n" for i in range(5)})
    with _small_index(tmp_path, docs) as idx:
        assert idx.search("lagon").suggestion == "lagoon"  # one edit; "logan" is two, and five times as common
        assert idx.search("logn").suggestion == "logan"


def test_a_suggestion_is_the_closest_written_form_of_its_stem_whichever_article_holds_it(tmp_path):
    """A stem is shown as a word an article writes, and that word was read from the first article holding the
    stem alone: 'recesion' on the Reuters dev index got 'Did you mean: recessed', one article's form of the
    stem 'recess', though 'recession' (one edit from what was typed) fills other articles."""
    docs = {"a-park.txt": "title: Park\n\nThe school recessed for the summer.\n"}
    docs.update({f"b-econ{i}.txt": f"title: Economy {i}\n\nThe recession deepened.\n" for i in range(2)})
    with _small_index(tmp_path, docs) as idx:
        assert idx.search("recesion").suggestion == "recession"
        assert idx.search("recesed").suggestion == "recessed"


def test_a_suggestion_is_the_written_word_closest_to_the_typed_one_not_a_stem_s_neighbour(tmp_path):
    """'pandmic' was answered 'Did you mean: panic': suggestions were looked for among stems near the typed
    word's own stem, and pandemic's stem (pandem) is three edits from pandmic, panic two. The word meant is
    one edit from what was typed, and no suggestion is further than two from it."""
    docs = {"a-flu.txt": "title: Flu\n\nThe pandemic spread.\n"}
    docs.update({f"b-market{i}.txt": f"title: Market {i}\n\nPanic selling hit the market.\n" for i in range(5)})
    with _small_index(tmp_path, docs) as idx:
        assert idx.search("pandmic").suggestion == "pandemic"
        assert idx.search("pandemc").suggestion == "pandemic"
        assert idx.search("panik").suggestion == "panic"
        assert idx.search("pandxyzq").suggestion is None  # panic is five edits away: no suggestion


def test_a_long_query_looks_up_suggestions_for_its_first_few_unknown_words_only(idx, monkeypatch):
    """A pasted 300-word paragraph took 30 s on 100,000 articles, nearly all of it in spelling suggestions
    for each word no article holds. Only the first MAX_UNKNOWN_WORDS are looked up; the rest stay as typed."""
    from searchidx.search import spelling

    looked_up = []
    close_terms = spelling.close_terms
    monkeypatch.setattr(spelling, "close_terms", lambda reader, field, text, **kw: (
        looked_up.append(text), close_terms(reader, field, text, **kw))[1])
    slips = ["refrendum", "ukrane", "kremln", "referndum", "ukriane", "kremlim", "refurendum"]
    res = idx.search(" ".join(["russia", *slips]), limit=1)
    assert len(looked_up) == 3  # (spelling.MAX_UNKNOWN_WORDS)
    assert res.suggestion is not None and res.suggestion.startswith("russia referendum ukraine kremlin")
    assert res.suggestion.endswith(" ".join(slips[3:]))


@pytest.mark.parametrize("read_by_first_letter", [False, True])
def test_entity_filters_match_every_spelling_of_a_name_however_the_lexicon_is_read(tmp_path, monkeypatch,
                                                                                  read_by_first_letter):
    from searchidx.search import lexicon as lexicon_module

    if read_by_first_letter:  # as for a field of many names, whatever this small index holds
        monkeypatch.setattr(lexicon_module, "MANY_VALUES", 0)
    people = {"upper.txt": "ANA LIMA", "title.txt": "Ana Lima", "under.txt": "_Ana Lima", "dot.txt": ".Ana-Lima",
              "other.txt": "Anna Lima", "accent.txt": "\u00c9mile Zola", "dotted.txt": "\u0130lker Demir"}
    files = {name: f"title: Note\npeople: {who}\n\nA meeting.\n" for name, who in people.items()}
    with _small_index(tmp_path, files) as idx:
        # (first: a whole lexicon, once read for "émile", would serve every later letter)
        assert ids(idx.search(person=["Emile Zola"])) == {"accent.txt"}  # typed without the accent
        assert ids(idx.search(person=["Ilker Demir"])) == {"dotted.txt"}
        assert ids(idx.search(person=["\u0130LKER DEMIR"])) == {"dotted.txt"}  # found only by folding
        assert ids(idx.search(person=["ana lima"], limit=20)) == {"upper.txt", "title.txt", "under.txt", "dot.txt"}
        assert ids(idx.search(person=["\u00e9mile zola"])) == {"accent.txt"}
        assert ids(idx.search(person=["Anna Lima"])) == {"other.txt"}


@pytest.mark.parametrize("emptied", [False, True])
def test_an_index_without_articles_answers_every_search_and_timeline(tmp_path, emptied):
    # an index with no segment (Whoosh's searcher of it cannot refresh; a first run that reads nothing
    # leaves none, an interrupted one may), or one whose files were all deleted
    from searchidx.index import store

    (tmp_path / "c").mkdir()
    if emptied:
        (tmp_path / "c" / "a.txt").write_text("title: Gone\n\nSoon deleted.\n", encoding="utf-8")
    else:
        store.create(tmp_path / "ix")
    with searchidx.open_index(tmp_path / "ix") as idx:
        if emptied:
            idx.update([tmp_path / "c"])
            (tmp_path / "c" / "a.txt").unlink()
            assert idx.update([tmp_path / "c"], allow_empty=True).removed == 1
        assert idx.search("flood").total == 0
        assert idx.search("flood").total == 0  # as a server's second request asks
        assert idx.timeline("flood").series == {"all": []} and idx.timeline("", count="stories").undated == 0
        assert idx.search("flood", count="stories").total == 0 and idx.search("flood", collapse="story").total == 0
        (tmp_path / "c" / "a.txt").write_text("title: Flood\n\nThe river rose.\n", encoding="utf-8")
        idx.update([tmp_path / "c"])
        assert idx.search("flood").total == 1


def test_names_and_sources_an_update_replaced_are_gone_from_lookups_and_stats(tmp_path):
    # an update deletes a changed file's old articles, whose terms stay in the segment until a merge
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_text("title: One\npeople: John Smith\nsource: Daily Planet\n\nJohn Smith spoke.\n")
    (c / "b.txt").write_text("title: Two\npeople: Jane Smith\nsource: Bugle\n\nJane Smith spoke too.\n")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        (c / "b.txt").write_text("title: Two\nsource: Evening Bugle\n\nNobody spoke at all.\n")
        idx.update([c])
        found = idx.search(Query(person=("Smith",)))
        assert ids(found) == {"a.txt"} and not found.warnings  # John Smith: the only Smith left
        assert idx.stats().sources == 2


def test_a_language_name_filters_as_the_code_articles_hold(idx):
    by_code = idx.search(lang=["en"], limit=20)
    assert by_code.total == 2
    for lang in (["English"], ["english"], ["en-GB"], ["anglais"], ["Englisch"]):  # (in French, German: as exports)
        found = idx.search(lang=lang, limit=20)
        assert ids(found) == ids(by_code) and not found.warnings
    assert ids(idx.search("lang:english", limit=20)) == ids(by_code)  # in the query text too
    assert "lang:'english' -> 'en' (language code)" in idx.search(lang=["english"], explain=True).explain


@pytest.mark.parametrize("options, warning", [
    ({"lang": ["klingon"]}, "language 'klingon' matches no indexed language (languages: en (English))"),
    ({"lang": ["french"]}, "language 'french' (fr) matches no indexed language (languages: en (English))"),
    ({"source": ["Fixture Wir"]}, "source 'Fixture Wir' matches no indexed source; nearest: Fixture Wire"),
    ({"source": ["Nonesuch"]}, "source 'Nonesuch' matches no indexed source "
                               "(sources: Daily Fixture, Example News, example.org, Fixture Times, Fixture Wire)"),
])
def test_a_source_or_language_no_article_has_is_warned_about(idx, options, warning):
    found = idx.search(**options)
    assert found.total == 0 and found.warnings == [warning]
    assert not idx.search(source=["fixture wire"]).warnings  # any case, as entity names


def test_date_ranges_that_cut_days_find_exactly_the_articles_dated_in_them(tmp_path):
    """Whole years, months and days of a range are terms; a day the range cuts is read from the date
    column: every range, however it falls across days, months and a new year, finds what [start, end) holds."""
    import json
    import random
    from datetime import datetime, timedelta, timezone

    rng = random.Random(11)
    first = datetime(2021, 12, 28, tzinfo=timezone.utc)
    dated = {f"a{i}": first + timedelta(minutes=rng.randrange(60 * 24 * 45)) for i in range(150)}
    dated["midnight"] = datetime(2022, 1, 1, tzinfo=timezone.utc)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text("".join(
        json.dumps({"id": i, "title": "Harbour report", "text": "The harbour reopened.", "date": d.isoformat()}) + "\n"
        for i, d in dated.items()), encoding="utf-8")
    moments = sorted(dated.values())
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        for _ in range(25):
            start = rng.choice(moments) + timedelta(seconds=rng.choice((-61, -1, 0, 1, 3600)))
            end = start + timedelta(minutes=rng.choice((1, 90, 60 * 24, 60 * 24 * 3 + 7, 60 * 24 * 20)))
            since, until = start.strftime("%Y-%m-%dT%H:%M:%S"), end.strftime("%Y-%m-%dT%H:%M:%S")
            expected = {i for i, d in dated.items() if start <= d < end + timedelta(seconds=1)}  # until: its second
            for text in ("harbour", ""):
                found = ids(idx.search(text, since=since, until=until, limit=500))
                assert found == expected, (text, since, until)


@pytest.mark.parametrize("option", ["person", "place", "org", "source", "lang", "since", "until"])
def test_the_library_refuses_an_empty_filter_value_as_the_cli_does(idx, option):
    """idx.search("x", person=os.environ.get("WHO", "")) dropped the empty name and searched everything."""
    with pytest.raises(SearchidxError, match=f"{option} is empty: it would filter nothing"):
        idx.search("referendum", **{option: ""})
    with pytest.raises(SearchidxError, match=f"{option} is empty"):
        idx.search("referendum", **{option: [" "]}) if option not in ("since", "until") else idx.search(
            "referendum", **{option: " "})


def test_a_quoted_stop_word_takes_no_say_in_how_the_other_words_combine(idx):
    """'kyiv "the" kiev': the quoted "the" searches nothing, and made the two words need each other (all
    parts of a query that is not plain words), so the search found nothing; both engines ignore it now."""
    from searchidx.opensearch.dsl import compile_dsl

    plain = idx.search("kyiv kiev", limit=50)
    quoted = idx.search('kyiv "the" kiev', limit=50)
    assert quoted.total == plain.total > 0 and ids(quoted) == ids(plain) and quoted.warnings == plain.warnings
    cluster = [compile_dsl(searchidx.Query(q=q), idx.registry, None, frozenset()) for q in ('kyiv "the" kiev',
                                                                                            "kyiv kiev")]
    assert cluster[0].query == cluster[1].query and cluster[0].relaxed == cluster[1].relaxed


def test_literal_text_holding_and_or_not_searches_them_as_the_small_words_they_are(idx):
    """--literal quoted AND, OR and NOT, a phrase of one stop word: it matched nothing, and took from the
    other words their "either word" and "any of them" rules, so a pasted "Kyiv or Kiev" found nothing."""
    for text, plain in (("kyiv OR kiev", "kyiv kiev"),
                        ("Referendum AND Putin NOT Glasgow", "referendum putin glasgow")):
        found = idx.search(searchidx.Query(q=text, literal=True), limit=50)
        assert found.total > 0 and ids(found) == ids(idx.search(plain, limit=50)), text


def test_literal_text_holding_wildcard_boost_and_slop_marks_searches_the_words(idx):
    """--literal (and every TREC topic) left *, ?, ^N and ~N as query syntax: a pasted question, "Will Russia
    hold a referendum?", searched 'referendum?' (the word and one more letter), which no article holds,
    and "opec~2" was refused as fuzzy matching."""
    for text, plain in (("Will Russia hold a referendum?", "will russia hold a referendum"),
                        ("referendum* Putin^2", "referendum putin 2"), ("referendum~2 kyiv", "referendum 2 kyiv")):
        found = idx.search(searchidx.Query(q=text, literal=True), limit=50)
        assert found.total > 0 and ids(found) == ids(idx.search(plain, limit=50)), text


def test_names_joined_by_a_comma_are_said_to_be_two_values(idx):
    """`person: Boris Johnson, Jeremy Corbyn` (a list without its brackets) matched nothing with no word why."""
    res = idx.search(person="Vladimir Putin, Volodymyr Zelensky")
    assert res.total == 0 and res.warnings == [
        "person 'Vladimir Putin, Volodymyr Zelensky' matches no indexed name; 'Vladimir Putin' and "
        "'Volodymyr Zelensky' each do: give them as 2 values (a list), not one joined by commas"]


def test_a_date_range_that_finds_nothing_names_the_dates_the_index_holds(idx, built):
    """'oil --since 2000' on a 1987 archive said only that nothing matched, as if no article held the word."""
    span = "the index's dates run from 1987-03-02 to 2022-11-23 (2 undated)"
    assert idx.search("referendum", since="2040").warnings == [f"no article is dated since 2040: {span}"]
    assert idx.search(until="1950-06").warnings == [f"no article is dated until 1950-06: {span}"]
    assert idx.search("referendum", since="2023", until="2024").warnings == [
        f"no article is dated since 2023 until 2024: {span}"]
    # the dates meet the index's: the words (or a gap between its dates) found nothing, no note
    assert idx.search("nonesuchword", since="2022").warnings == []
    assert idx.search(since="1990", until="1991").total == 0 and idx.search(since="1990", until="1991").warnings == []
    # the query text's own dates too (the web writes its year= and month= there); not under OR
    assert idx.search("referendum date:2040").warnings == [f"no article is dated in date:2040: {span}"]
    assert idx.search("referendum year:2040").warnings == [f"no article is dated in year:2040: {span}"]
    assert idx.search("since:2040").warnings == [f"no article is dated since 2040: {span}"]
    assert idx.search("nonesuchword OR date:2040").warnings == []
    result = CliRunner().invoke(cli, ["search", "referendum", "--since", "2040", "--index", str(built[0])])
    assert result.exit_code == 0 and result.stdout == "No articles match for 'referendum'.\n"
    assert result.stderr == f"warning: no article is dated since 2040: {span}\n"


def test_dates_of_the_text_and_of_the_options_that_leave_no_day_are_said(idx, built):
    """'oil since:2021' with --until 2020 (or 'date:>2021 date:<2020') found nothing, said only 'No articles
    match', as if no article held the words: the text's dates and the options' each met the index's."""
    res = idx.search("referendum since:2022-10", until="2022-09")
    assert res.total == 0 and res.warnings == [
        "no article is dated until 2022-09 and since 2022-10: no day is in both"]
    assert idx.search("referendum date:>2022-10 date:<2022-09").warnings == [
        "no article is dated in date:>2022-10 and in date:<2022-09: no day is in both"]
    assert idx.search("nonesuchword date:2022-09", since="2022-09-15").warnings == []  # they meet
    result = CliRunner().invoke(cli, ["search", "referendum month:2022-10", "--until", "2022-09",
                                      "--index", str(built[0])])
    assert result.exit_code == 0 and result.stderr == (
        "warning: no article is dated until 2022-09 and in month:2022-10: no day is in both\n")


def test_match_all_with_several_sources_says_they_are_still_any_of_them(idx):
    """'--source A --source B --match all' found the articles of either source and said nothing, though
    --match all reads as if it asked for both."""
    both = idx.search(source=["Example News", "Fixture Wire"], match="all")
    either = idx.search(source=["Example News", "Fixture Wire"])
    assert both.total == either.total > 0 and either.warnings == []
    assert both.warnings == ["match all joins names (person, place, org): an article has one source, so 2 sources "
                             "still find the articles of any of them"]
    assert idx.search(person=["Vladimir Putin"], source=["Example News"], match="all").warnings == []


def test_an_empty_timeline_for_dates_outside_the_index_names_its_dates(idx):
    span = "the index's dates run from 1987-03-02 to 2022-11-23 (2 undated)"
    assert idx.timeline("referendum", since="2040").warnings == [f"no article is dated since 2040: {span}"]
    assert idx.timeline("nonesuchword", since="2022").warnings == []


def test_a_name_written_unquoted_in_a_field_says_how_to_quote_it(idx):
    # 'person:Volodymyr Zelensky' searched person:Volodymyr and the word Zelensky; the warning only said that
    # Volodymyr is part of a name, "give the full name", which the query had given
    res = idx.search("energy person:Volodymyr Zelensky", limit=0)
    assert ('person:Volodymyr Zelensky is person:Volodymyr and the word Zelensky; for the name write '
            'person:"Volodymyr Zelensky"') in res.warnings
    assert not any("for the name" in w for w in idx.search('person:"Volodymyr Zelensky" energy', limit=0).warnings)
    assert not any("for the name" in w for w in idx.search("place:Ukraine energy", limit=0).warnings)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_articles_of_one_date_keep_their_order_when_one_is_read_again(tmp_path, sort):
    """Equal dates are listed by id, as the cluster engine lists them: by the order written, re-reading one
    article moved it behind the others, so a second page repeated what the first had shown."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        (corpus / f"{name}.txt").write_text(f"title: Port {name}\ndate: 2022-09-20\n\nThe port reopened.\n",
                                            encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        before = [h.id for h in idx.search("port", sort=sort).hits]
        (corpus / "a.txt").write_text("title: Port a\ndate: 2022-09-20\n\nThe port reopened at noon.\n",
                                      encoding="utf-8")
        assert idx.update([corpus]).updated == 1
        assert [h.id for h in idx.search("port", sort=sort).hits] == before == ["a.txt", "b.txt", "c.txt"]
        pages = [h.id for page in (1, 2, 3) for h in idx.search("port", sort=sort, limit=1, page=page).hits]
        assert pages == before
