"""Questions that count things ("How many SPOs does Norfolk have?"): what is counted, and the
sentence of a report that counts it ("The PDU has 10 SPOs ...").
"""

from __future__ import annotations

import re

from .retrieve import Hit
from .text import QUESTION_FILLER, STOPWORDS, sentence_spans, tokens
from .cues import LEVEL_WORDS
from .vocabulary import GENERIC_VERBS, STANDARD_HINTS, same_words

# The thing a "how many" question counts: the words after "how many" ("senior probation officers").
_COUNTED = re.compile(r"\b(?:how many|number of|(?:has|have|had) (?:more|fewer))\s+((?:[\w'-]+\s+){0,2}[\w'-]+)",
                      re.IGNORECASE)  # ("Which PDU has more people out on licence?": a count on each side)
# Verbs of saying what one thinks, as a survey records it.
_VIEWS = ("thought|felt|said|told|agreed|believed|considered|reported|responded|stated|indicated|described|rated|"
          "wanted|complained|disagreed")
_VERB_FIRST = re.compile(rf"(?:{_VIEWS}|got|had|were|was|did|knew|saw|found|made|took|gave|needed|received|"
                         r"experienced)\b", re.IGNORECASE)
_VIEW_AFTER_PEOPLE = re.compile(rf"(?:staff|people|respondents|practitioners|managers|officers|service users)\s+"
                                rf"(?:{_VIEWS})\b", re.IGNORECASE)
# A number and the (up to three) words it counts: "10 SPOs", "eight PDUs", "15 service users".
_COUNT_BEFORE = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))\s+"
                           r"((?:[A-Za-z'-]+\s+){0,3}[A-Za-z'-]+)", re.IGNORECASE)
# People employed are staff: "How many staff does the region have?" is counted by "The region
# employs 1,917 people".
_STAFF = set(tokens("staff employees workers workforce"))
_EMPLOYS = re.compile(r"\bemploy(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?\d[\d,]*\s+(?:people|staff|employees)\b", re.IGNORECASE)
_WHERE_THEY_ARE = re.compile(r"\b(?:are|were|is|was|out)\s+((?:on|in)\s+(?:a\s+)?(?:licen[cs]es?|custody|prison|"
                             r"community (?:orders?|sentences?)))\b", re.IGNORECASE)
# "How many of those were women?": the counted trait.
_OF_THOSE = re.compile(r"\bhow many of (?:those|these|them|the cases)\s+(?:were|are)\s+(women|men|female|male|"
                       r"young adults|care leavers)\b", re.IGNORECASE)
_NUMBER_NAMES = "zero one two three four five six seven eight nine ten eleven twelve".split()


def count_words(n: int) -> str:
    """A small count in words ("seven"), a larger one in digits."""
    return _NUMBER_NAMES[n] if 0 <= n < len(_NUMBER_NAMES) else str(n)


# A verb followed by where ("... managers work in the team"): the counted phrase ends before it.
_VERBS_OF_PLACE = {"work", "works", "worked", "live", "lived", "serve", "served", "sit", "sat", "operate", "operated",
                   "remain", "remained", "report", "reported", "stay", "stayed"}
_PLACE_WORDS = {"in", "at", "for", "on", "across", "within", "with", "from"}


def counted(question: str, places: set[str]) -> set[str]:
    """The stems of what a "how many" question counts ("How many senior probation officers
    does Norfolk have?" -> {"senior", "offic"}); empty when it counts cases or people."""
    asked = _COUNTED.search(question)
    if not asked:
        return set()
    phrase = []
    if counts_respondents(question):
        return set()  # "how many thought the service was good": people, not a thing
    words = asked.group(1).split()
    following = question[asked.end(1):].split()[:1]  # the word after the phrase, to see a verb's place
    words_on = words + following
    for i, word in enumerate(words):  # the noun phrase ends at the verb: "SPOs does ..."
        if word.lower() in STOPWORDS or any(word.lower() in p.split() for p in places):
            break
        if phrase and word.lower() in _VERBS_OF_PLACE and i + 1 < len(words_on) and words_on[i + 1].lower() in _PLACE_WORDS:
            break  # "How many reviewing managers work in the team?"
        phrase.append(word)
    # The phrase's own stems, less a report's level ("CRC service users": the service users):
    # a sentence must hold each (in either form of an abbreviation).
    counted_words = set(tokens(" ".join(phrase)))
    # ("probation" says nothing in a question, except in a job title: "probation officers")
    kept = set(tokens("probation")) if re.search(r"\bprobation (?:services? )?officers?\b", " ".join(phrase), re.I) else set()
    thing = counted_words - (set(tokens(" ".join(QUESTION_FILLER))) - kept) - GENERIC_VERBS - LEVEL_WORDS
    if not thing:
        # "How many people on probation in Suffolk are on licence?": people, counted by where
        # they are ("540 were on licences").
        where = _WHERE_THEY_ARE.search(question, asked.start(1)) or _OF_THOSE.search(question)
        thing = same_words(set(tokens(where.group(1)))) if where else set()
    return _standard_named(thing) or thing


