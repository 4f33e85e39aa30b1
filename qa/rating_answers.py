"""Rating answers from the figures table: the rating lines themselves (one clause per rating
value, each standard cited), and the reasons behind a rating, in the report's own words: a
standard's key-question scores and its strengths or areas for improvement, or, for an overall
rating, the standards rated lowest and the passage where the report gives the rating. A
report that gives no ratings is summed up by its own summing-up sentences ("In short, ...",
"Overall, ...").
"""

from __future__ import annotations

import re

from index.figures import KIND_KEY_QUESTION, KIND_OVERALL, KIND_RATING, KIND_SCORE

from .compose import (CitationBook, SideResult, figure_ref, key_question_line, label, quote_line, rating_line,
                      rating_name, rating_value, same_rating)
from .analysis import asked_sentence
from .counting import count_words
from .cues import (APPRECIATIVE, CRITICAL, FINDINGS_HEADING, REASON_WORDS, STRENGTHS, WEAKNESSES, asked_rating,
                   leaning)
from .figure_lookup import FigureMatch
from .retrieve import Hit
from .text import content_terms, sentence_spans, tokens
from .vocabulary import GENERIC_VERBS, expand


# A sentence that sums up: "In short, nowhere near enough good work ...", "Overall, the NPS's work ...".
_SUMS_UP = re.compile(r"^(?:In short|In summary|In conclusion|To summarise|In sum|Overall)\b,?\s")
_CONCLUDES = re.compile(r"^(?:In short|In summary|In conclusion|To summarise|In sum)\b")
# A sentence that goes on from the one before ("They were not sufficiently effective ...").
_GOES_ON = re.compile(r"(?:They|It|This|These)\b")
# A heading under which a report without ratings gives its judgement ("CRC effectiveness").
_JUDGED_HEADING = re.compile(r"\beffectiveness\b", re.IGNORECASE)
# Words a judgement question asks with, which name no area ("Was its work judged effective?").
_JUDGING_WORDS = set(tokens("judge judged judgement effective ineffective effectiveness good enough sufficient "
                            "well work inspectors inspection inspected verdict positive negative area areas three "
                            "report better worse rate rated rating grade graded agree stick"))


