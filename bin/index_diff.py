#!/usr/bin/env python3
"""Whether two Whoosh indexes of searchidx hold the same thing, whatever their segments and doc numbers.

Usage: .venv/bin/python bin/index_diff.py INDEX_A INDEX_B
Compares, article by article (matched by id): every term and its postings (article, weight and the
raw posting bytes, which hold the frequency and positions), the field lengths, the stored fields and
every column. Exit 0 when all are the same, 1 otherwise. For changes to how documents are written
that must leave the index as it was (build both with --jobs 1: --jobs 2 splits articles differently).
"""

import sys

from searchidx.index import schema as S
from searchidx.index import store
from searchidx.index.columns import column_reader


def snapshot(path: str) -> dict:
    ix = store.open_existing(path)
    with ix.reader() as reader:
        stored = {docnum: fields for docnum, fields in reader.iter_docs()}
        ids = {docnum: fields[S.ID_FIELD] for docnum, fields in stored.items()}
        postings = {}
        for fieldname, btext in reader.all_terms():
            matcher = reader.postings(fieldname, btext)
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            if found:  # (a term only deleted articles held stays in Whoosh's lexicon until a merge)
                postings[(fieldname, btext)] = sorted(found)
        # a segment none of whose articles has the field has no lengths for it: None there, 0 elsewhere
        lengths = {(name, ids[d]): reader.doc_field_length(d, name) or 0 for name in reader.schema.scorable_names()
                   for d in ids}
        columns = {}
        for name, field in reader.schema.items():
            if field.column_type and reader.has_column(name):
                # raw values (an undated article's sentinel is no datetime), read per segment as searchidx does
                values = column_reader(reader, name, translate=False)
                columns.update({(name, ids[d]): values[d] for d in ids})
    print(f"{path}: {len(ids)} articles, {len(postings)} terms, {sum(map(len, postings.values()))} postings, "
          f"{len({name for name, _ in columns})} columns")
    return {"stored fields": {ids[d]: f for d, f in stored.items()}, "terms and postings": postings,
            "field lengths": lengths, "columns": columns}


def main() -> int:
    a, b = snapshot(sys.argv[1]), snapshot(sys.argv[2])
    same = True
    for part, held in a.items():
        other = b[part]
        if held == other:
            print(f"{part}: the same ({len(held)})")
            continue
        same = False
        differing = [k for k in held.keys() & other.keys() if held[k] != other[k]]
        print(f"{part}: DIFFERENT: {len(held.keys() - other.keys())} only in A, {len(other.keys() - held.keys())} "
              f"only in B, {len(differing)} differing, e.g. {differing[:3]}")
    print("the same" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
