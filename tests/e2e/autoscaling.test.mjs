// End-to-end: the autoscaling widget, on its own page, in lesson 3.4 and on a phone. Expected
// figures come from a second implementation of the rules written here, in the words of the
// lesson: measure each minute, count breaching minutes, one instance per activity at the
// minute's end, a cooldown that blocks out and in alike, a warm-up that serves nothing.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { becomes, clean, drawn, live, near, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const SPIKE = { pattern: "spike", load: 1000, capacity: 100, min: 4, max: 20, out: 70, in: 30, out_min: 3, in_min: 10, cooldown: 120, hours: 4 };
const DAY = { pattern: "daily", load: 1000, capacity: 100, min: 3, max: 20, out: 70, in: 30, out_min: 5, in_min: 10, cooldown: 300, warmup: 300, hours: 24 };

function loadAt(p, t) {
  if (p.pattern === "steady") return p.load;
  if (p.pattern === "spike") return t >= 60 && t < 180 ? p.load : p.load / 4;
  return p.load * (0.6 - 0.4 * Math.cos((2 * Math.PI * (t % 1440)) / 1440));
}

function simulate(p) {
  const instances = Array.from({ length: p.min }, () => -Infinity); // launch times, seconds
  let above = 0, below = 0, nextAllowed = 0, overload = 0, paid = 0, peak = 0, last = 0;
  for (let t = 0; t < p.hours * 60; t++) {
    const now = t * 60;
    const serving = instances.filter((at) => at + p.warmup <= now).length;
    const load = loadAt(p, t);
    const util = (load / (serving * p.capacity)) * 100;
    if (load > serving * p.capacity) overload++;
    paid += instances.length;
    peak = Math.max(peak, instances.length);
    last = instances.length;
    above = util > p.out + 1e-9 ? above + 1 : 0;
    below = util < p.in - 1e-9 ? below + 1 : 0;
    const end = now + 60;
    if (end < nextAllowed) continue;
    if (above >= p.out_min && instances.length < p.max) instances.push(end);
    else if (below >= p.in_min && instances.length > p.min) instances.pop();
    else continue;
    nextAllowed = end + p.cooldown;
  }
  return { overload, peak, final: last, hours: paid / 60 };
}

async function expectRun(scope, p) {
  const want = simulate(p);
  await becomes(scope, "as-overload-minutes", want.overload);
  near(await valueOf(scope, "as-peak-instances"), want.peak, "peak instances");
  near(await valueOf(scope, "as-final-instances"), want.final, "final instances");
  near(await valueOf(scope, "as-instance-hours"), want.hours, "instance-hours", 1e-6);
  return want;
}

