"""The library facade: ``open_index(path)`` gives an Index to update and search. CLI and scripts use only this."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings, load_settings
from .enrich.aliases import Registry, load_registry
from .errors import ArgumentTypeError, ArticleNotFound, CorpusNotFound, SearchidxError
from .index import schema as S
from .search.query import SPLITS, Query, at_least_one, check_arguments
from .search.results import ArticleRecord, FacetCount, Results, Stats, Story, Timeline

if TYPE_CHECKING:
    from .analytics.results import Associations, Network, Trending
    from .engine import Engine
    from .enrich.suggest import Suggestion
    from .evaluate import Evaluation, Qrels
    from .index.check import CheckReport
    from .saved import QueryFile, ResolvedQuery, SavedRun
    from .search.mentions import Mention
    from .search.results import ExportReport, RefreshReport, UpdateReport


class Index:
    """A searchidx index on disk. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, settings: Settings | None = None, create: bool = True,
                 engine: Engine | None = None):
        from .engine import make_engine

        self.path = Path(path)
        self.settings = settings or load_settings(index=str(path))
        self._registry: Registry | None = None
        self.engine: Engine = engine or make_engine(self.path, self.settings, lambda: self.registry)
        if not create:
            self.engine.require()

    # --- lifecycle -------------------------------------------------------------------------------------
    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()

    def _where(self) -> str:
        """The index as messages name it: its folder, or the cluster and index name."""
        return self.settings.location if self.settings.backend != "whoosh" else str(self.path)

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = load_registry(self.settings.entity_files)
        return self._registry

    # --- writing ---------------------------------------------------------------------------------------
    def update(self, paths: Sequence[str | Path], rebuild: bool = False, jobs: int = 1,
               progress: Callable[[int, int], None] | None = None, wait: float = 0.0,
               allow_empty: bool = False) -> UpdateReport:
        """Index new and changed files under ``paths`` and drop deleted ones; ``rebuild`` starts fresh.
        A folder of ``paths`` that holds no article file now (an unmounted disk or share looks so) keeps
        the articles indexed from it, listed in ``report.held_back``, unless ``allow_empty``.

        Only one process writes at a time: another writer makes this wait up to ``wait`` seconds,
        then raise IndexLockedError naming the other process.
        """
        missing = [str(p) for p in paths if not os.path.lexists(p)]
        if missing:  # before anything is created: a typo must not leave an empty index behind
            raise CorpusNotFound(f"{missing[0]}: no such file or folder to index")
        index_folder = self.path.expanduser().resolve()
        for p in paths:
            try:
                resolved = Path(p).expanduser().resolve()
            except (RuntimeError, OSError):  # ELOOP (Python 3.13), RuntimeError before
                raise CorpusNotFound(f"{p}: a loop of symbolic links, which leads to no file or folder") from None
            # (`index . --index .`: the walk would skip it as an index)
            if self.settings.backend == "whoosh" and resolved == index_folder:
                raise CorpusNotFound(f"{p}: is the index folder itself; give the index a folder of its own "
                                     "(the default is ./.searchidx, inside the corpus, which the walk leaves out)")
        _ = self.registry  # validate the registry before any work starts
        self._check_extractor()
        return self.engine.update(paths, rebuild, jobs, progress, wait, allow_empty)

    def _check_extractor(self) -> None:
        """A spaCy extractor that is not installed is one error before the run, not one per file."""
        if self.settings.extract_entities and self.settings.extractor == "spacy":
            from .enrich.spacy_ner import check_installed

            check_installed(self.settings.extractor_model or "en_core_web_sm")

    def refresh_entities(self, progress: Callable[[int, int], None] | None = None,
                         wait: float = 0.0) -> RefreshReport:
        """Re-apply the current registry and extractor to every stored article; no file is read again."""
        _ = self.registry
        self._check_extractor()
        return self.engine.refresh_entities(progress, wait)

    # --- reading ---------------------------------------------------------------------------------------
    def search(self, query: Query | str | None = None, *, now: datetime | None = None, explain: bool = False,
               restrict_ids: set[str] | None = None, with_text: bool = False, **options) -> Results:
        """Search with a Query, or with query text plus options (``place=[...]``, ``since=``, ``facets=``...).

        ``with_text`` gives each hit its article's whole text (``hit.text``)."""
        if isinstance(query, Query):
            query = self._query_of(query, options)
        else:
            check_arguments(query, options)
            options.setdefault("limit", self.settings.limit)
            query = Query.from_dict({"q": query or "", **options})
        results = self.engine.search(query, now, explain, restrict_ids, with_text=with_text)
        if not results.total:
            self._note_outside_dates(results.warnings, query, now)
        if query.feedback and query.sort in ("newest", "oldest"):  # asked for, and silently of no use
            results.warnings.append(f"feedback re-ranks the best matches by relevance: sorted by date "
                                    f"({query.sort}) it changes nothing")
        results.warnings.extend(_any_of_them_still(query))
        return results

    def _note_outside_dates(self, warnings: list[str], query: Query, now: datetime | None) -> None:
        """Say so in ``warnings`` when ``query``'s since/until lie wholly outside the index's dates (called
        when nothing was found)."""
        from . import dates
        from .search.semantics import date_spans

        spans = []
        if query.since or query.until:
            asked = " ".join(f"{word} {value}" for word, value in (("since", query.since), ("until", query.until))
                             if value)
            spans.append((dates.filter_range(query.since, query.until, now), asked))
        if query.q and not query.literal and ":" in query.q:  # date:2030, year:2030 in the text (the web's year=)
            try:
                spans.extend(date_spans(query.q, now))
            except SearchidxError:  # (the search read it: only a relative date's 'now' could differ)
                pass
        if not spans:
            return
        for n, (one, asked_one) in enumerate(spans):  # since:2022 in the text, --until 2021: no word was said
            for other, asked_other in spans[n + 1:]:
                if not dates.ranges.overlap(one, other):
                    warnings.append(f"no article is dated {asked_one} and {asked_other}: no day is in both")
                    return
        stats = self.engine.stats()
        for rng, asked in spans:
            note = dates.ranges.outside_span(rng, asked, stats.earliest, stats.latest, stats.undated)
            if note is not None:
                warnings.append(note)
                return

    def match_ids(self, query: Query | str | None = None, now: datetime | None = None, **options) -> list[str]:
        """Ids of every matching article, best first (or in the query's sort order); options as search's."""
        return self.engine.match_ids(self._query_of(query, options), now)

    def run(self, queries: str | Path | QueryFile | Sequence[ResolvedQuery], params: dict | None = None,
            names: str | Sequence[str] = (), diff: bool = False,
            now: datetime | None = None, record: bool = True) -> dict[str, SavedRun]:
        """Run saved queries (a file path, a loaded QueryFile, or resolved queries); results keyed by name.

        With ``diff`` only hits the previous run did not return; ``record=False`` compares without
        recording this run (so the next one still compares with the previous)."""
        from . import saved

        if isinstance(queries, (str, Path)):
            queries = saved.load_queries(queries)
        if isinstance(queries, saved.QueryFile):
            queries = queries.resolve(params, names, now)
        elif params or names:  # they were dropped: every query ran, with the values it was resolved with
            raise SearchidxError(saved.RESOLVED_ALREADY)
        return saved.run_queries(self, list(queries), diff=diff, now=now, record=record)

    def evaluate(self, queries: str | Path | QueryFile | Sequence[ResolvedQuery],
                 qrels: str | Path | Qrels | None = None, params: dict | None = None, names: str | Sequence[str] = (),
                 depth: int | None = None, measures: Sequence[str] | None = None,
                 now: datetime | None = None) -> Evaluation:
        """Measure saved queries (or a TREC topics file) against their judgements (``relevant:`` lists, or a
        TREC qrels file keyed by query name): P@k, recall@k, nDCG@10, AP, RR per query and their means.
        Each query is ranked to ``depth`` hits (default 100); ``measures`` are ir-measures names."""
        from . import evaluate

        return evaluate.evaluate_saved(self, queries, qrels, params, names, depth or evaluate.DEPTH,
                                       measures or evaluate.DEFAULT_MEASURES, now)

    def explain(self, query: Query | str | None = None, now: datetime | None = None, **options) -> str:
        """The engine's query, filter and mask a search would run: what ``--explain`` prints."""
        return self.engine.explain(self._query_of(query, options), now)

    def get(self, article_id: str) -> ArticleRecord:
        """One stored article by id; ArticleNotFound if there is none."""
        article_id = _typed_id(article_id)
        record = self.engine.get(article_id)
        if record is None:
            raise self._not_found(article_id)
        return record

    def _not_found(self, article_id: str) -> ArticleNotFound:
        meant = self._id_within(article_id)
        hint = (f"did you mean {meant!r}? a file's id is its path inside the folder indexed" if meant else
                "ids are shown by search")
        return ArticleNotFound(f"no article with id {article_id!r} in {self._where()} ({hint})")

    def _id_within(self, typed: str) -> str | None:
        """The id of an article whose path ``typed`` ends with: a path typed from another folder, as a shell
        completes it ('corpus/samples/a.md', './a.md', '/home/me/corpus/a.md'), where the id is 'samples/a.md'."""
        parts = typed.replace("\\", "/").split("/")
        for start in range(1, min(len(parts), 32)):
            candidate = "/".join(parts[start:])
            if candidate.strip("./") and self.engine.get(candidate) is not None:
                return candidate
        return None

    def mentions(self, article: ArticleRecord | str) -> list[Mention]:
        """Where the article's recognised names are written in its text (to mark them), in text order; the
        article as ``get`` returns it, or its id."""
        from .search.mentions import find_mentions

        if isinstance(article, str):
            article = self.get(article)
        elif not isinstance(article, ArticleRecord):  # None (a lookup that found nothing): an AttributeError
            raise ArgumentTypeError(f"mentions takes an article (as idx.get(id) returns it) or its id, "
                                    f"not {type(article).__name__}: {article!r}")
        return find_mentions(article.text, article.entities, self.registry)

    def similar(self, article_id: str, limit: int = 10, include_copies: bool = False, **filters) -> Results:
        """Articles most like the given one (key terms and shared entities), one article a story, its own
        story left out; ``include_copies`` lists every copy, its own story's too. ``filters`` are a search's
        options, ``q`` among them: they narrow (only what the search finds is ranked), never rank."""
        check_arguments(None, filters)
        if not include_copies and not filters.get("collapse"):  # three copies of one story are one answer
            filters = {**filters, "collapse": "story"}
        query = Query.from_dict({"limit": limit, **filters})
        article_id = _typed_id(article_id)
        try:
            found = self.engine.search(query, like=article_id, include_copies=include_copies)
        except ArticleNotFound:  # worded as get and story word it, naming the index
            raise self._not_found(article_id) from None
        if not found.total:  # a --since past the index's last date: said, as a search says it
            self._note_outside_dates(found.warnings, query, None)
        ranking = [f"{key}={filters[key]!r}" for key in ("sort", "feedback")
                   if filters.get(key, getattr(Query(), key)) != getattr(Query(), key)]
        if ranking:  # asked for, and silently of no use: the likeness is the order
            found.warnings.append(f"similar ranks by likeness to {article_id}: {' and '.join(ranking)} "
                                  f"change{'s' if len(ranking) == 1 else ''} nothing")
        return replace(found, like=article_id)

    def timeline(self, query: Query | str | None = None, by: str = "month", split: str | None = None, top: int = 5,
                 now: datetime | None = None, **options) -> Timeline:
        """Matching articles (or stories, with count="stories") per day, week, month or year."""
        q = self._query_of(query, options)  # a Query's options too: they were dropped, counting every match
        if split is not None and split not in SPLITS:
            raise SearchidxError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
        timeline = self.engine.timeline(q, by, split, at_least_one("top", top), now)
        if not timeline.periods and not timeline.undated:
            self._note_outside_dates(timeline.warnings, q, now)
        return timeline

    def story(self, article_id: str) -> Story:
        """The story of an article: its copies, dates, sources and what each copy changed."""
        article_id = _typed_id(article_id)
        story = self.engine.story(article_id)
        if story is None:
            raise self._not_found(article_id)
        return story

    def facets(self, names: str | Sequence[str] = S.FACETS, top: int = 10, query: Query | str | None = None,
               **options) -> dict[str, list[FacetCount]]:
        """Facet counts over the whole index, or over a search's matches."""
        q = self._query_of(query, options)  # a Query's options too: they were dropped, counting every match
        names = (names,) if isinstance(names, str) else tuple(names)  # one name, as a filter takes it
        q = q.replace(facets=names, facet_limit=at_least_one("top", top), limit=0)
        return self.search(q).facets

    def suggest_aliases(self, types: Sequence[str] = S.ENTITY_FIELDS, min_together: int = 0) -> list[Suggestion]:
        """Candidate alias merges (same surname, near spelling, acronym) with co-occurrence counts."""
        from .enrich.suggest import suggest_aliases

        values = {t: [(f.value, f.count) for f in counts]
                  for t, counts in self.facets(types, top=1_000_000).items()}
        return suggest_aliases(values, self.engine.articles_with_both, min_together)

    def check(self, files: bool = True) -> CheckReport:
        """Read the whole index back: segment checksums, stored fields, columns, unique ids and, with
        ``files``, the indexed files on disk. A CheckReport; ``report.ok`` is False if anything is wrong."""
        return self.engine.check(files)

    def export(self, folder: str | Path, fmt: str = "opensearch-bulk") -> ExportReport:
        """Write every article as bulk NDJSON files plus the index template into ``folder``, to load a
        cluster with other tools (``fmt``: only ``opensearch-bulk`` for now)."""
        from .opensearch.export import write_bulk

        if fmt != "opensearch-bulk":
            raise SearchidxError(f"export format must be opensearch-bulk, not {fmt!r}")
        s = self.settings
        return write_bulk(self.engine.export(), folder, s.opensearch_index, s.opensearch_shards, s.opensearch_replicas)

    def stats(self, top: int = 5) -> Stats:
        """Counts, date span, size on disk, and the ``top`` people, places, organisations and sources."""
        stats = self.engine.stats()
        if stats.articles:
            stats.top = self.facets((S.PERSON, S.PLACE, S.ORG, S.SOURCE), top=top)
        return stats

    # --- entity analytics (docs/entity-analytics.md) --------------------------------------------------
    @staticmethod
    def _query_of(query: Query | str | None, options: dict) -> Query:
        """The Query a call means: a Query with its keyword options applied, or text and options."""
        if isinstance(query, Query):
            check_arguments(None, options)
            return query.replace(**options) if options else query
        check_arguments(query, options)
        return Query.from_dict({"q": query or "", **options})

    def associations(self, query: Query | str | None = None, *, types: Sequence[str] = S.ENTITY_FIELDS,
                     top: int = 20, min_count: int = 3, now: datetime | None = None, **options) -> Associations:
        """Names in a search's matches ranked by how much more often they appear there than in the whole
        index (log-likelihood G²), each in at least ``min_count`` matches: who is unusually often with X."""
        from .analytics import build

        q = self._query_of(query, options)
        top, min_count = at_least_one("top", top), at_least_one("min_count", min_count)
        counts = self.engine.entity_counts(q, build.checked_types(types), now, background=True)
        return build.associations(counts, q.q, min_count, top)

    def trending(self, query: Query | str | None = None, *, since: str | None = None, until: str | None = None,
                 baseline: str | None = None, types: Sequence[str] = S.ENTITY_FIELDS, top: int = 20,
                 min_count: int = 3, now: datetime | None = None, **options) -> Trending:
        """Names whose share of a search's matches rose most from ``baseline`` (``A..B``; default the same
        length just before) to the period ``since``..``until`` (default: the query's own dates; until the
        day of the newest match, or today when nothing from ``since`` on is dated)."""
        from .analytics import build

        q = self._query_of(query, options)
        top, min_count = at_least_one("top", top), at_least_one("min_count", min_count)
        since, until = since or q.since, until or q.until
        # Without until the period ends with the newest match, as a timeline's rows do: on an archive
        # (news of 1987) "until today" made the period decades long and the baseline as long before it.
        newest = self._newest_match(q.replace(since=since, until=None), now) if since and not until else None
        period, base = build.periods(since, until, baseline, now, newest)
        types = build.checked_types(types)
        # Each side counts the matches dated wholly inside it: an article dated only to 2020 is in neither
        # March nor April, as a timeline's months leave it out (counted in both, it damped every rise)
        undated = q.replace(since=None, until=None)
        now_counts = self.engine.entity_counts(undated, types, now, within=period)
        before = self.engine.entity_counts(undated, types, now, within=base)
        return build.trending(now_counts, before, period, base, q.q, min_count, top)

    def _newest_match(self, query: Query, now: datetime | None) -> str | None:
        """The date of the newest article ``query`` matches (None if none is dated)."""
        newest_first = query.replace(sort="newest", limit=1, page=1, facets=(), collapse=None, feedback=False)
        hits = self.engine.search(newest_first, now).hits
        return hits[0].date if hits else None

    def network(self, query: Query | str | None = None, *, types: Sequence[str] = S.ENTITY_FIELDS, top: int = 50,
                min_articles: int = 2, now: datetime | None = None, **options) -> Network:
        """The ``top`` names of a search's matches and the articles each pair shares (edges, with an
        association score); ``network.to_networkx()`` for graph work, ``output.render`` for GraphML/GEXF."""
        from .analytics import build

        q = self._query_of(query, options)
        top, min_articles = at_least_one("top", top), at_least_one("min_articles", min_articles)
        rows, warnings = self.engine.entity_rows(q, build.checked_types(types), now)
        return build.network(rows, q.q, top, min_articles, warnings)


