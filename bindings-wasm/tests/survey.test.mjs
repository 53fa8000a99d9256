// Segments, weights, interval methods and raking in JS: the shapes (labels carried through, a
// null for a segment without answers) and the errors, which name the field and index as in every
// language. The numbers themselves are the golden cases'.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

const scores = [10, 9, 0, 8, 10, 3, 7, 9, 10, 1];

test("npsBySegment takes an Int32Array of codes or string labels and gives the total", () => {
  const byCode = cm.npsBySegment(new Int32Array(scores), new Int32Array([1, 1, 1, 0, 0, 0, 0, 3, 3, 3]));
  assert.deepEqual(byCode.labels, [0, 1, 2, 3]);
  assert.equal(byCode.segments[2], null); // reported, not an error
  assert.equal(byCode.total.n, scores.length);
  assert.deepEqual(byCode.segments[1], cm.nps(scores.slice(0, 3)));
  const byLabel = cm.npsBySegment(scores, ["w", "w", "w", "e", "e", "e", "e", "n", "n", "n"]);
  assert.deepEqual(byLabel.labels, ["e", "n", "w"]);
  assert.deepEqual(byLabel.segments[2], byCode.segments[1]);
});

test("weights of one give the unweighted score; every method stays on the scale", () => {
  const plain = cm.nps(scores);
  const ones = cm.nps(scores, { weights: scores.map(() => 1) });
  assert.equal(ones.score, plain.score);
  for (const method of ["wald", "adjusted_wald", "bootstrap", "bayes"]) {
    const r = cm.nps(new Array(21).fill(10), { method });
    assert.ok(-100 <= r.ciLow && r.ciLow <= r.ciHigh && r.ciHigh <= 100, method);
  }
  assert.ok(cm.nps(new Array(21).fill(10)).note); // zero width, and said so
  assert.ok(cm.csat([5, 5, 5], { method: "clopper_pearson" }).ciLow > 0.29);
  assert.equal(cm.npsFromCounts(21, 0, 0, { method: "adjusted_wald" }).score, 100);
});

test("rake meets the margins and says it converged", () => {
  const r = cm.rake([[[0, 0, 0, 1, 1], [50, 50]], [[0, 1, 0, 1, 1], [30, 70]]]);
  assert.ok(r.converged);
  assert.ok(Math.abs(r.weights[0] + r.weights[1] + r.weights[2] - 50) < 1e-8);
});

test("bad survey input names the field and the index", () => {
  const cases = [
    [() => cm.nps(scores, { weights: [...scores.map(() => 1).slice(1), -1] }), "out_of_range", "weights", 9],
    [() => cm.nps(scores, { weights: [...scores.map(() => 1).slice(1), null] }), "not_finite", "weights", 9],
    [() => cm.nps(scores, { weights: [1, 1] }), "length_mismatch", "weights", null],
    [() => cm.npsBySegment(scores, [0, 1]), "length_mismatch", "segments", null],
    [() => cm.npsBySegment(scores, [...scores.slice(1).map(() => 0), null]), "not_finite", "segments", 9],
    [() => cm.npsBySegment(scores, [...scores.slice(1).map(() => "a"), 3]), "invalid", "segments", 9],
    [() => cm.npsBySegment(scores, new Int32Array(scores.length).fill(-1)), "out_of_range", "segments", 0],
    [() => cm.nps(scores, { method: "median" }), "invalid", "method", null],
    [() => cm.nps(scores, { method: "bootstrap", resamples: 10 }), "out_of_range", "resamples", null],
    [() => cm.csat([5], { confidence: 1 }), "out_of_range", "confidence", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => e.name === "CustometricsError" && e.code === code && e.field === field
      && (e.index ?? null) === index, `${call}`);
  }
});

