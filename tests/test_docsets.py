"""Filters applied as sets or joined to the query give the same results as Whoosh's own filtering."""

import pytest
from whoosh import query as wq

from searchidx.search import docsets
from searchidx.search.compile import compile_query
from searchidx.search.query import Query

CASES = [
    dict(q="referendum", place=["Ukraine"]),
    dict(q="referendum OR energy OR bank", place=["Ukraine", "Switzerland"], facets=["person", "place", "year"]),
    dict(q="Russia", since="2022-09-01", until="2022-09-30", facets=["place"]),
    dict(q="the", since="2021", facets=["year"]),
    dict(q="bank -place:Ukraine"),
    dict(q="Russia NOT referendum", person=["Vladimir Putin"]),
    dict(q="", place=["Ukraine"], since="2022-09-20"),
    dict(q="referendum", place=["Atlantis"]),  # matches no indexed value: nothing passes
    dict(q="energy", count="stories", facets=["place"]),
]


def _view(res):
    facets = {k: [(f.value, f.count) for f in v] for k, v in res.facets.items()}
    return res.total, [(h.id, h.score) for h in res.hits], facets


@pytest.mark.parametrize("case", CASES, ids=[str(c) for c in CASES])
def test_joined_and_set_filters_give_the_same_results(idx, monkeypatch, case):
    monkeypatch.setattr(docsets, "MANY_LISTS", 0)  # every filter as a set
    as_sets = _view(idx.search(limit=50, **case))
    monkeypatch.setattr(docsets, "MANY_LISTS", 10**9)
    monkeypatch.setattr(docsets, "LEAP_RATIO", 0)  # every filter with words joined to them
    joined = _view(idx.search(limit=50, **case))
    assert as_sets == joined

    searcher = idx.engine._shared_searcher()
    compiled = compile_query(searcher, idx.registry, Query.from_dict({"limit": 50, **case}))
    whoosh_own = searcher.search(compiled.scored, filter=compiled.filter, mask=compiled.mask, limit=None)
    if case.get("count") != "stories":
        assert as_sets[0] == len(whoosh_own)
    ids = searcher.reader().column_reader("id")
    assert {h for h, _ in as_sets[1]} <= {ids[d] for d in whoosh_own.docs()}


def test_sets_match_whoosh_for_compound_filters(idx):
    searcher = idx.engine._shared_searcher()
    place = wq.Term("place", "Ukraine")
    filters = [place, wq.Or([place, wq.Term("place", "Switzerland")]), wq.And([place, wq.Term("year", "2022")]),
               wq.Not(place), wq.ConstantScoreQuery(wq.Or([wq.Term("body", "bank"), wq.Term("body", "energi")]), 0.0),
               wq.DateRange("date", None, None), wq.Term("place", "Atlantis"), wq.NullQuery]
    for flt in filters:
        expected = set(searcher.docs_for_query(flt)) if flt is not wq.NullQuery else set()
        if isinstance(flt, wq.Not):  # Whoosh leaves deleted documents out; a set of allowed ones needn't
            expected = set(range(searcher.doc_count_all())) - set(searcher.docs_for_query(flt.query))
        assert docsets.docs_for(searcher, flt) == expected, flt
        assert docsets.docs_for(searcher, flt) is docsets.docs_for(searcher, flt)  # kept for the next query


def test_kept_sets_are_bounded(idx, monkeypatch):
    monkeypatch.setattr(docsets, "CACHED_SETS", 3)
    searcher = idx.engine._shared_searcher()
    for year in range(2015, 2025):
        docsets.docs_for(searcher, wq.Term("year", str(year)))
    assert len(docsets._sets(searcher)) == 3


def test_a_kept_set_is_not_reused_after_an_update(tmp_path, corpus_copy, monkeypatch):
    import searchidx

    monkeypatch.setattr(docsets, "MANY_LISTS", 0)  # every filter as a set
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        before = idx.search("bank", place=["Switzerland"]).total
        (corpus_copy / "later.txt").write_text(
            "title: Bank merger\nplaces: Switzerland\n\nA second bank merged.\n", encoding="utf-8")
        idx.update([corpus_copy])
        after = idx.search("bank", place=["Switzerland"])
        assert after.total == before + 1 and "later.txt" in {h.id for h in after.hits}
