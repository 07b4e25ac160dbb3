"""One article (its metadata, entities and text) or one story (its copies and what each changed), as text or json."""

from __future__ import annotations

import json
import os
import textwrap
from typing import IO

from ..search.results import ArticleRecord, Story
from .text import one_line, terminal_width, without_bidi


def render_article(article: ArticleRecord, fmt: str, out: IO[str]) -> None:
    if fmt == "json":  # default=str: an index built before readers made metadata plain JSON may hold dates
        json.dump(article.to_dict(), out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return
    out.write(f"{article.title}\n{'=' * min(len(without_bidi(article.title)), terminal_width())}\n")
    for label, value in (("id", article.id), ("date", article.date or "undated"), ("source", article.source),
                         ("author", article.author), ("url", article.url), ("path", article.locator),
                         ("lang", article.lang), ("kind", article.kind if article.kind != "article" else "")):
        if value:  # (one line each, whatever a file's name holds)
            out.write(f"{label + ':':<8} {one_line(value)}\n")
    for etype, names in article.entities.items():
        if names:
            out.write(f"{etype + ':':<8} {', '.join(names)}\n")
    for key, value in sorted(article.meta.items()):
        out.write(f"{key + ':':<8} {value if not isinstance(value, list) else ', '.join(map(str, value))}\n")
    out.write("\n")
    for para in article.text.split("\n\n"):
        out.write(textwrap.fill(" ".join(para.split()), terminal_width()) + "\n\n")


def render_story(story: Story, fmt: str, out: IO[str]) -> None:
    """A story's copies in date order, with what each changed against the earliest."""
    if fmt == "json":
        json.dump(story.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    n = len(story.copies)
    out.write(f"story {story.id}: {n} cop{'y' if n == 1 else 'ies'}, first seen {story.first_seen or 'undated'}, "
              f"sources: {', '.join(story.sources) or '-'}\n")
    width = terminal_width()
    for i, c in enumerate(story.copies):
        sim = f"  similarity {c.similarity:.2f}" if c.similarity is not None and i else ""
        out.write(f"\n{c.date or 'undated':<20} {c.source or '-':<16} [{one_line(c.id)}]{sim}\n")
        out.write(f"  {c.title}\n")
        if i == 0:
            out.write("  (earliest copy)\n")
            continue
        if c.title_changed:
            out.write("  headline changed\n")
        if not c.added and not c.removed:
            out.write("  same paragraphs as the earliest copy\n")
        for label, paras, others in (("+", c.added, c.removed), ("-", c.removed, c.added)):
            for p in paras[:5]:
                out.write(f"  {label} " + _changed_part(p, others, width - 4) + "\n")
            if len(paras) > 5:
                out.write(f"  {label} ... {len(paras) - 5} more\n")


def _changed_part(para: str, others: list[str], width: int) -> str:
    """A changed paragraph in one line of ``width``, from a few words before where it first differs from the
    paragraph of the other copy most like it: cut from its start, a paragraph changed in its last words
    showed the same line under + and - ('+ Officials in Springfield announced [...]' twice)."""
    para = " ".join(para.split())
    same = max((len(os.path.commonprefix([para, " ".join(o.split())])) for o in others), default=0)
    if len(textwrap.shorten(para[:same], width, placeholder="")) < len(para[:same].rstrip()):
        start = para.rfind(" ", 0, max(same - 30, 0)) + 1  # (a few words of context before the change)
        return textwrap.shorten("[...] " + para[start:], width)
    return textwrap.shorten(para, width)
