// End-to-end tests of what a keyboard and a screen reader user meets in every widget: Tab
// reaches every control in reading order, each with a name, and leaves the widget; pressing
// Step again and again keeps the focus on Step; the widget speaks one sentence per change,
// never a table; and a hostile value in any setting of the address is shown as text, never
// run as markup.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { clean, live, open, routes, start } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const widgetPages = () => routes().filter((r) => r.startsWith("widgets/"));

// What the focused element is, as a person hears it: its test id (or tag), role and name.
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { id: el?.dataset?.testid ?? el?.tagName.toLowerCase(), tab: el?.dataset?.tabOrder ?? null };
  });

describe("every widget, from the keyboard", () => {
  for (const route of widgetPages()) {
    test(`${route}: Tab visits every control in order, each with a name, then leaves`, async () => {
      const { page, problems, context } = await open(env, route);
      const widget = await live(page.locator("section.widget").first());
      // The controls a person can reach, in reading order; each gets a mark to recognise it.
      const expected = await widget.evaluate((root) => {
        const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
        const closedDetails = (el) => {
          const d = el.closest("details");
          return d && !d.open && !(el.tagName === "SUMMARY" && el.parentElement === d);
        };
        const candidates = root.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]");
        const list = [...candidates].filter((el) => el.tabIndex >= 0 && !el.disabled && visible(el) && !closedDetails(el));
        const name = (el) => {
          const by = el.getAttribute("aria-labelledby");
          const label = el.getAttribute("aria-label") ?? (by && document.getElementById(by)?.textContent);
          return (label ?? el.labels?.[0]?.textContent ?? el.textContent ?? el.getAttribute("title") ?? "").trim();
        };
        return list.map((el, i) => {
          el.dataset.tabOrder = String(i);
          return { i: String(i), tag: el.tagName.toLowerCase(), name: name(el) };
        });
      });
      assert.ok(expected.length >= 4, `${route} has ${expected.length} controls`);
      for (const c of expected) assert.notEqual(c.name, "", `control ${c.i} (${c.tag}) has a name`);
      await widget.locator('[data-tab-order="0"]').focus();
      for (let i = 1; i < expected.length; i++) {
        await page.keyboard.press("Tab");
        const now = await focused(page);
        assert.equal(now.tab, expected[i].i, `Tab ${i} should reach ${expected[i].tag} “${expected[i].name}”, reached ${now.id}`);
      }
      await page.keyboard.press("Tab");
      assert.equal(
        await widget.evaluate((root) => root.contains(document.activeElement)),
        false,
        "one more Tab leaves the widget (no trap)",
      );
      clean(problems);
      await context.close();
    });

    test(`${route}: speaks through one sentence, never a table`, async () => {
      const { page, problems, context } = await open(env, route);
      const widget = await live(page.locator("section.widget").first());
      const regions = await widget.evaluate((root) =>
        [...root.querySelectorAll("[aria-live]")].map((el) => ({ tag: el.tagName, tables: el.querySelectorAll("table, dl, ol, ul").length, text: el.textContent })),
      );
      assert.equal(regions.length, 1, `one live region, found ${JSON.stringify(regions)}`);
      assert.equal(regions[0].tag, "P");
      assert.equal(regions[0].tables, 0, "the live region holds no table or list");
      assert.ok(regions[0].text.length > 10 && regions[0].text.length < 400, `a sentence: “${regions[0].text}”`);
      clean(problems);
      await context.close();
    });

    test(`${route}: a hostile value in every setting of the address is shown as text`, async () => {
      const probe = await open(env, route);
      const keys = await probe.page.getByTestId("url-keys").locator("code").allInnerTexts();
      await probe.context.close();
      assert.ok(keys.length >= 2, `${route} lists its settings`);
      const hostile = `"><img src=x data-injected onerror="window.injected=1"><b data-injected>`;
      const query = keys.map((k) => `${k}=${encodeURIComponent(hostile)}`).join("&");
      const { page, problems, context } = await open(env, `${route}?${query}`);
      await live(page.locator("section.widget").first());
      const notice = await page.getByTestId("url-problems").innerText();
      for (const key of keys) {
        if (new RegExp(`\\b${key}\\b`).test(notice)) continue;
        // A free-text setting (mapreduce's `text`) takes any text: it must show it back verbatim, as text.
        const shown = await page.locator("section.widget textarea").evaluateAll((els, h) => els.some((e) => e.value === h), hostile);
        assert.ok(shown, `the notice names ${key}, or a text area shows its value as text`);
      }
      assert.equal(await page.locator("[data-injected]").count(), 0, "no element came from the address");
      assert.equal(await page.evaluate(() => window.injected), undefined);
      // The widget still works: a choice in its first select reaches the address.
      const select = page.locator("section.widget select").first();
      const options = await select.locator("option").evaluateAll((os) => os.map((o) => o.value));
      const current = await select.inputValue();
      const other = options.find((v) => v !== current && v !== "");
      assert.ok(other !== undefined, `${route} has a select with a choice to make`);
      const before = await page.evaluate(() => location.search);
      await select.selectOption(other);
      await page.waitForFunction((b) => location.search !== b, before);
      clean(problems);
      await context.close();
    });
  }
});

