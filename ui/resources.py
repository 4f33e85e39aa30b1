"""Heavy objects for the app, built once per process and shared by every session.

- `current_settings()` reads the `QA_` environment afresh on each script run (cheap), so a
  test or an operator can point the app at another store without restarting Python.
- `reader()` is a read-only `IndexReader` for the library and the figures page: it opens in
  milliseconds, so the page is usable before the answering engine has loaded.
- The `Assistant` (embedding model, BM25, Chroma) loads in a background thread started by
  the first script run; a question waits for it only if it is not ready yet.
- `ensure_index()` builds a missing index once, with a progress bar, under a process-wide
  lock; a rerun finds the store and never builds again.

This module must not answer questions or read report files itself.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

import streamlit as st

from index.build import BuildSummary, build_index
from index.settings import Settings
from index.store import IndexReader, StoreMissingError, sqlite_path
from ui.render import md_text

log = logging.getLogger(__name__)

# One loader thread per process: two sessions starting together share one Assistant.
_LOADER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="assistant-loader")


def current_settings() -> Settings:
    """Settings read from the environment now (not the process-wide cached copy)."""
    return Settings()


def settings_key(settings: Settings) -> str:
    """A cache key: resources built for one store are never served for another."""
    return settings.model_dump_json()


def answerer_label(settings: Settings) -> str:
    if settings.llm.strip().lower() in ("", "none"):
        return "extractive (no LLM), quoted from the reports"
    return f"{settings.llm}, checked against the cited passages (extractive fallback)"


@st.cache_resource(show_spinner=False)
def _build_lock() -> threading.Lock:
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def _reader(key: str, _settings: Settings) -> IndexReader:
    return IndexReader(_settings)


def reader(settings: Settings) -> IndexReader:
    """The shared read-only view of the index (raises `StoreMissingError` if there is none)."""
    return _reader(settings_key(settings), settings)


def _load_assistant(settings: Settings):
    from qa.assistant import Assistant

    assistant = Assistant(settings)
    # The first encode pays for lazy initialisation inside torch; do it before a user waits.
    assistant.embedder.embed_one("warm up")
    log.info("assistant ready for %s", settings.store_dir)
    return assistant


@st.cache_resource(show_spinner=False)
def _assistant_future(key: str, _settings: Settings) -> Future:
    return _LOADER.submit(_load_assistant, _settings)


def start_assistant(settings: Settings) -> Future:
    """Start loading the Assistant in the background (no-op if it is loading or loaded)."""
    return _assistant_future(settings_key(settings), settings)


def assistant_ready(settings: Settings) -> bool:
    return start_assistant(settings).done()


def get_assistant(settings: Settings):
    """The shared Assistant, waiting for the background load if needed.

    A failed load is not cached: the error is raised here and the next call tries again.
    """
    future = start_assistant(settings)
    if not future.done():
        with st.spinner("Loading the search index and embedding model (only once)…"):
            future.exception()
    error = future.exception()
    if error is not None:
        _assistant_future.clear()
        raise error
    return future.result()


def reset_assistant(settings: Settings) -> None:
    """Forget the loaded Assistant (the index changed) and start loading a fresh one."""
    _assistant_future.clear()
    start_assistant(settings)


def _reports(n: int) -> str:
    return f"{n} report" + ("" if n == 1 else "s")


def store_exists(settings: Settings) -> bool:
    return sqlite_path(settings.store_dir).exists()


def _progress_callback(bar, verb: str):
    def on_file(i: int, n: int, name: str) -> None:
        bar.progress(i / max(n, 1), text=f"{verb} {name} ({i + 1} of {n})")
    return on_file


def run_build(settings: Settings, bar, verb: str = "Indexing") -> BuildSummary:
    """Bring the index in line with the reports folder, one build at a time per process."""
    lock = _build_lock()
    if not lock.acquire(blocking=False):
        bar.progress(0.0, text="Another session is updating the index; waiting for it…")
        lock.acquire()
    try:
        summary = build_index(settings, progress=False, on_file=_progress_callback(bar, verb))
    finally:
        lock.release()
    bar.progress(1.0, text=f"Index up to date: {_reports(summary.total_reports)}, "
                           f"{summary.total_figures} figures ({summary.seconds:.0f} s)")
    return summary


def ensure_index(settings: Settings) -> BuildSummary | None:
    """Build the index if the store has none (first start only). Returns the build summary."""
    if store_exists(settings):
        return None
    lock = _build_lock()
    with st.container():
        st.info("No index found: indexing the reports folder. This happens once, on first start.",
                icon=":material/hourglass_top:")
        bar = st.progress(0.0, text="Loading the embedding model…")
        with lock:
            if store_exists(settings):  # another session built it while we waited
                bar.progress(1.0, text="Index ready")
                return None
            summary = build_index(settings, progress=False, on_file=_progress_callback(bar, "Indexing"))
        bar.progress(1.0, text=f"Index ready: {_reports(summary.total_reports)} ({summary.seconds:.0f} s)")
    for name, reason in summary.skipped:
        st.warning(md_text(f"Skipped {name}: {reason}"), icon=":material/warning:")
    return summary


__all__ = ["current_settings", "reader", "get_assistant", "start_assistant", "assistant_ready",
           "reset_assistant", "ensure_index", "run_build", "store_exists", "answerer_label",
           "StoreMissingError"]