def open_index(path: str | Path | None = None, settings: Settings | None = None, create: bool = True) -> Index:
    """Open (or, on first ``update``, create) the index at ``path`` (default: settings' index location)."""
    settings = settings or load_settings(index=str(path) if path else None)
    return Index(path or settings.index, settings, create=create)


__all__ = ["Index", "open_index", "SearchidxError"]


def _typed_id(article_id: str) -> str:
    """An id as a shell passes it: a file name's bytes that are not UTF-8 (tab-completed) as the index
    writes them, ``\\xNN`` (``surrogates.printable``); any other lone surrogate as U+FFFD."""
    if not isinstance(article_id, str):
        raise SearchidxError(f"an article id is text, not {type(article_id).__name__} ({article_id!r})")
    from .surrogates import printable, without_surrogates

    try:
        return printable(article_id)
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return str(without_surrogates(article_id))


def _any_of_them_still(query: Query) -> list[str]:
    """match='all' joins names only: an article has one source, language and kind, so several of those given
    with it still find the articles of any of them. Said, as the option reads as if it changed them too."""
    if query.match != "all":
        return []
    return [f"match all joins names (person, place, org): an article has one {what}, so {len(values)} {what}s "
            f"still find the articles of any of them"
            for what, values in (("source", query.source), ("language", query.lang), ("kind", query.kind))
            if len(values) > 1]
