"""News archives' downloads of many articles in one .txt file (LexisNexis, Nexis Uni, Factiva), read as their
articles."""

import json
import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

from searchidx.cli import cli
from searchidx.ingest.readers import read

EXPORTS = FIXTURES / "exports"


def articles(name):
    return read(EXPORTS / name, name)


def day(y, m, d, hh=0, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=timezone.utc)


def test_a_classic_lexisnexis_download_is_read_as_its_documents_without_the_cover_page():
    first, second = articles("nexis-classic.txt")
    # the cover page (the request, the search terms) is no article; the headline over two lines is one title
    assert first.title == "Harbour flood defences fail as storm surge sweeps through Porthaven"
    assert (first.date, first.date_precision) == (day(2022, 9, 20), "day")  # "September 20, 2022 Tuesday"
    assert (first.source, first.author, first.lang) == ("The Coast Herald", "Ann Lee", "en")
    assert (first.id, first.record, first.path) == ("nexis-classic.txt#1", 1, "nexis-classic.txt")
    assert first.text == ("Sea water poured over the harbour wall at Porthaven on Monday night, flooding\n"
                          "forty homes along the quay.\n\nThe council said the flood gates had been left open for "
                          "repairs. Residents\nwere moved to the church hall overnight.")
    # the labelled lines are fields or metadata, not the text; a label searchidx does not know is kept too
    meta = first.meta
    assert meta["section"] == "NEWS; Pg. 4" and meta["length"] == "96 words" and meta["dateline"] == "PORTHAVEN"
    assert meta["load_date"] == "September 21, 2022" and meta["journal_code"] == "TCH"
    assert meta["edition"] == "Final Edition"
    assert meta["copyright"] == "Copyright 2022 Coast Herald Newspapers Ltd All Rights Reserved"
    # a document with no byline
    assert (second.title, second.author, second.source) == ("Insurers count the cost of the Porthaven surge", "",
                                                             "The Evening Courier")
    assert (second.date, second.id, second.record) == (day(2022, 9, 22), "nexis-classic.txt#2", 2)
    assert "LOAD-DATE" not in second.text and "Copyright" not in second.text
    # the document LexisNexis could not give is reported with its number and line; the others are kept
    assert first.meta["_read_warnings"] == [
        "line 81 (document 3): not an article: no date line, labelled lines or text under a headline "
        "('We are sorry but there is an error in this document and i...')"]


def test_a_nexis_uni_download_is_read_as_its_documents_ending_at_end_of_document():
    first, second = articles("nexis-uni.txt")
    # its cover page lists the job and the titles: the first document's headline is its own
    assert first.title == "Ferry services resume after harbour storm damage is cleared"
    assert (first.date, first.date_precision) == (day(2022, 9, 24), "day")
    assert (first.source, first.author, first.lang) == ("The Coast Herald", "Bo Chan", "en")
    assert first.text == ("Ferry sailings from Porthaven resumed on Saturday after divers cleared\ndebris from the "
                          "harbour mouth.\n\nThe operator said the timetable would be back to normal within a week.")
    assert first.meta["graphic"] == "Divers at work in the harbour mouth."
    assert first.meta["subject"] == "FLOODS (90%); FERRIES (88%)" and first.meta["highlight"].startswith("The first")
    assert first.meta["copyright"] == "Copyright 2022 Coast Herald Newspapers Ltd All Rights Reserved"
    assert first.where == "line 18 (document 1)" and first.id == "nexis-uni.txt#1"
    # no byline, and a date with its time: precision kept
    assert (second.title, second.author) == ("Porthaven council orders review of flood gates", "")
    assert (second.date, second.date_precision) == (day(2022, 9, 25, 10, 30), "time")
    assert second.text.startswith("Porthaven council ordered") and second.record == 2


def test_a_factiva_download_with_indexing_is_read_by_its_field_codes():
    first, second = articles("factiva-indexed.txt")
    assert first.title == "Harbour reopens to shipping after week-long clean-up"  # HD over two lines
    assert (first.date, first.date_precision) == (day(2022, 9, 26, 9, 15), "time")  # PD and ET
    assert (first.source, first.author, first.lang) == ("Coast Business Daily", "Cara Diaz", "en")
    assert (first.id, first.record) == ("CBDLY00020220926ei9q00005", 1)  # the accession number (AN)
    assert first.text == ("The port of Porthaven reopened to cargo ships on Monday, a week after a\nstorm surge "
                          "flooded its quays.\n\nHarbour master Dev Patel said the first container ship was "
                          "expected on\nTuesday.\n\nRepairs to the flood gates will take until the spring.")  # LP, TD
    assert first.orgs == ("Porthaven Port Authority",)
    assert first.meta["regions"] == ["United Kingdom", "Europe"] and first.meta["source_code"] == "CBDLY"
    assert first.meta["copyright"] == "(c) 2022 Coast Business Daily. All rights reserved."
    # no byline; a date with its weekday
    assert (second.title, second.author, second.date) == ("Storm recovery fund opens for claims", "", day(2022, 9, 27))
    assert second.id == "EVCOUR0020220927ei9r0000b" and second.where == "line 43 (document 2)"
    assert "AN" not in second.text.split() and "Document" not in second.text


