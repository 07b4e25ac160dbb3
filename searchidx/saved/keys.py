"""The keys a saved query takes, from one table built from the Query model: validation (``load.py``) and
the JSON Schema (``searchidx run --schema``) are both made from it, so neither misses a key the other takes."""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from ..ingest.article import ENTITY_TYPES, KINDS
from ..output import FORMATS_OF
from ..search.query import FACET_NAMES, MATCHES, SORTS, Query

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
# The text keys whose value is one of a closed set: the schema's enums and the loader's messages.
CHOICES: dict[str, tuple[str, ...]] = {"sort": tuple(SORTS), "collapse": ("story",), "count": ("articles", "stories"),
                                       "match": tuple(MATCHES), "report": tuple(REPORT_OPTIONS), "rank": RANKS}
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
        **{key: {"enum": list(choices)} for key, choices in CHOICES.items()},
        "page": {"type": "integer", "minimum": 1},
        "facets": {"oneOf": [{"enum": list(FACET_NAMES)}, {"type": "array", "items": {"enum": list(FACET_NAMES)}}]},
        "facet_limit": {"type": "integer", "minimum": 1},
        "format": {"enum": list(dict.fromkeys(f for formats in FORMATS_OF.values() for f in formats))},
        "match": {"enum": list(CHOICES["match"]), "description": "repeated person/place/org values: any or all"},
        "report": {"enum": list(CHOICES["report"]), "description": "an entity report instead of hits"},
        "rank": {"enum": list(CHOICES["rank"]), "description": "report: entities: by article count or by association"},
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
