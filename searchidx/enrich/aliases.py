"""The entity registry (config/entities.yaml): canonical names, types and aliases.

Used at ingest (facet values are canonical names) and at query time (``--person Putin`` finds
Vladimir Putin). Loading validates every entry and names the file and line at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ConfigError

TYPES = ("person", "place", "org")
_TYPE_SYNONYMS = {"people": "person", "persons": "person", "per": "person", "places": "place", "loc": "place",
                  "location": "place", "gpe": "place", "orgs": "org", "organization": "org", "organisation": "org",
                  "organizations": "org"}
_ENTRY_KEYS = {"name", "type", "aliases", "note", "id"}


@dataclass(frozen=True)
class Entity:
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    id: str = ""


_POSSESSIVE_END = re.compile(r"['\u2019]s$")
_NOT_IN_KEYS = re.compile(r"[.\-_,\s]+")  # punctuation that joins words, and the spaces: gone from keys


@lru_cache(maxsize=1 << 14)  # asked several times of each entity an article names (the registry, then dedup)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names ('U.S.' == 'us', 'Erdoğan' == 'erdogan',
    'Straße' == 'strasse', '&' == 'and').

    Two names with the same key are one entity: in the registry, in entity filters and in facets.
    """
    if text.isascii():
        text = text.lower()
    else:  # as words are folded: "Straße" is "strasse", "Søren" "soren", "Горбачёв" "горбачев", "Йошкар" kept
        from ..index.analysis import fold_letters  # (imported on first need, as before: it loads Whoosh)

        text = fold_letters(text)
    text = _POSSESSIVE_END.sub("", text)
    if "&" in text:  # "Standard & Poor's" is "Standard and Poor's", "AT&T" "AT and T"
        text = text.replace("&", "and")
    return _NOT_IN_KEYS.sub("", text)


def slug_to_name(value: str) -> str:
    """Tag vocabularies ('west-germany', 'james-baker') read as names ('West Germany', 'James Baker')."""
    if value.islower() and re.fullmatch(r"[a-z0-9\-_ .]+", value):
        return " ".join(part.capitalize() for part in re.split(r"[-_ ]+", value) if part)
    return value


_CANONICAL_KEPT = 1 << 16  # names remembered by Registry.canonical (a few MB at most)


@dataclass
class Registry:
    """Canonical entities, looked up by any alias (case- and punctuation-insensitive)."""

    entities: list[Entity] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, str], Entity] = {}
        self._any_type: dict[str, Entity] = {}
        # (name, type) -> canonical(name, type): an article's every entity is asked for, and names recur
        self._canonical: dict[tuple[str, str], str] = {}
        for e in self.entities:
            self._index(e)

    def _index(self, e: Entity) -> None:
        self._canonical.clear()
        for alias in (e.name, *e.aliases):
            key = fold(alias)
            self._by_key.setdefault((e.type, key), e)
            self._any_type.setdefault(key, e)

    def add(self, e: Entity) -> None:
        self.entities.append(e)
        self._index(e)

    def lookup(self, name: str, type: str | None = None) -> Entity | None:
        key = fold(name)
        if type:
            return self._by_key.get((type, key))
        return self._any_type.get(key)

    def canonical(self, name: str, type: str) -> str:
        """The canonical name for ``name`` as an entity of ``type`` (the name itself if unknown)."""
        known = self._canonical.get((name, type))
        if known is None:
            hit = self.lookup(name, type) or self.lookup(slug_to_name(name), type)
            known = hit.name if hit else slug_to_name(name)
            if len(self._canonical) >= _CANONICAL_KEPT:
                self._canonical.clear()
            self._canonical[(name, type)] = known
        return known

    def surface_forms(self) -> Iterable[tuple[str, Entity]]:
        """Every written form (canonical name and aliases) with its entity, for matching in text."""
        for e in self.entities:
            yield e.name, e
            for a in e.aliases:
                yield a, e

    def __len__(self) -> int:
        return len(self.entities)


