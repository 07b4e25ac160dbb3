"""The text as the rule extractor reads it: tokens, sentences, state abbreviations spelled out, prefixes
split off ("pro- Israel"), and the word tests asked of every token."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

from ..companies import COMPANY_TAILS as _COMPANY_TAILS
from ..companies import is_legal
from ..wordlists import US_STATE_ABBREVIATIONS
from .cues import _INITIALS

# A word's run of letters is matched as one [\w&]* between its inner apostrophes, dots and hyphens
# (the same tokens as one alternation a character, a fifth faster: this runs over every sentence).
# An en dash between a word and a capital joins them as a hyphen does: typeset text writes compound
# names with one ("Harvard–Smithsonian Center", "African Export–Import Bank").
_TOKEN = re.compile(r"[^\W\d_][\w&]*"
                    r"(?:(?:['\u2019.](?=\w)|-(?=[A-Z0-9]|(?<=\bCo-)op)|\u2013(?=[A-Z])|/(?=[A-Z]))[\w&]*)*"
                    r"(?:(?<=s)['\u2019](?!\w)|\.)?"
                    r"|\d[\w.,]*|-[a-z]\w*|[^\s\w]")
# The same tokens of an ASCII sentence (nearly all newswire), matched a quarter faster with re.ASCII's
# classes: on ASCII characters \w and \d are the same, and \s lacks only \x1c-\x1f, added back here
_TOKEN_ASCII = re.compile(_TOKEN.pattern.replace(r"[^\s\w]", r"[^\s\x1c-\x1f\w]"), re.ASCII)

# the endings of a people's adjective ("Mexican", "Iraqi", "Japanese", "Turkish", "French"): "Mexican police" is no
# one force, "the Kurdish town of Halabja" no Kurdish place
_DEMONYM = re.compile(r"(?:an|ese|ish|i|ch|ic)$")


# A given name of two syllables joined by a hyphen, the second in lower case, as Korean and Cantonese names and
# Wade-Giles spellings are romanised ("Kim Jong-un", "Ban Ki-moon", "Man-kei Tam", "Tsai Ing-wen"): the tokens
# split at such a hyphen (only one before a capital joins), and the name lost its second syllable. Each side is
# one syllable's shape: up to three consonants, one to three vowels, at most a nasal or stop after them.
_SYLLABLE = r"[bcdfghjklmnpqrstvwxyz]{0,3}[aeiouy]{1,3}(?:ng|[nmktplrh])?"
_SYLLABLE_PAIR = re.compile(rf"\b(?=[A-Z])(?i:{_SYLLABLE})-{_SYLLABLE}\b")
_LOWER_SYLLABLE = re.compile(rf"-{_SYLLABLE}")
_UPPER_SYLLABLE = re.compile(rf"(?=[A-Z])(?i:{_SYLLABLE})(?:-{_SYLLABLE})?")  # (three at most: "Chan-o-cha")
ROMANISED_GIVEN_NAME = re.compile(rf"(?=[A-Z])(?i:{_SYLLABLE})(?:-{_SYLLABLE}){{1,2}}")  # a token: "Jae-in"


def _tokens(text: str) -> list[str]:
    toks = (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)
    if "-" in text and _SYLLABLE_PAIR.search(text):
        return _join_syllables(toks)
    return toks


# English compounds of a verb and its particle ("Pop-up", "Set-up", "Log-on", "Lay-by") are no given names
_PARTICLES = frozenset({"up", "on", "out", "by", "off", "down", "over"})


def _join_syllables(toks: list[str]) -> list[str]:
    """The tokens with each romanised two-syllable given name whole ("Jong", "-un" -> "Jong-un"). The first word of
    a sentence joins only before another capitalised word ("Man-kei Tam said", not "Sit-in protests"); an acronym
    does not ("UN-run"), nor an English word before its particle ("Pop-up")."""
    out: list[str] = []
    n = len(toks)
    for i, tok in enumerate(toks):
        if out and tok[:1] == "-" and tok[1:] not in _PARTICLES and _LOWER_SYLLABLE.fullmatch(tok) \
                and _UPPER_SYLLABLE.fullmatch(prev := out[-1]) and not prev[1:2].isupper() \
                and (len(out) > 1 or (i + 1 < n and toks[i + 1][:1].isupper())):
            out[-1] += tok
        else:
            out.append(tok)
    return out


_ABBREV = {"mr.", "mrs.", "ms.", "dr.", "st.", "gen.", "sen.", "rep.", "gov.", "lt.", "col.", "capt.", "sgt.", "prof.",
           "jr.", "sr.", "inc.", "corp.", "ltd.", "co.", "no.", "vs.", "u.s.", "u.k.", "u.n.", "e.u.", "jan.", "feb.",
           "aug.", "sept.", "oct.", "nov.", "dec.", "mt.", "ft.", "fig.", "p.m.", "a.m."}
_PREFIXES = ("pro", "anti", "non", "ex", "post", "pre", "mid", "neo", "trans", "then")  # "pro-Israel", "then-Texas"
_HYPHEN_CAPITAL = re.compile(r"-[A-Z]")


# ", NJ" after a lower-case letter ("Trenton, N.J."). The pattern opens with its literal ", " and the
# letter before is checked in _spell_state: a look-behind first made re try every position of the text.
_STATE_AFTER_CITY = re.compile(r", (" + "|".join(re.escape(a) for a in US_STATE_ABBREVIATIONS)
                               + r")(?=[\s,;)]|$)")


def _split_prefixes(text: str) -> str:
    r"""A space after the hyphen of each prefix before a capital ("pro- Israel", "anti- Trump"): what
    ``re.sub(r"\b(pro-|anti-|...)(?=[A-Z])", r"\1 ", text)`` gives. The hyphens before a capital are found
    first (re skips from one "-" to the next) and the word before each read, instead of the prefixes
    being tried at every position of the text."""
    pieces: list[str] = []
    at = 0
    for m in _HYPHEN_CAPITAL.finditer(text):
        hyphen = m.start()
        for prefix in _PREFIXES:
            s = hyphen - len(prefix)  # where the prefix starts: at a word boundary (\b)
            if s >= 0 and text.startswith(prefix, s) and not (s and (text[s - 1].isalnum() or text[s - 1] == "_")):
                pieces += (text[at:hyphen + 1], " ")
                at = hyphen + 1
                break
    if not pieces:
        return text
    pieces.append(text[at:])
    return "".join(pieces)


def _spell_state(m: re.Match[str]) -> str:
    at = m.start()
    if at and "a" <= m.string[at - 1] <= "z":
        return ", " + US_STATE_ABBREVIATIONS[m.group(1)]
    return m.group(0)


# A nickname in quotes inside a name ('Edward Lodewijk "Eddie" Van Halen', 'Matiu "Matt" Ratana'): the quoted
# word before a capital is found first (a search anchored at the rare quote), then the given names before it
_QUOTED_WORD = re.compile(r"[\"\u201c]([A-Z][a-z]+)[\"\u201d]\s+(?=[A-Z])")
_NAME_WORDS_BEFORE = re.compile(r"(?<![\w'])(?:[A-Z][\w'.-]*\s+){1,3}\Z")  # (searched up to the quote)


def _quotes(text: str) -> list[int]:
    """Where each double quote (straight or opening) of ``text`` is, in order."""
    out: list[int] = []
    for mark in ('"', "\u201c"):
        at = text.find(mark)
        while at >= 0:
            out.append(at)
            at = text.find(mark, at + 1)
    return sorted(out) if "\u201c" in text and '"' in text else out


def nicknames(text: str, given_names: frozenset[str]) -> str:
    """'Edward Lodewijk "Eddie" Van Halen' -> 'Eddie Van Halen': a person goes by the nickname, and the given
    names before it are no name of their own ("Edward Lodewijk" was a second person). Only a nickname that is a
    given name ("Eddie", "Matt"): 'the film "Top" Gun' is left alone."""
    if '"' not in text and "\u201c" not in text:
        return text
    pieces: list[str] = []
    at = 0
    for m in map(_QUOTED_WORD.match, repeat(text), _quotes(text)):  # (str.find to each quote: a scan in C)
        if m is None or m.start() < at or m.group(1).lower() not in given_names:
            continue
        start = m.start()
        head = _NAME_WORDS_BEFORE.search(text, max(at, start - 80), start)
        if head is not None:
            pieces += (text[at:head.start()], m.group(1), " ")
            at = m.end()
    return "".join(pieces) + text[at:] if pieces else text


_PARTY_STATE = re.compile(r"\((?:R|D|I)-([A-Z][\w.]*(?: [A-Z][\w.]*)?)\)")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
# The same for ASCII text, where its word boundaries fall alike (\w is [A-Za-z0-9_] either way) and are
# tested faster
_LOWER_WORD_ASCII = re.compile(_LOWER_WORD.pattern, re.ASCII)


class _LowerWords:
    """The words of a text that ``_LOWER_WORD`` finds, asked of a span's first word. Each of them is part
    of the text, so a word the text does not contain at all (nearly every name) is answered by a substring
    test; the words are found (a pass over the whole text) only when that test cannot answer."""

    __slots__ = ("text", "words")

    def __init__(self, text: str):
        self.text = text
        self.words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if word not in self.text:
            return False
        if self.words is None:
            self.words = set((_LOWER_WORD_ASCII if self.text.isascii() else _LOWER_WORD).findall(self.text))
        return word in self.words

# A sentence ends at its punctuation (which stays with it), then an optional closing quote and spaces;
# a line break ends one too: ``[.!?]["\u201d\u2019']?\s+|\n+``. The punctuation is matched, not looked
# behind for, and the pattern opens with one character class rather than two alternatives: re then skips
# from one candidate character to the next (a third of the time) instead of trying every position.
_SENTENCE_BREAK = re.compile(r"[.!?\n](?:(?<=[.!?])[\"\u201d\u2019']?\s+|(?<=\n)\n*)")


def _sentence_pieces(text: str) -> list[str]:
    """The text cut at each _SENTENCE_BREAK, the sentence's punctuation kept at the end of its piece."""
    pieces, at = [], 0
    for m in _SENTENCE_BREAK.finditer(text):
        end = m.start() + (text[m.start()] != "\n")
        pieces.append(text[at:end])
        at = m.end()
    pieces.append(text[at:])
    return pieces


