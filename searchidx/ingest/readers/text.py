"""Plain text (.txt) with an optional header block, and Markdown (.md) with YAML front matter."""

from __future__ import annotations

import re
import sys
from typing import Any

import yaml

from ... import dates
from ...errors import ReadError
from ...surrogates import may_hold_surrogates, without_surrogates
from ..article import Article
from ..headers import DEGREES_AFTER, FieldMap, byline_name, norm_key, repeated_key, to_article_fields
from ..normalize import clean_line, clean_text
from .exports import export_of

# a key starts with a letter of any alphabet ("Título:", "Überschrift:"), as settings' fields: may name it
# The key and the colon; the value is the rest of the line without its end spaces (str.rstrip, which
# strips what \s matches: a lazy (.*?)\s*$ tried to end the match at each of the value's characters)
_KEY_COLON = re.compile(r"^\s*([^\W\d_][\w\- ]{0,30}?)\s*:\s*")
_KEY_SPACE = re.compile(r"^\s*([^\W\d_][\w\-]{0,30})\s+(.+?)\s*$")
_BLANK_WITH_SPACES = re.compile(r"\n[ \t\f\v\u00a0]+(?=\n)")  # a line of only spaces separates as a blank line does
_ATX_HEADING = re.compile(r"^#{1,6}[ \t]+([^\n]*?)[ \t#]*(?=\n|$)")
_SETEXT_HEADING = re.compile(r"^([^\n]+)\n(?:=+|-+)[ \t]*(?=\n|$)")
_SEED = re.compile(r"^\s*date\s+(\S+)\s+(.+?)\s*$", re.IGNORECASE)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: nested ``*name`` aliases multiply (a 1 KB front matter can stand for
    hundreds of millions of strings once hashed or indexed), and front matter has no need of them."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.repeats: list[tuple[str, int, int]] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not allowed",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """A key given again keeps its first value (YAML keeps the last, silently), the repeat named by its
        line in ``repeats``: (key, line of the repeat, line of the first) counted from 0."""
        kept: list[tuple[Any, Any]] = []
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.repeats.append((str(key), key_node.start_mark.line, seen[key]))
                continue
            if key is not None:
                seen[key] = key_node.start_mark.line
            kept.append((key_node, value_node))
        node.value = kept
        return super().construct_mapping(node, deep)


# Dates stay the text written: the one date parser reads them (a typo such as 2022-02-30 is then kept as
# unparsed_date, as in a text header, instead of failing the whole file in YAML's own date reading)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)  # type: ignore[type-var]

# YAML 1.1 reads more plain words as booleans and numbers than any writer of front matter means: the
# language code "no" (Norwegian) and the country "NO" became False, "yes" a title True, an id 0123 the
# octal 83, 0x1F 31, a time 10:30 the number 630. As in YAML 1.2, only true/false are booleans and only
# plain decimals numbers; the rest stays the text written.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")


def _bool_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool | str:
    value = str(node.value)
    return value.lower() == "true" if value.lower() in ("true", "false") else value


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    value = str(node.value)
    return int(value) if _DECIMAL.fullmatch(value) else value


def _float_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float | str:
    value = str(node.value)
    return loader.construct_yaml_float(node) if _FLOAT.fullmatch(value) else value


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:bool", _bool_or_text)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:float", _float_or_text)


