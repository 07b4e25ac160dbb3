"""Saved queries in YAML: load and validate (file, line, query and key in every error), fill params, run, diff.

```yaml
defaults: {limit: 20, format: csv}
params: {since: 2022-09-01}
queries:
  - name: referendums
    q: referendum OR annexation
    place: [Ukraine]
    since: "{since}"
```
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import dates
from .errors import DateFilterError, DateParseError, SavedQueryError, SearchidxError
from .ingest.article import ENTITY_TYPES, KINDS
from .output import FORMATS_OF
from .search import parser
from .search.query import FACET_NAMES, MATCHES, SORTS, Query
from .search.results import wants_text
from .yamlfile import YamlFile, is_mapping, is_null

if TYPE_CHECKING:
    from .api import Index

OUTPUT_FORMATS = FORMATS_OF["results"]


def _kind_of(annotation: str) -> str:
    return {"int": "int", "bool": "bool"}.get(annotation, "list" if annotation.startswith("tuple") else "text")


# The keys a saved query takes: every field of the Query model, by its type, and those of the file's own
# (what to call it, where to write it, in which format, with which columns). Validation and the JSON
# Schema are both made from this one table, so neither can miss a key the other accepts.
KEY_KINDS: dict[str, str] = {f.name: _kind_of(str(f.type)) for f in fields(Query)}
KEY_KINDS.update({"columns": "list", "fields": "list", "format": "text", "output": "text", "description": "text",
                  "name": "text", "relevant": "list"})
# A query may ask for an entity report instead of hits (report: entities, trending or network), with the
# options of the same CLI command; each report takes only its own.
REPORT_OPTIONS: dict[str, dict[str, str]] = {
    "entities": {"rank": "text", "types": "list", "top": "int", "min_count": "int"},
    "trending": {"types": "list", "top": "int", "min_count": "int", "baseline": "text"},
    "network": {"types": "list", "top": "int", "min_articles": "int"},
}
REPORT_KEYS = {k: kind for options in REPORT_OPTIONS.values() for k, kind in options.items()}
KEY_KINDS.update({"report": "text", **REPORT_KEYS})
RANKS = ("count", "association")
LIST_KEYS = tuple(k for k, kind in KEY_KINDS.items() if kind == "list")
TEXT_KEYS = tuple(k for k, kind in KEY_KINDS.items() if kind == "text")
INT_KEYS = tuple(k for k, kind in KEY_KINDS.items() if kind == "int")
BOOL_KEYS = tuple(k for k, kind in KEY_KINDS.items() if kind == "bool")
QUERY_KEYS = set(KEY_KINDS)
OWN_KEYS = ("name", "output", "description", "relevant")  # one query's own: never under defaults:
DEFAULT_KEYS = QUERY_KEYS - set(OWN_KEYS)
TOP_KEYS = {"defaults", "params", "queries"}
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
STATE_FILE = "saved-runs.json"


@dataclass(frozen=True)
class SavedQuery:
    """One named query as written in the file (placeholders not yet filled), with where it was written."""

    name: str
    values: dict
    file: str
    line: int
    key_lines: dict = field(default_factory=dict)

    @property
    def description(self) -> str:
        return self.values.get("description", "")

    def where(self, key: str | None = None) -> str:
        line = self.key_lines.get(key, self.line) if key else self.line
        return f"{self.file}:{line}: query {self.name!r}" + (f": {key}" if key else "")


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

    @property
    def state_key(self) -> str:
        """Identity for --diff: changes whenever what the query matches could change."""
        d = self.query.to_dict()
        for k in ("limit", "page", "facets", "facet_limit"):
            d.pop(k, None)
        return hashlib.sha1(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class QueryFile:
    """A validated saved-query file."""

    path: str
    defaults: dict
    params: dict
    queries: list[SavedQuery]

    def names(self) -> list[str]:
        return [q.name for q in self.queries]

    def resolve(self, params: dict | None = None, names: list[str] | tuple[str, ...] = (),
                now: datetime | None = None, fmt: str | None = None) -> list[ResolvedQuery]:
        """Fill params (file values < ``params``), pick the named queries, and validate every value."""
        unknown_params = [p for p in (params or {}) if p not in self.params]
        if unknown_params:  # a typo would run the queries with the file's own value, saying nothing
            raise SavedQueryError(f"--set {unknown_params[0]}: the file has no param {unknown_params[0]!r} "
                                  f"(params: {', '.join(self.params) or 'none'})", self.path)
        values = {**self.params, **(params or {})}
        unknown_names = [n for n in names if n not in self.names()]
        if unknown_names:
            raise SavedQueryError(f"no query named {unknown_names[0]!r} (queries: {', '.join(self.names())})",
                                  self.path)
        chosen = [q for q in self.queries if not names or q.name in names]
        return [_resolve(q, self.defaults, values, now, fmt) for q in chosen]


def load_queries(path: str | Path) -> QueryFile:
    """Read and validate a saved-query file; SavedQueryError names file, line, query and key."""
    p = str(path)
    doc = YamlFile(p, SavedQueryError, "query file", "write the value out, or use params: and {name}")
    root = doc.root
    if root is None:
        doc.fail("the file is empty; it needs a 'queries:' list")
    top = doc.pairs(root, "the file")
    for key, _, line in top:
        if key not in TOP_KEYS:
            doc.fail(f"unknown top-level key {key!r} (allowed: {', '.join(sorted(TOP_KEYS))})", line)
    nodes = {key: vnode for key, vnode, _ in top}
    defaults: dict = {}
    dnode = nodes.get("defaults")
    if dnode is not None and not is_null(dnode):
        for key, value, line in doc.entries(dnode, "defaults"):
            if key not in DEFAULT_KEYS:
                doc.fail(f"defaults: unknown key {key!r} (allowed: {', '.join(sorted(DEFAULT_KEYS))})", line)
            if not _filled_later(key, value):
                _check_type(key, value, f"{p}:{line}: defaults: {key}")
            defaults[key] = value
    params: dict = {}
    if not is_null(nodes.get("params")):
        for key, value, line in doc.entries(nodes["params"], "params"):
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                doc.fail(f"params: {key!r} is not a valid name (letters, digits, _)", line)
            if not isinstance(value, (str, int, float, bool)) and value is not None:
                doc.fail(f"params: {key}: a param must be a single value, not {type(value).__name__}", line)
            params[key] = "" if value is None else str(value)  # dates are read as the text written
    qnode = nodes.get("queries")
    if qnode is None or is_null(qnode):
        doc.fail("no 'queries:' list")
    queries: list[SavedQuery] = []
    names: dict[str, int] = {}
    for item, line in doc.items(qnode, "'queries' must be a list of queries (each starting with '- name:')"):
        if not is_mapping(item):
            doc.fail("each query must be a mapping with at least 'name:'", line)
        entries = doc.entries(item, "query")
        values = {k: v for k, v, _ in entries}
        key_lines = {k: ln for k, _, ln in entries}
        name = values.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            doc.fail(f"a query needs a 'name:' of letters, digits, '-', '_' or '.' (got {name!r})", line)
        if name in names:
            doc.fail(f"query {name!r}: duplicate name (first used at line {names[name]})", line)
        names[name] = line
        sq = SavedQuery(name, values, p, line, key_lines)
        for key, value in values.items():
            if key not in QUERY_KEYS:
                raise SavedQueryError(f"{sq.where(key)}: unknown key (allowed: {', '.join(sorted(QUERY_KEYS))})")
            if not _filled_later(key, value):
                _check_type(key, value, sq.where(key))
            for placeholder in _placeholders(value):
                if placeholder not in params:
                    raise SavedQueryError(f"{sq.where(key)}: param {{{placeholder}}} is not defined under 'params:' "
                                          f"(declare it there, with a value that --set {placeholder}=VALUE can "
                                          f"override)")
        queries.append(sq)
    if not queries:
        doc.fail("the 'queries:' list is empty")
    qf = QueryFile(p, defaults, params, queries)
    qf.resolve()  # every query must be runnable as written: bad dates, sorts, facets are caught now
    return qf


def _placeholders(value: Any) -> list[str]:
    if isinstance(value, str):
        return _PLACEHOLDER.findall(value.replace("{{", "").replace("}}", ""))
    if isinstance(value, list):
        return [p for v in value for p in _placeholders(v)]
    return []


def _filled_later(key: str, value: Any) -> bool:
    """Whether a number or true/false key holds a placeholder (``limit: "{n}"``): its type is checked
    once the param has filled it in."""
    return KEY_KINDS.get(key) in ("int", "bool") and isinstance(value, str) and bool(_placeholders(value))


_YAML_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def _as_written(key: str, text: str) -> Any:
    """A number or true/false key's value filled in by params, read as YAML reads it written out
    (``5`` a number, ``true`` or ``no`` a boolean); anything else stays text, for the type check to refuse."""
    plain = text.strip()
    if KEY_KINDS.get(key) == "int" and re.fullmatch(r"[+-]?[0-9]+", plain):
        return int(plain)
    if KEY_KINDS.get(key) == "bool" and plain.lower() in _YAML_BOOLEANS:
        return _YAML_BOOLEANS[plain.lower()]
    return text


def _check_type(key: str, value: Any, where: str) -> None:
    if key in ("fields",):
        key = "columns"
    if key in LIST_KEYS:
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in items):
            raise SavedQueryError(f"{where}: expected a name or a list of names, got {value!r}")
    elif key in INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SavedQueryError(f"{where}: expected a whole number, got {value!r}")
    elif key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise SavedQueryError(f"{where}: expected true or false, got {value!r}")
    elif key == "output":
        if not isinstance(value, str) or not value.strip():
            raise SavedQueryError(f"{where}: expected a file name such as results/referendums.csv, got {value!r}")
    elif key in TEXT_KEYS:
        if isinstance(value, (list, dict)) or value is None or isinstance(value, bool):
            raise SavedQueryError(f"{where}: expected text, got {value!r}")


def _fill(value: Any, params: dict, where: str) -> Any:
    if isinstance(value, list):
        return [_fill(v, params, where) for v in value]
    if not isinstance(value, str):
        return value.isoformat() if hasattr(value, "isoformat") else value

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in params:
            raise SavedQueryError(f"{where}: param {{{name}}} has no value "
                                  f"(define it under 'params:' or pass --set {name}=VALUE)")
        return str(params[name])
    escaped = value.replace("{{", "\x00").replace("}}", "\x01")
    return _PLACEHOLDER.sub(sub, escaped).replace("\x00", "{").replace("\x01", "}")


def _resolve(sq: SavedQuery, defaults: dict, params: dict, now: datetime | None, fmt: str | None) -> ResolvedQuery:
    merged = {**defaults, **sq.values}
    filled = {k: _fill(v, params, sq.where(k)) for k, v in merged.items()}
    for key, value in merged.items():  # a param may fill any value; the key's type is checked filled in
        if _filled_later(key, value):
            filled[key] = _as_written(key, filled[key])
            try:
                _check_type(key, filled[key], sq.where(key))
            except SavedQueryError as e:
                raise SavedQueryError(f"{e} (filled in for {value!r})") from None
    report, report_options = _report(sq, filled)
    kind = report_kind(report, report_options.get("rank"))
    fields_ = filled.pop("columns", None) or filled.pop("fields", None)
    filled.pop("fields", None)
    output = filled.pop("output", None)
    out_format = fmt or filled.pop("format", None) or _format_from_output(output) or "table"
    filled.pop("format", None)
    filled.pop("name", None)
    description = filled.pop("description", "")
    relevant = filled.pop("relevant", None)
    if out_format not in FORMATS_OF[kind]:
        what = f" of a {report} report" if report else ""
        raise SavedQueryError(f"{sq.where('format')}: format{what} must be one of "
                              f"{', '.join(FORMATS_OF[kind])}, not {out_format!r}")
    if fields_ and report:
        key = "columns" if "columns" in merged else "fields"
        raise SavedQueryError(f"{sq.where(key)}: a report has a fixed layout; {key} picks fields of search hits")
    if fields_:
        from .output import COLUMN_FORMATS, CSV_COLUMNS, EXTRA_COLUMNS

        key = "columns" if "columns" in merged else "fields"
        if out_format not in COLUMN_FORMATS:
            raise SavedQueryError(f"{sq.where(key)}: only {', '.join(COLUMN_FORMATS)} output has fields to pick; "
                                  f"the {out_format} format has a fixed layout")
        names = [c.strip() for c in (fields_ if isinstance(fields_, list) else str(fields_).split(","))]
        unknown = [c for c in names if c not in CSV_COLUMNS + EXTRA_COLUMNS]
        if unknown:
            raise SavedQueryError(f"{sq.where(key)}: unknown column {unknown[0]!r} "
                                  f"(columns: {', '.join(CSV_COLUMNS + EXTRA_COLUMNS)})")
    for key in ("since", "until"):
        if filled.get(key) in (None, ""):
            filled.pop(key, None)
    try:
        since, until = filled.get("since"), filled.get("until")
        dates.filter_range(since and str(since), until and str(until), now)
    except DateFilterError as e:
        raise SavedQueryError(f"{sq.where(e.option)}: {e.value!r}: {e.why}") from None
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
        except SearchidxError as e:
            raise SavedQueryError(f"{sq.where('q')}: {e}") from None
    if fields_ is not None:
        fields_ = tuple(c.strip() for c in (fields_ if isinstance(fields_, list) else str(fields_).split(",")))
    try:
        query = Query.from_dict(filled)
    except SearchidxError as e:
        refused = _refused_key(filled)
        why = str(e).removeprefix(f"{refused} ") if refused else str(e)
        raise SavedQueryError(f"{sq.where(refused)}: {why}") from None
    relevant_ids = None if relevant is None else tuple(
        str(r) for r in (relevant if isinstance(relevant, list) else [relevant]))
    return ResolvedQuery(sq.name, query, out_format, output, fields_, description, sq.where("output"),
                         relevant_ids, sq.where("relevant"), report, report_options)


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
                              "defaults to today)")
    if options.get("baseline"):
        try:
            dates.parse_range(str(options["baseline"]))
        except DateParseError as e:
            raise SavedQueryError(f"{sq.where('baseline')}: {e}") from None
    return report, options


def _format_from_output(output: str | None) -> str | None:
    if not output:
        return None
    from .output import FILE_SUFFIXES

    return FILE_SUFFIXES.get(Path(output).suffix.lower().lstrip("."))


def parse_assignments(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--set name=value`` pairs as a dict; SavedQueryError for a pair without '='."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SavedQueryError(f"--set {pair!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


EXTENSIONS = {"table": "txt", "json": "json", "jsonl": "jsonl", "csv": "csv", "paths": "txt", "trec": "trec",
              "graphml": "graphml", "gexf": "gexf"}


def output_targets(queries: list[ResolvedQuery], query_file: str | Path, out_dir: str | Path | None,
                   index_dir: str | Path, anywhere: bool = False) -> dict[str, Path | None]:
    """Where each query's results go (None: printed), checked before anything runs.

    Query files are shared, so an ``output:`` is read relative to ``out_dir`` (``--out``) or else to
    the query file's own folder, and must stay inside it unless ``anywhere`` (``--out-anywhere``).
    Never into the index folder, and never onto anything but a regular file (a device, a folder).
    """
    base = Path(out_dir) if out_dir else Path(query_file).resolve().parent
    index = Path(index_dir).resolve()
    targets: dict[str, Path | None] = {}
    written: dict[Path, str] = {}  # each file written, by the query writing it
    for rq in queries:
        if rq.output:
            target, where = base / rq.output, rq.where_output
        elif out_dir:
            target, where = base / f"{rq.name}.{EXTENSIONS[rq.format]}", f"--out {out_dir}"
        else:
            targets[rq.name] = None
            continue
        real = Path(os.path.realpath(target))
        if not anywhere and not real.is_relative_to(Path(os.path.realpath(base))):
            raise SavedQueryError(f"{where}: {rq.output!r} is outside {base}; results go under the query "
                                  f"file's folder or --out DIR (pass --out-anywhere to allow it)")
        if real == index or index in real.parents:
            raise SavedQueryError(f"{where}: {str(target)!r} is inside the index folder {index}")
        if os.path.lexists(real) and not real.is_file():
            raise SavedQueryError(f"{where}: {str(target)!r} exists and is not a regular file")
        if real in written:  # the later query would overwrite the earlier one's results
            raise SavedQueryError(f"{where}: {str(target)!r} is also where query {written[real]!r} writes; "
                                  f"give each query its own file")
        written[real] = rq.name
        targets[rq.name] = target
    return targets


# --- diff state -------------------------------------------------------------------------------------

class RunState:
    """Ids each saved query has returned before, per index, keyed on the query's content. Written atomically."""

    def __init__(self, index_dir: str | Path):
        self.path = Path(index_dir) / STATE_FILE
        self.problem: str | None = None  # a damaged state file, set aside: said to the user
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as e:
            data = self._set_aside(f"cannot be read ({e})")
        if not isinstance(data, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("ids", []), list) for v in data.values()):
            data = self._set_aside("is not a mapping of query names to their last run")
        self.data = data

    def _set_aside(self, why: str) -> dict:
        aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
            self.problem = f"{self.path} {why}: set aside as {aside.name}; every hit counts as new this time"
        except OSError:
            self.problem = f"{self.path} {why}; every hit counts as new this time"
        return {}

    def seen(self, rq: ResolvedQuery) -> set[str] | None:
        entry = self.data.get(rq.name)
        if not entry or entry.get("key") != rq.state_key:
            return None  # never run, or edited since: everything counts as new
        return set(entry.get("ids", []))

    def last_run(self, rq: ResolvedQuery) -> str | None:
        """When this query (as it is now) last ran, as ISO text."""
        entry = self.data.get(rq.name)
        return entry.get("last_run") if entry and entry.get("key") == rq.state_key else None

    def record(self, rq: ResolvedQuery, ids: list[str], when: datetime) -> None:
        self.data[rq.name] = {"key": rq.state_key, "ids": sorted(set(ids)), "last_run": when.isoformat()}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)  # (with a cluster index, the local folder may be new)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)


