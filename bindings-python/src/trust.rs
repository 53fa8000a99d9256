//! `custometrics.trust`: thin wrappers over `custometrics::trust`. The options arrive as one dict
//! read into the core's `TrustOptions` ([`crate::options`]), the scale given as a `(low, high)`
//! pair and validated by the core's `TrustScale::new`.

use crate::input::{native, vector};
use crate::options::options_with;
use crate::{done, errors};
use custometrics::trust::{self, TrustOptions, TrustRatings, TrustScale};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The trust options given; `nan_policy` only where the function reads it.
fn trust_options(given: Option<&Bound<'_, PyDict>>, reads_nan_policy: bool) -> PyResult<TrustOptions> {
    let keys: &[(&str, &str)] =
        if reads_nan_policy { &[("scale", "scale")] } else { &[("scale", "scale"), ("", "nan_policy")] };
    let (mut o, raw): (TrustOptions, _) = options_with(given, keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        o.scale = TrustScale::new(low, high).map_err(errors::to_py)?;
    }
    Ok(o)
}

#[pyfunction]
fn trust_score(c: f64, r: f64, i: f64, s: f64, given: Option<&Bound<'_, PyDict>>) -> PyResult<f64> {
    trust::trust_score(c, r, i, s, trust_options(given, false)?.scale).map_err(errors::to_py)
}

#[pyfunction]
fn trust_scores<'py>(
    py: Python<'py>,
    c: &Bound<'py, PyAny>,
    r: &Bound<'py, PyAny>,
    i: &Bound<'py, PyAny>,
    s: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let TrustOptions { scale, nan_policy: policy, .. } = trust_options(given, true)?;
    let (c, r, i, s) =
        (native("credibility", c)?, native("reliability", r)?, native("intimacy", i)?, native("self_orientation", s)?);
    let columns = [c.column()?, r.column()?, i.column()?, s.column()?];
    // An uninitialised array would save one write pass, but needs unsafe; zeros costs ~2 ms/10M.
    let out = PyArray1::<f64>::zeros(py, columns[0].len(), false);
    {
        let mut guard = out.readwrite();
        let o = guard.as_slice_mut()?;
        py.detach(|| trust::trust_score_into_of(columns, scale, policy, o)).map_err(errors::to_py)?;
    }
    Ok(out)
}

#[pyfunction]
fn trust_over_raters<'py>(
    py: Python<'py>,
    c: &Bound<'py, PyAny>,
    r: &Bound<'py, PyAny>,
    i: &Bound<'py, PyAny>,
    s: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let scale = trust_options(given, false)?.scale;
    let (c, r, i, s) =
        (vector("credibility", c)?, vector("reliability", r)?, vector("intimacy", i)?, vector("self_orientation", s)?);
    let (c, r, i, s) = (&*c, &*r, &*i, &*s);
    done(py, py.detach(|| trust::trust_over_raters(c, r, i, s, scale)))
}

#[pyfunction]
fn trust_sensitivity<'py>(
    py: Python<'py>,
    c: f64,
    r: f64,
    i: f64,
    s: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let scale = trust_options(given, false)?.scale;
    done(py, TrustRatings::new(c, r, i, s, scale).map(|t| trust::sensitivity(&t, scale)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(trust_score, m)?)?;
    m.add_function(wrap_pyfunction!(trust_scores, m)?)?;
    m.add_function(wrap_pyfunction!(trust_over_raters, m)?)?;
    m.add_function(wrap_pyfunction!(trust_sensitivity, m)?)?;
    Ok(())
}
