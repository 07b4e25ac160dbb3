"""Bad input that used to run quietly as something else: a param filled in empty, a trend with no end,
files and folders the process may not read or write (simulated, so the tests mean the same run as root)."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.errors import SavedQueryError
from searchidx.saved import load_queries


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("params, sets", [("  topic: referendum\n", ["--set", "topic="]),
                                          ("  topic: referendum\n", ["--set", "topic=  "]),
                                          ("  topic:\n", [])])  # left empty in the file itself
def test_a_q_a_param_fills_in_empty_is_an_error_not_every_article(tmp_path, built, params, sets):
    """`q: "{topic}"` run with `--set topic=` searched with an empty q, which matches every article."""
    path = write(tmp_path, f"params:\n{params}queries:\n  - name: a\n    q: \"{{topic}}\"\n")
    result = CliRunner().invoke(cli, ["run", str(path), *sets, "--index", str(built[0])])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {path}:5: query 'a': q: is empty: it would match every article; give topic "
                             "a value, or leave q out (filled in for '{topic}')\n")
    assert result.stdout == ""  # nothing ran


def test_the_library_refuses_a_param_given_empty_as_the_command_does(tmp_path, idx):
    path = write(tmp_path, 'params:\n  topic: referendum\n  out: hits.json\nqueries:\n'
                           '  - name: a\n    q: "{topic} vote"\n  - name: b\n    q: "{topic}"\n    output: "{out}"\n')
    assert idx.run(path, params={"topic": ""}, names=["a"])["a"].results.total > 0  # "vote" is still asked for
    with pytest.raises(SavedQueryError, match=r":8: query 'b': q: is empty: it would match every article"):
        idx.run(path, params={"topic": ""})
    with pytest.raises(SavedQueryError, match=r":9: query 'b': output: is empty: give out a value, or leave output "
                                              r"out \(filled in for '\{out\}'\)"):
        load_queries(path).resolve(params={"out": ""})


def test_a_q_written_empty_is_the_query_s_own_and_lists_by_its_filters(tmp_path, built):
    path = write(tmp_path, 'queries:\n  - name: a\n    q: ""\n    place: Ukraine\n    limit: 0\n')
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 0, result.output
