"""The patterns a LexisNexis download is read by, in the interface language it was made in: built from the one
table of its words (``words.LEXISNEXIS``), its own and English's."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .words import LEXISNEXIS, alternatives


@dataclass(frozen=True)
class Marks:
    """The lines of a LexisNexis file in one interface language (its own words and English's: words.LEXISNEXIS)."""

    classic: re.Pattern[str]  # "1 of 25 DOCUMENTS" opening a document: its number and the count
    end: re.Pattern[str]  # Nexis Uni's "End of Document"
    body: re.Pattern[str]  # Nexis Uni's "Body" over the text
    headings: dict[str, str]  # Nexis Uni's headings under the text, casefolded -> English's, lowercased
    cover: re.Pattern[str]  # a line of Nexis Uni's cover page (the search, the job, the list of titles: "item")
    cover_start: re.Pattern[str]  # the line that opens it
    labels: dict[str, str]  # a label as printed, casefolded -> its English name
    spaced: re.Pattern[str] | None  # the labels of more than one word ("Date de chargement:")
    own: re.Pattern[str]  # the language's own document lines, not English's, to tell a file's language by


def _line(alternatives_: str) -> re.Pattern[str]:
    return re.compile(r"^[^\S\n]*(?:" + alternatives_ + r")[^\S\n]*$", re.MULTILINE)


@functools.cache
def _marks(language: str) -> Marks:
    own, en = LEXISNEXIS[language], LEXISNEXIS["en"]
    both = (own, en) if own is not en else (en,)
    headings = {h.casefold(): english.lower() for w in both for h, english in zip(w.headings, en.headings)}
    cover = [c for w in both for c in w.cover]
    spaced = [label for label in own.labels if " " in label]
    return Marks(
        classic=_line("|".join(d for w in both for d in w.documents)),
        end=_line(alternatives(w.end for w in both)),
        body=re.compile(r"^[ \t]*" + alternatives(w.body for w in both) + r"[ \t]*$"),
        headings=headings,
        cover=re.compile(r"^[ \t]*(?:" + "|".join(cover) + r"|(?P<item>\d+\.[ \t])|.*\t)", re.IGNORECASE),
        cover_start=re.compile(r"^[ \t]*(?:" + "|".join(w.cover[i] for w in both for i in range(4))
                               + r"|Download Request:|Print Request:)", re.IGNORECASE),
        labels={k.casefold(): v for k, v in own.labels.items()},
        spaced=re.compile(r"^[ \t]*(" + alternatives(spaced) + r")[ \t]*:[ \t]*(.*)$", re.IGNORECASE) if spaced
        else None,
        own=_line("|".join([*own.documents, re.escape(own.end)])))


# Any language's document lines, and one of the marks of its documents, which a text only mentioning such a line
# would not have: "LENGTH: 96 words", "LOAD-DATE:", "Body" (and theirs: "LÄNGE: 96 Wörter", "Corps")
_LN_SPLIT = re.compile("|".join(f"(?:{_marks(k).own.pattern})" for k in LEXISNEXIS), re.MULTILINE)
def _printed(name: str) -> str:
    """A regex of a label in every language of the table ("load-date": "LOAD-DATE", "Update", "Fecha de carga")."""
    return alternatives([name, *(k for w in LEXISNEXIS.values() for k, v in w.labels.items() if v == name)])


_LN_MARKS = re.compile(r"^[ \t]*(?:(?i:" + _printed("length") + r"):[ \t]*\d[\d,.]*[ \t]+(?i:"
                       + alternatives(w.words for w in LEXISNEXIS.values()) + r")|(?i:" + _printed("load-date")
                       + r"):|" + alternatives(w.body for w in LEXISNEXIS.values()) + r"[ \t]*$)", re.MULTILINE)


def is_lexisnexis(content: str) -> bool:
    return _LN_SPLIT.search(content) is not None and _LN_MARKS.search(content) is not None


def language_of(content: str) -> Marks:
    """The marks of the interface language a download was made in, told by its document lines (English's else)."""
    return next((_marks(k) for k in LEXISNEXIS if k != "en" and _marks(k).own.search(content)), _marks("en"))
