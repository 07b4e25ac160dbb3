"""``--sort relevance+recency``: the best hits re-ranked with their scores decayed by age.

The decay is exponential (the score halves every HALF_LIFE_DAYS), so how two articles compare depends
only on how far apart their dates are, not on today's date: an archive from 1987 ranks the same way
today as it did then. Undated articles count as old as the oldest dated one among the hits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from whoosh.util.times import long_to_datetime

from ..index import schema as S
from ..index.columns import column_reader
from .semantics import HALF_LIFE_DAYS

if TYPE_CHECKING:
    from whoosh.searching import Searcher

K = TypeVar("K", int, str)  # a Whoosh docnum or a cluster hit's position


def rerank(searcher: Searcher, window: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """``window`` (score, docnum) pairs with each score decayed by its article's age, best first."""
    reader = searcher.reader()
    # read untranslated: an undated article holds the column's stand-in, which read as a date overflowed
    raw = column_reader(reader, S.DATE, translate=False)
    column = reader.schema[S.DATE].column_type
    assert column is not None  # the date field is sortable (schema.py)
    missing = column.default_value()
    return decayed(window, {d: None if raw[d] == missing else long_to_datetime(raw[d]) for _, d in window})


def decayed(window: list[tuple[float, K]], dated: Mapping[K, object]) -> list[tuple[float, K]]:
    """(score, key) pairs with each score decayed by the age of its key's date in ``dated`` (anything but a
    datetime: undated), best first; any engine's hits."""
    known = [v for v in dated.values() if isinstance(v, datetime)]
    if not known:
        return window
    newest, oldest = max(known), min(known)

    def aged(score: float, key: K) -> float:
        when = dated[key]
        when = when if isinstance(when, datetime) else oldest
        return score * 0.5 ** ((newest - when).total_seconds() / 86400 / HALF_LIFE_DAYS)

    return sorted(((aged(score, k), k) for score, k in window), key=lambda sk: (-sk[0], sk[1]))
