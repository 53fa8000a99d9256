//! The continuous-time transaction models as JS classes — `BetaGeo` (BG/NBD), `ModifiedBetaGeo`
//! (MBG/NBD), `ParetoNBD` — with lifetimes' method names in camelCase:
//! `new BetaGeo(r, alpha, a, b)` or `BetaGeo.fit(frequency, recency, T, opts)`, then
//! `conditionalProbabilityAlive(frequency, recency, T)` (a `Float64Array`) and so on. The three
//! classes differ only in their parameters, so one macro writes them.

use super::ModelFitOpts;
use crate::convert::{JsResult, OrThrow, count, to_js};
use crate::input::{number, numbers, optional_number, optional_numbers};
use custometrics::retention::models::{BetaGeo, Fit, MatrixExtent, ModifiedBetaGeo, ParetoNbd, TransactionModel};
use wasm_bindgen::prelude::*;

macro_rules! transaction_model {
    ($(#[$doc:meta])* $class:ident, $js:ident, $core:ty, $params_ts:literal, $se_ts:literal, $($p:ident),+) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js)]
        pub struct $class {
            model: $core,
            fit: Option<Fit<$core>>,
            /// lifetimes' defaults of `conditionalProbabilityAliveMatrix` for the fitted data.
            extent: Option<MatrixExtent>,
        }

        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// A model with given parameters (each > 0).
            #[wasm_bindgen(constructor)]
            pub fn new($(#[wasm_bindgen(unchecked_param_type = "number")] $p: JsValue),+) -> JsResult<$class> {
                Ok($class { model: <$core>::new($(number(stringify!($p), &$p)?),+).or_throw()?, fit: None, extent: None })
            }

            /// Fits the model by maximum likelihood to customers' (frequency, recency, T) — in
            /// one time unit — with `opts.weights` for grouped data and lifetimes' `penalizer`.
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
            ) -> JsResult<$class> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let t = &numbers("T", &t)?;
                let (o, weights) = ModelFitOpts::read(opts)?;
                let fit = <$core>::fit(frequency, recency, t, weights.as_deref(), &o).or_throw()?;
                let extent = MatrixExtent::from_data(frequency, recency, t).or_throw()?;
                Ok($class { model: fit.model, fit: Some(fit), extent: Some(extent) })
            }

            $(
                #[allow(missing_docs)]
                #[wasm_bindgen(getter)]
                pub fn $p(&self) -> f64 {
                    self.model.$p
                }
            )+

            /// The class name, which `GammaGamma.customerLifetimeValue` reads.
            #[wasm_bindgen(getter)]
            pub fn kind(&self) -> String {
                stringify!($js).to_owned()
            }

            /// The parameters by lifetimes' names.
            #[wasm_bindgen(getter, unchecked_return_type = $params_ts)]
            pub fn params(&self) -> JsResult {
                to_js(&self.model)
            }

            /// Standard errors of a fitted model; `null` for one made from parameters.
            #[wasm_bindgen(getter, js_name = stdErrors, unchecked_return_type = $se_ts)]
            pub fn std_errors(&self) -> JsResult {
                self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.std_errors))
            }

            /// The total log-likelihood of the fit (lifetimes' is a mean); `null` if not fitted.
            #[wasm_bindgen(getter, js_name = logLikelihood, unchecked_return_type = "number | null")]
            pub fn log_likelihood(&self) -> JsValue {
                self.fit.as_ref().map_or(JsValue::NULL, |f| JsValue::from(f.report.log_likelihood))
            }

            /// How the fit went; `null` if not fitted.
            #[wasm_bindgen(getter, unchecked_return_type = "FitReport | null")]
            pub fn report(&self) -> JsResult {
                self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.report))
            }

            /// Customers fitted (the sum of the weights); `null` if not fitted.
            #[wasm_bindgen(getter, js_name = nCustomers, unchecked_return_type = "number | null")]
            pub fn n_customers(&self) -> JsValue {
                self.fit.as_ref().map_or(JsValue::NULL, |f| JsValue::from(f.n_customers))
            }

            /// The total log-likelihood of data under these parameters.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
            ) -> JsResult<f64> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let t = &numbers("T", &t)?;
        let weights = optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
                self.model.log_likelihood(frequency, recency, t, weights.as_deref()).or_throw()
            }

            /// P(alive) of each customer, as a `Float64Array`.
            #[wasm_bindgen(js_name = conditionalProbabilityAlive)]
            pub fn conditional_probability_alive(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
                #[wasm_bindgen(js_name = T, unchecked_param_type = "Numbers")] t: JsValue,
            ) -> JsResult<Vec<f64>> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let t = &numbers("T", &t)?;
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
            ) -> JsResult<Vec<f64>> {
        let t = number("t", &t)?;
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let age = &numbers("T", &age)?;
                self.model.conditional_expected_transactions_batch(t, frequency, recency, age).or_throw()
            }

            /// E[X(t)]: expected repeat purchases in (0, t] of a new customer.
            #[wasm_bindgen(js_name = expectedNumberOfPurchasesUpToTime)]
            pub fn expected(&self, #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue) -> JsResult<f64> {
        let t = number("t", &t)?;
                self.model.expected_transactions(t).or_throw()
            }

            /// P(X(t) = n) for a new customer.
            #[wasm_bindgen(js_name = probabilityOfNPurchasesUpToTime)]
            pub fn pmf(&self, #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue, #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue) -> JsResult<f64> {
        let t = number("t", &t)?;
        let n = number("n", &n)?;
                self.model.probability_of_transactions(count("n", n, 0)?, t).or_throw()
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
                #[wasm_bindgen(js_name = maxFrequency, unchecked_optional_param_type = "number")] max_frequency: Option<JsValue>,
                #[wasm_bindgen(js_name = maxRecency, unchecked_optional_param_type = "number")] max_recency: Option<JsValue>,
            ) -> JsResult {
        let max_frequency = optional_number("max_frequency", &max_frequency.unwrap_or(JsValue::UNDEFINED))?;
        let max_recency = optional_number("max_recency", &max_recency.unwrap_or(JsValue::UNDEFINED))?;
                let max_f = max_frequency.map(|v| count("max_frequency", v, 0)).transpose()?;
                let max_r = max_recency.map(|v| count("max_recency", v, 0)).transpose()?;
                let e = MatrixExtent::resolve(max_f, max_r, self.extent).or_throw()?;
                let grid = self.model.probability_alive_matrix(e.max_frequency, e.max_recency).or_throw()?;
                let rows: js_sys::Array = grid.rows().map(|row| JsValue::from(js_sys::Float64Array::from(row))).collect();
                Ok(rows.into())
            }

            /// `{ kind, params, stdErrors, logLikelihood }` for `JSON.stringify`.
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FittedModelJSON")]
            pub fn to_json(&self) -> JsResult {
                let o = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&o, &"kind".into(), &self.kind().into());
                let _ = js_sys::Reflect::set(&o, &"params".into(), &self.params()?);
                let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
                let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
                Ok(o.into())
            }
        }
    };
}

