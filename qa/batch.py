"""Read the batch-question format: one JSON object per line with a "question" string
(and optional "id" and "history"). Shared by `python -m qa ask --batch` and the baseline in
`evals/`, so both accept exactly the same files."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def read_batch(path: str):
    """Yield the items of a JSONL file ('-' = stdin); a bad line raises ValueError naming it."""
    stream = sys.stdin if path == "-" else Path(path).open(encoding="utf-8")
    with stream:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError(f"{path}:{lineno}: each line needs a \"question\" string")
            yield item
