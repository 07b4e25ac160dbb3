"""Running a compiled query: hits with snippets, facet counts over all matches, spelling suggestions."""

from __future__ import annotations

import difflib
import re
import time
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from whoosh import collectors
from whoosh import query as wq
from whoosh.scoring import BM25F

from .. import dates
from ..enrich.aliases import Registry, fold
from ..errors import SearchidxError, SearchTimeout
from ..index import schema as S
from . import docsets
from .compile import RESCORE_WINDOW, Compiled, compile_query
from .query import Query
from .results import ArticleRecord, FacetCount, Hit, Results, Story, StoryCopy, Timeline


TIME_LIMIT_S = 30.0  # no search runs longer: a web server would make one slow query everyone's problem
CLOCK_EVERY = 256  # matches collected between two looks at the clock


def _opened(source):
    """A searcher to use: the caller's own (left open) or a new one on an index (closed after)."""
    from contextlib import nullcontext

    if hasattr(source, "up_to_date"):
        return nullcontext(source)
    return source.searcher(weighting=weighting())


def weighting() -> BM25F:
    return BM25F(B=0.75, K1=1.2, title_B=0.5)


def _date_text(stored: dict) -> str | None:
    value = stored.get(S.DATE)
    if value is None:
        return None
    return dates.DatePoint(value.replace(tzinfo=dates.UTC), stored.get(S.PRECISION) or "time").isoformat()


def _entities(stored: dict) -> dict[str, list[str]]:
    return {t: [v for v in (stored.get(t) or "").split(",") if v] for t in S.ENTITY_FIELDS}


def _lead(text: str, chars: int) -> str:
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = text.rfind(" ", 0, chars)
    return text[: cut if cut > chars // 2 else chars] + " …"


def record_from_stored(stored: dict) -> ArticleRecord:
    return ArticleRecord(
        id=stored[S.ID_FIELD], title=stored.get(S.TITLE, ""), date=_date_text(stored),
        source=stored.get(S.SOURCE, ""), path=stored.get(S.PATH, ""), entities=_entities(stored),
        author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""), text=stored.get(S.BODY, ""),
        meta=stored.get(S.META) or {}, date_precision=stored.get(S.PRECISION),
        lang=stored.get(S.LANG, ""), kind=stored.get(S.KIND, "article"),
    )


def _rank_like(searcher, compiled: Compiled, article_id: str, include_copies: bool) -> None:
    """Rank by the article's key terms (title and body) and shared entities; leave it and its copies out."""
    stored = searcher.document(**{S.ID_FIELD: article_id})
    if stored is None:
        from ..errors import ArticleNotFound
        raise ArticleNotFound(f"no article with id {article_id!r} (ids are shown by search)")
    text = f"{stored.get(S.TITLE, '')}\n{stored.get(S.BODY, '')}"
    terms = searcher.key_terms_from_text(S.BODY, text, numterms=25, normalize=True)
    parts: list[wq.Query] = [wq.Term(S.BODY, t, boost=w) for t, w in terms]
    for etype, names in _entities(stored).items():
        parts.extend(wq.Term(etype, n, boost=0.3) for n in names[:10])
    compiled.scored = wq.Or(parts) if parts else wq.NullQuery
    compiled.words = []
    compiled.sortedby = None
    leave_out: list[wq.Query] = [wq.Term(S.ID_FIELD, article_id)]
    if not include_copies:
        leave_out.append(wq.Term(S.STORY, stored.get(S.STORY) or article_id))
    compiled.mask = wq.Or(leave_out + ([compiled.mask] if compiled.mask is not None else []))


def story_copies(searcher, story_id: str) -> list[dict]:
    """Stored fields (plus the signature) of every article in a story, earliest first (undated last)."""
    signatures = searcher.reader().column_reader(S.SIGNATURE)
    docs = [{**hit.fields(), S.SIGNATURE: signatures[hit.docnum]}
            for hit in searcher.search(wq.Term(S.STORY, story_id), limit=None)]
    return sorted(docs, key=lambda d: (d.get(S.DATE) is None, d.get(S.DATE) or 0, d[S.ID_FIELD]))


def story_summary(searcher, story_id: str) -> dict:
    copies = story_copies(searcher, story_id)
    dated = [d for d in copies if d.get(S.DATE) is not None]
    return {"id": story_id, "copies": len(copies),
            "sources": sorted({d.get(S.SOURCE) for d in copies if d.get(S.SOURCE)}),
            "first_seen": _date_text(dated[0]) if dated else None}


