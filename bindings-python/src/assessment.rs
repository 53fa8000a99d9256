//! `custometrics.assessment`: thin wrappers over `custometrics::assessment`. Instruments, frames
//! and options arrive as the core's serde form (the Python layer's dataclasses `to_dict()`, the
//! keywords the caller gave) and are read straight into the core's types, whose `Default`s are
//! the only defaults; the options are read by the extension's one reader, [`crate::options`].

use crate::input::{matrix, vector};
use crate::options::options;
use crate::{done, errors};
use custometrics::assessment::{
    self as ass, AhpOptions, DecisionOptions, ExcellenceOptions, Frame, FrameItem, Instrument, OrientationOptions,
};
use custometrics::{Error, Location, Matrix};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::de::DeserializeOwned;

/// `obj` (the core's serde form, as plain Python data) as the core type `T`, or an `invalid`
/// error naming `field` and saying what was expected.
fn read<T: DeserializeOwned>(field: &str, obj: &Bound<'_, PyAny>, expected: &str) -> PyResult<T> {
    pythonize::depythonize::<T>(obj).map_err(|e| {
        errors::to_py(Error::Invalid { at: Location::scalar(field), value: e.to_string(), expected: expected.into() })
    })
}

fn instrument(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Instrument> {
    obj.map_or_else(
        || Ok(ass::ORIENTATION.clone()),
        |o| read("instrument", o, "an Instrument: id, title, scale, categories of statements"),
    )
}

fn frame(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Frame> {
    obj.map_or_else(|| Ok(ass::GBT19580.clone()), |o| read("frame", o, "a Frame: id, title, categories of items"))
}

/// The shipped customer-orientation instrument as plain data.
#[pyfunction]
fn orientation_instrument(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    done(py, Ok(&*ass::ORIENTATION))
}

/// The GB/T 19580 frame as plain data.
#[pyfunction]
fn gbt19580_frame(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    done(py, Ok(&*ass::GBT19580))
}

#[pyfunction]
fn instrument_from_counts<'py>(
    py: Python<'py>,
    categories: Vec<(String, f64)>,
    low: &Bound<'py, PyAny>,
    high: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let counts = categories
        .iter()
        .enumerate()
        .map(|(i, (id, n))| {
            let n = crate::convert::count_in("categories", i, *n, 0)?;
            Ok((id.as_str(), usize::try_from(n).unwrap_or(usize::MAX)))
        })
        .collect::<PyResult<Vec<_>>>()?;
    let (low, high) = (crate::input::uint::<u32>("low", low)?, crate::input::uint::<u32>("high", high)?);
    done(py, Instrument::from_counts(&counts, low, high))
}

#[pyfunction]
fn frame_with_items<'py>(
    py: Python<'py>,
    frame_data: &Bound<'py, PyAny>,
    category: &str,
    items: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let f = frame(Some(frame_data))?;
    let items: Vec<FrameItem> = read("items", items, "a list of FrameItem: id, name {en, zh}, points")?;
    done(py, f.with_items(category, items))
}

#[pyfunction]
#[pyo3(signature = (answers, columns, instrument_data, groups, given))]
fn orientation<'py>(
    py: Python<'py>,
    answers: &Bound<'py, PyAny>,
    columns: Option<Vec<String>>,
    instrument_data: Option<&Bound<'py, PyAny>>,
    groups: Option<Vec<String>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = instrument(instrument_data)?;
    let opts: OrientationOptions = options(given)?;
    let a = matrix("answers", answers)?;
    let (data, cols) = (&*a, a.cols());
    let r = py.detach(|| {
        let m = Matrix::new("answers", data, cols)?;
        match &columns {
            Some(c) => {
                let aligned = inst.align(c, &m)?;
                ass::orientation(&Matrix::new("answers", &aligned, inst.items())?, &inst, groups.as_deref(), &opts)
            }
            None => ass::orientation(&m, &inst, groups.as_deref(), &opts),
        }
    });
    done(py, r)
}

#[pyfunction]
#[pyo3(signature = (scores, columns, frame_data, given))]
fn excellence<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    columns: Option<Vec<String>>,
    frame_data: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let f = frame(frame_data)?;
    let opts: ExcellenceOptions = options(given)?;
    let s = matrix("scores", scores)?;
    let (data, cols) = (&*s, s.cols());
    let r = py.detach(|| {
        let m = Matrix::new("scores", data, cols)?;
        match &columns {
            Some(c) => {
                let aligned = f.align(c, &m)?;
                ass::excellence(&Matrix::new("scores", &aligned, f.units().len())?, &f, &opts)
            }
            None => ass::excellence(&m, &f, &opts),
        }
    });
    done(py, r)
}

#[pyfunction]
#[pyo3(signature = (scores, weights, given))]
fn decision<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: DecisionOptions = options(given)?;
    let s = matrix("scores", scores)?;
    let w = vector("weights", weights)?;
    let (data, cols, w) = (&*s, s.cols(), &*w);
    done(py, py.detach(|| ass::decision(&Matrix::new("scores", data, cols)?, w, &opts)))
}

#[pyfunction]
#[pyo3(signature = (pairwise, given))]
fn ahp<'py>(
    py: Python<'py>,
    pairwise: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: AhpOptions = options(given)?;
    let p = matrix("pairwise", pairwise)?;
    let (data, cols) = (&*p, p.cols());
    done(py, py.detach(|| ass::ahp(&Matrix::new("pairwise", data, cols)?, &opts)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(orientation_instrument, m)?)?;
    m.add_function(wrap_pyfunction!(gbt19580_frame, m)?)?;
    m.add_function(wrap_pyfunction!(instrument_from_counts, m)?)?;
    m.add_function(wrap_pyfunction!(frame_with_items, m)?)?;
    m.add_function(wrap_pyfunction!(orientation, m)?)?;
    m.add_function(wrap_pyfunction!(excellence, m)?)?;
    m.add_function(wrap_pyfunction!(decision, m)?)?;
    m.add_function(wrap_pyfunction!(ahp, m)?)?;
    Ok(())
}
