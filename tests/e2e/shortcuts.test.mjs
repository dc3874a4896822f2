// End-to-end tests of the reader's keyboard and of printing: ← and → turn the lesson when no
// control has the focus (and never when one has), `?` and the button at the foot of the table
// of contents open the list of shortcuts as a modal dialog that Esc closes, giving the focus
// back; the focus is visible on everything Tab reaches; and a printed lesson has no navigation
// and shows each widget's tables, the chart's table twin included.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { clean, live, open, PHONE, shot, start } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// axe-core's WCAG 2.x A/AA rules and best practices on what is on screen (the page behind a
// modal dialog is inert, so that is the dialog).
const axe = async (page) => {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
    const result = await window.axe.run(document.getElementById("shortcuts"), { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
};

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const ready = (page) => page.waitForSelector("html[data-shell=live]");
const route = (page) => new URL(page.url()).pathname.replace(/^.*\/lessons\//, "");
const turnedTo = async (page, slug) => {
  await page.waitForSelector(`main[data-page="lessons/${slug}"]`, { timeout: 10000 });
  assert.equal(route(page), slug);
};

describe("← and → turn the lesson", () => {
  test("from the page itself, to the next and back, in place", async () => {
    const { page, problems } = await open(env, "lessons/indexing");
    await ready(page);
    await page.evaluate(() => (window.sameDocument = true));
    await page.keyboard.press("ArrowRight");
    await turnedTo(page, "replication");
    assert.equal(await page.locator("h1").first().textContent(), "Replication");
    assert.equal(await page.evaluate(() => window.sameDocument), true, "the page changed in place, not by a reload");
    assert.equal(await page.evaluate(() => document.activeElement.id), "main", "the focus is on the new lesson");
    await page.keyboard.press("ArrowLeft");
    await turnedTo(page, "indexing");
    await page.goBack();
    await turnedTo(page, "replication");
    clean(problems);
  });

  test("not while a control has the focus, nor with a modifier, nor past the ends", async () => {
    const { page, problems } = await open(env, "lessons/indexing");
    await ready(page);
    const widget = await live(page.locator("section.widget-index").first());
    const field = widget.getByTestId("rows-input");
    await field.focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowLeft");
    await page.getByTestId("index-preset-select").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    assert.equal(route(page), "indexing", "keys typed into a field or a select stay there");
    await page.evaluate(() => document.activeElement.blur());
    for (const key of ["Control+ArrowRight", "Alt+ArrowRight", "Shift+ArrowRight"]) await page.keyboard.press(key);
    await page.waitForTimeout(300);
    assert.equal(route(page), "indexing", "a key with a modifier is the browser's");

    await page.goto(`${env.url}lessons/what-system-design-is`);
    await ready(page);
    await page.keyboard.press("ArrowLeft");
    await page.waitForTimeout(300);
    assert.equal(route(page), "what-system-design-is", "the first lesson has no previous one");
    await page.goto(env.url);
    await ready(page);
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    assert.equal(new URL(page.url()).pathname, new URL(env.url).pathname, "the landing page is not a lesson");
    clean(problems);
  });

  test("not inside a widget that steps with the same keys", async () => {
    const { page, problems } = await open(env, "lessons/sagas-and-distributed-transactions");
    await ready(page);
    const saga = await live(page.locator("section.widget-saga").first());
    const before = await saga.getByTestId("saga-cursor").textContent();
    await saga.locator(".saga-body").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    assert.equal(route(page), "sagas-and-distributed-transactions");
    assert.notEqual(await saga.getByTestId("saga-cursor").textContent(), before, "→ stepped the saga instead");
    clean(problems);
  });
});

describe("the list of shortcuts", () => {
  const dialog = (page) => page.getByRole("dialog", { name: "Keyboard shortcuts" });

  test("? opens it as a modal dialog; Esc closes it and the focus comes back", async () => {
    const { page, problems } = await open(env, "lessons/caching");
    await ready(page);
    const anchor = page.locator(".prose h2 .anchor").first();
    await anchor.focus();
    await page.keyboard.press("Shift+Slash"); // "?" on a US keyboard
    await dialog(page).waitFor();
    assert.equal(await dialog(page).evaluate((d) => d.matches(":modal")), true, "modal: the page behind is inert");
    assert.equal(await page.evaluate(() => document.activeElement.closest("dialog")?.id), "shortcuts", "the focus moved into the dialog");
    const text = await dialog(page).textContent();
    for (const said of ["Previous or next lesson", "Search the lessons", "This list", "Blank the screen", "Stop presenting", "Next step"]) {
      assert.ok(text.includes(said), `the list says “${said}”`);
    }
    await page.keyboard.press("ArrowRight");
    await page.waitForTimeout(300);
    assert.equal(route(page), "caching", "→ does not turn the lesson behind the dialog");
    assert.deepEqual(await axe(page), [], "axe finds nothing in the dialog");
    await shot(page, "shortcuts-light");
    await page.keyboard.press("Escape");
    await dialog(page).waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains("anchor")), true, "the focus is back on the heading's link");
    clean(problems);
  });

  test("the button opens it from the keyboard, Close closes it; on a phone and in the dark too", async () => {
    const { page, problems } = await open(env, "lessons/caching", { ...PHONE, colorScheme: "dark" });
    await ready(page);
    await page.getByRole("button", { name: "Table of contents" }).click();
    const button = page.getByRole("button", { name: "Keyboard shortcuts ?" });
    await button.focus();
    await page.keyboard.press("Enter");
    await dialog(page).waitFor();
    const box = await dialog(page).boundingBox();
    assert.ok(box.width <= 390 && box.x >= 0, `the dialog fits the phone (${box.x}, ${box.width})`);
    assert.deepEqual(await axe(page), [], "axe finds nothing in the dialog, dark");
    await shot(page, "shortcuts-phone-dark");
    await dialog(page).getByRole("button", { name: "Close" }).click();
    await dialog(page).waitFor({ state: "hidden" });
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "shortcuts-button");
    clean(problems);
  });
});

