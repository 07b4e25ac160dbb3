"""Errors name what the caller wrote: a library call (``idx.search(since=...)``, ``timeline(by=...)``)
gets its arguments' names, the command line its options (``--since``, ``--by``), a saved query its keys.
Library messages named the CLI's options before, whatever had called them."""

import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.errors import SearchidxError
from searchidx.opensearch.engine import OpenSearchEngine
from searchidx.saved import load_queries
from searchidx.search.query import Query


@pytest.mark.parametrize("call, library", [
    (lambda idx: idx.search("x", since="2022-13"), "since '2022-13': impossible date"),
    (lambda idx: idx.search("x", since="2022", until="2019"), "until '2019': ends before the since date '2022'"),
    (lambda idx: idx.search("(referendum"), "Put the words in quotes, or use literal=True, to search them"),
    (lambda idx: idx.timeline("x", by="fortnight"), "by must be one of day, week, month, year, not 'fortnight'"),
    (lambda idx: idx.trending("x"), "trending needs a period: since (and until, default the newest match)"),
    (lambda idx: idx.trending("x", since="2999"), "since '2999': is after today: give until too"),
    # facets() and stats() take top=, which the message called facet_limit
    (lambda idx: idx.facets(["person"], top=0), "top must be a whole number of at least 1, not 0"),
    (lambda idx: idx.stats(top=0), "top must be a whole number of at least 1, not 0"),
    # literal="no" (text from a form or a setting) searched literally: 'refer*' as the word refer
    (lambda idx: idx.search("refer*", literal="no"), "literal must be true or false, not 'no'"),
    (lambda idx: idx.search(Query(q="refer*", literal=0)), "literal must be true or false, not 0"),
])
def test_library_errors_name_the_arguments_not_the_options(idx, call, library):
    with pytest.raises(SearchidxError) as err:
        call(idx)
    assert library in str(err.value) and "--" not in str(err.value)


@pytest.mark.parametrize("call, library", [
    (lambda idx: idx.search(b"referendum"), "the query must be text (str) or a Query, not bytes: b'referendum'"),
    (lambda idx: idx.search("x", person=[1]), "person must be a name or a list of names (str), not [1]"),
    (lambda idx: idx.search(place=b"Kyiv"), "place must be a name or a list of names (str), not b'Kyiv'"),
    (lambda idx: idx.timeline(2022), "the query must be text (str) or a Query, not int: 2022"),
    (lambda idx: idx.facets("person", query="x", org=[None]), "org must be a name or a list of names (str)"),
    (lambda idx: idx.similar("ex-2022-0921-002", source=[3]), "source must be a name or a list of names (str)"),
    (lambda idx: idx.associations(["referendum"]), "the query must be text (str) or a Query, not list"),
    (lambda idx: idx.explain(b"referendum"), "the query must be text (str) or a Query, not bytes: b'referendum'"),
    # an AttributeError ('NoneType' object has no attribute 'text') before
    (lambda idx: idx.mentions(None), "mentions takes an article (as idx.get(id) returns it) or its id, not NoneType"),
    (lambda idx: idx.mentions(3), "mentions takes an article (as idx.get(id) returns it) or its id, not int: 3"),
])
def test_an_argument_of_the_wrong_type_is_named_not_searched_for(idx, call, library):
    """idx.search(b"referendum") searched for "b'referendum'" and person=[1] for a person named "1": 0 hits, no word."""
    with pytest.raises(TypeError) as err:  # ArgumentTypeError: a SearchidxError and a TypeError
        call(idx)
    assert isinstance(err.value, SearchidxError) and str(err.value).startswith(library)


def test_mentions_take_an_article_or_its_id(idx):
    """idx.mentions("ex-2022-0921-002") raised AttributeError ('str' object has no attribute 'text')."""
    article = idx.get("ex-2022-0921-002")
    assert idx.mentions("ex-2022-0921-002") == idx.mentions(article) != []


def test_facets_take_one_name_as_a_plain_string(idx):
    """As a filter takes one name as a string: facets("person") was read letter by letter ('unknown facet p')."""
    assert idx.facets("person", top=2) == idx.facets(["person"], top=2)


@pytest.mark.parametrize("args, cli_says", [
    (["search", "x", "--since", "2022-13"], "Error: --since '2022-13': impossible date"),
    (["search", "x", "--since", "2022", "--until", "2019"], "Error: --until '2019': ends before the since date"),
    (["search", "(referendum"], "Put the words in quotes, or use --literal, to search them as plain text"),
    (["trending", "x"], "Error: trending needs a period: --since DATE (and --until DATE, default the newest match)"),
    (["trending", "x", "--since", "2999"], "Error: --since '2999': is after today: give --until too"),
])
def test_the_cli_still_names_its_options(built, args, cli_says):
    result = CliRunner().invoke(cli, [*args, "--index", str(built[0])])
    assert result.exit_code == 2 and cli_says in result.stderr, result.stderr


def test_the_cluster_engine_words_them_alike():
    engine = OpenSearchEngine.__new__(OpenSearchEngine)  # both refuse before any request
    with pytest.raises(SearchidxError, match="^by must be one of"):
        engine.timeline(Query(q="x"), by="fortnight")
    with pytest.raises(SearchidxError, match="^feedback is not available with backend opensearch") as err:
        engine.compile(Query(q="x", feedback=True))
    assert "--" not in str(err.value)
    # entity analytics: the library's calls, not the entities command's --rank (which the CLI still names)
    with pytest.raises(SearchidxError, match=r"^entity analytics \(associations, trending, network\) are not") as err:
        engine.entity_counts(Query(q="x"), ["person"])
    assert "--" not in str(err.value) and "entities --rank association" in err.value.for_cli()


