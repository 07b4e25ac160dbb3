"""A query part that narrows without scoring: filters written inside the query text, and exclusions."""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING, Any

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcherClass
from whoosh.matching.wrappers import ConstantScoreWrapperMatcher

if TYPE_CHECKING:
    from whoosh.matching import Matcher
    from whoosh.searching import Searcher


class Unscored(wq.ConstantScoreQuery):
    """Matches what ``child`` matches and adds 0 to a document's score.

    Whoosh's own ConstantScoreQuery with a score of 0 adds 1 to every match (its list matcher takes a
    weight of 0 for "no weight given", and gives 1.0), and hands back the child's own scoring matcher
    whenever a collector needs the current match; either way an entity or date filter inside a group
    (``(oil place:Japan) OR gas``) raised the scores of the articles it let through.
    """

    def __init__(self, child: wq.Query, score: float = 0.0):  # ``score`` only as Whoosh's _rewrap passes it
        super().__init__(child, 0.0)

    def matcher(self, searcher: Searcher, context: Any = None) -> Matcher:
        m = self.child.matcher(searcher, context)
        if isinstance(m, NullMatcherClass):
            return m
        if context is None or not context.needs_current:  # a flat list is cheaper to walk than the child
            m = ListMatcher(array("I", m.all_ids()), term=m.term())
        return ConstantScoreWrapperMatcher(m, 0.0)
