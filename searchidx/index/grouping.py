"""Story grouping during a Whoosh update: indexed candidates read from columns (the rule: enrich/story_groups.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from whoosh.util.times import long_to_datetime

from ..config import Settings
from ..enrich.story_groups import Copy, Grouper
from ..ingest.article import Article
from . import schema as S
from .bandtable import BandTable
from .columns import column_reader
from .lookup import KnownTerms, worth_loading
from .regroup import most_shared

if TYPE_CHECKING:
    from whoosh.searching import Searcher


class StoryGrouper(Grouper):
    """The Whoosh side of story grouping: indexed candidates are the live documents sharing the most
    bands, read from columns (verifying a candidate must not load its text)."""

    def __init__(self, searcher: Searcher | None, settings: Settings, bands: BandTable | None = None,
                 replacing: dict[str, str | None] | None = None):
        super().__init__(settings, replacing)
        self.searcher = searcher
        self.bands = bands or BandTable()
        reader = searcher.reader() if searcher is not None else None
        if reader is not None and reader.doc_count_all():
            self.ids = column_reader(reader, S.ID_FIELD)
            self.files = column_reader(reader, S.FILE)
            self.file_stamps = column_reader(reader, S.STAMP)
            self.stories = column_reader(reader, S.STORY)
            self.signatures = column_reader(reader, S.SIGNATURE)
            self.dates = column_reader(reader, S.DATE, translate=False)
            date_column = reader.schema[S.DATE].column_type
            assert date_column is not None  # the date field is sortable (schema.py)
            self.no_date = date_column.default_value()
        else:
            self.searcher = None

    def indexed(self, article: Article) -> Iterator[Copy]:
        if self.searcher is None or article.signature is None:
            return
        reader = self.searcher.reader()
        shared = self.bands.shared(reader, article.signature)
        for docnum in most_shared(shared, shared):
            raw = self.dates[docnum]
            yield Copy(id=self.ids[docnum], file=self.files[docnum], stamp=self.file_stamps[docnum],
                       story=self.stories[docnum], signature=self.signatures[docnum] or None,
                       date=None if raw == self.no_date else long_to_datetime(raw))


class KnownIdsAndBands:
    """The index's ids in memory, while enough articles remain to read to repay loading them, and its
    story bands (each segment's read once a run, when first asked)."""

    def __init__(self, stories: bool):
        self._ids = KnownTerms(S.ID_FIELD)
        self.ids: KnownTerms | None = None
        self.bands = BandTable() if stories else None

    def refresh(self, searcher: Searcher, files_left: int) -> None:
        reader = searcher.reader()
        if worth_loading(files_left, reader):
            self._ids.refresh(reader)
            self.ids = self._ids
        else:
            self.ids = None
