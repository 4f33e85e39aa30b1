"""Split a question that asks two things into parts, each answerable on its own.

"When did fieldwork start in Norfolk PDU, and how many practitioners were interviewed?" is
two questions; the second part names no report, so it inherits the first part's scope
("... in Norfolk PDU"). A second part that only asks for the reasons behind the first ("What
rating did Norfolk get for staffing, and why?") is not split off: it asks for an explanation
of the same finding, which the answer gives after the finding itself (`asks_reason`).

Works on text alone (plus the corpus catalog for place names); it never retrieves.
"""

from __future__ import annotations

import re

from .catalog import Catalog, place_title
from .followup import topic_words
from .text import YEAR

# ", and how many ..." / "; what ..." / "? And why ..." : a new wh-clause after a conjunction.
_SPLIT = re.compile(
    r"(?:,\s*and|;\s*(?:and\s+)?|\?\s+(?:and\s+)?|,\s*plus)\s+"
    r"(?=(?:how|what|which|who|when|where|why|did|was|were|is|are)\b)",
    re.IGNORECASE,
)
# A part that asks why / for the reasons behind what was just asked.
REASON = re.compile(
    r"\bwhy\b|\breasons?\b|\bbehind\b|\bwhat (?:led|drove|caused|explains?)\b|\bexplain\b|"
    r"\b(?:pulled|dragged|brought|held|kept)\b.*\bdown\b|\bstrengths?\b|\bweakness(?:es)?\b|"
    r"\bwhat went (?:wrong|well)\b|\bbased on\b|\bjustif|"
    r"\bwhich (?:[\w-]+ ){0,4}?(?:set|sets|held|holds|determined|decided|drove|limited|capped)\b",
    re.IGNORECASE,
)
# The topic and scope a rewritten follow-up carries, in brackets at its end.
_CARRIED = re.compile(r"\s*\(([^()]+)\)\?\s*$")
_WHICH = re.compile(r"^\s*(?:which|what|who)\b", re.IGNORECASE)
# "..., and how many were for HMPPS?": a count that leaves out what it counts leans on the part before.
_ELLIPTIC_COUNT = re.compile(r"^how (?:many|much)\s+(?:of (?:them|those|these)\s+)?(?:were|was|are|is|had|did)\b",
                             re.IGNORECASE)
_ABOUT_THE_ANSWER = re.compile(r"\b(?:it|its|they|their|that one|this one)\b", re.IGNORECASE)
MIN_WORDS = 4  # a shorter piece leans on the other part's words: not a question of its own
_REGION = re.compile(r"\bregion(?:al)?\b", re.IGNORECASE)
_LEVEL = re.compile(r"\b(PDU|CRC|region(?:al)?|probation delivery unit)\b", re.IGNORECASE)


def asks_reason(question: str) -> bool:
    """Whether the question (or a part of it) asks for the reasons behind a finding."""
    return bool(REASON.search(question))


def _scope(part: str, catalog: Catalog) -> str:
    """The words of `part` that name its reports: places, level words and years."""
    bits = [place_title(p) for p in catalog.places_in(part)]
    level = _LEVEL.search(part)
    if level:
        bits.append(level.group(1))
    bits += YEAR.findall(part)
    return " ".join(dict.fromkeys(bits))


def split_question(question: str, catalog: Catalog) -> list[str]:
    """The independent parts of `question` (one part if it asks one thing).

    A reason part ("and why?", "and which scores pulled it down?") stays attached to the part
    before it; a part that names no report gets the scope of the part before it.
    """
    carried = _CARRIED.search(question)
    if carried:
        # "What hours did it run, and was getting there a problem (unpaid work in Suffolk in
        # 2017)?": what a follow-up carried over belongs to every part.
        parts = split_question(question[:carried.start()] + "?", catalog)
        if len(parts) > 1:
            return [f"{p.rstrip('?')} ({carried.group(1)})?" for p in parts]
        return [question]
    pieces = [p.strip(" ,;") for p in _SPLIT.split(question) if p and p.strip(" ,;?")]
    if len(pieces) < 2 or any(len(p.split()) < MIN_WORDS for p in pieces):
        return [question]  # "... in Norfolk, and what in Suffolk?" is one comparison
    parts: list[str] = []
    for piece in pieces:
        piece = piece.rstrip("?").strip()
        if parts and (asks_reason(piece) or _ABOUT_THE_ANSWER.search(piece) and _WHICH.match(parts[-1])
                      or _ELLIPTIC_COUNT.match(piece)) and not catalog.places_in(piece):
            # "..., and why?", "Which part came out best, and what grade did it get?" or "How
            # many recommendations, and how many were for HMPPS?": the second piece asks about
            # the first one's answer, so they stay one question.
            parts[-1] = f"{parts[-1]}, and {piece}"
            continue
        # ("... and what does the regional report say?" names its own report)
        own_level = bool(_REGION.search(piece)) and not _REGION.search(parts[0] if parts else "")
        if parts and not catalog.places_in(piece) and not YEAR.search(piece) and not own_level:
            scope = _scope(parts[0], catalog)
            if scope:
                piece = f"{piece} in {scope}"
        if parts and not topic_words(_LEVEL.sub(" ", piece), catalog.places_in(piece), YEAR.findall(piece)):
            # "Has IOM proved itself since 2017? ... and what does the 2024 regional report
            # say?": a part that names only its scope asks about the first part's topic.
            topic = topic_words(parts[0], catalog.places_in(parts[0]), YEAR.findall(parts[0]))
            if topic:
                piece = f"{piece} about {topic}"
        parts.append(piece)
    return [p[0].upper() + p[1:] + ("" if p.endswith("?") else "?") for p in parts]
