"""The case sample a report describes: "How many cases did the inspectors look at?"

Inspection reports state their sample in one methodology sentence ("In Suffolk, the sample
consisted of 46 cases, 30 of which were CRC cases ...", "We inspected 37 community orders and
19 releases on licence ...", "We reviewed 438 cases, of which 289 ..."). The question's words
("cases", "inspected") are filler everywhere else in a report, so retrieval cannot find that
sentence by topic; this module finds it by its form. It reads report text only; it does not
cite or compose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import sentence_spans

# "how many cases did inspectors look at", "what was the case sample", "how big was the sample"
SAMPLE_ASKED = re.compile(
    r"\bhow many\b[^?]*\b(?:cases|case files|orders)\b[^?]*\b(?:inspect\w*|review\w*|look\w*|examin\w*|"
    r"assess\w*|sampl\w*|read)\b|\b(?:case )?sample\b|\bcases\b[^?]*\bin the sample\b|"
    r"\b(?:inspect\w*|review\w*|look\w* at|examin\w*)\b[^?]*\b(?:more|fewer|as many)\b[^?]*\b(?:cases|orders|licences)\b",
    re.IGNORECASE)
# Words of such a question that say nothing about which cases.
SAMPLE_WORDS = {"sampl", "look", "examin", "review", "assess", "read", "size", "big", "larg", "total",
                "altogeth", "order", "split", "made", "consist", "type", "kind", "file", "licenc", "communiti",
                "release", "custodi", "more", "fewer"}

_COUNT = r"(\d[\d,]*)"
_CASE_NOUN = r"(?:cases|community orders?|suspended sentence orders?|releases? on licence|licences?|" \
             r"people on probation|individuals)"
_SAMPLE = re.compile(rf"\bsample (?:consisted of|comprised|was made up of|was|of) {_COUNT} {_CASE_NOUN}", re.I)
_WE_LOOKED = re.compile(rf"\bwe (?:inspected|reviewed|examined|looked at|assessed) {_COUNT} {_CASE_NOUN}\b"
                        rf"(?! (?:which|that|who|where)\b)", re.I)
_PART = re.compile(rf"\b{_COUNT} ({_CASE_NOUN})", re.I)


@dataclass
class CaseSample:
    sentence: str
    start: int       # offset of the sentence in the report text
    total: int       # cases in the sample ("37 community orders and 19 releases" -> 56)
    parts: list[str]  # the parts as the report words them, when it lists more than one


def case_sample(text: str) -> CaseSample | None:
    """The sentence that states the report's case sample, or None. A sentence about "the
    sample" wins over "we inspected N cases"; the first of each kind counts."""
    found = None
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        m = _SAMPLE.search(sentence)
        if m:
            return CaseSample(sentence, a, int(m.group(1).replace(",", "")), [])
        m = _WE_LOOKED.search(sentence)
        if m and found is None:
            # "We inspected 37 community orders and 19 releases on licence ...": the listed parts.
            tail = sentence[m.start():]
            tail = re.split(r"\b(?:where|which|of which|from each|that)\b|[,;]", tail, maxsplit=1)[0]
            parts = [(int(n.replace(",", "")), f"{n} {noun}") for n, noun in _PART.findall(tail)]
            if len(parts) > 1 and len(re.findall(r"\band\b", tail)) >= len(parts) - 1:
                found = CaseSample(sentence, a, sum(n for n, _ in parts), [p for _, p in parts])
            else:
                found = CaseSample(sentence, a, int(m.group(1).replace(",", "")), [])
    return found
