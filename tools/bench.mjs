// Browser figures for `make bench`, measured on the built site in headless Chromium:
// - for a lesson with widgets, a lesson without, and three widgets' own pages,
//   on a first visit: when the text is painted, when the shell is live, when the widgets in
//   the first screen are live, and the main-thread tasks over 50 ms after the text is painted,
//   at full speed and with the CPU slowed 4× (as Lighthouse's mobile preset does);
// - how long one widget update takes: typing into a field until the page shows the result,
//   over many updates (median, 95th percentile, worst);
// - search: the index's size, the first opening, and each keystroke of several typed queries
//   until its results are in the page (median, 95th percentile, worst).
//
//   node tools/bench.mjs DIST BASE [search]
// Figures, not pass/fail: timings vary with the machine. (The sizes are tools/budget.mjs's.)

import { launchChromium } from "../tests/e2e/browser.mjs";
import { serve } from "../tests/e2e/static-server.mjs";

// The widgets without a measurement of their own below, the field a learner changes most and,
// where scaling its page's value does not do, the values to type in turn.
const FIELDS = [
  ["estimator", "dau-input"],
  ["queue", "arrival-input"],
  ["tail-latency", "fanout-input"],
  ["load-balancer", "lb-servers-input"],
  ["dns", "dns-hop-input"],
  ["autoscaling", "as-load-input"],
  // Small whole numbers do not survive scaling: values given.
  ["index", "rows-input"],
  ["cache", "cache-capacity-input"],
  ["quorum", "quorum-r-input", ["2", "3", "1"]],
  // (Under hash mod N, 4 → 5 and 4 → 10 nodes move the same keys: values that all differ.)
  ["sharding", "sharding-to-input", ["6", "3", "8", "5"]],
  ["broker", "broker-produce-input"],
  ["delivery", "delivery-messages-input"],
  ["windows", "events-input"],
  // Text, not a number: four passages of different words.
  ["mapreduce", "mr-text-input", [
    "the quick brown fox jumps over the lazy dog and the dog sleeps",
    "to be or not to be that is the question whether tis nobler in the mind to suffer",
    "a rose is a rose is a rose is a rose",
    "It was the best of times, it was the worst of times, it was the age of wisdom",
  ]],
];

const [dist = "dist", base = "/", only] = process.argv.slice(2);
const server = await serve({ dir: dist, base });
const browser = await launchChromium();

// A first visit (empty cache) on a phone-sized screen.
async function firstVisit(route, slowdown) {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
  await page.addInitScript(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(server.url + route);
  await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
  const shell = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => [...document.querySelectorAll("section[data-widget]")].every((w) => !w.dataset.state || w.dataset.state === "live"), null, { timeout: 30000 });
  const live = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1500); // Idle work (refinements) and anything late.
  const figures = await page.evaluate(() => {
    const paint = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
    const widgets = document.querySelectorAll('section[data-widget][data-state="live"]').length;
    const after = window.longTasks.filter(([start]) => start >= paint).map(([, d]) => d);
    return { paint, widgets, longTasks: after.length, longest: Math.max(0, ...after) };
  });
  await context.close();
  return { ...figures, shell, live };
}

