"""Stories (near-duplicate grouping), timelines and similar articles."""

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli

FIX = Path(__file__).parent / "fixtures"


def wikinews_body(name: str) -> str:
    text = (FIX / "entities" / "articles" / name).read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1]


def write(folder: Path, name: str, title: str, date: str, body: str, source: str = "Wire A") -> None:
    (folder / name).write_text(f"title: {title}\ndate: {date}\nsource: {source}\n\n{body}\n", encoding="utf-8")


@pytest.fixture
def story_corpus(tmp_path):
    """One story in five versions, another story on the same topic, and a late repeat."""
    c = tmp_path / "c"
    c.mkdir()
    body = wikinews_body("wn30.txt")  # coronavirus cases pass one million
    paras = [p for p in body.split("\n") if p.strip()]
    write(c, "a-original.txt", "Coronavirus cases pass one million", "2020-04-03", "\n\n".join(paras))
    rewrapped = "\n".join(line for p in paras for line in (p[: len(p) // 2], p[len(p) // 2:]))
    write(c, "b-rewrapped.txt", "Coronavirus cases pass one million", "2020-04-03", rewrapped, "Wire B")
    write(c, "c-headline.txt", "World passes one million coronavirus infections", "2020-04-04", "\n\n".join(paras),
          "Wire C")
    write(c, "d-added.txt", "Coronavirus cases pass one million (updated)", "2020-04-04",
          "\n\n".join(paras + ["In a later update, officials in Spain reported a further rise in hospital admissions "
                               "and asked residents to stay at home over the Easter holiday weekend."]), "Wire A")
    write(c, "e-cut.txt", "Coronavirus cases pass one million", "2020-04-05", "\n\n".join(paras[:-1]), "Wire D")
    other = wikinews_body("wn29.txt")  # WHO declares a pandemic: same topic, another story
    write(c, "f-other.txt", "WHO declares pandemic", "2020-04-04", other, "Wire A")
    write(c, "g-late-repeat.txt", "Coronavirus cases pass one million", "2020-06-30", "\n\n".join(paras), "Wire E")
    return c


def stories(index: Path) -> dict[str, set[str]]:
    with searchidx.open_index(index, create=False) as idx:
        with idx.engine.require().searcher() as s:
            out: dict[str, set[str]] = {}
            for d in s.all_stored_fields():
                out.setdefault(d["story_id"], set()).add(d["id"])
    return out


def test_copies_group_and_other_stories_do_not(tmp_path, story_corpus):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    groups = sorted(stories(tmp_path / "ix").values(), key=len, reverse=True)
    assert groups[0] == {"a-original.txt", "b-rewrapped.txt", "c-headline.txt", "d-added.txt", "e-cut.txt"}
    assert {"f-other.txt"} in groups  # same topic, different story
    assert {"g-late-repeat.txt"} in groups  # identical text 88 days later: outside the 7-day window


def test_copies_committed_in_earlier_batches_of_the_same_run_still_group(tmp_path, story_corpus):
    # batch_size 1: every file is its own commit, so each copy is found in the index, not in memory
    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(batch_size=1)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        assert idx.update([story_corpus]).commits >= 7
    groups = sorted(stories(tmp_path / "ix").values(), key=len, reverse=True)
    assert groups[0] == {"a-original.txt", "b-rewrapped.txt", "c-headline.txt", "d-added.txt", "e-cut.txt"}
    assert {"f-other.txt"} in groups and {"g-late-repeat.txt"} in groups


def test_timeline_counts_stories_over_several_segments(tmp_path, story_corpus):
    # batch_size 1: one segment per file, as an index grown by many small runs has
    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(batch_size=1)
    (story_corpus / "h-undated.txt").write_text("title: Undated copy\n\n" + wikinews_body("wn30.txt"), encoding="utf-8")
    (story_corpus / "i-undated.txt").write_text("title: Undated copy\n\n" + wikinews_body("wn30.txt"), encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        idx.update([story_corpus])
        assert idx.stats().segments > 1
        tl = idx.timeline("million", by="month", count="stories")
    assert dict(zip(tl.periods, tl.series["all"])) == {"2020-04": 1, "2020-05": 0, "2020-06": 1}
    # the two undated copies are of the April story (grouped with it at ingest), which April's row counts:
    # nothing is left out, and the two rows count two stories
    assert (tl.undated, tl.total) == (0, 2)


def test_wider_window_setting_joins_the_late_repeat(tmp_path, story_corpus):
    settings = searchidx.config.load_settings(index=str(tmp_path / "ix")).with_overrides(story_window_days=120)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        idx.update([story_corpus])
    assert {"a-original.txt", "g-late-repeat.txt"} <= max(stories(tmp_path / "ix").values(), key=len)


def test_incremental_join_and_deleting_the_earliest_copy(tmp_path, story_corpus):
    late = story_corpus / "d-added.txt"
    content = late.read_text(encoding="utf-8")
    late.unlink()
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([story_corpus])
    late.write_text(content, encoding="utf-8")
    with searchidx.open_index(index) as idx:
        assert idx.update([story_corpus]).added == 1
        story = idx.story("d-added.txt")
        assert {c.id for c in story.copies} >= {"a-original.txt", "d-added.txt"}
        added = next(c for c in story.copies if c.id == "d-added.txt")
        assert added.added and added.added[0].startswith("In a later update") and added.title_changed
    (story_corpus / "a-original.txt").unlink()  # the earliest copy goes
    with searchidx.open_index(index) as idx:
        assert idx.update([story_corpus]).removed == 1
        story = idx.story("b-rewrapped.txt")
        assert {c.id for c in story.copies} == {"b-rewrapped.txt", "c-headline.txt", "d-added.txt", "e-cut.txt"}
        assert story.first_seen == "2020-04-03" and story.sources == ["Wire A", "Wire B", "Wire C", "Wire D"]


def test_collapse_and_count_stories(tmp_path, story_corpus):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        plain = idx.search("million", facets=["source"])
        collapsed = idx.search("million", collapse="story", facets=["source"])
        counted = idx.search("million", count="stories")
    assert plain.total == 6 and plain.counted == "articles"
    assert collapsed.total == 2 and len(collapsed.hits) == 2 and counted.total == 2
    big = next(h for h in collapsed.hits if h.story["copies"] == 5)
    assert big.story["sources"] == ["Wire A", "Wire B", "Wire C", "Wire D"]
    assert {"value": "Wire A", "count": 1} in [vars(f) for f in collapsed.facets["source"]]


def test_count_articles_counts_articles_with_one_hit_per_story(tmp_path, story_corpus):
    """--collapse story --count articles (and the library's collapse="story", count="articles") counted
    stories: Wire A 1, where two of its articles match. Each count mode counts what it says; left out, the
    count follows the hits (stories when collapsed)."""
    index = str(tmp_path / "ix")
    with searchidx.open_index(index) as idx:
        idx.update([story_corpus])
        by_article = idx.facets("source", query="million", collapse="story", count="articles")
        by_story = idx.facets("source", query="million", collapse="story", count="stories")
        collapsed = idx.search("million", collapse="story", count="articles", limit=1)
        by_default = idx.search("million", collapse="story", facets=["source"])
        rows = idx.timeline("million", by="year", collapse="story", count="articles")
    assert {"value": "Wire A", "count": 2} in [vars(f) for f in by_article["source"]]
    assert {"value": "Wire A", "count": 1} in [vars(f) for f in by_story["source"]]
    assert {"value": "Wire A", "count": 1} in [vars(f) for f in by_default.facets["source"]]
    assert (collapsed.total, collapsed.counted, collapsed.stories, collapsed.pages) == (6, "articles", 2, 2)
    assert (by_default.total, by_default.counted) == (2, "stories")
    assert rows.total == 6 and rows.counted == "articles"
    out = CliRunner().invoke(cli, ["search", "million", "--collapse", "story", "--count", "articles", "-n", "1",
                                   "--facet", "source", "--format", "json", "--index", index])
    assert out.exit_code == 0, out.output
    found = json.loads(out.stdout)
    assert (found["total"], found["stories"]) == (6, 2)
    assert {"value": "Wire A", "count": 2} in found["facets"]["source"]
    table = CliRunner().invoke(cli, ["search", "million", "--collapse", "story", "--count", "articles", "-n", "1",
                                     "--index", index]).stdout
    assert table.startswith("1-1 of 2 stories (6 articles) for 'million', page 1 of 2")


def test_facets_and_entities_count_stories_on_the_command_line_as_the_web_and_saved_queries_do(tmp_path,
                                                                                              story_corpus):
    """The web's entities page of one hit per story, a saved query's 'collapse: story' report and the library
    count stories; 'searchidx facets' and 'searchidx entities' had no such option ('No such option:
    --count'), so the figures the browser showed (Wire A: 1 story) could not be had from the command line."""
    index = str(tmp_path / "ix")
    with searchidx.open_index(index) as idx:
        idx.update([story_corpus])
        by_story = idx.search("million", count="stories", facets=["source", "place"], facet_limit=20).facets
    assert {"value": "Wire A", "count": 1} in [vars(f) for f in by_story["source"]]
    runner = CliRunner()
    facets = runner.invoke(cli, ["facets", "million", "--count", "stories", "--facet", "source", "--facet", "place",
                                 "--top", "20", "--format", "json", "--index", index])
    assert facets.exit_code == 0, facets.output
    assert json.loads(facets.stdout) == {k: [vars(f) for f in v] for k, v in by_story.items()}
    names = runner.invoke(cli, ["entities", "million", "--count", "stories", "--type", "place", "--format", "json",
                                "--index", index])
    assert names.exit_code == 0, names.output
    assert json.loads(names.stdout) == {"place": [vars(f) for f in by_story["place"]]}
    articles = runner.invoke(cli, ["facets", "million", "--facet", "source", "--format", "json", "--index", index])
    assert {"value": "Wire A", "count": 2} in json.loads(articles.stdout)["source"]  # the default: articles
    refused = runner.invoke(cli, ["entities", "million", "--count", "stories", "--rank", "association", "--index",
                                  index])
    assert refused.exit_code == 2 and "--count stories" in refused.output


def test_counting_stories_without_collapsing_pages_through_the_articles(tmp_path, story_corpus):
    """--count stories counts stories but lists articles: the pages (and the header) must follow the
    articles, or the last pages were never offered ("1-2 of 2 stories, page 1 of 1" over six articles)."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        counted = idx.search("million", count="stories", limit=2)
        listed = [h.id for page in (1, 2, 3) for h in idx.search("million", count="stories", limit=2, page=page).hits]
    assert (counted.total, counted.articles, counted.pages) == (2, 6, 3)
    assert len(listed) == len(set(listed)) == 6
    assert counted.to_dict()["articles"] == 6
    out = CliRunner().invoke(cli, ["search", "million", "--count", "stories", "-n", "2",
                                   "--index", str(tmp_path / "ix")]).stdout
    assert out.startswith("1-2 of 6 articles (2 stories) for 'million', page 1 of 3")


@pytest.mark.parametrize("options", [{}, {"sort": "relevance+recency"}])
def test_a_collapsed_hit_scores_as_the_same_article_does_uncollapsed(tmp_path, story_corpus, options):
    """Collapsing hides copies; it must not change how the copy shown is scored (the proximity bonus and
    recency re-ranked only uncollapsed searches, so stories came in another order). --feedback is left
    out: it learns from the best hits, and collapsed ones are other articles (one copy a story)."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        plain = {h.id: h.score for h in idx.search("coronavirus cases", limit=100, **options).hits}
        collapsed = idx.search("coronavirus cases", collapse="story", limit=100, **options).hits
    assert collapsed and [(h.id, h.score) for h in collapsed] == [(h.id, plain[h.id]) for h in collapsed]
    assert [h.score for h in collapsed] == sorted((h.score for h in collapsed), reverse=True)


@pytest.mark.parametrize("text, options", [
    ("million -pandemic", {}),  # an excluded word (a mask)
    ("million NOT title:updated", {}),
    ("million", {"source": ["Wire A", "Wire B", "Wire C", "Wire D", "Wire E"]}),  # a filter
    ("million", {"since": "2020-04"}),
])
def test_collapse_keeps_one_copy_a_story_under_filters_and_exclusions(tmp_path, story_corpus, text, options):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        collapsed = idx.search(text, collapse="story", limit=100, **options)
    stories_shown = [h.story["id"] for h in collapsed.hits]
    assert len(stories_shown) == len(set(stories_shown)) == collapsed.total == 2


@pytest.mark.parametrize("options", [{"collapse": "story"}])
def test_excluding_a_facet_value_leaves_out_the_stories_that_facet_counts(tmp_path, story_corpus, options):
    """Counted per story, a facet counts a story under a value when any copy has it (Wire B: 1 story), but
    excluding the value ('million -source:"Wire B"') kept that story, shown through a copy from another
    source, under a story line naming Wire B among its sources: the exclusion removed nothing. A story with
    a copy of an excluded value now goes whole, so the stories with a value and those without it add up."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        every = idx.search("million", facets=["source", "place"], facet_limit=50, limit=100, **options)
        assert every.total == 2
        for name in ("source", "place"):
            for value in every.facets[name]:
                quoted = f'{name}:"{value.value}"'
                kept = idx.search(f"million {quoted}", limit=100, **options)
                left = idx.search(f"million -{quoted}", limit=100, **options)
                assert (kept.total, left.total) == (value.count, every.total - value.count), quoted
                for hit in left.hits:  # nothing shown names what was left out
                    named = [hit.source, *(hit.story or {}).get("sources", [])] if name == "source" else \
                        hit.entities.get(name, [])
                    assert value.value not in named, quoted
        words = idx.search("million -title:updated", limit=100, **options)  # an excluded word: per copy
        assert words.total == 2 and "d-added.txt" not in [h.id for h in words.hits]


def test_an_exclusion_leaves_out_whole_stories_only_where_stories_are_listed_and_only_for_a_facets_value(
        tmp_path, story_corpus):
    """Leaving out a story whole for an excluded value (above) also changed the articles listed under --count
    stories, which counts stories but lists articles: 'million -source:"Wire B"' dropped the other wires' copies
    too. And '-id:' one copy left out its whole story with stories listed: an id names one article, not a value
    its story's facets count. Listing articles, only the copies with the value go; an id, a url or a date is
    left out per copy, the story then shown through another copy."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        every = idx.search("million", limit=100, count="stories")
        wire_b = {h.id for h in every.hits if h.source == "Wire B"}
        assert wire_b
        left = idx.search('million -source:"Wire B"', limit=100, count="stories")
        assert {h.id for h in left.hits} == {h.id for h in every.hits} - wire_b
        story = idx.search("million", collapse="story", limit=100)
        first = story.hits[0]
        without = idx.search(f"million -id:{first.id}", collapse="story", limit=100)
        assert without.total == story.total and first.story["id"] in [h.story["id"] for h in without.hits]


def test_diff_of_a_collapsed_query_shows_each_story_once(tmp_path, story_corpus):
    """`run --diff` of a `collapse: story` query showed the same story again on each run, under another of
    its copies (5 runs for one story of 5 copies), and counted articles in a table of stories."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: million\n    q: million\n    collapse: story\n    format: jsonl\n",
                    encoding="utf-8")
    args = ["run", str(path), "--diff", "--index", str(tmp_path / "ix")]

    def run():
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        row = next(line.split() for line in result.stderr.splitlines() if line.startswith("million"))
        return [json.loads(line)["id"] for line in result.stdout.splitlines() if line.startswith("{")], row[1:3]

    first, counts = run()
    assert len(first) == 2 and counts == ["2", "2"]  # two stories, as the run without --diff counts them
    again, counts = run()
    assert again == [] and counts == ["2", "0"]
    write(story_corpus, "h-refiled.txt", "Coronavirus cases pass one million", "2020-04-05",
          wikinews_body("wn30.txt"), "Wire F")  # a new copy of a story shown: the story is news again, once
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    third, counts = run()
    assert third == ["h-refiled.txt"] and counts == ["2", "1"]
    assert run() == ([], ["2", "0"])


def test_story_command_shows_differences(tmp_path, story_corpus):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    out = CliRunner().invoke(cli, ["story", "c-headline.txt", "--index", str(tmp_path / "ix")]).stdout
    assert out.startswith("story a-original.txt: 5 copies, first seen 2020-04-03")
    assert "headline changed" in out and "+ In a later update" in out
    data = json.loads(CliRunner().invoke(cli, ["story", "e-cut.txt", "--index", str(tmp_path / "ix"),
                                               "--format", "json"]).stdout)
    cut = next(c for c in data["copies"] if c["id"] == "e-cut.txt")
    assert len(cut["removed"]) == 1 and cut["added"] == []


def test_timeline_buckets_with_empty_periods_and_utc_midnight(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    write(c, "jan.txt", "January", "2021-01-15", "Flood warnings along the river.")
    write(c, "late-sept.txt", "Late", "2021-09-30T23:30:00-05:00", "Flood warnings again near midnight.")
    write(c, "oct.txt", "October", "2021-10-02", "Flood defences tested.")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        tl = idx.timeline("flood", by="month")
        assert tl.periods[0] == "2021-01" and tl.periods[-1] == "2021-10" and len(tl.periods) == 10
        assert tl.series["all"] == [1, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # 23:30 at UTC-5 is 1 October, UTC
        spanned = idx.timeline("flood", by="year", since="2019", until="2022")
        assert spanned.periods == ["2019", "2020", "2021", "2022"] and spanned.series["all"] == [0, 0, 3, 0]
        weeks = idx.timeline("flood", by="week", since="2021-09-27", until="2021-10-10")
        assert weeks.periods == ["2021-09-27", "2021-10-04"] and weeks.series["all"] == [2, 0]


def test_dates_are_read_right_when_a_segment_holds_only_undated_articles(tmp_path):
    """Whoosh writes no date column for a segment of undated articles, and its multi-segment column reader
    then gave those articles another segment's dates (stats and timelines crashed on an impossible one)."""
    first, later = tmp_path / "undated", tmp_path / "dated"
    first.mkdir()
    later.mkdir()
    for i in range(3):
        (first / f"note{i}.txt").write_text(f"title: Note {i}\n\nFlood warnings from the blog, part {i}.\n")
    for month in (1, 2, 5):
        write(later, f"m{month}.txt", f"Month {month}", f"2021-0{month}-10", "Flood warnings along the river.")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([first])
        idx.update([first, later])  # a second commit: a second segment, which has the date column
        stats = idx.stats()
        assert stats.segments >= 2 and (stats.undated, stats.earliest, stats.latest) == (3, "2021-01-10", "2021-05-10")
        tl = idx.timeline("flood", by="month")
        assert tl.periods == ["2021-01", "2021-02", "2021-03", "2021-04", "2021-05"]
        assert tl.series["all"] == [1, 1, 0, 0, 1] and tl.undated == 3


def test_stats_show_the_first_and_last_date_at_their_precision(tmp_path):
    """An article dated only 2019 made the span start "2019-01-01", a day the corpus does not name."""
    c = tmp_path / "c"
    c.mkdir()
    write(c, "year.txt", "A year", "2019", "Flood warnings along the river.")
    write(c, "day.txt", "A day", "2020-03-04T10:00:00Z", "Flood warnings again.")
    write(c, "month.txt", "A month", "2021-06", "Flood defences tested.")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        assert (idx.stats().earliest, idx.stats().latest) == ("2019", "2021-06")
    out = CliRunner().invoke(cli, ["stats", "--index", str(tmp_path / "ix")]).stdout
    assert "2019 to 2021-06" in out


def test_stats_of_a_small_index_say_one_as_one_and_its_size_in_kb(tmp_path):
    """'searchidx stats' of a one-file index read 'articles:  1 from 1 files' and 'on disk:   0.0 MB in 1
    segment(s)', as if the index held nothing."""
    c = tmp_path / "c"
    c.mkdir()
    write(c, "a.txt", "A day", "2020-03-04", "Flood warnings again.")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", str(tmp_path / "ix")]).exit_code == 0
    lines = CliRunner().invoke(cli, ["stats", "--index", str(tmp_path / "ix")]).stdout.splitlines()
    assert lines[0] == "articles:  1 from 1 file"
    with searchidx.open_index(tmp_path / "ix") as idx:
        size = idx.stats().size_bytes
    assert 1000 < size < 1e6 and lines[3] == f"on disk:   {size // 1000} kB in 1 segment"


def test_timeline_split_csv_json_and_plot(built, tmp_path):
    index = str(built[0])
    out = CliRunner().invoke(cli, ["timeline", "--by", "year", "--since", "2021", "--until", "2022",
                                   "--split", "source", "--format", "csv", "--index", index])
    rows = out.stdout.splitlines()
    assert rows[0].startswith("period,") and "Example News" in rows[0] and rows[1].startswith("2021,")
    # the table says what its rows leave out, as one without --split does (it said nothing of the undated)
    table = CliRunner().invoke(cli, ["timeline", "--by", "year", "--split", "source", "--index", index]).stdout
    assert table.splitlines()[-1] == "articles by year, top 5 source values, 2 undated not shown"
    result = CliRunner().invoke(cli, ["timeline", "--by", "year", "--format", "json", "--index", index])
    data = json.loads(result.stdout)
    assert data["periods"][0] == "1987" and data["periods"][-1] == "2022" and len(data["periods"]) == 36
    assert data["undated"] == 2 and sum(data["series"]["all"]) == 15
    png = tmp_path / "chart.png"
    result = CliRunner().invoke(cli, ["timeline", "--by", "year", "--plot", str(png), "--index", index])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000
    # a name that cannot be a chart is refused before the count: the table was printed, then 'Error' (exit 2)
    result = CliRunner().invoke(cli, ["timeline", "--by", "year", "--plot", str(tmp_path / "chart.txt"), "--index",
                                      index])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"Error: --plot {tmp_path / 'chart.txt'}: the file must end in .png or .svg\n"


def test_similar_finds_related_articles_and_leaves_out_copies(tmp_path, story_corpus):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        res = idx.similar("a-original.txt", limit=5)
        assert [h.id for h in res.hits][:1] == ["g-late-repeat.txt"] or "f-other.txt" in [h.id for h in res.hits]
        assert not {"b-rewrapped.txt", "c-headline.txt", "d-added.txt", "e-cut.txt", "a-original.txt"} & {
            h.id for h in res.hits}
        with_copies = idx.similar("a-original.txt", limit=10, include_copies=True)
        assert {"b-rewrapped.txt", "c-headline.txt"} <= {h.id for h in with_copies.hits}
        assert "a-original.txt" not in {h.id for h in with_copies.hits}
        filtered = idx.similar("a-original.txt", limit=10, since="2020-06")
        assert [h.id for h in filtered.hits] == ["g-late-repeat.txt"]


def test_similar_is_narrowed_by_query_words_as_by_filters(tmp_path, story_corpus):
    """q= was passed to similar like any filter and quietly dropped: every copy came back."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        words = idx.similar("a-original.txt", limit=10, include_copies=True, q="Easter holiday")
        assert [h.id for h in words.hits] == ["d-added.txt"] and words.total == 1
        assert idx.similar("a-original.txt", include_copies=True, q="-Easter", since="2020-06").total == 1
        assert idx.similar("a-original.txt", include_copies=True, q="Easter", place=["Mars"]).total == 0


def test_similar_lists_one_article_a_story(tmp_path, story_corpus):
    """Articles like one of another story's: that story's copies came back one after the other, each a
    hit of its own (three copies of one referendum story filled a page of three)."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
        copies = {"a-original.txt", "b-rewrapped.txt", "c-headline.txt", "d-added.txt", "e-cut.txt"}
        res = idx.similar("f-other.txt", limit=10)
        assert len(copies & {h.id for h in res.hits}) == 1 and res.hits[0].story is not None
        every = idx.similar("f-other.txt", limit=10, include_copies=True)
        assert len(copies & {h.id for h in every.hits}) >= 3


def test_signatures_equal_datasketchs_affine32_minhash():
    """stories.py computes MinHash itself (datasketch's import loads scipy); the values must be the library's."""
    import random
    import zlib

    import numpy as np
    from datasketch import MinHash

    from searchidx.enrich import stories

    rng = random.Random(3)
    words = ["".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 9))) for _ in range(4000)]
    for n in (10, 60, 700, 4000):
        text = " ".join(words[:n])
        expected = MinHash(num_perm=stories.NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme="affine32")
        expected.update_batch(list(stories.shingles(text)))
        assert stories.signature(text) == expected.hashvalues.astype(np.uint32).tobytes()


def test_a_whoosh_index_and_a_cluster_see_the_same_shared_bands():
    """Whoosh finds candidate copies by band keys computed from the signature column, a cluster by band
    terms: for any two signatures both must name the same bands as shared, or the engines group apart."""
    import random

    import numpy as np

    from searchidx.enrich import stories

    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, stories.NUM_PERM, dtype=np.uint32)
    for _ in range(300):
        other = base.copy()
        changed = rng.random(stories.NUM_PERM) < random.Random(int(other[0])).choice((0.05, 0.3, 0.7, 1.0))
        other[changed] = rng.integers(0, 2**32, int(changed.sum()), dtype=np.uint32)
        a, b = base.tobytes(), other.tobytes()
        by_terms = [x == y for x, y in zip(stories.bands(a), stories.bands(b))]
        by_keys = [x == y for x, y in zip(stories.band_keys_of(a), stories.band_keys_of(b))]
        assert by_keys == by_terms
        assert len(set(stories.band_keys_of(a))) == stories.BANDS  # a band's key names its place too