def json_schema() -> dict:
    """JSON Schema of a saved-query file, for editors."""
    names = {"type": "array", "items": {"type": "string"}}
    name_or_names = {"oneOf": [{"type": "string"}, names]}
    by_kind: dict[str, dict[str, Any]] = {"list": name_or_names, "text": {"type": "string"},
                                          "int": {"type": "integer", "minimum": 0}, "bool": {"type": "boolean"}}
    query_props = {key: dict(by_kind[kind]) for key, kind in KEY_KINDS.items() if key not in OWN_KEYS}
    param = {"type": "string", "pattern": _PLACEHOLDER.pattern, "description": "a {param}, filled in by params"}
    query_props.update({  # the keys whose values are a closed set, or that say more than their type
        "q": {"type": "string", "description": "query text (same syntax as searchidx search)"},
        "kind": {"oneOf": [{"enum": list(KINDS)}, {"type": "array", "items": {"enum": list(KINDS)}}]},
        "since": {"type": ["string", "integer"], "description": "2022, 2022-09, 2022-09-20, -7d, last monday, {param}"},
        "until": {"type": ["string", "integer"]},
        "sort": {"enum": list(SORTS)}, "page": {"type": "integer", "minimum": 1},
        "facets": {"oneOf": [{"enum": list(FACET_NAMES)}, {"type": "array", "items": {"enum": list(FACET_NAMES)}}]},
        "facet_limit": {"type": "integer", "minimum": 1},
        "format": {"enum": list(dict.fromkeys(f for formats in FORMATS_OF.values() for f in formats))},
        "collapse": {"enum": ["story"]}, "count": {"enum": ["articles", "stories"]},
        "match": {"enum": list(MATCHES), "description": "repeated person/place/org values: any of them or all"},
        "report": {"enum": list(REPORT_OPTIONS), "description": "an entity report instead of hits"},
        "rank": {"enum": list(RANKS), "description": "report: entities: by article count or by association"},
        "types": {"oneOf": [{"enum": list(ENTITY_TYPES)}, {"type": "array", "items": {"enum": list(ENTITY_TYPES)}}]},
        "top": {"type": "integer", "minimum": 1}, "min_count": {"type": "integer", "minimum": 1},
        "min_articles": {"type": "integer", "minimum": 1},
        "baseline": {"type": "string", "description": "report: trending: the period compared with, A..B"},
    })
    for key, prop in query_props.items():  # a number or true/false may be a {param} (checked once filled in)
        if KEY_KINDS[key] in ("int", "bool"):
            query_props[key] = {"anyOf": [prop, param]}
    query = {"type": "object", "additionalProperties": False, "required": ["name"],
             "properties": {"name": {"type": "string", "pattern": _NAME.pattern}, "description": {"type": "string"},
                            "output": {"type": "string", "description": "file to write this query's results to"},
                            "relevant": {**name_or_names, "description": "ids of the articles this query should "
                                                                         "find, for searchidx eval"},
                            **query_props}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "searchidx saved queries", "type": "object", "additionalProperties": False, "required": ["queries"],
        "properties": {
            "defaults": {"type": "object", "additionalProperties": False, "properties": query_props},
            "params": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
            "queries": {"type": "array", "minItems": 1, "items": query},
        },
    }


