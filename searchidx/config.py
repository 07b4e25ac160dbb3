"""Settings: packaged defaults < config file < environment < explicit arguments. Validated once.

Each settings key is described once, on the Settings attribute it sets (``setting(...)`` below): its key in
the YAML file, the kind of value it takes, its default and one line saying what it does. The keys a file
may hold, the check of each value, the defaults and the reference table in docs/indexing.md
(``settings_reference()``, which a test compares with the docs) all come from those descriptions.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .enrich import EXTRACTORS
from .errors import ConfigError
from .ingest import batches
from .ingest.article import HEADER_FIELDS

BACKENDS = ("whoosh", "opensearch")

if TYPE_CHECKING:
    from yaml.nodes import Node

_PACKAGED = Path(__file__).parent / "_config"
CONFIG_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "config"
DEFAULT_FILE = CONFIG_DIR / "searchidx.yaml"
DEFAULT_ENTITIES = CONFIG_DIR / "entities.yaml"
LOCAL_FILE = "searchidx.yaml"


# --- kinds of values --------------------------------------------------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError
    return str(value)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(_text(v) for v in (value if isinstance(value, list) else [value]))


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError
    return float(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _field_names(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or not set(value) <= set(HEADER_FIELDS):
        raise ValueError
    return {_text(fieldname): list(_texts(names)) for fieldname, names in value.items()}


@dataclass(frozen=True)
class Kind:
    """A kind of settings value: what it is called (in errors and the docs), how a YAML value becomes
    the Settings value (ValueError: it does not fit), and what ``key:`` with nothing after it means."""

    expected: str
    convert: Callable[[Any], Any]
    empty: Any = ...  # ...: an empty value is an error


KINDS = {
    "text": Kind("text", _text),
    "optional text": Kind("text", _text, empty=None),
    "texts": Kind("a list of text", _texts, empty=()),
    "number": Kind("a number", _number),
    "whole": Kind("a whole number", _whole),
    "optional whole": Kind("a whole number", _whole, empty=None),
    "bool": Kind("true or false", _bool),
    "field names": Kind(f"a mapping of article fields ({', '.join(HEADER_FIELDS)}) to lists of key names",
                        _field_names, empty={}),
    # paths relative to the settings file, added after those of the files read before
    "files": Kind("a list of file paths", _texts, empty=()),
}


def setting(name: str, default: Any, kind: str, doc: str, *, choices: tuple = (), minimum: float | None = None,
            maximum: float | None = None, shown: str | None = None) -> Any:
    """A Settings attribute set by the key ``name`` ("section.key" or "key") of a settings file."""
    assert kind in KINDS, kind
    meta = {"name": name, "kind": kind, "doc": doc, "choices": tuple(choices), "minimum": minimum,
            "maximum": maximum, "shown": shown}
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=meta)
    return field(default=default, metadata=meta)


# --- the model: one line per settings key --------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    index: str = setting(
        "index", ".searchidx", "text", "Where the index lives (`SEARCHIDX_INDEX` and `--index` override it).")
    ignore: tuple[str, ...] = setting(
        "ignore", ("*README*", "LICENSE*", "COPYING*", "NOTICE*", ".*", "*~", "*.tmp"), "texts",
        "File names never read as articles (glob patterns; a `.searchidxignore` file in a corpus folder adds more).")
    max_file_mb: float = setting(
        "max_file_mb", 50, "number", "Files larger than this many MB are reported and skipped.", minimum=0)
    fields: dict = setting(
        "fields", {}, "field names",
        "Extra metadata key names per article field (`title: [hed]`), tried before the common ones.")
    entity_files: tuple[str, ...] = setting(
        "entities.registry", (str(DEFAULT_ENTITIES),), "files",
        "Entity registry files, applied in order after the packaged one (paths relative to the settings file).",
        shown="`[]`")
    extract_entities: bool = setting(
        "entities.extract", True, "bool", "Find entities in titles and text (header tags are always used).")
    extractor: str = setting(
        "entities.extractor", "rules", "text",
        "`rules`: registry names, the places gazetteer and name rules; `registry`: registry names and aliases "
        "only; `spacy`: a spaCy model you have installed.", choices=EXTRACTORS)
    extractor_model: str | None = setting(
        "entities.model", None, "optional text", "The spaCy model for `extractor: spacy` (`en_core_web_sm` if unset).",
        shown="none")
    limit: int = setting(
        "search.limit", 10, "whole",
        "Results shown per search, and per saved query that gives no `limit:` (`--limit` overrides it).",
        minimum=0, maximum=100_000)
    snippet_chars: int = setting(
        "search.snippet_chars", 220, "whole",
        "Most characters of the snippet shown with each result, its \"…\"s included (0: no snippet; only a matched "
        "word longer than this is shown whole).",
        minimum=0)
    batch_size: int | None = setting(
        "ingest.batch_size", None, "optional whole",
        "Articles each writer process writes per commit; an interrupted run keeps all it committed. Unset: "
        f"{batches.ARTICLES:,} once they hold {batches.ARTICLES * batches.FULL_ARTICLE_CHARS / 1e6:g} million "
        f"characters of title and text, so short wire stories fill a batch by their text (at most "
        f"{batches.MOST:,}).", minimum=1, shown="none")
    compress_postings: bool = setting(
        "ingest.compress_postings", False, "bool",
        "Compress the index's word lists (zlib, Whoosh's default): an index about a quarter smaller, written with "
        "about a tenth more CPU (docs/benchmark.md). Segments written either way are read alike.")
    stories: bool = setting(
        "stories.enabled", True, "bool",
        "Group near-duplicate articles (wire copies, updated versions) into stories at ingest.")
    story_window_days: float = setting(
        "stories.window_days", 7, "number", "Copies must be published within this many days of each other...",
        minimum=0, maximum=36_500)  # a century: more is no limit, and a timedelta holds no more than 999,999,999 days
    story_threshold: float = setting(
        "stories.threshold", 0.5, "number",
        "...and share at least this share of their 3-word shingles (estimated Jaccard).", minimum=0, maximum=1)
    backend: str = setting(
        "backend", "whoosh", "text",
        "Where the index lives: `whoosh` (a folder, the default) or `opensearch` (an OpenSearch or Elasticsearch "
        "cluster; `--backend` overrides it).", choices=BACKENDS)
    opensearch_url: str | None = setting(
        "opensearch.url", None, "optional text",
        "The cluster's address, `https://host:9200` (`--url` and `SEARCHIDX_OPENSEARCH_URL` override it); "
        "user and password come only from `SEARCHIDX_OPENSEARCH_USER` and `SEARCHIDX_OPENSEARCH_PASSWORD`.",
        shown="none")
    opensearch_index: str = setting(
        "opensearch.index", "searchidx", "text", "The cluster index holding the articles.")
    opensearch_verify_certs: bool = setting(
        "opensearch.verify_certs", True, "bool", "Check the cluster's TLS certificate (turn off only for a test "
        "cluster with a self-signed one).")
    opensearch_ca_certs: str | None = setting(
        "opensearch.ca_certs", None, "optional text", "A CA bundle file to check the cluster's certificate with.",
        shown="none")
    opensearch_shards: int = setting(
        "opensearch.shards", 1, "whole", "Primary shards of a new cluster index (see docs/scale-out.md).", minimum=1)
    opensearch_replicas: int = setting(
        "opensearch.replicas", 1, "whole", "Replicas of each shard of a new cluster index.", minimum=0)
    opensearch_bulk_docs: int = setting(
        "opensearch.bulk_docs", 500, "whole", "Articles per bulk request (requests are also cut at 10 MB).",
        minimum=1)
    opensearch_retries: int = setting(
        "opensearch.retries", 5, "whole",
        "Times a request refused with 429 or a 5xx is tried again, waiting twice as long each time.", minimum=0)

    @property
    def location(self) -> str:
        """Where the index is, as messages name it: its folder, or the cluster's address and index name."""
        if self.backend == "opensearch":
            return f"{self.opensearch_url or '(no url)'}/{self.opensearch_index}"
        return self.index

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


