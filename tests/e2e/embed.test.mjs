// End-to-end: embeds and the Share control. A page on another origin (http://localhost:…, the
// site being on http://127.0.0.1:…) frames `/tradeoffs/embed/queue?…`: the widget comes alive
// inside with no site chrome, shows the figures of the address, answers a control, keeps its
// state (and its theme) in its own address, and tells the host its height; a lesson refuses to
// be framed. The Share control opens from the keyboard, its snippet follows the widget's state,
// and Copy says so; the snippet, opened, shows the same setup. Expected figures are M/M/1's:
// W = 1/(μ − λ).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { BASE, clean, live, near, open, PHONE, routes, shot, start, valueOf } from "./harness.mjs";

let env;
let host;
before(async () => {
  env = await start();
  host = await hostServer();
});
after(async () => {
  await host?.close();
  await env?.close();
});

const w = (lambda, mu) => 1 / (mu - lambda);

// Another site: a server on `localhost` (a different origin, and site, from 127.0.0.1) that
// answers `/<name>.html` with the page the test registered under that name.
async function hostServer() {
  const pages = new Map();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url, "http://x").pathname);
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const origin = `http://localhost:${server.address().port}`;
  return {
    origin,
    // A page holding one iframe of `src` (at `width`, in px or %), recording the heights the
    // frame reports in `window.heights`.
    page(name, src, { width = "100%", height = 600, theme = "light" } = {}) {
      pages.set(
        `/${name}.html`,
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>A course page</title>` +
          `<style>body { font-family: sans-serif; margin: 24px; background: ${theme === "dark" ? "#222" : "#eee"}; color: ${theme === "dark" ? "#eee" : "#222"}; }</style></head>` +
          `<body><h1>Slides: queueing</h1><p>The widget below is embedded from Tradeoffs.</p>` +
          `<iframe id="frame" src="${src}" title="Queue widget" width="${width}" height="${height}" loading="lazy"></iframe>` +
          `<script>window.heights = []; addEventListener("message", (e) => { if (e.data && e.data.type === "tradeoffs:height") window.heights.push(e.data.height); });</script>` +
          `</body></html>`,
      );
      return `${origin}/${name}.html`;
    },
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(done))),
  };
}

// The problems of a page that holds another origin's frame: the host's own requests are not
// third-party requests of the site.
const siteProblems = (problems) => problems.filter((p) => !p.startsWith(`third-party request: ${host.origin}/`));

// The frame whose address starts with `prefix`, once it has one.
async function frameOf(page, prefix) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith(prefix));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no frame at ${prefix}: ${page.frames().map((f) => f.url()).join(", ")}`);
    await page.waitForTimeout(50);
  }
}