# --- running ----------------------------------------------------------------------------------------

@dataclass
class SavedRun:
    """The outcome of one saved query: its results (only new hits with diff) and where they were written."""

    name: str
    resolved: ResolvedQuery
    results: Any
    total: int
    new: int | None = None
    file: str | None = None
    previous_run: str | None = None  # with diff: when the query last ran (ISO time), None on its first run
    warnings: list[str] = field(default_factory=list)  # filter values that matched nothing, a damaged state file

    def to_dict(self) -> dict:
        """The run as JSON: the query run, totals, and the results (only the new hits with diff)."""
        results = self.results.to_dict() if hasattr(self.results, "to_dict") else {  # a report's facet counts
            name: [{"value": f.value, "count": f.count} for f in counts] for name, counts in self.results.items()}
        out = {"name": self.name, "description": self.resolved.description, "query": self.resolved.query.to_dict(),
               "total": self.total, "results": results}
        if self.resolved.report:
            out["report"] = self.resolved.report
        if self.new is not None:
            out.update(new=self.new, previous_run=self.previous_run)
        return out


def run_report(idx: Index, rq: ResolvedQuery, now: datetime | None = None) -> tuple[Any, int, list[str]]:
    """A report query's result (what ``output.render`` writes), its number of rows, and its warnings."""
    opts = dict(rq.report_options)
    types = opts.pop("types", ENTITY_TYPES)
    if rq.report == "entities" and opts.pop("rank", "count") == "count":
        top = opts.pop("top", 20)
        results = idx.search(rq.query.replace(facets=types, facet_limit=top, limit=0), now=now)
        return results.facets, sum(len(v) for v in results.facets.values()), results.warnings
    if rq.report == "entities":
        found: Any = idx.associations(rq.query, types=types, now=now, **opts)
    elif rq.report == "trending":
        found = idx.trending(rq.query, types=types, now=now, **opts)
    else:
        found = idx.network(rq.query, types=types, now=now, **opts)
    return found, found.total, found.warnings


