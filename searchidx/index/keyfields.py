"""Key fields (ids, paths, sources, years, entity names, date parts): Whoosh's ID and KEYWORD, written
without a Token stream.

Whoosh indexes every field value through its analyzer's generator chain and a Token object per word,
about 30 microseconds for a one-word ID value; an article has a dozen such fields. These fields' terms
are the value itself, or its comma- or space-separated parts, so ``index`` makes the same postings
directly (tests/test_keyfields.py holds them to Whoosh's own path). Searching is unchanged: the
analyzer stays the one queries go through.

The schema is pickled into each index under this module and these class names: rename none without
bumping the index format version in ``store.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from whoosh.analysis import IDTokenizer, RegexTokenizer, StripFilter
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.fields import ID, KEYWORD
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint

Posting = tuple[bytes, int, float, bytes]
_SPACED = r"[^ \t\r\n]+"  # KEYWORD's own tokenizer expressions
_COMMAS = r"[^,]+"
_split_spaced = re.compile(_SPACED).findall


class KeyField(ID):
    """An ID field: the whole value is its one term."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        fmt = self.format
        if kwargs or not isinstance(value, str) or type(fmt) is not Existence \
                or type(self.analyzer) is not IDTokenizer:
            return super().index(value, **kwargs)
        return [(value.encode("utf-8"), 1, fmt.field_boost, b"")]


def _is_whoosh_tokenizer(analyzer: Any, expression: str, strip: bool) -> bool:
    """Whether ``analyzer`` is KEYWORD's own: a RegexTokenizer on ``expression``, then a StripFilter when
    ``strip`` (comma-separated) and nothing else."""
    parts = analyzer.items if type(analyzer) is CompositeAnalyzer else [analyzer]
    if strip:
        if len(parts) != 2 or type(parts[1]) is not StripFilter:
            return False
    elif len(parts) != 1:
        return False
    tokenizer = parts[0]
    return type(tokenizer) is RegexTokenizer and not tokenizer.gaps \
        and tokenizer.expression.pattern == expression


class SpacedTermsField(KEYWORD):
    """A KEYWORD field of space-separated terms, each only marked as present (no frequency)."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        fmt = self.format
        if kwargs or not isinstance(value, str) or type(fmt) is not Existence \
                or not _is_whoosh_tokenizer(self.analyzer, _SPACED, strip=False):
            return super().index(value, **kwargs)
        boost = fmt.field_boost
        return [(term.encode("utf-8"), 1, boost, b"") for term in set(_split_spaced(value))]


class CommaTermsField(KEYWORD):
    """A KEYWORD field of comma-separated terms (stripped of spaces) with their frequencies."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[Posting]:  # type: ignore[override]
        fmt = self.format
        if kwargs or not isinstance(value, str) or type(fmt) is not Frequency \
                or not _is_whoosh_tokenizer(self.analyzer, _COMMAS, strip=True):
            return super().index(value, **kwargs)
        counts: dict[str, int] = {}
        for part in value.split(","):
            if part:  # the tokenizer's [^,]+ skips empty parts; a blank one still makes a term
                term = part.strip()
                counts[term] = counts.get(term, 0) + 1
        boost = fmt.field_boost
        return [(term.encode("utf-8"), n, n * boost, pack_uint(n)) for term, n in counts.items()]
