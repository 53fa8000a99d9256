// The web build in headless Chromium: a static server on loopback serves the package and the
// golden vectors (every core/tests/data/golden*.json, listed at /golden/index.json, and the CSV
// files their cases read); the page runs every case and the test reads the outcome.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { NOT_BOUND } from "./golden-cases.mjs";

const ROOT = new URL("../", import.meta.url);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Every golden file; the page fetches this list from /golden/index.json.
const DATA = new URL("../core/tests/data/", ROOT);
const GOLDEN = readdirSync(DATA).filter((f) => /^golden.*\.json$/.test(f) && !(f in NOT_BOUND)).sort();
const CSV = readdirSync(DATA).filter((f) => f.endsWith(".csv"));
const CASES = GOLDEN.reduce((n, f) => n + JSON.parse(readFileSync(new URL(f, DATA), "utf8")).cases.length, 0);

function serve() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://localhost").pathname;
    const golden = /^\/golden\/([\w.-]+)$/.exec(path)?.[1];
    const file = path === "/" ? new URL("tests/browser/index.html", ROOT)
      : golden !== undefined && (GOLDEN.includes(golden) || CSV.includes(golden)) ? new URL(golden, DATA)
      : new URL(`.${path}`, ROOT);
    try {
      const body = path === "/golden/index.json" ? JSON.stringify(GOLDEN) : await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.slice(path.lastIndexOf("."))] ?? "text/html" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("golden vectors pass in headless Chromium", async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: make test installs Debian's chromium`);
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__golden !== undefined, null, { timeout: 30_000 });
    const outcome = await page.evaluate(() => window.__golden);
    assert.deepEqual(errors, []);
    assert.deepEqual(outcome.failures, []);
    assert.deepEqual(outcome.files, GOLDEN);
    assert.equal(outcome.passed, CASES, `${outcome.passed} of ${CASES} cases passed`);
  } finally {
    await browser.close();
    server.close();
  }
});
