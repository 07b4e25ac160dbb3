"""Short forms resolved within an article: a lone surname to the full name ("Putin" -> "Vladimir Putin"),
the first words of a company's name to the company ("Commercial Credit" -> "Commercial Credit Co"), an
acronym to the name it was defined with ("Institute for the Study of War (ISW)"); then canonical names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..companies import TICKER_RULE, is_legal
from .cues import _INITIAL, AND_BODY_RULE, BUILDING_RULE, OPENER_RULES, Found, Tables
from .places import PLACE_CUE

_ACRONYM_AT_END = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)$")  # a rule that saw one ends with it
# a company's legal suffix written with its one dot, at the end of a name
_DOTTED_TAILS = (" Inc.", " Corp.", " Co.", " Ltd.", " Cos.", " Bros.", " Plc.", " Pty.", " Bhd.", " Llc.")


# A chamber before a body's name, which the article may then leave off ("House Judiciary Committee")
_BODY_HEADS = frozenset({"House", "Senate", "Assembly", "Parliament", "Congress"})


def _body_opened(name: str, found: list[Found]) -> str | None:
    """The first body found by a rule whose name ``name`` (two words or more) opens: "Steven Wolf at Saint
    Francis said" after "Saint Francis Hospital" is the hospital."""
    if " " not in name:
        return None
    opening = name + " "
    return next((f.name for f in found if f.type == "org" and f.name.startswith(opening)
                 and not f.rule.startswith("registry")), None)


_GENERATIONS = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


def _one_person(people: list[tuple[str, list[str]]]) -> dict[str, str]:
    """Full names in one article that are one person -> the name to give them: "John Luk" -> "John Luk Jok"
    (a name that opens a longer one: the surname was left off), "John James Conyers Jr." -> "John Conyers" and
    "Elijah Eugene Cummings" -> "Elijah Cummings" (the formal name with its middle names, once, beside the
    name the story goes on to use), but "Thomas Cullen" -> "Thomas T. Cullen" (a middle initial is part of how
    the name is written). A short name that fits two longer ones ("George Bush": "George H. W. Bush" and
    "George W. Bush") is left alone."""
    fits: dict[str, list[str]] = {}
    for short, s in people:
        for full, f in people:
            if len(f) <= len(s):
                continue
            if f[:len(s)] == s:
                fits.setdefault(short, []).append(full)
                continue
            core = f[:-1] if f[-1] in _GENERATIONS else f
            if len(s) == 2 and len(core) > 2 and core[0] == s[0] and core[-1] == s[1]:
                fits.setdefault(short, []).append(full)
    out: dict[str, str] = {}
    for short, fulls in fits.items():
        if len(fulls) != 1:
            continue
        full = fulls[0]
        if full.split()[:len(short.split())] == short.split():
            out[short] = full
        elif all(_INITIAL.fullmatch(w) for w in full.split()[1:-1] if w not in _GENERATIONS):
            out[short] = full
        else:
            out[full] = short
    for name in list(out):  # "Luk" -> "John Luk" -> "John Luk Jok": follow to the end
        seen = {name}
        while out[name] in out and out[name] not in seen:
            seen.add(out[name])
            out[name] = out[out[name]]
    return out


