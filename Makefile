# Two commands for a fresh machine with Python 3.11:  `make run`  and  `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: setup index run test test-fast eval bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

index: setup  ## build or update the index of reports/ (exit 2 = some files skipped, the rest indexed)
	$(PY) -m index build || [ $$? -eq 2 ]

run: index  ## set up, index, and start the chat app on http://127.0.0.1:8501
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.headless true

test: setup  ## set up and run the whole test suite
	$(PY) -m pytest

test-fast: setup  ## tests without the browser and slow extras
	$(PY) -m pytest -m "not browser and not slow"

eval: index  ## score the gold set, side by side with the naive baseline; rewrites evals/RESULTS.md
	$(PY) -m evals.run --baseline --write-results

bench: index  ## index build and query latency benchmarks
	$(PY) -m evals.bench_index
	$(PY) -m evals.bench_query

clean:
	rm -rf .store .cache artifacts evals/out
