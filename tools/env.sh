# Sourced by the Makefile's recipes and tools/*.sh (never run directly): puts the project's
# tools on PATH and selects the Rust toolchain that tools/bootstrap.sh set up.
#
# rustup mode: the channel pinned in rust-toolchain.toml, for every cargo call.
# web mode (fallback): Debian's rustc-web, linked into rustup as "web" when rustup exists;
#   wasm builds then also need the standard library built from source, which `wasm_env`
#   adds to a single command. Never export those two variables for native builds: cargo would
#   rebuild std for the host.

export PATH="$PWD/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-auto}"

if [ "$(cat .tools/toolchain 2>/dev/null)" = web ]; then
  # Without rustup, Debian's cargo and rustc are simply the ones in /usr/bin.
  if command -v rustup >/dev/null 2>&1; then export RUSTUP_TOOLCHAIN=web; fi
  wasm_env() { RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort "$@"; }
  # Debian's rustc has no rust-lld of its own: link WebAssembly with LLVM's wasm-ld.
  if ! command -v rust-lld >/dev/null 2>&1; then
    for ld in wasm-ld-22 wasm-ld; do
      if command -v "$ld" >/dev/null 2>&1; then export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$ld"; break; fi
    done
  fi
else
  RUSTUP_TOOLCHAIN=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
  export RUSTUP_TOOLCHAIN
  wasm_env() { "$@"; }
fi

# The browser build: Leptos' erased components (see .cargo/config.toml), relocations kept for
# the split step (tools/trunk-hook.sh; wasm-opt drops them again), and source paths of panic
# messages shortened so that no machine path ends up in the bundle. Component tests share the
# flags, so that switching between them and the site does not rebuild every crate.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Clink-args=--emit-relocs --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src=crates --remap-path-prefix=$PWD=tradeoffs --remap-path-prefix=/usr/lib/rustlib/src/rust=rust"
