//! The continuous-time transaction models — BG/NBD, MBG/NBD, Pareto/NBD — and CLV from one of
//! them with Gamma-Gamma. The Python classes (`BetaGeo`, `ModifiedBetaGeo`, `ParetoNBD`) keep
//! their four parameters and call these with their class name and parameters; each call
//! rebuilds the core model (four comparisons). Per-customer predictions are written by the
//! core's `_into` kernels straight into a new numpy array (or the caller's `out`) with the GIL
//! released; `scalar` says the caller passed one customer as plain numbers, so that the scalar
//! core function (whose errors name no index) answers.

use super::{fit_options, gamma_gamma};
use crate::convert;
use crate::input::{optional, vector};
use crate::{done, errors};
use custometrics::retention::models::{
    BetaGeo, MatrixExtent, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TimeUnit, TransactionModel,
    customer_lifetime_value_into,
};
use custometrics::{Error, Location, Result as CoreResult};
use numpy::{PyArray1, PyArray2, PyArrayMethods};
use pyo3::prelude::*;

/// A model by its Python class name.
enum Model {
    Bg(BetaGeo),
    Mbg(ModifiedBetaGeo),
    Pnbd(ParetoNbd),
}

impl Model {
    fn new(kind: &str, [p0, p1, p2, p3]: [f64; 4]) -> PyResult<Model> {
        let m = match kind {
            "BetaGeo" => BetaGeo::new(p0, p1, p2, p3).map(Model::Bg),
            "ModifiedBetaGeo" => ModifiedBetaGeo::new(p0, p1, p2, p3).map(Model::Mbg),
            "ParetoNBD" => ParetoNbd::new(p0, p1, p2, p3).map(Model::Pnbd),
            other => return Err(unknown(other)),
        };
        m.map_err(errors::to_py)
    }

    fn get(&self) -> &dyn TransactionModel {
        match self {
            Model::Bg(m) => m,
            Model::Mbg(m) => m,
            Model::Pnbd(m) => m,
        }
    }
}

fn unknown(kind: &str) -> PyErr {
    errors::to_py(Error::Invalid {
        at: Location::scalar("model"),
        value: format!("{kind:?}"),
        expected: "one of \"BetaGeo\", \"ModifiedBetaGeo\", \"ParetoNBD\"".into(),
    })
}

/// `NotFinite`/`OutOfRange` from a scalar check, placed at element `i` of an array argument.
pub(crate) fn at_index(e: Error, i: usize) -> Error {
    match e {
        Error::NotFinite { at, value } => Error::NotFinite { at: Location::at(at.field, i), value },
        Error::OutOfRange { at, value, expected } => {
            Error::OutOfRange { at: Location::at(at.field, i), value, expected }
        }
        e => e,
    }
}

/// `out` (or a new float64 array when it is `None`) with its `n` elements filled by `many`
/// with the GIL released, or — for one customer given as numbers — a new array holding the
/// result of `one`.
pub(crate) fn predict<'py>(
    py: Python<'py>,
    n: usize,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
    one: impl FnOnce() -> CoreResult<f64> + Send,
    many: impl FnOnce(&mut [f64]) -> CoreResult<()> + Send,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    if scalar {
        if let Some(out) = out {
            return Err(bad_out(&out, "None (one customer given as numbers gets a float back)"));
        }
        let v = py.detach(one).map_err(errors::to_py)?;
        return Ok(PyArray1::from_vec(py, vec![v]));
    }
    fill(py, n, out, many)
}

/// `out` — or, when it is `None`, a new float64 array of `n` elements — filled by `many` with
/// the GIL released. A given `out` must be a writable, C-contiguous 1-D float64 numpy array that
/// is none of the inputs; the core checks its length. It spares the allocation, and the kernel's
/// first touch of fresh pages, which for ten million customers costs a fifth of P(alive)'s time.
pub(crate) fn fill<'py>(
    py: Python<'py>,
    n: usize,
    out: Option<Bound<'py, PyAny>>,
    many: impl FnOnce(&mut [f64]) -> CoreResult<()> + Send,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    const EXPECTED: &str =
        "a writable, C-contiguous 1-D float64 numpy array, one element per customer, that is not an input";
    let out = match out {
        None => PyArray1::<f64>::zeros(py, n, false),
        Some(given) => given.cast_into::<PyArray1<f64>>().map_err(|e| bad_out(e.into_inner().as_any(), EXPECTED))?,
    };
    {
        let mut guard = out.try_readwrite().map_err(|_| bad_out(out.as_any(), EXPECTED))?;
        let o = guard.as_slice_mut().map_err(|_| bad_out(out.as_any(), EXPECTED))?;
        py.detach(|| many(o)).map_err(errors::to_py)?;
    }
    Ok(out)
}

