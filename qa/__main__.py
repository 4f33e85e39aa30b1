"""Command line for answering: `python -m qa ask "QUESTION" [--json]` and
`python -m qa ask --batch IN.jsonl --json` (one JSON line out per line in, in order).

The model and index load once per process. Errors become one-line messages on stderr (exit
1), never tracebacks: a missing index names the build command.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

from .batch import read_batch


def _record(answer, item_id=None) -> dict:
    data = answer.to_dict()
    out = {
        "id": item_id,
        "question": data["question"],
        "rewritten_question": data["rewritten_question"],
        "answer": data["text"],
        "refused": data["refused"],
        "answerer": data["answerer"],
        "verification_changed": data["verification_changed"],
        "citations": [
            {k: c[k] for k in ("n", "report", "title", "year", "section", "page", "quote")}
            for c in data["citations"]
        ],
        "figures": [
            {k: f[k] for k in ("report", "unit", "year", "standard", "question", "value", "kind")}
            | {"citation": f["citation"]}
            for f in data["figures"]
        ],
        "contexts": [{k: c[k] for k in ("report", "section", "page", "text", "score")} for c in data["contexts"]],
        "notes": data["notes"],
        "latency_ms": data["latency_ms"],
    }
    if item_id is None:
        out.pop("id")
    return out


def _print_human(answer) -> None:
    if answer.rewritten_question:
        print(f"(understood as: {answer.rewritten_question})\n")
    print(answer.text)
    if answer.citations:
        print("\nSources:")
        for c in answer.citations:
            where = c.section + (f", page {c.page}" if c.page else "")
            print(f"  [{c.n}] {c.title} ({c.year}) — {where}")
            print(f"      “{' '.join(c.quote.split())}”")  # one line for reading; JSON keeps it verbatim
    for note in answer.notes:
        print(f"\nnote: {note}", file=sys.stderr)


def cmd_ask(args) -> int:
    from index.settings import get_settings

    from .assistant import Assistant

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": Path(args.store)})
    assistant = Assistant(settings)
    if args.batch:
        for item in read_batch(args.batch):
            history = item.get("history") or None
            answer = assistant.ask(item["question"], history)
            if args.json:
                print(json.dumps(_record(answer, item.get("id")), ensure_ascii=False), flush=True)
            else:
                print(f"## {item.get('id', '')} {item['question']}")
                _print_human(answer)
                print()
        return 0
    if not args.question:
        print("error: give a QUESTION or --batch FILE", file=sys.stderr)
        return 1
    answer = assistant.ask(" ".join(args.question))
    if args.json:
        print(json.dumps(_record(answer), ensure_ascii=False, indent=None))
    else:
        _print_human(answer)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description="Ask questions of the indexed reports.")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask", help="answer a question (or a batch of them)")
    a.add_argument("question", nargs="*", help="the question")
    a.add_argument("--json", action="store_true", help="print JSON (one object per line with --batch)")
    a.add_argument("--batch", metavar="FILE.jsonl", help="questions, one JSON object per line ('-' = stdin)")
    a.add_argument("--store", help="index folder (default: QA_STORE_DIR or ./.store)")
    a.set_defaults(func=cmd_ask)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from index.embedding import EmbeddingModelError
    from index.store import StoreMissingError

    started = time.perf_counter()
    try:
        return args.func(args)
    except (StoreMissingError, EmbeddingModelError, ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:
        logging.getLogger(__name__).debug("done in %.1f s", time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
