"""Input that used to run quietly as something else, or end in a traceback: a param filled in empty, a
trend with no end, files and folders the process may not read or write (simulated, so the tests mean the
same run as root), odd corpora (a folder indexed into itself, a path given twice, a loop of links)."""

import json
import os
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


# --- files and folders this process may not read or write -------------------------------------------
# Simulated by refusing the opens of chosen paths with PermissionError, as the system does for another
# owner's file or a read-only mount: chmod 000 would not stop a test running as root.

@pytest.fixture
def deny(monkeypatch):
    """``deny(test)``: every open of a path for which ``test(path, writing)`` is true raises PermissionError."""
    import builtins
    import errno
    import io
    import os

    rules = []
    real_open, real_os_open = builtins.open, os.open

    def refused(path, writing: bool) -> bool:
        return isinstance(path, (str, os.PathLike)) and any(rule(os.fspath(path), writing) for rule in rules)

    def fake_open(file, mode="r", *args, **kwargs):
        if refused(file, any(c in mode for c in "wax+")):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(file))
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if refused(path, bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    return rules.append


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_an_unreadable_article_is_reported_and_skipped_and_the_run_completes(tmp_path, corpus_copy, deny):
    mine = corpus_copy / "2021-03-02-vaccine-rollout.txt"
    deny(lambda path, writing: path == str(mine))
    result = invoke("index", corpus_copy, "--index", tmp_path / "ix")
    assert result.exit_code == 0, result.output
    assert result.stderr == "2021-03-02-vaccine-rollout.txt: permission denied\n"
    assert ", 1 failed" in result.stdout
    with searchidx.open_index(tmp_path / "ix", create=False) as idx:
        assert idx.search(limit=0).total > 10


@pytest.mark.parametrize("kind, args, message", [
    ("settings file", ["search", "oil", "--config"], "cannot read settings file: Permission denied"),
    ("query file", ["run"], "cannot read query file: Permission denied"),
    ("entity registry", ["search", "oil", "--entities"], "cannot read entity registry: Permission denied"),
])
def test_an_unreadable_settings_query_or_registry_file_is_one_line_naming_it(tmp_path, built, deny, kind, args,
                                                                              message):
    path = write(tmp_path, "queries:\n  - name: a\n    q: oil\n" if kind == "query file" else "{}\n")
    deny(lambda p, writing: p == str(path))
    result = invoke(*args, path, "--index", built[0])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: {message}\n"


@pytest.fixture
def own_index(tmp_path, corpus_copy):
    index = tmp_path / "ix"
    assert invoke("index", corpus_copy, "--index", index).exit_code == 0
    return index


def test_index_files_this_user_may_not_read_are_named_not_called_damaged(own_index, deny):
    """An unreadable segment ended a search in a PermissionError traceback, and an unreadable stamp was
    taken for an index of an unknown format, with the advice to rebuild it."""
    segment = next(own_index.glob("*.seg"))
    deny(lambda path, writing: path == str(segment))
    result = invoke("search", "referendum", "--index", own_index)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {segment}: cannot read this index file (Permission denied); ask for read "
                             "access to the index folder's files\n")
    checked = invoke("check", "--index", own_index)
    assert checked.exit_code == 1
    assert f"{segment.name}: cannot be read (Permission denied): not damage; ask for read access to it" in \
        checked.stdout
    assert "rebuild" not in checked.output
    stamp = own_index / "searchidx.json"
    deny(lambda path, writing: path == str(stamp))
    result = invoke("search", "referendum", "--index", own_index)
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {stamp}: cannot read the index's stamp (Permission denied); ask for read "
                             "access to the index folder's files\n")


def test_an_index_folder_that_takes_no_new_file_is_said_so_in_one_line(own_index, corpus_copy, deny):
    """The lock file could be opened (it was there), the new segment not: a traceback."""
    before = sorted(p.name for p in own_index.iterdir())
    (corpus_copy / "new.txt").write_text("title: New\n\nA new article about the referendum.\n", encoding="utf-8")
    deny(lambda path, writing: writing and path.startswith(str(own_index)) and not path.endswith("searchidx.lock"))
    result = invoke("index", corpus_copy, "--index", own_index)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {own_index}: cannot write here (")
    assert result.stderr.endswith("Permission denied): the index is as it was at its last commit, and searchable; "
                                  "indexing needs a folder you can write to\n")
    assert sorted(p.name for p in own_index.iterdir()) == before
    assert invoke("search", "referendum", "--index", own_index).exit_code == 0


def test_a_first_run_into_a_folder_that_takes_no_new_file_leaves_nothing(tmp_path, corpus_copy, deny):
    index = tmp_path / "ix"
    deny(lambda path, writing: writing and path.startswith(str(index)) and not path.endswith("searchidx.lock"))
    result = invoke("index", corpus_copy, "--index", index)
    assert result.exit_code == 3
    assert "nothing was committed and no index was left there; indexing needs a folder you can write to" in \
        result.stderr
    assert not index.exists()


def test_outputs_that_cannot_be_written_are_one_line_naming_them(tmp_path, own_index, deny):
    path = write(tmp_path, "queries:\n  - name: a\n    q: referendum\n    output: out/a.json\n")
    deny(lambda p, writing: writing and "/out/" in p)
    result = invoke("run", path, "--index", own_index)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'out' / 'a.json'}: cannot write there (Permission denied)\n"
    assert not (tmp_path / "out" / "a.json").exists()
    plot = tmp_path / "plot.png"
    deny(lambda p, writing: p == str(plot))
    result = invoke("timeline", "referendum", "--index", own_index, "--plot", plot)
    assert result.exit_code == 2
    assert result.stderr == f"Error: --plot {plot}: cannot write there (Permission denied)\n"


