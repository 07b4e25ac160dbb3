"""Everyday query forms against a small fixture, checked by exact article ids.

tests/fixtures/queryforms/articles.jsonl holds 14 articles written so that each form below has one
right answer (protests in and outside Hong Kong, exact phrases beside their stemmed neighbours, one
name spelled two ways).
"""

import json
import unicodedata

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import searchidx

PROTESTS = {"hk-2019", "hk-2020", "paris-2019", "trump-rally", "biden-trail", "judge-2021", "emergency-2020",
            "states-2020", "undated-protest"}


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    index = tmp_path_factory.mktemp("forms") / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([FIXTURES / "queryforms"])
        assert not report.failed, report.failed
        yield idx


def ids(idx, text, **options):
    return {h.id for h in idx.search(text, limit=100, **options).hits}


def test_plain_word_is_the_baseline(forms):
    assert ids(forms, "protest") == PROTESTS


@pytest.mark.parametrize("negated, removed", [
    ('-place:"Hong Kong"', {"hk-2019", "hk-2020"}),
    ('-person:"Donald Trump"', {"trump-rally"}),
    ('-title:"campaign trail"', {"trump-rally", "biden-trail"}),
    ("-date:[2019 TO 2020]", PROTESTS - {"judge-2021", "undated-protest"}),
    ("-date:2019", {"hk-2019", "paris-2019"}),
    ("-(paris OR ohio)", {"paris-2019", "trump-rally"}),
    ('-"state of emergency"', {"emergency-2020"}),
])
def test_minus_excludes_exactly_what_not_excludes(forms, negated, removed):
    assert ids(forms, f"protest {negated}") == PROTESTS - removed
    assert ids(forms, f"protest NOT {negated[1:]}") == PROTESTS - removed


