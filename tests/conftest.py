"""Shared fixtures: every test runs against temp folders, never the user's ./.store.

`built_index` builds the shipped `reports/` folder once per session (real embeddings, real
Chroma) and returns the `Settings` used; `reader` is an `IndexReader` over it. Other test
modules (qa, app) reuse both, so their names and return types are part of the test API.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORTS_DIR = ROOT / "reports"

# Before any product import reads the environment: no downloads, no telemetry, and a store
# folder of our own so that nothing a test does can touch ./.store.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
_SESSION_STORE = tempfile.mkdtemp(prefix="qa-test-store-")
os.environ["QA_STORE_DIR"] = _SESSION_STORE
for _name in ("QA_REPORTS_DIR", "QA_CHROMA_HOST", "QA_LLM"):
    os.environ.pop(_name, None)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_STORE, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def _fresh_settings_cache():
    """`get_settings()` is cached: make sure it sees the environment set above."""
    from index.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory):
    """Settings of an index of the shipped reports/, built once per test session."""
    from index.build import build_index
    from index.settings import Settings

    settings = Settings(store_dir=tmp_path_factory.mktemp("index-store"), reports_dir=REPORTS_DIR)
    summary = build_index(settings, progress=False)
    assert not summary.skipped, summary.lines()
    assert summary.total_reports == 5, summary.lines()
    return settings


@pytest.fixture(scope="session")
def reader(built_index):
    """Read-only view of the session index."""
    from index.store import IndexReader

    view = IndexReader(built_index)
    yield view
    view.close()


@pytest.fixture(scope="session")
def reports_by_file(reader):
    """Report metadata from the reports table, keyed by the file it was read from."""
    return {meta.source_file: meta for meta in reader.reports()}
