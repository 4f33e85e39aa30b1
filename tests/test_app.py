"""The Streamlit app, driven through `streamlit.testing.v1.AppTest` (no browser).

Every test points the app at a temp copy of the session index (`built_index` from
conftest) through QA_STORE_DIR / QA_REPORTS_DIR, so uploads never touch ./reports or
./.store. Assertions are on what a user reads: the figure, the citation, the refusal.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 240  # the first question in a process waits for the embedding model and index

NEW_REPORT = """HM Inspectorate
of Probation

An inspection of probation services in:

Wessex Vale PDU

The Probation Service – South West region

HM Inspectorate of Probation, March 2025

Acknowledgements

This inspection was led by HM Inspector Alex Marlow, supported by a team of inspectors and colleagues from across the Inspectorate.

Foreword

This was the first inspection of Wessex Vale Probation Delivery Unit (PDU). We found committed leaders and a stable workforce. As a result, the PDU was rated 'Good' overall.

Ratings

Wessex Vale PDU

Fieldwork started: 13 January 2025

Score **15/21**

Overall rating

Good

1. Organisational arrangements and activity

P 1.1 Leadership

Good

P 1.2 Staffing

Good

P 1.3 Services

Requires improvement

2. Service delivery

P 2.1 Assessment

Good

P 2.2 Planning

Good

P 2.3 Implementation and delivery

Requires improvement

P 2.4 Reviewing

Good

Background

We conducted fieldwork in Wessex Vale PDU over the period of two weeks, beginning 13 January 2025. We inspected 40 community orders and 12 releases on licence from custody. The PDU supervises 1,210 people, of which 700 are subject to Community Orders and 310 are on licence from prison.

2. Service delivery

P 2.1. Assessment

Assessment is well-informed, analytical and personalised, involving actively the person on probation.

Good

Our rating for assessment is based on the percentage of cases we inspected being judged satisfactory against three key questions and is driven by the lowest score:

Key question\tPercentage 'Yes'
Does assessment focus sufficiently on engaging the person on probation?\t81%
Does assessment focus sufficiently on the factors linked to offending and desistance?\t77%
Does assessment focus sufficiently on keeping other people safe?\t72%

- Most assessments drew on police domestic abuse intelligence and children's social care information, so practitioners understood the risks people on probation posed to others.
- Practitioners analysed people's strengths and protective factors well in most of the cases we inspected.
"""


def _copy_index(settings, dest: Path) -> tuple[Path, Path]:
    store, reports = dest / "store", dest / "reports"
    shutil.copytree(settings.store_dir, store)
    shutil.copytree(settings.reports_dir, reports)
    return store, reports


@pytest.fixture(scope="module")
def shared_copy(built_index, tmp_path_factory):
    """One copy of the session index for the read-only tests of this module."""
    return _copy_index(built_index, tmp_path_factory.mktemp("app-index"))


def _point_app_at(monkeypatch, store: Path, reports: Path) -> None:
    from index.settings import get_settings

    monkeypatch.setenv("QA_STORE_DIR", str(store))
    monkeypatch.setenv("QA_REPORTS_DIR", str(reports))
    get_settings.cache_clear()


@pytest.fixture
def app(shared_copy, monkeypatch):
    _point_app_at(monkeypatch, *shared_copy)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    return at


def _ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def plain(markdown: str) -> str:
    """What a reader sees of escaped Markdown text (the app escapes report text)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _turn_text(at: AppTest, index: int) -> str:
    """All Markdown, captions, alerts and expander labels of one chat message, unescaped."""
    message = at.chat_message[index]
    parts = [m.value for m in message.markdown] + [c.value for c in message.caption]
    parts += [w.value for w in message.warning] + [e.label for e in message.expander]
    return plain("\n".join(parts))


def test_empty_screen_offers_library_examples_and_answerer(app):
    labels = [b.label for b in app.button]
    assert "How did Suffolk assess safety in 2017 vs 2024?" in labels
    assert "What was Norfolk PDU's overall rating?" in labels
    sidebar = plain("\n".join(m.value for m in app.sidebar.markdown))
    for unit in ("Norfolk PDU", "Suffolk PDU", "East of England region"):
        assert unit in sidebar
    assert ":red-badge[Inadequate]" in sidebar  # Norfolk's overall rating
    assert "score 2/21" in sidebar
    assert any("Answers: extractive (no LLM)" in c.value for c in app.sidebar.caption)


