"""Compose the extractive answer: a lead sentence that answers, then cited evidence.

Every claim carries an inline `[n]` that resolves (through `CitationBook`) to a report,
section, page and a verbatim quote. Figures and ratings come from the figures table; prose
comes from whole sentences of retrieved passages, never paraphrased. Comparisons are laid
out side by side and end with a verdict in words (higher / lower / same, and by how much)
when both sides carry comparable figures.
"""

from __future__ import annotations

import math
import re

import numpy as np
from dataclasses import dataclass, field, replace

from index.figures import KIND_CASELOAD, KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE
from index.metadata import RATING_WORDS, ReportMeta

from .retrieve import Hit
from .text import YEAR, numbers_in, sentence_spans, tokens
from .types import Answer, Citation, FigureRef
from .vocabulary import same_words

RATING_ORDER = {r: i for i, r in enumerate(reversed(RATING_WORDS))}  # Inadequate=0 .. Outstanding=3


def label(meta: ReportMeta) -> str:
    when = " ".join(x for x in (meta.published_month, str(meta.year or "")) if x)
    return f"{meta.unit} ({when})" if when else meta.unit


@dataclass
class CitationBook:
    """Numbers citations in order of first use and de-duplicates identical quotes."""

    reports: dict[str, ReportMeta]
    citations: list[Citation] = field(default_factory=list)

    def cite(self, report_id: str, quote: str, passage: str, section: str, page: int | None,
             chunk_id: str | None = None) -> int:
        for c in self.citations:
            if c.report == report_id and c.quote == quote:
                return c.n
        meta = self.reports[report_id]
        n = len(self.citations) + 1
        self.citations.append(Citation(
            n=n, report=report_id, title=meta.title, unit=meta.unit, year=meta.year,
            section=section, page=page, quote=quote, passage=passage, chunk_id=chunk_id,
        ))
        return n


@dataclass
class SideResult:
    """What one side of the answer found: its lead line, figures and numeric value."""

    label: str
    lines: list[str] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    value: float | None = None
    value_text: str | None = None
    value_kind: str | None = None
    question: str | None = None
    missing: str | None = None
    sentence: str | None = None  # the report sentence the lead quotes, when it quotes prose


def key_question_line(row: dict, meta: ReportMeta, n: int) -> str:
    return (f"In {label(meta)}, {row['value']} of the cases inspected were judged sufficient on the key "
            f"question “{row['question']}” ({row['standard']}) [{n}].")


def rating_line(row: dict, meta: ReportMeta, n: int) -> str:
    if row["kind"] == KIND_OVERALL:
        return f"{label(meta)} was rated {row['value']} overall [{n}]."
    if row["kind"] == KIND_SCORE:
        return f"{label(meta)} received a score of {row['value']} [{n}]."
    return f"{label(meta)} was rated {row['value']} for {row['standard']} [{n}]."


def caseload_line(row: dict, meta: ReportMeta, n: int) -> str:
    return f"{label(meta)}: “{row['quote']}” [{n}]"


def quote_line(sentence: str, meta: ReportMeta | None, n: int, with_label: bool = True) -> str:
    prefix = f"{label(meta)}: " if (with_label and meta) else ""
    return f"{prefix}“{sentence}” [{n}]"


def figure_ref(row: dict, n: int) -> FigureRef:
    return FigureRef(report=row["report_id"], unit=row["unit"], year=row["year"], standard=row["standard"],
                     question=row["question"], value=row["value"], kind=row["kind"], citation=n)


_NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|third|thirds|quarter|quarters|"
    r"none|all|most|majority|minority)\b", re.IGNORECASE)


_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)", re.IGNORECASE)
# "minority ethnic", "all of the region's offices": quantity words that are not a figure.
_NOT_A_QUANTITY = re.compile(r"\b(?:ethnic minorit\w*|minority ethnic|black, asian and minority)\b", re.IGNORECASE)
_OUT_OF = re.compile(r"\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|\b\w+ in (?:\w+ )?(?:ten|\d+)\b", re.IGNORECASE)
_FRACTION_WORDS = re.compile(r"\b(?:half|halves|third|thirds|quarter|quarters|fifth|fifths|tenth|majority|minority|"
                             r"most|few|fewer than|more than)\b", re.IGNORECASE)
_CARDINALS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred)\b",
                        re.IGNORECASE)
_BACK_REFERENCE = re.compile(
    r"^(?:As a result|Consequently|Therefore|Because of this|This|That|These|Those|It|Despite this|"
    r"Of (?:those|these|them)|In (?:those|these))\b")
