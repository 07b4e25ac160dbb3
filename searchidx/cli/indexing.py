"""Commands that build and look after an index: index, stats, check, export."""

from __future__ import annotations

import os
import signal
import sys

import click

from .. import output
from ..api import open_index
from ..errors import CheckFailed, NothingRead, Terminated
from ..output.text import counted
from .group import cli
from .options import format_option, index_options


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
@click.option("--allow-empty", is_flag=True,
              help="Remove the articles of a folder in PATHS that holds no article files now (by default they "
                   "are kept: an unmounted disk or network share looks like an empty folder).")
@format_option("update")
def index(paths, settings, rebuild, refresh_entities, jobs, wait, allow_empty, fmt):
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
            report = idx.update(paths, rebuild=rebuild, jobs=jobs or os.cpu_count() or 1, progress=progress, wait=wait,
                                allow_empty=allow_empty)
        except KeyboardInterrupt as e:  # Ctrl-C, SIGTERM or SIGHUP while the corpus was walked, or a second one
            if bar is not None:
                bar.close()
            for note in getattr(e, "__notes__", ["Interrupted."]):
                click.echo(f"Interrupted: {note.removeprefix('searchidx: ')}", err=True)
            sys.exit(e.exit_code if isinstance(e, Terminated) else 128 + signal.SIGINT)
        finally:
            if bar is not None:
                bar.close()
    for note in report.notes:
        click.echo(note, err=True)
    for path, reason in [*report.failed, *report.warnings]:
        click.echo(output.one_line(f"{path}: {reason}"), err=True)
    output.render(report, fmt, sys.stdout, index=settings.location)
    if report.interrupted:
        done = (f"nothing was committed and no index was left at {settings.index}" if report.no_index_left else
                "everything read so far is committed")
        click.echo(f"Interrupted after {report.files_read} file{'s' * (report.files_read != 1)}: {done}; "
                   "run the same command again to finish.", err=True)
        sys.exit(128 + (report.stop_signal or signal.SIGINT))  # 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP
    if report.nothing_read:  # as a path that does not exist: the input is at fault (exit 2)
        n = len(report.failed)
        raise NothingRead(f"nothing indexed: none of the files could be read ({n} failure{'s' * (n > 1)} "
                          "listed above)")
    if report.held_back:  # the run did not do all it was asked: a script must not take it for done
        n = len(report.held_back)
        raise NothingRead(f"nothing removed from {n} folder{'s' * (n > 1)} holding no article files now (listed "
                          "above): is a disk or network share not mounted?")
    if report.nothing_found:  # an empty folder or the wrong one: as unreadable files, the input is at fault
        from ..ingest.discover import nothing_found

        raise NothingRead(nothing_found(paths))


def _progress_bar():
    if not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="file", file=sys.stderr, leave=False, dynamic_ncols=True)

    def progress(done, total):
        if bar.disable:
            return
        if bar.total != total:
            bar.total = total
        bar.n = done
        try:
            bar.refresh() if done == total or done % 25 == 0 else None
        except OSError:  # the terminal is gone (SIGHUP): the run goes on to its stop, without the bar
            bar.disable = True
    return progress, bar


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
        mend = (f"; {counted(report.damaged, 'damaged segments')}: rebuild the index from its files (searchidx index "
                f"CORPUS --rebuild --index {report.index})" if report.damaged else "")
        raise CheckFailed(f"{counted(len(report.problems), 'problems')} in {report.index}{mend}")


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

