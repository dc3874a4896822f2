// Merges the shared chunks wasm-split-cli wrote into one `chunk_common.wasm`, keeping apart only
// the large chunks that few widgets use. Run by tools/trunk-hook.sh right after the split.
//
// Why: the splitter gives each set of split points that shares code a chunk of its own, so the
// number of chunks grows with the number of subsets of widgets: with 7 widgets a widget's first
// mount fetched about 30 files, most of them a few hundred bytes, and each file costs its own
// module header, imports and gzip window (one widget's 31 shared chunks: 23.0 KB gzip apart,
// 14.7 KB merged). Merged, every widget fetches the common chunk once (then it is cached for
// every other widget), and the count of files stays flat as widgets are added.
//
// How: a chunk only imports the main module's memory, function table and stack pointer, and
// fills its slots of the table with an active element segment; chunks never import from each
// other. So the merged module is their union: the first chunk re-exports the three imports,
// the others import them from it, and binaryen's wasm-merge joins them into one module whose
// imports are the three originals. In the loader (`__wasm_split.js`), the first merged chunk's
// loader fetches the common file and the others become the same loader, so a split point that
// listed several of them waits for one fetch.
//
// Usage: node tools/merge-chunks.mjs <dir with __wasm_split.js and chunk_*.wasm>

import { readFileSync, writeFileSync, unlinkSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import binaryen from "binaryen";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A chunk stays on its own when it is at least this large (gzip) and fewer than half of the
// split points need it: widgets that do not use it should not fetch it.
export const KEEP_BYTES = 2048;

/** The chunks the loader defines: variable, file stem, the split points that need it. */
export function chunksOf(loader) {
  const re = /\/\* ([^*]*) \*\/\nconst (__chunk_\d+) = makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/(chunk_\d+)\.wasm", import\.meta\.url\)\);/g;
  return [...loader.matchAll(re)].map((m) => ({ users: m[1].split(",").map((s) => s.trim()), name: m[2], file: m[3] }));
}

/** Which chunks to merge, given their gzip sizes: all but the large ones few split points use. */
export function toMerge(chunks, sizes) {
  const splits = new Set(chunks.flatMap((c) => c.users));
  return chunks.filter((c) => !(sizes.get(c.file) >= KEEP_BYTES && c.users.length * 2 < splits.size));
}

/** The loader with every merged chunk's loader replaced by the first one's, fetching `common`. */
export function relink(loader, merged, common) {
  const [first, ...rest] = merged;
  let out = loader.replace(`new URL("./${first.file}.wasm"`, `new URL("./${common}.wasm"`);
  for (const c of rest) {
    const start = out.indexOf(`const ${c.name} = makeLoad(`);
    const end = out.indexOf("\n, []);", start);
    if (start < 0 || end < 0) throw new Error(`merge-chunks: the loader of ${c.name} is not where it was expected`);
    out = out.slice(0, start) + `const ${c.name} = ${first.name};` + out.slice(end + "\n, []);".length);
  }
  return out;
}

// The features the split modules use (binaryen's defaults add sign extension and mutable
// globals); the same as the hook's wasm-opt.
const FLAGS = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int"];
const FEATURES =
  binaryen.Features.MVP |
  binaryen.Features.BulkMemory |
  binaryen.Features.BulkMemoryOpt |
  binaryen.Features.NontrappingFPToInt |
  binaryen.Features.SignExt |
  binaryen.Features.MutableGlobals;
const JOIN = ["memory", "__indirect_function_table", "__wasm_split_shared0"];

/** A module from text, with the features the split modules use, as bytes. */
function assemble(wat) {
  const module = binaryen.parseText(wat);
  module.setFeatures(FEATURES);
  if (!module.validate()) throw new Error("merge-chunks: a rewritten chunk does not validate");
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

function merge(dir, merged, common) {
  const work = mkdtempSync(join(tmpdir(), "merge-chunks-"));
  try {
    const args = [];
    merged.forEach((c, i) => {
      const module = binaryen.readBinary(readFileSync(`${dir}/${c.file}.wasm`));
      let wat = module.emitText();
      module.dispose();
      if (i === 0) {
        const exports = [
          ["memory", "memory"],
          ["table", "__indirect_function_table"],
          ["global", "__wasm_split_shared0"],
        ].map(([kind, field]) => {
          const name = wat.match(new RegExp(`\\(import "__wasm_split" "${field}" \\(${kind} (\\$\\S+)`))?.[1];
          if (!name) throw new Error(`merge-chunks: ${c.file} does not import ${field}`);
          return ` (export "${field}" (${kind} ${name}))`;
        });
        wat = wat.replace(/\)\s*$/, `${exports.join("\n")}\n)\n`);
      } else {
        wat = wat.replaceAll(new RegExp(`\\(import "__wasm_split" "(${JOIN.join("|")})"`, "g"), `(import "m0" "$1"`);
      }
      writeFileSync(`${work}/m${i}.wasm`, assemble(wat));
      args.push(`${work}/m${i}.wasm`, `m${i}`);
    });
    execFileSync("wasm-merge", [...FLAGS, ...args, "-o", `${work}/merged.wasm`], { stdio: ["ignore", "pipe", "inherit"] });
    // The three re-exports were only there to join the modules.
    const module = binaryen.readBinary(readFileSync(`${work}/merged.wasm`));
    module.setFeatures(FEATURES);
    for (const name of JOIN) module.removeExport(name);
    writeFileSync(`${dir}/${common}.wasm`, module.emitBinary());
    module.dispose();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  const loaderPath = `${dir}/__wasm_split.js`;
  const loader = readFileSync(loaderPath, "utf8");
  const chunks = chunksOf(loader);
  const sizes = new Map(chunks.map((c) => [c.file, gzipSync(readFileSync(`${dir}/${c.file}.wasm`), { level: 9 }).length]));
  const merged = toMerge(chunks, sizes);
  // The module that re-exports the three joined imports to the others must import all three
  // (a chunk that never touches the function table does not import it), so it goes first in
  // the merge; the loader keeps its own order (its first chunk is defined before the others).
  const exporter = merged.findIndex((c) => JOIN.every((field) => readFileSync(`${dir}/${c.file}.wasm`).includes(field)));
  const order = exporter > 0 ? [merged[exporter], ...merged.filter((_, i) => i !== exporter)] : merged;
  if (merged.length >= 2) {
    const common = "chunk_common";
    merge(dir, order, common);
    writeFileSync(loaderPath, relink(loader, merged, common));
    for (const c of merged) unlinkSync(`${dir}/${c.file}.wasm`);
    const before = merged.reduce((n, c) => n + sizes.get(c.file), 0);
    const after = gzipSync(readFileSync(`${dir}/${common}.wasm`), { level: 9 }).length;
    process.stderr.write(
      `merge-chunks: ${merged.length} shared chunks (${(before / 1024).toFixed(1)} KB gzip) into ${common} (${(after / 1024).toFixed(1)} KB before wasm-opt); ${chunks.length - merged.length} kept apart\n`,
    );
  }
}
