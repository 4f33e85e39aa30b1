"""The evaluation scorer (`evals.run`) on small synthetic records with exact metric values,
plus the baseline's output shape and one end-to-end `python -m evals.run` on a tiny gold file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evals.run import (GoldError, ItemScore, failures_table, SourceTexts, check_citations, evidence_found, group_metrics, load_gold,
                       normalise_match, numbers_in, percentile, score_item, score_run, summarise)

ROOT = Path(__file__).resolve().parents[1]

NORFOLK_TEXT = (
    "P 2.1. Assessment\n\nInadequate\n\n"
    "Key question\tPercentage 'Yes'\n"
    "Does assessment focus sufficiently on keeping other people safe?\t39%\n\n"
    "Management oversight of casework was sufficient in only 13 out of 39 relevant cases we inspected.\n"
    "As a result, the PDU was rated 'Inadequate' overall.\n"
)
SUFFOLK_TEXT = "Does assessment focus sufficiently on keeping other people safe?\t45%\n"


@pytest.fixture
def sources() -> SourceTexts:
    return SourceTexts(
        by_id={"norfolk-1": ("norfolk.txt", NORFOLK_TEXT), "suffolk-1": ("suffolk.txt", SUFFOLK_TEXT)},
        raw={"norfolk.txt": NORFOLK_TEXT.replace("13 out of 39", "**13 out of 39**")},
    )


def gold(id, type="figure", must=(r"\b39\s*%",), refuse=False, sources=(), split="heldout"):
    return {"id": id, "question": f"question {id}?", "type": type, "answer": "reference",
            "must_include": list(must), "expect_refusal": refuse, "history": [],
            "sources": [{"report": r, "quote": q} for r, q in sources], "split": split}


def record(id, answer, refused=False, citations=(), contexts=(), figures=(), latency=50.0):
    return {"id": id, "question": f"question {id}?", "rewritten_question": None, "answer": answer,
            "refused": refused,
            "citations": [{"n": i, "report": r, "title": "t", "year": 2024, "section": s, "page": None, "quote": q}
                          for i, (r, s, q) in enumerate(citations, 1)],
            "figures": list(figures),
            "contexts": [{"report": r, "section": "", "page": None, "text": t, "score": 0.5} for r, t in contexts],
            "latency_ms": latency}


ROW = "Does assessment focus sufficiently on keeping other people safe?\t39%"
GOLD_ROW = ("norfolk.txt", ROW)


def synthetic():
    golds = [
        gold("correct", sources=[GOLD_ROW]),
        gold("wrong-figure", sources=[GOLD_ROW]),
        gold("false-refusal", sources=[GOLD_ROW], split="dev"),
        gold("unanswerable", type="unanswerable", must=(), refuse=True),
        gold("fabricated", type="rating", must=("inadequate",), sources=[
            ("norfolk.txt", "As a result, the PDU was rated 'Inadequate' overall.")]),
    ]
    records = [
        record("correct", "In Norfolk PDU (May 2024), 39% of cases (2.1 Assessment) [1].",
               citations=[("norfolk-1", "2.1 Assessment", ROW)], contexts=[("norfolk-1", ROW)],
               figures=[{"report": "norfolk-1", "value": "39%", "citation": 1}], latency=40),
        # States 45%, cites the Norfolk row that says 39%: wrong, and the number is unsupported.
        record("wrong-figure", "In Norfolk PDU, 45% of cases [1].",
               citations=[("norfolk-1", "2.1 Assessment", ROW)], contexts=[("suffolk-1", SUFFOLK_TEXT)],
               latency=60),
        record("false-refusal", "The indexed reports do not answer this.", refused=True, latency=20),
        record("unanswerable", "The indexed reports do not answer this.", refused=True, latency=10),
        # Right words, but the quote is not in the report (fabricated).
        record("fabricated", "Norfolk PDU was rated Inadequate overall [1].",
               citations=[("norfolk-1", "", "The PDU was rated 'Inadequate' overall by every inspector.")],
               contexts=[("norfolk-1", "As a result, the PDU was rated 'Inadequate' overall.")], latency=1000),
    ]
    return golds, records


def test_scorer_exact_metrics(sources):
    golds, records = synthetic()
    scores = score_run(golds, records, sources)
    by_id = {s.id: s for s in scores}

    assert [s.correct for s in scores] == [True, False, False, True, True]
    assert by_id["wrong-figure"].reasons == [r"missing /\b39\s*%/"]
    assert by_id["false-refusal"].reasons == ["refused an answerable question"]
    assert by_id["correct"].citation_ok is True
    assert by_id["wrong-figure"].citation_issues == ["number(s) 45 in no cited quote"]
    assert by_id["fabricated"].citation_ok is False
    assert by_id["fabricated"].citation_issues[0].startswith("[1] quote not verbatim in norfolk.txt")
    assert by_id["false-refusal"].citation_ok is None  # refused answers are not citation-scored

    m = summarise(scores)
    assert (m["n"], m["answerable"], m["unanswerable"]) == (5, 4, 1)
    assert m["correct"] == 3 and m["accuracy"] == pytest.approx(3 / 5)
    assert m["answered"] == 3 and m["precision"] == pytest.approx(2 / 3)
    assert m["refusal_accuracy"] == 1.0
    assert m["false_refusals"] == 1 and m["false_refusals_per_20"] == pytest.approx(5.0)
    assert m["citation_ok"] == 1 and m["citation_accuracy"] == pytest.approx(1 / 3)
    assert (m["quotes"], m["quotes_verbatim"]) == (3, 2)
    # Gold quotes: correct (in its context), wrong-figure (its context is Suffolk's, but its
    # citation holds the Norfolk row), false-refusal (nothing returned: missed), fabricated (in
    # its context, though its citation is made up).
    assert (m["gold_quotes"], m["gold_found"]) == (4, 3) and m["evidence_recall"] == 0.75
    assert m["latency_p50_ms"] == 40 and m["latency_p95_ms"] == pytest.approx(812.0)

    groups = group_metrics(scores)
    assert set(groups) == {"dev", "heldout", "all"}
    assert groups["heldout"]["all"]["n"] == 4 and groups["dev"]["all"]["n"] == 1
    assert groups["heldout"]["figure"]["accuracy"] == 0.5
    assert groups["heldout"]["rating"]["citation_accuracy"] == 0.0
    assert groups["all"]["unanswerable"]["refusal_accuracy"] == 1.0


def test_perfect_run_scores_one(sources):
    golds, records = synthetic()
    s = score_item(golds[0], records[0], sources)
    m = summarise([s])
    assert (m["accuracy"], m["precision"], m["citation_accuracy"], m["evidence_recall"]) == (1.0, 1.0, 1.0, 1.0)
    assert m["refusal_accuracy"] is None and m["false_refusals_per_20"] == 0


def test_unanswerable_answered_is_wrong_and_imprecise(sources):
    g = gold("u", type="unanswerable", must=(), refuse=True)
    r = record("u", "Norfolk had 13 out of 39 [1].", citations=[("norfolk-1", "", "sufficient in only 13 out of 39")])
    s = score_item(g, r, sources)
    m = summarise([s])
    assert s.reasons == ["answered a question it should refuse"]
    assert (m["accuracy"], m["precision"], m["refusal_accuracy"]) == (0.0, 0.0, 0.0)
    assert s.citation_ok is True  # wrong to answer, but what it says is cited


def test_citation_checks(sources):
    ok = record("x", "13 out of 39 relevant cases [1]; 39% [2] in 2024.",
                citations=[("norfolk-1", "", "sufficient in only 13 out of 39 relevant cases"),
                           ("norfolk-1", "", ROW)])
    assert check_citations(ok, sources) == ([], 2, 2)
    # Whitespace differences (tab vs space, line breaks) do not matter; case and words do.
    spaced = record("x", "39% [1]", citations=[("norfolk-1", "", ROW.replace("\t", "   "))])
    assert check_citations(spaced, sources)[0] == []
    recased = record("x", "39% [1]", citations=[("norfolk-1", "", ROW.upper())])
    assert "not verbatim" in check_citations(recased, sources)[0][0]
    # A difference of two stated, cited numbers is allowed (comparison verdicts).
    diff = record("x", "Suffolk 45% [1] vs Norfolk 39% [2], a difference of 6 points.",
                  citations=[("suffolk-1", "", SUFFOLK_TEXT.strip()), ("norfolk-1", "", ROW)])
    assert check_citations(diff, sources)[0] == []
    made_up = record("x", "Suffolk 45% [1] vs Norfolk 39% [2], a difference of 7 points.",
                     citations=[("suffolk-1", "", SUFFOLK_TEXT.strip()), ("norfolk-1", "", ROW)])
    assert check_citations(made_up, sources)[0] == ["number(s) 7 in no cited quote"]
    # So is a total of two stated parts ("52 cases: 13 out of 39 ... ").
    total = record("x", "52 in all: 13 out of 39 relevant cases [1].",
                   citations=[("norfolk-1", "", "sufficient in only 13 out of 39 relevant cases")])
    assert check_citations(total, sources)[0] == []
    wrong_total = record("x", "53 in all: 13 out of 39 relevant cases [1].",
                         citations=[("norfolk-1", "", "sufficient in only 13 out of 39 relevant cases")])
    assert check_citations(wrong_total, sources)[0] == ["number(s) 53 in no cited quote"]
    # Markers must resolve; an answer needs citations; unknown reports are flagged.
    assert check_citations(record("x", "39% [2]", citations=[("norfolk-1", "", ROW)]), sources)[0] == [
        "marker [2] has no citation"]
    assert check_citations(record("x", "Inadequate."), sources)[0] == ["no citations"]
    assert "unknown report" in check_citations(record("x", "a [1]", citations=[("nope", "", "a")]), sources)[0][0]
    # A structured figure must be inside the quote it cites.
    bad_fig = record("x", "39% [1]", citations=[("norfolk-1", "", ROW)],
                     figures=[{"value": "45%", "citation": 1}])
    assert check_citations(bad_fig, sources)[0] == ["figure '45%' not in its quote [1]"]
    # Raw-file citations (the baseline) are checked against the raw file.
    raw = record("x", "13 out of 39 [1]", citations=[("norfolk.txt", "", "sufficient in only **13 out of 39**")])
    assert check_citations(raw, sources) == ([], 1, 1)


def test_numbers_in_skips_years_and_markers():
    assert numbers_in("In May 2024, 39% [1] of 1,234 cases; score 2/21 [2, 3]; 15.8 days in 2017.") == [
        "39", "1234", "2", "21", "15.8"]


def test_evidence_matching():
    assert normalise_match("Score **2/21**") == "score 2/21"
    assert normalise_match("<b>Rated</b> ‘Good’ – well") == "rated 'good' - well"
    gold_quote = "Score **2/21**"
    assert evidence_found(gold_quote, ["Ratings\n\nNorfolk PDU\n\nScore 2/21\n\nOverall rating"])
    long_gold = ("Management oversight was poor. It was sufficient in only 13 out of 39 relevant cases we "
                 "inspected, which is a very low proportion.")
    assert evidence_found(long_gold, ["It was sufficient in only 13 out of 39 relevant cases we inspected, "
                                      "which is a very low proportion."])  # the key part, > half its length
    assert not evidence_found(long_gold, ["13 out of 39 relevant cases"])  # too small a part
    assert not evidence_found(gold_quote, ["Score 4/21"])


def test_evidence_from_another_report_does_not_count(sources):
    g = gold("x", sources=[GOLD_ROW])
    r = record("x", "39% [1]", citations=[("suffolk-1", "", SUFFOLK_TEXT.strip())],
               contexts=[("suffolk-1", ROW)])  # right words, wrong report
    assert score_item(g, r, sources).gold_found == 0


def test_percentile():
    assert percentile([], 50) is None
    assert percentile([5], 95) == 5
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)


def test_load_gold_names_bad_line(tmp_path):
    good = {"id": "a", "question": "q?", "type": "figure", "must_include": ["x"], "expect_refusal": False,
            "sources": []}
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps({"id": "b", "question": "q"}) + "\n")
    with pytest.raises(GoldError, match=r"g\.jsonl:2: missing field\(s\) type, must_include"):
        load_gold(path)
    path.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n")
    with pytest.raises(GoldError, match="duplicate id 'a'"):
        load_gold(path)
    path.write_text(json.dumps({**good, "must_include": ["("]}) + "\n")
    with pytest.raises(GoldError, match="bad must_include regex"):
        load_gold(path)
    path.write_text(json.dumps(good) + "\n")
    assert load_gold(path)[0]["split"] == "dev"  # split defaults to dev


def test_shipped_gold_loads():
    items = load_gold(ROOT / "evals" / "gold.jsonl")
    assert len(items) >= 100 and {i["split"] for i in items} == {"dev", "heldout"}


@pytest.mark.slow
def test_baseline_output_is_scorable(tmp_path):
    """The naive baseline answers in the CLI's record shape and the same scorer runs on it."""
    from index.settings import get_settings

    from evals.baseline import NaiveRAG

    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "README.md").write_text("Not a report.")
    (reports / "norfolk.txt").write_text(NORFOLK_TEXT * 20)
    with NaiveRAG(reports, get_settings().embedding_model) as rag:
        rec = rag.answer("How often did assessment keep other people safe?", "q1")
    assert rag._tmp is None  # temp Chroma folder removed
    assert rec["id"] == "q1" and rec["refused"] is False and len(rec["citations"]) == 4
    assert {c["report"] for c in rec["citations"]} == {"norfolk.txt"}  # README.md not indexed
    assert rec["answer"] == "\n\n".join(c["quote"] for c in rec["citations"])
    src = SourceTexts.load(None, reports)
    s = score_item(gold("q1", sources=[GOLD_ROW]), rec, src)
    assert s.correct and s.citation_ok and s.gold_found == 1


