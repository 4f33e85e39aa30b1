"""The store: a Chroma collection of chunk vectors plus an SQLite file of reports, chunks,
figures and file hashes, side by side in one folder (or Chroma on a server).

Writes go report by report: vectors first, then one SQLite transaction that makes the
report visible. Readers only trust chunk ids that SQLite knows, so a build killed at any
point leaves the previous state answerable; the next build removes orphan vectors.
`IndexReader` is the narrow, read-only interface `qa/` uses.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterable

from .chunking import Chunk
from .embedding import ChromaEmbedder
from .figures import Figure
from .metadata import ReportMeta
from .settings import Settings

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, report_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reports (
    report_id TEXT PRIMARY KEY, meta TEXT NOT NULL, text TEXT NOT NULL, page_starts TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY, report_id TEXT NOT NULL, unit_type TEXT NOT NULL,
    chapter TEXT, section TEXT, subsection TEXT, page INTEGER,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, prefix TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_report ON chunks(report_id);
CREATE TABLE IF NOT EXISTS figures (
    id INTEGER PRIMARY KEY AUTOINCREMENT, report_id TEXT NOT NULL, unit TEXT NOT NULL,
    year INTEGER, kind TEXT NOT NULL, standard TEXT NOT NULL, question TEXT NOT NULL,
    value TEXT NOT NULL, number REAL, quote TEXT NOT NULL, start INTEGER NOT NULL, page INTEGER);
CREATE INDEX IF NOT EXISTS figures_report ON figures(report_id);
"""


class StoreMissingError(RuntimeError):
    """No index at the configured store folder."""


def sqlite_path(store_dir: Path) -> Path:
    return Path(store_dir) / "index.sqlite"


