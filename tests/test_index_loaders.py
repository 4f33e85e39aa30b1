"""Loading text: markup cleaning and rebuilding paragraphs from PDF lines (no model, fast)."""

from __future__ import annotations

from index.loaders import clean_markup, reflow_pdf_text

LONG = "Practitioners were maintaining suitable levels of contact with people on"


def test_wrapped_lines_join_into_one_paragraph():
    text = f"{LONG}\nprobation in most cases (70 per cent).\nA new paragraph starts here."
    assert reflow_pdf_text(text) == (f"{LONG} probation in most cases (70 per cent).\n\n"
                                     "A new paragraph starts here.")


def test_wrapped_table_cell_keeps_its_percentage():
    text = "Does assessment focus sufficiently on engaging the person on\nprobation? 50%"
    assert reflow_pdf_text(text) == "Does assessment focus sufficiently on engaging the person on probation? 50%"


def test_prose_lines_ending_in_numbers_still_join():
    text = ("Sufficient information about the safeguarding of children was received in 27\n"
            "of 40 relevant cases, and management oversight was sufficient in 13 out of 39\n"
            "relevant cases.")
    assert "\n" not in reflow_pdf_text(text)


def test_contents_entries_stay_apart():
    text = ("2. The arrangements for delivering probation services in Suffolk..... 10\n"
            "National context..... 11\n"
            "3. An evaluation of the quality of probation services in Suffolk 27\n"
            "Protecting the public 28")
    assert reflow_pdf_text(text).split("\n\n") == text.split("\n")


def test_footnotes_and_footnoted_cells_stay_apart():
    text = ("262,388 The total number of offenders subject to probation supervision across England and Wales ¹\n"
            "3,092 The number of offenders supervised by the CRC ¹\n"
            "In brief, each CRC is to categorise each new service user using the prioritisation\n"
            "¹⁴ HMI Probation (April 2017) Quality & Impact inspection.")
    assert len(reflow_pdf_text(text).split("\n\n")) == 4


def test_headings_are_not_glued_to_the_line_before():
    text = f"{LONG}\nP 2.1. Assessment"
    assert reflow_pdf_text(text) == f"{LONG}\n\nP 2.1. Assessment"


def test_ligatures_are_expanded():
    assert reflow_pdf_text("su\ufb03cient sta\ufb00 re\ufb02ective") == "sufficient staff reflective"


def test_clean_markup_removes_markdown_and_html():
    raw = "## **Strengths:**\n\n<b>Is unpaid work delivered safely?</b>\t<b>49%</b>\nScore **5/24**  \n" \
          "Our rating<sup>1</sup> for [court work](https://example.org)\n\n---\n"
    assert clean_markup(raw) == ("Strengths:\n\nIs unpaid work delivered safely?\t49%\nScore 5/24\n"
                                 "Our rating¹ for court work\n")
