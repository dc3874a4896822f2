// End-to-end: presenter mode at 1920×1080 (the Present button and `present=1`, type measured,
// the QR code decoded back to the widget's address with an independent decoder, clicker keys,
// blanking, leaving) and the three themes (chosen, remembered across a reload, drawn by the
// chart).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { canvasInk, clean, drawn, live, open, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const ROOM = { viewport: { width: 1920, height: 1080 } };

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
const presenting = (page) => page.evaluate(() => document.documentElement.hasAttribute("data-presenting"));
const themeOf = (page) => page.evaluate(() => document.documentElement.dataset.theme);

// The widget's own address as the QR code should carry it: this page's, without `present`.
const widgetUrl = (page) =>
  page.evaluate(() => {
    const url = new URL(location.href);
    url.searchParams.delete("present");
    return url.origin + url.pathname + (url.searchParams.size ? `?${url.search.slice(1)}` : "");
  });

// Screenshots the QR code and decodes it with jsQR (not the encoder that drew it).
async function decodeQr(page) {
  const png = PNG.sync.read(await page.getByTestId("present-qr").screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(found, "the QR code decodes");
  return found.data;
}

// Waits (up to 5 s) until the QR code decodes to `expected`; returns what it decodes to.
async function qrBecomes(page, expected) {
  const deadline = Date.now() + 5000;
  let text = await decodeQr(page);
  while (text !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    text = await decodeQr(page);
  }
  return text;
}

// The smallest computed font size, in px, of the widget's visible body text (paragraphs,
// figures, labels, table cells, buttons), with what it belongs to.
const smallestText = (page) =>
  page.evaluate(() => {
    const section = document.querySelector("section.presenting");
    let min = { size: Infinity, what: "" };
    for (const el of section.querySelectorAll("p, dt, dd, label, td, th, li, button, select, input, figcaption")) {
      const box = el.getBoundingClientRect();
      if (box.width < 2 || box.height < 2 || el.closest(".visually-hidden, svg, [hidden]")) continue;
      if (!el.innerText?.trim() && !["SELECT", "INPUT"].includes(el.tagName)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < min.size) min = { size, what: `${el.tagName.toLowerCase()}.${el.className} “${(el.innerText ?? "").slice(0, 30)}”` };
    }
    return min;
  });

describe("presenter mode", () => {
  test("opens from the Present button at projector size, walks the scenarios, follows the state in its QR code, blanks and leaves", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?preset=web", ROOM);
    const widget = await live(page.locator("section[data-widget=queue]"));
    const before = await themeOf(page);
    const chunks = [];
    page.on("request", (r) => r.url().endsWith(".wasm") && chunks.push(r.url()));
    const present = widget.getByTestId("present-button");
    assert.equal(await present.isVisible(), true);
    await present.click();
    await page.getByTestId("present-aside").waitFor();
    assert.ok(chunks.length >= 1, "presenter mode's code is fetched when presenting starts");
    assert.equal(await presenting(page), true, "<html data-presenting>");
    assert.equal(await themeOf(page), "projector");
    assert.match(page.url(), /present=1/);
    // The widget fills the screen.
    const box = await widget.boundingBox();
    assert.deepEqual([box.x, box.y, box.width, box.height], [0, 0, 1920, 1080]);
    const small = await smallestText(page);
    assert.ok(small.size >= 28, `body text at least 28 px on a 1920 px screen: ${small.size} px (${small.what})`);
    // Big targets.
    const next = await page.getByTestId("present-next").boundingBox();
    assert.ok(next.height >= 60 && next.width >= 120, `Next is ${next.width}×${next.height}`);
    assert.equal(await focusedTestId(page), "present-next");
    // The slide, for the room and for a screen reader.
    const slide = page.getByTestId("present-slide");
    assert.equal(await slide.getAttribute("role"), "status");
    assert.match(await slide.innerText(), /^Slide 1 of 2: /);
    // The QR code: named as one, and carrying this setup's address.
    const qr = page.getByTestId("present-qr");
    assert.equal(await qr.getAttribute("role"), "img");
    const expected = await widgetUrl(page);
    assert.ok(expected.endsWith("/tradeoffs/widgets/queue?preset=web") || expected.endsWith("/widgets/queue?preset=web"), expected);
    assert.equal(await qrBecomes(page, expected), expected);
    assert.equal(await qr.getAttribute("aria-label"), `QR code: opens this setup, ${expected}`);
    assert.equal(await page.getByTestId("present-url").innerText(), expected);
    assert.equal(await qr.locator("path").count(), 1, "one path");
    await shot(page, "present-queue-projector");

    // → : the next scenario; the figures change, and so do the address and the QR code.
    const utilization = await valueOf(page, "utilization");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector("[data-testid=present-slide]").innerText.startsWith("Slide 2 of 2"));
    await page.waitForFunction((u) => document.querySelector("[data-testid=utilization]")?.dataset.value !== u, utilization);
    await page.waitForFunction(() => location.search.includes("preset=flash-sale") && location.search.includes("present=1"));
    const second = await widgetUrl(page);
    assert.match(second, /\?preset=flash-sale$/);
    assert.equal(await qrBecomes(page, second), second);
    // ← : back to the first.
    await page.keyboard.press("PageUp");
    await page.waitForFunction(() => document.querySelector("[data-testid=present-slide]").innerText.startsWith("Slide 1 of 2"));
    await page.waitForFunction((u) => document.querySelector("[data-testid=utilization]")?.dataset.value === u, utilization);

    // A control changed while presenting: the QR code follows the state.
    await page.getByTestId("arrival-input").fill("42");
    await page.waitForFunction(() => location.search.includes("arrival=42") && location.search.includes("present=1"));
    const changed = await widgetUrl(page);
    assert.match(changed, /arrival=42/);
    assert.equal(await qrBecomes(page, changed), changed);
    // Arrows belong to the field while it has the focus: the slide stays.
    await page.keyboard.press("ArrowRight");
    assert.match(await slide.innerText(), /^Slide 1 of 2/);

    // B blanks the screen; any key brings it back (and does nothing else).
    await page.getByTestId("present-next").focus();
    await page.keyboard.press("b");
    const blank = page.getByTestId("present-blank");
    assert.equal(await blank.isVisible(), true);
    const dark = await blank.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(dark, "rgb(0, 0, 0)");
    await shot(page, "present-blank");
    await page.keyboard.press("x");
    assert.equal(await blank.isVisible(), false);
    assert.equal(await presenting(page), true);
    await page.keyboard.press(".");
    assert.equal(await blank.isVisible(), true);
    await page.keyboard.press("ArrowRight");
    assert.equal(await blank.isVisible(), false);
    assert.match(await slide.innerText(), /^Slide 1 of 2/, "the key that unblanks does not step");

    // Esc leaves: the page as it was, the theme before, the focus on Present.
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-presenting"));
    assert.equal(await themeOf(page), before);
    assert.equal(await focusedTestId(page), "present-button");
    assert.equal(await page.getByTestId("present-aside").count(), 0);
    await page.waitForFunction(() => !location.search.includes("present"));
    assert.match(page.url(), /arrival=42/, "the state shown stays");
    const after = await widget.boundingBox();
    assert.ok(after.width < 1920, "back in the page");
    clean(problems);
    await context.close();
  });

  test("opens from present=1 and steps a simulation with the clicker's keys", async () => {
    const { page, problems, context } = await open(env, "widgets/saga?flow=travel&fail=3&present=1", ROOM);
    await page.getByTestId("present-aside").waitFor();
    await live(page.locator("section[data-widget=saga]"));
    assert.equal(await themeOf(page), "projector");
    // `present` is the page's, not a setting the widget reports as unknown.
    assert.equal(await page.getByTestId("url-problems").count(), 0);
    assert.match(page.url(), /present=1/);
    const small = await smallestText(page);
    assert.ok(small.size >= 28, `body text at least 28 px: ${small.size} px (${small.what})`);
    const cursor = () => valueOf(page, "saga-cursor");
    assert.equal(await cursor(), "0");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector("[data-testid=saga-cursor]").dataset.value === "1");
    await page.keyboard.press("PageDown");
    await page.waitForFunction(() => document.querySelector("[data-testid=saga-cursor]").dataset.value === "2");
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(() => document.querySelector("[data-testid=saga-cursor]").dataset.value === "1");
    // With the focus on the widget's own Step button, one key is still one step.
    await page.getByTestId("saga-step").focus();
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => document.querySelector("[data-testid=saga-cursor]").dataset.value === "2");
    await page.waitForTimeout(200);
    assert.equal(await cursor(), "2");
    const expected = await widgetUrl(page);
    assert.equal(await qrBecomes(page, expected), expected);
    assert.match(expected, /flow=travel/);
    await shot(page, "present-saga-projector");
    await page.keyboard.press("Escape");
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-presenting"));
    assert.equal(await focusedTestId(page), "present-button");
    assert.equal(await page.getByTestId("url-problems").count(), 0);
    clean(problems);
    await context.close();
  });

  test("in a lesson, walks the lesson's setups: a step-through widget steps to its end, then the next setup", async () => {
    const { page, problems, context } = await open(env, "lessons/cap-pacelc-and-consistency", ROOM);
    const places = page.locator("section[data-widget=cap]");
    assert.equal(await places.count(), 4);
    const second = await live(places.nth(1));
    await second.getByTestId("present-button").click();
    const slide = page.getByTestId("present-slide");
    await slide.waitFor();
    assert.match(await slide.innerText(), /^Slide 2 of 4: The like counter/);
    const cursor = () => second.getByTestId("cap-cursor").getAttribute("data-value");
    const start = Number(await cursor());
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((n) => Number(document.querySelector(".presenting [data-testid=cap-cursor]").dataset.value) === n + 1, start);
    // On to the end of this setup, then the next setup, from its first step.
    for (let i = 0; i < 40 && (await slide.innerText()).startsWith("Slide 2"); i++) await page.keyboard.press("PageDown");
    await page.waitForFunction(() => document.querySelector("[data-testid=present-slide]").innerText.startsWith("Slide 3 of 4: No partition"));
    await page.waitForFunction(() => document.querySelector(".presenting [data-testid=cap-cursor]")?.dataset.value === "0");
    // Back at the first step: the setup before, at its last step.
    await page.keyboard.press("ArrowLeft");
    await page.waitForFunction(() => document.querySelector("[data-testid=present-slide]").innerText.startsWith("Slide 2 of 4"));
    await page.waitForFunction(() => {
      const c = document.querySelector(".presenting [data-testid=cap-cursor]");
      return c && document.querySelector(".presenting [data-testid=cap-end]")?.getAttribute("aria-disabled") === "true";
    });
    const expected = await second.evaluate((el) => new URL(el.querySelector(".widget-share").href).href);
    assert.equal(await qrBecomes(page, expected), expected);
    await shot(page, "present-cap-lesson-projector");
    await page.getByTestId("present-leave").click();
    await page.waitForFunction(() => !document.documentElement.hasAttribute("data-presenting"));
    assert.equal(await second.evaluate((el) => el.contains(document.activeElement) && document.activeElement.dataset.testid), "present-button");
    clean(problems);
    await context.close();
  });
});

