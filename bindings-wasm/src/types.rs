//! TypeScript declarations of the option and result objects (wasm-bindgen types the functions;
//! these name the shapes it cannot see).

use crate::convert::{JsResult, to_js};
use wasm_bindgen::prelude::*;

/// Every options type of the core with its defaults, by type name, the keys camelCase as the
/// options objects take them (the core's `convert::OptionDefaults`): the one place defaults are.
/// The tests compare the defaults the declarations' docs state with these.
#[wasm_bindgen(js_name = optionDefaults, unchecked_return_type = "Record<string, Record<string, unknown>>")]
pub fn option_defaults() -> JsResult {
    to_js(&custometrics::convert::OptionDefaults::default())
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What to do with NaN in sample data (scipy's words). Default "raise". */
export type NanPolicy = "raise" | "omit" | "propagate";
/** An array argument: a Float64Array (the fast path), any other typed array of numbers, an Array
 *  or array-like of numbers, or any iterable of them (a Set, a generator). null and undefined
 *  elements are missing values (see nanPolicy), never 0; strings, booleans, BigInts, objects and
 *  nested arrays are rejected with a CustometricsError naming the argument and the index. */
export type Numbers = ArrayLike<number | null | undefined> | Iterable<number | null | undefined>;
/** A matrix argument: its rows (an array or iterable of them), each as Numbers, all one length. */
export type NumberMatrix = ArrayLike<Numbers> | Iterable<Numbers>;
/** The earlier name of Numbers. */
export type NumberArray = Numbers;

export interface SampleOptions { confidence?: number; nanPolicy?: NanPolicy }
/** How an NPS interval is computed. Default "wald" (clipped to ±100). */
export type NpsMethod = "wald" | "adjusted_wald" | "bootstrap" | "bayes";
/** How a proportion's interval is computed. Default "wilson". */
export type ProportionMethod = "wilson" | "agresti_coull" | "clopper_pearson" | "wald";
/** Segment codes, one per answer: an Int32Array or numbers (codes 0..max), or string labels. */
export type Segments = Int32Array | ArrayLike<number> | ArrayLike<string>;
/** NPS options: the interval (method, its confidence; prior, threshold, resamples and seed of the
 *  bootstrap and posterior), the NaN policy, design weights; optionDefaults() gives the defaults. */
export interface NpsOptions extends SampleOptions {
  method?: NpsMethod; prior?: number; threshold?: number; resamples?: number; seed?: number; weights?: Numbers;
}
/** npsFromCounts's options: NpsOptions without nanPolicy and weights. */
export interface NpsCountOptions { confidence?: number; method?: NpsMethod; prior?: number; threshold?: number; resamples?: number; seed?: number }
/** CSAT options: the scale, the boxes, the NaN policy, the interval, design weights. */
export interface CsatOptions {
  scalePoints?: number; topK?: number; nanPolicy?: NanPolicy; method?: ProportionMethod; confidence?: number; weights?: Numbers;
}
/** Satisfaction-rate options: the NaN policy, the interval, design weights. */
export interface RateOptions { nanPolicy?: NanPolicy; method?: ProportionMethod; confidence?: number; weights?: Numbers }
/** rake's options: sweeps at most, the tolerance; base: starting weights (1 each when absent). */
export interface RakeOptions { maxIterations?: number; tolerance?: number; base?: Numbers }
/** Raked weights and the fit: sweeps, whether every margin was met, the largest relative gap left. */
export interface Raked { weights: number[]; iterations: number; converged: boolean; maxGap: number; effectiveN: number }
/** One result per segment (null for a segment without answers), the total, the segments' labels. */
export interface BySegment<T> { segments: (T | null)[]; total: T; labels: (string | number)[] }
/** npsVersusRest's options: the confidence, the NaN policy, design weights. */
export interface NpsVersusRestOptions { confidence?: number; nanPolicy?: NanPolicy; weights?: Numbers }
/** One segment's NPS against every other answer's: the difference, its Wald interval, the z-test's p-value and Holm's. */
export interface VersusRest {
  score: number; restScore: number; difference: number; stdError: number; pValue: number; pHolm: number; ciLow: number; ciHigh: number;
}
/** One row per segment (null for a segment not tested) and the segments' labels. */
export interface VersusRestBySegment { segments: (VersusRest | null)[]; labels: (string | number)[] }
/** The NPS of each period (null for one without answers) and its least-squares trend, in points per period; the periods' labels. */
export interface NpsTrend {
  periods: (Nps | null)[]; slope: number; stdError: number; t: number | null; dof: number; pValue: number; ciLow: number; ciHigh: number;
  labels: (string | number)[];
}
/** npsChiSquare's options: the NaN policy (design weights are refused: the test counts answers). */
export interface NpsChiSquareOptions { nanPolicy?: NanPolicy; weights?: Numbers }
/** Pearson's chi-square test of the NPS categories by segment: statistic, degrees of freedom, p-value, Cramér's V, answers and segments counted, the smallest expected count (the approximation wants at least 5). */
export interface CategoryTest { statistic: number; dof: number; pValue: number; cramersV: number; n: number; segments: number; minExpected: number }
export interface DisconfirmationOptions { importance?: number[]; delightMargin?: number }
/** disconfirmationBySegment's options: DisconfirmationOptions (importance: the attribute weights), the rating scale (default [1, 7]), the interval's confidence, design weights. */
export interface DisconfirmationSurveyOptions extends DisconfirmationOptions { scale?: [number, number]; confidence?: number; weights?: Numbers }
/** Disconfirmation of a segment: each attribute's mean gap P − E (a Mean within ±(max − min)) and its state, the mean importance-weighted gap and its state, the importance used (summing to 1). */
export interface DisconfirmationEstimate { gaps: Mean[]; states: SatisfactionState[]; overallGap: Mean; overallState: SatisfactionState; importance: number[] }
export interface ServqualOptions { importance?: number[]; dimensions?: Record<string, number[]> }
export interface CsiOptions { scale?: [number, number]; importance?: number[]; overall?: number[] }
/** servqualBySegment's options: ServqualOptions, the rating scale (default [1, 7]), the interval's confidence, design weights. */
export interface ServqualSurveyOptions extends ServqualOptions { scale?: [number, number]; confidence?: number; weights?: Numbers }
/** SERVQUAL gaps with t intervals: per dimension, the unweighted score and (with importance) the weighted one, each a Mean over respondents. */
export interface ServqualEstimate { dimensions: string[]; dimensionGaps: Mean[]; unweighted: Mean; weighted: Mean | null }
/** meanDifference's options: the confidence, the NaN policy, each sample's design weights. */
export interface MeanDifferenceOptions { confidence?: number; nanPolicy?: NanPolicy; weightsA?: Numbers; weightsB?: Numbers }
/** Two samples' means compared: each Mean, the difference a − b, its standard error, Welch's degrees of freedom and p-value, the interval (within ±(max − min)); note when neither sample has spread. */
export interface MeanDifference {
  a: Mean; b: Mean; difference: number; stdError: number; dof: number; pValue: number; ciLow: number; ciHigh: number; confidence: number;
  note: string | null;
}
/** mean's, meanBySegment's and meanVersusRest's options: the interval's confidence, the NaN policy, design weights. */
export interface MeanOptions { confidence?: number; nanPolicy?: NanPolicy; weights?: Numbers }
/** One segment (test.a) against every other answer (test.b), compared as meanDifference compares two samples; pHolm: the p-value adjusted for testing every segment (Holm). */
export interface MeanVersusRest { test: MeanDifference; pHolm: number }
/** The mean of each period (null for one without answers) and its least-squares trend, in the scale's units per period; the periods' labels. */
export interface MeanTrend {
  periods: (Mean | null)[]; slope: number; stdError: number; t: number | null; dof: number; pValue: number; ciLow: number; ciHigh: number;
  labels: (string | number)[];
}
/** One row per segment (null for a segment not tested) and the segments' labels. */
export interface MeanVersusRestBySegment { segments: (MeanVersusRest | null)[]; labels: (string | number)[] }
/** csiBySegment's options: CsiOptions, the interval's confidence, design weights. */
export interface CsiSurveyOptions extends CsiOptions { confidence?: number; weights?: Numbers }
/** The CSI of a segment with its t interval (0–100), each attribute's mean with its interval, the importance weights used. */
export interface CsiEstimate { index: Mean; attributes: Mean[]; importance: number[] }
export interface CsiSumsOptions {
  scale?: [number, number]; importance?: number[];
  sumSquares?: number[]; overallSum?: number; overallSumSquares?: number; cross?: number[];
}
/** How keyDrivers shares R²: Johnson's relative weights (the default) or Shapley values (LMG). */
export type DriverMethod = "relative_weights" | "shapley";
/** keyDrivers's options: the method, the NaN policy, bootstrap resamples (none by default), the intervals' confidence, the bootstrap's seed. */
export interface KeyDriversOptions { method?: DriverMethod; nanPolicy?: NanPolicy; resamples?: number | null; confidence?: number; seed?: number }
/** Each attribute's share of R² (importance, summing to rSquared), the shares over R² (rescaled), respondents used, and with resamples the bootstrap interval of each share and the resamples skipped (a driver constant or collinear in them). */
export interface KeyDrivers {
  method: DriverMethod; importance: number[]; rescaled: number[]; rSquared: number; n: number;
  ciLow: number[] | null; ciHigh: number[] | null; skippedResamples: number | null;
}
export interface IpaOptions { importanceCut?: number; performanceCut?: number }
/** ipaBySegment's options: IpaOptions, the rating scale (default [1, 7]), the interval's confidence, design weights, and for derived importance (importance null) the overall ratings and the key drivers' method. */
export interface IpaSurveyOptions extends IpaOptions { scale?: [number, number]; confidence?: number; weights?: Numbers; overall?: Numbers; method?: DriverMethod }
/** IPA of a segment: each attribute's mean performance (a Mean), its importance (the mean stated rating, with importanceIntervals, or the derived share of R², with rSquared), the cuts and the quadrants. */
export interface IpaEstimate {
  performance: Mean[]; importance: number[]; importanceIntervals: Mean[] | null; rSquared: number | null;
  importanceCut: number; performanceCut: number; quadrants: Ipa["quadrants"];
}
export interface IcebergOptions { formalShare?: number; voicedShare?: number; silentShare?: number }
export interface SurveyOptions { confidence?: number; proportion?: number; population?: number }
export interface TrustOptions { scale?: [number, number]; nanPolicy?: NanPolicy }
/** trustBySegment's options: the scale, the NaN policy, the interval's confidence, design weights. */
export interface TrustSurveyOptions { scale?: [number, number]; nanPolicy?: NanPolicy; confidence?: number; weights?: Numbers }
/** A mean with its Student t interval on the scale of the values (dof = effectiveN − 1); a sample without spread gets a distribution-free interval, and note says so. */
export interface Mean {
  mean: number; n: number; effectiveN: number; stdError: number; dof: number; ciLow: number; ciHigh: number; confidence: number;
  note: string | null;
}
export interface FiveGapsInput {
  knowledge?: [number[], number[]]; standards?: [number[], number[]]; delivery?: [number[], number[]];
  communication?: [number[], number[]]; customer?: [number[], number[]];
}

/** Thrown by every function on bad input. */
export interface CustometricsError extends Error {
  name: "CustometricsError";
  code: "not_finite" | "out_of_range" | "empty" | "length_mismatch" | "division_by_zero" | "invalid" | "diverges" | "did_not_converge";
  field: string | null;
  index: number | null;
  /** With did_not_converge: the parameters of the last iterate, in the model's order. */
  lastIterate?: number[];
  /** With did_not_converge: the iterations done. */
  iterations?: number;
}

export interface Nps {
  score: number; promoters: number; passives: number; detractors: number; n: number;
  stdError: number; ciLow: number; ciHigh: number; confidence: number;
  method: NpsMethod; effectiveN: number; probAbove: number | null; note: string | null;
}
export interface NpsDifference {
  a: Nps; b: Nps; difference: number; stdError: number; z: number | null; pValue: number; ciLow: number; ciHigh: number;
}
export interface Share {
  share: number; percent: number; count: number; n: number; stdError: number; ciLow: number; ciHigh: number;
  confidence: number; method: ProportionMethod; effectiveN: number; note: string | null;
}
/** Two samples' shares compared: a − b with its standard error, the pooled two-proportion z-test, and Newcombe's (1998) interval of the difference, inside [−1, 1]. */
export interface ProportionDifference {
  a: Share; b: Share; difference: number; stdError: number; z: number; pValue: number; ciLow: number; ciHigh: number;
}
export type SatisfactionState = "dissatisfied" | "satisfied" | "delighted";
export interface AttributeGap { perception: number; expectation: number; gap: number; state: SatisfactionState }
export interface Disconfirmation { attributes: AttributeGap[]; importance: number[]; overallGap: number; overallState: SatisfactionState }
export interface ServqualScore { dimensionGaps: number[]; unweighted: number; weighted: number | null }
export interface Servqual { dimensions: string[]; itemGaps: number[]; sample: ServqualScore; respondents: ServqualScore[] }
export interface ServqualSample { dimensions: string[]; itemGaps: number[]; sample: ServqualScore }
export interface ToleranceZone {
  adequate: number; desired: number; perceived: number; adequacyGap: number; superiorityGap: number; width: number;
  position: "below" | "within" | "above";
}
export interface ZoneOfTolerance { dimensions: string[]; items: ToleranceZone[]; byDimension: ToleranceZone[] }
export interface Gap { number: number; name: string; referenceMean: number; achievedMean: number; gap: number; n: number }
export interface FiveGaps { gaps: (Gap | null)[]; largestShortfall: number | null }
export interface Csi { index: number; attributeMeans: number[]; attributeIndexes: number[]; importance: number[]; correlations: number[] | null }
export interface Ipa {
  importanceCut: number; performanceCut: number;
  quadrants: ("concentrate_here" | "keep_up_the_good_work" | "low_priority" | "possible_overkill")[];
}
export interface Iceberg { dissatisfied: number; formal: number; voiced: number; silent: number; wordOfMouthReach: number }
export interface SampleSize { n: number; nInfinite: number; z: number }
export interface TrustSensitivity {
  score: number; dNumerator: number; dSelfOrientation: number; gains: number[]; bestLever: string | null;
}
export interface SampleSensitivity { meanGains: number[]; bestLeverCounts: number[]; bestLever: string | null; n: number }
export interface TrustAggregate {
  meanOfScores: number; scoreOfMeans: number; meanRatings: number[]; sensitivity: SampleSensitivity; n: number;
}
"#;
