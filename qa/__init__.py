"""Answer questions about HMIP inspection reports with exact, cited figures.

`qa/` knows questions: analysis, retrieval, composition, verification. It reads the index
through `index.store.IndexReader` and never parses report files.

Example:
    >>> from qa import ask
    >>> answer = ask("What was Norfolk PDU's overall rating?")
    >>> answer.text, answer.citations[0].quote
"""

from __future__ import annotations

from .types import Answer, Citation, Context, FigureRef

__all__ = ["ask", "Answer", "Citation", "Context", "FigureRef", "Assistant"]


def ask(question: str, history: list[dict] | None = None, report_ids: list[str] | None = None) -> Answer:
    """Answer `question` (with optional chat `history` of {"role", "content"} turns), optionally
    restricted to some report ids."""
    from .assistant import default_assistant

    return default_assistant().ask(question, history, report_ids)


def __getattr__(name):
    if name == "Assistant":
        from .assistant import Assistant
        return Assistant
    raise AttributeError(name)
