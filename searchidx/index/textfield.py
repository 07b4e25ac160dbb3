"""The text fields (title, body, author, unknown header keys): Whoosh's TEXT, written without a Token
object per word.

Whoosh indexes a TEXT value through ``Positions.word_values``, which drives the analyzer's token
stream through two generator layers and pickles each term's position list: on short newswire that
was the larger part of ``add_document``. ``NewsText.index`` asks ``NewsAnalyzer.term_positions`` for
the same terms and positions in one pass and encodes them as ``Positions.encode`` does, byte for byte
(tests/test_textfield.py holds the two paths to that). Searching is unchanged: the field's analyzer is
still the one queries go through.

The schema is pickled into each index under this module and class name: rename neither without
bumping the index format version in ``store.py``. Indexes written before this field existed hold
Whoosh's TEXT instead and stay readable and writable (through the analyzer's token stream).
"""

from __future__ import annotations

from collections.abc import Iterable
from pickle import dumps
from typing import Any

from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from .analysis import NewsAnalyzer, plain_analyzer, plain_term_positions

# Most terms of a short article occur once: their encoded position lists, by position, made once.
_SINGLE: dict[int, bytes] = {}


def encode_positions(positions: list[int]) -> bytes:
    """``Positions.encode``: the count, then the pickled list of gaps between positions."""
    if len(positions) == 1:
        pos = positions[0]
        encoded = _SINGLE.get(pos)
        if encoded is None:
            encoded = _SINGLE[pos] = pack_uint(1) + dumps([pos], 2)
        return encoded
    gaps = [b - a for a, b in zip([0, *positions], positions)]
    return pack_uint(len(gaps)) + dumps(gaps, 2)


def _postings(positions: dict[str, list[int]], boost: float) -> list[tuple[bytes, int, float, bytes]]:
    """What ``Positions.word_values`` yields for these terms and positions."""
    return [(term.encode("utf-8"), len(held), float(len(held)) * boost, encode_positions(held))
            for term, held in positions.items()]


class NewsText(TEXT):
    """A TEXT field analysed by ``NewsAnalyzer`` whose postings are written by one pass over the words."""

    def index(self, value: Any, **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:  # type: ignore[override]
        analyzer = self.analyzer
        # a list of words, or options such as start_pos, take Whoosh's own path
        if kwargs or not isinstance(value, str) or type(analyzer) is not NewsAnalyzer \
                or type(self.format) is not Positions:
            return super().index(value, **kwargs)
        return _postings(analyzer.term_positions(value), self.format.field_boost)


class PlainText(TEXT):
    """A TEXT field analysed by ``plain_analyzer`` (folded, not stemmed: the author, unknown header keys),
    written in one pass as ``NewsText`` is. A short value through Whoosh's token stream cost as much as
    a dozen ID fields: the setting up of its generator layers, whatever the length of the text."""

    def __init__(self, **kwargs: Any):
        super().__init__(analyzer=plain_analyzer(), **kwargs)

    def index(self, value: Any, **kwargs: Any) -> Iterable[tuple[bytes, int, float, bytes]]:  # type: ignore[override]
        fmt = self.format
        if kwargs or not isinstance(value, str) or type(fmt) is not Positions:
            return super().index(value, **kwargs)
        return _postings(plain_term_positions(value), fmt.field_boost)
