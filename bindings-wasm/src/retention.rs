//! Retention: thin wrappers over `custometrics::retention`, one file per part of the core module
//! — `economics.rs`, `summary.rs`, and one per fitted model (`sbg.rs`; `transaction.rs` for
//! BG/NBD, MBG/NBD and Pareto/NBD; `bg_bb.rs`; `gamma_gamma.rs`, with CLV). What the parts
//! share — money, fit options — is here and in `convert.rs`.
//!
//! Money leaves as an exact decimal string by default; `{ money: "number" }` in a function's
//! options gives numbers instead (the nearest double, for charts and arithmetic).

mod bg_bb;
mod economics;
mod gamma_gamma;
mod sbg;
mod summary;
mod transaction;

use crate::convert::{JsResult, options, raw};
use crate::input::optional_numbers;
use custometrics::retention::FitOptions;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The fit options every model takes (`FitOptions` in TypeScript).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct FitOpts {
    penalizer: Option<f64>,
    max_iterations: Option<f64>,
    tolerance: Option<f64>,
    initial: Option<Vec<f64>>,
    require_convergence: Option<bool>,
}

/// The fit options of the models fitted to customer data: [`FitOpts`] and `weights` (customer
/// counts per row, for grouped data; `ModelFitOptions` in TypeScript).
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(crate) struct ModelFitOpts {
    penalizer: Option<f64>,
    max_iterations: Option<f64>,
    tolerance: Option<f64>,
    initial: Option<Vec<f64>>,
    require_convergence: Option<bool>,
    /// Read raw by [`optional_numbers`], as every array argument is.
    weights: Option<serde::de::IgnoredAny>,
}

impl ModelFitOpts {
    /// The core's options and the weights, from the options object as JS gives it.
    pub(crate) fn read(opts: Option<JsValue>) -> JsResult<(FitOptions, Option<Vec<f64>>)> {
        let weights = optional_numbers("weights", &raw(&opts, "weights")?)?;
        let o: ModelFitOpts = options(opts)?;
        o.split(weights)
    }

    fn split(self, weights: Option<Vec<f64>>) -> JsResult<(FitOptions, Option<Vec<f64>>)> {
        let fit = FitOpts {
            penalizer: self.penalizer,
            max_iterations: self.max_iterations,
            tolerance: self.tolerance,
            initial: self.initial,
            require_convergence: self.require_convergence,
        };
        Ok((fit.core()?, weights))
    }
}

impl FitOpts {
    pub(crate) fn core(self) -> JsResult<FitOptions> {
        let d = FitOptions::default();
        Ok(FitOptions {
            penalizer: self.penalizer.unwrap_or(d.penalizer),
            max_iterations: match self.max_iterations {
                Some(n) => crate::convert::count("max_iterations", n, 0)?,
                None => d.max_iterations,
            },
            tolerance: self.tolerance.unwrap_or(d.tolerance),
            initial: self.initial,
            require_convergence: self.require_convergence.unwrap_or(d.require_convergence),
        })
    }
}

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
/** lifetimes' customer_lifetime_value options: months, monthly discount rate, the data's time unit. */
export interface ModelClvOptions { time?: number; discountRate?: number; freq?: ClvFreq }
export interface SpendIndependence { correlation: number; pValue: number; n: number }

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
