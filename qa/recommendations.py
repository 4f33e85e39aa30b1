"""A report's numbered recommendations and whom each is addressed to.

Reports list recommendations under headings naming who should act ("Suffolk PDU should:",
"HMPPS should:", "The Community Rehabilitation Company and National Probation Service
should:"). This module reads the numbered items and their addressee out of the indexed
Recommendations passages, tells which addressees a question names ("What did it ask HMPPS to
do?"), and words the split of a count ("six for East of England region and four for HMPPS").
It knows nothing of any particular report and does not retrieve or compose answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .counting import count_words

# "### **HMPPS should:**", "The Ministry of Justice should:"
_ADDRESSEE = re.compile(r"^[#*\s]*(?P<who>[A-Z][^.:;]{1,100}?)\s+should:[*\s]*$")
_ITEM = re.compile(r"^\d{1,2}\.\s+\S")
_LINKING = {"of", "and", "the", "for", "in", "&"}


@dataclass(frozen=True)
class Recommendation:
    chunk: dict
    text: str
    addressee: str  # as the heading words it ("HMPPS", "The Ministry of Justice"); "" if none


def numbered(chunks: list[dict]) -> list[Recommendation]:
    """The numbered items of Recommendations passages (in report order), each with the
    addressee of the heading above it."""
    items, who = [], ""
    for chunk in chunks:
        for line in chunk["text"].split("\n"):
            line = line.strip()
            heading = _ADDRESSEE.match(line)
            if heading:
                who = heading.group("who").strip()
            elif _ITEM.match(line) and len(line) > 20:
                items.append(Recommendation(chunk, line, who))
    # Under headings that name who should act, a numbered line before the first is a
    # heading of the report's own ("1. Overall judgements and recommendations").
    return [i for i in items if i.addressee] if any(i.addressee for i in items) else items


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", name) if w.lower() not in _LINKING).upper()


def _aliases(addressee: str) -> tuple[set[str], set[str]]:
    """(names, abbreviations) a question may use for an addressee: the name, its initials, and
    for a joint heading ("The CRC and NPS should:" spelt out) each party's name and initials."""
    name = re.sub(r"^the\s+", "", addressee, flags=re.IGNORECASE)
    names, abbreviations = {name}, set()
    parts = [p for p in re.split(r"\s+and\s+", name) if len(p.split()) >= 2 and p[0].isupper()]
    names |= set(parts) if len(parts) > 1 else set()
    for n in set(names):
        if len(n.split()) >= 2:
            abbreviations.add(_initials(n))
        elif n.isupper():
            abbreviations.add(n)
    return names, {a for a in abbreviations if len(a) >= 2}


def addressees_named(question: str, items: list[Recommendation], own_unit: str) -> set[str]:
    """Addressees the question names. The report's own unit is dropped when the question
    names others too ("What did the East of England region report ask HMPPS to do?")."""
    named = set()
    for who in {i.addressee for i in items if i.addressee}:
        names, abbreviations = _aliases(who)
        if (any(re.search(rf"\b{re.escape(n)}\b", question, re.IGNORECASE) for n in names)
                or any(re.search(rf"\b{a}s?\b", question) for a in abbreviations)):
            named.add(who)
    own = {w for w in named if own_unit and own_unit.lower() in w.lower()}
    return named - own if named - own else named


def in_sentence(addressee: str) -> str:
    """An addressee as written inside a sentence ("The Ministry of Justice" -> "the Ministry ...")."""
    return re.sub(r"^The ", "the ", addressee)


def split_by_addressee(items: list[Recommendation]) -> str:
    """" (six for East of England region and four for HMPPS)" when the items have more than
    one addressee, else ""."""
    counts: dict[str, int] = {}
    for item in items:
        counts[item.addressee] = counts.get(item.addressee, 0) + 1
    if len(counts) < 2 or "" in counts:
        return ""
    parts = [f"{count_words(n)} for {in_sentence(who)}" for who, n in counts.items()]
    return " (" + ", ".join(parts[:-1]) + " and " + parts[-1] + ")"
