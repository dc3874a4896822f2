// End-to-end: the index widget, on its own page, in lesson 6.3 and on a phone. Expected figures
// are worked here from the definitions the widget states: a page holds ⌊page / row⌋ rows, a full
// scan reads ⌈rows / that⌉ pages; an index page holds ⌊page / (2 × key)⌋ entries (fan-out F); the
// tree's height is the least h with Fʰ ≥ rows; a lookup reads h + 1 pages.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { becomes, clean, live, open, PHONE, shot, start, valueOf } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

function expected(rows, rowBytes, pageBytes, keyBytes) {
  const perPage = Math.floor(pageBytes / rowBytes);
  const fanOut = Math.floor(pageBytes / (2 * keyBytes));
  let height = 1;
  while (fanOut ** height < rows) height++;
  return { scan: Math.ceil(rows / perPage), fanOut, height, lookup: height + 1 };
}

describe("the index widget", () => {
  test("counts the pages of a scan and of a lookup, grows a level with the rows, and keeps it in the address", async () => {
    const { page, problems, context } = await open(env, "widgets/index?preset=postgres");
    await page.getByTestId("scan-pages").waitFor();
    const pg = expected(1e8, 200, 8192, 8);
    assert.equal(Number(await valueOf(page, "scan-pages")), pg.scan);
    assert.equal(Number(await valueOf(page, "index-height")), pg.height);
    assert.equal(Number(await valueOf(page, "index-pages")), pg.lookup);
    assert.equal(await page.getByTestId("index-pages").innerText(), "4 pages");
    assert.equal(await page.getByTestId("index-table").locator("tbody tr").count(), pg.height + 4, "a row per level, the table, two lookups, an insert");
    // Ten billion rows: one more level, a hundred times the scan.
    const input = page.getByTestId("rows-input");
    await input.fill("10B");
    const big = expected(1e10, 200, 8192, 8);
    await becomes(page, "index-height", big.height);
    await becomes(page, "scan-pages", big.scan);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "rows-input", "the field keeps the focus");
    assert.match(await page.getByTestId("index-said").innerText(), /^Full scan: 250,000,000 pages\. Through the index: 4 levels and the table page, 5 pages\./);
    await page.waitForFunction(() => location.search.includes("rows=10000000000"));
    assert.equal(await page.getByTestId("index-preset-select").inputValue(), "", "no longer the scenario");
    // Five indexes, picked with the keyboard: an insert changes six pages.
    await page.getByTestId("indexes-select").selectOption("5");
    await becomes(page, "write-pages", 6);
    await page.waitForFunction(() => location.search.includes("indexes=5"));
    await page.reload();
    await page.getByTestId("scan-pages").waitFor();
    assert.equal(Number(await valueOf(page, "index-height")), big.height, "after a refresh");
    assert.equal(Number(await valueOf(page, "write-pages")), 6);
    await shot(page, "index-standalone", true);
    clean(problems);
    await context.close();
  });

  test("refuses what cannot be, with a message, and keeps the last good figures", async () => {
    const { page, problems, context } = await open(env, "widgets/index?preset=innodb");
    await page.getByTestId("scan-pages").waitFor();
    const innodb = expected(1e8, 200, 16384, 8);
    assert.equal(Number(await valueOf(page, "scan-pages")), innodb.scan);
    for (const [id, bad] of [["row-bytes-input", "20000"], ["page-bytes-input", "100"], ["key-bytes-input", "5000"], ["rows-input", "lots"]]) {
      await page.getByTestId(id).fill(bad);
      assert.notEqual(await page.getByTestId(`${id}-message`).innerText(), "", `a message for ${id} = “${bad}”`);
      assert.equal(Number(await valueOf(page, "scan-pages")), innodb.scan);
    }
    // Keys of 1,024 B in 16 KiB pages: 8 entries a page, 8⁹ ≥ 10⁸ > 8⁸: 9 levels.
    await page.getByTestId("key-bytes-input").fill("1024");
    await becomes(page, "index-height", expected(1e8, 200, 16384, 1024).height);
    clean(problems);
    await context.close();
  });

  test("sits in lesson 6.3 with the PostgreSQL scenario", async () => {
    const { page, problems, context } = await open(env, "lessons/indexing");
    const widget = await live(page.locator("section.widget-index").first());
    assert.equal(Number(await valueOf(widget, "index-height")), 3);
    assert.equal(Number(await valueOf(widget, "index-pages")), 4);
    await widget.getByTestId("rows-input").fill("1e9");
    await becomes(widget, "index-height", 4);
    await shot(page, "lesson-6-3-widget");
    clean(problems);
    await context.close();
  });

  test("fits a phone screen", async () => {
    const { page, problems, context } = await open(env, "widgets/index?preset=billion", PHONE);
    await page.getByTestId("scan-pages").waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling (page is ${width}px wide)`);
    await shot(page, "index-phone", true);
    clean(problems);
    await context.close();
  });
});
