"""JSON (.json: one object, a list, or {"articles": [...]}) and JSON Lines (.jsonl: one object per line)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from ... import dates
from ...errors import ReadError
from ...surrogates import may_hold_surrogates, without_surrogates
from ..article import Article
from ..headers import FieldMap, norm_key, repeated_key, summary_text, to_article_fields


def record_to_article(obj: dict, rel: str, number: int | None, fieldmap: FieldMap, filename: str,
                      where: str) -> Article:
    """One record of a multi-article file (JSON, JSONL, CSV row) as an Article."""
    if isinstance(obj.get("fields"), dict) and fieldmap.field_for("fields") is None:
        # The Guardian's API holds the body, byline and headline in a "fields" object: read beside the
        # record's own keys (which come first), not stored whole as one metadata value
        obj = {**{k: v for k, v in obj.items() if k != "fields"}, **obj["fields"]}
    if isinstance(obj.get("_source"), dict) and fieldmap.field_for("_source") is None:
        # A hit of Elasticsearch or OpenSearch (elasticdump's lines, a saved search response): the article
        # is its _source, its id the hit's _id unless the article names one (the hit's _index, _score...
        # are the cluster's, and a score that changed would make an article read as changed)
        source = obj["_source"]
        named = any(fieldmap.field_for(k) == "id" for k in source)
        obj = {**source, **({"id": obj["_id"]} if "_id" in obj and not named else {})}
    if any(isinstance(v, dict) and len(v) == 1 and next(iter(v)) in _EXTENDED for v in obj.values()):
        obj = {k: _plain(v) for k, v in obj.items()}
    fields = to_article_fields(obj, fieldmap, where, markup=True)
    if not fields.get("text"):
        summary_text(fields)
    if not fields.get("text") and not fields.get("title"):
        if any(fieldmap.field_for(k) in ("title", "text") for k in obj):
            raise ValueError(f"{where}: its title and text are empty")
        keys = ", ".join(sorted(map(str, obj))) or "none"
        raise ValueError(f"{where}: no title or text field among its keys ({keys}) "
                         "(a settings file's fields: can name yours)")
    if "date" not in fields:
        point = dates.from_filename(filename)
        if point:
            fields["date"], fields["date_precision"] = point.value, point.precision
    fields.setdefault("id", f"{rel}#{number}" if number is not None else rel)
    return Article(path=rel, record=number, where=where if number is not None else "", **fields)


# MongoDB's Extended JSON, as mongoexport writes a record: {"_id": {"$oid": "5f1..."}, "date": {"$date":
# "2022-09-20T10:00:00Z"}}, {"$date": {"$numberLong": "1663668000000"}} (milliseconds), {"$numberInt": "3"}
_EXTENDED = frozenset({"$date", "$oid", "$numberLong", "$numberInt", "$numberDouble", "$numberDecimal"})


def _plain(value: Any) -> Any:
    """A value of MongoDB's Extended JSON as the plain value it wraps (the text of a date or an id, a number
    as written); any other value as it is. A date given as milliseconds since 1970 becomes its ISO text:
    as a bare number it would be read by its length (seconds or milliseconds), and one before 1970 is
    negative."""
    while isinstance(value, dict) and len(value) == 1 and (key := next(iter(value))) in _EXTENDED:
        value = next(iter(value.values()))
        if key == "$date":
            millis = _plain(value)
            if isinstance(millis, int) or (isinstance(millis, str) and millis.lstrip("-").isdigit()):
                return _from_millis(int(millis), value)
    return value


def _from_millis(millis: int, written: Any) -> Any:
    """Milliseconds since 1970 (UTC) as ISO text; ``written`` as it was when out of the calendar's range."""
    try:
        moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
    except OverflowError:
        return written
    return moment.isoformat(timespec="milliseconds" if millis % 1000 else "seconds").replace("+00:00", "Z")


def _data_frame(data: dict, fieldmap: FieldMap) -> list[Any] | None:
    """The rows of a pandas DataFrame written by ``to_json``, if ``data`` is one: by default (orient
    "columns") {column: {row label: value}}, one article of dicts as its title and text; "index" {row
    label: {column: value}} and "split" {"columns": [...], "data": [[...]]}, reported as no objects."""
    columns, rows = data.get("columns"), data.get("data")
    if isinstance(columns, list) and isinstance(rows, list) and rows and all(isinstance(r, list) for r in rows):
        return [dict(zip(columns, row)) for row in rows]
    values = list(data.values())
    if not values or not all(isinstance(v, dict) and v for v in values):
        return None
    if any(fieldmap.field_for(k) in ("title", "text") for k in data):
        labels = list(values[0])
        if all(list(v) == labels for v in values):  # (WordPress's {"title": {"rendered": ...}} has no rows)
            return [{column: data[column][label] for column in data} for label in labels]
        return None
    if all(any(fieldmap.field_for(k) in ("title", "text") for k in v) for v in values):
        return values
    return None


