"""The loaded index, as the answering stages see it: reports, passages, figures, sentence
picker, abbreviations and the embedder, loaded once and read-only afterwards.

Also the small services every stage shares: the passage a figure row sits in, citing a row
or a sentence, and a question's topic without the names of its reports.
"""

from __future__ import annotations

import re

from index.embedding import load_embedder
from index.metadata import RATING_WORDS
from index.settings import Settings
from index.store import IndexReader

from .abbreviations import Abbreviations
from .catalog import Catalog
from .compose import CitationBook
from .retrieve import HybridRetriever
from .figure_lookup import FigureLookup
from .sentence_picker import SentencePicker
from .text import numbers_in, sentence_spans, tokens


# A standard named by its code: "R 2.5", "P1.3", "standard 2.1" (not "1.5 posts").
_STANDARD_CODE = re.compile(r"\b(?:[PR]\s?|standards?\s+)(\d\.\d)\b(?![.\d])", re.IGNORECASE)


class Corpus:
    """Everything loaded from one index. Build once (`Corpus(settings)`); share between threads."""

    def __init__(self, settings: Settings, client=None):
        self.settings = settings
        self.reader = IndexReader(settings, client)
        self.embedder = load_embedder(settings.embedding_model, settings.embedding_batch_size,
                                      settings.embedding_precision, backend=settings.embedding_backend,
                                      cache_dir=settings.embedding_cache_dir)
        reports = self.reader.reports()
        self.catalog = Catalog.from_reports(reports, (self.reader.report_text(m.report_id) for m in reports))
        self.reports = {e.meta.report_id: e.meta for e in self.catalog.entries}
        self.retriever = HybridRetriever(self.reader)
        self.figures = FigureLookup(self.reader.figures(), self.embedder)
        sections = [c for c in self.retriever.chunks if c["unit_type"] == "section"]
        self.picker = SentencePicker(sections, self.embedder)
        self.picker.templates = template_sentences(sections)
        self.abbreviations = Abbreviations.from_texts(c["text"] for c in sections)
        self.picker.abbreviations = self.abbreviations
        self.report_terms = {rid: set(tokens(self.reader.report_text(rid))) for rid in self.reports}
        # Words that occur in figure-bearing sentences anywhere in the corpus: the measures
        # the reports give numbers for. (Section chunks hold every sentence; a sentence
        # repeated across reports counts once.)
        numeric = {c["text"][a:b] for c in sections for a, b in sentence_spans(c["text"]) if numbers_in(c["text"][a:b])}
        self.figure_terms = set().union(*(tokens(sentence) for sentence in numeric))
        self.sections: dict[str, list[dict]] = {}
        for c in sections:
            self.sections.setdefault(c["report_id"], []).append(c)

    def chunk_for(self, report_id: str, offset: int) -> dict | None:
        """The section passage of the report that holds character `offset`."""
        for c in self.sections.get(report_id, []):
            if c["start"] <= offset < c["end"]:
                return c
        return None

    def cite_row(self, book: CitationBook, row: dict) -> int:
        """Cite a figures-table row, with the passage it sits in."""
        chunk = self.chunk_for(row["report_id"], row["start"])
        passage = chunk["text"] if chunk else row["quote"]
        section = chunk["section"] if chunk else row["standard"]
        page = row["page"] if row["page"] is not None else (chunk["page"] if chunk else None)
        return book.cite(row["report_id"], row["quote"], passage, section, page, chunk["chunk_id"] if chunk else None)

    @staticmethod
    def cite_sentence(book: CitationBook, hit, sentence: str) -> int:
        """Cite one sentence of a retrieved passage."""
        c = hit.chunk
        return book.cite(c["report_id"], sentence, c["text"], c["section"], c["page"], c["chunk_id"])

    def name_standard_codes(self, question: str, report_ids: list[str]) -> str:
        """The question with each standard it names by code ("R 2.5", "standard 1.3") followed
        by that standard's name in the reports it is about ("R 2.5 Resettlement"), so the
        standard is read like one named in words. A code the reports number differently (a
        PDU's 2.3 is not a region's) is named only when they agree."""
        def named(m: re.Match) -> str:
            names = {row["standard"].split(" ", 1)[1] for row in self.figures.rows
                     if row["report_id"] in report_ids and row["standard"].startswith(m.group(1) + " ")}
            return f"{m.group(0)} {names.pop()}" if len(names) == 1 else m.group(0)
        return _STANDARD_CODE.sub(named, question)

    def topic_only(self, question: str) -> str:
        """The question without the places, units and years that name its reports."""
        out = question
        for place in sorted(self.catalog.all_places, key=len, reverse=True):
            out = re.sub(r"\b" + re.escape(place) + r"\b", " ", out, flags=re.IGNORECASE)
        out = re.sub(r"\b(PDU|CRC|region(?:al)?|19\d\d|20\d\d)\b", " ", out, flags=re.IGNORECASE)
        return re.sub(r"\s{2,}", " ", out).strip()


def template_sentences(sections: list[dict]) -> set[str]:
    """Sentences that define a standard rather than report a finding: the line right after
    a standard heading ("Staff are enabled to deliver ...") and sentences repeated verbatim
    across reports."""
    seen: dict[str, set[str]] = {}
    templates = set()
    heading = re.compile(r"^(?:[PR]\s?)?\d\.\d{1,2}\.?\s+[A-Z][^\n]{2,80}$")
    words = "|".join(re.escape(w) for w in RATING_WORDS)
    rating = re.compile(rf"(?:^|\.\s+)(?:{words})\.?$", re.IGNORECASE)
    for c in sections:
        lines = [x.strip() for x in c["text"].split("\n") if x.strip()] + [""]
        for prev, line, after in zip(lines, lines[1:], lines[2:]):
            # A definition is followed by (or ends with) the standard's rating; a summary's
            # opening line after the same heading is a finding.
            rated = rating.search(line) or rating.fullmatch(after)
            if heading.match(prev) and not heading.match(line) and rated:
                templates.update(line[a:b] for a, b in sentence_spans(line))
        for s, e in sentence_spans(c["text"]):
            seen.setdefault(c["text"][s:e], set()).add(c["report_id"])
    templates |= {s for s, reports in seen.items() if len(reports) > 1 and len(s) > 40}
    return templates
