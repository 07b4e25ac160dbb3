"""A timeline counting stories: a story with copies on three days is one story in its total, and a story
is said left out (undated, dated only to a year) only when no row counts it."""

import json

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli

OIL = ("Oil prices rose on Monday after OPEC ministers agreed to keep output steady, traders in London and New "
       "York said. Brent crude gained two dollars a barrel in early trading as dealers bought futures contracts. "
       "Analysts said the agreement would support prices through the summer months while stocks fell.")
LIBRARY = ("The city council voted on Tuesday to build a new library in the old market square, the mayor said. "
           "Construction will begin next spring and take two years to finish. Residents had campaigned for a "
           "larger reading room and a children's section for a decade before the vote.")
FERRY = ("The island ferry service will add a late sailing on Fridays from June, the operator announced, after "
         "passengers complained of crowded evening boats. Tickets go on sale next week at the harbour office.")
# (id, date, source, text): the oil story on 4, 5 and 6 May and undated, all from Wire; the library story on
# 4 and 5 May and the ferry story on 6 May, from Paper
COPIES = [("oil-1", "2020-05-04", "Wire", OIL), ("oil-2", "2020-05-05", "Wire", OIL),
          ("oil-3", "2020-05-06", "Wire", OIL), ("oil-4", "", "Wire", OIL), ("lib-1", "2020-05-04", "Paper", LIBRARY),
          ("lib-2", "2020-05-05T22:00:00Z", "Paper", LIBRARY), ("ferry", "2020-05-06", "Paper", FERRY)]


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline_stories")
    (folder / "corpus").mkdir()
    lines = [json.dumps({"id": i, "title": f"copy {i}", "date": d, "source": source, "body": text})
             for i, d, source, text in COPIES]
    (folder / "corpus" / "copies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with searchidx.open_index(folder / "index") as idx:
        idx.update([folder / "corpus"])
        assert idx.search("", collapse="story").total == 3  # the three stories, as grouped at ingest
    return folder / "index"


def test_a_story_on_three_days_is_one_story_and_its_undated_copy_leaves_nothing_out(six):
    with searchidx.open_index(six) as idx:
        tl = idx.timeline("", by="day", count="stories")
        assert tl.periods == ["2020-05-04", "2020-05-05", "2020-05-06"]
        assert tl.series == {"all": [2, 2, 2]}  # each row: the stories with a copy that day
        assert (tl.total, tl.undated, tl.coarse) == (3, 0, 0)  # was: 6 by adding the rows, and 1 undated
        articles = idx.timeline("", by="day")
        assert (articles.total, articles.undated) == (6, 1)  # articles: each in one row, the undated one apart
    result = CliRunner().invoke(cli, ["timeline", "--by", "day", "--count", "stories", "--index", str(six)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "3 stories by day"  # was '6 stories by day, 1 undated not shown'


def test_the_top_split_values_are_those_with_the_most_stories_when_stories_are_counted(six):
    """Wire has 4 copies of one story, Paper 3 articles of two stories: counting stories, Paper leads (Wire was
    chosen by its articles, and its series then showed 1 story a day against Paper's 2 left out)."""
    with searchidx.open_index(six) as idx:
        assert idx.timeline("", by="month", split="source", top=1, count="stories").series == {"Paper": [2]}
        # articles: 3 dated each (Wire's undated copy is in no row, so it does not rank Wire first), by name
        assert idx.timeline("", by="month", split="source", top=2).series == {"Paper": [3], "Wire": [3]}


def test_the_timeline_of_a_search_of_one_hit_per_story_counts_its_stories(six):
    """The search's total and facets count stories; its timeline counted articles: the web's Timeline page,
    opened from a search with 'one hit per story', showed 6 where the search page's date chart showed 3."""
    with searchidx.open_index(six) as idx:
        assert idx.search("", collapse="story").total == 3
        tl = idx.timeline(searchidx.Query(collapse="story"), by="month")
        assert (tl.counted, tl.series, tl.total) == ("stories", {"all": [3]}, 3)  # was articles, [6], 6
        assert idx.timeline("", by="month", collapse="story") == tl


def test_the_top_split_values_are_those_the_rows_count(tmp_path):
    """Archive has three matches, all undated; Desk two dated to a year only; Paper and Wire one or two dated
    ones. By month, the top two were Archive and Wire by their matches, and Archive's series was a row of
    zeros while Paper, counted in March, was left out."""
    rows = [("a1", "", "Archive"), ("a2", "", "Archive"), ("a3", "", "Archive"), ("d1", "2020", "Desk"),
            ("d2", "2020", "Desk"), ("w1", "2020-03-02", "Wire"), ("w2", "2020-03-09", "Wire"),
            ("p1", "2020-03-03", "Paper")]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.jsonl").write_text("".join(
        json.dumps({"id": i, "title": f"harbour note {i}", "date": d, "source": source,
                    "body": f"Harbour note {i} on a matter of its own, number {n * 17}."}) + "\n"
        for n, (i, d, source) in enumerate(rows)), encoding="utf-8")
    with searchidx.open_index(tmp_path / "index") as idx:
        idx.update([tmp_path / "corpus"])
        tl = idx.timeline("harbour", by="month", split="source", top=2)
        assert tl.series == {"Wire": [2], "Paper": [1]}  # was {'Archive': [0], 'Wire': [2]}
        assert idx.timeline("harbour", by="year", split="source", top=2).series == {"Desk": [2], "Wire": [2]}


def test_a_source_spelled_in_several_cases_is_one_facet_value_as_its_filter_finds_it(tmp_path):
    """--source wire finds the articles of "Wire", "WIRE" and "wire" (a source matches in any case), but the
    source facet listed each spelling apart with 1 (its link then gave 3), a timeline split by source drew
    three series of one source, and stats said 'sources: 4' for two."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for name, source in (("a", "Wire"), ("b", "wire"), ("c", "WIRE"), ("d", "The Wire"), ("e", "Wire")):
        (corpus / f"{name}.txt").write_text(f"title: Otter {name}\ndate: 2020-01-0{ord(name) - 96}\nsource: {source}"
                                            f"\n\nOtter news.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        facet = {f.value: f.count for f in idx.facets(["source"])["source"]}
        assert facet == {"Wire": 4, "The Wire": 1}
        assert all(idx.search(source=value, limit=0).total == n for value, n in facet.items())
        tl = idx.timeline(None, by="month", split="source")
        assert tl.series == {"Wire": [4], "The Wire": [1]}
        assert idx.stats().sources == 2
