"""Property-based tests: for any input, the readers, the date parser and the query parser return a
result or raise searchidx's own error type, never anything else."""

import os

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


# --- the index life cycle -----------------------------------------------------------------------------

LIFE_IDS = ["w1", "w2", "w3", "w4", None, None]  # explicit ids, shared between files; None: the path's
LIFE_TEXT = ["The central bank raised its main interest rate by half a point on Thursday, the third rise this "
             "year, saying inflation had stayed above its target for longer than expected.",
             "Heavy rain flooded low-lying streets across the coastal city overnight, closing two schools and a "
             "hospital wing, while emergency crews pumped water from basements.",
             "Farmers across the northern plains began the wheat harvest early this year after a dry summer left "
             "the grain ready weeks ahead of the usual schedule."]
LIFE_SETTINGS = [{}, {"fields": {"title": ["zhed"]}}, {"story_threshold": 0.3}, {"extract_entities": False}]


def _life_records(rng, n):
    out = []
    for _ in range(n):
        words = ["Kyiv", "Paris", "said", "Lutsevych", "markets", "again", "officials"]
        text = rng.choice(LIFE_TEXT) + " " + " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        out.append({"id": rng.choice(LIFE_IDS), "title": rng.choice(["Rates", "Floods", "Harvest", "Update"]),
                    "date": rng.choice(["2021-01-05", "2021-01-07", "2021-02", "2021"]), "text": text,
                    "zhed": rng.choice(["", "Headline from zhed"])})
    return out


def _life_write(rng, path):
    import csv
    import io
    import json

    fmt = path.suffix
    records = _life_records(rng, 1 if fmt in (".txt", ".md") else rng.randint(1, 4))
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == ".jsonl":
        text = "".join(json.dumps({k: v for k, v in r.items() if v}) + "\n" for r in records)
    elif fmt == ".csv":
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=["id", "title", "date", "zhed", "text"])
        w.writeheader()
        w.writerows({k: v or "" for k, v in r.items()} for r in records)
        text = out.getvalue()
    else:
        r = records[0]
        head = "".join(f"{k}: {r[k]}\n" for k in ("id", "title", "date", "zhed") if r[k])
        text = f"---\n{head}---\n{r['text']}\n" if fmt == ".md" else f"{head}\n{r['text']}\n"
    path.write_text(text, encoding="utf-8")


# Aside in the comparison: the stamp (a file read again carries another one) and the digest of a file's
# articles (a file that lost a record to an earlier file keeps the digest of what it held; no search reads it).
LIFE_ASIDE = ("stamp", "hash")


