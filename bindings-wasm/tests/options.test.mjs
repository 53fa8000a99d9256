// The options objects: every key a function accepts is in its TypeScript interface and every key
// of the interface is accepted. The binding reads options straight into the core's options
// types, so the accepted keys are the core's fields (camelCased) and the few the binding reads
// itself (money, arrays, times); an unknown key's error lists them all, which is what is
// compared here with the interfaces in the shipped declarations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import cm from "./load.mjs";

const dts = readFileSync(new URL("../pkg/custometrics.d.ts", import.meta.url), "utf8");

/** The keys of `export interface name [extends parent] { … }` in the declarations, parents' too. */
function keysOf(name) {
  const m = dts.match(new RegExp(`export interface ${name}(?:<[^>]*>)?(?: extends (\\w+))? \\{`));
  assert.ok(m, `interface ${name} is declared`);
  let depth = 1;
  let i = m.index + m[0].length;
  const start = i;
  for (; depth > 0; i++) depth += dts[i] === "{" ? 1 : dts[i] === "}" ? -1 : 0;
  const body = dts.slice(start, i - 1).replace(/\/\*\*[\s\S]*?\*\//g, "");
  let top = "";
  depth = 0;
  for (const ch of body) {
    if (ch === "{" || ch === "<" || ch === "(") depth++;
    else if (ch === "}" || ch === ">" || ch === ")") depth--;
    else if (depth === 0) top += ch;
  }
  const own = [...top.matchAll(/(\w+)\??\s*:/g)].map((k) => k[1]);
  return m[1] ? [...keysOf(m[1]), ...own] : own;
}

/** The keys an unknown-key error says the function takes. */
function acceptedKeys(call) {
  try {
    call({ notAnOption: 1 });
  } catch (e) {
    assert.deepEqual([e.name, e.code, e.field], ["CustometricsError", "invalid", "options"], e.message);
    const m = e.message.match(/documented keys \(([^)]*)\)/);
    assert.ok(m, e.message);
    return m[1] === "" ? [] : m[1].split(", ");
  }
  assert.fail("an unknown key was accepted");
}

const v = [1, 2, 3];
const bg = new cm.BetaGeo(0.24, 4.4, 0.79, 2.4);
const gg = new cm.GammaGamma(6.2, 3.7, 15.4);
const sbg = new cm.ShiftedBetaGeo(0.7, 1.2);
const P = [[0.5, 0.5], [0.2, 0.8]];

