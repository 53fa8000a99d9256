// The golden-vector cases (every core/tests/data/golden*.json) as JS calls, shared by the Node
// suite and the browser page: plain ES module, no Node APIs.
//
// Every file repeats one set of conventions (core/tests/data/README.md, "Golden vectors");
// assertClose is that comparison: paths ('.' the whole result, each step read in camelCase),
// numbers within atol + rtol * |expected| (the case's, defaults 1e-12 and 0), decimal strings as
// decimals after rounding the actual value half to even to the case's round_dp places, an
// expected number against a decimal string as numbers, objects as subsets, lists element by
// element. Arguments use the Python names; CALLS maps them to the JS signature. The files give
// classes by name; JS gives codes with labels, which CALLS names first. An argument
// {file, column} is a CSV column: runCase takes the files' texts (dataFiles lists them).

// Golden files of core modules the package does not expose yet, with the reason; the Rust suite
// runs them. An entry here is a debt: bind the module and delete the entry.
export const NOT_BOUND = {};

const SPECIAL = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
const isColumn = (v) => v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).sort().join() === "column,file";
// Column `name` of a CSV text with a header, as numbers.
function column(text, name) {
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const i = header.split(",").map((h) => h.trim()).indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return rows.map((r) => Number(r.split(",")[i]));
}
export const decode = (v, files = {}) =>
  typeof v === "string" && v in SPECIAL ? SPECIAL[v]
  : Array.isArray(v) ? v.map((x) => decode(x, files))
  : isColumn(v) ? column(files[v.file] ?? fail(`data file ${v.file} not loaded`), v.column)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x, files)]))
  : v;

