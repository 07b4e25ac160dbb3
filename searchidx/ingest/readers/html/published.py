"""A page's publication date: never the modified date, nor a date from a sidebar, a teaser or a comment.

Three witnesses are read: the published time the markup declares (meta tags, JSON-LD), the date shown to
the reader beside the headline, and the date in the URL. Dates keep the page's own day: a story posted at
10 pm in New York is dated that day (at day precision), not the next UTC day; times are kept, in UTC, when
both agree on the day. Where a time declared in UTC and what the reader sees (or the URL) are a day apart,
the latter wins: that gap is the time zone.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .... import dates
from .meta import PageMeta

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                   "publish-date", "publish_date", "article.published", "date", "dc.date", "dc.date.issued",
                   "dcterms.created", "dcterms.date", "dcterms.issued", "sailthru.date", "parsely-pub-date",
                   "cxenseparse:recs:publishtime", "originalpublicationdate")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_VISIBLE = re.compile(
    rf"\b(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?)", re.I)
_OFFSET = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})$",
                     re.I)
_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2}|" + _MONTH + r")[/-](\d{1,2})(?=/|$|-|\.|_)", re.I)
_URL_COMPACT = re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?=/|-|_)")
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})(?=/)")
_DATE_HINT = re.compile(r"date|time|byline|publish|posted|dateline|article-?meta|entry-?meta|post-?meta", re.I)
_NOT_PUBLISHED = re.compile(r"updat|modif|aktualisiert|edited|comment|reply|related|popular|most-?read|"
                            r"trending|recommend|sidebar|footer|promo|teaser|widget|newsletter|site-?header|"
                            r"masthead|top-?bar|navbar|menu", re.I)
_CUE = re.compile(r"\s*(published|posted|written by|by\s|updated|publiziert|ver\u00f6ffentlicht|publi\u00e9|publicado)",
                  re.I)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
_VISIBLE_LOOKS = 40  # elements that may hold the byline date; it sits near the top of the story


def _point(text: str) -> dates.DatePoint | None:
    text = " ".join(str(text).split())
    if not text:
        return None
    try:
        point = dates.parse_date(text, relative=False)  # "2 days ago" on a saved page: not a date
        m = _OFFSET.match(text)
        head, _, zone = text.rpartition(" ")
        local = dates.parse_date(m.group(1)) if m else dates.parse_date(head) if zone in dates.ZONE_NAMES else point
    except dates.DateParseError:
        return None
    if local.value.date() != point.value.date():
        # 10 pm in New York is the next day in UTC: keep the day the page's readers saw, at day precision
        point = dates.DatePoint(local.value.replace(hour=0, minute=0, second=0, microsecond=0), "day")
    return point if 1990 <= point.value.year <= datetime.now().year + 1 else None


def _in_utc(text: str) -> bool:
    """Given in UTC, or with a time but no zone at all (often UTC unmarked)."""
    text = text.strip()
    return bool(re.search(r"(Z|[+-]00:?00|UTC|GMT)$", text, re.I)) or bool(
        re.search(r"\d:\d{2}(:\d{2}(\.\d+)?)?$", text))


def declared(meta: PageMeta) -> tuple[dates.DatePoint | None, bool]:
    """The published time from JSON-LD or meta tags, in their order of trust, and whether it was given in
    UTC (then the reader's own day may be the one before)."""
    candidates = [meta.tags.get(key, [None])[0] for key in _PUBLISHED_META]
    candidates += [meta.ld.get("datePublished"), meta.ld_published]
    candidates.append(meta.ld.get("dateCreated"))
    for value in candidates:
        if isinstance(value, str):
            point = _point(value)
            if point:
                return point, _in_utc(value)
    return None, False


def from_url(url: str) -> dates.DatePoint | None:
    """A date in the URL: /2019/11/18/, /2019/nov/18/, /20191118/, or /2019/11/ (a month, kept as a month)."""
    for pattern in (_URL_DAY, _URL_COMPACT):
        m = pattern.search(url or "")
        if m:
            month = m.group(2)
            month_number = _MONTHS.get(month[:3].lower()) if not month.isdigit() else int(month)
            try:
                return dates.DatePoint(datetime(int(m.group(1)), month_number or 0, int(m.group(3)),
                                                tzinfo=dates.UTC), "day")
            except (ValueError, TypeError):
                continue
    m = _URL_MONTH.search(url or "")
    if m and 1 <= int(m.group(2)) <= 12:
        return dates.DatePoint(datetime(int(m.group(1)), int(m.group(2)), 1, tzinfo=dates.UTC), "month")
    return None


def _excluded(el: HtmlElement) -> bool:
    """Inside a sidebar, teaser, comment thread or an 'updated' label."""
    node = el
    while node is not None:
        if node.tag in ("aside", "footer", "nav"):
            return True
        label = f"{node.get('class', '')} {node.get('id', '')} {node.get('itemprop', '')}"
        if _NOT_PUBLISHED.search(label):
            return True
        node = node.getparent()
    return False


def shown(tree: HtmlElement) -> dates.DatePoint | None:
    """The date printed near the headline: a <time> or a byline/date element, not an 'updated' one."""
    h1 = next(tree.iter("h1"), None)
    started = h1 is None
    looked = 0
    for el in tree.iter():
        if el is h1:
            started = True
        if not started or not isinstance(el.tag, str):
            continue
        label = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        if el.tag != "time" and not _DATE_HINT.search(label) and not _CUE.match(el.text or ""):
            continue
        looked += 1
        if looked > _VISIBLE_LOOKS:
            break
        if _excluded(el):
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if re.search(r"\b(updated|modified)\b", text, re.I) and not re.search(r"\b(published|posted)\b", text, re.I):
            continue
        m = _VISIBLE.search(text[:200])  # what the reader sees first, then the machine-readable value
        point = _point(m.group(0)) if m else None
        for value in (el.get("datetime"), el.get("content")):
            point = point or (_point(value) if value else None)
        if point:
            return point
    return None


def _same_day_or_next(a: dates.DatePoint, b: dates.DatePoint) -> bool:
    return abs(a.value.date() - b.value.date()) <= timedelta(days=1)


def publication_date(tree: HtmlElement, meta: PageMeta, url: str, search: bool = True) -> dates.DatePoint | None:
    """The page's publication date, at the precision the page gives it. ``search=False``: only what the
    markup declares or the URL says (a listing page shows the dates of other stories)."""
    if not search:
        return declared(meta)[0] or from_url(url)
    (stated, in_utc), visible, in_url = declared(meta), shown(tree), from_url(url)
    if stated and in_utc and visible and visible.value.date() != stated.value.date() \
            and _same_day_or_next(stated, visible):
        return dates.DatePoint(visible.value.replace(hour=0, minute=0, second=0), "day")
    if stated and in_utc and in_url and in_url.precision == "day" and _same_day_or_next(stated, in_url):
        if in_url.value.date() != stated.value.date():
            return in_url
    if stated:
        return stated
    if visible and in_url and in_url.precision == "day" and not _same_day_or_next(visible, in_url):
        return in_url  # a date shown far from the URL's is another story's
    return visible or in_url or _htmldate(tree, url)


def _htmldate(tree: HtmlElement, url: str) -> dates.DatePoint | None:
    """Last resort when the page neither declares nor shows a date where expected: htmldate's wider search
    (dates in other languages, in the page text)."""
    from htmldate import find_date

    try:
        found = find_date(tree, url=url or None, original_date=True, extensive_search=True)
    except (ValueError, TypeError):
        return None
    return _point(found) if found else None
