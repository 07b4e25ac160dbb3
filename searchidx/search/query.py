"""The one Query model shared by the CLI, saved queries and the library, and the query-text AST.

No Whoosh here: a Query is plain data that can round-trip through a dict (and so through YAML).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from ..errors import ArgumentTypeError, SearchidxError
from ..ingest.article import ENTITY_TYPES, KINDS
from ..surrogates import typed_text

SORTS = ("relevance", "relevance+recency", "newest", "oldest")  # relevance+recency: see search/recency.py
FACET_NAMES = (*ENTITY_TYPES, "source", "year", "month", "lang", "kind")
MATCHES = ("any", "all")  # how repeated entity filters combine
# ENTITY_TYPES (ingest/article.py): what `entities`, `network` and `trending` --type take
SPLITS = (*ENTITY_TYPES, "source")  # what `timeline --split` takes: filters whose values are facet values
ENTITY_RANKS = ("count", "association")  # what `entities --rank` takes


# --- query-text AST ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    """A word or phrase, in the default fields (``field=None``) or in a named field."""

    value: str
    field: str | None = None
    phrase: bool = False
    slop: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """``field:[a TO b]``, ``field:>x``, ``field:2022..2023``: kept as text; compile reads it by field type."""

    field: str
    text: str


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]
    typed: bool = field(default=False, compare=False)  # AND (or &&) was written between the items


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Term | Range | And | Or | Not


# --- the Query ------------------------------------------------------------------------------------

def at_least_one(name: str, value: Any) -> int:
    """``value`` if it is a whole number of at least 1 (a count of names, series or facet values kept:
    Python would read -1 as "all but the last"), else a SearchidxError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SearchidxError(f"{name} must be a whole number of at least 1, not {value!r}")
    return value


def _as_tuple(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    if isinstance(value, (list, tuple)):
        if not all(isinstance(v, (str, int)) for v in value):
            raise SearchidxError(f"{name}: expected a list of names, got {value!r}")
        values = tuple(unquoted(typed_text(str(v))) for v in value)
        if any(not v.strip() for v in values):  # a script's unset variable: dropped, it would match everything
            raise SearchidxError(f"{name} is empty: it would filter nothing; give a value, or leave {name} out")
        return values
    raise SearchidxError(f"{name}: expected a name or a list of names, got {type(value).__name__}")


_QUOTE_PAIRS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c", "\u00ab": "\u00bb",
                "\u00bb": "\u00ab"}


def unquoted(value: str) -> str:
    """A name without the quotes around it: '"Ronald Reagan"' (typed in a web form's person field, or quoted
    twice in a shell or a YAML file) matched no indexed name, only 'nearest: Ronald Reagan'."""
    text = value.strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return value


NAME_LISTS = ("person", "place", "org", "source", "lang", "kind", "facets")  # a name, or a list of names


def check_arguments(text: object, options: dict[str, Any]) -> None:
    """The query text and the name-list options a library call was given, as text (a saved query's
    numbers, ``source: 1843``, are its loader's to read, as text): ArgumentTypeError naming the argument."""
    if text is not None and not isinstance(text, str):
        raise ArgumentTypeError(f"the query must be text (str) or a Query, not {type(text).__name__}: {text!r:.80}")
    for name in NAME_LISTS:
        value = options.get(name)
        if value is None:
            continue
        items = (value,) if isinstance(value, str) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
            raise ArgumentTypeError(f"{name} must be a name or a list of names (str), not {value!r:.80}")


