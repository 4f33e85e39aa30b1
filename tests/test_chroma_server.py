"""Client-server mode: Chroma's own server (`chroma run`) instead of the embedded store.

Starts `chroma run` on loopback with a temp data folder, builds the shipped reports into it
(`Settings.chroma_host` / `chroma_port`, i.e. QA_CHROMA_HOST / QA_CHROMA_PORT; the SQLite
tables stay in `store_dir`), and asserts the same answers as the embedded store. The server
is always terminated.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from processes import stop

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What share of Norfolk cases had assessments that focused enough on keeping others safe?",
    "What overall rating did Norfolk PDU receive?",
    "Did Norfolk or Suffolk do better on assessments focusing on keeping other people safe?",
    "How did Suffolk assess safety in 2017 vs 2024?",
    "What rating did the East of England get for statutory victim work?",
    "What overall rating did Cumbria PDU receive in 2023?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chroma_cli() -> str:
    local = Path(sys.executable).with_name("chroma")
    found = str(local) if local.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the `chroma` CLI (from the chromadb package) is not installed")
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """(host, port) of a `chroma run` subprocess on loopback; stopped after the module."""
    data = tmp_path_factory.mktemp("chroma-server-data")
    port = free_port()
    log_path = data.parent / f"chroma-server-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([chroma_cli(), "run", "--host", "127.0.0.1", "--port", str(port),
                                 "--path", str(data)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as resp:
                    assert "nanosecond heartbeat" in json.load(resp)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not start:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.3)
        yield "127.0.0.1", port
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def server_index(chroma_server, tmp_path_factory):
    from index.build import build_index
    from index.settings import Settings

    host, port = chroma_server
    settings = Settings(store_dir=tmp_path_factory.mktemp("server-store"), reports_dir=ROOT / "reports",
                        chroma_host=host, chroma_port=port)
    summary = build_index(settings, progress=False)
    assert not summary.skipped and summary.total_reports == 5, summary.lines()
    return settings


def test_vectors_live_on_the_server_not_in_the_store_folder(server_index):
    import chromadb

    from index.store import IndexReader, collection_name

    assert not (Path(server_index.store_dir) / "chroma").exists()
    reader = IndexReader(server_index)
    try:
        n_chunks = len(reader.chunks())
    finally:
        reader.close()
    client = chromadb.HttpClient(host=server_index.chroma_host, port=server_index.chroma_port)
    assert client.get_collection(collection_name(server_index)).count() == n_chunks


def test_same_answers_as_the_embedded_store(server_index, built_index):
    from qa.assistant import Assistant

    served, embedded = Assistant(server_index), Assistant(built_index)
    for question in QUESTIONS:
        a, b = served.ask(question), embedded.ask(question)
        assert (a.text, a.refused) == (b.text, b.refused), question
        assert [(c.unit, c.section, c.quote) for c in a.citations] == \
               [(c.unit, c.section, c.quote) for c in b.citations], question
        assert [c.chunk_id for c in a.contexts] == [c.chunk_id for c in b.contexts], question
    assert "39%" in served.ask(QUESTIONS[0]).text


def test_env_vars_select_the_server(chroma_server, monkeypatch):
    from index.settings import Settings
    from index.store import chroma_client

    host, port = chroma_server
    monkeypatch.setenv("QA_CHROMA_HOST", host)
    monkeypatch.setenv("QA_CHROMA_PORT", str(port))
    settings = Settings()
    assert (settings.chroma_host, settings.chroma_port) == (host, port)
    assert chroma_client(settings).heartbeat() > 0
