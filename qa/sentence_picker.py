"""Choose the sentences of retrieved passages that best answer a question.

A sentence scores by meaning (cosine similarity to the question, sentence vectors cached),
by the rare question words it contains (IDF-weighted, with abbreviations and word groups
matched in either form) and by the rank of its passage. Table rows are read whole; headings,
footnotes, captions and definitions are never quoted as findings.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .retrieve import Hit
from .text import YEAR, numbers_in, sentence_spans, tokens
from .vocabulary import same_words

_NUMBER_WORDS = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|third|thirds|quarter|quarters|"
    r"none|all|most|majority|minority)\b", re.IGNORECASE)


_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|per ?cent)", re.IGNORECASE)
# "minority ethnic", "all of the region's offices": quantity words that are not a figure.
_NOT_A_QUANTITY = re.compile(r"\b(?:ethnic minorit\w*|minority ethnic|black, asian and minority|one-to-one|one-off|"
                             r"no one)\b", re.IGNORECASE)  # ("one-to-one delivery" counts nothing)
_OUT_OF = re.compile(r"\b\d+\s+(?:out\s+)?of\s+(?:the\s+)?\d+\b|\b\w+ in (?:\w+ )?(?:ten|\d+)\b", re.IGNORECASE)
_FRACTION_WORDS = re.compile(r"\b(?:half|halves|third|thirds|quarter|quarters|fifth|fifths|tenth|majority|minority|"
                             r"most|few|fewer than|more than)\b", re.IGNORECASE)
_CARDINALS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred)\b",
                        re.IGNORECASE)


def states_quantity(sentence: str) -> bool:
    """Whether a sentence states a figure or a share in words ("more than half")."""
    return bool(numbers_in(sentence) or _FRACTION_WORDS.search(_NOT_A_QUANTITY.sub(" ", sentence)))


_BACK_REFERENCE = re.compile(
    r"^(?:As a result|Consequently|Therefore|Because of this|This|That|These|Those|It|They|Despite this|"
    r"Of (?:those|these|them)|In (?:those|these))\b")
_DEFINITION = re.compile(r"^In this (?:section|report|chapter)\b[^.]*\bmeans\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^[ \t]*([^\t\n]+(?:\t[^\t\n]*)*\t[^\t\n]*[^\s\t])[ \t]*$", re.MULTILINE)
_CAPTION = re.compile(r"^(?:Table|Figure|Chart|Graph)\s+\d+(?:[.:]|\s+(?:identifies|shows|sets out|summarises|lists|gives|presents)\b)")
# A glossary defines the report's terms: "Drug Rehabilitation Requirement<TAB>A requirement that
# a court may attach ...". Its rows are what a term means, never a finding about the work.
_GLOSSARY = re.compile(r"\bglossary\b", re.IGNORECASE)
_CASE_EXAMPLE = re.compile(r"^(?:Good|Poor|Bad|Positive|Negative)? ?(?:practice )?(?:example|case study)\s*:",
                           re.IGNORECASE)
LEAN_BONUS = 0.6  # about a tenth of the cosine range: a tie-breaker, not a topic
# "What did the inspectors make of ...?" asks for a judgement itself: a sentence that judges
# (well, poor, effective, uneasy) is worth more than a tie-breaker, though still not a topic.
JUDGEMENT_BONUS = 1.5
MAX_EMBEDDED = 16  # sentences scored by meaning per question side


class SentencePicker:
    """Chooses the sentences of retrieved passages that best answer the question.

    A sentence scores by meaning (cosine similarity to the question, sentence vectors cached)
    and by the rare question words it contains (IDF-weighted), with a small bonus for the rank
    of the passage it comes from.
    """

    def __init__(self, chunks: list[dict], embedder=None, cache_size: int = 20000):
        df: dict[str, int] = {}
        for c in chunks:
            for t in set(tokens(c["text"])):
                df[t] = df.get(t, 0) + 1
        n = max(1, len(chunks))
        self.idf = {t: math.log(1 + n / f) for t, f in df.items()}
        self.default_idf = math.log(1 + n)
        self.embedder = embedder
        self.templates: set[str] = set()  # template wording, ranked below findings
        self._cache: dict[str, list[float]] = {}
        self._cache_size = cache_size
        self.abbreviations = None  # an Abbreviations: "SPOs" then also holds "senior probation officers"

    def words(self, sentence: str) -> set[str]:
        """The stems of `sentence`, with the other form of any abbreviation it uses."""
        toks = same_words(set(tokens(sentence)))
        return self.abbreviations.augment(toks) if self.abbreviations is not None else toks

    def weight(self, terms) -> float:
        """How much `terms` say: the sum of their IDF (a rare word says more than a common one)."""
        return sum(self.idf.get(t, self.default_idf) for t in terms)

    def rare(self, terms, minimum: float = 2.0) -> set[str]:
        """The `terms` rarer than `minimum` IDF (2.0: in under about a seventh of passages)."""
        return {t for t in terms if self.idf.get(t, self.default_idf) >= minimum}

    def score(self, sentence: str, terms: set[str], boost: set[str] = frozenset()) -> float:
        toks = self.words(sentence)
        terms = same_words(terms)
        gain = sum(self.idf.get(t, self.default_idf) for t in terms & toks)
        gain += sum(self.idf.get(t, self.default_idf) for t in boost & toks)
        return gain / (1.0 + 0.15 * math.log(1 + len(toks)))

    def vectors(self, sentences: list[str]):
        """Sentence vectors, embedded once and cached (None without an embedder)."""
        missing = [s for s in dict.fromkeys(sentences) if s not in self._cache]
        if missing and self.embedder is not None:
            if len(self._cache) > self._cache_size:
                self._cache.clear()
            for s, v in zip(missing, self.embedder.embed(missing)):
                self._cache[s] = v
        return [self._cache.get(s) for s in sentences]

    def pick(self, hits: list[Hit], terms: set[str], n: int, need_number: bool | str = False,
             exclude: set[str] = frozenset(), boost: set[str] = frozenset(), qvec=None,
             max_per_passage: int = 3, allowed: set[str] | None = None,
             antecedents: bool = False, lean: set[str] = frozenset(),
             lean_bonus: float = LEAN_BONUS) -> list[tuple[Hit, str, float]]:
        """The `n` best sentences of `hits`. `need_number` keeps sentences with a figure
        ("count": a number, not "most" or "half"); `lean` words earn a small bonus (the
        direction a question asks about). `allowed` limits the candidates; with
        `antecedents` a sentence that opens with a back-reference ("As a result, ...") is
        quoted together with the sentence it refers to."""
        candidates = []
        for rank, hit in enumerate(hits):
            if _GLOSSARY.search(hit.chunk.get("section") or ""):
                continue
            text = hit.chunk["text"]
            prev = None
            for s, e, row in _units(text):
                sentence = text[s:e]
                if antecedents and prev is not None and not row and _BACK_REFERENCE.match(sentence) \
                        and "\n" not in text[prev:s]:
                    sentence = text[prev:e]
                if not row:
                    prev = s
                if allowed is not None and text[s:e] not in allowed:
                    continue
                if len(sentence) < (12 if row else 30) or sentence in exclude or sentence.rstrip().endswith("?"):
                    continue
                if not row and len(sentence.split()) < 8 and not sentence.rstrip().endswith((".", "!", "”", "\"")):
                    continue  # a heading ("Rehabilitation activity requirements"), not a finding
                if not row and re.search(r"\b(?:in|of|to|for|with|by)\s+\d+\s*$", sentence):
                    continue  # cut by a page break mid-figure ("... safeguarding of children in 17")
                if need_number == "count":
                    # "how many": a count, not "55 per cent", "most" or the year in a date
                    bare = _NOT_A_QUANTITY.sub(" ", YEAR.sub(" ", _PERCENTAGE.sub(" ", sentence)))
                    if not (numbers_in(bare) or _CARDINALS.search(bare)):
                        continue
                if need_number == "share" and not (_PERCENTAGE.search(sentence) or _OUT_OF.search(sentence)
                                                   or _FRACTION_WORDS.search(_NOT_A_QUANTITY.sub(" ", sentence))):
                    continue
                if need_number and not (numbers_in(sentence) or _NUMBER_WORDS.search(_NOT_A_QUANTITY.sub(" ", sentence))):
                    continue
                if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹\d]+\s", sentence) and "\t" not in sentence:  # footnotes
                    continue
                if _DEFINITION.match(sentence):
                    continue  # "In this section, 'X' means ...": a definition, not a finding
                if _CAPTION.match(sentence):  # "Table 5: Barrier for the NPS ...", a caption, not a finding
                    continue
                candidates.append([hit, sentence, self.score(sentence, terms, boost), rank])
        if not candidates:
            return []
        top_lex = max(c[2] for c in candidates) or 1.0
        if qvec is not None and len(candidates) > MAX_EMBEDDED:
            # Only the most promising sentences are embedded (the query path must stay fast).
            candidates.sort(key=lambda c: -(3.0 * c[2] / top_lex + 1.0 / (1 + c[3])))
            candidates = candidates[:MAX_EMBEDDED]
        sims = [None] * len(candidates)
        if qvec is not None and self.embedder is not None:
            q = np.asarray(qvec)
            sims = [float(np.dot(q, v)) if v is not None else 0.0
                    for v in self.vectors([c[1] for c in candidates])]
        scored = []
        for (hit, sentence, lex, rank), sim in zip(candidates, sims):
            value = 3.0 * lex / top_lex + 1.0 / (1 + rank)
            if sentence in self.templates:
                value -= 3.0
            if _CASE_EXAMPLE.match(sentence) or sentence.lstrip().startswith(("“", '"')):
                # one person's story ("Poor practice example: Derek was ...") or words ("“My
                # probation officer is really calm”"), not a finding
                value -= 1.5
            if sim is not None:
                value += 6.0 * sim
            if lean and lean & set(tokens(sentence)):
                value += lean_bonus  # a finding in the direction the question asks about
            scored.append((hit, sentence, value, lex))
        scored.sort(key=lambda c: -c[2])
        out, seen, per_passage = [], set(), {}
        for hit, sentence, value, lex in scored:
            cid = hit.chunk["chunk_id"]
            if sentence in seen or per_passage.get(cid, 0) >= max_per_passage:
                continue
            if any(_overlap(sentence, o[1]) for o in out):
                continue  # one sentence quoted again with the one before it
            seen.add(sentence)
            per_passage[cid] = per_passage.get(cid, 0) + 1
            out.append((hit, sentence, lex))
            if len(out) == n:
                break
        return out


# A row of a two-column numbered list: "1.<TAB>strength<TAB>1.<TAB>area for improvement".
_PAIRED_ROW = re.compile(r"^\s*\d+\.\t([^\t]+?)\s*\t\d+\.\t([^\t]+?)\s*$")


def _units(text: str):
    """(start, end, is_row) for the sentences of `text` and for its table rows: a row such as
    "Assisting sentencing<TAB>85%" or a recommendation with its progress category is read whole,
    since its last cells carry no sentence punctuation."""
    rows = [(m.start(1), m.end(1)) for m in _TABLE_ROW.finditer(text)]
    for s, e in sentence_spans(text):
        if not any(a <= s and e <= b for a, b in rows):  # a cell's sentence is read with its row
            yield s, e, False
    for i, (a, b) in enumerate(rows):
        # The first row of a table of several is its header ("Outcomes<TAB>The proportion ...").
        first = i == 0 or "\n" in text[rows[i - 1][1] + 1:a].strip(" \t") or text[rows[i - 1][1]:a].count("\n") > 1
        has_next = i + 1 < len(rows) and text[b:rows[i + 1][0]].count("\n") == 1
        if first and has_next:
            continue
        if text[a:b].split("\t", 1)[0].rstrip().endswith("?"):
            continue  # a key-question row: answered from the figures table, not quoted as prose
        paired = _PAIRED_ROW.match(text[a:b])
        if paired:
            # "1.<TAB>a strength<TAB>1.<TAB>an area for improvement": two findings side by side,
            # each read as a sentence of its own.
            yield a + paired.start(1), a + paired.end(1), False
            yield a + paired.start(2), a + paired.end(2), False
            continue
        yield a, b, True


def _overlap(a: str, b: str) -> bool:
    """Whether two quotes share a sentence (one may extend the other backwards)."""
    if a in b or b in a:
        return True
    return bool({a[x:y] for x, y in sentence_spans(a)} & {b[x:y] for x, y in sentence_spans(b)})
