"""Evaluation of the product through its public interfaces, as an outside script would.

- `evals.run`: runs a gold question set through `python -m qa ask --batch --json` (and, with
  `--baseline`, through the naive LangChain baseline) and scores both with one scorer.
- `evals.baseline`: the naive RAG baseline (splitter 1000/200 + same embeddings + Chroma, k=4).
- `evals.bench_query`: warm and cold query latency, product vs baseline retrieval.

Nothing here changes the product or tunes it; see `evals/README.md` for the gold-file schema.
"""
