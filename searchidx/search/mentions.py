"""Where an article's recognised names are written in its text: for marking them on an article page.

The index keeps each article's canonical names (``Vladimir Putin``), not where they were read. A name
is found again by its written forms: the canonical name, the registry's aliases for it, a person's
surname alone ("Putin said") and an organisation's name without a leading "the". Matches are whole
words, case-sensitive (a capitalised name, not the word "bush"), longest first, never overlapping.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from ..enrich.aliases import Registry


@dataclass(frozen=True)
class Mention:
    """Characters ``[start, end)`` of the text name the entity ``name`` of ``type`` (person, place, org)."""

    start: int
    end: int
    type: str
    name: str

    def to_dict(self) -> dict:
        return asdict(self)


def written_forms(name: str, etype: str, registry: Registry) -> set[str]:
    """The forms a canonical name may be written in within a text."""
    forms = {name}
    entity = registry.lookup(name, etype)
    if entity is not None:
        forms.update(a for a in entity.aliases if a[:1].isupper() or not a[:1].isalpha())
    words = name.split()
    if etype == "person" and len(words) >= 2 and len(words[-1]) > 2 and words[-1][:1].isupper():
        forms.add(words[-1])
    if etype == "org" and words[:1] == ["the"] and len(words) > 1:
        forms.add(" ".join(words[1:]))
    return {f for f in forms if len(f) >= 2}


def find_mentions(text: str, entities: dict[str, list[str]], registry: Registry) -> list[Mention]:
    """Every place in ``text`` where one of ``entities`` is written, in text order, none overlapping.

    A form shared by two entities (a surname two people have) marks the first entity listed."""
    owner: dict[str, tuple[str, str]] = {}
    for etype, names in entities.items():
        for name in names:
            for form in written_forms(name, etype, registry):
                owner.setdefault(form, (etype, name))
    if not owner or not text:
        return []
    forms = sorted(owner, key=len, reverse=True)  # the longest form wins where two start at one place
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
    found = []
    for m in pattern.finditer(text):
        etype, name = owner[m.group()]
        found.append(Mention(m.start(), m.end(), etype, name))
    return found
