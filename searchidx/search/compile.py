"""Query -> Whoosh: a scored query, a filter and a mask (which never change scores), and facets.

Top-level ANDed parts on entity, source and date fields become filters; everything else is scored
with BM25F over title and body, plus a proximity bonus when the words stand close together.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from whoosh import query as wq
from whoosh import sorting

from .. import dates
from ..enrich.aliases import Registry, fold
from ..errors import DateParseError, QuerySyntaxError
from ..index import schema as S
from ..index.analysis import exact_words, fold_letters, wildcard_forms, wildcard_word
from ..index.deleted import held
from . import parser
from .dayrange import WithinDay, day_term
from .exact import ExactWords
from .languages import language_code, language_name
from .query import And, Node, Not, Or, Query, Range, Term
from .unscored import Unscored

if TYPE_CHECKING:
    from whoosh.reading import IndexReader
    from whoosh.searching import Searcher

MANY_VALUES = 200  # a field with this many values in its first segment is read by first letter


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


FILTER_FIELDS = {S.PERSON, S.PLACE, S.ORG, S.SOURCE, S.LANG, S.KIND, S.DATE, S.YEAR, S.MONTH, S.ID_FIELD,
                 "since", "until"}
DEFAULT_FIELDS = (S.TITLE, S.BODY)
RESCORE_WINDOW = 100  # proximity bonuses are added to this many best hits, not to every match (speed)
ANY_FROM_WORDS = 3  # from this many plain words on, any of them will do (ranked: more of them first)
RELAX_BELOW = 10  # two plain words held together by fewer articles than this: either word will do
HALF_LIFE_DAYS = 90  # relevance+recency: an article's score halves for every 90 days it is older
PROXIMITY_UP_TO_WORDS = 6  # a proximity bonus for up to this many words (pasted text gets none)
PROXIMITY_BOOST = 2.0  # weight of each proximity bonus (body phrase, title words) against the words' own scores
BODY_SLOP = 6  # the body's proximity phrase in Whoosh's count (1: side by side; Lucene's slop is one less)
MAX_EXPANSIONS = 1024  # words one query's wildcards may stand for, together


def is_filter(node: Node) -> bool:
    """Whether a query part only narrows (entity, source, date... fields): a filter, never scored."""
    if isinstance(node, Not):
        return is_filter(node.item)
    if isinstance(node, Range):
        return True
    if isinstance(node, Term) and node.field:
        return S.QUERY_FIELDS.get(node.field, node.field) in FILTER_FIELDS or node.field in FILTER_FIELDS
    if isinstance(node, (And, Or)):
        return all(is_filter(n) for n in node.items)
    return False


def _days(start: datetime, end: datetime) -> list[wq.Query]:
    """[start, end) within one month: each whole day's term, and the articles of a day cut short."""
    parts: list[wq.Query] = []
    cur = start
    while cur < end:
        day = dates.period_start(cur, "day")
        next_day = dates.next_period(day, "day")
        edge = min(next_day, end)
        parts.append(day_term(cur) if cur == day and edge == next_day else WithinDay(cur, edge))
        cur = edge
    return parts


def read_range(node: Range, text: str, now: datetime | None) -> dates.DateRange | tuple[str, str | None, str | None]:
    """What a range in the query text means, for any engine: a DateRange for dates (``since``, ``until``,
    ``date``), or (field, low, high) bounds as typed for year and month; QuerySyntaxError otherwise."""
    try:
        if node.field == "since":
            return dates.since(node.text, now)
        if node.field == "until":
            return dates.until(node.text, now)
        if node.field == S.DATE:
            return dates.parse_range(node.text, now)
    except DateParseError as e:
        raise QuerySyntaxError(text, str(e), node.text) from None
    if node.field in (S.YEAR, S.MONTH):
        body = node.text.strip("[]{}")
        low, _, high = body.replace(" TO ", "..").replace(" to ", "..").partition("..")
        return node.field, low.strip() or None, high.strip() or None
    raise QuerySyntaxError(text, f"ranges work on date, year and month, not on {node.field!r}", node.text)


def plain(text: str, scored_nodes: list[Node]) -> bool:
    """Whether the scored part of a query is plain typed words (no AND typed between them, no quotes,
    fields or groups). Read from the parsed query, not its text: filters and exclusions beside the
    words (``place:"United States"``, ``NOT paris``) are no reason to match the words differently."""
    root = parser.parse(text)
    if isinstance(root, And) and root.typed:
        return False
    return all(isinstance(n, Term) and n.field is None and not n.phrase for n in scored_nodes)