def test_a_factiva_download_of_articles_is_read_article_by_article():
    first, second = articles("factiva-articles.txt")
    assert (first.title, first.author, first.source) == ("Harbour pilots strike over storm pay", "Ed Moss",
                                                         "Coast Business Daily")
    assert (first.date, first.lang, first.id, first.record) == (day(2022, 9, 28), "en", "CBDLY00020220928ei9s00002", 1)
    assert first.text == ("Harbour pilots at Porthaven walked out on Wednesday over pay for the hours\nthey worked "
                          "during last week's storm.\n\nThe port said ships would wait at anchor.")
    assert first.meta == {"words": "112 words", "source_code": "CBDLY",
                          "copyright": "(c) 2022 Coast Business Daily. All rights reserved."}
    assert (second.title, second.author, second.source) == ("Quay shops reopen", "", "The Evening Courier")
    assert second.text == "Shops along the Porthaven quay reopened on Thursday."


@pytest.mark.parametrize("body", [
    "The meeting ended at six.\n\nEnd of Document\n\nThe clerk filed the minutes.\n",
    "HD\nhas nothing to do with this.\n\n1 of 2 DOCUMENTS were signed.\n",
])
def test_a_text_file_that_only_mentions_a_marker_reads_as_one_article_as_before(tmp_path, body):
    f = tmp_path / "minutes.txt"
    f.write_text(f"title: Council minutes\ndate: 2022-09-20\n\n{body}", encoding="utf-8")
    (a,) = read(f, f.name)
    assert (a.title, a.id, a.record) == ("Council minutes", "minutes.txt", None)
    assert a.text == body.strip()


def test_index_then_search_and_show_find_each_article_of_the_downloads(tmp_path):
    corpus = tmp_path / "downloads"
    corpus.mkdir()
    for name in ("factiva-articles.txt", "factiva-indexed.txt", "nexis-classic.txt", "nexis-uni.txt"):
        shutil.copy(EXPORTS / name, corpus)
    index = str(tmp_path / "ix")
    runner = CliRunner()
    done = runner.invoke(cli, ["index", str(corpus), "--index", index, "-j", "1"])
    assert done.exit_code == 0, done.output
    # 2 + 2 + 2 + 2 articles, where there were 4 (one a file); the document LexisNexis could not give is said
    assert done.stdout.startswith("8 added, 0 updated, 0 removed, 0 unchanged, 1 failed")
    assert "nexis-classic.txt: line 81 (document 3): not an article" in done.stderr
    found = runner.invoke(cli, ["search", "Porthaven", "--index", index, "--format", "paths", "--limit", "20"])
    assert sorted(found.stdout.split()) == sorted(
        f"{name}#{n}" for name in ("factiva-articles.txt", "factiva-indexed.txt", "nexis-classic.txt",
                                   "nexis-uni.txt") for n in (1, 2))
    hits = json.loads(runner.invoke(cli, ["search", "insurers", "--index", index, "--format", "json"]).stdout)
    (hit,) = hits["hits"]
    assert (hit["id"], hit["title"], hit["date"][:10]) == ("nexis-classic.txt#2",
                                                      "Insurers count the cost of the Porthaven surge", "2022-09-22")
    shown = json.loads(runner.invoke(cli, ["show", "CBDLY00020220926ei9q00005", "--index", index,
                                           "--format", "json"]).stdout)
    assert (shown["title"], shown["author"], shown["source"]) == (
        "Harbour reopens to shipping after week-long clean-up", "Cara Diaz", "Coast Business Daily")
    assert (shown["path"], shown["record"]) == ("factiva-indexed.txt", 1)
    by_author = runner.invoke(cli, ["search", "author:chan", "--index", index, "--format", "paths"])
    assert by_author.stdout == "nexis-uni.txt#1\n"


