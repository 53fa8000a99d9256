//! The shifted-beta-geometric model. The Python class `ShiftedBetaGeo` keeps α and β and calls
//! these with them; each call rebuilds the core model (validating α, β: two comparisons).
//! Functions of a period `t` take an array of periods and return an array, with the GIL released;
//! `scalar` says the caller passed one number, so that an error names no index.

use super::fit_options;
use crate::convert::{self, money};
use crate::input::vector;
use crate::{done, errors};
use custometrics::retention::ShiftedBetaGeo;
use custometrics::{Error, Result as CoreResult};
use numpy::PyArray1;
use pyo3::prelude::*;

fn model(alpha: f64, beta: f64) -> PyResult<ShiftedBetaGeo> {
    ShiftedBetaGeo::new(alpha, beta).map_err(errors::to_py)
}

/// `f` over the periods in `t` (integers >= `min`), into a new float64 array.
fn over_periods<'py>(
    py: Python<'py>,
    field: &str,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    min: u64,
    f: impl Fn(u64) -> CoreResult<f64> + Send + Sync,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let t = vector(field, t)?;
    let t = &*t;
    let out = py.detach(|| {
        let ts = convert::counts(field, t, min).map_err(|e| if scalar { unindexed(e, field) } else { e })?;
        ts.into_iter().map(&f).collect::<CoreResult<Vec<f64>>>()
    });
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

/// The error for a scalar argument: the same, without the index of the one-element array.
fn unindexed(e: Error, field: &str) -> Error {
    match e {
        Error::NotFinite { value, .. } => Error::NotFinite { at: custometrics::Location::scalar(field), value },
        Error::OutOfRange { value, expected, .. } => {
            Error::OutOfRange { at: custometrics::Location::scalar(field), value, expected }
        }
        e => e,
    }
}

#[pyfunction]
#[pyo3(signature = (survivors, penalizer, max_iterations, tolerance, initial, require_convergence))]
fn sbg_fit<'py>(
    py: Python<'py>,
    survivors: &Bound<'py, PyAny>,
    penalizer: f64,
    max_iterations: f64,
    tolerance: f64,
    initial: Option<Vec<f64>>,
    require_convergence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = fit_options(penalizer, max_iterations, tolerance, initial, require_convergence)?;
    let s = vector("survivors", survivors)?;
    let s = &*s;
    done(py, py.detach(|| ShiftedBetaGeo::fit(s, &opts)))
}

#[pyfunction]
fn sbg_params(py: Python<'_>, alpha: f64, beta: f64) -> PyResult<Bound<'_, PyAny>> {
    done(py, ShiftedBetaGeo::new(alpha, beta))
}

#[pyfunction]
fn sbg_log_likelihood(alpha: f64, beta: f64, survivors: &Bound<'_, PyAny>) -> PyResult<f64> {
    model(alpha, beta)?.log_likelihood(&vector("survivors", survivors)?).map_err(errors::to_py)
}

#[pyfunction]
fn sbg_survival<'py>(
    py: Python<'py>,
    alpha: f64,
    beta: f64,
    t: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(alpha, beta)?;
    over_periods(py, "t", t, scalar, 0, |t| Ok(m.survival(t)))
}

#[pyfunction]
fn sbg_retention_rate<'py>(
    py: Python<'py>,
    alpha: f64,
    beta: f64,
    t: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(alpha, beta)?;
    over_periods(py, "t", t, scalar, 1, |t| m.retention_rate(t))
}

#[pyfunction]
fn sbg_churn_probability<'py>(
    py: Python<'py>,
    alpha: f64,
    beta: f64,
    t: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(alpha, beta)?;
    over_periods(py, "t", t, scalar, 1, |t| m.churn_probability(t))
}

#[pyfunction]
fn sbg_survival_curve(py: Python<'_>, alpha: f64, beta: f64, periods: f64) -> PyResult<Bound<'_, PyArray1<f64>>> {
    let (m, n) = (model(alpha, beta)?, convert::count("periods", periods, 0)?);
    Ok(PyArray1::from_vec(py, py.detach(|| m.survival_curve(n)).map_err(errors::to_py)?))
}

#[pyfunction]
fn sbg_retention_curve(py: Python<'_>, alpha: f64, beta: f64, periods: f64) -> PyResult<Bound<'_, PyArray1<f64>>> {
    let (m, n) = (model(alpha, beta)?, convert::count("periods", periods, 0)?);
    Ok(PyArray1::from_vec(py, py.detach(|| m.retention_curve(n)).map_err(errors::to_py)?))
}

#[pyfunction]
fn sbg_expected_survivors(
    py: Python<'_>,
    alpha: f64,
    beta: f64,
    cohort_size: f64,
    periods: f64,
) -> PyResult<Bound<'_, PyArray1<f64>>> {
    let (m, n) = (model(alpha, beta)?, convert::count("periods", periods, 0)?);
    Ok(PyArray1::from_vec(py, py.detach(|| m.expected_survivors(cohort_size, n)).map_err(errors::to_py)?))
}

#[pyfunction]
fn sbg_del(py: Python<'_>, alpha: f64, beta: f64, discount: f64) -> PyResult<f64> {
    let m = model(alpha, beta)?;
    py.detach(|| m.del(discount)).map_err(errors::to_py)
}

#[pyfunction]
fn sbg_derl<'py>(
    py: Python<'py>,
    alpha: f64,
    beta: f64,
    discount: f64,
    renewals: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(alpha, beta)?;
    over_periods(py, "renewals", renewals, scalar, 0, |n| m.derl(discount, n))
}

#[pyfunction]
fn sbg_expected_clv(
    py: Python<'_>,
    alpha: f64,
    beta: f64,
    margin: &Bound<'_, PyAny>,
    discount: f64,
) -> PyResult<String> {
    let (m, margin) = (model(alpha, beta)?, money("margin", margin)?);
    Ok(py.detach(|| m.expected_clv(margin, discount)).map_err(errors::to_py)?.to_string())
}

#[pyfunction]
fn sbg_expected_residual_value(
    py: Python<'_>,
    alpha: f64,
    beta: f64,
    margin: &Bound<'_, PyAny>,
    discount: f64,
    renewals: f64,
) -> PyResult<String> {
    let (m, margin) = (model(alpha, beta)?, money("margin", margin)?);
    let n = convert::count("renewals", renewals, 0)?;
    Ok(py.detach(|| m.expected_residual_value(margin, discount, n)).map_err(errors::to_py)?.to_string())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sbg_fit, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_params, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_survival, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_retention_rate, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_churn_probability, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_survival_curve, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_retention_curve, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_expected_survivors, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_del, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_derl, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_expected_clv, m)?)?;
    m.add_function(wrap_pyfunction!(sbg_expected_residual_value, m)?)?;
    Ok(())
}