describe("the focus is visible", () => {
  test("on everything Tab reaches on a lesson page", async () => {
    const { page, problems } = await open(env, "lessons/caching");
    await ready(page);
    const seen = new Set();
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press("Tab");
      const ring = await page.evaluate(() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
        return { what: `${el.tagName.toLowerCase()} ${el.textContent.trim().slice(0, 30)}`, outline, shadow: s.boxShadow !== "none" };
      });
      seen.add(ring.what);
      assert.ok(ring.outline || ring.shadow, `no visible focus on ${ring.what}`);
    }
    assert.ok(seen.size > 30, `Tab reached ${seen.size} different things`);
    clean(problems);
  });
});

describe("printing a lesson", () => {
  test("no navigation; each widget prints its current state with its tables", async () => {
    const { page, problems } = await open(env, "lessons/caching", { colorScheme: "dark" });
    await ready(page);
    const cache = await live(page.locator("section.widget-cache").first());
    const capacity = cache.getByTestId("cache-capacity-input");
    await capacity.fill("250");
    await capacity.press("Enter");
    await page.waitForFunction(() => document.querySelector("[data-testid=cache-said]")?.textContent.includes("250"));
    const table = cache.getByTestId("cache-curve-table");
    await page.waitForFunction(() => !document.querySelector("[data-testid=cache-curve-busy]")?.textContent.trim());
    assert.equal(await table.isVisible(), false, "on screen the chart's table waits behind its disclosure");
    await page.emulateMedia({ media: "print" });
    for (const chrome of [".topbar", "#sidebar", ".pager", ".widget-share", ".done-box"]) {
      assert.equal(await page.locator(chrome).first().isVisible(), false, `${chrome} is not printed`);
    }
    assert.equal(await table.isVisible(), true, "the chart's table twin is printed");
    assert.ok((await table.locator("tbody tr").count()) >= 5, "with its rows");
    assert.equal(await cache.locator("button:visible").count(), 0, "buttons that only act are not printed");
    assert.ok((await cache.getByTestId("hit-ratio").textContent()).trim().length > 0, "the figures are printed");
    const colours = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.color, s.backgroundColor];
    });
    assert.deepEqual(colours, ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], "ink on white, even from the dark theme");
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await cache.scrollIntoViewIfNeeded();
    await shot(page, "print-caching");
    await page.emulateMedia({ media: "screen" });
    assert.equal(await table.isVisible(), false, "back on screen, the disclosure is closed again");
    clean(problems);
  });

  test("a widget not yet brought to life prints its figures at the lesson's settings", async () => {
    const { page, problems } = await open(env, "lessons/sharding-and-consistent-hashing");
    await ready(page);
    await page.emulateMedia({ media: "print" });
    const last = page.locator("section.widget-sharding").last();
    assert.equal(await last.getAttribute("data-state"), null, "the last widget is still its static place");
    assert.equal(await last.locator("table.twin").isVisible(), true, "its table is printed");
    assert.equal(await last.getByTestId("widget-status").isVisible(), false, "its loading line is not");
    clean(problems);
  });
});
