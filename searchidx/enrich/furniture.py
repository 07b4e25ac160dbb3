"""The text's own furniture, which names no one the story is about: wire sign-offs, credits, copyright lines.

Taken out of what the entity extractor reads (the stored and searchable text is untouched): "Reuter" at
the foot of every wire story is not an organisation the story mentions.
"""

from __future__ import annotations

import re

# A line that opens with one of these is a credit, not the story
_CREDIT = re.compile(
    r"^\W*(copyright|\(c\)|©|all rights reserved|photo(graph)?s?\s*(:|by)|picture\s*(:|by)|image\s*(:|by)|"
    r"(additional\s+)?reporting\s+by|writing\s+by|editing\s+by|compiled\s+by|edited\s+by|"
    r"contact\s*:|follow\s+(us|me|him|her)\s+on|this\s+(story|article)\s+(was|has\s+been))", re.I)
_SIGN_OFF_WORDS = 3  # "Reuter", "-- AP", "REUTER ANSA": a short last line without a sentence's shape


def _is_sign_off(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _SIGN_OFF_WORDS:
        return False
    if re.search(r"[.?!:;,\"”)]$|\d", line):
        return False  # the end of a sentence, a figure or a quote: story text
    return all(w[0].isupper() or not w[0].isalpha() for w in words)


def story_text(text: str) -> str:
    """``text`` without credit lines anywhere and without the sign-off at its foot."""
    lines = [line for line in text.split("\n") if not _CREDIT.match(line)]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > 1 and _is_sign_off(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)
