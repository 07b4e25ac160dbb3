"""Letters fold as a reader types them (index/folding.py): ß as ss, æ as ae, Greek without its accents,
Cyrillic ё as е but й as itself; in searches, wildcards, snippets, entity names and the cluster's template."""

import re
import unicodedata
from pathlib import Path

import pytest

import searchidx
from searchidx.enrich.aliases import fold
from searchidx.index.analysis import TOKEN_RE, fold_letters, news_analyzer
from searchidx.index.folding import is_diacritic
from searchidx.opensearch.template import index_template

ARTICLES = {
    "strasse.txt": "title: Verkehr\npeople: Franz Josef Strauß\n\nDie Straßenbahn hält in der Straße. Ein œuvre "
                   "über die Æsir, aus Þórshöfn von Guðmundsson, in Łódź gedruckt.\n",
    "strasse-ascii.txt": "title: Tram\npeople: Franz Josef Strauss\n\nThe Strassenbahn stops by the old town.\n",
    "greek.txt": "title: Ειδήσεις\n\nΗ Αθήνα υποδέχεται τον Παπαδόπουλος.\n",
    # a stress mark over а, е, и has no composed form: it stays a combining mark in composed (NFC) text
    "russian.txt": "title: Новости\n\nГорбачёв приехал в Йошкар-Олу. Ударе\u0301ние на втором слоге.\n",
    "other.txt": "title: Другое\n\nИошкар написал письмо.\n",
    # Hindi (vowel signs and a virama inside words), Arabic with its vowel marks, Hebrew with its points
    "hindi.txt": "title: समाचार\n\nहिन्दी समाचार पत्र दिल्ली में छपता है।\n",
    "other-hindi.txt": "title: नदी\n\nह न द नदी बहती है।\n",
    "arabic.txt": "title: أخبار\n\nقال مُحَمَّد إن الوزير وصل.\n",
    "hebrew.txt": "title: חדשות\n\nשָׁלוֹם לכולם.\n",
    # written decomposed (NFD), as macOS file names and some editors write text
    "decomposed.txt": unicodedata.normalize("NFD", "title: Zürich\n\nDie Bank in Zürich öffnet ihre Türen.\n"),
}


@pytest.fixture(scope="module")
def idx(tmp_path_factory):
    root = tmp_path_factory.mktemp("folding")
    (root / "c").mkdir()
    for name, text in ARTICLES.items():
        (root / "c" / name).write_text(text, encoding="utf-8")
    with searchidx.open_index(root / "ix") as index:
        index.update([root / "c"])
        yield index


def ids(idx, q, **options):
    return {h.id for h in idx.search(q, limit=20, **options).hits}


@pytest.mark.parametrize("query", ["strasse", "STRASSE", "Straße", "oeuvre", "œuvre", "aesir", "thorshofn",
                                   "gudmundsson", "lodz", '"in der strasse"'])
def test_letters_without_an_accent_to_drop_are_found_as_readers_type_them(idx, query):
    assert ids(idx, query) == {"strasse.txt"}


@pytest.mark.parametrize("query", ["αθηνα", "ΑΘΗΝΑ", "Αθήνα", "παπαδοπουλοσ", "Παπαδόπουλος"])
def test_greek_accents_and_the_final_sigma_fold(idx, query):
    assert ids(idx, query) == {"greek.txt"}


def test_cyrillic_yo_folds_and_short_i_stays_a_letter_of_its_own(idx):
    assert ids(idx, "Горбачев") == ids(idx, "горбачёв") == {"russian.txt"}
    assert ids(idx, "йошкар") == {"russian.txt"}
    assert ids(idx, "иошкар") == {"other.txt"}  # "й" is not "и" in Russian
    assert fold_letters("їжак") == "їжак" and fold_letters("Ўладзімір") == "ўладзімір"  # Ukrainian, Belarusian


def test_a_word_with_accents_written_as_combining_marks_is_one_word(idx):
    assert [t.text for t in news_analyzer(stem=False)("Zu\u0308rich")] == ["zurich"]  # was "zu" and "rich"
    assert ids(idx, "ударение") == {"russian.txt"}  # composed text keeps a stress mark: was "ударе", "ние"
    assert "**Ударе\u0301ние**" in idx.search("ударение").hits[0].marked()  # marked whole
    assert ids(idx, "Zürich") == ids(idx, "zurich") == ids(idx, '"türen"') == {"decomposed.txt"}


