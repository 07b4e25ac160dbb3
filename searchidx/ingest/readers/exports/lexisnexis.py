"""LexisNexis downloads: classic text ("1 of 25 DOCUMENTS" before each document) and Nexis Uni's ("End of
Document" after each), a cover page before the first."""

from __future__ import annotations

from typing import Any

from ...article import Article
from ...headers import FieldMap, norm_key, repeated_key
from ..jsonl import keep_good
from .common import _COPYRIGHT, _LN_LABEL, _YEAR, _article, _date_line
from .marks import Marks, language_of

# The labels that close an article (its text ends where the first of them starts a paragraph), by English name
_LN_TAIL_LABELS = frozenset({"load-date", "language", "publication-type", "journal-code", "graphic", "subject",
                             "geographic", "organization", "person", "industry", "company", "ticker", "city",
                             "state", "country", "document-type", "correction-date", "correction", "notes",
                             "distribution", "type", "acc-no", "pub-type", "series", "terms", "classification", "url"})


def _paragraphs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    out: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    for item in lines:
        if item[1].strip():
            run.append(item)
        elif run:
            out.append(run)
            run = []
    if run:
        out.append(run)
    return out


def _label(line: str, known_only: bool, fieldmap: FieldMap, marks: Marks,
           head: bool = False) -> tuple[str, str] | None:
    """A line's label (by its English name: "RUBRIK:" of a German download is section) and value, when it is
    one: a label of LexisNexis's own, or one the FieldMap knows; with ``known_only`` off, any other in its style
    too, "JOURNAL-CODE:" or (after the text, not in the ``head``, where the text's first words may be a
    dateline, "PORTHAVEN: Sea water...") "Highlight:"."""
    m = (marks.spaced and marks.spaced.match(line)) or _LN_LABEL.match(line)
    if not m:
        return None
    name = marks.labels.get(m.group(1).casefold(), m.group(1))
    known = name.lower() in _LN_TAIL_LABELS or name.lower() in _LN_HEAD_LABELS or fieldmap.is_known(name)
    if not known and (known_only or not name[0].isupper() or (head and "-" not in name)):
        return None
    return name, m.group(2).strip()


def _heading(line: str, marks: Marks) -> str | None:
    """Nexis Uni's heading under the text a line is ("Graphic", "Classification"), by its English name."""
    return marks.headings.get(line.strip().casefold())


_LN_HEAD_LABELS = frozenset({"byline", "section", "length", "dateline", "headline", "highlight", "edition",
                             "url", "version", "column", "series", "type", "body"})


def _lexisnexis_documents(lines: list[str], marks: Marks,
                          fieldmap: FieldMap) -> list[tuple[int, int, list[tuple[int, str]]]]:
    """The documents of a LexisNexis file: (number, first line, its lines numbered), the cover page before the
    first of them left out."""
    numbered = list(enumerate(lines, 1))
    starts = [i for i, line in enumerate(lines) if marks.classic.match(line)]
    docs: list[tuple[int, int, list[tuple[int, str]]]] = []
    if starts:  # classic: "1 of 25 DOCUMENTS" opens each document; what comes before is the cover page
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            m = marks.classic.match(lines[start])
            number = int(next(g for g in m.groups() if g)) if m else k + 1
            body = numbered[start + 1:end]
            docs.append((number, next((n for n, text in body if text.strip()), start + 1), body))
        return docs
    begin = 0
    for i, line in enumerate([*lines, None]):  # (a last document cut off before its end line)
        if line is None or marks.end.match(line):
            body = numbered[begin:i]
            if any(text.strip() for _, text in body):
                first = next(n for n, text in body if text.strip())
                docs.append((len(docs) + 1, first, body))
            begin = i + 1
    if docs:
        doc = _without_cover(docs[0][2], marks, fieldmap)
        docs[0] = (1, next((n for n, text in doc if text.strip()), docs[0][1]), doc)
    return docs


def _without_cover(lines: list[tuple[int, str]], marks: Marks, fieldmap: FieldMap) -> list[tuple[int, str]]:
    """The first document of a Nexis Uni file without the cover page before it (the time and number of the job,
    the list of titles, the search terms): its lines from after the cover's last line before the date line, or
    with none that reads (a magazine's "Autumn 2022"), before its first label or "Body"."""
    if not lines or not marks.cover_start.match(next((t for _, t in lines if t.strip()), "")):
        return lines  # (a headline "10. Things to know" is no cover page's list)
    cover = [_is_cover(t, marks) for _, t in lines]
    limit = next((i for i, (_, t) in enumerate(lines) if _date_line(t) and not cover[i]), None)
    if limit is None:  # (the cover page was read as the document's head: its edition, the title its text's)
        limit = next((i for i, (_, t) in enumerate(lines)
                      if marks.body.match(t) or (not cover[i] and _opens_labels(t, fieldmap, marks))), None)
    if limit is None:
        return lines
    last = max((i for i in range(limit) if cover[i]), default=-1)
    return lines[last + 1:]


