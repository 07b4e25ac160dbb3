import csv
import io
import json
import textwrap
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli
from searchidx.errors import SavedQueryError
from searchidx.saved import json_schema, load_queries

GOOD = """\
defaults:
  limit: 5
  format: json
params:
  since: 2022-09-01
  who: Putin
queries:
  - name: referendums
    description: votes on joining Russia
    q: referendum OR annexation
    place: [Ukraine]
    since: "{since}"
    facets: [person, org]
    sort: newest
  - name: putin
    person: ["{who}"]
    until: 2022-12-31
    format: csv
    columns: [id, title]
    output: out/putin.csv
"""


def write(tmp_path, text, name="q.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_load_and_resolve_every_key(tmp_path):
    qf = load_queries(write(tmp_path, GOOD))
    assert qf.names() == ["referendums", "putin"]
    ref, putin = qf.resolve()
    assert ref.query.to_dict() == {"q": "referendum OR annexation", "place": ["Ukraine"], "since": "2022-09-01",
                                   "facets": ["person", "org"], "sort": "newest", "limit": 5}
    assert (ref.format, ref.output, ref.description) == ("json", None, "votes on joining Russia")
    assert putin.query.person == ("Putin",) and putin.query.until == "2022-12-31"
    assert (putin.format, putin.output, putin.columns) == ("csv", "out/putin.csv", ("id", "title"))


def test_more_keys(tmp_path):
    qf = load_queries(write(tmp_path, """\
        queries:
          - name: all-keys
            q: "a (b"
            literal: true
            org: ISW
            source: [Example News]
            page: 2
            facet_limit: 3
            fields: id,title
            format: jsonl
        """))
    rq = qf.resolve()[0]
    assert rq.query.literal and rq.query.org == ("ISW",) and rq.query.source == ("Example News",)
    assert (rq.query.page, rq.query.facet_limit, rq.columns, rq.format) == (2, 3, ("id", "title"), "jsonl")


def test_columns_with_a_fixed_layout_format_name_the_query_and_key(tmp_path):
    with pytest.raises(SavedQueryError, match=r"q.yaml:4: query 'listing': columns: .*paths format has a fixed layout"):
        load_queries(write(tmp_path, """\
            queries:
              - name: listing
                q: oil
                columns: [id, title]
                format: paths
            """)).resolve()


def test_params_overridden_with_set(tmp_path):
    qf = load_queries(write(tmp_path, GOOD))
    ref = qf.resolve({"since": "2021"})[0]
    assert ref.query.since == "2021"
    assert qf.resolve({"who": "Zelensky"}, names=["putin"])[0].query.person == ("Zelensky",)


def test_a_param_never_closed_is_an_error_not_text(tmp_path):
    """'q: "gas {topic"' ran the search 'gas {topic' (the words gas and topic) as if no param were meant, and
    'person: "{who"' filtered on a person named '{who'."""
    for key, value in (("q", "gas {topic"), ("person", "{topic")):
        with pytest.raises(SavedQueryError) as err:
            load_queries(write(tmp_path, f"params:\n  topic: oil\nqueries:\n  - name: a\n    {key}: '{value}'\n"))
        assert str(err.value).endswith(f"q.yaml:5: query 'a': {key}: '{{topic' is never closed: a param is written "
                                       "{topic} (a brace itself as {{)")
    qf = load_queries(write(tmp_path, "params:\n  topic: oil\nqueries:\n  - name: a\n    q: 'gas {{topic'\n"
                                      "    description: 'see {notes'\n"))
    assert qf.resolve()[0].query.q == "gas {topic"  # a brace written as {{, and prose, stay as they are


@pytest.mark.parametrize("text, message", [
    ("queries:\n  - name: a\n    q: x\n    colour: red\n", "q.yaml:4: query 'a': colour: unknown key"),
    ("queries:\n  - name: a\n    limit: ten\n", "q.yaml:3: query 'a': limit: expected a whole number"),
    ("queries:\n  - name: a\n    place: {x: 1}\n", "q.yaml:3: query 'a': place: expected a name or a list"),
    ("queries:\n  - name: a\n    since: someday\n", "q.yaml:3: query 'a': since: 'someday'"),
    ("queries:\n  - name: a\n    until: 2022-13\n", "q.yaml:3: query 'a': until:"),
    ("queries:\n  - name: a\n    q: x\n  - name: a\n    q: y\n",
     "q.yaml:4: query 'a': duplicate name (first used at line 2)"),
    ("queries:\n  - name: a\n    since: '{start}'\n", "q.yaml:3: query 'a': since: param {start} is not defined"),
    ("queries:\n  - name: a\n    q: '\"open'\n", "q.yaml:3: query 'a': q: invalid query"),
    ("queries:\n  - name: a\n    sort: random\n", "q.yaml:3: query 'a': sort: must be one of"),
    ("queries:\n  - name: a\n    facets: [weather]\n", "q.yaml:3: query 'a': facets: unknown facet 'weather'"),
    ("queries:\n  - name: a\n    format: xml\n", "query 'a': format: format must be one of"),
    ("queries:\n  - name: a\n    q: [x\n", "q.yaml:4: invalid YAML"),
    ("queries:\n  - q: x\n", "q.yaml:2: a query needs a 'name:'"),
    ("queries:\n  - just a string\n", "q.yaml:2: each query must be a mapping"),
    ("querys:\n  - name: a\n", "q.yaml:1: unknown top-level key 'querys'"),
    ("defaults:\n  output: x.csv\nqueries:\n  - name: a\n", "q.yaml:2: defaults: unknown key 'output'"),
    ("params:\n  since: [1, 2]\nqueries:\n  - name: a\n", "q.yaml:2: params: since: a param must be a single value"),
    ("queries: []\n", "the 'queries:' list is empty"),
    ("", "the file is empty"),
    # the query's name too, read before its other keys (it said "query: key 'q' appears twice")
    ("queries:\n  - name: a\n    q: x\n    q: y\n", "q.yaml:4: query 'a': key 'q' appears twice"),
    ("queries:\n  - q: x\n    q: y\n", "q.yaml:3: query: key 'q' appears twice"),  # (no name to give)
    # values the Query model refuses: the error points at the key's own line, as for every other key
    ("queries:\n  - name: a\n    q: x\n    limit: -1\n", "q.yaml:4: query 'a': limit: must be between 0 and 100000"),
    ("queries:\n  - name: a\n    q: x\n    page: 0\n", "q.yaml:4: query 'a': page: must be 1 or more"),
    ("queries:\n  - name: a\n    q: x\n    kind: story\n", "q.yaml:4: query 'a': kind: unknown kind 'story'"),
    ("queries:\n  - name: a\n    q: x\n    match: most\n", "q.yaml:4: query 'a': match: must be 'any' or 'all'"),
    ("queries:\n  - name: a\n    q: x\n    count: hits\n", "q.yaml:4: query 'a': count: must be 'articles'"),
])
def test_errors_name_file_line_query_and_key(tmp_path, text, message):
    with pytest.raises(SavedQueryError) as err:
        load_queries(write(tmp_path, text))
    assert message in str(err.value)
    assert str(err.value).startswith(str(tmp_path / "q.yaml"))


def test_unknown_name_and_bad_set(tmp_path):
    qf = load_queries(write(tmp_path, GOOD))
    with pytest.raises(SavedQueryError, match="no query named 'nope'"):
        qf.resolve(names=["nope"])
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "q.yaml"), "--set", "novalue", "--index", str(tmp_path)])
    assert result.exit_code == 2 and "Error: --set 'novalue': expected NAME=VALUE" in result.output


