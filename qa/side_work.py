"""The working state of one side of a question while it is answered: where it looks, what it
asks for, the passages retrieved for it and the result so far. Each source the assistant tries
(particulars, ratings, figures table, recommendations, prose) reads and fills it in turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import Analysis
from .compose import CitationBook, SideResult
from .figure_lookup import FigureMatch


@dataclass
class SideWork:
    """One side of a question while it is answered: where it looks, what it asks for, the
    passages retrieved for it, and the result so far. Passed from one source to the next."""

    analysis: Analysis
    question: str                 # the standalone question
    tvec: object                  # the vector of its topic alone
    qvec: object                  # the vector of the whole question
    book: CitationBook
    prefer_q: str | None          # a key question an earlier side was measured on
    parallel: str | None          # an earlier side's figure sentence, when it came from prose
    result: SideResult
    scoped: bool                  # one named report (not all, not the app's selection)
    report_ids: list[str] | None
    primary: object               # the ReportMeta of a scoped side
    intent: str
    explaining: bool
    hits: list = field(default_factory=list)
    rated_words: bool = False     # a rating question answered from prose: sentences stating ratings first
    table_fallback: FigureMatch | None = None  # a close key-question row, if the prose states no figure
    focus: str | None = None      # the counterpart this side is about, within its report ("the CRC")
    inside: tuple[str, ...] = ()  # towns inside the report's area the question is about ("Ipswich")
