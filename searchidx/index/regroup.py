"""Stories an update touched, grouped again as a clean build would group them.

A clean build reads files in walk order, and each article joins the story of its closest copy among the
articles before it, or starts a story named after itself. An update reads only new and changed files, so
a new article may sit before copies indexed long ago, and a deleted one may have named a story. After
the update's last commit, every story it touched (joined, or lost a member) is grouped again: its
members in walk order, each matched only against articles before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..config import Settings
from ..ingest.discover import walk_order
from . import schema as S
from .bandtable import BandTable
from .columns import column_reader

if TYPE_CHECKING:
    from datetime import datetime

    from whoosh.columns import ColumnReader
    from whoosh.reading import IndexReader

CANDIDATES = 20  # indexed articles verified per article, those sharing the most bands first


def most_shared(shared: dict[int, int], docnums: Iterable[int]) -> list[int]:
    """The CANDIDATES of ``docnums`` sharing the most bands."""
    return sorted(docnums, key=lambda d: (-shared[d], d))[:CANDIDATES]


class _Order:
    """Walk-order sort keys of documents, read from stored fields once each."""

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self.keys: dict[int, tuple] = {}

    def __call__(self, docnum: int) -> tuple:
        key = self.keys.get(docnum)
        if key is None:
            stored = self.reader.stored_fields(docnum)
            # the walk order of the full path, as a run reads its files whatever roots it is given
            key = (walk_order(stored.get(S.FILE) or ""), stored.get(S.RECORD) or 0)
            self.keys[docnum] = key
        return key


def signature_of(column: ColumnReader, docnum: int) -> bytes | None:
    """An article's signature, or None: a segment's column ends at its last article that has one."""
    try:
        return column[docnum] or None
    except IndexError:
        return None


def _members(reader: IndexReader, stories: set[str]) -> list[int]:
    found: set[int] = set()
    for story in stories:
        if (S.STORY, story) in reader:  # type: ignore[operator]  # str terms: the reader encodes them
            found.update(d for d in reader.postings(S.STORY, story).all_ids() if not reader.is_deleted(d))
    return list(found)


def _earlier_candidates(reader: IndexReader, docnum: int, signature: bytes, order: _Order,
                        table: BandTable) -> list[int]:
    """The articles before ``docnum`` in walk order sharing its bands, its own file's earlier records
    included: a clean build groups a feed's copies of one story too (the old versions of the files
    this update replaced are deleted by now)."""
    mine = order(docnum)
    shared = table.shared(reader, signature)
    return most_shared(shared, [d for d in shared if d != docnum and order(d) < mine])


def new_story_ids(reader: IndexReader, touched: set[str], settings: Settings,
                  table: BandTable | None = None) -> dict[int, str]:
    """docnum -> the story id a clean build would give it, for the members of ``touched`` stories whose
    id changes (``table``: the run's bands, whose segments it has read already)."""
    from datetime import timedelta

    from whoosh.util.times import long_to_datetime

    from ..enrich.stories import similarity

    ids = column_reader(reader, S.ID_FIELD)
    stories = column_reader(reader, S.STORY)
    signatures = column_reader(reader, S.SIGNATURE)
    dates = column_reader(reader, S.DATE, translate=False)
    date_column = reader.schema[S.DATE].column_type
    assert date_column is not None  # the date field is sortable (schema.py)
    no_date = date_column.default_value()
    window = timedelta(days=settings.story_window_days)
    order = _Order(reader)
    table = table or BandTable()

    def when(docnum: int) -> datetime | None:
        try:
            raw = dates[docnum]
        except IndexError:  # a segment of undated articles has no date column to read
            return None
        return None if raw == no_date else long_to_datetime(raw)

    regrouped: dict[int, str] = {}
    for docnum in sorted(_members(reader, touched), key=order):
        signature = signature_of(signatures, docnum)
        label = ids[docnum]
        if signature:
            best = None
            mine = when(docnum)
            for other in _earlier_candidates(reader, docnum, signature, order, table):
                other_signature = signature_of(signatures, other)
                if not other_signature:
                    continue
                sim = similarity(signature, other_signature)
                theirs = when(other)
                close = mine is None or theirs is None or abs(mine - theirs) <= window
                if sim >= settings.story_threshold and close and (best is None or sim > best[0]):
                    best = (sim, regrouped.get(other, stories[other] or ids[other]))
            if best is not None:
                label = best[1]
        regrouped[docnum] = label
    return {d: story for d, story in regrouped.items() if story != stories[d]}
