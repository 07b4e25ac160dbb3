"""Reading a column across every segment of an index, segments without it included."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from whoosh.columns import EmptyColumnReader, MultiColumnReader

if TYPE_CHECKING:
    from whoosh.columns import ColumnReader
    from whoosh.reading import IndexReader


def column_reader(reader: IndexReader, fieldname: str, **options: Any) -> ColumnReader:
    """``reader``'s column of ``fieldname``, indexed by the reader's document numbers.

    Use this, never ``reader.column_reader``: Whoosh writes a segment's column only when one of its
    documents has a value, and its multi-segment reader leaves such segments out of the offsets, so
    the documents of a segment of undated articles read the dates of another segment's (a timeline
    then crashed on an impossible date). A segment's own reader answers the column's default there.
    ``options``: ``column``, ``reverse`` and ``translate``, as Whoosh takes them.
    """
    if reader.segments() is None:  # an index without any segment: Whoosh's empty reader has no columns
        column = options.get("column") or reader.schema[fieldname].column_type
        assert column is not None, fieldname  # as Whoosh's own column_reader: only fields with a column
        return EmptyColumnReader(column.default_value(options.get("reverse", False)), 0)
    if reader.is_atomic():
        return reader.column_reader(fieldname, **options)
    leaves = reader.leaf_readers()
    return _Segments([leaf.column_reader(fieldname, **options) for leaf, _ in leaves],
                     [offset for _, offset in leaves], reader.doc_count_all())


class _Segments(MultiColumnReader):
    """Whoosh's column over several segments, with its length: given the offsets, Whoosh's counts no
    documents, so len() and bool() called every index-wide column empty (a timeline of stories then
    counted articles)."""

    def __init__(self, readers: list[ColumnReader], offsets: list[int], doccount: int):
        super().__init__(readers, offsets)
        self._doccount = doccount
