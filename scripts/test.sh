#!/usr/bin/env bash
# Install everything the tests need (system packages, pinned Python packages) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-deps.sh
scripts/install.sh --test
.venv/bin/ruff check src tests tools benchmarks
.venv/bin/ruff format --check src tests tools benchmarks
.venv/bin/python -m pytest "$@"