def _rescore(searcher, bonus, window: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """Add proximity-phrase scores to the best hits and re-rank them (a rescore window)."""
    extra = _phrase_scores(searcher, bonus, {docnum for _, docnum in window}) if window else {}
    return sorted(((score + extra.get(docnum, 0.0), docnum) for score, docnum in window),
                  key=lambda sd: (-sd[0], sd[1]))


def _phrase_scores(searcher, bonus, docnums: set[int]) -> dict[int, float]:
    """The bonus phrases' scores on ``docnums`` only.

    Whoosh's own span matching and scoring, fed just these documents' postings: searching with a
    filter would still match spans in every document that holds the words (seconds on large indexes).
    """
    from whoosh.matching import ListMatcher, WrappingMatcher
    from whoosh.query.spans import SpanNear2

    phrases = bonus.subqueries if isinstance(bonus, wq.Or) else [bonus]
    wanted = sorted(docnums)
    scores: dict[int, float] = {}
    leaves = searcher.leaf_searchers()
    for i, (sub, offset) in enumerate(leaves):
        end = leaves[i + 1][1] if i + 1 < len(leaves) else searcher.doc_count_all()
        local = [d - offset for d in wanted if offset <= d < end]
        for phrase in phrases if local else ():
            matchers = _window_postings(searcher, sub, phrase, local, ListMatcher)
            if matchers is None:
                continue
            m = SpanNear2.SpanNear2Matcher(matchers, slop=phrase.slop, ordered=True, mindist=1)
            if phrase.boost != 1.0:
                m = WrappingMatcher(m, boost=phrase.boost)
            while m.is_active():
                scores[m.id() + offset] = scores.get(m.id() + offset, 0.0) + m.score()
                m.next()
    return scores


def _window_postings(searcher, sub, phrase, local: list[int], list_matcher) -> list | None:
    """One list matcher per phrase word over just the ``local`` documents (None if a word is absent)."""
    reader = sub.reader()
    field = sub.schema[phrase.fieldname]
    out = []
    for word in phrase.words:
        text = field.to_bytes(word)
        if (phrase.fieldname, text) not in reader:
            return None
        scorer = searcher.weighting.scorer(sub, phrase.fieldname, text)
        postings = reader.postings(phrase.fieldname, text, scorer=scorer)
        ids, weights, values = [], [], []
        for d in local:
            if postings.is_active() and postings.id() < d:
                postings.skip_to(d)
            if not postings.is_active():
                break
            if postings.id() == d:
                ids.append(d)
                weights.append(postings.weight())
                values.append(postings.value())
        if not ids:
            return None
        out.append(list_matcher(ids, weights, values, format=field.format, scorer=scorer))
    return out


def _why(stored: dict, compiled: Compiled) -> dict[str, str]:
    """For each entity filter value this hit carries, the tag, alias or rule that put it there."""
    rules = stored.get(S.ENTITY_RULES) or {}
    entities = _entities(stored)
    return {f"{f}:{v}": rules.get(f"{f}:{v}", "no record (indexed by an older searchidx)")
            for f, v in compiled.entity_values if f in entities and v in entities[f]}


_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*")


MARK_START, MARK_END = "\x02", "\x03"  # where a matched word starts and ends, until split off below


def split_marks(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Marked snippet text -> (plain text with whitespace runs as single spaces, [(start, end), ...])."""
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    start = None
    for ch in " ".join(marked.split()):
        if ch == MARK_START:
            start = len(plain)
        elif ch == MARK_END:
            if start is not None:
                spans.append((start, len(plain)))
            start = None
        else:
            plain.append(ch)
    return "".join(plain), spans


def make_snippet(text: str, analyzer, query_terms: set[str], chars: int) -> str:
    """Up to two passages of ``text`` around the query's words, each matched word between MARK_START
    and MARK_END (``split_marks`` turns them into offsets).

    Only tokens that could match (same first letters as a query term) are analysed, which keeps this
    an order of magnitude cheaper than re-analysing the whole article.
    """
    if not query_terms or not text:
        return ""
    prefixes = {t[:3] for t in query_terms}
    spans = []
    for m in _TOKEN.finditer(text):
        word = m.group()
        folded = word.lower()
        if folded[:3] not in prefixes and folded.isascii():
            continue
        if any(t.text in query_terms for t in analyzer(word, mode="query")):
            spans.append((m.start(), m.end()))
    if not spans:
        return ""
    half = chars // 4
    windows: list[list[int]] = []
    for start, end in spans:
        if windows and start - windows[-1][1] < half:
            windows[-1][1] = end
            windows[-1][2] += 1
        else:
            windows.append([start, end, 1])
    best = sorted(sorted(windows, key=lambda w: -w[2])[:2])
    pieces = []
    budget = chars // max(1, len(best))
    for w_start, w_end, _ in best:
        pad = max(20, (budget - (w_end - w_start)) // 2)
        a, b = max(0, w_start - pad), min(len(text), w_end + pad)
        a = text.rfind(" ", 0, a) + 1 if a > 0 else 0
        b_space = text.find(" ", b)
        b = b_space if b_space != -1 else len(text)
        piece = text[a:b]
        for start, end in reversed([sp for sp in spans if a <= sp[0] and sp[1] <= b]):
            piece = piece[:start - a] + MARK_START + piece[start - a:end - a] + MARK_END + piece[end - a:]
        pieces.append(("… " if a > 0 else "") + piece + (" …" if b < len(text) else ""))
    return " ".join(pieces).replace("… …", "…")


def _query_terms(searcher, compiled: Compiled) -> set[str]:
    terms: set[str] = set()
    for word in compiled.words:
        terms.update(searcher.schema[S.BODY].process_text(word, mode="query"))
    return terms


def _phrase_terms(searcher, compiled: Compiled) -> set[str]:
    """Body and title terms of the scored query (phrases, fields): what a snippet should mark."""
    out: set[str] = set()
    try:
        for fieldname, term in compiled.scored.iter_all_terms():
            if fieldname in (S.BODY, S.TITLE):
                out.add(term.decode("utf-8") if isinstance(term, bytes) else term)
    except (AttributeError, TypeError):
        pass
    return out


def _suggest(searcher, compiled: Compiled, text: str) -> str | None:
    """A corrected query text when some words are not in the index but a close spelling is.

    Candidates are the body's own (stemmed) terms within two edits; each is shown as the word
    that most often produced it in an article, so a user sees "economy", never the stem "economi".
    """
    field = searcher.schema[S.BODY]
    fixed = text
    changed = False
    for word in compiled.words:
        terms = list(field.process_text(word, mode="query"))
        if len(terms) != 1 or searcher.doc_frequency(S.BODY, terms[0]):
            continue
        options = _close_terms(searcher.reader(), S.BODY, terms[0], limit=1)
        surface = _surface_word(searcher, field, options[0], word.lower()) if options else None
        if surface and surface != word.lower():
            fixed = fixed.replace(word, surface, 1)
            changed = True
    return fixed if changed else None


def _close_terms(reader, fieldname: str, text: str, limit: int, maxdist: int = 2, prefix: int = 1) -> list[str]:
    """Indexed terms close to ``text``: those one edit away if any, else two; the most frequent first.

    Like Lucene's spell checker (and Elasticsearch's term suggester), the first letter is taken as
    typed: each segment's term walk then covers one letter's terms, not the whole vocabulary. On
    the 100k benchmark index, an unknown word went from 0.6-0.9 s to 15-130 ms (530 ms at worst).
    Segments are asked one by one: Whoosh's corrector on a reader over several segments measured
    the distance to every term of the index.
    """
    for distance in range(1, maxdist + 1):
        found: set[str] = set()
        for leaf, _ in reader.leaf_readers():
            found.update(leaf.terms_within(fieldname, text, distance, prefix=prefix))
        found.discard(text)
        if found:
            return sorted(found, key=lambda word: (-reader.frequency(fieldname, word), word))[:limit]
    return []


def _surface_word(searcher, field, term: str, typed: str) -> str | None:
    """The written form of an indexed term closest to what the user typed (then the most frequent),
    read from the first article that contains it."""
    from collections import Counter

    from whoosh.query import Term
    from whoosh.support.levenshtein import distance

    hits = searcher.search(Term(S.BODY, term), limit=1)
    if hits.is_empty():
        return None
    forms: Counter[str] = Counter()
    for m in _TOKEN.finditer(hits[0].get(S.BODY) or ""):
        word = m.group().lower()
        if word[:2] == term[:2] or not word.isascii():
            if term in field.process_text(word, mode="query"):
                forms[word] += 1
    return min(forms, key=lambda form: (distance(form, typed), -forms[form])) if forms else None


class _Deadline(collectors.WrappingCollector):
    """Wraps the innermost collector and ends the search once it has run ``seconds``.

    Whoosh's TimeLimitCollector replaces the collect loop of whatever it wraps, which undoes the
    collapsing collector's own loop; checking here, where every match is collected, changes nothing.
    The clock is read every 256 matches (a call costs about as much as collecting one).
    """

    def __init__(self, child, seconds: float):
        super().__init__(child)
        self.seconds = seconds

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.deadline = time.monotonic() + self.seconds
        self.seen = 0

    def collect(self, sub_docnum):
        self.seen += 1
        if not self.seen % CLOCK_EVERY and time.monotonic() > self.deadline:
            raise SearchTimeout(f"the search was stopped after {self.seconds:g} s; narrow it (more words, "
                                "fewer wildcards, a filter)")
        return self.child.collect(sub_docnum)


def search_all(searcher, q: wq.Query, limit: int | None, flt: wq.Query | None = None, mask: wq.Query | None = None,
               sortedby=None, groupedby=None, collapse=None):
    """Whoosh's ``search`` with every match visited, so totals and facet counts are exact; ``flt`` and
    ``mask`` narrow the matches without changing scores (see docsets.narrow).

    Whoosh's top-N collector (``searcher.search`` with a limit and no facets) swaps in smaller matchers
    once the page is full, dropping documents that can no longer reach it, and then counts only the
    ones it saw: 39,647 of 98,577 matches for one common word on a 100k index. ``replace=0`` keeps
    every matcher; block skipping (``usequality``) stays off for the same reason.
    """
    q, allowed = docsets.narrow(searcher, q, flt)
    masked = docsets.excluded(searcher, mask)
    if sortedby is not None:
        c = collectors.SortingCollector(sortedby, limit=limit)
    elif groupedby or not limit or limit >= searcher.doc_count():
        c = collectors.UnlimitedCollector()
    else:
        c = collectors.TopCollector(limit, usequality=False, replace=0)
    c = _Deadline(c, TIME_LIMIT_S)
    if groupedby:
        c = collectors.FacetCollector(c, groupedby)
    if collapse:
        c = collectors.CollapseCollector(c, collapse, limit=1)
    if allowed is not None or masked is not None:
        c = collectors.FilterCollector(c, allowed, masked)
    searcher.search_with_collector(q, c)
    return c.results()


def match_ids(ix, registry: Registry, query: Query, now: datetime | None = None) -> list[str]:
    """Ids of every article the query matches, in result order (no snippets: cheap)."""
    with _opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query, now)
        results = search_all(searcher, compiled.scored, None, compiled.filter, compiled.mask,
                             sortedby=compiled.sortedby)
        ids = searcher.reader().column_reader(S.ID_FIELD)
        return [ids[docnum] for _, docnum in results.top_n]


def run(ix, registry: Registry, query: Query, snippet_chars: int = 220, now: datetime | None = None,
        explain: bool = False, restrict_ids: set[str] | None = None, like: str | None = None,
        include_copies: bool = False, with_text: bool = False) -> Results:
    """Run ``query`` on an open Whoosh index and return plain Results (only ``restrict_ids``, if given;
    each hit with its article's whole text if ``with_text``).

    With ``like`` (an article id) the ranking is by similarity to that article instead of query text.
    """
    with _opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query, now)
        if like is not None:
            _rank_like(searcher, compiled, like, include_copies)
        if restrict_ids is not None:
            only = wq.Or([wq.Term(S.ID_FIELD, i) for i in sorted(restrict_ids)]) if restrict_ids else wq.NullQuery
            compiled.filter = only if compiled.filter is None else wq.And([compiled.filter, only])
        limit = query.limit
        page_len = max(limit, 1)
        stories = query.count == "stories" or query.collapse == "story"
        window = max(query.page * page_len, RESCORE_WINDOW if compiled.bonus is not None else 0)
        results = search_all(searcher, compiled.scored, window, compiled.filter, compiled.mask,
                             sortedby=compiled.sortedby,
                             # counted per story below, over every match (collapsing hides copies)
                             groupedby=None if stories else compiled.facets,
                             collapse=S.STORY if query.collapse == "story" else None)
        ranked = [(score, docnum) for score, docnum in results.top_n]
        if compiled.bonus is not None and ranked and not query.collapse:
            ranked = _rescore(searcher, compiled.bonus, ranked[:RESCORE_WINDOW]) + ranked[RESCORE_WINDOW:]
        start = (query.page - 1) * page_len
        qterms = _query_terms(searcher, compiled) | _phrase_terms(searcher, compiled)
        analyzer = searcher.schema[S.BODY].analyzer
        hits = []
        for score, docnum in ranked[start:start + limit] if limit else []:
            stored = searcher.stored_fields(docnum)
            body = stored.get(S.BODY, "").replace(MARK_START, "").replace(MARK_END, "")
            marked = make_snippet(body, analyzer, qterms, snippet_chars) if qterms else ""
            snippet, highlights = split_marks(marked or _lead(body, snippet_chars))
            hits.append(Hit(
                id=stored[S.ID_FIELD], score=None if compiled.sortedby is not None else round(float(score or 0.0), 4),
                title=stored.get(S.TITLE, ""), date=_date_text(stored), source=stored.get(S.SOURCE, ""),
                path=stored.get(S.PATH, ""),
                snippet=snippet, highlights=highlights, record=stored.get(S.RECORD),
                text=stored.get(S.BODY, "") if with_text else None,
                entities=_entities(stored), author=stored.get(S.AUTHOR, ""), url=stored.get(S.URL, ""),
                why=_why(stored, compiled) if explain else None,
                story=story_summary(searcher, stored.get(S.STORY) or stored[S.ID_FIELD]) if query.collapse else None,
            ))
        story_of = searcher.reader().column_reader(S.STORY) if stories else None
        every = search_all(searcher, compiled.scored, None, compiled.filter, compiled.mask,
                           groupedby=compiled.facets) if stories else None
        facets: dict[str, list[FacetCount]] = {}
        for name in query.facets:
            groups = (every if stories else results).groups(name)
            if name in S.ENTITY_FIELDS:
                groups = one_per_folded_name(groups)
            if stories:
                counts = {v: len({story_of[d] for d in docs}) for v, docs in groups.items()}
            else:
                counts = groups
            counts = {(v.decode("utf-8") if isinstance(v, bytes) else v): c for v, c in counts.items()}
            ordered = sorted(((v, c) for v, c in counts.items() if v not in (None, "")),
                             key=lambda vc: (-vc[1], str(vc[0])))
            ordered = ordered[: query.facet_limit]
            if name in (S.YEAR, S.MONTH):
                ordered.sort(key=lambda vc: str(vc[0]))  # periods read best in time order
            facets[name] = [FacetCount(str(v), int(c)) for v, c in ordered]
        if stories:
            total = len({story_of[d] for _, d in every.top_n})
        else:
            total = len(results)
        suggestion = _suggest(searcher, compiled, query.q) if total == 0 and compiled.words else None
        return Results(query=query.q, total=total, page=query.page, limit=query.limit, hits=hits, facets=facets,
                       suggestion=suggestion, explain=compiled.explain() if explain else None,
                       counted="stories" if stories else "articles", warnings=list(compiled.warnings))


def one_per_folded_name(groups: dict) -> dict:
    """Facet groups whose names fold to the same form ("Erdoğan", "Erdogan", "ERDOGAN") as one entity,
    shown under its most frequent spelling; counts are added, document lists joined."""
    by_key: dict[str, list] = {}
    for value, group in groups.items():
        name = value.decode("utf-8") if isinstance(value, bytes) else value
        if name in (None, ""):
            continue
        by_key.setdefault(fold(name), []).append((name, group))
    merged = {}
    for variants in by_key.values():
        if len(variants) == 1:
            merged[variants[0][0]] = variants[0][1]
            continue
        size = (lambda g: g) if isinstance(variants[0][1], int) else len
        best = min(variants, key=lambda ng: (-size(ng[1]), ng[0]))[0]
        if isinstance(variants[0][1], int):
            merged[best] = sum(g for _, g in variants)
        else:
            merged[best] = [d for _, g in variants for d in g]
    return merged


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def story_of(ix, article_id: str) -> Story | None:
    """The story an article belongs to, with each copy's differences from the earliest copy."""
    from ..enrich.stories import similarity

    with _opened(ix) as searcher:
        stored = searcher.document(**{S.ID_FIELD: article_id})
        if stored is None:
            return None
        copies = story_copies(searcher, stored.get(S.STORY) or article_id)
    first = copies[0]
    base = _paragraphs(first.get(S.BODY, ""))
    out = []
    for d in copies:
        paras = _paragraphs(d.get(S.BODY, ""))
        matcher = difflib.SequenceMatcher(None, base, paras, autojunk=False)
        added, removed = [], []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag in ("replace", "delete"):
                removed.extend(base[i1:i2])
            if tag in ("replace", "insert"):
                added.extend(paras[j1:j2])
        sim = similarity(first[S.SIGNATURE], d[S.SIGNATURE]) if first.get(S.SIGNATURE) and d.get(S.SIGNATURE) else None
        out.append(StoryCopy(id=d[S.ID_FIELD], date=_date_text(d), source=d.get(S.SOURCE, ""), title=d.get(S.TITLE, ""),
                             path=d.get(S.PATH, ""), similarity=round(sim, 3) if sim is not None else None,
                             title_changed=d.get(S.TITLE, "") != first.get(S.TITLE, ""), added=added, removed=removed))
    dated = [c for c in out if c.date]
    return Story(id=stored.get(S.STORY) or article_id, first_seen=dated[0].date if dated else None,
                 sources=sorted({c.source for c in out if c.source}), copies=out)


PERIODS = ("day", "week", "month", "year")


def period_start(moment: datetime, by: str) -> datetime:
    """The first moment (UTC) of the period holding ``moment``; weeks start on Monday."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_period(start: datetime, by: str) -> datetime:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return start + relativedelta(months=1)
    return start + relativedelta(years=1)


def period_label(start: datetime, by: str) -> str:
    if by == "year":
        return f"{start.year}"
    if by == "month":
        return start.strftime("%Y-%m")
    return start.date().isoformat()  # a day, or the Monday a week starts on


def timeline(ix, registry: Registry, query: Query, by: str = "month", split: str | None = None, top: int = 5,
             now: datetime | None = None) -> Timeline:
    """Matches per period (zero-filled over the span of the data or of since/until), optionally split by a facet."""
    from whoosh import sorting
    from whoosh.util.times import long_to_datetime

    if by not in PERIODS:
        raise SearchidxError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    with _opened(ix) as searcher:
        compiled = compile_query(searcher, registry, query.replace(facets=()), now)
        groupedby = None
        if split:
            groupedby = {split: sorting.FieldFacet(split, allow_overlap=split in S.ENTITY_FIELDS,
                                                   maptype=sorting.UnorderedList)}
        res = search_all(searcher, compiled.scored, None, compiled.filter, compiled.mask, groupedby=groupedby)
        docnums = [d for _, d in res.top_n]
        reader = searcher.reader()
        raw = reader.column_reader(S.DATE, translate=False)
        missing = reader.schema[S.DATE].column_type.default_value()
        story = reader.column_reader(S.STORY) if query.count == "stories" else None
        when: dict[int, datetime] = {}
        undated = set()
        for d in docnums:
            value = raw[d]
            if value == missing:
                undated.add(story[d] if story else d)
            else:
                when[d] = long_to_datetime(value)
        groups: dict[str, list[int]] = {"all": docnums}
        if split:
            raw_groups = {(v.decode("utf-8") if isinstance(v, bytes) else v): ds for v, ds in res.groups(split).items()}
            if split in S.ENTITY_FIELDS:
                raw_groups = one_per_folded_name(raw_groups)
            ranked = sorted(raw_groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))
            groups = {str(v): list(ds) for v, ds in ranked if v not in (None, "")}
            groups = dict(list(groups.items())[:top])
    rng = dates.filter_range(query.since, query.until, now)
    first = rng.start.replace(tzinfo=None) if rng.start else (min(when.values()) if when else None)
    last = (rng.end.replace(tzinfo=None) - timedelta(microseconds=1)) if rng.end else (max(when.values()) if when else None)
    periods: list[datetime] = []
    if first is not None and last is not None:
        p = period_start(first, by)
        while p <= last and len(periods) < 100_000:
            periods.append(p)
            p = next_period(p, by)
    index_of = {period_label(p, by): i for i, p in enumerate(periods)}
    series: dict[str, list[int]] = {}
    for label, ds in groups.items():
        buckets: list[set] = [set() for _ in periods]
        for d in ds:
            if d in when:
                i = index_of.get(period_label(period_start(when[d], by), by))
                if i is not None:
                    buckets[i].add(story[d] if story else d)
        series[label] = [len(b) for b in buckets]
    return Timeline(by=by, counted=query.count, periods=[period_label(p, by) for p in periods], series=series,
                    undated=len(undated), split=split, warnings=list(compiled.warnings))
