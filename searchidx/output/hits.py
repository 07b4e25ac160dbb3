"""Search results: a page of hits as a table, json, jsonl, csv, paths or a TREC run."""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Sequence
from typing import IO

from ..errors import OutputError, did_you_mean
from ..search.results import Hit, Results
from .facets import render_counts
from .formats import FORMATS
from .text import counted, one_line, safe_cell, terminal_width

COLUMN_FORMATS = ("csv", "json", "jsonl")  # the formats whose fields --columns picks
CSV_COLUMNS = ("id", "score", "date", "title", "source", "path", "snippet", "person", "place", "org", "author", "url")
# a collapsed hit's story (--collapse story): in csv by default, as json gives its ``story`` object
STORY_COLUMNS = ("story", "copies", "first_seen", "story_sources")
# asked for by name: whole texts make a large file
EXTRA_COLUMNS = ("text", "record", "highlights", "title_highlights", *STORY_COLUMNS)


def _story_fields(hit: Hit) -> dict:
    """The story columns of a hit: its story's id, copies, first date and sources (empty when not collapsed)."""
    story = hit.story or {}
    return {"story": story.get("id"), "copies": story.get("copies"), "first_seen": story.get("first_seen"),
            "story_sources": story.get("sources")}


def _hit_row(hit: Hit, columns: Sequence[str]) -> list[str]:
    d = {**hit.to_dict(), **_story_fields(hit)}
    d["story_sources"] = "; ".join(d["story_sources"] or [])
    for etype in ("person", "place", "org"):
        d[etype] = "; ".join(hit.entities.get(etype, []))
    d["highlights"] = " ".join(f"{a}-{b}" for a, b in hit.highlights)
    d["title_highlights"] = " ".join(f"{a}-{b}" for a, b in hit.title_highlights)
    return [safe_cell(d.get(c, "")) for c in columns]


def column_list(text: str | None) -> list[str] | None:
    """``--columns`` text as column names (None when not given: the default columns). An empty name (``""``,
    ``id,,title``) is an OutputError: it would otherwise fall back to the default columns unsaid."""
    if text is None:
        return None
    names = [c.strip() for c in text.split(",")]
    if not all(names):
        raise OutputError(f"--columns {text!r} names an empty column: give fields separated by commas "
                          f"(columns: {', '.join(CSV_COLUMNS + EXTRA_COLUMNS)})")
    return names


def repeated_column(columns: Sequence[str]) -> str | None:
    """The first column named twice: a csv with two headers alike, a json object with one key for both,
    is never what was meant."""
    return next((c for i, c in enumerate(columns) if c in columns[:i]), None)


def _checked_columns(columns: Sequence[str] | None, fmt: str) -> list[str] | None:
    """The columns asked for, each one a hit can give; --columns has no meaning for table or paths."""
    if not columns:
        return None
    if fmt not in COLUMN_FORMATS:
        raise OutputError(f"--columns picks the fields of {', '.join(COLUMN_FORMATS)} output; "
                         f"the {fmt} format has a fixed layout")
    unknown = [c for c in columns if c not in CSV_COLUMNS + EXTRA_COLUMNS]
    if unknown:
        raise OutputError(f"unknown {fmt} column {unknown[0]!r}{did_you_mean(unknown[0], CSV_COLUMNS + EXTRA_COLUMNS)} "
                          f"(columns: {', '.join(CSV_COLUMNS + EXTRA_COLUMNS)})")
    twice = repeated_column(columns)
    if twice is not None:
        raise OutputError(f"{fmt} column {twice!r} is given twice")
    return list(columns)


def _hit_fields(hit: Hit, columns: list[str] | None) -> dict:
    d = hit.to_dict()
    if columns is None:
        return d
    d.update(_story_fields(hit))
    for etype in ("person", "place", "org"):
        d[etype] = hit.entities.get(etype, [])
    return {c: d.get(c) for c in columns}


def left_out(results: Results, fmt: str, columns: Sequence[str] | None = None) -> list[str]:
    """What was asked for that the output has no place for, said as warnings: the facet counts of csv, jsonl,
    paths and trec output (a --facet with --format csv printed the hits alone, with no word of the counts
    asked for), and story columns of hits not collapsed (--columns id,copies wrote an empty copies column)."""
    out = []
    if results.facets and fmt not in ("table", "json"):
        names = ", ".join(results.facets)
        out.append(f"{fmt} output holds the hits only: the facet counts asked for ({names}) are written by the "
                   f"table and json formats, and by the facets command (searchidx facets --format csv)")
    story = [c for c in columns or () if c in STORY_COLUMNS]
    if story and fmt in COLUMN_FORMATS and results.hits and not any(hit.story for hit in results.hits):
        out.append(f"the {', '.join(story)} column{'s are' if len(story) > 1 else ' is'} filled for one hit per "
                   "story (--collapse story; collapse: story in a saved query): here empty")
    return out


def csv_columns(results: Results, columns: Sequence[str] | None = None) -> list[str]:
    """The columns of results' csv: ``columns``, or the default ones (with a story's when hits are collapsed)."""
    return (_checked_columns(columns, "csv") or list(CSV_COLUMNS) +
            (list(STORY_COLUMNS) if any(h.story for h in results.hits) else []))


def check_one_csv_table(printed: Sequence[tuple[str, object, Sequence[str] | None]]) -> None:
    """Several queries' csv printed together make one table (a ``query`` column first, one header): an
    OutputError unless each is a list of hits with the same columns. ``printed``: (name, results, columns)."""
    first_name, first_cols = None, None
    for name, results, columns in printed:
        if not isinstance(results, Results):
            raise OutputError(f"query {name!r} prints a report's csv to stdout beside other queries' csv, which "
                              "would be one table of two shapes: write them to files (--out DIR) or run one at a "
                              "time (--name)")
        cols = csv_columns(results, columns)
        if first_cols is None:
            first_name, first_cols = name, cols
        elif cols != first_cols:
            raise OutputError(f"queries {first_name!r} and {name!r} print csv of different columns to stdout, "
                              "which would be one table of two shapes: give them the same columns, write them to "
                              "files (--out DIR) or run one at a time (--name)")


