"""Query -> OpenSearch Query DSL: the same split as ``search/compile.py``, written as JSON.

Words are matched in query context (they score); entity, source, language, kind and date parts of the
query go to ``bool.filter`` (they narrow without scoring); excluded ones to ``bool.must_not``. Facets
are ``terms`` aggregations, story counts ``cardinality``, one hit per story ``collapse``, snippets
``highlight``; pages past ``MAX_WINDOW`` hits are reached with ``search_after``. Plain words combine
as ``compile.word_rule`` says for both engines; two words also carry the either-word query
(``relaxed``) that the engine runs when a ``_count`` of the words alone (``both``: no filters, which never
decide how words match) finds fewer than ``RELAX_BELOW`` articles hold both. Pure: no client, no
network, so tests compare the bodies with reviewed JSON (tests/fixtures/opensearch/).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .. import dates
from ..enrich.aliases import Registry
from ..index import schema as S
from ..index.analysis import exact_words, fold_letters, plain_analyzer, wildcard_forms, wildcard_word
from ..languages import language_code
from ..search import parser
from ..search.query import And, Node, Not, Or, Query, Range, Term
from ..search.semantics import (
    ANY,
    BODY_SLOP,
    BOTH_OR_EITHER,
    COARSER_THAN,
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
    word_rule,
)
from ..search.snippets import MARK_END, MARK_START
from .template import EXACT, FOLDED, KEYWORD_FIELDS

MAX_WINDOW = 10_000  # index.max_result_window: from + size may not pass it; deeper pages use search_after
STORY_PRECISION = 40_000  # cardinality counts below this many stories are exact (the most OpenSearch allows)
FACET_SLACK = 2  # entity facets ask for this many times the values shown: ties are then ranked as locally
SPELLINGS = "_spellings"  # beside a folded facet's aggregation: the spellings of its names, to show the most used
MAX_FACET_VALUES = 20_000  # per facet: three facets stay under search.max_buckets (65,535 by default)
_ENTITY_LIKE = (S.PERSON, S.PLACE, S.ORG, S.SOURCE, S.LANG, S.KIND)


def _date(moment: datetime) -> str:
    """A moment as the ISO text the date field reads (UTC, to the millisecond)."""
    return dates.iso_millis(moment.replace(tzinfo=None))


def _date_bounds(rng: dates.DateRange) -> dict[str, Any]:
    """The articles whose date column falls in ``rng`` (closed-open), whatever their precision."""
    bounds = {}
    if rng.start is not None:
        bounds["gte"] = _date(rng.start)
    if rng.end is not None:
        bounds["lt"] = _date(rng.end)
    return {"range": {S.DATE: bounds}} if bounds else {"exists": {"field": S.DATE}}


def _bool(**clauses: Any) -> dict[str, Any]:
    return {"bool": {k: v for k, v in clauses.items() if v not in (None, [])}}


def _unscored(q: dict[str, Any]) -> dict[str, Any]:
    """A filter written inside the query text: it narrows, and adds nothing to scores."""
    return _bool(filter=[q])


def _unwrapped(q: dict[str, Any]) -> dict[str, Any]:
    """A filter as it stands in filter context: the wrapper that keeps it from scoring is not needed there."""
    inner = q.get("bool", {})
    return inner["filter"][0] if list(q) == ["bool"] and list(inner) == ["filter"] else q


def _with_boost(q: dict[str, Any], boost: float) -> dict[str, Any]:
    if boost == 1.0:
        return q
    (kind, body), = q.items()
    if kind in ("multi_match", "bool", "span_near"):
        return {kind: {**body, "boost": body.get("boost", 1.0) * boost}}
    (fieldname, params), = body.items()
    return {kind: {fieldname: {**params, "boost": params.get("boost", 1.0) * boost}}}


@dataclass(frozen=True)
class CompiledDsl:
    """A Query as Query DSL parts; ``body()`` puts them together for one page."""

    query: dict[str, Any]
    sort: list[Any]
    by_date: bool  # sorted by date: no relevance computed
    aggs: dict[str, Any] = field(default_factory=dict)
    collapse: bool = False
    words: tuple[str, ...] = ()  # the default-field words (for spelling suggestions)
    notes: tuple[str, ...] = ()  # how entity values were resolved, for --explain
    entity_values: tuple[tuple[str, str], ...] = ()  # (field, value) filtered on
    relaxed: dict[str, Any] | None = None  # run instead when ``both`` matches fewer than RELAX_BELOW articles
    recency: bool = False  # relevance+recency: the engine re-ranks the best hits by age (search/recency.py)
    # (field, as typed, as looked up) of each source and language filtered on: the engine warns of those
    # no article has, as the local engine does
    checked: tuple[tuple[str, str, str], ...] = ()
    warnings: tuple[str, ...] = ()  # e.g. two words widened to either
    # The words alone, counted over the whole index: a filter never decides how the words match.
    both: dict[str, Any] | None = None
    # ``query`` and ``relaxed`` without their filters and exclusions: relevance+recency re-ranks the best
    # hits of this search, so that a filter only removes hits (search/rerank.py)
    unfiltered: dict[str, Any] | None = None
    unfiltered_relaxed: dict[str, Any] | None = None
    # excluded filter values that leave out every copy of a story any copy of which has one
    story_masks: tuple[dict[str, Any], ...] = ()

    def body(self, limit: int, page: int = 1, snippet_chars: int = 220, search_after: list[Any] | None = None,
             with_text: bool = False) -> dict[str, Any]:
        """The ``_search`` body for one page (``search_after``: the sort values of the hit before it)."""
        body: dict[str, Any] = {"query": self.query, "track_total_hits": True, "sort": self.sort, "size": limit}
        if search_after is not None:
            body["search_after"] = search_after
        else:
            body["from"] = (page - 1) * limit
        excluded = [S.SIGNATURE, S.BANDS] + ([] if with_text else [S.BODY])
        body["_source"] = {"excludes": excluded}
        if self.collapse:
            body["collapse"] = {"field": S.STORY}
        if limit:
            body["highlight"] = highlight(snippet_chars)
        if self.aggs:
            body["aggs"] = self.aggs
        return body


def highlight(snippet_chars: int) -> dict[str, Any]:
    """Up to two passages of the body around the matched words, marked as ``search/snippets.py`` marks
    them; the article's lead when nothing in the body matched (a title or filter match). The title
    whole (``number_of_fragments: 0``), its matched words marked, as the local engine marks them."""
    half = max(snippet_chars // 2, 18)  # OpenSearch refuses fragments shorter than 18 characters
    fragment = {"fragment_size": half, "number_of_fragments": 2}
    whole = {"number_of_fragments": 0}
    return {"pre_tags": [MARK_START], "post_tags": [MARK_END],
            "fields": {S.BODY: {**fragment, "no_match_size": snippet_chars}, f"{S.BODY}.{EXACT}": fragment,
                       S.TITLE: whole, f"{S.TITLE}.{EXACT}": whole}}


class DslCompiler:
    """Compiles Queries to DSL. ``meta_fields``: the ``meta_*`` fields the index holds (None: any)."""

    def __init__(self, registry: Registry, now: datetime | None = None, meta_fields: frozenset[str] | None = None):
        self.registry = registry
        self.now = now
        self.meta_fields = meta_fields
        self.text = ""
        self.words: list[str] = []
        self.notes: list[str] = []
        self.entity_values: list[tuple[str, str]] = []
        self.checked: list[tuple[str, str, str]] = []

    # --- leaves -----------------------------------------------------------------------------------

    @staticmethod
    def _tokens(text: str) -> list[str]:
        """The words of ``text`` a text field keeps (stop words dropped), unstemmed."""
        return exact_words(text)

    def entity_filter(self, fieldname: str, values: tuple[str, ...] | list[str]) -> dict[str, Any]:
        """A ``terms`` filter on folded values: the names given and their registry canonical forms."""
        wanted: list[str] = []
        for value in values:
            typed = value
            if fieldname == S.LANG:  # articles hold codes: "english" and "en-GB" mean "en", as locally
                code = language_code(value)
                if code.casefold() != value.casefold():
                    self.notes.append(f"{fieldname}:{value!r} -> {code!r} (language code)")
                value = code
            if fieldname in (S.SOURCE, S.LANG):
                self.checked.append((fieldname, typed, value))
            wanted.append(value)
            if fieldname in S.ENTITY_FIELDS:
                canonical = self.registry.canonical(value, fieldname)
                if canonical != value:
                    self.notes.append(f"{fieldname}:{value!r} -> {canonical!r} (registry alias)")
                    wanted.append(canonical)
        self.entity_values.extend((fieldname, w) for w in wanted)
        target = f"{fieldname}.{FOLDED}" if fieldname in KEYWORD_FIELDS else fieldname
        return {"terms": {target: list(dict.fromkeys(wanted))}}

    def date_filter(self, rng: dates.DateRange) -> dict[str, Any]:
        """A date range, closed-open, as the ``range`` the date field answers; an article dated only to a
        year, a month or a day is in it when that period overlaps it (as ``datequery.date_query`` says)."""
        in_range = _date_bounds(rng)
        bounds = in_range.get("range", {}).get(S.DATE, {})
        start = rng.start
        coarse = [_bool(filter=[{"term": {S.PRECISION: period}},
                                {"range": {S.DATE: {**bounds, "gte": _date(dates.period_start(start, period))}}}])
                  for period in ("year", "month", "day")
                  if start is not None and start != dates.period_start(start, period)]
        return _bool(should=[in_range, *coarse], minimum_should_match=1) if coarse else in_range

    def _range(self, node: Range) -> dict[str, Any]:
        found = read_range(node, self.text, self.now)
        if isinstance(found, dates.DateRange):
            return self.date_filter(found)
        rng, period = found  # dated at least to the period, as datequery.period_query says
        if not COARSER_THAN[period]:
            return _date_bounds(rng)
        return _bool(filter=[_date_bounds(rng)], must_not=[{"terms": {S.PRECISION: list(COARSER_THAN[period])}}])

    def _field(self, name: str) -> str:
        mapped = S.QUERY_FIELDS.get(name)
        if mapped:
            return mapped
        meta = S.META_PREFIX + name.replace("-", "_")
        if self.meta_fields is None or meta in self.meta_fields:
            return meta
        known = set(S.QUERY_FIELDS) | {f.removeprefix(S.META_PREFIX) for f in self.meta_fields}
        raise unknown_field(self.text, name, known)

    def _text(self, fields: list[tuple[str, float]], text: str, phrase: bool, slop: int) -> dict[str, Any] | None:
        """Words in text fields (name, boost): any form of each word (stemmed); quoted, these words in
        this order, matched in the unstemmed copy."""
        def named(name: str, boost: float) -> str:
            return name if boost == 1.0 else f"{name}^{boost:g}"

        if not phrase and any(c in text for c in "*?"):
            check_text_pattern(self.text, text)
            parts = []
            for pattern in wildcard_forms(fold_letters(text)):
                kind, value = pattern_kind(pattern)
                parts += [{kind: {name: {"value": value, **({"boost": boost} if boost != 1.0 else {})}}}
                          for name, boost in fields]
            stemmed = all(name in (S.TITLE, S.BODY) for name, _ in fields)  # (only they hold stems)
            word = wildcard_word(text) if stemmed else None
            plain_word = self._text(fields, word, False, 0) if word else None
            if plain_word is not None:  # "running*" finds what "running" finds too, as locally
                parts.append(plain_word)
            return parts[0] if len(parts) == 1 else _bool(should=parts, minimum_should_match=1)
        tokens = self._tokens(text)
        if not tokens:
            return None  # only stop words: nothing to match, as in the local index
        if phrase and slop and len(tokens) > 1:
            return self._near(fields, text, slop)
        if phrase or len(tokens) > 1:  # "covid-19" is a phrase too
            exact = [named(f"{name}.{EXACT}" if name in (S.TITLE, S.BODY) else name, boost) for name, boost in fields]
            q: dict[str, Any] = {"multi_match": {"query": text, "type": "phrase", "fields": exact}}
            if slop:
                q["multi_match"]["slop"] = slop
            return q
        if len(fields) == 1:
            name, boost = fields[0]
            return {"match": {name: {"query": text, **({"boost": boost} if boost != 1.0 else {})}}}
        return {"multi_match": {"query": text, "type": "most_fields", "fields": [named(*f) for f in fields]}}

    def _near(self, fields: list[tuple[str, float]], text: str, slop: int) -> dict[str, Any]:
        """A phrase with a slop as the local index reads it: its words in this order, at most ``slop`` words
        between each and the next. A sloppy ``match_phrase`` would not do: Lucene's slop is an edit distance
        that takes the words in any order ("oil prices"~3 finds "prices of oil"). Ordered ``span_near``
        queries, nested so that each gap has its own allowance, over the unstemmed terms (span terms are not
        analysed: the words are given as the field's analyzer writes them)."""
        parts = []
        for name, boost in fields:
            if name in (S.TITLE, S.BODY):
                target, words = f"{name}.{EXACT}", self._tokens(text)
            else:  # author and meta_* fields: every word kept (news_plain)
                target, words = name, [t.text for t in plain_analyzer()(text)]
            near: dict[str, Any] = {"span_term": {target: words[0]}}
            for word in words[1:]:
                near = {"span_near": {"clauses": [near, {"span_term": {target: word}}], "slop": slop,
                                      "in_order": True}}
            if boost != 1.0 and "span_near" in near:
                near = {"span_near": {**near["span_near"], "boost": boost}}
            parts.append(near)
        return parts[0] if len(parts) == 1 else _bool(should=parts, minimum_should_match=1)

    def _default(self, term: Term) -> dict[str, Any] | None:
        if not term.phrase:
            self.words.append(term.value)
        q = self._text([(S.TITLE, S.TITLE_BOOST), (S.BODY, 1.0)], term.value, term.phrase, term.slop)
        return None if q is None else _with_boost(q, term.boost)

    def node(self, node: Node) -> dict[str, Any] | None:
        """Any AST node as DSL (filter-type fields score nothing here)."""
        if isinstance(node, (And, Or)):
            parts = [q for q in (self.node(n) for n in node.items) if q is not None]
            if len(parts) <= 1:
                return parts[0] if parts else None
            return _bool(must=parts) if isinstance(node, And) else _bool(should=parts, minimum_should_match=1)
        if isinstance(node, Not):
            inner = self.node(node.item)
            return None if inner is None else _bool(must_not=[inner])
        if isinstance(node, Range):
            return _unscored(self._range(node))
        if node.field is None:
            return self._default(node)
        fieldname = self._field(node.field)
        if fieldname in _ENTITY_LIKE:
            return _unscored(self.entity_filter(fieldname, [node.value]))
        if fieldname == S.DATE:
            return _unscored(self._range(Range(S.DATE, node.value)))
        if fieldname in KEY_FIELDS:
            pattern = key_pattern(node.value, node.phrase)
            if pattern is None:
                return _unscored({"term": {fieldname: node.value}})
            kind, value = pattern
            return _unscored({kind: {fieldname: {"value": value}}})
        q = self._text([(fieldname, S.TITLE_BOOST if fieldname == S.TITLE else 1.0)], node.value, node.phrase,
                       node.slop)
        return None if q is None else _with_boost(q, node.boost)

    def _proximity(self, scored_nodes: list[Node]) -> list[dict[str, Any]]:
        """The proximity bonus ``search/compile.py`` gives (the same words, boost and slop, Lucene's slop
        counted from 0 where Whoosh's counts from 1): the words near in the body, all of them in the title."""
        words = proximity_words(scored_nodes)
        if not words or len(self._tokens(" ".join(words))) < 2:
            return []
        text = " ".join(words)
        return [{"match_phrase": {S.BODY: {"query": text, "slop": BODY_SLOP - 1, "boost": PROXIMITY_BOOST}}},
                {"match": {S.TITLE: {"query": text, "operator": "and", "boost": PROXIMITY_BOOST}}}]

    # --- the whole query ---------------------------------------------------------------------------

    def compile(self, query: Query) -> CompiledDsl:
        self.words, self.notes, self.entity_values = [], [], []
        text = parser.quote(query.q) if query.literal else query.q
        self.text = text
        root = parser.parse(text)

        filters: list[dict[str, Any]] = []
        masks: list[dict[str, Any]] = []
        scored_nodes: list[Node] = []
        value_masks: list[dict[str, Any]] = []  # excluded values a story is left out whole for (entity, source ...)
        for node in conjuncts(root):
            if is_filter(node):
                q = self.node(node.item if isinstance(node, Not) else node)
                if q is not None:
                    (masks if isinstance(node, Not) else filters).append(_unwrapped(q))
                    if isinstance(node, Not) and leaves_out_stories(node.item):
                        value_masks.append(_unwrapped(q))
            elif isinstance(node, Not):
                q = self.node(node.item)
                if q is not None:
                    masks.append(q)
            else:
                scored_nodes.append(node)

        for fieldname, values in ((S.PERSON, query.person), (S.PLACE, query.place), (S.ORG, query.org),
                                  (S.SOURCE, query.source), (S.LANG, query.lang), (S.KIND, query.kind)):
            if values and query.match == "all" and fieldname in S.ENTITY_FIELDS:
                filters.extend(self.entity_filter(fieldname, [value]) for value in values)
            elif values:
                filters.append(self.entity_filter(fieldname, values))
        if query.since or query.until:
            filters.append(self.date_filter(dates.filter_range(query.since, query.until, self.now)))

        scored_nodes, scored = nonempty_parts(text, scored_nodes, self.node, bool(filters or masks))
        sort = query.sort
        if sort.startswith("relevance") and not scored:
            sort = "newest"  # a filter-only listing has no relevance to rank by
        by_relevance = sort.startswith("relevance")
        rule = word_rule(text, scored_nodes, len(scored), by_relevance)
        bonus = self._proximity(scored_nodes) if scored and by_relevance else []

        def assembled(any_word: bool, narrowed: bool = True) -> dict[str, Any]:
            """Every scored part in ``must``; or, with ``any_word``, any of them in ``should`` (at least one),
            articles with more of them first. The proximity phrases only add to scores. ``narrowed``: with
            the filters and exclusions."""
            must, should = ([], scored + bonus) if any_word else (scored, bonus)
            clauses: dict[str, Any] = {"must": must, "should": should, "filter": filters if narrowed else [],
                                       "must_not": masks if narrowed else []}
            if any_word:
                clauses["minimum_should_match"] = 1
            return _bool(**clauses) if any(clauses.values()) else {"match_all": {}}

        q = assembled(rule == ANY)
        relaxed = assembled(True) if rule == BOTH_OR_EITHER else None  # the engine counts ``both`` first
        both = _bool(must=scored) if rule == BOTH_OR_EITHER else None
        recency = sort == "relevance+recency"
        unfiltered = assembled(rule == ANY, narrowed=False) if recency else None
        unfiltered_relaxed = assembled(True, narrowed=False) if recency and relaxed is not None else None

        if by_relevance:
            order: list[Any] = [{"_score": {"order": "desc"}}, {S.ID_FIELD: {"order": "asc"}}]
        else:
            direction = "desc" if sort == "newest" else "asc"
            order = [{S.DATE: {"order": direction, "missing": "_last"}}, {S.ID_FIELD: {"order": "asc"}}]
        collapse = query.collapse == "story"
        return CompiledDsl(q, order, not by_relevance,
                           facet_aggs(query.facets, query.facet_limit, query.per_story, story_total=collapse),
                           collapse, tuple(self.words), tuple(self.notes),
                           tuple(dict.fromkeys(self.entity_values)), relaxed, recency,
                           both=both, checked=tuple(dict.fromkeys(self.checked)), unfiltered=unfiltered,
                           unfiltered_relaxed=unfiltered_relaxed,
                           # stories listed: a story with a copy of an excluded value goes whole,
                           # as locally (search/compile.py's _story_mask); the engine looks its stories up
                           story_masks=tuple(value_masks) if collapse else (),
                           warnings=() if query.literal else tuple(lowercase_operators(text)))


def story_count() -> dict[str, Any]:
    return {"cardinality": {"field": S.STORY, "precision_threshold": STORY_PRECISION}}


def _by_stories() -> list[dict[str, str]]:
    return [{"stories": "desc"}, {"_key": "asc"}]


def _terms(field: str, size: int, per_story: bool, sub: dict[str, Any] | None = None) -> dict[str, Any]:
    aggs = dict(sub or {})
    terms: dict[str, Any] = {"field": field, "size": size}
    if per_story:
        aggs["stories"] = story_count()
        terms["order"] = _by_stories()
    return {"terms": terms, "aggs": aggs} if aggs else {"terms": terms}


def values_aggs(name: str, size: int, per_story: bool, sub: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``size`` most frequent values of a facet (by stories with ``per_story``), each with ``sub``, as
    ``{name: ...}``. A person, place, organisation or source is counted by its folded form, so that every
    spelling of a name ("Wire", "WIRE") is in its count and rank, as locally, and its spellings come beside
    (``name + SPELLINGS``: the name shown is the most used, see ``OpenSearchEngine._shown_names``). Terms of the raw
    spellings alone, merged after, missed the rare spellings outside the values asked for: a source's count
    came out short, and below names it outnumbers. Two aggregations a facet: each reads half as many values,
    so three facets stay under search.max_buckets."""
    if name not in KEYWORD_FIELDS:
        return {name: _terms(name, min(size, MAX_FACET_VALUES), per_story, sub)}
    half = min(size, MAX_FACET_VALUES // 2)
    return {name: _terms(f"{name}.{FOLDED}", half, per_story, sub), name + SPELLINGS: _terms(name, half, per_story)}


def facet_aggs(names: tuple[str, ...], limit: int, per_story: bool, story_total: bool = False) -> dict[str, Any]:
    """A ``terms`` aggregation per facet (counting stories with ``per_story``), and the story total (also
    with ``story_total``: the stories one hit a story pages through)."""
    aggs: dict[str, Any] = {}
    for name in names:
        size = limit * FACET_SLACK if name in S.FOLDED_FACETS else limit
        aggs.update(values_aggs(name, size, per_story))
    if per_story or story_total:
        aggs["stories"] = story_count()
    return aggs


def compile_dsl(query: Query, registry: Registry, now: datetime | None = None,
                meta_fields: frozenset[str] | None = None) -> CompiledDsl:
    return DslCompiler(registry, now, meta_fields).compile(query)


def timeline_body(compiled: CompiledDsl, by: str, split: str | None, top: int, stories: bool) -> dict[str, Any]:
    """Matches per calendar period (weeks from Monday), the undated ones, and with ``split`` one series
    for each of the ``top`` values of a facet. Articles dated only to a period longer than ``by``
    (COARSER_THAN: "2019" in a month timeline) are kept out of the periods by a filter aggregation
    (``dated``) and counted apart (``coarse``), as the local engine does; counting stories, the stories the
    rows count, those with a date and all of them (``shown_stories``, ``dated_stories``, ``stories``). The
    split's values are those of the matches the rows count (``split.values``), ranked by them."""
    def counted(agg: dict[str, Any]) -> dict[str, Any]:
        return {**agg, "aggs": {"stories": story_count()}} if stories else agg

    histogram = counted({"date_histogram": {"field": S.DATE, "calendar_interval": by, "format": "yyyy-MM-dd",
                                            "min_doc_count": 1}})
    coarser = list(COARSER_THAN[by])
    too_coarse = {"terms": {S.PRECISION: coarser}}
    has_date = {"exists": {"field": S.DATE}}
    periods = {"dated": {"filter": _bool(must_not=[too_coarse]), "aggs": {"periods": histogram}}} if coarser \
        else {"periods": histogram}
    aggs: dict[str, Any] = {**periods, "undated": counted({"missing": {"field": S.DATE}})}
    if coarser:
        aggs["coarse"] = counted({"filter": too_coarse})
    if stories:  # a story is left out only when no row counts it; its copies on three days are one story
        aggs["stories"] = story_count()
        aggs["dated_stories"] = counted({"filter": has_date})
        aggs["shown_stories"] = counted({"filter": _bool(filter=[has_date], must_not=[too_coarse]) if coarser
                                         else has_date})
    if split:
        # the top values by what the rows count (``values`` within the matches a row counts): a value of only
        # undated matches would be a series of zeros
        size = top * FACET_SLACK if split in S.FOLDED_FACETS else top
        shown = _bool(filter=[has_date], must_not=[too_coarse]) if coarser else has_date
        aggs["split"] = {"filter": shown, "aggs": {f"values{suffix}": agg for suffix, agg in zip(
            ("", SPELLINGS), values_aggs(split, size, stories, periods).values())}}
    return {"query": compiled.query, "size": 0, "track_total_hits": True, "aggs": aggs}


def timeline_periods(aggs: dict[str, Any], by: str) -> dict[str, Any]:
    """The date histogram of a ``timeline_body`` response (or of one split value's bucket)."""
    return aggs["dated"]["periods"] if COARSER_THAN[by] else aggs["periods"]
