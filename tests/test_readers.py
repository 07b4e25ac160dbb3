import gzip
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import BROKEN, CORPUS

import searchidx
from searchidx.errors import NoArticles, ReadError
from searchidx.ingest import cyrillic
from searchidx.ingest.headers import FieldMap
from searchidx.ingest.readers import format_suffix, read

TITLE = "Kremlin-backed officials in Ukraine announce they will stage votes on joining Russia."


def one(name):
    articles = read(CORPUS / name, name)
    assert len(articles) == 1
    return articles[0]


def test_txt_seed_header_line_gives_date_and_title():
    a = one("2022-09-20-kremlin-referendums.txt")
    assert a.title == TITLE
    assert a.date == datetime(2022, 9, 20, tzinfo=timezone.utc) and a.date_precision == "day"
    # the standfirst lines stay in the searchable text
    assert a.text.startswith("Move cheered by Moscow")
    assert "President Vladimir Putin urges defense industry chiefs" in a.text


def test_txt_key_value_header_with_synonyms_and_unknown_keys():
    a = one("2021-03-02-vaccine-rollout.txt")
    assert a.title == "Britain speeds up vaccine rollout as cases fall"
    assert a.date.date().isoformat() == "2021-03-02"
    assert a.source == "Daily Fixture"
    assert a.author == "Jane Reporter"  # "By " is dropped
    assert a.meta == {"topics": "health"}


def test_txt_without_header_takes_title_from_first_line(tmp_path):
    f = tmp_path / "2020-01-02-note.txt"
    f.write_text("Storm hits coast\n\nThe storm reached the coast on Thursday.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert a.title == "Storm hits coast"
    assert a.text == "The storm reached the coast on Thursday."
    assert a.date.date().isoformat() == "2020-01-02"  # from the file name


def test_body_lines_that_look_like_prose_are_not_a_header(tmp_path):
    f = tmp_path / "prose.txt"
    f.write_text("Officials said on Monday that talks would resume.\nThey gave no date.\n\nMore text.",
                 encoding="utf-8")
    a = read(f, f.name)[0]
    assert a.date is None and a.date_precision is None  # undated, never the file's mtime
    assert "They gave no date." in a.title + a.text


def test_markdown_front_matter():
    a = one("2022-09-20-kremlin-referendums.md")
    assert a.title == TITLE and a.source == "Example News"
    assert a.meta["tags"] == ["ukraine", "russia"]
    md = one("zurich-bank.md")
    assert md.title == "Zürich bank fined over sanctions breaches"
    assert md.date.date().isoformat() == "2021-09-14"  # "Sept. 14, 2021"
    assert md.people == ("Hans Müller",) and md.places == ("zurich", "switzerland")


def test_html_metadata_and_main_text():
    a = one("2022-09-20-kremlin-referendums.html")
    assert a.title == TITLE  # no " | Example News"
    assert a.source == "Example News" and a.author == "Staff reporter"
    assert a.date == datetime(2022, 9, 20, 11, 5, tzinfo=timezone.utc)
    assert "Most read" not in a.text and "Subscribe" not in a.text and "©" not in a.text
    assert "President Vladimir Putin urges defense industry chiefs" in a.text


def test_html_picks_publication_date_not_update_or_aside():
    a = one("kyiv-energy.html")
    assert a.date == datetime(2022, 11, 23, 8, 30, tzinfo=timezone.utc)
    assert a.title == "Kyiv faces winter power cuts" and a.source == "Fixture Times"
    assert a.author == "Olena Writer"
    assert "recipes" not in a.text and "Home | World" not in a.text


def test_jsonl_one_article_per_line_with_explicit_ids():
    articles = read(CORPUS / "export.jsonl", "export.jsonl")
    assert [a.id for a in articles] == ["ex-2022-0920-001", "ex-2022-0921-002"]
    assert articles[0].date == datetime(2022, 9, 20, 11, 5, tzinfo=timezone.utc)  # RFC 2822
    assert articles[1].title == "Putin announces partial mobilisation"


def test_a_record_whose_id_is_spaces_only_gets_its_place_as_id(tmp_path):
    # it got the id "": every other such record of the corpus was skipped as its duplicate
    (tmp_path / "f.jsonl").write_text('{"id": "  ", "title": "One", "text": "x"}\n'
                                      '{"id": "\\u200b", "title": "Two", "text": "y"}\n', encoding="utf-8")
    (tmp_path / "g.txt").write_text("id: \u00a0\ntitle: Three\n\nz\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([tmp_path])
        assert (report.added, report.failed) == (3, [])
        assert sorted(h.id for h in idx.search(limit=5).hits) == ["f.jsonl#1", "f.jsonl#2", "g.txt"]


def test_a_csv_row_of_more_cells_than_column_names_is_read_with_a_warning(tmp_path):
    # "Hello, world" not in quotes: its text was "Hello", its date " world", and nothing said so
    f = tmp_path / "a.csv"
    f.write_text("title,text,date\nA,Hello, world,2022-01-01\nB,x,2022-01-02,\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f])
    assert report.added == 2 and report.failed == []  # a trailing empty cell (B's) is no warning
    assert report.warnings == [("a.csv", "row ending line 2: 4 cells for 3 column names; the cells past the last "
                                         "column are not read (a ',' in a cell not in quotes?)"),
                               ("a.csv", "the dates of 1 of its 2 articles not used (the first: ' world'): those are "
                                         "undated (their dates kept as unparsed_date)")]


def test_html_in_an_exports_text_and_title_is_read_as_text(tmp_path):
    # WordPress's REST API gives {"rendered": "<p>...</p>"}: the title was "{'rendered': 'Votes &amp; more'}"
    # and the text Python's repr of the object, tags and all; CMS exports give bodies as HTML ("amp" a word)
    wp = {"id": 101, "title": {"rendered": "Votes &amp; more"},
          "content": {"rendered": "<p>Officials announced referendums.</p>\n<p>Second &amp; last.</p>",
                      "protected": False}}
    (tmp_path / "posts.json").write_text(json.dumps([wp]), encoding="utf-8")
    (tmp_path / "cms.csv").write_text('title,body\n"Tom &amp; Jerry","<div><b>Bold</b> start<br>next line</div>"\n',
                                      encoding="utf-8")
    (tmp_path / "plain.jsonl").write_text('{"title": "AT&T wins", "text": "R&D costs rose; 3 < 4."}\n',
                                          encoding="utf-8")
    a = read(tmp_path / "posts.json", "posts.json")[0]
    assert (a.title, a.text) == ("Votes & more", "Officials announced referendums.\n\nSecond & last.")
    b = read(tmp_path / "cms.csv", "cms.csv")[0]
    assert (b.title, b.text) == ("Tom & Jerry", "Bold start\n\nnext line")
    c = read(tmp_path / "plain.jsonl", "plain.jsonl")[0]
    assert (c.title, c.text) == ("AT&T wins", "R&D costs rose; 3 < 4.")  # no markup: as written
    (tmp_path / "note.txt").write_text("title: The <p> tag &amp; its <em>uses</em>\n\nBody.\n", encoding="utf-8")
    assert read(tmp_path / "note.txt", "note.txt")[0].title == "The <p> tag &amp; its <em>uses</em>"  # plain text


def test_jsonl_common_field_names_and_record_ids():
    articles = read(CORPUS / "wire.jsonl", "wire.jsonl")
    assert [a.id for a in articles] == ["wire.jsonl#1", "wire.jsonl#2", "wire.jsonl#3"]
    assert articles[0].title == "Oil prices rise after OPEC meeting"  # headline
    assert articles[0].text.startswith("Oil prices rose")  # body
    assert articles[2].date is None


def test_field_names_can_be_mapped_by_config(tmp_path):
    f = tmp_path / "custom.jsonl"
    f.write_text('{"hed": "Custom title", "story_text": "Some words.", "when": "2021-05-05"}\n', encoding="utf-8")
    a = read(f, f.name, FieldMap({"title": ["hed"], "text": ["story_text"], "date": ["when"]}))[0]
    assert (a.title, a.text, a.date.date().isoformat()) == ("Custom title", "Some words.", "2021-05-05")


def test_json_list(tmp_path):
    f = tmp_path / "list.json"
    f.write_text('{"articles": [{"title": "A", "text": "x"}, {"title": "B", "text": "y"}]}', encoding="utf-8")
    assert [a.title for a in read(f, f.name)] == ["A", "B"]


def test_csv_rows_are_articles():
    articles = read(CORPUS / "export.csv", "export.csv")
    assert [a.id for a in articles] == ["export.csv#1", "export.csv#2"]
    assert articles[0].url == "https://example.org/glasgow"


def test_gz_is_read_as_its_inner_format():
    assert format_suffix(Path("a.jsonl.gz")) == ".jsonl"
    articles = read(CORPUS / "archive.jsonl.gz", "archive.jsonl.gz")
    assert articles[0].title == "Gas prices rise after OPEC meeting"


def test_cp1252_file_is_detected_not_crashed():
    a = one("cp1252-cafe.txt")
    assert a.title == "Café owners in Montréal protest"
    assert "unfair – and costly" in a.text


def test_utf8_bom_and_crlf(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufefftitle: Bom title\r\ndate: 2021-01-01\r\n\r\nBody text.\r\n".encode("utf-8"))
    a = read(f, f.name)[0]
    assert (a.title, a.text) == ("Bom title", "Body text.")


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("binary.txt", "binary"),
    ("random.html", "binary"),
    ("bad.json", "invalid JSON at line 1"),
    ("bad-front.md", "invalid YAML front matter"),
])
def test_broken_files_raise_read_error_naming_file(name, reason):
    with pytest.raises(ReadError) as err:
        read(BROKEN / name, name)
    assert str(err.value).startswith(f"{name}: ") and reason in str(err.value)


def test_header_only_file_is_indexed_with_its_title():
    a = read(BROKEN / "header-only.txt", "header-only.txt")[0]
    assert a.title == "Header only" and a.text == ""


def test_jsonl_keeps_good_lines_and_reports_bad_ones():
    articles = read(BROKEN / "half.jsonl", "half.jsonl")
    assert [a.title for a in articles] == ["good line"]
    assert articles[0].meta["_read_warnings"][0].startswith("line 2:")


def test_file_over_size_limit(tmp_path):
    f = tmp_path / "big.txt"
    f.write_text("x" * 5000, encoding="utf-8")
    with pytest.raises(ReadError, match="over the"):
        read(f, f.name, max_bytes=1000)


class _StatSaysSmaller(type(Path())):  # type: ignore[misc]
    """A file as it was when its size was read, before it grew: stat() gives 10 bytes."""

    def stat(self, **kwargs):
        st = super().stat(**kwargs)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                               st.st_atime, st.st_mtime, st.st_ctime))


