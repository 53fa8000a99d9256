// The npm package as published: what the tarball holds, its metadata, the .wasm's size budget,
// the clear error before init(), and the models' lifetime (free() twice, `using`, a
// FinalizationRegistry for the forgotten ones).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import vm from "node:vm";
import cm from "./load.mjs";

const PACKAGE = new URL("../", import.meta.url);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

test("the tarball holds the package's files and nothing else", () => {
  const [report] = JSON.parse(execFileSync(NPM, ["pack", "--dry-run", "--json"], { cwd: PACKAGE, encoding: "utf8" }));
  const files = report.files.map((f) => f.path).sort();
  const snippets = files.filter((f) => f.startsWith("pkg/snippets/"));
  // wasm-bindgen puts the input layer's JS helper under a hashed folder.
  assert.deepEqual(snippets.map((f) => f.replace(/^pkg\/snippets\/[^/]+\//, "")), ["src/input.js"]);
  assert.deepEqual(files.filter((f) => !snippets.includes(f)), [
    "LICENSE-APACHE", "LICENSE-MIT", "README.md", "index.js", "load-browser.js", "load-node.js", "node.js",
    "package.json", "pkg/custometrics.d.ts", "pkg/custometrics.js", "pkg/custometrics_bg.wasm",
    "pkg/survey.d.ts", "pkg/survey.js", "pkg/survey_bg.wasm", "survey-node.js", "survey.js",
  ]);
  const licence = (f) => readFileSync(new URL(f, PACKAGE), "utf8");
  assert.equal(licence("LICENSE-MIT"), readFileSync(new URL("../LICENSE-MIT", PACKAGE), "utf8"));
  assert.match(licence("LICENSE-APACHE"), /Apache License\s+Version 2\.0/);
});

test("package.json has what a registry page and a bundler need", () => {
  const pkg = JSON.parse(readFileSync(new URL("package.json", PACKAGE), "utf8"));
  for (const key of ["description", "keywords", "homepage", "bugs", "repository", "license", "engines", "types", "exports"]) {
    assert.ok(pkg[key], `package.json lacks ${key}`);
  }
  assert.equal(pkg.license, "MIT OR Apache-2.0"); // the workspace's licence (Cargo.toml)
  assert.match(pkg.engines.node, /^>=\d/);
  // sideEffects: false would let a bundler drop the Node entry's start-up (initSync).
  assert.notEqual(pkg.sideEffects, false);
  assert.ok(pkg.sideEffects.includes("./node.js") && pkg.sideEffects.includes("./survey-node.js"));
  assert.deepEqual(Object.keys(pkg.exports["."]), ["types", "node", "default"]);
  assert.deepEqual(Object.keys(pkg.exports["./survey"]), ["types", "node", "default"]);
  for (const entry of [pkg.exports["."], pkg.exports["./survey"]]) {
    for (const file of Object.values(entry)) assert.ok(pkg.files.includes(file.slice(2)), `${file} is not packed`);
  }
});

// The size a page downloads with the usual transfer compression. The goal is 350 KB, not met:
// the build is 501.1 KiB by Node's zlib at level 9, which this test uses (a few KiB more than
// `gzip -9`; CSAT through the SIMD counting kernel for every column type and npsVersusRest added
// 6.3 KiB to 491.5, csiFromSums and servqualFromSums 3.3 KiB to 497.8; NaN and infinities read back through
// serde, with the bindings converting them to numbers, about 7 KiB more: 3.1 KiB for the
// per-field attributes and 3.9 KiB for the bindings' NativeFloats, so the budget moved from
// 500 to 510 KiB; npsChiSquare, with its chi-square tail function, 3.8 KiB to 511.4, and
// csatDifference and satisfactionRateDifference 4.1 KiB to 515.5, npsTrend 1.7 KiB to 517.2, so the
// budget moved to 520 KiB; keyDrivers, with its Jacobi eigendecomposition, subset regressions and
// bootstrap, 11 KiB to 528.2, so it moved to 530 KiB; the survey means — trustBySegment,
// csiBySegment, servqualBySegment and meanDifference, with the mean kernel read through every
// column type and four result types — 19.7 KiB more, so it moved to 550 KiB: a cost to trim,
// not yet measured piece by piece; mean, meanBySegment and meanVersusRest, with Holm's
// adjustment shared with npsVersusRest and the two sides' prefix and suffix sums, and the means' exact units, 5.9 KiB to
// 552.1, so it moved to 555 KiB; meanTrend 1.5 KiB to 553.6; disconfirmationBySegment and
// ipaBySegment, with the survey forms of disconfirmation and IPA, 7.2 KiB to 560.8 (measured
// against the build of the commit before them), so it moved by 7 KiB to 562 KiB; then the main
// entry became a cdylib crate of its own (bindings-wasm/full) linking the binding crate as an
// rlib, and the same exports came out at 487.9 KiB, so the budget is 490 KiB; typed arrays
// of every kind and mean read block by block, with MeanStream, 490.3 KiB: 491 KiB; the options
// objects checked by one body for every options type instead of one copy per type, 478.1 KiB;
// the index sorts through one function, 473.6 KiB; the survey statistics' fixes for extreme
// scales, weights and confidences, 474.0 KiB: 475 KiB; L-BFGS compiled once, for four
// parameters, instead of once per parameter count, 461.5 KiB: 462 KiB)
// (benches/README.md, "The .wasm's size", has where the bytes go: 445 KiB
// before the survey statistics' intervals, segments, weights and raking, with rand_distr's
// samplers, and the models' output checks added 41 KiB), so the budget holds the size reached
// and a change that grows it by more than a few KiB fails here.
const BUDGET_GZIP = 462 * 1024;

test(`the .wasm is at most ${BUDGET_GZIP / 1024} KB gzipped, optimised and without names`, () => {
  const wasm = readFileSync(new URL("pkg/custometrics_bg.wasm", PACKAGE));
  const gz = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gz <= BUDGET_GZIP, `${(gz / 1024).toFixed(1)} KB gzipped (${(wasm.length / 1024).toFixed(1)} KB raw)`);
  const sections = WebAssembly.Module.customSections(new WebAssembly.Module(wasm), "name");
  assert.equal(sections.length, 0, "the name section ships: wasm-opt did not run (make wasm-pkg)");
});

// The light entry custometrics/survey (the survey measures and trust alone): 137.4 KiB by
// `gzip -9` when it was added (312,743 B raw), against 507 KiB for the full module, so a page
// that needs only NPS or CSAT downloads a quarter as much; by Node's zlib 142.4 KiB with
// npsChiSquare, 149.0 with the two share differences, 150.9 with npsTrend, 166.2 with the survey
// means (trustBySegment, csiBySegment, servqualBySegment, meanDifference), 169.4 with mean,
// meanBySegment and meanVersusRest, 170.9 with meanTrend, 174.5 with disconfirmationBySegment
// (3.6 KiB; ipaBySegment stays out with the key drivers its derived importance calls), 176.1
// with the WebAssembly loops of nps/CSAT and of the satisfaction rate and the unweighted fast
// path of the means (benches/README.md: 2.3, 2.4 and 5.4 times as fast), 177.6 with every typed
// array and mean read block by block (MeanStream), 172.1 with one body checking every options
// object, 171.9 with one index sort, 172.1 with the fixes for extreme scales, weights and
// confidences. The budget holds it there.
const SURVEY_BUDGET_GZIP = 173 * 1024;

test(`the survey entry's .wasm is at most ${SURVEY_BUDGET_GZIP / 1024} KB gzipped and holds only the survey measures`, async () => {
  const wasm = readFileSync(new URL("pkg/survey_bg.wasm", PACKAGE));
  const gz = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gz <= SURVEY_BUDGET_GZIP, `${(gz / 1024).toFixed(1)} KB gzipped (${(wasm.length / 1024).toFixed(1)} KB raw)`);
  assert.equal(WebAssembly.Module.customSections(new WebAssembly.Module(wasm), "name").length, 0);
  const survey = await import("custometrics/survey");
  const names = Object.keys(survey).filter((k) => typeof survey[k] === "function");
  for (const name of names) assert.equal(typeof cm[name], "function", `${name} is not in the full entry`);
  for (const name of ["nps", "csat", "satisfactionRate", "servqual", "csi", "ipa", "trustScores", "sampleSize", "rake"]) {
    assert.ok(names.includes(name), `${name} missing from custometrics/survey`);
  }
  for (const name of ["BetaGeo", "abc", "dickBasu", "ahp", "clv"]) assert.equal(survey[name], undefined, name);
  // its own module and memory, the same answers
  const scores = Int32Array.from({ length: 1000 }, (_, i) => (i * 7) % 11);
  assert.deepEqual(survey.nps(scores), cm.nps(scores));
  assert.deepEqual(await survey.default(), await survey.default());
});

test("a function called before init() says to call init() first", async () => {
  // A fresh copy of the web-target module, as a browser has it before init(): a query string
  // makes Node load it again rather than reuse the instance the Node entry initialised.
  const fresh = await import(new URL("pkg/custometrics.js?before-init", PACKAGE).href);
  assert.throws(() => fresh.nps([10]), /not initialised yet: call `await init\(\)`/);
  assert.throws(() => new fresh.BetaGeo(1, 1, 1, 1), /call `await init\(\)`/);
  const wasm = fresh.initSync({ module: readFileSync(new URL("pkg/custometrics_bg.wasm", PACKAGE)) });
  assert.equal(fresh.nps([10, 0]).score, 0);
  assert.equal(fresh.initSync({ module: new Uint8Array() }), wasm, "a second initSync returns the module");
});

test("the Node entry's init() returns the ready module", async () => {
  const wasm = await cm.default();
  assert.ok(wasm.memory.buffer.byteLength > 0);
});

test("free() twice and dispose after free are harmless", () => {
  const m = new cm.BetaGeo(0.243, 4.414, 0.793, 2.426);
  m.free();
  m.free();
  if (Symbol.dispose) m[Symbol.dispose]();
  assert.throws(() => m.r, /null pointer/); // a freed model is unusable, and says so
});

test("`using` frees a model at the end of its block where the runtime has it", (t) => {
  assert.equal(typeof cm.BetaGeo.prototype[Symbol.dispose], "function");
  let script;
  try {
    script = new vm.Script("{ using m = new BetaGeo(0.243, 4.414, 0.793, 2.426); seen = m.r; } after = (() => { try { return m; } catch { return 'gone'; } })()");
  } catch (e) {
    t.skip(`this runtime (${process.version}) has no \`using\` declarations`);
    return;
  }
  const ctx = { BetaGeo: cm.BetaGeo, seen: null, after: null };
  script.runInNewContext(ctx);
  assert.equal(ctx.seen, 0.243);
});

test("models dropped without free() are released by the garbage collector", async () => {
  // In a child process with --expose-gc: batches of 20,000 fitted models are made and dropped;
  // after a collection the FinalizationRegistry frees them, so wasm memory stops growing.
  const child = `
    import cm from ${JSON.stringify(new URL("tests/load.mjs", PACKAGE).href)};
    const memory = (await cm.default()).memory;
    const f = [0, 1, 2, 4], r = [0, 10, 20, 30], T = [38, 38, 38, 38];
    const sizes = [];
    for (let batch = 0; batch < 8; batch++) {
      for (let i = 0; i < 20000; i++) new cm.BetaGeo(0.243, 4.414, 0.793, 2.426 + i * 1e-9).conditionalProbabilityAlive(f, r, T);
      globalThis.gc();
      await new Promise((done) => setTimeout(done, 20));
      sizes.push(memory.buffer.byteLength);
    }
    console.log(JSON.stringify(sizes));`;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", child], { encoding: "utf8" });
  const sizes = JSON.parse(out);
  assert.equal(sizes.at(-1), sizes[1], `wasm memory after each batch: ${sizes}`);
});

test("wasm memory after large calls: trustScores and nps of Float64Arrays work in blocks, and memory is reused", () => {
  // A fresh process: 2 million raters, so the four arguments and the result read whole would
  // take 80 MB of wasm memory; in blocks they take a few hundred KB, and so does nps of a
  // Float64Array. A second round of calls of the whole-array kind (nps of a plain Array) reuses
  // what the first left free instead of growing.
  const child = `
    import cm from ${JSON.stringify(new URL("tests/load.mjs", PACKAGE).href)};
    const memory = (await cm.default()).memory;
    const mb = () => memory.buffer.byteLength / 2 ** 20;
    const n = 2_000_000, ratings = () => new Float64Array(n).map((_, i) => 1 + (i % 10));
    const start = mb();
    const t = cm.trustScores(ratings(), ratings(), ratings(), ratings());
    if (t.length !== n || t[3] !== 3) throw new Error("wrong trust scores");
    const afterTrust = mb();
    if (cm.nps(new Float64Array(n).map((_, i) => i % 11)).n !== n) throw new Error("wrong nps");
    const afterBlocks = mb();
    const scores = Array.from({ length: n }, (_, i) => i % 11);
    cm.nps(scores);
    const afterNps = mb();
    for (let k = 0; k < 5; k++) cm.nps(scores);
    console.log(JSON.stringify({ start, afterTrust, afterBlocks, afterNps, again: mb() }));`;
  const m = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", child], { encoding: "utf8" }));
  assert.ok(m.afterTrust - m.start < 4, `trustScores grew wasm memory by ${m.afterTrust - m.start} MB`);
  assert.ok(m.afterBlocks - m.afterTrust < 2, `nps of a Float64Array grew wasm memory by ${m.afterBlocks - m.afterTrust} MB`);
  assert.equal(m.again, m.afterNps, `nps again grew wasm memory: ${JSON.stringify(m)}`);
});
