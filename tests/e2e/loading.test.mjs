// End-to-end tests of how pages load: the text is in the HTML and shows before any
// WebAssembly arrives; the shell takes the page over; each widget's code is fetched only when
// the reader comes near it, keeps its place while it loads and says so when it cannot load;
// every lesson reads without JavaScript; nothing on screen moves as the page comes alive.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { DIST, chunkFiles, clean, live, open, routes, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

// The files a page requested, by name (no folder), in order.
function requested(page) {
  const names = [];
  page.on("request", (r) => names.push(new URL(r.url()).pathname.split("/").pop()));
  return names;
}

const shellReady = (page) => page.waitForFunction(() => document.documentElement.dataset.shell === "live");

// Puts a link to `route` (below the base) at the top of the page's content and follows it, as
// a reader follows a link in a lesson.
async function follow(page, route) {
  await page.evaluate((route) => {
    const a = document.createElement("a");
    a.href = `${document.body.dataset.base}/${route}`;
    a.id = "followed";
    a.textContent = route;
    document.querySelector("main").prepend(a);
  }, route);
  await page.locator("#followed").click();
}

describe("a first visit to a lesson", () => {
  test("shows the text before any WebAssembly has arrived, then the shell takes over", async () => {
    const { page, problems, context } = await open(env, null);
    const held = [];
    const finished = [];
    page.on("requestfinished", (r) => finished.push(new URL(r.url()).pathname));
    await page.route("**/*.wasm", (route) => held.push(route));
    // (Released below: every request held so far, then any that arrive later.)
    await page.goto(env.url + "lessons/cdns", { waitUntil: "domcontentloaded" });
    const first = page.locator(".prose p").first();
    await first.waitFor();
    assert.match(await first.innerText(), /\w{4,}.*\w{4,}/, "the first paragraph has its text");
    assert.equal(await page.locator(".prose h1").first().innerText(), "CDNs");
    assert.equal(await page.title(), "5.3 CDNs · Tradeoffs");
    // Painted: the text's box is laid out and on screen.
    const box = await first.boundingBox();
    assert.ok(box && box.height > 10 && box.y < 900, "the first paragraph is on the first screen");
    assert.ok(held.length > 0, "the shell's wasm was asked for");
    assert.deepEqual(finished.filter((p) => p.endsWith(".wasm")), [], "no wasm response has finished");
    await shot(page, "lesson-before-wasm");
    for (const route of held.splice(0)) await route.continue();
    await page.unroute("**/*.wasm", (route) => route.continue());
    for (const route of held) await route.continue();
    await shellReady(page);
    assert.ok(finished.some((p) => p.endsWith(".wasm")), "the shell's wasm arrived after the text was shown");
    clean(problems);
    await context.close();
  });

  test("fetches a widget's chunks only when the reader comes near it, and the widget works", async () => {
    const chunks = chunkFiles();
    const { page, problems, context } = await open(env, null);
    const names = requested(page);
    await page.goto(env.url + "lessons/cdns");
    await shellReady(page);
    await page.waitForTimeout(500);
    const cdn = chunks["cdn-latency"];
    assert.deepEqual(names.filter((n) => cdn.includes(n)), [], "no CDN chunk before the reader scrolls");
    assert.equal(await page.locator('section[data-widget="cdn-latency"][data-state]').count(), 0);
    const widget = await live(page.locator('section[data-widget="cdn-latency"]').first());
    assert.ok(names.includes(cdn[0]), "the widget's own chunk was fetched once the reader came near");
    assert.equal(names.filter((n) => n === cdn[0]).length, 1, "fetched once");
    await widget.getByTestId("distance-input").fill("1000");
    assert.equal(await valueOf(widget, "rtt-origin"), "10");
    // The next widget of the same kind needs nothing more.
    const before = names.length;
    await live(page.locator('section[data-widget="cdn-latency"]').nth(1));
    assert.deepEqual(names.slice(before).filter((n) => n.endsWith(".wasm") && !chunks.chart.includes(n)), [], "a second widget of a kind fetches no code");
    clean(problems);
    await context.close();
  });

  test("of a lesson without widgets fetches no widget code, and its self-checks work", async () => {
    const chunks = chunkFiles();
    // Scrolling and an answered self-check fetch the learner's progress code (a split point of
    // its own, with the chunk it shares); no widget's code comes.
    const progressFiles = new Set(chunks.progress ?? []);
    const widgetFiles = new Set(Object.values(chunks).flat().filter((f) => !progressFiles.has(f)));
    const { page, problems, context } = await open(env, null);
    const names = requested(page);
    await page.goto(env.url + "lessons/what-system-design-is");
    await shellReady(page);
    assert.equal(await page.locator("section[data-widget]").count(), 0);
    const quizzes = page.locator("section[data-quiz]");
    for (const quiz of await quizzes.all()) await quiz.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    const choice = page.locator('section[data-quiz="choice"]').first();
    await choice.locator(".quiz-choice").first().click();
    assert.match(await choice.getByTestId("quiz-verdict").innerText(), /^(Right|Not quite)/);
    assert.equal(await choice.getByTestId("quiz-explanation").isVisible(), true);
    assert.deepEqual(names.filter((n) => widgetFiles.has(n)), [], "no chunk was fetched");
    clean(problems);
    await context.close();
  });
});

