// The transaction and spend models from JS: fits on the data the lifetimes wheel ships, side by
// side with lifetimes 0.11.3's own figures (core/tests/data/lifetimes_reference_*.json), the
// classes' API, and every bad input with code, field and index.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";

const DATA = new URL("../../core/tests/data/", import.meta.url);
const REL = 1e-3; // the bar for agreement with lifetimes

function csv(name) {
  const [head, ...rows] = readFileSync(new URL(name, DATA), "utf8").trim().split(/\r?\n/); // CRLF in one file
  const names = head.split(",");
  const cols = names.map(() => []);
  for (const row of rows) row.split(",").forEach((v, j) => cols[j].push(Number(v)));
  return Object.fromEntries(names.map((n, j) => [n, new Float64Array(cols[j])]));
}
const reference = (name) => JSON.parse(readFileSync(new URL(`lifetimes_reference_${name}.json`, DATA), "utf8"));

/** Every element of `ours` within `rel` relative of `theirs` (of max(|theirs|, floor)). */
function close(what, ours, theirs, rel = REL, floor = 0) {
  const a = typeof ours === "number" ? [ours] : Array.from(ours);
  const b = typeof theirs === "number" ? [theirs] : Array.from(theirs);
  assert.equal(a.length, b.length, `${what}: lengths`);
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]) / Math.max(Math.abs(b[i]), floor);
    assert.ok(d <= rel, `${what}[${i}]: ours ${x}, lifetimes ${b[i]} (relative ${d})`);
  });
}
const pick = (obj, names) => names.map((k) => obj[k]);

// Wasm memory is not garbage-collected: free each model when done.
function using(model, f) {
  try {
    return f(model);
  } finally {
    model.free();
  }
}

const cdnow = csv("cdnow_customers_summary.csv");
const BG_NAMES = ["r", "alpha", "a", "b"];

test("BG/NBD on CDNOW agrees with lifetimes: parameters, log-likelihood, every customer's P(alive) and E[Y(39)]", () => {
  const ref = reference("bgnbd");
  using(cm.BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T), (m) => {
    close("params", pick(m.params, BG_NAMES), pick(ref.params, BG_NAMES));
    close("log-likelihood", m.logLikelihood, ref.log_likelihood_total, 1e-6); // the total, not a mean
    close("std errors", pick(m.stdErrors, BG_NAMES), pick(ref.std_errors, BG_NAMES));
    const p = m.conditionalProbabilityAlive(cdnow.frequency, cdnow.recency, cdnow.T);
    assert.ok(p instanceof Float64Array && p.length === 2357);
    close("P(alive)", p, ref.probability_alive, REL, 1e-12);
    const e = m.conditionalExpectedNumberOfPurchasesUpToTime(ref.t, cdnow.frequency, cdnow.recency, cdnow.T);
    close("E[Y(39) | history]", e, ref.conditional_expected, REL, 1e-12);
    for (const [t, want] of Object.entries(ref.expected)) close(`E[X(${t})]`, m.expectedNumberOfPurchasesUpToTime(Number(t)), want);
    for (const [n, want] of Object.entries(ref.pmf)) close(`P(X(39) = ${n})`, m.probabilityOfNPurchasesUpToTime(ref.t, Number(n)), want);
    assert.equal(m.nCustomers, 2357);
    assert.equal(m.report.converged, true);
    assert.equal(m.report.covariance.length, 16);
    close("logLikelihoodOf", m.logLikelihoodOf(cdnow.frequency, cdnow.recency, cdnow.T), m.logLikelihood, 1e-12);
  });
  const pen = ref.penalized;
  using(cm.BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T, { penalizer: pen.penalizer }), (m) => {
    close("penalised params", pick(m.params, BG_NAMES), pick(pen.params, BG_NAMES));
  });
});

