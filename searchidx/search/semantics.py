"""What a parsed query means, whatever engine runs it: which parts are filters, what a range says, how
plain words combine (all, any, or both-else-either) and which words earn a proximity bonus.

Both engines compile from these rules (``search/compile.py`` for Whoosh, ``opensearch/dsl.py`` for a
cluster), so a query ranks and counts alike on either; nothing here imports an engine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from .. import dates
from ..enrich.aliases import fold
from ..errors import DateParseError, QuerySyntaxError, did_you_mean
from ..index import schema as S
from ..languages import language_name
from . import parser
from .query import And, Node, Not, Or, Range, Term

FILTER_FIELDS = {S.PERSON, S.PLACE, S.ORG, S.SOURCE, S.LANG, S.KIND, S.DATE, S.YEAR, S.MONTH, S.ID_FIELD, S.URL,
                 "since", "until"}
# The filters a facet counts a story under when any copy has the value: excluding one of these, with stories
# listed, leaves out every copy of such a story (an id, a url or a date names one copy, not its story)
STORY_VALUE_FIELDS = {S.PERSON, S.PLACE, S.ORG, S.SOURCE, S.LANG, S.KIND}
DEFAULT_FIELDS = (S.TITLE, S.BODY)
RESCORE_WINDOW = 100  # proximity bonuses are added to this many best hits, not to every match (speed)
ANY_FROM_WORDS = 3  # from this many plain words on, any of them will do (ranked: more of them first)
RELAX_BELOW = 10  # two plain words held together by fewer articles than this: either word will do
HALF_LIFE_DAYS = 90  # relevance+recency: an article's score halves for every 90 days it is older
PROXIMITY_UP_TO_WORDS = 6  # a proximity bonus for up to this many words (pasted text gets none)
PROXIMITY_BOOST = 2.0  # weight of each proximity bonus (body phrase, title words) against the words' own scores
BODY_SLOP = 6  # the body's proximity phrase in Whoosh's count (1: side by side; Lucene's slop is one less)
# The date precisions too coarse for each timeline period: an article dated "2019" is stored as its first day,
# which a month, week or day does not hold (the month facet leaves it out too). Both engines leave such
# articles out of the periods and count them apart (Timeline.coarse), never in January or on the 1st.
COARSER_THAN = {"year": (), "month": ("year",), "week": ("year", "month"), "day": ("year", "month")}


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


def leaves_out_stories(node: Node) -> bool:
    """Whether excluding ``node`` (the part after a minus) leaves out whole stories when stories are listed:
    values of the fields a facet counts stories under (STORY_VALUE_FIELDS), alone or in a group."""
    if isinstance(node, Term) and node.field:
        return S.QUERY_FIELDS.get(node.field, node.field) in STORY_VALUE_FIELDS
    if isinstance(node, (And, Or)):
        return all(leaves_out_stories(n) for n in node.items)
    return False


def conjuncts(root: Node | None) -> list[Node]:
    """The parts of a query that must all hold. A group of words with only filters and exclusions beside it
    (``(oil prices opec) month:1987-03``, what the web's facet links write) is its words: the brackets
    around the words alone change nothing (three words: any of them), so a filter beside them must not
    either; ``(oil prices) opec`` stays a group."""
    parts: list[Node] = list(root.items) if isinstance(root, And) else [root] if root is not None else []
    searched = [i for i, n in enumerate(parts) if not is_filter(n) and not isinstance(n, Not)]
    group = parts[searched[0]] if len(searched) == 1 else None
    if isinstance(group, And) and not group.typed:
        i = searched[0]
        return conjuncts(And((*parts[:i], *group.items, *parts[i + 1:])))
    return parts


def unquoted_names(root: Node | None) -> list[tuple[str, str, list[str]]]:
    """(field, value, the plain words right after it) for each entity filter written without quotes before
    words: ``person:Boris Johnson`` is person:Boris and the word johnson, which a reader rarely means."""
    parts = conjuncts(root)
    found = []
    for i, node in enumerate(parts):
        field = S.QUERY_FIELDS.get(node.field or "") if isinstance(node, Term) else None
        if field in S.ENTITY_FIELDS and isinstance(node, Term) and not node.phrase:
            words = []
            for nxt in parts[i + 1:i + 3]:
                if not (isinstance(nxt, Term) and nxt.field is None and not nxt.phrase):
                    break
                words.append(nxt.value)
            if words:
                found.append((field, node.value, words))
    return found


def read_range(node: Range, text: str, now: datetime | None) -> dates.DateRange | tuple[dates.DateRange, str]:
    """What a range in the query text means, for any engine: a DateRange for dates (``since``, ``until``,
    ``date``: an article dated only to a coarser period overlapping it is in it), or (DateRange, period)
    for a year, month or day and ranges of them (``day:2019-12-15``, ``month:2019-06..2019-09``): the
    articles dated at least to that period within it, as the facets and timelines (the date chart) count
    them. QuerySyntaxError otherwise."""
    try:
        if node.field == "since":
            return dates.since(node.text, now)
        if node.field == "until":
            return dates.until(node.text, now)
        if node.field == S.DATE:
            return dates.parse_range(node.text, now)
        if node.field in parser.PERIOD_FIELDS:
            return dates.parse_range(node.text, now), node.field
    except DateParseError as e:
        raise QuerySyntaxError(text, str(e), node.text) from None
    raise QuerySyntaxError(text, f"ranges work on date, year, month and day, not on {node.field!r}", node.text)


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


KEY_FIELDS = (S.ID_FIELD, S.URL, S.YEAR, S.MONTH)  # matched as typed, whole: no analysis, no folding


def check_text_pattern(text: str, typed: str) -> None:
    """A QuerySyntaxError for a wildcard in a text field beside no letter or digit (``😀*``, ``€?``): only
    words are indexed, so it matched nothing, silently, where ``*`` alone and a query of symbols say so."""
    if not re.search(r"\w", typed.replace("*", "").replace("?", "")):
        raise QuerySyntaxError(text, "a wildcard needs a letter or digit beside it: symbols and emoji are not "
                                     "indexed as words, so it would find nothing", typed, hint=None)


def pattern_kind(pattern: str) -> tuple[str, str]:
    """How a pattern holding * or ? matches, in either engine: ("prefix", "refer") for ``refer*`` (the
    cheaper lookup), ("wildcard", pattern) for any other."""
    if pattern.endswith("*") and not any(c in pattern[:-1] for c in "*?"):
        return "prefix", pattern[:-1]
    return "wildcard", pattern


def key_pattern(value: str, quoted: bool) -> tuple[str, str] | None:
    """How a key field's value matches when it holds a wildcard (``pattern_kind``); None for a value
    matched whole (none, or quoted)."""
    if quoted or not any(c in value for c in "*?"):
        return None
    return pattern_kind(value)


_LOWER_OPERATOR = re.compile(r"(?<=\S)\s+(or|not)\s+(?=\S)")


def lowercase_operators(text: str) -> list[str]:
    """A warning for "or" or "not" written in lowercase between words: operators are OR and NOT, and the
    lowercase words are too common to index, so "opec or saudi" found the articles holding both words and
    "war not putin" those naming Putin, the opposite of what was meant, with no word."""
    quotes = parser.QUOTES
    # a phrase's words are words, and the phrase one word beside an "or" ('opec or "oil prices"')
    outside = re.sub(f"[{quotes}][^{quotes}]*[{quotes}]", " _ ", text)
    found = dict.fromkeys(m.group(1) for m in _LOWER_OPERATOR.finditer(outside))
    return [f"'{word}' in lowercase is an ordinary word, too common to be searched: write {word.upper()} to "
            f"{'find either side' if word == 'or' else 'leave out what follows'}" for word in found]


def widened(both: int) -> str | None:
    """The warning shown when two words that ``both`` articles hold together are searched as either word,
    or None when ``both`` is enough (RELAX_BELOW or more) and the search stands."""
    if both >= RELAX_BELOW:
        return None
    held = "no article holds" if both == 0 else f"only {both} article{'s hold' if both > 1 else ' holds'}"
    return f"{held} both words; articles with either of them are shown too"


def date_spans(text: str, now: datetime | None) -> list[tuple[dates.DateRange, str]]:
    """The spans every match must lie in by the query text's own dates (``date:2030``, ``since:-7d``,
    ``year:2030``, which the web's year= and month= write), each with the words that gave it: what a search
    that found nothing checks against the index's dates. Parts under OR or NOT narrow nothing: left out."""
    spans: list[tuple[dates.DateRange, str]] = []
    for node in conjuncts(parser.parse(text)):
        if isinstance(node, Term) and node.field in parser.PERIOD_FIELDS:
            node = Range(node.field, node.value)
        if isinstance(node, Range) and node.field in (S.DATE, "since", "until", *parser.PERIOD_FIELDS):
            found = read_range(node, text, now)
            rng = found if isinstance(found, dates.DateRange) else found[0]
            spans.append((rng, f"{node.field} {node.text}" if node.field in ("since", "until") else
                          f"in {node.field}:{node.text}"))
    return spans


def unknown_field(text: str, name: str, known: set[str]) -> QuerySyntaxError:
    """The error for a field no article has, in either engine: the fields there are, and the nearest one
    when the name is a slip away from it ('topic:' for 'topics:'). A web address pasted bare ('https://...')
    was 'unknown field 'https'' with the advice to quote it, which searches its words: url: is meant."""
    if name.lower() in ("http", "https") and "url" in known:
        return QuerySyntaxError(text, f"a web address is looked up with url: (url:{name}://example.org/a, a site's "
                                      f"articles url:{name}://example.org/*)", f"{name}:", hint=None)
    return QuerySyntaxError(text, f"unknown field {name!r}{did_you_mean(name, known)} (fields: "
                                  f"{', '.join(sorted(known))})", f"{name}:")


def unknown_value(fieldname: str, value: str, meant: str, lexicon: dict[str, list[str]],
                  held: Callable[[list[str]], list[str]] = list) -> str:
    """The warning for a source or language (``value``, looked up as ``meant``) no article has, naming the
    nearest spellings or else the values there are (a language with its name: ``en (English)``), in
    either engine. ``lexicon``: folded value -> indexed values; ``held``: those an article still holds."""
    import difflib

    close = [live[0] for live in (held(lexicon[c]) for c in
                                  difflib.get_close_matches(fold(value), list(lexicon), n=3, cutoff=0.75)) if live]
    label, what = ("language", "languages") if fieldname == S.LANG else ("source", "sources")
    typed = repr(value) + (f" ({meant})" if fold(meant) != fold(value) else "")
    if close:
        return f"{label} {typed} matches no indexed {label}; nearest: {', '.join(close)}"
    there = [names[0] for names in (held(lexicon[k]) for k in sorted(lexicon)) if names]
    if fieldname == S.LANG:
        there = [f"{code} ({language_name(code)})" if language_name(code) else code for code in there]
    shown = ", ".join(there[:8]) + (f", … ({len(there)} in all)" if len(there) > 8 else "")
    return f"{label} {typed} matches no indexed {label} ({what}: {shown or 'none'})"


Part = TypeVar("Part")  # what an engine compiles a query part to (a Whoosh query, a DSL clause)


def nonempty_parts(text: str, nodes: list[Node], compile_node: Callable[[Node], Part | None],
                 narrowed: bool) -> tuple[list[Node], list[Part]]:
    """The scored nodes that compile to something, and what they compile to: a part that searches nothing
    (a quoted stop word: "the") takes no say in how the rest combine. QuerySyntaxError when nothing is left
    to search and no filter (``narrowed``) lists anything either."""
    kept = [(n, q) for n, q in ((n, compile_node(n)) for n in nodes) if q is not None]
    if nodes and not kept and not narrowed:
        raise QuerySyntaxError(text, "nothing to search: no words, only symbols or words too common to index "
                                     "such as 'the'", hint=None)
    return [n for n, _ in kept], [q for _, q in kept]
