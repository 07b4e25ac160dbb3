"""Story grouping during an update, for any engine: each new article joins the story of its closest
earlier copy, or starts a story of its own.

Candidates come from the index (articles sharing an LSH band, found by the engine's ``indexed``) and
from this run's articles not yet written; each is verified by estimated Jaccard similarity and the
date window. ``index/grouping.py`` finds indexed candidates from Whoosh's signature column,
``opensearch/ingest.py`` with one multi-search per batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .stories import band_keys_of, similarity

if TYPE_CHECKING:
    from ..config import Settings
    from ..ingest.article import Article


@dataclass(frozen=True)
class Copy:
    """An indexed article that may be an earlier copy of a new one."""

    id: str
    file: str
    stamp: str
    story: str  # its story id ('' for an article indexed before stories: its own id stands)
    signature: bytes | None
    date: datetime | None  # naive UTC


class Grouper:
    """Assigns each new article a story id; subclasses say which indexed articles share its bands."""

    def __init__(self, settings: Settings, replacing: dict[str, str | None] | None = None):
        # file key -> the stamp it is re-read with this run (None: deleted). The indexed articles of
        # other stamps are old versions, gone at the next commit: a clean build never meets them.
        self.replacing = replacing or {}
        self.threshold = settings.story_threshold
        self.window = timedelta(days=settings.story_window_days)
        self.pending: dict[int, list[tuple[str, bytes, datetime | None, str]]] = {}  # by band key
        # Stories of the indexed copies the articles assigned so far could join: an update reads a new
        # article after copies indexed long ago, which a clean build may read after it and group with
        # it, so their stories are grouped again at the end of the update (index/regroup.py).
        self.related: set[str] = set()

    def indexed(self, article: Article) -> Iterable[Copy]:
        """The indexed articles sharing the most LSH bands with ``article`` (none by default)."""
        return ()

    def _close_in_time(self, a: datetime | None, b: datetime | None) -> bool:
        return a is None or b is None or abs(a - b) <= self.window

    def assign(self, article: Article, exclude_file: str | None = None) -> str:
        """The story id of ``article``: that of its closest earlier copy, else its own id."""
        if article.signature is None:
            return article.id
        date = article.date.replace(tzinfo=None) if article.date else None
        keys = band_keys_of(article.signature)
        best: tuple[float, str] | None = None
        for copy in self.indexed(article):
            if copy.id == article.id or copy.file == exclude_file or not copy.signature:
                continue
            if copy.file in self.replacing and copy.stamp != self.replacing[copy.file]:
                continue
            sim = similarity(article.signature, copy.signature)
            if sim >= self.threshold and self._close_in_time(date, copy.date):
                self.related.add(copy.story or copy.id)
                if best is None or sim > best[0]:
                    best = (sim, copy.story or copy.id)
        seen = set()
        for key in keys:
            for other_id, sig, other_date, story in self.pending.get(key, ()):
                if other_id in seen or other_id == article.id:
                    continue
                seen.add(other_id)
                sim = similarity(article.signature, sig)
                if sim >= self.threshold and self._close_in_time(date, other_date) and (best is None or sim > best[0]):
                    best = (sim, story)
        story = best[1] if best else article.id
        for key in keys:
            self.pending.setdefault(key, []).append((article.id, article.signature, date, story))
        return story
