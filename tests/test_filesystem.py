"""File-system states a corpus meets between runs: a disk or share not mounted, symbolic links."""

import os
import shutil

import pytest
from click.testing import CliRunner
from opensearch_fake import FakeCluster
from test_opensearch_contract import open_cluster

import searchidx
from searchidx.cli import cli


def _article(path, title, body="The council met on Tuesday to discuss the harbour."):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"title: {title}\ndate: 2022-09-20\n\n{body}\n", encoding="utf-8")


def _ids(index):
    with searchidx.open_index(index, create=False) as idx:
        return sorted(h.id for h in idx.search(limit=100).hits)


def _index(*args):
    return CliRunner().invoke(cli, ["index", *map(str, args)])


# --- a corpus folder that is empty now: an unmounted disk or share --------------------------------------

def test_a_corpus_folder_found_empty_keeps_its_articles_unless_allowed(tmp_path):
    corpus, ix = tmp_path / "usb", tmp_path / "ix"
    _article(corpus / "a.txt", "Harbour plan")
    _article(corpus / "sub" / "b.txt", "Harbour vote")
    assert _index(corpus, "--index", ix).exit_code == 0
    shutil.move(corpus, tmp_path / "elsewhere")
    corpus.mkdir()  # the disk unmounted: its mount point is an empty folder
    (corpus / ".DS_Store").write_text("x")  # (hidden and other files are no articles)
    result = _index(corpus, "--index", ix)
    assert result.exit_code == 2
    assert (f"{corpus}: no article files here now: its 2 indexed articles (2 files) are kept, in case a disk or "
            "network share is not mounted; run again with --allow-empty to remove them") in result.stderr
    assert "0 removed, 2 unchanged, 1 failed" in result.stdout
    assert _ids(ix) == ["a.txt", "sub/b.txt"]
    # the disk back: nothing to read again
    shutil.rmtree(corpus)
    shutil.move(tmp_path / "elsewhere", corpus)
    back = _index(corpus, "--index", ix)
    assert back.exit_code == 0 and "0 added, 0 updated, 0 removed, 2 unchanged, 0 failed" in back.stdout
    # emptied on purpose
    shutil.rmtree(corpus)
    corpus.mkdir()
    emptied = _index(corpus, "--index", ix, "--allow-empty")
    assert emptied.exit_code == 0 and "2 removed" in emptied.stdout
    assert _ids(ix) == []


def test_an_empty_folder_beside_others_keeps_its_articles_and_the_others_are_indexed(tmp_path):
    share, local, ix = tmp_path / "share", tmp_path / "local", tmp_path / "ix"
    _article(share / "s.txt", "On the share")
    _article(local / "l.txt", "On the disk")
    with searchidx.open_index(ix) as idx:
        idx.update([share, local])
        (share / "s.txt").unlink()
        (local / "l.txt").unlink()
        _article(local / "new.txt", "New on the disk")
        report = idx.update([share, local])
    assert report.held_back == [str(share)]
    assert (report.added, report.removed) == (1, 1)  # local's file deleted, its new one added
    assert _ids(ix) == ["new.txt", "s.txt"]


def test_a_cluster_keeps_the_articles_of_an_empty_corpus_folder(tmp_path):
    fake = FakeCluster().start()
    try:
        corpus = tmp_path / "c"
        _article(corpus / "a.txt", "Harbour plan")
        with open_cluster(fake, tmp_path) as idx:
            idx.update([corpus])
            (corpus / "a.txt").unlink()
            report = idx.update([corpus])
            assert report.held_back == [str(corpus)] and report.removed == 0
            assert [d["id"] for d in fake.docs.values()] == ["a.txt"]
            assert idx.update([corpus], allow_empty=True).removed == 1
        assert fake.docs == {}
    finally:
        fake.stop()


# --- symbolic links -----------------------------------------------------------------------------------

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt",
                                    reason="this system cannot make symbolic links")


@needs_symlinks
def test_a_link_to_a_file_of_the_corpus_does_not_index_its_article_twice(tmp_path):
    corpus, outside, ix = tmp_path / "c", tmp_path / "elsewhere", tmp_path / "ix"
    _article(corpus / "2022" / "story.txt", "Harbour plan")
    (corpus / "latest.txt").symlink_to("2022/story.txt")  # before its target in the walk
    (corpus / "2022" / "zz-copy.txt").symlink_to("story.txt")
    _article(outside / "o.txt", "Linked in from outside", "A story kept on another disk.")
    (corpus / "o1.txt").symlink_to(outside / "o.txt")
    (corpus / "o2.txt").symlink_to(outside / "o.txt")
    result = _index(corpus, "--index", ix)
    assert result.exit_code == 0 and "2 added" in result.stdout
    assert _ids(ix) == ["2022/story.txt", "o1.txt"]


