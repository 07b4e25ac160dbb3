"""The index in an OpenSearch or Elasticsearch cluster: template, Query DSL, bulk ingest and the engine.

``template.py``, ``dsl.py`` and ``documents.py`` are plain data in and out (no network), so the
template and the compiled queries are compared with reviewed JSON; ``client.py`` is the one module
that loads opensearch-py (an optional extra), and every request goes through its ``Cluster``.
"""
