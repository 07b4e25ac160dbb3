"""Term lookups for indexing runs: in memory for the many misses, on disk only for the few hits."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


def _hash32(term: bytes) -> int:
    return hash(term) & 0xFFFFFFFF  # Python's own hash: stable within the process, which is all this needs


class KnownTerms:
    """The hashes of every term one field has in the index, in one sorted array.

    An indexing run asks, for each new article, whether its id is in the index already. Nearly all
    answers are "no", and asking Whoosh costs a disk read per segment, so a run that adds many articles
    to a many-segment index spent most of its time on lookups that missed (profile of 10k articles added
    to a 100k index: 2.2 million lookups, 42% of the run). Here a miss costs one binary search in
    memory. A hit (or a hash collision, or a deleted document's term) still goes to the index, which
    answers exactly.

    Segments never change once written, so each is read once per run however often the run commits.
    Memory: 4 bytes a term (0.4 MB for the ids of 100,000 articles). With 32-bit hashes about one
    lookup in 4,000 is a false "maybe" at a million articles: an exact lookup that misses.
    """

    def __init__(self, fieldname: str):
        self.fieldname = fieldname
        self._segments: set[str] = set()
        self._hashes = np.empty(0, dtype=np.uint32)

    def refresh(self, reader: IndexReader) -> None:
        """Take in the segments of ``reader`` not seen yet (a fresh reader after each commit).

        Terms of segments merged away stay: they cost nothing but an exact lookup that misses.
        """
        new = []
        for leaf, _ in reader.leaf_readers():
            segment = leaf.segment()
            if segment is None or segment.segment_id() in self._segments:
                continue
            self._segments.add(segment.segment_id())
            new.append(np.fromiter((_hash32(t) for t in leaf.lexicon(self.fieldname)), dtype=np.uint32))
        if new:
            self._hashes = np.unique(np.concatenate([self._hashes, *new]))

    def might_contain(self, terms: Iterable[bytes]) -> list[bool]:
        """For each term: False if no segment has it, True if one may (ask the index to be sure)."""
        wanted = np.fromiter((_hash32(t) for t in terms), dtype=np.uint32)
        if not len(self._hashes):
            return [False] * len(wanted)
        at = np.minimum(np.searchsorted(self._hashes, wanted), len(self._hashes) - 1)
        return (self._hashes[at] == wanted).tolist()


def worth_loading(files_to_read: int, reader: IndexReader) -> bool:
    """Whether reading every term once beats looking terms up segment by segment for this run.

    Loading costs about one step per indexed document per field; direct lookups cost about one disk
    read per new article per segment. Small runs (100 changed files) keep the direct lookups.
    """
    segments = sum(1 for _ in reader.leaf_readers())
    return files_to_read * segments > reader.doc_count_all()
