//! The shifted-beta-geometric model as a JS class: `new ShiftedBetaGeo(alpha, beta)` or
//! `ShiftedBetaGeo.fit(survivors, opts)`, with camelCase methods. Period arguments are JS numbers
//! checked to be whole (wasm-bindgen would make `u64` a BigInt).
//!
//! Written out rather than declared with `model_class!` (in `retention.rs`) while the core's sBG
//! fit is an `SbgFit` rather than a `Fit<ShiftedBetaGeo>`; once it is, this file becomes that
//! family's `methods!` (the fit, the curves, DEL/DERL, CLV) and one declaration, keeping the
//! `toJSON` shape `{ alpha, beta, stdErrors, logLikelihood }`.

use crate::convert::{
    JsResult, MoneyOut, NoOptions, OrThrow, Raw, count, money, money_value, options, options_with, to_js,
};
use crate::input::{number, numbers};
use custometrics::retention::{Fit, FitOptions, ShiftedBetaGeo as Model};
use wasm_bindgen::prelude::*;

/// The `{ money }` option of the CLV methods.
fn money_out(opts: Option<JsValue>) -> JsResult<MoneyOut> {
    let (_, raw): (NoOptions, Raw) = options_with(opts, &[("money", "")])?;
    raw.money()
}

/// The shifted-beta-geometric model of contract duration (Fader & Hardie 2007): α, β and, after
/// `fit`, standard errors, the total log-likelihood and the fit report.
#[wasm_bindgen(js_name = ShiftedBetaGeo)]
pub struct Sbg {
    model: Model,
    fit: Option<Fit<Model>>,
}

