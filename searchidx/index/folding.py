"""Letters folded as a reader of European news types them: the one table both engines fold by.

A letter folds to what Unicode's compatibility decomposition (NFKD) leaves of it without its combining
marks ("é" -> "e", "ﬁ" -> "fi", "ά" -> "α") when that is Latin or Greek; a Latin letter with no such
decomposition folds as ``LATIN`` says ("ß" -> "ss", "æ" -> "ae", "ø" -> "o", "ł" -> "l"), as Lucene's
ASCIIFoldingFilter folds it. Cyrillic letters with a mark are letters of their own ("й" is not "и",
"ї" not "і") but for ``CYRILLIC``; other scripts (Arabic, Hebrew, Indic, CJK) are left as written.
``index.analysis.fold_letters`` folds words by this table; ``fold_mappings`` writes it out for the
cluster's char filter (``opensearch/template.py``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

# Latin letters with no decomposition, small letters only (text is lowercased first), by what each
# becomes: what Lucene's ASCIIFoldingFilter makes of the Latin letters (Latin-1 Supplement, Extended-A to
# D and Additional, IPA and phonetic extensions), schwa as "a" as there ("Əliyev" is "Aliyev"). Letters
# of Unicode 13 (Python 3.10's), but for ꟲ ꟳ ꟴ (14), which decompose where Python knows them: listed,
# they fold alike on every Python, and so does the cluster's table made from them.
LATIN = {
    "a": "ɐɑɒəɚᴀᶏᶐᶕẚₔⱥ", "aa": "ꜳ", "ae": "æǣǽᴁᴂ", "ao": "ꜵ", "au": "ꜷ", "av": "ꜹꜻ", "ay": "ꜽ",
    "b": "ƀƃɓʙᴃᵬᶀꞗ", "c": "ƈȼɕʗᴄↄꜿꞓꞔꟲ", "d": "ðđƌȡɖɗᴅᴆᵭᶁᶑꝺꟈ", "db": "ȸ", "dz": "ʣʥ",
    "e": "ǝɇɘɛɜɝɞʚᴇᴈᶒᶓᶔⱸⱻ", "et": "ꝫ", "f": "ƒᵮᶂꜰꝼꞙꟻꟳ", "g": "ǥɠɡɢʛᵷᵹᶃꝿꞡ", "h": "ħɥɦʜʮʯⱨⱶꞕꟶ",
    "hv": "ƕ", "i": "ıɨɩɪᴉᵻᵼᶖꟷ", "is": "ꝭ", "j": "ȷɉɟʄʝᴊ", "k": "ƙʞᴋᶄⱪꝁꝃꝅꞣ",
    "l": "ŀłƚȴɫɬɭʟᴌᶅⱡꝇꝉꞁꞎ", "ll": "ỻ", "ls": "ʪ", "lz": "ʫ", "m": "ɯɰɱᴍᴟᵯᶆꟺꟽ", "n": "ŉŋƞȵɲɳɴᴎᵰᶇꞑꞥ",
    "o": "øǿɔɵᴏᴐᴑᴒᴓᴖᴗᶗⱺꝋꝍ", "oe": "œɶᴔ", "oi": "ƣ", "oo": "ꝏ", "ou": "ȣᴕ", "p": "ƥᴘᵱᵽᶈꝑꝓꝕꟼ",
    "q": "ĸɋʠꝗꝙꞯꟴ", "qp": "ȹ", "r": "ɍɹɺɻɼɽɾɿʀʁᴙᴚᵲᵳᶉⱹꝛꞃꞧ", "s": "ȿʂᵴᶊẜẝꜱꞅꞩꟊ", "ss": "ß",
    "t": "ŧƫƭȶʇʈᴛᵵⱦꞇ", "tc": "ʨ", "th": "þᵺꝥꝧ", "ts": "ʦ", "tz": "ꜩ", "u": "ʉʊᴜᴝᵾᵿᶙꞹ", "ue": "ᵫ",
    "um": "ꝸ", "v": "ʋʌᴠᶌỽⱱⱴꝟ", "vy": "ꝡ", "w": "ʍᴡⱳ", "x": "ᶍ", "y": "ƴɏʎʏỿ", "z": "ƶȥɀʐʑᴢᵶᶎⱬ",
}
# Greek: a word's last sigma is the sigma searched for ("Παπαδόπουλος" is found by "παπαδοπουλοσ" and
# by a word that goes on, "Παπαδόπουλο*"); the accents fold by decomposition.
GREEK = {"ς": "σ"}
# Cyrillic: Russian readers write "е" for "ё" (Горбачёв, Горбачев), and a grave on е or и marks stress
# (Bulgarian, Macedonian). Every other Cyrillic letter with a mark is a letter of its alphabet: й
# (Russian), ї (Ukrainian), ў (Belarusian), ѓ and ќ (Macedonian) stay as written.
CYRILLIC = {"ё": "е", "ѐ": "е", "ѝ": "и"}
# Quotes as typed: "Russia’s" is "Russia's" (the tokenizer keeps an apostrophe inside a word)
QUOTES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}

# The combining marks folding drops: those of accents (Combining Diacritical Marks, its Extended and
# Supplement blocks, the marks for symbols, the half marks), and the vowel marks of Arabic (harakat, the
# dagger alif) and points of Hebrew, which their readers write without and search without, as Lucene's
# Arabic normalisation drops them ("مُحَمَّد" is "محمد"). They are part of the word they follow for the
# tokenizer (text written decomposed, "Zu\u0308rich", is one word). Indic vowel signs and viramas are
# letters of their words, and kana voicing a kana's: none is dropped (see WORD_MARK_RANGES).
_DIACRITIC_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
                     (0x064B, 0x065F), (0x0670, 0x0670), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
                     (0x05C4, 0x05C5), (0x05C7, 0x05C7))
# The combining marks (Unicode 14's Mn, Mc, Me) of the scripts whose words hold them: Hebrew to NKo,
# Devanagari to Myanmar, Khmer. Python's \w matches no mark, and "हिन्दी" was split into "ह", "न", "द" at its
# vowel signs and virama. Listed, not read from the running Python's unicodedata, so that every Python
# (3.10's Unicode 13 to 3.13's 15) tokenizes alike and makes the same cluster template.
_SCRIPT_MARK_RANGES = (
    (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2), (0x05C4, 0x05C5), (0x05C7, 0x05C7), (0x0610, 0x061A),
    (0x064B, 0x065F), (0x0670, 0x0670), (0x06D6, 0x06DC), (0x06DF, 0x06E4), (0x06E7, 0x06E8), (0x06EA, 0x06ED),
    (0x0711, 0x0711), (0x0730, 0x074A), (0x07A6, 0x07B0), (0x07EB, 0x07F3), (0x07FD, 0x07FD), (0x0900, 0x0903),
    (0x093A, 0x093C), (0x093E, 0x094F), (0x0951, 0x0957), (0x0962, 0x0963), (0x0981, 0x0983), (0x09BC, 0x09BC),
    (0x09BE, 0x09C4), (0x09C7, 0x09C8), (0x09CB, 0x09CD), (0x09D7, 0x09D7), (0x09E2, 0x09E3), (0x09FE, 0x09FE),
    (0x0A01, 0x0A03), (0x0A3C, 0x0A3C), (0x0A3E, 0x0A42), (0x0A47, 0x0A48), (0x0A4B, 0x0A4D), (0x0A51, 0x0A51),
    (0x0A70, 0x0A71), (0x0A75, 0x0A75), (0x0A81, 0x0A83), (0x0ABC, 0x0ABC), (0x0ABE, 0x0AC5), (0x0AC7, 0x0AC9),
    (0x0ACB, 0x0ACD), (0x0AE2, 0x0AE3), (0x0AFA, 0x0AFF), (0x0B01, 0x0B03), (0x0B3C, 0x0B3C), (0x0B3E, 0x0B44),
    (0x0B47, 0x0B48), (0x0B4B, 0x0B4D), (0x0B55, 0x0B57), (0x0B62, 0x0B63), (0x0B82, 0x0B82), (0x0BBE, 0x0BC2),
    (0x0BC6, 0x0BC8), (0x0BCA, 0x0BCD), (0x0BD7, 0x0BD7), (0x0C00, 0x0C04), (0x0C3C, 0x0C3C), (0x0C3E, 0x0C44),
    (0x0C46, 0x0C48), (0x0C4A, 0x0C4D), (0x0C55, 0x0C56), (0x0C62, 0x0C63), (0x0C81, 0x0C83), (0x0CBC, 0x0CBC),
    (0x0CBE, 0x0CC4), (0x0CC6, 0x0CC8), (0x0CCA, 0x0CCD), (0x0CD5, 0x0CD6), (0x0CE2, 0x0CE3), (0x0D00, 0x0D03),
    (0x0D3B, 0x0D3C), (0x0D3E, 0x0D44), (0x0D46, 0x0D48), (0x0D4A, 0x0D4D), (0x0D57, 0x0D57), (0x0D62, 0x0D63),
    (0x0D81, 0x0D83), (0x0DCA, 0x0DCA), (0x0DCF, 0x0DD4), (0x0DD6, 0x0DD6), (0x0DD8, 0x0DDF), (0x0DF2, 0x0DF3),
    (0x0E31, 0x0E31), (0x0E34, 0x0E3A), (0x0E47, 0x0E4E), (0x0EB1, 0x0EB1), (0x0EB4, 0x0EBC), (0x0EC8, 0x0ECD),
    (0x0F18, 0x0F19), (0x0F35, 0x0F35), (0x0F37, 0x0F37), (0x0F39, 0x0F39), (0x0F3E, 0x0F3F), (0x0F71, 0x0F84),
    (0x0F86, 0x0F87), (0x0F8D, 0x0F97), (0x0F99, 0x0FBC), (0x0FC6, 0x0FC6), (0x102B, 0x103E), (0x1056, 0x1059),
    (0x105E, 0x1060), (0x1062, 0x1064), (0x1067, 0x106D), (0x1071, 0x1074), (0x1082, 0x108D), (0x108F, 0x108F),
    (0x109A, 0x109D), (0x17B4, 0x17D3), (0x17DD, 0x17DD),
)


def _pattern(ranges: tuple[tuple[int, int], ...]) -> str:
    """``ranges`` of code points as the inside of a regular expression's character class."""
    return "".join(f"\\u{low:04x}-\\u{high:04x}" if low != high else f"\\u{low:04x}" for low, high in ranges)


