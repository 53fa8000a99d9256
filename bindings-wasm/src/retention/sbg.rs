//! The shifted-beta-geometric model as a JS class: `new ShiftedBetaGeo(alpha, beta)` or
//! `ShiftedBetaGeo.fit(survivors, opts)`, with camelCase methods. Period arguments are JS numbers
//! checked to be whole (wasm-bindgen would make `u64` a BigInt).

use super::FitOpts;
use crate::convert::{JsResult, MoneyOut, OrThrow, count, money, money_value, options, to_js};
use custometrics::retention::{Fit, ShiftedBetaGeo as Model};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct MoneyOpts {
    money: Option<String>,
}

fn money_out(opts: Option<JsValue>) -> JsResult<MoneyOut> {
    let o: MoneyOpts = options(opts)?;
    MoneyOut::parse(o.money.as_deref())
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
    pub fn new(alpha: f64, beta: f64) -> JsResult<Sbg> {
        Ok(Sbg { model: Model::new(alpha, beta).or_throw()?, fit: None })
    }

    /// Fits α and β by maximum likelihood to survivor counts (`survivors[0]` = the cohort size).
    pub fn fit(
        survivors: &[f64],
        #[wasm_bindgen(unchecked_optional_param_type = "FitOptions")] opts: Option<JsValue>,
    ) -> JsResult<Sbg> {
        let o: FitOpts = options(opts)?;
        let fit = Model::fit(survivors, &o.core()?).or_throw()?;
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
    pub fn log_likelihood_of(&self, survivors: &[f64]) -> JsResult<f64> {
        self.model.log_likelihood(survivors).or_throw()
    }

    /// S(t): the share of the cohort still active after t periods.
    pub fn survival(&self, t: f64) -> JsResult<f64> {
        Ok(self.model.survival(count("t", t, 0)?))
    }

    /// S(0), …, S(periods) as a `Float64Array`.
    #[wasm_bindgen(js_name = survivalCurve)]
    pub fn survival_curve(&self, periods: f64) -> JsResult<Vec<f64>> {
        self.model.survival_curve(count("periods", periods, 0)?).or_throw()
    }

    /// r(t) = (β + t − 1) / (α + β + t − 1), t >= 1.
    #[wasm_bindgen(js_name = retentionRate)]
    pub fn retention_rate(&self, t: f64) -> JsResult<f64> {
        self.model.retention_rate(count("t", t, 1)?).or_throw()
    }

    /// r(1), …, r(periods) as a `Float64Array`.
    #[wasm_bindgen(js_name = retentionCurve)]
    pub fn retention_curve(&self, periods: f64) -> JsResult<Vec<f64>> {
        self.model.retention_curve(count("periods", periods, 0)?).or_throw()
    }

    /// P(T = t): the probability that a new customer's last period is t, t >= 1.
    #[wasm_bindgen(js_name = churnProbability)]
    pub fn churn_probability(&self, t: f64) -> JsResult<f64> {
        self.model.churn_probability(count("t", t, 1)?).or_throw()
    }

    /// n₀ · S(t) for t = 0..=periods.
    #[wasm_bindgen(js_name = expectedSurvivors)]
    pub fn expected_survivors(
        &self,
        #[wasm_bindgen(js_name = cohortSize)] cohort_size: f64,
        periods: f64,
    ) -> JsResult<Vec<f64>> {
        self.model.expected_survivors(cohort_size, count("periods", periods, 0)?).or_throw()
    }

    /// DEL(d): discounted expected lifetime of a new customer, in periods.
    pub fn del(&self, discount: f64) -> JsResult<f64> {
        self.model.del(discount).or_throw()
    }

    /// DERL(d, n): discounted expected residual lifetime after n renewals.
    pub fn derl(&self, discount: f64, renewals: f64) -> JsResult<f64> {
        self.model.derl(discount, count("renewals", renewals, 0)?).or_throw()
    }

    /// E(CLV) = m · DEL(d).
    #[wasm_bindgen(js_name = expectedClv, skip_typescript)]
    pub fn expected_clv(&self, margin: JsValue, discount: f64, opts: Option<JsValue>) -> JsResult {
        let out = money_out(opts)?;
        Ok(money_value(self.model.expected_clv(money("margin", &margin)?, discount).or_throw()?, out))
    }

    /// E(RLV) = m · DERL(d, n).
    #[wasm_bindgen(js_name = expectedResidualValue, skip_typescript)]
    pub fn expected_residual_value(
        &self,
        margin: JsValue,
        discount: f64,
        renewals: f64,
        opts: Option<JsValue>,
    ) -> JsResult {
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
