//! Retention: thin wrappers over `custometrics::retention`, one file per part of the core module
//! — `economics.rs`, `summary.rs`, and one per family of fitted models (`sbg.rs`;
//! `transaction.rs` for BG/NBD, MBG/NBD and Pareto/NBD; `bg_bb.rs`; `gamma_gamma.rs`, with CLV).
//! What the parts share — the model classes, money, fit options — is here and in `convert.rs`.
//!
//! Money leaves as an exact decimal string by default; `{ money: "number" }` in a function's
//! options gives numbers instead (the nearest double, for charts and arithmetic).

mod bg_bb;
mod economics;
mod gamma_gamma;
mod sbg;
mod summary;
mod transaction;

use crate::convert::{JsResult, OrThrow, Raw, options_with, to_js};
use crate::input::{number, optional_numbers};
use custometrics::retention::FitOptions;
// The models and, for the methods the family macros write here, the trait of their predictions.
use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, Fit, GammaGamma, ModifiedBetaGeo, ParetoNbd, ShiftedBetaGeo, TransactionModel,
};
use wasm_bindgen::prelude::*;

/// The fit options of the models fitted to customer data: the core's [`FitOptions`] and
/// `weights` (customers per row, for grouped data; `ModelFitOptions` in TypeScript), read by the
/// input layer as every array argument is.
fn model_fit_options(opts: Option<JsValue>) -> JsResult<(FitOptions, Option<Vec<f64>>)> {
    let (o, raw): (FitOptions, Raw) = options_with(opts, &[("weights", "")])?;
    Ok((o, optional_numbers("weights", &raw.get("weights"))?))
}

