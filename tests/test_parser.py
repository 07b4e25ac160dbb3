import pytest

from searchidx.errors import QuerySyntaxError, SearchidxError
from searchidx.search.parser import parse, quote
from searchidx.search.query import And, Not, Or, Query, Range, Term


@pytest.mark.parametrize("text, expected", [
    ("", None),
    ("referendum", Term("referendum")),
    ("referendum annexation", And((Term("referendum"), Term("annexation")))),
    ("referendum AND annexation", And((Term("referendum"), Term("annexation")))),
    ("kyiv OR kiev", Or((Term("kyiv"), Term("kiev")))),
    ("a OR b c", Or((Term("a"), And((Term("b"), Term("c")))))),
    ("NOT putin", Not(Term("putin"))),
    ("war -putin", And((Term("war"), Not(Term("putin"))))),
    ("war !putin", And((Term("war"), Not(Term("putin"))))),  # Lucene's "!", not the word "putin"
    ("!place:Russia war", And((Not(Term("Russia", "place")), Term("war")))),
    ("Yahoo! news", And((Term("Yahoo!"), Term("news")))),
    ('"partial mobilisation"', Term("partial mobilisation", phrase=True)),
    ('"partial mobilisation"~3', Term("partial mobilisation", phrase=True, slop=3)),
    ("\u201ccurly quotes\u201d", Term("curly quotes", phrase=True)),
    # German and Polish low-high quotes, guillemets either way round: '„natural gas“' was refused ("this quote
    # is never closed", at the closing “) and '«natural gas»' searched the two words apart
    ("\u201enatural gas\u201c", Term("natural gas", phrase=True)),
    ("\u201enatural gas\u201d", Term("natural gas", phrase=True)),
    ("\u00abnatural gas\u00bb~2", Term("natural gas", phrase=True, slop=2)),
    ("\u00ab natural gas \u00bb", Term("natural gas", phrase=True)),
    ("\u00bbnatural gas\u00ab prices", And((Term("natural gas", phrase=True), Term("prices")))),
    ("title:\u201enatural gas\u201c", Term("natural gas", "title", phrase=True)),
    ('date:\u201e2 March 1987\u201c', Range("date", "2 March 1987")),
    ("(kyiv OR kiev) war", And((Or((Term("kyiv"), Term("kiev"))), Term("war")))),
    ("place:Ukraine", Term("Ukraine", "place")),
    ('person:"Vladimir Putin"', Term("Vladimir Putin", "person", phrase=True)),
    ("person:(putin OR zelensky)", Or((Term("putin", "person"), Term("zelensky", "person")))),
    ("-place:Russia", Not(Term("Russia", "place"))),
    ("title:referendum", Term("referendum", "title")),
    ("date:2022", Range("date", "2022")),
    ("date:2022-09", Range("date", "2022-09")),
    ("date:[2022-01 TO 2022-06]", Range("date", "[2022-01 TO 2022-06]")),
    ("date:>2022-09", Range("date", ">2022-09")),
    ("date:2022..2023", Range("date", "2022..2023")),
    ('date:"last 30 days"', Range("date", "last 30 days")),
    ("since:2022-09 war", And((Range("since", "2022-09"), Term("war")))),
    ("year:2022", Term("2022", "year")),
    ("year:>2021", Range("year", ">2021")),  # a range of years, months or days: those dated to one in it
    ("month:2022-06..2022-09", Range("month", "2022-06..2022-09")),
    ("day:2022-09-20", Range("day", "2022-09-20")),  # no facet: a range of one day
    ("refer*", Term("refer*")),
    ("+must", Term("must")),
])
def test_parse_table(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text, part, why", [
    ('"unclosed', '"unclosed', "never closed"),
    ("(a b", "(", "never closed"),
    ("a b)", ")", "no opening"),
    ("AND a", "AND", "both sides"),
    ("a OR", "OR", "both sides"),
    ("a AND OR b", "AND", "both sides"),
    ("NOT", "NOT", "needs something"),
    ("-", "-", "needs a word"),
    ("person:", "person:", "needs a value"),
    ("date:[2022-01 TO", "date:[2022-01 TO", "never closed"),
    # Lucene's braces leave the ends out, but the range was read with them: {2019-01-03 TO 2019-01-05} found the 3rd
    ("date:{2019-01-03 TO 2019-01-05}", "date:{2019-01-03 TO 2019-01-05}", "braces (a range without its ends)"),
    ("date:2022-13", "date:2022-13", "impossible date"),
    ("date:someday", "date:someday", "date"),
    ("year:someday", "year:someday", "not a year; write year:2019"),
    ("month:2022", "month:2022", "not a month; write month:2019-09"),
    ("month:2022-13", "month:2022-13", "not a month; write month:2019-09"),  # matched nothing, silently
    ("month:2022-00", "month:2022-00", "not a month"),
    ("kyiv~2", "kyiv~2", "~N goes after a quoted phrase"),  # Lucene's fuzzy search, which matched nothing
    ("title:kyiv~", "title:kyiv~", "not after a word"),
    ("*", "*", "wildcard"),
    ("()", "(", "empty brackets"),
    ('""', '""', "empty quotes"),
    # a boost or slop that is no number was searched as words beside them, finding nothing meant:
    # oil^x as the phrase "oil x", "oil prices"~x as the phrase and the word x, oil^-1 as "oil 1"
    ("oil^x", "oil^x", "^ takes a number (oil^2"),
    ("oil^-1 gas", "oil^-1", "^ takes a number"),
    ("title:oil^", "title:oil^", "^ takes a number"),
    ('"oil prices"~x', '"oil prices"~x', "~ a whole number of words after a quoted phrase"),
    ('"oil prices"~3^high', '"oil prices"~3^high', "^ takes a number"),
    # two minuses were two NOTs, so the word was required: 'oil --gas' found the oil articles WITH gas, and an
    # option typed inside the quotes ('oil --since 2020') required the word "since"
    ("oil --gas", "--gas", "two minuses: to leave gas out write -gas"),
    ("oil --since 2020", "--since", "an option (--since, --person) goes outside the query's quotes"),
    ("prices -- analysts", "--", "to leave a word out write one minus"),
    # a slop on a group or standing alone searched the number as a word: '(oil prices)~3' found the 35 Reuters
    # articles holding oil, prices and "3", 'oil ~2' those with oil and "2"
    ("(oil prices)~3", "~3", "~N goes after a quoted phrase, not after brackets"),
    ("(oil prices)^2", "^2", "^N goes after a word or a quoted phrase, not after brackets"),
    ("oil ~2", "~2", "'~2' stands apart: ~N goes right after a quoted phrase"),
    ('"oil prices" ~2', "~2", "stands apart"),
    # a date of several words unquoted: the error named its first word and advised quoting "the words" or
    # --literal, as if the date were text to search
    ("war since:2 March 2022", "since:2", 'a date written with spaces goes in quotes: since:"2 March 2022"'),
    ("flood date:last week", "date:last", 'goes in quotes: date:"last week"'),
    # a range with spaces inside was the first date and the second searched as a word (required, or left out
    # after a spaced minus): 'date:2019 - 2020' found the 2019 articles without the word 2020
    ("date:2019 TO 2020", "date:2019", "date:2019 TO 2020 is a range written apart: write it without spaces, "
                                       "date:2019..2020"),
    ("flood date:2019 - 2020", "date:2019", "write it without spaces, date:2019..2020"),
    ("date:2019.. 2020", "date:2019..", "write it without spaces, date:2019..2020"),
    ("year:2019 to 2020", "year:2019", "write it without spaces, year:2019..2020"),
    ('date:"2 March 2019" TO "4 March 2019"', 'date:"2 March 2019"', 'date:"2 March 2019".."4 March 2019"'),
])
def test_malformed_queries_explain_themselves(text, part, why):
    with pytest.raises(QuerySyntaxError) as err:
        parse(text)
    message = str(err.value)
    assert err.value.part == part
    assert why in message and text in message and "\n" not in message
    if "goes in quotes" in why:  # the date to quote, not the words to search as text
        assert "literal" not in message