/// The `invalid` error for an `out` argument that cannot take the results.
fn bad_out(out: &Bound<'_, PyAny>, expected: &str) -> PyErr {
    let attr = |name: &str| out.getattr(name).and_then(|v| v.str()).map(|v| v.to_string());
    let value = match (attr("dtype"), attr("shape")) {
        (Ok(dtype), Ok(shape)) => {
            let flags = |name: &str| out.getattr("flags").and_then(|f| f.getattr(name)).and_then(|v| v.is_truthy());
            let (contiguous, writable) = (flags("c_contiguous").unwrap_or(false), flags("writeable").unwrap_or(false));
            format!(
                "an array of {dtype}, shape {shape}{}{}",
                if contiguous { "" } else { ", not C-contiguous" },
                if writable { "" } else { ", read-only" }
            )
        }
        _ => out.get_type().name().map_or_else(|_| "an object".into(), |n| format!("a {n}")),
    };
    errors::to_py(Error::Invalid { at: Location::scalar("out"), value, expected: expected.into() })
}

#[pyfunction]
#[pyo3(signature = (model, frequency, recency, t, weights, penalizer, max_iterations, tolerance, initial, require_convergence))]
#[allow(clippy::too_many_arguments)]
fn tm_fit<'py>(
    py: Python<'py>,
    model: &str,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    penalizer: f64,
    max_iterations: f64,
    tolerance: f64,
    initial: Option<Vec<f64>>,
    require_convergence: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = fit_options(penalizer, max_iterations, tolerance, initial, require_convergence)?;
    let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
    let (f, r, t) = (&*f, &*r, &*t);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    let fit = match model {
        "BetaGeo" => done(py, py.detach(|| BetaGeo::fit(f, r, t, w, &opts)))?,
        "ModifiedBetaGeo" => done(py, py.detach(|| ModifiedBetaGeo::fit(f, r, t, w, &opts)))?,
        "ParetoNBD" => done(py, py.detach(|| ParetoNbd::fit(f, r, t, w, &opts)))?,
        other => return Err(unknown(other)),
    };
    // lifetimes' defaults of conditional_probability_alive_matrix, kept with the fit.
    let extent = py.detach(|| MatrixExtent::from_data(f, r, t)).map_err(errors::to_py)?;
    fit.set_item("matrix_extent", convert::to_py(py, &extent)?)?;
    Ok(fit)
}

/// The parameters, validated, with their names.
#[pyfunction]
fn tm_params<'py>(py: Python<'py>, model: &str, params: [f64; 4]) -> PyResult<Bound<'py, PyAny>> {
    match Model::new(model, params)? {
        Model::Bg(m) => convert::to_py(py, &m),
        Model::Mbg(m) => convert::to_py(py, &m),
        Model::Pnbd(m) => convert::to_py(py, &m),
    }
}

#[pyfunction]
fn tm_log_likelihood<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
) -> PyResult<f64> {
    let m = Model::new(model, params)?;
    let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
    let (f, r, t) = (&*f, &*r, &*t);
    let w = optional("weights", weights)?;
    let w = w.as_deref();
    let ll = py.detach(|| match &m {
        Model::Bg(m) => m.log_likelihood(f, r, t, w),
        Model::Mbg(m) => m.log_likelihood(f, r, t, w),
        Model::Pnbd(m) => m.log_likelihood(f, r, t, w),
    });
    ll.map_err(errors::to_py)
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn tm_probability_alive<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
    let (f, r, t) = (&*f, &*r, &*t);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.probability_alive(first(f), first(r), first(t)),
        |out| m.probability_alive_into(f, r, t, out),
    )
}

/// The first element (the one customer of a scalar call; NaN if there is none, which the core
/// rejects).
pub(crate) fn first(a: &[f64]) -> f64 {
    a.first().copied().unwrap_or(f64::NAN)
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn tm_conditional_expected<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    horizon: f64,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
    let (f, r, t) = (&*f, &*r, &*t);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.conditional_expected_transactions(horizon, first(f), first(r), first(t)),
        |out| m.conditional_expected_transactions_into(horizon, f, r, t, out),
    )
}

/// E[X(t)] for each horizon in `t`.
#[pyfunction]
fn tm_expected<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    t: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let t = vector("t", t)?;
    let t = &*t;
    let out = py.detach(|| {
        t.iter()
            .enumerate()
            .map(|(i, &ti)| m.expected_transactions(ti).map_err(|e| if scalar { e } else { at_index(e, i) }))
            .collect::<CoreResult<Vec<f64>>>()
    });
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

/// P(X(t) = n) for each count in `n`.
#[pyfunction]
fn tm_pmf<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    t: f64,
    n: &Bound<'py, PyAny>,
    scalar: bool,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let n = vector("n", n)?;
    let n = &*n;
    let ns = if scalar {
        vec![convert::count("n", first(n), 0)?]
    } else {
        convert::counts("n", n, 0).map_err(errors::to_py)?
    };
    let out =
        py.detach(|| ns.into_iter().map(|k| m.probability_of_transactions(k, t)).collect::<CoreResult<Vec<f64>>>());
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}