def test_yaml_is_loaded_safely(tmp_path):
    with pytest.raises(SavedQueryError, match="invalid YAML"):
        load_queries(write(tmp_path, "queries:\n  - name: !!python/object/apply:os.system ['echo hi']\n"))


def test_as_of_fixes_relative_dates(tmp_path, built):
    """As of 2022-09-25, the last seven days end that day: kyiv-energy.html, dated 2022-11-23, was found too
    (a relative since had no end), so a run repeated --as-of a past day was not the run of that day."""
    path = write(tmp_path, "queries:\n  - name: recent\n    since: -7d\n    format: json\n"
                           "  - name: text\n    q: 'date:\"last 7 days\"'\n")
    late_sept = searchidx.open_index(built[0]).run(path, now=datetime(2022, 9, 25, tzinfo=timezone.utc))
    assert {h.id for h in late_sept["recent"].results.hits} == {"ex-2022-0920-001", "ex-2022-0921-002",
        "2022-09-20-kremlin-referendums.txt", "2022-09-20-kremlin-referendums.md",
        "2022-09-20-kremlin-referendums.html"} == {h.id for h in late_sept["text"].results.hits}
    result = CliRunner().invoke(cli, ["run", str(path), "--name", "recent", "--as-of", "2022-11-30", "--index",
                                      str(built[0])])
    assert json.loads(result.stdout)["total"] == 1  # (its heading is on stderr)


def test_library_run_keyed_by_name(tmp_path, built):
    with searchidx.open_index(built[0]) as idx:
        runs = idx.run(searchidx.load_queries(write(tmp_path, GOOD)))
    assert set(runs) == {"referendums", "putin"}
    assert runs["referendums"].results.total == 4
    assert runs["putin"].results.hits[0].entities["person"][0] == "Vladimir Putin"


def test_check_lists_queries_without_running(tmp_path):
    result = CliRunner().invoke(cli, ["run", str(write(tmp_path, GOOD)), "--check", "--index", str(tmp_path / "none")])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith('referendums: {"q": "referendum OR annexation"')
    assert result.stdout.splitlines()[-1].endswith("q.yaml: 2 queries OK")


