"""Commands over saved-query files: run them, and measure them against relevance judgements (eval)."""

from __future__ import annotations

import json
import sys

import click

from .. import dates, output
from ..api import open_index
from ..errors import NoResults
from ..evaluate import DEFAULT_MEASURES, DEPTH
from ..output.text import counted
from .group import cli
from .options import as_of_time, format_option, index_options, run_tag_option, warn


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@index_options
@click.option("--name", "names", multiple=True, metavar="NAME", help="Run only this query (repeatable).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="Override a param (repeatable).")
@format_option("results", default=None, help="Output format for every query [default: each query's own, else table].")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write one file per query into DIR (output: names are read relative to it).")
@click.option("--out-anywhere", is_flag=True,
              help="Let output: names point outside the query file's folder (or --out DIR).")
@click.option("--check", is_flag=True, help="Only validate the file and list the queries it would run.")
@click.option("--diff", is_flag=True, help="Show only hits not returned by the previous run of each query.")
@click.option("--as-of", "as_of", metavar="DATE", help="Evaluate relative dates (-7d, last monday) against DATE.")
@click.option("--fail-on-empty", is_flag=True, help="Exit with status 1 when any query has no results.")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of saved-query files and exit.")
@run_tag_option
def run(file, settings, names, assignments, fmt, out_dir, out_anywhere, check, diff, as_of, fail_on_empty, schema,
        run_tag):
    """Run the saved queries in a YAML FILE, print or write their results, and summarise.

    \b
    searchidx run queries.yaml --set since=2022-09-01 --out results/
    searchidx run queries.yaml --name referendums --diff
    """
    from .. import saved  # only this command reads saved queries: searches start faster without it

    if schema:
        click.echo(json.dumps(saved.json_schema(), indent=2))
        return
    if not file:
        raise click.UsageError("FILE is required (or use --schema)")
    now = as_of_time(as_of)
    queries = saved.load_queries(file).resolve(saved.parse_assignments(assignments), names, now, fmt)
    targets = saved.output_targets(queries, file, out_dir, settings.index, out_anywhere)
    if check:
        for rq in queries:
            as_json = json.dumps(rq.query.to_dict(), ensure_ascii=False) + (f" report {rq.report}" if rq.report else "")
            click.echo(f"{rq.name}: {as_json} -> {targets[rq.name] or rq.format}")
        click.echo(f"{file}: {counted(len(queries), 'queries')} OK")
        return
    with open_index(settings.index, settings, create=False) as idx:
        runs = idx.run(queries, diff=diff, now=now)
    # several queries' csv (or jsonl) on stdout is one table (one stream), each row naming its query
    printed_as = {form: [name for name, o in runs.items() if not targets[name] and o.resolved.format == form]
                  for form in ("csv", "jsonl")}
    csv_printed = printed_as["csv"]
    if len(csv_printed) > 1:
        output.check_one_csv_table([(n, runs[n].results, runs[n].resolved.columns) for n in csv_printed])
    named_rows = {name for names in printed_as.values() if len(names) > 1 for name in names}
    printed = False
    for name, outcome in runs.items():
        rq = outcome.resolved
        left = output.left_out(outcome.results, rq.format, rq.columns) if not rq.report else []
        warn(outcome.warnings + left, f"{name}: ")
        target = targets[name] and str(targets[name])
        if target:
            output.write_results_file(outcome.results, rq.format, target, rq.columns, qid=name, tag=run_tag)
            outcome.file = target
        elif rq.format == "trec":  # no heading: the queries' lines together make one run file
            output.render(outcome.results, rq.format, sys.stdout, qid=name, tag=run_tag)
            printed = True
        elif diff and outcome.new == 0 and outcome.previous_run and rq.format == "table":
            click.echo(f"== {name}" + (f": {rq.description}" if rq.description else ""))
            last = dates.parse_date(outcome.previous_run).value.strftime("%Y-%m-%d %H:%M UTC")
            unit = outcome.results.counted  # articles, or stories when the query counts them
            in_all = counted(outcome.total, unit) + (" matches" if outcome.total == 1 else " match")
            click.echo(f"Nothing new since the last run ({last}); {in_all} in all.\n")
            printed = True
        else:
            # a table's heading and blank line are read by people; around a machine format (json, jsonl, csv,
            # paths) they would break the stream a script reads from stdout, so its heading goes to stderr
            table = rq.format == "table"
            click.echo(f"== {name}" + (f": {rq.description}" if rq.description else ""), err=not table)
            output.render(outcome.results, rq.format, sys.stdout, columns=rq.columns,
                          row_query=name if name in named_rows else None,
                          csv_header=name not in csv_printed[1:])
            if table:
                click.echo()
            printed = True
    to_stderr = printed and any(r.resolved.format != "table" for r in runs.values())
    output.render_run_summary(list(runs.values()), diff, sys.stderr if to_stderr else sys.stdout)
    if fail_on_empty and any(getattr(r.results, "total", r.total) == 0 for r in runs.values()):
        raise NoResults("a saved query returned no results")


@cli.command("eval")
@click.argument("queries", required=False, type=click.Path(dir_okay=False))
@index_options
@click.option("--qrels", type=click.Path(dir_okay=False), metavar="FILE",
              help="TREC relevance judgements: 'query-id 0 article-id relevance' lines (query id: a query's name).")
@click.option("--run", "run_file", type=click.Path(dir_okay=False), metavar="RUN",
              help="Measure a TREC run file (from any engine) instead of running QUERIES; judged as --compare.")
@click.option("--compare", nargs=2, type=click.Path(dir_okay=False), metavar="RUN_A RUN_B",
              help="Compare two TREC run files measure by measure, with p-values (judged by --qrels and/or "
                   "QUERIES' relevant: lists).")
@click.option("--name", "names", multiple=True, metavar="NAME", help="Evaluate only this query (repeatable).")
@click.option("--set", "assignments", multiple=True, metavar="NAME=VALUE", help="Override a param (repeatable).")
@click.option("--as-of", "as_of", metavar="DATE", help="Evaluate relative dates (-7d, last monday) against DATE.")
@click.option("--depth", type=click.IntRange(1, 100_000), default=None, metavar="N",
              help=f"Hits ranked per query: MAP and recall are measured to this depth [default {DEPTH}].")
@click.option("--measure", "measures", multiple=True, metavar="NAME",
              help=f"A measure to compute, by its ir-measures name (repeatable) "
                   f"[default: {' '.join(DEFAULT_MEASURES)}].")
@click.option("--write-run", metavar="FILE", type=click.Path(dir_okay=False),
              help="Also write the rankings evaluated as a TREC run file (for a later --compare).")
@run_tag_option
@format_option("evaluation")
def eval_(queries, settings, qrels, run_file, compare, names, assignments, as_of, depth, measures, write_run, run_tag,
          fmt):
    """Measure how well saved queries find the articles judged relevant: P@k, recall, nDCG@10, MAP, MRR.

    QUERIES is a saved-query file (.yaml, .yml) or a TREC topics file (query id, tab, text per line).

    \b
    searchidx eval queries.yaml                       (queries with relevant: lists)
    searchidx eval queries.yaml --qrels judged.qrels --write-run today.run
    searchidx eval --compare before.run today.run --qrels judged.qrels
    searchidx eval --run other-engine.run --qrels judged.qrels
    searchidx eval --compare before.run today.run queries.yaml   (judged by its relevant: lists)
    """
    from .. import evaluate, saved

    if compare or run_file:
        if names or as_of or depth or write_run or (compare and run_file):
            raise click.UsageError("--run RUN and --compare RUN_A RUN_B measure run files: one or the other, and "
                                   "no --name, --as-of, --depth or --write-run")
        judged = evaluate.load_judgements(queries, qrels, saved.parse_assignments(assignments))
        measured = (evaluate.compare(*compare, judged, measures or DEFAULT_MEASURES) if compare else
                    evaluate.evaluate_run(run_file, judged, measures or DEFAULT_MEASURES))
        warn(measured.warnings)
        output.render(measured, fmt, sys.stdout)
        return
    if not queries:
        raise click.UsageError("give a QUERIES file of saved queries (or --run RUN, or --compare RUN_A RUN_B)")
    now = as_of_time(as_of)
    with open_index(settings.index, settings, create=False) as idx:
        ev = idx.evaluate(queries, qrels, saved.parse_assignments(assignments), names, depth, measures, now)
    warn(ev.warnings)
    if write_run:
        evaluate.write_run(write_run, ev.rankings, run_tag)
    output.render(ev, fmt, sys.stdout)
