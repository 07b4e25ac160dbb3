"""Name rules: one span of capitalised words read as an organisation by its form or the words around it
("... Bank", "Ministry of ...", "firm UpGuard", "an analyst with ..."), a person by a title, a given name,
a role or "said", or a place by its suffix ("... River")."""

from __future__ import annotations

import re

from ..companies import COMPANY_TAILS as _COMPANY_TAILS
from ..wordlists import (
    BANK_WORDS,
    COMMON,
    CONNECTORS,
    FAITH_WORDS,
    NAME_PARTICLES,
    NAME_PREFIX_ADJECTIVES,
    NOT_IN_NAMES,
    ORG_CUE_NOUNS,
    ORG_ENDINGS,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    PLURAL_ORG_CUES,
    ROADS,
    ROLE_NOUNS,
    ROLE_WORDS,
    THING_NOUNS,
    TITLE_CUES,
    WEEKDAYS,
)
from .cues import _ACRONYM_AFTER, _ALL_CAPS, _INITIAL, _INITIALS, Found
from .places import PlaceRules
from .text import _DEMONYM, ROMANISED_GIVEN_NAME, _starts_name

# words after "told X" that are no noun X could be an adjective of ("told Asahi on Monday", "told Khan to leave")
_NOT_NOUNS = frozenset({"on", "in", "at", "by", "that", "this", "last", "late", "earlier", "when", "after", "before",
                        "and", "about", "of", "for", "from", "during", "while", "as", "it", "he", "she", "they", "we",
                        "to", "not", "the", "a", "an", "his", "her", "their", "its", "him", "them", "me", "us", "you",
                        "so", "there", "then", "what", "how", "why", "if", "repeatedly", "privately"})
_ROLE_AFTER = re.compile(r"^,\s+(?:(?:a|an|the)\s+)?([\w-]+)")  # ", a research fellow"
_WEB_ADDRESS = re.compile(r"[A-Z][\w-]*\.(?:com|org|net|[a-z]{2})(?:\.[a-z]{2})?")  # a country's too: "Portfolio.hu"
_CALL_SIGN = re.compile(r"[A-Z]{3,5}-(?:TV|FM|AM|DT)")
# a thing named after a person, in lower case after the name ("NASA's James Webb space telescope", "the Ann Pole
# prize"): the name is the thing's, no person's
_THINGS_AFTER = frozenset(t.lower() for t in THING_NOUNS if t[-1:] != ".") - {"show", "series", "index", "effect"}
_JOINING_WORDS = CONNECTORS - NAME_PARTICLES  # connectors that are never part of a person's name
_OF_FOR_ON = frozenset({"of", "for", "on"})
# Letters written after a person's name: a barrister's rank, a member's seat, an honour, a degree
_POST_NOMINALS = frozenset({"QC", "KC", "SC", "MP", "MEP", "MSP", "TD", "OBE", "MBE", "CBE", "KBE", "DBE", "FRS",
                            "PhD"})
# "an analyst with ...", "chief economist at ...": the name after works for a firm
_EMPLOYER_ROLES = frozenset({"analyst", "analysts", "economist", "economists", "strategist", "trader", "traders",
                             "dealer", "dealers", "broker", "banker", "bankers", "executive", "executives",
                             "spokesman", "spokeswoman", "spokesperson", "manager", "partner", "official",
                             "officials", "director", "vice-president", "consultant"})
# words that follow a name: after one word they say the word is a name, not an adjective before a noun
_NAME_FOLLOWERS = frozenset({"and", "or", "who", "whose", "was", "is", "has", "had", "will", "would", "in", "on", "at",
                             "to", "for", "with", "from", "of", "by", "as", "after", "before", "when", "while"})
# A firm's staff or its deals after a name make it the firm's ("Merrill Lynch analyst", "Goldman Sachs
# co-managed the issue"): people have no analysts or traders of their own
_FIRM_AFTER = frozenset({"analyst", "analysts", "economist", "economists", "strategist", "strategists", "trader",
                         "traders", "dealer", "dealers", "banker", "bankers", "underwriter", "underwriters",
                         "co-managed", "lead-managed", "co-lead-managed", "underwrote",
                         # a paper's or a channel's staff: "Samoa Observer editor Keni Lesa", "CNN correspondent"
                         "editor", "editors", "reporter", "reporters", "correspondent", "correspondents", "columnist"})
