"""Cyrillic text in a single-byte code page, told from the other readings of its bytes by its letters.

Short text gives the detector too little to go on: "Привет мир" in KOI8-R was read as Shift-JIS ("崹ﾉﾗﾅﾔ ﾍﾉﾒ"),
"Один" in cp1251 as Big5 ("挕鴈"). Cyrillic read in its own code page is words of Cyrillic letters, each in
lower case, capitals or capitalised, and of the letters Russian, Ukrainian and Belarusian use most; read in
another Cyrillic page its words mix cases ("рПЙЧЕФ") or lean on rare letters ("ЪПИБЕР"), and East Asian text
read in one never makes such words: its two-byte characters, with no spaces between them, mix cases, signs
and ASCII letters in every few bytes.
"""

from __future__ import annotations

import math
import re
import unicodedata

# The single-byte code pages of Cyrillic text, and how much likelier each is than the last (natural log, per text):
# a few letters read well in two of them ("Киев" in cp1251 reads "Кием"-like in Mac Cyrillic), and the Windows
# page is the most used (KOI8-U reads KOI8-R's letters alike, and Ukrainian's too)
CODE_PAGES = {"cp1251": 0.0, "koi8_u": -1.0, "cp866": -2.0, "iso8859_5": -3.0, "mac_cyrillic": -3.0}

# Letters per 10,000 of Russian text, and Ukrainian's and Belarusian's own; any other Cyrillic letter (Serbian's
# "љ", "џ", Macedonian's "ѓ") counts as RARE
_FREQUENCY = {"о": 1097, "е": 845, "а": 801, "и": 735, "н": 670, "т": 626, "с": 547, "р": 473, "в": 454,
              "л": 440, "к": 349, "м": 321, "д": 298, "п": 281, "у": 262, "я": 201, "ы": 190, "ь": 174, "г": 170,
              "з": 165, "б": 159, "ч": 144, "й": 121, "х": 97, "ж": 94, "ш": 73, "ю": 64, "ц": 48, "щ": 36,
              "э": 32, "ф": 26, "ъ": 4, "ё": 4, "і": 300, "ї": 40, "є": 30, "ґ": 2, "ў": 60}
_RARE = 1
# Mean log frequency of a reading's letters at least this: Russian text scores about -3.2 (Serbian's -4.0), a
# Cyrillic text read in the wrong Cyrillic page about -4.5 and lower. Against an East Asian reading, more: two
# common Korean hanja read in cp1251 as "щалх" (-4.0)
_ENOUGH = -4.1
AGAINST_EAST_ASIAN = -3.9
# Signs a Cyrillic code page holds beside its letters, that text in it may use (not its box drawing or maths)
_SIGNS = frozenset("«»‹›—–…№„“”‚‘’\u00a0\u00ad°§©®™·•€£¤‰±")
_WORD = re.compile(r"[^\W\d_]+")
# A sign opening a word in lower case stands where a letter would: cp1251's "Курс", "Цена" read in Mac Cyrillic
# ("\u00a0урс", "–ена"). Where text has its signs ("100 €", "№ 5", "«Газпром»", " — ") they are no sign of a
# misreading, and counted against it they made the page that holds them lose ("Курс евро: 100 €" read in Mac)
_SIGN_BEFORE_LETTER = re.compile("[" + "".join(sorted(_SIGNS)) + r"](?=[^\W\d_])")
# a Cyrillic letter next to a digit or a sign of _SIGNS, with a letter on its other side
_GLUED = re.compile(r"[^\W\d_][\d№«»„“”°§©®·•]+[^\W\d_]")


# The Cyrillic letters of the code pages, found once (unicodedata.name for each character of a text took seconds
# a megabyte)
_CYRILLIC = frozenset(ch for page in CODE_PAGES for ch in bytes(range(128, 256)).decode(page, errors="ignore")
                      if unicodedata.name(ch, "").startswith("CYRILLIC") and ch.isalpha())
# The log frequency of each letter (lower case), a letter not in _FREQUENCY a rare one
_LOG_FREQUENCY = {c: math.log(_FREQUENCY.get(c, _RARE) / 10_000) for c in {ch.lower() for ch in _CYRILLIC}}
_LOG_RARE = math.log(_RARE / 10_000)
# How much of a text is scored in each code page: its first few KB tell its page as well as its whole (scored
# whole in five pages, a 7.6 MB file took 18 s to read where it took 2)
SAMPLE = 4096
_BEYOND_ASCII = re.compile(rb"[\x80-\xff]")


# Cyrillic vowels: a word of three letters or more in lower case without one ("ттлх") is no word
_VOWELS = frozenset("аеёиоуыэюяіїєў")


def _odd(word: str) -> bool:
    """A word no Cyrillic text holds: of mixed scripts or cases ("Cafй", "рПЙЧЕФ"), or of three letters or more,
    not in capitals, without a vowel."""
    if not _CYRILLIC.issuperset(word) or not (word.islower() or word.isupper() or word.istitle()):
        return True
    return len(word) >= 3 and not word.isupper() and not _VOWELS.intersection(word.lower())


