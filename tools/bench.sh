#!/usr/bin/env bash
# `make bench`: builds dist/ (under PUBLIC_URL, default /), prints its sizes against the budget,
# the first-load transfer of a lesson page and the widget update time. Figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
public_url=${1:-/}
tools/bootstrap.sh --browser
. tools/env.sh
wasm_env trunk build --release --public-url "$public_url" 2>&1 | tail -n 1
echo
node tools/budget.mjs dist --budget-kb 250 || true
echo
node tools/bench.mjs dist "$public_url"
