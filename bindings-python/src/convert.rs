//! Conversions at the Python edge: scalars (money, counts) in, core results to
//! Python objects out. Arrays come in through [`crate::input`].

use custometrics::convert::NativeFloats;
use custometrics::{Error, Location};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;
use serde::Serialize;

/// A core result as plain Python data (dicts, lists, floats); the Python layer wraps it in a
/// frozen dataclass. Through [`NativeFloats`]: pythonize reports a human-readable format, for
/// which the core writes NaN and the infinities as the strings "NaN", "inf", "-inf" (JSON has no
/// numbers for them); Python has, so they stay floats.
pub fn to_py<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    Ok(pythonize::pythonize(py, &NativeFloats(value))?)
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
        return custometrics::convert::parse_money(at.clone(), &s.to_string_lossy());
    }
    if obj.is_instance_of::<PyFloat>() {
        let x: f64 = obj.extract().map_err(|_| invalid(text(obj)))?;
        return custometrics::convert::money_from_f64(at, x);
    }
    // ints, decimal.Decimal and numpy integers print their exact value
    let is_decimal = obj.get_type().name().is_ok_and(|n| n.to_string_lossy() == "Decimal");
    if obj.is_instance_of::<PyInt>() || is_decimal || obj.hasattr("__index__").unwrap_or(false) {
        let exact =
            if is_decimal { obj.clone() } else { obj.call_method0("__index__").unwrap_or_else(|_| obj.clone()) };
        return custometrics::convert::parse_money(at, &text(&exact));
    }
    // other floats (numpy float32 …): at the digits their own str prints, like repr for a float
    match obj.extract::<f64>() {
        Ok(x) if x.is_finite() => custometrics::convert::parse_money(at.clone(), &text(obj))
            .or_else(|_| custometrics::convert::money_from_f64(at, x)),
        Ok(x) => custometrics::convert::money_from_f64(at, x),
        Err(_) => Err(invalid(text(obj))),
    }
}

/// A count of periods given as a Python number: an integer >= `min` (whole floats pass).
pub fn count(field: &str, x: f64, min: u64) -> PyResult<u64> {
    custometrics::convert::count(Location::scalar(field), x, min).map_err(crate::errors::to_py)
}

/// [`count`] for element `index` of an array-like input (a cohort's customers).
pub fn count_in(field: &str, index: usize, x: f64, min: u64) -> PyResult<u64> {
    custometrics::convert::count(Location::at(field, index), x, min).map_err(crate::errors::to_py)
}

/// Counts element-wise, the error naming `field[i]`.
pub fn counts(field: &str, xs: &[f64], min: u64) -> Result<Vec<u64>, Error> {
    xs.iter().enumerate().map(|(i, &x)| custometrics::convert::count(Location::at(field, i), x, min)).collect()
}