def connect(store_dir: Path, create: bool = False) -> sqlite3.Connection:
    path = sqlite_path(store_dir)
    if not create and not path.exists():
        raise StoreMissingError(
            f"No index found in {store_dir}. Build it first with: python -m index build"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(SCHEMA)
    return conn


def chroma_client(settings: Settings):
    """Embedded PersistentClient by default; HttpClient when a Chroma host is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port,
                                   settings=chroma_settings)
    path = Path(settings.store_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def collection_name(settings: Settings) -> str:
    return f"{settings.collection}_{settings.index_fingerprint()}"


def get_collection(settings: Settings, client=None, name: str | None = None):
    client = client or chroma_client(settings)
    return client.get_or_create_collection(
        name=name or collection_name(settings),
        embedding_function=ChromaEmbedder(settings.embedding_model, settings.embedding_batch_size),
        metadata={"hnsw:space": "cosine"},
    )


def _chunk_metadata(chunk: Chunk, meta: ReportMeta) -> dict[str, Any]:
    return {
        "report_id": chunk.report_id, "unit_type": chunk.unit_type, "unit": meta.unit,
        "year": meta.year or 0, "kind": meta.kind, "section": chunk.section,
        "page": chunk.page or 0,
    }


class StoreWriter:
    """Adds, replaces and removes whole reports (used by `index.build` only)."""

    def __init__(self, settings: Settings, client=None):
        self.settings = settings
        self.conn = connect(settings.store_dir, create=True)
        self.client = client or chroma_client(settings)
        self.collection = get_collection(settings, self.client)

    def info(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM info WHERE key=?", (key,)).fetchone()
        return row["value"] if row else None

    def set_info(self, key: str, value: str) -> None:
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    def files(self) -> dict[str, tuple[str, str]]:
        return {r["path"]: (r["sha256"], r["report_id"]) for r in self.conn.execute("SELECT * FROM files")}

    def report_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT report_id FROM reports")}

    def reset(self) -> None:
        """Forget everything (a settings change made the stored vectors meaningless)."""
        with self.conn:
            for table in ("files", "reports", "chunks", "figures"):
                self.conn.execute(f"DELETE FROM {table}")
        old = self.info("collection")
        if old and old != self.collection.name:
            from chromadb.errors import NotFoundError

            try:  # the old vectors would otherwise stay on disk for ever
                self.client.delete_collection(old)
            except NotFoundError:
                pass

    def add_report(self, path: str, sha256: str, meta: ReportMeta, text: str, page_starts: list[int],
                   chunks: list[Chunk], embeddings: list[list[float]], figures: list[Figure]) -> None:
        previous = self.conn.execute("SELECT report_id FROM files WHERE path=?", (path,)).fetchone()
        ids = [c.chunk_id for c in chunks]
        batch = 2000
        for i in range(0, len(ids), batch):
            self.collection.upsert(
                ids=ids[i:i + batch], embeddings=embeddings[i:i + batch],
                documents=[c.embed_text for c in chunks[i:i + batch]],
                metadatas=[_chunk_metadata(c, meta) for c in chunks[i:i + batch]],
            )
        with self.conn:  # one transaction: the report appears whole or not at all
            self._delete_rows(meta.report_id)
            self.conn.execute("DELETE FROM files WHERE path=?", (path,))
            self.conn.execute("INSERT INTO files VALUES (?, ?, ?)", (path, sha256, meta.report_id))
            self.conn.execute("INSERT INTO reports VALUES (?, ?, ?, ?)",
                              (meta.report_id, json.dumps(meta.as_dict()), text, json.dumps(page_starts)))
            self.conn.executemany(
                'INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                [(c.chunk_id, c.report_id, c.unit_type, c.chapter, c.section, c.subsection, c.page,
                  c.start, c.end, c.text, c.prefix) for c in chunks])
            self.conn.executemany(
                "INSERT INTO figures (report_id, unit, year, kind, standard, question, value, number,"
                " quote, start, page) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(f.report_id, f.unit, f.year, f.kind, f.standard, f.question, f.value, f.number,
                  f.quote, f.start, f.page) for f in figures])
            # An edited file gets a new report id: its old version goes in the same transaction.
            stale = previous[0] if previous and previous[0] != meta.report_id else None
            if stale and not self._still_used(stale):
                self._delete_rows(stale)
            else:
                stale = None
        if stale:
            self._delete_vectors(stale)

    def _delete_rows(self, report_id: str) -> None:
        for table in ("reports", "chunks", "figures"):
            self.conn.execute(f"DELETE FROM {table} WHERE report_id=?", (report_id,))

    def _still_used(self, report_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM files WHERE report_id=?", (report_id,)).fetchone() is not None

    def _delete_vectors(self, report_id: str) -> None:
        # After the SQLite commit: readers already ignore these ids, and a crash here leaves
        # orphans that the next build removes.
        self.collection.delete(where={"report_id": report_id})

    def remove_file(self, path: str) -> None:
        """Forget a file; its report (rows and vectors) goes unless another file holds it."""
        row = self.conn.execute("SELECT report_id FROM files WHERE path=?", (path,)).fetchone()
        gone = None
        with self.conn:
            self.conn.execute("DELETE FROM files WHERE path=?", (path,))
            if row and not self._still_used(row[0]):
                self._delete_rows(row[0])
                gone = row[0]
        if gone:
            self._delete_vectors(gone)

    def remove_orphan_vectors(self) -> int:
        """Delete vectors whose report SQLite does not know (left by an interrupted build)."""
        known = self.report_ids()
        got = self.collection.get(include=["metadatas"])
        orphans = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("report_id") not in known]
        if orphans:
            self.collection.delete(ids=orphans)
        return len(orphans)

    def has_report(self, report_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM reports WHERE report_id=?", (report_id,)).fetchone() is not None

    def close(self) -> None:
        self.conn.close()


class IndexReader:
    """Read-only view of the store for `qa/`: reports, chunks, figures and dense search."""

    def __init__(self, settings: Settings, client=None):
        self.settings = settings
        self.conn = connect(settings.store_dir)
        self._client = client
        self._collection = None
        self._lock = threading.Lock()

    @property
    def collection(self):
        if self._collection is None:
            stored = self._rows("SELECT value FROM info WHERE key='collection'")
            name = stored[0]["value"] if stored else collection_name(self.settings)
            if name != collection_name(self.settings):
                log.warning("The index in %s was built with other settings (collection %s); "
                            "rebuild it with: python -m index build", self.settings.store_dir, name)
            self._collection = get_collection(self.settings, self._client, name=name)
        return self._collection

    def _rows(self, sql: str, args: Iterable = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, tuple(args)).fetchall()

    def reports(self) -> list[ReportMeta]:
        return [ReportMeta(**json.loads(r["meta"])) for r in self._rows("SELECT meta FROM reports")]

    def report_text(self, report_id: str) -> str:
        rows = self._rows("SELECT text FROM reports WHERE report_id=?", (report_id,))
        return rows[0]["text"] if rows else ""

    def chunks(self) -> list[dict]:
        return [dict(r) for r in self._rows('SELECT * FROM chunks ORDER BY report_id, start')]

    def figures(self, report_ids: Iterable[str] | None = None) -> list[dict]:
        rows = self._rows("SELECT * FROM figures ORDER BY report_id, start")
        wanted = set(report_ids) if report_ids is not None else None
        return [dict(r) for r in rows if wanted is None or r["report_id"] in wanted]

    def dense_search(self, embedding: list[float], k: int, report_ids: list[str] | None = None
                     ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) of the k nearest chunks, optionally within reports."""
        where = None
        if report_ids:
            where = {"report_id": report_ids[0]} if len(report_ids) == 1 else {"report_id": {"$in": list(report_ids)}}
        res = self.collection.query(query_embeddings=[embedding], n_results=k, where=where,
                                    include=["distances"])
        return [(cid, 1.0 - dist) for cid, dist in zip(res["ids"][0], res["distances"][0])]

    def close(self) -> None:
        self.conn.close()