def test_a_classic_download_with_headline_and_body_labels_keeps_its_text_and_its_copyright_apart():
    first, second = articles("nexis-classic-body.txt")
    # "HEADLINE:" over two lines is the title; the text after "BODY:" is the text (it was taken as the label's
    # value and lost); the copyright line above the source is not the source
    assert (first.title, first.source, first.author) == ("Storm Hits Coast; Thousands Evacuated", "The Daily Ledger",
                                                         "Ann Lee")
    assert first.text == "The storm reached the coast on Monday.\nPORTHAVEN: More words here."
    assert first.url == "https://www.dailyledger.example/2022/09/20/storm.html"
    assert first.meta["copyright"] == "Copyright 2022 Daily Ledger Company"
    assert first.meta["graphic"] == "Photo: The quay at dawn." and first.meta["edition"] == "Late Edition - Final"
    assert (second.title, second.text, second.date) == ("Cleanup Begins", "Crews began clearing debris.",
                                                        day(2022, 9, 21))


def test_a_nexis_uni_headline_opening_with_a_number_is_no_cover_page(tmp_path):
    f = tmp_path / "nexis.txt"
    f.write_text("10. Things to know about the Porthaven storm\nThe Coast Herald\nSeptember 24, 2022 Saturday\n\n"
                 "Length: 20 words\nByline: Bo Chan\nBody\n\nTen things about the storm.\n\n"
                 "Load-Date: September 25, 2022\n\nEnd of Document\n", encoding="utf-8")
    (a,) = read(f, f.name)
    # it was taken for a cover page's list of titles and left out: the source was the title, and no source
    assert (a.title, a.source, a.author) == ("10. Things to know about the Porthaven storm", "The Coast Herald",
                                             "Bo Chan")
    assert (a.text, a.date) == ("Ten things about the storm.", day(2022, 9, 24))


def test_a_factiva_article_s_section_above_its_headline_is_its_own(tmp_path):
    f = tmp_path / "factiva.txt"
    f.write_text("SE\nBusiness\nHD\nHarbour reopens\nPD\n26 September 2022\nSN\nCoast Business Daily\nTD\n"
                 "Ships returned.\nAN\nDocument CBDLY00020220926ei9q00005\n"
                 "SE\nOpinion\nHD\nLessons of the storm\nPD\n27 September 2022\nSN\nThe Evening Courier\nTD\n"
                 "We were warned.\nAN\nDocument EVCOUR0020220927ei9r0000b\n", encoding="utf-8")
    first, second = read(f, f.name)
    # the section (SE) Factiva writes before the headline went to the article above it, and the first was lost
    assert (first.title, first.meta.get("section"), first.where) == ("Harbour reopens", "Business",
                                                                     "line 1 (document 1)")
    assert (second.title, second.meta.get("section"), second.text) == ("Lessons of the storm", "Opinion",
                                                                       "We were warned.")


def test_a_factiva_article_s_edition_under_its_source_is_not_its_source(tmp_path):
    f = tmp_path / "factiva.txt"
    f.write_text("Harbour pilots strike\nBy Ed Moss, Business Reporter\n112 words\n28 September 2022\n14:05\n"
                 "Coast Business Daily\nFinal\nCBDLY\nEnglish\n(c) 2022 Coast Business Daily.\nAll rights reserved.\n\n"
                 "Pilots walked out.\n\nDocument CBDLY00020220928ei9s00002\nSearch Summary\nText\tpilots\n"
                 "© 2022 Factiva, Inc. All rights reserved.\n", encoding="utf-8")
    (a,) = read(f, f.name)
    # the source was 'Final', its edition; the copyright's second line was dropped
    assert (a.source, a.author, a.lang, a.text) == ("Coast Business Daily", "Ed Moss", "en", "Pilots walked out.")
    assert (a.date, a.date_precision) == (day(2022, 9, 28, 14, 5), "time")
    assert a.meta == {"words": "112 words", "edition": "Final", "source_code": "CBDLY",
                      "copyright": "(c) 2022 Coast Business Daily. All rights reserved."}