describe("without JavaScript", () => {
  test("every lesson is there to read, with each widget described and each answer at hand", async () => {
    const { page, problems, context } = await open(env, null, { javaScriptEnabled: false });
    const lessons = routes().filter((r) => r.startsWith("lessons/"));
    assert.ok(lessons.length >= 20);
    for (const route of lessons) {
      await page.goto(env.url + route);
      const h1 = await page.locator(".prose h1").first().innerText();
      assert.ok(h1.length > 3, `${route}: a title`);
      assert.ok((await page.title()).startsWith(`${await page.locator(".lesson-kicker").innerText().then((k) => k.split(" ")[1])} `), `${route}: the title names the lesson`);
      const words = await page.locator(".prose").evaluateAll((els) => els.map((e) => e.innerText).join(" ").split(/\s+/).length);
      assert.ok(words > 800, `${route}: ${words} words of text`);
      for (const widget of await page.locator("section[data-widget]").all()) {
        assert.ok((await widget.locator(".widget-about").innerText()).length > 20, `${route}: a widget without a description`);
        assert.equal(await widget.locator(".needs-js").isVisible(), true, `${route}: the widget says it needs JavaScript`);
      }
      assert.equal(await page.locator('a[rel="next"], a[rel="prev"]').count() > 0, true, `${route}: a pager`);
    }
    // A self-check's answer opens by hand; the table of contents follows the page on a phone.
    await page.goto(env.url + "lessons/availability-and-the-nines");
    const quiz = page.getByTestId("quiz").first();
    await quiz.locator("summary").click();
    assert.equal(await quiz.getByTestId("quiz-explanation").isVisible(), true);
    await page.setViewportSize({ width: 390, height: 844 });
    const [mainBottom, tocTop] = await page.evaluate(() => [
      document.querySelector("main").getBoundingClientRect().bottom,
      document.querySelector(".sidebar").getBoundingClientRect().top,
    ]);
    assert.ok(tocTop >= mainBottom - 1, "the table of contents comes after the lesson");
    assert.equal(await page.locator(".menu-button").isVisible(), false, "no button that could not work");
    await shot(page, "phone-without-js", true);
    // The browser refuses to fetch the app's scripts, as asked: nothing else went wrong.
    clean(problems.filter((p) => !/\.js csp$/.test(p)));
    await context.close();
  });
});

