//! Assessment: thin wrappers over `custometrics::assessment`. The shipped instrument and frame
//! leave as plain camelCase objects (`orientationInstrument()`, `gbt19580()`) an app can render
//! the questionnaire from, and come back in the same form (`opts.instrument`, `opts.frame`).

use crate::convert::{JsResult, OrThrow, Raw, arg, count, count_in, options, options_with, snake, to_js};
use crate::input::{matrix, number, numbers};
use custometrics::Matrix;
use custometrics::assessment::{
    self as ass, AhpOptions, DecisionOptions, ExcellenceOptions, Frame, FrameItem, Instrument, OrientationOptions,
};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// A camelCase object as the core's snake_case serde form, recursively (keys only).
fn snake_keys(v: JsValue) -> JsValue {
    if Array::is_array(&v) {
        return Array::from(&v).iter().map(snake_keys).collect::<Array>().into();
    }
    match v.dyn_into::<Object>() {
        Ok(obj) if obj.constructor().name() == "Object" => {
            let out = Object::new();
            for entry in Object::entries(&obj).iter() {
                let pair = Array::from(&entry);
                let key = pair.get(0).as_string().unwrap_or_default();
                // Reflect.set on a fresh plain object cannot fail.
                let _ = Reflect::set(&out, &snake(&key).into(), &snake_keys(pair.get(1)));
            }
            out.into()
        }
        Ok(obj) => obj.into(),
        Err(v) => v,
    }
}

fn instrument(raw: &Raw) -> JsResult<Instrument> {
    raw.given("instrument").map_or_else(|| Ok(ass::ORIENTATION.clone()), |v| arg("instrument", snake_keys(v)))
}

fn frame_of(v: Option<JsValue>) -> JsResult<Frame> {
    v.map_or_else(|| Ok(ass::GBT19580.clone()), |v| arg("frame", snake_keys(v)))
}

fn strings(raw: &Raw, key: &str) -> JsResult<Option<Vec<String>>> {
    raw.given(key).map(|v| arg::<Vec<String>>(key, v)).transpose()
}

/// The shipped customer-orientation self-assessment (40 statements, English and Chinese).
#[wasm_bindgen(js_name = orientationInstrument, unchecked_return_type = "Instrument")]
pub fn orientation_instrument() -> JsResult {
    to_js(&*ass::ORIENTATION)
}

/// The GB/T 19580 frame: 4.1–4.7, 1000 points, without item splits.
#[wasm_bindgen(unchecked_return_type = "Frame")]
pub fn gbt19580() -> JsResult {
    to_js(&*ass::GBT19580)
}

/// A caller-defined form from `[categoryId, itemCount]` pairs on the scale `low..=high`
/// (statement ids `"<category>.<n>"`).
#[wasm_bindgen(js_name = instrumentFromCounts, unchecked_return_type = "Instrument")]
pub fn instrument_from_counts(
    #[wasm_bindgen(unchecked_param_type = "[string, number][]")] categories: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] low: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] high: JsValue,
) -> JsResult {
    let cats: Vec<(String, f64)> = arg("categories", categories)?;
    let counts = cats
        .iter()
        .enumerate()
        .map(|(i, (id, n))| Ok((id.as_str(), usize::try_from(count_in("categories", i, *n, 0)?).unwrap_or(usize::MAX))))
        .collect::<JsResult<Vec<_>>>()?;
    let (low, high) = (scale_end("low", &low)?, scale_end("high", &high)?);
    to_js(&Instrument::from_counts(&counts, low, high).or_throw()?)
}

/// An end of an answer scale: a whole number 0..=u32::MAX (a fraction or a negative number is
/// `out_of_range`, NaN `not_finite`, naming `field`).
fn scale_end(field: &str, v: &JsValue) -> JsResult<u32> {
    let n = count(field, number(field, v)?, 0)?;
    u32::try_from(n).map_err(|_| {
        crate::convert::error(custometrics::Error::OutOfRange {
            at: custometrics::Location::scalar(field),
            value: n as f64,
            expected: format!("the whole numbers 0..={}", u32::MAX),
        })
    })
}

