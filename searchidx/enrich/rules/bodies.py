"""Organisation rules that read a body out of a longer run: an office named with its body ("Chairman of the
Federation of ...", "Senate Banking Committee Chairman"), a person "of" a body ("Xiaogang Wei of the Beijing
... Institute"), and a body's debt, which is no body ("Treasury securities")."""

from __future__ import annotations

from ..wordlists import COMMON, NAME_PREFIX_ADJECTIVES, ORG_HEADS, ORG_SUFFIXES, PLACE_SUFFIXES, TITLE_CUES
from .names import NameRules
from .text import _starts_name

# What a body's name before these words names is its debt, a product: "Treasury securities yield more"
DEBT_WORDS = frozenset({"securities", "bonds", "bond", "bills", "bill", "notes", "note", "yields", "yield", "futures",
                         "paper", "refunding", "coupon", "coupons"})
# Words of an office's title besides the titles themselves ("Vice Chairman", "Chief of Staff", "Dean of the House")
_OFFICE_WORDS = frozenset({"Vice", "Deputy", "Under", "Assistant", "Associate", "Acting", "Chief", "Dean", "Head",
                           "Executive", "Staff", "Managing", "Administrator", "Fellow", "Member"})


def office_word(tok: str) -> bool:
    """A title or a word of one ("Chairman", "Vice", "Under-Secretary")."""
    return tok in TITLE_CUES or tok in _OFFICE_WORDS or ("-" in tok and tok.rsplit("-", 1)[-1] in TITLE_CUES)


class BodyRules(NameRules):
    """Bodies inside runs that also hold an office or a person."""

    def _is_body(self, tokens: list[str]) -> bool:
        """Is ``tokens`` an organisation's name, by its form or the registry?"""
        entity = self._forms.get(tuple(tokens))
        return self._is_org(tokens) if entity is None else entity.type == "org"

    def _office_body(self, tokens: list[str]) -> tuple[list[str], bool] | None:
        """An office named with its body is no organisation; the body is: "Chairman of the Federation of
        Economic Organisations", "Federal Reserve Board Vice Chairman". The body's words and whether they
        came after "of"; no words for an office alone ("Nigerian Oil Minister"); None when ``tokens`` are
        no office."""
        k = 0
        while k < len(tokens) - 2 and (tokens[k] in TITLE_CUES or tokens[k] in _OFFICE_WORDS):
            k += 1
        if k and tokens[k] == "of":  # "Secretary of the Treasury", "Director of the ... Division"
            body = tokens[k + 2:] if tokens[k + 1] == "the" else tokens[k + 1:]
            if body and body[0] not in self.places:  # (not "Prime Minister of India Narendra Modi")
                return body, True
            return None
        j, k = 0, len(tokens)
        while k > 1 and (office_word(tokens[k - 1]) or (  # "White House Chief of Staff"
                tokens[k - 1] == "of" and k > 2 and office_word(tokens[k - 2]) and office_word(tokens[k]))):
            k -= 1
        while j < k and (tokens[j] in TITLE_CUES or tokens[j] in _OFFICE_WORDS):
            j += 1  # "Assistant U.S. Treasury Secretary"
        body = tokens[j:k]
        if k == len(tokens) or len(body) < 1:
            return None
        if getattr(self._forms.get(tuple(body)), "type", "") == "org" or (
                len(body) > 1 and body[-1] in ORG_SUFFIXES and self._is_org(body)):
            if {"Minister", "Secretary"}.isdisjoint(tokens[k:]) or len(body) > 2 or body[0] in self.places \
                    or (body[0],) in self._forms or tuple(body) in self._forms:
                return body, False  # "Senate Banking Committee Chairman"
            return [], False  # "Nigerian Oil Minister": a nationality and a portfolio are the office
        return None

    def _affiliated(self, head: list[str], body: list[str]) -> bool:
        """Is ``head`` "of" ``body`` a person's name and the organisation they are of? The name two or three
        name words with no organisation, title, place or common word; the body an organisation's name."""
        if body[:1] == ["the"]:
            body = body[1:]
        if not self._is_body(body):
            return False
        return (all(map(_starts_name, head)) and " ".join(head) not in self.places and not head[-1].isupper()
                and not any(t in ORG_SUFFIXES or t in ORG_HEADS or t in TITLE_CUES or t in NAME_PREFIX_ADJECTIVES
                            or t in PLACE_SUFFIXES or t.lower() in COMMON for t in head)
                # a given name first is one even where a town has it ("Anna Berg": Anna, Illinois)
                and not any(t in self.places for t in (head[1:] if head[0].lower() in self.firsts else head)))
