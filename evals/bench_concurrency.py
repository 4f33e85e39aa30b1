"""Throughput of one shared `Assistant` under threads, and whether answers match a serial run.

    python -m evals.bench_concurrency [--threads 16] [--per-thread 25] [--store DIR]

Asks a fixed mix of questions (figures, ratings, a comparison, a follow-up with history, a
refusal) once serially, then from N threads at once, and prints questions per second for both
and any answer that differs from the serial one. Uses the index in QA_STORE_DIR (build it
first with `python -m index build`). `tests/test_concurrency.py` imports `QUESTIONS` and
`run_threads` from here.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

# (question, history): history holds earlier {"role", "content"} turns.
NORFOLK_TURN = [
    {"role": "user", "content": "What overall rating did Norfolk PDU receive?"},
    {"role": "assistant", "content": "Norfolk PDU (May 2024) was rated Inadequate overall, with a score of 2/21."},
]
QUESTIONS: list[tuple[str, list[dict] | None]] = [
    ("What share of Norfolk cases had assessments that focused enough on keeping others safe?", None),
    ("In the Suffolk PDU inspection, how often did assessments focus enough on keeping other people safe?", None),
    ("What overall rating did Norfolk PDU receive?", None),
    ("How was leadership rated at Suffolk PDU?", None),
    ("Did Norfolk or Suffolk do better on assessments focusing on keeping other people safe?", None),
    ("How did Suffolk assess safety in 2017 vs 2024?", None),
    ("What rating did the East of England get for statutory victim work?", None),
    ("How many people does Norfolk PDU supervise?", None),
    ("And in Suffolk?", NORFOLK_TURN),
    ("What overall rating did Cumbria PDU receive in 2023?", None),   # not in the corpus: refusal
]


def signature(answer) -> tuple:
    """What must not change between a serial and a threaded run."""
    return (answer.text, answer.refused, answer.rewritten_question,
            tuple(c.quote for c in answer.citations), tuple((f.unit, f.value) for f in answer.figures))


def run_serial(assistant, questions=QUESTIONS) -> tuple[dict[int, tuple], float]:
    started = time.perf_counter()
    out = {i: signature(assistant.ask(q, h)) for i, (q, h) in enumerate(questions)}
    return out, time.perf_counter() - started


def run_threads(assistant, threads: int = 16, per_thread: int = 25, questions=QUESTIONS
                ) -> tuple[list[tuple[int, tuple]], list[BaseException], float]:
    """Each thread asks `per_thread` questions (cycling through `questions` from its own offset).

    Returns (question index, signature) pairs, the exceptions raised, and wall seconds.
    """
    results: list[tuple[int, tuple]] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(threads)

    def worker(t: int) -> None:
        start.wait()  # all threads begin together, for the most contention
        for k in range(per_thread):
            i = (t + k) % len(questions)
            q, h = questions[i]
            try:
                sig = signature(assistant.ask(q, [dict(turn) for turn in h] if h else None))
            except BaseException as exc:  # noqa: BLE001 - collected and reported by the caller
                with guard:
                    errors.append(exc)
                continue
            with guard:
                results.append((i, sig))

    pool = [threading.Thread(target=worker, args=(t,), name=f"ask-{t}") for t in range(threads)]
    started = time.perf_counter()
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    return results, errors, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_concurrency", description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--per-thread", type=int, default=25)
    parser.add_argument("--store", help="index folder (default: QA_STORE_DIR or ./.store)")
    args = parser.parse_args(argv)

    from index.settings import get_settings
    from qa.assistant import Assistant

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": Path(args.store)})
    assistant = Assistant(settings)
    assistant.ask(QUESTIONS[0][0])  # warm-up
    serial, serial_s = run_serial(assistant)
    results, errors, wall = run_threads(assistant, args.threads, args.per_thread)
    n = args.threads * args.per_thread
    mismatches = sum(1 for i, sig in results if sig != serial[i])
    print(f"serial:   {len(QUESTIONS)} questions in {serial_s:.2f} s = {len(QUESTIONS) / serial_s:.1f} questions/s")
    print(f"threaded: {args.threads} threads x {args.per_thread} = {n} questions in {wall:.2f} s "
          f"= {n / wall:.1f} questions/s")
    print(f"errors: {len(errors)}  answers differing from the serial run: {mismatches}")
    for exc in errors[:3]:
        print(f"  {type(exc).__name__}: {exc}")
    return 1 if errors or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