def _initials(name: str) -> str:
    """The capitals that open a name's words ("Zentrix Communications Corp" -> "ZCC")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


class Resolver(Tables):
    """The last step: short forms and acronyms against the full names found in the same article."""

    def _finish(self, read: list[tuple[Found, tuple[str, ...]]], openers: Sequence[str] = ()) -> list[Found]:
        """Resolve short forms and acronyms against full names in the same article; canonicalise. ``read``: each
        entity found with the words it was read from (none for a headline's or a ticker's); ``openers``: names
        read as a person's by a first word or "said" alone, or as a building, which may open a body's name."""
        found = [f for f, _ in read]
        # such a name that opens a body's name is the body ("the Watch Tower" after "the Watch Tower Society")
        opened = {name: body for name in openers if (body := _body_opened(name, found)) is not None}
        full_people = [f.name for f in found if f.type == "person" and " " in f.name and f.rule != "registry-short"]
        people_words: list[tuple[str, list[str]]] = []  # (name, its words) of the final full_people, below

        def longer_person(name: str) -> str | None:
            """The longest full name in this article that contains ``name`` as its start or end."""
            words = name.split()
            best = None
            for full, parts in people_words:
                if len(parts) > len(words) and (words == parts[-len(words):] or words == parts[:len(words)]):
                    if best is None or len(full) > len(best):
                        best = full
            if best is None and len(words) == 1:
                # "Governor Vázquez" is Wanda Vázquez Garced, "Rosselló" Ricardo Rosselló Nevares: a Spanish name's
                # first surname, before the mother's (the one full name of three words or more it is second-last in)
                second_last = [full for full, parts in people_words if len(parts) > 2 and parts[-2] == words[0]]
                best = second_last[0] if len(second_last) == 1 else None
            return best

        companies = [f.name for f in found if f.type == "org" and (is_legal(f.name.split()[-1]) or "company" in f.rule)]
        # the first words of a company's name -> the longest company name they open (the first of equal length),
        # made once: asked of each name found, it was a walk over the companies each time
        opened_by: dict[tuple[str, ...], str] = {}
        for firm in companies:
            parts = firm.split()
            for k in range(1, len(parts)):
                best = opened_by.get(key := tuple(parts[:k]))
                if best is None or len(firm) > len(best):
                    opened_by[key] = firm

        def longer_company(name: str) -> str | None:
            """The longest company name in this article that starts with ``name`` ("Commercial Credit" ->
            "Commercial Credit Co"): a company is called by the first words of its name."""
            return opened_by.get(tuple(name.split())) if opened_by else None

        acronyms: dict[str, Found] = {}
        for f in found:
            m = _ACRONYM_AT_END.search(f.rule) if f.rule.endswith((")", ")\n")) else None
            if m:
                acronyms[m.group(1)] = Found(f.name, f.type, f.rule.rsplit(" (", 1)[0])
        strong = {f.name for f in found if f.rule not in ("registry-short", "short form")}
        full_people = sorted(name for name in set(full_people) | {
            f.name for f in found if f.type == "person" and f.rule != "registry-short" and " " in f.name}
            if longer_company(name) is None)  # "Caesars World" is the first words of "Caesars World Inc"
        people_words = [(full, full.split()) for full in full_people]
        one_person = _one_person(people_words) if len(people_words) > 1 else {}
        out: list[Found] = []
        # the words a name was read from, when it was read from two words or more (tokens hold no spaces)
        span_of = {id(f): toks for f, toks in read if len(toks) > 1}
        for f in found:
            if opened and f.name in opened and f.rule in OPENER_RULES \
                    and (f.type == "person" or f.rule == BUILDING_RULE):
                body = opened[f.name]
                out.append(Found(body, "org", f"short form of {body}"))
                continue
            if f.rule == TICKER_RULE and (body := _body_opened(f.name, found)) is not None \
                    and body[len(f.name) + 1:len(f.name) + 2].isupper():
                # "VALLEY FEDERAL <VFED>" in a headline, "Valley Federal Savings and Loan Association" in the text:
                # the name a ticker marks is the first words of the body's (as a company's are, by longer_company);
                # not a company the ticker ends, then "of" or "and" ("General Electric Company <GEN> of the U.S.")
                out.append(Found(body, "org", f"short form of {body}"))
                continue
            single = " " not in f.name
            span = span_of.get(id(f))
            if (span is not None and f.type in ("short?", "person", "place")
                    and (company := longer_company(" ".join(span))) is not None):
                # "Ohio Mattress said": a place or a name read out of the first words of a company's name
                out.append(Found(company, "org", f"short form of {company}"))
                continue
            if not single and f.type in ("short?", "person", "place", "org") and f.rule != "registry name":
                company = longer_company(f.name)  # two words or more of a company's name are that company
                if company is not None:
                    out.append(Found(company, "org", f"short form of {company}"))
                    continue
            if f.type in ("short?", "person", "place?") or f.rule == "registry-short" or (
                    f.type == "place" and single and (f.rule == "geonames gazetteer" or f.rule.startswith(PLACE_CUE))):
                full = longer_person(f.name)
                if full is not None:
                    out.append(Found(full, "person", f"short form of {full}"))
                    continue
            if f.type == "place?":
                continue  # a small town's name with no place cue: a company, adjective or name as often
            # (a name of two words or more was looked for above, on the same terms)
            if single and f.type in ("short?", "person", "place", "org") and f.rule != "registry name" \
                    and not (f.type == "place" and f.name in self.regions):  # ("Saskatchewan" is no short form)
                company = longer_company(f.name)
                if company is not None:
                    out.append(Found(company, "org", f"short form of {company}"))
                    continue
            if f.type == "short?":
                if f.name in acronyms:
                    a = acronyms[f.name]
                    out.append(Found(a.name, a.type, f"acronym defined as {a.name}"))
                elif f.rule.endswith(" before the name"):  # a title or a role
                    out.append(Found(f.name, "person", f.rule))
                elif f.name in self.places and f.name not in self.ambiguous:
                    out.append(Found(self.places[f.name], "place", "geonames gazetteer"))
                continue
            if f.rule == "registry-short":
                if f.name not in strong:
                    continue
                f = Found(f.name, f.type, f"short form of {f.name} (registry)")
            if f.type == "acronym?":
                if f.name in acronyms:
                    a = acronyms[f.name]
                    out.append(Found(a.name, a.type, f"acronym defined as {a.name}"))
                elif f.rule in ("news source", AND_BODY_RULE):  # "NDTV later reported", "Marvel Studios and ABC"
                    # ("MCI reported a loss": MCI Communications Corp; "ZCC reported": Zentrix Communications Corp)
                    company = longer_company(f.name) or next(
                        (o.name for o in found if o.type == "org" and _initials(o.name) == f.name), None)
                    out.append(Found(company, "org", f"short form of {company}") if company else
                               Found(f.name, "org", f.rule))
                continue
            out.append(f)
        result = []
        seen = set()
        bodies = [f.name for f in out if f.type == "org" and " " in f.name]
        if len(bodies) > 1 and (in_full := self._bodies_in_full(bodies)):
            out = [self._body_in_full(f, in_full) if f.type == "org" and f.name in in_full else f for f in out]
        for f in out:
            if one_person and f.type == "person" and f.name in one_person:
                f = Found(one_person[f.name], "person", f"{f.rule}; one person with {one_person[f.name]}")
            if f.type == "org" and f.name.endswith(_DOTTED_TAILS):
                f = Found(f.name[:-1], f.type, f.rule)  # "Salomon Brothers Inc." is "Salomon Brothers Inc"
            canonical = self.registry.canonical(f.name, f.type)
            if canonical == f.name and f.type == "org" and " " in f.name \
                    and is_legal((words := f.name.split())[-1]) and len(words) > 1:
                # "General Motors Corp" is the registry's "General Motors": the suffix is not the name
                bare = self.registry.lookup(" ".join(words[:-1]), "org")
                canonical = bare.name if bare else canonical
            if (canonical, f.type) not in seen:
                seen.add((canonical, f.type))
                rule = f.rule if canonical == f.name else f"{f.rule}; registry: {f.name}"
                result.append(Found(canonical, f.type, rule))
        return result

    def _bodies_in_full(self, bodies: list[str]) -> dict[str, set[str]]:
        """A body's short name in the article -> the longer names there that are it with a place or a chamber
        before: "Judiciary Committee" -> "House Judiciary Committee", "Department of Justice" -> "United States
        Department of Justice" (not "Bank of Canada" -> "Continental Bank of Canada", another bank)."""
        named = set(bodies)
        out: dict[str, set[str]] = {}
        for b in bodies:
            head, rest = b.split(" ", 1)
            while True:
                if rest in named and (head in self.places or head in _BODY_HEADS or getattr(
                        self._forms.get(tuple(head.split())), "type", "") == "place"):
                    out.setdefault(rest, set()).add(b)
                if " " not in rest or " " in head:
                    break
                word, rest = rest.split(" ", 1)  # "United States Department of Justice": a place of two words
                head = f"{head} {word}"
        return out

    @staticmethod
    def _body_in_full(f: Found, in_full: dict[str, set[str]]) -> Found:
        """The one body named in full that ``f`` is the short name of, else ``f``."""
        longer = in_full[f.name]
        if f.rule.startswith("registry") or len(longer) != 1 or is_legal(f.name.rsplit(None, 1)[-1]):
            return f  # (a registry name means what the registry says; companies are read by their first words)
        full = next(iter(longer))
        return Found(full, "org", f"short form of {full}")
