"""Bad inputs, as users really drop them into reports/ or the app's upload.

`python -m index build` runs as a subprocess over a folder of two valid reports plus a corrupt
PDF, an encrypted PDF, an image-only PDF, a zero-byte file, a non-PDF named .pdf, a second
copy of a report under another name and a file name with spaces, unicode and `..`. Each bad
file gets one line with its reason, the exit status is 2, every valid report is indexed,
nothing is written outside the store, and nothing already indexed is lost. The upload path
(`index.upload`) is checked for the same files and for `../` in names.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
PDF_DIR = ROOT.parent / "shared" / "reports-pdf"
PRESS = "norfolk-suffolk-crc-press-release-2019.txt"
NORFOLK = "norfolk-pdu-2024.txt"
ODD_NAME = "rapport été ..x.txt"   # spaces, unicode and `..` (a name cannot hold "/")

# file name -> the one-line reason the build must give
BAD_FILES = {
    "corrupt.pdf": "not a readable PDF",
    "encrypted.pdf": "encrypted PDF (needs a password)",
    "scanned.pdf": "no extractable text (image-only PDF?)",
    "empty.pdf": "empty file (0 bytes)",
    "archive.pdf": "not a PDF (file content does not start with %PDF)",
    "copy of norfolk.txt": f"same content as {NORFOLK} (duplicate)",
}


def run_build(reports: Path, store: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    env.pop("QA_CHROMA_HOST", None)
    return subprocess.run([sys.executable, "-m", "index", "build", "--reports", str(reports),
                           "--store", str(store), "--quiet"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _pdf_source():
    from pypdf import PdfReader

    path = PDF_DIR / "norfolk-pdu-2024.pdf"
    if not path.exists():
        pytest.skip(f"shipped PDFs not found in {PDF_DIR}")
    return PdfReader(str(path))


def write_bad_files(folder: Path) -> None:
    """The bad files of BAD_FILES, made for real (pypdf), plus the odd-named valid report."""
    from pypdf import PdfWriter

    source = _pdf_source()
    rng = __import__("random").Random(7)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(4000)))
    writer = PdfWriter()
    for page in source.pages[4:7]:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner")
    with (folder / "encrypted.pdf").open("wb") as fh:
        writer.write(fh)
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    with (folder / "scanned.pdf").open("wb") as fh:
        writer.write(fh)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "archive.pdf").write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(600)))
    shutil.copy(folder / NORFOLK, folder / "copy of norfolk.txt")
    shutil.copy(ROOT / "reports" / "suffolk-pdu-2024.txt", folder / ODD_NAME)


def snapshot(folder: Path, exclude: Path) -> dict[str, tuple[int, float]]:
    """Every file under `folder` except inside `exclude`, with size and mtime."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file() and exclude not in path.parents:
            st = path.stat()
            out[path.relative_to(folder).as_posix()] = (st.st_size, st.st_mtime)
    return out


