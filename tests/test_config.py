import pytest
from click.testing import CliRunner

from searchidx.cli import cli
from searchidx.config import load_settings
from searchidx.enrich.aliases import load_registry
from searchidx.errors import ConfigError


def test_settings_file_overrides_defaults(tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_text("index: elsewhere\nsearch:\n  limit: 3\nfields:\n  title: [hed]\n", encoding="utf-8")
    s = load_settings(cfg)
    assert (s.index, s.limit, s.fields) == ("elsewhere", 3, {"title": ["hed"]})


def test_settings_text_is_read_as_written(tmp_path):
    # a header key "No" (a record number) was refused: "fields: expected a mapping ..., got {'id': [False]}";
    # an index folder 2024.10 became "2024.1"
    cfg = tmp_path / "s.yaml"
    cfg.write_text("index: 2024.10\nignore: [no, '*.bak']\nfields: {id: [No]}\nsearch: {limit: 3}\n", encoding="utf-8")
    s = load_settings(cfg)
    assert (s.index, s.ignore, s.fields, s.limit) == ("2024.10", ("no", "*.bak"), {"id": ["No"]}, 3)


@pytest.mark.parametrize("text, message", [
    ("colour: red\n", "s.yaml:1: unknown setting 'colour'"),
    ("search:\n  limitt: 3\n", "s.yaml:2: unknown setting search.limitt"),
    ("search: [1\n", "s.yaml:2: invalid YAML"),
    ("- a\n- b\n", "settings must be a mapping"),
    ("evil: !!python/object/apply:os.system ['true']\n", "s.yaml:1: invalid YAML"),
])
def test_settings_errors_name_file_and_line(tmp_path, text, message):
    cfg = tmp_path / "s.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    assert message in str(err.value)


@pytest.mark.parametrize("text, message", [
    ("- {name: A, type: person}\n- {name: B, type: planet}\n", "e.yaml:2: entity 'B': type must be one of"),
    ("- {name: A, type: person, alias: [x]}\n", "e.yaml:1: unknown key 'alias'"),
    ("- {type: person}\n", "e.yaml:1: entity without a 'name'"),
    ("- {name: A, type: person}\n- {name: A, type: person}\n",
     "e.yaml:2: entity 'A' (person) is already defined at line 1"),
    ("- {name: A, type: person, aliases: {x: 1}}\n", "e.yaml:1: entity 'A': aliases must be a list"),
    ("- [unclosed\n", "e.yaml:2: invalid YAML"),
    ("- !!python/name:os.system {}\n", "e.yaml:1: invalid YAML"),
])
def test_registry_errors_name_file_and_line(tmp_path, text, message):
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_registry([path])
    assert message in str(err.value)


def test_user_registry_adds_entities_and_aliases(tmp_path):
    from searchidx.config import DEFAULT_ENTITIES
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: Vladimir Putin, type: person, aliases: [VVP]}\n"
                    "- {name: Orysia Lutsevych, type: person}\n", encoding="utf-8")
    reg = load_registry([DEFAULT_ENTITIES, path])
    assert reg.canonical("VVP", "person") == reg.canonical("Putin", "person") == "Vladimir Putin"
    assert reg.canonical("orysia lutsevych", "person") == "Orysia Lutsevych"


def test_registry_names_are_read_as_written(tmp_path):
    # YAML 1.1 read the alias NO as false and ON as true: Norway's alias was "False", and '--place False'
    # found Norway while '--place NO' found nothing; 'name: 1984' was "entity without a 'name'"
    path = tmp_path / "mine.yaml"
    path.write_text("- {name: Norway, type: place, aliases: [NO, Norge]}\n"
                    "- {name: Ontario, type: place, aliases: [ON]}\n"
                    "- {name: 1984, type: org, aliases: [0123]}\n", encoding="utf-8")
    reg = load_registry([path])
    assert reg.canonical("NO", "place") == "Norway" and reg.canonical("ON", "place") == "Ontario"
    assert reg.canonical("False", "place") == "False"
    assert reg.canonical("0123", "org") == "1984"


def test_cli_reports_bad_registry_with_exit_2(tmp_path, corpus_copy):
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: X, type: nope}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix"),
                                      "--entities", str(path)])
    assert result.exit_code == 2 and f"{path}:1: entity 'X': type must be one of" in result.output