def test_scripts_that_are_not_latin_greek_or_cyrillic_are_left_as_written_but_for_arabic_and_hebrew_marks():
    for word in ("東京", "がぎ", "한국", "क़ीमत"):
        assert fold_letters(word) == unicodedata.normalize("NFC", word)
    assert fold_letters("مُحَمَّد") == "محمد" and fold_letters("שָׁלוֹם") == "שלום"


def test_snippets_mark_the_words_a_folded_query_found(idx):
    hit = idx.search("strasse").hits[0]
    assert "**Straße**" in hit.marked()


@pytest.mark.parametrize("pattern", ["straß*", "strass*", "STRASS*"])
def test_wildcards_fold_as_words_do(idx, pattern):
    assert ids(idx, pattern) == {"strasse.txt", "strasse-ascii.txt"}  # Straßenbahn and Strassenbahn


def test_entity_spellings_that_fold_alike_are_one_name(idx):
    assert fold("Franz Josef Strauß") == fold("Franz Josef Strauss")
    assert fold("Горбачёв") == fold("Горбачев") and fold("Йошкар-Ола") != fold("Иошкар-Ола")
    facets = idx.search("", person=["Strauss"], facets=["person"]).facets["person"]
    assert [(f.value, f.count) for f in facets] == [(facets[0].value, 2)]
    assert ids(idx, "", person=["Franz Josef Strauß"]) == {"strasse.txt", "strasse-ascii.txt"}


def _cluster_words(text, table, tokens):
    """``text`` as the template's analysis reads it before stemming: the mapping char filter (``table``:
    the longest key at each place), lowercase, the tokenizer (``tokens``)."""
    longest = 3
    out, i = [], 0
    while i < len(text):
        for n in range(min(longest, len(text) - i), 0, -1):
            if text[i:i + n] in table:
                out.append(table[text[i:i + n]])
                i += n
                break
        else:
            out.append(text[i])
            i += 1
    return tokens.findall("".join(c.lower() for c in "".join(out)))  # Lucene lowercases letter by letter: "Σ" is "σ"


def test_the_cluster_folds_every_letter_as_the_local_index_does():
    analysis = index_template("x")["template"]["settings"]["analysis"]
    assert "asciifolding" not in str(analysis)
    table = dict(rule.split(" => ", 1) for rule in analysis["char_filter"]["news_fold"]["mappings"])
    assert max(map(len, table)) <= 3
    tokens = re.compile(analysis["tokenizer"]["news_words"]["pattern"])
    letters = [chr(c) for c in range(0x80, 0x10000) if unicodedata.category(chr(c)).startswith("L")
               and unicodedata.normalize("NFC", chr(c)) == chr(c)]
    # written decomposed: the letters whose marks are accents (kana voicing and Indic signs are no words'
    # letters to Python's tokenizer; ingest and the query parser compose text, ingest/normalize.py)
    decomposed = [unicodedata.normalize("NFD", f"a{c}b") for c in letters]
    texts = [f"x{c}y {c}" for c in letters] + [t for t in decomposed if any(map(is_diacritic, t)) and all(
        is_diacritic(d) or not unicodedata.category(d).startswith("M") for d in t)]
    texts += ["Die Straße, ΟΔΟΣ Αθηνών, Горбачёв в Йошкар-Оле", "Zu\u0308rich", "ударе\u0301ние", "İstanbul’s"]
    for text in texts:
        local = [fold_letters(w) for w in TOKEN_RE.findall(unicodedata.normalize("NFC", text))]
        # (a lone "ʼ" is the word "'" locally, no word on the cluster, as before: no letter to search for)
        assert _cluster_words(text, table, tokens) == [w for w in local if w != "'"], text


