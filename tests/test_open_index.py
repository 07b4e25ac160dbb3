"""An Index kept open (a script's, each of the web server's) answers after another writer's update as an
Index opened afresh does: Whoosh's searcher refresh reused its segment readers with their old deletions
and put back the segments a merge had replaced, so deleted and rewritten articles were still found
and, after the tenth small update, every article twice."""

import searchidx


def _write(corpus, name, words):
    (corpus / f"{name}.txt").write_text(f"title: {name}\ndate: 2021-01-01\n\nHeron {words}.\n", encoding="utf-8")


def _update(index, corpus):
    with searchidx.open_index(index) as writer:  # another writer, as another process would be
        writer.update([corpus])


def _found(idx, text="heron"):
    res = idx.search(text, limit=100)
    return res.total, sorted(h.id.removesuffix(".txt") for h in res.hits)


def test_an_open_index_sees_another_writers_deletions_and_rewrites(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        _write(corpus, name, "story")
    _update(index, corpus)
    with searchidx.open_index(index) as idx:
        assert _found(idx) == (3, ["a", "b", "c"])
        (corpus / "a.txt").unlink()
        _write(corpus, "b", "story rewritten with a kingfisher")
        _update(index, corpus)
        assert _found(idx) == (2, ["b", "c"])
        assert _found(idx, "kingfisher") == (1, ["b"])
        assert _found(idx, "heron -kingfisher") == (1, ["c"])


def test_an_open_index_sees_each_article_once_after_small_segments_are_merged(tmp_path):
    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    with searchidx.open_index(index) as idx:
        for n in range(12):  # a run's segment each; ten small ones are merged into one
            _write(corpus, f"a{n:02d}", "story")
            _update(index, corpus)
            assert _found(idx) == (n + 1, [f"a{i:02d}" for i in range(n + 1)])