def test_invalid_file_exits_2_and_runs_nothing(tmp_path, built):
    path = write(tmp_path, "queries:\n  - name: a\n    out: x\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 2 and "query 'a': out: unknown key" in result.output


@pytest.mark.parametrize("fmt, check", [
    ("json", lambda text: json.loads(text)["total"] == 4),
    ("jsonl", lambda text: len(text.splitlines()) == 4 and json.loads(text.splitlines()[0])["id"]),
    ("csv", lambda text: list(csv.reader(io.StringIO(text)))[0][:3] == ["id", "score", "date"]),
    ("paths", lambda text: "export.jsonl#1" in text.splitlines()),
    ("table", lambda text: text.startswith("1-4 of 4 articles")),
])
def test_out_dir_writes_one_file_per_query(tmp_path, built, fmt, check, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n  - name: glasgow\n    q: glasgow\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--format", fmt, "--out", "res", "--index", str(built[0])])
    assert result.exit_code == 0, result.output
    ext = {"table": "txt", "paths": "txt"}.get(fmt, fmt)
    assert check((tmp_path / "res" / f"ref.{ext}").read_text(encoding="utf-8"))
    assert (tmp_path / "res" / f"glasgow.{ext}").exists()
    assert f"ref          4    -  res/ref.{ext}" in result.stdout


def test_per_query_output_path(tmp_path, built, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", str(write(tmp_path, GOOD)), "--name", "putin", "--index", str(built[0])])
    assert result.exit_code == 0
    rows = list(csv.reader((tmp_path / "out" / "putin.csv").open(encoding="utf-8")))
    assert rows[0] == ["id", "title"] and len(rows) == 6


def test_diff_across_three_runs(tmp_path, corpus_copy):
    index = tmp_path / "ix"
    path = write(tmp_path, "queries:\n  - name: moscow\n    q: Moscow\n    format: jsonl\n    limit: 50\n")
    args = ["run", str(path), "--diff", "--index", str(index)]
    with searchidx.open_index(index) as idx:
        idx.update([corpus_copy])
    first = CliRunner().invoke(cli, args)
    first_ids = {json.loads(line)["id"] for line in first.stdout.splitlines() if line.startswith("{")}
    assert len(first_ids) == 4 and "moscow      4    4  -" in first.stderr

    second = CliRunner().invoke(cli, args)
    assert not [line for line in second.stdout.splitlines() if line.startswith("{")]
    assert "moscow      4    0  -" in second.stderr

    (corpus_copy / "new-moscow.txt").write_text("title: Snow in Moscow\n\nIt snowed in Moscow.\n", encoding="utf-8")
    with searchidx.open_index(index) as idx:
        idx.update([corpus_copy])
    third = CliRunner().invoke(cli, args)
    third_ids = [json.loads(line)["id"] for line in third.stdout.splitlines() if line.startswith("{")]
    assert third_ids == ["new-moscow.txt"] and "moscow      5    1  -" in third.stderr

    # editing the query resets its state: everything is new again
    path.write_text(path.read_text().replace("q: Moscow", "q: Moscow OR Kyiv"), encoding="utf-8")
    fourth = CliRunner().invoke(cli, args)
    assert len([line for line in fourth.stdout.splitlines() if line.startswith("{")]) > 5


def test_diff_keeps_new_hits_past_the_limit_new_for_the_next_run(tmp_path, corpus_copy):
    index = tmp_path / "ix"
    path = write(tmp_path, "queries:\n  - name: moscow\n    q: Moscow\n    format: jsonl\n    limit: 3\n")
    args = ["run", str(path), "--diff", "--index", str(index)]
    with searchidx.open_index(index) as idx:
        idx.update([corpus_copy])

    def shown(result):
        return [json.loads(line)["id"] for line in result.stdout.splitlines() if line.startswith("{")]

    first = CliRunner().invoke(cli, args)
    assert len(shown(first)) == 3 and "moscow      4    4  -" in first.stderr
    second = CliRunner().invoke(cli, args)  # the fourth was never shown: it is still new
    assert len(shown(second)) == 1 and set(shown(second)).isdisjoint(shown(first))
    assert "moscow      4    1  -" in second.stderr
    third = CliRunner().invoke(cli, args)
    assert shown(third) == [] and "moscow      4    0  -" in third.stderr
    # a count-only query (limit 0) shows no hits, and has seen every one it counted
    path.write_text(path.read_text().replace("limit: 3", "limit: 0").replace("q: Moscow", "q: Moscow OR Kyiv"))
    rows = [next(line.split() for line in CliRunner().invoke(cli, args).stderr.splitlines()
                 if line.startswith("moscow")) for _ in range(2)]
    assert int(rows[0][2]) == int(rows[0][1]) > 4 and rows[1][2] == "0"


def test_a_param_filled_in_empty_is_an_error_not_no_filter(tmp_path, built):
    """`person: "{who}"` run with `--set who=`: the empty name was dropped and the query matched everything."""
    path = write(tmp_path, 'params:\n  who: Putin\nqueries:\n  - name: a\n    q: referendum\n    person: "{who}"\n')
    result = CliRunner().invoke(cli, ["run", str(path), "--set", "who=", "--index", str(built[0])])
    assert result.exit_code == 2
    assert f"{path}:6: query 'a': person: is empty: it would filter nothing" in result.stderr
    assert "(filled in for '{who}')" in result.stderr


@pytest.mark.parametrize("lines, args, message", [
    ('    since: ""\n', [], ":6: query 'a': since: is empty: it would filter nothing; give a date, or leave since out"),
    ('    until: " "\n', [], ":6: query 'a': until: is empty: it would filter nothing; give a date, or leave until"),
    ('    since: "{since}"\n', ["--set", "since="],
     ":6: query 'a': since: is empty: it would filter nothing; give a date, or leave since out (filled in for "
     "'{since}')"),
])
def test_an_empty_date_is_an_error_as_for_every_filter(tmp_path, built, lines, args, message):
    """`since: ""` (or a param left empty) was read as no bound, and the query ran over every date, while the
    other filter keys refuse an empty value."""
    path = write(tmp_path, "params:\n  since: 2022\nqueries:\n  - name: a\n    q: referendum\n" + lines)
    result = CliRunner().invoke(cli, ["run", str(path), *args, "--index", str(built[0])])
    assert result.exit_code == 2 and f"{path}{message}" in result.stderr, result.stderr
    assert result.stdout == ""  # nothing ran
    with pytest.raises(SavedQueryError, match="is empty"):
        load_queries(path).resolve(params=dict(a.split("=") for a in args[1::2]))


def test_fail_on_empty(tmp_path, built):
    path = write(tmp_path, "queries:\n  - name: nothing\n    q: zzzqqq\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--fail-on-empty", "--index", str(built[0])])
    assert result.exit_code == 1


def test_schema_is_json_schema(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--schema"])
    schema = json.loads(result.stdout)
    assert schema["required"] == ["queries"]
    props = schema["properties"]["queries"]["items"]["properties"]
    assert {"name", "q", "person", "since", "output", "format"} <= set(props)


def test_example_file_is_valid():
    from pathlib import Path
    qf = load_queries(Path(__file__).parent.parent / "config" / "queries.example.yaml")
    assert len(qf.resolve()) == 3


@pytest.mark.parametrize("output, message", [
    ("../outside.csv", "is outside"),
    ("/tmp/searchidx-test-outside.csv", "is outside"),
    ("123", None),  # a name made of digits is a file name like any other
    ("sub", "exists and is not a regular file"),  # a folder
])
def test_outputs_stay_under_the_query_files_folder(tmp_path, built, output, message):
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "sub").mkdir()
    path = write(tmp_path / "q", f"queries:\n  - name: ref\n    q: referendum\n    output: \"{output}\"\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    if message is None:
        assert result.exit_code == 0 and (tmp_path / "q" / output).is_file()
    else:
        assert result.exit_code == 2 and "q.yaml:4: query 'ref': output: " in result.stderr and message in result.stderr
        assert not (tmp_path / "outside.csv").exists()


def test_outputs_never_go_into_the_index_or_onto_devices_even_when_allowed_anywhere(tmp_path, built):
    index = built[0]
    for output in (str(index / "searchidx.json"), "/dev/full", "/dev/null"):
        path = write(tmp_path, f"queries:\n  - name: ref\n    q: referendum\n    output: {output}\n")
        result = CliRunner().invoke(cli, ["run", str(path), "--index", str(index), "--out-anywhere"])
        assert result.exit_code == 2, output
        assert "inside the index folder" in result.stderr or "is not a regular file" in result.stderr
    with searchidx.open_index(index) as idx:
        assert idx.search("referendum").total == 4  # the index still opens


def test_out_anywhere_allows_a_path_outside(tmp_path, built):
    (tmp_path / "q").mkdir()
    path = write(tmp_path / "q", "queries:\n  - name: ref\n    q: referendum\n    output: ../elsewhere/ref.csv\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0]), "--out-anywhere"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "ref.csv").is_file()


@pytest.mark.parametrize("value", ["123", "[a, b]"])
def test_an_output_that_is_not_a_file_name_is_an_error(tmp_path, built, value):
    path = write(tmp_path, f"queries:\n  - name: ref\n    q: referendum\n    output: {value}\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 2 and "q.yaml:4: query 'ref': output: expected a file name" in result.stderr


def test_yaml_aliases_are_refused(tmp_path, built):
    laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    path = write(tmp_path, laughs + "queries:\n  - name: ref\n    q: referendum\n    person: *i\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 2 and "YAML aliases (*name) are not allowed" in result.stderr
    assert len(result.stderr) < 300


def test_a_damaged_diff_state_is_set_aside_not_fatal(tmp_path, corpus_copy):
    index = tmp_path / "ix"
    assert CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(index)]).exit_code == 0
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n")
    for damage in ("{not json", '{"ref": 5}', "[1, 2]"):
        (index / "saved-runs.json").write_text(damage, encoding="utf-8")
        result = CliRunner().invoke(cli, ["run", str(path), "--diff", "--index", str(index)])
        assert result.exit_code == 0, result.output
        assert "saved-runs.json" in result.stderr and "set aside as saved-runs.json.damaged-" in result.stderr
    again = CliRunner().invoke(cli, ["run", str(path), "--diff", "--index", str(index)])
    assert "Nothing new since the last run" in again.stdout and "damaged" not in again.stderr


def test_the_schema_names_exactly_the_keys_a_saved_query_accepts(tmp_path):
    """Every key `run` accepts is in the schema editors check files against, and no other."""
    from dataclasses import fields

    from searchidx.saved import DEFAULT_KEYS, QUERY_KEYS, json_schema
    from searchidx.search.query import Query

    schema = json_schema()
    assert set(schema["properties"]["queries"]["items"]["properties"]) == QUERY_KEYS
    assert set(schema["properties"]["defaults"]["properties"]) == DEFAULT_KEYS
    assert {f.name for f in fields(Query)} <= QUERY_KEYS  # every search option can be saved
    # and each of them is accepted when written in a file
    qf = load_queries(write(tmp_path, """\
        queries:
          - name: every-key
            q: oil
            person: [A]
            place: B
            org: C
            source: D
            lang: en
            kind: article
            since: 2020
            until: 2021
            sort: newest
            limit: 5
            page: 1
            facets: [person]
            facet_limit: 3
            literal: false
            collapse: story
            count: stories
            match: all
            format: csv
            columns: [id, title]
            description: all of them
        """))
    assert qf.resolve()[0].query.kind == ("article",)


@pytest.mark.parametrize("text, message", [
    ("defaults:\n  limit: 1\n  limit: 2\nqueries:\n  - name: a\n",
     "q.yaml:3: defaults: key 'limit' appears twice (first at line 2)"),
    ("params:\n  x: !!python/name:os.system ''\nqueries:\n  - name: a\n",
     "q.yaml:2: invalid YAML: could not determine"),
    ("queries:\n  - name: a\n    q: &x oil\n  - name: b\n    q: *x\n",
     "q.yaml:3: YAML aliases (*name) are not allowed"),
    (b"queries:\n  - name: a\n    q: caf\xe9\n", "q.yaml:3: not UTF-8 text (byte 0xe9)"),
])
def test_the_shared_yaml_reader_refuses_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "q.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(SavedQueryError) as err:
        load_queries(path)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:")


def test_two_queries_writing_one_file_is_an_error_not_an_overwrite(tmp_path, built):
    q = write(tmp_path, "queries:\n  - name: a\n    q: putin\n    output: same.csv\n"
                        "  - name: b\n    q: ukraine\n    output: ./same.csv\n")
    result = CliRunner().invoke(cli, ["run", str(q), "--index", str(built[0])])
    assert result.exit_code == 2 and not (tmp_path / "same.csv").exists()
    assert result.output.strip() == (f"Error: {q}:7: query 'b': output: {str(tmp_path / 'same.csv')!r} is also where "
                                     f"query 'a' writes; give each query its own file")


def test_set_of_a_param_the_file_does_not_declare_is_an_error(tmp_path):
    # a typo (--set sinc=2022) ran the queries with the file's own value, saying nothing
    qf = load_queries(write(tmp_path, GOOD))
    with pytest.raises(SavedQueryError) as err:
        qf.resolve({"sinc": "2022"})
    assert str(err.value) == f"{tmp_path / 'q.yaml'}: params: the file has no param 'sinc' (params: since, who)"
    assert err.value.for_cli() == (f"{tmp_path / 'q.yaml'}: --set sinc: the file has no param 'sinc' "
                                   "(params: since, who)")


def test_an_undeclared_placeholder_says_to_declare_it(tmp_path):
    with pytest.raises(SavedQueryError) as err:
        load_queries(write(tmp_path, "queries:\n  - name: a\n    q: '{w}'\n"))
    assert str(err.value).endswith("q: param {w} is not defined under 'params:' (declare it there, with a value "
                                   "params can override)")
    assert err.value.for_cli().endswith("q: param {w} is not defined under 'params:' (declare it there, with a "
                                        "value that --set w=VALUE can override)")


def test_a_source_or_language_no_article_has_is_said_per_query_and_on_the_command_line(tmp_path, built):
    path = write(tmp_path, """\
        queries:
          - name: in-english
            lang: english
          - name: wrong-source
            source: Nonesuch
        """)
    result = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert result.exit_code == 0
    assert result.stderr == ("wrong-source: warning: source 'Nonesuch' matches no indexed source "
                             "(sources: Daily Fixture, Example News, example.org, Fixture Times, Fixture Wire)\n")
    assert "== in-english\n1-2 of 2 articles" in result.stdout
    search = CliRunner().invoke(cli, ["search", "--lang", "klingon", "--index", str(built[0])])
    assert search.stderr == "warning: language 'klingon' matches no indexed language (languages: en (English))\n"


def test_a_param_fills_a_number_or_true_false_key_whose_type_is_then_checked(tmp_path, built):
    path = write(tmp_path, """\
        params:
          n: 2
          exact: false
        defaults:
          literal: "{exact}"
        queries:
          - name: referendums
            q: referendum
            limit: "{n}"
        """)
    first = load_queries(path).resolve()[0].query
    assert (first.limit, first.literal) == (2, False)
    changed = load_queries(path).resolve({"n": "5", "exact": "yes"})[0].query
    assert (changed.limit, changed.literal) == (5, True)
    result = CliRunner().invoke(cli, ["run", str(path), "--set", "n=1", "--format", "jsonl", "--index", str(built[0])])
    assert result.exit_code == 0 and len([line for line in result.stdout.splitlines() if '"id"' in line]) == 1
    bad = CliRunner().invoke(cli, ["run", str(path), "--set", "n=five", "--index", str(built[0])])
    assert bad.exit_code == 2
    assert bad.stderr == f"Error: {path}:9: query 'referendums': limit: expected a whole number, got 'five' " \
                         f"(filled in for '{{n}}')\n"
    with pytest.raises(SavedQueryError, match="literal: expected true or false, got 'maybe'"):
        load_queries(path).resolve({"exact": "maybe"})
    limit = json_schema()["properties"]["queries"]["items"]["properties"]["limit"]
    assert {"type": "string", "pattern": r"\{([A-Za-z_][A-Za-z0-9_]*)\}",
            "description": "a {param}, filled in by params"} in limit["anyOf"]


def test_format_given_to_run_for_every_query_drops_columns_it_has_no_use_for(tmp_path, built, monkeypatch):
    """`run FILE --format paths` on a file whose queries pick csv columns runs them all as paths: the
    columns were written for the file's own format, which the option replaces; a wrong column name is
    still an error."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n    format: csv\n    columns: [date, title]\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "paths", "--index", str(built[0])])
    assert result.exit_code == 0, result.output
    assert "export.jsonl#1" in result.stdout.splitlines()
    bad = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n    columns: [date, titel]\n", "bad.yaml")
    with pytest.raises(SavedQueryError, match=r"bad.yaml:4: query 'ref': columns: unknown column 'titel'; "
                                              r"did you mean title\? \(columns: "):
        load_queries(bad).resolve(fmt="paths")


def test_run_in_a_machine_format_prints_only_that_format_on_stdout(tmp_path, built, monkeypatch):
    """`run FILE --format json | jq` (or jsonl, paths): the queries' headings go to stderr, so stdout is
    a stream of JSON documents, of JSON lines or of paths, one query's after another's."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n"
                           "  - name: all\n    q: referendum\n    limit: 1\n")
    for fmt in ("json", "jsonl", "paths"):
        result = CliRunner().invoke(cli, ["run", str(path), "--format", fmt, "--index", str(built[0])])
        assert result.exit_code == 0, result.output
        assert "== ref" in result.stderr and "== all" in result.stderr
        lines = result.stdout.splitlines()
        if fmt == "json":
            decoder, text, docs = json.JSONDecoder(), result.stdout.strip(), []
            while text:
                doc, end = decoder.raw_decode(text)
                docs.append(doc)
                text = text[end:].lstrip()
            assert len(docs) == 2 and len(docs[0]["hits"]) > 1 and len(docs[1]["hits"]) == 1
        elif fmt == "jsonl":
            assert all(json.loads(line)["id"] for line in lines) and len(lines) > 2
        else:
            assert lines[-1] == lines[0] and len(lines) > 2 and "" not in lines  # (the best hit, then again)
    table = CliRunner().invoke(cli, ["run", str(path), "--index", str(built[0])])
    assert "== ref" in table.stdout  # a table's heading is for the reader, beside it


def test_several_queries_csv_on_stdout_is_one_table_and_their_jsonl_names_the_query(tmp_path, built, monkeypatch):
    """Each query printed its own header: `run q.yaml --format csv > all.csv` made a file whose second header
    was read as a row, and whose rows did not say which query found them."""
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n  - name: one\n    q: referendum\n"
                           "    limit: 1\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "csv", "--index", str(built[0])])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["query", "id", "score"]
    assert [r[0] for r in rows[1:]] == ["ref"] * 4 + ["one"] and rows[-1][1] == rows[1][1]
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "jsonl", "--index", str(built[0])])
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(d["query"], d["id"]) for d in lines] == [(r[0], r[1]) for r in rows[1:]]
    # tables of two shapes cannot be one: said before anything is printed
    path = write(tmp_path, "queries:\n  - name: ref\n    q: referendum\n  - name: few\n    q: referendum\n"
                           "    format: csv\n    columns: [id, title]\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "csv", "--index", str(built[0])])
    assert result.exit_code != 0 and result.stdout == ""
    assert "queries 'ref' and 'few' print csv of different columns to stdout" in result.stderr


@pytest.mark.parametrize("columns", ["[id, title, id]", "'date,title,date'"])
def test_a_column_given_twice_is_an_error_naming_the_file_query_and_key(tmp_path, columns):
    """As --columns id,title,id is: refused when the file's queries are resolved, before any search runs,
    not when the results are written after it."""
    bad = write(tmp_path, f"queries:\n  - name: ref\n    q: referendum\n    format: csv\n    columns: {columns}\n")
    twice = "id" if "id" in columns else "date"
    with pytest.raises(SavedQueryError, match=rf"q.yaml:5: query 'ref': columns: column '{twice}' is given twice"):
        load_queries(bad).resolve()


def test_a_report_given_a_format_it_cannot_take_by_run_format_names_the_option(tmp_path):
    path = write(tmp_path, "queries:\n  - name: who\n    person: [Putin]\n    report: entities\n")
    with pytest.raises(SavedQueryError, match=r"q.yaml:2: query 'who': --format paths: the format of an entities "
                                              r"report must be one of table, json, jsonl, csv"):
        load_queries(path).resolve(fmt="paths")


def test_an_output_whose_ending_says_another_format_than_the_query_is_an_error(tmp_path):
    """`format: csv` with `output: a.json` wrote CSV into a file named .json: the next tool to read it
    fails far from the cause."""
    path = write(tmp_path, "queries:\n  - name: a\n    q: x\n    format: csv\n    output: a.json\n")
    with pytest.raises(SavedQueryError, match=r"q.yaml:5: query 'a': output: 'a.json' is a name for json output, "
                                              r"but format: is csv"):
        load_queries(path)
    for fmt, name in (("csv", "a.csv"), ("paths", "a.txt"), ("jsonl", "a.ndjson"), ("json", "a.out")):
        ok = write(tmp_path, f"queries:\n  - name: a\n    q: x\n    format: {fmt}\n    output: {name}\n", "ok.yaml")
        assert load_queries(ok).resolve()[0].format == fmt


def test_run_format_that_disagrees_with_a_querys_output_ending_is_an_error(tmp_path, built):
    """`searchidx run q.yaml --format csv` wrote CSV into the query's `output: a.json` (the one case of a
    file named for one format holding another that was still let through); nothing is run or written."""
    path = write(tmp_path, "queries:\n  - name: a\n    q: referendum\n    output: a.json\n"
                           "  - name: b\n    q: referendum\n")
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "csv", "--index", str(built[0])])
    assert result.exit_code == 2 and not (tmp_path / "a.json").exists()
    assert result.stderr == (f"Error: {path}:4: query 'a': output: 'a.json' is a name for json output, but --format "
                             "is csv; make them agree, or leave this query out (--name) or --format off\n")
    assert load_queries(path).resolve(fmt="json")[0].format == "json"
    assert [q.format for q in load_queries(path).resolve(names=["b"], fmt="csv")] == ["csv"]
    txt = write(tmp_path, "queries:\n  - name: a\n    q: referendum\n    output: a.txt\n", "txt.yaml")
    assert load_queries(txt).resolve(fmt="paths")[0].format == "paths"  # .txt names both


