"""TREC files: relevance judgements (qrels, ``qid 0 docid rel``) and run files (``qid Q0 docid rank score tag``).

Fields are separated by white space, so a query or article id holding white space or ``%`` is written
percent-encoded (``my notes.txt`` -> ``my%20notes.txt``) and every id read is decoded the same way:
searchidx's own files round-trip exactly, and ids without those characters read as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

from ..errors import EvalError
from ..wholefile import written_whole
from . import RUN_TAG

_ENCODE = re.compile(r"[%\s]")


def encode(text: str) -> str:
    """An id as one TREC field: white space and ``%`` percent-encoded (UTF-8)."""
    return _ENCODE.sub(lambda m: quote(m.group(), safe=""), text)


def decode(field_text: str) -> str:
    """The id a TREC field holds (the inverse of encode)."""
    return unquote(field_text) if "%" in field_text else field_text


@dataclass
class Qrels:
    """Relevance judgements: query id -> article id -> grade (0 not relevant, 1 or more relevant)."""

    judgements: dict[str, dict[str, int]]
    path: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # each query id's first line, for errors

    def where(self, qid: str) -> str:
        """Where a query's judgements were written: ``file:line`` (or the file)."""
        return f"{self.path}:{self.lines[qid]}" if qid in self.lines else self.path

    def relevant(self, qid: str) -> list[str]:
        """The ids judged relevant (grade 1 or more) for a query, in the order written."""
        return [doc for doc, grade in self.judgements.get(qid, {}).items() if grade > 0]


@dataclass
class Run:
    """A ranking per query: query id -> article id -> score (higher first, as trec_eval reads it)."""

    rankings: dict[str, dict[str, float]]
    path: str = ""
    tag: str = ""


def _lines(path: str | Path, what: str) -> Iterator[tuple[int, list[str]]]:
    """The non-blank lines of a file as fields, with line numbers; ``#`` starts a comment line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a BOM is not part of the first id
    except UnicodeDecodeError as e:
        at = Path(path).read_bytes()[:e.start].count(b"\n") + 1
        raise EvalError(f"not UTF-8 text ({e.reason} at byte {e.start}); a {what} file is plain text", str(path),
                        at) from None
    except OSError as e:
        raise EvalError(f"cannot read the {what} file: {e.strerror or e}", str(path)) from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line.split()


def read_qrels(path: str | Path) -> Qrels:
    """Read a TREC qrels file (``query-id iteration doc-id relevance`` per line); EvalError names file:line."""
    p = str(path)
    qrels = Qrels({}, p)
    first: dict[tuple[str, str], int] = {}
    for number, parts in _lines(p, "qrels"):
        if len(parts) != 4:
            raise EvalError(f"expected 4 fields 'query-id 0 doc-id relevance', found {len(parts)}: "
                            f"{' '.join(parts)[:80]!r}", p, number)
        qid, _, doc, grade = decode(parts[0]), parts[1], decode(parts[2]), parts[3]
        if not re.fullmatch(r"-?\d+", grade):
            raise EvalError(f"relevance {grade!r} is not a whole number (0 not relevant, 1 or more relevant)",
                            p, number)
        if (qid, doc) in first:
            raise EvalError(f"query {qid!r}: {doc!r} is judged twice (first at line {first[qid, doc]})", p, number)
        first[qid, doc] = number
        qrels.judgements.setdefault(qid, {})[doc] = int(grade)
        qrels.lines.setdefault(qid, number)
    if not qrels.judgements:
        raise EvalError("no judgements in the qrels file (lines 'query-id 0 doc-id relevance')", p)
    return qrels


def read_run(path: str | Path) -> Run:
    """Read a TREC run file (``query-id Q0 doc-id rank score tag`` per line); EvalError names file:line."""
    p = str(path)
    run = Run({}, p)
    first: dict[tuple[str, str], int] = {}
    for number, parts in _lines(p, "run"):
        if len(parts) != 6:
            raise EvalError(f"expected 6 fields 'query-id Q0 doc-id rank score tag', found {len(parts)}: "
                            f"{' '.join(parts)[:80]!r}", p, number)
        qid, doc = decode(parts[0]), decode(parts[2])
        if not re.fullmatch(r"\d+", parts[3]):
            raise EvalError(f"rank {parts[3]!r} is not a whole number", p, number)
        try:
            score = float(parts[4])
        except ValueError:
            raise EvalError(f"score {parts[4]!r} is not a number", p, number) from None
        if (qid, doc) in first:
            raise EvalError(f"query {qid!r}: {doc!r} is ranked twice (first at line {first[qid, doc]})", p, number)
        first[qid, doc] = number
        run.rankings.setdefault(qid, {})[doc] = score
        run.tag = run.tag or parts[5]
    if not run.rankings:
        raise EvalError("no ranked documents in the run file (lines 'query-id Q0 doc-id rank score tag')", p)
    return run


def run_scores(scores: Sequence[float | None], first_rank: int = 1) -> list[float]:
    """The score column for a ranking starting at ``first_rank``. trec_eval orders a query's documents by
    score, not by rank, so the order shown must be the order of the scores: a score tied with the one
    above it is lowered by a millionth (wire copies often tie), and a ranking without relevance scores
    (sorted by date) gets 1 / rank, which keeps the order across pages too."""
    known = [float(s) for s in scores if s is not None]
    if len(known) < len(scores) or any(a < b for a, b in zip(known, known[1:])):
        return [1 / rank for rank in range(first_rank, first_rank + len(scores))]
    out: list[float] = []
    for score in known:
        out.append(score if not out or score < out[-1] else out[-1] - 1e-6 * max(1.0, abs(out[-1])))
    return out


def run_lines(qid: str, ranked: Iterable[tuple[str, float | None]], tag: str = RUN_TAG,
              first_rank: int = 1) -> Iterator[str]:
    """One query's ranking (ids best first, with their scores) as TREC run lines."""
    pairs = list(ranked)
    scores = run_scores([s for _, s in pairs], first_rank)
    for rank, (doc, score) in enumerate(zip([d for d, _ in pairs], scores), first_rank):
        yield f"{encode(qid)} Q0 {encode(doc)} {rank} {score!r} {encode(tag) or RUN_TAG}\n"


def write_run(path: str | Path, rankings: dict[str, list[tuple[str, float | None]]], tag: str = RUN_TAG) -> None:
    """Write rankings (query id -> ids with scores, best first) as a TREC run file, replaced whole."""
    try:
        with written_whole(path) as f:
            for qid, ranked in rankings.items():
                f.writelines(run_lines(qid, ranked, tag))
    except OSError as e:
        raise EvalError(f"cannot write the run file: {e.strerror or e}", str(path)) from None
