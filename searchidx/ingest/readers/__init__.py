"""Readers, one per format. ``read(path, rel, fieldmap)`` returns the file's Articles or raises ReadError.

A .txt file is read by ``text.read_text``, which hands a news archive's download of many articles (the
formats of ``exports.EXPORTS``, known by their markers) to its reader."""

from __future__ import annotations

import gzip
import re
import stat
from collections.abc import Callable
from pathlib import Path

from ... import dates
from ...errors import NoArticles, ReadError
from ..article import Article
from ..headers import FieldMap
from ..normalize import BinaryContent, decode, site_of
from . import html, jsonl, table, text

# suffix -> function(text, rel, fieldmap, filename) -> list[Article]
READERS: dict[str, Callable[..., list[Article]]] = {
    ".txt": text.read_text,
    ".text": text.read_text,
    ".md": text.read_markdown,
    ".markdown": text.read_markdown,
    ".html": html.read_html,
    ".htm": html.read_html,
    ".mhtml": html.read_mhtml,
    ".mht": html.read_mhtml,
    ".json": jsonl.read_json,
    ".jsonl": jsonl.read_jsonl,
    ".ndjson": jsonl.read_jsonl,
    ".csv": table.read_csv,
    ".tsv": table.read_tsv,
}
# Raised whenever a reader reads some file differently (a fix, a format learnt): an update then reads
# every file again (it is one of the read settings, ingest/state.py), so no file keeps an old reading.
# 3: a source from the URL's site for an article without one; 4: a one-value field given as a list
# (Scrapy's ["title"]) reads as its value; 5: a stand-in date (9999-12-31, 0001-01-01) reads as none;
# 6: NaN and Infinity in JSON are no value; 7: UTF-8 with stray bytes of another code page keeps its UTF-8,
# and a JSON Lines record starting with a byte order mark is read; 8: a key given twice keeps its first value,
# a value of spaces only is none, HTML in a record's text or title is read as text, UTF-8 cut inside its last
# character and code pages the detector misread (encoding detection) are read otherwise; 9: a file of control
# bytes only (a few NULs) is binary, not an article of no text, and a date written with dots is day first
# (01.02.2021: 1 February); 10 (one session's changes): UTF-16 and UTF-32 with a byte order mark are read as
# such, never as latin-1; a camelCase key (publishedAt, articleBody) is read as its field when its words apart
# name one; the zone names of Africa, Turkey, Iran, South and South-East Asia and South America (SAST, EAT, PKT,
# BRT...); a form feed or vertical tab parts words as a line break (it was deleted, joining them); a pandas
# DataFrame written by to_json (orient columns, index or split) is read row by row; 11 (one session's changes):
# news crawlers' and news APIs' keys (maintext, date_publish, webTitle, a record's 'fields'), header keys of
# European newsrooms' languages, month and weekday names of six languages, a web page's declared encoding, a
# TSV cell opening a quote read unquoted, a zone named in brackets after an offset; and the entity rules of
# that session, which change the names of about 7% of articles (an update re-enriches every file with them);
# 12 (one session's changes): a byline's role, capitals and own agency are not its author; a header value
# folded onto indented lines; .mhtml pages and a browser's saved-from address; Elasticsearch dumps,
# mongoexport's Extended JSON, Diffbot's, Event Registry's and spreadsheets' keys; dates with a dot time or a
# label ('Published ...'); Excel's Unicode Text tables; 13 (one session's changes): a file's dates in numbers
# that read either way (04/01/2019) read day first when its others can only be (13/01/2019); a title's own
# source after it (NewsAPI's 'Storm hits coast - BBC News') taken off; Italian's and Portuguese's 'Data:' a
# date; a table under an export's title lines; a scraped date's update after it cut off; a record's summary
# its text when it gives none; a byline's desk or site of its own source dropped; a spreadsheet's date number
# (44824); a news API's response saved whole; WordPress's columns; of date keys the first that reads; a list in
# a CSV cell; a JSON Lines line of several records; date labels and hour marks abroad; a headerless text's
# byline and date lines; a web page named .txt; a Time column's time; and the entity rules of that session (a
# caption glued to its credit, houses of worship, hotels, heights and townships, bodies of people in the
# plural, banks, letters after a name); mongoexport dates in milliseconds before 1970; 14: a .txt that is a news
# archive's download of many articles (LexisNexis's "1 of 25 DOCUMENTS", Nexis Uni's "End of Document", Factiva's
# field codes or "Document ..." lines) is read as its articles, one a document (readers/exports/): it was one
# article, titled by the download's cover page; 15 (one session's changes): LexisNexis and Factiva downloads made
# in their German, French and Spanish interfaces are read as their articles (they were one article, or labels text);
# a Factiva code given twice in an article keeps its first value (both were joined: '74 words 80 words'); a Nexis
# Uni download whose first date line does not read ('Autumn 2022') no longer reads its cover page as that document's;
# short Cyrillic text in a single-byte code page is read as Cyrillic, not as rare East Asian characters; a time
# in IST or AST (each two zones or more) is not used, the date kept to the day (it was read as UTC); a byline's
# agency after a full stop, degrees and title are not its author's name ('Finian Cunningham. Sputnik International');
# 16 (one session's fixes to 15's): short Cyrillic text holding a sign its code page has ('Курс евро: 100 €')
# keeps its page (it was read in Mac Cyrillic: '\xa0урс евро: 100 И'); a German Nexis Uni download's first
# document dated '24. September 2022 Samstag' keeps its headline, source and date (read as the cover page's); a
# byline's name after an abbreviated one is kept ('Jose Ma. Montelibano' was 'Jose Ma'); a time in IST or AST
# without a colon ('1030 IST') is not used (it was read as UTC), one beside it in GMT is ('10:30 IST (05:00 GMT)');
# a lang header naming its language in German, French, Spanish ... ('Deutsch', 'anglais') is its code;
# a story signature leaves out a site's boilerplate paragraphs and holds the lead's too (enrich/stories.py)
READER_VERSION = 16
# Formats whose reading costs more than indexing what they hold: read in parallel with --jobs 2+
COSTLY_FORMATS = frozenset({".html", ".htm", ".mhtml", ".mht"})
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
GZIP_RATIO = 4  # a .gz file may decompress to this many times max_file_mb


