"""Many articles in one text file, as the news archives export them: LexisNexis (classic "1 of 25 DOCUMENTS"
and Nexis Uni's "End of Document"), Factiva (field codes HD, PD, SN... and its default article form ending
each article with "Document ..."): one module each (``lexisnexis``, ``factiva``), what they share in ``common``.

Such a file is found among ``.txt`` files by its markers, never its name (``export_of``); each format in
``EXPORTS`` gives one Article a document, numbered as a JSON Lines or CSV file's records (``path#N``). A
document that cannot be read is reported with its number and line and the others are kept (``keep_good``).
The labelled lines (``BYLINE:``, ``LENGTH:``, ``LOAD-DATE:``; Factiva's codes) are read as fields through the
one FieldMap, and kept out of the text; a label the FieldMap does not know is kept as metadata.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...article import Article
from ...headers import FieldMap
from .factiva import _is_factiva, read_factiva
from .lexisnexis import read_lexisnexis
from .marks import is_lexisnexis


@dataclass(frozen=True)
class Export:
    """A format of many articles in one text file: its name, how it is known, and its reader."""

    name: str
    detect: Callable[[str], bool]
    read: Callable[[str, str, FieldMap, str], list[Article]]


# Tried in order on each .txt file; a file none of them knows is read as one article (readers.text)
EXPORTS: tuple[Export, ...] = (
    Export("LexisNexis", is_lexisnexis, read_lexisnexis),
    Export("Factiva", _is_factiva, read_factiva),
)


def export_of(content: str) -> Export | None:
    """The export format ``content`` (line ends made \\n) is written in, or None for any other text."""
    return next((e for e in EXPORTS if e.detect(content)), None)

