//! `custometrics.retention`: thin wrappers over `custometrics::retention`, one file per part of
//! the core module — `economics.rs`, `summary.rs`, and one per fitted model (`sbg.rs`;
//! `transaction.rs` for BG/NBD, MBG/NBD, Pareto/NBD and CLV from them; `bg_bb.rs`;
//! `gamma_gamma.rs`). What the parts share — the fit options every model takes — is in this file.

mod bg_bb;
mod economics;
mod gamma_gamma;
mod sbg;
mod summary;
mod transaction;

use crate::convert;
use custometrics::retention::FitOptions;
use pyo3::prelude::*;

/// The core's fit options from the Python keywords (`max_iterations` as a Python number, so a
/// negative or fractional count is the library's `out_of_range`, not a `TypeError`).
pub(crate) fn fit_options(
    penalizer: f64,
    max_iterations: f64,
    tolerance: f64,
    initial: Option<Vec<f64>>,
    require_convergence: bool,
) -> PyResult<FitOptions> {
    Ok(FitOptions {
        penalizer,
        max_iterations: convert::count("max_iterations", max_iterations, 0)?,
        tolerance,
        initial,
        require_convergence,
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    economics::register(m)?;
    summary::register(m)?;
    sbg::register(m)?;
    transaction::register(m)?;
    bg_bb::register(m)?;
    gamma_gamma::register(m)?;
    Ok(())
}
