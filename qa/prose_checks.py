"""Checks that the sentences picked from a report state what the question asks for, before
they are quoted as its answer; otherwise the side is refused, with the reason.

A date for "when", a length of time for "how long", a beginning for "when did it start", a
count of the very thing counted, a person's name for "who", a sum for "how much", a rate for
"what was the X rate", a share of the population for "what proportion of the caseload are
women", something to come for "when will", national figures for "the national average", and
a word the report uses at all for "what did it say about X".
"""

from __future__ import annotations

import re

import numpy as np

from . import counting
from . import cues as cue
from .analysis import Analysis
from .side_work import SideWork
from .text import YEAR, content_terms, numbers_in, sentence_spans, stem, tokens
from .vocabulary import CONCEPTS, GENERIC_VERBS, paraphrased, same_words

ON_TOPIC_MIN = 0.5  # meaning alone puts a sentence on a question's topic (no shared word)


# A verb asked in the present that reports write in an irregular past ("feel" / "felt safe").
_PAST_FORMS = {"feel": "felt", "think": "thought", "keep": "kept", "tell": "told", "pay": "paid",
               "bring": "brought", "seek": "sought", "spend": "spent", "teach": "taught", "hear": "heard"}


class ProseChecks:
    """The checks, over one corpus (a `Corpus`)."""

    def __init__(self, corpus):
        self.corpus = corpus

    def national_sentence(self, question: str, analysis: Analysis) -> bool:
        """Whether a named report (or any, if none is named) has a sentence setting itself
        against the national picture on the question's topic ("below the national average on
        all but one" of its performance targets)."""
        terms = set(content_terms(cue.NATIONAL.sub(" ", question), self.corpus.catalog.all_places)) - GENERIC_VERBS
        terms = {t for t in terms if t in self.corpus.picker.idf}  # ("altogether" is in no report: no topic)
        terms = self.corpus.picker.rare(terms) or terms  # the words that pick out the topic ("sickness", not "staff")
        ids = [rid for side in analysis.sides for rid in side.report_ids] or list(self.corpus.reports)
        for rid in ids:
            for c in self.corpus.sections.get(rid, []):
                # (sentences, and table rows: "262,388<TAB>The total number of offenders ...")
                lines = [c["text"][a:b] for a, b in sentence_spans(c["text"])] + c["text"].split("\n")
                for sentence in lines:
                    if cue.NATIONAL_SENTENCE.search(sentence) and (not terms or terms & self.corpus.picker.words(sentence)):
                        return True
        return False

    def uncovered_terms(self, question: str, report_ids: list[str]) -> list[str]:
        """Measures the question asks for that other reports give figures on but these do not
        mention at all (e.g. an attrition rate asked of a report that never mentions attrition)."""
        terms = content_terms(question, extra_ignore=self.corpus.catalog.all_places)
        vocab = set().union(*(self.corpus.report_terms.get(r, set()) for r in report_ids))
        vocab |= same_words(vocab)  # "councils" asked, "local authorities" written
        return [t for t in terms if t not in vocab and not same_words({t}) & vocab and t in self.corpus.figure_terms
                and len(t) > 3 and t not in GENERIC_VERBS and _PAST_FORMS.get(t) not in vocab]

    def absent_topic(self, question: str, report_ids: list[str]) -> str | None:
        """The word a "what did they say about X" question is about (the last word of X), when
        the report never uses it in any form; else None."""
        about = cue.SAID_ABOUT.search(question)
        if not about:
            return None
        # The noun phrase ends where a clause begins ("the last time they'd inspected ...").
        phrase = re.split(r"\b(?:that|which|who|when|where|whether|they|he|she|it|we|you|i|they'd|they're|"
                          r"was|were|is|are|had|has|have|did|do|does)\b", about.group("topic"), flags=re.IGNORECASE)[0]
        words = [w for w in re.findall(r"[A-Za-z][\w-]*", phrase)
                 if len(w) > 2 and w.lower() not in self.corpus.catalog.all_places]
        head = next((w for w in reversed(words) if set(content_terms(w)) - GENERIC_VERBS), None)
        if head is None:
            return None
        stems = set(content_terms(head))
        vocab = set().union(*(self.corpus.report_terms.get(r, set()) for r in report_ids))
        if stems & vocab or same_words(stems) & vocab or self.corpus.abbreviations.augment(stems) & vocab:
            return None
        return head

    def picks(self, w: SideWork, picks: list, hits: list, terms: set[str], boost: set[str],
                       need_number) -> list | None:
        """The picked sentences, reordered so that the one stating what the question asks for
        leads (a count of the counted thing, a named person, a rate, a date to come, a sum of
        money); None, with the reason in `w.result.missing`, when none states it."""
        analysis, standalone, result, scoped = w.analysis, w.question, w.result, w.scoped
        report_ids, topic_vec = w.report_ids, w.tvec
        if cue.WHEN_ASKED.search(standalone) and not need_number and picks:
            # "When does the lease run out?", "How long are people waiting for ...?": a sentence
            # giving a date (or a length of time) on the question's topic.
            how_long = bool(re.search(r"\bhow long\b", standalone, re.I))
            timed = [p for p in picks if (cue.DURATION.search(p[1]) or cue.TIME_BOUND.search(p[1]) if how_long
                                          else cue.TIME_GIVEN.search(p[1])) and self.on_topic(p[1], terms, (topic_vec, w.qvec))]
            if not timed and how_long:
                # "There was ... a MHTR. Eighteen months into this project, ...": the length is
                # given in a sentence soon after the one on the topic.
                timed = [p for p in (_length_after(p) for p in picks[:5] if self.on_topic(p[1], terms, (topic_vec, w.qvec)))
                         if p]
            timed = self._not_about_another(timed, self._asked_part(standalone), standalone, dated=not how_long)
            if cue.STARTED_ASKED.search(standalone) and not how_long:
                # "When did the head of resettlement start?": a date it began, not one it ends.
                timed = [p for p in timed if cue.STARTED_SAID.search(p[1])]
            if not timed:
                result.missing = ("the reports do not say how long" if how_long
                                  else "the reports do not give that date")
                return None
            picks = timed[:1] + [p for p in picks if p is not timed[0]]
        composition = (cue.COMPOSITION.search(standalone) or cue.COMPOSITION_COUNT.search(standalone)) \
            if need_number else None
        if composition and picks:
            # "What proportion of the caseload are women?": a share, the trait and the
            # population in one sentence (not "risks to women ... in 11 out of 23 cases").
            trait = (set(content_terms(composition.group("trait"), self.corpus.catalog.all_places)) - GENERIC_VERBS) | set(
                re.findall(r"\b(?!(?:19|20)\d\d\b)\d+", composition.group("trait")))  # "under 25", not "in 2017"
            # The population as a report writes it, whole ("people on probation", not "men on probation").
            named = cue.POPULATION_WORDS.get(composition.group("population").lower(), composition.group("population"))
            population = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in named.split(", ")) + r")", re.IGNORECASE)
            counting_them = composition.re is cue.COMPOSITION_COUNT  # "how many ... are women": a count will do
            # A trait of three words or more may be written with one fewer ("assigned to the
            # central hub" -> "assigned to the hub").
            trait_words = same_words(trait)
            allowed_gap = 1 if len(trait_words) >= 3 else 0
            stating = [p for p in picks if (cue.SHARE_GIVEN.search(p[1]) or counting_them and numbers_in(p[1]))
                       and len(trait_words - self.corpus.picker.words(p[1])) <= allowed_gap
                       and population.search(p[1])]
            if not stating:
                result.missing = "the reports do not give that number" if counting_them else \
                    "the reports do not give that share"
                return None
            picks = stating[:1] + [p for p in picks if p is not stating[0]]
        if (need_number in (True, "count") and not picks and scoped and cue.COUNT.search(standalone)
                and not cue.PERCENT.search(standalone)):
            # "How many victim cases was the rating based on?": no retrieved passage gives a
            # number, but the report's methodology counts them ("14 statutory victim cases").
            wanted = counting.counted(standalone, self.corpus.catalog.all_places)
            found = counting.counting_sentence([c for rid in report_ids for c in self.corpus.sections.get(rid, [])],
                                               wanted, terms, self.corpus.picker) if wanted else None
            picks = [found] if found else picks
        if need_number == "count" and picks:
            # "How many SPOs ...?": a sentence counting that very thing ("10 SPOs") leads.
            wanted = counting.counted(standalone, self.corpus.catalog.all_places)
            # (one that says much less of what was asked, "we spoke with 15 service users", does
            # not lead "how many service users had been convicted")
            counted = [p for p in picks if counting.counts(p[1], wanted, self.corpus.picker)
                       and p[2] >= 0.5 * picks[0][2]]
            if counted and counted[0] is not picks[0]:
                picks = counted[:1] + [p for p in picks if p is not counted[0]]
            if wanted and not counted and scoped:
                # The passage that counts it may not have been retrieved ("158 staff working in
                # the PDU" sits in the background section): look through the report itself.
                found = counting.counting_sentence([c for rid in report_ids for c in self.corpus.sections.get(rid, [])],
                                                   wanted, terms, self.corpus.picker)
                # (and about what was asked, unless it is the sample the inspectors looked at)
                if found and (found[2] >= 0.75 * max(p[2] for p in picks) or cue.SAMPLE_SIZE.search(standalone)):
                    picks = [found] + picks
                    counted = [found]
            if wanted and not counted:
                naming = [p for p in picks if wanted <= self.corpus.picker.words(p[1])]
                if naming and naming[0] is not picks[0]:
                    picks = naming[:1] + [p for p in picks if p is not naming[0]]
            if wanted and not counted and not naming:
                # "How many beds do the approved premises have?": no sentence even names beds.
                result.missing = "the reports do not give that number"
                return None
        if need_number is True and picks and cue.COUNT.search(standalone):
            # "How many SFO reviews were there?": "the team completed 23 SFO reviews" before
            # "Most recent SFO reviews were rated Good".
            wanted = counting.counted(standalone, self.corpus.catalog.all_places)
            counted = [p for p in picks if counting.counts(p[1], wanted, self.corpus.picker)]
            if counted and counted[0] is not picks[0] and not cue.SHARE_GIVEN.search(picks[0][1]):
                picks = counted[:1] + [p for p in picks if p is not counted[0]]
        measured = [c for c in analysis.concepts if c in cue.MEASURE_CONCEPTS]
        if need_number and measured and picks and not result.lines:
            # "What was the reoffending rate ...?": the figure must be about reoffending, not
            # any number near the question's other words.
            expressing = [p for p in picks[:3] if any(self.expresses(p[1], c) for c in measured)]
            if not expressing:
                result.missing = "the reports do not state a figure for this"
                return None
            if expressing[0] is not picks[0]:
                picks = expressing[:1] + [p for p in picks if p is not expressing[0]]
        if cue.OUTCOME_RATE.search(standalone) and need_number:
            # "What was the reoffending rate?": a sentence stating a rate, not any share of cases.
            outcome = set(tokens(cue.OUTCOME_RATE.search(standalone).group(0))) - {"rate"}
            picks = [p for p in picks if re.search(r"\brates?\b", p[1], re.I)
                     or cue.PERCENT_FIGURE.search(p[1]) and outcome & set(tokens(p[1]))]
            if not picks:
                result.missing = "the reports do not state that rate"
                return None
        if cue.FUTURE.search(standalone):
            # "When will Norfolk be inspected again?": only a sentence about what is to come.
            picks = [p for p in picks if cue.FUTURE_SENTENCE.search(p[1])]
            if not picks:
                result.missing = "the reports do not say what will happen"
                return None
        if (need_number and cue.MONEY_ASKED.search(standalone) and not cue.COUNT.search(standalone)
                and not any(cue.MONEY.search(p[1]) for p in picks[:3])):
            result.missing = "the reports do not give that amount"
            return None
        if need_number and analysis.places and not cue.NATIONAL.search(standalone):
            # "What was Suffolk's reoffending rate?": not a figure for the regions or the nation
            # (unless the sentence names the place too).
            places = [p.lower() for p in analysis.places]
            own = [p for p in picks if not cue.WIDER_SCOPE.search(p[1]) or any(q in p[1].lower() for q in places)]
            if not own:
                result.missing = "the reports do not state a figure for this"
                return None
            picks = own + [p for p in picks if p not in own]
        if need_number:
            # A figure sentence answers if it says enough of what was asked: rare words of the
            # question, or at least half of its words. The first that does leads.
            # (or counts the very thing a "how many" question counts: "149 cases subject to
            # resettlement provision" for "how many prison-release cases")
            counted_thing = counting.counted(standalone, self.corpus.catalog.all_places) if need_number == "count" else set()
            stating = [p for p in picks if p[2] >= 2.5 or self.covers_question(p[1], terms)
                       or p is picks[0] and self._far_ahead(p, picks[1:])
                       or counted_thing and counting.counts(p[1], counted_thing, self.corpus.picker)]
            # ... and what the question itself asks, after any statement it opens with ("POs were
            # 28% over their allocated workload. What was the percentage for PSOs?").
            asked = self._asked_part(standalone)
            if asked != standalone:
                wanted = self.corpus.picker.rare(set(content_terms(asked, self.corpus.catalog.all_places)) - GENERIC_VERBS)
                stating = [p for p in stating if wanted <= self.corpus.picker.words(p[1])]
            # ... and not a figure for another thing of the kind it names ("in Ipswich" for "in
            # Lowestoft", "Open Road" for "Ormiston Families").
            own = self._not_about_another(stating, asked, standalone)
            wanted = counting.counted(standalone, self.corpus.catalog.all_places) if need_number == "count" else set()
            if wanted and any(counting.counts(p[1], wanted, self.corpus.picker) for p in stating if p not in own):
                # "How many hours was Ormiston contracted for?": the hours counted were another
                # provider's (Open Road's 2,500), so only a sentence counting hours would answer.
                own = [p for p in own if counting.counts(p[1], wanted, self.corpus.picker)]
            stating = own
            given = set(numbers_in(YEAR.sub(" ", asked)))
            if given and cue.FIGURE_CUE.search(asked):
                # "How many of Open Road's 2,500 contracted hours had been used?": a sentence whose
                # only figure is the one the question gives restates it, it does not answer.
                stating = [p for p in stating if not set(numbers_in(YEAR.sub(" ", p[1]))) <= given]
            if w.inside:
                # "How many days was the housing officer in Ipswich?" answered from the Suffolk
                # report: a figure for the town, not for the whole area.
                stating = [p for p in stating if any(re.search(rf"\b{re.escape(t)}\b", p[1], re.I) for t in w.inside)]
                if not stating:
                    result.missing = f"the reports give no figure for {' or '.join(w.inside)} on its own"
                    return None
            if need_number == "share" and cue.PERCENTAGE_ASKED.search(asked):
                stating = [p for p in stating if cue.EXACT_SHARE.search(p[1])]  # not "Most recent SFO reviews"
                if not stating:
                    result.missing = "the reports give no percentage for this"
                    return None
            sample = cue.SHARE_OF_SAMPLE.search(asked)
            if sample and sample.group("sample"):
                # "How many of the 438 cases involved women?" in words ("most ...") only of those
                # cases, not "Most women were reporting to offices where men were present".
                noun = same_words(set(tokens(sample.group("sample"))))
                stating = [p for p in stating if numbers_in(p[1]) or noun & same_words(self.corpus.picker.words(p[1]))]
            counted_trait = cue.HOW_MANY_WERE.search(asked)
            if counted_trait and set(tokens(counted_trait.group("trait"))):
                trait = same_words(set(tokens(counted_trait.group("trait"))))
                stating = [p for p in stating if trait <= same_words(self.corpus.picker.words(p[1]))]
            if cue.AVERAGE_ASKED.search(asked) and not cue.NATIONAL.search(asked):
                stating = [p for p in stating if cue.AVERAGE_GIVEN.search(p[1])]  # not "up to 106 cases"
            if not stating:
                result.missing = "the reports do not state a figure for this"
                return None
            if stating[0] is not picks[0]:
                picks = stating[:1] + [p for p in picks if p is not stating[0]]
        if cue.WHICH_UNIT.search(standalone) and scoped and picks and not analysis.is_comparison:
            # "Which PDU in the region had the highest sickness?": a sentence that names one, not
            # the region-wide finding.
            naming = [p for p in picks if cue.new_name(p[1], standalone)]
            if not naming:
                result.missing = "the reports do not say which"
                return None
            picks = naming[:1] + [p for p in picks if p is not naming[0]]
        role = cue.WHICH_PERSON.search(standalone)
        if cue.NAME_ASKED.search(standalone) or role:
            wider = self.corpus.picker.pick(hits, terms, n=10, boost=boost, qvec=topic_vec, max_per_passage=3)
            places = {w for p in self.corpus.catalog.all_places for w in p.lower().split()}
            # The role asked for ("the chief executive", "the judge") is named with the person.
            roles = {stem(role.group("role").lower())} if role else set(tokens(standalone)) & cue.PERSON_ROLES
            named = [p for p in picks + wider if cue.names_someone(p[1], places)
                     and same_words(roles) <= self.corpus.picker.words(p[1])]
            named = [p for i, p in enumerate(named) if p[1] not in {q[1] for q in named[:i]}]
            if not named:
                result.missing = "the reports do not give that name"
                return None
            picks = named + [p for p in picks if p not in named]
        elif cue.WHERE_ASKED.search(standalone) and picks:
            # "Where was the CRC's hub based?": a sentence that places it leads.
            # (read from the passages themselves: "The hub was based in Norwich." is short)
            placing = self.stating(hits, terms, lambda x: bool(cue.PLACE_GIVEN.search(x)))
            if placing:
                picks = placing[:1] + [p for p in picks if p[1] != placing[0][1]]
        elif cue.THING_NAMED.search(standalone) and picks:
            # "What was the new IOM scheme called?", "Who runs the women's services?": a sentence
            # that names something the question does not already name leads.
            wider = self.corpus.picker.pick(hits, terms, n=8, boost=boost, qvec=topic_vec, max_per_passage=3)
            naming = [p for p in picks + wider if cue.new_name(p[1], standalone)]
            if re.search(r"\bcalled\b", standalone, re.I):
                # "What was the new IOM scheme called?": a sentence of the passages that gives a
                # name as such ("it became the Norfolk & Suffolk 180 Scheme") comes first.
                given = self.stating(hits, terms, lambda x: bool(cue.NAME_GIVEN.search(x) and cue.new_name(x, standalone)))
                naming = given[:1] + naming
            topic = self.corpus.picker.rare(same_words(terms - GENERIC_VERBS))
            on_topic = [p for p in naming if topic & same_words(self.corpus.picker.words(p[1]))]
            rarest = max(topic, key=lambda t: self.corpus.picker.idf.get(t, 0.0)) if topic else None
            discussed = rarest is not None and any(rarest in same_words(self.corpus.picker.words(p[1]))
                                                   for p in picks + wider)
            if naming and not on_topic and discussed and not re.search(r"\bcalled\b", standalone, re.I):
                # "Which organisation provides the housing navigators?": the report writes of the
                # navigators, but the providers it names are of other services.
                result.missing = "the reports name no one for that"
                return None
            naming = on_topic or naming
            if naming:
                picks = naming[:1] + [p for p in picks if p[1] != naming[0][1]]
        return picks

    @staticmethod
    def expresses(sentence: str, concept: str) -> bool:
        """Whether a sentence speaks of `concept` in any of its cue words or report phrasings."""
        cues, phrasing = CONCEPTS[concept]
        words = set(tokens(" ".join(cues) + " " + phrasing)) - cue.CONCEPT_FILLER
        return bool(words & set(tokens(sentence)))

    def stating(self, hits, terms: set[str], says) -> list:
        """Every sentence of the passages, as picks, that `says` what was asked (a place, a name)
        and holds one of the question's rare words; read whole, since such a sentence may be
        too short for the picker ("The hub was based in Norwich.")."""
        topic = self.corpus.picker.rare(same_words(terms - GENERIC_VERBS))
        return [(h, h.chunk["text"][a:b], 0.0) for h in hits for a, b in sentence_spans(h.chunk["text"])
                if says(h.chunk["text"][a:b]) and topic & same_words(self.corpus.picker.words(h.chunk["text"][a:b]))]

    @staticmethod
    def _far_ahead(pick, others: list) -> bool:
        """Whether a figure sentence matches the question far better than every sentence giving
        other figures ("reasonable adjustments were made in 27 out of 28" for "changes made at
        work because of a disability"): it answers though its words are the report's own."""
        own = set(numbers_in(pick[1]))
        return pick[2] >= 2.0 and all(pick[2] >= q[2] + 0.75 for q in others if set(numbers_in(q[1])) != own)

    def on_topic(self, sentence: str, terms: set[str], question_vecs) -> bool:
        """Whether a sentence is about the question's topic: it shares one of the topic's words
        (in either form of an abbreviation or word group), or is close in meaning to the question
        (its topic alone, or the whole of it)."""
        topic = self.corpus.picker.rare(same_words(terms - GENERIC_VERBS))
        if not topic or topic & self.corpus.picker.words(sentence):
            return True  # (words in over a third of passages, "probation", "office", say too little)
        vector = self.corpus.picker.vectors([sentence])[0]
        return vector is not None and max(float(np.dot(v, vector)) for v in question_vecs) >= ON_TOPIC_MIN

    @staticmethod
    def _asked_part(question: str) -> str:
        """The question a statement may precede ("POs were 28% over. What about PSOs?" ->
        "What about PSOs?")."""
        parts = re.split(r"(?<=[.!])\s+(?=[A-Z])", question.strip())
        return parts[-1] if len(parts) > 1 and parts[-1].rstrip().endswith("?") else question

    def _not_about_another(self, picks: list, asked: str, question: str, dated: bool = False) -> list:
        """`picks` without the sentences about another thing of the kind the question names:
        one that lacks a name the question uses and names something else instead ("in
        Ipswich" for "in Lowestoft", "Open Road" for "Ormiston Families"). With `dated`, the
        date a sentence gives ("From April 2016 ...") is no such name."""
        names = cue.proper_names(asked, self.corpus.catalog.all_places)
        return [p for p in picks if all(self._names(p[1], n) for n in names)
                or not cue.new_name(cue.TIME_GIVEN.sub(" ", p[1]) if dated else p[1], question)]

    def _names(self, sentence: str, name: str) -> bool:
        """Whether a sentence names `name` (any of its words, either form of an abbreviation)."""
        return bool(set(tokens(name)) & self.corpus.picker.words(sentence))

    def covers_question(self, sentence: str, terms: set[str]) -> bool:
        """A figure sentence answers only if it holds at least half of the question's words."""
        if not terms:
            return True
        terms = paraphrased(same_words(terms))
        return len(terms & paraphrased(self.corpus.picker.words(sentence))) * 2 >= len(terms)

    def numeric_sentence_matches(self, hits, question: str, uncovered: set[str]) -> bool:
        """Whether a retrieved sentence with a number holds at least three and three quarters
        of the question's other words (the missing one was just phrased differently)."""
        terms = set(content_terms(question, extra_ignore=self.corpus.catalog.all_places)) - uncovered
        if len(terms) < 3:
            return False
        for h in hits:
            for a, b in sentence_spans(h.chunk["text"]):
                sentence = h.chunk["text"][a:b]
                if numbers_in(sentence) and len(terms & set(tokens(sentence))) >= 0.75 * len(terms):
                    return True
        return False


def _length_after(pick: tuple):
    """The first sentence after `pick`'s in the same paragraph (up to three on) that gives a
    length of time, as a pick: quoted together with `pick`'s sentence when it follows it
    directly ("... a MHTR. Eighteen months into this project, ..."), alone otherwise ("The
    MEF process ... had been running for over two years."). None if there is none."""
    hit, sentence, score = pick
    text = hit.chunk["text"]
    start = text.find(sentence)
    if start < 0:
        return None
    end = start + len(sentence)
    for i, (a, b) in enumerate([(a, b) for a, b in sentence_spans(text) if a >= end][:3]):
        if "\n" in text[end:a]:
            return None
        if cue.DURATION.search(text[a:b]):
            return hit, text[start:b] if i == 0 else text[a:b], score
        end = b
    return None
