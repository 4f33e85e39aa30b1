"""Particulars of a report found by their form, not by topic: who led it or signed it, when its
fieldwork started and how long it lasted, when it was published, its case sample, and what an
abbreviation it uses stands for.

These answer questions that retrieval by topic handles badly: their words ("inspection",
"cases", "fieldwork") are everywhere in a report, and the answer sits in a front-matter line, a
methodology sentence or a signature block. Each finder returns one cited answer line, or None
when the question is not of its kind or the report does not hold the fact. Reads report text
and chunks through the narrow interfaces it is given; it does not retrieve or compose answers.
"""

from __future__ import annotations

import re
from typing import Callable

from index.metadata import fieldwork_match

from .compose import CitationBook, label, quote_line
from .cues import LEVEL_WORDS
from .sample import SAMPLE_ASKED, SAMPLE_WORDS, case_sample
from .signatories import signatory_for
from .text import content_terms, sentence_spans

# Questions about a report's own particulars, answered from its metadata.
FACT_FIELDS = (
    (re.compile(r"\bwho\b.*\b(led|lead|leading)\b.*\binspect|\blead inspector\b|\bwhich (?:hm )?inspector\b.*\bled\b"
                r"|^\s*who (?:led|headed|ran) (?:it|this|that|the (?:inspection|fieldwork|visit))\b"
                r"|\b(?:which|what) (?:hm )?inspector\b.*\b(?:in charge|responsible|headed|head)\b"
                r"|\bwho\b.*\b(?:in charge of|headed|responsible for)\b.*\binspection\b"
                # "Were the Norfolk and Suffolk inspections led by the same HM Inspector?"
                r"|\b(?:led|headed) by (?:the same |a different |which |what )?(?:hm )?(?:lead )?inspector\b", re.I),
     "lead_inspector"),
    (re.compile(r"\bfieldwork\b.*\b(start|starts|started|begin|began|commence)|\bwhen did (?:the )?fieldwork\b|"
                r"\bwhen (?:was|were) (?:the )?(?:[\w&]+ ){0,3}?fieldwork\b|"
                r"\bwhen did (?:the )?inspectors? (?:visit|go (?:in|to)|come)\b|\bwhen (?:was|were) (?:it|they) inspected\b|"
                r"\b(?:start|begin|began|commence)\w*\b.*\bfieldwork\b", re.I),
     "fieldwork_start"),
    (re.compile(r"\bwhen was\b.*\b(published|released)\b|\bpublication date\b|\bmade available\b|\bwhen was .* report (?:published|out)\b", re.I),
     "published"),
)
_FIELDWORK_LENGTH = re.compile(r"\bhow long\b[^?]*\bfieldwork\b|\bfieldwork\b[^?]*\b(?:last|lasted|take|took|long|length|"
                               r"duration)\b|\blength of (?:the )?fieldwork\b", re.IGNORECASE)