def _is_cover(line: str, marks: Marks) -> bool:
    """Whether a line is one of a cover page's: a label of its own ("Job Number:"), a line with a tab, or an entry
    of its numbered list of titles ("1. Ferry sailings resume"), which a date line is not: a German one, "24.
    September 2022 Samstag", read as one, made the cover end under the first document's head (its title then the
    text's first line, no date or source)."""
    found = marks.cover.match(line)
    return found is not None and not (found.group("item") and _date_line(line))


def _opens_labels(line: str, fieldmap: FieldMap, marks: Marks) -> bool:
    """Whether a line is a label of those over a document's text (a closing one, "LOAD-DATE:", is not)."""
    found = _label(line, True, fieldmap, marks)
    return found is not None and (found[0].lower() in _LN_HEAD_LABELS or found[0].lower() not in _LN_TAIL_LABELS)


def _closes(line: str, fieldmap: FieldMap, marks: Marks) -> bool:
    found = _label(line, True, fieldmap, marks)
    return bool(found and found[0].lower() in _LN_TAIL_LABELS or _heading(line, marks))


def _head_end(lines: list[tuple[int, str]], classic: bool, fieldmap: FieldMap, marks: Marks) -> int | None:
    """Where the text of a document with no labels over it starts: after its date line and the lines right under
    it (an edition), then the headline's paragraph (the classic form) or the copyright's (Nexis Uni's); None
    without a date line. (The head was taken up to the closing "LOAD-DATE:", its text lost in the title.)"""
    limit = next((i for i, (_, t) in enumerate(lines) if _closes(t, fieldmap, marks)), len(lines))
    date_at = next((i for i, (_, t) in enumerate(lines[:limit]) if _date_line(t)), None)
    if date_at is None:
        return None
    j = date_at + 1
    headline = classic
    while True:
        while j < limit and lines[j][1].strip():  # the rest of a paragraph
            j += 1
        k = j
        while k < limit and not lines[k][1].strip():
            k += 1
        if k >= limit or not (headline or _COPYRIGHT.match(lines[k][1])):
            return j
        headline, j = False, k


def _unread_date_line(head: list[tuple[int, str]]) -> int | None:
    """Where a Nexis Uni head's date line is when it does not read as a date (a magazine's "Autumn 2022"): the
    first line with a year under the headline and source, in their paragraph. Its date is then kept unread, as
    unparsed_date; the headline was lost (the title the text's first line, the headline and source the edition)."""
    filled = [i for i, (_, t) in enumerate(head) if t.strip()]
    paragraph = [i for k, i in enumerate(filled) if i - k == filled[0]] if filled else []
    return next((i for i in paragraph[2:] if _YEAR.search(head[i][1]) and not _COPYRIGHT.match(head[i][1])), None)


