"""Languages: what a ``lang`` header and a ``--lang`` filter mean, the one mapping for readers and both
engines.

Articles are indexed under the language part of an ISO 639 code (``en-US`` is kept as ``en``), and a
language name (``english``, ``German``, or in the languages of the news archives' interfaces: ``Deutsch``,
``anglais``, ``Englisch``) is read as its ISO 639-1 code, in a header, an export's language line and a
filter alike. The names come from the Unicode CLDR through Babel, loaded only when a value is not a code: no
name in those languages names two of its 184 two-letter codes, so a name gives one code or none. A leaf
module (as dates/): readers and the search side both import it, and neither pays for Babel on a code.
"""

from __future__ import annotations

import functools
import re

from .ingest.article import LANG_CODE


@functools.lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """ISO 639-1 code -> English name, from CLDR ({} if Babel cannot be loaded)."""
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover  (a dependency; the filter then takes codes only)
        return {}
    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


# The languages whose names for languages are read beside English's: those of the news archives' interfaces
# (LexisNexis's and Factiva's, readers/exports/words.py), which write an article's language in their own words
NAMED_IN = ("de", "fr", "es", "it", "nl", "pt", "sv")


@functools.lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, str]:
    """A language's name, casefolded, in English or a language of NAMED_IN -> its code ({} without Babel)."""
    codes = {name.casefold(): code for code, name in _names().items()}
    try:
        from babel import Locale
    except ImportError:  # pragma: no cover  (a dependency)
        return codes
    for locale in NAMED_IN:
        for code, name in Locale(locale).languages.items():
            if len(code) == 2:
                codes.setdefault(name.casefold(), code)
    return codes


def known_language(value: str) -> str | None:
    """The code of a language given as a code (``en-GB`` -> ``en``) or a name (``German``, ``Deutsch``,
    ``allemand`` -> ``de``), or as several of them, of which the first known is taken (an export's ``GERMAN;
    DEUTSCH``); None when ``value`` is none of these."""
    for part in re.split(r"\s*[;,/]\s*", value.strip()):
        code = LANG_CODE.match(part)
        if code:
            return code.group(1).lower()
        if part and part.casefold() in _codes_by_name():
            return _codes_by_name()[part.casefold()]
    return None


def language_code(value: str) -> str:
    """The code articles in the language ``value`` are indexed under: the language part of a code
    (``en-GB`` -> ``en``), the code of a language name (``english``, ``Deutsch`` -> ``de``: known_language), else
    ``value``."""
    return known_language(value) or value


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 code (``de`` -> ``German``), None for any other value."""
    return _names().get(code.lower()) if len(code) == 2 else None