/// `frame` with the items of category `category` replaced (their points must add up to the
/// category's).
#[wasm_bindgen(js_name = frameWithItems, unchecked_return_type = "Frame")]
pub fn frame_with_items(
    #[wasm_bindgen(unchecked_param_type = "Frame")] frame: JsValue,
    category: String,
    #[wasm_bindgen(unchecked_param_type = "FrameItem[]")] items: JsValue,
) -> JsResult {
    let f = frame_of(Some(frame))?;
    let items: Vec<FrameItem> = arg("items", snake_keys(items))?;
    to_js(&f.with_items(&category, items).or_throw()?)
}

/// Scores self-assessment answers (rows respondents, columns statements), with group statistics
/// and gaps when `opts.groups` labels each row.
#[wasm_bindgen(unchecked_return_type = "Orientation")]
pub fn orientation(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] answers: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OrientationOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (OrientationOptions, Raw) =
        options_with(opts, &[("instrument", ""), ("groups", ""), ("columns", "")])?;
    let inst = instrument(&raw)?;
    let (groups, columns) = (strings(&raw, "groups")?, strings(&raw, "columns")?);
    let (data, cols) = matrix("answers", &answers)?;
    let m = Matrix::new("answers", &data, cols).or_throw()?;
    let r = match &columns {
        Some(c) => {
            let aligned = inst.align(c, &m).or_throw()?;
            ass::orientation(&Matrix::new("answers", &aligned, inst.items()).or_throw()?, &inst, groups.as_deref(), &o)
        }
        None => ass::orientation(&m, &inst, groups.as_deref(), &o),
    };
    to_js(&r.or_throw()?)
}

/// Scores examiners' percentages (rows examiners, columns the frame's units) with consensus and
/// disagreements.
#[wasm_bindgen(unchecked_return_type = "Excellence")]
pub fn excellence(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ExcellenceOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (ExcellenceOptions, Raw) = options_with(opts, &[("frame", ""), ("columns", "")])?;
    let f = frame_of(raw.given("frame"))?;
    let columns = strings(&raw, "columns")?;
    let (data, cols) = matrix("scores", &scores)?;
    let m = Matrix::new("scores", &data, cols).or_throw()?;
    let r = match &columns {
        Some(c) => {
            let aligned = f.align(c, &m).or_throw()?;
            ass::excellence(&Matrix::new("scores", &aligned, f.units().len()).or_throw()?, &f, &o)
        }
        None => ass::excellence(&m, &f, &o),
    };
    to_js(&r.or_throw()?)
}

/// The weighted decision matrix: alternatives (rows) on criteria (columns), ranking and weight
/// sensitivity.
#[wasm_bindgen(unchecked_return_type = "Decision")]
pub fn decision(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] weights: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DecisionOptions")] opts: Option<JsValue>,
) -> JsResult {
    let o: DecisionOptions = options(opts)?;
    let (data, cols) = matrix("scores", &scores)?;
    let weights = numbers("weights", &weights)?;
    to_js(&ass::decision(&Matrix::new("scores", &data, cols).or_throw()?, &weights, &o).or_throw()?)
}

