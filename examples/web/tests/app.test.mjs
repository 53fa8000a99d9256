// The built dashboard in headless Chromium (Debian's, driven by playwright-core): it loads the
// sample data and must show the numbers the Rust example report computes from the same files,
// report bad files by row and column without losing the page, keep the page responsive while a
// large log is fitted in the worker, and work offline once loaded.
//
// Inputs (make web-test sets them): APP_DIST, the built app (dist/); REPORT_JSON, the output of
// `cargo run -p custometrics-examples --example report -- --json` of this checkout, produced in
// the same run; SCREENSHOT, where the screenshot of the loaded dashboard goes (a build output).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";

const DIST = resolve(process.env.APP_DIST ?? new URL("../dist", import.meta.url).pathname);
const REPORT = process.env.REPORT_JSON;
// Never beside the sources: examples/web/dashboard.png is the README's, made on purpose.
const SCREENSHOT = process.env.SCREENSHOT ?? join(tmpdir(), "custometrics-dashboard.png");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".csv": "text/csv" };

// The BG/NBD and Gamma-Gamma fits, and what is computed from their parameters, agree between the
// native report and WebAssembly to about 1e-12 relative, not to the bit (measured: e.g. BG/NBD
// `a` 3.544521131988621 native against 3.544521131986292 in Chromium): some step of the fit rounds
// differently on the two targets. Those figures are compared to 1e-9 relative; every other figure
// must be the same number, or the same exact decimal string for money.
const FITTED = /^(bgnbd|gammaGamma|palive|clv)\./;

let server;
let browser;

function serve() {
  const s = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = resolve(DIST, `.${path}`);
    try {
      if (!file.startsWith(DIST)) throw new Error("outside");
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s)));
}

