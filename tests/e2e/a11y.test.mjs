// Accessibility: axe-core on every page the site lists, in the light and the dark theme, at
// desktop and phone width (and on a few, in the projector theme and in presenter mode), with every widget live and every chart drawn. Zero violations, each
// one printed with its page and element when there are any; the counts are printed per page.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { clean, live, open, PHONE, routes, start } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

// The rules: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

async function check(page) {
  // Through the browser's debugging protocol, which the page's Content Security Policy does not
  // govern (the page itself can run no injected script).
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join("\n      ")}`);
  }, TAGS);
}

const ROOM = { viewport: { width: 1920, height: 1080 } };

const LOOKS = [
  { name: "light, desktop", theme: "light", viewport: { width: 1280, height: 900 } },
  { name: "dark, desktop", theme: "dark", viewport: { width: 1280, height: 900 } },
  { name: "light, phone", theme: "light", ...PHONE },
  { name: "dark, phone", theme: "dark", ...PHONE },
  // The projector theme on a room's screen and on a phone, and presenter mode (which applies it
  // over whatever the reader chose), on a few pages with widgets of every kind of control.
  ...[
    { name: "projector, 1920", ...ROOM },
    { name: "projector, phone", ...PHONE },
  ].map((look) => ({ ...look, theme: "projector", only: ["", "lessons/cap-pacelc-and-consistency", "lessons/caching", "widgets/queue", "widgets/saga"] })),
  {
    name: "presenting, 1920",
    theme: "light",
    shows: "projector",
    ...ROOM,
    only: ["widgets/queue?preset=web&present=1", "widgets/saga?present=1", "widgets/cap?preset=likes&present=1", "widgets/nines?present=1"],
  },
];

describe("accessibility (axe-core)", () => {
  for (const look of LOOKS) {
    test(`every page, ${look.name}: no violations`, async () => {
      const { theme, name, only, shows = theme, ...options } = look;
      const { page, problems, context } = await open(env, null, options);
      await context.addInitScript((t) => localStorage.setItem("tradeoffs.theme", t), theme);
      const found = [];
      let pages = 0;
      // Every page, and two embeds (the others are the same page around another widget, whose
      // own page is checked).
      const embeds = ["embed/queue", "embed/cap"];
      const every = routes().filter((r) => !r.startsWith("embed/") || embeds.includes(r));
      for (const route of only ?? every) {
        // (An embed's theme is its address's, not the one this browser saved.)
        await page.goto(env.url + route + (route.startsWith("embed/") ? `?theme=${theme}` : ""));
        await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
        if (route.includes("present=1")) await page.getByTestId("present-qr").locator("svg").waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), shows, `${route} in the ${shows} theme`);
        for (const widget of await page.locator("section[data-widget]").all()) {
          await widget.scrollIntoViewIfNeeded();
          await live(widget);
        }
        const violations = await check(page);
        pages++;
        for (const v of violations) found.push(`${route || "/"}: ${v}`);
      }
      console.log(`axe, ${name}: ${pages} pages, ${found.length} violations`);
      assert.deepEqual(found, [], `axe found, ${name}:\n${found.join("\n")}`);
      clean(problems);
      await context.close();
    });
  }
});
