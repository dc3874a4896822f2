#!/usr/bin/env bash
# Trunk's post-build hook (see Trunk.toml), run on every build, `trunk serve` included. One
# hook on purpose: Trunk runs the hooks of a stage at the same time, not one after another.
#
# 1. Split. Cargo's raw wasm (built with the `split` feature and --emit-relocs) is cut by
#    wasm-split-cli into the shell and one chunk per split point (each widget, the self-checks)
#    plus chunks of shared code; wasm-bindgen binds the shell; in release, wasm-opt shrinks
#    every module and tools/merge-chunks.mjs joins the shared chunks into one. Then every file
#    is renamed by its content, so that a browser never mixes a cached chunk with a newer
#    shell, and the references are patched.
# 2. Styles. Each widget's own CSS file joins the shared widget CSS.
# 3. Pages. tools/site.mjs writes every page of the site into Trunk's shell (index.html).
# 4. In release, esbuild minifies the JS glue.
set -euo pipefail
: "${TRUNK_STAGING_DIR:?run by trunk}"
ST=$TRUNK_STAGING_DIR
case "${TRUNK_PROFILE:-debug}" in release) profile=release ;; *) profile=debug ;; esac
# Cargo's target folder, wherever configuration puts it.
target=$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target=${target:-${CARGO_TARGET_DIR:-target}}
raw=$target/wasm32-unknown-unknown/$profile/tradeoffs.wasm

js=$(ls "$ST"/tradeoffs-*.js | head -n 1)
wasm=$(ls "$ST"/tradeoffs-*_bg.wasm | head -n 1)
stem=$(basename "$js" .js)

if grep -q '__wasm_split' "$js"; then
  wasm-split-cli "$raw" "$ST" --out-name "$stem" --target web >/dev/null
  wasm-bindgen --target web --keep-lld-exports --no-demangle --out-name "$stem" --out-dir "$ST" "$ST/$stem.wasm"
  rm -f "$ST/$stem.wasm" "$ST/$stem.d.ts" "$ST/${stem}_bg.wasm.d.ts"
  # Trunk 0.22 gives the .js and the _bg.wasm different hashes: keep the names it staged.
  [ "$ST/${stem}_bg.wasm" = "$wasm" ] || mv "$ST/${stem}_bg.wasm" "$wasm"
  if [ "$profile" = release ]; then
    # TRADEOFFS_WASM_NAMES=1 keeps function names, for a profiler (a larger download).
    names=${TRADEOFFS_WASM_NAMES:+-g}
    for f in "$wasm" "$ST"/split_*.wasm "$ST"/chunk_*.wasm; do
      [ -e "$f" ] || continue
      # (wasm-opt warns about the name subsections wasm-split-cli writes; they are dropped.)
      wasm-opt -Oz $names --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --zero-filled-memory --low-memory-unused \
        "$f" -o "$f" 2> >(grep -v "unknown name subsection" >&2)
    done
    # The shared chunks, one per set of widgets that shares code, are merged into a few groups
    # (chunk_group0 holds what most widgets share): fewer, better-compressed files.
    node tools/merge-chunks.mjs "$ST"
    for f in "$ST"/chunk_group*.wasm; do
      [ -e "$f" ] || continue
      wasm-opt -Oz $names --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
        --zero-filled-memory --low-memory-unused "$f" -o "$f"
    done
  fi
  # Names by content. The main JS imports the loader by name (only the `from` clauses: the
  # imports-object key "./__wasm_split.js" is the wasm import module's name and must stay).
  for f in "$ST"/split_*.wasm "$ST"/chunk_*.wasm; do
    [ -e "$f" ] || continue
    b=$(basename "$f" .wasm)
    h=$(sha256sum "$f" | cut -c1-16)
    mv "$f" "$ST/$b-$h.wasm"
    sed -i "s|\"\\./$b\\.wasm\"|\"./$b-$h.wasm\"|" "$ST/__wasm_split.js"
  done
  id=$(cat "$js" "$wasm" "$ST/__wasm_split.js" | sha256sum | cut -c1-16)
  sed -i "s|from \"\\./$stem\\.js\"|from \"./tradeoffs-$id.js\"|" "$ST/__wasm_split.js"
  mv "$ST/__wasm_split.js" "$ST/__wasm_split-$id.js"
  sed -i "s|from \"\\./__wasm_split\\.js\"|from \"./__wasm_split-$id.js\"|g" "$js"
  mv "$js" "$ST/tradeoffs-$id.js"
  mv "$wasm" "$ST/tradeoffs-${id}_bg.wasm"
  sed -i -e "s|$stem\\.js|tradeoffs-$id.js|g" -e "s|$(basename "$wasm")|tradeoffs-${id}_bg.wasm|g" "$ST/index.html"
else
  echo "trunk-hook: $stem has no split points (built without the split feature): one module" >&2
fi

# Each widget's own CSS (style/widgets/<id>.css) joins the shared widget CSS, which is then
# minified (in release), named by its content and given its new integrity hash.
css=$(ls "$ST"/widgets-*.css 2>/dev/null | head -n 1)
if [ -n "$css" ]; then
  cat style/widgets/*.css >>"$css"
  if [ "$profile" = release ]; then
    esbuild --minify --log-level=warning "$css" --outfile="$css.min" --allow-overwrite && mv "$css.min" "$css"
  fi
  new="$ST/widgets-$(sha256sum "$css" | cut -c1-16).css"
  [ "$css" = "$new" ] || mv "$css" "$new"
  # The <link> Trunk wrote: its file name and its integrity hash change (quoted or not).
  node -e '
    const [css, fresh, html] = process.argv.slice(1), fs = require("fs"), path = require("path");
    const hash = "sha384-" + require("crypto").createHash("sha384").update(fs.readFileSync(fresh)).digest("base64");
    const page = fs.readFileSync(html, "utf8").replace(/<link[^>]*>/g, (tag) =>
      tag.includes(path.basename(css))
        ? tag.replace(path.basename(css), path.basename(fresh)).replace(/integrity=("[^"]*"|[^ >]*)/, `integrity="${hash}"`)
        : tag);
    fs.writeFileSync(html, page);' "$css" "$new" "$ST/index.html"
fi

# Every page of the site, each in the shell.
site=$(ls -1dt "$target"/wasm32-unknown-unknown/"$profile"/build/tradeoffs-*/out/site 2>/dev/null | head -n 1)
if [ -z "$site" ]; then
  echo "trunk-hook: no rendered pages under $target/wasm32-unknown-unknown/$profile" >&2
  exit 1
fi
node tools/site.mjs "$site" "$ST" "${TRUNK_PUBLIC_URL:-/}" "$profile"

# Trunk minifies the JS it writes, not the glue rewritten above (site.mjs reads the loader as
# wasm-split-cli wrote it, so this comes last).
if [ "$profile" = release ]; then
  for f in "$ST"/tradeoffs-*.js "$ST"/__wasm_split-*.js "$ST"/site-*.js; do
    [ -e "$f" ] || continue
    esbuild --minify --format=esm --log-level=warning "$f" --outfile="$f.min" --allow-overwrite && mv "$f.min" "$f"
  done
fi
