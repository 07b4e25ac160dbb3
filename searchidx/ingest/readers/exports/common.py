"""What the export readers share: a labelled line, a date line, copyright lines, and the Article a document's
fields make."""

from __future__ import annotations

import re
from typing import Any

from .... import dates
from ...article import Article
from ...headers import FieldMap, to_article_fields
from ...normalize import clean_line
from .words import FACTIVA, alternatives

# A copyright's lines: "Copyright 2022 ...", "(c) 2022 ...", and its second line in any language of the tables
_COPYRIGHT = re.compile(r"^[ \t]*(?:copyright\b|\(c\)|©|"
                        + alternatives(r for w in FACTIVA.values() for r in w.rights) + ")", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")

# A labelled line: "BYLINE: Ann Lee", "Load-Date: September 21, 2022", "PUBLICATION-TYPE: Newspaper", "LÄNGE: 96 Wörter"
_LN_LABEL = re.compile(r"^[ \t]*([^\W\d_](?:[^\W\d_]|-){1,29})(?:[ \t]*:[ \t]*|:$)(.*)$")


def _date_line(line: str) -> dates.DatePoint | None:
    """The date a line of a document's head gives: "September 20, 2022 Tuesday", "September 25, 2022 Sunday
    10:30 AM GMT" (a line of a year alone, or a label, is not one)."""
    text = line.strip()
    if not text or len(text) > 80 or not _YEAR.search(text) or _LN_LABEL.match(text):
        return None
    try:
        return dates.parse_date(text, relative=False)
    except dates.DateParseError:
        return None


def _article(raw: dict[str, Any], rel: str, number: int, where: str, fieldmap: FieldMap) -> Article:
    fields = to_article_fields(raw, fieldmap, where)  # (its language in the interface's words: "GERMAN; DEUTSCH")
    if not fields.get("title") and not fields.get("text"):
        raise ValueError("no headline or text")
    if not fields.get("title"):
        fields["title"] = clean_line(fields["text"].split("\n", 1)[0])[:150]
    fields.setdefault("id", f"{rel}#{number}")
    return Article(path=rel, record=number, where=where, **fields)
