//! # custometrics
//!
//! The measures of customer-relationship management, exact and fast: satisfaction as perception
//! minus expectation (SERVQUAL, CSAT, NPS, satisfaction indices), the trust equation
//! T = (C + R + I) / S, loyalty matrices and indicators, customer tiers (pyramids, ABC, RFM, Gini,
//! Markov-chain migration), retention economics and customer lifetime value in exact money, the
//! models of repeat buying fitted by maximum likelihood (BG/NBD, Pareto/NBD, Gamma-Gamma …), and
//! the course's assessment instruments. The same core serves the Python and WebAssembly
//! bindings, so every language gets the same numbers.
//!
//! ```
//! use custometrics::satisfaction::{nps, NpsOptions};
//! let s = nps(&[10.0, 9.0, 7.0, 3.0], &NpsOptions::default())?;
//! assert_eq!(s.score, 25.0);
//! # Ok::<(), custometrics::Error>(())
//! ```
//!
//! Every public function validates its input and returns [`Error`] naming the field, the index
//! and the value; none panics.
//!
//! # Which function for which question
//!
//! | question | call | module |
//! |---|---|---|
//! | How likely are customers to recommend us, with what uncertainty? | [`nps`](satisfaction::nps) (from integers: [`nps_of`](satisfaction::nps_of)); two groups: [`nps_difference`](satisfaction::nps_difference) | [`satisfaction`] |
//! | What share is satisfied? | [`csat`](satisfaction::csat) (top-k box), [`satisfaction_rate`](satisfaction::satisfaction_rate) | [`satisfaction`] |
//! | The same by segment, weighted, and did it change? | [`nps_survey`](satisfaction::nps_survey), [`csat_survey`](satisfaction::csat_survey), [`satisfaction_rate_survey`](satisfaction::satisfaction_rate_survey) with a [`Design`](satisfaction::Design) (segment codes, weights; [`rake`](satisfaction::rake) for weights); [`nps_versus_rest`](satisfaction::nps_versus_rest), [`nps_chi_square`](satisfaction::nps_chi_square), [`nps_trend`](satisfaction::nps_trend); means of any bounded measure with t intervals: [`mean_survey`](satisfaction::mean_survey) (or pushed block by block into a [`MeanStream`](satisfaction::MeanStream)), [`mean_difference`](satisfaction::mean_difference) (Welch), [`csat_difference`](satisfaction::csat_difference), [`satisfaction_rate_difference`](satisfaction::satisfaction_rate_difference) | [`satisfaction`] |
//! | Where does service fall short of expectations? | [`disconfirmation`](satisfaction::disconfirmation) (P − E per attribute), [`servqual`](satisfaction::servqual) (by segment, weighted, with t intervals: [`servqual_survey`](satisfaction::servqual_survey)), [`zone_of_tolerance`](satisfaction::zone_of_tolerance), [`five_gaps`](satisfaction::five_gaps) | [`satisfaction`] |
//! | One satisfaction index; what to fix first? | [`csi`](satisfaction::csi) (by segment, weighted, with t intervals: [`csi_survey`](satisfaction::csi_survey)), [`ipa`](satisfaction::ipa) (importance–performance quadrants) | [`satisfaction`] |
//! | Which attributes drive overall satisfaction? | [`key_drivers`](satisfaction::key_drivers) (relative weights or Shapley values, shares of R², bootstrap intervals) | [`satisfaction`] |
//! | How many unhappy customers hide behind the complaints? | [`complaint_iceberg`](satisfaction::complaint_iceberg) | [`satisfaction`] |
//! | How many respondents do I need? | [`sample_size`](satisfaction::sample_size), [`margin_of_error`](satisfaction::margin_of_error) | [`satisfaction`] |
//! | How much do clients trust us, and which lever moves it most? | [`trust_score`](trust::trust_score), [`trust_score_batch`](trust::trust_score_batch), [`sensitivity`](trust::sensitivity), [`trust_over_raters`](trust::trust_over_raters); by segment, weighted, with t intervals: [`trust_survey`](trust::trust_survey) | [`trust`] |
//! | Which customers are truly loyal, latent, spurious? | [`dick_basu`](loyalty::dick_basu) (attitude × patronage), [`jones_sasser`](loyalty::jones_sasser) (satisfaction × loyalty) | [`loyalty`] |
//! | Retention, churn, acquisition and repeat-purchase rates over two periods | [`loyalty_indicators`](loyalty::loyalty_indicators); a weighted index: [`loyalty_index`](loyalty::loyalty_index) | [`loyalty`] |
//! | Who are my most valuable customers, and how concentrated is value? | [`abc`](tiers::abc), [`curry`](tiers::curry), [`pyramid`](tiers::pyramid), [`profit_pyramid`](tiers::profit_pyramid), [`gini`](tiers::gini), [`lorenz`](tiers::lorenz) | [`tiers`] |
//! | RFM scores and named segments | [`rfm_scores`](tiers::rfm_scores), [`rfm_segments`](tiers::rfm_segments) with [`SegmentMap::standard`](tiers::SegmentMap::standard) | [`tiers`] |
//! | How do customers move between tiers, and what is a tier worth? | [`migration`](tiers::migration), [`project`](tiers::project), [`steady_state`](tiers::steady_state), [`markov_clv`](tiers::markov_clv) | [`tiers`] |
//! | What is a customer worth at a given retention rate? | [`clv`](retention::clv), [`clv_closed_form`](retention::clv_closed_form), many at once: [`clv_batch`](retention::clv_batch) | [`retention`] |
//! | What is the whole customer base worth? | [`customer_equity`](retention::customer_equity) | [`retention`] |
//! | What does +5 points of retention buy, and what may it cost? | [`retention_impact`](retention::retention_impact), [`break_even_retention_spend`](retention::break_even_retention_spend), [`cost_ratio`](retention::cost_ratio) | [`retention`] |
//! | When is an acquisition cost earned back? | [`payback`](retention::payback) | [`retention`] |
//! | Churn ↔ retention, monthly ↔ yearly, expected lifetime | [`churn_from_retention`](retention::churn_from_retention), [`convert_retention`](retention::convert_retention), [`expected_lifetime`](retention::expected_lifetime) | [`retention`] |
//! | From a transaction log to frequency / recency / T / monetary value | [`summary_from_transactions`](retention::summary_from_transactions) | [`retention`] |
//! | Is this customer still alive, how much will they buy, what are they worth? | [`BetaGeo::fit`](retention::models::BetaGeo::fit) (or [`ParetoNbd`](retention::models::ParetoNbd), [`ModifiedBetaGeo`](retention::models::ModifiedBetaGeo), [`BetaGeoBetaBinom`](retention::models::BetaGeoBetaBinom)), then [`TransactionModel`](retention::models::TransactionModel)'s predictions; spend: [`GammaGamma`](retention::models::GammaGamma); value: [`customer_lifetime_value`](retention::models::customer_lifetime_value) | [`retention::models`] |
//! | How will a subscription cohort decay? | [`ShiftedBetaGeo::fit`](retention::ShiftedBetaGeo::fit) (survival, retention, DEL, DERL) | [`retention`] |
//! | Score the customer-orientation self-assessment, GB/T 19580 excellence, a decision matrix | [`orientation`](assessment::orientation), [`excellence`](assessment::excellence), [`decision`](assessment::decision), [`ahp`](assessment::ahp) | [`assessment`] |
//!
//! Two-dimensional inputs (respondents × items) are a [`Matrix`]: row-major data and its column
//! count, checked on construction. Array functions that take NaN as "missing" say so with a
//! [`NanPolicy`] (`Raise` by default, `Omit`, `Propagate`: scipy's words).
//!
//! # Money and time
//!
//! **Money** — margins, costs, revenue, CLV, equity — is [`Decimal`] (`rust_decimal`'s, re-exported
//! here as `custometrics::Decimal`, so you need no dependency of your own) at every scalar edge:
//! exact decimal arithmetic, 28 significant digits, so a finance report adds up to the cent. A
//! `Decimal` serialises as a JSON string (`"450"`), which keeps every digit.
//! Rates (retention, discount, growth) are `f64` and enter money formulas as the shortest decimal
//! that reads back as the same `f64` (a retention of `0.9` is exactly 0.9). Results are
//! normalised (`450`, not `450.000`); rounding to cents is yours
//! ([`Decimal::round_dp`][round_dp]). The batch forms for millions of
//! customers ([`clv_batch`](retention::clv_batch), the model CLV of
//! [`customer_lifetime_value`](retention::models::customer_lifetime_value)) are `f64`, in the
//! money unit of their input.
//!
//! **Time** is a number in a unit you choose and keep. Rates are per period (a monthly retention
//! with a monthly discount rate gives a CLV in monthly margins; convert with
//! [`convert_retention`](retention::convert_retention)). A transaction log's times are integers
//! — seconds since the Unix epoch (UTC) for the [`Period`](retention::Period) presets `DAY` and
//! `WEEK`, or any integer clock with [`Period::new`](retention::Period::new) — and
//! [`summary_from_transactions`](retention::summary_from_transactions) counts frequency, recency
//! and T in those periods. A model fitted on weeks predicts in weeks; tell the model CLV which
//! unit it was ([`TimeUnit`](retention::models::TimeUnit)). Calendar months are not a fixed
//! period and are not offered.
//!
//! # Errors
//!
//! Every fallible function returns [`Result<T>`](Result), with one [`Error`] type. An error
//! carries a stable machine-readable [`code()`](Error::code) (`"out_of_range"`,
//! `"not_finite"`, `"empty"`, `"length_mismatch"`, `"division_by_zero"`, `"invalid"`,
//! `"diverges"`, `"did_not_converge"`; the same in Python and JavaScript), the input's name
//! ([`field()`](Error::field), as the caller knows it) and the element's position in an array
//! ([`index()`](Error::index)); `Display` is the sentence for a person. Every kind is a problem
//! with the input, so a service answers all of them with a 400 (or 422 for
//! `did_not_converge`: the request was valid but the data did not pin the model down).
//! [`Error`] is `#[non_exhaustive]`; to handle every kind without a fallback arm, match on
//! [`kind()`](Error::kind), an exhaustive [`ErrorKind`]:
//!
//! ```
//! use custometrics::{ErrorKind, satisfaction::{nps, NpsOptions}};
//! let err = nps(&[10.0, 11.0], &NpsOptions::default()).unwrap_err();
//! assert_eq!((err.code(), err.field(), err.index()), ("out_of_range", Some("scores"), Some(1)));
//! assert_eq!(err.to_string(), "scores[1] = 11 is outside the NPS scale: an integer in 0..=10");
//! let status = match err.kind() {
//!     ErrorKind::DidNotConverge => 422,
//!     ErrorKind::NotFinite
//!     | ErrorKind::OutOfRange
//!     | ErrorKind::Empty
//!     | ErrorKind::LengthMismatch
//!     | ErrorKind::DivisionByZero
//!     | ErrorKind::Invalid
//!     | ErrorKind::Diverges => 400,
//! };
//! assert_eq!(status, 400);
//! ```
//!
//! The repository's `examples/src/server.rs` serves [`nps`](satisfaction::nps), the trust
//! equation and [`clv`](retention::clv) over HTTP with axum that way: JSON bodies deserialised
//! into this crate's option types, errors answered as `{"code", "field", "index", "message"}`.
//!
//! # Threads and async
//!
//! Every public type is `Send + Sync` and no function keeps global state, so one fitted model can
//! serve many threads. With the default `parallel` feature the batch functions (arrays,
//! per-customer predictions, model fits, tiers) split their work over **rayon's global thread
//! pool** and block the calling thread until they are done; results are bit-for-bit the same on
//! any number of threads. In an async server do not call them on the runtime's worker threads
//! with large inputs: wrap the call in `tokio::task::spawn_blocking(move || …)`, or run it on a
//! pool of your own with rayon's [`ThreadPool::install`][install] to bound how many cores it
//! takes. The scalar functions (one customer, one rating) take
//! microseconds and need neither. Without the feature (`default-features = false`, as in
//! WebAssembly) everything runs on the calling thread.
//!
//! [install]: https://docs.rs/rayon/1/rayon/struct.ThreadPool.html#method.install
//!
//! # Debug builds
//!
//! The model fits differentiate their likelihoods with dual numbers, generic code that runs
//! many times slower unoptimised: a BG/NBD fit that takes about a millisecond in a release build
//! takes about a hundred times longer in a default debug build. Optimise this crate alone in
//! your dev profile and your own code keeps its fast debug builds:
//!
//! ```toml
//! [profile.dev.package.custometrics]
//! opt-level = 2
//! ```
//!
//! Measured with the BG/NBD fit on CDNOW's 2357 customers (the data of the
//! [`BetaGeo::fit`](retention::models::BetaGeo::fit) example), median of 7 fits, three runs each,
//! on a shared 2-core machine under load: 119–137 ms in a default debug build, 1.4–1.6 ms with
//! the tip, 1.2 ms in a release build.
//!
//! # Stability and conventions
//!
//! - **Batch names.** A function of one customer or one rating is `f`; the same function over
//!   a column of them is `f_batch` (returns a `Vec`) and `f_into` (writes into a buffer of the
//!   same length that you own); `f_of` reads [`Column`]s of any numeric type. A measure of the
//!   whole column (tiers, quantile scores, RFM scores, Gini) is named for what it returns and
//!   takes no suffix: [`abc`](tiers::abc), with [`abc_into`](tiers::abc_into) to write into a
//!   buffer.
//! - **Options** are always passed by reference (`&NpsOptions`).
//! - **What may grow is `#[non_exhaustive]`**: every options type and every result type. Build
//!   options from `Default` with their `with_*` methods
//!   (`NpsOptions::default().with_confidence(0.9)`), or deserialise them (every field has a
//!   default); read results by field. Types you build as input — model parameters, a
//!   [`Summary`](retention::Summary), cohorts, margins, rating sets, segment maps — stay
//!   exhaustive: a new field there would be a new required input, a breaking change either way.
//!   Class and tier enums fixed by their definition (ABC, Curry, Dick & Basu, Jones & Sasser)
//!   are exhaustive, so a `match` needs no fallback arm.
//! - **NaN and the infinities in serde.** JSON has no number for them (serde_json writes `null`,
//!   which cannot be read back), so every `f64` the crate serialises — in results, options, model
//!   parameters, `Error` values; alone, in an `Option`, a `Vec` or an array — follows one
//!   convention: a finite value is a plain number, exactly as serde writes an `f64`; NaN, +∞ and
//!   −∞ are the strings `"NaN"`, `"inf"` and `"-inf"` in human-readable formats (JSON, YAML,
//!   TOML) and plain `f64` in binary ones (`Serializer::is_human_readable`). Reading accepts a
//!   number or one of the three strings; `null` is an error. A NaN reads back as NaN (its payload
//!   bits are not kept); finite values read back bit for bit when the format's parser is exact
//!   (serde_json's `float_roundtrip` feature).
//!
//! # Features
//!
//! - `parallel` (default): batch kernels on all cores with rayon. Without it every loop runs on
//!   the calling thread, with the same bits.
//! - `simd` (default): the row kernels (NPS counting, trust scores, P(alive) of the BG/NBD
//!   family) pick the widest SIMD instructions the CPU has at run time (AVX-512, AVX2; WebAssembly
//!   SIMD) through `pulp`. Without it they are plain Rust compiled for the build's target, with
//!   the same bits.
//!
//! `default-features = false` builds the crate without rayon and pulp (and their dependencies);
//! every function and every result stays the same.
//!
//! Every public type derives `Serialize` and `Deserialize` (serde), so options and results travel
//! as JSON.
//!
//! [Decimal]: https://docs.rs/rust_decimal/1/rust_decimal/struct.Decimal.html
//! [round_dp]: https://docs.rs/rust_decimal/1/rust_decimal/struct.Decimal.html#method.round_dp

#![forbid(unsafe_code)]

// The error every call can return, the input rules (validation, NaN policy, matrices) and the
// conversions between representations.
mod codes;
mod error;
mod float_serde;
mod input;

// The bindings' conversions (money from text or f64, counts, tier labels): public so the
// Python and WebAssembly crates can share them, but not part of the API — hidden from the docs
// and free to change in any release.
#[doc(hidden)]
pub mod convert;

// The domains.
pub mod assessment;
pub mod loyalty;
pub mod retention;
pub mod satisfaction;
pub mod tiers;
pub mod trust;

// The numerical machinery the domains share, private: dual numbers, special functions, vector
// maths, order statistics, parallel loops, small statistics, linear algebra, the optimiser.
mod numerics;

pub use error::{Error, ErrorKind, Location, Result};
pub use input::{Column, Matrix, NanPolicy};
/// Exact decimal money (`rust_decimal` 1.x), the type of every money value in this crate.
pub use rust_decimal::Decimal;

/// The crate README's examples (`core/README.md`, shipped with the crate), run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;
