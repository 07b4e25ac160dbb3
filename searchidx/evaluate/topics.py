"""TREC topics as a plain file: one topic a line, its id, a tab, and the query text (Anserini's TSV form).

The text is searched as plain words (``literal``): topics are written for people, and their
punctuation (``U.S.``, ``COVID-19``, quotes) is not query syntax.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvalError
from .trec import decode

if TYPE_CHECKING:
    from ..saved import ResolvedQuery

SAVED_SUFFIXES = (".yaml", ".yml")  # a QUERIES file with another suffix is read as topics


def is_topics_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() not in SAVED_SUFFIXES


def read_topics(path: str | Path) -> list[ResolvedQuery]:
    """The topics of a ``query-id<TAB>text`` file as queries named by their ids; EvalError names file:line."""
    from ..saved import ResolvedQuery
    from ..search.query import Query

    p = str(path)
    try:
        text = Path(p).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise EvalError(f"not UTF-8 text ({e.reason} at byte {e.start}); a topics file is plain text", p) from None
    except OSError as e:
        raise EvalError(f"cannot read the topics file: {e.strerror or e}", p) from None
    topics: list[ResolvedQuery] = []
    first: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        qid, tab, words = line.strip().partition("\t")
        if not tab and "\t" in line and qid and not re.search(r"\s", qid):  # 't1<TAB>' (the strip took the tab)
            raise EvalError(f"topic {decode(qid)!r} has no query text after its tab", p, number)
        if not tab or not words.strip() or re.search(r"\s", qid):
            raise EvalError("expected a query id, a tab and the query text (a saved-query file ends in "
                            f"{' or '.join(SAVED_SUFFIXES)})", p, number)
        qid = decode(qid)
        if qid in first:
            raise EvalError(f"query id {qid!r} is used twice (first at line {first[qid]})", p, number)
        first[qid] = number
        topics.append(ResolvedQuery(qid, Query(q=" ".join(words.split()), literal=True), "table", None, None,
                                    where_output=f"{p}:{number}: topic {qid!r}"))
    if not topics:
        raise EvalError("no topics in the file (lines 'query-id<TAB>query text')", p)
    return topics