def _objects(data: Any, rel: str, fieldmap: FieldMap) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        frame = _data_frame(data, fieldmap)
        if frame is not None:
            return frame
        for key in ("articles", "items", "data", "results", "docs", "documents"):
            if isinstance(data.get(key), list):
                return data[key]
        hits = data.get("hits")  # a search response of Elasticsearch or OpenSearch, saved: {"hits": {"hits": [...]}}
        if isinstance(hits, dict) and isinstance(hits.get("hits"), list):
            return hits["hits"]
        # an export's own wrapper ({"version": 2, "posts": [...]}): an object with no article field whose
        # one list of objects is the articles
        if not any(fieldmap.field_for(k) in ("title", "text") for k in data):
            lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(o, dict) for o in v)]
            if len(lists) == 1:
                return lists[0]
            # a news API's response saved whole, its list inside an envelope: the New York Times' {"status",
            # "response": {"docs": [...], "meta"}}, the Guardian's {"response": {"status", "results": [...]}}
            envelopes = [v for v in data.values() if isinstance(v, dict)]
            if not lists and len(envelopes) == 1:
                inner = _objects(envelopes[0], rel, fieldmap)
                if not (len(inner) == 1 and inner[0] is envelopes[0]):
                    return inner
        return [data]
    raise ReadError(rel, "JSON is neither an object nor a list of objects")


def _no_value(constant: str) -> None:
    """NaN and Infinity, which Python's json writes for a missing number (a pandas cell left empty): no
    value, where they became the text "nan" of a title, a source or an id."""
    return None


class _FirstKeys:
    """JSON objects with each key's first value, as a text header keeps it (json keeps the last, silently);
    the keys given again, with the object they were in, are kept in ``repeated`` until taken."""

    def __init__(self):
        self.repeated: list[tuple[str, int]] = []  # (key, id() of its object)

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) == len(pairs):
            if len(obj) > 1 and len({norm_key(k) for k in obj}) < len(obj):
                # "Title" and "title": one key to the reader, so the second is a repeat (its value was dropped
                # unsaid, where a text header's "Title:" then "title:" was warned about)
                seen: set[str] = set()
                for key in obj:
                    if norm_key(key) in seen:
                        self.repeated.append((key, id(obj)))
                    seen.add(norm_key(key))
            return obj
        obj = {}
        for key, value in pairs:
            if key in obj:
                self.repeated.append((key, id(obj)))
            else:
                obj[key] = value
        return obj

    def take(self, where: str) -> list[str]:
        """The warnings for the keys repeated since the last call, in the record ``where`` is."""
        found = [repeated_key(key, where) for key in dict.fromkeys(k for k, _ in self.repeated)]
        self.repeated.clear()
        return found

    def of_items(self, objects: list[Any], data: Any) -> list[str]:
        """The warnings for the keys repeated in the records of a JSON file (``objects``, found in ``data``),
        each named by its item; the file's own object (``{"articles": [...], "articles": [...]}``) as such."""
        where = {id(o): f"item {i}" for i, o in enumerate(objects, 1)}
        where.setdefault(id(data), "the file's top-level object")
        found = dict.fromkeys((key, where.get(obj, "a nested object")) for key, obj in self.repeated)
        self.repeated.clear()
        return [repeated_key(key, place) for key, place in found]


def _loads(text: str, keys: _FirstKeys | None = None) -> Any:
    return json.loads(text, parse_constant=_no_value, object_pairs_hook=keys)


