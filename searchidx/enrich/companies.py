"""Company names by their marks: a legal suffix (Inc, Corp, Ltd, Plc, AG...), a stock ticker after the name,
or the wire's angle brackets.

"Acme Corp <ACM>", "ACME <ACM.N> SAYS", "Acme Corp (NYSE: ACM)" and "<Acme Ltd>" all say the name is a
company's, whatever its words look like ("Commercial Credit" would otherwise read as a person).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import ascii_words

# Suffixes that end a company's name; the tails also occur written with dots ("N.V.", "Corp.")
COMPANY_TAILS = {"N.V.", "NV", "AG", "SA", "S.A.", "GmbH", "BV", "B.V.", "SpA", "AB", "ASA", "Bhd", "Pty", "KK",
                 "Plc", "plc", "LP", "L.P.", "Corp.", "Inc.", "Ltd.", "Co."}
_LEGAL = {"Inc", "Corp", "Co", "Ltd", "Plc", "PLC", "plc", "LP", "Limited", "Corporation", "Incorporated", "AG", "SA",
          "NV", "GmbH", "BV", "SpA", "Bhd", "Pty", "KK", "LLC", "Llc", "LLP", "Partnership", "A/S", "Cos", "NL"}
_TICKER = r"(?:<[A-Z0-9][A-Z0-9.]{0,9}>|\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|OTC)\s*:\s*[A-Z][A-Z.]{0,6}\))"
_TICKER_RE = re.compile(r"\s*" + _TICKER)
# The ticker alone: where a text has one is found far faster without the leading \s*, which the regex
# engine tries at every position of the text; re can skip from one < or ( to the next
_TICKER_AT = re.compile(_TICKER)
_CAPS_HEADLINE_NAME = re.compile(r"(?:^|[/:,]\s*)([A-Z][A-Z0-9&.'\- ]*?)\s*" + _TICKER)
# the name that ends right before a ticker, read backwards from the ticker over a short window
# (with the small words of other languages' firm names: "Bilfinger und Berger-Bau AG", "Banca D'America e D'Italia")
_NAME_AT_END = re.compile(r"((?:[A-Z][\w&.'\u2019/-]*\s+(?:(?:of|and|&|the|de|du|del|della|di|e|et|und|y|van|von|der)"
                          r"\s+)?){0,5}[A-Z][\w&.'\u2019/-]*)\s*$")
# a full stop after a small letter or a digit ends a sentence ("Inc. Pennzoil"), not one after an initial ("E.F.
# Hutton") nor a short form of Saint, Mount or Fort ("St. Joe Minerals")
# (and a legal suffix before "and" ends one company: "First Securities Inc and E.F. Hutton Group Inc <EFH>")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])(?<!\bSt)(?<!\bMt)(?<!\bFt)\. |"
                           r"\b(?:Inc|Corp|Co|Ltd|Plc|PLC|AG|SA|NV)\.? (?:and|&) (?=[A-Z])")
_BRACKETED = re.compile(r"<([A-Z][^<>]{1,80}?)>")
_CAPS_SMALL = {"OF": "of", "AND": "and", "THE": "the", "DE": "de", "&": "&"}
_WORD = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")

TICKER_RULE = "company marked by its ticker"
BRACKET_RULE = "company in the wire's angle brackets"


@lru_cache(maxsize=1 << 14)  # asked of every word of every name span
def is_legal(tok: str) -> bool:
    """A company's legal suffix (Inc, Corp., Ltd, PLC, AG...): the words before it are the company's name."""
    return tok.rstrip(".").replace(".", "") in _LEGAL or tok in COMPANY_TAILS


def _words(text: str) -> str:
    """Lower-case words joined by single spaces: 'Inc' is found as a word, never inside 'includes'."""
    if text.isascii():
        return b" ".join(ascii_words(text)).decode()
    return " ".join(_WORD.findall(text.lower()))


def _drop_tickers(text: str) -> str:
    """The text without its tickers and the spaces before them."""
    return _TICKER_RE.sub("", text) if _TICKER_AT.search(text) else text


def _from_capitals(words: list[str], body: str) -> list[str]:
    """A capitals headline hides where the name starts ("HARRIS CUTS CYCLOPS <CYL>"): the longest ending
    that the story itself uses, else the whole when it ends in a legal suffix or is short."""
    words = [_CAPS_SMALL.get(w, w.capitalize() if len(w) > 3 or not w.isalpha() or w in ("CO", "INC", "LTD", "PLC")
                             else w) for w in words]
    for k in range(len(words)):
        ending = words[k:]
        if (len(ending) > 1 or not is_legal(ending[0])) and f" {_words(' '.join(ending))} " in body:
            return ending
    return words if words and (is_legal(words[-1]) or len(words) <= 2) else []


def _as_written(name: str, text: str) -> str:
    """A name read from a capitals headline as the story writes it: "STANDARD OIL" is "Standard Oil" when the
    story says so, not the "Standard OIL" that capitalising the headline's longer words gives."""
    at = text.lower().find(name.lower())
    if at < 0 or (at and text[at - 1].isalnum()) or text[at + len(name):at + len(name) + 1].isalnum():
        return name
    return text[at:at + len(name)]


