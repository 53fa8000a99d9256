// The shared golden vectors (core/tests/data/golden.json) through the JS API.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";

const golden = JSON.parse(readFileSync(new URL("../../core/tests/data/golden.json", import.meta.url), "utf8"));
const SPECIAL = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
const decode = (v) =>
  typeof v === "string" && v in SPECIAL ? SPECIAL[v]
  : Array.isArray(v) ? v.map(decode)
  : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]))
  : v;
const camel = (s) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
// The options object of a call: the keys of `names` present in the case, camelCased.
const opts = (a, names) => Object.fromEntries(names.filter((n) => n in a).map((n) => [camel(n), a[n]]));
const cri = (a) => [a.credibility, a.reliability, a.intimacy, a.self_orientation];

const CALLS = {
  "satisfaction.nps": (a) => cm.nps(a.scores, opts(a, ["confidence", "nan_policy"])),
  "satisfaction.nps_difference": (a) => cm.npsDifference(a.scores_a, a.scores_b, opts(a, ["confidence", "nan_policy"])),
  "satisfaction.csat": (a) => cm.csat(a.responses, opts(a, ["scale_points", "top_k", "nan_policy"])),
  "satisfaction.satisfaction_rate": (a) => cm.satisfactionRate(a.ratings, a.threshold, opts(a, ["nan_policy"])),
  "satisfaction.disconfirmation": (a) => cm.disconfirmation(a.perception, a.expectation, opts(a, ["weights", "delight_margin"])),
  "satisfaction.servqual": (a) => cm.servqual(a.expectations, a.perceptions, opts(a, ["importance", "dimensions"])),
  "satisfaction.zone_of_tolerance": (a) => cm.zoneOfTolerance(a.adequate, a.desired, a.perceived, opts(a, ["dimensions"])),
  "satisfaction.five_gaps": (a) => cm.fiveGaps(a),
  "satisfaction.csi": (a) => cm.csi(a.ratings, opts(a, ["scale", "weights", "overall"])),
  "satisfaction.ipa": (a) => cm.ipa(a.importance, a.performance, opts(a, ["importance_cut", "performance_cut"])),
  "satisfaction.complaint_iceberg": (a) =>
    cm.complaintIceberg(a.formal_complaints, a.people_told, opts(a, ["formal_share", "voiced_share", "silent_share"])),
  "satisfaction.sample_size": (a) => cm.sampleSize(a.margin, opts(a, ["confidence", "proportion", "population"])),
  "satisfaction.margin_of_error": (a) => cm.marginOfError(a.proportion, a.n, opts(a, ["confidence", "population"])),
  "trust.trust_score": (a) => cm.trustScore(...cri(a), opts(a, ["scale"])),
  "trust.trust_scores": (a) => cm.trustScores(...cri(a), opts(a, ["scale", "nan_policy"])),
  "trust.trust_over_raters": (a) => cm.trustOverRaters(...cri(a), opts(a, ["scale"])),
  "trust.sensitivity": (a) => cm.trustSensitivity(...cri(a), opts(a, ["scale"])),
};

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
    assert.equal(got.length, want.length, where);
    want.forEach((w, i) => assertClose(got[i], w, where));
  } else if (want === "NaN") {
    assert.ok(Number.isNaN(got), `${where}: ${got} is not NaN`);
  } else if (typeof want === "number") {
    assert.equal(typeof got, "number", where);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `${where}: ${got} != ${want}`);
  } else {
    assert.deepEqual(got, want, where);
  }
}

for (const c of golden.cases) {
  test(c.name, () => {
    const call = CALLS[c.function];
    assert.ok(call, `no JS call for ${c.function}`);
    const args = decode(c.args);
    if (c.error) {
      assert.throws(() => call(args), (e) => {
        assert.ok(e instanceof Error);
        assert.equal(e.name, "CustometricsError");
        assert.deepEqual({ code: e.code, field: e.field, index: e.index }, c.error, e.message);
        return true;
      });
    } else {
      const result = call(args);
      for (const [path, want] of Object.entries(c.expected)) assertClose(pick(result, path), want, `${c.name}: ${path}`);
    }
  });
}
