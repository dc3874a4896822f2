// End-to-end: the quorum widget, on its own page, in lesson 6.4 and on a phone. Expected
// figures come from a small reimplementation here (SplitMix64, one shuffle of the replicas per
// operation, the staleness rule from its definition), not from the app.

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
function mix(z) {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
  return z ^ (z >> 31n);
}

// 40 operations, one every 10 ms, writes at even positions; each touches the first W (or R)
// live replicas of a seeded shuffle; a write reaches the other live replicas `lag` ms later.
// Returns stale reads, reads answered and failed operations.
function run({ n = 3, w = 1, r = 1, lag = 100, down = [], seed = 1 }) {
  let state = BigInt(seed);
  const up = Array.from({ length: n }, (_, k) => !down.includes(k + 1));
  const live = up.filter(Boolean).length;
  const writes = [];
  let stale = 0, answered = 0, failed = 0;
  for (let i = 0; i < 40; i++) {
    const order = Array.from({ length: n }, (_, k) => k);
    for (let k = n - 1; k > 0; k--) {
      state = (state + GOLDEN) & MASK;
      const j = Number(mix(state) % BigInt(k + 1));
      [order[k], order[j]] = [order[j], order[k]];
    }
    const t = 10 * i;
    const need = i % 2 === 0 ? w : r;
    if (live < need) {
      failed++;
      continue;
    }
    const touched = order.filter((k) => up[k]).slice(0, need);
    if (i % 2 === 0) {
      writes.push({ t, v: writes.length + 1, touched });
    } else {
      answered++;
      let got = 0;
      for (const x of writes) for (const k of touched) if (x.t <= t && (x.touched.includes(k) || (up[k] && x.t + lag <= t))) got = Math.max(got, x.v);
      if (got < writes.length) stale++;
    }
  }
  return { stale, answered, failed };
}

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

describe("the quorum widget", () => {
  test("shows stale reads disappear once R + W > N, and keeps the state in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/quorum");
    await page.getByTestId("quorum-stale").waitFor();
    const base = run({});
    assert.equal(base.stale, 16, "the worked default run");
    assert.equal(await valueOf(page, "quorum-stale"), String(base.stale / base.answered));
    assert.equal(await page.getByTestId("quorum-stale").innerText(), "80 % (16 of 20)");
    assert.equal(await valueOf(page, "quorum-overlap"), "-1");
    assert.equal(await valueOf(page, "quorum-write-tolerates"), "2");
    assert.equal(await valueOf(page, "quorum-read-tolerates"), "2");
    assert.equal(await page.locator('svg.quorum-diagram circle.q-stale').count(), 16, "the diagram rings each stale read");
    // The table twin holds every operation.
    await page.getByText("Every operation as a table").click();
    assert.equal(await page.locator('[data-testid="quorum-op"]').count(), 40);
    assert.equal(await page.locator('[data-testid="quorum-op"][data-outcome="stale"]').count(), 16);
    await page.getByRole("group", { name: "Every operation of the run" }).waitFor();
    await shot(page, "quorum-standalone", true);
    // Typing R = 2, then 3: fewer stale reads, then none; focus stays in the field.
    const field = page.getByTestId("quorum-r-input");
    await field.fill("2");
    const two = run({ r: 2 });
    assert.ok(two.stale > 0 && two.stale < base.stale);
    assert.equal(await expectValue(page, "quorum-stale", String(two.stale / 20)), String(two.stale / 20));
    await field.fill("3");
    assert.equal(await expectValue(page, "quorum-stale", "0"), "0");
    assert.equal(await valueOf(page, "quorum-overlap"), "1");
    assert.equal(await focusedTestId(page), "quorum-r-input", "typing keeps the focus");
    assert.match(await page.getByTestId("quorum-said").innerText(), /^R \+ W = 4 > N = 3: .*0 of 20 reads were stale/);
    await page.waitForFunction(() => location.search.includes("r=3"));
    await page.reload();
    await page.getByTestId("quorum-stale").waitFor();
    assert.equal(await valueOf(page, "quorum-stale"), "0", "after a refresh");
    // Bad input: a message, the last good run stays.
    for (const bad of ["4", "x", "0"]) {
      await page.getByTestId("quorum-r-input").fill(bad);
      assert.notEqual(await page.getByTestId("quorum-r-input-message").innerText(), "", `a message for “${bad}”`);
      assert.equal(await valueOf(page, "quorum-stale"), "0");
    }
    clean(problems);
    await context.close();
  });

  test("counts failed operations when too few replicas are up", async () => {
    const { page, problems, context } = await open(env, "widgets/quorum?preset=majority");
    await page.getByTestId("quorum-unavailable").waitFor();
    const down = page.getByTestId("quorum-down-input");
    await down.fill("3");
    assert.equal(await expectValue(page, "quorum-unavailable", String(run({ w: 2, r: 2, down: [3] }).failed / 40)), "0");
    await down.fill("2,3");
    assert.equal(await expectValue(page, "quorum-unavailable", String(run({ w: 2, r: 2, down: [2, 3] }).failed / 40)), "1");
    assert.equal(await page.getByTestId("quorum-stale").getAttribute("data-value"), null, "no read returned");
    assert.equal(await page.locator(".q-down-label").count(), 2, "both down replicas are marked");
    await page.getByTestId("quorum-preset-select").selectOption("write-all");
    await down.fill("3");
    assert.equal(await expectValue(page, "quorum-unavailable", "0.5"), "0.5");
    assert.equal(await valueOf(page, "quorum-write-tolerates"), "0");
    clean(problems);
    await context.close();
  });

  test("sits in lesson 6.4; the predict-then-touch self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/replication");
    const widget = await live(page.locator("section.widget-quorum"));
    assert.equal(await valueOf(widget, "quorum-stale"), "0.8");
    const quiz = page.locator('[data-testid="quiz"]:has-text("Predict before you type")');
    await quiz.locator(".quiz-choice", { hasText: "Fewer than with R = 1" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await widget.getByTestId("quorum-r-input").fill("2");
    assert.equal(await expectValue(widget, "quorum-stale", String(run({ r: 2 }).stale / 20)), "0.35");
    const failing = page.locator('[data-testid="quiz"]:has-text("What percentage of the 40 operations will fail")');
    await failing.locator(".quiz-number input").fill(String((100 * run({ w: 3, r: 1, down: [3] }).failed) / 40));
    await failing.getByRole("button", { name: "Check" }).click();
    assert.match(await failing.getByTestId("quiz-verdict").innerText(), /^Right/);
    await widget.getByTestId("quorum-preset-select").selectOption("write-all");
    await widget.getByTestId("quorum-down-input").fill("3");
    assert.equal(await expectValue(widget, "quorum-unavailable", "0.5"), "0.5");
    await shot(page, "lesson-6-4-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, in both themes", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { page, problems, context } = await open(env, "widgets/quorum?preset=one-down", { ...PHONE, colorScheme });
      await page.getByTestId("quorum-stale").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      await shot(page, `quorum-phone-${colorScheme}`, true);
      clean(problems);
      await context.close();
    }
  });
});