test("MBG/NBD and Pareto/NBD on CDNOW agree with lifetimes", () => {
  for (const [cls, name, names] of [
    [cm.ModifiedBetaGeo, "mbgnbd", BG_NAMES],
    [cm.ParetoNBD, "paretonbd", ["r", "alpha", "s", "beta"]],
  ]) {
    const ref = reference(name);
    using(cls.fit(cdnow.frequency, cdnow.recency, cdnow.T), (m) => {
      close(`${name} params`, pick(m.params, names), pick(ref.params, names));
      close(`${name} log-likelihood`, m.logLikelihood, ref.log_likelihood_total, 1e-6);
      close(`${name} P(alive)`, m.conditionalProbabilityAlive(cdnow.frequency, cdnow.recency, cdnow.T), ref.probability_alive, REL, 1e-12);
      const e = m.conditionalExpectedNumberOfPurchasesUpToTime(ref.t, cdnow.frequency, cdnow.recency, cdnow.T);
      close(`${name} E[Y(39) | history]`, e, ref.conditional_expected, REL, 1e-12);
    });
  }
});

test("P(alive) matrices of the three models agree with lifetimes, cell by cell, [recency][frequency]", () => {
  for (const [cls, name, names] of [
    [cm.BetaGeo, "bgnbd", BG_NAMES],
    [cm.ModifiedBetaGeo, "mbgnbd", BG_NAMES],
    [cm.ParetoNBD, "paretonbd", ["r", "alpha", "s", "beta"]],
  ]) {
    const grids = reference(name).probability_alive_matrix;
    using(new cls(...pick(reference(name).params, names)), (m) => {
      for (const [key, g] of Object.entries(grids)) {
        const rows = m.conditionalProbabilityAliveMatrix(g.max_frequency, g.max_recency);
        assert.ok(Array.isArray(rows) && rows.every((row) => row instanceof Float64Array), name);
        assert.deepEqual([rows.length, rows[0].length], [g.max_recency + 1, g.max_frequency + 1], `${name} ${key}`);
        close(`${name} ${key} matrix`, rows.flatMap((row) => Array.from(row)), g.matrix.flat(), 1e-12);
      }
    });
    // a fitted model takes lifetimes' defaults from its data: the largest frequency, int(largest T)
    using(cls.fit(cdnow.frequency, cdnow.recency, cdnow.T), (m) => {
      const rows = m.conditionalProbabilityAliveMatrix();
      assert.deepEqual([rows.length, rows[0].length], [39, 30]);
      close(`${name} fitted default matrix`, rows.flatMap((row) => Array.from(row)), grids.default.matrix.flat());
      assert.equal(m.conditionalProbabilityAliveMatrix(2).length, 39);
      assert.equal(m.conditionalProbabilityAliveMatrix(undefined, 5)[0].length, 30);
    });
  }
});

test("Pareto/NBD's conditional PMF agrees with lifetimes for every CDNOW customer", () => {
  const ref = reference("paretonbd");
  using(new cm.ParetoNBD(...pick(ref.params, ["r", "alpha", "s", "beta"])), (m) => {
    for (const [t, byN] of Object.entries(ref.conditional_pmf)) {
      for (const [n, want] of Object.entries(byN)) {
        const p = m.conditionalProbabilityOfNPurchasesUpToTime(Number(n), Number(t), cdnow.frequency, cdnow.recency, cdnow.T);
        assert.ok(p instanceof Float64Array && p.length === 2357);
        // lifetimes subtracts hypergeometric terms (B2 - sum of B3): 1e-11 is what it keeps
        close(`P(Y(${t}) = ${n} | history)`, p, want, 1e-11);
      }
    }
    const [none, busy] = m.conditionalProbabilityOfNPurchasesUpToTime(0, 0, [0, 2], [0, 30.43], [38.86, 38.86]);
    assert.deepEqual([none, busy], [1, 1]); // nothing happens in no time
  });
});