_VALUES = st.sampled_from([
    ("place", "Hong Kong"), ("place", "United States"), ("place", "India"), ("person", "Donald Trump"),
    ("person", "Joe Biden"), ("title", "campaign trail"), ("title", "protest"), ("body", "state of emergency"),
    ("source", "Form Wire"), ("date", "2020"), ("date", "2019-06"), ("place", "Nowhere At All"),
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(["protest", "(said OR spoke)", "court", ""]), fv=_VALUES)
def test_minus_not_and_positive_partition_the_matches(forms, base, fv):
    field, value = fv
    clause = f'{field}:"{value}"'
    every = ids(forms, base)
    minus, not_ = ids(forms, f"{base} -{clause}"), ids(forms, f"{base} NOT {clause}")
    plus = ids(forms, f"{base} {clause}")
    assert minus == not_
    assert minus | plus == every and not (minus & plus)


@pytest.mark.parametrize("text, expected", [
    ('"President of the United States"', {"trump-rally"}),  # not "presiding in the United States"
    ('"state of emergency"', {"emergency-2020"}),  # not "states as an emergency"
    ('"states as an emergency"', {"states-2020"}),
    ('"presiding"', {"judge-2021"}),
    ('title:"campaign trail"', {"trump-rally", "biden-trail"}),
    ('"Erdogan said"', {"erdogan-a"}),  # accents fold inside quotes as everywhere
    ('"STATE OF EMERGENCY"', {"emergency-2020"}),  # so does case
    ('"states emergencies"', {"apart-2021"}),  # its words apart ("the state", "an emergency") do not make
    ('"state of emergency"~3', {"emergency-2020", "apart-2021"}),  # the phrase; with a slop they may stand apart
    ('"fund"', {"apart-2021"}),
    ('"funds"', set()),  # one quoted word is that word, not its stem
])
def test_quotes_mean_these_words_in_this_order(forms, text, expected):
    assert ids(forms, text) == expected


def test_a_phrase_with_a_slop_finds_its_words_as_written_where_they_stand_together(tmp_path):
    """'"state emergency"~3' found an article whose "states of emergencies" matched the stemmed phrase while
    "state" and "emergency" as written stood sentences apart: the as-written check looked for each word
    anywhere in the article, not in the words the phrase matched."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "apart.txt").write_text(
        "title: Budget\n\nOfficials declared states of emergencies in the north on Monday. The state budget was "
        "cut by ministers after long talks with unions and several regional leaders over many weeks. An emergency "
        "meeting followed later.\n", encoding="utf-8")
    (corpus / "near.txt").write_text("title: Flood\n\nThe state declared an emergency after the flood.\n",
                                     encoding="utf-8")
    (corpus / "title.txt").write_text("title: States of emergencies, and a state that fears an emergency\n\n"
                                      "Nothing here.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert ids(idx, '"state emergency"~3') == {"near.txt", "title.txt"}
        assert ids(idx, '"states emergencies"~3') == {"apart.txt", "title.txt"}
        assert ids(idx, 'title:"state emergency"~2') == {"title.txt"}  # "state that fears an emergency"
        assert ids(idx, '"state emergency"~30') == {"near.txt", "apart.txt", "title.txt"}  # 25 words apart


def test_a_phrase_of_three_words_finds_them_side_by_side_not_its_pairs_apart(tmp_path):
    """'"European Central Banks"' found an article writing "European Central Bank" (the stemmed phrase) and,
    later, "central banks": each pair of neighbours was there as written, but never the three together."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "bank.txt").write_text("title: Rates\n\nThe European Central Bank raised rates. Other central banks "
                                     "waited.\n", encoding="utf-8")
    (corpus / "banks.txt").write_text("title: Rates two\n\nThe European central banks met.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert ids(idx, '"European Central Banks"') == {"banks.txt"}
        assert ids(idx, '"European Central Bank"') == {"bank.txt"}
        assert ids(idx, '"the European Central Bank raised"') == {"bank.txt"}  # stop words are not counted


@pytest.mark.parametrize("text", ["Erdoğan", '"Erdoğan visits"', "title:Erdoğan", "Erdoğ*"])
def test_text_with_accents_as_combining_marks_finds_what_the_composed_text_does(forms, text):
    """'Erdoğan' typed or pasted decomposed (g and a combining breve, as macOS file names and some
    editors write it) found nothing: the articles are indexed composed (NFC), the query was not."""
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text and ids(forms, decomposed) == ids(forms, text) != set()


@pytest.mark.parametrize("narrowing", ['place:"United States"', "--place", '-place:"Hong Kong"', "NOT paris", "-paris"])
def test_a_filter_or_exclusion_beside_plain_words_leaves_their_matching_alone(forms, narrowing):
    words = "state emergency declared"  # three plain words: an article may miss one of them
    alone = [(h.id, h.score) for h in forms.search(words, limit=100).hits]
    if narrowing == "--place":
        allowed, narrowed = ids(forms, "", place=["United States"]), forms.search(words, place=["United States"])
    else:
        allowed, narrowed = ids(forms, narrowing), forms.search(f"{words} {narrowing}", limit=100)
    assert [(h.id, h.score) for h in narrowed.hits] == [(i, score) for i, score in alone if i in allowed]


def test_words_joined_by_a_typed_and_must_all_be_there(forms):
    everything = {"emergency-2020", "apart-2021"}  # states-2020 has no "declared"
    assert ids(forms, "state AND emergency AND declared") == ids(forms, "state && emergency && declared") == everything
    assert ids(forms, "state emergency declared") > everything | {"states-2020"}  # plain words: any of them


def test_unquoted_words_still_match_their_stems(forms):
    assert {"judge-2021", "trump-rally"} <= ids(forms, "presiding")
    assert {"emergency-2020", "states-2020"} <= ids(forms, "state emergency")


@pytest.mark.parametrize("text, line", [
    ("protest -place:China", "mask:   place:China (unscored)"),
    ("protest -date:2019", "mask:   date_parts:y2019 (unscored)"),
    ("NOT place:China", "mask:   place:China (unscored)"),
    ("protest place:India", "filter: place:India (unscored)"),
    ('-"state of emergency"', 'body:"state emerg" (as written: state emergency)'),
    # what really scores: the proximity bonus's body phrase, its slop and boost; the title field's weight
    ("state emergency", 'bonus:  (body:"state emerg"~6^2 OR (title:state AND title:emerg)^2) (re-scores the top 100)'),
    ("protest", "weight: title x2.5 (a word's score in the title, against the body's)"),
    ("protest^3", "scored: (title:protest OR body:protest)^3"),
    ("title:protest*^2", "scored: title:protest*^2"),  # the pattern's boost scored, and was not shown
    ("title:prot?st^3", "scored: title:prot?st^3"),
])
def test_explain_describes_negated_and_unscored_parts(forms, text, line):
    assert line in forms.search(text, explain=True).explain


@pytest.mark.parametrize("grouped", [
    '(protest place:"Hong Kong") OR zebra',
    "(protest date:2019) OR zebra",
    "(protest source:\"Form Wire\" year:2020) OR zebra",
    '(protest -place:"Hong Kong") OR zebra',
    "(protest NOT paris) OR zebra",
    '(protest -date:2020 -person:"Joe Biden") OR zebra',
])
def test_filters_and_exclusions_inside_a_group_leave_scores_alone(forms, grouped):
    # Outside a group these parts are filters and masks; inside one they are part of the scored query,
    # and must still add nothing to a score (each added 1.0).
    plain = {h.id: h.score for h in forms.search("protest", limit=100).hits}
    found = {h.id: h.score for h in forms.search(grouped, limit=100).hits}
    assert found and found == {i: plain[i] for i in found}


def test_names_that_fold_alike_are_one_entity(forms):
    people = {f.value: f.count for f in forms.search("", facets=["person"], limit=0).facets["person"]}
    assert people == {"Recep Tayyip Erdogan": 2, "Narendra Modi": 2, "Donald Trump": 1, "Joe Biden": 1}
    for spelling in ("Recep Tayyip Erdoğan", "RECEP TAYYIP ERDOGAN", "recep tayyip erdogan"):
        assert ids(forms, "", person=[spelling]) == {"erdogan-a", "erdogan-b"}


def test_a_given_name_alone_is_the_articles_full_name():
    from searchidx.config import load_settings
    from searchidx.enrich.aliases import load_registry
    from searchidx.enrich.rules import RuleExtractor

    extract = RuleExtractor(load_registry(load_settings().entity_files)).extract
    found = extract("", "The Prime Minister of India Narendra Modi met farmers. Narendra said talks would go on.")
    assert found["person"] == ["Narendra Modi"] and found["place"] == ["India"]
    found = extract("", "Turkish President Recep Tayyip Erdoğan spoke. Recep Tayyip Erdogan left.")
    assert len(found["person"]) == 1


@pytest.mark.parametrize("value, expected, warning", [
    ("Erdogan", {"erdogan-a", "erdogan-b"}, None),  # a surname names one indexed person
    ("Biden", {"biden-trail"}, None),
    ("Narendra", {"modi-a", "modi-b"}, None),  # so does a given name, when nothing ends with it
    ("Lutsevych", set(), "person 'Lutsevych' matches no indexed name"),
    ("Narendra Mody", set(), "person 'Narendra Mody' matches no indexed name; nearest: Narendra Modi"),
    # a surname misspelt alone is near a surname, not a whole name: it had no nearest name
    ("Erdogn", set(), "person 'Erdogn' matches no indexed name; nearest: Recep Tayyip Erdogan"),
    ("Bidn", set(), "person 'Bidn' matches no indexed name; nearest: Joe Biden"),
    # surname first, as a catalogue writes it: no nearest name was said
    ("Modi, Narendra", set(), "person 'Modi, Narendra' matches no indexed name; 'Narendra Modi' does: give the name "
                              "as articles write it, not surname first"),
    # a name is matched whole: a pattern is said to be none (it was 'matches no indexed name', no why)
    ("Erdo*", set(), "person 'Erdo*' matches no indexed name: names take no wildcards (* or ?); a surname or "
                     "given name alone finds the full name"),
    # a name in quotes (a web form's person field typed as query text, a value quoted twice in a shell or a
    # YAML file) matched no name: 'nearest: Recep Tayyip Erdogan'
    ('"Recep Tayyip Erdogan"', {"erdogan-a", "erdogan-b"}, None),
    ("'Erdogan'", {"erdogan-a", "erdogan-b"}, None),
    ("\u201cNarendra Modi\u201d", {"modi-a", "modi-b"}, None),
])
def test_entity_filter_values_resolve_or_say_why_not(forms, value, expected, warning):
    res = forms.search("", person=[value], limit=100)
    assert {h.id for h in res.hits} == expected
    assert res.warnings == ([warning] if warning else [])


def test_a_value_that_matches_nothing_is_said_on_stderr(tmp_path):
    from click.testing import CliRunner

    from searchidx.cli import cli

    index = tmp_path / "ix"
    runner = CliRunner()
    assert runner.invoke(cli, ["index", str(FIXTURES / "queryforms"), "--index", str(index), "-j", "1"]).exit_code == 0
    res = runner.invoke(cli, ["search", "--index", str(index), "--person", "Trump", "--person", "Lutsevych",
                              "--format", "jsonl"])
    assert res.exit_code == 0
    assert "warning: person 'Lutsevych' matches no indexed name" in res.stderr
    assert [line for line in res.stdout.splitlines() if '"trump-rally"' in line]
    res = runner.invoke(cli, ["entities", "--index", str(index), "--person", "Nobody Atall"])
    assert "warning: person 'Nobody Atall' matches no indexed name" in res.stderr


def test_an_ampersand_in_a_name_is_and(tmp_path):
    """'Standard & Poor's' and 'Standard and Poor's' are one organisation: a filter written either way finds
    both, and the facet counts them once (the '&' spelling matched nothing, with only a 'nearest' hint)."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n, org in enumerate(("Standard & Poor's Corp", "Standard and Poor's Corp", "Standard and Poor's Corp")):
        (corpus / f"{n}.txt").write_text(f"title: T{n}\norgs: {org}\n\nA rating.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        for typed in ("Standard & Poor's Corp", "standard and poor's corp", "STANDARD&POOR'S CORP"):
            res = idx.search("", org=typed)
            assert (res.total, res.warnings) == (3, []), typed
        assert [(f.value, f.count) for f in idx.facets("org")["org"]] == [("Standard and Poor's Corp", 3)]


def test_a_name_part_of_several_names_is_worded_for_every_caller(tmp_path):
    """The library, saved queries and the web page carry the warning too: it names no CLI option."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for n, who in enumerate(("George Bush", "George W Bush")):
        (corpus / f"{n}.txt").write_text(f"title: T{n}\npeople: {who}\n\nA speech.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        assert idx.search("", person="Bush").warnings == [
            "person 'Bush' is part of 2 indexed names: George Bush, George W Bush; give the full name "
            "(several names, each given on its own, find any of them)"]


@pytest.mark.parametrize("people, match, expected", [
    (["Donald Trump", "Joe Biden"], "any", {"trump-rally", "biden-trail"}),
    (["Donald Trump", "Joe Biden"], "all", set()),
    (["Donald Trump"], "all", {"trump-rally"}),
])
def test_repeated_filters_mean_any_unless_asked_for_all(forms, people, match, expected):
    assert ids(forms, "", person=people, match=match) == expected
    assert ids(forms, "", person=people, place=["United States"], match=match) == expected


@pytest.mark.parametrize("text, message", [
    ('"oil prices"~1000', "~1000 is too far apart: at most ~100 words"),
    ("(" * 250 + "protest" + ")" * 250, "too deeply nested"),
    ("-(" * 300 + "protest" + ")" * 300, "too deeply nested"),
    ("-" * 300 + "protest", "two minuses: to leave protest out write -protest"),
    ("!!! ### %%%", "nothing to search"),
    ("\x00\x00", "nothing to search"),
    ("the of and", "nothing to search"),
    # a wildcard beside no letter or digit answered 'No articles match' with no word
    ("😀*", "a wildcard needs a letter or digit beside it"),
    ("protest title:€?", "a wildcard needs a letter or digit beside it"),
    ('date:"last 100000000 days"', "too far from today"),
])
def test_hostile_or_empty_queries_explain_themselves(forms, text, message):
    from searchidx.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match=message):
        forms.search(text)


