//! `custometrics.trust`: thin wrappers over `custometrics::trust`.

use crate::convert;
use crate::input::vector;
use crate::{done, errors};
use custometrics::trust::{self, TrustRatings, TrustScale};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;

fn trust_scale(scale: (f64, f64)) -> PyResult<TrustScale> {
    TrustScale::new(scale.0, scale.1).map_err(errors::to_py)
}

#[pyfunction]
fn trust_score(
    c: f64,
    r: f64,
    i: f64,
    s: f64,
    #[pyo3(from_py_with = crate::input::scale)] scale: (f64, f64),
) -> PyResult<f64> {
    trust::trust_score(c, r, i, s, trust_scale(scale)?).map_err(errors::to_py)
}

#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn trust_scores<'py>(
    py: Python<'py>,
    c: &Bound<'py, PyAny>,
    r: &Bound<'py, PyAny>,
    i: &Bound<'py, PyAny>,
    s: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = crate::input::scale)] scale: (f64, f64),
    nan_policy: &str,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let (scale, policy) = (trust_scale(scale)?, convert::nan_policy(nan_policy)?);
    let (c, r, i, s) =
        (vector("credibility", c)?, vector("reliability", r)?, vector("intimacy", i)?, vector("self_orientation", s)?);
    let (c, r, i, s) = (&*c, &*r, &*i, &*s);
    // An uninitialised array would save one write pass, but needs unsafe; zeros costs ~2 ms/10M.
    let out = PyArray1::<f64>::zeros(py, c.len(), false);
    {
        let mut guard = out.readwrite();
        let o = guard.as_slice_mut()?;
        py.detach(|| trust::trust_scores_into(c, r, i, s, scale, policy, o)).map_err(errors::to_py)?;
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
    #[pyo3(from_py_with = crate::input::scale)] scale: (f64, f64),
) -> PyResult<Bound<'py, PyAny>> {
    let scale = trust_scale(scale)?;
    let (c, r, i, s) =
        (vector("credibility", c)?, vector("reliability", r)?, vector("intimacy", i)?, vector("self_orientation", s)?);
    let (c, r, i, s) = (&*c, &*r, &*i, &*s);
    done(py, py.detach(|| trust::trust_over_raters(c, r, i, s, scale)))
}

#[pyfunction]
fn trust_sensitivity(
    py: Python<'_>,
    c: f64,
    r: f64,
    i: f64,
    s: f64,
    #[pyo3(from_py_with = crate::input::scale)] scale: (f64, f64),
) -> PyResult<Bound<'_, PyAny>> {
    let scale = trust_scale(scale)?;
    done(py, TrustRatings::new(c, r, i, s, scale).map(|t| trust::sensitivity(&t, scale)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(trust_score, m)?)?;
    m.add_function(wrap_pyfunction!(trust_scores, m)?)?;
    m.add_function(wrap_pyfunction!(trust_over_raters, m)?)?;
    m.add_function(wrap_pyfunction!(trust_sensitivity, m)?)?;
    Ok(())
}
