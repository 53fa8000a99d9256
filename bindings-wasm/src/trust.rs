//! Trust: thin wrappers over `custometrics::trust`.

use crate::convert::{JsResult, OrThrow, Raw, arg, options_with, to_js};
use crate::input::{elementwise, number, numbers};
use custometrics::Column;
use custometrics::satisfaction::{BySegment, Design, Mean};
use custometrics::trust::{self, TrustOptions, TrustRatings, TrustScale};
use wasm_bindgen::prelude::*;

/// The trust options: the core's, with `scale` given as a pair `[min, max]` and validated;
/// `confidence` only where `survey` (trustBySegment) reads it, and `weights` handed back.
fn trust_options_with(opts: Option<JsValue>, survey: bool) -> JsResult<(TrustOptions, Option<JsValue>)> {
    let keys: &[(&str, &str)] =
        if survey { &[("scale", "scale"), ("weights", "")] } else { &[("scale", "scale"), ("", "confidence")] };
    let (mut o, raw): (TrustOptions, Raw) = options_with(opts, keys)?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = TrustScale::new(lo, hi).or_throw()?;
    }
    Ok((o, raw.given("weights")))
}

fn trust_options(opts: Option<JsValue>) -> JsResult<TrustOptions> {
    trust_options_with(opts, false).map(|(o, _)| o)
}

/// T = (C + R + I) / S for one rater.
#[wasm_bindgen(js_name = trustScore)]
pub fn trust_score(
    #[wasm_bindgen(unchecked_param_type = "number")] credibility: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] reliability: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] intimacy: JsValue,
    #[wasm_bindgen(js_name = selfOrientation, unchecked_param_type = "number")] self_orientation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrustOptions")] opts: Option<JsValue>,
) -> JsResult<f64> {
    let credibility = number("credibility", &credibility)?;
    let reliability = number("reliability", &reliability)?;
    let intimacy = number("intimacy", &intimacy)?;
    let self_orientation = number("self_orientation", &self_orientation)?;
    let o = trust_options(opts)?;
    trust::trust_score(credibility, reliability, intimacy, self_orientation, o.scale).or_throw()
}

/// Element-wise T as a new `Float64Array`.
#[wasm_bindgen(js_name = trustScores)]
pub fn trust_scores(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] credibility: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] reliability: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] intimacy: JsValue,
    #[wasm_bindgen(js_name = selfOrientation, unchecked_param_type = "Numbers")] self_orientation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrustOptions")] opts: Option<JsValue>,
) -> JsResult<js_sys::Float64Array> {
    let o = trust_options(opts)?;
    let args = [
        ("credibility", &credibility),
        ("reliability", &reliability),
        ("intimacy", &intimacy),
        ("self_orientation", &self_orientation),
    ];
    // Typed arrays block by block; every other kind (plain Arrays too) read whole.
    if let Some(out) =
        elementwise(args, |[c, r, i, s], out| trust::trust_score_into(c, r, i, s, o.scale, o.nan_policy, out))
    {
        return out;
    }
    let credibility = &numbers("credibility", &credibility)?;
    let reliability = &numbers("reliability", &reliability)?;
    let intimacy = &numbers("intimacy", &intimacy)?;
    let self_orientation = &numbers("self_orientation", &self_orientation)?;
    let t = trust::trust_score_batch(credibility, reliability, intimacy, self_orientation, o.scale, o.nan_policy)
        .or_throw()?;
    Ok(t.as_slice().into())
}

/// Which component moves T most for one rater.
#[wasm_bindgen(js_name = trustSensitivity, unchecked_return_type = "TrustSensitivity")]
pub fn trust_sensitivity(
    #[wasm_bindgen(unchecked_param_type = "number")] credibility: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] reliability: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] intimacy: JsValue,
    #[wasm_bindgen(js_name = selfOrientation, unchecked_param_type = "number")] self_orientation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrustOptions")] opts: Option<JsValue>,
) -> JsResult {
    let credibility = number("credibility", &credibility)?;
    let reliability = number("reliability", &reliability)?;
    let intimacy = number("intimacy", &intimacy)?;
    let self_orientation = number("self_orientation", &self_orientation)?;
    let scale = trust_options(opts)?.scale;
    let r = TrustRatings::new(credibility, reliability, intimacy, self_orientation, scale).or_throw()?;
    to_js(&trust::sensitivity(&r, scale))
}

/// Mean of individual T and T of the mean ratings over raters.
#[wasm_bindgen(js_name = trustOverRaters, unchecked_return_type = "TrustAggregate")]
pub fn trust_over_raters(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] credibility: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] reliability: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] intimacy: JsValue,
    #[wasm_bindgen(js_name = selfOrientation, unchecked_param_type = "Numbers")] self_orientation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrustOptions")] opts: Option<JsValue>,
) -> JsResult {
    let credibility = &numbers("credibility", &credibility)?;
    let reliability = &numbers("reliability", &reliability)?;
    let intimacy = &numbers("intimacy", &intimacy)?;
    let self_orientation = &numbers("self_orientation", &self_orientation)?;
    let o = trust_options(opts)?;
    to_js(&trust::trust_over_raters(credibility, reliability, intimacy, self_orientation, o.scale).or_throw()?)
}

/// The mean trust score T = (C + R + I) / S per segment (an `Int32Array` of codes, numbers, or
/// string labels, one per rater; `null` for none) and in total, each with its Student t
/// interval on T's range [3·min/max, 3·max/min]: `{segments: (Mean | null)[], total: Mean,
/// labels}`. `opts.weights` are design weights (Kish's effective n, linearised standard error).
/// One rater, or raters who all give one T, get a distribution-free interval and a `note`.
#[wasm_bindgen(js_name = trustBySegment, unchecked_return_type = "BySegment<Mean>")]
pub fn trust_by_segment(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] credibility: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] reliability: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] intimacy: JsValue,
    #[wasm_bindgen(js_name = selfOrientation, unchecked_param_type = "Numbers")] self_orientation: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments | null")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TrustSurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, weights) = trust_options_with(opts, true)?;
    let c = numbers("credibility", &credibility)?;
    let r = numbers("reliability", &reliability)?;
    let i = numbers("intimacy", &intimacy)?;
    let s = numbers("self_orientation", &self_orientation)?;
    let columns = [&c[..], &r[..], &i[..], &s[..]].map(Column::from);
    if segments.is_null() || segments.is_undefined() {
        let w = weights.map(|w| numbers("weights", &w)).transpose()?;
        let d = Design { weights: w.as_deref().map(Column::from), ..Design::default() };
        let out = to_js(&trust::trust_survey(columns, &d, &o).or_throw()?)?;
        js_sys::Reflect::set(&out, &"labels".into(), &js_sys::Array::new())?;
        return Ok(out);
    }
    crate::satisfaction::by_codes(
        &c,
        &segments,
        weights,
        |_, d| trust::trust_survey(columns, d, &o),
        Some(|r: &BySegment<Mean>| r.segments.len()),
    )
}
