"""Benchmark the index build against a naive LangChain baseline on the same machine and model.

    .venv/bin/python -m evals.bench_index [--json] [--repeat N] [--reports DIR]
                                          [--backends openvino,torch] [--fresh-export] [--cosine]

In one process and into temp folders only:
  (a) our index of the reports folder from scratch, once per embedding backend asked for
      (default: the configured `QA_EMBEDDING_BACKEND`), with our `Embedder` as configured;
  (b) the same build again with nothing changed;
  (c) the naive baseline, what a LangChain user would write: the same model loaded as a plain
      `SentenceTransformer(model_path)` (torch, float32, default settings: batch size 32, no
      autocast) behind a LangChain `Embeddings`, `RecursiveCharacterTextSplitter(chunk_size=1000,
      chunk_overlap=200)` over the raw report texts, and `langchain_chroma.Chroma.from_texts`
      into a temp dir.
Model loads are timed on their own on both sides (libraries imported first, so neither pays
the other's imports) and both models get the same warm-up call, so the build times compare
what each pipeline embeds and writes. The openvino backend's one-off export (made on first use
and cached in `QA_EMBEDDING_CACHE_DIR`) is timed on its own as well: with --fresh-export it is
redone into a temp cache so that it is always measured.
Wall time is what a user waits; CPU time (all threads of this process) is steadier when
other work shares the machine. With --repeat the runs alternate and the median is reported.
--cosine also embeds our chunks with the baseline's float32 model and reports each backend's
mean and minimum cosine to it (the quality bar: mean >= 0.999).
Targets: our full build at most half the baseline's time; an unchanged rebuild under 2 s.
This script measures; it asserts nothing (timing does not belong in the test suite).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python evals/bench_index.py` as well as `-m evals.bench_index`
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

TARGET_RATIO = 0.5
TARGET_REBUILD_S = 2.0
MIN_COSINE = 0.999


class _Clock:
    """Wall and process CPU seconds of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def _use_backend(backend: str) -> None:
    """Make `backend` the process setting that `build_index` (via `load_embedder`) reads."""
    from index.settings import get_settings

    os.environ["QA_EMBEDDING_BACKEND"] = backend
    get_settings.cache_clear()


def _settings(store_dir: Path, reports_dir: Path):
    from index.settings import Settings

    return Settings(store_dir=store_dir, reports_dir=reports_dir)


def run_ours(reports_dir: Path, backend: str) -> dict:
    from index.build import build_index
    from index.store import IndexReader

    _use_backend(backend)
    with tempfile.TemporaryDirectory(prefix="bench-ours-") as tmp:
        settings = _settings(Path(tmp), reports_dir)
        assert settings.embedding_backend == backend
        with _Clock() as full:
            summary = build_index(settings, progress=False)
        with _Clock() as again:
            unchanged = build_index(settings, progress=False)
        reader = IndexReader(settings)
        texts = [f"{c['prefix']}\n{c['text']}" for c in reader.chunks()]
        reader.close()
    assert unchanged.chunks_embedded == 0, "the unchanged rebuild embedded something"
    return {
        "build_s": full.wall, "build_cpu_s": full.cpu, "rebuild_s": again.wall, "rebuild_cpu_s": again.cpu,
        "reports": summary.total_reports, "chunks": summary.total_chunks, "figures": summary.total_figures,
        "skipped": len(summary.skipped), "texts": texts,
    }


