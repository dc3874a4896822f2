// Writes every page of the site into Trunk's shell. Run by tools/trunk-hook.sh.
//
//   node tools/site.mjs SITE STAGING PUBLIC_URL [PROFILE]
//
// SITE holds the pages build.rs rendered (index.html, lessons/<slug>.html, widgets.html,
// widgets/<id>.html, embed/<id>.html, 404.html), each a few header lines (title, description, preload) then a
// blank line and the page's body. STAGING is Trunk's staging folder, whose index.html is the
// shell: its head (styles, the app's script and preloads). For each page this writes the shell
// with the page's title and description, preloads for the chunks of the widgets in its first
// screen, and its body, with every link from the site root put under PUBLIC_URL. It also
// writes wasm-chunks.json: for each chunked part of the app (each widget, the self-checks),
// the files its first use fetches, own chunk first. In release builds every page carries the
// site's Content Security Policy (`csp` below), and `_headers` says the same to hosts that read
// one, with what a meta tag cannot say. The search index (search-index.txt beside the pages)
// is copied under a name that changes with its content, named in every page's head
// (`<meta name="search-index">`).

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const [site, staging, publicUrl = "/", profile = "debug"] = process.argv.slice(2);
if (!site || !staging) {
  console.error("usage: node tools/site.mjs SITE STAGING PUBLIC_URL [PROFILE]");
  process.exit(2);
}
const base = publicUrl.endsWith("/") ? publicUrl : `${publicUrl}/`;

// The chunks each split point needs, read from the loader wasm-split-cli wrote.
function chunkManifest() {
  const loader = readdirSync(staging).find((f) => /^__wasm_split(-[0-9a-f]+)?\.js$/.test(f));
  if (!loader) return { loader: null, parts: {} };
  const text = readFileSync(join(staging, loader), "utf8");
  const files = {};
  const parts = {};
  // `const __chunk_7 = makeLoad(() => { const src = fetch(new URL("./chunk_7-….wasm", …`
  for (const m of text.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)) {
    files[m[1]] = m[2];
  }
  // `const __chunk_9 = __chunk_7;`: a chunk merged into another (tools/merge-chunks.mjs).
  for (const m of text.matchAll(/const (__chunk_\d+) = (__chunk_\d+);/g)) {
    files[m[1]] = files[m[2]];
  }
  // `export const __wasm_split_load_nines = wrapAsyncCb(makeLoad(() => { … "./split_nines-….wasm" … }, [__chunk_7, …]));`
  const load = /export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)\);/g;
  for (const m of text.matchAll(load)) {
    const deps = m[3].split(",").map((d) => d.trim()).filter(Boolean).map((d) => files[d]);
    if (deps.some((d) => !d)) throw new Error(`site.mjs: ${m[1]} needs a chunk the loader does not define`);
    parts[m[1].replace(/_/g, "-")] = [m[2], ...new Set(deps)];
  }
  if (Object.keys(parts).length === 0) throw new Error(`site.mjs: no split points found in ${loader}`);
  return { loader, parts };
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const shell = readFileSync(join(staging, "index.html"), "utf8");
const { loader, parts } = chunkManifest();
const escapeAttr = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

