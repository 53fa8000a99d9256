//! The Gamma-Gamma spend model as a JS class, `GammaGamma.fit(frequency, monetaryValue, opts)`,
//! and CLV from it and a transaction model with lifetimes' semantics
//! (`gg.customerLifetimeValue(bg, frequency, recency, T, monetaryValue, { time, discountRate, freq })`).

use super::ModelFitOpts;
use super::transaction::AnyModel;
use crate::convert::{JsResult, OrThrow, count, options, to_js};
use crate::input::{number, numbers, optional_numbers};
use custometrics::retention::models::{Fit, GammaGamma as Model, ModelClvOptions, TimeUnit, customer_lifetime_value};
use custometrics::{Error, Location};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ClvOpts {
    time: Option<f64>,
    discount_rate: Option<f64>,
    freq: Option<String>,
}

impl ClvOpts {
    fn core(self) -> JsResult<ModelClvOptions> {
        let d = ModelClvOptions::default();
        let months = match self.time {
            None => d.months,
            Some(t) => u32::try_from(count("time", t, 0)?).map_err(|_| {
                crate::convert::error(Error::OutOfRange {
                    at: Location::scalar("time"),
                    value: t,
                    expected: "the integers 0..=4294967295 (months)".into(),
                })
            })?,
        };
        let time_unit = self.freq.as_deref().map_or(Ok(TimeUnit::Day), TimeUnit::parse).or_throw()?;
        Ok(ModelClvOptions { months, discount_rate: self.discount_rate.unwrap_or(d.discount_rate), time_unit })
    }
}

/// The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005), lifetimes'
/// `GammaGammaFitter`: transaction values Gamma(p, ν), ν ~ Gamma(q, v) across customers.
#[wasm_bindgen(js_name = GammaGamma)]
pub struct Gg {
    model: Model,
    fit: Option<Fit<Model>>,
}

#[wasm_bindgen(js_class = GammaGamma)]
impl Gg {
    /// A model with given parameters (each > 0).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] p: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] q: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] v: JsValue,
    ) -> JsResult<Gg> {
        let p = number("p", &p)?;
        let q = number("q", &q)?;
        let v = number("v", &v)?;
        Ok(Gg { model: Model::new(p, q, v).or_throw()?, fit: None })
    }

    /// Fits p, q, v to repeat customers' frequency (>= 1) and mean repeat-transaction value
    /// (> 0), with `opts.weights` for grouped data.
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
    ) -> JsResult<Gg> {
        let frequency = &numbers("frequency", &frequency)?;
        let monetary_value = &numbers("monetary_value", &monetary_value)?;
        let (o, weights) = ModelFitOpts::read(opts)?;
        let fit = Model::fit(frequency, monetary_value, weights.as_deref(), &o).or_throw()?;
        Ok(Gg { model: fit.model, fit: Some(fit) })
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn p(&self) -> f64 {
        self.model.p
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn q(&self) -> f64 {
        self.model.q
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn v(&self) -> f64 {
        self.model.v
    }

    /// `{ p, q, v }`.
    #[wasm_bindgen(getter, unchecked_return_type = "GammaGammaParams")]
    pub fn params(&self) -> JsResult {
        to_js(&self.model)
    }

    /// Standard errors of a fitted model; `null` for one made from parameters.
    #[wasm_bindgen(getter, js_name = stdErrors, unchecked_return_type = "GammaGammaParams | null")]
    pub fn std_errors(&self) -> JsResult {
        self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.std_errors))
    }

    /// The total log-likelihood of the fit; `null` if not fitted.
    #[wasm_bindgen(getter, js_name = logLikelihood, unchecked_return_type = "number | null")]
    pub fn log_likelihood(&self) -> JsValue {
        self.fit.as_ref().map_or(JsValue::NULL, |f| JsValue::from(f.report.log_likelihood))
    }

    /// How the fit went; `null` if not fitted.
    #[wasm_bindgen(getter, unchecked_return_type = "FitReport | null")]
    pub fn report(&self) -> JsResult {
        self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.report))
    }

    /// The total log-likelihood of (frequency, monetary value) data under these parameters.
    #[wasm_bindgen(js_name = logLikelihoodOf)]
    pub fn log_likelihood_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
    ) -> JsResult<f64> {
        let frequency = &numbers("frequency", &frequency)?;
        let monetary_value = &numbers("monetary_value", &monetary_value)?;
        let weights = optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
        self.model.log_likelihood(frequency, monetary_value, weights.as_deref()).or_throw()
    }

    /// Each customer's expected spend per transaction, p(v + x m)/(px + q − 1).
    #[wasm_bindgen(js_name = conditionalExpectedAverageProfit)]
    pub fn conditional_expected_average_profit(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
    ) -> JsResult<Vec<f64>> {
        let frequency = &numbers("frequency", &frequency)?;
        let monetary_value = &numbers("monetary_value", &monetary_value)?;
        self.model.conditional_expected_average_profit_batch(frequency, monetary_value).or_throw()
    }

    /// The correlation of frequency and spend over repeat customers (the model assumes none).
    #[wasm_bindgen(js_name = independenceCheck, unchecked_return_type = "SpendIndependence")]
    pub fn independence_check(
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(js_name = monetaryValue, unchecked_param_type = "Numbers")] monetary_value: JsValue,
    ) -> JsResult {
        let frequency = &numbers("frequency", &frequency)?;
        let monetary_value = &numbers("monetary_value", &monetary_value)?;
        to_js(&Model::independence_check(frequency, monetary_value).or_throw()?)
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
    ) -> JsResult<Vec<f64>> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let t = &numbers("T", &t)?;
        let monetary_value = &numbers("monetary_value", &monetary_value)?;
        let opts = options::<ClvOpts>(opts)?.core()?;
        let model = AnyModel::from_js(&transaction_model)?;
        customer_lifetime_value(model.get(), &self.model, frequency, recency, t, monetary_value, &opts).or_throw()
    }

    /// `{ kind, params, stdErrors, logLikelihood }` for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FittedModelJSON")]
    pub fn to_json(&self) -> JsResult {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"kind".into(), &"GammaGamma".into());
        let _ = js_sys::Reflect::set(&o, &"params".into(), &self.params()?);
        let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
        let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
        Ok(o.into())
    }
}
