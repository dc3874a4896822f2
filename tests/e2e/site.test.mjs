// End-to-end tests: the release site, built under /tradeoffs/ and served by a plain static
// server, used the way a learner uses it in Chromium. Each test reads what a person sees
// (text, values, pixels) and fails on any console error, page error, failed or third-party
// request. Screenshots of every page go to target/screenshots/.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { canvasInk, clean, drawn, expectValue, live, open, PHONE, routes, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

describe("a learner", () => {
  test("goes from the landing page through the sidebar to the nines lesson", async () => {
    const { page, problems, context } = await open(env);
    await page.getByTestId("landing").waitFor();
    assert.match(await page.title(), /Tradeoffs/);
    assert.match(await page.locator("h1").first().innerText(), /system design/i);
    await shot(page, "landing", true);
    // Links move inside the app: the page is never reloaded (the marker survives).
    await page.evaluate(() => (window.stillTheSamePage = true));
    await page.locator("nav.toc").getByRole("link", { name: /4\.1\s+Availability and the nines/ }).click();
    await page.locator(".prose h1").first().waitFor();
    assert.equal(new URL(page.url()).pathname, "/tradeoffs/lessons/availability-and-the-nines");
    assert.equal(await page.locator(".prose h1").first().innerText(), "Availability and the nines");
    assert.equal(await page.title(), "4.1 Availability and the nines · Tradeoffs");
    const current = page.locator('nav.toc a[aria-current="page"]');
    assert.match(await current.innerText(), /Availability and the nines/);
    assert.equal(await page.getByTestId("lesson-error").count(), 0, "the lesson has no content errors");
    assert.ok((await page.locator(".widget-nines").count()) >= 2, "the lesson embeds the nines widget");
    assert.ok((await page.getByTestId("quiz").count()) >= 2, "the lesson has self-checks");
    await page.locator('a[rel="next"]').click();
    // The old page's heading is there until the new page moves in: wait for the new one.
    await page.waitForURL(/\/lessons\/composing-availability$/);
    await page.waitForFunction(() => document.querySelector(".prose h1")?.innerText === "Composing availability");
    await shot(page, "lesson-4-2", true);
    // Back and forward work like on any site, still without a reload.
    await page.goBack();
    await page.waitForFunction(() => document.querySelector(".prose h1")?.innerText === "Availability and the nines");
    assert.equal(new URL(page.url()).pathname, "/tradeoffs/lessons/availability-and-the-nines");
    await page.goBack();
    await page.getByTestId("landing").waitFor();
    await page.goForward();
    await page.waitForFunction(() => document.querySelector(".prose h1")?.innerText === "Availability and the nines");
    assert.equal(await page.evaluate(() => window.stillTheSamePage), true, "no page load happened");
    clean(problems);
    await context.close();
  });

  test("changes the availability and sees the readouts, the table and the chart follow", async () => {
    const { page, problems, context } = await open(env, "lessons/availability-and-the-nines");
    const widget = await live(page.locator('section.widget-nines[data-params*="panels=table"]').first());
    const input = widget.getByTestId("availability-input");
    await input.waitFor();
    assert.equal(await input.inputValue(), "99.9");
    assert.equal(await valueOf(widget, "downtime-day"), "86.4");
    const canvas = 'section.widget-nines[data-params*="panels=table"] [data-testid="nines-chart"]';
    const before = await drawn(page, canvas);
    assert.ok(before.ink > 1000, `the chart is drawn (${before.ink} inked pixels)`);
    await input.fill("99.99");
    assert.equal(await expectValue(widget, "downtime-day", "8.64"), "8.64");
    assert.equal(await valueOf(widget, "downtime-month"), "259.2");
    assert.equal(await valueOf(widget, "downtime-year"), "3153.6");
    assert.equal(await widget.getByTestId("downtime-year").innerText(), "52 min 33.6 s");
    assert.match(await widget.locator("tr.current").innerText(), /^99\.99 %/);
    let afterChange = await canvasInk(page, canvas);
    for (let i = 0; i < 50 && afterChange.digest === before.digest; i++) {
      await page.waitForTimeout(20); // The chart draws on the next animation frame.
      afterChange = await canvasInk(page, canvas);
    }
    assert.notEqual(afterChange.digest, before.digest, "the chart redraws");
    await shot(page, "nines-99.99");
    await input.fill("99.9x");
    assert.match(await widget.getByTestId("availability-input-message").innerText(), /not a number/);
    assert.equal(await valueOf(widget, "downtime-day"), "8.64", "the last good result stays");
    await input.fill("100");
    assert.match(await widget.getByTestId("availability-input-message").innerText(), /100 %/);
    await shot(page, "nines-bad-input");
    clean(problems);
    await context.close();
  });

  test("answers a self-check and sees the explanation", async () => {
    const { page, problems, context } = await open(env, "lessons/availability-and-the-nines");
    const quiz = page.getByTestId("quiz").first();
    await quiz.waitFor();
    const explanation = quiz.getByTestId("quiz-explanation");
    assert.equal(await explanation.isVisible(), false);
    // The lesson's first self-check asks for a number (the highest monthly target with one
    // 20-minute incident: (43,200 − 20) / 43,200 ≈ 99.954 %): three nines first, then the
    // right one.
    await quiz.locator(".quiz-number input").fill("99.9");
    await quiz.getByRole("button", { name: "Check" }).click();
    await explanation.waitFor({ state: "visible" });
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Not quite: the answer is 99\.954/);
    await quiz.locator(".quiz-number input").fill("99.955");
    await quiz.locator(".quiz-number input").press("Enter");
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Right/);
    // A choice question marks exactly one choice right once answered.
    const choice = page.locator('[data-testid="quiz"]:has(.quiz-choice)').first();
    await choice.locator(".quiz-choice").first().click();
    assert.equal(await choice.locator(".quiz-choice.right").count(), 1);
    assert.equal(await choice.getByTestId("quiz-explanation").isVisible(), true);
    clean(problems);
    await context.close();
  });

  test("keeps reading progress and a chosen theme across a reload", async () => {
    const { page, problems, context } = await open(env, "lessons/composing-availability");
    await page.locator(".prose h1").first().waitFor();
    // The theme menu shows the theme in use (the system's, before any choice); pick the other.
    const select = page.getByTestId("theme-select");
    const was = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(await select.inputValue(), was);
    await select.selectOption(was === "dark" ? "light" : "dark");
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    assert.notEqual(theme, was);
    await page.reload();
    await page.locator(".prose h1").first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme);
    assert.equal(await page.locator(".toc-lesson.read").count(), 1);
    await shot(page, `lesson-4-2-${theme}`);
    clean(problems);
    await context.close();
  });

  test("reads a lesson on a phone, with the table of contents in a drawer", async () => {
    const { page, problems, context } = await open(env, "lessons/availability-and-the-nines", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.locator(".prose h1").first().waitFor();
    const sidebar = page.locator("#sidebar");
    assert.equal(await sidebar.evaluate((el) => el.getBoundingClientRect().right <= 0), true, "drawer closed");
    await page.locator(".menu-button").click();
    await page.waitForTimeout(300);
    assert.equal(await sidebar.evaluate((el) => el.getBoundingClientRect().left >= 0), true, "drawer open");
    await shot(page, "phone-menu");
    await page.locator("nav.toc").getByRole("link", { name: /Composing availability/ }).click();
    await page.locator(".prose h1").first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shot(page, "phone-lesson", true);
    clean(problems);
    await context.close();
  });
});

