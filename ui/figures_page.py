"""Figures page: ratings and key-question percentages across every indexed report.

Reads the figures table that `index/` extracted (`IndexReader.figures()`); it computes
nothing new, it only arranges: overall ratings as cards, standards as a colour-coded
matrix, key questions as an Altair bar chart and a table, everything downloadable as CSV.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import streamlit as st

from ui.render import RATING_COLOURS, md_text
from ui.resources import current_settings, reader

# Key-question themes for the chart; each matches the wording of the inspection frameworks.
THEMES = {
    "Keeping other people safe": r"keeping other people safe|safety of other people",
    "Supporting desistance": r"desistance|reducing reoffending",
    "Engaging the person on probation": r"engag",
    "Victims": r"victim",
}
STAGES = ("assessment", "planning", "implementation", "reviewing")
_CELL_COLOURS = {"outstanding": "#cfe2ff", "good": "#d1f0d6", "requires improvement": "#ffe3b3",
                 "inadequate": "#f8c9c4"}
_NUMBERED_STANDARD = re.compile(r"^\d+\.\d+\s")


def _stage(question: str, standard: str) -> str:
    low = question.lower()
    for stage in STAGES:
        if stage in low:
            return stage.capitalize()
    return re.sub(r"^\d+(\.\d+)*\s*", "", standard) or question[:40]


def _rating_cell(value) -> str:
    colour = _CELL_COLOURS.get(str(value).strip().lower())
    return f"background-color: {colour}" if colour else ""


st.set_page_config(layout="wide")
settings = current_settings()
view = reader(settings)
metas = {m.report_id: m for m in view.reports()}
rows = view.figures()

st.title("Figures across reports")
st.caption("Ratings, scores and key-question results as extracted from each report. "
           "Ask about any of them in the chat to see the passage they come from.")
if not rows:
    st.info("No figures yet: the library has no indexed reports with ratings or key questions.")
    st.stop()

df = pd.DataFrame(rows)
df["report"] = df["report_id"].map(lambda r: metas[r].label if r in metas else r)
df["report_kind"] = df["report_id"].map(lambda r: metas[r].kind if r in metas else "")
order = [metas[r].label for r in sorted(metas, key=lambda r: (-(metas[r].year or 0), metas[r].unit))]

# ---- overall ratings as cards
rated = [m for m in sorted(metas.values(), key=lambda m: (-(m.year or 0), m.unit)) if m.overall_rating]
if rated:
    st.subheader("Overall ratings")
    cols = st.columns(min(len(rated), 5))
    for i, meta in enumerate(rated):
        colour = RATING_COLOURS.get(meta.overall_rating.lower(), "gray")
        with cols[i % len(cols)].container(border=True):
            st.markdown(f"**{md_text(meta.unit)}**  \n:small[{md_text(meta.label.split(', ', 1)[-1])} · "
                        f"{md_text(meta.kind)}]")
            st.markdown(f"#### :{colour}[{md_text(meta.overall_rating)}]")
            st.caption(f"Score {md_text(meta.score)}" if meta.score else "No score given")

# ---- ratings per standard, one matrix per kind of inspection (they rate different standards)
ratings = df[df["kind"].isin(["overall_rating", "score", "rating"])].copy()
ratings = ratings[(ratings["kind"] != "rating") | ratings["standard"].str.match(_NUMBERED_STANDARD)]
ratings["row"] = ratings.apply(
    lambda r: {"overall_rating": "Overall rating", "score": "Score"}.get(r["kind"], r["standard"]), axis=1)
by_kind = [(kind, group) for kind, group in ratings.groupby("report_kind", sort=False)
           if (group["kind"] == "rating").any()]
if by_kind:
    st.subheader("Ratings by standard")
    for kind, group in by_kind:
        matrix = group.pivot_table(index="row", columns="report", values="value", aggfunc="first")
        first = [x for x in ("Overall rating", "Score") if x in matrix.index]
        matrix = matrix.reindex(first + sorted(set(matrix.index) - set(first)))
        matrix = matrix[[c for c in order if c in matrix.columns]].fillna("–")
        matrix.index.name = f"{kind[:1].upper()}{kind[1:]}s"
        st.dataframe(matrix.style.map(_rating_cell), width="stretch")

# ---- key questions
kq = df[df["kind"] == "key_question"].copy()
if not kq.empty:
    st.subheader("Key questions: share of inspected cases judged sufficient")
    theme = st.selectbox("Theme", list(THEMES), key="figures_theme")
    chosen = kq[kq["question"].str.contains(THEMES[theme], case=False, regex=True)].copy()
    if chosen.empty:
        st.info(f"No report in the library has key questions on “{theme.lower()}”.")
    else:
        chosen["stage"] = chosen.apply(lambda r: _stage(r["question"], r["standard"]), axis=1)
        stages = [s.capitalize() for s in STAGES]
        bars = alt.Chart(chosen).mark_bar().encode(
            x=alt.X("number:Q", title="% of cases judged sufficient", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("report:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, labelFontSize=12)),
            yOffset=alt.YOffset("stage:N", sort=stages),
            color=alt.Color("stage:N", title="Key question on", sort=stages,
                            scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="top")),
            tooltip=[alt.Tooltip("report:N", title="Report"), alt.Tooltip("question:N", title="Key question"),
                     alt.Tooltip("value:N", title="Result")],
        )
        labels = bars.mark_text(align="left", dx=3, fontSize=11).encode(
            text="value:N", color=alt.value("#333"))
        height = 26 * len(chosen) + 40
        st.altair_chart((bars + labels).properties(height=height), width="stretch")
        missing = [metas[r].label for r in metas if r not in set(chosen["report_id"])]
        if missing:
            st.caption(md_text("No key questions on this theme in: " + "; ".join(missing) + "."))

    table = kq.pivot_table(index=["standard", "question"], columns="report", values="value", aggfunc="first")
    table = table[[c for c in order if c in table.columns]].fillna("–").reset_index()
    with st.expander("All key questions (table)", expanded=False):
        st.dataframe(table, hide_index=True, width="stretch")

# ---- everything, downloadable
st.subheader("All extracted figures")
full = df[["report", "unit", "year", "report_kind", "kind", "standard", "question", "value", "number",
           "page", "quote"]].rename(columns={"kind": "figure_kind"})
st.dataframe(full, hide_index=True, width="stretch", height=320)
st.download_button("Download figures as CSV", data=full.to_csv(index=False).encode("utf-8"),
                   file_name="hmip-figures.csv", mime="text/csv", icon=":material/download:",
                   on_click="ignore")
