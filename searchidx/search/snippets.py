"""Snippets: the passages of an article around the query's words, with the words' offsets."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from whoosh import query as wq

from ..index import schema as S

if TYPE_CHECKING:
    from whoosh.analysis import Composable
    from whoosh.searching import Searcher

    from .compiled import Compiled

WORD = re.compile(r"\w+(?:['\u2019]\w+)*")

MARK_START, MARK_END = "\x02", "\x03"  # where a matched word starts and ends, until split off below


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Marked snippet text -> (plain text with whitespace runs as single spaces, [(start, end), ...])."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    start = None
    for ch in " ".join(marked.split()):
        if ch == MARK_START:
            start = len(plain)
        elif ch == MARK_END:
            if start is not None:
                spans.append((start, len(plain)))
            start = None
        else:
            plain.append(ch)
    return "".join(plain), spans


def make_snippet(text: str, analyzer: Composable, query_terms: set[str], chars: int) -> str:
    """Up to two passages of ``text`` around the query's words, each matched word between MARK_START
    and MARK_END (``split_marks`` turns them into offsets).

    A term holding ``*`` or ``?`` is a wildcard pattern (``wildcard_terms``), matched against each
    word's indexed form as the index matched it. Only tokens that could match (same first letters as a
    query term) are analysed, which keeps this an order of magnitude cheaper than re-analysing the
    whole article.
    """
    if not query_terms or not text:
        return ""
    patterns = [t for t in query_terms if "*" in t or "?" in t]
    terms = query_terms.difference(patterns)
    heads = [re.split(r"[*?]", p, maxsplit=1)[0] for p in patterns]
    prefixes = {t[:3] for t in terms} | {h[:3] for h in heads if len(h) >= 3}
    short = tuple(h for h in heads if len(h) < 3)  # "r*ning": any word starting with "r" may match
    matches = re.compile("|".join(re.escape(p).replace(r"\*", ".*").replace(r"\?", ".") for p in patterns)
                         ).fullmatch if patterns else None
    spans = []
    for m in WORD.finditer(text):
        word = m.group()
        folded = word.lower()
        if folded[:3] not in prefixes and not folded.startswith(short) and folded.isascii():
            continue
        if any(t.text in terms or (matches and matches(t.text)) for t in analyzer(word, mode="query")):
            spans.append((m.start(), m.end()))
    if not spans:
        return ""
    half = chars // 4
    windows: list[list[int]] = []
    for start, end in spans:
        if windows and start - windows[-1][1] < half:
            windows[-1][1] = end
            windows[-1][2] += 1
        else:
            windows.append([start, end, 1])
    best = sorted(sorted(windows, key=lambda w: -w[2])[:2])
    pieces = []
    budget = chars // max(1, len(best))
    for w_start, w_end, _ in best:
        pad = max(20, (budget - (w_end - w_start)) // 2)
        a, b = max(0, w_start - pad), min(len(text), w_end + pad)
        a = text.rfind(" ", 0, a) + 1 if a > 0 else 0
        b_space = text.find(" ", b)
        b = b_space if b_space != -1 else len(text)
        piece = text[a:b]
        for start, end in reversed([sp for sp in spans if a <= sp[0] and sp[1] <= b]):
            piece = piece[:start - a] + MARK_START + piece[start - a:end - a] + MARK_END + piece[end - a:]
        pieces.append(("… " if a > 0 else "") + piece + (" …" if b < len(text) else ""))
    return " ".join(pieces).replace("… …", "…")


def query_terms(searcher: Searcher, compiled: Compiled) -> set[str]:
    terms: set[str] = set()
    for word in compiled.words:
        terms.update(searcher.schema[S.BODY].process_text(word, mode="query"))
    return terms


def wildcard_terms(compiled: Compiled) -> set[str]:
    """The body and title wildcards of the scored query as patterns (``refer*``, ``ref?rr*``): they match
    indexed stems ("referred" is "referr"), so a snippet must match the words' stems against them."""
    out: set[str] = set()
    stack = [compiled.scored]
    while stack:
        q = stack.pop()
        if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.fieldname in (S.BODY, S.TITLE):
            out.add(q.text + "*" if isinstance(q, wq.Prefix) else q.text)
        elif q is not None:
            stack.extend(q.children())
    return out


def phrase_terms(searcher: Searcher, compiled: Compiled) -> set[str]:
    """Body and title terms of the scored query (phrases, fields): what a snippet should mark."""
    out: set[str] = set()
    try:
        for fieldname, term in compiled.scored.iter_all_terms():
            if fieldname in (S.BODY, S.TITLE):
                out.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    except (AttributeError, TypeError):
        pass
    return out
