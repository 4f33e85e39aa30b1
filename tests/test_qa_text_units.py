"""Unit tests for the text readers in qa/ that need no index: abbreviation definitions, the
case-sample sentence, signature blocks and the sentence picker's choice of findings. Each runs on made-up text, so nothing here is keyed
to the shipped reports."""

from __future__ import annotations

from qa.abbreviations import Abbreviations, find_definitions
from qa.retrieve import Hit
from qa.sample import case_sample
from qa.sentence_picker import SentencePicker
from qa.signatories import signatories, signatory_for
from qa.text import sentence_spans, tokens


def test_definitions_found_by_initials():
    text = ("Cases were countersigned by Senior Probation Officers (SPOs). The Offender Assessment System "
            "(OASys) was used, and multi-agency public protection arrangements (MAPPA) applied. "
            "We met the owner (Sodexo).")
    assert find_definitions([text]) == {"SPO": "Senior Probation Officers", "OASys": "Offender Assessment System",
                                        "MAPPA": "multi agency public protection arrangements"}


def test_the_two_forms_stand_for_each_other():
    abbr = Abbreviations({"SPO": "Senior Probation Officers", "PO": "Probation Officers"})
    assert "spo" in abbr.augment(set(tokens("four senior probation officers")))
    assert "po" not in abbr.augment(set(tokens("four senior probation officers")))  # the longer form wins
    assert {"senior", "probat", "offic"} <= abbr.augment(set(tokens("The PDU has 10 SPOs")))
    assert abbr.expand("How many SPOs are there?").endswith("Senior Probation Officers")


def test_case_sample_sums_listed_parts_and_prefers_the_sample_sentence():
    text = ("We inspected 11 cases which were MAPPA eligible. We inspected 20 community orders and 5 releases "
            "on licence from custody where sentences had commenced in May. In Wessex, the sample consisted "
            "of 30 cases, 25 of which were CRC cases.")
    sample = case_sample(text)
    assert (sample.total, sample.sentence) == (30, "In Wessex, the sample consisted of 30 cases, 25 of which were CRC cases.")
    listed = case_sample(text.split(" In Wessex")[0])
    assert (listed.total, listed.parts) == (25, ["20 community orders", "5 releases on licence"])
    assert case_sample("We inspected 11 cases which were MAPPA eligible.") is None


def test_signature_block_name_and_role():
    text = "Foreword text.\n\nJo Bloggs MBE\n\nHM Chief Inspector of Probation\n\nContents\n"
    assert [(s.name, s.role) for s in signatories(text)] == [("Jo Bloggs MBE", "HM Chief Inspector of Probation")]
    assert signatory_for("Who was the chief inspector?", text).name == "Jo Bloggs MBE"
    assert signatory_for("Who was the head of service?", text) is None
    assert signatory_for("What did the chief inspector say?", text) is None
    assert signatory_for("Who wrote the foreword?", text).name == "Jo Bloggs MBE"
    assert signatory_for("Who wrote about unpaid work?", text) is None


def test_a_sentence_cut_at_a_page_break_is_a_sentence_and_a_heading_is_not():
    text = ("The operating model in practice\n\nThe tools were not deployed, for reasons we have reported before: "
            "the IT gateway, first promised for June 2015, has still not been\n\n\u00b9 A footnote.\n\n"
            "implemented.\nAppendix 3: Background information on the Anytown Probation Trust 2013 inspection outcomes\n"
            "Next paragraph.")
    found = [text[a:b] for a, b in sentence_spans(text)]
    assert found == ["The tools were not deployed, for reasons we have reported before: the IT gateway, first "
                     "promised for June 2015, has still not been", "\u00b9 A footnote.", "implemented.", "Next paragraph."]


def _picked(passages: list[tuple[str, str, float]], terms: set[str]) -> list[str]:
    """The sentences the picker chooses from made-up passages (section, text, retrieval score)."""
    chunks = [{"chunk_id": str(i), "section": section, "text": text} for i, (section, text, _) in enumerate(passages)]
    hits = [Hit(c, score, score, score) for c, (_, _, score) in zip(chunks, passages)]
    return [sentence for _, sentence, _ in SentencePicker(chunks).pick(hits, terms, n=3)]


def test_a_glossary_row_is_never_quoted_as_a_finding():
    picked = _picked([("Appendix 5: Glossary",
                       "Treatment Order\tA requirement a court may attach to an order, aimed at tackling misuse", 1.0),
                      ("Reducing reoffending",
                       "Barriers to engagement were identified in most cases, and officers sought to tackle them.", 0.5)],
                     {"tackl", "misus", "order"})
    assert picked == ["Barriers to engagement were identified in most cases, and officers sought to tackle them."]


def test_a_persons_words_rank_below_an_inspectors_finding():
    picked = _picked([("Services", "“My officer is really calm and explains things about my order to me.”", 1.0),
                      ("Services", "Officers explained the order to people on probation in most cases we inspected.", 1.0)],
                     {"explain", "order"})
    assert picked[0] == "Officers explained the order to people on probation in most cases we inspected."


def test_phrases_holding_a_concepts_cue_word_do_not_cue_it():
    from qa.vocabulary import concepts_in

    assert "safety" not in concepts_in("How often were protective factors recognised?")
    assert "safety" not in concepts_in("Were protected characteristics considered in plans?")
    assert "turnover" not in concepts_in("What help did people leaving prison get?")
    assert "turnover" in concepts_in("How many staff were leaving?")
    assert "safety" in concepts_in("How well did they protect the public?")
