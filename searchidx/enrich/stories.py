"""Near-duplicate detection for story grouping: MinHash signatures over word shingles.

The first 30 values of an article's signature are cut into LSH bands: articles sharing a band are candidate
copies. A Whoosh index finds them from its signature column (``index/bandtable.py``, with ``band_keys``); a
cluster stores each band as a term (``bands``). A candidate joins the story only when its estimated Jaccard
similarity passes ``threshold`` and the two dates lie within ``window_days`` (recurring boilerplate across
years must not merge stories). The shingles are taken over the text less the paragraphs at its head and
foot worded as a site's furniture (``boilerplate``: a newsletter blurb, a copyright line), which unrelated
pages of one site share word for word.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np

from ..index.folding import WORD_CHAR, drop_diacritics
from .boilerplate import story_part
from .words import ascii_words

NUM_PERM = 120
# 10 bands of 3 rows: pairs at Jaccard 0.5 become candidates with p=0.74, at 0.6 with p=0.91, at 0.7
# with p=0.99; all 120 values still estimate the similarity that decides. (When bands were index terms,
# 10 instead of 24 cut the ingest cost of grouping from about +30% to about +22%.)
BANDS = 10
ROWS = 3
SHINGLE = 3
# a word's letters and the marks they hold (Indic vowel signs, Arabic vowel marks), as the index's tokenizer reads
# them (less the marks folding drops): \w alone cut vowelled and unvowelled copies of one Arabic story into
# different words
_WORD = re.compile(rf"{WORD_CHAR}+")


MAX_WORDS = 3000  # bounds the cost for very long texts; copies differ little that far in
_MIN_SHINGLES = 8  # distinct shingles a text needs for a signature


def _words(text: str) -> list[bytes]:
    """The text's first MAX_WORDS words (as _WORD finds them), lower-cased, in UTF-8."""
    if text.isascii():  # most news text
        return ascii_words(text)[:MAX_WORDS]
    return [drop_diacritics(w.lower()).encode() for w in _WORD.findall(text)[:MAX_WORDS]]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    return set(_shingle_list(text, size))


def _shingle_list(text: str, size: int = SHINGLE) -> list[bytes]:
    """The text's shingles in order, a repeated one as often as it occurs."""
    words = _words(text)
    if len(words) < size:
        return [b" ".join(words)] if words else []
    return list(map(b" ".join, zip(*(words[i:] for i in range(size)))))


def _distinct(items: list[bytes], enough: int) -> bool:
    """Are there at least ``enough`` distinct items? (The first few nearly always are.)"""
    seen: set[bytes] = set()
    for item in items:
        seen.add(item)
        if len(seen) >= enough:
            return True
    return False


# MinHash as datasketch 2.0 computes it with scheme "affine32" (tests/test_stories.py checks the two
# agree value for value): each shingle's crc32, mixed by the MurmurHash3 finalizer, then NUM_PERM affine
# permutations a*h+b mod 2^32 with odd a, and the minimum of each. Written here rather than imported:
# importing datasketch loads scipy (0.33 s of every indexing run that reads a file), and its 2.0
# release changed the default scheme, which would silently stop new copies joining stories indexed
# by an older version. This fixes the scheme for the life of an index format.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The seeded (a, b) pairs, drawn once, in the order and from the generator datasketch uses."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, in place (uint32 arrays wrap around silently: that is the mod 2^32)."""
    s1, m1, s2, m2, s3 = _FMIX32
    hv ^= hv >> s1
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    return hv


def signature(text: str) -> bytes | None:
    """MinHash signature of the text's word shingles, as bytes (None for texts too short to compare);
    boilerplate paragraphs at its head and foot are left out (``boilerplate``)."""
    # The minimum of each permutation is the same over the shingles as over the set of them: the set (a
    # tenth of the signature's cost) is not built, only its size checked
    grams = _shingle_list(story_part(text))
    if len(grams) < _MIN_SHINGLES or not _distinct(grams, _MIN_SHINGLES):
        return None
    a, b = _permutations()
    # crc32: stable across processes (unlike hash()) and twice as fast as sha1
    hv = _fmix32(np.fromiter(map(zlib.crc32, grams), dtype=np.uint32, count=len(grams)).reshape(-1, 1))
    values = hv * a  # one row a shingle, one column a permutation; wrapping around is the mod 2^32
    values += b
    return values.min(axis=0).tobytes()


SIGNATURE_BYTES = NUM_PERM * 4
_KEY_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it mod 2^64 loses nothing


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """The LSH bands of each row of ``signatures`` (n x NUM_PERM uint32) as n x BANDS 64-bit keys.

    Two rows share a band when its 3 values are equal; then their keys are equal. Different values may
    rarely give one key (about one pair in 2^64): a false candidate, which the similarity then refuses."""
    rows = signatures[:, :BANDS * ROWS].astype(np.uint64).reshape(-1, BANDS, ROWS)
    band = np.arange(BANDS, dtype=np.uint64) << np.uint64(32)
    with np.errstate(over="ignore"):  # wrapping around is the mod 2^64
        return ((rows[..., 0] << np.uint64(32)) | rows[..., 1]) ^ ((rows[..., 2] | band) * _KEY_MIX)


@lru_cache(maxsize=64)  # grouping asks the index and this run's articles for the same article's bands
def band_keys_of(sig: bytes) -> tuple[int, ...]:
    """The BANDS keys of one signature (``band_keys``)."""
    return tuple(band_keys(np.frombuffer(sig, dtype=np.uint32).reshape(1, -1))[0].tolist())


@lru_cache(maxsize=64)  # a cluster's grouping and its document both ask for the same article's bands
def bands(sig: bytes) -> tuple[str, ...]:
    """One short hex term per LSH band (the terms a cluster index stores; a Whoosh index uses ``band_keys``)."""
    values = np.frombuffer(sig, dtype=np.uint32)
    out = []
    for b in range(BANDS):
        chunk = values[b * ROWS:(b + 1) * ROWS].tobytes()
        out.append(f"{b:02d}{hashlib.blake2b(chunk, digest_size=5).hexdigest()}")
    return tuple(out)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    va, vb = np.frombuffer(a, dtype=np.uint32), np.frombuffer(b, dtype=np.uint32)
    return float(np.count_nonzero(va == vb)) / len(va)
