"""Chat page: ask questions, read cited answers, follow up, export the conversation.

The conversation lives in `st.session_state.messages`; every question goes to
`Assistant.ask(question, history, report_ids)` with the earlier turns as history, so follow-ups such as
"And in Suffolk?" are understood by `qa/`, not here.
"""

from __future__ import annotations

import streamlit as st

from index.embedding import EmbeddingModelError
from index.store import StoreMissingError
from qa.types import Answer
from ui.render import PASSAGE_CSS, conversation_markdown, md_text, render_answer
from ui.resources import current_settings, get_assistant, reader
from ui.scope import scope_report_ids, scope_suffix

EXAMPLES = (
    "How did Suffolk assess safety in 2017 vs 2024?",
    "What was Norfolk PDU's overall rating?",
    "Why was Norfolk PDU rated Inadequate?",
    "What share of Norfolk cases had assessments that focused enough on keeping others safe?",
)


def _ask_example(question: str) -> None:
    st.session_state.pending_question = question


def _clear_chat() -> None:
    st.session_state.messages = []


def _history(messages: list[dict]) -> list[dict]:
    return [{"role": m["role"], "content": m.get("asked") or m["content"]} for m in messages]


settings = current_settings()
reports = {m.report_id: m for m in reader(settings).reports()}
st.session_state.setdefault("messages", [])
messages: list[dict] = st.session_state.messages
st.markdown(PASSAGE_CSS, unsafe_allow_html=True)

st.title("Probation inspection assistant")
st.caption("Ask about the HM Inspectorate of Probation reports in the library. Figures are quoted "
           "from the reports, and every claim cites its passage.")

for m in messages:
    with st.chat_message(m["role"]):
        if m["role"] == "user":
            st.markdown(md_text(m["content"]))
        else:
            render_answer(m["answer"], reports, shown=m["shown"])

prompt = st.chat_input("Ask about ratings, figures or findings…", key="chat_prompt")
prompt = prompt or st.session_state.pop("pending_question", None)

if not messages and not prompt:
    st.markdown("##### Try one of these")
    for i, example in enumerate(EXAMPLES):
        st.button(example, key=f"example_{i}", on_click=_ask_example, args=(example,),
                  icon=":material/chat_bubble:")
    scope = scope_suffix()
    if scope:
        st.caption(f"Answers are limited to the sidebar filter: {md_text(scope[4:-1])}")

if prompt:
    prompt = prompt.strip()
    with st.chat_message("user"):
        st.markdown(md_text(prompt))
    with st.chat_message("assistant"):
        try:
            assistant = get_assistant(settings)
        except (StoreMissingError, EmbeddingModelError) as exc:
            st.error(md_text(str(exc)), icon=":material/error:")
            st.stop()
        asked = prompt
        if assistant.llm is None:
            with st.spinner("Searching the reports…"):
                answer = assistant.ask(prompt, _history(messages), report_ids=scope_report_ids())
        else:  # stream the LLM's verified lines as they arrive, then show the final answer
            result = assistant.ask_stream(prompt, _history(messages), report_ids=scope_report_ids())
            if isinstance(result, Answer):
                answer = result
            else:
                box = st.empty()
                with box.container():
                    st.write_stream(result)
                answer = result.final
                box.empty()
        render_answer(answer, reports, shown=prompt)
    messages.append({"role": "user", "content": prompt, "asked": asked})
    messages.append({"role": "assistant", "content": answer.text, "answer": answer, "shown": prompt})

if messages:
    # Below the conversation, so that the download includes the answer given in this run.
    left, right, _ = st.columns([1, 1.6, 3])
    left.button("Clear chat", icon=":material/delete:", on_click=_clear_chat, type="tertiary")
    right.download_button("Download conversation", data=conversation_markdown(messages, reports),
                          file_name="conversation.md", mime="text/markdown", icon=":material/download:",
                          on_click="ignore", type="tertiary",
                          help="The conversation with every answer's sources, as Markdown")
