// Lighthouse (its default mobile settings, run on the system Chromium; it downloads nothing) on
// a lesson with widgets, a lesson without and a standalone widget, served by the test server
// (tests/e2e/static-server.mjs, compressed like common hosts) under BASE.
//
//   node tools/lighthouse.mjs DIST BASE [--check]
//
// Prints every category's score per page. With --check it exits 1 when accessibility, best
// practices or SEO is below 100 anywhere, naming the audits that failed; performance (goal 95)
// is printed, never gated, because timings vary from run to run on a shared machine.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromiumPath } from "../tests/e2e/browser.mjs";
import { serve } from "../tests/e2e/static-server.mjs";

const args = process.argv.slice(2);
const [dist = "dist", base = "/"] = args.filter((a) => !a.startsWith("--"));
const check = args.includes("--check");
const ROUTES = ["lessons/cdns", "lessons/what-system-design-is", "widgets/cap"];
const GATED = ["accessibility", "best-practices", "seo"];
const bin = fileURLToPath(new URL("../node_modules/.bin/lighthouse", import.meta.url));

const server = await serve({ dir: dist, base });
const out = mkdtempSync(join(tmpdir(), "tradeoffs-lighthouse-"));
const failed = [];
try {
  for (const route of ROUTES) {
    const report = join(out, `${route.replace(/\//g, "_")}.json`);
    // Asynchronously: the server answering Lighthouse's browser runs in this very process.
    await promisify(execFile)(
      bin,
      [
        server.url + route,
        "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
        "--output=json",
        `--output-path=${report}`,
      ],
      { env: { ...process.env, CHROME_PATH: chromiumPath() }, timeout: 180_000 },
    );
    const r = JSON.parse(readFileSync(report, "utf8"));
    const score = (id) => Math.round((r.categories[id]?.score ?? 0) * 100);
    console.log(`lighthouse, /${route}: ${["performance", ...GATED].map((id) => `${id} ${score(id)}`).join(", ")}`);
    for (const id of GATED) {
      if (score(id) >= 100) continue;
      const audits = r.categories[id].auditRefs
        .filter((ref) => ref.weight > 0 && r.audits[ref.id].score !== null && r.audits[ref.id].score < 1)
        .map((ref) => `${ref.id} (${r.audits[ref.id].title})`);
      failed.push(`/${route}: ${id} ${score(id)}: ${audits.join("; ")}`);
    }
  }
} finally {
  await server.close();
  rmSync(out, { recursive: true, force: true });
}
if (failed.length) {
  console.log(`\nBelow 100:\n  ${failed.join("\n  ")}`);
  if (check) process.exit(1);
}
