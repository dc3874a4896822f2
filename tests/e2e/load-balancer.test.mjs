// End-to-end: the load-balancer widget, on its own page, in lesson 3.2 and on a phone.
// Expected figures for round robin are worked out here by a small simulation of its own
// (round robin is a fixed rotation, so each server's queue can be followed by hand); the other
// algorithms' figures follow from the reasoning in the comments.

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

// Round robin over `servers` servers of one worker each, 100 ms a request (`slowFactor` times
// that on server `slow`), `requests` arriving at 7 × servers a second; server `down` refuses
// everything until the first health check at `healthS`. Returns served and errors per server
// and the p99 (nearest rank) of the successful requests, in ms.
function roundRobin({ servers = 5, requests = 1000, slow = 0, slowFactor = 4, down = 0, healthS = 10 }) {
  const served = Array(servers).fill(0);
  const errors = Array(servers).fill(0);
  const freeAt = Array(servers).fill(0);
  const times = [];
  let next = 0;
  for (let i = 0; i < requests; i++) {
    const t = Math.floor((i * 1e6) / (7 * servers));
    const up = (s) => s + 1 !== down || t < healthS * 1e6;
    while (!up(next % servers)) next++;
    const s = next % servers;
    next = s + 1;
    if (s + 1 === down) {
      errors[s]++;
      continue;
    }
    const service = s + 1 === slow ? 100000 * slowFactor : 100000;
    freeAt[s] = Math.max(t, freeAt[s]) + service;
    times.push(freeAt[s] - t);
    served[s]++;
  }
  times.sort((a, b) => a - b);
  const p99 = times.length ? times[Math.ceil(0.99 * times.length) - 1] / 1000 : null;
  return { served, errors, p99, errorCount: errors.reduce((a, b) => a + b, 0) };
}

const focusedTestId = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

describe("the load-balancer widget", () => {
  test("shows round robin piling requests onto a slow server, least connections steering around it, and keeps it in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/load-balancer?preset=slow-server");
    await page.getByTestId("lb-p99").waitFor();
    const rr = roundRobin({ slow: 3 });
    assert.equal(rr.p99, 49000, "the worked round-robin run");
    assert.equal(await valueOf(page, "lb-p99"), String(rr.p99));
    assert.equal(await page.getByTestId("lb-p99").innerText(), "49,000 ms");
    for (let n = 1; n <= 5; n++) assert.equal(await valueOf(page, `lb-served-${n}`), String(rr.served[n - 1]), `server ${n}`);
    assert.equal(await valueOf(page, "lb-errors"), "0");
    // The table twin is a named, keyboard-scrollable group; the bars are drawn for the eye.
    await page.getByRole("group", { name: "Per-server figures" }).waitFor();
    assert.equal(await page.locator(".lb-row").count(), 5);
    await shot(page, "load-balancer-standalone", true);
    // Least connections, chosen from the keyboard: at 70 % load an idle server always exists,
    // so nothing queues; the slow server still takes over 1 % of the requests, 400 ms each.
    const select = page.getByTestId("lb-algorithm-select");
    await select.focus();
    await select.selectOption("least-connections");
    assert.equal(await expectValue(page, "lb-p99", "400"), "400");
    assert.equal(await focusedTestId(page), "lb-algorithm-select", "the select keeps the focus");
    assert.match(await page.getByTestId("lb-said").innerText(), /^Least connections over 5 servers: p99 400 ms/);
    assert.ok(Number(await valueOf(page, "lb-served-3")) > 10, "the slow server still serves over 1 %");
    await page.waitForFunction(() => location.search.includes("algorithm=least-connections"));
    assert.equal(await page.getByTestId("lb-preset-select").inputValue(), "", "no longer the scenario");
    await page.reload();
    await page.getByTestId("lb-p99").waitFor();
    assert.equal(await valueOf(page, "lb-p99"), "400", "after a refresh");
    clean(problems);
    await context.close();
  });

  test("counts the requests a failing server fails before the health check, and refuses bad input with a message", async () => {
    const { page, problems, context } = await open(env, "widgets/load-balancer?preset=failing-server");
    await page.getByTestId("lb-errors").waitFor();
    const every10 = roundRobin({ down: 2, healthS: 10 });
    assert.equal(every10.errorCount, 70);
    assert.equal(await valueOf(page, "lb-errors"), "70");
    assert.equal(await valueOf(page, "lb-errors-2"), "70");
    assert.equal(await valueOf(page, "lb-served-2"), "0");
    assert.equal(await valueOf(page, "lb-served-1"), String(every10.served[0]));
    const field = page.getByTestId("lb-health-input");
    await field.fill("2");
    assert.equal(await expectValue(page, "lb-errors", String(roundRobin({ down: 2, healthS: 2 }).errorCount)), "14");
    assert.equal(await focusedTestId(page), "lb-health-input", "typing keeps the focus");
    for (const bad of ["0", "soon", "1e9"]) {
      await field.fill(bad);
      assert.notEqual(await page.getByTestId("lb-health-input-message").innerText(), "", `a message for “${bad}”`);
      assert.equal(await valueOf(page, "lb-errors"), "14", "the last good run stays");
    }
    await page.getByTestId("lb-servers-input").fill("4");
    await field.fill("10");
    assert.equal(await expectValue(page, "lb-errors", String(roundRobin({ servers: 4, down: 2 }).errorCount)), String(roundRobin({ servers: 4, down: 2 }).errorCount));
    clean(problems);
    await context.close();
  });

  test("sits twice in lesson 3.2; both predict-then-touch self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/load-balancers");
    const widgets = page.locator("section.widget-load-balancer");
    assert.equal(await widgets.count(), 2);
    assert.equal(await page.locator("section.widget-nines").count(), 0, "the lesson no longer borrows the nines chain");
    // The slow server: predict least connections' p99, then touch it.
    const slowQuiz = page.locator('[data-testid="quiz"]:has-text("switch the algorithm to least connections")');
    await slowQuiz.locator(".quiz-choice", { hasText: "400 ms" }).click();
    assert.match(await slowQuiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    const slow = await live(widgets.first());
    assert.equal(await valueOf(slow, "lb-p99"), String(roundRobin({ slow: 3 }).p99));
    await slow.getByTestId("lb-algorithm-select").selectOption("least-connections");
    assert.equal(await expectValue(slow, "lb-p99", "400"), "400");
    // The failing server: predict the errors, then shorten the checks.
    const failing = await live(widgets.nth(1));
    const quiz = page.locator('[data-testid="quiz"]:has-text("How many requests fail before the check")');
    await quiz.locator(".quiz-number input").fill(String(roundRobin({ down: 2 }).errorCount));
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    assert.equal(await valueOf(failing, "lb-errors"), "70");
    await failing.getByTestId("lb-health-input").fill("2");
    assert.equal(await expectValue(failing, "lb-errors", "14"), "14");
    await shot(page, "lesson-3-2-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, in both themes", async () => {
    for (const colorScheme of ["light", "dark"]) {
      const { page, problems, context } = await open(env, "widgets/load-balancer?preset=slow-server", { ...PHONE, colorScheme });
      await page.getByTestId("lb-p99").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      await shot(page, `load-balancer-phone-${colorScheme}`, true);
      clean(problems);
      await context.close();
    }
  });
});
