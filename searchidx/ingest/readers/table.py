"""CSV/TSV exports: one article per row, columns mapped like any other metadata keys."""

from __future__ import annotations

import csv
import io
import re
import sys
from contextlib import contextmanager
from typing import Any

from ...errors import NoArticles, ReadError
from ..article import Article
from ..headers import FieldMap, norm_key
from .jsonl import keep_good, record_to_article


@contextmanager
def _long_cells():
    """A cell may hold a whole article: lift the csv module's 128 KB cell limit while a file is read,
    then put back whatever limit the process had (it is global: other code in the process may use csv)."""
    previous = csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


SEPARATORS = ",;\t|"


def _separator(content: str, usual: str) -> tuple[str, str]:
    """The column separator and the content from the header row on: the format's usual separator, unless
    the file says otherwise (Excel's ``sep=;`` first line) or the header row has none of it and another
    instead (Excel in much of Europe writes "CSV" with semicolons)."""
    first, _, after = content.lstrip("\ufeff").partition("\n")
    said = re.fullmatch(r"sep=(.)\r?", first)
    if said:
        return said.group(1), "\n" + after  # the line stays, blank, so that line numbers still match the file
    if usual in first:
        return usual, content
    return next((sep for sep in SEPARATORS if sep in first), usual), content


def _never_closed(content: str, start: int, dialect: Any) -> bool:
    """Whether the row starting at line ``start`` opens a quote that never closes (it then ran to the end of
    the file: the reader, lenient about stray quotes, takes the rest of the file as one cell)."""
    tail = "".join(io.StringIO(content, newline="").readlines()[start - 1:])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), dialect, strict=True):
            pass
    except csv.Error as e:
        return "unexpected end of data" in str(e)
    return False


# A list written into a cell as Python or JSON writes it: pandas' to_csv of a list column (newspaper3k's authors,
# a scraper's tags) gives "['Ann Lee', 'Bo Chan']", which was stored as that text, brackets and quotes and all
_LIST_CELL = re.compile(r"""^\[\s*(?:(['"]).*\1\s*)?\]$""", re.DOTALL)


def _cell(value: str) -> str | list[str]:
    """A cell's value: a list written as Python or JSON writes it is that list (of texts), else the text."""
    if not value.startswith("[") or not _LIST_CELL.match(value.strip()):
        return value
    import ast

    try:
        items = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return value
    if isinstance(items, list) and all(isinstance(i, str) for i in items):
        return items or ""  # (an empty list is no value, as an empty cell)
    return value


_PREAMBLE_ROWS = 5  # lines an export may write above its table: its title, the search, the date it was made


def _header(reader: Any, fieldmap: FieldMap) -> tuple[list[str], list[tuple[int, list[str]]] | None]:
    """The header row and the non-blank rows above it. An export of a news database or a search tool may
    write a line or two above its table ('Exported by NewsTool, 2022-09-23'): taken for the header, every
    row failed with 'no title or text field among its keys'. So the header is the first row naming a title
    or text column among the first few, when the first names neither; None for the rows above when none
    does (the caller reads the first row as the header, as before)."""
    above: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        if any(fieldmap.field_for(c) in ("title", "text") for c in row if c.strip()):
            return row, above
        above.append((reader.line_num, row))
        if len(above) > _PREAMBLE_ROWS:
            break
    return (above[0][1] if above else []), None if above else []


