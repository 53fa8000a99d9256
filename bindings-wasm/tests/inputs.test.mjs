// The input layer: every way a JS user holds numbers gives the answer a Float64Array gives;
// every other value is a CustometricsError naming the argument and the index; null and
// undefined are missing values under nanPolicy, never 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

/** The same numbers in every form the layer accepts. */
function kinds(values) {
  const out = {
    Array: () => [...values],
    Float32Array: () => new Float32Array(values),
    "array-like": () => Object.assign({ length: values.length }, values),
    generator: () => (function* () { yield* values; })(),
    "Array iterator": () => [...values].values(),
    "Map values": () => new Map(values.map((v, i) => [i, v])).values(),
  };
  if (values.every((v) => Number.isInteger(v) && v >= 0 && v < 256)) {
    out.Uint8Array = () => new Uint8Array(values);
    out.Int16Array = () => new Int16Array(values);
    out.Int32Array = () => new Int32Array(values);
    out.Uint32Array = () => new Uint32Array(values);
  }
  return out;
}

const SCORES = [10, 9, 0, 7, 8, 10, 3, 6, 9, 10, 5, 10];
const C = [7, 8, 9, 6.5], R = [8, 6, 9, 7], I = [6, 5, 8, 9.5], S = [3, 2, 4, 1.5];
const VALUES = [120, 5, 33, 980, 14, 2, 77, 410];

function same(got, want, where) {
  assert.deepEqual(got instanceof Float64Array || got instanceof Uint8Array ? [...got] : got,
    want instanceof Float64Array || want instanceof Uint8Array ? [...want] : want, where);
}

test("every accepted array kind gives the Float64Array answer", () => {
  const cases = [
    ["nps", SCORES, (x) => cm.nps(x)],
    ["csat", [5, 4, 1, 3, 5], (x) => cm.csat(x)],
    ["abc", VALUES, (x) => cm.abc(x)],
    ["gini", VALUES, (x) => cm.gini(x)],
    ["trustScores credibility", C, (x) => cm.trustScores(x, R, I, S)],
    ["trustScores selfOrientation", S, (x) => cm.trustScores(C, R, I, x)],
    ["clvMany", [100, 250, 80], (x) => cm.clvMany(x, [0.8, 0.5, 0.9])],
    ["dickBasu", [9, 2, 7, 4], (x) => cm.dickBasu(x, [6, 1, 2, 8]).counts],
    ["BetaGeo P(alive)", [0, 2, 5], (x) => new cm.BetaGeo(0.243, 4.414, 0.793, 2.426).conditionalProbabilityAlive(x, [0, 20, 30], [38, 38, 38])],
    ["BetaGeo fit weights", [3, 1, 2, 5], (x) => cm.BetaGeo.fit([0, 1, 2, 4], [0, 10, 20, 30], [38, 38, 38, 38], { weights: x, requireConvergence: false }).params],
    ["loyaltyIndicators firstPurchase", [0, 1, 2], (x) => cm.loyaltyIndicators([1, 2, 0], [1, 0, 3], { firstPurchase: x, lastPurchase: [3, 4, 5] })],
  ];
  for (const [name, values, call] of cases) {
    const want = call(new Float64Array(values));
    for (const [kind, make] of Object.entries(kinds(values))) {
      if (kind === "Float32Array" && !values.every((v) => Math.fround(v) === v)) continue;
      same(call(make()), want, `${name} from ${kind}`);
    }
  }
});

test("a matrix's rows may be any accepted kind, and so may the collection of rows", () => {
  const rows = [[1, 10, 4], [1, 10, 6], [10, 1, 5]];
  const want = cm.csi(rows.map((r) => new Float64Array(r)));
  same(cm.csi(rows), want, "arrays");
  same(cm.csi(rows.map((r) => new Int32Array(r)).values()), want, "an iterator of Int32Arrays");
  same(cm.csi((function* () { for (const r of rows) yield r.values(); })()), want, "a generator of iterators");
  assert.deepEqual(want.attributeMeans, [4, 7, 5]);
});