def _parse_header(lines: list[str], fieldmap: FieldMap, repeats: list[str] | None = None,
                  first_line: int = 1) -> dict | None:
    """A header block is lines of ``key: value`` or ``known-key value``; None if these lines are body text.
    A key given again (``Title`` after ``title``) keeps its first value, as JSON and CSV records do; the
    repeat is named in ``repeats``, by its line counted from ``first_line``."""
    if len(lines) == 1:
        m = _SEED.match(lines[0])
        if m:
            try:
                dates.parse_date(m.group(1), relative=False)
                return {"date": m.group(1), "title": m.group(2)}
            except dates.DateParseError:
                pass
    raw: dict[str, str] = {}
    seen: dict[str, int] = {}  # a key as compared (norm_key) -> the line that gave it
    found: list[str] = []
    # Prose can open with field names too ("Source code of the law...", "Time is running out..."): lines
    # without a colon are header lines only beside a known `key: value` line or a `date 2022-09-20` line.
    anchored = False
    folded = _folded_lines(lines)
    last: str | None = None  # the key of the last `key: value` line, while its value may go on
    for i, line in enumerate(lines):
        if i in folded:
            if last is not None:
                raw[last] = f"{raw[last]} {line.strip()}".lstrip()
            continue
        last = None
        m = _KEY_COLON.match(line)
        if m and not m.group(1).strip().count(" ") > 2:
            key, value = m.group(1).strip(), line[m.end():].rstrip()
            anchored = anchored or fieldmap.is_known(key)
            last = key if norm_key(key) not in seen else None
        else:
            m = _KEY_SPACE.match(line)
            if not m or not fieldmap.is_known(m.group(1)):
                return None
            key, value = m.group(1), m.group(2)
            anchored = anchored or (fieldmap.field_for(key) == "date" and _is_date(value))
        first = seen.setdefault(norm_key(key), first_line + i)
        if first == first_line + i:
            raw[key] = value
        else:
            found.append(repeated_key(key, first_line + i, first))
    if anchored and repeats is not None:
        repeats += found
    return raw if anchored else None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _folded_lines(lines: list[str]) -> set[int]:
    """The lines that carry on the value of the `key: value` line above them, folded as e-mail and Usenet
    headers fold a long subject: indented deeper than that line, with a `key: value` line after them
    (indented lines at the block's end may be a body run straight into the header, and stay body)."""
    folded: set[int] = set()
    run: list[int] = []
    above: int | None = None  # the indent of the `key: value` line the run would continue
    for i, line in enumerate(lines):
        if above is not None and _indent(line) > above:
            run.append(i)
            continue
        if run and _KEY_COLON.match(line):
            folded.update(run)
        run = []
        above = _indent(line) if _KEY_COLON.match(line) else None
    return folded


def _is_date(text: str) -> bool:
    try:
        dates.parse_date(text, relative=False)
        return True
    except dates.DateParseError:
        return False


def _title_from_body(body: str) -> tuple[str, str]:
    first, _, rest = body.partition("\n")
    if first and len(first) <= 150:
        return first.strip(), rest.strip()
    return "", body


# A byline under a headline, as an article copied from a web page into a text file keeps it ("By Ann Lee", "BY ANN
# LEE, Staff Writer", "By Ann Lee and Bo Chan"): "By" and a name's capitalised words
_BYLINE_LINE = re.compile(r"^[Bb][Yy]:?\s+((?:[A-Z][\w.'\u2019-]*|and|&|de|da|van|von|der|al|el|bin)"
                          r"(?:\s+(?:[A-Z][\w.'\u2019-]*|and|&|de|da|van|von|der|al|el|bin)){0,6})"
                          r"(?:,[^.!?]{0,60}|" + DEGREES_AFTER.pattern + ")?$")  # (a role, or degrees: "M.D.")
_LINE_PARTS = re.compile(r"\s+[|\u00b7\u2022]\s+")  # "By Ann Lee | 21 September 2022"


