"""Small text helpers every renderer shares: spreadsheet-safe CSV cells, the terminal's width, one-line messages."""

from __future__ import annotations

import re
import shutil
from typing import IO, Any

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


# The bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in a title or a
# file's name they make a terminal show the text after them reordered ("Trojan Source"), so that what a
# user reads is not what is there.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_WITHOUT_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
_CONTROL = re.compile(f"[\\x00-\\x1f\\x7f{BIDI_CONTROLS}]")


def one_line(text: str) -> str:
    """A message as one line: a newline, carriage return or other control character in a file's name is
    written \\n, \\r, \\xNN, so each report stays one ``path: reason`` line a script can read; a
    bidirectional control \\u202e, so that it cannot reorder the line."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(
        m[0], f"\\x{ord(m[0]):02x}" if m[0] < "\x80" else f"\\u{ord(m[0]):04x}"), text)


def without_bidi(text: str) -> str:
    """``text`` without its bidirectional controls (BIDI_CONTROLS): shown in a terminal as it is stored."""
    return text.translate(_WITHOUT_BIDI)


class TerminalOut:
    """A stream for what people read in a terminal (table and text formats) that drops bidirectional
    controls from article text; data formats (JSON, CSV ...) keep the text as it is."""

    def __init__(self, out: IO[str]):
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(without_bidi(text))

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty ... as the stream's
        return getattr(self.out, name)