test("every rejected kind is a CustometricsError naming the argument and the index", () => {
  const cases = [
    // the whole argument
    [() => cm.nps(undefined), "invalid", "scores", null],
    [() => cm.nps(), "invalid", "scores", null],
    [() => cm.nps(null), "invalid", "scores", null],
    [() => cm.nps("10,9"), "invalid", "scores", null],
    [() => cm.nps(10), "invalid", "scores", null],
    [() => cm.nps({}), "invalid", "scores", null],
    [() => cm.nps(() => 1), "invalid", "scores", null],
    [() => cm.nps(new ArrayBuffer(16)), "invalid", "scores", null],
    [() => cm.nps(new DataView(new ArrayBuffer(16))), "invalid", "scores", null],
    [() => cm.trustScores(C, R, "6,5,8,9", S), "invalid", "intimacy", null],
    // an element
    [() => cm.nps([10, "9"]), "invalid", "scores", 1],
    [() => cm.nps([10, 9, true]), "invalid", "scores", 2],
    [() => cm.nps([10n]), "invalid", "scores", 0],
    [() => cm.nps(new BigInt64Array([10n])), "invalid", "scores", 0],
    [() => cm.nps([10, { value: 9 }]), "invalid", "scores", 1],
    [() => cm.nps([10, [9]]), "invalid", "scores", 1],
    [() => cm.nps([10, new Date(0)]), "invalid", "scores", 1],
    [() => cm.nps([10, Symbol("9")]), "invalid", "scores", 1],
    // a Set keeps each value once: it cannot hold a sample, so it is refused, never deduplicated
    [() => cm.nps(new Set([10, 9])), "invalid", "scores", null],
    [() => cm.nps(new Map([[0, 10]])), "invalid", "scores", null],
    [() => cm.csi(new Set([[1, 2], [3, 4]])), "invalid", "ratings", null],
    [() => cm.csi([[1, 2], new Set([3, 4])]), "invalid", "ratings[1]", null],
    [() => cm.abc([1, 2, "3"]), "invalid", "values", 2],
    [() => cm.trustScores(C, R, I, [3, 2, 4, "1.5"]), "invalid", "self_orientation", 3],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, "4"]), "invalid", "T", 1],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, 4], { weights: [1, "2"] }), "invalid", "weights", 1],
    [() => cm.disconfirmation([1, 2], [1, 2], { importance: [1, "x"] }), "invalid", "importance", 1],
    [() => cm.jonesSasserQuadrants([0, "1"]), "invalid", "classes", 1],
    // matrices: a bad row, a ragged row, a bad element (row-major index, as the core counts)
    [() => cm.csi("rows"), "invalid", "ratings", null],
    [() => cm.csi([[1, 2], 3]), "invalid", "ratings[1]", null],
    [() => cm.csi([[1, 2], [3]]), "length_mismatch", "ratings[1]", null],
    [() => cm.csi([[1, 2], [3, "4"]]), "invalid", "ratings", 3],
    // scalars
    [() => cm.trustScore(5, 5, 5), "invalid", "self_orientation", null],
    [() => cm.trustScore(5, "5", 5, 3), "invalid", "reliability", null],
    [() => cm.trustScore(5n, 5, 5, 3), "invalid", "credibility", null],
    [() => cm.satisfactionRate([1, 2], "4"), "invalid", "threshold", null],
    [() => cm.npsFromCounts(1, 2), "invalid", "detractors", null],
    [() => new cm.BetaGeo(1, 1, 1), "invalid", "b", null],
    [() => cm.rfmCode(10, 1, 1, 9), "out_of_range", "r", null],
    [() => cm.rfmCode(0, 1, 1), "out_of_range", "r", null],
    [() => cm.rfmCode(1, 6, 1), "out_of_range", "f", null],
    [() => cm.rfmCode(1, 1, "1"), "invalid", "m", null],
    // option values of the wrong type, named by their key in the library's words
    [() => cm.nps([10], { confidence: "0.9" }), "invalid", "confidence", null],
    [() => cm.csat([5], { topK: true }), "invalid", "top_k", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => {
      assert.equal(e.name, "CustometricsError", `${call}: ${e}`);
      assert.ok(e instanceof Error);
      assert.deepEqual([e.code, e.field, e.index], [code, field, index], `${call}: ${e.message}`);
      assert.ok(e.message.startsWith(index === null ? field : `${field}[${index}]`), e.message);
      assert.doesNotMatch(e.message, /invalid type|expected f64|expected u32|TypeError/, e.message);
      return true;
    });
  }
});

