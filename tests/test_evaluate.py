"""searchidx eval: judgements (qrels, relevant: lists), TREC run files, measures worked out by hand, compare.

The fixture collection tests/fixtures/eval has eight dated articles d1..d8 (2024-01-01 .. 2024-01-08) and
one undated-id file 'port notes.txt'. Its saved queries sort oldest first, so every ranking is fixed by
the dates, whatever the relevance scoring does:
  harbour: d1 d2 d4 d5 d7     relevant (relevant: list) d2 d5 d8
  strike:  d2 d3 d5 d6        judged.qrels: d2 1, d3 2, d6 1, d1 0
"""

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import searchidx
from searchidx import evaluate
from searchidx.cli import cli
from searchidx.errors import EvalError, SavedQueryError
from searchidx.evaluate import read_qrels, read_run, trec
from searchidx.evaluate.measures import EXACT_UP_TO, randomisation_test

EVAL = Path(__file__).parent / "fixtures" / "eval"
QUERIES = EVAL / "queries.yaml"
JUDGED = EVAL / "judged.qrels"


def log2(x):
    return math.log2(x)


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    path = tmp_path_factory.mktemp("eval") / "index"
    with searchidx.open_index(path) as idx:
        report = idx.update([EVAL / "corpus"])
    assert report.added == 9 and not report.failed
    return path


@pytest.fixture
def idx(index):
    with searchidx.open_index(index) as opened:
        yield opened


def invoke(args, index=None):
    return CliRunner().invoke(cli, [*args, *(["--index", str(index)] if index else [])])


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- saved queries, measured by hand -------------------------------------------------------------------

def test_saved_queries_are_measured_as_worked_out_by_hand(idx):
    ev = idx.evaluate(QUERIES, qrels=JUDGED)
    assert [q.query for q in ev.queries] == ["harbour", "strike"]  # weather has no judgements
    assert [doc for doc, _ in ev.rankings["harbour"]] == ["d1", "d2", "d4", "d5", "d7"]
    assert [doc for doc, _ in ev.rankings["strike"]] == ["d2", "d3", "d5", "d6"]
    harbour, strike = ev.queries
    # harbour: relevant d2 (rank 2), d5 (rank 4), d8 (not found); binary gains
    assert (harbour.relevant, harbour.found, harbour.retrieved, harbour.missed) == (3, 2, 5, ["d8"])
    expected = {
        "P@5": 2 / 5, "P@10": 2 / 10, "R@10": 2 / 3, "R@100": 2 / 3,
        "AP": (1 / 2 + 2 / 4) / 3,  # precision at each relevant found, over all 3 relevant
        "RR": 1 / 2,
        "nDCG@10": (1 / log2(3) + 1 / log2(5)) / (1 + 1 / log2(3) + 1 / log2(4)),
    }
    assert harbour.scores == pytest.approx(expected)
    # strike: graded qrels; d2 (1) rank 1, d3 (2) rank 2, d5 unjudged rank 3, d6 (1) rank 4; d1 judged 0
    assert (strike.relevant, strike.found, strike.missed) == (3, 3, [])
    expected_strike = {
        "P@5": 3 / 5, "P@10": 3 / 10, "R@10": 1.0, "R@100": 1.0,
        "AP": (1 / 1 + 2 / 2 + 3 / 4) / 3,
        "RR": 1.0,
        "nDCG@10": (1 / log2(2) + 2 / log2(3) + 1 / log2(5)) / (2 / log2(2) + 1 / log2(3) + 1 / log2(4)),
    }
    assert strike.scores == pytest.approx(expected_strike)
    assert ev.means == pytest.approx({m: (expected[m] + expected_strike[m]) / 2 for m in expected})
    assert ev.means["AP"] == pytest.approx((1 / 3 + 11 / 12) / 2)  # MAP
    assert ev.warnings == ["not judged, so not evaluated: weather"]


def test_measures_depth_and_names_can_be_chosen(idx):
    ev = idx.evaluate(QUERIES, qrels=JUDGED, names=["harbour"], depth=3, measures=["P@3", "R@10", "AP"])
    assert ev.measures == ["P@3", "R@10", "AP"] and ev.depth == 3
    (harbour,) = ev.queries
    assert [doc for doc, _ in ev.rankings["harbour"]] == ["d1", "d2", "d4"]  # cut at depth 3
    assert harbour.scores == pytest.approx({"P@3": 1 / 3, "R@10": 1 / 3, "AP": (1 / 2) / 3})
    assert harbour.missed == ["d5", "d8"]
    assert "R@10 reads past the depth ranked (3 hits a query): rank deeper (a greater depth)" in ev.warnings


