//! A transaction log to the per-customer frequency / recency / T / monetary summary. The Python
//! layer hands over ids as an int64 or uint64 array or a list of str, and times as the int64 view
//! of a datetime64 array with its units per second; the columns come back as numpy arrays. The
//! options arrive as one dict read into the core's `SummaryOptions` ([`crate::options`]), the
//! period as lifetimes' `freq` code.

use crate::errors;
use crate::input::optional;
use crate::options::options_with;
use custometrics::retention::{Period, Summary, SummaryOptions, summary_from_transactions as summarise};
use custometrics::{Error, Location};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1};
use pyo3::IntoPyObjectExt;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::hash::Hash;

/// The period `p` (in seconds) in time units of which there are `units_per_second` in a second (1
/// for datetime64[s], 10⁹ for datetime64[ns]), so the times are used as they are, without a copy.
fn period(p: Period, units_per_second: i64) -> Result<Period, Error> {
    let scale = |x: i64| x.checked_mul(units_per_second);
    match (scale(p.length), scale(p.origin)) {
        (Some(length), Some(origin)) => Period::new(length, origin),
        _ => Err(Error::OutOfRange {
            at: Location::scalar("freq"),
            value: units_per_second as f64,
            expected: "a period that fits in 64-bit time units".into(),
        }),
    }
}

/// NaT (the int64 minimum in a datetime64 array) as the library's `not_finite`.
fn no_nat(times: &[i64]) -> Result<(), Error> {
    match times.iter().position(|t| *t == i64::MIN) {
        Some(i) => Err(Error::NotFinite { at: Location::at("times", i), value: f64::NAN }),
        None => Ok(()),
    }
}

fn columns<'py, K>(py: Python<'py>, s: Summary<K>, ids: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let col = |v: Vec<f64>| PyArray1::from_vec(py, v).into_any();
    let opt = |v: Option<Vec<f64>>| v.map(col);
    d.set_item("customer_id", ids)?;
    d.set_item("frequency", col(s.frequency))?;
    d.set_item("recency", col(s.recency))?;
    d.set_item("T", col(s.t))?;
    d.set_item("monetary_value", opt(s.monetary_value))?;
    d.set_item("frequency_holdout", opt(s.frequency_holdout))?;
    d.set_item("monetary_value_holdout", opt(s.monetary_value_holdout))?;
    d.set_item("duration_holdout", opt(s.duration_holdout))?;
    Ok(d)
}

fn run<K>(py: Python<'_>, ids: &[K], times: &[i64], values: Option<&[f64]>, o: &SummaryOptions) -> PyResult<Summary<K>>
where
    K: Clone + Eq + Hash + Ord + Send + Sync,
{
    py.detach(|| {
        no_nat(times)?;
        summarise(ids, times, values, o)
    })
    .map_err(errors::to_py)
}

#[pyfunction]
fn summary_from_transactions<'py>(
    py: Python<'py>,
    customers: &Bound<'py, PyAny>,
    times: PyReadonlyArray1<'py, i64>,
    units_per_second: i64,
    values: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (mut o, raw): (SummaryOptions, _) = options_with(given, &[("freq", "period")])?;
    let seconds = match raw.word("freq")? {
        Some(freq) => Period::parse(&freq).map_err(errors::to_py)?,
        None => o.period,
    };
    o.period = period(seconds, units_per_second).map_err(errors::to_py)?;
    let t = times.as_slice()?;
    let v = optional("values", values)?;
    let v = v.as_deref();
    if let Ok(a) = customers.cast::<PyArray1<i64>>() {
        let ids = a.readonly();
        let mut s = run(py, ids.as_slice()?, t, v, &o)?;
        let out = PyArray1::from_vec(py, std::mem::take(&mut s.customer_id)).into_any();
        columns(py, s, out)
    } else if let Ok(a) = customers.cast::<PyArray1<u64>>() {
        let ids = a.readonly();
        let mut s = run(py, ids.as_slice()?, t, v, &o)?;
        let out = PyArray1::from_vec(py, std::mem::take(&mut s.customer_id)).into_any();
        columns(py, s, out)
    } else {
        let ids: Vec<String> = customers.extract()?;
        let mut s = run(py, &ids, t, v, &o)?;
        let out = std::mem::take(&mut s.customer_id).into_bound_py_any(py)?;
        columns(py, s, out)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(summary_from_transactions, m)?)?;
    Ok(())
}
