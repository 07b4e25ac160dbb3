"""The values an index holds in its entity, source and language fields, matched as users type them: any
case, accents and punctuation folded, a name's last or first words alone, and the nearest spellings for
a value no article has."""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING

from ..enrich.aliases import fold
from ..index.deleted import held
from .query import unquoted
from .readercache import reader_cache
from .semantics import unknown_value

if TYPE_CHECKING:
    from whoosh.reading import IndexReader

MANY_VALUES = 200  # a field with this many values in its first segment is read by first letter


# A surname a registry alias reads as one person is said to be another's too only when that other is
# named in at least a fourth as many articles: "Trump" is Donald Trump, whatever Melania Trump's articles.
RARELY_MEANT = 4


# Arabic's article before a surname, as transliterated (al-Assad, el-Sisi, ad-Din, ash-Sharif): news writes
# the surname with or without it ("Assad", "President al-Assad"), so it stands apart as a word of its own too.
_ARTICLE = re.compile(r"^(?:a[dlnrstz]|ash|e[dl]|u[dl])-(?=\w)", re.IGNORECASE)


def _readings(name: str) -> list[list[str]]:
    """The folded words of a name, and when a word opens with Arabic's article (al-Assad), the words with the
    article apart too ('Bashar al-Assad': [bashar, alassad] and [bashar, al, assad])."""
    words = name.split()
    readings = [words]
    if any(_ARTICLE.match(w) for w in words):
        readings.append([part for w in words for part in _ARTICLE.sub(r"\g<0> ", w, count=1).split()])
    return [[fold(w) for w in reading if fold(w)] for reading in readings]


def _inside(wanted: list[str], words: list[str]) -> bool:
    """``wanted`` is a run of ``words`` that neither starts nor ends them (a middle name, Spanish's first
    surname: 'Lopez' of 'Andres Manuel Lopez Obrador')."""
    n = len(wanted)
    return any(words[i:i + n] == wanted for i in range(1, len(words) - n))


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