_DURATION = re.compile(r"\b(?:\d+|one|two|three|four|five|six|several)\s+(?:full\s+)?(?:weeks?|days?|months?)\b", re.IGNORECASE)
# "What is a PDU?", "What does OASys stand for?", "What's an SPO?"
_DEFINE = re.compile(r"^\s*what(?: is|'s| are| does)(?: an?| the)? ([A-Za-z]{2,8})(?: stand for| mean| short for)?\s*\??\s*$",
                     re.IGNORECASE)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset `at` begins (its line's start, or after a full stop)."""
    stop = text.rfind(". ", 0, at)
    return max(text.rfind("\n", 0, at) + 1, stop + 2 if stop != -1 else 0)


class ReportParticulars:
    """Finds particulars in the indexed reports. Create once per index; stateless per question."""

    def __init__(self, reader, catalog, reports: dict, sections: dict, abbreviations,
                 chunk_for: Callable[[str, int], dict | None]):
        self.reader = reader
        self.catalog = catalog
        self.reports = reports
        self.sections = sections
        self.abbreviations = abbreviations
        self.chunk_for = chunk_for

    def about_report(self, question: str, meta, book: CitationBook) -> str | None:
        """The answer line for a question about the report itself, or None."""
        return (self._fieldwork_length(question, meta, book) or self._metadata_fact(question, meta, book)
                or self._sample_fact(question, meta, book) or self.signatory(question, meta, book))

    def _metadata_fact(self, question: str, meta, book: CitationBook) -> str | None:
        """Answer who led / when fieldwork started / when published from report metadata."""
        for pattern, field_name in FACT_FIELDS:
            if not pattern.search(question):
                continue
            if field_name == "published":
                value = " ".join(x for x in (meta.published_month, str(meta.year or "")) if x)
            else:
                value = getattr(meta, field_name)
            if not value:
                return None
            text = self.reader.report_text(meta.report_id)
            if field_name == "published":
                m = re.search(r"[^\n.]*\d{1,2} " + re.escape(value) + r"[^\n]*", text) or \
                    re.search(r"[^\n]*" + re.escape(value) + r"[^\n]*", text)
            elif field_name == "fieldwork_start":
                # The sentence the date was read from (not a footnote that shares the month).
                said = fieldwork_match(text)
                m = re.compile(r"[^\n]+").match(text, _sentence_start(text, said.start())) if said else None
            else:
                m = re.search(r"[^\n.]*" + re.escape(value) + r"[^\n.]*\.?", text)
            if not m:
                return None
            quote = m.group(0).strip()
            if field_name == "fieldwork_start":
                quote = quote[:quote.index(". ") + 1] if ". " in quote else quote  # that sentence alone
            start = m.start() + m.group(0).index(quote)
            chunk = self.chunk_for(meta.report_id, start)
            n = book.cite(meta.report_id, quote, chunk["text"] if chunk else quote,
                          chunk["section"] if chunk else "Front matter", chunk["page"] if chunk else None,
                          chunk["chunk_id"] if chunk else None)
            what = {"lead_inspector": f"the inspection was led by HM Inspector {value}",
                    "fieldwork_start": f"fieldwork started {value}",
                    "published": f"the report was published in {value}"}[field_name]
            return f"{label(meta)}: {what} [{n}]. Source: “{quote}”"
        return None

    def definition(self, question: str, report_ids: list[str] | None, book: CitationBook) -> str | None:
        """"What is a PDU?", "What does OASys stand for?": the sentence that spells it out."""
        m = _DEFINE.match(question)
        if not m:
            return None
        asked = m.group(1)
        abbr = next((a for a in self.abbreviations.definitions
                     if a.lower() in (asked.lower(), asked.lower().rstrip("s"))), None)
        if abbr is None:
            return None
        pattern = re.compile(rf"\(\s*{re.escape(abbr)}s?\s*\)")
        for rid in report_ids or list(self.reports):
            for c in self.sections.get(rid, []):
                for a, b in sentence_spans(c["text"]):
                    sentence = c["text"][a:b]
                    if pattern.search(sentence):
                        n = book.cite(rid, sentence, c["text"], c["section"], c["page"], c["chunk_id"])
                        long = self.abbreviations.definitions[abbr]
                        return f"{abbr} stands for {long}, as {label(self.reports[rid])} spells it out: “{sentence}” [{n}]"
        return None

    def _fieldwork_length(self, question: str, meta, book: CitationBook) -> str | None:
        """"How long did the fieldwork last?": the report's sentence giving its length."""
        if not _FIELDWORK_LENGTH.search(question):
            return None
        text = self.reader.report_text(meta.report_id)
        for a, b in sentence_spans(text):
            sentence = text[a:b]
            if re.search(r"\bfieldwork\b", sentence, re.I) and _DURATION.search(sentence):
                chunk = self.chunk_for(meta.report_id, a)
                n = book.cite(meta.report_id, sentence, chunk["text"] if chunk else sentence,
                              chunk["section"] if chunk else "", chunk["page"] if chunk else None,
                              chunk["chunk_id"] if chunk else None)
                return quote_line(sentence, meta, n)
        return None

    def _asks_whole_sample(self, question: str) -> bool:
        """"How many cases did the inspectors look at?" (not "how many MAPPA cases")."""
        if not SAMPLE_ASKED.search(question):
            return False
        ignore = self.catalog.all_places | {e.meta.kind for e in self.catalog.entries}
        return not set(content_terms(question, extra_ignore=ignore)) - SAMPLE_WORDS - LEVEL_WORDS

    def sample_unstated(self, question: str, meta) -> bool:
        """Whether the question asks for the report's case sample and the report states none
        (a press release: "inspectors looked at 10 aspects of the work" is no sample)."""
        return self._asks_whole_sample(question) and case_sample(self.reader.report_text(meta.report_id)) is None

    def _sample_fact(self, question: str, meta, book: CitationBook) -> str | None:
        """"How many cases did the inspectors look at?": the report's own sample sentence, when
        the question asks about the sample as a whole (not "how many MAPPA cases")."""
        if not self._asks_whole_sample(question):
            return None
        sample = case_sample(self.reader.report_text(meta.report_id))
        if sample is None:
            return None
        chunk = self.chunk_for(meta.report_id, sample.start)
        n = book.cite(meta.report_id, sample.sentence, chunk["text"] if chunk else sample.sentence,
                      chunk["section"] if chunk else "", chunk["page"] if chunk else None,
                      chunk["chunk_id"] if chunk else None)
        parts = f" ({' and '.join(sample.parts)})" if sample.parts else ""
        return (f"{label(meta)}: the inspectors' sample was {sample.total:,} cases{parts} [{n}]. "
                f"Source: “{sample.sentence}”")

    def signatory(self, question: str, meta, book: CitationBook) -> str | None:
        """"Who was HM Chief Inspector ...?": the name in the report's signature block."""
        text = self.reader.report_text(meta.report_id)
        signed = signatory_for(question, text)
        if signed is None:
            return None
        quote = text[signed.start:signed.end]
        chunk = self.chunk_for(meta.report_id, signed.start)
        n = book.cite(meta.report_id, quote, chunk["text"] if chunk and quote in chunk["text"] else quote,
                      chunk["section"] if chunk else "Foreword", chunk["page"] if chunk else None,
                      chunk["chunk_id"] if chunk else None)
        return f"{label(meta)}: {signed.name}, {signed.role}, signed the report [{n}]."
