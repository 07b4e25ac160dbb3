"""A run that ends in an exception, a second Ctrl-C or SIGTERM, each injected at a chosen point (the N-th
file written, the walk, the closing merge), never by timing: the last commit stays searchable, no
unfinished segment files stay behind, a first run leaves no index, and the next run finishes the job."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_faults import make_corpus, settings_file, stored

import searchidx
from searchidx.cli import cli, main
from searchidx.config import load_settings
from searchidx.index import store, update
from searchidx.index.lock import LOCK_FILE, WriteLock
from searchidx.index.writer import segments_to_merge


def _fail_at(monkeypatch, n: int, error: BaseException) -> None:
    """The n-th file written raises ``error``."""
    real = update._write_file
    calls = [0]

    def failing(*args, **kwargs):
        calls[0] += 1
        if calls[0] == n:
            raise error
        return real(*args, **kwargs)
    monkeypatch.setattr(update, "_write_file", failing)


def _orphans(index: Path) -> list[str]:
    """Segment files the index's table of contents does not name, and Whoosh's temporary folders."""
    name = store.current_name(index)
    with searchidx.open_index(index, create=False) as idx:
        live = {seg.segid for seg in idx.engine.require()._segments()}
    return sorted(p.name for p in index.iterdir()
                  if (p.name.startswith(f"{name}_") and not p.name.endswith("_WRITELOCK")
                      and p.name[len(name) + 1:].split(".")[0] not in live) or p.name.endswith(".tmp"))


def _update(corpus: Path, index: Path, cfg: Path, jobs: int = 1):
    with searchidx.open_index(index, load_settings(str(cfg), str(index))) as idx:
        return idx.update([corpus], jobs=jobs)


@pytest.fixture(scope="module")
def fifty(tmp_path_factory):
    base = tmp_path_factory.mktemp("crashes")
    corpus = make_corpus(base / "corpus", 50)
    with searchidx.open_index(base / "clean") as idx:
        idx.update([corpus])
    return corpus, stored(base / "clean")


@pytest.mark.parametrize("error", [RuntimeError("a bug"), KeyboardInterrupt()])
def test_a_first_run_that_fails_before_its_first_commit_leaves_no_index(tmp_path, fifty, monkeypatch, error):
    corpus, clean = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    _fail_at(monkeypatch, 5, error)
    with pytest.raises(type(error)) as raised:
        _update(corpus, index, cfg)
    assert raised.value.__notes__ == [f"searchidx: indexing stopped before its first commit; no index was left "
                                      f"at {index}"]
    assert not index.exists()  # not an empty index searches would take for one holding nothing
    monkeypatch.undo()
    assert _update(corpus, index, cfg).added == 50
    assert stored(index) == clean


@pytest.mark.parametrize("python", ["3.11", "3.10"])
def test_the_line_under_a_crash_traceback_reaches_the_user_once_on_any_python(tmp_path, fifty, monkeypatch, capsys,
                                                                             python):
    """Python prints an exception's notes under its traceback from 3.11 only: on 3.10 the line saying
    what the index was left as was kept and never shown. "3.10" formats tracebacks as 3.10 does, without
    the notes (the command is run in this process, on whatever Python runs the tests)."""
    import traceback

    corpus, _ = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    _fail_at(monkeypatch, 35, RuntimeError("a bug"))
    if python == "3.10":
        real = traceback.format_exception

        def format_exception(exc_type, value, tb):
            notes = value.__dict__.pop("__notes__", None)
            try:
                return real(exc_type, value, tb)
            finally:
                if notes is not None:
                    value.__notes__ = notes
        monkeypatch.setattr(traceback, "format_exception", format_exception)
    monkeypatch.setattr(sys, "argv", ["searchidx", "index", str(corpus), "--index", str(index), "--config", str(cfg),
                                      "-j", "1"])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 1
    note = (f"searchidx: indexing stopped; the index at {index} is as it was at its last commit (30 articles, "
            "searchable); run the same command again to finish")
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and err.splitlines()[-2:] == ["RuntimeError: a bug", note]
    assert err.count(note) == 1


def test_a_first_run_into_a_folder_of_ones_own_takes_only_its_own_files_away(tmp_path, fifty, monkeypatch):
    corpus, _ = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    index.mkdir()
    (index / "notes.txt").write_text("mine", encoding="utf-8")
    _fail_at(monkeypatch, 5, RuntimeError("a bug"))
    with pytest.raises(RuntimeError):
        _update(corpus, index, cfg)
    assert [p.name for p in index.iterdir()] == ["notes.txt"]


def test_a_crash_after_some_commits_leaves_them_searchable_and_no_unfinished_files(tmp_path, fifty, monkeypatch):
    corpus, clean = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    _fail_at(monkeypatch, 35, RuntimeError("a bug"))  # after three commits of ten, with five files written
    with pytest.raises(RuntimeError) as raised:
        _update(corpus, index, cfg)
    assert raised.value.__notes__ == [f"searchidx: indexing stopped; the index at {index} is as it was at its last "
                                      "commit (30 articles, searchable); run the same command again to finish"]
    assert _orphans(index) == []
    assert len(stored(index)) == 30
    monkeypatch.undo()
    report = _update(corpus, index, cfg)
    assert (report.unchanged, report.added) == (30, 20)
    assert stored(index) == clean


def test_a_crash_during_the_closing_merge_keeps_every_commit_and_the_next_run_merges(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "c", 120)
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=5)

    def failing_merge(*args):
        raise RuntimeError("a bug in the merge")
    # With two jobs each commit writes ten articles, in a segment left as it is (Whoosh's own policy
    # would merge some), so that the closing merge has twelve to fold.
    monkeypatch.setattr(update, "commit", lambda writer, procs: writer.commit(merge=False))
    monkeypatch.setattr(update, "merge_tiers", failing_merge)
    with pytest.raises(RuntimeError, match="merge"):
        _update(corpus, index, cfg, jobs=2)
    assert _orphans(index) == []
    with searchidx.open_index(index, create=False) as idx:
        assert idx.search(limit=0).total == 120
        assert len(segments_to_merge(idx.engine.require()._segments())) >= 10
    monkeypatch.undo()
    report = _update(corpus, index, cfg)
    assert (report.unchanged, report.added) == (120, 0)
    with searchidx.open_index(index, create=False) as idx:
        assert idx.search(limit=0).total == 120
        assert not segments_to_merge(idx.engine.require()._segments())


def test_a_second_ctrl_c_leaves_the_last_commit_and_says_so_in_one_line(tmp_path, fifty, monkeypatch):
    corpus, _ = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    _fail_at(monkeypatch, 25, KeyboardInterrupt())
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg), "-j", "1"])
    assert result.exit_code == 130
    assert result.stderr == (f"Interrupted: indexing stopped; the index at {index} is as it was at its last commit "
                             "(20 articles, searchable); run the same command again to finish\n")
    assert _orphans(index) == []


def test_ctrl_c_while_the_corpus_is_walked_leaves_no_index(tmp_path, fifty, monkeypatch):
    corpus, _ = fifty
    index = tmp_path / "ix"

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(update, "begin", interrupted)
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index)])
    assert result.exit_code == 130
    assert result.stderr == f"Interrupted: indexing stopped before its first commit; no index was left at {index}\n"
    assert not index.exists()


# Run in a process of its own: SIGTERM is sent to it, and a run whose writer processes are left waiting
# never exits (the test's timeout then fails it).
SCRIPT = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from searchidx.index import update
    from searchidx.cli import cli

    index, at, how = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    real, real_begin, calls = update._write_file, update.begin, [0]

    def idle(writer):  # every job handed to the writer processes taken and written
        while any(p.suffix == ".doclist" for p in (index / "articles.tmp").glob("*")):
            time.sleep(0.01)

    def write_file(writer, *args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            if how == "error":
                idle(writer)
                raise RuntimeError("a bug")
            os.kill(os.getpid(), signal.SIGHUP if how == "hup" else signal.SIGTERM)
        return real(writer, *args, **kwargs)

    if how == "term-twice":  # the second SIGTERM ends the run at once
        def write_file(writer, *args, **kwargs):
            calls[0] += 1
            if calls[0] == at:
                os.kill(os.getpid(), signal.SIGTERM)
                os.kill(os.getpid(), signal.SIGTERM)
            return real(writer, *args, **kwargs)

    def begin(*args, **kwargs):
        if how == "term-walk":
            os.kill(os.getpid(), signal.SIGTERM)
        return real_begin(*args, **kwargs)

    update._write_file, update.begin = write_file, begin
    cli(sys.argv[4:], prog_name="searchidx")
""")