def _ends_with_initial(text: str) -> bool:
    r"""Does the text end with an initial ("John F."), which does not end a sentence? The regex
    ``(?:^|\s)[A-Z]\.$``, read at the end of the text instead of searched for from its start."""
    if text.endswith("\n"):  # $ matches before a final newline too
        text = text[:-1]
    return (len(text) >= 2 and text[-1] == "." and "A" <= text[-2] <= "Z"
            and (len(text) == 2 or text[-3].isspace()))


def _split_sentences(text: str) -> list[str]:
    pieces = _sentence_pieces(text)  # the caller has unwrapped hard-wrapped lines
    out: list[str] = []
    for piece in pieces:
        if out and out[-1] and ((last := out[-1].rsplit(None, 1)[-1]).lower() in _ABBREV or _ends_with_initial(out[-1])
                                or (last[-2:-1].isupper() and _INITIALS.fullmatch(last))):  # "E.F. Hutton"
            out[-1] = out[-1] + " " + piece
        elif piece and piece.strip():
            out.append(piece.strip())
    return out


_PARTICLE_NAME = re.compile(r"^(?:al|el| al|bin|ibn|abu|da|de|di|van|von)-[A-Z]")


# Tokens repeat (Zipf): the word tests below are asked of every token of every sentence, and cached.
# Rare words still miss (a tenth of the tokens of newswire), so a miss is kept cheap too.
@lru_cache(maxsize=1 << 14)
def _starts_name(tok: str) -> bool:
    """Capitalised, or an Arabic/Dutch particle joined to a capitalised name ("al-Eryani"), or a French or Italian
    "d'" elided before one ("Valéry Giscard d'Estaing")."""
    first = tok[:1]
    return (first.isupper() and first.isalpha()) or ("-" in tok and bool(_PARTICLE_NAME.match(tok))) or (
        first == "d" and tok[1:2] in ("'", "\u2019") and tok[2:3].isupper())


_POSSESSIVE = ("'s", "\u2019s", "s'", "s\u2019")  # how a possessive ends (tok.endswith(_POSSESSIVE), inline in _spans)


def _company_follows(toks: list[str], j: int) -> bool:
    """Name words from ``j`` on that end in a legal suffix within five words ("Moody's Investors Service Inc")."""
    for k in range(j, min(len(toks), j + 5)):
        if not (_starts_name(toks[k]) or toks[k] in _COMPANY_TAILS):
            return False
        if is_legal(toks[k]):
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _strip(tok: str) -> str:
    for suffix in ("'s", "\u2019s"):
        if tok.endswith(suffix):
            return tok[:-2]
    if tok.endswith(("'", "\u2019")):
        tok = tok[:-1]
    if tok.endswith(".") and tok.lower() not in _ABBREV and tok not in _COMPANY_TAILS and tok.count(".") == 1:
        tok = tok[:-1]
    return tok