def run_queries(idx: Index, resolved: list[ResolvedQuery], diff: bool = False,
                now: datetime | None = None, record: bool = True) -> dict[str, SavedRun]:
    """Run resolved queries on an open Index. With ``diff``, results hold only hits unseen in the previous run;
    ``record=False`` leaves the state file as it was (a read-only caller: the web interface)."""
    state = RunState(idx.path) if diff else None
    when = now or datetime.now(dates.UTC)
    runs: dict[str, SavedRun] = {}
    for rq in resolved:
        if rq.report:  # a report has no hits to tell new from seen: it runs whole, with or without diff
            found, rows, warnings = run_report(idx, rq, now)
            runs[rq.name] = SavedRun(rq.name, rq, found, rows, warnings=warnings)
            continue
        if state is None:
            results = idx.search(rq.query, now=now, with_text=wants_text(rq.columns))
            runs[rq.name] = SavedRun(rq.name, rq, results, results.total, warnings=results.warnings)
            continue
        all_ids = idx.match_ids(rq.query, now=now)
        seen = state.seen(rq)
        new_ids = [i for i in all_ids if seen is None or i not in seen]
        results = idx.search(rq.query, now=now, restrict_ids=set(new_ids), with_text=wants_text(rq.columns))
        runs[rq.name] = SavedRun(rq.name, rq, results, len(all_ids), len(new_ids), previous_run=state.last_run(rq),
                                 warnings=results.warnings)
        state.record(rq, all_ids, when)
    if state is not None:
        if record:
            state.save()
        if state.problem and runs:
            next(iter(runs.values())).warnings.append(state.problem)
    return runs
