// Compiled by `tsc -p tests/tsconfig.json` (never run): the shipped declarations must type the
// public API as documented, and reject what it rejects.
import {
  nps, trustScores, trustBySegment, csiBySegment, meanDifference, mean, meanBySegment, meanVersusRest, meanTrend,
  type MeanVersusRestBySegment, type MeanTrend, type Mean, type BySegment, type CsiEstimate,
  type MeanDifference, servqualBySegment, type ServqualEstimate, disconfirmationBySegment, type DisconfirmationEstimate,
  ipaBySegment, type IpaEstimate, servqual, clv, clvClosedForm, clvMany, customerEquity, payback, summaryFromTransactions, ShiftedBetaGeo,
  type Nps, type CustometricsError, type Servqual, type Clv, type CustomerEquity, type TransactionSummary, type FitReport,
  BetaGeo, ParetoNBD, BetaGeoBetaBinom, GammaGamma, type SpendIndependence, type BetaGeoParams,
} from "custometrics";
import initSurvey, { nps as surveyNps, type Nps as SurveyNps } from "custometrics/survey";
// @ts-expect-error: the light entry has the survey measures only
import { BetaGeo as NoModels } from "custometrics/survey";

const r: Nps = nps(new Float64Array([10, 9]), { confidence: 0.9, nanPolicy: "omit" });
const score: number = r.ciHigh - r.ciLow + r.stdError + r.score;
const t: Float64Array = trustScores([7], [8], [6], [3], { scale: [1, 10] });
const byRegion: BySegment<Mean> = trustBySegment([7, 5], [8, 5], [6, 5], [3, 3], ["north", "south"], { confidence: 0.9, weights: [1, 2] });
const trustHigh: number = byRegion.total.ciHigh - (byRegion.segments[0]?.mean ?? 0);
const trustNote: string | null = trustBySegment([7], [8], [6], [3], null).total.note;
const byChannel: BySegment<CsiEstimate> = csiBySegment([[7, 8], [6, 9]], [0, 1], { scale: [1, 10], importance: [2, 1], weights: [1, 2] });
const attributeHigh: number = byChannel.total.attributes[0].ciHigh + byChannel.total.index.mean;
const gaps: BySegment<ServqualEstimate> = servqualBySegment([[5, 6]], [[4, 7]], ["a"], { dimensions: { x: [0], y: [1] }, scale: [1, 7] });
const weightedGap: number | undefined = gaps.total.weighted?.mean;
const disc: BySegment<DisconfirmationEstimate> = disconfirmationBySegment([[5, 6]], [[4, 7]], ["a"], { importance: [2, 1], delightMargin: 0.5, weights: [1] });
const discState: "dissatisfied" | "satisfied" | "delighted" = disc.total.overallState;
const discGap: number = disc.total.gaps[0].ciLow + disc.total.overallGap.mean + disc.total.importance[0];
const stated: BySegment<IpaEstimate> = ipaBySegment([[5, 6]], [[7, 3]], null, { scale: [1, 7], importanceCut: 4 });
const derived: IpaEstimate = ipaBySegment([[5, 6], [4, 2], [3, 3]], null, [0, 0, 1], { overall: [6, 3, 4], method: "shapley" }).total;
const ipaNumbers: number = stated.total.performance[0].mean + (derived.rSquared ?? 0) + (stated.total.importanceIntervals?.[0].ciLow ?? 0);
const quadrant: "concentrate_here" | "keep_up_the_good_work" | "low_priority" | "possible_overkill" = derived.quadrants[0];
// @ts-expect-error: the method is one of the key drivers' two
ipaBySegment([[5, 6]], null, null, { overall: [6], method: "ols" });
const firstGap: number = gaps.total.dimensionGaps[0].ciLow + gaps.total.unweighted.mean;
const change: MeanDifference = meanDifference([4, 5, 3], [2, 3, 2], [1, 5], { weightsB: [1, 2, 1] });
const changeP: number = change.pValue + change.a.mean - change.b.ciLow;
const rating: Mean = mean(new Int32Array([4, 5]), [1, 5], { weights: [1, 2], nanPolicy: "omit" });
const byStore: BySegment<Mean> = meanBySegment([4, 5], [1, 5], ["a", "b"], { confidence: 0.9 });
const vsRest: MeanVersusRestBySegment = meanVersusRest([4, 5, 3], [1, 5], new Int32Array([0, 1, 1]));
const vsHolm: number = (vsRest.segments[0]?.pHolm ?? 1) + (vsRest.segments[0]?.test.b.mean ?? 0) + rating.ciLow + byStore.total.mean;
const rising: MeanTrend = meanTrend([4, 5, 5], [1, 5], ["q1", "q2", "q2"], { confidence: 0.9 });
const risingMean: number = rising.slope + (rising.t ?? 0) + (rising.periods[0]?.mean ?? 0);
// @ts-expect-error: the scale is a pair
mean([4, 5], 5);
// @ts-expect-error: trustScores does not take design weights
trustScores([7], [8], [6], [3], { weights: [1] });
const s: Servqual = servqual([[5, 5]], [[4, 6]], { dimensions: { a: [0, 1] } });
const w: number | null = s.sample.weighted;
// @ts-expect-error: nanPolicy takes scipy's words only
nps([1], { nanPolicy: "ignore" });
// @ts-expect-error: results are typed, a misspelt field does not exist
r.std_error;
function describe(e: CustometricsError): string {
  return `${e.code} ${e.field ?? ""} ${e.index ?? ""}`;
}