@dataclass(frozen=True)
class Query:
    """A search: query text plus filters, sorting, paging and facets.

    Filters of one kind are ORed (``person=("A", "B")``: either; ``match="all"``: both), different
    kinds are ANDed.
    Dates are kept as the text the user gave (``"2022-09"``, ``"last 30 days"``) and read when the
    query runs, against ``now`` or an ``as_of`` date.
    """

    q: str = ""
    person: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    lang: tuple[str, ...] = ()  # ISO 639-1 codes: "en", "de"
    kind: tuple[str, ...] = ()  # article, listing, liveblog
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"
    limit: int = 10
    page: int = 1
    facets: tuple[str, ...] = ()
    facet_limit: int = 10
    literal: bool = False
    collapse: str | None = None  # "story": one hit per story, the best-scoring copy
    # "stories": totals and facet counts count each story once; None: as the hits are listed (stories
    # when collapsed, else articles); "articles" counts articles even when collapsed
    count: str | None = None
    match: str = "any"  # "all": an article must name every person, place and org given, not one of them
    feedback: bool = False  # re-rank the best hits with words common in them (search/feedback.py)

    def __post_init__(self):
        for name in NAME_LISTS:
            object.__setattr__(self, name, _as_tuple(getattr(self, name), name))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, typed_text(str(value)))
            if value is not None and not str(value).strip():
                raise SearchidxError(f"{name} is empty: it would filter nothing; give a date, or leave {name} out")
        # None is no query text (every article), not the word "None"; a saved query's number is its text
        q = self.q if self.q is not None else ""
        object.__setattr__(self, "q", typed_text(q.strip() if isinstance(q, str) else str(q)))
        if self.sort not in SORTS:
            raise SearchidxError(f"sort must be one of {', '.join(SORTS)}, not {self.sort!r}")
        bad = [f for f in self.facets if f not in FACET_NAMES]
        if bad:
            raise SearchidxError(f"unknown facet {bad[0]!r} (choose from {', '.join(FACET_NAMES)})")
        for name in ("limit", "page", "facet_limit"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise SearchidxError(f"{name} must be a whole number, not {value!r}")
        if self.collapse not in (None, "story"):
            raise SearchidxError(f"collapse can only be 'story', not {self.collapse!r}")
        for name in ("literal", "feedback"):  # literal="no" (text from a form or a setting) searched literally
            if not isinstance(getattr(self, name), bool):
                raise SearchidxError(f"{name} must be true or false, not {getattr(self, name)!r}")
        if self.match not in MATCHES:
            raise SearchidxError(f"match must be 'any' or 'all', not {self.match!r}")
        bad_kind = [k for k in self.kind if k not in KINDS]
        if bad_kind:
            raise SearchidxError(f"unknown kind {bad_kind[0]!r} (choose from {', '.join(KINDS)})")
        if self.count not in (None, "articles", "stories"):
            raise SearchidxError(f"count must be 'articles' or 'stories', not {self.count!r}")
        if self.limit < 0 or self.limit > 100_000:
            raise SearchidxError(f"limit must be between 0 and 100000, not {self.limit}")
        if self.page < 1:
            raise SearchidxError(f"page must be 1 or more, not {self.page}")
        at_least_one("facet_limit", self.facet_limit)

    @property
    def per_story(self) -> bool:
        """Whether totals, facets and timeline rows count stories: asked for, or left to one hit per story."""
        return self.count == "stories" or (self.count is None and self.collapse == "story")

    def to_dict(self) -> dict:
        """Only the keys that differ from the defaults, lists as lists: ready for JSON or YAML."""
        default = Query()
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value != getattr(default, f.name):
                out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Query:
        """Build a Query from a mapping with the same keys as the CLI options; unknown keys are an error."""
        if not isinstance(data, dict):
            raise SearchidxError(f"a query is a mapping of its keys to values, not {type(data).__name__}")
        _known_keys(data)
        return cls(**data)

    def replace(self, **changes) -> Query:
        """This query with ``changes`` (the keys ``from_dict`` takes; another is an error naming it)."""
        _known_keys(changes)
        return replace(self, **changes)


def _known_keys(data: dict) -> None:
    """A SearchidxError naming the first key that is no Query key (not a TypeError from the constructor)."""
    known = {f.name for f in fields(Query)}
    unknown = set(data) - known
    if unknown:
        raise SearchidxError(f"unknown query key {sorted(unknown)[0]!r} (known: {', '.join(sorted(known))})")


__all__ = ["Query", "at_least_one", "Term", "Range", "And", "Or", "Not", "Node", "SORTS", "FACET_NAMES", "asdict"]