def test_a_querys_own_columns_by_either_name_override_the_defaults(tmp_path):
    """columns and fields are one key: a query's own `fields: [id]` under `defaults: columns: [title]` was
    written with the default's title column, and a query (or defaults:) giving both used columns unsaid."""
    own = load_queries(write(tmp_path, "defaults:\n  columns: [title]\n  format: csv\nqueries:\n"
                                       "  - name: a\n    q: x\n    fields: [id]\n  - name: b\n    q: x\n"))
    assert [list(q.columns) for q in own.resolve()] == [["id"], ["title"]]
    for text, said in (("queries:\n  - name: a\n    q: x\n    format: csv\n    columns: [id]\n    fields: [date]\n",
                        ":6: query 'a': fields: fields is columns by another name, and columns is given too; "
                        "keep one"),
                       ("defaults:\n  fields: [id]\n  columns: [date]\nqueries:\n  - name: a\n    q: x\n",
                        ":3: defaults: columns: columns is fields by another name, and fields is given too; "
                        "keep one")):
        with pytest.raises(SavedQueryError) as e:
            load_queries(write(tmp_path, text, "both.yaml"))
        assert str(e.value) == f"{tmp_path / 'both.yaml'}{said}"


def test_a_querys_own_output_names_its_format_over_a_default_one(tmp_path):
    """`defaults: format: table` (as the example file has) and one query writing `output: net.gexf` was refused:
    'format: is table; make them agree', though the query wrote no format: and its own keys override defaults."""
    qf = load_queries(write(tmp_path, """\
        defaults:
          format: table
        queries:
          - name: graph
            q: election
            report: network
            output: out/election.gexf
          - name: rows
            q: election
            output: out/election.csv
          - name: listed
            q: election
            format: paths
            output: out/election.txt
          - name: shown
            q: election
        """))
    assert [rq.format for rq in qf.resolve()] == ["gexf", "csv", "paths", "table"]
    bare = write(tmp_path, "queries:\n  - name: a\n    q: x\n    output: a.jsonl\n", "bare.yaml")
    assert load_queries(bare).resolve()[0].format == "jsonl"
    # written in the query itself, the two must still agree; and a format that is none is said to be none
    clash = write(tmp_path, "queries:\n  - name: a\n    q: x\n    format: csv\n    output: a.json\n", "clash.yaml")
    with pytest.raises(SavedQueryError, match=r"clash.yaml:5: query 'a': output: 'a.json' is a name for json "
                                              r"output, but format: is csv; make them agree"):
        load_queries(clash)
    typo = write(tmp_path, "queries:\n  - name: a\n    q: x\n    format: xlsx\n    output: a.csv\n", "typo.yaml")
    with pytest.raises(SavedQueryError, match=r"typo.yaml:4: query 'a': format: format must be one of table, "
                                              r"json, jsonl, csv, paths, trec, not 'xlsx'$"):
        load_queries(typo)


