"""Entity extraction. The default extractor matches the registry's names and aliases in title and text."""

from __future__ import annotations

import re
from typing import Protocol

from .aliases import Entity, Registry
from .wordlists import TITLE_CUES

_WORD = re.compile(r"[^\W\d_][\w&]*(?:[.'\u2019\-][^\W_][\w&]*)*\.?|\d+[\w]*")


class Extractor(Protocol):
    def extract(self, title: str, text: str) -> dict[str, list[str]]:
        """Canonical entity names found in an article, by type (person, place, org)."""
        ...


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def _variants(token: str) -> tuple[str, ...]:
    """A token as written, without a sentence-final period, and without a possessive."""
    out = [token]
    base = token
    if base.endswith(".") and base.count(".") == 1:
        base = base[:-1]
        out.append(base)
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if base.endswith(suffix):
            out.append(base[: -len(suffix)])
            break
    return tuple(out)


class GazetteerExtractor:
    """Finds registry names and aliases in text, case-sensitively (all-caps headlines are matched in caps)."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self._forms: dict[tuple[str, ...], Entity] = {}
        self._upper: dict[tuple[str, ...], Entity] = {}
        longest = 1
        for form, entity in registry.surface_forms():
            words = tuple(_tokens(form))
            if not words:
                continue
            last = words[-1]
            words = words[:-1] + (last.rstrip(".") if len(last) > 1 and last.count(".") == 1 else last,)
            self._forms.setdefault(words, entity)
            if len(form) > 3:
                self._upper.setdefault(tuple(w.upper() for w in words), entity)
            longest = max(longest, len(words))
        self._longest = longest

    def _match(self, text: str, table: dict) -> list[tuple[Entity, bool]]:
        """Entities found, each with whether the match is weak (a lone surname without a title cue)."""
        tokens = _tokens(text)
        found: list[tuple[Entity, bool]] = []
        i = 0
        n = len(tokens)
        while i < n:
            hit = None
            for size in range(min(self._longest, n - i), 0, -1):
                head = tuple(tokens[i:i + size - 1])
                for last in _variants(tokens[i + size - 1]):
                    entity = table.get(head + (last,))
                    if entity is not None:
                        hit = (entity, size)
                        break
                if hit:
                    break
            if hit:
                entity, size = hit
                weak = entity.type == "person" and size == 1 and " " in entity.name and not (
                    i > 0 and tokens[i - 1].rstrip(".") in TITLE_CUES)
                found.append((entity, weak))
                i += size
            else:
                i += 1
        return found

    def extract(self, title: str, text: str) -> dict[str, list[str]]:
        found = self._match(title, self._upper if title.isupper() else self._forms) if title else []
        found += self._match(text, self._forms)
        strong = {entity.name for entity, weak in found if not weak}
        out: dict[str, list[str]] = {"person": [], "place": [], "org": []}
        for entity, weak in found:
            if weak and entity.name not in strong:
                continue
            if entity.name not in out[entity.type]:
                out[entity.type].append(entity.name)
        return out
