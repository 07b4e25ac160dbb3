"""A real `searchidx serve` process on a free loopback port, for the HTTP and browser tests."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import FIXTURES, copy_corpus

import searchidx

# An article whose title, text, source, author and address are markup meant to run in a reader's browser.
HOSTILE = """title: <script>document.title='pwned';window.pwned=1</script><img src=x onerror="window.pwned=1"> Hostile \
referendum headline
date: 2022-09-22
source: <b onmouseover="window.pwned=1">Hostile</b> Source
author: <script>window.pwned=1</script>
url: javascript:window.pwned=1

The referendum text holds <script>window.pwned=1;document.title='pwned'</script> a script and
<img src=x onerror="window.pwned=1"> an image that runs one, next to President Vladimir Putin's name.

<a href="javascript:window.pwned=1">a javascript: link</a> and <iframe src="javascript:window.pwned=1"></iframe>.
"""

SAVED = """params:
  since: 2019-01-01
queries:
  - name: referendums
    description: Votes on joining Russia
    q: referendum
    since: "{since}"
    facets: [person]
  - name: kyiv
    q: kyiv
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_site(base: Path) -> tuple[Path, Path, Path]:
    """The fixture corpus plus the hostile article, indexed, and a saved-query file: (index, corpus, queries)."""
    corpus = copy_corpus(base / "corpus")
    (corpus / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    index = base / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert not report.failed, report.failed
    queries = base / "queries.yaml"
    queries.write_text(SAVED, encoding="utf-8")
    return index, corpus, queries


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str

    def json(self):
        return json.loads(self.body)


class Server:
    """``searchidx serve`` in a child process; ``get(path)`` asks it over HTTP."""

    def __init__(self, index: Path, queries: Path | None = None, *extra: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "searchidx", "serve", "--index", str(index), "--port", str(self.port), *extra]
        if queries:
            args += ["--queries", str(queries)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a file, not a pipe: a full pipe would stall it
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.log, text=True, env=env)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"searchidx serve exited {self.proc.returncode}: {self.stop()}")
            try:
                if self.get("/api").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("searchidx serve did not answer within 60 s")
            time.sleep(0.1)

    def get(self, path: str, headers: dict[str, str] | None = None, method: str = "GET",
            timeout: float = 30) -> Reply:
        request = urllib.request.Request(self.base + path, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, {k.lower(): v for k, v in response.headers.items()},
                             response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode("utf-8"))

    def stop(self) -> str:
        """End the server (by its process id) and return what it wrote to stderr."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.seek(0)
        return self.log.read()


__all__ = ["Server", "build_site", "free_port", "FIXTURES", "HOSTILE", "SAVED"]
