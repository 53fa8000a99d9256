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

/// Which trust options a function reads besides the scale.
#[derive(Clone, Copy, PartialEq)]
enum Reads {
    Scale,
    NanPolicy,
    Survey,
}

/// The trust options given; `nan_policy` and `confidence` only where the function reads them.
fn trust_options(given: Option<&Bound<'_, PyDict>>, reads: Reads) -> PyResult<TrustOptions> {
    let keys: &[(&str, &str)] = match reads {
        Reads::Scale => &[("scale", "scale"), ("", "nan_policy"), ("", "confidence")],
        Reads::NanPolicy => &[("scale", "scale"), ("", "confidence")],
        Reads::Survey => &[("scale", "scale")],
    };
    let (mut o, raw): (TrustOptions, _) = options_with(given, keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        o.scale = TrustScale::new(low, high).map_err(errors::to_py)?;
    }
    Ok(o)
}

#[pyfunction]
fn trust_score(c: f64, r: f64, i: f64, s: f64, given: Option<&Bound<'_, PyDict>>) -> PyResult<f64> {
    trust::trust_score(c, r, i, s, trust_options(given, Reads::Scale)?.scale).map_err(errors::to_py)
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
    let TrustOptions { scale, nan_policy: policy, .. } = trust_options(given, Reads::NanPolicy)?;
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
    let scale = trust_options(given, Reads::Scale)?.scale;
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
    let scale = trust_options(given, Reads::Scale)?.scale;
    done(py, TrustRatings::new(c, r, i, s, scale).map(|t| trust::sensitivity(&t, scale)))
}

/// The mean T per segment and in total, weighted or not: `{segments: [Mean | None], total: Mean}`.
#[pyfunction]
#[pyo3(signature = (c, r, i, s, weights, segments, n_segments, given))]
#[allow(clippy::too_many_arguments)]
fn trust_survey<'py>(
    py: Python<'py>,
    c: &Bound<'py, PyAny>,
    r: &Bound<'py, PyAny>,
    i: &Bound<'py, PyAny>,
    s: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o = trust_options(given, Reads::Survey)?;
    let (c, r, i, s) =
        (native("credibility", c)?, native("reliability", r)?, native("intimacy", i)?, native("self_orientation", s)?);
    let columns = [c.column()?, r.column()?, i.column()?, s.column()?];
    let survey = crate::satisfaction::Survey::read(weights, segments, n_segments)?;
    let d = survey.design()?;
    done(py, py.detach(|| trust::trust_survey(columns, &d, &o)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(trust_survey, m)?)?;
    m.add_function(wrap_pyfunction!(trust_score, m)?)?;
    m.add_function(wrap_pyfunction!(trust_scores, m)?)?;
    m.add_function(wrap_pyfunction!(trust_over_raters, m)?)?;
    m.add_function(wrap_pyfunction!(trust_sensitivity, m)?)?;
    Ok(())
}
