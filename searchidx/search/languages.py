"""Language filters: what ``--lang`` (or ``lang:``) means, for both engines.

Articles are indexed under the language part of an ISO 639 code (``en-US`` is kept as ``en``, see
``ingest/headers.py``), so a filter value is read the same way, and an English language name
(``english``, ``German``) is read as its ISO 639-1 code. The names come from the Unicode CLDR through
Babel, loaded only when a value is not a code: no two of its 184 two-letter codes share an English
name, so a name gives one code or none.
"""

from __future__ import annotations

import functools

from ..ingest.article import LANG_CODE


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO 639-1 code -> English name, from CLDR ({} if Babel cannot be loaded)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover  (a dependency; the filter then takes codes only)
        return {}
    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


def language_code(value: str) -> str:
    """The code articles in the language ``value`` are indexed under: the language part of a code
    (``en-GB`` -> ``en``), the code of an English language name (``english`` -> ``en``), else ``value``."""
    text = value.strip()
    code = LANG_CODE.match(text)
    if code:
        return code.group(1).lower()
    wanted = text.casefold()
    return next((c for c, name in _names().items() if name.casefold() == wanted), value)


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 code (``de`` -> ``German``), None for any other value."""
    return _names().get(code.lower()) if len(code) == 2 else None
