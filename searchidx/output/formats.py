"""The formats: what each kind of result can be written as, and what a file name's ending asks for."""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError

# What each kind of result can be written as, the default first: the CLI's --format choices and the
# saved-query format check come from here.
FORMATS_OF = {
    "results": ("table", "json", "jsonl", "csv", "paths", "trec"),
    "facets": ("table", "json", "jsonl", "csv"),
    "article": ("text", "json"),
    "story": ("text", "json"),
    "timeline": ("table", "csv", "json"),
    "stats": ("table", "json"),
    "check": ("table", "json"),
    "update": ("table", "json"),
    "evaluation": ("table", "json", "csv"),
    "comparison": ("table", "json", "csv"),
    "associations": ("table", "json", "jsonl", "csv"),
    "trending": ("table", "json", "jsonl", "csv"),
    "network": ("table", "json", "csv", "graphml", "gexf"),  # csv: one row per edge
}
FORMATS = FORMATS_OF["results"]
# The format a file name's ending asks for (saved queries' output:, network --out).
FILE_SUFFIXES = {"json": "json", "jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "txt": "table",
                 "trec": "trec", "graphml": "graphml", "gexf": "gexf"}


def format_of_file(path: str, kind: str) -> str:
    """The format ``path``'s ending asks for; OutputError if a ``kind`` cannot be written so."""
    fmt = FILE_SUFFIXES.get(Path(path).suffix.lower().lstrip("."))
    if fmt is None or fmt not in FORMATS_OF[kind]:
        endings = ", ".join(f".{s}" for s, f in FILE_SUFFIXES.items() if f in FORMATS_OF[kind] and f != "table")
        raise OutputError(f"{path}: a {kind} file must end in one of {endings}")
    return fmt
