"""Turning raw bytes and strings into clean text: encodings, unicode forms, whitespace; and the source an
article without one gets from its URL."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from charset_normalizer import from_bytes

from . import cyrillic

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
# The controls that end a line or a page (pdftotext's form feed, Word's vertical tab, the separators): deleted
# as controls, they joined the words on either side ("one\fStart" indexed as "oneStart"). (U+2028 and NEL
# are no controls: they stay, and part words in the index as any white space does.)
_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e]")
_MANY_NEWLINES = re.compile(r"\n{3,}")
# _CONTROL, and the white space that str.split() breaks at but _SPACES leaves as it is: text without
# them (nearly all) is cleaned by str methods alone
_NOT_PLAIN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff\x85\u1680\u2028\u2029]")


class BinaryContent(ValueError):
    """Bytes that are not text in any encoding."""


WESTERN = ("cp1252", "latin_1", "iso8859_15")  # charset_normalizer's names
# ASCII control bytes and white space: a file of nothing else holds no text
_CONTROL_BYTES = bytes(range(32)) + b" \x7f"


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode article bytes: UTF-8 (with or without BOM) first, then the encoding the file ``declared`` (a
    web page's ``<meta charset>``), if it reads the bytes, else the detected encoding.

    Raises BinaryContent for data that is not text (NUL-heavy or undecodable).
    """
    if not data:
        return ""
    if not data.strip(_CONTROL_BYTES) and data.strip():  # (stops at the first letter of a text)
        # A few NULs and no text (a small file zeroed by a crash, junk named .txt): under the NUL share
        # below, it was read as an article of no text, titled after its file name.
        raise BinaryContent("binary file (control bytes only), not text")
    marked = next((encoding for mark, encoding in _WIDE_MARKS if data.startswith(mark)), None)
    if marked:
        # Told by its byte order mark (Notepad's "Unicode", Excel's "Unicode Text"): left to the detector,
        # text with a few non-ASCII letters was read as latin-1 ("ÿþt\x00i\x00t\x00l\x00e\x00"), ranked level
        return _printable_or_binary(data.decode(marked, errors="replace"), "binary file, not text")
    head = data[:8192]
    if head.count(b"\x00") > max(8, len(head) // 100):
        wide = _utf16_without_bom(head)
        if not wide:
            raise BinaryContent("binary file (NUL bytes), not text")
        return _printable_or_binary(data.decode(wide, errors="replace"), "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        cut = e.start if e.reason == "unexpected end of data" else -1
    if cut >= 0 and (len(data) - cut >= 2 or _UTF8_WIDE.search(data, 0, cut)):
        # A UTF-8 file cut off inside its last character (a copy or a download that stopped): the rest is UTF-8.
        # Detected as a whole, ASCII text ending in two bytes of a character came out as Shift-JIS ("word 窶").
        # (One lead byte alone, in a file of no other UTF-8, may be a code page's letter: "café" in cp1252.)
        return data[:cut].decode("utf-8-sig")
    if declared:
        # What the page says it is, as a browser reads it: the detector took a Baltic page's windows-1257 for
        # cp1252 ("Þinios" for "Žinios"), its words then found by no search
        try:
            return _printable_or_binary(data.decode(_as_browsers_read(declared)), "binary file, not text")
        except (UnicodeDecodeError, LookupError):
            pass
    mixed = _utf8_with_strays(data)
    if mixed is not None:
        return mixed
    found = from_bytes(data[:200_000])
    best = found.best()
    if best is not None and best.encoding:
        # Short text often reads equally well in several single-byte code pages (cp1250's "ŕ" where
        # cp1252 has "à"), and the detector then takes the first: among equals, newsroom text is most
        # likely Western European.
        tied = {m.encoding for m in found if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
        encoding = next((e for e in WESTERN if e in tied), best.encoding)
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            pass
        else:
            # Of text nearly all ASCII (English with a name or two: "Müller", "Bogotá"), the detector's
            # language fit measures the ASCII letters, and it chose among code pages by chance (cp775's
            # "M³ller", cp1257's "Bogotį"): Western European, as among equals, unless its reading is marked.
            if encoding not in WESTERN and _non_ascii_share(data[:200_000]) <= 0.01:
                western = _first_read_well(data, [WESTERN[0]])
                if western is not None:
                    return western
            cyrillic_text = _as_cyrillic(data, encoding, text)
            if cyrillic_text is not None:
                return cyrillic_text
            if _misread(text) < 2:
                return text
            return _first_read_well(data, [WESTERN[0], *(m.encoding for m in found)]) or text
    # Every byte is a character in cp1252/latin-1: newsroom text that failed detection is most likely this.
    text = data.decode("cp1252", errors="replace")
    if _misread(text):
        text = cyrillic.reading(data) or text
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:8192])
    if printable < 0.9 * min(len(text), 8192):
        raise BinaryContent("binary file, not text in any encoding")
    return text


def _as_cyrillic(data: bytes, encoding: str, text: str) -> str | None:
    """The Cyrillic reading of ``data`` (cyrillic.reading) when it reads better than the detector's ``text`` in
    ``encoding``: an East Asian reading most of whose characters are rare (KOI8-R's "Привет мир" was read as
    Shift-JIS: "崹ﾉﾗﾅﾔ ﾍﾉﾒ"), any Cyrillic page's (the best of them is taken), or another page's reading that
    shows a misread or words of mixed case; None otherwise. Western readings are left to _misread's rules."""
    if encoding in WESTERN:
        return None
    if cyrillic.is_east_asian(encoding):
        if cyrillic.rare_share(text[:200_000], encoding) < 0.5:
            return None
        return cyrillic.reading(data, cyrillic.AGAINST_EAST_ASIAN)
    if cyrillic.is_cyrillic_page(encoding) or _misread(text) or cyrillic.ill_cased(text):
        return cyrillic.reading(data)
    return None


# Labels browsers read as a wider code page (the WHATWG Encoding Standard): a page declaring latin-1 is
# written in cp1252 as often as not, with curly quotes in bytes latin-1 leaves to control characters
_BROWSER_READS = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
                  "latin5": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874", "gb2312": "gb18030",
                  "gbk": "gb18030", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "shift_jis": "cp932",
                  "x-sjis": "cp932", "sjis": "cp932", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}