def test_an_unknown_measure_is_an_error(idx):
    with pytest.raises(EvalError, match="unknown measure 'Foo@5'"):
        idx.evaluate(QUERIES, qrels=JUDGED, measures=["Foo@5"])


def test_a_relevant_id_not_in_the_index_is_reported(idx, tmp_path):
    path = write(tmp_path, "q.yaml", "queries:\n  - name: h\n    q: harbour\n    relevant: [d2, d99]\n")
    ev = idx.evaluate(path)
    assert ev.queries[0].missed == ["d99"]
    assert "h: relevant id 'd99' is not in the index (ids are shown by search)" in ev.warnings
    from searchidx.evaluate.judge import _unknown_ids

    assert _unknown_ids(idx, ev, chunk=1) == _unknown_ids(idx, ev) == [w for w in ev.warnings if "d99" in w]


def test_counts_of_one_are_worded_in_the_singular(index, tmp_path):
    """'searchidx eval --depth 1' printed 'each ranked to 1 hits' and warned '(1 hits a query)'; 'run --check'
    of one query said '1 queries OK'. Every count goes through output.text.counted, one or many."""
    result = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--name", "harbour", "--depth", "1"], index)
    assert result.exit_code == 0, result.output
    assert "all: means over 1 query, each ranked to 1 hit (mean AP" in result.stdout
    assert "past the depth ranked (1 hit a query)" in result.stderr
    one = tmp_path / "one.yaml"
    one.write_text("queries:\n  - name: harbour\n    q: harbour\n", encoding="utf-8")
    checked = invoke(["run", str(one), "--check"], index)
    assert checked.stdout.splitlines()[-1].endswith("one.yaml: 1 query OK")
    from searchidx.output.text import counted

    assert [counted(1, u) for u in ("hits", "queries", "stories", "matches", "person values", "problems")] == [
        "1 hit", "1 query", "1 story", "1 match", "1 person value", "1 problem"]
    assert counted(2, "queries") == "2 queries" and counted(0, "hits") == "0 hits"


