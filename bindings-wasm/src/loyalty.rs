//! Loyalty: thin wrappers over `custometrics::loyalty`. The per-customer classes of the two
//! matrices leave as a `Uint8Array` of codes (the core's discriminants) with the `labels` that
//! name them, not as an array of strings.

use crate::convert::{JsResult, NoOptions, OrThrow, Raw, arg, options, options_with, to_js};
use crate::input::{number, numbers, optional_numbers};
use custometrics::loyalty::{self, DickBasuClass, DickBasuOptions, JonesSasserClass, JonesSasserOptions};
use custometrics::satisfaction::Scale;
use js_sys::{Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `result` as a plain object whose `classes` are the codes and whose `labels` name them.
pub(crate) fn with_codes<T: Serialize, C: Serialize>(result: &T, codes: &[u8], labels: &[C]) -> JsResult {
    let out = to_js(result)?;
    // Reflect.set on a fresh plain object cannot fail.
    let _ = Reflect::set(&out, &"classes".into(), &Uint8Array::from(codes));
    let _ = Reflect::set(&out, &"labels".into(), &to_js(&labels)?);
    Ok(out)
}

/// Classifies each customer by relative attitude and repeat patronage (Dick & Basu 1994)
/// against thresholds, the sample medians by default.
#[wasm_bindgen(js_name = dickBasu, unchecked_return_type = "DickBasu")]
pub fn dick_basu(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] attitude: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] patronage: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DickBasuOptions")] opts: Option<JsValue>,
) -> JsResult {
    let attitude = &numbers("attitude", &attitude)?;
    let patronage = &numbers("patronage", &patronage)?;
    let o: DickBasuOptions = options(opts)?;
    let mut d = loyalty::dick_basu(attitude, patronage, o.attitude_threshold, o.patronage_threshold).or_throw()?;
    let codes: Vec<u8> = std::mem::take(&mut d.classes).into_iter().map(|c| c as u8).collect();
    with_codes(&d, &codes, &DickBasuClass::ALL)
}

/// Places each customer in the satisfaction–loyalty matrix of Jones & Sasser (1995).
#[wasm_bindgen(js_name = jonesSasser, unchecked_return_type = "JonesSasser")]
pub fn jones_sasser(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] satisfaction: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] loyalty: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JonesSasserOptions")] opts: Option<JsValue>,
) -> JsResult {
    let satisfaction = &numbers("satisfaction", &satisfaction)?;
    let loyalty = &numbers("loyalty", &loyalty)?;
    // The scales are pairs `[min, max]` in JS, `{ min, max }` in the core.
    let keys = [("satisfactionScale", "satisfaction_scale"), ("loyaltyScale", "loyalty_scale")];
    let (mut o, raw): (JonesSasserOptions, Raw) = options_with(opts, &keys)?;
    for ((key, field), scale) in keys.iter().zip([&mut o.satisfaction_scale, &mut o.loyalty_scale]) {
        if let Some(pair) = raw.given(key) {
            let (min, max) = arg::<(f64, f64)>(field, pair)?;
            *scale = Scale { min, max };
        }
    }
    let mut j = loyalty::jones_sasser(satisfaction, loyalty, &o).or_throw()?;
    let codes: Vec<u8> = std::mem::take(&mut j.classes).into_iter().map(|c| c as u8).collect();
    with_codes(&j, &codes, &JonesSasserClass::ALL)
}

/// Each customer's quadrant from `jonesSasser` class codes, the extremes folded in (apostles are
/// loyalists, terrorists defectors); a code outside 0..=5 is `out_of_range`.
#[wasm_bindgen(js_name = jonesSasserQuadrants)]
pub fn jones_sasser_quadrants(#[wasm_bindgen(unchecked_param_type = "Numbers")] classes: JsValue) -> JsResult<Vec<u8>> {
    let classes = numbers("classes", &classes)?;
    classes
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let class = (c.fract() == 0.0 && c >= 0.0).then(|| JonesSasserClass::ALL.get(c as usize)).flatten();
            class.map(|k| k.quadrant() as u8).ok_or_else(|| {
                crate::convert::error(custometrics::Error::OutOfRange {
                    at: custometrics::Location::at("classes", i),
                    value: c,
                    expected: "the Jones & Sasser class codes 0..=5".into(),
                })
            })
        })
        .collect()
}

