"""Property-based tests: for any input, the readers, the date parser and the query parser return a
result or raise searchidx's own error type, never anything else."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchidx import dates
from searchidx.errors import DateParseError, QuerySyntaxError, ReadError, SearchidxError
from searchidx.ingest.readers import READERS, read
from searchidx.search.parser import parse

SUFFIXES = sorted(READERS) + [".jsonl.gz"]
QUERY_ALPHABET = st.sampled_from(list('abcxyz019 "\'()[]{}:*?-+!~.,<>=\\/') + ["AND", "OR", "NOT", "date:", "person:",
                                                                                 "place:", " TO ", "..", "\u201c", "é"])


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    """One folder for the generated files, shared by every example (and removed by pytest, unlike a
    module-level mkdtemp, which left a folder in /tmp on every run)."""
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_readers_on_any_bytes(fuzz_dir, data, suffix):
    path = fuzz_dir / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        articles = read(path, path.name)
    except ReadError:
        return
    assert articles and all(a.id for a in articles)


def _structured():
    key = st.sampled_from(["title", "date", "Date", "published", "source", "by", "people", "x", "id", "text"])
    value = st.one_of(st.text(max_size=40), st.sampled_from(["2022-09-20", "Sept. 20, 2022", "garbage", "1663671900"]))
    return st.lists(st.tuples(key, value), max_size=8)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=_structured(), body=st.text(max_size=500), fmt=st.sampled_from(["txt", "md", "jsonl", "csv", "html"]))
def test_readers_on_article_like_text(fuzz_dir, pairs, body, fmt):
    import csv
    import io
    import json

    if fmt == "txt":
        content = "".join(f"{k}: {v}\n".replace("\n\n", "\n") for k, v in pairs) + "\n" + body
    elif fmt == "md":
        content = "---\n" + "".join(f"{k}: {json.dumps(v)}\n" for k, v in pairs) + "---\n" + body
    elif fmt == "jsonl":
        content = json.dumps({**dict(pairs), "text": body}) + "\n"
    elif fmt == "csv":
        out = io.StringIO()
        d = {**dict(pairs), "text": body}
        w = csv.DictWriter(out, fieldnames=list(d))
        w.writeheader()
        w.writerow(d)
        content = out.getvalue()
    else:
        content = "<html><head>" + "".join(f'<meta property="{k}" content="{v}">' for k, v in pairs) + \
                  f"</head><body><article><p>{body}</p></article></body></html>"
    path = fuzz_dir / f"structured.{fmt}"
    path.write_bytes(content.encode("utf-8", errors="replace"))
    try:
        read(path, path.name)
    except ReadError:
        pass


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_date_parser_on_any_text(text):
    try:
        point = dates.parse_date(text)
    except DateParseError:
        return
    assert point.precision in dates.PRECISIONS and point.value.tzinfo is not None


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_date_ranges_on_any_text(text):
    try:
        rng = dates.parse_range(text)
    except DateParseError:
        return
    assert rng.start is None or rng.end is None or rng.start <= rng.end


@settings(max_examples=1000, deadline=None)
@given(st.lists(QUERY_ALPHABET, max_size=25).map("".join))
def test_query_parser_on_hostile_text(text):
    try:
        parse(text)
    except QuerySyntaxError as e:
        assert "\n" not in str(e)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=40), st.lists(QUERY_ALPHABET, max_size=15).map("".join)))
def test_search_on_hostile_text_never_crashes(idx, text):  # the index is only read, so sharing it is safe
    try:
        res = idx.search(text, limit=3)
    except SearchidxError as e:
        assert "\n" not in str(e)
        return
    assert res.total >= 0


WORDS = st.sampled_from(["The", "the", "a", "of", "Russia's", "voters'", "Défence", "colour", "O'Brien", "it's",
                         "organised", "running", "élection", "naïve", "2022", "x", "U.S.", "don\u2019t", "\u2019s",
                         "Ångström", "ﬁnance", "ß", "İstanbul", "--", "...", "\n", "\u201cquoted\u201d"])


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=30), removestops=st.booleans(),
       tokenize=st.booleans(), start=st.integers(0, 5))
def test_fused_analyzer_matches_the_filter_chain(words, removestops, tokenize, start):
    """The one-pass analyzer gives the terms, positions and offsets of the composable filter chain."""
    from whoosh.analysis import RegexTokenizer, StemFilter, StopFilter

    from searchidx.index.analysis import STOP_WORDS_NEWS, TOKEN_PATTERN, NewsAnalyzer, NormalizeFilter

    chain = (RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter() | StopFilter(stoplist=STOP_WORDS_NEWS, minsize=1)
             | StemFilter())
    text = " ".join(words)
    kw = dict(positions=True, chars=True, removestops=removestops, tokenize=tokenize, start_pos=start,
              start_char=start, keeporiginal=True, mode="index")

    def seen(analyzer):
        return [(t.text, t.pos, t.startchar, t.endchar, t.stopped, t.original) for t in analyzer(text, **kw)]

    assert seen(NewsAnalyzer()) == seen(chain)