test("a missing value's error says it was null, undefined or a hole, not NaN", () => {
  const message = (call) => { try { call(); } catch (e) { return e.message; } return "no error"; };
  assert.match(message(() => cm.nps(JSON.parse("[10,null,9]"))), /^scores\[1\] is null: a missing value/);
  assert.match(message(() => cm.nps([10, 9, undefined])), /^scores\[2\] is undefined: a missing value/);
  assert.match(message(() => cm.nps([10, , 9])), /^scores\[1\] is a hole: a missing value/);
  assert.match(message(() => cm.abc([5, null])), /^values\[1\] is null/);
  assert.match(message(() => cm.csi([[1, 2], [3, null]])), /^ratings\[3\] is null/);
  assert.match(message(() => cm.trustScores([7, 7], [8, null], [6, 6], [3, 3])), /^reliability\[1\] is null/);
  // a real NaN before the null is still NaN; and a later call without nulls is not misnamed
  assert.match(message(() => cm.nps([10, NaN, null])), /^scores\[1\] = NaN/);
  assert.match(message(() => cm.nps(new Float64Array([10, NaN]))), /^scores\[1\] = NaN/);
  assert.match(message(() => cm.nps([10, NaN])), /^scores\[1\] = NaN/);
});

test("null and undefined elements are missing values under nanPolicy, never 0", () => {
  const data = JSON.parse("[10,null,9,null,8]");
  // raise (the default): the first missing value, by index
  assert.throws(() => cm.nps(data), (e) => e.name === "CustometricsError" && e.code === "not_finite"
    && e.field === "scores" && e.index === 1);
  assert.throws(() => cm.nps([10, undefined, 9], { nanPolicy: "raise" }), (e) => e.code === "not_finite" && e.index === 1);
  assert.throws(() => cm.nps([10, , 9]), (e) => e.code === "not_finite" && e.index === 1); // a hole
  // omit: as if they were not there
  assert.deepEqual(cm.nps(data, { nanPolicy: "omit" }), cm.nps([10, 9, 8]));
  assert.deepEqual(cm.nps([10, undefined, 0], { nanPolicy: "omit" }), cm.nps([10, 0]));
  assert.deepEqual(cm.csat([5, null, 4, 1], { nanPolicy: "omit" }), cm.csat([5, 4, 1]));
  // propagate: the result is missing too
  assert.ok(Number.isNaN(cm.nps(data, { nanPolicy: "propagate" }).score));
  const t = cm.trustScores([7, null], [8, 8], [6, 6], [3, 3], { nanPolicy: "propagate" });
  assert.ok(Number.isFinite(t[0]) && Number.isNaN(t[1]));
  // an element-wise result keeps its alignment: the omitted rater's score is NaN
  assert.deepEqual([...cm.trustScores([7, null], [8, 8], [6, 6], [3, 3], { nanPolicy: "omit" })],
    [...cm.trustScores([7], [8], [6], [3]), NaN]);
  assert.throws(() => cm.trustScores([7, 8], [8, undefined], [6, 6], [3, 3]),
    (e) => e.code === "not_finite" && e.field === "reliability" && e.index === 1);
  // functions without a policy: a missing value is an error, not a value of 0
  assert.throws(() => cm.abc([5, null, 1, 3]), (e) => e.code === "not_finite" && e.field === "values" && e.index === 1);
  assert.throws(() => cm.csi([[1, 2], [null, 4]]), (e) => e.code === "not_finite" && e.field === "ratings" && e.index === 2);
});

