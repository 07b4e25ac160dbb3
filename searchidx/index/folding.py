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

# The combining marks folding drops, as regular expression ranges: those of accents (Combining Diacritical
# Marks, its Extended and Supplement blocks, the marks for symbols, the half marks), and the vowel marks of
# Arabic (harakat, the dagger alif) and points of Hebrew, which their readers write without and search
# without, as Lucene's Arabic normalisation drops them ("مُحَمَّد" is "محمد"). They are part of the word they
# follow for the tokenizer (text written decomposed, "Zu\u0308rich", is one word). Indic vowel signs and
# viramas are letters of their words, and kana voicing a kana's: none is dropped (see WORD_MARKS).
DIACRITICS = (r"\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
              r"\u064b-\u065f\u0670\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7")
_DIACRITIC_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F),
                     (0x064B, 0x065F), (0x0670, 0x0670), (0x0591, 0x05BD), (0x05BF, 0x05BF), (0x05C1, 0x05C2),
                     (0x05C4, 0x05C5), (0x05C7, 0x05C7))
# Scripts whose words hold combining marks (Hebrew to NKo; Devanagari to Myanmar; Khmer): Python's \w does
# not match a mark, and "हिन्दी" was split into "ह", "न", "द" at its vowel signs and virama.
_SCRIPT_MARK_BLOCKS = ((0x0591, 0x07FF), (0x0900, 0x109F), (0x1780, 0x17FF))


def _mark_ranges(blocks: tuple[tuple[int, int], ...]) -> str:
    """The combining marks (Unicode categories Mn, Mc, Me) in ``blocks``, as regular expression ranges."""
    ranges: list[tuple[int, int]] = []
    for low, high in blocks:
        for code in range(low, high + 1):
            if unicodedata.category(chr(code))[0] != "M":
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


# Every combining mark that belongs to the word before it, as regular expression ranges: what the
# tokenizer takes into a word besides Python's \w.
WORD_MARKS = DIACRITICS + _mark_ranges(_SCRIPT_MARK_BLOCKS)

_TABLE = {**{c: to for to, letters in LATIN.items() for c in letters}, **GREEK, **CYRILLIC, **QUOTES}


def is_diacritic(c: str) -> bool:
    """Whether ``c`` is a combining mark of an accent (``DIACRITICS``), which folding drops."""
    code = ord(c)
    return any(low <= code <= high for low, high in _DIACRITIC_RANGES)


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
