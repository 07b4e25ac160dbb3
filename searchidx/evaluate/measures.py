"""Measures computed by ir-measures (trec_eval's own code through pytrec_eval), and the paired test.

Measure names are ir-measures' (``P@10``, ``R@100``, ``nDCG@10``, ``AP``, ``RR``, ``P(rel=2)@5``...):
the library is imported on first use only, so searches never pay for it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from ..errors import EvalError

DEFAULT_MEASURES = ("P@5", "P@10", "R@10", "R@100", "nDCG@10", "AP", "RR")
EXACT_UP_TO = 16  # queries: up to this many, every one of the 2^n sign flips is tried
SAMPLES = 100_000  # random sign flips past that (seeded: the same p-value on every run)
_CHUNK = 2_000


def parse_measures(names: Sequence[str]) -> list[str]:
    """Measure names checked and written the way ir-measures writes them; EvalError for an unknown one."""
    import ir_measures

    out = []
    for name in names:
        try:
            measure = ir_measures.parse_measure(name)
        except (ValueError, NameError, SyntaxError, TypeError) as e:
            raise EvalError(f"unknown measure {name!r} ({e}); examples: {', '.join(DEFAULT_MEASURES)}") from None
        for param, what in (("cutoff", "a cutoff (@k)"), ("rel", "a relevance level (rel=)")):
            value = measure.params.get(param)
            # parsed, P@0 aborted the whole process inside trec_eval's C code; P@1.5, rel=0 raised a traceback
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise EvalError(f"measure {name!r}: {what} must be a whole number of at least 1, not {value!r}")
        if str(measure) not in out:
            out.append(str(measure))
    if not out:
        raise EvalError("no measures to compute")
    return out


def cutoff(measure: str) -> int | None:
    """The rank a measure stops at (10 for P@10), or None if it reads the whole ranking."""
    import ir_measures

    return ir_measures.parse_measure(measure).params.get("cutoff")


def compute(measures: Sequence[str], qrels: dict[str, dict[str, int]],
            rankings: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Each query of ``rankings`` (all judged in ``qrels``; an empty ranking counts) -> measure -> value."""
    import ir_measures

    parsed = {ir_measures.parse_measure(m): m for m in measures}
    out: dict[str, dict[str, float]] = {qid: dict.fromkeys(measures, 0.0) for qid in rankings}
    try:
        for metric in ir_measures.iter_calc(list(parsed), qrels, rankings):
            out[metric.query_id][parsed[metric.measure]] = float(metric.value)
    # (a measure's own checks and tools: NERR8@10 asserts a max_rel it was not given, ERR@10 runs a perl
    # script that may fail or be missing; each ended in a traceback and exit status 1, "nothing matched")
    except (ValueError, RuntimeError, NameError, ImportError, KeyError, AssertionError, TypeError, ArithmeticError,
            subprocess.SubprocessError, OSError) as e:
        raise EvalError(f"cannot compute {', '.join(measures)}: {str(e).strip() or type(e).__name__}") from None
    return out


def randomisation_test(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value of a paired randomisation (sign-flip) test on per-query scores.

    Under the null hypothesis the two runs are exchangeable on each query, so the sign of each
    query's difference is a coin flip; the p-value is the share of flips whose mean difference is
    at least as far from zero as the one observed. Exact (all 2^n flips) up to EXACT_UP_TO queries,
    else SAMPLES random flips with a fixed seed and the (hits + 1) / (samples + 1) estimate.
    """
    import numpy as np

    d = np.asarray(b, dtype=float) - np.asarray(a, dtype=float)
    n = len(d)
    if n == 0:
        return 1.0
    observed = abs(d.sum())
    tolerance = 1e-9 * max(1.0, observed)  # sums in another order differ in the last bits
    if n <= EXACT_UP_TO:
        signs = 1 - 2 * ((np.arange(2 ** n)[:, None] >> np.arange(n)) & 1)
        return float(np.mean(np.abs(signs @ d) >= observed - tolerance))
    rng = np.random.default_rng(0)
    hits = 0
    for start in range(0, SAMPLES, _CHUNK):
        signs = rng.choice((-1.0, 1.0), size=(min(_CHUNK, SAMPLES - start), n))
        hits += int(np.count_nonzero(np.abs(signs @ d) >= observed - tolerance))
    return (hits + 1) / (SAMPLES + 1)


def describe_test(queries: int) -> str:
    """How randomisation_test computed its p-values for this many queries, in words."""
    if queries <= EXACT_UP_TO:
        return f"paired randomisation test, two-sided, exact over all 2^{queries} sign flips"
    return f"paired randomisation test, two-sided, {SAMPLES:,} random sign flips (seed 0)"