/// A fitted-model class from a core model type: `model_class!(family Class = JsName(CoreModel)
/// { params } "ParamsType" "ParamsType | null")`. The class holds the core model (and, after `fit`,
/// its `Fit`), so a call goes straight to the core. What every model has is written here — the
/// constructor from parameters, a getter per parameter, `params`, `stdErrors`, `logLikelihood`,
/// `report`, `toJSON` — and the family module (`sbg`, `transaction`, `bg_bb`, `gamma_gamma`) adds
/// `fit` and the predictions through its `methods!` macro, keeping in `Data` what it needs from
/// the fitted data. A new model of an existing family is one declaration.
///
/// A parameter written `p()` is read through the core model's accessor rather than its field.
/// The models of customer data also have `kind` and `nCustomers`, and `toJSON` writes
/// `{ kind, params, stdErrors, logLikelihood }`; a trailing `"JsonType"` (sBG, which has neither)
/// makes it `{ ...params, stdErrors, logLikelihood }` instead.
macro_rules! model_class {
    // A model of customer data: `kind` (what `GammaGamma.customerLifetimeValue` reads), `nCustomers`.
    ($(#[$doc:meta])* $family:ident $class:ident = $js:ident($core:ty) { $($p:ident $(($($call:tt)*))?),+ }
        $params_ts:literal $or_null:literal) => {
        model_class!(@class $(#[$doc])* $family $class = $js($core) { $($p $(($($call)*))?),+ } $params_ts $or_null);

        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// The class name (what `toJSON` writes and `GammaGamma.customerLifetimeValue` reads).
            #[wasm_bindgen(getter)]
            pub fn kind(&self) -> String {
                stringify!($js).to_owned()
            }

            /// Customers fitted (the sum of the weights); `null` if not fitted.
            #[wasm_bindgen(getter, js_name = nCustomers, unchecked_return_type = "number | null")]
            pub fn n_customers(&self) -> JsValue {
                self.fit.as_ref().map_or(JsValue::NULL, |f| JsValue::from(f.n_customers))
            }

            /// `{ kind, params, stdErrors, logLikelihood }` for `JSON.stringify`.
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "FittedModelJSON")]
            pub fn to_json(&self) -> JsResult {
                let o = js_sys::Object::new();
                // Reflect.set on a fresh plain object cannot fail.
                let _ = js_sys::Reflect::set(&o, &"kind".into(), &self.kind().into());
                let _ = js_sys::Reflect::set(&o, &"params".into(), &self.params()?);
                let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
                let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
                Ok(o.into())
            }
        }
    };
    // A model whose JSON is its parameters, flat.
    ($(#[$doc:meta])* $family:ident $class:ident = $js:ident($core:ty) { $($p:ident $(($($call:tt)*))?),+ }
        $params_ts:literal $or_null:literal $json_ts:literal) => {
        model_class!(@class $(#[$doc])* $family $class = $js($core) { $($p $(($($call)*))?),+ } $params_ts $or_null);

        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// `{ ...params, stdErrors, logLikelihood }` for `JSON.stringify`.
            #[wasm_bindgen(js_name = toJSON, unchecked_return_type = $json_ts)]
            pub fn to_json(&self) -> JsResult {
                let o = js_sys::Object::new();
                // Reflect.set on a fresh plain object cannot fail.
                $(let _ = js_sys::Reflect::set(&o, &stringify!($p).into(), &self.$p().into());)+
                let _ = js_sys::Reflect::set(&o, &"stdErrors".into(), &self.std_errors()?);
                let _ = js_sys::Reflect::set(&o, &"logLikelihood".into(), &self.log_likelihood());
                Ok(o.into())
            }
        }
    };
    (@class $(#[$doc:meta])* $family:ident $class:ident = $js:ident($core:ty) { $($p:ident $(($($call:tt)*))?),+ }
        $params_ts:literal $or_null:literal) => {
        $(#[$doc])*
        #[wasm_bindgen(js_name = $js)]
        pub struct $class {
            model: $core,
            fit: Option<Fit<$core>>,
            /// What the family keeps of the fitted data (`()` where it needs nothing).
            #[allow(dead_code)]
            data: $family::Data,
        }

        impl $class {
            fn fitted(fit: Fit<$core>, data: $family::Data) -> Self {
                Self { model: fit.model.clone(), fit: Some(fit), data }
            }
        }

        #[wasm_bindgen(js_class = $js)]
        impl $class {
            /// A model with given parameters (each > 0).
            #[wasm_bindgen(constructor)]
            pub fn new($(#[wasm_bindgen(unchecked_param_type = "number")] $p: JsValue),+) -> JsResult<$class> {
                let model = <$core>::new($(number(stringify!($p), &$p)?),+).or_throw()?;
                Ok($class { model, fit: None, data: Default::default() })
            }

            $(
                #[allow(missing_docs)]
                #[wasm_bindgen(getter)]
                pub fn $p(&self) -> f64 {
                    self.model.$p $(($($call)*))?
                }
            )+

            /// The parameters by lifetimes' names.
            #[wasm_bindgen(getter, unchecked_return_type = $params_ts)]
            pub fn params(&self) -> JsResult {
                to_js(&self.model)
            }

            /// Standard errors of a fitted model; `null` for one made from parameters.
            #[wasm_bindgen(getter, js_name = stdErrors, unchecked_return_type = $or_null)]
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
        }

        $family::methods!($class, $js, $core);
    };
}

// The declarations' docs are `#[doc = "…"]`, not `///`: wasm-bindgen copies a doc comment that
// passed through `macro_rules!` into the .d.ts with its raw-string `r"` prefix.
model_class!(
    #[doc = " The shifted-beta-geometric model of contract duration (Fader & Hardie 2007): churn"]
    #[doc = " probability θ ~ Beta(alpha, beta) across customers, renewal each period with 1 − θ."]
    sbg JsShiftedBetaGeo = ShiftedBetaGeo(ShiftedBetaGeo) { alpha(), beta() } "SbgParams" "SbgParams | null"
        "ShiftedBetaGeoJSON"
);

model_class!(
    #[doc = " The BG/NBD model (Fader, Hardie & Lee 2005), lifetimes' `BetaGeoFitter`: purchase rate"]
    #[doc = " λ ~ Gamma(r, alpha), dropout after each purchase with p ~ Beta(a, b)."]
    transaction JsBetaGeo = BetaGeo(BetaGeo) { r, alpha, a, b } "BetaGeoParams" "BetaGeoParams | null"
);

model_class!(
    #[doc = " The MBG/NBD model (Batislam et al. 2007), lifetimes' `ModifiedBetaGeoFitter`: BG/NBD with"]
    #[doc = " dropout possible at the first purchase too."]
    transaction JsModifiedBetaGeo = ModifiedBetaGeo(ModifiedBetaGeo) { r, alpha, a, b } "BetaGeoParams" "BetaGeoParams | null"
);

model_class!(
    #[doc = " The Pareto/NBD model (Schmittlein, Morrison & Colombo 1987), lifetimes'"]
    #[doc = " `ParetoNBDFitter`: purchase rate λ ~ Gamma(r, alpha), dropout rate μ ~ Gamma(s, beta)."]
    transaction JsParetoNbd = ParetoNBD(ParetoNbd) { r, alpha, s, beta } "ParetoNBDParams" "ParetoNBDParams | null"
);

model_class!(
    #[doc = " The BG/BB model (Fader, Hardie & Shang 2010), lifetimes' `BetaGeoBetaBinomFitter`:"]
    #[doc = " transaction probability p ~ Beta(alpha, beta) at each opportunity, dropout θ ~ Beta(gamma,"]
    #[doc = " delta) after each."]
    bg_bb JsBetaGeoBetaBinom = BetaGeoBetaBinom(BetaGeoBetaBinom) { alpha, beta, gamma, delta }
        "BetaGeoBetaBinomParams" "BetaGeoBetaBinomParams | null"
);

model_class!(
    #[doc = " The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005), lifetimes'"]
    #[doc = " `GammaGammaFitter`: transaction values Gamma(p, ν), ν ~ Gamma(q, v) across customers."]
    gamma_gamma JsGammaGamma = GammaGamma(GammaGamma) { p, q, v } "GammaGammaParams" "GammaGammaParams | null"
);

#[wasm_bindgen(typescript_custom_section)]
const TS_RETENTION: &'static str = r#"
/** An amount of money as an argument: a number (read at the digits String(x) prints) or a
 *  decimal string (exact). */
export type MoneyInput = number | string;
/** An amount of money in a result: an exact decimal string, or a number with { money: "number" }. */
export type Money = string;
export type MarginTiming = "end" | "start";
/** How money leaves a function: "string" (exact, the default) or "number". */
export interface MoneyOption { money?: "string" }
export interface MoneyAsNumber { money: "number" }
export interface ClosedFormOptions { discount?: number; timing?: MarginTiming }
export interface ClvOptions { discount?: number; growth?: number; horizon?: number | null; timing?: MarginTiming }
export interface ClvNetOptions extends ClvOptions { acquisitionCost?: MoneyInput }
export interface CohortInput {
  customers: number; margin: MoneyInput; retention: number; acquisitionCost?: MoneyInput; acquiredIn?: number;
}
export interface Clv<M = Money> { gross: M; acquisitionCost: M; net: M; marginMultiple: M }
export interface CohortValue<M = Money> { clv: M; netClv: M; value: M }
export interface CustomerEquity<M = Money> { equity: M; customers: number; cohorts: CohortValue<M>[] }
export interface RetentionImpact<M = Money> {
  retentionBefore: number; retentionAfter: number; clvBefore: M; clvAfter: M; difference: M;
  ratio: number | null; relativeChange: number | null;
}
export interface BreakEvenSpend<M = Money> { clvBefore: M; clvAfter: M; perPeriod: M; presentValue: M }
export interface Payback<M = Money> { periods: number | null; simplePeriods: number | null; clv: M }

/** Fixed-length periods: "s", "m" | "min", "h", "D" (UTC days), "W" (weeks from Monday). */
export type Freq = "s" | "m" | "min" | "h" | "H" | "D" | "d" | "W" | "w";
/** A time: milliseconds since the epoch, a Date, or an ISO 8601 string (UTC unless it says otherwise). */
export type Timestamp = number | Date | string;
export interface SummaryOptions {
  monetaryValue?: Numbers; freq?: Freq; observationPeriodEnd?: Timestamp; calibrationPeriodEnd?: Timestamp;
  freqMultiplier?: number; includeFirstTransaction?: boolean;
}
/** Per-customer columns, customers sorted by id; columns that do not apply are null. */
export interface TransactionSummary<Id = number | string> {
  customerId: Id[]; frequency: Float64Array; recency: Float64Array; T: Float64Array;
  monetaryValue: Float64Array | null; frequencyHoldout: Float64Array | null;
  monetaryValueHoldout: Float64Array | null; durationHoldout: Float64Array | null;
}

export interface FitOptions {
  penalizer?: number; maxIterations?: number; tolerance?: number; initial?: number[]; requireConvergence?: boolean;
}
export interface FitReport {
  logLikelihood: number; objective: number; penalizer: number; iterations: number; converged: boolean;
  gradientNorm: number; termination: string; covariance: number[];
}
export interface SbgParams { alpha: number; beta: number }
/** FitOptions and, for grouped data, the number of customers each row stands for. */
export interface ModelFitOptions extends FitOptions { weights?: Numbers }
export interface BetaGeoParams { r: number; alpha: number; a: number; b: number }
export interface ParetoNBDParams { r: number; alpha: number; s: number; beta: number }
export interface BetaGeoBetaBinomParams { alpha: number; beta: number; gamma: number; delta: number }
export interface GammaGammaParams { p: number; q: number; v: number }
/** lifetimes' time units: days (30 a month), weeks (4.345), hours (720), months. */
export type ClvFreq = "D" | "W" | "H" | "M";
/** lifetimes' customer_lifetime_value options: months (`time`, at most 1200: a century), monthly discount rate, the data's time unit. */
export interface ModelClvOptions { time?: number; discountRate?: number; freq?: ClvFreq }
export interface SpendIndependence { correlation: number; pValue: number; n: number }
export type ModelParams = BetaGeoParams | ParetoNBDParams | BetaGeoBetaBinomParams | GammaGammaParams;
/** What JSON.stringify writes for a fitted model. */
export interface FittedModelJSON { kind: string; params: ModelParams; stdErrors: ModelParams | null; logLikelihood: number | null }

export function clvClosedForm(margin: MoneyInput, retention: number, opts?: ClosedFormOptions & MoneyOption): Money;
export function clvClosedForm(margin: MoneyInput, retention: number, opts: ClosedFormOptions & MoneyAsNumber): number;
export function clv(margin: MoneyInput, retention: number, opts?: ClvNetOptions & MoneyOption): Clv;
export function clv(margin: MoneyInput, retention: number, opts: ClvNetOptions & MoneyAsNumber): Clv<number>;
export function customerEquity(cohorts: CohortInput[], opts?: ClvOptions & MoneyOption): CustomerEquity;
export function customerEquity(cohorts: CohortInput[], opts: ClvOptions & MoneyAsNumber): CustomerEquity<number>;
export function retentionImpact(margin: MoneyInput, retention: number, change: number, opts?: ClvOptions & MoneyOption): RetentionImpact;
export function retentionImpact(margin: MoneyInput, retention: number, change: number, opts: ClvOptions & MoneyAsNumber): RetentionImpact<number>;
export function breakEvenRetentionSpend(margin: MoneyInput, retention: number, lift: number, opts?: ClvOptions & MoneyOption): BreakEvenSpend;
export function breakEvenRetentionSpend(margin: MoneyInput, retention: number, lift: number, opts: ClvOptions & MoneyAsNumber): BreakEvenSpend<number>;
export function payback(acquisitionCost: MoneyInput, margin: MoneyInput, retention: number, opts?: ClvOptions & MoneyOption): Payback;
export function payback(acquisitionCost: MoneyInput, margin: MoneyInput, retention: number, opts: ClvOptions & MoneyAsNumber): Payback<number>;
"#;
