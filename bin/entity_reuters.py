#!/usr/bin/env python3
"""Reuters-21578 hand tags as a check on entity extraction, plus indexing cost with extraction on and off.

Usage: .venv/bin/python bin/entity_reuters.py [REUTERS_DIR]   (default ../shared/corpus-dev/reuters)
Tag recall: of the `people:`/`places:`/`orgs:` tags whose name (canonical or any registry alias) occurs in
the article's title or text, the share the extractor finds from the text alone (header tags switched off).
"""

import re
import sys
import tempfile
import time
from pathlib import Path

import searchidx
from searchidx.config import load_settings
from searchidx.enrich import Enricher, make_extractor
from searchidx.enrich.aliases import load_registry, slug_to_name
from searchidx.ingest.readers import read

TYPES = (("people", "person"), ("places", "place"), ("orgs", "org"))


def main(corpus: Path) -> None:
    settings = load_settings()
    registry = load_registry(settings.entity_files)
    extractor = make_extractor("rules", registry)
    enrich = Enricher(registry, extractor)
    files = sorted(corpus.glob("*.txt"))
    hits = {t: [0, 0] for _, t in TYPES}
    misses: dict[str, int] = {}
    for f in files:
        a = read(f, f.name)[0]
        text = f"{a.title}\n{a.text}"
        found = enrich(a.with_changes(people=(), places=(), orgs=())).entities
        for attr, etype in TYPES:
            for tag in getattr(a, attr):
                name = registry.canonical(tag, etype)
                entity = registry.lookup(name, etype)
                forms = {name, slug_to_name(tag)} | set(entity.aliases if entity else ())
                if not any(re.search(r"\b" + re.escape(form) + r"\b", text, re.I) for form in forms if len(form) > 2):
                    continue
                hits[etype][1] += 1
                if name in found.get(etype, ()):
                    hits[etype][0] += 1
                else:
                    misses[f"{etype}:{name}"] = misses.get(f"{etype}:{name}", 0) + 1
    print(f"tag recall on {len(files)} Reuters articles (tags whose name occurs in the text):")
    for etype, (found, total) in hits.items():
        print(f"  {etype:<7} {found}/{total} = {found / max(1, total):.3f}")
    print("  most missed:", ", ".join(f"{k} ({v})" for k, v in sorted(misses.items(), key=lambda kv: -kv[1])[:10]))
    for jobs in (1, 2):
        times = {}
        for extract in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                s = settings.with_overrides(extract_entities=extract, index=tmp)
                with searchidx.open_index(tmp, s) as idx:
                    t0 = time.perf_counter()
                    idx.update([corpus], jobs=jobs)
                    times[extract] = time.perf_counter() - t0
                    if extract and jobs == 2:
                        t0 = time.perf_counter()
                        refreshed = idx.refresh_entities()
                        t_refresh = time.perf_counter() - t0
        print(f"indexing with --jobs {jobs}: extraction off {times[False]:.1f}s "
              f"({len(files) / times[False]:.0f} docs/s), on {times[True]:.1f}s "
              f"({len(files) / times[True]:.0f} docs/s), ratio {times[True] / times[False]:.2f}")
    print(f"--refresh-entities over {refreshed.checked} articles: {t_refresh:.1f}s "
          f"({refreshed.changed} changed) vs a rebuild at {times[True]:.1f}s")


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent.parent / "shared/corpus-dev/reuters"
    main(Path(sys.argv[1] if len(sys.argv) > 1 else default))
