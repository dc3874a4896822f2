// End-to-end: the cache widget, on its own page, in lesson 6.7 and on a phone. The standalone
// settings make the figures countable by hand (one item, a cache of one); the lesson's figures
// are checked through invariants that hold whatever the trace (write-through stores every
// write; a uniform load hits about capacity ÷ items).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clean, drawn, expectValue, live, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

// "69,852 reads and 30,148 writes." → [69852, 30148]
async function readsAndWrites(scope) {
  const text = await scope.locator(".cache-outputs .result").innerText();
  const m = text.match(/([\d,]+) reads and ([\d,]+) writes/);
  assert.ok(m, text);
  return [Number(m[1].replaceAll(",", "")), Number(m[2].replaceAll(",", ""))];
}

describe("the cache widget", () => {
  test("counts hits, store reads and writes and what write-back loses, from the keyboard, and keeps them in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/cache?items=1&capacity=1&requests=1000&writes=0");
    await page.getByTestId("hit-ratio").waitFor();
    // One item, a cache of one: the first of 1,000 reads misses, the other 999 hit.
    assert.equal(await valueOf(page, "hit-ratio"), "0.999");
    assert.equal(await page.getByTestId("hit-ratio").innerText(), "99.9 %");
    assert.equal(await valueOf(page, "store-reads"), "1");
    assert.equal(await valueOf(page, "store-writes"), "0");
    // Write-back, chosen from the keyboard, and every request a write: the item stays dirty,
    // the store is never written, and a crash loses it.
    const strategy = page.getByTestId("cache-strategy-select");
    await strategy.focus();
    await strategy.selectOption("write-back");
    assert.equal(await focusedTestId(page), "cache-strategy-select", "the select keeps the focus");
    const writes = page.getByTestId("cache-writes-input");
    await writes.fill("1");
    assert.equal(await focusedTestId(page), "cache-writes-input", "typing keeps the focus");
    assert.equal(await expectValue(page, "lost-on-crash", "1"), "1");
    assert.equal(await valueOf(page, "store-writes"), "0");
    assert.equal(await page.getByTestId("hit-ratio").innerText(), "no reads");
    assert.match(await page.getByTestId("cache-said").innerText(), /hit ratio no reads; 0 store reads, 0 store writes; a crash now loses 1 dirty items\.$/);
    // Write-through: every one of the 1,000 writes reaches the store, nothing is lost.
    await strategy.selectOption("write-through");
    assert.equal(await expectValue(page, "store-writes", "1000"), "1000");
    assert.equal(await valueOf(page, "lost-on-crash"), "0");
    // A bad value: a message, and the last good run stays.
    await writes.fill("2");
    assert.match(await page.getByTestId("cache-writes-input-message").innerText(), /from 0 to 1/);
    assert.equal(await valueOf(page, "store-writes"), "1000");
    await page.waitForFunction(() => location.search.includes("strategy=write-through") && location.search.includes("writes=1"));
    await page.reload();
    await page.getByTestId("hit-ratio").waitFor();
    assert.equal(await valueOf(page, "store-writes"), "1000", "after a refresh");
    clean(problems);
    await context.close();
  });

  test("draws hit ratio against cache size, with a table twin that rises with the size", async () => {
    const { page, problems, context } = await open(env, "widgets/cache?preset=skewed");
    await page.getByTestId("hit-ratio").waitFor();
    // The chart's nine sizes fill in one per task; the table twin carries each.
    await page.getByTestId("cache-curve-5000").waitFor({ state: "attached" });
    const ratios = [];
    // (The table sits in a closed disclosure: its cells are attached, not visible.)
    for (const size of [10, 20, 50, 100, 200, 500, 1000, 2000, 5000]) ratios.push(Number(await page.getByTestId(`cache-curve-${size}`).getAttribute("data-value")));
    for (let i = 1; i < ratios.length; i++) assert.ok(ratios[i] >= ratios[i - 1], `LRU never hits less with a bigger cache: ${ratios}`);
    assert.equal(String(ratios[3]), await valueOf(page, "hit-ratio"), "the chart's point at 100 items is the readout");
    const ink = await drawn(page, '[data-testid="cache-curve-chart"]');
    assert.ok(ink.ink > 1000, "the chart is drawn");
    // Uniform requests: any 100 of 10,000 items are asked for about 1 % of the time.
    await page.getByTestId("cache-preset-select").selectOption("uniform");
    const uniform = Number(await expectValue(page, "cache-ideal", "0.01"));
    assert.equal(uniform, 0.01);
    const hit = Number(await valueOf(page, "hit-ratio"));
    assert.ok(Math.abs(hit - 0.01) < 0.002, `uniform hit ratio ${hit}`);
    await shot(page, "cache-standalone", true);
    clean(problems);
    await context.close();
  });

  test("sits twice in lesson 6.7; its predict-then-touch self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/caching");
    const widgets = page.locator("section.widget-cache");
    assert.equal(await widgets.count(), 2);
    // Uniform: predict about 1 %, then touch.
    const uniformQuiz = page.locator('[data-testid="quiz"]:has-text("Every item equally popular")');
    await uniformQuiz.locator(".quiz-number input").fill("1");
    await uniformQuiz.getByRole("button", { name: "Check" }).click();
    assert.match(await uniformQuiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    const first = await live(widgets.first());
    const skewed = Number(await valueOf(first, "hit-ratio"));
    await first.getByTestId("cache-preset-select").selectOption("uniform");
    await expectValue(first, "cache-ideal", "0.01");
    assert.ok(Math.abs(Number(await valueOf(first, "hit-ratio")) - 0.01) < 0.002);
    // LRU → LFU on the skewed trace: nearly double, close to the top items' share.
    const lfuQuiz = page.locator('[data-testid="quiz"]:has-text("switching the eviction to LFU")');
    await lfuQuiz.locator(".quiz-choice", { hasText: "It nearly doubles" }).click();
    assert.match(await lfuQuiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await first.getByTestId("cache-preset-select").selectOption("skewed");
    assert.equal(await expectValue(first, "hit-ratio", String(skewed)), String(skewed));
    await first.getByTestId("cache-policy-select").selectOption("lfu");
    let lfu = skewed;
    for (let i = 0; i < 100 && lfu === skewed; i++) {
      await page.waitForTimeout(20);
      lfu = Number(await valueOf(first, "hit-ratio"));
    }
    const ideal = Number(await valueOf(first, "cache-ideal"));
    assert.ok(lfu > 1.8 * skewed && lfu <= ideal + 0.01, `LFU ${lfu}, LRU ${skewed}, ideal ${ideal}`);
    // Write-back → write-through: every write reaches the store, nothing is lost.
    const second = await live(widgets.nth(1));
    assert.ok(Number(await valueOf(second, "lost-on-crash")) > 0, "write-back leaves dirty items");
    const [, w] = await readsAndWrites(second);
    assert.ok(Number(await valueOf(second, "store-writes")) < w, "write-back absorbs some writes");
    const wtQuiz = page.locator('[data-testid="quiz"]:has-text("What happens to the store writes")');
    await wtQuiz.locator(".quiz-choice", { hasText: "one per write" }).click();
    assert.match(await wtQuiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await second.getByTestId("cache-strategy-select").selectOption("write-through");
    assert.equal(await expectValue(second, "store-writes", String(w)), String(w));
    assert.equal(await valueOf(second, "lost-on-crash"), "0");
    await shot(page, "lesson-6-7-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, in both themes", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { page, problems, context } = await open(env, "widgets/cache?preset=write-back", { ...PHONE, colorScheme });
      await page.getByTestId("hit-ratio").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      await shot(page, `cache-phone-${colorScheme}`, true);
      clean(problems);
      await context.close();
    }
  });
});
