"""The optional LLM answer writer (issue 6): verification latency, and accuracy with an LLM.

    python -m evals.bench_llm [--gold FILE] [--store DIR] [--split dev|heldout|all] [--limit N]
                              [--repeat N] [--skip-accuracy] [--json]

1. Verification latency. One `qa.assistant.Assistant` (QA_LLM=none) answers every gold
   question; for each answer that an LLM would rewrite (not refused, has citations) the whole
   check an LLM reply goes through (`qa.llm_check.check_reply`: `qa.verify.verify` on every
   line, quoted phrases, rating words, figures kept) is timed on a reply of the same content,
   `--repeat` times, best run kept. Target (issue 6): under 20 ms per answer.
2. Accuracy with a scripted LLM. A loopback server speaking the OpenAI chat-completions protocol
   (tests/fake_llm_servers.py) plays a model that answers correctly: it rewrites the draft it
   is sent (drops the "Supporting evidence:" heading, turns bullets into sentences) and keeps
   every figure and [n]. The gold questions go through the public batch CLI twice, exactly as
   `evals.run` does: with QA_LLM=none, and with QA_LLM=openai:bench-model pointed at the
   server. Both runs are scored by `evals.run`'s scorer (must_include regexes + refusal). The
   LLM run must score the same; the share of answers the LLM actually wrote is shown too,
   since a fallback to the extractive answer would score the same without testing anything.

The script measures; it changes nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from evals.run import DEFAULT_GOLD, ROOT, SourceTexts, load_gold, percentile, run_batch, score_run

TARGET_VERIFY_MS = 20.0
sys.path.insert(0, str(ROOT / "tests"))  # the scripted servers live with the tests


def polish(messages: list[dict]) -> str:
    """A correct model: the draft it was sent, lightly rewritten, figures and [n] untouched."""
    from fake_llm_servers import draft_of

    lines = []
    for line in draft_of(messages).split("\n"):
        if line.strip().lower() == "supporting evidence:":
            continue
        lines.append(re.sub(r"^\s*-\s+", "", line))
    return "\n".join(lines).strip()


def bench_verify(gold: list[dict], settings, repeat: int) -> dict:
    from qa.assistant import Assistant
    from qa.compose import label
    from qa.llm_check import check_reply

    assistant = Assistant(settings.model_copy(update={"llm": "none"}))
    labels = [label(m) for m in assistant.reports.values()]
    times, rejected = [], []
    for item in gold:
        answer = assistant.ask(item["question"], item.get("history") or None)
        if answer.refused or not answer.citations:
            continue
        reply = answer.text
        best = None
        for _ in range(repeat):
            t = time.perf_counter()
            checked = check_reply(reply, answer, labels)
            elapsed = (time.perf_counter() - t) * 1000
            best = elapsed if best is None else min(best, elapsed)
        times.append(best)
        if not checked.stands or checked.dropped:
            rejected.append({"id": item["id"], "dropped": checked.dropped, "missing": checked.missing})
    return {
        "answers_checked": len(times),
        "mean_ms": round(statistics.fmean(times), 3) if times else None,
        "p50_ms": round(percentile(times, 50), 3) if times else None,
        "p95_ms": round(percentile(times, 95), 3) if times else None,
        "max_ms": round(max(times), 3) if times else None,
        "target_ms": TARGET_VERIFY_MS,
        "meets_target": bool(times) and max(times) < TARGET_VERIFY_MS,
        "false_rejections": rejected,  # correct drafts that verification would have cut
    }


def bench_accuracy(gold: list[dict], store_dir: Path, reports_dir: Path, store_arg: list[str]) -> dict:
    from fake_llm_servers import ScriptedChatServer

    command = [sys.executable, "-m", "qa", "ask"] + store_arg
    saved = {k: os.environ.get(k) for k in ("QA_LLM", "OPENAI_BASE_URL", "OPENAI_API_KEY", "QA_LLM_TIMEOUT")}
    try:
        os.environ["QA_LLM"] = "none"
        extractive, wall_x = run_batch(command, gold, "extractive")
        with ScriptedChatServer(polish, model="bench-model") as server:
            os.environ.update(QA_LLM="openai:bench-model", OPENAI_BASE_URL=server.openai_base_url,
                              QA_LLM_TIMEOUT="30")
            os.environ.pop("OPENAI_API_KEY", None)
            with_llm, wall_l = run_batch(command, gold, "scripted-llm")
            llm_calls = len(server.chat_requests())
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    sources = SourceTexts.load(store_dir, reports_dir)
    scores_x, scores_l = score_run(gold, extractive, sources), score_run(gold, with_llm, sources)
    answered = [r for r in with_llm if not r.get("refused")]
    by_id_x = {s.id: s for s in scores_x}
    return {
        "questions": len(gold),
        "extractive_correct": sum(s.correct for s in scores_x),
        "llm_correct": sum(s.correct for s in scores_l),
        "extractive_accuracy": round(sum(s.correct for s in scores_x) / len(gold), 4),
        "llm_accuracy": round(sum(s.correct for s in scores_l) / len(gold), 4),
        "llm_calls": llm_calls,
        "answered": len(answered),
        "written_by_llm": sum(r.get("answerer") == "llm" for r in answered),
        "verification_changed": sum(bool(r.get("verification_changed")) for r in answered
                                    if r.get("answerer") == "llm"),
        "fallback_notes": sorted({n for r in answered if r.get("answerer") != "llm" for n in r.get("notes", [])
                                  if n.startswith("LLM")}),
        "differ": [{"id": s.id, "extractive": by_id_x[s.id].correct, "llm": s.correct, "reasons": s.reasons}
                   for s in scores_l if s.correct != by_id_x[s.id].correct],
        "wall_s": {"extractive": round(wall_x, 1), "scripted_llm": round(wall_l, 1)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_llm", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL (default: evals/gold.jsonl)")
    parser.add_argument("--store", type=Path, help="index folder (default: QA_STORE_DIR or ./.store)")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all")
    parser.add_argument("--limit", type=int, help="first N questions only")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each verification (best kept)")
    parser.add_argument("--skip-accuracy", action="store_true", help="latency only (no CLI runs)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from index.settings import get_settings

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": args.store})
    gold = load_gold(args.gold)
    if args.split != "all":
        gold = [g for g in gold if g.get("split") == args.split]
    gold = gold[: args.limit] if args.limit else gold

    results = {"verify": bench_verify(gold, settings, max(1, args.repeat))}
    if not args.skip_accuracy:
        store_arg = ["--store", str(args.store)] if args.store else []
        results["accuracy"] = bench_accuracy(gold, settings.store_dir, settings.reports_dir, store_arg)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0

    v = results["verify"]
    print(f"Verification of an LLM reply ({v['answers_checked']} answers, best of {args.repeat}):")
    print(f"  mean {v['mean_ms']} ms, p50 {v['p50_ms']} ms, p95 {v['p95_ms']} ms, max {v['max_ms']} ms "
          f"(target < {TARGET_VERIFY_MS:g} ms per answer: {'met' if v['meets_target'] else 'NOT met'})")
    print(f"  correct drafts verification would cut: {len(v['false_rejections'])}")
    for r in v["false_rejections"]:
        print(f"    {r['id']}: dropped {r['dropped']} missing {r['missing']}")
    if "accuracy" in results:
        a = results["accuracy"]
        print(f"Accuracy on {a['questions']} gold questions (must_include + refusal, evals.run scorer):")
        print(f"  extractive    {a['extractive_correct']}/{a['questions']} = {a['extractive_accuracy']:.1%}")
        print(f"  scripted LLM  {a['llm_correct']}/{a['questions']} = {a['llm_accuracy']:.1%}  "
              f"({'equal' if a['llm_correct'] == a['extractive_correct'] else 'DIFFERENT'})")
        print(f"  LLM calls {a['llm_calls']}; answers written by the LLM {a['written_by_llm']}/{a['answered']}, "
              f"changed by verification {a['verification_changed']}")
        for note in a["fallback_notes"]:
            print(f"    fallback: {note}")
        for d in a["differ"]:
            print(f"    differs: {d}")
        print(f"  wall: extractive {a['wall_s']['extractive']} s, scripted LLM {a['wall_s']['scripted_llm']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