class _LocalLife:
    """An index kept up to date and a clean build of each step, in folders."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path

    def settings(self, **changes):
        from searchidx.config import Settings

        return Settings(index=str(self.tmp / "ix"), **changes)

    def update(self, roots, settings, clean_step=None):
        import searchidx

        where = self.tmp / (f"clean{clean_step}" if clean_step is not None else "ix")
        with searchidx.open_index(where, settings) as idx:
            idx.update(roots)
            with idx.engine.require().searcher() as s:
                return {d["id"]: {k: v for k, v in d.items() if k not in LIFE_ASIDE} for d in s.all_stored_fields()}

    def close(self):
        pass


class _ClusterLife:
    """The same on two stand-in clusters (tests/opensearch_fake.py), the clean one rebuilt at each step."""

    def __init__(self, tmp_path):
        from opensearch_fake import FakeCluster

        self.tmp = tmp_path
        self.fakes = {"ix": FakeCluster().start(), "clean": FakeCluster().start()}

    def settings(self, **changes):
        from searchidx.config import Settings

        return Settings(backend="opensearch", opensearch_url=self.fakes["ix"].url, **changes)

    def update(self, roots, settings, clean_step=None):
        from dataclasses import replace

        from searchidx.api import Index
        from searchidx.enrich.aliases import load_registry
        from searchidx.opensearch.client import Cluster
        from searchidx.opensearch.engine import OpenSearchEngine

        fake = self.fakes["ix" if clean_step is None else "clean"]
        settings = replace(settings, opensearch_url=fake.url)
        registry = load_registry(settings.entity_files)
        engine = OpenSearchEngine(settings, lambda: registry, Cluster(settings))
        with Index(self.tmp / "unused", settings, engine=engine) as idx:
            idx.update(roots, rebuild=clean_step is not None)
        assert fake.problems == []
        return {d["id"]: {k: v for k, v in d.items() if k not in LIFE_ASIDE} for d in fake.docs.values()}

    def close(self):
        for fake in self.fakes.values():
            fake.stop()


LIFE_SEEDS = int(os.environ.get("SEARCHIDX_LIFE_SEEDS", "3"))  # bin/test runs 3 seeds of 12 steps; more by hand
LIFE_STEPS = int(os.environ.get("SEARCHIDX_LIFE_STEPS", "12"))


@pytest.mark.parametrize("engine", ["whoosh", "opensearch"])
@pytest.mark.parametrize("seed", range(LIFE_SEEDS))
def test_an_index_kept_up_to_date_equals_a_clean_build(tmp_path, seed, engine):
    """Random add, change, touch, delete, rename and move of files in four formats, ids shared between
    files, and changes of the settings that shape articles: after every step the updated index holds
    what a clean build of the corpus holds, field by field. Odd seeds spread the corpus over two
    folders, given in either order, or one at a time before both: which file keeps a shared id does
    not depend on the folders a run is given."""
    import random

    life = _LocalLife(tmp_path) if engine == "whoosh" else _ClusterLife(tmp_path)
    try:
        _life_cycle(life, tmp_path, random.Random(seed), roots=1 + seed % 2)
    finally:
        life.close()


def _life_cycle(life, tmp_path, rng, roots=1):
    top = tmp_path / "c"
    corpora = [top / r for r in ("one", "two")] if roots > 1 else [top]
    names = [f"{d}{n}{s}" for d in ("", "sub/") for n in "abcdef" for s in (".txt", ".md", ".jsonl", ".csv")]
    places = [c / n for c in corpora for n in names]
    for path in rng.sample(places, 6):
        _life_write(rng, path)
    base = {"batch_size": rng.choice([2, 3000])}
    settings = life.settings(**base)
    history = []
    for step in range(LIFE_STEPS):
        files = sorted(p for p in top.rglob("*") if p.is_file())
        op = rng.choice(["add", "change", "change", "touch", "delete", "rename", "settings"])
        if op == "add" or not files:
            path = rng.choice(places)
            _life_write(rng, path)
            history.append(f"add {path.relative_to(top)}")
        elif op == "change":
            path = rng.choice(files)
            _life_write(rng, path)
            history.append(f"change {path.relative_to(top)}")
        elif op == "touch":
            path = rng.choice(files)
            os.utime(path, ns=(step * 10**9, step * 10**9))
            history.append(f"touch {path.relative_to(top)}")
        elif op == "delete":
            path = rng.choice(files)
            path.unlink()
            history.append(f"delete {path.relative_to(top)}")
        elif op == "rename":
            old = rng.choice(files)
            new = rng.choice([p for p in places if p.suffix == old.suffix])
            new.parent.mkdir(parents=True, exist_ok=True)
            old.rename(new)
            history.append(f"rename {old.relative_to(top)} {new.relative_to(top)}")
        else:
            changes = rng.choice(LIFE_SETTINGS)
            settings = life.settings(**base, **changes)
            history.append(f"settings {changes}")
        given = rng.sample(corpora, len(corpora))  # the folders in either order
        if len(given) > 1:
            if rng.random() < 0.5:  # one at a time first, then both
                for root in given:
                    life.update([root], settings)
                history.append(f"index {' then '.join(r.name for r in given)}")
            history.append(f"index {' '.join(r.name for r in given)}")
        updated = life.update(given, settings)
        clean = life.update(rng.sample(corpora, len(corpora)), settings, clean_step=step)
        assert updated == clean, "; ".join(history)
