//! Conversions at the Python edge: numpy-viewable inputs to slices (no copy when the dtype and
//! layout already fit), core results to Python objects.

use numpy::{AllowTypeChange, PyArrayLike1, PyArrayLike2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use serde::Serialize;
use std::borrow::Cow;

/// Anything numpy can view as a 1-D float64 array: lists, ints, pandas/polars Series.
pub type Array1<'py> = PyArrayLike1<'py, f64, AllowTypeChange>;
/// Anything numpy can view as a 2-D float64 array.
pub type Array2<'py> = PyArrayLike2<'py, f64, AllowTypeChange>;

/// The array's data: borrowed when contiguous, copied from a strided view otherwise.
pub fn slice<'a>(a: &'a Array1<'_>) -> Cow<'a, [f64]> {
    match a.as_slice() {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(a.as_array().to_vec()),
    }
}

/// A 2-D array's data in row-major order, with its column count.
pub fn matrix<'a>(a: &'a Array2<'_>) -> (Cow<'a, [f64]>, usize) {
    let cols = a.shape()[1];
    match a.as_slice() {
        Ok(s) => (Cow::Borrowed(s), cols),
        Err(_) => (Cow::Owned(a.as_array().iter().copied().collect()), cols),
    }
}

/// A core result as plain Python data (dicts, lists, floats); the Python layer wraps it in a
/// frozen dataclass.
pub fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, value)?)
}

/// The core's NaN policy from its scipy word.
pub fn nan_policy(word: &str) -> PyResult<custometrics::NanPolicy> {
    custometrics::NanPolicy::parse(word).map_err(crate::errors::to_py)
}
