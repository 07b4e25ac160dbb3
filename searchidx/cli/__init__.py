"""The searchidx command line: each command parses options, makes one library call, and renders.

``group`` holds the root group and how a run ends, ``options`` the options commands share; the commands
live in one module per kind of work, each registering itself on the group when imported here.
"""

from __future__ import annotations

from . import analysis, indexing, saved_queries, searching, serving  # noqa: F401  (each registers its commands)
from .group import cli, main

__all__ = ["cli", "main"]
