"""Compose the extractive answer: a lead sentence that answers, then cited evidence.

Every claim carries an inline `[n]` that resolves (through `CitationBook`) to a report,
section, page and a verbatim quote. Figures and ratings come from the figures table; prose
comes from whole sentences of retrieved passages, never paraphrased. Comparisons are laid
out side by side and end with a verdict in words (higher / lower / same, and by how much)
when both sides carry comparable figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from index.figures import KIND_CASELOAD, KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE
from index.metadata import RATING_WORDS, ReportMeta

from .types import Answer, Citation, FigureRef

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


_ASKS_WORSE = re.compile(r"\b(?:worse|worst|lower|lowest|weaker|weakest|poorer|poorest)\b", re.IGNORECASE)
_ASKS_BETTER = re.compile(r"\b(?:better|best|higher|highest|stronger|strongest)\b", re.IGNORECASE)


def verdict(sides: list[SideResult], question: str = "") -> str | None:
    """A sentence saying which side is higher/better and by how much, when comparable; for a
    rating asked as "which was worse", the worse side first."""
    valued = [s for s in sides if s.value is not None]
    if len(valued) < 2 or len({s.value_kind for s in valued}) != 1:
        return None
    if len(valued) > 2:
        if len({(s.question or "").lower() for s in valued}) > 1:
            return None
        ranked = sorted(valued, key=lambda s: s.value)
        order = ", ".join(f"{s.label} ({s.value_text})" for s in ranked)
        if ranked[0].value == ranked[-1].value:
            return f"All were the same: {order}."
        # "Which of the three did worst?": the side (or sides, tied) at the end asked about first.
        worse, better = _ASKS_WORSE.search(question), _ASKS_BETTER.search(question)
        if worse or better:
            end = ranked[0].value if worse and not better else ranked[-1].value
            at_end = [s for s in ranked if s.value == end]
            rated = valued[0].value_kind in (KIND_RATING, KIND_OVERALL)
            word = ("rated " if rated else "") + ("worst" if end == ranked[0].value and rated else
                                                  "lowest" if end == ranked[0].value else
                                                  "best" if rated else "highest")
            names = " and ".join(f"{s.label} ({s.value_text})" for s in at_end)
            joint = "joint " if len(at_end) > 1 else ""
            return f"{names} {'were' if len(at_end) > 1 else 'was'} {joint}{word}. From lowest to highest: {order}."
        return f"From lowest to highest: {order}."
    a, b = valued[0], valued[1]
    kind = a.value_kind
    if kind == KIND_KEY_QUESTION and a.question and b.question and a.question.lower() != b.question.lower():
        return None
    if a.value == b.value:
        return f"Both were the same: {a.value_text} in {a.label} and in {b.label}."
    hi, lo = (a, b) if a.value > b.value else (b, a)
    if kind in (KIND_RATING, KIND_OVERALL):
        if _ASKS_WORSE.search(question):
            return f"{lo.label} was rated worse ({lo.value_text}) than {hi.label} ({hi.value_text})."
        return f"{hi.label} was rated better ({hi.value_text}) than {lo.label} ({lo.value_text})."
    if kind == KIND_SCORE:
        return f"{hi.label} scored higher ({hi.value_text}) than {lo.label} ({lo.value_text})."
    if kind == "count":
        return f"{hi.label} has more ({hi.value_text}) than {lo.label} ({lo.value_text})."
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


def same_rating(a: str, b: str) -> bool:
    """Whether two rating words name the same rating ("Requires improvement", "require improvement")."""
    return _rating_key(a) == _rating_key(b)


def rating_name(text: str) -> str:
    """A rating as the reports write it ("require improvement" -> "Requires improvement")."""
    return _rating_key(text).replace("require ", "requires ").capitalize()


def _rating_key(text: str) -> str:
    return text.lower().replace("requires", "require")


def rating_value(text: str) -> float | None:
    for word, rank in RATING_ORDER.items():
        if text.lower() == word.lower():
            return float(rank)
    return None


def _uncited(line: str) -> str:
    return re.sub(r"\s*\[\d+\]", "", line).strip()


def _renumber(text: str, number) -> str:
    return re.sub(r"\[(\d+)\]", lambda m: f"[{number(int(m.group(1)))}]", text)


def _without_repeated_lead(rest: str, lead: str, earlier: str, own: list[Citation], figs: list[FigureRef],
                           offset: int) -> tuple[str, list[Citation], list[FigureRef]]:
    """A part's answer without the lead line an earlier part already gave ("... was rated
    Inadequate for 2.1 Assessment"): its citations renumbered from `offset`, and its figures
    pointing at the earlier part's citation for that line."""
    dropped = [int(n) for n in re.findall(r"\[(\d+)\]", lead)]
    kept = sorted({int(n) for n in re.findall(r"\[(\d+)\]", rest)} | {c.n for c in own if c.n not in dropped})
    number = {old: offset + i + 1 for i, old in enumerate(kept)}
    number.update({old: new for old, new in zip(dropped, (int(n) for n in re.findall(r"\[(\d+)\]", earlier)))
                   if old not in number})
    own = [replace(c, n=number[c.n]) for c in own if c.n in kept]
    figs = [replace(f, citation=number.get(f.citation, f.citation)) for f in figs]
    return _renumber(rest.strip("\n"), number.__getitem__), own, figs


def merge_answers(question: str, parts: list[tuple[str, Answer]]) -> Answer:
    """One answer from the answers to a question's parts, citations numbered across them.

    A part the reports do not answer is named as such; the whole is refused only when no
    part is answered. A lead line two parts share is said once.
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
        text = _renumber(a.text, lambda n: n + offset)
        own = [replace(c, n=c.n + offset) for c in a.citations]
        figs = [replace(f, citation=f.citation + offset) for f in a.figures]
        lead, _, rest = text.partition("\n")
        said = {_uncited(line): line for t in texts for line in t.split("\n")}
        if _uncited(lead) in said and rest.strip():
            text, own, figs = _without_repeated_lead(rest, lead, said[_uncited(lead)], own, figs, offset)
            if text.startswith("Supporting evidence:\n") and texts[-1].split("\n\n")[-1].startswith(
                    "Supporting evidence:\n"):
                texts[-1] += "\n" + text.split("\n", 1)[1]  # more of the evidence list already open
                text = ""
        if text:
            texts.append(text)
        citations += own
        figures += [f for f in figs if f not in figures]
        merged.contexts += a.contexts
        merged.notes += a.notes
        merged.verification_changed |= a.verification_changed
        if a.answerer != "extractive":
            merged.answerer = a.answerer
    merged.text = "\n\n".join(texts)
    merged.citations, merged.figures = citations, figures
    return merged
