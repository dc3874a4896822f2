// End-to-end: the back-of-the-envelope estimator, on its own page, in lesson 1.4 and on a phone.
// Each expected figure is worked out here from the inputs, not read from the app.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { becomes, clean, expectValue, live, near, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const DAY = 86_400;

describe("the estimator", () => {
  test("turns users into requests, storage and bandwidth, and keeps a changed setup in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/estimator?preset=search");
    await page.getByTestId("rps-avg").waitFor();
    // A billion users × 10 a day: 10¹⁰ a day, ÷ 86,400 s.
    near(await valueOf(page, "rps-avg"), 1e10 / DAY, "requests per second");
    assert.equal(await page.getByTestId("rps-avg").innerText(), "115,741/s");
    near(await valueOf(page, "rps-peak"), (2 * 1e10) / DAY, "peak");
    // 200 B a search, a year, three copies: 10¹⁰ × 200 × 365 × 3 B.
    near(await valueOf(page, "storage-total"), 1e10 * 200 * 365 * 3, "total storage");
    // Thirty days instead of a year.
    await page.getByTestId("days-input").fill("30");
    await becomes(page, "storage-total", 1e10 * 200 * 30 * 3);
    assert.equal(await page.getByTestId("storage-total").innerText(), "180 TB");
    await page.waitForFunction(() => location.search.includes("days=30"));
    assert.equal(await page.getByTestId("estimator-preset-select").inputValue(), "", "no longer the scenario");
    // A count in words people write: 200 million users.
    await page.getByTestId("dau-input").fill("200,000,000");
    await becomes(page, "rps-avg", (2e8 * 10) / DAY);
    assert.match(await page.getByTestId("estimator-said").innerText(), /23,148/);
    await page.waitForFunction(() => location.search.includes("dau=200000000"));
    await page.reload();
    await page.getByTestId("rps-avg").waitFor();
    near(await valueOf(page, "rps-avg"), (2e8 * 10) / DAY, "after a refresh");
    assert.equal(await page.getByTestId("days-input").inputValue(), "30");
    // The chat scenario replaces every value.
    await page.getByTestId("estimator-preset-select").selectOption("chat");
    await becomes(page, "rps-avg", (1e8 * 40) / DAY);
    assert.equal(await page.getByTestId("dau-input").inputValue(), "100000000");
    await shot(page, "estimator-standalone", true);
    clean(problems);
    await context.close();
  });

  test("refuses bad input with a message and keeps the last good result", async () => {
    const { page, problems, context } = await open(env, "widgets/estimator?dau=-3&copies=99&request_bytes=lots");
    await page.getByTestId("url-problems").waitFor();
    const notice = await page.getByTestId("url-problems").innerText();
    for (const key of ["dau", "copies", "request_bytes"]) assert.match(notice, new RegExp(key));
    const good = await valueOf(page, "rps-avg");
    for (const bad of ["-5", "ten", "1e99", ""]) {
      await page.getByTestId("dau-input").fill(bad);
      assert.notEqual(await page.getByTestId("dau-input-message").innerText(), "", `a message for “${bad}”`);
      assert.equal(await page.getByTestId("dau-input").getAttribute("aria-invalid"), "true");
      assert.equal(await valueOf(page, "rps-avg"), good);
    }
    // Sizes take units: 4 KiB is 4,096 B a response.
    await page.getByTestId("response-input").fill("4 KiB");
    assert.equal(await page.getByTestId("response-input-message").innerText(), "");
    await becomes(page, "egress-avg", (Number(good) * 4096));
    clean(problems);
    await context.close();
  });

  test("sits in lesson 1.4 at the search example; the learner's prediction about 30 days checks out", async () => {
    const { page, problems, context } = await open(env, "lessons/back-of-the-envelope-estimation");
    const widget = await live(page.locator("section.widget-estimator").first());
    near(await valueOf(widget, "rps-avg"), 1e10 / DAY, "the search example");
    const ingress = await valueOf(widget, "ingress-avg");
    // The self-check: predict the total storage at 30 days, answer, then touch the widget.
    const quiz = page.locator('[data-testid="quiz"]:has-text("30 days instead of 365")');
    await quiz.locator(".quiz-number input").fill("180");
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    await widget.getByTestId("days-input").fill("30");
    await becomes(widget, "storage-total", 1e10 * 200 * 30 * 3);
    assert.equal(await widget.getByTestId("storage-total").innerText(), "180 TB");
    // Storage follows the retention; requests and bandwidth do not move.
    near(await valueOf(widget, "rps-avg"), 1e10 / DAY, "requests per second, unchanged");
    assert.equal(await valueOf(widget, "ingress-avg"), ingress);
    // The calculation shows the same step exact and on the envelope (2 × 10¹² B × 4 × 10¹ × 3).
    const row = widget.getByTestId("step-storage-total");
    near(await row.getAttribute("data-value"), 1.8e14, "the step's exact value");
    assert.match(await row.innerText(), /180 TB/);
    await shot(page, "lesson-1-4-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen; the calculation scrolls sideways in its own named group", async () => {
    const { page, problems, context } = await open(env, "widgets/estimator", PHONE);
    await page.getByTestId("rps-avg").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    const region = page.getByRole("group", { name: "The calculation, step by step" });
    assert.equal(await region.count(), 1);
    await region.focus();
    const before = await region.evaluate((el) => el.scrollLeft);
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((el) => el.scrollLeft > 0, await region.elementHandle());
    assert.equal(before, 0);
    await shot(page, "estimator-phone", true);
    clean(problems);
    await context.close();
  });
});
