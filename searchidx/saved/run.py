"""Running resolved saved queries: where each one's results are written (checked before anything runs),
the ids each returned before (``--diff``), and the runs themselves."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import dates
from ..errors import DateFilterError, SavedQueryError
from ..ingest.article import ENTITY_TYPES
from ..search.results import wants_text
from ..wholefile import written_whole
from .resolve import ResolvedQuery

if TYPE_CHECKING:
    from ..api import Index

STATE_FILE = "saved-runs.json"

EXTENSIONS = {"table": "txt", "json": "json", "jsonl": "jsonl", "csv": "csv", "paths": "txt", "trec": "trec",
              "graphml": "graphml", "gexf": "gexf"}


def output_targets(queries: list[ResolvedQuery], query_file: str | Path, out_dir: str | Path | None,
                   index_dir: str | Path, anywhere: bool = False) -> dict[str, Path | None]:
    """Where each query's results go (None: printed), checked before anything runs.

    Query files are shared, so an ``output:`` is read relative to ``out_dir`` (``--out``) or else to
    the query file's own folder, and must stay inside it unless ``anywhere`` (``--out-anywhere``).
    Never into the index folder, and never onto anything but a regular file (a device, a folder).
    """
    base = Path(out_dir) if out_dir else Path(query_file).resolve().parent
    index = Path(index_dir).resolve()
    targets: dict[str, Path | None] = {}
    written: dict[Path, str] = {}  # each file written, by the query writing it
    for rq in queries:
        if rq.output:
            target, where = base / rq.output, rq.where_output
        elif out_dir:
            target, where = base / f"{rq.name}.{EXTENSIONS[rq.format]}", f"--out {out_dir}"
        else:
            targets[rq.name] = None
            continue
        real = Path(os.path.realpath(target))
        if not anywhere and not real.is_relative_to(Path(os.path.realpath(base))):
            raise SavedQueryError(f"{where}: {rq.output!r} is outside {base}; results go under the query "
                                  f"file's folder or --out DIR (pass --out-anywhere to allow it)")
        if real == index or index in real.parents:
            raise SavedQueryError(f"{where}: {str(target)!r} is inside the index folder {index}")
        if os.path.lexists(real) and not real.is_file():
            raise SavedQueryError(f"{where}: {str(target)!r} exists and is not a regular file")
        if real in written:  # the later query would overwrite the earlier one's results
            raise SavedQueryError(f"{where}: {str(target)!r} is also where query {written[real]!r} writes; "
                                  f"give each query its own file")
        written[real] = rq.name
        targets[rq.name] = target
    return targets


# --- diff state -------------------------------------------------------------------------------------

class RunState:
    """Ids each saved query has returned before, per index, keyed on the query's content. Written atomically."""

    def __init__(self, index_dir: str | Path):
        self.path = Path(index_dir) / STATE_FILE
        self.problem: str | None = None  # a damaged state file, set aside: said to the user
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as e:
            data = self._set_aside(f"cannot be read ({e})")
        if not isinstance(data, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("ids", []), list) for v in data.values()):
            data = self._set_aside("is not a mapping of query names to their last run")
        self.data = data

    def _set_aside(self, why: str) -> dict:
        aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(self.path, aside)
            self.problem = f"{self.path} {why}: set aside as {aside.name}; every hit counts as new this time"
        except OSError:
            self.problem = f"{self.path} {why}; every hit counts as new this time"
        return {}

    def seen(self, rq: ResolvedQuery) -> set[str] | None:
        entry = self.data.get(rq.name)
        if not entry or entry.get("key") != rq.state_key:
            return None  # never run, or edited since: everything counts as new
        return set(entry.get("ids", []))

    def last_run(self, rq: ResolvedQuery) -> str | None:
        """When this query (as it is now) last ran, as ISO text."""
        entry = self.data.get(rq.name)
        return entry.get("last_run") if entry and entry.get("key") == rq.state_key else None

    def record(self, rq: ResolvedQuery, ids: list[str], when: datetime) -> None:
        self.data[rq.name] = {"key": rq.state_key, "ids": sorted(set(ids)), "last_run": when.isoformat()}

    def save(self) -> None:
        """Write the state; where it cannot be written (an index folder of another owner's, a read-only
        mount, a full disk) the run goes on and says so, as searching such an index does."""
        try:  # (with a cluster index, the local folder may be new: written_whole makes it)
            with written_whole(self.path) as f:
                f.write(json.dumps(self.data, indent=1, sort_keys=True))
        except OSError as e:
            self.problem = (f"{self.path}: cannot record this run ({e.strerror or e}): the next --diff shows "
                            "these hits as new again")


# --- running ----------------------------------------------------------------------------------------