// retention: money is an exact string by default, a number when asked for
const exact: string = clvClosedForm(100, 0.9, { discount: 0.1 });
const near: number = clvClosedForm("100", 0.9, { discount: 0.1, money: "number" });
const v: Clv = clv(100, 0.9, { acquisitionCost: "120", horizon: null });
const gross: string = v.gross;
const net: number = clv(100, 0.9, { money: "number" }).net;
// @ts-expect-error: with { money: "number" } money fields are numbers
const notText: string = clv(100, 0.9, { money: "number" }).gross;
// @ts-expect-error: unknown timing
clv(100, 0.9, { timing: "middle" });
const ce: CustomerEquity<number> = customerEquity([{ customers: 10, margin: "9.99", retention: 0.8 }], { money: "number" });
const never: number | null = payback(300, 50, 0.95).periods;
const many: Float64Array = clvMany([100], new Float64Array([0.9]), { discount: 0.1 });
const m = ShiftedBetaGeo.fit([1000, 631, 468], { penalizer: 0.01, maxIterations: 100 });
const se: number | undefined = m.stdErrors?.alpha;
const ll: number | null = m.logLikelihood;
const report: FitReport | null = m.report;
const rlv: string = m.expectedResidualValue(100, 0.1, 4);
const rlvNumber: number = m.expectedClv(100, 0.1, { money: "number" });
const del: number = new ShiftedBetaGeo(1, 1).del(0.1) + m.derl(0.1, 2) + m.survival(3) + m.retentionRate(1);
const summary: TransactionSummary = summaryFromTransactions(["a", "b"], [new Date(), "2015-01-01"], { freq: "W" });
const T: Float64Array = summary.T;
// @ts-expect-error: calendar months are not fixed periods
summaryFromTransactions([1], [0], { freq: "M" });
const last: number[] | undefined = ({} as CustometricsError).lastIterate;

// loyalty and tiers: typed arrays per customer, codes with labels, money as in retention
import {
  dickBasu, jonesSasser, loyaltyIndicators, loyaltyIndex, abc, curry, pyramid, quantileScores, rfmScores, rfmSegments,
  standardSegmentMap, gini, lorenz, profitPyramid, migration, project, steadyState, markovClv, rfmCode, jonesSasserQuadrants,
  type DickBasu, type DickBasuClass, type JonesSasserClass, type RfmScores, type SegmentMap, type Migration,
} from "custometrics";

