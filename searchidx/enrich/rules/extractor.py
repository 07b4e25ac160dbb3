"""The rule extractor: registry names first, then the steps of this package in order (see its docstring)."""

from __future__ import annotations

import re

from ..aliases import Entity, Registry
from ..companies import is_legal, marked_companies
from ..furniture import unwrap
from ..wordlists import (
    COMMON,
    FAITH_WORDS,
    NAME_PREFIX_ADJECTIVES,
    ORG_HEADS,
    PLACE_SUFFIXES,
    THING_NOUNS,
    US_STATE_ABBREVIATIONS,
)
from .bodies import office_word
from .classify import SpanClassifier
from .cues import (
    OPENER_RULES,
    Found,
)
from .gazetteers import ambiguous_places, first_names, gazetteer_places, month_given_names, regions
from .names import (
    RATED_RULE,
    is_grade,
)
from .resolve import Resolver
from .spans import SpanFinder
from .text import (
    _PARTY_STATE,
    _STATE_AFTER_CITY,
    _TOKEN,
    _LowerWords,
    _spell_state,
    _split_prefixes,
    _split_sentences,
    _strip,
    nicknames,
)

# organisations read from the words around one word alone, not from the word itself
_CONTEXT_ORG_RULES = ("news source", "described as an organisation")
# a word a person's name may hold that no rule read ("Whoopi", "Rosavita"): a capital, then small letters
_PLAIN_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")
# words that make a run of name words no person's name ("Liberal Democrat", "Space Telescope", "Roman Catholic ...")
_NO_PERSON_WORDS = frozenset(NAME_PREFIX_ADJECTIVES | FAITH_WORDS | THING_NOUNS | ORG_HEADS | PLACE_SUFFIXES)


def _marked_lead(tokens: list[str], marked: set[str]) -> tuple[int, str] | None:
    """(where the rest starts, the company) when a span opens with a company the wire marks, then its possessive
    and another company's name ("Dupont's <DD> Conoco Inc"), or "and" and another company the wire marks ("Texas
    International <TEICC> and Lear Petroleum Partners <LPP>"; not "Merck and Co Inc"); else None."""
    for k, tok in enumerate(tokens[:-1]):
        if tok in ("and", "&"):
            return (k + 1, " ".join(tokens[:k])) if k and " ".join(tokens[:k]) in marked \
                and " ".join(tokens[k + 1:]) in marked else None
        if tok.endswith(("'s", "\u2019s")):
            owner = " ".join([*tokens[:k], tok[:-2]])
            return (k + 1, owner) if owner in marked and not is_legal(tokens[k + 1]) else None
    return None


def _spaces(name: str) -> list[int]:
    """Where the spaces are in ``name``."""
    return [k for k, ch in enumerate(name) if ch == " "]


def _reach(table: dict[tuple[str, ...], Entity]) -> dict[str, int]:
    """First word -> the length of the longest name in ``table`` that starts with it."""
    reach: dict[str, int] = {}
    for words in table:
        reach[words[0]] = max(reach.get(words[0], 0), len(words))
    return reach


