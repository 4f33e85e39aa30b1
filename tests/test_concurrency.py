"""One `Assistant` shared by 16 threads answers exactly as it does serially.

16 threads x 25 questions (figures, ratings, a comparison, a follow-up with history and a
refusal) against a serial run of the same questions: no exception, and the same text,
refusal flag, rewritten question, citation quotes and figures for every answer. Prints the
throughput (also `python -m evals.bench_concurrency`).
"""

from __future__ import annotations

import pytest

from evals.bench_concurrency import QUESTIONS, run_serial, run_threads

pytestmark = pytest.mark.integration

THREADS, PER_THREAD = 16, 25


@pytest.fixture(scope="module")
def assistant(built_index):
    from qa.assistant import Assistant

    return Assistant(built_index)


def test_threads_answer_exactly_as_serial(assistant):
    serial, serial_s = run_serial(assistant)
    # The mix really covers a refusal, a follow-up rewrite and cited figures.
    assert serial[len(QUESTIONS) - 1][1] is True
    assert serial[8][2] and "Suffolk" in serial[8][2]
    assert "39%" in serial[0][0] and serial[0][3]

    results, errors, wall = run_threads(assistant, THREADS, PER_THREAD)
    assert errors == [], [f"{type(e).__name__}: {e}" for e in errors[:5]]
    assert len(results) == THREADS * PER_THREAD
    differing = sorted({QUESTIONS[i][0] for i, sig in results if sig != serial[i]})
    assert differing == []
    print(f"\nserial {len(QUESTIONS) / serial_s:.1f} questions/s; {THREADS} threads: "
          f"{len(results)} questions in {wall:.1f} s = {len(results) / wall:.1f} questions/s")


def test_serial_is_deterministic(assistant):
    first, _ = run_serial(assistant)
    again, _ = run_serial(assistant)
    assert first == again
