"""End to end through the answering CLI (`python -m qa ask`) in a subprocess, on the real
index and real embeddings, exactly as an evaluation script uses it: the JSON contract, batch
order and ids, follow-ups from history, and the one-line errors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NORFOLK_Q = "What share of Norfolk cases had assessments that focused enough on keeping others safe?"
RECORD_FIELDS = {"id", "question", "rewritten_question", "answer", "refused", "citations", "figures",
                 "contexts", "latency_ms"}
CITATION_FIELDS = {"n", "report", "title", "year", "section", "page", "quote"}
FIGURE_FIELDS = {"report", "unit", "year", "standard", "question", "value", "citation"}
CONTEXT_FIELDS = {"report", "section", "page", "text", "score"}


pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="session")
def store_dir(built_index) -> Path:
    """The session index of the shipped reports (tests/conftest.py)."""
    return Path(built_index.store_dir)


@pytest.fixture(scope="session")
def report_texts(reader) -> dict[str, str]:
    return {m.report_id: reader.report_text(m.report_id) for m in reader.reports()}


def qa(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    return subprocess.run([sys.executable, "-m", "qa", "ask", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=600)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def assert_contract(rec: dict, texts: dict[str, str], batch: bool = True) -> None:
    # A single question's object has no id; a batch line echoes the input's id.
    assert RECORD_FIELDS - ({"id"} if not batch else set()) <= set(rec)
    assert isinstance(rec["answer"], str) and isinstance(rec["refused"], bool)
    assert isinstance(rec["latency_ms"], (int, float))
    for c in rec["citations"]:
        assert CITATION_FIELDS <= set(c)
        # Every quote is verbatim in its report's stored text.
        assert c["quote"] in texts[c["report"]], c
    for f in rec["figures"]:
        assert FIGURE_FIELDS <= set(f)
        assert any(c["n"] == f["citation"] for c in rec["citations"])
    for c in rec["contexts"]:
        assert CONTEXT_FIELDS <= set(c)


def test_single_question_json(store_dir, report_texts):
    proc = qa(NORFOLK_Q, "--json", "--store", str(store_dir))
    assert proc.returncode == 0, proc.stderr[-2000:]
    rec = json.loads(proc.stdout)
    assert_contract(rec, report_texts, batch=False)
    assert rec["refused"] is False
    assert "39%" in rec["answer"]
    assert any(f["value"] == "39%" for f in rec["figures"])
    assert any("39%" in c["quote"] for c in rec["citations"])
    fig = next(f for f in rec["figures"] if f["value"] == "39%")
    cited = next(c for c in rec["citations"] if c["n"] == fig["citation"])
    assert "39%" in cited["quote"] and "keeping other people safe" in cited["quote"]


def test_batch_keeps_order_ids_and_follows_history(tmp_path, store_dir, report_texts):
    lines = [
        {"id": "z-first", "question": NORFOLK_Q},
        {"id": "a-follow-up", "question": "And in Suffolk?",
         "history": [{"role": "user", "content": NORFOLK_Q},
                     {"role": "assistant", "content": "In Norfolk PDU, 39% of the cases inspected."}]},
        {"id": 7, "question": "How did Cardiff PDU score on assessment?"},
    ]
    batch = tmp_path / "in.jsonl"
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines) + "\n")  # a blank line is skipped
    proc = qa("--batch", str(batch), "--json", "--store", str(store_dir))
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["id"] for r in out] == ["z-first", "a-follow-up", 7]
    assert [r["question"] for r in out] == [x["question"] for x in lines]
    for rec in out:
        assert_contract(rec, report_texts)
    first, follow, cardiff = out
    assert "39%" in first["answer"] and first["rewritten_question"] is None
    assert follow["refused"] is False
    assert "45%" in follow["answer"]
    assert any(f["value"] == "45%" and "Suffolk" in f["unit"] for f in follow["figures"])
    assert "suffolk" in follow["rewritten_question"].lower()
    assert any("45%" in c["quote"] for c in follow["citations"])
    assert cardiff["refused"] is True and "Cardiff" in cardiff["answer"]


def test_batch_from_stdin(store_dir):
    proc = qa("--batch", "-", "--json", "--store", str(store_dir),
              stdin=json.dumps({"id": "s", "question": "What overall rating did Suffolk PDU get?"}) + "\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    rec = json.loads(proc.stdout)
    assert rec["id"] == "s" and "requires improvement" in rec["answer"].lower()


def test_empty_store_names_build_command(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = qa(NORFOLK_Q, "--json", "--store", str(empty))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and "python -m index build" in errors[0] and str(empty) in errors[0]


def test_malformed_batch_line_is_one_clear_error(tmp_path, store_dir):
    batch = tmp_path / "bad.jsonl"
    batch.write_text(json.dumps({"id": "ok", "question": NORFOLK_Q}) + "\n{not json\n")
    proc = qa("--batch", str(batch), "--json", "--store", str(store_dir))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1
    assert f"{batch}:2:" in errors[0] and "not valid JSON" in errors[0]


def test_batch_line_without_question_is_one_clear_error(tmp_path, store_dir):
    batch = tmp_path / "noq.jsonl"
    batch.write_text(json.dumps({"id": "x", "text": "no question field"}) + "\n")
    proc = qa("--batch", str(batch), "--json", "--store", str(store_dir))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = error_lines(proc.stderr)
    assert len(errors) == 1 and f"{batch}:1:" in errors[0] and '"question"' in errors[0]