// The shell's head without what each page sets itself. (Trunk minifies the shell in release
// builds: attributes may be unquoted and in any order.)
const headEnd = shell.search(/<body[\s>]/i);
if (headEnd < 0) throw new Error("site.mjs: the shell has no <body>");
let head = shell
  .slice(0, headEnd)
  .replace(/<\/head>\s*$/i, "")
  .replace(/<title>[^<]*<\/title>/i, "")
  .replace(/<meta\b[^>]*\bname=["']?description["']?[^>]*>/i, "")
  // The base path goes on <body data-base>: a <base> element would make the lessons'
  // relative links and #anchors resolve against the site root without JavaScript.
  .replace(/<base\b[^>]*>/i, "");
if (loader) head += `<link rel="modulepreload" href="${base}${loader}" crossorigin>`;
// What Trunk put in the shell's body (in `trunk serve`, the live-reload script) goes at the end
// of every page's body.
const tail = [...shell.slice(headEnd).matchAll(/<script\b[\s\S]*?<\/script>/gi)].map((m) => m[0]).join("");

// The Content Security Policy: nothing from another origin, no inline script but the two the
// head holds (the theme, applied before the first paint, and Trunk's start-up module), allowed
// by their hashes; no inline style at all (a view sizes things with attributes or the CSSOM,
// never a style attribute). WebAssembly needs 'wasm-unsafe-eval' to compile; data: images are
// the canvas's. Development builds go without (the live-reload script talks to its own socket).
function policy(head) {
  const hashes = [...head.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc=/i.test(m[1]) && m[2].trim())
    .map((m) => `'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}
const release = profile === "release";
// The site's own script (tools/site-script.js: the panel when the WebAssembly stops and, in
// release builds, the service worker's registration), named by content and first in the head,
// so that it runs before the app starts. Release builds are installable: a web app manifest.
{
  const script = readFileSync(new URL("./site-script.js", import.meta.url), "utf8")
    .replaceAll("__BASE__", base)
    .replace("__OFFLINE__", String(release));
  const name = `site-${createHash("sha256").update(script).digest("hex").slice(0, 16)}.js`;
  writeFileSync(join(staging, name), script);
  let extra = `<script src="${base}${name}" defer></script>`;
  if (release) {
    const icon = readdirSync(staging).find((f) => /^favicon(-[0-9a-f]+)?\.svg$/.test(f));
    const manifest = {
      name: "Tradeoffs: learn system design by touching it",
      short_name: "Tradeoffs",
      description: "An explorable guide to system design, with live widgets.",
      start_url: base,
      scope: base,
      display: "standalone",
      background_color: "#ffffff",
      theme_color: "#1d4ed8",
      icons: icon ? [{ src: `${base}${icon}`, sizes: "any", type: "image/svg+xml", purpose: "any" }] : [],
    };
    writeFileSync(join(staging, "manifest.webmanifest"), JSON.stringify(manifest, null, 1) + "\n");
    extra += `<link rel="manifest" href="${base}manifest.webmanifest">`;
  }
  head = head.replace(/(<meta charset=["']?utf-8["']?\s*\/?>)/i, `$1${extra}`);
  if (!head.includes(name)) throw new Error("site.mjs: the shell has no <meta charset> to put the site's script after");
}
// The search index build.rs wrote beside the pages, named by its content (a browser never
// mixes an index cached from one build with another) and named in every page's head, where
// search reads it when first opened.
{
  const index = readFileSync(join(site, "search-index.txt"));
  const name = `search-${createHash("sha256").update(index).digest("hex").slice(0, 16)}.txt`;
  writeFileSync(join(staging, name), index);
  head += `<meta name="search-index" content="${base}${name}">`;
}
const csp = release ? policy(head) : null;
if (csp) {
  // First in the head, before anything it governs.
  head = head.replace(/(<meta charset=["']?utf-8["']?\s*\/?>)/i, `$1<meta http-equiv="Content-Security-Policy" content="${csp}">`);
  if (!head.includes("Content-Security-Policy")) throw new Error("site.mjs: the shell has no <meta charset> to put the policy after");
  writeFileSync(join(staging, "_headers"), headerRules(csp, walk(site).map((p) => relative(site, p).split("\\").join("/"))));
}

// `_headers`, for hosts that read one (Netlify, Cloudflare Pages): the policy as a header too,
// with what only a header can say, who may frame a page. No other site may frame a page of the
// site (`frame-ancestors 'none'`), but any site may frame an embed (`embed/<id>`: no
// frame-ancestors, the rest of the policy as strict).
// The rules must not overlap on a header: a request that matches several rules gets the headers
// of all of them, and the values of a header given twice are joined with a comma
// (https://developers.cloudflare.com/pages/configuration/headers/: "An incoming request which
// matches multiple rules' URL patterns will inherit all rules' headers"; "If a header is
// applied twice in the _headers file, the values are joined with a comma separator"). Two
// policies joined by a comma are two policies, both enforced, so a site-wide `/*` rule with
// frame-ancestors 'none' would keep every embed out of every frame. Hence: the headers every
// file gets under `/*`, and the policy under rules that name the pages' own paths (a folder of
// pages as `folder/*`, a page as its path with and without `.html`), one rule a path.
// (An address the site does not have is answered with the not-found page and only its meta
// policy: nothing there to be framed for.)
function headerRules(policy, pages) {
  const paths = new Map();
  for (const file of [...pages, "sw.js"]) {
    const slash = file.indexOf("/");
    if (slash >= 0) {
      paths.set(`${base}${file.slice(0, slash)}/*`, file.slice(0, slash) === "embed");
    } else if (file === "index.html") {
      for (const p of [base, `${base}index.html`, `${base}index`]) paths.set(p, false);
    } else if (file.endsWith(".html")) {
      for (const p of [`${base}${file}`, `${base}${file.slice(0, -".html".length)}`]) paths.set(p, false);
    } else {
      paths.set(`${base}${file}`, false);
    }
  }
  let rules = `# Every file.\n${base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n`;
  rules += "# The policy, on each page's path: no two rules match one path (see tools/site.mjs).\n";
  for (const [path, embed] of [...paths].sort()) {
    rules += `${path}\n  Content-Security-Policy: ${policy}${embed ? "" : "; frame-ancestors 'none'"}\n`;
  }
  return rules;
}

const pages = walk(site).filter((f) => f.endsWith(".html"));
for (const path of pages) {
  const file = relative(site, path).split("\\").join("/");
  const text = readFileSync(path, "utf8");
  const split = text.indexOf("\n\n");
  const header = Object.fromEntries(
    text
      .slice(0, split)
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)]),
  );
  // Links the page writes from the site root move under the public URL; the lessons' own
  // links are relative and stay (the Markdown renderer refuses root-relative ones).
  const body = text.slice(split + 2).replace(/ (href|src)="\//g, ` $1="${base}`);
  const preloads = (header.preload ?? "")
    .split(" ")
    .filter(Boolean)
    .flatMap((id) => {
      if (!loader) return [];
      if (!parts[id]) throw new Error(`site.mjs: ${file} preloads ${id}, which has no chunk`);
      return parts[id];
    })
    .map((f) => `<link rel="preload" href="${base}${f}" as="fetch" type="application/wasm" crossorigin>`)
    .join("");
  const html =
    `${head}<title>${header.title}</title><meta name="description" content="${header.description}">${preloads}</head>` +
    `<body data-base="${escapeAttr(base.slice(0, -1))}">${body}${tail}</body></html>\n`;
  mkdirSync(dirname(join(staging, file)), { recursive: true });
  writeFileSync(join(staging, file), html);
}
writeFileSync(join(staging, "wasm-chunks.json"), JSON.stringify(parts, null, 1) + "\n");

// The service worker: every file of this build (pages, scripts, styles, wasm, pictures) under
// a version named by their names and the pages' contents.
if (release) {
  const files = walk(staging)
    .map((f) => relative(staging, f).split("\\").join("/"))
    .filter((f) => !["_headers", "sw.js", "wasm-chunks.json"].includes(f) && !f.startsWith("."))
    .sort();
  const version = createHash("sha256");
  for (const f of files) version.update(f).update(f.endsWith(".html") ? readFileSync(join(staging, f)) : "");
  const worker = readFileSync(new URL("./sw.js", import.meta.url), "utf8")
    .replace("__VERSION__", version.digest("hex").slice(0, 16))
    .replace("__BASE__", base)
    .replace("__FILES__", JSON.stringify(files.map((f) => base + f)));
  writeFileSync(join(staging, "sw.js"), worker);
}
console.error(`site.mjs: ${pages.length} pages under ${base}${loader ? `, ${Object.keys(parts).length} chunked parts` : ""}`);
