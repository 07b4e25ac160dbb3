"""A compiled query: what the Whoosh searcher runs (scored query, filter, mask, facets, sort, bonus), fixed
once compiled, and its description for ``--explain``."""

from __future__ import annotations

from dataclasses import dataclass

from whoosh import query as wq
from whoosh import sorting

from ..index import schema as S
from .exact import ExactWords
from .feedback import FEEDBACK_DOCS, FEEDBACK_WEIGHT, FEEDBACK_WORDS
from .semantics import HALF_LIFE_DAYS, RELAX_BELOW, RESCORE_WINDOW


@dataclass(frozen=True)
class Compiled:
    """What the searcher runs, fixed once compiled (a variant is made with ``dataclasses.replace``).
    ``words`` are the default-field words, for spelling suggestions."""

    scored: wq.Query
    filter: wq.Query | None
    mask: wq.Query | None
    facets: sorting.Facets | None
    sortedby: sorting.MultiFacet | None
    words: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # how entity values were resolved, for --explain
    warnings: tuple[str, ...] = ()  # filter values that match no indexed name
    entity_values: tuple[tuple[str, str], ...] = ()  # (field, indexed value) filtered on
    bonus: wq.Query | None = None  # proximity bonuses, scored over the top RESCORE_WINDOW hits only
    relaxed: wq.Query | None = None  # run instead when ``scored`` matches fewer than RELAX_BELOW articles
    recency: bool = False  # the best RESCORE_WINDOW hits re-ranked with a decay on age (search/recency.py)
    feedback: bool = False  # asked for: the best RESCORE_WINDOW hits re-ranked with words of the top ones
    # stories listed or counted: the mask's excluded filter values, which leave out a story whole when
    # any of its copies has one (compile._story_mask)
    story_mask: wq.Query | None = None

    def explain(self) -> str:
        scored = "(every article)" if isinstance(self.scored, wq.Every) else describe(self.scored)
        lines = [f"scored: {scored}", f"filter: {describe(self.filter) if self.filter is not None else '(none)'}",
                 f"mask:   {describe(self.mask) if self.mask is not None else '(none)'}"
                 + (f" (stories with a copy matching {describe(self.story_mask)} left out whole)"
                    if self.story_mask is not None else "")]
        if not isinstance(self.scored, wq.Every):  # the schema's field boost, which no query shows
            lines.insert(1, f"weight: title x{S.TITLE_BOOST:g} (a word's score in the title, against the body's)")
        if self.relaxed is not None:
            lines.append(f"relaxed: {describe(self.relaxed)} (if fewer than {RELAX_BELOW} articles match)")
        if self.bonus is not None:
            lines.append(f"bonus:  {describe(self.bonus)} (re-scores the top {RESCORE_WINDOW})")
        if self.sortedby is not None:
            date_facet = self.sortedby.facets[1]  # the FieldFacet on the date that compile() puts second
            direction = "descending" if date_facet.reverse else "ascending"  # type: ignore[attr-defined]
            lines.append(f"sort:   date {direction}, undated last, then by id")
        if self.recency:
            lines.append(f"sort:   relevance x recency (the score halves every {HALF_LIFE_DAYS} days of age; "
                         f"re-ranks the top {RESCORE_WINDOW})")
        if self.feedback and self.sortedby is None and self.words:  # (rerank.py: what it takes to run)
            lines.append(f"feedback: re-ranks the top {RESCORE_WINDOW} with the {FEEDBACK_WORDS} words most "
                         f"telling of the top {FEEDBACK_DOCS} (together x{FEEDBACK_WEIGHT:g} of the query's score)")
        lines += [f"entity: {n}" for n in self.notes]
        return "\n".join(lines)


def describe(q: wq.Query) -> str:
    """A Whoosh query as text. Whoosh's own ``str`` raises on wrapping queries (ConstantScoreQuery),
    which every filter written in the query text is; a part that adds nothing to scores is marked."""
    if isinstance(q, wq.ConstantScoreQuery):
        return f"{describe(q.child)} (unscored)" if q.score == 0 else describe(q.child)
    if isinstance(q, ExactWords):
        return f"{describe(q.child)} (as written: {' '.join(q.words)})"
    if isinstance(q, wq.Not):
        return f"NOT {describe(q.query)}"
    if isinstance(q, wq.AndNot):
        return f"({describe(q.a)} AND NOT {describe(q.b)})"
    if isinstance(q, wq.Phrase):  # Whoosh shows neither the slop nor the boost of a phrase
        slop = f"~{q.slop}" if q.slop > 1 else ""  # (Whoosh's slop 1: side by side)
        return f'{q.fieldname}:"{" ".join(q.words)}"{slop}' + (f"^{q.boost:g}" if q.boost != 1.0 else "")
    if isinstance(q, wq.Term) and q.boost != 1.0:
        return f"{q.fieldname}:{q.text}^{q.boost:g}"
    if isinstance(q, wq.PatternQuery) and q.boost != 1.0:  # Whoosh shows no pattern's boost (title:oil*^2)
        return f"{q}^{q.boost:g}"
    if isinstance(q, wq.compound.CompoundQuery):  # Whoosh shows the boost of a single term, not of a group
        boost = f"^{q.boost:g}" if q.boost != 1.0 else ""
        joint = q.JOINT  # type: ignore[attr-defined]  # each concrete CompoundQuery (And, Or, ...) defines it
        return "(" + joint.join(describe(sub) for sub in q.subqueries) + ")" + boost
    return str(q)
