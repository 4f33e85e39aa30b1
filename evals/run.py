"""Score the product (and optionally the naive baseline) on a gold question set.

    python -m evals.run [--gold FILE] [--store DIR] [--reports DIR] [--split dev|heldout|all]
                        [--baseline] [--out DIR] [--write-results]

The questions go through the public batch CLI in a subprocess, exactly as an outside script
would use it: a temporary JSONL of `{"id", "question", "history"}` lines is passed to
`python -m qa ask --batch FILE --json` and the JSON lines that come back are scored. With
`--baseline` the same file goes through `python -m evals.baseline ask --batch FILE --json`
and the same scorer runs on its output, so every number is a ratio measured side by side.

What each metric checks is defined next to the code that computes it (`score_item`,
`check_citations`, `evidence_found`) and restated in `evals/README.md`. The store is read
only to get each report's stored text (the text citation quotes must be verbatim in) and to
map report ids to source files; nothing else about the product is imported.

This module must not change the product, the gold file, or anything it scores.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "evals" / "gold.jsonl"
DEFAULT_OUT = ROOT / "evals" / "out"
RESULTS_MD = ROOT / "evals" / "RESULTS.md"

TYPES = ("figure", "rating", "fact", "compare", "explain", "followup", "unanswerable")
SPLITS = ("dev", "heldout")
REQUIRED_FIELDS = ("id", "question", "type", "must_include", "expect_refusal", "sources")

# Heldout targets from issue 5 (ours only; the baseline is there to be compared with).
TARGETS = (
    ("accuracy", "all", ">=", 0.90, "accuracy ≥ 90%"),
    ("accuracy", "figure", ">=", 1.0, "figure accuracy 100%"),
    ("accuracy", "rating", ">=", 1.0, "rating accuracy 100%"),
    ("refusal_accuracy", "all", ">=", 0.90, "refusal accuracy ≥ 90%"),
    ("false_refusals_per_20", "all", "<=", 1.0, "≤ 1 false refusal per 20 answerable"),
    ("citation_accuracy", "all", ">=", 1.0, "citation accuracy 100%"),
)


# --------------------------------------------------------------------------- gold set
class GoldError(ValueError):
    """A gold file that cannot be scored; the message names the line."""


def load_gold(path: Path) -> list[dict]:
    """Read and check a gold JSONL file (schema: evals/README.md)."""
    items, seen = [], set()
    with Path(path).open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            missing = [k for k in REQUIRED_FIELDS if k not in item]
            if missing:
                raise GoldError(f"{path}:{lineno}: missing field(s) {', '.join(missing)}")
            if item["id"] in seen:
                raise GoldError(f"{path}:{lineno}: duplicate id {item['id']!r}")
            seen.add(item["id"])
            for pattern in item["must_include"]:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise GoldError(f"{path}:{lineno}: bad must_include regex {pattern!r} ({exc})") from exc
            item.setdefault("split", "dev")
            item.setdefault("history", [])
            items.append(item)
    if not items:
        raise GoldError(f"{path}: no questions")
    return items


# --------------------------------------------------------------------------- running
def run_batch(command: list[str], items: list[dict], label: str) -> tuple[list[dict], float]:
    """Send the questions through a batch CLI in a subprocess; return its records and wall time.

    The CLI's stderr goes straight to ours (progress, warnings, errors).
    """
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        for item in items:
            tmp.write(json.dumps({"id": item["id"], "question": item["question"],
                                  "history": item.get("history") or []}, ensure_ascii=False) + "\n")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    print(f"[{label}] {len(items)} questions: {' '.join(command)} --batch {tmp.name} --json", file=sys.stderr)
    started = time.perf_counter()
    try:
        proc = subprocess.run(command + ["--batch", tmp.name, "--json"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True, encoding="utf-8")
    finally:
        os.unlink(tmp.name)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{label}: {' '.join(command)} exited with {proc.returncode} (message above)")
    records = []
    for n, line in enumerate(proc.stdout.splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise RuntimeError(f"{label}: output line {n} is not JSON: {line[:120]!r}") from exc
    got, want = [r.get("id") for r in records], [i["id"] for i in items]
    if got != want:
        raise RuntimeError(f"{label}: output ids do not match the input order "
                           f"({len(got)} lines for {len(want)} questions)")
    print(f"[{label}] done in {wall:.1f} s", file=sys.stderr)
    return records, wall


# --------------------------------------------------------------------------- source texts
class SourceTexts:
    """What a citation's `report` points at: its source file name and the text to check against.

    A `report` that is a report id in the store resolves to the store's clean text (markup
    removed; the product's quotes are verbatim in it). A `report` that is a file name in the
    reports folder (the baseline's citations) resolves to the raw file text.
    """

    def __init__(self, by_id: dict[str, tuple[str, str]], raw: dict[str, str]):
        self.by_id = by_id   # report_id -> (source_file, stored text)
        self.raw = raw       # source_file -> raw file text

    @classmethod
    def load(cls, store_dir: Path | None, reports_dir: Path) -> "SourceTexts":
        by_id: dict[str, tuple[str, str]] = {}
        if store_dir is not None:
            from index.settings import get_settings
            from index.store import IndexReader

            reader = IndexReader(get_settings().model_copy(update={"store_dir": Path(store_dir)}))
            try:
                for meta in reader.reports():
                    by_id[meta.report_id] = (meta.source_file, reader.report_text(meta.report_id))
            finally:
                reader.close()
        raw = {}
        if reports_dir and Path(reports_dir).is_dir():
            for p in sorted(Path(reports_dir).iterdir()):
                if p.is_file() and p.suffix.lower() in (".txt", ".md"):
                    raw[p.name] = p.read_text(encoding="utf-8", errors="replace")
                elif p.is_file() and p.suffix.lower() == ".pdf":
                    from pypdf import PdfReader

                    raw[p.name] = "\n".join(pg.extract_text() or "" for pg in PdfReader(str(p)).pages)
        return cls(by_id, raw)

    def source_file(self, report: str) -> str | None:
        if report in self.by_id:
            return self.by_id[report][0]
        return report if report in self.raw else None

    def text(self, report: str) -> str | None:
        if report in self.by_id:
            return self.by_id[report][1]
        return self.raw.get(report)


# --------------------------------------------------------------------------- normalising
_WS = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]{1,80}>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_CITE_MARK = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])|(?<![\w.])\d+(?:\.\d+)?(?![\d])")


def normalise_ws(text: str) -> str:
    """Whitespace runs (spaces, tabs, newlines) collapsed to one space; ends trimmed."""
    return _WS.sub(" ", text or "").strip()


def normalise_match(text: str) -> str:
    """For evidence matching across raw and clean text: markup (HTML tags, markdown links,
    `*`, `#`, `|`) removed, curly quotes and dashes made plain, lower case, whitespace collapsed."""
    t = _TAG.sub(" ", text or "")
    t = _LINK.sub(r"\1", t)
    t = t.translate(_QUOTES)
    t = re.sub(r"[*#|]", " ", t)
    return normalise_ws(t).lower()


def numbers_in(text: str) -> list[str]:
    """Numbers stated in a text, with citation markers `[n]` and years (1900-2099) left out.
    Thousands separators are dropped ("1,234" -> "1234"); "4/21" gives "4" and "21"."""
    stripped = _CITE_MARK.sub(" ", text or "")
    out = []
    for m in _NUMBER.finditer(stripped):
        num = m.group(0).replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", num):
            continue
        out.append(num)
    return out


# --------------------------------------------------------------------------- scoring one item
@dataclass
class ItemScore:
    id: str
    type: str
    split: str
    answerable: bool
    refused: bool
    correct: bool
    reasons: list[str] = field(default_factory=list)       # why not correct
    citation_ok: bool | None = None                          # None when refused
    citation_issues: list[str] = field(default_factory=list)
    quotes: int = 0
    quotes_verbatim: int = 0
    gold_quotes: int = 0
    gold_found: int = 0
    contexts: int = 0
    latency_ms: float | None = None


def check_citations(record: dict, sources: SourceTexts) -> tuple[list[str], int, int]:
    """Citation accuracy of one answered record: (issues, quotes, verbatim quotes).

    The record passes when it has no issues:
    1. it has at least one citation, and every `[n]` marker in the answer has a citation n;
    2. every citation's quote is verbatim in its source's text, after collapsing whitespace
       (the store's clean text for a report id, the raw file for a file name);
    3. every number in the answer text (years 1900-2099 and `[n]` markers left out) appears as
       a number in at least one cited quote or cited section heading ("2.1 Assessment");
       The derived numbers allowed are the difference or the sum of two supported numbers that
       the answer itself states ("45% vs 39%, a difference of 6 percentage points": the design
       asks a comparison to say by how much; "56 cases (37 community orders and 19 releases)":
       a total with its parts);
    4. every `figures` entry points at an existing citation whose quote contains its value.
    """
    issues: list[str] = []
    citations = record.get("citations") or []
    answer = record.get("answer") or ""
    if not citations:
        issues.append("no citations")
    numbers = {c.get("n") for c in citations}
    for m in re.finditer(r"\[(\d+)\]", answer):
        if int(m.group(1)) not in numbers:
            issues.append(f"marker [{m.group(1)}] has no citation")
    verbatim = 0
    for c in citations:
        text = sources.text(str(c.get("report")))
        quote = normalise_ws(c.get("quote") or "")
        if text is None:
            issues.append(f"[{c.get('n')}] unknown report {c.get('report')!r}")
        elif not quote:
            issues.append(f"[{c.get('n')}] empty quote")
        elif quote not in normalise_ws(text):
            issues.append(f"[{c.get('n')}] quote not verbatim in {sources.source_file(str(c.get('report')))}: "
                          f"{quote[:80]!r}")
        else:
            verbatim += 1
    cited_numbers = set()
    for c in citations:
        cited_numbers.update(numbers_in(c.get("quote") or ""))
        cited_numbers.update(numbers_in(c.get("section") or ""))
    stated = [n for n in numbers_in(answer) if n in cited_numbers]
    unsupported = sorted({n for n in numbers_in(answer)
                          if n not in cited_numbers and not _is_derived(n, stated)}, key=answer.find)
    if unsupported:
        issues.append(f"number(s) {', '.join(unsupported)} in no cited quote")
    by_n = {c.get("n"): c for c in citations}
    for f in record.get("figures") or []:
        c = by_n.get(f.get("citation"))
        if c is None:
            issues.append(f"figure {f.get('value')!r} cites missing [{f.get('citation')}]")
        elif normalise_match(str(f.get("value"))) not in normalise_match(c.get("quote") or ""):
            issues.append(f"figure {f.get('value')!r} not in its quote [{f.get('citation')}]")
    return issues, len(citations), verbatim


def _is_derived(number: str, stated: list[str]) -> bool:
    """True when `number` equals a - b or a + b for two numbers stated (and supported) in the
    answer."""
    value = float(number)
    nums = [float(x) for x in dict.fromkeys(stated)]
    return any(abs((a - b) - value) < 0.051 or abs((a + b) - value) < 0.051
               for i, a in enumerate(nums) for b in nums[i + 1:] + nums[:i])


MIN_PART_CHARS = 20


def evidence_found(gold_quote: str, evidence: list[str]) -> bool:
    """Is a gold source quote among the returned evidence texts (same source file)?

    Both sides go through `normalise_match`. Found when the gold quote is inside an evidence
    text, or an evidence text is inside the gold quote and is at least half its length (and at
    least 20 characters): a returned sentence that is the key part of a longer gold passage.
    """
    g = normalise_match(gold_quote)
    for e in evidence:
        e = normalise_match(e)
        if g in e:
            return True
        if len(e) >= max(MIN_PART_CHARS, len(g) / 2) and e in g:
            return True
    return False


def score_item(gold: dict, record: dict, sources: SourceTexts) -> ItemScore:
    """Correctness, citation accuracy and evidence recall of one answer.

    Correct: an answerable item (`expect_refusal` false) is answered (not refused) and every
    `must_include` regex matches the answer text, case-insensitive; an unanswerable item is
    refused.
    """
    answerable = not gold.get("expect_refusal", False)
    refused = bool(record.get("refused"))
    answer = record.get("answer") or ""
    reasons = []
    if answerable:
        if refused:
            reasons.append("refused an answerable question")
        else:
            missing = [p for p in gold["must_include"] if not re.search(p, answer, re.IGNORECASE)]
            if missing:
                reasons.append("missing " + ", ".join(f"/{p}/" for p in missing))
    elif not refused:
        reasons.append("answered a question it should refuse")
    s = ItemScore(id=gold["id"], type=gold.get("type", "?"), split=gold.get("split", "dev"),
                  answerable=answerable, refused=refused, correct=not reasons, reasons=reasons,
                  latency_ms=record.get("latency_ms"), contexts=len(record.get("contexts") or []))
    if not refused:
        s.citation_issues, s.quotes, s.quotes_verbatim = check_citations(record, sources)
        s.citation_ok = not s.citation_issues
    evidence: dict[str, list[str]] = {}
    for c in record.get("contexts") or []:
        evidence.setdefault(sources.source_file(str(c.get("report"))), []).append(c.get("text") or "")
    for c in record.get("citations") or []:
        evidence.setdefault(sources.source_file(str(c.get("report"))), []).append(c.get("quote") or "")
    for src in gold.get("sources") or []:
        s.gold_quotes += 1
        s.gold_found += evidence_found(src["quote"], evidence.get(src["report"], []))
    return s


# --------------------------------------------------------------------------- aggregating
def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarise(scores: list[ItemScore]) -> dict:
    """The metrics of a group of scored items (see evals/README.md for definitions)."""
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    answered = [s for s in scores if not s.refused]
    correct = sum(s.correct for s in scores)
    false_refusals = sum(s.refused for s in answerable)
    gold_quotes = sum(s.gold_quotes for s in scores)
    latencies = [s.latency_ms for s in scores]
    return {
        "n": len(scores),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "correct": correct,
        "accuracy": _ratio(correct, len(scores)),
        "answered": len(answered),
        "correct_answered": sum(s.correct for s in answered),
        "precision": _ratio(sum(s.correct for s in answered), len(answered)),
        "refused_unanswerable": sum(s.refused for s in unanswerable),
        "refusal_accuracy": _ratio(sum(s.refused for s in unanswerable), len(unanswerable)),
        "false_refusals": false_refusals,
        "false_refusals_per_20": (20 * false_refusals / len(answerable)) if answerable else None,
        "citation_ok": sum(bool(s.citation_ok) for s in answered),
        "citation_accuracy": _ratio(sum(bool(s.citation_ok) for s in answered), len(answered)),
        "quotes": sum(s.quotes for s in scores),
        "quotes_verbatim": sum(s.quotes_verbatim for s in scores),
        "gold_quotes": gold_quotes,
        "gold_found": sum(s.gold_found for s in scores),
        "evidence_recall": _ratio(sum(s.gold_found for s in scores), gold_quotes),
        "mean_contexts": _ratio(sum(s.contexts for s in scores), len(scores)),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def group_metrics(scores: list[ItemScore]) -> dict:
    """{split: {group: metrics}} for split in dev/heldout/all and group in all + each type."""
    out = {}
    for split in (*SPLITS, "all"):
        in_split = [s for s in scores if split == "all" or s.split == split]
        if not in_split:
            continue
        groups = {"all": summarise(in_split)}
        for t in TYPES:
            of_type = [s for s in in_split if s.type == t]
            if of_type:
                groups[t] = summarise(of_type)
        out[split] = groups
    return out


def score_run(gold: list[dict], records: list[dict], sources: SourceTexts) -> list[ItemScore]:
    by_id = {r.get("id"): r for r in records}
    return [score_item(g, by_id.get(g["id"], {"refused": True, "answer": ""}), sources) for g in gold]


# --------------------------------------------------------------------------- tables
def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def _frac(num, den, x) -> str:
    return "–" if x is None else f"{_pct(x)} ({num}/{den})"


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"


def headline_rows(m: dict) -> list[tuple[str, str]]:
    return [
        ("Questions (answerable + unanswerable)", f"{m['n']} ({m['answerable']} + {m['unanswerable']})"),
        ("Accuracy (correct / asked)", _frac(m["correct"], m["n"], m["accuracy"])),
        ("Precision (correct / answered)", _frac(m["correct_answered"], m["answered"], m["precision"])),
        ("Refusal accuracy (refused / unanswerable)",
         _frac(m["refused_unanswerable"], m["unanswerable"], m["refusal_accuracy"])),
        ("False refusals (per 20 answerable)",
         "–" if m["false_refusals_per_20"] is None else f"{m['false_refusals']} ({m['false_refusals_per_20']:.1f})"),
        ("Citation accuracy (answers fully supported)",
         _frac(m["citation_ok"], m["answered"], m["citation_accuracy"])),
        ("Cited quotes verbatim in source",
         _frac(m["quotes_verbatim"], m["quotes"], _ratio(m["quotes_verbatim"], m["quotes"]))),
        ("Evidence recall@k (gold quotes found)", _frac(m["gold_found"], m["gold_quotes"], m["evidence_recall"])),
        ("k (mean passages returned)", "–" if m["mean_contexts"] is None else f"{m['mean_contexts']:.1f}"),
        ("Latency p50 / p95 (ms, per question)", f"{_ms(m['latency_p50_ms'])} / {_ms(m['latency_p95_ms'])}"),
    ]


def md_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    sep = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(header), sep, *(line(r) for r in rows)])


def headline_table(results: dict[str, dict], walls: dict[str, float]) -> str:
    """Metric rows; a column per (split, system)."""
    systems = list(results)
    splits = [s for s in (*SPLITS, "all") if s in results[systems[0]]]
    header = ["metric"] + [f"{sp} · {sy}" for sp in splits for sy in systems]
    cols = {(sp, sy): dict(headline_rows(results[sy][sp]["all"])) for sp in splits for sy in systems}
    names = [name for name, _ in headline_rows(results[systems[0]][splits[0]]["all"])]
    rows = [[name] + [cols[(sp, sy)][name] for sp in splits for sy in systems] for name in names]
    rows.append(["Batch wall time (s, whole run incl. start-up)"]
                + [f"{walls[sy]:.1f}" if sp == "all" else "" for sp in splits for sy in systems])
    return md_table(header, rows)


def type_table(results: dict[str, dict], split: str) -> str:
    """Rows per question type; ours vs baseline side by side for the main metrics."""
    systems = list(results)
    header = ["type", "n"]
    for metric in ("accuracy", "precision", "citation acc.", "evidence recall", "p50 ms"):
        header += [f"{metric} · {sy}" for sy in systems]
    rows = []
    for group in ("all", *TYPES):
        if group not in results[systems[0]][split]:
            continue
        ms = [results[sy][split][group] for sy in systems]
        row = [group, str(ms[0]["n"])]
        row += [_frac(m["correct"], m["n"], m["accuracy"]) for m in ms]
        row += [_frac(m["correct_answered"], m["answered"], m["precision"]) for m in ms]
        row += [_frac(m["citation_ok"], m["answered"], m["citation_accuracy"]) for m in ms]
        row += [_frac(m["gold_found"], m["gold_quotes"], m["evidence_recall"]) for m in ms]
        row += [_ms(m["latency_p50_ms"]) for m in ms]
        rows.append(row)
    return md_table(header, rows)


def targets_table(metrics: dict) -> str:
    rows = []
    for key, group, op, bound, text in TARGETS:
        m = metrics.get(group)
        value = None if m is None else m[key]
        if value is None:
            status, shown = "n/a", "–"
        else:
            ok = value >= bound if op == ">=" else value <= bound
            status = "PASS" if ok else "FAIL"
            shown = f"{value:.1f}" if key == "false_refusals_per_20" else _pct(value)
        rows.append([text, shown, status])
    return md_table(["target (heldout, ours)", "measured", "status"], rows)


def failures_table(scores: list[ItemScore]) -> str:
    """The failing dev questions, with why. Failing held-out questions are only counted: a list
    of them is a list to tune against, which would make the held-out score meaningless."""
    rows, held = [], 0
    for s in sorted(scores, key=lambda s: (s.split, s.type, s.id)):
        why = list(s.reasons) + ([f"citation: {'; '.join(s.citation_issues)}"] if s.citation_issues else [])
        if why and s.split == "heldout":
            held += 1
        elif why:
            rows.append([s.id, s.split, s.type, "; ".join(why).replace("|", "\\|")])
    table = md_table(["id", "split", "type", "why"], rows) if rows else "None."
    note = (f"\n\n{held} held-out question(s) are also wrong or badly cited; they are not listed here "
            "(per-question outputs are in evals/out/, for the rare reason to look)." if held else "")
    return table + note


# --------------------------------------------------------------------------- outputs
def write_outputs(out_dir: Path, system: str, records: list[dict], scores: list[ItemScore],
                  gold: list[dict]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / f"{system}.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    by_id = {r.get("id"): r for r in records}
    with (out_dir / f"{system}.scored.jsonl").open("w", encoding="utf-8") as f:
        for g, s in zip(gold, scores):
            r = by_id.get(g["id"], {})
            f.write(json.dumps({**asdict(s), "question": g["question"], "gold_answer": g.get("answer"),
                                "must_include": g["must_include"], "answer": r.get("answer"),
                                "rewritten_question": r.get("rewritten_question")}, ensure_ascii=False) + "\n")


def machine() -> str:
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average {:.1f} / {:.1f} / {:.1f} (1/5/15 min) at the end of the run".format(*os.getloadavg())
    return (f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()} "
            f"({platform.machine() or 'unknown arch'}){load}")


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def render_results(results: dict, walls: dict, scores: dict[str, list[ItemScore]], gold: list[dict],
                   command: str, gold_path: Path, store_dir: Path, records: dict[str, list[dict]]) -> str:
    today = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    answerers: dict[str, int] = {}
    for r in records["ours"]:
        if not r.get("refused"):
            answerers[r.get("answerer") or "?"] = answerers.get(r.get("answerer") or "?", 0) + 1
    parts = [
        "# Evaluation results",
        "",
        "Generated by `evals/run.py`; do not edit by hand (re-run the command below).",
        "",
        f"- Date: {today}",
        f"- Machine: {machine()}",
        f"- Commit: {git_commit()} (the working tree may hold uncommitted changes)",
        f"- Gold set: `{_rel(gold_path)}` ({len(gold)} questions)",
        f"- Index: `{_rel(store_dir)}`",
        f"- Command: `{command}`",
        f"- Answers by (ours, answered questions): "
        f"{', '.join(f'{k} {v}' for k, v in sorted(answerers.items())) or 'none'}",
        "",
        "Systems: **ours** = `python -m qa ask --batch --json` (extractive answerer, settings from the "
        "environment); **baseline** = `python -m evals.baseline` (naive LangChain RAG: splitter "
        "1000/200, same embeddings, Chroma, `similarity_search(k=4)`, answer = the 4 passages). "
        "Metric definitions: `evals/README.md`.",
        "",
        "## Summary",
        "",
        headline_table(results, walls),
        "",
    ]
    if "heldout" in results["ours"]:
        parts += ["## Targets (issue 5, heldout split)", "", targets_table(results["ours"]["heldout"]), ""]
    for split in ("heldout", "dev"):
        if split in results["ours"]:
            parts += [f"## By type: {split}", "", type_table(results, split), ""]
    parts += ["## Questions ours gets wrong or cites badly", "", failures_table(scores["ours"]), ""]
    return "\n".join(parts)


def _rel(p: Path) -> str:
    try:
        return str(Path(p).resolve().relative_to(ROOT))
    except ValueError:
        return str(p)


# --------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m evals.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL (default: evals/gold.jsonl)")
    parser.add_argument("--store", type=Path, help="index folder passed to the CLI (default: QA_STORE_DIR or ./.store)")
    parser.add_argument("--reports", type=Path,
                        help="report files for the baseline (default: QA_REPORTS_DIR or ./reports)")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="all", help="which questions to run")
    parser.add_argument("--baseline", action="store_true", help="also run and score the naive LangChain baseline")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="per-question outputs (default: evals/out/)")
    parser.add_argument("--write-results", action="store_true", help="regenerate evals/RESULTS.md")
    args = parser.parse_args(argv)

    from index.settings import get_settings

    settings = get_settings()
    store_dir = args.store or settings.store_dir
    reports_dir = args.reports or settings.reports_dir
    try:
        gold = load_gold(args.gold)
    except (GoldError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.split != "all":
        gold = [g for g in gold if g.get("split") == args.split]
        if not gold:
            print(f"error: no {args.split} questions in {args.gold}", file=sys.stderr)
            return 1

    systems = {"ours": [sys.executable, "-m", "qa", "ask"] + (["--store", str(args.store)] if args.store else [])}
    if args.baseline:
        systems["baseline"] = [sys.executable, "-m", "evals.baseline", "ask", "--reports", str(reports_dir)]
    records, walls = {}, {}
    try:
        for name, command in systems.items():
            records[name], walls[name] = run_batch(command, gold, name)
        sources = SourceTexts.load(store_dir, reports_dir)
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    scores = {name: score_run(gold, recs, sources) for name, recs in records.items()}
    results = {name: group_metrics(s) for name, s in scores.items()}
    for name in records:
        write_outputs(args.out, name, records[name], scores[name], gold)
    (args.out / "summary.json").write_text(json.dumps({"results": results, "wall_seconds": walls}, indent=2))

    print()
    print(headline_table(results, walls))
    for split in ("heldout", "dev"):
        if split in results["ours"]:
            print(f"\nBy type ({split}):")
            print(type_table(results, split))
    if "heldout" in results["ours"]:
        print("\n" + targets_table(results["ours"]["heldout"]))
    failing = [s for s in scores["ours"] if s.reasons or s.citation_issues]
    held = sum(1 for s in failing if s.split == "heldout")
    print(f"\n{len(failing)} question(s) wrong or badly cited (ours), {held} of them held out (not listed); "
          f"details in {_rel(args.out)}/ours.scored.jsonl")
    for s in failing:
        if s.split == "heldout":
            continue  # listing them invites tuning against the held-out set
        why = "; ".join(s.reasons + ([f"citation: {'; '.join(s.citation_issues)}"] if s.citation_issues else []))
        print(f"  {s.split:<7} {s.type:<12} {s.id}: {why}")

    if args.write_results:
        command = "python -m evals.run" + ("" if not argv else " " + " ".join(shlex.quote(a) for a in argv))
        RESULTS_MD.write_text(render_results(results, walls, scores, gold, command, args.gold, store_dir,
                                             records),
                              encoding="utf-8")
        print(f"\nwrote {_rel(RESULTS_MD)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