def test_a_date_error_names_the_placeholders_that_filled_the_dates_in(tmp_path):
    """`--set since=2021` for a query with until: "{until}" (2020-12) blamed until's line and value alone,
    and an impossible date filled in by a param did not say which param it came from."""
    path = write(tmp_path, """\
        params:
          since: "2020-01"
          until: "2020-12"
        queries:
          - name: year
            q: x
            since: "{since}"
            until: "{until}"
        """)
    qf = load_queries(path)
    with pytest.raises(SavedQueryError) as e:
        qf.resolve({"since": "2021"})
    assert str(e.value) == (f"{path}:8: query 'year': until: '2020-12': ends before the since date '2021' begins: "
                            "no date is in both (since '2021' filled in for '{since}', until '2020-12' filled in "
                            "for '{until}')")
    with pytest.raises(SavedQueryError, match=r":7: query 'year': since: '2020-13': impossible date .* or -7d "
                                              r"\(since '2020-13' filled in for '\{since\}'\)$"):
        qf.resolve({"since": "2020-13"})


@pytest.mark.parametrize("text, error", [
    ("queries:\n  - name: a\n    q: x\n    facet: [person]\n", "'a': facet: unknown key; did you mean facets?"),
    ("queries:\n  - name: a\n    query: x\n", ":3: query 'a': query: unknown key; did you mean q? ("),
    ("queries:\n  - name: a\n    q: x\n    colums: [id]\n", "colums: unknown key; did you mean columns? ("),
    ("defaults:\n  limt: 5\nqueries:\n  - name: a\n    q: x\n", "defaults: unknown key 'limt'; did you mean limit?"),
    ("param:\n  a: 1\nqueries:\n  - name: a\n    q: x\n", ":1: unknown top-level key 'param'; did you mean params? ("),
    ("queries:\n  - name: a\n    q: x\n    colour: red\n", ":4: query 'a': colour: unknown key (allowed: "),
])
def test_a_key_one_slip_from_a_known_one_is_named(tmp_path, text, error):
    """`facet:` for facets, `query:` for q: the error listed all 33 keys and left the reader to find the one meant."""
    with pytest.raises(SavedQueryError) as e:
        load_queries(write(tmp_path, text))
    assert error in str(e.value)



