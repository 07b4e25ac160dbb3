"""Dates given in the wrong order follow one rule wherever they are read (``dates.backwards``): a span
that holds no moment is an error naming the value at fault, never swapped. ``--since`` after ``--until``
was an error, while ``date:2022-06..2022-01`` in the query text and ``--baseline`` with the later date
first were swapped silently. Checked through the CLI, query text, saved-query YAML, the library and the
cluster engine's DSL."""

from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from searchidx import dates
from searchidx.cli import cli
from searchidx.config import Settings
from searchidx.enrich.aliases import load_registry
from searchidx.errors import DateFilterError, DateOrderError, QuerySyntaxError
from searchidx.opensearch.dsl import compile_dsl
from searchidx.search.query import Query

UTC = timezone.utc
NOW = datetime(2022, 10, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text, fix", [
    ("2022-06..2022-01", "write 2022-01..2022-06"),
    ("2022-02..2022-01", "write 2022-01..2022-02"),  # February to January: no day is in it
    ("[2022-06 TO 2022-01]", "write 2022-01..2022-06"),
    ("2024 to 2020", "write 2020..2024"),
])
def test_a_reversed_range_is_an_error_naming_it(text, fix):
    with pytest.raises(DateOrderError) as err:
        dates.parse_range(text, NOW)
    message = str(err.value)
    assert "runs backwards" in message and fix in message and "\n" not in message
    assert "try 2022" not in message  # the dates are well written: listing the forms would not help


@pytest.mark.parametrize("text, start, end", [
    ("2022-06..2022", "2022-06-01", "2023-01-01"),  # was swapped to January..June: the rest of 2022 is meant
    ("2022..2022-03", "2022-01-01", "2022-04-01"),
    ("2022-01..2022-01", "2022-01-01", "2022-02-01"),
])
def test_ends_that_overlap_are_not_reversed(text, start, end):
    rng = dates.parse_range(text, NOW)
    assert (rng.start.date().isoformat(), rng.end.date().isoformat()) == (start, end)


@pytest.fixture
def run(built):
    def invoke(*args):
        return CliRunner().invoke(cli, [*args, "--index", str(built[0])], catch_exceptions=False)
    return invoke


@pytest.mark.parametrize("text, message", [
    ("flood date:2022-06..2022-01", "at 'date:2022-06..2022-01': the range runs backwards: 2022-06 begins after "
                                    "2022-01 ends; write 2022-01..2022-06"),
    ("year:2024..2020", "at 'year:2024..2020': the range runs backwards: 2024 begins after 2020 ends"),
    ("year:[2024 TO 2020]", "at 'year:[2024 TO 2020]': the range runs backwards: 2024 begins after 2020 ends; "
                            "write 2020..2024"),
    ("since:2022-06 until:2022-01", "at 'until:2022-01': until:2022-01 ends before since:2022-06 begins"),
])
def test_query_text_ranges_that_run_backwards_are_errors(run, text, message):
    for command in ("search", "timeline", "facets"):
        result = run(command, text)
        assert result.exit_code == 2 and message in result.stderr, (command, result.stderr)
        assert "--literal" not in result.stderr  # quoting the words is no fix for the order of two dates


def test_the_rest_of_a_year_is_searched_as_written(idx):
    rest = idx.search(Query(q="date:2022-06..2022", limit=100, sort="oldest"))
    assert rest.total == idx.search(Query(since="2022-06", until="2022", limit=0)).total > 0
    assert all(h.date >= "2022-06" for h in rest.hits)


def test_a_reversed_baseline_is_an_error_naming_it(run, idx):
    result = run("trending", "--since", "2022-09", "--baseline", "2022-08..2022-01")
    assert result.exit_code == 2
    assert ("Error: --baseline '2022-08..2022-01': the range runs backwards: 2022-08 begins after 2022-01 ends; "
            "write 2022-01..2022-08") in result.stderr
    with pytest.raises(DateFilterError, match="runs backwards"):
        idx.trending(Query(since="2022-09"), baseline="2022-08..2022-01")


def test_the_library_refuses_reversed_ranges(idx):
    with pytest.raises(QuerySyntaxError, match="runs backwards"):
        idx.search(Query(q="date:2022-06..2022-01"))
    with pytest.raises(DateFilterError, match="ends before"):
        idx.search(Query(since="2022-06", until="2022-01"))
    with pytest.raises(QuerySyntaxError, match="ends before"):
        idx.timeline(Query(q="since:2022-06 until:2022-01"))


