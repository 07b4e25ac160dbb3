"""Turning raw bytes and strings into clean text: encodings, unicode forms, whitespace."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_MANY_NEWLINES = re.compile(r"\n{3,}")


class BinaryContent(ValueError):
    """Bytes that are not text in any encoding."""


WESTERN = ("cp1252", "latin_1", "iso8859_15")  # charset_normalizer's names


def decode(data: bytes) -> str:
    """Decode article bytes: UTF-8 (with or without BOM) first, then the detected encoding.

    Raises BinaryContent for data that is not text (NUL-heavy or undecodable).
    """
    if not data:
        return ""
    head = data[:8192]
    if head.count(b"\x00") > max(8, len(head) // 100) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BinaryContent("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    found = from_bytes(data[:200_000])
    best = found.best()
    if best is not None and best.encoding:
        # Short text often reads equally well in several single-byte code pages (cp1250's "ŕ" where
        # cp1252 has "à"), and the detector then takes the first: among equals, newsroom text is most
        # likely Western European.
        tied = {m.encoding for m in found if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
        encoding = next((e for e in WESTERN if e in tied), best.encoding)
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass
    # Every byte is a character in cp1252/latin-1: newsroom text that failed detection is most likely this.
    text = data.decode("cp1252", errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:8192])
    if printable < 0.9 * min(len(text), 8192):
        raise BinaryContent("binary file, not text in any encoding")
    return text


def clean_text(text: str) -> str:
    """NFC, unified newlines, no control characters, single spaces, at most one blank line in a row."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(text: str) -> str:
    """One-line fields (title, source, author): whitespace collapsed, controls removed."""
    if not text:
        return ""
    return " ".join(_CONTROL.sub("", unicodedata.normalize("NFC", str(text))).split())