describe("the autoscaling widget", () => {
  test("replays the spike, follows a longer warm-up, keeps the focus and the address", async () => {
    const { page, problems, context } = await open(env, "widgets/autoscaling?preset=fast-warmup");
    await page.getByTestId("as-overload-minutes").waitFor();
    const fast = await expectRun(page, { ...SPIKE, warmup: 60 });
    assert.equal(fast.overload, 14, "the reference agrees with the lesson");
    const chart = await drawn(page, '[data-testid="as-load-chart"]');
    assert.ok(chart.ink > 1000, `the load chart is drawn (${chart.ink} inked pixels)`);
    // Typed as a person does, into the field its label names.
    const warmup = page.getByRole("textbox", { name: /Warm-up/ });
    await warmup.fill("600");
    const slow = await expectRun(page, { ...SPIKE, warmup: 600 });
    assert.equal(await warmup.evaluate((el) => el === document.activeElement), true, "the field keeps the focus");
    assert.equal(
      await page.getByTestId("as-said").innerText(),
      `Over 4 hours: at most ${slow.peak} instances, overloaded for ${slow.overload} minutes, ${(await page.getByTestId("as-instance-hours").innerText())} instance-hours; it ends with ${slow.final}.`,
    );
    await page.waitForFunction(() => location.search.includes("preset=slow-warmup"));
    assert.equal(await page.getByRole("combobox", { name: "Scenario" }).inputValue(), "slow-warmup");
    await page.reload();
    await page.getByTestId("as-overload-minutes").waitFor();
    near(await valueOf(page, "as-overload-minutes"), slow.overload, "after a refresh");
    // The table twin opens from the keyboard and has a row every 10 minutes.
    const summary = page.getByText("The charts' data as a table");
    await summary.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByTestId("as-table").locator("tbody tr").count(), 24);
    assert.ok(await page.getByTestId("as-instances-chart").isVisible());
    await shot(page, "autoscaling-standalone", true);
    clean(problems);
    await context.close();
  });

  test("refuses contradicting settings with a message and keeps the last result; scenarios from the keyboard", async () => {
    const { page, problems, context } = await open(env, "widgets/autoscaling?preset=long-cooldown");
    await page.getByTestId("as-overload-minutes").waitFor();
    const long = await expectRun(page, { ...SPIKE, cooldown: 900, warmup: 60 });
    for (const [id, bad] of [["as-in-input", "75"], ["as-max-input", "2"], ["as-hours-input", "100"], ["as-cooldown-input", "soon"]]) {
      await page.getByTestId(id).fill(bad);
      assert.notEqual(await page.getByTestId(`${id}-message`).innerText(), "", `a message for ${id} = “${bad}”`);
      near(await valueOf(page, "as-overload-minutes"), long.overload, "the last good result stays");
      await page.getByTestId(id).fill(String({ "as-in-input": 30, "as-max-input": 20, "as-hours-input": 4, "as-cooldown-input": 900 }[id]));
    }
    // The scenario menu, by keyboard: no cooldown.
    const menu = page.getByRole("combobox", { name: "Scenario" });
    await menu.focus();
    await menu.selectOption("no-cooldown");
    await expectRun(page, { ...SPIKE, cooldown: 0, warmup: 300 });
    assert.equal(await page.getByTestId("as-cooldown-input").inputValue(), "0", "the fields show the scenario");
    // A steady load of 1,000 from the pattern menu.
    await page.getByRole("combobox", { name: "Load pattern" }).selectOption("steady");
    await expectRun(page, { ...SPIKE, pattern: "steady", cooldown: 0, warmup: 300 });
    clean(problems);
    await context.close();
  });

  test("sits in lesson 3.4; its predict-then-touch self-check comes out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/auto-scaling");
    const widgets = page.locator("section.widget-autoscaling");
    assert.equal(await widgets.count(), 2);
    const spike = await live(widgets.first());
    const fast = await expectRun(spike, { ...SPIKE, warmup: 60 });
    const quiz = page.locator('[data-testid="quiz"]:has-text("set the warm-up to 600 s")');
    await quiz.locator(".quiz-number input").fill(String(simulate({ ...SPIKE, warmup: 600 }).overload));
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await spike.getByTestId("as-warmup-input").fill("600");
    const slow = await expectRun(spike, { ...SPIKE, warmup: 600 });
    assert.ok(slow.overload > fast.overload && slow.peak === 20);
    const day = await live(widgets.nth(1));
    const d = await expectRun(day, DAY);
    assert.equal(d.overload, 0);
    assert.equal(await day.getByTestId("as-fixed-hours").getAttribute("data-value"), "360");
    await shot(page, "lesson-3-4-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, charts included", async () => {
    const { page, problems, context } = await open(env, "widgets/autoscaling?preset=slow-warmup", PHONE);
    await page.getByTestId("as-overload-minutes").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    for (const chart of ["as-load-chart", "as-instances-chart"]) {
      assert.ok((await drawn(page, `[data-testid="${chart}"]`)).ink > 1000, `${chart} is drawn`);
    }
    await shot(page, "autoscaling-phone", true);
    clean(problems);
    await context.close();
  });
});
