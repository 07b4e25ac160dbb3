"""Reading one date: ``parse_date`` for headers, queries and options, ``from_filename`` for file names; a
``DatePoint`` keeps the precision the text gave."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from ..errors import DateParseError
from .periods import PERIODS, next_period, period_start, shift

UTC = timezone.utc
PRECISIONS = ("year", "month", "day", "time")
# A time keeps the unit it was given to: 06 is the whole hour, 06:30 the whole minute, 06:30:15 one second
TIME_UNITS = {"hour": timedelta(hours=1), "minute": timedelta(minutes=1), "second": timedelta(seconds=1)}

_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2})(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?)?)?$",
    re.IGNORECASE,
)
_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EPOCH = re.compile(r"^\d{9,10}(\.\d+)?$|^\d{12,13}$")
_RELATIVE_SHORT = re.compile(r"^([+-])\s*(\d+)\s*([dwmy])$", re.IGNORECASE)
_LAST_N = re.compile(r"^(?:last|past)\s+(\d+)\s+(day|week|month|year)s?$", re.IGNORECASE)
_N_AGO = re.compile(r"^(\d+)\s+(day|week|month|year)s?\s+ago$", re.IGNORECASE)
_LAST_UNIT = re.compile(r"^(last|this)\s+(week|month|year)$", re.IGNORECASE)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_LAST_WEEKDAY = re.compile(r"^last\s+(" + "|".join(_WEEKDAYS) + r")$", re.IGNORECASE)
_UNIT = {"d": "day", "w": "week", "m": "month", "y": "year"}
# "GMT+2" / "UTC+05:30" as people write them, east of Greenwich: dateutil reads them as POSIX TZ strings,
# where the sign is the other way round, so they become plain offsets first
_GMT_OFFSET = re.compile(r"\s*(?<![A-Za-z])(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b", re.IGNORECASE)
# a zone's name in brackets after a time and its offset (JavaScript, Java, RFC 2822's comment)
_ZONE_COMMENT = re.compile(r"(?<=[\dZz])\s*(?:\([^()]*\)|\[[^\[\]]*\])$")
# dateutil does not know "Sept." and friends; normalise the abbreviations newsrooms use.
_ABBREV = re.compile(r"\b(Sept|Janu?|Febr?|Aug|Oct|Nov|Dec)\.", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class DatePoint:
    """A moment (UTC) and how precisely it is known: year, month, day or time (what an article stores).
    A time also keeps its ``unit``, as the text gave it: hour, minute or second."""

    value: datetime
    precision: str = "day"
    unit: str = "second"  # for a time: ``2022-01-14T06:30`` names the minute 06:30, not its first second
    # why the text's time was not used (a zone name that means more than one zone), for the reader to say
    note: str = field(default="", compare=False)

    def end(self) -> datetime:
        """The first moment after the period this point names (exclusive end): after the year, month, day,
        or the hour, minute or second of a time; the last moment a datetime can hold for the year 9999,
        which has no year after it."""
        v = self.value
        try:
            if self.precision in PERIODS:
                return next_period(v, self.precision)
            return (v.replace(microsecond=0) if self.unit == "second" else v) + TIME_UNITS[self.unit]
        except (OverflowError, ValueError):
            return datetime.max.replace(tzinfo=v.tzinfo)

    def isoformat(self) -> str:
        """ISO text cut to the precision: ``2022``, ``2022-09``, ``2022-09-20`` or a full timestamp."""
        v = self.value
        if self.precision == "year":
            return f"{v.year:04d}"
        if self.precision == "month":
            return f"{v.year:04d}-{v.month:02d}"
        if self.precision == "day":
            return v.date().isoformat()
        return f"{v.year:04d}" + v.strftime("-%m-%dT%H:%M:%SZ")  # %Y gives "1", not "0001", on Linux


def iso_millis(moment: datetime) -> str:
    """A UTC moment as ISO 8601 to the millisecond (``0999-01-01T00:00:00.000Z``), as a cluster's date field
    reads it: strftime's %Y writes the year 999 as '999', which the field refuses."""
    return f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S") + f".{moment.microsecond // 1000:03d}Z"


def is_placeholder(moment: datetime) -> bool:
    """Whether an article's date is a stand-in for "no date" that exports write: the first or the last
    day a date can hold (0001-01-01, 9999-12-31) or the Unix epoch's first second (a timestamp of 0)."""
    day = (moment.year, moment.month, moment.day)
    midnight = (moment.hour, moment.minute, moment.second, moment.microsecond) == (0, 0, 0, 0)
    return day in ((1, 1, 1), (9999, 12, 31)) or (day == (1970, 1, 1) and midnight)


def _utc(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _today(now: datetime | None) -> datetime:
    now = _utc(now or datetime.now(UTC))
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def _relative(text: str, now: datetime | None) -> DatePoint | None:
    t = text.strip().lower()
    today = _today(now)
    if t in ("today",):
        return DatePoint(today, "day")
    if t == "yesterday":
        return DatePoint(today - timedelta(days=1), "day")
    if t == "tomorrow":
        return DatePoint(today + timedelta(days=1), "day")
    if t == "now":
        return DatePoint(_utc(now or datetime.now(UTC)).replace(microsecond=0), "time", "second")
    m = _RELATIVE_SHORT.match(t)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        n, unit = int(m.group(2)) * sign, _UNIT[m.group(3)]
        return DatePoint(shift(today, n, unit), "day")
    m = _LAST_N.match(t) or _N_AGO.match(t)
    if m:
        return DatePoint(shift(today, -int(m.group(1)), m.group(2)), "day")
    m = _LAST_UNIT.match(t)
    if m:
        which, unit = m.groups()
        back = -1 if which == "last" else 0
        start = shift(period_start(today, unit), back, unit)
        return DatePoint(start, "day" if unit == "week" else unit)  # a week is handled by callers as a 7-day span
    m = _LAST_WEEKDAY.match(t)
    if m:
        target = _WEEKDAYS.index(m.group(1))
        back = (today.weekday() - target) % 7 or 7
        return DatePoint(today - timedelta(days=back), "day")
    return None


def _from_iso(m: re.Match) -> DatePoint:
    y, mo, d, hour, minute, sec, frac, tz = m.groups()  # the groups of _ISO, in order (read once an article)
    year, month, day = int(y), int(mo or 1), int(d or 1)
    if hour is None:
        precision = "day" if d else "month" if mo else "year"
        return DatePoint(datetime(year, month, day, tzinfo=UTC), precision)
    micro = int((frac or "0")[:6].ljust(6, "0"))
    unit = "second" if sec else "minute" if minute else "hour"
    if not tz or tz.upper() == "Z":
        return DatePoint(datetime(year, month, day, int(hour), int(minute or 0), int(sec or 0), micro, UTC), "time",
                         unit)
    sign = 1 if tz[0] == "+" else -1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:  # Python's own words name timedelta reprs; +05:75 would be read as +06:15
        raise ValueError(f"the time zone offset {tz} is out of range (offsets run from -23:59 to +23:59)")
    offset = timedelta(hours=hours, minutes=minutes)
    dt = datetime(year, month, day, int(hour), int(minute or 0), int(sec or 0), micro, timezone(sign * offset))
    return DatePoint(dt.astimezone(UTC), "time", unit)


def parse_date(text: str, now: datetime | None = None, relative: bool = True, day_first: bool = False) -> DatePoint:
    """Parse one date in any form searchidx accepts; raise DateParseError otherwise.

    ISO dates and times (any precision), ``20220920``, ``20 September 2022``, ``Sept. 20, 2022``,
    ``September 2022``, RFC 2822, ``26-FEB-1987 15:01:01.79``, epoch seconds, and relative forms
    (``today``, ``-7d``, ``last 30 days``, ``3 weeks ago``, ``last monday``, ``this month``) unless
    ``relative`` is False (an article's own date: "2 days ago" in a stored file says nothing of when).
    ``day_first`` reads ``04/01/2019`` as 4 January (a file whose other dates show they are written so).
    """
    if not isinstance(text, str):
        raise DateParseError(repr(text), "expected text")
    t = " ".join(text.replace("\xa0", " ").split())
    if not t or len(t) > 80:
        raise DateParseError(text, "empty" if not t else "too long to be a date")
    if t.endswith((")", "]")) and re.search(r"\d", t):
        # A zone named after the time, as JavaScript's Date.toString() writes it ("GMT+0200 (Central European
        # Summer Time)") or Java's ZonedDateTime ("+02:00[Europe/Berlin]"): the offset before it says all
        t = _ZONE_COMMENT.sub("", t)
    low = t.lower()
    if "gmt" in low or "utc" in low:  # looked for first: the pattern is tried at every position
        t = _GMT_OFFSET.sub(lambda mm: f" {mm[1]}{int(mm[2]):02d}{mm[3] or '00'}", t)
    try:
        m = _ISO.match(t)
        if m:
            return _from_iso(m)
        m = _BASIC.match(t)
        if m:
            return DatePoint(datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC), "day")
        if _EPOCH.match(t):
            seconds = float(t) / (1000 if len(t) >= 12 and "." not in t else 1)
            return DatePoint(datetime.fromtimestamp(seconds, UTC).replace(microsecond=0), "time", "second")
    except (ValueError, OverflowError) as e:
        raise DateParseError(text, f"impossible date ({e})") from None
    try:
        rel = _relative(t, now)
    except (OverflowError, ValueError):
        raise DateParseError(text, "too far from today (dates run from the year 1 to 9999)") from None
    if rel and not relative:
        raise DateParseError(text, "relative to the day it is read, so no date of its own")
    if rel:
        return rel
    ambiguous = _ambiguous_time(t)
    if ambiguous:
        return _without_time(text, t, ambiguous, now, relative, day_first)
    if "," in t and re.search(r"\d{1,2}:\d{2}", t) and re.match(r"^[A-Za-z]{3},", t):
        try:
            from email.utils import (
                parsedate_to_datetime,  # only RFC 2822 dates need it (start-up time)
            )

            unit = "second" if re.search(r"\d{1,2}:\d{2}:\d{2}", t) else "minute"
            return DatePoint(_utc(parsedate_to_datetime(t)), "time", unit)
        except (TypeError, ValueError, IndexError):
            pass
    t = _LABEL.sub("", t)
    labelled = _LABEL_ABROAD.match(t)
    if labelled:  # "Publié le 04/09/2022": the six languages' newsrooms write the day first
        t, day_first = t[labelled.end():], True
    if (cut := _UPDATED_AFTER.search(t)) and cut.start() > 0:
        t = t[:cut.start()]  # the published date before its "| Updated: ..." is the article's (not the update)
    t = _HOUR_MARK.sub(lambda mm: f"{mm[1]}:{mm[2] or mm[3]}", t)
    t = _DOT_TIME.sub(lambda mm: f"{mm[1]}{mm[2]}:{mm[3]}", t)
    return _dateutil(text, _ABBREV.sub(lambda mm: mm.group(1)[:3], t), day_first)


# Zone names that mean more than one zone: a time in them is not guessed at (read as UTC, "10:00 IST" of an Indian
# story was 04:30 UTC the other way; of an Israeli one 07:00, of an Irish one 09:00): the date is kept, to the day
AMBIGUOUS_ZONES = {"IST": "India, Israel or Ireland", "AST": "Arabia or the Atlantic"}
# (a time written without a colon, "1030 IST", "2330 hrs IST", as Indian newsrooms print it, too: it was read as
# UTC, silently)
_AMBIGUOUS_TIME = re.compile(r"(?<![\d:.])(?:at\s+)?(?:\d{1,2}(?:[:.]\d{2}){0,2}|(?P<hhmm>(?:[01]?\d|2[0-3])[0-5]\d))"
                             r"(?:\s*[AaPp]\.?\s?[Mm]\.?|\s*(?:hrs|hours|h)\b\.?)?\s*"
                             r"\(?\b(?P<zone>" + "|".join(AMBIGUOUS_ZONES) + r")\b\)?")


def _ambiguous_time(t: str) -> re.Match[str] | None:
    """A time in a zone of AMBIGUOUS_ZONES, of a text holding a date ("2022 IST" is a year, not 20:22)."""
    found = _AMBIGUOUS_TIME.search(t)
    if found and found["hhmm"] and not re.search(r"\d{4}", t[:found.start()] + t[found.end():]):
        return None
    return found


def _without_time(text: str, t: str, ambiguous: re.Match[str], now: datetime | None, relative: bool,
                  day_first: bool) -> DatePoint:
    """The date of ``text`` without its time in a zone that names more than one: at the time written beside it in
    a zone that names one ("10:30 IST (05:00 GMT)"), else to the day (or less), with a note saying so."""
    rest = re.sub(r"(?<=\d)T$", "", (t[:ambiguous.start()].rstrip(" ,;/|(") + " "
                                     + t[ambiguous.end():].lstrip(" ,;/|)")).strip(" ,;"))
    zoned = _ZONED_TIME.search(rest)
    if zoned:
        try:
            point = parse_date(f"{rest[:zoned.start()]} {zoned[1]} {rest[zoned.end():]}".strip(), now, relative,
                               day_first)
        except DateParseError:
            pass
        else:
            if point.precision == "time":
                return point
    try:
        point = parse_date(rest, now, relative, day_first)
    except DateParseError:
        raise DateParseError(text) from None
    zone = ambiguous["zone"]
    precision = point.precision if point.precision in ("year", "month") else "day"
    return DatePoint(point.value.replace(hour=0, minute=0, second=0, microsecond=0), precision,
                     note=f"the zone {zone} names more than one ({AMBIGUOUS_ZONES[zone]}): its time is not used, "
                          f"the date is kept to the {precision}")


# A time written with a dot after a date's year, as British newsrooms print it ("Monday 19 September 2022
# 23.30 BST", the Guardian's): it was "not a date I understand", every article of such an export undated
_DOT_TIME = re.compile(r"(\d{4},?\s+(?:at\s+)?)([01]?\d|2[0-3])\.([0-5]\d)(?=\s|$)", re.IGNORECASE)
# A page's update after its published date, in one scraped field: the Daily Mail's "Published: 10:00 BST, 20 September
# 2022 | Updated: 11:00 BST, 20 September 2022", Reuters' "September 20, 2022 / 10:00 AM / Updated 2 hours ago"
_UPDATED_AFTER = re.compile(r"\s*(?:[|/·•;,]\s*|\s-\s*|\s)(?:(?:last\s+)?(?:updated|modified|edited)|mis\s+à\s+jour|"
                            r"aktualisiert|actualizado|aggiornato|bijgewerkt|atualizado)\b.*$", re.IGNORECASE)
# The same label in the languages whose month names are read: "Publié le 20/09/2022", "Veröffentlicht am 20.09.2022",
# "Publicado el 20 de septiembre", "Pubblicato il 20/09/2022", "Gepubliceerd op 20-09-2022", "Publicado em"
_LABEL_ABROAD = re.compile(r"^(?:publiée?|veröffentlicht|erschienen|publicado|pubblicato|gepubliceerd)(?:\s+(?:le|am|"
                           r"el|em|il|op|a|à))?\s*:?\s+(?=\w)", re.IGNORECASE)
# An hour written with "h" ("10 h 30" in French, "10:30 h" in Spanish; "10h30" dateutil reads): the time
_HOUR_MARK = re.compile(r"(?<![\w:])([01]?\d|2[0-3])(?:\s+h\s*([0-5]\d)(?!\d)|:([0-5]\d)\s*h)(?![\w])",
                        re.IGNORECASE)
# The label a scraped date keeps from its page ("Published 19 September 2022", "Posted on: Sept. 19, 2022")
_LABEL = re.compile(r"^(?:first\s+)?(?:published|posted)(?:\s+on)?\s*:?\s+(?=\w)", re.IGNORECASE)


# Time zone names newsrooms print after a time, as hours east of UTC (dateutil knows only UTC and GMT and
# reads any other name as UTC, with a warning). Names that mean two zones (IST, AST) are left out; the
# US generic names (ET, "8:30 a.m. PT") follow daylight saving time, so they name the region's zone.
_ZONE_HOURS = {"UT": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "MEZ": 1, "MESZ": 2, "EET": 2,
               "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8,
               "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AWST": 8,
               "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
               # Africa, Turkey and Iran, South and South-East Asia, South America: read as UTC, hours off
               "WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "TRT": 3, "IRST": 3.5, "PKT": 5, "NPT": 5.75, "ICT": 7,
               "WIB": 7, "WITA": 8, "WIT": 9, "PHT": 8, "MYT": 8, "BRT": -3, "ART": -3}
_ZONE_REGIONS = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                 "PT": "America/Los_Angeles"}


