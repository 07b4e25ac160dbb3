import json
from datetime import datetime, timezone

import pytest

from searchidx import dates
from searchidx.errors import DateParseError

UTC = timezone.utc
NOW = datetime(2022, 10, 5, 15, 30, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize("text, value, precision", [
    ("2022", datetime(2022, 1, 1, tzinfo=UTC), "year"),
    ("2022-09", datetime(2022, 9, 1, tzinfo=UTC), "month"),
    ("2022-09-20", datetime(2022, 9, 20, tzinfo=UTC), "day"),
    ("20220920", datetime(2022, 9, 20, tzinfo=UTC), "day"),
    ("2022-09-20T14:05:00+03:00", datetime(2022, 9, 20, 11, 5, tzinfo=UTC), "time"),
    ("2022-09-20 14:05", datetime(2022, 9, 20, 14, 5, tzinfo=UTC), "time"),
    ("1987-03-26T12:11:42", datetime(1987, 3, 26, 12, 11, 42, tzinfo=UTC), "time"),
    ("20 September 2022", datetime(2022, 9, 20, tzinfo=UTC), "day"),
    ("Sept. 20, 2022", datetime(2022, 9, 20, tzinfo=UTC), "day"),
    ("September 2022", datetime(2022, 9, 1, tzinfo=UTC), "month"),
    ("Friday, January 4, 2019", datetime(2019, 1, 4, tzinfo=UTC), "day"),
    ("Tue, 20 Sep 2022 11:05:00 GMT", datetime(2022, 9, 20, 11, 5, tzinfo=UTC), "time"),
    ("Tue, 20 Sep 2022 14:05:00 +0300", datetime(2022, 9, 20, 11, 5, tzinfo=UTC), "time"),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC), "time"),
    ("1663671900", datetime(2022, 9, 20, 11, 5, tzinfo=UTC), "time"),
    ("today", datetime(2022, 10, 5, tzinfo=UTC), "day"),
    ("yesterday", datetime(2022, 10, 4, tzinfo=UTC), "day"),
    ("-7d", datetime(2022, 9, 28, tzinfo=UTC), "day"),
    ("last 30 days", datetime(2022, 9, 5, tzinfo=UTC), "day"),
    ("3 weeks ago", datetime(2022, 9, 14, tzinfo=UTC), "day"),
    ("last monday", datetime(2022, 10, 3, tzinfo=UTC), "day"),
    ("this month", datetime(2022, 10, 1, tzinfo=UTC), "month"),
])
def test_parse_date_forms_keep_precision(text, value, precision):
    point = dates.parse_date(text, now=NOW)
    assert (point.value, point.precision) == (value, precision)


@pytest.mark.parametrize("text", ["", "blah", "may", "2022-13-01", "2022-02-30", "the 5th", "September", "x" * 100])
def test_parse_date_rejects_with_own_error(text):
    with pytest.raises(DateParseError) as err:
        dates.parse_date(text, now=NOW)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text, start, end", [
    ("2022", "2022-01-01", "2023-01-01"),
    ("2022-09", "2022-09-01", "2022-10-01"),
    ("2022-01..2022-06", "2022-01-01", "2022-07-01"),
    ("[2022-01 TO 2022-06]", "2022-01-01", "2022-07-01"),
    ("2022-06..2022", "2022-06-01", "2023-01-01"),  # June to the end of 2022 (reversed ends: test_reversed_ranges)
    (">2022-09", "2022-10-01", None),
    (">=2022-09", "2022-09-01", None),
    ("<2022-09", None, "2022-09-01"),
    ("<=2022-09", None, "2022-10-01"),
    ("2022..", "2022-01-01", None),
    ("..2022", None, "2023-01-01"),
    ("last 30 days", "2022-09-05", "2022-10-06"),  # to the end of today: it had no end at all
    ("-7d", "2022-09-28", "2022-10-06"),
    ("+3d", "2022-10-05", "2022-10-09"),
    ("last week", "2022-09-26", "2022-10-03"),
])
def test_parse_range_is_closed_open(text, start, end):
    rng = dates.parse_range(text, now=NOW)
    assert (rng.start.date().isoformat() if rng.start else None) == start
    assert (rng.end.date().isoformat() if rng.end else None) == end