const calls = {
  orientation: [(o) => cm.orientation([Array(40).fill(3)], o), "OrientationOptions"],
  excellence: [(o) => cm.excellence([[50, 50, 50, 50, 50, 50, 50]], o), "ExcellenceOptions"],
  decision: [(o) => cm.decision([v], v, o), "DecisionOptions"],
  ahp: [(o) => cm.ahp([[1]], o), "AhpOptions"],
  nps: [(o) => cm.nps([10], o), "NpsOptions"],
  npsBySegment: [(o) => cm.npsBySegment([10], [0], o), "NpsOptions"],
  npsFromCounts: [(o) => cm.npsFromCounts(1, 0, 0, o ?? {}), "NpsCountOptions"],
  npsDifference: [(o) => cm.npsDifference([10], [9], o), "SampleOptions"],
  satisfactionRate: [(o) => cm.satisfactionRate(v, 2, o), "RateOptions"],
  satisfactionRateBySegment: [(o) => cm.satisfactionRateBySegment(v, 2, v.map(() => 0), o), "RateOptions"],
  csat: [(o) => cm.csat([5], o), "CsatOptions"],
  csatBySegment: [(o) => cm.csatBySegment([5], [0], o), "CsatOptions"],
  rake: [(o) => cm.rake([[[0, 1], [1, 1]]], o), "RakeOptions"],
  disconfirmation: [(o) => cm.disconfirmation(v, v, o), "DisconfirmationOptions"],
  servqual: [(o) => cm.servqual([v], [v], o), "ServqualOptions"],
  zoneOfTolerance: [(o) => cm.zoneOfTolerance([v], [v], [v], o), "ServqualOptions"],
  csi: [(o) => cm.csi([v], o), "CsiOptions"],
  ipa: [(o) => cm.ipa(v, v, o), "IpaOptions"],
  disconfirmationBySegment: [(o) => cm.disconfirmationBySegment([v], [v], null, o), "DisconfirmationSurveyOptions"],
  ipaBySegment: [(o) => cm.ipaBySegment([v], [v], null, o), "IpaSurveyOptions"],
  complaintIceberg: [(o) => cm.complaintIceberg(5, 5, o), "IcebergOptions"],
  sampleSize: [(o) => cm.sampleSize(0.05, o), "SurveyOptions"],
  marginOfError: [(o) => cm.marginOfError(0.5, 100, o), "SurveyOptions"],
  trustScore: [(o) => cm.trustScore(5, 5, 5, 5, o), "TrustOptions"],
  trustScores: [(o) => cm.trustScores(v, v, v, v, o), "TrustOptions"],
  trustSensitivity: [(o) => cm.trustSensitivity(5, 5, 5, 5, o), "TrustOptions"],
  trustOverRaters: [(o) => cm.trustOverRaters(v, v, v, v, o), "TrustOptions"],
  dickBasu: [(o) => cm.dickBasu(v, v, o), "DickBasuOptions"],
  jonesSasser: [(o) => cm.jonesSasser(v, v, o), "JonesSasserOptions"],
  loyaltyIndicators: [(o) => cm.loyaltyIndicators(v, v, o), "LoyaltyIndicatorOptions"],
  abc: [(o) => cm.abc(v, o), "AbcOptions"],
  curry: [(o) => cm.curry(v, o), "CurryOptions"],
  quantileScores: [(o) => cm.quantileScores(v, o), "QuantileOptions"],
  rfmScores: [(o) => cm.rfmScores(v, v, v, o), "RfmOptions"],
  rfmSegments: [(o) => cm.rfmSegments([1], [1], [1], o), "SegmentOptions"],
  lorenz: [(o) => cm.lorenz(v, o), "LorenzOptions"],
  markovClv: [(o) => cm.markovClv(P, [1, 0], 0.1, o), "MarkovClvOptions", "MoneyOption"],
  clvClosedForm: [(o) => cm.clvClosedForm(100, 0.5, o), "ClosedFormOptions", "MoneyOption"],
  clv: [(o) => cm.clv(100, 0.5, o), "ClvNetOptions", "MoneyOption"],
  clvMany: [(o) => cm.clvMany([100], [0.5], o), "ClvOptions"],
  customerEquity: [(o) => cm.customerEquity([{ customers: 1, margin: 1, retention: 0.5 }], o), "ClvOptions", "MoneyOption"],
  retentionImpact: [(o) => cm.retentionImpact(100, 0.5, 0.05, o), "ClvOptions", "MoneyOption"],
  breakEvenRetentionSpend: [(o) => cm.breakEvenRetentionSpend(100, 0.5, 0.05, o), "ClvOptions", "MoneyOption"],
  payback: [(o) => cm.payback(100, 50, 0.5, o), "ClvOptions", "MoneyOption"],
  summaryFromTransactions: [(o) => cm.summaryFromTransactions([1], [0], o), "SummaryOptions"],
  "BetaGeo.fit": [(o) => cm.BetaGeo.fit([1], [1], [2], o), "ModelFitOptions"],
  "ModifiedBetaGeo.fit": [(o) => cm.ModifiedBetaGeo.fit([1], [1], [2], o), "ModelFitOptions"],
  "ParetoNBD.fit": [(o) => cm.ParetoNBD.fit([1], [1], [2], o), "ModelFitOptions"],
  "BetaGeoBetaBinom.fit": [(o) => cm.BetaGeoBetaBinom.fit([1], [1], [2], o), "ModelFitOptions"],
  "GammaGamma.fit": [(o) => cm.GammaGamma.fit([1], [1], o), "ModelFitOptions"],
  "ShiftedBetaGeo.fit": [(o) => cm.ShiftedBetaGeo.fit([100, 50], o), "FitOptions"],
  "GammaGamma.customerLifetimeValue": [(o) => gg.customerLifetimeValue(bg, [1], [1], [2], [3], o), "ModelClvOptions"],
  "ShiftedBetaGeo.expectedClv": [(o) => sbg.expectedClv(100, 0.1, o), "MoneyOption"],
  "ShiftedBetaGeo.expectedResidualValue": [(o) => sbg.expectedResidualValue(100, 0.1, 1, o), "MoneyOption"],
};

test("every function accepts exactly the option keys its TypeScript interface declares", () => {
  for (const [name, [call, ...interfaces]] of Object.entries(calls)) {
    const declared = interfaces.flatMap(keysOf).sort();
    assert.deepEqual(acceptedKeys(call).sort(), declared, name);
  }
});

test("an option key's value of the wrong type is named by the key, in the core's snake_case", () => {
  for (const [name, [call, ...interfaces]] of Object.entries(calls)) {
    for (const key of interfaces.flatMap(keysOf)) {
      let error;
      try {
        call({ [key]: Symbol("wrong") });
      } catch (e) {
        error = e;
      }
      assert.ok(error, `${name}: ${key}`);
      assert.equal(error.name, "CustometricsError", `${name}: ${key}: ${error}`);
      assert.notEqual(error.field, "options", `${name}: ${key}: ${error.message}`);
    }
  }
});