class Lexicon:
    """One reader's field values, read once and kept for as long as the reader (``reader_cache``)."""

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self._cache = reader_cache(reader)

    def values(self, fieldname: str, first: str | None = None) -> dict[str, list[str]]:
        """folded value -> indexed values, for case- and punctuation-insensitive matching; with ``first``
        (an ASCII letter or digit), at least the values whose folded form starts with it.

        A value folds to a form starting with ``first`` only if it starts with that character in
        either case, with a character below "a" that folding drops (``.-_,`` or a space), or with a
        non-ASCII letter that folding turns into it ("Ö"). A field
        of many values (people, organisations) is read over those ranges only: a --person filter on
        2,399 names in 20 segments took 88 ms for the whole lexicon, 15 ms this way. A field of few
        values (places, sources) is read whole, which costs less than the seeks.
        """
        whole = ("lexicon", fieldname, None)
        key = whole if first is None or whole in self._cache else ("lexicon", fieldname, first)
        if key not in self._cache:
            table: dict[str, list[str]] = {}
            reader = self.reader
            if fieldname in reader.indexed_field_names():
                leaves = [leaf for leaf, _ in reader.leaf_readers()]
                if key != whole:
                    in_first_segment = sum(1 for _ in islice(leaves[0].field_terms(fieldname), MANY_VALUES))
                    key = whole if in_first_segment < MANY_VALUES else key
                # segment by segment into a set: a reader over many segments merges their term lists
                # in sorted order, one step at a time (2,399 names in 20 segments: 156 -> 88 ms)
                values: set[str] = set()
                for leaf in leaves:
                    if key == whole or first is None:  # (first is None only when key is whole)
                        values.update(leaf.field_terms(fieldname))
                        continue
                    for prefix in {first.lower(), first.upper()}:
                        values.update(map(_text, leaf.expand_prefix(fieldname, prefix)))
                    # the ranges holding " ,-._" and the names that start with a non-ASCII letter
                    # ("Özil" folds to "ozil")
                    for start, stop in (("", "A"), ("[", "a"), ("\u0080", None)):
                        # a segment reader encodes a str start itself (whoosh's hint says bytes)
                        for fname, text in leaf.terms_from(fieldname, start):  # type: ignore[arg-type]
                            if fname != fieldname or (stop is not None and _text(text) >= stop):
                                break
                            values.add(_text(text))
                for value in sorted(values):  # a value indexed in quotes ('"Quoted Wire"', from a header) is
                    # found as a filter value is read, without them: '"Quoted Wire"' and 'Quoted Wire' alike
                    table.setdefault(fold(unquoted(value)), []).append(value)
            self._cache[key] = table
        return self._cache[key]

    def matching(self, fieldname: str, name: str) -> list[str]:
        """The index's own values of a field that fold to the same form as ``name`` (and that an article
        still holds: the lexicon also lists the names of articles an update deleted)."""
        folded = fold(name)
        lead = name.lstrip(" \t\n.-_,")[:1]  # "İzmir" folds to a form starting with "i", but is no "i" name
        first = folded[:1] if lead.isascii() and lead.isalnum() else None
        return self.held(fieldname, self.values(fieldname, first).get(folded, []))

    def held(self, fieldname: str, names: list[str]) -> list[str]:
        return [n for n in names if held(self.reader, fieldname, n)]

    def unknown_value(self, fieldname: str, value: str, meant: str) -> str:
        """A warning for a source or language no article has (``semantics.unknown_value``)."""
        return unknown_value(fieldname, value, meant, self.values(fieldname), lambda names: self.held(fieldname, names))

    def others_ending(self, fieldname: str, value: str, besides: str) -> list[str]:
        """Indexed names other than ``besides`` that end with the words of ``value`` ("Baker": Howard Baker,
        when a registry alias reads it as James Baker), the most named first; none when ``besides`` is named
        in over RARELY_MEANT times as many articles as the most named of them ("Trump": Melania Trump)."""
        wanted = [fold(w) for w in value.split() if fold(w)]
        found = []
        for names in self.values(fieldname).values():
            words = [fold(w) for w in names[0].split() if fold(w)]
            if wanted and len(words) > len(wanted) and words[-len(wanted):] == wanted \
                    and fold(names[0]) != fold(besides) and (live := self.held(fieldname, names)):
                found.append(live[0])
        found = self._most_named(fieldname, found)
        if found and self.articles(fieldname, besides) > RARELY_MEANT * self.articles(fieldname, found[0]):
            return []
        return found

    def by_name_part(self, fieldname: str, value: str) -> tuple[set[str], str]:
        """Indexed names that ``value`` is the end or start of, word by word ("Erdogan" -> "Recep Tayyip
        Erdogan"), when that names one entity, with a note saying so; otherwise nothing, with a warning
        naming the candidates or the nearest spellings."""
        import difflib

        wanted = [fold(w) for w in value.split() if fold(w)]
        lexicon = self.values(fieldname)
        ends: list[list[str]] = []
        starts: list[list[str]] = []
        middles: list[list[str]] = []
        for names in lexicon.values() if wanted else ():
            readings = [words for words in _readings(names[0]) if len(words) > len(wanted)]
            if any(words[-len(wanted):] == wanted for words in readings):
                ends.append(names)
            elif any(words[:len(wanted)] == wanted for words in readings):
                starts.append(names)
            elif any(_inside(wanted, words) for words in readings):
                middles.append(names)
        ends, starts, middles = ([live for live in (self.held(fieldname, names) for names in group) if live]
                                 for group in (ends, starts, middles))
        found = ends or starts or middles  # a surname says more than a given name, a given name than a middle one
        if len(found) == 1:
            return set(found[0]), f"{fieldname}:{value!r} -> {found[0][0]!r} (the only indexed name it is part of)"
        label = {"person": "person", "place": "place", "org": "organisation"}[fieldname]
        if not found and any(c in value for c in "*?"):  # person:Reag*: the words of the text take wildcards, names not
            return set(), (f"{label} {value!r} matches no indexed name: names take no wildcards (* or ?); "
                           f"a surname or given name alone finds the full name")
        if found:  # every name it is part of, given names too: "Howard" left out Howard Baker, in 12 articles
            shown = self._most_named(fieldname, [names[0] for names in ends + starts + middles])
            # (no option's name: the library, saved queries and the web page carry this warning too)
            return set(), (f"{label} {value!r} is part of {len(shown)} indexed names: "
                           f"{', '.join(shown[:5])}{', …' if len(shown) > 5 else ''}; give the full name "
                           f"(several names, each given on its own, find any of them)")
        close = [live[0] for live in (self.held(fieldname, lexicon[c]) for c in
                                      difflib.get_close_matches(fold(value), list(lexicon), n=10, cutoff=0.75)) if live]
        if wanted:  # a surname or given name misspelt alone ("Mitterand"): the names it is near
            close += [name for name in self._near_part(fieldname, wanted) if name not in close]
        close = self._most_named(fieldname, close)  # "Reagn": Ronald Reagan (89 articles) had been cut, 4th
        hint = f"; nearest: {', '.join(close[:3])}" if close else ""
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if len(parts) > 1 and all(self.matching(fieldname, p) for p in parts):  # "A, B" for a list of A and B
            named = " and ".join(repr(p) for p in parts)
            hint = f"; {named} each do: give them as {len(parts)} values (a list), not one joined by commas"
        elif len(parts) == 2 and (turned := self.matching(fieldname, f"{parts[1]} {parts[0]}")):
            # "Reagan, Ronald", as a catalogue or a byline list writes it: found nothing and named nothing
            hint = f"; {turned[0]!r} does: give the name as articles write it, not surname first"
        return set(), f"{label} {value!r} matches no indexed name{hint}"

    def articles(self, fieldname: str, name: str) -> int:
        """How many articles name ``name``, in any of its indexed spellings."""
        spellings = self.values(fieldname).get(fold(name), [name])
        return sum(self.reader.doc_frequency(fieldname, spelling) for spelling in spellings)

    def _most_named(self, fieldname: str, names: list[str]) -> list[str]:
        """``names`` (one spelling each) the most often named first, then alphabetically: of the names a
        value could mean, the ones shown are those a reader most likely meant."""
        return sorted(dict.fromkeys(names), key=lambda name: (-self.articles(fieldname, name), name))

    def _near_part(self, fieldname: str, wanted: list[str]) -> list[str]:
        """Indexed names whose last (else first) words, as many as ``wanted`` holds, are spelt close to them:
        a misspelt surname alone is compared with surnames, not with whole names it cannot be near."""
        import difflib

        typed = "".join(wanted)
        for side in (-1, 1):
            parts: dict[str, list[list[str]]] = {}
            for names in self.values(fieldname).values():
                words = [fold(w) for w in names[0].split() if fold(w)]
                if len(words) > len(wanted):
                    part = words[-len(wanted):] if side < 0 else words[:len(wanted)]
                    parts.setdefault("".join(part), []).append(names)
            close = [live[0] for c in difflib.get_close_matches(typed, list(parts), n=5, cutoff=0.8)
                     for live in (self.held(fieldname, names) for names in parts[c]) if live]
            if close:
                return sorted(close)
        return []