def _raw_texts(reports_dir: Path) -> list[tuple[str, str]]:
    from index.loaders import list_report_files

    out = []
    for path in list_report_files(reports_dir):
        if path.suffix.lower() in (".txt", ".md"):
            out.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix.lower() == ".pdf":
            from pypdf import PdfReader

            out.append((path.name, "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)))
    return out


def naive_embeddings(model):
    """A plain `SentenceTransformer` behind LangChain's interface, as a LangChain user writes it."""
    from langchain_core.embeddings import Embeddings

    class SentenceTransformerEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return model.encode(list(texts)).tolist()

        def embed_query(self, text: str) -> list[float]:
            return model.encode(text).tolist()

    return SentenceTransformerEmbeddings()


def run_baseline(reports_dir: Path, model) -> dict:
    import chromadb
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    with tempfile.TemporaryDirectory(prefix="bench-baseline-") as tmp, _Clock() as clock:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts, metadatas = [], []
        for name, raw in _raw_texts(reports_dir):
            for piece in splitter.split_text(raw):
                texts.append(piece)
                metadatas.append({"source": name})
        store = Chroma.from_texts(
            texts, naive_embeddings(model), metadatas=metadatas, collection_name="baseline",
            persist_directory=tmp,
            client_settings=chromadb.config.Settings(anonymized_telemetry=False, is_persistent=True,
                                                     persist_directory=tmp),
        )
        count = store._collection.count()
    assert count == len(texts)
    return {"build_s": clock.wall, "build_cpu_s": clock.cpu, "chunks": len(texts), "texts": texts}


def _cosines(embedder, model, texts: list[str]) -> dict:
    """Mean and minimum cosine between `embedder`'s vectors and the float32 model's."""
    import numpy as np

    ours = np.array(embedder.embed(texts))
    reference = model.encode(texts, normalize_embeddings=True)
    cos = (ours * reference).sum(axis=1)
    return {"mean": float(cos.mean()), "min": float(cos.min()), "texts": len(texts)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    parser.add_argument("--repeat", type=int, default=1, help="alternating runs of each pipeline (median)")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports", help="folder of reports")
    parser.add_argument("--backends", default=None,
                        help="comma-separated embedding backends to build with (default: QA_EMBEDDING_BACKEND)")
    parser.add_argument("--fresh-export", action="store_true",
                        help="redo the openvino export into a temp cache, so that its one-off time is measured")
    parser.add_argument("--cosine", action="store_true",
                        help="also report each backend's cosine to the float32 model on our chunks")
    args = parser.parse_args(argv)

    import logging

    logging.basicConfig(level=logging.WARNING)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    # Libraries first, so that neither model load below pays the other's imports.
    import chromadb  # noqa: F401
    import langchain_chroma  # noqa: F401
    import sentence_transformers
    import torch  # noqa: F401

    from index.embedding import import_openvino, load_embedder, resolve_model_path
    from index.settings import get_settings

    backends = [b.strip() for b in (args.backends or get_settings().embedding_backend).split(",") if b.strip()]
    if "openvino" in backends:
        import_openvino()
    export_tmp = tempfile.TemporaryDirectory(prefix="bench-export-cache-") if args.fresh_export else None
    if export_tmp:
        os.environ["QA_EMBEDDING_CACHE_DIR"] = export_tmp.name

    warm_up = ["warm-up: the first call pays one-off kernel set-up"] * 8
    loads, embedders = {}, {}
    for backend in backends:
        _use_backend(backend)
        settings = get_settings()
        with _Clock() as load:
            embedder = load_embedder(settings.embedding_model, settings.embedding_batch_size,
                                     settings.embedding_precision)
        export_s = getattr(embedder, "export_seconds", None) or 0.0
        embedder.embed(warm_up)
        embedders[backend] = embedder
        loads[backend] = {"model_load_s": load.wall - export_s, "export_s": export_s or None,
                          "bfloat16": embedder.bfloat16,
                          "cache": str(getattr(embedder, "export_dir", "")) or None}

    model_path = resolve_model_path(get_settings().embedding_model)
    with _Clock() as base_load:
        naive = sentence_transformers.SentenceTransformer(str(model_path))
    naive.encode(warm_up)

    ours: dict[str, list[dict]] = {b: [] for b in backends}
    base: list[dict] = []
    for i in range(max(1, args.repeat)):
        steps = [lambda b=b: ours[b].append(run_ours(args.reports, b)) for b in backends]
        steps.append(lambda: base.append(run_baseline(args.reports, naive)))
        for step in (steps if i % 2 == 0 else steps[::-1]):
            step()

    def med(runs, key):
        return statistics.median(r[key] for r in runs)

    any_embedder = embedders[backends[0]]
    base_build = med(base, "build_s")
    result = {
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": os.getloadavg()[0]},
        "repeat": len(base),
        "baseline": {
            "model_load_s": base_load.wall,
            "build_s": base_build, "build_cpu_s": med(base, "build_cpu_s"),
            "build_s_runs": [r["build_s"] for r in base],
            "chunks": base[0]["chunks"], "tokens": sum(any_embedder.token_counts(base[0]["texts"])),
        },
        "ours": {},
    }
    for backend in backends:
        runs = ours[backend]
        r = {
            **loads[backend],
            "build_s": med(runs, "build_s"), "build_cpu_s": med(runs, "build_cpu_s"),
            "build_s_runs": [x["build_s"] for x in runs],
            "rebuild_unchanged_s": med(runs, "rebuild_s"),
            "reports": runs[0]["reports"], "chunks": runs[0]["chunks"], "figures": runs[0]["figures"],
            "tokens": sum(embedders[backend].token_counts(runs[0]["texts"])),
        }
        r["ratio_wall"] = r["build_s"] / base_build
        r["ratio_cpu"] = r["build_cpu_s"] / result["baseline"]["build_cpu_s"]
        r["ratio_wall_with_model_load"] = (r["build_s"] + r["model_load_s"]) / (base_build + base_load.wall)
        r["targets"] = {"build_ratio_met": r["ratio_wall"] <= TARGET_RATIO,
                        "rebuild_met": r["rebuild_unchanged_s"] < TARGET_REBUILD_S}
        if args.cosine:
            r["cosine_to_float32"] = _cosines(embedders[backend], naive, runs[0]["texts"])
        result["ours"][backend] = r
    for side in [result["baseline"], *result["ours"].values()]:
        side["chunks_per_s"] = side["chunks"] / side["build_s"]
        side["tokens_per_cpu_s"] = side["tokens"] / side["build_cpu_s"]
    result["targets"] = {"build_ratio_at_most": TARGET_RATIO, "rebuild_s_under": TARGET_REBUILD_S,
                         "min_mean_cosine": MIN_COSINE}
    if export_tmp:
        export_tmp.cleanup()

    if args.json:
        print(json.dumps(result, indent=None))
        return 0
    b = result["baseline"]
    print(f"Reports: {args.reports}  ({next(iter(result['ours'].values()))['reports']} reports; "
          f"{result['machine']['cpus']} CPUs, load average {result['machine']['load_avg_1m']:.1f}; "
          f"median of {result['repeat']} run(s))")
    print(f"Model load (weights, libraries already imported): baseline {b['model_load_s']:.1f} s; " + "; ".join(
        f"{k} {v['model_load_s']:.1f} s" for k, v in result["ours"].items()))
    for k, v in result["ours"].items():
        if k == "openvino":
            done = f"{v['export_s']:.1f} s" if v["export_s"] else f"reused from {v['cache']} (--fresh-export times it)"
            print(f"OpenVINO export (one-off, then cached; libraries already imported): {done}")
    print()
    print(f"{'pipeline':<34}{'wall s':>8}{'CPU s':>8}{'chunks':>8}{'chunks/s':>10}{'tokens':>8}  runs (wall s)")
    for k, o in result["ours"].items():
        name = f"ours, {k} ({'bfloat16' if o['bfloat16'] else 'float32'})"
        print(f"{name:<34}{o['build_s']:>8.1f}{o['build_cpu_s']:>8.1f}{o['chunks']:>8}"
              f"{o['chunks_per_s']:>10.1f}{o['tokens']:>8}  " + " ".join(f"{x:.1f}" for x in o["build_s_runs"]))
        print(f"{'  unchanged rebuild':<34}{o['rebuild_unchanged_s']:>8.2f}")
    print(f"{'baseline (LangChain naive, fp32)':<34}{b['build_s']:>8.1f}{b['build_cpu_s']:>8.1f}{b['chunks']:>8}"
          f"{b['chunks_per_s']:>10.1f}{b['tokens']:>8}  " + " ".join(f"{x:.1f}" for x in b["build_s_runs"]))
    print()
    for k, o in result["ours"].items():
        print(f"{k}: ours / baseline {o['ratio_wall']:.2f} wall, {o['ratio_cpu']:.2f} CPU "
              f"(target <= {TARGET_RATIO}: {'met' if o['targets']['build_ratio_met'] else 'MISSED'}); "
              f"{o['ratio_wall_with_model_load']:.2f} counting model loads; unchanged rebuild "
              f"{o['rebuild_unchanged_s']:.2f} s (target < {TARGET_REBUILD_S:.0f} s: "
              f"{'met' if o['targets']['rebuild_met'] else 'MISSED'})")
        if "cosine_to_float32" in o:
            c = o["cosine_to_float32"]
            print(f"  cosine to torch float32 on our {c['texts']} chunks: mean {c['mean']:.6f}, min {c['min']:.6f} "
                  f"(bar: mean >= {MIN_COSINE})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
