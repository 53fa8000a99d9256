//! Retention economics: rates, CLV, customer equity, retention impact, payback. Money enters as
//! any Python amount ([`convert::money`]) and leaves as a decimal string that the Python layer
//! turns into `decimal.Decimal`. The valuation options (discount, growth, horizon, timing) arrive
//! as one dict read into the core's `ClvOptions` ([`crate::options`]).

use crate::convert::{self, money};
use crate::input::vector;
use crate::options::{options, options_with};
use crate::{done, errors};
use custometrics::retention::{self as ret, ClvOptions, Cohort};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

#[pyfunction]
fn churn_from_retention(retention: f64) -> PyResult<f64> {
    ret::churn_from_retention(retention).map_err(errors::to_py)
}

#[pyfunction]
fn retention_from_churn(churn: f64) -> PyResult<f64> {
    ret::retention_from_churn(churn).map_err(errors::to_py)
}

#[pyfunction]
fn convert_retention(retention: f64, from_length: f64, to_length: f64) -> PyResult<f64> {
    ret::convert_retention(retention, from_length, to_length).map_err(errors::to_py)
}

#[pyfunction]
fn convert_churn(churn: f64, from_length: f64, to_length: f64) -> PyResult<f64> {
    ret::convert_churn(churn, from_length, to_length).map_err(errors::to_py)
}

#[pyfunction]
fn expected_lifetime(retention: f64) -> PyResult<f64> {
    ret::expected_lifetime(retention).map_err(errors::to_py)
}

#[pyfunction]
fn clv_closed_form(margin: &Bound<'_, PyAny>, retention: f64, given: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
    let (o, _): (ClvOptions, _) = options_with(given, &[("", "growth"), ("", "horizon")])?;
    let v = ret::clv_closed_form(money("margin", margin)?, retention, o.discount, o.timing).map_err(errors::to_py)?;
    Ok(v.to_string())
}

#[pyfunction]
fn clv<'py>(
    py: Python<'py>,
    margin: &Bound<'py, PyAny>,
    retention: f64,
    acquisition_cost: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: ClvOptions = options(given)?;
    let (m, c) = (money("margin", margin)?, money("acquisition_cost", acquisition_cost)?);
    done(py, ret::clv(m, retention, c, &opts))
}

#[pyfunction]
fn clv_many<'py>(
    py: Python<'py>,
    margins: &Bound<'py, PyAny>,
    retention: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let opts: ClvOptions = options(given)?;
    let (m, r) = (vector("margins", margins)?, vector("retention", retention)?);
    let (m, r) = (&*m, &*r);
    let out = PyArray1::<f64>::zeros(py, m.len(), false);
    {
        let mut guard = out.readwrite();
        let o = guard.as_slice_mut()?;
        py.detach(|| ret::clv_into(m, r, &opts, o)).map_err(errors::to_py)?;
    }
    Ok(out)
}

/// One cohort as the Python layer passes it: (customers, margin, retention, acquisition_cost,
/// acquired_in).
type CohortTuple<'py> = (f64, Bound<'py, PyAny>, f64, Bound<'py, PyAny>, f64);

#[pyfunction]
fn customer_equity<'py>(
    py: Python<'py>,
    cohorts: Vec<CohortTuple<'py>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: ClvOptions = options(given)?;
    let cohorts = cohorts
        .iter()
        .enumerate()
        .map(|(i, (customers, margin, retention, cost, acquired_in))| {
            Ok(Cohort {
                customers: convert::count_in("customers", i, *customers, 0)?,
                margin: convert::money_in("margin", i, margin)?,
                retention: *retention,
                acquisition_cost: convert::money_in("acquisition_cost", i, cost)?,
                acquired_in: convert::count_in("acquired_in", i, *acquired_in, 0)?,
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    done(py, ret::customer_equity(&cohorts, &opts))
}

#[pyfunction]
fn retention_impact<'py>(
    py: Python<'py>,
    margin: &Bound<'py, PyAny>,
    retention: f64,
    change: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: ClvOptions = options(given)?;
    done(py, ret::retention_impact(money("margin", margin)?, retention, change, &opts))
}

#[pyfunction]
fn cost_ratio(acquisition_cost: &Bound<'_, PyAny>, retention_cost: &Bound<'_, PyAny>) -> PyResult<f64> {
    let (a, r) = (money("acquisition_cost", acquisition_cost)?, money("retention_cost", retention_cost)?);
    ret::cost_ratio(a, r).map_err(errors::to_py)
}

#[pyfunction]
fn break_even_retention_spend<'py>(
    py: Python<'py>,
    margin: &Bound<'py, PyAny>,
    retention: f64,
    lift: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: ClvOptions = options(given)?;
    done(py, ret::break_even_retention_spend(money("margin", margin)?, retention, lift, &opts))
}

#[pyfunction]
fn payback<'py>(
    py: Python<'py>,
    acquisition_cost: &Bound<'py, PyAny>,
    margin: &Bound<'py, PyAny>,
    retention: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: ClvOptions = options(given)?;
    let (a, m) = (money("acquisition_cost", acquisition_cost)?, money("margin", margin)?);
    done(py, ret::payback(a, m, retention, &opts))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(churn_from_retention, m)?)?;
    m.add_function(wrap_pyfunction!(retention_from_churn, m)?)?;
    m.add_function(wrap_pyfunction!(convert_retention, m)?)?;
    m.add_function(wrap_pyfunction!(convert_churn, m)?)?;
    m.add_function(wrap_pyfunction!(expected_lifetime, m)?)?;
    m.add_function(wrap_pyfunction!(clv_closed_form, m)?)?;
    m.add_function(wrap_pyfunction!(clv, m)?)?;
    m.add_function(wrap_pyfunction!(clv_many, m)?)?;
    m.add_function(wrap_pyfunction!(customer_equity, m)?)?;
    m.add_function(wrap_pyfunction!(retention_impact, m)?)?;
    m.add_function(wrap_pyfunction!(cost_ratio, m)?)?;
    m.add_function(wrap_pyfunction!(break_even_retention_spend, m)?)?;
    m.add_function(wrap_pyfunction!(payback, m)?)?;
    Ok(())
}
