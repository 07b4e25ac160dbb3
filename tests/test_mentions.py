"""Where an article's names are written: the marks on the article page (Index.mentions)."""

import pytest

from searchidx.enrich.aliases import Entity, Registry
from searchidx.search.mentions import find_mentions

REGISTRY = Registry([Entity("Vladimir Putin", "person", ("Putin", "V. Putin")),
                     Entity("United Kingdom", "place", ("UK", "Britain"))])


@pytest.mark.parametrize("text,entities,expected", [
    # the canonical name, a registry alias and the surname alone
    ("Vladimir Putin spoke. Later Putin left; V. Putin returned.", {"person": ["Vladimir Putin"]},
     ["Vladimir Putin", "Putin", "V. Putin"]),
    # whole words only, and case-sensitive: 'bush' the plant is not Mr Bush
    ("A bush grew. Bushfire. George Bush said.", {"person": ["George Bush"]}, ["George Bush"]),
    # the longest form where two start at one place; no overlaps
    ("Britain and the UK and United Kingdom.", {"place": ["United Kingdom"]}, ["Britain", "UK", "United Kingdom"]),
    # an organisation written without its leading 'the'
    ("Kremlin officials and the Kremlin said.", {"org": ["the Kremlin"]}, ["Kremlin", "the Kremlin"]),
    ("Nothing here.", {"person": ["Vladimir Putin"]}, []),
    ("", {"person": ["Vladimir Putin"]}, []),
])
def test_mentions_table(text, entities, expected):
    found = find_mentions(text, entities, REGISTRY)
    assert [text[m.start:m.end] for m in found] == expected
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_a_mention_names_its_entity_and_type(idx):
    record = idx.get("ex-2022-0921-002")
    marks = idx.mentions(record)
    assert marks and {(m.type, m.name) for m in marks} <= {
        (t, n) for t, names in record.entities.items() for n in names}
    assert any(m.name == "Vladimir Putin" for m in marks)
