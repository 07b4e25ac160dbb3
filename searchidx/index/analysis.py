"""Text analysis shared by indexing and querying: accent and quote folding, UK/US spellings, stemming.

The analyzer is pickled into the index schema, so everything here must stay importable under the
same names: rename nothing without bumping the index format version in ``store.py``.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any

from whoosh.analysis import STOP_WORDS, Filter, RegexTokenizer, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.util.text import rcompile

from .folding import DIACRITICS, WORD_CHAR, CharFolds

if TYPE_CHECKING:
    from whoosh.analysis.analyzers import CompositeAnalyzer

# US spellings are the canonical form; each UK spelling is indexed and searched as its US twin.
_PAIRS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "centre": "center", "centres": "centers", "centred": "centered", "theatre": "theater", "theatres": "theaters",
    "metre": "meter", "metres": "meters", "litre": "liter", "litres": "liters", "fibre": "fiber",
    "calibre": "caliber", "sombre": "somber", "spectre": "specter", "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers", "programme": "program", "programmes": "programs", "catalogue": "catalog",
    "analyse": "analyze", "analysed": "analyzed", "analyses": "analyzes", "analysing": "analyzing",
    "paralyse": "paralyze", "paralysed": "paralyzed", "travelled": "traveled", "travelling": "traveling",
    "traveller": "traveler", "travellers": "travelers", "cancelled": "canceled", "cancelling": "canceling",
    "labelled": "labeled", "labelling": "labeling", "modelling": "modeling", "modelled": "modeled",
    "fuelled": "fueled", "fuelling": "fueling", "counselling": "counseling", "signalled": "signaled",
    "signalling": "signaling", "levelled": "leveled", "totalled": "totaled", "jewellery": "jewelry",
    "aluminium": "aluminum", "tyre": "tire", "tyres": "tires", "grey": "gray", "cheque": "check",
    "cheques": "checks", "plough": "plow", "sceptic": "skeptic", "sceptical": "skeptical",
    "scepticism": "skepticism", "paediatric": "pediatric", "anaemia": "anemia", "oestrogen": "estrogen",
    "encyclopaedia": "encyclopedia", "foetus": "fetus", "ageing": "aging", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "enrolment": "enrollment", "fulfil": "fulfill", "skilful": "skillful",
    "wilful": "willful", "storey": "story", "storeys": "stories", "kerb": "curb", "pyjamas": "pajamas",
    "moustache": "mustache", "draught": "draft", "gaol": "jail", "mould": "mold", "smoulder": "smolder",
    "diarrhoea": "diarrhea", "haemorrhage": "hemorrhage", "leukaemia": "leukemia", "orthopaedic": "orthopedic",
    "whilst": "while", "amongst": "among", "artefact": "artifact", "artefacts": "artifacts",
}
_OUR = ["colour", "favour", "honour", "labour", "neighbour", "behaviour", "harbour", "humour", "rumour", "vigour",
        "armour", "endeavour", "flavour", "savour", "valour", "odour", "splendour", "saviour", "parlour", "vapour",
        "rancour", "fervour", "tumour", "clamour", "candour", "ardour", "demeanour"]
_ISE = ["organis", "realis", "recognis", "mobilis", "criticis", "apologis", "authoris", "emphasis", "prioritis",
        "privatis", "stabilis", "legalis", "minimis", "maximis", "summaris", "sympathis", "characteris",
        "specialis", "finalis", "normalis", "utilis", "centralis", "capitalis", "modernis", "globalis", "harmonis",
        "jeopardis", "memoris", "patronis", "penalis", "publicis", "categoris", "antagonis", "destabilis",
        "demilitaris", "militaris", "nationalis", "neutralis", "subsidis", "scrutinis", "hospitalis", "criminalis",
        "decentralis", "democratis", "digitalis", "energis", "familiaris", "fertilis", "formalis", "hypothesis",
        "industrialis", "institutionalis", "internationalis", "liberalis", "marginalis", "maximis", "monopolis",
        "optimis", "polaris", "rationalis", "revitalis", "sanitis", "sensitis", "socialis", "standardis",
        "sterilis", "terroris", "urbanis", "vandalis", "visualis", "westernis", "agonis", "baptis", "colonis",
        "computeris", "customis", "deputis", "dramatis", "equalis", "fraternis", "immunis", "itemis", "legitimis",
        "localis", "mechanis", "mesmeris", "moralis", "naturalis", "organis", "pasteuris", "personalis",
        "politicis", "popularis", "pressuris", "radicalis", "regularis", "romanticis", "satiris", "stigmatis",
        "synchronis", "tantalis", "trivialis", "unionis", "victimis", "vocalis", "weaponis"]
_ISE_ENDINGS = {"e": "e", "ed": "ed", "es": "es", "ing": "ing", "er": "er", "ers": "ers", "ation": "ation",
                "ations": "ations", "ational": "ational"}


def _build_variants() -> dict[str, str]:
    table = dict(_PAIRS)
    for word in _OUR:
        us = word[:-2] + "r"
        for end in ("", "s", "ed", "ing", "able", "ite", "ites", "er", "ers", "ful", "ably", "al"):
            table[word + end] = us + end
    for stem in set(_ISE):
        if stem == "hypothesis" or stem == "emphasis":
            continue
        us = stem[:-1] + "z"
        for end, us_end in _ISE_ENDINGS.items():
            table[stem + end] = us + us_end
    # "emphasise" needs care: "emphasis" itself is a noun in both spellings.
    for end in ("e", "ed", "es", "ing"):
        table["emphasis" + end] = "emphasiz" + end
    return table


SPELLING_VARIANTS = _build_variants()


def wildcard_forms(pattern: str) -> list[str]:
    """A folded wildcard pattern and its US-spelled twins: indexed words are US-spelled ("harbour" is
    indexed as "harbor"), so "harbour*" and "organis*" must also look for "harbor*" and "organiz*".
    The letters before the first * or ? are respelled as SPELLING_VARIANTS respells the words they
    begin (when they hold the British letters) or that begin them."""
    cut = min((i for i, c in enumerate(pattern) if c in "*?"), default=len(pattern))
    head, rest = pattern[:cut], pattern[cut:]
    heads = {head}
    if head in SPELLING_VARIANTS:
        heads.add(SPELLING_VARIANTS[head])
    elif len(head) >= _RESPELL_MIN:
        for uk, us in SPELLING_VARIANTS.items():
            if head.startswith(uk) and not uk.startswith(us):  # ("programmer" is no "programme" + "r")
                heads.add(us + head[len(uk):])  # "colourful" begins with "colour": "colorful"
            elif uk.startswith(head):
                same, uk_part, us_part = _difference(uk, us)
                if len(head) >= same + len(uk_part):  # what is typed holds the British letters
                    respelled = head[:same] + us_part + head[same + len(uk_part):]
                    if head.startswith(respelled):  # "colou" would widen to "colo" (colony): as long
                        respelled = us[:len(head)]  # as typed instead, "color"
                    heads.add(respelled)  # "organis" -> "organiz", "centr" (centred) -> "center"
    return [pattern] + sorted(h + rest for h in heads - {head})


def wildcard_word(pattern: str) -> str | None:
    """The word of a word-then-* pattern ("running" of "running*") when it must also be matched as a plain
    word is, by its stem: a * may stand for nothing, so the pattern finds at least what the word finds
    alone, but indexed words are stems ("running" is indexed as "runn"), which the prefix "running"
    misses. None when a prefix form of the pattern holds that stem already ("elect*" finds "elect"),
    and for every other pattern ("run?", "*ing", "r*ning": no plain word to match)."""
    folded = fold_letters(pattern)
    head = folded.rstrip("*")
    if not head or head == folded or any(c in head for c in "*?"):
        return None
    stems = [t.text for t in _stemmed_words(head)]
    if len(stems) != 1:  # a stop word, or two words ("covid-19*"): no one indexed word to add
        return None
    prefixes = [form.rstrip("*") for form in wildcard_forms(folded)]
    return None if any(stems[0].startswith(p) for p in prefixes) else head


def _stemmed_words(text: str) -> Iterator[Token]:
    return news_analyzer()(text, mode="query")


# Shorter beginnings are left as typed: "gre*" is no "grey", and "gra*" would add "grand" and "grass".
_RESPELL_MIN = 5


def _difference(uk: str, us: str) -> tuple[int, str, str]:
    """Where two spellings differ: the length of their common beginning, then each one's letters
    between it and their common ending ("centred", "centered" -> 4, "", "e")."""
    same = 0
    while same < min(len(uk), len(us)) and uk[same] == us[same]:
        same += 1
    end = 0
    while end < min(len(uk), len(us)) - same and uk[-1 - end] == us[-1 - end]:
        end += 1
    return same, uk[same:len(uk) - end], us[same:len(us) - end]


# Each character's fold (folding.py), filled in as characters are met: ligatures ("ﬁnance" from pdftotext is
# "finance"), accents, letters such as ß and æ, curly quotes
FOLD_MAP = CharFolds()

# Words joined by apostrophes stay one token ("o'brien"); a possessive 's is dropped by the filter below.
# Initials with dots are one token too: "U.S." and "U.N." are indexed as "us" and "un", as "US" and "UN" are.
# So are short runs of letters joined by "&" (AT&T, M&A, S&P, PG&E, R&D), as Lucene's classic tokenizer
# keeps a company's name: split, "at" and "a" are stop words and AT&T was searched as the letter "t", M&A
# as "m". Longer words stay apart ("rock&roll" is rock and roll).
# A word's letters may carry combining marks (accents of text written decomposed, "Zu\u0308rich"; Arabic vowel
# marks; Indic vowel signs and viramas, "हिन्दी"): they are part of it, as the cluster's tokenizer has them,
# where Python's \w split "zu" from "rich" and "हिन्दी" into three consonants.
_WORD = WORD_CHAR
TOKEN_PATTERN = (r"(?:[^\W\d_][" + DIACRITICS + r"]*\.){2,}"
                 r"|[^\W\d_]{1,3}(?:&[^\W\d_]{1,3})+(?![\w&])(?:['\u2019]\w+)*"
                 r"|" + _WORD + r"+(?:['\u2019]" + _WORD + "+)*")
# Whoosh's stop words but "us", "may" and "will": in news "US" is the United States ("US troops", "U.S.")
# far more often than the pronoun, and "May" a month or a name (Theresa May), "Will" a name; a query for
# "US trade" lost its first word, and one for "May" alone had nothing left to search.
STOP_WORDS_NEWS = frozenset(STOP_WORDS) - {"us", "may", "will"}
# Porter stems "use", "used", "using", "useful" to "us", which is how "US" and "U.S." are indexed (kept
# above): 'used' found the United States' articles (1,021 Reuters articles, none of the first five holding
# use, used, uses or using). Both engines stem these forms to "use" instead (opensearch/template.py).
STEM_OVERRIDES = {word: "use" for word in ("use", "used", "uses", "using", "usings", "useful", "usefulness")}


def news_stem(word: str) -> str:
    """Porter's stem of ``word``, save for the forms STEM_OVERRIDES names."""
    return STEM_OVERRIDES.get(word) or porter_stem(word)


