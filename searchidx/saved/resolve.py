"""A saved query resolved: params filled in, every value checked, and the Query to run built with where
its output goes (a format, a file, columns) and the report it asks for."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import dates
from ..errors import DateFilterError, DateParseError, QuerySyntaxError, SavedQueryError, SearchidxError, did_you_mean
from ..ingest.article import ENTITY_TYPES
from ..output import FORMATS_OF
from ..search import parser
from ..search.query import FACET_NAMES, SORTS, Query
from .keys import _PLACEHOLDER, RANKS, REPORT_KEYS, REPORT_OPTIONS
from .values import as_written, check_type, filled_later, placeholders

if TYPE_CHECKING:
    from .load import SavedQuery


@dataclass(frozen=True)
class ResolvedQuery:
    """A saved query with params filled in: the Query to run and where to put its output."""

    name: str
    query: Query
    format: str
    output: str | None
    columns: tuple[str, ...] | None
    description: str = ""
    where_output: str = ""  # file:line: query 'name': output, for errors about where results go
    relevant: tuple[str, ...] | None = None  # ids judged relevant (relevant:), for searchidx eval
    where_relevant: str = ""  # file:line: query 'name': relevant, for errors about the judgements
    report: str | None = None  # entities, trending or network: a report instead of hits
    report_options: dict = field(default_factory=dict)  # that report's options (types, top, min_count...)
    # neither the query nor defaults: gives a limit: it runs with the settings' search.limit, as a search does
    limit_from_settings: bool = False
    # file:line: query 'name': KEY of its dates (since, until, baseline), for a report's period refused at run time
    where_dates: dict = field(default_factory=dict)

    @property
    def state_key(self) -> str:
        """Identity for --diff: changes whenever what the query matches could change."""
        d = self.query.to_dict()
        for k in ("limit", "page", "facets", "facet_limit"):
            d.pop(k, None)
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


def _fill(value: Any, params: dict, where: str, prose: bool = False) -> Any:
    if isinstance(value, list):
        return [_fill(v, params, where) for v in value]
    if not isinstance(value, str):
        return value.isoformat() if hasattr(value, "isoformat") else value

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise SavedQueryError(f"{where}: param {{{name}}} has no value (define it under 'params:' or give it "
                                  "in params)", cli=f"{where}: param {{{name}}} has no value (define it under "
                                                    f"'params:' or pass --set {name}=VALUE)")
        return str(params[name])
    escaped = value.replace("{{", "\x00").replace("}}", "\x01")
    if not prose and (m := _UNCLOSED.search(escaped)):  # 'q: "{topic"' searched the word topic, unsaid
        raise SavedQueryError(f"{where}: {m.group(0)!r} is never closed: a param is written {m.group(0)}}} "
                              f"(a brace itself as {{{{)")
    return _PLACEHOLDER.sub(sub, escaped).replace("\x00", "{").replace("\x01", "}")


_UNCLOSED = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_}])")


def resolve_query(sq: SavedQuery, defaults: dict, params: dict, now: datetime | None, fmt: str | None) -> ResolvedQuery:
    if "columns" in sq.values or "fields" in sq.values:  # the query's own, by either name, over the default's
        defaults = {k: v for k, v in defaults.items() if k not in ("columns", "fields")}
    merged = {**defaults, **sq.values}
    filled = {k: _fill(v, params, sq.where(k), prose=k == "description") for k, v in merged.items()}

    def filled_in(key: str) -> str:  # which placeholder gave a value at fault, if one did
        return f" (filled in for {merged[key]!r})" if key in merged and merged[key] != filled.get(key) else ""

    for key, value in merged.items():  # a param may fill any value; the key's type is checked filled in
        if filled_later(key, value):
            filled[key] = as_written(key, filled[key])
            try:
                check_type(key, filled[key], sq.where(key))
            except SavedQueryError as e:
                raise SavedQueryError(f"{e} (filled in for {value!r})") from None
    _check_filled_in_empty(sq, merged, filled)
    report, report_options = _report(sq, filled)
    kind = report_kind(report, report_options.get("rank"))
    fields_ = filled.pop("columns", None) or filled.pop("fields", None)
    filled.pop("fields", None)
    output = filled.pop("output", None)
    named = _format_from_output(output)
    written = filled.pop("format", None)
    agrees = not named or not written or named == written or (named, written) == ("table", "paths")  # .txt: both
    own = "format" in sq.values  # else from defaults:, which the query's own output: overrides, as any key of its own
    if not agrees and own and written in FORMATS_OF[kind]:  # a format that is none is said below
        raise SavedQueryError(f"{sq.where('output')}: {output!r} is a name for {named} output, but format: is "
                              f"{written}; make them agree, or leave format: out")
    if fmt and named and not (fmt == named or (named, fmt) == ("table", "paths")):
        # `run --format csv` wrote csv into the query's results.json: the next program to read it fails
        raise SavedQueryError(f"{sq.where('output')}: {output!r} is a name for {named} output, but --format is "
                              f"{fmt}; make them agree, or leave this query out (--name) or --format off")
    ending = Path(output).suffix if output else ""
    if named is None and re.fullmatch(r"\.[A-Za-z]{1,5}", ending) and not own and not fmt:
        # a table written into out.xlsx (or .tsv, .html): the next program to open it fails far from the cause
        from ..output import FILE_SUFFIXES

        endings = ", ".join(f".{s}" for s, f in FILE_SUFFIXES.items() if f in FORMATS_OF[kind])
        raise SavedQueryError(f"{sq.where('output')}: {output!r}: no format is written as {ending} files (endings: "
                              f"{endings}); name the file so, or give the query a format:")
    out_format = fmt or (written if written and (agrees or own) else named) or "table"
    filled.pop("name", None)
    description = filled.pop("description", "")
    relevant = filled.pop("relevant", None)
    if out_format not in FORMATS_OF[kind]:
        what = f" of {'an' if report[0] in 'aeiou' else 'a'} {report} report" if report else ""
        if fmt:  # `run --format` chose it, not the file
            raise SavedQueryError(f"{sq.where()}: --format {fmt}: the format{what} must be one of "
                                  f"{', '.join(FORMATS_OF[kind])}")
        raise SavedQueryError(f"{sq.where('format')}: format{what} must be one of "
                              f"{', '.join(FORMATS_OF[kind])}, not {out_format!r}")
    if fields_ and report:
        key = "columns" if "columns" in merged else "fields"
        raise SavedQueryError(f"{sq.where(key)}: a report has a fixed layout; {key} picks fields of search hits")
    if fields_:
        from ..output import COLUMN_FORMATS, CSV_COLUMNS, EXTRA_COLUMNS, repeated_column

        key = "columns" if "columns" in merged else "fields"
        names = [str(c).strip() for c in (fields_ if isinstance(fields_, list) else str(fields_).split(","))]
        unknown = [c for c in names if c not in CSV_COLUMNS + EXTRA_COLUMNS]
        if unknown:
            raise SavedQueryError(f"{sq.where(key)}: unknown column {unknown[0]!r}"
                                  f"{did_you_mean(unknown[0], CSV_COLUMNS + EXTRA_COLUMNS)} "
                                  f"(columns: {', '.join(CSV_COLUMNS + EXTRA_COLUMNS)})")
        twice = repeated_column(names)
        if twice is not None:
            raise SavedQueryError(f"{sq.where(key)}: column {twice!r} is given twice")
        if out_format not in COLUMN_FORMATS and fmt:
            fields_ = None  # `run --format paths` for every query: the columns were for the file's own format
        elif out_format not in COLUMN_FORMATS:
            raise SavedQueryError(f"{sq.where(key)}: only {', '.join(COLUMN_FORMATS)} output has fields to pick; "
                                  f"the {out_format} format has a fixed layout")
    for key in ("since", "until"):  # as every other filter key: an empty date (a param left empty) filters nothing
        if key in filled and not str(filled[key]).strip():
            raise SavedQueryError(f"{sq.where(key)}: is empty: it would filter nothing; give a date, or leave {key} "
                                  f"out{filled_in(key)}")
    try:
        since, until = filled.get("since"), filled.get("until")
        dates.filter_range(since and str(since), until and str(until), now)
    except DateFilterError as e:  # naming the placeholders that filled the dates in (a --set since=2021)
        at_fault = ("since", "until") if e.pair else (e.option,)
        placed = [f"{k} {str(filled[k])!r} filled in for {merged[k]!r}" for k in at_fault
                  if k in merged and merged[k] != filled[k]]
        why = f"{e.why} ({', '.join(placed)})" if placed else e.why
        raise SavedQueryError(f"{sq.where(e.option)}: {e.value!r}: {why}") from None
    if filled.get("sort") is not None and filled["sort"] not in SORTS:
        raise SavedQueryError(f"{sq.where('sort')}: must be one of {', '.join(SORTS)}, not {filled['sort']!r}")
    facets = filled.get("facets")
    if facets:
        facets = facets if isinstance(facets, list) else [facets]
        bad = [f for f in facets if f not in FACET_NAMES]
        if bad:
            raise SavedQueryError(f"{sq.where('facets')}: unknown facet {bad[0]!r} "
                                  f"(choose from {', '.join(FACET_NAMES)})")
    if filled.get("q"):
        try:
            parser.parse(str(filled["q"]) if not filled.get("literal") else parser.quote(str(filled["q"])))
        except QuerySyntaxError as e:  # the literal search named as this file asks for one
            raise SavedQueryError(f"{sq.where('q')}: {e.worded('literal: true')}") from None
    if fields_ is not None:
        fields_ = tuple(c.strip() for c in (fields_ if isinstance(fields_, list) else str(fields_).split(",")))
    try:
        query = Query.from_dict(filled)
    except SearchidxError as e:
        refused = _refused_key(filled)
        why = str(e).removeprefix(f"{refused} ") if refused else str(e)
        raise SavedQueryError(f"{sq.where(refused)}: {why}{filled_in(refused) if refused else ''}") from None
    relevant_ids = None if relevant is None else tuple(
        str(r) for r in (relevant if isinstance(relevant, list) else [relevant]))
    return ResolvedQuery(sq.name, query, out_format, output, fields_, description, sq.where("output"),
                         relevant_ids, sq.where("relevant"), report, report_options, "limit" not in merged,
                         {k: sq.where(k) for k in ("since", "until", "baseline")})


_FILTER_KEYS = ("person", "place", "org", "source", "lang", "kind", "facets", "since", "until")


def _check_filled_in_empty(sq: SavedQuery, merged: dict, filled: dict) -> None:
    """A value a param fills in empty (``q: "{topic}"`` run with ``--set topic=``, or a param left empty
    under ``params:``) is an error for every key but description: the value was forgotten, and the query
    would run without it (a q left empty matches every article, an output left empty prints to the
    screen). A key meant to be unset is left out of the query; one written empty itself is its own."""
    for key, value in merged.items():
        if key == "description":
            continue
        pairs = (zip(value, filled[key]) if isinstance(value, list) and isinstance(filled[key], list)
                 else [(value, filled[key])])
        if not any(placeholders(v) and isinstance(f, str) and not f.strip() for v, f in pairs):
            continue
        names = " and ".join(dict.fromkeys(placeholders(value)))
        if key in _FILTER_KEYS:
            why = f"it would filter nothing; give a {'date' if key in ('since', 'until') else 'value'}"
        elif key == "q":
            why = f"it would match every article; give {names} a value"
        else:
            why = f"give {names} a value"
        raise SavedQueryError(f"{sq.where(key)}: is empty: {why}, or leave {key} out (filled in for {value!r})")


def _refused_key(values: dict) -> str | None:
    """The key whose value the Query model refuses (its errors say what is wrong, not where it was written)."""
    for key, value in values.items():
        try:
            Query.from_dict({key: value})
        except SearchidxError:
            return key
    return None


def report_kind(report: str | None, rank: str | None = None) -> str:
    """The output kind (a key of ``output.FORMATS_OF``) a query with this report returns."""
    if report == "entities":
        return "associations" if rank == "association" else "facets"
    return report or "results"


# The keys that shape a list of hits, of no use to a report: given to one, they changed nothing
HITS_ONLY = ("limit", "page", "sort", "facets", "facet_limit", "feedback")


def _report(sq: SavedQuery, filled: dict) -> tuple[str | None, dict]:
    """The report asked for and its options, taken out of ``filled``; each option checked."""
    report = filled.pop("report", None)
    options = {k: filled.pop(k) for k in list(filled) if k in REPORT_KEYS}
    if report is None:
        if options:
            key = next(iter(options))
            raise SavedQueryError(f"{sq.where(key)}: only a report takes {key!r} "
                                  f"(add report: {' / '.join(REPORT_OPTIONS)})")
        return None, {}
    if report not in REPORT_OPTIONS:
        raise SavedQueryError(f"{sq.where('report')}: must be one of {', '.join(REPORT_OPTIONS)}, not {report!r}")
    for key in HITS_ONLY:  # 'limit: 5' beside report: entities listed 60 names, unsaid (a default's may stand)
        if key in sq.values:
            raise SavedQueryError(f"{sq.where(key)}: report {report} takes no {key!r}: it lists names, not hits "
                                  f"(it takes {', '.join(REPORT_OPTIONS[report])})")
    for key, value in options.items():
        if key not in REPORT_OPTIONS[report]:
            raise SavedQueryError(f"{sq.where(key)}: report {report} takes no {key!r} "
                                  f"(it takes {', '.join(REPORT_OPTIONS[report])})")
        if key in ("top", "min_count", "min_articles") and value < 1:
            raise SavedQueryError(f"{sq.where(key)}: must be 1 or more, not {value}")
    if options.get("rank", "count") not in RANKS:
        raise SavedQueryError(f"{sq.where('rank')}: must be one of {', '.join(RANKS)}, not {options['rank']!r}")
    if "types" in options:
        options["types"] = tuple(options["types"] if isinstance(options["types"], list) else [options["types"]])
        bad = [t for t in options["types"] if t not in ENTITY_TYPES]
        if bad:
            raise SavedQueryError(f"{sq.where('types')}: unknown entity type {bad[0]!r} "
                                  f"(choose from {', '.join(ENTITY_TYPES)})")
    if report == "trending" and not filled.get("since"):
        raise SavedQueryError(f"{sq.where('report')}: a trending report needs since: (the period; until: "
                              "defaults to the newest match)")
    if options.get("baseline"):
        try:
            dates.parse_range(str(options["baseline"]))
        except DateParseError as e:
            raise SavedQueryError(f"{sq.where('baseline')}: {e}") from None
    return report, options


def _format_from_output(output: str | None) -> str | None:
    if not output:
        return None
    from ..output import FILE_SUFFIXES

    return FILE_SUFFIXES.get(Path(output).suffix.lower().lstrip("."))


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--set name=value`` pairs as a dict; SavedQueryError for a pair without '='."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            # a web address's set=NAME=VALUE reads as the option does, without the option's dashes
            raise SavedQueryError(f"set {pair!r}: expected NAME=VALUE", cli=f"--set {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out