def test_boosts_and_slop_are_read_not_searched_for(forms):
    plain = {h.id: h.score for h in forms.search("protest", limit=100).hits}
    boosted = {h.id: h.score for h in forms.search("protest^2", limit=100).hits}
    assert boosted.keys() == plain.keys() == PROTESTS
    assert all(boosted[i] == pytest.approx(2 * plain[i], abs=2e-4) for i in plain)  # scores are rounded
    assert ids(forms, '"protest over relief"~1') == {"emergency-2020"}
    assert ids(forms, '"state emergency"~2^3') == {"emergency-2020", "apart-2021"}


@pytest.mark.parametrize("phrase", ['title:"campaign trail"', 'body:"held a rally"', 'title:"the campaign"'])
def test_a_boosted_phrase_in_one_field_counts_that_many_times(forms, phrase):
    """title:"campaign trail"^3 stopped with AttributeError: the as-written check around a field's phrase
    has no boost of its own."""
    plain = {h.id: h.score for h in forms.search(phrase, limit=100).hits}
    boosted = {h.id: h.score for h in forms.search(f"{phrase}^3", limit=100).hits}
    assert boosted.keys() == plain.keys() and plain
    assert all(boosted[i] == pytest.approx(3 * plain[i], abs=3e-4) for i in plain)


