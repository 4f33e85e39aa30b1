"""Read a report's identity from its content: title, unit, kind, dates, inspector, rating.

Nothing here looks at the file name: users drop in PDFs with arbitrary names. The patterns
are those of HM Inspectorate of Probation's published templates (PDU and regional
inspections, Quality & Impact inspections, press releases); a report that matches none of
them still gets a unit and year from its first lines, so it is indexed rather than lost.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTH_RE = "(?:" + "|".join(MONTHS) + ")"
RATING_WORDS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
RATING_RE = "(?:Outstanding|Good|Requires improvement|Inadequate)"

KIND_PDU = "PDU inspection"
KIND_REGION = "regional inspection"
KIND_QI = "Quality & Impact inspection"
KIND_PRESS = "press release"
KIND_OTHER = "inspection report"


@dataclass
class ReportMeta:
    """Who and what a report is about; stored on every chunk and in the reports table."""

    report_id: str
    title: str
    unit: str
    kind: str
    region: str | None
    published_month: str | None
    year: int | None
    fieldwork_start: str | None
    lead_inspector: str | None
    overall_rating: str | None
    score: str | None
    source_file: str
    content_hash: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def label(self) -> str:
        """Short human label, e.g. 'Anytown PDU, May 2024'."""
        when = " ".join(x for x in (self.published_month, str(self.year or "")) if x)
        return f"{self.unit}, {when}" if when else self.unit


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _normalise_unit(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" .:–-")
    name = re.sub(r"^The Probation Service\s*[–-]\s*", "", name)
    name = re.sub(r"\s+and\s+", " & ", name)
    name = re.sub(r"Community Rehabilitation Company(?: \(CRC\))?", "CRC", name)
    return name


def _detect_kind_and_unit(text: str, lines: list[str]) -> tuple[str, str, str | None, str]:
    """Return (kind, unit, region, title)."""
    head = "\n".join(lines[:25])
    region = None
    m = re.search(r"The Probation Service\s*[–-]\s*([A-Z][\w ,&']+?) region", head)
    if m:
        region = m.group(1).strip()

    m = re.search(r"Quality\s*&\s*Impact inspection", head, re.IGNORECASE)
    if m:
        m2 = re.search(r"The effectiveness of probation work in ([A-Z][\w ,&'-]+)", head)
        unit = _normalise_unit(m2.group(1)) if m2 else "unknown area"
        title = f"Quality & Impact inspection: the effectiveness of probation work in {unit}"
        return KIND_QI, unit, region, title

    m = re.search(r"An inspection of probation services in:?\s*\n+\s*(.+)", "\n".join(lines[:25]))
    if m:
        first = m.group(1).strip()
        unit = _normalise_unit(first)
        if unit.lower().endswith("region") or re.search(r"\bregion\b", first, re.IGNORECASE):
            kind = KIND_REGION
            region = region or re.sub(r"\s*region$", "", unit)
        elif re.search(r"\bPDU\b|Probation Delivery Unit", unit):
            kind = KIND_PDU
        else:
            kind = KIND_OTHER
        return kind, unit, region, f"An inspection of probation services in {unit}"

    is_press = bool(re.search(r"^ENDS$", text, re.MULTILINE)) or "Notes to editor" in text
    if is_press:
        m = re.search(
            r"inspection of ([A-Z][\w ,&']+?) Community Rehabilitation Company", text
        )
        if m:
            unit = _normalise_unit(m.group(1)) + " CRC"
        else:
            m = re.search(r"inspection of ([A-Z][\w ,&']+?(?: PDU| region| CRC))", text)
            unit = _normalise_unit(m.group(1)) if m else "unknown area"
        return KIND_PRESS, unit, region, f"Press release: {lines[0]}"

    return KIND_OTHER, _normalise_unit(lines[0])[:80] if lines else "unknown area", region, (
        lines[0][:120] if lines else "Untitled report"
    )


def _published(text: str, lines: list[str]) -> tuple[str | None, int | None]:
    head = "\n".join(lines[:30])
    patterns = [
        rf"Inspectorate of Probation,?\s*\n?\s*({MONTH_RE})\s+(\d{{4}})",
        rf"report is available at .*? on \d{{1,2}} ({MONTH_RE}) (\d{{4}})",
        rf"^({MONTH_RE})\s+(\d{{4}})$",
    ]
    for pattern, scope in zip(patterns, (head, text, head)):
        m = re.search(pattern, scope, re.MULTILINE | re.IGNORECASE)
        if m:
            return m.group(1).capitalize(), int(m.group(2))
    m = re.search(rf"\b({MONTH_RE})\s+(\d{{4}})\b", text)
    if m:
        return m.group(1), int(m.group(2))
    m = re.search(r"\b(20\d\d|19\d\d)\b", text)
    return None, int(m.group(1)) if m else None


_FIELDWORK = [
    rf"Fieldwork started:?\s*((?:\d{{1,2}} )?{MONTH_RE}(?: \d{{4}})?)",
    rf"Fieldwork for this inspection took place in ({MONTH_RE})(?: and {MONTH_RE}|[-–]{MONTH_RE})? (\d{{4}})",
    rf"fieldwork in [^.]*? (?:beginning|between|from|starting) ((?:\d{{1,2}} )?{MONTH_RE} \d{{4}})",
    rf"visited the area [^.]*? in ({MONTH_RE})(?:[-–]{MONTH_RE})? (\d{{4}})",
]


def fieldwork_match(text: str) -> re.Match | None:
    """Where a report says when its fieldwork started ("Fieldwork started 12 February 2024",
    "An inspection team visited the area ... in February-March 2017")."""
    for pattern in _FIELDWORK:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return m
    return None


def _fieldwork(text: str) -> str | None:
    m = fieldwork_match(text)
    return " ".join(g for g in m.groups() if g) if m else None


def _lead_inspector(text: str) -> str | None:
    m = re.search(r"led by (?:HM Inspector|HMI|Inspector)\s+([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,3})", text)
    return m.group(1) if m else None


def _overall_rating(text: str) -> str | None:
    m = re.search(rf"Overall rating\s*\n+\s*({RATING_RE})", text)
    if m:
        return m.group(1)
    m = re.search(rf"overall rating of ['‘’\"]?({RATING_RE})", text, re.IGNORECASE)
    if m:
        return _canonical_rating(m.group(1))
    return None


def _canonical_rating(word: str) -> str:
    for rating in RATING_WORDS:
        if rating.lower() == word.lower():
            return rating
    return word


def _score(text: str) -> str | None:
    m = re.search(r"\bScore:?\s*(\d{1,2}\s*/\s*\d{1,2})\b", text)
    return m.group(1).replace(" ", "") if m else None


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def detect_metadata(text: str, source_file: str) -> ReportMeta:
    """Read the report's metadata from its clean text."""
    lines = _lines(text)
    kind, unit, region, title = _detect_kind_and_unit(text, lines)
    month, year = _published(text, lines)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    kind_slug = {KIND_PRESS: "press", KIND_QI: "qi"}.get(kind, "")
    report_id = "-".join(p for p in (_slug(unit), str(year or ""), kind_slug, content_hash[:6]) if p)
    return ReportMeta(
        report_id=report_id,
        title=title,
        unit=unit,
        kind=kind,
        region=region,
        published_month=month,
        year=year,
        fieldwork_start=_fieldwork(text),
        lead_inspector=_lead_inspector(text),
        overall_rating=_overall_rating(text),
        score=_score(text),
        source_file=source_file,
        content_hash=content_hash,
    )
