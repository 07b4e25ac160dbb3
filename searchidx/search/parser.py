"""Query text -> AST (see query.py). Pure: no Whoosh, no index.

Grammar (precedence NOT > AND > OR; juxtaposition means AND)::

    expr  := and ("OR" and)*
    and   := unary (["AND"] unary)*
    unary := ("NOT" | "!" | "-") unary | atom
    atom  := "(" expr ")" | FIELD ":" value | "phrase"[~N] | word
    value := word | "phrase" | [a TO b] | >x | (expr)

Examples: ``referendum place:Ukraine``, ``"partial mobilisation" -putin``,
``(kyiv OR kiev) AND date:[2022-01 TO 2022-06]``, ``person:"Vladimir Putin" date:>2022-09``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NoReturn

from .. import dates
from ..errors import DateFilterError, DateOrderError, DateParseError, DateRangeGivenError, QuerySyntaxError
from .query import And, Node, Not, Or, Range, Term

MAX_QUERY_CHARS = 4000
MAX_TERMS = 400
MAX_DEPTH = 50  # brackets and NOTs inside each other
MAX_SLOP = 100  # "a b"~N: words at most this far apart
DATE_FIELDS = ("date", "since", "until")
PERIOD_FIELDS = {"year": ("2019", "2021"), "month": ("2019-09", "2019-12"),  # with examples of each
                 "day": ("2019-09-20", "2019-09-30")}
# a year, month or day as its facet or the date chart names it
PERIOD_PATTERNS = {"year": r"\d{4}", "month": r"\d{4}-(0[1-9]|1[0-2])",
                   "day": r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"}
FACET_PERIODS = ("year", "month")  # indexed as facet values: one of them is a term
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_\-]*):(.*)$", re.DOTALL)
_SLOP = re.compile(r"^~(\d+)")
_BOOST = re.compile(r"^\^(\d+(?:\.\d+)?)")
_FUZZY = re.compile(r"^\w.*~\d*(?:\.\d+)?$", re.DOTALL)
_INITIALS = re.compile(r"(?<![\w.])((?:[^\W\d_]\.)+[^\W\d_])(?![\w.])")  # U.S, not U.S. nor e.g.x
_WORD_BOOST = re.compile(r"^(.+?)\^(\d+(?:\.\d+)?)$", re.DOTALL)
# Quote marks that open or close a phrase: straight and curly, German and Polish low ones („natural gas“) and
# guillemets either way round («gaz naturel», »Erdgas«), as a query pasted from an article or a brief writes them
QUOTES = "\"\u201c\u201d\u201e\u00ab\u00bb"
_SUFFIX_NUMBER = ('^ takes a number (oil^2, "oil prices"^3: counts 2 or 3 times as much) and ~ a whole number of '
                  'words after a quoted phrase ("power cuts"~3)')


@dataclass
class _Tok:
    kind: str  # word, phrase, range, lparen, rparen, fieldgroup, minus
    text: str
    pos: int
    field: str | None = None
    slop: int = 0
    boost: float = 1.0


def tokenize(text: str) -> list[_Tok]:
    """Split query text into tokens, keeping quoted phrases and bracketed ranges whole."""
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            toks.append(_Tok("lparen" if ch == "(" else "rparen", ch, i))
            i += 1
            continue
        if text.startswith("--", i):  # 'oil --since 2020' (an option inside the quotes), 'oil --gas': read as
            # two minuses, the word was required ("since", "gas"): the opposite of leaving it out
            part = text[i:].split()[0]
            word = part.lstrip("-")
            out = f"to leave {word} out write -{word}" if word else "to leave a word out write one minus (-gas)"
            raise QuerySyntaxError(text, f"two minuses: {out}; an option (--since, --person) goes outside the "
                                         f"query's quotes", part)
        if ch in "-!" and i + 1 < n and not text[i + 1].isspace():
            # A leading minus (or "!", Lucene's) negates whatever follows, whole: a word, field:"a phrase",
            # field:[a TO b] or (a group). Split off here, so that what follows is tokenized exactly as it
            # would be alone.
            toks.append(_Tok("minus", ch, i))
            i += 1
            continue
        if ch in QUOTES:
            end = _find_quote(text, i + 1)
            if end < 0:
                raise QuerySyntaxError(text, "this quote is never closed", text[i:i + 30])
            tok = _Tok("phrase", _initials(text[i + 1:end]), i)
            i = end + 1 + _phrase_suffix(text, end + 1, tok)
            toks.append(tok)
            continue
        # A word runs to whitespace or a bracket; "field:" may be followed by a phrase, range or group.
        j = i
        while j < n and not text[j].isspace() and text[j] not in "()" + QUOTES:
            if text[j] in "[{" and j > i and text[j - 1] == ":":
                break
            j += 1
        word = text[i:j]
        m = _FIELD.match(word)
        if m and not m.group(2):
            field = m.group(1).lower()
            if j < n and text[j] in QUOTES:
                end, j_open = _find_quote(text, j + 1), j
                if end < 0:
                    raise QuerySyntaxError(text, "this quote is never closed", text[j:j + 30])
                if _dated(field) and text.startswith("..", end + 1):  # date:"2 March 1987".."5 March 1987"
                    j = _range_end(text, end + 3)
                    toks.append(_Tok("range", text[j_open:j], i, field))
                    i = j
                    continue
                tok = _Tok("phrase", text[j + 1:end], i, field)
                j = end + 1 + _phrase_suffix(text, end + 1, tok)
                toks.append(tok)
            elif j < n and text[j] in "[{":
                close = "]" if text[j] == "[" else "}"
                end = text.find(close, j)
                if end < 0:
                    raise QuerySyntaxError(text, "this range bracket is never closed", text[i:i + 40])
                if close == "}":  # Lucene's exclusive range: read as [a TO b] it would find the ends too
                    raise QuerySyntaxError(text, "braces (a range without its ends) are not supported; write "
                                                 f"{field}:[a TO b] with the ends you want, or {field}:>a {field}:<b",
                                           text[i:end + 1], hint=None)
                toks.append(_Tok("range", text[j:end + 1], i, field))
                j = end + 1
            elif j < n and text[j] == "(":
                toks.append(_Tok("fieldgroup", "", i, field))
            else:
                raise QuerySyntaxError(text, f"'{field}:' needs a value after the colon", word)
        elif (m and _dated(m.group(1).lower()) and (m.group(2).endswith("..") or m.group(2) in (">", ">=", "<", "<="))
              and j < n and text[j] in QUOTES):
            at, j = j, _range_end(text, j)  # date:2022-09-20.."20 September 2022 14:00", date:>"2 March 1987"
            toks.append(_Tok("range", m.group(2) + text[at:j], i, m.group(1).lower()))
        elif m:
            toks.append(_Tok("word", m.group(2), i, m.group(1).lower()))
        else:
            toks.append(_Tok("word", _initials(word), i))
        i = j
    return toks


def _dated(field: str) -> bool:
    """A field whose values are dates or periods (date, since, until, year, month, day)."""
    return field in DATE_FIELDS or field in PERIOD_FIELDS


def _range_end(text: str, at: int) -> int:
    """Where the end of a range written after its ``..`` at ``at`` stops: a quoted date (``"5 March
    1987"``), a date written without spaces, or nothing (an open end). A quoted first end (``date:"2 March
    1987"..``) ran as that day alone, and a second end after it was searched as words."""
    if at < len(text) and text[at] in QUOTES:
        end = _find_quote(text, at + 1)
        if end < 0:
            raise QuerySyntaxError(text, "this quote is never closed", text[at:at + 30])
        return end + 1
    j = at
    while j < len(text) and not text[j].isspace() and text[j] not in "()":
        j += 1
    return j


def _initials(text: str) -> str:
    """Initials typed without their last dot (``U.S``, ``U.K``) given it: indexed text holds ``U.S.`` as the
    one word "us", and ``U.S`` read as two letters was the phrase "u s" (9 Reuters articles, not 1,021)."""
    return _INITIALS.sub(r"\1.", text) if "." in text else text


def _phrase_suffix(text: str, at: int, tok: _Tok) -> int:
    """Read ``~N`` (slop) and ``^N`` (boost) after a closing quote into ``tok``; return the length read."""
    read = 0
    for pattern, name in ((_SLOP, "slop"), (_BOOST, "boost"), (_SLOP, "slop")):
        m = pattern.match(text[at + read:])
        if m and (name != "slop" or not tok.slop):
            value = m.group(1)
            if name == "slop" and int(value) > MAX_SLOP:
                raise QuerySyntaxError(text, f"~{value} is too far apart: at most ~{MAX_SLOP} words",
                                       f'"{tok.text}"~{value}', hint=None)
            setattr(tok, name, int(value) if name == "slop" else float(value))
            read += m.end()
    rest = text[at + read:]
    if rest[:1] in ("~", "^"):  # "oil prices"~x searched the word x beside the phrase, "..."^-1 the word 1
        raise QuerySyntaxError(text, _SUFFIX_NUMBER, f'"{tok.text}"{text[at:at + read]}{rest.split()[0]}')
    return read


def _find_quote(text: str, start: int) -> int:
    """Where the phrase opened just before ``start`` closes. A straight quote closes at the next straight one
    when there is one, so the marks of print inside it are its words' (the web writes the exclusion of the
    source 'The “Daily” Wire' as -source:"The “Daily” Wire"); else any quote mark closes it."""
    if text[start - 1] == '"' and (k := text.find('"', start)) >= 0:
        return k
    for k in range(start, len(text)):
        if text[k] in QUOTES:
            return k
    return -1


class _Parser:
    def __init__(self, text: str, toks: list[_Tok]):
        self.text, self.toks, self.i = text, toks, 0
        self.count = 0
        self.depth = 0

    def deeper(self, tok: _Tok | None) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.error(f"too deeply nested (more than {MAX_DEPTH} brackets or NOTs inside each other)", tok, hint=None)

    def error(self, why: str, tok: _Tok | None = None, hint: str | None = QuerySyntaxError.LITERAL_HINT) -> NoReturn:
        part = None
        if tok is not None:
            part = tok.text if tok.kind != "phrase" else f'"{tok.text}"'
            if tok.field:
                part = f"{tok.field}:{part}"
        raise QuerySyntaxError(self.text, why, part, hint)

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def is_op(self, tok: _Tok | None, *ops: str) -> bool:
        return tok is not None and tok.kind == "word" and tok.field is None and tok.text in ops

    def parse(self) -> Node | None:
        if not self.toks:
            return None
        node = self.expr(None)
        tok = self.peek()
        if tok is not None:
            self.error("this closing bracket has no opening one" if tok.kind == "rparen" else "unexpected text", tok)
        return node

    def expr(self, field: str | None) -> Node:
        items = [self.and_(field)]
        while self.is_op(self.peek(), "OR", "||"):
            op = self.toks[self.i]
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "rparen" or self.is_op(nxt, "OR", "AND", "||", "&&"):
                self.error("OR needs something to search on both sides", op)
            items.append(self.and_(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self, field: str | None) -> Node:
        items = [self.unary(field)]
        typed = False
        while True:
            tok = self.peek()
            if tok is None or tok.kind == "rparen" or self.is_op(tok, "OR", "||"):
                break
            if self.is_op(tok, "AND", "&&"):
                typed = True
                self.i += 1
                nxt = self.peek()
                if nxt is None or nxt.kind == "rparen" or self.is_op(nxt, "OR", "AND", "||", "&&"):
                    self.error("AND needs something to search on both sides", tok)
            items.append(self.unary(field))
        return items[0] if len(items) == 1 else And(tuple(items), typed)

    def unary(self, field: str | None) -> Node:
        tok = self.peek()
        if tok is None:
            self.error("the query ends too early")
        if self.is_op(tok, "NOT", "!"):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "rparen":
                self.error("NOT needs something after it", tok)
            self.deeper(tok)
            node = Not(self.unary(field))
            self.depth -= 1
            return node
        if tok.kind == "minus" or (tok.kind == "word" and tok.text == "-" and tok.field is None):
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind == "rparen":
                self.error(f"'{tok.text}' needs a word after it", tok)
            self.deeper(tok)
            node = Not(self.unary(field))
            self.depth -= 1
            return node
        return self.atom(field)

    def atom(self, field: str | None) -> Node:
        tok = self.toks[self.i]
        self.i += 1
        self.count += 1
        if self.count > MAX_TERMS:
            self.error(f"more than {MAX_TERMS} terms; split it into several searches")
        if tok.kind == "lparen" or tok.kind == "fieldgroup":
            inner_field = tok.field if tok.kind == "fieldgroup" else field
            if tok.kind == "fieldgroup":
                self.i += 1  # the "(" that follows "field:"
            first = self.peek()
            if first is None:
                self.error("this bracket is never closed", tok)
            if first.kind == "rparen":
                self.error("empty brackets", tok)
            self.deeper(tok)
            node = self.expr(inner_field)
            self.depth -= 1
            close = self.peek()
            if close is None or close.kind != "rparen":
                self.error("this bracket is never closed", tok)
            self.i += 1
            return node
        if tok.kind == "rparen":
            self.error("this closing bracket has no opening one", tok)
        if self.is_op(tok, "AND", "OR", "&&", "||"):
            self.error(f"{tok.text} needs something to search on both sides", tok)
        use_field = tok.field or field
        if tok.kind == "range":
            return self._date_or_range(use_field, tok.text, tok)
        if tok.kind == "phrase":
            words = tok.text.strip()
            if not words:
                self.error("empty quotes", tok)
            if use_field in DATE_FIELDS:
                return self._date_or_range(use_field, words, tok)
            if use_field in PERIOD_FIELDS:  # day:"2019-12-03" is day:2019-12-03
                return self._period(use_field, words, tok)
            return Term(words, use_field, phrase=True, slop=tok.slop, boost=tok.boost)
        value = tok.text
        if re.fullmatch(r"[~^][0-9.]*", value) and tok.field is None:  # (oil prices)~3 searched the word 3
            self._detached_suffix(tok)
        if use_field in DATE_FIELDS:
            return self._date_or_range(use_field, value, tok)
        if use_field in PERIOD_FIELDS:
            return self._period(use_field, value, tok)
        boost = 1.0
        m = _WORD_BOOST.match(value)
        if m:  # oil^2: the word counts twice as much (Lucene's syntax)
            value, boost = m.group(1), float(m.group(2))
        if "^" in value:  # oil^x, oil^-1, oil^: searched as the words "oil x", "oil 1", found nothing meant
            self.error(_SUFFIX_NUMBER, tok)
        if not value.strip("*?"):
            self.error("a wildcard needs at least one letter beside it", tok)
        if _FUZZY.match(value):  # Lucene's fuzzy word~2 would otherwise be searched as the words "word 2"
            self.error('~N goes after a quoted phrase ("power cuts"~3), not after a word: there is no fuzzy '
                       "matching (a word that matches nothing gets spelling suggestions)", tok, hint=None)
        if value.startswith("+") and len(value) > 1:
            value = value[1:]
        return Term(value, use_field, boost=boost)

    def _detached_suffix(self, tok: _Tok) -> NoReturn:
        """``~N`` or ``^N`` with no word or phrase right before it: after a bracket (``(oil prices)~3``,
        Lucene's proximity written on a group) or standing alone (``oil ~2``). Read as words, it searched
        the number ("oil prices" and the word 3) and found something else, unsaid."""
        before = self.toks[self.i - 2] if self.i >= 2 else None
        if before is not None and before.kind == "rparen" and before.pos + 1 == tok.pos:
            after = "a quoted phrase" if tok.text[:1] == "~" else "a word or a quoted phrase"
            self.error(f"{tok.text[:1]}N goes after {after}, not after brackets: for words near each other quote "
                       'them with a slop ("oil prices"~3); to boost a group, boost each word (oil^2 prices^2)', tok,
                       hint=None)
        self.error(f"{tok.text!r} stands apart: ~N goes right after a quoted phrase (\"power cuts\"~3), ^N right "
                   "after a word or a phrase (oil^2)", tok)

    def _period(self, field: str, text: str, tok: _Tok) -> Node:
        """``year:2019``, ``month:2019-09``, ``day:2019-09-20``, or a range of them (``year:>2019``,
        ``month:2019-06..2019-09``): the articles dated to at least that precision in it, as the facets
        and the date chart count them. Anything else would silently match nothing."""
        first, last = PERIOD_FIELDS[field]
        if re.fullmatch(PERIOD_PATTERNS[field], text) and field in FACET_PERIODS:
            self._range_apart(field, text, tok)  # year:2019 to 2020
            return Term(dates.facet_term(text), field)  # (year:0998 is the index's "998")
        if re.fullmatch(PERIOD_PATTERNS[field], text) or text[:1] in "<>" or ".." in text or (
                any(dash in text for dash in "\u2013\u2014\u2026")):  # year:2019–2020, as print writes it
            return self._date_or_range(field, text, tok)
        self.error(f"{field}: {text!r} is not a {field}; write {field}:{first}, {field}:>{first} "
                   f"or {field}:{first}..{last}", tok, hint=None)

    def _date_or_range(self, field: str | None, text: str, tok: _Tok) -> Node:
        if field not in DATE_FIELDS and field not in PERIOD_FIELDS:
            return Range(field or "", text)
        try:
            if field == "since":
                dates.since(text)
            elif field == "until":
                dates.until(text)
            else:
                dates.parse_range(text)
        except DateOrderError as e:
            self.error(e.why, tok, hint=None)
        except DateRangeGivenError as e:
            self.error(f"{field}: {e.worded('since:', 'until:')}", tok, hint=None)
        except DateParseError as e:
            why = str(e).split(" (try")[0]
            spaced = self._spaced_date(field, text, tok)
            if spaced:  # since:2 March 2022: the date's first word alone, and advice to quote the words
                self.error(f"{field}: {why}; a date written with spaces goes in quotes: {field}:\"{spaced}\"", tok,
                           hint=None)
            self.error(f"{field}: {why}; dates look like 2022, 2022-09, 2022-09-20 or [2022-01 TO 2022-06]", tok)
        self._range_apart(field, text, tok)
        return Range(field, text)

    def _range_apart(self, field: str, text: str, tok: _Tok) -> None:
        """A range written with spaces around its ``..``, ``TO`` or dash (``date:2019 TO 2020``, ``date:2019 -
        2020``, ``date:2019.. 2020``, ``date:"2 March 2019" TO "4 March 2019"``) is an error: read apart it was
        the year 2019 (or 2019 on) and the word 2020, required or left out, and found something else unsaid."""
        if tok.kind not in ("word", "phrase"):
            return
        ahead = [t.text if t.kind in ("word", "phrase") and t.field is None else None
                 for t in self.toks[self.i:self.i + 2]]
        if text.endswith("..") and ahead and ahead[0]:
            sep, last = "", ahead[0]
        elif ahead and ahead[0] and ahead[0].startswith("..") and len(ahead[0]) > 2:
            sep, last = "", ahead[0][2:]
        elif len(ahead) == 2 and ahead[0] in ("..", "TO", "to", "-", "\u2013", "\u2014") and ahead[1]:
            sep, last = ahead[0], ahead[1]
        else:
            return
        try:
            dates.parse_date(last)
        except DateParseError:
            return
        first = text.rstrip(".")

        def end(date: str) -> str:
            return f'"{date}"' if " " in date else date
        apart = self.toks[self.i:self.i + (2 if sep else 1)]
        typed = " ".join(end(t.text) if t.kind == "phrase" else t.text for t in apart)
        self.error(f"{field}:{end(text)} {typed} is a range written apart: write it without spaces, "
                   f"{field}:{end(first)}..{end(last)}", tok, hint=None)

    def _spaced_date(self, field: str, text: str, tok: _Tok) -> str | None:
        """The date that ``text`` and the plain words after it make (``2 March 2022``, ``last 30 days``,
        ``last week``), when they make one: what the query meant, unquoted."""
        if tok.kind != "word":
            return None
        after: list[str] = []
        for nxt in self.toks[self.i:self.i + 3]:
            if nxt.kind != "word" or nxt.field is not None or nxt.text in ("AND", "OR", "NOT"):
                break
            after.append(nxt.text)
        for n in range(len(after), 0, -1):
            joined = " ".join([text, *after[:n]])
            try:
                dates.parse_range(joined)
            except DateParseError:
                continue
            return joined
        return None


def _check_date_pair(text: str, root: Node) -> None:
    """``since:`` and ``until:`` side by side in the query text follow the rule the options do: an until
    that ends before the since begins is an error (dates.backwards), not a search that can find nothing."""
    items = root.items if isinstance(root, And) else (root,)
    sinces = [n for n in items if isinstance(n, Range) and n.field == "since"]
    for until in (n for n in items if isinstance(n, Range) and n.field == "until"):
        for since in sinces:
            try:
                dates.filter_range(since.text, until.text)
            except DateFilterError:
                raise QuerySyntaxError(text, f"until:{until.text} ends before since:{since.text} begins: no date "
                                             "is in both", f"until:{until.text}", hint=None) from None


def parse(text: str) -> Node | None:
    """Parse query text into an AST; None for an empty query. Raises QuerySyntaxError with the part at fault."""
    if text is None:
        return None
    if len(text) > MAX_QUERY_CHARS:
        # quoting or --literal leaves it as long: the one way out is a shorter query
        raise QuerySyntaxError(text[:60] + "…", f"the query is {len(text):,} characters long (at most "
                                               f"{MAX_QUERY_CHARS:,}); shorten it", hint=None)
    if not text.strip():
        return None
    # Articles are indexed composed (NFC, ingest/normalize.py); a query typed or pasted decomposed
    # ("g" and a combining breve) was split at the mark and found nothing
    text = unicodedata.normalize("NFC", text)
    root = _Parser(text, tokenize(text)).parse()
    if root is not None:
        _check_date_pair(text, root)
    return root


def quote(text: str) -> str:
    """The text as a literal search: every word searched as itself, no operators or fields."""
    # Wildcards, boosts and slops (* ? ^N ~N) split words, as the articles' text is split there: a pasted
    # question's "referendum?" was a wildcard needing one more letter, and "opec~2" was refused as fuzzy.
    words = re.findall(rf"[^\s{QUOTES}()\[\]{{}}:*?^~]+", text or "")
    # AND, OR and NOT are the small words "and", "or", "not" here (stop words, as in any text); quoted,
    # each was a phrase matching nothing that also kept the other words from their "either" rules.
    # Operators of only symbols (&&, ||, !) are no words at all.
    plain = (w.lower() if w.upper() in ("AND", "OR", "NOT") else w.lstrip("-+!") for w in words)
    literal = " ".join(w for w in plain if re.search(r"\w", w))
    if not literal and (text or "").strip():
        raise QuerySyntaxError(text, "nothing to search: no words, only symbols", hint=None)
    return literal