/// AHP weights, λmax, CI and CR of a square matrix of pairwise comparisons (its rows).
#[wasm_bindgen(unchecked_return_type = "Ahp")]
pub fn ahp(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] pairwise: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AhpOptions")] opts: Option<JsValue>,
) -> JsResult {
    let o: AhpOptions = options(opts)?;
    let (data, cols) = matrix("pairwise", &pairwise)?;
    to_js(&ass::ahp(&Matrix::new("pairwise", &data, cols).or_throw()?, &o).or_throw()?)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ASSESSMENT: &'static str = r#"
/** A text in English and simplified Chinese. */
export interface Text { en: string; zh: string }
export interface Statement { id: string; text: Text }
export interface Category { id: string; name: Text; statements: Statement[] }
export interface AnswerScale { low: number; high: number; lowLabel: Text; highLabel: Text }
/** A self-assessment form: categories of statements answered on one scale. */
export interface Instrument { id: string; title: Text; scale: AnswerScale; categories: Category[] }
export interface FrameItem { id: string; name: Text; points: number }
export interface FrameCategory { id: string; name: Text; points: number; kind: "process" | "results"; items: FrameItem[] }
/** An excellence frame: categories with points, optionally split into items. */
export interface Frame { id: string; title: Text; categories: FrameCategory[] }

export interface OrientationOptions {
  /** The form (default the shipped 40-item one, orientationInstrument()). */
  instrument?: Instrument;
  /** Each row's group label: per-group statistics and the gaps between groups. */
  groups?: string[];
  /** The statement id of each answer column, in any order. */
  columns?: string[];
  nanPolicy?: NanPolicy; maxMissing?: number; confidence?: number; lowAnswer?: number;
}
export interface CategoryScore { category: string; total: number; max: number; share: number; answered: number }
export interface RespondentScore {
  categories: CategoryScore[]; total: number; max: number; share: number; weakestFirst: number[]; lowItems: number[];
  missing: number;
}
export interface CategoryStats {
  category: string; n: number; meanShare: number | null; sd: number | null; stdError: number | null;
  ciLow: number | null; ciHigh: number | null; rwg: number | null;
}
export interface GroupStats { group: string; n: number; excluded: number; categories: CategoryStats[]; overall: CategoryStats }
export interface ShareDifference {
  category: string; difference: number | null; stdError: number | null; df: number | null; t: number | null;
  pValue: number | null; ciLow: number | null; ciHigh: number | null;
}
export interface GroupGap { a: string; b: string; categories: ShareDifference[]; overall: ShareDifference }
export interface Orientation {
  categories: string[]; respondents: (RespondentScore | null)[]; excluded: number[]; all: GroupStats;
  groups: GroupStats[]; gaps: GroupGap[];
}

export interface ExcellenceOptions {
  /** The frame (default gbt19580()). */
  frame?: Frame;
  /** The unit id of each score column, in any order. */
  columns?: string[];
  disagreement?: number; nanPolicy?: NanPolicy;
}
export interface UnitScore { unit: string; points: number; percent: number; band: number | null; earned: number; lost: number }
export interface CategoryResult { category: string; points: number; earned: number; share: number }
export interface ScoreSheet {
  units: UnitScore[]; categories: CategoryResult[]; total: number; points: number; priorities: number[]; missing: number;
}
export interface UnitConsensus {
  unit: string; n: number; median: number; mean: number; min: number; max: number; range: number; sd: number | null;
  disagree: boolean;
}
export interface Excellence {
  examiners: ScoreSheet[]; units: UnitConsensus[]; consensus: ScoreSheet; consensusMean: ScoreSheet; disagreements: number[];
}

export interface DecisionOptions {
  criteria?: string[]; alternatives?: string[]; cost?: boolean[]; normalise?: "none" | "min_max" | "vector";
  nanPolicy?: NanPolicy;
}
export interface WeightSensitivity {
  criterion: string; weight: number; threshold: number | null; change: number | null; newTop: number | null;
}
export interface Decision {
  criteria: string[]; alternatives: string[]; weights: number[]; normalised: number[][]; totals: number[];
  ranks: (number | null)[]; order: number[]; best: number[]; margin: number | null; excluded: number[];
  sensitivity: WeightSensitivity[];
}

export interface AhpOptions { reciprocalTolerance?: number }
export interface Ahp {
  weights: number[]; lambdaMax: number; ci: number; randomIndex: number | null; cr: number | null;
  inconsistent: boolean; iterations: number;
}
"#;
