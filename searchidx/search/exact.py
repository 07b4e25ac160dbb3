"""Quoted phrases match words, not stems: the stemmed words match in order, then each matching
article's column of exact-word hashes (``schema.EXACT``) decides whether the words themselves are there."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from whoosh.matching import FilterMatcher
from whoosh.query.wrappers import WrappingQuery

from ..index import schema as S
from ..index.analysis import exact_hashes
from ..index.columns import column_reader

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.query import Query
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


class ExactWords(WrappingQuery):
    """``child`` (the stemmed phrase: it matches and scores) where the field's text holds ``words``
    themselves, and with ``pairs`` each pair of neighbours as it stands."""

    def __init__(self, child: Query, tag: str, words: tuple[str, ...], pairs: bool = True):
        super().__init__(child)
        self.tag, self.words, self.pairs = tag, tuple(words), pairs
        self.hashes = tuple(sorted(exact_hashes(tag, list(self.words), pairs)))

    def _rewrap(self, child: Query) -> ExactWords:
        return ExactWords(child, self.tag, self.words, self.pairs)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, ExactWords) and self.child == other.child and self.tag == other.tag
                and self.words == other.words and self.pairs == other.pairs)

    def __hash__(self) -> int:
        return hash((self.__class__.__name__, self.child, self.tag, self.words, self.pairs))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.child!r}, {self.tag!r}, {self.words!r}, {self.pairs!r})"

    def __str__(self) -> str:
        return f"{self.child} (as written: {' '.join(self.words)})"

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        child = self.child.matcher(searcher, context)
        return FilterMatcher(child, _HoldingAll(column_reader(searcher.reader(), S.EXACT), self.hashes))
