"""The one error hierarchy of searchidx. Each error carries the CLI exit code it maps to."""

from __future__ import annotations

from collections.abc import Iterable


class SearchidxError(Exception):
    """Base of every error searchidx raises on purpose. ``str(err)`` is a one-line message in the words of
    the library (its arguments: ``since``, ``by``, ``literal=True``); ``cli``, when the command line names
    the same thing otherwise (``--since``, ``--by``, ``--literal``), is the message as the CLI prints it."""

    exit_code = 2

    def __init__(self, *args: object, cli: str | None = None):
        super().__init__(*args)
        self.cli = cli

    def for_cli(self) -> str:
        """The message as the command line says it (its options for the library's arguments)."""
        return self.cli or str(self)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'; did you mean title?' for a word a slip away from one of ``choices`` (titel, colums), else ''."""
    import difflib

    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.75)
    return f"; did you mean {close[0]}?" if close else ""


class _InFile(SearchidxError):
    """An error in a file the user wrote: ``Error(message, path, line)`` reads ``path:line: message``
    (``path: message`` without a line; just ``message`` without a path). searchidx.yamlfile raises the
    error class its caller passes in this one way."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None, cli: str | None = None):
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message, cli=where + cli if cli else None)
        self.path, self.line = path, line


class ConfigError(_InFile):
    """A settings or entity file is malformed; the message names the file and line."""


class ReadError(SearchidxError):
    """One article file could not be read. Ingest reports it and carries on."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


class NoArticles(ReadError):
    """A file was read and holds no article (it is empty, say): it is reported, and whatever an
    earlier version of it put in the index goes, as a clean build would not have it either."""


class DateParseError(SearchidxError, ValueError):
    """Text that is not a date searchidx understands. ``forms``: whether naming the forms dates take helps."""

    forms = True

    def __init__(self, text: str, why: str = "not a date I understand"):
        super().__init__(f"{text!r}: {why}" + (f" (try {DATE_FORMS})" if self.forms else ""))
        self.text, self.why = text, why


class DateOrderError(DateParseError):
    """Dates that are each fine but given in the wrong order: a range or a since/until pair that runs
    backwards (``dates.backwards`` is the rule)."""

    forms = False


class DateRangeGivenError(DateParseError):
    """A range where one date goes (``--since 2019..2020``): each end is a date, but only one is wanted.
    ``why`` holds ``{since}`` and ``{until}`` where the caller's names for the two go (``worded``)."""

    forms = False

    def __init__(self, text: str, why: str):
        super().__init__(text, why.replace("{since}", "since ").replace("{until}", "until "))
        self.template = why

    def worded(self, since: str, until: str) -> str:
        """The reason, naming the two dates as the caller writes them (``--since``, ``since:``)."""
        return self.template.replace("{since}", since).replace("{until}", until)


DATE_FORMS = "2022, 2022-09, 2022-09-20, '20 September 2022', 'last 30 days' or -7d"


class ArgumentTypeError(SearchidxError, TypeError):
    """A library argument of the wrong type (``idx.search(b"oil")``, ``person=[1]``), named: read as its
    ``str()`` it searched for something nobody typed and quietly found nothing."""


class DateFilterError(SearchidxError):
    """A since or until value (a baseline, an as-of date) that is not a date, or that leaves no dates at
    all. The message names ``option`` as the library's argument, and as ``--option`` on the command line;
    ``cli_why`` is ``why`` in the command line's words, where it names another option."""

    def __init__(self, option: str, value: str, why: str, cli_why: str | None = None, pair: bool = False):
        super().__init__(f"{option} {value!r}: {why}", cli=f"--{option} {value!r}: {cli_why or why}")
        self.option, self.value, self.why = option, value, why
        self.pair = pair  # since and until are each dates, but together leave none


class QuerySyntaxError(SearchidxError):
    """A search query that cannot be read. Carries the query text and the part at fault."""

    LITERAL_HINT = "Put the words in quotes, or use {literal}, to search them as plain text"

    def __init__(self, query: str, why: str, part: str | None = None, hint: str | None = LITERAL_HINT):
        self.query, self.part, self.why, self.hint = query, part, why, hint
        super().__init__(self.worded("literal=True"), cli=self.worded("--literal"))

    def worded(self, literal: str) -> str:
        """The message, naming the literal search as the caller asks for one (``--literal``, ``literal: true``)."""
        at = f" at {_cut(self.part)!r}" if self.part else ""
        hint = self.hint.replace("{literal}", literal) if self.hint else ""
        return f"invalid query {_cut(self.query)!r}{at}: {self.why}" + (f". {hint}" if hint else "")


def _cut(text: str, chars: int = 80) -> str:
    """Long query text shown by its start and end: a message stays one readable line."""
    return text if len(text) <= chars else f"{text[:chars // 2]}…{text[-chars // 4:]}"


class OutputError(SearchidxError):
    """An output option that cannot be honoured: a column or format that does not exist, a plot file."""


class SavedQueryError(_InFile):
    """A saved-query YAML file is invalid; the message names file, line, query and key."""


class EvalError(_InFile):
    """A qrels or TREC run file that cannot be read, or an evaluation that cannot be made (a judged query
    that is not in the query file, a measure that does not exist); names the file and line at fault."""


class NothingRead(SearchidxError):
    """``searchidx index`` could read none of the files it was given (each failure is listed before)."""


class TimelineTooLong(SearchidxError):
    """A timeline that would have more rows than it may: its matches span too many days, weeks or months."""


class SearchTimeout(SearchidxError):
    """A search ran past its time budget and was stopped."""


class CorpusNotFound(SearchidxError):
    """A path given to index does not exist."""


class ArticleNotFound(SearchidxError):
    """No article with the given id is in the index."""


class IndexProblem(SearchidxError):
    """The index cannot be used as it is (missing, locked, or of another version)."""

    exit_code = 3


class IndexNotFound(IndexProblem):
    pass


class IndexLockedError(IndexProblem):
    pass


class IndexVersionError(IndexProblem):
    pass


class DiskFull(IndexProblem):
    """The disk filled up while indexing; the index is as it was at its last commit."""


class WriterEnded(IndexProblem):
    """A writer process of a parallel run ended before its articles were committed (the out-of-memory killer,
    an error of its own); nothing of that batch is committed."""


class IndexDamaged(IndexProblem):
    """A file of the index cannot be read as what it should hold (truncated, emptied, overwritten)."""


class ClusterError(IndexProblem):
    """An OpenSearch or Elasticsearch cluster could not be reached, refused the request, or failed it."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, timeout, docker stop, systemd) or SIGHUP (the terminal closed, an ssh session
    dropped) ending a run at once where Ctrl-C would: a KeyboardInterrupt, so that whatever cleans up after
    Ctrl-C cleans up after it too; the command exits 128 + the signal's number for it (143, 129), as a shell
    reports a process the signal ended, where Ctrl-C exits 130."""

    def __init__(self, signum: int = 15):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def add_note(error: BaseException, note: str) -> None:
    """Python 3.11's ``BaseException.add_note``: a line printed under the traceback (what an interrupted
    or failed run left). Python 3.10 only keeps it, in ``__notes__``: the CLI prints it there
    (``cli.group.print_crash``; the index command prints that of a KeyboardInterrupt itself)."""
    add = getattr(error, "add_note", None)
    if add is not None:
        add(note)
    else:
        error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]


class CheckFailed(SearchidxError):
    """``searchidx check`` found something wrong (each problem is printed before)."""

    exit_code = 1


class NoResults(SearchidxError):
    """Raised by the CLI's --fail-on-empty when a search matched nothing."""

    exit_code = 1
