"""Turn a follow-up ("And in Suffolk?", "What about planning?", "What about 2017?") into a
standalone question, using the conversation so far.

The previous standalone question is the base; places, years and standards named in the
follow-up replace those of the base, and scope the follow-up lacks is carried over. A
question that already names its own scope and topic is left alone.
"""

from __future__ import annotations

import re

from .catalog import Catalog, place_title
from .text import STOPWORDS, YEAR, content_terms, tokens
from .vocabulary import COUNTERPARTS, STANDARD_HINTS, phrased_concepts, standards_in

_FOLLOWUP_START = re.compile(
    r"^\s*(and|so|also|then|what about|how about|what of|same for|and what|and how|and in|and for|how many of those|"
    r"which of (?:those|these|them)|which one|what percentage was that|how many cases is that|is that|was that|"
    r"which (?:\w+ ){0,2}(?:was|were|is|are|had|did) (?:the )?(?:lowest|highest|worst|best|weakest|strongest))\b",
    re.IGNORECASE,
)
# "Why?", "Why is that?", "How come?": the reasons behind the previous answer.
_WHY_ALONE = re.compile(r"^\s*(?:and |so |but )?(?:why(?: not| (?:is|was|were|are) (?:that|this|it|they|so))?|how come)"
                        r"\s*\??\s*$",
                        re.IGNORECASE)
# "Is that more than Suffolk?": the new place is set against the previous one.
_CONTRAST = re.compile(r"\b(?:more|less|fewer|higher|lower|better|worse|bigger|smaller|than|compare[sd]?|versus|vs)\b",
                       re.IGNORECASE)
# "Which PDU ...?", "across the reports": a question about every report, not the conversation's one.
_ACROSS = re.compile(r"\bwhich (?:pdu|region|report|unit|area|inspection)s?\b|\bacross\b|\bevery\b|\beach\b|"
                     r"\ball (?:the )?(?:reports|pdus|inspections)\b|\bany (?:report|pdu|inspection)\b", re.IGNORECASE)
_RANKS = re.compile(r"\b(?:best|worst|highest|lowest|strongest|weakest|in order|rank)\b", re.IGNORECASE)
_REGION = re.compile(r"\bregion(?:al)?\b", re.IGNORECASE)
# Everyday words that carry no topic of their own ("And how high did they actually go?").
_GENERIC = set(tokens("actually really go went get got do did done make made keep kept up down much many "
                      "enough often high low main thing things way see saw biggest "  # ("the main thing in the way")
                      "fall fell short well badly wrong"))  # ("Which needs did it fall short on?")
# "Which key question scored lowest?": about the standard the conversation is on.
_ABOUT_A_STANDARD = re.compile(r"\bkey questions?\b|\b(?:lowest|highest|weakest|strongest)\b|\brat(?:ed|ing)\b|\bscor",
                               re.IGNORECASE)
_GOES_ON = re.compile(r"^\s*(?:and|so|also|then|plus)\b", re.IGNORECASE)
# Question words that say nothing about a topic.
_TOPIC_FILLER = {"inspection", "inspectors", "report", "pdu", "tell", "give", "know", "find", "found", "say", "said",
                 "time", "back",  # "at the time of", "back in 2017"
                 # how the previous answer was measured, not what it was about
                 "rated", "rating", "ratings", "grade", "graded", "grades", "score", "scores", "scored",
                 # ("What was the new scheme called?" was about the scheme)
                 "called", "named", "name", "judge", "judged"}
# "they" doing what inspectors do ("did they look at", "did they speak to"): the inspectors.
_INSPECTORS_THEY = re.compile(r"\b(?:did|do|have|had) they (?:look|inspect|review|speak|spoke|talk|interview|visit|"
                              r"survey|sample|check|examine)\w*\b", re.IGNORECASE)
# "Which accredited programmes was the CRC running?": the things a question asks to be named.
_ASKED_THINGS = re.compile(r"^\s*(?:which|what)\s+((?:[\w-]+\s+){0,2}[\w-]+s)\s+(?:was|were|is|are|did|do|does|had|has|have)\b",
                           re.IGNORECASE)
