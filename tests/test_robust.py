"""Unusual input a real corpus holds, met as a user would meet it: through the CLI, saved queries and the
library. Each test here failed before the fix it names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli


def _index(tmp_path, files: dict[str, str | bytes]):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (corpus / name).write_bytes(data)
    index = tmp_path / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus], jobs=1)
    return index, report


def _run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def far_dates(tmp_path_factory):
    """Articles dated 9999-12-31 (a common 'no date' stand-in) and in the first century, beside ordinary ones."""
    index, report = _index(tmp_path_factory.mktemp("far"), {
        "far.txt": "title: Far future\ndate: 9999-12-31\n\nHarbour report.\n",
        "old.txt": "title: Long ago\ndate: 0001-01-01T00:00:00-05:00\n\nHarbour report.\n",
        "now.txt": "title: Now\ndate: 2022-03-04\n\nHarbour report.\n",
    })
    assert not report.failed
    return index


@pytest.mark.parametrize("args, ids", [
    (["search", "harbour", "date:2022"], {"now.txt"}),
    (["search", "harbour", "--since", "2000"], {"now.txt", "far.txt"}),
    (["search", "--since", "9999"], {"far.txt"}),
    (["search", "harbour", "--until", "2000"], {"old.txt"}),
    (["search", "date:9999-12-31"], {"far.txt"}),
])
def test_a_date_filter_over_an_article_of_the_year_9999(far_dates, args, ids):
    # before: any date filter on such an index ended in "ValueError: year 10000 is out of range"
    result = _run(*args, "--index", far_dates, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["id"] for line in result.output.splitlines()} == ids


def test_a_timeline_by_year_reaching_the_year_9999(far_dates):
    result = _run("timeline", "harbour", "--by", "year", "--since", "9990", "--index", far_dates)
    assert result.exit_code == 0, result.output
    assert "9999 " in result.output and "1 articles by year" in result.output


def test_a_date_of_the_first_century_is_written_with_four_digit_years(far_dates):
    result = _run("search", "--until", "2000", "--index", far_dates, "--format", "jsonl")
    assert json.loads(result.output)["date"] == "0001-01-01T05:00:00Z"
