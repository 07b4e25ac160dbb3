"""Crashes, interruption and concurrent use, done for real with subprocesses and signals."""

import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli

WORDS = ("market oil talks minister election court strike budget storm vaccine border trade bank river "
         "harvest energy police summit treaty protest rally council merger satellite drought").split()
PLACES = ["Moscow", "Kyiv", "London", "Paris", "Berlin", "Tokyo", "Brazil", "Canada"]


# large enough that an indexer killed after its first few commits has most of the corpus still to do
CORPUS_SIZE = 600


def make_corpus(root: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for i in range(n):
        words = " ".join(rng.choice(WORDS) for _ in range(60))
        place = rng.choice(PLACES)
        (root / f"a{i:05d}.txt").write_text(
            f"title: Report {i} from {place}\ndate: 20{10 + i % 12:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"source: Wire {i % 5}\n\nOfficials in {place} said {words}.\n", encoding="utf-8")
    return root


def settings_file(tmp_path: Path, batch: int = 40) -> Path:
    cfg = tmp_path / "settings.yaml"
    cfg.write_text(f"ingest:\n  batch_size: {batch}\n", encoding="utf-8")
    return cfg


def start_index(corpus: Path, index: Path, cfg: Path, jobs: int = 1) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                             "--jobs", str(jobs), "--config", str(cfg)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_commits(index: Path, proc: subprocess.Popen, at_least: int, timeout: float = 60) -> int:
    """Poll until the running indexer has committed at least ``at_least`` articles."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return -1
        try:
            with searchidx.open_index(index, create=False) as idx:
                n = idx.search(limit=0).total
            if n >= at_least:
                return n
        except searchidx.errors.SearchidxError:
            pass
        time.sleep(0.05)
    raise AssertionError("indexer made no progress")


def stored(index: Path) -> dict:
    with searchidx.open_index(index, create=False) as idx:
        with idx.engine.require().searcher() as s:
            return {d["id"]: d for d in s.all_stored_fields()}


@pytest.fixture(scope="module")
def corpus_and_clean(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    corpus = make_corpus(base / "corpus", CORPUS_SIZE)
    with searchidx.open_index(base / "clean") as idx:
        idx.update([corpus])
    return corpus, stored(base / "clean")


def check_consistent_subset(index: Path, clean: dict) -> int:
    docs = stored(index)
    for doc_id, fields in docs.items():
        assert fields == clean[doc_id], f"{doc_id} differs from a clean build"
    return len(docs)


@pytest.mark.parametrize("jobs", [1, 2])
def test_kill_9_then_rerun_equals_clean_build(tmp_path, corpus_and_clean, jobs):
    corpus, clean = corpus_and_clean
    index = tmp_path / "ix"
    proc = start_index(corpus, index, settings_file(tmp_path, batch=100 if jobs > 1 else 20), jobs)
    committed = wait_for_commits(index, proc, 100)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert committed > 0, "the indexer finished before it could be killed"
    survived = check_consistent_subset(index, clean)  # opens, and holds only whole articles
    assert 0 < survived < len(clean)

    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert any(f"stale lock left by process {proc.pid}" in note for note in report.notes)
    assert report.added + report.unchanged == len(clean) and not report.failed
    assert stored(index) == clean


@pytest.mark.slow
@pytest.mark.parametrize("kills", [[20, 120, 280], [1, 60, 360]])
def test_repeated_kills_at_several_moments(tmp_path, corpus_and_clean, kills):
    corpus, clean = corpus_and_clean
    index = tmp_path / "ix"
    cfg = settings_file(tmp_path, batch=20)
    for at_least in kills:
        proc = start_index(corpus, index, cfg)
        wait_for_commits(index, proc, at_least)
        time.sleep(random.Random(at_least).uniform(0, 0.3))  # also kill between commits
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        check_consistent_subset(index, clean)
    result = subprocess.run([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                             "--config", str(cfg)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert stored(index) == clean


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_commits_and_reports_progress(tmp_path, corpus_and_clean, jobs):
    corpus, clean = corpus_and_clean
    index = tmp_path / "ix"
    proc = start_index(corpus, index, settings_file(tmp_path, batch=100 if jobs > 1 else 20), jobs)
    wait_for_commits(index, proc, 100)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert "Interrupted after" in err and "run the same command again" in err
    assert "(interrupted: run again to finish)" in out
    done = check_consistent_subset(index, clean)
    assert 100 <= done < len(clean)
    assert not any("stale lock" in line for line in err.splitlines())
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert (report.unchanged, report.added) == (done, len(clean) - done)
    assert not any("stale lock" in n for n in report.notes)  # a clean stop leaves no stale lock


def test_second_indexer_waits_or_names_the_first(tmp_path, corpus_and_clean):
    corpus, clean = corpus_and_clean
    index = tmp_path / "ix"
    proc = start_index(corpus, index, settings_file(tmp_path))
    try:
        wait_for_commits(index, proc, 40)
        refused = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index)])
        assert refused.exit_code == 3
        assert f"another searchidx is indexing into it (process {proc.pid} on" in refused.output

        totals = []
        errors = []

        def search_while_indexing():
            while proc.poll() is None:
                try:
                    with searchidx.open_index(index, create=False) as idx:
                        totals.append(idx.search("officials", limit=5).total)
                except Exception as e:  # any failure is a test failure
                    errors.append(e)
                time.sleep(0.02)

        reader = threading.Thread(target=search_while_indexing)
        reader.start()
        waited = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index), "--wait", "120"])
        reader.join()
        assert waited.exit_code == 0, waited.output
        assert "0 added" in waited.stdout and f"{len(clean)} unchanged" in waited.stdout
        assert not errors and len(totals) > 3
        assert totals == sorted(totals)  # searchers see committed states only, growing
    finally:
        proc.kill()
        proc.wait()
    assert stored(index) == clean


def test_stale_lock_file_from_dead_process_is_cleared(tmp_path, corpus_copy):
    import socket
    index = tmp_path / "ix"
    index.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (index / "searchidx.lock").write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(),
                                                      "started": "2026-01-01T00:00:00"}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(index)])
    assert result.exit_code == 0
    assert f"cleared a stale lock left by process {int(dead.stdout)}" in result.stderr


def test_a_rebuild_killed_midway_leaves_the_old_index_searchable_and_the_next_finishes(tmp_path):
    corpus = make_corpus(tmp_path / "c", 300)
    index = tmp_path / "ix"
    with searchidx.open_index(index) as idx:
        idx.update([corpus])
    (corpus / "a00000.txt").unlink()  # so that a finished rebuild is told apart from the old index
    cfg = settings_file(tmp_path, batch=10)
    proc = subprocess.Popen([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                             "--jobs", "1", "--config", str(cfg), "--rebuild"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    # killed once a few batches are committed into the new index, long before it is swapped in
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and max(
            (int(p.stem.rsplit("_", 1)[1]) for p in index.glob("_articles1_*.toc")), default=-1) < 3:
        time.sleep(0.02)
    assert proc.poll() is None, "the rebuild finished before it could be killed: make the corpus larger"
    proc.kill()
    proc.wait()
    with searchidx.open_index(index, create=False) as idx:
        assert idx.search(limit=0).total == 300  # the old index, whole
    again = subprocess.run([sys.executable, "-m", "searchidx", "index", str(corpus), "--index", str(index),
                            "--jobs", "1", "--rebuild"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    with searchidx.open_index(index, create=False) as idx:
        assert idx.search(limit=0).total == 299
    assert not [p for p in index.iterdir() if p.name.startswith(("_articles_", "articles_"))]  # old files gone


def test_a_rebuild_that_fails_leaves_the_old_index(tmp_path, monkeypatch):
    from searchidx.index import update

    corpus = make_corpus(tmp_path / "c", 30)
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(update, "update_index", disk_full)
    with searchidx.open_index(tmp_path / "ix") as idx:
        with pytest.raises(searchidx.errors.DiskFull, match="the index is as it was at its last commit"):
            idx.update([corpus], rebuild=True)
        assert idx.search(limit=0).total == 30


_victim = None


def test_a_writer_process_that_dies_ends_the_run_and_commits_nothing_of_its_batch(tmp_path, monkeypatch):
    """The out-of-memory killer ending one of --jobs 2's writer processes: Whoosh committed the other's
    segment and passed over the dead one's, so the run said '60 added' of an index holding fewer (until
    the next run found the rest missing); with none left it waited on a full job queue for ever."""
    import multiprocessing
    import os

    from whoosh.multiproc import SubWriterTask

    from searchidx.config import load_settings

    global _victim
    _victim = multiprocessing.get_context("fork").Value("i", 0)
    corpus = make_corpus(tmp_path / "c", 20)
    settings = load_settings(None).with_overrides(batch_size=10)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        idx.update([corpus], jobs=2)
    for i in range(20, 60):
        (corpus / f"b{i:05d}.txt").write_text(f"title: More {i}\n\nThe council met about the harbour.\n")
    real = SubWriterTask._process_file

    def dies_once(self, *args):
        with _victim.get_lock():
            first, _victim.value = _victim.value == 0, 1
        if first:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, *args)

    monkeypatch.setattr(SubWriterTask, "_process_file", dies_once)
    with searchidx.open_index(tmp_path / "ix", settings) as idx:
        with pytest.raises(searchidx.errors.WriterEnded) as ended:
            idx.update([corpus], jobs=2)
        assert str(ended.value) == (
            f"{tmp_path / 'ix'}: a writer process was ended by SIGKILL (out of memory?) before its articles were "
            "committed: the index is as it was at its last commit, and searchable; run the same command again to "
            "finish (with --jobs 1 a run needs less memory)")
        assert idx.search(limit=0).total == 20
        report = idx.update([corpus], jobs=2)
        assert (report.added, idx.search(limit=0).total) == (40, 60)
