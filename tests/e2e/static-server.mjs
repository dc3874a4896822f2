// A plain static file server with the behaviour of common static hosts (GitHub Pages,
// Netlify, Cloudflare Pages): it serves dist/ under a base path, answers `/x` with `x.html`
// or `x/index.html` when they exist, and otherwise answers 404 with the site's 404.html.
// It has no single-page-app fallback of its own: deep links must work through 404.html.
// Like those hosts it compresses text and wasm with gzip when the browser accepts it, and like
// Netlify and Cloudflare Pages it sends the headers `_headers` gives for a path (`/x/*` rules),
// every matching rule's, a header given twice with its values joined.
//
//   node tests/e2e/static-server.mjs [--dir dist] [--base /tradeoffs/] [--port 8090]
// Exported for the tests as `serve({ dir, base, port })`, resolving to { url, close }.

import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
};

async function isFile(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

// `_headers`: a path pattern on its own line (`*` matches anything), then indented
// `Name: value` lines. Returns [{ pattern: RegExp, headers: { name: value } }].
export function readHeaderRules(text) {
  const rules = [];
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const glob = line.trim().replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
      rules.push({ pattern: new RegExp(`^${glob}$`), headers: {} });
    } else if (rules.length) {
      const at = line.indexOf(":");
      rules.at(-1).headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
  }
  return rules;
}

export function serve({ dir = "dist", base = "/", port = 0, host = "127.0.0.1" } = {}) {
  const root = resolve(dir);
  let rules = [];
  try {
    rules = readHeaderRules(readFileSync(join(root, "_headers"), "utf8"));
  } catch {
    // No `_headers`: a development build.
  }
  const prefix = base.endsWith("/") ? base : base + "/";
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400, { "content-type": "text/plain" });
      return res.end("bad request");
    }
    let status = 200;
    let file = null;
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { location: prefix });
      return res.end();
    }
    if (path.startsWith(prefix)) {
      const rel = normalize(path.slice(prefix.length)).replace(/^(\.\.(\/|$))+/, "");
      const candidate = join(root, rel);
      if (candidate.startsWith(root)) {
        for (const c of [candidate, candidate + ".html", join(candidate, "index.html")]) {
          if (await isFile(c)) {
            file = c;
            break;
          }
        }
      }
    }
    if (!file) {
      status = 404;
      file = join(root, "404.html");
      if (!(await isFile(file))) {
        res.writeHead(404, { "content-type": "text/plain" });
        return res.end("not found");
      }
    }
    let body = await readFile(file);
    const type = TYPES[extname(file)] || "application/octet-stream";
    const headers = { "content-type": type, vary: "accept-encoding" };
    // Like Cloudflare Pages, a path gets the headers of every rule it matches, and a header
    // two rules give gets both values, joined with a comma (for a Content-Security-Policy: two
    // policies, both enforced).
    const given = new Set();
    for (const rule of rules) {
      if (!rule.pattern.test(path)) continue;
      for (const [name, value] of Object.entries(rule.headers)) {
        headers[name] = given.has(name) ? `${headers[name]}, ${value}` : value;
        given.add(name);
      }
    }
    if (/\bgzip\b/.test(req.headers["accept-encoding"] ?? "") && (type.startsWith("text/") || /wasm|json|svg/.test(type))) {
      body = gzipSync(body, { level: 6 });
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(status, headers);
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((ok) =>
    server.listen(port, host, () => {
      const { port: p } = server.address();
      // Closing drops open keep-alive connections too: after close() nothing is served.
      ok({
        url: `http://${host}:${p}${prefix}`,
        close: () =>
          new Promise((done) => {
            server.close(done);
            server.closeAllConnections();
          }),
      });
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await serve({ dir: arg("--dir", "dist"), base: arg("--base", "/"), port: Number(arg("--port", "8090")) });
  console.log(`serving ${arg("--dir", "dist")} at ${url}`);
}
