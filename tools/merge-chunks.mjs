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
// other. So the merged module is their union: the first chunk re-exports the three imports
// (one it lacks is copied from another member), the others import them from it, and binaryen's
// wasm-merge joins them into one module whose imports are the three originals. In the loader (`__wasm_split.js`), the first merged chunk's
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

// What one more file costs a visitor, counted in bytes: a request's and a response's headers
// (HTTP/2, which every common static host speaks, compresses the ones that repeat down to a few
// hundred bytes), the loader's promise and a module compiled and instantiated on its own. Not a
// round trip: a page preloads every file its widgets need, so they arrive together. An estimate,
// not a measurement. On an 18-widget build, 1500 (about a round trip each) made the split points
// fetch 8 % more bytes in all, and cap's first mount 3 KB more.
export const FILE_BYTES = 500;

/** The chunks the loader defines: variable, file stem, the split points that need it. */
export function chunksOf(loader) {
  const re = /\/\* ([^*]*) \*\/\nconst (__chunk_\d+) = makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/(chunk_\d+)\.wasm", import\.meta\.url\)\);/g;
  return [...loader.matchAll(re)].map((m) => ({ users: m[1].split(",").map((s) => s.trim()), name: m[2], file: m[3] }));
}

/**
 * The groups of chunks to merge. `sizeOf(chunks)` is what the merge of those chunks would weigh
 * (gzip bytes); each split point that needs any chunk of a group fetches the whole group, so a
 * group costs (its users) × (its size + FILE_BYTES). Starting from one group per chunk, the two
 * groups whose merging lowers the total the most are merged, until no merge lowers it: code most
 * widgets share ends in one file, code two or three share stays out of the others' way. Returns
 * the groups of two chunks or more, most used first, each in the loader's order (`relink` points
 * the others at the first, which must come first).
 */
export function plan(chunks, sizeOf) {
  const splits = [...new Set(chunks.flatMap((c) => c.users))];
  const bit = new Map(splits.map((s, i) => [s, 1n << BigInt(i)]));
  const count = (mask) => {
    let n = 0;
    for (let m = mask; m; m &= m - 1n) n++;
    return n;
  };
  const cost = (g) => count(g.users) * (g.size + FILE_BYTES);
  const groups = new Map(chunks.map((c, i) => [i, { chunks: [c], users: c.users.reduce((m, u) => m | bit.get(u), 0n), size: sizeOf([c]) }]));
  let next = chunks.length;
  // What merging two groups would save, for the pairs where it saves anything. A merge weighs
  // at least its larger part, so a pair that would lose even then is not weighed.
  const gains = new Map();
  const weigh = (i, j) => {
    const [a, b] = [groups.get(i), groups.get(j)];
    const users = a.users | b.users;
    if (cost(a) + cost(b) - count(users) * (Math.max(a.size, b.size) + FILE_BYTES) <= 0) return;
    const joined = { chunks: [...a.chunks, ...b.chunks], users, size: sizeOf([...a.chunks, ...b.chunks]) };
    const gain = cost(a) + cost(b) - cost(joined);
    if (gain > 0) gains.set(`${i},${j}`, { i, j, joined, gain });
  };
  const ids = [...groups.keys()];
  ids.forEach((i, k) => ids.slice(k + 1).forEach((j) => weigh(i, j)));
  while (gains.size) {
    let best = null;
    for (const g of gains.values()) if (best === null || g.gain > best.gain) best = g;
    groups.delete(best.i);
    groups.delete(best.j);
    for (const [key, g] of gains) if (g.i === best.i || g.j === best.i || g.i === best.j || g.j === best.j) gains.delete(key);
    const others = [...groups.keys()];
    const k = next++;
    groups.set(k, best.joined);
    for (const m of others) weigh(m, k);
  }
  return [...groups.values()]
    .filter((g) => g.chunks.length >= 2)
    .sort((a, b) => count(b.users) - count(a.users) || b.size - a.size)
    .map((g) => g.chunks.sort((a, b) => chunks.indexOf(a) - chunks.indexOf(b)));
}

/**
 * What the merge of some chunks weighs, estimated without merging: gzip of their files one after
 * another. Their module headers and imports repeat, so they cost a few bytes past the first, as
 * in the merged module. (On an 18-widget build the estimate was 1–18 % above the merged and
 * optimised group; summing each chunk's own gzip size less a fixed header saving, the rule
 * before, put a group of 154 chunks below zero and so merged it into everything.)
 */
export function gzipOfFiles(dir) {
  const bytes = new Map();
  const read = (c) => bytes.get(c.file) ?? bytes.set(c.file, readFileSync(`${dir}/${c.file}.wasm`)).get(c.file);
  return (cs) => gzipSync(Buffer.concat(cs.map(read)), { level: 9 }).length;
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
    const wats = merged.map((c) => {
      const module = binaryen.readBinary(readFileSync(`${dir}/${c.file}.wasm`));
      const wat = module.emitText();
      module.dispose();
      return wat;
    });
    const importOf = (wat, field) => wat.split("\n").find((l) => l.trimStart().startsWith(`(import "__wasm_split" "${field}" `));
    // The first module re-exports the three joined imports. One it does not import itself (a
    // chunk that never touches the function table does not) is copied from another member,
    // under a name of its own; one no member imports is not joined.
    const joined = [];
    const args = [];
    wats.forEach((wat, i) => {
      if (i === 0) {
        const exports = [];
        for (const [kind, field] of [
          ["memory", "memory"],
          ["table", "__indirect_function_table"],
          ["global", "__wasm_split_shared0"],
        ]) {
          let name = importOf(wat, field)?.match(new RegExp(`\\(${kind} (\\$\\S+)`))?.[1];
          if (!name) {
            const donor = wats.map((w) => importOf(w, field)).find(Boolean);
            if (!donor) continue;
            name = `$join_${field}`;
            const line = donor.replace(new RegExp(`\\(${kind} \\$\\S+`), `(${kind} ${name}`);
            const at = wat.indexOf(" (import ");
            wat = at < 0 ? wat.replace(/\n/, `\n${line}\n`) : wat.slice(0, at) + line + "\n" + wat.slice(at);
          }
          joined.push(field);
          exports.push(` (export "${field}" (${kind} ${name}))`);
        }
        wat = wat.replace(/\)\s*$/, `${exports.join("\n")}\n)\n`);
      } else if (joined.length) {
        wat = wat.replaceAll(new RegExp(`\\(import "__wasm_split" "(${joined.join("|")})"`, "g"), `(import "m0" "$1"`);
      }
      writeFileSync(`${work}/m${i}.wasm`, assemble(wat));
      args.push(`${work}/m${i}.wasm`, `m${i}`);
    });
    execFileSync("wasm-merge", [...FLAGS, ...args, "-o", `${work}/merged.wasm`], { stdio: ["ignore", "pipe", "inherit"] });
    // The three re-exports were only there to join the modules.
    const module = binaryen.readBinary(readFileSync(`${work}/merged.wasm`));
    module.setFeatures(FEATURES);
    for (const name of joined) module.removeExport(name);
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
  const sizeOf = gzipOfFiles(dir);
  const sizes = new Map(chunks.map((c) => [c.file, sizeOf([c])]));
  const groups = plan(chunks, sizeOf);
  const report = [];
  groups.forEach((merged, k) => {
    const common = `chunk_group${k}`;
    merge(dir, merged, common);
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
