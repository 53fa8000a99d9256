// The output rule of the model predictions in JS (issue 15): a batch refuses what the
// one-customer call refuses, naming the customer; the CLV horizon is capped, naming `time`; a
// fit whose data cannot determine the parameters says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

const err = (f) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
};

test("a batch of P(alive) is in [0, 1] or an error naming the customer", () => {
  const m = new cm.ParetoNBD(1e-8, 1e-8, 1e-8, 1.0);
  const e = err(() => m.conditionalProbabilityAlive([2, 0], [1, 0], [20, 20]));
  if (e) assert.deepEqual([e.code, e.field, e.index], ["diverges", "frequency", 1], e.message);
  else for (const p of m.conditionalProbabilityAlive([2, 0], [1, 0], [20, 20])) assert.ok(p >= 0 && p <= 1);
});

test("the CLV horizon is capped at 1200 months, naming time", () => {
  const bg = new cm.BetaGeo(0.243, 4.414, 0.793, 2.426);
  const gg = new cm.GammaGamma(6.25, 3.74, 15.44);
  const ok = gg.customerLifetimeValue(bg, [2], [30.43], [38.86], [22.35], { time: 1200, freq: "W" });
  assert.ok(ok[0] > 0);
  const e = err(() => gg.customerLifetimeValue(bg, [2], [30.43], [38.86], [22.35], { time: 1e8, freq: "W" }));
  assert.deepEqual([e?.code, e?.field], ["out_of_range", "time"], e?.message);
});

test("a fit the data cannot identify is an error saying so", () => {
  const e = err(() => cm.BetaGeo.fit([0, 0, 0, 0], [0, 0, 0, 0], [10, 20, 30, 40]));
  assert.deepEqual([e?.code, e?.field], ["invalid", "frequency"], e?.message);
  assert.match(e.message, /not identified/);
});
