"""CSV/TSV exports: one article per row, columns mapped like any other metadata keys."""

from __future__ import annotations

import csv
import io
import sys
from contextlib import contextmanager

from ...errors import ReadError
from ..article import Article
from ..headers import FieldMap
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


def _separator(content: str, usual: str) -> str:
    """The column separator: the format's usual one, unless the header row has none of it and another
    instead (Excel in much of Europe writes "CSV" with semicolons)."""
    header = content.lstrip("\ufeff").split("\n", 1)[0]
    if usual in header:
        return usual
    return next((sep for sep in SEPARATORS if sep in header), usual)


def _read(content: str, rel: str, fieldmap: FieldMap, filename: str, dialect: str) -> list[Article]:
    usual = csv.get_dialect(dialect).delimiter
    reader = csv.DictReader(io.StringIO(content, newline=""), dialect=dialect, delimiter=_separator(content, usual))
    if not reader.fieldnames or len(reader.fieldnames) < 2:
        raise ReadError(rel, "no header row with column names")
    articles: list[Article] = []
    problems: list[str] = []
    number = 0  # the row's place among the non-empty rows: its id, whether or not an earlier row was read
    try:
        for row in reader:
            rowno = reader.line_num
            record = {k: v for k, v in row.items() if k is not None}
            if not any((v or "").strip() for v in record.values()):
                continue
            number += 1
            try:
                articles.append(record_to_article(record, rel, number, fieldmap, filename,
                                                  f"row ending line {rowno}"))
            except ValueError as e:
                problems.append(str(e))
    except csv.Error as e:
        raise ReadError(rel, f"line {reader.line_num}: {e}") from None
    return keep_good(articles, problems, rel)


def read_csv(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    with _long_cells():
        return _read(content, rel, fieldmap, filename, "excel")


def read_tsv(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    with _long_cells():
        return _read(content, rel, fieldmap, filename, "excel-tab")
