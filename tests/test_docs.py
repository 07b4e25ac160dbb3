"""The README is the short entry point; the reference lives in docs/*.md. These tests keep the two
in step with the CLI and keep every relative link between them working."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli

ROOT = Path(__file__).parent.parent
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
DOC_PATHS = sorted((ROOT / "docs").glob("*.md"))
DOCS = {path: path.read_text(encoding="utf-8") for path in DOC_PATHS}
README_MAX_LINES = 200

FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
TABLE_COMMAND = re.compile(r"^\|\s*`searchidx ([a-z-]+)`\s*\|")


def prose_lines(text):
    """The lines outside fenced code blocks (headings and links there are not Markdown)."""
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(text):
    seen, result = {}, set()
    for line in prose_lines(text):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            result.add(base if count == 0 else f"{base}-{count}")
    return result


def readme_command_table():
    """Command name -> the row's cells, from the README table whose rows start `searchidx NAME`."""
    rows = {}
    for line in prose_lines(README):
        match = TABLE_COMMAND.match(line)
        if match:
            rows[match.group(1)] = line
    return rows


def relative_links(path, text):
    for line in prose_lines(text):
        for target in LINK.findall(line):
            if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
                continue  # http:, https:, mailto:
            yield path, target


def test_there_are_docs_pages():
    assert DOC_PATHS, "docs/ holds no pages"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name):
    command = cli.commands[name]
    assert command.help, f"{name} has no help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_in_the_readme_table_and_documented(name):
    rows = readme_command_table()
    assert name in rows, f"README's command table has no row for 'searchidx {name}'"
    documented = [p.name for p, text in DOCS.items() if f"searchidx {name}" in text]
    assert documented, f"no docs/*.md page shows 'searchidx {name}'"
    linked = {Path(t.split("#")[0]).name for t in LINK.findall(rows[name]) if t.startswith("docs/")}
    assert linked & set(documented), (
        f"README's row for 'searchidx {name}' links {sorted(linked) or 'no docs page'}, "
        f"but the command is shown in {documented}"
    )


def test_readme_command_table_has_only_real_commands():
    unknown = sorted(set(readme_command_table()) - set(cli.commands))
    assert not unknown, f"README's command table lists commands the CLI does not have: {unknown}"


def test_readme_starts_with_the_two_commands():
    start = README.index("## Start here")
    following = README.find("\n## ", start + 1)
    section = README[start : following if following != -1 else len(README)]
    assert "bin/demo" in section and "bin/test" in section, "## Start here must show bin/demo and bin/test"
    assert section.index("bin/demo") < section.index("bin/test")
    assert README.index("## Start here") < README.index("## Commands")


def test_readme_is_short():
    lines = len(README.splitlines())
    assert lines <= README_MAX_LINES, (f"README.md is {lines} lines; keep it to {README_MAX_LINES} "
                                       f"and move detail to docs/")


def test_readme_links_every_docs_page():
    linked = {
        (README_PATH.parent / target.split("#")[0]).resolve()
        for _, target in relative_links(README_PATH, README)
        if target.split("#")[0]
    }
    unlinked = [p.name for p in DOC_PATHS if p.resolve() not in linked]
    assert not unlinked, f"README.md does not link {unlinked}"


ALL_LINKS = list(relative_links(README_PATH, README)) + [
    link for path, text in DOCS.items() for link in relative_links(path, text)
]


@pytest.mark.parametrize(
    "source,target", ALL_LINKS, ids=[f"{s.relative_to(ROOT)}->{t}" for s, t in ALL_LINKS]
)
def test_relative_links_resolve(source, target):
    file_part, _, anchor = target.partition("#")
    destination = (source.parent / file_part).resolve() if file_part else source.resolve()
    assert destination.exists(), f"{source.relative_to(ROOT)} links to missing {target}"
    if anchor and destination.suffix == ".md":
        found = anchors(destination.read_text(encoding="utf-8"))
        assert anchor in found, (f"{source.relative_to(ROOT)} links to #{anchor}, "
                                 f"not a heading of {file_part or source.name}")
