//! Tiers: thin wrappers over `custometrics::tiers`. Per-customer outputs leave as typed arrays
//! (tiers and scores `Uint8Array`, cell codes `Uint32Array`, segments `Uint16Array`); tier
//! labels and scores come in as any array of numbers (the `Uint8Array` of `abc`, plain arrays),
//! each checked to be a whole number. A transition matrix is given as its rows, or as an object
//! `{ nTiers, probabilities }` (row-major, as `migration` returns it).

use crate::convert::{
    JsResult, MoneyArg, NoOptions, OrThrow, Raw, arg, count, error, money_to_js, options, options_with, to_js,
};
use crate::input::{number, numbers, optional_number};
use custometrics::tiers::{
    self, AbcOptions, CurryOptions, LorenzOptions, MarkovClvOptions, ProjectOptions, QuantileOptions, RfmOptions,
    SegmentMap, TransitionMatrix,
};
use custometrics::{Error, Location, Result as CoreResult};
use js_sys::{Float64Array, Reflect, Uint8Array, Uint16Array, Uint32Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// ABC tiers by cumulative share of value (0 = A, 1 = B, 2 = C), one per customer.
#[wasm_bindgen]
pub fn abc(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AbcOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let values = &numbers("values", &values)?;
    let o: AbcOptions = options(opts)?;
    tiers::abc(values, o.a, o.b).or_throw()
}

/// Tiers by rank of value with the given shares of customers, top first (0 = top).
#[wasm_bindgen]
pub fn pyramid(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] shares: JsValue,
) -> JsResult<Vec<u8>> {
    let values = &numbers("values", &values)?;
    let shares = &numbers("shares", &shares)?;
    tiers::pyramid(values, shares).or_throw()
}

/// Curry's pyramid of active customers: top 1 %, big 4 %, medium 15 %, small 80 % (or `shares`).
#[wasm_bindgen]
pub fn curry(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CurryOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let values = &numbers("values", &values)?;
    let o: CurryOptions = options(opts)?;
    tiers::pyramid(values, &o.shares).or_throw()
}

/// Scores 1..q by quantile of rank; equal values share a score; `reverse` scores low values high.
#[wasm_bindgen(js_name = quantileScores)]
pub fn quantile_scores(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "QuantileOptions")] opts: Option<JsValue>,
) -> JsResult<Vec<u8>> {
    let values = &numbers("values", &values)?;
    let o: QuantileOptions = options(opts)?;
    tiers::quantile_scores(values, o.q, o.reverse).or_throw()
}

/// RFM scores (recency reversed) with each customer's cell code.
#[wasm_bindgen(js_name = rfmScores, unchecked_return_type = "RfmScores")]
pub fn rfm_scores(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] monetary: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RfmOptions")] opts: Option<JsValue>,
) -> JsResult {
    let recency = &numbers("recency", &recency)?;
    let frequency = &numbers("frequency", &frequency)?;
    let monetary = &numbers("monetary", &monetary)?;
    let o: RfmOptions = options(opts)?;
    let s = tiers::rfm_scores(recency, frequency, monetary, o.q).or_throw()?;
    let out = js_sys::Object::new();
    // Reflect.set on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"r".into(), &Uint8Array::from(s.r.as_slice()));
    let _ = Reflect::set(&out, &"f".into(), &Uint8Array::from(s.f.as_slice()));
    let _ = Reflect::set(&out, &"m".into(), &Uint8Array::from(s.m.as_slice()));
    let _ = Reflect::set(&out, &"code".into(), &Uint32Array::from(s.code.as_slice()));
    let _ = Reflect::set(&out, &"q".into(), &JsValue::from(s.q));
    Ok(out.into())
}

