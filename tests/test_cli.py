import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli


@pytest.fixture
def run(built):
    index, _ = built

    def invoke(*args, index_dir=index):
        return CliRunner().invoke(cli, [*args, "--index", str(index_dir)], catch_exceptions=False)
    return invoke


def test_index_prints_summary_and_lists_failures(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "17 added, 0 updated, 0 removed, 0 unchanged, 1 failed" in result.stdout
    assert "empty.txt: empty file\n" in result.stderr
    again = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--format", "json"])
    report = json.loads(again.stdout)
    assert (report["unchanged"], report["added"]) == (17, 0)


def test_index_fails_with_exit_2_when_no_file_could_be_read(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    for fmt in ("table", "json"):
        result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix"), "--format", fmt])
        assert result.exit_code == 2, result.output
        assert "empty.txt: empty file\n" in result.stderr and "broken.json: invalid JSON" in result.stderr
        assert result.stderr.endswith("Error: nothing indexed: none of the files could be read "
                                      "(2 failures listed above)\n")
    assert json.loads(result.stdout)["failed"][0]["path"] == "broken.json"  # the report is still written


def test_a_folder_whose_records_are_all_indexed_from_another_is_no_failure_to_read(tmp_path):
    # A new download whose records the index holds already from the archive (their ids): 'index new' said
    # 'Error: nothing indexed: none of the files could be read' and exited 2, though the file was read
    for folder in ("archive", "new"):
        (tmp_path / folder).mkdir()
    record = '{"id": "a1", "title": "One", "text": "x"}\n'
    (tmp_path / "archive" / "feed.jsonl").write_text(record + '{"id": "a2", "title": "Two", "text": "y"}\n')
    (tmp_path / "new" / "feed.jsonl").write_text(record)
    index = ["--index", str(tmp_path / "ix")]
    assert CliRunner().invoke(cli, ["index", str(tmp_path / "archive"), *index]).exit_code == 0
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "new"), *index])
    summary = "0 added, 0 updated, 0 removed, 0 unchanged, 1 failed"
    assert (result.exit_code, result.stdout.split(" in ")[0]) == (0, summary)
    held = tmp_path / "archive" / "feed.jsonl"
    assert result.stderr == f"feed.jsonl: line 1: duplicate id 'a1' (already used by {held}); record skipped\n"


def test_index_of_a_folder_without_article_files_says_so_exits_2_and_creates_nothing(tmp_path):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")  # a type searchidx does not read
    (folder / "README.txt").write_text("what these are", encoding="utf-8")  # ignored by name
    (tmp_path / "empty").mkdir()
    for given in ([str(folder)], [str(folder), str(tmp_path / "empty")]):
        result = CliRunner().invoke(cli, ["index", *given, "--index", str(tmp_path / "ix")])
        assert result.exit_code == 2, result.output
        assert result.stderr == (f"Error: nothing indexed: no article files under {', '.join(given)} (searchidx reads "
                                 ".txt .text .md .markdown .html .htm .mhtml .mht .json .jsonl .ndjson .csv .tsv, "
                                 "also as .gz; hidden files and ignored names such as README* are skipped)\n")
        assert not (tmp_path / "ix").exists()


def test_index_rerun_with_nothing_to_do_exits_0_and_deleted_files_are_still_removed_when_allowed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a", "b"):
        (corpus / f"{name}.txt").write_text(f"title: {name}\n\nBody {name}.\n", encoding="utf-8")
    index = ["--index", str(tmp_path / "ix")]
    assert CliRunner().invoke(cli, ["index", str(corpus), *index]).exit_code == 0
    again = CliRunner().invoke(cli, ["index", str(corpus), *index])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 0 removed, 2 unchanged, 0 failed" in again.stdout and again.stderr == ""
    for name in ("a", "b"):
        (corpus / f"{name}.txt").unlink()
    kept = CliRunner().invoke(cli, ["index", str(corpus), *index])  # an unmounted disk looks so: kept
    assert kept.exit_code == 2 and "0 removed, 2 unchanged, 1 failed" in kept.stdout
    emptied = CliRunner().invoke(cli, ["index", str(corpus), *index, "--allow-empty"])
    assert emptied.exit_code == 0, emptied.output
    assert "0 added, 0 updated, 2 removed, 0 unchanged, 0 failed" in emptied.stdout and emptied.stderr == ""
    nothing_left = CliRunner().invoke(cli, ["index", str(corpus), *index])  # nothing found, nothing to remove
    assert nothing_left.exit_code == 2 and "no article files under" in nothing_left.stderr
    assert (tmp_path / "ix").exists()  # the index, emptied, stays: it was made by an earlier run


