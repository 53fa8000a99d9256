//! The Gamma-Gamma spend model. The Python class `GammaGamma` keeps p, q, v and calls these with
//! them; CLV (which needs a transaction model too) is in `transaction.rs`.

use super::fit_options;
use super::transaction::{first, predict};
use crate::convert;
use crate::input::{optional, vector};
use crate::{done, errors};
use custometrics::retention::models::GammaGamma;
use numpy::PyArray1;
use pyo3::prelude::*;

/// The core model from [p, q, v], validated.
pub(crate) fn model([p, q, v]: [f64; 3]) -> PyResult<GammaGamma> {
    GammaGamma::new(p, q, v).map_err(errors::to_py)
}

#[pyfunction]
#[pyo3(signature = (frequency, monetary_value, weights, penalizer, max_iterations, tolerance, initial, require_convergence))]
#[allow(clippy::too_many_arguments)]
fn gg_fit<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    penalizer: f64,
    max_iterations: f64,
    tolerance: f64,
    initial: Option<Vec<f64>>,
    require_convergence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = fit_options(penalizer, max_iterations, tolerance, initial, require_convergence)?;
    let (f, m) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
    let (f, m) = (&*f, &*m);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    done(py, py.detach(|| GammaGamma::fit(f, m, w, &opts)))
}

#[pyfunction]
fn gg_params(py: Python<'_>, params: [f64; 3]) -> PyResult<Bound<'_, PyAny>> {
    convert::to_py(py, &model(params)?)
}

#[pyfunction]
fn gg_log_likelihood<'py>(
    py: Python<'py>,
    params: [f64; 3],
    frequency: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
) -> PyResult<f64> {
    let m = model(params)?;
    let (f, mv) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
    let (f, mv) = (&*f, &*mv);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    py.detach(|| m.log_likelihood(f, mv, w)).map_err(errors::to_py)
}

#[pyfunction]
fn gg_expected_average_profit<'py>(
    py: Python<'py>,
    params: [f64; 3],
    frequency: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(params)?;
    let (f, mv) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
    let (f, mv) = (&*f, &*mv);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.conditional_expected_average_profit(first(f), first(mv)),
        |out| m.conditional_expected_average_profit_into(f, mv, out),
    )
}

#[pyfunction]
fn gg_independence_check<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let (f, m) = (vector("frequency", frequency)?, vector("monetary_value", monetary_value)?);
    let (f, m) = (&*f, &*m);
    done(py, py.detach(|| GammaGamma::independence_check(f, m)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(gg_fit, m)?)?;
    m.add_function(wrap_pyfunction!(gg_params, m)?)?;
    m.add_function(wrap_pyfunction!(gg_log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(gg_expected_average_profit, m)?)?;
    m.add_function(wrap_pyfunction!(gg_independence_check, m)?)?;
    Ok(())
}
