// The shared golden vectors (every core/tests/data/golden*.json) through the JS API under Node,
// and the check that every export of the package has a golden case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import cm from "./load.mjs";
import * as survey from "custometrics/survey";
import { NOT_BOUND, casesOf, dataFiles, jsNames, runCase } from "./golden-cases.mjs";

const DATA = new URL("../../core/tests/data/", import.meta.url);
const FILES = readdirSync(DATA).filter((f) => /^golden.*\.json$/.test(f) && !(f in NOT_BOUND)).sort();
const DOCS = Object.fromEntries(FILES.map((f) => [f, JSON.parse(readFileSync(new URL(f, DATA), "utf8"))]));
const CASES = FILES.flatMap((f) => casesOf(f, DOCS[f]));
const TEXTS = Object.fromEntries([...new Set(CASES.flatMap(dataFiles))].map((f) => [f, readFileSync(new URL(f, DATA), "utf8")]));

test("every golden file is read", () => {
  assert.ok(FILES.includes("golden.json") && FILES.includes("golden_retention.json"), FILES.join(", "));
});

test("every golden file repeats one set of conventions", () => {
  const [first, ...rest] = FILES.map((f) => DOCS[f].conventions);
  assert.ok(first && typeof first === "object");
  for (const c of rest) assert.deepEqual(c, first);
});

for (const c of CASES) {
  test(`${c.file}: ${c.name}`, () => runCase(cm, c, TEXTS));
}

// The light entry custometrics/survey gives the same answers and errors for its functions (the
// survey measures and trust), from its own smaller module.
// Key drivers are left out of it (their eigendecomposition, subset regressions and bootstrap
// weigh about 8 KiB gzipped there), and with them ipaBySegment, whose derived importance calls them.
const NOT_IN_SURVEY = new Set(["satisfaction.key_drivers", "satisfaction.ipa_survey"]);
const inSurvey = (f) => /^(satisfaction|trust)\./.test(f) && !NOT_IN_SURVEY.has(f);
test("the survey entry has a golden case for every area it holds", () => {
  assert.ok(CASES.filter((c) => inSurvey(c.function)).length >= 50);
});
for (const c of CASES.filter((c) => inSurvey(c.function))) {
  test(`custometrics/survey: ${c.file}: ${c.name}`, () => runCase(survey, c, TEXTS));
}

// Exports without a golden case, each with the reason. Keep it short: prefer a case.
const EXEMPT = {
  default: "init(): loads the module (a no-op under Node), computes nothing",
  initSync: "loads the module from bytes, computes nothing",
  standardSegmentMap: "returns the default RFM segment map, the data every rfm_segments case without a map uses",
  orientationInstrument: "returns the shipped 40-item form as data (orientation's default); assessment.test.mjs "
    + "checks that it round-trips through orientation and renders in both languages",
  jonesSasserQuadrants: "folds jonesSasser's class codes into quadrants (Python: JonesSasser.quadrants(), a method of "
    + "the result); the jones_sasser cases give the classes, tiers.test.mjs checks the folding and its error",
  optionDefaults: "returns the core's option defaults as data, computes nothing; options.test.mjs compares the "
    + "declarations' stated defaults with it",
};
// Members every class has that compute nothing: wasm-bindgen's memory handling and JSON.stringify.
const PLUMBING = new Set(["constructor", "free", "toJSON"]);
const isClass = (v) => typeof v === "function" && /^class\b/.test(Function.prototype.toString.call(v));

/** "name" of every exported function, "Class" and "Class.method" of every class's methods. */
function exported() {
  const out = [];
  for (const [name, v] of Object.entries(cm)) {
    if (typeof v !== "function") continue;
    if (!isClass(v)) {
      out.push(name);
      continue;
    }
    out.push(name);
    const methods = (o) => Object.entries(Object.getOwnPropertyDescriptors(o))
      .filter(([k, d]) => typeof d.value === "function" && !k.startsWith("__") && !PLUMBING.has(k)).map(([k]) => k);
    for (const m of [...methods(v.prototype), ...methods(v).filter((k) => !["length", "name", "prototype"].includes(k))]) {
      out.push(`${name}.${m}`);
    }
  }
  return out;
}

test("every export has a golden case", () => {
  const covered = new Set();
  for (const c of CASES) {
    for (const n of jsNames(c)) covered.add(n);
    const [, cls, method] = c.function.split(".");
    if (method && method !== "fit") covered.add(cls); // the case builds the model with its constructor
  }
  const names = exported();
  assert.ok(names.includes("nps") && names.includes("BetaGeo.fit"), names.join(", "));
  const missing = names.filter((n) => !covered.has(n) && !(n in EXEMPT));
  assert.deepEqual(missing, [], `exports without a golden case: ${missing.join(", ")}`);
  const stale = Object.keys(EXEMPT).filter((n) => !names.includes(n) || covered.has(n));
  assert.deepEqual(stale, [], `exemptions that are not needed: ${stale.join(", ")}`);
});
