// Prints what a built site weighs, and checks the size budget.
//
//   node tools/budget.mjs DIST [--budget-kb 250] [--json]
//
// The bundle is what every page loads: the wasm, the JS glue, the CSS and the HTML shell
// (index.html; 404.html and the per-route copies are the same bytes under other names, and a
// visitor loads one of them). Its gzip total (level 9, 1 KB = 1000 B) must stay within the
// budget. Lesson content is fetched per lesson and is listed apart, as are the route copies.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const budgetAt = args.indexOf("--budget-kb");
const budgetKb = budgetAt >= 0 ? Number(args[budgetAt + 1]) : null;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(dist)
  .filter((p) => !p.endsWith(".trunk-lock"))
  .map((path) => {
    const bytes = readFileSync(path);
    return { path: relative(dist, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, bytes };
  });

const kindOf = (f) => {
  if (f.path === "index.html") return "html";
  if (f.path.endsWith(".html")) return "route copy";
  if (f.path.startsWith("content/")) return "content";
  if (f.path.endsWith(".wasm")) return "wasm";
  if (f.path.endsWith(".js")) return "js";
  if (f.path.endsWith(".css")) return "css";
  return "other";
};

const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
const fmt = (n) => n.toLocaleString("en-US").padStart(10);
const rows = [];
const bundle = [];
for (const kind of ["wasm", "js", "css", "html"]) {
  const group = files.filter((f) => kindOf(f) === kind);
  bundle.push(...group);
  rows.push([kind, group.map((f) => f.path).join(", "), sum(group, "raw"), sum(group, "gzip")]);
}
const total = { raw: sum(bundle, "raw"), gzip: sum(bundle, "gzip") };

console.log(`Site in ${dist}/`);
console.log(`  bundle (loaded by every page)          raw       gzip`);
for (const [kind, names, raw, gzip] of rows) console.log(`  ${kind.padEnd(5)} ${fmt(raw)} ${fmt(gzip)}   ${names}`);
console.log(`  total ${fmt(total.raw)} ${fmt(total.gzip)}`);

const shell = files.find((f) => f.path === "index.html");
const copies = files.filter((f) => kindOf(f) === "route copy");
const identical = copies.every((f) => shell && f.bytes.equals(shell.bytes));
console.log(`  route copies of index.html: ${copies.length} (${identical ? "identical" : "NOT identical"}): ${copies.map((f) => f.path).join(", ")}`);
const content = files.filter((f) => kindOf(f) === "content" && f.path.endsWith(".lesson"));
if (content.length) {
  const largest = content.reduce((a, b) => (b.raw > a.raw ? b : a));
  console.log(
    `  lesson content, fetched per lesson: ${content.length} files, ${sum(content, "raw").toLocaleString("en-US")} B raw, ` +
      `${sum(content, "gzip").toLocaleString("en-US")} B gzip; largest ${largest.path} ${largest.raw.toLocaleString("en-US")} B raw, ${largest.gzip.toLocaleString("en-US")} B gzip`,
  );
}
console.log(`  all files: ${files.length}, ${sum(files, "raw").toLocaleString("en-US")} B raw, ${sum(files, "gzip").toLocaleString("en-US")} B gzip`);

let failed = !identical || !shell;
if (budgetKb !== null) {
  const limit = budgetKb * 1000;
  const ok = total.gzip <= limit;
  const margin = limit - total.gzip;
  console.log(
    `  budget: bundle gzip ${total.gzip.toLocaleString("en-US")} B of ${limit.toLocaleString("en-US")} B: ` +
      (ok ? `OK, ${margin.toLocaleString("en-US")} B to spare` : `OVER by ${(-margin).toLocaleString("en-US")} B`),
  );
  failed ||= !ok;
}
if (args.includes("--json")) {
  console.log(JSON.stringify({ bundle: total, files: files.map(({ path, raw, gzip }) => ({ path, raw, gzip })) }));
}
process.exit(failed ? 1 : 0);
