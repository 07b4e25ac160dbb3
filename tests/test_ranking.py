"""How plain words match and rank (measured on the dev sets, docs/relevance.md): two words, both unless few
articles hold both; three or more, any of them with more of them first; initials; relevance+recency; feedback."""

import json

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli
from searchidx.index.analysis import news_analyzer

FILLER = " ".join(["lorem"] * 20)


@pytest.fixture
def small(tmp_path):
    def make(docs: dict[str, str]):
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        for name, text in docs.items():
            (corpus / name).write_text(text, encoding="utf-8")
        idx = searchidx.open_index(tmp_path / "ix")
        idx.update([corpus])
        return idx
    return make


def ids(res):
    return [h.id for h in res.hits]


def test_two_words_held_together_by_few_articles_widen_to_either_with_a_warning(small):
    docs = {"both.txt": f"title: Plane crash\n\nThe plane crash was reported. {FILLER}",
            "heli.txt": f"title: Helicopter down\n\nA helicopter crash killed three. {FILLER}",
            "other.txt": f"title: Budget\n\nThe budget passed. {FILLER}"}
    with small(docs) as idx:
        res = idx.search("plane crash")
        assert ids(res) == ["both.txt", "heli.txt"]
        assert res.total == 2
        assert res.warnings == ["only 1 article holds both words; articles with either of them are shown too"]
        # an explicit AND, a phrase or a date order keep to the articles with both words
        assert ids(idx.search("plane AND crash")) == ["both.txt"]
        assert ids(idx.search('"plane crash"')) == ["both.txt"]
        assert ids(idx.search("plane crash", sort="newest")) == ["both.txt"]
        assert "relaxed:" in idx.explain("plane crash")


def test_two_words_many_articles_hold_together_stay_strict(small):
    docs = {f"b{i:02}.txt": f"title: Note {i}\n\nThe plane crash report {i}. {FILLER}" for i in range(10)}
    docs["heli.txt"] = f"title: Helicopter\n\nA helicopter crash. {FILLER}"
    with small(docs) as idx:
        res = idx.search("plane crash", limit=20)
        assert res.total == 10 and "heli.txt" not in ids(res) and res.warnings == []


@pytest.mark.parametrize("narrowing", [{"source": ["Tokyo Wire"]}, {"q_extra": "-norway"}, {"since": "2021-01-20"}])
def test_whether_two_words_widen_is_decided_without_the_filters(small, narrowing):
    """A filter never changes what the words match: the filtered hits are the unfiltered ones it allows. Ten
    articles hold both words; a filter keeping three of them must not widen the words to either."""
    where = ["Tokyo"] * 3 + ["Norway"] * 7
    docs = {f"both{i:02}.txt": f"title: Report {i}\ndate: 2021-01-{i + 1:02}\nsource: {where[i]} Wire\n\n"
                               f"Oil prices rose in {where[i]}, report {i}. {FILLER}" for i in range(10)}
    docs.update({f"one{i}.txt": f"title: Note {i}\ndate: 2021-01-{i + 21:02}\nsource: Tokyo Wire\n\n"
                                f"Oil output grew in Tokyo, note {i}. {FILLER}" for i in range(4)})
    extra = narrowing.pop("q_extra", "")
    with small(docs) as idx:
        alone = [(h.id, h.score) for h in idx.search("oil prices", limit=50).hits]
        narrowed = idx.search(f"oil prices {extra}".strip(), limit=50, **narrowing)
        allowed = {h.id for h in idx.search(extra or "", limit=50, **narrowing).hits} if (extra or narrowing) else set()
        assert [(h.id, h.score) for h in narrowed.hits] == [(i, score) for i, score in alone if i in allowed]
        assert narrowed.warnings == [] and not any(h.id.startswith("one") for h in narrowed.hits)


def test_a_url_pattern_is_a_filter_as_an_id_pattern_is(small):
    """``url:https://tokyo.example/*`` narrowed, but as a scored part: the words lost their proximity bonus and
    their widening to either word, so the site's articles ranked and scored otherwise than in the search
    without it (and ``url:`` alone listed them unsorted instead of newest first)."""
    where = ["tokyo"] * 3 + ["oslo"] * 7
    docs = {f"both{i:02}.txt": f"title: Report {i}\ndate: 2021-01-{i + 1:02}\nurl: https://{where[i]}.example/{i}\n\n"
                               f"Oil output grew {'and prices rose ' if i % 2 else 'lorem ' * (i + 3) + 'prices '}"
                               f"report {i}. {FILLER}" for i in range(10)}
    docs["one.txt"] = f"title: Note\ndate: 2021-01-20\nurl: https://tokyo.example/n\n\nOil fell. {FILLER}"
    with small(docs) as idx:
        alone = [(h.id, h.score) for h in idx.search("oil prices", limit=50).hits]
        site = idx.search("oil prices url:https://tokyo.example/*", limit=50)
        assert [(h.id, h.score) for h in site.hits] == [(i, s) for i, s in alone if i in ("both00.txt", "both01.txt",
                                                                                           "both02.txt")]
        listed = idx.search("url:https://tokyo.example/*", limit=50)
        assert [h.id for h in listed.hits] == ["one.txt", "both02.txt", "both01.txt", "both00.txt"]
        assert "filter: url:https://tokyo.example/*" in idx.explain("oil prices url:https://tokyo.example/*")


