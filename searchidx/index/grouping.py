"""Story grouping during an update: each new article joins the story of its closest earlier copy."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from whoosh.util.times import long_to_datetime

from ..config import Settings
from ..enrich.stories import bands, similarity
from ..ingest.article import Article
from . import schema as S
from .lookup import KnownTerms, worth_loading
from .regroup import most_shared, shared_bands

if TYPE_CHECKING:
    from whoosh.searching import Searcher


class StoryGrouper:
    """Assigns each new article to the story of its closest earlier copy, or starts a new story.

    Candidates come from the index (articles sharing an LSH band term) and from this run's articles
    not yet committed; each is verified by estimated Jaccard similarity and the date window.
    """

    def __init__(self, searcher: Searcher | None, settings: Settings, known_bands: KnownTerms | None = None,
                 replacing: dict[str, str | None] | None = None):
        self.searcher = searcher
        # file key -> the stamp it is re-read with this run (None: deleted). The indexed articles of
        # other stamps are old versions, gone at the next commit: a clean build never meets them.
        self.replacing = replacing or {}
        self.known_bands = known_bands
        self.threshold = settings.story_threshold
        self.window = timedelta(days=settings.story_window_days)
        self.pending: dict[str, list[tuple[str, bytes, datetime | None, str]]] = {}
        reader = searcher.reader() if searcher is not None else None
        if reader is not None and reader.doc_count_all():
            # Columns, not stored fields: verifying a candidate must not load its text.
            self.ids = reader.column_reader(S.ID_FIELD)
            self.files = reader.column_reader(S.FILE)
            self.file_stamps = reader.column_reader(S.STAMP)
            self.stories = reader.column_reader(S.STORY)
            self.signatures = reader.column_reader(S.SIGNATURE)
            self.dates = reader.column_reader(S.DATE, translate=False)
            date_column = reader.schema[S.DATE].column_type
            assert date_column is not None  # the date field is sortable (schema.py)
            self.no_date = date_column.default_value()
        else:
            self.searcher = None

    def _close_in_time(self, a: datetime | None, b: datetime | None) -> bool:
        return a is None or b is None or abs(a - b) <= self.window

    def _indexed_candidates(self, searcher: Searcher, terms: tuple[str, ...]) -> list[int]:
        """The live indexed documents sharing the most band terms with the article."""
        reader = searcher.reader()
        if self.known_bands is not None:
            to_bytes = reader.schema[S.BANDS].to_bytes
            terms = tuple(t for t, maybe in zip(terms, self.known_bands.might_contain(to_bytes(t) for t in terms))
                          if maybe)
        shared = shared_bands(reader, terms)
        return most_shared(shared, shared)

    def assign(self, article: Article, exclude_file: str | None = None) -> str:
        if article.signature is None:
            return article.id
        date = article.date.replace(tzinfo=None) if article.date else None
        terms = bands(article.signature)
        best: tuple[float, str] | None = None
        if self.searcher is not None:
            for docnum in self._indexed_candidates(self.searcher, terms):
                if self.ids[docnum] == article.id or self.files[docnum] == exclude_file:
                    continue
                file = self.files[docnum]
                if file in self.replacing and self.file_stamps[docnum] != self.replacing[file]:
                    continue
                sig = self.signatures[docnum]
                if not sig:
                    continue
                sim = similarity(article.signature, sig)
                raw = self.dates[docnum]
                other_date = None if raw == self.no_date else long_to_datetime(raw)
                if sim >= self.threshold and self._close_in_time(date, other_date) and (best is None or sim > best[0]):
                    best = (sim, self.stories[docnum] or self.ids[docnum])
        seen = set()
        for t in terms:
            for other_id, sig, other_date, story in self.pending.get(t, ()):
                if other_id in seen or other_id == article.id:
                    continue
                seen.add(other_id)
                sim = similarity(article.signature, sig)
                if sim >= self.threshold and self._close_in_time(date, other_date) and (best is None or sim > best[0]):
                    best = (sim, story)
        story = best[1] if best else article.id
        for t in terms:
            self.pending.setdefault(t, []).append((article.id, article.signature, date, story))
        return story


class KnownIdsAndBands:
    """The index's ids and story bands in memory, while enough articles remain to read to repay loading them."""

    def __init__(self, stories: bool):
        self._ids = KnownTerms(S.ID_FIELD)
        self._bands = KnownTerms(S.BANDS) if stories else None
        self.ids: KnownTerms | None = None
        self.bands: KnownTerms | None = None

    def refresh(self, searcher: Searcher, files_left: int) -> None:
        reader = searcher.reader()
        if worth_loading(files_left, reader):
            self._ids.refresh(reader)
            if self._bands is not None:
                self._bands.refresh(reader)
            self.ids, self.bands = self._ids, self._bands
        else:
            self.ids = self.bands = None
