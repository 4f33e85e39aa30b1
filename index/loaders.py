"""Read a report file (PDF, .txt, .md) into clean text with page numbers.

Markup left over from extraction (`**bold**`, `<b>`, `<sup>`, `#` headings, `[text](link)`,
horizontal rules) is removed so that the text we quote is what a reader sees. PDFs keep one
page number per character span. This module does not interpret the text: see `metadata`,
`chunking` and `figures` for that.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")
# Files that document the folder itself rather than being reports.
FOLDER_DOCS = re.compile(r"^(readme|licen[cs]e|notice)(\.|$)", re.IGNORECASE)
MIN_TEXT_CHARS = 200


class ReportLoadError(Exception):
    """A file that cannot be read as a report; `reason` is one line for the user."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class LoadedDocument:
    """A report's clean text; `page_starts[i]` is the offset where page i+1 begins (PDF only)."""

    path: Path
    text: str
    page_starts: list[int] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """Page number (1-based) holding the character at `offset`, or None for text files."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, offset)

    @property
    def page_count(self) -> int | None:
        return len(self.page_starts) or None


_SUP_DIGITS = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>", re.IGNORECASE)
_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_TAG = re.compile(r"</?(?:b|i|u|em|strong|span|sup|sub|br|p|div)\b[^>]*>", re.IGNORECASE)
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_HEADING_HASHES = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_BOLD_STARS_LEFT = re.compile(r"\*{2,}")


def clean_markup(text: str) -> str:
    """Remove markdown/HTML markup and normalise whitespace, keeping tabs and line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    # A footnote mark stays a mark ("rating¹", as printed), not a digit glued to the word.
    text = _SUP_DIGITS.sub(lambda m: m.group(1).translate(_SUPERSCRIPT_DIGITS), text)
    text = _TAG.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _BOLD_STARS_LEFT.sub("", text)
    text = _HEADING_HASHES.sub("", text)
    text = _RULE.sub("", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = html.unescape(text)
    lines = [line.rstrip() for line in text.split("\n")]
    # Lines of only spaces become empty; runs of empty lines shrink to one.
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def _load_text(path: Path) -> LoadedDocument:
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise ReportLoadError(path, "binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return LoadedDocument(path=path, text=clean_markup(text))


_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_ENDS_PARAGRAPH = tuple(".!?:;%\"”’)")
_HEADING_LIKE = re.compile(r"^(?:[PR]\s?)?\d{1,2}(?:\.\d{1,2})?\.?\s+[A-Z]|^(?:Strengths|Areas for improvement):?$")
_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰"
# A footnote at the foot of a page starts with its superscript marker.
_FOOTNOTE_START = re.compile(rf"^[{_SUPERSCRIPT}]+\s")
# A contents entry: title, dot leaders, page number.
_TOC_ENTRY = re.compile(r"\.{2,}\s*\d{1,3}$")
# A contents line without dot leaders: a title (no sentence punctuation), then a page number.
_TOC_LIKE = re.compile(r"^(?:\d{1,2}\.\s)?[A-Z][^.,;()]*\s\d{1,3}$")
WRAP_MIN_CHARS = 50


def _wrapped(last_line: str, line: str) -> bool:
    """Whether `line` continues `last_line` (a hard wrap inside one paragraph)."""
    if len(last_line) < WRAP_MIN_CHARS or last_line.endswith(_ENDS_PARAGRAPH):
        return False
    if _HEADING_LIKE.match(line) or _FOOTNOTE_START.match(line):
        return False
    # A table cell ending in a footnote marker ("... England and Wales ¹") ends its row.
    if last_line[-1] in _SUPERSCRIPT:
        return False
    # Contents lines ("Title..... 10", "Title 12") are rows, not wrapped prose.
    if _TOC_ENTRY.search(last_line) or _TOC_ENTRY.search(line):
        return False
    if _TOC_LIKE.match(last_line) and _TOC_LIKE.match(line):
        return False
    return True


def reflow_pdf_text(text: str) -> str:
    """Rebuild paragraphs from a PDF page's hard-wrapped lines.

    PDF extraction gives one line per printed line and no blank lines. A line joins the one
    before it when that one is long (so it wrapped) and does not end a sentence, a table
    row, a contents entry or start a footnote; every paragraph is then separated by a blank
    line, as in the text versions of the reports.
    """
    text = text.translate(_LIGATURES)
    paragraphs: list[str] = []
    last_line = ""
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if paragraphs and _wrapped(last_line, line):
            prev = paragraphs[-1]
            joiner = "" if prev.endswith("-") and line[:1].islower() else " "
            paragraphs[-1] = prev + joiner + line
        else:
            paragraphs.append(line)
        last_line = line
    return "\n\n".join(paragraphs)


def _load_pdf(path: Path) -> LoadedDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise ReportLoadError(path, "encrypted PDF (needs a password)")
            except ReportLoadError:
                raise
            except Exception as exc:  # pypdf raises several types for unsupported crypto
                raise ReportLoadError(path, f"encrypted PDF that cannot be opened ({exc})") from exc
        pages = [clean_markup(page.extract_text() or "").translate(_LIGATURES) for page in reader.pages]
    except ReportLoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReportLoadError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    starts: list[int] = []
    text, last_line = "", ""
    for raw in pages:
        page_text = reflow_pdf_text(raw).strip()
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        if text and page_text:
            # A sentence running over the page break stays one paragraph.
            carries_on = bool(lines) and lines[0][:1].islower() and _wrapped(last_line, lines[0])
            text += " " if carries_on else "\n\n"
        starts.append(len(text))
        text += page_text
        if lines:
            last_line = lines[-1]
    return LoadedDocument(path=path, text=text + "\n", page_starts=starts)


def load_report(path: Path) -> LoadedDocument:
    """Load one report file, raising `ReportLoadError` with a one-line reason on failure."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReportLoadError(path, f"unsupported file type '{suffix or 'none'}' (use PDF, .txt or .md)")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReportLoadError(path, f"cannot read file ({exc.strerror})") from exc
    if size == 0:
        raise ReportLoadError(path, "empty file (0 bytes)")
    if suffix == ".pdf":
        with path.open("rb") as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF"):
                raise ReportLoadError(path, "not a PDF (file content does not start with %PDF)")
        doc = _load_pdf(path)
    else:
        doc = _load_text(path)
    if len(doc.text.strip()) < MIN_TEXT_CHARS:
        what = "no extractable text (image-only PDF?)" if suffix == ".pdf" else "too little text"
        raise ReportLoadError(path, what)
    return doc


def list_report_files(folder: Path) -> list[Path]:
    """Report candidates in `folder` (recursively), sorted; hidden files and folder docs skipped."""
    files = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if FOLDER_DOCS.match(path.name):
            continue
        files.append(path)
    return files
