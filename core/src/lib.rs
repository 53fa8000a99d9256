//! # custometrics
//!
//! The measures of customer-relationship management, exact and fast: satisfaction as perception
//! minus expectation (SERVQUAL, CSAT, NPS, satisfaction indices), the trust equation
//! T = (C + R + I) / S, loyalty matrices and indicators ([`loyalty`]), and customer tiers —
//! pyramids, ABC, RFM, Gini and Markov-chain migration ([`tiers`]), and the course's assessment
//! instruments — the customer-orientation self-assessment, GB/T 19580 excellence scoring and the
//! weighted decision matrix with AHP weights ([`assessment`]). The same core serves the
//! Python and WebAssembly bindings, so every language gets the same numbers.
//!
//! The batch kernels split their work over all cores with the default `parallel` feature
//! (rayon); without it (as in WASM) they run on one, with bit-for-bit the same results. Kernels
//! that need a logarithm or an exponential per row (P(alive) of the BG/NBD family) choose the
//! widest SIMD instructions the CPU has at run time (AVX-512, AVX2), again with the same bits.
//!
//! ```
//! use custometrics::satisfaction::{nps, NpsOptions};
//! let s = nps(&[10.0, 9.0, 7.0, 3.0], NpsOptions::default())?;
//! assert_eq!(s.score, 25.0);
//! # Ok::<(), custometrics::Error>(())
//! ```
//!
//! Every public function validates its input and returns [`Error`] naming the field, the index
//! and the value; none panics.

#![forbid(unsafe_code)]

// The error every call can return, the input rules (validation, NaN policy, matrices) and the
// conversions between representations.
mod error;
mod input;

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

/// The README's Rust example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExample;
