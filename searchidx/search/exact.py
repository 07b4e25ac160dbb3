"""Quoted phrases match words, not stems: the stemmed words match in order, then each matching
article's column of exact-word hashes (``schema.EXACT``) decides whether the words themselves are there."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from whoosh.matching import FilterMatcher
from whoosh.query.wrappers import WrappingQuery

from ..index import schema as S
from ..index.analysis import exact_hashes, exact_words
from ..index.columns import column_reader

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.query import Query
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


class _HoldingAll:
    """The documents whose exact-word hashes include all of ``hashes``, as a container FilterMatcher asks."""

    def __init__(self, column: Any, hashes: tuple[int, ...]):
        self.column = column
        self.hashes = hashes

    def __contains__(self, docnum: int) -> bool:
        held = S.unpack_hashes(self.column[docnum])
        for h in self.hashes:
            i = bisect_left(held, h)
            if i == len(held) or held[i] != h:
                return False
        return True


class _WithinReach(_HoldingAll):
    """The documents whose text holds ``words`` as written, in this order, each at most ``reach`` words
    (stop words not counted) after the one before: what the stemmed phrase with a slop matches, word for
    word. The hashes say only that each word is somewhere, so they rule out most documents first; the
    stored text of the others is read."""

    def __init__(self, column: Any, hashes: tuple[int, ...], reader: IndexReader, field: str, words: tuple[str, ...],
                 reach: int):
        super().__init__(column, hashes)
        self.reader, self.field, self.words, self.reach = reader, field, words, reach

    def __contains__(self, docnum: int) -> bool:
        if not super().__contains__(docnum):
            return False
        text = exact_words(self.reader.stored_fields(docnum).get(self.field) or "")
        first, *rest = self.words
        places = [i for i, w in enumerate(text) if w == first]
        for word in rest:  # the places each next word can stand, given those of the one before
            held = set(places)
            places = [i for i, w in enumerate(text)
                      if w == word and any(i - k in held for k in range(1, self.reach + 1))]
            if not places:
                return False
        return True


class ExactWords(WrappingQuery):
    """``child`` (the stemmed phrase: it matches and scores) where the field's text holds ``words``
    themselves: with ``pairs`` side by side (pairs of neighbours hashed), else (a phrase with a slop) each
    word at most ``reach`` words after the one before, as the stemmed phrase matches them."""

    def __init__(self, child: Query, tag: str, words: tuple[str, ...], pairs: bool = True, reach: int = 1):
        super().__init__(child)
        self.tag, self.words, self.pairs, self.reach = tag, tuple(words), pairs, reach
        self.hashes = tuple(sorted(exact_hashes(tag, list(self.words), pairs)))

    def _rewrap(self, child: Query) -> ExactWords:
        return ExactWords(child, self.tag, self.words, self.pairs, self.reach)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ExactWords) and self.child == other.child and self.tag == other.tag
                and self.words == other.words and self.pairs == other.pairs and self.reach == other.reach)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.tag, self.words, self.pairs, self.reach))

    def __repr__(self) -> str:
        return (f"{self.__class__.__name__}({self.child!r}, {self.tag!r}, {self.words!r}, {self.pairs!r}, "
                f"{self.reach!r})")

    def __str__(self) -> str:
        return f"{self.child} (as written: {' '.join(self.words)})"

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        child = self.child.matcher(searcher, context)
        reader = searcher.reader()
        column = column_reader(reader, S.EXACT)
        # two words: their pair's hash is the phrase as written; more: each pair may stand somewhere else
        # ("European Central Bank" and "central banks" hold both pairs of "European Central Banks")
        if len(self.words) < 2 or self.pairs and len(self.words) == 2:
            return FilterMatcher(child, _HoldingAll(column, self.hashes))
        field = next(f for f, tag in S.EXACT_TAGS.items() if tag == self.tag)
        return FilterMatcher(child, _WithinReach(column, self.hashes, reader, field, self.words, self.reach))
