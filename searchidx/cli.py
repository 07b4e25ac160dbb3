"""The searchidx command line: each command parses options, makes one library call, and renders."""

from __future__ import annotations

import codecs
import functools
import io
import json
import os
import sys
from typing import NoReturn

import click

from . import dates, output
from .api import open_index
from .config import BACKENDS, load_settings
from .errors import DATE_FORMS, CheckFailed, DateFilterError, DateParseError, NoResults, NothingRead, SearchidxError
from .evaluate import DEFAULT_MEASURES, DEPTH, RUN_TAG
from .ingest.article import KINDS
from .search.query import ENTITY_RANKS, ENTITY_TYPES, FACET_NAMES, MATCHES, SORTS, SPLITS, Query

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# The exit status of a command whose reader left early (`searchidx search oil | head -1`): what a shell
# reports for git, grep or cat stopped by SIGPIPE there (128 + 13). Python's recipe (the signal module's
# "Note on SIGPIPE") exits 1, but 1 is searchidx's "nothing matched" (--fail-on-empty). SIGPIPE itself
# stays ignored, as that note says: restored, it would also kill a search talking to a cluster.
PIPE_CLOSED = 141


def _reader_left() -> NoReturn:
    """Standard output (or error) is a pipe nobody reads any more: end at once and say nothing, as git,
    grep and ripgrep do."""
    _quiet_closed_streams()
    sys.exit(PIPE_CLOSED)


def _quiet_closed_streams() -> None:
    """What is still buffered for a closed pipe goes to /dev/null: the flush at exit cannot fail again
    and print a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, stream.fileno())
                os.close(devnull)
            except (OSError, ValueError):
                pass


class _Group(click.Group):
    """Turns library errors into one-line ``Error: ...`` messages with the error's exit code."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:  # --help and --version print while the arguments are read
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            _reader_left()

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _reader_left()
        except click.NoSuchOption as e:
            if not e.option_name.startswith("--"):  # "searchidx search war -putin": a word to leave out
                e.message = (e.message.rstrip(".") + ". A word to leave out is read as an option unless the query "
                             "is quoted ('war -putin') or comes after -- (war -- -putin)")
            raise
        except SearchidxError as e:
            err = click.ClickException(e.for_cli())
            err.exit_code = e.exit_code
            raise err from None


