//! The BG/BB model of discrete transaction opportunities as a JS class,
//! `BetaGeoBetaBinom.fit(frequency, recency, nPeriods, opts)`, with lifetimes' method names in
//! camelCase. Period counts are JS numbers checked to be whole.

use super::ModelFitOpts;
use crate::convert::{JsResult, OrThrow, count, to_js};
use crate::input::{number, numbers, optional_numbers};
use custometrics::retention::models::{BetaGeoBetaBinom as Model, Fit};
use wasm_bindgen::prelude::*;

/// The BG/BB model (Fader, Hardie & Shang 2010), lifetimes' `BetaGeoBetaBinomFitter`:
/// transaction probability p ~ Beta(alpha, beta) at each opportunity, dropout θ ~ Beta(gamma,
/// delta) after each.
#[wasm_bindgen(js_name = BetaGeoBetaBinom)]
pub struct Bgbb {
    model: Model,
    fit: Option<Fit<Model>>,
}

#[wasm_bindgen(js_class = BetaGeoBetaBinom)]
impl Bgbb {
    /// A model with given parameters (each > 0).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] alpha: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] beta: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] gamma: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] delta: JsValue,
    ) -> JsResult<Bgbb> {
        let alpha = number("alpha", &alpha)?;
        let beta = number("beta", &beta)?;
        let gamma = number("gamma", &gamma)?;
        let delta = number("delta", &delta)?;
        Ok(Bgbb { model: Model::new(alpha, beta, gamma, delta).or_throw()?, fit: None })
    }

    /// Fits the model to (frequency, recency, nPeriods): opportunities with a transaction, the
    /// last of them (0 if none) and opportunities in all; `opts.weights` for grouped data.
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ModelFitOptions")] opts: Option<JsValue>,
    ) -> JsResult<Bgbb> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let n_periods = &numbers("n_periods", &n_periods)?;
        let (o, weights) = ModelFitOpts::read(opts)?;
        let fit = Model::fit(frequency, recency, n_periods, weights.as_deref(), &o).or_throw()?;
        Ok(Bgbb { model: fit.model, fit: Some(fit) })
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn alpha(&self) -> f64 {
        self.model.alpha
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn beta(&self) -> f64 {
        self.model.beta
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn gamma(&self) -> f64 {
        self.model.gamma
    }

    #[allow(missing_docs)]
    #[wasm_bindgen(getter)]
    pub fn delta(&self) -> f64 {
        self.model.delta
    }

    /// `{ alpha, beta, gamma, delta }`.
    #[wasm_bindgen(getter, unchecked_return_type = "BetaGeoBetaBinomParams")]
    pub fn params(&self) -> JsResult {
        to_js(&self.model)
    }

    /// Standard errors of a fitted model; `null` for one made from parameters.
    #[wasm_bindgen(getter, js_name = stdErrors, unchecked_return_type = "BetaGeoBetaBinomParams | null")]
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
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Numbers")] weights: Option<JsValue>,
    ) -> JsResult<f64> {
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let n_periods = &numbers("n_periods", &n_periods)?;
        let weights = optional_numbers("weights", &weights.unwrap_or(JsValue::UNDEFINED))?;
        self.model.log_likelihood(frequency, recency, n_periods, weights.as_deref()).or_throw()
    }

    /// P(alive at opportunity nPeriods + mPeriodsInFuture | history) of each customer.
    #[wasm_bindgen(js_name = conditionalProbabilityAlive)]
    pub fn conditional_probability_alive(
        &self,
        #[wasm_bindgen(js_name = mPeriodsInFuture, unchecked_param_type = "number")] m_periods_in_future: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
    ) -> JsResult<Vec<f64>> {
        let m_periods_in_future = number("m_periods_in_future", &m_periods_in_future)?;
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let n_periods = &numbers("n_periods", &n_periods)?;
        let m = count("m_periods_in_future", m_periods_in_future, 0)?;
        self.model.probability_alive_batch(m, frequency, recency, n_periods).or_throw()
    }

    /// Each customer's expected transactions in the next `mPeriodsInFuture` opportunities.
    #[wasm_bindgen(js_name = conditionalExpectedNumberOfPurchasesUpToTime)]
    pub fn conditional_expected(
        &self,
        #[wasm_bindgen(js_name = mPeriodsInFuture, unchecked_param_type = "number")] m_periods_in_future: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] frequency: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] recency: JsValue,
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "Numbers")] n_periods: JsValue,
    ) -> JsResult<Vec<f64>> {
        let m_periods_in_future = number("m_periods_in_future", &m_periods_in_future)?;
        let frequency = &numbers("frequency", &frequency)?;
        let recency = &numbers("recency", &recency)?;
        let n_periods = &numbers("n_periods", &n_periods)?;
        let m = count("m_periods_in_future", m_periods_in_future, 0)?;
        self.model.conditional_expected_transactions_batch(m, frequency, recency, n_periods).or_throw()
    }

    /// E[X(n)]: a new customer's expected transactions in the first `nPeriods` opportunities.
    #[wasm_bindgen(js_name = expectedNumberOfPurchasesUpToTime)]
    pub fn expected(
        &self,
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "number")] n_periods: JsValue,
    ) -> JsResult<f64> {
        let n_periods = number("n_periods", &n_periods)?;
        self.model.expected_transactions(count("n_periods", n_periods, 0)?).or_throw()
    }

    /// P(X(nPeriods) = n) for a new customer.
    #[wasm_bindgen(js_name = probabilityOfNPurchasesUpToTime)]
    pub fn pmf(
        &self,
        #[wasm_bindgen(js_name = nPeriods, unchecked_param_type = "number")] n_periods: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    ) -> JsResult<f64> {
        let n_periods = number("n_periods", &n_periods)?;
        let n = number("n", &n)?;
        let (periods, n) = (count("n_periods", n_periods, 0)?, count("n", n, 0)?);
        self.model.probability_of_transactions(n, periods).or_throw()
    }

    /// `{ kind, params, stdErrors, logLikelihood }` for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FittedModelJSON")]
    pub fn to_json(&self) -> JsResult {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"kind".into(), &"BetaGeoBetaBinom".into());
        let _ = js_sys::Reflect::set(&o, &"params".into(), &self.params()?);
        let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
        let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
        Ok(o.into())
    }
}