# What "those" can stand for in the previous question.
_COUNTABLE = ("key questions", "standards", "recommendations", "ratings", "scores")  # most specific first
_PRONOUN = re.compile(r"\b(there|those|these|that|it|its|they|them|their|he|she|his|her|this one|the same)\b",
                      re.IGNORECASE)


def _user_turns(history: list[dict] | None) -> list[str]:
    return [t.get("content", "") for t in (history or []) if t.get("role") == "user" and t.get("content")]


def is_followup(question: str, catalog: Catalog) -> bool:
    """Elliptical or pronoun-led questions that need the conversation to be understood."""
    if _FOLLOWUP_START.search(question):
        return True
    names_scope = bool(catalog.places_in(question) or catalog.unknown_places_in(question)
                       or catalog.unknown_units_in(question) or YEAR.search(question))
    terms = content_terms(question, extra_ignore=set(catalog.all_places))
    if re.search(r"\b(?:the|that|this) [\w'-]+ one\b|\b(?:that|this) one\b", question, re.IGNORECASE):
        return True  # "Is the Ipswich one any good?": one of the things just talked about
    if names_scope and not _PRONOUN.search(question):
        return False  # "What was Norfolk PDU's overall rating?" stands on its own
    if not names_scope and not _ACROSS.search(question) and not _REGION.search(question):
        return True  # "What were the main problems?": in a conversation, about what it was about
    # "Did they feel safe coming into the office?": a pronoun and no scope of its own.
    return len(terms) <= 1 or bool(_PRONOUN.search(question)) and (len(terms) <= 3 or not names_scope)


def _replace_places(base: str, old: list[str], new: list[str]) -> str:
    if not old:
        return base
    out = base
    first = True
    for place in old:
        pattern = re.compile(r"\b" + re.escape(place) + r"\b", re.IGNORECASE)
        if first:
            out = pattern.sub(" and ".join(p if p.startswith("the ") else place_title(p) for p in new), out, count=1)
            first = False
        else:
            out = pattern.sub("", out)
    return re.sub(r"\s{2,}", " ", out)


def _replace_standard(base: str, new_std: str) -> str:
    for old_std in standards_in(base):
        for cue in sorted(STANDARD_HINTS[old_std], key=len, reverse=True):
            pattern = re.compile(r"\b" + re.escape(cue) + r"\w*", re.IGNORECASE)
            if pattern.search(base):
                return pattern.sub(new_std, base, count=1)
    return re.sub(r"\?\s*$", "", base) + f" ({new_std})?"


def _swap_counterpart(base: str, question: str) -> str:
    """`base` with the counterpart the follow-up names put in place of the one it named
    ("What about the NPS?": CRC -> NPS); `base` unchanged if there is none."""
    for group in COUNTERPARTS:
        named = [w for w in group if re.search(rf"\b{re.escape(w)}\b", question, re.IGNORECASE)]
        had = [w for w in group if re.search(rf"\b{re.escape(w)}\b", _strip_parens(base), re.IGNORECASE)]
        if len(named) == 1 and had and named[0] not in had:
            return re.sub(rf"\b{re.escape(had[0])}\b", named[0], _strip_parens(base), flags=re.IGNORECASE)
    return base


def _strip_parens(text: str) -> str:
    """`text` without the "(...)" a previous rewrite added."""
    return re.sub(r"\s*\([^()]*\)", "", text).strip()


def topic_words(base: str, places: list[str], years: list[str]) -> str:
    """What a previous question was about, in its own words: its content words without the
    question words, places and years ("In the 2017 Suffolk inspection, what caseloads was the
    CRC aiming for?" -> "caseloads CRC aiming")."""
    drop = {p.lower() for place in places for p in place.split()} | set(years) | _TOPIC_FILLER
    # ("the CRC's work": the CRC; "Norfolk's": a place, dropped)
    words = [w for w in (re.sub(r"['’]s$", "", w) for w in re.findall(r"[A-Za-z0-9][\w'’-]*", _strip_parens(base)))
             if w.lower() not in STOPWORDS and w.lower() not in drop]
    # ("get on with", all stopwords, is what "Did people get on with their workers?" asked)
    phrased = [cue for _, cue in phrased_concepts(_strip_parens(base))][:1]
    return " ".join(phrased + words) if len(words) >= 2 else ""