def test_a_query_without_its_name_says_so_and_names_the_slip(tmp_path):
    """`nme: navalny` said "a query needs a 'name:' ... (got None)": Python's word for nothing, and no word
    of the key the name was written under."""
    with pytest.raises(SavedQueryError, match=r"q.yaml:2: a query needs a 'name:' of letters, digits, '-', '_' or "
                                              r"'\.'; it has none \(nme: unknown key; did you mean name\?\)$"):
        load_queries(write(tmp_path, "queries:\n  - nme: navalny\n    q: navalny\n"))
    with pytest.raises(SavedQueryError, match=r"q.yaml:2: a query needs a 'name:' .*; it has none$"):
        load_queries(write(tmp_path, "queries:\n  - q: navalny\n"))
    with pytest.raises(SavedQueryError, match=r"; got 'two words'$"):
        load_queries(write(tmp_path, "queries:\n  - name: two words\n    q: navalny\n"))


@pytest.mark.parametrize("key, value, said", [
    ("collapse", "true", "collapse: can only be 'story', not 'true'"),  # as written: YAML's True is no word typed
    ("count", "[articles]", "count: expected one of articles, stories, got ['articles']"),
    ("sort", "~", "sort: expected one of relevance, relevance+recency, newest, oldest, got no value (YAML reads an "
                  "empty value, or one starting with '#', as none: quote it, \"#MeToo\")"),
])
def test_a_key_of_a_closed_set_given_another_type_names_the_set(tmp_path, key, value, said):
    path = tmp_path / "q.yaml"
    path.write_text(f"queries:\n  - name: a\n    q: kremlin\n    {key}: {value}\n", encoding="utf-8")
    with pytest.raises(SavedQueryError) as e:
        load_queries(path)
    assert str(e.value) == f"{path}:4: query 'a': {said}"