const db: DickBasu = dickBasu([9, 8], new Float64Array([6, 1]), { attitudeThreshold: 8, patronageThreshold: null });
const codes: Uint8Array = db.classes;
const label: DickBasuClass = db.labels[codes[0]];
const noLoyalty: number = db.counts.noLoyalty + db.shares.loyal;
const js: JonesSasserClass[] = jonesSasser([5], [5], { satisfactionScale: [1, 5], apostleLoyalty: 5 }).labels;
// @ts-expect-error: a scale is a pair
jonesSasser([5], [5], { satisfactionScale: 5 });
const ipt: number | null = loyaltyIndicators([1], [1], { firstPurchase: [0], lastPurchase: new Float64Array([3]) }).meanInterPurchaseTime;
const measure: string = loyaltyIndex([1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1, 1]).measures[0].measure;
const tiersOf: Uint8Array = abc([10, 50, 4], { a: 0.7, b: 0.9 });
const top: Uint8Array = curry(new Float64Array(100), { shares: [0.2, 0.8] });
const p4: Uint8Array = pyramid([1, 2, 3, 4], [0.25, 0.25, 0.25, 0.25]);
const qs: Uint8Array = quantileScores([1, 2], { q: 2, reverse: true });
const rfm: RfmScores = rfmScores([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { q: 5 });
const cells: Uint32Array = rfm.code;
const cell: number = rfmCode(rfm.r[0], rfm.f[0], rfm.m[0], 5);
const quadrants: Uint8Array = jonesSasserQuadrants(jonesSasser([5], [5]).classes);
const map: SegmentMap = standardSegmentMap();
const seg: Uint16Array = rfmSegments(rfm.r, rfm.f, rfm.m, { map }).segment;
// @ts-expect-error: q is a number
rfmScores([1], [1], [1], { q: "5" });
const g: number = gini([1, 2]) + lorenz([1, 2], { points: 10 }).valueShare[1];
const share: number | null = profitPyramid([1, 2], tiersOf, 3).tiers[0].valuePerCustomer;
const mig: Migration = migration(tiersOf, [0, 1, 2], 3);
const ahead: Float64Array = project([100, 0, 0], mig, 2);
const pi: Float64Array = steadyState([[0.9, 0.1], [0.5, 0.5]]);
const clvText: string[] = markovClv([[0.5, 0.5], [0, 1]], [12, "0"], 0.25, { horizon: 2 });
const clvNumber: number[] = markovClv(mig, [12, 0, 0], 0.25, { money: "number" });
// @ts-expect-error: with { money: "number" } the values are numbers
const clvWrong: string[] = markovClv([[1]], [1], 0.1, { money: "number" });

export { score, t, w, describe, exact, near, gross, net, notText, ce, never, many, se, ll, report, rlv, rlvNumber, del, T, last };
export { cell, quadrants, label, noLoyalty, js, ipt, measure, top, p4, qs, cells, seg, g, share, ahead, pi, clvText, clvNumber, clvWrong };

// transaction and spend models: lifetimes' names in camelCase, Float64Array results
const bg: BetaGeo = BetaGeo.fit(new Float64Array([0, 2]), [0, 20], [40, 38], { penalizer: 0.01, weights: [1, 2] });
const alive: Float64Array = bg.conditionalProbabilityAlive([0, 2], [0, 20], [40, 38]);
const future: Float64Array = bg.conditionalExpectedNumberOfPurchasesUpToTime(39, [0], [0], [40]);
const bgParams: BetaGeoParams = bg.params;
const bgSe: number | undefined = bg.stdErrors?.alpha;
const newBuyer: number = bg.expectedNumberOfPurchasesUpToTime(52) + bg.probabilityOfNPurchasesUpToTime(52, 2);
const pnbd = new ParetoNBD(0.553, 10.578, 0.606, 11.669);
const s2: number = pnbd.params.s + pnbd.beta;
const grid: Float64Array[] = bg.conditionalProbabilityAliveMatrix();
const gridCell: number = pnbd.conditionalProbabilityAliveMatrix(5, 10)[10][5] + bg.conditionalProbabilityAliveMatrix(2)[0][0];
const nextTwo: Float64Array = pnbd.conditionalProbabilityOfNPurchasesUpToTime(2, 39, [2], [30.43], new Float64Array([38.86]));
// @ts-expect-error: the conditional PMF is Pareto/NBD's (lifetimes' ParetoNBDFitter) alone
bg.conditionalProbabilityOfNPurchasesUpToTime(2, 39, [2], [30.43], [38.86]);
// @ts-expect-error: Pareto/NBD's parameters are r, alpha, s, beta
pnbd.params.a;
const gg = new GammaGamma(6.25, 3.74, 15.44);
const clvs: Float64Array = gg.customerLifetimeValue(pnbd, [1], [1], [2], [10], { time: 6, discountRate: 0.01, freq: "W" });
// @ts-expect-error: lifetimes' time units only ("D", "W", "H", "M")
gg.customerLifetimeValue(bg, [1], [1], [2], [10], { freq: "Y" });
// @ts-expect-error: a spend model is not a transaction model
gg.customerLifetimeValue(gg, [1], [1], [2], [10]);
const check: SpendIndependence = GammaGamma.independenceCheck([1, 2, 3, 4], [10, 30, 20, 25]);
const spend: Float64Array = gg.conditionalExpectedAverageProfit([1], [10]);
const bb = BetaGeoBetaBinom.fit([1, 0], [1, 0], [6, 6], { weights: [10, 5] });
const bbAlive: Float64Array = bb.conditionalProbabilityAlive(0, [1], [1], [6]);
const bbLl: number | null = bb.logLikelihood;

export { alive, future, bgParams, bgSe, newBuyer, s2, grid, gridCell, nextTwo, clvs, check, spend, bbAlive, bbLl };

// the input layer: any array-like or iterable of numbers, null/undefined as missing values
import { csi, type Numbers } from "custometrics";
const fromJson: (number | null)[] = JSON.parse("[10, null, 9]");
nps(fromJson, { nanPolicy: "omit" });
nps(new Set([10, 9]));
nps(new Int32Array([10, 9]));
nps((function* () { yield 10; })());
trustScores(new Uint8Array([7]), [8], new Float32Array([6]), new Set([3]));
csi([new Float64Array([1, 10]), [1, 10]]);
const anyNumbers: Numbers = { length: 1, 0: 5 };
// @ts-expect-error: strings are text, not data
nps("10,9");
// @ts-expect-error: BigInts are not read
nps([10n]);

// assessment: the instruments as data, options objects, camelCase results
import {
  orientation, orientationInstrument, instrumentFromCounts, excellence, gbt19580, frameWithItems, decision, ahp,
  type Instrument, type Orientation, type Frame, type Excellence, type Decision, type Ahp,
} from "custometrics";

{
  const form: Instrument = orientationInstrument();
  const zh: string = form.categories[0].statements[0].text.zh + form.scale.highLabel.en;
  const team: Orientation = orientation([[3, 4], new Int8Array([5, 5])], {
    instrument: instrumentFromCounts([["a", 2]], 1, 5), groups: ["x", "y"], nanPolicy: "omit", maxMissing: 0.5,
  });
  const gap: number | null = team.gaps[0].overall.pValue;
  const first: number | undefined = team.respondents[0]?.weakestFirst[0];
  const frame: Frame = frameWithItems(gbt19580(), "4.3", [{ id: "4.3.1", name: { en: "", zh: "" }, points: 90 }]);
  const ex: Excellence = excellence([[50, 40, 60, 45, 50, 40, 35]], { frame, disagreement: 15 });
  const lost: number = ex.consensusMean.units[0].lost;
  const d: Decision = decision([[1, 2]], [1, 1], { cost: [false, true], normalise: "vector" });
  const top: number | null = d.sensitivity[0].newTop;
  // @ts-expect-error: normalise takes three words only
  decision([[1]], [1], { normalise: "max" });
  const a: Ahp = ahp([[1, 2], [0.5, 1]], { reciprocalTolerance: 0.05 });
  const consistent: boolean = !a.inconsistent && (a.cr ?? 0) < 0.1 && a.lambdaMax > 0;
}

// The light entry custometrics/survey is typed like the full one for what it holds.
const light: SurveyNps = surveyNps([10, 9, 3], { confidence: 0.9 });
const lightScore: number = light.score;
const ready: Promise<unknown> = initSurvey();

// key drivers: shares of R² per attribute, bootstrap intervals only when resamples are asked for
import { keyDrivers, type KeyDrivers } from "custometrics";
const kd: KeyDrivers = keyDrivers([3, 5, 4, 7, 8], [[1, 2], [2, 1], [3, 4], [4, 3], [5, 6]], { method: "shapley" });
const kdShares: number = kd.importance[0] + kd.rescaled[0] + kd.rSquared;
const kdLow: number[] | null = kd.ciLow;
// @ts-expect-error: the methods are "relative_weights" and "shapley"
keyDrivers([1], [[1]], { method: "lmg" });