def _scope_words(places: list[str], years: list[str]) -> str:
    """Places and years as a phrase: "Norfolk and Suffolk in 2017", "2017", "Suffolk"."""
    where = " and ".join(places)
    when = " and ".join(years)
    return f"{where} in {when}" if where and when else where or when


def _with_years_of(question: str, base: str, catalog: Catalog) -> str:
    """`question` with the previous question's year when it names no year, speaks of "they"
    and names only places the year's reports cover ("How many family workers did they have
    covering Suffolk?" after "In 2017, what did Ormiston Families do for the CRC?")."""
    years = YEAR.findall(base)
    places = catalog.places_in(question)
    if not years or not places or YEAR.search(question) or not _PRONOUN.search(question):
        return question
    covered = {p for e in catalog.entries if str(e.meta.year) in years for p in e.places}
    if not set(places) <= covered:
        return question
    return re.sub(r"\?\s*$", "", question) + f" (in {years[0]})?"


# "List the standards rated Inadequate in Norfolk.": a request put as a command.
_LIST_COMMAND = re.compile(r"^\s*(?:please\s+)?(?:list|name)\s+(?:all\s+)?(?:of\s+)?(?P<rest>(?:the|its|their|"
                           r"[A-Z][\w&]*(?:'s|’s))\s+.+?)[.?!]?\s*$", re.IGNORECASE)


def as_question(text: str) -> str:
    """A command to list things as the question it asks ("List the PDUs in the region." ->
    "What are the PDUs in the region?"); anything else unchanged."""
    command = _LIST_COMMAND.match(text)
    return f"What are {command.group('rest')}?" if command else text


