"""What the corpus covers: the indexed reports, the places they are about, and their years.

Built from the store's reports table (never from file names), so a newly indexed report is
understood at once. Also knows the names of probation areas that are *not* in the corpus
(a short gazetteer of England and Wales), so that "What was Kent PDU's rating?" is refused
rather than answered from a neighbouring report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from index.metadata import KIND_REGION, ReportMeta

from .text import STOPWORDS

LEVEL_PDU, LEVEL_REGION, LEVEL_CRC, LEVEL_AREA = "pdu", "region", "crc", "area"

# Probation regions, counties, cities and PDU names of England and Wales. A question naming
# one of these that no indexed report covers is refused (unless a covered place is named too).
GAZETTEER = """
Avon Bath Bedford Bedfordshire Berkshire Birmingham Blackpool Bolton Bournemouth Bradford
Brighton Bristol Buckinghamshire Cambridge Cambridgeshire Cardiff Carmarthenshire Ceredigion
Cheshire Cleveland Conwy Cornwall Coventry Cumbria Derby Derbyshire Devon Doncaster Dorset
Durham Dyfed Essex Gloucestershire Gwent Gwynedd Hampshire Herefordshire Hertfordshire Hull
Humberside Kent Lancashire Leeds Leicester Leicestershire Lincolnshire Liverpool London
Luton Manchester Merseyside Middlesbrough Milton Keynes Newcastle Newport Northamptonshire
Northumberland Nottingham Nottinghamshire Oxford Oxfordshire Peterborough Plymouth Portsmouth
Powys Reading Rutland Salford Sheffield Shropshire Somerset Southampton Staffordshire
Stoke Sunderland Surrey Sussex Swansea Swindon Teesside Thames Valley Wakefield Warwickshire
Wessex Wiltshire Wolverhampton Worcestershire York Yorkshire Northumbria Cumbria
Wrexham Flintshire Anglesey Pembrokeshire Glamorgan Norfolk Suffolk Norwich Ipswich
Lowestoft Cheltenham Exeter Gloucester Lincoln Chester Carlisle Lancaster Preston Worcester
Hereford Shrewsbury Stafford Warwick Chelmsford Colchester Southend Maidstone Canterbury Guildford
""".split()
GAZETTEER_PHRASES = [
    "North West", "North East", "South West", "South East", "South Central", "West Midlands",
    "East Midlands", "Yorkshire and the Humber", "Kent, Surrey and Sussex", "Greater Manchester",
    "Essex North", "Essex South", "Thames Valley", "Milton Keynes", "Wales",
]


def place_title(name: str) -> str:
    """A place as written in a sentence: "east of england" -> "East of England"."""
    small = {"of", "and", "the", "upon", "on"}
    words = name.split()
    return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))


def is_place_name(name: str) -> bool:
    """Whether `name` is (or holds) a probation area, county or town of the gazetteer."""
    return any(w in GAZETTEER for w in name.split()) or any(p in name for p in GAZETTEER_PHRASES)


@dataclass
class ReportEntry:
    meta: ReportMeta
    places: set[str]
    level: str

    @property
    def describe(self) -> str:
        return f"{self.meta.label} ({self.meta.kind})"


def _places_of(meta: ReportMeta) -> tuple[set[str], str]:
    unit = meta.unit
    level = LEVEL_AREA
    if re.search(r"\bPDU\b|Probation Delivery Unit", unit):
        level = LEVEL_PDU
    elif meta.kind == KIND_REGION or re.search(r"\bregion\b", unit, re.IGNORECASE):
        level = LEVEL_REGION
    elif re.search(r"\bCRC\b|Community Rehabilitation", unit):
        level = LEVEL_CRC
    core = re.sub(r"\b(PDU|Probation Delivery Unit|region|CRC|Community Rehabilitation Company)\b",
                  "", unit, flags=re.IGNORECASE)
    parts = re.split(r"\s*(?:&|\band\b|,)\s*", core)
    places = {p.strip().lower() for p in parts if len(p.strip()) > 2}
    return places, level


@dataclass
class Catalog:
    entries: list[ReportEntry] = field(default_factory=list)
    # Lower-cased words of the indexed reports' text: a name the reports write about (an
    # owner such as "Sodexo") is not an area missing from the corpus.
    written_words: set[str] = field(default_factory=set)

    @classmethod
    def from_reports(cls, reports: list[ReportMeta], texts: Iterable[str] = ()) -> "Catalog":
        entries = []
        for meta in sorted(reports, key=lambda m: (-(m.year or 0), m.unit)):
            places, level = _places_of(meta)
            entries.append(ReportEntry(meta=meta, places=places, level=level))
        written = set().union(*(re.findall(r"[a-z][\w'-]*", text.lower()) for text in texts))
        return cls(entries, written)

    def by_id(self, report_id: str) -> ReportEntry | None:
        for entry in self.entries:
            if entry.meta.report_id == report_id:
                return entry
        return None

    @property
    def all_places(self) -> set[str]:
        return set().union(*(e.places for e in self.entries)) if self.entries else set()

    def places_in(self, question: str) -> list[str]:
        """Covered places named in the question, longest names first, in question order."""
        low = question.lower()
        found = []
        for place in sorted(self.all_places, key=len, reverse=True):
            m = re.search(r"\b" + re.escape(place) + r"\b", low)
            if m and not any(place in other for _, other in found):
                found.append((m.start(), place))
        return [p for _, p in sorted(found)]

    def unknown_places_in(self, question: str) -> list[str]:
        """Gazetteer places named in the question that no indexed report is about."""
        covered = self.all_places
        hits = []
        for phrase in GAZETTEER_PHRASES:
            if phrase == "Wales" and re.search(r"England and Wales", question):
                continue  # national figures, not a Welsh area
            if re.search(r"\b" + re.escape(phrase) + r"\b", question) and phrase.lower() not in covered:
                hits.append(phrase)
        for word in GAZETTEER:
            if re.search(r"\b" + re.escape(word) + r"\b", question) and not any(
                    re.search(r"\b" + re.escape(word.lower()) + r"\b", place) for place in covered):
                if not any(word in h for h in hits):
                    hits.append(word)
        return hits

    def unknown_units_in(self, question: str) -> list[str]:
        """Names written as units ("Xshire PDU", "Y CRC") that match no indexed report."""
        covered = self.all_places
        out = []
        for m in re.finditer(r"\b((?:[A-Z][\w'-]+ ){0,2}[A-Z][\w'-]+) (PDU|CRC|Probation Delivery Unit)\b", question):
            name = m.group(1).lower()
            # "Were CRC staff ...", "Did the PDU ...": a capitalised question word is not a name.
            while True:
                stripped = re.sub(r"^(\w+)\s+", lambda w: "" if w.group(1) in STOPWORDS else w.group(0), name, count=1)
                if stripped == name:
                    break
                name = stripped
            if name in STOPWORDS or name in {"each", "every", "any", "other", "one", "whose"}:
                continue
            if m.group(2) == "CRC" and self._written_of(name):
                continue  # "the Sodexo CRC": an owner the reports name, not an uncovered area
            if not any(place in name or name in place for place in covered):
                words = m.group(1).split()
                out.append(" ".join(words[len(words) - len(name.split()):] + [m.group(2)]))
        return out

    def _written_of(self, name: str) -> bool:
        """A name the reports themselves write, and no place in the gazetteer."""
        return not is_place_name(name.title()) and all(w in self.written_words for w in name.split())

    def coverage(self) -> str:
        """One line naming what the corpus covers (used in refusals)."""
        return "; ".join(e.describe for e in self.entries)
