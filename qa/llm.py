"""Optional LLM answer writer (QA_LLM=ollama:<model> | openai:<model>); none by default.

Placeholder until the LLM backends land: with QA_LLM=none (the default) no LLM is used.
"""

from __future__ import annotations


class LLMConfigError(RuntimeError):
    """QA_LLM names a backend that cannot be used; the message says what to set."""


def build_llm(settings):
    """The configured LLM answerer, or None for the extractive default."""
    if (settings.llm or "none").strip().lower() in ("", "none"):
        return None
    raise LLMConfigError(f"QA_LLM={settings.llm!r} is not supported yet; use QA_LLM=none")