# How the scored parts of a query combine; both engines compile from word_rule() and widen with widened().
ALL = "all"  # every part must match (one part, operators, quotes, fields)
ANY = "any"  # three or more plain words: any of them, articles with more (and rarer) of them first
BOTH_OR_EITHER = "both or either"  # two plain words: both, or either when fewer than RELAX_BELOW hold both


def word_rule(text: str, scored_nodes: list[Node], parts: int, by_relevance: bool = True) -> str:
    """ALL, ANY or BOTH_OR_EITHER for ``parts`` scored parts compiled from ``scored_nodes``. A date order
    never widens two words (it has no "more of the words first" to widen into)."""
    if parts < 2 or not plain(text, scored_nodes):
        return ALL
    if parts >= ANY_FROM_WORDS:
        return ANY
    return BOTH_OR_EITHER if by_relevance else ALL


def proximity_words(scored_nodes: list[Node]) -> list[str]:
    """The words a proximity bonus is given for: two to PROXIMITY_UP_TO_WORDS plain words (no fields, quotes or
    wildcards) and nothing else scored; [] for any other query."""
    words = [n.value for n in scored_nodes if isinstance(n, Term) and n.field is None and not n.phrase
             and not any(c in n.value for c in "*?")]
    return words if 2 <= len(words) <= PROXIMITY_UP_TO_WORDS and len(words) == len(scored_nodes) else []


def widened(both: int) -> str | None:
    """The warning shown when two words that ``both`` articles hold together are searched as either word,
    or None when ``both`` is enough (RELAX_BELOW or more) and the search stands."""
    if both >= RELAX_BELOW:
        return None
    held = "no article holds" if both == 0 else f"only {both} article{'s hold' if both > 1 else ' holds'}"
    return f"{held} both words; articles with either of them are shown too"


@dataclass(frozen=True)
class Compiled:
    """What the searcher runs, fixed once compiled (a variant is made with ``dataclasses.replace``).
    ``words`` are the default-field words, for spelling suggestions."""

    scored: wq.Query
    filter: wq.Query | None
    mask: wq.Query | None
    facets: sorting.Facets | None
    sortedby: sorting.MultiFacet | None
    words: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how entity values were resolved, for --explain
    warnings: tuple[str, ...] = ()  # filter values that match no indexed name
    entity_values: tuple[tuple[str, str], ...] = ()  # (field, indexed value) filtered on
    bonus: wq.Query | None = None  # proximity bonuses, scored over the top RESCORE_WINDOW hits only
    relaxed: wq.Query | None = None  # run instead when ``scored`` matches fewer than RELAX_BELOW articles
    recency: bool = False  # the best RESCORE_WINDOW hits re-ranked with a decay on age (search/recency.py)

    def explain(self) -> str:
        scored = "(every article)" if isinstance(self.scored, wq.Every) else describe(self.scored)
        lines = [f"scored: {scored}", f"filter: {describe(self.filter) if self.filter is not None else '(none)'}",
                 f"mask:   {describe(self.mask) if self.mask is not None else '(none)'}"]
        if not isinstance(self.scored, wq.Every):  # the schema's field boost, which no query shows
            lines.insert(1, f"weight: title x{S.TITLE_BOOST:g} (a word's score in the title, against the body's)")
        if self.relaxed is not None:
            lines.append(f"relaxed: {describe(self.relaxed)} (if fewer than {RELAX_BELOW} articles match)")
        if self.bonus is not None:
            lines.append(f"bonus:  {describe(self.bonus)} (re-scores the top {RESCORE_WINDOW})")
        if self.sortedby is not None:
            date_facet = self.sortedby.facets[1]  # the FieldFacet on the date that compile() puts second
            direction = "descending" if date_facet.reverse else "ascending"  # type: ignore[attr-defined]
            lines.append(f"sort:   date {direction}, undated last")
        if self.recency:
            lines.append(f"sort:   relevance x recency (the score halves every {HALF_LIFE_DAYS} days of age; "
                         f"re-ranks the top {RESCORE_WINDOW})")
        lines += [f"entity: {n}" for n in self.notes]
        return "\n".join(lines)