def _other_pythons():
    """Python interpreters on this machine other than this one, with another Unicode database."""
    import glob
    import shutil
    import subprocess

    found = {shutil.which(f"python3.{minor}") for minor in range(10, 20)} | set(
        glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.*" / "bin" / "python3")))
    others = {}
    for python in sorted(p for p in found if p):
        ran = subprocess.run([python, "-c", "import sys, unicodedata; print(sys.version_info >= (3, 10), "
                              "unicodedata.unidata_version)"], capture_output=True, text=True)
        supported, version = (ran.stdout.split() + ["", ""])[:2]
        if ran.returncode == 0 and supported == "True" and version != unicodedata.unidata_version:
            others.setdefault(version, python)  # (pyenv's shims of an interpreter not selected fail: left out)
    return list(others.values())


def test_the_cluster_rules_are_the_same_whichever_python_makes_them():
    """The template is made by the Python searchidx runs on: Python 3.10 (Unicode 13) left out the letters
    and marks Unicode 14 added (ꟲ, ᫁), and made 21 rules fewer than 3.11 to 3.13."""
    import json
    import subprocess

    from searchidx.index import folding

    others = _other_pythons()
    if not others:
        pytest.skip("no Python with another Unicode version here")
    script = ("import importlib.util, json, sys, unicodedata\n"
              "spec = importlib.util.spec_from_file_location('folding', sys.argv[1])\n"
              "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
              "folds = m.CharFolds()\n"
              "def fold(t):\n"
              "    t = t.lower()\n"
              "    return t if t.isascii() else unicodedata.normalize('NFC', t).translate(folds)\n"
              "print(json.dumps(m.fold_mappings(fold)))\n")
    ours = [list(pair) for pair in folding.fold_mappings(fold_letters)]
    for python in others:
        ran = subprocess.run([python, "-c", script, folding.__file__], capture_output=True, text=True, check=True)
        assert json.loads(ran.stdout) == ours, python


def test_a_word_with_indic_vowel_signs_or_arabic_vowel_marks_is_one_word(idx):
    """"हिन्दी" was indexed as the consonants "ह", "न", "द" (Python's \\w does not match a vowel sign or a virama), so
    "हिन्दी" also found an article holding those letters apart; Arabic and Hebrew words were cut at their vowel
    marks. A word keeps its marks; Arabic vowel marks and Hebrew points fold away, as readers search without."""
    assert [t.text for t in news_analyzer()("हिन्दी समाचार")] == ["हिन्दी", "समाचार"]
    assert ids(idx, "हिन्दी") == ids(idx, "समाचार") == {"hindi.txt"}
    assert ids(idx, "محمد") == ids(idx, "مُحَمَّد") == {"arabic.txt"}
    assert ids(idx, "שלום") == {"hebrew.txt"}
    assert fold("مُحَمَّد") == fold("محمد")


def test_the_word_marks_are_a_listed_table_each_a_combining_mark_whatever_the_python():
    """The marks a word holds were read from the running Python's unicodedata: Python 3.10 (Unicode 13) left out
    the Telugu nukta that 3.11 has, and 3.12 added a Kannada sign, so words and the cluster template (its
    tokenizer's pattern) differed by Python. They are a listed table; each entry is a combining mark in this
    Python's Unicode, or a character it does not know yet."""
    from searchidx.index.folding import _SCRIPT_MARK_RANGES

    for low, high in _SCRIPT_MARK_RANGES:
        for code in range(low, high + 1):
            assert unicodedata.category(chr(code))[0] in ("M", "C"), hex(code)
    assert any(low <= 0x0C3C <= high for low, high in _SCRIPT_MARK_RANGES)  # (Unicode 14: listed on 3.10 too)


def test_a_misspelt_hindi_word_gets_its_indexed_spelling_and_arabic_copies_with_and_without_vowels_are_one_story(
        tmp_path):
    """Spelling suggestions looked for written forms with \\w+, which cuts "हिन्दी" at its vowel signs, so no Hindi
    word was ever suggested; story signatures read words the same way, so an Arabic story written with its vowel
    marks and a copy without them were two stories."""
    c = tmp_path / "c"
    c.mkdir()
    hindi = "हिन्दी समाचार पत्र दिल्ली में छपता है और हिन्दी पाठक इसे पढ़ते हैं।"
    for name in ("h1.txt", "h2.txt", "h3.txt"):
        (c / name).write_text(f"title: समाचार {name}\n\n{hindi}\n", encoding="utf-8")
    plain = "قال محمد إن الوزير وصل إلى المدينة صباح اليوم وعقد اجتماعا مع المسؤولين في مقر الحكومة الجديد"
    vowelled = plain.replace("محمد", "مُحَمَّد").replace("الوزير", "الوَزِير").replace("المدينة", "المَدِينَة")
    (c / "ar1.txt").write_text(f"title: خبر\ndate: 2020-01-02\n\n{plain}\n", encoding="utf-8")
    (c / "ar2.txt").write_text(f"title: خبر\ndate: 2020-01-02\n\n{vowelled}\n", encoding="utf-8")
    with searchidx.open_index(tmp_path / "ix") as idx:
        idx.update([c])
        assert idx.search("हिन्दि").suggestion == "हिन्दी"
        assert len(idx.story("ar1.txt").copies) == 2