def test_huge_query_is_refused_not_parsed():
    with pytest.raises(QuerySyntaxError, match="characters long") as err:
        parse("word " * 2000)
    # not the advice for a query that cannot be read: quoted or --literal, it is as long
    assert str(err.value).endswith("the query is 10,000 characters long (at most 4,000); shorten it")
    with pytest.raises(QuerySyntaxError, match="more than"):
        parse("w " * 500)


def test_quote_makes_any_text_literal():
    assert parse(quote('AND "unclosed (bracket')) == And((Term("and"), Term("unclosed"), Term("bracket")))
    assert parse(quote("a && b || !c")) == And((Term("a"), Term("b"), Term("c")))
    # wildcards, boosts and slops are no syntax either: the words as the articles' text is split
    assert parse(quote("oil? refin* opec^2 cuts~3")) == And((Term("oil"), Term("refin"), Term("opec"), Term("2"),
                                                            Term("cuts"), Term("3")))
    with pytest.raises(QuerySyntaxError, match="nothing to search: no words, only symbols"):
        quote('&& "')


def test_query_model_round_trips_through_dict():
    q = Query(q="referendum", place=["Ukraine"], since="2022-09", facets=["person"], limit=5)
    assert q.to_dict() == {"q": "referendum", "place": ["Ukraine"], "since": "2022-09", "facets": ["person"],
                           "limit": 5}
    assert Query.from_dict(q.to_dict()) == q


@pytest.mark.parametrize("data, message", [
    ({"q": "x", "colour": "red"}, "unknown query key 'colour'"),
    ({"sort": "random"}, "sort must be one of"),
    ({"facets": ["weather"]}, "unknown facet 'weather'"),
    ({"limit": "ten"}, "limit must be a whole number"),
    ({"page": 0}, "page must be 1 or more"),
    ({"person": [{"a": 1}]}, "person: expected a list of names"),
])
def test_query_model_rejects_bad_values(data, message):
    with pytest.raises(SearchidxError, match=message):
        Query.from_dict(data)


def test_a_query_replaced_with_an_unknown_key_names_it(idx):
    """idx.search(Query(...), bogus=1) and Query.replace(bogus=1) raised a TypeError from the constructor."""
    with pytest.raises(SearchidxError, match="^unknown query key 'bogus' \\(known: collapse, count,"):
        idx.search(Query(q="referendum"), place=["Ukraine"], bogus=1)
    with pytest.raises(SearchidxError, match="^unknown query key 'colour'"):
        Query(q="x").replace(colour="red")
