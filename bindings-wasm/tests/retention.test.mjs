// What a front-end engineer relies on in the retention API beyond the golden numbers: money as
// exact strings (or numbers on request), plain camelCase results, the ShiftedBetaGeo class,
// transaction summaries from ms / Date / ISO strings, and every bad input with code, field, index.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]; // Fader & Hardie (2007), "regular"
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];

test("money leaves as an exact decimal string, or as a number with { money: 'number' }", () => {
  assert.equal(cm.clvClosedForm(100, 0.9, { discount: 0.1 }), "450");
  assert.equal(cm.clvClosedForm("100", 0.8, { discount: 0.1 }), "266.66666666666666666666666667");
  assert.equal(cm.clvClosedForm("100", 0.8, { discount: 0.1, money: "number" }), 800 / 3);
  const v = cm.clv(100, 0.9, { acquisitionCost: "120", discount: 0.1 });
  assert.deepEqual(v, { gross: "450", acquisitionCost: "120", net: "330", marginMultiple: "4.5" });
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(cm.clv(100, 0.9, { acquisitionCost: 120, discount: 0.1, money: "number" }),
    { gross: 450, acquisitionCost: 120, net: 330, marginMultiple: 4.5 });
  const imp = cm.retentionImpact(100, 0.8, 0.05, { discount: 0.1, money: "number" });
  assert.equal(imp.clvAfter, 340);
  assert.equal(imp.retentionAfter, 0.85); // rates stay numbers either way
  assert.equal(cm.payback(5000, 50, 0.95, { discount: 0.01 }).periods, null);
});

test("money comes in as a number (at the digits String(x) prints), a decimal string or a BigInt", () => {
  assert.equal(cm.clvClosedForm(0.1, 0.5), "0.1");
  assert.equal(cm.clvClosedForm(0.1 + 0.2, 0.5), "0.30000000000000004");
  assert.equal(cm.clvClosedForm(" 100.00 ", 0.5), "100");
  assert.equal(cm.clvClosedForm("1e2", 0.5), "100");
  assert.equal(cm.clvClosedForm(100n, 0.5), "100");
  assert.equal(cm.costRatio("500", 100), 5);
});

test("customer equity takes plain cohort objects", () => {
  const ce = cm.customerEquity([
    { customers: 1000, margin: 100, retention: 0.9 },
    { customers: 200, margin: "100", retention: 0.9, acquisitionCost: 150, acquiredIn: 1 },
  ], { discount: 0.1 });
  assert.equal(ce.customers, 1200);
  assert.equal(ce.cohorts[1].netClv, "300");
  assert.ok(ce.equity.startsWith("504545.4545454545"));
});

test("clvMany is a Float64Array that agrees with clv", () => {
  const out = cm.clvMany(new Float64Array([100, 50, 20]), [0.9, 0.5, 0], { discount: 0.1, growth: 0.02, horizon: 12 });
  assert.ok(out instanceof Float64Array && out.length === 3);
  [[100, 0.9], [50, 0.5], [20, 0]].forEach(([m, r], i) => {
    const exact = cm.clv(m, r, { discount: 0.1, growth: 0.02, horizon: 12, money: "number" }).gross;
    assert.ok(Math.abs(out[i] - exact) <= 1e-12 * Math.max(1, Math.abs(exact)), `${out[i]} vs ${exact}`);
  });
});

