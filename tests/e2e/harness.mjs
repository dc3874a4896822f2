// Shared set-up for the end-to-end tests: the built site on a plain static server, the
// system's Chromium driven by playwright-core (browser.mjs), console errors collected,
// screenshots kept.
//
// E2E_DIST (default target/e2e-dist) and E2E_BASE (default /tradeoffs/) say what to serve;
// CHROMIUM overrides the browser binary. Screenshots go to target/screenshots/.

import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { launchChromium } from "./browser.mjs";
import { serve } from "./static-server.mjs";

export const DIST = process.env.E2E_DIST ?? "target/e2e-dist";
export const BASE = process.env.E2E_BASE ?? "/tradeoffs/";
export const SHOTS = "target/screenshots";
mkdirSync(SHOTS, { recursive: true });

// Starts the server and the browser once per test file.
export async function start() {
  const server = await serve({ dir: DIST, base: BASE });
  const browser = await launchChromium().catch(async (e) => {
      await server.close(); // Or the open server would keep the test process alive.
      throw e;
    });
  return {
    url: server.url,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

// Fails the test when the page reported problems (console or page errors, failed or
// third-party requests).
export function clean(problems) {
  assert.deepEqual(problems, [], "the page reported problems");
}

// A fresh page (own storage) that records console errors, page errors and failed requests.
export async function open(env, path = "", options = {}) {
  // The service worker stays out unless a test asks for it (`serviceWorkers: "allow"`): a page
  // it controls would hide requests from page.route and from the request log.
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: "block", ...options });
  // A breach of the Content Security Policy is a problem like a console error.
  await context.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A reload or navigation aborts the old page's pending requests: that is no failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  const origin = new URL(env.url).origin;
  page.on("request", (r) => {
    if (new URL(r.url()).origin !== origin) problems.push(`third-party request: ${r.url()}`);
  });
  if (path !== null) await page.goto(env.url + path);
  return { page, context, problems };
}

// The exact value a test id carries, once the element exists.
export async function valueOf(page, id) {
  const el = page.getByTestId(id).first();
  await el.waitFor();
  return el.getAttribute("data-value");
}

// Waits until the test id (within a page or a locator) carries `expected`, for up to 5 s,
// and returns what it carries then.
export async function expectValue(scope, id, expected) {
  const el = scope.getByTestId(id).first();
  await el.waitFor();
  const deadline = Date.now() + 5000;
  let value = await el.getAttribute("data-value");
  while (value !== expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    value = await el.getAttribute("data-value");
  }
  return value;
}

export async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

// Counts pixels of the canvas that are not transparent, and a digest of its pixels.
export async function canvasInk(page, selector) {
  return page.$eval(selector, (canvas) => {
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    let digest = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) ink++;
      digest = (digest * 31 + data[i - 1] + data[i - 2] * 7 + data[i - 3] * 13 + data[i]) >>> 0;
    }
    return { ink, digest, width: canvas.width, height: canvas.height };
  });
}

// Scrolls a widget's place into view (its code loads as the reader comes near) and waits, up
// to 20 s, until the live widget is in. Returns the locator.
export async function live(widget) {
  await widget.scrollIntoViewIfNeeded();
  const state = await widget.evaluate(
    (el) =>
      new Promise((done) => {
        const deadline = Date.now() + 20000;
        const check = () => (el.dataset.state === "live" || Date.now() > deadline ? done(el.dataset.state) : setTimeout(check, 20));
        check();
      }),
  );
  if (state !== "live") throw new Error(`the widget is not live (state ${state})`);
  return widget;
}

// The chunk files each chunked part of the app (a widget id, or "quiz") needs, as the build
// wrote them.
export function chunkFiles() {
  return JSON.parse(readFileSync(`${DIST}/wasm-chunks.json`, "utf8"));
}

// Every page of the built site, as routes below the base ("", "lessons/x", "widgets", …).
export function routes() {
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
  return walk(DIST)
    .filter((f) => f.endsWith(".html") && !f.endsWith("/404.html"))
    .map((f) => f.slice(DIST.length + 1, -".html".length))
    .map((r) => (r === "index" ? "" : r))
    .sort();
}

// Scrolls the canvas into view as a reader would (a chart is drawn once it comes near the
// screen), waits up to 5 s until it has been drawn on (its drawing code arrives in a chunk of
// its own), and returns canvasInk's reading.
export async function drawn(page, selector) {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  const deadline = Date.now() + 5000;
  let ink = await canvasInk(page, selector);
  while (ink.ink <= 1000 && Date.now() < deadline) {
    await page.waitForTimeout(50);
    ink = await canvasInk(page, selector);
  }
  return ink;
}

// A phone, as the phone tests open a page: `open(env, route, PHONE)`.
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// Checks that a figure is `expected` to nine digits (or `tolerance`, relative).
export function near(actual, expected, what, tolerance = 1e-9) {
  assert.ok(Math.abs(Number(actual) - expected) <= Math.abs(expected) * tolerance, `${what}: ${actual}, expected ${expected}`);
}

// Waits, up to 5 s, for the `data-value` of a test id to reach `expected` (to nine digits), and
// checks it.
export async function becomes(scope, id, expected) {
  const deadline = Date.now() + 5000;
  let v = await valueOf(scope, id);
  while (Math.abs(Number(v) - expected) > Math.abs(expected) * 1e-9 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    v = await valueOf(scope, id);
  }
  near(v, expected, id);
}
