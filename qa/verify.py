"""Check an answer against its citations: every number it states must appear in a passage
it cites (or be the difference or sum of two cited numbers), and every `[n]` must exist.

Lines that fail are removed and the change is reported. Used for the extractive answer and,
identically, for any LLM-written answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import numbers_in
from .types import Citation

_MARK = re.compile(r"\[(\d+)\]")


@dataclass
class Verification:
    text: str
    changed: bool = False
    dropped: list[str] = field(default_factory=list)
    bad_citations: list[int] = field(default_factory=list)


def _derived(numbers: set[str]) -> set[str]:
    values = []
    for n in numbers:
        try:
            values.append(float(n))
        except ValueError:
            continue
    out = set()
    for x in values:
        for y in values:
            if x > y:
                out.add(f"{x - y:g}")
            out.add(f"{x + y:g}")  # a total: "37 community orders and 19 releases" is 56 cases
    return out


def verify(text: str, citations: list[Citation], labels: list[str] = ()) -> Verification:
    """Drop the lines of `text` whose numbers or citation marks are not supported."""
    by_n = {c.n: c for c in citations}
    all_numbers = set().union(*(numbers_in(c.quote) | numbers_in(c.passage) for c in citations)) if citations else set()
    kept, dropped, bad = [], [], []
    for line in text.split("\n"):
        marks = [int(m) for m in _MARK.findall(line)]
        missing = [m for m in marks if m not in by_n]
        if missing:
            bad.extend(missing)
            dropped.append(line)
            continue
        bare = _MARK.sub("", line)
        for lab in labels:  # report labels carry publication years, not claims
            bare = bare.replace(lab, "")
        claimed = numbers_in(bare)
        if claimed:
            if marks:
                support = set().union(*(numbers_in(by_n[m].quote) | numbers_in(by_n[m].passage) for m in marks))
            else:
                support = all_numbers
            support |= _derived(support if marks else all_numbers)
            if not claimed <= support:
                dropped.append(line)
                continue
        kept.append(line)
    out = "\n".join(kept).strip()
    out = re.sub(r"\n{3,}", "\n\n", out)
    return Verification(text=out, changed=bool(dropped), dropped=dropped, bad_citations=bad)