@pytest.mark.parametrize("periods, dates", [
    ("year:>2019", "date:>2019"), ("year:2019..2020", "date:2019..2020"), ("month:<=2020-05", "date:<=2020-05"),
])
def test_a_range_of_years_or_months_is_that_range_of_dates(forms, periods, dates):
    assert ids(forms, f"protest {periods}") == ids(forms, f"protest {dates}") != set()


def test_dates_at_the_ends_of_the_calendar(forms):
    assert ids(forms, "protest", until="9999") == PROTESTS - {"undated-protest"}
    assert ids(forms, "protest date:[0001 TO 9999]") == PROTESTS - {"undated-protest"}
    from searchidx.errors import DateFilterError
    with pytest.raises(DateFilterError, match="^since 'last 100000000 days': too far from today"):
        forms.search("protest", since="last 100000000 days")


def test_many_words_compile_to_a_query_that_grows_with_them_not_their_square(forms):
    from searchidx.search.compile import compile_query
    from searchidx.search.query import Query

    words = " ".join(f"w{i}x" for i in range(300)) + " protest"
    with forms.engine.require().searcher() as s:
        compiled = compile_query(s, forms.registry, Query(q=words))
        assert len(list(compiled.scored.iter_all_terms())) <= 4 * 301
    assert ids(forms, words) == PROTESTS  # any of the words will do


def test_wildcards_that_stand_for_too_many_words_are_refused(forms, monkeypatch):
    from searchidx.errors import QuerySyntaxError
    from searchidx.search import compile as compile_module

    assert ids(forms, "prot*") == PROTESTS
    monkeypatch.setattr(compile_module, "MAX_EXPANSIONS", 5)
    with pytest.raises(QuerySyntaxError, match="'\\*e\\*' stands for more than 5 words"):
        forms.search("*e*")