@pytest.mark.parametrize("line, said", [
    ("q: #MeToo", "q: expected text, got no value"),
    ("person:", "person: expected a name or a list of names, got no value"),
    ("limit: #5", "limit: expected a whole number, got no value"),
])
def test_a_value_yaml_reads_as_none_says_why_not_got_none(tmp_path, line, said):
    """`q: #MeToo` (a hashtag: to YAML, a comment) said "q: expected text, got None", Python's word for a
    value the file seems to give."""
    path = tmp_path / "q.yaml"
    path.write_text(f"queries:\n  - name: a\n    {line}\n", encoding="utf-8")
    with pytest.raises(SavedQueryError) as e:
        load_queries(path)
    assert str(e.value) == (f"{path}:3: query 'a': {said} (YAML reads an empty value, or one starting with '#', "
                            "as none: quote it, \"#MeToo\")")


def test_a_query_without_a_limit_shows_as_many_hits_as_a_search_does(tmp_path, built):
    """search.limit in a settings file is the number of hits of a search and of a saved query that gives
    none (its own limit: or defaults: wins); saved queries showed 10 whatever the settings said."""
    config = tmp_path / "searchidx.yaml"
    config.write_text("search:\n  limit: 2\n", encoding="utf-8")
    path = write(tmp_path, """\
        queries:
          - name: plain
            q: referendum OR energy OR bank
          - name: own
            q: referendum OR energy OR bank
            limit: 3
        """)
    settings = searchidx.config.load_settings(str(config))
    with searchidx.open_index(built[0], settings) as idx:
        runs = idx.run(path)
        assert len(idx.search("referendum OR energy OR bank").hits) == 2
    assert runs["plain"].results.total > 3
    assert (len(runs["plain"].results.hits), len(runs["own"].results.hits)) == (2, 3)
    result = CliRunner().invoke(cli, ["run", str(path), "--format", "paths", "--name", "plain",
                                      "--config", str(config), "--index", str(built[0])])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2, result.output  # (heading on stderr)