def _as_browsers_read(label: str) -> str:
    return _BROWSER_READS.get(label.strip().lower(), label.strip())


# UTF-32's marks first: its little-endian one starts with UTF-16's
_WIDE_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
               (codecs.BOM_UTF16_BE, "utf-16"))


def _printable_or_binary(text: str, why: str) -> str:
    """``text``, unless a tenth of its first 4,096 characters are neither printable nor line breaks or tabs."""
    if sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:4096]) < 0.9 * min(len(text), 4096):
        raise BinaryContent(why)
    return text


# Arabic presentation forms: a DOS code page's (cp864) reading of Western bytes ("café" as "cafﻠ"); text
# typed in Arabic holds the letters themselves
_PRESENTATION_FORMS = re.compile(r"[\ufb50-\ufdff\ufe70-\ufefe]")
# a word of letters holding one that is not ASCII (words of ASCII letters only are read alike in every code page)
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")
# a non-ASCII sign or number between two letters (Catalan's "l·l" is one, rarely twice in a text)
_SIGN_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2010-\u2015\u2018-\u201f\u00ad](?=[^\W\d_])")
_SCRIPT_GROUP = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK"}  # one Japanese word mixes them


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "").split(" ")[0]
    return _SCRIPT_GROUP.get(name, name)


def _misread(text: str) -> int:  # (of the first 200,000 characters: as many as the detector reads)
    """Marks of text decoded in the wrong code page: words mixing scripts ("cafй"), a sign inside a word
    ("M³ller", "·ter²": cp1252's letters read in a DOS code page) and Arabic presentation forms (cp864's
    reading of Western letters: "cafﻠ"), two each; Latin words most of whose letters carry a mark
    (Cyrillic read as cp1250: "Ďđčâĺň"; real words have few: "déclaré", "będą"), one each."""
    text = text[:200_000]
    marks = 2 * (len(_PRESENTATION_FORMS.findall(text)) + len(_SIGN_IN_WORD.findall(text)))
    for word in _NON_ASCII_WORD.findall(text):
        if len(word) < 3:
            continue
        scripts = {_script(c) for c in word}
        if len(scripts) > 1:
            marks += 2
        elif scripts == {"LATIN"} and 2 * sum(len(unicodedata.normalize("NFD", c)) > 1 for c in word) > len(word):
            marks += 1
    return marks