def read_json(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    keys = _FirstKeys()
    try:
        data = _loads(content, keys)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and e.lineno > 1 and _one_object(content.lstrip().split("\n", 1)[0], list):
            return read_jsonl(content, rel, fieldmap, filename, by_line=True)  # JSON Lines in a file named .json,
            # or a list a line (an API's pages)
        raise ReadError(rel, f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
    except RecursionError:  # json gives up past ~1,000 levels (it said "maximum recursion depth exceeded ...")
        raise ReadError(rel, "invalid JSON: values nested too deeply") from None
    if may_hold_surrogates(content):
        data = without_surrogates(data)
    objects = _objects(data, rel, fieldmap)
    articles: list[Article] = []
    problems: list[str] = []
    for i, obj in enumerate(objects, 1):
        if not isinstance(obj, dict):
            problems.append(f"item {i}: not a JSON object")
            continue
        number = i if len(objects) > 1 else None
        try:
            articles.append(record_to_article(obj, rel, number, fieldmap, filename, f"item {i}"))
        except ValueError as e:
            problems.append(str(e))
    return keep_good(articles, problems, rel, keys.of_items(objects, data))


def _one_object(line: str, *more: type) -> bool:
    try:
        return isinstance(_loads(line), (dict, *more))
    except (ValueError, RecursionError):
        return False


def read_jsonl(content: str, rel: str, fieldmap: FieldMap, filename: str, by_line: bool = False) -> list[Article]:
    if content.lstrip().startswith("[") and not by_line:  # a JSON list in a file named .jsonl: no line of it
        return read_json(content, rel, fieldmap, filename)  # is a record (read_json sends back a list a line)
    articles = []
    problems: list[str] = []
    notes: list[str] = []
    keys = _FirstKeys()
    mend = may_hold_surrogates(content)
    read: list[tuple[int, list[Any], bool]] = []  # each line's records, and whether it held several (a page)
    # Only \n ends a record: str.splitlines() also splits at U+2028, \x85 and others, which JSON allows raw
    # inside strings (a trailing \r is whitespace to json.loads)
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("\ufeff"):  # files joined with cat: each one's byte order mark starts a line
            line = line[1:]
        try:
            obj = _loads(line, keys)
            notes += keys.take(f"line {lineno}")
            if mend:
                obj = without_surrogates(obj)
            page = _page(obj, rel, fieldmap)
            if page is None and not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            read.append((lineno, [obj] if page is None else page, page is not None))
        except ValueError as e:
            problems.append(f"line {lineno}: {str(e).removeprefix(f'line {lineno}: ')}")
        except RecursionError:  # json gives up past ~1,000 levels: this line alone cannot be read
            problems.append(f"line {lineno}: values nested too deeply")
    # A line holding a page of records (an API's results written a line a page: their list, or the response
    # with the list inside) numbers the file's records one after another, as a .json list's; otherwise a
    # record's number is its line's
    paged = any(several for _, _, several in read)
    number = 0
    for lineno, objects, several in read:
        for k, obj in enumerate(objects, 1):
            number += 1
            where = f"line {lineno}" + (f", item {k}" if several else "")
            if not isinstance(obj, dict):
                problems.append(f"{where}: not a JSON object")
                continue
            try:
                articles.append(record_to_article(obj, rel, number if paged else lineno, fieldmap, filename, where))
            except ValueError as e:
                problems.append(f"{where}: {str(e).removeprefix(f'{where}: ')}")
            except RecursionError:
                problems.append(f"{where}: values nested too deeply")
    if (not articles and problems and content.lstrip().startswith("{") and "\n" in content.strip()
            and _one_object(content)):
        return read_json(content, rel, fieldmap, filename)  # one object written over many lines, named .jsonl
    return keep_good(articles, problems, rel, notes)


def _page(obj: Any, rel: str, fieldmap: FieldMap) -> list[Any] | None:
    """The records of a JSON Lines line holding several: a list, or an object with no article field holding
    them (an API's response); None for a line of one record."""
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict) and not any(fieldmap.field_for(k) in ("title", "text") for k in obj):
        objects = _objects(obj, rel, fieldmap)
        if not (len(objects) == 1 and objects[0] is obj):
            return objects
    return None


def keep_good(articles: list[Article], problems: list[str], rel: str, notes: list[str] | None = None) -> list[Article]:
    """The records read from a multi-article file; one that cannot be read is reported, not the whole file.

    ReadError (naming the first problems) when no record could be read; otherwise the problems ride on
    the first article's metadata (``_read_warnings``, never indexed) and the run reports them per file,
    as it does ``notes`` (``_read_notes``: records read, but not wholly as written).
    """
    if problems and not articles:
        raise ReadError(rel, "; ".join(problems[:3]) + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""))
    for key, lines, more in (("_read_warnings", problems, "records skipped"),
                             ("_read_notes", notes, "keys given again")):
        if lines and articles:
            shown = lines if len(lines) <= 20 else [*lines[:19], f"and {len(lines) - 19} more {more}"]
            articles[0] = articles[0].with_changes(meta={**articles[0].meta, key: shown})
    return articles