test("the P(alive) matrix's defaults need data: a model from parameters names the missing argument", () => {
  using(new cm.BetaGeo(0.243, 4.414, 0.793, 2.426), (m) => {
    for (const [args, field] of [[[], "max_frequency"], [[3], "max_recency"], [[null, 5], "max_frequency"]]) {
      assert.throws(() => m.conditionalProbabilityAliveMatrix(...args), (e) => {
        assert.deepEqual([e.name, e.code, e.field, e.index], ["CustometricsError", "invalid", field, null]);
        return true;
      });
    }
    const rows = m.conditionalProbabilityAliveMatrix(0, 4); // 0 is 0, not "the default"
    assert.deepEqual(rows.map((row) => row.length), [1, 1, 1, 1, 1]);
    assert.ok(rows.every((row) => row[0] === 1)); // BG/NBD: no repeat purchase, no dropout
    assert.equal(m.conditionalProbabilityAliveMatrix(2, 10)[7][2], m.conditionalProbabilityAlive([2], [7], [10])[0]);
  });
});

test("Gamma-Gamma on CDNOW agrees with lifetimes, and so does CLV with the fitted BG/NBD", () => {
  const ref = reference("gammagamma");
  const d = csv("cdnow_customers_summary_with_transactions.csv"); // ID, x, t_x, T, zbar
  const repeat = [...d.x.keys()].filter((i) => d.x[i] > 0);
  const [x, m] = [repeat.map((i) => d.x[i]), repeat.map((i) => d.zbar[i])];
  const names = ["p", "q", "v"];
  const bg = cm.BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T);
  using(cm.GammaGamma.fit(x, m), (gg) => {
    close("params", pick(gg.params, names), pick(ref.params, names));
    close("log-likelihood", gg.logLikelihood, ref.log_likelihood_total, 1e-6);
    close("std errors", pick(gg.stdErrors, names), pick(ref.std_errors, names));
    const check = cm.GammaGamma.independenceCheck(x, m);
    close("correlation", check.correlation, ref.frequency_monetary_correlation, 1e-12);
    assert.equal(check.n, 946);
    close("E[spend | x, m]", gg.conditionalExpectedAverageProfit(d.x, d.zbar), ref.conditional_expected_average_profit);
    const { months, discount_rate, freq } = ref.clv;
    const clv = gg.customerLifetimeValue(bg, d.x, d.t_x, d.T, d.zbar, { time: months, discountRate: discount_rate, freq });
    assert.ok(clv instanceof Float64Array && clv.length === 2357);
    close("CLV (BG/NBD)", clv, ref.clv.bgnbd, REL, 1e-9);
  });
  using(cm.GammaGamma.fit(x, m, { penalizer: 0.1 }), (gg) => {
    close("penalised params", pick(gg.params, names), pick(ref.penalized.params, names));
  });
  bg.free();
});

test("BG/BB on the donations data agrees with lifetimes", () => {
  const ref = reference("bgbb");
  const d = csv("donations.csv");
  const names = ["alpha", "beta", "gamma", "delta"];
  using(cm.BetaGeoBetaBinom.fit(d.frequency, d.recency, d.periods, { weights: d.weights }), (m) => {
    close("params", pick(m.params, names), pick(ref.params, names));
    close("log-likelihood", m.logLikelihood, ref.log_likelihood_total, 1e-6);
    close("std errors", pick(m.stdErrors, names), pick(ref.std_errors, names));
    assert.equal(m.nCustomers, 11104);
    close("P(alive), m = 5", m.conditionalProbabilityAlive(5, d.frequency, d.recency, d.periods), ref.probability_alive_m5);
    const e = m.conditionalExpectedNumberOfPurchasesUpToTime(5, d.frequency, d.recency, d.periods);
    close("E[X(6, 11) | history]", e, ref.conditional_expected_m5);
    for (const [k, want] of Object.entries(ref.expected_counts_first_6)) {
      close(`customers with ${k} of 6`, m.probabilityOfNPurchasesUpToTime(6, Number(k)) * m.nCustomers, want);
    }
    assert.ok(m.expectedNumberOfPurchasesUpToTime(6) > m.expectedNumberOfPurchasesUpToTime(1));
  });
});

