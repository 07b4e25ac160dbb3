"""Stories an update touched, grouped again as a clean build would group them.

A clean build reads files in walk order, and each article joins the story of its closest copy among the
articles before it, or starts a story named after itself. An update reads only new and changed files, so
a new article may sit before copies indexed long ago, and a deleted one may have named a story. After
the update's last commit, every story it touched (joined, or lost a member) is grouped again: its
members in walk order, each matched only against articles before it.
"""

from __future__ import annotations

from ..config import Settings
from ..ingest.discover import walk_order
from . import schema as S

CANDIDATES = 20  # as StoryGrouper: the indexed articles sharing the most bands are verified
POSTINGS_PER_BAND = 1000


class _Order:
    """Walk-order sort keys of documents, read from stored fields once each."""

    def __init__(self, reader):
        self.reader = reader
        self.keys: dict[int, tuple] = {}

    def __call__(self, docnum: int) -> tuple:
        key = self.keys.get(docnum)
        if key is None:
            stored = self.reader.stored_fields(docnum)
            key = (walk_order(stored.get(S.PATH) or ""), stored.get(S.RECORD) or 0)
            self.keys[docnum] = key
        return key


def signature_of(column, docnum: int) -> bytes | None:
    """An article's signature, or None: a segment's column ends at its last article that has one."""
    try:
        return column[docnum] or None
    except IndexError:
        return None


def _members(reader, stories: set[str]) -> list[int]:
    found: set[int] = set()
    for story in stories:
        if (S.STORY, story) in reader:
            found.update(d for d in reader.postings(S.STORY, story).all_ids() if not reader.is_deleted(d))
    return list(found)


def _earlier_candidates(reader, docnum: int, signature: bytes, order: _Order, file: str, files) -> list[int]:
    from ..enrich.stories import bands

    mine = order(docnum)
    shared: dict[int, int] = {}
    for term in bands(signature):
        if (S.BANDS, term) not in reader:
            continue
        for n, other in enumerate(reader.postings(S.BANDS, term).all_ids()):
            if n == POSTINGS_PER_BAND:
                break
            if other != docnum and not reader.is_deleted(other):
                shared[other] = shared.get(other, 0) + 1
    earlier = [d for d in shared if files[d] != file and order(d) < mine]
    return sorted(earlier, key=lambda d: (-shared[d], d))[:CANDIDATES]


def new_story_ids(reader, touched: set[str], settings: Settings) -> dict[int, str]:
    """docnum -> the story id a clean build would give it, for the members of ``touched`` stories whose
    id changes."""
    from datetime import timedelta

    from whoosh.util.times import long_to_datetime

    from ..enrich.stories import similarity

    ids = reader.column_reader(S.ID_FIELD)
    files = reader.column_reader(S.FILE)
    stories = reader.column_reader(S.STORY)
    signatures = reader.column_reader(S.SIGNATURE)
    dates = reader.column_reader(S.DATE, translate=False)
    no_date = reader.schema[S.DATE].column_type.default_value()
    window = timedelta(days=settings.story_window_days)
    order = _Order(reader)

    def when(docnum):
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
            for other in _earlier_candidates(reader, docnum, signature, order, files[docnum], files):
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
