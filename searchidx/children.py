"""Processes forked to help a run (Whoosh's writer processes, the reader pool's readers), tied to the
process that forked them."""

from __future__ import annotations

import os
import signal
import sys


def die_with(parent: int) -> None:
    """In a forked process: exit when ``parent`` dies, even by kill -9 (Linux asks the kernel to end
    this process then), and at once if it died before this was asked. An orphaned helper would wait on
    its queue for ever and keep the index locked."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
