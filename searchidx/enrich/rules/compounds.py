"""Names joined or qualified by another: compounds parted by an en dash ("the London–New York route") or
joining two countries by a hyphen ("the Russia-Ukraine war"), a state's long name ("the Islamic Republic of
Iran"), and a nation's own body named like the registry's ("the Philippine Red Cross")."""

from __future__ import annotations

from ..aliases import Entity
from ..companies import is_legal
from ..wordlists import ORG_HEADS, ORG_SUFFIXES
from .bodies import BodyRules
from .text import _DEMONYM

# what a state calls itself before "of" and its country's name ("the Republic of Korea", "the Kingdom of Bhutan")
# (not Federation or Union: "the Wrestling Federation of India" is a body)
_STATE_NOUNS = frozenset({"Republic", "Kingdom", "State", "Sultanate", "Emirate", "Principality", "Commonwealth",
                          "Duchy"})


# What passes between two sides a hyphen joins ("the Israel-Hamas war", "US-Taliban talks"): each side is named
_BETWEEN = frozenset({"war", "wars", "talks", "conflict", "relations", "ties", "deal", "summit", "border",
                      "agreement", "accord", "ceasefire", "truce", "tensions", "dispute", "standoff", "negotiations",
                      "clashes", "fighting", "rivalry", "peace", "pact", "treaty", "meeting", "crisis", "dialogue"})


class CompoundRules(BodyRules):
    """Readings of a span that holds two names, or a name qualified by a state's or a nation's words."""

    def _country_long_name(self, tokens: list[str]) -> Entity | None:
        """The country a state's long name names ("the Islamic Republic of Iran", "the Socialist Republic of Vietnam",
        "the Hashemite Kingdom of Jordan", "the State of Israel"), else None: a body's words before "Republic" do not
        make it a body."""
        k = tokens.index("of") if "of" in tokens else 0
        if k < 1 or tokens[k - 1] not in _STATE_NOUNS or not all(t[:1].isupper() for t in tokens[:k]) \
                or getattr(self._forms.get(tuple(tokens[:k])), "type", "") == "org":
            return None  # (not "Northern Ireland and the Republic of Ireland"; "the Islamic State of Iraq" is a body)
        rest = tokens[k + 2:] if tokens[k + 1:k + 2] == ["the"] else tokens[k + 1:]
        country = self._forms.get(tuple(rest))
        if country is None or country.type != "place" or self.regions.get(country.name) != "country":
            return None
        return country

    def _national_body(self, tokens: list[str], size: int) -> bool:
        """Is ``tokens`` a nationality's adjective before a registry body's name of ``size`` words that is made of
        an institution's words ("Philippine" and "Red Cross")? Such a name is a nation's own body; a firm's or a
        paper's name after a nationality ("Russian Gazprom") is the firm's."""
        adjective = tokens[0]
        return (bool(_DEMONYM.search(adjective)) or adjective.endswith("ine")) and adjective not in self.places \
            and (adjective,) not in self._forms \
            and any(t in ORG_HEADS or t in ORG_SUFFIXES for t in tokens[-size:])

    def _known_pairs(self, tokens: list[str], after: str = "") -> list[str] | None:
        """The span with a slash for each hyphen that joins two countries the registry knows ("the Russia-Ukraine
        war", "US-China talks"), or a country and a body it knows before a word of what passes between them ("the
        Israel-Hamas war", "US-Taliban talks"), for ``_classify_slashed`` to read apart; None when no word is such
        a pair. A hyphen joins the words of one name otherwise ("Coca-Cola", "Interfax-Ukraine news agency", "Real
        Madrid-Barcelona"), and so does a known name ("Guinea-Bissau")."""
        between = after.split(None, 1)[0].rstrip(".,;:") in _BETWEEN if after[:1].islower() else False
        joined: list[str] | None = None
        for k, tok in enumerate(tokens):
            if "-" not in tok or (tok,) in self._forms:
                continue
            kinds = [self._pair_side(part) for part in tok.split("-")]
            if len(kinds) > 1 and all(kinds) and (all(kind == "country" for kind in kinds)
                                                  or (between and "country" in kinds)):
                joined = joined or list(tokens)
                joined[k] = tok.replace("-", "/")
        if joined is None or self._is_org(tokens) or (len(tokens) >= 2 and is_legal(tokens[-1])):
            return None
        return joined

    def _pair_side(self, part: str) -> str:
        """"country" for a country the registry knows, "org" for a body it knows, else ""."""
        entity = self._forms.get((part,))
        if entity is None:
            return ""
        if entity.type == "place":
            return "country" if self.regions.get(entity.name) == "country" else ""
        return "org" if entity.type == "org" else ""

    def _en_dash_parts(self, tokens: list[str]) -> list[list[str]] | None:
        """The spans an en dash parts, or None when it parts none. Typeset text joins two names with one ("the
        Hamas–Fatah talks", "the London–New York route", "the China–Solomon Islands pact"), and also
        writes compound names with one: a span with a body's form is one name ("the Harvard–Smithsonian Center
        for Astrophysics", "the African Export–Import Bank"), as is a known name."""
        if not any("–" in tok for tok in tokens) or tuple(tokens) in self._forms or self._is_org(tokens) \
                or (len(tokens) >= 2 and is_legal(tokens[-1])):
            return None
        parts: list[list[str]] = []
        current: list[str] = []
        for tok in tokens:
            if "–" not in tok or (tok,) in self._forms:
                current.append(tok)
                continue
            *heads, last = tok.split("–")
            for head in heads:
                parts.append([*current, head])
                current = []
            current = [last]
        parts.append(current)
        return [part for part in parts if all(part)]