@dataclass(frozen=True)
class SettingKey:
    """One settings key, as described on its Settings attribute."""

    name: str
    attr: str
    kind: str
    doc: str
    default: Any
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    shown: str | None = None

    @property
    def section(self) -> str | None:
        return self.name.partition(".")[0] if "." in self.name else None

    @property
    def key(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def expected(self) -> str:
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        what = KINDS[self.kind].expected
        if self.minimum is not None and self.maximum is not None:
            return f"{what} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{what} of at least {self.minimum:g}"
        return what

    def shown_default(self) -> str:
        if self.shown is not None:
            return self.shown
        value = self.default
        if isinstance(value, bool):
            return f"`{str(value).lower()}`"
        if isinstance(value, (tuple, list, dict)):
            return f"`{json.dumps(list(value) if isinstance(value, tuple) else value)}`"
        return f"`{value}`"

    def convert(self, value: Any) -> Any:
        """The Settings value for a YAML value; ValueError when it does not fit."""
        kind = KINDS[self.kind]
        if value is None and kind.empty is not ...:
            return kind.empty
        converted = kind.convert(value)
        if self.choices and converted not in self.choices:
            raise ValueError
        if self.minimum is not None and not converted >= self.minimum:
            raise ValueError
        if self.maximum is not None and not converted <= self.maximum:
            raise ValueError
        return converted


# Every Settings field has a default or a default factory (mypy cannot see that the factory is set).
KEYS: tuple[SettingKey, ...] = tuple(
    SettingKey(attr=f.name, default=f.default if f.default is not MISSING else f.default_factory(),  # type: ignore[operator]
               **f.metadata)
    for f in fields(Settings))
TOP_KEYS: dict[str, SettingKey] = {k.key: k for k in KEYS if k.section is None}
SECTIONS: dict[str, dict[str, SettingKey]] = {}
for _k in KEYS:
    if _k.section:
        SECTIONS.setdefault(_k.section, {})[_k.key] = _k
del _k


def settings_reference() -> str:
    """The table of every settings key in docs/indexing.md (tests/test_config.py keeps the two the same)."""
    rows = ["| Key | Value | Default | What it does |", "|---|---|---|---|"]
    for k in KEYS:
        cells = (f"`{k.name}`", k.expected, k.shown_default(), k.doc)
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


# --- reading a settings file ---------------------------------------------------------------------------

def _goes_elsewhere(key: str, section: str | None) -> str:
    """A hint for a known key written in the wrong place."""
    for k in KEYS:
        if k.key == key and k.section != section:
            return f"; {key} goes under {k.section}:" if k.section else f"; {key} is a top-level key"
    return ""


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_WRITTEN_KINDS = ("text", "optional text", "texts", "field names", "files")


def _apply(settings: Settings, path: Path) -> Settings:
    """``settings`` with the values of the settings file at ``path``; ConfigError names file, line and key."""
    from .yamlfile import YamlFile, is_null  # only a run with a settings file pays for the YAML reader

    doc = YamlFile(path, ConfigError, "settings file")
    if doc.root is None or is_null(doc.root):
        return settings
    root = doc.root
    changes: dict[str, Any] = {}

    def take(spec: SettingKey, node: Node, line: int) -> None:
        # text as written: YAML reads a header key No or ON as false/true, an index folder 2024.10 as 2024.1
        value = doc.written(node) if spec.kind in _WRITTEN_KINDS else doc.value(node)
        try:
            converted = spec.convert(value)
        except (TypeError, ValueError):
            doc.fail(f"{spec.name}: expected {spec.expected}, got {_shown(value)}", line)
        if spec.kind == "files":
            earlier = changes.get(spec.attr, getattr(settings, spec.attr))
            added = (str((path.parent / p).resolve()) for p in converted)
            converted = earlier + tuple(p for p in dict.fromkeys(added) if p not in earlier)
        changes[spec.attr] = converted

    for key, node, line in doc.pairs(root, "settings"):
        if key in TOP_KEYS:
            take(TOP_KEYS[key], node, line)
        elif key in SECTIONS:
            if is_null(node):
                continue
            known = SECTIONS[key]
            for sub, vnode, vline in doc.pairs(node, f"section {key!r}"):
                if sub not in known:
                    doc.fail(f"unknown setting {key}.{sub} (known: {', '.join(sorted(known))})"
                             f"{_goes_elsewhere(sub, key)}", vline)
                take(known[sub], vnode, vline)
        else:
            doc.fail(f"unknown setting {key!r} (known: {', '.join(sorted([*TOP_KEYS, *SECTIONS]))})"
                     f"{_goes_elsewhere(key, None)}", line)
    return replace(settings, **changes)


def load_settings(config_file: str | Path | None = None, index: str | None = None,
                  entity_files: tuple[str, ...] = (), backend: str | None = None, url: str | None = None) -> Settings:
    """Settings from the defaults, then ``config_file`` (or $SEARCHIDX_CONFIG, or ./searchidx.yaml),
    then $SEARCHIDX_INDEX and $SEARCHIDX_OPENSEARCH_URL, then the explicit arguments.

    The defaults are the ``Settings`` model's; ``config/searchidx.yaml`` is their documented copy to
    start a settings file from (a test keeps the two equal), so no file is read for them.
    """
    settings = Settings()
    chosen = config_file or os.environ.get("SEARCHIDX_CONFIG")
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            raise ConfigError("settings file not found", str(path))
        settings = _apply(settings, path)
    elif Path(LOCAL_FILE).is_file():
        settings = _apply(settings, Path(LOCAL_FILE))
    if os.environ.get("SEARCHIDX_INDEX"):
        settings = replace(settings, index=os.environ["SEARCHIDX_INDEX"])
    if index:
        settings = replace(settings, index=index)
    if entity_files:
        added = tuple(str(Path(p).resolve()) for p in entity_files)
        settings = replace(settings, entity_files=settings.entity_files + added)
    if backend is not None and backend not in BACKENDS:
        raise ConfigError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    settings = settings.with_overrides(backend=backend,
                                       opensearch_url=url or os.environ.get("SEARCHIDX_OPENSEARCH_URL") or None)
    if settings.opensearch_url and "@" in settings.opensearch_url.partition("//")[2].split("/")[0]:
        raise ConfigError("opensearch.url: credentials never go in a URL or a file; set SEARCHIDX_OPENSEARCH_USER "
                          "and SEARCHIDX_OPENSEARCH_PASSWORD (or SEARCHIDX_OPENSEARCH_API_KEY) instead")
    return settings