def format_suffix(path: Path | str) -> str | None:
    """The format a file is read as (``a.jsonl.gz`` reads as ``.jsonl``), or None if unsupported."""
    name = (path if isinstance(path, str) else path.name).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    if dot <= 0:  # no suffix at all, or a dot-file name such as ".txt"
        return None
    suffix = name[dot:]
    return suffix if suffix in READERS else None


def _over(size: int, limit: int) -> str:
    """A size over ``limit`` in MB, with as many decimals as show it over ("1.04", not "1.0" of a 1 MB limit)."""
    mb = 1024 * 1024
    shown = f"{limit / mb:.4g}"
    for decimals in range(1, 7):
        figure = f"{size / mb:.{decimals}f}"
        if float(figure) > float(shown):
            return figure
    return figure


def read(path: Path, rel: str, fieldmap: FieldMap | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read one file into Articles. Every failure is a ReadError naming the file and the reason."""
    fieldmap = fieldmap or FieldMap()
    suffix = format_suffix(path)
    if suffix is None:
        raise ReadError(rel, f"unsupported file type {''.join(path.suffixes) or '(none)'}")
    mb = 1024 * 1024  # max_file_mb counts binary megabytes: the message must say the number that was set
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO blocks forever, /dev/zero never ends
            raise ReadError(rel, "not a regular file")
        if st.st_size > max_bytes:
            raise ReadError(rel, f"file is {_over(st.st_size, max_bytes)} MB, over the {max_bytes / mb:.4g} MB "
                                 "limit (max_file_mb)")
        if path.suffix.lower() == ".gz":
            # read in steps and stop at the limit: a small file can inflate to gigabytes
            with gzip.open(path, "rb") as f:
                data = f.read(max_bytes * GZIP_RATIO + 1)
            if len(data) > max_bytes * GZIP_RATIO:
                raise ReadError(rel, f"decompresses to over {max_bytes * GZIP_RATIO / mb:.4g} MB "
                                     f"({GZIP_RATIO}x the max_file_mb limit)")
        else:
            with open(path, "rb") as f:
                # Asked for the size just read, not the limit: read(n) first allocates n bytes, and 50 MB
                # each time tripled the cost of reading a 1 KB file. A file that grew since is read on,
                # still bounded by the limit.
                data = f.read(st.st_size + 1)
                if len(data) > st.st_size:
                    data += f.read(max_bytes + 1 - len(data))
            if len(data) > max_bytes:
                raise ReadError(rel, f"file is over the {max_bytes / mb:.4g} MB limit (max_file_mb)")
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(rel, "file vanished before it could be read") from None
    except PermissionError:
        raise ReadError(rel, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(rel, "is a directory") from None
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        why = f"cannot read: {e.strerror or e}" if isinstance(e, OSError) else f"bad gzip data: {e}"
        raise ReadError(rel, why) from None
    if suffix in (".txt", ".text") and _HTML_START.match(data[:300]):
        suffix = ".html"  # a web page saved under a text file's name (a scraper's response bodies, a browser's
        # "Save as" renamed): its markup was indexed as the article's words, under the title 'Page'
    try:
        content = decode(data, html.declared_charset(data) if suffix in (".html", ".htm") else None)
    except BinaryContent as e:
        raise ReadError(rel, str(e)) from None
    if not content.strip():
        raise NoArticles(rel, "empty file")
    try:
        articles = READERS[suffix](content, rel, fieldmap, path.name)
    except ReadError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        raise ReadError(rel, str(e) or type(e).__name__) from None
    if not articles:
        raise NoArticles(rel, "no article found in file")
    return _times_not_used(_dates_not_used([_settled(a) for a in _day_or_month_first(articles)]))


def _day_or_month_first(articles: list[Article]) -> list[Article]:
    """The articles, their dates in numbers that read either way (``04/01/2019``) read day first when the
    file's other such dates can only be (``13/01/2019``, a British spreadsheet's export), and none shows
    month first: read month first, as one date alone is, a file's dates of the 1st to 12th of a month
    were put in another month (4 January on 1 April) beside its later days read right. Said once a file
    (read notes are the run's warnings); a file with dates of both orders is said to have them."""
    orders: list = [a.meta.get("_date_order") for a in articles]
    if not any(orders):
        return articles
    shown = {order: written for order, written in reversed([o for o in orders if o])}
    either = [i for i, o in enumerate(orders) if o and o[0] == "either"]
    out = [a.with_changes(meta={k: v for k, v in a.meta.items() if k != "_date_order"}) if o else a
           for a, o in zip(articles, orders)]
    if "day" in shown and "month" in shown:
        note = f"dates written day first ({shown['day']!r}) and month first ({shown['month']!r})"
        if either:
            note += f": those that read either way ({shown['either']!r}) are read month first"
    elif "day" in shown and either:
        for i in either:
            try:
                point = dates.parse_date(orders[i][1], relative=False, day_first=True)
            except dates.DateParseError:  # (it was read month first: day first it reads too)
                continue
            out[i] = out[i].with_changes(date=point.value, date_precision=point.precision)
        note = (f"dates written day first ({shown['day']!r}): {len(either)} that read either way read so too "
                f"(the first: {orders[either[0]][1]!r} as {out[either[0]].date:%Y-%m-%d})")
    else:
        return out
    out[0] = out[0].with_changes(meta={**out[0].meta, "_read_notes": [*out[0].meta.get("_read_notes", ()), note]})
    return out


# How a web page opens (after a byte order mark, and a browser's "saved from" comment)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)?<(?:!doctype\s+html|html)[\s>]",
                         re.IGNORECASE | re.DOTALL)