/// The RFM cell code: the three scores side by side in decimal, each padded to the digits of `q`
/// (default 5): r·100 + f·10 + m for q ≤ 9. Each score must be a whole number in 1..=q.
#[wasm_bindgen(js_name = rfmCode)]
pub fn rfm_code(
    #[wasm_bindgen(unchecked_param_type = "number")] r: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] f: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] m: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] q: Option<JsValue>,
) -> JsResult<u32> {
    let (r, f, m) = (number("r", &r)?, number("f", &f)?, number("m", &m)?);
    let q = match optional_number("q", &q.unwrap_or(JsValue::UNDEFINED))? {
        // Beyond 32 bits: out of range naming the value given, not a narrowed one.
        Some(q) => u32::try_from(count("q", q, 0)?).map_err(|_| {
            error(Error::OutOfRange {
                at: Location::scalar("q"),
                value: q,
                expected: format!("the integers 2..={}", tiers::MAX_Q),
            })
        })?,
        None => RfmOptions::default().q,
    };
    let score = |field: &str, x: f64| score_at(Location::scalar(field), x, 1, q).or_throw();
    Ok(tiers::rfm_code(score("r", r)?, score("f", f)?, score("m", m)?, q))
}

/// Whole numbers 0..=255 as score bytes (the core then checks 1..=q), else the error naming the
/// index.
fn score_bytes(field: &str, v: &[f64], q: u32) -> CoreResult<Vec<u8>> {
    v.iter().enumerate().map(|(i, &x)| score_at(Location::at(field, i), x, 0, q)).collect()
}

/// One whole score `lowest..=q` (at most 255), else `not_finite` / `out_of_range` at `at`
/// (expecting 1..=q).
fn score_at(at: Location, x: f64, lowest: u32, q: u32) -> CoreResult<u8> {
    let highest = if lowest == 0 { 255 } else { q.min(255) };
    if !x.is_finite() {
        Err(Error::NotFinite { at, value: x })
    } else if x.fract() == 0.0 && (f64::from(lowest)..=f64::from(highest)).contains(&x) {
        Ok(x as u8)
    } else {
        Err(Error::OutOfRange { at, value: x, expected: format!("the scores 1..={q}") })
    }
}

/// Names each customer's segment from its R, F, M scores with `opts.map` (default: the standard
/// map, `standardSegmentMap()`).
#[wasm_bindgen(js_name = rfmSegments, unchecked_return_type = "RfmSegments")]
pub fn rfm_segments(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] r: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] f: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] m: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SegmentOptions")] opts: Option<JsValue>,
) -> JsResult {
    let r = &numbers("r", &r)?;
    let f = &numbers("f", &f)?;
    let m = &numbers("m", &m)?;
    let (_, raw): (NoOptions, Raw) = options_with(opts, &[("map", "")])?;
    let map = raw.given("map").map_or_else(|| Ok(SegmentMap::standard()), segment_map)?;
    map.validate().or_throw()?;
    let q = map.q;
    let (r, f, m) = (score_bytes("r", r, q), score_bytes("f", f, q), score_bytes("m", m, q));
    let mut s = tiers::rfm_segments(&r.or_throw()?, &f.or_throw()?, &m.or_throw()?, &map).or_throw()?;
    let segment = std::mem::take(&mut s.segment);
    let out = to_js(&s)?;
    let _ = Reflect::set(&out, &"segment".into(), &Uint16Array::from(segment.as_slice()));
    Ok(out)
}

fn segment_map(v: JsValue) -> JsResult<SegmentMap> {
    serde_wasm_bindgen::from_value(v).map_err(|e| {
        error(Error::Invalid {
            at: Location::scalar("map"),
            value: e.to_string(),
            expected: "a segment map { q, rules: [{ name, r: { min, max }, f, m }], fallback }".into(),
        })
    })
}

/// The standard segment map over recency and frequency quintiles, to read or edit and pass back
/// as `rfmSegments(r, f, m, { map })`.
#[wasm_bindgen(js_name = standardSegmentMap, unchecked_return_type = "SegmentMap")]
pub fn standard_segment_map() -> JsResult {
    to_js(&SegmentMap::standard())
}

/// The Gini coefficient of value.
#[wasm_bindgen]
pub fn gini(#[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue) -> JsResult<f64> {
    let values = &numbers("values", &values)?;
    tiers::gini(values).or_throw()
}