def test_figure_question_then_follow_up(app):
    _ask(app, "What share of Norfolk cases had assessments that focused enough on keeping others safe?")
    assert app.chat_message[0].name == "user"
    answer = _turn_text(app, 1)
    assert "39%" in answer
    assert "[1]" in answer
    assert "An inspection of probation services in Norfolk PDU" in answer  # the source's title
    assert "[1] Norfolk PDU · 2024 · 2.1 Assessment" in answer            # its expander label
    passages = [m.value for m in app.chat_message[1].markdown if "qa-passage" in m.value]
    assert any("<mark>" in p and "39%" in p for p in passages)

    _ask(app, "And in Suffolk?")
    follow_up = _turn_text(app, 3)
    assert "45%" in follow_up
    assert "[1]" in follow_up
    assert "Understood as:" in follow_up and "Suffolk" in follow_up
    assert "39%" not in app.chat_message[3].markdown[0].value

    assert [b.label for b in app.get("download_button")] == ["Download conversation"]


def test_refusal_is_a_warning_that_names_the_place_and_the_coverage(app):
    _ask(app, "What was Kent PDU's overall rating?")
    warnings = app.chat_message[1].warning
    assert len(warnings) == 1
    text = plain(warnings[0].value)
    assert "Kent" in text
    assert "Norfolk PDU" in text  # says what the corpus does cover
    assert not app.chat_message[1].expander  # no sources under a refusal


def test_example_button_asks_the_question(app):
    next(b for b in app.button if b.label == "What was Norfolk PDU's overall rating?").click().run()
    assert not app.exception
    answer = _turn_text(app, 1)
    assert "Inadequate" in answer and "2/21" in answer and "[1]" in answer


def test_clear_chat_empties_the_conversation(app):
    _ask(app, "What was Norfolk PDU's overall rating?")
    assert len(app.chat_message) == 2
    next(b for b in app.button if b.label == "Clear chat").click().run()
    assert not app.exception
    assert len(app.chat_message) == 0
    assert any(b.label.startswith("How did Suffolk") for b in app.button)


def test_report_filter_scopes_the_question(app):
    names = app.session_state["scope_report_names"]  # report id -> "Norfolk PDU 2024"
    norfolk = next(rid for rid, name in names.items() if name == "Norfolk PDU 2024")
    app.multiselect(key="scope_reports").select(norfolk).run()
    assert not app.exception
    _ask(app, "What was the overall rating?")
    answer = _turn_text(app, 1)
    assert "Norfolk PDU (May 2024) was rated Inadequate overall **[1]**, with a score of 2/21 **[2]**." in answer
    _ask(app, "What was Suffolk PDU's overall rating?")
    outside = _turn_text(app, 3)
    assert "outside the reports selected in the filter" in outside and "4/21" not in outside


def test_figures_page_shows_tables_and_csv(app):
    app.switch_page("ui/figures_page.py").run()
    assert not app.exception
    frames = [d.value for d in app.dataframe]
    pdu = next(f for f in frames if "Norfolk PDU, May 2024" in f.columns)
    assert pdu.loc["Overall rating", "Norfolk PDU, May 2024"] == "Inadequate"
    assert pdu.loc["Score", "Suffolk PDU, May 2024"] == "4/21"
    assert pdu.loc["2.1 Assessment", "Suffolk PDU, May 2024"] == "Inadequate"
    region = next(f for f in frames if "East of England region, August 2024" in f.columns)
    assert region.loc["2.6 Statutory victim work", "East of England region, August 2024"] == "Outstanding"
    everything = frames[-1]
    row = everything[(everything["unit"] == "Norfolk PDU")
                     & (everything["question"] == "Does assessment focus sufficiently on keeping other people safe?")]
    assert list(row["value"]) == ["39%"]
    assert [b.label for b in app.get("download_button")][-1] == "Download figures as CSV"
    assert any(m.value == "#### :red[Inadequate]" for m in app.main.markdown)  # Norfolk's card


def test_conversation_markdown_carries_citations(app):
    from ui.render import conversation_markdown

    _ask(app, "What was Norfolk PDU's overall rating?")
    reports = {}
    md = conversation_markdown(app.session_state["messages"], reports)
    assert "## 1. What was Norfolk PDU's overall rating?" in md
    assert "Inadequate" in md and "[1]" in md
    assert "1. An inspection of probation services in Norfolk PDU" in md
    assert "> " in md  # the quoted span


