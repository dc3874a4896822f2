// The site's one script of its own beside the app (tools/site.mjs fills in BASE and OFFLINE and
// puts it first in every page's head, so that it runs before the app starts):
// - what this browser saved for the site (the theme, the lessons read, the rest of the progress)
//   that cannot be read is reset before the app reads it, keeping every lesson it could read,
//   with a notice;
// - when the app's WebAssembly stops (a Rust panic, or any other trap), a panel says so and
//   offers to reload, instead of a page whose controls silently stopped answering;
// - in release builds it registers the service worker (tools/sw.js) and, when a new build has
//   been fetched while this page runs the old one, says so with a button that switches to it.
// Markup here is constant; the only variable texts (an address, an error) go in as text.
(() => {
  const BASE = "__BASE__";
  const OFFLINE = __OFFLINE__;
  const element = (html) => {
    const holder = document.createElement("div");
    holder.innerHTML = html;
    return holder.firstElementChild;
  };
  // A notice at the foot of the screen; its button closes it, or does `act`.
  const notice = (text, id, button = "Dismiss", act) => {
    const stack = document.querySelector(".site-notices") ?? document.body.appendChild(element('<div class="site-notices"></div>'));
    const note = element(`<div class="site-notice" role="status" data-testid="${id}"><p>${text}</p><button type="button" class="site-notice-close">${button}</button></div>`);
    note.querySelector("button").onclick = act ?? (() => note.remove());
    stack.append(note);
  };

  try {
    const theme = localStorage.getItem("tradeoffs.theme");
    if (theme !== null && !["light", "dark", "projector"].includes(theme)) {
      localStorage.removeItem("tradeoffs.theme");
      notice("Your saved colour theme could not be read and was reset.", "site-notice");
    }
    const items = (localStorage.getItem("tradeoffs.read") ?? "").split(",").filter(Boolean);
    const lesson = (s) => /^[a-z0-9-]{1,100}$/.test(s);
    if (items.length > 1000 || !items.every(lesson)) {
      localStorage.setItem("tradeoffs.read", [...new Set(items.filter(lesson))].slice(0, 1000).sort().join(","));
      notice("Some of your saved reading progress could not be read and was reset; the lessons it could read stay marked.", "site-notice");
    }
    // The rest of the progress (lessons done, self-check results, where reading stopped): reset
    // when it is not the format at all, by the same rule as the core's reader
    // (tradeoffs_core::progress: at most 1,000,000 bytes, JSON, an object naming the format and
    // version 1). Entries inside it are the core's to check: it keeps what it can read.
    const stored = localStorage.getItem("tradeoffs.progress");
    if (stored !== null) {
      let value = null;
      try {
        value = new TextEncoder().encode(stored).length <= 1000000 ? JSON.parse(stored) : null;
      } catch {}
      if (!value || typeof value !== "object" || Array.isArray(value) || value.format !== "tradeoffs-progress" || value.version !== 1) {
        localStorage.removeItem("tradeoffs.progress");
        notice("Your saved lessons done, self-check results and reading place could not be read and were reset.", "site-notice");
      }
    }
  } catch {
    // No storage (a private window may refuse it): nothing to check.
  }

  let crashed = false;
  const crash = (error) => {
    if (crashed || !(error instanceof WebAssembly.RuntimeError)) return;
    crashed = true;
    const panel = element(
      '<div class="crash" role="alert" data-testid="crash"><p><strong>Something went wrong.</strong> The widgets on this page stopped answering. Your reading progress is saved.</p><p><a class="crash-reload" data-testid="crash-reload">Reload the page</a></p><details><summary>What happened</summary><pre></pre></details></div>',
    );
    const link = panel.querySelector("a");
    link.href = location.href;
    panel.querySelector("pre").textContent = `${error}\n(The browser's console has the details.)`;
    document.body.append(panel);
    link.focus();
  };
  addEventListener("error", (e) => crash(e.error));
  addEventListener("unhandledrejection", (e) => crash(e.reason));

  if (!OFFLINE || !navigator.serviceWorker) return;
  let reloading = false;
  // Only a page that asked for the new build reloads (the first install takes over quietly).
  navigator.serviceWorker.oncontrollerchange = () => reloading && location.reload();
  addEventListener("load", async () => {
    const registration = await navigator.serviceWorker.register(`${BASE}sw.js`, { scope: BASE }).catch(() => null);
    const waiting = (worker) =>
      worker &&
      navigator.serviceWorker.controller &&
      notice("A new version of Tradeoffs is ready.", "update-notice", "Reload", () => {
        reloading = true;
        worker.postMessage("activate");
      });
    if (!registration) return;
    waiting(registration.waiting);
    registration.onupdatefound = () => {
      const worker = registration.installing;
      worker.onstatechange = () => worker.state === "installed" && waiting(worker);
    };
  });
})();
