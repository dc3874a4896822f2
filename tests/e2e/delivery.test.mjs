// End-to-end: the delivery widget, on its own page, in lesson 7.2 and on a phone. The expected
// figures are worked out here by a small reference of the rules: at-most-once acknowledges
// then processes (a crash loses that message; lost acknowledgements change nothing);
// at-least-once processes then acknowledges (a crash or a lost acknowledgement brings the
// message back, and its effect is applied again), up to 5 deliveries; exactly-once is the same
// delivery with copies skipped. Lost acknowledgements are drawn with SplitMix64 from the seed.

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

// SplitMix64 (Steele, Lea and Flood 2014): uniform numbers in [0, 1) from a seed.
function splitmix(seed) {
  let state = BigInt(seed);
  const M = (1n << 64n) - 1n;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    z ^= z >> 31n;
    return Number(z >> 11n) / 2 ** 53;
  };
}

// [processed, lost, effects applied again, delivered again]
function expected({ semantics, messages, crash, loss, seed }) {
  const draw = splitmix(seed);
  const lose = () => draw() < loss;
  let [processed, lost, again, redelivered] = [0, 0, 0, 0];
  for (let m = 1; m <= messages; m++) {
    if (semantics === "at-most-once") {
      lose();
      if (crash === m) lost++;
      else processed++;
      continue;
    }
    let d = crash === m ? 2 : 1;
    while (lose() && d < 5) d++;
    processed++;
    redelivered += d - 1;
    if (semantics === "at-least-once") again += d - 1;
  }
  return [processed, lost, again, redelivered];
}

async function figures(scope) {
  const out = [];
  for (const k of ["processed", "lost", "duplicates", "redelivered"]) out.push(Number(await valueOf(scope, `delivery-${k}`)));
  return out;
}

async function settled(scope, want) {
  await expectValue(scope, "delivery-redelivered", String(want[3]));
  await expectValue(scope, "delivery-duplicates", String(want[2]));
  return figures(scope);
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);

describe("the delivery widget", () => {
  test("counts what a crash and lost acknowledgements cost, steps from the keyboard and keeps the focus", async () => {
    const { page, problems, context } = await open(env, "widgets/delivery");
    await live(page.locator("section.widget").first());
    const base = { semantics: "at-least-once", messages: 10, crash: 4, loss: 0, seed: 1 };
    assert.deepEqual(await figures(page), expected(base));
    assert.deepEqual(expected(base), [10, 0, 1, 1], "hand-worked: one effect applied twice");
    await page.getByTestId("delivery-semantics-select").selectOption("at-most-once");
    assert.deepEqual(await settled(page, [9, 1, 0, 0]), expected({ ...base, semantics: "at-most-once" }));
    await page.getByTestId("delivery-semantics-select").selectOption("exactly-once");
    assert.deepEqual(await settled(page, [10, 0, 0, 1]), expected({ ...base, semantics: "exactly-once" }));
    // Step from the keyboard: Start, then Enter on Step three times.
    await page.getByTestId("delivery-start").click();
    const step = page.getByTestId("delivery-step");
    await step.focus();
    const heard = [];
    for (const key of ["Enter", " ", "Enter"]) {
      await page.keyboard.press(key);
      assert.equal(await focusedId(page), "delivery-step", "the focus stays on Step");
      heard.push(await page.getByTestId("delivery-said").innerText());
    }
    assert.match(heard[0], /^Step 1 of 43: Producer publishes message 1/);
    assert.match(heard[1], /^Step 2 of 43: Broker delivers message 1/);
    assert.match(heard[2], /^Step 3 of 43: Consumer applies message 1's effect and stores its id/);
    assert.equal(await page.locator(".delivery-svg .party.active").count(), 1, "the consumer acts");
    assert.equal(await page.locator('.delivery-log li[aria-current="step"]').count(), 1);
    // Lost acknowledgements: 30 % with seed 3, then other seeds.
    await page.getByTestId("delivery-preset-select").selectOption("lost-acks");
    const lossy = { semantics: "at-least-once", messages: 10, crash: null, loss: 0.3, seed: 3 };
    assert.deepEqual(await settled(page, expected(lossy)), expected(lossy));
    for (const seed of [7, 12345]) {
      await page.getByTestId("delivery-seed-input").fill(String(seed));
      const want = expected({ ...lossy, seed });
      assert.deepEqual(await settled(page, want), want, `seed ${seed}`);
    }
    await page.getByTestId("delivery-loss-input").fill("60 %");
    await page.getByTestId("delivery-messages-input").fill("20");
    const heavy = { ...lossy, seed: 12345, loss: 0.6, messages: 20 };
    assert.deepEqual(await settled(page, expected(heavy)), expected(heavy));
    await page.waitForFunction(() => decodeURIComponent(location.search).includes("ack_loss=0.6"));
    await page.reload();
    await live(page.locator("section.widget").first());
    assert.deepEqual(await figures(page), expected(heavy), "after a refresh");
    // Bad values are refused with a message; the figures stay.
    for (const [id, bad] of [["delivery-loss-input", "2"], ["delivery-messages-input", "21"], ["delivery-crash-input", "x"]]) {
      await page.getByTestId(id).fill(bad);
      assert.notEqual(await page.getByTestId(`${id}-message`).innerText(), "", `a message for ${bad}`);
    }
    assert.deepEqual(await figures(page), expected(heavy));
    await shot(page, "delivery-standalone", true);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 7.2; its predict-then-touch self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/delivery-guarantees");
    assert.equal(await page.getByText("the notes").count(), 0);
    const widgets = page.locator("section.widget-delivery");
    assert.equal(await widgets.count(), 2);
    const first = await live(widgets.first());
    const predict = page.locator('[data-testid="quiz"]:has-text("How many messages does it count as processed")');
    await predict.locator(".quiz-number input").fill("9");
    await predict.getByRole("button", { name: "Check" }).click();
    assert.match(await predict.getByTestId("quiz-verdict").innerText(), /^Right/);
    await first.getByTestId("delivery-semantics-select").selectOption("at-most-once");
    assert.equal(await expectValue(first, "delivery-processed", "9"), "9");
    assert.equal(await valueOf(first, "delivery-lost"), "1");
    const second = await live(widgets.nth(1));
    const before = await figures(second);
    assert.deepEqual(before, expected({ semantics: "at-least-once", messages: 10, crash: null, loss: 0.3, seed: 3 }));
    const idem = page.locator('[data-testid="quiz"]:has-text("switch the widget above to exactly-once")');
    await idem.locator(".quiz-choice", { hasText: "Delivered again stays at" }).click();
    assert.match(await idem.getByTestId("quiz-verdict").innerText(), /^Right/);
    await second.getByTestId("delivery-semantics-select").selectOption("exactly-once");
    assert.equal(await expectValue(second, "delivery-duplicates", "0"), "0");
    assert.equal(await valueOf(second, "delivery-redelivered"), String(before[3]));
    await second.scrollIntoViewIfNeeded();
    await shot(page, "lesson-7-2-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, the drawing scrolling inside its own frame", async () => {
    const { page, problems, context } = await open(env, "widgets/delivery?step=16", PHONE);
    await live(page.locator("section.widget").first());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    assert.equal(await page.locator(".delivery-svg .party.crashed").count(), 1, "step 16 is the crash");
    await shot(page, "delivery-phone", true);
    clean(problems);
    await context.close();
  });
});