def test_wildcards_fold_accents_and_case_as_words_do(tmp_path):
    (tmp_path / "c").mkdir()
    article = {"id": "zurich", "title": "Bank in Zürich", "body": "A Zürich bank said profits rose."}
    (tmp_path / "c" / "a.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text in ("Zürich", "zurich", "Zür*", "ZÜR*", "zur*", "Zür?ch", "title:Zü*"):
            assert ids(idx, text) == {"zurich"}, text


def test_wildcards_find_british_spellings_indexed_in_us_spelling(tmp_path):
    """Words are indexed US-spelled ("harbour" as "harbor"): a British wildcard looks for both forms,
    while a short beginning stays as typed ("gre*" could be "grey*", but "gra*" would add "grand")."""
    (tmp_path / "c").mkdir()
    articles = [{"id": "port", "title": "Port news", "body": "The harbour was busy; the fair was organised."},
                {"id": "flag", "title": "Flags", "body": "The colours were bright."},
                {"id": "grant", "title": "Grant", "body": "A grand grant."},
                {"id": "hall", "title": "Hall", "body": "The centre opened."},
                {"id": "party", "title": "Party", "body": "A centennial party."}]
    (tmp_path / "c" / "a.jsonl").write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text in ("harbour*", "harbor*", "harbou*", "organis*", "organiz*", "title:news harbour*"):
            assert ids(idx, text) == {"port"}, text
        for text in ("colour*", "colou*", "color*", "colourful* OR colours"):
            assert ids(idx, text) == {"flag"}, text
        assert ids(idx, "gre* OR grant") == {"grant"}
        assert ids(idx, "centr*") == {"hall"}  # "center*", not "cente*" (centennial)


def test_a_wildcard_marks_in_the_snippet_the_words_it_matched(tmp_path):
    """A wildcard matches indexed stems ("referred" is indexed as "referr", which "refer*" reaches, but
    whose stem is not "refer"): the snippet marks each word whose stem the pattern matches."""
    (tmp_path / "c").mkdir()
    body = ("Officials met on Monday. " * 30 + "The proposal has been referred to its board, and the "
            "harbour authority organised a vote.")
    (tmp_path / "c" / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Offer", "body": body}) + "\n",
                                           encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text, word in (("refer*", "referred"), ("ref?rr*", "referred"), ("harbour*", "harbour"),
                           ("organis*", "organised")):
            hit = idx.search(text).hits[0]
            assert word in [hit.snippet[a:b] for a, b in hit.highlights], (text, hit.snippet)


def test_a_quoted_phrase_marks_in_the_snippet_only_the_words_it_matched(tmp_path):
    """Quotes turn stemming off: the snippet marks "presiding", not "President" or "presided" (the same
    stem), and a phrase's words where they stand together, not "States" elsewhere in the passage."""
    (tmp_path / "c").mkdir()
    body = ("The United States said on Monday that a state of emergency began. The President, who presided "
            "last year, was presiding over the session. States and the emergency services were told. "
            "U.S. trade fell.")
    (tmp_path / "c" / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Session", "body": body}) + "\n",
                                           encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text, marked in (('"presiding"', ["presiding"]), ('"state of emergency"', ["state", "emergency"]),
                             ('"state of emergency" presiding',
                              ["state", "emergency", "president", "presided", "presiding"]),
                             ('"state emergency"~3', ["state", "emergency", "emergency"]),
                             ('"US trade"', ["u.s.", "trade"])):
            hit = idx.search(text).hits[0]
            assert [hit.snippet[a:b].lower() for a, b in hit.highlights] == marked, (text, hit.snippet)


def test_a_word_then_a_star_finds_at_least_what_the_word_finds(tmp_path):
    """Indexed words are stems ("running" is indexed as "runn"), which no prefix "running" reaches: the
    word before the * is also matched as a plain word is. Other patterns stay letter by letter."""
    (tmp_path / "c").mkdir()
    articles = [{"id": "race", "title": "Race", "body": "She was running in the marathon."},
                {"id": "runner", "title": "Result", "body": "The runners crossed the line."},
                {"id": "vote", "title": "Vote", "body": "The elections were held."},
                {"id": "study", "title": "Science", "body": "New studies appeared."}]
    (tmp_path / "c" / "a.jsonl").write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for word in ("running", "Running", "elections", "studies", "runners"):
            assert ids(idx, f"{word}*") == ids(idx, word) != set(), word
        assert ids(idx, "runn*") == {"race", "runner"}  # a beginning: every word that starts so
        assert ids(idx, "title:race running*") == {"race"}
        assert ids(idx, "runnin?") == set()  # a ? stands for one letter: no plain word in it
        explained = idx.search("running*", explain=True).explain
        assert "scored: ((title:running* OR title:runn) OR (body:running* OR body:runn))" in explained


@pytest.mark.parametrize("text", ["protest kind:Article", "protest kind:ARTICLE", "protest kind:article"])
def test_kind_in_the_query_text_is_matched_as_the_option_is(forms, text):
    assert ids(forms, text) == ids(forms, "protest", kind=["article"]) == PROTESTS


def test_a_search_past_its_time_budget_is_stopped(forms, monkeypatch):
    from searchidx.errors import SearchTimeout
    from searchidx.search import collect as searcher_module

    monkeypatch.setattr(searcher_module, "TIME_LIMIT_S", 0.0)
    monkeypatch.setattr(searcher_module, "CLOCK_EVERY", 1)
    with pytest.raises(SearchTimeout, match="stopped after 0 s"):
        forms.search("protest")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.sampled_from(list("abcé AZ.'’-\n") + ["the ", "of ", "U.S. ", "colour ", "Zürich "]),
                max_size=40).map("".join))
def test_exact_words_and_hashes_do_not_depend_on_what_was_analysed_before(text):
    """Writing an article hands the exact-word column the words its analyzer just read: they must be
    the words, and the hashes the CRC-32s of "tag\\x1fword" and "tag\\x1fword next", that a phrase
    query computes from scratch (the column's on-disk meaning)."""
    import zlib

    from searchidx.index import analysis

    analysis._recent_words.clear()
    fresh = analysis.exact_words(text)
    list(analysis.news_analyzer()(text, positions=True))
    assert analysis.exact_words(text) == fresh
    keys = [f"b\x1f{w}" for w in fresh] + [f"b\x1f{a} {b}" for a, b in zip(fresh, fresh[1:])]
    assert analysis.exact_hashes("b", fresh) == {zlib.crc32(k.encode()) for k in keys}


@pytest.mark.parametrize("text, expected", [
    ("id:hk-*", {"hk-2019", "hk-2020"}),  # the ids of one feed or file, as a prefix
    ("id:*-2020", {"hk-2020", "emergency-2020", "states-2020"}),
    ("id:erdogan-?", {"erdogan-a", "erdogan-b"}),
    ("protest id:*-2019", {"hk-2019", "paris-2019"}),
    ('id:"hk-*"', set()),  # quoted: the characters themselves, which no id holds
    ("id:hk-2019", {"hk-2019"}),
])
def test_an_id_pattern_matches_the_ids_it_fits(forms, text, expected):
    """A * or ? in an id matched nothing, silently: the pattern was looked up as one whole id."""
    assert ids(forms, text) == expected


def test_an_id_pattern_that_fits_too_many_ids_is_refused_with_the_reason(forms, monkeypatch):
    from searchidx.errors import QuerySyntaxError
    from searchidx.search import compile as compile_module

    monkeypatch.setattr(compile_module, "MAX_EXPANSIONS", 3)
    with pytest.raises(QuerySyntaxError, match=r"'\*-2\*' stands for more than 3 words"):
        forms.search("id:*-2*")


def test_an_exclusion_inside_a_group_drops_the_first_match_too(tmp_path):
    """Whoosh's AND NOT kept the first article of its positive side whenever the excluded side matched an
    earlier article first: ``(opec -oil) OR gold`` found 'both' (OPEC and oil), and ``day:2020-01-01``
    (the day without the articles dated only to its year or month) the article dated only to 2020."""
    rows = [("oil-only", "2020-03", "Oil tanker", "An oil tanker docked."),           # excluded side first
            ("both", "2020", "OPEC and oil", "OPEC ministers talked about oil."),     # positive side's first
            ("opec-only", "2020-02-03", "OPEC quota", "OPEC ministers set a quota.")]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notes.jsonl").write_text("".join(
        json.dumps({"id": i, "date": d, "title": t, "body": b, "source": "Desk"}) + "\n" for i, d, t, b in rows))
    with searchidx.open_index(tmp_path / "index") as idx:
        idx.update([tmp_path / "corpus"])
        assert ids(idx, "(opec -oil) OR gold") == {"opec-only"}
        assert ids(idx, "(opec NOT oil) OR gold") == ids(idx, "opec -oil") == {"opec-only"}
        assert ids(idx, "day:2020-01-01") == set()
        assert ids(idx, "(day:2020-01-01 OR day:2020-03-01) OR gold") == set()
        assert ids(idx, "date:2020") == {"both", "opec-only", "oil-only"}


