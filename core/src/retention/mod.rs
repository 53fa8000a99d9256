//! Retention (客户保持) and customer lifetime value (客户终身价值).
//!
//! - Economics, with money as [`rust_decimal::Decimal`][Decimal]: churn ↔ retention, conversion
//!   between period lengths, expected lifetime, CLV in Gupta & Lehmann's closed form and over a finite
//!   horizon with discounting, margin growth and acquisition cost, customer equity of a base or of
//!   cohorts, the profit impact of a retention change (Reichheld & Sasser), acquisition versus
//!   retention spending and the payback of acquisition cost.
//! - A transaction log to the per-customer frequency / recency / T / monetary-value summary of
//!   lifetimes, with an optional calibration/holdout split.
//! - [`models`]: the probabilistic models fitted by maximum likelihood — the shifted-beta-geometric
//!   model of contract duration (Fader & Hardie 2007, 2010) with survival, retention, DEL and
//!   DERL, and the transaction models BG/NBD, MBG/NBD, Pareto/NBD, BG/BB and the Gamma-Gamma
//!   spend model with their predictions and CLV.
//!
//! Every model fit shares [`FitOptions`] and returns a [`Fit`] with a [`FitReport`].
//!
//! [Decimal]: https://docs.rs/rust_decimal/1/rust_decimal/struct.Decimal.html

mod economics;
pub mod models;
mod summary;

pub use economics::{
    BreakEvenSpend, Clv, ClvOptions, Cohort, CohortValue, CustomerEquity, MarginTiming, Payback, RetentionImpact,
    break_even_retention_spend, churn_from_retention, clv, clv_batch, clv_closed_form, clv_into, convert_churn,
    convert_retention, cost_ratio, customer_equity, expected_lifetime, payback, retention_from_churn, retention_impact,
};
pub use models::{Fit, FitOptions, FitReport, ShiftedBetaGeo};
pub use summary::{Period, Summary, SummaryOptions, summary_from_transactions};
