"""Loading a saved-query file: validated as read (file, line, query and key in every error); each query
is resolved once at load (resolve.py), so a value that cannot run is refused before anything runs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from ..errors import ArgumentTypeError, SavedQueryError, did_you_mean
from ..yamlfile import YamlFile, is_mapping, is_null
from .keys import _NAME, DEFAULT_KEYS, KEY_KINDS, QUERY_KEYS, TOP_KEYS
from .resolve import ResolvedQuery, resolve_query
from .values import check_type, filled_later, placeholders


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


@dataclass
class QueryFile:
    """A validated saved-query file."""

    path: str
    defaults: dict
    params: dict
    queries: list[SavedQuery]

    def names(self) -> list[str]:
        return [q.name for q in self.queries]

    def resolve(self, params: dict | None = None, names: str | Iterable[str] = (),
                now: datetime | None = None, fmt: str | None = None) -> list[ResolvedQuery]:
        """Fill params (file values < ``params``), pick the named queries, and validate every value."""
        unknown_params = [p for p in (params or {}) if p not in self.params]
        if unknown_params:  # a typo would run the queries with the file's own value, saying nothing
            name, known = unknown_params[0], f"(params: {', '.join(self.params) or 'none'})"
            raise SavedQueryError(f"params: the file has no param {name!r} {known}", self.path,
                                  cli=f"--set {name}: the file has no param {name!r} {known}")
        values = {**self.params, **(params or {})}
        names = query_names(names)
        unknown_names = [n for n in names if n not in self.names()]
        if unknown_names:
            raise SavedQueryError(f"no query named {unknown_names[0]!r} (queries: {', '.join(self.names())})",
                                  self.path)
        chosen = [q for q in self.queries if not names or q.name in names]
        return [resolve_query(q, self.defaults, values, now, fmt) for q in chosen]


RESOLVED_ALREADY = ("params and names pick and fill the queries of a query file (a path, or load_queries(...)); "
                    "these queries are resolved already: give the file, or pass params and names to its resolve()")


def query_names(names: str | Iterable[str]) -> tuple[str, ...]:
    """The query names a caller picked: one name as a plain string, as a filter takes one (iterated, "ab"
    was the queries 'a' and 'b'); ArgumentTypeError for anything but text."""
    picked = (names,) if isinstance(names, str) else names
    if not isinstance(picked, (list, tuple, set, frozenset)) or not all(isinstance(n, str) for n in picked):
        raise ArgumentTypeError(f"names must be a query name or a list of names (str), not {names!r:.80}")
    return tuple(picked)


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
            doc.fail(f"unknown top-level key {key!r}{_meant(key, TOP_KEYS)} (allowed: {', '.join(sorted(TOP_KEYS))})",
                     line)
    nodes = {key: vnode for key, vnode, _ in top}
    defaults: dict = {}
    dnode = nodes.get("defaults")
    if dnode is not None and not is_null(dnode):
        for key, value, line in _entries(doc, dnode, "defaults"):
            if key not in DEFAULT_KEYS:
                doc.fail(f"defaults: unknown key {key!r}{_meant(key, DEFAULT_KEYS)} "
                         f"(allowed: {', '.join(sorted(DEFAULT_KEYS))})", line)
            if not filled_later(key, value):
                check_type(key, value, f"{p}:{line}: defaults: {key}")
            if key in _SYNONYMS and _SYNONYMS[key] in defaults:
                doc.fail(f"defaults: {key}: {_one_key(key)}", line)
            defaults[key] = value
    params: dict = {}
    if not is_null(nodes.get("params")):
        for key, value, line in _entries(doc, nodes["params"], "params", text=True):
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                doc.fail(f"params: {key!r} is not a valid name (letters, digits, _)", line)
            if not isinstance(value, (str, int, float, bool)) and value is not None:
                doc.fail(f"params: {key}: a param must be a single value, not {type(value).__name__}", line)
            params[key] = "" if value is None else str(value)  # read as the text written (dates, 3.50, no)
    qnode = nodes.get("queries")
    if qnode is None or is_null(qnode):
        doc.fail("no 'queries:' list")
    queries: list[SavedQuery] = []
    names: dict[str, int] = {}
    for item, line in doc.items(qnode, "'queries' must be a list of queries (each starting with '- name:')"):
        if not is_mapping(item):
            doc.fail("each query must be a mapping with at least 'name:'", line)
        # its name, read first, names the query in the errors of its other keys ("key 'q' appears twice")
        named = next((v.value for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "name"
                      and isinstance(v, yaml.ScalarNode) and v.value), None)
        entries = _entries(doc, item, f"query {named!r}" if named else "query")
        values = {k: v for k, v, _ in entries}
        key_lines = {k: ln for k, _, ln in entries}
        name = values.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            slip = next((f" ({k}: unknown key; did you mean name?)" for k in values
                         if k not in QUERY_KEYS and _meant(k, ["name"])), "")  # nme: navalny
            got = f"it has none{slip}" if name is None else f"got {name!r}"
            doc.fail(f"a query needs a 'name:' of letters, digits, '-', '_' or '.'; {got}", line)
        if name in names:
            doc.fail(f"query {name!r}: duplicate name (first used at line {names[name]})", line)
        names[name] = line
        sq = SavedQuery(name, values, p, line, key_lines)
        if "columns" in values and "fields" in values:
            later = max(("columns", "fields"), key=lambda k: key_lines[k])
            raise SavedQueryError(f"{sq.where(later)}: {_one_key(later)}")
        for key, value in values.items():
            if key not in QUERY_KEYS:
                raise SavedQueryError(f"{sq.where(key)}: unknown key{_meant(key, QUERY_KEYS)} "
                                      f"(allowed: {', '.join(sorted(QUERY_KEYS))})")
            if not filled_later(key, value):
                check_type(key, value, sq.where(key))
            for placeholder in placeholders(value):
                if placeholder not in params:
                    undefined = f"{sq.where(key)}: param {{{placeholder}}} is not defined under 'params:'"
                    raise SavedQueryError(f"{undefined} (declare it there, with a value params can override)",
                                          cli=f"{undefined} (declare it there, with a value that --set "
                                              f"{placeholder}=VALUE can override)")
        queries.append(sq)
    if not queries:
        doc.fail("the 'queries:' list is empty")
    qf = QueryFile(p, defaults, params, queries)
    qf.resolve()  # every query must be runnable as written: bad dates, sorts, facets are caught now
    return qf


def _entries(doc: YamlFile, node: yaml.Node, what: str, text: bool = False) -> list[tuple[str, Any, int]]:
    """(key, value, line) of a mapping of query keys: a text or list key's values (and, with ``text``, every
    value) as written. ``lang: no`` was refused as 'got False', ``q: 3.50`` searched 3.5 and ``q: yes`` was
    'got True'; a number or true/false key's value is YAML's (``limit: 5``, ``literal: yes``), and so is an
    output's (``output: 123`` is no file name a query file means)."""
    return [(key, doc.written(vnode) if text or (KEY_KINDS.get(key) in ("text", "list") and key != "output")
             else doc.value(vnode), at) for key, vnode, at in doc.pairs(node, what)]


_SYNONYMS = {"columns": "fields", "fields": "columns"}  # one key, two names


def _one_key(key: str) -> str:
    """Why a key and its other name in one place are refused: one of them was used, the other silently not."""
    return f"{key} is {_SYNONYMS[key]} by another name, and {_SYNONYMS[key]} is given too; keep one"


_SAID_OTHERWISE = {"query": "q", "text": "q", "search": "q", "people": "person", "persons": "person",
                   "places": "place", "orgs": "org", "organisation": "org", "organization": "org",
                   "from": "since", "to": "until", "param": "params", "default": "defaults"}


def _meant(key: str, allowed: Iterable[str]) -> str:
    """'; did you mean facets?' for a key one slip away from an allowed one (facet, colums, limt, query)."""
    allowed = list(allowed)
    said = _SAID_OTHERWISE.get(key.lower())
    return f"; did you mean {said}?" if said in allowed else did_you_mean(key, allowed)
