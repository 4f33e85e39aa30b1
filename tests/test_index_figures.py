"""The figures table: the right values for the right report, each quoted verbatim.

Expected rows were counted and read off the report text by hand:
- Norfolk PDU and Suffolk PDU: overall rating, score, 7 standard ratings (P 1.1-1.3,
  P 2.1-2.4), 12 key-question rows (3 per case-supervision standard), 1 caseload total.
- East of England region: overall rating, score, 8 standard ratings (R 1.1, 1.2, 2.1-2.6),
  17 key-question rows (4+4+1+4+1+3), 1 caseload total (15,891; 10,844 is a part of it).
- 2019 press release: overall rating, 2 ratings in prose (the four case-supervision
  standards 'Inadequate', unpaid work 'Outstanding'), 1 caseload ("more than 3,000").
- 2017 Quality & Impact report: none (no ratings or key-question tables in that framework;
  its caseload sentences are national or company-wide totals, not Suffolk's).
"""

from __future__ import annotations

from collections import Counter

import pytest

pytestmark = pytest.mark.integration

SAFE = "Does assessment focus sufficiently on keeping other people safe?"

COUNTS = {
    "norfolk-pdu-2024.txt": {"overall_rating": 1, "score": 1, "rating": 7, "key_question": 12, "caseload": 1},
    "suffolk-pdu-2024.txt": {"overall_rating": 1, "score": 1, "rating": 7, "key_question": 12, "caseload": 1},
    "east-of-england-region-2024.md": {"overall_rating": 1, "score": 1, "rating": 8, "key_question": 17,
                                       "caseload": 1},
    "norfolk-suffolk-crc-press-release-2019.txt": {"overall_rating": 1, "rating": 2, "caseload": 1},
    "suffolk-quality-impact-2017.txt": {},
}