before(async () => {
  assert.ok(existsSync(resolve(DIST, "index.html")), `no built app at ${DIST}: make web-build builds it`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: make setup installs Debian's chromium`);
  server = await serve();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

const url = () => `http://127.0.0.1:${server.address().port}/`;

async function open(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  await page.goto(url());
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  return { page, problems };
}

async function loadSample(page) {
  await page.click("#sample");
  await page.waitForSelector("#economics:not([hidden]) .num", { timeout: 60_000 });
  await page.waitForSelector("body[data-busy=false]", { timeout: 60_000 });
}

const figures = (page) => page.$$eval("[data-key]", (els) => Object.fromEntries(els.map((e) => [e.dataset.key, { value: e.dataset.value, text: e.textContent }])));

test("the sample data give the Rust report's numbers", async (t) => {
  if (REPORT === undefined) {
    t.skip("REPORT_JSON is not set: make web-test runs the report and sets it");
    return;
  }
  const report = JSON.parse(readFileSync(REPORT, "utf8"));
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await open(context);
  await loadSample(page);
  const shown = await figures(page);
  assert.deepEqual(problems, []);
  assert.equal(await page.$eval("#errors", (e) => e.hidden), true);

  // Every figure of the report is on the page, and the page shows no figure the report lacks.
  assert.deepEqual(Object.keys(shown).sort(), Object.keys(report).sort());
  assert.ok(Object.keys(report).length > 100, "the report names its figures");
  let fitted = 0;
  for (const [key, expected] of Object.entries(report)) {
    const got = shown[key].value;
    if (typeof expected === "number" && FITTED.test(key) && !Number.isInteger(expected)) {
      fitted += 1;
      const rel = Math.abs(Number(got) - expected) / Math.abs(expected);
      assert.ok(rel <= 1e-9, `${key}: page ${got}, report ${expected} (relative difference ${rel})`);
    } else if (typeof expected === "number") {
      assert.equal(Number(got), expected, `${key}: page ${got}, report ${expected}`);
    } else {
      assert.equal(got, String(expected), `${key}: page ${got}, report ${expected}`);
    }
  }
  assert.ok(fitted < 20, `${fitted} figures compared with a tolerance`);

  // What a person reads is the value, rounded as the report prints it.
  assert.equal(shown["nps.score"].text, report["nps.score"].toFixed(1));
  assert.equal(shown["csat.percent"].text, `${report["csat.percent"].toFixed(1)} %`);
  assert.equal(shown["gini"].text, report["gini"].toFixed(3));
  assert.equal(shown["servqual.weighted"].text, report["servqual.weighted"].toFixed(3));
  assert.equal(shown["economics.margin"].text, report["economics.margin"]);
  assert.match(report["economics.clv"], /^\d+\.\d{10,}$/, "money keeps its exact digits");
  assert.equal(shown["economics.clv"].text, Number(report["economics.clv"]).toFixed(2));

  // Every chart is drawn with axes.
  for (const id of ["chart-nps", "chart-ipa", "chart-servqual", "chart-trust", "chart-lorenz", "chart-rfm", "chart-alive", "chart-clv"]) {
    const ticks = await page.$$eval(`#${id} svg .axis .tick`, (els) => els.length);
    assert.ok(ticks >= 4, `${id} has ${ticks} axis ticks`);
  }
  await page.waitForSelector("#chart-alive svg image.raster[href]");
  const grid = await page.$eval("#chart-alive svg image.raster", (e) => [Number(e.dataset.rows), Number(e.dataset.cols), e.getAttribute("href")?.slice(0, 22)]);
  assert.deepEqual(grid, [report["palive.gridRows"], report["palive.gridCols"], "data:image/png;base64,"]);

  // A setting recomputes the economics in exact money.
  await page.fill("input[name=marginPercent]", "40");
  await page.dispatchEvent("#settings", "change");
  await page.waitForFunction((m) => document.querySelector("[data-key='economics.margin']").dataset.value !== m, report["economics.margin"]);
  await page.waitForSelector("body[data-busy=false]");
  const margin = await page.$eval("[data-key='economics.margin']", (e) => e.dataset.value);
  assert.match(margin, /^\d+\.\d\d$/);
  assert.ok(Number(margin) > Number(report["economics.margin"]));
  await page.fill("input[name=marginPercent]", "30");
  await page.dispatchEvent("#settings", "change");
  await page.waitForFunction((m) => document.querySelector("[data-key='economics.margin']").dataset.value === m, report["economics.margin"]);

  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  await context.close();
});

test("bad files get a message naming the row and column, and the page stays", async () => {
  const context = await browser.newContext();
  const { page, problems } = await open(context);
  await loadSample(page);
  const file = (name, text) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
  await page.setInputFiles("#file", [
    file("bad-survey.csv", "nps,csat,overall\n9,4,8\n7,5,9\n11,4,7\n"),
    file("bad-trust.csv", "credibility,reliability,intimacy,self_orientation\n7,8,abc,3\n"),
    file("bad-transactions.csv", "customer_id,date,amount\nA,2025-01-02,10.00\nB,2025-02-30,12.50\n"),
    file("ragged.csv", "customer_id,date,amount\nA,2025-01-02\n"),
    file("unknown.csv", "x,y\n1,2\n"),
    file("short.csv", "customer_id,date,amount\nA,2025-01-02,10.00\nA,2025-01-09,12.00\nB,2025-01-03,5.00\nC,2025-01-05,7.00\nD,2025-01-06,8.00\nE,2025-01-07,9.00\nF,2025-01-08,3.50\n"),
    file("tiny.csv", "customer_id,date,amount\nA,2025-01-02,10.00\nB,2025-01-09,12.00\n"),
  ]);
  await page.waitForSelector("#errors:not([hidden])");
  await page.waitForSelector("body[data-busy=false]");
  const messages = await page.$$eval("#errors p", (ps) => ps.map((p) => p.textContent));
  assert.equal(messages.length, 7, messages.join("\n"));
  // The library's own message (field, index, value), placed in the file.
  assert.match(messages[0], /^bad-survey\.csv, row 4, column nps: scores\[2\] = 11 is outside the NPS scale/);
  assert.equal(messages[1], 'bad-trust.csv, row 2, column intimacy: "abc" is not a number');
  assert.equal(messages[2], 'bad-transactions.csv, row 3, column date: "2025-02-30" is not a date YYYY-MM-DD');
  assert.equal(messages[3], "ragged.csv, row 2: 2 cells, but the header has 3 columns");
  assert.match(messages[4], /^unknown\.csv, row 1: the columns do not match a file the dashboard reads/);
  // A log of a few weeks has tiers but no yearly retention: said so, and the tiers are shown.
  assert.equal(messages[5], "short.csv: the retention economics need purchases both in the last 12 months of the log and before them");
  assert.equal(messages[6], "tiny.csv: values has 2 element(s); at least 3 needed");
  assert.equal(await page.$eval("[data-key='customers.n']", (e) => e.dataset.value), "6");
  assert.equal(await page.$eval("#economics", (e) => e.hidden), true, "no economics of an earlier file");
  // The sample's survey figures are still there, and the short log's tiers.
  assert.equal(await page.$eval("#customers", (e) => e.hidden), false);
  assert.ok(await page.$("[data-key='nps.score']"));
  assert.ok(await page.$("[data-key='trust.bestLever']"));
  assert.deepEqual(problems, []);
  await context.close();
});

/**
 * A seeded transaction log of `customers` customers over two years, bought the way the BG/NBD
 * model describes (a purchase rate and a dropout chance of each customer's own): about five
 * purchases each.
 */
function largeLog(customers) {
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const lines = ["customer_id,date,amount"];
  const start = Date.UTC(2024, 0, 1);
  for (let c = 0; c < customers; c++) {
    const rate = 0.012 * Math.exp(0.8 * normal());
    const dropout = 0.08 + 0.25 * rand() ** 2;
    const spend = 42 * Math.exp(0.45 * normal());
    for (let t = rand() * 366; t < 731; t += -Math.log(1 - rand()) / rate) {
      const day = new Date(start + Math.floor(t) * 86_400_000).toISOString().slice(0, 10);
      lines.push(`K${c},${day},${Math.max(1, spend * Math.exp(0.3 * normal())).toFixed(2)}`);
      if (rand() < dropout) break;
    }
  }
  return lines;
}

test("a large log is fitted in the worker while the page stays responsive", async () => {
  const lines = largeLog(40_000);
  const context = await browser.newContext();
  const { page, problems } = await open(context);
  // The longest gap between animation frames while the worker reads, summarises and fits.
  await page.evaluate(() => {
    window.__gap = 0;
    let last = performance.now();
    const tick = (now) => {
      window.__gap = Math.max(window.__gap, now - last);
      last = now;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  // From a file on disk, as a person picks it: Chromium reads it in the browser process (a buffer
  // handed over by the test would be copied through the page's main thread).
  const dir = mkdtempSync(join(tmpdir(), "custometrics-web-"));
  const path = join(dir, "large.csv");
  writeFileSync(path, lines.join("\n"));
  const t0 = Date.now();
  await page.setInputFiles("#file", path);
  await page.waitForSelector("#models:not([hidden])", { timeout: 120_000 });
  await page.waitForSelector("body[data-busy=false]", { timeout: 120_000 });
  const gap = await page.evaluate(() => { window.__stop = true; return window.__gap; });
  rmSync(dir, { recursive: true });
  const seconds = (Date.now() - t0) / 1000;
  const n = await page.$eval("[data-key='customers.n']", (e) => Number(e.dataset.value));
  assert.equal(n, 40_000);
  assert.equal(await page.$eval("[data-key='customers.transactions']", (e) => Number(e.dataset.value)), lines.length - 1);
  assert.equal(await page.$$eval("[data-failed]", (els) => els.length), 0, "the models were fitted");
  // Drawing the results takes a frame or two (about 0.15 s for the P(alive) grid); reading,
  // summarising and fitting must not block the page.
  assert.ok(gap < 1000, `the page froze for ${gap.toFixed(0)} ms (whole run ${seconds.toFixed(1)} s)`);
  assert.deepEqual(problems, []);
  console.log(`# large log: ${seconds.toFixed(1)} s, longest frame gap ${gap.toFixed(0)} ms`);
  await context.close();
});

test("the dashboard works offline once loaded", async () => {
  const context = await browser.newContext();
  const { page } = await open(context);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  await loadSample(page);
  assert.equal(await page.$eval("[data-key='customers.n']", (e) => e.dataset.value), "500");
  await context.close();
});
