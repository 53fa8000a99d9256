// What a front-end engineer relies on in the loyalty and tiers API beyond the golden numbers:
// typed arrays per customer (codes with labels), the tie rule, RFM and segment maps, migration
// into a Markov chain with exact money, and every bad input with code, field, index.
import { test } from "node:test";
import assert from "node:assert/strict";
import cm from "./load.mjs";

test("classifications are Uint8Array codes with their labels", () => {
  const d = cm.dickBasu(new Float64Array([9, 8, 3, 2, 7]), [6, 1, 5, 0, 4]);
  assert.ok(d.classes instanceof Uint8Array);
  assert.deepEqual(Array.from(d.classes), [0, 1, 2, 3, 0]);
  assert.deepEqual(d.labels, ["loyal", "latent", "spurious", "no_loyalty"]);
  assert.deepEqual(Array.from(d.classes, (c) => d.labels[c]), ["loyal", "latent", "spurious", "no_loyalty", "loyal"]);
  assert.deepEqual(d.counts, { loyal: 2, latent: 1, spurious: 1, noLoyalty: 1 });
  assert.deepEqual([d.shares.loyal, d.attitudeThreshold, d.patronageThreshold, d.n], [0.4, 7, 4, 5]);
  const given = cm.dickBasu([9, 8], [6, 1], { attitudeThreshold: 8.5, patronageThreshold: null }); // null: the median
  assert.deepEqual([given.counts.loyal, given.counts.noLoyalty, given.patronageThreshold], [1, 1, 3.5]);
  const j = cm.jonesSasser([5, 4, 4, 2, 1, 3], [5, 4, 2, 5, 1, 2]);
  assert.deepEqual(j.labels, ["apostle", "loyalist", "mercenary", "hostage", "defector", "terrorist"]);
  assert.deepEqual(Array.from(j.classes), [0, 1, 2, 3, 5, 4]);
  assert.deepEqual([j.counts.loyalist, j.counts.apostle, j.counts.defector, j.counts.terrorist], [2, 1, 2, 1]);
  const quadrants = cm.jonesSasserQuadrants(j.classes); // apostles are loyalists, terrorists defectors
  assert.ok(quadrants instanceof Uint8Array);
  assert.deepEqual(Array.from(quadrants, (c) => j.labels[c]), ["loyalist", "loyalist", "mercenary", "hostage", "defector", "defector"]);
  const ten = cm.jonesSasser([10, 9, 2, 0], [10, 3, 9, 0], {
    satisfactionScale: [0, 10], loyaltyScale: [0, 10], satisfactionCut: 7, loyaltyCut: 7,
    apostleSatisfaction: 9, apostleLoyalty: 9, terroristSatisfaction: 1, terroristLoyalty: 1,
  });
  assert.deepEqual(Array.from(ten.classes, (c) => ten.labels[c]), ["apostle", "mercenary", "hostage", "terrorist"]);
});

test("loyalty indicators and index", () => {
  const k = cm.loyaltyIndicators([2, 1, 0, 3, 1], [1, 0, 2, 0, 1], {
    firstPurchase: new Float64Array([0, 10, 40, 5, 20]), lastPurchase: [60, 10, 50, 25, 50],
  });
  assert.deepEqual([k.retained, k.churned, k.acquired, k.growthRate, k.meanInterPurchaseTime], [2, 2, 1, -0.25, 20]);
  assert.equal(cm.loyaltyIndicators([1], [1]).meanInterPurchaseTime, null);
  const ix = cm.loyaltyIndex([0.8, 0.5, 0.4, 0.6, 0.7, 0.5, 0.9], [2, 1, 1, 1, 1, 1, 3]);
  assert.ok(Math.abs(ix.index - 70) < 1e-12);
  assert.equal(ix.measures[0].measure, "repeat_purchases");
  assert.equal(cm.normalisedScore(12, 0, 10), 1);
});

