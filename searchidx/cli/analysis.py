"""Commands that count over the matches: timeline, facets, entities, trending, network."""

from __future__ import annotations

import sys

import click

from .. import dates, output
from ..api import open_index
from ..output.text import counted
from ..search.query import ENTITY_RANKS, ENTITY_TYPES, FACET_NAMES, SPLITS
from .group import cli
from .options import (
    count_option,
    format_option,
    index_options,
    query_from_options,
    query_options,
    warn,
    warn_if_none_matched,
)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--by", type=click.Choice(dates.PERIODS), default="month", show_default=True)
@click.option("--split", type=click.Choice(SPLITS), help="One series per top value.")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True, help="Series shown with --split.")
@count_option
@format_option("timeline")
@click.option("--plot", "plot_file", metavar="FILE",
              help="Also write a chart to FILE.png or FILE.svg (needs matplotlib).")
def timeline(text, settings, by, split, top, count, fmt, plot_file, **filters):
    """Coverage over time: matching articles (or stories) per day, week, month or year."""
    if plot_file:  # before the count: a table printed, then refused its chart, exited 2
        output.check_plot(plot_file)
    query = query_from_options(text, count=count, **filters)
    with open_index(settings.index, settings, create=False) as idx:
        tl = idx.timeline(query, by=by, split=split, top=top)
    warn(tl.warnings)
    output.render(tl, fmt, sys.stdout)
    if plot_file:
        output.plot_timeline(tl, plot_file, output.chart_title(query, tl, top))
        click.echo(f"chart written to {plot_file}", err=True)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--facet", "names", multiple=True, type=click.Choice(FACET_NAMES),
              help="Facets to count (repeatable) [default: all].")
@click.option("--facet-limit", "--top", "top", type=click.IntRange(1), default=10, show_default=True,
              help="Values shown per facet (as search's --facet-limit; --top is the same).")
@count_option
@format_option("facets")
def facets(text, settings, names, top, count, fmt, **filters):
    """Count facet values over the whole index, or over the matches of a search."""
    query = query_from_options(text, facets=names or FACET_NAMES, facet_limit=top, limit=0, count=count, **filters)
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.search(query)
    warn(results.warnings)
    warn_if_none_matched(results)
    output.render(results.facets, fmt, sys.stdout)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES),
              help="Entity type (repeatable) [default: all three].")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True)
@format_option("facets")
@click.option("--suggest-aliases", is_flag=True,
              help="Print candidate merges (same surname, near spelling, acronym) as registry YAML.")
@click.option("--min-together", type=click.IntRange(0), default=0, show_default=True,
              help="With --suggest-aliases: only pairs that occur together in at least N articles.")
@click.option("--rank", type=click.Choice(ENTITY_RANKS), default="count", show_default=True,
              help="association: names unusually often in the matches compared with the whole index (G2).")
@click.option("--min-count", type=click.IntRange(1), default=3, show_default=True,
              help="With --rank association: only names in at least N matching articles.")
@count_option
def entities(text, settings, types, top, fmt, suggest_aliases, min_together, rank, min_count, count, **filters):
    """People, places and organisations with article counts, over the index or a search's matches.

    \b
    searchidx entities --person Putin --rank association
    """
    if count == "stories" and (rank == "association" or suggest_aliases):
        raise click.BadParameter(f"{'--rank association' if rank == 'association' else '--suggest-aliases'} "
                                 "counts articles: --count stories goes with --rank count", param_hint="'--count'")
    with open_index(settings.index, settings, create=False) as idx:
        if suggest_aliases:
            from ..enrich.suggest import to_yaml
            click.echo(to_yaml(idx.suggest_aliases(types or ENTITY_TYPES, min_together)), nl=False)
            return
        if rank == "association":
            found = idx.associations(query_from_options(text, **filters), types=types, top=top, min_count=min_count)
        else:
            found = idx.search(query_from_options(text, facets=types or ENTITY_TYPES, facet_limit=top, limit=0,
                                                  count=count, **filters))
    warn(found.warnings)
    if rank != "association":
        warn_if_none_matched(found)
    output.render(found if rank == "association" else found.facets, fmt, sys.stdout)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--baseline", metavar="A..B", help="The period to compare with [default: as long, just before].")
@click.option("--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES),
              help="Entity type (repeatable) [default: all three].")
@click.option("--top", type=click.IntRange(1), default=20, show_default=True)
@click.option("--min-count", type=click.IntRange(1), default=3, show_default=True,
              help="Only names in at least N matching articles of the period.")
@format_option("trending")
def trending(text, settings, baseline, types, top, min_count, fmt, **filters):
    """Names whose share of coverage rose most in --since..--until against a baseline.

    \b
    searchidx trending --since 2020-03-01 --until 2020-03-31 --type person
    searchidx trending covid --since 2020-03 --until 2020-03 --baseline 2020-01..2020-02
    """
    with open_index(settings.index, settings, create=False) as idx:
        found = idx.trending(query_from_options(text, **filters), baseline=baseline, types=types, top=top,
                             min_count=min_count)
    warn(found.warnings)
    output.render(found, fmt, sys.stdout)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--type", "types", multiple=True, type=click.Choice(ENTITY_TYPES),
              help="Entity type (repeatable) [default: all three].")
@click.option("--top", type=click.IntRange(1), default=50, show_default=True, help="Names kept (the most frequent).")
@click.option("--min-articles", type=click.IntRange(1), default=2, show_default=True,
              help="Only names, and pairs of names, in at least N matching articles.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Write the graph to FILE.graphml, FILE.gexf (both open in Gephi) or FILE.json (node-link).")
@format_option("network", help="Output format when there is no --out (csv: one row per link).")
def network(text, settings, types, top, min_articles, out_file, fmt, **filters):
    """The people, places and organisations of a search's matches and the articles they share.

    \b
    searchidx network --place Ukraine --out ukraine.gexf
    """
    with open_index(settings.index, settings, create=False) as idx:
        graph = idx.network(query_from_options(text, **filters), types=types, top=top, min_articles=min_articles)
    warn(graph.warnings)
    if out_file:
        output.write_results_file(graph, output.format_of_file(out_file, "network"), out_file)
        click.echo(f"{counted(len(graph.nodes), 'names')} and {counted(len(graph.edges), 'links')} written to "
                   f"{out_file}", err=True)
    else:
        output.render(graph, fmt, sys.stdout)

