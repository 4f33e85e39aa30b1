"""`python -m index` as a user runs it: exit codes, summary lines, JSON output, clean errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
JSON_KEYS = {"report", "unit", "year", "standard", "question", "value", "kind", "quote"}


def run_index(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, "-m", "index", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-reports")
    shutil.copy(ROOT / "reports" / "norfolk-suffolk-crc-press-release-2019.txt", folder)
    (folder / "README.md").write_text("# About these files\n\nNot a report: never indexed.\n")
    return folder


def test_build_prints_summary(small_folder, tmp_path):
    store = tmp_path / "store"
    result = run_index("build", "--reports", str(small_folder), "--store", str(store))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Reports in index: 1 (1 indexed now, 0 unchanged, 0 removed)"
    assert lines[1].startswith("Chunks: ") and "embedded now" in lines[1]
    assert lines[2] == "Figures: 4"
    assert "  + norfolk-suffolk-crc-press-release-2019.txt: Norfolk & Suffolk CRC, September 2019 (press release)" \
        in lines
    assert "README" not in result.stdout
    assert "Traceback" not in result.stderr

    # Again, with an unreadable file added: the rest stays, the file is named, exit status 2.
    (small_folder / "empty.txt").write_bytes(b"")
    try:
        again = run_index("build", "--reports", str(small_folder), "--store", str(store), "--quiet")
    finally:
        (small_folder / "empty.txt").unlink()
    assert again.returncode == 2, again.stderr
    assert "Reports in index: 1 (0 indexed now, 1 unchanged, 0 removed)" in again.stdout
    assert "  ! empty.txt: empty file (0 bytes)" in again.stdout.splitlines()


def test_figures_json(built_index):
    result = run_index("figures", "--json", "--store", str(built_index.store_dir))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert records
    for record in records:
        assert JSON_KEYS <= set(record), record
    safe = [r for r in records if r["unit"] == "Norfolk PDU" and r["kind"] == "key_question"
            and r["question"] == "Does assessment focus sufficiently on keeping other people safe?"]
    assert [(r["value"], r["year"], r["standard"]) for r in safe] == [("39%", 2024, "2.1 Assessment")]
    assert safe[0]["quote"] == "Does assessment focus sufficiently on keeping other people safe?\t39%"


def test_stats_lists_reports(built_index):
    result = run_index("stats", "--store", str(built_index.store_dir))
    assert result.returncode == 0, result.stderr
    assert "Reports: 5" in result.stdout
    assert "Norfolk PDU, May 2024" in result.stdout and "Inadequate (2/21)" in result.stdout


def test_stats_on_empty_store_explains_how_to_build(tmp_path):
    result = run_index("stats", "--store", str(tmp_path))
    assert result.returncode == 1
    assert "python -m index build" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "index.sqlite").exists()  # a read command creates nothing


def test_build_with_missing_reports_folder_is_a_clean_error(tmp_path):
    result = run_index("build", "--reports", str(tmp_path / "nowhere"), "--store", str(tmp_path / "store"))
    assert result.returncode == 1
    assert "Reports folder not found" in result.stderr and "Traceback" not in result.stderr