_DEFINITION = re.compile(r"^In this (?:section|report|chapter)\b[^.]*\bmeans\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^[ \t]*([^\t\n]+(?:\t[^\t\n]*)*\t[^\t\n]*[^\s\t])[ \t]*$", re.MULTILINE)
_CAPTION = re.compile(r"^(?:Table|Figure|Chart|Graph)\s+\d+(?:[.:]|\s+(?:identifies|shows|sets out|summarises|lists|gives|presents)\b)")
LEAN_BONUS = 0.6  # about a tenth of the cosine range: a tie-breaker, not a topic
MAX_EMBEDDED = 16  # sentences scored by meaning per question side


class SentencePicker:
    """Chooses the sentences of retrieved passages that best answer the question.

    A sentence scores by meaning (cosine similarity to the question, sentence vectors cached)
    and by the rare question words it contains (IDF-weighted), with a small bonus for the rank
    of the passage it comes from.
    """

    def __init__(self, chunks: list[dict], embedder=None, cache_size: int = 20000):
        df: dict[str, int] = {}
        for c in chunks:
            for t in set(tokens(c["text"])):
                df[t] = df.get(t, 0) + 1
        n = max(1, len(chunks))
        self.idf = {t: math.log(1 + n / f) for t, f in df.items()}
        self.default_idf = math.log(1 + n)
        self.embedder = embedder
        self.templates: set[str] = set()  # template wording, ranked below findings
        self._cache: dict[str, list[float]] = {}
        self._cache_size = cache_size
        self.abbreviations = None  # an Abbreviations: "SPOs" then also holds "senior probation officers"

    def words(self, sentence: str) -> set[str]:
        """The stems of `sentence`, with the other form of any abbreviation it uses."""
        toks = same_words(set(tokens(sentence)))
        return self.abbreviations.augment(toks) if self.abbreviations is not None else toks

    def score(self, sentence: str, terms: set[str], boost: set[str] = frozenset()) -> float:
        toks = self.words(sentence)
        terms = same_words(terms)
        gain = sum(self.idf.get(t, self.default_idf) for t in terms & toks)
        gain += sum(self.idf.get(t, self.default_idf) for t in boost & toks)
        return gain / (1.0 + 0.15 * math.log(1 + len(toks)))

    def vectors(self, sentences: list[str]):
        """Sentence vectors, embedded once and cached (None without an embedder)."""
        missing = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        if missing and self.embedder is not None:
            if len(self._cache) > self._cache_size:
                self._cache.clear()
            for s, v in zip(missing, self.embedder.embed(missing)):
                self._cache[s] = v
        return [self._cache.get(s) for s in sentences]

    def pick(self, hits: list[Hit], terms: set[str], n: int, need_number: bool | str = False,
             exclude: set[str] = frozenset(), boost: set[str] = frozenset(), qvec=None,
             max_per_passage: int = 3, allowed: set[str] | None = None,
             antecedents: bool = False, lean: set[str] = frozenset()) -> list[tuple[Hit, str, float]]:
        """The `n` best sentences of `hits`. `need_number` keeps sentences with a figure
        ("count": a number, not "most" or "half"); `lean` words earn a small bonus (the
        direction a question asks about). `allowed` limits the candidates; with
        `antecedents` a sentence that opens with a back-reference ("As a result, ...") is
        quoted together with the sentence it refers to."""
        candidates = []
        for rank, hit in enumerate(hits):
            text = hit.chunk["text"]
            prev = None
            for s, e, row in _units(text):
                sentence = text[s:e]
                if antecedents and prev is not None and not row and _BACK_REFERENCE.match(sentence) \
                        and "\n" not in text[prev:s]:
                    sentence = text[prev:e]
                if not row:
                    prev = s
                if allowed is not None and text[s:e] not in allowed:
                    continue
                if len(sentence) < (12 if row else 30) or sentence in exclude or sentence.rstrip().endswith("?"):
                    continue
                if not row and len(sentence.split()) < 8 and not sentence.rstrip().endswith((".", "!", "”", "\"")):
                    continue  # a heading ("Rehabilitation activity requirements"), not a finding
                if need_number == "count":
                    # "how many": a count, not "55 per cent", "most" or the year in a date
                    bare = YEAR.sub(" ", _PERCENTAGE.sub(" ", sentence))
                    if not (numbers_in(bare) or _CARDINALS.search(bare)):
                        continue
                if need_number == "share" and not (_PERCENTAGE.search(sentence) or _OUT_OF.search(sentence)
                                                   or _FRACTION_WORDS.search(_NOT_A_QUANTITY.sub(" ", sentence))):
                    continue
                if need_number and not (numbers_in(sentence) or _NUMBER_WORDS.search(_NOT_A_QUANTITY.sub(" ", sentence))):
                    continue
                if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹\d]+\s", sentence) and "\t" not in sentence:  # footnotes
                    continue
                if _DEFINITION.match(sentence):
                    continue  # "In this section, 'X' means ...": a definition, not a finding
                if _CAPTION.match(sentence):  # "Table 5: Barrier for the NPS ...", a caption, not a finding
                    continue
                candidates.append([hit, sentence, self.score(sentence, terms, boost), rank])
        if not candidates:
            return []
        top_lex = max(c[2] for c in candidates) or 1.0
        if qvec is not None and len(candidates) > MAX_EMBEDDED:
            # Only the most promising sentences are embedded (the query path must stay fast).
            candidates.sort(key=lambda c: -(3.0 * c[2] / top_lex + 1.0 / (1 + c[3])))
            candidates = candidates[:MAX_EMBEDDED]
        sims = [None] * len(candidates)
        if qvec is not None and self.embedder is not None:
            q = np.asarray(qvec)
            sims = [float(np.dot(q, v)) if v is not None else 0.0
                    for v in self.vectors([c[1] for c in candidates])]
        scored = []
        for (hit, sentence, lex, rank), sim in zip(candidates, sims):
            value = 3.0 * lex / top_lex + 1.0 / (1 + rank)
            if sentence in self.templates:
                value -= 3.0
            if sim is not None:
                value += 6.0 * sim
            if lean and lean & set(tokens(sentence)):
                value += LEAN_BONUS  # a finding in the direction the question asks about
            scored.append((hit, sentence, value, lex))
        scored.sort(key=lambda c: -c[2])
        out, seen, per_passage = [], set(), {}
        for hit, sentence, value, lex in scored:
            cid = hit.chunk["chunk_id"]
            if sentence in seen or per_passage.get(cid, 0) >= max_per_passage:
                continue
            if any(_overlap(sentence, o[1]) for o in out):
                continue  # one sentence quoted again with the one before it
            seen.add(sentence)
            per_passage[cid] = per_passage.get(cid, 0) + 1
            out.append((hit, sentence, lex))
            if len(out) == n:
                break
        return out