def test_indexing_imports_no_scipy(tmp_path):
    import subprocess
    import sys

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("title: A\n\n" + "Words enough to make a signature of shingles. " * 5)
    code = ("import sys, searchidx; idx = searchidx.open_index(sys.argv[1]); idx.update([sys.argv[2]]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'datasketch', 'pandas')))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ix"), str(tmp_path / "c")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("change", ["earliest copy added late", "earliest copy deleted", "copies rewritten"])
def test_an_update_names_stories_as_a_clean_build_does(tmp_path, story_corpus, change):
    """A story is named after its first copy in walk order however the index got there."""
    original = story_corpus / "a-original.txt"
    kept = original.read_text(encoding="utf-8")
    index = tmp_path / "ix"
    if change == "earliest copy added late":
        original.unlink()
    with searchidx.open_index(index) as idx:
        idx.update([story_corpus])
    if change == "earliest copy added late":
        original.write_text(kept, encoding="utf-8")  # comes before every copy indexed so far
    elif change == "earliest copy deleted":
        original.unlink()
    else:  # b becomes the other story, f a copy of the first one
        b, f = story_corpus / "b-rewrapped.txt", story_corpus / "f-other.txt"
        b_text, f_text = b.read_text(encoding="utf-8"), f.read_text(encoding="utf-8")
        b.write_text(f_text, encoding="utf-8")
        f.write_text(b_text, encoding="utf-8")
    with searchidx.open_index(index) as idx:
        idx.update([story_corpus])
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([story_corpus])
    assert stories(index) == stories(tmp_path / "clean")


