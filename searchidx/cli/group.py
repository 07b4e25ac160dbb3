"""The root command group and how a run ends: library errors as one-line messages with their exit codes, a
reader that left early (closed pipe), output encodings that lack a character."""

from __future__ import annotations

import codecs
import io
import os
import sys
import traceback
from typing import NoReturn, TextIO

import click

from ..errors import SearchidxError

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
            # "searchidx search war -putin": a word to leave out; only a command that takes query words has one
            if not e.option_name.startswith("--") and _takes_query_words(e.ctx):
                e.message = (e.message.rstrip(".") + ". A word to leave out is read as an option unless the query "
                             "is quoted ('war -putin') or comes after -- (war -- -putin)")
            raise
        except SearchidxError as e:
            err = click.ClickException(e.for_cli())
            err.exit_code = e.exit_code
            raise err from None


def _takes_query_words(ctx: click.Context | None) -> bool:
    """Does the command that failed read query words (a ``text`` argument), as search, facets and timeline do?"""
    command = ctx.command if ctx is not None else None
    return command is not None and any(isinstance(p, click.Argument) and p.name == "text" for p in command.params)


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


# Commands that only read the index and write nothing but standard output. They end with os._exit once
# their output is flushed: Python's own teardown frees every object one by one, about 7% of a search's
# instructions, and for these there is nothing left to close, remove or join.
READ_ONLY_COMMANDS = frozenset({"search", "show", "timeline", "similar", "story", "facets", "entities",
                                "trending", "stats"})
# A run of `index` that ended well ends so too: its writer and reader processes are joined, its commits made,
# its lock released and its report written, and the teardown would only free the entity tables and the run's
# own structures one by one, on one core after the writers have finished (111 million instructions after
# indexing 50 wire stories, 5% of that run). A failed run exits as usual.
WRITE_COMMANDS_EXITING_AT_ONCE = frozenset({"index"})


def print_crash(error: BaseException, file: TextIO) -> None:
    """The traceback of an error nothing caught (a bug), as Python prints it, ending with the notes added to
    it (the index's ``is as it was at its last commit ...`` line): Python prints notes itself from 3.11,
    and this prints those its traceback left out (all of them before 3.11, where ``__notes__`` is only kept)."""
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    notes = "".join(f"{note}\n" for note in getattr(error, "__notes__", ()) if isinstance(note, str))
    file.write(text if text.endswith(notes) else text + notes)
    file.flush()


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
    except Exception as error:  # a bug: the traceback, and under it what the index was left as
        print_crash(error, sys.stderr)
        code = 1
    try:  # output still buffered is written now, while a reader that left can be told from an error
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader left early (`| head`): a quiet end, as for any command
        _quiet_closed_streams()
        code = PIPE_CLOSED
    if command in READ_ONLY_COMMANDS or (command in WRITE_COMMANDS_EXITING_AT_ONCE and code == 0):
        os._exit(code)
    sys.exit(code)