def fold_letters(text: str) -> str:
    """Lowercase and fold accents, letters such as ß, æ and ø, and curly quotes as every indexed word is
    (folding.py): what a wildcard pattern, matched letter by letter against indexed words, needs too
    ("Zür*" finds "zurich", "straß*" "strasse"), and entity names (``enrich.aliases.fold``)."""
    text = text.lower()
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFC", text):  # a letter and its marks as one: "и" + breve is "й", kept
        text = unicodedata.normalize("NFC", text)
    return text.translate(FOLD_MAP)


@lru_cache(maxsize=200_000)  # words repeat (Zipf): analysing text costs a quarter less with it
def normalize_word(word: str) -> str:
    """Lowercase, fold accents and curly quotes, join initials, drop a possessive, map a UK spelling to its
    US twin."""
    text = fold_letters(word)
    if "." in text:  # initials: "u.s." -> "us"
        text = text.replace(".", "")
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    return SPELLING_VARIANTS.get(text, text)


class NormalizeFilter(Filter):
    """Lowercase, fold accents and curly quotes, drop a possessive, map UK spellings to US: one pass.

    One filter instead of four keeps indexing fast (each filter is a generator layer per token).
    """

    def __eq__(self, other: object) -> bool:
        return other is not None and self.__class__ is other.__class__

    # whoosh's Filter narrows Composable's __call__(value, **kwargs) to a token stream the same way
    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:  # type: ignore[override]
        for t in tokens:
            t.text = normalize_word(t.text)
            yield t


