// The dashboard's computations, every figure by the custometrics package (run in the Web Worker).
// Each function takes a parsed file and returns plain data for the page: `figures` by the names the
// example report prints with `--json` (the browser test compares the two), and the series its
// charts draw. The settings are the report's (examples/examples/report.rs), so the same file gives
// the same numbers in Rust and in the browser.
import {
  BetaGeo, GammaGamma, abc, clv, csat, csi, curry, dickBasu, ipa, jonesSasser, lorenz, loyaltyIndicators, nps,
  payback, retentionImpact, rfmScores, rfmSegments, satisfactionRate, servqual, summaryFromTransactions,
  trustOverRaters,
} from "custometrics";
import { FileError, block, column, located } from "./tables.js";

/** The Jones & Sasser settings of the report: CSAT 1–5 against the 0–10 recommendation answer. */
export const JONES_SASSER = { loyaltyScale: [0, 10], loyaltyCut: 7, apostleLoyalty: 9, terroristLoyalty: 2 };
/** The economics settings the page starts from (the report's). */
export const ECONOMICS = { marginPercent: 30, discount: 0.1, acquisitionCost: "40", retentionChange: 0.05 };
/** lifetimes-style CLV from the fitted models: 12 months at 1 % a month, data in weeks. */
export const CLV = { time: 12, discountRate: 0.01, freq: "W" };
const ATTRIBUTES = ["product_quality", "service", "value", "complaint_handling"];
const TRUST = ["credibility", "reliability", "intimacy", "self_orientation"];

const mean = (v) => {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
};

/** Survey answers: NPS, CSAT, satisfaction rate, CSI and IPA, the two loyalty matrices. */
export function survey(t) {
  const has = (c) => t.header.includes(c);
  const figures = {};
  const out = { kind: "survey", file: t.file, n: t.rows.length, figures };
  if (has("nps")) {
    const scores = column(t, "nps");
    const r = located(t, { scores: "nps" }, () => nps(scores));
    for (const k of ["score", "ciLow", "ciHigh", "stdError", "promoters", "passives", "detractors", "n"]) figures[`nps.${k}`] = r[k];
    const counts = new Array(11).fill(0);
    for (const s of scores) counts[s] += 1; // whole 0..10: nps() has checked them
    out.npsDistribution = counts;
  }
  if (has("csat")) {
    const r = located(t, { responses: "csat" }, () => csat(column(t, "csat"), { scalePoints: 5, topK: 2 }));
    figures["csat.percent"] = r.percent;
    figures["csat.n"] = r.n;
  }
  if (has("overall")) {
    const r = located(t, { ratings: "overall" }, () => satisfactionRate(column(t, "overall"), 7));
    figures["satisfactionRate.percent"] = r.percent;
  }
  const perf = block(t, "perf_");
  const imp = block(t, "imp_");
  if (perf.names.length > 0 && imp.names.length === perf.names.length) {
    const names = perf.names.map((n) => n.slice("perf_".length));
    const impNames = imp.names.map((n) => n.slice("imp_".length));
    if (impNames.join() !== names.join()) {
      throw new FileError(t.file, 1, null, `the imp_* columns (${impNames}) must name the perf_* attributes (${names}) in the same order`);
    }
    const impMeans = names.map((_, j) => {
      let s = 0;
      for (const r of imp.rows) s += r[j];
      return s / imp.rows.length;
    });
    const fields = { ratings: perf.names, weights: { columns: imp.names }, importance: { columns: imp.names }, performance: { columns: perf.names } };
    const stated = located(t, fields, () => csi(perf.rows, { scale: [1, 10], importance: impMeans }));
    figures["csi.stated"] = stated.index;
    if (has("overall")) {
      const derived = located(t, { ...fields, overall: "overall" },
        () => csi(perf.rows, { scale: [1, 10], overall: column(t, "overall") }));
      figures["csi.derived"] = derived.index;
      out.correlations = derived.correlations;
    }
    const q = located(t, fields, () => ipa(impMeans, stated.attributeMeans));
    figures["ipa.importanceCut"] = q.importanceCut;
    figures["ipa.performanceCut"] = q.performanceCut;
    names.forEach((n, j) => {
      figures[`csi.importance.${n}`] = impMeans[j];
      figures[`csi.performance.${n}`] = stated.attributeMeans[j];
      figures[`ipa.quadrant.${n}`] = q.quadrants[j];
    });
    out.ipa = { names, importance: impMeans, performance: stated.attributeMeans, quadrants: q.quadrants,
      importanceCut: q.importanceCut, performanceCut: q.performanceCut, indexes: stated.attributeIndexes };
  }
  if (has("overall") && has("purchases")) {
    const d = located(t, { attitude: "overall", patronage: "purchases" },
      () => dickBasu(column(t, "overall"), column(t, "purchases")));
    for (const k of ["loyal", "latent", "spurious", "noLoyalty"]) figures[`dickBasu.${k}`] = d.counts[k];
    figures["dickBasu.attitudeThreshold"] = d.attitudeThreshold;
    figures["dickBasu.patronageThreshold"] = d.patronageThreshold;
    out.dickBasu = { counts: d.counts, shares: d.shares, n: d.n };
  }
  if (has("csat") && has("nps")) {
    const j = located(t, { satisfaction: "csat", loyalty: "nps" },
      () => jonesSasser(column(t, "csat"), column(t, "nps"), JONES_SASSER));
    for (const k of ["loyalist", "mercenary", "hostage", "defector", "apostle", "terrorist"]) figures[`jonesSasser.${k}`] = j.counts[k];
    out.jonesSasser = { counts: j.counts, shares: j.shares, n: j.n };
  }
  return out;
}