def test_an_id_taken_by_a_file_at_a_new_place_regroups_the_story_its_old_article_named(tmp_path):
    """A corpus split over two folders: one/a.jsonl gives w1 (the rates story, which w3 copies) and w2 (the
    harvest story); two/a.jsonl gives w1 too, a harvest copy, waiting. one/a.jsonl deleted, 'index two'
    takes w1 over (the same path at a new place) and the new w1 joins w2's story; w3 kept the story id w1,
    and once w2 went w1 named the harvest story: 'searchidx story w3' listed the harvest article as a
    copy of the rates story, 'similarity 0.00'."""
    rates, harvest = wikinews_body("wn30.txt"), wikinews_body("wn29.txt")
    c = tmp_path / "c"
    for folder in ("one", "two"):
        (c / folder).mkdir(parents=True)

    def record(article_id, title, date, text):
        return json.dumps({"id": article_id, "title": title, "date": date, "text": text}) + "\n"

    (c / "one" / "a.jsonl").write_text(record("w1", "Rates", "2020-04-03", rates)
                                       + record("w2", "Harvest", "2020-04-01", harvest), encoding="utf-8")
    (c / "one" / "b.txt").write_text(f"id: w3\ntitle: Rates again\ndate: 2020-04-04\n\n{rates}\n", encoding="utf-8")
    (c / "two" / "a.jsonl").write_text(record("w1", "Harvest copy", "2020-04-02", harvest), encoding="utf-8")
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([c / "one", c / "two"])
        assert idx.story("w3").copies[0].id == "w1"
    (c / "one" / "a.jsonl").unlink()
    with searchidx.open_index(index) as idx:
        idx.update([c / "two"])
        idx.update([c / "one", c / "two"])
        assert [copy.id for copy in idx.story("w3").copies] == ["w3"]
    with searchidx.open_index(tmp_path / "clean") as clean:
        clean.update([c / "one", c / "two"])
    assert stories(index) == stories(tmp_path / "clean") == {"w1": {"w1"}, "w3": {"w3"}}