def _run(index: Path, at: int, how: str, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, str(index), str(at), how, "index", *args,
                           "--index", str(index)], capture_output=True, text=True, timeout=120, **options)


def test_a_parallel_run_that_fails_ends_instead_of_waiting_on_its_writer_processes(tmp_path):
    corpus = make_corpus(tmp_path / "c", 300)
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=200)
    # two writer processes, given their first job; the error comes while they wait for the next
    result = _run(index, 150, "error", str(corpus), "--config", str(cfg), "-j", "2")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-2:] == [
        "RuntimeError: a bug", f"searchidx: indexing stopped before its first commit; no index was left at {index}"]
    assert not index.exists()


@pytest.mark.parametrize("jobs, files, batch", [("1", 60, 10),
                                                ("2", 60, 10),  # two writer processes
                                                ("2", 250, 3000)])  # one writer, fed by a pool of readers
def test_sigterm_stops_as_ctrl_c_does_and_the_next_run_finishes(tmp_path, jobs, files, batch):
    corpus = make_corpus(tmp_path / "c", files)
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=batch)
    result = _run(index, 25, "term", str(corpus), "--config", str(cfg), "-j", jobs)
    assert result.returncode == 143, result.stderr  # 128 + SIGTERM, as a shell reports it (Ctrl-C: 130)
    assert "Interrupted after 25 files: everything read so far is committed" in result.stderr
    assert "(interrupted: run again to finish)" in result.stdout
    assert _orphans(index) == []
    assert len(stored(index)) == 25
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg)])
    assert again.exit_code == 0 and f"{files - 25} added, 0 updated, 0 removed, 25 unchanged" in again.stdout
    assert "stale lock" not in again.stderr