describe("an embed in another site's page", () => {
  test("comes alive without the site's chrome, shows the address's figures, answers, and keeps its state in its own address", async () => {
    const src = `${env.url}embed/queue?arrival=95&service=100&theme=dark`;
    const { page, problems, context } = await open(env, null);
    await page.goto(host.page("slides", src));
    const frame = await frameOf(page, `${env.url}embed/queue`);
    const widget = frame.locator("section[data-widget=queue]");
    await live(widget);
    // No chrome: no top bar, table of contents, pager or skip link; the widget is the page.
    for (const chrome of [".topbar", ".sidebar", "nav.toc", ".pager", ".skip-link", ".theme-select", ".search-button", "#shortcuts"]) {
      assert.equal(await frame.locator(chrome).count(), 0, `no ${chrome}`);
    }
    assert.equal(await frame.locator("main").getAttribute("data-page"), "embed/queue");
    assert.equal(await frame.locator("h1").textContent(), `${(await widget.locator(".widget-title").textContent()).trim()}, from Tradeoffs`);
    // The address's state; its theme setting is the frame's, not reported as a bad setting.
    near(await valueOf(frame, "response-time"), w(95, 100), "response time at 95 of 100");
    assert.equal(await frame.getByTestId("url-problems").count(), 0, "theme= is not a setting the widget ignored");
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), "dark");
    // It fills the frame's width: no margin around the widget.
    const box = await widget.evaluate((el) => ({ left: el.getBoundingClientRect().left, width: el.getBoundingClientRect().width, inner: innerWidth }));
    assert.equal(box.left, 0);
    assert.equal(box.width, box.inner, "the widget is as wide as the frame");
    // A control works inside it, and the state goes to the embed's own address (with its theme)
    // and to the link to the widget's own page.
    await frame.getByTestId("arrival-input").fill("85");
    await frame.waitForFunction(() => location.search.includes("arrival=85"));
    near(await valueOf(frame, "response-time"), w(85, 100), "response time at 85 of 100");
    const search = new URLSearchParams(await frame.evaluate(() => location.search));
    assert.equal(search.get("arrival"), "85");
    assert.equal(search.get("theme"), "dark", "the frame keeps its theme");
    assert.equal(page.url(), host.page("slides", src), "the host page's address is untouched");
    const openLink = frame.getByTestId("embed-open");
    assert.match(await openLink.innerText(), /^Open in Tradeoffs ↗/);
    assert.equal(await openLink.getAttribute("target"), "_blank");
    assert.equal(await openLink.getAttribute("rel"), "noopener");
    const href = await openLink.getAttribute("href");
    assert.ok(href.startsWith(`${BASE}widgets/queue?`) && href.includes("arrival=85") && !href.includes("theme"), href);
    // The host hears the content's height, and it is the embed's.
    await page.waitForFunction(() => window.heights.length > 0);
    const heard = await page.evaluate(() => window.heights.at(-1));
    const height = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    assert.ok(Math.abs(heard - height) <= 1 && heard > 300, `the host heard ${heard} px, the content is ${height} px`);
    await page.evaluate((h) => (document.getElementById("frame").height = h), heard);
    await page.setViewportSize({ width: 1280, height: Math.min(heard + 200, 2000) });
    await shot(page, "embed-dark", true);
    assert.deepEqual(siteProblems(problems), [], "no console error, no policy violation, in the frame or the host");
    await context.close();
  });

  test("follows the viewer's system theme, or the theme its address asks for", async () => {
    const { page, problems, context } = await open(env, null, { colorScheme: "dark" });
    await page.goto(host.page("system", `${env.url}embed/queue?preset=web`, { theme: "dark" }));
    let frame = await frameOf(page, `${env.url}embed/queue`);
    await live(frame.locator("section[data-widget]"));
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), "dark", "the system's");
    const darkInk = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(host.page("light", `${env.url}embed/queue?preset=web&theme=light`, { theme: "dark" }));
    frame = await frameOf(page, `${env.url}embed/queue`);
    await live(frame.locator("section[data-widget]"));
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), "light", "the address's");
    assert.notEqual(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor), darkInk);
    await shot(page, "embed-light", true);
    assert.deepEqual(siteProblems(problems), []);
    await context.close();
  });

  test("is served frameable, where every other page refuses any frame", async () => {
    const embed = await fetch(`${env.url}embed/queue?arrival=90`);
    const lesson = await fetch(`${env.url}lessons/cdns`);
    const embedPolicy = embed.headers.get("content-security-policy");
    const lessonPolicy = lesson.headers.get("content-security-policy");
    assert.ok(lessonPolicy.endsWith("; frame-ancestors 'none'"), lessonPolicy);
    assert.ok(!lessonPolicy.includes(","), "one policy, not two joined");
    assert.equal(embedPolicy, lessonPolicy.replace("; frame-ancestors 'none'", ""), "the embed keeps the rest of the strict policy");
    for (const route of ["", "widgets", "widgets/queue", "404.html"]) {
      const policy = (await fetch(env.url + route)).headers.get("content-security-policy");
      assert.equal(policy, lessonPolicy, `/${route}`);
    }
    // A lesson in another site's frame stays empty.
    const { page, problems, context } = await open(env, null);
    await page.goto(host.page("framed-lesson", `${env.url}lessons/cdns`));
    await page.waitForTimeout(1500);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    const content = await frame.evaluate(() => document.querySelector("[data-page]")?.outerHTML ?? null).catch(() => null);
    assert.equal(content, null, "the lesson is not shown in the frame");
    assert.ok(
      problems.some((p) => /frame-ancestors 'none'|Refused to (frame|display)/.test(p)),
      `the browser says why: ${problems.join(" | ")}`,
    );
    await context.close();
  });

  test("at 390 px fits the frame, and on its own at a phone's width", async () => {
    const { page, problems, context } = await open(env, null, PHONE);
    await page.goto(host.page("phone", `${env.url}embed/queue?preset=flash-sale`, { width: 340, height: 700 }));
    const frame = await frameOf(page, `${env.url}embed/queue`);
    await live(frame.locator("section[data-widget]"));
    const width = await frame.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(width[0] <= width[1], `no sideways scrolling in a 340 px frame (${width[0]} px wide)`);
    const scrolls = await frame.evaluate(() => document.documentElement.scrollHeight > innerHeight);
    assert.ok(scrolls, "a short frame scrolls inside");
    await shot(page, "embed-in-phone");
    assert.deepEqual(siteProblems(problems), []);
    await context.close();
    const alone = await open(env, "embed/queue?preset=flash-sale", PHONE);
    await live(alone.page.locator("section[data-widget]"));
    assert.ok((await alone.page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
    await shot(alone.page, "embed-phone", true);
    clean(alone.problems);
    await alone.context.close();
  });

  test("every widget's embed comes alive with its text first, no chrome and no stray setting", async () => {
    const embeds = routes().filter((r) => r.startsWith("embed/"));
    assert.equal(embeds.length, routes().filter((r) => r.startsWith("widgets/")).length, "an embed for every widget");
    const { page, problems, context } = await open(env, null, { viewport: { width: 800, height: 600 } });
    const heights = [];
    for (const route of embeds) {
      // Before any WebAssembly: the widget's description and figures are in the HTML.
      const html = await (await fetch(env.url + route)).text();
      assert.match(html, /<main id="main" class="embed"[^>]*data-page="embed\//, route);
      assert.match(html, /class="widget-about"/, `${route} has its text in its HTML`);
      assert.doesNotMatch(html, /class="topbar"|class="sidebar"/, route);
      await page.goto(`${env.url}${route}?theme=dark`);
      await live(page.locator("section[data-widget]"));
      assert.equal(await page.locator("main").getAttribute("data-page"), route);
      assert.equal(await page.getByTestId("url-problems").count(), 0, `${route}: theme= is the frame's`);
      heights.push(`${route.slice(6)} ${await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height))}`);
    }
    console.log(`embed heights at 800 px: ${heights.join(", ")}`);
    // A setting the widget cannot use is still named.
    await page.goto(`${env.url}embed/queue?theme=dark&speed=9`);
    await page.getByTestId("url-problems").waitFor();
    const said = await page.getByTestId("url-problems").innerText();
    assert.match(said, /speed/);
    assert.doesNotMatch(said, /theme/);
    clean(problems);
    await context.close();
  });
});

describe("the Share control", () => {
  test("opens from the keyboard, follows the widget's state, copies, and its snippet opens the same setup", async () => {
    const { page, problems, context } = await open(env, "lessons/degradation-queues-and-utilization");
    const origin = new URL(env.url).origin;
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    const widget = await live(page.locator("section.widget-queue").first());
    const toggle = widget.getByTestId("share-toggle");
    const panel = widget.getByTestId("share-panel");
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await panel.isVisible(), false);
    assert.equal(await widget.getByTestId("share-link").isVisible(), false, "the plain link is for pages without scripts");
    // Opened with the keyboard.
    await toggle.focus();
    await page.keyboard.press("Enter");
    await panel.waitFor(); // The panel's code is fetched on first use.
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    assert.ok(await panel.isVisible());
    assert.equal(await page.getByRole("button", { name: "Share" }).first().getAttribute("aria-controls"), await panel.getAttribute("id"));
    // The link and the snippet are absolute, under the base, and follow a change.
    await widget.getByTestId("arrival-input").fill("85");
    const expected = `${origin}${BASE}widgets/queue?`;
    await page.waitForFunction(
      (el) => el.value.includes("arrival=85"),
      await widget.getByTestId("share-url").elementHandle(),
    );
    const link = await widget.getByTestId("share-url").inputValue();
    assert.ok(link.startsWith(expected), link);
    const code = await widget.getByTestId("share-code").inputValue();
    const m = code.match(/^<iframe src="([^"]+)" title="([^"]+)" width="100%" height="(\d+)" loading="lazy"><\/iframe>$/);
    assert.ok(m, code);
    const src = m[1].replaceAll("&amp;", "&");
    assert.equal(src, link.replace(`${BASE}widgets/`, `${BASE}embed/`), "the embed of the same state");
    assert.equal(m[2], (await widget.locator(".widget-title").textContent()).trim(), "named by the widget's title");
    assert.equal(await widget.getByTestId("share-open").getAttribute("href"), link.slice(origin.length));
    // Copy, from the keyboard: the clipboard holds the snippet, and the live line says so.
    await widget.getByTestId("copy-code").focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((el) => el.textContent !== "", await widget.getByTestId("share-said").elementHandle());
    assert.match(await widget.getByTestId("share-said").innerText(), /^Copied the embed code/);
    assert.equal(await widget.getByTestId("share-said").getAttribute("role"), "status");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
    await widget.getByTestId("copy-link").click();
    await page.waitForFunction((el) => el.textContent.startsWith("Copied the link"), await widget.getByTestId("share-said").elementHandle());
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
    await shot(page, "share-open-light");
    // Esc closes it and gives the focus back to the button.
    await widget.getByTestId("share-code").focus();
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await panel.isVisible(), false);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "share-toggle");
    // The snippet's address is the same setup.
    const { page: embedded, problems: more, context: other } = await open(env, null);
    await embedded.goto(src);
    near(await valueOf(embedded, "response-time"), await valueOf(widget, "response-time"), "the embed shows the lesson's setup");
    clean(more);
    await other.close();
    // "Open on its own page" opens the same setup there.
    await toggle.click();
    await widget.getByTestId("share-open").click();
    await page.getByTestId("widget-page").waitFor();
    near(await valueOf(page, "response-time"), w(85, 100), "the same setup on its own page");
    clean(problems);
    await context.close();
  });

  test("on a widget's own page offers the address, in the dark theme too and on a phone", async () => {
    for (const [name, options] of [
      ["share-open-dark", { colorScheme: "dark" }],
      ["share-open-phone", { ...PHONE, colorScheme: "dark" }],
    ]) {
      const { page, problems, context } = await open(env, "widgets/queue?arrival=70", options);
      const widget = await live(page.locator("section.widget-queue"));
      assert.equal(await widget.getByTestId("share-link").count(), 0, "the address is the link");
      assert.equal(await widget.getByTestId("share-open").count(), 0);
      await widget.getByTestId("share-toggle").click();
      await widget.getByTestId("share-panel").waitFor();
      await page.waitForFunction(() => location.search.includes("arrival=70"));
      assert.equal(await widget.getByTestId("share-url").inputValue(), page.url());
      assert.match(await widget.getByTestId("share-code").inputValue(), new RegExp(`src="[^"]*${BASE}embed/queue\\?arrival=70`));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= (options.viewport?.width ?? 1280), `no sideways scrolling (${width} px)`);
      await widget.scrollIntoViewIfNeeded();
      await shot(page, name);
      clean(problems);
      await context.close();
    }
  });

  test("without JavaScript is a plain link to the widget's own page", async () => {
    const { page, problems, context } = await open(env, null, { javaScriptEnabled: false });
    await page.goto(env.url + "lessons/degradation-queues-and-utilization");
    const widget = page.locator("section.widget-queue").first();
    const link = widget.getByTestId("share-link");
    assert.ok(await link.isVisible());
    assert.equal(await widget.getByTestId("share-toggle").isVisible(), false);
    await link.click();
    await page.getByTestId("widget-page").waitFor();
    assert.equal(new URL(page.url()).pathname, `${BASE}widgets/queue`);
    // The browser refuses to fetch the app's scripts, as asked: nothing else went wrong.
    clean(problems.filter((p) => !/\.js csp$/.test(p)));
    await context.close();
  });
});