test("models: constructors, getters, plain arrays or Float64Array, toJSON", () => {
  using(new cm.BetaGeo(0.243, 4.414, 0.793, 2.426), (m) => {
    assert.deepEqual([m.r, m.alpha, m.a, m.b], [0.243, 4.414, 0.793, 2.426]);
    assert.deepEqual(m.params, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    assert.equal(m.kind, "BetaGeo");
    assert.equal(m.stdErrors, null);
    assert.equal(m.logLikelihood, null);
    assert.equal(m.report, null);
    const plain = m.conditionalProbabilityAlive([2, 0], [30.43, 0], [38.86, 38.86]);
    const typed = m.conditionalProbabilityAlive(new Float64Array([2, 0]), new Float64Array([30.43, 0]), new Float64Array([38.86, 38.86]));
    assert.deepEqual(Array.from(plain), Array.from(typed));
    assert.equal(plain[1], 1);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(m))), ["kind", "params", "stdErrors", "logLikelihood"]);
  });
  using(new cm.ParetoNBD(0.553, 10.578, 0.606, 11.669), (m) => {
    assert.deepEqual(Object.keys(m.params), ["r", "alpha", "s", "beta"]);
    assert.equal(m.expectedNumberOfPurchasesUpToTime(39).toFixed(3), "1.213");
  });
  using(new cm.GammaGamma(6.25, 3.74, 15.44), (gg) => {
    const [repeat, none] = gg.conditionalExpectedAverageProfit([2, 0], [20, 0]);
    assert.ok(Math.abs(none - (6.25 * 15.44) / 2.74) < 1e-12 && repeat < none);
    const bg = new cm.BetaGeo(0.243, 4.414, 0.793, 2.426);
    const clv = gg.customerLifetimeValue(bg, [2], [30.43], [38.86], [22.35], { freq: "W" });
    assert.ok(clv[0] > 0);
    assert.equal(gg.customerLifetimeValue(bg, [2], [30.43], [38.86], [22.35], { freq: "W", time: 0 })[0], 0);
    // lifetimes' default freq "D" reads the weekly model's units as days: 30 of them a month
    const days = gg.customerLifetimeValue(bg, [2], [30.43], [38.86], [22.35]);
    assert.ok(days[0] > clv[0]);
    bg.free();
  });
  const grouped = cm.BetaGeo.fit([0, 2, 1, 5, 0], [0, 20, 3, 30, 0], [40, 38, 35, 31, 40], { weights: [2, 1, 1, 1, 1] });
  const rows = cm.BetaGeo.fit([0, 0, 0, 2, 1, 5], [0, 0, 0, 20, 3, 30], [40, 40, 40, 38, 35, 31]);
  BG_NAMES.forEach((k) => close(`grouped ${k}`, grouped.params[k], rows.params[k], 1e-9));
  grouped.free();
  rows.free();
});

test("a fit that does not converge throws did_not_converge with the last iterate", () => {
  const d = csv("donations.csv");
  const fits = [
    ["BG/NBD", () => cm.BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T, { maxIterations: 1 }), 4],
    ["Pareto/NBD", () => cm.ParetoNBD.fit(cdnow.frequency, cdnow.recency, cdnow.T, { maxIterations: 1 }), 4],
    ["Gamma-Gamma", () => cm.GammaGamma.fit([1, 2, 3, 4], [10, 5, 3, 7], { maxIterations: 1 }), 3],
    ["BG/BB", () => cm.BetaGeoBetaBinom.fit(d.frequency, d.recency, d.periods, { weights: d.weights, maxIterations: 1 }), 4],
  ];
  for (const [name, fit, k] of fits) {
    assert.throws(fit, (e) => {
      assert.deepEqual([e.name, e.code, e.field, e.index], ["CustometricsError", "did_not_converge", null, null]);
      assert.ok(Array.isArray(e.lastIterate) && e.lastIterate.length === k && e.lastIterate.every((v) => v > 0), name);
      assert.ok(e.message.startsWith(`${name} did not converge`), e.message);
      return true;
    }, name);
  }
  using(cm.BetaGeo.fit(cdnow.frequency, cdnow.recency, cdnow.T, { maxIterations: 1, requireConvergence: false }), (m) => {
    assert.equal(m.report.converged, false);
  });
});

