"""Understand a (standalone) question: which reports it names, its topic and its intent.

Reports are chosen through the `Catalog` (places, years, and words such as "region", "PDU",
"CRC", "press release"), so a newly indexed report is understood the same way. A comparison
is planned as one side per place or per year; a side whose reports do not exist (a year not
covered) carries the reason, so the answer can say so for that side alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalog import LEVEL_CRC, LEVEL_PDU, LEVEL_REGION, Catalog, ReportEntry, place_title
from .cues import RATING_PREMISE, STANDARD_WORD, STATED_SHARE
from .text import YEAR
from .vocabulary import COMPARED_COUNTERPARTS, concepts_in, standards_in

INTENT_COMPARE, INTENT_RATING, INTENT_SCORE = "compare", "rating", "score"
INTENT_FIGURE, INTENT_EXPLAIN, INTENT_FACT, INTENT_LIST = "figure", "explain", "fact", "list"

_COMPARE = re.compile(
    r"\b(vs\.?|versus|compare[sd]?|comparison|compared|differ(?:ence|ent)?|better|worse|higher|"
    r"lower|larger|smaller|the same|improved?|deteriorated|change[sd]?|moved|grown|grew|risen|rose|fallen|fell|"
    r"increased|decreased|gone (?:up|down)|above or below|more or less|in order|rank|order them)\b|"
    r"\b(?:more|less) \w+\b[^?]{0,50}?\bthan\b|\b(?:stacks?|measures?|matche?s?) up\b|\bboth\b|\bor\b.*\?$|"
    # "as safe as people across the region" (not "as well as", "as soon as", "as long as")
    r"\bas (?!(?:well|soon|long|far|part|much as|many as)\b)\w+ (?:\w+ ){0,8}?as (?!(?:well|part|a|an|the)\b)\w+",
    re.IGNORECASE,
)
_RANKED = re.compile(r"\b(?:best|worst|highest|lowest)\b", re.IGNORECASE)
_RATING = re.compile(
    r"\b(ratings?|rated|grade[sd]?|judged|verdict)\b|\b(?:did|do|does|would|to)\s+(?:\w+\s+){0,3}?rate\b|"
    # "Was the CRC found effective at ...?": a judgement asked of the work
    r"\b(?:found|considered|deemed|thought) (?:to be )?(?:effective|ineffective)\b|"
    r"\b(?:get|got|receive|received|given|awarded)\s+(?:for|on)\b(?!\s+(?:with|well|together|ok|okay|fine|badly)\b)",
    re.IGNORECASE)
# "Was Norfolk's planning good?", "Which standards were Outstanding?": a rating word asked about.
_RATING_WORD = re.compile(r"\b(outstanding|good|requires? improvement|inadequate)\b", re.IGNORECASE)
_YES_NO = re.compile(r"(?:^|,\s*|[.;:\-–—]\s+)(?:was|were|is|are|did|has|had)\b|\bwhich (?:standards?|areas?)\b",
                     re.IGNORECASE)
_SCORE = re.compile(r"\bscor(?:e|ed|es)\b", re.IGNORECASE)
_FIGURE = re.compile(
    r"\b(percentage|per ?cent|proportion|(?:what|the|a|which|bigger|larger|smaller|higher|lower|fair) share|share of|how many|how much(?! (?:headway|progress|improvement|better|worse|of a difference)\b)|number of|how often|what fraction|"
    r"figure|rate of|what(?: is|'s| was) (?:the |its |their )?(?:\w+ )?caseload|\w+(?:ion|ness|ing|over|ncy|nce|ment) rate(?!\s+(?:the|its|their|this|that|a|an|how)\b)|in how many|count|budget|cost|spend|total|salary|funding|days)\b|%",
    re.IGNORECASE,
)
_EXPLAIN = re.compile(
    r"\b(why|what went wrong|explain|describe|strengths?|weakness|concern(?:s|ed)?|held back|"
    r"what did .* (?:say|find)|how well|what .* (?:find|found)|reasons?|do well|went well|problems?|"
    r"fell short|falls? short|shortcomings?)\b",
    re.IGNORECASE,
)
_FACT = re.compile(r"^\s*(who|when|which|where|what (?:is|was) the name|on what date)\b", re.IGNORECASE)
_LIST = re.compile(r"\b(list|what recommendations|which recommendations|recommendations)\b", re.IGNORECASE)
_ACROSS = re.compile(r"\bwhich\b.*\b(lower|higher|lowest|highest|better|worse|best|worst|larger|smaller|"
                     r"largest|smallest|most|least)\b|\b(rank|ranking|across all|each|every)\b", re.IGNORECASE)
# "since 2019", "any better now than in 2017": the year named against the latest report.
_SINCE = re.compile(r"\bsince\b[^?]*\b(?:19|20)\d\d\b|\b(?:now|today|these days|currently|nowadays)\b[^?]*\b(?:19|20)\d\d\b|"
                    r"\b(?:19|20)\d\d\b[^?]*\b(?:now|today|these days|nowadays)\b", re.IGNORECASE)
_HOW_DID_IT_DO = re.compile(r"\bhow (?:well |badly )?(?:did|does|do|has|have|was|were|is|are)\b[^?]*\b(?:do|doing|done|fare|fared|"
                            r"get on|got on|perform|performed|performing|come out|came out|going)\b", re.IGNORECASE)
# "Was Norfolk's leadership up to scratch?", "Did the region pass on resettlement?": a judgement asked of a standard.
_JUDGED = re.compile(r"\bup to scratch\b|\bgood enough\b|\b(?:ok|okay)\b|\bacceptable\b|\bpass(?:ed)?\b|"
                     r"\bsatisfactor\w*", re.IGNORECASE)
_REGION_WORD = re.compile(r"\b(region|regional|region-wide|regionally)\b", re.IGNORECASE)
_PDU_WORD = re.compile(r"\b(PDU|PDUs|probation delivery unit)\b", re.IGNORECASE)
_CRC_WORD = re.compile(r"\b(CRC|community rehabilitation company)\b", re.IGNORECASE)
# Words for a unit that covered several places at once (a CRC, the NPS's local delivery unit).
_JOINT_UNIT_WORD = re.compile(r"\b(CRC|NPS|LDU|community rehabilitation company|national probation service|trust|"
                              r"Sodexo)\b", re.IGNORECASE)
_PRESS_WORD = re.compile(r"\bpress release\b", re.IGNORECASE)
_QI_WORD = re.compile(r"quality\s*(?:&|and)\s*impact", re.IGNORECASE)


@dataclass
class Side:
    """One report scope to answer from: a label and the reports, best first."""

    label: str
    entries: list[ReportEntry] = field(default_factory=list)
    missing: str | None = None
    restricted: bool = False  # entries narrowed by a caller's report filter, not by the question
    looks_back_to: int | None = None  # a year no report is from, which these reports write about
    focus: str | None = None  # one of two counterparts compared within one report ("the CRC")
    inside: tuple[str, ...] = ()  # towns inside the report's area that the question names ("Ipswich")

    @property
    def report_ids(self) -> list[str]:
        return [e.meta.report_id for e in self.entries]


@dataclass
class Analysis:
    question: str
    intent: str
    places: list[str]
    unknown_places: list[str]
    years: list[int]
    standards: list[str]
    concepts: list[str]
    sides: list[Side]
    is_comparison: bool = False

    @property
    def scoped(self) -> bool:
        """True when the question names reports (places, years or levels) at all."""
        return bool(self.places or self.years) or any(s.label != "all reports" for s in self.sides)


# A sentence ends before a capital ("... prisons. Did ..."), not inside "P 2.1. Assessment" or "e.g.".
# (or after a year: "... got Outstanding in 2019. Did that ...?")
_SENTENCE_BREAK = re.compile(r"(?<![Vv]s)(?:(?<=[a-z)'’\"%])|(?<=\d{4})(?<![\d.]\d{4}))\.\s+(?=[A-Z])")


_WEIGHS_THE_PREMISE = re.compile(r"\b(?:better|worse|than|either|both|too|also|as well|the same)\b", re.IGNORECASE)


def _level_filter(question: str) -> set[str]:
    levels = set()
    if _PDU_WORD.search(question):
        levels.add(LEVEL_PDU)
    if _REGION_WORD.search(question):
        levels.add(LEVEL_REGION)
    if _CRC_WORD.search(question):
        levels.add(LEVEL_CRC)
    return levels


_CONTRAST = re.compile(r"\bthan\b|\bvs\.?|\bversus\b|\bcompared?\s+(?:with|to)\b|\bagainst\b|,|;|\band\b",
                       re.IGNORECASE)


def _levels_by_year(question: str, years: list[int]) -> dict[int, str]:
    """The level of report named in the same part of a contrast as each year ("the CRC in
    2019 than ... in 2024" -> {2019: "crc"}), for years whose part names exactly one level."""
    out = {}
    for part in _CONTRAST.split(question):
        named = [int(y) for y in YEAR.findall(part)]
        levels = _level_filter(part)
        if len(named) == 1 and len(levels) == 1 and named[0] in years:
            out[named[0]] = next(iter(levels))
    return out


def _place_after_than(question: str, places: list[str]) -> bool:
    """"Were people in Suffolk more positive than those in Norfolk?": the places contrasted."""
    m = re.search(r"\bthan\b", question, re.IGNORECASE)
    return bool(m) and any(p.lower() in question[m.end():].lower() for p in places)


def _year_ok(entry: ReportEntry, years: list[int]) -> bool:
    if not years:
        return True
    fieldwork = entry.meta.fieldwork_start or ""
    return entry.meta.year in years or any(str(y) in fieldwork for y in years)


def _rank(entries: list[ReportEntry], question: str) -> list[ReportEntry]:
    """Best report first: kind words in the question, then single-place units, then newest."""
    def key(e: ReportEntry):
        kind_bonus = 0
        if _PRESS_WORD.search(question) and e.meta.kind.startswith("press"):
            kind_bonus = -2
        if _QI_WORD.search(question) and "Quality" in e.meta.kind:
            kind_bonus = -2
        return (kind_bonus, len(e.places), -(e.meta.year or 0))
    return sorted(entries, key=key)


def _resolve(catalog: Catalog, question: str, places: list[str], years: list[int],
             levels: set[str]) -> list[ReportEntry]:
    """Reports covering all `places` (or each place, if none covers all), filtered."""
    def candidates(required: set[str], use_levels: bool) -> list[ReportEntry]:
        out = [e for e in catalog.entries if required <= e.places and _year_ok(e, years)]
        if use_levels and levels:
            levelled = [e for e in out if e.level in levels]
            out = levelled or out
        return out

    if not places:
        pool = [e for e in catalog.entries if _year_ok(e, years)]
        if levels:
            levelled = [e for e in pool if e.level in levels]
            pool = levelled or ([] if levels == {LEVEL_REGION} else pool)
        return _rank(pool, question)
    found = candidates(set(places), True)
    if levels and found and not any(e.level in levels for e in found) and len(places) > 1:
        found = []  # "Suffolk PDU ... Norfolk": not the report covering both counties
    if not found and len(places) > 1:
        seen = []
        for place in places:
            for e in candidates({place}, True):
                if e not in seen:
                    seen.append(e)
        found = seen
    return _rank(found, question)


def _label(places: list[str], years: list[int], levels: set[str]) -> str:
    bits = [place_title(p) for p in places]
    if not places and LEVEL_REGION in levels:
        bits.append("the region")
    elif not places and levels == {LEVEL_CRC}:
        bits.append("the CRC")
    bits += [str(y) for y in years]
    return " ".join(bits) or "all reports"


def _missing_reason(catalog: Catalog, places: list[str], years: list[int]) -> str:
    where = " & ".join(place_title(p) for p in places) or "any area"
    when = " or ".join(str(y) for y in years)
    covering = [e.describe for e in catalog.entries if not places or set(places) & e.places]
    covered = "; ".join(covering) if covering else catalog.coverage()
    if when:
        return f"the indexed reports include no {when} report on {where} (they cover: {covered})"
    return f"the indexed reports include no report on {where} (they cover: {catalog.coverage()})"


def analyse(question: str, catalog: Catalog) -> Analysis:
    """Read places, years, topic and intent from a standalone question and plan its sides."""
    places = catalog.places_in(question)
    unknown = catalog.unknown_places_in(question) + catalog.unknown_units_in(question)
    years = sorted({int(y) for y in YEAR.findall(question)})
    levels = _level_filter(question)
    # "Regional leaders had built good links with the prisons. Did resettlement still get marked
    # down?": a statement before the question is its premise; the question's own topic, if it
    # names one, is what it asks about.
    asked = asked_sentence(question)
    # ("The CRC's payback got Outstanding. Did that lift its overall grade?" asks the overall rating.)
    standards = standards_in(asked) or ([] if asked != question and re.search(r"\boverall\b", asked, re.IGNORECASE)
                                        else standards_in(question))
    concepts = concepts_in(asked) or concepts_in(question)
    since = False
    if len(years) == 1 and places and _SINCE.search(question):
        later = [e.meta.year for e in catalog.entries
                 if set(places) & e.places and (e.meta.year or 0) > years[0]]
        if later:
            years, since = [years[0], max(later)], True

    region_side = bool(_REGION_WORD.search(question)) and bool(places) and not any(
        e.level == LEVEL_REGION and set(places) & e.places for e in catalog.entries)
    # "Which of Norfolk, Suffolk and the region was best at planning?": places ranked on a
    # topic (with no topic, "came out worst" asks for their overall ratings).
    compare_cue = bool(_COMPARE.search(question)) or bool(_RANKED.search(question) and (standards or concepts))
    # Two places jointly covered by one report (a CRC covering two counties) is one scope,
    # unless the question explicitly contrasts them.
    joint = len(places) > 1 and any(set(places) <= e.places for e in catalog.entries)
    # "the NPS in Norfolk & Suffolk": two places written as one area, which an "or" elsewhere
    # in the question ("agency staff or trainees") does not set against each other.
    written_together = len(places) == 2 and any(
        re.search(rf"\b{re.escape(a)}\s*(?:and|&)\s*{re.escape(b)}\b", question, re.IGNORECASE)
        for a, b in (places, places[::-1])) and not re.search(
        r"\bvs\.?\b|versus|compar|differ|between|\bthe same\b|\bboth\b|\beach\b|\bPDUs\b|\bor\s+(?:in\s+)?(?:the\s+)?"
        + "(?:" + "|".join(re.escape(p) for p in places) + r")\b", question, re.IGNORECASE)
    # "Were Norfolk and Suffolk using their diversity data?": two places that each have a report
    # of their own are asked about one by one, not as the area one older joint report covered
    # (unless the question names that joint unit or its time).
    own_reports = len(places) >= 2 and all(any(e.places == {p} for e in catalog.entries) for p in places)
    each_own = (joint and own_reports and not years and not _JOINT_UNIT_WORD.search(question)
                # ("Norfolk and Suffolk", not a joint name such as "the Norfolk & Suffolk 180 scheme")
                and any(re.search(rf"\b{re.escape(a)}\s+and\s+{re.escape(b)}\b", question, re.IGNORECASE)
                        for a, b in (places[:2], places[1::-1]))
                and not any(e.level == LEVEL_REGION and set(places) & e.places for e in catalog.entries))
    # "Was that a problem back in 2017 as well as in the 2024 inspection?": two years that each
    # have a report of the place asked about are two sides, whatever the wording.
    reported_years = {e.meta.year for e in catalog.entries if not places or set(places) & e.places}
    two_reported_years = len(years) >= 2 and set(years) <= reported_years
    is_comparison = since or each_own or two_reported_years or compare_cue and (
        (len(places) >= 2 and not written_together and (not joint or re.search(r"\bor\b|\bvs\.?\b|versus|compar|differ|between|\bin \w+ and in\b",
                                                      question, re.I) or _place_after_than(question, places)
                                   # ("Do Norfolk and Suffolk use the same provider?", "Norfolk and Suffolk PDUs")
                                   or re.search(r"\bboth\b|\bthe same\b|\bPDUs\b|\bprobation delivery units\b", question, re.I)
                                   and not _CRC_WORD.search(question)))
        or len(years) >= 2 or region_side)

    sides: list[Side] = []
    across = not places and bool(levels) and bool(_ACROSS.search(question))
    if across:
        # "Which PDU scored lower on ...?": every report of that level is a side.
        pool = [e for e in catalog.entries if e.level in levels and _year_ok(e, years)]
        latest: dict[str, ReportEntry] = {}
        for e in pool:  # one side per unit: its latest report
            if e.meta.unit not in latest or (e.meta.year or 0) > (latest[e.meta.unit].meta.year or 0):
                latest[e.meta.unit] = e
        if len(latest) >= 2:
            is_comparison = True
            sides = [Side(e.meta.unit, [e]) for e in latest.values()]
    if sides:
        pass
    elif is_comparison:
        if len(years) >= 2 and len(places) <= 1:
            year_levels = _levels_by_year(question, years)
            for year in years:
                label = _label(places, [year], levels)
                found = _resolve(catalog, question, places, [year], levels)
                own = [e for e in catalog.entries if e.level == year_levels.get(year) and _year_ok(e, [year])]
                if own and not any(e in found for e in own):
                    # "the 2017 Suffolk picture ... the 2024 regional one", "under the CRC in
                    # 2019 than across the East of England in 2024": the unit named with the year.
                    label, found = _label([], [year], {year_levels[year]}), _rank(own, question)
                sides.append(Side(label, found, None if found else _missing_reason(catalog, places, [year])))
        else:
            side_levels = levels - {LEVEL_REGION} if region_side else levels
            named: list[list[str]] = []  # the places each side stands for
            for place in places:
                found = _resolve(catalog, question, [place], years[:1] if len(years) == 1 else years, side_levels)
                # "the East of England ... than the Norfolk and Suffolk CRC": two places written
                # as one area and found in the same reports are one side.
                joined = next((i for i, s in enumerate(sides) if found and s.entries == found and any(
                    re.search(rf"\b{re.escape(p)}\s*(?:and|&)\s*{re.escape(place)}\b", question, re.IGNORECASE)
                    for p in named[i])), None)
                if joined is not None:
                    named[joined].append(place)
                    sides[joined].label = _label(named[joined], years, set())
                    continue
                named.append([place])
                sides.append(Side(_label([place], years, set()), found,
                                  None if found else _missing_reason(catalog, [place], years)))
            if region_side:
                found = [e for e in catalog.entries if e.level == LEVEL_REGION and _year_ok(e, years)]
                sides.append(Side("the region", _rank(found, question),
                                  None if found else "the indexed reports include no regional inspection"))
    if is_comparison and sides and all(s.entries for s in sides) and len(
            {s.entries[0].meta.report_id for s in sides}) == 1:
        # "How did the Norfolk and Suffolk CRC's payback compare with its case management?":
        # every side is the same report, so there is one scope, compared within itself.
        is_comparison, sides = False, []
    if not sides:
        found = _resolve(catalog, question, places, years, levels)
        missing = None if found else _missing_reason(catalog, places, years)
        sides.append(Side(_label(places, years, levels), found, missing))
    pair = _counterparts_compared(question)
    if pair and not is_comparison and len(sides) == 1 and sides[0].entries and not sides[0].missing:
        # "In 2017, which did better at enforcement, the CRC or the NPS?": one report, read
        # once for each of the two it compares.
        one = sides[0]
        sides = [Side(one.label, one.entries[:1], focus=name, restricted=one.restricted) for name in pair]
        is_comparison = True

    intent = _intent(question, is_comparison, standards, concepts)
    return Analysis(question=question, intent=intent, places=places, unknown_places=unknown,
                    years=years, standards=standards, concepts=concepts, sides=sides,
                    is_comparison=is_comparison)


def asked_sentence(question: str) -> str:
    """The question itself when statements come before it ("The CRC's payback got Outstanding in
    2019. Did that lift its overall grade?" -> "Did that lift its overall grade?"); otherwise the
    whole text."""
    parts = _SENTENCE_BREAK.split(question.strip())
    if len(parts) < 2 or not parts[-1].rstrip().endswith("?") or any("?" in p for p in parts[:-1]) \
            or _WEIGHS_THE_PREMISE.search(parts[-1]):
        return question  # ("Assessment was Inadequate. Did its planning do any better?" weighs both)
    return parts[-1]


def _counterparts_compared(question: str) -> tuple[str, str] | None:
    """The two counterparts a question sets against each other ("the CRC or the NPS"), as
    the question writes them; None unless it names both and asks to compare."""
    # ("How many offices were the CRC and the NPS each working from?": each of them, side by side)
    if not _COMPARE.search(question) and not re.search(r"\bor\b|\bthan\b|\beach\b|\brespectively\b",
                                                         question, re.IGNORECASE):
        return None
    for group in COMPARED_COUNTERPARTS:
        named = [m.group(0) for w in group for m in [re.search(rf"\b{re.escape(w)}\b", question, re.IGNORECASE)] if m]
        if len(named) == 2:
            return named[0], named[1]
    return None


def _intent(question: str, is_comparison: bool, standards: list[str], concepts: list[str]) -> str:
    if is_comparison:
        return INTENT_COMPARE
    # "Norfolk was rated Inadequate, but did the inspectors see anything that gave them hope?":
    # a rating the question states is its premise; what it asks comes after.
    question = RATING_PREMISE.sub(" ", question)
    if re.search(r"(?:^|[,;:]\s*)why\b|\bwhat (?:went|was|is|were) wrong\b|\bexplain\b|\breasons?\b|\bwhat held back\b",
                 question, re.I):
        return INTENT_EXPLAIN
    if re.search(r"\bstandards\b", question, re.IGNORECASE) and _RATING_WORD.search(question) or re.search(
            rf"\b(best|worst|strongest|weakest)\b[^?]*\b{STANDARD_WORD}\b|\b{STANDARD_WORD}\b[^?]*\b(best|worst)\b",
            question, re.IGNORECASE) or re.search(r"\b(?:top|highest|bottom|lowest) (?:grade|rating)\b[^?]*\bstandards\b",
                                                   question, re.IGNORECASE):
        return INTENT_RATING  # "How many of its standards were Inadequate?", "its worst standard"
    if re.search(r"\b(?:best|worst|strongest|weakest|poorest)(?:[- ]rated)? (?:areas?|parts?|aspects?)\b|"
                 r"\bwhere did\b[^?]*\b(?:score|do|perform)\w*\b[^?]*\b(?:best|worst|highest|lowest)\b",
                 question, re.IGNORECASE):
        return INTENT_RATING  # "the region's weakest area", "Where did Suffolk score best?"
    if standards and _HOW_DID_IT_DO.search(question) and not _FIGURE.search(question):
        return INTENT_RATING  # "How did unpaid work do in the East of England?"
    if standards and _JUDGED.search(question) and _YES_NO.search(question) and not _FIGURE.search(question):
        return INTENT_RATING  # "Was Norfolk's leadership up to scratch?"
    if _SCORE.search(question) and not _FIGURE.search(question) and not standards and not concepts:
        return INTENT_SCORE
    if _RATING.search(question) and not _FIGURE.search(STATED_SHARE.sub(" ", question)):
        # "Norfolk got 73% on ... Did that pull its reviewing grade up?": a score the question
        # states is what it asks from, not what it asks for.
        return INTENT_RATING
    if (_RATING_WORD.search(question) and _YES_NO.search(question) and not _FIGURE.search(question)
            and (standards or re.search(r"\b(standards?|overall|anything|anywhere|any(?! good))\b",
                                        question, re.IGNORECASE))):
        return INTENT_RATING
    if _FIGURE.search(question) or _SCORE.search(question):
        return INTENT_FIGURE
    if _LIST.search(question):
        return INTENT_LIST
    if _EXPLAIN.search(question):
        return INTENT_EXPLAIN
    if _FACT.search(question):
        return INTENT_FACT
    return INTENT_EXPLAIN
