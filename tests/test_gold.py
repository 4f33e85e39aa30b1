"""Consistency checks for the evaluation gold set (evals/gold.jsonl).

Standard library + pytest only; reads nothing but the gold file and reports/.
"""
import json
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold.jsonl"
REPORTS = ROOT / "reports"

TYPES = {"figure", "rating", "fact", "compare", "explain", "unanswerable", "followup"}
SPLITS = {"dev", "heldout"}
REPORT_FILES = {
    "norfolk-pdu-2024.txt",
    "suffolk-pdu-2024.txt",
    "suffolk-quality-impact-2017.txt",
    "east-of-england-region-2024.md",
    "norfolk-suffolk-crc-press-release-2019.txt",
}
REQUIRED = {
    "id": str,
    "question": str,
    "type": str,
    "answer": str,
    "must_include": list,
    "expect_refusal": bool,
    "sources": list,
    "split": str,
}


def _load():
    items = []
    with GOLD.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise AssertionError(f"gold.jsonl line {n} is not valid JSON: {e}")
    return items


ITEMS = _load()


@lru_cache(maxsize=None)
def _report_text(name):
    return (REPORTS / name).read_text(encoding="utf-8")


def test_enough_questions():
    assert len(ITEMS) >= 100


def test_ids_unique():
    ids = [it["id"] for it in ITEMS]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, f"duplicate ids: {sorted(dupes)}"


def _check_all(check):
    """Run check(item) on every item, collecting every failure into one report."""
    errors = []
    for item in ITEMS:
        try:
            check(item)
        except AssertionError as e:
            errors.append(f"{item.get('id', '?')}: {e}")
    assert not errors, "\n".join(errors)


def _fields_and_types(item):
    for field, typ in REQUIRED.items():
        assert field in item, f"missing field {field!r}"
        assert isinstance(item[field], typ), f"{field!r} should be {typ.__name__}"
    for field in ("id", "question", "answer"):
        assert item[field].strip(), f"{field!r} is empty"
    assert item["type"] in TYPES, f"bad type {item['type']!r}"
    assert item["split"] in SPLITS, f"bad split {item['split']!r}"
    assert all(isinstance(m, str) for m in item["must_include"]), "must_include must hold strings"
    if "history" in item:
        assert isinstance(item["history"], list), "history must be a list"
    for s in item["sources"]:
        assert isinstance(s, dict) and {"report", "quote"} <= set(s), f"bad source {s!r}"
        assert isinstance(s["report"], str) and isinstance(s["quote"], str), f"bad source {s!r}"
        assert s["quote"].strip(), "empty quote"


def test_fields_and_types():
    _check_all(_fields_and_types)


def test_heldout_fraction():
    heldout = sum(1 for it in ITEMS if it["split"] == "heldout")
    frac = heldout / len(ITEMS)
    assert 0.2 <= frac <= 0.35, f"heldout fraction {frac:.2f}"


def test_heldout_spread_across_types():
    types = {it["type"] for it in ITEMS if it["split"] == "heldout"}
    assert types == TYPES, f"heldout lacks types: {sorted(TYPES - types)}"


def test_all_reports_cited():
    cited = {s["report"] for it in ITEMS for s in it["sources"]}
    assert REPORT_FILES <= cited, f"uncited reports: {sorted(REPORT_FILES - cited)}"


def _quotes_verbatim(item):
    for s in item["sources"]:
        assert s["report"] in REPORT_FILES, f"unknown report {s['report']!r}"
        assert s["quote"] in _report_text(s["report"]), (
            f"quote not found verbatim in {s['report']}: {s['quote']!r}"
        )


def test_quotes_verbatim():
    _check_all(_quotes_verbatim)


def _must_include_matches_answer(item):
    for pattern in item["must_include"]:
        try:
            rx = re.compile(pattern, re.IGNORECASE)
        except re.error as e:
            raise AssertionError(f"regex {pattern!r} does not compile: {e}")
        assert rx.search(item["answer"]), f"{pattern!r} does not match the reference answer"


def test_must_include_matches_answer():
    _check_all(_must_include_matches_answer)


def _refusal_consistency(item):
    if item["type"] == "unanswerable":
        assert item["expect_refusal"] is True, "unanswerable needs expect_refusal true"
        assert item["must_include"] == [], "unanswerable must have no must_include"
        assert item["sources"] == [], "unanswerable must have no sources"
    else:
        assert item["expect_refusal"] is False, "answerable items need expect_refusal false"
        assert item["must_include"], "answerable items need at least one must_include regex"
        assert item["sources"], "answerable items need at least one source"


def test_refusal_consistency():
    _check_all(_refusal_consistency)


def _followup_history(item):
    history = item.get("history") or []
    if item["type"] != "followup":
        assert history == [], "only followup items carry a history"
        return
    assert history, "followup needs a non-empty history"
    for i, turn in enumerate(history):
        assert isinstance(turn, dict) and set(turn) == {"role", "content"}, f"bad turn {turn!r}"
        expected = "user" if i % 2 == 0 else "assistant"
        assert turn["role"] == expected, f"turn {i} should be {expected} (roles alternate from user)"
        assert isinstance(turn["content"], str) and turn["content"].strip(), f"turn {i} is empty"
    assert history[-1]["role"] == "assistant", "history must end with an assistant turn"


def test_followup_history():
    _check_all(_followup_history)
