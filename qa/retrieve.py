"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank.

Both rankings are restricted to the reports a question side names. The BM25 index is built
once per process from the chunks table; only chunk ids that SQLite knows are returned, so
vectors left by an interrupted build are never cited.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import bm25s
import numpy as np

from index.store import IndexReader

from .text import tokens
from .vocabulary import GENERIC_VERBS

KEEP_TOP = 2  # passages each retriever ranks this high are always returned
RRF_K = 60
RARE_IN_SCOPE = 2  # a query word in at most this many of the searched passages is a rare one


@dataclass
class Hit:
    chunk: dict
    score: float
    dense: float
    lexical: float


class HybridRetriever:
    def __init__(self, reader: IndexReader):
        self.reader = reader
        self.chunks = reader.chunks()
        self.by_id = {c["chunk_id"]: i for i, c in enumerate(self.chunks)}
        self.report_of = np.array([c["report_id"] for c in self.chunks])
        corpus = [tokens(c["prefix"] + " " + c["text"]) for c in self.chunks]
        self.words = [set(t) for t in corpus]
        self.passages_with: dict[str, list[int]] = {}
        for i, words in enumerate(self.words):
            for word in words:
                self.passages_with.setdefault(word, []).append(i)
        self.bm25 = bm25s.BM25()
        self.bm25.index(corpus, show_progress=False)
        self._lock = threading.Lock()

    def lexical_scores(self, query: str) -> np.ndarray:
        query_tokens = tokens(query)
        if not query_tokens or not self.chunks:
            return np.zeros(len(self.chunks))
        with self._lock:  # bm25s keeps per-call scratch state
            return self.bm25.get_scores(query_tokens)

    def retrieve(self, query: str, query_vec: list[float], report_ids: list[str] | None,
                 k: int = 6, unit_types: tuple[str, ...] | None = None) -> list[Hit]:
        pool = max(k * 4, 20)
        dense_hits = self.reader.dense_search(query_vec, pool, report_ids)
        dense_rank, dense_sim = {}, {}
        for cid, sim in dense_hits:
            i = self.by_id.get(cid)
            if i is None:
                continue
            if unit_types and self.chunks[i]["unit_type"] not in unit_types:
                continue
            dense_rank[i] = len(dense_rank)
            dense_sim[i] = sim

        scores = self.lexical_scores(query)
        mask = np.ones(len(self.chunks), dtype=bool)
        if report_ids:
            mask &= np.isin(self.report_of, report_ids)
        if unit_types:
            mask &= np.array([c["unit_type"] in unit_types for c in self.chunks])
        masked = np.where(mask, scores, -1.0)
        order = np.argsort(-masked)[:pool]
        lex_rank = {int(i): r for r, i in enumerate(order) if masked[i] > 0}

        fused: dict[int, float] = {}
        for i, r in dense_rank.items():
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + r)
        for i, r in lex_rank.items():
            fused[i] = fused.get(i, 0.0) + 1.0 / (RRF_K + r)
        # Each retriever's best passages are kept even when the other ranks them low: a rare
        # word ("harassed", "Kings Lynn") can lead the lexical ranking while the meaning search
        # misses it. The rest of the k places go by fused score.
        keep = {i for i, r in lex_rank.items() if r < KEEP_TOP} | {i for i, r in dense_rank.items() if r < KEEP_TOP}
        order = sorted(fused, key=lambda i: -fused[i])
        chosen = [i for i in order if i in keep][:k]
        chosen += [i for i in order if i not in keep][:k - len(chosen)]
        ranked = sorted(chosen, key=lambda i: -fused[i])
        rescued = self._rare_word_passage(query, ranked, mask, scores)
        ranked += [rescued] if rescued is not None else []
        return [Hit(self.chunks[i], fused.get(i, 0.0), dense_sim.get(i, 0.0), float(scores[i])) for i in ranked]

    def _rare_word_passage(self, query: str, chosen: list[int], searched: np.ndarray, scores: np.ndarray) -> int | None:
        """The best lexical passage holding a query word that only one or two searched passages
        use and no chosen one does ("bullied" in a long staffing section that fused ranking
        left out for the shorter survey sentences); None when every rare word is covered."""
        held = set().union(*(self.words[i] for i in chosen)) if chosen else set()
        for word in dict.fromkeys(tokens(query)):
            if word in held or word in GENERIC_VERBS:
                continue
            having = [i for i in self.passages_with.get(word, ()) if searched[i]]
            if 0 < len(having) <= RARE_IN_SCOPE:
                return max(having, key=lambda i: scores[i])
        return None
