"""How answers, sources and reports look: safe Markdown/HTML and the conversation export.

Report text and file names come from documents users can upload, so they are always shown
as text: Markdown special characters are backslash-escaped, and the one place that uses HTML
(the highlighted passage) `html.escape`s every piece of report text before adding its own
`<mark>`. Nothing here changes what an answer says; it only lays it out.
"""

from __future__ import annotations

import re
from datetime import datetime

import streamlit as st

from index.metadata import ReportMeta
from qa.types import Answer, Citation

# Every ASCII character that Markdown (or Streamlit's extensions: :color[...], $math$,
# :emoji:) could read as syntax. CommonMark lets any ASCII punctuation be escaped.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:=^&\"'])")
_ESCAPED_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")
_MARKER = re.compile(r"\[(\d{1,3})\]")

RATING_COLOURS = {
    "outstanding": "blue",
    "good": "green",
    "requires improvement": "orange",
    "inadequate": "red",
}


def md_text(text: str) -> str:
    """`text` escaped so that Markdown shows it literally."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def md_answer(text: str) -> str:
    """An answer's text as Markdown: literal text, its bullet lines kept, `[n]` markers bold."""
    out = []
    for line in (text or "").split("\n"):
        bullet = line.startswith("- ")
        body = md_text(line[2:] if bullet else line)
        body = _ESCAPED_MARKER.sub(r"**[\1]**", body)
        out.append(("- " if bullet else "") + body)
    return "\n".join(out)


def rating_badge(rating: str | None) -> str:
    if not rating:
        return ":gray-badge[no overall rating]"
    colour = RATING_COLOURS.get(rating.strip().lower(), "gray")
    return f":{colour}-badge[{md_text(rating)}]"


def _quote_span(passage: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` sits in `passage`, tolerating differences in whitespace."""
    if not quote:
        return None
    at = passage.find(quote)
    if at >= 0:
        return at, at + len(quote)
    words = quote.split()
    if not words:
        return None
    m = re.search(r"\s+".join(re.escape(w) for w in words), passage)
    return (m.start(), m.end()) if m else None


# html.escape's characters, then every character Markdown could still act on, as entities;
# one translate() pass, so no entity is ever escaped twice.
_HTML_TEXT = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "$": "&#36;", "[": "&#91;", "]": "&#93;",
    ":": "&#58;", "~": "&#126;", "\\": "&#92;", "#": "&#35;",
    "\t": " &emsp; ", "\n": "<br>",
})


def _html_text(text: str) -> str:
    """Report text as inert HTML: escaped, line breaks kept, nothing Markdown could parse."""
    return text.translate(_HTML_TEXT)


def highlighted_passage(passage: str, quote: str) -> str:
    """The passage as an HTML block with the quoted span in `<mark>` (all text escaped)."""
    span = _quote_span(passage, quote)
    if span is None:
        body = _html_text(passage)
        if quote and quote not in passage:
            body = f"<mark>{_html_text(quote)}</mark><br><br>" + body
    else:
        start, end = span
        body = (_html_text(passage[:start]) + "<mark>" + _html_text(passage[start:end]) + "</mark>"
                + _html_text(passage[end:]))
    return f'<div class="qa-passage">{body}</div>'


PASSAGE_CSS = """
<style>
.qa-passage { font-size: 0.9rem; line-height: 1.5; padding: 0.6rem 0.8rem;
  border-left: 3px solid #5b2c83; background: rgba(91, 44, 131, 0.05); border-radius: 4px; }
.qa-passage mark { background: #ffe58a; color: inherit; padding: 0 2px; border-radius: 2px; }
</style>
"""


def where(c: Citation) -> str:
    """'2024 · 2.1 Assessment · p. 7' (page only when the source is a PDF)."""
    parts = [str(c.year) if c.year else "undated", c.section or "no section"]
    if c.page:
        parts.append(f"p. {c.page}")
    return " · ".join(parts)


def source_label(c: Citation) -> str:
    return f"[{c.n}] {c.unit} · {where(c)}"


def render_sources(citations: list[Citation], reports: dict[str, ReportMeta]) -> None:
    """One expander per citation: report, year, section, page and the highlighted passage."""
    if not citations:
        return
    st.caption(f"Sources ({len(citations)})")
    for c in citations:
        with st.expander(md_text(source_label(c)), icon=":material/description:"):
            st.markdown(f"**{md_text(c.title)}**")
            meta = reports.get(c.report)
            facts = [f"Year: {c.year or 'not stated'}", f"Section: {c.section or 'not stated'}",
                     f"Page: {c.page}" if c.page else "Page: not paginated (text file)"]
            if meta:
                facts.append(f"File: {meta.source_file}")
            st.caption(md_text(" · ".join(facts)))
            st.markdown(highlighted_passage(c.passage or c.quote, c.quote), unsafe_allow_html=True)


def render_answer(answer: Answer, reports: dict[str, ReportMeta], shown: str | None = None) -> None:
    """An assistant turn: refusal box or answer with markers, discreet notes, then sources.

    `shown` is the question as the user typed it; when the app added a scope to it, or `qa`
    rewrote a follow-up, the question actually answered is shown in a caption.
    """
    if answer.rewritten_question:
        st.caption(f"Understood as: {md_text(answer.rewritten_question)}")
    elif shown is not None and shown != answer.question:
        st.caption(f"Asked as: {md_text(answer.question)}")
    if answer.refused:
        st.warning(md_answer(answer.text), icon=":material/search_off:", title="Not in these reports")
        return
    st.markdown(md_answer(answer.text))
    render_sources(answer.citations, reports)
    note = f"{answer.answerer} answer · {answer.latency_ms / 1000:.2f} s"
    if answer.verification_changed:
        note += " · lines the cited passages did not support were removed"
    st.caption(note)


def conversation_markdown(messages: list[dict], reports: dict[str, ReportMeta]) -> str:
    """The whole conversation with every answer's citations, as a Markdown document."""
    lines = ["# Conversation with the probation inspection assistant", "",
             f"Exported {datetime.now():%d %B %Y, %H:%M}. Figures are quoted from HM Inspectorate "
             "of Probation reports; each [n] refers to the sources listed under its answer.", ""]
    turn = 0
    for m in messages:
        if m["role"] == "user":
            turn += 1
            lines += [f"## {turn}. {m['content']}", ""]
            if m.get("asked") and m["asked"] != m["content"]:
                lines += [f"_Asked as: {m['asked']}_", ""]
            continue
        answer: Answer | None = m.get("answer")
        if answer is None:
            lines += [m["content"], ""]
            continue
        if answer.rewritten_question:
            lines += [f"_Understood as: {answer.rewritten_question}_", ""]
        if answer.refused:
            lines += ["**Not in the indexed reports.**", ""]
        lines += [answer.text, ""]
        if answer.citations:
            lines += ["Sources:", ""]
            for c in answer.citations:
                meta = reports.get(c.report)
                file_part = f", file {meta.source_file}" if meta else ""
                lines.append(f"{c.n}. {c.title} ({where(c)}{file_part})")
                lines.extend(f"   > {q}" for q in c.quote.splitlines() if q.strip())
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