/// P(alive) on the grid recency 0..=`max_recency` × frequency 0..=`max_frequency`, every
/// customer `max_recency` old, as a 2-D array `[recency, frequency]` (lifetimes'
/// `conditional_probability_alive_matrix`); an argument not given comes from `fitted`, the
/// extent of the data the model was fitted on.
#[pyfunction]
fn tm_probability_alive_matrix<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    max_frequency: Option<f64>,
    max_recency: Option<f64>,
    fitted: Option<(u64, u64)>,
) -> PyResult<Bound<'py, PyArray2<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let max_f = max_frequency.map(|v| convert::count("max_frequency", v, 0)).transpose()?;
    let max_r = max_recency.map(|v| convert::count("max_recency", v, 0)).transpose()?;
    let fitted = fitted.map(|(max_frequency, max_recency)| MatrixExtent { max_frequency, max_recency });
    let e = MatrixExtent::resolve(max_f, max_r, fitted).map_err(errors::to_py)?;
    let grid = py.detach(|| m.probability_alive_matrix(e.max_frequency, e.max_recency)).map_err(errors::to_py)?;
    let shape = [grid.n_rows(), grid.n_cols()];
    PyArray1::from_vec(py, grid.probabilities).reshape(shape)
}

/// P(Y(t) = n | history) of each customer under Pareto/NBD (lifetimes'
/// `ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time`).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn pnbd_conditional_pmf<'py>(
    py: Python<'py>,
    params: [f64; 4],
    n: f64,
    horizon: f64,
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    scalar: bool,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let [r, alpha, s, beta] = params;
    let m = ParetoNbd::new(r, alpha, s, beta).map_err(errors::to_py)?;
    let n = convert::count("n", n, 0)?;
    let (f, r, t) = (vector("frequency", frequency)?, vector("recency", recency)?, vector("T", t)?);
    let (f, r, t) = (&*f, &*r, &*t);
    predict(
        py,
        f.len(),
        scalar,
        out,
        || m.conditional_probability_of_transactions(n, horizon, first(f), first(r), first(t)),
        |out| m.conditional_probability_of_transactions_into(n, horizon, f, r, t, out),
    )
}

/// Discounted expected spend over `months` months (lifetimes' `customer_lifetime_value`).
#[pyfunction]
#[pyo3(signature = (model, params, spend, frequency, recency, t, monetary_value, months, discount_rate, freq, out))]
#[allow(clippy::too_many_arguments)]
fn tm_customer_lifetime_value<'py>(
    py: Python<'py>,
    model: &str,
    params: [f64; 4],
    spend: [f64; 3],
    frequency: &Bound<'py, PyAny>,
    recency: &Bound<'py, PyAny>,
    t: &Bound<'py, PyAny>,
    monetary_value: &Bound<'py, PyAny>,
    months: f64,
    discount_rate: f64,
    freq: &str,
    out: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let m = Model::new(model, params)?;
    let m = m.get();
    let gg = gamma_gamma::model(spend)?;
    let months = u32::try_from(convert::count("time", months, 0)?).map_err(|_| {
        errors::to_py(Error::OutOfRange {
            at: Location::scalar("time"),
            value: months,
            expected: "the integers 0..=4294967295 (months)".into(),
        })
    })?;
    let opts = ModelClvOptions { months, discount_rate, time_unit: TimeUnit::parse(freq).map_err(errors::to_py)? };
    let (f, r, t, mv) = (
        vector("frequency", frequency)?,
        vector("recency", recency)?,
        vector("T", t)?,
        vector("monetary_value", monetary_value)?,
    );
    let (f, r, t, mv) = (&*f, &*r, &*t, &*mv);
    fill(py, f.len(), out, |out| customer_lifetime_value_into(m, &gg, f, r, t, mv, &opts, out))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(tm_fit, m)?)?;
    m.add_function(wrap_pyfunction!(tm_params, m)?)?;
    m.add_function(wrap_pyfunction!(tm_log_likelihood, m)?)?;
    m.add_function(wrap_pyfunction!(tm_probability_alive, m)?)?;
    m.add_function(wrap_pyfunction!(tm_conditional_expected, m)?)?;
    m.add_function(wrap_pyfunction!(tm_expected, m)?)?;
    m.add_function(wrap_pyfunction!(tm_pmf, m)?)?;
    m.add_function(wrap_pyfunction!(tm_probability_alive_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(pnbd_conditional_pmf, m)?)?;
    m.add_function(wrap_pyfunction!(tm_customer_lifetime_value, m)?)?;
    Ok(())
}
