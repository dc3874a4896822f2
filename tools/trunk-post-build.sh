#!/usr/bin/env sh
# Trunk post-build hook (see Trunk.toml): completes the site in Trunk's staging folder.
# - content/: the lessons as build.rs rendered them (content/<slug>.lesson), fetched by the app;
# - a copy of the app shell for every route in content/routes.txt (lessons/<slug>.html,
#   widgets.html, widgets/<id>.html), which static hosts serve for /lessons/<slug>, and
#   404.html for every other path: deep links survive a refresh on a plain static host.
set -eu
: "${TRUNK_STAGING_DIR:?run by trunk}"
profile=${TRUNK_PROFILE:-debug}
# Cargo's target folder, wherever configuration puts it.
target=$(cargo metadata --format-version 1 --no-deps --offline 2>/dev/null |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
target=${target:-${CARGO_TARGET_DIR:-target}}
# build.rs replaces its content folder on every run, so the newest one is the current build's.
src=$(ls -1dt "$target"/wasm32-unknown-unknown/"$profile"/build/tradeoffs-*/out/content 2>/dev/null | head -n 1)
if [ -z "$src" ]; then
  echo "trunk-post-build: no rendered lessons under $target/wasm32-unknown-unknown/$profile" >&2
  exit 1
fi
rm -rf "$TRUNK_STAGING_DIR/content"
cp -R "$src" "$TRUNK_STAGING_DIR/content"
shell="$TRUNK_STAGING_DIR/index.html"
cp "$shell" "$TRUNK_STAGING_DIR/404.html"
while IFS= read -r route; do
  [ -n "$route" ] || continue
  mkdir -p "$TRUNK_STAGING_DIR/$(dirname "$route")"
  cp "$shell" "$TRUNK_STAGING_DIR/$route.html"
done <"$TRUNK_STAGING_DIR/content/routes.txt"
