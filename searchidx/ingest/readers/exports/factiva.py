"""Factiva downloads: the field-coded form (HD, PD, SN ... TD, AN) and the default article form, each article
ending in its "Document <accession number>" line."""

from __future__ import annotations

import re
from typing import Any

from .... import dates
from ....languages import known_language
from ...article import Article
from ...headers import FieldMap, repeated_key
from ..jsonl import keep_good
from .common import _COPYRIGHT, _article, _date_line
from .words import FACTIVA, alternatives

# Factiva

# The codes of its "Full Article/Report plus Indexing" display, each on a line of its own (or before a tab) and
# its value on the lines under it; the names their values are kept under
_FACTIVA_CODES: dict[str, str] = {
    "HD": "title", "BY": "author", "WC": "words", "PD": "date", "ET": "time", "SN": "source", "SC": "source_code",
    "ED": "edition", "PG": "page", "LA": "lang", "CY": "copyright", "LP": "text", "TD": "text", "CO": "orgs",
    "IN": "industries", "NS": "subjects", "RE": "regions", "IPC": "descriptors", "IPD": "descriptors",
    "PUB": "publishing_group", "AN": "id", "SE": "section", "CLM": "column", "CR": "credit", "ART": "art",
    "RF": "reference", "VOL": "volume", "NGC": "group_codes", "CT": "contact", "ATH": "author_of_record",
}
_FACTIVA_CODE = re.compile(r"^(" + "|".join(_FACTIVA_CODES) + r")(?:[ \t]*$|\t+[ \t]*| {2,})(.*)$")
# its words in the article display, in every language of its interface (words.FACTIVA)
_FACTIVA_DOCUMENT = re.compile(r"^[ \t]*" + alternatives(d for w in FACTIVA.values() for d in w.document)
                               + r"[ \t]+([A-Za-z0-9]{16,40})[ \t]*$")
_FACTIVA_WORDS = re.compile(r"^[ \t]*\d[\d,.]*[ \t]+" + alternatives(u for w in FACTIVA.values() for u in w.words)
                            + r"[ \t]*$", re.IGNORECASE)
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:[ \t]*(?:[AaPp]\.?[Mm]\.?|GMT|UTC|[A-Z]{2,5}))?$")
_BYLINE = re.compile(r"^" + alternatives(b for w in FACTIVA.values() for b in w.by) + r"[ \t]+(?=\S)")
_SOURCE_CODE = re.compile(r"^[A-Z0-9]{2,12}$")


_FACTIVA_HD = re.compile(r"^HD(?:[ \t]*$|\t| {2,})", re.MULTILINE)
_FACTIVA_KEY_CODES = re.compile(r"^(?:PD|SN|AN|WC|LP|TD)(?:[ \t]*$|\t| {2,})", re.MULTILINE)
_FACTIVA_DOCUMENTS = re.compile(_FACTIVA_DOCUMENT.pattern, re.MULTILINE)
_FACTIVA_WORD_COUNTS = re.compile(_FACTIVA_WORDS.pattern, re.IGNORECASE | re.MULTILINE)


def _coded(content: str) -> bool:
    """Whether the file is of Factiva's indexed form: an HD line and two more of its codes on their own lines."""
    return (_FACTIVA_HD.search(content) is not None
            and len({m.group(0)[:2] for m in _FACTIVA_KEY_CODES.finditer(content)}) >= 2)


def _is_factiva(content: str) -> bool:
    return _coded(content) or (_FACTIVA_DOCUMENTS.search(content) is not None
                               and _FACTIVA_WORD_COUNTS.search(content) is not None)


def _names(value: str) -> list[str]:
    """The names of a coded list: "uk : United Kingdom | eurz : Europe" -> United Kingdom, Europe."""
    out = []
    for item in re.split(r"\s*\|\s*|\n", value):
        code, colon, name = item.partition(" : ")
        out.append((name if colon else code).strip())
    return [n for n in out if n]


def _read_factiva_coded(lines: list[str], notes: list[str]) -> list[tuple[int, int, dict[str, Any] | str]]:
    """The articles of the indexed form: each code's value up to the next code; an article ends at its
    accession number (AN), whose code may be followed by a page footer or the search's summary (not read),
    and the next opens with its first code (its section, SE, may come before its headline). A code given
    again in one article (two WC, two BY) keeps its first value; one given with another is named in ``notes``."""
    out: list[tuple[int, int, dict[str, Any] | str]] = []
    values: dict[str, list[str]] = {}
    at: dict[str, int] = {}  # each code's line, the first
    again: list[tuple[str, int, list[str]]] = []  # a code given again: its line and value
    code: str | None = None
    first = 0

    def close() -> None:
        warned: set[str] = set()
        for name, line, value in again:
            if name not in warned and _joined(value) != _joined(values[name]):  # (its second was taken in too)
                warned.add(name)
                notes.append(repeated_key(name, f"line {line} (document {len(out) + 1})", at[name]))
        out.append((len(out) + 1, first, _factiva_raw(values)))

    target: list[str] | None = None  # where the lines under a code go
    for n, line in enumerate(lines, 1):
        m = _FACTIVA_CODE.match(line)
        if m and (m.group(2).strip() or line.strip() == m.group(1)):
            code = m.group(1)
            if values.get("AN") or (code == "HD" and "HD" in values):  # (an article cut off before its AN)
                close()
                values, at, again = {}, {}, []
            if not values:
                first = n
            target = values.setdefault(code, [])
            if at.setdefault(code, n) != n and code not in ("LP", "TD"):  # (the text's codes add to it)
                again.append((code, n, []))
                target = again[-1][2]
            if m.group(2).strip():
                target.append(m.group(2).strip())
            continue
        if code == "AN" and values.get("AN"):
            code = target = None  # after the accession number: a page footer, the search summary
        if target is not None:
            target.append(line.rstrip())
    if values:
        close()
    return out


