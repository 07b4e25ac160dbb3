"""The seam between the library and a search engine: what ``Index`` asks of one.

Whoosh (``index/engine.py``, a folder) is the default; ``opensearch/engine.py`` keeps the index in an
OpenSearch or Elasticsearch cluster. Both implement the same methods over the same plain types: Queries
in, Articles written, result dataclasses out. ``make_engine`` is the one place the settings choose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .analytics.results import EntityCounts
    from .config import Settings
    from .dates import DateRange
    from .enrich.aliases import Registry
    from .index.check import CheckReport
    from .index.documents import Indexed
    from .search.query import Query
    from .search.results import ArticleRecord, RefreshReport, Results, Stats, Story, Timeline, UpdateReport


class Engine(Protocol):
    """An index that can be written from a corpus and searched with a Query."""

    def require(self) -> object:
        """The open index; IndexNotFound (or another IndexProblem) now if there is none to use."""
        ...

    # --- writing ---
    def update(self, paths: Sequence[str | Path], rebuild: bool, jobs: int,
               progress: Callable[[int, int], None] | None, wait: float, allow_empty: bool = False) -> UpdateReport:
        """Index new and changed files under ``paths``, drop deleted ones; ``rebuild`` starts afresh;
        ``allow_empty``: a folder given that holds no article file now loses its articles too."""
        ...

    def refresh_entities(self, progress: Callable[[int, int], None] | None, wait: float) -> RefreshReport:
        """Re-apply the registry and extractor to every stored article."""
        ...

    # --- reading ---
    def search(self, query: Query, now: datetime | None = None, explain: bool = False,
               restrict_ids: set[str] | None = None, with_text: bool = False, like: str | None = None,
               include_copies: bool = False) -> Results:
        """A page of hits, the total and facet counts; ``like`` ranks by likeness to that article."""
        ...

    def match_ids(self, query: Query, now: datetime | None = None) -> list[str]:
        """Every matching id, in result order."""
        ...

    def explain(self, query: Query, now: datetime | None = None) -> str:
        """What the engine would run for ``query``, as text."""
        ...

    def get(self, article_id: str) -> ArticleRecord | None:
        """One stored article, or None."""
        ...

    def timeline(self, query: Query, by: str, split: str | None, top: int, now: datetime | None) -> Timeline:
        """Matches per period, optionally split by a facet's top values."""
        ...

    def story(self, article_id: str) -> Story | None:
        """The story holding the article, or None if there is no such article."""
        ...

    def articles_with_both(self, field: str, a: str, b: str) -> int:
        """How many articles carry both values of an entity field."""
        ...

    def entity_counts(self, query: Query, types: Sequence[str], now: datetime | None = None,
                      background: bool = False, within: DateRange | None = None) -> EntityCounts:
        """Per entity type, how many of the query's matches name each name; with ``background``, also the
        index's article count and those names' articles in the whole index (from postings, not articles);
        with ``within``, only the matches dated wholly inside that span (one dated only to 2020 is not in
        March 2020, as a timeline's months leave it out)."""
        ...

    def entity_rows(self, query: Query, types: Sequence[str],
                    now: datetime | None = None) -> tuple[list[tuple[tuple[str, str], ...]], list[str]]:
        """The (type, name) pairs of each matching article, and the query's warnings."""
        ...

    def stats(self) -> Stats:
        """Counts, date span and size (``top`` left for the caller)."""
        ...

    def check(self, files: bool) -> CheckReport:
        """Read everything back and report damage."""
        ...

    def export(self) -> Iterator[Indexed]:
        """Every stored article with its file, stamp, file hash and story id (for ``searchidx export``)."""
        ...

    def close(self) -> None:
        ...


def make_engine(path: Path, settings: Settings, registry: Callable[[], Registry]) -> Engine:
    """The engine ``settings.backend`` names: a Whoosh folder at ``path``, or a cluster index."""
    if settings.backend == "opensearch":
        from .opensearch.engine import OpenSearchEngine

        return OpenSearchEngine(settings, registry)
    from .index.engine import WhooshEngine

    return WhooshEngine(path, settings, registry)