def marked_companies(title: str, text: str) -> tuple[list[tuple[str, str]], str, str]:
    """(name, rule) for each company a ticker or angle brackets mark, and the title and text without
    the marks (tickers dropped, brackets opened), for the name rules to read."""
    found: list[tuple[str, str]] = []
    if "<" not in title and "<" not in text and "(" not in title and "(" not in text:
        return found, title, text
    if title.isupper():
        body = ""  # the story's words, read when the headline names a ticker
        for m in _CAPS_HEADLINE_NAME.finditer(title):
            body = body or f" {_words(text)} "
            words = _from_capitals(m.group(1).split(), body)
            if words:
                found.append((_as_written(" ".join(words), text), TICKER_RULE))
    # The text's pieces between its tickers: the text without them is these joined, as _TICKER_RE.sub("",
    # text) would give (each ticker with the spaces before it), without that pattern's \s* tried at
    # every position of the text
    kept: list[str] = []
    at = 0
    for where, is_text in (((text, True),) if title.isupper() else ((title, False), (text, True))):
        for m in _TICKER_AT.finditer(where):
            start = m.start()
            while start and where[start - 1].isspace():  # where _TICKER_RE's match starts: the spaces before it
                start -= 1
            if is_text:
                kept.append(text[at:start])
                at = m.end()
            named = _NAME_AT_END.search(where[max(0, start - 120):start])
            if named:
                # "Shell's <RD>"; a name wrapped over two lines is one name, with one space; what a sentence's
                # end leaves before it is not ("Drexel Burnham Lambert Inc.\nPennzoil Co <PZL>", not "E.F. Hutton")
                name = _SENTENCE_END.split(" ".join(named.group(1).split()))[-1]
                if " " in name or not is_legal(name):  # ("Unilever Plc and NV <UN.A>": no suffix alone)
                    found.append((_POSSESSIVE.sub("", name), TICKER_RULE))
    for m in _BRACKETED.finditer(text):
        name = _POSSESSIVE.sub("", " ".join(m.group(1).split()))  # "<MTS Acquisition Corp's>"
        if ", " in name and is_legal(tail := name.rsplit(", ", 1)[1]):
            name = name.rsplit(", ", 1)[0] + " " + tail  # "<Hunter Helicopter of Nevada, Inc>", as the text reads it
        if not _TICKER_RE.fullmatch(f"<{name}>") and (" " in name or name[1:].islower()):
            found.append((name, BRACKET_RULE))
    if kept:
        kept.append(text[at:])
    # (a name the wire wrapped inside its brackets is one line again: "<VDO ... Werk Adolf\nSchindling GmbH>")
    text = _BRACKETED.sub(lambda mm: " ".join(mm.group(1).split()) if "\n" in mm.group(1) else mm.group(1),
                          "".join(kept) if kept else text)
    return found, _drop_tickers(title), text
