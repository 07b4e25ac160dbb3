"""The blocks a site puts on its pages around the story (a newsletter blurb, an "about us" paragraph, a
disclaimer, a copyright notice), told by their wording, so that story grouping reads past them: two
unrelated articles of one site share such a block word for word.

Only the paragraphs at the head and the foot of a text are looked at: a story's own paragraph that
names a newsletter or a cookie law stays.
"""

from __future__ import annotations

import re

# Wording of a site's own furniture, each a kind: a paragraph with two kinds (or one, when short) is one.
# Each kind is looked for (in lower case) only where one of its words is: one regular expression of them all
# read a text at 0.2 us a character, seven times the cost of its signature.
_CUES = [(words, re.compile(pattern)) for words, pattern in (
    (("newsletter",), r"\bnewsletters?\b"),
    (("subscri",), r"\bsubscri(?:be|bers?|ptions?)\b"),
    (("sign ", "log"), r"\bsign (?:up|in)\b|\blog ?in\b"),
    (("follow us",), r"\bfollow us\b"),
    (("reserved", "copyright", "©"), r"\ball rights reserved\b|\bcopyright\b|©"),
    (("not be ",), r"\bnot be (?:reproduced|republished|redistributed|copied)\b"),
    (("necessarily", "views expressed"), r"\bdo(?:es)? not necessarily (?:reflect|represent)\b|\bviews expressed\b"),
    (("policy", "policies", "settings", "notice", "terms of"),
     r"\b(?:privacy|cookie) (?:policy|policies|settings|notice)\b|\bterms of (?:use|service)\b"),
    (("disclaimer", "informational", "advice"),
     r"\bdisclaimer\b|\binformational purposes\b|\b(?:investment|legal|financial|medical) advice\b"),
    (("journalism",), r"\bsupport (?:our|independent|local) journalism\b"),
    ((" us",), r"\babout us\b|\bcontact us\b"),
    (("tips",), r"\bnews tips\b|\bsend (?:us )?(?:your )?tips\b"),
    (("inbox",), r"\bin your inbox\b"),
    (("click", "skip", "download"), r"\bclick here\b|\bskip to (?:main )?content\b|\bdownload (?:our|the) app\b"),
    (("independent", "profit", "award-winning", "family-owned"),
     r"\bis an? (?:independent|non-?profit|award-winning|family-owned) "
     r"(?:news|newspaper|publication|media|magazine|outlet)"),
)]
_SHORT = 15  # words: a short paragraph with one kind of cue ("Sign up for our newsletter.") is one too
_PARAGRAPHS = re.compile(r"\n\s*\n")


_WORDS = re.compile("|".join(re.escape(w) for words, _ in _CUES for w in words))  # most paragraphs stop here


def _is_boilerplate(paragraph: str) -> bool:
    lower = paragraph.lower()
    if not _WORDS.search(lower):
        return False
    kinds = sum(1 for words, cue in _CUES if any(w in lower for w in words) and cue.search(lower))
    return kinds >= 2 or (kinds == 1 and len(paragraph.split()) <= _SHORT)


def story_part(text: str) -> str:
    """``text`` without the boilerplate paragraphs at its head and its foot (paragraphs: blank-line
    separated, or lines in a text without blank lines)."""
    paragraphs = _PARAGRAPHS.split(text.strip())
    if len(paragraphs) == 1:
        paragraphs = paragraphs[0].split("\n")
    start, end = 0, len(paragraphs)
    while start < end and _is_boilerplate(paragraphs[start]):
        start += 1
    while end > start and _is_boilerplate(paragraphs[end - 1]):
        end -= 1
    if (start, end) == (0, len(paragraphs)) or start == end:  # (nearly every text; and one all furniture-worded,
        return text  # whose words are then all it has: a one-paragraph story naming a copyright dispute)
    return "\n\n".join(paragraphs[start:end])