@pytest.mark.parametrize("text, start, end", [
    ("-7d", "2022-09-28", "2022-10-06"), ("last monday", "2022-10-03", "2022-10-06"),
    ("this month", "2022-10-01", "2022-10-06"), ("yesterday", "2022-10-04", "2022-10-06"),
    ("2022-09-28", "2022-09-28", None), ("tomorrow", "2022-10-06", None), ("+3d", "2022-10-05", None),
])
def test_a_since_counted_back_from_now_ends_with_nows_day(text, start, end):
    """since -7d as of a past day (saved queries' --as-of, the library's now=) took in every article dated
    after that day too: no run could be repeated as it was. A date written out stays open-ended."""
    rng = dates.since(text, NOW)
    assert (rng.start.date().isoformat(), rng.end.date().isoformat() if rng.end else None) == (start, end)


def test_since_and_until_cover_the_whole_named_period():
    assert dates.since("2022-09", NOW).start == datetime(2022, 9, 1, tzinfo=UTC)
    assert dates.until("2022-09", NOW).end == datetime(2022, 10, 1, tzinfo=UTC)
    assert dates.until("2022-09-20", NOW).end == datetime(2022, 9, 21, tzinfo=UTC)


def test_date_from_file_name():
    assert dates.from_filename("2022-09-20-kremlin.txt").value == datetime(2022, 9, 20, tzinfo=UTC)
    assert dates.from_filename("20220920_slug.html").precision == "day"
    assert dates.from_filename("kremlin.txt") is None
    assert dates.from_filename("2022-13-45-bad.txt") is None


def test_isoformat_is_cut_to_precision():
    assert dates.parse_date("2022-09").isoformat() == "2022-09"
    assert dates.parse_date("2022").isoformat() == "2022"
    assert dates.parse_date("2022-09-20T11:05:00Z").isoformat() == "2022-09-20T11:05:00Z"


@pytest.mark.parametrize("text, value", [
    ("2022-09-20 10:00 EST", datetime(2022, 9, 20, 15, 0, tzinfo=UTC)),
    ("September 20, 2022 10:00 PM EDT", datetime(2022, 9, 21, 2, 0, tzinfo=UTC)),
    ("20 September 2022 14:05 CEST", datetime(2022, 9, 20, 12, 5, tzinfo=UTC)),
    ("20 Sep 2022 09:00 BST", datetime(2022, 9, 20, 8, 0, tzinfo=UTC)),
    ("Sept. 20, 2022 8:30 a.m. PT", datetime(2022, 9, 20, 15, 30, tzinfo=UTC)),
])
def test_newsroom_time_zone_names_are_applied(text, value, recwarn):
    point = dates.parse_date(text)
    assert (point.value, point.precision) == (value, "time")
    assert not recwarn.list  # no dateutil warning leaks onto the user's terminal


@pytest.mark.parametrize("text, utc", [("10:00 SAST", "08:00"), ("10:00 WAT", "09:00"), ("10:00 EAT", "07:00"),
                                       ("10:00 PKT", "05:00"), ("10:00 ICT", "03:00"), ("10:00 WIB", "03:00"),
                                       ("10:00 BRT", "13:00"), ("10:00 ART", "13:00"), ("10:00 NPT", "04:15"),
                                       ("10:00 TRT", "07:00")])