def test_sigterm_while_the_corpus_is_walked_leaves_no_index(tmp_path):
    corpus = make_corpus(tmp_path / "c", 20)
    index = tmp_path / "ix"
    result = _run(index, 0, "term-walk", str(corpus))
    assert result.returncode == 143, result.stderr
    assert result.stderr == f"Interrupted: indexing stopped before its first commit; no index was left at {index}\n"
    assert not index.exists()


def test_a_second_sigterm_ends_the_run_at_once_with_exit_143(tmp_path, fifty):
    """The first signal asks for a stop after the current file; the second ends the run at once, and the
    exit status says which signal did (128 + its number; a second Ctrl-C: 130, above)."""
    corpus, _ = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    result = _run(index, 25, "term-twice", str(corpus), "--config", str(cfg), "-j", "1")
    assert result.returncode == 143, result.stderr
    assert result.stderr == (f"Interrupted: indexing stopped; the index at {index} is as it was at its last commit "
                             "(20 articles, searchable); run the same command again to finish\n")
    assert _orphans(index) == []


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_first_run_stopped_before_it_committed_an_article_leaves_no_index(tmp_path, monkeypatch, signum, code):
    """The first file read holds no article (it is empty), and the stop comes as the next is read: the run
    committed nothing, and used to leave an empty index, which searches took for one that holds nothing."""
    corpus = make_corpus(tmp_path / "c", 5)
    (corpus / "a.txt").write_text("", encoding="utf-8")  # first in the walk
    index = tmp_path / "ix"
    real = update.read_files

    def stopped(*args, **kwargs):
        results = real(*args, **kwargs)
        yield next(results)
        signal.raise_signal(signum)  # as the second file is read: it is left, the first written, the run stops
        yield from results
    monkeypatch.setattr(update, "read_files", stopped)
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "-j", "1"])
    assert result.exit_code == code, result.output
    assert result.stderr.splitlines()[-1] == (f"Interrupted after 1 file: nothing was committed and no index was "
                                              f"left at {index}; run the same command again to finish.")
    assert not index.exists()
    searched = CliRunner().invoke(cli, ["search", "officials", "--index", str(index)])
    assert searched.exit_code == 3 and "no index" in searched.stderr
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index)])
    assert again.exit_code == 0 and "5 added, 0 updated, 0 removed, 0 unchanged, 1 failed" in again.stdout



# SIGTERM sent to the whole process group, as timeout and kill -- -PGID send it: the writer processes get
# it too, and the pool's readers did. The file named reads (in whichever process reads it) once the test
# has sent the signal, so that the signal comes while a reader holds that file; "waiting" says the
# indexing process has asked for that file, so the run cannot stop without it.
GROUP_SCRIPT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from searchidx.index import update
    from searchidx.ingest import pipeline
    from searchidx.cli import main

    marks, name, asked = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    real_read, real_files = pipeline._FileReader.__call__, update.read_files

    def read(self, item):
        if Path(item[3]).name == name:
            (marks / "reading").touch()
            deadline = time.monotonic() + 60
            while not (marks / "sent").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real_read(self, item)

    def read_files(*args, **kwargs):  # in the indexing process: the files read, in order
        files = real_files(*args, **kwargs)
        try:
            for n in range(1, 1 << 30):
                if n == asked:
                    (marks / "waiting").touch()
                try:
                    result = next(files)
                except StopIteration:
                    return
                yield result
        finally:
            files.close()

    pipeline._FileReader.__call__, update.read_files = read, read_files
    sys.argv = ["searchidx", *sys.argv[4:]]
    main()
