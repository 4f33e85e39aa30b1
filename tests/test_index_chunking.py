"""Figure-bearing sentences cut out as units of their own (no model, fast, made-up text)."""

from __future__ import annotations

from pathlib import Path

from index.chunking import UNIT_SENTENCE, figure_sentences
from index.loaders import LoadedDocument
from index.metadata import ReportMeta
from index.outline import build_outline

TEXT = ("Background\n\n"
        "The one-year reoffending rate varied from 30.2% to 36.4% between regions in the period. "
        "In 12 out of 29 relevant cases, the assessment was not good enough. The rest of the findings "
        "were positive, e.g. on contact.\n")


def test_a_decimal_point_does_not_end_a_figure_sentence():
    meta = ReportMeta(report_id="made-up", title="An inspection of probation services in Wessex PDU", unit="Wessex PDU",
                      kind="PDU inspection", region=None, published_month="May", year=2024, fieldwork_start=None,
                      lead_inspector=None, overall_rating=None, score=None, source_file="x.txt", content_hash="0")
    doc = LoadedDocument(Path("x.txt"), TEXT)
    units = figure_sentences(doc, meta, build_outline(TEXT))
    assert [u.text for u in units if u.unit_type == UNIT_SENTENCE] == [
        "The one-year reoffending rate varied from 30.2% to 36.4% between regions in the period.",
        "In 12 out of 29 relevant cases, the assessment was not good enough.",
    ]


def test_a_paragraph_of_one_figure_sentence_is_a_unit_too():
    # A one-sentence paragraph may share its section chunk with several others, where its
    # figure would be diluted; it is a unit of its own like any other figure sentence.
    text = ("Impact\n\nThere had been sufficient progress in only half of the cases where known adults were at risk "
            "(10 out of 20 cases).\n\nA second paragraph, with no figure at all, follows it here.\n")
    meta = ReportMeta(report_id="made-up", title="An inspection of probation services in Wessex PDU", unit="Wessex PDU",
                      kind="PDU inspection", region=None, published_month="May", year=2024, fieldwork_start=None,
                      lead_inspector=None, overall_rating=None, score=None, source_file="x.txt", content_hash="0")
    units = figure_sentences(LoadedDocument(Path("x.txt"), text), meta, build_outline(text))
    assert [u.text for u in units] == ["There had been sufficient progress in only half of the cases where known "
                                       "adults were at risk (10 out of 20 cases)."]
