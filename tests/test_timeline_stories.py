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
# (id, date, text): the oil story on 4, 5 and 6 May and undated; the library story on 4 and 5 May
COPIES = [("oil-1", "2020-05-04", OIL), ("oil-2", "2020-05-05", OIL), ("oil-3", "2020-05-06", OIL),
          ("oil-4", "", OIL), ("lib-1", "2020-05-04", LIBRARY), ("lib-2", "2020-05-05T22:00:00Z", LIBRARY)]


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    folder = tmp_path_factory.mktemp("timeline_stories")
    (folder / "corpus").mkdir()
    lines = [json.dumps({"id": i, "title": f"copy {i}", "date": d, "source": "Desk", "body": text})
             for i, d, text in COPIES]
    (folder / "corpus" / "copies.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with searchidx.open_index(folder / "index") as idx:
        idx.update([folder / "corpus"])
        assert idx.search("", collapse="story").total == 2  # the two stories, as grouped at ingest
    return folder / "index"


def test_a_story_on_three_days_is_one_story_and_its_undated_copy_leaves_nothing_out(six):
    with searchidx.open_index(six) as idx:
        tl = idx.timeline("", by="day", count="stories")
        assert tl.periods == ["2020-05-04", "2020-05-05", "2020-05-06"]
        assert tl.series == {"all": [2, 2, 1]}  # each row: the stories with a copy that day
        assert (tl.total, tl.undated, tl.coarse) == (2, 0, 0)  # was: 5 by adding the rows, and 1 undated
        articles = idx.timeline("", by="day")
        assert (articles.total, articles.undated) == (5, 1)  # articles: each in one row, the undated one apart
    result = CliRunner().invoke(cli, ["timeline", "--by", "day", "--count", "stories", "--index", str(six)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "2 stories by day"  # was '5 stories by day, 1 undated not shown'