describe("a widget", () => {
  test("on its own page is named in the page, so its code arrives in parallel with the shell", async () => {
    const chunks = chunkFiles();
    const html = readFileSync(`${DIST}/widgets/nines.html`, "utf8");
    const named = [...html.matchAll(/<link rel="preload" href="[^"]*\/([^"/]+\.wasm)" as="fetch"/g)].map((m) => m[1]);
    assert.deepEqual([...named].sort(), [...chunks.nines].sort(), "the page preloads exactly the widget's chunks");
    const { page, problems, context } = await open(env, "widgets/nines");
    await live(page.locator("section[data-widget]"));
    const timing = await page.evaluate(() =>
      performance.getEntriesByType("resource").map((e) => ({ name: e.name.split("/").pop(), start: e.startTime, end: e.responseEnd })),
    );
    const shell = timing.find((t) => /^tradeoffs-[0-9a-f]+_bg\.wasm$/.test(t.name));
    const own = timing.find((t) => t.name === chunks.nines[0]);
    assert.ok(shell && own, "both were fetched");
    assert.ok(own.start < shell.end, `the widget's chunk was asked for (${own.start.toFixed(0)} ms) before the shell arrived (${shell.end.toFixed(0)} ms)`);
    assert.equal(timing.filter((t) => t.name === chunks.nines[0]).length, 1, "and fetched once: the loader used the preloaded response");
    clean(problems);
    await context.close();
  });

  test("keeps its place while its code loads, then takes it without moving the page", async () => {
    const chunks = chunkFiles();
    const { page, problems, context } = await open(env, null);
    const held = [];
    await page.route((url) => chunks.saga.some((f) => url.pathname.endsWith("/" + f)), (route) => held.push(route));
    await page.goto(env.url + "lessons/sagas-and-distributed-transactions");
    await shellReady(page);
    const widget = page.locator("section[data-widget=saga]").first();
    const height = (await widget.boundingBox()).height;
    await widget.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector("section[data-widget=saga]").dataset.state === "loading");
    assert.equal(await widget.getByTestId("widget-status").innerText(), "Loading the live widget…");
    const loading = (await widget.boundingBox()).height;
    assert.ok(Math.abs(loading - height) < 0.5, `the place keeps its size while loading (${height}px, then ${loading}px)`);
    await shot(page, "widget-loading");
    for (const route of held.splice(0)) await route.continue();
    await page.unrouteAll({ behavior: "wait" });
    for (const route of held) await route.continue();
    await live(widget);
    assert.equal(await valueOf(widget, "saga-outcome"), "running");
    clean(problems);
    await context.close();
  });

  test("whose code cannot be fetched says so and offers to try again; the rest of the page works", async () => {
    const chunks = chunkFiles();
    const { page, problems, context } = await open(env, null);
    const blocked = (url) => url.pathname.endsWith("/" + chunks.nines[0]);
    await page.route(blocked, (route) => route.abort("internetdisconnected"));
    await page.goto(env.url + "lessons/availability-and-the-nines");
    await shellReady(page);
    const widget = page.locator("section[data-widget=nines]").first();
    await widget.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector("section[data-widget=nines]").dataset.state === "failed");
    assert.match(await widget.getByTestId("widget-status").innerText(), /could not be loaded/);
    assert.equal(await widget.getByTestId("widget-static").isVisible(), true, "its figures stay");
    await shot(page, "widget-failed");
    // The rest of the page works: a self-check answers.
    const quiz = page.locator('section[data-quiz="choice"]').first();
    await quiz.locator(".quiz-choice").first().click();
    assert.match(await quiz.getByTestId("quiz-verdict").innerText(), /^(Right|Not quite)/);
    // Back online: trying again brings the widget.
    await page.unroute(blocked);
    await widget.getByRole("button", { name: "Try again" }).click();
    await live(widget);
    assert.equal(await valueOf(widget, "mtbf-availability"), "0.999000999001");
    // The failed fetches were reported by the browser and the chunk loader, nothing else.
    const unexpected = problems.filter((p) => !p.includes(chunks.nines[0]) && !/ERR_INTERNET_DISCONNECTED|Failed to fetch|TypeError/.test(p));
    assert.deepEqual(unexpected, []);
    await context.close();
  });
});

