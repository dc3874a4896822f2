// End-to-end: the queue widget, on its own page, in lesson 2.3 and on a phone. Expected
// figures come from the M/M/1 formulas worked here: W = 1/(μ − λ), Wq = ρW, L = λW, and a
// backlog B drains in B/(μ − λ).

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

const mm1 = (lambda, mu) => ({ rho: lambda / mu, w: 1 / (mu - lambda), wq: lambda / mu / (mu - lambda), l: lambda / (mu - lambda) });

describe("the queue widget", () => {
  test("shows a server at 90 % busy, follows the arrival rate up the curve, and keeps it in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?preset=web");
    await page.getByTestId("utilization").waitFor();
    const at90 = mm1(90, 100);
    near(await valueOf(page, "utilization"), at90.rho, "utilization");
    near(await valueOf(page, "response-time"), at90.w, "response time");
    near(await valueOf(page, "wait"), at90.wq, "wait");
    near(await valueOf(page, "in-system"), at90.l, "L");
    near(await valueOf(page, "little"), 90 * at90.w, "λW");
    near(await valueOf(page, "drain-time"), 1000 / (100 - 90), "drain time");
    const before = await drawn(page, '[data-testid="queue-curve-chart"]');
    assert.ok(before.ink > 1000, `the curve is drawn (${before.ink} inked pixels)`);
    // Up the hockey stick: 95 a second doubles the response time.
    await page.getByTestId("arrival-input").fill("95");
    await becomes(page, "response-time", mm1(95, 100).w);
    assert.equal(await page.getByTestId("response-time").innerText(), "200 ms");
    assert.match(await page.getByTestId("queue-said").innerText(), /^At 95\.0 % busy: response time 200 ms/);
    await page.waitForFunction(() => location.search.includes("arrival=95"));
    assert.equal(await page.getByTestId("queue-preset-select").inputValue(), "", "no longer the scenario");
    await page.reload();
    await page.getByTestId("utilization").waitFor();
    near(await valueOf(page, "response-time"), mm1(95, 100).w, "after a refresh");
    const drain = await drawn(page, '[data-testid="queue-drain-chart"]');
    assert.ok(drain.ink > 1000, "the backlog chart is drawn");
    await shot(page, "queue-standalone", true);
    clean(problems);
    await context.close();
  });

  test("at or past full load says there is no steady state instead of showing a figure", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?arrival=120&service=100&backlog=500");
    await page.getByTestId("utilization").waitFor();
    near(await valueOf(page, "utilization"), 1.2, "utilization");
    assert.equal(await valueOf(page, "stability"), "overloaded");
    assert.equal(await page.getByTestId("response-time").getAttribute("data-value"), null);
    assert.equal(await page.getByTestId("response-time").innerText(), "–");
    assert.match(await page.getByTestId("stability").innerText(), /grows by 20 a second/);
    assert.equal(await page.getByTestId("drain-time").getAttribute("data-value"), null, "a growing queue never drains");
    // Bad input is refused with a message; the last good state stays.
    for (const bad of ["-1", "fast", "1e12"]) {
      await page.getByTestId("service-input").fill(bad);
      assert.notEqual(await page.getByTestId("service-input-message").innerText(), "", `a message for “${bad}”`);
      assert.equal(await valueOf(page, "utilization"), "1.2");
    }
    await page.getByTestId("service-input").fill("150");
    await becomes(page, "response-time", mm1(120, 150).w);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 2.3; both predict-then-touch self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/degradation-queues-and-utilization");
    const widgets = page.locator("section.widget-queue");
    assert.equal(await widgets.count(), 2);
    // 20 ms a request at 45 a second: the learner sets the service rate first, which on the
    // way overloads the server (90 a second against 50).
    const web = await live(widgets.first());
    near(await valueOf(web, "response-time"), mm1(90, 100).w, "the web server");
    await web.getByTestId("service-input").fill("50");
    assert.equal(await valueOf(web, "stability"), "overloaded");
    await web.getByTestId("arrival-input").fill("45");
    await becomes(web, "response-time", mm1(45, 50).w);
    assert.equal(await web.getByTestId("response-time").innerText(), "200 ms");
    // A million orders at 500 a second: 2,000 s; with 300 new ones a second, 5,000 s.
    const sale = await live(widgets.nth(1));
    near(await valueOf(sale, "drain-time"), 1e6 / 500, "the flash sale drains");
    await sale.getByTestId("arrival-input").fill("300");
    await becomes(sale, "drain-time", 1e6 / (500 - 300));
    const quiz = page.locator('[data-testid="quiz"]:has-text("One million orders are queued")');
    await quiz.locator(".quiz-number input").fill("5000");
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await shot(page, "lesson-2-3-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, charts included", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?preset=flash-sale", PHONE);
    await page.getByTestId("utilization").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    for (const chart of ["queue-curve-chart", "queue-drain-chart"]) {
      assert.ok((await drawn(page, `[data-testid="${chart}"]`)).ink > 1000, `${chart} is drawn`);
    }
    await shot(page, "queue-phone", true);
    clean(problems);
    await context.close();
  });
});
