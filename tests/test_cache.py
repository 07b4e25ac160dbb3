"""Values kept between runs in the user's cache folder (the suite points XDG_CACHE_HOME at a temp folder)."""

from searchidx import cache


def test_a_kept_value_is_made_once_per_key(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    made = []

    def make():
        made.append(1)
        return {"Paris": "Paris"}
    assert cache.kept("places", "k1", make) == {"Paris": "Paris"}
    assert cache.kept("places", "k1", make) == {"Paris": "Paris"} and len(made) == 1
    assert cache.kept("places", "k2", make) == {"Paris": "Paris"} and len(made) == 2  # inputs changed


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.kept("names", "k", lambda: ["Ana"])
    for path in (tmp_path / "searchidx").iterdir():
        path.write_text("{not json", encoding="utf-8")
    assert cache.kept("names", "k", lambda: ["Ana", "Ben"]) == ["Ana", "Ben"]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be
    assert cache.kept("names", "k", lambda: ["Cy"]) == ["Cy"]


def test_the_extractors_word_lists_come_back_the_same_from_the_cache(tmp_path, monkeypatch):
    from searchidx.enrich import rules

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    rules.gazetteer_places.cache_clear()
    rules.first_names.cache_clear()
    try:
        made = (rules.gazetteer_places(), rules.first_names())  # made (the cache folder is empty) and kept
        assert made[0] and made[1]
        rules.gazetteer_places.cache_clear()
        rules.first_names.cache_clear()
        assert (rules.gazetteer_places(), rules.first_names()) == made  # read back
        assert len(list((tmp_path / "searchidx").glob("*.json"))) == 2
    finally:
        rules.gazetteer_places.cache_clear()
        rules.first_names.cache_clear()
