"""Domain vocabulary that joins the inspection frameworks and everyday wording.

The 2017 framework speaks of "risk of harm" and "protecting the public", the 2024 one of
"keeping other people safe"; a manager says "safety" or "public protection". Each concept
lists the words that signal it in a question and the phrases that express it in reports;
`expand()` adds those phrases to a retrieval query. Standard names map questions to the
report's own standards ("assessment" -> 2.1 Assessment).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import stem, tokens

# Everyday words of a question that never name a measure, whatever their rarity in the reports.
GENERIC_VERBS = set(tokens(
    "gave give given make made take took taken have show shown seen chance able happen happened kind sort "
    "look looked looking came come get got go went find found examine examined check checked tell told say "
    "said think receive received keep kept use used turn part parts aspect aspects thing things need needed "
    "actually really percentage figure number move moved away help helped back sample samples cover covers "
    "covered deal dealt handle handled serve served total whole altogether time cut cutting",
    drop_stopwords=False))

# Everyday phrases for a concept that share no word with the reports' own ("get on with" for a
# working relationship, "an eye on" cases for management oversight): asked in these words, the
# concept's report phrasing counts when sentences are picked, and a follow-up carries the phrase.
PHRASED_CUES: dict[str, tuple[str, ...]] = {
    "relationship": ("get on with", "got on with", "get on well", "got on well", "getting on with"),
    "oversight": ("eye on",),
    "induction": ("new recruits", "settle in", "settling in", "onboarding"),
    "barriers": ("getting in the way", "got in the way", "get in the way", "stood in the way", "standing in the way",
                 "holding back", "held back", "obstacle", "obstacles"),
    # what helps someone stay away from crime, asked without the report's term
    "protective factors": ("things that protect", "things that might protect", "things that could protect",
                           "protect someone from reoffending", "protect them from reoffending",
                           "protect people from reoffending", "protect them from offending"),
}


CONCEPTS: dict[str, tuple[tuple[str, ...], str]] = {
    "safety": (
        ("safe", "safety", "safely", "risk", "harm", "protect", "protecting", "protection",
         "public protection", "dangerous", "victims safe", "others safe"),
        "keeping other people safe safety of other people risk of harm protecting the public "
        "public protection",
    ),
    "desistance": (
        ("desist", "desistance", "reoffend", "reoffending", "rehabilitat", "offending behaviour",
         "factors linked to offending", "to change", "people change", "change their", "away from offending", "away from crime",
         "drives offending", "drive offending", "driving offending", "causes of offending",
         "stop offending", "stopping offending", "turn their lives"),
        "desistance reducing reoffending supporting desistance factors linked to offending",
    ),
    "engagement": (
        ("engag", "engagement", "compliance", "comply", "involved", "involvement", "abiding", "on board",
         "stick to"),  # ("cases involving women" is no engagement)
        "engaging the person on probation compliance and engagement abiding by the sentence",
    ),
    "oversight": (
        ("oversight", "supervision of cases", "management oversight", "countersign") + PHRASED_CUES["oversight"],
        "management oversight",
    ),
    "safeguarding": (
        ("safeguard", "children", "child", "domestic abuse"),
        "safeguarding children domestic abuse",
    ),
    "staffing": (
        ("staff", "staffing", "workload", "caseloads", "recruit", "vacanc", "sickness", "attrition"),
        "staffing workloads recruitment",
    ),
    "turnover": (
        ("turnover", "leaving", "leavers", "retention", "retain", "attrition"),
        "attrition rate staff leaving",
    ),
    "protective factors": (
        ("protective factor",) + PHRASED_CUES["protective factors"],
        "protective factors strengths",
    ),
    "relationship": (
        PHRASED_CUES["relationship"] + ("rapport",),
        "relationship with their probation practitioner working relationship",
    ),
    "induction": (
        ("induction", "new starters") + PHRASED_CUES["induction"],
        "induction scheme for new starters",
    ),
    "barriers": (
        ("barrier", "barriers") + PHRASED_CUES["barriers"],
        "barriers barrier",
    ),
    "operating model": (
        ("way of working", "ways of working", "operating model", "delivery model"),
        "operating model",
    ),
    "pdu": (
        ("probation delivery unit", "pdus"),
        "PDUs probation delivery units",
    ),
    "caseload": (
        ("caseload", "how many people", "supervise", "supervising", "supervised", "bigger", "biggest",
         "larger", "largest", "smaller", "smallest", "size", "more people on probation",
         "fewer people on probation"),
        "caseload supervises people on probation",
    ),
}

def phrased_concepts(question: str) -> list[tuple[str, str]]:
    """(concept, the everyday phrase used) for each such phrase in the question."""
    low = question.lower()
    return [(name, cue) for name, cues in PHRASED_CUES.items() for cue in cues if _contains(low, cue)]

# Words that mean the same in a question and a report sentence ("talk to" / "spoke with",
# "women" / "woman"): each group's members stand for its first word when sentences are matched.
WORD_GROUPS: tuple[tuple[str, ...], ...] = (
    ("talk", "speak", "spoke", "spoken", "interview", "interviewed"),
    ("woman", "women", "female", "females"),
    ("child", "children", "kid", "kids"),
    ("man", "men", "male", "males"),
    ("council", "councils", "authority", "authorities"),
    ("comply", "complied", "complies", "complying", "compliance", "compliant"),
    ("provider", "providers", "provide", "provides", "provided", "runs", "run", "ran"),
    ("finance", "finances", "financial", "money"),
    ("leave", "leaving", "leaver", "leavers", "left"),
    ("oversee", "overseeing", "oversaw", "overseen", "oversight"),
    ("internet", "wifi", "broadband", "connectivity"),
    ("complete", "completed", "completing", "completion", "finish", "finished", "finishing"),
)

# Everyday words for the reports' words, used only to judge whether a sentence says what a
# question asks ("enough help to resettle" ~ "sufficient support for resettlement"); unlike
# WORD_GROUPS they never widen retrieval.
PARAPHRASES: tuple[tuple[str, ...], ...] = (
    # (either way: "enough help" is answered by "support ... was insufficient")
    ("enough", "sufficient", "sufficiently", "adequate", "adequately", "insufficient", "insufficiently",
     "suitable", "suitably"),
    ("seeing", "seen", "meeting", "met", "contact", "contacts"),
    ("help", "helped", "helping", "support", "supported", "supporting", "assist", "assistance"),
    ("situation", "situations", "circumstances"),
    ("housing", "housed", "accommodation", "homes"),
    ("job", "jobs", "employment", "employed", "unemployed", "unemployment", "jobless"),
    ("respond", "responded", "response", "react", "reacted"),
    ("spot", "spotted", "identify", "identified", "recognise", "recognised"),
)

# Things a follow-up names in place of the other ("What about the NPS?" after a question on the
# CRC; "And for licences?" after community orders).
COUNTERPARTS: tuple[tuple[str, ...], ...] = (
    ("CRC", "NPS"),
    ("community orders", "licences"),
    ("community order", "licence"),
    ("men", "women"),
    ("staff", "people on probation"),
    ("known adults", "children"),  # the two groups at risk the reports assess separately
    ("known adult", "child"),
)
# Counterparts a report assesses side by side, so a question may compare them within it
# ("In 2017, was the CRC or the NPS better at ...?").
COMPARED_COUNTERPARTS: tuple[tuple[str, ...], ...] = (("CRC", "NPS"), ("men", "women"))

# Standard names in the PDU and regional frameworks, with the words that point to them.
STANDARD_HINTS: dict[str, tuple[str, ...]] = {
    "leadership": ("leadership", "leaders", "governance"),
    "staffing": ("staffing", "workforce", "staff numbers", "enough staff"),
    "services": ("services", "service provision", "on offer", "can offer", "range of interventions"),
    "assessment": ("assessment", "assess", "assessed", "assessing", "assessments"),
    "planning": ("planning", "plan", "plans", "sentence plan"),
    "implementation and delivery": ("implementation", "delivery", "delivered", "delivering sentences",
                                    "implemented", "implementing", "under way", "day-to-day", "day to day"),
    "reviewing": ("reviewing", "review", "reviews", "reviewed"),
    "public protection": ("public protection", "keeping the public safe",
                          "keep the public safe"),
    "desistance": ("desistance", "stop offending", "stopping offending", "stop reoffending", "away from crime",
                   "away from offending"),
    "court work": ("court work", "pre-sentence", "court reports", "courts", "magistrates", "sentencers",
                   "advice to court"),
    "unpaid work": ("unpaid work", "community payback"),
    "resettlement": ("resettlement", "release from prison", "leaving prison", "prison release", "prison-release",
                     "released from prison", "after prison", "out of prison", "settle back", "settling back"),
    "statutory victim work": ("victim work", "victim contact", "victims", "victim liaison"),
}


# Cues matched as whole words only ("safe", not "safeguarding").
WHOLE_WORD_CUES = {"safe"}


def _contains(text: str, cue: str) -> bool:
    return re.search(r"\b" + re.escape(cue) + (r"\b" if cue in WHOLE_WORD_CUES else ""), text) is not None


# Phrases that contain a concept's cue word but name something else: "protective factors"
# (what helps someone desist) and "protected characteristics" are not public protection;
# "leaving prison" is resettlement, not staff turnover.
NOT_CONCEPTS: dict[str, tuple[str, ...]] = {
    "safety": ("protective factor", "protected characteristic") + PHRASED_CUES["protective factors"],
    "turnover": ("leaving prison", "leaving custody"),
}


# "Did people feel safe coming into the office?": their own feeling, not keeping others safe.
NOT_CONCEPT_PATTERNS: dict[str, re.Pattern] = {
    "safety": re.compile(r"\b(?:feel|feels|feeling|felt)\s+(?:as\s+|very\s+|more\s+|less\s+|un)?safe\b"),
}


def concepts_in(question: str) -> list[str]:
    """Concept names whose cues occur in the question (lower-cased matching)."""
    found = []
    for name, (cues, _) in CONCEPTS.items():
        low = question.lower()
        for phrase in NOT_CONCEPTS.get(name, ()):
            low = low.replace(phrase, " " * len(phrase))
        if name in NOT_CONCEPT_PATTERNS:
            low = NOT_CONCEPT_PATTERNS[name].sub(" ", low)
        if any(_contains(low, c) for c in cues):
            found.append(name)
    return found


# Phrases that contain a standard's cue word but are about something else.
NOT_STANDARDS = ("workforce planning", "succession planning", "business planning", "service planning",
                 "probation services officer",  # a job title, not the services standard
                 "further offence review", "sfo review", "case review", "management review", "mappa review",
                 "probation delivery unit")


def standards_in(question: str) -> list[str]:
    """Standard names the question points to, in the order the question names them."""
    low = question.lower()
    for phrase in NOT_STANDARDS:
        low = low.replace(phrase, " " * len(phrase))
    found = []
    for name, cues in STANDARD_HINTS.items():
        positions = [m.start() for c in cues for m in [re.search(r"\b" + re.escape(c), low)] if m]
        if positions:
            found.append((min(positions), name))
    return [name for _, name in sorted(found)]


def expand(question: str) -> str:
    """The question plus the report phrasing of every concept it mentions, and the other
    members of any word group it uses."""
    extra = [CONCEPTS[name][1] for name in concepts_in(question)]
    low = question.lower()
    extra += [" ".join(g) for g in WORD_GROUPS if any(re.search(rf"\b{w}\b", low) for w in g)]
    # "community payback" is what the reports call "unpaid work": the standard's own name.
    extra += [name for name in standards_in(question) if name not in low]
    return question if not extra else question + " " + " ".join(extra)


@lru_cache(maxsize=1)
def _group_of() -> dict[str, str]:
    return {stem(w): stem(group[0]) for group in WORD_GROUPS for w in group}


@lru_cache(maxsize=1)
def _paraphrase_of() -> dict[str, str]:
    return {stem(w): stem(group[0]) for group in PARAPHRASES for w in group}


def paraphrased(stems: set[str]) -> set[str]:
    """`stems` with each paraphrase-group member replaced by its group's first word."""
    groups = _paraphrase_of()
    return {groups.get(t, t) for t in stems}


def same_words(stems: set[str]) -> set[str]:
    """`stems` with each word-group member replaced by its group's first word."""
    groups = _group_of()
    return {groups.get(t, t) for t in stems}
