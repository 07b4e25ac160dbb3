"""Entity extraction quality on the hand-annotated gold set, and the behaviours users rely on."""

import pytest

from searchidx.config import DEFAULT_ENTITIES
from searchidx.enrich import make_extractor
from searchidx.enrich.aliases import load_registry
from searchidx.errors import ConfigError

from entity_gold import evaluate

# What the rule extractor reached on this gold set, rounded down: a drop below fails the test.
FLOORS = {"person": (0.91, 0.87), "place": (0.93, 0.89), "org": (0.89, 0.81)}


@pytest.fixture(scope="module")
def extractor():
    return make_extractor("rules", load_registry([DEFAULT_ENTITIES]))


def names(extractor, text, title=""):
    return extractor.extract(title, text)


def test_gold_set_precision_and_recall(capsys):
    scores, errors = evaluate()
    with capsys.disabled():
        print("\nentity extraction on tests/fixtures/entities (41 articles):")
        for etype, s in scores.items():
            print(f"  {etype:<7} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                  f"(tp {s['tp']}, fp {s['fp']}, fn {s['fn']})")
    for etype, (p_floor, r_floor) in FLOORS.items():
        assert scores[etype]["precision"] >= p_floor, (etype, errors["fp"])
        assert scores[etype]["recall"] >= r_floor, (etype, errors["fn"])


def test_seed_article_entities(extractor):
    from pathlib import Path
    from searchidx.ingest.readers import read
    a = read(Path(__file__).parent / "fixtures" / "corpus" / "2022-09-20-kremlin-referendums.txt", "seed.txt")[0]
    found = extractor.extract(a.title, a.text)
    assert found["person"] == ["Vladimir Putin", "Orysia Lutsevych"]
    assert {"Ukraine", "Russia", "Moscow", "Kyiv", "Luhansk", "Donetsk", "Kherson", "Zaporizhzhia", "Kharkiv",
            "Crimea", "London"} <= set(found["place"])
    assert {"the Kremlin", "Tass", "Institute for the Study of War", "Chatham House"} <= set(found["org"])


def test_short_forms_resolve_to_the_full_name(extractor):
    found = names(extractor, "Analyst Maria Kowalczyk spoke first. Later Kowalczyk said prices would rise. "
                             "The Centre for Grain Studies (CGS) agreed, and CGS published data.")
    assert found["person"] == ["Maria Kowalczyk"]
    assert found["org"] == ["Centre for Grain Studies"]


def test_possessives_and_punctuation_are_stripped(extractor):
    found = names(extractor, "Russia\u2019s parliament met. Officials in Brazil's capital agreed.")
    assert found["place"] == ["Russia", "Brazil"]


def test_sentence_initial_words_weekdays_and_months_are_never_entities(extractor):
    found = names(extractor, "Monday was calm. The talks resumed in March. Meanwhile, Separately reported. "
                             "However, prices fell. Officials said so.")
    assert found == {"person": [], "place": [], "org": []}


def test_title_cues_and_roles_mark_people(extractor):
    found = names(extractor, "President Amara Okonkwo met Mr Tewolde. Ines Duarte, a research fellow, wrote.")
    assert {"Amara Okonkwo", "Ines Duarte"} <= set(found["person"])


def test_aliases_give_canonical_names(extractor):
    found = names(extractor, "Talks in Kiev with President Zelenskyy ended. Putin spoke later. Vladimir Putin left.")
    assert found["place"] == ["Kyiv"]
    assert "Vladimir Putin" in found["person"] and "Volodymyr Zelensky" in found["person"]


def test_spacy_extractor_missing_is_a_clear_error():
    try:
        import spacy  # noqa: F401
        pytest.skip("spaCy is installed here, so the missing-package error cannot be shown")
    except ImportError:
        pass
    with pytest.raises(ConfigError, match="spaCy is not installed"):
        make_extractor("spacy", load_registry([DEFAULT_ENTITIES]), "en_core_web_sm")