def _first_read_well(data: bytes, encodings: Iterable[str]) -> str | None:
    """The first reading of ``data`` in ``encodings`` without a mark of a misread (``_misread``), if any.
    Short text reads equally well to the detector in many code pages: "Привет мир" in cp1251 was taken for
    cp1250 ("Ďđčâĺň ěčđ"), "café" in cp1252 for cp864 ("cafﻠ")."""
    for encoding in dict.fromkeys(encodings):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not _misread(text):
            return text
    return None


_HIGH_BYTES = bytes(range(128, 256))


def _non_ascii_share(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _HIGH_BYTES))) / max(1, len(data))


# A character of two to four bytes in UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF)
_UTF8_WIDE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
                        rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                        rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


def _as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: the bytes that are not UTF-8 read as cp1252 (latin-1 for its five unused ones)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start:error.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), error.end



def _utf8_with_strays(data: bytes) -> str | None:
    """UTF-8 text holding some bytes that are not UTF-8 (a paragraph pasted from a cp1252 or latin-1 file,
    a file cut short inside a character), read as UTF-8 with each stray byte read as cp1252. Read as one
    detected code page, its UTF-8 characters all came out as two or three wrong ones ("cafÃ©"), so the
    words holding them were not found.

    Told by its runs of non-ASCII bytes: each one there is UTF-8 or holds none of it ("é" in cp1252), and
    at least one in five is UTF-8. None otherwise: a single-byte text holds next to no UTF-8 by chance, and
    an East Asian one (GBK, Big5, Shift-JIS, EUC-KR) holds UTF-8-like pairs inside its runs of other bytes."""
    utf8 = strays = tangled = 0
    for run in _NON_ASCII.findall(data):
        try:
            run.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            strays += 1
            tangled += _UTF8_WIDE.search(run) is not None
    if not utf8 or strays > 4 * utf8 or tangled > 1 + strays // 10:
        return None
    # registered here, when first needed, not on import: importing searchidx changes no global state
    codecs.register_error("searchidx.cp1252", _as_cp1252)
    return data.decode("utf-8", errors="searchidx.cp1252")


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without a byte order mark (some Windows tools): Latin text then has a NUL in every other
    byte, and none in the others. None for anything else."""
    even, odd = head[0::2], head[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.01 * len(others):
            return encoding
    return None


def clean_text(text: str) -> str:
    """NFC, unified newlines, no control characters, single spaces, at most one blank line in a row."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _NOT_PLAIN.search(text):
        text = _CONTROL.sub("", _BREAKS.sub("\n", text))
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    else:  # no control character, and every space is one of _SPACES: str.split() reads the same runs, 3x faster
        lines = [" ".join(line.split()) for line in text.split("\n")]
    text = "\n".join(lines)
    return (_MANY_NEWLINES.sub("\n\n", text) if "\n\n\n" in text else text).strip()


def clean_line(text: str) -> str:
    """One-line fields (title, source, author): whitespace collapsed, controls removed."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub("", _BREAKS.sub(" ", unicodedata.normalize("NFC", str(text)))).split())


def site_of(url: str) -> str:
    """The site a URL is on, as a source name: its host's registered domain by the Public Suffix List
    (``https://en.wikinews.org/wiki/x`` -> ``wikinews.org``, ``news.bbc.co.uk`` -> ``bbc.co.uk``; a site
    under a shared host keeps its own name: ``someone.github.io``). '' for a host with none (an IP address,
    ``localhost``, ``file:`` URLs). The list is the snapshot the ``tld`` package ships: nothing is fetched."""
    from tld import get_fld  # only for articles with a URL and no source (start-up time)

    url = url.strip()
    scheme = _SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https"):  # mailto:, file:, ftp: name no news site
        return ""
    try:
        found = get_fld(url, fix_protocol=True, fail_silently=True)
    except (ValueError, TypeError):  # a URL too malformed even to split
        return ""
    site = str(found).lower() if found else ""
    return site if _HOST.fullmatch(site) else ""  # not "a b.com" or ".com" from a broken host


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+")