test("every bad input kind throws a CustometricsError with code, field, index", () => {
  const bg = new cm.BetaGeo(0.243, 4.414, 0.793, 2.426);
  const gg = new cm.GammaGamma(6.25, 3.74, 15.44);
  const bb = new cm.BetaGeoBetaBinom(1.204, 0.75, 0.657, 2.783);
  const pn = new cm.ParetoNBD(0.553, 10.578, 0.606, 11.669);
  const cases = [
    // recency > T
    [() => cm.BetaGeo.fit([1, 2], [3, 5], [4, 4]), "out_of_range", "recency", 1],
    [() => cm.ParetoNBD.fit([1, 2], [3, 5], [4, 4]), "out_of_range", "recency", 1],
    [() => bg.conditionalProbabilityAlive([1, 2], [3, 5], [4, 4]), "out_of_range", "recency", 1],
    [() => bb.conditionalProbabilityAlive(0, [1, 2], [3, 7], [6, 6]), "out_of_range", "recency", 1],
    // negative or non-integer frequency
    [() => cm.BetaGeo.fit([1, -1], [3, 0], [4, 4]), "out_of_range", "frequency", 1],
    [() => cm.ModifiedBetaGeo.fit([1, 1.5], [3, 3], [4, 4]), "out_of_range", "frequency", 1],
    [() => bg.conditionalExpectedNumberOfPurchasesUpToTime(39, [0, 0.5], [0, 1], [4, 4]), "out_of_range", "frequency", 1],
    [() => cm.GammaGamma.fit([1, 2.5], [3, 3]), "out_of_range", "frequency", 1],
    // recency non-zero when frequency is zero
    [() => cm.BetaGeo.fit([1, 0], [3, 2], [4, 4]), "out_of_range", "recency", 1],
    [() => cm.BetaGeoBetaBinom.fit([1, 0], [3, 2], [6, 6]), "out_of_range", "recency", 1],
    // T <= 0
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, 0]), "out_of_range", "T", 1],
    [() => bg.conditionalProbabilityAlive([0, 0], [0, 0], [4, -1]), "out_of_range", "T", 1],
    [() => cm.BetaGeoBetaBinom.fit([1, 0], [3, 0], [6, 0]), "out_of_range", "n_periods", 1],
    // empty data
    [() => cm.BetaGeo.fit([], [], []), "empty", "frequency", null],
    [() => cm.BetaGeoBetaBinom.fit([], [], []), "empty", "frequency", null],
    [() => cm.GammaGamma.fit([], []), "empty", "frequency", null],
    [() => cm.GammaGamma.independenceCheck([1], [2]), "empty", "frequency", null],
    // monetary value <= 0 for Gamma-Gamma
    [() => cm.GammaGamma.fit([1, 2], [10, 0]), "out_of_range", "monetary_value", 1],
    [() => gg.conditionalExpectedAverageProfit([1, 2], [10, -1]), "out_of_range", "monetary_value", 1],
    [() => gg.customerLifetimeValue(bg, [1, 1], [1, 1], [2, 2], [3, 0]), "out_of_range", "monetary_value", 1],
    // other named errors, and the JS edge
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, NaN]), "not_finite", "T", 1],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4]), "length_mismatch", "T", null],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, 4], { weights: [1, -1] }), "out_of_range", "weights", 1],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, 4], { penalizer: -1 }), "out_of_range", "penalizer", null],
    [() => cm.BetaGeo.fit([1, 0], [3, 0], [4, 4], { weight: [1, 1] }), "invalid", "options", null],
    [() => new cm.BetaGeo(0, 1, 1, 1), "out_of_range", "r", null],
    [() => new cm.GammaGamma(1, 1, -1), "out_of_range", "v", null],
    [() => bg.expectedNumberOfPurchasesUpToTime(-1), "out_of_range", "t", null],
    [() => bg.probabilityOfNPurchasesUpToTime(39, 1.5), "out_of_range", "n", null],
    [() => bb.conditionalProbabilityAlive(-1, [1], [1], [1]), "out_of_range", "m_periods_in_future", null],
    [() => bb.expectedNumberOfPurchasesUpToTime(2.5), "out_of_range", "n_periods", null],
    [() => new cm.GammaGamma(0.1, 0.5, 1).conditionalExpectedAverageProfit([0], [0]), "diverges", "q", null],
    [() => gg.customerLifetimeValue(bg, [1], [1], [2], [3], { discountRate: -1 }), "out_of_range", "discount_rate", null],
    [() => gg.customerLifetimeValue(bg, [1], [1], [2], [3], { freq: "Y" }), "invalid", "freq", null],
    [() => gg.customerLifetimeValue(bg, [1], [1], [2], [3], { time: 1.5 }), "out_of_range", "time", null],
    [() => gg.customerLifetimeValue(bg, [1], [1], [2], [3], { months: 12 }), "invalid", "options", null],
    [() => gg.customerLifetimeValue(gg, [1], [1], [2], [3]), "invalid", "transaction_model", null],
    [() => gg.customerLifetimeValue(null, [1], [1], [2], [3]), "invalid", "transaction_model", null],
    // conditionalProbabilityAliveMatrix: whole numbers, an age of at least 1, at most 2**24 cells
    [() => bg.conditionalProbabilityAliveMatrix(-1, 10), "out_of_range", "max_frequency", null],
    [() => pn.conditionalProbabilityAliveMatrix(2.5, 10), "out_of_range", "max_frequency", null],
    [() => bg.conditionalProbabilityAliveMatrix(NaN, 10), "not_finite", "max_frequency", null],
    [() => bg.conditionalProbabilityAliveMatrix(3, -1), "out_of_range", "max_recency", null],
    [() => pn.conditionalProbabilityAliveMatrix(3, 0.5), "out_of_range", "max_recency", null],
    [() => pn.conditionalProbabilityAliveMatrix(3, 0), "out_of_range", "max_recency", null],
    [() => bg.conditionalProbabilityAliveMatrix(2 ** 24, 1), "out_of_range", "max_frequency", null],
    // Pareto/NBD's conditional PMF: n a whole number, t >= 0, valid histories
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(-1, 39, [1], [1], [2]), "out_of_range", "n", null],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1.5, 39, [1], [1], [2]), "out_of_range", "n", null],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1, -1, [1], [1], [2]), "out_of_range", "t", null],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1, Infinity, [1], [1], [2]), "not_finite", "t", null],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1, 39, [1, 2], [3, 5], [4, 4]), "out_of_range", "recency", 1],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1, 39, [1, 0.5], [3, 0], [4, 4]), "out_of_range", "frequency", 1],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(1, 39, [-1, 1], [0, 0], [4, 4]), "out_of_range", "frequency", 0],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(0, 39, [1, 0], [1, 2], [4, 4]), "out_of_range", "recency", 1],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(0, 39, [0, 0], [0, 0], [4, 0]), "out_of_range", "T", 1],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(0, 39, [0, 0], [0, 0], [4]), "length_mismatch", "T", null],
    [() => pn.conditionalProbabilityOfNPurchasesUpToTime(0, 39, [], [], []), "empty", "frequency", null],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error && e.name === "CustometricsError", `${call}: ${e}`);
      assert.deepEqual([e.code, e.field, e.index], [code, field, index], e.message);
      assert.ok(e.message.startsWith(index === null ? field : `${field}[${index}]`), e.message);
      return true;
    }, `${call}`);
  }
  [bg, gg, bb, pn].forEach((m) => m.free());
});