/** SERVQUAL answers: the five dimensions' gaps, weighted by the W_* points when the file has them. */
export function servqualFile(t) {
  const e = block(t, "E");
  const p = block(t, "P");
  const w = block(t, "W_");
  const flat = w.names.length > 0 ? w.rows.flat() : undefined;
  const fields = { expectations: e.names, perceptions: p.names, importance: w.names };
  const r = located(t, fields, () => servqual(e.rows, p.rows, flat === undefined ? {} : { importance: flat }));
  const figures = { "servqual.unweighted": r.sample.unweighted, "servqual.weighted": r.sample.weighted };
  r.dimensions.forEach((d, k) => { figures[`servqual.gap.${d}`] = r.sample.dimensionGaps[k]; });
  return { kind: "servqual", file: t.file, n: t.rows.length, figures, dimensions: r.dimensions, gaps: r.sample.dimensionGaps, itemGaps: r.itemGaps };
}

/** Trust ratings: T = (C + R + I) / S over the raters and the lever that moves it most. */
export function trustFile(t) {
  const cols = TRUST.map((c) => column(t, c));
  const fields = { credibility: "credibility", reliability: "reliability", intimacy: "intimacy", self_orientation: "self_orientation" };
  const a = located(t, fields, () => trustOverRaters(...cols));
  const figures = { "trust.meanOfScores": a.meanOfScores, "trust.scoreOfMeans": a.scoreOfMeans, "trust.bestLever": a.sensitivity.bestLever };
  TRUST.forEach((c, k) => {
    figures[`trust.meanRating.${c}`] = a.meanRatings[k];
    figures[`trust.gain.${c}`] = a.sensitivity.meanGains[k];
  });
  return { kind: "trust", file: t.file, n: t.rows.length, figures, components: TRUST, meanRatings: a.meanRatings,
    gains: a.sensitivity.meanGains, bestLeverCounts: a.sensitivity.bestLeverCounts, bestLever: a.sensitivity.bestLever };
}

const DAY_MS = 86_400_000;

/**
 * A transaction log: the per-customer summary, tiers, Lorenz curve and Gini, RFM. `progress(stage,
 * fraction)` is told how far it is. Returns the result, the summary the models are fitted to, and
 * what the economics need (kept in the worker so that changing a setting recomputes only them).
 */
