"""Query -> Whoosh: a scored query, a filter and a mask (which never change scores), and facets.

Top-level ANDed parts on entity, source and date fields become filters; everything else is scored
with BM25F over title and body, plus a proximity bonus when the words stand close together.
"""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING

from whoosh import query as wq
from whoosh import sorting

from .. import dates
from ..enrich.aliases import Registry, fold
from ..errors import QuerySyntaxError
from ..index import schema as S
from ..index.analysis import exact_words, fold_letters, wildcard_forms, wildcard_word
from ..languages import language_code
from . import parser
from .andnot import AndNot
from .compiled import Compiled
from .datequery import date_query, period_query
from .exact import ExactWords
from .lexicon import Lexicon
from .query import And, Node, Not, Or, Query, Range, Term
from .semantics import (
    ANY,
    BODY_SLOP,
    BOTH_OR_EITHER,
    DEFAULT_FIELDS,
    KEY_FIELDS,
    PROXIMITY_BOOST,
    check_text_pattern,
    conjuncts,
    is_filter,
    key_pattern,
    leaves_out_stories,
    lowercase_operators,
    nonempty_parts,
    pattern_kind,
    proximity_words,
    read_range,
    unknown_field,
    unquoted_names,
    word_rule,
)
from .ties import IdOnTies
from .unscored import Unscored

if TYPE_CHECKING:
    from whoosh.searching import Searcher

MAX_EXPANSIONS = 1024  # words one query's wildcards may stand for, together


def boosted(q: wq.Query, factor: float) -> wq.Query:
    """``q`` counting ``factor`` times as much (``oil^2``, ``title:"oil prices"^3``). A wrapper such as
    ExactWords has no boost of its own (reading one was an AttributeError): its innermost query has."""
    if factor == 1.0:
        return q
    inner = q
    while isinstance(inner, wq.WrappingQuery):
        inner = inner.child
    return q.with_boost(getattr(inner, "boost", 1.0) * factor)


