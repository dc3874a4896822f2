// What a visitor loads, measured on the built site, against the budgets.
//
//   node tools/budget.mjs DIST BASE [--check] [--json FILE]
//
// Sizes are gzip -9 (what a host that compresses sends; 1 KB = 1000 B). Two kinds of figure:
// - from the files: the shell every page loads (its wasm, its JS glue and the chunk loader),
//   and for each split point (each widget, the chart) what its first use fetches: its own
//   chunk and the shared chunks it needs (wasm-chunks.json);
// - from a real visit in headless Chromium (1280 × 900, empty cache) to every page: the bytes
//   before its text is visible (the page and its styles: everything else is deferred), before
//   the first screen is live (without scrolling: the shell, the widgets in or near the first
//   screen), and with every widget and self-check on the page live (after scrolling to each).
//   A widget's first mount is what its own page fetches beyond the shell: every chunk it needs,
//   the chart's included.
// With --check it exits 1 when a budget is exceeded:
//   shell ≤ 150 KB; each widget's first mount ≤ 65 KB; on every page, the bytes before its text
//   is visible ≤ 25 KB; the first visit to any lesson or embed, before the reader scrolls, ≤ 230 KB.
// The first-visit figure is the sum of the others for a lesson that opens with a widget: the
// shell (130 KB today), the page and its styles (about 18), and the largest widget's first
// mount (62 today, 65 allowed) come to 210–213 KB, so the budget leaves the widgets' own
// allowance usable; a lesson without a widget near its top stays near 148.

import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../tests/e2e/browser.mjs";
import { serve } from "../tests/e2e/static-server.mjs";
import { gz, gzFile, kb, shellFiles as findShell, splitPoints } from "./sizes.mjs";

export const BUDGET = { shell: 150_000, widget: 65_000, text: 25_000, firstVisit: 230_000 };

const args = process.argv.slice(2);
const [dist = "dist", base = "/"] = args.filter((a) => !a.startsWith("--") && !args[args.indexOf(a) - 1]?.startsWith("--json"));
const check = args.includes("--check");
const jsonAt = args.indexOf("--json");
const size = (file) => gzFile(dist, file);

// From the files.
const shellFiles = findShell(dist);
const parts = splitPoints(dist);
const shell = shellFiles.reduce((s, f) => s + size(f), 0);
const partSizes = Object.fromEntries(Object.entries(parts).map(([id, files]) => [id, files.reduce((s, f) => s + size(f), 0)]));
const widgetIds = Object.keys(parts).filter((id) => !["quiz", "chart", "present", "search", "progress", "share", "embed"].includes(id));

// From a visit to every page.
function pages() {
  const walk = (dir) =>
    readdirSync(join(dist, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : [],
    );
  return walk("")
    .filter((f) => f !== "404.html")
    .map((f) => f.slice(0, -".html".length))
    .map((r) => (r === "index" ? "" : r))
    .sort((a, b) => (a.split("/")[0] === b.split("/")[0] ? a.localeCompare(b) : a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)));
}

async function visit(browser, url) {
  // A first visit: no service worker yet (it registers after the page has loaded, and its
  // caching of the whole site for offline use is not part of what the page needs).
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block" });
  const page = await context.newPage();
  const seen = [];
  let last = Date.now();
  page.on("request", () => (last = Date.now()));
  page.on("requestfinished", async (r) => {
    last = Date.now();
    const body = await r.response().then((res) => res?.body()).catch(() => null);
    seen.push({ path: new URL(r.url()).pathname, type: r.resourceType(), bytes: body ? gz(body) : 0 });
  });
  const idle = async () => {
    // Quiet for half a second: nothing more is coming until the reader does something.
    await page.waitForTimeout(200);
    while (Date.now() - last < 500) await page.waitForTimeout(100);
    await page.waitForFunction(() => [...document.querySelectorAll("section[data-widget]")].every((w) => w.dataset.state !== "loading"));
  };
  const sum = () => seen.reduce((s, r) => s + r.bytes, 0);
  const chunks = () => seen.filter((r) => r.path.endsWith(".wasm") && !shellFiles.some((f) => r.path.endsWith("/" + f))).reduce((s, r) => s + r.bytes, 0);
  await page.goto(url, { waitUntil: "load" });
  await idle();
  const text = seen.filter((r) => r.type === "document" || r.type === "stylesheet").reduce((s, r) => s + r.bytes, 0);
  const firstScreen = sum();
  const firstChunks = chunks();
  const liveAtFirst = await page.evaluate(() => document.querySelectorAll('section[data-widget][data-state="live"]').length);
  for (const el of await page.locator("section[data-widget], section[data-quiz]").all()) {
    await el.scrollIntoViewIfNeeded();
    await idle();
  }
  const widgets = await page.locator("section[data-widget]").count();
  const live = await page.locator('section[data-widget][data-state="live"]').count();
  const all = sum();
  await context.close();
  return { text, firstScreen, firstChunks, all, widgets, liveAtFirst, live };
}

