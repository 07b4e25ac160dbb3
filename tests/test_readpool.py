"""Reading in a pool of processes (--jobs 2 and more): the same results in the same order as one
process, and never more than the allowance read ahead of the writing."""

import multiprocessing

from searchidx.config import load_settings
from searchidx.ingest import readpool
from searchidx.ingest.pipeline import POOL_MIN_FILES, read_files


def _todo(folder, n):
    folder.mkdir()
    todo = []
    for i in range(n):
        path = folder / f"story-{i:04d}.txt"
        if i == 7:
            path.write_bytes(b"\x00\x01\x02binary\xff" * 50)  # unreadable: reported, in its place
        else:
            path.write_text(f"title: Story {i}\ndate: 2021-03-{i % 28 + 1:02d}\n\nPrices rose in Moscow for the "
                            f"{i}th day, Vladimir Putin said.\n", encoding="utf-8")
        todo.append((str(path), path.name, "stamp", str(path)))
    return todo


def _summary(results):
    return [(key, error, [(a.id, a.title, a.date, sorted(a.entities["place"])) for a in articles or []])
            for key, _, _, articles, error in results]


def test_a_pool_reads_what_one_process_reads_in_the_same_order(tmp_path):
    todo = _todo(tmp_path / "corpus", POOL_MIN_FILES + 50)
    settings = load_settings(None)
    alone = _summary(read_files(todo, settings, jobs=1))
    pooled = _summary(read_files(todo, settings, jobs=2))
    assert pooled == alone
    assert [key for key, _, _ in pooled] == [item[0] for item in todo]
    assert alone[7][1] and not alone[7][2] and alone[8][2][0][3] == ["Moscow"]


_started = multiprocessing.get_context("fork").Value("i", 0)


def _counted(item):
    with _started.get_lock():
        _started.value += 1
    return item, [None] * 100  # a file of 100 articles


def _lost(item, why):
    return item, [], why


def test_the_pool_reads_a_bounded_number_of_articles_ahead(monkeypatch):
    monkeypatch.setattr(readpool, "ARTICLES_AHEAD", 1000)
    _started.value = 0
    ahead = []
    results = readpool.read_in_pool(list(range(300)), _counted, 2, lambda result: len(result[1]), _lost)
    for taken, (item, _) in enumerate(results, 1):
        assert item == taken - 1
        if taken % 20 == 0:
            import time
            time.sleep(0.05)  # a slow writer: the pool would read everything ahead if it could
            ahead.append(_started.value - taken)
    # 1,000 articles of 100-article files: 10 files, plus the chunk being gathered
    assert max(ahead) <= 10 + 4
    assert _started.value == 300


def test_stopping_early_ends_the_pool(monkeypatch):
    _started.value = 0
    results = readpool.read_in_pool(list(range(100_000)), _counted, 2, lambda result: len(result[1]), _lost)
    assert [item for item, _ in (next(results) for _ in range(5))] == [0, 1, 2, 3, 4]
    results.close()  # as when the run is interrupted: the pool's processes are ended
    after = _started.value
    assert after < 100_000 and not multiprocessing.active_children()


def test_the_pool_reads_only_beside_a_writing_done_by_one_process(tmp_path, monkeypatch):
    """Beside parallel writer processes both cores are busy already: a pool of readers there only adds
    its own cost (measured), while a run written by the indexing process alone gains one."""
    todo = _todo(tmp_path / "corpus", POOL_MIN_FILES)
    pooled = []
    real = readpool.read_in_pool

    def recording(items, *args):
        pooled.append(len(items))
        return real(items, *args)

    monkeypatch.setattr(readpool, "read_in_pool", recording)
    settings = load_settings(None)
    assert len(list(read_files(todo, settings, jobs=2, writers=2))) == POOL_MIN_FILES and not pooled
    assert len(list(read_files(todo, settings, jobs=1))) == POOL_MIN_FILES and not pooled
    assert len(list(read_files(todo[:-1], settings, jobs=2))) == POOL_MIN_FILES - 1 and not pooled
    assert len(list(read_files(todo, settings, jobs=2))) == POOL_MIN_FILES and pooled == [POOL_MIN_FILES - 1]


def test_a_file_whose_reader_process_dies_is_reported_and_the_others_are_read(tmp_path, monkeypatch):
    # The out-of-memory killer or a crash in a parser's C code ends a reader process: multiprocessing.Pool
    # lost the file it was reading, and 'searchidx index --jobs 2' waited for it for ever
    import os
    import signal

    from searchidx.ingest import pipeline

    todo = _todo(tmp_path / "corpus", POOL_MIN_FILES + 10)
    real = pipeline.read

    def dies_on_some(path, *args):
        if path.name in ("story-0020.txt", "story-0100.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args)

    monkeypatch.setattr(pipeline, "read", dies_on_some)
    results = list(read_files(todo, load_settings(None), jobs=2))
    assert [key for key, *_ in results] == [item[0] for item in todo]
    failed = {rel: error for _, rel, _, articles, error in results if articles is None}
    assert failed == {
        "story-0007.txt": "binary file (NUL bytes), not text",
        "story-0020.txt": "its reader process was ended by SIGKILL (out of memory?); the file is left as it was",
        "story-0100.txt": "its reader process was ended by SIGKILL (out of memory?); the file is left as it was"}
    assert not multiprocessing.active_children()
