"""How build and query cost grow with the corpus: synthetic corpora of 5, 50, 300 reports.

    python -m evals.bench_scale [--sizes 5,50,300] [--seed 7] [--workdir DIR] [--json]

For each size: write a synthetic corpus (`evals.synthetic`), then in a fresh child process
build the index (`index.build.build_index`), load an `Assistant`, ask ~30 questions about
generated reports (overall rating and score, a key-question percentage, the caseload) and
check each answer states the generated figure exactly. Reports build time, store size on
disk, the child's peak RSS (`ru_maxrss`, build and queries together), assistant load time
and query latency p50/p95. Targets: p95 <= 300 ms and peak RSS < 3 GB at 300 reports.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
P95_TARGET_MS = 300
RSS_TARGET_MB = 3 * 1024


def questions_for(expected: list[dict], n: int = 30, seed: int = 11) -> list[dict]:
    """~n questions about generated reports, each with the figure its answer must state."""
    rng = random.Random(seed)
    picks = rng.sample(expected, min(len(expected), max(1, n // 3)))
    out = []
    for rep in picks:
        unit = rep["unit"]
        kq = [(k.split("|", 1)[1], v) for k, v in rep["key_questions"].items()
              if k.startswith("2.1|") and "keeping other people safe" in k]
        out.append({"q": f"What overall rating did {unit} receive?", "unit": unit,
                    "must": [rep["overall_rating"], rep["score"]]})
        out.append({"q": f"What share of {unit} cases had assessments that focused enough on keeping others safe?",
                    "unit": unit, "must": [kq[0][1]]})
        out.append({"q": f"How many people does {unit} supervise?", "unit": unit, "must": [rep["caseload"]]})
    return out[:n] if len(out) > n else out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def child(reports: Path, store: Path, expected_path: Path) -> dict:
    """Build + query in this process; return the measurements (run in a fresh process)."""
    import resource

    from index.build import build_index
    from index.settings import Settings
    from qa.assistant import Assistant

    settings = Settings(reports_dir=reports, store_dir=store)
    t0 = time.perf_counter()
    summary = build_index(settings, progress=False)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    assistant = Assistant(settings)
    load_s = time.perf_counter() - t0
    questions = questions_for(json.loads(expected_path.read_text(encoding="utf-8")))
    assistant.ask(questions[0]["q"])  # warm-up: first-call costs are not query latency
    latencies, wrong = [], []
    for item in questions:
        t0 = time.perf_counter()
        answer = assistant.ask(item["q"])
        latencies.append((time.perf_counter() - t0) * 1000)
        first = answer.text.split("\n")[0]
        if answer.refused or any(m not in first for m in item["must"]) or item["unit"] not in first:
            wrong.append({"q": item["q"], "must": item["must"], "got": first[:300]})
    return {
        "reports": summary.total_reports, "chunks": summary.total_chunks, "figures": summary.total_figures,
        "skipped": summary.skipped, "build_s": round(build_s, 1), "assistant_load_s": round(load_s, 1),
        "questions": len(questions), "exact": len(questions) - len(wrong), "wrong": wrong,
        "p50_ms": round(statistics.median(latencies), 1), "p95_ms": round(percentile(latencies, 95), 1),
        "max_ms": round(max(latencies), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def dir_size_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 1e6, 1)


def run_size(n: int, workdir: Path, seed: int = 7) -> dict:
    from evals.synthetic import generate

    reports, store = workdir / f"corpus-{n}", workdir / f"store-{n}"
    generate(reports, n, seed)
    expected = workdir / f"corpus-{n}-expected.json"
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.pop("QA_CHROMA_HOST", None)
    proc = subprocess.run([sys.executable, "-m", "evals.bench_scale", "--child", str(reports), str(store),
                           str(expected)], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed for {n} reports:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result.update(size=n, store_mb=dir_size_mb(store), corpus_mb=dir_size_mb(reports))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_scale", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,50,300", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", help="where corpora and stores go (default: a temp folder, removed)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per size")
    parser.add_argument("--child", nargs=3, metavar=("REPORTS", "STORE", "EXPECTED"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*map(Path, args.child))))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    tmp = None if args.workdir else tempfile.TemporaryDirectory(prefix="qa-bench-scale-")
    workdir = Path(args.workdir or tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    ok = True
    try:
        if not args.json:
            print(f"{'reports':>7} {'chunks':>7} {'build s':>8} {'store MB':>9} {'peak RSS MB':>12} "
                  f"{'load s':>7} {'p50 ms':>7} {'p95 ms':>7} {'exact':>7}")
        for n in sizes:
            r = run_size(n, workdir, args.seed)
            ok &= r["exact"] == r["questions"] and not r["skipped"]
            if args.json:
                print(json.dumps(r), flush=True)
            else:
                print(f"{r['size']:>7} {r['chunks']:>7} {r['build_s']:>8} {r['store_mb']:>9} {r['peak_rss_mb']:>12} "
                      f"{r['assistant_load_s']:>7} {r['p50_ms']:>7} {r['p95_ms']:>7} "
                      f"{r['exact']:>3}/{r['questions']:<3}", flush=True)
                for w in r["wrong"]:
                    print(f"    not exact: {w['q']} (want {w['must']}) -> {w['got']}")
                if n >= 300:
                    print(f"    targets at {n}: p95 {r['p95_ms']} ms (<= {P95_TARGET_MS}), "
                          f"peak RSS {r['peak_rss_mb']} MB (< {RSS_TARGET_MB})")
    finally:
        if tmp:
            tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
