// Search, as a reader uses it: the index is not fetched with a page, `/` or `s` (or the Search
// button) opens a modal dialog and fetches the index once, a word only a late lesson has finds
// that lesson's heading with the word marked, Enter or a click opens it in place at the heading,
// Esc closes and gives the focus back, the index that fails to load offers to try again, and
// all of it on a phone and in both themes (screenshots kept in target/screenshots/).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { BASE, DIST, PHONE, clean, open, shot, start } from "./harness.mjs";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// axe-core's violations on the page as it is (the rules of a11y.test.mjs).
async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
    const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
}

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

// "stampede" is only in lessons/caching.md (part 6), in the heading below and its text.
const WORD = "stampede";
const LESSON = "lessons/caching";
const ANCHOR = "stampedes-and-request-coalescing";
const HEADING = "Stampedes and request coalescing";

const isIndex = (url) => /\/search-[0-9a-f]{16}\.txt$/.test(new URL(url).pathname);
const isSearchChunk = (url) => /\/split_search[^/]*\.wasm$/.test(new URL(url).pathname);

// The index file of the build, read the way a person would check it: sections whose heading or
// text has a word starting with `prefix` (a plain regular expression, not the app's code).
function sectionsWith(prefix) {
  const file = readdirSync(DIST).find((f) => /^search-[0-9a-f]{16}\.txt$/.test(f));
  const lines = readFileSync(`${DIST}/${file}`, "utf8").split("\n").filter((l) => l.startsWith("S\t"));
  const re = new RegExp(`(^|[^\\p{L}\\p{N}])${prefix}`, "iu");
  return lines.filter((l) => re.test(l.split("\t").slice(2).join(" "))).length;
}

async function ready(page) {
  await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
}

const dialog = (page) => page.getByRole("dialog", { name: "Search the lessons" });
const input = (page) => page.getByRole("combobox", { name: "Search the lessons" });
const options = (page) => dialog(page).getByRole("option");

// Types `text` into the search field and waits for the result naming `heading`.
async function search(page, text, heading = HEADING) {
  await input(page).fill(text);
  await options(page).filter({ hasText: heading }).first().waitFor();
}

