"""The sidebar filter that limits answers to chosen reports or years.

The chosen reports (or all reports of the chosen years) are passed to `Assistant.ask` as
`report_ids`; a question about anything else is answered "not in the selected reports". The
widgets keep their state under the keys below, so the chat page can read the filter before
the sidebar is drawn.
"""

from __future__ import annotations

import streamlit as st

from index.metadata import ReportMeta

YEARS_KEY = "scope_years"
REPORTS_KEY = "scope_reports"
_NAMES_KEY = "scope_report_names"
_YEARS_OF_KEY = "scope_report_years"


def _name(meta: ReportMeta) -> str:
    return f"{meta.unit} {meta.year}" if meta.year else meta.unit


def scope_suffix() -> str:
    """'(in Norfolk PDU 2024 and Suffolk 2017)', '(in 2024)' or '' when nothing is chosen."""
    names = st.session_state.get(_NAMES_KEY, {})
    chosen = [names[r] for r in st.session_state.get(REPORTS_KEY, []) if r in names]
    if not chosen:
        chosen = [str(y) for y in st.session_state.get(YEARS_KEY, [])]
    return f"(in {' and '.join(chosen)})" if chosen else ""


def scope_report_ids() -> list[str] | None:
    """Report ids the sidebar filter allows, or None when nothing is chosen."""
    ids = list(st.session_state.get(REPORTS_KEY, []))
    years = st.session_state.get(YEARS_KEY, [])
    if not ids and years:
        ids = [r for r, y in st.session_state.get(_YEARS_OF_KEY, {}).items() if y in years]
    return ids or None


def render_scope_filter(reports: list[ReportMeta]) -> None:
    """Year and report pickers (reports narrowed to the chosen years)."""
    st.session_state[_NAMES_KEY] = {m.report_id: _name(m) for m in reports}
    st.session_state[_YEARS_OF_KEY] = {m.report_id: m.year for m in reports}
    years = sorted({m.year for m in reports if m.year}, reverse=True)
    st.session_state[YEARS_KEY] = [y for y in st.session_state.get(YEARS_KEY, []) if y in years]
    chosen_years = st.multiselect("Years", years, key=YEARS_KEY, placeholder="All years")
    options = [m for m in reports if not chosen_years or m.year in chosen_years]
    labels = {m.report_id: f"{m.label} ({m.kind})" for m in options}
    st.session_state[REPORTS_KEY] = [r for r in st.session_state.get(REPORTS_KEY, []) if r in labels]
    st.multiselect("Reports", list(labels), key=REPORTS_KEY, format_func=labels.get,
                   placeholder="All reports")
    suffix = scope_suffix()
    if suffix:
        st.caption(f"Answers are limited to {suffix[4:-1]}.")
