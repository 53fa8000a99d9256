// The package as users get it: `npm pack` into a scratch directory, the tarball installed into
// the consumer project tests/bundlers/ (its bundlers are installed once by `make`, pinned by its
// package-lock.json), and a tiny app built with Vite, webpack (web and node targets) and esbuild
// (browser, node ESM and node CommonJS). The Node builds run under Node, the browser builds in
// headless Chromium, `require()` runs from a CommonJS file; each must compute the NPS of the
// README's eight answers: 4 promoters, 2 detractors, (4 − 2) / 8 = 25 points.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const PACKAGE = new URL("../", import.meta.url).pathname;
const CONSUMER = new URL("./bundlers/", import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function expectNps(r, where) {
  assert.equal(r.score, 25, `${where}: ${JSON.stringify(r)}`);
  assert.deepEqual([r.promoters, r.passives, r.detractors, r.n], [4, 2, 2, 8], where);
}

before(() => {
  assert.ok(existsSync(join(CONSUMER, "node_modules/vite")),
    "the consumer's bundlers are not installed: `make js-test` installs them (npm ci in tests/bundlers)");
  const scratch = mkdtempSync(join(tmpdir(), "custometrics-pack-"));
  try {
    const [{ filename }] = JSON.parse(execFileSync(NPM, ["pack", "--json", "--pack-destination", scratch],
      { cwd: PACKAGE, encoding: "utf8" }));
    // --no-save: the consumer's package.json and lock stay as committed (bundlers only).
    execFileSync(NPM, ["install", "--no-save", "--no-audit", "--no-fund", "--offline", join(scratch, filename)],
      { cwd: CONSUMER, stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  execFileSync(process.execPath, ["build.mjs"], { cwd: CONSUMER, stdio: ["ignore", "ignore", "inherit"] });
});

test("the installed package is the tarball's, not the source tree", () => {
  const installed = join(CONSUMER, "node_modules/custometrics");
  assert.ok(existsSync(join(installed, "pkg/custometrics_bg.wasm")));
  assert.ok(!existsSync(join(installed, "tests")), "tests/ must not ship");
  assert.ok(!existsSync(join(installed, "src")), "the Rust sources must not ship");
});

for (const [name, file] of [
  ["webpack (target node)", "dist/webpack-node/main.cjs"],
  ["esbuild (platform node, ESM)", "dist/esbuild-node/main.mjs"],
  ["esbuild (platform node, CommonJS)", "dist/esbuild-node-cjs/main.cjs"],
  ["require() from CommonJS, unbundled", "src/require.cjs"],
  ["esbuild (platform node, ESM) on custometrics/survey", "dist/esbuild-survey-node/main.mjs"],
]) {
  test(`${name} runs under Node`, () => {
    const out = execFileSync(process.execPath, [file], { cwd: CONSUMER, encoding: "utf8" });
    expectNps(JSON.parse(out), name);
  });
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

function serve(root) {
  const server = createServer((req, res) => {
    let path = new URL(req.url, "http://localhost").pathname;
    if (path.endsWith("/")) path += "index.html";
    try {
      const body = readFileSync(join(root, path.replace(/\.\.+/g, "")));
      res.writeHead(200, { "content-type": TYPES[path.slice(path.lastIndexOf("."))] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("a page on custometrics/survey ships only the survey module", () => {
  const dir = join(CONSUMER, "dist/webpack-survey");
  const wasm = readdirSync(dir).filter((f) => f.endsWith(".wasm"));
  assert.equal(wasm.length, 1, wasm.join(", "));
  const size = statSync(join(dir, wasm[0])).size;
  assert.equal(size, statSync(join(PACKAGE, "pkg/survey_bg.wasm")).size, "the survey module, not the full one");
});

test("Vite, webpack (target web) and esbuild (platform browser) builds, and webpack on custometrics/survey, run in headless Chromium", async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: make test installs Debian's chromium`);
  const server = await serve(join(CONSUMER, "dist"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    for (const app of ["vite", "webpack-web", "esbuild-browser", "webpack-survey"]) {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("requestfailed", (r) => errors.push(`${r.url()}: ${r.failure()?.errorText}`));
      page.on("response", (r) => { if (r.status() >= 400) errors.push(`${r.url()}: HTTP ${r.status()}`); });
      await page.goto(`http://127.0.0.1:${server.address().port}/${app}/`);
      await page.waitForFunction(() => window.__outcome !== undefined, null, { timeout: 30_000 });
      const outcome = await page.evaluate(() => window.__outcome);
      assert.deepEqual(errors, [], app);
      assert.equal(outcome.error, undefined, `${app}: ${outcome.error}`);
      expectNps(outcome.nps, app);
      if (outcome.beforeInit !== undefined) {
        assert.match(outcome.beforeInit, /call `await init\(\)`/, `${app}: a call before init()`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
