"""What the rule extractor's steps share: the entity found with its rule, and the cue patterns that
more than one step reads (a defined acronym, capitals, initials)."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..aliases import Entity, Registry

_ACRONYM_AFTER = re.compile(r"^\(\s*([A-Z][A-Za-z&]{1,9})\s*\)")  # "... (ISW)" after a name
_ALL_CAPS = re.compile(r"[A-Z]{2,6}")
_INITIAL = re.compile(r"[A-Z]\.?")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
# person readings from a first word or a "said" alone (the strong ones: a title, a role, the registry)
WEAK_PERSON_RULES = ("known first name", "speaker of 'said'")
BUILDING_RULE = "a building's or square's name"
# a body's name joined to another's by "and" ("Marvel Studios and ABC", "MSNBC and CBS Radio"); an acronym so read
# is still the name the article defines it with
AND_BODY_RULE = "a body's name joined by 'and' to another's"
# names so read may be the first words of a body's name in the article ("Saint Francis" of "Saint Francis Hospital")
OPENER_RULES = frozenset({*WEAK_PERSON_RULES, BUILDING_RULE})


class Found(NamedTuple):
    """An entity found, with the rule that found it. (A named tuple: an article makes a dozen or more,
    and a frozen dataclass took several times as long to make, setting each field through object.__setattr__.)"""

    name: str
    type: str
    rule: str


def _registry_rule(entity: Entity, tokens: list[str]) -> str:
    surface = " ".join(tokens)
    return "registry name" if surface == entity.name else f"registry alias {surface!r}"


class Tables:
    """The name tables every step reads, made once by RuleExtractor (declared here for the steps'
    classes, which RuleExtractor brings together)."""

    registry: Registry
    _forms: dict[tuple[str, ...], Entity]
    _longest: int
    places: dict[str, str]
    ambiguous: frozenset[str]
    firsts: frozenset[str]
    month_firsts: frozenset[str]
    regions: dict[str, str]