#[wasm_bindgen(js_class = ShiftedBetaGeo)]
impl Sbg {
    /// A model with given α > 0 and β > 0.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] alpha: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] beta: JsValue,
    ) -> JsResult<Sbg> {
        let alpha = number("alpha", &alpha)?;
        let beta = number("beta", &beta)?;
        Ok(Sbg { model: Model::new(alpha, beta).or_throw()?, fit: None })
    }

    /// Fits α and β by maximum likelihood to survivor counts (`survivors[0]` = the cohort size).
    pub fn fit(
        #[wasm_bindgen(unchecked_param_type = "Numbers")] survivors: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "FitOptions")] opts: Option<JsValue>,
    ) -> JsResult<Sbg> {
        let survivors = &numbers("survivors", &survivors)?;
        let o: FitOptions = options(opts)?;
        let fit = Model::fit(survivors, &o).or_throw()?;
        Ok(Sbg { model: fit.model, fit: Some(fit) })
    }

    /// α.
    #[wasm_bindgen(getter)]
    pub fn alpha(&self) -> f64 {
        self.model.alpha()
    }

    /// β.
    #[wasm_bindgen(getter)]
    pub fn beta(&self) -> f64 {
        self.model.beta()
    }

    /// `{ alpha, beta }`.
    #[wasm_bindgen(getter, unchecked_return_type = "SbgParams")]
    pub fn params(&self) -> JsResult {
        to_js(&self.model)
    }

    /// Standard errors `{ alpha, beta }` of a fitted model; `null` for one made from parameters.
    #[wasm_bindgen(getter, js_name = stdErrors, unchecked_return_type = "SbgParams | null")]
    pub fn std_errors(&self) -> JsResult {
        self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.std_errors))
    }

    /// The total log-likelihood of the fit (lifetimes' `log_likelihood_`); `null` if not fitted.
    #[wasm_bindgen(getter, js_name = logLikelihood, unchecked_return_type = "number | null")]
    pub fn log_likelihood(&self) -> JsValue {
        self.fit.as_ref().map_or(JsValue::NULL, |f| JsValue::from(f.report.log_likelihood))
    }

    /// How the fit went; `null` if not fitted.
    #[wasm_bindgen(getter, unchecked_return_type = "FitReport | null")]
    pub fn report(&self) -> JsResult {
        self.fit.as_ref().map_or(Ok(JsValue::NULL), |f| to_js(&f.report))
    }

    /// The log-likelihood of survivor counts under this model.
    #[wasm_bindgen(js_name = logLikelihoodOf)]
    pub fn log_likelihood_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Numbers")] survivors: JsValue,
    ) -> JsResult<f64> {
        let survivors = &numbers("survivors", &survivors)?;
        self.model.log_likelihood(survivors).or_throw()
    }

    /// S(t): the share of the cohort still active after t periods.
    pub fn survival(&self, #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue) -> JsResult<f64> {
        let t = number("t", &t)?;
        Ok(self.model.survival(count("t", t, 0)?))
    }

    /// S(0), …, S(periods) as a `Float64Array`.
    #[wasm_bindgen(js_name = survivalCurve)]
    pub fn survival_curve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
    ) -> JsResult<Vec<f64>> {
        let periods = number("periods", &periods)?;
        self.model.survival_curve(count("periods", periods, 0)?).or_throw()
    }

    /// r(t) = (β + t − 1) / (α + β + t − 1), t >= 1.
    #[wasm_bindgen(js_name = retentionRate)]
    pub fn retention_rate(&self, #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue) -> JsResult<f64> {
        let t = number("t", &t)?;
        self.model.retention_rate(count("t", t, 1)?).or_throw()
    }

    /// r(1), …, r(periods) as a `Float64Array`.
    #[wasm_bindgen(js_name = retentionCurve)]
    pub fn retention_curve(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
    ) -> JsResult<Vec<f64>> {
        let periods = number("periods", &periods)?;
        self.model.retention_curve(count("periods", periods, 0)?).or_throw()
    }

    /// P(T = t): the probability that a new customer's last period is t, t >= 1.
    #[wasm_bindgen(js_name = churnProbability)]
    pub fn churn_probability(&self, #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue) -> JsResult<f64> {
        let t = number("t", &t)?;
        self.model.churn_probability(count("t", t, 1)?).or_throw()
    }

    /// n₀ · S(t) for t = 0..=periods.
    #[wasm_bindgen(js_name = expectedSurvivors)]
    pub fn expected_survivors(
        &self,
        #[wasm_bindgen(js_name = cohortSize, unchecked_param_type = "number")] cohort_size: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
    ) -> JsResult<Vec<f64>> {
        let cohort_size = number("cohort_size", &cohort_size)?;
        let periods = number("periods", &periods)?;
        self.model.expected_survivors(cohort_size, count("periods", periods, 0)?).or_throw()
    }

    /// DEL(d): discounted expected lifetime of a new customer, in periods.
    pub fn del(&self, #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue) -> JsResult<f64> {
        let discount = number("discount", &discount)?;
        self.model.del(discount).or_throw()
    }

    /// DERL(d, n): discounted expected residual lifetime after n renewals.
    pub fn derl(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] renewals: JsValue,
    ) -> JsResult<f64> {
        let discount = number("discount", &discount)?;
        let renewals = number("renewals", &renewals)?;
        self.model.derl(discount, count("renewals", renewals, 0)?).or_throw()
    }

    /// E(CLV) = m · DEL(d).
    #[wasm_bindgen(js_name = expectedClv, skip_typescript)]
    pub fn expected_clv(
        &self,
        margin: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
        opts: Option<JsValue>,
    ) -> JsResult {
        let discount = number("discount", &discount)?;
        let out = money_out(opts)?;
        Ok(money_value(self.model.expected_clv(money("margin", &margin)?, discount).or_throw()?, out))
    }

    /// E(RLV) = m · DERL(d, n).
    #[wasm_bindgen(js_name = expectedResidualValue, skip_typescript)]
    pub fn expected_residual_value(
        &self,
        margin: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] renewals: JsValue,
        opts: Option<JsValue>,
    ) -> JsResult {
        let discount = number("discount", &discount)?;
        let renewals = number("renewals", &renewals)?;
        let out = money_out(opts)?;
        let n = count("renewals", renewals, 0)?;
        Ok(money_value(self.model.expected_residual_value(money("margin", &margin)?, discount, n).or_throw()?, out))
    }

    /// `{ alpha, beta, stdErrors, logLikelihood }` for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "ShiftedBetaGeoJSON")]
    pub fn to_json(&self) -> JsResult {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"alpha".into(), &self.alpha().into());
        let _ = js_sys::Reflect::set(&o, &"beta".into(), &self.beta().into());
        let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
        let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
        Ok(o.into())
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_SBG: &'static str = r#"
export interface ShiftedBetaGeoJSON { alpha: number; beta: number; stdErrors: SbgParams | null; logLikelihood: number | null }
export interface ShiftedBetaGeo {
  /** E(CLV) = m · DEL(d), as a decimal string (or a number with { money: "number" }). */
  expectedClv(margin: MoneyInput, discount: number, opts?: MoneyOption): Money;
  expectedClv(margin: MoneyInput, discount: number, opts: MoneyAsNumber): number;
  /** E(RLV) = m · DERL(d, n). */
  expectedResidualValue(margin: MoneyInput, discount: number, renewals: number, opts?: MoneyOption): Money;
  expectedResidualValue(margin: MoneyInput, discount: number, renewals: number, opts: MoneyAsNumber): number;
}
"#;