def test_the_names_a_value_could_mean_are_shown_most_named_first(tmp_path):
    """'Reagn' named 'Reagans, Donald Regan, Nancy Reagan' as nearest, in alphabetical order cut at three:
    Ronald Reagan, in 89 of the dev corpora's articles, was the fourth and not shown. 'Baker', part of
    several names, listed the first five alphabetically."""
    people = ["Ronald Reagan"] * 4 + ["Nancy Reagan", "Donald Regan", "Reagans"] + ["Howard Baker"] * 3 + [
        "Abe Baker", "Bea Baker", "Cy Baker", "Di Baker", "Ed Baker"]
    (tmp_path / "people.jsonl").write_text("".join(
        json.dumps({"id": f"a{n}", "title": f"Budget talks {n}", "body": "Talks went on.", "date": "1987-03-02",
                    "people": name}) + "\n" for n, name in enumerate(people)), encoding="utf-8")
    with searchidx.open_index(tmp_path / "index") as idx:
        assert not idx.update([tmp_path / "people.jsonl"]).failed
        assert idx.search(person="Reagn").warnings == [
            "person 'Reagn' matches no indexed name; nearest: Ronald Reagan, Donald Regan, Nancy Reagan"]
        assert idx.search(person="Baker").warnings[0].startswith(
            "person 'Baker' is part of 6 indexed names: Howard Baker, Abe Baker, Bea Baker, Cy Baker, Di Baker, …")
        # a surname shared by several, also a given name: every name it is part of is listed, not the surnames
        # alone ("Howard" named Abe Howard and Bo Howard, and not Howard Baker, in three articles)
        (tmp_path / "more.jsonl").write_text("".join(
            json.dumps({"id": f"h{n}", "title": "Talks", "body": "Talks went on.", "people": name}) + "\n"
            for n, name in enumerate(["Abe Howard", "Bo Howard"])), encoding="utf-8")
        assert not idx.update([tmp_path / "people.jsonl", tmp_path / "more.jsonl"]).failed
        assert idx.search(person="Howard").warnings[0].startswith(
            "person 'Howard' is part of 3 indexed names: Howard Baker, Abe Howard, Bo Howard; give the full name")