def test_file_that_grew_after_its_size_was_read_is_read_whole_and_still_bounded(tmp_path):
    f = tmp_path / "grew.txt"
    f.write_text("title: Grown\n\n" + "word " * 600, encoding="utf-8")
    (article,) = read(_StatSaysSmaller(f), f.name, max_bytes=10_000)
    assert article.title == "Grown" and article.text.count("word") == 600
    with pytest.raises(ReadError, match="over the"):
        read(_StatSaysSmaller(f), f.name, max_bytes=1000)


def test_bad_gzip(tmp_path):
    f = tmp_path / "bad.jsonl.gz"
    f.write_bytes(b"not gzip at all")
    with pytest.raises(ReadError, match="bad.jsonl.gz"):
        read(f, f.name)


def test_nul_in_otherwise_text_file_is_cleaned(tmp_path):
    f = tmp_path / "nul.txt"
    f.write_bytes(b"title: Has a NUL\n\nText with a \x00 stray byte.\n")
    a = read(f, f.name)[0]
    assert a.text == "Text with a stray byte."


def test_gzip_roundtrip_of_txt(tmp_path):
    f = tmp_path / "2021-01-01-note.txt.gz"
    f.write_bytes(gzip.compress(b"title: Zipped\n\nInside a gzip.\n"))
    a = read(f, f.name)[0]
    assert (a.title, a.text, a.date.year) == ("Zipped", "Inside a gzip.", 2021)


@pytest.mark.parametrize("text, encoding", [
    ("Le café à Paris, crème brûlée, naïve.", "latin-1"),  # short text reads as well in cp1250: "ŕ", "č", "ď"
    ("El niño comió piña en la señal de España.", "cp1252"),  # "ń" in cp1250
    ("Příliš žluťoučký kůň úpěl ďábelské ódy v Brně.", "cp1250"),  # Central European stays so
])
def test_short_single_byte_text_is_read_in_its_own_code_page(tmp_path, text, encoding):
    f = tmp_path / "short.txt"
    f.write_bytes(f"title: {text[:12]}\n\n{text}\n".encode(encoding))
    assert read(f, "short.txt")[0].text == text


def test_jsonl_record_holding_unicode_line_separators_is_one_line(tmp_path):
    # JSON allows U+2028/U+2029 (and \x85, \x1c-\x1e) raw inside strings: only \n ends a JSON Lines record
    f = tmp_path / "seps.jsonl"
    f.write_text('{"title": "one\u2028two", "text": "a\u2029b\x85c"}\n{"title": "three", "text": "d"}\r\n',
                 encoding="utf-8")
    articles = read(f, f.name)
    assert [a.id for a in articles] == ["seps.jsonl#1", "seps.jsonl#2"]
    assert "_read_warnings" not in articles[0].meta


def test_json_list_keeps_good_items_and_reports_bad_ones(tmp_path):
    f = tmp_path / "list.json"
    f.write_text('[{"title": "A", "text": "x"}, 5, {"date": "2022-01-01"}, {"title": "D", "text": "y"}]')
    articles = read(f, f.name)
    assert [a.id for a in articles] == ["list.json#1", "list.json#4"]  # ids keep each item's position
    warnings = articles[0].meta["_read_warnings"]
    assert warnings[0] == "item 2: not a JSON object" and warnings[1].startswith("item 3: no title or text")


def test_csv_keeps_good_rows_and_reports_bad_ones(tmp_path):
    f = tmp_path / "rows.csv"
    f.write_text("title,text,date\nA,body a,2022-01-02\n,,2022-01-03\nC,body c,2022-01-04\n")
    articles = read(f, f.name)
    assert [a.id for a in articles] == ["rows.csv#1", "rows.csv#3"]
    assert articles[0].meta["_read_warnings"] == ["row ending line 3: its title and text are empty"]


def test_json_and_csv_with_no_good_record_raise_naming_the_first_problems(tmp_path):
    f = tmp_path / "none.json"
    f.write_text('[1, 2]')
    with pytest.raises(ReadError, match=r"^none.json: item 1: not a JSON object; item 2: not a JSON object$"):
        read(f, f.name)


def test_many_bad_records_are_counted_not_dropped_from_the_report(tmp_path):
    f = tmp_path / "many.jsonl"
    f.write_text('{"title": "ok", "text": "x"}\n' + "{broken\n" * 30)
    warnings = read(f, f.name)[0].meta["_read_warnings"]
    assert len(warnings) == 20 and warnings[-1] == "and 11 more records skipped"