def skipped_lines(stdout: str) -> dict[str, str]:
    """`  ! name: reason` lines of the build summary, as {name: reason}."""
    out = {}
    for line in stdout.splitlines():
        if line.startswith("  ! "):
            name, _, reason = line[4:].partition(": ")
            out[name] = reason
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Three builds into one store: 2 valid reports; then bad files added; then one removed."""
    from index.settings import Settings
    from index.store import IndexReader

    parent = tmp_path_factory.mktemp("reliability")
    reports, store = parent / "reports", parent / "store"
    reports.mkdir()
    for name in (PRESS, NORFOLK):
        shutil.copy(ROOT / "reports" / name, reports / name)

    first = run_build(reports, store)
    assert first.returncode == 0, first.stdout + first.stderr
    settings = Settings(reports_dir=reports, store_dir=store)
    reader = IndexReader(settings)
    before_ids = {m.report_id for m in reader.reports()}
    before_chunks = len(reader.chunks())
    reader.close()

    write_bad_files(reports)
    files_before = snapshot(parent, exclude=store)
    second = run_build(reports, store)
    files_after = snapshot(parent, exclude=store)

    (reports / "corrupt.pdf").unlink()
    third = run_build(reports, store)
    return dict(parent=parent, reports=reports, store=store, settings=settings, first=first,
                second=second, third=third, before_ids=before_ids, before_chunks=before_chunks,
                files_before=files_before, files_after=files_after)


def test_every_bad_file_gets_one_clear_line_and_exit_status_2(runs):
    result = runs["second"]
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    skipped = skipped_lines(result.stdout)
    assert set(skipped) == set(BAD_FILES), result.stdout
    for name, reason in BAD_FILES.items():
        assert skipped[name].startswith(reason), f"{name}: {skipped[name]}"
        assert "\n" not in skipped[name]
    assert f"Skipped {len(BAD_FILES)} file(s):" in result.stdout


def test_valid_reports_are_indexed_and_nothing_is_lost(runs):
    from index.store import IndexReader

    result = runs["second"]
    assert "Reports in index: 3 (1 indexed now, 2 unchanged, 0 removed)" in result.stdout, result.stdout
    assert f"  + {ODD_NAME}: Suffolk PDU, May 2024 (PDU inspection)" in result.stdout
    reader = IndexReader(runs["settings"])
    try:
        metas = {m.source_file: m for m in reader.reports()}
        # The copy is skipped; the report stays under the name it was first indexed with.
        assert set(metas) == {PRESS, NORFOLK, ODD_NAME}
        assert runs["before_ids"] <= {m.report_id for m in metas.values()}
        assert metas[NORFOLK].overall_rating == "Inadequate" and metas[NORFOLK].score == "2/21"
        chunk_reports = {c["report_id"] for c in reader.chunks()}
        assert chunk_reports == {m.report_id for m in metas.values()}
    finally:
        reader.close()


def test_nothing_written_outside_the_store(runs):
    assert runs["files_after"] == runs["files_before"]


def test_removing_a_bad_file_loses_nothing(runs):
    from index.store import IndexReader

    result = runs["third"]
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Reports in index: 3 (0 indexed now, 3 unchanged, 0 removed)" in result.stdout, result.stdout
    assert "corrupt.pdf" not in result.stdout
    reader = IndexReader(runs["settings"])
    try:
        assert len(reader.reports()) == 3
        assert {m.source_file for m in reader.reports()} == {PRESS, NORFOLK, ODD_NAME}
    finally:
        reader.close()


# ----------------------------------------------------------------- the app's upload path
@pytest.fixture()
def upload_settings(tmp_path):
    from index.settings import Settings

    folder = tmp_path / "library" / "reports"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "reports" / NORFOLK, folder / NORFOLK)
    return Settings(reports_dir=folder, store_dir=tmp_path / "library" / "store", max_upload_mb=1)


@pytest.mark.parametrize("name", ["../../evil.txt", "..\\..\\evil.txt", "/etc/passwd.txt", "a/../../b/evil.txt",
                                  "....//evil.txt", ".hidden.txt", "rapport été ..x.txt"])
def test_upload_names_never_leave_the_reports_folder(upload_settings, name):
    from index.upload import accept_upload, sanitise_filename

    safe = sanitise_filename(name)
    assert "/" not in safe and "\\" not in safe and ".." not in safe and not safe.startswith(".")
    data = (ROOT / "reports" / "suffolk-pdu-2024.txt").read_bytes()
    saved = accept_upload(name, data, upload_settings)
    folder = Path(upload_settings.reports_dir).resolve()
    assert saved.path.resolve().parent == folder
    assert saved.path.read_bytes() == data
    outside = [p for p in folder.parent.parent.rglob("*") if p.is_file() and folder not in p.resolve().parents]
    assert outside == []


def test_upload_odd_name_keeps_unicode(upload_settings):
    from index.upload import sanitise_filename

    assert sanitise_filename("rapport été ..x.txt") == "rapport été .x.txt"


def test_upload_rejects_bad_files_with_their_reason(upload_settings, tmp_path):
    from index.upload import UploadRejected, accept_upload

    bad = tmp_path / "bad"
    bad.mkdir()
    shutil.copy(ROOT / "reports" / NORFOLK, bad / NORFOLK)
    write_bad_files(bad)
    before = sorted(p.name for p in Path(upload_settings.reports_dir).iterdir())
    for name, reason in BAD_FILES.items():
        if name == "copy of norfolk.txt":
            reason = f"this report is already in the library (same content as {NORFOLK})"
        with pytest.raises(UploadRejected) as info:
            accept_upload(name, (bad / name).read_bytes(), upload_settings)
        assert info.value.reason.startswith(reason), (name, info.value.reason)
    with pytest.raises(UploadRejected, match="limit is 1 MB"):
        accept_upload("big.txt", b"x" * (2 * 1024 * 1024), upload_settings)
    with pytest.raises(UploadRejected, match="unsupported file type '.exe'"):
        accept_upload("report.exe", b"MZ" + b"\0" * 400, upload_settings)
    with pytest.raises(UploadRejected, match="unsupported file type '.html'"):
        accept_upload("report.html", b"<script>alert(1)</script>" * 20, upload_settings)
    assert sorted(p.name for p in Path(upload_settings.reports_dir).iterdir()) == before


# ----------------------------------------------------------------- a 400-page PDF
@pytest.mark.slow
def test_400_page_pdf_is_indexed(tmp_path):
    from pypdf import PdfWriter

    source = _pdf_source()
    reports = tmp_path / "reports"
    reports.mkdir()
    writer = PdfWriter()
    for i in range(400):
        writer.add_page(source.pages[i % len(source.pages)])
    with (reports / "long report.pdf").open("wb") as fh:
        writer.write(fh)
    started = time.perf_counter()
    result = run_build(reports, tmp_path / "store", timeout=1800)
    seconds = time.perf_counter() - started
    print(f"\n400-page PDF ({(reports / 'long report.pdf').stat().st_size / 1e6:.1f} MB): "
          f"indexed in {seconds:.0f} s\n{result.stdout}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  + long report.pdf: Norfolk PDU, May 2024 (PDU inspection)" in result.stdout

    from index.settings import Settings
    from index.store import IndexReader

    reader = IndexReader(Settings(reports_dir=reports, store_dir=tmp_path / "store"))
    try:
        (meta,) = reader.reports()
        assert meta.score == "2/21" and meta.overall_rating == "Inadequate"
        pages = {c["page"] for c in reader.chunks()}
        assert max(pages) > 390   # page numbers run to the end of the document
    finally:
        reader.close()