export function customers(tx, progress) {
  progress("summarising the transactions", 0.1);
  const times = Float64Array.from(tx.day, (d) => d * DAY_MS);
  const amounts = Float64Array.from(tx.cents, (c) => c / 100);
  const s = located(tx, { values: "amount", times: "date", customers: "customer_id" },
    () => summaryFromTransactions(tx.customer, times, { monetaryValue: amounts, freqMultiplier: 7 }));
  const n = s.customerId.length;
  const index = new Map(s.customerId.map((c, i) => [c, i]));
  // The last twelve months (365 days up to the last day of the log) against everything before.
  let [start, end] = [Infinity, -Infinity];
  for (const d of tx.day) {
    if (d < start) start = d;
    if (d > end) end = d;
  }
  const currentFrom = end - 364;
  const totalCents = new Float64Array(n);
  const before = new Float64Array(n);
  const current = new Float64Array(n);
  let currentCents = 0n;
  for (let k = 0; k < tx.n; k++) {
    const i = index.get(tx.customer[k]);
    totalCents[i] += tx.cents[k];
    if (tx.day[k] < currentFrom) before[i] += 1;
    else {
      current[i] += 1;
      currentCents += BigInt(tx.cents[k]);
    }
  }
  const value = Float64Array.from(totalCents, (c) => c / 100);
  const figures = { "customers.n": n, "customers.transactions": tx.n };

  progress("tiers, Lorenz curve and RFM", 0.25);
  // The per-customer arrays have no row of the file: an error names the file and the library's words.
  return located(tx, {}, () => tiersAndRfm(tx, s, { figures, value, start, end, currentFrom, before, current, currentCents }));
}

function tiersAndRfm(tx, s, { figures, value, start, end, currentFrom, before, current, currentCents }) {
  const n = s.customerId.length;
  const tiers = { abc: abc(value), curry: curry(value) };
  const total = value.reduce((a, b) => a + b, 0);
  const tierTables = {};
  for (const [name, labels] of Object.entries(tiers)) {
    const k = name === "abc" ? 3 : 4;
    const rows = Array.from({ length: k }, () => ({ customers: 0, value: 0 }));
    labels.forEach((l, i) => { rows[l].customers += 1; rows[l].value += value[i]; });
    rows.forEach((r, j) => { figures[`${name}.customers.${j}`] = r.customers; r.share = r.value / total; });
    tierTables[name] = rows;
  }
  const lz = lorenz(value, { points: 100 });
  figures.gini = lz.gini;
  const since = Float64Array.from(s.T, (t, i) => t - s.recency[i]);
  const days = Float64Array.from(s.frequency, (x) => x + 1);
  const rfm = rfmScores(since, days, value, { q: 5 });
  const seg = rfmSegments(rfm.r, rfm.f, rfm.m);
  seg.names.forEach((name, k) => { figures[`rfm.segment.${name}`] = seg.counts[k]; });
  // The R × F grid: customers and mean spend in each cell.
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => ({ customers: 0, value: 0 })));
  for (let i = 0; i < n; i++) {
    const cell = grid[rfm.r[i] - 1][rfm.f[i] - 1];
    cell.customers += 1;
    cell.value += value[i];
  }

  const result = {
    kind: "transactions", file: tx.file, figures, tiers: tierTables,
    lorenz: { population: lz.populationShare, value: lz.valueShare },
    rfm: { grid, segments: seg.names.map((name, k) => ({ name, customers: seg.counts[k] })) },
    period: { start: start * DAY_MS, end: end * DAY_MS, currentFrom: currentFrom * DAY_MS },
  };
  let activeCurrent = 0;
  for (const c of current) if (c > 0) activeCurrent += 1;
  return { result, summary: { s, value }, economicsInput: { before, current, currentCents, activeCurrent } };
}

/**
 * The models of repeat buying on a summary (in weeks): BG/NBD and Gamma-Gamma fits, P(alive) of
 * each customer and on the grid of histories, and lifetimes-style CLV.
 */