def _read(content: str, rel: str, fieldmap: FieldMap, filename: str, dialect: str,
          quoted: bool = True) -> list[Article]:
    separator, content = _separator(content, csv.get_dialect(dialect).delimiter)
    reader = csv.reader(io.StringIO(content, newline=""), dialect=dialect, delimiter=separator,
                        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE)
    try:  # the header is the first row that is not blank, unless a later one names the title or text
        header, before = _header(reader, fieldmap)
        if before is None:
            reader = csv.reader(io.StringIO(content, newline=""), dialect=dialect, delimiter=separator,
                                quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE)
            header = next((r for r in reader if any(c.strip() for c in r)), [])
    except csv.Error as e:
        raise ReadError(rel, f"line {reader.line_num}: {e}") from None
    if len(header) < 2 and not (header and fieldmap.field_for(header[0]) in ("title", "text")):
        raise ReadError(rel, "no header row with column names")
    articles: list[Article] = []
    # a column named twice: its first is read, as a text header's first key (a dict of the row kept the last)
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(name, i)
    notes = [f"line {reader.line_num}: column {name!r} named again (column {i + 1}); the first is read"
             for i, name in enumerate(header) if name.strip() and columns[name] != i]
    if before:  # an export's title or date line above its table
        above = separator.join(before[0][1]).strip()
        lines = "the line above it" if len(before) == 1 else f"the {len(before)} lines above it"
        notes.insert(0, f"line {reader.line_num} read as the header row; {lines}, naming no title or text column, "
                        f"not read ({above[:60]!r})")
    written_apart: dict[str, str] = {}  # "Title" and "title" are one key to the reader: the first is read
    for i, name in enumerate(header):
        read_name = written_apart.setdefault(norm_key(name), name)
        if name.strip() and read_name != name and columns[name] == i:
            notes.append(f"line {reader.line_num}: column {name!r} (column {i + 1}) is the key of column "
                         f"{columns[read_name] + 1} ({read_name!r}) written otherwise; the first is read")
    problems: list[str] = []
    number = 0  # the row's place among the non-empty rows: its id, whether or not an earlier row was read
    start = reader.line_num + 1  # the line the next row starts on
    last: tuple[int, bool] | None = None  # the last row's first line, and whether it gave an article
    try:
        for row in reader:
            rowno = reader.line_num
            row_start, start = start, rowno + 1
            cells = {name: row[i] for name, i in columns.items() if i < len(row)}  # cells past the last name dropped
            if not any((v or "").strip() for v in cells.values()):
                continue
            record = {name: _cell(v) for name, v in cells.items()}
            if quoted and separator == "\t" and any("\n" in cell and "\t" in cell for cell in row):
                # A cell opening with a quote ('"Yes," he said') that a later row closes took the rows between
                # as its text, silently: tab-separated files are mostly written without quoting (IANA's TSV)
                note = (f"row starting line {row_start}: a quote opened in a cell closes only on line {rowno}, "
                        "taking the rows between into it; the file is read without quoting (as TSV is written)")
                articles = _read(content, rel, fieldmap, filename, dialect, quoted=False)
                if not articles:
                    return articles
                first = articles[0]
                notes = [note, *first.meta.get("_read_notes", ())]
                return [first.with_changes(meta={**first.meta, "_read_notes": notes}), *articles[1:]]
            number += 1
            last = (row_start, False)
            try:
                articles.append(record_to_article(record, rel, number, fieldmap, filename,
                                                  f"row ending line {rowno}"))
                last = (row_start, True)
                if any(cell.strip() for cell in row[len(header):]):  # an unquoted separator in a cell, most often
                    notes.append(f"row ending line {rowno}: {len(row)} cells for {len(header)} column names; "
                                 f"the cells past the last column are not read (a {separator!r} in a cell "
                                 "not in quotes?)")
            except ValueError as e:
                problems.append(str(e))
    except csv.Error as e:
        raise ReadError(rel, f"line {reader.line_num}: {e}") from None
    if last and reader.line_num > last[0] and _never_closed(content, last[0], reader.dialect):
        if last[1]:
            articles.pop()
        problems.append(f"row starting line {last[0]}: a quote opened in this row is never closed, so the rest "
                        f"of the file (to line {reader.line_num}) read as one cell; row skipped")
    if not number:  # (an export of a search that found nothing, a template): said, not "no article found"
        names = f"{len(header)} column name{'s' * (len(header) != 1)}"
        raise NoArticles(rel, f"a header row of {names} and no row under it")
    return keep_good(articles, problems, rel, notes)


def read_csv(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    with _long_cells():
        return _read(content, rel, fieldmap, filename, "excel")


def read_tsv(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    with _long_cells():
        return _read(content, rel, fieldmap, filename, "excel-tab")
