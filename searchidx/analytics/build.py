"""Associations, trends and networks made from an engine's entity counts (no engine here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta

from .. import dates
from ..errors import DateFilterError, DateParseError, SearchidxError
from ..index.schema import ENTITY_FIELDS
from .measures import g2, signed_g2
from .results import (
    Association,
    Associations,
    EntityCounts,
    Network,
    NetworkEdge,
    NetworkNode,
    Trend,
    Trending,
)


def checked_types(types: Sequence[str] | str) -> tuple[str, ...]:
    """Entity types asked for, each one of person, place, org (all three when none is given)."""
    chosen = (types,) if isinstance(types, str) else tuple(types)
    bad = [t for t in chosen if t not in ENTITY_FIELDS]
    if bad:
        raise SearchidxError(f"unknown entity type {bad[0]!r} (choose from {', '.join(ENTITY_FIELDS)})")
    return chosen or ENTITY_FIELDS


def associations(counts: EntityCounts, query: str, min_count: int, top: int) -> Associations:
    """Names at least ``min_count`` of the matches name, more often than their share of the index
    predicts, most surprising first (signed G² of matches against the rest of the index). The names the
    query filters on are left out: they are in every match by construction."""
    skip = set(counts.filtered)
    rest = counts.articles - counts.matched
    names = []
    for etype, by_name in counts.counts.items():
        for name, count in by_name.items():
            if count < min_count or (etype, name) in skip:
                continue
            total = counts.totals.get(etype, {}).get(name, count)
            expected = counts.matched * total / counts.articles if counts.articles else 0.0
            score = signed_g2(count, counts.matched, total - count, rest)
            if score <= 0:
                continue
            names.append(Association(etype, name, count, total, round(expected, 2),
                                     round(count / expected, 2) if expected else 0.0, round(score, 2)))
    names.sort(key=lambda a: (-a.score, -a.count, a.name))
    return Associations(query=query, matched=counts.matched, articles=counts.articles, min_count=min_count,
                        names=names[:top], warnings=list(counts.warnings))


def _iso(moment: datetime) -> str:
    return dates.DatePoint(moment, "time").isoformat()  # 0999-01-01T00:00:00Z: strftime's %Y writes "999"


def _before(start: datetime, end: datetime) -> datetime:
    """The start of the baseline as long as [start, end), just before it: whole months before a period of
    whole months (March and April 2020 -> January and February), else the same number of days."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if start == dates.period_start(start, "month") and end == dates.period_start(end, "month") and months:
        return dates.shift(start, -months, "month")
    return start - (end - start)


def _end_of_day(rng: dates.DateRange) -> datetime | None:
    """The end of the (UTC) day holding a date's start, or of its own span when that is longer (a month): a
    newest match timed 18:02 ends its period at midnight, as a timeline's last row does, not at 18:02:01,
    which cut the day short and made the default baseline start at a time of day."""
    if rng.start is None or rng.end is None:
        return rng.end
    return max(rng.end, dates.next_period(dates.period_start(rng.start, "day"), "day"))


def periods(since: str | None, until: str | None, baseline: str | None,
            now: datetime | None = None, newest: str | None = None) -> tuple[dates.DateRange, dates.DateRange]:
    """The period and the baseline (``A..B``; default: as long as the period, just before it, see
    ``_before``). ``until`` defaults to the end of the day (month, year) of ``newest``, the date of the
    newest match, else to the end of today."""
    if not since:
        raise SearchidxError("trending needs a period: since (and until, default the newest match)",
                             cli="trending needs a period: --since DATE (and --until DATE, default the newest "
                                 "match)")
    rng = dates.filter_range(since, until, now)
    end = rng.end or _end_of_day(dates.parse_range(newest or "today", now))
    assert rng.start is not None and end is not None
    if end <= rng.start:
        raise DateFilterError("since", since, "is after today: give until too", "is after today: give --until too")
    period = dates.DateRange(rng.start, end)
    if not baseline:
        try:
            return period, dates.DateRange(_before(rng.start, end), rng.start)
        except (OverflowError, ValueError):  # the span before it would start before the year 1
            raise DateFilterError("since", since, "leaves no room for a baseline as long before it (dates start "
                                  "in the year 1): give baseline A..B",
                                  "leaves no room for a baseline as long before it (dates start in the year "
                                  "1): give --baseline A..B") from None
    try:
        base = dates.parse_range(baseline, now)
    except DateParseError as e:
        advice = "; write A..B, such as 2020-01..2020-02" if e.forms else ""
        raise DateFilterError("baseline", baseline, e.why + advice) from None
    if base.start is None or base.end is None:
        raise DateFilterError("baseline", baseline, "needs both ends: A..B, such as 2020-01..2020-02")
    return period, base