def rewrite(question: str, history: list[dict] | None, catalog: Catalog) -> str:
    """The standalone form of `question` given the conversation `history` (a command to list
    things is put as the question it asks)."""
    question = as_question(question)
    previous = _user_turns(history)
    if not previous:
        return question
    base = previous[0]
    for turn in previous[1:]:  # earlier follow-ups are resolved in order
        base = rewrite(turn, [{"role": "user", "content": base}], catalog)
    if not is_followup(question, catalog):
        return _with_years_of(question, base, catalog)

    new_places = catalog.places_in(question)
    new_years = YEAR.findall(question)
    new_standards = standards_in(question)
    old_places = catalog.places_in(base)
    old_years = YEAR.findall(base)
    region_word = re.search(r"\bregion(?:al)?\b", question, re.IGNORECASE)

    own_terms = content_terms(question, extra_ignore=set(catalog.all_places))
    if _WHY_ALONE.match(question):
        # "Why?" after "How was Suffolk rated for reviewing?": the same question, and why.
        return re.sub(r"\s*\?\s*$", "", _strip_parens(base)) + ", and why?"
    carries_topic = len(own_terms) >= 3 and not _FOLLOWUP_START.search(question) and not _PRONOUN.search(question)
    if carries_topic:
        if new_places or new_years or region_word or not (old_places or old_years):
            return question
        # A question with its own topic but no scope: the conversation's scope, and its
        # standard when the question goes on from it ("And how often was the sentence of the
        # court carried out properly?" after unpaid work).
        scope = _scope_words([place_title(p) for p in old_places], old_years)
        carried = [s for s in standards_in(base)][:1] \
            if (_GOES_ON.match(question) or _ABOUT_A_STANDARD.search(question)) and not new_standards else []
        return re.sub(r"\?\s*$", "", question) + f" ({' '.join(carried + ['in ' + scope])})?"

    # "How did they do on court work?" names only a standard; "Which victims actually qualify
    # for that service?" asks something new about one.
    standard_words = set(tokens(" ".join(c for s in new_standards for c in STANDARD_HINTS[s]))) | _GENERIC
    only_a_standard = bool(new_standards) and not set(own_terms) - standard_words
    if _FOLLOWUP_START.search(question) and len(own_terms) <= 2 or \
            ((new_places or new_years or only_a_standard) and len(own_terms) <= 3):
        # Elliptical: substitute the new scope / topic into the previous question.
        out = base
        if _RANKS.search(question) and len(new_places) + bool(region_word) >= 2:
            # "So out of Norfolk, Suffolk and the region, who did worst on that one?": the places
            # ranked on the previous question's topic, region included.
            words = topic_words(base, old_places, old_years)
            if words:
                return re.sub(r"\s*\?\s*$", "", question) + f" ({words})?"
        if new_places and not set(new_places) <= set(old_places) and old_places and _CONTRAST.search(question):
            # "Is that more than Suffolk?": the previous place against the new one.
            out = re.sub(r"\s*\?\s*$", "", _strip_parens(out)) + \
                f" in {' and '.join(place_title(p) for p in old_places)} compared with {' and '.join(place_title(p) for p in new_places)}?"
        elif new_places and not set(new_places) <= set(old_places):
            out = _replace_places(out, old_places, new_places) if old_places else f"{out} ({' and '.join(place_title(p) for p in new_places)})"
        elif region_word and old_places:
            out = _replace_places(out, old_places, ["the region"])
        if new_years:
            if old_years:
                out = YEAR.sub(new_years[0], out, count=1)
            else:
                out = re.sub(r"\?\s*$", "", out) + f" in {new_years[0]}?"
        if new_standards:
            out = _replace_standard(out, new_standards[0])
        if out == base:
            # "What about the NPS?" after a question about the CRC: the counterpart swapped in.
            out = _swap_counterpart(base, question)
        if out != base or len(own_terms) == 0 and not _PRONOUN.search(question):
            return out
        # Nothing to substitute ("What percentage was that rating based on?"): a new question
        # about the same scope, handled below.

    # A new question about "those"/"there": carry the previous scope over, and what "those"
    # stood for ("Which of those was lowest?" after "... the planning key questions?").
    nouns = [n for n in _COUNTABLE if re.search(rf"\b{n}\b", base, re.IGNORECASE)]
    if nouns and not any(re.search(rf"\b{n}\b", question, re.IGNORECASE) for n in _COUNTABLE):
        question = re.sub(r"\bof (?:those|these|them)\b", f"of the {nouns[0]}", question, count=1,
                          flags=re.IGNORECASE)
        # "Which one was about children?" after "How many recommendations ...?"
        question = re.sub(r"\b([Ww])hich one\b", lambda m: f"{m.group(1)}hich {nouns[0][:-1]}", question, count=1)
    # Only the dimension the question leaves open is carried: "And back in 2017, ...?" keeps
    # the place but not the previous year.
    scope_places = [place_title(p) for p in old_places if not new_places]
    if not old_places and not new_places and _REGION.search(base) and not _REGION.search(question):
        scope_places.append("the region")  # "... the regional inspectors ...": the region's report
    scope = _scope_words(scope_places, [y for y in old_years if not new_years])
    topic = [s for s in standards_in(base) if s not in new_standards] if not new_standards else []
    joiner = " "
    # "... run from there?" after "Where was the CRC's hub based?": "there" is what was located.
    located = bool(re.search(r"\bthere\b", question, re.I) and re.match(r"\s*where\b", _strip_parens(base), re.I))
    # ("How many MAPPA cases did they look at?": "they" are the inspectors, no earlier topic)
    pronoun = _PRONOUN.search(_INSPECTORS_THEY.sub(" ", question))
    # "... waiting to get onto them?" after "Which accredited programmes was the CRC running?":
    # "them" are the things the previous question asked to be named.
    named = _ASKED_THINGS.match(_strip_parens(base))
    if named and not topic and re.search(r"\b(?:them|those|these)\s*\??\s*$", question, re.IGNORECASE):
        topic = [named.group(1)]
    elif len(topic) > 1 or len(set(own_terms) - _GENERIC) <= 2 and pronoun or located:
        # "Did they get it often enough?": what "it" was is in the previous question's words;
        # so it is when several standards' words are there ("services delivered ... safety"),
        # which a list of standard names would garble.
        words = topic_words(base, old_places, old_years)
        topic, joiner = ([words], ", ") if words else (topic[:1], " ")
    extra = joiner.join(x for x in (" ".join(topic), "in " + scope if scope else "") if x)
    if not extra:
        return question
    return re.sub(r"\?\s*$", "", question) + f" ({extra})?"
