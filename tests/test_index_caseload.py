"""Caseload rows are the report's own unit's totals, whoever else a sentence mentions (fast)."""

from __future__ import annotations

import pytest

from index.figures import extract_figures
from index.loaders import clean_markup
from index.metadata import detect_metadata
from index.outline import build_outline

HEADERS = {
    "PDU": "An inspection of probation services in:\n\nAnytown PDU\n\nThe Probation Service – Midlands region",
    "region": "An inspection of probation services in:\n\nThe Probation Service – Midlands region",
}


def caseloads(kind: str, sentence: str) -> list[str]:
    text = clean_markup(f"HM Inspectorate\nof Probation\n\n{HEADERS[kind]}\n\n"
                        f"HM Inspectorate of Probation, March 2025\n\nBackground\n\n{sentence}\n")
    meta = detect_metadata(text, "x.txt")
    return [f.value for f in extract_figures(text, meta, build_outline(text)) if f.kind == "caseload"]


@pytest.mark.parametrize("kind, sentence, expected", [
    ("PDU", "The PDU supervises 2,917 people, of which 1,400 are on community orders.", ["2,917"]),
    ("PDU", "The total caseload of the probation region was 21,004, with Anytown PDU supervising 2,917.",
     ["2,917"]),
    ("PDU", "The region supervises 21,004 people in total.", []),
    ("region", "The region manages an overall caseload of 16,200 people, of which 11,000 are on community "
               "sentences.", ["16,200"]),
    ("PDU", "Probation supervision was extended to over 40,000 people each year nationally.", []),
    ("PDU", "Across the 6 CRCs owned by the company, about 29,000 offenders are supervised at any one time: "
            "this includes about 6,200 in custody and 22,800 in the community.", []),
    ("PDU", "Across England and Wales the Probation Service manages 240,000 people.", []),
])
def test_caseload_attribution(kind, sentence, expected):
    assert caseloads(kind, sentence) == expected
