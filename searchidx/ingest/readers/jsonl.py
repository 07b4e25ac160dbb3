"""JSON (.json: one object, a list, or {"articles": [...]}) and JSON Lines (.jsonl: one object per line)."""

from __future__ import annotations

import json
from typing import Any

from ... import dates
from ...errors import ReadError
from ...surrogates import may_hold_surrogates, without_surrogates
from ..article import Article
from ..headers import FieldMap, to_article_fields


def record_to_article(obj: dict, rel: str, number: int | None, fieldmap: FieldMap, filename: str,
                      where: str) -> Article:
    """One record of a multi-article file (JSON, JSONL, CSV row) as an Article."""
    fields = to_article_fields(obj, fieldmap, where)
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


def _objects(data: Any, rel: str, fieldmap: FieldMap) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results", "docs", "documents"):
            if isinstance(data.get(key), list):
                return data[key]
        # an export's own wrapper ({"version": 2, "posts": [...]}): an object with no article field whose
        # one list of objects is the articles
        if not any(fieldmap.field_for(k) in ("title", "text") for k in data):
            lists = [v for v in data.values() if isinstance(v, list) and v and all(isinstance(o, dict) for o in v)]
            if len(lists) == 1:
                return lists[0]
        return [data]
    raise ReadError(rel, "JSON is neither an object nor a list of objects")


def _no_value(constant: str) -> None:
    """NaN and Infinity, which Python's json writes for a missing number (a pandas cell left empty): no
    value, where they became the text "nan" of a title, a source or an id."""
    return None


def _loads(text: str) -> Any:
    return json.loads(text, parse_constant=_no_value)


def read_json(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    try:
        data = _loads(content)
    except json.JSONDecodeError as e:
        if e.msg == "Extra data" and e.lineno > 1 and _one_object(content.lstrip().split("\n", 1)[0]):
            return read_jsonl(content, rel, fieldmap, filename)  # JSON Lines in a file named .json
        raise ReadError(rel, f"invalid JSON at line {e.lineno} column {e.colno}: {e.msg}") from None
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
    return keep_good(articles, problems, rel)


def _one_object(line: str) -> bool:
    try:
        return isinstance(_loads(line), dict)
    except (ValueError, RecursionError):
        return False


def read_jsonl(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    if content.lstrip().startswith("["):  # a JSON list in a file named .jsonl: no line of it is a record
        return read_json(content, rel, fieldmap, filename)
    articles = []
    problems = []
    mend = may_hold_surrogates(content)
    # Only \n ends a record: str.splitlines() also splits at U+2028, \x85 and others, which JSON allows raw
    # inside strings (a trailing \r is whitespace to json.loads)
    for lineno, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        if line.startswith("\ufeff"):  # files joined with cat: each one's byte order mark starts a line
            line = line[1:]
        try:
            obj = _loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
            if mend:
                obj = without_surrogates(obj)
            articles.append(record_to_article(obj, rel, lineno, fieldmap, filename, f"line {lineno}"))
        except ValueError as e:
            problems.append(f"line {lineno}: {str(e).removeprefix(f'line {lineno}: ')}")
        except RecursionError:  # json gives up past ~1,000 levels: this line alone cannot be read
            problems.append(f"line {lineno}: values nested too deeply")
    if not articles and problems and content.lstrip().startswith("{") and _one_object(content):
        return read_json(content, rel, fieldmap, filename)  # one object written over many lines, named .jsonl
    return keep_good(articles, problems, rel)


def keep_good(articles: list[Article], problems: list[str], rel: str) -> list[Article]:
    """The records read from a multi-article file; one that cannot be read is reported, not the whole file.

    ReadError (naming the first problems) when no record could be read; otherwise the problems ride on
    the first article's metadata (``_read_warnings``, never indexed) and the run reports them per file.
    """
    if problems and not articles:
        raise ReadError(rel, "; ".join(problems[:3]) + (f" (+{len(problems) - 3} more)" if len(problems) > 3 else ""))
    if problems:
        first = articles[0]
        shown = problems if len(problems) <= 20 else [*problems[:19], f"and {len(problems) - 19} more records skipped"]
        articles[0] = first.with_changes(meta={**first.meta, "_read_warnings": shown})
    return articles
