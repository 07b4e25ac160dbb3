"""Trending's period and baseline as the articles' dates say: whole days, and articles dated only to a month
or a year counted only in a span that holds all of it (as a timeline's periods count them)."""

import json

import pytest

import searchidx

# (id, date, people): counted by hand below
ARTICLES = [
    ("feb", "2020-02-10", "Alice Smith"),
    ("mar-only", "2020-03", "Alice Smith"),                      # dated only to March
    ("year-only", "2020", "Alice Smith, Bob Jones"),             # dated only to 2020: in no month
    ("apr-1", "2020-03-31T23:30:00-05:00", "Alice Smith"),       # 1 April 04:30 UTC
    ("apr-15", "2020-04-15T18:02:50Z", "Bob Jones"),             # the newest, timed late in the day
    ("undated", "", "Bob Jones"),
]


@pytest.fixture(scope="module")
def tix(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend_dates")
    corpus = folder / "corpus"
    corpus.mkdir()
    lines = [json.dumps({"id": i, "title": f"note {i}", "date": d, "source": "Desk", "people": p,
                         "body": f"note {i} about matter number {n}, unlike any other note {n * 7}."})
             for n, (i, d, p) in enumerate(ARTICLES)]
    (corpus / "notes.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with searchidx.open_index(folder / "index") as idx:
        assert idx.update([corpus]).added == len(ARTICLES)
        yield idx


def test_an_article_dated_only_to_a_year_is_in_neither_month_of_a_trend(tix):
    """April against March: April holds apr-1 and apr-15 (Bob Jones in 1 of 2), March holds mar-only (Bob
    Jones in none). The article dated only to 2020 was counted in both months (3 against 2 articles), which
    made Bob Jones 'x1.3' (2 of 3 against 1 of 2) instead of new."""
    found = tix.trending(since="2020-04", until="2020-04", types=["person"], min_count=1)
    assert (found.matched, found.baseline_matched) == (2, 1)
    bob = next(t for t in found.names if t.name == "Bob Jones")
    assert (bob.count, bob.baseline_count, bob.ratio) == (1, 0, None)
    # a span holding the whole year counts it: 2020 against 2019 holds all five dated articles
    assert tix.trending(since="2020", until="2020", baseline="2019..2019", min_count=1).matched == 5
    # and the month it is dated to holds a month-dated article
    assert tix.trending(since="2020-03", until="2020-03", min_count=1).matched == 1


def test_a_span_holding_1_january_or_1_march_is_not_the_whole_year_or_month(tix):
    """A coarse date is indexed as its period's first day: January and February (the default baseline of
    March-April) held the article dated only to 2020, and the first week of March the one dated only to
    March, though neither span holds their whole period (2 baseline articles instead of 1: 'feb' alone)."""
    found = tix.trending(since="2020-03", until="2020-04", types=["person"], min_count=1)
    assert found.baseline == ("2020-01-01T00:00:00Z", "2020-03-01T00:00:00Z")
    assert (found.matched, found.baseline_matched) == (3, 1)
    assert tix.trending(since="2020-01-01", until="2020-01-07", baseline="2019-12-01..2019-12-31").matched == 0
    assert tix.trending(since="2020-03-01", until="2020-03-07", baseline="2020-02-01..2020-02-28").matched == 0
    # a span holding the month whole still holds it, whatever day it starts on
    assert tix.trending(since="2020-02-15", until="2020-03-31", baseline="2020-01-01..2020-02-14").matched == 1


def test_a_trend_without_until_ends_with_the_newest_match_s_whole_day(tix):
    """The newest match is timed 18:02:50: the period ended at 18:02:51 and the default baseline, as long
    before, began at 05:57:09 on 2 April; the docs say the period ends with the day of the newest match."""
    found = tix.trending(since="2020-04-10")
    assert found.period == ("2020-04-10T00:00:00Z", "2020-04-16T00:00:00Z")
    assert found.baseline == ("2020-04-04T00:00:00Z", "2020-04-10T00:00:00Z")
    assert found == tix.trending(since="2020-04-10", until="2020-04-15")


def test_a_name_spelled_another_way_in_the_baseline_is_the_same_name(tmp_path):
    """'Acme Plc' in 2 of January's 4 articles, 'ACME PLC' in 2 of February's 4: the same organisation (they fold
    alike, as facets count them), its share unchanged, so not rising. The baseline was looked up by the period's
    spelling: it found none and listed the name as new."""
    (tmp_path / "corpus").mkdir()
    lines = [json.dumps({"id": f"{month}-{n}", "title": f"note {month} {n}", "date": f"2020-{month}-0{n + 1}",
                         "source": "Desk", "orgs": (spelling if n < 2 else "Other Body"),
                         "body": f"note {n} of month {month} on matter {n * 13 + int(month)}."})
             for month, spelling in (("01", "Acme Plc"), ("02", "ACME PLC")) for n in range(4)]
    (tmp_path / "corpus" / "notes.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "index") as idx:
        idx.update([tmp_path / "corpus"])
        found = idx.trending(since="2020-02", until="2020-02", min_count=1)
    assert (found.matched, found.baseline_matched) == (4, 4)
    assert found.names == []  # was: ACME PLC 2 against 0, 'new'


def test_a_baseline_overlapping_the_period_is_named(tix):
    """2020 against March-April: the April articles count in both, so their names' rise reads smaller; nothing
    said so. A baseline before the period draws no such warning."""
    found = tix.trending(since="2020-03", until="2020-04", baseline="2020..2020", min_count=1)
    assert ("the baseline 2020-01-01..2020-12-31 overlaps the period 2020-03-01..2020-04-30: articles in both count "
            "on both sides, so changes read smaller than they are (choose a baseline before the period)"
            in found.warnings)
    apart = tix.trending(since="2020-03", until="2020-04", baseline="2020-01..2020-02", min_count=1)
    assert not any("overlaps" in w for w in apart.warnings)


def test_a_period_at_the_start_of_the_calendar_asks_for_a_baseline(tix):
    """The default baseline, as long just before the period, would start before the year 1: the library
    raised ValueError ('year 0 is out of range') and the CLI printed a traceback (exit 1); the web API
    answered 500."""
    from click.testing import CliRunner

    from searchidx.cli import cli
    from searchidx.errors import DateFilterError

    for since, until in (("0001-01", "0001-02"), ("0001-01-03", "0001-01-05")):
        with pytest.raises(DateFilterError, match=f"since '{since}': leaves no room for a baseline as long before "
                                                  r"it \(dates start in the year 1\): give baseline A..B"):
            tix.trending(since=since, until=until)
    run = CliRunner().invoke(cli, ["trending", "--index", str(tix.path), "--since", "0001-01", "--until", "0001-02"])
    assert run.exit_code == 2, run.output
    assert "Error: --since '0001-01': leaves no room for a baseline" in run.output


def test_a_period_before_the_year_1000_is_written_with_four_digit_years(tix):
    """strftime's %Y writes the year 999 as '999': the JSON period read '999-01-01T00:00:00Z' (not ISO 8601),
    the warning named the baseline '998-01-01T00..998-12-31T23', and the table crashed reading it back."""
    from click.testing import CliRunner

    from searchidx.cli import cli

    found = tix.trending(since="0999", until="0999")
    assert found.period == ("0999-01-01T00:00:00Z", "1000-01-01T00:00:00Z")
    assert found.baseline == ("0998-01-01T00:00:00Z", "0999-01-01T00:00:00Z")
    assert any("baseline 0998-01-01..0998-12-31:" in w for w in found.warnings)
    run = CliRunner().invoke(cli, ["trending", "--index", str(tix.path), "--since", "0999", "--until", "0999"])
    assert run.exit_code == 0, run.output
    assert "Rising: 0999-01-01..0999-12-31 (0 articles) against 0998-01-01..0998-12-31 (0)" in run.output
