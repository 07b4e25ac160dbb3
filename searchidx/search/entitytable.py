"""Each segment's entity columns read once, as arrays of name ids, for counting the names of many articles.

Reading an article's entity column is a seek and a read in Whoosh's column reader: the analytics read it for
every match, and the most named person of a 100,000-article index has 35,000 of them (three fields each, over
2 s). A segment is never changed once written (an update writes new segments and marks deletions), so its
columns are read here in one piece, split once per distinct value, and kept with the segment's reader for
the session; a later commit reopens only the segments that are new. Counting a search's names is then one
pass of numpy over the segment's ids: the matched articles' rows picked by a mask, their ids counted.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..index import schema as S
from .readercache import reader_cache

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


@dataclass(frozen=True)
class EntityTable:
    """One segment's entity field: article ``d``'s distinct names, in the order written, are
    ``names[i]`` for ``i`` in ``ids[starts[d]:starts[d + 1]]``."""

    names: list[str]
    starts: np.ndarray  # int64, one more than the segment's documents (deleted ones included)
    ids: np.ndarray  # int32

    def row(self, docnum: int) -> list[str]:
        names = self.names
        return [names[i] for i in self.ids[self.starts[docnum]:self.starts[docnum + 1]]]

    def counts(self, docnums: np.ndarray | None = None, leave_out: Iterable[int] = ()) -> np.ndarray:
        """How many of the articles ``docnums`` (distinct, segment-local; None: all of them but ``leave_out``)
        name each name, by id."""
        if not len(self.names) or (docnums is not None and not len(docnums)):
            return np.zeros(len(self.names), dtype=np.int64)
        if docnums is None:
            picked = np.ones(len(self.starts) - 1, dtype=bool)
            picked[np.fromiter(leave_out, dtype=np.int64)] = False
        else:
            picked = np.zeros(len(self.starts) - 1, dtype=bool)
            picked[docnums] = True
        return np.bincount(self.ids[np.repeat(picked, np.diff(self.starts))], minlength=len(self.names))

    def add_to(self, counts: dict[str, int], per_id: np.ndarray) -> None:
        """Add ``counts`` by id (from ``counts()``) to a dict by name."""
        names = self.names
        for i, n in zip(np.flatnonzero(per_id).tolist(), per_id[per_id > 0].tolist()):
            counts[names[i]] = counts.get(names[i], 0) + n


def _stored(column: Any, doc_count: int) -> tuple[bytes, np.ndarray, np.ndarray] | None:
    """A VarBytesColumn reader's values as one piece: (data, each document's offset and length in it), read at
    once (the reader's own ``__getitem__`` seeks and reads once per document). None for another reader.

    The one read of Whoosh reader state outside its public API, kept on purpose and guarded: the public
    iteration (a read per document) built the tables of 3,687 articles in 46-49 ms against 16-23 ms so,
    about +0.8 s on the first analytics call at 100,000 articles. Another Whoosh build takes the
    per-document path below."""
    try:  # Whoosh 2.7's VarBytesColumn.Reader: the values back to back from _basepos, with their lengths
        lengths = np.asarray(column._lengths, dtype=np.int64)
        offsets = np.asarray(column._offsets, dtype=np.int64)
        dbfile, basepos = column._dbfile, column._basepos
    except AttributeError:
        return None
    total = int(offsets[-1] + lengths[-1]) if doc_count else 0
    return (dbfile.get(basepos, total) if total else b""), offsets, lengths


_KEEP_LOW = np.array([(1 << (8 * r)) - 1 for r in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _group(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """An order of the rows that puts equal rows (equal in every key) next to each other, and where each new
    row starts in it. Sorted by one number mixed from the keys; rows with the same number are then checked
    key by key, and only if two different rows met (odds about 1 in 10^9) sorted by the keys themselves."""
    mixed = np.zeros(len(keys[0]), dtype=np.uint64)
    for key in keys:
        mixed = (mixed ^ key.astype(np.uint64)) * _MIX
        mixed ^= mixed >> np.uint64(29)
    order = np.argsort(mixed)
    new = np.ones(len(order), dtype=bool)
    ranked = mixed[order]
    new[1:] = ranked[1:] != ranked[:-1]
    if all(not (r[1:] != r[:-1])[~new[1:]].any() for r in (key[order] for key in keys)):
        return order, new
    order = np.lexsort(keys[::-1])
    new[1:] = False
    for key in keys:
        ranked = key[order]
        new[1:] |= ranked[1:] != ranked[:-1]
    return order, new


def _parse(data: bytes, offsets: np.ndarray, lengths: np.ndarray,
           vocabulary: dict[bytes, int]) -> tuple[np.ndarray, np.ndarray] | None:
    """Every document's names as ids (adding new names to ``vocabulary``), in the order written, as (the
    document of each name, its id); None when a count or a length takes more than one byte (a name over 127
    bytes, an article of over 127 names), which ``_split_each`` reads instead.

    The layout is VarBytesListColumn's: per document a varint count, then each name as a varint length and
    its bytes. The k-th names of all documents are found at once; then equal names are brought together
    (``_group``, their bytes read eight at a time) and each distinct one is decoded once."""
    buf = np.frombuffer(data, dtype=np.uint8)
    has = lengths > 0
    count = np.zeros(len(lengths), dtype=np.int64)
    count[has] = buf[offsets[has]]
    if (count >= 0x80).any():
        return None
    first = np.zeros(len(count) + 1, dtype=np.int64)  # where each document's names go: in the order written
    np.cumsum(count, out=first[1:])
    total = int(first[-1])
    doc = np.repeat(np.arange(len(count), dtype=np.int64), count)
    start, size = np.zeros(total, dtype=np.int64), np.zeros(total, dtype=np.int64)
    pos = offsets + 1
    for k in range(int(count.max(initial=0))):
        active = np.flatnonzero(count > k)
        at = pos[active]
        n = buf[at].astype(np.int64)
        if (n >= 0x80).any():
            return None
        start[first[active] + k], size[first[active] + k] = at + 1, n
        pos[active] = at + 1 + n
    if not total:
        return doc, np.zeros(0, dtype=np.int64)
    # the eight bytes from each position of the data as one number (the first byte lowest)
    words = np.ndarray(shape=(len(data) + 1,), dtype="<u8", buffer=data + bytes(8), strides=(1,))
    keys = [size] + [words[np.minimum(start + j, len(data))] & _KEEP_LOW[np.clip(size - j, 0, 8)]
                     for j in range(0, int(size.max()), 8)]
    order, new = _group(keys)
    firsts = order[new]  # one place of each distinct name
    known = np.array([vocabulary.setdefault(data[a:a + n], len(vocabulary))
                      for a, n in zip(start[firsts].tolist(), size[firsts].tolist())], dtype=np.int64)
    ids = np.empty(total, dtype=np.int64)
    ids[order] = known[np.cumsum(new) - 1]
    return doc, ids


def _split_each(values: list[bytes], vocabulary: dict[bytes, int]) -> tuple[np.ndarray, np.ndarray]:
    """``_parse`` one document at a time: any layout."""
    split: dict[bytes, list[int]] = {}  # many articles name the same names: each distinct value is split once
    docs, flat = array("q"), array("q")
    for d, blob in enumerate(values):
        ids = split.get(blob)
        if ids is None:
            ids = split[blob] = [vocabulary.setdefault(name.encode("utf-8"), len(vocabulary))
                                 for name in S.names_of_column_bytes(blob)]
        flat.extend(ids)
        docs.extend([d] * len(ids))
    return np.frombuffer(docs, dtype=np.int64), np.frombuffer(flat, dtype=np.int64)


def _build(leaf: IndexReader, fieldname: str) -> EntityTable:
    doc_count = leaf.doc_count_all()
    if not leaf.has_column(fieldname):  # no article of this segment names one
        return EntityTable([], np.zeros(doc_count + 1, dtype=np.int64), np.zeros(0, dtype=np.int32))
    column = leaf.column_reader(fieldname, column=S.entity_column_bytes(), translate=False)
    vocabulary: dict[bytes, int] = {}
    stored = _stored(column, doc_count)
    parsed = _parse(*stored, vocabulary) if stored is not None else None
    if parsed is None:
        vocabulary.clear()
        values = ([stored[0][o:o + n] for o, n in zip(stored[1].tolist(), stored[2].tolist())] if stored is not None
                  else [column[d] for d in range(doc_count)])
        parsed = _split_each(values, vocabulary)
    doc, ids = parsed
    if len(ids):  # a name written twice in one article counts once: keep its first place
        _, first = np.unique(doc * len(vocabulary) + ids, return_index=True)
        keep = np.zeros(len(ids), dtype=bool)
        keep[first] = True
        doc, ids = doc[keep], ids[keep]
    starts = np.zeros(doc_count + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, minlength=doc_count), out=starts[1:])
    return EntityTable([k.decode("utf-8") for k in vocabulary], starts, ids.astype(np.int32))


def table(leaf: IndexReader, fieldname: str) -> EntityTable:
    """The entity table of one segment's field, built on first use and kept with the segment's reader."""
    cache = reader_cache(leaf).setdefault("entity_tables", {})
    found = cache.get(fieldname)
    if found is None:
        found = cache[fieldname] = _build(leaf, fieldname)
    return found


def hand_over(old: IndexReader, new: IndexReader) -> None:
    """Give ``new`` the entity tables ``old`` built for the segments both hold: a segment's columns never
    change once written (only its deletions do, which the tables leave to their callers), so a searcher
    opened after a commit need not read them again."""
    built = {_segment_id(leaf): reader_cache(leaf).get("entity_tables") for leaf, _ in old.leaf_readers()}
    for leaf, _ in new.leaf_readers():
        tables = built.get(_segment_id(leaf)) if _segment_id(leaf) is not None else None
        if tables:
            reader_cache(leaf).setdefault("entity_tables", {}).update(tables)


def _segment_id(leaf: IndexReader) -> str | None:
    """The id of the segment a leaf reader reads (None for a reader of no segment: an empty index's)."""
    segment = getattr(leaf, "segment", None)
    return getattr(segment() if callable(segment) else None, "segid", None)


def segments(reader: IndexReader, docnums: Sequence[int]) -> list[tuple[IndexReader, np.ndarray]]:
    """Each segment holding some of ``docnums`` (ascending, index-wide) with its share, as local numbers."""
    out = []
    leaves = reader.leaf_readers()
    for i, (leaf, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else offset + leaf.doc_count_all()
        lo, hi = bisect_left(docnums, offset), bisect_left(docnums, end)
        if hi > lo:
            out.append((leaf, np.asarray(docnums[lo:hi], dtype=np.int64) - offset))
    return out


def name_counts(reader: IndexReader, fieldname: str, docnums: Sequence[int]) -> dict[str, int]:
    """How many of ``docnums`` (ascending, index-wide, none deleted) name each name of ``fieldname``, by
    name as written (spellings not merged)."""
    counts: dict[str, int] = {}
    for leaf, local in segments(reader, docnums):
        t = table(leaf, fieldname)
        t.add_to(counts, t.counts(local))
    return counts
