"""``searchidx export --format opensearch-bulk``: the index's articles as bulk NDJSON files and the
index template, for users who load a cluster with their own tools (curl, Logstash, a cloud console).

Each ``bulk-NNNNN.ndjson`` file holds whole action/document line pairs and stays under
``MAX_BULK_BYTES``, so each can be sent as one ``POST _bulk`` request as it is.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..index.documents import Indexed
from ..search.results import ExportReport
from ..wholefile import make_folder
from .documents import article_source, doc_id
from .ingest import MAX_BULK_BYTES
from .template import index_template

TEMPLATE_FILE = "template.json"


def bulk_lines(index: str, item: Indexed) -> bytes:
    """One article as its two bulk NDJSON lines: the action, then the document."""
    source = article_source(item.article, item.file, item.stamp, item.file_hash, item.story)
    action = {"index": {"_index": index, "_id": doc_id(item.article.id)}}
    return (json.dumps(action, ensure_ascii=False) + "\n" + json.dumps(source, ensure_ascii=False) + "\n").encode()


def write_bulk(items: Iterable[Indexed], folder: str | Path, index: str, shards: int = 1, replicas: int = 1,
               max_bytes: int = MAX_BULK_BYTES) -> ExportReport:
    """Write ``template.json`` and the bulk files into ``folder`` (created; files there are replaced)."""
    out = Path(folder)
    try:
        make_folder(out)
        stale = sorted(out.glob("bulk-*.ndjson"))
    except OSError as e:
        raise OutputError(f"{out}: cannot write the export there ({e.strerror})") from None
    if stale:
        raise OutputError(f"{out}: holds bulk files of an earlier export ({stale[0].name}...); "
                          "choose an empty folder")
    report = ExportReport(format="opensearch-bulk", folder=str(out))
    try:
        _write_files(items, out, index, shards, replicas, max_bytes, report)
    except OSError as e:  # a folder of another owner's, a full disk: no part of an export is left behind
        for name in report.files:
            with contextlib.suppress(OSError):
                (out / name).unlink()
        where = e.filename or out
        raise OutputError(f"{where}: cannot write the export there ({e.strerror or e}); nothing was left in "
                          f"{out}") from None
    return report


def _write_files(items: Iterable[Indexed], out: Path, index: str, shards: int, replicas: int, max_bytes: int,
                 report: ExportReport) -> None:
    """The template, then bulk files of at most ``max_bytes``; each file written is named in ``report``."""
    template = out / TEMPLATE_FILE
    template.write_text(json.dumps(index_template(index, shards, replicas), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    report.files.append(TEMPLATE_FILE)
    chunk: list[bytes] = []
    size = 0

    def write() -> None:
        name = f"bulk-{len(report.files):05d}.ndjson"
        report.files.append(name)  # before it is written: a file half-written is removed too
        (out / name).write_bytes(b"".join(chunk))

    for item in items:
        lines = bulk_lines(index, item)
        if chunk and size + len(lines) > max_bytes:
            write()
            chunk, size = [], 0
        chunk.append(lines)
        size += len(lines)
        report.articles += 1
    if chunk:
        write()