PDU_QUESTIONS = [
    ("2.1 Assessment", "Does assessment focus sufficiently on engaging the person on probation?"),
    ("2.1 Assessment", "Does assessment focus sufficiently on the factors linked to offending and desistance?"),
    ("2.1 Assessment", SAFE),
    ("2.2 Planning", "Does planning focus sufficiently on engaging the person on probation?"),
    ("2.2 Planning", "Does planning focus sufficiently on reducing reoffending and supporting desistance?"),
    ("2.2 Planning", "Does planning focus sufficiently on keeping other people safe?"),
    ("2.3 Implementation and delivery",
     "Is the sentence or post-custody period implemented effectively with a focus on engaging the person on probation?"),
    ("2.3 Implementation and delivery", "Does the implementation and delivery of services effectively support desistance?"),
    ("2.3 Implementation and delivery",
     "Does the implementation and delivery of services effectively support the safety of other people?"),
    ("2.4 Reviewing",
     "Does reviewing focus sufficiently on supporting the compliance and engagement of the person on probation?"),
    ("2.4 Reviewing", "Does reviewing focus sufficiently on supporting desistance?"),
    ("2.4 Reviewing", "Does reviewing focus sufficiently on keeping other people safe?"),
]
KEY_QUESTIONS = {
    "norfolk-pdu-2024.txt": dict(zip(PDU_QUESTIONS, ["50%", "70%", "39%", "55%", "68%", "59%",
                                                      "70%", "55%", "32%", "73%", "57%", "45%"])),
    "suffolk-pdu-2024.txt": dict(zip(PDU_QUESTIONS, ["50%", "71%", "45%", "39%", "68%", "45%",
                                                      "45%", "36%", "23%", "55%", "36%", "36%"])),
    "east-of-england-region-2024.md": {
        ("2.1 Public protection", SAFE): "28%",
        ("2.1 Public protection", "Does planning focus sufficiently on keeping other people safe?"): "45%",
        ("2.1 Public protection",
         "Does the implementation and delivery of services effectively support the safety of other people?"): "28%",
        ("2.1 Public protection", "Does reviewing focus sufficiently on keeping other people safe?"): "38%",
        ("2.2 Desistance", "Does assessment focus sufficiently on the factors linked to offending and desistance?"): "66%",
        ("2.2 Desistance", "Does planning focus sufficiently on reducing reoffending and supporting desistance?"): "66%",
        ("2.2 Desistance", "Does the implementation and delivery of services effectively support desistance?"): "40%",
        ("2.2 Desistance", "Does reviewing focus sufficiently on supporting desistance?"): "49%",
        ("2.3 Court work", "Is the pre-sentence information and advice provided to court sufficiently analytical and "
                           "personalised to the individual, supporting the court's decision-making?"): "31%",
        ("2.4 Unpaid work", "Is the assessment and planning of unpaid work personalised?"): "39%",
        ("2.4 Unpaid work", "Do arrangements for unpaid work maximise rehabilitative elements and support desistance?"): "75%",
        ("2.4 Unpaid work", "Is unpaid work delivered safely?"): "49%",
        ("2.4 Unpaid work", "Is the sentence of the court implemented appropriately?"): "70%",
        ("2.5 Resettlement", "Is resettlement timely, personalised, and coordinated, and does it address key resettlement "
                             "needs and support the individual's integration into the community?"): "35%",
        ("2.6 Statutory victim work", "Does initial contact with victims encourage engagement with the Victim Contact "
                                      "Scheme and provide information about sources of support?"): "93%",
        ("2.6 Statutory victim work",
         "Is there effective information and communication exchange to support the safety of victims?"): "90%",
        ("2.6 Statutory victim work", "Does pre-release contact with victims allow them to make appropriate "
                                      "contributions to the conditions of release?"): "100%",
    },
}
RATINGS = {
    "norfolk-pdu-2024.txt": {
        "1.1 Leadership": "Inadequate", "1.2 Staffing": "Inadequate", "1.3 Services": "Requires improvement",
        "2.1 Assessment": "Inadequate", "2.2 Planning": "Requires improvement",
        "2.3 Implementation and delivery": "Inadequate", "2.4 Reviewing": "Inadequate"},
    "suffolk-pdu-2024.txt": {
        "1.1 Leadership": "Good", "1.2 Staffing": "Requires improvement", "1.3 Services": "Requires improvement",
        "2.1 Assessment": "Inadequate", "2.2 Planning": "Inadequate",
        "2.3 Implementation and delivery": "Inadequate", "2.4 Reviewing": "Inadequate"},
    "east-of-england-region-2024.md": {
        "1.1 Leadership": "Requires improvement", "1.2 Staffing": "Requires improvement",
        "2.1 Public protection": "Inadequate", "2.2 Desistance": "Inadequate", "2.3 Court work": "Inadequate",
        "2.4 Unpaid work": "Inadequate", "2.5 Resettlement": "Inadequate",
        "2.6 Statutory victim work": "Outstanding"},
}
OVERALL = {
    "norfolk-pdu-2024.txt": ("Inadequate", "2/21"),
    "suffolk-pdu-2024.txt": ("Requires improvement", "4/21"),
    "east-of-england-region-2024.md": ("Requires improvement", "5/24"),
    "norfolk-suffolk-crc-press-release-2019.txt": ("Requires improvement", None),
}
CASELOAD = {
    "norfolk-pdu-2024.txt": "1,845",
    "suffolk-pdu-2024.txt": "2,238",
    "east-of-england-region-2024.md": "15,891",
    "norfolk-suffolk-crc-press-release-2019.txt": "3,000",
}


@pytest.fixture(scope="module")
def figures_by_file(reader, reports_by_file):
    return {name: reader.figures([meta.report_id]) for name, meta in reports_by_file.items()}


def _of_kind(rows, kind):
    return [r for r in rows if r["kind"] == kind]


