"""Find a report's own structure: headings, their levels, and which blocks are tables.

The outline is shared by `chunking` (to split on headings) and `figures` (to say which
standard a table row belongs to). Headings are recognised from the report's contents list,
standard codes such as `P 2.1. Assessment` or `R 2.6 Statutory victim work`, numbered
chapters, and the recurring HMIP sub-headings (Strengths, Areas for improvement, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .metadata import RATING_WORDS

# Sections whose text is licence, address or thanks, repeated across every report.
BOILERPLATE_SECTIONS = re.compile(
    r"^(contents|acknowledgements|the role of hm inspectorate of probation|© crown copyright.*"
    r"|published by:?|annexe one.*web links|follow us on twitter)$",
    re.IGNORECASE,
)
BOILERPLATE_BLOCK = re.compile(
    r"re-use this information|^Published by|Civil Justice Centre|^ISBN|Follow us on Twitter"
    r"|This publication is available|We would like to thank|names in the practice examples"
    r"|is the independent inspector of youth|We inspect these services and publish"
    r"|Full data (?:from|and further information)|A glossary of terms used|^© Crown copyright"
    r"|^HM Inspectorate\s+of Probation$|^@hmiprobation|^Where we have identified any third party"
    r"|For media enquiries|The report is available at|^ENDS$",
    re.IGNORECASE | re.MULTILINE,
)
STANDARD_CODE = re.compile(r"^(?:[PR]\s?)?(\d\.\d{1,2})\.?\s+([A-Z][^\t]{2,80})$")
CHAPTER = re.compile(r"^(\d{1,2})\.\s+([A-Z][^\t.]{3,90})$")
KNOWN_SECTIONS = re.compile(
    r"^(foreword|ratings|recommendations|background|executive summary|key facts|introduction"
    r"|methodology|outcomes|feedback from people on probation|diversity and inclusion"
    r"|learning from serious further offences|progress on previous recommendations"
    r"|notes to editors?|glossary|appendix \d+.*|annexe .*)$",
    re.IGNORECASE,
)
SUBHEADING = re.compile(r"^(strengths|areas for improvement|enablers|barriers?)\s*:?$", re.IGNORECASE)
_TOC_LINE = re.compile(r"^(.+?)(?:\s*\.{2,}\s*|\t+|\s+)(\d{1,3})$")
# A key-question table row: the question, then its percentage (tab in text, space in PDFs).
KEY_ROW = re.compile(r"^(?P<question>[A-Z][^\t\n]{10,300}\?)[ \t]+(?P<value>\d{1,3})%$")


@dataclass
class Block:
    """A paragraph: a run of non-empty lines, with its offsets in the clean text."""

    start: int
    end: int
    text: str
    is_table: bool = False
    heading_level: int = 0  # 0 = body text, 1 = chapter, 2 = section, 3 = sub-heading
    boilerplate: bool = False
    chapter: str = ""
    section: str = ""
    subsection: str = ""

    @property
    def section_label(self) -> str:
        parts = [p for p in (self.chapter, self.section) if p]
        if len(parts) == 2 and CHAPTER.match(parts[0]):
            parts = parts[1:]
        return " > ".join(parts) or "Front matter"


@dataclass
class Outline:
    blocks: list[Block] = field(default_factory=list)

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}\.|[-•*])\s")


def split_blocks(text: str) -> list[Block]:
    blocks = []
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        raw = m.group(0)
        if not raw.strip():
            continue
        lines = raw.split("\n")
        flagged = [bool(BOILERPLATE_BLOCK.search(line)) for line in lines]
        items = sum(bool(_LIST_ITEM.match(line)) for line in lines)
        if items >= 2 and any(flagged) and not all(flagged):
            # A list mixing boilerplate with facts ("Notes to editors": who owns the company,
            # when fieldwork took place, the press office's phone number): line by line, so
            # only the boilerplate lines are left out.
            offset = m.start()
            for line in lines:
                if line.strip():
                    blocks.append(_block(line, offset))
                offset += len(line) + 1
            continue
        blocks.append(_block(raw, m.start()))
    return blocks


def _block(raw: str, offset: int) -> Block:
    # Trim surrounding spaces but keep offsets exact.
    lead = len(raw) - len(raw.lstrip())
    body = raw.strip()
    start = offset + lead
    is_table = "\t" in body or bool(KEY_ROW.match(body)) or body.startswith("Key question")
    return Block(start=start, end=start + len(body), text=body, is_table=is_table)


def contents_titles(text: str) -> dict[str, int]:
    """Titles listed in the report's contents, with how often each appears there."""
    m = re.search(r"^Contents\s*$", text, re.MULTILINE)
    if not m:
        return {}
    titles: dict[str, int] = {}
    misses = 0
    for line in text[m.end():].splitlines():
        line = line.strip()
        if not line:
            continue
        hit = _TOC_LINE.match(line)
        if not hit:
            misses += 1
            if misses > 2 and titles:
                break
            continue
        title = hit.group(1).strip(" .")
        titles[title.lower()] = titles.get(title.lower(), 0) + 1
    return titles


def _normalise_heading(line: str) -> str:
    line = re.sub(r"\s+", " ", line).strip().rstrip(":")
    m = STANDARD_CODE.match(line)
    if m:
        return f"{m.group(1)} {m.group(2).strip()}"
    return line


def build_outline(text: str) -> Outline:
    """Split text into blocks and label each with its chapter / section / sub-heading."""
    toc = contents_titles(text)
    blocks = split_blocks(text)
    chapter = section = subsection = ""
    in_ratings = False
    seen_contents = False
    for block in blocks:
        line = block.text
        single = "\n" not in line and not block.is_table and len(line) <= 100
        level = 0
        if single:
            low = line.lower().rstrip(":").strip()
            code = STANDARD_CODE.match(line)
            if low == "contents" and not seen_contents:
                seen_contents, level = True, 1
            elif in_ratings and (code or CHAPTER.match(line) or low in RATING_LOWER):
                level = 0
            elif CHAPTER.match(line) and not line.endswith("."):
                level = 1
            elif code and not line.endswith("."):
                level = 2
            elif toc.get(low, 0) >= 3:
                level = 2
            elif low in toc or KNOWN_SECTIONS.match(low) or BOILERPLATE_SECTIONS.match(low):
                # Known HMIP section names nest under the current chapter unless the
                # contents list says they are chapters of their own.
                level = 1 if (low in toc or not chapter or BOILERPLATE_SECTIONS.match(low)) else 2
            elif SUBHEADING.match(line):
                level = 3
        if level == 1:
            chapter, section, subsection = _normalise_heading(line), "", ""
            in_ratings = line.lower().startswith("ratings")
        elif level == 2:
            section, subsection = _normalise_heading(line), ""
        elif level == 3:
            subsection = _normalise_heading(line)
        block.heading_level = level
        block.chapter, block.section, block.subsection = chapter, section, subsection
        block.boilerplate = bool(
            BOILERPLATE_SECTIONS.match(chapter) or BOILERPLATE_SECTIONS.match(section)
            or BOILERPLATE_BLOCK.search(block.text)
        )
        if chapter.lower() == "contents" and level == 0:
            block.boilerplate = True
    return Outline(blocks=blocks)


RATING_LOWER = {r.lower() for r in RATING_WORDS}
