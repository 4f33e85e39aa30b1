"""Who signed a report: "Who was HM Chief Inspector of Probation when it came out?"

A foreword ends with a signature block: the name on one line and the role on the next
("Dame Glenys Stacey" / "HM Chief Inspector of Probation"). Those lines carry no sentence
punctuation, so sentence retrieval never quotes them; this module finds name-and-role pairs by
their layout. It reads report text only; it does not cite or compose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import tokens

# "Who was HM Chief Inspector ...", "who is the head of ...": a question asking for a person by role.
ROLE_ASKED = re.compile(r"^\s*who (?:is|was|were)\b|"
                        # "Which Chief Inspector signed ...?" (not "Which PDU did the inspectors ...?")
                        r"^\s*which (?:hm |the )?(?:chief |deputy |lead )?(?:inspector|executive|director|head|manager|"
                        r"officer|chair\w*|secretary|minister|commissioner|governor)\b", re.IGNORECASE)
ROLE_WORDS = set(tokens("chief executive inspector director head deputy lead manager officer chair chairman "
                        "chairwoman secretary minister commissioner governor"))
_NAME_LINE = re.compile(r"^(?:(?:Dame|Sir|Dr|Mr|Mrs|Ms|Lord|Lady|Professor)\s+)?"
                        r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3}(?:\s+(?:[A-Z]{2,4}|QC|KC))*\s*$")
_ROLE_LINE = re.compile(r"^[A-Z][\w'’ ]{3,80}$")


@dataclass
class Signatory:
    name: str
    role: str
    start: int  # offset of the name line in the report text
    end: int    # end of the role line


def signatories(text: str) -> list[Signatory]:
    """Name-line + role-line pairs (blank lines between allowed), in document order."""
    out = []
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", text)]
    for (pos, line), (next_pos, next_line) in zip(lines, lines[1:]):
        name, role = line.strip(), next_line.strip()
        if not _NAME_LINE.match(name) or not _ROLE_LINE.match(role):
            continue
        if set(tokens(role)) & ROLE_WORDS and not set(tokens(name)) & ROLE_WORDS:
            out.append(Signatory(name, role, pos + line.index(name), next_pos + next_line.index(role) + len(role)))
    return out


# "Who wrote the foreword?", "Who signed the report?": whoever signed its foreword.
WRITER_ASKED = re.compile(r"^\s*who (?:wrote|signed|authored|penned)\b.*\b(?:foreword|introduction|report)\b",
                          re.IGNORECASE)


def signatory_for(question: str, text: str) -> Signatory | None:
    """The signatory whose role holds every role word the question asks about (or, asked who
    wrote the foreword, its signatory: the first signature block)."""
    if WRITER_ASKED.search(question):
        return next(iter(signatories(text)), None)
    if not ROLE_ASKED.search(question):
        return None
    wanted = set(tokens(question)) & ROLE_WORDS
    if not wanted:
        return None
    for s in signatories(text):
        if wanted <= set(tokens(s.role)):
            return s
    return None
