// The golden-vector cases (core/tests/data/golden.json) as JS calls, shared by the Node suite and
// the browser page: plain ES module, no Node APIs.

const SPECIAL = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
export const decode = (v) =>
  typeof v === "string" && v in SPECIAL ? SPECIAL[v]
  : Array.isArray(v) ? v.map(decode)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]))
  : v;
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
// The options object of a call: the keys of `names` present in the case, camelCased.
const opts = (a, names) => Object.fromEntries(names.filter((n) => n in a).map((n) => [camel(n), a[n]]));
const cri = (a) => [a.credibility, a.reliability, a.intimacy, a.self_orientation];

const CALLS = {
  "satisfaction.nps": (cm, a) => cm.nps(a.scores, opts(a, ["confidence", "nan_policy"])),
  "satisfaction.nps_difference": (cm, a) => cm.npsDifference(a.scores_a, a.scores_b, opts(a, ["confidence", "nan_policy"])),
  "satisfaction.csat": (cm, a) => cm.csat(a.responses, opts(a, ["scale_points", "top_k", "nan_policy"])),
  "satisfaction.satisfaction_rate": (cm, a) => cm.satisfactionRate(a.ratings, a.threshold, opts(a, ["nan_policy"])),
  "satisfaction.disconfirmation": (cm, a) =>
    cm.disconfirmation(a.perception, a.expectation, opts(a, ["weights", "delight_margin"])),
  "satisfaction.servqual": (cm, a) => cm.servqual(a.expectations, a.perceptions, opts(a, ["importance", "dimensions"])),
  "satisfaction.zone_of_tolerance": (cm, a) =>
    cm.zoneOfTolerance(a.adequate, a.desired, a.perceived, opts(a, ["dimensions"])),
  "satisfaction.five_gaps": (cm, a) => cm.fiveGaps(a),
  "satisfaction.csi": (cm, a) => cm.csi(a.ratings, opts(a, ["scale", "weights", "overall"])),
  "satisfaction.ipa": (cm, a) => cm.ipa(a.importance, a.performance, opts(a, ["importance_cut", "performance_cut"])),
  "satisfaction.complaint_iceberg": (cm, a) =>
    cm.complaintIceberg(a.formal_complaints, a.people_told, opts(a, ["formal_share", "voiced_share", "silent_share"])),
  "satisfaction.sample_size": (cm, a) => cm.sampleSize(a.margin, opts(a, ["confidence", "proportion", "population"])),
  "satisfaction.margin_of_error": (cm, a) => cm.marginOfError(a.proportion, a.n, opts(a, ["confidence", "population"])),
  "trust.trust_score": (cm, a) => cm.trustScore(...cri(a), opts(a, ["scale"])),
  "trust.trust_scores": (cm, a) => cm.trustScores(...cri(a), opts(a, ["scale", "nan_policy"])),
  "trust.trust_over_raters": (cm, a) => cm.trustOverRaters(...cri(a), opts(a, ["scale"])),
  "trust.sensitivity": (cm, a) => cm.trustSensitivity(...cri(a), opts(a, ["scale"])),
};

function fail(message) {
  throw new Error(message);
}

function pick(value, path) {
  if (path === ".") return value;
  const steps = path.split(".");
  const walk = (v, i) =>
    i === steps.length || v === null ? v
    : steps[i] === "*" ? Array.from(v, (x) => walk(x, i + 1))
    : walk(v[camel(steps[i])], i + 1);
  return walk(value, 0);
}

function assertClose(got, want, where) {
  if (Array.isArray(want)) {
    if (got?.length !== want.length) fail(`${where}: length ${got?.length} != ${want.length}`);
    want.forEach((w, i) => assertClose(got[i], w, where));
  } else if (want === "NaN") {
    if (!Number.isNaN(got)) fail(`${where}: ${got} is not NaN`);
  } else if (typeof want === "number") {
    if (typeof got !== "number" || !(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)))) {
      fail(`${where}: ${got} != ${want}`);
    }
  } else if (JSON.stringify(got) !== JSON.stringify(want)) {
    fail(`${where}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`);
  }
}

/** Runs one golden case against the module `cm`; throws with a message on any mismatch. */
export function runCase(cm, c) {
  const call = CALLS[c.function] ?? fail(`no JS call for ${c.function}`);
  const args = decode(c.args);
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
    assertClose(got, c.error, `${c.name} (${thrown.message})`);
  } else {
    const result = call(cm, args);
    for (const [path, want] of Object.entries(c.expected)) assertClose(pick(result, path), want, `${c.name}: ${path}`);
  }
}
