"""Bad input that used to run quietly as something else: a param filled in empty, a trend with no end,
files and folders the process may not read or write (simulated, so the tests mean the same run as root)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

import searchidx
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


# --- a trend with no end ---

@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """60 articles of January to 20 March 2024: an archive, as 1987 news is, long before today."""
    index = tmp_path_factory.mktemp("archive") / "index"
    with searchidx.open_index(index) as idx:
        idx.update([FIXTURES / "analytics"])
    return index


def test_a_trend_with_no_until_ends_with_the_newest_match_as_a_timeline_does(archive):
    """`trending --since 2024-03` ran to today: the period took in years without an article, and the
    baseline as many years before, so that January and February 2024 were compared with nothing but noise."""
    with searchidx.open_index(archive) as idx:
        found = idx.trending(since="2024-03")
        assert found.period == ("2024-03-01T00:00:00Z", "2024-03-21T00:00:00Z")  # the newest article: 20 March
        assert found.baseline == ("2024-02-10T00:00:00Z", "2024-03-01T00:00:00Z")  # as many days before
        assert found == idx.trending(since="2024-03", until="2024-03-20")
        # a query's own newest match ends its period, the day its timeline's last row is
        target = idx.trending("", person=["Tomas Target"], since="2024-02")
        rows = idx.timeline("", person=["Tomas Target"], since="2024-02", by="day").periods
        assert target.period[1] == "2024-03-16T00:00:00Z" and rows[-1] == "2024-03-15"


def test_the_command_and_a_saved_report_end_a_trend_where_the_library_does(tmp_path, archive):
    cli_run = CliRunner().invoke(cli, ["trending", "--since", "2024-03", "--format", "json", "--index", str(archive)])
    assert cli_run.exit_code == 0, cli_run.output
    assert json.loads(cli_run.stdout)["period"] == ["2024-03-01T00:00:00Z", "2024-03-21T00:00:00Z"]
    path = write(tmp_path, "queries:\n  - name: t\n    report: trending\n    since: 2024-03\n    format: json\n"
                           "    output: t.json\n")
    assert CliRunner().invoke(cli, ["run", str(path), "--index", str(archive)]).exit_code == 0
    assert json.loads((tmp_path / "t.json").read_text())["period"] == ["2024-03-01T00:00:00Z", "2024-03-21T00:00:00Z"]

