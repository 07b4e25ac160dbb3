"""A date with a time keeps the unit it was given to, wherever a date is read: ``--until 2022-01-14T06:30``
includes the whole minute 06:30 (as ``--until 2022-01-14`` includes the whole day), ``T06`` the whole
hour, ``T06:30:15`` one second. Checked through the CLI options, query text, saved-query YAML,
timelines and the cluster engine's DSL."""

import json
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

import searchidx
from searchidx import dates
from searchidx.cli import cli
from searchidx.config import Settings
from searchidx.enrich.aliases import load_registry
from searchidx.opensearch.dsl import compile_dsl
from searchidx.search.query import Query

UTC = timezone.utc
# the articles' times: just before the minute 06:30, in it (start, middle, last second), the next minute,
# the next hour
TIMES = ["06:29:59", "06:30:00", "06:30:30", "06:30:59", "06:31:00", "07:00:00"]


@pytest.mark.parametrize("text, unit, end", [
    ("2022-01-14T06", "hour", datetime(2022, 1, 14, 7, tzinfo=UTC)),
    ("2022-01-14T06:30", "minute", datetime(2022, 1, 14, 6, 31, tzinfo=UTC)),
    ("2022-01-14 06:30", "minute", datetime(2022, 1, 14, 6, 31, tzinfo=UTC)),
    ("2022-01-14T06:30:15", "second", datetime(2022, 1, 14, 6, 30, 16, tzinfo=UTC)),
    ("2022-01-14T06:30:15.250", "second", datetime(2022, 1, 14, 6, 30, 16, tzinfo=UTC)),
    ("2022-01-14T06:30+01:00", "minute", datetime(2022, 1, 14, 5, 31, tzinfo=UTC)),  # zones as before
    ("2022-01-14T06+05:30", "hour", datetime(2022, 1, 14, 1, 30, tzinfo=UTC)),
    ("14 January 2022 6 am", "hour", datetime(2022, 1, 14, 7, tzinfo=UTC)),
    ("14 January 2022 06:30 CET", "minute", datetime(2022, 1, 14, 5, 31, tzinfo=UTC)),
    ("Fri, 14 Jan 2022 06:30 GMT", "minute", datetime(2022, 1, 14, 6, 31, tzinfo=UTC)),
    ("Fri, 14 Jan 2022 06:30:15 GMT", "second", datetime(2022, 1, 14, 6, 30, 16, tzinfo=UTC)),
])
def test_a_time_keeps_its_unit_and_until_ends_after_it(text, unit, end):
    point = dates.parse_date(text)
    assert (point.precision, point.unit) == ("time", unit)
    assert dates.until(text).end == end
    assert dates.parse_range(text).end == end
    assert dates.parse_range(f"2022-01-13..{text}").end == end
    assert dates.parse_range(f"<={text}").end == end
    assert dates.parse_range(f">{text}").start == end


@pytest.fixture(scope="module")
def timed(tmp_path_factory):
    base = tmp_path_factory.mktemp("timed")
    corpus = base / "corpus"
    corpus.mkdir()
    for i, hms in enumerate(TIMES):
        (corpus / f"a{i}.txt").write_text(f"title: Dispatch {hms}\ndate: 2022-01-14T{hms}Z\n\nHarbour dispatch.\n",
                                          encoding="utf-8")
    index = base / "index"
    with searchidx.open_index(index) as idx:
        assert not idx.update([corpus]).failed
    return index


def _titles(result) -> list[str]:
    return sorted(hit["title"][len("Dispatch "):] for hit in json.loads(result.stdout)["hits"])