def test_timeline_leaves_out_of_finer_periods_the_articles_dated_only_to_a_year_or_month(tmp_path):
    """An article dated "2019" is not from January 2019, nor "2019-06" from 1 June: the month facet leaves
    the first out of every month, and so does a timeline by month; by week or day, both are left out.
    Each is counted in the periods its date fills, and the ones left out are said."""
    c = tmp_path / "c"
    c.mkdir()
    write(c, "year.txt", "Year only", "2019", "Harvest figures for the year.")
    write(c, "month.txt", "Month only", "2019-06", "Harvest figures for June.")
    write(c, "day.txt", "Day", "2019-06-03", "Harvest figures for the day.")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        by_year = idx.timeline("harvest", by="year")
        assert (by_year.periods, by_year.series["all"], by_year.coarse) == (["2019"], [3], 0)
        by_month = idx.timeline("harvest", by="month", since="2019-01", until="2019-06")
        assert by_month.series["all"] == [0, 0, 0, 0, 0, 2] and by_month.coarse == 1
        facet = {f.value: f.count for f in idx.facets(["month"], query="harvest")["month"]}
        assert facet == {p: n for p, n in zip(by_month.periods, by_month.series["all"]) if n} == {"2019-06": 2}
        by_day = idx.timeline("harvest", by="day", since="2019-01-01", until="2019-06-03")
        assert sum(by_day.series["all"]) == 1 and by_day.series["all"][-1] == 1 and by_day.coarse == 2
        by_week = idx.timeline("harvest", by="week", since="2018-12-31", until="2019-06-09")
        assert sum(by_week.series["all"]) == 1 and by_week.coarse == 2
    result = CliRunner().invoke(cli, ["timeline", "harvest", "--by", "month", "--index", str(tmp_path / "ix")])
    assert result.output.splitlines()[-1] == "2 articles by month, 1 dated only to a year not shown"


