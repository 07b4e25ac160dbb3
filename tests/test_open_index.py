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


def _write_named(corpus, name, people, words="Heron story."):
    (corpus / f"{name}.txt").write_text(f"title: {name}\ndate: 2021-01-01\npeople: {people}\n\n{words}\n",
                                        encoding="utf-8")


def _people(idx):
    """Each person named in the heron stories: (in how many of them, in how many articles of the index)."""
    return {n.name: (n.count, n.total) for n in idx.associations("heron", types=["person"], min_count=1).names}


def test_an_open_index_counts_names_as_a_fresh_one_after_another_writers_update(tmp_path, monkeypatch):
    from searchidx.search import entitytable

    corpus, index = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    for name, people in (("a", "Ada Lovelace"), ("b", "Ada Lovelace"), ("c", "Alan Turing")):
        _write_named(corpus, name, people)
    for n in range(6):  # articles about something else, naming others
        _write_named(corpus, f"other{n}", "Emmy Noether", "Budget news.")
    _write_named(corpus, "other9", "Alan Turing", "Budget news.")
    _update(index, corpus)
    with searchidx.open_index(index) as idx:
        assert _people(idx) == {"Ada Lovelace": (2, 2), "Alan Turing": (1, 2)}
        (corpus / "a.txt").unlink()
        _write_named(corpus, "b", "Grace Hopper")
        _write_named(corpus, "d", "Alan Turing")
        _update(index, corpus)
        built = []
        real_build = entitytable._build
        monkeypatch.setattr(entitytable, "_build", lambda leaf, field: built.append(field) or real_build(leaf, field))
        assert _people(idx) == {"Alan Turing": (2, 3), "Grace Hopper": (1, 1)}
        # the tables of the first segment are handed to the new searcher: only the new segment's are read
        assert built == ["person"]
    with searchidx.open_index(index) as fresh:
        assert _people(fresh) == {"Alan Turing": (2, 3), "Grace Hopper": (1, 1)}
