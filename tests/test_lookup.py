"""The in-memory term lookups an indexing run uses must never miss a term the index has."""

import searchidx
from searchidx.index import schema as S
from searchidx.index.lookup import KnownTerms, worth_loading


def _ids(reader):
    return [t for t in reader.lexicon(S.ID_FIELD)]


def _add_segment(ix, article_id):
    writer = ix.writer()
    writer.add_document(**{S.ID_FIELD: article_id, S.FILE: article_id})
    writer.commit(merge=False)  # a segment of its own


def test_known_terms_find_every_indexed_term_across_segments(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        ix = idx.engine.require()
        _add_segment(ix, "extra-1")
        known = KnownTerms(S.ID_FIELD)
        with ix.reader() as reader:
            assert len(list(reader.leaf_readers())) == 2
            known.refresh(reader)
            indexed = _ids(reader)
        assert len(indexed) == 18 and all(known.might_contain(indexed))
        assert not any(known.might_contain([b"no-such-id", b"wire.jsonl#99", b""]))

        _add_segment(ix, "extra-2")
        with ix.reader() as reader:
            known.refresh(reader)  # takes in the new segment
            assert known.might_contain([b"extra-2", b"extra-1"]) == [True, True]
            assert all(known.might_contain(_ids(reader)))


def test_small_runs_keep_direct_lookups(tmp_path, corpus_copy):
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus_copy])
        with idx.engine.require().reader() as reader:
            assert not worth_loading(1, reader)  # one file to read: loading 17 ids would cost more
            assert worth_loading(18, reader)