DIACRITICS = _pattern(_DIACRITIC_RANGES)
_DROPPED = dict.fromkeys(code for low, high in _DIACRITIC_RANGES for code in range(low, high + 1))


def drop_diacritics(text: str) -> str:
    """``text`` without the marks folding drops (accents written apart, Arabic vowel marks, Hebrew points)."""
    return text.translate(_DROPPED)

# Every combining mark that belongs to the word before it, as regular expression ranges: what the
# tokenizer takes into a word besides Python's \w.
WORD_MARKS = _pattern(_DIACRITIC_RANGES + _SCRIPT_MARK_RANGES)
WORD_CHAR = rf"[\w{WORD_MARKS}]"  # a character of a word, for every reader of words (tokens, snippets, stories)

_TABLE = {**{c: to for to, letters in LATIN.items() for c in letters}, **GREEK, **CYRILLIC, **QUOTES}


def is_diacritic(c: str) -> bool:
    """Whether ``c`` is a combining mark folding drops (``DIACRITICS``)."""
    return ord(c) in _DROPPED


def _folds_to(c: str) -> bool:
    """Whether a letter of a decomposition stays one to fold to: ASCII, Latin or Greek."""
    return c.isascii() or unicodedata.name(c, "").startswith(("LATIN ", "GREEK "))


