"""Build or update the index from a folder of reports, incrementally by content hash.

Unchanged files are skipped, changed files re-indexed, removed files deleted; a change of
embedding model or chunking settings (the settings fingerprint) forces a full rebuild. A file
that cannot be read is skipped with a one-line reason and the rest are still indexed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_report
from .embedding import load_embedder
from .figures import extract_figures
from .loaders import ReportLoadError, list_report_files, load_report
from .metadata import ReportMeta, detect_metadata
from .outline import build_outline
from .settings import Settings
from .store import StoreWriter

log = logging.getLogger(__name__)

# Chunks embedded together at most (a few reports' worth): bounds memory on a large folder.
EMBED_WAVE_CHUNKS = 2000


@dataclass
class BuildSummary:
    indexed: list[ReportMeta] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    total_reports: int = 0
    total_chunks: int = 0
    total_figures: int = 0
    seconds: float = 0.0
    rebuilt: bool = False

    def lines(self) -> list[str]:
        out = [
            f"Reports in index: {self.total_reports} ({len(self.indexed)} indexed now, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed)",
            f"Chunks: {self.total_chunks} ({self.chunks_embedded} embedded now)",
            f"Figures: {self.total_figures}",
            f"Time: {self.seconds:.1f} s" + (" (full rebuild: settings changed)" if self.rebuilt else ""),
        ]
        for meta in self.indexed:
            out.append(f"  + {meta.source_file}: {meta.label} ({meta.kind})")
        for name in self.removed:
            out.append(f"  - {name}: removed from index")
        if self.skipped:
            out.append(f"Skipped {len(self.skipped)} file(s):")
            out.extend(f"  ! {name}: {reason}" for name, reason in self.skipped)
        return out


@dataclass
class PreparedReport:
    meta: ReportMeta
    text: str
    page_starts: list[int]
    chunks: list
    figures: list


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def prepare_report(path: Path, settings: Settings, display_name: str | None = None) -> PreparedReport:
    """Load, identify, chunk and extract figures for one file (no embedding, no store)."""
    doc = load_report(path)
    meta = detect_metadata(doc.text, display_name or path.name)
    outline = build_outline(doc.text)
    chunks = chunk_report(doc, meta, outline, max_chars=settings.chunk_max_chars,
                          min_chars=settings.chunk_min_chars, with_sentences=settings.figure_sentences)
    if not chunks:
        raise ReportLoadError(path, "no indexable text found (only boilerplate?)")
    figures = extract_figures(doc.text, meta, outline, doc.page_at)
    return PreparedReport(meta, doc.text, doc.page_starts, chunks, figures)


def build_index(settings: Settings, reports_dir: Path | None = None, progress: bool = True,
                client=None, on_file=None) -> BuildSummary:
    """Bring the store in line with the reports folder. `on_file(i, n, name)` reports progress."""
    started = time.perf_counter()
    reports_dir = Path(reports_dir or settings.reports_dir)
    if not reports_dir.is_dir():
        raise FileNotFoundError(f"Reports folder not found: {reports_dir} (set QA_REPORTS_DIR or --reports)")
    summary = BuildSummary()
    writer = StoreWriter(settings, client)
    try:
        fingerprint = settings.index_fingerprint()
        if writer.info("fingerprint") not in (None, fingerprint):
            log.info("settings fingerprint changed: rebuilding everything")
            writer.reset()
            summary.rebuilt = True
        writer.set_info("fingerprint", fingerprint)
        writer.set_info("collection", writer.collection.name)
        writer.remove_orphan_vectors()

        files = list_report_files(reports_dir)
        known = writer.files()
        present = {p.relative_to(reports_dir).as_posix(): p for p in files}
        for name in sorted(set(known) - set(present)):
            writer.remove_file(name)
            summary.removed.append(name)

        hashed: list[tuple[str, Path, str]] = []
        for name, path in present.items():
            try:
                hashed.append((name, path, file_sha256(path)))
            except OSError as exc:
                summary.skipped.append((name, f"cannot read file ({exc.strerror})"))
        # Of two copies of one report, the one already indexed stays: taking the new name
        # instead would drop the report from the index until the copy is re-embedded.
        hashed.sort(key=lambda item: (known.get(item[0], ("", ""))[0] != item[2], item[0]))
        seen_hashes: dict[str, str] = {}
        todo: list[tuple[str, Path, str]] = []
        for name, path, sha in hashed:
            if sha in seen_hashes:
                summary.skipped.append((name, f"same content as {seen_hashes[sha]} (duplicate)"))
                if name in known:
                    writer.remove_file(name)
                continue
            seen_hashes[sha] = name
            if known.get(name, ("", ""))[0] == sha and writer.has_report(known[name][1]):
                summary.unchanged.append(name)
            else:
                todo.append((name, path, sha))

        bar = None
        if progress and todo:
            from tqdm import tqdm
            bar = tqdm(total=len(todo), desc="Reading reports", unit="report")
        embedder = None  # loaded on first use: a run where every new file fails needs no model
        wave: list[tuple[str, str, PreparedReport]] = []

        def flush_wave() -> None:
            # Embedding the chunks of several reports in one call lets the model batch texts
            # of similar length together (less padding, fewer part-filled batches): about a
            # quarter less compute than report by report. Writes stay report by report.
            nonlocal embedder
            if not wave:
                return
            if embedder is None:
                embedder = load_embedder(settings.embedding_model, settings.embedding_batch_size,
                                         settings.embedding_precision, backend=settings.embedding_backend,
                                         cache_dir=settings.embedding_cache_dir)
            vectors = embedder.embed([c.embed_text for _, _, prep in wave for c in prep.chunks],
                                     show_progress=bar is not None)
            offset = 0
            for name, sha, prep in wave:
                own = vectors[offset:offset + len(prep.chunks)]
                offset += len(prep.chunks)
                writer.add_report(name, sha, prep.meta, prep.text, prep.page_starts, prep.chunks, own,
                                  prep.figures)
                summary.indexed.append(prep.meta)
                summary.chunks_embedded += len(prep.chunks)
            wave.clear()

        for i, (name, path, sha) in enumerate(todo):
            if on_file:
                on_file(i, len(todo), name)
            if bar:
                bar.set_postfix_str(name[:40])
            try:
                prepared = prepare_report(path, settings, display_name=name)
            except ReportLoadError as exc:
                summary.skipped.append((name, exc.reason))
                if name in known:
                    writer.remove_file(name)
                continue
            finally:
                if bar:  # the bar counts reports read; embedding shows its own batch bar
                    bar.update(1)
            wave.append((name, sha, prepared))
            if sum(len(prep.chunks) for _, _, prep in wave) >= EMBED_WAVE_CHUNKS:
                flush_wave()
        flush_wave()
        if bar:
            bar.close()
        conn = writer.conn
        summary.total_reports = conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0]
        summary.total_chunks = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        summary.total_figures = conn.execute("SELECT COUNT(*) FROM figures").fetchone()[0]
    finally:
        writer.close()
    summary.seconds = time.perf_counter() - started
    return summary
