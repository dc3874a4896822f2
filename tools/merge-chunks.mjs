// Merges the shared chunks wasm-split-cli wrote into a few groups (`chunk_group<k>.wasm`),
// chosen by what each widget's first mount fetches. Run by tools/trunk-hook.sh after the split.
//
// Why: the splitter gives each set of split points that shares code a chunk of its own, so the
// number of chunks grows with the number of subsets of widgets: with 7 widgets a widget's first
// mount fetched about 30 files, most of them a few hundred bytes, and each file costs its own
// module header, imports and gzip window (one widget's 31 shared chunks: 23.0 KB gzip apart,
// 14.7 KB merged). One common chunk for everything (the rule until 11 widgets) made every
// widget fetch code that only two or three others use, more with every widget added; `plan`
// below weighs that against the cost of one more file.
//
// How: a chunk only imports the main module's memory, function table and stack pointer, and
// fills its slots of the table with an active element segment; chunks never import from each
// other. So the merged module is their union: the first chunk re-exports the three imports,
// the others import them from it, and binaryen's wasm-merge joins them into one module whose
// imports are the three originals. In the loader (`__wasm_split.js`), the first merged chunk's
// loader fetches the group's file and the others become the same loader, so a split point that
// listed several of them waits for one fetch.
//
// Usage: node tools/merge-chunks.mjs <dir with __wasm_split.js and chunk_*.wasm>

import { readFileSync, writeFileSync, unlinkSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import binaryen from "binaryen";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";

// What one more file costs a visitor, counted in bytes: a request and its round trip, the
// loader's promise, a module compiled and instantiated on its own. A guess, not a measurement.
export const FILE_BYTES = 1500;
// What merging saves per chunk joined (its module header, imports and a gzip window of its
// own): measured on the 96 chunks of an 11-widget build, 32.8 KB gzip apart, 16.5 KB merged.
export const HEADER_BYTES = 170;

/** The chunks the loader defines: variable, file stem, the split points that need it. */
export function chunksOf(loader) {
  const re = /\/\* ([^*]*) \*\/\nconst (__chunk_\d+) = makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/(chunk_\d+)\.wasm", import\.meta\.url\)\);/g;
  return [...loader.matchAll(re)].map((m) => ({ users: m[1].split(",").map((s) => s.trim()), name: m[2], file: m[3] }));
}

/**
 * The groups of chunks to merge, given their gzip sizes. Each split point that needs any chunk
 * of a group fetches the whole group, so a group costs (its users) × (its size + FILE_BYTES).
 * Starting from one group per chunk, the two groups whose merging lowers the total the most are
 * merged, until no merge lowers it: code most widgets share ends in one file, code two or three
 * share stays out of the others' way. Returns the groups of two chunks or more, most used first,
 * each in the loader's order (`relink` points the others at the first, which must come first).
 */
export function plan(chunks, sizes) {
  const splits = [...new Set(chunks.flatMap((c) => c.users))];
  const bit = new Map(splits.map((s, i) => [s, 1n << BigInt(i)]));
  const count = (mask) => {
    let n = 0;
    for (let m = mask; m; m &= m - 1n) n++;
    return n;
  };
  const cost = (g) => count(g.users) * (g.size + FILE_BYTES);
  let groups = chunks.map((c) => ({ chunks: [c], users: c.users.reduce((m, u) => m | bit.get(u), 0n), size: sizes.get(c.file) }));
  for (;;) {
    let best = null;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const [a, b] = [groups[i], groups[j]];
        const joined = { chunks: [...a.chunks, ...b.chunks], users: a.users | b.users, size: a.size + b.size - HEADER_BYTES };
        const gain = cost(a) + cost(b) - cost(joined);
        if (gain > 0 && (best === null || gain > best.gain)) best = { i, j, joined, gain };
      }
    }
    if (best === null) break;
    groups = groups.filter((_, k) => k !== best.i && k !== best.j);
    groups.push(best.joined);
  }
  return groups
    .filter((g) => g.chunks.length >= 2)
    .sort((a, b) => count(b.users) - count(a.users) || b.size - a.size)
    .map((g) => g.chunks.sort((a, b) => chunks.indexOf(a) - chunks.indexOf(b)));
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
  let loader = readFileSync(loaderPath, "utf8");
  const chunks = chunksOf(loader);
  const sizes = new Map(chunks.map((c) => [c.file, gzipSync(readFileSync(`${dir}/${c.file}.wasm`), { level: 9 }).length]));
  const groups = plan(chunks, sizes);
  const report = [];
  groups.forEach((merged, k) => {
    const common = `chunk_group${k}`;
    // The module that re-exports the three joined imports to the others must import all three
    // (a chunk that never touches the function table does not import it), so it goes first in
    // the merge; the loader keeps its own order (`relink` needs its first chunk first).
    const exporter = merged.findIndex((c) => JOIN.every((field) => readFileSync(`${dir}/${c.file}.wasm`).includes(field)));
    merge(dir, exporter > 0 ? [merged[exporter], ...merged.filter((_, i) => i !== exporter)] : merged, common);
    loader = relink(loader, merged, common);
    for (const c of merged) unlinkSync(`${dir}/${c.file}.wasm`);
    const before = merged.reduce((n, c) => n + sizes.get(c.file), 0);
    const after = gzipSync(readFileSync(`${dir}/${common}.wasm`), { level: 9 }).length;
    const users = new Set(merged.flatMap((c) => c.users)).size;
    report.push(`${common}: ${merged.length} chunks, ${(before / 1024).toFixed(1)} → ${(after / 1024).toFixed(1)} KB gzip, for ${users} split points`);
  });
  writeFileSync(loaderPath, loader);
  const kept = chunks.length - groups.reduce((n, g) => n + g.length, 0);
  process.stderr.write(`merge-chunks: ${chunks.length} shared chunks into ${groups.length} groups and ${kept} kept apart\n  ${report.join("\n  ")}\n`);
}
