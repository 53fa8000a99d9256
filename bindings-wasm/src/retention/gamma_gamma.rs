//! The Gamma-Gamma spend model's methods (the class is declared in `retention.rs`):
//! `GammaGamma.fit(frequency, monetaryValue, opts)`, and CLV from it and a transaction model with
//! lifetimes' semantics
//! (`gg.customerLifetimeValue(bg, frequency, recency, T, monetaryValue, { time, discountRate, freq })`).

use crate::convert::{JsResult, OrThrow, Raw, count, error, options_with};
use custometrics::retention::models::{MAX_CLV_MONTHS, ModelClvOptions, TimeUnit};
use custometrics::{Error, Location};
use wasm_bindgen::JsValue;

/// A fitted model keeps nothing of its data beyond the fit.
pub(super) type Data = ();

/// lifetimes' CLV options: the core's, with `time` (months) and `freq` (a time-unit code) under
/// lifetimes' names.
pub(super) fn clv_options(opts: Option<JsValue>) -> JsResult<ModelClvOptions> {
    let (mut o, raw): (ModelClvOptions, Raw) = options_with(opts, &[("time", "months"), ("freq", "time_unit")])?;
    if let Some(t) = raw.given("time") {
        let months = crate::input::number("time", &t)?;
        o.months = u32::try_from(count("time", months, 0)?).ok().filter(|&m| m <= MAX_CLV_MONTHS).ok_or_else(|| {
            error(Error::OutOfRange {
                at: Location::scalar("time"),
                value: months,
                expected: format!("the integers 0..={MAX_CLV_MONTHS} (months; the horizon is capped at 100 years)"),
            })
        })?;
    }
    if let Some(code) = raw.given("freq") {
        o.time_unit = TimeUnit::parse(&code.as_string().unwrap_or_else(|| crate::input::show(&code))).or_throw()?;
    }
    Ok(o)
}

macro_rules! methods {
    ($class:ident, $js:ident, $core:ty) => {
        // Expanded in `retention.rs`, which has `OrThrow` in scope.
        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// Fits p, q, v to repeat customers' frequency (>= 1) and mean repeat-transaction value
            /// (> 0), with `opts.weights` for grouped data.
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
            ) -> $crate::convert::JsResult<$class> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let monetary_value = &$crate::input::numbers("monetary_value", &monetary_value)?;
                let (o, weights) = $crate::retention::model_fit_options(opts)?;
                let fit = <$core>::fit(frequency, monetary_value, weights.as_deref(), &o).or_throw()?;
                Ok($class::fitted(fit, ()))
            }

            /// The total log-likelihood of (frequency, monetary value) data under these parameters.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
            ) -> $crate::convert::JsResult<f64> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let monetary_value = &$crate::input::numbers("monetary_value", &monetary_value)?;
                let weights = $crate::input::optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
                self.model.log_likelihood(frequency, monetary_value, weights.as_deref()).or_throw()
            }

            /// Each customer's expected spend per transaction, p(v + x m)/(px + q − 1).
            #[wasm_bindgen(js_name = conditionalExpectedAverageProfit)]
            pub fn conditional_expected_average_profit(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let monetary_value = &$crate::input::numbers("monetary_value", &monetary_value)?;
                self.model.conditional_expected_average_profit_batch(frequency, monetary_value).or_throw()
            }

            /// The correlation of frequency and spend over repeat customers (the model assumes none).
            #[wasm_bindgen(js_name = independenceCheck, unchecked_return_type = "SpendIndependence")]
            pub fn independence_check(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
            ) -> $crate::convert::JsResult {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let monetary_value = &$crate::input::numbers("monetary_value", &monetary_value)?;
                $crate::convert::to_js(&<$core>::independence_check(frequency, monetary_value).or_throw()?)
            }

            /// lifetimes' `customer_lifetime_value`: each customer's discounted expected spend over
            /// `opts.time` months (default 12) at `opts.discountRate` a month (0.01), for a transaction
            /// model fitted in `opts.freq` units ("D", "W", "H" or "M"; default "D").
            #[wasm_bindgen(js_name = customerLifetimeValue)]
            pub fn customer_lifetime_value(
                &self,
                #[wasm_bindgen(js_name = transactionModel, unchecked_param_type = "BetaGeo | ModifiedBetaGeo | ParetoNBD")]
                transaction_model: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
                #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ModelClvOptions")] opts: Option<JsValue>,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let t = &$crate::input::numbers("T", &t)?;
                let monetary_value = &$crate::input::numbers("monetary_value", &monetary_value)?;
                let opts = $crate::retention::gamma_gamma::clv_options(opts)?;
                let model = $crate::retention::transaction::AnyModel::from_js(&transaction_model)?;
                custometrics::retention::models::customer_lifetime_value(model.get(), &self.model, frequency, recency, t, monetary_value, &opts).or_throw()
            }
        }
    };
}
pub(super) use methods;
