"""URL parameters <-> the library's Query: every state of a page is in its address.

The parameter names are the Query's own keys (``q``, ``person``, ``since``, ``sort``, ``page``...),
repeated for lists, so a link, the JSON API and ``Query.from_dict`` share one vocabulary. The
browser's "exclude" control adds ``not_person=NAME`` (and ``not_place``, ``not_org``,
``not_source``, ``not_year``, ``not_month``): each becomes ``-person:"NAME"`` in the query text,
the query syntax's own exclusion, so the result is exactly what ``searchidx search`` gives for that text.
A year or month facet value, or a bar of the date chart, narrows with ``year=2019`` / ``month=2019-12`` /
``day=2019-12-31`` (a dragged range: ``month=2019-06..2019-09``): ``year:2019`` in the query text, the articles
the facet or the chart counted (``since``/``until`` keep too the articles dated only to 2019).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import cast
from urllib.parse import urlencode

from ..errors import QuerySyntaxError, SearchidxError
from ..search import parser
from ..search.query import ENTITY_RANKS, ENTITY_TYPES, SPLITS, Query

FILTER_FIELDS = SPLITS  # Query filters whose values are facet values
PERIOD_FIELDS = tuple(parser.PERIOD_PATTERNS)  # periods that narrow by query text: year=2019 is year:2019
FACET_PERIODS = parser.FACET_PERIODS  # the periods that are facets (a day is a bar of the date chart only)
EXCLUDABLE = (*FILTER_FIELDS, *FACET_PERIODS)  # the facets shown beside the results, each can be left out
EXCLUDE_PREFIX = "not_"
MAX_URL_QUERY_CHARS = 8000  # the parser refuses text over 4,000 characters; the whole address gets twice that
MAX_PARAMS = 200
# A view's own options (not the search's): dropped when a link leaves the view for another, kept otherwise
VIEW_OPTIONS = ("page", "by", "split", "top", "type", "rank", "min_count", "min_articles", "baseline")


def _kinds() -> dict[str, str]:
    """Each Query field's kind (list, int, bool, text), read from the dataclass: one source of truth."""
    out = {}
    for f in fields(Query):
        kind = str(f.type)
        out[f.name] = ("list" if kind.startswith("tuple") else "int" if kind == "int" else
                       "bool" if kind == "bool" else "text")
    return out


KINDS = _kinds()
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class ParamError(SearchidxError):
    """A URL parameter the API cannot use: unknown, or not of its kind."""


