"""Command line for the index: `python -m index build | stats | figures [--json]`.

Exit status: 0 on success, 2 when some files were skipped (the rest are indexed),
1 on an error that stopped the command (message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from .settings import Settings, get_settings


def _settings(args) -> Settings:
    overrides = {}
    if getattr(args, "reports", None):
        overrides["reports_dir"] = Path(args.reports)
    if getattr(args, "store", None):
        overrides["store_dir"] = Path(args.store)
    return get_settings().model_copy(update=overrides)


def cmd_build(args) -> int:
    from .build import build_index

    settings = _settings(args)
    print(f"Indexing {settings.reports_dir} into {settings.store_dir} ...", file=sys.stderr)
    summary = build_index(settings, progress=not args.quiet)
    print("\n".join(summary.lines()))
    return 2 if summary.skipped else 0


def cmd_stats(args) -> int:
    from .store import IndexReader

    reader = IndexReader(_settings(args))
    reports = reader.reports()
    chunks = reader.chunks()
    figures = reader.figures()
    print(f"Store: {reader.settings.store_dir}")
    print(f"Reports: {len(reports)}  Chunks: {len(chunks)}  Figures: {len(figures)}")
    for meta in sorted(reports, key=lambda m: (m.year or 0, m.unit)):
        n = sum(1 for c in chunks if c["report_id"] == meta.report_id)
        f = sum(1 for x in figures if x["report_id"] == meta.report_id)
        rating = f", {meta.overall_rating}" if meta.overall_rating else ""
        score = f" ({meta.score})" if meta.score else ""
        print(f"  {meta.label:<34} {meta.kind:<28} {n:>4} chunks {f:>3} figures{rating}{score}  [{meta.source_file}]")
    return 0


def cmd_figures(args) -> int:
    from .store import IndexReader

    reader = IndexReader(_settings(args))
    for row in reader.figures():
        record = {
            "report": row["report_id"], "unit": row["unit"], "year": row["year"],
            "standard": row["standard"], "question": row["question"], "value": row["value"],
            "kind": row["kind"], "page": row["page"], "quote": row["quote"],
        }
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{row['unit']} {row['year']} | {row['kind']:<14} | {row['standard'][:32]:<32} | "
                  f"{row['value']:>20} | {row['question'][:70]}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="Build and inspect the report index.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build or update the index (incremental by content hash)")
    b.add_argument("--reports", help="folder of reports (default: QA_REPORTS_DIR or ./reports)")
    b.add_argument("--store", help="index folder (default: QA_STORE_DIR or ./.store)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("stats", help="reports, chunks and figures in the index")
    s.add_argument("--store")
    s.set_defaults(func=cmd_stats)
    f = sub.add_parser("figures", help="print the figures table")
    f.add_argument("--store")
    f.add_argument("--json", action="store_true", help="one JSON object per line")
    f.set_defaults(func=cmd_figures)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from .embedding import EmbeddingModelError
    from .store import StoreMissingError

    try:
        return args.func(args)
    except (StoreMissingError, EmbeddingModelError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