test("tiers by value are Uint8Arrays in input order, ties split by position", () => {
  const abc = cm.abc([10, 50, 4, 30, 6]);
  assert.ok(abc instanceof Uint8Array);
  assert.deepEqual(Array.from(abc), [1, 0, 2, 0, 1]);
  assert.deepEqual(Array.from(cm.abc([1, 1, 1, 1], { a: 0.5, b: 0.75 })), [0, 0, 1, 2]);
  const values = Float64Array.from({ length: 200 }, (_, i) => i % 50);
  const curry = cm.curry(values);
  assert.deepEqual([curry[49], curry[99], curry[149], curry[199]], [0, 0, 1, 1]); // value 49 four times
  const sizes = [0, 0, 0, 0];
  cm.curry(Float64Array.from({ length: 100 }, (_, i) => i)).forEach((t) => (sizes[t] += 1));
  assert.deepEqual(sizes, [1, 4, 15, 80]);
  assert.deepEqual(Array.from(cm.curry([1, 2, 3, 4], { shares: [0.5, 0.5] })), [1, 1, 0, 0]);
  assert.deepEqual(Array.from(cm.pyramid([10, 400, 35, 90, 5, 90, 60, 20, 0, 150], [0.1, 0.2, 0.3, 0.4])),
    [3, 0, 2, 1, 3, 2, 2, 3, 3, 1]);
  assert.deepEqual(Array.from(cm.quantileScores([5, 5, 5, 9], { q: 2 })), [1, 1, 1, 2]);
  assert.deepEqual(Array.from(cm.quantileScores([3, 40, 3, 200], { q: 4, reverse: true })), [3, 2, 3, 1]);
});

test("RFM scores, cell codes and a replaceable segment map", () => {
  const s = cm.rfmScores([5, 30, 90, 1, 60, 2], [10, 2, 1, 8, 1, 12], [500, 80, 20, 300, 45, 900]);
  assert.ok(s.r instanceof Uint8Array && s.f instanceof Uint8Array && s.m instanceof Uint8Array);
  assert.ok(s.code instanceof Uint32Array);
  assert.equal(s.q, 5);
  s.code.forEach((c, i) => assert.equal(c, s.r[i] * 100 + s.f[i] * 10 + s.m[i]));
  assert.equal(cm.rfmCode(s.r[0], s.f[0], s.m[0]), s.code[0]);
  assert.equal(cm.rfmCode(10, 2, 7, 10), 100207);
  const seg = cm.rfmSegments(s.r, s.f, s.m);
  assert.ok(seg.segment instanceof Uint16Array);
  assert.equal(seg.names.at(-1), "other");
  assert.equal(seg.counts.reduce((a, b) => a + b), 6);
  const map = cm.standardSegmentMap();
  assert.equal(map.q, 5);
  assert.deepEqual(map.rules[0], { name: "champions", r: { min: 5, max: 5 }, f: { min: 4, max: 5 }, m: { min: 1, max: 5 } });
  const mine = { q: 5, rules: [{ name: "big spenders", r: { min: 1, max: 5 }, f: { min: 1, max: 5 }, m: { min: 5, max: 5 } }], fallback: "rest" };
  const own = cm.rfmSegments(s.r, Array.from(s.f), s.m, { map: mine });
  assert.deepEqual(own.names, ["big spenders", "rest"]);
  assert.deepEqual(Array.from(own.segment, (i) => own.names[i]), Array.from(s.m, (m) => (m === 5 ? "big spenders" : "rest")));
});

test("gini, lorenz and the profit pyramid of any tiering", () => {
  assert.equal(cm.gini(new Float64Array([1, 2, 3, 4])), 0.25);
  const l = cm.lorenz([4, 2, 3, 1], { points: 4 });
  assert.ok(l.populationShare instanceof Float64Array && l.valueShare instanceof Float64Array);
  assert.deepEqual(Array.from(l.valueShare), [0, 0.1, 0.3, 0.6, 1]);
  assert.equal(cm.lorenz([1, 2]).valueShare.length, 101);
  const profit = [500, 300, 80, 60, 40, 20, -10, 10];
  const p = cm.profitPyramid(profit, new Uint8Array([0, 0, 1, 1, 2, 2, 3, 3]), 4);
  assert.deepEqual(p.tiers.map((t) => t.valueShare), [0.8, 0.14, 0.06, 0]);
  assert.equal(p.totalValue, 1000);
  const byAbc = cm.profitPyramid(profit.map((x) => Math.max(x, 0)), cm.abc(profit.map((x) => Math.max(x, 0))), 3);
  assert.equal(byAbc.customers, 8);
  assert.equal(cm.profitPyramid([3, 1], [0, 2], 3).tiers[1].valuePerCustomer, null);
});