describe("themes", () => {
  test("light, dark and projector are chosen from the top bar and remembered; the chart draws in each", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?preset=web", ROOM);
    await live(page.locator("section[data-widget=queue]"));
    const select = page.getByTestId("theme-select");
    assert.equal(await page.getByRole("combobox", { name: "Colour theme" }).count(), 1, "the menu is named");
    const digests = [];
    for (const theme of ["dark", "projector", "light"]) {
      await select.selectOption(theme);
      assert.equal(await themeOf(page), theme);
      await page.reload();
      await page.locator("section[data-widget=queue][data-state=live]").waitFor();
      assert.equal(await themeOf(page), theme, `${theme} is remembered`);
      assert.equal(await select.inputValue(), theme);
      assert.equal(await page.evaluate(() => localStorage.getItem("tradeoffs.theme")), theme);
      await drawn(page, "section[data-widget=queue] canvas");
      await page.waitForTimeout(300);
      digests.push((await canvasInk(page, "section[data-widget=queue] canvas")).digest);
      await shot(page, `theme-${theme}-widget`);
    }
    assert.equal(new Set(digests).size, 3, "the chart is drawn in each theme's colours");
    clean(problems);
    await context.close();
  });

  test("the projector theme sets lesson text at 28 px and more on a 1920 px screen, and every theme fits a phone", async () => {
    const { page, problems, context } = await open(env, null, ROOM);
    await context.addInitScript(() => localStorage.setItem("tradeoffs.theme", "projector"));
    await page.goto(`${env.url}lessons/availability-and-the-nines`);
    await page.locator(".prose p").first().waitFor();
    const size = await page.locator(".prose p").first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
    assert.ok(size >= 28, `${size} px`);
    await shot(page, "theme-projector-lesson-1920");
    clean(problems);
    await context.close();
    for (const theme of ["light", "dark", "projector"]) {
      const { page, problems, context } = await open(env, null, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await context.addInitScript((t) => localStorage.setItem("tradeoffs.theme", t), theme);
      await page.goto(`${env.url}lessons/availability-and-the-nines`);
      await page.locator(".prose p").first().waitFor();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= 390, `${theme}: the page is ${wide} px wide`);
      const bar = await page.getByTestId("theme-select").boundingBox();
      assert.ok(bar.x + bar.width <= 390, `${theme}: the theme menu fits`);
      await shot(page, `theme-${theme}-phone`);
      clean(problems);
      await context.close();
    }
  });
});