ZONE_NAMES = frozenset(_ZONE_HOURS) | frozenset(_ZONE_REGIONS)  # the names parse_date applies after a time
# A time in a zone that names one, in brackets or not, as a page writes it beside one in an ambiguous zone ("10:30 IST
# (05:00 GMT)"): its time is used
_ZONED_TIME = re.compile(r"\(?\s*(?<![\d:.])(\d{1,2}(?:[:.]\d{2}(?::\d{2})?)?\s*(?:[AaPp]\.?\s?[Mm]\.?\s*)?"
                         r"(?:GMT|UTC|Z|[+-]\d{2}:?\d{2}|"
                         + "|".join(sorted(ZONE_NAMES, key=len, reverse=True)) + r"))(?![\w:])\s*\)?")


@lru_cache(maxsize=1)
def _zones() -> dict:
    from dateutil import tz

    zones: dict = {name: int(hours * 3600) for name, hours in _ZONE_HOURS.items()}
    zones.update({name: zone for name, region in _ZONE_REGIONS.items() if (zone := tz.gettz(region))})
    return zones


# A date written with dots is day first: German, Dutch, Nordic, Slavic and Turkish newsrooms write
# 01.02.2021 for 1 February ("2021.02.01", year first, is not matched); slashes and dashes stay month first
_DOTTED_DAY_FIRST = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d.])")