""")


def _as_html(corpus: Path) -> None:
    """The generated stories as web pages, which a pool of reader processes reads with --jobs 2."""
    for path in sorted(corpus.glob("*.txt")):
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        meta = dict(line.split(": ", 1) for line in head.splitlines())
        path.with_suffix(".html").write_text(
            f"<html><head><title>{meta['title']}</title><meta name='date' content='{meta['date']}'></head><body>"
            f"<article><h1>{meta['title']}</h1><p>{body}</p></article></body></html>", encoding="utf-8")
        path.unlink()


def _poll(done, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 120
    while not done():
        assert proc.poll() is None, f"the run ended before {what}: {proc.communicate()}"
        assert time.monotonic() < deadline, f"no {what} after 120 s"
        time.sleep(0.02)


def _committed(index: Path) -> int:
    try:
        with searchidx.open_index(index, create=False) as idx:
            return idx.search(limit=0).total
    except searchidx.errors.SearchidxError:
        return 0


@pytest.mark.parametrize("suffix", ["txt",  # two writer processes
                                    "html"])  # and a pool of two readers
def test_sigterm_to_the_whole_process_group_stops_the_run_as_sigterm_to_it_does(tmp_path, suffix):
    """The readers used to die of it: the indexing process then waited for ever for the file one of them was
    reading. The writer processes take it as the indexing process's to handle (its stop flag, inherited);
    the readers now have a process group of their own."""
    corpus = make_corpus(tmp_path / "c", 40)
    if suffix == "html":
        _as_html(corpus)
    index, cfg, marks = tmp_path / "ix", settings_file(tmp_path, batch=5), tmp_path / "marks"
    marks.mkdir()
    clean = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "clean"), "--config", str(cfg)])
    assert clean.exit_code == 0, clean.output
    proc = subprocess.Popen([sys.executable, "-c", GROUP_SCRIPT, str(marks), f"a00025.{suffix}", "26", "index",
                             str(corpus), "--index", str(index), "--config", str(cfg), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _poll(lambda: (marks / "reading").exists() and _committed(index) >= 10, proc, "the first commit")
        _poll((marks / "waiting").exists, proc, "the request for the file being read")
        os.killpg(proc.pid, signal.SIGTERM)
        (marks / "sent").touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 143, err
    assert "Interrupted after 25 files: everything read so far is committed" in err  # the file read is left
    assert "Traceback" not in err
    assert _orphans(index) == [] and len(stored(index)) == 25
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg)])
    assert again.exit_code == 0 and "15 added, 0 updated, 0 removed, 25 unchanged" in again.stdout
    assert "stale lock" not in again.stderr
    assert stored(index) == stored(tmp_path / "clean")


def test_a_full_disk_in_a_first_run_leaves_no_index_and_in_a_later_run_the_last_commit(tmp_path, fifty, monkeypatch):
    """Simulated (a small tmpfs needs root and mount rights: tests/test_hardening.py): the write that
    finds the disk full is the one of the 5th file, then of the 35th."""
    import errno

    from searchidx.errors import DiskFull

    corpus, clean = fifty
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    _fail_at(monkeypatch, 5, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DiskFull, match=rf"^disk full at {index}: nothing was committed and no index was left there; "):
        _update(corpus, index, cfg)
    assert not index.exists()
    _fail_at(monkeypatch, 35, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(DiskFull, match=rf"^disk full at {index}: the index is as it was at its last commit; "):
        _update(corpus, index, cfg)
    assert _orphans(index) == [] and len(stored(index)) == 30
    monkeypatch.undo()
    assert _update(corpus, index, cfg).added == 20
    assert stored(index) == clean


def test_a_run_waiting_on_a_first_run_that_leaves_nothing_holds_a_real_lock(tmp_path, fifty, monkeypatch):
    """The failed first run removed its lock file once it had let it go: the run waiting on it (--wait)
    then held a lock on a file no later run would open, and a third could write beside it."""
    import threading
    import time

    corpus, _ = fifty
    index = tmp_path / "ix"
    polling, held = threading.Event(), {}
    real_sleep = time.sleep

    def sleep(seconds):
        polling.set()  # the waiting run polls the busy lock
        real_sleep(seconds)
    monkeypatch.setattr(time, "sleep", sleep)

    def waiting_run():
        with WriteLock(index, wait=60) as lock:
            held["ours"] = _same(lock._fd, index / LOCK_FILE)

    def failing(*args, **kwargs):
        threading.Thread(target=waiting_run, name="waiting").start()
        assert polling.wait(30)
        raise RuntimeError("a bug")
    monkeypatch.setattr(update, "_write_file", failing)
    with pytest.raises(RuntimeError):
        _update(corpus, index, settings_file(tmp_path))
    next(t for t in threading.enumerate() if t.name == "waiting").join(60)
    assert held == {"ours": True}


def _same(fd: int, path: Path) -> bool:
    """Whether the open file ``fd`` is the one at ``path``."""
    import os

    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False
