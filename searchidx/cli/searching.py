"""Commands that find articles: search, show, similar, story."""

from __future__ import annotations

import sys
import textwrap

import click

from .. import output
from ..api import open_index
from ..errors import NoResults
from ..search.query import FACET_NAMES, SORTS
from .group import cli
from .options import (
    format_option,
    ignored_options,
    index_options,
    qid_option,
    query_from_options,
    query_options,
    run_tag_option,
    warn,
)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--limit", "-n", type=click.IntRange(0, 100_000), default=None, help="Hits per page [default 10].")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--facet", "facets", multiple=True, type=click.Choice(FACET_NAMES),
              help="Count values of a facet (repeatable).")
@click.option("--facet-limit", type=click.IntRange(1), default=10, show_default=True, help="Values shown per facet.")
@format_option("results")
@click.option("--columns", help="Fields of csv, json and jsonl output, comma-separated (default: all but text, "
                                "record, highlights).")
@click.option("--null", "-0", "null", is_flag=True, help="With --format paths: end each path with NUL (for xargs -0).")
@click.option("--collapse", type=click.Choice(["story"]), help="One hit per story (the best copy), with its copies.")
@click.option("--count", "count", type=click.Choice(["articles", "stories"]),
              help="Count totals and facets per article or per story [default: as the hits are listed: stories "
                   "with --collapse story, else articles].")
@click.option("--explain", is_flag=True, help="Also show the compiled query, filter and entity resolution.")
@click.option("--feedback", is_flag=True,
              help="Re-rank the best hits with words common in the top ten (pseudo-relevance feedback).")
@click.option("--fail-on-empty", is_flag=True, help="Exit with status 1 when nothing matches.")
@qid_option
@run_tag_option
def search(text, settings, sort, limit, page, facets, facet_limit, fmt, columns, null, collapse, count, explain,
           feedback, fail_on_empty, qid, run_tag, **filters):
    """Search the index. TEXT is optional: with filters only, lists matching articles newest first.

    \b
    Query syntax: words, "phrases", AND / OR / NOT, -word, (groups),
    field:value for title, author, source, person, place, org, and dates:
    date:2022-09, date:[2022-01 TO 2022-06], date:>2022-09, date:2022..2023.
    """
    query = query_from_options(text, sort=sort, limit=settings.limit if limit is None else limit, page=page,
                               facets=facets, facet_limit=facet_limit, collapse=collapse, count=count,
                               feedback=feedback, **filters)
    columns = output.column_list(columns)
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.search(query, explain=explain, with_text=output.wants_text(columns))
    warn(results.warnings + output.left_out(results, fmt, columns) + ignored_options(fmt))
    if results.explain and fmt not in ("table", "json"):  # asked for, and no place in the data: said beside it
        click.echo("explain:\n" + textwrap.indent(results.explain, "  "), err=True)
    output.render(results, fmt, sys.stdout, columns=columns, null=null, qid=qid, tag=run_tag)
    if fail_on_empty and results.total == 0:
        raise NoResults("no articles matched")


@cli.command()
@click.argument("article_id")
@index_options
@format_option("article")
def show(article_id, settings, fmt):
    """Show one article with its metadata and entities."""
    with open_index(settings.index, settings, create=False) as idx:
        output.render(idx.get(article_id), fmt, sys.stdout)


@cli.command()
@click.argument("article_id")
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--limit", "-n", type=click.IntRange(0, 100_000), default=None,
              help="Hits per page, as search's (0: the count only) [default 10].")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--include-copies", is_flag=True,
              help="List every copy: of the article's own story too, and each copy of the others (by default "
                   "one article a story).")
@format_option("results")
def similar(article_id, text, settings, limit, page, include_copies, fmt, **filters):
    """Articles most like ARTICLE_ID: shared key terms and entities; one article a story, its own left out.
    TEXT (query words) and the filters narrow: only the articles they match are ranked."""
    options = query_from_options(text, **filters).to_dict()
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.similar(article_id, limit=settings.limit if limit is None else limit,
                              include_copies=include_copies, **{**options, "page": page})
    warn(results.warnings)
    output.render(results, fmt, sys.stdout, qid=article_id)


@cli.command()
@click.argument("article_id")
@index_options
@format_option("story")
def story(article_id, settings, fmt):
    """List the copies of an article's story with dates, sources and what each changed."""
    with open_index(settings.index, settings, create=False) as idx:
        output.render(idx.story(article_id), fmt, sys.stdout)

