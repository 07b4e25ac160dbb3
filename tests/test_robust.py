"""Unusual input a real corpus holds, met as a user would meet it: through the CLI, saved queries and the
library. Each test here failed before the fix it names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import searchidx
from searchidx.cli import cli
from searchidx.errors import SearchidxError


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
    """Articles dated in the year 9999 and in the first century, beside ordinary ones (9999-12-31 and
    0001-01-01 themselves are stand-ins for "no date", read as none: see the test further down)."""
    index, report = _index(tmp_path_factory.mktemp("far"), {
        "far.txt": "title: Far future\ndate: 9999-12-30\n\nHarbour report.\n",
        "old.txt": "title: Long ago\ndate: 0001-01-02T00:00:00-05:00\n\nHarbour report.\n",
        "now.txt": "title: Now\ndate: 2022-03-04\n\nHarbour report.\n",
    })
    assert not report.failed
    return index


@pytest.mark.parametrize("args, ids", [
    (["search", "harbour", "date:2022"], {"now.txt"}),
    (["search", "harbour", "--since", "2000"], {"now.txt", "far.txt"}),
    (["search", "--since", "9999"], {"far.txt"}),
    (["search", "harbour", "--until", "2000"], {"old.txt"}),
    (["search", "date:9999-12"], {"far.txt"}),
])
def test_a_date_filter_over_an_article_of_the_year_9999(far_dates, args, ids):
    # before: any date filter on such an index ended in "ValueError: year 10000 is out of range"
    result = _run(*args, "--index", far_dates, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["id"] for line in result.output.splitlines()} == ids


def test_a_timeline_by_year_reaching_the_year_9999(far_dates):
    result = _run("timeline", "harbour", "--by", "year", "--since", "9990", "--index", far_dates)
    assert result.exit_code == 0, result.output
    assert "9999 " in result.output and "1 article by year" in result.output


def test_a_date_of_the_first_century_is_written_with_four_digit_years(far_dates):
    result = _run("search", "--until", "2000", "--index", far_dates, "--format", "jsonl")
    assert json.loads(result.output)["date"] == "0001-01-02T05:00:00Z"


@pytest.mark.parametrize("name, content", [
    ("cut.jsonl", '{"title": "Harbour \\ud83d", "text": "Cut emoji \\udfff here."}\n'),
    ("cut.json", '[{"title": "Harbour \\ud83d", "text": "Cut emoji \\udfff here."}]'),
    ("cut.md", '---\ntitle: "Harbour \\ud83d"\n---\nCut emoji here.\n'),
])
def test_half_an_emoji_escaped_in_json_or_yaml_is_indexed_not_a_traceback(tmp_path, name, content):
    # before: the whole run ended in "UnicodeEncodeError: ... surrogates not allowed", nothing indexed
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / name).write_text(content, encoding="utf-8")
    (corpus / "ok.txt").write_text("title: Fine\n\nHarbour news.\n", encoding="utf-8")
    result = _run("index", corpus, "--index", tmp_path / "ix")
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    found = _run("search", "harbour", "--index", tmp_path / "ix", "--format", "jsonl")
    titles = {json.loads(line)["title"] for line in found.output.splitlines()}
    assert titles == {"Fine", "Harbour \ufffd"}


def test_a_pair_of_escaped_surrogate_halves_in_yaml_is_its_one_character(tmp_path):
    index, report = _index(tmp_path, {"pair.md": '---\ntitle: "Smile \\ud83d\\ude00"\n---\nHarbour.\n'})
    with searchidx.open_index(index) as idx:
        assert [h.title for h in idx.search("harbour").hits] == ["Smile \U0001f600"]


def _latin1_named_file(folder, title="Cafe"):
    """``folder`` made, holding one article in a file named "café.txt" in Latin-1 (not UTF-8)."""
    import os

    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w", encoding="utf-8") as f:
        f.write(f"title: {title}\n\nA note about the cafe.\n")
    return folder


def test_check_finds_a_file_whose_name_is_not_utf8_where_it_is(tmp_path):
    # before: "check" said "caf\xe9.txt: indexed, but no longer there" of a file still there, and exit 1
    import os

    corpus = _latin1_named_file(tmp_path / "corpus")
    assert _run("index", corpus, "--index", tmp_path / "ix").exit_code == 0
    result = _run("check", "--index", tmp_path / "ix")
    assert result.exit_code == 0, result.output
    os.remove(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"))
    result = _run("check", "--index", tmp_path / "ix")
    assert result.exit_code == 1 and "caf\\xe9.txt: indexed, but no longer there" in result.output


def test_a_file_whose_name_is_not_utf8_keeps_its_id_against_a_copy_elsewhere(tmp_path):
    # The same relative path under two roots: the first keeps the id while it is on disk (it was taken for
    # a folder moved away, since its printable key named no file, and the copy took the id over)
    a, b = _latin1_named_file(tmp_path / "a", "Cafe a"), _latin1_named_file(tmp_path / "b", "Cafe b")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([a])
        report = idx.update([b])
        assert [h.title for h in idx.search("cafe").hits] == ["Cafe a"]
    assert report.added == 0 and len(report.failed) == 1


@pytest.fixture(scope="module")
def small_index(tmp_path_factory):
    index, report = _index(tmp_path_factory.mktemp("small"), {
        "a.txt": "title: Harbour news\ndate: 2022-03-04\n\nThe harbour reopened.\n"})
    assert not report.failed
    return index


@pytest.mark.parametrize("where", ["query", "defaults"])
def test_saved_query_columns_given_as_numbers_are_named_unknown(tmp_path, small_index, where):
    # before: "AttributeError: 'int' object has no attribute 'strip'" and a traceback
    if where == "query":
        text = "queries:\n  - name: a\n    q: harbour\n    format: csv\n    columns: [1, 2]\n"
    else:
        text = "defaults:\n  format: csv\n  columns: [title, 2]\nqueries:\n  - name: a\n    q: harbour\n"
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    result = _run("run", tmp_path / "q.yaml", "--index", small_index)
    assert result.exit_code == 2
    assert "q.yaml" in result.output and "query 'a'" in result.output
    assert "unknown column" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("content, line, char", [
    (b'queries:\n  - name: a\n    q: "oil\x00gas"\n', 3, "U+0000"),
    (b"queries: [{name: a, q: oil}]\n\x7f", 2, "U+007F"),
])
def test_a_control_character_in_a_yaml_file_is_one_line_naming_the_line(tmp_path, small_index, content, line, char):
    # before: the error went on over two lines: '... not allowed\n  in "<unicode string>", position 26'
    (tmp_path / "q.yaml").write_bytes(content)
    result = _run("run", tmp_path / "q.yaml", "--index", small_index)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1, result.output
    assert f"q.yaml:{line}: invalid YAML: character {char}" in result.output


def test_text_typed_in_a_terminal_that_is_not_utf8_is_read_as_cp1252(tmp_path):
    # A Latin-1 terminal sends "café" as b"caf\xe9", which Python passes on as "caf\udce9". Before: the
    # query text found nothing, and a --person or --source filter ended in a UnicodeEncodeError traceback.
    index, _ = _index(tmp_path, {"a.txt": "title: Café society\nsource: Café Times\n\nThe café reopened.\n"})
    for args in (["caf\udce9"], ["caf\udce9", "--source", "Caf\udce9 Times"], ["--source", "caf\udce9 times"]):
        result = _run("search", *args, "--index", index, "--format", "csv", "--columns", "id")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == ["id", "a.txt"]
    result = _run("search", "reopened", "--person", "caf\udce9", "--index", index)
    assert result.exit_code == 0 and "person 'café' matches no indexed name" in result.output
    with searchidx.open_index(index) as idx:
        assert [h.id for h in idx.search("caf\udce9 \ud800").hits] == ["a.txt"]


def test_an_id_of_a_file_name_that_is_not_utf8_is_found_as_the_shell_passes_it(tmp_path):
    # show/story/similar with the file's name tab-completed: the index holds the id as "caf\\xe9.txt"
    import os

    corpus = _latin1_named_file(tmp_path / "corpus")
    assert _run("index", corpus, "--index", tmp_path / "ix").exit_code == 0
    typed = os.fsdecode(b"caf\xe9.txt")
    for command in ("show", "story"):
        result = _run(command, typed, "--index", tmp_path / "ix")
        assert result.exit_code == 0 and "caf\\xe9.txt" in result.output, result.output
    assert _run("similar", typed, "--index", tmp_path / "ix").exit_code in (0, 1)
    result = _run("show", os.fsdecode(b"gone\xff"), "--index", tmp_path / "ix")
    assert result.exit_code == 2 and "no article with id 'gone\\\\xff'" in result.output


@pytest.mark.parametrize("days", ["1000000000", "99999999999999999999"])
def test_a_story_window_too_long_for_a_date_is_a_settings_error(tmp_path, days):
    # before: the run ended in "OverflowError: Python int too large to convert to C int" once it began
    (tmp_path / "s.yaml").write_text(f"stories:\n  window_days: {days}\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("title: A\n\nHarbour.\n", encoding="utf-8")
    result = _run("index", corpus, "--index", tmp_path / "ix", "--config", tmp_path / "s.yaml")
    assert result.exit_code == 2
    assert f"s.yaml:2: stories.window_days: expected a number from 0 to 36500, got {days}" in result.output


def test_a_spacy_extractor_that_is_not_installed_is_one_error_before_the_run(tmp_path):
    # before: each file was reported "a.txt: unexpected ConfigError: ... spaCy is not installed" (a
    # 10,000-file corpus printed it 10,000 times), then "nothing indexed"
    (tmp_path / "s.yaml").write_text("entities:\n  extractor: spacy\n  model: no_such_spacy_model_pkg\n",
                                     encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt"):
        (corpus / name).write_text("title: A\n\nHarbour.\n", encoding="utf-8")
    result = _run("index", corpus, "--index", tmp_path / "ix", "--config", tmp_path / "s.yaml")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "spaCy" in result.output and "unexpected" not in result.output
    assert not (tmp_path / "ix").exists()


def test_one_value_fields_given_as_lists_as_scrapy_exports_them(tmp_path):
    # before: title "['Harbour reopens']", id "['abc-1']", url and source likewise, and the date and
    # language unread (kept as unparsed_date "['2022-03-04T10:00:00Z']")
    record = {"title": ["Harbour reopens"], "url": ["http://x.example/a"], "date": ["2022-03-04T10:00:00Z"],
              "text": ["Para one.", "The harbour reopened."], "source": ["Example News"], "id": ["abc-1"],
              "lang": ["de"]}
    parts = {"title": ["Harbour", "reopens"], "date": ["2022-03-05", "2022-03-06"], "source": ["A", "B"],
             "text": "The harbour again."}
    index, report = _index(tmp_path, {"items.jsonl": json.dumps(record) + "\n" + json.dumps(parts) + "\n"})
    assert not report.failed
    with searchidx.open_index(index) as idx:
        first = idx.get("abc-1")
        assert (first.title, first.url, first.source, first.lang) == (
            "Harbour reopens", "http://x.example/a", "Example News", "de")
        assert first.date == "2022-03-04T10:00:00Z" and "unparsed_date" not in first.meta
        second = idx.get("items.jsonl#2")
        assert (second.title, second.source, second.date) == ("Harbour reopens", "A, B", "2022-03-05")


def test_a_timeline_too_long_to_show_says_so_instead_of_dropping_the_later_matches(far_dates):
    # before: the rows stopped at 100,000 days (0274-10-16) and "1 articles by day" left the later
    # matches out without a word
    result = _run("timeline", "harbour", "--by", "day", "--index", far_dates)
    assert result.exit_code == 2
    assert ("Error: a timeline by day from 0001-01-02 to 9999-12-30 would have over 100,000 rows: narrow it "
            "with since and until") in result.output
    result = _run("timeline", "harbour", "--by", "day", "--since", "2022-03", "--until", "2022-03",
                  "--index", far_dates)
    assert result.exit_code == 0 and "1 article by day" in result.output


def test_the_web_histogram_over_dates_from_the_year_1_counts_by_year(far_dates):
    from searchidx.search.query import Query
    from searchidx.web.pages import histogram_timeline

    with searchidx.open_index(far_dates) as idx:
        tl = histogram_timeline(idx, Query(q="harbour"))
    assert tl is not None and tl.by == "year" and sum(tl.series["all"]) == 3


_STORY = ("<article><p>The harbour reopened after the storm and the fishermen returned to work on Monday "
          "morning, said the harbour master, who had closed it for a week.</p></article>")


@pytest.mark.parametrize("name, ld, title", [
    # before: the whole page failed, "maximum recursion depth exceeded while decoding a JSON array"
    ("deep.html", "[" * 100_000 + "]" * 100_000, "Page title"),
    # before: the title was Python's repr of the object, "{'a': 1}"
    ("object.html", '{"@type": "NewsArticle", "headline": {"a": 1}}', "Page title"),
    # before: the whole index run ended in "UnicodeEncodeError: ... surrogates not allowed"
    ("half.html", '{"@type": "NewsArticle", "headline": "Half \\ud83d emoji"}', "Half \ufffd emoji"),
])
def test_a_page_whose_json_ld_is_unusable_is_read_without_it(tmp_path, name, ld, title):
    page = (f'<html><head><title>Page title</title><script type="application/ld+json">{ld}</script></head>'
            f"<body>{_STORY}</body></html>")
    index, report = _index(tmp_path, {name: page})
    assert not report.failed
    with searchidx.open_index(index) as idx:
        assert idx.get(name).title == title


@pytest.mark.parametrize("content", ["---\n---\n# Harbour reopens\n\nThe harbour reopened.\n",
                                     "+++\n+++\n# Harbour reopens\n\nThe harbour reopened.\n"])
def test_empty_front_matter_as_jekyll_pages_have_it(tmp_path, content):
    # before: "page.md: front matter starts with --- but never ends", and the page was not indexed
    index, report = _index(tmp_path, {"page.md": content})
    assert not report.failed
    with searchidx.open_index(index) as idx:
        article = idx.get("page.md")
    assert (article.title, article.text) == ("Harbour reopens", "The harbour reopened.")


def test_front_matter_words_yaml_1_1_took_for_booleans_and_numbers_stay_as_written(tmp_path):
    # before: "lang: no" (Norwegian) was unparsed_lang False, the place NO became "False", id 0123 the
    # octal 83 and the title Yes "True"
    page = ("---\ntitle: Yes\nlang: no\nplaces: [NO, SE]\nid: 0123\nversion: 1_000\nwords: 523\ndraft: false\n"
            "---\nOslo.\n")
    index, report = _index(tmp_path, {"a.md": page})
    assert not report.failed
    with searchidx.open_index(index) as idx:
        article = idx.get("0123")
    assert (article.title, article.lang) == ("Yes", "no")
    assert article.entities["place"][:2] == ["NO", "SE"]
    assert (article.meta["version"], article.meta["words"], article.meta["draft"]) == ("1_000", 523, False)


@pytest.mark.parametrize("call, message", [
    # before: AttributeError: 'NoneType' object has no attribute 'encode'
    (lambda idx: idx.get(None), "an article id is text, not NoneType"),
    (lambda idx: idx.story(5), "an article id is text, not int"),
    # before: KeyError: "No field named 'bogus'"
    (lambda idx: idx.timeline("harbour", split="bogus"), "split must be one of person, place, org, source"),
    # before: TypeError: ... argument after ** must be a mapping, not list
    (lambda idx: idx.search(searchidx.Query.from_dict(["harbour"])), "a query is a mapping"),
])
def test_library_calls_with_a_wrong_kind_of_value_raise_a_searchidx_error(small_index, call, message):
    with searchidx.open_index(small_index) as idx, pytest.raises(SearchidxError, match=message):
        call(idx)


def test_a_file_name_holding_a_newline_is_reported_on_one_line(tmp_path):
    # before: "bad" and "name.txt: binary file, ..." on two lines; "check" likewise
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad\nname.txt").write_bytes(bytes(range(256)) * 12)
    (corpus / "gone\r.txt").write_text("title: Gone\n\nHarbour.\n", encoding="utf-8")
    (corpus / "ok.txt").write_text("title: Fine\n\nHarbour news.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert "bad\\nname.txt: binary file, not text in any encoding\n" in result.stderr
    (corpus / "gone\r.txt").unlink()
    result = _run("check", "--index", tmp_path / "ix")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "gone" in line] == [
        f"{corpus}/gone\\r.txt: indexed, but no longer there (run searchidx index to drop it)"]


def test_a_snippet_of_an_article_of_one_word_repeated_over_and_over(tmp_path):
    # before: each "z" of the text was analysed and marked: an article of 5,000,000 of them (a scraper's
    # junk) took minutes to mark, past the search's time budget, and 'searchidx search x y z' never ended
    from searchidx.index.analysis import news_analyzer
    from searchidx.search.snippets import MARK_START, make_snippet

    analyzer = news_analyzer()
    calls = []

    def counted(word, **options):
        calls.append(word)
        return analyzer(word, **options)

    snippet = make_snippet("Zebra " + "z " * 200_000, counted, {"z"}, 220)
    assert snippet.startswith(f"Zebra {MARK_START}z") and snippet.count(MARK_START) > 20
    # each word analysed once ("Zebra" too: a stem shorter than three letters, as "gas" is "ga", is all a
    # word indexed so is known to begin with)
    assert sorted(calls) == ["Zebra", "z"]


@pytest.mark.parametrize("chars", [220, 600])
def test_a_snippet_of_matches_close_together_keeps_to_its_length(chars):
    """A table of figures ("Oil 12 mln vs 9 mln ...") matches every few words: the matches ran together
    into one passage: a 220-character snippet came out 661 characters long (Reuters, 'mln'), here 6,883."""
    from searchidx.index.analysis import news_analyzer
    from searchidx.search.snippets import make_snippet, split_marks

    text = "Results for the year. " + " ".join(f"Unit {i} earned {i} mln vs {i + 3} mln." for i in range(200))
    snippet, marks = split_marks(make_snippet(text, news_analyzer(), {"mln"}, chars))
    assert chars * 0.8 <= len(snippet) <= chars + 60 and len(marks) >= chars // 40  # 60: the pads, the …s
    assert all(snippet[a:b] == "mln" for a, b in marks)


@pytest.mark.parametrize("chars", [0, 12, 30, 60, 99, 150])
def test_a_short_snippet_setting_is_honoured(chars):
    """search.snippet_chars under about 100 gave about 105 characters anyway (20 characters of padding at
    least, whole words added at both ends): the setting is a most, its "…"s included, and 0 is none."""
    from searchidx.index.analysis import news_analyzer
    from searchidx.search.snippets import make_snippet, split_marks
    from searchidx.search.stored import lead

    text = ("Markets were quiet on Monday morning as traders waited for news from the central bank. "
            "Later the oil price rose sharply after the storm closed two refineries on the coast, and "
            "analysts said the rise could last for weeks. Shipping companies reported delays at ports.")
    snippet, marks = split_marks(make_snippet(text, news_analyzer(), {"oil"}, chars))
    assert len(snippet) <= chars and len(lead(text, chars)) <= chars
    assert [snippet[a:b] for a, b in marks] == (["oil"] if chars >= 12 else [])
    assert len(snippet) >= chars * 0.7 or chars < 30  # near the setting: not far under it


def test_stand_in_dates_are_read_as_none_and_kept_in_meta(tmp_path):
    """Exports write 9999-12-31, 0001-01-01 or a timestamp of 0 for "no date": such an article is undated
    (its date kept as unparsed_date), so a timeline does not run over centuries of empty periods."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rows = [("a", "9999-12-31"), ("b", "0001-01-01T00:00:00Z"), ("c", "1970-01-01T00:00:00Z"), ("d", "1970-01-02"),
            ("e", "2021-05-04")]
    (corpus / "feed.jsonl").write_text("".join(
        json.dumps({"id": i, "title": f"Harbour {i}", "body": "The harbour reopened.", "date": d}) + "\n"
        for i, d in rows), encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        dated = {h.id: h.date for h in idx.search("harbour", limit=10).hits}
        assert {i for i, d in dated.items() if d} == {"d", "e"}
        assert idx.get("a").meta == {"unparsed_date": "9999-12-31"}
        assert idx.get("c").meta == {"unparsed_date": "1970-01-01T00:00:00Z"}
        timeline = idx.timeline("harbour", by="year")
        assert timeline.periods[0] == "1970" and timeline.periods[-1] == "2021" and timeline.undated == 3
        assert sum(timeline.series["all"]) == 2


def test_nan_and_infinity_in_json_are_no_value(tmp_path):
    """Python's json writes NaN for a missing number (a pandas cell left empty): the field is missing,
    not the text "nan" as a title, source or date."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(
        '{"id": "a", "title": NaN, "body": "The harbour reopened.", "source": Infinity, "date": NaN}\n'
        '{"id": "b", "title": "Harbour", "body": "The harbour closed.", "source": "Wire", "date": "2021-05-04"}\n',
        encoding="utf-8")
    (corpus / "list.json").write_text('[{"id": "c", "title": "Quay", "body": "The quay.", "author": -Infinity}]',
                                      encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        assert not idx.update([corpus]).failed
        a, c = idx.get("a"), idx.get("c")
        assert (a.source, a.date, a.meta) == ("", None, {}) and a.title != "nan"
        assert c.author == "" and c.title == "Quay"