test("ShiftedBetaGeo: static fit, getters, camelCase methods", () => {
  const m = cm.ShiftedBetaGeo.fit(REGULAR);
  try {
    assert.equal(m.alpha.toFixed(3), "0.704");
    assert.equal(m.beta.toFixed(3), "1.182");
    assert.deepEqual(m.params, { alpha: m.alpha, beta: m.beta });
    assert.ok(m.stdErrors.alpha > 0 && m.stdErrors.beta > 0);
    assert.ok(Math.abs(m.logLikelihood - -1680.2652) < 1e-4); // the total, not a mean
    assert.ok(Math.abs(m.logLikelihoodOf(REGULAR) - m.logLikelihood) < 1e-9);
    assert.equal(m.report.converged, true);
    assert.equal(m.report.covariance.length, 4);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(m))), ["alpha", "beta", "stdErrors", "logLikelihood"]);
    const curve = m.survivalCurve(7);
    assert.ok(curve instanceof Float64Array && curve.length === 8 && curve[0] === 1);
    assert.ok(Math.abs(curve[7] - m.survival(7)) < 1e-15);
    m.retentionCurve(2).forEach((r, i) => assert.ok(Math.abs(r - m.retentionRate(i + 1)) < 1e-15));
    assert.ok(Math.abs(m.churnProbability(1) - (1 - m.survival(1))) < 1e-15);
    assert.ok(Math.abs(m.expectedSurvivors(1000, 1)[1] - 1000 * m.survival(1)) < 1e-12);
    assert.ok(Math.abs(m.del(0.1) - (1 + m.derl(0.1, 0) / 1.1)) < 1e-12);
    assert.equal(typeof m.expectedClv(100, 0.1), "string");
    assert.equal(m.expectedClv(100, 0.1, { money: "number" }), Number(m.expectedClv(100, 0.1)));
    assert.ok(Number(m.expectedResidualValue("100", 0.1, 4)) > Number(m.expectedResidualValue(100, 0.1, 0)));
  } finally {
    m.free();
  }
  const uniform = new cm.ShiftedBetaGeo(1, 1); // S(t) = 1 / (t + 1)
  assert.equal(uniform.stdErrors, null);
  assert.equal(uniform.logLikelihood, null);
  assert.equal(uniform.report, null);
  assert.ok(Math.abs(uniform.survival(3) - 0.25) < 1e-15);
  uniform.free();
  const penalized = cm.ShiftedBetaGeo.fit(REGULAR, { penalizer: 0.1, initial: [0.5, 2], tolerance: 1e-8 });
  assert.equal(penalized.report.penalizer, 0.1);
  penalized.free();
});

test("a fit that does not converge throws did_not_converge with the last iterate", () => {
  assert.throws(() => cm.ShiftedBetaGeo.fit(HIGH_END, { maxIterations: 1 }), (e) => {
    assert.deepEqual([e.name, e.code, e.field, e.index], ["CustometricsError", "did_not_converge", null, null]);
    assert.ok(Array.isArray(e.lastIterate) && e.lastIterate.length === 2 && e.lastIterate.every((v) => v > 0));
    assert.equal(e.iterations, 1);
    return true;
  });
  const loose = cm.ShiftedBetaGeo.fit(HIGH_END, { maxIterations: 1, requireConvergence: false });
  assert.equal(loose.report.converged, false);
  loose.free();
});

const IDS = [1, 1, 1, 2, 2, 3, 3, 3];
const DAYS = ["2015-01-01", "2015-01-05", "2015-01-08", "2015-01-04", "2015-01-30", "2015-01-10", "2015-02-05", "2015-02-06"];
const WANT = { frequency: [2, 1, 2], recency: [7, 26, 27], T: [36, 33, 27] }; // lifetimes' README

test("summaryFromTransactions reads ms numbers, Dates, ISO strings and Float64Arrays", () => {
  const kinds = {
    iso: DAYS,
    isoTime: DAYS.map((d) => `${d}T15:30:00`), // no offset: UTC, whatever the machine's zone
    date: DAYS.map((d) => new Date(d)),
    ms: DAYS.map((d) => Date.parse(d) + 3_600_000),
    float64: new Float64Array(DAYS.map((d) => Date.parse(d))),
  };
  for (const [kind, times] of Object.entries(kinds)) {
    const s = cm.summaryFromTransactions(IDS, times);
    assert.deepEqual(s.customerId, [1, 2, 3], kind);
    for (const [k, v] of Object.entries(WANT)) {
      assert.ok(s[k] instanceof Float64Array, kind);
      assert.deepEqual(Array.from(s[k]), v, `${kind}: ${k}`);
    }
    assert.equal(s.monetaryValue, null);
  }
});

