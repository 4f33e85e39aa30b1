"""Typed records returned by the answering pipeline (`Answer`, `Citation`, ...).

Plain dataclasses with `to_dict()` so that the CLI's JSON contract, the app and evaluation
scripts all read the same fields.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Citation:
    """A numbered source: the report, where in it, and the verbatim quoted span."""

    n: int
    report: str
    title: str
    unit: str
    year: int | None
    section: str
    page: int | None
    quote: str
    passage: str
    chunk_id: str | None = None


@dataclass
class FigureRef:
    """A structured figure the answer states (so scorers can compare values exactly)."""

    report: str
    unit: str
    year: int | None
    standard: str
    question: str
    value: str
    kind: str
    citation: int


@dataclass
class Context:
    """A retrieved passage that was considered, with its fused retrieval score."""

    report: str
    section: str
    page: int | None
    text: str
    score: float
    chunk_id: str = ""


@dataclass
class Answer:
    """What `qa.ask` returns."""

    question: str
    text: str
    refused: bool = False
    rewritten_question: str | None = None
    citations: list[Citation] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    answerer: str = "extractive"
    verification_changed: bool = False
    notes: list[str] = field(default_factory=list)
    latency_ms: float = 0.0

    def to_dict(self) -> dict:
        data = asdict(self)
        for c in data["citations"]:
            c.pop("passage", None)
            c.pop("chunk_id", None)
        return data
