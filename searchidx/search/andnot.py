"""``a`` AND NOT ``b`` as a Whoosh query that drops every article ``b`` matches, its first one too.

Whoosh's own AndNotMatcher checks its first match against the excluded articles only when both start on
the same document: when ``b``'s first match comes before ``a``'s, ``a``'s first match is kept even if
``b`` matches it. So ``(opec -oil) OR gold`` found an article about OPEC and oil, and ``day:2020-01-01``
(a day's term without the articles dated only to its year or month) an article dated only to 2020.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from whoosh import query as wq
from whoosh.matching import AndNotMatcher

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


class _Excluding(AndNotMatcher):
    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()  # moves b up to a's first match, and a past every match of b


class AndNot(wq.AndNot):
    """Matches (and scores) what ``a`` matches, less every match of ``b``."""

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        return _Excluding(self.a.matcher(searcher, context), self.b.matcher(searcher, searcher.boolean_context()))
