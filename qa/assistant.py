"""The answering pipeline: follow-up rewrite -> analysis -> per-side evidence -> extractive
composition -> verification -> `Answer`.

Each side of a question (one per report a comparison names) is answered from the first
source that holds the answer, in this order: the report's own particulars (`particulars.py`),
ratings and scores from the figures table (`rating_answers.py` words them and their reasons),
a comparison's parallel sentence, key-question and caseload figures, the recommendations list,
and last the best sentences of the retrieved passages, checked to state what was asked
(`prose_checks.py`).

`Assistant` loads the index once (`corpus.py`) and is safe to share between threads: no
per-question state is kept on it (a side's working state lives in a `SideWork`).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import replace

import numpy as np

from index.figures import KIND_CASELOAD, KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE
from index.settings import Settings, get_settings

from .analysis import (asked_sentence, INTENT_COMPARE, INTENT_EXPLAIN, INTENT_FACT, INTENT_FIGURE, INTENT_LIST,
                       INTENT_RATING, INTENT_SCORE, Analysis, Side, analyse)
from . import cues as cue
from .catalog import LEVEL_REGION
from .corpus import Corpus
from . import counting, recommendations
from .counting import count_words
from .compose import (CitationBook, measure_in, merge_answers, renumber_citations, SideResult, caseload_line, figure_ref,
                      key_question_line, label, quote_line, rating_name, rating_value, same_rating, verdict)
from .figure_lookup import CONCEPT_MARKERS, FigureMatch
from .followup import rewrite
from .parts import asks_reason, split_question
from .llm import build_llm
from .particulars import ReportParticulars
from .prose_checks import ProseChecks
from .sentence_picker import JUDGEMENT_BONUS, LEAN_BONUS, states_quantity
from .side_work import SideWork
from .rating_answers import RatingAnswers
from .text import YEAR, as_asked, content_terms, numbers_in, sentence_spans, stem, tokens
from .retrieve import Hit
from .types import Answer, Context
from .verify import verify
from .vocabulary import (COMPARED_COUNTERPARTS, CONCEPTS, GENERIC_VERBS, STANDARD_HINTS, expand, phrased_concepts,
                         same_words)

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)

KEY_QUESTION_MIN = 0.52   # similarity (with bonuses) for a key-question row to answer a question
KEY_QUESTION_FALLBACK = 0.7  # ... and to answer one whose words the prose matched better, but stated no figure
CASELOAD_MIN = 0.45
RARE_IDF = 2.5            # words in under ~8% of passages
# How close in meaning two reports' sentences must be to count as measuring the same thing
# ("insufficient attention to protecting victims in 26 out of 42 cases" / "in some 61 per cent
# of cases regionally").
PARALLEL_MIN = 0.5
SCAN_MARGIN = 1.3  # a sentence found by reading the whole report leads if its words match this much better
ON_TOPIC_MIN = 0.5
PARALLEL_COUNTERPART_MIN = 0.75  # "the NPS's work ... was effective" / "the CRC's work ... was ineffective"  # meaning alone puts a sentence on a question's topic (no shared word)



# How a rating moved ("Did Norfolk's rating go up or down since 2019?") is no topic of its own.
_CHANGE_WORDS = set(tokens("up down since better worse improve improved improvement change changed rise risen "
                           "rose fall fallen fell higher lower", drop_stopwords=False))


# A sentence that adds to the one before: "This was also related to ...", "In addition, ...".
_CONTINUES = re.compile(r"^(?:(?:This|That|It) (?:was|is|were) also\b|Also\b|In addition\b|Another\b|"
                        r"(?:This|That) (?:was|is) (?:partly|largely|mainly) (?:because|due)\b)")
# A sentence that says which of what the one before it named ("That was especially relevant to
# neurodiversity and age.", "These included ...").
_SPECIFIES = re.compile(r"(?:That|This|These|It) (?:was|were|is|are) (?:especially|particularly|notably) |"
                        r"(?:These|This|They) (?:included|include|includes|comprised)\b|In particular\b")
# A sentence that announces what the next ones give ("there were reasons to be hopeful", "as follows:").
_ANNOUNCES = re.compile(r"\b(?:reasons|the following|as follows|several|a number of)\b[^.]*[.:]$", re.IGNORECASE)
# A sentence that gives its own cause ("..., which meant they lacked feedback").
_GIVES_CAUSE = re.compile(r"\bbecause\b|\bwhich meant\b|\bdue to\b|\bowing to\b|\bas a result\b|\bcaused by\b|"
                          r"\bled to\b|\bresult(?:ed|ing)? (?:in|from)\b", re.IGNORECASE)


def _next_sentence(pick: tuple) -> str:
    """The sentence after `pick`'s in the same paragraph ("" if none)."""
    hit, sentence, _ = pick
    text = hit.chunk["text"]
    start = text.find(sentence)
    if start < 0:
        return ""
    end = start + len(sentence)
    for a, b in sentence_spans(text):
        if a >= end:
            return "" if "\n" in text[end:a] else text[a:b]
    return ""


def _led_by(picks: list, lead) -> list:
    """`picks` with `lead` (one of them) first; unchanged when `lead` is None."""
    return picks if lead is None else [lead] + [p for p in picks if p is not lead]


def _single_thread_torch() -> None:
    """Answer with one torch thread: a query embeds a handful of short texts, where extra
    threads only add synchronisation, and under load (several users, a build running) they
    made a query ~15x slower on 2 cores."""
    import torch

    torch.set_num_threads(1)