describe("a shared link", () => {
  test("to a standalone widget restores its whole state after a refresh", async () => {
    const query = "availability=99.95&year=365.25&month=twelfth&chain=99.9x2,99.95x1&panels=table,chain,chart";
    const { page, problems, context } = await open(env, `widgets/nines?${query}`);
    const response = await page.reload();
    assert.equal(response.status(), 200, "a deep link is served by the static host");
    await page.getByTestId("widget-page").waitFor();
    assert.equal(await page.getByTestId("availability-input").inputValue(), "99.95");
    assert.equal(await valueOf(page, "downtime-day"), "43.2");
    assert.equal(await valueOf(page, "downtime-year"), "15778.8", "a 365.25-day year");
    assert.equal(await page.getByTestId("year-select").inputValue(), "365.25");
    assert.equal(await page.getByTestId("month-select").inputValue(), "twelfth");
    assert.equal(await valueOf(page, "composed-availability"), "0.9994990005");
    assert.equal(await page.locator('[data-panel="budget"]').count(), 0, "only the panels asked for");
    await shot(page, "widget-standalone", true);
    await page.getByTestId("availability-input").fill("99.5");
    await page.waitForFunction(() => location.search.includes("availability=99.5&"));
    const changed = new URL(page.url());
    assert.equal(changed.searchParams.get("availability"), "99.5", "the address bar follows the state");
    await page.reload();
    assert.equal(await page.getByTestId("availability-input").inputValue(), "99.5");
    assert.equal(await valueOf(page, "downtime-day"), "432");
    clean(problems);
    await context.close();
  });

  test("from an embedded widget's Share link opens the same setup on its own page", async () => {
    const { page, problems, context } = await open(env, "lessons/composing-availability");
    const widget = await live(page.locator(".widget-nines").first());
    const composed = await valueOf(widget, "composed-availability");
    assert.match(await widget.getByTestId("share-link").getAttribute("href"), /^\/tradeoffs\/widgets\/nines\?/);
    // With scripts, Share opens a panel (tests/e2e/embed.test.mjs) whose last link is the page.
    await widget.getByTestId("share-toggle").click();
    const share = widget.getByTestId("share-open");
    assert.match(await share.getAttribute("href"), /^\/tradeoffs\/widgets\/nines\?/);
    await share.click();
    await page.getByTestId("widget-page").waitFor();
    assert.equal(await valueOf(page, "composed-availability"), composed);
    clean(problems);
    await context.close();
  });

  test("with bad parameters says what it ignored and never breaks", async () => {
    const { page, problems, context } = await open(env, "widgets/nines?availability=abc&chain=99x0&year=7&nines=50");
    await page.getByTestId("url-problems").waitFor();
    const notice = await page.getByTestId("url-problems").innerText();
    for (const key of ["availability", "chain", "year", "nines"]) assert.match(notice, new RegExp(key));
    assert.equal(await valueOf(page, "downtime-day"), "86.4", "defaults stand in");
    clean(problems);
    await context.close();
  });

  test("to an unknown page shows the friendly not-found page", async () => {
    const { page, context } = await open(env, "no/such/page");
    await page.getByTestId("not-found").waitFor();
    assert.match(await page.getByTestId("not-found").innerText(), /Page not found/);
    await shot(page, "not-found");
    await page.getByRole("link", { name: /start page/ }).click();
    await page.getByTestId("landing").waitFor();
    const lesson = await open(env, "lessons/no-such-lesson");
    await lesson.page.getByTestId("not-found").waitFor();
    await lesson.context.close();
    await context.close();
  });
});