test("summaryFromTransactions: string ids, values, holdout, options", () => {
  const s = cm.summaryFromTransactions(IDS.map((i) => `c${i}`), DAYS, {
    monetaryValue: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8]),
    calibrationPeriodEnd: "2015-01-20",
    observationPeriodEnd: new Date("2015-02-06"),
  });
  assert.deepEqual(s.customerId, ["c1", "c2", "c3"]);
  assert.deepEqual(Object.keys(s), ["customerId", "frequency", "recency", "T", "monetaryValue", "frequencyHoldout",
    "monetaryValueHoldout", "durationHoldout"]);
  assert.deepEqual([s.T[2], s.frequencyHoldout[2], s.monetaryValueHoldout[2], s.durationHoldout[2]], [10, 2, 7.5, 17]);
  const weeks = cm.summaryFromTransactions(IDS, DAYS, { freq: "W" });
  assert.deepEqual(Array.from(weeks.T), [5, 5, 4]);
  const hours = cm.summaryFromTransactions(IDS, DAYS, { freq: "h", freqMultiplier: 24, includeFirstTransaction: true });
  assert.deepEqual(Array.from(hours.T), WANT.T);
  assert.deepEqual(Array.from(hours.frequency), [3, 2, 3]);
});

test("every bad input kind throws a CustometricsError with code, field, index", () => {
  const cases = [
    // empty data
    [() => cm.summaryFromTransactions([], []), "empty", "customers", null],
    [() => cm.ShiftedBetaGeo.fit([1000]), "empty", "survivors", null],
    [() => cm.customerEquity([]), "empty", "cohorts", null],
    // survivor counts that increase or start at zero
    [() => cm.ShiftedBetaGeo.fit([1000, 869, 870, 653]), "out_of_range", "survivors", 2],
    [() => cm.ShiftedBetaGeo.fit([0, 0, 0]), "out_of_range", "survivors", 0],
    [() => cm.ShiftedBetaGeo.fit([1000, 1000]), "invalid", "survivors", null],
    [() => cm.ShiftedBetaGeo.fit([1000, NaN]), "not_finite", "survivors", 1],
    // discount <= -1
    [() => cm.clvClosedForm(100, 0.5, { discount: -1 }), "out_of_range", "discount", null],
    [() => cm.clv(100, 0.5, { discount: -2 }), "out_of_range", "discount", null],
    [() => cm.clvMany([100], [0.5], { discount: -1 }), "out_of_range", "discount", null],
    [() => new cm.ShiftedBetaGeo(1, 1).del(-1), "out_of_range", "discount", null],
    // diverging CLV
    [() => cm.clvClosedForm(100, 1), "diverges", "retention", null],
    [() => cm.clv(100, 0.9, { discount: 0.1, growth: 0.25 }), "diverges", "growth", null],
    [() => cm.clvMany([1, 2, 3], [0.5, 0.9, 1]), "diverges", "retention", 2],
    [() => cm.customerEquity([{ customers: 1, margin: 1, retention: 0.5 }, { customers: 1, margin: 1, retention: 1 }]),
      "diverges", "retention", 1],
    [() => cm.retentionImpact(100, 0.95, 0.05), "diverges", "change", null],
    [() => cm.expectedLifetime(1), "diverges", "retention", null],
    [() => new cm.ShiftedBetaGeo(0.7, 1.2).del(0), "diverges", "discount", null],
    // money, options and the conversions at the JS edge
    [() => cm.clv(NaN, 0.5), "not_finite", "margin", null],
    [() => cm.clv("12,50", 0.5), "invalid", "margin", null],
    [() => cm.clv(null, 0.5), "invalid", "margin", null],
    [() => cm.clv(100, 0.5, { acquisitionCost: "Infinity" }), "not_finite", "acquisition_cost", null],
    [() => cm.clv(100, 0.5, { acquisitonCost: 1 }), "invalid", "options", null],
    [() => cm.clv(100, 0.5, { money: "float" }), "invalid", "money", null],
    [() => cm.clv(100, 0.5, { horizon: 2.5 }), "out_of_range", "horizon", null],
    [() => cm.clv(100, 0.5, { timing: "middle" }), "invalid", "timing", null],
    [() => cm.clv(100, 1.5), "out_of_range", "retention", null],
    [() => cm.clvMany([1, 2], [0.5]), "length_mismatch", "retention", null],
    [() => cm.customerEquity([{ customers: 1, margin: "x", retention: 0.5 }]), "invalid", "margin", 0],
    [() => cm.customerEquity([{ customers: -1, margin: 1, retention: 0.5 }]), "out_of_range", "customers", 0],
    [() => cm.customerEquity([{ customers: 1, margin: 1, retention: 0.5, churn: 0.5 }]), "invalid", "cohorts", 0],
    [() => cm.customerEquity([{ customers: 1, retention: 0.5 }]), "invalid", "cohorts", 0],
    [() => cm.costRatio(500, 0), "division_by_zero", "retention_cost", null],
    [() => cm.payback(-1, 10, 0.5), "out_of_range", "acquisition_cost", null],
    [() => new cm.ShiftedBetaGeo(0, 1), "out_of_range", "alpha", null],
    [() => new cm.ShiftedBetaGeo(1, 1).retentionRate(0), "out_of_range", "t", null],
    [() => new cm.ShiftedBetaGeo(1, 1).survival(1.5), "out_of_range", "t", null],
    [() => new cm.ShiftedBetaGeo(1, 1).survivalCurve(1e8), "out_of_range", "periods", null],
    [() => cm.ShiftedBetaGeo.fit(REGULAR, { maxIterations: 0 }), "out_of_range", "max_iterations", null],
    [() => cm.ShiftedBetaGeo.fit(REGULAR, { penalizer: -1 }), "out_of_range", "penalizer", null],
    [() => cm.ShiftedBetaGeo.fit(REGULAR, { initial: [1] }), "length_mismatch", "initial", null],
    [() => cm.ShiftedBetaGeo.fit(REGULAR, { maxIter: 5 }), "invalid", "options", null],
    [() => cm.summaryFromTransactions([1, 2], DAYS.slice(0, 1)), "length_mismatch", "times", null],
    [() => cm.summaryFromTransactions([1, 2], DAYS.slice(0, 2), { monetaryValue: [1, NaN] }), "not_finite", "values", 1],
    [() => cm.summaryFromTransactions([1, 2], ["2015-01-01", "soon"]), "invalid", "times", 1],
    [() => cm.summaryFromTransactions([1, 2], [0, NaN]), "not_finite", "times", 1],
    [() => cm.summaryFromTransactions([1, 2], [0, new Date("x")]), "invalid", "times", 1],
    [() => cm.summaryFromTransactions([1, "b"], [0, 0]), "invalid", "customers", 1],
    [() => cm.summaryFromTransactions([1.5], [0]), "invalid", "customers", 0],
    [() => cm.summaryFromTransactions("abc", [0]), "invalid", "customers", null],
    [() => cm.summaryFromTransactions([1], [0], { freq: "M" }), "invalid", "freq", null],
    [() => cm.summaryFromTransactions([1], [0], { freqMultiplier: 0 }), "out_of_range", "freq_multiplier", null],
    [() => cm.summaryFromTransactions([1], [0], { calibrationPeriodEnd: 1000 }), "out_of_range", "calibration_end", null],
    [() => cm.summaryFromTransactions([1], [86_400_000], { observationPeriodEnd: 0 }), "invalid", "observation_end", null],
    [() => cm.summaryFromTransactions([1], [0], { observationPeriodEnd: "whenever" }), "invalid", "observation_end", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error, `${call}: ${e}`);
      assert.ok(e instanceof Error && e.name === "CustometricsError", String(e));
      assert.deepEqual([e.code, e.field, e.index], [code, field, index], e.message);
      assert.ok(e.message.startsWith(index === null ? field : `${field}[${index}]`), e.message);
      return true;
    }, `${call}`);
  }
});