def render_results(results: Results, fmt: str, out: IO[str], columns: Sequence[str] | None = None,
                   null: bool = False, qid: str | None = None, tag: str | None = None,
                   row_query: str | None = None, csv_header: bool = True) -> None:
    """Write search results in ``fmt``: table, json, jsonl, csv, paths (``null``: paths end in NUL) or trec
    (a TREC run: ``qid`` names the query, default its text; ``tag`` the run). ``columns`` picks the hit
    fields of csv, json and jsonl output. ``row_query`` names the query in each csv row (first) and jsonl line
    (as ``query``): several queries' hits in one stream, a csv header written once (``csv_header`` False for
    the later ones)."""
    cols = _checked_columns(columns, fmt)
    if fmt == "trec":
        from ..evaluate import trec

        first = (results.page - 1) * results.limit + 1
        out.writelines(trec.run_lines(qid or results.query or "query", [(h.id, h.score) for h in results.hits],
                                      tag or trec.RUN_TAG, first))
    elif fmt == "json":
        data = results.to_dict()
        data["hits"] = [_hit_fields(hit, cols) for hit in results.hits]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "jsonl":
        lead = {} if row_query is None else {"query": row_query}
        for hit in results.hits:
            out.write(json.dumps({**lead, **_hit_fields(hit, cols)}, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        cols = csv_columns(results, cols)
        lead_cell = [] if row_query is None else [safe_cell(row_query)]
        writer = csv.writer(out, lineterminator="\n")
        if csv_header:
            writer.writerow((["query"] if lead_cell else []) + cols)
        for hit in results.hits:
            writer.writerow(lead_cell + _hit_row(hit, cols))
    elif fmt == "paths":
        # path#N for one record of a JSONL/CSV file. One line each: a newline inside a name is written
        # as \n (use null=True, --null, for names exactly as they are, ended by NUL as for xargs -0).
        seen = set()
        for hit in results.hits:
            if hit.locator not in seen:
                seen.add(hit.locator)
                out.write(hit.locator + "\0" if null else
                          hit.locator.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r") + "\n")
    elif fmt == "table":
        _table(results, out)
    else:
        raise OutputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


def total_words(results: Results) -> str:
    """The matches as a results header counts them: "3 stories", "1 article", and "6 articles (3 stories)"
    when stories are counted and the pages list articles (--count stories), "3 stories (6 articles)" the
    other way round (--collapse story --count articles)."""
    words = counted(results.total, "stories" if results.counted == "stories" else "articles")
    if results.articles is not None:
        return f"{counted(results.articles, 'articles')} ({words})"
    return f"{counted(results.stories, 'stories')} ({words})" if results.stories is not None else words


def _table(results: Results, out: IO[str]) -> None:
    width = terminal_width()
    what = f" for {results.query!r}" if results.query else ""
    like = f" key words or names with {results.like}" if results.like is not None else ""
    if results.total == 0:
        # similar's total is every article sharing something with the one given (not only close ones): said so
        out.write(f"No articles{what} share{like}.\n" if like else f"No articles match{what}.\n")
        if results.suggestion:
            out.write(f"Did you mean: {results.suggestion}\n")
    else:
        first = (results.page - 1) * results.limit + 1
        last = first + len(results.hits) - 1
        shown = f"{first}-{last} of " if results.hits else "0 shown of "
        page = f", page {results.page} of {results.pages}" if results.pages > 1 else ""
        out.write(f"{shown}{total_words(results)}{what}{' sharing' + like if like else ''}{page}\n")
        if results.suggestion:  # a word no article holds, the others found some
            out.write(f"Did you mean: {results.suggestion}\n")
    for n, hit in enumerate(results.hits, (results.page - 1) * results.limit + 1):
        meta = "  ".join(x for x in (hit.date or "undated", hit.source) if x)
        out.write(f"\n{n:>3}. {hit.marked_title()}\n")
        # (an id that is a file's name holding a newline: one line still, written as messages write it)
        out.write(f"     {meta}  [{one_line(hit.id)}]" + (f"  score {hit.score:.2f}" if hit.score else "") + "\n")
        if hit.snippet:
            for line in textwrap.wrap(hit.marked(), width - 5, max_lines=3, placeholder=" …"):
                out.write(f"     {line}\n")
        if hit.story:
            others = hit.story["copies"] - 1
            sources = ", ".join(hit.story["sources"]) or "no source"
            out.write(f"     story: {hit.story['copies']} cop{'y' if hit.story['copies'] == 1 else 'ies'} "
                      f"(first seen {hit.story['first_seen'] or 'undated'}; {sources})" + (
                          f"; see: searchidx story {hit.id}" if others else "") + "\n")
        for key, rule in (hit.why or {}).items():
            out.write(f"     why {key}: {rule}\n")
        ents = " | ".join(f"{k}: {', '.join(v[:5])}{' …' if len(v) > 5 else ''}" for k, v in hit.entities.items() if v)
        if ents:
            # cut with a mark: cut bare, "... | org:" at the end read as an article naming no organisation
            for line in textwrap.wrap(ents, width - 5, max_lines=2, placeholder=" …"):
                out.write(f"     {line}\n")
    for name, counts in results.facets.items():
        out.write(f"\n{name}:\n")
        render_counts(counts, out)
    if results.explain:
        out.write("\nexplain:\n" + textwrap.indent(results.explain, "  ") + "\n")
