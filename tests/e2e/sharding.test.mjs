// End-to-end: the sharding widget, on its own page, in lesson 6.5 and on a phone. Expected
// figures come from a small reference of our own: SplitMix64's mixer in BigInt arithmetic,
// and, for hash mod N going from n to n + 1 nodes, the count of keys whose hash modulo n(n + 1)
// is below n (the Chinese remainder theorem: exactly those keep their node). Range figures
// are worked out by hand in the comments.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clean, expectValue, live, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
function mix64(z) {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}
const keyHash = (seed, i) => mix64((((BigInt(seed) & 0xffffffffn) << 32n) | BigInt(i)) + GOLDEN & MASK);

// Keys whose node changes under hash mod N from n to n + 1 nodes.
function moduloMoved({ keys = 10000, n = 4, seed = 1 }) {
  const m = BigInt(n * (n + 1));
  let stay = 0;
  for (let i = 0; i < keys; i++) if (keyHash(seed, i) % m < BigInt(n)) stay++;
  return keys - stay;
}

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
const num = async (scope, id) => Number(await valueOf(scope, id));

describe("the sharding widget", () => {
  test("hash mod N moves most keys, the ring about 1 in N + 1, ranges only a split's half; the state stays in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/sharding");
    await page.getByTestId("moved-fraction").waitFor();
    const moved = moduloMoved({});
    assert.ok(moved > 7800 && moved < 8200, `the reference count, ${moved}, is near 80 %`);
    assert.equal(await num(page, "moved-fraction"), moved / 10000);
    assert.match(await page.getByTestId("moved-fraction").innerText(), new RegExp(`${(moved / 100).toFixed(1)} %`));
    await page.getByRole("group", { name: "Per-node figures" }).waitFor();
    assert.equal(await page.locator(".sh-row").count(), 5);
    await shot(page, "sharding-standalone", true);
    // The ring, chosen from the keyboard: the keys that move all go to node 5.
    const select = page.getByTestId("sharding-scheme-select");
    await select.focus();
    await select.selectOption("ring");
    // The default with the ring is the lesson's "ring" scenario, and the address says so.
    await page.waitForFunction(() => location.search.includes("preset=ring"));
    assert.equal(await page.getByTestId("sharding-preset-select").inputValue(), "ring");
    assert.equal(await focusedTestId(page), "sharding-scheme-select", "the select keeps the focus");
    const ring = await num(page, "moved-fraction");
    assert.ok(Math.abs(ring - 0.2) < 0.04, `about 1/5 moves on a ring (${ring})`);
    assert.equal(await num(page, "sharding-in-5"), Math.round(ring * 10000), "every moved key lands on the new node");
    assert.match(await page.getByTestId("sharding-said").innerText(), /^Consistent-hash ring, 4 → 5 nodes: /);
    // Key ranges, typed: 4 → 8 halves every range of 2,500 keys: 5,000 move, the load is even.
    await select.selectOption("range");
    const to = page.getByTestId("sharding-to-input");
    await to.fill("8");
    assert.equal(await expectValue(page, "moved-fraction", "0.5"), "0.5");
    assert.equal(await valueOf(page, "max-load"), "1");
    assert.equal(await focusedTestId(page), "sharding-to-input", "typing keeps the focus");
    // Bad values get a message; the last good figures stay.
    for (const bad of ["0", "21", "many"]) {
      await to.fill(bad);
      assert.notEqual(await page.getByTestId("sharding-to-input-message").innerText(), "", `a message for “${bad}”`);
      assert.equal(await valueOf(page, "moved-fraction"), "0.5", "the last good run stays");
    }
    // 4 → 5: the first range is split, 1,250 keys move, the untouched ranges hold 2,500 against
    // a mean of 2,000.
    await to.fill("5");
    assert.equal(await expectValue(page, "moved-fraction", "0.125"), "0.125");
    assert.equal(await valueOf(page, "max-load"), "1.25");
    // Only what differs from the default is written: the scheme.
    await page.waitForFunction(() => location.search === "?scheme=range");
    await page.reload();
    await page.getByTestId("moved-fraction").waitFor();
    assert.equal(await valueOf(page, "moved-fraction"), "0.125", "after a refresh");
    clean(problems);
    await context.close();
  });

  test("a hot key stays on one node however many nodes there are", async () => {
    const { page, problems, context } = await open(env, "widgets/sharding?preset=hot-key");
    await page.getByTestId("max-requests").waitFor();
    // Zipf exponent 1.5 over 10,000 keys: the hottest key has 1/Σ k^−1.5 of the requests.
    let h = 0;
    for (let k = 1; k <= 10000; k++) h += k ** -1.5;
    const hot = await num(page, "hot-key-share");
    assert.ok(Math.abs(hot - 1 / h) < 1e-9, `${hot} vs ${1 / h}`);
    // Its node carries at least that share: with 20 nodes, at least 20 × that over the mean.
    const twenty = await num(page, "max-requests");
    assert.ok(twenty >= 20 * hot - 1e-9, `${twenty}`);
    await page.getByTestId("sharding-to-input").fill("10");
    const ten = Number(await page.getByTestId("max-requests").evaluate((el, before) => new Promise((done) => {
      const check = () => (el.dataset.value !== String(before) ? done(el.dataset.value) : setTimeout(check, 20));
      check();
    }), twenty));
    assert.ok(twenty > 1.8 * ten, `doubling the nodes roughly doubles the busiest node's ratio (${ten} → ${twenty})`);
    assert.match(await page.getByTestId("sharding-said").innerText(), /hottest key alone gets 38\.6 %/);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 6.5; the predict-then-touch self-check comes out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/sharding-and-consistent-hashing");
    const widgets = page.locator("section.widget-sharding");
    assert.equal(await widgets.count(), 4);
    // The second place is the plain widget: hash mod N, 4 → 5 nodes.
    const first = await live(widgets.nth(1));
    assert.equal(await num(first, "moved-fraction"), moduloMoved({}) / 10000);
    // Predict the ring's moved fraction, then switch the scheme.
    const quiz = page.locator('[data-testid="quiz"]:has-text("switch the scheme to the ring")');
    await quiz.locator(".quiz-number input").fill("20");
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await first.getByTestId("sharding-scheme-select").selectOption("ring");
    const ring = await num(first, "moved-fraction");
    assert.ok(Math.abs(ring - 0.2) <= 0.03, `${ring}`);
    await shot(page, "lesson-6-5-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, in both themes", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { page, problems, context } = await open(env, "widgets/sharding?preset=hot-key", { ...PHONE, colorScheme });
      await page.getByTestId("max-load").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      await shot(page, `sharding-phone-${colorScheme}`, true);
      clean(problems);
      await context.close();
    }
  });
});