test("nps(new Float64Array(3e8)) read whole is an error that says the array is too large, and the module stays usable", () => {
  // 300 million float64 (2.4 GB) is more than one wasm32 allocation can hold (under 2 GiB). Under
  // nanPolicy "raise" a Float64Array is read block by block (next test), which needs no such
  // allocation; "omit" reads it whole.
  const huge = new Float64Array(3e8);
  assert.throws(() => cm.nps(huge, { nanPolicy: "omit" }), (e) => e.name === "CustometricsError" && e.code === "out_of_range"
    && e.field === "scores" && e.index === null && /too large for WebAssembly memory/.test(e.message));
  assert.equal(cm.nps([10, 9, 0]).n, 3);
});

test("nps of a Float64Array block by block: the whole array's answer, errors named at their index in it", () => {
  // Blocks of 65,536 scores (src/input.rs, each_block): bad scores planted at block edges.
  const n = 200_003;
  const s = new Float64Array(n).map((_, i) => (i * 7) % 11);
  assert.deepEqual(cm.nps(s), cm.nps([...s]));
  assert.deepEqual(cm.nps(s, { confidence: 0.9 }), cm.nps([...s], { confidence: 0.9 }));
  assert.deepEqual(cm.nps(s.subarray(0, 65_537)), cm.nps([...s.subarray(0, 65_537)]));
  for (const at of [0, 65_535, 65_536, 131_073, n - 1]) {
    for (const [bad, code] of [[10.5, "out_of_range"], [-1, "out_of_range"], [NaN, "not_finite"]]) {
      const b = s.slice();
      b[at] = bad;
      b[n - 1 - (at % 7)] = 11; // a later bad score does not hide the first
      const first = Math.min(at, n - 1 - (at % 7));
      const want = first === at ? code : "out_of_range";
      assert.throws(() => cm.nps(b), (e) => e.code === want && e.field === "scores" && e.index === first, `${bad} at ${at}`);
    }
  }
  assert.throws(() => cm.nps(s, { confidence: 1.5 }), (e) => e.field === "confidence" && e.index === null);
});

test("trustScores of Float64Arrays block by block: the whole arrays' answer, errors named at their index", () => {
  // Blocks of 65,536 rows (src/input.rs, elementwise); plain Arrays are read whole.
  const n = 200_003;
  const cols = [0, 1, 2, 3].map((k) => new Float64Array(n).map((_, i) => 1 + ((i * (k + 3)) % 10)));
  const whole = cm.trustScores(...cols.map((c) => [...c]));
  assert.deepEqual(cm.trustScores(...cols), whole);
  for (const at of [0, 65_535, 65_536, 131_073, n - 1]) {
    for (const [k, bad, code] of [[0, 0.5, "out_of_range"], [3, NaN, "not_finite"]]) {
      const c = cols.map((col) => col.slice());
      c[k][at] = bad;
      c[1][n - 1 - (at % 7)] = 11; // a later bad rating does not hide the first
      const first = Math.min(at, n - 1 - (at % 7));
      const field = first === at ? ["credibility", "reliability", "intimacy", "self_orientation"][k] : "reliability";
      assert.throws(() => cm.trustScores(...c), (e) => e.field === field && e.index === first
        && (first !== at || e.code === code), `${bad} at ${at}`);
    }
  }
});

test("other typed arrays block by block too, converted as they are copied in: the whole arrays' answer and errors", () => {
  // Blocks of 65,536 rows of any non-BigInt typed array (src/input.rs, Blocks and fillNumbers).
  const n = 200_003;
  const cols = [0, 1, 2, 3].map((k) => new Float64Array(n).map((_, i) => 1 + ((i * (k + 3)) % 10)));
  const whole = cm.trustScores(...cols.map((c) => [...c]));
  const scores = new Float64Array(n).map((_, i) => (i * 7) % 11);
  const npsWhole = cm.nps([...scores]);
  for (const T of [Int32Array, Uint8Array, Int16Array, Float32Array, Uint16Array]) {
    assert.deepEqual(cm.trustScores(...cols.map((c) => T.from(c))), whole, T.name);
    assert.deepEqual(cm.trustScores(cols[0], T.from(cols[1]), cols[2], T.from(cols[3])), whole, `${T.name} mixed`);
    assert.deepEqual(cm.nps(T.from(scores)), npsWhole, T.name);
    for (const at of [0, 65_535, 65_536, n - 1]) {
      const c = cols.map((col) => T.from(col));
      c[2][at] = 11;
      assert.throws(() => cm.trustScores(...c), (e) => e.code === "out_of_range" && e.field === "intimacy"
        && e.index === at, `${T.name} at ${at}`);
      const s = T.from(scores);
      s[at] = 11;
      assert.throws(() => cm.nps(s), (e) => e.code === "out_of_range" && e.field === "scores" && e.index === at);
    }
  }
  const f = Float32Array.from(scores);
  f[65_536] = NaN;
  assert.throws(() => cm.nps(f), (e) => e.code === "not_finite" && e.index === 65_536);
  assert.equal(cm.nps(f, { nanPolicy: "omit" }).n, n - 1);
});

