//! The continuous-time transaction models' methods — BG/NBD, MBG/NBD, Pareto/NBD, declared as
//! classes in `retention.rs` — with lifetimes' method names in camelCase:
//! `BetaGeo.fit(frequency, recency, T, opts)`, then `conditionalProbabilityAlive(frequency,
//! recency, T)` (a `Float64Array`) and so on. The three share every method but one, so one
//! macro writes them.

use super::JsParetoNbd;
use crate::convert::{JsResult, OrThrow, count};
use crate::input::{number, numbers};
use custometrics::retention::models::{BetaGeo, MatrixExtent, ModifiedBetaGeo, ParetoNbd, TransactionModel};
use wasm_bindgen::prelude::*;

/// What a fitted model keeps of its data: lifetimes' defaults of
/// `conditionalProbabilityAliveMatrix`.
pub(super) type Data = Option<MatrixExtent>;

macro_rules! methods {
    ($class:ident, $js:ident, $core:ty) => {
        // Expanded in `retention.rs`, which has `OrThrow` and `TransactionModel` in scope.
        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// Fits the model by maximum likelihood to customers' (frequency, recency, T) — in
            /// one time unit — with `opts.weights` for grouped data and lifetimes' `penalizer`.
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
            ) -> $crate::convert::JsResult<$class> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let t = &$crate::input::numbers("T", &t)?;
                let (o, weights) = $crate::retention::model_fit_options(opts)?;
                let fit = <$core>::fit(frequency, recency, t, weights.as_deref(), &o).or_throw()?;
                let extent =
                    custometrics::retention::models::MatrixExtent::from_data(frequency, recency, t).or_throw()?;
                Ok($class::fitted(fit, Some(extent)))
            }

            /// The total log-likelihood of data under these parameters.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
            ) -> $crate::convert::JsResult<f64> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let t = &$crate::input::numbers("T", &t)?;
                let weights = $crate::input::optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
                self.model.log_likelihood(frequency, recency, t, weights.as_deref()).or_throw()
            }

            /// P(alive) of each customer, as a `Float64Array`.
            #[wasm_bindgen(js_name = conditionalProbabilityAlive)]
            pub fn conditional_probability_alive(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let t = &$crate::input::numbers("T", &t)?;
                self.model.probability_alive_batch(frequency, recency, t).or_throw()
            }

            /// E[Y(t) | history]: each customer's expected purchases in the next `t` time
            /// units, as a `Float64Array`.
            #[wasm_bindgen(js_name = conditionalExpectedNumberOfPurchasesUpToTime)]
            pub fn conditional_expected(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] age: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let t = $crate::input::number("t", &t)?;
                let frequency = &$crate::input::numbers("frequency", &frequency)?;
                let recency = &$crate::input::numbers("recency", &recency)?;
                let age = &$crate::input::numbers("T", &age)?;
                self.model.conditional_expected_transactions_batch(t, frequency, recency, age).or_throw()
            }

            /// E[X(t)]: expected repeat purchases in (0, t] of a new customer.
            #[wasm_bindgen(js_name = expectedNumberOfPurchasesUpToTime)]
            pub fn expected(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let t = $crate::input::number("t", &t)?;
                self.model.expected_transactions(t).or_throw()
            }

            /// P(X(t) = n) for a new customer.
            #[wasm_bindgen(js_name = probabilityOfNPurchasesUpToTime)]
            pub fn pmf(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let t = $crate::input::number("t", &t)?;
                let n = $crate::input::number("n", &n)?;
                self.model.probability_of_transactions($crate::convert::count("n", n, 0)?, t).or_throw()
            }

            /// P(alive) on a grid of histories (lifetimes' `conditional_probability_alive_matrix`):
            /// rows recency 0..=`maxRecency`, each a `Float64Array` over frequency
            /// 0..=`maxFrequency`, every customer `maxRecency` old — `m[recency][frequency]`.
            /// A fitted model defaults the arguments to lifetimes' (its data's largest frequency
            /// and largest T rounded down); one made from parameters needs both. Cells of
            /// frequency 0 and recency > 0 hold the formula's value there, as in lifetimes.
            #[wasm_bindgen(js_name = conditionalProbabilityAliveMatrix, unchecked_return_type = "Float64Array[]")]
            pub fn probability_alive_matrix(
                &self,
                #[wasm_bindgen(js_name = maxFrequency, unchecked_optional_param_type = "number")] max_frequency: Option<
                    JsValue,
                >,
                #[wasm_bindgen(js_name = maxRecency, unchecked_optional_param_type = "number")] max_recency: Option<
                    JsValue,
                >,
            ) -> $crate::convert::JsResult {
                let max_frequency =
                    $crate::input::optional_number("max_frequency", &max_frequency.unwrap_or(JsValue::UNDEFINED))?;
                let max_recency =
                    $crate::input::optional_number("max_recency", &max_recency.unwrap_or(JsValue::UNDEFINED))?;
                let max_f = max_frequency.map(|v| $crate::convert::count("max_frequency", v, 0)).transpose()?;
                let max_r = max_recency.map(|v| $crate::convert::count("max_recency", v, 0)).transpose()?;
                let e = custometrics::retention::models::MatrixExtent::resolve(max_f, max_r, self.data).or_throw()?;
                let grid = self.model.probability_alive_matrix(e.max_frequency, e.max_recency).or_throw()?;
                let rows: js_sys::Array =
                    grid.rows().map(|row| JsValue::from(js_sys::Float64Array::from(row))).collect();
                Ok(rows.into())
            }
        }
    };
}
pub(super) use methods;