def score(text: str) -> tuple[float, int] | None:
    """How well ``text`` reads as Cyrillic words: the sum of the log frequencies of its Cyrillic letters and how
    many there are; None when it holds none, a character beyond ASCII that is neither a Cyrillic letter nor a
    sign of _SIGNS, a sign or digit inside a word ("мн№в", "Г1у9"), no word in lower case or capitalised (two
    East Asian characters can read as one word in capitals: "東京" in Shift-JIS as "УМЛЮ" in cp866), or more
    than one word in ten (at least one) that is ``_odd``."""
    if any(ord(ch) > 127 and ch not in _SIGNS and ch not in _CYRILLIC for ch in text):
        return None
    if _GLUED.search(text):
        return None
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words or all(w.isupper() for w in words):
        return None
    if sum(_odd(w) for w in words) > len(words) // 10:
        return None
    letters = [c for w in words for c in w.lower()]
    # (each as a rare letter: a reading of signs for letters, "н…“"; not a sign where text has them)
    signs = sum(text[m.end()].islower() for m in _SIGN_BEFORE_LETTER.finditer(text))
    return sum(_LOG_FREQUENCY.get(c, _LOG_RARE) for c in letters) + signs * _LOG_RARE, len(letters)


def reading(data: bytes, enough: float = _ENOUGH) -> str | None:
    """The reading of ``data`` in the Cyrillic code page that reads it best (its letters' frequencies and the
    page's own, CODE_PAGES), when that reads as Cyrillic words of common letters (a mean log frequency of at
    least ``enough``); None otherwise. The pages are told by SAMPLE bytes (to a space) from the line of the first
    byte beyond ASCII, the text read whole in the best of them that reads all of it."""
    sample = data
    if len(data) > SAMPLE:  # (from the line of its first letter beyond ASCII: a header of ASCII lines tells nothing)
        first = _BEYOND_ASCII.search(data)
        start = data.rfind(b"\n", 0, first.start()) + 1 if first else 0
        cut = max(data.rfind(space, start, start + SAMPLE) for space in b" \n\t")
        sample = data[start:cut if cut > start else start + SAMPLE]
    fits: list[tuple[float, str]] = []
    for encoding, prior in CODE_PAGES.items():
        try:
            found = score(sample.decode(encoding))
        except UnicodeDecodeError:
            continue
        if found is not None and found[0] / found[1] >= enough:
            fits.append((found[0] + prior, encoding))
    for _, encoding in sorted(fits, key=lambda fit: -fit[0]):  # (among equals, CODE_PAGES' order)
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:  # (a byte the page lacks, after the sample)
            continue
    return None


# The multi-byte East Asian code pages the detector may take Cyrillic bytes for, by family
_FAMILIES = {"shift_jis": "sjis", "shift_jis_2004": "sjis", "shift_jisx0213": "sjis", "cp932": "sjis",
             "euc_jp": "eucjp", "euc_jis_2004": "eucjp", "euc_jisx0213": "eucjp", "gb2312": "gb", "gbk": "gb",
             "gb18030": "gb", "hz": "gb", "big5": "big5", "big5hkscs": "big5", "cp950": "big5", "euc_kr": "kr",
             "cp949": "kr", "johab": "kr"}


def is_east_asian(encoding: str) -> bool:
    return encoding.replace("-", "_").lower() in _FAMILIES


# The detector's names of single-byte Cyrillic code pages, beside CODE_PAGES
_CYRILLIC_PAGES = frozenset({*CODE_PAGES, "koi8_r", "cp1125", "cp855", "kz1048", "ptcp154", "koi8_t"})


def is_cyrillic_page(encoding: str) -> bool:
    return encoding.replace("-", "_").lower() in _CYRILLIC_PAGES


def ill_cased(text: str) -> bool:
    """Whether more than one in ten of the words holding a letter beyond ASCII (at least one) mix cases as no
    word does ("рПЙЧЕФ", "їаШТХв": a Cyrillic text read in another Cyrillic code page)."""
    words = [w for w in _WORD.findall(text[:200_000]) if not w.isascii()]
    return sum(not (w.islower() or w.isupper() or w.istitle()) for w in words) > len(words) // 10


def _rare(pair: bytes, family: str) -> bool:
    """Whether a character, in its family's bytes, is outside the common set of its script: half-width katakana
    and JIS level 2 kanji; GB2312 level 2 and GBK's additions; Big5's less common hanzi; Korean's hanja."""
    if len(pair) != 2:
        return True  # a single byte above ASCII (half-width katakana), GB18030's four
    lead, trail = pair
    if family == "sjis":
        return (lead, trail) >= (0x98, 0x9F)  # level 1 kanji end at 0x9872, kana and signs before
    if family == "eucjp":
        return lead == 0x8E or lead == 0x8F or lead >= 0xD0
    if family == "gb":
        return not (0xA1 <= lead <= 0xD7 and trail >= 0xA1)
    if family == "big5":
        return not 0xA1 <= lead <= 0xC6
    return not (0xA1 <= lead <= 0xC8 and trail >= 0xA1)  # Korean: signs and hangul, not hanja (0xCA-0xFD)


def rare_share(text: str, encoding: str) -> float:
    """The share of ``text``'s characters beyond ASCII that are rare in the East Asian ``encoding`` it was read
    in (``_rare``): near none in Chinese, Japanese or Korean text, most in Cyrillic bytes read as one."""
    family = _FAMILIES[encoding.replace("-", "_").lower()]
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 0.0
    rare = 0
    for ch in wide:
        try:
            rare += _rare(ch.encode(encoding), family)
        except UnicodeEncodeError:
            rare += 1
    return rare / len(wide)