test("migration into a Markov chain, with exact money", () => {
  const m = cm.migration(new Uint8Array([0, 0, 0, 1, 1, 2, 2, 2]), [0, 1, 0, 1, 2, 2, 2, 0], 3);
  assert.equal(m.nTiers, 3);
  assert.deepEqual(m.counts, [2, 1, 0, 0, 1, 1, 1, 0, 2]);
  assert.deepEqual([m.fromTotals, m.toTotals], [[3, 2, 3], [3, 2, 3]]);
  // the migration's estimate is a transition matrix as it stands ({ nTiers, probabilities })
  const rows = [0, 1, 2].map((i) => m.probabilities.slice(3 * i, 3 * i + 3));
  assert.deepEqual(Array.from(cm.steadyState(m)), Array.from(cm.steadyState(rows)));
  const ahead = cm.project([100, 0, 0], m, 2);
  assert.ok(ahead instanceof Float64Array && Math.abs(ahead.reduce((a, b) => a + b) - 100) < 1e-12);
  assert.deepEqual(Array.from(cm.project([1, 2, 3], rows, 0)), [1, 2, 3]);
  assert.deepEqual(Array.from(cm.project([1000, 0], [[0.9, 0.1], [0.5, 0.5]])), [900, 100]); // one period by default
  const lost = [[0.5, 0.5], [0, 1]];
  assert.deepEqual(cm.markovClv(lost, [12, "0"], 0.25), ["20", "0"]);
  assert.deepEqual(cm.markovClv(lost, ["12", 0], 0.25, { horizon: 2 }), ["18.72", "0"]);
  assert.deepEqual(cm.markovClv(lost, [0.1, 0], 0.25, { horizon: 1 }), ["0.14", "0"]); // 0.1 is 0.1
  assert.deepEqual(cm.markovClv(lost, [12, 0], 0.25, { money: "number", horizon: null }), [20, 0]);
});

const P = [[0.9, 0.1], [0.5, 0.5]];

