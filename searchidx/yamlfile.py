"""The one YAML reader of searchidx: settings, entity registries and saved queries are all read here.

``YamlFile(path, ConfigError, "settings file")`` reads and composes the file, and refuses at once what
none of these files needs and what can hurt:

- a file that cannot be read, is not UTF-8, or is not YAML (``file:line: invalid YAML: ...``);
- YAML aliases (``*name``): nested ones multiply (432 bytes took 3.4 GB);
- any value longer than MAX_VALUE_CHARS, and values nested more than MAX_DEPTH deep;
- a key written twice in one mapping (naming both lines), at any depth;
- any tag beyond plain YAML data (``!!python/...``).

Dates stay the text that was written (``since: 2019-02-30`` is read, and judged, like ``"2019-02-30"``):
YAML's own date reading fails with no file, line or key. Callers walk the nodes with the line each was
written on (``pairs``, ``entries``, ``items``) and build values with ``value``, so every later error can
name the file and line too. Errors are raised as ``error(message, path, line)`` with the error class the
caller passed (ConfigError, SavedQueryError: see errors._InFile), so each kind of file keeps its messages.

The registry is read on every search: the file is composed by libyaml when PyYAML has it, and plain
values (strings, lists, mappings) are built straight from the nodes rather than by PyYAML's constructor,
which took most of the time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml when PyYAML was built with it: composing is ~8x faster than in pure Python.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_VALUE_CHARS = 10_000
MAX_DEPTH = 100  # lists and mappings inside each other; these files need a handful

_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
# the scalars YAML reads as other than text from how they look: their written text is kept by ``written``
_PLAIN_TAGS = frozenset({_STR, _TIMESTAMP, "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                         "tag:yaml.org,2002:float"})

ErrorClass = Callable[[str, "str | None", "int | None"], Exception]


class _DatesAsTextLoader(yaml.SafeLoader):
    """PyYAML's safe constructor, for the values not built directly (numbers, booleans, null, !!set, ...);
    dates stay text here too."""


_DatesAsTextLoader.add_constructor(_TIMESTAMP, yaml.SafeLoader.construct_scalar)  # type: ignore[type-var]
# The tags of plain YAML data: any other (``!!python/object/apply:os.system``, ``!custom``) is refused
# wherever it is, even on a value nobody reads.
_SAFE_TAGS = frozenset(tag for tag in _DatesAsTextLoader.yaml_constructors if tag) | {_MERGE}


def line(node: Node) -> int:
    """The line (from 1) where ``node`` starts."""
    return node.start_mark.line + 1


def is_null(node: Node | None) -> bool:
    return node is None or (type(node) is ScalarNode and node.tag == _NULL)


def is_mapping(node: Node | None) -> bool:
    return type(node) is MappingNode


class YamlFile:
    """One YAML file, composed and checked; ``root`` is its top node (None for an empty file)."""

    def __init__(self, path: str | Path, error: ErrorClass, what: str = "file",
                 alias_hint: str = "write the value out"):
        """``what`` names the kind of file in messages ("cannot read settings file: ..."); ``alias_hint``
        says what to write instead of an alias."""
        self.path, self.error, self.what = str(path), error, what
        self._constructor: yaml.SafeLoader | None = None
        try:
            data = Path(path).read_bytes()
        except OSError as e:
            self.fail(f"cannot read {what}: {e.strerror or e}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            self.fail(f"not UTF-8 text (byte 0x{data[e.start]:02x})", data.count(b"\n", 0, e.start) + 1)
        try:
            self.root: Node | None = yaml.compose(text, Loader=FAST_LOADER)
        except yaml.reader.ReaderError as e:  # its str() is two lines, and has no line number
            char = e.character if isinstance(e.character, int) else ord(e.character[:1] or "\0")
            self.fail(f"invalid YAML: character U+{char:04X} is not allowed (a control character)",
                      text.count("\n", 0, e.position) + 1)
        except yaml.YAMLError as e:
            self._fail_yaml(e)
        if self.root is not None:
            self._check(self.root, alias_hint)

    def fail(self, message: str, at: Node | int | None = None) -> NoReturn:
        """Raise the caller's error class for this file, at a node's line or a line number."""
        where = line(at) if isinstance(at, Node) else at
        raise self.error(message, self.path, where) from None

    def _fail_yaml(self, e: yaml.YAMLError, node: Node | None = None) -> NoReturn:
        mark = getattr(e, "problem_mark", None)
        self.fail(f"invalid YAML: {getattr(e, 'problem', None) or e}",
                  mark.line + 1 if mark is not None else node)

    def _check(self, root: Node, alias_hint: str) -> None:
        """Refuse aliases (a node reached twice), unknown tags, over-long values and deep nesting, anywhere
        in the file, one level of nesting at a time."""
        seen: set[int] = set()
        level = [root]
        depth = 0
        while level:
            depth += 1
            if depth > MAX_DEPTH:
                self.fail(f"values nested more than {MAX_DEPTH} levels deep", level[0])
            below: list[Node] = []
            push = below.append
            for node in level:
                if id(node) in seen:
                    self.fail(f"YAML aliases (*name) are not allowed in this {self.what}; {alias_hint}", node)
                seen.add(id(node))
                if node.tag not in _SAFE_TAGS:
                    if type(node) is ScalarNode and node.tag.startswith("!") and not node.tag.startswith("!!"):
                        # most often a query's '!word' (NOT word) at the start of an unquoted value
                        quoted = f"{node.tag} {node.value}".strip()
                        self.fail(f"invalid YAML: {node.tag!r} at the start of a value is a YAML tag; put the "
                                  f"value in quotes to begin it with '!': {json.dumps(quoted, ensure_ascii=False)}",
                                  node)
                    self.fail(f"invalid YAML: could not determine a constructor for the tag {node.tag!r}", node)
                kind = type(node)
                if kind is ScalarNode:
                    if len(node.value) > MAX_VALUE_CHARS:
                        self.fail(f"a value of {len(node.value):,} characters (at most {MAX_VALUE_CHARS:,}): "
                                  f"{node.value[:40]!r}…", node)
                elif kind is SequenceNode:
                    below.extend(node.value)
                else:
                    for knode, vnode in node.value:
                        push(knode)
                        push(vnode)
            level = below

    # --- values -----------------------------------------------------------------------------------

    def value(self, node: Node) -> Any:
        """The Python value of ``node``: str, int, float, bool, None, list, dict (dates as text)."""
        kind = type(node)
        if kind is ScalarNode:
            if node.tag == _STR or node.tag == _TIMESTAMP:
                return node.value
        elif kind is SequenceNode:
            if node.tag == _SEQ:
                return [self.value(item) for item in node.value]
        elif node.tag == _MAP and not any(k.tag == _MERGE for k, _ in node.value):
            out: dict = {}
            lines: dict = {}
            for knode, vnode in node.value:
                key = self.value(knode)
                try:
                    if key in out:
                        self.fail(f"key {key!r} appears twice (first at line {lines[key]})", knode)
                except TypeError:  # a list or mapping as a key
                    self.fail(f"invalid YAML: a key must be a single value, not {type(key).__name__}", knode)
                out[key] = self.value(vnode)
                lines[key] = line(knode)
            return out
        return self._construct(node)

    def written(self, node: Node) -> Any:
        """The value of ``node`` with every scalar the text written (in lists and mappings too): for values
        that are text whatever they look like. YAML reads ``lang: no`` (Norwegian) as false, ``q: yes`` as
        true and ``q: 3.50`` as the number 3.5; null stays None. Anything else is ``value``'s."""
        if type(node) is ScalarNode and not is_null(node) and node.tag in _PLAIN_TAGS:
            return node.value
        if type(node) is SequenceNode and node.tag == _SEQ:
            return [self.written(item) for item in node.value]
        if type(node) is MappingNode and node.tag == _MAP and not any(k.tag == _MERGE for k, _ in node.value):
            out: dict = {}
            lines: dict = {}
            for knode, vnode in node.value:
                if type(knode) is not ScalarNode:
                    self.fail("invalid YAML: a key must be a single value, not a list or mapping", knode)
                key = self.written(knode)
                if key in out:
                    self.fail(f"key {key!r} appears twice (first at line {lines[key]})", knode)
                out[key], lines[key] = self.written(vnode), line(knode)
            return out
        return self.value(node)

    def _construct(self, node: Node) -> Any:
        """Numbers, booleans, null, and any other tag: PyYAML's safe constructor (an unknown tag is an error)."""
        if self._constructor is None:
            self._constructor = _DatesAsTextLoader("")
        try:
            return self._constructor.construct_document(node)
        except yaml.YAMLError as e:
            self._constructor = None  # left half-way through a document
            self._fail_yaml(e, node)

    # --- walking mappings and lists, with lines ------------------------------------------------------

    def pairs(self, node: Node, what: str) -> list[tuple[str, Node, int]]:
        """(key, value node, line of the key) for each entry of a mapping; ``what`` names the mapping in
        errors ("settings must be a mapping of key: value", "query: key 'q' appears twice ...")."""
        if type(node) is not MappingNode:
            self.fail(f"{what} must be a mapping of key: value", node)
        out = []
        seen: dict[str, int] = {}
        for knode, vnode in node.value:
            if type(knode) is not ScalarNode:
                self.fail(f"{what}: a key must be a single name", knode)
            key, at = str(knode.value), line(knode)
            if key in seen:
                self.fail(f"{what}: key {key!r} appears twice (first at line {seen[key]})", at)
            seen[key] = at
            out.append((key, vnode, at))
        return out

    def entries(self, node: Node, what: str) -> list[tuple[str, Any, int]]:
        """(key, value, line of the key) for each entry of a mapping, values built with ``value``."""
        return [(key, self.value(vnode), at) for key, vnode, at in self.pairs(node, what)]

    def items(self, node: Node, message: str) -> list[tuple[Node, int]]:
        """(item node, line) for each item of a list; ``message`` is the error when ``node`` is not a list."""
        if type(node) is not SequenceNode:
            self.fail(message, node)
        return [(item, line(item)) for item in node.value]