@pytest.fixture(scope="module")
def wire(tmp_path_factory):
    """101 short articles with "oil" and "prices" apart (no proximity bonus), "mid" with them side by side
    (the bonus lifts it from 35th to 5th), and "near" side by side in a long text: 103rd, past the 100 best
    hits the bonus re-scores, and the only article of Side Wire."""
    rows = [{"id": f"far{i:03}", "title": f"Report {i}", "date": "2021-01-05", "source": "Main Wire",
             "text": "Oil output rose in the north while " + "lorem " * (i % 50) + "the prices fell."}
            for i in range(101)]
    rows.append({"id": "mid", "title": "Markets", "date": "2021-01-06", "source": "Main Wire",
                 "text": "Oil prices rose. " + "lorem " * 20})
    rows.append({"id": "near", "title": "Markets", "date": "2021-01-07", "source": "Side Wire",
                 "text": "Oil prices rose. " + "lorem " * 300})
    base = tmp_path_factory.mktemp("wire")
    (base / "wire.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with searchidx.open_index(base / "ix") as idx:
        idx.update([base / "wire.jsonl"])
        yield idx


def test_a_filter_never_gives_a_hit_another_score(wire):
    """The best 100 hits are re-scored (proximity bonus, recency); taken over the filtered matches, that
    window reached "near", 103rd without the filter: Side Wire's one hit scored 1.3574 instead of 0.4525."""
    for sort in ("relevance", "relevance+recency"):
        alone = {h.id: h.score for h in wire.search("oil prices", limit=200, sort=sort).hits}
        for q, narrowing in (("oil prices", {"source": ["Side Wire"]}), ("oil prices", {"since": "2021-01-07"}),
                             ('oil prices -source:"Main Wire"', {})):
            narrowed = wire.search(q, sort=sort, **narrowing)
            assert [(h.id, h.score) for h in narrowed.hits] == [("near", alone["near"])], (sort, q, narrowing)


def test_match_ids_are_in_the_order_search_shows(wire):
    """``match_ids`` ("best first") skipped the proximity bonus: "mid" was 36th there and 6th in the search."""
    shown = ids(wire.search("oil prices", limit=200))
    assert shown.index("mid") == 5
    assert wire.match_ids("oil prices") == shown
    assert wire.match_ids(searchidx.Query(q="oil prices", source=("Main Wire",))) == [i for i in shown if i != "near"]


def test_no_query_text_is_every_article_not_the_word_none(wire):
    """``idx.match_ids(None)`` (as ``idx.search(None)``: every article) searched the word "None": 9 ids of 300
    on the Wikinews dev set; ``Query(q=None)`` the same."""
    every = ids(wire.search(None, limit=200))
    assert len(every) == 103 and searchidx.Query(q=None).q == ""
    assert wire.match_ids(None) == every == wire.match_ids(searchidx.Query(q=None))


def test_three_words_any_of_them_more_of_them_first(small):
    docs = {"three.txt": f"title: Report\n\nCattle and hogs: the livestock markets. {FILLER}",
            "two.txt": f"title: Report\n\nCattle prices and hogs fell. {FILLER}",
            "one.txt": f"title: Report\n\nHogs were sold. {FILLER}",
            "none.txt": f"title: Report\n\nWheat was sold. {FILLER}"}
    with small(docs) as idx:
        res = idx.search("cattle hogs livestock")
        assert ids(res) == ["three.txt", "two.txt", "one.txt"]
        assert res.total == 3 and res.warnings == []


def test_initials_with_dots_are_one_word_and_us_is_no_stop_word(small):
    assert [t.text for t in news_analyzer()("The U.S. and the U.N. told us")] == ["us", "un", "told", "us"]
    docs = {"dots.txt": f"title: Trade\n\nU.S. trade fell. {FILLER}",
            "caps.txt": f"title: Trade\n\nUS trade rose. {FILLER}",
            "uk.txt": f"title: Trade\n\nUK trade rose. {FILLER}"}
    with small(docs) as idx:
        assert sorted(ids(idx.search("US"))) == sorted(ids(idx.search("U.S."))) == ["caps.txt", "dots.txt"]
        assert sorted(ids(idx.search("US AND trade"))) == ["caps.txt", "dots.txt"]  # "US" was dropped as "us"
        # a quoted phrase is checked against the exact-word hashes: written either way, it is the same word
        assert sorted(ids(idx.search('"U.S. trade"'))) == sorted(ids(idx.search('"us trade"'))) == ["caps.txt",
                                                                                                  "dots.txt"]
        assert ids(idx.search('"U.K. trade"')) == ["uk.txt"]
        # typed without the last dot, the initials are the same word (they were the letters u and s: nothing)
        assert sorted(ids(idx.search("U.S"))) == sorted(ids(idx.search("u.s,"))) == ["caps.txt", "dots.txt"]
        assert sorted(ids(idx.search('"U.S trade"'))) == ["caps.txt", "dots.txt"]
        assert ids(idx.search("U.K")) == ["uk.txt"]
        # and marked in the snippet as one word, as it is indexed (the letters "u" and "s" were no match)
        assert {h.id: h.marked("[", "]") for h in idx.search("US").hits}["dots.txt"].startswith("[U.S.] trade fell")


def test_used_and_using_are_not_the_united_states(small):
    """Porter stems use, used, using and useful to "us", as U.S. is indexed: 'used' found 1,021 Reuters articles,
    mostly of the United States and none of the first five with the word."""
    assert [t.text for t in news_analyzer()("U.S. officials used it, using what uses")] == [
        "us", "offici", "use", "use", "what", "use"]
    docs = {"us.txt": f"title: Trade\n\nU.S. trade fell. {FILLER}",
            "used.txt": f"title: Trade\n\nThe port used cranes. {FILLER}",
            "use.txt": f"title: Trade\n\nThe use of cranes grew. {FILLER}"}
    with small(docs) as idx:
        assert sorted(ids(idx.search("used"))) == sorted(ids(idx.search("using"))) == ["use.txt", "used.txt"]
        assert ids(idx.search("US")) == ids(idx.search("U.S.")) == ["us.txt"]


def test_letters_joined_by_an_ampersand_are_one_word(small):
    """AT&T, M&A, S&P: 'at' and 'a' are stop words, so the name was searched as 't' or 'm' alone and found
    every T-bill and M-1 money supply story; the other letters were words of their own."""
    analyzed = [t.text for t in news_analyzer()("AT&T's M&As, S&P 500 and R&D at Procter & Gamble; rock&roll")]
    assert analyzed == ["at&t", "m&a", "s&p", "500", "r&d", "procter", "gambl", "rock", "roll"]
    docs = {"att.txt": f"title: Phones\n\nAT&T's network grew. {FILLER}",
            "tbill.txt": f"title: Bills\n\nFrance set a T-bill tender. {FILLER}",
            "ma.txt": f"title: Deals\n\nM&A activity rose. {FILLER}",
            "m1.txt": f"title: Money\n\nM-1 money supply rose. {FILLER}",
            "sp.txt": f"title: Index\n\nThe S&P 500 fell. {FILLER}",
            "sp2.txt": f"title: Letters\n\nS and P stood apart. {FILLER}"}
    with small(docs) as idx:
        assert ids(idx.search("AT&T")) == ids(idx.search("at&t")) == ["att.txt"]
        assert ids(idx.search('"AT&T network"')) == ["att.txt"]
        assert ids(idx.search("M&A")) == ["ma.txt"]
        assert ids(idx.search("S&P")) == ["sp.txt"]
        assert sorted(ids(idx.search("T"))) == ["tbill.txt"]  # the letter alone is no AT&T
        hit = idx.search("AT&T").hits[0]  # marked whole where it stands (the marks looked for "at" and "t")
        assert (hit.marked_title("[", "]"), hit.marked("[", "]")) == ("Phones", f"[AT&T's] network grew. {FILLER}")


def test_relevance_and_recency_prefers_the_newer_of_two_equal_matches(small):
    docs = {"old.txt": f"title: Strike\ndate: 2020-01-01\n\nA strike at the port. {FILLER}",
            "new.txt": f"title: Strike\ndate: 2020-12-01\n\nA strike at the port. {FILLER}",
            "best-old.txt": f"title: Port strike\ndate: 2019-01-01\n\nThe port strike: strike, strike. {FILLER}"}
    with small(docs) as idx:
        assert ids(idx.search("port strike"))[0] == "best-old.txt"
        recent = idx.search("port strike", sort="relevance+recency")
        assert ids(recent) == ["new.txt", "old.txt", "best-old.txt"]
        assert recent.hits[0].score > recent.hits[1].score
        assert "recency" in idx.explain(searchidx.Query(q="port strike", sort="relevance+recency"))


def test_relevance_and_recency_ranks_an_undated_match_as_the_oldest(small):
    """An undated match among the best hits crashed the search: 'searchidx search flood --sort
    relevance+recency' ended in a traceback (OverflowError: date value out of range), the date column's
    stand-in for no date read as a date. The docs: undated articles count as the oldest."""
    docs = {"old.txt": f"title: Strike\ndate: 2020-01-01\n\nA strike at the port. {FILLER}",
            "new.txt": f"title: Strike\ndate: 2020-12-01\n\nA strike at the port. {FILLER}",
            "undated.txt": f"title: Strike\n\nA strike at the port. {FILLER}"}
    with small(docs) as idx:
        recent = idx.search("port strike", sort="relevance+recency")
        assert ids(recent)[0] == "new.txt" and set(ids(recent)) == set(docs)
        assert recent.hits[1].score == recent.hits[2].score  # as old as the oldest dated one


def test_feedback_lifts_the_hit_that_shares_words_with_the_best_ones(small):
    docs = {f"top{i}.txt": f"title: Dock strike {i}\n\nThe dock strike: strike, strike. Dockers and the union "
                           f"of dockers walked out. {FILLER}" for i in range(3)}
    docs["a.txt"] = f"title: Note\n\nA strike in the football match. {FILLER}"
    docs["b.txt"] = f"title: Note\n\nA strike by dockers union members. {FILLER}"
    with small(docs) as idx:
        plain = ids(idx.search("strike"))
        assert plain.index("a.txt") < plain.index("b.txt")  # equal scores: index order
        fed = ids(idx.search("strike", feedback=True))
        assert fed.index("b.txt") < fed.index("a.txt")
        assert set(fed) == set(plain)  # it re-ranks the hits, it adds none
        out = CliRunner().invoke(cli, ["search", "strike", "--feedback", "--format", "paths", "--index",
                                       str(idx.path)])
        assert out.exit_code == 0, out.output
        assert out.output.index("b.txt") < out.output.index("a.txt")
        # sorted by date, feedback has nothing to re-rank: said, not silently dropped
        assert idx.search("strike", feedback=True, sort="newest").warnings == [
            "feedback re-ranks the best matches by relevance: sorted by date (newest) it changes nothing"]
        assert idx.search("strike", feedback=True).warnings == []


def test_the_re_ranking_walk_stops_at_the_same_postings_whoosh_skips_to(tmp_path):
    # over a word held by 900 of 1,000 documents (8 blocks of 128) and windows of every spread, the walk to
    # the window's documents stops at the very postings, with the same weights, as walking the whole list does;
    # a word the segment lacks gives None (found out by the scorer's own look-up)
    import random

    from whoosh import fields, index

    from searchidx.search.collect import weighting
    from searchidx.search.window import by_segment, postings_at

    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT))
    rng = random.Random(7)
    with ix.writer() as w:
        for d in range(1000):
            w.add_document(body=" ".join(["oil"] * rng.randint(1, 4) if d % 10 else ["gas"]))
    with ix.searcher(weighting=weighting()) as s:
        every = {}
        m = s.reader().postings("body", b"oil")
        while m.is_active():
            every[m.id()] = m.weight()
            m.next()
        assert len(every) == 900
        for size in (1, 5, 30, 100, 400):
            window = sorted(rng.sample(range(1000), size))
            found = {}
            for sub, offset, local in by_segment(s, window):
                got = postings_at(s, sub, "body", "oil", local)
                assert got is not None
                for p in got[1]:
                    found[p.id() + offset] = p.weight()
            assert found == {d: every[d] for d in window if d in every}
        assert all(postings_at(s, sub, "body", "absent", local) is None for sub, _, local in by_segment(s, [3]))


def test_a_spelling_suggestion_is_the_word_closest_to_the_typed_one_not_the_most_frequent_stem(small):
    """'Genève' was answered 'Did you mean: general': its stem genev is one edit from gener (general, in
    many articles) as from geneva (in one). Compared as written, geneva is one edit from geneve."""
    docs = {f"g{i}.txt": f"title: Report {i}\n\nThe general assembly met. {FILLER}" for i in range(4)}
    docs["city.txt"] = f"title: Talks\n\nDelegates met in Geneva. {FILLER}"
    with small(docs) as idx:
        assert idx.search("Genève").suggestion == "geneva"
        assert idx.search("generl").suggestion == "general"  # the frequent word still, when it is the closest
