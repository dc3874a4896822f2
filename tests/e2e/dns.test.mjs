// End-to-end: the dns widget, on its own page, in lesson 3.3 and on a phone. The expected
// figures are worked out here: a lookup costs the stub's round trip plus one round trip per
// query the resolver sends upstream, starting from the deepest referral still cached (the
// referrals live 172,800 s, the A record its TTL).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clean, live, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const TWO_DAYS = 172800;
// [queries upstream, ms] for each lookup; hops = [stub, root, tld, auth] round trips.
function expected({ ttl, at, hops, warm }) {
  const fetched = { tld: warm ? 0 : null, domain: null, a: null };
  const alive = (f, life, t) => f !== null && t < f + life;
  return at.map((t) => {
    const asks = alive(fetched.a, ttl, t) ? [] : alive(fetched.domain, TWO_DAYS, t) ? ["auth"] : alive(fetched.tld, TWO_DAYS, t) ? ["tld", "auth"] : ["root", "tld", "auth"];
    const leg = { root: hops[1], tld: hops[2], auth: hops[3] };
    for (const p of asks) fetched[{ root: "tld", tld: "domain", auth: "a" }[p]] = t;
    return [asks.length, hops[0] + asks.reduce((sum, p) => sum + leg[p], 0)];
  });
}

async function figures(scope, n) {
  const out = [];
  for (let k = 1; k <= n; k++) out.push([Number(await valueOf(scope, `dns-upstream-${k}`)), Number(await valueOf(scope, `dns-time-${k}`))]);
  return out;
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);