def test_eval_command_prints_a_table_json_and_csv(index):
    result = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED)], index)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["query", "relevant", "found", "P@5", "P@10", "R@10", "R@100", "nDCG@10", "AP", "RR"]
    assert lines[1].split() == ["harbour", "3", "2", "0.4000", "0.2000", "0.6667", "0.6667", "0.4982", "0.3333",
                                "0.5000"]
    assert lines[2].split() == ["strike", "3", "3", "0.6000", "0.3000", "1.0000", "1.0000", "0.8600", "0.9167",
                                "1.0000"]
    assert lines[3].split()[:4] == ["all", "6", "5", "0.5000"]
    assert "(mean AP is MAP, mean RR is MRR)" in lines[4]
    assert result.stderr == "warning: not judged, so not evaluated: weather\n"
    data = json.loads(invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--format", "json"], index).stdout)
    assert data["means"]["RR"] == pytest.approx((1 / 2 + 1) / 2)
    assert data["queries"][0]["missed"] == ["d8"] and data["relevant"] == 6 and data["found"] == 5
    csv_out = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--format", "csv", "--measure", "P@5"], index)
    assert csv_out.stdout == "query,relevant,found,P@5\nharbour,3,2,0.4\nstrike,3,3,0.6\nall,6,5,0.5\n"


# --- judgements: the relevant: key, qrels files and their errors -----------------------------------------

def test_relevant_is_a_saved_query_key_of_its_own(tmp_path):
    qf = searchidx.load_queries(write(tmp_path, "q.yaml", "queries:\n  - name: a\n    q: x\n    relevant: [d1, 7]\n"))
    assert qf.resolve()[0].relevant == ("d1", "7")  # a number written unquoted is an id all the same
    with pytest.raises(SavedQueryError, match=r"q.yaml:2: defaults: unknown key 'relevant'"):
        searchidx.load_queries(write(tmp_path, "q.yaml", "defaults:\n  relevant: [d1]\nqueries:\n  - name: a\n"))
    with pytest.raises(SavedQueryError, match=r"q.yaml:4: query 'a': relevant: expected a name or a list of names"):
        searchidx.load_queries(write(tmp_path, "q.yaml", "queries:\n  - name: a\n    q: x\n    relevant: {d1: 2}\n"))
    schema = json.loads(invoke(["run", "--schema"]).stdout)
    assert "relevant" in schema["properties"]["queries"]["items"]["properties"]
    assert "relevant" not in schema["properties"]["defaults"]["properties"]


def test_a_qrels_file_is_read_with_grades_and_comments(tmp_path):
    path = write(tmp_path, "j.qrels", "# judged by hand\nq1 0 a 2\n\nq1 0 b 0\nq%202 Q0 my%20notes.txt 1\n")
    qrels = read_qrels(path)
    assert qrels.judgements == {"q1": {"a": 2, "b": 0}, "q 2": {"my notes.txt": 1}}
    assert qrels.relevant("q1") == ["a"] and qrels.where("q 2") == f"{path}:5"
    bom = tmp_path / "bom.qrels"
    bom.write_bytes("q1 0 a 1\r\n".encode("utf-8-sig"))  # saved by a Windows editor
    assert read_qrels(bom).judgements == {"q1": {"a": 1}}


@pytest.mark.parametrize("text, line, message", [
    ("q1 0 a 1\nq1 0 b\n", 2, "expected 4 fields 'query-id 0 doc-id relevance', found 3: 'q1 0 b'"),
    ("q1 0 a 1\nq1 0 b yes\n", 2, "relevance 'yes' is not a whole number"),
    ("q1 0 a 1\nq1 0 b 0.5\n", 2, "relevance '0.5' is not a whole number"),
    ("q1 0 a 1\nq2 0 a 1\nq1 0 a 0\n", 3, "query 'q1': 'a' is judged twice (first at line 1)"),
    ("q1 Q0 a 1 2.5 run\n", 1, "expected 4 fields"),
])
def test_qrels_errors_name_the_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.qrels", text)
    with pytest.raises(EvalError) as err:
        read_qrels(path)
    assert str(err.value).startswith(f"{path}:{line}: {message}")


def test_unreadable_or_empty_qrels_are_errors(tmp_path):
    with pytest.raises(EvalError, match=r"missing.qrels: cannot read the qrels file: No such file"):
        read_qrels(tmp_path / "missing.qrels")
    with pytest.raises(EvalError, match=r"empty.qrels: no judgements in the qrels file"):
        read_qrels(write(tmp_path, "empty.qrels", "# nothing yet\n\n"))
    latin = tmp_path / "latin.qrels"
    latin.write_bytes(b"q1 0 a 1\nq1 0 caf\xe9 1\n")
    with pytest.raises(EvalError, match=r"latin.qrels:2: not UTF-8 text"):
        read_qrels(latin)


@pytest.mark.parametrize("text, line, message", [
    ("q1 Q0 a 1 2.0 r\nq1 Q0 b 2 1.0\n", 2, "expected 6 fields 'query-id Q0 doc-id rank score tag', found 5"),
    ("q1 Q0 a first 2.0 r\n", 1, "rank 'first' is not a whole number"),
    ("q1 Q0 a 1 high r\n", 1, "score 'high' is not a number"),
    ("q1 Q0 a 1 2.0 r\nq1 Q0 a 2 1.0 r\n", 2, "query 'q1': 'a' is ranked twice (first at line 1)"),
])
def test_run_file_errors_name_the_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.run", text)
    with pytest.raises(EvalError) as err:
        read_run(path)
    assert str(err.value).startswith(f"{path}:{line}: {message}")


def test_a_judged_query_id_that_is_not_a_saved_query_is_an_error(idx, tmp_path, index):
    typo = write(tmp_path, "typo.qrels", "strike 0 d3 1\nharbor 0 d2 1\n")
    message = f"{typo}:2: query id 'harbor' is not a query in {QUERIES} (queries: harbour, strike, weather)"
    with pytest.raises(EvalError) as err:
        idx.evaluate(QUERIES, qrels=typo)
    assert str(err.value) == message
    result = invoke(["eval", str(QUERIES), "--qrels", str(typo)], index)
    assert result.exit_code == 2 and result.output == f"Error: {message}\n"


def test_a_query_judged_in_both_places_is_an_error(idx, tmp_path):
    both = write(tmp_path, "both.qrels", "harbour 0 d1 1\n")
    with pytest.raises(EvalError, match=rf"both.qrels:1: query 'harbour' is judged twice: here and by 'relevant:' at "
                                        rf"{QUERIES}:8: query 'harbour': relevant; keep one"):
        idx.evaluate(QUERIES, qrels=both)


def test_no_judgements_at_all_is_an_error(idx, tmp_path):
    path = write(tmp_path, "q.yaml", "queries:\n  - name: h\n    q: harbour\n")
    with pytest.raises(EvalError, match="no query is judged: give queries 'relevant:' lists"):
        idx.evaluate(path)
    with pytest.raises(EvalError, match="query 'weather' has no judgements"):
        idx.evaluate(QUERIES, qrels=JUDGED, names=["strike", "weather"])


# --- TREC run files -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["", "  "])
def test_an_empty_run_tag_is_an_error_not_the_default(index, tag):
    """'--run-tag "$TAG"' with TAG unset wrote every line with the tag 'searchidx', unsaid: two runs compared
    later carried the same name."""
    result = invoke(["search", "strike", "--format", "trec", "--run-tag", tag], index)
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid value for '--run-tag': a run's tag cannot be empty" in result.stderr


@pytest.mark.parametrize("qid", ["", "  "])
def test_an_empty_query_id_is_an_error_not_the_query_text(index, qid):
    """'--qid "$QID"' with QID unset wrote every line under the query's text ('strike'), or 'query' for a
    search of filters alone, unsaid: runs of several topics put together read as one query, as an empty
    --run-tag (an error since) read as the default tag."""
    result = invoke(["search", "strike", "--format", "trec", "--qid", qid], index)
    assert result.exit_code == 2 and result.stdout == ""
    assert "Invalid value for '--qid': a query id cannot be empty" in result.stderr


def test_search_writes_a_trec_run_that_reads_back_the_same(index, tmp_path):
    shown = json.loads(invoke(["search", "strike", "--format", "json", "--limit", "3"], index).stdout)["hits"]
    result = invoke(["search", "strike", "--format", "trec", "--limit", "3", "--qid", "301", "--run-tag", "mine"],
                    index)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[:4] for line in lines] == [["301", "Q0", h["id"], str(n)] for n, h in enumerate(shown, 1)]
    assert all(line.split()[5] == "mine" for line in lines)
    run = read_run(write(tmp_path, "s.run", result.stdout))
    assert list(run.rankings) == ["301"] and run.tag == "mine"
    by_score = sorted(run.rankings["301"], key=lambda d: -run.rankings["301"][d])
    assert by_score == [h["id"] for h in shown]  # trec_eval's order (by score) is the order shown
    # the next page goes on counting ranks; the default query id is the query text
    page2 = invoke(["search", "strike", "--format", "trec", "--limit", "3", "--page", "2"], index).stdout
    assert page2.split()[:4] == ["strike", "Q0", page2.split()[2], "4"]
    # pages of a search sorted by date (no scores) put together read back in the order shown
    pages = "".join(invoke(["search", "harbour OR strike", "--sort", "oldest", "--format", "trec", "--limit", "3",
                            "--page", str(n)], index).stdout for n in (1, 2, 3))
    both = read_run(write(tmp_path, "pages.run", pages)).rankings["harbour OR strike"]
    assert sorted(both, key=lambda d: -both[d]) == ["d1", "d2", "d3", "d4", "d5", "d6", "d7"]


