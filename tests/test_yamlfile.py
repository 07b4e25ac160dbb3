"""The one YAML reader (searchidx.yamlfile) behind settings, entity registries and saved queries."""

import pytest
import yaml

from searchidx.errors import ConfigError, SavedQueryError
from searchidx.yamlfile import MAX_DEPTH, MAX_VALUE_CHARS, YamlFile


def read(tmp_path, text, error=ConfigError, name="f.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return YamlFile(path, error, "test file")


def fails(tmp_path, text, error=ConfigError):
    with pytest.raises(error) as err:
        read(tmp_path, text, error).value(read(tmp_path, text, error).root)
    return str(err.value)


def test_pairs_and_items_carry_the_line_each_was_written_on(tmp_path):
    doc = read(tmp_path, "# comment\na: 1\nb:\n  - x\n  - {y: 2}\n\nc: [3, 4]\n")
    top = doc.pairs(doc.root, "the file")
    assert [(k, line) for k, _, line in top] == [("a", 2), ("b", 3), ("c", 7)]
    assert [(doc.value(n), line) for n, line in doc.items(top[1][1], "b must be a list")] == [("x", 4), ({"y": 2}, 5)]
    assert doc.entries(doc.root, "the file") == [("a", 1, 2), ("b", ["x", {"y": 2}], 3), ("c", [3, 4], 7)]
    with pytest.raises(ConfigError, match=r"f.yaml:2: a must be a list"):
        doc.items(top[0][1], "a must be a list")


def test_values_are_plain_yaml_data_with_dates_as_text(tmp_path):
    text = ("s: text\nq: 'quoted'\ni: 12\nf: 1.5\nb: yes\nn: ~\nd: 2019-02-30\nt: 2022-09-20T10:00:00Z\n"
            "l: [a, 1, null]\nm: {k: v, 2: x}\nset: !!set {a, b}\nom: !!omap [{a: 1}, {b: 2}]\n"
            "merged: {<<: {a: 1}, b: 2}\nbin: !!binary aGk=\n")
    value = read(tmp_path, text).value(read(tmp_path, text).root)
    assert value["d"] == "2019-02-30" and value["t"] == "2022-09-20T10:00:00Z"  # as written, never a date
    assert (value["i"], value["f"], value["b"], value["n"], value["merged"]) == (12, 1.5, True, None, {"a": 1, "b": 2})

    class DatesAsText(yaml.SafeLoader):
        pass
    DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
    assert value == yaml.load(text, Loader=DatesAsText)  # the same values PyYAML's safe loader builds


@pytest.mark.parametrize("text, message", [
    ("a: 1\nb: 2\na: 3\n", "f.yaml:3: key 'a' appears twice (first at line 1)"),
    ("x:\n  - {k: 1, j: 2, k: 3}\n", "f.yaml:2: key 'k' appears twice (first at line 2)"),
    ("a: &x [1, 2]\nb: *x\n", "f.yaml:1: YAML aliases (*name) are not allowed in this test file; write the value out"),
    ("a: 1\nunused: !!python/object/apply:os.system ['true']\n",
     "f.yaml:2: invalid YAML: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:"),
    ("a: !custom 1\n", "f.yaml:1: invalid YAML: '!custom' at the start of a value is a YAML tag; put the value in "
                      "quotes to begin it with '!': \"!custom 1\""),
    ("a: [1\n", "f.yaml:2: invalid YAML"),
    ("a: 1\n---\nb: 2\n", "f.yaml:2: invalid YAML"),
    ("a:\n  ? [1, 2]\n  : x\n", "f.yaml:2: invalid YAML: a key must be a single value, not list"),
    ("a: 1\nb: " + "x" * (MAX_VALUE_CHARS + 1) + "\n", f"f.yaml:2: a value of {MAX_VALUE_CHARS + 1:,} characters"),
    (b"a: 1\nb: \xff\n", "f.yaml:2: not UTF-8 text (byte 0xff)"),
    ("a: 1\nb: " + "[" * 500 + "]" * 500 + "\n", f"f.yaml:2: values nested more than {MAX_DEPTH} levels deep"),
])
def test_what_is_refused_names_file_and_line(tmp_path, text, message):
    assert message in fails(tmp_path, text)


def test_the_callers_error_class_is_raised_in_its_own_format(tmp_path):
    for error in (ConfigError, SavedQueryError):
        message = fails(tmp_path, "a: 1\na: 2\n", error)
        assert message == f"{tmp_path / 'f.yaml'}:2: key 'a' appears twice (first at line 1)"
    with pytest.raises(SavedQueryError) as err:
        YamlFile(tmp_path / "missing.yaml", SavedQueryError, "query file")
    assert str(err.value).startswith(f"{tmp_path / 'missing.yaml'}: cannot read query file: ")
    assert err.value.path == str(tmp_path / "missing.yaml") and err.value.line is None


def test_a_mapping_key_written_twice_is_named_by_the_callers_context(tmp_path):
    doc = read(tmp_path, "search:\n  limit: 1\n  limit: 2\n")
    search = doc.pairs(doc.root, "settings")[0][1]
    with pytest.raises(ConfigError, match=r"f.yaml:3: section 'search': key 'limit' appears twice \(first at line 2\)"):
        doc.pairs(search, "section 'search'")
    with pytest.raises(ConfigError, match=r"f.yaml:1: settings must be a mapping of key: value"):
        read(tmp_path, "- a\n").pairs(read(tmp_path, "- a\n").root, "settings")


def test_an_empty_file_has_no_root(tmp_path):
    assert read(tmp_path, "").root is None and read(tmp_path, "# only a comment\n").root is None


def test_values_nested_up_to_the_limit_are_built(tmp_path):
    depth = MAX_DEPTH - 1  # the mapping holding "a" is the first level
    doc = read(tmp_path, "a: " + "[" * depth + "]" * depth + "\n")
    value = doc.value(doc.root)["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []


def test_a_value_starting_with_an_exclamation_mark_says_to_quote_it(tmp_path):
    # '!word' excludes a word in a query (query-syntax.md); unquoted at the start of a value, YAML reads a tag
    message = fails(tmp_path, "queries:\n  - name: q\n    query: !colour harbour\n", SavedQueryError)
    assert message.endswith("f.yaml:3: invalid YAML: '!colour' at the start of a value is a YAML tag; "
                            "put the value in quotes to begin it with '!': \"!colour harbour\"")