@pytest.mark.parametrize("document, end", [
    ("                     The Coast Herald\n\n               September 24, 2022 Saturday\n\nQuay reopens\n\n",
     "LOAD-DATE: September 25, 2022\n"),  # classic
    ("Quay reopens\nThe Coast Herald\nSeptember 24, 2022 Saturday\n\nCopyright 2022 Coast Herald Newspapers Ltd\n\n",
     "Load-Date: September 25, 2022\n\nEnd of Document\n"),  # Nexis Uni
])
def test_a_lexisnexis_document_with_no_labels_over_its_text_keeps_its_text(tmp_path, document, end):
    f = tmp_path / "nexis.txt"
    opening = "                    1 of 1 DOCUMENT\n\n" if end.startswith("LOAD") else ""
    f.write_text(f"{opening}{document}The quay reopened on Saturday.\n\nShops followed.\n\n{end}", encoding="utf-8")
    (a,) = read(f, f.name)
    # its text was read as the head, up to LOAD-DATE: the classic one's title, Nexis Uni's edition; no text
    assert (a.title, a.source, a.date) == ("Quay reopens", "The Coast Herald", day(2022, 9, 24))
    assert a.text == "The quay reopened on Saturday.\n\nShops followed."
    assert a.meta["load_date"] == "September 25, 2022" and "edition" not in a.meta


@pytest.mark.parametrize("name, title, source, author, when, lang, meta", [
    ("nexis-classic-de.txt", "Sturmflut überspült die Hafenmauer von Porthaven", "Der Küstenbote", "Anna Lee",
     day(2022, 9, 20), "de", {"section": "LOKALES; S. 4", "length": "31 Wörter", "load_date": "21. September 2022",
                              "copyright": "Copyright 2022 Küstenbote Verlag GmbH Alle Rechte vorbehalten"}),
    # a German date line, "24. September 2022 Samstag", was read as the cover page's list of titles ("1. ...")
    ("nexis-uni-de.txt", "Fähren fahren wieder nach dem Sturm", "Der Küstenbote", "Bo Chan", day(2022, 9, 24), "de",
     {"section": "REISE", "length": "19 Wörter", "load_date": "25. September 2022", "edition": "Online-Ausgabe",
      "graphic": "Taucher bei der Arbeit in der Fahrrinne."}),
    ("nexis-uni-fr.txt", "Les ferries reprennent après la tempête", "Le Héraut de la Côte", "Bo Chan",
     day(2022, 9, 24), "fr", {"section": "VOYAGES", "length": "19 mots", "load_date": "25 septembre 2022",
                              "graphic": "Des plongeurs au travail dans le chenal."}),
    ("nexis-uni-es.txt", "El consejo revisará las compuertas", "El Correo de la Tarde", "Cara Díaz",
     day(2022, 9, 25, 10, 30), "es", {"section": "NOTICIAS", "length": "12 palabras",
                                      "load_date": "26 de septiembre de 2022"}),
    ("factiva-articles-de.txt", "Hafenlotsen streiken wegen Sturmzulage", "Küstenwirtschaft", "Ed Moss",
     day(2022, 9, 28), "de", {"words": "112 Wörter",
                              "copyright": "(c) 2022 Küstenwirtschaft. Alle Rechte vorbehalten."}),
    ("factiva-articles-fr.txt", "Les pilotes du port en grève", "Le Quotidien des Affaires", "Ed Moss",
     day(2022, 9, 28), "fr", {"words": "98 mots"}),
    ("factiva-articles-es.txt", "Huelga de prácticos en el puerto", "Diario Económico de la Costa", "Ed Moss",
     day(2022, 9, 28), "es", {"words": "104 palabras"}),
])
def test_a_download_made_in_a_german_french_or_spanish_interface_is_read_as_an_english_one(name, title, source,
                                                                                            author, when, lang, meta):
    first = articles(name)[0]
    # it was one article (no "1 of 2 DOCUMENTS" or "End of Document" found), or its labels were its text
    assert (first.title, first.source, first.author, first.date, first.lang) == (title, source, author, when, lang)
    assert first.record == 1 and "Porthaven" in first.text and ":" not in first.text.split("\n")[-1]
    assert {k: first.meta.get(k) for k in meta} == meta


def test_a_german_download_s_second_document_and_an_english_one_s_foreign_words(tmp_path):
    _, second = articles("nexis-classic-de.txt")
    assert (second.title, second.source, second.author, second.record) == (
        "Versicherer zählen die Schäden", "Der Abendkurier", "", 2)
    assert second.text == "Die Versicherer erwarten Schäden von mehr als zwei Millionen Euro."
    # an English download's text may say "Update:": the German label for its load date is read in German ones only
    f = tmp_path / "nexis.txt"
    f.write_text("Quay reopens\nThe Coast Herald\nSeptember 24, 2022 Saturday\n\nLength: 9 words\nBody\n\n"
                 "The quay reopened.\n\nUpdate: shops followed.\n\nLoad-Date: September 25, 2022\n\nEnd of Document\n",
                 encoding="utf-8")
    (a,) = read(f, f.name)
    assert a.text == "The quay reopened.\n\nUpdate: shops followed." and a.meta["load_date"] == "September 25, 2022"


