"""Reading one name span: what it names (a person, a place, an organisation) by the registry, the
gazetteer, the words in it and the words around it; the rule extractor's step after the spans are found."""

from __future__ import annotations

import re

from ..aliases import Entity
from ..companies import is_legal
from ..wordlists import (
    COMMON,
    CONNECTORS,
    FAITH_WORDS,
    NAME_PARTICLES,
    NAME_PREFIX_ADJECTIVES,
    ORG_CUE_NOUNS,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_HEADS,
    PLACE_SUFFIXES,
    PLURAL_ORG_CUES,
    ROADS,
    ROLE_NOUNS,
    SHIP_PREFIXES,
    TITLE_CUES,
    WEEKDAYS,
)
from .bodies import DEBT_WORDS, office_word
from .compounds import CompoundRules
from .cues import (
    _ACRONYM_AFTER,
    _ALL_CAPS,
    _INITIAL,
    AND_BODY_RULE,
    BUILDING_RULE,
    WEAK_PERSON_RULES,
    Found,
    _registry_rule,
)
from .names import (
    _BY,
    ACRONYM_THINGS,
    ADMINISTRATION,
    RATED_RULE,
    firm_after,
    grade_before_and,
    headed_place,
    is_grade,
    rated_by,
    told_the,
)
from .spans import OFFICE_OWNERS, USA_TAILS
from .text import (
    _DEMONYM,
    _starts_name,
    _strip,
    _tokens,
)

# A place's name ending an agreement's or a war's ("the Paris Agreement", "the Gulf War", "the Warsaw Pact"): the
# name of the thing, and no place named in the story (the guidelines: events and agreements are no entities)
_EVENT_NOUNS = frozenset({"War", "Wars", "Agreement", "Accord", "Accords", "Treaty", "Pact", "Protocol", "Convention"})
# Last words of a building's or a square's name (a place, as streets and airports are)
_BUILDINGS = frozenset({"Plaza", "Tower", "Towers", "Complex"})
_JOINS = frozenset({"and", "&", "of"})
# one name of two words run together ("JetBlue", "YouTube"): a brand's or a firm's after another body and "and"
_RUN_TOGETHER = re.compile(r"[A-Z][a-z]+[A-Z][a-z]+")
# words before a storm's given name ("Hurricane Maria", "Tropical Storm Barry", "Typhoon Hagibis")
_STORMS = frozenset({"Hurricane", "Typhoon", "Cyclone", "Storm", "Depression"})
# small words a sentence opens with that a company's name after them leaves on its span ("A Norfolk Southern Corp
# spokesman said", "By Chrysler Corp's count")
_LEAD_WORDS = frozenset({"A", "An", "By", "But", "In", "At", "For", "On", "Under", "And", "Also", "Its", "If", "As"})
# A place joined by a hyphen to a noun before an event's noun ("the Iran-contra scandal", "Iran-contra
# hearings"): the affair's name. Not a place's "-based", "-backed", "-led" and the like before one ("U.S.-led talks")
_EVENT_COMPOUND = re.compile(r"-(?!(?:based|born|made|run|built|bound|wide|style|type|like|area|owned|led)\b)"
                             r"[a-z]+(?<!ed) (?:[a-z]+ )?(?:affair|scandal|hearings?|inquiry|investigations?|probe|"
                             r"case|crisis|talks|deal|war|conflict|dispute|row)\b")


# words before an acronym that make it whom one works for or with ("performed for WWE (...)", "signed with AEW")
_AFFILIATION = frozenset({"for", "with", "at", "by", "from", "joined"})


def _defined_before(tokens: list[str], before: str) -> str:
    """The acronym written just before "(" and a name (``before``: the words before it, in lower case) when the
    name's capitals spell it ("WWE (World Wrestling Entertainment)"), else ""."""
    acronym = "".join(t[0] for t in tokens if t[:1].isupper())
    words = before.split()
    return acronym if len(acronym) > 1 and len(words) > 1 and words[-2] == acronym.lower() else ""


def _unaccented(word: str) -> str:
    """``word`` folded as words are (index/folding.py), case kept ("Erdoğan" -> "Erdogan", "Sæco" -> "Saeco",
    "Straßer" -> "Strasser"; "Йошкар" stays)."""
    from ...index.analysis import fold_letters  # (imported on first need, as enrich.aliases.fold does)

    return "".join(fold_letters(c).capitalize() if c.isupper() else fold_letters(c) for c in word)


