"""A report the product has never seen, in the PDU template, is identified and read exactly.

Nothing in `index/` may be keyed to the five shipped reports: a new HMIP report dropped
into reports/ must work the same way, as plain text or as markdown/HTML-ish extraction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

INDEX_DIR = Path(__file__).resolve().parents[1] / "index"

# Names, units, people and figures of the shipped reports: none may appear in index/.
SHIPPED_MARKERS = [
    "norfolk", "suffolk", "east of england", "eofe", "east anglia", "sodexo",
    "dave argument", "martin cunningham", "jane attwood", "justin russell",
    "1,845", "2,238", "15,891", "20,184", "2/21", "4/21", "5/24",
    "norfolk-pdu-2024", "suffolk-pdu-2024", "east-of-england-region-2024",
]

RATINGS = [
    ("1.1 Leadership", "Good"),
    ("1.2 Staffing", "Requires improvement"),
    ("1.3 Services", "Good"),
    ("2.1 Assessment", "Requires improvement"),
    ("2.2 Planning", "Inadequate"),
    ("2.3 Implementation and delivery", "Requires improvement"),
    ("2.4 Reviewing", "Inadequate"),
]
STANDARD_TEXT = {
    "1.1 Leadership": "The leadership of the PDU enables delivery of a high-quality, personalised and "
                      "responsive service for all people on probation.",
    "1.2 Staffing": "Staff are enabled to deliver a high-quality, personalised and responsive service for all "
                    "people on probation.",
    "1.3 Services": "A comprehensive range of high-quality services is in place, supporting a tailored and "
                    "responsive service for all people on probation.",
    "2.1 Assessment": "Assessment is well-informed, analytical and personalised, involving actively the person "
                      "on probation.",
    "2.2 Planning": "Planning is well-informed, holistic and personalised, involving actively the person on "
                    "probation.",
    "2.3 Implementation and delivery": "High-quality, well-focused, personalised and coordinated services are "
                                       "delivered, engaging the person on probation.",
    "2.4 Reviewing": "Reviewing of progress is well-informed, analytical and personalised, involving actively "
                     "the person on probation.",
}
KEY_QUESTIONS = {
    "2.1 Assessment": [
        ("Does assessment focus sufficiently on engaging the person on probation?", "81%"),
        ("Does assessment focus sufficiently on the factors linked to offending and desistance?", "77%"),
        ("Does assessment focus sufficiently on keeping other people safe?", "62%"),
    ],
    "2.2 Planning": [
        ("Does planning focus sufficiently on engaging the person on probation?", "58%"),
        ("Does planning focus sufficiently on reducing reoffending and supporting desistance?", "66%"),
        ("Does planning focus sufficiently on keeping other people safe?", "44%"),
    ],
    "2.3 Implementation and delivery": [
        ("Is the sentence or post-custody period implemented effectively with a focus on engaging the person "
         "on probation?", "72%"),
        ("Does the implementation and delivery of services effectively support desistance?", "63%"),
        ("Does the implementation and delivery of services effectively support the safety of other people?", "52%"),
    ],
    "2.4 Reviewing": [
        ("Does reviewing focus sufficiently on supporting the compliance and engagement of the person on "
         "probation?", "61%"),
        ("Does reviewing focus sufficiently on supporting desistance?", "49%"),
        ("Does reviewing focus sufficiently on keeping other people safe?", "41%"),
    ],
}
EXPECTED_META = dict(
    title="An inspection of probation services in Wessex Vale PDU",
    unit="Wessex Vale PDU", kind="PDU inspection", region="South West",
    published_month="March", year=2025, fieldwork_start="13 January 2025",
    lead_inspector="Helen Marsh", overall_rating="Requires improvement", score="7/21",
)
EXPECTED_FIGURES = sorted(
    [("score", "Overall score", "Score", "7/21"),
     ("overall_rating", "Overall rating", "Overall rating", "Requires improvement")]
    + [("rating", standard, standard, rating) for standard, rating in RATINGS]
    + [("key_question", standard, q, v) for standard, rows in KEY_QUESTIONS.items() for q, v in rows]
    + [("caseload", "Background", "", "3,412")]
)


def _wessex_report(markdown: bool) -> str:
    """A PDU inspection in HMIP's 2024 template; `markdown` gives the `**`/`<b>` extraction."""
    def bold(text):
        return f"**{text}**" if markdown else text

    def cell(text):
        return f"<b>{text}</b>" if markdown else text

    def heading(text, level=2):
        return f"{'#' * level} {text}" if markdown else text

    br = "  " if markdown else ""  # markdown hard line breaks
    parts = [
        f"HM Inspectorate{br}\nof Probation",
        "An inspection of probation services in:",
        bold("Wessex Vale PDU"),
        "The Probation Service – South West region",
        "HM Inspectorate of Probation, March 2025",
        heading("Contents", 1),
        "\n".join(f"{cell(t)}\t{cell(p)}" for t, p in [
            ("Foreword", "3"), ("Ratings", "4"), ("Recommendations", "5"), ("Background", "6"),
            ("1. Organisational arrangements and activity", "7"), ("2. Service delivery", "12"),
            ("Annexe one – Web links", "18")]),
        heading(bold("Acknowledgements")),
        "This inspection was led by HM Inspector Helen Marsh, supported by a team of inspectors and "
        "colleagues from across the Inspectorate. We would like to thank all those who participated in any "
        "way in this inspection.",
        heading(bold("© Crown copyright 2025")),
        "You may re-use this information (excluding logos) free of charge in any format or medium, under the "
        "terms of the Open Government Licence.",
        heading("Foreword"),
        "This was the first inspection of Wessex Vale Probation Delivery Unit (PDU) since unification. Leaders "
        "were visible and staff felt supported, but work to keep people safe was not yet good enough, and the "
        "PDU was rated 'Requires improvement' overall.",
        f"{bold('Ann Example')}{br}\nHM Chief Inspector of Probation",
        heading("Ratings", 1),
        heading("Wessex Vale PDU"),
        "Fieldwork started: 13 January 2025",
        "Score **7/21**",
        heading("Overall rating", 3),
        "Requires improvement",
        heading("1. Organisational arrangements and activity", 3),
    ]
    for standard, rating in RATINGS:
        if standard == "2.1 Assessment":
            parts.append(heading("2. Service delivery", 3))
        parts += [f"P {standard}", rating]
    parts += [
        heading("Recommendations"),
        "Wessex Vale PDU should:\n1. improve the quality of risk assessment\n2. make sure that managers "
        "oversee casework",
        heading("Background"),
        "We conducted fieldwork in Wessex Vale PDU over the period of two weeks, beginning 13 January 2025. "
        "We inspected 38 community orders and 12 releases on licence from custody.",
        "Wessex Vale is one of eleven PDUs in the South West region of The Probation Service. The South West "
        "region supervises 24,310 people in total. The PDU supervises 3,412 people, of which 1,980 are "
        "subject to community orders and 1,102 are on licence from prison.",
        heading("1. Organisational arrangements and activity", 1),
    ]
    n = 0
    for standard, rating in RATINGS:
        code = f"P {standard.split()[0]}."
        name = standard.split(" ", 1)[1]
        if standard == "2.1 Assessment":
            parts.append(heading("2. Service delivery", 1))
        parts += [heading(f"{code} {name}"), STANDARD_TEXT[standard], rating]
        if standard in KEY_QUESTIONS:
            n += 1
            sup = f"<sup>{n}</sup>" if markdown else ""
            parts.append(f"Our rating{sup} for {name.lower()} is based on the percentage of cases we inspected "
                         "being judged satisfactory against three key questions and is driven by the lowest score:")
            parts.append("Key question\tPercentage 'Yes'\n" + "\n".join(
                f"{cell(q)}\t{cell(v)}" for q, v in KEY_QUESTIONS[standard]))
        parts += [
            heading(bold("Strengths:"), 3),
            f"- Practitioners built good working relationships in most cases (7{n} per cent) we inspected in "
            f"relation to {name.lower()}.",
            heading(bold("Areas for improvement:"), 3),
            f"- Management oversight of {name.lower()} was sufficient in only {10 + n} out of 40 relevant cases.",
        ]
    parts += [heading("Annexe one – Web links"),
              "Full data from this inspection is available [on our website](https://example.org)."]
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module", params=["txt", "md"])
def wessex(request, tmp_path_factory):
    """An index of a folder holding only the new report (as .txt or as .md)."""
    from index.build import build_index
    from index.settings import Settings
    from index.store import IndexReader

    folder = tmp_path_factory.mktemp(f"wessex-{request.param}")
    (folder / f"inspection-download.{request.param}").write_text(
        _wessex_report(markdown=request.param == "md"), encoding="utf-8")
    settings = Settings(store_dir=tmp_path_factory.mktemp("wessex-store"), reports_dir=folder)
    summary = build_index(settings, progress=False)
    assert not summary.skipped, summary.lines()
    view = IndexReader(settings)
    yield view
    view.close()