def test_a_surname_a_registry_alias_reads_as_one_person_names_the_others(tmp_path):
    """The shipped registry reads 'Baker' as James Baker: --person Baker found his articles alone, saying
    nothing of Howard Baker's, which the index holds too."""
    (tmp_path / "people.jsonl").write_text("".join(
        json.dumps({"id": f"a{n}", "title": "Talks", "body": "Talks went on.", "people": name}) + "\n"
        for n, name in enumerate(["James Baker", "Howard Baker", "Howard Baker"])), encoding="utf-8")
    with searchidx.open_index(tmp_path / "index") as idx:
        assert not idx.update([tmp_path / "people.jsonl"]).failed
        res = idx.search(person="Baker")
        assert [h.id for h in res.hits] == ["a0"]  # the registry's reading stands
        assert res.warnings == ["person 'Baker' is read as 'James Baker' (a registry alias); the index also holds "
                                "Howard Baker: give the full name to find another"]
        assert idx.search(person="James Baker").warnings == []  # a full name is no surname alias
        # the person the alias names in over four times as many articles is the one meant ("Trump")
        (tmp_path / "more.jsonl").write_text("".join(
            json.dumps({"id": f"b{n}", "title": "Talks", "body": "Talks went on.", "people": "James Baker"}) + "\n"
            for n in range(8)), encoding="utf-8")
        assert not idx.update([tmp_path / "people.jsonl", tmp_path / "more.jsonl"]).failed
        assert idx.search(person="Baker").warnings == []


def test_or_and_not_in_lowercase_are_said_to_be_words(forms):
    """'protest or zebra' found the articles holding both words and 'protest not paris' those naming Paris
    (the lowercase words are stop words, not operators), with no word why; either engine now says so."""
    from searchidx.opensearch.dsl import compile_dsl

    said = {"or": "'or' in lowercase is an ordinary word, too common to be searched: write OR to find either side",
            "not": "'not' in lowercase is an ordinary word, too common to be searched: write NOT to leave out "
                   "what follows"}
    for text, words, word in (("protest or zebra", "protest zebra", "or"), ("protest not paris", "protest paris",
                                                                              "not")):
        res = forms.search(text, limit=100)
        assert said[word] in res.warnings and ids(forms, text) == ids(forms, words)
        assert said[word] in compile_dsl(searchidx.Query(q=text), forms.registry, None, frozenset()).warnings
    # beside a phrase too: 'opec or "oil prices"' (the phrase was blanked out before looking, so the 'or' stood
    # before nothing, and nothing was said)
    for text in ('protest or "state of emergency"', '"Hong Kong" or protest', '\u00abHong Kong\u00bb not protest'):
        assert [w for w in forms.search(text).warnings if "lowercase" in w], text
    for text, literal in (("protest OR zebra", False), ('"protest or zebra"', False), ("protest or zebra", True)):
        res = forms.search(searchidx.Query(q=text, literal=literal), limit=100)
        assert not [w for w in res.warnings if "lowercase" in w], text


def test_explain_says_when_feedback_reranks(forms):
    """--explain said nothing of --feedback, though it re-scores the best hits ('every weight that scores')."""
    line = ("feedback: re-ranks the top 100 with the 10 words most telling of the top 10 (together x0.3 of the "
            "query's score)")
    assert line in forms.search("protest", feedback=True, explain=True).explain.splitlines()
    for options in ({}, {"feedback": True, "sort": "newest"}):  # not asked for, or of no use sorted by date
        assert "feedback" not in forms.search("protest", explain=True, **options).explain


def test_a_surname_after_arabic_article_or_a_middle_name_alone_finds_the_full_name(tmp_path):
    """On the Wikinews dev set '--person Assad' said "matches no indexed name; nearest: Bashar al-Assad" and
    found nothing, and '--person Lopez' (Andrés Manuel López Obrador) or 'Tayyip' matched no name at all: a
    name part was looked for only at a name's ends, words split by spaces alone."""
    people = ["Bashar al-Assad", "Bashar al-Assad", "Andrés Manuel López Obrador", "Recep Tayyip Erdogan",
              "Mahdi al-Muhandis", "Adil Abdul-Mahdi", "Abdel Fattah el-Sisi", "Abdel Fattah al-Sisi"]
    (tmp_path / "people.jsonl").write_text("".join(
        json.dumps({"id": f"a{n}", "title": "Talks", "body": "Talks went on.", "people": name}) + "\n"
        for n, name in enumerate(people)), encoding="utf-8")
    with searchidx.open_index(tmp_path / "index") as idx:
        assert not idx.update([tmp_path / "people.jsonl"]).failed
        for typed, expected in [("Assad", {"a0", "a1"}), ("al-Assad", {"a0", "a1"}), ("Lopez", {"a2"}),
                                ("López Obrador", {"a2"}), ("Tayyip", {"a3"}),
                                ("Mahdi", {"a4"}),  # his given name, before a part of Adil Abdul-Mahdi's
                                ("Muhandis", {"a4"})]:
            res = idx.search(person=typed, limit=10)
            assert ({h.id for h in res.hits}, res.warnings) == (expected, []), typed
        assert idx.search(person="Sisi").warnings == [
            "person 'Sisi' is part of 2 indexed names: Abdel Fattah al-Sisi, Abdel Fattah el-Sisi; give the full "
            "name (several names, each given on its own, find any of them)"]


