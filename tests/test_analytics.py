"""Entity analytics on tests/fixtures/analytics, whose answers are known by construction (see its README)."""

import json
import math
import shutil
from collections import Counter

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

import searchidx
from searchidx.analytics.measures import g2, signed_g2
from searchidx.cli import cli
from searchidx.enrich.aliases import fold
from searchidx.errors import SearchidxError
from searchidx.saved import load_queries

ANALYTICS = FIXTURES / "analytics"


@pytest.fixture(scope="module")
def aix(tmp_path_factory):
    index = tmp_path_factory.mktemp("analytics") / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([ANALYTICS])
    assert report.added == 60 and not report.failed
    return index


@pytest.fixture
def idx(aix):
    with searchidx.open_index(aix) as index:
        yield index


def invoke(aix, *args):
    return CliRunner().invoke(cli, [*args, "--index", str(aix)], catch_exceptions=False)


# --- the measure ---

def test_g2_matches_the_textbook_value():
    # Dunning's worked form: 2 * sum O ln(O / E); for [[10, 0], [0, 10]] every O is 10 and every E is 5
    assert g2(10, 0, 0, 10) == pytest.approx(2 * 20 * math.log(2))
    assert g2(5, 5, 5, 5) == 0.0
    assert signed_g2(1, 10, 5, 10) < 0 < signed_g2(5, 10, 1, 10)


@pytest.mark.parametrize("names", [[], ["Ever Where"], ["Recep Tayyip Erdoğan", "Zürich"],
                                   ["A" * 130, "Short"], ["x"] * 200])
def test_entity_column_bytes_split_as_whoosh_writes_them(names):
    from whoosh.util.varints import varint

    from searchidx.index.schema import names_of_column_bytes

    # VarBytesListColumn's layout: a varint count, then each value as a varint length and its bytes
    encoded = [n.encode("utf-8") for n in names]
    blob = b"".join([varint(len(encoded))] + [varint(len(v)) + v for v in encoded]) if names else b""
    assert names_of_column_bytes(blob) == names


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["Ana", "Bo Li", "Zoë Zephyr", "Ana ", "Ä" * 9, "x" * 16, "y" * 17,
                                          "O'Brien & Co", "B" * 130, "Ana"]), max_size=6), max_size=40))