test("mean by segment is each segment's mean; meanVersusRest is meanDifference of each against the rest", () => {
  const values = [4, 5, 3, 4, 2, 1, 3, 2, 5, 5, 4, 3];
  const store = ["b", "b", "b", "b", "a", "a", "a", "a", "c", "c", "c", "c"];
  const weights = [1, 2, 0.5, 1, 1, 1.5, 1, 2, 1, 1, 0.5, 1];
  const by = cm.meanBySegment(new Int32Array(values), [1, 5], store, { weights, confidence: 0.9 });
  assert.deepEqual(by.labels, ["a", "b", "c"]);
  const pick = (xs, s) => xs.filter((_, i) => store[i] === s);
  assert.deepEqual(by.segments[1], cm.mean(pick(values, "b"), [1, 5], { weights: pick(weights, "b"), confidence: 0.9 }));
  assert.deepEqual(by.total, cm.mean(values, [1, 5], { weights, confidence: 0.9 }));
  assert.deepEqual(cm.mean(values, [1, 5], { weights: values.map(() => 1) }), cm.mean(values, [1, 5]));
  const vs = cm.meanVersusRest(values, [1, 5], store, { weights });
  assert.deepEqual(vs.labels, ["a", "b", "c"]);
  for (const [k, s] of vs.labels.entries()) {
    const rest = (xs) => xs.filter((_, i) => store[i] !== s);
    const d = cm.meanDifference(pick(values, s), rest(values), [1, 5], { weightsA: pick(weights, s), weightsB: rest(weights) });
    const t = vs.segments[k].test;
    assert.equal(t.a.n, d.a.n);
    for (const f of ["difference", "stdError", "dof", "pValue", "ciLow", "ciHigh"]) {
      assert.ok(Math.abs(t[f] - d[f]) <= 1e-12 * Math.max(1, Math.abs(d[f])), `${s} ${f}: ${t[f]} vs ${d[f]}`);
    }
    assert.ok(vs.segments[k].pHolm >= t.pValue && vs.segments[k].pHolm <= 1);
  }
  // a segment without answers is no test, and the codes' labels are the codes
  const gap = cm.meanVersusRest([5, 4, 2, 1], [1, 5], new Int32Array([0, 0, 2, 2]));
  assert.deepEqual(gap.labels, [0, 1, 2]);
  assert.equal(gap.segments[1], null);
  assert.equal(gap.segments[0].test.difference, 3);
});

test("bad input to the means names the field and the index", () => {
  const cases = [
    [() => cm.mean([3, 4, null], [1, 5]), "not_finite", "values", 2],
    [() => cm.mean([3, 4, 6], [1, 5]), "out_of_range", "values", 2],
    [() => cm.mean([3, 4], [5, 1]), "out_of_range", "scale.max", null],
    [() => cm.mean([3, 4], [1, 5], { weights: [1, -1] }), "out_of_range", "weights", 1],
    [() => cm.meanBySegment([3, 4], [1, 5], [0]), "length_mismatch", "segments", null],
    [() => cm.meanVersusRest([3, 4], [1, 5], null), "invalid", "segments", null],
    [() => cm.meanVersusRest([3, 4], [1, 5], [0, 1], { confidence: 0 }), "out_of_range", "confidence", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => e.name === "CustometricsError" && e.code === code && e.field === field
      && (e.index ?? null) === index, `${call}`);
  }
  // null under nanPolicy "omit" is a missing answer, never 0
  assert.equal(cm.mean([3, 5, null], [1, 5], { nanPolicy: "omit" }).mean, 4);
});

test("meanTrend is the least-squares line of the answers on the period, labels in sorted order", () => {
  const values = [4, 3, 5, 4, 2, 5, 4, 4, 5, 3, 5, 5, 4, 5];
  const waves = ["w1", "w1", "w1", "w1", "w2", "w2", "w2", "w2", "w3", "w3", "w3", "w3", "w3", "w3"];
  const t = cm.meanTrend(values, [1, 5], waves);
  assert.deepEqual(t.labels, ["w1", "w2", "w3"]);
  const x = waves.map((w) => t.labels.indexOf(w));
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = values.reduce((a, b) => a + b) / values.length;
  const sxy = x.reduce((a, xi, i) => a + (xi - mx) * (values[i] - my), 0);
  const sxx = x.reduce((a, xi) => a + (xi - mx) ** 2, 0);
  assert.ok(Math.abs(t.slope - sxy / sxx) < 1e-12, `${t.slope} vs ${sxy / sxx}`);
  assert.equal(t.dof, values.length - 2);
  assert.deepEqual(t.periods[1], cm.mean(values.slice(4, 8), [1, 5]));
  // weights of 1 are the unweighted line; weights of effective size 2 leave no error to estimate
  const ones = cm.meanTrend(values, [1, 5], waves, { weights: values.map(() => 1) });
  assert.deepEqual([ones.slope, ones.stdError, ones.dof, ones.pValue], [t.slope, t.stdError, t.dof, t.pValue]);
  assert.throws(() => cm.meanTrend([3, 4, 5, 6], [1, 7], [0, 0, 1, 1], { weights: [1, 0, 1, 0] }),
    (e) => e.name === "CustometricsError" && e.code === "invalid" && e.field === "weights");
});

