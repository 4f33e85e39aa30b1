"""Split a report into structure-aware chunks and figure-bearing sentences.

A chunk is an exact span of the report's clean text (so every quote is verbatim), never
crosses a heading, keeps a key-question table whole with the paragraph that introduces it,
and carries a context prefix such as "Anytown PDU, May 2024 | 2.1 Assessment | Strengths"
so that the same template text in two reports is told apart. Boilerplate (licence, address,
acknowledgements) is left out. Sentences that carry a figure ("in 12 out of 29 relevant
cases", "41 per cent (18 out of 44)") are also emitted as small units of their own.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from .loaders import LoadedDocument
from .metadata import ReportMeta
from .outline import Block, Outline

UNIT_SECTION = "section"
UNIT_SENTENCE = "sentence"

FIGURE_IN_SENTENCE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s?cent)|\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|\b\d{1,3}(?:,\d{3})+\b"
    r"|\b\d+\s*/\s*\d+\b|\b\d+\s+(?:cases|people|staff|interviews|reports|respondents|PDUs|"
    r"community orders|releases|practitioners|offenders|prisons|regions)\b",
    re.IGNORECASE,
)
# A sentence ends at . ! or ? followed by a space or the end of the line; "36.4%" and "e.g.x"
# do not end one (a "." followed by anything but a space continues the sentence).
# (Possessive runs: a contents line of dot leaders cannot make the match backtrack.)
_SENTENCE = re.compile(r"[^.!?\n]++(?:[.!?]++(?=\S)[^.!?\n]*+)*+(?:[.!?]+(?=\s|$)|$)")


@dataclass
class Chunk:
    """One retrievable unit: an exact span of a report's text plus where it sits."""

    chunk_id: str
    report_id: str
    unit_type: str
    chapter: str
    section: str
    subsection: str
    page: int | None
    start: int
    end: int
    text: str
    prefix: str

    @property
    def embed_text(self) -> str:
        return f"{self.prefix}\n{self.text}"


def _prefix(meta: ReportMeta, block: Block) -> str:
    parts = [meta.label, block.section_label]
    if block.subsection:
        parts.append(block.subsection)
    return " | ".join(parts)


def _chunk_id(report_id: str, unit: str, start: int, end: int) -> str:
    digest = hashlib.sha1(f"{report_id}:{unit}:{start}:{end}".encode()).hexdigest()[:10]
    return f"{report_id}:{unit[:3]}:{start}:{digest}"


def _make(meta, doc, unit, first: Block, start: int, end: int) -> Chunk:
    return Chunk(
        chunk_id=_chunk_id(meta.report_id, unit, start, end),
        report_id=meta.report_id,
        unit_type=unit,
        chapter=first.chapter,
        section=first.section_label,
        subsection=first.subsection,
        # A heading often ends the page before its text: cite the page where the text is.
        page=doc.page_at(max(start, first.start)),
        start=start,
        end=end,
        text=doc.text[start:end],
        prefix=_prefix(meta, first),
    )


def _split_oversized(blocks: list[Block], max_chars: int) -> list[Block]:
    """Cut blocks longer than `max_chars` (long lists, glossaries) at line breaks."""
    out: list[Block] = []
    for block in blocks:
        if len(block.text) <= max_chars or "\n" not in block.text:
            out.append(block)
            continue
        piece_start = offset = block.start
        for line in block.text.split("\n"):
            line_end = offset + len(line)
            if line_end - piece_start > max_chars and offset > piece_start:
                out.append(replace(block, start=piece_start, end=offset - 1,
                                   text=block.text[piece_start - block.start:offset - 1 - block.start]))
                piece_start = offset
            offset = line_end + 1
        out.append(replace(block, start=piece_start, end=block.end,
                           text=block.text[piece_start - block.start:]))
    return out


def section_chunks(doc: LoadedDocument, meta: ReportMeta, outline: Outline,
                   max_chars: int, min_chars: int) -> list[Chunk]:
    """Group consecutive blocks of one section into chunks of at most `max_chars`."""
    chunks: list[Chunk] = []
    group: list[Block] = []

    def flush() -> None:
        body = [b for b in group if not b.heading_level]
        if group and body:
            # Label the chunk by its first body block: it carries the deepest heading context.
            chunks.append(_make(meta, doc, UNIT_SECTION, body[0], group[0].start, group[-1].end))
        group.clear()

    for block in _split_oversized(outline.blocks, max_chars):
        if block.boilerplate:
            flush()
            continue
        if block.heading_level:
            # A heading starts a new chunk unless the current one holds only headings.
            if any(not b.heading_level for b in group):
                flush()
            group.append(block)
            continue
        size = (group[-1].end - group[0].start) if group else 0
        too_big = size + len(block.text) > max_chars and size >= min_chars
        if group and too_big and not block.is_table:
            flush()
            # Keep the section heading context on a continuation chunk via its prefix only.
        group.append(block)
    flush()
    return chunks


def figure_sentences(doc: LoadedDocument, meta: ReportMeta, outline: Outline) -> list[Chunk]:
    """Sentences carrying a figure, as units of their own (tables excluded: they are whole)."""
    units: list[Chunk] = []
    for block in outline.blocks:
        if block.boilerplate or block.heading_level:
            continue
        if block.is_table:
            # Each table row that carries a figure ("872<TAB>The number of MAPPA eligible ...").
            offset = block.start
            for line in block.text.split("\n"):
                if FIGURE_IN_SENTENCE.search(line) or re.match(r"^\s*\d", line):
                    if len(line.strip()) >= 25 and "\t" in line:
                        start = offset + len(line) - len(line.lstrip())
                        units.append(_make(meta, doc, UNIT_SENTENCE, block, start, start + len(line.strip())))
                offset += len(line) + 1
            continue
        for m in _SENTENCE.finditer(block.text):
            sentence = m.group(0)
            stripped = sentence.lstrip(" -•*\t")
            if len(stripped) < 25 or not FIGURE_IN_SENTENCE.search(stripped):
                continue
            start = block.start + m.start() + (len(sentence) - len(stripped))
            end = start + len(stripped.rstrip())
            units.append(_make(meta, doc, UNIT_SENTENCE, block, start, end))
    return units


def chunk_report(doc: LoadedDocument, meta: ReportMeta, outline: Outline, *, max_chars: int,
                 min_chars: int, with_sentences: bool) -> list[Chunk]:
    chunks = section_chunks(doc, meta, outline, max_chars, min_chars)
    if with_sentences:
        chunks.extend(figure_sentences(doc, meta, outline))
    return chunks