def test_a_label_given_twice_in_a_document_keeps_its_first_value_and_is_said_once(tmp_path):
    corpus = tmp_path / "downloads"
    corpus.mkdir()
    (corpus / "nexis.txt").write_text(
        "                    1 of 2 DOCUMENTS\n\n                    The Coast Herald\n\n"
        "                    September 24, 2022 Saturday\n\nQuay reopens\n\nBYLINE: Ann Lee\n\nBYLINE: Bo Chan\n\n"
        "LENGTH: 9 words\n\nLENGTH: 12 words\n\nLENGTH: 14 words\n\nThe quay reopened.\n\n"
        "LOAD-DATE: September 25, 2022\n\n                    2 of 2 DOCUMENTS\n\n"
        "                    The Coast Herald\n\n"
        "                    September 25, 2022 Sunday\n\nShops reopen\n\nLENGTH: 3 words\n\nLENGTH: 3 words\n\n"
        "Shops reopened.\n\nLOAD-DATE: September 26, 2022\n", encoding="utf-8")
    (corpus / "factiva.txt").write_text(
        "HD\nHarbour reopens\nBY\nBy Cara Diaz\nWC\n74 words\nWC\n80 words\nPD\n26 September 2022\nSN\n"
        "Coast Business Daily\nBY\nBy Dev Patel\nTD\nShips returned.\nAN\nDocument CBDLY00020220926ei9q00005\n",
        encoding="utf-8")
    first, second = read(corpus / "nexis.txt", "nexis.txt")
    # the second was taken silently (LexisNexis) or joined to the first ('74 words 80 words', Factiva)
    assert (first.author, first.meta["length"], second.meta["length"]) == ("Ann Lee", "9 words", "3 words")
    (f,) = read(corpus / "factiva.txt", "factiva.txt")
    assert (f.author, f.meta["words"], f.text) == ("Cara Diaz", "74 words", "Ships returned.")
    done = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix"), "-j", "1"])
    assert done.exit_code == 0, done.output
    said = [line for line in done.stderr.splitlines() if "given again" in line]
    # once a label and document, with the file, the document and both lines; a repeat of the same value is no loss
    assert sorted(said) == sorted([
        "factiva.txt: line 7 (document 1): key 'WC' given again; its first value (line 5) is kept",
        "factiva.txt: line 13 (document 1): key 'BY' given again; its first value (line 3) is kept",
        "nexis.txt: line 11 (document 1): key 'BYLINE' given again; its first value (line 9) is kept",
        "nexis.txt: line 15 (document 1): key 'LENGTH' given again; its first value (line 13) is kept"])


def test_a_nexis_uni_download_whose_first_date_line_does_not_read_keeps_its_cover_page_out(tmp_path):
    f = tmp_path / "nexis.txt"  # a magazine's issue for a date: nothing after the cover page reads as one
    f.write_text((EXPORTS / "nexis-uni.txt").read_text(encoding="utf-8").replace("September 24, 2022 Saturday",
                                                                                 "Autumn 2022"), encoding="utf-8")
    first, second = read(f, f.name)
    # the cover page was the document's head: its edition 'User Name: = Date and Time: = ...', its title the text's
    # first line, no source, and the document said to start at line 1
    assert (first.title, first.source, first.where) == ("Ferry services resume after harbour storm damage is cleared",
                                                        "The Coast Herald", "line 18 (document 1)")
    assert (first.date, first.meta["unparsed_date"], first.meta["edition"]) == (None, "Autumn 2022", "Online Edition")
    assert not any("User Name" in str(v) or "Search Terms" in str(v) for v in first.meta.values())
    assert first.text.startswith("Ferry sailings") and second.title == "Porthaven council orders review of flood gates"


def test_the_interfaces_languages_are_those_whose_language_names_are_read():
    # an export names an article's language in its interface's words ("GERMAN; DEUTSCH", "anglais"): languages.py
    # reads the names in NAMED_IN's languages, for the readers and both engines alike
    from searchidx.ingest.readers.exports.words import FACTIVA, LEXISNEXIS
    from searchidx.languages import NAMED_IN, known_language
    assert {*LEXISNEXIS, *FACTIVA} <= {"en", *NAMED_IN}
    names = ("Deutsch", "anglais", "inglés", "Engels", "engelska")
    assert [known_language(name) for name in names] == ["de", "en", "en", "en", "en"]