transaction_model!(
    /// The BG/NBD model (Fader, Hardie & Lee 2005), lifetimes' `BetaGeoFitter`: purchase rate
    /// λ ~ Gamma(r, alpha), dropout after each purchase with p ~ Beta(a, b).
    JsBetaGeo, BetaGeo, BetaGeo, "BetaGeoParams", "BetaGeoParams | null", r, alpha, a, b
);

transaction_model!(
    /// The MBG/NBD model (Batislam et al. 2007), lifetimes' `ModifiedBetaGeoFitter`: BG/NBD with
    /// dropout possible at the first purchase too.
    JsModifiedBetaGeo, ModifiedBetaGeo, ModifiedBetaGeo, "BetaGeoParams", "BetaGeoParams | null", r, alpha, a, b
);

transaction_model!(
    /// The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987), lifetimes'
    /// `ParetoNBDFitter`: purchase rate λ ~ Gamma(r, alpha), dropout rate μ ~ Gamma(s, beta).
    JsParetoNbd, ParetoNBD, ParetoNbd, "ParetoNBDParams", "ParetoNBDParams | null", r, alpha, s, beta
);

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

/// A transaction model passed from JS (an instance of one of the classes above), rebuilt from
/// its `kind` and `params` getters: wasm-bindgen cannot borrow one of several classes.
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

#[wasm_bindgen(typescript_custom_section)]
const TS_TRANSACTION: &'static str = r#"
export type ModelParams = BetaGeoParams | ParetoNBDParams | BetaGeoBetaBinomParams | GammaGammaParams;
/** What JSON.stringify writes for a fitted model. */
export interface FittedModelJSON { kind: string; params: ModelParams; stdErrors: ModelParams | null; logLikelihood: number | null }
"#;