/// The Lorenz curve at `points + 1` shares of customers (default 100 points) and the Gini
/// coefficient.
#[wasm_bindgen(unchecked_return_type = "Lorenz")]
pub fn lorenz(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LorenzOptions")] opts: Option<JsValue>,
) -> JsResult {
    let values = &numbers("values", &values)?;
    let o: LorenzOptions = options(opts)?;
    let mut l = tiers::lorenz(values, o.points).or_throw()?;
    let (population, value) = (std::mem::take(&mut l.population_share), std::mem::take(&mut l.value_share));
    let out = to_js(&l)?;
    let _ = Reflect::set(&out, &"populationShare".into(), &Float64Array::from(population.as_slice()));
    let _ = Reflect::set(&out, &"valueShare".into(), &Float64Array::from(value.as_slice()));
    Ok(out)
}

fn tier_count(n_tiers: f64) -> JsResult<usize> {
    Ok(usize::try_from(count("n_tiers", n_tiers, 0)?).unwrap_or(usize::MAX))
}

/// The inverted profit pyramid of any tiering: each tier's share of customers and of value.
#[wasm_bindgen(js_name = profitPyramid, unchecked_return_type = "ProfitPyramid")]
pub fn profit_pyramid(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] tiers: JsValue,
    #[wasm_bindgen(js_name = nTiers, unchecked_param_type = "number")] n_tiers: JsValue,
) -> JsResult {
    let n_tiers = number("n_tiers", &n_tiers)?;
    let values = &numbers("values", &values)?;
    let tiers = &numbers("tiers", &tiers)?;
    let n = tier_count(n_tiers)?;
    let t = custometrics::convert::tier_labels("tiers", tiers).or_throw()?;
    to_js(&tiers::profit_pyramid(values, &t, n).or_throw()?)
}

/// Transition counts and probabilities (row-major) from each customer's tier in two periods.
#[wasm_bindgen(unchecked_return_type = "Migration")]
pub fn migration(
    #[wasm_bindgen(js_name = fromTiers, unchecked_param_type = "Numbers")] from_tiers: JsValue,
    #[wasm_bindgen(js_name = toTiers, unchecked_param_type = "Numbers")] to_tiers: JsValue,
    #[wasm_bindgen(js_name = nTiers, unchecked_param_type = "number")] n_tiers: JsValue,
) -> JsResult {
    let n_tiers = number("n_tiers", &n_tiers)?;
    let from_tiers = &numbers("from_tiers", &from_tiers)?;
    let to_tiers = &numbers("to_tiers", &to_tiers)?;
    let n = tier_count(n_tiers)?;
    let (from, to) = (
        custometrics::convert::tier_labels("from_tiers", from_tiers).or_throw()?,
        custometrics::convert::tier_labels("to_tiers", to_tiers).or_throw()?,
    );
    to_js(&tiers::migration(&from, &to, n).or_throw()?)
}

/// A transition matrix as JS gives it.
#[derive(Deserialize)]
#[serde(untagged)]
enum TransitionArg {
    Rows(Vec<Vec<f64>>),
    #[serde(rename_all = "camelCase")]
    Flat {
        n_tiers: f64,
        probabilities: Vec<f64>,
    },
}

/// A transition matrix from its rows or `{ nTiers, probabilities }`, validated by the core.
fn transition(v: JsValue) -> JsResult<TransitionMatrix> {
    match arg::<TransitionArg>("transition", v)? {
        TransitionArg::Rows(rows) => TransitionMatrix::from_rows(&rows).or_throw(),
        TransitionArg::Flat { n_tiers, probabilities } => {
            TransitionMatrix::new(tier_count(n_tiers)?, probabilities).or_throw()
        }
    }
}