class NewsAnalyzer(Tokenizer):
    """Tokenize, fold, drop stop words and stem in one pass.

    The same terms and positions as ``RegexTokenizer | NormalizeFilter | StopFilter(minsize=1) |
    StemFilter``, but without a generator layer per filter: indexing spends most of its time here.
    """

    def __init__(self, stem: bool = True, cachesize: int = 100_000, stops: bool = True):
        self.expression = rcompile(TOKEN_PATTERN)
        self.stem = stem
        self.stops = STOP_WORDS_NEWS if stops else frozenset()
        self.cachesize = cachesize
        self._setup()

    def _setup(self) -> None:
        self._stem = lru_cache(maxsize=self.cachesize)(news_stem) if self.stem else None
        self._keeps_words = self.stops == STOP_WORDS_NEWS  # its words are exact_words' then

    def __getstate__(self) -> dict[str, Any]:  # a cached function does not pickle; the schema pickles this
        return {k: v for k, v in self.__dict__.items() if k not in ("_stem", "_keeps_words")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, NewsAnalyzer) and self.__class__ is other.__class__ and self.stem == other.stem
                and self.stops == other.stops)

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs: Any) -> Iterator[Token]:
        stops, stem = self.stops, self._stem
        # the unstemmed words, which exact_words would find again in the same text (see there)
        words: list[str] | None = [] if tokenize and self._keeps_words else None
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        # one match a word; untokenized, one None standing for the whole value
        matches: Iterable[re.Match[str] | None] = self.expression.finditer(value) if tokenize else (None,)
        pos = None  # stop words are not counted in positions, as StopFilter(renumber=True) does
        raw_pos = start_pos - 1
        first = 0  # the first kept word's place among all words: where term_positions starts counting
        for match in matches:
            raw_pos += 1
            original = match.group(0) if match is not None else value
            text = normalize_word(original)
            if text and text not in stops:
                t.stopped = False
                if words is not None:
                    if not words:
                        first = raw_pos - start_pos
                    words.append(text)
                if positions:
                    if pos is None:
                        pos = raw_pos
                    else:
                        pos += 1
                    t.pos = pos
                if stem is not None:
                    text = stem(text)
            elif removestops:
                continue
            else:
                t.stopped = True
                if positions:
                    t.pos = raw_pos
            t.text = text
            t.boost = 1.0
            if keeporiginal:
                t.original = original  # type: ignore[attr-defined]  # a Token takes any attribute; whoosh's own do this
            if chars:
                if match is not None:
                    t.startchar, t.endchar = start_char + match.start(), start_char + match.end()
                else:
                    t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
        if words is not None:
            _remember_words(value, words, first)

    def term_positions(self, value: str) -> dict[str, list[int]]:
        """Each term of ``value`` with its positions, in order of first use: what
        ``self(value, positions=True)`` yields, grouped, in one pass without a Token per word.
        Writing an article spends most of its analysis time here (see ``textfield.NewsText``)."""
        known = _recent_words.get(value) if self._keeps_words else None
        if known is not None:  # its words were read for the exact-word column a moment ago
            start, words = known
        else:
            stops = self.stops
            folded = list(map(normalize_word, self.expression.findall(value)))
            words = [w for w in folded if w and w not in stops]
            # stop words before the first kept word count in its position; later ones do not (see __call__)
            start = folded.index(words[0]) if words else 0
            if self._keeps_words:
                _remember_words(value, words, start)
        stem = self._stem
        return group_positions(map(stem, words) if stem is not None else words, start)