def test_markdown_with_old_mac_line_endings(tmp_path):
    f = tmp_path / "cr.md"
    f.write_bytes(b"---\rtitle: CR only\rdate: 2022-01-02\r---\r\rBody line.\rNext line.\r")
    a = read(f, f.name)[0]
    assert (a.title, a.text, a.date_precision) == ("CR only", "Body line.\nNext line.", "day")


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_csv_with_another_separator_in_its_header_row(tmp_path, sep):
    # Excel in much of Europe saves "CSV" with semicolons; the header row shows which separator a file uses
    f = tmp_path / "export.csv"
    f.write_text(sep.join(["title", "text", "date"]) + "\n"
                 + sep.join(["Storm hits", '"Wind, rain; and hail"', "20.09.2022"]) + "\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.text) == ("Storm hits", "Wind, rain; and hail")


def test_json_body_given_as_a_list_of_paragraphs(tmp_path):
    f = tmp_path / "paras.jsonl"
    f.write_text('{"title": "Paras", "body": ["First paragraph.", "Second, with \\"quotes\\"."]}\n')
    a = read(f, f.name)[0]
    assert a.text == 'First paragraph.\n\nSecond, with "quotes".'


@pytest.mark.parametrize("opening", [
    "Source code of the new law was published on Monday.\nPeople gathered in the square to read it.",
    "Time is running out for the coalition.\nMedia reports said talks had failed.",
    "Title IX rules were changed: officials said so on Monday.\nStory continues below.",
])
def test_prose_opening_with_field_names_is_not_a_header(tmp_path, opening):
    # lines beginning with a field name and no colon are body text, unless a real header line is among them
    f = tmp_path / "2020-01-02-story.txt"
    f.write_text(opening + "\n\nMore text.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert opening.replace("\n", " ") in (a.title + " " + a.text).replace("\n", " ")
    assert (a.source, a.people, a.meta) == ("", (), {})


def test_header_lines_without_colon_next_to_a_real_header_line(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("date 2022-09-20\nsource Example News\n\nBody.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.source, a.date_precision, a.text) == ("Example News", "day", "Body.")


@pytest.mark.parametrize("between", ["", "   \n", "\t\n"])
def test_header_then_body_without_a_clean_blank_line(tmp_path, between):
    # no blank line after the header, or a "blank" line holding spaces: the header is still the header
    f = tmp_path / "story.txt"
    f.write_text(f"title: Foo\ndate: 2022-01-01\n{between}Body starts here.\nSecond line.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date_precision, a.text) == ("Foo", "day", "Body starts here.\nSecond line.")


def test_utf8_text_with_a_paragraph_in_another_code_page_keeps_both(tmp_path):
    """A paragraph pasted from a cp1252 file into a UTF-8 one: the file was read as one detected code page,
    so every UTF-8 character came out wrong ('Café owners in ZÃ¼rich'), and searches for its words missed."""
    f = tmp_path / "mixed.txt"
    f.write_bytes("title: Café owners in Zürich protest\n\nThe café owners of Zürich marched on Monday.\n\n".encode()
                  + "“We will not pay,” said one – a café owner.\n".encode("cp1252"))
    a = read(f, f.name)[0]
    assert a.title == "Café owners in Zürich protest"
    assert a.text == "The café owners of Zürich marched on Monday.\n\n“We will not pay,” said one – a café owner."


def test_utf8_file_cut_inside_its_last_character_keeps_the_others(tmp_path):
    f = tmp_path / "cut.txt"
    f.write_bytes("title: Zürich bank\n\nThe Zürich bank’s shares fell 3 €".encode()[:-1])
    a = read(f, f.name)[0]
    # (was 'ZĂĽrich'; then the cut character was kept as cp1252's "â‚")
    assert a.title == "Zürich bank" and a.text == "The Zürich bank’s shares fell 3"


@pytest.mark.parametrize("text, encoding", [
    ("Привет мир, это короткий текст.", "cp1251"),  # was cp1250: "Ďđčâĺň ěčđ"
    ("café", "cp1252"),  # was cp864: "cafﻠ"
    ("Shares of the bank fell 3 percent on Monday after its chairman, Hans Müller, said profits would fall "
     "in the second half of the year, as lending to companies slowed and costs rose.", "cp1252"),  # cp775: "M³ller"
])
def test_text_misread_in_the_code_page_the_detector_ranks_first_is_read_in_one_that_reads_well(tmp_path, text,
                                                                                                encoding):
    f = tmp_path / "short.txt"
    f.write_bytes(f"title: x\n\n{text}\n".encode(encoding))
    assert read(f, "short.txt")[0].text == text


def test_ascii_file_cut_inside_its_last_character_is_not_taken_for_another_code_page(tmp_path):
    f = tmp_path / "cut.txt"
    f.write_bytes("title: Cut short\n\nThe download stopped in the middle of a dash –".encode()[:-1])
    assert read(f, f.name)[0].text == "The download stopped in the middle of a dash"  # was "... dash 窶" (Shift-JIS)


@pytest.mark.parametrize("text, encoding", [("中文新闻报道今天发布了重要消息，记者说。", "gbk"),
                                            ("日本語のニュース記事は今日発表されました。", "shift_jis"),
                                            ("한국어 텍스트 뉴스 기사가 오늘 발표되었습니다.", "euc_kr")])
def test_east_asian_code_pages_are_not_taken_for_utf8_with_strays(tmp_path, text, encoding):
    f = tmp_path / "east.txt"
    f.write_bytes(f"title: {text[:6]}\n\n{text * 3}\n".encode(encoding))
    assert read(f, f.name)[0].text == text * 3


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path, encoding):
    # some Windows tools save UTF-16 without a BOM: every other byte is NUL, yet it is text
    f = tmp_path / "wide.txt"
    f.write_bytes("title: Café owners protest\n\nThe rules were unfair.\n".encode(encoding))
    a = read(f, f.name)[0]
    assert (a.title, a.text) == ("Café owners protest", "The rules were unfair.")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_utf16_and_utf32_with_byte_order_mark_are_read_whatever_the_text_holds(tmp_path, encoding, suffix):
    # Notepad's "Unicode" and Excel's "Unicode Text": a byte order mark, then UTF-16. Of a text with a few
    # non-ASCII letters, the detector ranked latin-1 level with UTF-16, and the file was read as latin-1:
    # title "ÿþtitle: Storm...", no date, the header lost in the body
    body = ("The council of Zürich met on Tuesday to discuss the budget. Mayor Corine Mauch said the city "
            "would invest in trams. Critics said it was “too little, too late”.")
    content = {".txt": f"title: Storm over Zürich budget\ndate: 2022-09-21\n\n{body}\n",
               ".jsonl": json.dumps({"title": "Storm over Zürich budget", "date": "2022-09-21", "text": body},
                                    ensure_ascii=False) + "\n",
               ".csv": f'title,date,text\nStorm over Zürich budget,2022-09-21,"{body}"\n'}[suffix]
    data = content.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = "\ufeff".encode(encoding) + data  # a mark written by hand: the codec writes none
    f = tmp_path / f"wide{suffix}"
    f.write_bytes(data)
    a = read(f, f.name)[0]
    assert (a.title, a.text, a.date.isoformat()[:10]) == ("Storm over Zürich budget", body, "2022-09-21")


def test_csv_quote_that_never_closes_is_reported_not_silently_swallowing_the_rest(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text('title,text\nA,body a\nB,"unterminated body\nC,body c\nD,body d\n', encoding="utf-8")
    articles = read(f, f.name)
    assert [a.title for a in articles] == ["A"]
    assert articles[0].meta["_read_warnings"] == [
        "row starting line 3: a quote opened in this row is never closed, so the rest of the file (to line 5) "
        "read as one cell; row skipped"]


def test_csv_rows_spanning_lines_and_stray_quotes_are_read_as_before(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text('title,text\nA,"line 1\nline 2"\nB,bo"dy b\nC,"last\nrow"\n', encoding="utf-8")
    articles = read(f, f.name)
    assert [a.text for a in articles] == ["line 1\nline 2", 'bo"dy b', "last\nrow"]
    assert "_read_warnings" not in articles[0].meta


def test_csv_with_excel_sep_line(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text("sep=;\ntitle;text\nA;x, y\n;\nB;\n", encoding="utf-8")
    articles = read(f, f.name)
    assert [(a.id, a.title, a.text) for a in articles] == [("export.csv#1", "A", "x, y"), ("export.csv#2", "B", "")]


def test_yaml_alias_bomb_in_front_matter_is_refused_not_expanded(tmp_path):
    # nine levels of nine aliases: a 1 KB file that expands to 387 million strings once hashed or indexed
    lines = ["---", "title: bomb", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    f = tmp_path / "bomb.md"
    f.write_text("\n".join([*lines, "tags: *a8", "---", "Body."]) + "\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"^bomb.md: invalid YAML front matter line 4: YAML aliases"):
        read(f, f.name)


def test_jsonl_line_nested_too_deep_is_skipped_alone(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text('{"title": "ok", "text": "x"}\n' + "[" * 100_000 + "]" * 100_000 + '\n{"title": "ok2", "text": "y"}\n')
    articles = read(f, f.name)
    assert [a.title for a in articles] == ["ok", "ok2"]
    assert articles[0].meta["_read_warnings"] == ["line 2: values nested too deeply"]


def test_a_json_file_nested_too_deep_is_one_clear_line(tmp_path):
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ReadError, match=r"^deep.json: invalid JSON: values nested too deeply$"):
        read(f, f.name)


@pytest.mark.parametrize("key, value, lang", [("lang", "de", "de"), ("language", "en-US", "en"),
                                              ("Language", "pt_BR", "pt"), ("locale", "fr", "fr")])
def test_declared_language_of_a_record_is_its_lang(tmp_path, key, value, lang):
    # as a web page's <html lang>: --lang and --facet lang work for every format that declares one
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"title": "T", "text": "x", key: value}) + "\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.lang, a.meta) == (lang, {})


@pytest.mark.parametrize("header, lang", [("lang: German", "de"), ("language: French", "fr"),
                                          ("lang: english", "en"), ("Language:  norwegian bokmål ", "nb"),
                                          ("lang: en-GB", "en"), ("lang: DE", "de"),
                                          # a name in another language, as the news archives print it, or two
                                          ("lang: Deutsch", "de"), ("langue: anglais", "en"),
                                          ("language: Español", "es"), ("language: GERMAN; DEUTSCH", "de")])
def test_a_language_name_is_stored_as_its_code_as_lang_reads_it(tmp_path, header, lang):
    f = tmp_path / "a.txt"
    f.write_text(f"title: T\n{header}\n\nBody.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.lang, a.meta) == (lang, {})


def test_a_language_neither_code_nor_name_is_kept_as_unparsed_lang(tmp_path):
    # as an unreadable date is kept as unparsed_date: the article is indexed, without a language
    f = tmp_path / "a.txt"
    f.write_text("title: T\nlanguage: Klingonese\n\nBody.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.lang, a.meta) == ("", {"unparsed_lang": "Klingonese"})


def test_lang_filter_finds_an_article_whose_header_names_its_language(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "de.txt").write_text("title: Hafen\nlang: German\n\nHarbour news.\n", encoding="utf-8")
    (corpus / "fr.csv").write_text("title,text,language\nPort,Harbour news.,French\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        assert not idx.update([corpus]).failed
        assert [h.title for h in idx.search("harbour", lang=["de"]).hits] == ["Hafen"]
        assert [h.title for h in idx.search("harbour", lang=["French"]).hits] == ["Port"]


def test_a_search_by_language_code_loads_neither_babel_nor_the_header_reader(tmp_path):
    # the mapping is shared with the readers, but search start-up stays light: Babel only for a name
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "de.txt").write_text("title: Hafen\nlang: German\n\nHarbour news.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
    script = ("import sys, searchidx\n"
              f"hits = searchidx.open_index({str(tmp_path / 'ix')!r}).search('harbour', lang=['de']).hits\n"
              "print(len(hits), sorted(m for m in sys.modules if m.split('.')[0] == 'babel' "
              "or m == 'searchidx.ingest.headers'))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "[]"]


@pytest.mark.parametrize("limit_mb, size, said", [
    (1, 1_090_000, "file is 1.04 MB, over the 1 MB limit (max_file_mb)"),  # was "file is 1.0 MB, over the 1 MB"
    (0.002, 2_200, "file is 0.0021 MB, over the 0.002 MB limit (max_file_mb)"),  # was "0.0 MB, over 0.00199986"
    (2, 3_000_000, "file is 2.9 MB, over the 2 MB limit (max_file_mb)")])
def test_a_file_over_the_size_limit_is_said_in_figures_that_show_it_is_over(tmp_path, limit_mb, size, said):
    f = tmp_path / "big.txt"
    f.write_bytes(b"title: Big\n\n" + b"x" * (size - 12))
    with pytest.raises(ReadError) as e:
        read(f, f.name, max_bytes=int(limit_mb * 1024 * 1024))
    assert e.value.reason == said


@pytest.mark.parametrize("orient", ["columns", "index", "split", "records"])
def test_a_pandas_data_frame_written_by_to_json_is_read_row_by_row(tmp_path, orient):
    # df.to_json("a.json") writes {column: {row: value}} by default: read as one article titled
    # "{'0': 'Storm hits coast', '1': 'Markets fall'}"; "index" and "split" failed ("not a JSON object")
    rows = [{"title": "Storm hits coast", "date": 1663632000000, "text": "A storm hit the coast."},
            {"title": "Markets fall", "date": 1663718400000, "text": "Shares fell."}]
    data = {"columns": {c: {str(i): r[c] for i, r in enumerate(rows)} for c in rows[0]},
            "index": {str(i): r for i, r in enumerate(rows)},
            "split": {"columns": list(rows[0]), "index": [0, 1], "data": [list(r.values()) for r in rows]},
            "records": rows}[orient]
    f = tmp_path / "frame.json"
    f.write_text(json.dumps(data), encoding="utf-8")
    articles = read(f, f.name)
    assert [(a.id, a.title, a.text, a.date.isoformat()[:10]) for a in articles] == [
        ("frame.json#1", "Storm hits coast", "A storm hit the coast.", "2022-09-20"),
        ("frame.json#2", "Markets fall", "Shares fell.", "2022-09-21")]


def test_an_article_whose_fields_are_objects_is_no_data_frame(tmp_path):
    f = tmp_path / "post.json"
    f.write_text(json.dumps({"title": {"rendered": "Votes &amp; more"},
                             "content": {"rendered": "<p>Text.</p>", "protected": False}}), encoding="utf-8")
    assert [(a.title, a.text) for a in read(f, f.name)] == [("Votes & more", "Text.")]


def test_camel_case_keys_of_json_apis_map_to_their_fields(tmp_path):
    # NewsAPI's export and a schema.org NewsArticle (JSON-LD) name their keys in camelCase: publishedAt
    # was kept as metadata (every article undated), articleBody too (the article had no text)
    f = tmp_path / "news.json"
    f.write_text(json.dumps({"status": "ok", "articles": [
        {"source": {"id": "bbc-news", "name": "BBC News"}, "author": "Jane Doe", "title": "Storm hits coast",
         "url": "https://www.bbc.co.uk/news/uk-1", "urlToImage": "https://x/y.jpg",
         "publishedAt": "2022-09-20T11:05:00Z", "content": "A storm hit the coast on Tuesday."},
        {"@type": "NewsArticle", "headline": "Markets fall", "articleBody": "Shares fell on Wednesday.",
         "datePublished": "2022-09-21", "dateModified": "2022-09-22", "inLanguage": "en-GB"}]}), encoding="utf-8")
    storm, markets = read(f, f.name)
    assert (storm.date.isoformat(), storm.text, storm.source) == ("2022-09-20T11:05:00+00:00",
                                                                 "A storm hit the coast on Tuesday.", "BBC News")
    assert storm.meta == {"urltoimage": "https://x/y.jpg"}  # other keys keep their names
    assert (markets.date.isoformat()[:10], markets.text) == ("2022-09-21", "Shares fell on Wednesday.")
    assert markets.meta == {"@type": "NewsArticle", "datemodified": "2022-09-22"}


def test_the_exports_of_news_crawlers_and_news_apis_give_their_text_dates_and_names(tmp_path):
    # news-please's maintext and date_publish, newspaper3k's and Media Cloud's publish_date, the Guardian's
    # webTitle/webUrl/webPublicationDate and fields.bodyText, the New York Times' headline.main, web_url and
    # byline.original: the body was dropped, the date kept as metadata, a title read as a dict's repr
    records = [
        {"title": "Storm hits coast", "maintext": "A storm hit the coast.", "date_publish": "2022-09-20 08:00:00",
         "date_download": "2022-09-21 10:00:00", "url": "https://www.bbc.co.uk/news/uk-1", "language": "en"},
        {"title": "Markets fall", "text": "Shares fell.", "publish_date": "2022-09-21T09:00:00",
         "media_name": "BBC", "url": "https://www.bbc.co.uk/news/uk-2"},
        {"id": "world/2022/sep/22/floods", "webTitle": "Floods recede", "webUrl": "https://www.theguardian.com/x",
         "webPublicationDate": "2022-09-22T07:00:00Z", "fields": {"bodyText": "The water fell.", "byline": "Jo Li"}},
        {"headline": {"main": "Talks resume", "print_headline": "Talks"}, "web_url": "https://www.nytimes.com/y",
         "pub_date": "2022-09-23T06:00:00+0000", "byline": {"original": "By Ann Bo", "person": []},
         "lead_paragraph": "Talks resumed."},
        {"title": "Rates rise", "body": "Rates rose.", "publishedDate": "2022-09-24"},
    ]
    f = tmp_path / "crawl.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    got = [(a.title, a.text, a.date.isoformat()[:10], a.author, a.source, a.url) for a in read(f, f.name)]
    assert got == [
        ("Storm hits coast", "A storm hit the coast.", "2022-09-20", "", "bbc.co.uk", "https://www.bbc.co.uk/news/uk-1"),
        ("Markets fall", "Shares fell.", "2022-09-21", "", "BBC", "https://www.bbc.co.uk/news/uk-2"),
        ("Floods recede", "The water fell.", "2022-09-22", "Jo Li", "theguardian.com", "https://www.theguardian.com/x"),
        ("Talks resume", "Talks resumed.", "2022-09-23", "Ann Bo", "nytimes.com", "https://www.nytimes.com/y"),
        ("Rates rise", "Rates rose.", "2022-09-24", "", "", "")]


@pytest.mark.parametrize("header", [
    "Titel: Hafen öffnet\nDatum: 20.09.2022\nAutor: Hans Meier\nQuelle: Hafenblatt\nSprache: German",
    "Titre : Hafen öffnet\nDate : 20/09/2022\nAuteur : Hans Meier\nSource : Hafenblatt\nLangue : de",
    "Título: Hafen öffnet\nFecha: 2022-09-20\nAutor: Hans Meier\nFuente: Hafenblatt\nIdioma: de",
    # Italian's and Portuguese's date is 'Data': it was kept as metadata and the article undated, unsaid
    "Titolo: Hafen öffnet\nData: 20 settembre 2022\nAutore: Hans Meier\nFonte: Hafenblatt\nLingua: de",
    "Título: Hafen öffnet\nData: 20/09/2022\nAutor: Hans Meier\nFonte: Hafenblatt\nIdioma: de",
])
def test_header_keys_in_the_languages_of_european_newsrooms(tmp_path, header):
    # "Titel:", "Datum:", "Autor:" named no field: the header was taken for the body's first paragraph and the
    # article titled "Titel: Hafen öffnet", undated, its author and source searchable as text only
    f = tmp_path / "a.txt"
    f.write_text(f"{header}\n\nDer Hafen öffnet am Dienstag.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date.date().isoformat(), a.author, a.source, a.lang, a.text, a.meta) == (
        "Hafen öffnet", "2022-09-20", "Hans Meier", "Hafenblatt", "de", "Der Hafen öffnet am Dienstag.", {})


def test_a_table_under_an_exports_title_lines_is_read(tmp_path):
    # a news database's or search tool's export writes a line or two above its table: the first was taken for
    # the header, and every row failed "no title or text field among its keys ( 2022-09-23, Exported by ...)"
    # ('nothing indexed'); a line of one cell was "no header row with column names"
    f = tmp_path / "export.csv"
    f.write_text("Exported by NewsTool, 2022-09-23\n\ntitle,date,text\nStorm hits coast,2022-09-20,The storm hit."
                 "\nHarbour reopens,2022-09-21,The harbour reopened.\n", encoding="utf-8")
    g = tmp_path / "hits.tsv"
    g.write_text("Search: harbour\nResults: 1\nHeadline\tBody\nHarbour reopens\tThe harbour reopened.\n",
                 encoding="utf-8")
    h = tmp_path / "plain.csv"  # a table whose first row names no title or text stays read as before
    h.write_text("name,count\nA,1\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f, g, h])
        got = [(idx.get(i).title, idx.get(i).text) for i in ("export.csv#1", "export.csv#2", "hits.tsv#1")]
    assert got == [("Storm hits coast", "The storm hit."), ("Harbour reopens", "The harbour reopened."),
                   ("Harbour reopens", "The harbour reopened.")]
    assert report.warnings == [
        ("export.csv", "line 3 read as the header row; the line above it, naming no title or text column, not read "
                       "('Exported by NewsTool, 2022-09-23')"),
        ("hits.tsv", "line 3 read as the header row; the 2 lines above it, naming no title or text column, not read "
                     "('Search: harbour')")]
    assert [why for _, why in report.failed] == [
        "row ending line 2: no title or text field among its keys (count, name) (a settings file's fields: can "
        "name yours)"]


def test_a_record_with_no_text_is_read_with_its_summary(tmp_path):
    # an RSS feed's export (title, link, description, pubDate) was indexed with its title alone, the description
    # kept as metadata: 'searchidx search ferries' found nothing though the feed's description held the word
    f = tmp_path / "feed.csv"
    f.write_text('title,link,description,pubDate\nStorm hits coast,https://coast.example/a,"<p>Ferries were '
                 'cancelled &amp; the harbour shut.</p>","Tue, 20 Sep 2022 10:00:00 GMT"\n', encoding="utf-8")
    g = tmp_path / "nyt.json"  # the first of its summaries is its text, the others stay metadata
    g.write_text('[{"headline": {"main": "Harbour reopens"}, "abstract": "The harbour reopened.", '
                 '"lead_paragraph": "The harbour reopened on Wednesday after the storm."}]', encoding="utf-8")
    h = tmp_path / "newsapi.jsonl"  # a text given keeps the description as metadata, as before
    h.write_text('{"title": "Winds drop", "description": "Winds dropped.", "content": "The winds dropped."}\n',
                 encoding="utf-8")
    got = [(a.title, a.text, a.meta) for p in (f, g, h) for a in read(p, p.name)]
    assert got == [
        ("Storm hits coast", "Ferries were cancelled & the harbour shut.", {}),
        ("Harbour reopens", "The harbour reopened.",
         {"lead_paragraph": "The harbour reopened on Wednesday after the storm."}),
        ("Winds drop", "The winds dropped.", {"description": "Winds dropped."})]


def test_a_spreadsheets_date_cell_saved_as_its_number_is_its_date(tmp_path):
    # a date column formatted as a number in Excel or LibreOffice is saved as days since 30 December 1899:
    # '44824' was 'year 44824 is out of range', every article undated (with the dates-not-used warning)
    f = tmp_path / "sheet.csv"
    f.write_text("title,date,text\nStorm,44824,a\nHarbour,44825.4375,b\nOld,12000,c\n", encoding="utf-8")
    g = tmp_path / "sheet.jsonl"
    g.write_text('{"title": "Floods", "date": 44826, "text": "c"}\n', encoding="utf-8")
    got = [(a.date and a.date.isoformat(), a.date_precision, a.meta.get("unparsed_date"))
           for p in (f, g) for a in read(p, p.name)]
    assert got == [("2022-09-20T00:00:00+00:00", "day", None), ("2022-09-21T10:30:00+00:00", "time", None),
                   (None, None, "12000"),  # 1932: no spreadsheet date of a news export, and said so
                   ("2022-09-22T00:00:00+00:00", "day", None)]


def test_a_news_apis_response_saved_whole_is_read_as_its_articles(tmp_path):
    # 'curl ... > nyt.json' of the New York Times' Article Search API, or of the Guardian's Content API, holds its
    # list inside an envelope: the whole file failed, "item 1: no title or text field among its keys (copyright,
    # response, status)", though the docs name those APIs' record keys
    f = tmp_path / "nyt.json"
    f.write_text(json.dumps({"status": "OK", "copyright": "(c) NYT", "response": {"docs": [
        {"_id": "nyt://article/1", "headline": {"main": "Talks resume"}, "pub_date": "2022-09-23T06:00:00+0000",
         "web_url": "https://www.nytimes.com/y", "abstract": "Talks resumed."},
        {"_id": "nyt://article/2", "headline": {"main": "Rates rise"}, "pub_date": "2022-09-24T06:00:00+0000",
         "web_url": "https://www.nytimes.com/z", "abstract": "Rates rose."}], "meta": {"hits": 2}}}), encoding="utf-8")
    g = tmp_path / "guardian.json"
    g.write_text(json.dumps({"response": {"status": "ok", "total": 1, "results": [
        {"id": "world/2022/sep/22/floods", "webTitle": "Floods recede", "webPublicationDate": "2022-09-22T07:00:00Z",
         "webUrl": "https://www.theguardian.com/x", "fields": {"bodyText": "The water fell."}}]}}), encoding="utf-8")
    got = [(a.id, a.title, a.text, a.source) for p in (f, g) for a in read(p, p.name)]
    assert got == [("nyt://article/1", "Talks resume", "Talks resumed.", "nytimes.com"),
                   ("nyt://article/2", "Rates rise", "Rates rose.", "nytimes.com"),
                   ("world/2022/sep/22/floods", "Floods recede", "The water fell.", "theguardian.com")]


def test_a_wordpress_posts_table_is_read_and_a_date_key_that_does_not_read_gives_way(tmp_path):
    # a WordPress site's wp_posts table exported as CSV failed row by row: "no title or text field among its keys
    # (ID, guid, post_author, post_content, ...)"; and of two date keys the first was taken even when it did not
    # read (a draft's post_date_gmt '0000-00-00 00:00:00'), the article undated beside a date that reads
    f = tmp_path / "wp_posts.csv"
    f.write_text("ID,post_date,post_date_gmt,post_content,post_title,post_excerpt,post_status\n"
                 '12,2022-09-20 12:00:00,2022-09-20 10:00:00,"<p>The storm hit.</p>",Storm hits coast,,publish\n'
                 "13,2022-09-21 12:00:00,0000-00-00 00:00:00,,Draft story,A short excerpt.,draft\n", encoding="utf-8")
    g = tmp_path / "feed.jsonl"
    g.write_text('{"title": "A", "text": "a", "date": "9999-12-31", "published": "2022-09-22"}\n', encoding="utf-8")
    got = [(a.id, a.title, a.text, a.date.isoformat(), a.meta) for p in (f, g) for a in read(p, p.name)]
    assert got == [
        ("12", "Storm hits coast", "The storm hit.", "2022-09-20T10:00:00+00:00", {"post_status": "publish"}),
        ("13", "Draft story", "A short excerpt.", "2022-09-21T12:00:00+00:00", {"post_status": "draft"}),
        ("feed.jsonl#1", "A", "a", "2022-09-22T00:00:00+00:00", {})]


def test_a_list_written_into_a_cell_is_that_list(tmp_path):
    # pandas' to_csv of a newspaper3k export writes its list columns as Python writes them: the author facet held
    # "['Ann Lee', 'Bo Chan']" and the tags "['storm', 'coast']", brackets and quotes included
    f = tmp_path / "np3k.csv"
    f.write_text("title,authors,text,tags,keywords,people\n"
                 "A,\"['Ann Lee', 'Bo Chan']\",x,\"['storm', 'coast']\",[],\"[\"\"Jo Li\"\"]\"\n"
                 "B,Ann Lee,\"['Quoted'] is the text\",,,\n", encoding="utf-8")
    got = [(a.author, a.text, a.meta, a.people) for a in read(f, f.name)]
    assert got == [("Ann Lee, Bo Chan", "x", {"tags": ["storm", "coast"]}, ("Jo Li",)),
                   ("Ann Lee", "['Quoted'] is the text", {}, ())]


def test_a_json_lines_file_of_an_apis_pages_is_read_as_their_articles(tmp_path):
    # a loop over an API's pages writing each response (or its list of articles) a line: every line failed, "no
    # title or text field among its keys (articles, status)", and a list a line was "invalid JSON at line 2
    # column 1: Extra data"; the records are numbered one after another, as a .json list's
    f = tmp_path / "responses.jsonl"
    f.write_text('{"status": "ok", "articles": [{"title": "A", "content": "a"}, {"title": "B", "content": "b"}]}\n'
                 '{"status": "ok", "articles": [{"title": "C", "content": "c"}, {"content": ""}]}\n', encoding="utf-8")
    g = tmp_path / "pages.jsonl"
    g.write_text('[{"title": "A", "text": "a"}, {"title": "B", "text": "b"}]\n[{"title": "C", "text": "c"}]\n',
                 encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f, g])
        got = sorted((i, idx.get(i).title) for i in idx.match_ids(""))
    assert got == [("pages.jsonl#1", "A"), ("pages.jsonl#2", "B"), ("pages.jsonl#3", "C"),
                   ("responses.jsonl#1", "A"), ("responses.jsonl#2", "B"), ("responses.jsonl#3", "C")]
    assert report.failed == [("responses.jsonl", "line 2, item 2: its title and text are empty")]


def test_a_json_lines_record_nested_too_deeply_costs_that_record(tmp_path):
    # a record whose text nests 900 lists deep (json reads it, the text's reading gives up) failed the whole file,
    # 'maximum recursion depth exceeded', after the lines' records were read in a second pass
    deep: object = "x"
    for _ in range(900):
        deep = [deep]
    f = tmp_path / "deep.jsonl"
    f.write_text(json.dumps({"title": "B", "text": deep}) + "\n" + json.dumps({"title": "A", "text": "a"}) + "\n",
                 encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f])
    assert (report.added, report.failed) == (1, [("deep.jsonl", "line 1: values nested too deeply")])


@pytest.mark.parametrize("name, content, expected", [
    ("copied.txt", "Storm hits coast\nBy Ann Lee\n20 September 2022\n\nThe storm hit.\n",
     ("Storm hits coast", "Ann Lee", "2022-09-20", "The storm hit.")),
    ("wire.txt", "Storm hits coast\nBY ANN LEE, Staff Writer\nSept. 20, 2022 10:00 a.m. ET\n\nThe storm hit.\n",
     ("Storm hits coast", "Ann Lee", "2022-09-20T14:00:00+00:00", "The storm hit.")),
    ("post.md", "# Harbour reopens\n\nBy Ann Lee | 21 September 2022\n\nThe harbour reopened.\n",
     ("Harbour reopens", "Ann Lee", "2022-09-21", "The harbour reopened.")),
    ("prose.txt", "Storm hits coast\nBy the end of the day the storm had passed.\n",  # prose, not a byline
     ("Storm hits coast", "", None, "By the end of the day the storm had passed.")),
])
def test_a_byline_and_date_under_a_headline_in_the_text_are_read(tmp_path, name, content, expected):
    # an article copied from a web page into a text file keeps its byline and date under the headline: it was
    # indexed undated and authorless, 'By Ann Lee' and the date its text's first words
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    a = read(f, f.name)[0]
    when = a.date and (a.date.isoformat() if a.date_precision == "time" else a.date.date().isoformat())
    assert (a.title, a.author, when, a.text) == expected


def test_a_web_page_saved_under_a_text_files_name_is_read_as_the_page(tmp_path):
    # a scraper saving each response body as .txt (or a page renamed): its markup was indexed as the article's
    # text, 'searchidx show' listing <html ...> and scripts under the title 'Page', the story's own title lost
    page = ("<!-- saved from url=(0027)https://news.example/storm -->\n<!DOCTYPE html><html lang='en'><head>"
            "<title>Storm hits coast | Coast News</title><meta property='og:site_name' content='Coast News'>"
            "<script>var tracking = 1;</script></head><body><nav>Home News Sport</nav><article><h1>Storm hits coast"
            "</h1><p>" + "The storm hit the coast on Tuesday and the harbour was closed. " * 6 + "</p></article>"
            "</body></html>")
    f = tmp_path / "page.txt"
    f.write_text(page, encoding="utf-8")
    g = tmp_path / "notes.txt"  # a text about markup stays text
    g.write_text("Title: Markup\n\n<html> opens a page.\n", encoding="utf-8")
    a, b = read(f, f.name)[0], read(g, g.name)[0]
    assert (a.title, a.source, a.url, "<" in a.text, "tracking" in a.text) == (
        "Storm hits coast", "Coast News", "https://news.example/storm", False, False)
    assert a.text.startswith("The storm hit the coast on Tuesday")
    assert (b.title, b.text) == ("Markup", "<html> opens a page.")


def test_a_date_and_a_time_in_columns_apart_are_one_moment(tmp_path):
    # a spreadsheet's Date and Time columns: the time was dropped (a second date key ranked below the first), so
    # every article was dated to the day and those of a day sorted in no order
    f = tmp_path / "sheet.csv"
    f.write_text("title,date,time,text\nStorm,2022-09-20,10:30,a\nHarbour,Sept. 20 2022,10:30 PM EDT,b\n"
                 "Floods,2022-09-20T08:00:00Z,10:30,c\nRates,2022-09-21,,d\n", encoding="utf-8")
    got = [(a.date.isoformat(), a.date_precision) for a in read(f, f.name)]
    assert got == [("2022-09-20T10:30:00+00:00", "time"), ("2022-09-21T02:30:00+00:00", "time"),
                   ("2022-09-20T08:00:00+00:00", "time"), ("2022-09-21T00:00:00+00:00", "day")]
    # a date key given as a list (Scrapy's) that the first date key gives way to, in a file whose dates are
    # day first: it was read as the list's text, and read again day first it failed the whole file
    g = tmp_path / "items.jsonl"
    g.write_text('{"title": "A", "text": "a", "date": "0000-00-00", "published": ["04/01/2019"], "time": "10:30"}\n'
                 '{"title": "B", "text": "b", "date": "13/01/2019"}\n', encoding="utf-8")
    assert [a.date.isoformat() for a in read(g, g.name)] == ["2019-01-04T10:30:00+00:00", "2019-01-13T00:00:00+00:00"]


def test_a_data_key_that_holds_no_date_stays_metadata(tmp_path):
    # 'data' is the date in Italian and Portuguese headers, and data in English exports: only a date is a date
    f = tmp_path / "feed.jsonl"
    f.write_text('{"title": "A", "text": "a", "data": {"views": 3}}\n{"title": "B", "text": "b", "data": "12 GB"}\n'
                 '{"title": "C", "text": "c", "data": "2022-09-20", "date": "2022-09-21"}\n', encoding="utf-8")
    got = [(a.date and a.date.date().isoformat(), a.meta) for a in read(f, f.name)]
    assert got == [(None, {"data": '{"views": 3}'}), (None, {"data": "12 GB"}), ("2022-09-21", {})]


@pytest.mark.parametrize("name, content, why", [
    ("hits.csv", "title,text,date\n", "a header row of 3 column names and no row under it"),
    ("hits.tsv", "title\ttext\n\n\t\n", "a header row of 2 column names and no row under it"),
    ("titles.csv", "title\n", "a header row of 1 column name and no row under it"),
])
def test_a_table_of_a_header_row_alone_says_so(tmp_path, name, content, why):
    # an export of a search that found nothing was reported as 'no article found in file', which did not say why
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    with pytest.raises(NoArticles) as no:
        read(f, f.name)
    assert str(no.value) == f"{name}: {why}"


@pytest.mark.parametrize("name, content, note", [
    ("feed.jsonl", '{"Title": "A", "title": "B", "text": "x"}\n',
     "line 1: key 'title' given again; its first value is kept"),
    ("hits.csv", "Title,title,text\nA,B,x\n",
     "line 1: column 'title' (column 2) is the key of column 1 ('Title') written otherwise; the first is read"),
])
def test_a_key_written_in_two_cases_in_one_record_is_warned_about(tmp_path, name, content, note):
    # keys are read in any case, so 'title' was dropped unsaid (a text header's 'Title:' then 'title:' is warned)
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.meta) == ("A", {"_read_notes": [note]})


def test_a_tsv_cell_opening_a_quote_a_later_row_closes_takes_no_rows_into_it(tmp_path):
    # '"Yes' opened a quoted cell that the quote of row D closed: rows C and D were B's text, and their
    # articles were gone without a word
    f = tmp_path / "wire.tsv"
    f.write_text('title\ttext\tdate\nA\t"It is over," he said.\t2022-09-20\nB\t"Yes\t2022-09-21\n'
                 'C\tplain\t2022-09-22\nD\tShe said "no" twice.\t2022-09-23\n', encoding="utf-8")
    articles = read(f, f.name)
    assert [(a.title, a.text) for a in articles] == [("A", '"It is over," he said.'), ("B", '"Yes'), ("C", "plain"),
                                                     ("D", 'She said "no" twice.')]
    assert articles[0].meta["_read_notes"] == [
        "row starting line 3: a quote opened in a cell closes only on line 5, taking the rows between into it; "
        "the file is read without quoting (as TSV is written)"]
    # a cell Excel quoted over two lines is one cell still
    f.write_text('title\ttext\nA\t"Two\nlines, ""quoted"""\nB\tb\n', encoding="utf-8")
    assert [(a.title, a.text) for a in read(f, f.name)] == [("A", 'Two\nlines, "quoted"'), ("B", "b")]


def test_the_fields_settings_may_name_are_the_fields_keys_map_to():
    from searchidx.ingest.article import HEADER_FIELDS
    from searchidx.ingest.headers import DEFAULT_FIELD_MAP

    assert tuple(DEFAULT_FIELD_MAP) == HEADER_FIELDS


def test_front_matter_values_of_any_yaml_type_are_kept_as_plain_json_values(tmp_path):
    f = tmp_path / "d.md"
    f.write_text("---\ntitle: T\nupdated: [2022-09-20, 2022-09-21]\nextra: {a: 1, b: [1, 2]}\nnums: [1, 2.5]\n"
                 "flag: true\n---\nBody.\n", encoding="utf-8")
    meta = read(f, f.name)[0].meta
    assert meta == {"updated": ["2022-09-20", "2022-09-21"], "extra": '{"a": 1, "b": [1, 2]}', "nums": ["1", "2.5"],
                    "flag": True}
    json.dumps(meta)  # show --format json and the web API write it as it is


@pytest.mark.parametrize("text", ["# Storm hits coast\n\nThe storm reached the coast.\n",
                                  "## Storm hits coast ##\nThe storm reached the coast.\n",
                                  "Storm hits coast\n================\n\nThe storm reached the coast.\n",
                                  "---\ndate: 2022-01-02\n---\n\n## Storm hits coast\n\n"
                                  "The storm reached the coast.\n"])
def test_markdown_heading_is_the_title_without_its_marks(tmp_path, text):
    f = tmp_path / "story.md"
    f.write_text(text, encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.text) == ("Storm hits coast", "The storm reached the coast.")


def test_entity_lists_separated_by_semicolons_keep_the_commas_inside_names(tmp_path):
    # "Smith, John; Doe, Jane": when a list uses ; (or |) between names, a comma is part of a name
    f = tmp_path / "a.txt"
    f.write_text("title: T\npeople: Smith, John; Doe, Jane\norgs: Apple, Inc. | Google\nplaces: Lisbon, Porto\n\nx\n",
                 encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.people, a.orgs, a.places) == (("Smith, John", "Doe, Jane"), ("Apple, Inc.", "Google"),
                                            ("Lisbon", "Porto"))


def test_json_export_holding_its_articles_under_any_one_key(tmp_path):
    # {"posts": [...]} (WordPress), {"stories": [...]}: the one list of objects in an object that is no article
    f = tmp_path / "export.json"
    f.write_text('{"version": 2, "generated": "2022-09-20", "posts": [{"title": "A", "content": "x"}, '
                 '{"title": "B", "content": "y"}]}', encoding="utf-8")
    assert [a.title for a in read(f, f.name)] == ["A", "B"]


def test_json_object_without_article_fields_says_which_keys_it_has(tmp_path):
    f = tmp_path / "other.json"
    f.write_text('{"query": "x", "total": 3}', encoding="utf-8")
    with pytest.raises(ReadError) as err:
        read(f, f.name)
    assert str(err.value) == ("other.json: item 1: no title or text field among its keys (query, total) "
                              "(a settings file's fields: can name yours)")


def test_json_lines_saved_as_json_is_read_as_json_lines(tmp_path):
    # many tools write one object per line and call the file .json
    f = tmp_path / "export.json"
    f.write_text('{"title": "A", "text": "x"}\n{"title": "B", "text": "y"}\n', encoding="utf-8")
    assert [(a.id, a.title) for a in read(f, f.name)] == [("export.json#1", "A"), ("export.json#2", "B")]


def test_a_json_list_saved_as_jsonl_is_read_as_json(tmp_path):
    f = tmp_path / "export.jsonl"
    f.write_text('[\n  {"title": "A", "text": "x"},\n  {"title": "B", "text": "y"}\n]\n', encoding="utf-8")
    assert [(a.id, a.title) for a in read(f, f.name)] == [("export.jsonl#1", "A"), ("export.jsonl#2", "B")]


@pytest.mark.parametrize("written", ["2022-02-30", "2022-02-10 25:00:00"])
def test_front_matter_with_an_impossible_date_keeps_the_article(tmp_path, written):
    # as a text header does: the date is kept as written (unparsed_date), the article is indexed undated
    f = tmp_path / "story.md"
    f.write_text(f"---\ntitle: Bad date\ndate: {written}\n---\nBody.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date, a.meta) == ("Bad date", None, {"unparsed_date": written, "_read_notes": [
        f"date {written!r} not used: the article is undated (its date kept as unparsed_date)"]})


def test_page_and_line_break_characters_part_words_instead_of_joining_them(tmp_path):
    # pdftotext ends each page with a form feed and Word writes a line break as a vertical tab: each was
    # deleted, so "one\fStart" became the word "oneStart", and neither "one" nor "start" found the article
    # (Unicode's line and paragraph separators and NEL, which scraped JSON holds, parted words already)
    f = tmp_path / "report.txt"
    f.write_text("title: Annual\x0breport\n\nEnd of page one\x0cStart of page two. A line\x0bbreak. "
                 "Third\u2028fourth\u2029fifth\x85sixth.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert a.title == "Annual report"
    assert a.text.split() == ["End", "of", "page", "one", "Start", "of", "page", "two.", "A", "line", "break.",
                              "Third", "fourth", "fifth", "sixth."]
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([f])
        assert [idx.search(word).total for word in ("one", "start", "line", "break", "fifth", "sixth")] == [1] * 6


def test_dates_not_used_are_said_once_a_file(tmp_path):
    # an export whose dates searchidx cannot read (the Guardian's listings' "Mon 19 Sep 23.30 BST", with no
    # year) was indexed all undated, and the run said "3 added, 0 failed"
    f = tmp_path / "export.csv"
    f.write_text("title,date,text\nA,Mon 19 Sep 23.30 BST,a\nB,2022-09-20,b\n"
                 "C,Tue 20 Sep 08.00 BST,c\n", encoding="utf-8")
    g = tmp_path / "one.txt"
    g.write_text("title: One\ndate: 9999-12-31\n\nText.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f, g])
        assert idx.get("export.csv#1").meta == {"unparsed_date": "Mon 19 Sep 23.30 BST"}  # no note
    assert (report.added, report.failed) == (4, [])
    assert report.warnings == [
        ("export.csv", "the dates of 2 of its 3 articles not used (the first: 'Mon 19 Sep 23.30 BST'): "
                       "those are undated (their dates kept as unparsed_date)"),
        ("one.txt", "date '9999-12-31' not used: the article is undated (its date kept as unparsed_date)")]


def test_a_files_dates_written_day_first_are_all_read_day_first(tmp_path):
    # a British spreadsheet's export writes 04/01/2019 for 4 January: read month first, as one such date
    # alone is, it was dated 1 April beside its file's 13/01/2019 read right as 13 January, with no word
    f = tmp_path / "uk.csv"
    f.write_text("title,date,text\nStorm,04/01/2019,a\nHarbour,13/01/2019 10:30,b\nFloods,02/03/19,c\n"
                 "Fair,2019-02-05,d\nSame,02/02/2019,e\n", encoding="utf-8")
    g = tmp_path / "us.jsonl"  # month first shown, and no date of day first: as before
    g.write_text('{"title": "A", "date": "04/01/2019"}\n{"title": "B", "date": "01/13/2019"}\n', encoding="utf-8")
    h = tmp_path / "both.csv"  # both orders: those that read either way stay month first, and it is said
    h.write_text("title,date\nA,13/01/2019\nB,01/14/2019\nC,04/01/2019\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([f, g, h])
        got = {i: idx.get(i).date for i in (
            "uk.csv#1", "uk.csv#2", "uk.csv#3", "uk.csv#4", "uk.csv#5", "us.jsonl#1", "both.csv#3")}
        assert idx.get("uk.csv#1").meta == {}  # (what decided the order is not stored)
    assert got == {"uk.csv#1": "2019-01-04", "uk.csv#2": "2019-01-13T10:30:00Z", "uk.csv#3": "2019-03-02",
                   "uk.csv#4": "2019-02-05", "uk.csv#5": "2019-02-02", "us.jsonl#1": "2019-04-01",
                   "both.csv#3": "2019-04-01"}
    assert report.warnings == [
        ("both.csv", "dates written day first ('13/01/2019') and month first ('01/14/2019'): those that read "
                     "either way ('04/01/2019') are read month first"),
        ("uk.csv", "dates written day first ('13/01/2019 10:30'): 2 that read either way read so too "
                   "(the first: '04/01/2019' as 2019-01-04)")]


def test_a_records_title_ending_in_its_own_source_is_the_headline(tmp_path):
    # NewsAPI (and Google News' feed) write each title with its source after it: 'searchidx show' gave the title
    # 'Storm hits coast - BBC News', the facet the source; a web page's title had its site taken off already
    f = tmp_path / "newsapi.json"
    f.write_text('{"status": "ok", "articles": [{"source": {"id": null, "name": "BBC News"}, "title": "Storm hits '
                 'coast - BBC News", "description": "d", "content": "A storm.", "publishedAt": "2022-09-20T10:00:00Z"},'
                 ' {"source": {"name": "Coast Post"}, "title": "Coast Post | Ferries cancelled", "content": "c"},'
                 ' {"source": {"name": "Reuters"}, "title": "Oil - a year of prices - Brent", "content": "o"}]}',
                 encoding="utf-8")
    g = tmp_path / "feed.csv"
    g.write_text("title,source,text\nHarbour reopens – Daily Coast,daily coast,The harbour reopened.\n"
                 "Daily Coast,Daily Coast,Its own name alone stays.\n", encoding="utf-8")
    h = tmp_path / "one.txt"
    h.write_text("Title: Winds drop — Coast News\nSource: Coast News\n\nThe winds dropped.\n", encoding="utf-8")
    assert [a.title for a in read(f, f.name)] == ["Storm hits coast", "Ferries cancelled",
                                                  "Oil - a year of prices - Brent"]
    assert [a.title for a in read(g, g.name)] == ["Harbour reopens", "Daily Coast"]
    assert read(h, h.name)[0].title == "Winds drop"


def test_front_matter_dates_are_read_as_written(tmp_path):
    f = tmp_path / "story.md"
    f.write_text("---\ntitle: T\ndate: 2022-09-20T14:05:00+02:00\nupdated: 2022-09-21T08:00:00Z\n---\nBody.\n",
                 encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.date.isoformat(), a.meta) == ("2022-09-20T12:05:00+00:00", {"updated": "2022-09-21T08:00:00Z"})


def test_csv_of_one_known_column(tmp_path):
    # a list of texts (posts, comments) has one column: its name says what it is
    f = tmp_path / "posts.csv"
    f.write_text('text\nThe storm reached the coast.\n"Another, with a comma"\n', encoding="utf-8")
    assert [a.text for a in read(f, f.name)] == ["The storm reached the coast.", "Another, with a comma"]
    g = tmp_path / "notes.csv"
    g.write_text("some words\nmore words\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no header row with column names"):
        read(g, g.name)


@pytest.mark.parametrize("written", ["2 days ago", "yesterday", "now", "last monday", "-7d"])
def test_a_date_relative_to_today_is_no_article_date(tmp_path, written):
    # scraped exports say "2 days ago": dated from the day it is indexed, it would be wrong, and change
    f = tmp_path / "scraped.jsonl"
    f.write_text(json.dumps({"title": "T", "text": "x", "published": written}) + "\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.date, a.meta) == (None, {"unparsed_date": written, "_read_notes": [
        f"date {written!r} not used: the article is undated (its date kept as unparsed_date)"]})


def test_text_header_keys_in_any_alphabet_can_be_mapped(tmp_path):
    # fields: {title: [título]} could not work: a header key had to be ASCII, so the whole header was body text
    f = tmp_path / "nota.txt"
    f.write_text("Título: Tormenta en la costa\nFecha: 2022-09-20\nSección: Clima\n\nCuerpo.\n", encoding="utf-8")
    a = read(f, f.name, FieldMap({"title": ["título"], "date": ["fecha"]}))[0]
    assert (a.title, a.date_precision, a.meta, a.text) == ("Tormenta en la costa", "day", {"sección": "Clima"},
                                                           "Cuerpo.")


def test_markdown_with_toml_front_matter(tmp_path):
    # Hugo and Zola write +++ TOML front matter: it was read as the body, with the title '+++'
    f = tmp_path / "post.md"
    f.write_text('+++\ntitle = "Storm hits coast"\ndate = 2022-09-20T10:00:00Z\ntags = ["weather"]\n+++\n\nBody.\n',
                 encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date_precision, a.meta, a.text) == ("Storm hits coast", "time", {"tags": ["weather"]}, "Body.")
    f.write_text('+++\ntitle = "unclosed\n+++\n\nBody.\n', encoding="utf-8")
    with pytest.raises(ReadError, match="^post.md: invalid TOML front matter"):
        read(f, f.name)


@pytest.mark.parametrize("raw, clean", [
    # the usual text, cleaned by str methods: runs of any width of space become one, lines are trimmed,
    # at most one blank line in a row
    ("  A \t b\u00a0\u3000c  \n\n \n\n  d   e \n", "A b c\n\nd e"),
    # control characters and the rarer breaks (U+2028, NEL) take the general way: the controls go, the
    # breaks stay inside their line as they were
    ("a\x07b  c\u2028 d\x85e \n\n\n\nf\u200b", "ab c\u2028 d\x85e\n\nf"),
])
def test_clean_text_spaces_controls_and_blank_lines(raw, clean):
    from searchidx.ingest.normalize import clean_text

    assert clean_text(raw) == clean


@pytest.mark.parametrize("name, content, warning", [
    ("a.txt", "\ntitle: First\nsource: Wire\nTitle: Second\n\nBody.\n",
     "line 4: key 'Title' given again; its first value (line 2) is kept"),
    ("b.txt", "title: First\ndate: 2022-01-01\ntitle: Second\nBody straight after.\n",
     "line 3: key 'title' given again; its first value (line 1) is kept"),
    ("c.md", "---\ntitle: First\ntags: a\ntitle: Second\n---\nBody.\n",
     "line 4: key 'title' given again; its first value (line 2) is kept"),
    ("d.jsonl", '{"id": "x", "title": "T", "text": "y"}\n{"title": "First", "text": "x", "title": "Second"}\n',
     "line 2: key 'title' given again; its first value is kept"),
    ("e.json", '[{"title": "T", "text": "y"}, {"title": "First", "text": "x", "title": "Second"}]',
     "item 2: key 'title' given again; its first value is kept"),
    ("w.json", '{"articles": [{"title": "First", "text": "x"}], "articles": [{"title": "Second", "text": "y"}]}',
     "the file's top-level object: key 'articles' given again; its first value is kept"),
    ("f.csv", "title,text,title\nFirst,Body,Second\n",
     "line 1: column 'title' named again (column 3); the first is read"),
])
def test_a_key_given_twice_keeps_its_first_value_in_every_format_and_says_where(tmp_path, name, content, warning):
    # .txt kept the first silently, YAML, JSON and CSV the last, silently: "Second" was the title of four of these
    (tmp_path / name).write_text(content, encoding="utf-8")
    articles = read(tmp_path / name, name)
    assert articles[-1].title == "First"
    assert [w for a in articles for w in a.meta.get("_read_notes", ())] == [warning]
    with searchidx.open_index(tmp_path / "ix") as idx:
        report = idx.update([tmp_path / name])
    assert report.warnings == [(name, warning)] and report.failed == [] and "1 warning" in report.summary()


@pytest.mark.parametrize("data", [b"\x00", b"\x00" * 8, b"\x00\r\n\x1a\x00\n", b"\x00" * 5 + b"\x07"])
def test_a_small_file_of_nul_and_control_bytes_only_is_binary_not_an_article(tmp_path, data):
    f = tmp_path / "junk.txt"
    f.write_bytes(data)
    with pytest.raises(ReadError, match=r"^junk.txt: binary file \(control bytes only\), not text$"):
        read(f, f.name)


@pytest.mark.parametrize("byline, author", [
    ("By-line: By JO LI, Staff Writer", "Jo Li"),  # the key was kept as metadata, the article had no author
    ("Byline: Ann Bo, Associated Press Writer", "Ann Bo"),
    ("Author: By MARY SMITH and JOHN DOE", "Mary Smith and John Doe"),
    ("Author: Li, Jo", "Li, Jo"),  # a comma before the given name is no role
    ("Author: AP", "AP"),
    ("Author: By TED D'AFFLISIO, REUTERS\nSource: Reuters", "Ted D'Afflisio"),  # the article's own source
    ("Author: By Patti Domm, Reuter\nSource: Reuters", "Patti Domm"),
    ("Author: Jo Li, Associated Press\nSource: Daily Planet", "Jo Li, Associated Press"),  # another agency's
    ("Author: Jill Disis, CNN Business\nSource: CNN", "Jill Disis"),  # a desk of the own source
    ("Author: Li, Jo\nSource: Jo's Journal", "Li, Jo"),
])
def test_a_wire_bylines_role_and_capitals_are_not_part_of_the_author(tmp_path, byline, author):
    # "JO LI, Staff Writer" and "Jo Li" were two authors in the author facet and filter, as were a Reuters
    # story's "Cal Mankowski, Reuters" and "Cal Mankowski"
    f = tmp_path / "a.txt"
    f.write_text(f"Title: Storm\n{byline}\nDate: 2022-09-20\n\nA storm hit.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.author, a.meta) == (author, {})


def test_a_header_value_folded_onto_an_indented_line_is_one_value(tmp_path):
    # A title folded as e-mail and Usenet headers fold a long subject made the block no header: the article
    # was titled 'A very long title that', undated, its author unread, 'Date: ...' and 'Author: ...' the
    # first lines of its text
    f = tmp_path / "a.txt"
    f.write_text("Title: A very long title that\n  goes on here\n\tand here\nDate: 2022-09-20\nAuthor: Jane Doe\n\n"
                 "Body text.\n", encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date.date().isoformat(), a.author, a.text, a.meta) == (
        "A very long title that goes on here and here", "2022-09-20", "Jane Doe", "Body text.", {})
    # indented lines at the end of a header with no blank line after it are the body run straight into it
    f.write_text("Title: X\nDate: 2022-09-20\n    The dry period means a late harvest.\n    Arrivals rose.\n\nMore.\n",
                 encoding="utf-8")
    a = read(f, f.name)[0]
    assert (a.title, a.date.date().isoformat(), a.text) == (
        "X", "2022-09-20", "The dry period means a late harvest.\nArrivals rose.\n\nMore.")


def test_the_hits_of_an_elasticsearch_or_opensearch_dump_are_read_as_their_articles(tmp_path):
    # elasticdump's lines and a saved search response hold each article in a hit's _source: every record
    # failed with 'no title or text field among its keys (_id, _index, _score, _source, _type)', and a
    # response with 'no title or text field among its keys (_shards, hits, timed_out, took)'
    hit = {"_index": "news", "_type": "_doc", "_id": "n-1", "_score": 1.0,
           "_source": {"title": "Port reopens", "text": "The port reopened.", "published": "2022-09-20"}}
    own = {"_index": "news", "_id": "n-2", "_score": 0.5, "_source": {"id": "wire-2", "headline": "Two", "body": "b"}}
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps(hit) + "\n" + json.dumps(own) + "\n", encoding="utf-8")
    response = tmp_path / "response.json"
    response.write_text(json.dumps({"took": 3, "timed_out": False, "_shards": {"total": 1},
                                    "hits": {"total": {"value": 2}, "max_score": 1.0, "hits": [hit, own]}}),
                        encoding="utf-8")
    for f in (dump, response):
        articles = read(f, f.name)
        assert [(a.id, a.title, a.text, a.date and a.date.date().isoformat(), a.meta) for a in articles] == [
            ("n-1", "Port reopens", "The port reopened.", "2022-09-20", {}), ("wire-2", "Two", "b", None, {})]


def test_a_mongoexport_records_extended_json_values_are_read_as_what_they_wrap(tmp_path):
    # mongoexport writes {"_id": {"$oid": ...}, "date": {"$date": ...}}: every article was undated ('the
    # dates of 2 of its 2 articles not used (the first: "{'$date': ...}")'), its id its line number, and
    # the Mongo id a metadata value '{"$oid": "5f1a"}'
    f = tmp_path / "export.jsonl"
    f.write_text('{"_id": {"$oid": "5f1a"}, "title": "A", "text": "x", "date": {"$date": "2022-09-20T10:00:00.000Z"}}\n'
                 '{"_id": {"$oid": "5f1b"}, "title": "B", "text": "y", "date": {"$date": {"$numberLong": '
                 '"1663660800000"}}, "views": {"$numberInt": "3"}}\n', encoding="utf-8")
    assert [(a.id, a.date.isoformat(), a.meta) for a in read(f, f.name)] == [
        ("5f1a", "2022-09-20T10:00:00+00:00", {}), ("5f1b", "2022-09-20T08:00:00+00:00", {"views": "3"})]


def test_a_mongoexport_date_in_milliseconds_is_read_whatever_its_year(tmp_path):
    # canonical Extended JSON writes every date as {"$date": {"$numberLong": ms}}: one before 1970 is negative
    # and was left undated; one early in 1970 has too few digits to read as milliseconds and was read as
    # seconds (2 January 1970 became 1972)
    f = tmp_path / "archive.jsonl"
    f.write_text('{"title": "A", "text": "x", "date": {"$date": {"$numberLong": "-205027200000"}}}\n'
                 '{"title": "B", "text": "y", "date": {"$date": {"$numberLong": "86400000"}}}\n'
                 '{"title": "C", "text": "z", "date": {"$date": {"$numberLong": "1663660800500"}}}\n', encoding="utf-8")
    assert [a.date.isoformat() for a in read(f, f.name)] == [
        "1963-07-04T00:00:00+00:00", "1970-01-02T00:00:00+00:00", "2022-09-20T08:00:00.500000+00:00"]


def test_the_keys_of_diffbot_event_registry_and_spreadsheet_exports_name_their_fields(tmp_path):
    # Diffbot's pageUrl and humanLanguage, Event Registry's dateTimePub and source {"title": ...}, a
    # spreadsheet's "Author(s)" and "Published on" were metadata: the articles had no url (nor a source from
    # it), no language, no author and no date, and the run said nothing of it
    diffbot = tmp_path / "diffbot.jsonl"
    diffbot.write_text(json.dumps({"title": "A", "text": "x", "pageUrl": "https://news.example.com/a",
                                   "humanLanguage": "en", "posted": "2022-09-20"}) + "\n" +
                       json.dumps({"title": "B", "body": "y", "dateTimePub": "2022-09-21T10:00:00Z",
                                   "source": {"uri": "bbc.co.uk", "title": "BBC"}}) + "\n", encoding="utf-8")
    assert [(a.url, a.source, a.lang, a.date.date().isoformat(), a.meta) for a in read(diffbot, diffbot.name)] == [
        ("https://news.example.com/a", "example.com", "en", "2022-09-20", {}), ("", "BBC", "", "2022-09-21", {})]
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Headline,Author(s),Published on,Article URL,Article Text\n"
                     "Port reopens,Jane Doe,20/09/2022,https://x.example.org/p,The port reopened.\n", encoding="utf-8")
    a = read(sheet, sheet.name)[0]
    assert (a.author, a.date.date().isoformat(), a.url, a.text, a.meta) == (
        "Jane Doe", "2022-09-20", "https://x.example.org/p", "The port reopened.", {})


def test_a_spreadsheet_saved_as_unicode_text_is_read_one_article_a_row(tmp_path):
    # Excel's "Unicode Text (*.txt)" is a tab-separated table in UTF-16: it was one article titled
    # 'Title Date Text', every row its text, and the run said '1 added'
    f = tmp_path / "export.txt"
    f.write_text("Title\tDate\tText\r\nPort reopens\t20/09/2022\tThe port reopened.\r\nStorm\t21/09/2022\tA storm.\r\n",
                 encoding="utf-16")
    assert [(a.id, a.title, a.date.date().isoformat(), a.text) for a in read(f, f.name)] == [
        ("export.txt#1", "Port reopens", "2022-09-20", "The port reopened."),
        ("export.txt#2", "Storm", "2022-09-21", "A storm.")]
    f.write_text("Title\tHarbour reopens\nDate\t2022-09-20\n\nBody.\n", encoding="utf-8")  # a header, tab-separated
    assert [(a.id, a.title, a.text) for a in read(f, f.name)] == [("export.txt", "Harbour reopens", "Body.")]


def test_a_front_matter_error_names_the_line_of_the_file(tmp_path):
    # a TOML front matter's error named its line within the front matter ('at line 3' of the file's line 4), a
    # YAML one after blank lines the line as if '---' were the file's first
    f = tmp_path / "post.md"
    f.write_text('+++\ntitle = "Hugo post"\ndate = 2022-09-20\nauthor = Jane\n+++\n\nBody\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"^post.md: invalid TOML front matter: Invalid value \(at line 4, column 10\)"):
        read(f, f.name)
    f.write_text("\n\n---\ntitle: x\n  bad: indent\n---\nBody\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"^post.md: invalid YAML front matter line 5: mapping values are not allowed"):
        read(f, f.name)


def test_a_json_lines_file_of_one_record_names_its_line(tmp_path):
    # a .jsonl of one record that could not be read named it 'item 1', as a .json file's list items are named
    f = tmp_path / "feed.jsonl"
    f.write_text('{"guid": "x", "foo": "bar"}\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"^feed.jsonl: line 1: no title or text field among its keys \(foo, guid\)"):
        read(f, f.name)


_RUSSIAN = ["Один", "Москва", "Привет мир", "Новости дня", "Путин", "Банк", "Президент России заявил",
            "Жители города Ярославль"]


@pytest.mark.parametrize("text, encoding", [(t, e) for e in ("koi8_r", "cp1251", "iso8859_5") for t in _RUSSIAN]
                         + [("Україна сьогодні", e) for e in ("koi8_u", "cp1251", "iso8859_5")])
def test_short_cyrillic_text_is_read_in_its_cyrillic_code_page_not_as_east_asian(tmp_path, text, encoding):
    f = tmp_path / "short.txt"
    f.write_bytes(f"{text}\n\n{text}.\n".encode(encoding))
    # 14 of these 27 were misread: KOI8-R's "Привет мир" as Shift-JIS ("崹ﾉﾗﾅﾔ ﾍﾉﾒ"), cp1251's "Один" as Big5 ("挕鴈")
    (a,) = read(f, f.name)
    assert (a.title, a.text) == (text, f"{text}.")


@pytest.mark.parametrize("text, encoding", [
    ("Курс евро: 100 €", "cp1251"), ("Прибыль выросла на 5 ‰", "cp1251"), ("Курс евро: 100 €", "mac_cyrillic"),
    ("Цена 50 € за тонну", "mac_cyrillic"), ("Дело № 5 «Газпром» — итоги", "mac_cyrillic")])
def test_short_cyrillic_text_with_a_sign_of_its_code_page_keeps_that_page(tmp_path, text, encoding):
    # A sign the page holds ("€", "‰", "№", "«»", "—") counted against it: cp1251's "Курс евро: 100 €" was read in
    # Mac Cyrillic as "\xa0урс евро: 100 И", Mac's "Цена 50 € за тонну" in cp1251 as "–ена 50 я за тонну"
    f = tmp_path / "short.txt"
    f.write_bytes(f"{text}\n\n{text}.\n".encode(encoding))
    (a,) = read(f, f.name)
    assert (a.title, a.text) == (text, f"{text}.")


@pytest.mark.parametrize("encoding", ["koi8_r", "cp1251"])
def test_a_long_cyrillic_file_is_told_by_a_sample_of_its_text_not_scored_whole(tmp_path, monkeypatch, encoding):
    # Scored whole in five code pages, a character at a time, 7.6 MB of KOI8-R took 18 s to read where it took 2
    scored: list[int] = []
    whole = cyrillic.score
    monkeypatch.setattr(cyrillic, "score", lambda text: scored.append(len(text)) or whole(text))
    text = "\n\n".join(f"Президент России заявил, что бюджет на {i} год вырастет." for i in range(2000))
    f = tmp_path / "long.txt"
    f.write_bytes(f"Новости дня\n\n{text}\n".encode(encoding))
    (a,) = read(f, f.name)
    assert (a.title, a.text) == ("Новости дня", text)
    assert scored and max(scored) <= 8192  # characters, in each code page


_JAPANESE = "日本語のニュース記事は今日発表されました。"


@pytest.mark.parametrize("text, encoding", [(_JAPANESE, "shift_jis"), ("東京で会見", "shift_jis"),
                                            ("政府は発表した", "shift_jis"), (_JAPANESE, "euc_jp"),
                                            ("政府は発表した", "euc_jp"),
                                            ("中文新闻报道今天发布了重要消息。", "gbk")])
def test_short_east_asian_text_stays_so_beside_the_cyrillic_reading(tmp_path, text, encoding):
    f = tmp_path / "short.txt"
    f.write_bytes(f"{text}\n\n{text}\n".encode(encoding))
    (a,) = read(f, f.name)
    assert (a.title, a.text) == (text, text)


@pytest.mark.parametrize("byline, author", [
    ("By Finian Cunningham. Sputnik International", "Finian Cunningham"),  # a saved page's byline, as written
    ("By ANN LEE. REUTERS", "Ann Lee"), ("By Jane Doe, PhD", "Jane Doe"), ("By John Smith MD", "John Smith"),
    ("By Dr. Jane Doe, Ph.D.", "Jane Doe"), ("By Jo Li, M.D., MPH", "Jo Li"), ("By Prof. Jo Li", "Jo Li"),
    ("By Troy L. Smith", "Troy L. Smith"), ("By Jo Li Jr.", "Jo Li Jr."), ("By Mary St. John", "Mary St. John"),
    # more of the name after an abbreviated one (it was cut off there: 'Jose Ma', 'Datuk Mohd', 'Sheikh Md')
    ("By Jose Ma. Montelibano", "Jose Ma. Montelibano"), ("By Datuk Mohd. Razak", "Datuk Mohd. Razak"),
    ("By Sheikh Md. Kamrul Hasan", "Sheikh Md. Kamrul Hasan"), ("By Ivan Petrov. RIA Novosti", "Ivan Petrov"),
])
def test_a_headerless_text_s_byline_gives_the_name_without_agency_degrees_or_title(tmp_path, byline, author):
    f = tmp_path / "story.txt"
    f.write_text(f"Storm hits coast\n{byline}\n20 September 2022\n\nThe storm reached the coast.\n", encoding="utf-8")
    (a,) = read(f, f.name)
    # the author facet listed 'Finian Cunningham. Sputnik International' and 'Jane Doe, PhD' beside 'Jane Doe';
    # 'By John Smith, M.D.' and 'By Dr. Jane Doe, Ph.D.' were not read as bylines at all, left in the text
    assert (a.author, a.text, a.date.day) == (author, "The storm reached the coast.", 20)


def test_a_record_s_author_keeps_the_name_after_an_abbreviated_one_and_drops_its_own_source(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"title": "Storm", "author": "Jose Ma. Montelibano", "source": "Inquirer", "text": "x"}\n'
                 '{"title": "Flood", "author": "Ivan Petrov. Coast Herald", "source": "The Coast Herald",'
                 ' "text": "y"}\n',
                 encoding="utf-8")
    first, second = read(f, f.name)
    # 'Jose Ma' was the author; an agency after a full stop is dropped when it is the article's own source
    assert (first.author, second.author) == ("Jose Ma. Montelibano", "Ivan Petrov")


def test_a_record_s_author_with_a_degree_is_the_name(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"title": "Storm", "author": "Jane Doe, PhD", "text": "x"}\n'
                 '{"title": "Flood", "author": "Madonna, PhD", "text": "y"}\n', encoding="utf-8")
    first, second = read(f, f.name)
    assert (first.author, second.author) == ("Jane Doe", "Madonna, PhD")  # (a name of one word keeps its degree)
