"""Relevance evaluation: how well saved queries (or TREC run files) find the articles judged relevant.

    from searchidx import evaluate
    with searchidx.open_index(".searchidx") as idx:
        ev = idx.evaluate("queries.yaml", qrels="judged.qrels")     # or relevant: lists in the YAML
    ev.means["nDCG@10"], ev.queries[0].scores["P@10"], ev.to_dict()
    cmp = evaluate.compare("before.run", "after.run", "judged.qrels")
    cmp.measure("AP").diff, cmp.measure("AP").p_value

One module a job: trec.py reads and writes TREC qrels and run files, topics.py reads TREC topics
files (id, tab, text: queries without a YAML file), measures.py computes measures (ir-measures)
and the paired test, judge.py runs and measures, report.py holds the result dataclasses.
This package's own import is kept light (the CLI's start-up imports it for its defaults); the rest
loads on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .measures import DEFAULT_MEASURES

DEPTH = 100  # hits ranked per saved query: MAP and recall are measured to this depth
RUN_TAG = "searchidx"  # the last field of the TREC run lines searchidx writes, unless told otherwise

if TYPE_CHECKING:
    from .judge import compare, evaluate_run, evaluate_saved, load_judgements
    from .measures import randomisation_test
    from .report import Comparison, Evaluation, MeasureDiff, QueryScores
    from .trec import Qrels, Run, read_qrels, read_run, write_run

_WHERE = {"compare": "judge", "evaluate_run": "judge", "evaluate_saved": "judge", "load_judgements": "judge",
          "randomisation_test": "measures", "Comparison": "report", "Evaluation": "report", "MeasureDiff": "report",
          "QueryScores": "report", "Qrels": "trec", "Run": "trec", "read_qrels": "trec", "read_run": "trec",
          "write_run": "trec"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["DEFAULT_MEASURES", "DEPTH", "RUN_TAG", "compare", "evaluate_run", "evaluate_saved", "load_judgements",
           "randomisation_test", "Comparison", "Evaluation", "MeasureDiff", "QueryScores", "Qrels", "Run", "read_qrels",
           "read_run", "write_run"]
