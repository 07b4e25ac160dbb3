"""Finding names: the spans of capitalised words in a sentence, without the ordinary words a sentence
opens with, weekdays, months and possessives; a company's name keeps its first word and ends at its legal
suffix."""

from __future__ import annotations

from itertools import compress
from operator import itemgetter

from ..companies import COMPANY_TAILS as _COMPANY_TAILS
from ..companies import is_legal
from ..wordlists import (
    BANK_WORDS,
    COMMON,
    CONNECTORS,
    MEDIA_NOUNS,
    MONTHS,
    NAME_PARTICLES,
    NAME_PREFIX_ADJECTIVES,
    NUMBER_WORDS,
    ORG_HEADS,
    ORG_SUFFIXES,
    ROADS,
    TITLE_CUES,
    WEEKDAYS,
)
from .cues import Tables
from .text import _DEMONYM, _POSSESSIVE, _company_follows, _LowerWords, _starts_name, _strip, _tokens

# words before a month's name that make it a date, not a given name ("in April", "since June", "last May")
_BEFORE_DATES = frozenset({"in", "on", "since", "until", "till", "by", "from", "to", "through", "during", "before",
                           "after", "last", "next", "early", "late", "mid", "of", "this", "each", "every", "between",
                           "the", "a", "an", "around", "about"})


# words a number after them joins to a name: stations and roads ("News 12", "Channel 4", "Interstate 75")
_NUMBERED = frozenset({"News", "Channel", "TV", "Radio", *ROADS})
# plural nouns after two names joined by "and" that make each a body of that kind
_BODIES_PLURAL = {"parties": "Party", "committees": "Committee", "ministries": "Ministry", "departments": "Department"}
# legal suffixes a firm's name may set off with a comma ("Acme Holdings, Inc.", "Acme, Ltd.")
_COMMA_TAILS = frozenset({"Inc", "Inc.", "Ltd", "Ltd.", "LLC", "L.L.C.", "Corp.", "Co.", "Plc", "PLC", "LLP", "L.P.",
                          "LP", "S.A.", "N.V.", "AG", "GmbH"})
# what a possessive stands before in a place's name ("Hawke's Bay", "Martha's Vineyard", "Land's End")
_OWNED_PLACES = frozenset({"Bay", "Island", "Point", "Peak", "Creek", "Harbour", "Harbor", "Cove", "Head", "Sound",
                           "Vineyard", "End", "Hill", "Wood"})
# lower-case nouns after a name that name one institution with it ("the Canadian embassy", "Paris police", "the
# Tower commission"; see SpanFinder._names_body)
_BODY_NOUNS = frozenset({"embassy", "consulate", "police", "commission", "committee"})
# nouns after "police" that make it a word before a noun ("South London police officer", "Paris police
# headquarters", "the New Zealand police force"): the officer's or the building's, no force's name
_RANKS_AND_PLACES = frozenset({"officer", "officers", "headquarters", "force", "forces", "station", "stations", "chief",
                               "chiefs", "car", "cars", "custody", "cell", "cells", "van", "vans", "vehicle",
                               "vehicles", "commissioner", "constable", "sergeant", "inspector", "detective",
                               "detectives", "department", "academy", "union"})

# a country's name after a company's that names its subsidiary there ("Nissan Motor Corp U.S.A.", "Texaco USA")
USA_TAILS = frozenset({"U.S.A.", "USA", "U.S.A"})
# offices whose holder's possessive opens a body's name before "Office" or "Department" ("the Alachua Sheriff's
# Office", "the District Attorney's Office", "the Attorney General's Office")
_OFFICES = ("Sheriff", "Attorney", "General", "Prosecutor", "Coroner", "Mayor", "Governor", "Marshal", "Auditor",
            "Comptroller", "Treasurer", "Examiner")
OFFICE_OWNERS = frozenset(office + mark for office in _OFFICES for mark in ("'s", "\u2019s"))


def _office_of(toks: list[str], j: int) -> bool:
    """Is ``toks[j - 1]`` an office's possessive before "Office" or "Department" ("Sheriff's Office")?"""
    return j < len(toks) and toks[j - 1] in OFFICE_OWNERS and toks[j] in ("Office", "Department")


# people in the plural, as they own a body's name ("People's Party", "Children's Hospital", "Workers' Party")
_PLURAL_OWNERS = frozenset({"People's", "People\u2019s", "Women's", "Women\u2019s", "Men's", "Men\u2019s", "Children's",
                            "Children\u2019s"})