/** The data files (in core/tests/data) a case's arguments read. */
export const dataFiles = (c) => {
  const out = new Set();
  const walk = (v) => {
    if (isColumn(v)) out.add(v.file);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(c.args);
  return [...out];
};
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
// The options object of a call: the keys of `names` present in the case, camelCased.
const opts = (a, names) => Object.fromEntries(names.filter((n) => n in a).map((n) => [camel(n), a[n]]));
const cri = (a) => [a.credibility, a.reliability, a.intimacy, a.self_orientation];
const NPS_OPTIONS = ["confidence", "nan_policy", "method", "prior", "threshold", "resamples", "seed"];
const RATE_OPTIONS = ["nan_policy", "method", "confidence"];
const CSAT_OPTIONS = ["scale_points", "top_k", ...RATE_OPTIONS];
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
const VALUATION = ["discount", "growth", "horizon", "timing"];
// The files' times are integer seconds since the epoch; JS takes milliseconds.
const ms = (t) => (t === undefined || t === null ? undefined : t * 1000);
const defined = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const sbg = (cm, a) => new cm.ShiftedBetaGeo(a.alpha, a.beta);
// A model method's result, the model freed at once (wasm memory is not garbage-collected).
const withModel = (model, f) => {
  try {
    return f(model);
  } finally {
    model.free();
  }
};

// The transaction models: JS takes arrays of customers and one horizon at a time; the files may
// give one customer (scalars, as Python takes them) or several horizons.
const MODEL_PARAMS = {
  BetaGeo: ["r", "alpha", "a", "b"],
  ModifiedBetaGeo: ["r", "alpha", "a", "b"],
  ParetoNBD: ["r", "alpha", "s", "beta"],
  GammaGamma: ["p", "q", "v"],
  BetaGeoBetaBinom: ["alpha", "beta", "gamma", "delta"],
  ShiftedBetaGeo: ["alpha", "beta"],
};
const FIT_OPTIONS = ["penalizer", "max_iterations", "tolerance", "initial", "require_convergence", "weights"];
// A fit as the files write it: {params, log_likelihood, std_errors}.
const fitted = (m) => ({ params: m.params, logLikelihood: m.logLikelihood, stdErrors: m.stdErrors });
const fromParams = (name) => (cm, a) => withModel(model(cm, name, a), (m) => ({ params: m.params }));
const model = (cm, name, a) => new cm[name](...MODEL_PARAMS[name].map((k) => a[k]));
const many = (v) => (Array.isArray(v) ? v : [v]);
const shaped = (like, out) => (Array.isArray(like) ? Array.from(out) : out[0]);
const modelCalls = (name) => ({
  [`retention.${name}.conditional_probability_alive`]: (cm, a) =>
    withModel(model(cm, name, a), (m) =>
      shaped(a.frequency, m.conditionalProbabilityAlive(many(a.frequency), many(a.recency), many(a.T)))),
  // rows (recency) of Float64Array, flattened to the file's row-major list
  [`retention.${name}.conditional_probability_alive_matrix`]: (cm, a) =>
    withModel(model(cm, name, a), (m) =>
      m.conditionalProbabilityAliveMatrix(a.max_frequency, a.max_recency).flatMap((row) => Array.from(row))),
  [`retention.${name}.expected_number_of_purchases_up_to_time`]: (cm, a) =>
    withModel(model(cm, name, a), (m) => shaped(a.t, many(a.t).map((t) => m.expectedNumberOfPurchasesUpToTime(t)))),
  [`retention.${name}.conditional_expected_number_of_purchases_up_to_time`]: (cm, a) =>
    withModel(model(cm, name, a), (m) => shaped(a.frequency,
      m.conditionalExpectedNumberOfPurchasesUpToTime(a.t, many(a.frequency), many(a.recency), many(a.T)))),
  [`retention.${name}.probability_of_n_purchases_up_to_time`]: (cm, a) =>
    withModel(model(cm, name, a), (m) => shaped(a.n, many(a.n).map((n) => m.probabilityOfNPurchasesUpToTime(a.t, n)))),
  [`retention.${name}.log_likelihood`]: (cm, a) =>
    withModel(model(cm, name, a), (m) => m.logLikelihoodOf(a.frequency, a.recency, a.T, a.weights)),
  [`retention.${name}.fit`]: (cm, a) =>
    withModel(cm[name].fit(a.frequency, a.recency, a.T, opts(a, FIT_OPTIONS)), fitted),
});
const bgbb = (cm, a) => model(cm, "BetaGeoBetaBinom", a);
const BGBB = {
  "retention.BetaGeoBetaBinom.conditional_probability_alive": (cm, a) => withModel(bgbb(cm, a), (m) =>
    shaped(a.frequency, m.conditionalProbabilityAlive(a.m_periods_in_future, many(a.frequency), many(a.recency),
      many(a.n_periods)))),
  "retention.BetaGeoBetaBinom.conditional_expected_number_of_purchases_up_to_time": (cm, a) => withModel(bgbb(cm, a),
    (m) => shaped(a.frequency, m.conditionalExpectedNumberOfPurchasesUpToTime(a.m_periods_in_future,
      many(a.frequency), many(a.recency), many(a.n_periods)))),
  "retention.BetaGeoBetaBinom.expected_number_of_purchases_up_to_time": (cm, a) => withModel(bgbb(cm, a), (m) =>
    shaped(a.n_periods, many(a.n_periods).map((n) => m.expectedNumberOfPurchasesUpToTime(n)))),
  "retention.BetaGeoBetaBinom.probability_of_n_purchases_up_to_time": (cm, a) => withModel(bgbb(cm, a), (m) =>
    shaped(a.n, many(a.n).map((n) => m.probabilityOfNPurchasesUpToTime(a.n_periods, n)))),
  "retention.BetaGeoBetaBinom.log_likelihood": (cm, a) => withModel(bgbb(cm, a), (m) =>
    m.logLikelihoodOf(a.frequency, a.recency, a.n_periods, a.weights)),
  "retention.BetaGeoBetaBinom.fit": (cm, a) =>
    withModel(cm.BetaGeoBetaBinom.fit(a.frequency, a.recency, a.n_periods, opts(a, FIT_OPTIONS)), fitted),
  // Python's table of the fitted customers: P(X(n) = x) times nCustomers, x = 0..n (JS has no such method)
  "retention.BetaGeoBetaBinom.expected_number_of_transactions_in_first_n_periods": (cm, a) =>
    withModel(cm.BetaGeoBetaBinom.fit(a.frequency, a.recency, a.n_periods, opts(a, FIT_OPTIONS)), (m) => ({
      model: Array.from({ length: a.n + 1 }, (_, x) => m.probabilityOfNPurchasesUpToTime(a.n, x) * m.nCustomers),
    })),
};
const gg = (cm, a) => model(cm, "GammaGamma", a);
const GAMMA_GAMMA = {
  "retention.GammaGamma.conditional_expected_average_profit": (cm, a) => withModel(gg(cm, a), (m) =>
    shaped(a.frequency, m.conditionalExpectedAverageProfit(many(a.frequency), many(a.monetary_value)))),
  "retention.GammaGamma.log_likelihood": (cm, a) =>
    withModel(gg(cm, a), (m) => m.logLikelihoodOf(a.frequency, a.monetary_value, a.weights)),
  "retention.GammaGamma.fit": (cm, a) =>
    withModel(cm.GammaGamma.fit(a.frequency, a.monetary_value, opts(a, FIT_OPTIONS)), fitted),
  "retention.GammaGamma.independence_check": (cm, a) => cm.GammaGamma.independenceCheck(a.frequency, a.monetary_value),
  "retention.GammaGamma.customer_lifetime_value": (cm, a) => {
    const { model: name, params } = a.transaction_model;
    return withModel(model(cm, name, params), (tm) => withModel(gg(cm, a), (m) => shaped(a.frequency,
      m.customerLifetimeValue(tm, many(a.frequency), many(a.recency), many(a.T), many(a.monetary_value),
        opts(a, ["time", "discount_rate", "freq"])))));
  },
};

// A classification with its codes named: the files give classes by name.
const named = (r) => ({ ...r, classes: Array.from(r.classes, (c) => r.labels[c]) });
const JONES_SASSER = ["satisfaction_scale", "loyalty_scale", "satisfaction_cut", "loyalty_cut", "apostle_satisfaction",
  "apostle_loyalty", "terrorist_satisfaction", "terrorist_loyalty"];

// The files give a caller-defined form as {categories: [[id, items]...], low, high} and item
// splits of GB/T 19580 as {category id: [[item id, points]...]}.
const ORIENTATION_OPTIONS = ["groups", "nan_policy", "max_missing", "confidence", "low_answer"];
const instrumentOf = (cm, i) => (i ? cm.instrumentFromCounts(i.categories, i.low, i.high) : undefined);
const frameOf = (cm, items) => Object.entries(items ?? {}).reduce((frame, [category, list]) =>
  cm.frameWithItems(frame, category, list.map(([id, points]) => ({ id, name: { en: "", zh: "" }, points }))), cm.gbt19580());

export const CALLS = {
  "assessment.orientation": (cm, a) =>
    cm.orientation(a.answers, defined({ ...opts(a, ORIENTATION_OPTIONS), instrument: instrumentOf(cm, a.instrument) })),
  "assessment.excellence": (cm, a) =>
    cm.excellence(a.scores, { ...opts(a, ["disagreement", "nan_policy"]), frame: frameOf(cm, a.frame_items) }),
  "assessment.decision": (cm, a) =>
    cm.decision(a.scores, a.weights, opts(a, ["criteria", "alternatives", "cost", "normalise", "nan_policy"])),
  "assessment.ahp": (cm, a) => cm.ahp(a.pairwise, opts(a, ["reciprocal_tolerance"])),
  "satisfaction.nps": (cm, a) => ("segments" in a
    ? cm.npsBySegment(a.scores, a.segments, opts(a, [...NPS_OPTIONS, "weights"]))
    : cm.nps(a.scores, opts(a, [...NPS_OPTIONS, "weights"]))),
  "satisfaction.rake": (cm, a) => cm.rake(a.margins, opts(a, ["base", "max_iterations", "tolerance"])),
  "satisfaction.nps_from_counts": (cm, a) => cm.npsFromCounts(a.promoters, a.passives, a.detractors, a.confidence),
  "satisfaction.nps_difference": (cm, a) => cm.npsDifference(a.scores_a, a.scores_b, opts(a, ["confidence", "nan_policy"])),
  "satisfaction.csat": (cm, a) => ("segments" in a
    ? cm.csatBySegment(a.responses, a.segments, opts(a, [...CSAT_OPTIONS, "weights"]))
    : cm.csat(a.responses, opts(a, [...CSAT_OPTIONS, "weights"]))),
  "satisfaction.csat_difference": (cm, a) => cm.csatDifference(a.responses_a, a.responses_b, opts(a, CSAT_OPTIONS)),
  "satisfaction.satisfaction_rate_difference": (cm, a) =>
    cm.satisfactionRateDifference(a.ratings_a, a.ratings_b, a.threshold, opts(a, RATE_OPTIONS)),
  "satisfaction.key_drivers": (cm, a) =>
    cm.keyDrivers(a.overall, a.attributes, opts(a, ["method", "nan_policy", "resamples", "confidence", "seed"])),
  "satisfaction.mean_trend": (cm, a) =>
    cm.meanTrend(a.values, a.scale, a.periods, opts(a, ["confidence", "nan_policy", "weights"])),
  "satisfaction.nps_trend": (cm, a) => cm.npsTrend(a.scores, a.periods, opts(a, ["confidence", "nan_policy", "weights"])),
  "satisfaction.nps_chi_square": (cm, a) => cm.npsChiSquare(a.scores, a.segments, opts(a, ["nan_policy", "weights"])),
  "satisfaction.nps_versus_rest": (cm, a) => cm.npsVersusRest(a.scores, a.segments, opts(a, ["confidence", "nan_policy", "weights"])),
  "satisfaction.satisfaction_rate": (cm, a) => ("segments" in a
    ? cm.satisfactionRateBySegment(a.ratings, a.threshold, a.segments, opts(a, [...RATE_OPTIONS, "weights"]))
    : cm.satisfactionRate(a.ratings, a.threshold, opts(a, [...RATE_OPTIONS, "weights"]))),
  "satisfaction.disconfirmation": (cm, a) =>
    cm.disconfirmation(a.perception, a.expectation, opts(a, ["importance", "delight_margin"])),
  "satisfaction.servqual_from_sums": (cm, a) => cm.servqualFromSums(a.n, a.item_gap_sums, opts(a, ["importance", "dimensions"])),
  "satisfaction.csi_from_sums": (cm, a) =>
    cm.csiFromSums(a.n, a.sum, opts(a, ["scale", "importance", "sum_squares", "overall_sum", "overall_sum_squares", "cross"])),
  "satisfaction.servqual": (cm, a) => cm.servqual(a.expectations, a.perceptions, opts(a, ["importance", "dimensions"])),
  "satisfaction.zone_of_tolerance": (cm, a) =>
    cm.zoneOfTolerance(a.adequate, a.desired, a.perceived, opts(a, ["dimensions"])),
  "satisfaction.five_gaps": (cm, a) => cm.fiveGaps(a),
  "satisfaction.csi": (cm, a) => cm.csi(a.ratings, opts(a, ["scale", "importance", "overall"])),
  "satisfaction.ipa": (cm, a) => cm.ipa(a.importance, a.performance, opts(a, ["importance_cut", "performance_cut"])),
  "satisfaction.complaint_iceberg": (cm, a) =>
    cm.complaintIceberg(a.formal_complaints, a.people_told, opts(a, ["formal_share", "voiced_share", "silent_share"])),
  "satisfaction.sample_size": (cm, a) => cm.sampleSize(a.margin, opts(a, ["confidence", "proportion", "population"])),
  "satisfaction.margin_of_error": (cm, a) => cm.marginOfError(a.proportion, a.n, opts(a, ["confidence", "population"])),
  "trust.trust_score": (cm, a) => cm.trustScore(...cri(a), opts(a, ["scale"])),
  "trust.trust_scores": (cm, a) => cm.trustScores(...cri(a), opts(a, ["scale", "nan_policy"])),
  "trust.trust_over_raters": (cm, a) => cm.trustOverRaters(...cri(a), opts(a, ["scale"])),
  "satisfaction.servqual_survey": (cm, a) => {
    const o = opts(a, ["importance", "dimensions", "scale", "confidence", "weights"]);
    return "segments" in a
      ? cm.servqualBySegment(a.expectations, a.perceptions, a.segments, o)
      : cm.servqualBySegment(a.expectations, a.perceptions, null, o).total;
  },
  "satisfaction.disconfirmation_survey": (cm, a) => {
    const o = opts(a, ["importance", "delight_margin", "scale", "confidence", "weights"]);
    return "segments" in a
      ? cm.disconfirmationBySegment(a.perceptions, a.expectations, a.segments, o)
      : cm.disconfirmationBySegment(a.perceptions, a.expectations, null, o).total;
  },
  "satisfaction.ipa_survey": (cm, a) => {
    const o = opts(a, ["importance_cut", "performance_cut", "scale", "confidence", "weights", "overall", "method"]);
    return "segments" in a
      ? cm.ipaBySegment(a.performance, a.importance ?? null, a.segments, o)
      : cm.ipaBySegment(a.performance, a.importance ?? null, null, o).total;
  },
  "satisfaction.mean_difference": (cm, a) => cm.meanDifference(a.a, a.b, a.scale, {
    ...opts(a, ["confidence", "nan_policy"]), ...(a.weights_a ? { weightsA: a.weights_a } : {}),
    ...(a.weights_b ? { weightsB: a.weights_b } : {}),
  }),
  "satisfaction.csi_survey": (cm, a) => {
    const o = opts(a, ["scale", "importance", "overall", "confidence", "weights"]);
    return "segments" in a ? cm.csiBySegment(a.ratings, a.segments, o) : cm.csiBySegment(a.ratings, null, o).total;
  },
  "satisfaction.mean": (cm, a) => ("segments" in a
    ? cm.meanBySegment(a.values, a.scale, a.segments, opts(a, ["confidence", "nan_policy", "weights"]))
    : cm.mean(a.values, a.scale, opts(a, ["confidence", "nan_policy", "weights"]))),
  "satisfaction.mean_versus_rest": (cm, a) =>
    cm.meanVersusRest(a.values, a.scale, a.segments ?? null, opts(a, ["confidence", "nan_policy", "weights"])),
  "trust.trust_survey": (cm, a) => ("segments" in a
    ? cm.trustBySegment(...cri(a), a.segments, opts(a, ["scale", "confidence", "nan_policy", "weights"]))
    : cm.trustBySegment(...cri(a), null, opts(a, ["scale", "confidence", "nan_policy", "weights"])).total),
  "trust.sensitivity": (cm, a) => cm.trustSensitivity(...cri(a), opts(a, ["scale"])),
  "retention.churn_from_retention": (cm, a) => cm.churnFromRetention(a.retention),
  "retention.retention_from_churn": (cm, a) => cm.retentionFromChurn(a.churn),
  "retention.convert_retention": (cm, a) => cm.convertRetention(a.retention, a.from_length, a.to_length),
  "retention.convert_churn": (cm, a) => cm.convertChurn(a.churn, a.from_length, a.to_length),
  "retention.expected_lifetime": (cm, a) => cm.expectedLifetime(a.retention),
  "retention.clv_closed_form": (cm, a) => cm.clvClosedForm(a.margin, a.retention, opts(a, ["discount", "timing"])),
  "retention.clv": (cm, a) => cm.clv(a.margin, a.retention, opts(a, ["acquisition_cost", ...VALUATION])),
  "retention.clv_many": (cm, a) => cm.clvMany(a.margins, a.retention, opts(a, VALUATION)),
  "retention.customer_equity": (cm, a) => cm.customerEquity(a.cohorts.map(camelKeys), opts(a, VALUATION)),
  "retention.retention_impact": (cm, a) => cm.retentionImpact(a.margin, a.retention, a.change, opts(a, VALUATION)),
  "retention.break_even_retention_spend": (cm, a) =>
    cm.breakEvenRetentionSpend(a.margin, a.retention, a.lift, opts(a, VALUATION)),
  "retention.payback": (cm, a) => cm.payback(a.acquisition_cost, a.margin, a.retention, opts(a, VALUATION)),
  "retention.cost_ratio": (cm, a) => cm.costRatio(a.acquisition_cost, a.retention_cost),
  "retention.summary_from_transactions": (cm, a) =>
    cm.summaryFromTransactions(a.customers, a.times.map(ms), defined({
      monetaryValue: a.values,
      freq: a.freq,
      observationPeriodEnd: ms(a.observation_end),
      calibrationPeriodEnd: ms(a.calibration_end),
      freqMultiplier: a.freq_multiplier,
      includeFirstTransaction: a.include_first_transaction,
    })),
  ...modelCalls("BetaGeo"),
  ...modelCalls("ModifiedBetaGeo"),
  ...modelCalls("ParetoNBD"),
  "retention.ParetoNBD.conditional_probability_of_n_purchases_up_to_time": (cm, a) =>
    withModel(model(cm, "ParetoNBD", a), (m) => shaped(a.frequency,
      m.conditionalProbabilityOfNPurchasesUpToTime(a.n, a.t, many(a.frequency), many(a.recency), many(a.T)))),
  ...BGBB,
  ...GAMMA_GAMMA,
  "retention.ShiftedBetaGeo.fit": (cm, { survivors, ...options }) =>
    withModel(cm.ShiftedBetaGeo.fit(survivors, camelKeys(options)), fitted),
  "retention.ShiftedBetaGeo.from_params": fromParams("ShiftedBetaGeo"),
  "retention.ShiftedBetaGeo.log_likelihood": (cm, a) => withModel(sbg(cm, a), (m) => m.logLikelihoodOf(a.survivors)),
  "retention.ShiftedBetaGeo.survival_curve": (cm, a) => withModel(sbg(cm, a), (m) => Array.from(m.survivalCurve(a.periods))),
  "retention.ShiftedBetaGeo.retention_curve": (cm, a) =>
    withModel(sbg(cm, a), (m) => Array.from(m.retentionCurve(a.periods))),
  "retention.ShiftedBetaGeo.expected_survivors": (cm, a) =>
    withModel(sbg(cm, a), (m) => Array.from(m.expectedSurvivors(a.cohort_size, a.periods))),
  "retention.ShiftedBetaGeo.discounted_expected_lifetime": (cm, a) => withModel(sbg(cm, a), (m) => m.del(a.discount)),
  "retention.ShiftedBetaGeo.discounted_expected_residual_lifetime": (cm, a) =>
    withModel(sbg(cm, a), (m) => m.derl(a.discount, a.renewals)),
  "retention.ShiftedBetaGeo.expected_clv": (cm, a) => withModel(sbg(cm, a), (m) => m.expectedClv(a.margin, a.discount)),
  "retention.ShiftedBetaGeo.expected_residual_value": (cm, a) =>
    withModel(sbg(cm, a), (m) => m.expectedResidualValue(a.margin, a.discount, a.renewals)),
  "retention.ShiftedBetaGeo.survival": (cm, a) => withModel(sbg(cm, a), (m) => m.survival(a.t)),
  "retention.ShiftedBetaGeo.retention_rate": (cm, a) => withModel(sbg(cm, a), (m) => m.retentionRate(a.t)),
  "retention.ShiftedBetaGeo.churn_probability": (cm, a) => withModel(sbg(cm, a), (m) => m.churnProbability(a.t)),
  "retention.ShiftedBetaGeo.del": (cm, a) => withModel(sbg(cm, a), (m) => m.del(a.discount)),
  "retention.ShiftedBetaGeo.derl": (cm, a) => withModel(sbg(cm, a), (m) => m.derl(a.discount, a.renewals)),
  "loyalty.dick_basu": (cm, a) =>
    named(cm.dickBasu(a.attitude, a.patronage, opts(a, ["attitude_threshold", "patronage_threshold"]))),
  "loyalty.jones_sasser": (cm, a) => named(cm.jonesSasser(a.satisfaction, a.loyalty, opts(a, JONES_SASSER))),
  "loyalty.loyalty_indicators": (cm, a) =>
    cm.loyaltyIndicators(a.previous, a.current, opts(a, ["first_purchase", "last_purchase"])),
  "loyalty.loyalty_index": (cm, a) => cm.loyaltyIndex(a.scores, a.weights),
  "loyalty.normalised_score": (cm, a) => cm.normalisedScore(a.value, a.worst, a.best),
  "tiers.abc": (cm, a) => cm.abc(a.values, opts(a, ["a", "b"])),
  "tiers.pyramid": (cm, a) => cm.pyramid(a.values, a.shares),
  "tiers.curry": (cm, a) => cm.curry(a.values, opts(a, ["shares"])),
  "tiers.quantile_scores": (cm, a) => cm.quantileScores(a.values, opts(a, ["q", "reverse"])),
  "tiers.rfm_code": (cm, a) => cm.rfmCode(a.r, a.f, a.m, a.q),
  "tiers.rfm_scores": (cm, a) => cm.rfmScores(a.recency, a.frequency, a.monetary, opts(a, ["q"])),
  "tiers.rfm_segments": (cm, a) => cm.rfmSegments(a.r, a.f, a.m, opts(a, ["map"])),
  "tiers.gini": (cm, a) => cm.gini(a.values),
  "tiers.lorenz": (cm, a) => cm.lorenz(a.values, opts(a, ["points"])),
  "tiers.profit_pyramid": (cm, a) => cm.profitPyramid(a.values, a.tiers, a.n_tiers),
  "tiers.migration": (cm, a) => cm.migration(a.from_tiers, a.to_tiers, a.n_tiers),
  "tiers.steady_state": (cm, a) => cm.steadyState(a.transition),
  "tiers.project": (cm, a) => cm.project(a.distribution, a.transition, a.periods),
  "tiers.markov_clv": (cm, a) => cm.markovClv(a.transition, a.margins, a.discount_rate, opts(a, ["horizon"])),
};

/** The cases of one golden file, each knowing its file. */
export function casesOf(file, doc) {
  return doc.cases.map((c) => ({ ...c, file }));
}

/** The JS names a golden case calls: "name" for a function, "Class.method" for a model's method. */
export const jsNames = (c) => (CALL_NAMES[c.function] ?? [c.function.split(".").slice(1).map((p, i, all) =>
  i === all.length - 1 ? camel(p) : p).join(".")]);
// Golden functions whose JS name is not the camelCase of the Python one. A Class.method case
// builds the model with its constructor (from_params in Python).
const CALL_NAMES = {
  "satisfaction.nps": ["nps", "npsBySegment"],
  "satisfaction.csat": ["csat", "csatBySegment"],
  "satisfaction.satisfaction_rate": ["satisfactionRate", "satisfactionRateBySegment"],
  "satisfaction.mean": ["mean", "meanBySegment"],
  "assessment.orientation": ["orientation", "instrumentFromCounts"],
  "assessment.excellence": ["excellence", "frameWithItems", "gbt19580"],
  "trust.sensitivity": ["trustSensitivity"],
  "trust.trust_survey": ["trustBySegment"],
  "satisfaction.csi_survey": ["csiBySegment"],
  "satisfaction.servqual_survey": ["servqualBySegment"],
  "satisfaction.disconfirmation_survey": ["disconfirmationBySegment"],
  "satisfaction.ipa_survey": ["ipaBySegment"],
  "retention.ShiftedBetaGeo.discounted_expected_lifetime": ["ShiftedBetaGeo.del"],
  "retention.ShiftedBetaGeo.discounted_expected_residual_lifetime": ["ShiftedBetaGeo.derl"],
  "retention.ShiftedBetaGeo.from_params": ["ShiftedBetaGeo"],
  "retention.BetaGeoBetaBinom.expected_number_of_transactions_in_first_n_periods":
    ["BetaGeoBetaBinom.fit", "BetaGeoBetaBinom.probabilityOfNPurchasesUpToTime"],
  ...Object.fromEntries(Object.keys(MODEL_PARAMS).map((m) => [`retention.${m}.log_likelihood`, [`${m}.logLikelihoodOf`]])),
};

function tolerance(c) {
  return { rtol: c.rtol ?? 1e-12, atol: c.atol ?? 0, roundDp: c.round_dp ?? null };
}

// Decimal strings as rust_decimal writes them (no exponent), rounded half to even with BigInt.
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

function decimal(s, roundDp) {
  const m = typeof s === "string" ? DECIMAL.exec(s.trim()) : null;
  if (!m) return null;
  let [, sign, int, frac = ""] = m;
  if (roundDp !== null && frac.length > roundDp) {
    const rest = frac.slice(roundDp);
    let n = BigInt(int + frac.slice(0, roundDp));
    const tail = /^0*$/.test(rest.slice(1));
    if (rest[0] > "5" || (rest[0] === "5" && (!tail || n % 2n === 1n))) n += 1n;
    const digits = n.toString().padStart(roundDp + 1, "0");
    [int, frac] = [digits.slice(0, digits.length - roundDp), digits.slice(digits.length - roundDp)];
  }
  int = int.replace(/^0+(?=\d)/, "");
  frac = frac.replace(/0+$/, "");
  const zero = /^0*$/.test(int + frac);
  return `${sign === "-" && !zero ? "-" : ""}${int}${frac ? "." + frac : ""}`;
}

function fail(message) {
  throw new Error(message);
}

// Field `step` of a result, in camelCase.
const field = (v, step) => v?.[camel(step)];

function pick(value, path) {
  if (path === ".") return value;
  const steps = path.split(".");
  const walk = (v, i) =>
    i === steps.length || v === null ? v
    : steps[i] === "*" ? Array.from(v, (x) => walk(x, i + 1))
    : walk(field(v, steps[i]), i + 1);
  return walk(value, 0);
}

function assertClose(got, want, where, tol) {
  if (want === null) {
    if (got !== null && got !== undefined) fail(`${where}: ${JSON.stringify(got)} is not null`);
  } else if (Array.isArray(want)) {
    if (got?.length !== want.length) fail(`${where}: length ${got?.length} != ${want.length}`);
    want.forEach((w, i) => assertClose(got[i], w, `${where}[${i}]`, tol));
  } else if (typeof want === "string" && want in SPECIAL) { // "NaN", "Infinity", "-Infinity"
    if (!Object.is(got, SPECIAL[want])) fail(`${where}: ${got} is not ${want}`);
  } else if (typeof want === "object") {
    for (const [k, w] of Object.entries(want)) assertClose(field(got, k), w, `${where}.${k}`, tol);
  } else if (typeof want === "string" && decimal(want, null) !== null && typeof got === "string") {
    const [g, w] = [decimal(got, tol.roundDp), decimal(want, null)];
    if (g !== w) fail(`${where}: ${got} (${g}) != ${want}`);
  } else if (typeof want === "number" && typeof got === "string") { // money against a number
    if (!(Math.abs(Number(got) - want) <= tol.atol + tol.rtol * Math.abs(want))) fail(`${where}: ${got} != ${want}`);
  } else if (typeof want === "number") {
    if (typeof got !== "number" || !(Math.abs(got - want) <= tol.atol + tol.rtol * Math.abs(want))) {
      fail(`${where}: ${got} != ${want}`);
    }
  } else if (JSON.stringify(got) !== JSON.stringify(want)) {
    fail(`${where}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
}

/** Runs one golden case (from casesOf) against the module `cm`, with the texts of the data files
 * it reads (dataFiles); throws with a message on any mismatch. */
export function runCase(cm, c, files = {}) {
  const call = CALLS[c.function] ?? fail(`no JS call for ${c.function}`);
  const args = decode(c.args, files);
  if (c.error) {
    let thrown;
    try {
      call(cm, args);
    } catch (e) {
      thrown = e;
    }
    if (!thrown) fail(`${c.name}: expected ${c.error.code}, nothing thrown`);
    if (!(thrown instanceof Error) || thrown.name !== "CustometricsError") fail(`${c.name}: ${thrown}`);
    const got = { code: thrown.code, field: thrown.field, index: thrown.index };
    if (JSON.stringify(got) !== JSON.stringify(c.error)) {
      fail(`${c.name}: ${JSON.stringify(got)} != ${JSON.stringify(c.error)} (${thrown.message})`);
    }
  } else {
    const result = call(cm, args);
    const tol = tolerance(c);
    for (const [path, want] of Object.entries(c.expected)) {
      assertClose(pick(result, path), want, `${c.name}: ${path}`, tol);
    }
  }
}
