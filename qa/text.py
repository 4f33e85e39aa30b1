"""Small text helpers shared by retrieval and composition: tokens, sentences, numbers.

Kept deliberately simple and deterministic: lower-case word tokens with the Snowball English
stemmer (PyStemmer), a stopword list, sentence spans with exact offsets, and number extraction that
treats "45%", "45 per cent" and "1,845" alike.
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

STOPWORDS = set("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers him his how i if in into is it its itself just me more most my
no nor not of off on once only or other our ours out over own same she should so some such than
that the their theirs them then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours
tell give show get got please per cent percent percentage proportion share many much number
""".split())
# Words that carry no topic in a question about these reports.
QUESTION_FILLER = set("""
report reports inspection inspections inspected inspectors inspector say said find found
according overall rating rated rate score scored figure figures case cases pdu region regional
probation service services what which how did was were does do is are people
improve improved improvement better worse higher lower compare compared comparison between
difference differ change changed versus vs than more less
""".split())

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


_STEMMER = Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """English Snowball (Porter2) stem: "licence" and "licences", "reduce" and "reducing" meet."""
    return _STEMMER.stemWord(word)


# "PDUs", "SPOs": an abbreviation's plural is the abbreviation (the stemmer leaves "pdus").
_ABBREVIATION_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def tokens(text: str, drop_stopwords: bool = True) -> list[str]:
    text = _ABBREVIATION_PLURAL.sub(r"\1", text)
    words = [w[:-2] if w.endswith("'s") else w.rstrip("'")
             for w in _WORD.findall(text.lower().replace("’", "'"))]
    return [stem(w) for w in words if not (drop_stopwords and w in STOPWORDS)]


def content_terms(question: str, extra_ignore: set[str] = frozenset()) -> list[str]:
    """Topic-bearing stems of a question (stopwords, filler, places and years removed)."""
    ignore = {stem(w) for w in QUESTION_FILLER}
    ignore |= {stem(w) for phrase in extra_ignore for w in _WORD.findall(phrase.lower())}
    return [t for t in tokens(question) if t not in ignore and not t.isdigit()]


# A sentence ends at . ! or ? (and a closing quote) followed by a space or the end; "15.8" and
# "e.g.x" do not end one. Runs are matched possessively and a line that never ends a sentence
# ("P 2.1. Assessment", a URL) is matched whole and skipped: linear time, no fragments such as
# "P 2." cut out of headings by backtracking.
_SENTENCE = re.compile(r"(?:[^.!?\n]++|[.!?](?=[^\s.!?\"”’)]|[\"”’)][^\s.!?]))++([.!?]+[\"”’)]?|$)?")


def _cut_sentence(line: str) -> bool:
    """A line that ends without a full stop but reads as a sentence cut short (at a page
    break), not a heading: long, mostly lower-case, not a lead-in to a list."""
    words = line.split()
    if len(words) < 12 or "\t" in line or line.rstrip().endswith(":"):
        return False
    return sum(w[0].isupper() or w[0].isdigit() for w in words) < 0.3 * len(words)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentences and table rows in `text`, leading bullets dropped."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if m.group(1) is None and not _cut_sentence(m.group(0)):
            # Ran into a line break before any sentence end: a heading or a short label is
            # skipped; a long line is a sentence cut at a page break ("... first promised for
            # June 2015, has still not been"), still a finding.
            continue
        s, e = m.start(), m.end()
        while s < e and text[s] in " \t-•*":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        if e - s >= 3:
            spans.append((s, e))
    return spans


def as_asked(stems: list[str], question: str) -> list[str]:
    """The question's own words for `stems` ("attrit" -> "attrition"), for messages."""
    words = {}
    for w in _WORD.findall(question.lower()):
        for t in tokens(w):
            words.setdefault(t, w.lower())
    return [words.get(t, t) for t in stems]


# A year a question may name (1980-2049): how questions pick reports by date.
YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")

_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")


def numbers_in(text: str) -> set[str]:
    """Numbers as normalised strings ("1,845" -> "1845")."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}