describe("search", () => {
  test("the index is fetched on first use only, once; a late lesson's word finds its heading; Enter opens it in place", async () => {
    const { page, problems } = await open(env, "lessons/what-system-design-is");
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await ready(page);
    await page.waitForTimeout(800);
    assert.equal(requests.filter(isIndex).length, 0, "no index with the page");
    assert.equal(requests.filter(isSearchChunk).length, 0, "no search code with the page");
    const button = page.getByRole("button", { name: "Search" });
    assert.ok(await button.isVisible(), "the Search button is in the top bar");
    assert.equal(await button.getAttribute("aria-keyshortcuts"), "/ s");

    await page.evaluate(() => (window.stayed = true)); // Gone if a link reloads the page.
    await page.keyboard.press("/");
    await dialog(page).waitFor();
    assert.ok(await input(page).evaluate((el) => el === document.activeElement), "the field has the focus");
    assert.ok(await page.evaluate(() => document.getElementById("search-dialog").matches(":modal")), "a modal dialog");
    await search(page, WORD);
    assert.equal(requests.filter(isIndex).length, 1, "the index is fetched once");
    assert.ok(requests.some(isSearchChunk), "the search code came with the first use");

    const first = options(page).first();
    assert.match(await first.innerText(), /6\.\d+ Caching/, "the lesson's number and title");
    assert.match(await first.innerText(), new RegExp(HEADING), "the heading");
    assert.equal(await first.getAttribute("aria-selected"), "true", "the first result is chosen");
    assert.equal(await first.getAttribute("href"), `${BASE}${LESSON}#${ANCHOR}`, "a link to the heading, under the base");
    const marks = await first.locator("mark").allInnerTexts();
    assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase().startsWith(WORD)), `the word is marked: ${marks}`);
    assert.equal(await input(page).getAttribute("aria-activedescendant"), await first.getAttribute("id"));

    // The sentence, once the typing pauses, counts what a plain scan of the index counts.
    const expected = sectionsWith(WORD);
    assert.ok(expected >= 1 && expected < 20);
    const status = page.getByTestId("search-status");
    await page.waitForFunction((n) => document.querySelector('[data-testid="search-status"]').textContent.startsWith(`${n} result`), expected);
    assert.equal(await status.innerText(), `${expected} result${expected === 1 ? "" : "s"} for “${WORD}”`);
    assert.equal(await options(page).count(), expected);
    assert.equal(await status.getAttribute("role"), "status");

    // A word nowhere.
    await input(page).fill("zqxjv");
    await page.waitForFunction(() => document.querySelector('[data-testid="search-status"]').textContent === "No results for “zqxjv”");
    assert.equal(await options(page).count(), 0);
    assert.equal(await input(page).getAttribute("aria-expanded"), "false");

    await search(page, WORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/${LESSON}#${ANCHOR}`);
    await page.waitForFunction((a) => document.querySelector("main")?.dataset.page === "lessons/caching" && document.getElementById(a), ANCHOR);
    assert.ok(await page.evaluate(() => window.stayed), "opened in place, not reloaded");
    assert.ok(!(await dialog(page).isVisible()), "the dialog closed");
    await page.waitForTimeout(300);
    const box = await page.locator(`#${ANCHOR}`).boundingBox();
    const height = page.viewportSize().height;
    assert.ok(box && box.y >= 0 && box.y < height / 2, `the heading is in view near the top (y ${box?.y})`);

    // Opening search again on the new page: the index is not fetched again.
    await page.keyboard.press("s");
    await dialog(page).waitFor();
    await search(page, "quorum", "Quorum");
    assert.equal(requests.filter(isIndex).length, 1, "still fetched once");
    clean(problems);
  });

  test("↑ / ↓ choose, a click opens the result, Esc closes and gives the focus back", async () => {
    const { page, problems } = await open(env, "lessons/what-system-design-is");
    await ready(page);
    // The focus on a link in the page, then `s`.
    const brand = page.locator(".brand");
    await brand.focus();
    await page.keyboard.press("s");
    await dialog(page).waitFor();
    await search(page, "cache");
    assert.ok((await options(page).count()) >= 5);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    assert.equal(await options(page).nth(1).getAttribute("aria-selected"), "true");
    assert.equal(await options(page).nth(0).getAttribute("aria-selected"), "false");
    assert.equal(await input(page).getAttribute("aria-activedescendant"), "search-option-1");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.getElementById("search-dialog").open);
    assert.ok(await brand.evaluate((el) => el === document.activeElement), "the focus is back on the link");

    // The button: Esc gives the focus back to it. Typing keeps the last search.
    const button = page.getByRole("button", { name: "Search" });
    await button.click();
    await dialog(page).waitFor();
    assert.equal(await input(page).inputValue(), "cache", "the last search is kept");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.getElementById("search-dialog").open);
    assert.ok(await button.evaluate((el) => el === document.activeElement), "the focus is back on the button");

    // A click on a result of another lesson opens it at its heading.
    await button.click();
    await search(page, WORD);
    await options(page).first().click();
    await page.waitForURL(`**/${LESSON}#${ANCHOR}`);
    await page.waitForFunction(() => document.querySelector("main")?.dataset.page === "lessons/caching");
    assert.ok(!(await dialog(page).isVisible()));
    clean(problems);
  });

  test("keys are ignored while typing in a field, with a modifier, or with a dialog open", async () => {
    const { page, problems } = await open(env, "lessons/caching");
    await ready(page);
    const field = page.locator(".quiz-number input").first();
    await field.focus();
    await page.keyboard.type("s/");
    assert.equal(await field.inputValue(), "s/", "the keys went into the field");
    assert.ok(!(await page.locator("#search-dialog[open]").count()), "no search while typing");
    await field.evaluate((el) => el.blur());
    await page.keyboard.press("Control+s").catch(() => {});
    assert.ok(!(await page.locator("#search-dialog[open]").count()), "no search with Ctrl");
    await page.keyboard.press("/");
    await dialog(page).waitFor();
    await input(page).fill("s/");
    assert.equal(await input(page).inputValue(), "s/", "the keys go into the search field");
    clean(problems);
  });

  test("an index that cannot be fetched says so and offers to try again", async () => {
    const { page, problems } = await open(env, "lessons/what-system-design-is");
    await ready(page);
    await page.route(isIndex, (route) => route.abort());
    await page.keyboard.press("/");
    await dialog(page).waitFor();
    const alert = page.getByRole("alert").filter({ hasText: "search index could not be loaded" });
    await alert.waitFor();
    await page.unroute(isIndex);
    await alert.getByRole("button", { name: "Try again" }).click();
    await input(page).focus();
    await search(page, WORD);
    assert.equal(await alert.count(), 0);
    // (The refused request, and the browser's note of it, are the point of this test.)
    clean(problems.filter((p) => !/search-[0-9a-f]{16}\.txt .*ERR_FAILED|^console: Failed to load resource: net::ERR_FAILED$/.test(p)));
  });

  test("search code that cannot be fetched is said next to the button, and the next press tries again", async () => {
    const { page, problems } = await open(env, "lessons/what-system-design-is");
    await ready(page);
    await page.route(isSearchChunk, (route) => route.abort());
    const said = page.getByTestId("search-failed");
    assert.equal(await said.textContent(), "", "nothing is said before a failure");
    const empty = await said.boundingBox();
    assert.ok(!empty || empty.height < 1, `an empty status takes no room and shows nothing (${JSON.stringify(empty)})`);
    await page.getByRole("button", { name: /Search/ }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="search-failed"]').textContent !== "");
    assert.match(await said.textContent(), /Search could not be loaded.*try again/);
    assert.equal(await said.getAttribute("role"), "status");
    assert.ok(await said.isVisible(), "the message is shown, not only announced");
    assert.equal(await dialog(page).count(), 0);
    await page.unroute(isSearchChunk);
    await page.getByRole("button", { name: /Search/ }).click();
    await dialog(page).waitFor();
    assert.equal(await said.textContent(), "", "a press that works clears the message");
    await page.keyboard.press("Escape");
    // (The refused request, and the split loader's report of it, are the point of this test.)
    const expected = /split_search[^ ]*\.wasm .*ERR_FAILED|^console: Failed to load resource: net::ERR_FAILED$|^console: TypeError: Failed to fetch\n\s+at [^\n]*__wasm_split/;
    clean(problems.filter((p) => !expected.test(p)));
  });

  test("the index is one of the build's files the service worker keeps", () => {
    const file = readdirSync(DIST).find((f) => /^search-[0-9a-f]{16}\.txt$/.test(f));
    assert.ok(file, "the index is named by its content");
    assert.ok(readFileSync(`${DIST}/sw.js`, "utf8").includes(`"${BASE}${file}"`), "sw.js lists it");
    assert.ok(readFileSync(`${DIST}/index.html`, "utf8").includes(`<meta name="search-index" content="${BASE}${file}">`));
  });

  for (const theme of ["light", "dark"]) {
    for (const [width, options] of [
      [1280, {}],
      [390, PHONE],
    ]) {
      test(`the dialog with results, ${theme}, ${width} px`, async () => {
        const { page, problems } = await open(env, "lessons/caching", { ...options, colorScheme: theme });
        await ready(page);
        const button = page.getByRole("button", { name: "Search" });
        assert.ok(await button.isVisible());
        await button.click();
        await dialog(page).waitFor();
        await search(page, "cache evic", "Eviction");
        await page.waitForFunction(() => / results? for /.test(document.querySelector('[data-testid="search-status"]').textContent));
        const fits = await page.evaluate(() => {
          const d = document.getElementById("search-dialog").getBoundingClientRect();
          return d.left >= 0 && d.right <= window.innerWidth && document.documentElement.scrollWidth <= window.innerWidth;
        });
        assert.ok(fits, "the dialog fits the screen");
        const mark = await page.locator(".search-snippet mark").first().evaluate((m) => getComputedStyle(m).backgroundColor);
        assert.notEqual(mark, "rgba(0, 0, 0, 0)", "marks are highlighted");
        await shot(page, `search-${theme}-${width}`);
        assert.deepEqual(await axe(page), [], "axe finds nothing with the dialog open");
        clean(problems);
      });
    }
  }
});