export function models(file, { s, value }, progress) {
  const n = s.customerId.length;
  const figures = {};
  progress("fitting BG/NBD", 0.4);
  const monetary = s.monetaryValue;
  const bg = BetaGeo.fit(s.frequency, s.recency, s.T);
  let gg;
  try {
    progress("fitting Gamma-Gamma", 0.65);
    const repeat = [];
    for (let i = 0; i < n; i++) if (s.frequency[i] > 0) repeat.push(i);
    gg = GammaGamma.fit(repeat.map((i) => s.frequency[i]), repeat.map((i) => monetary[i]));
  } catch (e) {
    bg.free();
    throw e;
  }
  try {
    progress("P(alive) and CLV", 0.8);
    for (const k of ["r", "alpha", "a", "b"]) figures[`bgnbd.${k}`] = bg.params[k];
    figures["bgnbd.logLikelihood"] = bg.logLikelihood;
    for (const k of ["p", "q", "v"]) figures[`gammaGamma.${k}`] = gg.params[k];
    figures["gammaGamma.logLikelihood"] = gg.logLikelihood;
    const alive = bg.conditionalProbabilityAlive(s.frequency, s.recency, s.T);
    const matrix = bg.conditionalProbabilityAliveMatrix();
    figures["palive.mean"] = mean(alive);
    figures["palive.gridRows"] = matrix.length;
    figures["palive.gridCols"] = matrix[0].length;
    let cells = 0;
    let sum = 0;
    for (const row of matrix) for (const x of row) { sum += x; cells += 1; }
    figures["palive.gridMean"] = sum / cells;
    const value12 = gg.customerLifetimeValue(bg, s.frequency, s.recency, s.T, monetary, CLV);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => value12[b] - value12[a] || a - b);
    let clvTotal = 0;
    for (const x of value12) clvTotal += x;
    figures["clv.total"] = clvTotal;
    figures["clv.mean"] = clvTotal / n;
    const top = order.slice(0, 10).map((i) => ({
      id: s.customerId[i], repeats: s.frequency[i], alive: alive[i], clv: value12[i], spend: value[i],
    }));
    top.slice(0, 5).forEach((c, k) => { figures[`clv.top.${k}.id`] = c.id; figures[`clv.top.${k}.value`] = c.clv; });

    return {
      kind: "models", file, figures,
      models: {
        bg: { params: bg.params, stdErrors: bg.stdErrors, logLikelihood: bg.logLikelihood, converged: bg.report.converged },
        gg: { params: gg.params, stdErrors: gg.stdErrors, logLikelihood: gg.logLikelihood, converged: gg.report.converged,
          n: gg.nCustomers },
      },
      alive: { matrix, mean: figures["palive.mean"] },
      clv: { values: value12, top },
    };
  } finally {
    bg.free();
    gg.free();
  }
}

/**
 * Retention economics in exact money: the yearly retention of the customers who bought before the
 * last twelve months, the yearly margin of a customer (mean spend of the last twelve months times
 * the margin, rounded half up to the cent), and CLV, its gain from better retention and payback.
 */
export function economics(file, input, settings) {
  if (input.activeCurrent === 0 || input.before.every((c) => c === 0)) {
    throw new FileError(file, null, null, "the retention economics need purchases both in the last 12 months of the log and before them");
  }
  const k = loyaltyIndicators(input.before, input.current);
  const n = BigInt(input.activeCurrent);
  const percent = BigInt(settings.marginPercent);
  const cents = (input.currentCents * percent + 50n * n) / (100n * n);
  const margin = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
  const opts = { discount: settings.discount };
  const v = clv(margin, k.retentionRate, { ...opts, acquisitionCost: settings.acquisitionCost });
  const imp = retentionImpact(margin, k.retentionRate, settings.retentionChange, opts);
  const pay = payback(settings.acquisitionCost, margin, k.retentionRate, opts);
  return {
    settings,
    indicators: k,
    figures: {
      "economics.retention": k.retentionRate,
      "economics.margin": margin,
      "economics.clv": v.gross,
      "economics.clvNet": v.net,
      "economics.clvAfter": imp.clvAfter,
      "economics.difference": imp.difference,
      "economics.payback": pay.periods,
    },
  };
}
