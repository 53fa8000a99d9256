// Every plain function of the package, called with hostile input from a seeded generator: the
// outcome is a finite result or a CustometricsError — never another error, a NaN or an infinity in
// a result (or a money string that is not a number), nor a long stall.
//
// The calls are the golden cases' (golden-cases.mjs maps each golden function to its JS call, and
// golden.test.mjs checks that every export has a case); each starts from a case's valid arguments
// and damages one to three positions: an extreme or non-finite number, a huge or negative
// integer, a string, null, an object; an element of an array likewise; a whole array scaled
// towards the ends of the f64 range. The fitted models' classes have their own tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import cm from "./load.mjs";
import { CALLS, casesOf, dataFiles, decode } from "./golden-cases.mjs";

const DATA = new URL("../../core/tests/data/", import.meta.url);
const FILES = readdirSync(DATA).filter((f) => /^golden.*\.json$/.test(f)).sort();
const CASES = FILES.flatMap((f) => casesOf(f, JSON.parse(readFileSync(new URL(f, DATA), "utf8"))));
const TEXTS = Object.fromEntries([...new Set(CASES.flatMap(dataFiles))].map((f) => [f, readFileSync(new URL(f, DATA), "utf8")]));
// Plain functions (module.function); Class.method cases are the models'.
const FUNCTIONS = [...new Set(CASES.map((c) => c.function))].filter((f) => f.split(".").length === 2).sort();
const SEEDS = Object.fromEntries(FUNCTIONS.map((f) => [f, CASES.filter((c) => c.function === f).map((c) => c.args)]));
// Per function; the Makefile's CI seed fixes the draw under CI, a local run explores new ones.
const EXAMPLES = 60;
const SEED = Number(process.env.ADVERSARIAL_SEED ?? process.env.PROPTEST_RNG_SEED ?? Date.now() % 2 ** 31);
const SLOW_MS = 5000;
// Results that may hold an infinity by their documented meaning.
const MAY_BE_INFINITE = new Set(["satisfaction.sample_size:nInfinite"]);

// mulberry32: a small seeded generator (public-domain algorithm by Tommy Ettinger).
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [0, -0, 1, -1, 0.5, 2, 10, 100, 1e-300, 5e-324, -5e-324, 1e308, -1e308, Number.MAX_VALUE,
  -Number.MAX_VALUE, 0.9999999999999999, 1e-16, 1e16, 2 ** 53, 2 ** 53 + 2, 2 ** 32, 1e12, 1e30, -(2 ** 63)];
const NON_FINITE = [NaN, Infinity, -Infinity];
const OTHER = ["", "x", "1", "end", "nan", "1e-28", "1e29", null, undefined, true, {}, [], [[]], 1n];

function damage(rand, args) {
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const positions = (root) => {
    const paths = [];
    const walk = (v, path) => {
      if (path.length) paths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === "object" && !("file" in v)) Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
    };
    walk(root, []);
    return paths;
  };
  const get = (v, path) => path.reduce((o, k) => o[k], v);
  const set = (v, path, x) => {
    if (!path.length) return x;
    const [k, ...rest] = path;
    const copy = Array.isArray(v) ? [...v] : { ...v };
    copy[k] = set(v[k], rest, x);
    return copy;
  };
  const scale = (v, f) => (typeof v === "number" ? v * f : Array.isArray(v) ? v.map((x) => scale(x, f)) : v);
  let retyped = false;
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const paths = positions(args);
    if (!paths.length) break;
    const path = pick(paths);
    const old = get(args, path);
    if (rand() < 0.3) {
      args = set(args, path, scale(old, pick([1e300, 1e-300, -1, 1e154])));
    } else {
      const r = rand();
      const x = r < 0.6 ? pick(NUMBERS) : r < 0.75 ? pick(NON_FINITE) : pick(OTHER);
      if (typeof x !== typeof old || Array.isArray(x) !== Array.isArray(old) || x === null || old === null) retyped = true;
      args = set(args, path, x);
    }
  }
  return { args, retyped };
}

// Every string in the arguments: labels and ids come back as the caller wrote them, and a label
// "nan" is the caller's text, not a number the library computed.
const strings = (v) => (typeof v === "string" ? [v] : v && typeof v === "object" ? Object.values(v).flatMap(strings) : []);

function nonFinite(v, where, at = "result", out = [], allowNaN = false, given = new Set()) {
  const ok = (x) => Number.isFinite(x) || (allowNaN && Number.isNaN(x));
  if (typeof v === "number") {
    if (!ok(v) && !MAY_BE_INFINITE.has(`${where}:${at.split(".").pop()}`)) out.push([at, v]);
  } else if (typeof v === "string") {
    if (/^-?(NaN|Infinity|inf)$/i.test(v) && !given.has(v)) out.push([at, v]);
  } else if (ArrayBuffer.isView(v)) {
    for (let i = 0; i < Math.min(v.length, 10000); i++) if (typeof v[i] === "number" && !ok(v[i])) out.push([`${at}[${i}]`, v[i]]);
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => nonFinite(x, where, `${at}[${i}]`, out, allowNaN, given));
  } else if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) nonFinite(x, where, `${at}.${k}`, out, allowNaN, given);
  }
  return out;
}

function check(fn, args, retyped) {
  const call = CALLS[fn];
  const start = performance.now();
  let result;
  try {
    result = call(cm, decode(args, TEXTS));
  } catch (e) {
    if (e instanceof Error && e.name === "CustometricsError") return;
    // JS's own refusal of a value of another type (wasm-bindgen's argument checks): accepted only
    // when a damage changed a type.
    if (e instanceof TypeError && retyped) return;
    assert.fail(`${fn}(${show(args)}) threw ${e?.name}: ${e?.message ?? e}`);
  } finally {
    const took = performance.now() - start;
    assert.ok(took < SLOW_MS, `${fn}(${show(args)}) took ${took.toFixed(0)} ms`);
  }
  // Under nan_policy "omit" or "propagate" a NaN in a result is the answer asked for.
  const policy = args && typeof args === "object" ? args.nan_policy ?? "raise" : "raise";
  const bad = nonFinite(result, fn, "result", [], policy !== "raise", new Set(strings(args)));
  assert.deepEqual(bad.slice(0, 5), [], `${fn}(${show(args)}) returned non-finite values`);
}

const show = (a) => JSON.stringify(a, (_, v) => (typeof v === "bigint" ? `${v}n` : Number.isFinite(v) || typeof v !== "number" ? v : String(v)));

test("every plain golden function has a JS call", () => {
  assert.ok(FUNCTIONS.length > 40, `${FUNCTIONS.length}`);
  assert.deepEqual(FUNCTIONS.filter((f) => !CALLS[f]), []);
});

for (const fn of FUNCTIONS) {
  test(`hostile input to ${fn}: a finite result or a CustometricsError (seed ${SEED})`, () => {
    for (const args of SEEDS[fn]) check(fn, args, false);
    const rand = generator(SEED ^ [...fn].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
    for (let k = 0; k < EXAMPLES; k++) {
      const { args, retyped } = damage(rand, SEEDS[fn][Math.floor(rand() * SEEDS[fn].length)]);
      check(fn, args, retyped);
    }
  });
}
