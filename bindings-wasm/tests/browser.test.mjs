// The web build in headless Chromium: a static server on loopback serves the package and the
// golden vectors; the page runs every case and the test reads the outcome.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const ROOT = new URL("../", import.meta.url);
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function serve() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://localhost").pathname;
    const file = path === "/" ? new URL("tests/browser/index.html", ROOT)
      : path === "/golden.json" ? new URL("../core/tests/data/golden.json", ROOT)
      : new URL(`.${path}`, ROOT);
    try {
      const body = await readFile(file);
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
    assert.ok(outcome.passed >= 40, `only ${outcome.passed} cases ran`);
  } finally {
    await browser.close();
    server.close();
  }
});
