"""Incremental builds: by content hash, file by file, and never a silent stale vector.

One small workspace (copies of two shipped reports) is built once for the module. Every test
starts by putting the folder back to those two files and bringing the index up to date
(`restore`), so tests do not depend on each other's leftovers; only what changed since the
previous test is re-embedded, which keeps the module fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
SMALL_REPORTS = ["norfolk-suffolk-crc-press-release-2019.txt", "norfolk-pdu-2024.txt"]
EDITED = "norfolk-suffolk-crc-press-release-2019.txt"


@dataclass
class Workspace:
    folder: Path
    settings: object


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from index.build import build_index
    from index.settings import Settings

    folder = tmp_path_factory.mktemp("incremental-reports")
    settings = Settings(store_dir=tmp_path_factory.mktemp("incremental-store"), reports_dir=folder)
    ws = Workspace(folder, settings)
    _copy_originals(ws)
    summary = build_index(settings, progress=False)
    assert sorted(m.source_file for m in summary.indexed) == sorted(SMALL_REPORTS)
    return ws


def _copy_originals(ws: Workspace) -> None:
    for path in ws.folder.iterdir():
        if path.name not in SMALL_REPORTS:
            path.unlink()
    for name in SMALL_REPORTS:
        target = ws.folder / name
        target.write_bytes((ROOT / "reports" / name).read_bytes())


@pytest.fixture
def restore(workspace):
    """The folder holds exactly the two originals and the index is up to date with them."""
    from index.build import build_index

    _copy_originals(workspace)
    summary = build_index(workspace.settings, progress=False)
    assert summary.total_reports == 2 and not summary.skipped
    return workspace


@pytest.fixture
def embed_calls(monkeypatch):
    """Every text the embedding model is asked to embed during the test."""
    from index.embedding import Embedder

    texts: list[str] = []
    original = Embedder.embed

    def counting(self, batch, *args, **kwargs):
        texts.extend(batch)
        return original(self, batch, *args, **kwargs)

    monkeypatch.setattr(Embedder, "embed", counting)
    return texts


def _snapshot(settings):
    """Per report id: (source file, chunk ids, figure count), from SQLite; plus Chroma ids."""
    from index.store import IndexReader

    view = IndexReader(settings)
    try:
        reports = {m.report_id: m.source_file for m in view.reports()}
        chunks: dict[str, set[str]] = {rid: set() for rid in reports}
        for c in view.chunks():
            chunks.setdefault(c["report_id"], set()).add(c["chunk_id"])
        figures = {rid: len(view.figures([rid])) for rid in reports}
        got = view.collection.get(include=["metadatas"])
        vectors: dict[str, set[str]] = {}
        for cid, meta in zip(got["ids"], got["metadatas"]):
            vectors.setdefault(meta["report_id"], set()).add(cid)
        return reports, chunks, figures, vectors
    finally:
        view.close()


def test_unchanged_rebuild_embeds_nothing(restore, embed_calls):
    from index.build import build_index

    before = _snapshot(restore.settings)
    summary = build_index(restore.settings, progress=False)
    assert summary.chunks_embedded == 0
    assert embed_calls == []
    assert sorted(summary.unchanged) == sorted(SMALL_REPORTS)
    assert summary.indexed == [] and summary.removed == [] and summary.skipped == []
    assert not summary.rebuilt
    assert _snapshot(restore.settings) == before


def test_editing_one_file_reindexes_only_that_file(restore, embed_calls):
    from index.build import build_index

    reports, chunks, figures, vectors = _snapshot(restore.settings)
    old_id = next(rid for rid, name in reports.items() if name == EDITED)
    other_id = next(rid for rid, name in reports.items() if name != EDITED)
    path = restore.folder / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\nThis paragraph was added by a later edit of the file.\n",
                    encoding="utf-8")

    summary = build_index(restore.settings, progress=False)
    assert [m.source_file for m in summary.indexed] == [EDITED]
    assert summary.unchanged == [n for n in SMALL_REPORTS if n != EDITED]
    assert summary.chunks_embedded == len(embed_calls) > 0
    assert not any("Norfolk PDU" in t.split("\n", 1)[0] for t in embed_calls)  # the other file was not embedded

    new_reports, new_chunks, new_figures, new_vectors = _snapshot(restore.settings)
    new_id = next(rid for rid, name in new_reports.items() if name == EDITED)
    assert new_id != old_id
    assert sorted(new_reports) == sorted([new_id, other_id])
    # The other report is untouched.
    assert new_chunks[other_id] == chunks[other_id]
    assert new_figures[other_id] == figures[other_id]
    assert new_vectors[other_id] == vectors[other_id]
    # The old version is gone from SQLite and from Chroma; the new one is whole.
    assert old_id not in new_chunks and old_id not in new_figures and old_id not in new_vectors
    assert new_vectors[new_id] == new_chunks[new_id]
    assert summary.total_chunks == sum(len(ids) for ids in new_chunks.values())


def test_removing_a_file_removes_its_report_chunks_figures_and_vectors(restore, embed_calls):
    from index.build import build_index

    reports, chunks, figures, vectors = _snapshot(restore.settings)
    gone_id = next(rid for rid, name in reports.items() if name == EDITED)
    assert chunks[gone_id] and figures[gone_id] and vectors[gone_id]
    (restore.folder / EDITED).unlink()

    summary = build_index(restore.settings, progress=False)
    assert summary.removed == [EDITED]
    assert summary.total_reports == 1
    assert embed_calls == []

    new_reports, new_chunks, new_figures, new_vectors = _snapshot(restore.settings)
    assert gone_id not in new_reports
    assert gone_id not in new_chunks and gone_id not in new_figures and gone_id not in new_vectors
    remaining = {rid for rid in reports if rid != gone_id}
    assert set(new_reports) == remaining
    assert {rid: len(ids) for rid, ids in new_vectors.items()} == {rid: len(chunks[rid]) for rid in remaining}


def test_unreadable_files_are_skipped_with_a_reason(restore, embed_calls):
    from index.build import build_index

    (restore.folder / "empty.txt").write_bytes(b"")
    (restore.folder / "scan.pdf").write_bytes(b"this is not a PDF at all, whatever its name says\n" * 20)
    (restore.folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n" * 10)
    (restore.folder / "notes.docx").write_bytes(b"PK\x03\x04 a word document")
    (restore.folder / "binary.txt").write_bytes(b"\x00\x01\x02 binary" * 100)

    summary = build_index(restore.settings, progress=False)
    reasons = dict(summary.skipped)
    assert sorted(reasons) == ["binary.txt", "broken.pdf", "empty.txt", "notes.docx", "scan.pdf"]
    for name, reason in reasons.items():
        assert reason and "\n" not in reason and len(reason) < 200, (name, reason)
    assert "empty" in reasons["empty.txt"]
    assert "not a PDF" in reasons["scan.pdf"]
    assert "unsupported file type" in reasons["notes.docx"]
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["broken.pdf"] or "text" in reasons["broken.pdf"]
    assert summary.total_reports == 2  # the good reports are still there
    assert sorted(summary.unchanged) == sorted(SMALL_REPORTS)
    assert embed_calls == []
    lines = summary.lines()
    assert "Skipped 5 file(s):" in lines
    assert f"  ! empty.txt: {reasons['empty.txt']}" in lines


def test_a_file_that_becomes_unreadable_leaves_the_index(restore):
    from index.build import build_index

    reports, *_ = _snapshot(restore.settings)
    (restore.folder / EDITED).write_bytes(b"")
    summary = build_index(restore.settings, progress=False)
    assert [name for name, _ in summary.skipped] == [EDITED]
    new_reports, new_chunks, _, new_vectors = _snapshot(restore.settings)
    assert EDITED not in new_reports.values()
    assert set(new_chunks) == set(new_vectors) == set(new_reports)


def test_changing_chunk_size_forces_a_full_rebuild(restore, embed_calls):
    """Last in the module on purpose: it re-embeds everything (twice, with the restore after)."""
    from index.build import build_index
    from index.store import chroma_client, collection_name

    old_collection = collection_name(restore.settings)
    smaller = restore.settings.model_copy(update={"chunk_max_chars": restore.settings.chunk_max_chars // 2})
    assert smaller.index_fingerprint() != restore.settings.index_fingerprint()

    summary = build_index(smaller, progress=False)
    assert summary.rebuilt
    assert sorted(m.source_file for m in summary.indexed) == sorted(SMALL_REPORTS)
    assert summary.unchanged == []
    assert summary.chunks_embedded == summary.total_chunks == len(embed_calls)

    reports, chunks, _, vectors = _snapshot(smaller)
    assert len(reports) == 2
    assert vectors == chunks
    names = [c.name for c in chroma_client(smaller).list_collections()]
    assert collection_name(smaller) in names
    assert old_collection not in names  # the stale vectors do not stay on disk
