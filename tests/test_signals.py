"""Signals other than one Ctrl-C or SIGTERM to the indexing process (tests/test_crashes.py): a closed
terminal (SIGHUP), and a second signal sent to the whole process group while writer processes run."""

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner
from test_crashes import _as_html, _orphans, _poll, _run
from test_faults import make_corpus, settings_file, stored

from searchidx.cli import cli

# The indexing process waits as it writes the N-th file ("waiting") until the test has sent its signals ("sent").
WRITE_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from searchidx.index import update
    from searchidx.cli import main

    marks, at, real, calls = Path(sys.argv[1]), int(sys.argv[2]), update._write_file, [0]

    def write_file(*args, **kwargs):
        calls[0] += 1
        if calls[0] == at:
            (marks / "waiting").touch()
            deadline = time.monotonic() + 60
            while not (marks / "sent").exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return real(*args, **kwargs)

    update._write_file = write_file
    sys.argv = ["searchidx", *sys.argv[3:]]
    main()
""")


@pytest.mark.parametrize("jobs", ["1", "2"])  # one writer; two writer processes
def test_a_closed_terminal_stops_the_run_as_sigterm_does_and_the_next_run_finishes(tmp_path, jobs):
    """SIGHUP (the terminal closed, an ssh session dropped) ended the run on the spot, as kill -9 does:
    exit -1 with nothing said and the files read since the last commit thrown away."""
    corpus = make_corpus(tmp_path / "c", 60)
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    result = _run(index, 25, "hup", str(corpus), "--config", str(cfg), "-j", jobs)
    assert result.returncode == 129, result.stderr  # 128 + SIGHUP, as a shell reports it
    assert "Interrupted after 25 files: everything read so far is committed" in result.stderr
    assert "Traceback" not in result.stderr
    assert _orphans(index) == [] and len(stored(index)) == 25
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg)])
    assert again.exit_code == 0 and "35 added, 0 updated, 0 removed, 25 unchanged" in again.stdout


def test_a_run_under_nohup_outlives_its_terminal(tmp_path):
    """A SIGHUP ignored when the run began (nohup) stays ignored: the run goes on to the end."""
    corpus = make_corpus(tmp_path / "c", 40)
    index, cfg = tmp_path / "ix", settings_file(tmp_path, batch=10)
    result = _run(index, 15, "hup", str(corpus), "--config", str(cfg), "-j", "1",
                  preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    assert result.returncode == 0, result.stderr
    assert "40 added, 0 updated, 0 removed, 0 unchanged" in result.stdout and len(stored(index)) == 40


def test_a_second_signal_to_the_process_group_ends_the_run_without_writer_tracebacks(tmp_path):
    """timeout, kill -- -PGID or Ctrl-C pressed twice signal the writer processes too: a second one raised
    KeyboardInterrupt in each, which printed 'Process SubWriterTask-N:' and a traceback under the run's line."""
    corpus = make_corpus(tmp_path / "c", 150)
    # Whoosh starts a writer process once 100 articles wait: the signals come as the 121st file is written,
    # of the first batch (100 articles a writer process, 200 a commit); one while a file is read would
    # stop the reading at once, and the run with it, before a second could come
    index, cfg, marks = tmp_path / "ix", settings_file(tmp_path, batch=100), tmp_path / "marks"
    marks.mkdir()
    proc = subprocess.Popen([sys.executable, "-c", WRITE_SCRIPT, str(marks), "121", "index",
                             str(corpus), "--index", str(index), "--config", str(cfg), "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _poll((marks / "waiting").exists, proc, "the request for the file being read")
        os.killpg(proc.pid, signal.SIGTERM)
        time.sleep(0.2)  # (no timing is asserted: the second signal comes whenever the first is handled)
        os.killpg(proc.pid, signal.SIGTERM)
        (marks / "sent").touch()
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 143, err
    assert "Traceback" not in err and "SubWriterTask" not in err, err
    assert err == (f"Interrupted: indexing stopped before its first commit; no index was left at {index}\n")
    assert not index.exists()
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg)])
    assert again.exit_code == 0 and "150 added" in again.stdout and len(stored(index)) == 150


@pytest.mark.parametrize("jobs", [1, 2])  # read by the indexing process; by a pool of reader processes
def test_a_first_ctrl_c_inside_a_big_file_stops_its_reading_and_leaves_it_to_the_next_run(tmp_path, monkeypatch,
                                                                                          jobs):
    """Ctrl-C during a file of many records took effect once the whole file was read and enriched (minutes
    for a large export): now the file is left, unwritten, and the run commits what it read before it."""
    from searchidx.enrich import Enricher

    corpus = make_corpus(tmp_path / "c", 24)
    _as_html(corpus)  # 24 web pages: with --jobs 2 a pool of reader processes reads them
    big = corpus / "a00009b.jsonl"  # read after the first ten pages
    big.write_text("".join(json.dumps({"title": f"Record {i}", "text": f"Officials in Moscow said item {i} rose.",
                                       "date": "2021-03-01"}) + "\n" for i in range(400)), encoding="utf-8")
    index, cfg, indexing = tmp_path / "ix", settings_file(tmp_path, batch=3000), os.getpid()
    real = Enricher.__call__

    def enrich(self, article):
        if article.record == 10:  # (in whichever process reads the file) Ctrl-C comes at its tenth record
            os.kill(indexing, signal.SIGINT)
            if os.getpid() != indexing:  # a reader process would be done long before its file is given up
                time.sleep(60)
        return real(self, article)
    monkeypatch.setattr(Enricher, "__call__", enrich)
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg),
                                      "-j", str(jobs)])
    assert result.exit_code == 130, result.output
    # the pages before it that the indexing process had taken when the stop came: all ten with one process; with a
    # pool, which reads a few files ahead of the writing, as many as it had taken by then (timing decides)
    interrupted = re.fullmatch(r"Interrupted after (\d+) files?: everything read so far is committed; run the same "
                               r"command again to finish\.", result.stderr.splitlines()[-1])
    assert interrupted, result.stderr
    done = int(interrupted.group(1))
    assert (1 <= done <= 10) if jobs > 1 else done == 10
    assert len(stored(index)) == done  # the pages before it, none of its records
    monkeypatch.undo()
    again = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--config", str(cfg)])
    assert again.exit_code == 0 and f"{424 - done} added, 0 updated, 0 removed, {done} unchanged" in again.stdout
