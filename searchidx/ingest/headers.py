"""Mapping metadata keys from any format (text headers, YAML, JSON, CSV, HTML meta) to Article fields."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .. import dates
from ..languages import known_language
from .normalize import clean_line, clean_text

# canonical field -> accepted keys (compared lower-cased, with '-' and ' ' as '_').
# The names of the tools journalists and researchers export with are among them: news-please (maintext,
# date_publish), newspaper3k and Media Cloud (publish_date, media_name), the Guardian's API (webTitle,
# webPublicationDate, webUrl, fields.bodyText), the New York Times' (web_url).
# WordPress's own columns (a wp_posts table exported: post_title, post_content, post_date_gmt) come last too.
# The usual words of European newsrooms' own headers and exports come last (German, Dutch, French, Spanish,
# Italian, Portuguese: "Titel:", "Datum:", "Autor:"), so an English key of the same article wins.
DEFAULT_FIELD_MAP: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid", "doc_id", "docid", "article_id", "_id"),
    "title": ("title", "headline", "heading", "hed", "web_title", "titel", "überschrift", "titre", "título",
              "titulo", "titolo", "post_title"),
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "article_text", "article_body",
             "maintext", "main_text", "body_text", "texte", "texto", "testo", "inhalt", "tekst", "post_content"),
    "date": ("date", "published", "pubdate", "pub_date", "published_at", "publication_date", "datepublished",
             "date_published", "published_time", "pubdate_utc", "datetime", "time", "timestamp", "created_at",
             "publish_date", "published_date", "date_publish", "web_publication_date", "first_publication_date",
             "published_on", "posted", "posted_on", "posted_at", "date_posted", "date_time_pub",
             "datum", "fecha", "date_de_publication", "fecha_de_publicación", "data_de_publicação", "data",
             "data_di_pubblicazione", "data_pubblicazione", "post_date_gmt", "post_date"),
    "author": ("author", "byline", "by_line", "by", "authors", "creator", "writer", "autor", "autoren", "auteur",
               "auteurs", "autore", "autores", "verfasser"),
    "source": ("source", "publisher", "publication", "outlet", "site", "site_name", "newspaper", "media",
               "media_name", "source_name", "quelle", "fuente", "fonte", "bron"),
    "url": ("url", "link", "href", "permalink", "canonical", "canonical_url", "web_url", "page_url", "article_url",
            "story_url", "lien", "enlace"),
    "lang": ("lang", "language", "in_language", "inlanguage", "human_language", "locale", "sprache", "langue", "idioma",
             "lingua", "taal"),
    "people": ("people", "persons", "person"),
    "places": ("places", "locations", "location", "place"),
    "orgs": ("orgs", "organizations", "organisations", "organization", "organisation", "org", "companies"),
}


_KEY_SEPARATORS = re.compile(r"[\s\-]+")
_PLURAL_MARK = re.compile(r"\(s\)$")  # "Author(s)", "Source(s)": the field's name, either number
_CAMEL_CASE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")  # publishedAt, articleBody: where a word starts


def norm_key(key: str) -> str:
    return _norm_key(str(key))


@lru_cache(maxsize=4096)  # every header line asks it up to four times, of the same few dozen keys
def _norm_key(key: str) -> str:
    return _KEY_SEPARATORS.sub("_", _PLURAL_MARK.sub("s", key.strip().lower()))


class FieldMap:
    """Resolves a raw metadata key to a canonical Article field (or None: keep it in ``meta``)."""

    def __init__(self, overrides: Mapping[str, Any] | None = None):
        table = {k: list(v) for k, v in DEFAULT_FIELD_MAP.items()}
        for fieldname, keys in (overrides or {}).items():
            keys = [keys] if isinstance(keys, str) else list(keys)
            # Configured names come first so they win over the defaults.
            table.setdefault(fieldname, [])
            table[fieldname] = [norm_key(k) for k in keys] + table[fieldname]
        self._lookup: dict[str, str] = {}
        self._rank: dict[str, int] = {}
        for fieldname, keys in table.items():
            for rank, key in enumerate(keys):
                self._lookup.setdefault(norm_key(key), fieldname)
                self._rank.setdefault(norm_key(key), rank)
        self._keys: dict[str, str] = {}

    def _key(self, key: str) -> str:
        """``key`` as the table names it: ``norm_key``'s, or a camelCase key's words apart when only they are
        known (JSON APIs' ``publishedAt``, schema.org's ``articleBody``: read as other keys, so NewsAPI's
        articles were undated and a JSON-LD article's body was metadata)."""
        found = self._keys.get(key)
        if found is None:
            found = norm_key(key)
            if found not in self._lookup:
                split = norm_key(_CAMEL_CASE.sub("_", str(key)))
                found = split if split in self._lookup else found
            self._keys[key] = found
        return found

    def field_for(self, key: str) -> str | None:
        return self._lookup.get(self._key(key))

    def is_known(self, key: str) -> bool:
        return self._key(key) in self._lookup

    def rank(self, key: str) -> int:
        return self._rank.get(self._key(key), 99)


def repeated_key(key: str, line: int | str, first: int | str | None = None) -> str:
    """The warning for a metadata key given twice in one article (its first value is kept): ``line`` is
    where the repeat is ("line 7" or 7), ``first`` where the kept one is, when known."""
    where = f"line {line}" if isinstance(line, int) else line
    kept = f" (line {first})" if first is not None else ""
    return f"{where}: key {key!r} given again; its first value{kept} is kept"


def split_list(value: Any) -> tuple[str, ...]:
    """Entity lists arrive as YAML lists, or as 'a, b' or 'a; b' strings."""
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        items = [clean_line(v if isinstance(v, str) else (v.get("name", "") if isinstance(v, dict) else str(v)))
                 for v in value]
    else:
        text = str(value)
        # "Smith, John; Doe, Jane": a list that separates names with ; or | has commas inside its names
        items = [clean_line(v) for v in re.split(r"[;|]" if re.search(r"[;|]", text) else ",", text)]
    return tuple(dict.fromkeys(i for i in items if i))


def _author_text(value: Any) -> str:
    if isinstance(value, dict):  # schema.org's {"name": ...}; the New York Times' {"original": "By ..."}
        return _author_text(value.get("name") or value.get("original") or "")
    if isinstance(value, (list, tuple)):
        return ", ".join(filter(None, (_author_text(v) for v in value)))
    return byline_name(str(value))


def byline_name(byline: str) -> str:
    """The name a byline gives: without its "By", the role after a comma ("Staff Writer"), an agency after a full
    stop ("Ivan Petrov. Sputnik"), degrees after the name and a title before it ("Dr. Jane Doe, PhD"), and
    capitals."""
    text = _BYLINE_ROLE.sub("", re.sub(r"^by\s+", "", clean_line(byline), flags=re.IGNORECASE))
    stop = _AGENCY_AFTER_STOP.search(text)
    if stop and _AGENCY_WORDS.intersection(re.findall(r"[^\W_]+", stop.group("agency").casefold())):
        text = text[:stop.start()]  # (not more of the name: "Jose Ma. Montelibano", "Datuk Mohd. Razak")
    for cut in (DEGREES_AFTER, _TITLE_BEFORE):
        shorter = cut.sub("", text).strip()
        if len(shorter.split()) >= 2:  # (a name of one word and its degree, "Madonna, PhD", stays)
            text = shorter
    return _title_cased(text)


def _title_cased(names: str) -> str:
    return _CAPS_WORD.sub(lambda m: m.group(0).title(), names) if _CAPS_NAMES.fullmatch(names) else names


def without_own_source(author: str, source: str) -> str:
    """A byline's agency after a comma dropped when it is the article's source: 'Cal Mankowski, Reuters' (or
    'Reuter', 'REUTERS') of a Reuters story is Cal Mankowski, as the author facet and filter should list him;
    so is a desk or edition of it, or its site ('Jill Disis, CNN Business' of CNN's page, 'Troy L. Smith,
    Cleveland.com' of cleveland's, 'Charlie Wood, Business Insider' of Business Insider Deutschland's) after a
    full name (not 'Smith, John': a surname, then the given name); so is one after a full stop ('Ivan Petrov. Coast
    Herald')."""
    name, comma, agency = author.rpartition(",")
    stop = _AGENCY_AFTER_STOP.search(author)
    if not comma and stop and len(author[:stop.start()].split()) > 1:  # ("Ivan Petrov. Coast Herald")
        name, comma, agency = author[:stop.start()], ".", stop.group("agency")
    if not comma or not name.strip() or not source:
        return author
    mine, theirs = _agency_key(agency), _agency_key(source)
    if mine == theirs or (mine and theirs and len(name.split()) > 1 and (
            mine[:len(theirs)] == theirs or theirs[:len(mine)] == mine)):
        return _title_cased(name.strip())
    return author


# How a title and its site's name are written together: "Storm hits coast - BBC News", "Coast News | Storm"
TITLE_SPLIT = re.compile(r"\s+[|\u2013\u2014»·:-]\s+")


def title_without_source(title: str, source: str) -> str:
    """A record's title without its own source's name after (or before) it: NewsAPI and Google News write
    'Storm hits coast - BBC News' for the BBC's story, as a web page's <title> does, and the headline is the
    title (a web page's was taken off already: html.meta.strip_site)."""
    cuts = list(TITLE_SPLIT.finditer(title))
    if not cuts or not source:
        return title
    own = source.strip().casefold()
    if title[cuts[-1].end():].strip().casefold() == own and title[:cuts[-1].start()].strip():
        return title[:cuts[-1].start()].strip()
    if title[:cuts[0].start()].strip().casefold() == own and title[cuts[0].end():].strip():
        return title[cuts[0].end():].strip()
    return title


def _agency_key(name: str) -> tuple[str, ...]:
    """An agency's or a source's words as a byline and a site name write them alike: in any case, without a
    plural's s ('Reuters', 'Reuter'), a site's address ('Cleveland.com') or a leading 'The'."""
    words = re.findall(r"[^\W_]+", re.sub(r"\.(?:com|co\.uk|org|net)\b", "", name.casefold()))
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    return tuple(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words)


# A wire byline's role after the name ("By JO LI, Staff Writer", "Ann Bo, Associated Press Writer"): the author
# facet would hold each role as another person. A comma before a name ("Li, Jo") is left alone.
_BYLINE_ROLE = re.compile(r",\s*(?:[\w.&'-]+\s+){0,3}(?:staff|writer|reporter|correspondent|editor|columnist|"
                          r"contributor|special\s+to\b)[\w\s.&'-]*$", re.IGNORECASE)
# Degrees and credentials after a name ("Jane Doe, PhD", "John Smith MD", "Jo Li, M.D., MPH"), in their usual
# spellings and case: an author facet held "Jane Doe, PhD" beside "Jane Doe"
DEGREES = (r"(?:Ph\.?\s?D|D\.?Phil|M\.?D|MBA|M\.?P\.?H|J\.?D|Esq|M\.?Sc|B\.?Sc|R\.?N|D\.?D\.?S|D\.?V\.?M|CPA|CFA|"
           r"LL\.?M|FRCP|FRCS|PharmD)\.?")
DEGREES_AFTER = re.compile(r"(?:,?\s+" + DEGREES + r")+\s*$")
# A title before a name ("Dr. Jane Doe", "Prof Jo Li"), a degree's other half
_TITLE_BEFORE = re.compile(r"^(?:Dr|Prof|Professor)\.?\s+")
# Capitalised words after a full name and a full stop, as some wires print their agency or source ("Ivan Petrov.
# Sputnik", "ANN LEE. REUTERS"): not after an initial ("Troy L. Smith") or a suffix ("Jo Li Jr. Reuters" keeps "Jr").
# They may be more of the name, after an abbreviated one ("Jose Ma. Montelibano", "Sheikh Md. Kamrul Hasan"): they
# are dropped only when they hold a word of _AGENCY_WORDS (byline_name) or are the article's source
# (without_own_source)
_AGENCY_AFTER_STOP = re.compile(r"(?<=[^\W\d_]{2})(?<!\bJr)(?<!\bSr)(?<!\bSt)(?<!\bDr)\.\s+"
                                r"(?P<agency>(?:[A-Z][\w&'.-]*\s*){1,4})$")
# The words of news agencies' names, and the agencies by theirs (casefolded)
_AGENCY_WORDS = frozenset({
    "news", "press", "presse", "agency", "agence", "agencia", "agenzia", "agentur", "wire", "wires", "service",
    "international", "media", "network", "radio", "tv", "television", "online", "newswire", "reuters", "reuter",
    "ap", "afp", "upi", "dpa", "ansa", "efe", "tass", "ria", "novosti", "interfax", "xinhua", "sputnik", "bloomberg",
    "kyodo", "yonhap", "bernama", "antara", "pti", "ians", "anadolu", "apa", "belga", "anp", "ptinews", "aap"})
# Names written in capitals, as wire copy prints bylines ("JO LI", "JO LI and ANN BO"): two words or more,
# so "AP" stays
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z.'-]*(?![a-z])")
_CAPS_NAMES = re.compile(r"[A-Z][A-Z.'-]*(?:(?:\s+|\s+(?:and|&)\s+)[A-Z][A-Z.'-]*)+")


def meta_value(value: Any) -> str | int | float | bool | list[str]:
    """A metadata value as plain JSON that is indexed as a field: text, a number or a flag, or a list of
    texts (a YAML list of dates or numbers, which neither JSON output nor the index could take as it was);
    a mapping becomes its JSON text."""
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [v if isinstance(v, str) else _json_text(v) if isinstance(v, (dict, list)) else str(v)
                for v in value if v is not None]
    return _json_text(value) if isinstance(value, dict) else str(value)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _body_text(value: Any, markup: bool = False) -> str:
    """A body as text: exports often give it as a list of paragraphs (not as Python's repr of the list), as
    an object holding it (WordPress: {"rendered": "<p>...</p>"}), or (``markup``) as HTML."""
    if isinstance(value, (list, tuple)):
        return "\n\n".join(filter(None, (_body_text(v, markup) for v in value)))
    if isinstance(value, dict):
        inner = _held_text(value)
        return _body_text(inner, markup) if inner is not None else _json_text(value)
    text = str(value)
    return fragment_text(text) if markup and _MARKUP.search(text) else text


# The key under which an export's object holds a field's text: WordPress's REST API ({"rendered": ...}),
# xmltodict's "#text", and the usual names
# (the New York Times' headline: {"main": ..., "print_headline": ...})
_HELD_TEXT = ("rendered", "raw", "#text", "text", "value", "content", "html", "main")


def _held_text(value: dict) -> str | None:
    return next((value[k] for k in _HELD_TEXT if isinstance(value.get(k), str)), None)


# HTML in a text field: a tag of the usual body markup, or a character reference (&amp; &#8217;)
_MARKUP = re.compile(r"</?(?:p|br|div|span|a|b|i|em|strong|u|ul|ol|li|h[1-6]|blockquote|figure|figcaption|img|"
                     r"table|tr|td|th|section|article|header|footer|pre|code|sup|sub|hr)\b[^<>]*>"
                     r"|&(?:[a-zA-Z]{2,8}|#[0-9]{2,6}|#x[0-9a-fA-F]{2,5});", re.IGNORECASE)
_BLOCK_END = re.compile(r"<(?:br|hr)\b[^<>]*>|</(?:p|div|li|h[1-6]|blockquote|tr|section|article|pre|figure|ul|ol|"
                        r"table)\s*>", re.IGNORECASE)


def fragment_text(text: str) -> str:
    """The text of an HTML fragment (a CMS export's body or title), its blocks kept apart by blank lines,
    character references read (``&amp;`` was indexed as the word "amp", and tags as words)."""
    import lxml.html
    from lxml.etree import ParserError

    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", text)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
    except (ParserError, ValueError):  # (nothing to parse: text of references only is read as it is)
        return html.unescape(text)
    for el in list(root.iter("script", "style", "noscript", "template")):
        el.drop_tree()
    return str(root.text_content())


# Fields that hold one value, and how a list given for one is read: Scrapy's item loaders export every
# field as a list (["Harbour reopens"], ["2022-03-04"]); a title in parts is one title, two sources are
# both named, and of several dates, urls, ids or languages the first is the article's (a published
# date comes before a modified one).
_ONE_VALUE = {"title": " ", "source": ", ", "id": None, "date": None, "url": None, "lang": None}


def _one_value(fieldname: str, values: list | tuple) -> Any:
    items = [v for v in values if v is not None and v != "" and v != []]
    if not items:
        return None
    joiner = _ONE_VALUE[fieldname]
    if len(items) == 1 or joiner is None or not all(isinstance(v, (str, int, float)) for v in items):
        return items[0]
    return joiner.join(map(str, items))


# Italian's, Portuguese's and Polish's word for the date is English's for data: a key of that name is the date
# when its value reads as one ("Data: 20 settembre 2022" was kept as metadata, the article undated unsaid)
_DATE_IF_A_DATE = frozenset({"data"})


def _reads_as_date(value: Any) -> bool:
    if isinstance(value, (list, tuple)) and value:
        value = value[0]
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return False
    try:
        dates.parse_date(str(value), relative=False)
    except dates.DateParseError:
        return False
    return True


# What a feed or an API gives of a story when it gives no text: RSS's description, Atom's summary, the New York
# Times' abstract and lead paragraph, a CMS's excerpt or standfirst (first found, in this order)
SUMMARY_KEYS = ("description", "summary", "abstract", "lead_paragraph", "snippet", "excerpt", "standfirst", "teaser",
                "dek", "post_excerpt")


def summary_text(fields: dict[str, Any]) -> None:
    """A record with no text takes its summary for one (moved from its metadata): an RSS feed's export (title,
    link, description, pubDate) was indexed with a title alone, and 'searchidx search' found none of the words
    of its descriptions. Summaries are often HTML, read as text."""
    meta = fields["meta"]
    key = next((k for k in SUMMARY_KEYS if isinstance(meta.get(k), str) and clean_line(meta[k])), None)
    if key is not None:
        text = meta[key]
        fields["text"] = clean_text(fragment_text(text) if _MARKUP.search(text) else text)
        fields["meta"] = {k: v for k, v in meta.items() if k != key}


# A time of day alone, as a spreadsheet's Time column holds it beside its Date column
_CLOCK = re.compile(r"^(?:[01]?\d|2[0-3])[:.][0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?"
                    r"(?:\s+[A-Z]{2,5}|\s*[+-]\d\d:?\d\d|Z)?$", re.IGNORECASE)


def _written(value: Any) -> Any:
    """A date key's value as read: of a list (Scrapy's), its first."""
    return _one_value("date", value) if isinstance(value, (list, tuple)) else value


def _article_date(value: Any) -> dates.DatePoint | None:
    value = _written(value)
    if value is None:
        return None
    try:
        return dates.parse_date(str(value), relative=False)
    except dates.DateParseError:
        return dates.from_spreadsheet_serial(str(value))  # a spreadsheet's date cell as its number


def to_article_fields(raw: Mapping[str, Any], fieldmap: FieldMap, where: str, markup: bool = False) -> dict[str, Any]:
    """Turn raw key/values into Article keyword arguments. Unknown keys go to ``meta``. With ``markup`` (a
    record of a JSON or CSV export, whose CMS gives HTML) HTML in the text and title is read as text; a text
    header's values are plain text, ``<`` and all.

    Raises ValueError with the key at fault for values that cannot be used (e.g. an unreadable date).
    """
    chosen: dict[str, tuple[int, Any]] = {}
    dated: list[tuple[int, Any]] = []  # every date key's value, by rank: the first that reads is the date
    meta: dict[str, Any] = {}
    for key, value in raw.items():
        # a value of spaces only is none: "id": "  " gave its record the id "", and every other such record
        # of the corpus was then skipped as a duplicate of it
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        fieldname = fieldmap.field_for(key)
        if fieldname == "date" and norm_key(key) in _DATE_IF_A_DATE and not _reads_as_date(value):
            fieldname = None  # {"data": {...}}, "Data: 12 GB": the English word's sense, kept as metadata
        if fieldname is None:
            meta.setdefault(norm_key(key), meta_value(value))  # the first of keys written apart ("Tags", "tags")
            continue
        rank = fieldmap.rank(key)
        if fieldname == "date":
            dated.append((rank, value))
        if fieldname not in chosen or rank < chosen[fieldname][0]:
            chosen[fieldname] = (rank, value)
    out: dict[str, Any] = {"meta": meta}
    for fieldname, (_, value) in chosen.items():
        if fieldname in _ONE_VALUE and isinstance(value, (list, tuple)):
            value = _one_value(fieldname, value)
            if value is None:
                continue
        if fieldname == "date":
            point = _article_date(value)
            if point is None or dates.is_placeholder(point.value):
                # another date key that reads: WordPress's post_date_gmt of a draft is '0000-00-00 00:00:00'
                # beside its post_date
                value, point = next(((_written(v), p) for _, v in sorted(dated, key=lambda d: d[0])[1:]
                                     if (p := _article_date(v)) and not dates.is_placeholder(p.value)),
                                    (value, point))
            if point is None:
                meta["unparsed_date"] = str(value)
                continue
            written = str(value)
            if point.precision == "day":  # a spreadsheet's Date and Time columns: the day, then its time
                clock = next((v.strip() for _, v in dated if isinstance(v, str) and _CLOCK.match(v.strip())), None)
                if clock is not None:
                    try:
                        point, written = dates.parse_date(f"{written} {clock}", relative=False), f"{written} {clock}"
                    except dates.DateParseError:
                        pass
            out["date"], out["date_precision"] = point.value, point.precision
            if point.note:  # (its time not used: said once a file, readers.read)
                meta["_date_note"] = [written, point.note]
            order = dates.numbers_order(written)
            if order:  # the file's other dates may show which of day and month comes first (readers.read)
                meta["_date_order"] = [order, written]
        elif fieldname in ("people", "places", "orgs"):
            out[fieldname] = split_list(value)
        elif fieldname == "author":
            out["author"] = _author_text(value)
        elif fieldname == "text":
            out["text"] = clean_text(_body_text(value, markup))
        elif fieldname == "lang":
            written = clean_line(str(value))
            code = known_language(written)  # "de", "en-GB" or "German", as --lang reads them
            if code:
                out["lang"] = code
            else:  # kept as written, as an unreadable date is: the article is indexed without a language
                meta["unparsed_lang"] = written
        elif isinstance(value, dict) and fieldname != "source" and _held_text(value) is not None:
            out[fieldname] = clean_line(_body_text(value, markup))  # {"rendered": "Title &amp; more"}
        elif fieldname == "source" and isinstance(value, dict):  # NewsAPI's {"name"}, Event Registry's {"title"}
            out["source"] = clean_line(str(value.get("name") or value.get("title") or ""))
        elif clean_line(str(value)):  # (a zero-width space alone is none either)
            text = str(value)
            if markup and fieldname == "title" and _MARKUP.search(text):  # "Tom &amp; Jerry", "<em>Breaking</em>"
                text = fragment_text(text)
            out[fieldname] = clean_line(text)
    if out.get("author") and out.get("source"):
        out["author"] = without_own_source(out["author"], out["source"])
    if out.get("title") and out.get("source"):
        out["title"] = title_without_source(out["title"], out["source"])
    return out
