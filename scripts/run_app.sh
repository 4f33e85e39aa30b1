#!/usr/bin/env sh
# Start the Streamlit app on this machine: ./scripts/run_app.sh [extra streamlit options]
#
# Offline by design: the embedding model ships in a package and nothing may be downloaded.
# The index is read from QA_STORE_DIR (default ./.store); with no index the first start
# builds it from QA_REPORTS_DIR (default ./reports), once, with a progress bar.
set -eu
cd "$(dirname "$0")/.."
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 ANONYMIZED_TELEMETRY=False
PYTHON="${PYTHON:-.venv/bin/python}"
exec "$PYTHON" -m streamlit run app.py \
  --server.address "${QA_APP_ADDRESS:-127.0.0.1}" --server.port "${QA_APP_PORT:-8501}" "$@"