const server = await serve({ dir: dist, base });
const browser = await launchChromium();
const visits = [];
try {
  for (const route of pages()) visits.push({ route, ...(await visit(browser, server.url + route)) });
} finally {
  await browser.close();
  await server.close();
}

// The report.
const failures = [];
const over = (what, value, limit) => {
  const ok = value <= limit;
  if (!ok) failures.push(`${what}: ${kb(value).trim()} KB, budget ${kb(limit).trim()} KB`);
  return ok ? "ok" : "OVER";
};
console.log(`What a visitor loads from ${dist}/ (KB gzip)`);
console.log(`  shell (wasm ${kb(size(shellFiles[0])).trim()}, JS glue ${kb(size(shellFiles[1])).trim()}, chunk loader ${kb(size(shellFiles[2])).trim()}) ${kb(shell)}   budget ${kb(BUDGET.shell).trim()}  ${over("shell", shell, BUDGET.shell)}`);
for (const [id, bytes] of Object.entries(partSizes)) {
  console.log(`  split point ${id.padEnd(14)} own chunk and the shared chunks it needs: ${String(parts[id].length).padStart(2)} files ${kb(bytes)}`);
}
// The search index: fetched when search is first opened, so in no first visit's figures.
const searchIndex = readdirSync(dist).find((f) => /^search-[0-9a-f]{16}\.txt$/.test(f));
if (searchIndex) {
  console.log(`  search index (fetched when search is first opened, not on a first visit)  raw ${kb(statSync(join(dist, searchIndex)).size)}  gzip ${kb(size(searchIndex))}`);
}
for (const id of widgetIds) {
  const own = visits.find((v) => v.route === `widgets/${id}`);
  if (!own) continue;
  console.log(`  widget ${id.padEnd(19)} first mount (what /widgets/${id} fetches beyond the shell) ${kb(own.firstChunks)}   budget ${kb(BUDGET.widget).trim()}  ${over(`widget ${id}, first mount`, own.firstChunks, BUDGET.widget)}`);
}
console.log("");
console.log("  route                                              text visible        first screen live   everything live   widgets live at first / all");
for (const v of visits) {
  const lesson = v.route.startsWith("lessons/") || v.route.startsWith("embed/");
  const mark = lesson ? over(`first visit to ${v.route}`, v.firstScreen, BUDGET.firstVisit) : "";
  const textMark = over(`text of ${v.route || "/"} visible`, v.text, BUDGET.text);
  console.log(
    `  ${("/" + v.route).padEnd(50)} ${kb(v.text)} ${textMark.padEnd(4)}    ${kb(v.firstScreen)} ${mark.padEnd(4)}        ${kb(v.all)}         ${v.liveAtFirst} / ${v.widgets}${v.live === v.widgets ? "" : `  (only ${v.live} came alive)`}`,
  );
  if (v.live !== v.widgets) failures.push(`${v.route}: only ${v.live} of ${v.widgets} widgets came alive`);
}
const lessons = visits.filter((v) => v.route.startsWith("lessons/"));
const worst = lessons.reduce((a, b) => (b.firstScreen > a.firstScreen ? b : a), lessons[0]);
const slowestText = visits.reduce((a, b) => (b.text > a.text ? b : a), visits[0]);
console.log(`  text visible, any page: at most ${kb(slowestText.text).trim()} KB (/${slowestText.route}), budget ${kb(BUDGET.text).trim()} KB`);
console.log(`  first visit to a lesson, before scrolling: at most ${kb(worst.firstScreen).trim()} KB (/${worst.route}), budget ${kb(BUDGET.firstVisit).trim()} KB`);
// An embed (a widget alone in another site's frame) loads its page, the shell and its widget's
// first mount, nothing else: it is held to the lessons' first-visit budget, and what it loads
// beyond the shell and the widget's own first mount (its page and styles) is printed.
const embeds = visits.filter((v) => v.route.startsWith("embed/"));
if (embeds.length) {
  const heaviest = embeds.reduce((a, b) => (b.firstScreen > a.firstScreen ? b : a), embeds[0]);
  const beyond = embeds.map((v) => v.firstScreen - shell - (visits.find((o) => o.route === `widgets/${v.route.slice(6)}`)?.firstChunks ?? 0));
  console.log(`  first visit to an embed: at most ${kb(heaviest.firstScreen).trim()} KB (/${heaviest.route}); beyond the shell and its widget's first mount, ${kb(Math.min(...beyond)).trim()}–${kb(Math.max(...beyond)).trim()} KB (its page and styles)`);
}
if (jsonAt >= 0) writeFileSync(args[jsonAt + 1], JSON.stringify({ shell, parts: partSizes, visits }, null, 1));
if (failures.length) console.log(`\nOver budget:\n  ${failures.join("\n  ")}`);
process.exit(check && failures.length ? 1 : 0);
