//! Trust: thin wrappers over `custometrics::trust`.

use crate::convert::{JsResult, OrThrow, Raw, arg, options_with, to_js};
use crate::input::{elementwise, number, numbers};
use custometrics::trust::{self, TrustOptions, TrustRatings, TrustScale};
use wasm_bindgen::prelude::*;

/// The trust options: the core's, with `scale` given as a pair `[min, max]` and validated.
fn trust_options(opts: Option<JsValue>) -> JsResult<TrustOptions> {
    let (mut o, raw): (TrustOptions, Raw) = options_with(opts, &[("scale", "scale")])?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = TrustScale::new(lo, hi).or_throw()?;
    }
    Ok(o)
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
    // Float64Arrays (the fast path) block by block; every other kind read whole.
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