def test_ids_with_spaces_are_percent_encoded_and_decoded(index, tmp_path):
    result = invoke(["search", "gales rain", "--format", "trec"], index)
    assert result.stdout.split()[:3] == ["gales%20rain", "Q0", "port%20notes.txt"]
    run = read_run(write(tmp_path, "w.run", result.stdout))
    assert run.rankings == {"gales rain": {"port notes.txt": float(result.stdout.split()[4])}}
    assert trec.decode(trec.encode("50% off\tnow")) == "50% off\tnow"


def test_sorted_or_tied_hits_get_scores_that_keep_their_order():
    assert trec.run_scores([9.5, 7.25, 1.0]) == [9.5, 7.25, 1.0]  # real scores, strictly decreasing
    # a tie, which trec_eval would reorder by id: lowered by a millionth of the score above
    assert trec.run_scores([3.5, 3.5, 3.5, 1.0]) == [3.5, 3.5 - 3.5e-6, 3.5 - 3.5e-6 - (3.5 - 3.5e-6) * 1e-6, 1.0]
    assert trec.run_scores([0.2, 0.2]) == [0.2, 0.2 - 1e-6]
    assert trec.run_scores([None, None], first_rank=11) == [1 / 11, 1 / 12]  # sorted by date, page 2
    assert trec.run_scores([1.0, 2.0]) == [1.0, 1 / 2]  # not in score order (re-ranked): by rank


