"""Snippets: the passages of an article around the query's words, with the words' offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from whoosh import query as wq

from ..index import schema as S
from ..index.analysis import STOP_WORDS_NEWS, TOKEN_PATTERN, normalize_word
from ..index.folding import WORD_CHAR
from .exact import ExactWords

if TYPE_CHECKING:
    from whoosh.analysis import Composable
    from whoosh.query import Query
    from whoosh.searching import Searcher

    from .compiled import Compiled

WORD = re.compile(rf"{WORD_CHAR}+(?:['\u2019]{WORD_CHAR}+)*")  # (with the marks words hold, as the tokenizer)
TOKEN = re.compile(TOKEN_PATTERN)  # the words as a quoted phrase reads them (index/analysis.py)

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


# The query's words marked in one article, at most: "z z z ..." five million times over (a scraper's
# junk) took minutes to mark word by word, past the search's time budget
MAX_SPANS = 1_000


MIN_PASSAGE = 40  # characters each of two passages needs at least; a shorter snippet shows one
CONTEXT = 20  # characters a passage keeps for words around a run of matches (at most a fifth of it)


def make_snippet(text: str, analyzer: Composable, query_terms: set[str], chars: int,
                 phrases: Sequence[tuple[tuple[str, ...], bool]] = ()) -> str:
    """Up to two passages of ``text`` around the query's words (``matched_spans``), each matched word
    between MARK_START and MARK_END (``split_marks`` turns them into offsets). The snippet shown, with its
    "…"s, is at most ``chars`` characters (nothing at 0); only a matched word longer than that is shown whole."""
    if chars <= 0 or not (query_terms or phrases) or not text:
        return ""
    spans = matched_spans(text, analyzer, query_terms, phrases)
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
    ranked = sorted(windows, key=lambda w: -w[2])
    # the "…"s: "… " before and " …" after one passage, "… " + " … " + " …" around two
    two = len(ranked) > 1 and (chars - 7) // 2 >= MIN_PASSAGE
    best = sorted(ranked[:2] if two else ranked[:1])
    budget = max(0, chars - (7 if two else 4)) // len(best)
    pieces = []
    floor = 0  # a passage starts after the one before it
    for w_start, w_end, _ in best:
        # a run of matches close together (a table of figures, a word over and over) is one window:
        # it is kept to the budget's worth of its matches, or the snippet grew to the whole run
        if w_end <= floor:  # shown in the passage before
            continue
        ends = [e for st, e in spans if w_start <= st and e <= w_start + budget - 2 * min(CONTEXT, budget // 5)]
        w_end = min(w_end, max(ends)) if ends else next(e for st, e in spans if st == w_start)
        a, b = _around(text, max(w_start, floor), w_end, budget, floor)
        floor = b
        piece = text[a:b]
        for start, end in reversed([sp for sp in spans if a <= sp[0] and sp[1] <= b]):
            piece = piece[:start - a] + MARK_START + piece[start - a:end - a] + MARK_END + piece[end - a:]
        pieces.append(("… " if text[:a].strip() else "") + piece + (" …" if text[b:].strip() else ""))
    snippet = " ".join(pieces).replace("… …", "…")
    if len(split_marks(snippet)[0]) > chars:  # a matched word longer than the snippet, and the "…"s: it alone
        start, end = next(sp for sp in spans if sp[0] >= best[0][0])
        return MARK_START + text[start:end] + MARK_END
    return snippet


def clipped(snippet: str, highlights: list[tuple[int, int]], chars: int) -> tuple[str, list[tuple[int, int]]]:
    """A snippet someone else cut (a cluster's highlighter, whose fragment sizes are approximate) kept to
    ``chars`` characters as ``make_snippet`` keeps its own: cut after a whole word, " …" included."""
    if len(snippet) <= chars:
        return snippet, highlights
    room = chars - 2  # for " …"
    if room <= 0:
        return "", []
    cut = snippet.rfind(" ", 0, room + 1)
    cut = cut if cut > 0 else room
    return snippet[:cut].rstrip(" …") + " …", [(a, b) for a, b in highlights if b <= cut]


def _around(text: str, start: int, end: int, budget: int, floor: int) -> tuple[int, int]:
    """``text[start:end]`` widened to ``budget`` characters, as evenly as the text allows, never before
    ``floor``, then narrowed to whole words (a word cut in two is left out, never the matched ones)."""
    extra = max(0, budget - (end - start))
    right = min(extra - min(extra // 2, start - floor), len(text) - end)
    left = min(extra - right, start - floor)
    a, b = start - left, end + right
    if a > 0 and not text[a - 1].isspace():
        gap = re.search(r"\s", text[a:start])
        a = a + gap.end() if gap else start
    if b < len(text) and not text[b].isspace():
        gaps = [m.start() for m in re.finditer(r"\s", text[end:b])]
        b = end + gaps[-1] if gaps else end
    return a, b


def stem_head(term: str) -> str:
    """The letters every word indexed as ``term`` (a stem) begins with: its first three, but the last of
    them when it is Porter's i for a y ("may" and "days" are indexed as "mai" and "dai"); a stem shorter
    than three letters whole ("gas" is "ga", "died" "di")."""
    head = term[:3]
    return head[:2] if len(head) == 3 and head[2] == "i" else head


def matched_spans(text: str, analyzer: Composable, query_terms: set[str],
                  phrases: Sequence[tuple[tuple[str, ...], bool]] = ()) -> list[tuple[int, int]]:
    """Where the query's words stand in ``text`` (a body, a title), as sorted [start, end) offsets.

    A term holding ``*`` or ``?`` is a wildcard pattern (``wildcard_terms``), matched against each
    word's indexed form as the index matched it. Only tokens that could match (same first letters as a
    query term) are analysed, which keeps this an order of magnitude cheaper than re-analysing the
    whole article. ``phrases`` (``exact_phrases``) are marked where their words stand as written.
    """
    if not (query_terms or phrases) or not text:
        return []
    patterns = [t for t in query_terms if "*" in t or "?" in t]
    parted = [t.split(" ") for t in query_terms if " " in t]  # a word searched as its parts side by side
    terms = query_terms.difference(patterns).difference(" ".join(p) for p in parted)
    heads = [re.split(r"[*?]", p, maxsplit=1)[0] for p in patterns]
    # "r*ning": any word starting with "r" may match
    prefixes = tuple({stem_head(t) for t in terms} | {h[:3] for h in heads})
    matches = re.compile("|".join(re.escape(p).replace(r"\*", ".*").replace(r"\?", ".") for p in patterns)
                         ).fullmatch if patterns else None
    spans = []
    found: dict[str, bool] = {}  # each word analysed once: a page of one word repeated is one analysis
    for m in TOKEN.finditer(text):  # the words as the index reads them: "U.S." and "AT&T" are one each
        word = m.group()
        hit = found.get(word)
        if hit is None:
            folded = normalize_word(word)  # US-spelled, as the terms are: "grey" is "gray", "tyres" "tires"
            hit = found[word] = (folded.startswith(prefixes) or not folded.isascii()) and any(
                t.text in terms or (matches and matches(t.text)) for t in analyzer(word, mode="query"))
        if hit:
            spans.append((m.start(), m.end()))
            if len(spans) == MAX_SPANS:  # two passages are shown: the first thousand matches hold them
                break
    if parted:
        spans = sorted(set(spans) | set(parted_spans(text, analyzer, parted)))
    if phrases:
        spans = sorted(set(spans) | set(phrase_spans(text, phrases)))
    return spans


def parted_spans(text: str, analyzer: Composable, parted: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """Where in ``text`` the parts of a word written in parts ("pre-war", "11.3": ``parted``, each its parts'
    indexed forms) stand side by side, as the index matched them: stop words left out of the count."""
    heads = tuple({stem_head(t) for part in parted for t in part})
    seq: list[tuple[str | None, int, int]] = []  # each word but stop words: its indexed form if it may be a part
    for m in TOKEN.finditer(text):
        folded = normalize_word(m.group())
        if not folded or folded in STOP_WORDS_NEWS:
            continue
        form = None
        if folded.startswith(heads) or not folded.isascii():
            form = next((t.text for t in analyzer(m.group(), mode="query")), None)
        seq.append((form, m.start(), m.end()))
    spans: set[tuple[int, int]] = set()
    for part in parted:
        n = len(part)
        for i in range(len(seq) - n + 1):
            if all(seq[i + k][0] == part[k] for k in range(n)):
                spans.update((a, b) for _, a, b in seq[i:i + n])
    return sorted(spans)


def phrase_spans(text: str, phrases: Sequence[tuple[tuple[str, ...], bool]]) -> list[tuple[int, int]]:
    """Where in ``text`` each quoted phrase's words stand as written (folded, not stemmed; stop words
    between them not checked, as the index checks them); with ``pairs`` false (a slop) each word alone."""
    wanted = {w for words, _ in phrases for w in words}
    seq: list[tuple[str | None, int, int]] = []  # the text's words but stop words, None where no phrase word
    for m in TOKEN.finditer(text):
        low = m.group().lower()
        if low in STOP_WORDS_NEWS:
            continue
        word = normalize_word(low)  # US-spelled, as the phrase's words are: "sceptical" is "skeptical"
        seq.append((word if word in wanted else None, m.start(), m.end()))
    spans: set[tuple[int, int]] = set()
    for words, pairs in phrases:
        if not pairs or len(words) == 1:
            spans.update((a, b) for w, a, b in seq if w in words)
            continue
        n = len(words)
        for i in range(len(seq) - n + 1):
            if all(seq[i + k][0] == words[k] for k in range(n)):
                spans.update((a, b) for _, a, b in seq[i:i + n])
    return sorted(spans)


def _scored_parts(compiled: Compiled) -> Iterator[Query]:
    """The scored query's parts down to its leaves, a quoted phrase (``ExactWords``) as one part and
    exclusions left out: what a snippet marks."""
    stack = [compiled.scored]
    while stack:
        q = stack.pop()
        if q is None or isinstance(q, wq.Not):
            continue
        yield q
        if not isinstance(q, ExactWords):
            stack.extend(q.children())


def _fields(field: str | None) -> tuple[str, ...]:
    """The text fields whose parts of the query mark a text: one (its own), or the body and the title."""
    return (field,) if field else (S.BODY, S.TITLE)


def exact_phrases(compiled: Compiled, field: str | None = None) -> list[tuple[tuple[str, ...], bool]]:
    """The body and title phrases in quotes (``field``'s alone, when given), as (their words as written,
    whether neighbours must stand together): they match words, not stems, so a snippet must not mark other
    words of the same stem."""
    tags = {S.EXACT_TAGS[f] for f in _fields(field)}
    return [(q.words, q.pairs) for q in _scored_parts(compiled) if isinstance(q, ExactWords) and q.tag in tags]


def query_terms(searcher: Searcher, compiled: Compiled) -> set[str]:
    """The indexed forms of the query's plain words; a word written in parts ("pre-war", "11.3"), which the
    index matched as its parts side by side, as its parts joined by a space (``parted_spans`` marks them)."""
    terms: set[str] = set()
    for word in compiled.words:
        forms = list(searcher.schema[S.BODY].process_text(word, mode="query"))
        if len(forms) > 1:
            terms.add(" ".join(forms))
        else:
            terms.update(forms)
    return terms


def wildcard_terms(compiled: Compiled, field: str | None = None) -> set[str]:
    """The body and title wildcards (``field``'s alone, when given) of the scored query as patterns
    (``refer*``, ``ref?rr*``): they match indexed stems ("referred" is "referr"), so a snippet must match
    the words' stems against them."""
    fields = _fields(field)
    return {q.text + "*" if isinstance(q, wq.Prefix) else q.text for q in _scored_parts(compiled)
            if isinstance(q, (wq.Prefix, wq.Wildcard)) and q.fieldname in fields}


def phrase_terms(searcher: Searcher, compiled: Compiled, field: str | None = None) -> set[str]:
    """Body and title terms (``field``'s alone, when given: ``title:port`` marks no body) of the scored query
    (fields, unquoted phrases; not the stems of quoted words, which ``exact_phrases`` marks): what a snippet
    should mark."""
    fields = _fields(field)
    out: set[str] = set()
    for q in _scored_parts(compiled):
        if isinstance(q, ExactWords) or any(True for _ in q.children()):
            continue
        if isinstance(q, wq.Phrase):  # "title:pre-war": its parts side by side
            if q.fieldname in fields:
                out.add(" ".join(q.words))
            continue
        try:
            for fieldname, term in q.iter_all_terms():
                if fieldname in fields:
                    out.add(term.decode("utf-8") if isinstance(term, bytes) else term)
        except (AttributeError, TypeError):
            pass
    return out