def test_upload_new_report_is_indexed_and_answerable(built_index, tmp_path, monkeypatch):
    store, reports = _copy_index(built_index, tmp_path)
    _point_app_at(monkeypatch, store, reports)
    before = sorted(p.name for p in reports.iterdir())
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception

    # Rejected: a .txt with too little text (other reasons: see the accept_upload tests).
    at.sidebar.file_uploader[0].set_value(("../../tiny.txt", b"Too short to be a report.", "text/plain"))
    at.run()
    assert not at.exception
    assert plain(at.sidebar.error[0].value) == "../../tiny.txt was not added: too little text."
    assert sorted(p.name for p in reports.iterdir()) == before

    # Accepted: saved under a sanitised name, indexed with progress, listed and answerable.
    at.sidebar.file_uploader[0].set_value(
        ("../Wessex Vale <inspection>.txt", NEW_REPORT.encode("utf-8"), "text/plain"))
    at.run()
    assert not at.exception
    assert "Added Wessex Vale PDU, March 2025" in plain(at.sidebar.success[0].value)
    assert any(s.value.startswith("Report library (6)") for s in at.sidebar.subheader)
    saved = sorted(set(p.name for p in reports.iterdir()) - set(before))
    assert saved == ["Wessex Vale inspection.txt"]
    assert any("Wessex Vale PDU" in plain(m.value) for m in at.sidebar.markdown)

    _ask(at, "What was Wessex Vale PDU's overall rating?")
    answer = _turn_text(at, 1)
    assert "Good" in answer and "15/21" in answer and "[1]" in answer
    assert "An inspection of probation services in Wessex Vale PDU" in answer

    # The same file again is a duplicate: refused, folder unchanged.
    at.sidebar.file_uploader[0].set_value(("copy.txt", NEW_REPORT.encode("utf-8"), "text/plain"))
    at.run()
    assert "already in the library" in plain(at.sidebar.error[0].value)
    assert len(list(reports.iterdir())) == len(before) + 1


def test_first_start_without_index_builds_once(tmp_path, monkeypatch):
    store, reports = tmp_path / "store", tmp_path / "reports"
    reports.mkdir()
    (reports / "wessex.txt").write_text(NEW_REPORT, encoding="utf-8")
    _point_app_at(monkeypatch, store, reports)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("Index ready: 1 report" in p.text for p in at.get("progress"))
    assert any("Wessex Vale PDU" in plain(m.value) for m in at.sidebar.markdown)

    at.run()  # a rerun finds the index: no build, no progress bar
    assert not at.exception
    assert not at.get("progress")
    _ask(at, "What was Wessex Vale PDU's overall rating?")
    assert "15/21" in _turn_text(at, 1)


# ---- the upload checks behind the sidebar (index/upload.py)

def test_sanitise_filename_keeps_letters_and_drops_paths():
    from index.upload import sanitise_filename

    assert sanitise_filename("../../etc/passwd.txt") == "passwd.txt"
    assert sanitise_filename("C:\\Users\\x\\Rapport – Île-de-France.PDF") == "Rapport – Île-de-France.pdf"
    assert sanitise_filename("..") == "report"
    assert sanitise_filename(".hidden.md") == "hidden.md"
    assert sanitise_filename("a..b<script>.txt") == "a.b script.txt"
    assert sanitise_filename("README.md") == "report README.md"  # the build ignores README files


@pytest.mark.parametrize("name, data, reason", [
    ("notes.docx", b"PK\x03\x04 not a report", "unsupported file type '.docx'"),
    ("scan.pdf", b"%PDF-1.4 broken", "not a readable PDF"),
    ("fake.pdf", b"hello, I am not a PDF at all" * 20, "not a PDF"),
    ("empty.txt", b"", "empty file"),
    ("short.md", b"# Title\n\nToo short.", "too little text"),
])
def test_accept_upload_rejects_with_one_line_and_writes_nothing(tmp_path, name, data, reason):
    from index.settings import Settings
    from index.upload import UploadRejected, accept_upload

    settings = Settings(store_dir=tmp_path / "store", reports_dir=tmp_path / "reports")
    with pytest.raises(UploadRejected) as err:
        accept_upload(name, data, settings)
    assert reason in err.value.reason and "\n" not in err.value.reason
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def test_accept_upload_size_limit_and_duplicates(tmp_path):
    from index.settings import Settings
    from index.upload import UploadRejected, accept_upload

    settings = Settings(store_dir=tmp_path / "store", reports_dir=tmp_path / "reports", max_upload_mb=1)
    with pytest.raises(UploadRejected, match="the limit is 1 MB"):
        accept_upload("big.txt", b"x" * (1024 * 1024 + 1), settings)
    saved = accept_upload("wessex.txt", NEW_REPORT.encode(), settings)
    assert saved.path == tmp_path / "reports" / "wessex.txt" and saved.name == "wessex.txt"
    with pytest.raises(UploadRejected, match="same content as wessex.txt"):
        accept_upload("again.txt", NEW_REPORT.encode(), settings)
    other = accept_upload("wessex.txt", NEW_REPORT.replace("Good", "Outstanding").encode(), settings)
    assert other.name == "wessex (2).txt"  # never overwrites an existing report