describe("stepping from the keyboard keeps the focus", () => {
  for (const [widget, query] of [
    ["cap", "preset=likes&at=0"],
    ["saga", "flow=checkout&fail=5&step=0"],
    ["dns", "preset=com-cached"],
  ]) {
    test(`${widget}: Enter, Space and Enter on Step step three times, and the focus stays on Step`, async () => {
      const { page, problems, context } = await open(env, `widgets/${widget}?${query}`);
      await live(page.locator("section.widget").first());
      const step = page.getByTestId(`${widget}-step`);
      const cursor = () => page.getByTestId(`${widget}-cursor`).getAttribute("data-value");
      const said = () => page.getByTestId(`${widget}-said`).innerText();
      assert.equal(await cursor(), "0");
      await step.focus();
      const heard = [await said()];
      for (const [n, key] of [[1, "Enter"], [2, " "], [3, "Enter"]]) {
        await page.keyboard.press(key);
        assert.equal(await cursor(), String(n), `${key} stepped`);
        assert.equal((await focused(page)).id, `${widget}-step`, `the focus is still on Step after press ${n}`);
        heard.push(await said());
      }
      assert.equal(new Set(heard).size, 4, `each step is said anew: ${heard.join(" / ")}`);
      // The widget's own keys still work from there: → steps, ← steps back.
      await page.keyboard.press("ArrowRight");
      assert.equal(await cursor(), "4");
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      assert.equal(await cursor(), "2");
      // At the end, Step says it cannot act and keeps the focus.
      await page.getByTestId(`${widget}-end`).focus();
      await page.keyboard.press("Enter");
      assert.equal(await step.getAttribute("aria-disabled"), "true");
      const end = await cursor();
      await step.focus();
      await page.keyboard.press("Enter");
      assert.equal(await cursor(), end);
      assert.equal((await focused(page)).id, `${widget}-step`);
      clean(problems);
      await context.close();
    });
  }

  test("cap: a link in the drawing and a node's Read button keep the focus when pressed", async () => {
    const { page, problems, context } = await open(env, "widgets/cap?nodes=3");
    await live(page.locator("section.widget").first());
    const link = page.getByTestId("cap-link-1-2");
    await link.focus();
    await page.keyboard.press("Enter");
    assert.match(await link.getAttribute("class"), /cut/);
    assert.equal((await focused(page)).id, "cap-link-1-2");
    assert.match(await link.getAttribute("aria-label"), /is cut; press to mend it/);
    await page.keyboard.press("Enter");
    assert.match(await link.getAttribute("class"), /up/);
    assert.equal((await focused(page)).id, "cap-link-1-2");
    await page.getByTestId("cap-read-2").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    assert.equal((await focused(page)).id, "cap-read-2");
    assert.equal(await page.getByTestId("cap-op").count(), 4, "cut, mend and two reads");
    assert.match(await page.getByTestId("cap-said").innerText(), /^Step 4 of 4: r2/);
    clean(problems);
    await context.close();
  });

  test("nines: the sentence heard is the result of the panel being used", async () => {
    const { page, problems, context } = await open(env, "widgets/nines");
    await live(page.locator("section.widget").first());
    const said = () => page.getByTestId("nines-said").innerText();
    await page.getByTestId("availability-input").fill("99.99");
    assert.match(await said(), /^99\.99 % is 4 nines, .*: 52 min 33\.6 s of downtime a year/);
    await page.getByTestId("mtbf-input").fill("1000");
    assert.match(await said(), /^Availability .*: about .* failures/);
    await page.getByTestId("mtbf-input").fill("-3");
    assert.match(await page.getByTestId("mtbf-input-message").innerText(), /\S/);
    assert.match(await said(), /^Availability /, "a bad input leaves the last result said");
    clean(problems);
    await context.close();
  });
});