class RuleExtractor(SpanFinder, SpanClassifier, Resolver):
    """Registry, gazetteer and rules; see the package docstring."""

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
        self.month_firsts = month_given_names()
        self.regions = regions()

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
        for k, f in enumerate(marked):
            if (rest := self._after_lead(f.name)) is not None:
                marked[k] = Found(rest, "org", f.rule)
        text = _PARTY_STATE.sub(lambda m: "(" + US_STATE_ABBREVIATIONS.get(m.group(1), m.group(1)) + ")", text)
        text = _STATE_AFTER_CITY.sub(_spell_state, text)
        text = nicknames(_split_prefixes(text), self.firsts)
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
        # the words that open a company's name -> the first company (in the order above) they open: a table
        # made once an article instead of a walk over the companies for each name
        opening: dict[str, str] = {}
        for c in companies:
            at = c.find(" ")
            while at > 0:
                opening.setdefault(c[:at], c)
                at = c.find(" ", at + 1)
        found: list[tuple[Found, tuple[str, ...]]] = [(f, ()) for f in marked + title_found]
        marked_set = {f.name for f in marked}
        # the last words of a name the wire marks, a legal suffix among them, are that company ("Bilfinger und
        # Berger-Bau AG": the span finder reads no "und")
        endings = {c[at + 1:]: c for c in marked_set if is_legal(c[c.rfind(" ") + 1:])
                   for at in _spaces(c) if " " in c[at + 1:]} if marked_set else {}
        mid_sentence: set[str] | None = None  # words the text capitalises past a sentence's first word
        slashes = "/" in text or "/" in title
        rated_after, rated_before = "", ""  # after a rating agency, "and <name>" is another
        openers: list[str] = []  # names read by a weak rule or as a building
        listed: list[tuple[list[str], str, str, int]] = []  # names in lists, for _people_listed
        unread = False  # is one of them a name no rule read?
        for tokens, cue, after, before in candidates:
            if rated_after:
                if rated_after.startswith(("and ", "or ")) and not is_grade(tokens) \
                        and rated_after.split(None, 1)[1].startswith(" ".join(tokens)):
                    before = rated_before  # "rated AAA by Moody's and Standard and Poor's"
                rated_after = ""
            if opening and len(tokens) >= 2:
                company = opening.get(joined := " ".join(tokens))
                if company is None and endings and (whole := endings.get(joined)) is not None:
                    found.append((Found(whole, "org", f"short form of {whole}"), tuple(tokens)))
                    continue
                if company is None and (joined in marked_set or joined.rstrip(".") in marked_set):
                    # a company its ticker or brackets mark is that company whatever its words ("<Hunter Helicopter
                    # of Nevada, Inc>" is no person "of" a company)
                    name = joined if joined in marked_set else joined.rstrip(".")
                    found.append((Found(name, "org", "company marked by the wire"), tuple(tokens)))
                    continue
                if company is not None:
                    found.append((Found(company, "org", f"short form of {company}"), tuple(tokens)))
                    continue
            if marked_set and len(tokens) > 2 and ("and" in tokens or "&" in tokens or is_legal(tokens[-1])) \
                    and (lead := _marked_lead(tokens, marked_set)):
                # "Dupont's <DD> Conoco Inc", "Texas International <TEICC> and Lear Petroleum Partners": a company
                # the wire marks, then another, are two
                found.append((Found(lead[1], "org", "company marked by the wire"), tuple(tokens[:lead[0]])))
                tokens, before = tokens[lead[0]:], ""
            if (parts := self._en_dash_parts(tokens)) is not None:
                last = len(parts) - 1
                got = [found for k, part in enumerate(parts) for found in self._classify(
                    part, cue and k == 0, after if k == last else "\u2013", before if k == 0 else "\u2013")]
            elif (pairs := self._known_pairs(tokens, after)) is not None:
                got = self._classify_slashed(pairs, after, before)
            else:
                got = self._classify(tokens, cue, after, before) if not slashes else \
                    self._classify_slashed(tokens, after, before)
            if got:
                if (c := after[:1]) == "," or (c == "a" and after[:4] == "and ") or (listed and listed[-1][2] == "?"):
                    # (a name in a list, or after an unread one: a person's name first or last in the run, as in
                    # "Kevin Holt and Paul Rand", may make a neighbour a person)
                    first = got[0][0].type == "person" and got[0][1][:1] == (tokens[0],)
                    last = got[-1][0].type == "person" and got[-1][1][-1:] == (tokens[-1],)
                    if first or last:
                        listed.append((tokens, after, "person" if first and last else "<" if first else ">", 0))
            elif ((c := after[:1]) == "," or (c == "a" and after[:4] == "and ") or (b := before[-1:]) == ","
                  or (b == "d" and before[-4:] == " and")) \
                    and 1 < len(tokens) < 4 and all(map(_PLAIN_NAME_WORD.fullmatch, tokens)) \
                    and COMMON.isdisjoint(map(str.lower, tokens)) and _NO_PERSON_WORDS.isdisjoint(tokens) \
                    and not any(map(office_word, tokens)):
                listed.append((tokens, after, "?", len(found)))
                unread = True
            if not before and len(tokens) == 1 and got and got[0][0].rule.startswith(_CONTEXT_ORG_RULES):
                # "Initial reports from ...", "Initially, the company ...": one word capitalised only by its place
                # at a sentence's start is an organisation by its context only if the text capitalises it elsewhere
                if mid_sentence is None:
                    mid_sentence = {t for toks, _, _, b in candidates if b for t in toks}
                if tokens[0] not in mid_sentence and (tokens[0][1:].islower() or tokens[0].isupper()) \
                        and not after.startswith("reported "):  # (but "Rappler reported ...": no verb "reports")
                    # (a word with capitals inside and small letters, "Petro-Canada", is a name anywhere)
                    continue
            for item in got:
                rule = item[0].rule
                if rule == RATED_RULE:
                    rated_after, rated_before = after, before
                    name = item[0].name
                    if name + "'s" in text and not any(name + c in text for c in " .,;"):
                        # "Moody's": the agency's name is its possessive (not "S and P's rating")
                        item = (Found(item[0].name + "'s", "org", rule), item[1])
                elif rule in OPENER_RULES:
                    # "Fuel Gas said", "Asset Management", "Santa Barbara Biltmore Hotel": a name read as a
                    # person's by its first word or by "said" alone is not one when the text also writes its
                    # last word in lower case, as an ordinary word (surnames seldom are)
                    if len(item[1]) > 1 and item[1][-1].lower() in lower_words and item[0].type == "person":
                        continue
                    openers.append(item[0].name)  # (it may be the first words of a body's name: see _finish)
                elif rule.endswith(" before the name") and item[0].type == "short?" \
                        and item[1][0].lower() in lower_words:
                    continue  # "General Electric": the word after a title is an ordinary word
                found.append(item)
        if unread:
            found = self._people_listed(listed, found)
        return self._finish(found, openers)

    @staticmethod
    def _people_listed(listed: list[tuple[list[str], str, str, int]],
                       found: list[tuple[Found, tuple[str, ...]]]) -> list[tuple[Found, tuple[str, ...]]]:
        """Names no rule read ("?") that stand next to a person's in a list ("Oprah Winfrey, Whoopi Goldberg, Kevin
        Feige and ...", "Pale Tuli, Rosavita Tuli, and John Fitisemanu") are people too, also through one another;
        ``listed``: (words, the text after them, their kind, where in ``found``); the kind is "person", "?" (no
        reading), "<" or ">" (a run that opens or ends with a person's name). Other names are not listed: each
        neighbour is checked to follow in the text."""
        def next_in_list(after: str, first: str) -> bool:
            return after.startswith((f", {first} ", f", and {first} ", f"and {first} "))

        kinds = [kind for _, _, kind, _ in listed]
        changed = True
        while changed:
            changed = False
            for i, (tokens, after, _, _) in enumerate(listed):
                # (an item goes on to the next or ends the list: "Louis Gasper, Ginnie Mae executive vice
                # president" is a person and the body he works for)
                if kinds[i] != "?" or not (after[:1] == "," or after[:4] == "and " or (
                        i and listed[i - 1][1].startswith((", and ", "and ")))):
                    continue
                if (i and kinds[i - 1] in ("person", ">") and next_in_list(listed[i - 1][1], tokens[0])) \
                        or (i + 1 < len(listed) and kinds[i + 1] in ("person", "<")
                            and next_in_list(after, listed[i + 1][0][0])):
                    kinds[i], changed = "person", True
        for i in range(len(listed) - 1, -1, -1):  # (from the end, so the places in ``found`` hold)
            tokens, _, kind, at = listed[i]
            if kind == "?" and kinds[i] == "person":
                found.insert(at, (Found(" ".join(tokens), "person", "in a list of people"), tuple(tokens)))
        return found