@pytest.mark.parametrize("lines, where", [
    ("    q: date:2022-06..2022-01\n", ":6: query 'a': q: invalid query"),
    ("    since: 2022-06\n    until: 2022-01\n", ":7: query 'a': until: '2022-01': ends before"),
    ("    since: 2022-09\n    report: trending\n    baseline: 2022-08..2022-01\n", ":8: query 'a': baseline:"),
])
def test_saved_queries_refuse_reversed_ranges_naming_the_key(tmp_path, built, lines, where):
    path = tmp_path / "q.yaml"
    # (a report takes no limit nor sort of its own: under defaults: they stand beside one)
    path.write_text("defaults:\n  limit: 1\n  sort: newest\nqueries:\n  - name: a\n" + lines)
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 2 and f"{path}{where}" in result.stderr, result.stderr
    assert "runs backwards" in result.stderr or "ends before" in result.stderr


@pytest.mark.parametrize("query", [
    Query(q="date:2022-06..2022-01"), Query(q="year:[2024 TO 2020]"), Query(q="since:2022-06 until:2022-01"),
])
def test_the_cluster_engine_refuses_them_alike(query):
    with pytest.raises(QuerySyntaxError, match="runs backwards|ends before"):
        compile_dsl(query, load_registry(Settings().entity_files), NOW, frozenset())



@pytest.mark.parametrize("option, value, message", [
    ("--since", "2019..2020", "a range where one date goes: give its first date as --since 2019 and its last as "
                              "--until 2020"),
    ("--since", "[2019 TO 2020]", "give its first date as --since 2019 and its last as --until 2020"),
    ("--since", "<2020", "give one date, the first to keep as --since DATE, the last as --until DATE"),
    ("--until", "2019..", "give one date, the first to keep as --since DATE"),
])
def test_a_range_given_where_one_date_goes_is_an_error_naming_it(run, option, value, message):
    # --since 2019..2020 searched since 2019 on, 2022 included; --since '<2020' every article; --until 2019..
    # up to the start of 2019: each read one end of the range and dropped the other without a word
    for command in ("search", "timeline"):
        result = run(command, option, value)
        assert result.exit_code == 2, (command, result.output)
        assert f"Error: {option} {value!r}: a range where one date goes: " in result.stderr
        assert message in result.stderr, (command, result.stderr)


def test_a_range_given_where_one_date_goes_is_refused_in_query_text_the_library_and_saved_queries(
        run, idx, tmp_path, built):
    result = run("search", "flood since:2019..2020")
    assert result.exit_code == 2
    assert ("at 'since:2019..2020': since: a range where one date goes: give its first date as since:2019 and its "
            "last as until:2020") in result.stderr and "--literal" not in result.stderr
    with pytest.raises(DateFilterError, match=r"until '>2020': a range where one date goes"):
        idx.search(Query(until=">2020"))
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: a\n    since: 2019..2020\n")
    saved = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert saved.exit_code == 2 and f"{path}:3: query 'a': since: '2019..2020': a range where one" in saved.stderr
    assert idx.search(Query(since="last week", until="this month", limit=0)).total >= 0  # one (relative) date each


@pytest.mark.parametrize("text, start, end", [
    ("2019\u20132020", "2019-01-01", "2021-01-01"),  # en dash, as print writes a range
    ("2019\u20142020", "2019-01-01", "2021-01-01"),  # em dash
    ("2019 \u2013 2020-06", "2019-01-01", "2020-07-01"),
    ("1 Jan 2020 \u2013 3 March 2020", "2020-01-01", "2020-03-04"),
    ("2019\u20262020", "2019-01-01", "2021-01-01"),  # an ellipsis, as a word processor turns ... into one
])
def test_a_range_written_with_a_dash_is_a_range(text, start, end):
    # each was "not a date I understand"
    rng = dates.parse_range(text, NOW)
    assert (rng.start.date().isoformat(), rng.end.date().isoformat()) == (start, end)


def test_a_dash_range_runs_backwards_and_stands_for_one_date_by_the_same_rules(run):
    with pytest.raises(DateOrderError, match="write 2019..2020"):
        dates.parse_range("2020\u20132019", NOW)
    result = run("search", "--since", "2019\u20132020")
    assert result.exit_code == 2 and "give its first date as --since 2019 and its last as --until 2020" in result.stderr
    assert run("search", "year:2019\u20132020", "-n", "0").exit_code == 0
