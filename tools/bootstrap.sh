#!/usr/bin/env bash
# Installs whatever the Makefile targets need and is missing; skips what is already there.
#
#   tools/bootstrap.sh            Rust toolchain + wasm32 target, trunk, wasm-bindgen-cli at the
#                                 version Cargo.lock uses, wasm-split-cli, and wasm-opt, esbuild
#                                 and playwright-core from npm
#   tools/bootstrap.sh --browser  the same, plus Chromium and ChromeDriver for the browser tests
#
# The Rust toolchain comes from rust-toolchain.toml through rustup. If rustup cannot install
# it (no route to its server), the fallback is Debian's rustc-web, which builds the standard
# library for wasm32 from source (see tools/env.sh). TRADEOFFS_TOOLCHAIN=web forces the fallback.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tools

TRUNK_VERSION=0.22.1
TRUNK_FALLBACK_VERSION=0.21.14 # builds with older compilers (e.g. a distribution's rustc)

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif have sudo && sudo -n true 2>/dev/null; then sudo -n "$@"; else
    say "this needs root (or password-less sudo): $*"; return 1
  fi
}
apt_install() {
  have apt-get || { say "no apt-get: install $* with your package manager"; return 1; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ||
    { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"; }
}

channel=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

# 1. The Rust toolchain and the wasm32 target.
rust_via_rustup() {
  [ "${TRADEOFFS_TOOLCHAIN:-}" = web ] && return 1
  if ! have rustup; then
    have curl || return 1
    say "installing rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --default-toolchain none || return 1
    export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  fi
  if rustup run "$channel" rustc --print target-libdir --target wasm32-unknown-unknown >/dev/null 2>&1 &&
    [ -d "$(rustup run "$channel" rustc --print target-libdir --target wasm32-unknown-unknown)" ]; then
    return 0
  fi
  say "installing Rust $channel with the wasm32 target (rustup)"
  rustup toolchain install "$channel" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown &&
    rustup target add --toolchain "$channel" wasm32-unknown-unknown
}
rust_via_debian() {
  say "rustup could not provide Rust $channel: falling back to Debian's rustc-web with std built from source"
  if ! /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1\.9[6-9]' || ! [ -d /usr/lib/rustlib/src/rust/library ]; then
    # The current rustc-web (1.96) is in the security suite: refresh the lists first.
    as_root apt-get update || true
    apt_install rustc-web cargo-web rust-web-src
  fi
  # The WebAssembly linker: Debian's rustc ships no working rust-lld; LLVM's wasm-ld does
  # the job (tools/env.sh points cargo at it).
  if ! have rust-lld && ! have wasm-ld-22 && ! have wasm-ld; then
    apt_install lld-22 || apt_install lld
  fi
  if have rustup && ! rustup toolchain list | grep -q '^web'; then
    rustup toolchain link web /usr
  fi
}
if rust_via_rustup; then
  echo rustup >.tools/toolchain
else
  rust_via_debian
  echo web >.tools/toolchain
fi
# shellcheck source=tools/env.sh
. tools/env.sh

# 2. Trunk.
if ! trunk --version 2>/dev/null | grep -Eq "trunk ($TRUNK_VERSION|$TRUNK_FALLBACK_VERSION)\b"; then
  say "installing trunk $TRUNK_VERSION (several minutes on a cold machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked ||
    cargo install trunk --version "$TRUNK_FALLBACK_VERSION" --locked
fi

# 3. wasm-bindgen-cli, exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$want" ]; then
  say "Cargo.lock names no wasm-bindgen version"; exit 1
fi
if ! grep -q "wasm_bindgen = \"$want\"" Trunk.toml; then
  say "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen ($want)"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ] ||
  [ "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  say "installing wasm-bindgen-cli $want"
  if ! cargo install wasm-bindgen-cli --version "=$want" --locked --force; then
    # Its lock file can name a dependency version a registry mirror lacks (webpki-roots
    # 1.0.11): install from the unpacked crate with that one dependency stepped back.
    src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/wasm-bindgen-cli-"$want" 2>/dev/null | head -n 1)
    [ -n "$src" ] || { say "wasm-bindgen-cli $want could not be fetched"; exit 1; }
    work=$(mktemp -d)
    cp -r "$src" "$work/cli"
    (cd "$work/cli" && { cargo update -p webpki-roots --precise 1.0.10 || true; } && cargo install --path . --locked --force)
    rm -rf "$work"
  fi
fi

# 3b. wasm-split-cli, which splits the wasm into a shell and lazily loaded chunks (it must
#     understand the wasm-bindgen version above: 0.2.4 does for 0.2.128 and later).
SPLIT_VERSION=0.2.4
if ! cargo install --list 2>/dev/null | grep -q "^wasm_split_cli_support v$SPLIT_VERSION:" || ! have wasm-split-cli; then
  say "installing wasm-split-cli $SPLIT_VERSION"
  cargo install wasm_split_cli_support --version "=$SPLIT_VERSION" --locked --features build-binary --force
fi

# 4. wasm-opt (npm's binaryen: Debian's older binaryen silently breaks the module), esbuild
#    (minifies the JS glue the split step rewrites), playwright-core (drives the system
#    Chromium; it never downloads a browser), axe-core and lighthouse (the accessibility and
#    best-practice gates; lighthouse runs the system Chromium too).
have npm || apt_install nodejs npm
node_major=$(node --version 2>/dev/null | sed 's/^v\([0-9]*\).*/\1/')
if [ "${node_major:-0}" -lt 20 ]; then
  say "Node.js 20 or newer is needed (found ${node_major:-none}): install it from your distribution or nodejs.org"
  exit 1
fi
if ! [ -x node_modules/.bin/wasm-opt ] || ! [ -d node_modules/playwright-core ] || ! [ -f node_modules/axe-core/axe.min.js ] || ! [ -x node_modules/.bin/lighthouse ] ||
  ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q 'version_132' ||
  ! node_modules/.bin/esbuild --version >/dev/null 2>&1 || ! [ -f node_modules/jsqr/package.json ] || ! [ -f node_modules/pngjs/package.json ]; then
  say "installing npm tools (binaryen, esbuild, playwright-core, axe-core, lighthouse, jsqr, pngjs)"
  npm ci --no-audit --no-fund
fi

# 5. Crates. Trunk builds offline (so that it never downloads tools), so every dependency
#    must be in cargo's cache first; with the fallback toolchain, so must the standard
#    library's own dependencies, which building std from source needs.
cargo fetch --quiet
if [ "$(cat .tools/toolchain)" = web ]; then
  wasm_env cargo fetch --quiet --target wasm32-unknown-unknown
fi

# 6. A browser and its driver, for the test layers that run in one.
if [ "${1:-}" = --browser ]; then
  if ! have chromium || ! have chromedriver; then
    say "installing Chromium and ChromeDriver"
    apt_install chromium chromium-driver
  fi
fi
say "ready ($(cat .tools/toolchain) toolchain; $(trunk --version); wasm-bindgen $want)"