# A date of numbers with slashes or dashes, day and month in either order ("04/01/2019", "13-01-2019 10:30")
_SLASHED = re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(?:\d{4}|\d{2})(?![\d/.-])")


def numbers_order(text: str) -> str | None:
    """How a date written in numbers with slashes or dashes orders its day and month: ``"day"`` when only
    day first reads (``13/01/2019``), ``"month"`` when only month first does (``01/13/2019``), ``"either"``
    when both do and differ (``04/01/2019``, read month first unless told otherwise); None for any other form."""
    m = _SLASHED.search(text)
    if not m:
        return None
    first, second = int(m[1]), int(m[3])
    if first == second or not (1 <= first <= 31 and 1 <= second <= 31):
        return None
    if first > 12:
        return "day" if second <= 12 else None
    return "month" if second > 12 else "either"


# Month and weekday names of European newsrooms (German, Dutch, French, Spanish, Italian, Portuguese) beside
# dateutil's English ones, and the small words their dates hold ("20 de septiembre de 2022", "le 1er mars",
# "20. März 2022 um 14:30 Uhr"): "20 septembre 2022" was "not a date I understand", its article undated
_MONTHS = (
    "januar jänner januari janvier janv enero gennaio gen janeiro",
    "februar februari février fevrier févr fevr febrero febbraio fevereiro",
    "märz maerz mrz maart mrt mars marzo março marco",
    "avril avr abril aprile",
    "mai mei mayo maggio mag maio",
    "juni juin junio giugno giu junho",
    "juli juillet juil julio luglio lug julho",
    "augustus août aout agosto",
    "septembre septiembre setiembre settembre set setembro",
    "oktober okt octobre octubre ottobre ott outubro",
    "novembre noviembre novembro",
    "dezember dez décembre decembre déc diciembre dic dicembre dezembro",
)
_WEEKDAYS_ABROAD = (
    "montag maandag lundi lunes lunedì lunedi segunda",
    "dienstag dinsdag mardi martes martedì martedi terça terca",
    "mittwoch woensdag mercredi miércoles miercoles mercoledì mercoledi quarta",
    "donnerstag donderdag jeudi jueves giovedì giovedi quinta",
    "freitag vrijdag vendredi viernes venerdì venerdi sexta",
    "samstag sonnabend zaterdag samedi sábado sabado",
    "sonntag zondag dimanche domingo domenica",
)


