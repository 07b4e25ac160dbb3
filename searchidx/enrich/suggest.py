"""Candidate alias merges from the entity values in an index: same surname, near spelling, acronym.

Pure: works on (name, count) lists and a co-occurrence callback, so it is testable without an index.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from .aliases import fold
from .wordlists import CONNECTORS


@dataclass
class Suggestion:
    """Merge ``aliases`` into ``name``; ``reasons`` says why, per alias."""

    name: str
    type: str
    count: int
    aliases: list[tuple[str, int]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    together: int = 0


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in CONNECTORS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def _surname(name: str) -> str:
    return fold(name.split()[-1]) if name.split() else ""


def candidate_pairs(etype: str, values: list[tuple[str, int]]) -> list[tuple[str, str, str]]:
    """(canonical, alias, reason) pairs; the canonical side is the fuller or more frequent name."""
    counts = dict(values)
    pairs: dict[tuple[str, str], str] = {}

    def add(a: str, b: str, reason: str):
        # the longer name with more words is the canonical one; ties go to the more frequent
        keep, alias = sorted((a, b), key=lambda n: (len(n.split()), counts.get(n, 0), len(n)), reverse=True)
        pairs.setdefault((keep, alias), reason)

    if etype == "person":
        by_surname: dict[str, list[str]] = defaultdict(list)
        for name, _ in values:
            by_surname[_surname(name)].append(name)
        for names in by_surname.values():
            if len(names) < 2 or len(names) > 50:
                continue
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    wa, wb = a.split(), b.split()
                    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
                    if len(short) == 1 or short[0][:1] == long_[0][:1]:
                        add(a, b, "same surname")
    blocks: dict[str, list[str]] = defaultdict(list)
    for name, _ in values:
        key = fold(name.split()[-1])[:3] if name.split() else ""
        blocks[key].append(name)
    for names in blocks.values():
        if len(names) > 400:
            continue
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                fa, fb = fold(a), fold(b)
                if fa == fb or min(len(fa), len(fb)) < 5:
                    continue
                ratio = difflib.SequenceMatcher(None, fa, fb).ratio()
                if ratio >= 0.86:
                    add(a, b, f"spelled alike ({ratio:.2f})")
    if etype in ("org", "place"):
        acronyms = {name for name, _ in values if re.fullmatch(r"[A-Z][A-Z&.]{1,7}", name)}
        by_initials: dict[str, list[str]] = defaultdict(list)
        for name, _ in values:
            if len(name.split()) >= 2:
                by_initials[_initials(name)].append(name)
        for acr in acronyms:
            for long_name in by_initials.get(acr.replace(".", "").replace("&", ""), []):
                pairs.setdefault((long_name, acr), "acronym of the long form")
    return [(keep, alias, reason) for (keep, alias), reason in pairs.items()]


def suggest_aliases(values: dict[str, list[tuple[str, int]]], together: Callable[[str, str, str], int],
                    min_together: int = 0) -> list[Suggestion]:
    """Group candidate pairs by canonical name, with how often both names occur in one article."""
    out: list[Suggestion] = []
    for etype, vals in values.items():
        counts = dict(vals)
        grouped: dict[str, Suggestion] = {}
        for keep, alias, reason in candidate_pairs(etype, vals):
            both = together(etype, keep, alias)
            if both < min_together:
                continue
            s = grouped.setdefault(keep, Suggestion(keep, etype, counts.get(keep, 0)))
            s.aliases.append((alias, counts.get(alias, 0)))
            s.reasons.append(f"{alias!r}: {reason}; in {both} article(s) together")
            s.together += both
        out.extend(grouped.values())
    out.sort(key=lambda s: (-s.together, -sum(c for _, c in s.aliases), s.name))
    return out


def to_yaml(suggestions: list[Suggestion]) -> str:
    """Registry entries ready to paste into an entities file, each with its evidence as comments."""
    if not suggestions:
        return "# no candidate merges found\n"
    lines = ["# Candidate merges: check each, then paste the ones you agree with into your entities file", ""]
    for s in suggestions:
        for reason in s.reasons:
            lines.append(f"# {reason}")
        aliases = ", ".join(_q(a) for a, _ in s.aliases)
        lines.append(f"- {{name: {_q(s.name)}, type: {s.type}, aliases: [{aliases}]}}")
    return "\n".join(lines) + "\n"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