def describe(q: wq.Query) -> str:
    """A Whoosh query as text. Whoosh's own ``str`` raises on wrapping queries (ConstantScoreQuery),
    which every filter written in the query text is; a part that adds nothing to scores is marked."""
    if isinstance(q, wq.ConstantScoreQuery):
        return f"{describe(q.child)} (unscored)" if q.score == 0 else describe(q.child)
    if isinstance(q, ExactWords):
        return f"{describe(q.child)} (as written: {' '.join(q.words)})"
    if isinstance(q, wq.Not):
        return f"NOT {describe(q.query)}"
    if isinstance(q, wq.AndNot):
        return f"({describe(q.a)} AND NOT {describe(q.b)})"
    if isinstance(q, wq.Phrase):  # Whoosh shows neither the slop nor the boost of a phrase
        slop = f"~{q.slop}" if q.slop > 1 else ""  # (Whoosh's slop 1: side by side)
        return f'{q.fieldname}:"{" ".join(q.words)}"{slop}' + (f"^{q.boost:g}" if q.boost != 1.0 else "")
    if isinstance(q, wq.Term) and q.boost != 1.0:
        return f"{q.fieldname}:{q.text}^{q.boost:g}"
    if isinstance(q, wq.compound.CompoundQuery):  # Whoosh shows the boost of a single term, not of a group
        boost = f"^{q.boost:g}" if q.boost != 1.0 else ""
        joint = q.JOINT  # type: ignore[attr-defined]  # each concrete CompoundQuery (And, Or, ...) defines it
        return "(" + joint.join(describe(sub) for sub in q.subqueries) + ")" + boost
    return str(q)


# What a query compiles against, read from the index once per reader: a library user's searcher and
# its reader stay open across queries, and reading the lexicons visits every segment.
_PER_READER: weakref.WeakKeyDictionary[IndexReader, dict[Any, Any]] = weakref.WeakKeyDictionary()


def reader_cache(reader: IndexReader) -> dict[Any, Any]:
    try:
        return _PER_READER.setdefault(reader, {})
    except TypeError:  # a reader that cannot be weakly referenced is not cached
        return {}


