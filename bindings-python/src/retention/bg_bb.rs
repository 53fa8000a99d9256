//! The BG/BB model of discrete transaction opportunities. The Python class `BetaGeoBetaBinom`
//! keeps α, β, γ, δ and calls these with them. Periods (`m_periods_in_future`, `n_periods` of a
//! new customer, counts `x`) arrive as Python numbers and must be whole.

use super::fit_options;
use super::transaction::{at_index, first, predict};
use crate::convert;
use crate::input::{optional, vector};
use crate::{done, errors};
use custometrics::Result as CoreResult;
use custometrics::retention::models::BetaGeoBetaBinom;
use numpy::PyArray1;
use pyo3::prelude::*;

fn model([alpha, beta, gamma, delta]: [f64; 4]) -> PyResult<BetaGeoBetaBinom> {
    BetaGeoBetaBinom::new(alpha, beta, gamma, delta).map_err(errors::to_py)
}

#[pyfunction]
#[pyo3(signature = (frequency, recency, n_periods, weights, penalizer, max_iterations, tolerance, initial, require_convergence))]
#[allow(clippy::too_many_arguments)]
fn bgbb_fit<'py>(
    py: Python<'py>,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    n_periods: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    penalizer: f64,
    max_iterations: f64,
    tolerance: f64,
    initial: Option<Vec<f64>>,
    require_convergence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = fit_options(penalizer, max_iterations, tolerance, initial, require_convergence)?;
    let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
    let (f, r, n) = (&*f, &*r, &*n);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    done(py, py.detach(|| BetaGeoBetaBinom::fit(f, r, n, w, &opts)))
}

#[pyfunction]
fn bgbb_params(py: Python<'_>, params: [f64; 4]) -> PyResult<Bound<'_, PyAny>> {
    convert::to_py(py, &model(params)?)
}

#[pyfunction]
fn bgbb_log_likelihood<'py>(
    py: Python<'py>,
    params: [f64; 4],
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    n_periods: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
) -> PyResult<f64> {
    let m = model(params)?;
    let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
    let (f, r, n) = (&*f, &*r, &*n);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    py.detach(|| m.log_likelihood(f, r, n, w)).map_err(errors::to_py)
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn bgbb_probability_alive<'py>(
    py: Python<'py>,
    params: [f64; 4],
    m_periods_in_future: f64,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    n_periods: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(params)?;
    let ahead = convert::count("m_periods_in_future", m_periods_in_future, 0)?;
    let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
    let (f, r, n) = (&*f, &*r, &*n);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.probability_alive(ahead, first(f), first(r), first(n)),
        |out| m.probability_alive_into(ahead, f, r, n, out),
    )
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn bgbb_conditional_expected<'py>(
    py: Python<'py>,
    params: [f64; 4],
    m_periods_in_future: f64,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    n_periods: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(params)?;
    let ahead = convert::count("m_periods_in_future", m_periods_in_future, 0)?;
    let (f, r, n) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("n_periods", n_periods)?);
    let (f, r, n) = (&*f, &*r, &*n);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.conditional_expected_transactions(ahead, first(f), first(r), first(n)),
        |out| m.conditional_expected_transactions_into(ahead, f, r, n, out),
    )
}

/// Whole numbers from a scalar or array argument, the error unindexed for a scalar.
fn whole(field: &str, values: &[f64], scalar: bool) -> PyResult<Vec<u64>> {
    if scalar {
        return Ok(vec![convert::count(field, first(values), 0)?]);
    }
    convert::counts(field, values, 0).map_err(errors::to_py)
}

/// E[X(n)] of a new customer for each number of opportunities in `n_periods`.
#[pyfunction]
fn bgbb_expected<'py>(
    py: Python<'py>,
    params: [f64; 4],
    n_periods: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(params)?;
    let ns = whole("n_periods", &vector("n_periods", n_periods)?, scalar)?;
    let out = py.detach(|| ns.into_iter().map(|n| m.expected_transactions(n)).collect::<CoreResult<Vec<f64>>>());
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

/// P(X(n) = x) of a new customer for each count in `x`.
#[pyfunction]
fn bgbb_pmf<'py>(
    py: Python<'py>,
    params: [f64; 4],
    n_periods: f64,
    x: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = model(params)?;
    let n = convert::count("n_periods", n_periods, 0)?;
    let xs = whole("n", &vector("n", x)?, scalar)?;
    let out = py.detach(|| {
        xs.into_iter()
            .enumerate()
            .map(|(i, x)| m.probability_of_transactions(x, n).map_err(|e| if scalar { e } else { at_index(e, i) }))
            .collect::<CoreResult<Vec<f64>>>()
    });
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(bgbb_fit, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_params, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_probability_alive, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_conditional_expected, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_expected, m)?)?;
    m.add_function(wrap_pyfunction!(bgbb_pmf, m)?)?;
    Ok(())
}