@lru_cache(maxsize=1)
def _parser():  # (dateutil is imported only for uncommon forms: start-up time)
    from dateutil import parser as du_parser

    class Names(du_parser.parserinfo):
        JUMP = [*du_parser.parserinfo.JUMP, "de", "del", "le", "el", "à", "um", "uhr", "er", "den", "ore", "feira"]
        MONTHS = [(*english, *more.split()) for english, more in zip(du_parser.parserinfo.MONTHS, _MONTHS)]
        WEEKDAYS = [(*english, *more.split()) for english, more in zip(du_parser.parserinfo.WEEKDAYS,
                                                                        _WEEKDAYS_ABROAD)]

    return du_parser.parser(Names())


_D1 = datetime(2001, 1, 1, 0, 0, 0)
_D2 = datetime(2002, 2, 2, 1, 1, 1)


def _dateutil(original: str, t: str, day_first: bool = False) -> DatePoint:
    # Parsing twice with different defaults shows which parts the text really gave: that is its precision.
    if not re.search(r"\d", t) or not re.search(r"\d{4}|\d{1,2}\D+\d{1,2}\D+\d{2}", t):
        raise DateParseError(original)
    from dateutil import (
        parser as du_parser,  # only for uncommon forms: keeps it out of start-up
    )

    try:
        with warnings.catch_warnings():  # a zone name it does not know is read as UTC, as an ISO time without one
            warnings.simplefilter("ignore", du_parser.UnknownTimezoneWarning)
            dayfirst = day_first or _DOTTED_DAY_FIRST.search(t) is not None
            a = _parser().parse(t, default=_D1, dayfirst=dayfirst, tzinfos=_zones())
            b = _parser().parse(t, default=_D2, dayfirst=dayfirst, tzinfos=_zones())
    except (ValueError, OverflowError, TypeError) as e:
        why = str(e).split(":")[0]  # what is wrong with a date ("day is out of range for month"), or that it is none
        unread = not why or why.startswith(("Unknown string format", "String does not contain a date"))
        raise DateParseError(original, "not a date I understand" if unread else why) from None
    if a.year != b.year:
        raise DateParseError(original, "no year given")
    if a.month != b.month:
        precision = "year"
    elif a.day != b.day:
        precision = "month"
    elif a.hour != b.hour:
        precision = "day"
    else:
        precision = "time"
    if precision == "time":  # "3 pm" is the hour, "15:05" the minute, "15:05:30" the second
        unit = "hour" if a.minute != b.minute else "minute" if a.second != b.second else "second"
        moment = _utc(a) if a.tzinfo else a.replace(tzinfo=UTC)
        return DatePoint(moment.replace(microsecond=0), "time", unit)
    base = a.replace(tzinfo=UTC, hour=0, minute=0, second=0, microsecond=0)
    if precision == "year":
        base = base.replace(month=1, day=1)
    elif precision == "month":
        base = base.replace(day=1)
    return DatePoint(base, precision)