def test_an_output_ending_no_format_writes_is_an_error_unless_the_query_gives_its_format(tmp_path):
    """`output: out.xlsx` wrote the text table into a file named .xlsx, unsaid: the spreadsheet program
    opening it failed far from the cause."""
    path = write(tmp_path, "queries:\n  - name: a\n    q: x\n    output: out.xlsx\n")
    with pytest.raises(SavedQueryError, match=r"q.yaml:4: query 'a': output: 'out.xlsx': no format is written as "
                                              r"\.xlsx files \(endings: \.json, \.jsonl, \.ndjson, \.csv, \.txt, "
                                              r"\.trec\); name the file so, or give the query a format:$"):
        load_queries(path)
    for extra, name, fmt in (("    format: csv\n", "out.tsv", "csv"), ("", "out", "table"),
                             ("", "oil.2022-09", "table")):
        ok = write(tmp_path, f"queries:\n  - name: a\n    q: x\n{extra}    output: {name}\n", "ok.yaml")
        assert load_queries(ok).resolve()[0].format == fmt


def test_text_values_are_read_as_written_not_as_yaml_booleans_or_numbers(tmp_path):
    # YAML 1.1 reads no, yes, on as true/false and 3.50 as 3.5: 'lang: no' (Norwegian) was refused with
    # "expected a name or a list of names, got False", 'q: yes' with "got True", 'q: 3.50' searched 3.5
    path = tmp_path / "q.yaml"
    path.write_text(textwrap.dedent("""\
        params:
          price: 3.50
        queries:
          - name: norwegian
            q: yes
            lang: no
            kind: [article]
            limit: 2
            literal: yes
            relevant: [0123, 7]
          - name: price
            q: "{price} dlrs"
            place: [NO, 1987]
            since: 2019
        """), encoding="utf-8")
    norwegian, price = load_queries(path).resolve()
    assert (norwegian.query.q, norwegian.query.lang, norwegian.query.limit, norwegian.query.literal) == (
        "yes", ("no",), 2, True)
    assert norwegian.relevant == ("0123", "7")
    assert (price.query.q, price.query.place, price.query.since) == ("3.50 dlrs", ("NO", "1987"), "2019")
