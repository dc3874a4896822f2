#!/usr/bin/env bash
# `make test`: every test layer, in order of speed. Stops at the first failing layer.
#   0. formatting and lints: cargo fmt --check, cargo clippy -D warnings (native and wasm)
#   1. native `cargo test --workspace`: the core (models, lesson pipeline, pages, content of
#      lessons/, properties, 100,000 hostile queries per widget) and the app (router, tidy)
#   2. component tests in headless Chromium (wasm-bindgen-test, tests/web.rs)
#   3. the release site built under /tradeoffs/, the budgets of what a visitor loads, the
#      check that adding a widget does not grow the shell, and Lighthouse on three pages
#   4. end-to-end tests: that site on a plain static server, driven in headless Chromium
#      (accessibility with axe-core, the Content Security Policy, offline, as well as use)
# It ends with the gates' figures and one line for all layers.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/bootstrap.sh --browser
. tools/env.sh

logs=target/test-logs
mkdir -p "$logs"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "0/4 formatting and lints (cargo fmt, cargo clippy)"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --workspace --lib --features probe-widget -- -D warnings
wasm_env cargo clippy -p tradeoffs --target wasm32-unknown-unknown --lib --bins --features split -- -D warnings
wasm_env cargo clippy -p tradeoffs --target wasm32-unknown-unknown --test web -- -D warnings

step "1/4 native tests (cargo test)"
cargo test --workspace -- --skip hostile_inputs 2>&1 | tee "$logs/native.txt"
# 100,000 hostile address queries per widget, with their counts printed.
cargo test -p tradeoffs-core --test hostile -- --nocapture 2>&1 | tee "$logs/hostile.txt"

step "2/4 component tests in headless Chromium (wasm-bindgen-test)"
profile=$(mktemp -d)
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome)
cat >target/webdriver.json <<JSON
{"goog:chromeOptions": {"binary": "$chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
  "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--user-data-dir=$profile"]}}
JSON
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=$(command -v chromedriver) \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/target/webdriver.json" \
  wasm_env cargo test -p tradeoffs --target wasm32-unknown-unknown --test web 2>&1 | tee "$logs/browser.txt"
rm -rf "$profile"

step "3/4 release build under /tradeoffs/ and the budgets of what a visitor loads"
wasm_env trunk build --release --public-url /tradeoffs/ --dist target/e2e-dist 2>&1 | tail -n 3
node tools/budget.mjs target/e2e-dist /tradeoffs/ --check
# Adding a widget must not grow the shell: the same site with a throwaway widget built in.
wasm_env trunk build --release --public-url /tradeoffs/ --features split,probe-widget --dist target/probe-dist 2>&1 | tail -n 1
node tools/shell-growth.mjs target/e2e-dist target/probe-dist
# Lighthouse on three pages: 100 in accessibility, best practices and SEO, or the step fails.
node tools/lighthouse.mjs target/e2e-dist /tradeoffs/ --check 2>&1 | tee "$logs/lighthouse.txt"

step "4/4 end-to-end tests (static server + headless Chromium), and the build tools' own tests"
E2E_DIST=target/e2e-dist E2E_BASE=/tradeoffs/ node --test tests/e2e/*.test.mjs tools/*.test.mjs 2>&1 | tee "$logs/e2e.txt"

# One closing line for every layer together.
passed=$(grep -hoE 'test result: ok\. [0-9]+ passed' "$logs/native.txt" "$logs/hostile.txt" "$logs/browser.txt" | awk '{s += $4} END {print s + 0}')
e2e=$(grep -oE '^# pass [0-9]+' "$logs/e2e.txt" | awk '{print $3}')
printf '\nGates:\n'
grep -hE '^hostile inputs' "$logs/hostile.txt" | sed 's/^/  /' || true
grep -hE '^lighthouse' "$logs/lighthouse.txt" | sed 's/^/  /' || true
grep -hE '^# (axe|CSP|offline)' "$logs/e2e.txt" | sed 's/^# /  /' || true
printf '\nAll layers: %d native and browser component tests, %d end-to-end tests.\n' "$passed" "${e2e:-0}"
echo "$((passed + ${e2e:-0})) passed, 0 failed"