#[wasm_bindgen(js_class = ParetoNBD)]
impl JsParetoNbd {
    /// P(Y(t) = n | history): each customer's probability of exactly `n` purchases in the next
    /// `t` time units, as a `Float64Array` (lifetimes'
    /// `ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time(n, t, frequency,
    /// recency, T)`; at t = 0 it is 1 for n = 0, where lifetimes returns 0).
    #[wasm_bindgen(js_name = conditionalProbabilityOfNPurchasesUpToTime)]
    pub fn conditional_pmf(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
        #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] age: JsValue,
    ) -> JsResult<Vec<f64>> {
        let n = number("n", &n)?;
        let t = number("t", &t)?;
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let age = &numbers("T", &age)?;
        self.model
            .conditional_probability_of_transactions_batch(count("n", n, 0)?, t, frequency, recency, age)
            .or_throw()
    }
}

/// A transaction model passed from JS (an instance of one of the classes, or its `toJSON`),
/// read from its `kind` and `params`: wasm-bindgen cannot borrow one of several classes.
pub(crate) enum AnyModel {
    Bg(BetaGeo),
    Mbg(ModifiedBetaGeo),
    Pnbd(ParetoNbd),
}

impl AnyModel {
    pub(crate) fn from_js(v: &JsValue) -> JsResult<AnyModel> {
        let invalid = |value: String| {
            crate::convert::error(custometrics::Error::Invalid {
                at: custometrics::Location::scalar("transaction_model"),
                value,
                expected: "a BetaGeo, ModifiedBetaGeo or ParetoNBD".into(),
            })
        };
        if !v.is_object() {
            return Err(invalid(crate::convert::show(v)));
        }
        let kind = js_sys::Reflect::get(v, &"kind".into())?.as_string().unwrap_or_default();
        let params = || js_sys::Reflect::get(v, &"params".into());
        match kind.as_str() {
            "BetaGeo" => Ok(AnyModel::Bg(crate::convert::arg("transaction_model", params()?)?)),
            "ModifiedBetaGeo" => Ok(AnyModel::Mbg(crate::convert::arg("transaction_model", params()?)?)),
            "ParetoNBD" => Ok(AnyModel::Pnbd(crate::convert::arg("transaction_model", params()?)?)),
            _ => Err(invalid(if kind.is_empty() { "an object".into() } else { format!("{kind:?}") })),
        }
    }

    pub(crate) fn get(&self) -> &dyn TransactionModel {
        match self {
            AnyModel::Bg(m) => m,
            AnyModel::Mbg(m) => m,
            AnyModel::Pnbd(m) => m,
        }
    }
}
