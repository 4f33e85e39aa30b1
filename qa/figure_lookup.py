"""Find the figures-table rows that answer a question exactly.

Ratings and scores are matched by standard name; key-question percentages and caseload
numbers by meaning (embedding similarity of the question to "standard: key question"),
adjusted by the standard and concepts the question names. Rows are pre-embedded once per
process. Returns scored rows; the composer decides whether the best is good enough.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from index.figures import KIND_CASELOAD, KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE

from .text import tokens
from .vocabulary import STANDARD_HINTS

# Words whose presence in a figure row shows that a concept is covered.
CONCEPT_MARKERS = {
    "safety": ("safe", "safety", "risk", "protect"),
    "desistance": ("desistance", "reoffending", "offending"),
    "engagement": ("engag", "compliance"),
    "oversight": ("oversight",),
    "safeguarding": ("safeguard", "children", "domestic"),
    "staffing": ("staff",),
    "caseload": ("caseload", "supervis", "manages"),
    "protective factors": ("protective",),
}


@dataclass
class FigureMatch:
    row: dict
    score: float


def _text_for(row: dict) -> str:
    if row["kind"] == KIND_KEY_QUESTION:
        return f"{row['standard']}: {row['question']}"
    return f"{row['standard']}: {row['quote']}"


class FigureLookup:
    def __init__(self, rows: list[dict], embedder):
        self.rows = rows
        # Reports in one template share their key-question texts: embed each text once.
        texts = [_text_for(r) for r in rows]
        unique = list(dict.fromkeys(texts))
        by_text = dict(zip(unique, embedder.embed(unique))) if unique else {}
        self.vectors = np.array([by_text[t] for t in texts]) if rows else np.zeros((0, 1))

    def rows_for(self, report_ids: list[str] | None, kinds: tuple[str, ...]) -> list[int]:
        wanted = set(report_ids) if report_ids else None
        return [i for i, r in enumerate(self.rows)
                if r["kind"] in kinds and (wanted is None or r["report_id"] in wanted)]

    def has_ratings(self, report_ids: list[str]) -> bool:
        return bool(self.rows_for(report_ids, (KIND_RATING, KIND_OVERALL)))

    def ratings(self, report_ids: list[str] | None, standards: list[str],
                terms: set[str] = frozenset()) -> list[FigureMatch]:
        """Rating rows for the named standards, or the overall rating (and score) if none.

        A report may rate things under its own names ("case supervision standards"): with no
        known standard named, a rating row sharing two of the question's `terms` (or all of
        its own words) is taken.
        """
        out = []
        if not standards and terms:
            for i in self.rows_for(report_ids, (KIND_RATING,)):
                words = set(tokens(re.sub(r"^[\d.\s]+", "", self.rows[i]["standard"])))
                shared = words & terms
                if len(shared) >= 2 or (shared and shared == words):
                    out.append(FigureMatch(self.rows[i], 0.5 + 0.1 * len(shared)))
            if out:
                return sorted(out, key=lambda m: -m.score)
        if standards:
            for i in self.rows_for(report_ids, (KIND_RATING,)):
                name = self.rows[i]["standard"].lower()
                for rank, std in enumerate(standards):
                    cues = (std,) + STANDARD_HINTS.get(std, ())
                    if any(re.search(r"\b" + re.escape(c), name) for c in cues):
                        out.append(FigureMatch(self.rows[i], 1.0 - 0.01 * rank))
                        break
            if out:
                return out
        for i in self.rows_for(report_ids, (KIND_OVERALL, KIND_SCORE)):
            out.append(FigureMatch(self.rows[i], 1.0 if self.rows[i]["kind"] == KIND_OVERALL else 0.99))
        return out

    def score(self, report_ids: list[str] | None) -> list[FigureMatch]:
        return [FigureMatch(self.rows[i], 1.0) for i in self.rows_for(report_ids, (KIND_SCORE, KIND_OVERALL))]

    def unmeasured_concept(self, row: dict, concepts: list[str], standards: list[str]) -> str | None:
        """A concept the question names that key questions measure in other reports (a PDU
        asks whether assessment engages the person) but not `row`'s report (the region asks
        no such question): the row's score is then of something else. With a standard named,
        only key questions about that standard count."""
        def about(r: dict) -> bool:
            text = (r["standard"] + " " + r["question"]).lower()
            return r["kind"] == KIND_KEY_QUESTION and (not standards or any(
                re.search(r"\b" + re.escape(c), text) for c in (standards[0],) + STANDARD_HINTS.get(standards[0], ())))
        for concept in concepts:
            markers = CONCEPT_MARKERS.get(concept, ())
            if not markers or any(m in row["question"].lower() for m in markers):
                continue
            measured = {r["report_id"] for r in self.rows if about(r) and any(m in r["question"].lower() for m in markers)}
            if measured and row["report_id"] not in measured:
                return concept
        return None

    def numeric(self, qvec, report_ids: list[str] | None, standards: list[str], concepts: list[str],
                kinds=(KIND_KEY_QUESTION, KIND_CASELOAD), prefer_question: str | None = None,
                wants_count: bool = False) -> list[FigureMatch]:
        """Key-question and caseload rows ranked by how well they answer the question."""
        idx = self.rows_for(report_ids, kinds)
        if not idx:
            return []
        sims = self.vectors[idx] @ np.asarray(qvec)
        matches = []
        for i, sim in zip(idx, sims):
            row = self.rows[i]
            text = (row["standard"] + " " + row["question"]).lower()
            score = float(sim)
            if standards:
                first = standards[0]
                hit = any(re.search(r"\b" + re.escape(c), text) for c in (first,) + STANDARD_HINTS.get(first, ()))
                score += 0.12 if hit else -0.12
            if wants_count and row["kind"] == KIND_KEY_QUESTION:
                score -= 0.15
            for concept in concepts:
                markers = CONCEPT_MARKERS.get(concept, ())
                if markers:
                    score += 0.08 if any(m in text for m in markers) else -0.1
            if concepts == ["caseload"] or "caseload" in concepts:
                score += 0.1 if row["kind"] == KIND_CASELOAD else -0.1
            elif row["kind"] == KIND_CASELOAD:
                score -= 0.1
            if prefer_question and row["question"].lower() == prefer_question.lower():
                score += 0.2
            matches.append(FigureMatch(row, score))
        matches.sort(key=lambda m: -m.score)
        return matches