describe("moving through the site", () => {
  test("swaps the page in place: title, description, current lesson, focus, and its widgets come alive", async () => {
    const { page, problems, context } = await open(env, "lessons/cdns");
    await shellReady(page);
    await page.evaluate(() => (window.stillTheSamePage = true));
    await page.locator("nav.toc").getByRole("link", { name: /Composing availability/ }).click();
    await page.waitForFunction(() => document.querySelector("main").dataset.page === "lessons/composing-availability");
    assert.equal(await page.title(), "4.2 Composing availability · Tradeoffs");
    const description = await page.locator('meta[name="description"]').getAttribute("content");
    assert.match(description, /^A user request rarely touches/);
    assert.match(await page.locator('nav.toc a[aria-current="page"]').innerText(), /Composing availability/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main", "the focus moves to the new content");
    assert.equal(await page.evaluate(() => window.scrollY), 0, "a new page starts at its top");
    await live(page.locator("section[data-widget=nines]").first());
    // A link to a section of another lesson lands on that section.
    await follow(page, "lessons/availability-and-the-nines#counting-the-nines");
    await page.waitForFunction(() => document.querySelector("main").dataset.page === "lessons/availability-and-the-nines");
    const top = await page.locator("#counting-the-nines").evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 200, `the section is at the top of the screen (${top}px)`);
    await page.goBack();
    await page.waitForFunction(() => document.querySelector("main").dataset.page === "lessons/composing-availability");
    assert.equal(await page.evaluate(() => window.stillTheSamePage), true, "no page load happened");
    clean(problems);
    await context.close();
  });

  test("to an address with no page shows the site's not-found page, in place", async () => {
    const { page, problems, context } = await open(env, "lessons/cdns");
    await shellReady(page);
    await follow(page, "lessons/no-such-lesson");
    await page.getByTestId("not-found").waitFor();
    assert.equal(await page.title(), "Page not found · Tradeoffs");
    // The static server answers the missing page with 404, which the browser reports.
    assert.deepEqual(problems.filter((p) => !p.includes("404")), []);
    await context.close();
  });
});

describe("nothing moves", () => {
  test("as pages come alive, on a desktop and on a phone", async () => {
    const cases = ["", "lessons/composing-availability", "lessons/cdns", "widgets/nines", "widgets/cap", "widgets/saga", "widgets/cdn-latency"];
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const { page, problems, context } = await open(env, null, { viewport });
      await page.addInitScript(() => {
        window.shifts = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      for (const route of cases) {
        await page.goto(env.url + route);
        await shellReady(page);
        await page.waitForFunction(() => [...document.querySelectorAll("section[data-widget]")].every((w) => w.dataset.state !== "loading"));
        await page.waitForTimeout(300);
        const shifts = await page.evaluate(() => window.shifts);
        assert.ok(shifts < 0.02, `/${route} at ${viewport.width}px: layout shift ${shifts.toFixed(4)}`);
      }
      clean(problems);
      await context.close();
    }
  });
});

describe("offline", () => {
  test("after one visit, three other lessons and two widgets open without a network", async () => {
    // A server of its own, shut down after the first visit: offline for the worker as well as
    // the page (the browser's offline switch does not reach a service worker's requests).
    const { serve } = await import("./static-server.mjs");
    const own = await serve({ dir: DIST, base: new URL(env.url).pathname });
    after(() => own.close());
    const { page, problems, context } = await open({ ...env, url: own.url }, "lessons/what-system-design-is", { serviceWorkers: "allow" });
    await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
    // The service worker has cached the whole build.
    const cached = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      for (let i = 0; i < 200 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 50));
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith("tradeoffs-")));
      return { scope: registration.scope, files: (await cache.keys()).length, controlled: Boolean(navigator.serviceWorker.controller) };
    });
    assert.equal(cached.scope, own.url, "the worker's scope is the site's base");
    assert.ok(cached.files > 40 && cached.controlled, JSON.stringify(cached));
    await own.close(); // (Closing twice is harmless: `after` closes it again on a failure.)
    await context.setOffline(true);
    let opened = 0;
    for (const route of ["lessons/cdns", "lessons/percentiles-and-tail-latency", "lessons/sagas-and-distributed-transactions", "widgets/queue", "widgets/cap"]) {
      await page.goto(own.url + route);
      assert.equal(await page.locator("main").getAttribute("data-page"), route, `${route} opens offline`);
      const widget = page.locator("section[data-widget]").first();
      await widget.scrollIntoViewIfNeeded();
      await live(widget);
      opened++;
    }
    // A page the build does not have: the site's own not-found page, still offline.
    await page.goto(own.url + "lessons/no-such-lesson");
    await page.getByTestId("not-found").waitFor();
    console.log(`offline: ${cached.files} files cached after one visit; ${opened} pages opened without a network, their widgets live`);
    await context.setOffline(false);
    // Requests the network refused while offline are not problems.
    assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to fetch/.test(p)), []);
    await context.close();
  });
});