def _units(text: str):
    """(start, end, is_row) for the sentences of `text` and for its table rows: a row such as
    "Assisting sentencing<TAB>85%" or a recommendation with its progress category is read whole,
    since its last cells carry no sentence punctuation."""
    rows = [(m.start(1), m.end(1)) for m in _TABLE_ROW.finditer(text)]
    for s, e in sentence_spans(text):
        if not any(a <= s and e <= b for a, b in rows):  # a cell's sentence is read with its row
            yield s, e, False
    for i, (a, b) in enumerate(rows):
        # The first row of a table of several is its header ("Outcomes<TAB>The proportion ...").
        first = i == 0 or "\n" in text[rows[i - 1][1] + 1:a].strip(" \t") or text[rows[i - 1][1]:a].count("\n") > 1
        has_next = i + 1 < len(rows) and text[b:rows[i + 1][0]].count("\n") == 1
        if first and has_next:
            continue
        if text[a:b].split("\t", 1)[0].rstrip().endswith("?"):
            continue  # a key-question row: answered from the figures table, not quoted as prose
        yield a, b, True


def _overlap(a: str, b: str) -> bool:
    """Whether two quotes share a sentence (one may extend the other backwards)."""
    if a in b or b in a:
        return True
    return bool({a[x:y] for x, y in sentence_spans(a)} & {b[x:y] for x, y in sentence_spans(b)})


def renumber_citations(text: str, citations: list[Citation]) -> tuple[str, list[Citation], dict[int, int]]:
    """Number citations 1..n in order of first appearance in `text`; drop unused ones."""
    order: list[int] = []
    for m in re.finditer(r"\[(\d+)\]", text):
        n = int(m.group(1))
        if n not in order:
            order.append(n)
    mapping = {old: new for new, old in enumerate(order, 1)}
    by_n = {c.n: c for c in citations}
    new_text = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping.get(int(m.group(1)), m.group(1))}]", text)
    renumbered = [replace(by_n[old], n=new) for old, new in mapping.items() if old in by_n]
    return new_text, renumbered, mapping


_FRACTIONS = {"a third": 33.3, "one third": 33.3, "one-third": 33.3, "two thirds": 66.7, "two-thirds": 66.7,
              "half": 50.0, "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0,
              "three-quarters": 75.0, "four in ten": 40.0}
# Words that frame a proportion as a shortfall: "ineffective or absent in 37 out of 52 cases".
_NEGATIVE = re.compile(r"\b(not|no|none|insufficient(?:ly)?|ineffective|absent|inadequate|unsatisfactory|failed|"
                       r"fail(?:ing|s)?|poor|lacked|lacking|missing|without|too few|too little|unable)\b", re.IGNORECASE)