/// Loyalty indicators from each customer's purchases in a previous and a current period.
#[wasm_bindgen(js_name = loyaltyIndicators, unchecked_return_type = "LoyaltyIndicators")]
pub fn loyalty_indicators(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] previous: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] current: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LoyaltyIndicatorOptions")] opts: Option<JsValue>,
) -> JsResult {
    let previous = &numbers("previous", &previous)?;
    let current = &numbers("current", &current)?;
    let (_, raw): (NoOptions, Raw) = options_with(opts, &[("firstPurchase", ""), ("lastPurchase", "")])?;
    let first = optional_numbers("first_purchase", &raw.get("firstPurchase"))?;
    let last = optional_numbers("last_purchase", &raw.get("lastPurchase"))?;
    to_js(&loyalty::loyalty_indicators(previous, current, first.as_deref(), last.as_deref()).or_throw()?)
}

/// The weighted loyalty index (0–100) over the seven measures, in the order of `LoyaltyMeasure`.
#[wasm_bindgen(js_name = loyaltyIndex, unchecked_return_type = "LoyaltyIndex")]
pub fn loyalty_index(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] weights: JsValue,
) -> JsResult {
    let scores = &numbers("scores", &scores)?;
    let weights = &numbers("weights", &weights)?;
    to_js(&loyalty::loyalty_index(scores, weights).or_throw()?)
}

/// A raw measure on the 0–1 loyalty scale: 0 at `worst`, 1 at `best`, clipped beyond.
#[wasm_bindgen(js_name = normalisedScore)]
pub fn normalised_score(
    #[wasm_bindgen(unchecked_param_type = "number")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] worst: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] best: JsValue,
) -> JsResult<f64> {
    let value = number("value", &value)?;
    let worst = number("worst", &worst)?;
    let best = number("best", &best)?;
    loyalty::normalised_score(value, worst, best).or_throw()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_LOYALTY: &'static str = r#"
export type DickBasuClass = "loyal" | "latent" | "spurious" | "no_loyalty";
export interface DickBasuOptions { attitudeThreshold?: number | null; patronageThreshold?: number | null }
export interface DickBasuCells<T> { loyal: T; latent: T; spurious: T; noLoyalty: T }
/** `classes[i]` is customer i's code, `labels[code]` its class (0 loyal … 3 no_loyalty). */
export interface DickBasu {
  classes: Uint8Array; labels: DickBasuClass[]; counts: DickBasuCells<number>; shares: DickBasuCells<number>;
  attitudeThreshold: number; patronageThreshold: number; n: number;
}
export type JonesSasserClass = "apostle" | "loyalist" | "mercenary" | "hostage" | "defector" | "terrorist";
export interface JonesSasserOptions {
  satisfactionScale?: [number, number]; loyaltyScale?: [number, number]; satisfactionCut?: number; loyaltyCut?: number;
  apostleSatisfaction?: number; apostleLoyalty?: number; terroristSatisfaction?: number; terroristLoyalty?: number;
}
/** Quadrant counts include their extremes (loyalist counts apostles, defector terrorists). */
export interface JonesSasserCells<T> { loyalist: T; mercenary: T; hostage: T; defector: T; apostle: T; terrorist: T }
/** `classes[i]` is customer i's code, `labels[code]` its class (0 apostle … 5 terrorist). */
export interface JonesSasser {
  classes: Uint8Array; labels: JonesSasserClass[]; counts: JonesSasserCells<number>; shares: JonesSasserCells<number>;
  n: number;
}
export interface LoyaltyIndicatorOptions { firstPurchase?: Numbers; lastPurchase?: Numbers }
export interface LoyaltyIndicators {
  customers: number; activePrevious: number; activeCurrent: number; retained: number; churned: number; acquired: number;
  repeatCustomers: number; retentionRate: number; churnRate: number; acquisitionRate: number; growthRate: number;
  repeatPurchaseRate: number; meanInterPurchaseTime: number | null;
}
export type LoyaltyMeasure = "repeat_purchases" | "time_to_choose" | "price_sensitivity" | "attitude_to_competitors"
  | "quality_incident_tolerance" | "growth_and_acquisition" | "churn_rate";
export interface MeasureScore { measure: LoyaltyMeasure; score: number; weight: number; contribution: number }
export interface LoyaltyIndex { index: number; measures: MeasureScore[] }
"#;
