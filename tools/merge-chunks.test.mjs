// Tests of the plan that groups the splitter's shared chunks (tools/merge-chunks.mjs) and of the
// loader it rewrites, on a loader written the way wasm-split-cli writes one.
//   node --test tools/merge-chunks.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chunksOf, plan, relink, gzipOfFiles, FILE_BYTES } from "./merge-chunks.mjs";

/** A loader in wasm-split-cli's format: one `makeLoad` per chunk, users in a comment before it. */
function loaderOf(chunkUsers) {
  const defs = chunkUsers.map(
    (users, i) => `/* ${users.join(", ")} */
const __chunk_${i} = makeLoad(() => {
    const src = fetch(new URL("./chunk_${i}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);`,
  );
  const splits = [...new Set(chunkUsers.flat())].sort();
  const points = splits.map((s) => {
    const deps = chunkUsers.flatMap((users, i) => (users.includes(s) ? [`__chunk_${i}`] : []));
    return `export const __wasm_split_load_${s} = wrapAsyncCb(makeLoad(() => {
    const src = fetch(new URL("./split_${s}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, [${deps.join(", ")}]));`;
  });
  return `import { initSync } from "./t.js";\n${defs.join("\n")}\n${points.join("\n")}\n`;
}

/** Runs the loader with stand-ins: which file each split point fetches, chunks included. */
function filesFetched(loader) {
  const body = loader
    .replace(/^import .*$/m, "")
    .replaceAll("import.meta.url", '"https://host/app/"')
    .replaceAll("export const ", "const ");
  const names = [...body.matchAll(/const (__wasm_split_load_\w+) =/g)].map((m) => m[1]);
  const run = new Function(
    "makeLoad",
    "wrapAsyncCb",
    "fetch",
    `${body}\nreturn { ${names.join(", ")} };`,
  );
  let fetching = null;
  const makeLoad = (fetcher, deps) => () => {
    fetcher();
    deps.forEach((d) => d());
  };
  const fetch = (url) => {
    fetching.add(url.pathname.slice("/app/".length));
    return Promise.resolve();
  };
  const points = run(makeLoad, (f) => f, fetch);
  return Object.fromEntries(
    Object.entries(points).map(([name, load]) => {
      fetching = new Set();
      load();
      return [name.slice("__wasm_split_load_".length), [...fetching].sort()];
    }),
  );
}

// Ten widgets: 40 small chunks most of them share, one large chunk two of them share, and a few
// small chunks shared by pairs.
const widgets = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
const users = [];
const sizes = new Map();
for (let i = 0; i < 40; i++) {
  users.push(widgets.filter((_, k) => (k + i) % 7 !== 0));
  sizes.set(`chunk_${i}`, 300 + ((i * 37) % 200));
}
users.push(["a", "b"]);
sizes.set("chunk_40", 9000);
for (let i = 41; i < 46; i++) {
  users.push([widgets[i % 10], widgets[(i + 3) % 10]]);
  sizes.set(`chunk_${i}`, 250);
}
const loader = loaderOf(users);
const chunks = chunksOf(loader);
// A model of what a merge weighs: each chunk's size, less what its own header cost.
const HEADER_BYTES = 170;
const sizeOf = (cs) => cs.reduce((n, c) => n + sizes.get(c.file), 0) - (cs.length - 1) * HEADER_BYTES;

test("the loader's chunks are read with their users", () => {
  assert.equal(chunks.length, users.length);
  assert.deepEqual(chunks[40], { users: ["a", "b"], name: "__chunk_40", file: "chunk_40" });
});

test("code most widgets share ends in one group; a large chunk two widgets use stays out of it", () => {
  const groups = plan(chunks, sizeOf);
  const big = groups[0].map((c) => c.file);
  for (let i = 0; i < 40; i++) assert.ok(big.includes(`chunk_${i}`), `chunk_${i} is in the most shared group`);
  assert.ok(!groups.some((g) => g.some((c) => c.file === "chunk_40") && g.length > 2), "the 9 KB chunk is not merged with what eight other widgets need");
  // Every chunk is in at most one group.
  const all = groups.flat().map((c) => c.file);
  assert.equal(new Set(all).size, all.length);
});

test("the plan lowers what the widgets fetch, counting each file at FILE_BYTES", () => {
  const cost = (groups) => {
    const grouped = new Set(groups.flat());
    const units = [...groups, ...chunks.filter((c) => !grouped.has(c)).map((c) => [c])];
    return widgets.reduce((total, w) => {
      for (const unit of units) {
        if (unit.some((c) => c.users.includes(w))) {
          total += sizeOf(unit) + FILE_BYTES;
        }
      }
      return total;
    }, 0);
  };
  const planned = cost(plan(chunks, sizeOf));
  assert.ok(planned < cost([]), "better than no merging");
  assert.ok(planned < cost([chunks]), "better than one chunk for everything");
});

test("after relinking, every split point fetches its own file and one file per group it needs, no other", () => {
  const groups = plan(chunks, sizeOf);
  let out = loader;
  groups.forEach((g, k) => {
    out = relink(out, g, `chunk_group${k}`);
  });
  const fetched = filesFetched(out);
  const groupOf = new Map(groups.flatMap((g, k) => g.map((c) => [c.file, `chunk_group${k}.wasm`])));
  for (const w of widgets) {
    const expected = new Set([`split_${w}.wasm`]);
    for (const c of chunks) if (c.users.includes(w)) expected.add(groupOf.get(c.file) ?? `${c.file}.wasm`);
    assert.deepEqual(fetched[w], [...expected].sort(), `what ${w} fetches`);
  }
});

test("a group listed out of the loader's order would point a chunk at one declared after it", () => {
  // The plan returns each group in the loader's order; reversed, the rewritten loader fails.
  const [first] = plan(chunks, sizeOf);
  const reversed = relink(loader, [...first].reverse(), "chunk_group0");
  assert.throws(() => filesFetched(reversed), ReferenceError);
});

test("a merge is weighed from the chunks' bytes: never below its largest part, never above their sum", () => {
  // Chunks that share a header and differ in their code, as the splitter writes them; many tiny
  // ones (the weighing this replaced put 154 of them below zero bytes together).
  const dir = mkdtempSync(join(tmpdir(), "merge-chunks-test-"));
  try {
    const header = Buffer.from("\0asm\x01\0\0\0" + "__wasm_split memory __indirect_function_table __wasm_split_shared0 ".repeat(2));
    let seed = 7;
    const noise = (n) => Buffer.from(Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 251));
    const tiny = Array.from({ length: 150 }, (_, i) => ({ file: `chunk_${i}`, users: ["a"] }));
    for (const c of tiny) writeFileSync(join(dir, `${c.file}.wasm`), Buffer.concat([header, noise(30)]));
    const big = { file: "chunk_big", users: ["b"] };
    writeFileSync(join(dir, "chunk_big.wasm"), Buffer.concat([header, noise(4000)]));
    const weigh = gzipOfFiles(dir);
    const alone = (c) => weigh([c]);
    for (const group of [tiny, [...tiny.slice(0, 3), big], [big, tiny[0]]]) {
      const parts = group.map(alone);
      const merged = weigh(group);
      assert.ok(merged >= Math.max(...parts), `${merged} ≥ its largest part ${Math.max(...parts)}`);
      assert.ok(merged <= parts.reduce((a, b) => a + b, 0), `${merged} ≤ the sum of its parts`);
    }
    // The shared header is paid about once: 150 tiny chunks weigh far less together than apart.
    assert.ok(weigh(tiny) < tiny.map(alone).reduce((a, b) => a + b, 0) / 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