@needs_symlinks
def test_a_link_whose_target_is_gone_keeps_its_article_until_the_link_is_removed(tmp_path):
    corpus, disk, ix = tmp_path / "c", tmp_path / "disk", tmp_path / "ix"
    _article(disk / "o.txt", "On the other disk")
    _article(corpus / "a.txt", "Here")
    (corpus / "o.txt").symlink_to(disk / "o.txt")
    assert _index(corpus, "--index", ix).exit_code == 0
    shutil.move(disk, tmp_path / "unplugged")
    result = _index(corpus, "--index", ix)
    assert "o.txt: broken symbolic link" in result.stderr and "0 removed, 2 unchanged" in result.stdout
    assert _ids(ix) == ["a.txt", "o.txt"]
    (corpus / "o.txt").unlink()
    assert "1 removed" in _index(corpus, "--index", ix).stdout


@needs_symlinks
def test_a_link_to_a_folder_is_followed_once_and_keeps_its_articles_while_its_target_is_gone(tmp_path):
    corpus, disk, ix = tmp_path / "c", tmp_path / "disk2", tmp_path / "ix"
    _article(corpus / "2022" / "a.txt", "Here")
    _article(disk / "2019" / "b.txt", "On the other disk", "A story kept on another disk.")
    (corpus / "2019").symlink_to(disk / "2019")  # its files were skipped without a word
    (corpus / "latest").symlink_to("2022")  # a folder of the corpus: read once
    (corpus / "2022" / "loop").symlink_to("..")  # a loop of links: no recursion
    result = _index(corpus, "--index", ix)
    assert result.exit_code == 0 and "2 added" in result.stdout and result.stderr == ""
    assert _ids(ix) == ["2019/b.txt", "2022/a.txt"]
    shutil.move(disk, tmp_path / "unplugged")
    gone = _index(corpus, "--index", ix)
    assert "2019: a symbolic link whose target cannot be reached; what it gave is kept" in gone.stderr
    assert "0 removed, 2 unchanged" in gone.stdout and _ids(ix) == ["2019/b.txt", "2022/a.txt"]
    (corpus / "2019").unlink()
    assert "1 removed" in _index(corpus, "--index", ix).stdout


# --- names holding control characters --------------------------------------------------------------------

def test_a_file_name_holding_a_newline_is_one_line_in_every_report(tmp_path):
    corpus, ix = tmp_path / "c", tmp_path / "ix"
    _article(corpus / "new\nline.txt", "Named oddly", "The harbour story.")
    (corpus / "em\npty.txt").write_text("")
    indexed = _index(corpus, "--index", ix)
    assert indexed.stderr == "em\\npty.txt: empty file\n"
    found = CliRunner().invoke(cli, ["search", "harbour", "--index", str(ix)])
    assert "  [new\\nline.txt]  score" in found.stdout  # the hit's id on its own line, as messages write it
    shown = CliRunner().invoke(cli, ["show", "new\nline.txt", "--index", str(ix)])  # the id as a shell passes it
    assert shown.exit_code == 0
    assert "id:      new\\nline.txt\n" in shown.stdout and "path:    new\\nline.txt\n" in shown.stdout


def test_the_resources_folder_of_a_page_saved_complete_is_not_read(tmp_path):
    # A browser's "Web page, complete" saves X.html and, beside it, X_files with the page's images, scripts
    # and frames: its frames (saved_resource.html: an advertisement, a share bar) were indexed as articles
    corpus, ix = tmp_path / "c", tmp_path / "ix"
    corpus.mkdir()
    story = "".join(f"<p>Paragraph {i} says the storm reached the coast on Tuesday and closed the harbour "
                    "for the day.</p>" for i in range(5))
    (corpus / "Storm hits coast.html").write_text(
        f"<html><head><title>Storm hits coast</title></head><body><article>{story}</article></body></html>")
    frames = corpus / "Storm hits coast_files"
    frames.mkdir()
    (frames / "saved_resource.html").write_text("<html><body><p>Advertisement: book your coast holiday "
                                                 "now and save on every trip this autumn.</p></body></html>")
    _article(corpus / "notes_files" / "n.txt", "A folder of articles named so, with no page beside it")
    result = _index(corpus, "--index", ix)
    assert result.exit_code == 0 and "2 added" in result.stdout
    assert _ids(ix) == ["Storm hits coast.html", "notes_files/n.txt"]