@pytest.mark.integration
@pytest.mark.slow
def test_run_end_to_end(tmp_path, built_index):
    """`python -m evals.run` on a two-question gold file: real CLI subprocess, real scores."""
    items = [
        {"id": "n39", "question": "What share of Norfolk cases had assessments that focused enough on keeping "
         "others safe?", "type": "figure", "answer": "39%", "must_include": [r"\b39\s*%"],
         "expect_refusal": False, "split": "dev",
         "sources": [{"report": "norfolk-pdu-2024.txt", "quote": ROW}]},
        {"id": "cardiff", "question": "How did Cardiff PDU score on assessment?", "type": "unanswerable",
         "answer": "Not covered.", "must_include": [], "expect_refusal": True, "sources": [], "split": "heldout"},
    ]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(i) + "\n" for i in items))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "evals.run", "--gold", str(gold_path),
                           "--store", str(built_index.store_dir), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Accuracy (correct / asked)" in proc.stdout
    summary = json.loads((out / "summary.json").read_text())["results"]["ours"]
    assert summary["all"]["all"]["accuracy"] == 1.0
    assert summary["all"]["all"]["citation_accuracy"] == 1.0
    assert summary["dev"]["all"]["evidence_recall"] == 1.0
    assert summary["heldout"]["unanswerable"]["refusal_accuracy"] == 1.0
    scored = [json.loads(line) for line in (out / "ours.scored.jsonl").read_text().splitlines()]
    assert [s["id"] for s in scored] == ["n39", "cardiff"]
    assert (out / "ours.jsonl").exists()


def test_failures_table_lists_dev_failures_and_only_counts_held_out_ones():
    scores = [
        ItemScore(id="dev-wrong", type="figure", split="dev", answerable=True, refused=False, correct=False,
                  reasons=["missing /39%/"]),
        ItemScore(id="held-wrong", type="figure", split="heldout", answerable=True, refused=False, correct=False,
                  reasons=["missing /45%/"]),
        ItemScore(id="held-right", type="figure", split="heldout", answerable=True, refused=False, correct=True),
    ]
    table = failures_table(scores)
    assert "dev-wrong" in table and "missing /39%/" in table
    assert "held-wrong" not in table and "45%" not in table
    assert "1 held-out question(s) are also wrong or badly cited; they are not listed here" in table

