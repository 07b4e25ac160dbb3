"""What a segment's deleted articles leave in its term lists.

Whoosh deletes an article by marking it: its terms stay in the segment's term lists, with their
document frequencies, until a merge rewrites the segment. An update replaces a changed file's
articles that way, so the names and sources of an old version are still listed by a walk over a
field's terms. What lists or resolves a field's values (``stats``, name lookups) asks these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


def held(reader: IndexReader, fieldname: str, term: str) -> bool:
    """Whether an article of the index, not a deleted one, holds ``term`` in ``fieldname``: a posting
    list skips deleted articles (a look at a few postings; term walks stay as cheap as they were)."""
    if (fieldname, term) not in reader:  # type: ignore[operator]  # str terms: the reader encodes them
        return False
    return not reader.has_deletions() or next(iter(reader.postings(fieldname, term).all_ids()), None) is not None


def live_terms(reader: IndexReader, fieldname: str) -> set[str]:
    """Every value of ``fieldname`` that an article of the index holds (for fields of few values)."""
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        if fieldname in leaf.indexed_field_names():
            found.update(t for t in leaf.field_terms(fieldname) if t not in found and held(leaf, fieldname, t))
    return found
