"""Results for a fixed set of queries on the fixtures, pinned: an optimisation must not change them.

After a deliberate change in ranking or matching, regenerate with SEARCHIDX_REGOLD=1 bin/test -k golden
and review the diff of tests/fixtures/golden_results.json like any other change.
"""

import json
import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "fixtures" / "golden_results.json"
QUERIES = [
    {"q": "referendum"},
    {"q": "referendum", "place": ["Ukraine"], "facets": ["person", "source"]},
    {"q": "prices OR stocks", "sort": "oldest"},
    {"q": "said", "limit": 5, "page": 2},
    {"q": "\"partial mobilisation\""},
    {"q": "defence industry"},
    {"q": "Russia's parliament desertion mobilisation"},
    {"q": "", "since": "2021", "facets": ["year", "month", "place"]},
    {"q": "date:[2021-01 TO 2022-10] -putin"},
    {"q": "kyiv OR glasgow OR montreal", "collapse": "story"},
    {"q": "million", "count": "stories", "facets": ["source"]},
    {"q": "person:Putin place:Kiev"},
    {"q": "refer*"},
]


def snapshot(idx) -> list:
    out = []
    for q in QUERIES:
        res = idx.search(**q)
        out.append({"query": q, "total": res.total, "ids": [h.id for h in res.hits],
                    "facets": {k: [[f.value, f.count] for f in v] for k, v in res.facets.items()}})
    return out


def test_fixed_queries_give_the_pinned_results(idx):
    got = snapshot(idx)
    if os.environ.get("SEARCHIDX_REGOLD"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.skip("golden results rewritten (SEARCHIDX_REGOLD is set)")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert [g["query"] for g in want] == QUERIES, "the query list changed: regenerate the golden file"
    for w, g in zip(want, got):
        assert g == w, f"results changed for {w['query']}"
