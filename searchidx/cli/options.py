"""Options several commands share (index and settings, query filters, --format, --run-tag) and the Query
built from them."""

from __future__ import annotations

import functools

import click

from .. import dates, output
from ..config import BACKENDS, load_settings
from ..errors import DATE_FORMS, DateFilterError, DateParseError
from ..evaluate import RUN_TAG
from ..ingest.article import KINDS
from ..search.query import MATCHES, Query


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


# what a count counts: articles, or stories (a story's copies once), for search, timeline, facets and entities
count_option = click.option("--count", "count", type=click.Choice(["articles", "stories"]), default=None,
                            help="Count per article or per story (a story's copies once) [default: articles].")


def format_option(kind: str, default: str | None = "", help: str | None = None):
    """``--format`` for a command whose result is of ``kind``: choices and default from output.FORMATS_OF."""
    choices = output.FORMATS_OF[kind]
    chosen = choices[0] if default == "" else default
    return click.option("--format", "fmt", type=click.Choice(choices), default=chosen,
                        show_default=chosen is not None, help=help or "Output format.")


def warn(warnings, prefix: str = "") -> None:
    """Filter values that matched nothing: said on stderr, so that piped output stays clean."""
    for warning in warnings:
        click.echo(f"{prefix}warning: {warning}", err=True)


def warn_if_none_matched(results) -> None:
    """Counts over a search that matched nothing ('searchidx facets oill': 'person: (none)'): said on stderr,
    with the spelling suggestion a search shows, so a slip does not read as a topic nobody names."""
    if results.total == 0:
        what = repr(results.query) if results.query else "the filters"
        hint = f"; did you mean: {results.suggestion}" if results.suggestion else ""
        warn([f"no article matches {what}{hint}"])


# options that only one format reads: given with another, they are said to be ignored
_FORMAT_OF_OPTION = {"null": "paths", "qid": "trec", "run_tag": "trec"}


def ignored_options(fmt: str) -> list[str]:
    """The options of the current command given on the command line that ``fmt`` does not read."""
    from click.core import ParameterSource

    ctx = click.get_current_context()
    return [f"--{name.replace('_', '-')} is for --format {wanted}: it changes nothing in --format {fmt}"
            for name, wanted in _FORMAT_OF_OPTION.items()
            if fmt != wanted and ctx.get_parameter_source(name) in (ParameterSource.COMMANDLINE,
                                                                     ParameterSource.ENVIRONMENT)]


def _a_tag(ctx, param, value: str) -> str:
    """An empty tag ('--run-tag "$TAG"' with TAG unset) was written as the default, unsaid."""
    if not value.strip():
        raise click.BadParameter("a run's tag cannot be empty: it names the run in each TREC line")
    return value


def _a_query_id(ctx, param, value: str | None) -> str | None:
    """An empty query id ('--qid "$QID"' with QID unset) was written as the query's text, unsaid."""
    if value is not None and not value.strip():
        raise click.BadParameter("a query id cannot be empty: it names the query in each TREC line")
    return value


qid_option = click.option("--qid", metavar="ID", callback=_a_query_id,
                          help="With --format trec: the query id written [default: the query text].")

run_tag_option = click.option("--run-tag", metavar="TAG", default=RUN_TAG, show_default=True, callback=_a_tag,
                              help="The run's name: the last field of each TREC run line (--format trec).")


def as_of_time(value: str | None):
    """--as-of read as the moment relative dates are counted from; an error names the option."""
    try:
        return dates.parse_date(value).value if value else None
    except DateParseError as e:
        raise DateFilterError("as-of", value or "", f"{e.why}; dates look like {DATE_FORMS}") from None


def query_from_options(text, person, place, org, source, lang, kind, since, until, literal, match, **extra) -> Query:
    """The one Query a command's text and filter options give; an empty filter value is an error."""
    given = {"person": person, "place": place, "org": org, "source": source, "lang": lang,
             "since": (since,) if since is not None else (), "until": (until,) if until is not None else ()}
    for name, values in given.items():  # `--person "$NAME"` with NAME unset would filter nothing: all articles
        if any(not v.strip() for v in values):
            raise click.BadParameter("an empty value filters nothing: give one, or leave the option out",
                                     param_hint=f"'--{name}'")
    if isinstance(text, tuple) and text and not "".join(text).strip():  # `searchidx search "$TOPIC"`, TOPIC unset
        raise click.BadParameter("an empty query matches every article: give words, or leave TEXT out to list "
                                 "the articles the filters find", param_hint="'TEXT'")
    return Query(q=" ".join(text) if isinstance(text, tuple) else (text or ""), person=person, place=place,
                 org=org, source=source, lang=lang, kind=kind, since=since, until=until, literal=literal,
                 match=match, **extra)