def test_a_first_index_run_that_read_nothing_leaves_no_index_and_search_says_how_to_make_one(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    ix = tmp_path / "ix"
    failed = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(ix)])
    assert failed.exit_code == 2 and "none of the files could be read" in failed.stderr
    assert not ix.exists()
    search = CliRunner().invoke(cli, ["search", "anything", "--index", str(ix)])
    assert search.exit_code == 3
    assert search.stderr == f"Error: no index at {ix}: create one with: searchidx index PATH --index {ix}\n"
    ix.mkdir()  # a folder the user made for it stays, emptied of what the run wrote
    (ix / "notes.txt").write_text("mine", encoding="utf-8")
    assert CliRunner().invoke(cli, ["index", str(corpus), "--index", str(ix)]).exit_code == 2
    assert sorted(p.name for p in ix.iterdir()) == ["notes.txt"]


def test_a_later_index_run_that_read_nothing_keeps_the_index(tmp_path, corpus_copy):
    ix = tmp_path / "ix"
    assert CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(ix)]).exit_code == 0
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "broken.json").write_text("{not json", encoding="utf-8")
    assert CliRunner().invoke(cli, ["index", str(broken), "--index", str(ix)]).exit_code == 2
    search = CliRunner().invoke(cli, ["search", "referendum", "--index", str(ix), "--format", "json"])
    assert search.exit_code == 0 and json.loads(search.stdout)["total"] > 0