def _dates_not_used(articles: list[Article]) -> list[Article]:
    """The articles, the first whose date is not used (kept as ``unparsed_date``) noting it for the file
    (read notes are the run's warnings): an export whose dates searchidx cannot read was indexed all
    undated without a word."""
    at = next((i for i, a in enumerate(articles) if "unparsed_date" in a.meta), None)
    if at is None:
        return articles
    first = articles[at]
    written = first.meta["unparsed_date"]
    if len(articles) == 1:
        note = f"date {written!r} not used: the article is undated (its date kept as unparsed_date)"
    else:
        unused = sum("unparsed_date" in a.meta for a in articles)
        note = (f"the dates of {unused} of its {len(articles)} articles not used (the first: {written!r}): "
                "those are undated (their dates kept as unparsed_date)")
    meta = {**first.meta, "_read_notes": [*first.meta.get("_read_notes", ()), note]}
    return [*articles[:at], first.with_changes(meta=meta), *articles[at + 1:]]


def _times_not_used(articles: list[Article]) -> list[Article]:
    """The articles, the first whose date's time was not used (a zone name meaning two zones, IST or AST:
    dates.AMBIGUOUS_ZONES) noting it for the file, as dates not used are: it was read as UTC, hours off."""
    noted = [a.meta["_date_note"] for a in articles if "_date_note" in a.meta]
    if not noted:
        return articles
    out = [a.with_changes(meta={k: v for k, v in a.meta.items() if k != "_date_note"}) if "_date_note" in a.meta
           else a for a in articles]
    written, why = noted[0]
    if len(articles) == 1:
        note = f"date {written!r}: {why}"
    else:
        note = f"the times of {len(noted)} of its {len(articles)} articles not used (the first: {written!r}): {why}"
    out[0] = out[0].with_changes(meta={**out[0].meta, "_read_notes": [*out[0].meta.get("_read_notes", ()), note]})
    return out


def _settled(article: Article) -> Article:
    """What every reader's articles get alike: a source from the URL's site when they name none (a feed
    export's url column), and no date when theirs is a stand-in for "none" (kept in meta, as an
    unreadable date is): so --source, the facets, date filters and timelines see the same whatever the format."""
    if article.url and not article.source:
        article = article.with_changes(source=site_of(article.url))
    if article.date is not None and dates.is_placeholder(article.date):
        written = dates.DatePoint(article.date, article.date_precision or "time").isoformat()
        meta = {**article.meta, "unparsed_date": written}
        article = article.with_changes(date=None, date_precision=None, meta=meta)
    return article
