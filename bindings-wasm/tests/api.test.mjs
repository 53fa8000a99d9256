// What a front-end engineer relies on beyond the numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

test("nps takes Float64Array and plain arrays and returns a plain camelCase object", () => {
  const fromTyped = cm.nps(new Float64Array([10, 9, 8, 7, 6, 0, 10, 9]), { confidence: 0.9 });
  const fromPlain = cm.nps([10, 9, 8, 7, 6, 0, 10, 9], { confidence: 0.9 });
  assert.deepEqual(fromTyped, fromPlain);
  assert.equal(Object.getPrototypeOf(fromTyped), Object.prototype);
  assert.deepEqual(Object.keys(fromTyped).sort(),
    ["ciHigh", "ciLow", "confidence", "detractors", "effectiveN", "method", "n", "note", "passives", "probAbove",
      "promoters", "score", "stdError"]);
  assert.equal(fromTyped.score, 25);
  assert.equal(JSON.parse(JSON.stringify(fromTyped)).score, 25);
});

test("options are optional and unknown option keys are rejected by name", () => {
  assert.equal(cm.nps([10]).n, 1);
  assert.throws(() => cm.nps([10], { confidance: 0.9 }), (e) => e.code === "invalid" && e.field === "options");
  assert.throws(() => cm.nps([10], { nanPolicy: "ignore" }), (e) => e.code === "invalid" && e.field === "nan_policy");
});

test("NaN policies", () => {
  assert.throws(() => cm.nps([10, NaN]), (e) => e.code === "not_finite" && e.index === 1);
  assert.equal(cm.nps([10, NaN], { nanPolicy: "omit" }).n, 1);
  assert.ok(Number.isNaN(cm.nps([10, NaN], { nanPolicy: "propagate" }).score));
});

test("trustScores returns a Float64Array, element-wise", () => {
  const c = new Float64Array([7, 9]);
  const out = cm.trustScores(c, [8, 9], [6, 9], [3, 9]);
  assert.ok(out instanceof Float64Array);
  assert.deepEqual(Array.from(out), [7, 3]);
  assert.throws(() => cm.trustScores([1, 2], [1], [1, 2], [1, 2]), (e) => e.code === "length_mismatch" && e.field === "reliability");
});

test("every bad-input kind throws a CustometricsError with code, field, index", () => {
  const cases = [
    [() => cm.nps([10, 11]), "out_of_range", "scores", 1],
    [() => cm.nps([-1]), "out_of_range", "scores", 0],
    [() => cm.nps([7.5]), "out_of_range", "scores", 0],
    [() => cm.nps([Infinity]), "not_finite", "scores", 0],
    [() => cm.nps([]), "empty", "scores", null],
    [() => cm.nps([1], { confidence: 1 }), "out_of_range", "confidence", null],
    [() => cm.trustScore(5, 5, 5, 0), "out_of_range", "self_orientation", null],
    [() => cm.trustScore(5, 5, 5, -1), "out_of_range", "self_orientation", null],
    [() => cm.disconfirmation([1, 2], [1, 2], { importance: [0, 0] }), "invalid", "importance", null],
    [() => cm.disconfirmation([1, 2], [1, 2], { importance: [1, -2] }), "out_of_range", "importance", 1],
    [() => cm.complaintIceberg(5, 5, { formalShare: 0.2 }), "invalid", "shares", null],
    [() => cm.servqual([[1, 2], [3]], [[1, 2], [3, 4]], { dimensions: { a: [0, 1] } }), "length_mismatch", "expectations[1]", null],
    [() => cm.npsFromCounts(-1, 0, 0), "out_of_range", "promoters", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error && e.name === "CustometricsError");
      assert.deepEqual([e.code, e.field, e.index], [code, field, index], e.message);
      assert.ok(e.message.startsWith(field), e.message);
      return true;
    });
  }
});

test("custom SERVQUAL dimensions keep the object's key order", () => {
  const r = cm.servqual([[5, 5, 5]], [[4, 6, 7]], { dimensions: { zeta: [2], alpha: [0, 1] } });
  assert.deepEqual(r.dimensions, ["zeta", "alpha"]);
  assert.deepEqual(r.sample.dimensionGaps, [2, 0]);
});
