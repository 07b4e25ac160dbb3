"""Date ranges ``[start, end)``: read from text (``parse_range``), from --since and --until (``since``, ``until``,
``filter_range``), and the one rule for dates given in the wrong order (``backwards``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import DATE_FORMS, DateFilterError, DateOrderError, DateParseError, DateRangeGivenError
from .parsing import _LAST_N, _LAST_UNIT, _N_AGO, _RELATIVE_SHORT, _relative, _today, parse_date


@dataclass(frozen=True)
class DateRange:
    """A closed-open interval ``[start, end)``; either side may be open (None)."""

    start: datetime | None = None
    end: datetime | None = None

    def intersect(self, other: DateRange | None) -> DateRange:
        """The span both ranges cover (an empty span if they do not meet)."""
        if other is None:
            return self
        start = max((d for d in (self.start, other.start) if d), default=None)
        end = min((d for d in (self.end, other.end) if d), default=None)
        if start and end and start > end:
            end = start
        return DateRange(start, end)


def backwards(start: datetime | None, end: datetime | None) -> bool:
    """The one rule for dates given in the wrong order, wherever they are read (a range's two ends, a
    since/until pair in options, query text, saved queries or the library): the span from ``start`` up to
    ``end`` (exclusive) holds no moment. Such a span is an error, never swapped: a reversed range is most
    often a slip in one of its ends, and a swapped one would search a span nobody wrote, unannounced."""
    return start is not None and end is not None and start >= end


_RANGE_SPLIT = re.compile(r"\s*(?:\.\.|\bto\b)\s*", re.IGNORECASE)


def parse_range(text: str, now: datetime | None = None) -> DateRange:
    """Parse a date or a range into ``[start, end)``.

    ``2022`` (the whole year), ``2022-01..2022-06`` (January to the end of June), ``[2022-01 TO
    2022-06]``, ``2022..`` / ``..2022``, ``>2022-09`` (after September), ``>=``, ``<``, ``<=``,
    ``last 30 days`` (to the end of ``now``'s day), ``last week``.
    """
    t = _ranged(_unquoted(text))
    if t.startswith("[") or t.startswith("{"):
        if not (t.endswith("]") or t.endswith("}")):
            raise DateParseError(text, "unclosed range bracket")
        t = t[1:-1].strip()
    for op in (">=", "<=", ">", "<"):
        if t.startswith(op):
            point = parse_date(_unquoted(t[len(op):]), now)
            if op == ">":
                return DateRange(point.end(), None)
            if op == ">=":
                return DateRange(point.value, None)
            if op == "<":
                return DateRange(None, point.value)
            return DateRange(None, point.end())
    low = t.lower()
    if _LAST_N.match(low) or _N_AGO.match(low) or _RELATIVE_SHORT.match(low):
        start = parse_date(t, now)
        return DateRange(start.value, _through_today(now)) if not low.startswith("+") else DateRange(_today(now),
                                                                                                  start.end())
    m = _LAST_UNIT.match(low)
    if m:
        start = parse_date(t, now)
        if m.group(2) == "week":
            return DateRange(start.value, start.value + timedelta(days=7))
        return DateRange(start.value, start.end())
    parts = _RANGE_SPLIT.split(t, maxsplit=1) if (".." in t or re.search(r"\bto\b", t, re.I)) else [t]
    if len(parts) == 2:
        left, right = (_unquoted(part) for part in parts)
        first = parse_date(left, now) if left.strip() not in ("", "*") else None
        last = parse_date(right, now) if right.strip() not in ("", "*") else None
        if first is None and last is None:
            raise DateParseError(text, "a range needs at least one end")
        if first and last and backwards(first.value, last.end()):
            raise DateOrderError(text, f"the range runs backwards: {left.strip()} begins after {right.strip()} "
                                       f"ends; write {right.strip()}..{left.strip()}")
        return DateRange(first.value if first else None, last.end() if last else None)
    point = parse_date(t, now)
    return DateRange(point.value, point.end())


_DASHES = re.compile(r"\s*(?:[\u2013\u2014]|\u2026|\.\.\.)\s*")


def _ranged(text: str) -> str:
    """A range as printed text writes it, ``2019–2020`` (an en or em dash) or ``2019…2020``, written ``..``: no
    date holds either, and they were 'not a date I understand'."""
    return _DASHES.sub("..", text) if any(c in text for c in "\u2013\u2014\u2026") or "..." in text else text


def _unquoted(text: str) -> str:
    """A date or a range's end without the quotes around it (``"2 March 1987"..``, ``["2 March 1987" TO *]``)."""
    t = text.strip()
    quoted = len(t) > 1 and t[0] in _QUOTES and t[-1] in _QUOTES and not any(q in t[1:-1] for q in _QUOTES)
    return t[1:-1].strip() if quoted else t


_QUOTES = "\"\u201c\u201d\u201e\u00ab\u00bb"  # the query parser's QUOTES (not imported: dates come first)


def _through_today(now: datetime | None) -> datetime:
    """The end of the day ``now`` falls in (today, or an as-of date): where a span counted back from it ends."""
    return _today(now) + timedelta(days=1)


def _one_date(text: str) -> None:
    """``since`` and ``until`` each take one date: a range there (``2019..2020``, ``[2019 TO 2020]``,
    ``<2020``) lost one of its ends without a word (``--since 2019..2020`` kept 2022 too, ``--since '<2020'``
    kept everything, ``--until 2019..`` ended before 2019)."""
    t = _ranged(text.strip())
    if not (t[:1] in "[{<>" or ".." in t or re.search(r"\bto\b", t, re.IGNORECASE)):
        return
    inner = t[1:-1].strip() if t[:1] in "[{" and t[-1:] in "]}" else t
    ends = [e.strip() for e in _RANGE_SPLIT.split(inner, maxsplit=1)]
    if len(ends) == 2 and all(e not in ("", "*") for e in ends):
        why = (f"a range where one date goes: give its first date as {{since}}{ends[0]} and its last as "
               f"{{until}}{ends[1]}")
    else:
        why = "a range where one date goes: give one date, the first to keep as {since}DATE, the last as {until}DATE"
    raise DateRangeGivenError(text, why)


def since(text: str, now: datetime | None = None) -> DateRange:
    """``--since X``: from the start of X on; a date counted back from ``now`` (``-7d``, ``last monday``,
    ``this month``) up to the end of ``now``'s day. Open-ended, a saved query run ``--as-of`` a past day
    took in every article dated after it too, so no run could be repeated as it was."""
    _one_date(text)
    r = parse_range(text, now)
    if _relative(text, now) is not None and parse_date(text, now).value < _through_today(now) and (
            not text.strip().startswith("+")):
        return DateRange(r.start, _through_today(now))
    return DateRange(r.start, None)


def until(text: str, now: datetime | None = None) -> DateRange:
    """``--until X``: up to and including X (so ``--until 2022-09`` keeps all of September)."""
    _one_date(text)
    r = parse_range(text, now)
    return DateRange(None, r.end if r.end else r.start)


def filter_range(since_text: str | None, until_text: str | None, now: datetime | None = None) -> DateRange:
    """The span of a --since/--until pair: the one place both are read. DateFilterError names the option
    at fault, and a pair that leaves no day at all (--since 2021 --until 2019) is an error too."""
    rng = DateRange()
    for option, text, read in (("since", since_text, since), ("until", until_text, until)):
        if text:
            try:
                rng = rng.intersect(read(text, now))
            except DateRangeGivenError as e:
                raise DateFilterError(option, text, e.worded("since ", "until "),
                                      e.worded("--since ", "--until ")) from None
            except DateParseError as e:
                forms = f"; dates look like {DATE_FORMS}" if e.forms else ""
                raise DateFilterError(option, text, e.why + forms) from None
    if since_text and until_text and backwards(rng.start, rng.end):
        raise DateFilterError("until", until_text,
                              f"ends before the since date {since_text!r} begins: no date is in both", pair=True)
    return rng


def overlap(one: DateRange, other: DateRange) -> bool:
    """Whether two ranges share a moment (open ends reach as far as they go)."""
    return ((one.start is None or other.end is None or one.start < other.end) and
            (other.start is None or one.end is None or other.start < one.end))


def outside_span(rng: DateRange, asked: str, earliest: str | None, latest: str | None, undated: int) -> str | None:
    """Why a search in ``rng`` (``asked``: as the user wrote it, e.g. ``since 2000``) found nothing, when no
    article can be in it: the range lies wholly outside the index's dates (``earliest`` .. ``latest``, as
    ``stats`` shows them), or no article has a date. None when the range meets the index's dates."""
    if earliest is None or latest is None:
        return f"no article is dated {asked}: no article in the index has a date"
    first, last = parse_date(earliest).value, parse_date(latest).end()
    if (rng.start is None or rng.start < last) and (rng.end is None or rng.end > first):
        return None
    return f"no article is dated {asked}: the index's dates run from {earliest} to {latest} ({undated:,} undated)"