def from_filename(name: str) -> DatePoint | None:
    """A date at the start of a file name (``2022-09-20-slug.txt``, ``20220920_slug.html``), if any."""
    m = re.match(r"^(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?:\D|$)", name)
    if not m:
        return None
    try:
        return DatePoint(datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC), "day")
    except ValueError:
        return None


# A spreadsheet's date cell saved as its number: days since 30 December 1899 (Excel's and LibreOffice's count;
# 44824 is 20 September 2022, 44824.4375 10:30 that day). Five digits, from 1950 to 2099, read only as an
# article's date field: read as epoch seconds or a year it was out of range, the article undated
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_SERIAL_ZERO = datetime(1899, 12, 30, tzinfo=UTC)
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01


def from_spreadsheet_serial(text: str) -> DatePoint | None:
    """A date a spreadsheet wrote as its serial number (``44824`` -> 2022-09-20), or None."""
    t = text.strip()
    if not _SERIAL.match(t) or not _SERIAL_RANGE[0] <= float(t) < _SERIAL_RANGE[1]:
        return None
    moment = _SERIAL_ZERO + timedelta(seconds=round(float(t) * 86400))
    if moment.hour == moment.minute == moment.second == 0:
        return DatePoint(moment, "day")
    return DatePoint(moment, "time", "second" if moment.second else "minute")