test("every bad input kind throws a CustometricsError with code, field, index", () => {
  const cases = [
    // NaN / inf
    [() => cm.abc([5, NaN, 1]), "not_finite", "values", 1],
    [() => cm.pyramid([1, Infinity, 2, 3], [0.5, 0.5]), "not_finite", "values", 1],
    [() => cm.curry([1, 2, 3, -Infinity]), "not_finite", "values", 3],
    [() => cm.quantileScores([1, 2, NaN]), "not_finite", "values", 2],
    [() => cm.rfmScores([1, 2, 3], [1, 2, 3], [1, 2, NaN], { q: 2 }), "not_finite", "monetary", 2],
    [() => cm.gini([1, 2, 3, NaN]), "not_finite", "values", 3],
    [() => cm.lorenz([1, Infinity]), "not_finite", "values", 1],
    [() => cm.profitPyramid([1, NaN], [0, 1], 2), "not_finite", "values", 1],
    [() => cm.project([1, NaN], P), "not_finite", "distribution", 1],
    [() => cm.steadyState([[NaN, 1], [0.5, 0.5]]), "not_finite", "transition", 0],
    [() => cm.markovClv(P, [Infinity, 0], 0.1), "not_finite", "margins", 0],
    [() => cm.markovClv(P, [1, "NaN"], 0.1), "not_finite", "margins", 1],
    [() => cm.migration([0, 1, NaN], [0, 1, 1], 3), "not_finite", "from_tiers", 2],
    [() => cm.rfmSegments([5, NaN], [1, 1], [1, 1]), "not_finite", "r", 1],
    [() => cm.dickBasu([1, NaN], [1, 2]), "not_finite", "attitude", 1],
    [() => cm.dickBasu([1, 2], [1, 2], { attitudeThreshold: NaN }), "not_finite", "attitude_threshold", null],
    [() => cm.jonesSasser([5, NaN], [1, 2]), "not_finite", "satisfaction", 1],
    [() => cm.loyaltyIndicators([1, NaN], [1, 1]), "not_finite", "previous", 1],
    [() => cm.loyaltyIndicators([1, 1], [1, 1], { firstPurchase: [0, NaN], lastPurchase: [1, 1] }), "not_finite", "first_purchase", 1],
    // negative values where a share of value is taken
    [() => cm.abc([5, 2, 1, -1]), "out_of_range", "values", 3],
    [() => cm.gini([-3, 1]), "invalid", "values", null],
    [() => cm.gini([1, -1]), "division_by_zero", "values", null],
    [() => cm.profitPyramid([1, -5], [0, 1], 2), "invalid", "values", null],
    [() => cm.abc([0, 0, 0]), "division_by_zero", "values", null],
    // tier shares that do not sum to 1 or are not in (0, 1]
    [() => cm.pyramid([1, 2, 3, 4], [0.1, 0.2, 0.3, 0.3]), "invalid", "shares", null],
    [() => cm.curry([1, 2, 3, 4], { shares: [0.5, 0.6] }), "invalid", "shares", null],
    [() => cm.pyramid([1, 2, 3, 4], [0.5, 0, 0.5]), "out_of_range", "shares", 1],
    [() => cm.pyramid([1, 2, 3, 4], [1.5, -0.5]), "out_of_range", "shares", 0],
    [() => cm.abc([1, 2, 3], { a: 0 }), "out_of_range", "a", null],
    [() => cm.abc([1, 2, 3], { a: 0.8, b: 0.5 }), "out_of_range", "b", null],
    // q < 2
    [() => cm.rfmScores([1, 2], [1, 2], [1, 2], { q: 1 }), "out_of_range", "q", null],
    [() => cm.quantileScores([1, 2, 3], { q: 2.5 }), "out_of_range", "q", null],
    [() => cm.quantileScores([1, 2, 3], { q: 256 }), "out_of_range", "q", null],
    [() => cm.rfmSegments([1], [1], [1], { map: { q: 1, rules: [], fallback: "x" } }), "out_of_range", "q", null],
    // fewer customers than tiers (or score levels)
    [() => cm.abc([1, 2]), "empty", "values", null],
    [() => cm.pyramid([1, 2, 3], [0.25, 0.25, 0.25, 0.25]), "empty", "values", null],
    [() => cm.curry([1, 2, 3]), "empty", "values", null],
    [() => cm.rfmScores([1, 2, 3], [1, 2, 3], [1, 2, 3]), "empty", "recency", null],
    [() => cm.gini([]), "empty", "values", null],
    [() => cm.dickBasu([], []), "empty", "attitude", null],
    // unknown tier labels, scores off the scale
    [() => cm.migration([0, 1, 2, 0, 1], [0, 1, 2, 0, 3], 3), "out_of_range", "to_tiers", 4],
    [() => cm.migration([0, -1], [0, 1], 2), "out_of_range", "from_tiers", 1],
    [() => cm.migration([0, 1, 2], [0, 1, 1.5], 3), "out_of_range", "to_tiers", 2],
    [() => cm.migration([0, 1], [0, 1], 0), "out_of_range", "n_tiers", null],
    [() => cm.migration([0, 1], [0, 1], 2.5), "out_of_range", "n_tiers", null],
    [() => cm.profitPyramid([1, 2, 3, 4], [0, 1, 4, 2], 4), "out_of_range", "tiers", 2],
    [() => cm.rfmSegments([5, 1], [5, 6], [1, 1]), "out_of_range", "f", 1],
    [() => cm.rfmSegments([5, 1.5], [5, 5], [1, 1]), "out_of_range", "r", 1],
    [() => cm.rfmSegments([1], [1], [1], { map: { q: 5, rules: [{ name: "x", r: { min: 0, max: 5 }, f: { min: 1, max: 5 }, m: { min: 1, max: 5 } }], fallback: "o" } }),
      "invalid", "rules", 0],
    [() => cm.rfmSegments([1], [1], [1], { map: { q: 5 } }), "invalid", "map", null],
    [() => cm.jonesSasser([5, 4, 6], [1, 2, 3]), "out_of_range", "satisfaction", 2],
    [() => cm.jonesSasser([1], [1], { satisfactionCut: 7 }), "out_of_range", "satisfaction_cut", null],
    [() => cm.loyaltyIndicators([1, 2], [0, 1.5]), "out_of_range", "current", 1],
    [() => cm.loyaltyIndex([0.8, 0.5, 0.4, 1.2, 0.7, 0.5, 0.9], [1, 1, 1, 1, 1, 1, 1]), "out_of_range", "scores", 3],
    // mismatched lengths
    [() => cm.rfmScores([1, 2, 3], [1, 2], [1, 2, 3], { q: 2 }), "length_mismatch", "frequency", null],
    [() => cm.rfmSegments([1, 2], [1], [1, 2]), "length_mismatch", "f", null],
    [() => cm.profitPyramid([1, 2, 3], [0, 1], 2), "length_mismatch", "tiers", null],
    [() => cm.migration([0, 1, 2], [0, 1], 3), "length_mismatch", "to_tiers", null],
    [() => cm.project([1, 0, 0], P), "length_mismatch", "distribution", null],
    [() => cm.markovClv(P, [12], 0.1), "length_mismatch", "margins", null],
    [() => cm.dickBasu([1, 2, 3], [1, 2]), "length_mismatch", "patronage", null],
    [() => cm.loyaltyIndex([0.5, 0.5], [1, 1]), "length_mismatch", "scores", null],
    // transition matrices that are not
    [() => cm.steadyState([[0.9, 0.2], [0.5, 0.5]]), "invalid", "transition", 0],
    [() => cm.project([1, 0], [[1, 0], [0.5, 0.4]]), "invalid", "transition", 1],
    [() => cm.steadyState({ nTiers: 2, probabilities: [0.5, 0.5, 0.2, 0.7] }), "invalid", "transition", 1],
    [() => cm.steadyState([[1.2, -0.2], [0, 1]]), "out_of_range", "transition", 0],
    [() => cm.steadyState([[1, 0, 0], [0, 1, 0]]), "length_mismatch", "transition", null],
    [() => cm.steadyState({ nTiers: 3, probabilities: [1, 0, 0, 1] }), "length_mismatch", "transition", null],
    [() => cm.steadyState("rows"), "invalid", "transition", null],
    [() => cm.steadyState([[1, 0], [0, 1]]), "invalid", "transition", null], // two closed classes
    // the options objects and the Markov chain's other arguments
    [() => cm.abc([1, 2, 3], { alpha: 0.8 }), "invalid", "options", null],
    [() => cm.dickBasu([1], [1], { threshold: 1 }), "invalid", "options", null],
    [() => cm.markovClv([[0.5, 0.5], [0, 1]], [12, 0], 0), "diverges", "discount_rate", null],
    [() => cm.markovClv(P, [12, 0], 0.1, { horizon: 2.5 }), "out_of_range", "horizon", null],
    [() => cm.markovClv(P, [12, 0], 0.1, { money: "float" }), "invalid", "money", null],
    [() => cm.markovClv(P, ["12,50", 0], 0.1), "invalid", "margins", 0],
    [() => cm.markovClv(P, "12", 0.1), "invalid", "margins", null],
    [() => cm.project([1, 0], P, -1), "out_of_range", "periods", null],
    [() => cm.lorenz([1, 2], { points: 0 }), "out_of_range", "points", null],
    [() => cm.rfmCode(4, 300, 3), "out_of_range", "f", null],
    [() => cm.rfmCode(4, 5, NaN), "not_finite", "m", null],
    [() => cm.rfmCode(4, 5, 3, 1.5), "out_of_range", "q", null],
    [() => cm.jonesSasserQuadrants([0, 6]), "out_of_range", "classes", 1],
  ];
  for (const [call, code, field, index] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof Error && e.name === "CustometricsError", `${call}: ${e}`);
      assert.deepEqual([e.code, e.field, e.index], [code, field, index], `${call}: ${e.message}`);
      assert.ok(e.message.startsWith(index === null ? field : `${field}[${index}]`), e.message);
      return true;
    }, `${call}`);
  }
});