class Compiler:
    """Compiles Queries against one open searcher (entity values are matched to the index's own)."""

    def __init__(self, searcher: Searcher, registry: Registry, now: datetime | None = None):
        self.searcher = searcher
        self.schema = searcher.schema
        self.registry = registry
        self.now = now
        self._cache = reader_cache(searcher.reader())
        self.notes: list[str] = []
        self.words: list[str] = []
        self.entity_values: list[tuple[str, str]] = []
        self.warnings: list[str] = []
        self.expanded = 0  # words the query's wildcards stood for so far
        self.text = ""

    # --- helpers ---------------------------------------------------------------------------------

    def _lexicon(self, fieldname: str, first: str | None = None) -> dict[str, list[str]]:
        """folded value -> indexed values, for case- and punctuation-insensitive matching; with ``first``
        (an ASCII letter or digit), at least the values whose folded form starts with it.

        A value folds to a form starting with ``first`` only if it starts with that character in
        either case, with a character below "a" that folding drops (``.-_,`` or a space), or with a
        non-ASCII letter that folding turns into it ("Ö"). A field
        of many values (people, organisations) is read over those ranges only: a --person filter on
        2,399 names in 20 segments took 88 ms for the whole lexicon, 15 ms this way. A field of few
        values (places, sources) is read whole, which costs less than the seeks.
        """
        whole = ("lexicon", fieldname, None)
        key = whole if first is None or whole in self._cache else ("lexicon", fieldname, first)
        if key not in self._cache:
            table: dict[str, list[str]] = {}
            reader = self.searcher.reader()
            if fieldname in reader.indexed_field_names():
                leaves = [leaf for leaf, _ in reader.leaf_readers()]
                if key != whole:
                    in_first_segment = sum(1 for _ in islice(leaves[0].field_terms(fieldname), MANY_VALUES))
                    key = whole if in_first_segment < MANY_VALUES else key
                # segment by segment into a set: a reader over many segments merges their term lists
                # in sorted order, one step at a time (2,399 names in 20 segments: 156 -> 88 ms)
                values: set[str] = set()
                for leaf in leaves:
                    if key == whole or first is None:  # (first is None only when key is whole)
                        values.update(leaf.field_terms(fieldname))
                        continue
                    for prefix in {first.lower(), first.upper()}:
                        values.update(map(_text, leaf.expand_prefix(fieldname, prefix)))
                    # the ranges holding " ,-._" and the names that start with a non-ASCII letter
                    # ("Özil" folds to "ozil")
                    for start, stop in (("", "A"), ("[", "a"), ("\u0080", None)):
                        # a segment reader encodes a str start itself (whoosh's hint says bytes)
                        for fname, text in leaf.terms_from(fieldname, start):  # type: ignore[arg-type]
                            if fname != fieldname or (stop is not None and _text(text) >= stop):
                                break
                            values.add(_text(text))
                for value in sorted(values):
                    table.setdefault(fold(value), []).append(value)
            self._cache[key] = table
        return self._cache[key]

    def _indexed_values(self, fieldname: str, name: str) -> list[str]:
        """The index's own values of a field that fold to the same form as ``name`` (and that an article
        still holds: the lexicon also lists the names of articles an update deleted)."""
        folded = fold(name)
        lead = name.lstrip(" \t\n.-_,")[:1]  # "İzmir" folds to a form starting with "i", but is no "i" name
        first = folded[:1] if lead.isascii() and lead.isalnum() else None
        return self._held(fieldname, self._lexicon(fieldname, first).get(folded, []))

    def _held(self, fieldname: str, names: list[str]) -> list[str]:
        return [n for n in names if held(self.searcher.reader(), fieldname, n)]

    def _analyzed(self, fieldname: str, text: str) -> list[str]:
        return [t for t in self.schema[fieldname].process_text(text, mode="query")]

    def _text_query(self, fieldname: str, text: str, phrase: bool, slop: int) -> wq.Query | None:
        if not phrase and any(c in text for c in "*?"):
            forms: list[wq.Query] = []
            for pattern in wildcard_forms(fold_letters(text)):
                q: wq.MultiTerm
                if pattern.endswith("*") and not any(c in pattern[:-1] for c in "*?"):
                    q = wq.Prefix(fieldname, pattern[:-1])
                else:
                    q = wq.Wildcard(fieldname, pattern)
                self._count_expansions(q, text)
                forms.append(q)
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
        return ExactWords(stemmed, tag, tuple(words), pairs=slop == 0) if words else stemmed

    def _count_expansions(self, q: wq.MultiTerm, typed: str) -> None:
        """Refuse a wildcard that stands for too many words, alone or with the query's others (as
        Lucene's maxBooleanClauses and Elasticsearch's max_expansions do): '*a*' would OR together
        most of the vocabulary, and ten such take minutes."""
        room = MAX_EXPANSIONS - self.expanded
        found = sum(1 for _ in islice(q._btexts(self.searcher.reader()), room + 1))
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
        if term.boost == 1.0:
            return q
        return q.with_boost(q.boost * term.boost)  # type: ignore[attr-defined]  # Term, Phrase, Or: all have one

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
            if fieldname in S.ENTITY_FIELDS:
                canonical = self.registry.canonical(value, fieldname)
                if canonical != value:
                    self.notes.append(f"{fieldname}:{value!r} -> {canonical!r} (registry alias)")
                wanted.add(canonical)
            matched = set()
            for w in wanted:
                matched.update(self._indexed_values(fieldname, w))
            if not matched and fieldname in S.ENTITY_FIELDS:
                matched = self._by_name_part(fieldname, value)
            if not matched:
                matched = wanted
                self.notes.append(f"{fieldname}:{value!r} matches no indexed value")
                if fieldname in (S.SOURCE, S.LANG):  # (names say so in _by_name_part; kinds are a closed set)
                    self.warnings.append(self._unknown_value(fieldname, value, *wanted))
            terms.extend(wq.Term(fieldname, m) for m in sorted(matched))
            self.entity_values.extend((fieldname, m) for m in sorted(matched))
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    def _unknown_value(self, fieldname: str, value: str, meant: str) -> str:
        """A warning for a source or language no article has, naming the nearest spellings or else the
        values there are (a language with its name: ``en (English)``)."""
        import difflib

        lexicon = self._lexicon(fieldname)
        close = [live[0] for live in (self._held(fieldname, lexicon[c]) for c in
                                      difflib.get_close_matches(fold(value), list(lexicon), n=3, cutoff=0.75)) if live]
        label, what = ("language", "languages") if fieldname == S.LANG else ("source", "sources")
        typed = repr(value) + (f" ({meant})" if fold(meant) != fold(value) else "")
        if close:
            return f"{label} {typed} matches no indexed {label}; nearest: {', '.join(close)}"
        there = [names[0] for names in (self._held(fieldname, lexicon[k]) for k in sorted(lexicon)) if names]
        if fieldname == S.LANG:
            there = [f"{code} ({language_name(code)})" if language_name(code) else code for code in there]
        shown = ", ".join(there[:8]) + (f", … ({len(there)} in all)" if len(there) > 8 else "")
        return f"{label} {typed} matches no indexed {label} ({what}: {shown or 'none'})"

    def _by_name_part(self, fieldname: str, value: str) -> set[str]:
        """Indexed names that ``value`` is the end or start of, word by word ("Erdogan" -> "Recep Tayyip
        Erdogan"), when that names one entity; otherwise nothing, with a warning naming the candidates
        or the nearest spellings."""
        import difflib

        wanted = [fold(w) for w in value.split() if fold(w)]
        lexicon = self._lexicon(fieldname)
        ends, starts = [], []
        for names in lexicon.values():
            words = [fold(w) for w in names[0].split() if fold(w)]
            if wanted and len(words) > len(wanted):
                if words[-len(wanted):] == wanted:
                    ends.append(names)
                elif words[:len(wanted)] == wanted:
                    starts.append(names)
        ends, starts = ([live for live in (self._held(fieldname, names) for names in group) if live]
                        for group in (ends, starts))
        found = ends or starts  # a surname says more than a given name
        if len(found) == 1:
            self.notes.append(f"{fieldname}:{value!r} -> {found[0][0]!r} (the only indexed name it is part of)")
            return set(found[0])
        label = {"person": "person", "place": "place", "org": "organisation"}[fieldname]
        if found:
            shown = sorted(names[0] for names in found)
            self.warnings.append(f"{label} {value!r} is part of {len(shown)} indexed names: "
                                 f"{', '.join(shown[:5])}{', …' if len(shown) > 5 else ''}; give the full name "
                                 f"(repeat --{fieldname} for several)")
            return set()
        close = [live[0] for live in (self._held(fieldname, lexicon[c]) for c in
                                      difflib.get_close_matches(fold(value), list(lexicon), n=10, cutoff=0.75)) if live]
        hint = f"; nearest: {', '.join(close[:3])}" if close else ""
        self.warnings.append(f"{label} {value!r} matches no indexed name{hint}")
        return set()

    def _years_indexed(self) -> tuple[int, int] | None:
        if "years" not in self._cache:
            reader = self.searcher.reader()
            years = []
            if S.DATE_PARTS in reader.indexed_field_names():  # "y2015" terms sort after every "m2015-01"
                years = [int(t[1:]) for t in reader.expand_prefix(S.DATE_PARTS, "y")]
            self._cache["years"] = (min(years), max(years)) if years else None
        return self._cache["years"]

    def date_query(self, rng: dates.DateRange) -> wq.Query:
        """The articles whose date falls in the range, and those dated only to a year or a month whose
        year or month overlaps it (``2019`` is in ``--since 2019-06`` as it is in ``--until 2019-05``)."""
        in_range = self._date_range(rng)
        start = rng.start.replace(tzinfo=None) if rng.start else None
        # A coarse date is indexed as its period's first day: only the range's first year and month can
        # hold coarse articles starting before the range (the later ones start inside it).
        coarse: list[wq.Query] = [wq.And([wq.Term(S.DATE_PARTS, mark), wq.Term(S.DATE_PARTS, start.strftime(form))])
                                  for period, mark, form in (("year", S.COARSE_DATE_MARK["year"], "y%Y"),
                                                             ("month", S.COARSE_DATE_MARK["month"], "m%Y-%m"))
                                  if start is not None and start != dates.period_start(start, period)]
        if not coarse:
            return in_range
        return wq.Or(([] if in_range is wq.NullQuery else [in_range]) + coarse)

    def _date_range(self, rng: dates.DateRange) -> wq.Query:
        """A date range as whole years, months and days (term lookups), and the articles of a day the
        range cuts read from the date column (``dayrange.py``)."""
        start = rng.start.replace(tzinfo=None) if rng.start else None
        end = rng.end.replace(tzinfo=None) if rng.end else None
        span = self._years_indexed()
        if span is None:  # no dated article
            return wq.NullQuery
        first, last = datetime(span[0], 1, 1), datetime(span[1] + 1, 1, 1)
        lo = max(start, first) if start else first
        hi = min(end, last) if end else last
        if lo >= hi:
            return wq.NullQuery
        parts: list[wq.Query] = []
        cur = lo
        month_start = dates.period_start(cur, "month")
        if cur != month_start:  # a partial first month
            edge = min(dates.next_period(month_start, "month"), hi)
            parts += _days(cur, edge)
            cur = edge
        while cur < hi and cur.month != 1 and dates.next_period(cur, "month") <= hi:
            parts.append(wq.Term(S.DATE_PARTS, cur.strftime("m%Y-%m")))
            cur = dates.next_period(cur, "month")
        while dates.next_period(cur, "year") <= hi:
            parts.append(wq.Term(S.DATE_PARTS, cur.strftime("y%Y")))
            cur = dates.next_period(cur, "year")
        while dates.next_period(cur, "month") <= hi:
            parts.append(wq.Term(S.DATE_PARTS, cur.strftime("m%Y-%m")))
            cur = dates.next_period(cur, "month")
        if cur < hi:
            parts += _days(cur, hi)
        if not parts:
            return wq.NullQuery
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def _range(self, node: Range) -> wq.Query:
        found = read_range(node, self.text, self.now)
        if isinstance(found, dates.DateRange):
            return self.date_query(found)
        return wq.TermRange(*found)

    def _field(self, name: str) -> str:
        mapped = S.QUERY_FIELDS.get(name)
        if mapped:
            return mapped
        meta = S.META_PREFIX + name.replace("-", "_")
        if meta in self.searcher.reader().indexed_field_names():
            return meta
        indexed = self.searcher.reader().indexed_field_names()
        known = sorted(set(S.QUERY_FIELDS) | {f.removeprefix(S.META_PREFIX) for f in indexed
                                              if f.startswith(S.META_PREFIX)})
        raise QuerySyntaxError(self.text, f"unknown field {name!r} (fields: {', '.join(known)})", f"{name}:")

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
            return Unscored(wq.Not(dropped)) if kept is None else wq.AndNot(kept, dropped)
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
        if fieldname in (S.ID_FIELD, S.URL, S.YEAR, S.MONTH):
            return Unscored(wq.Term(fieldname, node.value))
        q = self._text_query(fieldname, node.value, node.phrase, node.slop)
        if q is None or node.boost == 1.0:
            return q
        return q.with_boost(q.boost * node.boost)  # type: ignore[attr-defined]  # every query _text_query makes has one

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
        conjuncts = list(root.items) if isinstance(root, And) else [root] if root is not None else []

        filters: list[wq.Query] = []
        masks: list[wq.Query] = []
        scored_nodes: list[Node] = []
        negated_scored: list[Node] = []
        for node in conjuncts:
            if is_filter(node):
                if isinstance(node, Not):
                    q = self.node(node.item)
                    if q is not None:
                        masks.append(q)
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
            filters.append(self.date_query(dates.filter_range(query.since, query.until, self.now)))

        for node in negated_scored:
            q = self.node(node)
            if q is not None:
                masks.append(q)

        scored_parts = [q for q in (self.node(n) for n in scored_nodes) if q is not None]
        if scored_nodes and not scored_parts and not filters and not masks:
            raise QuerySyntaxError(text, "nothing to search: no words, only symbols or words too common to index "
                                         "such as 'the'", hint=None)
        sortedby = None
        sort = query.sort
        if sort.startswith("relevance") and not scored_parts:
            sort = "newest"  # a filter-only listing has no relevance to rank by
        if sort in ("newest", "oldest"):
            sortedby = sorting.MultiFacet([sorting.FieldFacet(S.UNDATED),
                                           sorting.FieldFacet(S.DATE, reverse=sort == "newest")])
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
                per_story = query.count == "stories" or query.collapse == "story"
                maptype = sorting.UnorderedList if per_story else sorting.Count
                facets.add_facet(name, sorting.FieldFacet(name, allow_overlap=name in S.ENTITY_FIELDS, maptype=maptype))
        flt = None if not filters else filters[0] if len(filters) == 1 else wq.And(filters)
        mask = None if not masks else masks[0] if len(masks) == 1 else wq.Or(masks)
        return Compiled(scored, flt, mask, facets, sortedby, tuple(self.words), tuple(self.notes),
                        tuple(self.warnings), tuple(self.entity_values), bonus, relaxed,
                        recency=sort == "relevance+recency")


def compile_query(searcher: Searcher, registry: Registry, query: Query, now: datetime | None = None) -> Compiled:
    return Compiler(searcher, registry, now).compile(query)

