"""Sidebar report library: what is indexed, the chat filter, and adding a report.

An upload is checked by `index.upload.accept_upload` (type, size, readable text, not a
duplicate) before anything is written; an accepted file is indexed by `index.build` with a
visible progress bar and the cached Assistant is replaced so that the report can be asked
about at once. A rejected upload shows one line and changes nothing.
"""

from __future__ import annotations

import streamlit as st

from index.metadata import ReportMeta
from index.settings import Settings
from index.upload import UploadRejected, accept_upload, discard_upload
from ui.render import md_text, rating_badge
from ui.resources import reader, reset_assistant, run_build
from ui.scope import render_scope_filter

_UPLOAD_GEN = "upload_generation"
_NOTICE = "upload_notice"


def _report_line(meta: ReportMeta) -> str:
    when = " ".join(x for x in (meta.published_month, str(meta.year or "")) if x) or "undated"
    score = f" · score {md_text(meta.score)}" if meta.score else ""
    return (f"**{md_text(meta.unit)}** {rating_badge(meta.overall_rating)}  \n"
            f":small[{md_text(meta.kind)} · {md_text(when)}{score}]")


def _handle_upload(uploaded, settings: Settings) -> None:
    """Validate, save, index; leaves a one-line outcome in session state for the next runs."""
    try:
        saved = accept_upload(uploaded.name, uploaded.getvalue(), settings)
    except UploadRejected as exc:
        st.session_state[_NOTICE] = ("error", f"{uploaded.name} was not added: {exc.reason}.")
        return
    with st.status(f"Indexing {saved.name}…", expanded=True) as status:
        bar = st.progress(0.0, text="Loading the embedding model…")
        summary = run_build(settings, bar, verb="Indexing")
        skipped = dict(summary.skipped)
        if saved.name in skipped:
            discard_upload(saved)
            status.update(label=f"{saved.name} was not added", state="error", expanded=False)
            st.session_state[_NOTICE] = ("error", f"{uploaded.name} was not added: {skipped[saved.name]}.")
            return
        added = [m for m in summary.indexed if m.source_file == saved.name]
        what = f"{added[0].label} ({added[0].kind})" if added else saved.name
        status.update(label=f"Added {what}", state="complete", expanded=False)
    reset_assistant(settings)
    st.session_state[_NOTICE] = ("success", f"Added {what}. You can ask about it now.")


def render_library(settings: Settings) -> None:
    """The sidebar: library, filter, upload (drawn before the page, so it never goes stale)."""
    sidebar = st.sidebar
    library_box = sidebar.container()
    with sidebar:
        st.subheader("Add a report")
        uploaded = st.file_uploader(
            f"PDF, .txt or .md, up to {settings.max_upload_mb} MB", type=["pdf", "txt", "md"],
            key=f"upload_{st.session_state.get(_UPLOAD_GEN, 0)}", max_upload_size=settings.max_upload_mb,
            help="The report is checked, indexed and can be asked about straight away.")
        if uploaded is not None:
            _handle_upload(uploaded, settings)
            # A new uploader key empties the widget, so the same file is not handled twice;
            # rerun at once so that the next file goes into the new, empty widget.
            st.session_state[_UPLOAD_GEN] = st.session_state.get(_UPLOAD_GEN, 0) + 1
            st.rerun()
        notice = st.session_state.get(_NOTICE)
        if notice:
            kind, text = notice
            (st.error if kind == "error" else st.success)(md_text(text))

    reports = sorted(reader(settings).reports(), key=lambda m: (-(m.year or 0), m.unit))
    with library_box:
        st.subheader(f"Report library ({len(reports)})")
        if not reports:
            st.info("No reports are indexed yet. Add one below.")
        for meta in reports:
            st.markdown(_report_line(meta))
        st.subheader("Limit answers to")
        render_scope_filter(reports)