def test_zone_names_of_newsrooms_beyond_europe_north_america_and_east_asia_are_applied(text, utc, recwarn):
    # Johannesburg, Lagos, Nairobi, Karachi, Bangkok, Jakarta, Sao Paulo, Buenos Aires, Kathmandu, Istanbul:
    # each was read as UTC ("a name it does not know"), the time hours off and near midnight the day wrong
    point = dates.parse_date(f"2022-09-20 {text}")
    assert (point.value.strftime("%H:%M"), point.precision) == (utc, "time")
    assert not recwarn.list


@pytest.mark.parametrize("text, iso", [
    ("Tue Sep 20 2022 14:30:00 GMT+0200 (Central European Summer Time)", "2022-09-20T12:30:00Z"),
    ("Tue Sep 20 2022 14:30:00 GMT-0400 (Eastern Daylight Time)", "2022-09-20T18:30:00Z"),
    ("2022-09-20T14:30:00+02:00[Europe/Berlin]", "2022-09-20T12:30:00Z"),
])
def test_a_zone_named_in_brackets_after_the_time_is_read_past(text, iso):
    # JavaScript's Date.toString() (what a Node scraper writes for String(new Date(...))) and Java's
    # ZonedDateTime were 'not a date I understand': the article was indexed undated
    assert dates.parse_date(text, relative=False).isoformat() == iso


@pytest.mark.parametrize("text, iso", [
    ("20 septembre 2022", "2022-09-20"), ("mardi 20 septembre 2022", "2022-09-20"), ("le 1er mars 2022", "2022-03-01"),
    ("3 août 2022 à 14h30", "2022-08-03T14:30:00Z"), ("20 déc. 2022", "2022-12-20"),
    ("20. März 2022", "2022-03-20"), ("Dienstag, 20. September 2022, 14:30 Uhr", "2022-09-20T14:30:00Z"),
    ("Jänner 2022", "2022-01"), ("martes, 20 de septiembre de 2022", "2022-09-20"),
    ("martedì 20 settembre 2022 ore 14:30", "2022-09-20T14:30:00Z"), ("segunda-feira, 19 de setembro de 2022",
                                                                      "2022-09-19"),
    ("dinsdag 5 mrt 2022", "2022-03-05"), ("20 mei 2022", "2022-05-20"),
])
def test_dates_written_in_the_languages_of_european_newsrooms(text, iso):
    # a French, German, Spanish, Italian, Portuguese or Dutch date was 'not a date I understand': the
    # article was indexed undated (its date kept as unparsed_date)
    assert dates.parse_date(text, relative=False).isoformat() == iso


@pytest.mark.parametrize("text, value", [
    ("20 Sep 2022 10:00 GMT+2", datetime(2022, 9, 20, 8, 0, tzinfo=UTC)),
    ("20 Sep 2022 10:00 UTC+05:30", datetime(2022, 9, 20, 4, 30, tzinfo=UTC)),
    ("20 Sep 2022 10:00 UTC-3", datetime(2022, 9, 20, 13, 0, tzinfo=UTC)),
    ("2022-09-20 10:00 GMT+0200", datetime(2022, 9, 20, 8, 0, tzinfo=UTC)),
    ("Tue, 20 Sep 2022 10:00:00 GMT+2", datetime(2022, 9, 20, 8, 0, tzinfo=UTC)),
])
def test_gmt_plus_hours_means_east_of_greenwich(text, value):
    # as people write it, not as POSIX TZ strings (where GMT+2 is two hours west), which dateutil follows
    assert dates.parse_date(text).value == value


@pytest.mark.parametrize("text", ["2022-09-20T10:00+25:00", "2022-09-20T10:00+05:75"])
def test_a_time_zone_offset_out_of_range_is_named(text):
    """+25:00 gave Python's 'offset must be a timedelta strictly between -timedelta(hours=24) ...', and
    +05:75 was read as +06:15: an article or a --since an hour and a quarter off, unsaid."""
    with pytest.raises(DateParseError) as caught:
        dates.parse_date(text)
    assert f"the time zone offset {text[16:]} is out of range (offsets run from -23:59 to +23:59)" in str(caught.value)
    assert "timedelta" not in str(caught.value)


