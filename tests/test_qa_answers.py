"""End-to-end answers on the shipped corpus (real embeddings, real Chroma store).

Each test asserts the figure, rating, citation or refusal itself, not just that an answer
came back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.verify import verify
from qa.types import Citation

pytestmark = pytest.mark.integration

SAFETY_Q = "What share of Norfolk cases had assessments that focused enough on keeping others safe?"


@pytest.fixture(scope="module")
def assistant(built_index):
    from qa.assistant import Assistant

    return Assistant(built_index)


def _report_id(assistant, unit: str, year: int) -> str:
    for meta in assistant.reports.values():
        if meta.unit == unit and meta.year == year:
            return meta.report_id
    raise AssertionError(f"no report {unit} {year}")


def test_same_key_question_differs_between_norfolk_and_suffolk(assistant):
    norfolk = assistant.ask(SAFETY_Q)
    suffolk = assistant.ask("In the Suffolk PDU inspection, how often did assessments focus enough on keeping other people safe?")
    assert not norfolk.refused and not suffolk.refused
    assert "39%" in norfolk.text and "45%" not in norfolk.text.split("\n")[0]
    assert "45%" in suffolk.text
    assert [(f.unit, f.value) for f in norfolk.figures] == [("Norfolk PDU", "39%")]
    assert [(f.unit, f.value) for f in suffolk.figures] == [("Suffolk PDU", "45%")]
    cited = norfolk.citations[norfolk.figures[0].citation - 1]
    assert cited.n == 1 and "keeping other people safe" in cited.quote and "39%" in cited.quote
    assert cited.section.endswith("2.1 Assessment")


def test_overall_rating_and_score_from_figures_table(assistant):
    answer = assistant.ask("What overall rating did Norfolk PDU receive?")
    assert answer.text.startswith("Norfolk PDU (May 2024) was rated Inadequate overall [1], with a score of 2/21 [2].")
    assert {(f.kind, f.value) for f in answer.figures} == {("overall_rating", "Inadequate"), ("score", "2/21")}


def test_standard_rating(assistant):
    answer = assistant.ask("How was leadership rated at Suffolk PDU?")
    assert "rated Good for 1.1 Leadership [1]" in answer.text
    region = assistant.ask("What rating did the East of England get for statutory victim work?")
    assert "Outstanding" in region.text.split("\n")[0]


def test_suffolk_2017_vs_2024_cites_both_reports(assistant):
    answer = assistant.ask("How did Suffolk assess safety in 2017 vs 2024?")
    assert not answer.refused
    reports = {c.report for c in answer.citations}
    assert _report_id(assistant, "Suffolk", 2017) in reports
    assert _report_id(assistant, "Suffolk PDU", 2024) in reports
    assert "45%" in answer.text and "two-thirds" in answer.text
    first = answer.text.split("\n")[0]
    assert "higher" in first and "lower" in first


def test_norfolk_vs_suffolk_verdict_with_difference(assistant):
    answer = assistant.ask("Did Norfolk or Suffolk do better on assessments focusing on keeping other people safe?")
    first = answer.text.split("\n")[0]
    assert first == ("Suffolk PDU (May 2024) was higher (45%) and Norfolk PDU (May 2024) lower (39%), "
                     "a difference of 6 percentage points.")
    assert {f.value for f in answer.figures} == {"39%", "45%"}


def test_pdu_vs_region(assistant):
    answer = assistant.ask("How does Suffolk PDU compare with the East of England region as a whole on assessment keeping other people safe?")
    assert "45%" in answer.text and "28%" in answer.text
    assert "Suffolk PDU (May 2024) was higher" in answer.text


def test_followup_switches_unit_and_keeps_topic(assistant):
    first = assistant.ask(SAFETY_Q)
    history = [{"role": "user", "content": SAFETY_Q}, {"role": "assistant", "content": first.text}]
    follow = assistant.ask("And in Suffolk?", history)
    assert follow.rewritten_question and "Suffolk" in follow.rewritten_question
    assert "45%" in follow.text and follow.figures[0].unit == "Suffolk PDU"
    topic = assistant.ask("What about planning?", history)
    assert "planning" in topic.rewritten_question.lower()
    assert "59%" in topic.text and topic.figures[0].standard == "2.2 Planning"


@pytest.mark.parametrize("question, named", [
    ("What was Kent PDU's overall rating?", "Kent"),
    ("How did Cardiff PDU score on assessment?", "Cardiff"),
])
def test_refuses_area_not_in_corpus(assistant, question, named):
    answer = assistant.ask(question)
    assert answer.refused and not answer.citations and not answer.figures
    assert named in answer.text
    assert "Norfolk PDU, May 2024 (PDU inspection)" in answer.text  # says what the corpus covers


def test_refuses_year_not_in_corpus(assistant):
    answer = assistant.ask("What rating did Norfolk PDU get in 2021?")
    assert answer.refused
    assert "no 2021 report on Norfolk" in answer.text
    assert not re.search(r"\b(Inadequate|Good|Outstanding)\b", answer.text.split("The corpus covers")[0])


def test_refuses_ratings_from_report_without_ratings(assistant):
    answer = assistant.ask("What overall rating did the 2017 Suffolk inspection give the CRC?")
    assert answer.refused and "does not give ratings" in answer.text


PROBES = [
    SAFETY_Q,
    "Why was Norfolk PDU rated Inadequate?",
    "How did Suffolk assess safety in 2017 vs 2024?",
    "In how many Norfolk cases was management oversight of casework sufficient?",
    "What concerned inspectors most about the Norfolk and Suffolk CRC in 2019?",
    "What did the East of England region's victim work do well?",
    "Who led the Norfolk PDU inspection?",
]


@pytest.mark.parametrize("question", PROBES)
def test_every_citation_quote_is_verbatim_in_its_report(assistant, question):
    answer = assistant.ask(question)
    assert answer.citations, answer.text
    for c in answer.citations:
        assert c.quote in assistant.reader.report_text(c.report), c.quote
        assert c.quote in c.passage
        assert f"[{c.n}]" in answer.text
    # every [n] in the text resolves to a citation
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} == {c.n for c in answer.citations}


def test_prose_figure_answered_from_its_sentence(assistant):
    answer = assistant.ask("In how many Norfolk cases was management oversight of casework sufficient?")
    assert "13 out of 39" in answer.text.split("\n")[0]


def test_lead_inspector_from_metadata(assistant):
    answer = assistant.ask("Who led the Norfolk PDU inspection?")
    assert "Dave Argument" in answer.text and "Dave Argument" in answer.citations[0].quote


def _citation(n, quote):
    return Citation(n=n, report="r", title="t", unit="u", year=2024, section="s", page=None, quote=quote, passage=quote)


def test_verify_drops_unsupported_numbers_and_unknown_citations():
    cites = [_citation(1, "Does assessment focus sufficiently on keeping other people safe?\t39%")]
    text = "In X (May 2024), 39% of cases [1].\nIn X, 52% of cases [1].\nSee also [7]."
    checked = verify(text, cites, labels=["X (May 2024)"])
    assert checked.text == "In X (May 2024), 39% of cases [1]."
    assert checked.changed and checked.bad_citations == [7] and len(checked.dropped) == 2


def test_why_a_standard_was_rated_gives_its_key_questions_and_findings(assistant):
    answer = assistant.ask("Why was unpaid work rated Inadequate in the East of England?")
    lines = answer.text.split("\n")
    assert lines[0] == "East of England region (August 2024) was rated Inadequate for 2.4 Unpaid work [1]."
    # The key questions behind the rating, lowest first, each cited.
    assert "lowest first: 39% on “Is the assessment and planning of unpaid work personalised?” [2]; 49% on" in answer.text
    assert [f.value for f in answer.figures] == ["Inadequate", "39%", "49%", "70%", "75%"]
    # The report's own summary of the standard opens the findings.
    findings = answer.text.split("The report's findings for 2.4 Unpaid work:", 1)[1]
    assert findings.lstrip().startswith("- “Supervisor shortages and poor enforcement practice")
    assert all(c.quote in c.passage for c in answer.citations)


def test_two_part_rating_and_reason_question(assistant):
    answer = assistant.ask("How was Norfolk's assessment work rated, and which key question pulled the rating down?")
    assert answer.text.startswith("Norfolk PDU (May 2024) was rated Inadequate for 2.1 Assessment [1].")
    assert "lowest first: 39% on “Does assessment focus sufficiently on keeping other people safe?”" in answer.text


def test_why_overall_rating_quotes_the_reports_reasoning(assistant):
    answer = assistant.ask("Why was Norfolk PDU rated Inadequate?")
    assert answer.text.startswith("Norfolk PDU (May 2024) was rated Inadequate overall [1], with a score of 2/21 [2].")
    assert ("Standards rated Inadequate: 1.1 Leadership [3], 1.2 Staffing [4], 2.1 Assessment [5], "
            "2.3 Implementation and delivery [6], 2.4 Reviewing [7].") in answer.text
    # The sentence giving the rating is quoted with the one it follows from ("As a result, ...").
    assert ("“Disappointingly, we found serious problems in relation to the leadership and governance of the PDU "
            "which were related to poor quality work with people on probation. As a result, the PDU was rated "
            "'Inadequate' overall.”") in answer.text
    assert "We were pleased" not in answer.text  # praise does not explain a low rating


def test_question_asking_two_things_is_answered_part_by_part(assistant):
    answer = assistant.ask("When did inspectors start their fieldwork in Norfolk PDU, and how many practitioners "
                           "did they interview?")
    first, second = answer.text.split("\n\n", 1)
    assert "fieldwork started" in first and "2024" in first
    assert "35 interviews with probation practitioners" in second
    # Citations are numbered across both parts and each quote is in its passage.
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    assert all(c.quote in c.passage for c in answer.citations)


def test_split_question_keeps_scope_and_reason_parts():
    from index.metadata import ReportMeta
    from qa.catalog import Catalog
    from qa.parts import split_question

    meta = ReportMeta(report_id="norfolk", title="An inspection of probation services in Norfolk PDU",
                      unit="Norfolk PDU", kind="PDU inspection", region="East of England", published_month="May",
                      year=2024, fieldwork_start=None, lead_inspector=None, overall_rating=None, score=None,
                      source_file="x.txt", content_hash="0")
    catalog = Catalog.from_reports([meta])
    assert split_question("When did fieldwork start in Norfolk PDU, and how many practitioners were interviewed?",
                          catalog) == ["When did fieldwork start in Norfolk PDU?",
                                       "How many practitioners were interviewed in Norfolk PDU?"]
    assert split_question("What rating did Norfolk get for staffing, and why?", catalog) == [
        "What rating did Norfolk get for staffing, and why?"]
    assert split_question("What percentage in Norfolk, and what in Suffolk?", catalog) == [
        "What percentage in Norfolk, and what in Suffolk?"]
    # A count that leaves out what it counts leans on the part before.
    assert split_question("How many recommendations did Norfolk PDU get, and how many were for HMPPS?", catalog) == [
        "How many recommendations did Norfolk PDU get, and how many were for HMPPS?"]
    # A part that names only its own report asks about the first part's topic, not in its scope.
    assert split_question("What did the 2017 inspectors say about the IOM scheme, and what does the regional "
                          "report say?", catalog) == ["What did the 2017 inspectors say about the IOM scheme?",
                                                      "What does the regional report say about IOM scheme?"]
    # What a rewritten follow-up carried over (in brackets) belongs to every part.
    assert split_question("What hours did it usually run, and was getting there a problem on any day "
                          "(unpaid work in Suffolk in 2017)?", catalog) == [
        "What hours did it usually run (unpaid work in Suffolk in 2017)?",
        "Was getting there a problem on any day (unpaid work in Suffolk in 2017)?"]


def test_which_standards_got_a_rating(assistant):
    answer = assistant.ask("Which standards were rated Inadequate in the East of England region?")
    assert answer.text.split("\n")[0] == (
        "East of England region (August 2024) was rated Inadequate for 2.1 Public protection [1], "
        "2.2 Desistance [2], 2.3 Court work [3], 2.4 Unpaid work [4], 2.5 Resettlement [5].")
    crc = assistant.ask("How did the 2019 inspection rate the CRC's case supervision?")
    assert crc.text.startswith("Norfolk & Suffolk CRC (September 2019) was rated Inadequate for all four of our key "
                               "case supervision standards")


def test_followup_asking_for_the_lowest_key_question(assistant):
    history = [{"role": "user", "content": "How was Norfolk rated for assessment?"},
               {"role": "assistant", "content": "Norfolk PDU (May 2024) was rated Inadequate for 2.1 Assessment [1]."}]
    answer = assistant.ask("Which key question was lowest?", history)
    assert answer.rewritten_question == "Which key question was lowest (assessment in Norfolk)?"
    assert "lowest first: 39% on “Does assessment focus sufficiently on keeping other people safe?” [2]" in answer.text


def test_comparing_overall_scores_states_the_scores(assistant):
    answer = assistant.ask("Compare the overall scores of Norfolk and Suffolk PDUs.")
    assert answer.text.split("\n")[0] == "Suffolk PDU (May 2024) scored higher (4/21) than Norfolk PDU (May 2024) (2/21)."


def test_organisation_named_in_notes_to_editors(assistant):
    answer = assistant.ask("Which organisation owned the Norfolk and Suffolk CRC?")
    assert "owned by Sodexo Justice Services" in answer.text.split("\n")[0]
    assert "07889" not in answer.text  # the press office's phone number is not evidence


def test_empty_question_is_refused_politely(assistant):
    answer = assistant.ask("   ")
    assert answer.refused and "Please ask" in answer.text


# ------------------------------------------------------------------ generalisation
def _new_report_text() -> str:
    """A new report in the PDU template with a different unit, region, date and figures."""
    text = (Path(__file__).resolve().parents[1] / "reports" / "norfolk-pdu-2024.txt").read_text(encoding="utf-8")
    text = text.replace("Norfolk", "Wessex Vale").replace("East of England", "South West")
    text = text.replace("May 2024", "March 2025").replace("Score **2/21**", "Score **9/21**")
    text = text.replace("Overall rating\n\nInadequate", "Overall rating\n\nGood")
    text = text.replace("keeping other people safe?\t39%", "keeping other people safe?\t62%")
    text = text.replace("P 1.1 Leadership\n\nInadequate", "P 1.1 Leadership\n\nOutstanding")
    text = text.replace("Martin Jones CBE", "Alex Morgan OBE").replace("has 10 SPOs", "has 14 SPOs")
    text = text.replace("We inspected 34 community orders and 10 releases", "We inspected 41 community orders and 13 releases")
    return text


@pytest.fixture(scope="module")
def new_report_assistant(tmp_path_factory):
    from index.build import build_index
    from index.settings import Settings
    from qa.assistant import Assistant

    reports = tmp_path_factory.mktemp("new-reports")
    (reports / "some upload name.txt").write_text(_new_report_text(), encoding="utf-8")
    settings = Settings(store_dir=tmp_path_factory.mktemp("new-store"), reports_dir=reports)
    summary = build_index(settings, progress=False)
    assert [m.unit for m in summary.indexed] == ["Wessex Vale PDU"]
    return Assistant(settings)


def test_same_questions_work_on_a_new_report(new_report_assistant):
    a = new_report_assistant
    safety = a.ask("What share of Wessex Vale cases had assessments that focused enough on keeping others safe?")
    assert [(f.unit, f.value) for f in safety.figures] == [("Wessex Vale PDU", "62%")]
    overall = a.ask("What overall rating did Wessex Vale PDU receive?")
    assert overall.text.startswith("Wessex Vale PDU (March 2025) was rated Good overall [1], with a score of 9/21 [2].")
    leadership = a.ask("How was leadership rated at Wessex Vale PDU?")
    assert "rated Outstanding for 1.1 Leadership" in leadership.text
    assert a.ask("What was Norfolk PDU's overall rating?").refused
    why = a.ask("Why was assessment rated Inadequate in Wessex Vale PDU?")
    assert why.text.startswith("Wessex Vale PDU (March 2025) was rated Inadequate for 2.1 Assessment [1].")
    assert "lowest first: 50% on “Does assessment focus sufficiently on engaging the person on probation?”" in why.text


def test_asked_for_a_name_the_reports_do_not_give(assistant):
    answer = assistant.ask("What is the name of Suffolk PDU's head of service?")
    assert answer.refused and "do not give that name" in answer.text
    named = assistant.ask("What is the name of the lead inspector for Norfolk?")
    assert not named.refused and "Dave Argument" in named.text


def test_counting_and_ranking_a_reports_standard_ratings(assistant):
    count = assistant.ask("How many of Suffolk PDU's seven standards came out as Inadequate?")
    assert count.text.split("\n")[0] == "Suffolk PDU (May 2024): four of its seven rated standards were Inadequate."
    assert [f.standard for f in count.figures] == ["2.1 Assessment", "2.2 Planning", "2.3 Implementation and delivery",
                                                   "2.4 Reviewing"]
    best = assistant.ask("What was Norfolk's best-rated standard?")
    assert best.text.startswith("Norfolk PDU (May 2024) was rated Requires improvement for 1.3 Services [1], "
                                "2.2 Planning [2]; Inadequate for 1.1 Leadership [3]")


def test_comparison_sides_share_the_key_question_whichever_side_finds_it(assistant):
    answer = assistant.ask("Was Norfolk better or worse than the East of England as a whole at delivering "
                           "services that keep other people safe?")
    assert answer.text.split("\n")[0] == ("Norfolk PDU (May 2024) was higher (32%) and East of England region "
                                          "(August 2024) lower (28%), a difference of 4 percentage points.")


def test_everyday_wording_reaches_the_key_question(assistant):
    answer = assistant.ask("In Norfolk, how often did the services actually delivered help people move away "
                           "from offending? I need the percentage.")
    assert [(f.unit, f.value) for f in answer.figures] == [("Norfolk PDU", "55%")]
    lead = assistant.ask("Which inspector was in charge of the East of England regional inspection?")
    assert "led by HM Inspector Dave Argument" in lead.text.split("\n")[0]


def test_abbreviations_the_report_defines_meet_their_long_form(assistant, new_report_assistant):
    spos = assistant.ask("How many senior probation officers are there in Norfolk PDU?")
    assert spos.text.split("\n")[0] == ("Norfolk PDU (May 2024): “The PDU has 10 SPOs and one deputy head of PDU, "
                                        "all of whom are line managed by the head of PDU.” [1]")
    units = assistant.ask("How many probation delivery units are there in the East of England region?")
    assert "eight PDUs" in units.text.split("\n")[0]
    new = new_report_assistant.ask("How many senior probation officers are there in Wessex Vale PDU?")
    assert "has 14 SPOs" in new.text.split("\n")[0]


def test_case_sample_from_the_methodology_sentence(assistant, new_report_assistant):
    suffolk = assistant.ask("How many cases did inspectors look at in Suffolk PDU?")
    assert suffolk.text.startswith("Suffolk PDU (May 2024): the inspectors' sample was 56 cases "
                                   "(37 community orders and 19 releases on licence) [1].")
    assert suffolk.citations[0].quote.startswith("We inspected 37 community orders and 19 releases on licence")
    old = assistant.ask("How big was the case sample in the 2017 Suffolk inspection?")
    assert old.text.startswith("Suffolk (June 2017): the inspectors' sample was 46 cases [1].")
    # A question about particular cases is not the sample as a whole.
    mappa = assistant.ask("How many MAPPA cases were inspected in Suffolk in 2017?")
    assert "We inspected 11 cases which were MAPPAs eligible." in mappa.text.split("\n")[0]
    new = new_report_assistant.ask("How many cases did the inspectors look at in Wessex Vale PDU?")
    assert "sample was 54 cases (41 community orders and 13 releases on licence)" in new.text


def test_who_signed_the_report(assistant, new_report_assistant):
    old = assistant.ask("Who was HM Chief Inspector of Probation when the 2017 Suffolk report came out?")
    assert old.text.startswith("Suffolk (June 2017): Dame Glenys Stacey, HM Chief Inspector of Probation, "
                               "signed the report [1].")
    assert old.citations[0].quote == "Dame Glenys Stacey\n\nHM Chief Inspector of Probation"
    press = assistant.ask("Who was chief inspector when the Norfolk and Suffolk CRC was inspected in 2019?")
    assert "Chief Inspector Justin Russell said" in press.text.split("\n")[0]
    new = new_report_assistant.ask("Who was the Chief Inspector of Probation for the Wessex Vale report?")
    assert "Alex Morgan OBE, HM Chief Inspector of Probation" in new.text


def test_since_a_year_compares_with_the_latest_report(assistant):
    answer = assistant.ask("Has the overall grade for probation in Suffolk moved since the CRC was inspected in 2019?")
    assert answer.text.split("\n")[0] == ("Both were the same: Requires improvement in Norfolk & Suffolk CRC "
                                          "(September 2019) and in Suffolk PDU (May 2024).")
    than = assistant.ask("Were people on probation in Suffolk more positive about their appointments than those in Norfolk?")
    lines = than.text.split("\n")
    assert lines[0].startswith("- Suffolk PDU (May 2024): “Regarding their experience of probation appointments, 55 per cent")
    assert lines[1] == "- Norfolk PDU (May 2024): “Less than half (48 per cent) of respondents felt their probation appointments were useful.” [2]"


def test_pronoun_follow_ups_keep_the_conversation_going(assistant):
    history = [{"role": "user", "content": "How many people on probation did User Voice talk to for the Norfolk PDU inspection?"},
               {"role": "assistant", "content": "71 people."}]
    safe = assistant.ask("Did they feel safe coming into the office?", history)
    assert safe.rewritten_question == "Did they feel safe coming into the office (in Norfolk)?"
    assert "most people (77 per cent) felt safe doing so" in safe.text.split("\n")[0]
    history = [{"role": "user", "content": "Can you give me Norfolk PDU's scores on the planning key questions?"},
               {"role": "assistant", "content": "55%, 68% and 59%."}]
    lowest = assistant.ask("Which of those was the lowest?", history)
    assert lowest.rewritten_question == "Which of the key questions was the lowest (planning in Norfolk)?"
    assert "lowest first: 55% on “Does planning focus sufficiently on engaging the person on probation?”" in lowest.text


def test_a_prose_figure_is_compared_with_the_other_reports_matching_sentence(assistant):
    answer = assistant.ask("Was Norfolk worse than the East of England overall at protecting victims during sentences?")
    lines = answer.text.split("\n")
    assert lines[0] == ("By these measures the share found wanting was higher in Norfolk PDU (May 2024) (26 out of 42) "
                        "than in East of England region (August 2024) (61 per cent); the inspections measured this in "
                        "different ways, so compare with care.")
    assert lines[3] == ("- East of England region (August 2024): “In some 61 per cent of cases regionally, insufficient "
                        "attention had been paid to protecting victims from harm.” [2]")


def test_yes_no_and_best_questions_about_a_reports_standards(assistant):
    top = assistant.ask("Did Suffolk PDU get the top grade for any of its standards?")
    assert top.text.split("\n")[0] == "No: Suffolk PDU (May 2024) rated none of its seven standards Outstanding."
    assert "Good for 1.1 Leadership [1]" in top.text
    best = assistant.ask("Which area of work did the East of England region score best on in its ratings?")
    assert best.text.startswith("East of England region (August 2024) was rated Outstanding for 2.6 Statutory victim work [1];")


def test_a_standard_the_report_does_not_rate_is_refused_with_what_it_does_rate(assistant):
    answer = assistant.ask("What rating did Norfolk PDU get for its statutory victim work?")
    assert answer.refused
    assert ("Norfolk PDU (May 2024) gives no rating for statutory victim work; it rates 1.1 Leadership, 1.2 Staffing, "
            "1.3 Services, 2.1 Assessment, 2.2 Planning, 2.3 Implementation and delivery, 2.4 Reviewing") in answer.text


def test_more_ways_of_asking_for_a_comparison(assistant):
    stack = assistant.ask("How does Norfolk PDU's overall grade stack up against the East of England region's?")
    assert stack.text.split("\n")[0] == ("East of England region (August 2024) was rated better (Requires improvement) "
                                         "than Norfolk PDU (May 2024) (Inadequate).")
    both = assistant.ask("Did Norfolk and Suffolk both have a probation officer seconded into their local youth justice service?")
    assert both.text.startswith("- Norfolk PDU (May 2024):")
    assert "- Suffolk PDU (May 2024): “There were effective relationships with youth justice services" in both.text
    assert "The PDU had not supplied a seconded PO to the local YJS for several years" in both.text


def test_follow_ups_that_change_the_year_or_start_with_so(assistant):
    history = [{"role": "user", "content": "How many practitioners were interviewed for the 2024 Suffolk PDU inspection?"},
               {"role": "assistant", "content": "39 interviews."}]
    back = assistant.ask("And back in 2017, how many staff and managers did the inspectors talk to?", history)
    assert back.rewritten_question == "And back in 2017, how many staff and managers did the inspectors talk to (in Suffolk)?"
    assert "two staff focus groups involving 11 staff and spoke with 18 managers" in back.text
    history = [{"role": "user", "content": "How heavy were probation officers' caseloads in the East of England?"},
               {"role": "assistant", "content": "39 cases each on average."}]
    so = assistant.ask("So what was the main reason staff were off sick?", history)
    assert so.rewritten_question == "So what was the main reason staff were off sick (in East of England)?"
    assert "mental health" in so.text.lower()


def test_why_follow_up_keeps_the_previous_questions_own_words(assistant):
    history = [{"role": "user", "content": "In how many Suffolk cases did the services delivered support the safety of other people?"},
               {"role": "assistant", "content": "Only 13 out of 56 cases (23%)."}]
    answer = assistant.ask("Why were so few of those cases good enough?", history)
    assert answer.rewritten_question == ("Why were so few of those cases good enough (cases services delivered support "
                                         "safety people, in Suffolk)?")
    # The finding is quoted with the sentence its "This resulted in ..." refers back to.
    assert answer.text.split("\n")[0].startswith(
        "Suffolk PDU (May 2024): “While we did see a core group of staff able to appropriately manage risk, there were "
        "others who either did not have the capacity, due to workload")
    assert "This resulted in only 13 out of 56 cases" in answer.text.split("\n")[0]


def test_a_key_question_phrased_in_other_words_is_still_the_answer(assistant):
    answer = assistant.ask("How often did first contact with victims in the East of England encourage them to engage "
                           "with the Victim Contact Scheme and point them to support?")
    assert [(f.unit, f.value) for f in answer.figures] == [("East of England region", "93%")]


def test_a_year_no_report_is_from_is_answered_only_where_a_later_report_writes_about_it(assistant):
    answer = assistant.ask("Before probation was split up, how did the inspectorate judge the old Norfolk & Suffolk "
                           "Probation Trust in 2013?")
    assert not answer.refused
    assert answer.text.startswith("No indexed report is from 2013, but Suffolk (June 2017) looks back to it:")
    assert "Overall, in 2013 we found that probation services in Norfolk & Suffolk were supported by a culture of improvement." in answer.text
    assert {c.year for c in answer.citations} == {2017}
    # Asked for the rating of a year no report is from, with nothing else to go on: refused.
    refused = assistant.ask("What rating did Norfolk PDU get in 2021?")
    assert refused.refused and "no 2021 report on Norfolk" in refused.text


def test_a_table_row_is_read_whole(assistant):
    # The progress category sits in the row's last cells, which carry no sentence punctuation.
    answer = assistant.ask("How much headway had the region made on the old Essex North recommendation about "
                           "helping managers prioritise their workloads?")
    lead = answer.text.split("\n")[0]
    assert lead.startswith("East of England region (August 2024): “The region should support senior and middle managers")
    assert lead.endswith("\tSome progress\tYes” [1]")
    sentencing = assistant.ask("When the old Norfolk & Suffolk Probation Trust was inspected in 2013, how did it "
                               "score on helping courts with sentencing?")
    assert "“Assisting sentencing\t85%”" in sentencing.text


def test_rating_questions_about_what_a_report_does_not_rate(assistant):
    planning = assistant.ask("How did the regional inspectors rate the East of England's workforce planning?")
    lines = planning.text.split("\n")
    assert lines[0] == "East of England region (August 2024) gives no separate rating for this; what it found:"
    assert lines[2] == "- “Workforce planning was comprehensive.” [1]"
    housing = assistant.ask("How did the 2017 inspectors rate the housing help available to NPS cases in Suffolk?")
    assert housing.text.startswith("Suffolk (June 2017) gives no ratings; what it found:")
    assert "housing officer" in housing.text
    # Nothing asked beyond the rating itself: still refused.
    assert assistant.ask("What overall rating did the 2017 Suffolk inspection give the CRC?").refused


def test_follow_ups_with_he_their_and_it(assistant):
    history = [{"role": "user", "content": "Who is quoted in the 2019 press release about the Norfolk and Suffolk CRC?"},
               {"role": "assistant", "content": "Chief Inspector Justin Russell."}]
    he = assistant.ask("What did he say about the last time they'd inspected Suffolk?", history)
    assert he.rewritten_question == "What did he say about the last time they'd inspected Suffolk (in 2019)?"
    assert "nowhere near good enough" in he.text
    history = [{"role": "user", "content": "Did Suffolk PDU staff feel their supervision actually helped their work?"},
               {"role": "assistant", "content": "Mostly: 62 out of 81."}]
    it = assistant.ask("Did they get it often enough?", history)
    assert it.rewritten_question == "Did they get it often enough (staff feel supervision actually helped work, in Suffolk)?"
    assert "66 out of 81 respondents stating that supervision was offered at a sufficient frequency" in it.text


def test_council_means_local_authority_and_were_is_not_a_unit(assistant):
    answer = assistant.ask("How many police and crime commissioner areas and local councils does the East of England "
                           "probation region have to deal with?")
    assert not answer.refused and "seven PCCs and 51 local authorities" in answer.text
    crc = assistant.ask("Were CRC staff workloads any better by 2019 than they had been at the 2017 inspection?")
    assert "no indexed report covers" not in crc.text
    assert "Suffolk (June 2017)" in crc.text and "Norfolk & Suffolk CRC (September 2019)" in crc.text


def _conversation(assistant, *questions):
    history, answers = [], []
    for q in questions:
        answer = assistant.ask(q, history or None)
        answers.append(answer)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": answer.text}]
    return answers


def test_a_conversation_about_a_rating(assistant):
    rated, why, planning, norfolk = _conversation(
        assistant, "How was Suffolk PDU rated for reviewing?", "Why?", "What about planning?", "And Norfolk?")
    assert why.rewritten_question == "How was Suffolk PDU rated for reviewing, and why?"
    assert why.text.startswith("Suffolk PDU (May 2024) was rated Inadequate for 2.4 Reviewing [1].")
    assert "The key-question scores behind the 2.4 Reviewing rating, lowest first:" in why.text
    assert planning.rewritten_question == "How was Suffolk PDU rated for planning, and why?"
    assert norfolk.rewritten_question == "How was Norfolk PDU rated for planning, and why?"
    assert norfolk.text.startswith("Norfolk PDU (May 2024) was rated Requires improvement for 2.2 Planning [1].")


def test_a_conversation_about_a_report(assistant):
    overview, led, supervised, more = _conversation(
        assistant, "Tell me about the Norfolk PDU inspection", "Who led it?", "How many people does it supervise?",
        "Is that more than Suffolk?")
    assert overview.text.startswith("Norfolk PDU (May 2024) was rated Inadequate overall [1], with a score of 2/21 [2].")
    assert "Standards rated Inadequate: 1.1 Leadership" in overview.text
    assert "HM Chief Inspector of Probation”" not in overview.text  # a signature line is not a finding
    assert "led by HM Inspector Dave Argument" in led.text.split("\n")[0]
    assert "The PDU supervises 1,845 people" in supervised.text.split("\n")[0]
    assert more.rewritten_question == "How many people does it supervise in Norfolk compared with Suffolk?"
    assert more.text.split("\n")[0] == ("Suffolk PDU (May 2024) has the larger figure (2,238) compared with "
                                        "Norfolk PDU (May 2024) (1,845).")


def test_a_question_without_scope_keeps_the_conversations_scope(assistant):
    did, problems = _conversation(assistant, "How did unpaid work do in the East of England?",
                                  "What were the main problems?")
    assert did.text.startswith("East of England region (August 2024) was rated Inadequate for 2.4 Unpaid work [1].")
    assert problems.rewritten_question == "What were the main problems (unpaid work in East of England)?"
    # A question about every report is not narrowed to the conversation's.
    across = assistant.ask("Which PDU scored lower on keeping people safe in planning?",
                           [{"role": "user", "content": "How did unpaid work do in the East of England?"},
                            {"role": "assistant", "content": "Inadequate."}])
    assert across.rewritten_question is None or "East of England" not in across.rewritten_question


def test_a_shortfall_is_never_compared_as_if_it_were_a_success(assistant):
    # Suffolk: oversight "ineffective or absent in 37 out of 52"; Norfolk: "sufficient in only 13 out of 39".
    answer = assistant.ask("Was management oversight better in Norfolk or Suffolk?")
    assert "Suffolk PDU (May 2024) was higher (37 out of 52)" not in answer.text
    assert "ineffective or absent in 37 out of 52 relevant cases" in answer.text
    assert "sufficient in only 13 out of 39 relevant cases" in answer.text
    from qa.compose import measure_in
    assert measure_in("oversight was ineffective or absent in 37 out of 52 relevant cases")[2] == "shortfall"
    assert measure_in("oversight was sufficient in only 13 out of 39 relevant cases")[2] == "proportion"


def test_everyday_report_questions(assistant):
    caseload = assistant.ask("What is the caseload of Norfolk PDU?")
    assert "The PDU supervises 1,845 people" in caseload.text.split("\n")[0]
    court = assistant.ask("Did Norfolk PDU do well on court work?")
    assert court.text.startswith("Norfolk PDU (May 2024) gives no rating for court work; what it found:")
    assert "was rated Inadequate overall" not in court.text
    length = assistant.ask("How long did Norfolk's fieldwork last?")
    assert length.text.startswith("Norfolk PDU (May 2024): “We conducted fieldwork in Norfolk PDU over the period of two weeks")


def test_abbreviations_counts_and_yes_no_ratings(assistant, new_report_assistant):
    pdu = assistant.ask("What is a PDU?")
    assert pdu.text.startswith("PDU stands for Probation Delivery Unit")
    assert "(PDU" in pdu.citations[0].quote
    oasys = assistant.ask("What does OASys stand for?")
    assert oasys.text.startswith("OASys stands for Offender Assessment System, as Suffolk (June 2017) spells it out:")
    staff = assistant.ask("How many staff does Suffolk PDU have?")
    assert "there were 158 staff working in the PDU across all grades" in staff.text.split("\n")[0]
    recs = assistant.ask("How many recommendations did the East of England report make?")
    assert recs.text.startswith("East of England region (August 2024): the inspectors made ten recommendations "
                                "(six for East of England region and four for HMPPS):")
    outstanding = assistant.ask("Did the region have any Outstanding ratings?")
    assert outstanding.text.startswith("Yes: East of England region (August 2024) rated one of its eight standards Outstanding.")
    staffing = assistant.ask("Compare Norfolk and Suffolk on staffing.")
    assert staffing.text.split("\n")[0] == ("Suffolk PDU (May 2024) was rated better (Requires improvement) than "
                                            "Norfolk PDU (May 2024) (Inadequate).")
    population = assistant.ask("What is the population of Norfolk?")
    assert "which has a population of 916,200" in population.text.split("\n")[0]


def test_figures_the_reports_do_not_hold_are_refused(assistant):
    for question in ("What was the reoffending rate for people supervised by Norfolk PDU?",
                     "How much does Suffolk PDU spend on commissioned services?",
                     "How many women are supervised by Suffolk PDU?",
                     "How many cases did Bedfordshire PDU have?"):
        assert assistant.ask(question).refused, question


def test_a_town_inside_a_reports_area_is_answered_from_that_report(assistant):
    answer = assistant.ask("What did the inspectors think of the Norwich office?")
    assert answer.text.startswith("Norfolk PDU (May 2024): “The Norwich office was well located and accessible")
    # A rating of a place no report covers is still refused.
    assert assistant.ask("What rating did Cambridgeshire get?").refused


def test_loose_everyday_wording(assistant):
    helpful = assistant.ask("What percentage of Suffolk people on probation said their appointments were helpful?")
    assert "55 per cent of respondents stated they felt these were helpful" in helpful.text.split("\n")[0]
    payback = assistant.ask("How is community payback going in the region?")
    assert payback.text.startswith("East of England region (August 2024) was rated Inadequate for 2.4 Unpaid work [1].")
    why = assistant.ask("In 2017, why was the CRC's accommodation provider in Suffolk cutting back the days its staff "
                        "spent in CRC offices?")
    assert not why.refused


def test_one_differently_worded_word_does_not_refuse_a_figure(assistant):
    sick = assistant.ask("Has sick leave gone down for Suffolk probation staff? How many days a year were they off?")
    assert not sick.refused and "15.8 days in November 2022 to 10.1" in sick.text
    courts = assistant.ask("How many courts does probation in the East of England cover?")
    assert not courts.refused and "19 magistrates' courts and 11 Crown Courts" in courts.text
    # A measure the report never mentions is still refused.
    assert assistant.ask("What was Norfolk PDU's staff attrition rate?").refused


def test_loose_standard_words_and_towns_with_a_year(assistant):
    sfo = assistant.ask("Were the East of England's serious further offence reviews any good?")
    assert not sfo.refused and "gives no rating for reviewing" not in sfo.text
    delivering = assistant.ask("How did Suffolk PDU do on actually delivering sentences - what rating?")
    assert "rated Inadequate for 2.3 Implementation and delivery" in delivering.text
    booths = assistant.ask("What was the problem with the interview booths at the Ipswich office in 2017?")
    assert not booths.refused and {c.year for c in booths.citations} == {2017}


def test_parallel_sentences_and_topics_inside_a_standard(assistant):
    compliance = assistant.ask("Were people sticking to their orders and licences better in Norfolk or Suffolk?")
    assert "sufficient compliance with orders and licences was found in 61 per cent" in compliance.text
    assert "Over half of the people on probation (55 per cent) had sufficiently complied" in compliance.text
    referrals = assistant.ask("How many referrals did Suffolk's new money and debt advice service get in its first few months?")
    assert "only two referrals from one office and 30 from another" in referrals.text.split("\n")[0]
    # Something inside a standard is answered from the passages about it, not the standard's rating.
    narrow = assistant.ask("What was wrong with working conditions for community payback supervisors in the East of England?")
    assert not narrow.text.startswith("East of England region (August 2024) was rated")


def test_who_runs_a_service_is_answered_with_its_provider(assistant):
    answer = assistant.ask("Who runs the women's services for people on probation in Norfolk?")
    assert "St Giles Wise Group for women's services" in answer.text.split("\n")[0]
    lighthouse = assistant.ask("What was the women's centre in Ipswich called in the 2017 report?")
    assert "Lighthouse women's centre" in lighthouse.text.split("\n")[0]


def test_unrelated_proportions_are_never_given_a_verdict(assistant):
    bigger = assistant.ask("Which is bigger, Norfolk or Suffolk?")
    assert bigger.text.split("\n")[0] == ("Suffolk PDU (May 2024) has the larger figure (2,238) compared with "
                                          "Norfolk PDU (May 2024) (1,845).")
    from qa.compose import SideResult
    white = SideResult(label="A", value=81.0, value_text="81 per cent", value_kind="proportion",
                       sentence="The proportion of white people on the caseload is 81 per cent.")
    women = SideResult(label="B", value=12.7, value_text="12.7 per cent", value_kind="proportion",
                       sentence="Women made up 12.7 per cent of respondents to the staff survey about training.")
    assert not assistant._comparable([white, women])


def test_plausible_questions_the_reports_cannot_answer(assistant):
    for question in ("What was the reoffending rate in Suffolk in 2024?",
                     "How many people on probation in Norfolk are homeless?",
                     "When will Norfolk be inspected again?",
                     "What proportion of East of England staff are from ethnic minority backgrounds?"):
        answer = assistant.ask(question)
        assert answer.refused, (question, answer.text[:200])
    # ... while their answerable neighbours are answered.
    assert "attrition rate of 5.9 per cent" in assistant.ask("What was the staff attrition rate in Suffolk?").text
    assert "81 per cent" in assistant.ask("What proportion of people on probation in Norfolk are white?").text
    completions = assistant.ask("What was the CRC's successful completion rate for unpaid work at the time of the "
                                "2017 inspection?")
    assert "90%" in completions.text


def test_shares_of_the_sample_and_topics_within_a_standard(assistant):
    plans = assistant.ask("In Norfolk, how many sentence plans properly took account of people's protected "
                          "characteristics and reasonable adjustments?")
    assert "57 per cent" in plans.text.split("\n")[0]
    women = assistant.ask("What was wrong with services for women on probation in Norfolk?")
    assert not women.text.startswith("Norfolk PDU (May 2024) was rated")
    assert "women" in women.text.split("\n")[0].lower()
    good = assistant.ask("Did the East of England region get a 'Good' for anything?")
    assert good.text.startswith("No: East of England region (August 2024) rated none of its eight standards Good.")
    # An average per officer is a count, never a share of the sample.
    assert assistant.ask("On average, how many cases is each probation officer in Norfolk PDU holding?").refused
    assert assistant.ask("By what percentage did IOM cut reoffending in the East of England?").refused


def test_changes_in_something_is_a_topic(assistant):
    answer = assistant.ask("How often were changes in risk missed in Norfolk?")
    assert "changes in risk had not been fully identified in 23 out of 36 relevant cases" in answer.text.split("\n")[0]


def test_a_conversation_stays_on_its_standard(assistant):
    graded, lowest, court = _conversation(
        assistant, "What grade did unpaid work get in the East of England inspection?",
        "Which key question scored lowest?", "And how often was the court's sentence carried out properly?")
    assert lowest.rewritten_question == "Which key question scored lowest (unpaid work in East of England)?"
    assert "39% on “Is the assessment and planning of unpaid work personalised?”" in lowest.text
    assert [(f.unit, f.value) for f in court.figures] == [("East of England region", "70%")]


def test_a_comparison_side_prefers_a_sentence_with_a_figure(assistant):
    answer = assistant.ask("How did Suffolk do on reducing reoffending in 2017 vs 2024?")
    assert answer.text.split("\n")[0] == (
        "- Suffolk (June 2017): “We judged that, prior to allocation, the overall assessment in relation to reducing "
        "reoffending was not sufficient in three-fifths of cases.” [1]")


def test_rating_questions_across_several_named_reports(assistant):
    worst = assistant.ask("Which of Norfolk, Suffolk and the East of England came out worst in 2024?")
    assert worst.text.startswith("Norfolk PDU (May 2024) came out worst of the three: rated Inadequate overall [1], "
                                 "with a score of 2/21 [2].")
    assert {("Suffolk PDU", "4/21"), ("East of England region", "5/24")} <= {(f.unit, f.value) for f in worst.figures}
    outstanding = assistant.ask("Across the 2024 inspections, was any standard rated Outstanding?")
    assert outstanding.text.startswith(
        "Yes, one: East of England region (August 2024) was rated Outstanding for 2.6 Statutory victim work [1].")
    cited = outstanding.citations[0]
    assert cited.unit == "East of England region" and "Outstanding" in cited.quote


def test_groups_of_standards_by_rating(assistant):
    bottom = assistant.ask("Which areas of Suffolk PDU's work got the bottom grade?")
    assert bottom.text == ("Suffolk PDU (May 2024) was rated Inadequate for 2.1 Assessment [1], 2.2 Planning [2], "
                           "2.3 Implementation and delivery [3], 2.4 Reviewing [4].")
    rest = assistant.ask("Was Norfolk's planning graded differently from the rest of its standards?")
    assert rest.text.startswith("Norfolk PDU (May 2024) was rated Inadequate for 1.1 Leadership [1]")
    assert "Requires improvement for 1.3 Services [6], 2.2 Planning [7]" in rest.text
    # Two places that name one report (the CRC covering both counties) are one scope, not two sides.
    crc = assistant.ask("How did the Norfolk and Suffolk CRC's unpaid work grade compare with its case supervision grades?")
    first = crc.text.split("\n")[0]
    assert first.startswith("Norfolk & Suffolk CRC (September 2019) was rated Inadequate for all four")
    assert "Outstanding for supervision of individuals who had been sentenced to unpaid work" in first


def test_a_date_or_length_of_time_must_be_stated_on_the_topic(assistant):
    # The report writes of "long waiting times for mental health support" but gives no length.
    wait = assistant.ask("How long do people in Norfolk wait for a mental health appointment?")
    assert wait.refused and "the reports do not say how long" in wait.text
    office = assistant.ask("When will the Kings Lynn office be refurbished?")
    assert office.refused and "the reports do not give that date" in office.text
    funded = assistant.ask("How long was the head of resettlement post in the East of England funded for?")
    assert not funded.refused
    assert funded.text.startswith("East of England region (August 2024): “The head of resettlement was a temporary "
                                  "post which was only funded until March 2025.” [1]")
    split = assistant.ask("When did Suffolk PDU separate from Norfolk?")
    assert "formally separated from Norfolk in June 2021" in split.text.split("\n")[0]


def test_the_grade_of_something_a_report_does_not_rate_is_refused(assistant):
    answer = assistant.ask("What grade did the 2019 CRC inspection give for victim work?")
    assert answer.refused
    assert "Norfolk & Suffolk CRC (September 2019) gives no rating for this; it rates all four of our key case " \
           "supervision standards" in answer.text


def test_the_make_up_of_a_population_needs_a_sentence_stating_that_share(assistant):
    # (The Suffolk report states it, in words of its own: "females ... 12.7 per cent of the PDU caseload".)
    women = assistant.ask("What share of Suffolk's caseload are women?")
    assert "compared to 12.7 per cent of the PDU caseload" in women.text.split("\n")[0]
    under_25 = assistant.ask("What share of Suffolk's caseload are under 25?")
    assert under_25.refused and "the reports do not give that share" in under_25.text
    minority = assistant.ask("What percentage of Suffolk PDU's staff are from a minority ethnic group?")
    assert "7.7 per cent identifying as a minority ethnic group" in minority.text.split("\n")[0]
    white = assistant.ask("What proportion of Norfolk's caseload is white?")
    assert "The proportion of white people on the caseload is 81 per cent" in white.text.split("\n")[0]


def test_a_close_key_question_answers_when_the_prose_states_no_figure(assistant):
    answer = assistant.ask("Ahead of a perpetrator's release in the East of England, how often were victims "
                           "given a say on the licence conditions?")
    assert [(f.unit, f.value) for f in answer.figures] == [("East of England region", "100%")]
    assert "contributions to the conditions of release" in answer.text


def test_the_size_of_the_inspected_sample_is_a_count_not_a_share(assistant):
    rated, based = _conversation(assistant, "How was statutory victim work rated in the East of England?",
                                 "How many victim cases did the inspectors base that on?")
    assert "Outstanding" in rated.text.split("\n")[0]
    assert not based.figures  # never a key question's share of cases
    assert "14 statutory victim cases" in based.text.split("\n")[0]


def test_counts_names_and_sums_must_be_of_what_was_asked(assistant):
    # "two approved premises" names the premises, not their beds.
    beds = assistant.ask("How many approved premises beds are there in Suffolk?")
    assert beds.refused and "the reports do not give that number" in beds.text
    # "practitioners in Kings Lynn" is a place, not the head of the PDU's name.
    head = assistant.ask("Who is the head of Norfolk PDU?")
    assert head.refused and "the reports do not give that name" in head.text
    # A key question's share of cases is never a sum of money.
    spend = assistant.ask("How much does the East of England region spend on unpaid work?")
    assert spend.refused and not spend.figures and "the reports do not give that amount" in spend.text
    reoffended = assistant.ask("In the 2017 inspection, how many CRC service users had been convicted or "
                               "cautioned for a new offence?")
    assert "In 8 out of 29 cases" in reoffended.text.split("\n")[0]


def test_a_comparison_with_the_national_average_needs_a_report_that_gives_one(assistant):
    norfolk = assistant.ask("How does Norfolk PDU compare with the national average on assessment?")
    assert norfolk.refused and "the indexed reports give no national figures to compare with" in norfolk.text
    sickness = assistant.ask("Is Suffolk's staff sickness worse than across England and Wales?")
    assert sickness.refused
    # The 2017 report sets the CRC against the national average on its contract targets.
    targets = assistant.ask("How did the CRC in Suffolk compare with the national average on its performance "
                            "targets in 2017?")
    assert not targets.refused and any("national" in c.quote for c in targets.citations)


def test_units_titles_and_topics_a_report_never_names(assistant):
    # "the Kent, Surrey and Sussex probation region" is a unit no report covers, though the
    # region report names it as a neighbour.
    kss = assistant.ask("What rating did the Kent, Surrey and Sussex probation region get?")
    assert kss.refused and "no indexed report covers Kent, Surrey and Sussex" in kss.text
    # "a new Area Executive Director" is a title, not a person's name.
    director = assistant.ask("Who is the Regional Probation Director for the East of England?")
    assert director.refused and "the reports do not give that name" in director.text
    # A report that never uses the word says nothing about it; one that does is quoted.
    children = assistant.ask("What did the 2019 CRC press release say about its services for women?")
    assert children.refused and "Norfolk & Suffolk CRC (September 2019) does not mention women" in children.text
    women = assistant.ask("What did the Norfolk inspection say about women's services?")
    assert not women.refused and "Services for women on probation were especially concerning." in women.text


def test_a_follow_up_naming_the_counterpart_swaps_it_in(assistant):
    crc, nps = _conversation(assistant, "In the 2017 Suffolk inspection, how many CRC service users had been "
                                        "convicted of a new offence?", "What about the NPS?")
    assert "In 8 out of 29 cases" in crc.text.split("\n")[0]
    assert nps.rewritten_question == ("In the 2017 Suffolk inspection, how many NPS service users had been "
                                      "convicted of a new offence?")
    assert nps.text.split("\n")[0].startswith("Suffolk (June 2017): “Four out of sixteen service users had been convicted")


def test_standards_two_reports_rated_alike(assistant):
    both = assistant.ask("Which standards did Norfolk and Suffolk both get Inadequate for?")
    assert both.text.split("\n")[0] == ("Both Norfolk PDU (May 2024) and Suffolk PDU (May 2024) were rated Inadequate "
                                        "for 2.1 Assessment, 2.3 Implementation and delivery, 2.4 Reviewing.")
    assert {("Norfolk PDU", "1.1 Leadership"), ("Suffolk PDU", "2.2 Planning")} <= {
        (f.unit, f.standard) for f in both.figures}
    good = assistant.ask("Which standards did Norfolk and Suffolk both get Good for?")
    assert good.text.split("\n")[0] == "Norfolk PDU (May 2024) and Suffolk PDU (May 2024) had no standard rated Good in common."


def test_two_counterparts_compared_within_one_report(assistant):
    answer = assistant.ask("In 2017, was staff morale better in the CRC or the NPS?")
    first, second = answer.text.split("\n")[:2]
    assert first == "- Suffolk (June 2017), CRC: “Meanwhile, we found staff morale noticeably low.” [1]"
    assert second == "- Suffolk (June 2017), NPS: “Nevertheless we found staff morale to be good.” [2]"
    # The report writes the two findings in parallel: the CRC's is found from the NPS's.
    abiding = assistant.ask("In the 2017 Suffolk inspection, which did better at getting people to stick to "
                            "their sentences, the CRC or the NPS?")
    assert "the CRC's work to make sure service users abided by their sentence was ineffective" in abiding.text.split("\n")[0]
    assert "the NPS's work to make sure service users abided by their sentence was effective" in abiding.text.split("\n")[1]


def test_a_prose_figure_on_the_asked_topic_beats_a_key_question_with_bonuses(assistant):
    answer = assistant.ask("In Norfolk, how often were people on probation properly involved when their "
                           "progress was reviewed?")
    assert not answer.figures
    assert "most people on probation (66 per cent) were meaningfully involved in reviewing their progress" \
        in answer.text.split("\n")[0]


def test_recommendations_on_a_topic_and_the_one_just_mentioned(assistant):
    counted, recruitment = _conversation(assistant, "How many recommendations did the East of England inspection make?",
                                         "What did it ask HMPPS to do about recruitment?")
    assert counted.text.startswith("East of England region (August 2024): the inspectors made ten recommendations (")
    assert recruitment.text.split("\n")[0] == "East of England region (August 2024): the inspectors recommended:"
    assert "market supplements" in recruitment.text and "SFO reviews" not in recruitment.text
    offices, ipswich = _conversation(assistant, "Where do people on probation in Suffolk go for their appointments?",
                                     "Is the Ipswich one any good?")
    assert ipswich.rewritten_question is not None and "Suffolk" in ipswich.rewritten_question
    assert "The refurbishment of the Ipswich office offered an excellent environment" in ipswich.text.split("\n")[0]


def test_recommendations_by_whom_they_address(assistant):
    both = assistant.ask("How many recommendations did the East of England regional report make, and how many "
                         "were for HMPPS rather than the region?")
    assert both.text.split("\n")[0] == ("East of England region (August 2024): the inspectors made ten recommendations "
                                        "(six for East of England region and four for HMPPS):")
    assert "On “" not in both.text  # one question, not a refused second part
    hmpps = assistant.ask("What did the regional report ask HMPPS to do?")
    assert hmpps.text.split("\n")[0] == ("East of England region (August 2024): the inspectors made these "
                                         "recommendations for HMPPS:")
    assert [c.quote.split(".")[0] for c in hmpps.citations] == ["7", "8", "9", "10"]
    counted = assistant.ask("How many recommendations did the 2017 Suffolk report make?")
    assert counted.text.startswith("Suffolk (June 2017): the inspectors made twelve recommendations (five for the "
                                   "Community Rehabilitation Company and National Probation Service, four for the "
                                   "Community Rehabilitation Company,")
    moj = assistant.ask("What did the 2017 report ask the Ministry of Justice to do?")
    assert [c.quote for c in moj.citations] == [
        "12. resolve the dispute with the CRC about the payment mechanism to allow them certainty of funding."]


def test_counts_of_cases_and_tables_against_prose(assistant):
    # "to reduce reoffending" describes the services counted; it does not ask for a reoffending rate.
    services = assistant.ask("How many Suffolk PDU cases actually received enough services to reduce reoffending "
                             "in the time available?")
    assert "In only 19 out of 56 cases we assessed had sufficient services" in services.text.split("\n")[0]
    # A passage that only mentions "attention" does not beat the key question the words name.
    reviewing = assistant.ask("When reviewing cases, did Suffolk pay more or less attention to keeping other people "
                              "safe than the East of England as a whole?")
    assert "36%" in reviewing.text and "38%" in reviewing.text
    assert "Does reviewing focus sufficiently on keeping other people safe?" in reviewing.text
    # "In how many of the cases" asks for a share of the sample, never the caseload's size.
    risks = assistant.ask("In how many of the inspected cases did the 2019 CRC inspectors find too little was done "
                          "about risks to others?")
    assert "3,000" not in risks.text.split("\n")[0]
    assert "In more than half of the inspected cases, insufficient action was taken" in risks.text


def test_refusals_for_a_sum_paid_and_a_sample_never_stated(assistant):
    paid = assistant.ask("How much was the CRC paying Anglia Care Trust for its housing support in 2017?")
    assert paid.refused and "the reports do not give that amount" in paid.text
    sample = assistant.ask("How many cases did inspectors look at in the 2019 inspection of the Norfolk and Suffolk CRC?")
    assert sample.refused
    assert "Norfolk & Suffolk CRC (September 2019) does not state how many cases were inspected" in sample.text
    stated = assistant.ask("How many cases did the inspectors look at in the 2017 Suffolk inspection of the CRC?")
    assert stated.text.startswith("Suffolk (June 2017): the inspectors' sample was 46 cases [1].")


def test_followup_swaps_known_adults_for_children(assistant):
    first, children = _conversation(assistant, "Back in 2017, how many CRC cases had a risk to known adults "
                                    "assessed well enough?", "And where children were at risk?")
    assert children.rewritten_question == ("Back in 2017, how many CRC cases had a risk to children assessed "
                                           "well enough?")


def test_figure_sentences_in_the_reports_own_words(assistant):
    # "enough help to resettle" ~ "support ... was insufficient"; "cases involving" is no engagement.
    resettle = assistant.ask("Of the Suffolk cases involving people released from prison, how many got enough help "
                             "to resettle?")
    assert "in 14 of the 18 resettlement cases inspected" in resettle.text.split("\n")[0]
    # "seeing people often enough" ~ "suitable levels of contact".
    contact = assistant.ask("How often were Norfolk practitioners seeing people on probation often enough?")
    assert "suitable levels of contact with people on probation in most cases (70 per cent)" in contact.text.split("\n")[0]


def test_followups_that_ask_why_not_or_something_new_about_a_standard(assistant):
    _, why_not = _conversation(assistant, "Were people in the East of England actually finishing their accredited "
                               "programmes?", "Why not?")
    assert why_not.rewritten_question == ("Were people in the East of England actually finishing their accredited "
                                          "programmes, and why?")
    _, qualify = _conversation(assistant, "How many statutory victim cases did the regional inspectors look at?",
                               "Which victims actually qualify for that service?")
    assert qualify.rewritten_question.startswith("Which victims actually qualify for that service (")
    assert qualify.rewritten_question.endswith("in the region)?")
    assert "where the perpetrator of a violent or sexual offence is sentenced to 12 months in prison or more" \
        in qualify.text.split("\n")[0]


def test_a_narrower_topic_than_the_key_question_is_answered_from_prose(assistant):
    # "domestic abuse information from the police" is not "keeping other people safe" (39% / 45%).
    answer = assistant.ask("When assessing people, was Norfolk or Suffolk better at getting domestic abuse "
                           "information from the police?")
    assert "39%" not in answer.text and "45%" not in answer.text
    assert "sufficient intelligence was obtained from the police in relation to domestic abuse" in answer.text
    assert answer.text.startswith("By these measures Suffolk PDU (May 2024) was higher (43 out of 56) and "
                                  "Norfolk PDU (May 2024) lower (73 per cent)")


def test_figures_for_somewhere_wider_or_of_another_measure(assistant):
    # "varied from 30.2% to 36.4% between regions" is no rate for Suffolk.
    rate = assistant.ask("What was Suffolk's proven reoffending rate according to the 2017 inspection report?")
    assert rate.refused and "30.2%" not in rate.text
    # A share in passing ("of which 93.1 per cent identify as white") does not measure a population.
    grown = assistant.ask("Has Suffolk's population grown between the 2017 and 2024 reports?")
    assert "By these measures" not in grown.text and " was higher (" not in grown.text
    assert "The two sides are not measured on the same figure" in grown.text


def test_refusals_for_a_figure_of_another_kind_or_thing(assistant):
    # An average is asked; "up to 106 cases" is a maximum.
    average = assistant.ask("What was the average caseload for a CRC responsible officer in Suffolk at the time of "
                            "the 2017 inspection?")
    assert average.refused and "106" not in average.text
    # Lowestoft is asked; the six months' wait is Ipswich's.
    lowestoft = assistant.ask("How long did people in Lowestoft have to wait to start Building Better Relationships, "
                              "according to the Suffolk PDU inspection?")
    assert lowestoft.refused and "six months" not in lowestoft.text
    # A count of staff is never a key question's share of cases.
    officers = assistant.ask("How many victim liaison officers work in the East of England region's victim team?")
    assert officers.refused and "90%" not in officers.text
    # ... while a count of plans is answered by the sentence that counts them.
    plans = assistant.ask("In Suffolk, how many sentence plans set up enough contact to keep the person engaged?")
    assert "in 44 out of 56 cases" in plans.text.split("\n")[0]


def test_two_standards_of_one_report_and_what_set_a_rating(assistant):
    same = assistant.ask("In the East of England inspection, did helping people move away from crime get a better "
                         "grade than keeping the public safe?")
    assert same.text.startswith("East of England region (August 2024): both were rated the same (Inadequate) [1][2].")
    better = assistant.ask("Was Norfolk's planning rated better than its assessment?")
    assert better.text.startswith("Norfolk PDU (May 2024): 2.2 Planning was rated better (Requires improvement [1]) "
                                  "than 2.1 Assessment (Inadequate [2]).")
    assert [c.quote for c in better.citations] == ["P 2.2 Planning\n\nRequires improvement",
                                                   "P 2.1 Assessment\n\nInadequate"]
    held = assistant.ask("Norfolk's planning was the one casework standard that wasn't Inadequate. What grade did it "
                         "get, and which score held it there?")
    assert held.text.startswith("Norfolk PDU (May 2024) was rated Requires improvement for 2.2 Planning [1].")
    assert ("lowest first: 55% on “Does planning focus sufficiently on engaging the person on probation?”"
            in held.text)
    # A question on the NPS goes to the report that writes of the NPS, not the newest on the place.
    nps = assistant.ask("How did the Chief Inspector view the NPS decision in Suffolk to only review cases annually "
                        "unless circumstances changed?")
    assert nps.text.startswith("Suffolk (June 2017):")
    assert "a retrograde step in my view" in nps.text


def test_a_counterparts_side_is_never_measured_by_the_others_sentence(assistant):
    answer = assistant.ask("In 2017, what caseload was each organisation aiming for per officer, the CRC or the NPS?")
    crc, nps = answer.text.split("\n")[:2]
    assert crc.startswith("- Suffolk (June 2017), CRC: “The CRC was aiming for caseloads of between 55 and 70")
    assert nps.startswith("- Suffolk (June 2017), NPS:") and "CRC" not in nps
    assert "when the aim was for just over 40 cases per person" in nps


def test_how_many_said_or_did_something_is_answered_by_a_share(assistant):
    said = assistant.ask("Of the Norfolk people on probation who needed mental health help, how many thought the "
                         "service they got was good?")
    assert "only 18 per cent felt the service they received was good or very good" in said.text.split("\n")[0]
    # "safeguarding" is not "safe": the figure need not be about keeping people safe.
    curfew = assistant.ask("In the East of England, how many curfew assessments went ahead without domestic abuse and "
                           "safeguarding information being obtained and used?")
    assert "in 27 out of 52 curfew assessments" in curfew.text.split("\n")[0]


def test_a_finding_on_the_named_counterpart_not_the_other(assistant):
    crc = assistant.ask("In 2017, was the CRC's work to reduce reoffending effective?")
    assert crc.text.split("\n")[0] == ("Suffolk (June 2017): “The CRC was not sufficiently effective in delivering "
                                       "interventions to reduce reoffending.” [1]")
    # "They ..." is quoted with the sentence it refers back to.
    nps = assistant.ask("What verdict did the 2017 inspection give on the NPS's work to cut reoffending in Suffolk?")
    assert nps.text.startswith("Suffolk (June 2017) gives no ratings; its judgement of each area:")
    assert ("- Reducing reoffending, NPS effectiveness: “The quality of NPS practice in this area of work was poor. They "
            "were not sufficiently effective") in nps.text
    assert "CRC effectiveness" not in nps.text and "Abiding by the sentence" not in nps.text


def test_a_count_of_the_thing_and_a_key_question_of_the_standard_named(assistant):
    sfo = assistant.ask("How many SFO reviews were there in the region?")
    assert "the team completed 23 SFO reviews" in sfo.text.split("\n")[0]
    resettlement = assistant.ask("What proportion of the region's resettlement cases had enough done to keep people safe?")
    assert "28%" not in resettlement.text and "Does assessment focus" not in resettlement.text


def test_more_people_on_probation_compares_caseloads(assistant):
    answer = assistant.ask("Which PDU had more people on probation, Norfolk or Suffolk?")
    assert answer.text.startswith("Suffolk PDU (May 2024) has the larger figure (2,238) compared with Norfolk PDU "
                                  "(May 2024) (1,845).")


def test_which_one_of_the_recommendations(assistant):
    _, children = _conversation(assistant, "How many recommendations did the Norfolk report make?",
                                "Which one was about children?")
    assert children.rewritten_question == "Which recommendation was about children (in Norfolk)?"
    assert children.text.split("\n")[0] == "Norfolk PDU (May 2024): the inspectors recommended:"
    assert [c.quote.split(".")[0] for c in children.citations] == ["1"]
    _, unpaid = _conversation(assistant, "What recommendations did the regional report make?",
                              "Which one was about unpaid work?")
    assert [c.quote.split(".")[0] for c in unpaid.citations] == ["6"]


def test_recommendations_asked_after_a_rating(assistant):
    _, recommended = _conversation(assistant, "What was Suffolk PDU's rating for staffing?",
                                   "What did the report recommend about it?")
    assert recommended.text.startswith("Suffolk PDU (May 2024): the inspectors made these recommendations:")
    assert "Requires improvement" not in recommended.text


def test_refusal_names_the_measure_as_asked(assistant):
    answer = assistant.ask("What was the attrition rate for probation officers in Norfolk?")
    assert answer.refused and "the report does not give figures on attrition." in answer.text


def test_followup_carries_the_topic_not_how_it_was_rated(assistant):
    _, leaders = _conversation(assistant, "What was Suffolk PDU's leadership rated?",
                               "What did staff say about their leaders?")
    assert leaders.rewritten_question == "What did staff say about their leaders (in Suffolk)?"
    assert "Staff described leaders as 'approachable'" in leaders.text
    _, region = _conversation(assistant, "How many people does Suffolk supervise?", "And the region?")
    assert region.rewritten_question == "How many people does the region supervise?"


def test_why_one_of_the_standards(assistant):
    _, why = _conversation(assistant, "Which Suffolk standards were rated Inadequate?", "Why was planning one of them?")
    assert why.rewritten_question == "Why was planning one of the standards (in Suffolk)?"
    assert why.text.startswith("Suffolk PDU (May 2024) was rated Inadequate for 2.2 Planning [1].")
    assert "The key-question scores behind the 2.2 Planning rating, lowest first: 39%" in why.text


def test_best_and_weakest_area_of_one_report(assistant):
    best = assistant.ask("Where did Suffolk score best?")
    assert best.text.startswith("Suffolk PDU (May 2024) was rated Good for 1.1 Leadership [1];")
    weakest = assistant.ask("What was the region's weakest area?")
    assert weakest.text.startswith("East of England region (August 2024) was rated Inadequate for 2.1 Public "
                                   "protection [1]")


def test_named_bodies_and_the_current_chief_inspector(assistant):
    police = assistant.ask("Which police force covers Suffolk?")
    assert police.text.split("\n")[0] == "Suffolk PDU (May 2024): “The PDU aligns with Suffolk Constabulary.” [1]"
    # No report named: the newest report signed by that role.
    chief = assistant.ask("Who is the Chief Inspector of Probation?")
    assert chief.text.startswith("East of England region (August 2024): Martin Jones, HM Chief Inspector of "
                                 "Probation, signed the report [1].")
    then = assistant.ask("Who was the Chief Inspector in 2017?")
    assert "Dame Glenys Stacey" in then.text.split("\n")[0]


def test_how_many_of_a_population_have_a_trait(assistant):
    # "risks to women ... in 11 out of 23 relevant cases" counts cases, not women on the caseload.
    women = assistant.ask("How many people on probation in Norfolk are women?")
    assert women.refused and "the reports do not give that number" in women.text


def test_why_a_rating_in_a_report_without_sections_per_standard(assistant):
    answer = assistant.ask("Why was the CRC's unpaid work rated Outstanding in 2019?")
    assert answer.text.startswith("Norfolk & Suffolk CRC (September 2019) was rated Outstanding for supervision of "
                                  "individuals who had been sentenced to unpaid work in the community [1].")
    assert "Individuals were assessed and matched to appropriate projects in the majority of inspected cases." \
        in answer.text
    assert "Inspectors rated the supervision" not in answer.text  # restating the rating is no reason


def test_a_verdict_in_the_direction_asked(assistant):
    worse = assistant.ask("Which was worse, Norfolk's staffing or Suffolk's?")
    assert worse.text.startswith("Norfolk PDU (May 2024) was rated worse (Inadequate) than Suffolk PDU (May 2024) "
                                 "(Requires improvement).")
    better = assistant.ask("Was Suffolk's staffing better than Norfolk's?")
    assert better.text.startswith("Suffolk PDU (May 2024) was rated better (Requires improvement) than Norfolk PDU")


def test_a_command_to_list_is_the_question_it_asks(assistant):
    listed = assistant.ask("List the standards rated Inadequate in Norfolk.")
    assert listed.rewritten_question == "What are the standards rated Inadequate in Norfolk?"
    assert listed.text.startswith("Norfolk PDU (May 2024) was rated Inadequate for 1.1 Leadership [1], 1.2 Staffing "
                                  "[2], 2.1 Assessment [3], 2.3 Implementation and delivery [4], 2.4 Reviewing [5].")


def test_overseeing_is_oversight(assistant):
    answer = assistant.ask("Were CRC managers properly overseeing cases in Suffolk in 2017?")
    assert "We saw no evidence of management oversight in most of the inspected cases." in answer.text


def test_a_pdu_the_regional_report_writes_about(assistant):
    answer = assistant.ask("The Essex North PDU inspection told the region to prioritise quality assurance of "
                           "casework. What progress grade did the regional inspectors give that?")
    assert not answer.refused
    assert answer.citations[0].quote.startswith("The region should prioritise quality assurance of case inspection "
                                                "(Essex North PDU).")
    assert "Some progress" in answer.citations[0].quote
    unknown = assistant.ask("What was Essex North PDU's overall rating?")
    assert unknown.refused and "Essex North PDU" in unknown.text


def test_loose_rating_questions(assistant):
    scratch = assistant.ask("Was Norfolk's leadership up to scratch according to the inspectors?")
    assert scratch.text.startswith("Norfolk PDU (May 2024) was rated Inadequate for 1.1 Leadership [1].")
    well = assistant.ask("How well did Suffolk PDU do on planning?")
    assert well.text.startswith("Suffolk PDU (May 2024) was rated Inadequate for 2.2 Planning [1].")
    worst = assistant.ask("What was the worst-rated area in the East of England?")
    assert worst.text.startswith("East of England region (August 2024) was rated Inadequate for 2.1 Public protection [1]")
    # A named standard compared across two reports is that standard, never each report's best rating.
    services = assistant.ask("Was Suffolk's services standard better than Norfolk's?")
    assert services.text.split("\n")[0] == ("Both were the same: Requires improvement in Suffolk PDU (May 2024) "
                                            "and in Norfolk PDU (May 2024).")
    assert {(f.unit, f.standard) for f in services.figures} == {("Suffolk PDU", "1.3 Services"),
                                                                ("Norfolk PDU", "1.3 Services")}


def test_a_score_a_start_and_who_is_in_charge_must_be_stated(assistant):
    score = assistant.ask("What number score did the inspectors give the Norfolk and Suffolk CRC in 2019?")
    assert score.refused
    assert "Norfolk & Suffolk CRC (September 2019) gives no score (it was rated Requires improvement overall)" in score.text
    # "funded until March 2025" is when the post ends, not when it began.
    start = assistant.ask("When did the East of England's head of resettlement start in the job?")
    assert start.refused and "the reports do not give that date" in start.text
    deputy = assistant.ask("When did Suffolk PDU's deputy head of service start?")
    assert "September 2021" in deputy.text.split("\n")[0]
    charge = assistant.ask("Who is in charge of the victim liaison team in the East of England?")
    assert charge.refused and "the reports do not give that name" in charge.text


def test_people_who_left_are_the_leavers(assistant):
    leaving, said = _conversation(assistant, "Were staff leaving Norfolk PDU?", "What did the ones who left say was wrong?")
    assert said.rewritten_question == "What did the ones who left say was wrong (in Norfolk)?"
    assert said.text.split("\n")[0].startswith("Norfolk PDU (May 2024): “Exit interviews with people leaving the PDU")


def test_comparing_the_inspected_samples(assistant):
    answer = assistant.ask("Did inspectors look at more licence cases in Suffolk than in Norfolk?")
    first, second = answer.text.split("\n")[:2]
    assert first.startswith("- Suffolk PDU (May 2024): the inspectors' sample was 56 cases (37 community orders and "
                            "19 releases on licence) [1].")
    assert second.startswith("- Norfolk PDU (May 2024): the inspectors' sample was 44 cases (34 community orders and "
                             "10 releases on licence) [2].")


def test_the_first_figure_sentence_that_says_enough_leads(assistant):
    _, cases = _conversation(assistant, "What did the 2019 inspection find about how the CRC managed the risk of "
                                        "harm to others?", "In how many cases was not enough done about that risk?")
    assert not cases.refused
    assert "In more than half of the inspected cases, insufficient action was taken" in cases.text.split("\n")[0]


def test_which_unit_needs_a_sentence_naming_one(assistant):
    sickness = assistant.ask("Which PDU in the East of England had the highest sickness levels?")
    assert sickness.refused and "the reports do not say which" in sickness.text
    prisons = assistant.ask("Which prisons are in Suffolk PDU's area?")
    assert "HMP Warren Hill" in prisons.text.split("\n")[0]
    office = assistant.ask("Which office in Norfolk was not fit for purpose?")
    assert office.text.split("\n")[0] == "Norfolk PDU (May 2024): “The Kings Lynn office was not fit for purpose.” [1]"


def test_an_owner_the_reports_name_is_no_missing_area(assistant):
    # "Sodexo CRC" is written like an area's CRC, but the reports name Sodexo as the owner.
    answer = assistant.ask("What did the 2017 report say about the Sodexo CRC operating model?")
    assert not answer.refused
    assert "part-implemented the Sodexo operating model" in answer.text.split("\n")[0]
    assert assistant.ask("What was the overall rating of Kent CRC?").refused


def test_a_place_taken_as_a_whole_is_no_overall_rating(assistant):
    answer = assistant.ask("When it comes to getting other agencies involved in managing risk during the sentence, "
                           "is Suffolk any worse than the East of England overall?")
    assert "110 out of 369" in answer.text
    assert "rated Requires improvement overall" not in answer.text


def test_the_same_in_one_place_and_in_another_compares_them(assistant):
    answer = assistant.ask("Is it the same outfit delivering the personal wellbeing CRS in Norfolk and in Suffolk?")
    assert "Norfolk & Suffolk CRC" not in answer.text
    assert "The Forward Trust for personal wellbeing" in answer.text and "Nacro for personal wellbeing" in answer.text


def test_a_sentence_cut_by_a_page_break_is_still_read(assistant):
    answer = assistant.ask("Were CRC managers properly overseeing cases in Suffolk in 2017?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “We saw no evidence of management oversight in most of the inspected cases. "
        "This was particularly concerning in the 17 cases (out of 20) with public protection” [1]")


def test_each_year_goes_to_the_unit_named_with_it(assistant):
    court = assistant.ask("Are court reports getting done on the day any more? How does the 2017 Suffolk picture "
                          "compare with the 2024 regional one?")
    assert court.text.split("\n")[:2] == [
        "- Suffolk (June 2017): “The majority of court business was completed on the day.” [1]",
        "- East of England region (August 2024): “A minority of reports were being completed on the same day they "
        "were requested by courts.” [2]"]
    payback = assistant.ask("How does the 2019 CRC grade for community payback compare with the East of England's "
                            "2024 grade for it?")
    assert "Outstanding" in payback.text and "Inadequate" in payback.text and "no evidence" not in payback.text


def test_a_rate_asked_needs_a_figure(assistant):
    # "chronic vacancies" is no vacancy rate.
    vacancies = assistant.ask("whats the admin staff vacancy rate in norfolk pdu")
    assert vacancies.refused and "the reports do not state that rate" in vacancies.text
    absence = assistant.ask("What was the staff absence rate at the CRC during the 2017 Suffolk inspection?")
    assert not absence.refused and "just over 3%" in absence.text.split("\n")[0]


def test_a_judgement_asked_brings_the_sentences_that_judge(assistant):
    answer = assistant.ask("Were inspectors happy with the CRC seeing service users in open-plan booths at the "
                           "Ipswich office in 2017?")
    assert answer.text.split("\n")[0] == ("Suffolk (June 2017): “We remain deeply uneasy about booth arrangements that "
                                         "do not provide sufficient privacy.” [1]")


def test_hours_counted_for_another_provider_do_not_answer(assistant):
    # The 2017 report counts Open Road's hours, not Ormiston Families'; "one family worker" and
    # "one-to-one delivery" count no hours.
    ormiston = assistant.ask("How many hours of work was Ormiston Families contracted to deliver for the CRC in 2017?")
    assert ormiston.refused and "the reports do not state a figure for this" in ormiston.text
    open_road = assistant.ask("How many hours of mentoring was Open Road contracted to deliver in 2017?")
    assert "contracted to deliver 2,500 hours of mentoring" in open_road.text.split("\n")[0]


def test_a_counterparts_side_is_led_by_the_sentence_on_the_question_not_the_sample(assistant):
    answer = assistant.ask("In the 2017 Suffolk sample, were CRC or NPS cases more likely to have picked up a new "
                           "conviction or caution?")
    crc, nps = answer.text.split("\n")[:2]
    assert crc.startswith("- Suffolk (June 2017), CRC: “In 8 out of 29 cases, there was evidence that the service user "
                          "has been convicted, cautioned")
    assert nps.startswith("- Suffolk (June 2017), NPS: “Four out of sixteen service users had been convicted")


def test_a_one_sentence_paragraph_figure_is_found(assistant):
    adults, children = _conversation(assistant, "Back in 2017, in how many CRC cases had enough progress been made in "
                                                "reducing the risk to known adults?", "And where children were at risk?")
    assert "(10 out of 20 cases)" in adults.text.split("\n")[0]
    assert "fewer than half where children were at risk (6 out of 14)" in children.text


def test_a_national_figure_a_report_gives_is_answered(assistant):
    regions = assistant.ask("how many probation regions are there in england and wales altogether?")
    assert regions.text.split("\n")[0] == ("East of England region (August 2024): “East of England is one of the 12 "
                                           "regions of the Probation Service in England and Wales.” [1]")
    supervised = assistant.ask("How many offenders were under probation supervision across England and Wales in 2017?")
    assert "262,388" in supervised.text.split("\n")[0]
    assert assistant.ask("How does Norfolk's reoffending rate compare with the national average?").refused


def test_a_rating_and_the_check_that_set_it_in_one_question(assistant):
    answer = assistant.ask("What grade did Suffolk PDU get for assessment, and which of the three assessment "
                           "questions was the weak spot?")
    assert answer.text.count("was rated Inadequate for 2.1 Assessment") == 1  # said once, not per part
    assert ("The key-question scores behind the 2.1 Assessment rating, lowest first: 45% on “Does assessment focus "
            "sufficiently on keeping other people safe?” [2]") in answer.text
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.text)]
    assert sorted(set(numbers)) == list(range(1, len(answer.citations) + 1)) == [c.n for c in answer.citations]
    assert {f.citation for f in answer.figures} <= set(numbers)


def test_share_as_a_verb_asks_no_share(assistant):
    answer = assistant.ask("NPS staff in Suffolk seemed to have faith in their local leadership in 2017 - did the "
                           "inspectors share that view?")
    assert not answer.refused  # it had been refused: "the reports do not state a figure for this"
    assert "we struggled to share the latter, given our findings" in answer.text


def test_there_after_a_where_question_is_what_was_located(assistant):
    _, share = _conversation(assistant, "Where was the Norfolk & Suffolk CRC's central hub based at the time of the 2017 "
                                        "Suffolk inspection?", "Roughly what share of the CRC's cases ended up being run "
                                                               "from there?")
    assert share.rewritten_question == ("Roughly what share of the CRC's cases ended up being run from there (CRC central "
                                        "hub based, in Norfolk and Suffolk in 2017)?")


def test_people_employed_are_staff_and_total_is_no_topic(assistant):
    staff = assistant.ask("How many staff does the East of England region employ?")
    assert staff.text.split("\n")[0] == ("East of England region (August 2024): “The region employs 1,917 people, of "
                                         "which 1,098 were probation practitioners.” [1]")
    caseload = assistant.ask("What is the total caseload of the whole East of England region?")
    assert "overall caseload of 15,891 people" in caseload.text.split("\n")[0]


def test_senior_probation_officers_are_not_probation_officers(assistant):
    spos = assistant.ask("How many SPOs does Norfolk have?")
    assert "The PDU has 10 SPOs" in spos.text.split("\n")[0]
    pos = assistant.ask("How many probation officers does Norfolk have?")
    assert "10 SPOs" not in pos.text.split("\n")[0]


def test_when_the_inspectors_visited_cites_the_sentence_that_says_so(assistant):
    suffolk = assistant.ask("When was the Suffolk PDU fieldwork?")
    assert suffolk.text == ("Suffolk PDU (May 2024): fieldwork started 12 February 2024 [1]. "
                            "Source: “Fieldwork started 12 February 2024”")
    visited = assistant.ask("When did inspectors visit Suffolk in 2017?")
    assert visited.text.endswith("Source: “An inspection team visited the area for two full weeks in "
                                 "February-March 2017.”")  # not a Sodexo footnote dated February 2017
    assert visited.citations[0].quote == "An inspection team visited the area for two full weeks in February-March 2017."


def test_people_counted_by_where_they_are(assistant):
    licence = assistant.ask("How many people on probation in Suffolk are on licence?")
    assert "540 were on licences" in licence.text.split("\n")[0]  # not "35 people on probation were ... unemployed"
    norfolk = assistant.ask("How many people in Norfolk are on licence?")
    assert "466 are on licence from prison" in norfolk.text.split("\n")[0]


def test_who_wrote_the_foreword(assistant):
    answer = assistant.ask("Who wrote the foreword of the 2017 report?")
    assert answer.text.startswith("Suffolk (June 2017): Dame Glenys Stacey, HM Chief Inspector of Probation, signed "
                                  "the report [1].")


def test_female_is_the_word_for_women_in_a_share_of_the_caseload(assistant):
    share = assistant.ask("What proportion of Suffolk's cases are women?")
    assert "females were underrepresented at three per cent compared to 12.7 per cent of the PDU caseload" in \
        share.text.split("\n")[0]
    # "men on probation" is not the population "people on probation"
    assert assistant.ask("How many people on probation in Norfolk are women?").refused
    _, women = _conversation(assistant, "How many cases did inspectors look at in Suffolk PDU?",
                             "and how many of those were women?")
    assert "we only reviewed seven female cases" in women.text.split("\n")[0]


def test_a_standard_added_to_a_previous_question_reads_as_a_question(assistant):
    _, resettlement = _conversation(assistant, "How many cases did the regional inspection look at?",
                                    "How many were resettlement cases?")
    assert resettlement.rewritten_question == "How many cases did the regional inspection look at (resettlement)?"
    assert "149 cases subject to resettlement provision" in resettlement.text.split("\n")[0]


def test_they_who_look_at_cases_are_the_inspectors_not_the_topic(assistant):
    _, mappa = _conversation(assistant, "What did the 2017 report find about the CRC's work to protect the public?",
                             "How many MAPPA cases did they look at?")
    assert mappa.rewritten_question == "How many MAPPA cases did they look at (in 2017)?"
    assert mappa.text.split("\n")[0] == "Suffolk (June 2017): “We inspected 11 cases which were MAPPAs eligible.” [1]"


def test_a_side_whose_report_never_measures_it_has_no_evidence(assistant):
    answer = assistant.ask("How do staff sickness levels compare between Norfolk and Suffolk?")
    norfolk, suffolk = answer.text.split("\n")[:2]
    assert norfolk == ("- Norfolk PDU (May 2024): no evidence in the indexed reports (the report does not give "
                       "figures on sickness).")
    assert "Average annual sickness for staff had reduced from 15.8 days" in suffolk


def test_higher_than_the_regional_average_is_no_average(assistant):
    norfolk = assistant.ask("What is the average caseload of a PSO in Norfolk?")
    assert norfolk.refused  # not "The proportion of white people ... higher than the regional average"
    region = assistant.ask("What is the average caseload of a PSO in the region?")
    assert "PSOs were carrying 44 each" in region.text.split("\n")[0]


def test_why_a_standard_got_the_rating_it_names(assistant):
    planning = assistant.ask("Why was Suffolk's planning Inadequate?")
    assert planning.text.split("\n")[0] == "Suffolk PDU (May 2024) was rated Inadequate for 2.2 Planning [1]."
    assert "The key-question scores behind the 2.2 Planning rating, lowest first: 39%" in planning.text


def test_how_a_rating_moved_is_no_topic(assistant):
    answer = assistant.ask("Did Norfolk's rating go up or down since 2019?")
    assert answer.text.split("\n")[0] == ("Norfolk & Suffolk CRC (September 2019) was rated better (Requires "
                                          "improvement) than Norfolk PDU (May 2024) (Inadequate).")


def test_a_rare_word_the_fused_ranking_missed_still_finds_its_passage(assistant):
    # "bullied" is in one long staffing section, which the shorter survey sentences outrank.
    answer = assistant.ask("How many Suffolk PDU staff told the inspectorate's survey they had been bullied or harassed?")
    assert answer.text.split("\n")[0].startswith(
        "Suffolk PDU (May 2024): “Despite some positive wellbeing provision, a small number of staff in our "
        "survey (10) indicated that they had experienced some form of bullying or harassment")


def test_out_of_work_is_answered_by_unemployed(assistant):
    answer = assistant.ask("Did employment improve for the people in the Suffolk PDU case sample - how many were "
                           "out of work at the start compared with at the inspection?")
    assert not answer.refused
    assert ("35 people on probation were classed as unemployed and this had reduced to 28"
            in answer.text.split("\n")[0])


def test_a_figure_for_a_town_inside_a_reported_area(assistant):
    answer = assistant.ask("In 2017, how many days a week was the Anglia Care Trust housing officer working "
                           "from the NPS office in Ipswich?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “ACT employed a housing officer based in the NPS Ipswich office three days a week "
        "and the Bury St Edmunds Office for the remaining two days.” [1]")
    # The area's own figures are not the town's.
    caseload = assistant.ask("What is the caseload in Ipswich?")
    assert caseload.refused
    assert "the reports give no figure for Ipswich on its own" in caseload.text


def test_everyday_names_for_standards(assistant):
    cases = {
        "How was the region graded on its advice to magistrates?":
            "East of England region (August 2024) was rated Inadequate for 2.3 Court work [1].",
        "What grade did Norfolk get for the range of services on offer?":
            "Norfolk PDU (May 2024) was rated Requires improvement for 1.3 Services [1].",
        "How was Norfolk's workforce rated?":
            "Norfolk PDU (May 2024) was rated Inadequate for 1.2 Staffing [1].",
        "How was Suffolk rated on its day-to-day work with people on probation?":
            "Suffolk PDU (May 2024) was rated Inadequate for 2.3 Implementation and delivery [1].",
    }
    for question, lead in cases.items():
        assert assistant.ask(question).text.split("\n")[0] == lead, question


def test_a_figure_sentence_far_ahead_of_the_others_answers_in_the_reports_own_words(assistant):
    # "changes made at work because of a disability" are what the report calls reasonable adjustments.
    answer = assistant.ask("When Suffolk staff needed changes made at work because of a disability, "
                           "how often did they get them?")
    assert answer.text.split("\n")[0] == ("Suffolk PDU (May 2024): “In our staff survey, reasonable adjustments "
                                          "were made in 27 out of 28 eligible cases.” [1]")


def test_how_many_of_a_group_may_be_answered_by_a_share_in_words(assistant):
    answer = assistant.ask("How many of the region's sex offender programme facilitators were in post?")
    assert answer.text.split("\n")[0] == (
        "East of England region (August 2024): “A national grade review of facilitators trained to deliver "
        "programmes for men who have committed sexual offences had led to only around half of those staff being "
        "in post.” [1]")


def test_they_with_a_place_the_years_report_covers_keeps_the_year(assistant):
    _, workers = _conversation(assistant, "In 2017, what did Ormiston Families do for the CRC?",
                               "How many family workers did they actually have covering Suffolk?")
    assert workers.rewritten_question == "How many family workers did they actually have covering Suffolk (in 2017)?"
    assert workers.text.split("\n")[0] == (
        "Suffolk (June 2017): “In Suffolk, they had one family worker covering Waveney and Lowestoft and one "
        "covering Ipswich and Bury St Edmunds.” [1]")


def test_a_percentage_asked_is_not_answered_by_most(assistant):
    answer = assistant.ask("What percentage of the East of England's serious further offence reviews were "
                           "graded Outstanding?")
    assert answer.refused  # the report says only "Most recent SFO reviews were rated as 'Good' or 'Outstanding'"
    assert "the reports give no percentage for this" in answer.text
    # An exact share in words still answers.
    half = assistant.ask("What percentage of the region's sex offender programme facilitators were in post?")
    assert "only around half of those staff being in post" in half.text.split("\n")[0]


def test_who_do_we_use_asks_for_a_provider_by_name(assistant):
    answer = assistant.ask("Who does the region use for accommodation services?")
    assert answer.text.split("\n")[0] == (
        "East of England region (August 2024): “The providers are Interventions Alliance for accommodation, "
        "St Giles Wise and Advance for women's services, and Nacro and the Forward Trust for personal wellbeing.” [1]")


def test_a_share_of_the_cases_looked_at_is_no_composition_of_the_caseload(assistant):
    answer = assistant.ask("In the 2019 CRC inspection, what share of the cases looked at had too little done "
                           "to manage the risk to others?")
    assert answer.text.split("\n")[0] == (
        "Norfolk & Suffolk CRC (September 2019): “In more than half of the inspected cases, insufficient action "
        "was taken to identify and manage the risks that an individual could pose to others.” [1]")


def test_a_counted_everyday_name_for_a_standard_is_counted_by_the_reports_name(assistant):
    lead = ("East of England region (August 2024): “We conducted 318 interviews with probation practitioners and "
            "reviewed 302 court reports and 149 cases subject to resettlement provision.” [1]")
    assert assistant.ask("How many prison-release cases did the regional inspectors look at?").text.split("\n")[0] == lead
    assert assistant.ask("How many pre-sentence reports did the regional inspectors read?").text.split("\n")[0] == lead
    # A one-word name counts only itself: "days" are no "day-to-day" work.
    days = assistant.ask("In 2017, how many days a week was the Anglia Care Trust housing officer working from "
                         "the NPS office in Ipswich?")
    assert "three days a week" in days.text.split("\n")[0]


def test_the_same_provider_in_norfolk_and_suffolk_compares_the_two_pdus(assistant):
    # Not the joint Norfolk & Suffolk CRC: "the same" sets the two areas side by side.
    answer = assistant.ask("Do Norfolk and Suffolk use the same provider for mental health treatment requirements?")
    norfolk, suffolk = answer.text.split("\n")[:2]
    assert norfolk == ("- Norfolk PDU (May 2024): “The PDU is working with St Andrew's Healthcare, who were "
                       "commissioned by NHS England to deliver primary MHTR.” [1]")
    assert suffolk.startswith("- Suffolk PDU (May 2024): ") and "St Andrews hospital" in suffolk


def test_a_count_on_one_side_is_not_matched_by_a_share_on_the_other(assistant):
    answer = assistant.ask("Has Suffolk's population grown between the 2017 and 2024 reports?")
    first, second = answer.text.split("\n")[:2]
    assert first == "- Suffolk (June 2017): “The population of Suffolk was estimated at 741,895 in 2015.” [1]"
    # not "census data (2021) indicating that 93.1 per cent of residents in Suffolk identify as white"
    assert second.startswith("- Suffolk PDU (May 2024): “The county has a population of 760,688")


def test_which_has_more_counts_each_side(assistant):
    answer = assistant.ask("Which PDU has more people out on licence, Norfolk or Suffolk?")
    assert answer.text.split("\n")[0] == "Suffolk PDU (May 2024) has more (540) than Norfolk PDU (May 2024) (466)."
    norfolk, suffolk = answer.text.split("\n")[2:4]
    assert "466 are on licence from prison" in norfolk
    assert "540 were on licences" in suffolk
    assert "The SPOs lead 21 practitioners" not in answer.text  # evidence counting something else
    # Nothing counts trainee POs in Suffolk: each side says what its report does say.
    trainees = assistant.ask("Which PDU has more trainee probation officers doing the PQiP, Norfolk or Suffolk?")
    assert not trainees.refused
    assert "Some 26 staff are in training to become Probation Officers" in trainees.text.split("\n")[0]


def test_finishing_is_completing(assistant):
    answer = assistant.ask("Why weren't people in the East of England finishing accredited programmes?")
    lines = answer.text.split("\n")
    assert lines[0] == ("East of England region (August 2024): “Except for people convicted of sexual offences, most "
                        "people who were sentenced to accredited programmes failed to complete them successfully.” [1]")
    assert lines[3].startswith("- “Weak enforcement practice in relation to non-compliance and delays to people "
                               "appearing in court for breach hearings")


def test_a_new_way_of_working_is_the_operating_model(assistant):
    answer = assistant.ask("Why didn't CRC staff in Suffolk feel any ownership of Sodexo's new way of working in 2017?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “With little chance to contribute, staff generally did not share a sense of ownership "
        "of the operating model or new ways of working.” [1]")


def test_two_places_written_as_one_area_are_not_set_against_each_other(assistant):
    answer = assistant.ask("What proportion of Norfolk & Suffolk CRC cases successfully completed licence or "
                           "post-sentence supervision, per the 2017 key facts?")
    assert answer.text.split("\n")[0].startswith("Suffolk (June 2017): “63%")  # one answer, not "- Suffolk ..." sides
    _, gap = _conversation(assistant, "How short of probation officers was the NPS in Norfolk & Suffolk in 2017?",
                           "Couldn't they just plug the gap with agency staff or trainees?")
    assert gap.rewritten_question == ("Couldn't they just plug the gap with agency staff or trainees "
                                      "(in Norfolk and Suffolk in 2017)?")
    assert gap.text.startswith("Suffolk (June 2017): “There was a similar frustration about trainee POs")


def test_getting_on_with_a_practitioner_is_a_working_relationship_not_a_rating(assistant):
    answer = assistant.ask("Did people on probation in Norfolk get on with their probation workers?")
    lines = answer.text.split("\n")
    # not "gives no separate rating for this" (a rating read into "get on"), nor "social workers"
    assert lines[0] == ("Norfolk PDU (May 2024): “People on probation were positive about the working "
                        "relationships with their practitioners.” [1]")
    assert "Most (80 per cent) said they had a good relationship." in answer.text


def test_ranking_key_questions_best_first_and_across_standards(assistant):
    best = assistant.ask("Which of the desistance questions did the East of England do best on?")
    assert best.text.split("\n")[3].startswith(
        "- The key-question scores behind the 2.2 Desistance rating, highest first: 66% on")
    across = assistant.ask("Out of all its key questions, which one did Norfolk PDU score highest on?")
    assert across.text.split("\n")[0] == (
        "Norfolk PDU (May 2024): the highest key-question score was 73% on “Does reviewing focus sufficiently on "
        "supporting the compliance and engagement of the person on probation?” (2.4 Reviewing) [1].")
    assert [f.value for f in across.figures][:2] == ["73%", "70%"]


def test_casework_standards_are_the_case_supervision_ones(assistant):
    answer = assistant.ask("How many of Norfolk PDU's four casework standards were rated Inadequate?")
    assert answer.text.split("\n")[0] == "Norfolk PDU (May 2024): three of its four rated standards were Inadequate."


def test_keeping_an_eye_on_cases_is_management_oversight(assistant):
    answer = assistant.ask("Did managers keep an eye on Norfolk PDU's cases?")
    assert answer.text.split("\n")[0] == ("Norfolk PDU (May 2024): “Management oversight of casework was sufficient "
                                          "in only 13 out of 39 relevant cases we inspected.” [1]")
    both = assistant.ask("Are managers keeping a better eye on cases in Suffolk now than when the CRC was inspected "
                         "in 2017?")
    assert "We saw no evidence of management oversight in most of the inspected cases" in both.text.split("\n")[0]
    assert "Management oversight was assessed as insufficient in 37 out of 52" in both.text.split("\n")[1]


def test_a_parallel_figure_must_be_on_the_same_topic(assistant):
    answer = assistant.ask("Was help with money and debt problems any better for people on probation in Suffolk "
                           "than in Norfolk?")
    suffolk, norfolk = answer.text.split("\n")[:2]
    assert "only three out of 25 people who required help with finances received sufficient input" in suffolk
    assert "Management oversight" not in norfolk  # "13 out of 39" reads alike but is about oversight
    caseloads = assistant.ask("How do probation officer caseloads in the 2024 East of England inspection compare "
                              "with what NPS officers in Suffolk were carrying in 2017?")
    assert "which equated to about 60 cases per person" in caseloads.text.split("\n")[1]


def test_a_share_completed_successfully_is_an_outcome_not_a_key_question(assistant):
    answer = assistant.ask("What share of unpaid work orders in the East of England were successfully completed?")
    assert answer.refused  # not "39% ... Is the assessment and planning of unpaid work personalised?"
    assert "the reports do not state that rate" in answer.text
    licence = assistant.ask("What proportion of Norfolk & Suffolk CRC cases successfully completed licence or "
                            "post-sentence supervision, per the 2017 key facts?")
    assert licence.text.startswith("Suffolk (June 2017): “63%")


def test_help_for_new_recruits_is_an_induction(assistant):
    answer = assistant.ask("Did the East of England do anything to help new recruits settle in?")
    assert answer.text.split("\n")[0] == ("East of England region (August 2024): “A regional induction scheme had "
                                          "been developed in response to high numbers of new starters.” [1]")


def test_asked_why_the_sentence_before_a_restated_finding_is_read_too(assistant):
    answer = assistant.ask("Why were Norfolk practitioners unclear about administrative processes?")
    lines = answer.text.split("\n")
    assert lines[0].startswith("Norfolk PDU (May 2024): “We found several instances of practitioners being unclear")
    assert lines[3] == "- “Practitioners often missed updates circulated by leaders.” [2]"
    # A finding that gives its own cause ("which meant ...") is not preceded by its neighbour.
    spos = assistant.ask("Why weren't the SPOs in Norfolk getting any feedback on their own work?")
    assert "which meant they lacked feedback on their own work" in spos.text.split("\n")[0]


def test_what_the_inspectors_told_a_unit_to_do_is_a_recommendation(assistant):
    answer = assistant.ask("What new post did the inspectors tell the region to create for safeguarding?")
    lines = answer.text.split("\n")
    assert lines[0] == "East of England region (August 2024): the inspectors recommended:"
    assert any(line.startswith("- “3. appoint a designated regional safeguarding lead") for line in lines)


def test_where_something_was_based_is_answered_by_the_sentence_that_places_it(assistant):
    hub = assistant.ask("At the time of the 2017 inspection, where was the CRC's central hub based?")
    assert hub.text.split("\n")[0] == "Suffolk (June 2017): “The hub was based in Norwich.” [1]"
    psychologist = assistant.ask("In 2017, where was the personality disorder project's psychologist based?")
    assert psychologist.text.split("\n")[0] == ("Suffolk (June 2017): “A psychologist based in HMP Wayland worked "
                                                "four days a week for the NPS.” [1]")


def test_the_lowest_score_behind_a_rating_ranks_its_key_questions(assistant):
    answer = assistant.ask("Victim work in the East of England came out Outstanding - but what was the lowest "
                           "score behind it?")
    lines = answer.text.split("\n")
    assert lines[0] == "East of England region (August 2024) was rated Outstanding for 2.6 Statutory victim work [1]."
    assert lines[3].startswith("- The key-question scores behind the 2.6 Statutory victim work rating, lowest first: "
                               "90% on “Is there effective information and communication exchange")


def test_probation_services_officers_are_a_job_not_the_services_standard(assistant):
    answer = assistant.ask("How short of probation services officers was the NPS in Norfolk & Suffolk in 2017?")
    assert answer.text.split("\n")[0] == "Suffolk (June 2017): “The NPS was noticeably under-staffed.” [1]"


def test_a_sentence_cut_mid_figure_by_a_page_break_is_not_quoted(assistant):
    answer = assistant.ask("At the assessment stage, did Norfolk or Suffolk have enough child safeguarding "
                           "information more often?")
    assert answer.text.split("\n")[0] == (
        "- Norfolk PDU (May 2024): “Sufficient information about the safeguarding of children from harm was only "
        "received in 27 of 40 relevant cases we inspected.” [1]")
    assert not any(c.quote.rstrip().endswith("in 17") for c in answer.citations)


def test_them_are_the_things_the_previous_question_asked_to_be_named(assistant):
    _, wait = _conversation(assistant, "Which accredited programmes was the CRC running in Suffolk in 2017?",
                            "How long were people waiting to get onto them?")
    assert wait.rewritten_question == ("How long were people waiting to get onto them (accredited programmes in "
                                       "Suffolk in 2017)?")
    assert "may not start the main programme until July 2017" in wait.text.split("\n")[0]


def test_what_a_thing_was_called_is_answered_by_the_sentence_that_names_it(assistant):
    answer = assistant.ask("What was the new integrated offender management scheme called in 2017?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “From December 2016, the new team ran in tandem with the existing scheme for a month "
        "and from January 2017, it became the Norfolk & Suffolk 180 Scheme.” [1]")


def test_a_two_column_list_row_is_read_as_two_findings(assistant):
    # "1.<TAB>Individual diversity was taken into account ...<TAB>1.<TAB>Insufficient appointments ..."
    answer = assistant.ask("In the 2017 Suffolk inspection, how well did the NPS deal with people who missed "
                           "appointments or didn't comply?")
    assert answer.text.split("\n")[0] == ("Suffolk (June 2017): “Insufficient appointments were offered to support "
                                          "the compliance and engagement of service users.” [1]")
    assert not any("\t" in c.quote for c in answer.citations)


def test_a_standard_named_by_its_code_is_the_standard_the_report_numbers_so(assistant):
    # "P 2.4" is a PDU's Reviewing; "R 2.3" is the region's Court work, not a PDU's 2.3.
    pdu = assistant.ask("What grade did Suffolk PDU get for P 2.4?")
    assert pdu.text.split("\n")[0] == "Suffolk PDU (May 2024) was rated Inadequate for 2.4 Reviewing [1]."
    region = assistant.ask("What did the region get for R 2.3?")
    assert region.text.split("\n")[0] == "East of England region (August 2024) was rated Inadequate for 2.3 Court work [1]."


def test_a_score_the_question_states_is_its_premise_and_the_scores_behind_the_rating_follow(assistant):
    answer = assistant.ask("Suffolk scored 64% on reviewing for compliance and engagement: did that lift its "
                           "reviewing rating?")
    lines = answer.text.split("\n")
    assert lines[0] == "Suffolk PDU (May 2024) was rated Inadequate for 2.4 Reviewing [1]."
    assert lines[3].startswith("- The key-question scores behind the 2.4 Reviewing rating, lowest first: 36% on "
                               "“Does reviewing focus sufficiently on supporting desistance?” [2]")
    assert "55% on “Does reviewing focus sufficiently on supporting the compliance and engagement" in lines[3]


def test_the_questions_scored_ranked_without_saying_key_questions(assistant):
    answer = assistant.ask("Of all the questions inspectors scored Norfolk PDU on, which came out best?")
    assert answer.text.split("\n")[0] == (
        "Norfolk PDU (May 2024): the highest key-question score was 73% on “Does reviewing focus sufficiently on "
        "supporting the compliance and engagement of the person on probation?” (2.4 Reviewing) [1].")


def test_three_places_put_in_order_on_one_key_question(assistant):
    answer = assistant.ask("Rank Norfolk, Suffolk and the region on assessment of desistance.")
    assert answer.text.split("\n")[0] == ("From lowest to highest: East of England region (August 2024) (66%), "
                                          "Norfolk PDU (May 2024) (70%), Suffolk PDU (May 2024) (71%).")
    assert len(answer.citations) == 3


def test_which_of_three_places_did_best_follows_on_from_the_topic_and_ties_are_named(assistant):
    _, best = _conversation(assistant, "How did Suffolk do on planning for desistance?",
                            "And which of Norfolk, Suffolk and the region was best?")
    assert best.rewritten_question == "And which of Norfolk, Suffolk and the region was best (planning desistance)?"
    assert best.text.split("\n")[0] == (
        "Norfolk PDU (May 2024) (68%) and Suffolk PDU (May 2024) (68%) were joint highest. From lowest to highest: "
        "East of England region (August 2024) (66%), Norfolk PDU (May 2024) (68%), Suffolk PDU (May 2024) (68%).")


def test_two_places_written_as_one_area_are_one_side_of_a_comparison(assistant):
    answer = assistant.ask("Did the East of England region come out with a better overall grade in 2024 than the "
                           "Norfolk and Suffolk CRC got in 2019?")
    assert answer.text.split("\n")[0] == ("Both were the same: Requires improvement in East of England region "
                                          "(August 2024) and in Norfolk & Suffolk CRC (September 2019).")
    assert answer.text.count("Norfolk & Suffolk CRC (September 2019) was rated") == 1


def test_a_rating_stated_as_the_premise_is_not_what_is_asked_and_announced_reasons_are_read_on(assistant):
    answer = assistant.ask("Norfolk PDU was rated Inadequate, yet were there any grounds for hope?")
    lines = answer.text.split("\n")
    assert lines[0] == ("Norfolk PDU (May 2024): “But despite all of that, there were reasons to be hopeful for the "
                        "future of Norfolk PDU.” [1]")
    assert "There were enough SPOs in post" in lines[3]
    assert any(line.startswith("- “Integrated Offender Management (IOM), led by an experienced") for line in lines)


def test_why_a_stated_score_was_low_gives_the_standard_its_scores_and_findings(assistant):
    answer = assistant.ask("Why did only 45% of Norfolk's reviews focus enough on keeping people safe?")
    lines = answer.text.split("\n")
    assert lines[0] == "Norfolk PDU (May 2024) was rated Inadequate for 2.4 Reviewing [1]."
    assert lines[3].startswith("- The key-question scores behind the 2.4 Reviewing rating, lowest first: 45% on "
                               "“Does reviewing focus sufficiently on keeping other people safe?” [2]")
    assert "- “Concerningly, changes in risk had not been fully identified in 23 out of 36 relevant cases.” [5]" in lines


def test_whether_the_other_questions_of_a_standard_did_better_lists_them_highest_first(assistant):
    _, better = _conversation(assistant, "What did Suffolk PDU score on planning that engages the person on probation?",
                              "Were any of the other planning questions better?")
    assert better.rewritten_question == "Were any of the other planning questions better (in Suffolk)?"
    assert better.text.split("\n")[3].startswith(
        "- The key-question scores behind the 2.2 Planning rating, highest first: 68% on “Does planning focus "
        "sufficiently on reducing reoffending and supporting desistance?” [2]; 45% on")


def test_a_score_on_something_the_report_asks_no_key_question_about_is_refused(assistant):
    # The PDU reports score planning on engaging the person; the regional report does not.
    answer = assistant.ask("What was the region's score for planning that engages people on probation?")
    assert answer.refused
    assert answer.text.startswith("The indexed reports do not answer this: East of England region (August 2024) "
                                  "scores no key question on engagement.")
    assert "%" not in answer.text


def test_how_long_is_answered_by_the_sentence_after_the_one_on_the_topic(assistant):
    # "... co-commissioning with St Andrews hospital of a MHTR. Eighteen months into this project, ..."
    answer = assistant.ask("How long had the St Andrews mental health requirement scheme been running in Suffolk?")
    assert not answer.refused
    assert answer.citations[0].quote.endswith("Eighteen months into this project, the service was oversubscribed but "
                                              "was an indication of the level of need.")
    assert answer.citations[0].quote.startswith("There was a positive response to a gap in mental health provision")


def test_a_rating_claim_put_to_be_checked_is_answered_yes_or_no(assistant):
    wrong = assistant.ask("Someone told me the region got Good for its resettlement work. Is that right?")
    assert wrong.text.split("\n")[0] == "No: East of England region (August 2024) was rated Inadequate for 2.5 Resettlement [1]."
    dashed = assistant.ask("A colleague said Suffolk's leadership only got Requires improvement - is that right?")
    assert dashed.text.split("\n")[0] == "No: Suffolk PDU (May 2024) was rated Good for 1.1 Leadership [1]."
    right = assistant.ask("I heard Norfolk PDU was rated Inadequate overall - is that true?")
    assert right.text.split("\n")[0] == "Yes: Norfolk PDU (May 2024) was rated Inadequate overall [1], with a score of 2/21 [2]."


def test_a_provider_is_named_only_by_a_sentence_about_that_service(assistant):
    women = assistant.ask("Who provides women's services in the East of England?")
    assert women.citations[0].quote.startswith("The providers are Interventions Alliance for accommodation, "
                                               "St Giles Wise and Advance for women's services")
    navigators = assistant.ask("Who runs the housing navigators in the region?")
    assert navigators.refused
    assert "the reports name no one for that" in navigators.text


def test_the_share_of_the_people_a_pdu_supervises_needs_a_sentence_stating_that_share(assistant):
    answer = assistant.ask("What proportion of the people Norfolk PDU supervises are women?")
    assert answer.refused
    assert answer.text.startswith("The indexed reports do not answer this: the reports do not give that share.")


def test_a_counterparts_own_name_is_no_topic_word_when_its_side_picks_a_finding(assistant):
    answer = assistant.ask("In the 2017 inspection, did the NPS or the CRC do worse on protective factors in plans?")
    nps = [line for line in answer.text.split("\n") if line.startswith("- Suffolk (June 2017), NPS:")]
    assert nps == ["- Suffolk (June 2017), NPS: “In half of the inspected cases, protective factors did not feature "
                   "in planning.” [2]"]



def test_protective_factors_are_not_public_protection(assistant):
    # "protect" is a cue for keeping people safe; "protective factors" (what helps someone desist) is not.
    answer = assistant.ask("In 2017, how often did the CRC recognise protective factors in Suffolk?")
    assert answer.text.split("\n")[0] == ("Suffolk (June 2017): “In 11 out of 16 relevant cases, protective factors "
                                          "were not recognised or supported.” [1]")


def test_two_places_with_reports_of_their_own_are_asked_about_one_by_one(assistant):
    # Not the 2019 joint CRC press release: each place's own (latest) report.
    answer = assistant.ask("Were Norfolk and Suffolk using their diversity data?")
    lines = answer.text.split("\n")
    assert lines[0].startswith("- Norfolk PDU (May 2024):") and lines[1].startswith("- Suffolk PDU (May 2024):")
    assert all(c.report.startswith(("norfolk-pdu-2024", "suffolk-pdu-2024")) for c in answer.citations)


def test_what_was_going_to_happen_is_answered_by_what_was_expected(assistant):
    answer = assistant.ask("In 2017, what was going to happen to the NPS's internet sex offender programme?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “Changes were anticipated in the near future: it was expected, for instance, that the "
        "Internet Sex Offender Treatment Programme would be replaced by a new programme for offenders assessed as "
        "posing a medium risk of serious harm to others.” [1]")


def test_the_month_a_sentence_dates_something_by_is_not_another_name(assistant):
    # "From April 2016 ..." lacks "Thames Valley" but names nothing else: it is the date asked for.
    answer = assistant.ask("When did the NPS team in Suffolk stop including lower risk individuals on the Thames "
                           "Valley programme?")
    assert answer.text.split("\n")[0] == (
        "Suffolk (June 2017): “From April 2016 the team had stopped including lower risk individuals, unless the "
        "court specifically instructed completion of the programme.” [1]")


def test_things_that_protect_someone_from_reoffending_are_protective_factors(assistant):
    pdu = assistant.ask("How often did Suffolk PDU assessments spot the things that could protect people from reoffending?")
    assert "protective factors were sufficiently identified in 84 per cent (47 out of 56)" in pdu.text.split("\n")[0]
    crc = assistant.ask("In 2017, how often did CRC staff miss the things that might protect someone from reoffending?")
    assert crc.text.split("\n")[0] == ("Suffolk (June 2017): “In 11 out of 16 relevant cases, protective factors "
                                       "were not recognised or supported.” [1]")


def test_a_report_without_ratings_is_summed_up_in_its_own_summing_up_sentences(assistant):
    answer = assistant.ask("Give me the gist of the 2017 Suffolk inspection.")
    lines = answer.text.split("\n")
    assert lines[0] == ("Suffolk (June 2017): “In short, nowhere near enough good work is being done by the CRC or the "
                        "NPS in Suffolk.” [1]")
    assert "- “Overall, the NPS's work to make sure service users abided by their sentence was effective.” [5]" in lines
    assert not any("2013" in c.quote for c in answer.citations)  # another inspection's verdict
    brief = assistant.ask("Sum up the 2017 Suffolk inspection in a sentence or two")
    assert brief.text.split("\n")[0] == lines[0]  # ("a sentence or two" is no topic)


def test_where_a_well_rated_standard_fell_short_gives_its_areas_for_improvement(assistant):
    answer = assistant.ask("Suffolk's leadership came out as Good, but where did it fall short?")
    lines = answer.text.split("\n")
    assert lines[0] == "Suffolk PDU (May 2024) was rated Good for 1.1 Leadership [1]."
    assert "The report's areas for improvement for 1.1 Leadership:" in lines


def test_a_sentence_adding_a_further_cause_is_read_on_with_the_reasons(assistant):
    answer = assistant.ask("Why weren't practitioners in the East of England making proper use of domestic abuse "
                           "information in assessments?")
    lines = answer.text.split("\n")
    assert "- “One of the causes of that was high workloads which were affecting the time practitioners and their " \
           "managers could dedicate to assessments.” [3]" in lines
    assert lines[lines.index("- “One of the causes of that was high workloads which were affecting the time practitioners "
                             "and their managers could dedicate to assessments.” [3]") + 1].startswith(
        "- “This was also related to the competence of some practitioners and ineffective quality assurance")


def test_a_person_asked_for_by_role_is_named_or_refused(assistant):
    # Not the report's own signatory ("chief") for another body's chief executive; not an
    # organisation's name ("the Military Corrective Training Centre") for a person's.
    for question in ("Who was Sodexo's new chief executive for the south region when Suffolk was inspected in 2017?",
                     "Who is the Area Executive Director for the South-East and East?"):
        answer = assistant.ask(question)
        assert answer.refused, question
        assert "the reports do not give that name" in answer.text
    chief = assistant.ask("Who was HM Chief Inspector of Probation when the 2017 Suffolk report came out?")
    assert chief.text.startswith("Suffolk (June 2017): Dame Glenys Stacey, HM Chief Inspector of Probation, signed")


def test_what_was_wrong_asks_for_reasons_even_with_how_many_in_it(assistant):
    from qa.analysis import INTENT_EXPLAIN, analyse

    analysis = analyse("What was wrong with how many Suffolk staff understood reviewing a case?", assistant.catalog)
    assert analysis.intent == INTENT_EXPLAIN
    answer = assistant.ask("What was wrong with how many Suffolk staff understood reviewing a case?")
    assert not answer.refused and "self-report" in answer.text


def test_how_many_of_the_cases_in_words_must_be_about_those_cases(assistant):
    # "Most women were reporting to offices where men were present" is no share of the cases.
    answer = assistant.ask("How many of the 438 cases the regional inspectors looked at were women?")
    assert answer.refused
    assert "Most women were reporting" not in answer.text


def test_a_length_of_time_a_few_sentences_on_and_a_count_before_a_verb_of_place(assistant):
    mef = assistant.ask("For how long had the NPS's MAPPA eligibility forums been running in Suffolk by 2017?")
    assert mef.text.split("\n")[0] == ("Suffolk (June 2017): “The MEF process was well regarded by managers and had "
                                       "been running for over two years.” [1]")
    sfo = assistant.ask("How many reviewing managers work in the region's SFO team?")
    assert "a team of eight reviewing managers" in sfo.text.split("\n")[0]


def test_a_sentence_whose_only_figure_the_question_gives_does_not_answer_it(assistant):
    # "It works with ... 16 prisons in its area" restates the 16; it says nothing of pre-release teams.
    answer = assistant.ask("Of the region's 16 prisons, how many had pre-release teams based in them?")
    assert answer.refused
    assert answer.text.startswith("The indexed reports do not answer this: the reports do not state a figure for this.")


def test_a_statement_before_the_question_is_its_premise_not_its_topic(assistant):
    # The leaders' links are the premise; resettlement, in everyday words, is what is asked.
    answer = assistant.ask("The region's leaders had good relationships with the prisons. "
                           "Was helping people settle back after prison still rated badly in the East of England?")
    assert answer.text.split("\n")[0] == "East of England region (August 2024) was rated Inadequate for 2.5 Resettlement [1]."
    # A question that weighs its premise ("any better") keeps both standards.
    weighed = assistant.ask("Suffolk's assessment was rated Inadequate. Was its planning any better?")
    assert "2.1 Assessment" in weighed.text and "2.2 Planning" in weighed.text


def test_a_share_of_cases_may_be_a_fraction_of_the_cases_themselves(assistant):
    # "what share of CRC cases were assigned to the central hub" -> "one-third of CRC cases are
    # assigned to the hub" (the trait written with one word fewer).
    answer = assistant.ask("Roughly what proportion of the CRC's cases were assigned to its central hub in 2017?")
    assert not answer.refused
    assert answer.text.split("\n")[0].startswith("Suffolk (June 2017): “Approximately one-third of CRC cases are assigned to the hub")


def test_which_person_needs_a_name_given_with_that_role(assistant):
    # "Some judges had lost confidence ..." names no judge; "User Voice" is no judge's name.
    judge = assistant.ask("Which judge said they no longer had confidence in Norfolk PDU?")
    assert judge.refused
    assert "the reports do not give that name" in judge.text
    # A role the report's signature block gives is answered from it.
    chief = assistant.ask("Which Chief Inspector signed the 2017 Suffolk report?")
    assert chief.text.startswith("Suffolk (June 2017): Dame Glenys Stacey, HM Chief Inspector of Probation, signed")


def test_a_count_of_a_narrower_group_is_not_the_whole_caseload(assistant):
    # The caseload sentence shares "sentences" with the question, but counts everyone.
    answer = assistant.ask("How many people across the East of England region were given drug rehabilitation requirements?")
    assert answer.refused
    assert "15,891" not in answer.text


def test_a_follow_up_asking_if_that_was_the_lowest_of_all_scores_ranks_them_all(assistant):
    first = assistant.ask("What did Suffolk PDU score for assessments that focus on keeping other people safe?")
    history = [{"role": "user", "content": "What did Suffolk PDU score for assessments that focus on keeping other people safe?"},
               {"role": "assistant", "content": first.text}]
    answer = assistant.ask("Was that the lowest of all Suffolk's casework scores?", history)
    assert answer.text.split("\n")[0].startswith("Suffolk PDU (May 2024): the lowest key-question score was 23% on")


def test_a_figure_for_an_earlier_year_needs_a_quantity_from_the_report_looking_back(assistant):
    # "It had resulted in a substantial number of breaches in 2016" gives no number.
    breaches = assistant.ask("How many breaches were brought by the CRC in Suffolk in 2016?")
    assert breaches.refused
    assert "no indexed report is from 2016, and none gives that figure for it" in breaches.text
    survey = assistant.ask("What share of the NPS's Norfolk & Suffolk LDU respondents were positive in the "
                           "November 2016 offender survey?")
    assert survey.text.startswith("No indexed report is from 2016, but Suffolk (June 2017) looks back to it:")
    assert "78.7% were positive" in survey.text.split("\n")[0]


def test_a_report_without_ratings_is_judged_by_the_sentence_opening_each_area(assistant):
    # "Reducing reoffending > CRC effectiveness" opens with its judgement; the stated premise
    # (the facilitators) is not what is asked.
    answer = assistant.ask("The 2017 report praised the CRC's groupwork facilitators. Was the CRC found effective "
                           "at reducing reoffending in Suffolk?")
    lines = answer.text.split("\n")
    assert lines[0] == "Suffolk (June 2017) gives no ratings; its judgement of each area:"
    assert "- Reducing reoffending, CRC effectiveness: “The CRC was not sufficiently effective in delivering " \
           "interventions to reduce reoffending.”" in answer.text
    assert "NPS effectiveness" not in answer.text and "Protecting the public" not in answer.text
    # With no area named, every area for the unit asked about.
    every = assistant.ask("In 2017, in which areas did the Suffolk NPS get a positive verdict?")
    assert "Abiding by the sentence, NPS effectiveness: “Overall, the quality of work was acceptable" in every.text
    assert "CRC effectiveness" not in every.text
    # Something narrower than an area is answered from the findings, as before.
    housing = assistant.ask("How did the 2017 inspectors rate the housing help available to NPS cases in Suffolk?")
    assert "judgement of each area" not in housing.text


def test_a_premise_rating_does_not_stand_for_the_overall_rating_asked(assistant):
    # The premise names unpaid work (and ends with a year); the question asks the overall grade.
    answer = assistant.ask("The CRC's unpaid work was rated Outstanding in 2019. Did that pull its overall rating up to Good?")
    assert answer.text.split("\n")[0] == "Norfolk & Suffolk CRC (September 2019) was rated Requires improvement overall [1]."


def test_as_safe_as_compares_and_feeling_safe_is_not_public_protection(assistant):
    from qa.analysis import analyse

    question = "Did Norfolk's people on probation feel as safe in the probation office as people in the East of England region?"
    analysis = analyse(question, assistant.catalog)
    assert analysis.is_comparison and "safety" not in analysis.concepts
    answer = assistant.ask(question)
    assert "(77 per cent) felt safe doing so" in answer.text
    assert "Almost all people who responded to the survey said they felt safe accessing probation buildings" in answer.text
    assert "keeping other people safe" not in answer.text
    # "as well as" joins two topics; it compares nothing.
    assert not analyse("What did Norfolk PDU say about housing as well as jobs?", assistant.catalog).is_comparison


def test_a_follow_up_on_a_named_thing_carries_the_thing_not_the_word_called(assistant):
    history = [{"role": "user", "content": "What was the new Integrated Offender Management scheme in Norfolk and "
                                           "Suffolk called in 2017?"},
               {"role": "assistant", "content": "It became the Norfolk & Suffolk 180 Scheme."}]
    answer = assistant.ask("Who was it for, and who ran it?", history)
    assert "called" not in answer.rewritten_question
    assert "It had been decided that IOM would be managed by the police" in answer.text


def test_how_many_staff_said_something_is_answered_by_a_share_of_them(assistant):
    from qa.counting import counts_respondents

    assert counts_respondents("How many staff felt they lacked access to the services people needed?")
    assert not counts_respondents("How many staff were in post?")
    answer = assistant.ask("In the Suffolk staff survey, how many staff said they could not get access to the range "
                           "of services people on probation need?")
    assert "over half of staff in our survey expressed frustration with services" in answer.text.split("\n")[0]


def test_a_follow_up_asking_what_got_in_the_way_reads_the_barriers(assistant):
    history = [{"role": "user", "content": "In 2017, how did inspectors judge the CRC's work to protect the public in Suffolk?"},
               {"role": "assistant", "content": "Not effective enough."}]
    answer = assistant.ask("What did they see as the main thing getting in the way?", history)
    assert "CRC" in answer.rewritten_question  # (the possessive "CRC's" is carried as the CRC)
    assert answer.text.split("\n")[0] == ("Suffolk (June 2017): “1.\tThe workload of staff and managers was a barrier to "
                                          "a higher quality of public protection work.” [1]")


def test_a_follow_up_asking_where_it_fell_short_carries_the_topic(assistant):
    from qa.followup import rewrite

    history = [{"role": "user", "content": "In the 2017 Suffolk inspection, which kinds of need did the NPS get the "
                                           "right interventions in place for?"},
               {"role": "assistant", "content": "Accommodation."}]
    rewritten = rewrite("And which needs did it fall short on?", history, assistant.catalog)
    assert "NPS" in rewritten and "interventions" in rewritten


def test_a_single_letter_is_no_name_a_figure_sentence_must_carry(assistant):
    from qa.cues import proper_names

    assert proper_names("For the 2017 Suffolk Q&I inspection, how many partner agencies did they hear from?",
                        {"suffolk"}) == []
    answer = assistant.ask("In the 2017 Suffolk Q&I inspection, how many partner agencies did the inspectors speak to?")
    assert "staff from 10 different partner agencies" in answer.text.split("\n")[0]


def test_a_counted_trait_and_a_role_asked_must_be_in_the_answer(assistant):
    # "46 cases, 30 of which were CRC cases" counts no women.
    women = assistant.ask("Of the 46 cases in the 2017 Suffolk sample, how many were women?")
    assert women.refused
    assert "the reports do not state a figure for this" in women.text
    # "Chief Inspector Justin Russell" is no chief executive.
    chief = assistant.ask("Who was the chief executive of the Norfolk and Suffolk CRC at the 2019 inspection?")
    assert chief.refused
    assert "the reports do not give that name" in chief.text
    # A trait that says how well ("handled well") is no trait to name.
    from qa.cues import HOW_MANY_WERE

    assert HOW_MANY_WERE.search("how many were handled well on risk of harm?") is None


def test_two_years_each_reported_are_two_sides_whatever_the_wording(assistant):
    from qa.analysis import analyse

    question = "Was online training a problem for Suffolk staff back in 2017 as well as in the 2024 inspection?"
    analysis = analyse(question, assistant.catalog)
    assert analysis.is_comparison and [s.label for s in analysis.sides] == ["Suffolk 2017", "Suffolk 2024"]
    answer = assistant.ask(question)
    assert "Suffolk (June 2017): “Online training was described as problematic due to a lack of equipment.”" in answer.text
    # A year no report covers is no side ("fieldwork in 2023 for the 2024 report").
    assert not analyse("Did Norfolk's fieldwork start in February 2023 for the 2024 report?",
                       assistant.catalog).is_comparison


def test_whether_two_inspections_had_the_same_lead_inspector_names_each(assistant):
    answer = assistant.ask("Was the same HM Inspector in charge of the Norfolk and Suffolk PDU inspections? "
                           "Were they led by the same inspector?")
    assert "the inspection was led by HM Inspector Dave Argument" in answer.text
    assert "the inspection was led by HM Inspector Martin Cunningham" in answer.text


def test_how_often_something_happens_is_answered_by_a_frequency(assistant):
    answer = assistant.ask("How often does Suffolk PDU hold its performance improvement meetings?")
    assert answer.text.split("\n")[0] == ("Suffolk PDU (May 2024): “There were also quarterly performance improvement "
                                          "meetings, quality improvement boards and staff engagement meetings.” [1]")
    # "How often did practitioners ...?" in cases is still a share of them.
    share = assistant.ask("How often did Norfolk practitioners keep suitable levels of contact with people on probation?")
    assert "(70 per cent)" in share.text.split("\n")[0]


def test_which_standard_had_a_key_question_at_a_stated_score(assistant):
    answer = assistant.ask("Which of Norfolk's standards had a key question scoring 32%?")
    lines = answer.text.split("\n")
    assert lines[0] == "Norfolk PDU (May 2024) was rated Inadequate for 2.3 Implementation and delivery [1]."
    assert "32% of the cases inspected were judged sufficient on the key question “Does the implementation and " \
           "delivery of services effectively support the safety of other people?”" in answer.text
    assert [f.value for f in answer.figures] == ["Inadequate", "32%"]


def test_standards_named_that_share_a_rating_are_said_to_all_have_it(assistant):
    answer = assistant.ask("What were Suffolk PDU's ratings for assessment, planning, delivery and reviewing?")
    assert answer.text.split("\n")[0] == ("Suffolk PDU (May 2024) was rated Inadequate for all four: 2.1 Assessment [1], "
                                          "2.2 Planning [2], 2.3 Implementation and delivery [3], 2.4 Reviewing [4].")
    # Standards picked out by their rating are not "all" of anything.
    which = assistant.ask("Which of the East of England region's standards were rated Inadequate?")
    assert "for all" not in which.text


def test_each_of_two_counterparts_is_a_side(assistant):
    from qa.analysis import analyse

    analysis = analyse("In 2017, how many offices did the CRC and the NPS each work from in Suffolk?", assistant.catalog)
    assert analysis.is_comparison and [s.focus for s in analysis.sides] == ["CRC", "NPS"]


def test_a_sentence_saying_which_is_read_after_the_finding(assistant):
    answer = assistant.ask("Which parts of the Norfolk caseload had leaders not analysed enough?")
    lines = answer.text.split("\n")
    assert lines[0].startswith("Norfolk PDU (May 2024): “Leaders had conducted too little analysis into the "
                               "characteristics of the caseload")
    assert "“That was especially relevant to neurodiversity and age.”" in answer.text


def test_a_figure_sentence_retrieval_missed_is_found_by_reading_the_report(assistant):
    # The passage is not among the retrieved ones; read whole, the report states it.
    answer = assistant.ask("In 2017, how often were the CRC's assessments in Suffolk not finished within an "
                           "appropriate time after allocation?")
    assert answer.text.split("\n")[0] == ("Suffolk (June 2017): “Assessments were not completed within an appropriate "
                                          "time following allocation in over half of the inspected cases.” [1]")


def test_recommendations_about_a_subject_none_addresses_are_refused(assistant):
    answer = assistant.ask("What did the inspectors recommend Norfolk PDU do about its Kings Lynn office?")
    assert answer.refused
    assert "none of the recommendations of Norfolk PDU (May 2024) is about its Kings Lynn office" in answer.text
    # A subject the recommendations do address is answered item by item.
    services = assistant.ask("What did the regional report recommend about commissioned services?")
    assert services.text.split("\n")[0] == "East of England region (August 2024): the inspectors recommended:"
    assert "4. review systems for commissioning and assurance of service providers" in services.text