def test_a_diff_run_on_an_index_folder_it_cannot_write_runs_and_says_it_could_not_record(tmp_path, own_index, deny):
    """The record of what a run showed lives in the index folder: a shared, read-only one ended `run --diff`
    in a traceback after the searches had run."""
    path = write(tmp_path, "queries:\n  - name: a\n    q: referendum\n")
    deny(lambda p, writing: writing and p.startswith(str(own_index)))
    result = invoke("run", path, "--index", own_index, "--diff")
    assert result.exit_code == 0, result.output
    assert (f"a: warning: {own_index / 'saved-runs.json'}: cannot record this run (Permission denied): the next "
            "--diff shows these hits as new again") in result.stderr
    assert not (own_index / "saved-runs.json").exists() and not list(own_index.glob("saved-runs*.tmp"))


# --- odd corpora ----------------------------------------------------------------------------------------

USER_FILES = {"articles.jsonl": '{"id": "u1", "title": "Mine", "text": "My own notes."}\n',
              "articles_2020.txt": "title: Mine\n\nMy own notes.\n", "_articles_notes.txt": "mine\n",
              "articles2.csv": "id,title\nu2,Mine\n"}


def _user_files(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8") for name in USER_FILES if (folder / name).exists()}


def test_indexing_a_folder_into_itself_is_refused_and_deletes_nothing(tmp_path, monkeypatch):
    """`searchidx index . --index .` in a folder of articles named articles*: the walk skipped the folder (an
    index now), the run found nothing, and the clean-up of the failed first run deleted every file whose
    name began with "articles", the user's articles with them."""
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in USER_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = invoke("index", ".", "--index", ".")
    assert result.exit_code == 2
    assert result.stderr == ("Error: .: is the index folder itself; give the index a folder of its own (the default "
                             "is ./.searchidx, inside the corpus, which the walk leaves out)\n")
    assert _user_files(folder) == USER_FILES
    assert sorted(p.name for p in folder.iterdir()) == sorted(USER_FILES)


def test_files_of_ones_own_in_the_index_folder_outlive_updates_rebuilds_and_failed_runs(tmp_path, corpus_copy,
                                                                                     monkeypatch):
    """Whoosh's commit deletes every file it lists named like an unused segment (articles_2020.txt), and a
    rebuild or a failed first run every file whose name began with "articles"."""
    from searchidx.index import update

    index = tmp_path / "ix"
    index.mkdir()
    for name, text in USER_FILES.items():
        (index / name).write_text(text, encoding="utf-8")

    def failing(*args, **kwargs):
        raise RuntimeError("a bug")
    with monkeypatch.context() as m:
        m.setattr(update, "_write_file", failing)
        with pytest.raises(RuntimeError):
            with searchidx.open_index(index) as idx:
                idx.update([corpus_copy])
    assert _user_files(index) == USER_FILES
    assert invoke("index", corpus_copy, "--index", index).exit_code == 0
    (corpus_copy / "new.txt").write_text("title: New\n\nA new article.\n", encoding="utf-8")
    assert invoke("index", corpus_copy, "--index", index).exit_code == 0  # a commit, and Whoosh's clean-up
    assert invoke("index", corpus_copy, "--index", index, "--rebuild").exit_code == 0
    assert _user_files(index) == USER_FILES
    assert invoke("search", "new article", "--index", index).exit_code == 0


@pytest.mark.parametrize("twice", ["folder", "file"])
def test_a_path_given_twice_is_read_once(tmp_path, corpus_copy, twice):
    """`index news news` read every file twice and reported each second reading as a failed duplicate id."""
    again = corpus_copy if twice == "folder" else corpus_copy / "2021-03-02-vaccine-rollout.txt"
    with searchidx.open_index(tmp_path / "ix") as idx:
        once = idx.update([corpus_copy])
    with searchidx.open_index(tmp_path / "ix2") as idx:
        report = idx.update([corpus_copy, again])
    assert report.failed == [] and (report.files_read, report.added) == (once.files_read, once.added)


def test_a_file_changed_while_it_is_read_is_read_again_by_the_next_run(tmp_path, monkeypatch):
    from searchidx.ingest import pipeline

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("title: First\n\nThe first text.\n", encoding="utf-8")
    real = pipeline.read

    def read_while_written(path, rel, *args, **kwargs):  # changed after the walk took its size and time
        path.write_text("title: Second\n\nThe second, longer text, written while the file was read.\n",
                        encoding="utf-8")
        os.utime(path, ns=(1, 1))
        return real(path, rel, *args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(pipeline, "read", read_while_written)
        with searchidx.open_index(tmp_path / "ix") as idx:
            idx.update([corpus])
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([corpus])
        # read again, its stamp being the one taken before the change (and the same articles: unchanged)
        assert (report.files_read, report.updated, report.unchanged) == (1, 0, 1)
        assert [h.title for h in idx.search("").hits] == ["Second"]


def test_a_path_to_index_that_is_a_loop_of_symbolic_links_is_one_line_and_creates_nothing(tmp_path):
    """`searchidx index loop` where loop -> loop ended in a RuntimeError traceback ("Symlink loop")."""
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    for name in ("loop", "a.txt"):
        result = invoke("index", tmp_path / name, "--index", tmp_path / "ix")
        assert result.exit_code == 2
        assert result.stderr == (f"Error: {tmp_path / name}: a loop of symbolic links, which leads to no file or "
                                 "folder\n")
    assert not (tmp_path / "ix").exists()


def test_an_export_that_cannot_write_its_files_is_one_line_and_leaves_no_part_behind(tmp_path, own_index, deny):
    """An export folder that exists but takes no file (or fills the disk) ended in a traceback, with the
    files written so far left in it, which the next export then refused as an earlier export's."""
    out = tmp_path / "dump"
    out.mkdir()
    deny(lambda p, writing: writing and p == str(out / "bulk-00001.ndjson"))
    result = invoke("export", "--format", "opensearch-bulk", "--out", out, "--index", own_index)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {out / 'bulk-00001.ndjson'}: cannot write the export there (Permission "
                             f"denied); nothing was left in {out}\n")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("code, message", [
    (28, "Error: disk full at {index}: the index is as it was at its last commit; at least "),
    (13, "Error: {index}: cannot write here (Permission denied): the index is as it was at its last commit, and "
         "searchable; indexing needs a folder you can write to"),
])
def test_a_refresh_of_the_entities_that_cannot_commit_is_one_line(own_index, monkeypatch, code, message):
    """`index --refresh-entities` met a full disk or a refused file in a traceback, its half-written
    segment left behind."""
    from searchidx.index import refresh

    real = refresh.open_writer

    def failing_commit(ix, **kwargs):
        writer = real(ix, **kwargs)

        def commit(*args, **kwargs):
            writer.cancel()
            raise OSError(code, os.strerror(code))
        writer.commit = commit
        return writer
    before = sorted(p.name for p in own_index.iterdir())
    monkeypatch.setattr(refresh, "open_writer", failing_commit)
    result = invoke("index", "--refresh-entities", "--index", own_index)
    assert result.exit_code == 3
    assert result.stderr.startswith(message.format(index=own_index))
    assert sorted(p.name for p in own_index.iterdir()) == before


def test_ctrl_c_while_a_results_file_is_written_leaves_the_old_one_and_no_part(tmp_path, idx, monkeypatch):
    """Stopped while writing, a saved query's output left its half-written `.tmp` beside the file."""
    from searchidx import output

    target = tmp_path / "hits.json"
    target.write_text("[]\n", encoding="utf-8")

    def stopped(results, fmt, out, **kwargs):
        out.write("[{")
        raise KeyboardInterrupt
    monkeypatch.setattr(output, "render", stopped)
    with pytest.raises(KeyboardInterrupt):
        output.write_results_file(idx.search("referendum"), "json", str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hits.json"]
    assert target.read_text(encoding="utf-8") == "[]\n"


@pytest.mark.parametrize("command", ["search", "timeline", "facets"])
def test_a_query_given_empty_on_the_command_line_is_an_error_as_an_empty_filter_is(built, command):
    """`searchidx search "$TOPIC"` with TOPIC unset listed every article, where `--person "$NAME"` is refused."""
    for text in ("", "  "):
        result = invoke(command, text, "--index", built[0])
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1] == ("Error: Invalid value for 'TEXT': an empty query matches every "
                                                  "article: give words, or leave TEXT out to list the articles the "
                                                  "filters find")
    assert invoke(command, "--index", built[0]).exit_code == 0  # no query at all: the filters' articles
