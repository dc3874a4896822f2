#!/usr/bin/env bash
# `make bench`: builds dist/ (under PUBLIC_URL, default /), prints what a visitor loads against
# the budgets (tools/budget.mjs), then first-visit timings and widget update times
# (tools/bench.mjs), and Lighthouse's scores, performance included (tools/lighthouse.mjs).
# Figures only: nothing here fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."
public_url=${1:-/}
tools/bootstrap.sh --browser
. tools/env.sh
wasm_env trunk build --release --public-url "$public_url" 2>&1 | tail -n 1
echo
node tools/budget.mjs dist "$public_url" || true
echo
node tools/bench.mjs dist "$public_url"
echo
node tools/lighthouse.mjs dist "$public_url"