@dataclass
class SavedRun:
    """The outcome of one saved query: its results (only new hits with diff) and where they were written."""

    name: str
    resolved: ResolvedQuery
    results: Any
    total: int
    new: int | None = None
    file: str | None = None
    previous_run: str | None = None  # with diff: when the query last ran (ISO time), None on its first run
    warnings: list[str] = field(default_factory=list)  # filter values that matched nothing, a damaged state file

    def to_dict(self) -> dict:
        """The run as JSON: the query run, totals, and the results (only the new hits with diff)."""
        results = self.results.to_dict() if hasattr(self.results, "to_dict") else {  # a report's facet counts
            name: [{"value": f.value, "count": f.count} for f in counts] for name, counts in self.results.items()}
        out = {"name": self.name, "description": self.resolved.description, "query": self.resolved.query.to_dict(),
               "total": self.total, "results": results}
        if self.resolved.report:
            out["report"] = self.resolved.report
        if self.new is not None:
            out.update(new=self.new, previous_run=self.previous_run)
        return out


def run_report(idx: Index, rq: ResolvedQuery, now: datetime | None = None) -> tuple[Any, int, list[str]]:
    """A report query's result (what ``output.render`` writes), its number of rows, and its warnings."""
    opts = dict(rq.report_options)
    types = opts.pop("types", ENTITY_TYPES)
    if rq.report == "entities" and opts.pop("rank", "count") == "count":
        top = opts.pop("top", 20)
        results = idx.search(rq.query.replace(facets=types, facet_limit=top, limit=0), now=now)
        return results.facets, sum(len(v) for v in results.facets.values()), results.warnings
    if rq.report == "entities":
        found: Any = idx.associations(rq.query, types=types, now=now, **opts)
    elif rq.report == "trending":
        found = idx.trending(rq.query, types=types, now=now, **opts)
    else:
        found = idx.network(rq.query, types=types, now=now, **opts)
    return found, found.total, found.warnings


def _counts_articles(rq: ResolvedQuery) -> bool:
    return not rq.query.collapse and rq.query.count != "stories"


def run_queries(idx: Index, resolved: list[ResolvedQuery], diff: bool = False,
                now: datetime | None = None, record: bool = True) -> dict[str, SavedRun]:
    """Run resolved queries on an open Index. With ``diff``, results hold only hits unseen in the previous run;
    ``record=False`` leaves the state file as it was (a read-only caller: the web interface)."""
    state = RunState(idx.path) if diff else None
    when = now or datetime.now(dates.UTC)
    runs: dict[str, SavedRun] = {}
    for rq in resolved:
        if rq.limit_from_settings and rq.query.limit != idx.settings.limit:
            rq = replace(rq, query=rq.query.replace(limit=idx.settings.limit))
        if rq.report:  # a report has no hits to tell new from seen: it runs whole, with or without diff
            try:
                found, rows, warnings = run_report(idx, rq, now)
            except DateFilterError as e:  # a trending period the index refuses: named where the file gives it
                why = e.why.replace("give baseline A..B", "give baseline: A..B").replace("give until", "give until:")
                raise SavedQueryError(f"{rq.where_dates.get(e.option, rq.where_output)}: {e.value!r}: {why}") from None
            runs[rq.name] = SavedRun(rq.name, rq, found, rows, warnings=warnings)
            continue
        if state is None:
            results = idx.search(rq.query, now=now, with_text=wants_text(rq.columns))
            runs[rq.name] = SavedRun(rq.name, rq, results, results.total, warnings=results.warnings)
            continue
        all_ids = idx.match_ids(rq.query, now=now)
        seen = state.seen(rq)
        new_ids = [i for i in all_ids if seen is None or i not in seen]
        results = idx.search(rq.query, now=now, restrict_ids=set(new_ids), with_text=wants_text(rq.columns))
        # totals in the query's own unit: a query counting stories counts them as its run without --diff does
        total = len(all_ids) if _counts_articles(rq) else idx.search(rq.query.replace(limit=0), now=now).total
        runs[rq.name] = SavedRun(rq.name, rq, results, total, len(new_ids) if _counts_articles(rq) else results.total,
                                 previous_run=state.last_run(rq),
                                 warnings=results.warnings)
        # Only what this run showed counts as seen: new hits past the query's limit stay new for the next
        # run, or a feed read with --diff would never show them. A count-only query (limit 0) sees them all.
        shown = {hit.id for hit in results.hits} if rq.query.limit else set(new_ids)
        if rq.query.collapse and rq.query.limit:  # a story shown is seen in all its copies, or the next run
            shown |= {copy.id for hit in results.hits for copy in idx.story(hit.id).copies}  # shows another
        state.record(rq, [i for i in all_ids if i in shown or (seen is not None and i in seen)], when)
    if state is not None:
        if record:
            state.save()
        if state.problem and runs:
            next(iter(runs.values())).warnings.append(state.problem)
    return runs