def test_a_collapsed_search_as_csv_keeps_each_storys_copies(tmp_path, story_corpus):
    """json gave each collapsed hit its story (copies, sources, first date); csv dropped it, and
    --columns copies was refused as an unknown column: the count of copies was lost."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    args = ["search", "million", "--collapse", "story", "--index", str(tmp_path / "ix"), "--format"]
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli, [*args, "csv"]).stdout)))
    assert sorted(int(r["copies"]) for r in rows) == [1, 5]
    big = next(r for r in rows if r["copies"] == "5")
    assert big["story_sources"] == "Wire A; Wire B; Wire C; Wire D" and big["first_seen"] and big["story"]
    picked = CliRunner().invoke(cli, [*args, "jsonl", "--columns", "id,copies,story_sources"])
    assert picked.exit_code == 0, picked.output
    assert sorted(json.loads(line)["copies"] for line in picked.stdout.splitlines()) == [1, 5]
    plain = CliRunner().invoke(cli, ["search", "million", "--index", str(tmp_path / "ix"), "--format", "csv"]).stdout
    assert plain.splitlines()[0] == "id,score,date,title,source,path,snippet,person,place,org,author,url"  # as before


def test_one_article_is_counted_as_one_article(tmp_path):
    """A timeline or an entity report of one match read '1 articles by month', 'Names in the 1 matching
    articles', 'Network of the 1 matching articles'."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    write(corpus, "a.txt", "Lone otter", "2020-05-05", "An otter in Zurich met Angela Merkel.")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(corpus), "--index", index]).exit_code == 0
    runner = CliRunner()
    assert runner.invoke(cli, ["timeline", "--index", index]).stdout.splitlines()[-1] == "1 article by month"
    assert runner.invoke(cli, ["entities", "--rank", "association", "--index", index]).stdout.startswith(
        "Names in the 1 matching article, by association against all 1 ")
    assert runner.invoke(cli, ["network", "otter", "--index", index]).stdout.startswith(
        "Network of the 1 matching article for 'otter': ")
    # and one name, one link, one match: they read '1 names', '1 links', 'at least 1 matches'
    assert runner.invoke(cli, ["network", "--type", "person", "--min-articles", "1", "--index", index]
                         ).stdout.startswith("Network of the 1 matching article: 1 name, 0 links\n")
    two = runner.invoke(cli, ["network", "--type", "person", "--type", "place", "--min-articles", "1", "--top", "2",
                              "--index", index])
    assert two.stdout.startswith("Network of the 1 matching article: 2 names, 1 link\n")
    assert "(log-likelihood G2; at least 1 match):" in runner.invoke(
        cli, ["entities", "--rank", "association", "--min-count", "1", "--index", index]).stdout


