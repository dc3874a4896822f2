// The system's Chromium, driven by playwright-core, as every browser-side tool here launches
// it: the end-to-end tests, the budget check and the benchmarks. CHROMIUM overrides the binary.

import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

export function chromiumPath() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`]).toString().trim();
    } catch {
      // Try the next name.
    }
  }
  throw new Error("no Chromium found: run `make test`, which installs it");
}

// Headless, with nothing that would reach for the network on its own.
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