@pytest.mark.parametrize("text, value", [
    ("01.02.2021", datetime(2021, 2, 1, tzinfo=UTC)),  # read as 2 January
    ("1.2.2021", datetime(2021, 2, 1, tzinfo=UTC)),
    ("01.02.21", datetime(2021, 2, 1, tzinfo=UTC)),
    ("05.04.2021 14:05", datetime(2021, 4, 5, 14, 5, tzinfo=UTC)),
    ("Mon, 01.02.2021", datetime(2021, 2, 1, tzinfo=UTC)),
    ("31.12.2021", datetime(2021, 12, 31, tzinfo=UTC)),
    ("2021.02.01", datetime(2021, 2, 1, tzinfo=UTC)),  # year first stays so
    ("01/02/2021", datetime(2021, 1, 2, tzinfo=UTC)),  # slashes: month first, as before
])
def test_a_date_written_with_dots_is_day_first(text, value):
    assert dates.parse_date(text).value == value


@pytest.mark.parametrize("text, iso", [
    ("Monday 19 September 2022 23.30 BST", "2022-09-19T22:30:00Z"), ("19 September 2022, 9.05", "2022-09-19T09:05:00Z"),
    ("Sept. 20, 2022 10.30 a.m. ET", "2022-09-20T14:30:00Z"), ("20.09.2022 23.30", "2022-09-20T23:30:00Z"),
    ("Published 19 September 2022", "2022-09-19"), ("Posted on: Sept. 19, 2022", "2022-09-19"),
    ("First published on Mon 19 Sep 2022 23.30 BST", "2022-09-19T22:30:00Z"),
])
def test_a_time_written_with_a_dot_and_a_scraped_dates_label_are_read(text, iso):
    # the Guardian's 'Monday 19 September 2022 23.30 BST' and a date scraped with its page's label were 'not a
    # date I understand': every article of such an export was undated (its date kept as unparsed_date)
    assert dates.parse_date(text, relative=False).isoformat() == iso


@pytest.mark.parametrize("text, iso", [
    ("Published: 10:00 BST, 20 September 2022 | Updated: 11:00 BST, 20 September 2022", "2022-09-20T09:00:00Z"),
    ("September 20, 2022 / 10:00 AM / Updated 2 hours ago", "2022-09-20T10:00:00Z"),
    ("20 September 2022, updated 21 September 2022", "2022-09-20"),
    ("2022-09-20 - Last updated 2022-09-21", "2022-09-20"),
])
def test_a_scraped_date_with_its_update_after_it_is_the_published_date(text, iso):
    # a scraper's date field holds what the page shows under the headline, the update after the published date
    # (the Daily Mail's byline, Reuters'): 'not a date I understand', every article of such an export undated
    assert dates.parse_date(text, relative=False).isoformat() == iso


@pytest.mark.parametrize("text, iso", [
    ("Publié le 04/09/2022 à 10h30", "2022-09-04T10:30:00Z"),  # a French label: the day first, as French writes it
    ("Veröffentlicht am 04.09.2022, 10:30 Uhr", "2022-09-04T10:30:00Z"),
    ("Publicado el 04/09/2022 10:30 h", "2022-09-04T10:30:00Z"),  # Spanish's hour mark after the time
    ("Pubblicato il 04/09/2022", "2022-09-04"), ("Gepubliceerd op 04-09-2022", "2022-09-04"),
    ("20 septembre 2022 à 10 h 30", "2022-09-20T10:30:00Z"),  # French's hour mark between hours and minutes
    ("Publié le 20/09/2022 à 10h30 Mis à jour le 21/09/2022 à 08h00", "2022-09-20T10:30:00Z"),
    ("04/09/2022", "2022-04-09"),  # with no label, slashes stay month first
])
def test_a_scraped_dates_label_and_hour_mark_in_the_six_languages_are_read(text, iso):
    # 'Publié le 20/09/2022 à 10h30', '20 septembre 2022 à 10 h 30' and '20 de septiembre de 2022, 10:30 h' were
    # 'not a date I understand' (only English labels were read past), and 'Publié le 04/09/2022' would be 9 April
    assert dates.parse_date(text, relative=False).isoformat() == iso


