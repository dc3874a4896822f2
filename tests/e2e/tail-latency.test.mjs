// End-to-end: the tail-latency widget, on its own page, in lesson 2.2 and on a phone. The
// expected figures are worked out here: nearest-rank percentiles of a list, the mean, and
// 1 − (1 − p)ⁿ for a request that waits for n backends.

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

// "50x90,200x9" → the list of times, and its nearest-rank percentile and mean.
const expand = (list) => list.split(",").flatMap((item) => { const [ms, n] = item.split("x").map(Number); return Array(n).fill(ms); }).sort((a, b) => a - b);
const rank = (times, q) => times[Math.ceil((q / 100) * times.length) - 1];
const mean = (times) => times.reduce((a, b) => a + b, 0) / times.length;
const pSlow = (p, n) => 1 - (1 - p) ** n;

describe("the tail-latency widget", () => {
  test("shows a list's percentiles and mean; one outlier moves the mean, not the median", async () => {
    const list = "50x90,200x9,2000x1";
    const { page, problems, context } = await open(env, `widgets/tail-latency?dist=samples&samples=${list}&panels=distribution`);
    await page.getByTestId("p50").waitFor();
    const times = expand(list);
    for (const [id, q] of [["p50", 50], ["p90", 90], ["p95", 95], ["p99", 99], ["p999", 99.9]]) {
      near(await valueOf(page, id), rank(times, q), id);
    }
    near(await valueOf(page, "mean"), mean(times), "mean");
    assert.equal(await page.getByTestId("mean").innerText(), "83 ms");
    near(await valueOf(page, "mean-rank"), times.filter((t) => t < mean(times)).length / times.length, "share below the mean");
    const outlier = "50x90,200x9,20000x1";
    await page.getByTestId("samples-input").fill(outlier);
    await becomes(page, "mean", mean(expand(outlier)));
    near(await valueOf(page, "p50"), 50, "the median stays");
    assert.match(await page.getByTestId("tail-said").innerText(), /263 ms/);
    // The address writes a count of one as the time alone.
    await page.waitForFunction(() => decodeURIComponent(location.search).includes("samples=50x90,200x9,20000&"));
    await page.reload();
    await page.getByTestId("p50").waitFor();
    near(await valueOf(page, "mean"), mean(expand(outlier)), "after a refresh");
    // A list that cannot be read is refused with a message.
    await page.getByTestId("samples-input").fill("fast, slow");
    assert.notEqual(await page.getByTestId("samples-input-message").innerText(), "");
    near(await valueOf(page, "mean"), mean(expand(outlier)), "the last good list stays");
    // The log-normal with median 100 ms and p99 1 s.
    await page.getByTestId("dist-select").selectOption("lognormal");
    await page.getByTestId("median-input").fill("100");
    await page.getByTestId("p99-input").fill("1000");
    await becomes(page, "p99", 1000);
    near(await valueOf(page, "p50"), 100, "median");
    const chart = await drawn(page, '[data-testid="percentile-chart"]');
    assert.ok(chart.ink > 1000, "the percentile chart is drawn");
    // Its twin table, for a screen reader or a printout.
    await page.locator('[data-panel="distribution"] details.chart-twin summary').click();
    const rows = await page.getByTestId("percentile-table").locator("tbody tr").allInnerTexts();
    assert.ok(rows.includes("p50\t100 ms") && rows.includes("p99\t1 s"), rows.join(" | "));
    await shot(page, "tail-standalone", true);
    clean(problems);
    await context.close();
  });

  test("fans out: one slow backend in a hundred makes most requests slow", async () => {
    const { page, problems, context } = await open(env, "widgets/tail-latency?preset=tail-at-scale");
    await page.getByTestId("p-slow").waitFor();
    near(await valueOf(page, "p-slow"), pSlow(0.01, 100), "P(slow) at p = 1 %, n = 100");
    assert.equal(await page.getByTestId("p-slow").innerText(), "63.4 %");
    // The smallest fan-out at which half the requests are slow.
    let half = 1;
    while (pSlow(0.01, half) < 0.5) half++;
    assert.equal(await valueOf(page, "half-at"), String(half));
    await page.getByTestId("fanout-input").fill("1");
    await becomes(page, "p-slow", 0.01);
    await page.getByTestId("fanout-input").fill("10000");
    await becomes(page, "p-slow", pSlow(0.01, 10000));
    await page.getByTestId("fanout-input").fill("0");
    assert.notEqual(await page.getByTestId("fanout-input-message").innerText(), "");
    const chart = await drawn(page, '[data-testid="fanout-chart"]');
    assert.ok(chart.ink > 1000, "the fan-out chart is drawn");
    // Hedging after the p95 sends 5 % more calls and makes far fewer requests slow.
    await page.getByTestId("fanout-input").fill("100");
    await becomes(page, "p-slow", pSlow(0.01, 100));
    near(await valueOf(page, "hedge-extra"), 0.05, "extra calls", 1e-5);
    const hedged = Number(await valueOf(page, "hedged-p-slow"));
    assert.ok(hedged > 0 && hedged < 0.05, `hedged requests slow: ${hedged}`);
    await page.getByTestId("hedge-input").fill("off");
    await page.getByTestId("hedge-off").waitFor();
    clean(problems);
    await context.close();
  });

  test("sits in lesson 2.2 three times, one panel each; the fan-out self-check comes out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/percentiles-and-tail-latency");
    const widgets = page.locator("section.widget-tail-latency");
    assert.equal(await widgets.count(), 3);
    const panels = async (w) => w.locator("[data-panel]").evaluateAll((els) => els.map((e) => e.dataset.panel));
    const averages = await live(widgets.nth(0));
    assert.deepEqual(await panels(averages), ["distribution"]);
    near(await valueOf(averages, "mean"), 83, "the averages example");
    const fan = await live(widgets.nth(1));
    assert.deepEqual(await panels(fan), ["fanout"]);
    const quiz = page.locator('[data-testid="quiz"]:has-text("a request waits for 1,000 servers")');
    await quiz.locator(".quiz-number input").fill("63");
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await fan.getByTestId("p-input").fill("0.001");
    await fan.getByTestId("fanout-input").fill("1000");
    await becomes(fan, "p-slow", pSlow(0.001, 1000));
    assert.match(await fan.getByTestId("p-slow").innerText(), /^63\.2\d* %$/);
    const hedge = await live(widgets.nth(2));
    assert.deepEqual(await panels(hedge), ["hedge"]);
    await shot(page, "lesson-2-2-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, tables and charts included", async () => {
    const { page, problems, context } = await open(env, "widgets/tail-latency", PHONE);
    await page.getByTestId("p-slow").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    for (const chart of ["percentile-chart", "fanout-chart"]) {
      assert.ok((await drawn(page, `[data-testid="${chart}"]`)).ink > 1000, `${chart} is drawn`);
    }
    await shot(page, "tail-phone", true);
    clean(problems);
    await context.close();
  });
});
