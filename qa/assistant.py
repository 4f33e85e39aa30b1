"""The answering pipeline: follow-up rewrite -> analysis -> per-side evidence (figures table
and hybrid retrieval) -> extractive composition -> verification -> `Answer`.

`Assistant` loads the index, embedding model, BM25 index and pre-embedded figures once, and
is safe to share between threads (no per-question state is kept on it).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import replace

import numpy as np

from index.embedding import load_embedder
from index.figures import KIND_CASELOAD, KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE
from index.metadata import RATING_WORDS
from index.settings import Settings, get_settings
from index.store import IndexReader

from .analysis import (INTENT_COMPARE, INTENT_EXPLAIN, INTENT_FACT, INTENT_FIGURE, INTENT_LIST,
                       INTENT_RATING, INTENT_SCORE, Analysis, Side, analyse)
from .abbreviations import Abbreviations
from .catalog import Catalog
from .compose import (CitationBook, measure_in, merge_answers, renumber_citations, SentencePicker, SideResult, caseload_line, figure_ref,
                      key_question_line, label, quote_line, rating_line, rating_value, verdict)
from .figure_lookup import CONCEPT_MARKERS, FigureLookup, FigureMatch
from .followup import rewrite
from .parts import asks_reason, split_question
from .llm import build_llm
from .retrieve import Hit, HybridRetriever
from .particulars import ReportParticulars
from .text import QUESTION_FILLER, STOPWORDS, YEAR, content_terms, numbers_in, sentence_spans, stem, tokens
from .types import Answer, Context
from .verify import verify
from .vocabulary import CONCEPTS, STANDARD_HINTS, expand, same_words

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)

KEY_QUESTION_MIN = 0.52   # similarity (with bonuses) for a key-question row to answer a question
CASELOAD_MIN = 0.45
RARE_IDF = 2.5            # words in under ~8% of passages
# Everyday words of a question that never name a measure, whatever their rarity in the reports.
# How close in meaning two reports' sentences must be to count as measuring the same thing
# ("insufficient attention to protecting victims in 26 out of 42 cases" / "in some 61 per cent
# of cases regionally").
PARALLEL_MIN = 0.5
GENERIC_VERBS = set(tokens(
    "gave give given make made take took taken have show shown seen chance able happen happened kind sort "
    "look looked looking came come get got go went find found examine examined check checked tell told say "
    "said think receive received keep kept use used turn part parts aspect aspects thing things need needed "
    "actually really percentage figure number move moved away help helped back sample samples cover covers "
    "covered deal dealt handle handled serve served",
    drop_stopwords=False))
_COUNT = re.compile(r"\bhow many\b|\bnumber of\b", re.IGNORECASE)
_WHY = re.compile(r"^\s*(?:so |and )?why\b|\breasons?\b|\bexplain\b|\bwhat (?:went wrong|held back)\b", re.IGNORECASE)
# "progress on the old Essex North recommendation": earlier inspections' recommendations, which a
# report follows up in prose or a table, not its own numbered list.
_EARLIER_RECOMMENDATION = re.compile(r"\b(?:previous|earlier|old|older|last|past|progress|headway|followed up|"
                                     r"follow-up|implemented|acted on)\b", re.IGNORECASE)
_LEVEL_WORDS = set(tokens("crc nps pdu region regional trust overall grade grades graded rate rates "
                          "quality impact community rehabilitation company national outstanding good "
                          "inadequate requires improvement"))
_RATING_STEMS = set(tokens("outstanding good inadequate requires improvement rated"))
_OVERVIEW = re.compile(r"^\s*(?:tell me about|give me an overview|(?:give me |what is |what's )?(?:a |the )?"
                       r"(?:overview|summary|gist) of|summari[sz]e|sum up)\b|\b(?:key|main|headline) findings\b|"
                       r"\bwhat did (?:the )?(?:\w+ ){0,4}(?:inspection|inspectors|report) (?:find|conclude|say)\s*\??$",
                       re.IGNORECASE)
# Concepts that key questions measure ("keeping other people safe"): a comparison naming one wants
# the key-question figure, not the standard's rating.
_KEY_QUESTION_CONCEPTS = {"safety", "desistance", "engagement"}
_FIGURE_CUE = re.compile(r"\b(?:percentage|per ?cent|proportion|share|how many|how much|number|how often|figure|"
                         r"score[sd]?|cases)\b|%", re.IGNORECASE)
# A question about money needs a sum of money in the answer, not any number.
_MONEY_ASKED = re.compile(r"\b(?:spend|spends|spent|spending) (?:on|a year|per year|annually)\b|"
                          r"\b(?:budget|cost|costs|costing|funding|salary|salaries|money|pounds)\b|£", re.IGNORECASE)
_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s*(?:pounds|million|bn|billion|k)\b", re.IGNORECASE)
# Concepts that are themselves the measure a figure question asks for ("the reoffending rate").
_MEASURE_CONCEPTS = {"safety", "desistance", "engagement", "turnover"}
_CONCEPT_FILLER = set(tokens("people other keeping the of on by probation person public change"))
# A question asking for the name of a thing: a scheme, a service's provider, a centre.
_THING_NAMED = re.compile(r"\bwhat (?:is|was|were|are) (?:the |this |that |its |their )?[\w' -]{0,60}\bcalled\b|"
                          r"^\s*who (?:runs|ran|provides|provided|delivers|delivered|owns|owned|operates|operated|"
                          r"manages|managed|funds|funded)\b|\bwhich (?:organisation|provider|charity|company|agency)\b",
                          re.IGNORECASE)
_OUTCOME_RATE = re.compile(r"\b(?:re-?offending|reconviction|attrition|sickness|absence|turnover|vacancy|"
                           r"completion|employment|unemployment|recall|breach|conviction) rates?\b|"
                           r"\b(?:cut|cuts|reduce[sd]?|lower(?:ed)?|increase[sd]?)\s+(?:re-?offending|crime)\b",
                           re.IGNORECASE)
# "How many sentence plans / cases ...": a share of the inspected sample may answer it.
_SHARE_OF_SAMPLE = re.compile(r"\bhow many (?:of (?:the|their) )?(?:\w+ )?(?:cases|plans|assessments|reviews|"
                              r"reports|orders|licences|respondents)\b", re.IGNORECASE)
_PER_HEAD = re.compile(r"\b(?:each|per|average|on average|apiece)\b", re.IGNORECASE)  # "cases per officer": a count
_PERCENT_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)", re.IGNORECASE)
_FUTURE = re.compile(r"^\s*(?:when|what|how|will|is|are)\b[^?]*\b(?:will|going to|next|planned)\b", re.IGNORECASE)
_FUTURE_SENTENCE = re.compile(r"\b(?:will|next|planned|plans?|intend\w*|due to|going to|follow-up)\b", re.IGNORECASE)
_IN_HOW_MANY = re.compile(r"\b(?:in|of) how many\b", re.IGNORECASE)
# The thing a "how many" question counts: the words after "how many" ("senior probation officers").
_COUNTED = re.compile(r"\b(?:how many|number of)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)", re.IGNORECASE)
# A number and the (up to three) words it counts: "10 SPOs", "eight PDUs", "15 service users".
_COUNT_BEFORE = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+"
                           r"((?:[A-Za-z'-]+\s+){0,3}[A-Za-z'-]+)", re.IGNORECASE)
_PERCENT = re.compile(r"percent|per cent|%|proportion|share|how often|what fraction", re.IGNORECASE)
_WHEN = re.compile(r"^\s*when\b|\bwhat (?:period|dates?|time)\b|\bover what\b|\bhow long\b|\bwhich (?:month|year|dates?)\b",
                   re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTHS})\b|\b(?:{_MONTHS}) (?:\d{{1,2}}, )?(?:19|20)\d\d\b")
_WHICH_RATED = re.compile(r"\b(which|how many)\b[^?]*?\b(?:standards?|areas?)\b.*?"
                          r"\b(outstanding|good|requires? improvement|inadequate)\b", re.IGNORECASE)
# "... on any of its standards?", "ratings across all standards": every standard's rating.
_STANDARD_WORD = r"(?:standards?|areas? of (?:its |their )?work|aspects? of (?:its |their )?work)"
_ALL_STANDARDS = re.compile(rf"\b(?:any|all|each|every) (?:of (?:its|the|their) )?(?:\w+ )?standards\b|"
                            r"\bany (?:outstanding|good|inadequate|requires? improvement) (?:ratings?|grades?)\b|"
                            r"\b(?:outstanding|good|inadequate|requires? improvement)'?\s+(?:for|on|in) (?:anything|any)\b|"
                            rf"\b{_STANDARD_WORD}\b.*\b(?:best|worst|better|worse|highest|lowest)\b|"
                            rf"\b(?:best|worst|better|worse|highest|lowest)\b.*\b{_STANDARD_WORD}\b", re.IGNORECASE)
# "Did Suffolk get the top grade for any of its standards?": the rating a yes/no question names.
_TOP_GRADE = re.compile(r"\b(?:top|highest|best) (?:grade|rating|mark)\b", re.IGNORECASE)
_BOTTOM_GRADE = re.compile(r"\b(?:bottom|lowest|worst) (?:grade|rating|mark)\b", re.IGNORECASE)
_YES_NO_QUESTION = re.compile(r"^\s*(?:did|was|were|has|had|is|are|does|do)\b", re.IGNORECASE)
_KEY_QUESTION_RANK = re.compile(r"\bkey questions?\b.*\b(lowest|highest|worst|best|weakest|strongest|rank)",
                                re.IGNORECASE)
_RATED = re.compile(r"\brat(?:ed|ing)\b", re.IGNORECASE)
_GRADE_WORD = re.compile(r"\b(?:rat(?:ing|ed)s?|rate|grade[sd]?|scored?|outstanding|good|inadequate|"
                         r"requires? improvement)\b", re.IGNORECASE)
_NEGATED_WHY = re.compile(r"\bwhy\b.*(?:n't|\bnot\b|\bso (?:few|low|poor)|\bpoor)|\bheld back\b|\bhold(?:ing)? back\b",
                         re.IGNORECASE)
# "What is the name of the head of service?": only a sentence that names someone answers.
_NAME_ASKED = re.compile(r"\bwhat(?: is| was|'s) (?:the )?names? of\b|\bwho (?:is|was) .* called\b|"
                         r"^\s*who (?:is|was|were) (?:the )?(?:hm )?(?:\w+ ){0,2}(?:inspector|director|head|chief|"
                         r"manager|officer|lead|chair)\b", re.IGNORECASE)
_NAME_PAIR = re.compile(r"\b(?=([A-Z][a-z]+) ([A-Z][a-z]{2,})\b)")  # overlapping: "Inspector Justin Russell"
_TITLE_WORDS = set("""Chief Inspector Inspectors Inspectorate Probation Service Services Delivery Unit Senior Officer
Officers Head Deputy Justice Trust Council Partnership Board Court Courts Crown Prison Police Community Rehabilitation
Company Integrated Offender Management National Regional Region Director Manager Team Mental Health Treatment
Requirements Local Safeguarding Children Victim Contact Scheme Quality Impact Approved Premises County Borough
District City East West North South Mid Great Upper Lower New Old Saint""".split())


_NUMBER_NAMES = "zero one two three four five six seven eight nine ten eleven twelve".split()


def _count_words(n: int) -> str:
    return _NUMBER_NAMES[n] if 0 <= n < len(_NUMBER_NAMES) else str(n)


def _leaning(sentences: set[str], towards: set[str]) -> set[str]:
    """The sentences, less those that lean only the other way (praise when asked about a low
    rating, criticism when asked about strengths)."""
    against = _APPRECIATIVE if towards is _CRITICAL else _CRITICAL
    kept = set()
    for sentence in sentences:
        words = set(tokens(sentence, drop_stopwords=False))
        if not (words & against and not words & towards):
            kept.add(sentence)
    return kept


def _new_name(sentence: str, question: str) -> bool:
    """Whether `sentence` names something (a capitalised name other than its first word, e.g.
    "St Giles Wise Group", "180 Scheme") that the question does not already name."""
    asked = {w.lower() for w in re.findall(r"[A-Za-z]+", question)}
    for m in re.finditer(r"(?<!^)(?<![.!?]\s)\b((?:\d+\s)?[A-Z][a-z]+(?:\s+(?:&\s+)?[A-Z][a-z]+)*)", sentence):
        words = [w for w in re.findall(r"[A-Za-z]+", m.group(1))]
        if any(w.lower() not in asked and w not in _TITLE_WORDS and w.lower() not in STOPWORDS for w in words):
            return True
    return False


def _names_someone(sentence: str, places: set[str] = frozenset()) -> bool:
    """Whether a sentence names a person (a title such as "Chief Inspector" or a place such as
    "West Suffolk" is not a name). `places`: lower-case place words to rule out."""
    if re.search(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame)\.? [A-Z][a-z]+", sentence):
        return True
    for m in _NAME_PAIR.finditer(sentence):
        first, second = m.group(1), m.group(2)
        if not ({first, second} & _TITLE_WORDS) and first.lower() not in STOPWORDS \
                and not {first.lower(), second.lower()} & places:
            return True
    return False


_STRENGTHS = re.compile(r"\bstrengths?\b|\bwent well\b|\bdo(?:ne|ing)? well\b|\bpositive", re.IGNORECASE)
_WEAKNESSES = re.compile(r"\bweakness|\bconcern|\bwrong\b|\bimprove|\bdown\b|\bproblem|\bfail|\bissues?\b|"
                         r"\bshortcoming|\bworr", re.IGNORECASE)
_FINDINGS_HEADING = re.compile(r"^(Strengths|Areas for improvement)\s*:?\s*$", re.IGNORECASE)
# Words that carry a finding's direction, to pick the sentences explaining a low or high rating.
_CRITICAL = set(tokens("concern concerned concerning poor insufficient not failed fail failing lack lacking "
                       "inadequate weak weakness problem problems serious broken unacceptable too few delays "
                       "shortage shortages vacancies deficiencies worrying disappointing only too limited "
                       "fewer low below", drop_stopwords=False))  # "not", "only", "too few" are stopwords elsewhere
_APPRECIATIVE = set(tokens("good strong effective well excellent positive pleased outstanding improved "
                           "impressive commend accurate accurately majority hopeful", drop_stopwords=False))
_REASON_WORDS = set(tokens("reason reasons main behind rating rated why dragged pulled down explain what"))
_HMP = re.compile(r"\b(HMP|HM Prison)\s+[A-Z]\w+|\bprison inspection\b", re.IGNORECASE)


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
        self.reader = IndexReader(self.settings, client)
        self.embedder = load_embedder(self.settings.embedding_model, self.settings.embedding_batch_size,
                                      self.settings.embedding_precision, backend=self.settings.embedding_backend,
                                      cache_dir=self.settings.embedding_cache_dir)
        _single_thread_torch()
        self.catalog = Catalog.from_reports(self.reader.reports())
        self.reports = {e.meta.report_id: e.meta for e in self.catalog.entries}
        self.retriever = HybridRetriever(self.reader)
        self.figures = FigureLookup(self.reader.figures(), self.embedder)
        self.picker = SentencePicker([c for c in self.retriever.chunks if c["unit_type"] == "section"],
                                     self.embedder)
        self.picker.templates = self._template_sentences()
        self.abbreviations = Abbreviations.from_texts(c["text"] for c in self.retriever.chunks
                                                      if c["unit_type"] == "section")
        self.picker.abbreviations = self.abbreviations
        self.report_terms = {
            rid: set(tokens(self.reader.report_text(rid))) for rid in self.reports
        }
        # Words that occur in figure-bearing sentences anywhere in the corpus: the measures
        # the reports give numbers for.
        # (Section chunks hold every sentence; a sentence repeated across reports counts once.)
        numeric = {c["text"][a:b] for c in self.retriever.chunks if c["unit_type"] == "section"
                   for a, b in sentence_spans(c["text"]) if numbers_in(c["text"][a:b])}
        self.figure_terms = set().union(*(tokens(sentence) for sentence in numeric))
        self._sections = {}
        for c in self.retriever.chunks:
            if c["unit_type"] == "section":
                self._sections.setdefault(c["report_id"], []).append(c)
        self.particulars = ReportParticulars(self.reader, self.catalog, self.reports, self._sections,
                                             self.abbreviations, self._chunk_for)
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
        if analysis.unknown_places and not analysis.places and not self._names_region(standalone):
            unknown = analysis.unknown_places
            names = ", ".join(n for n in unknown if not any(n != o and n in o for o in unknown))
            within = self._mentioning(unknown, analysis.years) \
                if analysis.intent in (INTENT_EXPLAIN, INTENT_FACT, INTENT_LIST) \
                and not analysis.is_comparison and not self.catalog.unknown_units_in(standalone) else []
            if not within:
                return self._refusal(question, f"no indexed report covers {names}")
            # "What did the inspectors think of the Norwich office?": no report is about Norwich,
            # but a report about the area around it writes about it.
            analysis.sides = [Side(label=label(e.meta), entries=[e]) for e in within[:1]]
        if _HMP.search(standalone) and analysis.intent in (INTENT_RATING, INTENT_SCORE) and not any(
                "prison" in e.meta.kind.lower() for e in self.catalog.entries):
            return self._refusal(question, "prison inspections are not among the indexed reports")
        if all(side.missing for side in analysis.sides):
            looking_back = self._looking_back(analysis, standalone)
            if not looking_back:
                return self._refusal(question, "; ".join(s.missing for s in analysis.sides))
            analysis.sides = looking_back

        query = expand(standalone)
        topic_query = expand(self._topic_only(standalone))
        # One batch: the full question (for retrieval) and its topic alone (for matching figure
        # rows and sentences, which never contain the report's name).
        qvec, tvec = self.embedder.embed([query, topic_query])
        # The lexical search also gets the other form of each abbreviation ("SPOs" for "senior
        # probation officers"); the meaning vectors do not need it.
        query = self.abbreviations.expand(query)
        book = CitationBook(self.reports)
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

        answered = [r for r in results if not r.missing]
        if not answered:
            reasons = "; ".join(f"{r.label}: {r.missing}" for r in results) if len(results) > 1 else results[0].missing
            return self._refusal(question, reasons)

        lines: list[str] = []
        if analysis.is_comparison:
            for r in results:
                if r.missing:
                    lines.append(f"- {r.label}: no evidence in the indexed reports ({r.missing}).")
                else:
                    lines.append("- " + " ".join(r.lines[:1]))
            v = verdict(results) if self._comparable(results) else None
            if v:
                lines.insert(0, v)
                lines.insert(1, "")
            elif len(answered) == len(results):
                lines.append("")
                lines.append("The two sides are not measured on the same figure, so compare the evidence above.")
            extra = [line for r in results if not r.missing for line in r.lines[1:]]
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

    def _names_region(self, question: str) -> bool:
        return bool(re.search(r"\bregion(?:al)?\b", question, re.IGNORECASE)) and any(
            e.level == "region" for e in self.catalog.entries)

    def _chunk_for(self, report_id: str, offset: int) -> dict | None:
        for c in self._sections.get(report_id, []):
            if c["start"] <= offset < c["end"]:
                return c
        return None

    def _cite_row(self, book: CitationBook, row: dict) -> int:
        chunk = self._chunk_for(row["report_id"], row["start"])
        passage = chunk["text"] if chunk else row["quote"]
        section = chunk["section"] if chunk else row["standard"]
        page = row["page"] if row["page"] is not None else (chunk["page"] if chunk else None)
        return book.cite(row["report_id"], row["quote"], passage, section, page, chunk["chunk_id"] if chunk else None)

    def _cite_sentence(self, book: CitationBook, hit, sentence: str) -> int:
        c = hit.chunk
        return book.cite(c["report_id"], sentence, c["text"], c["section"], c["page"], c["chunk_id"])

    def _uncovered_terms(self, question: str, report_ids: list[str]) -> list[str]:
        """Measures the question asks for that other reports give figures on but these do not
        mention at all (e.g. an attrition rate asked of a report that never mentions attrition)."""
        terms = content_terms(question, extra_ignore=self.catalog.all_places)
        vocab = set().union(*(self.report_terms.get(r, set()) for r in report_ids))
        vocab |= same_words(vocab)  # "councils" asked, "local authorities" written
        return [t for t in terms if t not in vocab and not same_words({t}) & vocab and t in self.figure_terms
                and len(t) > 3 and t not in GENERIC_VERBS]

    def _side(self, side: Side, analysis: Analysis, standalone: str, query: str, qvec, tvec,
              book: CitationBook, contexts: list[Context], prefer_q: str | None,
              parallel: str | None = None) -> SideResult:
        result = SideResult(label=side.label if side.label != "all reports" else "")
        if side.missing:
            result.missing = side.missing
            return result
        if side.looks_back_to:
            return self._looking_back_side(side, standalone, tvec, book, contexts)
        restricted = side.restricted
        scoped = side.label != "all reports" and not restricted
        report_ids = side.report_ids[:1] if scoped else (side.report_ids if restricted else None)
        primary = side.entries[0].meta if scoped else None
        if scoped and primary:
            result.label = label(primary)
        intent = analysis.intent
        if intent == INTENT_COMPARE:
            intent = (INTENT_RATING if re.search(r"\b(?:rat(?:ing|ed)s?|grades?|graded)\b", standalone, re.I)
                      else INTENT_SCORE if re.search(r"\boverall\b", standalone, re.I) and not analysis.standards
                      or re.search(r"\bscor(?:e|ed|es)\b", standalone, re.I)
                      and not analysis.standards and not analysis.concepts
                      # "Compare Norfolk and Suffolk on staffing": a standard both rate.
                      else INTENT_RATING if analysis.standards and not set(analysis.concepts) & _KEY_QUESTION_CONCEPTS
                      and not _FIGURE_CUE.search(standalone)
                      and all(self._rates(s.report_ids[0], analysis.standards[0]) for s in analysis.sides if s.report_ids)
                      else INTENT_FIGURE)

        rated_words = False  # a rating question answered from prose: sentences stating ratings first
        explaining = analysis.intent in (INTENT_EXPLAIN, INTENT_LIST) or (
            analysis.intent == INTENT_COMPARE and intent == INTENT_EXPLAIN)
        topic_vec = tvec
        if explaining and scoped:
            # Within one report its name matches every passage: search by topic alone.
            hits = self.retriever.retrieve(self.abbreviations.expand(expand(self._topic_only(standalone))), tvec, report_ids,
                                           k=self.settings.top_k + 2)
            if not hits or max(h.dense for h in hits) < self.settings.min_relevance:
                # A topic of a word or two ("the population") says too little on its own.
                hits = self.retriever.retrieve(query, qvec, report_ids, k=self.settings.top_k + 2)
        else:
            hits = self.retriever.retrieve(query, qvec, report_ids, k=self.settings.top_k)
        for h in hits:
            contexts.append(Context(report=h.chunk["report_id"], section=h.chunk["section"], page=h.chunk["page"],
                                    text=h.chunk["text"], score=round(h.score, 4), chunk_id=h.chunk["chunk_id"]))

        # 0. "What is a PDU?": an abbreviation, as the reports spell it out.
        defined = self.particulars.definition(standalone, report_ids, book)
        if defined:
            result.lines.append(defined)
            return result

        # 0. Particulars of the report itself (lead inspector, fieldwork, publication, case sample).
        if scoped and primary:
            fact = self.particulars.about_report(standalone, primary, book)
            if fact:
                result.lines.append(fact)
                return result

        # 1. Ratings and scores straight from the figures table; asked why, the reasons follow.
        # "What did the region's victim work do well?" / "What went wrong with Norfolk's
        # reviewing?": the standard's rating, scores and the report's strengths or weaknesses.
        # "Tell me about the Norfolk PDU inspection": its rating, then what the report says led to it.
        overview = (scoped and not analysis.is_comparison and not analysis.standards
                    and bool(_OVERVIEW.search(standalone)) and self.figures.has_ratings(report_ids))
        why_rated = overview or (
            analysis.intent == INTENT_EXPLAIN and scoped and not analysis.is_comparison
            and (bool(_RATED.search(standalone)) or bool(analysis.standards) and bool(
                _STRENGTHS.search(standalone) or _WEAKNESSES.search(standalone))
                and not self._narrower_than(standalone, analysis.standards[0]))
            and self.figures.has_ratings(report_ids))
        # "Which key question was lowest (assessment in Suffolk)?": the standard's key questions.
        ranks_questions = (scoped and bool(analysis.standards) and not analysis.is_comparison
                           and bool(_KEY_QUESTION_RANK.search(standalone)) and self.figures.has_ratings(report_ids))
        reasons = why_rated or ranks_questions or (
            intent == INTENT_RATING and not analysis.is_comparison and asks_reason(standalone))
        if (intent == INTENT_RATING and scoped and not self.figures.has_ratings(report_ids or list(self.reports))
                and (not _GRADE_WORD.search(standalone) or self._asks_about_a_topic(standalone))):
            # "What verdict did the 2017 inspection give on ...?", "How did they rate the housing
            # help?" of a report without ratings: its own judgement, in its words.
            intent, explaining = INTENT_EXPLAIN, True
            if _GRADE_WORD.search(standalone):
                result.lines.append(f"{label(primary)} gives no ratings; what it found:")
                rated_words = True
        if intent in (INTENT_RATING, INTENT_SCORE) or why_rated or ranks_questions:
            ids = report_ids or list(self.reports)
            if intent == INTENT_RATING and scoped and not self.figures.has_ratings(ids):
                result.missing = f"{label(primary)} does not give ratings"
                return result
            matches = (self.figures.ratings(report_ids, analysis.standards,
                                            set(tokens(self._topic_only(standalone))) - _REASON_WORDS)
                       if intent != INTENT_SCORE or ranks_questions else self.figures.score(report_ids))
            if not scoped and matches:
                matches = self._best_report_only(matches, hits)
            asked = _WHICH_RATED.search(standalone)
            every = (matches and intent == INTENT_RATING and not analysis.standards
                     and bool(_ALL_STANDARDS.search(standalone)))
            if matches and (asked or every) and intent == INTENT_RATING:
                rid = matches[0].row["report_id"]
                rated = [FigureMatch(self.figures.rows[i], 1.0) for i in self.figures.rows_for([rid], (KIND_RATING,))]
                if asked:
                    # "Which / how many standards were rated Good?": the standards with that rating.
                    wanted = asked.group(2).lower().replace("requires", "require")
                    same = [m for m in rated if m.row["value"].lower().replace("requires", "require") == wanted]
                    name = label(self.reports[rid])
                    if not same:
                        result.lines.append(f"{name} rated no standard {asked.group(2)}.")
                    elif asked.group(1).lower().startswith("how many"):
                        # In words: a count of the cited rows, not a figure quoted from the report.
                        result.lines.append(f"{name}: {_count_words(len(same))} of its {_count_words(len(rated))} "
                                            f"rated standards were {same[0].row['value']}.")
                    matches = same or rated or matches
                else:
                    # "... on any of its standards?", "best-rated standard": every standard's rating,
                    # grouped, the best first when the best is asked for (else the worst).
                    best = bool(re.search(r"\b(best|better|highest|strongest|top)\b", standalone, re.I))
                    matches = sorted(rated, key=lambda m: (rating_value(m.row["value"]) or 0) * (-1 if best else 1)) \
                        or matches
                    target = ("Outstanding" if _TOP_GRADE.search(standalone) else "Inadequate"
                              if _BOTTOM_GRADE.search(standalone) else None)
                    named = re.search(r"\b(outstanding|good|requires? improvement|inadequate)\b", standalone, re.I)
                    target = target or (named.group(1) if named else None)
                    if target and rated and _YES_NO_QUESTION.search(standalone):
                        # Yes or no first, then every standard's rating as the evidence.
                        norm = target.lower().replace("requires", "require")
                        same = [m for m in rated if m.row["value"].lower().replace("requires", "require") == norm]
                        name = label(self.reports[rid])
                        result.lines.append(
                            f"Yes: {name} rated {_count_words(len(same))} of its {_count_words(len(rated))} "
                            f"standards {same[0].row['value']}." if same else
                            f"No: {name} rated none of its {_count_words(len(rated))} standards {target.capitalize()}.")
            elif (matches and analysis.standards and intent == INTENT_RATING
                  and all(m.row["kind"] != KIND_RATING for m in matches)):
                # A standard this report does not rate: say so and name the ones it does rate.
                rid = matches[0].row["report_id"]
                rated = sorted({self.figures.rows[i]["standard"] for i in self.figures.rows_for([rid], (KIND_RATING,))})
                if analysis.standards[0] in standalone.lower():
                    result.missing = (f"{label(self.reports[rid])} gives no rating for {analysis.standards[0]}"
                                      + (f"; it rates {', '.join(rated)}" if rated else ""))
                    return result
                # A looser word ("reviews", "delivered") may not mean the standard at all: what
                # the report found on the question's topic.
                result.lines.append(f"{label(self.reports[rid])} gives no separate rating for this; what it found:")
                matches, explaining, intent, rated_words = [], True, INTENT_EXPLAIN, True
            if (matches and intent == INTENT_RATING and scoped and not analysis.standards
                    and all(m.row["kind"] in (KIND_OVERALL, KIND_SCORE) for m in matches)
                    and not re.search(r"\boverall\b", standalone, re.I) and self._asks_about_a_topic(standalone)):
                # "How did they rate the region's workforce planning?": not a rated standard, so
                # the report's findings on it rather than its overall rating.
                result.lines.append(f"{label(primary)} gives no separate rating for this; what it found:")
                matches, explaining, intent, rated_words = [], True, INTENT_EXPLAIN, True
            if matches:
                self._add_rating_lines(result, matches, book,
                                       prefer_score=bool(re.search(r"\bscor", standalone, re.I)))
                if not reasons:
                    self._add_evidence(result, hits, analysis, book, n=1, qvec=tvec)
                    return result
                if self._add_standard_reasons(result, matches, standalone, tvec, book):
                    return result
                if analysis.standards and not overview:
                    # A standard this report does not rate ("Did Norfolk do well on court work?"):
                    # what the report found on it, not the reasons for its overall rating.
                    result.lines = [f"{label(primary or self.reports[matches[0].row['report_id']])} gives no "
                                    f"rating for {analysis.standards[0]}; what it found:"]
                    result.figures = []
                    matches = []
                # The overall rating: the standards rated lowest, then the report's own words.
                if matches and self._add_overall_reasons(result, matches, tvec, book):
                    return result
                explaining = True

        # 1b. A comparison whose first side was measured by a sentence in the report's prose:
        # this side by the sentence that measures the same thing, if its report has one.
        if parallel and intent in (INTENT_FIGURE, INTENT_SCORE) and not result.lines:
            found = self._parallel_sentence(parallel, report_ids)
            if found:
                hit, sentence = found
                n = self._cite_sentence(book, hit, sentence)
                result.lines.append(quote_line(sentence, self.reports[hit.chunk["report_id"]], n))
                result.sentence = sentence
                measured = measure_in(sentence)
                if measured:
                    result.value, result.value_text, result.value_kind = measured
                return result

        # 2. Key-question percentages and caseload numbers from the figures table. (An outcome
        # rate - reoffending, attrition - is not a share of cases judged sufficient.)
        if intent in (INTENT_FIGURE, INTENT_SCORE, INTENT_RATING) and not result.lines \
                and not _OUTCOME_RATE.search(standalone):
            wants_count = bool(_COUNT.search(standalone)) and not _PERCENT.search(standalone)
            matches = self.figures.numeric(tvec, report_ids, analysis.standards, analysis.concepts,
                                           prefer_question=prefer_q, wants_count=wants_count)
            if matches:
                best = matches[0]
                threshold = CASELOAD_MIN if best.row["kind"] == KIND_CASELOAD else KEY_QUESTION_MIN
                prose_better = self._prose_beats(best, hits, analysis, standalone)
                counted = self._counted(standalone) if wants_count else set()
                if counted and not counted & self.picker.words(best.row["quote"]):
                    prose_better = True  # "How many women ...": the caseload row counts everyone
                if best.row["kind"] == KIND_CASELOAD and _PERCENT.search(standalone):
                    prose_better = True  # "What share of the caseload is under 25?": a count is no share
                if best.row["kind"] == KIND_CASELOAD:
                    cues = set(tokens(" ".join(CONCEPTS["caseload"][0]) + " " + CONCEPTS["caseload"][1]))
                    extra = set(content_terms(standalone, self.catalog.all_places)) - GENERIC_VERBS - cues
                    if extra and not extra & self.picker.words(best.row["quote"]):
                        prose_better = True  # "How many people ... are homeless?": not the whole caseload
                if best.score >= threshold and not prose_better:
                    self._add_numeric_line(result, best, book, analysis)
                    self._add_evidence(result, hits, analysis, book, n=1, qvec=tvec)
                    return result

        # 3. Recommendations: the report's own numbered list, item by item.
        if (scoped and primary and re.search(r"\brecommend", standalone, re.IGNORECASE) and not result.lines
                and not _EARLIER_RECOMMENDATION.search(standalone)):
            items = self._recommendations(primary.report_id)
            if items:
                made = (f"{_count_words(len(items))} recommendations" if _COUNT.search(standalone)
                        else "these recommendations")
                result.lines.append(f"{label(primary)}: the inspectors made {made}:")
                for chunk, item in items:
                    n = book.cite(primary.report_id, item, chunk["text"], chunk["section"], chunk["page"],
                                  chunk["chunk_id"])
                    result.lines.append(f"“{item}” [{n}]")
                return result

        # 4. Prose: the best sentences of the retrieved passages.
        if not hits or max(h.dense for h in hits) < self.settings.min_relevance:
            result.missing = "nothing in the reports is relevant enough"
            return result
        if analysis.intent == INTENT_FIGURE:
            uncovered = self._uncovered_terms(standalone, report_ids or [hits[0].chunk["report_id"]])
            if uncovered and self._numeric_sentence_matches(hits, standalone, set(uncovered)):
                uncovered = []  # a figure sentence carries most of the question's words
            asked = set(content_terms(standalone, extra_ignore=self.catalog.all_places)) - GENERIC_VERBS
            weight = lambda ts: sum(self.picker.idf.get(t, self.picker.default_idf) for t in ts)  # noqa: E731
            if uncovered and weight(uncovered) <= 0.5 * weight(asked):
                # One unmatched word among several ("sick leave", "cover", "housing") is more
                # likely a different wording than a measure the report lacks.
                uncovered = []
            if uncovered:
                result.missing = f"the report does not give figures on {', '.join(uncovered)}"
                return result
        terms = set(content_terms(standalone, self.catalog.all_places))
        if re.search(r"\bchanges? (?:in|to|of)\b", standalone, re.I):
            terms.add(stem("changes"))  # "changes in risk" is a topic, not "how has it changed"
        # The standard's name counts only where the report has that standard's section.
        own = report_ids or [hits[0].chunk["report_id"]]
        standards = [s for s in analysis.standards
                     if any(s in c["section"].lower() for rid in own for c in self._sections.get(rid, []))]
        boost = set(tokens(" ".join(standards)))
        if rated_words:
            boost |= _RATING_STEMS  # a sentence that states a rating ("rated ... as 'Outstanding'")
        lean = frozenset()
        if explaining:
            # "What's the problem with ...?" leans to critical findings; "What went well?" to the others.
            if _WEAKNESSES.search(standalone) or _NEGATED_WHY.search(standalone):
                lean = _CRITICAL
            elif _STRENGTHS.search(standalone):
                lean = _APPRECIATIVE
        need_number = analysis.intent == INTENT_FIGURE
        if (need_number and _COUNT.search(standalone) and not _PERCENT.search(standalone)
                and not _IN_HOW_MANY.search(standalone)
                and not (_SHARE_OF_SAMPLE.search(standalone) and not _PER_HEAD.search(standalone))):
            need_number = "count"  # "in how many of the cases ...?" may be answered "more than half"
        elif need_number and re.search(r"\b(?:percentage|proportion|share|what fraction)\b|%", standalone, re.I):
            need_number = "share"  # a share: "55 per cent", "13 out of 39", "two-thirds", not "all backgrounds"
        explaining = explaining or (analysis.intent == INTENT_COMPARE and intent != INTENT_FIGURE)
        if standards:
            # Passages from the section of the standard the question names come first.
            std = standards[0]
            hits = sorted(hits, key=lambda h: std not in (h.chunk["section"] + " " + h.chunk["prefix"]).lower())
        if _WHEN.search(standalone) and not need_number:
            dated = self.picker.pick(hits, terms, n=3, boost=boost, qvec=topic_vec, max_per_passage=2,
                                     allowed=self._dated_sentences(hits))
            if dated:
                hits = [h for h in hits if any(h is d[0] for d in dated)] + \
                       [h for h in hits if not any(h is d[0] for d in dated)]
        if explaining and _WHY.search(standalone) and any(h.chunk["unit_type"] == "section" for h in hits):
            # An explanation reads whole passages: a one-sentence unit cannot bring along the
            # sentence its "This resulted in ..." refers back to.
            hits = [h for h in hits if h.chunk["unit_type"] == "section"]
        picks = self.picker.pick(hits, terms, n=5 if explaining else 3, need_number=need_number, boost=boost,
                                 qvec=topic_vec, max_per_passage=2, antecedents=explaining or bool(need_number), lean=lean,
                                 exclude=self.picker.templates if explaining else frozenset())
        if _WHEN.search(standalone) and not need_number and dated:
            picks = dated + [p for p in picks if p[1] not in {d[1] for d in dated}][:2]
        if (analysis.is_comparison and intent == INTENT_FIGURE and picks
                and not numbers_in(YEAR.sub(" ", re.sub(r"^\s*\d+\.\s*", "", picks[0][1])))):
            # A side of a comparison is measured by a figure where its report gives one on the
            # topic ("in 10 out of 24 cases"), not by a general sentence.
            numeric = self.picker.pick(hits, terms, n=1, need_number=True, boost=boost, qvec=topic_vec,
                                       max_per_passage=2, antecedents=True)
            if numeric and numeric[0][2] >= 0.6 * picks[0][2]:
                picks = numeric + [p for p in picks if p[1] != numeric[0][1]]
        if need_number == "count" and picks:
            # "How many SPOs ...?": a sentence counting that very thing ("10 SPOs") leads.
            wanted = self._counted(standalone)
            counted = [p for p in picks if self._counts(p[1], wanted)]
            if counted and counted[0] is not picks[0]:
                picks = counted[:1] + [p for p in picks if p is not counted[0]]
            if wanted and not counted and scoped:
                # The passage that counts it may not have been retrieved ("158 staff working in
                # the PDU" sits in the background section): look through the report itself.
                found = self._counting_sentence(report_ids, wanted, terms)
                if found:
                    picks = [found] + picks
                    counted = [found]
            if wanted and not counted:
                naming = [p for p in picks if wanted & self.picker.words(p[1])]
                if naming and naming[0] is not picks[0]:
                    picks = naming[:1] + [p for p in picks if p is not naming[0]]
            if wanted and not counted and not any(wanted & self.picker.words(p[1]) for p in picks):
                # "How many beds do the approved premises have?": no sentence even names beds.
                result.missing = "the reports do not give that number"
                return result
        measured = [c for c in analysis.concepts if c in _MEASURE_CONCEPTS]
        if need_number and measured and picks and not result.lines:
            # "What was the reoffending rate ...?": the figure must be about reoffending, not
            # any number near the question's other words.
            expressing = [p for p in picks[:3] if any(self._expresses(p[1], c) for c in measured)]
            if not expressing:
                result.missing = "the reports do not state a figure for this"
                return result
            if expressing[0] is not picks[0]:
                picks = expressing[:1] + [p for p in picks if p is not expressing[0]]
        if _OUTCOME_RATE.search(standalone) and need_number:
            # "What was the reoffending rate?": a sentence stating a rate, not any share of cases.
            outcome = set(tokens(_OUTCOME_RATE.search(standalone).group(0))) - {"rate"}
            picks = [p for p in picks if re.search(r"\brates?\b", p[1], re.I)
                     or _PERCENT_FIGURE.search(p[1]) and outcome & set(tokens(p[1]))]
            if not picks:
                result.missing = "the reports do not state that rate"
                return result
        if _FUTURE.search(standalone):
            # "When will Norfolk be inspected again?": only a sentence about what is to come.
            picks = [p for p in picks if _FUTURE_SENTENCE.search(p[1])]
            if not picks:
                result.missing = "the reports do not say what will happen"
                return result
        if (need_number and _MONEY_ASKED.search(standalone) and not _COUNT.search(standalone)
                and not any(_MONEY.search(p[1]) for p in picks[:3])):
            result.missing = "the reports do not give that amount"
            return result
        if need_number and (not picks or (picks[0][2] < 2.5 and not self._covers_question(picks[0][1], terms))):
            result.missing = "the reports do not state a figure for this"
            return result
        if _NAME_ASKED.search(standalone):
            wider = self.picker.pick(hits, terms, n=10, boost=boost, qvec=topic_vec, max_per_passage=3)
            places = {w for p in self.catalog.all_places for w in p.lower().split()}
            named = [p for p in picks + wider if _names_someone(p[1], places)]
            named = [p for i, p in enumerate(named) if p[1] not in {q[1] for q in named[:i]}]
            if not named:
                result.missing = "the reports do not give that name"
                return result
            picks = named + [p for p in picks if p not in named]
        elif _THING_NAMED.search(standalone) and picks:
            # "What was the new IOM scheme called?", "Who runs the women's services?": a sentence
            # that names something the question does not already name leads.
            wider = self.picker.pick(hits, terms, n=8, boost=boost, qvec=topic_vec, max_per_passage=3)
            naming = [p for p in picks + wider if _new_name(p[1], standalone)]
            if naming:
                picks = naming[:1] + [p for p in picks if p[1] != naming[0][1]]
        if not picks:
            picks = self.picker.pick(hits, terms, n=3, boost=boost, qvec=topic_vec, max_per_passage=2)
        if not picks:
            result.missing = "nothing in the reports is relevant enough"
            return result
        if explaining and analysis.intent != INTENT_COMPARE and not result.lines:
            picks = self._read_on(picks, n=5)
        stated = bool(result.lines)  # a rating already leads; these sentences explain it
        for i, (hit, sentence, _) in enumerate(picks):
            n = self._cite_sentence(book, hit, sentence)
            meta = self.reports[hit.chunk["report_id"]]
            result.lines.append(quote_line(sentence, meta, n, with_label=(i == 0 and not stated)))
        result.sentence = picks[0][1]
        if need_number or analysis.intent == INTENT_COMPARE:
            measured = measure_in(picks[0][1])
            if measured:
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
                if _DATE.search(text[a:b]):
                    out.add(text[a:b])
        return out

    def _read_on(self, picks: list, n: int, follow: int = 2) -> list:
        """The best sentence, then the sentences that follow it in its paragraph (a finding is
        usually explained right after it is stated), then the other picks, `n` in all."""
        hit, lead, score = picks[0]
        text = hit.chunk["text"]
        start = text.find(lead)
        following = []
        if start >= 0:
            end = start + len(lead)
            for a, b in sentence_spans(text):
                if a < end:
                    continue
                if "\n" in text[end:a] or len(following) == follow:
                    break
                sentence = text[a:b]
                if len(sentence) >= 30 and sentence not in self.picker.templates:
                    following.append((hit, sentence, score))
                end = b
        out = [picks[0]] + following
        for p in picks[1:]:
            if all(p[1] not in q[1] and q[1] not in p[1] for q in out):
                out.append(p)
        return out[:n]

    def _prose_beats(self, best: FigureMatch, hits, analysis: Analysis, question: str) -> bool:
        """True when rare words of the question are missing from the table row but present in a
        retrieved passage that carries a number: that passage answers, the row does not."""
        if best.score >= 0.9:  # includes the same-question bonus of a comparison's first side
            return False
        terms = set(content_terms(question, extra_ignore=self.catalog.all_places))
        row_text = (best.row["question"] + " " + best.row["standard"]).lower()
        row_terms = set(tokens(row_text))
        missing = {t for t in terms - row_terms - GENERIC_VERBS
                   if self.picker.idf.get(t, self.picker.default_idf) >= RARE_IDF}
        # A word whose concept the row expresses in other words ("safety" ~ "keeping ... safe").
        for name, (cues, _) in CONCEPTS.items():
            cue_stems = set(tokens(" ".join(cues)))
            if any(m in row_text for m in CONCEPT_MARKERS.get(name, ())):
                missing -= cue_stems
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
        for h in hits[:5]:
            text = h.chunk["text"]
            if numbers_in(text) and missing & set(tokens(text)):
                return True
        return False

    def _year_passages(self, report_id: str, year: int) -> list[dict]:
        return [c for c in self._sections.get(report_id, [])
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
                   and terms & set(tokens(" ".join(c["text"] for c in self._year_passages(e.meta.report_id, year))))]
        if not entries:
            return []
        return [Side(label=label(e.meta), entries=[e], looks_back_to=year) for e in entries[:1]]

    def _looking_back_side(self, side: Side, question: str, tvec, book: CitationBook,
                           contexts: list[Context]) -> SideResult:
        """Answer from the passages of a later report that write about `side.looks_back_to`."""
        year, meta = side.looks_back_to, side.entries[0].meta
        result = SideResult(label=label(meta))
        passages = {c["chunk_id"] for c in self._year_passages(meta.report_id, year)}
        hits = [h for h in self.retriever.retrieve(self.abbreviations.expand(expand(self._topic_only(question))), tvec,
                                                   [meta.report_id], k=self.settings.top_k * 4)
                if h.chunk["chunk_id"] in passages]
        terms = set(content_terms(question, self.catalog.all_places)) - {str(year)}
        picks = self.picker.pick(hits, terms, n=4, qvec=tvec, max_per_passage=3, antecedents=True)
        if not picks:
            result.missing = f"no indexed report is from {year}, and none says enough about it"
            return result
        for h in hits:
            contexts.append(Context(report=h.chunk["report_id"], section=h.chunk["section"], page=h.chunk["page"],
                                    text=h.chunk["text"], score=round(h.score, 4), chunk_id=h.chunk["chunk_id"]))
        for i, (hit, sentence, _) in enumerate(picks):
            n = self._cite_sentence(book, hit, sentence)
            line = quote_line(sentence, None, n)
            result.lines.append(f"No indexed report is from {year}, but {label(meta)} looks back to it: {line}"
                                if i == 0 else line)
        return result

    def _asks_about_a_topic(self, question: str) -> bool:
        """Whether a rating question names something beyond the report and its rating ("the
        housing help", not just "Suffolk in 2017" or "the CRC")."""
        terms = set(content_terms(question, self.catalog.all_places)) - GENERIC_VERBS - _LEVEL_WORDS
        return bool(terms - {t for t in terms if t.isdigit()})

    def _counted(self, question: str) -> set[str]:
        """The stems of what a "how many" question counts ("How many SPOs does Norfolk have?"
        -> {"spo", "senior", "probat", "offic"}); empty when it counts cases or people."""
        asked = _COUNTED.search(question)
        if not asked:
            return set()
        phrase = []
        for word in asked.group(1).split():  # the noun phrase ends at the verb: "SPOs does ..."
            if word.lower() in STOPWORDS or any(word.lower() in p.split() for p in self.catalog.all_places):
                break
            phrase.append(word)
        return self.picker.words(" ".join(phrase)) - set(tokens(" ".join(QUESTION_FILLER))) - GENERIC_VERBS

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

    @staticmethod
    def _expresses(sentence: str, concept: str) -> bool:
        """Whether a sentence speaks of `concept` in any of its cue words or report phrasings."""
        cues, phrasing = CONCEPTS[concept]
        words = set(tokens(" ".join(cues) + " " + phrasing)) - _CONCEPT_FILLER
        return bool(words & set(tokens(sentence)))

    def _narrower_than(self, question: str, standard: str) -> bool:
        """Whether the question asks about something inside a standard ("working conditions for
        unpaid work supervisors", "services for women"), not the standard as a whole ("What went
        wrong with unpaid work?"): a topic word beyond the standard's own."""
        own = set(tokens(" ".join((standard,) + STANDARD_HINTS.get(standard, ()))))
        words = set(content_terms(question, self.catalog.all_places)) - own - GENERIC_VERBS - _REASON_WORDS
        words -= set(tokens("well wrong problem problems strength strengths weakness weaknesses good bad "
                            "improve improvement concern concerns issue issues"))
        return len(words) >= 1

    def _rates(self, report_id: str, standard: str) -> bool:
        """Whether the report rates the standard ("staffing" -> "1.2 Staffing")."""
        return any(self.figures.rows[i]["standard"].lower().endswith(standard.lower())
                   for i in self.figures.rows_for([report_id], (KIND_RATING,)))

    def _counting_sentence(self, report_ids: list[str], wanted: set[str], terms: set[str]):
        """The sentence of the report that best counts `wanted`, as a pick."""
        best = None
        for rid in report_ids:
            for c in self._sections.get(rid, []):
                text = c["text"]
                for a, b in sentence_spans(text):
                    sentence = text[a:b]
                    if len(sentence) >= 30 and self._counts(sentence, wanted):
                        score = self.picker.score(sentence, terms)
                        if best is None or score > best[2]:
                            best = (Hit(chunk=c, score=0.0, dense=0.0, lexical=0.0), sentence, score)
        return best

    def _counts(self, sentence: str, wanted: set[str]) -> bool:
        """Whether `sentence` puts a number right before the thing the question counts
        (`wanted`, from `_counted`: "How many SPOs ...?" -> "10 SPOs", "eight PDUs")."""
        if not wanted:
            return False
        for m in _COUNT_BEFORE.finditer(sentence):
            if re.search(r"\b(?:out of|of|in)\s*$", sentence[:m.start()], re.IGNORECASE):
                continue  # "47 out of 50 relevant staff": a share of them, not how many there are
            if wanted & self.picker.words(m.group(1)):
                return True
        return False

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

    def _parallel_sentence(self, sentence: str, report_ids: list[str] | None):
        """The figure-bearing sentence of `report_ids` closest in meaning to `sentence` (another
        report's finding), if close enough to measure the same thing; else None."""
        vec = self.embedder.embed([sentence])[0]
        hits = self.retriever.retrieve(self.abbreviations.expand(sentence), vec, report_ids, k=self.settings.top_k)
        picks = self.picker.pick(hits, set(content_terms(sentence, self.catalog.all_places)), n=3,
                                 need_number=True, qvec=vec, max_per_passage=2)
        best, top_lex = None, max((p[2] for p in picks), default=0.0) or 1.0
        for hit, candidate, lex in picks:
            if candidate == sentence or not (numbers_in(YEAR.sub(" ", candidate)) or measure_in(candidate)):
                continue  # a count or a proportion ("in half of the relevant cases")
            v = self.picker.vectors([candidate])[0]
            sim = float(np.dot(vec, v)) if v is not None else 0.0
            # Meaning decides, shared words break near-ties.
            value = sim + 0.5 * lex / top_lex
            if sim >= PARALLEL_MIN and (best is None or value > best[0]):
                best = (value, hit, candidate)
        return (best[1], best[2]) if best else None

    def _covers_question(self, sentence: str, terms: set[str]) -> bool:
        """A figure sentence answers only if it holds at least half of the question's words."""
        if not terms:
            return True
        terms = same_words(terms)
        return len(terms & self.picker.words(sentence)) * 2 >= len(terms)

    def _numeric_sentence_matches(self, hits, question: str, uncovered: set[str]) -> bool:
        """Whether a retrieved sentence with a number holds at least three and three quarters
        of the question's other words (the missing one was just phrased differently)."""
        terms = set(content_terms(question, extra_ignore=self.catalog.all_places)) - uncovered
        if len(terms) < 3:
            return False
        for h in hits:
            for a, b in sentence_spans(h.chunk["text"]):
                sentence = h.chunk["text"][a:b]
                if numbers_in(sentence) and len(terms & set(tokens(sentence))) >= 0.75 * len(terms):
                    return True
        return False

    def _recommendations(self, report_id: str) -> list[tuple[dict, str]]:
        """Numbered items of the report's Recommendations section, in order."""
        items = []
        for c in self._sections.get(report_id, []):
            if "recommendation" not in c["section"].lower() or "previous" in c["section"].lower():
                continue
            for line in c["text"].split("\n"):
                line = line.strip()
                if re.match(r"^\d{1,2}\.\s+\S", line) and len(line) > 20:
                    items.append((c, line))
        return items

    def _template_sentences(self) -> set[str]:
        """Sentences that define a standard rather than report a finding: the line right after
        a standard heading ("Staff are enabled to deliver ...") and sentences repeated verbatim
        across reports."""
        seen: dict[str, set[str]] = {}
        templates = set()
        heading = re.compile(r"^(?:[PR]\s?)?\d\.\d{1,2}\.?\s+[A-Z][^\n]{2,80}$")
        words = "|".join(re.escape(w) for w in RATING_WORDS)
        rating = re.compile(rf"(?:^|\.\s+)(?:{words})\.?$", re.IGNORECASE)
        for c in self.retriever.chunks:
            if c["unit_type"] != "section":
                continue
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

    def _topic_only(self, question: str) -> str:
        """The question without the places, units and years that name its reports."""
        out = question
        for place in sorted(self.catalog.all_places, key=len, reverse=True):
            out = re.sub(r"\b" + re.escape(place) + r"\b", " ", out, flags=re.IGNORECASE)
        out = re.sub(r"\b(PDU|CRC|region(?:al)?|19\d\d|20\d\d)\b", " ", out, flags=re.IGNORECASE)
        return re.sub(r"\s{2,}", " ", out).strip()

    def _best_report_only(self, matches: list[FigureMatch], hits) -> list[FigureMatch]:
        top = hits[0].chunk["report_id"] if hits else matches[0].row["report_id"]
        same = [m for m in matches if m.row["report_id"] == top]
        return same or [m for m in matches if m.row["report_id"] == matches[0].row["report_id"]]

    def _add_standard_reasons(self, result: SideResult, matches: list[FigureMatch], question: str,
                              qvec, book: CitationBook) -> bool:
        """Why a standard got its rating: its key-question scores, lowest first, then the
        report's findings for that standard (weaknesses for a low rating, strengths for a high
        one, or what the question asks for). False if no single standard was rated."""
        rated = [m.row for m in matches if m.row["kind"] == KIND_RATING]
        if not rated:
            return False
        row = rated[0]
        report_id, standard = row["report_id"], row["standard"]
        questions = sorted((r for r in self.figures.rows if r["report_id"] == report_id
                            and r["kind"] == KIND_KEY_QUESTION and r["standard"] == standard),
                           key=lambda r: r["number"] if r["number"] is not None else 0.0)
        if questions:
            parts = []
            for r in questions:
                n = self._cite_row(book, r)
                parts.append(f"{r['value']} on “{r['question']}” [{n}]")
                result.figures.append(figure_ref(r, n))
            order = ", lowest first" if len(questions) > 1 else ""
            result.lines.append(f"The key-question scores behind the {standard} rating{order}: "
                                + "; ".join(parts) + ".")
        if _STRENGTHS.search(question):
            wanted = "strengths"
        elif _WEAKNESSES.search(question):
            wanted = "areas"
        else:
            wanted = "strengths" if (rating_value(row["value"]) or 0) >= 2 else "areas"
        chunks = sorted((c for c in self._sections.get(report_id, []) if standard.lower() in c["section"].lower()),
                        key=lambda c: ("summary" not in c["section"].lower(), c["start"]))
        allowed, state, section, headed = set(), None, None, False
        for c in chunks:
            if c["section"] != section:
                state, section = None, c["section"]
            for line in c["text"].split("\n"):
                line = line.strip()
                heading = _FINDINGS_HEADING.match(line)
                if heading:
                    state = "strengths" if heading.group(1).lower().startswith("strength") else "areas"
                    headed = True
                    continue
                if not line or state not in (None, wanted) or re.match(r"^Our rating", line):
                    continue
                spans = sentence_spans(line)
                # A bullet's first sentence states the finding; the rest elaborate it.
                for a, b in (spans[:1] if line.startswith(("-", "•")) else spans):
                    allowed.add(line[a:b])
        allowed -= self.picker.templates
        # Without the report's own headings, a finding's words tell its direction.
        towards = _APPRECIATIVE if wanted == "strengths" else _CRITICAL
        allowed = _leaning(allowed, towards)
        if not headed:
            # No Strengths / Areas headings: the findings whose words lean the asked way, when
            # there are enough of them, not the neutral ones.
            leaning = {x for x in allowed if set(tokens(x, drop_stopwords=False)) & towards}
            if len(leaning) >= 2:
                allowed = leaning
        hits = [Hit(chunk=c, score=1.0, dense=1.0, lexical=0.0) for c in chunks]
        # A summary of the standard opens with its thesis: that sentence comes first.
        thesis = []
        summary = [h for h in hits if "summary" in h.chunk["section"].lower()]
        if summary:
            text = summary[0].chunk["text"]
            for a, b in sentence_spans(text):
                if text[a:b] in allowed and len(text[a:b]) >= 40:
                    thesis = [(summary[0], text[a:b], 0.0)]
                    break
        terms = set(content_terms(question, self.catalog.all_places)) - _REASON_WORDS
        picks = thesis + self.picker.pick(hits, terms, n=4 - len(thesis), qvec=qvec, max_per_passage=2,
                                          allowed=allowed, antecedents=True, boost=towards,
                                          exclude={s for _, s, _ in thesis})
        if picks:
            what = ("strengths" if wanted == "strengths" else "areas for improvement") if headed else "findings"
            result.lines.append(f"The report's {what} for {standard}:")
            for hit, sentence, _ in picks:
                k = self._cite_sentence(book, hit, sentence)
                result.lines.append(quote_line(sentence, None, k))
        return True

    def _add_overall_reasons(self, result: SideResult, matches: list[FigureMatch], qvec,
                             book: CitationBook) -> bool:
        """After an overall rating: the standards rated lowest in the same report, then the
        opening sentences of the passage where the report itself gives the overall rating
        (usually the foreword). False if the report gives the rating nowhere in prose."""
        overall = next((m.row for m in matches if m.row["kind"] == KIND_OVERALL), None)
        if overall is None:
            return False
        report_id = overall["report_id"]
        rows = [self.figures.rows[i] for i in self.figures.rows_for([report_id], (KIND_RATING,))]
        ranked = [(rating_value(r["value"]), r) for r in rows if rating_value(r["value"]) is not None]
        if ranked:
            low = min(v for v, _ in ranked)
            cited = []
            for r in (r for v, r in ranked if v == low):
                n = self._cite_row(book, r)
                result.figures.append(figure_ref(r, n))
                cited.append(f"{r['standard']} [{n}]")
            worst = next(r for v, r in ranked if v == low)
            result.lines.append(f"Standards rated {worst['value']}: "
                                + ", ".join(cited) + ".")
        said = re.compile(r"\brated\W+" + re.escape(overall["value"]) + r"\W+overall|overall rating of\W+"
                          + re.escape(overall["value"]), re.IGNORECASE)
        chunks = self._sections.get(report_id, [])
        sections = {c["section"] for c in chunks if said.search(c["text"])}
        anchors = [c for c in chunks if c["section"] in sections]
        if not anchors:
            return False
        allowed = set()
        for c in anchors:
            for paragraph in re.split(r"\n\s*\n", c["text"]):
                spans = sentence_spans(paragraph)
                rating_said = [paragraph[a:b] for a, b in spans if said.search(paragraph[a:b])]
                # Each paragraph opens with its point; where the rating itself is given, that
                # sentence (with the one it follows from) stands for the paragraph.
                allowed.update(rating_said or [paragraph[a:b] for a, b in spans[:1]])
        low = (rating_value(overall["value"]) or 0) < 2
        allowed = _leaning(allowed, _CRITICAL if low else _APPRECIATIVE)
        hits = [Hit(chunk=c, score=1.0, dense=1.0, lexical=0.0) for c in anchors]
        picks = self.picker.pick(hits, _CRITICAL if low else _APPRECIATIVE, n=4, qvec=qvec, max_per_passage=4,
                                 allowed=allowed - self.picker.templates, antecedents=True,
                                 exclude={c.quote for c in book.citations})
        for hit, sentence, _ in sorted(picks, key=lambda p: p[0].chunk["text"].find(p[1])):
            result.lines.append(quote_line(sentence, None, self._cite_sentence(book, hit, sentence)))
        return bool(picks)

    def _add_rating_lines(self, result: SideResult, matches: list[FigureMatch], book: CitationBook,
                          prefer_score: bool = False) -> None:
        meta = self.reports[matches[0].row["report_id"]]
        overall = [m for m in matches if m.row["kind"] == KIND_OVERALL]
        score = [m for m in matches if m.row["kind"] == KIND_SCORE]
        if overall and score:
            n1, n2 = self._cite_row(book, overall[0].row), self._cite_row(book, score[0].row)
            result.lines.append(f"{label(meta)} was rated {overall[0].row['value']} overall [{n1}], "
                                f"with a score of {score[0].row['value']} [{n2}].")
            result.figures += [figure_ref(overall[0].row, n1), figure_ref(score[0].row, n2)]
            main = score[0] if prefer_score else overall[0]
        elif len(matches) > 1 and all(m.row["kind"] == KIND_RATING for m in matches):
            # Several standards: one clause per rating value, each standard cited.
            by_value: dict[str, list[str]] = {}
            for m in matches[:10]:
                n = self._cite_row(book, m.row)
                by_value.setdefault(m.row["value"], []).append(f"{m.row['standard']} [{n}]")
                result.figures.append(figure_ref(m.row, n))
            clauses = [f"{value} for {', '.join(stds)}" for value, stds in by_value.items()]
            result.lines.append(f"{label(meta)} was rated " + "; ".join(clauses) + ".")
            main = matches[0]
        else:
            parts = []
            for m in matches[:10]:
                n = self._cite_row(book, m.row)
                parts.append(rating_line(m.row, meta, n))
                result.figures.append(figure_ref(m.row, n))
            result.lines.append(" ".join(parts))
            main = matches[0]
        row = main.row
        if row["kind"] == KIND_SCORE:
            num = re.match(r"(\d+)", row["value"])
            result.value, result.value_kind = (float(num.group(1)) if num else None), KIND_SCORE
        else:
            result.value, result.value_kind = rating_value(row["value"]), KIND_RATING
        result.value_text = row["value"]
        if not result.label:
            result.label = label(meta)

    def _add_numeric_line(self, result: SideResult, match: FigureMatch, book: CitationBook, analysis: Analysis) -> None:
        row = match.row
        meta = self.reports[row["report_id"]]
        n = self._cite_row(book, row)
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
            k = self._cite_sentence(book, hit, sentence)
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