def test_a_timeline_none_of_whose_matches_a_row_counts_says_what_they_are(tmp_path):
    """A match dated only to 2019 is in no month: 'timeline river' said 'No dated articles match.', as if it
    had no date (and an undated match, or nothing at all, read the same). Now it says what the last line of
    a timeline with rows says of them."""
    c = tmp_path / "c"
    c.mkdir()
    write(c, "year.txt", "Flood", "2019", "The river rose.")
    (c / "none.txt").write_text("title: Flood again\n\nThe dam held.\n", encoding="utf-8")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0

    def last_line(*args):
        return CliRunner().invoke(cli, ["timeline", *args, "--index", index]).stdout.splitlines()[-1]

    assert last_line("river") == "0 articles by month, 1 dated only to a year not shown"
    assert last_line("river", "--by", "day", "--count", "stories") == (
        "0 stories by day, 1 dated only to a year or month not shown")
    assert last_line("river", "--by", "year") == "1 article by year"
    assert last_line("dam") == "0 articles by month, 1 undated not shown"
    assert last_line("otter") == "No articles match."


@pytest.mark.parametrize("query, ticks", [("flood", ["0", "1", "2"]), ("otter", ["0", "1"])])
def test_a_timeline_chart_counts_in_whole_numbers_from_zero(tmp_path, query, ticks):
    """--plot drew matplotlib's own axis: 0.00, 0.25, ... 2.00 articles for counts of 1 and 2, and for a
    timeline of no rows an axis from -0.04 to 0.04 articles."""
    matplotlib = pytest.importorskip("matplotlib", reason="--plot needs matplotlib (the plot extra)")
    c = tmp_path / "c"
    c.mkdir()
    for name, date in (("a.txt", "2019-12-03"), ("b.txt", "2019-12-04"), ("c.txt", "2020-01-05")):
        write(c, name, "Flood", date, "The river rose.")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    svg = tmp_path / "chart.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # the labels as text, to read them back
        result = CliRunner().invoke(cli, ["timeline", query, "--plot", str(svg), "--index", index])
    assert result.exit_code == 0, result.output
    import xml.etree.ElementTree as ET

    svg_ns = "{http://www.w3.org/2000/svg}"
    y_axis = next(g for g in ET.parse(svg).iter(f"{svg_ns}g") if g.get("id") == "matplotlib.axis_2")
    labels = [t.text for t in y_axis.iter(f"{svg_ns}text") if t.text and t.text != "Articles"]
    assert labels == ticks


