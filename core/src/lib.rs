//! # custometrics
//!
//! The measures of customer-relationship management, exact and fast: satisfaction as perception
//! minus expectation (SERVQUAL, CSAT, NPS, satisfaction indices), and the trust equation
//! T = (C + R + I) / S. The same core serves the Python and WebAssembly bindings, so every
//! language gets the same numbers.
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

mod error;
mod input;
mod stats;

pub mod retention;
pub mod satisfaction;
pub mod trust;

pub use error::{Error, Location, Result};
pub use input::{Matrix, NanPolicy};