def measure_in(sentence: str) -> tuple[float, str, str] | None:
    """(percent, words, kind) for a sentence's proportion: kind "proportion" when positively
    framed, "shortfall" when framed as what was lacking."""
    for framing, kind in (("positive", "proportion"), ("negative", "shortfall")):
        found = proportion_in(sentence, framing)
        if found:
            return found[0], found[1], kind
    return None


def proportion_in(sentence: str, framing: str = "positive") -> tuple[float, str] | None:
    """A proportion stated in a sentence, as (percent, the words used): by default only a
    positively framed one; `framing="negative"` only one framed as a shortfall ("insufficient
    attention ... in 26 out of 42 cases")."""
    if bool(_NEGATIVE.search(sentence)) != (framing == "negative"):
        return None
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent)", sentence)
    if m:
        return float(m.group(1)), m.group(0)
    m = re.search(r"\b(\d+) out of (\d+)\b", sentence)
    if m and int(m.group(2)):
        return 100.0 * int(m.group(1)) / int(m.group(2)), m.group(0)
    low = sentence.lower()
    for words, value in _FRACTIONS.items():
        i = low.find(words)
        if i >= 0:
            lead = re.search(r"(over|more than|under|less than|nearly|almost|around|about)\s+$", low[:i])
            return value, (lead.group(0) if lead else "") + words
    return None


def verdict(sides: list[SideResult]) -> str | None:
    """A sentence saying which side is higher/better and by how much, when comparable."""
    valued = [s for s in sides if s.value is not None]
    if len(valued) < 2 or len({s.value_kind for s in valued}) != 1:
        return None
    if len(valued) > 2:
        if len({(s.question or "").lower() for s in valued}) > 1:
            return None
        ranked = sorted(valued, key=lambda s: s.value)
        order = ", ".join(f"{s.label} ({s.value_text})" for s in ranked)
        return f"From lowest to highest: {order}."
    a, b = valued[0], valued[1]
    kind = a.value_kind
    if kind == KIND_KEY_QUESTION and a.question and b.question and a.question.lower() != b.question.lower():
        return None
    if a.value == b.value:
        return f"Both were the same: {a.value_text} in {a.label} and in {b.label}."
    hi, lo = (a, b) if a.value > b.value else (b, a)
    if kind in (KIND_RATING, KIND_OVERALL):
        return f"{hi.label} was rated better ({hi.value_text}) than {lo.label} ({lo.value_text})."
    if kind == KIND_SCORE:
        return f"{hi.label} scored higher ({hi.value_text}) than {lo.label} ({lo.value_text})."
    if kind == KIND_CASELOAD:
        return f"{hi.label} has the larger figure ({hi.value_text}) compared with {lo.label} ({lo.value_text})."
    if kind == "shortfall":
        return (f"By these measures the share found wanting was higher in {hi.label} ({hi.value_text}) than in "
                f"{lo.label} ({lo.value_text}); the inspections measured this in different ways, so compare with care.")
    if kind == "proportion":
        return (f"By these measures {hi.label} was higher ({hi.value_text}) and {lo.label} lower "
                f"({lo.value_text}); the inspections measured this in different ways, so compare with care.")
    diff = hi.value - lo.value
    diff_text = f"{diff:g}"
    return (f"{hi.label} was higher ({hi.value_text}) and {lo.label} lower ({lo.value_text}), "
            f"a difference of {diff_text} percentage points.")


def rating_value(text: str) -> float | None:
    for word, rank in RATING_ORDER.items():
        if text.lower() == word.lower():
            return float(rank)
    return None


def merge_answers(question: str, parts: list[tuple[str, Answer]]) -> Answer:
    """One answer from the answers to a question's parts, citations numbered across them.

    A part the reports do not answer is named as such; the whole is refused only when no
    part is answered.
    """
    if all(a.refused for _, a in parts):
        return Answer(question=question, text=parts[0][1].text, refused=True)
    texts: list[str] = []
    citations: list[Citation] = []
    figures: list[FigureRef] = []
    merged = Answer(question=question, text="")
    for part, a in parts:
        if a.refused:
            reason = a.text.split("\n")[0].rstrip(".")
            texts.append(f"On “{part}”: {reason[0].lower() + reason[1:]}.")
            continue
        offset = len(citations)
        texts.append(re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", a.text))
        citations += [replace(c, n=c.n + offset) for c in a.citations]
        figures += [replace(f, citation=f.citation + offset) for f in a.figures]
        merged.contexts += a.contexts
        merged.notes += a.notes
        merged.verification_changed |= a.verification_changed
        if a.answerer != "extractive":
            merged.answerer = a.answerer
    merged.text = "\n\n".join(texts)
    merged.citations, merged.figures = citations, figures
    return merged
