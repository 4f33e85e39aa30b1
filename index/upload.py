"""Accept a report uploaded through the app: check it, then place it in the reports folder.

`accept_upload()` validates an uploaded file (type, size limit, readable report text, not a
copy of a report already in the folder) on a temporary copy and only then writes it under a
sanitised name into `reports_dir`, so a rejected upload leaves the folder untouched. It does
not index anything: the caller runs `index.build.build_index` afterwards (and calls
`discard_upload()` if the build skipped the file after all).

Example (the app's upload handler, in short)::

    saved = accept_upload(uploaded.name, uploaded.getvalue(), settings)  # or UploadRejected
    summary = build_index(settings, progress=False)
    if saved.name in dict(summary.skipped):
        discard_upload(saved)
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .loaders import FOLDER_DOCS, SUPPORTED_SUFFIXES, ReportLoadError, list_report_files, load_report
from .settings import Settings

MAX_NAME_CHARS = 120
# Anything but letters, digits (any script), spaces and a few harmless marks becomes a space.
_UNSAFE = re.compile(r"[^\w\s().,&'+\u2013\u2014-]", re.UNICODE)


class UploadRejected(ValueError):
    """An upload that cannot be accepted; `reason` is one line for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class SavedUpload:
    """An accepted upload, written into the reports folder."""

    path: Path
    name: str          # path relative to the reports folder (what the index calls the file)
    sha256: str


def sanitise_filename(name: str) -> str:
    """A safe, readable file name: no folders, no `..`, no hidden files, unicode letters kept.

    >>> sanitise_filename("../../etc/Rapport d'inspection – Île.PDF")
    "Rapport d'inspection – Île.pdf"
    >>> sanitise_filename("Wessex <draft>?.txt")
    'Wessex draft.txt'
    """
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]                 # drop any folder part (either OS)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control chars
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _UNSAFE.sub(" ", stem)
    stem = re.sub(r"\.{2,}", ".", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._")
    suffix = re.sub(r"[^a-z0-9]", "", suffix.lower())
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1] or "report"
    if FOLDER_DOCS.match(stem + "."):
        stem = "report " + stem  # a README.md upload would otherwise be ignored by the build
    return f"{stem}.{suffix}" if suffix else stem


def _unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    stem, suffix = path.stem, path.suffix
    n = 2
    while path.exists():
        path = folder / f"{stem} ({n}){suffix}"
        n += 1
    return path


def _existing_copy(folder: Path, sha: str) -> str | None:
    for other in list_report_files(folder):
        try:
            digest = hashlib.sha256(other.read_bytes()).hexdigest()
        except OSError:
            continue
        if digest == sha:
            return other.relative_to(folder).as_posix()
    return None


def accept_upload(filename: str, data: bytes, settings: Settings) -> SavedUpload:
    """Validate `data` and write it into `settings.reports_dir`, or raise `UploadRejected`."""
    name = sanitise_filename(filename)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadRejected(f"unsupported file type '{suffix or 'none'}': upload a PDF, .txt or .md file")
    limit = settings.max_upload_mb * 1024 * 1024
    if len(data) > limit:
        raise UploadRejected(f"file is {len(data) / 1048576:.1f} MB; the limit is {settings.max_upload_mb} MB")
    with tempfile.TemporaryDirectory(prefix="qa-upload-") as tmp:
        probe = Path(tmp) / f"upload{suffix}"
        probe.write_bytes(data)
        try:
            load_report(probe)
        except ReportLoadError as exc:
            raise UploadRejected(exc.reason) from exc
    folder = Path(settings.reports_dir)
    folder.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256(data).hexdigest()
    copy = _existing_copy(folder, sha)
    if copy:
        raise UploadRejected(f"this report is already in the library (same content as {copy})")
    path = _unique_path(folder, name)
    path.write_bytes(data)
    return SavedUpload(path=path, name=path.relative_to(folder).as_posix(), sha256=sha)


def discard_upload(saved: SavedUpload) -> None:
    """Remove an accepted upload again (e.g. the index build skipped it)."""
    saved.path.unlink(missing_ok=True)
