"""Settings: packaged defaults < config file < environment < explicit arguments. Validated once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .errors import ConfigError

_PACKAGED = Path(__file__).parent / "_config"
CONFIG_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "config"
DEFAULT_FILE = CONFIG_DIR / "searchidx.yaml"
DEFAULT_ENTITIES = CONFIG_DIR / "entities.yaml"
LOCAL_FILE = "searchidx.yaml"

_TOP_KEYS = {"index", "ignore", "max_file_mb", "fields", "entities", "search", "ingest", "stories"}
_SECTION_KEYS = {"entities": {"registry", "extract", "extractor", "model"}, "search": {"limit", "snippet_chars"},
                 "ingest": {"batch_size"}, "stories": {"enabled", "window_days", "threshold"}}


@dataclass(frozen=True)
class Settings:
    index: str = ".searchidx"
    ignore: tuple[str, ...] = ("README*", "LICENSE*", "COPYING*", "NOTICE*", ".*", "*~", "*.tmp")
    max_file_mb: float = 50
    fields: dict = field(default_factory=dict)
    entity_files: tuple[str, ...] = (str(DEFAULT_ENTITIES),)
    extract_entities: bool = True
    extractor: str = "rules"
    extractor_model: str | None = None
    limit: int = 10
    snippet_chars: int = 220
    batch_size: int = 3000
    stories: bool = True
    story_window_days: float = 7
    story_threshold: float = 0.5

    def with_overrides(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as e:
        raise ConfigError(f"cannot read settings: {e.strerror or e}", str(path)) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise ConfigError(f"invalid YAML: {getattr(e, 'problem', None) or e}", str(path),
                          mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise ConfigError("settings must be a mapping of key: value", str(path))
    return data


def _line_of(path: Path, key: str) -> int | None:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip().startswith(f"{key}:"):
                return n
    except OSError:
        pass
    return None


def _apply(settings: Settings, data: dict, path: Path) -> Settings:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise ConfigError(f"unknown setting {key!r} (known: {', '.join(sorted(_TOP_KEYS))})", str(path), _line_of(path, key))
    for section, keys in _SECTION_KEYS.items():
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{section!r} must be a mapping", str(path), _line_of(path, section))
        bad = set(value) - keys
        if bad:
            key = sorted(bad)[0]
            raise ConfigError(f"unknown setting {section}.{key} (known: {', '.join(sorted(keys))})", str(path), _line_of(path, key))
    changes: dict = {}
    try:
        if "index" in data:
            changes["index"] = str(data["index"])
        if "ignore" in data:
            changes["ignore"] = tuple(str(p) for p in data["ignore"] or ())
        if "max_file_mb" in data:
            changes["max_file_mb"] = float(data["max_file_mb"])
        if "fields" in data:
            if not isinstance(data["fields"] or {}, dict):
                raise ValueError("'fields' must map article fields to lists of key names")
            changes["fields"] = dict(data["fields"] or {})
        ent = data.get("entities") or {}
        if "registry" in ent:
            extra = [str((path.parent / p).resolve()) for p in (ent["registry"] or [])]
            changes["entity_files"] = settings.entity_files + tuple(e for e in extra if e not in settings.entity_files)
        if "extract" in ent:
            changes["extract_entities"] = bool(ent["extract"])
        if "extractor" in ent:
            if ent["extractor"] not in ("rules", "registry", "spacy"):
                raise ConfigError(f"entities.extractor must be rules, registry or spacy, not {ent['extractor']!r}",
                                  str(path), _line_of(path, "extractor"))
            changes["extractor"] = str(ent["extractor"])
        if "model" in ent:
            changes["extractor_model"] = str(ent["model"])
        search = data.get("search") or {}
        if "limit" in search:
            changes["limit"] = int(search["limit"])
        if "snippet_chars" in search:
            changes["snippet_chars"] = int(search["snippet_chars"])
        stories = data.get("stories") or {}
        if "enabled" in stories:
            changes["stories"] = bool(stories["enabled"])
        if "window_days" in stories:
            changes["story_window_days"] = float(stories["window_days"])
        if "threshold" in stories:
            changes["story_threshold"] = float(stories["threshold"])
        ingest = data.get("ingest") or {}
        if "batch_size" in ingest:
            changes["batch_size"] = max(1, int(ingest["batch_size"]))
    except (TypeError, ValueError) as e:
        raise ConfigError(f"bad value: {e}", str(path)) from None
    return replace(settings, **changes)


def load_settings(config_file: str | Path | None = None, index: str | None = None,
                  entity_files: tuple[str, ...] = ()) -> Settings:
    """Settings from the packaged defaults, then ``config_file`` (or $SEARCHIDX_CONFIG, or ./searchidx.yaml),
    then $SEARCHIDX_INDEX, then the explicit arguments."""
    settings = _apply(Settings(), _read(DEFAULT_FILE), DEFAULT_FILE) if DEFAULT_FILE.is_file() else Settings()
    chosen = config_file or os.environ.get("SEARCHIDX_CONFIG")
    if chosen:
        path = Path(chosen)
        if not path.is_file():
            raise ConfigError("settings file not found", str(path))
        settings = _apply(settings, _read(path), path)
    elif Path(LOCAL_FILE).is_file():
        settings = _apply(settings, _read(Path(LOCAL_FILE)), Path(LOCAL_FILE))
    if os.environ.get("SEARCHIDX_INDEX"):
        settings = replace(settings, index=os.environ["SEARCHIDX_INDEX"])
    if index:
        settings = replace(settings, index=index)
    if entity_files:
        settings = replace(settings, entity_files=settings.entity_files + tuple(str(Path(p).resolve()) for p in entity_files))
    return settings
