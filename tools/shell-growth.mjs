// Checks that adding a widget costs the shell nothing worth counting: compares the shell of
// the site with the shell of the same site built with a throwaway widget (the probe-widget
// feature), and makes sure the probe's code went into a chunk of its own (so the check
// cannot pass because the probe was left out).
//
//   node tools/shell-growth.mjs SITE_DIST PROBE_DIST
// Exits 1 when the shell grew by more than GROWTH bytes (gzip) or the probe has no chunk.

import { gzFile, kb, shellSize, splitPoints } from "./sizes.mjs";

// A new widget adds its id, a branch where the shell dispatches to the widgets, and its entry
// in the chunk loader: about 300 bytes. The throwaway widget's URL parser alone is over 1 KB,
// so a shell that reached it (as it would reach every widget's) grows by more than this.
export const GROWTH = 600;
const PROBE_CHUNK = 3000;

const [site, probe] = process.argv.slice(2);
const before = shellSize(site);
const after = shellSize(probe);
const probeFiles = splitPoints(probe).probe ?? [];
const own = probeFiles.length ? gzFile(probe, probeFiles[0]) : 0;
console.log(`Shell growth when a widget is added (a throwaway widget built in):`);
console.log(`  shell ${kb(before).trim()} KB → ${kb(after).trim()} KB: ${after - before >= 0 ? "+" : ""}${after - before} B (at most ${GROWTH} B)`);
console.log(`  the throwaway widget's own chunk: ${kb(own).trim()} KB (at least ${kb(PROBE_CHUNK).trim()} KB, or it was not built)`);
const failures = [];
if (after - before > GROWTH) failures.push(`the shell grew by ${after - before} B when a widget was added: widget code reached the shell`);
if (own < PROBE_CHUNK) failures.push("the throwaway widget has no chunk of its own: the check measured nothing");
for (const f of failures) console.log(`  FAILED: ${f}`);
process.exit(failures.length ? 1 : 0);