class Compiler:
    """Compiles Queries against one open searcher (entity values are matched to the index's own)."""

    def __init__(self, searcher: Searcher, registry: Registry, now: datetime | None = None):
        self.searcher = searcher
        self.schema = searcher.schema
        self.registry = registry
        self.now = now
        self.lexicon = Lexicon(searcher.reader())
        self.notes: list[str] = []
        self.words: list[str] = []
        self.entity_values: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.expanded = 0  # words the query's wildcards stood for so far
        self.text = ""

    # --- helpers ---------------------------------------------------------------------------------

    def _analyzed(self, fieldname: str, text: str) -> list[str]:
        return [t for t in self.schema[fieldname].process_text(text, mode="query")]

    def _text_query(self, fieldname: str, text: str, phrase: bool, slop: int) -> wq.Query | None:
        if not phrase and any(c in text for c in "*?"):
            check_text_pattern(self.text, text)
            forms: list[wq.Query] = []
            for pattern in wildcard_forms(fold_letters(text)):
                forms.append(self._pattern_query(fieldname, pattern_kind(pattern), text))
            word = wildcard_word(text) if fieldname in DEFAULT_FIELDS else None  # (only they hold stems)
            plain_word = self._text_query(fieldname, word, False, 0) if word else None
            if plain_word is not None:  # "running*" finds what "running" finds too (its stem, "runn")
                forms.append(plain_word)
            return forms[0] if len(forms) == 1 else wq.Or(forms)
        stemmed = self._words_query(fieldname, self._analyzed(fieldname, text), slop)
        tag = S.EXACT_TAGS.get(fieldname)
        if not phrase or tag is None or stemmed is None:
            return stemmed
        # Quotes mean these words, not their stems: the stemmed words match and score in order, and the
        # article's exact-word hashes decide. With a slop the words may stand apart: only they are checked.
        words = exact_words(text)
        # (reach: the stemmed phrase's own, _words_query's slop)
        return ExactWords(stemmed, tag, tuple(words), pairs=slop == 0, reach=max(1, slop + 1)) if words else stemmed

    def _key_query(self, fieldname: str, value: str, quoted: bool) -> wq.Query:
        """An id, url, year or month as typed; with a wildcard, every value it fits (``id:wire.jsonl#*``: the
        records of one file), within the query's allowance of expanded words."""
        pattern = key_pattern(value, quoted)
        return wq.Term(fieldname, value) if pattern is None else self._pattern_query(fieldname, pattern, value)

    def _pattern_query(self, fieldname: str, pattern: tuple[str, str], typed: str) -> wq.MultiTerm:
        """A prefix or wildcard query (``pattern_kind``), counted against the query's allowance."""
        kind, text = pattern
        q = wq.Prefix(fieldname, text) if kind == "prefix" else wq.Wildcard(fieldname, text)
        self._count_expansions(q, typed)
        return q

    def _count_expansions(self, q: wq.MultiTerm, typed: str) -> None:
        """Refuse a wildcard that stands for too many words, alone or with the query's others (as
        Lucene's maxBooleanClauses and Elasticsearch's max_expansions do): '*a*' would OR together
        most of the vocabulary, and ten such take minutes."""
        room = MAX_EXPANSIONS - self.expanded
        found = sum(1 for _ in islice(q.expanded_terms(self.searcher.reader()), room + 1))
        if found > room:
            what = (f"'{typed}' stands for more than {MAX_EXPANSIONS} words" if room == MAX_EXPANSIONS else
                    f"the wildcards stand for more than {MAX_EXPANSIONS} words together")
            raise QuerySyntaxError(self.text, f"{what}; give more letters around the * or ?", typed, hint=None)
        self.expanded += found

    @staticmethod
    def _words_query(fieldname: str, words: list[str], slop: int) -> wq.Query | None:
        if not words:
            return None
        if len(words) == 1:
            return wq.Term(fieldname, words[0])
        return wq.Phrase(fieldname, words, slop=max(1, slop + 1))

    def _default(self, term: Term) -> wq.Query | None:
        if not term.phrase:
            self.words.append(term.value)
        parts = [q for q in (self._text_query(f, term.value, term.phrase, term.slop) for f in DEFAULT_FIELDS) if q]
        if not parts:
            return None
        q = parts[0] if len(parts) == 1 else wq.Or(parts)
        return boosted(q, term.boost)

    def entity_terms(self, fieldname: str, values: tuple[str, ...] | list[str]) -> wq.Query:
        """Terms for entity/source values: registry aliases first, then the index's own values, any case."""
        terms: list[wq.Query] = []
        for value in values:
            wanted = {value}
            if fieldname == S.LANG:  # articles hold codes: "english" and "en-GB" mean "en"
                code = language_code(value)
                if fold(code) != fold(value):
                    self.notes.append(f"{fieldname}:{value!r} -> {code!r} (language code)")
                wanted = {code}
            canonical = value
            if fieldname in S.ENTITY_FIELDS:
                canonical = self.registry.canonical(value, fieldname)
                if canonical != value:
                    self.notes.append(f"{fieldname}:{value!r} -> {canonical!r} (registry alias)")
                wanted.add(canonical)
            matched = set()
            for w in wanted:
                matched.update(self.lexicon.matching(fieldname, w))
            if fieldname in S.ENTITY_FIELDS and matched and fold(canonical) != fold(value) \
                    and fold(canonical).endswith(fold(value)) \
                    and (others := self.lexicon.others_ending(fieldname, value, canonical)):
                # "Baker", the registry's James Baker, found his articles alone and said nothing of Howard Baker's
                self.warnings.append(f"{fieldname} {value!r} is read as {canonical!r} (a registry alias); the index "
                                     f"also holds {', '.join(others[:3])}{', …' if len(others) > 3 else ''}: give "
                                     f"the full name to find another")
            if not matched and fieldname in S.ENTITY_FIELDS:
                matched, said = self.lexicon.by_name_part(fieldname, value)
                (self.notes if matched else self.warnings).append(said)
            if not matched:
                matched = wanted
                self.notes.append(f"{fieldname}:{value!r} matches no indexed value")
                if fieldname in (S.SOURCE, S.LANG):  # (names say so in by_name_part; kinds are a closed set)
                    self.warnings.append(self.lexicon.unknown_value(fieldname, value, *wanted))
            terms.extend(wq.Term(fieldname, m) for m in sorted(matched))
            self.entity_values.extend((fieldname, m) for m in sorted(matched))
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    def _range(self, node: Range) -> wq.Query:
        found = read_range(node, self.text, self.now)
        if isinstance(found, dates.DateRange):
            return date_query(self.searcher.reader(), found)
        return period_query(self.searcher.reader(), *found)

    def _field(self, name: str) -> str:
        mapped = S.QUERY_FIELDS.get(name)
        if mapped:
            return mapped
        meta = S.META_PREFIX + name.replace("-", "_")
        if meta in self.searcher.reader().indexed_field_names():
            return meta
        indexed = self.searcher.reader().indexed_field_names()
        known = set(S.QUERY_FIELDS) | {f.removeprefix(S.META_PREFIX) for f in indexed if f.startswith(S.META_PREFIX)}
        raise unknown_field(self.text, name, known)

    def node(self, node: Node) -> wq.Query | None:
        """Any AST node as a Whoosh query (filter-type fields score nothing here)."""
        if isinstance(node, And):
            # Excluded parts take nothing from a score and add nothing to it: ``a -b`` is ``a`` AND NOT ``b``.
            parts = [q for q in (self.node(n) for n in node.items if not isinstance(n, Not)) if q is not None]
            negated = [q for q in (self.node(n.item) for n in node.items if isinstance(n, Not)) if q is not None]
            kept = None if not parts else parts[0] if len(parts) == 1 else wq.And(parts)
            if not negated:
                return kept
            dropped = negated[0] if len(negated) == 1 else wq.Or(negated)
            return Unscored(wq.Not(dropped)) if kept is None else AndNot(kept, dropped)
        if isinstance(node, Or):
            parts = [q for q in (self.node(n) for n in node.items) if q is not None]
            return None if not parts else parts[0] if len(parts) == 1 else wq.Or(parts)
        if isinstance(node, Not):
            inner = self.node(node.item)
            return None if inner is None else Unscored(wq.Not(inner))
        if isinstance(node, Range):
            return Unscored(self._range(node))
        if node.field is None:
            return self._default(node)
        fieldname = self._field(node.field)
        if fieldname in (S.PERSON, S.PLACE, S.ORG, S.SOURCE, S.LANG, S.KIND):  # as --person ... --kind are
            return Unscored(self.entity_terms(fieldname, [node.value]))
        if fieldname == S.DATE:
            return Unscored(self._range(Range(S.DATE, node.value)))
        if fieldname in KEY_FIELDS:
            return Unscored(self._key_query(fieldname, node.value, node.phrase))
        q = self._text_query(fieldname, node.value, node.phrase, node.slop)
        return None if q is None else boosted(q, node.boost)

    def _unquoted_names(self, root: Node | None) -> list[str]:
        """``person:Boris Johnson`` searched person:Boris and the word johnson, and said only that Boris is part
        of several names: when the value and the words after it are an indexed name, say how to write it."""
        said = []
        for fieldname, value, words in unquoted_names(root):
            for n in range(len(words), 0, -1):
                name = " ".join([value, *words[:n]])
                if self.lexicon.matching(fieldname, name) or self.lexicon.matching(
                        fieldname, self.registry.canonical(name, fieldname)):
                    said.append(f"{fieldname}:{value} {' '.join(words[:n])} is {fieldname}:{value} and the "
                                 f"word{'s' if n > 1 else ''} {' '.join(words[:n])}; for the name write "
                                 f'{fieldname}:"{name}"')
                    break
        return said

    def _proximity(self, scored_nodes: list[Node]) -> list[wq.Query]:
        """Bonuses for plain words (see ``proximity_words``): the words in order and near each other in the
        body, and all of them in the title, in any order. A headline is a few words: one holding every word
        of the query is about them wherever they stand ("MORE GOLD DETECTED AT DOYON MINE" for ``gold mine``;
        side by side only, it got no bonus and ranked below articles that mention a gold mining company)."""
        words = proximity_words(scored_nodes)
        if not words:
            return []
        body_tokens, title_tokens = self._analyzed(S.BODY, " ".join(words)), self._analyzed(S.TITLE, " ".join(words))
        bonus: list[wq.Query] = []
        if len(body_tokens) >= 2:
            bonus.append(wq.Phrase(S.BODY, body_tokens, slop=BODY_SLOP, boost=PROXIMITY_BOOST))
        if len(title_tokens) >= 2:
            bonus.append(wq.And([wq.Term(S.TITLE, t) for t in title_tokens], boost=PROXIMITY_BOOST))
        return bonus

    # --- the whole query -----------------------------------------------------------------------------

    def compile(self, query: Query) -> Compiled:
        self.notes, self.words, self.entity_values, self.warnings = [], [], [], []
        self.expanded = 0
        text = parser.quote(query.q) if query.literal else query.q
        self.text = text
        root = parser.parse(text)
        if not query.literal:
            self.warnings.extend(lowercase_operators(text))
            self.warnings.extend(self._unquoted_names(root))

        filters: list[wq.Query] = []
        masks: list[wq.Query] = []
        story_masks: list[wq.Query] = []  # excluded values a story is left out whole for (with stories listed)
        scored_nodes: list[Node] = []
        negated_scored: list[Node] = []
        for node in conjuncts(root):
            if is_filter(node):
                if isinstance(node, Not):
                    q = self.node(node.item)
                    if q is not None:
                        masks.append(q)
                        if leaves_out_stories(node.item):
                            story_masks.append(q)
                else:
                    q = self.node(node)
                    if q is not None:
                        filters.append(q)
            elif isinstance(node, Not):
                negated_scored.append(node.item)
            else:
                scored_nodes.append(node)

        for fieldname, values in ((S.PERSON, query.person), (S.PLACE, query.place), (S.ORG, query.org),
                                  (S.SOURCE, query.source), (S.LANG, query.lang), (S.KIND, query.kind)):
            if values and query.match == "all" and fieldname in S.ENTITY_FIELDS:
                filters.extend(self.entity_terms(fieldname, [value]) for value in values)
            elif values:
                filters.append(self.entity_terms(fieldname, values))
        if query.since or query.until:
            filters.append(date_query(self.searcher.reader(), dates.filter_range(query.since, query.until, self.now)))

        for node in negated_scored:
            q = self.node(node)
            if q is not None:
                masks.append(q)

        scored_nodes, scored_parts = nonempty_parts(text, scored_nodes, self.node, bool(filters or masks))
        sortedby = None
        sort = query.sort
        if sort.startswith("relevance") and not scored_parts:
            sort = "newest"  # a filter-only listing has no relevance to rank by
        if sort in ("newest", "oldest"):
            # ties by id (search/ties.py): by the order written, they changed places when one was read again
            sortedby = sorting.MultiFacet([sorting.FieldFacet(S.UNDATED),
                                           sorting.FieldFacet(S.DATE, reverse=sort == "newest"), IdOnTies()])
        by_relevance = sortedby is None

        relaxed = None
        rule = word_rule(text, scored_nodes, len(scored_parts), by_relevance)
        if not scored_parts:
            scored: wq.Query = wq.Every()
        elif rule == ANY:
            # Three or more typed words: any of them. BM25 ranks the articles that hold more of the words,
            # and the rarer ones, first; the proximity bonus those where they stand together. All of the
            # words, or all but one, lost relevant articles on both dev sets (docs/relevance.md).
            scored = wq.Or(scored_parts)
        else:
            scored = scored_parts[0] if len(scored_parts) == 1 else wq.And(scored_parts)
            if rule == BOTH_OR_EITHER:  # run instead when fewer than a page of articles hold both words
                relaxed = wq.Or(scored_parts)
        bonus_parts = self._proximity(scored_nodes) if scored_parts and by_relevance else []
        bonus = wq.Or(bonus_parts) if bonus_parts else None

        facets = None
        if query.facets:
            facets = sorting.Facets()
            for name in query.facets:
                maptype = sorting.UnorderedList if query.per_story else sorting.Count
                facets.add_facet(name, sorting.FieldFacet(name, allow_overlap=name in S.ENTITY_FIELDS, maptype=maptype))
        flt = None if not filters else filters[0] if len(filters) == 1 else wq.And(filters)
        mask = None if not masks else masks[0] if len(masks) == 1 else wq.Or(masks)
        return Compiled(scored, flt, mask, facets, sortedby, tuple(self.words), tuple(self.notes),
                        tuple(self.warnings), tuple(self.entity_values), bonus, relaxed,
                        recency=sort == "relevance+recency", feedback=query.feedback,
                        story_mask=_story_mask(query, story_masks))


def _story_mask(query: Query, value_masks: list[wq.Query]) -> wq.Query | None:
    """The excluded values that leave a story out whole, when stories are listed (--collapse story): its
    facets count a story under a value any copy has, so excluding the value removes those stories, never
    shows one through a copy without it. Listing articles (--count stories alone) leaves out the copies
    with the value only; excluded words, ids, urls and dates stay per copy."""
    if not value_masks or query.collapse != "story":
        return None
    return value_masks[0] if len(value_masks) == 1 else wq.Or(value_masks)


def compile_query(searcher: Searcher, registry: Registry, query: Query, now: datetime | None = None) -> Compiled:
    return Compiler(searcher, registry, now).compile(query)

