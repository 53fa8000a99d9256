//! The shifted-beta-geometric model's methods (the class is declared in `retention.rs`):
//! `ShiftedBetaGeo.fit(survivors, opts)`, the curves, DEL/DERL and CLV, with camelCase names.
//! Period arguments are JS numbers checked to be whole (wasm-bindgen would make `u64` a BigInt).

use crate::convert::{JsResult, MoneyOut, NoOptions, Raw, options_with};
use wasm_bindgen::prelude::*;

/// A fitted model keeps nothing of its data beyond the fit.
pub(super) type Data = ();

/// The `{ money }` option of the CLV methods.
pub(super) fn money_out(opts: Option<JsValue>) -> JsResult<MoneyOut> {
    let (_, raw): (NoOptions, Raw) = options_with(opts, &[("money", "")])?;
    raw.money()
}

macro_rules! methods {
    ($class:ident, $js:ident, $core:ty) => {
        // Expanded in `retention.rs`, which has `OrThrow` in scope.
        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// Fits α and β by maximum likelihood to survivor counts (`survivors[0]` = the cohort size).
            pub fn fit(
                #[wasm_bindgen(unchecked_param_type = "Numbers")] survivors: JsValue,
                #[wasm_bindgen(unchecked_optional_param_type = "FitOptions")] opts: Option<JsValue>,
            ) -> $crate::convert::JsResult<$class> {
                let survivors = &$crate::input::numbers("survivors", &survivors)?;
                let o: FitOptions = $crate::convert::options(opts)?;
                Ok($class::fitted(<$core>::fit(survivors, &o).or_throw()?, ()))
            }

            /// The log-likelihood of survivor counts under this model.
            #[wasm_bindgen(js_name = logLikelihoodOf)]
            pub fn log_likelihood_of(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Numbers")] survivors: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let survivors = &$crate::input::numbers("survivors", &survivors)?;
                self.model.log_likelihood(survivors).or_throw()
            }

            /// S(t): the share of the cohort still active after t periods.
            pub fn survival(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let t = $crate::input::number("t", &t)?;
                Ok(self.model.survival($crate::convert::count("t", t, 0)?))
            }

            /// S(0), …, S(periods) as a `Float64Array`.
            #[wasm_bindgen(js_name = survivalCurve)]
            pub fn survival_curve(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let periods = $crate::input::number("periods", &periods)?;
                self.model.survival_curve($crate::convert::count("periods", periods, 0)?).or_throw()
            }

            /// r(t) = (β + t − 1) / (α + β + t − 1), t >= 1.
            #[wasm_bindgen(js_name = retentionRate)]
            pub fn retention_rate(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let t = $crate::input::number("t", &t)?;
                self.model.retention_rate($crate::convert::count("t", t, 1)?).or_throw()
            }

            /// r(1), …, r(periods) as a `Float64Array`.
            #[wasm_bindgen(js_name = retentionCurve)]
            pub fn retention_curve(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let periods = $crate::input::number("periods", &periods)?;
                self.model.retention_curve($crate::convert::count("periods", periods, 0)?).or_throw()
            }

            /// P(T = t): the probability that a new customer's last period is t, t >= 1.
            #[wasm_bindgen(js_name = churnProbability)]
            pub fn churn_probability(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] t: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let t = $crate::input::number("t", &t)?;
                self.model.churn_probability($crate::convert::count("t", t, 1)?).or_throw()
            }

            /// n₀ · S(t) for t = 0..=periods.
            #[wasm_bindgen(js_name = expectedSurvivors)]
            pub fn expected_survivors(
                &self,
                #[wasm_bindgen(js_name = cohortSize, unchecked_param_type = "number")] cohort_size: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] periods: JsValue,
            ) -> $crate::convert::JsResult<Vec<f64>> {
                let cohort_size = $crate::input::number("cohort_size", &cohort_size)?;
                let periods = $crate::input::number("periods", &periods)?;
                let periods = $crate::convert::count("periods", periods, 0)?;
                self.model.expected_survivors(cohort_size, periods).or_throw()
            }

            /// DEL(d): discounted expected lifetime of a new customer, in periods.
            pub fn del(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let discount = $crate::input::number("discount", &discount)?;
                self.model.del(discount).or_throw()
            }

            /// DERL(d, n): discounted expected residual lifetime after n renewals.
            pub fn derl(
                &self,
                #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] renewals: JsValue,
            ) -> $crate::convert::JsResult<f64> {
                let discount = $crate::input::number("discount", &discount)?;
                let renewals = $crate::input::number("renewals", &renewals)?;
                self.model.derl(discount, $crate::convert::count("renewals", renewals, 0)?).or_throw()
            }

            /// E(CLV) = m · DEL(d).
            #[wasm_bindgen(js_name = expectedClv, skip_typescript)]
            pub fn expected_clv(
                &self,
                margin: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
                opts: Option<JsValue>,
            ) -> $crate::convert::JsResult {
                let discount = $crate::input::number("discount", &discount)?;
                let out = $crate::retention::sbg::money_out(opts)?;
                let clv = self.model.expected_clv($crate::convert::money("margin", &margin)?, discount).or_throw()?;
                Ok($crate::convert::money_value(clv, out))
            }

            /// E(RLV) = m · DERL(d, n).
            #[wasm_bindgen(js_name = expectedResidualValue, skip_typescript)]
            pub fn expected_residual_value(
                &self,
                margin: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] discount: JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] renewals: JsValue,
                opts: Option<JsValue>,
            ) -> $crate::convert::JsResult {
                let discount = $crate::input::number("discount", &discount)?;
                let renewals = $crate::input::number("renewals", &renewals)?;
                let out = $crate::retention::sbg::money_out(opts)?;
                let n = $crate::convert::count("renewals", renewals, 0)?;
                let margin = $crate::convert::money("margin", &margin)?;
                let rlv = self.model.expected_residual_value(margin, discount, n).or_throw()?;
                Ok($crate::convert::money_value(rlv, out))
            }
        }
    };
}
pub(super) use methods;

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