@pytest.mark.parametrize("options, expected", [
    (["--until", "2022-01-14T06:30"], TIMES[:4]),
    (["--since", "2022-01-14T06:30", "--until", "2022-01-14T06:30"], TIMES[1:4]),
    (["--until", "2022-01-14T06"], TIMES[:5]),
    (["--until", "2022-01-14T06:30:00"], TIMES[:2]),
    (["--since", "2022-01-14T06:30:30"], TIMES[2:]),
    (["--until", "2022-01-14T07:30+01:00"], TIMES[:4]),
])
def test_cli_since_until_read_a_time_to_its_unit(timed, options, expected):
    result = CliRunner().invoke(cli, ["search", "dispatch", *options, "--format", "json", "--index", str(timed)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert _titles(result) == expected


@pytest.mark.parametrize("text, expected", [
    ("dispatch until:2022-01-14T06:30", TIMES[:4]),
    ("dispatch date:2022-01-14T06:30", TIMES[1:4]),
    ('dispatch date:"2022-01-14 06:30"', TIMES[1:4]),
    ("dispatch date:2022-01-14T06:30..2022-01-14T06:31", TIMES[1:5]),
    ("dispatch date:2022-01-14T06", TIMES[:5]),
    ("dispatch date:<=2022-01-14T06:30", TIMES[:4]),
])
def test_query_text_date_ranges_read_a_time_to_its_unit(timed, text, expected):
    with searchidx.open_index(timed) as idx:
        hits = idx.search(text, limit=20).hits
    assert sorted(h.title[len("Dispatch "):] for h in hits) == expected


@pytest.mark.parametrize("text, expected", [
    ('dispatch date:"2022-01-14 06:30".."2022-01-14 06:31"', TIMES[1:5]),
    ('dispatch date:"2022-01-14 06:30"..2022-01-14T06:31', TIMES[1:5]),
    ('dispatch date:2022-01-14T06:30.."2022-01-14 06:31"', TIMES[1:5]),
    ('dispatch date:"14 January 2022 06:30"..', TIMES[1:]),
    ('dispatch date:["2022-01-14 06:30" TO "2022-01-14 06:31"]', TIMES[1:5]),
    ('dispatch date:>"2022-01-14 06:30"', TIMES[4:]),
    ('dispatch date:<="14 January 2022 06:30"', TIMES[:4]),
])
def test_a_range_with_quoted_ends_is_a_range(timed, text, expected):
    # date:"A".."B" searched the day or minute A alone and the words of B (0 hits, nothing said); date:"A"..
    # only A's minute; date:["A" TO "B"] and date:>"A" were errors
    with searchidx.open_index(timed) as idx:
        res = idx.search(text, limit=20)
        assert "body:" not in idx.explain(text).split("filter:")[0].replace("body:dispatch", "")
    assert sorted(h.title[len("Dispatch "):] for h in res.hits) == expected


def test_saved_query_until_reads_a_time_to_its_unit(timed, tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: morning\n    q: dispatch\n    until: 2022-01-14T06:30\n"
                    "  - name: quoted\n    q: dispatch\n    since: '2022-01-14 06:30'\n    until: '2022-01-14 06:30'\n",
                    encoding="utf-8")
    with searchidx.open_index(timed) as idx:
        runs = idx.run(path, record=False)
    found = {name: sorted(h.title[len("Dispatch "):] for h in run.results.hits) for name, run in runs.items()}
    assert found == {"morning": TIMES[:4], "quoted": TIMES[1:4]}


def test_timeline_counts_the_whole_minute(timed):
    with searchidx.open_index(timed) as idx:
        line = idx.timeline("dispatch", by="day", since="2022-01-14T06:30", until="2022-01-14T06:30")
    assert (line.periods, line.series["all"]) == (["2022-01-14"], [3])


@pytest.mark.parametrize("until, lt", [
    ("2022-01-14T06:30", "2022-01-14T06:31:00.000Z"),
    ("2022-01-14T06", "2022-01-14T07:00:00.000Z"),
    ("2022-01-14T06:30:15", "2022-01-14T06:30:16.000Z"),
])
def test_cluster_ranges_read_a_time_to_its_unit(until, lt):
    registry = load_registry(Settings().entity_files)
    for query in (Query(q="dispatch", until=until), Query(q=f"dispatch until:{until}")):
        body = json.dumps(compile_dsl(query, registry).query)
        assert f'"lt": "{lt}"' in body


def test_cluster_ranges_keep_an_article_dated_to_the_day_a_time_cuts():
    """As locally: --since 2022-01-14T06:30 keeps an article dated only to 2022-01-14 (its day overlaps
    the range); --since 2022-01-14 needs no such clause."""
    registry = load_registry(Settings().entity_files)
    day = '{"term": {"date_precision": "day"}}, {"range": {"date": {"gte": "2022-01-14T00:00:00.000Z"}}}'
    for query in (Query(q="dispatch", since="2022-01-14T06:30"), Query(q="dispatch date:>2022-01-14T06")):
        assert day in json.dumps(compile_dsl(query, registry).query)
    assert '"day"' not in json.dumps(compile_dsl(Query(q="dispatch", since="2022-01-14"), registry).query)


def test_year_month_and_day_fields_count_as_facets_and_timelines_do(tmp_path):
    """``month:2019-11..2019-12`` kept the article dated only to 2019 where ``month:[2019-11 TO 2019-12]``
    left it out (two spellings, two answers), and no field named a day as a timeline counts it: a year,
    month or day field, or a range of them, is the articles dated at least that precisely within it."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("y", "2019"), ("m", "2019-12"), ("d", "2019-12-03"), ("t", "2019-12-03T10:00:00Z"),
                       ("n", "2019-11-20"), ("l", "2020-01-05")):
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\ndate: {date}\n\nOtter news.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])

        def found(q):
            return "".join(sorted(h.id[0] for h in idx.search(q, limit=10).hits))
        assert found("month:2019-11..2019-12") == found("month:[2019-11 TO 2019-12]") == "dmnt"
        assert found("day:2019-12-03") == found('day:"2019-12-03"') == "dt" and found("date:2019-12-03") == "dmty"
        assert found("day:2019-11-01..2019-12-31") == "dnt" and found("year:2019..2020") == "dlmnty"
        assert found("otter -day:2019-12-03") == "lmny"
        by_day = idx.timeline("otter", by="day", since="2019-12", until="2019-12")
        for day, count in zip(by_day.periods, by_day.series["all"]):
            assert idx.search(f"otter day:{day}", limit=0).total == count
        with pytest.raises(searchidx.errors.QuerySyntaxError, match="is not a day"):
            idx.search("day:2019-12-32")


def test_years_before_1000_are_four_digits_and_each_facet_value_finds_what_it_counted(tmp_path):
    """The index holds the year 998 as '998' (strftime's %Y). The year facet listed '998' after '2019' (in
    string order), the month facet '998-05' and a timeline by year '998', while year:998 is 'not a year' and
    year:0998 (or month:0998-05, as a timeline by month labels it) found nothing: the web's facet and chart
    links of such a year answered 400 or 0 articles."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, date in (("a", "0998-05-01"), ("b", "0999"), ("c", "2019-03-04")):
        (corpus / f"{name}.txt").write_text(f"title: Chronicle {name}\ndate: {date}\n\nA chronicle.\n", "utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        facets = idx.facets(["year", "month"])
        assert [(f.value, f.count) for f in facets["year"]] == [("0998", 1), ("0999", 1), ("2019", 1)]
        assert [f.value for f in facets["month"]] == ["0998-05", "2019-03"]
        for field, counts in facets.items():
            for f in counts:
                assert idx.search(f"{field}:{f.value}").total == f.count == 1, f
                assert idx.search(f"chronicle -{field}:{f.value}").total == 2, f
        assert idx.timeline(None, by="year", until="1000").periods == ["0998", "0999", "1000"]
