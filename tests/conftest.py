import shutil
from pathlib import Path

import pytest

import searchidx

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
BROKEN = FIXTURES / "broken"


@pytest.fixture(scope="session", autouse=True)
def _cache_home(tmp_path_factory):
    """Set for the whole session, so that module and session fixtures building indexes (which run before
    function fixtures) keep out of the developer's cache folder too, and fill the one the tests share."""
    home = tmp_path_factory.mktemp("cache-home")
    with pytest.MonkeyPatch.context() as session_env:
        session_env.setenv("XDG_CACHE_HOME", str(home))
        for name in ("SEARCHIDX_INDEX", "SEARCHIDX_CONFIG", "SEARCHIDX_BACKEND"):
            session_env.delenv(name, raising=False)
        # tables are wrapped to the terminal's width: the docs' examples are printed at 100 columns, and a
        # developer's 80-column terminal (or a test runner's worker) must not change what the tests see
        session_env.setenv("COLUMNS", "100")
        session_env.setenv("LINES", "24")
        yield home


@pytest.fixture(scope="session", autouse=True)
def _ctrl_c_heard():
    """A shell starts a background job (``bin/test &``, a CI step sent to the background) with Ctrl-C ignored,
    and searchidx, like other tools, leaves an ignored signal ignored (ingest/signals.py): the tests that send
    the indexing process its own Ctrl-C then saw it run to the end. They test Ctrl-C as a terminal sends it."""
    import signal

    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    if ignored:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture(autouse=True)
def _no_user_env(monkeypatch, _cache_home):
    """Tests never pick up the developer's own index or settings, nor write to their cache folder."""
    monkeypatch.delenv("SEARCHIDX_INDEX", raising=False)
    monkeypatch.delenv("SEARCHIDX_CONFIG", raising=False)
    # a live cluster's URL may stay (tests/test_opensearch_live.py): it is used only with the opensearch backend
    monkeypatch.delenv("SEARCHIDX_BACKEND", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_cache_home))


def copy_corpus(dest: Path) -> Path:
    shutil.copytree(CORPUS, dest)
    for p in dest.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The fixture corpus indexed once, read-only for the tests that use it: (index path, corpus path)."""
    base = tmp_path_factory.mktemp("built")
    corpus = copy_corpus(base / "corpus")
    index = base / "index"
    with searchidx.open_index(index) as idx:
        report = idx.update([corpus])
    assert not report.failed, report.failed
    return index, corpus


@pytest.fixture
def idx(built):
    with searchidx.open_index(built[0]) as index:
        yield index


@pytest.fixture
def corpus_copy(tmp_path):
    return copy_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def extractor():
    """The rule extractor with the shipped registry, made once for the entity tests."""
    from searchidx.config import DEFAULT_ENTITIES
    from searchidx.enrich import make_extractor
    from searchidx.enrich.aliases import load_registry

    return make_extractor("rules", load_registry([DEFAULT_ENTITIES]))
