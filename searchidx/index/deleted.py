"""What a segment's deleted articles leave in its term lists.

Whoosh deletes an article by marking it: its terms stay in the segment's term lists, with their
document frequencies, until a merge rewrites the segment. An update replaces a changed file's
articles that way, so the names and sources of an old version are still listed by a walk over a
field's terms. What lists a field's values (``stats``, name lookups) takes these off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from whoosh.reading import IndexReader


def dead_terms(leaf: IndexReader, fieldname: str) -> set[str]:
    """The values of ``fieldname`` in one segment's reader that only its deleted articles hold.

    The candidates are read from the field's column for the deleted articles only (a segment holds
    few); each is kept if its posting list, which skips deleted articles, has none left.
    """
    deleted = getattr(leaf, "deleted_docs_set", None)  # a segment's reader; an empty index has none
    if not deleted or not leaf.has_column(fieldname):
        return set()
    column = leaf.column_reader(fieldname)
    held: set[str] = set()
    for docnum in deleted:
        value = column[docnum]
        held.update(value if isinstance(value, list) else [value])
    return {term for term in held
            if term and (fieldname, term) in leaf  # type: ignore[operator]  # str terms: the reader encodes them
            and next(iter(leaf.postings(fieldname, term).all_ids()), None) is None}


def live_terms(reader: IndexReader, fieldname: str) -> set[str]:
    """Every value of ``fieldname`` that an article of the index (not a deleted one) holds."""
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        if fieldname in leaf.indexed_field_names():
            found.update(set(leaf.field_terms(fieldname)) - dead_terms(leaf, fieldname))
    return found