def trending(now_counts: EntityCounts, before: EntityCounts, period: dates.DateRange, baseline: dates.DateRange,
             query: str, min_count: int, top: int) -> Trending:
    """Names in at least ``min_count`` matches of the period whose share of the matches rose against the
    baseline, most significant first (signed G² of period against baseline)."""
    from ..enrich.aliases import fold  # each side shows a name by its own most used spelling

    names = []
    p, b = now_counts.matched, before.matched
    for etype, by_name in now_counts.counts.items():
        # 'Guinness PLC' in the period is the baseline's 'Guinness Plc' (they fold alike, as in facets)
        earlier = {fold(name): n for name, n in before.counts.get(etype, {}).items()}
        for name, count in by_name.items():
            if count < min_count:
                continue
            old = earlier.get(fold(name), 0)
            score = signed_g2(count, p, old, b) if b else 0.0
            if score <= 0:
                continue
            share, old_share = count / p, (old / b if b else 0.0)
            names.append(Trend(etype, name, count, old, round(share, 4), round(old_share, 4),
                               round(share / old_share, 2) if old else None, round(score, 2)))
    names.sort(key=lambda t: (-t.score, -t.count, t.name))
    assert period.start and period.end and baseline.start and baseline.end
    warnings = list(now_counts.warnings)
    if not b:
        warnings.append(f"no matching article is dated in the baseline {_days(baseline)}: nothing to compare with "
                        "(choose a baseline period, A..B)")
    elif baseline.start < period.end and period.start < baseline.end:
        # G² compares two samples: an article in both spans counts on both sides, so a rise reads smaller
        warnings.append(f"the baseline {_days(baseline)} overlaps the period {_days(period)}: articles in both "
                        "count on both sides, so changes read smaller than they are (choose a baseline before "
                        "the period)")
    return Trending(query=query, period=(_iso(period.start), _iso(period.end)),
                    baseline=(_iso(baseline.start), _iso(baseline.end)), matched=p, baseline_matched=b,
                    min_count=min_count, names=names[:top], warnings=warnings)


def _days(span: dates.DateRange) -> str:
    """A [start, end) span as the days it holds: 2020-03-01..2020-04-30."""
    assert span.start and span.end
    return f"{_iso(span.start)[:10]}..{_iso(span.end - timedelta(seconds=1))[:10]}"


def network(rows: Sequence[tuple[tuple[str, str], ...]], query: str, top: int, min_articles: int,
            warnings: Sequence[str] = ()) -> Network:
    """The ``top`` names of the matched articles (each in at least ``min_articles``) as nodes, and an edge
    for each pair named together in at least ``min_articles`` articles, scored by signed G² over the
    matched articles."""
    from ..enrich.aliases import fold  # spellings that fold alike are one node, as in facet counts

    spellings: Counter[tuple[str, str]] = Counter()
    docs: list[set[tuple[str, str]]] = []
    for row in rows:
        keys = set()
        for etype, name in row:
            spellings[(etype, name)] += 1
            keys.add((etype, fold(name)))
        docs.append(keys)
    label: dict[tuple[str, str], str] = {}
    for (etype, name), _ in sorted(spellings.items(), key=lambda kv: (-kv[1], kv[0])):
        label.setdefault((etype, fold(name)), name)
    node_count: Counter[tuple[str, str]] = Counter(k for keys in docs for k in keys)
    chosen = [k for k, n in sorted(node_count.items(), key=lambda kv: (-kv[1], label[kv[0]]))
              if n >= min_articles][:top]
    ids = {k: f"{k[0]}:{label[k]}" for k in chosen}
    pairs: Counter[tuple[str, str]] = Counter()
    for keys in docs:
        inside = sorted(ids[k] for k in keys if k in ids)
        for i, a in enumerate(inside):
            for b in inside[i + 1:]:
                pairs[(a, b)] += 1
    articles = {ids[k]: node_count[k] for k in chosen}
    n = len(docs)
    edges = []
    for (a, b), both in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        if both < min_articles:
            continue
        only_a, only_b = articles[a] - both, articles[b] - both
        score = g2(both, only_a, only_b, n - both - only_a - only_b)
        under = both * n < articles[a] * articles[b] and score  # fewer together than chance: negative
        edges.append(NetworkEdge(a, b, both, round(-score if under else score, 2)))
    nodes = [NetworkNode(ids[k], label[k], k[0], node_count[k]) for k in chosen]
    return Network(query=query, matched=n, nodes=nodes, edges=edges, warnings=list(warnings))