describe("content", () => {
  test("lesson HTML cannot run scripts, and headings have anchor links", async () => {
    const { page, problems, context } = await open(env, "lessons/availability-and-the-nines");
    await page.locator(".prose h2").first().waitFor();
    assert.equal(await page.locator(".prose script, .prose iframe, .prose [onerror], .prose [onclick]").count(), 0);
    const anchor = page.locator(".prose h2 a.anchor").first();
    const href = await anchor.getAttribute("href");
    assert.match(href, /^#[a-z0-9-]+$/);
    await anchor.click();
    assert.equal(new URL(page.url()).hash, href);
    assert.equal(new URL(page.url()).pathname, "/tradeoffs/lessons/availability-and-the-nines");
    clean(problems);
    await context.close();
  });
});

describe("the CDN latency calculator", () => {
  test("sits in lesson 5.3 at the 200 ms example, beside a prediction to check", async () => {
    const { page, problems, context } = await open(env, "lessons/cdns");
    await page.locator(".prose h1").first().waitFor();
    assert.equal(await page.title(), "5.3 CDNs · Tradeoffs");
    assert.equal(await page.getByTestId("lesson-error").count(), 0, "the lesson has no content errors");
    const widgets = page.locator(".widget-cdn-latency");
    await live(widgets.first());
    assert.equal(await widgets.count(), 3);
    // The first embed is the 200 ms example: the quick leg-by-leg sum next to the protocols' count.
    const first = widgets.first();
    assert.equal(await valueOf(first, "page-load-origin"), "3824.8");
    assert.equal(await valueOf(first, "envelope-sum"), "3000");
    assert.equal(await valueOf(first, "origin-offload"), "0.9");
    await first.scrollIntoViewIfNeeded();
    await shot(page, "lesson-5-3-widget");
    // The first self-check asks for a number before it explains.
    const quiz = page.getByTestId("quiz").first();
    await quiz.scrollIntoViewIfNeeded();
    assert.equal(await quiz.getByTestId("quiz-explanation").isVisible(), false);
    // (HTTP/2 over TLS 1.3 at the example's 400 ms round trip: TCP, TLS, the HTML, then all
    // ten images over the one connection: 4 × 400 = 1,600 ms; 3,000 is the quick sum's figure.)
    await quiz.locator(".quiz-number input").fill("3000");
    await quiz.getByRole("button", { name: "Check" }).click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^Not quite: the answer is 1,?600/);
    assert.equal(await quiz.getByTestId("quiz-explanation").isVisible(), true);
    clean(problems);
    await context.close();
  });

  test("opens a shared setup, shows its figures and keeps every control after a refresh", async () => {
    const query = "preset=200ms-10-images&hit_ratio=0.75&chart=distance";
    const { page, problems, context } = await open(env, `widgets/cdn-latency?${query}`);
    await page.getByTestId("page-load-cdn").waitFor();
    assert.equal(await valueOf(page, "rtt-origin"), "400");
    assert.equal(await valueOf(page, "rtt-edge"), "0.5");
    assert.equal(await valueOf(page, "page-load-origin"), "3824.8");
    assert.equal(await valueOf(page, "origin-offload"), "0.75", "the share the edge answers");
    assert.equal(await page.getByTestId("hit-ratio-input").inputValue(), "0.75");
    assert.equal(await page.getByTestId("chart-select").inputValue(), "distance");
    assert.equal(await page.getByTestId("protocol-select").inputValue(), "h1-tls12");
    const before = await drawn(page, '[data-testid="cdn-chart"]');
    assert.ok(before.ink > 1000, "the chart is drawn");
    await shot(page, "cdn-standalone", true);
    await page.getByTestId("protocol-select").selectOption("h3");
    await page.getByTestId("distance-input").fill("11496");
    await page.waitForFunction(() => location.search.includes("distance_km=11496") && location.search.includes("protocol=h3"));
    await page.reload();
    await page.getByTestId("page-load-cdn").waitFor();
    assert.equal(await page.getByTestId("distance-input").inputValue(), "11496");
    assert.equal(await page.getByTestId("protocol-select").inputValue(), "h3");
    assert.equal(await page.getByTestId("hit-ratio-input").inputValue(), "0.75");
    assert.equal(await valueOf(page, "rtt-origin"), "114.96");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, controls and waterfall included", async () => {
    const { page, problems, context } = await open(env, "widgets/cdn-latency?preset=sao-paulo-ashburn", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.getByTestId("page-load-cdn").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    const chart = await drawn(page, '[data-testid="cdn-chart"]');
    assert.ok(chart.ink > 1000, "the chart is drawn");
    await shot(page, "cdn-phone", true);
    clean(problems);
    await context.close();
  });

  test("refuses bad input with a message and keeps the last good result", async () => {
    const { page, problems, context } = await open(env, "widgets/cdn-latency?distance_km=-5&hit_ratio=1.5&bandwidth_mbps=0&assets=1000000000");
    await page.getByTestId("url-problems").waitFor();
    const notice = await page.getByTestId("url-problems").innerText();
    for (const key of ["distance_km", "hit_ratio", "bandwidth_mbps", "assets"]) assert.match(notice, new RegExp(key));
    const good = await valueOf(page, "page-load-cdn");
    for (const bad of ["-5", "abc", "1e9"]) {
      await page.getByTestId("distance-input").fill(bad);
      assert.notEqual(await page.getByTestId("distance-input-message").innerText(), "");
      assert.equal(await valueOf(page, "page-load-cdn"), good);
    }
    clean(problems);
    await context.close();
  });
});

describe("the CAP partition toy", () => {
  const outcomes = (page) =>
    page.getByTestId("cap-op").evaluateAll((els) => els.map((e) => `${e.dataset.outcome}:${e.dataset.value}`));

  test("replays a shared scenario, steps it with the keyboard and keeps it after a refresh", async () => {
    const { page, problems, context } = await open(env, "widgets/cap?preset=last-item&at=5");
    await page.getByTestId("cap-log").waitFor();
    assert.deepEqual(await outcomes(page), ["ok:1", "ok:", "ok:", "ok:1", "ok:0"]);
    assert.equal(await valueOf(page, "cap-node-1"), "1");
    assert.equal(await valueOf(page, "cap-node-3"), "0");
    // A clicker's Page Down (or →) steps the scenario: buyer B at node 1 is refused.
    await page.locator(".cap-body").focus();
    await page.keyboard.press("PageDown");
    await page.keyboard.press("ArrowRight");
    assert.deepEqual((await outcomes(page)).slice(5), ["error:", "error:"]);
    await page.keyboard.press("ArrowLeft");
    assert.equal(await valueOf(page, "cap-cursor"), "6");
    // AP instead: the same read is answered, stale, and the last item sells twice.
    await page.getByTestId("cap-mode-select").selectOption("ap");
    assert.deepEqual((await outcomes(page)).slice(5), ["stale:1"]);
    await page.getByTestId("cap-end").click();
    assert.deepEqual((await outcomes(page)).slice(5), ["stale:1", "ok:0"]);
    await shot(page, "cap-standalone", true);
    // Cut one more link by clicking it in the drawing: a new step at the end of the script.
    // (A horizontal line has a zero-height box, which Playwright calls invisible: click its
    // middle the way a person does.)
    const box = await page.getByTestId("cap-link-3-4").boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => location.search.includes("cut:3-4"));
    await page.reload();
    await page.getByTestId("cap-log").waitFor();
    assert.equal(await page.getByTestId("cap-mode-select").inputValue(), "ap");
    assert.equal(await page.getByTestId("cap-op").count(), 8);
    assert.equal(await page.locator('[data-testid="cap-link-3-4"].cut').count(), 1);
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, the node table included", async () => {
    const { page, problems, context } = await open(env, "widgets/cap?preset=last-item&nodes=7", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.getByTestId("cap-log").waitFor();
    const [pageWidth, tableWidth, boxWidth] = await page.evaluate(() => {
      const side = document.querySelector(".cap-side");
      return [document.documentElement.scrollWidth, side.scrollWidth, side.clientWidth];
    });
    assert.ok(pageWidth <= 390, `no sideways scrolling (page is ${pageWidth}px wide)`);
    assert.ok(tableWidth <= boxWidth, `the node table fits (${tableWidth}px in ${boxWidth}px)`);
    // With 7 nodes the split leaves nodes 6 and 7 in a third group: 2 of 7, a minority.
    await page.getByTestId("cap-read-7").tap();
    assert.equal(await page.getByTestId("cap-op").last().getAttribute("data-outcome"), "error");
    await shot(page, "cap-phone", true);
    clean(problems);
    await context.close();
  });

  test("says what it ignored in a bad link and runs the rest", async () => {
    const { page, problems, context } = await open(env, "widgets/cap?nodes=1000&mode=ca&ops=w1:7,zz,w9:3,r2&lag=-3");
    await page.getByTestId("url-problems").waitFor();
    const notice = await page.getByTestId("url-problems").innerText();
    for (const key of ["nodes", "mode", "ops", "lag"]) assert.match(notice, new RegExp(key));
    assert.match(notice, /zz/);
    assert.deepEqual(await outcomes(page), ["ok:7", "ok:7"]);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 6.6, stopped before the read the learner must predict", async () => {
    const { page, problems, context } = await open(env, "lessons/cap-pacelc-and-consistency");
    await page.locator(".prose h1").first().waitFor();
    assert.equal(await page.getByTestId("lesson-error").count(), 0, "the lesson has no content errors");
    const widgets = page.locator(".widget-cap");
    assert.equal(await widgets.count(), 4);
    // The last-item run stops before buyer B's read at node 1, the step the first
    // self-check asks about: the learner predicts "an error", then steps.
    const lastItem = await live(widgets.nth(0));
    assert.equal(await lastItem.getByTestId("cap-next").first().innerText().then((t) => t.startsWith("r1")), true);
    const quiz = page.locator('[data-testid="quiz"]:has(.quiz-choice)').first();
    await quiz.getByRole("button", { name: "An error" }).click();
    assert.equal(await quiz.locator(".quiz-choice.right").innerText(), "An error");
    await lastItem.getByTestId("cap-step").click();
    assert.equal(await lastItem.getByTestId("cap-op").last().getAttribute("data-outcome"), "error");
    await shot(page, "lesson-6-6-widget");
    clean(problems);
    await context.close();
  });
});

describe("the saga stepper", () => {
  const statuses = (page) =>
    page.locator('[data-testid^="saga-status-"]').evaluateAll((els) => els.map((e) => e.dataset.value));

  test("replays a shared failing checkout with the keyboard and keeps its place after a refresh", async () => {
    const { page, problems, context } = await open(env, "widgets/saga?flow=checkout&fail=5&step=10");
    await page.getByTestId("saga-log").waitFor();
    assert.deepEqual(await statuses(page), ["done", "done", "done", "done", "failed", "pending", "pending"]);
    assert.equal(await valueOf(page, "saga-outcome"), "running");
    // A clicker's Page Down, or →, shows the next message: Shipping is compensated first.
    await page.locator(".saga-body").focus();
    await page.keyboard.press("PageDown");
    await page.keyboard.press("ArrowRight");
    assert.equal(await valueOf(page, "saga-status-4"), "compensated");
    assert.equal(await valueOf(page, "saga-status-3"), "done");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await valueOf(page, "saga-messages"), "11");
    await page.waitForFunction(() => location.search.includes("step=11"));
    await page.reload();
    await page.getByTestId("saga-log").waitFor();
    assert.equal(await valueOf(page, "saga-messages"), "11");
    await page.getByTestId("saga-end").click();
    assert.deepEqual(await statuses(page), ["compensated", "compensated", "compensated", "compensated", "failed", "pending", "pending"]);
    assert.equal(await valueOf(page, "saga-outcome"), "aborted");
    assert.equal(await valueOf(page, "saga-messages"), "18");
    // The same failure choreographed: 9 messages, the same compensations.
    await page.getByTestId("saga-mode-select").selectOption("choreography");
    assert.equal(await valueOf(page, "saga-messages"), "9");
    await shot(page, "saga-standalone", true);
    clean(problems);
    await context.close();
  });

  test("says what it ignored in a bad link", async () => {
    const { page, problems, context } = await open(env, "widgets/saga?flow=spaceship&fail=0&step=-3&duplicate=99");
    await page.getByTestId("url-problems").waitFor();
    const notice = await page.getByTestId("url-problems").innerText();
    for (const key of ["flow", "fail", "step", "duplicate"]) assert.match(notice, new RegExp(key));
    assert.equal(await valueOf(page, "saga-outcome"), "running");
    assert.equal(await page.getByTestId("saga-status-5").count(), 1, "the default ticket flow");
    clean(problems);
    await context.close();
  });

  test("sits in lesson 8.1: a happy path, then a failure the learner predicts", async () => {
    const { page, problems, context } = await open(env, "lessons/sagas-and-distributed-transactions");
    await page.locator(".prose h1").first().waitFor();
    assert.equal(await page.getByTestId("lesson-error").count(), 0, "the lesson has no content errors");
    const widgets = page.locator(".widget-saga");
    assert.equal(await widgets.count(), 4);
    const happy = await live(widgets.first());
    await happy.getByTestId("saga-end").click();
    assert.equal(await valueOf(happy, "saga-outcome"), "committed");
    assert.equal(await valueOf(happy, "saga-messages"), "10");
    const checkout = await live(widgets.nth(2));
    await checkout.getByTestId("saga-end").click();
    assert.equal(await valueOf(checkout, "saga-messages"), "18");
    await shot(page, "lesson-8-1-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen", async () => {
    const { page, problems, context } = await open(env, "widgets/saga?flow=checkout&fail=5&step=end", {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.getByTestId("saga-log").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shot(page, "saga-phone", true);
    clean(problems);
    await context.close();
  });
});

describe("every page of the site", () => {
  test("opens with its content, no error box and no console error, and every widget comes alive", async () => {
    const all = routes();
    assert.ok(all.length >= 29, `the site has ${all.length} pages`);
    const { page, problems, context } = await open(env, null);
    for (const route of all) {
      await page.goto(env.url + route);
      assert.equal(await page.locator("main").getAttribute("data-page"), route, `${route} is served its own page`);
      if (route.startsWith("lessons/")) {
        await page.locator(".prose h1").first().waitFor();
        assert.equal(await page.getByTestId("lesson-error").count(), 0, `${route} shows an error box`);
      } else if (route.startsWith("widgets/")) {
        await page.getByTestId("widget-page").waitFor();
      } else {
        await page.locator("main h1").first().waitFor();
      }
      for (const widget of await page.locator("section[data-widget]").all()) {
        await live(widget).catch((e) => assert.fail(`${route}: ${e.message}`));
      }
      assert.equal(await page.getByTestId("not-found").count(), 0, `${route} is not found`);
    }
    clean(problems);
    await context.close();
  });
});

describe("every widget on a phone", () => {
  for (const route of routes().filter((r) => r.startsWith("widgets/"))) {
    test(`${route}: fits the screen; what is wider scrolls in a place a keyboard can reach`, async () => {
      const { page, problems, context } = await open(env, route, PHONE);
      const widget = await live(page.locator("section.widget").first());
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      const found = await widget.evaluate((root) => {
        const edge = root.getBoundingClientRect().right;
        const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
        const inScroller = (el) => {
          for (let p = el.parentElement; p && p !== root; p = p.parentElement) if (scrolls(p)) return true;
          return false;
        };
        const all = [...root.querySelectorAll("*")];
        // Cut off: beyond the widget's right edge (the widget hides its overflow), not in a scroller.
        const cut = all
          .filter((el) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().right > edge + 0.5 && !inScroller(el))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        const name = (el) => el.getAttribute("aria-label") ?? "";
        // A scroller with something to scroll is a Tab stop with a name, or lies in one.
        const unreachable = all
          .filter((el) => scrolls(el) && el.scrollWidth > el.clientWidth + 1)
          .filter((el) => !(el.tabIndex >= 0 && name(el) !== "") && !el.parentElement.closest("[tabindex]"))
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { cut, unreachable };
      });
      assert.deepEqual(found.cut, [], "nothing is cut off at the widget's edge");
      assert.deepEqual(found.unreachable, [], "every sideways scroller can be reached from the keyboard");
      clean(problems);
      await context.close();
    });
  }
});

describe("the Content Security Policy", () => {
  test("is on every page and in _headers, allows no inline script or style, and holds", async () => {
    const { readFileSync } = await import("node:fs");
    const { DIST } = await import("./harness.mjs");
    const all = routes();
    const policies = new Set(
      all.map((route) => {
        const html = readFileSync(`${DIST}/${route || "index"}.html`, "utf8");
        const m = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
        assert.ok(m, `${route || "/"} has a policy`);
        assert.ok(html.indexOf(m[0]) < html.indexOf("<script"), `${route || "/"}: the policy comes before any script`);
        return m[1];
      }),
    );
    assert.equal(policies.size, 1, "one policy for the whole site");
    const [csp] = policies;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|'unsafe-hashes'|[\s:]\*(;|\s|$)/);
    // The host's headers say the same, and that no other site may frame a page.
    const { page, problems, context } = await open(env, "lessons/cdns");
    const response = await page.goto(env.url + "lessons/cdns");
    assert.equal(response.headers()["content-security-policy"], `${csp}; frame-ancestors 'none'`);
    await live(page.locator("section.widget-cdn-latency").first());
    // The policy is live: a script or style slipped into the page does nothing, and says so.
    const slipped = await page.evaluate(async () => {
      const seen = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.__slipped = true";
      document.body.append(script);
      const p = document.createElement("p");
      p.setAttribute("style", "color: rgb(1, 2, 3)");
      document.body.append(p);
      await new Promise((r) => setTimeout(r, 100));
      return { ran: window.__slipped === true, colour: getComputedStyle(p).color, seen };
    });
    assert.equal(slipped.ran, false, "an injected script does not run");
    assert.notEqual(slipped.colour, "rgb(1, 2, 3)", "an injected style attribute does not apply");
    assert.ok(slipped.seen.some((d) => d.startsWith("script-src")) && slipped.seen.some((d) => d.startsWith("style-src")), slipped.seen.join());
    // Those two were on purpose; the page itself reported nothing.
    assert.deepEqual(problems.filter((p) => !/CSP violation: (script-src|style-src)|(Executing inline script|Applying inline style) violates/.test(p)), []);
    console.log(`CSP: ${all.length} pages carry one policy; a planted script and style attribute were blocked (${[...new Set(slipped.seen)].join(", ")})`);
    await context.close();
  });
});

describe("what this browser saved", () => {
  test("when unreadable, is reset with a notice, and nothing else is lost", async () => {
    const { page, problems, context } = await open(env, null, { colorScheme: "dark" });
    await context.addInitScript(() => {
      if (sessionStorage.getItem("planted")) return;
      sessionStorage.setItem("planted", "1");
      localStorage.setItem("tradeoffs.theme", "<purple>");
      localStorage.setItem("tradeoffs.read", "cdns,<script>alert(1)</script>,apis,%00");
    });
    await page.goto(env.url + "lessons/load-balancers");
    await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
    const notices = page.getByTestId("site-notice");
    assert.equal(await notices.count(), 2, "one notice for the theme, one for the progress");
    assert.match(await notices.allInnerTexts().then((t) => t.join(" ")), /theme.*reset.*reading progress.*reset/s);
    // The theme follows the system again; the lessons it could read are still marked.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.equal(await page.evaluate(() => localStorage.getItem("tradeoffs.theme")), null);
    const read = await page.locator(".toc-lesson.read").evaluateAll((els) => els.map((e) => e.dataset.slug).sort());
    assert.deepEqual(read, ["apis", "cdns", "load-balancers"]);
    assert.equal(await page.evaluate(() => localStorage.getItem("tradeoffs.read")), "apis,cdns,load-balancers");
    await notices.first().getByRole("button", { name: "Dismiss" }).click();
    assert.equal(await notices.count(), 1);
    // Read again, it is clean: no notice.
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
    assert.equal(await page.getByTestId("site-notice").count(), 0);
    clean(problems);
    await context.close();
  });
});
