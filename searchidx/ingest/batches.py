"""When an update's batch is full and commits: by articles, and by default by their text too.

A batch's memory is mostly the writer's posting pool, which grows with the words written: a batch of
3,000 full-length articles and one of about 6,000 one-kilobyte wire stories hold about as much. Filled
by a count alone, short articles commit twice as often as memory needs, and each commit leaves
smaller segments, which cost more to write (3,000 wire stories as one segment: 7.92M instructions an
article; as three of 1,000: 8.77M) and to search.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .article import Article

if TYPE_CHECKING:  # the settings model reads this module's figures for its own docs
    from ..config import Settings

ARTICLES = 3000  # per writer process: a batch of full-length articles
FULL_ARTICLE_CHARS = 2000  # a full-length article's title and text; shorter ones fill a batch by their text
MOST = 4 * ARTICLES  # a very short article still costs its fixed share of memory and time


@dataclass
class Batch:
    """What one commit holds so far; ``full`` says when it is time to commit."""

    articles: int  # at least this many articles...
    chars: int  # ...once they hold this many characters (0: the count alone decides)
    most: int  # and never more articles than this
    pending: int = 0
    pending_chars: int = 0

    def add(self, articles: int, chars: int = 0) -> None:
        self.pending += articles
        self.pending_chars += chars

    @property
    def full(self) -> bool:
        return self.pending >= self.most or (self.pending >= self.articles and self.pending_chars >= self.chars)

    def committed(self) -> None:
        self.pending = self.pending_chars = 0


def batch_for(settings: Settings, procs: int = 1) -> Batch:
    """The batch of an update with ``procs`` writer processes: ``ingest.batch_size`` articles each when
    set; otherwise ARTICLES each once they hold ARTICLES full-length articles' text, and at most MOST."""
    if settings.batch_size is not None:
        return Batch(settings.batch_size * procs, 0, settings.batch_size * procs)
    return Batch(ARTICLES * procs, ARTICLES * FULL_ARTICLE_CHARS * procs, MOST * procs)


def text_chars(articles: Iterable[Article]) -> int:
    """What the articles give a batch's posting pools to hold, in characters."""
    return sum(len(a.title) + len(a.text) for a in articles)
