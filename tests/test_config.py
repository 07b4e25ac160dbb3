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
    ("- {name: A, type: person}\n- {name: A, type: person}\n", "e.yaml:2: entity 'A' (person) is already defined at line 1"),
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
    path.write_text("- {name: Vladimir Putin, type: person, aliases: [VVP]}\n- {name: Orysia Lutsevych, type: person}\n",
                    encoding="utf-8")
    reg = load_registry([DEFAULT_ENTITIES, path])
    assert reg.canonical("VVP", "person") == reg.canonical("Putin", "person") == "Vladimir Putin"
    assert reg.canonical("orysia lutsevych", "person") == "Orysia Lutsevych"


def test_cli_reports_bad_registry_with_exit_2(tmp_path, corpus_copy):
    path = tmp_path / "bad.yaml"
    path.write_text("- {name: X, type: nope}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["index", str(corpus_copy), "--index", str(tmp_path / "ix"), "--entities", str(path)])
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
