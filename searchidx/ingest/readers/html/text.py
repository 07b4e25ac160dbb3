"""The article's own text out of a page: blocks kept apart, lists and tables kept as text, chrome dropped."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ...normalize import clean_line, clean_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form", "button"}
_GROUPED = ("- ", "* ", "|")  # list items and table rows stay together, one line each
_TABLE_RULE = re.compile(r"^\|[-|: ]+\|$")  # the |---|---| line under a table's header row: no words


def _blocks(extracted: str) -> str:
    """trafilatura writes one block a line; a blank line between blocks keeps paragraphs apart."""
    out: list[str] = []
    previous_grouped = False
    for line in extracted.split("\n"):
        line = line.strip()
        if not line or _TABLE_RULE.match(line):
            continue
        grouped = line.startswith(_GROUPED)
        if grouped and previous_grouped:
            out[-1] += "\n" + line
        else:
            out.append(line)
        previous_grouped = grouped
    return clean_text("\n\n".join(out))


def main_text(tree: HtmlElement, url: str = "") -> str:
    """The article body as trafilatura finds it, precision first: captions, share bars, teasers, author
    boxes and comment threads left out (F1 0.975 on the 91 hand-marked dev pages, the best measured)."""
    import trafilatura

    extracted = trafilatura.extract(tree, url=url or None, favor_precision=True, include_comments=False,
                                    include_tables=True, include_images=False, include_links=False,
                                    output_format="txt")
    return _blocks(extracted) if extracted else ""


def page_text(tree: HtmlElement) -> str:
    """Every visible block of the page: the last resort when no article body is found."""
    body = next(tree.iter("body"), tree)
    lines: list[str] = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            continue
        if any(p.tag in _SKIP for p in el.iterancestors() if isinstance(p.tag, str)):
            continue
        for piece in ((el.text or ""), ):
            if piece.strip():
                lines.append(clean_line(piece))
        for child in el:
            if child.tail and child.tail.strip():
                lines.append(clean_line(child.tail))
    return clean_text("\n".join(lines))


# Below this many words a page's declared language stands whatever the text looks like; above it, a
# detection this sure of another language wins (probabilities normalised over py3langid's 97 languages).
OVERRULE_MIN_WORDS = 100
OVERRULE_CONFIDENCE = 0.99
# Languages a detector tells apart less surely than a page's author does: a declaration of one stands.
_CLOSE = {"nb": "no", "nn": "no", "bs": "hr", "sr": "hr", "ms": "id"}


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _classified(text: str) -> tuple[str, float]:
    lang, confidence = _identifier().classify(text[:5000])
    return str(lang), float(confidence)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language when the page does not declare one ('' for too little text)."""
    if len(text.split()) < 20:
        return ""
    return _classified(text)[0]


def page_language(declared: str, text: str) -> str:
    """The language a page declares, unless its text is long and plainly in another: site templates declare
    the site's locale (English stories of a German edition, German ones of a site marked English; 4 of the
    91 saved pages of the development set). Without a declaration, the text's own."""
    if not declared:
        return detect_language(text)
    if len(text.split()) < OVERRULE_MIN_WORDS:
        return declared
    detected, confidence = _classified(text)
    if len(detected) != 2 or confidence < OVERRULE_CONFIDENCE or _CLOSE.get(detected, detected) == _CLOSE.get(
            declared, declared):
        return declared
    return detected