class Assistant:
    """Answers questions from one index. Create once; call `ask` from any thread."""

    def __init__(self, settings: Settings | None = None, client=None):
        self.settings = settings or get_settings()
        self.corpus = Corpus(self.settings, client)
        _single_thread_torch()
        # The parts of the corpus every stage uses, by their short names.
        self.reader, self.embedder, self.catalog = self.corpus.reader, self.corpus.embedder, self.corpus.catalog
        self.reports, self.retriever, self.figures = self.corpus.reports, self.corpus.retriever, self.corpus.figures
        self.picker, self.abbreviations = self.corpus.picker, self.corpus.abbreviations
        self.particulars = ReportParticulars(self.reader, self.catalog, self.reports, self.corpus.sections,
                                             self.abbreviations, self.corpus.chunk_for)
        self.rating_answers = RatingAnswers(self.corpus)
        self.checks = ProseChecks(self.corpus)
        self._acronym_counts: dict[tuple[str, str], int] = {}
        self.llm = build_llm(self.settings)  # None unless QA_LLM names a model
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- public API
    def ask(self, question: str, history: list[dict] | None = None,
            report_ids: list[str] | None = None) -> Answer:
        """Answer `question`; `history` holds earlier {"role", "content"} turns, and
        `report_ids` (optional) restricts the answer to those reports."""
        started = time.perf_counter()
        question = (question or "").strip()
        if not question:
            return Answer(question=question, text="Please ask a question about the inspection reports.", refused=True)
        standalone = rewrite(question, history, self.catalog)
        answer = self._answer_parts(question, standalone, report_ids)
        answer.rewritten_question = standalone if standalone != question else None
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def ask_stream(self, question: str, history: list[dict] | None = None,
                   report_ids: list[str] | None = None):
        """Like `ask`; with an LLM configured, an `LLMStream` (iterate its verified lines, then
        read `.final`) instead of an `Answer`."""
        question = (question or "").strip()
        if not question or self.llm is None:
            return self.ask(question, history, report_ids)
        standalone = rewrite(question, history, self.catalog)
        answer = self._answer_parts(question, standalone, report_ids, use_llm=False)
        answer.rewritten_question = standalone if standalone != question else None
        return self.llm.stream(answer, standalone, [label(m) for m in self.reports.values()])

    # ----------------------------------------------------------------- internals
    def _answer_parts(self, question: str, standalone: str, report_ids: list[str] | None,
                      use_llm: bool = True) -> Answer:
        """Answer each part of a question that asks two things, then merge the answers."""
        parts = split_question(standalone, self.catalog)
        answers = []
        for part in parts:
            analysis = analyse(part, self.catalog)
            named = self.corpus.name_standard_codes(part, [e.meta.report_id for side in analysis.sides
                                                          for e in side.entries])
            if named != part:  # "What rating sits against R 2.5?": the standard's name, read as such
                part, analysis = named, analyse(named, self.catalog)
            if report_ids:
                self._restrict(analysis, set(report_ids))
            asked = question if len(parts) == 1 else part
            answers.append((part, self._answer(asked, part, analysis, use_llm=use_llm)))
        return answers[0][1] if len(answers) == 1 else merge_answers(question, answers)

    def _restrict(self, analysis: Analysis, allowed: set[str]) -> None:
        """Keep only the allowed reports on every side (the app's report filter)."""
        for side in analysis.sides:
            if side.label == "all reports":
                side.entries = [e for e in self.catalog.entries if e.meta.report_id in allowed]
                side.label = "selected reports"
                side.restricted = True
            else:
                side.entries = [e for e in side.entries if e.meta.report_id in allowed]
            if not side.entries and not side.missing:
                side.missing = "it is outside the reports selected in the filter"

    def _refusal(self, question: str, reason: str) -> Answer:
        text = (f"The indexed reports do not answer this: {reason}.\n\n"
                f"The corpus covers: {self.catalog.coverage()}.")
        return Answer(question=question, text=text, refused=True)

    def _answer(self, question: str, standalone: str, analysis: Analysis, use_llm: bool = True) -> Answer:
        # A unit named as such ("the Kent, Surrey and Sussex probation region") is not a town
        # inside an indexed area, and its "region" is not the indexed region.
        unknown_unit = any(re.search(rf"\b{re.escape(n)}\b(?:\W+\w+){{0,2}}?\W+(?:region|pdus?|crc|probation|trust)\b",
                                     standalone, re.IGNORECASE) for n in analysis.unknown_places)
        if analysis.unknown_places and not analysis.places and (unknown_unit or not self._names_region(standalone)):
            unknown = analysis.unknown_places
            names = ", ".join(n for n in unknown if not any(n != o and n in o for o in unknown))
            if self._names_region(standalone) and self.catalog.unknown_units_in(standalone):
                # "What did the regional inspectors make of Essex North PDU's progress?"
                within = [e for e in self._mentioning(unknown, analysis.years) if e.level == LEVEL_REGION][:1]
            elif (analysis.intent in (INTENT_EXPLAIN, INTENT_FACT, INTENT_LIST, INTENT_FIGURE) and not analysis.is_comparison
                  and not self.catalog.unknown_units_in(standalone) and not cue.CAME_OUT.search(standalone)
                  and not unknown_unit):
                within = self._mentioning(unknown, analysis.years)
            else:
                within = []
            if not within:
                return self._refusal(question, f"no indexed report covers {names}")
            # "What did the inspectors think of the Norwich office?": no report is about Norwich,
            # but a report about the area around it writes about it. "What did the regional
            # inspectors make of Essex North PDU's progress?": the regional report writes of it.
            analysis.sides = [Side(label=label(e.meta), entries=[e], inside=tuple(unknown)) for e in within[:1]]
        for side in analysis.sides:
            self._prefer_reports_naming(side, standalone)
        if cue.NATIONAL.search(standalone) and not self.checks.national_sentence(standalone, analysis):
            # "How does Norfolk compare with the national average?": no report gives national
            # figures, and none of the named reports sets itself against them on this topic.
            return self._refusal(question, "the indexed reports give no national figures to compare with")
        if cue.HMP.search(standalone) and analysis.intent in (INTENT_RATING, INTENT_SCORE) and not any(
                "prison" in e.meta.kind.lower() for e in self.catalog.entries):
            return self._refusal(question, "prison inspections are not among the indexed reports")
        if all(side.missing for side in analysis.sides):
            looking_back = self._looking_back(analysis, standalone)
            if not looking_back:
                return self._refusal(question, "; ".join(s.missing for s in analysis.sides))
            analysis.sides = looking_back

        book = CitationBook(self.reports)
        across = self._rating_across(standalone, analysis, book)
        if across:
            return self._finish(question, standalone, [across], book, [], analysis, use_llm, side_by_side=False)

        query = expand(standalone)
        topic_query = expand(self.corpus.topic_only(standalone))
        # One batch: the full question (for retrieval) and its topic alone (for matching figure
        # rows and sentences, which never contain the report's name).
        qvec, tvec = self.embedder.embed([query, topic_query])
        # The lexical search also gets the other form of each abbreviation ("SPOs" for "senior
        # probation officers"); the meaning vectors do not need it.
        query = self.abbreviations.expand(query)
        contexts: list[Context] = []
        results: list[SideResult] = []
        prefer_q = None
        parallel = None  # the first side's figure sentence, when it came from prose
        for side in analysis.sides:
            result = self._side(side, analysis, standalone, query, qvec, tvec, book, contexts, prefer_q, parallel)
            if result.question and not prefer_q:
                prefer_q = result.question
            if (analysis.is_comparison and parallel is None and not result.question and result.sentence
                    and numbers_in(YEAR.sub(" ", result.sentence))):
                parallel = result.sentence
            results.append(result)
        if analysis.is_comparison and prefer_q:
            # A later side found the key question: an earlier side is asked the same one, so
            # both are measured on the same figure.
            for i, (side, result) in enumerate(zip(analysis.sides, results)):
                if not result.missing and not result.question:
                    again = self._side(side, analysis, standalone, query, qvec, tvec, book, contexts, prefer_q)
                    if again.question:
                        results[i] = again

        if any(side.focus for side in analysis.sides):
            self._align_counterparts(analysis.sides, results, book)
        return self._finish(question, standalone, results, book, contexts, analysis, use_llm)

    def _align_counterparts(self, sides: list[Side], results: list[SideResult], book: CitationBook) -> None:
        """Two counterparts compared within one report ("the CRC or the NPS") are measured by
        parallel sentences where the report writes them ("Overall, the NPS's work to make sure
        service users abided by their sentence was effective." / "... the CRC's work ... was
        ineffective."): the side whose lead has a closer parallel for the other gets it."""
        if len(sides) != 2 or any(r.missing or not r.sentence for r in results):
            return
        best = None
        for a, b in ((0, 1), (1, 0)):
            source, target = sides[a].focus, sides[b].focus
            swapped = re.sub(rf"\b{re.escape(source)}\b", target, results[a].sentence, flags=re.IGNORECASE)
            if swapped == results[a].sentence:
                continue
            vec = self.embedder.embed([swapped])[0]
            rid = sides[b].entries[0].meta.report_id
            hits = self.retriever.retrieve(self.abbreviations.expand(swapped), vec, [rid], k=self.settings.top_k)
            for hit, candidate, _ in self.picker.pick(hits, set(content_terms(swapped)), n=5, qvec=vec):
                if candidate == results[b].sentence or not re.search(rf"\b{re.escape(target)}\b", candidate, re.I):
                    continue
                v = self.picker.vectors([candidate])[0]
                sim = float(np.dot(vec, v)) if v is not None else 0.0
                if sim >= PARALLEL_COUNTERPART_MIN and (best is None or sim > best[0]):
                    best = (sim, b, hit, candidate)
        if best:
            _, b, hit, candidate = best
            n = self.corpus.cite_sentence(book, hit, candidate)
            lead = f"{results[b].label}: {quote_line(candidate, None, n)}"
            old = results[b].lines[0]
            if old.startswith(results[b].label + ": "):
                old = old[len(results[b].label) + 2:]  # now evidence, under the new lead
            results[b].lines = [lead, old] + results[b].lines[1:]
            results[b].sentence = candidate

    def _finish(self, question: str, standalone: str, results: list[SideResult], book: CitationBook,
                contexts: list[Context], analysis: Analysis, use_llm: bool, side_by_side: bool = True) -> Answer:
        """Lay the sides' lines out (side by side with a verdict for a comparison), verify every
        number against the cited passages, and number the citations in order of use."""
        answered = [r for r in results if not r.missing]
        if not answered:
            reasons = "; ".join(f"{r.label}: {r.missing}" for r in results) if len(results) > 1 else results[0].missing
            return self._refusal(question, reasons)

        lines: list[str] = []
        if analysis.is_comparison and side_by_side:
            for r in results:
                if r.missing:
                    lines.append(f"- {r.label}: no evidence in the indexed reports ({r.missing}).")
                else:
                    lines.append("- " + " ".join(r.lines[:1]))
            v = verdict(results, standalone) if self._comparable(results) else None
            if v:
                lines.insert(0, v)
                lines.insert(1, "")
            elif len(answered) == len(results):
                lines.append("")
                figured = any(r.value is not None or numbers_in(YEAR.sub(" ", re.sub(r"\[\d+\]", " ", r.lines[0])))
                              for r in results)
                lines.append("The two sides are not measured on the same figure, so compare the evidence above."
                             if figured else
                             "The reports give no figure to set side by side here, so compare the findings above.")
            extra = list(dict.fromkeys(line for r in results if not r.missing for line in r.lines[1:]))
            if extra:
                lines += ["", "Supporting evidence:"] + [f"- {x}" for x in extra]
        else:
            r = answered[0]
            lines.append(r.lines[0])
            if len(r.lines) > 1:
                # A lead ending in ":" introduces a list; otherwise the rest is evidence. A line
                # ending in ":" inside the evidence heads the list that follows it.
                lines += [""] + ([] if r.lines[0].endswith(":") or r.lines[1].endswith(":")
                                 else ["Supporting evidence:"])
                for x in r.lines[1:]:
                    lines += ["", x] if x.endswith(":") else [f"- {x}"]

        text = "\n".join(lines).strip()
        labels = [label(m) for m in self.reports.values()]
        checked = verify(text, book.citations, labels)
        text, citations, renumber = renumber_citations(checked.text, book.citations)
        figures = [replace(f, citation=renumber[f.citation]) for r in results for f in r.figures
                   if f.citation in renumber]
        answer = Answer(question=question, text=text, refused=False, citations=citations,
                        figures=figures, contexts=contexts, verification_changed=checked.changed,
                        notes=[f"dropped unsupported line: {d}" for d in checked.dropped])
        if self.llm is not None and use_llm:
            # The optional LLM rewrites from the same numbered evidence; it is verified the same
            # way and falls back to this extractive answer on any failure.
            answer = self.llm.improve(answer, standalone, labels)
        return answer

    def _rating_across(self, question: str, analysis: Analysis, book: CitationBook) -> SideResult | None:
        """A rating question over several named reports, answered from the figures table
        ("Of Norfolk, Suffolk and the region, which came out worst overall?"); else None."""
        if (analysis.is_comparison and cue.WHICH_RATED.search(question) and cue.IN_COMMON.search(question)
                and all(s.entries and not s.missing for s in analysis.sides)):
            # "Which standards did Norfolk and Suffolk both get Inadequate for?"
            ids = list(dict.fromkeys(s.entries[0].meta.report_id for s in analysis.sides))
            result = SideResult(label="")
            return result if self.rating_answers.across_reports(result, ids, question, book, in_common=True) else None
        if analysis.is_comparison or len(analysis.sides) != 1 or analysis.standards:
            return None
        side = analysis.sides[0]
        if side.missing or side.label == "all reports" or len(side.entries) < 2:
            return None
        if len(analysis.places) < 2 and not (analysis.years and not analysis.places):
            return None  # the question itself names several places, or a year's reports
        asks = analysis.intent in (INTENT_RATING, INTENT_SCORE) or cue.CAME_OUT.search(question)
        topic = set(content_terms(question, self.catalog.all_places)) - GENERIC_VERBS - cue.LEVEL_WORDS - cue.RANKING_WORDS
        if not asks or {t for t in topic if not t.isdigit()}:
            return None  # "Which came out worst on victim work?" is not about the ratings alone
        result = SideResult(label="")
        return result if self.rating_answers.across_reports(result, side.report_ids, question, book) else None

    @staticmethod
    def _rating_asked(words: str, rated: list[FigureMatch]) -> str:
        """The rating a "which standards were ..." question asks for, in lower case: a rating
        word itself, a place on the scale ("the bottom grade": Inadequate), or a place among
        the report's own ratings ("the lowest rating": the lowest it gave)."""
        words = words.lower()
        if re.match(r"(?:top|bottom) ", words):
            return "outstanding" if words.startswith("top") else "inadequate"
        if re.match(r"(?:highest|best|lowest|worst) ", words):
            values = [m.row["value"] for m in rated if rating_value(m.row["value"]) is not None]
            if values:
                pick = max if words.startswith(("highest", "best")) else min
                return pick(values, key=rating_value).lower()
            return "outstanding" if words.startswith(("highest", "best")) else "inadequate"
        return words

    def _two_standards_compared(self, matches: list[FigureMatch], analysis: Analysis, question: str,
                                book: CitationBook) -> str | None:
        """"Did desistance get a better grade than public protection?" within one report: the
        verdict on the two standards' ratings (each cited), before the ratings themselves."""
        if analysis.is_comparison or len(analysis.standards) != 2 or not cue.SET_AGAINST.search(question):
            return None
        rated = {}
        for m in matches:
            if m.row["kind"] == KIND_RATING:
                rated.setdefault(m.row["standard"].lower(), m.row)
        rows = [next((r for k, r in rated.items() if s in k), None) for s in analysis.standards]
        if None in rows:
            return None
        a, b = rows
        where = label(self.reports[a["report_id"]])
        na, nb = self.corpus.cite_row(book, a), self.corpus.cite_row(book, b)
        if same_rating(a["value"], b["value"]):
            return f"{where}: both were rated the same ({rating_name(a['value'])}) [{na}][{nb}]."
        va, vb = rating_value(rating_name(a["value"])), rating_value(rating_name(b["value"]))
        if va is None or vb is None:
            return None
        (hi, nh), (lo, nl) = ((a, na), (b, nb)) if va > vb else ((b, nb), (a, na))
        return (f"{where}: {hi['standard']} was rated better ({rating_name(hi['value'])} [{nh}]) than "
                f"{lo['standard']} ({rating_name(lo['value'])} [{nl}]).")

    def _prefer_reports_naming(self, side: Side, question: str) -> None:
        """"How did the inspectors view the NPS decision in Suffolk ...?": of the reports on a
        place, one that writes of the NPS throughout comes before one that barely names it (the
        acronyms a question uses are read from the reports' own text, not a list)."""
        acronyms = set(re.findall(r"\b([A-Z]{2,6})s?\b", question))
        if len(side.entries) < 2 or side.restricted or not acronyms:
            return
        counts = [sum(self._uses(e.meta.report_id, a) for a in acronyms) for e in side.entries]
        if counts[0] * 5 < max(counts):
            best = max(range(len(counts)), key=lambda i: counts[i])
            side.entries.insert(0, side.entries.pop(best))

    def _uses(self, report_id: str, acronym: str) -> int:
        """How often a report writes an acronym ("NPS", "NPSs"), counted once per process."""
        key = (report_id, acronym)
        if key not in self._acronym_counts:
            self._acronym_counts[key] = len(re.findall(rf"\b{acronym}s?\b", self.reader.report_text(report_id)))
        return self._acronym_counts[key]

    def _names_region(self, question: str) -> bool:
        return bool(re.search(r"\bregion(?:al)?\b", question, re.IGNORECASE)) and any(
            e.level == "region" for e in self.catalog.entries)

    def _side(self, side: Side, analysis: Analysis, standalone: str, query: str, qvec, tvec,
              book: CitationBook, contexts: list[Context], prefer_q: str | None,
              parallel: str | None = None) -> SideResult:
        """Answer one side of the question (the whole question when it names one report or
        none): each source in turn, the first that answers wins, prose last."""
        result = SideResult(label=side.label if side.label != "all reports" else "")
        if side.missing:
            result.missing = side.missing
            return result
        if side.looks_back_to:
            return self._looking_back_side(side, standalone, tvec, book, contexts)
        w = self._start_side(side, analysis, standalone, query, qvec, tvec, book, contexts, prefer_q, parallel, result)
        for source in (self._from_particulars, self._from_ratings, self._from_own_verdict, self._from_parallel,
                       self._from_figures_table, self._from_recommendations):
            if source(w):
                return self._labelled(w)
        result = self._from_prose(w)
        if result.missing and w.table_fallback is not None:
            # The passages' words matched better, but none states a figure: the key question
            # that measures the topic answers ("have a say on release conditions" ->
            # "contributions to the conditions of release").
            result.missing, result.lines = None, []
            self._add_numeric_line(result, w.table_fallback, book, analysis)
        return self._labelled(w)

    @staticmethod
    def _labelled(w: SideWork) -> SideResult:
        """The side's result; a counterpart's lead quote names it ("Suffolk (June 2017), CRC: ...")."""
        result = w.result
        if w.focus and result.lines and w.primary is not None:
            plain = label(w.primary) + ": "
            if result.lines[0].startswith(plain):
                result.lines[0] = f"{result.label}: " + result.lines[0][len(plain):]
        return result

    def _start_side(self, side: Side, analysis: Analysis, standalone: str, query: str, qvec, tvec,
                    book: CitationBook, contexts: list[Context], prefer_q: str | None, parallel: str | None,
                    result: SideResult) -> SideWork:
        """Where one side looks (its report, or all of them), what it asks for, and the passages
        retrieved for it (added to `contexts`)."""
        restricted = side.restricted
        scoped = side.label != "all reports" and not restricted
        report_ids = side.report_ids[:1] if scoped else (side.report_ids if restricted else None)
        primary = side.entries[0].meta if scoped else None
        if scoped and primary:
            result.label = label(primary)
        asked_topic = (self.abbreviations.expand(expand(self.corpus.topic_only(standalone))), tvec)  # as asked
        if side.focus:
            # One of two counterparts compared within the report: the question as if it named
            # only this one ("... the CRC ..."), searched and matched afresh.
            others = [s.focus for s in analysis.sides if s.focus and s.focus != side.focus]
            for other in others:
                standalone = re.sub(rf"(?:\b(?:or|and|vs\.?|versus|than)\s+)?(?:the\s+)?\b{re.escape(other)}\b",
                                    " ", standalone, flags=re.IGNORECASE)
            standalone = re.sub(r"\s{2,}", " ", standalone).strip()
            query = expand(standalone)
            qvec, tvec = self.embedder.embed([query, expand(self.corpus.topic_only(standalone))])
            query = self.abbreviations.expand(query)
            result.label = f"{result.label or label(side.entries[0].meta)}, {side.focus}"
        intent = analysis.intent
        if intent == INTENT_COMPARE:
            intent = (INTENT_RATING if re.search(r"\b(?:rat(?:ing|ed)s?|grades?|graded|standards)\b", standalone, re.I)
                      else INTENT_SCORE if re.search(r"\boverall\b", standalone, re.I) and not analysis.standards
                      and not (analysis.concepts and cue.WHOLE_PLACE.search(standalone))
                      or re.search(r"\bscor(?:e|ed|es)\b", standalone, re.I)
                      and not analysis.standards and not analysis.concepts
                      # "Compare Norfolk and Suffolk on staffing": a standard both rate.
                      else INTENT_RATING if analysis.standards and not set(analysis.concepts) & cue.KEY_QUESTION_CONCEPTS
                      and not cue.FIGURE_CUE.search(standalone)
                      # "... better at getting domestic abuse information from the police" is a
                      # finding within assessment, not the standard's rating.
                      and not self._narrower_than(standalone, analysis.standards[0])
                      and all(self._rates(s.report_ids[0], analysis.standards[0]) for s in analysis.sides if s.report_ids)
                      else INTENT_FIGURE)
        explaining = analysis.intent in (INTENT_EXPLAIN, INTENT_LIST) or (
            analysis.intent == INTENT_COMPARE and intent == INTENT_EXPLAIN)
        if explaining and scoped:
            # Within one report its name matches every passage: search by topic alone.
            hits = self.retriever.retrieve(self.abbreviations.expand(expand(self.corpus.topic_only(standalone))), tvec, report_ids,
                                           k=self.settings.top_k + 2)
            if not hits or max(h.dense for h in hits) < self.settings.min_relevance:
                # A topic of a word or two ("the population") says too little on its own.
                hits = self.retriever.retrieve(query, qvec, report_ids, k=self.settings.top_k + 2)
        else:
            hits = self.retriever.retrieve(query, qvec, report_ids, k=self.settings.top_k)
        if side.focus:
            # The passages that match the question as asked too: a report often assesses the
            # two side by side ("the NPS ... Nevertheless we found staff morale to be good").
            seen = {h.chunk["chunk_id"] for h in hits}
            hits += [h for h in self.retriever.retrieve(*asked_topic, report_ids, k=self.settings.top_k + 2)
                     if h.chunk["chunk_id"] not in seen]
        for h in hits:
            contexts.append(Context(report=h.chunk["report_id"], section=h.chunk["section"], page=h.chunk["page"],
                                    text=h.chunk["text"], score=round(h.score, 4), chunk_id=h.chunk["chunk_id"]))
        return SideWork(analysis=analysis, question=standalone, tvec=tvec, qvec=qvec, book=book, prefer_q=prefer_q,
                         parallel=parallel, result=result, scoped=scoped, report_ids=report_ids, primary=primary,
                         intent=intent, explaining=explaining, hits=hits, focus=side.focus, inside=side.inside)

    def _from_particulars(self, w: SideWork) -> bool:
        """An abbreviation the reports spell out, or a particular of the report itself. True if answered."""
        standalone, result, book, scoped = w.question, w.result, w.book, w.scoped
        report_ids, primary = w.report_ids, w.primary
        # 0. "What is a PDU?": an abbreviation, as the reports spell it out.
        defined = self.particulars.definition(standalone, report_ids, book)
        if defined:
            result.lines.append(defined)
            return True

        # 0. Particulars of the report itself (lead inspector, fieldwork, publication, case sample).
        if scoped and primary:
            fact = self.particulars.about_report(standalone, primary, book)
            if fact:
                result.lines.append(fact)
                return True
            if self.particulars.sample_unstated(standalone, primary):
                result.missing = f"{label(primary)} does not state how many cases were inspected"
                return True
        elif not scoped and not w.analysis.years:
            # "Who is the Chief Inspector of Probation?": the newest report that signs with that role.
            for entry in sorted(self.catalog.entries, key=lambda e: -(e.meta.year or 0)):
                fact = self.particulars.signatory(standalone, entry.meta, book)
                if fact:
                    result.lines.append(fact)
                    return True
        return False

    def _from_ratings(self, w: SideWork) -> bool:
        """Ratings and scores from the figures table, with their reasons when asked. True if answered;
        otherwise the intent may change (a report without ratings is explained from its prose)."""
        analysis, standalone, result, hits = w.analysis, w.question, w.result, w.hits
        book, scoped, report_ids, primary = w.book, w.scoped, w.report_ids, w.primary
        intent, explaining, rated_words, tvec = w.intent, w.explaining, w.rated_words, w.tvec
        if scoped and self._asks_own_recommendations(standalone) and self._recommendations(report_ids[0]):
            return False  # "What did the report recommend about staffing?": its recommendations
        # 1. Ratings and scores straight from the figures table; asked why, the reasons follow.
        # "What did the region's victim work do well?" / "What went wrong with Norfolk's
        # reviewing?": the standard's rating, scores and the report's strengths or weaknesses.
        # "Tell me about the Norfolk PDU inspection": its rating, then what the report says led to it.
        overview = (scoped and not analysis.is_comparison and not analysis.standards
                    and bool(cue.OVERVIEW.search(standalone)) and self.figures.has_ratings(report_ids))
        # "Why was planning one of the standards (rated Inadequate)?"
        why_one_of_the_standards = bool(cue.WHY.search(standalone) and re.search(r"\bstandards\b", standalone, re.I))
        why_rated = overview or (
            analysis.intent == INTENT_EXPLAIN and scoped and not analysis.is_comparison
            and (bool(cue.RATED.search(cue.RATING_PREMISE.sub(" ", standalone)))
                 or bool(analysis.standards) and why_one_of_the_standards
                 # "Why was Suffolk's planning Inadequate?": the rating named, not the word "rated"
                 or bool(analysis.standards) and bool(cue.WHY.search(standalone))
                 and bool(cue.RATING_AS_SUCH.search(standalone) or cue.STATED_SHARE.search(standalone))
                 or bool(analysis.standards) and bool(cue.STRENGTHS.search(standalone) or cue.WEAKNESSES.search(standalone))
                 and not self._narrower_than(standalone, analysis.standards[0]))
            and self.figures.has_ratings(report_ids))
        stated = cue.STATED_SHARE.findall(standalone)
        if (scoped and not analysis.is_comparison and len(stated) == 1 and cue.WHICH_STANDARD.search(standalone)
                and self.rating_answers.standard_scoring(result, report_ids, stated[0], book)):
            # "One of the region's standards was rated Inadequate though a key question scored
            # 75%. Which standard was that?": the standard whose key question scored it.
            return True
        # "Which key question was lowest (assessment in Suffolk)?": the standard's key questions.
        ranks_questions = (scoped and bool(analysis.standards) and not analysis.is_comparison
                           and bool(cue.KEY_QUESTION_RANK.search(standalone)) and self.figures.has_ratings(report_ids))
        # ("Was that the weakest of all Norfolk's casework scores?" ranks them all, whatever the
        # topic a follow-up carries over.)
        if (scoped and (not analysis.standards or cue.CASEWORK.search(standalone)) and not analysis.is_comparison
                and cue.KEY_QUESTION_RANK.search(standalone)
                and self.rating_answers.ranked_questions(result, report_ids[0], bool(cue.BEST_ASKED.search(standalone)),
                                                         book, casework=bool(cue.CASEWORK.search(standalone)))):
            # "Out of all the key questions, which did Norfolk score highest on?": across its standards.
            return True
        reasons = why_rated or ranks_questions or (
            intent == INTENT_RATING and not analysis.is_comparison
            # "Norfolk got 73% on ...: did that pull its grade up?": the scores behind the rating
            and (asks_reason(standalone) or bool(analysis.standards) and bool(cue.STATED_SHARE.search(standalone))))
        if (intent == INTENT_RATING and scoped and not self.figures.has_ratings(report_ids or list(self.reports))
                and (not cue.GRADE_WORD.search(standalone) or self._asks_about_a_topic(standalone))):
            # "What verdict did the 2017 inspection give on ...?", "How did they rate the housing
            # help?" of a report without ratings: its own judgement, in its words; asked of an
            # area it judges ("Was the CRC judged effective at cutting reoffending?"), the
            # sentence that opens its judgement of that area.
            if primary and not analysis.is_comparison and self.rating_answers.section_verdicts(
                    result, primary.report_id, standalone, book):
                return True
            intent, explaining = INTENT_EXPLAIN, True
            if cue.GRADE_WORD.search(standalone):
                result.lines.append(f"{label(primary)} gives no ratings; what it found:")
                rated_words = True
        if intent in (INTENT_RATING, INTENT_SCORE) or why_rated or ranks_questions:
            ids = report_ids or list(self.reports)
            if intent == INTENT_RATING and scoped and not self.figures.has_ratings(ids):
                result.missing = f"{label(primary)} does not give ratings"
                return True
            if (intent == INTENT_SCORE and scoped and not analysis.is_comparison and not ranks_questions
                    and cue.SCORE_ASKED.search(standalone) and not self.figures.rows_for(ids, (KIND_SCORE,))):
                # "What number score did the CRC get?": its report gives a rating but no score.
                overall = [self.figures.rows[i]["value"] for i in self.figures.rows_for(ids, (KIND_OVERALL,))]
                result.missing = (f"{label(primary)} gives no score"
                                  + (f" (it was rated {overall[0]} overall)" if overall else ""))
                return True
            matches = (self.figures.ratings(report_ids, analysis.standards,
                                            set(tokens(self.corpus.topic_only(asked_sentence(standalone))))
                                            - cue.REASON_WORDS)
                       if intent != INTENT_SCORE or ranks_questions else self.figures.score(report_ids))
            if not scoped and matches:
                matches = self._best_report_only(matches, hits)
            asked = cue.WHICH_RATED.search(standalone)
            # Every standard's rating; in a comparison only when no standard is named ("Was
            # Suffolk's services standard better than Norfolk's?" compares the one standard).
            every = (matches and intent == INTENT_RATING
                     and bool(cue.ALL_STANDARDS.search(standalone) and not (analysis.standards and analysis.is_comparison)
                              or analysis.standards and not analysis.is_comparison
                              and cue.AGAINST_THE_REST.search(standalone)))
            if matches and (asked or every) and intent == INTENT_RATING:
                rid = matches[0].row["report_id"]
                rated = [FigureMatch(self.figures.rows[i], 1.0) for i in self.figures.rows_for([rid], (KIND_RATING,))]
                if cue.CASEWORK.search(standalone) and not analysis.standards:
                    # "its four casework standards": case supervision (2.x), not leadership or staffing
                    rated = [m for m in rated if m.row["standard"].startswith("2.")] or rated
                if asked:
                    # "Which / how many standards were rated Good?": the standards with that rating.
                    wanted = self._rating_asked(asked.group(2), rated)
                    same = [m for m in rated if same_rating(m.row["value"], wanted)]
                    name = label(self.reports[rid])
                    if not same:
                        result.lines.append(f"{name} rated no standard {rating_name(wanted)}.")
                    elif asked.group(1).lower().startswith("how many"):
                        # In words: a count of the cited rows, not a figure quoted from the report.
                        result.lines.append(f"{name}: {count_words(len(same))} of its {count_words(len(rated))} "
                                            f"rated standards were {same[0].row['value']}.")
                    matches = same or rated or matches
                else:
                    # "... on any of its standards?", "best-rated standard": every standard's rating,
                    # grouped, the best first when the best is asked for (else the worst).
                    best = bool(re.search(r"\b(best|better|highest|strongest|top)\b", standalone, re.I))
                    matches = sorted(rated, key=lambda m: (rating_value(m.row["value"]) or 0) * (-1 if best else 1)) \
                        or matches
                    target = cue.asked_rating(standalone)
                    if target and rated and cue.YES_NO_QUESTION.search(standalone):
                        # Yes or no first, then every standard's rating as the evidence.
                        same = [m for m in rated if same_rating(m.row["value"], target)]
                        name = label(self.reports[rid])
                        result.lines.append(
                            f"Yes: {name} rated {count_words(len(same))} of its {count_words(len(rated))} "
                            f"standards {same[0].row['value']}." if same else
                            f"No: {name} rated none of its {count_words(len(rated))} standards {target.capitalize()}.")
            elif (matches and analysis.standards and intent == INTENT_RATING
                  and all(m.row["kind"] != KIND_RATING for m in matches)):
                # A standard this report does not rate: say so and name the ones it does rate.
                rid = matches[0].row["report_id"]
                rated = sorted({self.figures.rows[i]["standard"] for i in self.figures.rows_for([rid], (KIND_RATING,))})
                if analysis.standards[0] in standalone.lower():
                    result.missing = (f"{label(self.reports[rid])} gives no rating for {analysis.standards[0]}"
                                      + (f"; it rates {', '.join(rated)}" if rated else ""))
                    return True
                if cue.WHAT_GRADE.search(standalone):
                    result.missing = (f"{label(self.reports[rid])} gives no rating for this"
                                      + (f"; it rates {', '.join(rated)}" if rated else ""))
                    return True
                # A looser word ("reviews", "delivered") may not mean the standard at all: what
                # the report found on the question's topic.
                result.lines.append(f"{label(self.reports[rid])} gives no separate rating for this; what it found:")
                matches, explaining, intent, rated_words = [], True, INTENT_EXPLAIN, True
            if (matches and intent == INTENT_RATING and scoped and not analysis.standards
                    and all(m.row["kind"] in (KIND_OVERALL, KIND_SCORE) for m in matches)
                    and not re.search(r"\boverall\b", standalone, re.I) and self._asks_about_a_topic(standalone)):
                # "How did they rate the region's workforce planning?": not a rated standard, so
                # the report's findings on it rather than its overall rating. Asked for the grade
                # itself, the answer is that there is none.
                if cue.WHAT_GRADE.search(standalone):
                    rated = sorted({self.figures.rows[i]["standard"]
                                    for i in self.figures.rows_for(report_ids, (KIND_RATING,))})
                    result.missing = (f"{label(primary)} gives no rating for this"
                                      + (f"; it rates {', '.join(rated)}" if rated else ""))
                    return True
                result.lines.append(f"{label(primary)} gives no separate rating for this; what it found:")
                matches, explaining, intent, rated_words = [], True, INTENT_EXPLAIN, True
            if matches:
                self.rating_answers.rating_lines(result, matches, book,
                                                 prefer_score=bool(re.search(r"\bscor", standalone, re.I)),
                                                 all_named=len(analysis.standards) >= 3 and not asked)
                two = self._two_standards_compared(matches, analysis, standalone, book)
                if two:
                    result.lines.insert(0, two)
                target = cue.asked_rating(standalone)
                graded = [m for m in matches if m.row["kind"] in (KIND_RATING, KIND_OVERALL)]
                if (target and not two and not analysis.is_comparison and len(graded) == 1
                        and cue.CHECKED.search(standalone)):
                    # "Someone reckons Suffolk got Inadequate for services. Is that right?": yes or no first.
                    yes = same_rating(graded[0].row["value"], target)
                    result.lines[0] = ("Yes: " if yes else "No: ") + result.lines[0]
                if analysis.is_comparison and sum(m.row["kind"] == KIND_RATING for m in matches) > 1:
                    result.value = None  # several standards a side: no one rating to set against the other's
                if not reasons:
                    self._add_evidence(result, hits, analysis, book, n=1, qvec=tvec)
                    return True
                if self.rating_answers.standard_reasons(result, matches, standalone, tvec, book,
                                                        best_first=ranks_questions and bool(cue.BEST_ASKED.search(standalone))):
                    return True
                if analysis.standards and not overview:
                    # A standard this report does not rate ("Did Norfolk do well on court work?"):
                    # what the report found on it, not the reasons for its overall rating.
                    result.lines = [f"{label(primary or self.reports[matches[0].row['report_id']])} gives no "
                                    f"rating for {analysis.standards[0]}; what it found:"]
                    result.figures = []
                    matches = []
                # The overall rating: the standards rated lowest, then the report's own words.
                if matches and self.rating_answers.overall_reasons(result, matches, tvec, book):
                    return True
                explaining = True
        w.intent, w.explaining, w.rated_words = intent, explaining, rated_words
        return False

    def _from_own_verdict(self, w: SideWork) -> bool:
        """"What was the overall verdict on Suffolk in 2017?", "Sum up the 2017 inspection" of a
        report that gives no ratings: its own summing-up sentences."""
        analysis, standalone = w.analysis, w.question
        if not (w.scoped and w.primary and not analysis.is_comparison and not analysis.standards and not w.result.lines
                and cue.VERDICT_ASKED.search(standalone) and not self.figures.has_ratings([w.primary.report_id])
                and not self._asks_about_a_topic(cue.BRIEFLY.sub(" ", cue.VERDICT_ASKED.sub(" ", cue.WHO_JUDGES.sub(
                    " ", standalone))))):
            return False
        return self.rating_answers.verdict_in_words(w.result, w.primary.report_id, w.book)

    def _from_parallel(self, w: SideWork) -> bool:
        """A comparison side measured by the sentence that measures what the first side's prose did."""
        result, book, report_ids, intent = w.result, w.book, w.report_ids, w.intent
        parallel = w.parallel
        # 1b. A comparison whose first side was measured by a sentence in the report's prose:
        # this side by the sentence that measures the same thing, if its report has one.
        if parallel and intent in (INTENT_FIGURE, INTENT_SCORE) and not result.lines:
            found = self._parallel_sentence(parallel, report_ids, w)
            if found:
                hit, sentence = found
                n = self.corpus.cite_sentence(book, hit, sentence)
                result.lines.append(quote_line(sentence, self.reports[hit.chunk["report_id"]], n))
                result.sentence = sentence
                measured = measure_in(sentence)
                if not self._counted_side(result, sentence, w) and measured:
                    result.value, result.value_text, result.value_kind = measured
                return True
        return False

    def _counted_side(self, result: SideResult, sentence: str, w: SideWork) -> set[str]:
        """"Which PDU has more people out on licence?": a side's count of the thing, to set
        against the other side's ("540 were on licences"). Returns what was counted (stems), or
        an empty set if the question counts nothing or the sentence does not count it."""
        if not (w.analysis.is_comparison and cue.MORE_COUNTED.search(w.question)):
            return set()
        wanted = counting.counted(w.question, self.catalog.all_places)
        found = counting.count_in(sentence, wanted, self.picker)
        if not found:
            return set()
        result.value, result.value_text, result.value_kind = found[0], found[1].split()[0], "count"
        return wanted

    def _from_figures_table(self, w: SideWork) -> bool:
        """Key-question percentages and caseload numbers from the figures table."""
        analysis, standalone, result, hits = w.analysis, w.question, w.result, w.hits
        book, report_ids, intent, tvec = w.book, w.report_ids, w.intent, w.tvec
        prefer_q = w.prefer_q
        # 2. Key-question percentages and caseload numbers from the figures table. (An outcome
        # rate - reoffending, attrition - is not a share of cases judged sufficient.)
        if intent in (INTENT_FIGURE, INTENT_SCORE, INTENT_RATING) and not result.lines and not w.inside \
                and not cue.OUTCOME_RATE.search(standalone) and not cue.SAMPLE_SIZE.search(standalone) \
                and not cue.MONEY_ASKED.search(standalone):  # a sum of money is never a share of cases
            wants_count = bool(cue.COUNT.search(standalone)) and not cue.PERCENT.search(standalone)
            matches = self.figures.numeric(tvec, report_ids, analysis.standards, analysis.concepts,
                                           prefer_question=prefer_q, wants_count=wants_count)
            if matches:
                best = matches[0]
                threshold = CASELOAD_MIN if best.row["kind"] == KIND_CASELOAD else KEY_QUESTION_MIN
                prose_better = self._prose_beats(best, hits, analysis, standalone, prefer_q)
                counted = counting.counted(standalone, self.catalog.all_places) if wants_count else set()
                if counted and not counted & self.picker.words(best.row["quote"]):
                    prose_better = True  # "How many women ...": the caseload row counts everyone
                if counted and best.row["kind"] == KIND_KEY_QUESTION:
                    prose_better = True  # "How many victim liaison officers ...?": a share of cases counts no one
                if (best.row["kind"] == KIND_KEY_QUESTION and analysis.standards and not any(
                        std in f"{best.row['standard']} {best.row['question']}".lower() for std in analysis.standards)):
                    # "What share of resettlement cases had enough done on safety?": not a key
                    # question of another standard ("Does assessment focus ... safe?").
                    prose_better = True
                unmeasured = best.row["kind"] == KIND_KEY_QUESTION and self.figures.unmeasured_concept(
                    best.row, analysis.concepts, analysis.standards)
                if unmeasured:
                    # "What did the region score on assessments engaging the person?": other reports
                    # ask a key question on engagement, this one does not; its desistance score
                    # is no answer, and a score asked for is not there.
                    if cue.SCORE_ASKED.search(standalone):
                        result.missing = (f"{label(self.reports[best.row['report_id']])} scores no key question "
                                          f"on {unmeasured}")
                        return True
                    prose_better = True
                if best.row["kind"] == KIND_CASELOAD and (cue.PERCENT.search(standalone) or cue.IN_HOW_MANY.search(standalone)):
                    # "What share of the caseload is under 25?", "In how many of the cases ...?":
                    # the caseload's size is no share.
                    prose_better = True
                if best.row["kind"] == KIND_CASELOAD:
                    cues = set(tokens(" ".join(CONCEPTS["caseload"][0]) + " " + CONCEPTS["caseload"][1]))
                    extra = set(content_terms(standalone, self.catalog.all_places)) - GENERIC_VERBS - cues
                    said = extra & self.picker.words(best.row["quote"])
                    if extra and self.picker.weight(extra - said) > self.picker.weight(said):
                        # "How many people ... are homeless?", "... were sentenced to drug
                        # rehabilitation requirements?": not the whole caseload
                        prose_better = True
                if best.score >= threshold and not prose_better:
                    self._add_numeric_line(result, best, book, analysis)
                    self._add_evidence(result, hits, analysis, book, n=1, qvec=tvec)
                    return True
                if (best.row["kind"] == KIND_KEY_QUESTION and best.score >= KEY_QUESTION_FALLBACK
                        and not cue.COUNT.search(standalone) and not unmeasured):
                    w.table_fallback = best  # the answer, should the prose state no figure after all
        return False

    def _from_recommendations(self, w: SideWork) -> bool:
        """The report's own numbered recommendations, item by item."""
        standalone, result, book, scoped = w.question, w.result, w.book, w.scoped
        primary = w.primary
        # 3. Recommendations: the report's own numbered list, item by item.
        if scoped and primary and self._asks_own_recommendations(standalone) and not result.lines:
            items = self._recommendations(primary.report_id)
            # "What did it ask HMPPS to do?": the items addressed to HMPPS.
            named = recommendations.addressees_named(standalone, items, primary.unit)
            if named and not cue.COUNT.search(standalone):  # a count is split by addressee below
                items = [i for i in items if i.addressee in named]
            # "What did it ask HMPPS to do about recruitment?": the items on that topic, if any.
            topic = same_words(set(content_terms(cue.RECOMMENDED.sub(" ", standalone), self.catalog.all_places))) - GENERIC_VERBS
            topic -= {w for i in items for w in self.picker.words(i.addressee)}
            on_topic = [i for i in items if topic & self.picker.words(i.text)]
            about = cue.RECOMMENDED_ABOUT.search(standalone)
            subject = (same_words(set(content_terms(about.group("topic"), self.catalog.all_places))) - GENERIC_VERBS
                       if about else set())
            if subject and not any(subject & self.picker.words(i.text) for i in items):
                # "What did they recommend about the Kings Lynn office?": no recommendation is on it.
                result.missing = (f"none of the recommendations of {label(primary)} is about "
                                  f"{about.group('topic').strip(' ?')}")
                return True
            if on_topic and not cue.COUNT.search(standalone):
                lead, items = f"{label(primary)}: the inspectors recommended:", on_topic
            else:
                made = (f"{count_words(len(items))} recommendations" if cue.COUNT.search(standalone)
                        else "these recommendations")
                made += recommendations.split_by_addressee(items)
                if named and not cue.COUNT.search(standalone):
                    made += " for " + " and ".join(recommendations.in_sentence(who) for who in sorted(named))
                lead = f"{label(primary)}: the inspectors made {made}:"
            if items:
                result.lines.append(lead)
                for item in items:
                    chunk = item.chunk
                    n = book.cite(primary.report_id, item.text, chunk["text"], chunk["section"], chunk["page"],
                                  chunk["chunk_id"])
                    result.lines.append(f"“{item.text}” [{n}]")
                return True
        return False

    def _from_prose(self, w: SideWork) -> SideResult:
        """The best sentences of the retrieved passages, checked to state what was asked."""
        analysis, standalone, result, hits = w.analysis, w.question, w.result, w.hits
        book, scoped, report_ids, intent = w.book, w.scoped, w.report_ids, w.intent
        explaining, rated_words, topic_vec = w.explaining, w.rated_words, w.tvec
        # 4. Prose: the best sentences of the retrieved passages.
        if not hits or max(h.dense for h in hits) < self.settings.min_relevance:
            result.missing = "nothing in the reports is relevant enough"
            return result
        if analysis.intent == INTENT_FIGURE or analysis.is_comparison and intent == INTENT_FIGURE:
            # (a comparison's side too: "How do sickness levels compare ...?" of a report that
            # never mentions sickness has no evidence, not an unrelated sentence)
            uncovered = self.checks.uncovered_terms(standalone, report_ids or [hits[0].chunk["report_id"]])
            if uncovered and self.checks.numeric_sentence_matches(hits, standalone, set(uncovered)):
                uncovered = []  # a figure sentence carries most of the question's words
            asked = set(content_terms(standalone, extra_ignore=self.catalog.all_places)) - GENERIC_VERBS
            if uncovered and self.picker.weight(uncovered) <= 0.5 * self.picker.weight(asked):
                # One unmatched word among several ("sick leave", "cover", "housing") is more
                # likely a different wording than a measure the report lacks.
                uncovered = []
            if uncovered:
                result.missing = f"the report does not give figures on {', '.join(as_asked(uncovered, standalone))}"
                return result
        absent = self.checks.absent_topic(standalone, report_ids) if scoped and not result.lines else None
        if absent:
            # "What did the 2019 inspection say about services for women?": a report that never
            # uses the word says nothing about it.
            result.missing = f"{label(w.primary)} does not mention {absent}"
            return result
        terms = set(content_terms(standalone, self.catalog.all_places))
        if re.search(r"\bchanges? (?:in|to|of)\b", standalone, re.I):
            terms.add(stem("changes"))  # "changes in risk" is a topic, not "how has it changed"
        # The standard's name counts only where the report has that standard's section.
        own = report_ids or [hits[0].chunk["report_id"]]
        standards = [s for s in analysis.standards
                     if any(s in c["section"].lower() for rid in own for c in self.corpus.sections.get(rid, []))]
        boost = set(tokens(" ".join(standards)))
        # A concept asked in everyday words ("get on with") counts in the report's ("relationship").
        boost |= set(tokens(" ".join(CONCEPTS[c][1] for c, _ in phrased_concepts(standalone))))
        if rated_words:
            boost |= cue.RATING_STEMS  # a sentence that states a rating ("rated ... as 'Outstanding'")
        lean, judgement = frozenset(), False
        if explaining:
            # "What's the problem with ...?" leans to critical findings; "What went well?" to the others.
            if cue.WEAKNESSES.search(standalone) or cue.NEGATED_WHY.search(standalone):
                lean = cue.CRITICAL
            elif cue.STRENGTHS.search(standalone):
                lean = cue.APPRECIATIVE
        if not lean and cue.JUDGEMENT_ASKED.search(standalone):
            # "How good was the women's centre?": a sentence that judges it, either way.
            lean, judgement = cue.CRITICAL | cue.APPRECIATIVE, True
        need_number = analysis.intent == INTENT_FIGURE
        if (need_number and cue.COUNT.search(standalone) and not cue.PERCENT.search(standalone)
                and not cue.IN_HOW_MANY.search(standalone) and not counting.counts_respondents(standalone)
                and not (cue.SHARE_OF_SAMPLE.search(standalone) and not cue.PER_HEAD.search(standalone)
                         and not cue.SAMPLE_SIZE.search(standalone))):
            need_number = "count"  # "in how many of the cases ...?" may be answered "more than half"
        elif need_number and re.search(r"\b(?:percentage|proportion|share|what fraction)\b|%", standalone, re.I):
            need_number = "share"  # a share: "55 per cent", "13 out of 39", "two-thirds", not "all backgrounds"
        elif analysis.is_comparison and intent == INTENT_FIGURE and cue.MORE_COUNTED.search(standalone) \
                and counting.counted(standalone, self.catalog.all_places):
            need_number = "count"  # (if no sentence counts it, the side is answered as before)
        explaining = explaining or (analysis.intent == INTENT_COMPARE and intent != INTENT_FIGURE)
        if standards:
            # Passages from the section of the standard the question names come first.
            std = standards[0]
            hits = sorted(hits, key=lambda h: std not in (h.chunk["section"] + " " + h.chunk["prefix"]).lower())
        if cue.WHEN.search(standalone) and not need_number:
            dated = self.picker.pick(hits, terms, n=3, boost=boost, qvec=topic_vec, max_per_passage=2,
                                     allowed=self._dated_sentences(hits))
            if dated:
                hits = [h for h in hits if any(h is d[0] for d in dated)] + \
                       [h for h in hits if not any(h is d[0] for d in dated)]
        if explaining and cue.WHY.search(standalone) and any(h.chunk["unit_type"] == "section" for h in hits):
            # An explanation reads whole passages: a one-sentence unit cannot bring along the
            # sentence its "This resulted in ..." refers back to.
            hits = [h for h in hits if h.chunk["unit_type"] == "section"]
        wanted_n = 5 if explaining else 3
        picks = self.picker.pick(hits, terms, n=wanted_n * (3 if w.focus else 1), need_number=need_number, boost=boost,
                                 qvec=topic_vec, max_per_passage=2, antecedents=explaining or bool(need_number), lean=lean,
                                 lean_bonus=JUDGEMENT_BONUS if judgement else LEAN_BONUS,
                                 exclude=self.picker.templates if explaining else frozenset())
        if cue.WHEN.search(standalone) and not need_number and dated:
            picks = dated + [p for p in picks if p[1] not in {d[1] for d in dated}][:2]
        if need_number and scoped and len(report_ids) == 1 and not analysis.is_comparison:
            # The passage that states the figure may not have been retrieved ("Assessments were
            # not completed within an appropriate time ... in over half of the inspected cases"):
            # the report's own sentence that says much more of the question leads.
            every = [Hit(chunk=c, score=0.0, dense=0.0, lexical=0.0)
                     for c in self.corpus.sections.get(report_ids[0], [])]
            scan = self.picker.pick(every, terms, n=1, need_number=need_number, boost=boost, qvec=topic_vec,
                                    max_per_passage=1, antecedents=True)
            # (and names the question's rarest word: "contingency", not just "plans")
            rarest = max(same_words(terms - GENERIC_VERBS), key=lambda t: self.picker.idf.get(t, 0.0), default=None)
            if scan and scan[0][2] >= SCAN_MARGIN * max((p[2] for p in picks), default=0.0) \
                    and scan[0][1] not in {p[1] for p in picks} \
                    and rarest in same_words(self.picker.words(scan[0][1])):
                picks = scan + picks
        if cue.HOW_OFTEN.search(standalone) and not analysis.is_comparison:
            # "How often did the MAPPA forums go through each caseload?": a sentence giving a
            # frequency ("reviewed quarterly"), if one on the topic says at least half as much.
            top = max((p[2] for p in picks), default=0.0)
            frequent = sorted(((h, s_, self.picker.score(s_, terms, boost)) for h, s_, _ in self.checks.stating(
                hits, terms, lambda x: bool(cue.FREQUENCY.search(x)))), key=lambda p: -p[2])
            if frequent and frequent[0][2] >= 0.5 * top:
                picks = frequent[:1] + [p for p in picks if p[1] != frequent[0][1]]
                need_number = False
        if (analysis.is_comparison and intent == INTENT_FIGURE and picks
                and not (w.focus and not cue.FIGURE_CUE.search(standalone))  # the CRC's work against the NPS's: a verdict in words will do
                and not numbers_in(YEAR.sub(" ", re.sub(r"^\s*\d+\.\s*", "", picks[0][1])))):
            # A side of a comparison is measured by a figure where its report gives one on the
            # topic ("in 10 out of 24 cases"), not by a general sentence.
            numeric = self.picker.pick(hits, terms, n=1, need_number=True, boost=boost, qvec=topic_vec,
                                       max_per_passage=2, antecedents=True)
            if numeric and numeric[0][2] >= 0.6 * picks[0][2]:
                picks = numeric + [p for p in picks if p[1] != numeric[0][1]]
        if w.focus and picks:
            # One counterpart's side: a sentence about the other one alone is not its evidence.
            picks = [p for p in picks if not self._the_others(p[0], p[1], w)][:wanted_n]
        elif picks:
            # "Was the CRC's work to reduce reoffending effective?": not the NPS's finding.
            picks = self._not_the_counterpart(picks, standalone)
        checked = self.checks.picks(w, picks, hits, terms, boost, need_number)
        if checked is None and analysis.is_comparison and need_number == "count":
            result.missing = None  # "more trainee POs": no sentence counts them, so what the report says
            checked = self.checks.picks(w, picks, hits, terms, boost, False)
        if checked is None:
            return result
        picks = checked
        if judgement and picks:
            # A judgement asked for: of the leading sentences, the one that judges answers
            # (if it holds one of the question's rare words: "booth", not another PDU's row).
            rare = self.picker.rare(same_words(terms))
            judging = [p for p in picks[:3] if lean & set(tokens(p[1])) and rare & same_words(self.picker.words(p[1]))]
            picks = _led_by(picks, judging[0] if judging else None)
        if w.focus and picks:
            # One counterpart's side ("was the CRC or the NPS better at reviewing ...?"): the
            # sentence that holds most of the question's rare words leads, not a general verdict.
            # (the counterpart's own name is no topic word: "NPS" in "Overall, NPS work ...")
            names = set(tokens(" ".join(n for pair in COMPARED_COUNTERPARTS for n in pair)))
            rare = self.picker.rare(same_words(terms - GENERIC_VERBS)) - names
            held = [len(rare & self.picker.words(p[1])) for p in picks[:3]]
            picks = _led_by(picks, picks[held.index(max(held))] if max(held) > held[0] else None)
        if not picks:
            picks = self.picker.pick(hits, terms, n=3, boost=boost, qvec=topic_vec, max_per_passage=2)
        if not picks:
            result.missing = "nothing in the reports is relevant enough"
            return result
        if explaining and analysis.intent != INTENT_COMPARE and not result.lines:
            picks = self._read_on(picks, n=5, before=bool(cue.WHY.search(standalone)))
        elif not need_number and not analysis.is_comparison and _SPECIFIES.match(_next_sentence(picks[0])):
            # "Leaders had conducted too little analysis into the characteristics of the caseload.
            # That was especially relevant to neurodiversity and age.": the next sentence says which.
            picks = self._read_on(picks, n=len(picks) + 1, follow=1)
        counted_side = self._counted_side(result, picks[0][1], w)
        if counted_side:
            # A side's count set against the other's: its evidence counts the same thing too.
            picks = picks[:1] + [p for p in picks[1:] if counting.counts(p[1], counted_side, self.picker)]
        stated = bool(result.lines)  # a rating already leads; these sentences explain it
        for i, (hit, sentence, _) in enumerate(picks):
            n = self.corpus.cite_sentence(book, hit, sentence)
            meta = self.reports[hit.chunk["report_id"]]
            result.lines.append(quote_line(sentence, meta, n, with_label=(i == 0 and not stated)))
        result.sentence = picks[0][1]
        if not counted_side and (need_number or analysis.intent == INTENT_COMPARE):
            measured = measure_in(picks[0][1])
            if measured and not (cue.SIZE_ASKED.search(standalone) and not cue.PERCENT.search(standalone)):
                # (a share in passing does not measure a size: "a population of 760,688, of which 93.1 per cent")
                result.value, result.value_text, result.value_kind = measured
        if not scoped:
            result.label = label(self.reports[picks[0][0].chunk["report_id"]])
        return result

    @staticmethod
    def _dated_sentences(hits) -> set[str]:
        """Sentences of the passages that give a date (a month with a day or year)."""
        out = set()
        for h in hits:
            text = h.chunk["text"]
            for a, b in sentence_spans(text):
                if cue.DATE.search(text[a:b]):
                    out.add(text[a:b])
        return out

    def _read_on(self, picks: list, n: int, follow: int = 2, before: bool = False) -> list:
        """The best sentence, then the sentences that follow it in its paragraph (a finding is
        usually explained right after it is stated), then the other picks, `n` in all. Asked
        why (`before`), the sentence just before it in its paragraph is read too, after those
        that follow: a finding that restates the question is often the effect of what was said
        just before ("Practitioners often missed updates circulated by leaders. We found ...
        practitioners being unclear"), unless it gives its own cause ("which meant ...")."""
        hit, lead, score = picks[0]
        text = hit.chunk["text"]
        start = text.find(lead)
        following, earlier = [], []
        if _ANNOUNCES.search(lead):
            follow = max(follow, 4)  # "there were reasons to be hopeful": the reasons follow
        if start >= 0 and before and not _GIVES_CAUSE.search(lead):
            spans = [(a, b) for a, b in sentence_spans(text) if b <= start]
            paragraph_start = text.rfind("\n", 0, start) + 1
            earlier = [(hit, text[a:b], score) for a, b in spans[-1:] if a >= paragraph_start
                       and len(text[a:b]) >= 40 and text[a:b] not in self.picker.templates]
        if start >= 0:
            end = start + len(lead)
            for a, b in sentence_spans(text):
                if a < end:
                    continue
                sentence = text[a:b]
                if "\n" in text[end:a] or len(following) >= follow and not _CONTINUES.match(sentence):
                    break  # (a sentence that adds to the last one is read with it: "This was also ...")
                if len(sentence) >= 30 and sentence not in self.picker.templates:
                    following.append((hit, sentence, score))
                end = b
        out = [picks[0]] + following + earlier
        for p in picks[1:]:
            if all(p[1] not in q[1] and q[1] not in p[1] for q in out):
                out.append(p)
        return out[:n]

    def _prose_beats(self, best: FigureMatch, hits, analysis: Analysis, question: str,
                     prefer_q: str | None = None) -> bool:
        """True when rare words of the question are missing from the table row but present in a
        retrieved passage that carries a number: that passage answers, the row does not."""
        if prefer_q and best.row["question"].lower() == prefer_q.lower() or best.score >= 1.0:
            return False  # the key question a comparison's first side was measured on
        terms = set(content_terms(question, extra_ignore=self.catalog.all_places))
        row_text = (best.row["question"] + " " + best.row["standard"]).lower()
        row_terms = set(tokens(row_text))
        missing = self.picker.rare(terms - row_terms - GENERIC_VERBS, RARE_IDF)
        # A word whose concept the row expresses in other words ("safety" ~ "keeping ... safe").
        for name, (cues, _) in CONCEPTS.items():
            cue_stems = set(tokens(" ".join(cues)))
            if any(m in row_text for m in CONCEPT_MARKERS.get(name, ())):
                missing -= cue_stems
            elif name in analysis.concepts and CONCEPT_MARKERS.get(name):
                # A concept the question names and the row does not ("domestic abuse information"
                # against "keeping other people safe"), however common its words are.
                missing |= (terms & cue_stems) - row_terms
        shares = (terms - GENERIC_VERBS) & row_terms or any(
            any(m in row_text for m in CONCEPT_MARKERS.get(c, ())) for c in analysis.concepts)
        if terms - GENERIC_VERBS and not shares and best.score < 0.75:
            # "What percentage said their appointments were helpful?" shares not one word with
            # "Does assessment focus sufficiently on engaging ...?": a sentence must answer.
            return any(numbers_in(h.chunk["text"]) for h in hits[:5])
        if not missing:
            return False
        if len(terms & row_terms) >= 2 * len(missing):
            return False  # the row says most of what is asked; a word or two is just phrased differently
        shared = len(terms & row_terms)
        for h in hits[:5]:
            text = h.chunk["text"]
            if numbers_in(text) and missing & set(tokens(text)):
                # ... in a sentence with a figure that says as much of what was asked as the row
                # ("insufficient attention had been paid to protecting victims" does not beat
                # "Does reviewing focus sufficiently on keeping other people safe?"), or one that
                # says clearly more of it ("involved in reviewing their progress").
                for s, e in sentence_spans(text):
                    words = set(tokens(text[s:e]))
                    if states_quantity(text[s:e]) and len(terms & words) >= shared and (
                            missing & words or len(terms & words) > shared + 1):
                        return True
        return False

    def _year_passages(self, report_id: str, year: int) -> list[dict]:
        return [c for c in self.corpus.sections.get(report_id, [])
                if re.search(rf"\b{year}\b", c["text"] + " " + c["section"])]

    def _looking_back(self, analysis: Analysis, question: str) -> list[Side]:
        """"How did the inspectorate judge the old Trust in 2013?": no report is from 2013, but a
        later report of the same place may write about it. One side over the reports whose
        passages name the year and share a topic word with the question; [] if none do."""
        if analysis.is_comparison or len(analysis.years) != 1:
            return []
        year = analysis.years[0]
        places = set(analysis.places)
        terms = set(content_terms(question, self.catalog.all_places)) - GENERIC_VERBS - {str(year)}
        if not terms:
            return []
        entries = [e for e in self.catalog.entries if (not places or places & e.places)
                   and (e.meta.year or 0) > year
                   # shared words that say something: "prison" alone is in most passages
                   and self.picker.weight(terms & set(tokens(" ".join(
                       c["text"] for c in self._year_passages(e.meta.report_id, year))))) >= RARE_IDF]
        if not entries:
            return []
        return [Side(label=label(e.meta), entries=[e], looks_back_to=year) for e in entries[:1]]

    def _looking_back_side(self, side: Side, question: str, tvec, book: CitationBook,
                           contexts: list[Context]) -> SideResult:
        """Answer from the passages of a later report that write about `side.looks_back_to`."""
        year, meta = side.looks_back_to, side.entries[0].meta
        result = SideResult(label=label(meta))
        passages = {c["chunk_id"] for c in self._year_passages(meta.report_id, year)}
        hits = [h for h in self.retriever.retrieve(self.abbreviations.expand(expand(self.corpus.topic_only(question))), tvec,
                                                   [meta.report_id], k=self.settings.top_k * 4)
                if h.chunk["chunk_id"] in passages]
        terms = set(content_terms(question, self.catalog.all_places)) - {str(year)}
        # "How many people completed the programme in 2016?": a figure, not what was on offer.
        figure = bool(cue.COUNT.search(question) or cue.PERCENT.search(question))
        picks = self.picker.pick(hits, terms, n=4, qvec=tvec, max_per_passage=3, antecedents=True,
                                 need_number=figure)
        if figure:
            # (a sentence stating a quantity of that very thing, not "a substantial number of breaches")
            wanted = counting.counted(question, self.catalog.all_places) if cue.COUNT.search(question) else set()
            picks = [p for p in picks if states_quantity(YEAR.sub(" ", p[1]))
                     and same_words(wanted) <= self.picker.words(p[1])][:1] + \
                [p for p in picks if not states_quantity(YEAR.sub(" ", p[1]))][:3]
            picks = picks if picks and states_quantity(YEAR.sub(" ", picks[0][1])) else []
        if not picks:
            result.missing = (f"no indexed report is from {year}, and none gives that figure for it" if figure
                              else f"no indexed report is from {year}, and none says enough about it")
            return result
        for h in hits:
            contexts.append(Context(report=h.chunk["report_id"], section=h.chunk["section"], page=h.chunk["page"],
                                    text=h.chunk["text"], score=round(h.score, 4), chunk_id=h.chunk["chunk_id"]))
        for i, (hit, sentence, _) in enumerate(picks):
            n = self.corpus.cite_sentence(book, hit, sentence)
            line = quote_line(sentence, None, n)
            result.lines.append(f"No indexed report is from {year}, but {label(meta)} looks back to it: {line}"
                                if i == 0 else line)
        return result

    def _asks_about_a_topic(self, question: str) -> bool:
        """Whether a rating question names something beyond the report and its rating ("the
        housing help", not just "Suffolk in 2017" or "the CRC")."""
        terms = set(content_terms(question, self.catalog.all_places)) - GENERIC_VERBS - cue.LEVEL_WORDS - _CHANGE_WORDS
        return bool(terms - {t for t in terms if t.isdigit()})

    def _mentioning(self, places: list[str], years: list[int] = ()) -> list:
        """Reports (of `years`, if given) whose text names one of `places` at least twice (a
        town inside the area a report covers), most mentions first."""
        counts = []
        for e in self.catalog.entries:
            if years and e.meta.year not in years:
                continue
            text = self.reader.report_text(e.meta.report_id)
            n = sum(len(re.findall(rf"\b{re.escape(p)}\b", text, re.IGNORECASE)) for p in places)
            if n >= 2:
                counts.append((n, e))
        return [e for n, e in sorted(counts, key=lambda x: -x[0])]

    def _narrower_than(self, question: str, standard: str) -> bool:
        """Whether the question asks about something inside a standard ("working conditions for
        unpaid work supervisors", "services for women"), not the standard as a whole ("What went
        wrong with unpaid work?"): a topic word beyond the standard's own."""
        own = set(tokens(" ".join((standard,) + STANDARD_HINTS.get(standard, ()))))
        words = set(content_terms(question, self.catalog.all_places)) - own - GENERIC_VERBS - cue.REASON_WORDS
        words -= cue.LEVEL_WORDS  # ("came out Outstanding": the rating, no topic)
        words -= set(tokens("well wrong problem problems strength strengths weakness weaknesses good bad "
                            "improve improvement concern concerns issue issues better worse best worst compare "
                            "compared higher lower stronger weaker standard standards area areas work "
                            "short fell fall falls shortcomings still think thought"))
        return len(words) >= 1

    def _rates(self, report_id: str, standard: str) -> bool:
        """Whether the report rates the standard ("staffing" -> "1.2 Staffing")."""
        return any(self.figures.rows[i]["standard"].lower().endswith(standard.lower())
                   for i in self.figures.rows_for([report_id], (KIND_RATING,)))

    def _comparable(self, results: list[SideResult]) -> bool:
        """Whether the sides' figures measure the same thing: table rows of one kind always
        do; two sentences quoted from prose only when they are close in meaning (never "81 per
        cent white" against "12.7 per cent women")."""
        prose = [r.sentence for r in results if not r.missing and r.value is not None and r.sentence
                 and r.value_kind in ("proportion", "shortfall")]
        if len(prose) < 2:
            return True
        vectors = self.picker.vectors(prose)
        if any(v is None for v in vectors):
            return False
        return all(float(np.dot(a, b)) >= PARALLEL_MIN for a, b in zip(vectors, vectors[1:]))

    @staticmethod
    def _not_the_counterpart(picks: list, question: str) -> list:
        """`picks` less the sentences about the counterpart of the one the question names (the
        NPS for the CRC), when any others remain."""
        for pair in COMPARED_COUNTERPARTS:
            named = [c for c in pair if re.search(rf"\b{re.escape(c)}\b", question, re.IGNORECASE)]
            if len(named) != 1:
                continue
            own = re.compile(rf"\b{re.escape(named[0])}\b", re.IGNORECASE)
            other = re.compile("|".join(rf"\b{re.escape(c)}\b" for c in pair if c != named[0]), re.IGNORECASE)
            kept = [p for p in picks if own.search(p[1]) or not other.search(p[1])]
            if kept:
                picks = kept
        return picks

    @staticmethod
    def _the_others(hit, sentence: str, w: SideWork) -> bool:
        """On one counterpart's side ("the NPS"), whether a sentence is about the other one."""
        others = [s.focus for s in w.analysis.sides if s.focus and s.focus != w.focus]
        own = re.compile(rf"\b{re.escape(w.focus)}\b", re.IGNORECASE)
        other = re.compile("|".join(rf"\b{re.escape(o)}\b" for o in others) or r"(?!)", re.IGNORECASE)
        if own.search(sentence):
            return False
        if other.search(sentence):
            return True
        # A sentence naming neither belongs to the one its passage is about: the one its
        # section heading names ("Organisational arrangements in the NPS"), else the one its
        # text names more often.
        section, text = hit.chunk["section"], hit.chunk["text"]
        mine = 3 * len(own.findall(section)) + len(own.findall(text))
        return 3 * len(other.findall(section)) + len(other.findall(text)) > mine

    def _parallel_sentence(self, sentence: str, report_ids: list[str] | None, w: SideWork | None = None):
        """The figure-bearing sentence of `report_ids` closest in meaning to `sentence` (another
        report's finding), if close enough to measure the same thing; else None. On a
        counterpart's side (`w.focus`), not a sentence about the other counterpart."""
        vec = self.embedder.embed([sentence])[0]
        hits = self.retriever.retrieve(self.abbreviations.expand(sentence), vec, report_ids, k=self.settings.top_k)
        picks = self.picker.pick(hits, set(content_terms(sentence, self.catalog.all_places)), n=3,
                                 need_number=True, qvec=vec, max_per_passage=2)
        best, top_lex = None, max((p[2] for p in picks), default=0.0) or 1.0
        counts_only = not measure_in(sentence)  # "741,895": a count, which no share measures
        # The question's topic words that the first side's sentence holds ("finances" for "help
        # with money") must be in this side's too: "13 out of 39" on oversight reads alike.
        topic = (self.picker.rare(same_words(set(content_terms(w.question, self.catalog.all_places)) - GENERIC_VERBS))
                 & same_words(self.picker.words(sentence))) if w is not None else set()
        for hit, candidate, lex in picks:
            if candidate == sentence or not (numbers_in(YEAR.sub(" ", candidate)) or measure_in(candidate)):
                continue  # a count or a proportion ("in half of the relevant cases")
            if topic and not topic & same_words(self.picker.words(candidate)):
                continue
            if (counts_only and cue.PERCENT_FIGURE.search(candidate)
                    and not numbers_in(YEAR.sub(" ", cue.PERCENT_FIGURE.sub(" ", candidate)))):
                continue  # ("93.1 per cent of residents" is no population)
            if w is not None and w.focus and self._the_others(hit, candidate, w):
                continue
            v = self.picker.vectors([candidate])[0]
            sim = float(np.dot(vec, v)) if v is not None else 0.0
            # Meaning decides, shared words break near-ties.
            value = sim + 0.5 * lex / top_lex
            if sim >= PARALLEL_MIN and (best is None or value > best[0]):
                best = (value, hit, candidate)
        return (best[1], best[2]) if best else None

    def _asks_own_recommendations(self, question: str) -> bool:
        """Whether a question asks for a report's own recommendations, not for progress on an
        earlier one ("the Northamptonshire PDU recommendation", "progress on ...")."""
        return bool(cue.RECOMMENDED.search(question) and not cue.EARLIER_RECOMMENDATION.search(question)
                    and not self.catalog.unknown_units_in(question))

    def _recommendations(self, report_id: str) -> list[recommendations.Recommendation]:
        """Numbered items of the report's Recommendations section, in order."""
        return recommendations.numbered([c for c in self.corpus.sections.get(report_id, [])
                                         if "recommendation" in c["section"].lower()
                                         and "previous" not in c["section"].lower()])

    def _best_report_only(self, matches: list[FigureMatch], hits) -> list[FigureMatch]:
        top = hits[0].chunk["report_id"] if hits else matches[0].row["report_id"]
        same = [m for m in matches if m.row["report_id"] == top]
        return same or [m for m in matches if m.row["report_id"] == matches[0].row["report_id"]]

    def _add_numeric_line(self, result: SideResult, match: FigureMatch, book: CitationBook, analysis: Analysis) -> None:
        row = match.row
        meta = self.reports[row["report_id"]]
        n = self.corpus.cite_row(book, row)
        if row["kind"] == KIND_KEY_QUESTION:
            result.lines.append(key_question_line(row, meta, n))
            result.value_kind = KIND_KEY_QUESTION if not analysis.is_comparison or analysis.years[1:] == [] else "proportion"
        else:
            result.lines.append(caseload_line(row, meta, n))
            result.value_kind = KIND_CASELOAD
        result.figures.append(figure_ref(row, n))
        result.value = row["number"]
        result.value_text = row["value"]
        result.question = row["question"] if row["kind"] == KIND_KEY_QUESTION else None
        if not result.label:
            result.label = label(meta)

    def _add_evidence(self, result: SideResult, hits, analysis: Analysis, book: CitationBook, n: int,
                      qvec=None) -> None:
        """Add the passage sentences that best support the figure just stated."""
        if analysis.intent == INTENT_COMPARE or not hits or not result.figures:
            return
        fig = result.figures[0]
        if fig.kind in (KIND_OVERALL, KIND_SCORE):
            terms = set(tokens(f"rated {fig.value} overall"))
        else:
            terms = set(tokens(f"{fig.standard} {fig.question} {fig.value}"))
        same_report = [h for h in hits if h.chunk["report_id"] == fig.report]
        already = {c.quote for c in book.citations}
        for hit, sentence, score in self.picker.pick(same_report, terms, n=n, exclude=already, qvec=qvec):
            if score < 3.0:
                continue
            k = self.corpus.cite_sentence(book, hit, sentence)
            result.lines.append(quote_line(sentence, self.reports[hit.chunk["report_id"]], k))


_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The process-wide assistant for the configured store (loaded on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default