def _byline_and_date(text: str, fields: dict[str, Any]) -> str:
    """The text without the byline and date lines under a headline taken from it, read into the article's author
    and date when it has none: a page copied into a .txt ("Storm hits coast", "By Ann Lee", "20 September 2022",
    then the story) was undated and authorless, those lines its text's first words."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and i < 6:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        parts = _LINE_PARTS.split(line)
        found: dict[str, Any] = {}
        for part in parts:
            byline = _BYLINE_LINE.match(part)
            if byline and "author" not in fields and "author" not in found:
                found["author"] = byline_name(part)
                continue
            try:
                point = dates.parse_date(part, relative=False)
            except dates.DateParseError:
                point = None
            if point is None or "date" in fields or "date" in found:
                return "\n".join(lines[i:]).strip() if i else text
            found["date"], found["date_precision"] = point.value, point.precision
        fields.update(found)
        i += 1
    return "\n".join(lines[i:]).strip() if i else text


def _build(raw: dict, body: str, rel: str, fieldmap: FieldMap, filename: str, title_from_body: bool,
           repeats: list[str] | None = None) -> Article:
    try:
        fields = to_article_fields(raw, fieldmap, rel)
    except ValueError as e:
        raise ReadError(rel, str(e)) from None
    text = clean_text(body)
    if "text" in fields:
        text = "\n\n".join(filter(None, [fields.pop("text"), text]))
    if not fields.get("title") and title_from_body:
        fields["title"], text = _title_from_body(text)
        text = _byline_and_date(text, fields)
    if not fields.get("title"):
        stem = re.sub(r"^\d{4}[-_]?\d{2}[-_]?\d{2}[-_]?", "", filename.split(".")[0])
        fields["title"] = clean_line(stem.replace("-", " ").replace("_", " ")).capitalize()
    if "date" not in fields:
        point = dates.from_filename(filename)
        if point:
            fields["date"], fields["date_precision"] = point.value, point.precision
    fields.setdefault("id", rel)
    if not text and not fields.get("title"):
        raise ReadError(rel, "no text")
    if repeats:
        fields["meta"] = {**fields["meta"], "_read_notes": repeats}
    return Article(path=rel, text=text, **fields)


def read_text(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    """Header block (up to the first blank line) + body; ``date 2022-09-20 Title`` is a header too."""
    content = _BLANK_WITH_SPACES.sub("\n", content.replace("\r\n", "\n").replace("\r", "\n"))
    stripped = content.lstrip("\n")
    if stripped.startswith("---\n"):
        return read_markdown(content, rel, fieldmap, filename)
    export = export_of(content)
    if export is not None:  # a news archive's download of many articles (LexisNexis, Factiva): read as they are
        return export.read(content, rel, fieldmap, filename)
    if "\t" in stripped[:1000] and _is_table(stripped, fieldmap):
        # Excel's "Unicode Text (*.txt)" and other spreadsheets saved as text: a tab-separated table, one
        # article a row (it was one article titled "Title Date Text", every row its text)
        from .table import read_tsv

        return read_tsv(content, rel, fieldmap, filename)
    head, sep, rest = stripped.partition("\n\n")
    lines = [line for line in head.split("\n") if line.strip()]
    top = len(content) - len(stripped) + 1 + (not head.split("\n", 1)[0].strip())  # the file's line of lines[0]
    repeats: list[str] = []
    raw = _parse_header(lines, fieldmap, repeats, top) if lines and len(lines) <= 60 else None
    if raw is None:
        # A header run straight into the body, with no blank line between: its leading `key: value` lines
        n = _leading_header_lines(lines, fieldmap)
        raw = _parse_header(lines[:n], fieldmap, repeats, top) if n else None
        if raw is None:
            return [_build({}, stripped, rel, fieldmap, filename, title_from_body=True)]
        rest = "\n".join(lines[n:]) + "\n\n" + rest
    return [_build(raw, rest, rel, fieldmap, filename, title_from_body=False, repeats=repeats)]


def _is_table(content: str, fieldmap: FieldMap) -> bool:
    """Whether the text is a tab-separated table: a first row of short column names, two or more naming fields,
    one a title or text, and a second row of cells (a header of `Title<tab>Harbour reopens` lines names one)."""
    first, _, rest = content.partition("\n")
    names = [name.strip() for name in first.lstrip("\ufeff").split("\t")]
    fields = [fieldmap.field_for(name) for name in names]
    return (all(name and len(name) <= 40 for name in names) and len([f for f in fields if f]) >= 2
            and any(f in ("title", "text") for f in fields) and "\t" in rest.partition("\n")[0])


def _leading_header_lines(lines: list[str], fieldmap: FieldMap) -> int:
    """How many lines at the top are `key: value` lines, when the first has a known key and a body line follows."""
    n = 0
    for line in lines[:60]:
        m = _KEY_COLON.match(line)
        if not m or m.group(1).strip().count(" ") > 2 or (n == 0 and not fieldmap.is_known(m.group(1))):
            break
        n += 1
    return n if 0 < n < len(lines) else 0


def read_markdown(content: str, rel: str, fieldmap: FieldMap, filename: str) -> list[Article]:
    """YAML front matter between ``---`` lines, then the text (Markdown kept as written)."""
    content = content.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    # (?:(.*?)\n)?: front matter may be empty ("---" then "---"), as Jekyll pages with no settings have it
    toml = re.match(r"^\s*\+\+\+\n(?:(.*?)\n)?\+\+\+[ \t]*(?:\n|$)", content, re.DOTALL)
    if toml:  # Hugo's and Zola's TOML front matter
        top = content[:toml.start(1)].count("\n") + 1 if toml.group(1) is not None else 0  # the file's line of its 1st
        return [_front_matter(_toml(toml.group(1) or "", rel, top), content[toml.end():], rel, fieldmap, filename)]
    m = re.match(r"^\s*---\n(?:(.*?)\n)?(?:---|\.\.\.)\s*(?:\n|$)", content, re.DOTALL)
    if not m:
        if content.lstrip().startswith("---"):
            return _bad(rel)
        return read_text(_heading_as_text(content), rel, fieldmap, filename)
    loader = _FrontMatterLoader(m.group(1) or "")
    top = content[:m.start(1)].count("\n") + 1 if m.group(1) is not None else 0  # the file's line of its first
    try:
        raw = loader.get_single_data() or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" line {top + mark.line}" if mark else ""  # (it said line 3 of a line 5 after two blank lines)
        raise ReadError(rel, f"invalid YAML front matter{line}: {getattr(e, 'problem', e)}") from None
    finally:
        loader.dispose()
    repeats = [repeated_key(key, top + line, top + first) for key, line, first in loader.repeats]
    if not isinstance(raw, dict):
        raise ReadError(rel, "front matter is not a mapping of key: value")
    if may_hold_surrogates(m.group(1) or ""):
        raw = without_surrogates(raw)
    return [_front_matter(raw, content[m.end():], rel, fieldmap, filename, repeats)]


def _front_matter(raw: dict, body: str, rel: str, fieldmap: FieldMap, filename: str,
                  repeats: list[str] | None = None) -> Article:
    body = _heading_as_text(body) if not raw.get("title") else body
    title_from_body = not any(fieldmap.field_for(k) == "title" for k in raw)
    return _build(raw, body, rel, fieldmap, filename, title_from_body=title_from_body, repeats=repeats)


def _toml(text: str, rel: str, top: int = 2) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # the same parser, as a package (a dependency on 3.10 only)
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        # its line counted in the file, as a YAML front matter's is ("at line 3" was the front matter's third)
        why = re.sub(r"\(at line (\d+), column (\d+)\)$", lambda m: f"(at line {top + int(m[1]) - 1}, column {m[2]})",
                     str(e))
        raise ReadError(rel, f"invalid TOML front matter: {why}") from None


def _heading_as_text(body: str) -> str:
    """The first line as plain text when it is a Markdown heading (``## Title ##``, or underlined with
    ``===``/``---``): the title, not ``# Title``."""
    body = _ATX_HEADING.sub(r"\1", body.lstrip(), count=1)
    return _SETEXT_HEADING.sub(r"\1", body, count=1)


def _bad(rel: str) -> list[Article]:
    raise ReadError(rel, "front matter starts with --- but never ends")