describe("the dns widget", () => {
  test("steps the lesson's lookups from the keyboard, keeps the focus, and follows its settings", async () => {
    const { page, problems, context } = await open(env, "widgets/dns?preset=com-cached");
    await live(page.locator("section.widget").first());
    const lesson = { ttl: 300, at: [0, 30, 400], hops: [10, 15, 25, 60], warm: true };
    assert.deepEqual(await figures(page, 3), expected(lesson));
    assert.deepEqual(expected(lesson)[0], [2, 95], "only the .com referral cached: .com, then authoritative");
    const step = page.getByTestId("dns-step");
    const back = page.getByTestId("dns-back");
    assert.equal(await back.getAttribute("aria-disabled"), "true", "nothing to go back to");
    await step.focus();
    const heard = [];
    for (const key of ["Enter", " ", "Enter"]) {
      await page.keyboard.press(key);
      assert.equal(await focusedId(page), "dns-step", "the focus stays on Step");
      heard.push(await page.getByTestId("dns-said").innerText());
    }
    assert.equal(await page.getByTestId("dns-cursor").getAttribute("data-value"), "3");
    assert.match(heard[0], /^Lookup 1 at 0 s, message 1 of 12: Stub resolver to Recursive resolver: A\? shop\.example\.com\. 5 ms so far\.$/);
    assert.match(heard[1], /Recursive resolver to \.com TLD server/, "the root is skipped");
    assert.match(heard[2], /Referral: example\.com\. NS/);
    // The drawing highlights the message just received and its two parties.
    assert.equal(await page.locator(".dns-svg .msg.current").count(), 1);
    assert.deepEqual(await page.locator(".dns-svg .lane.active").evaluateAll((els) => els.map((e) => e.dataset.party)), ["resolver", "tld"]);
    // The text twin: the log's current entry and the cache.
    assert.equal(await page.locator('.dns-log li[aria-current="step"]').count(), 1);
    assert.equal(await valueOf(page, "dns-left-domain"), String(TWO_DAYS));
    // End, and Step says it cannot act, keeping the focus.
    await page.getByTestId("dns-end").click();
    assert.equal(await step.getAttribute("aria-disabled"), "true");
    await step.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.getByTestId("dns-cursor").getAttribute("data-value"), "12");
    assert.equal(await focusedId(page), "dns-step");
    // A TTL of 500 s: the address is still cached at 400 s.
    await page.getByTestId("dns-ttl-input").fill("500");
    assert.deepEqual(await figures(page, 3), expected({ ...lesson, ttl: 500 }));
    assert.equal(await page.getByTestId("dns-cursor").getAttribute("data-value"), "0", "a new setting starts again");
    // One round trip for every leg, and lookups two days apart: the referrals expire.
    await page.getByTestId("dns-hop-input").fill("30");
    await page.getByTestId("dns-at-input").fill("0,172799,172800");
    const later = { ttl: 500, at: [0, 172799, 172800], hops: [30, 30, 30, 30], warm: true };
    assert.deepEqual(await figures(page, 3), expected(later));
    await page.waitForFunction(() => decodeURIComponent(location.search).includes("at=0,172799,172800"));
    await page.reload();
    await live(page.locator("section.widget").first());
    assert.deepEqual(await figures(page, 3), expected(later), "after a refresh");
    // A name that is no DNS name is refused with a message; the figures stay.
    for (const bad of ["shop..example.com", "a_b.com", `${"x".repeat(64)}.com`]) {
      await page.getByTestId("dns-name-input").fill(bad);
      assert.notEqual(await page.getByTestId("dns-name-input-message").innerText(), "", `a message for ${bad}`);
    }
    assert.deepEqual(await figures(page, 3), expected(later));
    await page.getByTestId("dns-name-input").fill("api.example.org");
    await page.getByTestId("dns-step").click();
    assert.match(await page.getByTestId("dns-said").innerText(), /A\? api\.example\.org/);
    await shot(page, "dns-standalone", true);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 3.3; its predict-then-step self-checks come out as the widget shows", async () => {
    const { page, problems, context } = await open(env, "lessons/dns-geodns-and-global-load-balancing");
    assert.equal(await page.getByText("the notes").count(), 0);
    const widgets = page.locator("section.widget-dns");
    assert.equal(await widgets.count(), 1);
    const w = await live(widgets.first());
    const [, , third] = await figures(w, 3);
    const predict = page.locator('[data-testid="quiz"]:has-text("How many queries does the resolver send upstream")');
    await predict.locator(".quiz-number input").fill(String(third[0]));
    await predict.getByRole("button", { name: "Check" }).click();
    assert.match(await predict.getByTestId("quiz-verdict").innerText(), /^Right/);
    const [first] = await figures(w, 1);
    assert.equal(first[1], 95);
    // The last self-check: a record with a one-day TTL changed at noon. A wrong guess first;
    // then the learner does what it says in the widget and reads the answer off it.
    const move = page.locator('[data-testid="quiz"]:has-text("For how many hours after the change")');
    await move.locator(".quiz-number input").fill("5");
    await move.getByRole("button", { name: "Check" }).click();
    assert.doesNotMatch(await move.getByTestId("quiz-verdict").innerText(), /^Right/);
    await w.getByTestId("dns-ttl-input").fill("86400");
    await w.getByTestId("dns-at-input").fill("0,86399,86400");
    const day = { ttl: 86400, at: [0, 86399, 86400], hops: [10, 15, 25, 60], warm: true };
    const shown = await figures(w, 3);
    assert.deepEqual(shown, expected(day));
    assert.deepEqual(shown.map(([upstream]) => upstream > 0), [true, false, true], "cached until the TTL is over");
    await move.locator(".quiz-number input").fill(String(86400 / 3600));
    await move.getByRole("button", { name: "Check" }).click();
    assert.match(await move.getByTestId("quiz-verdict").innerText(), /^Right/);
    await w.scrollIntoViewIfNeeded();
    await shot(page, "lesson-3-3-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen, the drawing scrolling inside its own frame", async () => {
    const { page, problems, context } = await open(env, "widgets/dns?preset=com-cached&step=5", PHONE);
    await live(page.locator("section.widget").first());
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    assert.equal(await page.locator(".dns-svg .msg").count(), 5);
    await shot(page, "dns-phone", true);
    clean(problems);
    await context.close();
  });
});
