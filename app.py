"""Streamlit app: a cited chat over HM Inspectorate of Probation reports.

    streamlit run app.py

Presentation only. Questions are answered by `qa.Assistant`, reports are loaded, indexed
and validated by `index/`; the pages live in `ui/`. On the very first start with no index,
the reports folder is indexed once (with a progress bar); later runs never rebuild.
"""

from __future__ import annotations

import streamlit as st

from index.store import StoreMissingError
from ui.library import render_library
from ui.render import md_text
from ui.resources import answerer_label, assistant_ready, current_settings, ensure_index, reader, start_assistant

st.set_page_config(page_title="Probation inspection assistant", page_icon=":material/gavel:",
                   layout="centered", initial_sidebar_state="expanded")

settings = current_settings()
try:
    ensure_index(settings)
    reader(settings)
except (StoreMissingError, FileNotFoundError) as exc:
    st.error(md_text(str(exc)), icon=":material/error:")
    st.stop()
# The answering engine loads in the background while the user reads the page.
start_assistant(settings)

page = st.navigation([
    st.Page("ui/chat_page.py", title="Chat", icon=":material/forum:", default=True),
    st.Page("ui/figures_page.py", title="Figures", icon=":material/bar_chart:", url_path="figures"),
])

with st.sidebar:
    ready = assistant_ready(settings)
    st.caption(f"Answers: {answerer_label(settings)}  \n"
               + ("Search engine ready" if ready else "Search engine loading (first start only)…"))
# Drawn before the page, so the library is not greyed out while a question is answered.
render_library(settings)
page.run()