def test_saved_queries_name_their_keys_and_run_names_its_options(tmp_path, built):
    bad = tmp_path / "bad.yaml"
    bad.write_text("queries:\n  - name: a\n    q: '(referendum'\n")
    with pytest.raises(SearchidxError) as err:
        load_queries(bad).resolve()
    assert "or use literal: true, to search" in str(err.value)  # the key a saved query takes
    path = tmp_path / "q.yaml"
    path.write_text("params:\n  w: x\nqueries:\n  - name: a\n    q: 'referendum {w}'\n")
    with pytest.raises(SearchidxError) as err:
        load_queries(path).resolve({"who": "x"})
    assert str(err.value) == f"{path}: params: the file has no param 'who' (params: w)"
    result = CliRunner().invoke(cli, ["run", str(path), "--set", "who=x", "--index", str(built[0])])
    assert result.exit_code == 2 and f"Error: {path}: --set who: the file has no param 'who'" in result.stderr


def test_run_and_evaluate_take_one_query_name_as_a_plain_string(tmp_path, idx):
    """names="ab" was read letter by letter: run() ran the queries 'a' and 'b' of the file instead of 'ab'
    (other queries' results, no word said), and evaluate() failed with "no query named 'o'"."""
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n"
                    "  - name: a\n    q: referendum\n    relevant: [ex-2022-0921-002]\n"
                    "  - name: b\n    q: vaccine\n    relevant: [ex-2022-0921-002]\n"
                    "  - name: ab\n    q: energy\n    relevant: [ex-2022-0921-002]\n")
    runs = idx.run(path, names="ab")
    assert list(runs) == ["ab"] and runs["ab"].total == idx.search("energy").total
    assert [q.name for q in load_queries(path).resolve(names="ab")] == ["ab"]
    assert [q.query for q in idx.evaluate(path, names="ab").queries] == ["ab"]
    with pytest.raises(TypeError) as err:  # ArgumentTypeError, as a filter of the wrong type is
        idx.run(path, names=[1])
    assert str(err.value) == "names must be a query name or a list of names (str), not [1]"


def test_a_query_object_with_keyword_filters_counts_what_the_filters_allow(idx):
    """idx.facets(..., query=Query(q=...), place=[...]) and idx.timeline(Query(...), place=[...]) dropped the
    keyword filters, so they counted every match of the text (search() and associations() applied them)."""
    text = "energy OR bank OR referendum"
    query = Query(q=text)
    narrowed = idx.search(text, place=["United States"]).total
    assert 0 < narrowed < idx.search(query).total
    assert idx.search(query, place=["United States"]).total == narrowed
    assert (idx.facets("place", query=query, place=["United States"]) ==
            idx.facets("place", query=text, place=["United States"]))
    assert (idx.facets("source", query=query, place=["United States"]) ==
            idx.search(text, place=["United States"], facets=["source"]).facets != idx.facets("source", query=query))
    assert idx.timeline(query, by="year", place=["United States"]).total == narrowed
    with pytest.raises(TypeError, match=r"^person must be a name or a list of names \(str\), not \[1\]$"):
        idx.search(query, person=[1])  # as with text: a person named "1" found nothing, and said nothing


def test_match_ids_and_explain_take_a_search_s_options(idx):
    """docs/library.md: options given beside a query apply 'in every call that takes a query'; match_ids and
    explain took none ('idx.match_ids("bank", place=["United States"])': TypeError, unexpected keyword)."""
    text = "energy OR bank OR referendum"
    narrowed = [h.id for h in idx.search(text, place=["United States"], limit=1000).hits]
    assert 0 < len(narrowed) < len(idx.match_ids(text))
    assert idx.match_ids(text, place=["United States"]) == narrowed
    assert idx.match_ids(Query(q=text), place="United States", sort="oldest") == [
        h.id for h in idx.search(text, place=["United States"], sort="oldest", limit=1000).hits]
    assert idx.explain(text, place=["United States"]) == idx.explain(Query(q=text, place=("United States",)))
    with pytest.raises(SearchidxError, match="^unknown query key 'bogus'"):
        idx.match_ids(text, bogus=1)


def test_similar_says_a_sort_or_feedback_it_does_not_use(idx):
    """idx.similar(id, sort="newest") listed the likeness order with no word that the sort was not used."""
    plain = idx.similar("ex-2022-0921-002", limit=5)
    dated = idx.similar("ex-2022-0921-002", limit=5, sort="newest", feedback=True)
    assert [h.id for h in dated.hits] == [h.id for h in plain.hits] and not plain.warnings
    assert dated.warnings == ["similar ranks by likeness to ex-2022-0921-002: sort='newest' and feedback=True "
                              "change nothing"]


def test_params_and_names_beside_resolved_queries_are_refused_not_dropped(tmp_path, idx):
    """idx.run(qf.resolve(), params={"w": "vaccine"}) ran every query with the values it had been resolved
    with: the params and names given beside queries already resolved were dropped, unsaid."""
    path = tmp_path / "q.yaml"
    path.write_text("params:\n  w: referendum\nqueries:\n  - name: a\n    q: '{w}'\n    relevant: [ex-2022-0921-002]\n"
                    "  - name: b\n    q: energy\n    relevant: [ex-2022-0921-002]\n")
    resolved = load_queries(path).resolve()
    for call in (lambda: idx.run(resolved, params={"w": "vaccine"}), lambda: idx.run(resolved, names=["b"]),
                 lambda: idx.evaluate(resolved, names="b")):
        with pytest.raises(SearchidxError, match=r"^(.*: )?params and names pick and fill the queries of a query file"):
            call()
    assert list(idx.run(load_queries(path).resolve({"w": "vaccine"}, ["a"]))) == ["a"]  # the way to do it
    assert [q.query for q in idx.evaluate(path, names="b").queries] == ["b"]
