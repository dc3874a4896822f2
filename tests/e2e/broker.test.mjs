// End-to-end: the broker widget, on its own page, in lesson 7.1 and on a phone. Expected
// figures come from a second implementation written here, message by message, in the words of
// the lesson: message n goes to partition n mod P, partition p belongs to consumer p mod C,
// each consumer takes up to its rate a second from its partitions, a message is accepted when
// the backlog at the end of the second stays within the bound, and a full backlog either
// refuses it (drop) or holds the producer until the next second (block).

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

const SPIKE = { produce: 1000, seconds: 60, consumers: 2, consume: 300, partitions: 4, capacity: 1_000_000, full: "block" };

function simulate(p) {
  const active = Math.min(p.consumers, p.partitions);
  const q = new Array(active).fill(0);
  let next = 0, waiting = 0, dropped = 0, maxDepth = 0, t = 0;
  while (t < p.seconds || (waiting > 0 && t < p.seconds + 3600)) {
    t++;
    if (t <= p.seconds) waiting += p.produce;
    const arrived = new Array(active).fill(0);
    // The backlog at the end of the second if nothing more were accepted: what each consumer
    // holds beyond what it takes this second.
    let extra = q.reduce((a, x) => a + Math.max(0, x - p.consume), 0);
    const offered = waiting;
    for (let i = 0; i < offered; i++) {
      const j = (next % p.partitions) % p.consumers;
      const grows = q[j] + arrived[j] + 1 > p.consume;
      if (!grows || extra + 1 <= p.capacity) {
        arrived[j]++;
        if (grows) extra++;
        next++;
        waiting--;
      } else if (p.full === "block") {
        break;
      } else {
        next++;
        waiting--;
        dropped++;
      }
    }
    for (let j = 0; j < active; j++) q[j] = Math.max(0, q[j] + arrived[j] - p.consume);
    maxDepth = Math.max(maxDepth, q.reduce((a, b) => a + b, 0));
  }
  const drain = waiting === 0 ? Math.max(0, ...q.map((x) => Math.ceil(x / p.consume))) : null;
  return { maxDepth, end: t, drain, dropped, idle: Math.max(0, p.consumers - p.partitions) };
}

async function expectRun(scope, p) {
  const want = simulate(p);
  await becomes(scope, "broker-max-depth", want.maxDepth);
  near(await valueOf(scope, "broker-end-s"), want.end, "end of production");
  near(await valueOf(scope, "broker-drain-s"), want.drain, "drain seconds");
  near(await valueOf(scope, "broker-dropped"), want.dropped, "dropped");
  near(await valueOf(scope, "broker-idle-consumers"), want.idle, "idle consumers");
  return want;
}

describe("the broker widget", () => {
  test("fills and drains the spike, idles consumers beyond the partitions, keeps the focus and the address", async () => {
    const { page, problems, context } = await open(env, "widgets/broker?preset=spike");
    await page.getByTestId("broker-max-depth").waitFor();
    const spike = await expectRun(page, SPIKE);
    assert.deepEqual([spike.maxDepth, spike.drain], [24000, 40], "the reference agrees with the lesson");
    const chart = await drawn(page, '[data-testid="broker-chart"]');
    assert.ok(chart.ink > 1000, `the chart is drawn (${chart.ink} inked pixels)`);
    const consumers = page.getByRole("textbox", { name: /Consumers per group/ });
    await consumers.fill("8");
    const eight = await expectRun(page, { ...SPIKE, consumers: 8 });
    assert.equal(eight.idle, 4);
    assert.equal(await consumers.evaluate((el) => el === document.activeElement), true, "the field keeps the focus");
    await consumers.fill("3");
    const three = await expectRun(page, { ...SPIKE, consumers: 3 });
    assert.equal(
      await page.getByTestId("broker-said").innerText(),
      `Deepest backlog 12,000 messages; production ends at 60 s and it drains ${three.drain} s later; 0 consumers idle, 0 messages dropped.`,
    );
    await page.waitForFunction(() => location.search.includes("preset=three-consumers"));
    await page.reload();
    await page.getByTestId("broker-max-depth").waitFor();
    near(await valueOf(page, "broker-max-depth"), three.maxDepth, "after a refresh");
    // The table twin opens from the keyboard: a row every 5 s over the 100 s run.
    const summary = page.getByText("The chart's data as a table");
    await summary.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByTestId("broker-table").locator("tbody tr").count(), 21);
    await shot(page, "broker-standalone", true);
    clean(problems);
    await context.close();
  });

  test("blocks or drops when full, refuses bad values with a message; menus from the keyboard", async () => {
    const { page, problems, context } = await open(env, "widgets/broker?preset=backpressure");
    await page.getByTestId("broker-max-depth").waitFor();
    const block = await expectRun(page, { ...SPIKE, capacity: 6000 });
    assert.equal(block.end, 90);
    for (const [id, bad, good] of [["broker-capacity-input", "0", "6000"], ["broker-partitions-input", "40", "4"], ["broker-produce-input", "lots", "1000"]]) {
      await page.getByTestId(id).fill(bad);
      assert.notEqual(await page.getByTestId(`${id}-message`).innerText(), "", `a message for ${id} = “${bad}”`);
      near(await valueOf(page, "broker-end-s"), block.end, "the last good result stays");
      await page.getByTestId(id).fill(good);
    }
    const full = page.getByRole("combobox", { name: "When full" });
    await full.focus();
    await full.selectOption("drop");
    const drop = await expectRun(page, { ...SPIKE, capacity: 6000, full: "drop" });
    assert.equal(drop.dropped, 18000);
    await page.getByRole("combobox", { name: "Delivery" }).selectOption("pubsub");
    await page.getByTestId("broker-groups-input").fill("4");
    await becomes(page, "broker-deliveries", 4 * (60000 - drop.dropped));
    await page.getByRole("combobox", { name: "Scenario" }).selectOption("spike");
    await expectRun(page, SPIKE);
    assert.equal(await page.getByTestId("broker-consumers-input").inputValue(), "2", "the fields show the scenario");
    clean(problems);
    await context.close();
  });

  test("sits in lesson 7.1; its predict-then-touch self-check comes out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/message-brokers");
    const widget = page.locator("section.widget-broker").first();
    const w = await live(widget);
    await expectRun(w, SPIKE);
    const quiz = page.locator('[data-testid="quiz"]:has-text("set consumers to 8")');
    await quiz.locator(".quiz-number input").fill(String(simulate({ ...SPIKE, consumers: 8 }).idle));
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await w.getByTestId("broker-consumers-input").fill("8");
    await expectRun(w, { ...SPIKE, consumers: 8 });
    const faster = simulate({ ...SPIKE, capacity: 6000, consume: 400 });
    assert.equal(faster.end, 68, "the blocking self-check's answer");
    await shot(page, "lesson-7-1-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, chart included", async () => {
    const { page, problems, context } = await open(env, "widgets/broker?preset=drop", PHONE);
    await page.getByTestId("broker-max-depth").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    assert.ok((await drawn(page, '[data-testid="broker-chart"]')).ink > 1000, "the chart is drawn");
    await shot(page, "broker-phone", true);
    clean(problems);
    await context.close();
  });
});