def test_a_kept_registry_follows_edits_and_survives_a_bad_cache(tmp_path, monkeypatch):
    import os
    from pathlib import Path

    path = tmp_path / "mine.yaml"
    path.write_text("- {name: Ana Lima, type: person, aliases: [AL]}\n", encoding="utf-8")
    assert load_registry([path]).canonical("AL", "person") == "Ana Lima"
    kept = list((Path(os.environ["XDG_CACHE_HOME"]) / "searchidx").glob("registry-*.json"))
    assert kept  # parsed once, then read from the cache folder
    # an edit of the same length, at once (same clock tick): the kept copy must not be used
    path.write_text("- {name: Ana Lima, type: person, aliases: [AX]}\n", encoding="utf-8")
    reg = load_registry([path])
    assert reg.canonical("AX", "person") == "Ana Lima" and reg.canonical("AL", "person") == "AL"
    for f in kept:  # a damaged kept copy is ignored
        f.write_text("{not json", encoding="utf-8")
    path.write_text("- {name: Ana Lima, type: person, aliases: [AL]}\n", encoding="utf-8")
    assert load_registry([path]).canonical("AL", "person") == "Ana Lima"
    monkeypatch.setenv("XDG_CACHE_HOME", str(path))  # a file, not a folder: nothing can be kept
    assert load_registry([path]).canonical("AL", "person") == "Ana Lima"


# --- one model for settings keys (issue #16) ------------------------------------------------------------

LAUGHS = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n" + "".join(
    f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))


def settings_error(tmp_path, text):
    cfg = tmp_path / "s.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(cfg)
    return str(err.value)


def test_a_key_in_the_wrong_section_is_reported_at_its_own_line(tmp_path):
    # the old reader guessed the line by searching the text for "batch_size:", and found line 2
    text = "ingest:\n  batch_size: 100\nsearch:\n  limit: 5\n  batch_size: 50\n"
    message = settings_error(tmp_path, text)
    assert "s.yaml:5: unknown setting search.batch_size (known: limit, snippet_chars)" in message
    assert "batch_size goes under ingest:" in message
    assert "s.yaml:1: unknown setting 'limit'" in settings_error(tmp_path, "limit: 5\n")
    assert "limit goes under search:" in settings_error(tmp_path, "limit: 5\n")


@pytest.mark.parametrize("text, message", [
    ("index: a\nsearch:\n  limit: 3\nindex: b\n", "s.yaml:4: settings: key 'index' appears twice (first at line 1)"),
    ("search:\n  limit: 3\n  snippet_chars: 9\n  limit: 4\n",
     "s.yaml:4: section 'search': key 'limit' appears twice (first at line 2)"),
    ("search: {limit: 3}\nsearch: {limit: 4}\n", "s.yaml:2: settings: key 'search' appears twice (first at line 1)"),
    ("fields:\n  title: [hed]\n  title: [head]\n", "s.yaml:3: key 'title' appears twice (first at line 2)"),
])
def test_a_key_written_twice_is_refused_naming_both_lines(tmp_path, text, message):
    assert message in settings_error(tmp_path, text)


@pytest.mark.parametrize("text, message", [
    ("search: {limit: many}\n", "s.yaml:1: search.limit: expected a whole number from 0 to 100000, got 'many'"),
    ("index: x\nsearch:\n  snippet_chars: 2.5\n", "s.yaml:3: search.snippet_chars: expected a whole number"),
    ("stories:\n  enabled: sometimes\n", "s.yaml:2: stories.enabled: expected true or false, got 'sometimes'"),
    ("stories:\n  threshold: 2\n", "s.yaml:2: stories.threshold: expected a number from 0 to 1, got 2"),
    ("stories:\n  window_days: .nan\n", "s.yaml:2: stories.window_days: expected a number from 0 to 36500"),
    ("ingest:\n  batch_size: 0\n", "s.yaml:2: ingest.batch_size: expected a whole number of at least 1, got 0"),
    ("max_file_mb:\n", "s.yaml:1: max_file_mb: expected a number of at least 0, got nothing"),
    ("entities:\n  extractor: magic\n",
     "s.yaml:2: entities.extractor: expected one of rules, registry, spacy, got 'magic'"),
    ("entities:\n  registry: {a: 1}\n", "s.yaml:2: entities.registry: expected a list of file paths"),
    ("fields: [title]\n", "s.yaml:1: fields: expected a mapping of article fields"),
    # a field no article has (a typo, or a key name where the field goes) failed every file that used the key
    ("fields:\n  titel: [ueberschrift]\n", "s.yaml:1: fields: expected a mapping of article fields (id, title, "
                                           "text, date, author, source, url, lang, people, places, orgs)"),
    ("ignore: [[a]]\n", "s.yaml:1: ignore: expected a list of text"),
    ("search: 10\n", "s.yaml:1: section 'search' must be a mapping of key: value"),
])
def test_a_value_of_the_wrong_kind_names_file_line_and_key(tmp_path, text, message):
    assert message in settings_error(tmp_path, text)