def test_run_with_format_trec_writes_one_run_file_named_by_query(index, tmp_path):
    result = invoke(["run", str(QUERIES), "--format", "trec", "--run-tag", "weekly"], index)
    assert result.exit_code == 0, result.output
    assert "query" in result.stderr and "==" not in result.stdout  # summary on stderr, no headings
    run = read_run(write(tmp_path, "r.run", result.stdout))
    assert list(run.rankings) == ["harbour", "strike", "weather"] and run.tag == "weekly"
    assert list(run.rankings["strike"]) == ["d2", "d3", "d5", "d6"]  # oldest first, ranks 1..4
    assert result.stdout.splitlines()[:2] == ["harbour Q0 d1 1 1.0 weekly", "harbour Q0 d2 2 0.5 weekly"]
    out = invoke(["run", str(QUERIES), "--format", "trec", "--out", str(tmp_path / "out")], index)
    assert out.exit_code == 0
    assert read_run(tmp_path / "out" / "strike.trec").rankings == {"strike": run.rankings["strike"]}


def test_a_run_file_is_measured_by_score_as_trec_eval_does(tmp_path):
    qrels = write(tmp_path, "j.qrels", "q 0 x 1\n")
    run = write(tmp_path, "r.run", "q Q0 y 1 1.0 r\nq Q0 x 2 2.0 r\n")  # x has the higher score: first
    ev = evaluate.evaluate_run(run, qrels, ["RR", "P@1"])
    assert ev.queries[0].scores == {"RR": 1.0, "P@1": 1.0}


# --- compare, with the paired randomisation test --------------------------------------------------------

def runs_ranking_the_relevant_at(tmp_path, name, ranks):
    """A run where query qN ranks its one relevant document rN at ranks[N] (behind non-relevant ones)."""
    lines = []
    for n, rank in enumerate(ranks):
        docs = [f"other{i}" for i in range(1, rank)] + [f"r{n}"]
        lines += [f"q{n} Q0 {doc} {i} {100 - i} {name}" for i, doc in enumerate(docs, 1)]
    return write(tmp_path, f"{name}.run", "\n".join(lines) + "\n")


def qrels_for(tmp_path, queries):
    return write(tmp_path, "one.qrels", "".join(f"q{n} 0 r{n} 1\n" for n in range(queries)))


def test_compare_three_queries_by_hand(tmp_path):
    a = runs_ranking_the_relevant_at(tmp_path, "a", [1, 2, 4])  # RR 1, 1/2, 1/4
    b = runs_ranking_the_relevant_at(tmp_path, "b", [1, 1, 2])  # RR 1, 1, 1/2
    cmp = evaluate.compare(a, b, qrels_for(tmp_path, 3), ["RR", "P@1"])
    rr = cmp.measure("RR")
    assert (rr.a, rr.b) == pytest.approx((1.75 / 3, 2.5 / 3))
    assert rr.diff == pytest.approx(0.75 / 3)
    assert (rr.better, rr.worse, rr.ties) == (2, 0, 1)
    # differences 0, 1/2, 1/4: of the 8 sign flips, |sum| >= 3/4 for (+1/2 +1/4) and (-1/2 -1/4), times 2
    # for the sign of the 0: 4 of 8
    assert rr.p_value == pytest.approx(4 / 8)
    # P@1: 1,0,0 against 1,1,0: one difference of 1; both of its signs reach |1|, so p = 1
    assert cmp.measure("P@1").p_value == pytest.approx(1.0)
    assert cmp.test == "paired randomisation test, two-sided, exact over all 2^3 sign flips"


