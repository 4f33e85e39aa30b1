"""Verify an LLM-written answer against the evidence of the extractive answer it rewrites.

Line by line (the prompt asks for one sentence per line, so a bad claim costs one line):
- `qa.verify.verify`: every `[n]` exists and every number is in a passage the line cites
  (or, for an uncited line, in some passage), the same check the extractive answer gets;
- every quoted phrase (“…” or "…") is a substring of a passage the line cites;
- every rating word (Outstanding, Good, Requires improvement, Inadequate) is backed by a cited
  figure row or a cited quote. Ratings are ordinary English words ("good relationships",
  "outstanding work"), so a passage merely containing the word is not evidence of a rating.
Then, for the answer as a whole: some cited line must remain, and every figure the extractive
answer states must still be stated.

Pure functions over `Answer`; no model calls, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import numbers_in
from .types import Answer
from .verify import verify

_MARK = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"“([^”]{3,})”|\"([^\"]{3,})\"")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_RATING = re.compile(r"\b(Outstanding|Good|Requires [Ii]mprovement|Inadequate)\b"
                     r"|\b(?:rated|rating of|rating was|judged|graded)\s+(?:as\s+)?['‘“\"]?"
                     r"(outstanding|good|requires improvement|inadequate)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_CHARS = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Text compared for quotes: same apostrophes and dashes, single spaces, case-folded."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").translate(_CHARS)
    return re.sub(r"\s+", " ", text).strip().casefold()


def strip_reasoning(text: str) -> str:
    """Drop `<think>…</think>` blocks that reasoning models put before their answer."""
    return _THINK.sub("", text or "").strip()


@dataclass
class Evidence:
    """What an LLM line may rely on: the citations and figures of one extractive answer."""

    answer: Answer
    labels: list[str]
    passages: dict[int, str] = field(default_factory=dict)   # n -> normalised quote + passage
    ratings: dict[int, str] = field(default_factory=dict)    # n -> normalised quote + figure values
    years: re.Pattern | None = None

    @classmethod
    def of(cls, answer: Answer, labels: list[str]) -> "Evidence":
        ev = cls(answer=answer, labels=list(labels))
        for c in answer.citations:
            ev.passages[c.n] = normalise(f"{c.quote}\n{c.passage}")
            ev.ratings[c.n] = normalise(c.quote)
        for f in answer.figures:
            ev.ratings[f.citation] = ev.ratings.get(f.citation, "") + " " + normalise(f.value)
        # Years of the reports' own labels are dates of publication, not claims, however the
        # model writes the label ("Norfolk PDU (2024)", "the May 2024 report").
        years = sorted({y for lab in labels for y in _YEAR.findall(lab)})
        ev.years = re.compile(r"\b(?:" + "|".join(years) + r")\b") if years else None
        return ev


def check_line(line: str, ev: Evidence) -> str | None:
    """Why `line` fails verification, or None when it stands."""
    if not line.strip():
        return None
    marks = [int(m) for m in _MARK.findall(line)]
    unknown = sorted({m for m in marks if m not in ev.passages})
    if unknown:
        return "cites " + ", ".join(f"[{m}]" for m in unknown) + ", which no passage has"
    bare = ev.years.sub(" ", line) if ev.years else line
    if verify(bare, ev.answer.citations, ev.labels).dropped:
        return "states a figure that is not in the passages it cites"
    cited = marks or list(ev.passages)
    for m in _QUOTED.finditer(line):
        phrase = normalise(m.group(1) or m.group(2)).strip(" .,;:")
        if not marks and len(phrase.split()) > 1:
            return "quotes without a citation"
        parts = [p for p in _ELLIPSIS.split(phrase) if p]
        if not any(all(p in ev.passages[n] for p in parts) for n in cited):
            return "quotes words that are not in the passages it cites"
    for m in _RATING.finditer(line):
        rating = (m.group(1) or m.group(2)).casefold()
        if not any(rating in ev.ratings.get(n, "") for n in cited):
            return f"states a rating ({m.group(1) or m.group(2)}) that no cited figure or quote gives"
    return None


def missing_figures(text: str, answer: Answer) -> list[str]:
    """Figures the extractive answer states that `text` no longer states."""
    said_numbers = numbers_in(text)
    low = normalise(text)
    out = []
    for f in answer.figures:
        nums = numbers_in(f.value)
        present = nums <= said_numbers if nums else normalise(f.value) in low
        if not present and f.value not in out:
            out.append(f.value)
    return out


@dataclass
class ReplyCheck:
    """The verified reply: kept text, removed lines with reasons, and whether it stands."""

    text: str
    dropped: list[tuple[str, str]]
    missing: list[str]

    @property
    def stands(self) -> bool:
        return bool(_MARK.search(self.text)) and not self.missing


def check_reply(reply: str, answer: Answer, labels: list[str], evidence: Evidence | None = None) -> ReplyCheck:
    """Remove the failing lines of an LLM reply and judge whether what is left stands."""
    ev = evidence or Evidence.of(answer, labels)
    kept, dropped = [], []
    for line in strip_reasoning(reply).split("\n"):
        reason = check_line(line, ev)
        if reason:
            dropped.append((line.strip(), reason))
        else:
            kept.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return ReplyCheck(text=text, dropped=dropped, missing=missing_figures(text, answer) if text else [])
