"""Languages: what a ``lang`` header and a ``--lang`` filter mean, the one mapping for readers and both
engines.

Articles are indexed under the language part of an ISO 639 code (``en-US`` is kept as ``en``), and an
English language name (``english``, ``German``) is read as its ISO 639-1 code, in a header as in a
filter. The names come from the Unicode CLDR through Babel, loaded only when a value is not a code: no
two of its 184 two-letter codes share an English name, so a name gives one code or none. A leaf module
(as dates/): readers and the search side both import it, and neither pays for Babel on a code.
"""

from __future__ import annotations

import functools

from .ingest.article import LANG_CODE


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO 639-1 code -> English name, from CLDR ({} if Babel cannot be loaded)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover  (a dependency; the filter then takes codes only)
        return {}
    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


@functools.lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    return {name.casefold(): code for code, name in _names().items()}


def known_language(value: str) -> str | None:
    """The code of a language given as a code (``en-GB`` -> ``en``) or an English name (``German`` ->
    ``de``), None when ``value`` is neither."""
    text = value.strip()
    code = LANG_CODE.match(text)
    if code:
        return code.group(1).lower()
    return _codes_by_name().get(text.casefold())


def language_code(value: str) -> str:
    """The code articles in the language ``value`` are indexed under: the language part of a code
    (``en-GB`` -> ``en``), the code of an English language name (``english`` -> ``en``), else ``value``."""
    return known_language(value) or value


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 code (``de`` -> ``German``), None for any other value."""
    return _names().get(code.lower()) if len(code) == 2 else None
