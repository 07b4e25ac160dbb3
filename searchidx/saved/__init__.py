"""Saved queries in YAML: load and validate (file, line, query and key in every error), fill params, run, diff.

```yaml
defaults: {limit: 20, format: csv}
params: {since: 2022-09-01}
queries:
  - name: referendums
    q: referendum OR annexation
    place: [Ukraine]
    since: "{since}"
```
"""

from __future__ import annotations

from .keys import DEFAULT_KEYS, KEY_KINDS, QUERY_KEYS, REPORT_OPTIONS, json_schema
from .load import RESOLVED_ALREADY, QueryFile, SavedQuery, load_queries
from .resolve import ResolvedQuery, parse_assignments, report_kind
from .run import EXTENSIONS, STATE_FILE, RunState, SavedRun, output_targets, run_queries, run_report

__all__ = ["DEFAULT_KEYS", "EXTENSIONS", "KEY_KINDS", "QUERY_KEYS", "REPORT_OPTIONS", "RESOLVED_ALREADY", "STATE_FILE",
           "QueryFile",
           "ResolvedQuery", "RunState", "SavedQuery", "SavedRun", "json_schema", "load_queries", "output_targets",
           "parse_assignments", "report_kind", "run_queries", "run_report"]