describe("a new deploy", () => {
  test("is announced to a reader on the old one, who switches with one button", async () => {
    const { cpSync, mkdtempSync, rmSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { serve } = await import("./static-server.mjs");
    const dir = mkdtempSync(`${tmpdir()}/tradeoffs-deploy-`);
    cpSync(DIST, dir, { recursive: true });
    const own = await serve({ dir, base: new URL(env.url).pathname });
    after(async () => {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const { page, problems, context } = await open({ ...env, url: own.url }, "lessons/cdns", { serviceWorkers: "allow" });
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 200 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 50));
    });
    assert.equal(await page.getByTestId("update-notice").count(), 0, "no notice for the first install");
    // The next build: the worker's version changes.
    const worker = readFileSync(`${dir}/sw.js`, "utf8");
    writeFileSync(`${dir}/sw.js`, worker.replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "0000000000000000"'));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const notice = page.getByTestId("update-notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), /new version/);
    await Promise.all([page.waitForEvent("load"), notice.getByRole("button", { name: "Reload" }).click()]);
    assert.deepEqual(await page.evaluate(() => caches.keys()), ["tradeoffs-0000000000000000"], "the old build's cache is gone");
    clean(problems);
    await context.close();
  });
});

describe("when the WebAssembly stops", () => {
  test("a panel says so and offers to reload the same address; other errors do not raise it", async () => {
    const { page, problems, context } = await open(env, "widgets/queue?arrival=95");
    await page.waitForFunction(() => document.documentElement.dataset.shell === "live");
    // An error that is not the app's stopping (a browser extension's, say) changes nothing.
    await page.evaluate(() => dispatchEvent(new ErrorEvent("error", { error: new TypeError("not ours") })));
    assert.equal(await page.getByTestId("crash").count(), 0);
    // A trap, as a panic in the Rust code becomes one (`unreachable`), uncaught in a task.
    await page.evaluate(() => setTimeout(() => {
      throw new WebAssembly.RuntimeError("unreachable");
    }));
    const panel = page.getByTestId("crash");
    await panel.waitFor();
    assert.equal(await panel.getAttribute("role"), "alert");
    assert.match(await panel.innerText(), /Something went wrong/);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "crash-reload", "the reload link has the focus");
    assert.equal(await panel.getByRole("link", { name: "Reload the page" }).getAttribute("href"), env.url + "widgets/queue?arrival=95");
    await shot(page, "crash-panel");
    assert.deepEqual(problems.filter((p) => !/not ours|unreachable/.test(p)), []);
    await context.close();
  });
});