def test_compare_finds_a_difference_on_every_query_significant(tmp_path, index):
    a = runs_ranking_the_relevant_at(tmp_path, "a", [2] * 8)  # RR 1/2 on each of 8 queries
    b = runs_ranking_the_relevant_at(tmp_path, "b", [1] * 8)  # RR 1
    qrels = qrels_for(tmp_path, 8)
    rr = evaluate.compare(a, b, qrels, ["RR"]).measure("RR")
    # every difference is +1/2: only all-plus and all-minus reach |sum| = 4, 2 of the 2^8 flips
    assert rr.diff == pytest.approx(0.5) and rr.p_value == pytest.approx(2 / 256)
    result = invoke(["eval", "--compare", str(a), str(b), "--qrels", str(qrels), "--measure", "RR"], index)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-2].split() == ["RR", "0.5000", "1.0000", "+0.5000", "0.0078", "*", "8", "0",
                                                      "0"]
    data = json.loads(invoke(["eval", "--compare", str(a), str(b), "--qrels", str(qrels), "--format", "json"],
                             index).stdout)
    assert data["queries"] == 8 and {m["measure"] for m in data["measures"]} >= {"P@10", "nDCG@10", "AP", "RR"}


def test_the_randomisation_test_samples_past_sixteen_queries():
    assert EXACT_UP_TO == 16
    # 20 queries all better by 0.1: the exact p is 2/2^20; the sampled estimate cannot go under 1/(samples+1)
    p = randomisation_test([0.5] * 20, [0.6] * 20)
    assert 1 / 100_001 <= p < 0.001
    assert randomisation_test([0.5] * 20, [0.6] * 20) == p  # seeded: the same every time
    # half better, half worse by the same amount: no difference at all
    assert randomisation_test([0.5] * 20, [0.6, 0.4] * 10) == pytest.approx(1.0)
    assert randomisation_test([], []) == 1.0


def test_compare_with_queries_one_run_lacks_and_ids_nobody_judged(tmp_path):
    qrels = write(tmp_path, "j.qrels", "q1 0 a 1\nq2 0 b 1\nq3 0 c 1\n")
    a = write(tmp_path, "a.run", "q1 Q0 a 1 1.0 a\nq2 Q0 b 1 1.0 a\nzz Q0 a 1 1.0 a\n")
    b = write(tmp_path, "b.run", "q1 Q0 a 1 1.0 b\n")
    cmp = evaluate.compare(a, b, qrels, ["RR"])
    assert [q.query for q in cmp.b.queries] == ["q1", "q2"]  # q2: ranked by A only, so 0 for B
    assert cmp.measure("RR").b == pytest.approx(0.5)
    assert cmp.warnings == [f"{a}: not judged in {qrels}, so not evaluated: zz",
                            f"{b}: ranks nothing for q2 (scored 0 there)",
                            "judged but ranked by no run, so not evaluated: q3"]
    stranger = write(tmp_path, "s.run", "x1 Q0 a 1 1.0 s\n")
    with pytest.raises(EvalError, match=r"s.run: no query id of the runs \(x1\) is judged in .*j.qrels "
                                        r"\(query ids: q1, q2, q3\)"):
        evaluate.compare(stranger, stranger, qrels)


def test_write_run_then_compare_against_the_saved_queries_own_judgements(index, tmp_path):
    today = tmp_path / "today.run"
    result = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--write-run", str(today)], index)
    assert result.exit_code == 0, result.output
    assert list(read_run(today).rankings["harbour"]) == ["d1", "d2", "d4", "d5", "d7"]
    better = write(tmp_path, "better.run", "harbour Q0 d2 1 3 b\nharbour Q0 d5 2 2 b\nharbour Q0 d8 3 1 b\n"
                                           "strike Q0 d3 1 2 b\nstrike Q0 d6 2 1 b\n")
    # judged by the query file's relevant: lists and the qrels file, as `eval QUERIES` is
    result = invoke(["eval", "--compare", str(today), str(better), str(QUERIES), "--qrels", str(JUDGED),
                     "--format", "csv", "--measure", "AP"], index)
    assert result.exit_code == 0, result.output
    # harbour AP 1/3 -> 1 (all three first); strike AP 11/12 -> (1 + 1) / 3 (d2 no longer ranked)
    row = result.stdout.splitlines()[1].split(",")
    assert row[0] == "AP" and float(row[1]) == pytest.approx((1 / 3 + 11 / 12) / 2)
    assert float(row[2]) == pytest.approx((1 + 2 / 3) / 2)
    same = invoke(["eval", "--compare", str(today), str(today), str(QUERIES), "--qrels", str(JUDGED)], index)
    assert all(line.split()[4] == "1.0000" for line in same.stdout.splitlines()[5:-1])  # no difference: p = 1


