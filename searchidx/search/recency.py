"""``--sort relevance+recency``: the best hits re-ranked with their scores decayed by age.

The decay is exponential (the score halves every HALF_LIFE_DAYS), so how two articles compare depends
only on how far apart their dates are, not on today's date: an archive from 1987 ranks the same way
today as it did then. Undated articles count as old as the oldest dated one among the hits.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..index import schema as S
from .compile import HALF_LIFE_DAYS

if TYPE_CHECKING:
    from whoosh.searching import Searcher


def rerank(searcher: Searcher, window: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """``window`` (score, docnum) pairs with each score decayed by its article's age, best first."""
    dates = searcher.reader().column_reader(S.DATE)
    dated = {d: dates[d] for _, d in window}
    known = [v for v in dated.values() if isinstance(v, datetime)]
    if not known:
        return window
    newest, oldest = max(known), min(known)

    def decayed(score: float, docnum: int) -> float:
        when = dated[docnum] if isinstance(dated[docnum], datetime) else oldest
        return score * 0.5 ** ((newest - when).total_seconds() / 86400 / HALF_LIFE_DAYS)

    return sorted(((decayed(score, d), d) for score, d in window), key=lambda sd: (-sd[0], sd[1]))
