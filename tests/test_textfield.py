"""The text fields' one-pass indexing writes exactly the postings Whoosh's own path writes
through the analyzer that queries use: the same terms, frequencies, weights and encoded positions."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from searchidx.index import analysis
from searchidx.index import schema as S
from searchidx.index.textfield import NewsText, PlainText, encode_positions

TRICKY = [
    "",
    "   ",
    "the of and",  # stop words only
    "The U.S. and the U.N. met in Zürich; the US's envoy left.",
    "O'Brien’s colour-coded programme: the centre's defence was organised in 2022-09-14, 3.5% up",
    "Theresa May will meet us at the harbour. May 2022, Will Smith",
    "the the cat the cat sat on the mat, the cat's mat",  # stop words before the first word count
    "Café crème, naïve façade — ÀÉÎÕÜ ß æ œ",
    "1 2 3 1984 10,000 covid-19 COVID-19 F-16s",
    "analysed analysing analyses travelled cancelled grey tyres jewellery aluminium",
    "a" * 300 + " word " + "b'" * 3,
    "’s 's s' x'y 'quoted' \u201cdouble\u201d",
    "U.S.A. A.B. e.g. i.e. p.m. U.S.-led",
    "mixed\nlines\tand\r\ntabs",
]


def whoosh_postings(field: TEXT, text: str) -> list:
    """What Whoosh's own TEXT.index writes: the analyzer's tokens through Positions.word_values."""
    return list(TEXT.index(field, text))


@pytest.mark.parametrize("name", [S.TITLE, S.BODY])
@pytest.mark.parametrize("text", TRICKY)
def test_one_pass_postings_are_whooshs(name, text):
    field = S.build_schema()[name]
    assert isinstance(field, NewsText)
    analysis._recent_words.clear()
    assert list(field.index(text)) == whoosh_postings(field, text)


@pytest.mark.parametrize("text", TRICKY)
def test_words_read_for_the_exact_column_first_give_the_same_postings(text):
    """Whoosh writes "exact" before "title": the title's words are read there, then reused."""
    field = S.build_schema()[S.TITLE]
    analysis._recent_words.clear()
    words = analysis.exact_words(text)
    assert list(field.index(text)) == whoosh_postings(field, text)
    assert analysis.exact_words(text) == words


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(list("abcé AZ.'’-\n9") + ["the ", "of ", "U.S. ", "colour ", "Zürich ", "May ",
                                                        "cat's ", "s' ", "organise ", "running "]),
                max_size=60).map("".join))
def test_one_pass_postings_agree_with_the_analyzer_on_any_text(text):
    field = S.build_schema()[S.BODY]
    analysis._recent_words.clear()
    fast = list(field.index(text))
    assert fast == whoosh_postings(field, text)
    analyzer = field.analyzer
    positions: dict[str, list[int]] = {}
    for token in analyzer(text, positions=True):
        positions.setdefault(token.text, []).append(token.pos)
    assert analyzer.term_positions(text) == positions
    assert [field.format.decode_positions(value) for _, _, _, value in fast] == list(positions.values())


@pytest.mark.parametrize("name", [S.AUTHOR, S.META_PREFIX + "dateline"])
@pytest.mark.parametrize("text", TRICKY)
def test_plain_one_pass_postings_are_whooshs(name, text):
    """The author and unknown header keys (folded, not stemmed, stop words kept) write what Whoosh writes."""
    field = S.build_schema()[name]
    assert isinstance(field, PlainText)
    assert list(field.index(text)) == whoosh_postings(field, text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(list("abcé AZ.'’-\n9") + ["the ", "Of ", "U.S. ", "colour ", "Zürich ", "'s ",
                                                        "s' ", "’s", "running "]),
                max_size=60).map("".join))
def test_plain_one_pass_postings_agree_with_the_analyzer_on_any_text(text):
    field = S.build_schema()[S.META_PREFIX + "dateline"]
    assert list(field.index(text)) == whoosh_postings(field, text)


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=100_000), min_size=1, max_size=40, unique=True).map(sorted))
def test_positions_are_encoded_as_whoosh_encodes_them(positions):
    field = S.build_schema()[S.BODY]
    assert encode_positions(positions) == field.format.encode(positions)


def test_a_list_of_words_takes_whooshs_own_path():
    field = S.build_schema()[S.BODY]
    assert list(field.index(["alpha", "beta", "alpha"])) == list(TEXT.index(field, ["alpha", "beta", "alpha"]))


@settings(deadline=None)  # the first example imports numpy
@given(st.sets(st.integers(min_value=0, max_value=2**32 - 1), max_size=300))
def test_the_exact_word_column_holds_sorted_little_endian_hashes(hashes):
    """The column's on-disk layout: what a phrase query unpacks and searches by bisection."""
    import struct

    packed = S.pack_hashes(hashes)
    assert packed == struct.pack(f"<{len(hashes)}I", *sorted(hashes))
    assert list(S.unpack_hashes(packed)) == sorted(hashes)


QUERIES = ["protest", '"state of emergency"', 'title:"campaign trail"', '"Erdogan said"', "presiding", "harbour",
           "author:o'brien", "desk:metro", 'desk:"City Desk"']
EXTRA = ('{"id": "desk-1", "title": "Harbour works", "body": "The harbour works begin.", "author": "Seán O\'Brien", '
         '"desk": "Metro and City Desk", "date": "2021-02-03"}\n')


def test_an_index_written_before_the_one_pass_field_is_read_and_written_as_before(tmp_path, monkeypatch):
    """Indexes of format 18 written before NewsText hold Whoosh's TEXT for the title and body: they open,
    take new articles (through the analyzer's token stream) and answer as a new index does."""
    import searchidx
    from searchidx.index import store

    def schema_before():
        schema = S.build_schema()
        for name in (S.TITLE, S.BODY, S.AUTHOR):
            field = schema[name]
            old = TEXT(analyzer=field.analyzer, stored=True, field_boost=field.format.field_boost)
            schema.remove(name)
            schema.add(name, old)
        schema.remove(S.META_PREFIX + "*")
        schema.add(S.META_PREFIX + "*", TEXT(analyzer=analysis.plain_analyzer()), glob=True)
        return schema

    fixture = tmp_path / "corpus"
    fixture.mkdir()
    source = (Path(__file__).parent / "fixtures" / "queryforms" / "articles.jsonl").read_text(encoding="utf-8")
    (fixture / "articles.jsonl").write_text(source + EXTRA, encoding="utf-8")
    answers = {}
    for kind, schema in (("before", schema_before), ("now", S.build_schema)):
        monkeypatch.setattr(store, "build_schema", schema)
        with searchidx.open_index(tmp_path / kind) as idx:
            assert not idx.update([fixture]).failed
        with searchidx.open_index(tmp_path / kind) as idx:
            answers[kind] = [{h.id for h in idx.search(q, limit=100).hits} for q in QUERIES]
        written = store.open_existing(tmp_path / kind).schema
        assert type(written[S.BODY]) is (TEXT if kind == "before" else NewsText)
        assert type(written[S.META_PREFIX + "desk"]) is (TEXT if kind == "before" else PlainText)
    assert answers["before"] == answers["now"]
    assert all(answers["now"][:5])
    assert answers["now"][6:] == [{"desk-1"}] * 3