def test_typographic_ligatures_are_their_letters(tmp_path):
    """Text from PDFs holds ligatures (pdftotext writes 'ﬁnance', 'ﬂood'): 'finance' found no such article,
    and the article was found only by a query typed with the ligature itself."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "pdf.txt").write_text("title: The \ufb01nance ministers meet\n\nA \ufb02ood of o\ufb00ers, "
                                    "e\ufb03cient and ba\ufb04ing.\n", encoding="utf-8")
    (corpus / "plain.txt").write_text("title: Other news\n\nNothing of that here.\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([corpus])
        for typed in ("finance", "\ufb01nance", '"finance ministers"', "title:finance", "flood", "offers",
                      "efficient", "baffling", "fin*"):
            assert ids(idx, typed) == {"pdf.txt"}, typed
        hit = idx.search("finance").hits[0]
        assert hit.marked_title("[", "]") == "The [\ufb01nance] ministers meet"


def test_the_snippet_marks_words_whose_stem_or_spelling_begins_otherwise(tmp_path):
    """The snippet marked only words whose first three letters were those of a query term's stem: 'gas' is
    indexed as 'ga', 'died' as 'di', 'May' as 'mai', 'days' as 'dai' (Porter's y to i), and 'grey' as 'gray'
    (US spelling), so 'searchidx search gas' on the Reuters dev index showed its hits' leads and titles with
    nothing marked, as if they had matched by nothing they showed."""
    (tmp_path / "c").mkdir()
    articles = [
        {"id": "gas", "title": "Gas prices rise", "body": "Natural gas prices rose on Monday, traders said."},
        {"id": "died", "title": "Two died in floods", "body": "Two people died when the river rose."},
        {"id": "may", "title": "Vote set for May", "body": "The vote is in May, after three days of talks."},
        {"id": "grey", "title": "Grey market grows", "body": "The grey market for chips grew, and sceptical "
                                                            "buyers waited. Its tyres were worn."},
    ]
    (tmp_path / "c" / "a.jsonl").write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text, article, body_words, title_words in (
                ("gas", "gas", ["gas"], ["Gas"]),
                ("died", "died", ["died"], ["died"]),
                ("may", "may", ["May"], ["May"]),
                ("day", "may", ["days"], []),
                ("grey", "grey", ["grey"], ["Grey"]),
                ("gray", "grey", ["grey"], ["Grey"]),
                ("skeptical", "grey", ["sceptical"], []),
                ("tires", "grey", ["tyres"], []),
                ('"sceptical buyers"', "grey", ["sceptical", "buyers"], []),
                ('"skeptical buyers"', "grey", ["sceptical", "buyers"], []),
        ):
            hits = idx.search(text).hits
            assert [h.id for h in hits] == [article], text
            hit = hits[0]
            assert [hit.snippet[a:b] for a, b in hit.highlights] == body_words, (text, hit.snippet)
            assert [hit.title[a:b] for a, b in hit.title_highlights] == title_words, (text, hit.title)


def test_a_word_written_in_parts_is_marked_where_its_parts_stand_together(tmp_path):
    """'pre-war', '11.3' and 'e-mail' are searched as their parts side by side (a phrase), but the snippet
    marked each part wherever it stood: searching '11.3' on the Reuters dev index marked the 11 of '11.7'
    and the 3 of '33.3' beside the 11.3 that matched, and 'pre-war' every 'war' of the passage."""
    (tmp_path / "c").mkdir()
    body = ("The war ended in May. Output rose 11.3 pct against 11.7 pct, and 33.3 pct of firms said so. "
            "The pre-war level was not reached; the war years were hard. Send an e-mail, not a mail.")
    (tmp_path / "c" / "a.jsonl").write_text(json.dumps({"id": "a", "title": "Pre-war output", "body": body}) + "\n",
                                           encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([tmp_path / "c"])
        for text, marked, title in (("11.3", ["11", "3"], []), ("pre-war", ["pre", "war"], ["Pre", "war"]),
                                    ("e-mails", ["e", "mail"], []), ("title:pre-war", [], ["Pre", "war"]),
                                    ("11.3 years", ["11", "3", "years"], [])):
            hit = idx.search(text).hits[0]
            assert [hit.snippet[a:b] for a, b in hit.highlights] == marked, (text, hit.snippet)
            assert [hit.title[a:b] for a, b in hit.title_highlights] == title, text
