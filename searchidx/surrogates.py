"""Lone UTF-16 surrogates, which no UTF-8 can hold: from a JSON or YAML escape of half an emoji, or
from the bytes a terminal that is not UTF-8 sent (Python carries them so). Kept apart from the readers'
normalize.py so that the query model can use it without loading the encoding detector."""

from __future__ import annotations

import re
from typing import Any

# A JSON or YAML escape of half a UTF-16 surrogate pair ("\ud800"): parsed alone it is a character no
# UTF-8 can hold, which nothing downstream (hash, index) could write
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")


def may_hold_surrogates(raw: str) -> bool:
    """Whether JSON or YAML text escapes a surrogate (cheap: one scan, true for hardly any file)."""
    return _SURROGATE_ESCAPE.search(raw) is not None


def without_surrogates(value: Any) -> Any:
    """A parsed JSON or YAML value with each lone surrogate (half an emoji, cut by an exporter) as U+FFFD;
    a pair the parser left as two halves becomes its one character."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {without_surrogates(k): without_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_surrogates(v) for v in value]
    return value


def printable(name: str) -> str:
    """A file name as text that encodes to UTF-8: bytes that are not UTF-8 (which Python carries as
    lone surrogates) become ``\\xNN``. The same name always gives the same text, so ids and change
    tracking hold for such files too."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")


def typed_text(value: str) -> str:
    """Text a user typed, as text that encodes to UTF-8: the bytes a terminal that is not UTF-8 sent
    (which Python carries as lone surrogates: Latin-1's "caf\\xe9") read as cp1252, as an article file
    that is not UTF-8 is; any other lone surrogate as U+FFFD."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        value = _ESCAPED_BYTES.sub(lambda m: bytes(ord(c) - 0xDC00 for c in m[0]).decode("cp1252", "replace"), value)
        return without_surrogates(value)
