// End-to-end: the mapreduce widget, on its own page, in lesson 7.5 and on a phone. Expected
// figures come from a plain word count written here: the text cut at every character that is
// neither alphabetic nor numeric (Unicode's properties), each piece lower-cased; pairs are the
// words, keys the distinct words, the top word the most frequent (the first in code-point order
// on a tie). Whatever the mappers, reducers and failing mapper, those three never change.

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

function count(text) {
  const words = text.split(/[^\p{Alphabetic}\p{N}]+/u).filter((w) => w !== "").map((w) => w.toLowerCase());
  const counts = new Map();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  let top = "";
  let best = 0;
  for (const [w, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (c > best) [top, best] = [w, c];
  }
  return { pairs: String(words.length), keys: String(counts.size), top: best ? `${top}:${best}` : "" };
}

async function figures(scope) {
  return { pairs: await valueOf(scope, "mr-pairs"), keys: await valueOf(scope, "mr-keys"), top: await valueOf(scope, "mr-top") };
}

const HAMLET = "To be, or not to be, that is the question.";

describe("the mapreduce widget", () => {
  test("counts the words whatever the job, re-runs a failed mapper, and keeps it all in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/mapreduce");
    await page.getByTestId("mr-pairs").waitFor();
    assert.deepEqual(await figures(page), count(HAMLET));
    assert.deepEqual(count(HAMLET), { pairs: "10", keys: "8", top: "be:2" });
    // Every job shape gives the same counts.
    for (const [mappers, reducers, fail] of [["1", "1", "none"], ["8", "3", "5"], ["2", "8", "2"]]) {
      await page.getByTestId("mr-mappers-select").selectOption(mappers);
      await page.getByTestId("mr-reducers-select").selectOption(reducers);
      await page.getByTestId("mr-fail-select").selectOption(fail);
      await page.waitForFunction((r) => document.querySelectorAll("[data-testid^='mr-reducer-']").length === Number(r), reducers);
      assert.deepEqual(await figures(page), count(HAMLET), `${mappers} mappers, ${reducers} reducers, failing ${fail}`);
    }
    // Mapper 2 of 2 fails: its split is words 6–10 (be that is the question); it lost ⌊5 / 2⌋ = 2.
    assert.equal(await expectValue(page, "mr-lost", "2"), "2");
    assert.match(await page.getByTestId("mr-said").innerText(), /Mapper 2 failed once and was run again; the counts are the same\.$/);
    await page.waitForFunction(() => location.search.includes("fail=2") && location.search.includes("reducers=8"));
    // A text of our own, typed: non-ASCII words, digits and markup.
    const text = "Grüße, GRÜSSE? <b>Ωμέγα</b> ωμέγα 42 & 42… naïve NAÏVE naïve";
    const area = page.getByTestId("mr-text-input");
    await area.fill(text);
    const want = count(text);
    assert.equal(await expectValue(page, "mr-pairs", want.pairs), want.pairs);
    assert.deepEqual(await figures(page), want);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "mr-text-input", "the text area keeps the focus");
    await page.waitForFunction(() => new URLSearchParams(location.search).get("text")?.startsWith("Grüße"));
    await page.reload();
    await page.getByTestId("mr-pairs").waitFor();
    assert.deepEqual(await figures(page), want, "after a refresh");
    assert.equal(await page.getByTestId("mr-text-input").inputValue(), text);
    // Too long: a message, the last counts kept.
    await page.getByTestId("mr-text-input").fill("x ".repeat(1001));
    assert.match(await page.getByTestId("mr-text-input-message").innerText(), /at most 2,000 characters/);
    assert.deepEqual(await figures(page), want);
    await shot(page, "mapreduce-standalone", true);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 7.5, twice: Hamlet, then the failure", async () => {
    const { page, problems, context } = await open(env, "lessons/big-data");
    const first = await live(page.locator("section.widget-mapreduce").first());
    assert.deepEqual(await figures(first), { pairs: "10", keys: "8", top: "be:2" });
    const second = await live(page.locator("section.widget-mapreduce").nth(1));
    assert.equal(await valueOf(second, "mr-lost"), "1");
    assert.deepEqual(await figures(second), { pairs: "10", keys: "8", top: "be:2" });
    // The first self-check: Dickens.
    await first.getByTestId("mr-preset-select").selectOption("dickens");
    assert.equal(await expectValue(first, "mr-pairs", "24"), "24");
    assert.deepEqual(await figures(first), { pairs: "24", keys: "10", top: "it:4" });
    await first.getByTestId("mr-mappers-select").selectOption("1");
    assert.equal(await expectValue(first, "mr-combined", "10"), "10", "the second self-check");
    await shot(page, "lesson-7-5-widget");
    clean(problems);
    await context.close();
  });

  for (const colorScheme of ["light", "dark"]) {
    test(`fits a phone screen (${colorScheme})`, async () => {
      const { page, problems, context } = await open(env, "widgets/mapreduce?preset=failure&mappers=8&reducers=8&fail=2", { ...PHONE, colorScheme });
      await page.getByTestId("mr-pairs").waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
      await shot(page, `mapreduce-phone-${colorScheme}`, true);
      clean(problems);
      await context.close();
    });
  }
});
