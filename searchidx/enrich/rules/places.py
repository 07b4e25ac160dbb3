"""Place rules: a gazetteer town is a place where the text says so ("in Paramount", "mayor of Denver",
"Elizabeth, New Jersey")."""

from __future__ import annotations

from ..wordlists import US_STATE_ABBREVIATIONS
from .cues import Found, Tables
from .text import _DEMONYM, _strip

# the word before a name that makes it a place ("in Paramount", "from Elizabeth")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "outside", "into", "to", "around", "across",
                                 "throughout", "toward", "towards", "via", "town", "city", "village", "suburb"})
# "mayor of Denver", "the holy cities of Mecca and Medina": the noun before "of" that makes a place
# (and a company's legal suffix: "Wyrough and Loser Inc of Trenton")
_PLACE_OF = frozenset({"mayor", "governor", "city", "cities", "town", "towns", "village", "capital", "outskirts",
                       "suburbs", "suburb", "streets", "centre", "center", "residents", "port", "province", "county",
                       "borough", "district", "area", "region", "township", "municipality", "inc", "corp", "co",
                       "ltd", "plc"})


# Before "of", what makes any name after it a place's, known or not ("the Indian state of Karnataka", "east of
# Basra", "the holy cities of Mecca and Medina"): the nouns above less a company's suffix, and directions
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"})
_PLACE_NOUNS_OF = (_PLACE_OF - {"inc", "corp", "co", "ltd", "plc"}) | _DIRECTIONS | {
    "state", "provinces", "villages", "peak", "island", "islands", "port", "cities", "towns"}
# After a name: "West Flanders province", "the Reventador volcano"
_PLACE_NOUNS_AFTER = frozenset({"province", "district", "region", "county", "village", "town", "volcano", "valley",
                                "river", "peninsula", "township", "municipality"})
PLACE_CUE = "place cue"  # how the rules below start: _finish reads a lone name so found as a surname first


class PlaceRules(Tables):
    """Reading a gazetteer name as a place, or not, by the words around it."""

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
        if self._place_cue(after, before):  # "east of Mosul", "Halden province"
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

    def _is_region(self, words: list[str]) -> bool:
        """Do ``words`` open with a country, a state or a province ("Yemen", "New York", "Fla.", "British
        Columbia": a registry place that is no gazetteer town), not opening another name?"""
        if words and words[0].split("-")[0].rstrip(",;.") + "." in US_STATE_ABBREVIATIONS:
            return True
        for k in (2, 1):
            if len(words) > k and words[k - 1][:1].isalpha() and words[k][:1].isupper():
                continue  # (the region opens another name: "Western Native Voice, Montana Native Vote")
            name = " ".join(_strip(w.rstrip(",.;")) for w in words[:k])
            if len(words) >= k and name in self.regions:
                return True
            entity = self._forms.get(tuple(name.split()))
            if len(words) >= k and entity is not None and entity.type == "place" and name not in self.places:
                return True
        return False

    def _place_cue(self, after: str, before: str, name: str = "") -> str:
        """The rule by which the words around a name no list knows make it a place's ("east of", "state of",
        ", Virginia" after it, "province" after it, "the Ural region of Russia" but not "the Kurdish town of
        Halabja": ``name``, when given, is no people's adjective), or ""."""
        words = before.split()  # (lower case)
        if len(words) > 1 and words[-1] == "of" and words[-2].rstrip(".") in _PLACE_NOUNS_OF:
            return f"{PLACE_CUE} '{words[-2]} of'"
        if words and words[-1] in ("river", "lake") and len(words) > 1 and words[-2] == "the":
            return f"{PLACE_CUE} 'the {words[-1]}'"  # "an island in the river Seine"
        if after.startswith(", ") and self._is_region(after[2:].split(None, 3)[:3]) \
                and not after[2:].split(None, 1)[0].endswith(("'s", "\u2019s")):  # not "Petro-Canada, Canada's ..."
            return f"{PLACE_CUE}: a region after it"  # (not a city: "Coastal Bancorp, Portland, Me." is a company)
        following = after.split(None, 2)[:2]
        if following and following[0] in _PLACE_NOUNS_AFTER and (
                following[1:] != ["of"] or (name and not _DEMONYM.search(name))):
            return f"{PLACE_CUE} '{following[0]}'"  # (not "the Kurdish town of Halabja")
        return ""
