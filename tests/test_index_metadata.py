"""Report identity read from content: every field of the five shipped reports.

Expected values were read off the report text by hand (title page, ratings page,
acknowledgements, notes to editors), not copied from the code's output.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

FIELDS = ("title", "unit", "kind", "region", "published_month", "year", "fieldwork_start",
          "lead_inspector", "overall_rating", "score")

EXPECTED = {
    "norfolk-pdu-2024.txt": dict(
        title="An inspection of probation services in Norfolk PDU",
        unit="Norfolk PDU", kind="PDU inspection", region="East of England",
        published_month="May", year=2024,
        # The ratings page says 2024; Background says 2023 (a typo in the report). We keep
        # the ratings page, which is where the template states it.
        fieldwork_start="26 February 2024", lead_inspector="Dave Argument",
        overall_rating="Inadequate", score="2/21"),
    "suffolk-pdu-2024.txt": dict(
        title="An inspection of probation services in Suffolk PDU",
        unit="Suffolk PDU", kind="PDU inspection", region="East of England",
        published_month="May", year=2024, fieldwork_start="12 February 2024",
        lead_inspector="Martin Cunningham", overall_rating="Requires improvement", score="4/21"),
    "east-of-england-region-2024.md": dict(
        title="An inspection of probation services in East of England region",
        unit="East of England region", kind="regional inspection", region="East of England",
        published_month="August", year=2024, fieldwork_start="June 2024",
        lead_inspector="Dave Argument", overall_rating="Requires improvement", score="5/24"),
    "suffolk-quality-impact-2017.txt": dict(
        title="Quality & Impact inspection: the effectiveness of probation work in Suffolk",
        unit="Suffolk", kind="Quality & Impact inspection", region=None,
        published_month="June", year=2017,
        # "An inspection team visited the area for two full weeks in February-March 2017."
        fieldwork_start="February 2017", lead_inspector="Jane Attwood",
        # Quality & Impact inspections predate ratings and scores.
        overall_rating=None, score=None),
    "norfolk-suffolk-crc-press-release-2019.txt": dict(
        title="Press release: Norfolk and Suffolk probation service must improve supervision of offenders",
        unit="Norfolk & Suffolk CRC", kind="press release", region=None,
        # "The report is available ... on 11 September 2019"; the inspection was in May 2019.
        published_month="September", year=2019, fieldwork_start="May 2019",
        lead_inspector=None, overall_rating="Requires improvement", score=None),
}


def test_reports_table_holds_exactly_the_shipped_reports(reports_by_file):
    assert sorted(reports_by_file) == sorted(EXPECTED)
    ids = [meta.report_id for meta in reports_by_file.values()]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("source_file", sorted(EXPECTED))
@pytest.mark.parametrize("field", FIELDS)
def test_metadata_field(reports_by_file, source_file, field):
    meta = reports_by_file[source_file]
    assert getattr(meta, field) == EXPECTED[source_file][field]


def test_labels_tell_reports_apart(reports_by_file):
    labels = {f: m.label for f, m in reports_by_file.items()}
    assert labels["suffolk-pdu-2024.txt"] == "Suffolk PDU, May 2024"
    assert labels["suffolk-quality-impact-2017.txt"] == "Suffolk, June 2017"
    assert labels["norfolk-suffolk-crc-press-release-2019.txt"] == "Norfolk & Suffolk CRC, September 2019"
    assert len(set(labels.values())) == len(labels)


def test_every_chunk_carries_its_report_metadata(reader, reports_by_file):
    """Chroma metadata on each vector names the right report, unit, year and kind."""
    by_id = {m.report_id: m for m in reports_by_file.values()}
    got = reader.collection.get(include=["metadatas"])
    assert len(got["ids"]) == len(reader.chunks())
    for metadata in got["metadatas"]:
        meta = by_id[metadata["report_id"]]
        assert (metadata["unit"], metadata["year"], metadata["kind"]) == (meta.unit, meta.year, meta.kind)


def test_chunk_prefix_names_report_and_section(reader, reports_by_file):
    suffolk = reports_by_file["suffolk-pdu-2024.txt"].report_id
    chunks = [c for c in reader.chunks() if c["report_id"] == suffolk]
    assessment = [c for c in chunks if "keeping other people safe?\t45%" in c["text"]
                  and c["unit_type"] == "section"]
    assert assessment, "the Suffolk assessment key-question table is not in any section chunk"
    assert assessment[0]["prefix"].startswith("Suffolk PDU, May 2024 | 2.1 Assessment")


def test_boilerplate_is_not_indexed(reader):
    for chunk in reader.chunks():
        assert "re-use this information" not in chunk["text"]
        assert "Civil Justice Centre" not in chunk["text"]


def test_facts_in_a_list_with_boilerplate_are_indexed(reader):
    """A press release's "Notes to editor" mixes facts with press-office boilerplate: the facts
    are indexed, the boilerplate lines are not."""
    texts = [c["text"] for c in reader.chunks()]
    assert any("Norfolk and Suffolk CRC is owned by Sodexo Justice Services" in t for t in texts)
    assert any("Fieldwork for this inspection took place in May and June 2019" in t for t in texts)
    assert not any("For media enquiries" in t or "is the independent inspector of youth" in t for t in texts)