FIRM_RULE = "a firm by its staff or deal after it"
# "the Reagan administration", "the Obama administration's": a surname before it is that president's
ADMINISTRATION = ("administration ", "administration,", "administration.", "administration's",
                  "administration\u2019s")


def firm_after(after: str) -> bool:
    """Does the text after a name open with a firm's staff or deal ("analyst", "co-managed")?"""
    if not after[:1].islower():
        return False
    first = after.split(None, 2)[:2]  # ("co -managed": the tokens split a hyphen before a small letter)
    return first[0] in _FIRM_AFTER or (len(first) == 2 and first[1][:1] == "-" and "".join(first) in _FIRM_AFTER)


# A credit rating before "by" ("rated AAA by", "Baa-2 by", "B-minus by both"): the name after is a rating agency
_GRADE = re.compile(r"(?:aaa|aa|a|bbb|bb|b|ccc|cc|c|baa|ba|caa|ca|p|mig)(?:-?(?:plus|minus|[1-3])|[+-])?")
_BY = (" by", " by both", " by either")
RATED_RULE = "a rating agency: a rating 'by' it"


def rated_by(before: str) -> bool:
    """Do the (lower-case) words before a name end with a credit rating and "by"?"""
    if not before.endswith(_BY):
        return False
    words = before.replace(" -", "-").split()
    if words[-1] != "by":
        words.pop()
    return len(words) >= 2 and _GRADE.fullmatch(words[-2]) is not None


def is_grade(tokens: list[str]) -> bool:
    """Is the span a credit rating ("BBB", "Baa-2"), not a name?"""
    return len(tokens) == 1 and _GRADE.fullmatch(tokens[0].lower()) is not None


def grade_before_and(tokens: list[str]) -> bool:
    """Does a span open with a credit rating and "and" ("rates the debt Aa-2 and Standard and Poor's Corp")?
    Not one letter: "B and D Instruments Inc", "P and O Containers Ltd" are companies' names."""
    return len(tokens) > 2 and tokens[1] in ("and", "or") and len(tokens[0]) > 1 and is_grade(tokens[:1])


# Nouns right after a name that make it an organisation's ("the Make Crate company", "All Saints school")
_ORG_AFTER = frozenset({"company", "company's", "firm", "newspaper", "magazine", "band", "charity", "school",
                        "airline", "broadcaster", "website"})


# Nouns after one word that make it a shop chain's name, after an article ("a Walmart store", "outside a Boots
# store"; not "a Mexican store", "Retail stores in ...", "U.K. Chain stores")
_SHOPS = frozenset({"store", "stores", "supermarket", "supermarkets", "shop", "shops", "chain", "website"})
_SHOP_BEFORE = (["a"], ["an"], ["the"], ["its"])
_REPORTED = frozenset({"reported", "reports", "reporting"})
_REPORTED_ADVERBS = frozenset({"later", "also", "earlier", "first", "previously", "has", "had"})
# what after one word makes it a paper's name ("Time magazine"; see NameRules._rule): 8 characters of the text after
_PAPERS_AFTER = frozenset({"magazine", "newspape"})
# the kinds a name is set off as, after a comma (", the state-owned oil company"; not ", one of the companies")
_ONE_ORG_CUES = ORG_CUE_NOUNS - PLURAL_ORG_CUES


# two words run together, the first of four letters or more ("VesselFinder", "NationsBank", "PolitiFact")
_CAMEL = re.compile(r"[A-Z][a-z]{3,}[A-Z][a-z]")


def _modifies(word: str) -> bool:
    """Is ``word``, after a name, a noun the name stands before ("pipeline", "printer"), as far as its form
    tells: in lower case, no small word and no verb's -ed or -s form ("listed", "says")?"""
    return (word[:1].islower() and not word.endswith(("ed", "s")) and word.rstrip(".,;:") not in COMMON) \
        or word[:1].isdigit()  # ("the PowerMate 1")


# Last words of a system's, a rate's or a test's name, which take an acronym as bodies do ("the Automatic
# Identification System (AIS)", "London Interbank Offered Rates (LIBOR)"): no organisation by the acronym alone
ACRONYM_THINGS = THING_NOUNS | {"System", "Rate", "Rates", "Tracking", "Test", "Scale", "Standard", "Method",
                                "Technique", "Virus", "Vaccine"}

