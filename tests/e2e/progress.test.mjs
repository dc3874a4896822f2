// End-to-end: the learner's progress, kept in this browser. A lesson marked done is marked in the
// table of contents and counted on the landing page; self-check results are kept and shown; the
// landing page's Continue link goes back to the passage being read; Export, Clear and Import
// make a round trip through a file; a file that is not a progress file is refused with a
// sentence; the buttons work from the keyboard and on a phone. Screenshots of the progress
// section and of a table of contents with marks, light and dark.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { clean, open, PHONE, SHOTS, start } from "./harness.mjs";

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

const LESSON = "replication";
// The shell is live, and the progress code too if it is on its way (it is fetched at start when
// this browser holds progress, else on first use: see progressLive).
const shellLive = (page) =>
  page.waitForFunction(() => document.documentElement.dataset.shell === "live" && document.documentElement.dataset.progressCode !== "loading");
// The progress code (a split point of its own) has arrived and done what was asked of it.
const progressLive = (page) => page.waitForFunction(() => document.documentElement.dataset.progressCode === "live");
const toc = (page) => page.getByRole("navigation", { name: "Lessons" });
const tocLink = (page, slug) => page.locator(`.toc-lesson[data-slug="${slug}"] a`);
// The lesson's link name in the table of contents, as a screen reader reads it.
const tocName = (page, slug) => tocLink(page, slug).evaluate((a) => a.textContent.replace(/\s+/g, " ").trim());
const focused = (page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
// Waits for an in-app page change to land (the shell swaps <main>).
const landed = (page, route) => page.waitForFunction((r) => document.getElementById("main")?.dataset.page === r, route);

async function goHome(page) {
  await page.getByRole("link", { name: "Tradeoffs", exact: true }).click();
  await landed(page, "");
}

describe("progress", () => {
  test("a lesson marked done is marked in the table of contents and counted on the landing page, after a reload too", async () => {
    const { page, problems, context } = await open(env, `lessons/${LESSON}`);
    await shellLive(page);
    // A first visit fetches the progress code when it is first needed (here, the focus on the
    // button scrolls the page), not before.
    assert.equal(await page.evaluate(() => document.documentElement.dataset.progressCode), undefined, "not fetched yet");
    const toggle = page.getByRole("button", { name: "Mark this lesson done" });
    // The button is at the end of the lesson, before the pager.
    const order = await page.evaluate(() => {
      const b = document.querySelector(".done-toggle");
      const pager = document.querySelector(".pager");
      return b.compareDocumentPosition(pager) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(order, "the done button comes before the pager");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    const written = Number(await page.locator(".toc-lesson[data-slug]").count());
    // Keyboard only: focus it and press Space.
    await toggle.focus();
    await page.keyboard.press("Space");
    await progressLive(page);
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.equal(await focused(page), "Mark this lesson done", "the focus stays on the button");
    assert.match(await tocName(page, LESSON), /Replication \(done\)$/);
    assert.ok(await page.locator(`.toc-lesson[data-slug="${LESSON}"]`).evaluate((li) => li.classList.contains("done")));
    // The next lesson is opened, not done: its mark differs, in words too.
    const next = (await page.locator(".pager-next").getAttribute("href")).split("/").pop();
    await page.locator(".pager-next").click();
    await landed(page, `lessons/${next}`);
    assert.notEqual(next, LESSON);
    assert.match(await tocName(page, next), /\(opened\)$/);
    assert.match(await tocName(page, LESSON), /\(done\)$/);
    const ticks = await page.evaluate(
      (slugs) => slugs.map((s) => getComputedStyle(document.querySelector(`.toc-lesson[data-slug="${s}"] a`), "::after").content),
      [LESSON, next],
    );
    assert.notEqual(ticks[0], ticks[1], "done and opened look different");
    await goHome(page);
    const note = page.getByTestId("progress-note");
    assert.equal(await note.innerText(), `2 of ${written} written lessons read, 1 marked done`);
    await page.reload();
    await shellLive(page);
    assert.equal(await note.innerText(), `2 of ${written} written lessons read, 1 marked done`);
    assert.match(await tocName(page, LESSON), /\(done\)$/);
    // Pressed again (Enter this time), the lesson is no longer done.
    await page.goto(env.url + `lessons/${LESSON}`);
    await shellLive(page);
    assert.equal(await toggle.getAttribute("aria-pressed"), "true", "the button remembers");
    await toggle.focus();
    await page.keyboard.press("Enter");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    assert.match(await tocName(page, LESSON), /\(opened\)$/);
    clean(problems);
    await context.close();
  });

  test("self-check results are kept, shown in the table of contents and on the lesson, and can be tried again", async () => {
    const { page, problems, context } = await open(env, `lessons/${LESSON}`);
    await shellLive(page);
    const quizzes = page.getByTestId("quiz");
    const total = await quizzes.count();
    assert.equal(await page.locator(`.toc-lesson[data-slug="${LESSON}"]`).getAttribute("data-checks"), String(total));
    const lag = quizzes.filter({ hasText: "display name" });
    const lost = quizzes.filter({ hasText: "acknowledges a payment" });
    // Wrong on the first try, then right: the first try counts.
    await lag.getByRole("button", { name: "Add more followers, so each has less work" }).click();
    await lag.getByRole("button", { name: /For a minute after a user changes/ }).click();
    await lost.getByRole("button", { name: /It is lost/ }).click();
    await progressLive(page);
    const score = page.locator(`.toc-lesson[data-slug="${LESSON}"] .toc-score`);
    assert.equal(await score.innerText(), `1/${total}`);
    assert.equal(await score.getAttribute("aria-hidden"), "true", "the short form is for the eye");
    assert.match(await tocName(page, LESSON), new RegExp(`\\(opened; 1 of ${total} self-checks right, 2 answered\\)$`));
    await page.reload();
    await shellLive(page);
    assert.equal(await score.innerText(), `1/${total}`);
    assert.equal(await lag.getByTestId("quiz-before").innerText(), "You answered this before: not right on the first try.");
    assert.equal(await lost.getByTestId("quiz-before").innerText(), "You answered this before: right on the first try.");
    assert.equal(await page.locator("section[data-quiz=number]").first().getByTestId("quiz-before").count(), 0, "an unanswered one says nothing");
    // Try again, from the keyboard: the self-check is fresh, the focus on its first choice.
    await lag.getByRole("button", { name: "Try again" }).focus();
    await page.keyboard.press("Enter");
    assert.equal(await lag.getByTestId("quiz-before").count(), 0);
    assert.equal(await focused(page), "Make replication synchronous to every follower");
    assert.equal(await lag.locator(".quiz-choice[aria-pressed=true]").count(), 0);
    await lag.getByRole("button", { name: /For a minute after a user changes/ }).click();
    assert.equal(await score.innerText(), `2/${total}`);
    // A prediction: typed and checked with Enter.
    const number = page.locator("section[data-quiz=number]").first();
    await number.getByRole("textbox").fill("50");
    await number.getByRole("textbox").press("Enter");
    assert.match(await number.getByTestId("quiz-verdict").innerText(), /^Right/);
    assert.equal(await score.innerText(), `3/${total}`);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("tradeoffs.progress")));
    assert.deepEqual(Object.values(stored.checks[LESSON]).sort(), ["right", "right", "right"]);
    clean(problems);
    await context.close();
  });

  test("Continue on the landing page goes back to the passage being read, also in a window of another size", async () => {
    const { page, problems, context } = await open(env, `lessons/${LESSON}`);
    await shellLive(page);
    const heading = "failover-and-split-brain";
    // Scroll so the reading line (96 px down) is 150 px into the section.
    await page.evaluate((id) => {
      const h = document.getElementById(id);
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 96 + 150);
    }, heading);
    await page.waitForFunction((id) => JSON.parse(localStorage.getItem("tradeoffs.progress") ?? "{}").last?.heading === id, heading);
    await goHome(page);
    const resume = page.getByTestId("resume");
    const number = (await tocLink(page, LESSON).locator(".toc-number").innerText()).trim();
    assert.equal(await resume.innerText(), `Continue where you left off: ${number} Replication — Failover and split brain`);
    // Not every visit goes back there: the lesson's own link opens it at the top.
    await tocLink(page, LESSON).click();
    await landed(page, `lessons/${LESSON}`);
    await page.waitForTimeout(100);
    assert.ok((await page.evaluate(() => window.scrollY)) < 5, "opened at the top");
    // The top of the lesson is now where reading stopped: scroll back to the passage first.
    await page.evaluate((id) => {
      const h = document.getElementById(id);
      window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 96 + 150);
    }, heading);
    await page.waitForTimeout(600);
    await goHome(page);
    // Keyboard: Tab to the link and press Enter.
    await page.getByTestId("resume-link").focus();
    await page.keyboard.press("Enter");
    await landed(page, `lessons/${LESSON}`);
    await page.waitForTimeout(100);
    const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, heading);
    assert.ok(Math.abs(top - (96 - 150)) < 8, `the heading is back 150 px above the reading line (top ${top})`);
    // A phone-sized window: the same passage, not the same pixel.
    await page.setViewportSize({ width: 390, height: 844 });
    await goHome(page);
    await page.getByTestId("resume-link").click();
    await landed(page, `lessons/${LESSON}`);
    await page.waitForTimeout(100);
    const where = await page.evaluate((id) => {
      const h = document.getElementById(id);
      const next = [...document.querySelectorAll(".prose h2[id], .prose h3[id]")].find((x) => h.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_FOLLOWING);
      return { top: h.getBoundingClientRect().top, next: next.getBoundingClientRect().top };
    }, heading);
    assert.ok(where.top <= 96 && where.next > 96, `the reading line is in the section (${JSON.stringify(where)})`);
    clean(problems);
    await context.close();
  });

  test("Export, Clear and Import make a round trip through a file; a file that is not one is refused", async () => {
    const { page, problems, context } = await open(env, `lessons/${LESSON}`);
    await shellLive(page);
    await page.getByRole("button", { name: "Mark this lesson done" }).click();
    await page.getByTestId("quiz").filter({ hasText: "acknowledges a payment" }).getByRole("button", { name: /It is lost/ }).click();
    await page.evaluate(() => window.scrollTo(0, document.getElementById("quorums-r-w-n").getBoundingClientRect().top + window.scrollY - 90));
    await page.waitForFunction(() => JSON.parse(localStorage.getItem("tradeoffs.progress") ?? "{}").last?.heading === "quorums-r-w-n");
    await goHome(page);
    const said = page.getByTestId("progress-said");
    assert.equal(await said.getAttribute("role"), "status");
    // Export, from the keyboard.
    await page.getByRole("button", { name: "Export to a file" }).focus();
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    assert.equal(download.suggestedFilename(), "tradeoffs-progress.json");
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, "utf8"));
    assert.equal(exported.format, "tradeoffs-progress");
    assert.equal(exported.version, 1);
    assert.deepEqual(exported.opened, [LESSON]);
    assert.deepEqual(exported.done, [LESSON]);
    assert.deepEqual(Object.values(exported.checks[LESSON]), ["right"]);
    assert.match(Object.keys(exported.checks[LESSON])[0], /^4-[0-9a-f]{8}$/, "the fourth self-check, by its number and question");
    assert.equal(exported.last.lesson, LESSON);
    assert.equal(exported.last.heading, "quorums-r-w-n");
    assert.match(await said.innerText(), /^Saved tradeoffs-progress.json: 1 lesson opened, 1 marked done and 1 self-check result\.$/);
    const before = { note: await page.getByTestId("progress-note").innerText(), resume: await page.getByTestId("resume").innerText(), toc: await tocName(page, LESSON) };

    // Clear asks first; Escape (or Keep) keeps everything and gives the focus back.
    const clear = page.getByRole("button", { name: "Clear my progress…" });
    const confirm = page.getByTestId("progress-confirm");
    await clear.focus();
    await page.keyboard.press("Enter");
    assert.ok(await confirm.isVisible());
    assert.equal(await clear.getAttribute("aria-expanded"), "true");
    assert.equal(await focused(page), "Keep", "the focus is on the safe choice");
    assert.equal(await confirm.getAttribute("role"), "group");
    await page.keyboard.press("Escape");
    assert.ok(!(await confirm.isVisible()));
    assert.equal(await focused(page), "Clear my progress…");
    assert.equal(await page.getByTestId("progress-note").innerText(), before.note, "nothing was cleared");
    // Now for real: Enter, Shift+Tab to "Clear", Enter.
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    assert.equal(await focused(page), "Clear");
    await page.keyboard.press("Enter");
    assert.equal(await said.innerText(), "Your progress was cleared: every lesson shows as new.");
    assert.equal(await focused(page), "Clear my progress…");
    assert.ok(!(await confirm.isVisible()));
    const written = await page.locator(".toc-lesson[data-slug]").count();
    assert.equal(await page.getByTestId("progress-note").innerText(), `0 of ${written} written lessons read, 0 marked done`);
    assert.equal(await page.locator(".toc-lesson.read, .toc-lesson.done").count(), 0);
    assert.equal(await tocName(page, LESSON), `${(await tocLink(page, LESSON).locator(".toc-number").innerText()).trim()} Replication`);
    assert.ok(await page.getByTestId("resume").isHidden());
    assert.deepEqual(await page.evaluate(() => [localStorage.getItem("tradeoffs.read"), localStorage.getItem("tradeoffs.progress")]), [null, null]);
    await page.reload();
    await shellLive(page);
    assert.equal(await page.locator(".toc-lesson.read, .toc-lesson.done").count(), 0, "still new after a reload");

    // Import the file through the button: everything is back.
    const importButton = page.getByRole("button", { name: "Import a file…" });
    let [chooser] = await Promise.all([page.waitForEvent("filechooser"), importButton.click()]);
    await chooser.setFiles(file);
    await page.waitForFunction(() => /^Imported/.test(document.querySelector("[data-testid=progress-said]").textContent));
    assert.match(await said.innerText(), /merged with the progress already in this browser, which now has 1 lesson opened, 1 marked done and 1 self-check result\.$/);
    assert.deepEqual(
      { note: await page.getByTestId("progress-note").innerText(), resume: await page.getByTestId("resume").innerText(), toc: await tocName(page, LESSON) },
      before,
    );
    const [again] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export to a file" }).click()]);
    assert.deepEqual(JSON.parse(readFileSync(await again.path(), "utf8")), exported, "the round trip loses nothing");

    // Files that are not progress files change nothing and say why.
    const refused = async (name, content, message) => {
      [chooser] = await Promise.all([page.waitForEvent("filechooser"), importButton.click()]);
      await chooser.setFiles({ name, mimeType: "application/json", buffer: Buffer.from(content) });
      await page.waitForFunction((m) => document.querySelector("[data-testid=progress-said]").textContent.includes(m), message);
      assert.equal(await page.getByTestId("progress-note").innerText(), before.note);
    };
    await refused("notes.txt", "Remember: replication lag!", "Nothing was imported. This file is not a Tradeoffs progress file.");
    await refused("other.json", '{"format": "something-else", "version": 1}', "not a Tradeoffs progress file");
    await refused("future.json", '{"format": "tradeoffs-progress", "version": 2}', "cannot read (version 2)");
    await refused("binary.json", Buffer.from([0xff, 0xfe, 0x00, 0x7b]), "not a Tradeoffs progress file");
    // A file with some bad entries: the good ones come in, the rest are counted.
    [chooser] = await Promise.all([page.waitForEvent("filechooser"), importButton.click()]);
    await chooser.setFiles({
      name: "mixed.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ format: "tradeoffs-progress", version: 1, opened: ["caching", "<script>alert(1)</script>"], done: [42] })),
    });
    await page.waitForFunction(() => document.querySelector("[data-testid=progress-said]").textContent.includes("2 entries"));
    assert.match(await tocName(page, "caching"), /\(opened\)$/);
    assert.equal(await page.locator("script:not([src])").evaluateAll((s) => s.filter((x) => x.textContent.includes("alert")).length), 0);
    clean(problems);
    await context.close();
  });

  test("what this browser saved before is still read, and an unreadable progress value is reset with a notice", async () => {
    const { page, problems, context } = await open(env, null);
    await context.addInitScript(() => {
      if (sessionStorage.getItem("planted")) return;
      sessionStorage.setItem("planted", "1");
      localStorage.setItem("tradeoffs.read", "apis,cdns");
      localStorage.setItem("tradeoffs.progress", '{"format": "tradeoffs-progress", "version": 1, "done": ["cdns", "Bad Name"]}');
    });
    await page.goto(env.url);
    await shellLive(page);
    assert.equal(await page.getByTestId("site-notice").count(), 0, "bad entries inside a readable value are the app's to skip");
    assert.match(await tocName(page, "apis"), /\(opened\)$/);
    assert.match(await tocName(page, "cdns"), /\(done\)$/);
    await page.evaluate(() => localStorage.setItem("tradeoffs.progress", '{"format": "tradeoffs-progress", "version": 1, "done": ["cdns"]'));
    await page.reload();
    await shellLive(page);
    const notice = page.getByTestId("site-notice");
    assert.equal(await notice.count(), 1);
    assert.match(await notice.innerText(), /lessons done, self-check results and reading place could not be read and were reset/);
    assert.match(await tocName(page, "apis"), /\(opened\)$/, "the lessons opened are kept");
    assert.match(await tocName(page, "cdns"), /\(opened\)$/);
    assert.equal(await page.evaluate(() => localStorage.getItem("tradeoffs.progress")), null);
    clean(problems);
    await context.close();
  });

  for (const theme of ["light", "dark"]) {
    test(`the progress section and the marks, ${theme}, at desktop and phone width`, async () => {
      for (const [width, options] of [
        [1280, {}],
        [390, PHONE],
      ]) {
        const { page, problems, context } = await open(env, null, { ...options, colorScheme: theme });
        await context.addInitScript(() => {
          localStorage.setItem("tradeoffs.read", "apis,caching,cdns,load-balancers,replication");
          localStorage.setItem(
            "tradeoffs.progress",
            JSON.stringify({
              format: "tradeoffs-progress",
              version: 1,
              done: ["apis", "cdns"],
              checks: { replication: {}, cdns: {} },
              last: { lesson: "replication", heading: "replication-lag-and-what-it-breaks", title: "Replication lag and what it breaks", offset: 0.3 },
            }),
          );
        });
        await page.goto(env.url + `lessons/${LESSON}`);
        await shellLive(page);
        // Two self-check results, from the page's own ids.
        const lost = page.getByTestId("quiz").filter({ hasText: "acknowledges a payment" });
        await lost.getByRole("button", { name: /It is lost/ }).click();
        const lag = page.getByTestId("quiz").filter({ hasText: "display name" });
        await lag.getByRole("button", { name: /Add more followers/ }).click();
        if (width === 390) {
          await page.getByRole("button", { name: "Table of contents" }).click();
          await page.waitForTimeout(300);
        }
        await page.locator(`.toc-lesson[data-slug="${LESSON}"]`).scrollIntoViewIfNeeded();
        await page.locator("#sidebar").screenshot({ path: `${SHOTS}/progress-toc-${theme}-${width}.png` });
        if (width === 390) await page.getByRole("button", { name: "Table of contents" }).click();
        await page.getByRole("button", { name: "Mark this lesson done" }).scrollIntoViewIfNeeded();
        await page.locator(".lesson-done").screenshot({ path: `${SHOTS}/progress-done-${theme}-${width}.png` });
        await lag.screenshot({ path: `${SHOTS}/progress-quiz-${theme}-${width}.png` });
        await page.goto(env.url);
        await shellLive(page);
        assert.ok(await page.getByTestId("resume").isVisible());
        await page.getByRole("button", { name: "Clear my progress…" }).click();
        const panel = page.getByTestId("progress-panel");
        await panel.scrollIntoViewIfNeeded();
        await panel.screenshot({ path: `${SHOTS}/progress-panel-${theme}-${width}.png` });
        await page.getByTestId("resume").screenshot({ path: `${SHOTS}/progress-resume-${theme}-${width}.png` });
        // Nothing wider than the screen; every button is big enough to hit.
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scroll");
        for (const b of await panel.getByRole("button").all()) {
          const box = await b.boundingBox();
          assert.ok(box.height >= 24 && box.x >= 0 && box.x + box.width <= width, `${await b.innerText()}: ${JSON.stringify(box)}`);
        }
        clean(problems);
        await context.close();
      }
    });
  }
});