def index_options(fn):
    @click.option("--index", "index_dir", envvar="SEARCHIDX_INDEX", metavar="DIR",
                  help="Index directory [env SEARCHIDX_INDEX; default ./.searchidx].")
    @click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
                  help="Settings file [env SEARCHIDX_CONFIG; default ./searchidx.yaml if present].")
    @click.option("--entities", "entity_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  metavar="FILE", help="Extra entity registry file (repeatable).")
    @click.option("--backend", type=click.Choice(BACKENDS), envvar="SEARCHIDX_BACKEND",
                  help="Index in a folder (whoosh, default) or an OpenSearch/Elasticsearch cluster [env "
                       "SEARCHIDX_BACKEND].")
    @click.option("--url", metavar="URL", help="The cluster's address with --backend opensearch [env "
                                               "SEARCHIDX_OPENSEARCH_URL]; credentials only from the environment.")
    @functools.wraps(fn)
    def wrapper(index_dir, config_file, entity_files, backend, url, **kwargs):
        settings = load_settings(config_file, index_dir, tuple(entity_files), backend, url)
        return fn(settings=settings, **kwargs)
    return wrapper


def query_options(fn):
    options = [
        click.option("--person", multiple=True, metavar="NAME",
                     help="Only articles naming this person. Repeated: any of them (all of them with --match all)."),
        click.option("--place", multiple=True, metavar="NAME",
                     help="Only articles naming this place (repeatable, as --person)."),
        click.option("--org", multiple=True, metavar="NAME",
                     help="Only articles naming this organisation (repeatable, as --person)."),
        click.option("--match", type=click.Choice(MATCHES), default="any", show_default=True,
                     help="Repeated --person/--place/--org: articles naming any of them, or all of them."),
        click.option("--source", multiple=True, metavar="NAME", help="Only articles from this source (repeatable)."),
        click.option("--lang", multiple=True, metavar="CODE",
                     help="Only articles in this language: an ISO 639-1 code such as en or de, or its English "
                          "name (repeatable)."),
        click.option("--kind", multiple=True, type=click.Choice(KINDS),
                     help="Only pages of this kind: article, listing (section, tag or search pages) or liveblog."),
        click.option("--since", metavar="DATE", help="From this date on: 2022, 2022-09, 2022-09-20, 'last 30 days'."),
        click.option("--until", metavar="DATE", help="Up to and including this date (same forms)."),
        click.option("--literal", is_flag=True, help="Search the text as plain words: no operators or fields."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def format_option(kind: str, default: str | None = "", help: str | None = None):
    """``--format`` for a command whose result is of ``kind``: choices and default from output.FORMATS_OF."""
    choices = output.FORMATS_OF[kind]
    chosen = choices[0] if default == "" else default
    return click.option("--format", "fmt", type=click.Choice(choices), default=chosen,
                        show_default=chosen is not None, help=help or "Output format.")


def _warn(warnings, prefix: str = "") -> None:
    """Filter values that matched nothing: said on stderr, so that piped output stays clean."""
    for warning in warnings:
        click.echo(f"{prefix}warning: {warning}", err=True)


run_tag_option = click.option("--run-tag", metavar="TAG", default=RUN_TAG, show_default=True,
                              help="The run's name: the last field of each TREC run line (--format trec).")


def _as_of(value: str | None):
    """--as-of read as the moment relative dates are counted from; an error names the option."""
    try:
        return dates.parse_date(value).value if value else None
    except DateParseError as e:
        raise DateFilterError("as-of", value or "", f"{e.why}; dates look like {DATE_FORMS}") from None


def _query(text, person, place, org, source, lang, kind, since, until, literal, match, **extra) -> Query:
    given = {"person": person, "place": place, "org": org, "source": source, "lang": lang,
             "since": (since,) if since is not None else (), "until": (until,) if until is not None else ()}
    for name, values in given.items():  # `--person "$NAME"` with NAME unset would filter nothing: all articles
        if any(not v.strip() for v in values):
            raise click.BadParameter("an empty value filters nothing: give one, or leave the option out",
                                     param_hint=f"'--{name}'")
    return Query(q=" ".join(text) if isinstance(text, tuple) else (text or ""), person=person, place=place,
                 org=org, source=source, lang=lang, kind=kind, since=since, until=until, literal=literal,
                 match=match, **extra)


@click.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="searchidx")
def cli():
    """Index folders of news articles and search them with entity, source and date filters.

    \b
    searchidx index corpus/
    searchidx search referendum --place Ukraine --since 2022-09 --facet person
    searchidx show ID
    """
    _tolerant_output()


def _u_escape(error: UnicodeError) -> tuple[str, int]:
    """The characters an encoding lacks as JSON's \\uXXXX escapes (a surrogate pair above U+FFFF)."""
    assert isinstance(error, UnicodeEncodeError)
    out = []
    for ch in error.object[error.start:error.end]:
        code = ord(ch)
        if code > 0xFFFF:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return "".join(out), error.end


codecs.register_error("searchidx-u-escape", _u_escape)


def _tolerant_output() -> None:
    """Output to a terminal or pipe whose encoding lacks a character (PYTHONIOENCODING=ascii, a Windows code
    page) writes it as \\uXXXX instead of ending in a traceback; JSON output stays valid JSON that way."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding or "utf-8").name != "utf-8":
                stream.reconfigure(errors="searchidx-u-escape")
        except (LookupError, ValueError, io.UnsupportedOperation):
            pass  # not a text stream that can be reconfigured: leave it as it is


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_options
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option("--refresh-entities", is_flag=True,
              help="Re-apply the entity registry to stored articles (after editing it); reads no files.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Worker processes reading files [default: number of CPUs].")
@click.option("--wait", type=click.FloatRange(0), default=0, metavar="SECONDS",
              help="If another searchidx is indexing into the same index, wait up to SECONDS for it.")
@format_option("update")
def index(paths, settings, rebuild, refresh_entities, jobs, wait, fmt):
    """Index article files under PATHS (.txt .md .html .json .jsonl .csv, also .gz).

    Re-running reads only new and changed files and removes deleted ones.
    """
    if refresh_entities and paths and fmt == "json":
        raise click.UsageError("--refresh-entities with PATHS writes two reports: with --format json, run "
                               "'index --refresh-entities' and 'index PATHS' as two commands")
    if refresh_entities:
        with open_index(settings.index, settings, create=False) as idx:
            done = idx.refresh_entities(wait=wait)
        output.render(done, fmt, sys.stdout, index=settings.location)
        if not paths:
            return
    elif not paths:
        raise click.UsageError("give one or more PATHS to index (or --refresh-entities)")
    progress, bar = _progress_bar()
    with open_index(settings.index, settings) as idx:
        try:
            report = idx.update(paths, rebuild=rebuild, jobs=jobs or os.cpu_count() or 1, progress=progress, wait=wait)
        finally:
            if bar is not None:
                bar.close()
    for note in report.notes:
        click.echo(note, err=True)
    for path, reason in report.failed:
        click.echo(output.one_line(f"{path}: {reason}"), err=True)
    output.render(report, fmt, sys.stdout, index=settings.location)
    if report.interrupted:
        click.echo(f"Interrupted after {report.files_read} files: everything read so far is committed; "
                   "run the same command again to finish.", err=True)
        sys.exit(130)
    if report.nothing_read:  # as a path that does not exist: the input is at fault (exit 2)
        n = len(report.failed)
        raise NothingRead(f"nothing indexed: none of the files could be read ({n} failure{'s' * (n > 1)} "
                          "listed above)")
    if report.nothing_found:  # an empty folder or the wrong one: as unreadable files, the input is at fault
        from .ingest.discover import nothing_found

        raise NothingRead(nothing_found(paths))


def _progress_bar():
    if not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)

    def progress(done, total):
        if bar.total != total:
            bar.total = total
        bar.n = done
        bar.refresh() if done == total or done % 25 == 0 else None
    return progress, bar


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
@click.option("--count", "count", type=click.Choice(["articles", "stories"]), default="articles", show_default=True,
              help="Count totals and facets per article or per story.")
@click.option("--explain", is_flag=True, help="Also show the compiled query, filter and entity resolution.")
@click.option("--feedback", is_flag=True,
              help="Re-rank the best hits with words common in the top ten (pseudo-relevance feedback).")
@click.option("--fail-on-empty", is_flag=True, help="Exit with status 1 when nothing matches.")
@click.option("--qid", metavar="ID", help="With --format trec: the query id written [default: the query text].")
@run_tag_option
def search(text, settings, sort, limit, page, facets, facet_limit, fmt, columns, null, collapse, count, explain,
           feedback, fail_on_empty, qid, run_tag, **filters):
    """Search the index. TEXT is optional: with filters only, lists matching articles newest first.

    \b
    Query syntax: words, "phrases", AND / OR / NOT, -word, (groups),
    field:value for title, author, source, person, place, org, and dates:
    date:2022-09, date:[2022-01 TO 2022-06], date:>2022-09, date:2022..2023.
    """
    query = _query(text, sort=sort, limit=settings.limit if limit is None else limit, page=page, facets=facets,
                   facet_limit=facet_limit, collapse=collapse, count=count, feedback=feedback, **filters)
    columns = [c.strip() for c in columns.split(",")] if columns else None
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.search(query, explain=explain, with_text=output.wants_text(columns))
    _warn(results.warnings)
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
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--by", type=click.Choice(dates.PERIODS), default="month", show_default=True)
@click.option("--split", type=click.Choice(SPLITS), help="One series per top value.")
@click.option("--top", type=click.IntRange(1), default=5, show_default=True, help="Series shown with --split.")
@click.option("--count", "count", type=click.Choice(["articles", "stories"]), default="articles", show_default=True)
@format_option("timeline")
@click.option("--plot", "plot_file", metavar="FILE",
              help="Also write a chart to FILE.png or FILE.svg (needs matplotlib).")
def timeline(text, settings, by, split, top, count, fmt, plot_file, **filters):
    """Coverage over time: matching articles (or stories) per day, week, month or year."""
    query = _query(text, count=count, **filters)
    with open_index(settings.index, settings, create=False) as idx:
        tl = idx.timeline(query, by=by, split=split, top=top)
    _warn(tl.warnings)
    output.render(tl, fmt, sys.stdout)
    if plot_file:
        output.plot_timeline(tl, plot_file, f"{query.q or 'All articles'}: {tl.counted} per {by}")
        click.echo(f"chart written to {plot_file}", err=True)


@cli.command()
@click.argument("article_id")
@index_options
@query_options
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--include-copies", is_flag=True,
              help="List every copy: of the article's own story too, and each copy of the others (by default "
                   "one article a story).")
@format_option("results")
def similar(article_id, settings, limit, include_copies, fmt, text=(), **filters):
    """Articles most like ARTICLE_ID: shared key terms and entities; one article a story, its own left out."""
    options = {k: v for k, v in _query((), **filters).to_dict().items() if k not in ("q",)}
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.similar(article_id, limit=limit, include_copies=include_copies, **options)
    _warn(results.warnings)
    output.render(results, fmt, sys.stdout, qid=article_id)


@cli.command()
@click.argument("article_id")
@index_options
@format_option("story")
def story(article_id, settings, fmt):
    """List the copies of an article's story with dates, sources and what each changed."""
    with open_index(settings.index, settings, create=False) as idx:
        output.render(idx.story(article_id), fmt, sys.stdout)


@cli.command()
@click.argument("text", nargs=-1)
@index_options
@query_options
@click.option("--facet", "names", multiple=True, type=click.Choice(FACET_NAMES),
              help="Facets to count (repeatable) [default: all].")
@click.option("--top", type=click.IntRange(1), default=10, show_default=True)
@format_option("facets")
def facets(text, settings, names, top, fmt, **filters):
    """Count facet values over the whole index, or over the matches of a search."""
    query = _query(text, facets=names or FACET_NAMES, facet_limit=top, limit=0, **filters)
    with open_index(settings.index, settings, create=False) as idx:
        results = idx.search(query)
    _warn(results.warnings)
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
def entities(text, settings, types, top, fmt, suggest_aliases, min_together, rank, min_count, **filters):
    """People, places and organisations with article counts, over the index or a search's matches.

    \b
    searchidx entities --person Putin --rank association
    """
    with open_index(settings.index, settings, create=False) as idx:
        if suggest_aliases:
            from .enrich.suggest import to_yaml
            click.echo(to_yaml(idx.suggest_aliases(types or ENTITY_TYPES, min_together)), nl=False)
            return
        if rank == "association":
            found = idx.associations(_query(text, **filters), types=types, top=top, min_count=min_count)
        else:
            found = idx.search(_query(text, facets=types or ENTITY_TYPES, facet_limit=top, limit=0,
                                      **filters))
    _warn(found.warnings)
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
        found = idx.trending(_query(text, **filters), baseline=baseline, types=types, top=top, min_count=min_count)
    _warn(found.warnings)
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
        graph = idx.network(_query(text, **filters), types=types, top=top, min_articles=min_articles)
    _warn(graph.warnings)
    if out_file:
        output.write_results_file(graph, output.format_of_file(out_file, "network"), out_file)
        click.echo(f"{len(graph.nodes)} names and {len(graph.edges)} links written to {out_file}", err=True)
    else:
        output.render(graph, fmt, sys.stdout)


@cli.command()
@index_options
@click.option("--top", type=click.IntRange(1), default=5, show_default=True)
@format_option("stats")
def stats(settings, top, fmt):
    """Article and file counts, date span, top facet values and size on disk."""
    with open_index(settings.index, settings, create=False) as idx:
        output.render(idx.stats(top=top), fmt, sys.stdout)


@cli.command()
@index_options
@click.option("--no-files", is_flag=True, help="Do not compare the indexed files with the ones on disk.")
@format_option("check")
def check(settings, no_files, fmt):
    """Read the whole index back and say what is wrong: exit 1 if anything is.

    Checks each segment against the checksum taken when it was written, decompresses every stored
    article, compares column sizes, looks for ids held twice and for indexed files changed or gone.
    """
    with open_index(settings.index, settings, create=False) as idx:
        report = idx.check(files=not no_files)
    output.render(report, fmt, sys.stdout)
    if not report.ok:
        mend = (f"; {report.damaged} damaged segment(s): rebuild the index from its files (searchidx index CORPUS "
                f"--rebuild --index {report.index})" if report.damaged else "")
        raise CheckFailed(f"{len(report.problems)} problem(s) in {report.index}{mend}")


@cli.command()
@index_options
@click.option("--format", "fmt", type=click.Choice(["opensearch-bulk"]), required=True,
              help="opensearch-bulk: bulk NDJSON files (each one POST _bulk request) and template.json.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True, metavar="DIR",
              help="The folder to write into (created; must hold no earlier export).")
def export(settings, fmt, out_dir):
    """Write the index's articles for loading elsewhere: searchidx export --format opensearch-bulk --out dump/"""
    with open_index(settings.index, settings, create=False) as idx:
        click.echo(idx.export(out_dir, fmt).summary())


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
    from . import saved  # only this command reads saved queries: searches start faster without it

    if schema:
        click.echo(json.dumps(saved.json_schema(), indent=2))
        return
    if not file:
        raise click.UsageError("FILE is required (or use --schema)")
    now = _as_of(as_of)
    queries = saved.load_queries(file).resolve(saved.parse_assignments(assignments), names, now, fmt)
    targets = saved.output_targets(queries, file, out_dir, settings.index, out_anywhere)
    if check:
        for rq in queries:
            as_json = json.dumps(rq.query.to_dict(), ensure_ascii=False) + (f" report {rq.report}" if rq.report else "")
            click.echo(f"{rq.name}: {as_json} -> {targets[rq.name] or rq.format}")
        click.echo(f"{file}: {len(queries)} queries OK")
        return
    with open_index(settings.index, settings, create=False) as idx:
        runs = idx.run(queries, diff=diff, now=now)
    printed = False
    for name, outcome in runs.items():
        _warn(outcome.warnings, f"{name}: ")
        rq = outcome.resolved
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
            one = {"articles": "article", "stories": "story"}.get(unit, unit)
            in_all = f"1 {one} matches" if outcome.total == 1 else f"{outcome.total} {unit} match"
            click.echo(f"Nothing new since the last run ({last}); {in_all} in all.\n")
            printed = True
        else:
            click.echo(f"== {name}" + (f": {rq.description}" if rq.description else ""))
            output.render(outcome.results, rq.format, sys.stdout, columns=rq.columns)
            click.echo()
            printed = True
    to_stderr = printed and any(r.resolved.format != "table" for r in runs.values())
    output.render_run_summary(list(runs.values()), diff, sys.stderr if to_stderr else sys.stdout)
    if fail_on_empty and any(getattr(r.results, "total", r.total) == 0 for r in runs.values()):
        raise NoResults("a saved query returned no results")


@cli.command()
@index_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers this computer only; 0.0.0.0 shares it on purpose.")
@click.option("--port", type=click.IntRange(1, 65535), default=8008, show_default=True)
@click.option("--queries", "queries_file", type=click.Path(exists=True, dir_okay=False), metavar="FILE",
              help="Saved-query YAML file to list and run in the browser.")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Searches answered at once (each keeps an open searcher).")
def serve(settings, host, port, queries_file, workers):
    """Search and browse the index in a web browser, with a JSON API (read-only; needs searchidx[web]).

    \b
    searchidx serve --queries config/queries.example.yaml    then open http://127.0.0.1:8008/
    """
    from .web import serve as run_server

    run_server(settings, host, port, queries_file, workers)


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
    from . import evaluate, saved

    if compare or run_file:
        if names or as_of or depth or write_run or (compare and run_file):
            raise click.UsageError("--run RUN and --compare RUN_A RUN_B measure run files: one or the other, and "
                                   "no --name, --as-of, --depth or --write-run")
        judged = evaluate.load_judgements(queries, qrels, saved.parse_assignments(assignments))
        measured = (evaluate.compare(*compare, judged, measures or DEFAULT_MEASURES) if compare else
                    evaluate.evaluate_run(run_file, judged, measures or DEFAULT_MEASURES))
        _warn(measured.warnings)
        output.render(measured, fmt, sys.stdout)
        return
    if not queries:
        raise click.UsageError("give a QUERIES file of saved queries (or --run RUN, or --compare RUN_A RUN_B)")
    now = _as_of(as_of)
    with open_index(settings.index, settings, create=False) as idx:
        ev = idx.evaluate(queries, qrels, saved.parse_assignments(assignments), names, depth, measures, now)
    _warn(ev.warnings)
    if write_run:
        evaluate.write_run(write_run, ev.rankings, run_tag)
    output.render(ev, fmt, sys.stdout)


# Commands that only read the index and write nothing but standard output. They end with os._exit once
# their output is flushed: Python's own teardown frees every object one by one, about 7% of a search's
# instructions, and for these there is nothing left to close, remove or join.
READ_ONLY_COMMANDS = frozenset({"search", "show", "timeline", "similar", "story", "facets", "entities",
                                "trending", "stats"})


def main():
    args = sys.argv[1:]
    command = next((a for a in args if not a.startswith("-")), None)
    try:
        cli(args, prog_name="searchidx")
        code = 0
    except SystemExit as done:
        if not isinstance(done.code, (int, type(None))):
            raise
        code = done.code or 0
    try:  # output still buffered is written now, while a reader that left can be told from an error
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left early (`| head`): a quiet end, as for any command
        _quiet_closed_streams()
        code = PIPE_CLOSED
    if command in READ_ONLY_COMMANDS:
        os._exit(code)
    sys.exit(code)