pytestmark = pytest.mark.integration


def test_markdown_variant_really_has_markup():
    text = _wessex_report(markdown=True)
    assert "**7/21**" in text and "<b>Does assessment" in text and "<sup>1</sup>" in text


def test_new_report_metadata(wessex):
    (meta,) = wessex.reports()
    assert {f: getattr(meta, f) for f in EXPECTED_META} == EXPECTED_META


def test_new_report_figures_exactly(wessex):
    (meta,) = wessex.reports()
    rows = wessex.figures([meta.report_id])
    got = sorted((r["kind"], r["standard"], "" if r["kind"] == "caseload" else r["question"], r["value"])
                 for r in rows)
    assert got == EXPECTED_FIGURES


def test_new_report_quotes_are_clean_verbatim_text(wessex):
    (meta,) = wessex.reports()
    text = wessex.report_text(meta.report_id)
    assert "**" not in text and "<b>" not in text and "<sup>" not in text
    for row in wessex.figures([meta.report_id]):
        assert row["quote"] in text
        assert row["unit"] == "Wessex Vale PDU" and row["year"] == 2025


def test_new_report_chunks_carry_its_identity(wessex):
    chunks = wessex.chunks()
    assert chunks
    assert all(c["prefix"].startswith("Wessex Vale PDU, March 2025") for c in chunks)
    safe = [c for c in chunks if "keeping other people safe?\t62%" in c["text"] and c["unit_type"] == "section"]
    assert safe and safe[0]["section"] == "2.1 Assessment"


def test_index_code_is_not_keyed_to_the_shipped_reports():
    hits = []
    for path in sorted(INDEX_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8").lower()
        for marker in SHIPPED_MARKERS:
            for m in re.finditer(re.escape(marker), text):
                line = text.count("\n", 0, m.start()) + 1
                hits.append(f"{path.name}:{line}: {marker}")
    assert not hits, "index/ mentions the shipped reports:\n" + "\n".join(hits)
