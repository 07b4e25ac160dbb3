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


def how_it_ended(exitcode: int | None) -> str:
    """How a helper process ended, from its exit code: 'was ended by SIGKILL (out of memory?)' (the kernel's
    out-of-memory killer sends SIGKILL), 'was ended by SIGSEGV', 'ended with exit status 1'."""
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"was ended by {name}" + (" (out of memory?)" if -exitcode == signal.SIGKILL else "")
    return f"ended with exit status {exitcode}"
