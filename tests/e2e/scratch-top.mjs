import { launchChromium } from "./browser.mjs";
import { serve } from "./static-server.mjs";
const server = await serve({ dir: "target/e2e-dist", base: "/tradeoffs/" });
const browser = await launchChromium();
for (const theme of ["light", "projector"]) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, serviceWorkers: "block" });
  await ctx.addInitScript((t) => localStorage.setItem("tradeoffs.theme", t), theme);
  const page = await ctx.newPage();
  await page.goto(server.url + "widgets/index");
  await page.waitForSelector("html[data-shell=live]");
  const info = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll(".topbar > *")) { const r = el.getBoundingClientRect(); out.push(`${el.className || el.tagName} ${Math.round(r.left)}-${Math.round(r.right)}`); }
    out.push("doc " + document.documentElement.scrollWidth);
    const wide = [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 391).slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`);
    return out.concat(wide);
  });
  console.log(theme, info.join("\n  "));
  await page.screenshot({ path: `target/screenshots/scratch-top-${theme}.png`, clip: { x: 0, y: 0, width: 390, height: 120 } });
  await ctx.close();
}
await browser.close(); await server.close();
