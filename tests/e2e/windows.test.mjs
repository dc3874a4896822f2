// End-to-end: the windows widget, on its own page, in lesson 7.4 and on a phone. Expected windows
// come from a reference written here from the rules the widget states: tumbling and hopping
// windows [k·hop, k·hop + size) from 0; the watermark on an event's arrival is the largest event
// time delivered before it; a window is final once the watermark reaches end + lateness; an event
// counts in each of its windows not yet final, and is dropped when none is left.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { becomes, clean, expectValue, live, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

// Brute force over every grid start up to the last event: `start-end:count` per window with
// events, and how many events counted nowhere.
function grid(events, size, hop, lateness) {
  const last = Math.max(...events);
  const windows = [];
  const counted = events.map(() => false);
  for (let start = 0; start <= last; start += hop) {
    const end = start + size;
    let n = 0;
    events.forEach((t, i) => {
      const seen = events.slice(0, i);
      const open = seen.length === 0 || Math.max(...seen) < end + lateness;
      if (start <= t && t < end && open) {
        n++;
        counted[i] = true;
      }
    });
    if (n > 0) windows.push(`${start}-${end}:${n}`);
  }
  return { windows, dropped: counted.filter((c) => !c).length };
}

async function windowsOf(scope) {
  const n = Number(await valueOf(scope, "window-count"));
  const out = [];
  for (let k = 1; k <= n; k++) out.push(await valueOf(scope, `window-${k}`));
  return out;
}

describe("the windows widget", () => {
  test("groups events into tumbling then hopping windows, keeps the focus, and keeps it all in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/windows");
    await page.getByTestId("window-count").waitFor();
    const events = [1, 2, 3, 7, 8, 15];
    assert.deepEqual(await windowsOf(page), grid(events, 5, 5, 0).windows);
    assert.deepEqual(await windowsOf(page), ["0-5:3", "5-10:2", "15-20:1"]);
    assert.equal(await page.getByRole("table", { name: /6 events in tumbling windows of 5 s/ }).count(), 1);
    // Hopping, chosen with the keyboard: the hop field appears.
    assert.equal(await page.getByTestId("hop-input").isVisible(), false, "no hop for tumbling windows");
    await page.getByTestId("kind-select").focus();
    await page.getByTestId("kind-select").selectOption("hopping");
    await page.getByTestId("hop-input").waitFor({ state: "visible" });
    const size = page.getByTestId("size-input");
    await size.fill("10");
    await page.getByTestId("hop-input").fill("5");
    await expectValue(page, "window-1", "0-10:5");
    assert.deepEqual(await windowsOf(page), grid(events, 10, 5, 0).windows);
    // Typing events keeps the focus in the field.
    const input = page.getByTestId("events-input");
    await input.fill("4 5 6 14");
    await expectValue(page, "window-1", "0-10:3");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "events-input", "the field keeps the focus");
    assert.deepEqual(await windowsOf(page), grid([4, 5, 6, 14], 10, 5, 0).windows);
    assert.match(await page.getByTestId("windows-said").innerText(), /^4 events in 3 windows\. 0 to 10 s: 3; 5 to 15 s: 3; 10 to 20 s: 1\./);
    await page.waitForFunction(() => location.search.includes("kind=hopping") && location.search.includes("size=10"));
    await page.reload();
    await page.getByTestId("window-count").waitFor();
    assert.deepEqual(await windowsOf(page), grid([4, 5, 6, 14], 10, 5, 0).windows, "after a refresh");
    await shot(page, "windows-standalone", true);
    clean(problems);
    await context.close();
  });

  test("drops late events until the allowed lateness covers them, and says why", async () => {
    const { page, problems, context } = await open(env, "widgets/windows?preset=late");
    await page.getByTestId("window-count").waitFor();
    const events = [1, 2, 9, 4, 12, 3];
    for (const lateness of [0, 5, 7, 8]) {
      await page.getByTestId("lateness-input").fill(String(lateness));
      const ref = grid(events, 5, 5, lateness);
      await becomes(page, "windows-dropped", ref.dropped);
      assert.deepEqual(await windowsOf(page), ref.windows, `lateness ${lateness}`);
    }
    // Lateness 0 drops two events: the arrivals table names them and the watermark they met.
    await page.getByTestId("lateness-input").fill("0");
    await becomes(page, "windows-dropped", 2);
    assert.equal(await valueOf(page, "arrival-4"), "dropped");
    const row = page.getByTestId("arrival-4");
    assert.match(await row.innerText(), /4 s\s+9 s\s+dropped/);
    assert.equal(await page.locator("svg .wn-dropped").count(), 2, "two dropped dots");
    // Bad text: a message, and the last good windows stay.
    await page.getByTestId("lateness-input").fill("soon");
    assert.match(await page.getByTestId("lateness-input-message").innerText(), /not a time/);
    assert.equal(await page.getByTestId("lateness-input").getAttribute("aria-invalid"), "true");
    assert.equal(await valueOf(page, "windows-dropped"), "2");
    await page.getByTestId("events-input").fill("1, x, 3");
    assert.match(await page.getByTestId("events-input-message").innerText(), /“x” is not an event time/);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 7.4 with the four kinds and the late stream", async () => {
    const { page, problems, context } = await open(env, "lessons/stream-processing-windows");
    const first = await live(page.locator("section.widget-windows").first());
    assert.deepEqual(await windowsOf(first), ["0-5:3", "5-10:2", "15-20:1"]);
    await first.getByTestId("kind-select").selectOption("session");
    await first.getByTestId("gap-input").fill("3");
    await expectValue(first, "window-1", "1-6:3");
    assert.deepEqual(await windowsOf(first), ["1-6:3", "7-11:2", "15-18:1"]);
    const second = await live(page.locator("section.widget-windows").nth(1));
    assert.equal(await valueOf(second, "windows-dropped"), "2");
    await second.getByTestId("lateness-input").fill("5");
    await becomes(second, "windows-dropped", 1);
    assert.equal(await valueOf(second, "window-1"), "0-5:3");
    await shot(page, "lesson-7-4-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen", async () => {
    const { page, problems, context } = await open(env, "widgets/windows?preset=hopping", PHONE);
    await page.getByTestId("window-count").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shot(page, "windows-phone", true);
    clean(problems);
    await context.close();
  });
});