def test_a_timeline_chart_is_titled_with_its_filters(tmp_path):
    """'timeline --person "John Smith" --plot' titled the chart 'All articles: articles per month'."""
    matplotlib = pytest.importorskip("matplotlib", reason="--plot needs matplotlib (the plot extra)")
    c = tmp_path / "c"
    c.mkdir()
    write(c, "a.txt", "Flood", "2019-12-03", "John Smith said the river rose.")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    svg = tmp_path / "chart.svg"
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # the labels as text, to read them back
        result = CliRunner().invoke(cli, ["timeline", "river", "--person", "John Smith", "--source", "Wire A",
                                          "--plot", str(svg), "--index", index])
    assert result.exit_code == 0, result.output
    assert ">river, person John Smith, source Wire A: articles per month<" in svg.read_text(encoding="utf-8")


def test_a_timeline_chart_writes_dollar_signs_as_written(tmp_path):
    """matplotlib reads text between two dollar signs as mathematics: 'timeline "price $5 and $6" --plot' was
    titled 'price 5and6' in italics, and '$\\frac$' (or a source or person so named, in the legend) ended in
    a traceback after the table was printed, exit 1 (nothing matched) and no chart."""
    matplotlib = pytest.importorskip("matplotlib", reason="--plot needs matplotlib (the plot extra)")
    c = tmp_path / "c"
    c.mkdir()
    write(c, "a.txt", "Prices", "2019-12-03", "The price rose by $5 and then $6.", source="$Wire$")
    write(c, "b.txt", "Prices", "2019-12-04", "The price fell.", source="Cash $\\frac$ Daily")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    for query, extra, shown in (("price $5 and $6", [], "price $5 and $6: articles per month"),
                                ("price $\\frac$", [], "price $\\frac$: articles per month"),
                                ("price", ["--split", "source"], "Cash $\\frac$ Daily")):
        svg = tmp_path / "chart.svg"
        with matplotlib.rc_context({"svg.fonttype": "none"}):  # the labels as text, to read them back
            result = CliRunner().invoke(cli, ["timeline", query, *extra, "--plot", str(svg), "--index", index])
        assert result.exit_code == 0, result.output
        assert f">{shown}<" in svg.read_text(encoding="utf-8"), query


def test_a_paragraph_changed_in_its_last_words_shows_the_change(tmp_path):
    """'searchidx story' cut each changed paragraph from its start: a paragraph whose last words changed
    showed the same line under + and under - ('+ Officials in Springfield announced ... [...]' twice), so the
    change could not be seen."""
    c = tmp_path / "c"
    c.mkdir()
    para = ("Officials in Springfield announced on Monday that the annual flood defence budget would rise by ten "
            "percent next year after heavy rains damaged homes along the river, and that work would begin in the "
            "spring with the help of the regional council and the national agency for rivers and canals")
    write(c, "a.txt", "Flood budget", "2020-01-01", f"{para}, said the mayor.\n\nThe council met on Monday.")
    write(c, "b.txt", "Flood budget", "2020-01-02", f"{para}, said the deputy mayor.\n\nThe council met on Monday.")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    out = CliRunner().invoke(cli, ["story", "b.txt", "--index", index]).stdout
    changed = [line.strip() for line in out.splitlines() if line.strip()[:2] in ("+ ", "- ")]
    assert len(changed) == 2 and changed[0] != changed[1].replace("- ", "+ ", 1), out
    assert changed[0].endswith("said the deputy mayor.") and changed[1].endswith("said the mayor.")


def test_story_columns_asked_for_without_one_hit_per_story_are_said_empty(tmp_path, story_corpus):
    """'search million --format csv --columns id,copies' wrote an empty copies column, without a word: the
    story columns are filled for collapsed hits only."""
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([story_corpus])
    args = ["search", "million", "--index", str(tmp_path / "ix"), "--format", "csv", "--columns"]
    plain = CliRunner().invoke(cli, [*args, "id,story,copies"])
    assert {r["copies"] for r in csv.DictReader(io.StringIO(plain.stdout))} == {""}
    assert plain.stderr == ("warning: the story, copies columns are filled for one hit per story (--collapse story; "
                            "collapse: story in a saved query): here empty\n")
    collapsed = CliRunner().invoke(cli, [*args, "id,copies", "--collapse", "story"])
    assert collapsed.stderr == "" and "" not in {r["copies"] for r in csv.DictReader(io.StringIO(collapsed.stdout))}
    assert CliRunner().invoke(cli, [*args, "id,title"]).stderr == ""


