"""The key fields (ids, sources, years, entity names, date parts) write exactly the postings Whoosh's
own ID and KEYWORD paths write through the analyzer that queries use."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import FieldType

from searchidx.index import schema as S
from searchidx.index.keyfields import CommaTermsField, KeyField, SpacedTermsField

VALUES = ["", " ", "reuters", "Reuters", "  padded  ", "a b", "/corpus/2022/a, b.txt", "Zürich", "1987-03",
          "x,y", "Müller, Hans", " , ,", "a,,b", "a, a ,a", "\ta\n", "y1987 m1987-03 d1987-03-05 pm",
          "y1987  y1987\tm1987-03\r\n", "名字"]


def whooshs(field, value) -> list:
    """What Whoosh's own FieldType.index writes (its analyzer's tokens through the field's format)."""
    return sorted(FieldType.index(field, value))


def ours(field, value) -> list:
    return sorted(field.index(value))


SCHEMA = S.build_schema()


def fields_of(kind):
    return [(name, SCHEMA[name]) for name in SCHEMA.names() if isinstance(SCHEMA[name], kind)]


@pytest.mark.parametrize("kind", [KeyField, CommaTermsField, SpacedTermsField])
def test_the_schema_uses_each_key_field(kind):
    assert fields_of(kind), kind


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("kind", [KeyField, CommaTermsField, SpacedTermsField])
def test_key_field_postings_are_whooshs(kind, value):
    for name, field in fields_of(kind):
        assert ours(field, value) == whooshs(field, value), (name, value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("ab ,\t\n\r\x0bé名-") , max_size=20))
def test_any_value_gives_whooshs_postings(value):
    for kind in (KeyField, CommaTermsField, SpacedTermsField):
        for name, field in fields_of(kind):
            assert ours(field, value) == whooshs(field, value), (name, value)


def test_another_analyzer_takes_whooshs_path():
    """A field set up otherwise (a lower-casing ID, a list of words) is indexed by Whoosh itself."""
    lower = KeyField(analyzer=IDTokenizer() | LowercaseFilter())
    assert ours(lower, "Reuters") == [(b"reuters", 1, 1.0, b"")]
    assert ours(CommaTermsField(lowercase=True), "A,b") == whooshs(CommaTermsField(lowercase=True), "A,b")
    assert ours(KeyField(), ["a", "b"]) == whooshs(KeyField(), ["a", "b"])
