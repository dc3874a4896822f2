// What the budget and shell-growth checks share: gzip sizes, and the files of a built site's
// shell (its wasm, its JS glue and the chunk loader) and split points.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
export const gzFile = (dist, file) => gz(readFileSync(join(dist, file)));
export const kb = (n) => (n / 1000).toFixed(1).padStart(6);

// The shell's three files, or an error naming what is missing.
export function shellFiles(dist) {
  const top = readdirSync(dist);
  const find = (re) => top.find((f) => re.test(f));
  const files = [find(/^tradeoffs-[0-9a-f]+_bg\.wasm$/), find(/^tradeoffs-[0-9a-f]+\.js$/), find(/^__wasm_split-[0-9a-f]+\.js$/)];
  if (files.some((f) => !f)) throw new Error(`${dist} has no split build (shell wasm, JS glue and chunk loader): ${files.join(", ")}`);
  return files;
}

// For each split point (a widget's id, "chart"), the files its first use fetches.
export const splitPoints = (dist) => JSON.parse(readFileSync(join(dist, "wasm-chunks.json"), "utf8"));

export const shellSize = (dist) => shellFiles(dist).reduce((s, f) => s + gzFile(dist, f), 0);
