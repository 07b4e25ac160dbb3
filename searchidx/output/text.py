"""Small text helpers every renderer shares: spreadsheet-safe CSV cells, the terminal's width, one-line messages."""

from __future__ import annotations

import re
import shutil

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (cells starting with = + - @ get a leading ')."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def counted(n: int, unit: str) -> str:
    """``n`` with its noun, one or many (``unit``, plural: articles, stories, hits, queries, matches, or
    words before it, "matching articles", "person values"): "1 article", "1 query", "2 stories"."""
    return f"{n} {singular(unit) if n == 1 else unit}"


def singular(unit: str) -> str:
    """A plural noun (the last word of ``unit``) made singular: stories -> story, matches -> match."""
    head, _, noun = unit.rpartition(" ")
    if noun.endswith("ies"):
        noun = noun[:-3] + "y"
    elif noun.endswith(("ches", "shes", "xes", "sses")):
        noun = noun[:-2]
    elif noun.endswith("s") and not noun.endswith("ss"):
        noun = noun[:-1]
    return f"{head} {noun}" if head else noun


def terminal_width() -> int:
    """The columns text is wrapped to: the terminal's, kept between 60 and 120."""
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """A message as one line: a newline, carriage return or other control character in a file's name is
    written \\n, \\r, \\xNN, so each report stays one ``path: reason`` line a script can read."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(m[0], f"\\x{ord(m[0]):02x}"), text)