def pairs_of(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The request's parameters as a list of pairs, checked for size."""
    out = list(items)
    if len(out) > MAX_PARAMS:
        raise ParamError(f"too many parameters ({len(out)}; at most {MAX_PARAMS})")
    return out


def query_options(params: Sequence[tuple[str, str]], allowed_extra: Iterable[str] = (),
                  defaults: Mapping[str, object] | None = None) -> tuple[dict, dict[str, list[str]]]:
    """Split URL pairs into Query keyword values and the other (``allowed_extra``) parameters.

    Lists repeat (``person=A&person=B``); ints and booleans are converted; an unknown name is a
    ParamError naming it, as an unknown key in a saved-query file is."""
    extra_names = set(allowed_extra)
    options: dict = dict(defaults or {})
    extra: dict[str, list[str]] = {}
    excludes: list[str] = []
    periods: dict[str, list[str]] = {}
    for name, value in params:
        kind = KINDS.get(name)
        if name.startswith(EXCLUDE_PREFIX) and name[len(EXCLUDE_PREFIX):] in EXCLUDABLE:
            if value.strip():
                excludes.append(exclusion(name[len(EXCLUDE_PREFIX):], value))
        elif name in PERIOD_FIELDS:
            if value.strip():
                periods.setdefault(name, []).append(period_term(name, value))
        elif name in extra_names:
            extra.setdefault(name, []).append(value)
        elif kind == "list":
            if value.strip():
                options[name] = (*options.get(name, ()), value)
        elif kind == "int":
            try:
                options[name] = int(value)
            except ValueError:
                raise ParamError(f"{name} must be a whole number, not {value!r}") from None
        elif kind == "bool":
            options[name] = flag(name, value)
        elif kind == "text":
            if value.strip() or name == "q":
                options[name] = value
            else:  # left blank: the default, as a blank list field is no filter ('sort=' was "not None")
                options.pop(name, None)
        else:
            known = sorted([*KINDS, *extra_names, *PERIOD_FIELDS, *(EXCLUDE_PREFIX + e for e in EXCLUDABLE)])
            raise ParamError(f"unknown parameter {name!r} (known: {', '.join(known)})")
    # one year or month of several given (year=2019&year=2020), as a repeated person is any of them
    narrows = [terms[0] if len(terms) == 1 else f"({' OR '.join(terms)})" for terms in periods.values()]
    if excludes or narrows:
        options["q"] = with_exclusions(options.get("q") or "", narrows + excludes, bool(options.get("literal")))
        options.pop("literal", None)
    return options, extra


def only(params: Sequence[tuple[str, str]], allowed: Sequence[str]) -> dict[str, list[str]]:
    """The options of an address that takes no query (``/api/stats``, ``/api/story/ID``): any other name is a
    ParamError naming it, as on every other address (``/api/stats?top=2`` was answered with the top 5)."""
    extra: dict[str, list[str]] = {}
    for name, value in params:
        if name not in allowed:
            known = f"known: {', '.join(allowed)}" if allowed else "this address takes none"
            raise ParamError(f"unknown parameter {name!r} ({known})")
        extra.setdefault(name, []).append(value)
    return extra


def flag(name: str, value: str) -> bool:
    """A yes/no parameter (``literal``, ``include_copies``, ``diff``): true, 1, yes, on or false, 0, no, off."""
    if value.lower() not in TRUE + FALSE:
        raise ParamError(f"{name} must be true or false, not {value!r}")
    return value.lower() in TRUE


def whole_number(text: str, name: str, low: int, high: int) -> int:
    """A view option such as ``top``, checked like the CLI's IntRange."""
    try:
        value = int(text)
    except ValueError:
        raise ParamError(f"{name} must be a whole number, not {text!r}") from None
    if not low <= value <= high:
        raise ParamError(f"{name} must be from {low} to {high}, not {value}")
    return value


def last(extra: dict[str, list[str]], name: str, default: str) -> str:
    """The last value given for a view option (a repeated one: the last wins, as on a command line)."""
    return (extra.get(name) or [default])[-1]


def split_of(extra: dict[str, list[str]]) -> str | None:
    split = last(extra, "split", "") or None
    if split is not None and split not in SPLITS:
        raise ParamError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return split


def rank_of(extra: dict[str, list[str]]) -> str:
    rank = last(extra, "rank", "count") or "count"
    if rank not in ENTITY_RANKS:
        raise ParamError(f"rank must be one of {', '.join(ENTITY_RANKS)}, not {rank!r}")
    return rank


def types_of(extra: dict[str, list[str]]) -> tuple[str, ...]:
    types = tuple(extra.get("type") or ENTITY_TYPES)
    bad = [t for t in types if t not in ENTITY_TYPES]
    if bad:
        raise ParamError(f"type must be {', '.join(ENTITY_TYPES)}, not {bad[0]!r}")
    return types


def saved_params(params: Sequence[tuple[str, str]]) -> dict[str, str]:
    """A saved query's params from ``p.NAME=VALUE`` pairs (form fields) and ``set=NAME=VALUE`` (as ``--set``)."""
    from ..saved import parse_assignments

    out = parse_assignments([v for k, v in params if k == "set"])
    out.update({k[2:]: v for k, v in params if k.startswith("p.") and len(k) > 2})
    return out


def period_term(field: str, value: str) -> str:
    """``year:2019``, ``month:2019-12``, ``day:2019-12-31`` or a range of one of them (``month:2019-06..2019-09``,
    a drag across the date chart): the articles that facet value or those bars count; another value is a
    ParamError naming the parameter (it must not reach the query text as more than one term)."""
    one = parser.PERIOD_PATTERNS[field]
    if not re.fullmatch(f"{one}(\\.\\.{one})?", value.strip()):
        first, last = parser.PERIOD_FIELDS[field]
        raise ParamError(f"{field} must be a {field} such as {last}, or a range such as {first}..{last}, not {value!r}")
    term = f"{field}:{value.strip()}"
    try:  # a date that is no date (2019-02-30), a range run backwards: named as the parameter it came in
        parser.parse(term)
    except QuerySyntaxError as e:
        raise ParamError(f"{field} {value.strip()!r}: {e.why.removeprefix(f'{field}: {value.strip()!r}: ')}") from None
    return term


def exclusion(field: str, value: str) -> str:
    """Query text leaving out articles with ``field`` = ``value``: ``-person:"Vladimir Putin"``, ``-year:2022``.
    A year or month is left out as its facet counts it (``-month:2019-12``): ``-date:2019-12`` would also
    leave out the articles dated only to 2019, which the month facet does not count."""
    if field in FACET_PERIODS:
        return "-" + period_term(field, value)
    clean = " ".join(value.replace('"', " ").split())
    return f'-{field}:"{clean}"'


def with_exclusions(q: str, excludes: Sequence[str], literal: bool = False) -> str:
    """The query text with the exclusions added (literal text quoted first, as ``--literal`` would)."""
    from ..search.parser import quote

    text = quote(q) if literal else q
    return " ".join([f"({text})" if text.strip() else "", *excludes]).strip()


def build_query(params: Sequence[tuple[str, str]], limit: int, allowed_extra: Iterable[str] = (),
                **fixed: object) -> tuple[Query, dict[str, list[str]]]:
    """A Query from URL pairs (``limit`` when none is given; ``fixed`` keys override), and the extra parameters."""
    options, extra = query_options(params, allowed_extra, {"limit": limit})
    options.update(fixed)
    return Query.from_dict(options), extra


class PageState:
    """A search page's parameters as given, for building links that change one thing and keep the rest."""

    def __init__(self, params: Sequence[tuple[str, str]]):
        self.params = [(k, v) for k, v in params if v != ""]

    def get(self, name: str, default: str = "") -> str:
        return next((v for k, v in self.params if k == name), default)

    def all(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    def has(self, name: str, value: str | None = None) -> bool:
        return any(k == name and (value is None or v == value) for k, v in self.params)

    def url(self, path: str = "/", drop: Iterable[str] = ("page",), remove: tuple[str, str] | None = None,
            add: Iterable[tuple[str, str]] = (), set_: Mapping[str, str] | None = None) -> str:
        """This state's address with parameters ``drop``ped, one pair removed, pairs added or set.

        Any change but paging goes back to page 1 (``page`` is dropped by default)."""
        set_ = dict(set_ or {})
        dropped = set(drop) | set(set_)
        kept = [(k, v) for k, v in self.params if k not in dropped and (k, v) != remove]
        kept += [(k, v) for k, v in add if (k, v) not in kept]
        kept += [(k, v) for k, v in set_.items() if v != ""]
        return path + ("?" + urlencode(kept) if kept else "")

    def narrowed(self, field: str, value: str, path: str = "/", drop: Iterable[str] = ("page",)) -> str:
        """This state's address narrowed to the matches that also have ``field`` = ``value``: what a facet
        or a name counted beside them. A second person, place or organisation given (``place=A&place=B``)
        is either of them, which would widen; it narrows with ``match=all``, or, when another of those
        fields already holds values meant as either, in the query text (``place:"B"``)."""
        if field not in ENTITY_TYPES or not self.has(field) or self.has(field, value):
            return self.url(path, drop=drop, add=[(field, value)])
        if self.get("match") == "all" or not any(len(self.all(f)) > 1 for f in ENTITY_TYPES):
            return self.url(path, drop=drop, add=[(field, value)], set_={"match": "all"})
        literal = self.get("literal").lower() in TRUE
        clean = " ".join(value.replace('"', " ").split())
        q = with_exclusions(self.get("q"), [f'{field}:"{clean}"'], literal)
        return self.url(path, drop=(*drop, "literal"), set_={"q": q})

    def query_string(self) -> str:
        return urlencode(self.params)


def url_of_query(query: Query, path: str = "/", extra: Iterable[tuple[str, str]] = ()) -> str:
    """A search page address for a Query (a saved query opened as a search; ``extra``: a view's own options)."""
    pairs: list[tuple[str, str]] = []
    for key, value in query.to_dict().items():
        if key in ("facets", "facet_limit"):
            continue
        if isinstance(value, list):
            pairs += [(key, str(v)) for v in value]
        else:
            pairs.append((key, str(value).lower() if isinstance(value, bool) else str(value)))
    pairs += extra
    return path + ("?" + urlencode(pairs) if pairs else "")


def url_of_report(query: Query, report: str, options: Mapping[str, object]) -> str:
    """The page of a saved query's report (entities, trending, network) with its query and options: a saved
    query's ``types`` is the page's repeated ``type``."""
    extra = [("type", str(t)) for t in cast("Iterable[object]", options.get("types", ()))]
    extra += [(k, str(v)) for k, v in options.items() if k != "types"]
    return url_of_query(query, f"/{report}", extra)