/// The tier distribution `periods` periods ahead (default 1): `distribution · Pᵏ`.
#[wasm_bindgen]
pub fn project(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] distribution: JsValue,
    #[wasm_bindgen(js_name = transition, unchecked_param_type = "TransitionInput")] transition_matrix: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] periods: Option<JsValue>,
) -> JsResult<Vec<f64>> {
    let periods = optional_number("periods", &periods.unwrap_or(JsValue::UNDEFINED))?;
    let distribution = &numbers("distribution", &distribution)?;
    let t = transition(transition_matrix)?;
    let periods = match periods {
        Some(p) => count("periods", p, 0)?,
        None => u64::from(ProjectOptions::default().periods),
    };
    let periods = u32::try_from(periods).map_err(|_| {
        error(Error::OutOfRange {
            at: Location::scalar("periods"),
            value: periods as f64,
            expected: "the periods 0..=4294967295".into(),
        })
    })?;
    tiers::project(distribution, &t, periods).or_throw()
}

/// The steady state π with π P = π and Σ π = 1.
#[wasm_bindgen(js_name = steadyState)]
pub fn steady_state(
    #[wasm_bindgen(js_name = transition, unchecked_param_type = "TransitionInput")] transition_matrix: JsValue,
) -> JsResult<Vec<f64>> {
    tiers::steady_state(&transition(transition_matrix)?).or_throw()
}

/// Customer lifetime value per starting tier (Pfeifer & Carraway 2000), exact money.
#[wasm_bindgen(js_name = markovClv, skip_typescript)]
pub fn markov_clv(
    transition_matrix: JsValue,
    margins: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] discount_rate: JsValue,
    opts: Option<JsValue>,
) -> JsResult {
    let discount_rate = number("discount_rate", &discount_rate)?;
    let (o, raw): (MarkovClvOptions, Raw) = options_with(opts, &[("money", "")])?;
    let out = raw.money()?;
    let t = transition(transition_matrix)?;
    let margins = arg::<Vec<MoneyArg>>("margins", margins)?
        .iter()
        .enumerate()
        .map(|(i, m)| m.decimal(Location::at("margins", i)))
        .collect::<JsResult<Vec<_>>>()?;
    money_to_js(&tiers::markov_clv(&t, &margins, discount_rate, o.horizon).or_throw()?, out)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TIERS: &'static str = r#"
export interface AbcOptions { a?: number; b?: number }
export interface CurryOptions { shares?: number[] }
export interface QuantileOptions { q?: number; reverse?: boolean }
export interface RfmOptions { q?: number }
/** Scores 1..q (recency reversed: recent = high) and cell codes (scores side by side: 455). */
export interface RfmScores { r: Uint8Array; f: Uint8Array; m: Uint8Array; code: Uint32Array; q: number }
export interface ScoreRange { min: number; max: number }
export interface SegmentRule { name: string; r: ScoreRange; f: ScoreRange; m: ScoreRange }
/** The first rule a customer matches names its segment; customers matching none get `fallback`. */
export interface SegmentMap { q: number; rules: SegmentRule[]; fallback: string }
export interface SegmentOptions { map?: SegmentMap }
/** `segment[i]` indexes `names` (the rules in order, then the fallback). */
export interface RfmSegments { segment: Uint16Array; names: string[]; counts: number[] }
export interface LorenzOptions { points?: number }
export interface Lorenz { populationShare: Float64Array; valueShare: Float64Array; gini: number }
export interface TierShare {
  tier: number; customers: number; customerShare: number; value: number; valueShare: number;
  valuePerCustomer: number | null;
}
export interface ProfitPyramid { tiers: TierShare[]; customers: number; totalValue: number }
/** Row-major n × n: `counts[i * nTiers + j]` customers went from tier i to tier j. */
export interface Migration {
  nTiers: number; counts: number[]; fromTotals: number[]; toTotals: number[]; probabilities: number[];
}
/** A transition matrix: its rows, or `{ nTiers, probabilities }` row-major (a Migration's estimate). */
export type TransitionInput = number[][] | { nTiers: number; probabilities: number[] };
export interface MarkovClvOptions { horizon?: number | null }
export function markovClv(transition: TransitionInput, margins: MoneyInput[], discountRate: number, opts?: MarkovClvOptions & MoneyOption): Money[];
export function markovClv(transition: TransitionInput, margins: MoneyInput[], discountRate: number, opts: MarkovClvOptions & MoneyAsNumber): number[];
"#;
