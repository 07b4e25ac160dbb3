"""The index in an OpenSearch or Elasticsearch cluster: template, Query DSL, bulk ingest and the engine.

Everything here but ``client.py`` is plain data in and out (no network), so the template and the
compiled queries can be compared with reviewed JSON; only ``client.py`` needs opensearch-py.
"""