def group_positions(terms: Iterable[str], start: int = 0) -> dict[str, list[int]]:
    """Each term with the positions it holds in ``terms`` (counted from ``start``), in order of first use."""
    positions: dict[str, list[int]] = {}
    for pos, term in enumerate(terms, start):
        held = positions.get(term)
        if held is None:
            positions[term] = [pos]
        else:
            held.append(pos)
    return positions


def plain_term_positions(value: str) -> dict[str, list[int]]:
    """Each term ``plain_analyzer`` makes of ``value`` with its positions, in one pass."""
    return group_positions(map(normalize_word, TOKEN_RE.findall(value)))


def news_analyzer(stem: bool = True) -> NewsAnalyzer:
    """Tokenize, fold accents and curly quotes, lowercase, unify UK/US spellings, drop stop words, stem."""
    return NewsAnalyzer(stem=stem)


TOKEN_RE = re.compile(TOKEN_PATTERN)
_STOPS = STOP_WORDS_NEWS
# The words of the last texts read whole, with the position of the first (see NewsAnalyzer.__call__):
# writing an article analyses its body, hashes the body's and the title's words for the exact-word
# column, then analyses the title (Whoosh writes fields in name order); each text is read once.
_recent_words: dict[str, tuple[int, list[str]]] = {}