class RatingAnswers:
    """Composes rating lines and their reasons from one corpus (a `Corpus`)."""

    def __init__(self, corpus):
        self.corpus = corpus

    def ranked_questions(self, result: SideResult, report_id: str, best: bool, book: CitationBook,
                         casework: bool = False) -> bool:
        """"Which key question did Norfolk score highest on?": every key question the report
        scores (of its case supervision standards, if `casework`), the best (or worst) first,
        the leading one in full. False if the report scores none."""
        rows = [r for r in self.corpus.figures.rows if r["report_id"] == report_id and r["kind"] == KIND_KEY_QUESTION
                and r["number"] is not None and (not casework or r["standard"].startswith("2."))]
        if not rows:
            return False
        rows.sort(key=lambda r: -r["number"] if best else r["number"])
        first = rows[0]
        n = self.corpus.cite_row(book, first)
        result.figures.append(figure_ref(first, n))
        result.lines.append(f"{label(self.corpus.reports[report_id])}: the {'highest' if best else 'lowest'} "
                            f"key-question score was {first['value']} on “{first['question']}” ({first['standard']}) [{n}].")
        parts = []
        for r in rows[1:]:
            n = self.corpus.cite_row(book, r)
            result.figures.append(figure_ref(r, n))
            parts.append(f"{r['value']} on “{r['question']}” ({r['standard']}) [{n}]")
        if parts:
            result.lines.append(f"The other key-question scores, {'highest' if best else 'lowest'} first: "
                                + "; ".join(parts) + ".")
        result.value, result.value_text, result.value_kind = first["number"], first["value"], KIND_KEY_QUESTION
        return True

    def standard_reasons(self, result: SideResult, matches: list[FigureMatch], question: str,
                              qvec, book: CitationBook, best_first: bool = False) -> bool:
        """Why a standard got its rating: its key-question scores, lowest first, then the
        report's findings for that standard (weaknesses for a low rating, strengths for a high
        one, or what the question asks for). False if no single standard was rated."""
        rated = [m.row for m in matches if m.row["kind"] == KIND_RATING]
        if not rated:
            return False
        row = rated[0]
        report_id, standard = row["report_id"], row["standard"]
        questions = sorted((r for r in self.corpus.figures.rows if r["report_id"] == report_id
                            and r["kind"] == KIND_KEY_QUESTION and r["standard"] == standard),
                           key=lambda r: r["number"] if r["number"] is not None else 0.0, reverse=best_first)
        if questions:
            parts = []
            for r in questions:
                n = self.corpus.cite_row(book, r)
                parts.append(f"{r['value']} on “{r['question']}” [{n}]")
                result.figures.append(figure_ref(r, n))
            order = (", highest first" if best_first else ", lowest first") if len(questions) > 1 else ""
            result.lines.append(f"The key-question scores behind the {standard} rating{order}: "
                                + "; ".join(parts) + ".")
        if STRENGTHS.search(question):
            wanted = "strengths"
        elif WEAKNESSES.search(question):
            wanted = "areas"
        else:
            wanted = "strengths" if (rating_value(row["value"]) or 0) >= 2 else "areas"
        chunks = sorted((c for c in self.corpus.sections.get(report_id, []) if standard.lower() in c["section"].lower()),
                        key=lambda c: ("summary" not in c["section"].lower(), c["start"]))
        anywhere = not chunks
        if anywhere:
            # A report with no section per standard (a press release): its findings anywhere,
            # picked by the question's words.
            chunks = list(self.corpus.sections.get(report_id, []))
        allowed, state, section, headed = set(), None, None, False
        for c in chunks:
            if c["section"] != section:
                state, section = None, c["section"]
            for line in c["text"].split("\n"):
                line = line.strip()
                heading = FINDINGS_HEADING.match(line)
                if heading:
                    state = "strengths" if heading.group(1).lower().startswith("strength") else "areas"
                    headed = True
                    continue
                if not line or state not in (None, wanted) or re.match(r"^Our rating", line):
                    continue
                spans = sentence_spans(line)
                # A bullet's first sentence states the finding; the rest elaborate it.
                for a, b in (spans[:1] if line.startswith(("-", "•")) else spans):
                    allowed.add(line[a:b])
        allowed -= self.corpus.picker.templates
        if anywhere:  # a sentence restating a rating ("Inspectors rated ... as 'Outstanding'") is no reason
            allowed = {x for x in allowed if not re.search(r"\brat(?:ed|ing|ings)\b", x, re.IGNORECASE)}
        # Without the report's own headings, a finding's words tell its direction.
        towards = APPRECIATIVE if wanted == "strengths" else CRITICAL
        allowed = leaning(allowed, towards)
        if not headed:
            # No Strengths / Areas headings: the findings whose words lean the asked way, when
            # there are enough of them, not the neutral ones.
            directed = {x for x in allowed if set(tokens(x, drop_stopwords=False)) & towards}
            if len(directed) >= 2:
                allowed = directed
        hits = [Hit(chunk=c, score=1.0, dense=1.0, lexical=0.0) for c in chunks]
        # A summary of the standard opens with its thesis: that sentence comes first.
        thesis = []
        summary = [h for h in hits if "summary" in h.chunk["section"].lower()]
        if summary:
            text = summary[0].chunk["text"]
            for a, b in sentence_spans(text):
                if text[a:b] in allowed and len(text[a:b]) >= 40:
                    thesis = [(summary[0], text[a:b], 0.0)]
                    break
        terms = set(content_terms(question, self.corpus.catalog.all_places)) - REASON_WORDS
        picks = thesis + self.corpus.picker.pick(hits, terms, n=4 - len(thesis), qvec=qvec, max_per_passage=2,
                                          allowed=allowed, antecedents=True, boost=towards,
                                          exclude={s for _, s, _ in thesis})
        if picks:
            what = ("strengths" if wanted == "strengths" else "areas for improvement") if headed else "findings"
            result.lines.append(f"The report's {what} for {standard}:")
            for hit, sentence, _ in picks:
                k = self.corpus.cite_sentence(book, hit, sentence)
                result.lines.append(quote_line(sentence, None, k))
        return True

    def overall_reasons(self, result: SideResult, matches: list[FigureMatch], qvec,
                             book: CitationBook) -> bool:
        """After an overall rating: the standards rated lowest in the same report, then the
        opening sentences of the passage where the report itself gives the overall rating
        (usually the foreword). False if the report gives the rating nowhere in prose."""
        overall = next((m.row for m in matches if m.row["kind"] == KIND_OVERALL), None)
        if overall is None:
            return False
        report_id = overall["report_id"]
        rows = [self.corpus.figures.rows[i] for i in self.corpus.figures.rows_for([report_id], (KIND_RATING,))]
        ranked = [(rating_value(r["value"]), r) for r in rows if rating_value(r["value"]) is not None]
        if ranked:
            low = min(v for v, _ in ranked)
            cited = []
            for r in (r for v, r in ranked if v == low):
                n = self.corpus.cite_row(book, r)
                result.figures.append(figure_ref(r, n))
                cited.append(f"{r['standard']} [{n}]")
            worst = next(r for v, r in ranked if v == low)
            result.lines.append(f"Standards rated {worst['value']}: "
                                + ", ".join(cited) + ".")
        said = re.compile(r"\brated\W+" + re.escape(overall["value"]) + r"\W+overall|overall rating of\W+"
                          + re.escape(overall["value"]), re.IGNORECASE)
        chunks = self.corpus.sections.get(report_id, [])
        sections = {c["section"] for c in chunks if said.search(c["text"])}
        anchors = [c for c in chunks if c["section"] in sections]
        if not anchors:
            return False
        allowed = set()
        for c in anchors:
            for paragraph in re.split(r"\n\s*\n", c["text"]):
                spans = sentence_spans(paragraph)
                rating_said = [paragraph[a:b] for a, b in spans if said.search(paragraph[a:b])]
                # Each paragraph opens with its point; where the rating itself is given, that
                # sentence (with the one it follows from) stands for the paragraph.
                allowed.update(rating_said or [paragraph[a:b] for a, b in spans[:1]])
        low = (rating_value(overall["value"]) or 0) < 2
        allowed = leaning(allowed, CRITICAL if low else APPRECIATIVE)
        hits = [Hit(chunk=c, score=1.0, dense=1.0, lexical=0.0) for c in anchors]
        picks = self.corpus.picker.pick(hits, CRITICAL if low else APPRECIATIVE, n=4, qvec=qvec, max_per_passage=4,
                                        allowed=allowed - self.corpus.picker.templates, antecedents=True,
                                        exclude={c.quote for c in book.citations})
        for hit, sentence, _ in sorted(picks, key=lambda p: p[0].chunk["text"].find(p[1])):
            result.lines.append(quote_line(sentence, None, self.corpus.cite_sentence(book, hit, sentence)))
        return bool(picks)

    def verdict_in_words(self, result: SideResult, report_id: str, book: CitationBook, n: int = 5) -> bool:
        """"What was the overall verdict on Suffolk in 2017?" of a report that gives no ratings:
        its own summing-up sentences, the one that concludes ("In short, ...") first, then its
        "Overall, ..." findings, those naming whose work they judge ("Overall, CRC work ...")
        before the rest, in report order. Sentences about another year's work ("Overall, in 2013
        we found ...") are left out. False if the report has none."""
        meta = self.corpus.reports[report_id]
        found = []
        for chunk in sorted(self.corpus.sections.get(report_id, []), key=lambda c: c["start"]):
            text = chunk["text"]
            for a, b in sentence_spans(text):
                sentence = text[a:b]
                years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", sentence)}
                if _SUMS_UP.match(sentence) and not years - {meta.year} and len(sentence) >= 40 \
                        and sentence not in {f[1] for f in found}:
                    found.append((chunk, sentence))
        if not found:
            return False
        # The one that concludes first, then those naming whose work they judge ("Overall, CRC
        # work to protect ..."), report order otherwise.
        found.sort(key=lambda f: (not _CONCLUDES.match(f[1]), not re.search(r"\b[A-Z]{2,}\b", f[1])))
        for i, (chunk, sentence) in enumerate(found[:n]):
            k = book.cite(report_id, sentence, chunk["text"], chunk["section"], chunk["page"], chunk["chunk_id"])
            result.lines.append(quote_line(sentence, meta, k, with_label=(i == 0)))
        return True

    def section_verdicts(self, result: SideResult, report_id: str, question: str, book: CitationBook) -> bool:
        """"Was the CRC judged effective at cutting reoffending?" of a report that gives no
        ratings but judges its work area by area under headings such as "Reducing reoffending >
        CRC effectiveness": the sentence opening each such section ("The CRC was not
        sufficiently effective in delivering interventions to reduce reoffending."), for the
        areas and the unit the question names (every area if it names none). False if the
        report has no such sections or the question asks about something narrower than an area
        ("the housing help")."""
        picker, meta = self.corpus.picker, self.corpus.reports[report_id]
        verdicts = []  # (area, judged heading, chunk, sentence)
        for chunk in sorted(self.corpus.sections.get(report_id, []), key=lambda c: c["start"]):
            parts = [p.strip() for p in chunk["section"].split(">")]
            if len(parts) < 2 or not _JUDGED_HEADING.search(parts[-1]):
                continue
            at = chunk["text"].find(parts[-1])
            if at < 0:
                continue  # (a later passage of the section, not its opening)
            start = at + len(parts[-1])
            spans = [(a, b) for a, b in sentence_spans(chunk["text"][start:]) if b - a > 20]
            if spans:
                end = spans[0][1]
                if len(spans) > 1 and _GOES_ON.match(chunk["text"][start + spans[1][0]:]) \
                        and "\n" not in chunk["text"][start + spans[0][1]:start + spans[1][0]]:
                    end = spans[1][1]  # "... was poor. They were not sufficiently effective ..."
                sentence = chunk["text"][start + spans[0][0]:start + end]
                if sentence not in {v[3] for v in verdicts}:
                    verdicts.append((parts[0], parts[-1], chunk, sentence))
        if not verdicts:
            return False
        headings = {w for v in verdicts for w in picker.words(v[1])} - picker.words("effectiveness")
        units = picker.words(question) & headings  # "the CRC" (named in a premise too)
        if units:
            verdicts = [v for v in verdicts if units <= picker.words(v[1])]
        # The topic as the question itself words it (not a premise stated before it).
        own = picker.words(asked_sentence(question))
        topic = own - units - _JUDGING_WORDS - set(GENERIC_VERBS) - picker.words(" ".join(
            self.corpus.catalog.all_places)) - {t for t in own if t.isdigit()}
        by_area = {area: picker.words(expand(area)) for area in {v[0] for v in verdicts}}
        if topic:
            # The areas the question's own words name; failing those, its words' report phrasing.
            chosen = {area for area, words in by_area.items() if topic & words}
            if not chosen:
                asked = picker.words(expand(asked_sentence(question)))
                chosen = {area for area, words in by_area.items() if asked & words}
            covered = set().union(*(by_area[a] for a in chosen)) if chosen else set()
            if not chosen or topic - covered:
                return False  # something narrower than an area ("the housing help")
            verdicts = [v for v in verdicts if v[0] in chosen]
        if not verdicts:
            return False
        result.lines.append(f"{label(meta)} gives no ratings; its judgement of each area:")
        for area, heading, chunk, sentence in verdicts:
            k = book.cite(report_id, sentence, chunk["text"], chunk["section"], chunk["page"], chunk["chunk_id"])
            result.lines.append(f"{area}, {heading}: “{sentence}” [{k}]")
        return True

    def standard_scoring(self, result: SideResult, report_ids: list[str], share: str, book: CitationBook) -> bool:
        """"Which of the region's standards had a key question at 75%?": each standard of
        `report_ids` with a key question scored `share`, its rating, then that key question.
        False if none scored it."""
        figures = self.corpus.figures
        wanted = re.sub(r"\s*per ?cent", "%", share, flags=re.IGNORECASE).replace(" ", "")
        scored = [figures.rows[i] for i in figures.rows_for(report_ids, (KIND_KEY_QUESTION,))
                  if figures.rows[i]["value"].replace(" ", "") == wanted]
        if not scored:
            return False
        for row in scored:
            meta = self.corpus.reports[row["report_id"]]
            rated = [figures.rows[i] for i in figures.rows_for([row["report_id"]], (KIND_RATING,))
                     if figures.rows[i]["standard"] == row["standard"]]
            for r in rated[:1]:
                n = self.corpus.cite_row(book, r)
                result.lines.append(rating_line(r, meta, n))
                result.figures.append(figure_ref(r, n))
            n = self.corpus.cite_row(book, row)
            result.lines.append(key_question_line(row, meta, n))
            result.figures.append(figure_ref(row, n))
        return True

    def rating_lines(self, result: SideResult, matches: list[FigureMatch], book: CitationBook,
                     prefer_score: bool = False, all_named: bool = False) -> None:
        """The rating (and score) lines for `matches`, all from one report; sets the side's value.
        With `all_named` (the question named these standards, three or more), a rating they
        all share is said of "all" of them."""
        meta = self.corpus.reports[matches[0].row["report_id"]]
        overall = [m for m in matches if m.row["kind"] == KIND_OVERALL]
        score = [m for m in matches if m.row["kind"] == KIND_SCORE]
        if overall and score:
            n1, n2 = self.corpus.cite_row(book, overall[0].row), self.corpus.cite_row(book, score[0].row)
            result.lines.append(f"{label(meta)} was rated {overall[0].row['value']} overall [{n1}], "
                                f"with a score of {score[0].row['value']} [{n2}].")
            result.figures += [figure_ref(overall[0].row, n1), figure_ref(score[0].row, n2)]
            main = score[0] if prefer_score else overall[0]
        elif len(matches) > 1 and all(m.row["kind"] == KIND_RATING for m in matches):
            # Several standards: one clause per rating value, each standard cited.
            by_value: dict[str, list[str]] = {}
            for m in matches[:10]:
                n = self.corpus.cite_row(book, m.row)
                by_value.setdefault(m.row["value"], []).append(f"{m.row['standard']} [{n}]")
                result.figures.append(figure_ref(m.row, n))
            clauses = [f"{value} for {', '.join(stds)}" for value, stds in by_value.items()]
            if all_named and len(by_value) == 1 and len(matches[:10]) >= 3:
                # "Run me through Suffolk's casework grades": the same for every one, said so.
                value, stds = next(iter(by_value.items()))
                clauses = [f"{value} for all {count_words(len(stds))}: {', '.join(stds)}"]
            result.lines.append(f"{label(meta)} was rated " + "; ".join(clauses) + ".")
            main = matches[0]
        else:
            parts = []
            for m in matches[:10]:
                n = self.corpus.cite_row(book, m.row)
                parts.append(rating_line(m.row, meta, n))
                result.figures.append(figure_ref(m.row, n))
            result.lines.append(" ".join(parts))
            main = matches[0]
        row = main.row
        if row["kind"] == KIND_SCORE:
            num = re.match(r"(\d+)", row["value"])
            result.value, result.value_kind = (float(num.group(1)) if num else None), KIND_SCORE
        else:
            result.value, result.value_kind = rating_value(row["value"]), KIND_RATING
        result.value_text = row["value"]
        if not result.label:
            result.label = label(meta)

    def across_reports(self, result: SideResult, report_ids: list[str], question: str,
                       book: CitationBook, in_common: bool = False) -> bool:
        """A rating question over several reports ("Of Norfolk, Suffolk and the region, which
        came out worst overall?", "Across the 2024 inspections, did anything get a Good?"): the
        answer first, then each report's ratings, every one cited. False unless at least two
        of the reports give ratings."""
        figures = self.corpus.figures
        rated = [rid for rid in report_ids if figures.has_ratings([rid])]
        if len(rated) < 2:
            return False
        target = asked_rating(question)
        names = [label(self.corpus.reports[rid]) for rid in rated]
        if in_common and target:
            return self._in_common(result, rated, names, target, book)
        if target:
            # Which standards got that rating, report by report; then each report's ratings.
            found = []
            for rid in rated:
                for i in figures.rows_for([rid], (KIND_RATING,)):
                    row = figures.rows[i]
                    if same_rating(row["value"], target):
                        n = self.corpus.cite_row(book, row)
                        result.figures.append(figure_ref(row, n))
                        found.append((label(self.corpus.reports[rid]), f"{row['standard']} [{n}]"))
            value = rating_name(target)
            if not found:
                result.lines.append(f"No: none of {_joined(names)} rated any standard {value}.")
            elif len(found) == 1:
                result.lines.append(f"Yes, one: {found[0][0]} was rated {value} for {found[0][1]}.")
            else:
                result.lines.append(f"Yes, {count_words(len(found))} standards were rated {value}: "
                                    + "; ".join(f"{name} for {std}" for name, std in found) + ".")
            for rid in rated:
                rows = [FigureMatch(figures.rows[i], 1.0) for i in figures.rows_for([rid], (KIND_RATING,))]
                if rows:
                    each = SideResult(label="")
                    self.rating_lines(each, sorted(rows, key=lambda m: -(rating_value(m.row["value"]) or 0)), book)
                    result.lines += each.lines
                    result.figures += [f for f in each.figures if f not in result.figures]
            return True
        return self._overall_ratings(result, rated, names, question, book)

    def _in_common(self, result: SideResult, rated: list[str], names: list[str], target: str,
                   book: CitationBook) -> bool:
        """The standards every report rated `target` first, then each report's own list."""
        figures = self.corpus.figures
        value = rating_name(target)
        by_report = {rid: [figures.rows[i] for i in figures.rows_for([rid], (KIND_RATING,))
                           if same_rating(figures.rows[i]["value"], target)] for rid in rated}
        common = [r["standard"] for r in by_report[rated[0]]
                  if all(any(o["standard"] == r["standard"] for o in by_report[rid]) for rid in rated[1:])]
        both = "Both" if len(rated) == 2 else "All of"
        result.lines.append(f"{both} {_joined(names)} were rated {value} for {', '.join(common)}." if common else
                            f"{_joined(names)} had no standard rated {value} in common.")
        for rid in rated:
            rows = by_report[rid]
            if not rows:
                result.lines.append(f"{label(self.corpus.reports[rid])} rated no standard {value}.")
                continue
            cited = []
            for row in rows:
                n = self.corpus.cite_row(book, row)
                result.figures.append(figure_ref(row, n))
                cited.append(f"{row['standard']} [{n}]")
            result.lines.append(f"{label(self.corpus.reports[rid])} was rated {value} for {', '.join(cited)}.")
        return True

    def _overall_ratings(self, result: SideResult, rated: list[str], names: list[str], question: str,
                         book: CitationBook) -> bool:
        """Each report's overall rating and score, ranked when the best or worst is asked for."""
        figures = self.corpus.figures
        sides = []
        for rid in rated:
            each = SideResult(label="")
            rows = [FigureMatch(figures.rows[i], 1.0) for i in figures.rows_for([rid], (KIND_OVERALL, KIND_SCORE))]
            if not rows:
                continue
            self.rating_lines(each, sorted(rows, key=lambda m: m.row["kind"] != KIND_OVERALL), book)
            score = next((m.row["value"] for m in rows if m.row["kind"] == KIND_SCORE), "")
            overall = next((m.row["value"] for m in rows if m.row["kind"] == KIND_OVERALL), "")
            sides.append((rating_value(overall) if overall else None, _fraction(score), rid, each))
        if len(sides) < 2:
            return False
        best = bool(re.search(r"\b(best|better|highest|strongest|top)\b", question, re.IGNORECASE))
        worst = bool(re.search(r"\b(worst|worse|lowest|weakest|bottom|poorest)\b", question, re.IGNORECASE))
        if best or worst:
            sides.sort(key=lambda x: ((x[0] if x[0] is not None else -1), x[1] if x[1] is not None else -1),
                       reverse=best)
            top = sides[0]
            result.lines.append(f"{label(self.corpus.reports[top[2]])} came out {'best' if best else 'worst'} "
                                f"of the {count_words(len(sides))}: {_lowered(top[3].lines[0])}")
            rest = sides[1:]
        else:
            result.lines.append(f"The overall ratings of {_joined(names)}:")
            rest = sides
        for *_, each in rest:
            result.lines += each.lines
        result.figures += [f for s in sides for f in s[3].figures]
        return True


def _joined(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fraction(score: str) -> float | None:
    """"2/21" -> 0.095 (scores out of different totals compare as fractions)."""
    m = re.match(r"\s*(\d+)\s*/\s*(\d+)", score or "")
    return int(m.group(1)) / int(m.group(2)) if m and int(m.group(2)) else None


def _lowered(line: str) -> str:
    """The rating clause of a report's line ("Norfolk PDU (May 2024) was rated X ..." -> "rated
    X ..."), for a lead that has already named the report."""
    m = re.match(r"^.*?\) was (rated .*)$", line)
    return m.group(1) if m else line