_SAID = {"said", "says", "told", "added", "explained", "wrote", "stated", "argued", "noted", "warned", "tweeted"}
# verbs before "to the" whose listener is a body ("stated to the CBC", "spoke to the Daily Mail")
_SPOKE = frozenset({"said", "stated", "spoke", "speaking", "talking", "explained", "wrote", "confirmed", "told"})


def _set_off_as_org(words: list[str]) -> bool:
    """Is what follows a name after a comma (``words``, split) a kind of organisation (", the state-owned oil
    company", ", a company that ...")?"""
    # (", the state-owned oil company": a hyphen's second part is no word of its own there)
    return any(w.lower().strip(",.") in _ONE_ORG_CUES for w in (
        [w for w in words[:6] if w[:1] != "-"][:4] if words[:1] in (["the"], ["a"], ["an"]) else words[:4]))


def told_the(before_words: list[str]) -> bool:
    """Does a name follow "told the", "interview with the" or "stated to the"? Whom a story says one told is
    a body there, never a person ("told the Daily Mail", "an interview with the Globo"; "told Smith" may be one)."""
    if before_words[-1:] != ["the"] or len(before_words) < 2:
        return False
    two = before_words[-2]
    return two in ("told", "telling") or (two == "with" and before_words[-3:-2] == ["interview"]) or (
        two == "to" and before_words[-3:-2] != [] and before_words[-3] in _SPOKE)


def _after_preposition(dropped: str, before: str) -> bool:
    """Does a span follow "of", "in" or "from": the last connector dropped from its front (``dropped``), else
    the word before it? Asked of long spans only, so not worked out for every span."""
    if dropped:
        return dropped.lower() in ("of", "in", "from")
    return before.split()[-1:] in (["of"], ["in"], ["from"])


# head words that open a place's name without "of" too ("Lake Baikal", "Mount Everest", "Cape Cod"; not "Gulf Oil",
# "Sea Shepherd": those open as many firms' and groups' names)
_BARE_HEADS = frozenset({"Lake", "Mount", "Mt", "Mt.", "Cape", "Isle"})
HEAD_RULE = "a place's head word"
ROAD_RULE = "a road's number"


def headed_place(tokens: list[str]) -> tuple[Found, tuple[str, ...]] | None:
    """A place by the word its name opens with (``tokens[0]`` in PLACE_HEADS or ROADS): "the Gulf of Mexico", "Bay of
    Bengal", "Lake Baikal", "Mount Everest", "Interstate 75", "Route 66"; None when the rest is no name."""
    first, n = tokens[0], len(tokens)
    if first in ROADS:
        number = tokens[1].rstrip(".,;:") if n == 2 else ""
        return (Found(f"{first} {number}", "place", ROAD_RULE), (first, number)) if number.isdigit() else None
    rest = tokens[2:] if n > 2 and tokens[1] == "of" else tokens[1:] if first in _BARE_HEADS and n <= 3 else []
    if rest[:1] == ["the"]:
        rest = rest[1:]
    if not rest or len(rest) > 3 or not all(map(_starts_name, rest)) \
            or any(t in ORG_SUFFIXES or t in ORG_HEADS or t in TITLE_CUES for t in rest):
        return None
    return Found(" ".join(tokens), "place", HEAD_RULE), tuple(tokens)