def test_an_update_alone_is_no_published_date():
    with pytest.raises(dates.DateParseError):
        dates.parse_date("Updated: 20 September 2022", relative=False)


@pytest.mark.parametrize("text, zone", [("2022-09-20 23:30 IST", "IST"), ("20 September 2022 11:30 PM IST", "IST"),
                                        ("Sept. 20, 2022, 11:30 p.m. AST", "AST"),
                                        ("Tue, 20 Sep 2022 23:30:00 IST", "IST"), ("2022-09-20T23:30:00 AST", "AST"),
                                        ("23:30 IST, 20 Sep 2022", "IST"),
                                        # a time without a colon was read as UTC, with no note
                                        ("20 Sep 2022 2330 IST", "IST"), ("Sept 20, 2022, 2330 hrs IST", "IST"),
                                        ("20/09/2022 0930 AST", "AST")])
def test_a_time_in_a_zone_name_that_means_two_zones_is_not_guessed_at(text, zone):
    # IST is India's, Israel's or Ireland's Standard Time, AST Arabia's or the Atlantic's: read as UTC, 23:30 IST
    # of an Indian story was 18:00 UTC the other way, and after 18:30 in India the day itself
    point = dates.parse_date(text, relative=False)
    assert (point.value, point.precision) == (datetime(2022, 9, 20, tzinfo=UTC), "day")
    assert point.note.startswith(f"the zone {zone} names more than one (")


@pytest.mark.parametrize("text", ["20 Sep 2022 10:30 IST (05:00 GMT)", "20 Sep 2022 05:00 GMT (10:30 IST)",
                                  "20 Sep 2022 10:30 IST / 05:00 UTC", "20 Sep 2022 10:30 a.m. IST (6 a.m. BST)"])
def test_a_time_written_also_in_a_zone_that_names_one_is_kept(text):
    # the GMT time beside the IST one was thrown away with it: the date kept to the day
    point = dates.parse_date(text, relative=False)
    assert (point.value, point.precision, point.note) == (datetime(2022, 9, 20, 5, tzinfo=UTC), "time", "")


def test_the_time_not_used_is_said_once_a_file_with_the_date_written(tmp_path):
    from click.testing import CliRunner

    from searchidx.cli import cli
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "mumbai.txt").write_text("title: Monsoon\ndate: 20 September 2022 23:30 IST\n\nRain.\n", encoding="utf-8")
    (corpus / "feed.csv").write_text("title,date,text\nA,2022-09-20 10:00 AST,x\nB,2022-09-21 11:00 AST,y\n"
                                     "C,2022-09-22 12:00 UTC,z\n", encoding="utf-8")
    done = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix"), "-j", "1"])
    assert done.exit_code == 0, done.output
    said = sorted(line for line in done.stderr.splitlines() if "not used" in line)
    assert said == [
        "feed.csv: the times of 2 of its 3 articles not used (the first: '2022-09-20 10:00 AST'): the zone AST names "
        "more than one (Arabia or the Atlantic): its time is not used, the date is kept to the day",
        "mumbai.txt: date '20 September 2022 23:30 IST': the zone IST names more than one (India, Israel or "
        "Ireland): its time is not used, the date is kept to the day"]
    shown = CliRunner().invoke(cli, ["search", "monsoon", "--index", str(tmp_path / "ix"), "--format", "json"])
    assert [hit["date"] for hit in json.loads(shown.stdout)["hits"]] == ["2022-09-20"]  # the day, no time