def test_every_key_of_the_model_is_read_into_its_attribute(tmp_path):
    """A file setting every key the model describes (to something not its default) changes every attribute."""
    import json
    from dataclasses import fields

    from searchidx.config import KEYS, Settings

    samples = {"text": "elsewhere", "optional text": "xx_model", "texts": ["*.bak"], "number": 0.25, "whole": 7,
               "optional whole": 9, "field names": {"title": ["hed"]}, "files": ["mine.yaml"]}
    data: dict = {}
    for k in KEYS:
        choice = "registry" if "registry" in k.choices else k.choices[-1] if k.choices else None
        value = choice if k.choices else (not k.default) if k.kind == "bool" else samples[k.kind]
        (data.setdefault(k.section, {}) if k.section else data)[k.key] = value
    cfg = tmp_path / "s.yaml"
    cfg.write_text(json.dumps(data), encoding="utf-8")
    s = load_settings(cfg)
    assert {k.attr for k in KEYS} == {f.name for f in fields(Settings)}
    assert all(getattr(s, k.attr) != k.default for k in KEYS)
    assert (s.ignore, s.extractor, s.extractor_model) == (("*.bak",), "registry", "xx_model")
    assert s.fields == {"title": ["hed"]}
    assert s.entity_files[-1] == str(tmp_path / "mine.yaml") and len(s.entity_files) == 2


def test_the_packaged_defaults_file_matches_the_model_and_names_every_key():
    import re

    from searchidx.config import DEFAULT_FILE, KEYS, Settings, _apply

    assert _apply(Settings(), DEFAULT_FILE) == Settings()
    text = DEFAULT_FILE.read_text(encoding="utf-8")
    for k in KEYS:
        assert re.search(rf"^\s*#?\s*{k.key}:", text, re.M), k.name


def test_the_settings_table_in_the_docs_is_generated_from_the_model():
    from pathlib import Path

    from searchidx.config import settings_reference

    docs = (Path(__file__).parent.parent / "docs" / "indexing.md").read_text(encoding="utf-8")
    section = docs.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    table = "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))
    assert table == settings_reference(), "docs/indexing.md: paste config.settings_reference() into ## Settings"


def test_yaml_alias_bombs_are_refused_in_settings_and_registries(tmp_path):
    import time

    start = time.perf_counter()
    message = settings_error(tmp_path, LAUGHS + "search: {limit: 3}\n")
    assert "s.yaml:" in message and "YAML aliases (*name) are not allowed in this settings file" in message
    path = tmp_path / "e.yaml"
    path.write_text(LAUGHS + "entities:\n  - {name: X, type: person, aliases: *i}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"e.yaml:\d+: YAML aliases \(\*name\) are not allowed in this entity"):
        load_registry([path])
    path.write_text("- {name: A, type: person, aliases: &x [a, b]}\n- {name: B, type: person, aliases: *x}\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="e.yaml:1: YAML aliases"):
        load_registry([path])
    assert time.perf_counter() - start < 2


def test_registry_entries_refuse_a_key_written_twice(tmp_path):
    path = tmp_path / "e.yaml"
    path.write_text("- name: A\n  type: person\n  name: B\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"e.yaml:3: key 'name' appears twice \(first at line 1\)"):
        load_registry([path])


def test_settings_that_are_not_utf8_name_the_line(tmp_path):
    cfg = tmp_path / "s.yaml"
    cfg.write_bytes(b"index: a\nsearch:\n  limit: 3 # caf\xe9\n")
    with pytest.raises(ConfigError, match=r"s.yaml:3: not UTF-8 text \(byte 0xe9\)"):
        load_settings(cfg)
