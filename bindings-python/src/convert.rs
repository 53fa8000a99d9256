//! Conversions at the Python edge: numpy-viewable inputs to slices (no copy when the dtype and
//! layout already fit), core results to Python objects.

use custometrics::{Error, Location};
use numpy::{AllowTypeChange, PyArrayLike1, PyArrayLike2, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;
use serde::Serialize;
use std::borrow::Cow;
use std::str::FromStr;

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

/// A money amount from Python: a `decimal.Decimal`, an `int`, a `float` (taken at its shortest
/// repr, the digits `repr(x)` prints, so `0.1` is exactly 0.1), a decimal string, or a numpy
/// scalar of those kinds. NaN and infinities are `not_finite`, other values `invalid`, both
/// naming `field`.
pub fn money(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    money_at(Location::scalar(field), obj).map_err(crate::errors::to_py)
}

/// [`money`] for element `index` of an array-like input (a cohort's margin).
pub fn money_in(field: &str, index: usize, obj: &Bound<'_, PyAny>) -> PyResult<Decimal> {
    money_at(Location::at(field, index), obj).map_err(crate::errors::to_py)
}

fn money_at(at: Location, obj: &Bound<'_, PyAny>) -> Result<Decimal, Error> {
    let invalid = |value: String| Error::Invalid {
        at: at.clone(),
        value,
        expected: "an amount of money: a decimal.Decimal, an int, a float or a decimal string".into(),
    };
    let text = |o: &Bound<'_, PyAny>| o.str().map_or_else(|_| "?".to_owned(), |s| s.to_string());
    if obj.is_instance_of::<PyBool>() {
        return Err(invalid(text(obj)));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return money_text(at.clone(), &s.to_string_lossy());
    }
    if obj.is_instance_of::<PyFloat>() {
        let x: f64 = obj.extract().map_err(|_| invalid(text(obj)))?;
        return money_f64(at, x);
    }
    // ints, decimal.Decimal and numpy integers print their exact value
    let is_decimal = obj.get_type().name().is_ok_and(|n| n.to_string_lossy() == "Decimal");
    if obj.is_instance_of::<PyInt>() || is_decimal || obj.hasattr("__index__").unwrap_or(false) {
        let exact =
            if is_decimal { obj.clone() } else { obj.call_method0("__index__").unwrap_or_else(|_| obj.clone()) };
        return money_text(at, &text(&exact));
    }
    // other floats (numpy float32 …): at the digits their own str prints, like repr for a float
    match obj.extract::<f64>() {
        Ok(x) if x.is_finite() => money_text(at.clone(), &text(obj)).or_else(|_| money_f64(at, x)),
        Ok(x) => money_f64(at, x),
        Err(_) => Err(invalid(text(obj))),
    }
}

/// The shortest decimal that reads back as `x` (the core's rule for rates, applied to money).
fn money_f64(at: Location, x: f64) -> Result<Decimal, Error> {
    if !x.is_finite() {
        return Err(Error::NotFinite { at, value: x });
    }
    let too_big = |at: Location| Error::OutOfRange {
        at,
        value: x,
        expected: "the amounts a Decimal can hold (|x| < 7.9e28)".into(),
    };
    if x.abs() >= 7.9e28 {
        return Err(too_big(at));
    }
    Decimal::from_str(&format!("{x}")).map_err(|_| too_big(at))
}

/// A decimal string: `"12.50"`, `"-3"`, `"1.5e3"`; `"NaN"`/`"inf"` are `not_finite`.
pub fn money_text(at: Location, s: &str) -> Result<Decimal, Error> {
    let t = s.trim();
    if let Ok(d) = Decimal::from_str(t).or_else(|_| Decimal::from_scientific(t)) {
        return Ok(d);
    }
    let lower = t.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        let value = if lower.contains("nan") {
            f64::NAN
        } else if lower.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Err(Error::NotFinite { at, value });
    }
    match t.parse::<f64>() {
        // a number, but not one a Decimal holds ("1e40")
        Ok(x) => {
            Err(Error::OutOfRange { at, value: x, expected: "the amounts a Decimal can hold (|x| < 7.9e28)".into() })
        }
        Err(_) => {
            Err(Error::Invalid { at, value: format!("{s:?}"), expected: "a decimal number such as \"12.50\"".into() })
        }
    }
}

/// A count of periods given as a Python number: an integer >= `min` (whole floats pass).
pub fn count(field: &str, x: f64, min: u64) -> PyResult<u64> {
    count_at(Location::scalar(field), x, min).map_err(crate::errors::to_py)
}

/// [`count`] for element `index` of an array-like input (a cohort's customers).
pub fn count_in(field: &str, index: usize, x: f64, min: u64) -> PyResult<u64> {
    count_at(Location::at(field, index), x, min).map_err(crate::errors::to_py)
}

/// Counts element-wise, the error naming `field[i]`.
pub fn counts(field: &str, xs: &[f64], min: u64) -> Result<Vec<u64>, Error> {
    xs.iter().enumerate().map(|(i, &x)| count_at(Location::at(field, i), x, min)).collect()
}

fn count_at(at: Location, x: f64, min: u64) -> Result<u64, Error> {
    if !x.is_finite() {
        return Err(Error::NotFinite { at, value: x });
    }
    // 2^53: every integer below is exact in an f64
    if x.fract() != 0.0 || x < min as f64 || x > 9_007_199_254_740_992.0 {
        let expected = if min == 0 { "the integers 0, 1, 2, …" } else { "the integers 1, 2, 3, …" };
        return Err(Error::OutOfRange { at, value: x, expected: expected.into() });
    }
    Ok(x as u64)
}
