//! Results out to Python: per-customer predictions written by the core's `_into` kernels straight
//! into a new numpy array (or the caller's `out`) with the GIL released, and the small rules
//! shared by the model classes for one customer given as numbers (`scalar`: the scalar core
//! function answers, its errors naming no index).

use crate::{convert, errors};
use custometrics::{Error, Location, Result as CoreResult};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;

/// A new (or the caller's) float64 array for Python, or the error.
pub(crate) type Floats<'py> = PyResult<Bound<'py, PyArray1<f64>>>;

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
) -> Floats<'py> {
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
) -> Floats<'py> {
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

/// The first element (the one customer of a scalar call; NaN if there is none, which the core
/// rejects).
pub(crate) fn first(a: &[f64]) -> f64 {
    a.first().copied().unwrap_or(f64::NAN)
}

/// Whole numbers from a scalar or array argument, the error unindexed for a scalar.
pub(crate) fn whole(field: &str, values: &[f64], scalar: bool) -> PyResult<Vec<u64>> {
    if scalar {
        return Ok(vec![convert::count(field, first(values), 0)?]);
    }
    convert::counts(field, values, 0).map_err(errors::to_py)
}

/// `f` of each value, into a new float64 array with the GIL released; an error of element `i`
/// names index `i` unless the call was `scalar`.
pub(crate) fn each<'py, T: Copy + Sync>(
    py: Python<'py>,
    values: &[T],
    scalar: bool,
    f: impl Fn(T) -> CoreResult<f64> + Send + Sync,
) -> Floats<'py> {
    let out = py.detach(|| {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| f(v).map_err(|e| if scalar { e } else { at_index(e, i) }))
            .collect::<CoreResult<Vec<f64>>>()
    });
    Ok(PyArray1::from_vec(py, out.map_err(errors::to_py)?))
}