const P = [[5, 6, 4], [4, 6, 5], [6, 7, 3], [3, 5, 5], [5, 4, 6], [7, 6, 4]];
const E = [[6, 5, 4], [5, 5, 6], [6, 5, 5], [5, 5, 4], [4, 5, 5], [6, 5, 5]];

test("disconfirmationBySegment and ipaBySegment carry labels through; a segment is its rows' total", () => {
  const d = cm.disconfirmationBySegment(P, E, ["b", "a", "b", "a", "c", "c"], { importance: [2, 1, 1] });
  assert.deepEqual(d.labels, ["a", "b", "c"]);
  const b = cm.disconfirmationBySegment([P[0], P[2]], [E[0], E[2]], null, { importance: [2, 1, 1] });
  assert.deepEqual(b.labels, []);
  assert.deepEqual(d.segments[1], b.total);
  assert.equal(d.total.overallState, cm.disconfirmationBySegment(P, E, null, { importance: [2, 1, 1] }).total.overallState);
  const i = cm.ipaBySegment(P, E, new Int32Array([0, 0, 2, 2, 2, 2]), { weights: [1, 2, 1, 1, 1, 1] });
  assert.deepEqual(i.labels, [0, 1, 2]);
  assert.equal(i.segments[1], null);
  const whole = cm.ipaBySegment(P, E, null).total;
  assert.deepEqual(whole.quadrants, cm.ipa(E[0].map((_, j) => E.reduce((s, r) => s + r[j], 0) / 6),
    P[0].map((_, j) => P.reduce((s, r) => s + r[j], 0) / 6)).quadrants);
  const overall = [6, 5, 6, 4, 6, 5];
  const derived = cm.ipaBySegment(P, null, ["x", "x", "x", "y", "y", "y"], { overall, method: "shapley" });
  const k = cm.keyDrivers(overall, P, { method: "shapley" });
  assert.deepEqual(derived.segments[0].importance, k.importance);
  assert.equal(derived.total.rSquared, k.rSquared);
  assert.equal(derived.total.importanceIntervals, null);
});

test("bad disconfirmation and IPA survey input names the field and the index", () => {
  const cases = [
    [() => cm.disconfirmationBySegment(P, E.map((r) => r.slice(0, 2)), null), "length_mismatch", "expectations", null],
    [() => cm.disconfirmationBySegment(P, [[9, 5, 5], ...E.slice(1)], [0, 0, 0, 1, 1, 1]), "out_of_range", "expectations", 0],
    [() => cm.disconfirmationBySegment(P, E, null, { importance: [1, -1, 1] }), "out_of_range", "importance", 1],
    [() => cm.disconfirmationBySegment(P, E, null, { weights: [1, 1] }), "length_mismatch", "weights", null],
    [() => cm.ipaBySegment(P, E.map((r) => r.slice(0, 2)), null), "length_mismatch", "importance", null],
    [() => cm.ipaBySegment([[5, 5, 0], ...P.slice(1)], E, null), "out_of_range", "performance", 2],
    [() => cm.ipaBySegment([[5, 4], [4, 4], [6, 4], [3, 4]], null, null, { overall: [5, 4, 6, 4] }),
      "division_by_zero", "performance column", 1],
    [() => cm.ipaBySegment(P, null, null, { overall: [5, 4] }), "length_mismatch", "overall", null],
    [() => cm.ipaBySegment(P, null, null), "invalid", "overall", null],
    [() => cm.ipaBySegment(P, E, null, { overall: [5, 4, 6, 4, 5, 6] }), "invalid", "overall", null],
    [() => cm.ipaBySegment(P, null, null, { overall: [5, 4, 6, 4, 5, 6], method: "ols" }), "invalid", "method", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => e.name === "CustometricsError" && e.code === code && e.field === field
      && (e.index ?? null) === index, `${call}`);
  }
});