def _plural_possessive(tok: str) -> bool:
    """Is ``tok`` people in the plural as owners ("People's", "Workers'"), not one person's ("Johnson's")?"""
    return tok in _PLURAL_OWNERS or (tok.endswith(("s'", "s\u2019")) and len(tok) > 3)


def _partners(toks: list[str], names: list[bool], j: int) -> int:
    """Where "and" is after ``toks[j]``, a comma, when partners' names set off by commas end in "and" and a
    company ("Goldman, Sachs and Co", "Merrill Lynch, Pierce, Fenner and Smith Inc"); else 0. (The caller takes
    two words before the first comma only before two partners: "Thomas McKiernan, McKiernan and Co chairman".)"""
    k, n = j, len(toks)
    while k + 1 < n and toks[k] == "," and names[k + 1]:
        k += 2
    return k if k > j and k < n and toks[k] == "and" and _company_follows(toks, k + 1) else 0


def _opens_with_a_verb(span: list[str], first: str) -> bool:
    """Does a sentence open with a verb's -ing form (``first``, asked of one ending in -ing) before a small
    connector ("Writing for the Court, ...", "Speaking on the ...")? It is no part of the name after."""
    return len(span) > 2 and len(first) > 5 and span[1][:1].islower() and span[1] in CONNECTORS


