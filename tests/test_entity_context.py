"""Entity rules that read a name by the words around it or by its company's mark (each on a made-up text;
the held-out sets in bench/ measure them on real articles)."""

import pytest

from searchidx.config import DEFAULT_ENTITIES
from searchidx.enrich import make_extractor
from searchidx.enrich.aliases import load_registry


@pytest.fixture(scope="module")
def extractor():
    return make_extractor("rules", load_registry([DEFAULT_ENTITIES]))


def test_a_ticker_company_wrapped_over_two_lines_with_small_words_is_one_name(extractor):
    found = extractor.extract("", "Kessler und Vogt-Bau\nAG <KVBG.F> expects output to fall. It bought "
                                  "<Banca Di Lorenzo e Figli> last year.")
    assert found["org"] == ["Kessler und Vogt-Bau AG", "Banca Di Lorenzo e Figli"]


def test_whom_one_told_the_is_an_organisation(extractor):
    found = extractor.extract("", "The victim's mother told the Evening Courier she would appeal. Constable Ray "
                                  "Dunmore stated to the QBC that he saw it. He told the Dallas Morning Gazette "
                                  "nothing. In an interview with the Harbour Times, Dunmore said so.")
    assert found["org"] == ["Evening Courier", "QBC", "Dallas Morning Gazette", "Harbour Times"]
    assert found["person"] == ["Ray Dunmore"]