CACHE_FORMAT = 3  # 2: kept through searchidx.cache; 3: names as written (an alias NO was False)


def load_registry(paths: Iterable[str | Path]) -> Registry:
    """Load and merge registry files; later files add aliases to (or override notes of) earlier entries.

    The merged result is kept in the user's cache folder (searchidx.cache), keyed by each file's path
    and a checksum of its content, not its modification time (two edits within one clock tick share
    one): parsing and checking the packaged registry took 12-22 ms of every search command, reading
    the kept copy 2 ms.
    """
    import zlib

    from .. import __version__
    from ..cache import kept

    files = [Path(p) for p in paths]
    try:
        stamps = [(str(p.resolve()), zlib.crc32(data), len(data)) for p in files for data in [p.read_bytes()]]
    except OSError:
        return _parse_files(files)  # an unreadable file is reported properly when it is parsed
    rows: list[list[Any]] = kept("registry", repr((CACHE_FORMAT, __version__, stamps)),
                                 lambda: [[e.name, e.type, list(e.aliases), e.note, e.id]
                                          for e in _parse_files(files).entities])
    try:
        return Registry([Entity(name, etype, tuple(aliases), note, eid) for name, etype, aliases, note, eid in rows])
    except (TypeError, ValueError):  # a kept copy of the wrong shape
        return _parse_files(files)


def _parse_files(paths: list[Path]) -> Registry:
    registry = Registry()
    for path in paths:
        for entity in _load_file(Path(path)):
            existing = registry.lookup(entity.name, entity.type)
            if existing and existing.name == entity.name:
                merged = Entity(existing.name, existing.type, tuple(dict.fromkeys(existing.aliases + entity.aliases)),
                                entity.note or existing.note, entity.id or existing.id)
                registry.entities[registry.entities.index(existing)] = merged
                registry.__post_init__()
            else:
                registry.add(entity)
    return registry


def _load_file(path: Path) -> list[Entity]:
    from ..yamlfile import YamlFile, is_mapping, is_null  # a search reads the registry from the cache

    doc = YamlFile(path, ConfigError, "entity registry")
    root = doc.root
    if root is None or is_null(root):
        return []
    items = root
    if is_mapping(root):
        # Allow {entities: [...]} as well as a bare list.
        found = [v for k, v, _ in doc.pairs(root, "the registry") if k == "entities"]
        if not found:
            doc.fail("expected a list of entities (or 'entities:' holding one)", root)
        items = found[0]
    out = []
    seen: dict[tuple[str, str], int] = {}
    for node, line in doc.items(items, "expected a list of entities"):
        # names as written: YAML reads the alias NO (Norway) as false, ON (Ontario) as true, 1984 as a number
        data = doc.written(node)
        if not isinstance(data, dict):
            doc.fail("each entity must be a mapping with name, type and aliases", line)
        unknown = set(data) - _ENTRY_KEYS
        if unknown:
            doc.fail(f"unknown key {sorted(map(str, unknown))[0]!r} (allowed: {', '.join(sorted(_ENTRY_KEYS))})", line)
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            doc.fail("entity without a 'name'", line)
        etype = str(data.get("type", "")).strip().lower()
        etype = _TYPE_SYNONYMS.get(etype, etype)
        if etype not in TYPES:
            doc.fail(f"entity {name!r}: type must be one of {', '.join(TYPES)}, not {data.get('type')!r}", line)
        aliases = data.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        if not isinstance(aliases, list) or not all(isinstance(a, (str, int)) for a in aliases):
            doc.fail(f"entity {name!r}: aliases must be a list of names", line)
        key = (etype, fold(name))
        if key in seen:
            doc.fail(f"entity {name!r} ({etype}) is already defined at line {seen[key]}", line)
        seen[key] = line
        out.append(Entity(name.strip(), etype, tuple(str(a).strip() for a in aliases if str(a).strip()),
                          str(data.get("note", "") or ""), str(data.get("id", "") or "")))
    return out


