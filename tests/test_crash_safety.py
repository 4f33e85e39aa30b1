"""SIGKILL `python -m index build` mid-build: the index still answers, the next build completes.

A store of two reports is updated with a third report added and one report edited, and the
build subprocess is killed at several points: early (model loading), the moment Chroma's
folder first changes (vectors being written, SQLite not yet committed), the moment SQLite
first shows a new report (between two reports' transactions), and a little later. After each
kill a fresh process answers from the store: a figure about the untouched report is exact,
and every citation quote and every retrieved passage is text of a report SQLite holds (no
citation of missing text). Kills accumulate on one store, like repeated crashes would. A
final normal build then completes with all three reports and no orphan vectors.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
NORFOLK, PRESS, SUFFOLK = ("norfolk-pdu-2024.txt", "norfolk-suffolk-crc-press-release-2019.txt",
                           "suffolk-pdu-2024.txt")
EDIT = "\n\nA further note added after publication: this paragraph only exists in the edited copy.\n"

CHECK = r"""
import json, sys
from pathlib import Path
from index.settings import Settings
from index.store import IndexReader
from qa.assistant import Assistant

settings = Settings(store_dir=Path(sys.argv[1]), reports_dir=Path(sys.argv[2]))
assistant = Assistant(settings)
reader = IndexReader(settings)
chunk_ids = {c["chunk_id"] for c in reader.chunks()}
texts = {m.report_id: reader.report_text(m.report_id) for m in reader.reports()}
out = {"reports": sorted(m.source_file for m in reader.reports()), "answers": [], "problems": []}
for q in sys.argv[3:]:
    a = assistant.ask(q)
    out["answers"].append({"q": q, "text": a.text, "refused": a.refused})
    for c in a.citations:
        if c.report not in texts or c.quote not in texts[c.report]:
            out["problems"].append(f"{q}: citation [{c.n}] quotes text not in report {c.report}")
        if c.chunk_id and c.chunk_id not in chunk_ids:
            out["problems"].append(f"{q}: citation [{c.n}] from chunk {c.chunk_id} unknown to SQLite")
    for ctx in a.contexts:
        if ctx.chunk_id and ctx.chunk_id not in chunk_ids:
            out["problems"].append(f"{q}: context from chunk {ctx.chunk_id} unknown to SQLite")
        if ctx.report not in texts:
            out["problems"].append(f"{q}: context from report {ctx.report} unknown to SQLite")
print(json.dumps(out))
"""
QUESTIONS = [
    "What overall rating did Norfolk PDU receive?",
    "What share of Norfolk cases had assessments that focused enough on keeping others safe?",
    "What did the press release about the Norfolk and Suffolk CRC say?",
    "How was leadership rated at Suffolk PDU?",
]


def _env() -> dict:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.pop("QA_CHROMA_HOST", None)
    return env


def build_cmd(reports: Path, store: Path) -> list[str]:
    return [sys.executable, "-m", "index", "build", "--reports", str(reports), "--store", str(store), "--quiet"]


def check(store: Path, reports: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHECK, str(store), str(reports), *QUESTIONS], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dir_signature(folder: Path) -> tuple:
    sig = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            try:
                st = os.stat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            sig.append((dirpath, name, st.st_size, st.st_mtime_ns))
    return tuple(sorted(sig))


def report_ids(store: Path) -> frozenset:
    try:
        conn = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True, timeout=1)
        try:
            return frozenset(r[0] for r in conn.execute("SELECT report_id FROM reports"))
        finally:
            conn.close()
    except sqlite3.Error:
        return frozenset()


def kill_build(reports: Path, store: Path, trigger: str, delay: float = 0.0, limit: float = 600) -> str:
    """Run a build and SIGKILL it when `trigger` fires (+ `delay` s); what happened, in words."""
    chroma_before = dir_signature(store / "chroma")
    ids_before = report_ids(store)
    proc = subprocess.Popen(build_cmd(reports, store), cwd=ROOT, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    try:
        while proc.poll() is None and time.monotonic() - started < limit:
            if trigger == "time":
                fired = time.monotonic() - started >= delay
            elif trigger == "chroma":
                fired = dir_signature(store / "chroma") != chroma_before
            else:  # "sqlite": a report committed or removed
                fired = report_ids(store) != ids_before
            if fired:
                if trigger != "time" and delay:
                    time.sleep(delay)
                break
            time.sleep(0.01)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return f"{trigger}+{delay}s: " + ("finished before the kill" if finished else
                                      f"killed after {time.monotonic() - started:.1f} s")


def test_sigkill_mid_build_leaves_an_answerable_index(tmp_path):
    reports, store = tmp_path / "reports", tmp_path / "store"
    reports.mkdir()
    for name in (NORFOLK, PRESS):
        shutil.copy(ROOT / "reports" / name, reports / name)
    first = subprocess.run(build_cmd(reports, store), cwd=ROOT, env=_env(), capture_output=True, text=True,
                           timeout=900)
    assert first.returncode == 0, first.stdout + first.stderr
    baseline = check(store, reports)
    assert baseline["reports"] == [NORFOLK, PRESS] and not baseline["problems"]
    assert "2/21" in baseline["answers"][0]["text"]

    # The update the killed builds attempt: a third report, and an edit to the press release.
    shutil.copy(ROOT / "reports" / SUFFOLK, reports / SUFFOLK)
    with (reports / PRESS).open("a", encoding="utf-8") as fh:
        fh.write(EDIT)

    events = []
    # Three points keep the test under two minutes: as vectors start to land, as the first new
    # report commits, and a moment later (mid-way through the next report).
    for trigger, delay in (("chroma", 0.0), ("sqlite", 0.0), ("sqlite", 0.3)):
        events.append(kill_build(reports, store, trigger, delay))
        state = check(store, reports)
        assert state["problems"] == [], (events, state["problems"])
        assert set(state["reports"]) <= {NORFOLK, PRESS, SUFFOLK}, events
        assert NORFOLK in state["reports"], events
        norfolk = state["answers"][0]
        assert not norfolk["refused"] and "Inadequate" in norfolk["text"] and "2/21" in norfolk["text"], events
        assert "39%" in state["answers"][1]["text"], events
    print("\n" + "\n".join(events))

    final = subprocess.run(build_cmd(reports, store), cwd=ROOT, env=_env(), capture_output=True, text=True,
                           timeout=900)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "Reports in index: 3 " in final.stdout, final.stdout
    state = check(store, reports)
    assert state["reports"] == [NORFOLK, PRESS, SUFFOLK] and state["problems"] == []
    assert "Requires improvement" not in state["answers"][0]["text"]
    assert "Good" in state["answers"][3]["text"]

    from index.settings import Settings
    from index.store import IndexReader

    reader = IndexReader(Settings(store_dir=store, reports_dir=reports))
    try:
        press = [m for m in reader.reports() if m.source_file == PRESS]
        assert press and "only exists in the edited copy" in reader.report_text(press[0].report_id)
        # No orphan vectors left behind by the killed builds.
        assert reader.collection.count() == len(reader.chunks())
    finally:
        reader.close()