@pytest.mark.parametrize("source_file", sorted(COUNTS))
def test_row_counts_by_kind(figures_by_file, source_file):
    assert dict(Counter(r["kind"] for r in figures_by_file[source_file])) == COUNTS[source_file]


def test_keeping_people_safe_assessment_per_report(figures_by_file):
    def safe(name):
        rows = [r for r in figures_by_file[name] if r["kind"] == "key_question" and r["question"] == SAFE]
        assert len(rows) == 1, rows
        return rows[0]

    assert safe("norfolk-pdu-2024.txt")["value"] == "39%"
    assert safe("suffolk-pdu-2024.txt")["value"] == "45%"
    assert safe("east-of-england-region-2024.md")["value"] == "28%"
    assert safe("norfolk-pdu-2024.txt")["number"] == 39.0
    assert safe("norfolk-pdu-2024.txt")["standard"] == "2.1 Assessment"
    assert safe("east-of-england-region-2024.md")["standard"] == "2.1 Public protection"


@pytest.mark.parametrize("source_file", sorted(KEY_QUESTIONS))
def test_key_question_tables(figures_by_file, source_file):
    got = {(r["standard"], r["question"]): r["value"] for r in _of_kind(figures_by_file[source_file], "key_question")}
    assert got == KEY_QUESTIONS[source_file]


@pytest.mark.parametrize("source_file", sorted(RATINGS))
def test_standard_ratings(figures_by_file, source_file):
    got = {r["standard"]: r["value"] for r in _of_kind(figures_by_file[source_file], "rating")}
    assert got == RATINGS[source_file]


@pytest.mark.parametrize("source_file", sorted(OVERALL))
def test_overall_rating_and_score(figures_by_file, source_file):
    rows = figures_by_file[source_file]
    rating, score = OVERALL[source_file]
    assert [r["value"] for r in _of_kind(rows, "overall_rating")] == [rating]
    assert [r["value"] for r in _of_kind(rows, "score")] == ([score] if score else [])


def test_press_release_prose_ratings(figures_by_file):
    rows = _of_kind(figures_by_file["norfolk-suffolk-crc-press-release-2019.txt"], "rating")
    unpaid = [r for r in rows if "unpaid work" in r["standard"]]
    assert [r["value"] for r in unpaid] == ["Outstanding"]
    supervision = [r for r in rows if "assessment, planning, implementation and review" in r["standard"]]
    assert [r["value"] for r in supervision] == ["Inadequate"]
    assert not supervision[0]["standard"].endswith(("–", "-", " "))


@pytest.mark.parametrize("source_file", sorted(CASELOAD))
def test_caseload_is_the_units_own_total(figures_by_file, source_file):
    rows = _of_kind(figures_by_file[source_file], "caseload")
    assert [r["value"] for r in rows] == [CASELOAD[source_file]]
    assert rows[0]["value"] in rows[0]["quote"]


def test_region_total_quoted_in_a_pdu_report_is_not_the_pdus_caseload(figures_by_file):
    """Suffolk's report gives the region's caseload (20,184) next to its own (2,238)."""
    values = {r["value"] for r in figures_by_file["suffolk-pdu-2024.txt"]}
    assert "20,184" not in values


def test_figures_carry_their_report_identity(figures_by_file, reports_by_file):
    for name, rows in figures_by_file.items():
        meta = reports_by_file[name]
        for row in rows:
            assert (row["report_id"], row["unit"], row["year"]) == (meta.report_id, meta.unit, meta.year)
            assert row["page"] is None  # text files have no pages


def test_every_quote_is_verbatim_report_text(reader, figures_by_file, reports_by_file):
    for name, rows in figures_by_file.items():
        text = reader.report_text(reports_by_file[name].report_id)
        for row in rows:
            assert row["quote"] in text, (name, row["quote"])
            assert text[row["start"]:row["start"] + len(row["quote"])] == row["quote"]
            assert row["value"].replace("%", "") in row["quote"]