test("mean of a typed array block by block: the whole array's bits, errors named at their index in it", () => {
  // Typed arrays without weights go through MeanStream a block of 65,536 at a time (src/satisfaction.rs);
  // an Array is read whole and summed in the core's chunks of the same size, so both have the same bits.
  const n = 200_003;
  const v = new Float64Array(n).map((_, i) => 1 + ((i * 7919) % 997) / 249.25);
  const whole = cm.mean([...v], [1, 5], { confidence: 0.9 });
  assert.deepEqual(cm.mean(v, [1, 5], { confidence: 0.9 }), whole);
  const ints = Int32Array.from(v, Math.round);
  assert.deepEqual(cm.mean(ints, [1, 5]), cm.mean([...ints], [1, 5]));
  for (const at of [0, 65_535, 65_536, n - 1]) {
    const b = v.slice();
    b[at] = 5.5;
    b[n - 1 - (at % 7)] = NaN; // a later bad value does not hide the first
    const first = Math.min(at, n - 1 - (at % 7));
    assert.throws(() => cm.mean(b, [1, 5]), (e) => e.field === "values" && e.index === first
      && e.code === (first === at ? "out_of_range" : "not_finite"), `at ${at}`);
  }
  const gaps = v.slice();
  gaps[65_536] = NaN;
  for (const nanPolicy of ["omit", "propagate"]) {
    const m = cm.mean(gaps, [1, 5], { nanPolicy });
    assert.deepEqual(m, cm.mean([...gaps], [1, 5], { nanPolicy }), nanPolicy);
  }
  assert.equal(cm.mean(gaps, [1, 5], { nanPolicy: "omit" }).n, n - 1);
  assert.throws(() => cm.mean(v, [5, 1]), (e) => e.field === "scale.max");
  // The checks in one order on every path: options, the scale, the values, then the weights.
  assert.throws(() => cm.mean(["a"], [1, 5], { weights: ["b"] }), (e) => e.field === "values" && e.index === 0);
  for (const s of [Int32Array.of(11), Float64Array.of(11), [11]]) {
    assert.throws(() => cm.nps(s, { confidence: 2 }), (e) => e.field === "confidence", s.constructor.name);
    assert.throws(() => cm.mean(s, [1, 5], { confidence: 2 }), (e) => e.field === "confidence", s.constructor.name);
  }
  assert.throws(() => cm.mean(new Float64Array(0), [1, 5]), (e) => e.code === "empty" && e.field === "values");
});

test("an array too large for wasm memory is an error and the module stays usable", () => {
  const huge = { length: 2 ** 31 }; // 16 GiB of f64: more than wasm32 can address
  assert.throws(() => cm.nps(huge), (e) => e.name === "CustometricsError" && e.code === "out_of_range"
    && e.field === "scores" && e.index === null);
  assert.equal(cm.nps([10, 9, 0]).n, 3);
});

test("a throwing iterable's error reaches the caller unchanged", () => {
  const boom = new Error("boom");
  const bad = { *[Symbol.iterator]() { yield 10; throw boom; } };
  assert.throws(() => cm.nps(bad), (e) => e === boom);
  assert.equal(cm.nps([10]).score, 100);
});