class SpanClassifier(CompoundRules):
    """The step that reads each span (``_classify``), with the readings it calls on; RuleExtractor brings it
    together with the span finder and the resolver."""

    # made by RuleExtractor.__init__: registry names in capitals, and how many words a name opening with a
    # word can hold (in either table)
    _upper: dict[tuple[str, ...], Entity]
    _reach: dict[str, int]
    _upper_reach: dict[str, int]

    def _classify_slashed(self, tokens: list[str], after: str, before: str):
        """A span with a word joined by a slash: "Royal Dutch/Shell Group" is one name when it has an
        organisation's form, else the two sides are read apart."""
        k = next((k for k, tok in enumerate(tokens) if "/" in tok), -1)
        if k < 0 or self._is_org(tokens) or (len(tokens) >= 2 and is_legal(tokens[-1])) or tuple(tokens) in self._forms:
            return self._classify(tokens, False, after, before)
        end = next((j for j in range(k + 1, len(tokens)) if tokens[j] in ("and", "or")), len(tokens))
        if end > k + 1 and tokens[end - 1] in PLACE_SUFFIXES:
            # "Baltimore/Washington International Airport (and London)": one airport, station or road of two towns
            return self._classify(tokens[:end], False, after if end == len(tokens) else tokens[end], before) + (
                self._classify_slashed(tokens[end + 1:], after, tokens[end]) if end + 1 < len(tokens) else [])
        left, right = tokens[k].split("/", 1)
        # what ends at the slash is no person read by a first name alone: "Royal Dutch/Shell" (but
        # "Yusuf/Cat Stevens" is one)
        return [p for p in self._classify([*tokens[:k], left], False, "/" + right, before)
                if not (p[0].rule == "known first name" and p[1][-1:] == (left,))] \
            + self._classify_slashed([right, *tokens[k + 1:]], after, "/")  # "Europe/Middle East/Africa"

    def _after_lead(self, name: str) -> str | None:
        """A company's name the wire marks without the words before it that are no part of it ("Dallas-based",
        "Sweden's", "Belgium and West Germany's": the text around the name is read for those); None if none."""
        words = name.split()
        if len(words) > 2 and words[0].endswith("-based"):
            return " ".join(words[1:])
        for k, word in enumerate(words[:-2]):
            if word.endswith(("'s", "\u2019s")):
                owner = [*words[max(0, k - 1):k], word[:-2]]  # (two words at most: "West Germany's")
                place = owner if self._is_place(owner) else owner[-1:]
                # (not "Shaw's Supermarkets Inc": a town named like a person is as often a founder)
                return " ".join(words[k + 1:]) if self._is_place(place) and " ".join(place) not in self.ambiguous \
                    else None
        return None

    def _two_bodies(self, left: list[str], right: list[str]) -> bool:
        """Are the words before and after an "and" two bodies' names, not one name with "and" inside? The left is
        a whole body's name: it ends in an organisation's word ("American Airlines", "London Ambulance Service"),
        or in a place after "of" ("the University of Miami"), or it is an acronym ("MSNBC"); the right is a name
        of its own: a body's by its form or the registry, an acronym or words run together ("JetBlue"), or, after
        "of" a place, any name but a place's ("Port Authority of New York and New Jersey" is one body). Not a
        legal suffix's company ("Texas Oil and Gas Corp"), nor a body's word after "and" ("Army and Navy Club")."""
        if is_legal(right[-1]):
            return False
        if len(left) > 2 and left[0] == right[0] and left[0] in ORG_HEADS and left[1] in ("for", "of") \
                and right[1:2] == left[1:2]:
            return True  # "the Center for X and Center for Y"
        if right[0] in ORG_SUFFIXES or right[0].lower() in CONNECTORS or is_grade(right):
            return False  # (nor a credit rating: "Moody's Investors Service and BBB by S and P")
        if len(left) == 1:
            return len(left[0]) > 2 and _ALL_CAPS.fullmatch(left[0]) is not None and self._is_org(right)
        if len(left) > 2 and left[-2] == "of" and self._is_place(left[-1:]) and self._is_org(left):
            return not self._is_place(right) and _starts_name(right[-1])
        if left[-1] not in ORG_SUFFIXES or not self._is_org(left):
            return False
        one = right[0] if len(right) == 1 else ""
        # (a body's form on the right only after a place's name: "London Fire Brigade", "US Park Police"; not
        # "Seattle Trust and Savings Bank", "Food Service and Lodging Group")
        return getattr(self._forms.get(tuple(right)), "type", "") == "org" or (
            self._is_org(right) and self._is_place(right[:1])) or (
            len(one) > 1 and (_ALL_CAPS.fullmatch(one) is not None or _RUN_TOGETHER.fullmatch(one) is not None))

    def _is_place(self, tokens: list[str]) -> bool:
        """Is ``tokens`` a place's name, by the gazetteer or the registry?"""
        return " ".join(tokens) in self.places or getattr(self._forms.get(tuple(tokens)), "type", "") == "place"

    def _company_lead(self, tokens: list[str]) -> tuple[int, str] | None:
        """Where a company's name starts in a span ending in a legal suffix, when words before it are not part of
        it: a sentence's small opening word ("A", "By", "In"), "X-based", or a place's or a company's possessive
        ("Japan's", "Sears Roebuck and Co Inc's"); with the place, if one. None when the span is all the name."""
        first = tokens[0]
        if first in _LEAD_WORDS or (first.endswith("-based") and first[:1].isupper()):
            return 1, ""
        for k, tok in enumerate(tokens[:-2]):
            if tok.endswith(("'s", "\u2019s")):
                owner = " ".join(tokens[:k] + [tok[:-2]])
                if self._is_place(owner.split()) and owner not in self.ambiguous:  # (not "Casey's General Stores")
                    entity = self._forms.get(tuple(owner.split()))
                    return k + 1, entity.name if entity is not None else owner
                if is_legal(tok[:-2]):
                    return k + 1, ""
                return None
        return None

    def _country_and_body(self, tokens: list[str]) -> list[tuple[Found, tuple[str, ...]]]:
        """A country's name (registry) before a body's registry name, read as the two, else nothing."""
        for k in range(1, min(4, len(tokens) - 1)):
            if k > self._reach.get(tokens[0], 0):
                break
            country = self._forms.get(head := tuple(tokens[:k]))
            if country is None or country.type != "place" or self.regions.get(country.name) != "country":
                continue
            body = self._forms.get(rest := tuple(tokens[k:]))
            if body is not None and body.type == "org":
                return [(Found(country.name, "place", _registry_rule(country, tokens[:k])), head),
                        (Found(body.name, "org", _registry_rule(body, tokens[k:])), rest)]
        return []

    def _registry_only(self, text: str, upper: bool) -> list[Found]:
        table, reach = (self._upper, self._upper_reach) if upper else (self._forms, self._reach)
        toks = [_strip(t) for t in _tokens(text.replace("/", " / "))]
        out = []
        i = 0
        while i < len(toks):
            for size in range(min(reach.get(toks[i], 0), len(toks) - i), 0, -1):
                e = table.get(tuple(toks[i:i + size]))
                if e and not (size == 1 and e.type == "person" and " " in e.name):
                    if upper and e.type == "place" and i and (longer := self._place_ending(toks, i, size)):
                        out.append(longer)
                    else:
                        out.append(Found(e.name, e.type, _registry_rule(e, toks[i:i + size])))
                    i += size
                    break
            else:
                i += 1
        return out

    def _place_ending(self, toks: list[str], i: int, size: int) -> Found | None:
        """The gazetteer's place that a headline's registry place ends, in capitals ("NEW MEXICO", "NEW ENGLAND",
        "WEST VIRGINIA": not Mexico, England, Virginia), else None."""
        for k in (1, 2):
            if i >= k and (name := " ".join(toks[i - k:i + size]).title()) in self.places:
                return Found(self.places[name], "place", "geonames gazetteer")
        return None

    def _classify(self, tokens: list[str], cue: bool, after: str, before: str):
        """Whole-span readings first (registry, organisation, gazetteer), then split and read the parts."""
        if not tokens:  # what a split leaves after a last word ("Marlin Fitzwater of | President Reagan's staff")
            return []
        key = tuple(tokens)
        whole = self._forms.get(key)
        if whole is None and not all(map(str.isascii, key)):
            # "Recep Tayyip Erdoğan", "Société Générale": the registry's name written without the accents
            whole = self._forms.get(tuple(map(_unaccented, key)))
        if whole is not None:
            if whole.type == "place" and after[:1] == "-" and _EVENT_COMPOUND.match(after):
                return []  # "the Iran-contra scandal": the affair's name
            rule = _registry_rule(whole, tokens)
            if whole.type == "person" and len(tokens) == 1 and " " in whole.name and not (
                    before.split()[-1:] and before.split()[-1].capitalize().rstrip(".") in TITLE_CUES) \
                    and not after.startswith(ADMINISTRATION):  # "the Reagan administration" is Reagan's
                rule = "registry-short"
            if whole.type == "org" and after[:1].islower() and after.split(None, 1)[0].rstrip(".,;:") in DEBT_WORDS:
                return []  # "Treasury securities", "Treasury bills": the debt the body issues, not the body
            return [(Found(whole.name, whole.type, rule), key)]
        if (country := self._country_long_name(tokens)) is not None:
            return [(Found(country.name, "place", "a country's long name"), key)]
        if before[-1:] == "(" and len(tokens) > 1 and (spelled := _defined_before(tokens, before)) and (
                (before.count(" ") == 2 and before[:before.find(" ")] in _AFFILIATION)
                or (self._is_org(tokens) and not office_word(tokens[0]))):
            # "performed for WWE (World Wrestling Entertainment)", "the NSC (National Security Council)": the name an
            # acronym before it spells out is an organisation when the acronym is whom one works for or with, or the
            # name has a body's form (not "an MP (Member of Parliament)", "the MVP (Most Valuable Player)", "the
            # CERB (Canada Emergency Response Benefit)")
            return [(Found(" ".join(tokens), "org", f"defined acronym ({spelled})"), key)]
        if tokens[-1] == "Government" and 1 < len(tokens) <= 3 and "of" not in tokens:
            # "the UK Government's daily briefing", "the Hungarian Government": a government is no organisation (the
            # guidelines); its country is named ("Ministry of Local Government" is a body)
            # (not "U.S. Government securities": a debt names no place, as "Treasury bills" no body)
            debt = after[:1].islower() and after.split(None, 1)[0].rstrip(".,;:") in DEBT_WORDS
            return self._classify(tokens[:-1], cue, after, before) if self._is_place(tokens[:-1]) and not debt else []
        if len(tokens) > 1 and (tokens[0] in _STORMS or (tokens[0] == "Tropical" and tokens[1] in _STORMS)):
            return []  # "Hurricane Maria", "Tropical Storm Barry": a storm, no person (the guidelines: no events)
        if tokens[-1] in USA_TAILS and len(tokens) > 1 and (is_legal(tokens[-2]) or getattr(
                self._forms.get(tuple(tokens[:-1])), "type", "") == "org"):
            return [(Found(" ".join(tokens), "org", "a company's subsidiary in the US"), key)]  # "Texaco USA"
        if len(tokens) > 2 and tokens[-2] in OFFICE_OWNERS and tokens[-1] in ("Office", "Department"):
            # "the Attorney General's Office", "the Alachua Sheriff's Office": one body, no title before a name
            return [(Found(" ".join(tokens), "org", "an office's body"), key)]
        if len(tokens) > 1 and before.endswith(" the") and told_the(before.split()) and not self._is_place(tokens) \
                and not _DEMONYM.search(tokens[0]):
            # "telling the Nevada Independent": whom one told is a body, not the place its name opens with
            return [(Found(" ".join(tokens), "org", "news source"), key)]
        if tokens[-1] in _EVENT_NOUNS and len(tokens) > 1 and (" ".join(tokens[:-1]) in self.places or getattr(
                self._forms.get(tuple(tokens[:-1])), "type", "") == "place"):
            return []  # "the Gulf War", "the Paris Agreement": an event or a treaty, and no place named in the story
        if before.endswith(_BY) and rated_by(before):  # "rated AAA by Moody's", "B-minus by Standard and Poor's"
            k = next((k for k, t in enumerate(tokens) if k and t[:1].isupper() and t.lower() in COMMON),
                     len(tokens))  # (the name ends before "On June ..." that a missed sentence break left on)
            name = " ".join(tokens[:k])
            return [(Found(name, "org", RATED_RULE), tuple(tokens[:k]))] if len(name) > 1 else []
        if before.endswith(" in") and "published" in before and not cue and (name := " ".join(tokens)) \
                not in self.places and not _DEMONYM.search(tokens[-1]) and tokens[-1].lower() not in WEEKDAYS:
            # "published Wednesday in Nature Astronomy", "a study published in Environmental Science and Technology":
            # where a study is published is a journal, "and" and all (not "published in London", "in English")
            return [(Found(name, "org", "where a study was published"), key)]
        if len(tokens) == 1:  # most spans: of the readings below only the gazetteer's and _rule's apply
            if tokens[0] in self.places and before[before.rfind(" ") + 1:] not in ORG_CUE_NOUNS:
                # (but "news agency Fars", "the band Chicago" name an organisation)
                if after[:1] == "-" and _EVENT_COMPOUND.match(after):
                    return []  # "the Iran-contra scandal"
                return [(self._gazetteer_place(tokens[0], after, before), key)]
            return self._rule(list(tokens), cue, after, before)
        second = tokens[1]
        if len(tokens) <= 3 and (second in FAITH_WORDS or tokens[-1] in FAITH_WORDS) and tokens[-1] not in ORG_SUFFIXES:
            # "Polish Roman Catholic priests", "Roman Catholic Christianity": a faith, no person ("Roman") and no
            # place (but "Roman Catholic Church" is a body)
            return []
        if second == "on" and len(tokens) > 3 and tokens[0] in NAME_PREFIX_ADJECTIVES:
            # "the most senior Democrat on the Oversight and Reform Committee": a member, then the body
            return self._classify(tokens[3:] if tokens[2] == "the" else tokens[2:], False, after, "on the")
        if second in ("and", "or") and len(tokens) > 2 and grade_before_and(tokens):
            return self._classify(tokens[2:], cue, after, "and")  # "rates the debt Aa-2 and Standard and Poor's Corp"
        for c in range(1, len(tokens) - 2):
            if tokens[c] in ("and", "or") and tokens[c + 1].lower() == "the":
                # "the Department of Health and the Public Health Laboratory": two bodies, not one
                return (self._classify(tokens[:c], False, "", before)
                        + self._classify(tokens[c + 2:], False, after, "the"))
        if len(tokens) > 2 and is_legal(tokens[-1]) and (cut := self._company_lead(tokens)):
            # "Japan's Fujitsu Ltd", "Dallas-based Diamond Shamrock Corp", "A Norfolk Southern Corp": the words
            # before the company's name are not part of it (a place's possessive is the place)
            k, place = cut
            return ([(Found(self.places.get(place) or place, "place", "a place's possessive"), (place,))]
                    if place else []) + self._classify(tokens[k:], cue, after, "")
        if len(tokens) >= 2 and is_legal(tokens[-1]) and not any(t in TITLE_CUES for t in tokens[1:-1]) \
                and not (tokens[0].lower() in self.firsts and self._person_of(tokens)):
            return [(Found(" ".join(tokens), "org", "company name with a legal suffix"), key)]
        if after.startswith("(") and (acronym := _ACRONYM_AFTER.match(after)) and not self._is_org(tokens) \
                and tokens[-1] not in ACRONYM_THINGS \
                and acronym.group(1).upper() == "".join(t[0] for t in tokens if t[:1].isupper()):
            # "Archer Daniels Midland (ADM)": an acronym of all its words makes one name of them, not a
            # person read out of the middle
            return [(Found(" ".join(tokens), "org", f"defined acronym ({acronym.group(1)})"), key)]
        if tokens[-1] == "City" and len(tokens) <= 4 and self._is_place(tokens[:-1]):
            # "Davao City", "General Santos City" (no general "Santos City"): a city's name with "City" after it
            return [(Found(" ".join(tokens), "place", "a place's name and 'City'"), key)]
        stripped = tokens
        office = self._office_body(stripped)
        if office is not None:
            body, of = office
            return self._classify(body, False, after, "of") if of else \
                self._classify(body, False, "", before) if body else []
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
                    if (known := self._forms.get(tuple(stripped[c:]))) is not None:
                        # "Roman Catholic Pope Francis": the title is part of the registry's name
                        return prefix + [(Found(known.name, known.type, _registry_rule(known, stripped[c:])),
                                          tuple(stripped[c:]))]
                    if len(stripped) - c > 2 and (known := self._forms.get(tuple(stripped[c + 1:]))) is not None \
                            and known.type == "person":
                        # "President Vladimir Putin": the registry's person, by its full name (the rule `--explain`
                        # names; "Senator Baker" is still read against the article's full names)
                        return prefix + [(Found(known.name, known.type, _registry_rule(known, stripped[c + 1:])),
                                          tuple(stripped[c + 1:]))]
                    return prefix + self._rule(stripped[c + 1:], True, after, before)
        if len(stripped) > 2 and (pair := self._country_and_body(stripped)):
            # "the United States House of Representatives", "United States Central Intelligence Agency": the
            # country, then the registry's body (one value with the body named without it)
            return pair
        if (stripped and stripped[0] in ("U.S.", "US", "UK", "U.K.") and len(stripped) > 2
                and self._is_org(stripped[1:])):
            country = self._forms.get((stripped[0],))
            lead = [(Found(country.name, country.type, "registry"), (stripped[0],))] if country else []
            return lead + self._classify(stripped[1:], cue, after, before)
        if len(stripped) > 4 and office_word(stripped[1]) and "of" in stripped[3:6] \
                and (country := self._forms.get((stripped[0],))) is not None and country.type == "place":
            # "U.S. Representative Tulsi Gabbard of Hawaii": the country, then the office, the person and what they
            # are "of" (read below as "Representative Kweisi Mfume of Maryland" is)
            return [(Found(country.name, "place", _registry_rule(country, stripped[:1])), (stripped[0],))] \
                + self._classify(stripped[1:], cue, after, stripped[0])
        # Several names joined by "and": split when the first part is a known name ("AP and NBC News").
        for k, tok in enumerate(stripped):
            if (low := tok.lower()) not in _JOINS:
                continue  # (each reading below is at an "and" or an "of": most words are neither)
            if k == 1 and low in ("and", "&") and 4 <= len(stripped) <= 5 and not cue \
                    and stripped[0].lower() in self.firsts and stripped[2].lower() in self.firsts \
                    and (stripped[0],) not in self._forms:
                # "Richard and Lisa Parry": two given names and one surname are two people
                second = self._rule(stripped[2:], False, after, f"{stripped[0]} and".lower())
                if len(second) == 1 and second[0][0].type == "person" and " " in second[0][0].name:
                    surname = second[0][0].name.rsplit(None, 1)[-1]
                    return [(Found(f"{stripped[0]} {surname}", "person", "given name before a shared surname"),
                             (stripped[0], surname)), *second]
            if low == "and" and 1 < k < len(stripped) - 2 and (
                    (stripped[-1] in (stripped[0], stripped[k - 1]) and stripped[-1] in ORG_SUFFIXES
                     and self._is_org(stripped[:k])) or (stripped[-1] in _BUILDINGS and stripped[k - 1] in _BUILDINGS)):
                # "the University of Washington and Stanford University", "the ... Complex and Revenue Tower":
                # two bodies or buildings of one kind (not "Department of Health and Human Services")
                return (self._classify(stripped[:k], False, "", before)
                        + self._classify(stripped[k + 1:], False, after, f"{stripped[k - 1]} and".lower()))
            if low == "and" and 0 < k < len(stripped) - 1 and self._two_bodies(stripped[:k], stripped[k + 1:]):
                # "American Airlines and JetBlue", "the University of Miami and Apex Shark Expeditions": a whole
                # body's name, then another name, are two (not "Department of Health and Human Services")
                # (an acronym or a run-together word on either side is a body's: "Marvel Studios and ABC")
                first = self._classify(stripped[:k], False, "", before) if k > 1 else \
                    [(Found(stripped[0], "acronym?", AND_BODY_RULE), (stripped[0],))]
                if len(right := stripped[k + 1:]) == 1 and tuple(right) not in self._forms and (
                        _ALL_CAPS.fullmatch(right[0]) or _RUN_TOGETHER.fullmatch(right[0])):
                    kind = "acronym?" if right[0].isupper() else "org"
                    return first + [(Found(right[0], kind, AND_BODY_RULE), (right[0],))]
                return first + self._classify(right, False, after, f"{stripped[k - 1]} and".lower())
            if low == "and" and k == len(stripped) - 2 and stripped[-1] == "I":
                return self._classify(stripped[:k], cue, "and I " + after, before)  # "the Federation and I agreed"
            if low == "of" and k in (3, 4) and not cue and office_word(stripped[0]) \
                    and 0 < len(whose := stripped[k + 2:] if stripped[k + 1:k + 2] == ["the"]
                                else stripped[k + 1:]) <= 3 \
                    and all(map(_starts_name, stripped[1:k])) and all(map(_starts_name, whose)) \
                    and not any(t in ORG_SUFFIXES or t in ORG_HEADS or office_word(t) for t in stripped[1:k]):
                # (not "General Electric Company of the U.S.", "Deputy General Manager of Sumitomo Bank")
                # "Representative Kweisi Mfume of Maryland", "Cardinal Marc Ouellet of the Holy See": the titled
                # person, then the place or the body they are of (no person: "Holy" is a given name)
                return self._rule(stripped[1:k], True, "", before) + [
                    (Found(f.name, "org", "what a person is 'of'"), toks)
                    if f.type == "person" and f.rule in WEAK_PERSON_RULES else (f, toks)
                    for f, toks in self._classify(whose, False, after, "of")]
            if low in ("and", "&") and 0 < k < len(stripped) - 1 and (
                    tuple(stripped[:k]) in self._forms or not self._is_org(stripped)
                    or (stripped[k + 1] in TITLE_CUES and any(t in TITLE_CUES for t in stripped[:k]))):
                # (an office on both sides: "Foreign Secretary Geoffrey Howe and Governor of the Bank ...")
                # "Goldman Sachs and Merrill Lynch co-managed the issue": what follows both is said of both
                first_after = after if firm_after(after) else " ".join(stripped[k:])
                # (a kind in the plural before both is said of both: "store chains Woolworths and Coles")
                plural = before[before.rfind(" ") + 1:] in PLURAL_ORG_CUES
                return (self._classify(stripped[:k], cue, first_after, before)
                        + self._classify(stripped[k + 1:], False, after,
                                         before if plural else f"{stripped[k - 1]} and".lower()))
            if low == "of" and k in (2, 3) and not cue and self._affiliated(stripped[:k], stripped[k + 1:]):
                # "Xiaogang Wei of the Beijing Gender Health Education Institute": a person, then their body
                return [(Found(" ".join(stripped[:k]), "person", "a name 'of' an organisation"), tuple(stripped[:k]))] \
                    + self._classify(stripped[k + 1:], False, after, "of")
            if low == "of" and k in (3, 4) and not cue \
                    and (office_word(stripped[0]) or stripped[0].lower() in ROLE_NOUNS) \
                    and self._affiliated(stripped[1:k], stripped[k + 1:]):
                # "Commissioner James Rovella of the Connecticut Department of ...", "Curator Anna Lind of the
                # ... Museum": the same, after a title or a role
                return [(Found(" ".join(stripped[1:k]), "person", "a name 'of' an organisation"),
                         tuple(stripped[1:k]))] + self._classify(stripped[k + 1:], False, after, "of")
            if low == "of" and 1 < k < 4 and stripped[0].lower() in self.firsts \
                    and self._person_of(stripped[:k + 1]) and not any(map(office_word, stripped[1:k])):
                # (not an office: "Montana Secretary of State Corey Stapleton" is no person "Montana Secretary")
                # "Mike Dunmore of Pearl Jam": what a person is "of" is a body (or a place), not another person
                return self._rule(stripped[:k], cue, ", " + " ".join(stripped[k:]), before) + [
                    (Found(f.name, "org", "what a person is 'of'"), toks) if f.type == "person"
                    and f.rule in WEAK_PERSON_RULES and not any(map(office_word, stripped[:k])) else (f, toks)
                    for f, toks in self._classify(stripped[k + 1:], False, after, "of")]
        for k in range(max(1, len(stripped) - 3), len(stripped) - 1) if len(stripped) > 3 else ():
            # "(Governor of the) Bank of England Robin Halsey": a body's name, then a person's
            tail = stripped[k:]
            if tail[0].lower() in self.firsts and stripped[k - 1].lower() not in CONNECTORS \
                    and all(map(_starts_name, tail)) and " ".join(tail) not in self.places and not any(
                    t in ORG_SUFFIXES or t in ORG_HEADS or t in TITLE_CUES or t in PLACE_SUFFIXES for t in tail) \
                    and self._is_body(stripped[:k]):
                return self._classify(stripped[:k], False, " ".join(tail), before) + \
                    self._rule(tail, False, after, stripped[k - 1])
        if (stripped[-1] in _BUILDINGS or (stripped[-1] in ("Center", "Centre") and stripped[-2] == "Convention")) \
                and all(map(_starts_name, stripped)) \
                and not (stripped[-1] == "Tower" and len(stripped) == 2 and stripped[0].lower() in self.firsts):
            # "Freedom Plaza", "Legislative Council Complex", "Mesquite Convention Center": a building or a
            # square is a place (the guidelines' streets, bridges and airports), not the body it is named after
            # ("Tower" is a surname too: "John Tower" is a senator)
            return [(Found(" ".join(stripped), "place", BUILDING_RULE), tuple(stripped))]
        if self._is_org(stripped):
            return self._rule(stripped, False, after, before)
        if " ".join(stripped) in self.places:
            return [(Found(self.places[" ".join(stripped)], "place", "geonames gazetteer"), tuple(stripped))]
        if len(stripped) > 1 and stripped[-1] in PLACE_SUFFIXES:
            return self._rule(stripped, False, after, before)
        if (stripped[0] in PLACE_HEADS or stripped[0] in ROADS) and (headed := headed_place(stripped)):
            return [headed]  # "the Gulf of Mexico" (not the place Mexico), "Lake Baikal", "Interstate 75"
        if len(stripped) > 1 and len(stripped[0]) > 2 and _ALL_CAPS.fullmatch(stripped[0]) \
                and not stripped[1].isupper():
            if stripped[0] in SHIP_PREFIXES:
                return []  # "the USS Ronald Reagan": a ship, no person (nor an organisation)
            # "told MSNBC Cummings": an organisation's acronym, then a name; never one person
            return self._classify(stripped[:1], False, " ".join(stripped[1:]), before) + \
                self._classify(stripped[1:], cue, after, stripped[0])
        # A name inside a longer run: "NPR Hamza bin Laden", "Koszalin Piotr Jedlinski".
        for k in range(1, len(stripped) - 1):
            if stripped[k].lower() in self.firsts and stripped[k - 1].lower() not in self.firsts and not cue \
                    and (k > 1 or stripped[0].lower() not in self.month_firsts) \
                    and not _INITIAL.fullmatch(stripped[k - 1]) and not self._is_place(stripped[k - 1:k + 1]):
                # (not a place of two words: "a New York Republican" is no person "York Republican")
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
                words = list(rest)
                while len(words) > 2 and words[-1].lower() in CONNECTORS and not words[-1][:1].isupper():
                    following = f"{words.pop()} {following}"  # "Muriel Bowser on Twitter": the name ends before "on"
                at = i - len(rest)  # the words before them in the span ("east of Basra on the Gulf War")
                words_before = " ".join(stripped[max(0, at - 3):at]).lower() if at else before
                out.extend(self._rule(words, rest_cue, following, words_before))
                rest.clear()

        while i < n:
            hit = None
            for size in range(min(self._reach.get(stripped[i], 0), n - i), 0, -1):
                e = self._forms.get(tuple(stripped[i:i + size]))
                if e is not None:
                    hit = (e, size)
                    break
            if hit and hit[0].type == "place" and i == 1 and i + hit[1] == n and hit[1] <= 2 and not cue \
                    and stripped[0].lower() in self.firsts and self.regions.get(hit[0].name) != "country":
                # "George Washington", "Jordan Henderson": a given name, then a place's name, is a person
                return self._rule(stripped, cue, after, before) or self._classify(stripped[1:], cue, after, before)
            if hit and hit[0].type == "org" and i == 1 and i + hit[1] == n and self._national_body(stripped, hit[1]):
                # "the Philippine Red Cross", "the American Red Cross": a nation's own body, not the registry's
                return [(Found(" ".join(stripped), "org", "a nation's body"), tuple(stripped))]
            if hit and hit[0].type == "org" and i == 1 and n == 2 and " " not in hit[0].name \
                    and stripped[0].lower() in self.firsts and (stripped[0],) not in self._forms:
                # "Michael Bloomberg", "Henry Ford": a given name, then an organisation's one-word name, is a person
                # (the firm is as often named after its founder)
                return self._rule(stripped, True, after, before)
            if hit and hit[1] == 1 and i + 1 == n and i == len(rest) == 1 and hit[0].type == "person" \
                    and " " in hit[0].name and rest[0].lower() in self.firsts and not cue:
                # "Bruce Johnson": a given name before a known person's surname names someone else
                return self._rule(stripped, cue, after, before)
            if hit and hit[0].type == "place" and i + hit[1] < n and stripped[i + hit[1]] in ("War", "Wars"):
                flush(" ".join(stripped[i:]), cue)  # "Basra on the Gulf War": the war names no place
                i += hit[1] + 1
                continue
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

