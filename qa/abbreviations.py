"""Abbreviations the reports define themselves, so "senior probation officers" meets "SPOs".

Reports spell a term out once with its abbreviation in brackets ("Senior Probation Officers
(SPOs)") and use the abbreviation afterwards; people ask in either form. This module reads the
definitions out of the indexed text (a simplified Schwartz-Hearst match: the initials of the
words before the brackets spell the abbreviation) and lets question words and sentence words
meet across the two forms. It knows nothing of any particular report: a new report's
abbreviations are found the same way. It does not retrieve or compose anything.
"""

from __future__ import annotations

import re

from .text import stem, tokens

# "Probation Delivery Units (PDUs)", "Offender Assessment System (OASys)", "PQiP", "MAPPA".
_DEFINITION = re.compile(r"((?:[A-Za-z][A-Za-z'’]*[ -]){1,8})\(([A-Z][A-Za-z]{1,7})\)")
_LINKING = {"of", "and", "in", "the", "for", "on", "to", "&"}


def _long_form(words: list[str], letters: str) -> list[str] | None:
    """The shortest run of trailing `words` whose initials spell `letters` (linking words such
    as "of" may be skipped), or None."""
    for start in range(len(words) - 1, -1, -1):
        run = words[start:]
        initials = "".join(w[0] for w in run if w.lower() not in _LINKING).upper()
        if initials == letters:
            return run if run[0].lower() not in _LINKING else None
        if len(initials) > len(letters):
            return None
    return None


def find_definitions(texts) -> dict[str, str]:
    """{abbreviation: long form} for every definition in `texts` ("SPO": "Senior Probation
    Officers"). A plural abbreviation is stored in the singular."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _DEFINITION.finditer(text):
            abbr = m.group(2)
            if abbr.endswith("s") and len(abbr) > 2 and abbr[:-1].isupper():
                abbr = abbr[:-1]
            letters = "".join(ch for ch in abbr if ch.isupper())
            if len(letters) < 2:
                continue
            words = [w for w in re.split(r"[ -]+", m.group(1).strip()) if w]
            run = _long_form(words, letters)
            if run:
                found.setdefault(abbr, " ".join(run))
    return found


class Abbreviations:
    """Lets the two forms of a defined abbreviation stand in for each other."""

    def __init__(self, definitions: dict[str, str]):
        self.definitions = definitions
        # stem of the abbreviation ("spo", also the plural's stem) -> stems of the long form
        self._long: dict[str, frozenset[str]] = {}
        for abbr, long in definitions.items():
            words = frozenset(tokens(long))
            if len(words) < 2:
                continue
            for form in (abbr.lower(), abbr.lower() + "s"):
                self._long[stem(form)] = words
        self._pairs = [(a, words) for a, words in self._long.items()]

    @classmethod
    def from_texts(cls, texts) -> "Abbreviations":
        return cls(find_definitions(texts))

    def augment(self, words: set[str]) -> set[str]:
        """`words` (stems) plus the other form of every abbreviation they hold in full."""
        out = set(words)
        spelled = [long for _, long in self._pairs if long <= words]
        for abbr, long in self._pairs:
            if abbr in words:
                out |= long
            elif long in spelled and not any(long < other for other in spelled):
                out.add(abbr)  # "senior probation officers" is an SPO, not also a PO
        return out

    def expand(self, query: str) -> str:
        """`query` with the other form of each abbreviation it uses appended (for BM25)."""
        words = set(tokens(query))
        added = self.augment(words) - words
        extra = [abbr for abbr in self.definitions if stem(abbr.lower()) in added]
        extra += [long for abbr, long in self.definitions.items()
                  if stem(abbr.lower()) in words or stem(abbr.lower() + "s") in words]
        return query if not extra else query + " " + " ".join(extra)