def _remember_words(text: str, words: list[str], start: int) -> None:
    if len(_recent_words) >= 4:
        _recent_words.clear()
    _recent_words[text] = (start, words)


def exact_words(text: str) -> list[str]:
    """The words of ``text`` as a quoted phrase compares them: folded as ``news_analyzer`` folds them
    (case, accents, UK/US spelling, stop words left out) but not stemmed.

    Stop words are not checked, so "state of emergency" also finds "state and the emergency"; they
    are about 40% of a news text's words."""
    known = _recent_words.get(text)
    if known is not None:
        return list(known[1])
    folded = list(map(normalize_word, TOKEN_RE.findall(text)))
    words = [w for w in folded if w and w not in _STOPS]
    _remember_words(text, words, folded.index(words[0]) if words else 0)
    return list(words)


def exact_hashes(tag: str, words: list[str], pairs: bool = True) -> set[int]:
    """What a quoted phrase checks: a 32-bit hash of each word and (with ``pairs``) of each pair of
    neighbouring words, in the field ``tag`` names. The same function hashes an article's text at
    ingest and a phrase at query time, so the two agree by construction."""
    # The CRC-32 of "tag\x1fword" and of "tag\x1fword next", computed by continuing the CRC of the
    # prefix and of each word (crc32(b, crc32(a)) == crc32(a + b)): each byte is hashed once.
    # (map over builtins, not a Python loop: this runs for every word of every article written)
    crc = zlib.crc32
    encoded = list(map(str.encode, words))  # UTF-8
    singles = list(map(crc, encoded, repeat(crc(f"{tag}\x1f".encode()), len(encoded))))
    hashes = set(singles)
    if pairs:
        hashes.update(map(crc, map(b" ".__add__, encoded[1:]), singles))
    return hashes


def plain_analyzer() -> CompositeAnalyzer:
    """Folded but not stemmed: for spelling suggestions and exact-ish fields like author."""
    return RegexTokenizer(TOKEN_PATTERN) | NormalizeFilter()
