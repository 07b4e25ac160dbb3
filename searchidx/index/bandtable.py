"""The indexed articles sharing an LSH band with a signature, found from the signature column.

The bands were once index terms, ten an article, nearly all of them in no other article: new terms are
what writing a segment costs most, and the bands were a sixth of writing short newswire (3,000 Reuters
articles: 2.17 -> 1.79 ms an article without them). The signature column holds what they were made of:
each segment's band keys are computed from it at once, the first time a run asks, and kept for the run
(a segment never changes once written).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..enrich.stories import BANDS, NUM_PERM, SIGNATURE_BYTES, band_keys, band_keys_of
from . import schema as S
from .columns import column_reader

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

POSTINGS_PER_BAND = 1000  # a band shared by thousands of articles is boilerplate, not a story
_NONE = (np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))


def _segment_bands(leaf: IndexReader) -> tuple[np.ndarray, np.ndarray]:
    """One segment's band keys, sorted, and the document of each (in document order for equal keys)."""
    values = list(column_reader(leaf, S.SIGNATURE))
    held = [d for d, value in enumerate(values) if len(value) == SIGNATURE_BYTES]
    if not held:
        return _NONE
    signatures = np.frombuffer(b"".join(values[d] for d in held), dtype=np.uint32).reshape(-1, NUM_PERM)
    keys = band_keys(signatures).ravel()  # document by document, BANDS keys each
    docnums = np.repeat(np.array(held, dtype=np.int64), BANDS)
    order = np.argsort(keys, kind="stable")
    return keys[order], docnums[order]


def _segment_id(leaf: IndexReader) -> str:
    segment = leaf.segment()
    assert segment is not None  # a leaf reader reads one segment
    return segment.segment_id()


class BandTable:
    """Band keys of every indexed article with a signature, for the reader a run asks with."""

    def __init__(self) -> None:
        self._segments: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._layout: tuple = ()
        self._keys, self._docnums = _NONE

    def _refresh(self, reader: IndexReader) -> None:
        segments = reader.leaf_readers() if reader.doc_count_all() else []
        leaves = [(leaf, _segment_id(leaf), offset) for leaf, offset in segments]
        layout = tuple((segment_id, offset) for _, segment_id, offset in leaves)
        if layout == self._layout:
            return
        parts = []
        for leaf, segment_id, offset in leaves:
            if segment_id not in self._segments:
                self._segments[segment_id] = _segment_bands(leaf)
            keys, docnums = self._segments[segment_id]
            parts.append((keys, docnums + offset))
        if parts:
            keys = np.concatenate([k for k, _ in parts])
            order = np.argsort(keys, kind="stable")  # segments in document order: so stay equal keys
            self._keys, self._docnums = keys[order], np.concatenate([d for _, d in parts])[order]
        else:
            self._keys, self._docnums = _NONE
        self._layout = layout

    def shared(self, reader: IndexReader, signature: bytes) -> dict[int, int]:
        """Live documents of ``reader`` sharing a band with ``signature``, and how many bands each."""
        self._refresh(reader)
        if not len(self._keys):
            return {}
        wanted = np.array(band_keys_of(signature), dtype=np.uint64)
        starts = np.searchsorted(self._keys, wanted, "left").tolist()
        ends = np.searchsorted(self._keys, wanted, "right").tolist()
        shared: dict[int, int] = {}
        for start, end in zip(starts, ends):
            for docnum in self._docnums[start:min(end, start + POSTINGS_PER_BAND)].tolist():
                if not reader.is_deleted(docnum):
                    shared[docnum] = shared.get(docnum, 0) + 1
        return shared