def test_eval_run_measures_one_run_file(index, tmp_path):
    run = write(tmp_path, "other.run", "strike Q0 d6 1 9.5 other\nstrike Q0 d3 2 9.1 other\nharbour Q0 d8 1 3 other\n")
    result = invoke(["eval", "--run", str(run), str(QUERIES), "--qrels", str(JUDGED), "--measure", "P@2",
                     "--measure", "RR", "--format", "csv"], index)
    assert result.exit_code == 0, result.output
    # strike: d6 (1) and d3 (2) are both relevant; harbour: d8 is relevant and first; weather is ranked by nobody
    assert result.stdout == "query,relevant,found,P@2,RR\nharbour,3,1,0.5,1.0\nstrike,3,2,1.0,1.0\nall,6,3,0.75,1.0\n"
    # the qrels file alone judges only strike, so harbour is not evaluated and says so
    alone = invoke(["eval", "--run", str(run), "--qrels", str(JUDGED), "--measure", "P@2"], index)
    assert alone.stdout.splitlines()[1].split() == ["strike", "3", "2", "1.0000"]
    assert f"{run}: not judged in {JUDGED}, so not evaluated: harbour" in alone.stderr


@pytest.mark.parametrize("measure, what", [
    ("P@0", "a cutoff (@k) must be a whole number of at least 1, not 0"),
    ("nDCG@0", "a cutoff (@k) must be a whole number of at least 1, not 0"),
    ("P@1.5", "a cutoff (@k) must be a whole number of at least 1, not 1.5"),
    ("P(rel=0)@5", "a relevance level (rel=) must be a whole number of at least 1, not 0"),
])
def test_a_measure_with_a_cutoff_or_level_below_1_is_an_error_before_anything_runs(index, measure, what):
    """--measure P@0 aborted the whole process inside trec_eval's C code (exit 134, a core dump and an
    assertion message); P@1.5 and P(rel=0)@5 ended in Python tracebacks with exit status 1, which means
    "nothing matched". Run as its own process: the abort would take the test runner with it."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "searchidx", "eval", str(QUERIES), "--qrels", str(JUDGED),
                           "--measure", measure, "--index", str(index)], capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"Error: measure {measure!r}: {what}\n")


@pytest.mark.parametrize("measure, said", [("NERR8@10", "invalid param max_rel="),
                                          ("IPrec@2", "invalid param recall=2"), ("RBP(p=0)", "invalid param p=0")])
def test_a_measure_its_library_cannot_compute_is_one_line_exit_2(index, measure, said):
    """ir-measures' own checks (NERR8@10 needs a max_rel, IPrec's recall is a share) raised an AssertionError:
    a traceback and exit status 1, the status for "nothing matched"."""
    result = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--measure", measure], index)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: cannot compute {measure}: {said}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_eval_usage_errors(index, tmp_path):
    assert "give a QUERIES file" in invoke(["eval"], index).output
    result = invoke(["eval", "--compare", "a.run", "b.run", "--depth", "5"], index)
    assert result.exit_code == 2 and "no --name, --as-of, --depth or --write-run" in result.output
    result = invoke(["eval", "--compare", "a.run", "b.run", "--run", "c.run"], index)
    assert result.exit_code == 2 and "one or the other" in result.output
    result = invoke(["eval", str(QUERIES), "--qrels", str(JUDGED), "--measure", "Foo@5"], index)
    assert result.exit_code == 2 and "unknown measure 'Foo@5'" in result.output


def test_the_package_exports_what_it_lists_and_searches_do_not_load_ir_measures():
    assert all(getattr(evaluate, name) is not None for name in evaluate.__all__)
    import subprocess
    import sys

    loaded = subprocess.run([sys.executable, "-c", "import sys, searchidx.cli; print('ir_measures' in sys.modules, "
                             "'searchidx.evaluate.judge' in sys.modules)"], capture_output=True, text=True).stdout
    assert loaded.split() == ["False", "False"]


def test_the_example_judged_query_file_is_valid():
    qf = searchidx.load_queries(Path(__file__).parent.parent / "config" / "judged.example.yaml")
    assert [len(rq.relevant or ()) for rq in qf.resolve()] == [8, 3]


def _by_hand(order, relevant, k):
    """P@k, AP and RR of a ranking, written out as their definitions."""
    hits = [doc in relevant for doc in order]
    precision_at = [sum(hits[:i + 1]) / (i + 1) for i in range(len(hits))]
    ap = sum(p for p, hit in zip(precision_at, hits) if hit) / len(relevant)
    rr = next((1 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0)
    return {f"P@{k}": sum(hits[:k]) / k, "AP": ap, "RR": rr}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([None, 0.5, 1.0, 2.0, 2.0, 7.25]), min_size=1, max_size=12),
       st.sets(st.integers(0, 14), min_size=1), st.integers(1, 5))
def test_the_order_measured_is_the_order_shown_whatever_the_scores(scores, relevant_positions, k):
    """Scores as a search gives them (ties, none when sorted by date), made into a run the way every
    searchidx ranking is: ir-measures must score the order shown, as the definitions do."""
    if any(s is not None for s in scores):
        scores = sorted((s or 0.0 for s in scores), reverse=True)  # relevance order: never increasing
    order = [f"doc{i:02d}" for i in range(len(scores))]
    relevant = {f"doc{i:02d}" for i in relevant_positions}
    ev = evaluate.judge._evaluate({"q": list(zip(order, scores))}, {"q": dict.fromkeys(relevant, 1)},
                                  [f"P@{k}", "AP", "RR"], "run", "qrels", None)
    assert ev.queries[0].scores == pytest.approx(_by_hand(order, relevant, k))


# --- TREC topics files ----------------------------------------------------------------------------------

def test_a_topics_file_is_evaluated_as_plain_words(index, tmp_path):
    topics = write(tmp_path, "topics.tsv", "# id<TAB>text\nt1\tteachers\nt2\trail union\nt3\tU.S. \"rail (strike\n")
    qrels = write(tmp_path, "t.qrels", "t1 0 d6 1\nt1 0 d3 1\nt2 0 d3 2\n")
    result = invoke(["eval", str(topics), "--qrels", str(qrels), "--measure", "P@5", "--measure", "AP",
                     "--measure", "nDCG@10", "--format", "csv"], index)
    assert result.exit_code == 0, result.output
    # t1 'teachers' finds d6 only: P@5 1/5, AP (1/1)/2 (d3 is relevant too), nDCG (1/1) / (1/1 + 1/log2(3))
    # t2 'rail union': only d3 holds both words (so articles with either follow it): P@5 1/5, AP 1, nDCG 1
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert [r[:3] for r in rows] == [["t1", "2", "1"], ["t2", "1", "1"], ["all", "3", "2"]]
    assert [float(x) for x in rows[0][3:]] == pytest.approx([1 / 5, 1 / 2, 1 / (1 + 1 / log2(3))])
    assert [float(x) for x in rows[1][3:]] == pytest.approx([1 / 5, 1.0, 1.0])
    # t3's quote and bracket are words, not query syntax: no error, just not judged
    assert result.stderr == ("warning: not judged, so not evaluated: t3\n"
                             "warning: t2: only 1 article holds both words; "
                             "articles with either of them are shown too\n")


@pytest.mark.parametrize("text, line, message", [
    ("t1\tharbour\nt2 harbour\n", 2, "expected a query id, a tab and the query text (a saved-query file ends in "
                                     ".yaml or .yml)"),
    # an id and a tab, and no text: 'expected a query id, a tab and the query text', which it had given
    ("t1\t  \n", 1, "topic 't1' has no query text after its tab"),
    ("t1\tharbour\nt2\t\n", 2, "topic 't2' has no query text after its tab"),
    ("t1\tharbour\nt1\tstrike\n", 2, "query id 't1' is used twice (first at line 1)"),
])
def test_topics_file_errors_name_the_file_and_line(idx, tmp_path, text, line, message):
    path = write(tmp_path, "topics.txt", text)
    with pytest.raises(EvalError) as err:
        idx.evaluate(path, qrels=JUDGED)
    assert str(err.value).startswith(f"{path}:{line}: {message}")


def test_qrels_ids_must_be_topics(idx, tmp_path):
    topics = write(tmp_path, "topics.tsv", "t1\tharbour\n")
    with pytest.raises(EvalError, match=rf"judged.qrels:1: query id 'strike' is not a query in {topics} "
                                        r"\(queries: t1\)"):
        idx.evaluate(topics, qrels=JUDGED)
    with pytest.raises(EvalError, match=r"no topic 't9' \(topics: t1\)"):
        idx.evaluate(topics, qrels=JUDGED, names=["t9"])