def _standard_named(thing: set[str]) -> set[str]:
    """The stems of the standard a counted phrase is an everyday name for ("prison-release
    cases" are resettlement cases, "pre-sentence reports" court reports); else empty."""
    for name, cues in STANDARD_HINTS.items():
        if len(thing) > 1 and any(set(tokens(c)) == thing for c in cues if c != name):
            return set(tokens(name)) - set(tokens("work"))
    return set()


def counts_respondents(question: str) -> bool:
    """"How many thought the service was good?": people who said or did something, which a
    share of them answers ("18 per cent")."""
    asked = _COUNTED.search(question)
    # ("How many staff felt they couldn't get access ...?": staff who said so, a share of them)
    return bool(asked and (_VERB_FIRST.match(asked.group(1)) or _VIEW_AFTER_PEOPLE.match(asked.group(1))))


def counts(sentence: str, wanted: set[str], picker) -> bool:
    """Whether `sentence` puts a number right before the thing the question counts
    (`wanted`, from `counted`: "How many SPOs ...?" -> "10 SPOs", "eight PDUs")."""
    return count_in(sentence, wanted, picker) is not None


def count_in(sentence: str, wanted: set[str], picker) -> tuple[float, str] | None:
    """The number `sentence` gives for the thing counted, and its words ("540 were on
    licences" -> (540, "540 were on licences")); None if it gives none."""
    if not wanted:
        return None
    employs = _EMPLOYS.search(sentence) if wanted <= _STAFF else None
    if employs:
        return _value(employs.group(0)), employs.group(0)  # "The region employs 1,917 people": its staff
    for m in _COUNT_BEFORE.finditer(sentence):
        if re.search(r"\b(?:out of|of|in)\s*$", sentence[:m.start()], re.IGNORECASE):
            continue  # "47 out of 50 relevant staff": a share of them, not how many there are
        words = picker.words(m.group(1))
        if wanted <= words and _abbreviated(wanted, picker) <= words:
            # all of it ("two approved premises" counts no beds), and in the same short form:
            # "10 SPOs" counts no probation officers (POs)
            return _value(m.group(0)), m.group(0)
    return None


def _value(words: str) -> float:
    """The number a count's words start with ("1,917 people" -> 1917, "eight PDUs" -> 8)."""
    digits = re.search(r"\d[\d,]*", words)
    if digits:
        return float(digits.group(0).replace(",", ""))
    return float(_NUMBER_NAMES.index(re.match(r"\w+", words).group(0).lower()))


def _abbreviated(wanted: set[str], picker) -> set[str]:
    """The short form a counted phrase has ("probation officers" -> {"po"}), if any."""
    abbreviations = getattr(picker, "abbreviations", None)
    return abbreviations.augment(wanted) - wanted if abbreviations is not None else set()


def counting_sentence(passages: list[dict], wanted: set[str], terms: set[str], picker):
    """The sentence of `passages` that best counts `wanted`, as a pick (hit, sentence, score)."""
    best = None
    for c in passages:
        text = c["text"]
        for a, b in sentence_spans(text):
            sentence = text[a:b]
            if len(sentence) >= 30 and counts(sentence, wanted, picker):
                score = picker.score(sentence, terms)
                if best is None or score > best[2]:
                    best = (Hit(chunk=c, score=0.0, dense=0.0, lexical=0.0), sentence, score)
    return best
