"""The console examples in README.md and docs/*.md show what the commands print today, and the ```pycon
examples what the library returns.

Each ```console block of `searchidx` commands alone is run, in order, against corpus/ indexed afresh,
and each command's output compared with the page, but for the commands that write the index or serve
(`index`, `serve`), use a pipe or redirection, or read a file the page made by hand. In the page a
line `...` stands for any number of lines, and a line ending in `...` for a line that starts so and
any lines after it. Sizes on disk are not compared. A failure prints what the command prints now:
paste it into the page.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIPPED_COMMANDS = {"index", "serve"}  # they write the index or wait for requests
SIZE = re.compile(r"\d+(?:\.\d+)? (?:KB|MB|GB)")


def console_blocks(path: Path) -> list[tuple[int, list[tuple[str, list[str]]]]]:
    """(line of the block, [(command, expected output lines), ...]) for each ```console block."""
    blocks, block, start, inside = [], [], 0, False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not inside and line.strip() == "```console":
            inside, block, start = True, [], number
        elif inside and line.strip().startswith("```"):
            inside = False
            blocks.append((start, block))
        elif inside and line.startswith("$ "):
            block.append((line[2:], []))
        elif inside and block:
            block[-1][1].append(line)
    return blocks


def shell_only(block: list[tuple[str, list[str]]]) -> bool:
    """Whether the block runs anything but searchidx (an edit, echo, curl): it makes files of its own."""
    return any(shlex.split(command, comments=True)[:1] != ["searchidx"] for command, _ in block)


def runnable(command: str, cwd: Path) -> bool:
    """A searchidx command that reads the demo index and needs no file the page made by hand."""
    words = shlex.split(command, comments=True)
    if len(words) < 2 or words[1] in SKIPPED_COMMANDS or any(c in command for c in "|><"):
        return False
    return not any(w.endswith((".yaml", ".qrels", ".run", ".tsv")) and not (cwd / w).exists() for w in words[2:])


def same(expected: list[str], actual: list[str]) -> bool:
    expected = [SIZE.sub("N MB", e.rstrip()) for e in expected]
    actual = [SIZE.sub("N MB", a.rstrip()) for a in actual]
    while expected and not expected[-1]:
        expected.pop()
    while actual and not actual[-1]:
        actual.pop()
    j, skipping = 0, False
    for e in expected:
        if e.strip() == "...":
            skipping = True
            continue
        prefix = e.endswith("...")
        text = e[:-3].rstrip() if prefix else e

        def fits(a: str) -> bool:
            return a.startswith(text) if prefix else a == text  # noqa: B023 (used at once)

        if skipping:
            while j < len(actual) and not fits(actual[j]):
                j += 1
        if j >= len(actual) or not fits(actual[j]):
            return False
        j += 1
        skipping = prefix
    return skipping or j == len(actual)


def examples() -> list:
    return [pytest.param(path, line, block, id=f"{path.name}:{line}")
            for path in PAGES for line, block in console_blocks(path)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A folder holding corpus/ and config/ as the repo has them, and the demo index built from them."""
    base = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "corpus", base / "corpus")
    shutil.copytree(ROOT / "config", base / "config")
    with searchidx.open_index(base / ".searchidx") as idx:
        report = idx.update([base / "corpus"])
    assert not report.failed, report.failed
    return base


@pytest.mark.parametrize("path, line, block", examples())
def test_console_examples_show_what_the_commands_print(path, line, block, demo, monkeypatch):
    commands = [(command, expected) for command, expected in block if runnable(command, demo)]
    if shell_only(block) or not commands:
        pytest.skip("no read-only searchidx example with everything it needs in the repo")
    monkeypatch.chdir(demo)
    for name in ("SEARCHIDX_INDEX", "SEARCHIDX_CONFIG", "SEARCHIDX_BACKEND", "SEARCHIDX_OPENSEARCH_URL"):
        monkeypatch.delenv(name, raising=False)
    for command, expected in commands:
        result = CliRunner().invoke(cli, shlex.split(command)[1:])
        actual = result.output.splitlines()
        assert same(expected, actual), (
            f"{path.relative_to(ROOT)}:{line}: `$ {command}` prints now:\n" + "\n".join(actual))


def test_same_reads_the_elisions_as_the_pages_write_them():
    assert same(["a", "...", "d"], ["a", "b", "c", "d"])
    assert same(["a", "b ..."], ["a", "b c", "d"])
    assert same(["a", "b ...", "d"], ["a", "b c", "x", "d"])
    assert not same(["a", "b"], ["a", "c"])
    assert not same(["a"], ["a", "b"])
    assert same(["on disk:   8.0 MB"], ["on disk:   6.2 MB"])


def pycon_pages() -> list:
    return [pytest.param(path, id=path.name) for path in PAGES if "```pycon" in path.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", pycon_pages())
def test_python_examples_show_what_the_library_returns(path, demo, monkeypatch):
    """The ```pycon blocks of a page, run in order as one session in the demo folder, print what the page says."""
    import doctest

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    session = []
    for start in (n for n, line in enumerate(lines) if line.strip() == "```pycon"):
        end = next(n for n in range(start + 1, len(lines)) if lines[n].strip().startswith("```"))
        session.append("\n".join(lines[start + 1:end]))
    monkeypatch.chdir(demo)
    test = doctest.DocTestParser().get_doctest("\n".join(session), {}, path.name, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
