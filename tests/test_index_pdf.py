"""The PDF path: text extraction with pypdf, page numbers, and the same figures as the text.

The PDFs in ../shared/reports-pdf/ were printed from the text versions of three reports, so
their metadata and figures must come out identical; only their pagination is their own.
Page expectations are computed from pypdf's own per-page text, independently of our loader.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PDF_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "reports-pdf"
PDFS = sorted(PDF_DIR.glob("*.pdf")) if PDF_DIR.is_dir() else []
if not PDFS:
    pytest.skip(f"no PDF renderings of the reports at {PDF_DIR}", allow_module_level=True)

META_FIELDS = ("title", "unit", "kind", "region", "published_month", "year", "fieldwork_start",
               "lead_inspector", "overall_rating", "score")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


def _norm(text: str) -> str:
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    text = re.sub(r"</?(?:b|i|u|em|strong|sup|sub)>", "", text.replace("*", ""))
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pdf_pages():
    """{file name: [normalised text of page 1, page 2, ...]} straight from pypdf."""
    from pypdf import PdfReader

    return {p.name: [_norm(page.extract_text() or "") for page in PdfReader(str(p)).pages] for p in PDFS}


@pytest.fixture(scope="module")
def pdf_index(tmp_path_factory):
    from index.build import build_index
    from index.settings import Settings
    from index.store import IndexReader

    settings = Settings(store_dir=tmp_path_factory.mktemp("pdf-store"), reports_dir=PDF_DIR)
    summary = build_index(settings, progress=False)
    view = IndexReader(settings)
    yield summary, view
    view.close()


@pytest.fixture(scope="module")
def pdf_reports(pdf_index):
    _, view = pdf_index
    return {meta.source_file: meta for meta in view.reports()}


def _text_twin(pdf_name: str, reports_by_file):
    return reports_by_file[Path(pdf_name).stem + ".txt"]


def _page_of(pages: list[str], needle: str) -> int:
    hits = [i + 1 for i, page in enumerate(pages) if needle in page]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_all_pdfs_indexed(pdf_index, pdf_reports):
    summary, _ = pdf_index
    assert not summary.skipped
    assert sorted(pdf_reports) == [p.name for p in PDFS]


@pytest.mark.parametrize("pdf", [p.name for p in PDFS])
def test_pdf_metadata_matches_text_version(pdf_reports, reports_by_file, pdf):
    got, want = pdf_reports[pdf], _text_twin(pdf, reports_by_file)
    assert {f: getattr(got, f) for f in META_FIELDS} == {f: getattr(want, f) for f in META_FIELDS}


@pytest.mark.parametrize("pdf", [p.name for p in PDFS])
def test_every_chunk_has_a_page_within_the_document(pdf_index, pdf_reports, pdf_pages, pdf):
    _, view = pdf_index
    rid = pdf_reports[pdf].report_id
    chunks = [c for c in view.chunks() if c["report_id"] == rid]
    assert chunks
    page_count = len(pdf_pages[pdf])
    for chunk in chunks:
        assert chunk["page"] is not None and 1 <= chunk["page"] <= page_count, chunk["chunk_id"]
    assert len({c["page"] for c in chunks}) > page_count // 2  # pages spread over the document


@pytest.mark.parametrize("pdf", [p.name for p in PDFS])
def test_chunk_pages_agree_with_pypdf(pdf_index, pdf_reports, pdf_pages, pdf):
    """A chunk's opening words are printed on its page (a section chunk may open with a
    heading at the foot of the previous page; we cite the page where its text is)."""
    _, view = pdf_index
    pages = pdf_pages[pdf]
    rid = pdf_reports[pdf].report_id
    misplaced = []
    for chunk in (c for c in view.chunks() if c["report_id"] == rid):
        opening = _norm(chunk["text"].split("\n", 1)[0])[:25]
        allowed = {chunk["page"]} if chunk["unit_type"] != "section" else {chunk["page"], chunk["page"] - 1}
        if not any(opening in pages[p - 1] for p in allowed if p >= 1):
            misplaced.append((chunk["page"], opening))
    assert not misplaced


def test_norfolk_assessment_table_lands_on_its_page(pdf_index, pdf_reports, pdf_pages):
    _, view = pdf_index
    pages = pdf_pages["norfolk-pdu-2024.pdf"]
    rid = pdf_reports["norfolk-pdu-2024.pdf"].report_id
    table_page = _page_of(pages, "keeping other people safe? 39%")
    heading_page = _page_of(pages, "P 2.1. Assessment")
    assert table_page in (heading_page, heading_page + 1)

    rows = [f for f in view.figures([rid]) if f["kind"] == "key_question" and f["value"] == "39%"]
    assert [r["page"] for r in rows] == [table_page]
    tables = [c for c in view.chunks() if c["report_id"] == rid and c["unit_type"] == "section"
              and "keeping other people safe? 39%" in c["text"]]
    assert tables and tables[0]["page"] == table_page
    assert tables[0]["section"] == "2.1 Assessment"

    score = [f for f in view.figures([rid]) if f["kind"] == "score"]
    assert [f["page"] for f in score] == [_page_of(pages, "Score 2/21")]
    caseload = [f for f in view.figures([rid]) if f["kind"] == "caseload"]
    assert [f["page"] for f in caseload] == [_page_of(pages, "The PDU supervises 1,845 people")]


def _comparable(rows):
    """(kind, standard, question, value); caseload quotes (and so questions) may be reflowed."""
    out = []
    for r in rows:
        question = "" if r["kind"] == "caseload" else r["question"]
        out.append((r["kind"], r["standard"], question, r["value"]))
    return sorted(out)


@pytest.mark.parametrize("pdf", [p.name for p in PDFS])
def test_pdf_figures_identical_to_text_version(pdf_index, pdf_reports, reader, reports_by_file, pdf):
    _, view = pdf_index
    from_pdf = view.figures([pdf_reports[pdf].report_id])
    from_text = reader.figures([_text_twin(pdf, reports_by_file).report_id])
    assert _comparable(from_pdf) == _comparable(from_text)


@pytest.mark.parametrize("pdf", [p.name for p in PDFS])
def test_pdf_quotes_verbatim_and_paged(pdf_index, pdf_reports, pdf_pages, pdf):
    _, view = pdf_index
    rid = pdf_reports[pdf].report_id
    text = view.report_text(rid)
    for row in view.figures([rid]):
        assert row["quote"] in text
        assert 1 <= row["page"] <= len(pdf_pages[pdf])
        # The row starts on its page (a rating's heading line may sit at the foot of it).
        assert _norm(row["quote"].split("\n", 1)[0])[:20] in pdf_pages[pdf][row["page"] - 1]


def test_pdf_tables_keep_their_rows(pdf_index, pdf_reports):
    """A wrapped key-question cell comes back as one row: question, then its percentage."""
    _, view = pdf_index
    rid = pdf_reports["suffolk-pdu-2024.pdf"].report_id
    text = view.report_text(rid)
    assert "Does assessment focus sufficiently on keeping other people safe? 45%" in text
    assert "Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation? 45%" in text


def test_pdf_contents_entries_do_not_run_together(pdf_index, pdf_reports):
    _, view = pdf_index
    text = view.report_text(pdf_reports["suffolk-quality-impact-2017.pdf"].report_id)
    assert "in Suffolk..... 10 National context" not in text
    assert "\nNational context..... 11\n" in text
    # Key facts rows end with a footnote marker and stay apart.
    assert "England and Wales ¹\n\n3,092 The number of offenders supervised" in text