// Median, 95th percentile and worst of a list of times.
const stats = (list) => {
  const xs = [...list].sort((a, b) => a - b);
  const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(2);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, worst ${xs[xs.length - 1].toFixed(2)} ms`;
};

try {
  // `node tools/bench.mjs DIST BASE search` measures search alone.
  if (only !== "search") {
    console.log("First visit on a phone-sized screen (ms after navigation; long tasks: over 50 ms, after the text is painted):");
    console.log("  route                                    CPU   text painted   shell live   first-screen widgets live   long tasks (longest)");
    for (const route of ["lessons/cdns", "lessons/what-system-design-is", "widgets/cap", "widgets/nines", "widgets/cdn-latency"]) {
      for (const slowdown of [1, 4]) {
        const f = await firstVisit(route, slowdown);
        const widgets = f.widgets ? `${f.live.toFixed(0).padStart(6)} (${f.widgets} live)` : "     – (none on screen)";
        console.log(
          `  /${route.padEnd(38)} ${slowdown}×   ${f.paint.toFixed(0).padStart(8)}     ${f.shell.toFixed(0).padStart(8)}     ${widgets.padEnd(24)}    ${f.longTasks} (${f.longest.toFixed(0)} ms)`,
        );
      }
    }

    const page = await browser.newPage();
    await page.goto(server.url + "widgets/nines?panels=table,chart");
    await page.getByTestId("downtime-day").first().waitFor();
    // Update time of the nines widget: until the readout changes, and until everything the
    // change set off (the table and the chart redraw) has run, measured with a zero-delay task.
    // The page must show the change within one frame (16.7 ms at 60 Hz).
    const runs = await page.evaluate(async () => {
      // The chart draws on the next animation frame; run frame callbacks at once here, so the
      // figure is the work an update costs, not the wait for the display's next frame.
      window.requestAnimationFrame = (callback) => {
        queueMicrotask(() => callback(performance.now()));
        return 0;
      };
      const input = document.querySelector('[data-testid="availability-input"]');
      const readout = () => document.querySelector('[data-testid="downtime-day"]')?.dataset.value;
      const channel = new MessageChannel();
      const nextTask = () => new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
      // Eight levels in turn, none equal to the lesson's preset (99.9), so every change shows.
      const values = ["99.95", "99.99", "99.5", "99", "99.999", "95", "99.9999", "99.8"];
      const shown = [];
      const settled = [];
      for (let i = 0; i < 400; i++) {
        const before = readout();
        const t0 = performance.now();
        input.value = values[i % values.length];
        input.dispatchEvent(new Event("input", { bubbles: true }));
        while (readout() === before && performance.now() - t0 < 1000) await Promise.resolve();
        shown.push(performance.now() - t0);
        await nextTask();
        settled.push(performance.now() - t0);
      }
      return { shown, settled };
    });
    console.log(`Nines widget, one availability change (${runs.shown.length} changes; one frame at 60 Hz is 16.7 ms):`);
    console.log(`    until the readouts show it:                ${stats(runs.shown)}`);
    console.log(`    until the table and chart are redrawn too: ${stats(runs.settled)}`);
    await page.close();

    // The CDN calculator reruns its 100,000-sample simulations on every change: a hit-ratio
    // change redraws the CDN's samples only, a distance change both (200,000 samples).
    const cdnPage = await browser.newPage();
    await cdnPage.goto(server.url + "widgets/cdn-latency?preset=200ms-10-images");
    await cdnPage.getByTestId("p99-cdn").waitFor();
    // The first percentiles come from a few samples; wait for the full simulation.
    await cdnPage.waitForFunction(() => document.querySelector("table.percentiles caption")?.textContent.includes("100,000"));
    const cdnRuns = await cdnPage.evaluate(async () => {
      window.requestAnimationFrame = (callback) => {
        queueMicrotask(() => callback(performance.now()));
        return 0;
      };
      const channel = new MessageChannel();
      const nextTask = () => new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(0);
      });
      const measure = async (testid, values, shows) => {
        const readout = () => document.querySelector(`[data-testid="${shows}"]`)?.dataset.value;
        const input = document.querySelector(`[data-testid="${testid}"]`);
        const shown = [];
        const drawn = [];
        for (let i = 0; i < 60; i++) {
          const before = readout();
          const t0 = performance.now();
          input.value = values[i % values.length];
          input.dispatchEvent(new Event("input", { bubbles: true }));
          while (readout() === before && performance.now() - t0 < 2000) await Promise.resolve();
          shown.push(performance.now() - t0);
          await nextTask();
          drawn.push(performance.now() - t0);
        }
        return { shown, drawn };
      };
      return {
        hit: await measure("hit-ratio-input", ["0.8", "0.85", "0.9", "0.95"], "p50-cdn"),
        distance: await measure("distance-input", ["30000", "35000", "40000", "45000"], "p50-origin"),
      };
    });
    for (const [what, runs] of [["hit-ratio change (CDN samples only)", cdnRuns.hit], ["distance change (both simulations)", cdnRuns.distance]]) {
      console.log(`CDN latency, one ${what}, ${runs.shown.length} changes; one frame at 60 Hz is 16.7 ms:`);
      console.log(`    until the simulated percentiles show it: ${stats(runs.shown)}`);
      console.log(`    until the table, waterfall and chart too: ${stats(runs.drawn)}`);
    }
    await cdnPage.close();

    // The CAP toy replays its script from the start on every step: time a step near the end of
    // the longest script a URL may carry (200 steps, 7 nodes).
    const ops = [];
    for (let i = 0; ops.length < 200; i++) {
      ops.push(`w${(i % 7) + 1}:${i}`, `r${((i + 3) % 7) + 1}`, i % 5 === 0 ? "split:1,2,3|4,5,6,7" : "tick", i % 5 === 2 ? "heal" : "tick");
    }
    const capPage = await browser.newPage();
    await capPage.goto(server.url + `widgets/cap?nodes=7&mode=ap&ops=${ops.slice(0, 200).join(",")}&at=150`);
    await capPage.getByTestId("cap-log").waitFor();
    const capRuns = await capPage.evaluate(async () => {
      const cursor = () => document.querySelector('[data-testid="cap-cursor"]')?.dataset.value;
      const step = () => document.querySelector('[data-testid="cap-step"]');
      const times = [];
      for (let i = 0; i < 40; i++) {
        const before = cursor();
        const t0 = performance.now();
        step().click();
        while (cursor() === before && performance.now() - t0 < 2000) await Promise.resolve();
        times.push(performance.now() - t0);
      }
      return times;
    });
    console.log(`CAP toy, one step of a 200-step script on 7 nodes (replayed from the start, drawing and log redrawn; ${capRuns.length} steps):`);
    console.log(`    ${stats(capRuns)}; auto-play takes one step every 900 ms`);
    await capPage.close();

    // The saga stepper rebuilds its log and diagram on every step: the longest flow, failing late.
    const sagaPage = await browser.newPage();
    await sagaPage.goto(server.url + "widgets/saga?flow=checkout&fail=7&undo_fails=1&duplicate=3");
    await sagaPage.getByTestId("saga-log").waitFor();
    const sagaRuns = await sagaPage.evaluate(async () => {
      const count = () => document.querySelector('[data-testid="saga-messages"]')?.dataset.value;
      const times = [];
      for (let i = 0; i < 20; i++) {
        const before = count();
        const t0 = performance.now();
        document.querySelector('[data-testid="saga-step"]').click();
        while (count() === before && performance.now() - t0 < 2000) await Promise.resolve();
        times.push(performance.now() - t0);
      }
      return times;
    });
    console.log(`Saga stepper, one step of the 7-service checkout (${sagaRuns.length} steps):`);
    console.log(`    ${stats(sagaRuns)}`);
    await sagaPage.close();

    // Every other widget: one field a learner changes most, typed over and over with values
    // around the one its page opens with, until any readout (a `data-value`) or the spoken
    // sentence changes, and until the work the change set off has run.
    console.log("One field change per widget (until a readout shows it / until the page is redrawn; one frame at 60 Hz is 16.7 ms):");
    for (const [widget, field, given] of FIELDS) {
      const fieldPage = await browser.newPage();
      await fieldPage.goto(server.url + `widgets/${widget}`);
      await fieldPage.getByTestId(field).waitFor();
      const runs = await fieldPage.evaluate(async ([field, given]) => {
        window.requestAnimationFrame = (callback) => {
          queueMicrotask(() => callback(performance.now()));
          return 0;
        };
        const channel = new MessageChannel();
        const nextTask = () => new Promise((resolve) => {
          channel.port1.onmessage = resolve;
          channel.port2.postMessage(0);
        });
        const input = document.querySelector(`[data-testid="${field}"]`);
        const section = input.closest("section[data-widget]") ?? document.body;
        const seen = () => [...section.querySelectorAll("[data-value], [aria-live]")].map((e) => e.dataset.value ?? e.textContent).join("|");
        // Every number in the field scaled: a field may hold a list ("10,15,25,60") or group digits
        // ("1,000,000").
        const scale = (f) => input.value.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d[\d_]*(?:\.\d+)?/g, (n) => {
          const x = Number(n.replace(/[,_]/g, "")) * f;
          return String(n.includes(".") ? +x.toPrecision(3) : Math.max(1, Math.round(x)));
        });
        const values = given ?? [0.8, 1.2, 0.9, 1.1].map(scale);
        const shown = [];
        const drawn = [];
        for (let i = 0; i < 40; i++) {
          const before = seen();
          const t0 = performance.now();
          input.value = values[i % values.length];
          input.dispatchEvent(new Event("input", { bubbles: true }));
          while (seen() === before && performance.now() - t0 < 2000) await Promise.resolve();
          shown.push(performance.now() - t0);
          await nextTask();
          drawn.push(performance.now() - t0);
        }
        return { shown, drawn, values };
      }, [field, given]);
      const unseen = runs.shown.filter((t) => t >= 2000).length;
      console.log(`  ${widget.padEnd(14)} ${field} (${runs.values.join(", ")})${unseen ? `: NO CHANGE SEEN in ${unseen} of ${runs.shown.length} (pick another field)` : ""}:`);
      console.log(`    shown: ${stats(runs.shown)}`);
      console.log(`    drawn: ${stats(runs.drawn)}`);
      await fieldPage.close();
    }
  }
  // ── Search ──────────────────────────────────────────────────────────────────────────────
  // The index's size, the first opening (the search code and the index fetched, parsed and
  // made ready), and every keystroke of several typed queries over the whole course: from the
  // key press (the event's time stamp) until the results for what the field holds are in the
  // page, and until the next frame, at full speed and with the CPU slowed 4×.
  {
    const { readdirSync, readFileSync } = await import("node:fs");
    const { gzipSync } = await import("node:zlib");
    const file = readdirSync(dist).find((f) => /^search-[0-9a-f]{16}\.txt$/.test(f));
    const bytes = readFileSync(`${dist}/${file}`);
    const sections = bytes.toString("utf8").split("\n").filter((l) => l.startsWith("S\t")).length;
    console.log(`Search: the index ${file}, ${(bytes.length / 1000).toFixed(1)} KB raw, ${(gzipSync(bytes, { level: 9 }).length / 1000).toFixed(1)} KB gzip, ${sections} sections; fetched when search is first opened`);
    const QUERIES = ["stampede", "cache eviction", "consistent hashing", "p99 latency", "quorum reads and writes", "idempotency key", "a", "the"];
    for (const slowdown of [1, 4]) {
      const searchPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const cdp = await searchPage.context().newCDPSession(searchPage);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: slowdown });
      await searchPage.goto(server.url + "lessons/what-system-design-is");
      await searchPage.waitForFunction(() => document.documentElement.dataset.shell === "live");
      const t0 = await searchPage.evaluate(() => performance.now());
      await searchPage.keyboard.press("/");
      await searchPage.waitForFunction(() => document.querySelector('[data-testid="search-status"]')?.textContent === "" && document.getElementById("search-input"));
      const opened = (await searchPage.evaluate(() => performance.now())) - t0;
      await searchPage.evaluate(() => {
        window.searchKeys = [];
        const input = document.getElementById("search-input");
        const list = document.getElementById("search-results");
        let pending = null;
        input.addEventListener("keydown", (e) => (pending = { t0: e.timeStamp }), true);
        new MutationObserver(() => {
          if (!pending || list.dataset.for !== input.value) return;
          const p = pending;
          pending = null;
          p.shown = performance.now() - p.t0;
          requestAnimationFrame(() => {
            p.frame = performance.now() - p.t0;
            window.searchKeys.push(p);
          });
        }).observe(list, { attributes: true, childList: true });
      });
      let keys = 0;
      for (const q of QUERIES) {
        await searchPage.locator("#search-input").fill("");
        await searchPage.keyboard.type(q, { delay: 60 });
        keys += q.length;
        await searchPage.waitForTimeout(200);
      }
      const runs = await searchPage.evaluate(() => window.searchKeys);
      console.log(`  CPU ${slowdown}×: first opening (code, index fetched and made ready) ${opened.toFixed(0)} ms; ${runs.length} keystrokes answered (${keys} characters typed over ${QUERIES.length} queries, and the field cleared between them):`);
      console.log(`    key press until the results are in the page: ${stats(runs.map((r) => r.shown))}`);
      console.log(`    key press until the next frame:              ${stats(runs.map((r) => r.frame))}`);
      await searchPage.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
