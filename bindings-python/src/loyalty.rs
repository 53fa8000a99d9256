//! `custometrics.loyalty`: thin wrappers over `custometrics::loyalty`. The per-customer classes of
//! the two matrices leave as a uint8 numpy array of codes (the core's discriminants) with the
//! class labels beside them, not as a list of strings. The options arrive as one dict read into
//! the core's options types ([`crate::options`]), the scales given as `(low, high)` pairs.

use crate::convert;
use crate::input::{native, optional, vector};
use crate::options::{options, options_with};
use crate::{done, errors};
use custometrics::loyalty::{self, DickBasuClass, DickBasuOptions, JonesSasserClass, JonesSasserOptions};
use custometrics::satisfaction::Scale;
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

/// `result` as a dict whose `classes` are the codes (a new uint8 array owning `codes`' buffer)
/// and whose `labels` name them: `labels[c]` is the class of code `c`.
pub(crate) fn with_codes<'py, T: Serialize, C: Serialize>(
    py: Python<'py>,
    result: &T,
    codes: Vec<u8>,
    labels: &[C],
) -> PyResult<Bound<'py, PyAny>> {
    let d = convert::to_py(py, result)?;
    d.set_item("classes", PyArray1::from_vec(py, codes))?;
    d.set_item("labels", convert::to_py(py, &labels)?)?;
    Ok(d)
}

#[pyfunction]
fn dick_basu<'py>(
    py: Python<'py>,
    attitude: &Bound<'py, PyAny>,
    patronage: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let DickBasuOptions { attitude_threshold, patronage_threshold, .. } = options(given)?;
    let (a, p) = (native("attitude", attitude)?, native("patronage", patronage)?);
    let (a, p) = (a.column()?, p.column()?);
    let (d, codes) = py
        .detach(|| {
            let mut d = loyalty::dick_basu_of(a, p, attitude_threshold, patronage_threshold)?;
            // In place: a Vec of a one-byte enum becomes a Vec<u8> in the same allocation.
            let codes: Vec<u8> = std::mem::take(&mut d.classes).into_iter().map(|c| c as u8).collect();
            Ok((d, codes))
        })
        .map_err(errors::to_py)?;
    with_codes(py, &d, codes, &DickBasuClass::ALL)
}

#[pyfunction]
fn jones_sasser<'py>(
    py: Python<'py>,
    satisfaction: &Bound<'py, PyAny>,
    loyalty: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("satisfaction_scale", "satisfaction_scale"), ("loyalty_scale", "loyalty_scale")];
    let (mut options, raw): (JonesSasserOptions, _) = options_with(given, &keys)?;
    // validated by the core, which names the scale
    if let Some((min, max)) = raw.pair("satisfaction_scale")? {
        options.satisfaction_scale = Scale { min, max };
    }
    if let Some((min, max)) = raw.pair("loyalty_scale")? {
        options.loyalty_scale = Scale { min, max };
    }
    let (s, l) = (native("satisfaction", satisfaction)?, native("loyalty", loyalty)?);
    let (s, l) = (s.column()?, l.column()?);
    let (j, codes) = py
        .detach(|| {
            let mut j = loyalty::jones_sasser_of(s, l, &options)?;
            let codes: Vec<u8> = std::mem::take(&mut j.classes).into_iter().map(|c| c as u8).collect();
            Ok((j, codes))
        })
        .map_err(errors::to_py)?;
    with_codes(py, &j, codes, &JonesSasserClass::ALL)
}

#[pyfunction]
#[pyo3(signature = (previous, current, first_purchase, last_purchase))]
fn loyalty_indicators<'py>(
    py: Python<'py>,
    previous: &Bound<'py, PyAny>,
    current: &Bound<'py, PyAny>,
    first_purchase: Option<&Bound<'py, PyAny>>,
    last_purchase: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (p, c) = (vector("previous", previous)?, vector("current", current)?);
    let (f, l) = (optional("first_purchase", first_purchase)?, optional("last_purchase", last_purchase)?);
    let (p, c, f, l) = (&*p, &*c, f.as_deref(), l.as_deref());
    done(py, py.detach(|| loyalty::loyalty_indicators(p, c, f, l)))
}

#[pyfunction]
fn loyalty_index<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    done(py, loyalty::loyalty_index(&vector("scores", scores)?, &vector("weights", weights)?))
}

#[pyfunction]
fn normalised_score(value: f64, worst: f64, best: f64) -> PyResult<f64> {
    loyalty::normalised_score(value, worst, best).map_err(errors::to_py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("DICK_BASU_CLASSES", convert::to_py(py, &DickBasuClass::ALL)?)?;
    m.add("JONES_SASSER_CLASSES", convert::to_py(py, &JonesSasserClass::ALL)?)?;
    m.add("LOYALTY_MEASURES", convert::to_py(py, &loyalty::LoyaltyMeasure::ALL)?)?;
    // code → the code of its quadrant (apostles are loyalists, terrorists defectors), as bytes
    let quadrant: Vec<u8> = JonesSasserClass::ALL.iter().map(|c| c.quadrant() as u8).collect();
    m.add("JONES_SASSER_QUADRANT", quadrant)?;
    m.add_function(wrap_pyfunction!(dick_basu, m)?)?;
    m.add_function(wrap_pyfunction!(jones_sasser, m)?)?;
    m.add_function(wrap_pyfunction!(loyalty_indicators, m)?)?;
    m.add_function(wrap_pyfunction!(loyalty_index, m)?)?;
    m.add_function(wrap_pyfunction!(normalised_score, m)?)?;
    Ok(())
}