def _joined(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def _factiva_raw(values: dict[str, list[str]]) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for code, lines in values.items():
        name = _FACTIVA_CODES[code]
        if code in ("LP", "TD"):
            raw["text"] = "\n\n".join(filter(None, [raw.get("text", ""), "\n".join(lines).strip()]))
            continue
        value = " ".join(line.strip() for line in lines if line.strip())
        if not value:
            continue
        if code == "AN":
            m = _FACTIVA_DOCUMENT.match(value)
            value = m.group(1) if m else value.split()[-1]
        if code in ("CO", "RE", "IN", "NS"):
            raw[name] = _names("\n".join(lines))
            continue
        raw.setdefault(name, value)
    if raw.get("author"):
        raw["author"] = _BYLINE.sub("", raw["author"])
    time = raw.pop("time", None)
    if time and raw.get("date"):
        raw["date"] = _with_time(raw["date"], time)
    return raw


def _with_time(day: str, time: str) -> str:
    """A date and the time Factiva gives beside it (ET), as one date when they read so together."""
    try:
        dates.parse_date(f"{day} {time}", relative=False)
        return f"{day} {time}"
    except dates.DateParseError:
        return day


def _read_factiva_plain(lines: list[str]) -> list[tuple[int, int, dict[str, Any] | str]]:
    """The articles of the default form: headline, byline, "412 words", date, time, source, its code, language,
    copyright, then the text; "Document <accession number>" ends each."""
    out: list[tuple[int, int, dict[str, Any] | str]] = []
    begin = 0
    for i, line in enumerate(lines):
        m = _FACTIVA_DOCUMENT.match(line)
        if not m:
            continue
        block = [(n, t.rstrip()) for n, t in enumerate(lines[begin:i], begin + 1)]
        begin = i + 1
        first = next((n for n, t in block if t.strip()), i + 1)
        out.append((len(out) + 1, first, _factiva_plain_raw(block, m.group(1))))
    return out


def _factiva_plain_raw(block: list[tuple[int, str]], accession: str) -> dict[str, Any] | str:
    filled = [(k, t) for k, (_, t) in enumerate(block) if t.strip()]
    words_at = next((k for k, t in filled[:12] if _FACTIVA_WORDS.match(t)), None)
    if words_at is None:
        shown = filled[0][1].strip()[:60] if filled else ""
        return f"no word count line ('412 words') under a headline ({shown!r})"
    raw: dict[str, Any] = {"id": accession}
    above = [t.strip() for k, t in filled if k < words_at]
    if len(above) > 1 and _BYLINE.match(above[-1]):
        raw["author"] = _BYLINE.sub("", above.pop())  # ("Von Ed Moss": the name, in any language)
    raw["title"] = " ".join(above)
    raw["words"] = block[words_at][1].strip()
    k = words_at + 1
    head: list[str] = []
    while k < len(block) and block[k][1].strip():
        head.append(block[k][1].strip())
        k += 1
    rest: list[str] = []
    for line in head:
        if "date" not in raw and _date_line(line):
            raw["date"] = line
        elif "date" in raw and "source" not in raw and _CLOCK.match(line):
            raw["date"] = _with_time(raw["date"], line)
        elif _COPYRIGHT.match(line):  # (on two lines: "(c) 2022 Coast Business Daily.", "All rights reserved.")
            raw["copyright"] = f"{raw.get('copyright', '')} {line}".strip()
        else:
            rest.append(line)
    # the source, its edition and page, its code and the language, in that order
    if rest and _SOURCE_CODE.match(rest[-1]) is None and _is_language(rest[-1]):
        raw["lang"] = rest.pop()
    if len(rest) > 1 and _SOURCE_CODE.match(rest[-1]):
        raw["source_code"] = rest.pop()
    if rest:
        raw["source"] = rest.pop(0)
    if rest:
        raw["edition"] = " ".join(rest)
    raw["text"] = "\n".join(t for _, t in block[k:]).strip()
    return raw


def _is_language(text: str) -> bool:
    return known_language(text) is not None


def read_factiva(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    lines = content.split("\n")
    notes: list[str] = []
    found = _read_factiva_coded(lines, notes) if _coded(content) else _read_factiva_plain(lines)
    articles: list[Article] = []
    problems: list[str] = []
    for number, first, raw in found:
        where = f"line {first} (document {number})"
        try:
            if isinstance(raw, str):
                raise ValueError(raw)
            articles.append(_article(raw, rel, number, where, fieldmap))
        except ValueError as e:
            problems.append(f"{where}: {e}")
    return keep_good(articles, problems, rel, notes)