def _read_lexisnexis_doc(doc: list[tuple[int, str]], classic: bool, fieldmap: FieldMap, marks: Marks,
                         number: int, repeats: list[str]) -> dict[str, Any]:
    """One document's raw fields (keys as LexisNexis labels them, and title, date, source, text); a label given
    again with another value is named in ``repeats``, and its first value kept."""
    lines = [(n, t.rstrip()) for n, t in doc]
    while lines and not lines[0][1].strip():
        lines.pop(0)
    raw: dict[str, Any] = {}
    labels: list[tuple[str, str]] = []
    label_lines: list[int] = []  # the line of each of labels
    warned: set[str] = set()
    # the head: up to the first label line over the text (or Nexis Uni's "Body"); with none, up to the text
    first_label = next((i for i, (_, t) in enumerate(lines)
                        if marks.body.match(t) or _opens_labels(t, fieldmap, marks)), None)
    if first_label is None:
        first_label = _head_end(lines, classic, fieldmap, marks)
    head = lines[:first_label] if first_label is not None else []
    date_at = next((i for i, (_, t) in enumerate(head) if _date_line(t)), None)
    if date_at is None and not classic:
        date_at = _unread_date_line(head)
    if date_at is None and first_label is None:
        shown = next((t.strip() for _, t in lines if t.strip()), "")
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ValueError(f"not an article: no date line, labelled lines or text under a headline ({shown!r})")
    before = [t.strip() for _, t in head[:date_at or 0] if t.strip()]
    copyright_lines = [line for line in before if _COPYRIGHT.match(line)]  # (a classic one's may open it)
    before = [line for line in before if not _COPYRIGHT.match(line)]
    after = head[date_at + 1:] if date_at is not None else head
    if date_at is not None:
        raw["date"] = head[date_at][1].strip()
    extra: list[str] = []
    if classic:  # source, date, edition lines; then the headline's paragraph
        raw["source"] = " ".join(before)
        paragraphs = _paragraphs(after)
        if date_at is None and paragraphs:  # (no date line: the source's paragraph, then the headline)
            raw["source"] = " ".join(t.strip() for _, t in paragraphs.pop(0)) if len(paragraphs) > 1 else ""
        elif paragraphs and after and after[0][1].strip():
            extra = [t.strip() for _, t in paragraphs.pop(0)]  # lines right under the date: the edition
        title = [t.strip() for p in paragraphs for _, t in p if not _COPYRIGHT.match(t)]
    else:  # headline, source, date; then edition and copyright lines
        title, source = (before[:-1], before[-1]) if len(before) > 1 else (before, "")
        raw["source"] = source
        extra = [t.strip() for _, t in after if t.strip()]
    raw["title"] = " ".join(title)
    copyright_lines += [line for line in extra if _COPYRIGHT.match(line)]
    edition = [line for line in extra if not _COPYRIGHT.match(line)]
    if edition:
        raw["edition"] = " ".join(edition)
    rest = lines[first_label:] if first_label is not None else []
    # the labels under the head: each with the lines carrying its value on (to a blank line, in the classic form)
    has_body = any(marks.body.match(t) for _, t in rest)
    i = 0
    while i < len(rest):
        n, text = rest[i]
        if marks.body.match(text):
            i += 1
            break
        found = _label(text, False, fieldmap, marks, head=True) if text.strip() else None
        if found is None:
            if text.strip():
                if classic or not has_body:
                    break  # the text's first paragraph
                if labels:  # (Nexis Uni: a value carried on to the next line, up to "Body")
                    labels[-1] = (labels[-1][0], f"{labels[-1][1]} {text.strip()}".strip())
            i += 1
            continue
        i += 1
        if found[0].lower() == "body":  # the classic form's "BODY:" (the New York Times'): the text follows
            if found[1]:
                rest.insert(i, (n, found[1]))
            break
        labels.append(found)
        label_lines.append(n)
        while (classic and i < len(rest) and rest[i][1].strip()
               and not _label(rest[i][1], False, fieldmap, marks, head=True)):
            labels[-1] = (labels[-1][0], f"{labels[-1][1]} {rest[i][1].strip()}".strip())
            i += 1
    body = rest[i:]
    # the tail: from the first paragraph opening with a closing label or heading
    tail_at = len(body)
    for k, (_, text) in enumerate(body):
        found = _label(text, True, fieldmap, marks)
        opens = k == 0 or not body[k - 1][1].strip() or not classic
        if opens and ((found and found[0].lower() in _LN_TAIL_LABELS) or _heading(text, marks)):
            tail_at = k
            break
    text_lines = [t for _, t in body[:tail_at]]
    tail = body[tail_at:]
    while text_lines and (not text_lines[-1].strip() or _COPYRIGHT.match(text_lines[-1])):
        if text_lines[-1].strip():
            copyright_lines.insert(0, text_lines[-1].strip())
        text_lines.pop()
    heading: str | None = None
    for n, text in tail:
        if not text.strip():
            continue
        if _COPYRIGHT.match(text) or (copyright_lines and classic and heading == "copyright"):
            copyright_lines.append(text.strip())
            heading = "copyright"
            continue
        if _heading(text, marks):
            heading = _heading(text, marks)
            continue
        found = _label(text, False, fieldmap, marks)
        if found:
            labels.append(found)
            label_lines.append(n)
            heading = None
        elif heading and heading != "classification":
            labels.append((heading, text.strip()))
            label_lines.append(n)
            heading = None
        elif labels:
            labels[-1] = (labels[-1][0], f"{labels[-1][1]} {text.strip()}")
    if copyright_lines:
        raw["copyright"] = " ".join(copyright_lines)
    if any(name.lower() == "headline" for name, _ in labels):
        raw.pop("title", None)  # a HEADLINE: label is the title, the paragraph above it a kicker
    kept: dict[str, tuple[int, str]] = {}  # a label (as compared: "LOAD-DATE", "Load-Date") -> its line, value
    for (name, value), line in zip(labels, label_lines):
        if not value or name.lower() == "body":
            continue
        key = norm_key(name)
        first = kept.setdefault(key, (line, value))
        if first[0] == line:
            raw.setdefault(name, value)
        elif first[1] != value and key not in warned:  # (two LENGTH: lines, two BYLINE: lines: dropped unsaid)
            warned.add(key)
            repeats.append(repeated_key(name, f"line {line} (document {number})", first[0]))
    raw["text"] = "\n".join(text_lines).strip()
    return raw


def read_lexisnexis(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    lines = content.split("\n")
    marks = language_of(content)
    classic = any(marks.classic.match(line) for line in lines)
    articles: list[Article] = []
    problems: list[str] = []
    notes: list[str] = []
    for number, first, doc in _lexisnexis_documents(lines, marks, fieldmap):
        where = f"line {first} (document {number})"
        repeats: list[str] = []
        try:
            raw = _read_lexisnexis_doc(doc, classic, fieldmap, marks, number, repeats)
            articles.append(_article(raw, rel, number, where, fieldmap))
        except ValueError as e:
            problems.append(f"{where}: {e}")
        else:
            notes += repeats
    return keep_good(articles, problems, rel, notes)


