"""Extract the figures table from a report: ratings, scores, key-question rows, caseloads.

Each row keeps the exact source passage (`quote`, a substring of the report's clean text) so
that an answer stating the figure can cite it verbatim. Works on the clean text of any
HMIP report in the PDU / regional template, on press releases ("rated ... as 'Outstanding'")
and on prose caseload sentences; nothing is keyed to a particular report. A caseload row is
the total of the report's own unit: numbers said of another level of the service (the
region in a PDU report, national or company-wide totals) stay in the prose.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .metadata import RATING_RE, ReportMeta, _canonical_rating
from .outline import KEY_ROW, Outline

KIND_OVERALL = "overall_rating"
KIND_RATING = "rating"
KIND_SCORE = "score"
KIND_KEY_QUESTION = "key_question"
KIND_CASELOAD = "caseload"


@dataclass
class Figure:
    """One row of the figures table."""

    report_id: str
    unit: str
    year: int | None
    kind: str
    standard: str
    question: str
    value: str
    number: float | None
    quote: str
    start: int
    page: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


_RATING_LINE = re.compile(
    rf"^(?:[PR]\s?)?(\d\.\d{{1,2}})\.?\s+([A-Z][^\n]{{2,80}}?)\s*\n(?:[ \t]*\n)*[ \t]*({RATING_RE})[ \t]*$",
    re.MULTILINE,
)
_OVERALL = re.compile(rf"Overall rating\s*\n(?:[ \t]*\n)*[ \t]*({RATING_RE})\b")
_OVERALL_PROSE = re.compile(rf"[^.\n]*overall rating of ['‘’\"]?({RATING_RE})['‘’\"]?[^.\n]*\.?", re.IGNORECASE)
_RATED_PROSE = re.compile(
    rf"[^.\n]*?\brated (?P<what>[^.\n]{{3,200}}?) as ['‘’\"]?(?P<rating>{RATING_RE})\b[^.\n]*\.?",
    re.IGNORECASE,
)
_SCORE = re.compile(r"\bScore:?\s*(\d{1,2}\s*/\s*\d{1,2})\b")
_CASELOAD_SENTENCE = re.compile(
    r"[^.\n]*\b(?:caseload|supervis\w*|manages?|managing)\b[^.\n]*?\b\d{1,3}(?:,\d{3})+\b[^.\n]*\.?",
    re.IGNORECASE,
)
_BIG_NUMBER = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")
_SEGMENT = re.compile(r"[^.\n]+")
_NEEDLE_OVERALL = re.compile(r"overall rating of", re.IGNORECASE)
_NEEDLE_RATED = re.compile(r"\brated ", re.IGNORECASE)
_NEEDLE_CASELOAD = re.compile(r"caseload|supervis|manag", re.IGNORECASE)
# Words before a number that make it part of a total already given ("of which 933 ...").
_BREAKDOWN = re.compile(r"\b(?:of which|of whom|of those|includ\w*|comprising)\b", re.IGNORECASE)
# A flow over time, not the number of people on the books.
_PER_PERIOD = re.compile(r"\b(?:each|per|a|every) (?:year|month|week)|\bannually\b", re.IGNORECASE)
# Levels of the service; a number said of another level is not this report's caseload.
_LEVELS = {
    "region": re.compile(r"\bregion(?:al|s)?\b", re.IGNORECASE),
    "PDU": re.compile(r"\bPDUs?\b|Probation Delivery Units?", re.IGNORECASE),
    "CRC": re.compile(r"\bCRCs?\b|Community Rehabilitation Compan", re.IGNORECASE),
    "national": re.compile(r"\bnational(?:ly)?\b|England and Wales|\bdivision\b|\bcountry\b", re.IGNORECASE),
}
_PLURAL_LEVEL = re.compile(r"\b(?:regions|PDUs|CRCs)\b")


def _number(value: str) -> float | None:
    m = re.search(r"\d[\d,]*(?:\.\d+)?", value)
    return float(m.group(0).replace(",", "")) if m else None


def _sentence_matches(pattern: re.Pattern, text: str, needle: re.Pattern):
    r"""Same matches as `pattern.finditer(text)` for a pattern spanning one sentence
    (`[^.\n]*...[^.\n]*\.?`), tried only where a sentence holds `needle`.

    Run over the whole text, such a pattern restarts at every character of every sentence
    (quadratic in sentence length); anchored at sentence starts it is linear.
    """
    for seg in _SEGMENT.finditer(text):
        if needle.search(text, seg.start(), seg.end()):
            m = pattern.match(text, seg.start(), min(len(text), seg.end() + 1))
            if m:
                yield m


def _own_level(meta: ReportMeta) -> str | None:
    for level in ("region", "PDU", "CRC"):
        if _LEVELS[level].search(meta.unit) or _LEVELS[level].search(meta.kind):
            return level
    return None


def _own_caseload_numbers(sentence: str, meta: ReportMeta) -> list[str]:
    """Totals in a caseload sentence that are the report's own unit's caseload.

    "The total caseload of the probation region ... was 21,000, with the PDU supervising
    2,100": in a PDU report only 2,100 is the PDU's; the region's total, flows ("30,000
    people each year"), sub-counts ("of which 1,200 ...") and other providers' numbers
    ("Across the 6 CRCs owned by the company, about 25,000") are left to the prose.
    """
    own = _own_level(meta)
    numbers: list[str] = []
    lead_start = 0
    in_breakdown = False
    for m in _BIG_NUMBER.finditer(sentence):
        lead = sentence[lead_start:m.start()]
        tail = re.split(r"[,;:()]", sentence[m.end():], maxsplit=1)[0]
        lead_start = m.end()
        in_breakdown = in_breakdown or bool(_BREAKDOWN.search(lead))
        if in_breakdown or _PER_PERIOD.search(lead + m.group(0) + tail):
            continue
        other = [level for level, pattern in _LEVELS.items() if level != own and pattern.search(lead)]
        if other or _PLURAL_LEVEL.search(lead):
            continue
        numbers.append(m.group(0))
    return numbers


def extract_figures(text: str, meta: ReportMeta, outline: Outline, page_at=None) -> list[Figure]:
    """All figure rows of one report, in document order."""
    rows: list[Figure] = []

    def add(kind, standard, question, value, quote, start):
        rows.append(Figure(
            report_id=meta.report_id, unit=meta.unit, year=meta.year, kind=kind,
            standard=standard, question=question, value=value, number=_number(value),
            quote=quote, start=start, page=page_at(start) if page_at else None,
        ))

    m = _OVERALL.search(text)
    if m:
        add(KIND_OVERALL, "Overall rating", "Overall rating", m.group(1), m.group(0), m.start())
    else:
        m = next(_sentence_matches(_OVERALL_PROSE, text, _NEEDLE_OVERALL), None)
        if m:
            quote = m.group(0).strip()
            add(KIND_OVERALL, "Overall rating", "Overall rating", _canonical_rating(m.group(1)),
                quote, m.start() + m.group(0).index(quote))

    m = _SCORE.search(text)
    if m:
        add(KIND_SCORE, "Overall score", "Score", m.group(1).replace(" ", ""), m.group(0), m.start())

    # Ratings block: a standard code line followed (after blank lines only) by a rating.
    seen = set()
    for m in _RATING_LINE.finditer(text):
        standard = f"{m.group(1)} {m.group(2).strip()}"
        if standard in seen:
            continue
        seen.add(standard)
        add(KIND_RATING, standard, standard, m.group(3), m.group(0), m.start())

    if not seen:  # press releases state ratings in prose
        for m in _sentence_matches(_RATED_PROSE, text, _NEEDLE_RATED):
            what = re.sub(r"^(?:the )", "", m.group("what").strip()).rstrip(" –-,")
            if "overall" in what.lower():
                continue
            quote = m.group(0).strip()
            add(KIND_RATING, what, what, _canonical_rating(m.group("rating")), quote,
                m.start() + m.group(0).index(quote))

    for block in outline.blocks:
        if block.boilerplate:
            continue
        offset = block.start
        for line in block.text.split("\n"):
            row = KEY_ROW.match(line.strip())
            if row and block.is_table:
                standard = block.section or block.chapter
                standard = re.sub(r"^.* > ", "", standard)
                question = re.sub(r"\s+", " ", row.group("question")).strip()
                add(KIND_KEY_QUESTION, standard, question, f"{row.group('value')}%",
                    line.strip(), offset + line.index(line.strip()))
            offset += len(line) + 1

    for m in _sentence_matches(_CASELOAD_SENTENCE, text, _NEEDLE_CASELOAD):
        quote = m.group(0).strip()
        start = m.start() + m.group(0).index(quote)
        block = outline.block_at(start)
        if block is not None and block.boilerplate:
            continue
        for number in _own_caseload_numbers(quote, meta):
            add(KIND_CASELOAD, block.section_label if block else "", quote, number, quote, start)

    rows.sort(key=lambda r: r.start)
    return rows