# A site's blocks that every page of it kept (the readers left them in the text): one in plain words, at the
# foot; one of a site's own wording (a newsletter, "all rights reserved"), at the head.
_HEADER = ("The Example Gazette is an independent newspaper serving the county since 1921. Sign up for our free "
           "morning newsletter to get the top stories in your inbox, follow us on social media and send news tips "
           "to the newsroom. Subscribers get every article, the print edition and the archive. Opinions in letters "
           "and columns do not necessarily reflect the views of the Gazette. All rights reserved; no part of this "
           "page may be reproduced without written permission.")
_SHORTS = [
    "The town council voted on Tuesday to repave Main Street next spring, after residents complained about "
    "potholes near the library and the post office.",
    "A local bakery won a regional prize for its sourdough bread, beating forty other entries from across the "
    "state at the fair in Springfield.",
    "High school swimmers broke two county records at the weekend meet, and the coach said the team hopes to "
    "reach the state finals in March.",
    "Police asked drivers to avoid the river bridge on Friday while engineers inspect cracks found in one of its "
    "concrete supports last week.",
    "The public library will extend its opening hours on weekdays from next month, funded by a grant from a "
    "charitable foundation.",
    "Farmers expect a smaller apple harvest this year after a late frost damaged blossoms in many orchards "
    "during April.",
]


_FURNITURE_FOOTER = ("Copyright 2023 The Valley Courier. All rights reserved. This material may not be reproduced, "
                     "republished or redistributed without permission. The Valley Courier is a family-owned "
                     "newspaper serving the valley since 1898: sign up for our weekly newsletter, follow us on social "
                     "media, and send news tips to the newsroom. Views expressed in letters and columns do not "
                     "necessarily reflect those of the Courier. Read our privacy policy and terms of use online, or "
                     "contact us at the office on Main Street during business hours.")


def test_unrelated_articles_sharing_a_site_s_furniture_are_not_one_story(tmp_path):
    """Six short articles of a site, each ending with the same long footer of its furniture (six more, each under
    the same header block) were one story: --collapse story showed one of them. A wire story in two papers, each
    with its own footer, is still one story. (A shared block of other words still makes such articles one: a
    pair of texts cannot tell it from the body of a story updated under a new lead.)"""
    c = tmp_path / "c"
    c.mkdir()
    for i, body in enumerate(_SHORTS):
        write(c, f"foot{i}.txt", f"Valley news {i}", f"2023-05-0{i + 1}", f"{body}\n\n{_FURNITURE_FOOTER}",
              "Valley Courier")
        other = " ".join(reversed(body.split()))  # another article: none of the footers' stories' word runs
        write(c, f"head{i}.txt", f"County news {i}", f"2023-05-0{i + 1}", f"{_HEADER}\n\n{other}", "Example Gazette")
    wire = "\n\n".join(p for p in wikinews_body("wn30.txt").split("\n") if p.strip())
    write(c, "wire-courier.txt", "Coronavirus cases pass one million", "2020-04-03",
          f"{wire}\n\n{_FURNITURE_FOOTER}", "Valley Courier")
    write(c, "wire-gazette.txt", "Coronavirus cases pass one million", "2020-04-03", f"{_HEADER}\n\n{wire}",
          "Example Gazette")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    found = CliRunner().invoke(cli, ["search", "--collapse", "story", "--index", index, "-n", "20"])
    assert found.stdout.startswith("1-13 of 13 stories")  # 14 articles: the two wire copies are one
    for name in ("foot3.txt", "head3.txt"):
        assert "1 copy" in CliRunner().invoke(cli, ["story", name, "--index", index]).stdout
    assert "2 copies" in CliRunner().invoke(cli, ["story", "wire-courier.txt", "--index", index]).stdout


def test_a_story_updated_under_a_new_lead_and_a_story_of_one_paragraph_keep_their_copies(tmp_path):
    """A wire story's update opens with a new paragraph above the first version's text ("UPDATE 1"): grouping by
    the lower of the whole texts' and the leads' similarity (tried this session) parted them, 0.12 alike. A
    story of one paragraph worded like a site's furniture (a copyright dispute, a subscription) lost its whole
    text to the boilerplate rule and its signature with it: two identical copies were two stories."""
    c = tmp_path / "c"
    c.mkdir()
    wire = "\n\n".join(p for p in wikinews_body("wn30.txt").split("\n") if p.strip())
    write(c, "first.txt", "Coronavirus cases pass one million", "2020-04-03", wire, "Wire A")
    write(c, "update.txt", "UPDATE 1-Coronavirus cases pass one million", "2020-04-03",
          "Health officials in several countries warned on Friday that the true number of infections was far "
          "higher than the confirmed count, as testing lagged behind the spread of the virus in many regions.\n\n"
          + wire, "Wire A")
    one = ("Netflix said its subscribers grew by two million in the quarter, and that a copyright dispute over "
           "a documentary had been settled; all rights reserved to the film's makers stay with them, it said.")
    write(c, "one-a.txt", "Netflix subscribers grow", "2020-04-03", one, "Wire B")
    write(c, "one-b.txt", "Netflix subscribers grow", "2020-04-03", one, "Wire C")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(c), "--index", index]).exit_code == 0
    assert "2 copies" in CliRunner().invoke(cli, ["story", "update.txt", "--index", index]).stdout
    assert "2 copies" in CliRunner().invoke(cli, ["story", "one-a.txt", "--index", index]).stdout
