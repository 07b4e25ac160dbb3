"""What queries are compiled against, read from the index once per reader: a library user's searcher and
its reader stay open across queries, and reading lexicons or filter sets visits every segment."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

_PER_READER: weakref.WeakKeyDictionary[IndexReader, dict[Any, Any]] = weakref.WeakKeyDictionary()


def reader_cache(reader: IndexReader) -> dict[Any, Any]:
    """A dict kept for as long as ``reader`` lives (a new one for a reader that cannot be weakly referenced)."""
    try:
        return _PER_READER.setdefault(reader, {})
    except TypeError:  # a reader that cannot be weakly referenced is not cached
        return {}