def fold_char(c: str) -> str:
    """What the lowercase character ``c`` folds to (itself when nothing)."""
    folded = _TABLE.get(c)
    if folded is not None:
        return folded
    if is_diacritic(c):
        return ""
    if ord(c) > 0xFFFF:  # beyond the Basic Multilingual Plane (mathematical 𝐀, emoji): as written, as the
        return c  # cluster's table (fold_mappings) has it
    if not (unicodedata.category(c).startswith("L") or unicodedata.category(c) == "Nd"):
        return c  # punctuation and symbols ("™", "½") stay: they are no part of a word to fold
    base = "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
    if base == c or not base or not all(d.isalnum() and _folds_to(d) for d in base):
        return c  # no decomposition, or one to another script (kana voicing, Cyrillic, Arabic forms)
    return "".join(_TABLE.get(d, d) for d in base.lower())  # "ǣ" is "æ" with a macron: "ae"


class CharFolds(dict[int, str]):
    """Each character's fold by its code point, worked out the first time it is asked for: a table for
    ``str.translate`` that covers every character while holding only those met."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


def fold_mappings(fold: Callable[[str], str]) -> list[tuple[str, str]]:
    """What a char filter applied before lowercasing and tokenizing must replace for words to fold as
    ``fold`` (``analysis.fold_letters``) folds them: each character it changes by more than lowercasing,
    with its fold, and each letter that keeps its mark written decomposed ("и" and a combining breve is
    "й"), which dropping the mark alone would change. Characters that composed text (NFC) never holds
    are left out: articles and queries reach the analyzers composed (``ingest/normalize.py``, the parser)."""
    pairs: list[tuple[str, str]] = []
    for code in range(0x80, 0x10000):
        c = chr(code)
        category = unicodedata.category(c)
        # (a mark of an accent, or a letter of the table, that this Python's Unicode does not know yet still
        # folds: the rules are the same on every Python)
        if category == "Cs" or category == "Cn" and not (is_diacritic(c) or c in _TABLE) \
                or unicodedata.normalize("NFC", c) != c:
            continue
        folded = fold(c)
        if folded != c.lower():
            pairs.append((c, folded))
        decomposed = unicodedata.normalize("NFD", c)
        if decomposed != c and unicodedata.category(c).startswith("L") and any(map(is_diacritic, decomposed)):
            by_char = "".join("" if is_diacritic(d) else fold(d) for d in decomposed)
            if by_char != folded:
                pairs.append((decomposed, folded))
    return pairs