test("options left out, undefined or null take the core's defaults", () => {
  assert.deepEqual(cm.nps([10, 0], { confidence: undefined, nanPolicy: null }), cm.nps([10, 0]));
  assert.deepEqual(cm.csat([5, 4, 1], {}), cm.csat([5, 4, 1], { scalePoints: 5, topK: 2 }));
  assert.deepEqual(cm.lorenz(v, { points: null }).populationShare.length, 101);
});

test("whole-number options: a fraction is out_of_range, NaN not_finite, both naming the option", () => {
  const cases = [
    [() => cm.csat([5], { scalePoints: 4.5 }), "out_of_range", "scale_points"],
    [() => cm.csat([5], { topK: NaN }), "not_finite", "top_k"],
    [() => cm.sampleSize(0.05, { population: -1 }), "out_of_range", "population"],
    [() => cm.BetaGeo.fit([1], [1], [2], { maxIterations: 2.5 }), "out_of_range", "max_iterations"],
    [() => cm.nps([10], { nanPolicy: 1 }), "invalid", "nan_policy"],
    [() => cm.nps([10], "raise"), "invalid", "options"],
  ];
  for (const [call, code, field] of cases) {
    assert.throws(call, (e) => e.code === code && e.field === field && e.message.startsWith(field), `${call}`);
  }
});

test("the declarations' doc comments are clean text (no raw-string r\" from a macro)", () => {
  const raw = dts.split("\n").filter((l) => /^\s*\*\s*r"/.test(l));
  assert.deepEqual(raw, []);
  assert.match(dts, /\* The BG\/NBD model \(Fader, Hardie & Lee 2005\)/);
});

test("the defaults the declarations' docs state are the core's (optionDefaults())", () => {
  const core = cm.optionDefaults();
  // lifetimes' time-unit codes as the core names the units (TimeUnit::parse)
  const unit = { H: "hour", D: "day", W: "week", M: "month" };
  // [a phrase of the docs with the stated default, the core options type and field it states,
  //  and how the docs' text reads as the core's value]
  const stated = [
    [/What to do with NaN in sample data \(scipy's words\)\. Default "(\w+)"/, "NpsOptions", "nanPolicy"],
    [/top `topK` \(default (\d+)\) boxes/, "CsatOptions", "topK"],
    [/How an NPS interval is computed\. Default "(\w+)"/, "NpsOptions", "method"],
    [/How a proportion's interval is computed\. Default "(\w+)"/, "CsatOptions", "method"],
    [/How a proportion's interval is computed\. Default "(\w+)"/, "RateOptions", "method"],
    [/1\.\.`scalePoints` \(default (\d+)\) scale/, "CsatOptions", "scalePoints"],
    [/padded to the digits of `q`\s*\*\s*\(default (\d+)\)/, "RfmOptions", "q"],
    [/\(default (\d+) points\)/, "LorenzOptions", "points"],
    [/`periods` periods ahead \(default (\d+)\)/, "ProjectOptions", "periods"],
    [/`opts\.time` months \(default (\d+)\)/, "ModelClvOptions", "months"],
    [/at `opts\.discountRate` a month \(([\d.]+)\)/, "ModelClvOptions", "discountRate"],
    [/"W", "H" or "M"; default "(\w)"\)/, "ModelClvOptions", "timeUnit", (code) => unit[code]],
  ];
  for (const [phrase, type, field, read = (text) => text] of stated) {
    const m = dts.match(phrase);
    assert.ok(m, `the declarations state ${type}.${field}: ${phrase}`);
    assert.equal(String(core[type][field]), read(m[1]), `${type}.${field}`);
  }
  // every default the declarations state as "default N" or "default \"W\"" is one of those (the
  // discount rate's is stated without the word)
  const all = [...dts.matchAll(/[Dd]efault (\d[\d.]*|"\w+")/g)].length;
  // (the discount rate's is stated without the word; the proportion method's serves two types)
  assert.equal(all, stated.length - 2, "a default stated in the declarations is not compared here");
});

test("optionDefaults() keys are the options objects' keys", () => {
  const core = cm.optionDefaults();
  assert.deepEqual(Object.keys(core.NpsOptions).sort(),
    ["confidence", "method", "nanPolicy", "prior", "resamples", "seed", "threshold"]);
  assert.equal(core.NpsOptions.confidence, 0.95);
  assert.deepEqual(cm.project([1000, 0], P), cm.project([1000, 0], P, core.ProjectOptions.periods));
});