test("nothing but a CustometricsError escapes on odd input", () => {
  const odd = [NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 2, 255, 256, 1e300, -0];
  for (const x of odd) {
    const v = [x, 1, 2, x];
    const calls = [
      () => cm.abc(v, { a: x }), () => cm.pyramid(v, [x, 1 - x]), () => cm.quantileScores(v, { q: x }),
      () => cm.rfmScores(v, v, v, { q: x }), () => cm.gini(v), () => cm.lorenz(v, { points: x }),
      () => cm.profitPyramid(v, v, x), () => cm.migration(v, v, x), () => cm.rfmSegments(v, v, v),
      () => cm.steadyState([[x, 1 - x], [0.5, 0.5]]), () => cm.markovClv([[x, 1 - x], [0, 1]], [x, 0], x, { horizon: x }),
      () => cm.dickBasu(v, v, { attitudeThreshold: x }), () => cm.jonesSasser(v, v, { satisfactionCut: x }),
      () => cm.loyaltyIndicators(v, v, { firstPurchase: v, lastPurchase: v }), () => cm.loyaltyIndex(v, v),
    ];
    for (const call of calls) {
      try {
        call();
      } catch (e) {
        assert.equal(e.name, "CustometricsError", `${call} with ${x}: ${e}`);
      }
    }
  }
});
