"""A 30-report synthetic corpus (`evals.synthetic`) indexes and answers generated figures exactly.

Runs `evals.bench_scale` for one size: a fresh child process builds the index and asks
questions about generated reports (overall rating and score, a key-question percentage, the
caseload). Asserts the corpus is deterministic, every report is indexed, the figures for
generated reports are exact, and that latency and memory are recorded (timings are printed,
not asserted: they depend on the machine). The 5/50/300 benchmark is
`python -m evals.bench_scale`.
"""

from __future__ import annotations

import hashlib
import json

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_synthetic_corpus_is_deterministic(tmp_path):
    from evals.synthetic import generate

    first = generate(tmp_path / "a", 6, seed=3)
    again = generate(tmp_path / "b", 6, seed=3)
    digest = lambda folder: {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert first == again
    assert len({r.unit for r in first}) == 6
    text = (tmp_path / "a" / first[0].file).read_text(encoding="utf-8")
    for marker in ("Norfolk", "Suffolk", "East of England", "EofE", "Ipswich", "Norwich"):
        assert marker not in text
    assert f"Score **{first[0].score}**" in text and first[0].caseload in text
    assert all(len(r.key_questions) == 12 for r in first)


def test_30_reports_answer_generated_figures_exactly(tmp_path):
    from evals.bench_scale import run_size

    result = run_size(30, tmp_path)
    print("\n" + json.dumps({k: v for k, v in result.items() if k != "wrong"}))
    assert result["skipped"] == [] and result["reports"] == 30
    assert result["questions"] >= 27
    assert result["wrong"] == [], json.dumps(result["wrong"], indent=1)
    expected = json.loads((tmp_path / "corpus-30-expected.json").read_text(encoding="utf-8"))
    assert len(expected) == 30
    assert result["p50_ms"] > 0 and result["p95_ms"] >= result["p50_ms"]
    assert result["peak_rss_mb"] > 0 and result["store_mb"] > 0