class SpanFinder(Tables):
    """The name spans of a sentence."""

    def _spans(self, sentence: str, lower_words: _LowerWords):
        toks = _tokens(sentence)
        # A span opens only at a name word: those are found in one pass (most words are not), and the
        # loop visits them alone. In ASCII without a hyphen (no "al-" before a name) a name word is one
        # whose first letter is a capital: str.isupper of each first character, no cached call a word.
        if sentence.isascii() and "-" not in sentence and " d'" not in sentence:
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
            plural_owner = False  # "People's Party of Canada", "Workers' Party": a body's name holds them
            if not tok.endswith(_POSSESSIVE) or _company_follows(toks, j) or (plural_owner := _office_of(toks, j)) or (
                    plural_owner := j < n and toks[j] in ORG_SUFFIXES and self._owners(toks, start, j)) or (
                    # "Hawke's Bay", "Martha's Vineyard": a place named for its owner keeps the possessive (not
                    # "Russia's Lake Baikal": a known place's)
                    plural_owner := j < n and _strip(toks[j]) in _OWNED_PLACES and _strip(tok) not in self.places
                    and getattr(self._forms.get((_strip(tok),)), "type", "") != "place"):
                while j < n:
                    t = toks[j]
                    if names[j] or t in _COMPANY_TAILS:
                        j += 1
                        if is_legal(t) and j < n and not is_legal(toks[j]) and j - start >= 2 \
                                and toks[j] not in USA_TAILS:  # (a subsidiary's "Nissan Motor Corp U.S.A.")
                            break  # "Janney Montgomery Scott Inc. MTS ...": the legal suffix ends the name
                        if t.endswith(_POSSESSIVE) and _office_of(toks, j):
                            plural_owner = True  # (the possessive stays: "Alachua Sheriff's Office")
                        elif t.endswith(_POSSESSIVE) and not (j < n and is_legal(toks[j]) and j - start >= 2):
                            # "Boris Johnson's Conservative Party", "Shell's Canadian unit", "John Lydon's Public
                            # Image Ltd": it ends the name, but not a company's before its suffix ("Standard and
                            # Poor's Corp") nor a body's ("Revolutionary People's Party")
                            if j < n and toks[j] in ORG_SUFFIXES and self._owners(toks, start, j):
                                plural_owner = True
                            else:
                                break
                    elif t == "," and j - start <= 2 and (k := _partners(toks, names, j)) \
                            and (j == start + 1 or k > j + 2):
                        j = k  # "Goldman, Sachs and Co", "Merrill Lynch, Pierce, Fenner and Smith Inc": one company
                    elif t == "," and j + 1 < n and toks[j + 1] in _COMMA_TAILS and j - start >= 2:
                        j += 1  # "Hungarian National Asset Management, Inc.": the suffix after a comma
                    elif t == "to" and j + 1 < n and names[j + 1] and toks[j - 1] in ORG_SUFFIXES:
                        j += 1  # "Committee to Protect Journalists", "Coalition to Defeat ISIS"
                    elif t[:1].isdigit() and len(t) <= 3 and toks[j - 1] in _NUMBERED and (t.isdigit() or (
                            toks[j - 1] in ROADS and t[-1:] in ".,;:" and t[:-1].isdigit())):  # ("... on Route 9.")
                        j += 1  # "News 12", "Channel 4", "Interstate 75"
                    elif (t.lower() in CONNECTORS and j + 1 < n
                          and (names[j + 1] or toks[j + 1].lower() in CONNECTORS)
                          and (t.lower() != "the" or toks[j - 1].lower() in CONNECTORS)
                          and toks[j + 1].lower().rstrip(".") not in MONTHS
                          and toks[j + 1].lower().rstrip(".") not in WEEKDAYS):
                        j += 1
                    else:
                        break
            raw = toks[start:j]
            if len(raw) > 3 and raw[-2] == "," and raw[-1] in _COMMA_TAILS:
                raw = raw[:-2] + raw[-1:]  # (one company with or without its comma)
            if len(raw) > 3 and "," in raw[1:4]:
                # (the company's name without its commas, as it is written later too)
                raw = [t for t in raw if t != ","]
            # a company keeps its inner possessive ("Moody's Investors Service Inc")
            span = list(map(_strip, raw)) if not (len(raw) > 1 and is_legal(raw[-1])) else raw
            if plural_owner:
                span = [t if k + 1 < len(raw) and t.endswith(_POSSESSIVE) else w
                        for k, (t, w) in enumerate(zip(raw, span))]
            while span and span[-1].lower() in CONNECTORS:
                span.pop()
                j -= 1
            if len(span) > 1 and span[-1] in MEDIA_NOUNS and tuple(span) not in self._forms:
                span.pop()  # "Susan Rice Image: White House", "NASA Photo": the name is before the picture
            at_start = start == 0 or (start > 0 and toks[start - 1] in "\"\u201c\u2018'(" and not (
                # (an acronym's long form after it keeps its first word: "WWE (World Wrestling Entertainment)")
                start > 1 and toks[start - 1] == "(" and toks[start - 2].isupper() and len(toks[start - 2]) > 1))
            # Drop sentence-initial words that are ordinary words capitalised only by position.
            # A company's name keeps its first word ("National Intergroup Inc", "Premier Industrial Corp").
            company = len(span) >= 3 and is_legal(span[-1])
            # a given name keeps its place: "Jan Van Moerbeke", "April Ryan"; so does a month that opens a name of
            # three words or more, not after "in", "since" and the like ("In April Reagan said"), nor before a
            # number or a word the text writes in lower case ("April Three", "June Swiss francs")
            # (the given-name list holds no month, so a month opens a name only by this test)
            month_name = len(span) >= 3 and span[0].lower() in self.month_firsts and (
                start == 0 or (toks[start - 1].lower() not in _BEFORE_DATES and not toks[start - 1][:1].isdigit())) \
                and (second := span[1].lower()) not in MONTHS and second not in NUMBER_WORDS \
                and second not in lower_words
            if at_start and span and len(lead := span[0]) > 1 and lead.isupper() and lead.isalpha() \
                    and ((low := lead.lower()) in COMMON or low in lower_words) and (lead,) in self._forms:
                # "US Secretary of State Mike Pompeo posted ...", "US officials said": a registry name in capitals
                # opening a sentence is that name, not the pronoun "us"; the words after it are read on their own
                at_start = False
                if len(span) > 1 and not self._known_start(span):
                    spans.append(([lead], False, " ".join(span[1:4]), " ".join(toks[max(0, start - 3):start]).lower()))
                    span.pop(0)
                    start += 1
            while span and ((first := span[0].lower()) in WEEKDAYS or (first in MONTHS and not month_name) or
                            (at_start and ((first in COMMON and not month_name) or first in lower_words
                                           or (first.endswith("ing") and _opens_with_a_verb(span, first))
                                           or (first in NUMBER_WORDS and len(span) == 2))  # "Four Navy ships"
                                                                            # (not "Three Mile Island")
                             and not company and not self._known_start(span)
                             # a title opening a sentence stays before the name ("Dr Ann Lee, the author, said")
                             and not (len(span) > 1 and span[0] in TITLE_CUES and _starts_name(span[1]))
                             # a bank's word opening a sentence opens its name ("Bank Negara said")
                             and not (len(span) > 1 and span[0] in BANK_WORDS))):
                span.pop(0)
                at_start = False
            while (span and span[0].lower() in CONNECTORS
                   and not (span[0][:1].isupper() and span[0].lower() in NAME_PARTICLES)
                   and " ".join(span) not in self.places):  # "Des Moines"
                span.pop(0)
            if span and j < n and toks[j] in ("party", "ministry") and span[-1] in ORG_HEADS | NAME_PREFIX_ADJECTIVES:
                span.append(toks[j].capitalize())  # "the Democratic party" is the Democratic Party
                j += 1
            elif span and j < n and (noun := toks[j].rstrip(".,;:")) in _BODY_NOUNS and self._names_body(
                    span, noun, toks[start] == "The" or toks[start - 1:start] in (["the"], ["The"])) \
                    and not (j + 1 < n and noun == toks[j] and toks[j + 1].rstrip(".,;:") in _RANKS_AND_PLACES):
                span.append(noun.capitalize())  # "the Canadian embassy", "Northamptonshire police"
                j += 1
            elif span and j < n and "and" in span and (noun := toks[j].rstrip(".,;:")) in _BODIES_PLURAL:
                # "the Democratic and Republican parties", "the House Foreign Affairs and Intelligence committees":
                # two bodies of the kind the plural names (a chamber before the first is the second's too)
                k = span.index("and")
                left, right = span[:k], span[k + 1:]
                if left and right and (left[-1] in ORG_HEADS or left[-1] in NAME_PREFIX_ADJECTIVES
                                         or left[0] in ("House", "Senate")) and "and" not in right \
                        and not (left[-1] in ("House", "Senate") or right[0] in ("House", "Senate")):
                    # (not "the House and Senate committees": the chambers' committees, none named)
                    if left[0] in ("House", "Senate") and right[0] != left[0]:
                        right = [left[0], *right]
                    kind = _BODIES_PLURAL[noun]
                    before = " ".join(toks[max(0, start - 3):start]).lower()
                    spans.append(([*left, kind], False, "and", before))
                    span = [*right, kind]
                    j += 1
            if span:  # (a quarter of the spans lose every word above)
                before = " ".join(toks[max(0, start - 3):start]).lower()
                after = " ".join(toks[j:j + 6])
                spans.append((span, False, after, before))
            i = max(j, start + 1)
        return spans

    def _names_body(self, span: list[str], noun: str, after_the: bool) -> bool:
        """Does ``span`` with the lower-case ``noun`` after it name one institution, as the wire writes it:
        "the Canadian embassy" (a country or its people's name), "Northamptonshire police" (a place's force, not
        "Mexican police"), "the Tower commission" (a body called after a person), "House Agriculture committee"?"""
        if COMMON.issuperset(map(str.lower, span)) or span[-1] in ORG_SUFFIXES or span[-1] in ORG_HEADS:
            return False
        if noun in ("embassy", "consulate"):
            return after_the and len(span) <= 2
        if noun == "police":
            return not _DEMONYM.search(span[-1]) or " ".join(span) in self.places
        # commission, committee: one name after "the" ("the Tower commission"), or a chamber's committee
        return (len(span) == 1 and after_the and not span[0].isupper() and not _DEMONYM.search(span[0])
                and span[0] not in self.places) or (len(span) > 1 and span[0] in ("House", "Senate"))

    def _owners(self, toks: list[str], start: int, j: int) -> bool:
        """Are ``toks[start:j]``, ending in a possessive, people in the plural who own a body's name ("People's",
        "Revolutionary Workers'"), not a place's or a known name's possessive ("United States' Centers ...")?"""
        if not _plural_possessive(toks[j - 1]):
            return False
        words = [*toks[start:j - 1], toks[j - 1].rstrip("'\u2019")]
        return " ".join(words) not in self.places and tuple(words) not in self._forms \
            and words[-1] not in ORG_SUFFIXES  # ("Salomon Brothers' Capital commitments committee": the firm's)

    def _known_start(self, span: list[str]) -> bool:
        """Does the span open with a multi-word registry or gazetteer name ("North Korea", "New York")?"""
        for k in range(min(len(span), self._longest), 1, -1):
            if tuple(span[:k]) in self._forms or " ".join(span[:k]) in self.places:
                return True
        return False