def test_entity_columns_read_at_once_as_one_at_a_time(rows):
    from whoosh.util.varints import varint

    from searchidx.search import entitytable

    # a segment's column as Whoosh stores it: the values back to back, each a varint count then each name
    # as a varint length and its bytes; the vectorised reading and the one-value-at-a-time one agree
    values = [b"".join([varint(len(r))] + [varint(len(n.encode())) + n.encode() for n in r]) if r else b""
              for r in rows]
    lengths = np.array([len(v) for v in values], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if values else lengths
    fast_vocabulary: dict = {}
    fast = entitytable._parse(b"".join(values), offsets, lengths, fast_vocabulary)
    plain_vocabulary: dict = {}
    doc, ids = entitytable._split_each(values, plain_vocabulary)
    plain = [[] for _ in rows]
    for d, i in zip(doc.tolist(), ids.tolist()):
        plain[d].append(list(plain_vocabulary)[i].decode())
    assert plain == [list(r) for r in rows]
    if any(len(n.encode()) > 127 for r in rows for n in r):
        assert fast is None  # a two-byte length: read one value at a time
        return
    assert fast is not None
    got = [[] for _ in rows]
    for d, i in zip(fast[0].tolist(), fast[1].tolist()):
        got[d].append(list(fast_vocabulary)[i].decode())
    assert got == plain


# --- association ---

def test_planted_name_ranks_first_by_association_and_the_everywhere_name_does_not(idx):
    by_count = idx.facets(["person"], top=5, person=["Tomas Target"])["person"]
    assert [f.value for f in by_count][:2] == ["Ever Where", "Tomas Target"]  # counts: 10, 10, then Penny 8
    found = idx.associations(person=["Tomas Target"])
    assert found.matched == 10 and found.articles == 60
    first = found.names[0]
    assert (first.name, first.count, first.total) == ("Penny Planted", 8, 10)
    assert "Tomas Target" not in [a.name for a in found.names]  # the filtered name itself is left out
    ever = next(a for a in found.names if a.name == "Ever Where")
    assert (ever.count, ever.total) == (10, 55) and ever.score < first.score / 5


def test_association_minimum_count_and_filters(idx):
    # in March the target has 3 articles (a42, a48, a54): Penny is in a42 only, under the minimum of 3
    march = idx.associations(person=["Tomas Target"], since="2024-03", until="2024-03")
    assert march.matched == 3
    assert "Penny Planted" not in [a.name for a in march.names]
    penny = [a for a in idx.associations(person=["Tomas Target"], since="2024-03", until="2024-03",
                                         min_count=1).names if a.name == "Penny Planted"]
    assert [(a.count, a.total) for a in penny] == [(1, 10)]
    with pytest.raises(SearchidxError, match="unknown entity type 'people'"):
        idx.associations(person=["Tomas Target"], types=["people"])


def test_totals_leave_out_articles_deleted_by_an_update(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ANALYTICS, corpus)
    with searchidx.open_index(tmp_path / "index") as index:
        index.update([corpus])
        path = corpus / "articles.jsonl"
        path.write_text(path.read_text(encoding="utf-8").replace("local note number 59", "note 59"), encoding="utf-8")
        report = index.update([corpus])
        assert (report.updated, report.unchanged) == (1, 59)  # the one record edited (the file's 60 read again)
        found = index.associations(person=["Tomas Target"])
    assert found.articles == 60
    assert {a.name: a.total for a in found.names} == {"Penny Planted": 10, "Ever Where": 55}


def test_counts_over_segments_where_one_names_no_organisation(tmp_path):
    # Three updates, three segments; the middle one names no organisation, so it has no org column
    corpus = tmp_path / "corpus"
    shutil.copytree(ANALYTICS, corpus)
    row = '{{"id": "{p}{i}", "title": "plain note", "date": "2024-03-1{i}", "body": "a note.", {tags}}}\n'
    with searchidx.open_index(tmp_path / "index") as index:
        index.update([corpus])
        (corpus / "b.jsonl").write_text("".join(row.format(p="b", i=i, tags='"people": "Ever Where"')
                                                for i in range(5)), encoding="utf-8")
        index.update([corpus])
        (corpus / "c.jsonl").write_text("".join(row.format(p="c", i=i, tags='"orgs": "Rising Star"')
                                                for i in range(5)), encoding="utf-8")
        index.update([corpus])
        assert index.stats().segments == 3
        found = index.associations(person=["Ever Where"], types=["org"], min_count=1)
        orgs = {f.value: f.count for f in index.facets(["org"], person=["Ever Where"])["org"]}
        net = index.network(types=["org"], min_articles=1)
    assert found.matched == 60
    assert {a.name: a.count for a in found.names}.items() <= orgs.items()
    assert {n.label: n.articles for n in net.nodes} == {"Steady State": 30, "Rising Star": 21}


def _plain_counts(index, types, **filters):
    """The straightforward count: every matching article's names as stored with it, counted one by one, and
    each folded name's articles over the whole index (spellings that fold alike merged, under the most
    frequent, as facet counts show them)."""
    def merged(hits):
        out = {}
        for t in types:
            spellings = Counter(n for h in hits for n in set(h.entities.get(t, [])))
            by_fold: dict = {}
            for name, n in spellings.items():
                by_fold.setdefault(fold(name), []).append((name, n))
            out[t] = {min(v, key=lambda nc: (-nc[1], nc[0]))[0]: sum(n for _, n in v) for v in by_fold.values()}
        return out

    matched = index.search(limit=10_000, **filters).hits
    everything = merged(index.search(limit=10_000).hits)
    totals = {t: {fold(name): n for name, n in everything[t].items()} for t in types}
    return len(matched), merged(matched), totals


def test_fast_counts_agree_with_a_plain_count_over_segments_and_deletions(tmp_path):
    # four segments: the fixture; five articles naming "Zoë Zephyr" and one rewritten fixture article (its old
    # version deleted from the first segment); articles naming no organisation; one spelled "Zoe Zephyr"
    corpus = tmp_path / "corpus"
    shutil.copytree(ANALYTICS, corpus)
    row = '{{"id": "{id}", "title": "plain note", "date": "2024-03-1{i}", "body": "a note.", {tags}}}\n'
    types = ("person", "place", "org")
    with searchidx.open_index(tmp_path / "index") as index:
        index.update([corpus])
        (corpus / "b.jsonl").write_text("".join(
            row.format(id=f"b{i}", i=i, tags='"people": "Zoë Zephyr, Tomas Target", "orgs": "Rising Star"')
            for i in range(5)), encoding="utf-8")
        path = corpus / "articles.jsonl"
        path.write_text(path.read_text(encoding="utf-8").replace(
            '"people": "Ever Where, Tomas Target, Penny Planted", "orgs": "Steady State"',
            '"people": "Tomas Target, Zoë Zephyr", "orgs": "Steady State"', 1), encoding="utf-8")
        index.update([corpus])
        (corpus / "c.jsonl").write_text("".join(row.format(id=f"c{i}", i=i, tags='"people": "Ever Where"')
                                                for i in range(4)), encoding="utf-8")
        index.update([corpus])
        (corpus / "d.jsonl").write_text(row.format(id="d0", i=0, tags='"people": "Zoe Zephyr"'),
                                        encoding="utf-8")
        index.update([corpus])
        assert index.stats().segments >= 3 and index.stats().articles == 70
        for filters in ({}, {"person": ["Tomas Target"]}, {"person": ["Ever Where"], "since": "2024-02"},
                        {"q": "plain"}, {"org": ["Rising Star"]}):
            query = searchidx.Query.from_dict(filters)
            fast = index.engine.entity_counts(query, types, background=True)
            matched, counts, totals = _plain_counts(index, types, **filters)
            assert fast.matched == matched and fast.articles == 70, filters
            assert fast.counts == counts, filters
            assert fast.totals == {t: {name: totals[t][fold(name)] for name in counts[t]} for t in types}, filters
            rows, _ = index.engine.entity_rows(query, types)
            plain_rows = sorted(sorted((t, n) for t in types for n in set(h.entities.get(t, [])))
                                for h in index.search(limit=10_000, **filters).hits)
            assert sorted(sorted(r) for r in rows) == plain_rows, filters
        zoe = index.associations(person=["Tomas Target"], min_count=1, top=100)
    assert {a.name: (a.count, a.total) for a in zoe.names}["Zoë Zephyr"] == (6, 7)  # "Zoe Zephyr" counted in


def test_entities_rank_association_cli(aix):
    result = invoke(aix, "entities", "--person", "Tomas Target", "--rank", "association", "--format", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[:3] == [
        "type,name,count,total,expected,ratio,score",
        "person,Penny Planted,8,10,1.67,4.8,27.26",
        "person,Ever Where,10,55,9.17,1.09,1.91",
    ]
    table = invoke(aix, "entities", "--person", "Tomas Target", "--rank", "association").output
    assert "Penny Planted        8        10      1.67   4.80  27.26" in table


@pytest.mark.parametrize("args, header", [
    (["entities", "nosuchwordzz", "--rank", "association"], "type,name,count,total,expected,ratio,score"),
    (["trending", "nosuchwordzz", "--since", "2024-03-01"],
     "type,name,count,baseline_count,share,baseline_share,ratio,score"),
    (["network", "nosuchwordzz"], "source,target,articles,score"),
])
def test_csv_with_no_rows_still_has_its_header_row(aix, args, header):
    # a script reading the CSV finds its columns whether or not anything matched
    result = invoke(aix, *args, "--format", "csv")
    assert result.exit_code == 0 and result.stdout.splitlines() == [header]


# --- trending ---

def test_a_name_tripling_tops_trending_and_a_stable_one_is_absent(idx):
    found = idx.trending(since="2024-03-01", until="2024-03-31")
    # the default baseline: as long as the period, just before it (a whole month before a whole month)
    assert found.baseline == ("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z")
    days = idx.trending(since="2024-03-05", until="2024-03-10")  # six days: the six before
    assert days.baseline == ("2024-02-28T00:00:00Z", "2024-03-05T00:00:00Z")
    assert (found.matched, found.baseline_matched) == (20, 20)
    top = found.names[0]
    assert (top.name, top.count, top.baseline_count, top.ratio) == ("Rising Star", 12, 4, 3.0)
    names = [t.name for t in found.names]
    assert "Steady State" not in names and "Ever Where" not in names
    blip = next(t for t in found.names if t.name == "Tiny Blip")  # 1 -> 3: the same rise, far less evidence
    assert blip.score < top.score / 3
    assert "Tiny Blip" not in [t.name for t in idx.trending(since="2024-03", until="2024-03", min_count=4).names]


def test_trending_baseline_type_and_query(idx):
    found = idx.trending(since="2024-03", until="2024-03", baseline="2024-01..2024-02", types=["person"])
    assert found.baseline_matched == 40
    assert [t.name for t in found.names] == ["Tiny Blip"]  # persons only; 3 of 20 against 1 of 40
    assert idx.trending("", person=["Tomas Target"], since="2024-03", until="2024-03").matched == 3
    empty = idx.trending(since="2024-01", until="2024-01")  # nothing before January
    assert empty.names == [] and empty.warnings == [
        "no matching article is dated in the baseline 2023-12-01..2023-12-31: nothing to compare with "
        "(choose a baseline period, A..B)"]
    with pytest.raises(SearchidxError,
                       match=r"^trending needs a period: since \(and until, default the newest match\)$"):
        idx.trending()
    with pytest.raises(SearchidxError, match="^baseline '2024-01..': needs both ends"):
        idx.trending(since="2024-03", until="2024-03", baseline="2024-01..")
    with pytest.raises(SearchidxError, match=r"^baseline 'soon': not a date I understand; write A..B, such as "
                                             r"2020-01..2020-02"):
        idx.trending(since="2024-03", until="2024-03", baseline="soon")


def test_trending_cli(aix):
    result = invoke(aix, "trending", "--since", "2024-03-01", "--until", "2024-03-31", "--type", "org")
    assert result.exit_code == 0
    assert result.output == (
        "Rising: 2024-03-01..2024-03-31 (20 articles) against 2024-02-01..2024-02-29 (20); at least 3 in the period:\n"
        "  type  name         period  share  baseline  share  change    G2\n"
        "  org   Rising Star      12  60.0%         4  20.0%    x3.0  6.90\n")
    bad = CliRunner().invoke(cli, ["trending", "--index", str(aix)])
    assert bad.exit_code == 2 and "Error: trending needs a period: --since DATE (and --until DATE" in bad.output


# --- network ---

def _expected_graph(g):
    assert set(g.nodes) == {"person:Ever Where", "person:Tomas Target", "person:Penny Planted"}
    assert g.nodes["person:Penny Planted"]["type"] == "person"
    assert g.nodes["person:Penny Planted"]["articles"] == 8
    weights = {frozenset((a, b)): d["weight"] for a, b, d in g.edges(data=True)}
    assert weights == {frozenset(("person:Ever Where", "person:Tomas Target")): 10,
                       frozenset(("person:Ever Where", "person:Penny Planted")): 8,
                       frozenset(("person:Tomas Target", "person:Penny Planted")): 8}


@pytest.mark.parametrize("suffix", ["graphml", "gexf", "json"])
def test_network_file_round_trips_through_networkx(aix, tmp_path, suffix):
    out = tmp_path / f"target.{suffix}"
    result = invoke(aix, "network", "--person", "Tomas Target", "--top", "3", "--out", str(out))
    assert result.exit_code == 0
    if suffix == "graphml":
        g = nx.read_graphml(out)
    elif suffix == "gexf":
        g = nx.read_gexf(out)
    else:
        g = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    _expected_graph(g)


def test_network_scores_and_limits(idx):
    net = idx.network(types=["person"], min_articles=2)
    assert [n.label for n in net.nodes] == ["Ever Where", "Penny Planted", "Tomas Target", "Tiny Blip"]
    edge = {(e.source, e.target): e for e in net.edges}
    planted = edge.get(("person:Penny Planted", "person:Tomas Target"))
    assert planted is not None and planted.articles == 8 and planted.score > 10
    assert all(e.articles >= 2 for e in net.edges)
    assert ("person:Tiny Blip", "person:Tomas Target") not in edge  # they share one article (a54)
    assert [n.label for n in idx.network(types=["person"], top=2).nodes] == ["Ever Where", "Penny Planted"]
    _expected_graph(idx.network(person=["Tomas Target"], top=3).to_networkx())


def test_network_out_refuses_an_unknown_ending(aix, tmp_path):
    result = CliRunner().invoke(cli, ["network", "--index", str(aix), "--out", str(tmp_path / "g.png")])
    assert result.exit_code == 2 and "must end in one of .json, .csv, .graphml, .gexf" in result.output
    assert not (tmp_path / "g.png").exists()


# --- saved queries ---

REPORTS = """\
params: {month: "2024-03"}
queries:
  - name: with-target
    person: [Tomas Target]
    report: entities
    rank: association
    format: csv
  - name: rising
    report: trending
    since: "{month}"
    until: "{month}"
    types: [org]
    format: json
  - name: graph
    person: [Tomas Target]
    report: network
    top: 3
    output: graph.graphml
"""


def test_saved_queries_ask_for_reports(aix, tmp_path):
    qfile = tmp_path / "q.yaml"
    qfile.write_text(REPORTS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(qfile), "--index", str(aix)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "person,Penny Planted,8,10,1.67,4.8,27.26" in result.output
    # the csv's lines, then the JSON document (each query's heading is on stderr)
    rising, _ = json.JSONDecoder().raw_decode(result.stdout[result.stdout.index("\n{") + 1:])
    assert [t["name"] for t in rising["names"]] == ["Rising Star"]
    _expected_graph(nx.read_graphml(tmp_path / "graph.graphml"))


@pytest.mark.parametrize("since, until, error", [
    ("2999-01", None, ":4: query 'ahead': since: '2999-01': is after today: give until: too"),
    ("0001-01", "0001-02", ":4: query 'ahead': since: '0001-01': leaves no room for a baseline as long "
                           "before it (dates start in the year 1): give baseline: A..B"),
])
def test_a_saved_trend_whose_period_is_refused_names_the_file_line_and_key(aix, tmp_path, since, until, error):
    """The period of a trending report is checked when it runs (its end can be the newest match): the error
    named the command line's option ('Error: --since '2999-01': is after today: give --until too'), not the
    file, query and key the period came from."""
    (tmp_path / "q.yaml").write_text("queries:\n  - name: ahead\n    report: trending\n    since: \"" + since + "\"\n"
                                     + (f"    until: \"{until}\"\n" if until else ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "q.yaml"), "--index", str(aix)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == f"Error: {tmp_path / 'q.yaml'}{error}"


@pytest.mark.parametrize("extra, error", [
    ("report: trends", "report: must be one of entities, trending, network, not 'trends'"),
    ("report: network\n    min_count: 2", "min_count: report network takes no 'min_count'"),
    ("top: 3", "top: only a report takes 'top'"),
    ("report: trending", "report: a trending report needs since:"),
    ("report: network\n    format: paths",
     "format of a network report must be one of table, json, csv, graphml, gexf, not 'paths'"),
    ("report: entities\n    types: [people]", "types: unknown entity type 'people'"),
    ("report: entities\n    columns: [title]", "columns: a report has a fixed layout"),
    # the keys of a list of hits changed nothing in a report, unsaid: 'limit: 5' listed 60 names
    ("report: entities\n    limit: 5", "limit: report entities takes no 'limit': it lists names, not hits"),
    ("report: network\n    sort: newest", "sort: report network takes no 'sort'"),
    ("report: trending\n    since: '2020'\n    page: 2", "page: report trending takes no 'page'"),
    ("report: entities\n    facets: [place]", "facets: report entities takes no 'facets'"),
])
def test_saved_report_errors_name_the_key(tmp_path, extra, error):
    qfile = tmp_path / "q.yaml"
    qfile.write_text(f"queries:\n  - name: one\n    {extra}\n", encoding="utf-8")
    with pytest.raises(SearchidxError, match=error.replace("(", r"\(")):
        load_queries(qfile)


def test_a_report_keeps_the_hits_keys_its_defaults_give(tmp_path):
    """defaults: limit and sort are for the file's searches: a report beside them is no error."""
    qfile = tmp_path / "q.yaml"
    qfile.write_text("defaults:\n  limit: 3\n  sort: newest\nqueries:\n  - name: one\n    report: entities\n"
                     "  - name: two\n    q: oil\n", encoding="utf-8")
    assert [rq.report for rq in load_queries(qfile).resolve()] == ["entities", None]


@pytest.mark.parametrize("call, message", [
    (lambda idx: idx.network(top=-1), "top must be a whole number of at least 1, not -1"),
    (lambda idx: idx.network(min_articles=0), "min_articles must be a whole number of at least 1, not 0"),
    (lambda idx: idx.trending(since="2020-03", top=-1), "top must be a whole number of at least 1, not -1"),
    (lambda idx: idx.associations(min_count=0), "min_count must be a whole number of at least 1, not 0"),
    (lambda idx: idx.associations(top="5"), "top must be a whole number of at least 1, not '5'"),
    (lambda idx: idx.timeline(split="person", top=-1), "top must be a whole number of at least 1, not -1"),
    (lambda idx: idx.facets(["person"], top=-1), "top must be a whole number of at least 1, not -1"),
])
def test_the_library_refuses_the_counts_the_cli_refuses(aix, call, message):
    """top=-1 sliced the list Python's way, all names but the last (502 nodes for a network of the top
    -1); the CLI, saved queries and the web page refuse it, and so does the library."""
    with searchidx.open_index(aix) as idx, pytest.raises(SearchidxError, match=message):
        call(idx)
