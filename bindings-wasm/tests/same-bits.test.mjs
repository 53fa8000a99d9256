// The same bits as native Rust: core/tests/data/same_bits.json records inputs and the bits of
// their results (written by core/tests/suite/same_bits.rs); WebAssembly must give exactly those bits.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";

const data = JSON.parse(readFileSync(new URL("../../core/tests/data/same_bits.json", import.meta.url), "utf8"));
const view = new DataView(new ArrayBuffer(8));
const float = (bits) => (view.setBigUint64(0, BigInt(bits)), view.getFloat64(0));
const bits = (x) => (view.setFloat64(0, x), view.getBigUint64(0).toString());

test("normal critical values and NPS intervals have the native bits", () => {
  const differ = [];
  for (const [cBits, zBits, lowBits] of data.rows) {
    const c = float(cBits);
    const z = cm.sampleSize(0.05, { confidence: c }).z;
    const low = cm.nps(data.nps_scores, { confidence: c }).ciLow;
    if (bits(z) !== zBits || bits(low) !== lowBits) differ.push([c, z, float(zBits), low, float(lowBits)]);
  }
  assert.ok(data.rows.length >= 1000);
  assert.deepEqual(differ, []);
});

// The models' predictions at seeded random parameters and customers (`models` in the file).
const models = data.models;
const floats = (list) => list.map(float);
// The positions where `got` (a number or an array) does not have the recorded bits.
const differs = (what, got, want) => {
  const g = typeof got === "number" ? [got] : Array.from(got);
  const w = typeof want === "string" ? [want] : want;
  return w.flatMap((b, i) => (bits(g[i]) === b ? [] : [[what, i, g[i], float(b)]]));
};
const using = (model, f) => {
  try {
    return f(model);
  } finally {
    model.free();
  }
};

test("transaction model predictions have the native bits", () => {
  const differ = [];
  for (const name of ["BetaGeo", "ModifiedBetaGeo", "ParetoNBD"]) {
    assert.ok(models[name].length >= 20);
    for (const c of models[name]) {
      using(new cm[name](...floats(c.params)), (m) => {
        const [f, r, T, t] = [floats(c.frequency), floats(c.recency), floats(c.T), float(c.t)];
        differ.push(...differs(`${name}.p_alive`, m.conditionalProbabilityAlive(f, r, T), c.p_alive));
        differ.push(...differs(`${name}.conditional`, m.conditionalExpectedNumberOfPurchasesUpToTime(t, f, r, T),
          c.conditional_expected));
        differ.push(...differs(`${name}.expected`, m.expectedNumberOfPurchasesUpToTime(t), c.expected));
        const pmf = c.pmf.map((_, n) => m.probabilityOfNPurchasesUpToTime(t, n));
        differ.push(...differs(`${name}.pmf`, pmf, c.pmf));
        differ.push(...differs(`${name}.log_likelihood`, m.logLikelihoodOf(f, r, T), c.log_likelihood));
      });
    }
  }
  assert.deepEqual(differ, []);
});

test("BG/BB, Gamma-Gamma and sBG predictions have the native bits", () => {
  const differ = [];
  for (const c of models.BetaGeoBetaBinom) {
    using(new cm.BetaGeoBetaBinom(...floats(c.params)), (m) => {
      const [f, r, n] = [floats(c.frequency), floats(c.recency), floats(c.n_periods)];
      const [future, periods] = [c.m_periods_in_future, c.periods];
      differ.push(...differs("bgbb.p_alive", m.conditionalProbabilityAlive(future, f, r, n), c.p_alive));
      differ.push(...differs("bgbb.conditional", m.conditionalExpectedNumberOfPurchasesUpToTime(future, f, r, n),
        c.conditional_expected));
      differ.push(...differs("bgbb.expected", m.expectedNumberOfPurchasesUpToTime(periods), c.expected));
      const pmf = c.pmf.map((_, x) => m.probabilityOfNPurchasesUpToTime(periods, x));
      differ.push(...differs("bgbb.pmf", pmf, c.pmf));
      differ.push(...differs("bgbb.log_likelihood", m.logLikelihoodOf(f, r, n), c.log_likelihood));
    });
  }
  for (const c of models.GammaGamma) {
    using(new cm.GammaGamma(...floats(c.params)), (m) => {
      const [f, money] = [floats(c.frequency), floats(c.monetary_value)];
      differ.push(...differs("gg.profit", m.conditionalExpectedAverageProfit(f, money), c.profit));
      differ.push(...differs("gg.log_likelihood", m.logLikelihoodOf(f, money), c.log_likelihood));
      using(new cm.BetaGeo(...floats(c.clv_bg_params)), (bg) => {
        const clv = m.customerLifetimeValue(bg, f, floats(c.recency), floats(c.T), money);
        differ.push(...differs("gg.clv", clv, c.clv));
      });
    });
  }
  for (const c of models.ShiftedBetaGeo) {
    using(new cm.ShiftedBetaGeo(...floats(c.params)), (m) => {
      differ.push(...differs("sbg.survival_curve", m.survivalCurve(c.periods), c.survival_curve));
      differ.push(...differs("sbg.retention_curve", m.retentionCurve(c.periods), c.retention_curve));
      differ.push(...differs("sbg.del", m.del(float(c.discount)), c.del));
    });
  }
  assert.deepEqual(differ, []);
});