class NameRules(PlaceRules):
    """Reading one span of name words by its form and the words around it."""

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
        if any(t.lower() in NOT_IN_NAMES and nxt in _OF_FOR_ON for t, nxt in zip(tokens, tokens[1:])):
            return False  # "Members of Parliament", "Senior Officials of the Ministry" are not names; a body of
            # people in the plural, named so, is one ("the Port Workers Association", "Teachers Union")
        last = tokens[-1]
        return (last in ORG_SUFFIXES or last in _COMPANY_TAILS
                or (last in ORG_ENDINGS and not tokens[-2].isupper())  # (not a table's "... FUND Daily")
                or not ORG_SUFFIXES.isdisjoint(tokens[1:-1])
                or (tokens[0] in ORG_HEADS and not _OF_FOR_ON.isdisjoint(tokens))
                # "the central bank, Bank Negara, said", "Banque Paribas": a bank's name opens with its word in
                # many languages (not "Bank Street", a place; nor "Bank Holiday")
                or (tokens[0] in BANK_WORDS and last not in PLACE_SUFFIXES and last != "Holiday"))

    def _lone_name(self, name: str, after_words: list[str]) -> bool:
        """Is one word after a role a name by itself ("composer Mozart said"), not a given name alone ("son
        Robert"), an acronym ("official OPEC") or an adjective before a noun ("official Iraqi news agency")?"""
        following = after_words[0] if after_words else ""
        return name.lower() not in self.firsts and not name.isupper() and not (
            following[:1].islower() and following not in _NAME_FOLLOWERS and following not in _SAID)

    def _rule(self, tokens: list[str], cue: bool, after: str, before: str):
        dropped = ""  # the last connector dropped from the front, if any
        while (tokens and tokens[0].lower() in CONNECTORS
               and not (tokens[0][:1].isupper() and tokens[0].lower() in NAME_PARTICLES)
               and " ".join(tokens) not in self.places):  # "Des Moines"
            dropped = tokens[0]
            tokens = tokens[1:]
        if len(tokens) > 2 and tokens[0] in NAME_PREFIX_ADJECTIVES and tokens[1].lower() in self.firsts:
            tokens = tokens[1:]  # "Republican Kevin McCarthy"
        if len(tokens) > 2 and tokens[-1] in _POST_NOMINALS:
            tokens = tokens[:-1]  # "Judge Durham Hall QC said": the letters after a name are no part of it
        if len(tokens) > 2 and tokens[0] in self.places and (
                tokens[1].lower() in self.firsts or _after_preposition(dropped, before)) \
                and not self._is_org(tokens) and tokens[-1] not in PLACE_SUFFIXES \
                and not (after[:1] == "," and _set_off_as_org(after.lstrip(", ").split())) \
                and not (cue and tokens[0].lower() in self.firsts):  # "President Franklin Delano Roosevelt"
            # "Prime Minister of India Narendra Modi": a place, then a person ("India" is a first name too)
            return ([(Found(self.places[tokens[0]], "place", "geonames gazetteer"), (tokens[0],))]
                    + self._rule(tokens[1:], cue, after, ""))
        name = " ".join(tokens)
        key = tuple(tokens)
        if len(tokens) == 1 and after[:8] in _PAPERS_AFTER and before and name not in self.places \
                and not _DEMONYM.search(name) and name.lower() not in self.firsts:
            # "told Time magazine", "in Fortune magazine": one word before "magazine" mid-sentence is the paper's
            # name, also an ordinary word's (not "the Irish magazine", "Local newspapers" opening a sentence)
            return [(Found(name, "org", "a paper's name"), key)]
        if not tokens or COMMON.issuperset(map(str.lower, tokens)):
            return []
        if len(tokens) == 1 and (tokens[0] in ORG_SUFFIXES or tokens[0] in PLACE_SUFFIXES or tokens[0] in ORG_HEADS
                                 or tokens[0] in TITLE_CUES or tokens[0].rstrip(".") in TITLE_CUES):
            return []  # "House", "Ministry", "River" alone name nothing in particular
        acronym = _ACRONYM_AFTER.match(after) if after.startswith("(") else None
        tag = f" ({acronym.group(1)})" if acronym else ""
        after_words = after.lstrip(", ").split()
        before_words = before.split()
        org_cue = (after[:1] == "," and _set_off_as_org(after_words)) or \
            (before_words and before_words[-1] in ORG_CUE_NOUNS) or (
                # "the Make Crate company's banner", "students of All Saints school"
                # (two words or more: one is as often a nationality, "the Mexican company")
                after_words and after_words[0] in _ORG_AFTER and len(tokens) > 1
                and tokens[0].lower() not in self.firsts) or (
                # "the port union, FNV, said": an acronym set off after the noun (a name there is as often the
                # person who speaks for it: "the export institute, Apolonio Ruiz, said")
                len(tokens) == 1 and before.endswith(" ,") and len(before_words) > 1
                and before_words[-2] in ORG_CUE_NOUNS and after[:1] in (",", ".", ";") and tokens[0].isupper())
        listener = before.endswith(" the") and told_the(before_words) and name not in self.places
        if self._is_org(tokens):
            return [(Found(name, "org", "organisation name pattern" + tag), key)]
        if len(tokens) > 1 and tokens[-1] in PLACE_SUFFIXES and not cue:
            if len(tokens) > 2 and tokens[0] in ("N", "S", "E", "W"):  # "S. Lexington Avenue": the street's side
                return [(Found(" ".join(tokens[1:]), "place", "place name pattern"), key)]
            return [(Found(name, "place", "place name pattern"), key)]
        if before_words and before_words[-1] in ORG_CUE_NOUNS and not cue:
            return [(Found(name, "org", f"after '{before_words[-1]}'" + tag), key)]  # "rock band Van Halen"
        cue_rule = "title before the name"
        if not cue and before.endswith("-year -old") and len(tokens) > 1 and name not in self.places \
                and tokens[0].lower() not in COMMON:  # (not "a 32-year-old American Jew")
            cue, cue_rule = True, "an age before the name"  # "22-year-old Rangoli Patil"
        if not cue and before_words and before_words[-1] in ROLE_NOUNS and name not in self.places \
                and not after.startswith("-") and (len(tokens) > 1 or self._lone_name(name, after_words)):
            # "Taliban spokesperson Zabiullah Mujahid", "mayor Muriel Bowser", "composer Mozart": a role written
            # in lower case before a name is a title
            cue, cue_rule = True, f"'{before_words[-1]}' before the name"
        if len(tokens) == 1:
            if cue:
                if _INITIALS.fullmatch(name):
                    return []  # "Mr W.A." is a cut name
                return [(Found(name, "short?", cue_rule), key)]
            if org_cue:
                return [(Found(name, "org", "described as an organisation" + tag), key)]
            if after.startswith(ADMINISTRATION) and before and name not in self.places \
                    and name.lower() not in COMMON and name not in NAME_PREFIX_ADJECTIVES:  # (not "Senior ...")
                return [(Found(name, "person", "'administration' after the name"), key)]
            # (each pattern asked only of a name that can match it: most one-word names cannot)
            if "." in name and _WEB_ADDRESS.fullmatch(name):
                return [(Found(name, "org", "web address"), key)]  # "Amazon.com web servers"
            if after_words[:1] and after_words[0].rstrip(".,;:") in _SHOPS and before_words[-1:] in _SHOP_BEFORE \
                    and name not in self.places and name.lower() not in self.firsts and not _DEMONYM.search(name):
                return [(Found(name, "org", "a shop's name"), key)]  # "a Walmart store", "outside a Boots store"
            if "-" in name and _CALL_SIGN.fullmatch(name):
                return [(Found(name, "org", "broadcast station call sign"), key)]
            told = before_words and (before_words[-1] == "told" or listener)
            # "Tass reported", "NDTV later reported": a news source, also an acronym no definition explains
            media = after_words[:1] and (after_words[0] in _REPORTED or (
                after_words[0] in _REPORTED_ADVERBS and after_words[1:2] and after_words[1] in _REPORTED)) or told
            if told and _DEMONYM.search(name) and after_words[:1] and after_words[0].isalpha() \
                    and after_words[0].islower() and after_words[0] not in _NOT_NOUNS:
                return []  # "told Hungarian economists", "told Russian television": a nationality, not whom one told
            if acronym is None and name.isupper() and _ALL_CAPS.fullmatch(name) and not told:
                # (but "told MSNBC" names the channel; "NDTV reported" names one unless the article defines it)
                return [(Found(name, "acronym?", "news source" if media else "acronym"), key)]
            if media and name not in self.places:
                return [(Found(name, "org", "news source"), key)]
            if not cue and not any(map(str.isdigit, name)) and (place_cue := self._place_cue(after, before, name)):
                return [(Found(name, "place", place_cue), key)]  # "east of Basra", "Mokha, Yemen"
            if _CAMEL.match(name) and not (after_words and _modifies(after_words[0])) \
                    and before_words[-1:] not in (["the"], ["its"], ["a"], ["called"], ["named"], ["on"]):
                # "VesselFinder listed ...", "NationsBank": a word of two words run together is a firm's or a site's
                # name, not a person's (not "McDonald", "DeWine", "MacArthur": a short prefix; not "EastMed
                # pipeline", "LaserJet printer", "called the DraftPro", "its PostScript": a product's name)
                return [(Found(name, "org", "name of words run together"), key)]
            return [(Found(name, "short?", "short form"), key)]
        if name in self.places:
            return [(Found(self.places[name], "place", "geonames gazetteer"), key)]
        if listener and not cue:
            return [(Found(name, "org", "news source" + tag), key)]  # "told the Dallas Morning News"
        # (a month before a name stays in a span only where it is a given name: "Jan Van Moerbeke")
        # (a romanised given name of two syllables is one wherever it stands: "Moon Jae-in", "Man-kei Tam")
        has_first = tokens[0].lower() in self.firsts or tokens[0].lower() in self.month_firsts or (
            len(tokens) > 1 and any(map(ROMANISED_GIVEN_NAME.fullmatch, tokens)))
        if not cue and firm_after(after) and tokens[0].lower() not in COMMON and not any(map(str.isdigit, name)):
            return [(Found(name, "org", FIRM_RULE + tag), key)]  # "Prudential Bache analyst Jane Doe"
        if not cue and not has_first and (place_cue := self._place_cue(after, before)) \
                and all(map(_starts_name, tokens)) and not any(map(str.isdigit, name)):
            return [(Found(name, "place", place_cue), key)]  # "Maidan Wardak, Afghanistan", "West Flanders province"
        no_connectors = _JOINING_WORDS.isdisjoint(map(str.lower, tokens))
        # "Foreign Secretary" is an office; "Martin Luther King" a person whose surname is a title word
        office = not has_first and (tokens[-1] in TITLE_CUES or tokens[-1].rstrip(".") in TITLE_CUES)
        # "James Webb Telescope", "Rory Peck Awards"; "(Martin Luther King) Jr. Day"
        thing = tokens[-1] in THING_NOUNS or tokens[0] in ("Jr.", "Jr", "Sr.", "Sr") or tokens[-1] in FAITH_WORDS \
            or (after[:1].islower() and not _THINGS_AFTER.isdisjoint(after.split(None, 2)[:2])) \
            or tokens[-1].lower() in WEEKDAYS  # "Super Tuesday", "Black Friday": a day's name, no person's
        if not cue and len(before_words) > 1 and before_words[-1] in ("with", "at") \
                and before_words[-2] in _EMPLOYER_ROLES and tokens[-1].lower() not in CONNECTORS:
            # "Lawrence Cohn, analyst with Merrill Lynch": whom an analyst works with is a firm
            return [(Found(name, "org", f"employer of '{before_words[-2]}'" + tag), key)]
        # (a name that ends in an initial was cut: "Carl C", "As I told you")
        if len(tokens) <= 5 and no_connectors and not office and not thing and not _INITIAL.fullmatch(tokens[-1]) \
                and all(_starts_name(t) or t.lower() in NAME_PARTICLES or _INITIAL.fullmatch(t) for t in tokens):
            if cue:
                return [(Found(name, "person", cue_rule), key)]
            if has_first and len(tokens) <= 4 and COMMON.isdisjoint(map(str.lower, tokens[1:])):
                return [(Found(name, "person", "known first name"), key)]
            role = _ROLE_AFTER.match(after) if after.startswith(",") else None
            if role and role.group(1).lower() in ROLE_WORDS:
                return [(Found(name, "person", f"described as '{role.group(1)}'"), key)]
            if role and len(tokens) > 1 and (age := role.group(1)).isdigit() and len(age) == 2 and age >= "16" \
                    and after[role.end(1):role.end(1) + 2] in (", ", " ,"):
                return [(Found(name, "person", "an age after the name"), key)]  # "Sedfrey Ordonez, 65, was made"
            if role and after.startswith((", a ", ", an ")):
                # "Zalmay Khalilzad, a US peace envoy": the role a few words on, before the next comma
                for word in after[role.start(1):].split(" ,", 1)[0].lower().split()[1:4]:
                    if word in ROLE_NOUNS:
                        return [(Found(name, "person", f"described as '{word}'"), key)]
                    if word in ORG_CUE_NOUNS:
                        break
            if ((after_words[:1] and after_words[0].lower() in _SAID) or (before_words and before_words[-1] in _SAID)) \
                    and COMMON.isdisjoint(map(str.lower, tokens[1:])):  # ("told Kamloops This Week": a paper)
                return [(Found(name, "person", "speaker of 'said'"), key)]
        if org_cue and not cue:
            return [(Found(name, "org", "described as an organisation" + tag), key)]
        if after_words[:1] and after_words[0] in ("reported", "reports") and not has_first and not cue:
            return [(Found(name, "org", "news source"), key)]
        if acronym and tokens[-1] not in ACRONYM_THINGS:
            return [(Found(name, "org", f"defined acronym{tag}"), key)]
        return []

