"""The kinds of a saved query's values: which keys a placeholder fills in later, how a filled-in value is
read, and the type check every key's value passes, at load time and again once params are filled in."""

from __future__ import annotations

import re
from typing import Any

from ..errors import SavedQueryError
from .keys import _PLACEHOLDER, BOOL_KEYS, CHOICES, INT_KEYS, KEY_KINDS, LIST_KEYS, TEXT_KEYS


def placeholders(value: Any) -> list[str]:
    """The param names a value's ``{name}`` placeholders ask for (``{{`` and ``}}`` are literal braces)."""
    if isinstance(value, str):
        return _PLACEHOLDER.findall(value.replace("{{", "").replace("}}", ""))
    if isinstance(value, list):
        return [p for v in value for p in placeholders(v)]
    return []


def filled_later(key: str, value: Any) -> bool:
    """Whether a number or true/false key holds a placeholder (``limit: "{n}"``): its type is checked
    once the param has filled it in."""
    return KEY_KINDS.get(key) in ("int", "bool") and isinstance(value, str) and bool(placeholders(value))


_YAML_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}


def as_written(key: str, text: str) -> Any:
    """A number or true/false key's value filled in by params, read as YAML reads it written out
    (``5`` a number, ``true`` or ``no`` a boolean); anything else stays text, for the type check to refuse."""
    plain = text.strip()
    if KEY_KINDS.get(key) == "int" and re.fullmatch(r"[+-]?[0-9]+", plain):
        return int(plain)
    if KEY_KINDS.get(key) == "bool" and plain.lower() in _YAML_BOOLEANS:
        return _YAML_BOOLEANS[plain.lower()]
    return text


def _got(value: Any) -> str:
    """What a wrong value is, as the error says it: YAML's empty value is no word a reader wrote."""
    if value is None:  # `q:` left empty, `q: ~`, or `q: #MeToo`, all of it a comment to YAML
        return "no value (YAML reads an empty value, or one starting with '#', as none: quote it, \"#MeToo\")"
    return repr(value)


def check_type(key: str, value: Any, where: str) -> None:
    """SavedQueryError naming ``where`` when ``value`` is not of ``key``'s kind (a list, number, flag, text)."""
    if key in ("fields",):
        key = "columns"
    if key in LIST_KEYS:
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in items):
            raise SavedQueryError(f"{where}: expected a name or a list of names, got {_got(value)}")
    elif key in INT_KEYS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SavedQueryError(f"{where}: expected a whole number, got {_got(value)}")
    elif key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise SavedQueryError(f"{where}: expected true or false, got {_got(value)}")
    elif key == "output":
        if not isinstance(value, str) or not value.strip():
            raise SavedQueryError(f"{where}: expected a file name such as results/referendums.csv, got {_got(value)}")
    elif key in TEXT_KEYS:
        if isinstance(value, (list, dict)) or value is None or isinstance(value, bool):
            choices = CHOICES.get(key, ())
            wanted = ("text" if not choices else choices[0] if len(choices) == 1 else f"one of {', '.join(choices)}")
            raise SavedQueryError(f"{where}: expected {wanted}, got {_got(value)}")
