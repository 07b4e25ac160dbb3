"""Readers, one per format. ``read(path, rel, fieldmap)`` returns the file's Articles or raises ReadError."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Callable

from ...errors import ReadError
from ..article import Article
from ..headers import FieldMap
from ..normalize import BinaryContent, decode
from . import html, jsonl, table, text

# suffix -> function(text, rel, fieldmap, filename) -> list[Article]
READERS: dict[str, Callable[..., list[Article]]] = {
    ".txt": text.read_text,
    ".text": text.read_text,
    ".md": text.read_markdown,
    ".markdown": text.read_markdown,
    ".html": html.read_html,
    ".htm": html.read_html,
    ".json": jsonl.read_json,
    ".jsonl": jsonl.read_jsonl,
    ".ndjson": jsonl.read_jsonl,
    ".csv": table.read_csv,
    ".tsv": table.read_tsv,
}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


def format_suffix(path: Path | str) -> str | None:
    """The format a file is read as (``a.jsonl.gz`` reads as ``.jsonl``), or None if unsupported."""
    name = (path if isinstance(path, str) else path.name).lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    if dot <= 0:  # no suffix at all, or a dot-file name such as ".txt"
        return None
    suffix = name[dot:]
    return suffix if suffix in READERS else None


def read(path: Path, rel: str, fieldmap: FieldMap | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """Read one file into Articles. Every failure is a ReadError naming the file and the reason."""
    fieldmap = fieldmap or FieldMap()
    suffix = format_suffix(path)
    if suffix is None:
        raise ReadError(rel, f"unsupported file type {''.join(path.suffixes) or '(none)'}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(rel, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (max_file_mb)")
        data = path.read_bytes()
        if path.suffix.lower() == ".gz":
            data = gzip.decompress(data)
            if len(data) > max_bytes * 4:
                raise ReadError(rel, "decompressed file over the size limit")
    except ReadError:
        raise
    except FileNotFoundError:
        raise ReadError(rel, "file vanished before it could be read") from None
    except PermissionError:
        raise ReadError(rel, "permission denied") from None
    except IsADirectoryError:
        raise ReadError(rel, "is a directory") from None
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        raise ReadError(rel, f"cannot read: {e.strerror or e}" if isinstance(e, OSError) else f"bad gzip data: {e}") from None
    try:
        content = decode(data)
    except BinaryContent as e:
        raise ReadError(rel, str(e)) from None
    if not content.strip():
        raise ReadError(rel, "empty file")
    try:
        articles = READERS[suffix](content, rel, fieldmap, path.name)
    except ReadError:
        raise
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        raise ReadError(rel, str(e) or type(e).__name__) from None
    if not articles:
        raise ReadError(rel, "no article found in file")
    return articles
