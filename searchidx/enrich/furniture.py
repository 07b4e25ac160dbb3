"""The text's own furniture and layout, as the entity extractor should read past them: wire sign-offs,
credits and copyright lines name no one the story is about; hard line wraps cut names in two.

Only what the extractor reads changes (the stored and searchable text is untouched): "Reuter" at the
foot of every wire story is not an organisation the story mentions.
"""

from __future__ import annotations

import re

from .companies import is_legal
from .wordlists import TITLE_CUES

# A line that opens with one of these is a credit, not the story
_CREDIT = re.compile(
    r"^\W*(copyright|\(c\)|©|all rights reserved|photo(graph)?s?\s*(:|by)|picture\s*(:|by)|image\s*(:|by)|"
    r"(additional\s+)?reporting\s+by|writing\s+by|editing\s+by|compiled\s+by|edited\s+by|"
    r"contact\s*:|follow\s+(us|me|him|her)\s+on|this\s+(story|article)\s+(was|has\s+been))", re.I)
# A caption line that ends in its credit ("Susan Rice Image: White House.", "The crater. Photo: NASA"): the
# credit names who took the picture, not whom the story is about; the caption before it stays
_CAPTION_CREDIT = re.compile(r"^(.{0,150}?)\s*(?:\b|(?<=[a-z]))(?:Image|Photo(?:graph)?|Picture|IMAGE|PHOTO)s?\s*"
                             r"(?:[Cc]redit\s*)?:"
                             r"\s*\S(?:[^.:]|\.(?=\S| \()){0,80}\.?\s*$")
# (a dot inside the credit is an initial's when a letter or "(" follows it: "Image: Mano B.a. (YouTube)."; the
# credit glued to its caption, as a scraper joining a page's elements without a space writes it, is one too:
# "Don BlankenshipImage: Brianhayden1980." gave the person 'Don BlankenshipImage')
_SIGN_OFF_WORDS = 3  # "Reuter", "-- AP", "REUTER ANSA": a short last line without a sentence's shape


def _is_sign_off(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _SIGN_OFF_WORDS:
        return False
    if re.search(r"[.?!:;,\"”)]$|\d", line):
        return False  # the end of a sentence, a figure or a quote: story text
    return all(w[0].isupper() or not w[0].isalpha() for w in words)


_CREDIT_WORDS = ("Image", "Photo", "Picture", "IMAGE", "PHOTO")


def _drop_credit(line: str) -> str:
    # (substring tests first: the pattern's lazy caption is tried at up to 150 places of a line)
    if ":" not in line or len(line) > 250 or not any(w in line for w in _CREDIT_WORDS):
        return line
    m = _CAPTION_CREDIT.match(line)
    return m.group(1) if m else line


def story_text(text: str) -> str:
    """``text`` without credit lines anywhere and without the sign-off at its foot."""
    lines = [line for line in text.split("\n") if not _CREDIT.match(line)]
    if ":" in text:  # (no credit without its colon: most texts are answered here)
        lines = [_drop_credit(line) for line in lines]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) > 1 and _is_sign_off(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


_WRAP_AT = 40  # a line this long that stops mid-sentence was wrapped by the sender, not ended
# How a line that ends a sentence ends (for str.endswith: a regex search tried every position of the line)
_SENTENCE_END = (".", "!", "?", ":", '"', "\u201d")


def _ends_in_title_and_name(prev: str, line: str) -> bool:
    """A short line cut inside a titled name ("U.S. Agriculture Secretary Richard" / "Lyng does not ..."):
    the first line of a wire story is short when its dateline went to a header."""
    words = prev.rsplit(None, 2)
    return len(words) > 1 and words[-2].rstrip(".") in TITLE_CUES and words[-1][:1].isupper() \
        and line[:1].isupper()


def _first_line_cut_in_name(prev: str, line: str) -> bool:
    """A story's first line, short because its dateline went to a header, cut between two words of a name
    ("<CCL Industries Inc>'s Continental Can" / "Canada Inc unit said ...", "Public Service Co of New" / "Mexico
    said ..."): it ends in a capitalised word, the next line opens with one and goes on as prose (a small word
    among its first six: not a table's or a heading's next line, "New York" / "Sarich Technologies Trust")."""
    last = prev[prev.rfind(" ") + 1:]
    return last[:1].isupper() and line.lstrip()[:1].isupper() and not prev.isupper() \
        and any(w[:1].islower() for w in line.split(None, 6)[1:6])


def _opens_with_suffix(line: str) -> bool:
    """Does a line open with a company's legal suffix ("Inc, Emmett A. Larkin ...")? No sentence does: the line
    before ends the company's name, however short it is (a story's first line, cut by its dateline)."""
    return is_legal(line.split(None, 1)[0].rstrip(",.;:"))  # (asked of lines with a word only)


def unwrap(text: str) -> str:
    """Hard-wrapped lines (wire copy, plain-text mail) joined back into their sentences: "of Sealy" and
    "Inc through" on two lines are one name. A short line, or one ending a sentence, stays a line."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        prev = out[-1].rstrip()
        if line.strip() and prev and (len(prev) >= _WRAP_AT or line.lstrip()[:1].islower()
                                      or _ends_in_title_and_name(prev, line) or _opens_with_suffix(line)
                                      or (len(out) == 1 and _first_line_cut_in_name(prev, line))) \
                and not prev.endswith(_SENTENCE_END):
            out[-1] = prev + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)
