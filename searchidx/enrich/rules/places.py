"""Place rules: a gazetteer town is a place where the text says so ("in Paramount", "mayor of Denver",
"Elizabeth, New Jersey")."""

from __future__ import annotations

from ..wordlists import US_STATE_ABBREVIATIONS
from .cues import Found, Tables
from .text import _strip

# the word before a name that makes it a place ("in Paramount", "from Elizabeth")
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "from", "outside", "into", "to", "around", "across",
                                 "throughout", "toward", "towards", "via", "town", "city", "village", "suburb"})
# "mayor of Denver", "the holy cities of Mecca and Medina": the noun before "of" that makes a place
# (and a company's legal suffix: "Wyrough and Loser Inc of Trenton")
_PLACE_OF = frozenset({"mayor", "governor", "city", "cities", "town", "towns", "village", "capital", "outskirts",
                       "suburbs", "suburb", "streets", "centre", "center", "residents", "port", "province", "county",
                       "borough", "district", "area", "region", "township", "municipality", "inc", "corp", "co",
                       "ltd", "plc"})



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