def test_a_rebuild_that_indexed_nothing_keeps_the_index_in_use(tmp_path, corpus_copy):
    ix = tmp_path / "ix"
    assert CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(ix)]).exit_code == 0
    wrong = tmp_path / "wrong"  # the wrong folder given to --rebuild
    wrong.mkdir()
    result = CliRunner().invoke(cli, ["index", str(wrong), "--rebuild", "--index", str(ix)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("the rebuild indexed nothing: searches still use the index as it was before\n"
                                    "Error: nothing indexed: no article files under")
    search = CliRunner().invoke(cli, ["search", "referendum", "--index", str(ix), "--format", "json"])
    assert search.exit_code == 0 and json.loads(search.stdout)["total"] > 0


def test_index_with_some_files_read_exits_0_and_one_unreadable_file_of_an_index_is_no_failure(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_text("", encoding="utf-8")
    first = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix")])
    assert first.exit_code == 0 and "empty.txt: empty file" in first.stderr
    (corpus_copy / "later.json").write_text("{not json", encoding="utf-8")  # the only file this run reads
    again = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix")])
    assert again.exit_code == 0, again.output  # the files read before are still there, unchanged
    assert "later.json: invalid JSON" in again.stderr


def test_search_json_shape(run):
    result = run("search", "referendum", "--place", "Ukraine", "--facet", "person", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"query", "total", "page", "limit", "hits", "facets", "suggestion"}
    assert data["total"] == 4
    assert {h["date"][:10] for h in data["hits"]} == {"2022-09-20"}
    assert set(data["hits"][0]) == {"id", "score", "title", "date", "source", "path", "snippet", "highlights",
                                    "title_highlights", "entities", "author", "url"}
    assert "Vladimir Putin" in [f["value"] for f in data["facets"]["person"]]


def test_search_table(run):
    result = run("search", "glasgow")
    assert result.exit_code == 0
    assert result.stdout.startswith("1-1 of 1 article for 'glasgow'\n")
    assert "Climate summit opens in **Glasgow**" in result.stdout  # the matched word, in the title too
    assert "**Glasgow**" in result.stdout


def test_search_table_marks_names_it_cuts(tmp_path, monkeypatch):
    """The table shows two lines of names; cut bare, the line ended "| org:" with the organisations past the
    edge, as if the article named none (Reuters dev: reuters-3556 names Texaco, OPEC and Andean Development)."""
    people = ", ".join(f"Person Number{i} Longname" for i in range(5))
    places = "Ecuador, Venezuela, Colombia, Peru, Bolivia"
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(f"title: Pipeline\npeople: {people}\nplaces: {places}\n"
                                          "orgs: Texaco, OPEC\n\nThe pipeline broke.\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "100")
    ix = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(tmp_path / "c"), "--index", ix]).exit_code == 0
    out = CliRunner().invoke(cli, ["search", "pipeline", "--index", ix]).stdout
    names = out.rstrip("\n").split("\n")[-2:]
    assert names[0].lstrip().startswith("person: Person Number0") and names[-1].endswith(" …"), out
    assert "| org:" not in out or "Texaco" in out


def test_search_jsonl_and_paths(run):
    lines = run("search", "referendum", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 4 and all(json.loads(line)["title"] for line in lines)
    paths = run("search", "referendum", "--format", "paths").stdout.splitlines()
    assert sorted(paths) == ["2022-09-20-kremlin-referendums.html", "2022-09-20-kremlin-referendums.md",
                             "2022-09-20-kremlin-referendums.txt", "export.jsonl#1"]


def test_options_of_one_format_given_with_another_are_said_to_change_nothing(run):
    """--null is for paths, --qid and --run-tag for trec: with csv they were ignored without a word."""
    plain = run("search", "referendum", "--format", "csv")
    given = run("search", "referendum", "--format", "csv", "--null", "--qid", "q1", "--run-tag", "mine")
    assert given.exit_code == 0 and given.stdout == plain.stdout
    assert given.stderr == ("warning: --null is for --format paths: it changes nothing in --format csv\n"
                            "warning: --qid is for --format trec: it changes nothing in --format csv\n"
                            "warning: --run-tag is for --format trec: it changes nothing in --format csv\n")
    assert run("search", "referendum", "--format", "paths", "--null").stderr == ""
    assert run("search", "referendum", "--format", "trec", "--qid", "q1", "--run-tag", "mine").stderr == ""


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "paths", "trec"])
def test_facets_and_explain_asked_for_in_a_format_without_them_are_said_not_dropped(run, built, tmp_path, fmt):
    """--facet person --format csv printed the hits alone, and --explain nothing at all, with no word why."""
    plain = run("search", "referendum", "--format", fmt)
    asked = run("search", "referendum", "--format", fmt, "--facet", "person", "--facet", "month")
    assert asked.exit_code == 0 and asked.stdout == plain.stdout  # the data stream stays as it was
    assert asked.stderr == (f"warning: {fmt} output holds the hits only: the facet counts asked for (person, month) "
                            "are written by the table and json formats, and by the facets command (searchidx facets "
                            "--format csv)\n") and plain.stderr == ""
    explained = run("search", "referendum", "--format", fmt, "--explain")
    assert explained.stderr.startswith("explain:\n  scored: ") and "explain" not in explained.stdout
    queries = tmp_path / "q.yaml"
    queries.write_text(f"queries:\n  - name: a\n    q: referendum\n    facets: [person]\n    format: {fmt}\n")
    ran = CliRunner().invoke(cli, ["run", str(queries), "--index", str(built[0])])
    assert f"a: warning: {fmt} output holds the hits only: the facet counts asked for (person)" in ran.stderr


def test_search_csv_neutralises_formulas(run):
    result = run("search", "formulas", "--format", "csv", "--columns", "id,title")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [["id", "title"], ["export.csv#2", "'=HYPERLINK(\"http://evil\") formula title"]]


def test_search_csv_unknown_column(run):
    result = run("search", "x", "--format", "csv", "--columns", "id,nope")
    assert result.exit_code == 2 and "unknown csv column 'nope' (columns: id," in result.output
    typo = run("search", "x", "--format", "csv", "--columns", "date,titel")  # a slip is named with the column meant
    assert typo.exit_code == 2 and "unknown csv column 'titel'; did you mean title? (columns: id," in typo.output


@pytest.mark.parametrize("columns, said", [
    ("", "Error: --columns '' names an empty column: give fields separated by commas (columns: id,"),
    ("id,,title", "Error: --columns 'id,,title' names an empty column"),
    ("id,title,id", "Error: csv column 'id' is given twice\n"),
])
def test_search_columns_empty_or_repeated_are_refused(run, columns, said):
    """An empty --columns gave the default columns unsaid ("$COLS" unset), and a repeated one a csv with two
    headers alike (json: one key)."""
    result = run("search", "referendum", "--format", "csv", "--columns", columns)
    assert result.exit_code == 2 and result.output.startswith(said) and len(result.output.splitlines()) == 1


def test_empty_result_and_suggestion(run):
    result = run("search", "refrendum")
    assert result.stdout == "No articles match for 'refrendum'.\nDid you mean: referendum\n"
    data = json.loads(run("search", "refrendum", "--format", "json").stdout)
    assert data["hits"] == [] and data["suggestion"] == "referendum"
    failing = run("search", "zzzzqqq", "--fail-on-empty")
    assert failing.exit_code == 1


def test_malformed_query_is_one_line_exit_2(run):
    result = run("search", '"unclosed')
    assert result.exit_code == 2
    assert result.output.startswith("Error: invalid query '\"unclosed'") and result.output.count("\n") == 1
    literal = run("search", '"unclosed', "--literal")
    assert literal.exit_code == 0


def test_an_unquoted_minus_word_says_how_to_leave_it_out(run, built):
    result = run("search", "referendum", "-putin")
    assert result.exit_code == 2 and "No such option '-p'. A word to leave out" in result.output
    assert "quoted ('war -putin') or comes after -- (war -- -putin)" in result.output
    after_dashes = CliRunner().invoke(cli, ["search", "--index", str(built[0]), "referendum", "--", "-putin"])
    assert after_dashes.exit_code == 0 and "for 'referendum -putin'" in after_dashes.output
    assert "after --" not in run("search", "referendum", "--nonsense").output


def test_bad_date_option(run):
    result = run("search", "--since", "someday")
    assert result.exit_code == 2 and "someday" in result.output and "Traceback" not in result.output


def test_missing_index_exit_3(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert result.exit_code == 3 and result.output.startswith("Error: no index at")


def test_index_env_variable(built, monkeypatch):
    monkeypatch.setenv("SEARCHIDX_INDEX", str(built[0]))
    result = CliRunner().invoke(cli, ["search", "glasgow", "--format", "paths"])
    assert result.stdout == "export.csv#1\n"


def test_paging_and_sort_options(run):
    page2 = json.loads(run("search", "said", "--limit", "2", "--page", "2", "--sort", "oldest",
                           "--format", "json").stdout)
    everything = json.loads(run("search", "said", "--limit", "100", "--sort", "oldest", "--format", "json").stdout)
    assert [h["id"] for h in page2["hits"]] == [h["id"] for h in everything["hits"]][2:4]


def test_show_text_and_json(run):
    text = run("show", "ex-2022-0921-002").stdout
    assert text.startswith("Putin announces partial mobilisation\n")
    assert "person:  Vladimir Putin" in text and "ordered a partial mobilisation" in text
    data = json.loads(run("show", "ex-2022-0921-002", "--format", "json").stdout)
    assert data["text"].startswith("President Vladimir Putin") and data["meta"] == {} and data["date"] == "2022-09-21"
    missing = run("show", "nope")
    assert missing.exit_code == 2 and "no article with id 'nope'" in missing.output
    # where the record is: a JSON Lines file's line, as search's paths and json say (show said export.jsonl)
    assert "\npath:    export.jsonl#2\n" in text and (data["path"], data["record"]) == ("export.jsonl", 2)
    assert run("search", "id:ex-2022-0921-002", "--format", "paths").stdout == "export.jsonl#2\n"


def test_an_unknown_id_is_worded_alike_by_show_story_and_similar(run):
    """Each names the id and the index it is not in."""
    said = {command: run(command, "nope") for command in ("show", "story", "similar")}
    assert {result.exit_code for result in said.values()} == {2}
    assert len({result.output for result in said.values()}) == 1
    assert "no article with id 'nope' in " in said["similar"].output
    # a path typed from the folder above the corpus, as a shell completes it, names the id it holds
    for typed in ("corpus/2021-03-02-vaccine-rollout.txt", "./2021-03-02-vaccine-rollout.txt"):
        said = run("show", typed)
        assert said.exit_code == 2 and said.stderr.endswith(
            "(did you mean '2021-03-02-vaccine-rollout.txt'? a file's id is its path inside the folder indexed)\n")


def test_similar_takes_query_words_that_narrow_it(run, built):
    """TEXT after the id narrows as a filter does (it was an error: the command took no words)."""
    said = run("similar", "ex-2022-0921-002", "referendum", "--limit", "20", "--format", "json")
    with searchidx.open_index(built[0]) as idx:
        assert json.loads(said.stdout) == idx.similar("ex-2022-0921-002", limit=20, q="referendum").to_dict()
        assert 0 < json.loads(said.stdout)["total"] < idx.similar("ex-2022-0921-002", limit=20).total


def test_similar_says_what_its_total_counts(run):
    """Every story sharing a key word or name with the article, not so many 'similar' ones: the header said
    only '1-1 of N stories', as a search's does, and nothing named the article."""
    first = run("similar", "ex-2022-0921-002", "--limit", "1").stdout.splitlines()[0]
    assert re.fullmatch(r"1-1 of \d+ stories sharing key words or names with ex-2022-0921-002, page 1 of \d+", first)
    narrowed = run("similar", "ex-2022-0921-002", "referendum", "--limit", "1").stdout.splitlines()[0]
    assert re.fullmatch(r"1-1 of \d+ stor(y|ies) for 'referendum' sharing key words or names with ex-2022-0921-002"
                        r"(, page 1 of \d+)?", narrowed)
    late = run("similar", "ex-2022-0921-002", "--since", "2099")
    assert late.stdout.startswith("No articles share key words or names with ex-2022-0921-002.\n")
    # why, as search says it (similar said nothing)
    assert "warning: no article is dated since 2099: the index's dates run from" in late.stderr
    assert json.loads(run("similar", "ex-2022-0921-002", "--format", "json").stdout)["like"] == "ex-2022-0921-002"


def test_similar_pages_as_its_header_says(run, built):
    """The header said 'page 1 of N' and the command took no --page: the later pages could not be reached."""
    with searchidx.open_index(built[0]) as idx:
        four = [h.id for h in idx.similar("ex-2022-0921-002", limit=4).hits]
    assert len(four) == 4
    said = run("similar", "ex-2022-0921-002", "--limit", "2", "--page", "2", "--format", "json")
    assert said.exit_code == 0, said.output
    assert json.loads(said.stdout)["page"] == 2 and [h["id"] for h in json.loads(said.stdout)["hits"]] == four[2:]
    assert run("similar", "ex-2022-0921-002", "--limit", "2", "--page", "2").stdout.startswith("3-4 of ")


def test_similar_takes_limit_0_and_the_settings_limit_as_search_does(run, built, tmp_path):
    """'search -n 0' gives the count alone; 'similar -n 0' was refused ("0 is not in the range 1<=x<=1000"),
    as was a page over 1,000 that search and the library (idx.similar(..., limit=0)) take, and similar's
    default ignored the settings' search.limit."""
    counted = run("similar", "ex-2022-0921-002", "-n", "0")
    assert counted.exit_code == 0, counted.output
    with searchidx.open_index(built[0]) as idx:
        total = idx.similar("ex-2022-0921-002", limit=0).total
    assert counted.stdout == f"0 shown of {total} stories sharing key words or names with ex-2022-0921-002\n"
    assert run("similar", "ex-2022-0921-002", "-n", "5000", "--format", "json").exit_code == 0
    settings = tmp_path / "searchidx.yaml"
    settings.write_text("search:\n  limit: 2\n", encoding="utf-8")
    said = run("similar", "ex-2022-0921-002", "--config", str(settings), "--format", "json")
    assert len(json.loads(said.stdout)["hits"]) == 2


def test_stats(run):
    text = run("stats").stdout
    assert text.startswith("articles:  17 from 11 files\n")
    assert "dates:     1987-03-02 to 2022-11-23 (2 undated)" in text
    data = json.loads(run("stats", "--format", "json").stdout)
    assert data["articles"] == 17 and data["undated"] == 2 and data["size_bytes"] > 0


def test_facets_command(run):
    data = json.loads(run("facets", "--facet", "source", "--format", "json").stdout)
    assert {"value": "Fixture Wire", "count": 6} in data["source"]
    scoped = json.loads(run("facets", "referendum", "--facet", "person", "--format", "json").stdout)
    assert {"value": "Vladimir Putin", "count": 4} in scoped["person"]
    # values per facet are --facet-limit, as search, saved queries (facet_limit) and the web API name them;
    # --top, the command's first name for it, stays (facets --facet-limit was 'No such option')
    for option in ("--facet-limit", "--top"):
        counted = json.loads(run("facets", "referendum", "--facet", "person", option, "1", "--format", "json").stdout)
        assert counted == {"person": [scoped["person"][0]]}


def test_counts_over_a_search_that_matched_nothing_say_so(run):
    """'searchidx facets refrendum' printed 'person:\\n  (none)' and nothing else, as if nobody were named
    in articles on the topic; 'entities' the same: a slip read as an answer."""
    res = run("facets", "refrendum", "--facet", "person")
    assert res.stdout == "person:\n  (none)\n"
    assert res.stderr == "warning: no article matches 'refrendum'; did you mean: referendum\n"
    res = run("entities", "--since", "2022-11-01", "--until", "2022-11-02", "--type", "org", "--format", "json")
    assert json.loads(res.stdout) == {"org": []} and res.stderr == "warning: no article matches the filters\n"
    assert run("facets", "referendum", "--facet", "person").stderr == ""


def test_explain_shows_filter_and_alias(run):
    out = run("search", "referendum", "--person", "Putin", "--explain").stdout
    assert "filter: person:Vladimir Putin" in out
    assert "person:'Putin' -> 'Vladimir Putin' (registry alias)" in out


@pytest.mark.parametrize("args", [
    ["search", "referendum"], ["search", "--format", "json"], ["search", "--format", "csv"],
    ["timeline", "--by", "day"], ["show", "2022-09-20-kremlin-referendums.md"], ["run", "{queries}"],
    ["run", "{queries}", "--format", "csv"], ["index", "{corpus}"], ["search", "--help"],
])
def test_a_reader_that_left_early_ends_the_command_quietly_with_141(built, tmp_path, args):
    """`searchidx search oil | head -1`: no traceback, no message, and the status a shell reports for git or
    grep stopped there by SIGPIPE (128 + 13), not 1, which is searchidx's 'nothing matched'."""
    import os
    import shutil
    import subprocess
    import sys
    index, corpus = built
    if "{corpus}" in args:  # an index of its own: the shared one is read by the other tests
        shutil.copytree(index, tmp_path / "ix")
        index = tmp_path / "ix"
    queries = tmp_path / "queries.yaml"
    queries.write_text("queries:\n  - name: all\n    q: referendum\n", encoding="utf-8")
    args = [str(queries) if a == "{queries}" else str(corpus) if a == "{corpus}" else a for a in args]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before anything is written: every write meets a closed pipe
    try:
        result = subprocess.run([sys.executable, "-m", "searchidx", *args, "--index", str(index)],
                                stdout=write_end, stderr=subprocess.PIPE, text=True)
    finally:
        os.close(write_end)
    # (run's headings of queries in a machine format are written to stderr, before their results)
    assert result.returncode == 141 and all(line.startswith("== ") for line in result.stderr.splitlines())


def test_python_m_entry_point():
    import subprocess
    import sys
    result = subprocess.run([sys.executable, "-m", "searchidx", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "search" in result.stdout


@pytest.mark.parametrize("args, code, stream, expected", [
    (["search", "--format", "jsonl", "--limit", "100"], 0, "stdout", None),
    (["search", "(unclosed"], 2, "stderr", "Error: invalid query"),
    (["show", "no-such-id"], 2, "stderr", "no article with id 'no-such-id'"),
])
def test_reading_commands_end_with_their_output_whole_and_their_exit_code(built, args, code, stream, expected):
    """The reading commands leave the process without Python's teardown: what they wrote must still
    reach a pipe whole, and the exit code must be the command's."""
    import subprocess
    import sys
    index, _ = built
    result = subprocess.run([sys.executable, "-m", "searchidx", *args, "--index", str(index)],
                            capture_output=True, text=True)
    assert result.returncode == code, result.stderr
    if expected is None:
        lines = result.stdout.splitlines()
        assert len(lines) > 5 and all(json.loads(line)["id"] for line in lines)
    else:
        assert expected in getattr(result, stream)


def test_explain_says_per_hit_which_rule_found_the_entity(run):
    out = json.loads(run("search", "--place", "Saudi Arabia", "--explain", "--format", "json").stdout)
    why = {h["id"]: h["why"] for h in out["hits"]}
    assert why["wire.jsonl#1"] == {"place:Saudi Arabia": "header tag 'saudi-arabia'"}
    seed = json.loads(run("search", "referendum", "--person", "Putin", "--explain", "--format", "json").stdout)
    assert seed["hits"][0]["why"]["person:Vladimir Putin"] == "registry name"
    plain = json.loads(run("search", "referendum", "--format", "json").stdout)
    assert "why" not in plain["hits"][0]


@pytest.mark.parametrize("args, message", [
    (["--since", "2022", "--until", "garbage"],
     "Error: --until 'garbage': not a date I understand; dates look like 2022,"),
    (["--since", "2020-02-30"],
     "Error: --since '2020-02-30': impossible date (day is out of range for month); dates look"),
    (["--since", "2021", "--until", "2019"], "Error: --until '2019': ends before the since date '2021' begins"),
    # a form no parser reads is said as the others are, not in the date library's words ('Unknown string format')
    (["--since", "2019-W10"], "Error: --since '2019-W10': not a date I understand; dates look like 2022,"),
])
def test_date_options_name_the_option_and_the_value(run, args, message):
    for command in ("search", "timeline", "facets"):
        result = run(command, "x", *args)
        assert result.exit_code == 2 and message in result.stderr, (command, result.stderr)
        assert "--literal" not in result.stderr


def test_an_unquoted_impossible_date_in_a_query_file_names_file_line_query_and_key(run, tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: weekly\n    q: protest\n    since: 2019-02-30\n", encoding="utf-8")
    result = run("run", str(path))
    assert result.exit_code == 2
    assert f"Error: {path}:4: query 'weekly': since: '2019-02-30': impossible date" in result.stderr


def test_indexing_a_path_that_does_not_exist_is_an_error_and_creates_nothing(tmp_path):
    result = CliRunner().invoke(cli, ["index", str(tmp_path / "nosuchdir"), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2
    assert "nosuchdir: no such file or folder to index" in result.stderr
    assert not (tmp_path / "ix").exists()


def test_a_diff_with_nothing_new_says_so(tmp_path, corpus_copy):
    index = tmp_path / "ix"
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(corpus_copy), "--index", str(index)]).exit_code == 0
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: ukraine\n    q: Ukraine\n", encoding="utf-8")
    first = runner.invoke(cli, ["run", str(path), "--diff", "--index", str(index)])
    assert "Nothing new" not in first.stdout and "of " in first.stdout
    again = runner.invoke(cli, ["run", str(path), "--diff", "--index", str(index)])
    assert again.exit_code == 0
    assert "Nothing new since the last run (" in again.stdout and "No articles match" not in again.stdout


def test_paths_name_the_record_inside_multi_article_files(run):
    result = run("search", "--source", "Fixture Wire", "--format", "paths", "-n", "50")
    lines = result.stdout.splitlines()
    records = [line for line in lines if ".jsonl" in line]
    assert len(records) >= 4 and all("#" in line for line in records) and len(set(lines)) == len(lines)
    assert {"wire.jsonl#1", "wire.jsonl#2"} <= set(lines)
    nul = run("search", "--source", "Fixture Wire", "--format", "paths", "--null", "-n", "50")
    assert nul.stdout.split("\0")[:-1] == lines


def test_machine_formats_give_plain_snippets_with_highlight_offsets(run):
    data = json.loads(run("search", "referendum", "--format", "json").stdout)
    hit = data["hits"][0]
    assert "**" not in hit["snippet"] and hit["highlights"]
    assert all(hit["snippet"][a:b].lower().startswith("referend") for a, b in hit["highlights"])
    rows = list(csv.DictReader(io.StringIO(run("search", "referendum", "--format", "csv").stdout)))
    assert rows and all("**" not in r["snippet"] for r in rows)
    table = run("search", "referendum").stdout
    assert "**referendum" in table.lower()


def test_csv_offers_the_whole_text_as_a_column(run):
    result = run("search", "referendum", "--format", "csv", "--columns", "id,text")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(len(r["text"]) > 200 and "referendum" in r["text"].lower() for r in rows)
    plain = list(csv.DictReader(io.StringIO(run("search", "referendum", "--format", "csv").stdout)))
    assert "text" not in plain[0]


def test_columns_pick_the_fields_of_json_and_jsonl_and_are_refused_elsewhere(run):
    data = json.loads(run("search", "referendum", "--format", "json", "--columns", "id,title,person").stdout)
    assert data["hits"] and all(set(h) == {"id", "title", "person"} for h in data["hits"])
    line = json.loads(run("search", "referendum", "--format", "jsonl", "--columns", "id,date").stdout.splitlines()[0])
    assert set(line) == {"id", "date"}
    result = run("search", "referendum", "--columns", "id,title")
    assert result.exit_code == 2 and "fixed layout" in result.output


def test_every_format_option_offers_what_the_renderer_writes(tmp_path, corpus_copy):
    """One table says which formats each result has: each command's --format choices are that entry, and a
    JSON report is JSON for every command that offers it (refresh-entities had none before)."""
    import json

    from searchidx import output
    from searchidx.cli import cli as root

    kinds = {"search": "results", "similar": "results", "show": "article", "story": "story", "timeline": "timeline",
             "facets": "facets", "entities": "facets", "stats": "stats", "check": "check", "index": "update"}
    for name, kind in kinds.items():
        option = next(p for p in root.commands[name].params if p.name == "fmt")
        assert tuple(option.type.choices) == output.FORMATS_OF[kind], name
        assert option.default == output.FORMATS_OF[kind][0], name
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(root, ["index", str(corpus_copy), "--index", index]).exit_code == 0
    result = CliRunner().invoke(root, ["index", "--refresh-entities", "--index", index, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output)) == {"checked", "changed", "seconds"}


def test_refresh_and_index_with_json_is_refused_rather_than_two_json_documents(tmp_path, corpus_copy):
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", index]).exit_code == 0
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--refresh-entities", "--format", "json",
                                      "--index", index])
    assert result.exit_code == 2 and "two commands" in result.output


@pytest.mark.parametrize("args", [["search", "putin"], ["search", "putin", "--format", "csv"],
                                  ["show", "2022-09-20-kremlin-referendums.md"]])
def test_output_to_a_terminal_that_cannot_show_every_character(built, args):
    # PYTHONIOENCODING=ascii, a Windows code page: a character it lacks is written as \uXXXX, not a traceback
    result = CliRunner(charset="ascii").invoke(cli, [*args, "--index", str(built[0])])
    assert result.exit_code == 0, result.output
    assert "\\u2019" in result.output or "\\u2026" in result.output


@pytest.mark.parametrize("article, words", [("2022-09-20-kremlin-referendums.md", "Russia\u2019s"),
                                           ("cp1252-cafe.txt", "Caf\u00e9 owners in Montr\u00e9al")])
def test_json_stays_valid_json_on_an_ascii_terminal(built, article, words):
    result = CliRunner(charset="ascii").invoke(cli, ["show", article, "--format", "json", "--index", str(built[0])])
    assert result.exit_code == 0 and words in json.loads(result.output)["text"]


def test_show_json_of_an_article_whose_front_matter_lists_dates(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "d.md").write_text("---\ntitle: T\nupdated: [2022-09-20, 2022-09-21]\n---\nBody text.\n",
                                         encoding="utf-8")
    runner, index = CliRunner(), str(tmp_path / "idx")
    assert runner.invoke(cli, ["index", str(tmp_path / "c"), "--index", index]).exit_code == 0
    shown = runner.invoke(cli, ["show", "d.md", "--format", "json", "--index", index])
    assert shown.exit_code == 0 and json.loads(shown.output)["meta"]["updated"] == ["2022-09-20", "2022-09-21"]
    found = runner.invoke(cli, ["search", "updated:2022", "--format", "paths", "--index", index])
    assert found.output == "d.md\n"


@pytest.mark.parametrize("args", [["network", "putin", "--out", "{blocked}/net.csv"],
                                  ["timeline", "putin", "--plot", "{blocked}/chart.png"],
                                  ["run", "{queries}", "--out", "{blocked}/results"],
                                  ["export", "--format", "opensearch-bulk", "--out", "{blocked}/dump"]])
def test_results_to_a_place_that_cannot_be_written_is_a_one_line_error(tmp_path, built, args):
    """Each names the file in the way: "(File exists)" or "(Not a directory)" said neither which nor why."""
    blocked = tmp_path / "a-file"  # a file where a folder should be: unwritable even for root
    blocked.write_text("x", encoding="utf-8")
    queries = tmp_path / "q.yaml"
    queries.write_text("queries:\n  - name: a\n    q: putin\n", encoding="utf-8")
    args = [a.format(blocked=blocked, queries=queries) for a in args]
    result = CliRunner().invoke(cli, [*args, "--index", str(built[0])])
    assert result.exit_code == 2, result.output
    assert str(blocked) in result.output and "cannot write" in result.output and "Traceback" not in result.output
    assert result.stderr.endswith(f"({blocked} is not a folder)\n") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("option", ["--person", "--place", "--org", "--source", "--lang", "--since", "--until"])
def test_an_empty_filter_value_is_an_error_not_no_filter(run, option):
    """`--person "$NAME"` with NAME unset filtered nothing and listed every article of the index."""
    for command in ("search", "facets", "timeline", "entities"):
        result = run(command, "referendum", option, " ")
        assert result.exit_code == 2, (command, result.output)
        assert f"Invalid value for '{option}': an empty value filters nothing" in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["run", "eval"])
def test_a_bad_as_of_date_names_the_option(run, tmp_path, command):
    path = tmp_path / "q.yaml"
    path.write_text("queries:\n  - name: a\n    q: x\n    relevant: [a]\n", encoding="utf-8")
    result = run(command, str(path), "--as-of", "2022-02-30")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --as-of '2022-02-30': impossible date"), result.stderr


def test_an_unknown_short_option_of_a_command_without_query_words_gets_no_query_advice(run):
    result = run("index", "-q")
    assert result.exit_code == 2 and "No such option '-q'" in result.output
    assert "word to leave out" not in result.output and "war -putin" not in result.output


def test_bidirectional_controls_are_dropped_from_terminal_output_and_kept_in_data(tmp_path):
    """A title, snippet or source holding U+202E (right-to-left override) or another bidirectional control
    reached the terminal as it was, where it shows the text after it reversed: 'Safe \\u202etxt.exe' reads
    'Safe exe.txt'. The table and text formats drop them (an id keeps them, written \\u202e, as one_line
    writes control characters); JSON and CSV keep the data as it is."""
    bidi = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("title: Safe \u202etxt.exe\u202c headline\nsource: Wire \u2066X\u2069\n\n"
                                  "Body with \u202bevil\u202a reversed \u202dwords\u2067 about oil.\u2068\n",
                                  encoding="utf-8")
    (corpus / "b\u202etxt.txt").write_text("title: Other\n\nplain oil\n", encoding="utf-8")
    index = str(tmp_path / "ix")
    assert CliRunner().invoke(cli, ["index", str(corpus), "--index", index]).exit_code == 0

    def out(*args):
        said = CliRunner().invoke(cli, [*args, "--index", index])
        assert said.exit_code == 0, said.output
        return said.stdout

    shown = {"search": out("search", "oil"), "show": out("show", "a.txt"), "facets": out("facets", "--facet", "source"),
             "story": out("story", "a.txt"), "timeline": out("timeline", "oil", "--split", "source")}
    for command, text in shown.items():
        assert not set(text) & set(bidi), command
    assert "Safe txt.exe headline" in shown["search"]
    assert "Body with evil reversed words about **oil**." in shown["search"]
    assert "[b\\u202etxt.txt]" in shown["search"]  # an id as it can be typed back
    hits = {h["id"]: h for h in json.loads(out("search", "oil", "--format", "json"))["hits"]}
    assert hits["a.txt"]["title"] == "Safe \u202etxt.exe\u202c headline" and "b\u202etxt.txt" in hits
    assert "\u202etxt.exe\u202c" in out("search", "oil", "--format", "csv")
