"""Spelling suggestions for query words the index does not hold."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from whoosh.query import Term
from whoosh.support.levenshtein import distance as edit_distance

from ..index import schema as S
from ..index.analysis import fold_letters
from . import query as Q
from .parser import parse, quote
from .semantics import DEFAULT_FIELDS
from .snippets import WORD

CANDIDATES = 5  # indexed terms compared as written with a word no article holds (SURFACE_ARTICLES texts read each)
SURFACE_ARTICLES = 3  # articles read for the written forms of a candidate's stem
# Unknown words looked up at most, the first ones typed: each costs up to half a second on 100,000 articles,
# and a pasted paragraph with dozens took half a minute for a "did you mean" nobody reads whole
MAX_UNKNOWN_WORDS = 3
MAX_EDITS = 2  # a suggestion is a written word at most this many edits from the typed one
SUFFIX_CHARS = 3  # letters a stem may leave off the end of a typed word (pandemic -> pandem): see stems_of_prefixes

if TYPE_CHECKING:
    from whoosh.automata.fsa import NFA
    from whoosh.fields import FieldType
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher


def typed_words(text: str, literal: bool = False) -> list[str]:
    """The words typed for the title and body: plain words, a quoted phrase's words and a ``title:`` field's
    (each a word to correct: '"oill prices"', 'title:oill' and 'oill-prices' got no suggestion), not
    patterns."""
    found: list[str] = []

    def walk(node: Q.Node | None) -> None:
        if isinstance(node, Q.Term):
            if (node.field is None or S.QUERY_FIELDS.get(node.field) in DEFAULT_FIELDS) and \
                    (node.phrase or not any(c in node.value for c in "*?")):
                found.extend(re.findall(r"[^\s\-\u2010-\u2014/]+", node.value))
        elif isinstance(node, (Q.And, Q.Or)):
            for item in node.items:
                walk(item)
        elif isinstance(node, Q.Not):
            walk(node.item)

    walk(parse(quote(text) if literal else text))
    return found


def suggest(searcher: Searcher, text: str, literal: bool = False) -> str | None:
    """A corrected query text when some words are in no article (neither body nor title) but a close
    spelling is (the first MAX_UNKNOWN_WORDS such words).

    Candidates are the body's own (stemmed) terms within two edits; each is shown as the word
    that most often produced it in an article, so a user sees "economy", never the stem "economi".
    """
    field = searcher.schema[S.BODY]
    fixed = text
    changed = False
    unknown = 0
    for word in typed_words(text, literal):
        terms = list(field.process_text(word, mode="query"))
        if len(terms) != 1 or any(searcher.reader().doc_frequency(f, terms[0]) for f in (S.BODY, S.TITLE)):
            continue
        unknown += 1
        if unknown > MAX_UNKNOWN_WORDS:  # the rest stay as typed
            break
        # stems alike hide how far apart the words are ("genève" and "general" stem to genev and gener, one
        # edit apart, and general is the more frequent), and a slip can stem apart from the word meant
        # ("pandmic" keeps its -ic, "pandemic" stems to pandem, three edits from it, where panic is two):
        # of the most frequent stems near the typed word's stem, and of those near its first letters, the
        # written word closest to the one typed, within MAX_EDITS
        typed = fold_letters(word)
        reader = searcher.reader()
        options = dict.fromkeys(close_terms(reader, S.BODY, terms[0], limit=CANDIDATES)
                                + stems_of_prefixes(reader, S.BODY, typed, limit=CANDIDATES))
        surfaces = [s for s in (_surface_word(searcher, field, option, typed) for option in options) if s]
        surfaces = [s for s in surfaces if edit_distance(fold_letters(s), typed) <= MAX_EDITS]
        surface = min(surfaces, key=lambda s: edit_distance(fold_letters(s), typed), default=None)
        if surface and surface != word.lower():  # the word itself, not its letters inside another
            fixed = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", surface.replace("\\", r"\\"), fixed, count=1)
            changed = True
    return fixed if changed else None


def close_terms(reader: IndexReader, fieldname: str, text: str, limit: int, maxdist: int = 2,
                prefix: int = 1) -> list[str]:
    """Indexed terms close to ``text``: those one edit away if any, else two; the most frequent first.

    Like Lucene's spell checker (and Elasticsearch's term suggester), the first letter is taken as
    typed: each segment's term walk then covers one letter's terms, not the whole vocabulary. On
    the 100k benchmark index, an unknown word went from 0.6-0.9 s to 15-130 ms (530 ms at worst).
    Segments are asked one by one: Whoosh's corrector on a reader over several segments measured
    the distance to every term of the index.
    """
    for distance in range(1, maxdist + 1):
        found: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            found.update(leaf.terms_within(fieldname, text, distance, prefix=prefix))
        found.discard(text)
        if found:
            return sorted(found, key=lambda word: (-reader.frequency(fieldname, word), word))[:limit]
    return []


def stems_of_prefixes(reader: IndexReader, fieldname: str, typed: str, limit: int) -> list[str]:
    """Indexed terms one edit from the typed word or it without up to SUFFIX_CHARS last letters: the stems
    of words a slip in or before their suffix kept from stemming alike ("pandmic": pandem, from pandm);
    the nearest first, then the longest, then the most frequent. The first letter is taken as typed."""
    shortest = max(3, len(typed) - SUFFIX_CHARS)
    if len(typed) <= shortest:
        return []
    from whoosh.automata.fsa import find_all_matches

    dfa = _prefixes_within_one(typed, shortest).to_dfa()
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        cursor = leaf.cursor(fieldname)
        found.update(find_all_matches(dfa, lambda text, c=cursor: _at_or_after(c, text)))

    def nearness(term: str) -> tuple[int, int, int]:
        edits = min(edit_distance(term, typed[:n]) for n in range(shortest, len(typed) + 1))
        return edits, -len(term), -reader.frequency(fieldname, term)

    return sorted(found, key=nearness)[:limit]


def _prefixes_within_one(typed: str, shortest: int) -> NFA:
    """An automaton of the words one edit (or none) from ``typed`` or a prefix of it of at least ``shortest``
    letters, its first letter as typed (whoosh's Levenshtein automaton, with more final states)."""
    from whoosh.automata.fsa import ANY, EPSILON, NFA

    end = len(typed)
    nfa = NFA((0, 0))
    nfa.add_transition((0, 0), typed[0], (1, 0))
    for i in range(1, end):
        c = typed[i]
        nfa.add_transition((i, 0), c, (i + 1, 0))
        nfa.add_transition((i, 1), c, (i + 1, 1))
        nfa.add_transition((i, 0), ANY, (i, 1))  # a letter too many
        nfa.add_transition((i, 0), EPSILON, (i + 1, 1))  # a letter missing
        nfa.add_transition((i, 0), ANY, (i + 1, 1))  # a letter wrong
    nfa.add_transition((end, 0), ANY, (end, 1))
    for i in range(shortest, end + 1):
        nfa.add_final_state((i, 0))
        nfa.add_final_state((i, 1))
    return nfa


def _at_or_after(cursor: Any, text: str) -> str | None:  # (a codec's cursor: its base class has no text())
    """The first term of ``cursor``'s field at or after ``text`` (None past the last)."""
    cursor.find(text)
    return cursor.text()


def _surface_word(searcher: Searcher, field: FieldType, term: str, typed: str) -> str | None:
    """The written form of an indexed term closest to what the user typed (then the most frequent),
    read from the first SURFACE_ARTICLES articles that contain it: one article writes one or two of a stem's
    forms ('recessed'), and the one typed may fill the others ('recession')."""
    hits = searcher.search(Term(S.BODY, term), limit=SURFACE_ARTICLES)
    forms: Counter[str] = Counter()
    for hit in hits:
        for m in WORD.finditer(hit.get(S.BODY) or ""):
            word = m.group().lower()
            if word[:2] == term[:2] or not word.isascii():
                if term in field.process_text(word, mode="query"):
                    forms[word] += 1
    return min(forms, key=lambda form: (edit_distance(form, typed), -forms[form])) if forms else None
