"""Evaluating rankings against judgements: saved queries run on an index, or TREC run files, and compare."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EvalError
from . import DEPTH
from .measures import DEFAULT_MEASURES, compute, cutoff, describe_test, parse_measures, randomisation_test
from .report import Comparison, Evaluation, MeasureDiff, QueryScores
from .trec import Qrels, Run, read_qrels, read_run, run_scores

if TYPE_CHECKING:
    from ..api import Index
    from ..saved import QueryFile, ResolvedQuery


def evaluate_saved(idx: Index, queries: str | Path | QueryFile | Sequence[ResolvedQuery],
                   qrels: str | Path | Qrels | None = None, params: dict | None = None,
                   names: str | Sequence[str] = (), depth: int = DEPTH, measures: Sequence[str] = DEFAULT_MEASURES,
                   now: datetime | None = None) -> Evaluation:
    """Run the judged saved queries to ``depth`` hits each and measure them against their judgements
    (``relevant:`` lists in the file and/or a qrels file whose query ids are the queries' names)."""
    measures = parse_measures(measures)
    resolved, judged, source = _judged(queries, qrels, params, names, now)
    warnings = []
    unjudged = [rq.name for rq in resolved if rq.name not in judged.judgements]
    if names and unjudged:
        raise EvalError(f"query {unjudged[0]!r} has no judgements: give it 'relevant:' ids or qrels lines", source)
    if unjudged:
        warnings.append(f"not judged, so not evaluated: {', '.join(unjudged)}")
    rankings: dict[str, list[tuple[str, float | None]]] = {}
    for rq in resolved:
        if rq.name in judged.judgements:
            results = idx.search(rq.query.replace(limit=depth, page=1, facets=()), now=now)
            warnings += [f"{rq.name}: {w}" for w in results.warnings]
            rankings[rq.name] = [(hit.id, hit.score) for hit in results.hits]
    ev = _evaluate(rankings, judged.judgements, measures, source, judged.path, depth)
    ev.warnings = warnings + ev.warnings + _unknown_ids(idx, ev)
    return ev


def load_judgements(queries: str | Path | QueryFile | None = None, qrels: str | Path | Qrels | None = None,
                    params: dict | None = None) -> Qrels:
    """The judgements of a saved-query file's ``relevant:`` lists and/or a qrels file, as one Qrels (for
    compare). EvalError if a qrels query id is not a query of the file, or a query is judged in both."""
    if queries is None:
        if qrels is None:
            raise EvalError("no judgements: give a qrels file (qrels=), or a query file with 'relevant:' lists",
                            cli="no judgements: give a qrels file (--qrels FILE), or a query file with 'relevant:' "
                                "lists")
        return read_qrels(qrels) if isinstance(qrels, (str, Path)) else qrels
    return _judged(queries, qrels, params, (), None)[1]


def _judged(queries: str | Path | QueryFile | Sequence[ResolvedQuery], qrels: str | Path | Qrels | None,
            params: dict | None, names: str | Sequence[str],
            now: datetime | None) -> tuple[list[ResolvedQuery], Qrels, str]:
    """The chosen queries, their judgements (from relevant: lists and the qrels file) and the file's name."""
    from .. import saved
    from ..saved.load import query_names
    from .topics import is_topics_file, read_topics

    source, known = "saved queries", None
    names = query_names(names)
    given = queries
    if isinstance(queries, (str, Path)):
        if is_topics_file(queries):
            source, topics = str(queries), read_topics(queries)
            known = [t.name for t in topics]
            unknown = [n for n in names if n not in known]
            if unknown:
                raise EvalError(f"no topic {unknown[0]!r} (topics: {_some(known, 10)})", source)
            queries = [t for t in topics if not names or t.name in names]
        else:
            queries = saved.load_queries(queries)
    if isinstance(queries, saved.QueryFile):
        source, known = queries.path, queries.names()
        queries = queries.resolve(params, names, now)
    elif not isinstance(given, (str, Path)) and (params or names):  # dropped, they judged every query
        raise EvalError(saved.RESOLVED_ALREADY, source)
    resolved = list(queries)
    known = known or [rq.name for rq in resolved]
    chosen = {rq.name: rq for rq in resolved}
    from_file = read_qrels(qrels) if isinstance(qrels, (str, Path)) else qrels
    lists = [rq for rq in resolved if rq.relevant is not None]
    origins = ([from_file.path] if from_file else []) + ([f"relevant: lists in {source}"] if lists else [])
    judged = Qrels({rq.name: dict.fromkeys(rq.relevant or (), 1) for rq in lists}, " and ".join(origins))
    for qid, grades in (from_file.judgements if from_file else {}).items():
        where = (from_file.path, from_file.lines[qid]) if from_file else ("", None)
        if qid not in known:
            raise EvalError(f"query id {qid!r} is not a query in {source} (queries: {_some(known, 10)})", *where)
        if qid in judged.judgements:
            raise EvalError(f"query {qid!r} is judged twice: here and by 'relevant:' at "
                            f"{chosen[qid].where_relevant}; keep one", *where)
        if qid in chosen:  # not a query left out with --name
            judged.judgements[qid] = dict(grades)
    if not judged.judgements:
        unjudged = "no query is judged: give queries 'relevant:' lists of article ids, or pass a qrels file"
        raise EvalError(f"{unjudged} (qrels=) whose query ids are the queries' names", source,
                        cli=f"{unjudged} (--qrels FILE) whose query ids are the queries' names")
    return resolved, judged, source


def evaluate_run(run: str | Path | Run, qrels: str | Path | Qrels,
                 measures: Sequence[str] = DEFAULT_MEASURES) -> Evaluation:
    """Measure a TREC run file against qrels: the judged queries the run ranks (trec_eval's rules:
    each query's documents in score order)."""
    run = read_run(run) if isinstance(run, (str, Path)) else run
    qrels = read_qrels(qrels) if isinstance(qrels, (str, Path)) else qrels
    qids, warnings = _shared_queries([run], qrels)
    return _from_runs([run], qrels, qids, parse_measures(measures), warnings)[0]


def compare(run_a: str | Path | Run, run_b: str | Path | Run, qrels: str | Path | Qrels,
            measures: Sequence[str] = DEFAULT_MEASURES) -> Comparison:
    """Run B against run A, measure by measure, on the judged queries either ranks, with a paired
    randomisation test on the per-query scores (a query one run lacks scores 0 there)."""
    runs = [read_run(r) if isinstance(r, (str, Path)) else r for r in (run_a, run_b)]
    qrels = read_qrels(qrels) if isinstance(qrels, (str, Path)) else qrels
    qids, warnings = _shared_queries(runs, qrels)
    a, b = _from_runs(runs, qrels, qids, parse_measures(measures), warnings)
    diffs = []
    for m in a.measures:
        xs, ys = [q.scores[m] for q in a.queries], [q.scores[m] for q in b.queries]
        diffs.append(MeasureDiff(m, a.means[m], b.means[m], randomisation_test(xs, ys),
                                 better=sum(y > x for x, y in zip(xs, ys)), worse=sum(y < x for x, y in zip(xs, ys)),
                                 ties=sum(y == x for x, y in zip(xs, ys))))
    return Comparison(a, b, diffs, describe_test(len(qids)), a.warnings)  # B's own are the same: same judgements


def _shared_queries(runs: list[Run], qrels: Qrels) -> tuple[list[str], list[str]]:
    """The judged query ids any of the runs ranks, in qrels order, and what was left out and why."""
    ranked = set().union(*(r.rankings for r in runs))
    qids = [q for q in qrels.judgements if q in ranked]
    if not qids:
        raise EvalError(f"no query id of the run{'s' if len(runs) > 1 else ''} ({_some(sorted(ranked))}) is judged "
                        f"in {qrels.path} (query ids: {_some(list(qrels.judgements))})", runs[0].path)
    warnings = []
    for run in runs:
        unjudged = [q for q in run.rankings if q not in qrels.judgements]
        if unjudged:
            warnings.append(f"{run.path}: not judged in {qrels.path}, so not evaluated: {', '.join(unjudged)}")
        missing = [q for q in qids if q not in run.rankings]
        if missing:
            warnings.append(f"{run.path}: ranks nothing for {', '.join(missing)} (scored 0 there)")
    unranked = [q for q in qrels.judgements if q not in ranked]
    if unranked:
        warnings.append(f"judged but ranked by no run, so not evaluated: {', '.join(unranked)}")
    return qids, warnings


def _some(ids: list[str], shown: int = 5) -> str:
    return ", ".join(ids[:shown]) + (" ..." if len(ids) > shown else "")


def _from_runs(runs: list[Run], qrels: Qrels, qids: list[str], measures: list[str],
               warnings: list[str]) -> list[Evaluation]:
    out = []
    for run in runs:
        scored = {q: run.rankings.get(q, {}) for q in qids}  # as trec_eval reads them: by score
        rankings: dict[str, list[tuple[str, float | None]]] = {
            q: [(doc, score) for doc, score in sorted(r.items(), key=lambda pair: -pair[1])] for q, r in scored.items()}
        ev = _evaluate(rankings, {q: qrels.judgements[q] for q in qids}, measures, run.path, qrels.path, None,
                       scored)
        ev.warnings = warnings + ev.warnings
        out.append(ev)
    return out


def _evaluate(rankings: dict[str, list[tuple[str, float | None]]], judgements: dict[str, dict[str, int]],
              measures: list[str], evaluated: str, qrels: str, depth: int | None,
              scored: dict[str, dict[str, float]] | None = None) -> Evaluation:
    """Measures per query and their means, for rankings (best first) of judged queries. ``scored``: the
    scores to measure by, when they are not the rankings' own made strictly decreasing (run files)."""
    if scored is None:
        scored = {q: dict(zip([d for d, _ in r], run_scores([s for _, s in r]))) for q, r in rankings.items()}
    values = compute(measures, judgements, scored)
    rows = []
    for qid, ranked in rankings.items():
        relevant = [doc for doc, grade in judgements[qid].items() if grade > 0]
        ids = {doc for doc, _ in ranked}
        missed = [doc for doc in relevant if doc not in ids]
        rows.append(QueryScores(qid, len(relevant), len(relevant) - len(missed), len(ranked), values[qid], missed))
    means = {m: sum(r.scores[m] for r in rows) / len(rows) for m in measures} if rows else {}
    warnings = [f"{r.query}: no article is judged relevant, so every measure is 0 there" for r in rows
                if not r.relevant]
    if depth is not None:
        from ..output.text import counted  # (output imports the evaluation's dataclasses)

        deep = [m for m in measures if (cutoff(m) or 0) > depth]
        if deep:
            warnings.append(f"{', '.join(deep)} read{'s' if len(deep) == 1 else ''} past the depth ranked "
                            f"({counted(depth, 'hits')} a query): rank deeper (a greater depth)")
    return Evaluation(list(measures), rows, means, evaluated, qrels, depth, warnings, rankings)


def _unknown_ids(idx: Index, ev: Evaluation, chunk: int = 10_000) -> list[str]:
    """Relevant ids the rankings missed that are not in the index at all: most likely typos. Checked a
    batch at a time (a deep qrels file misses thousands of ids past the depth ranked)."""
    missed = list(dict.fromkeys(doc for row in ev.queries for doc in row.missed))
    indexed: set[str] = set()
    for start in range(0, len(missed), chunk):
        ids = set(missed[start:start + chunk])
        if idx.search(limit=0, restrict_ids=ids).total == len(ids):
            indexed |= ids
        else:
            indexed |= {hit.id for hit in idx.search(limit=len(ids), restrict_ids=ids).hits}
    return [f"{row.query}: relevant id {doc!r} is not in the index (ids are shown by search)"
            for row in ev.queries for doc in row.missed if doc not in indexed]
