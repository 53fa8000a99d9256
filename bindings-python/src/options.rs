//! Options in: the keyword options a Python function was given arrive as one dict and are read
//! straight into the core's options type (pythonize), whose `Default` holds every default. This
//! is the one reader of options in the extension; it mirrors the WASM binding's
//! `convert::options`, so both languages accept and refuse the same options with the same errors.
//!
//! - `None` for the whole dict, or as the value of one key, means the core's default.
//! - A key that no field of the options type reads is an `invalid` error naming `options` and
//!   listing the keys (serde would ignore it, and a misspelt option would silently be the
//!   default).
//! - A value of the wrong type is an error naming that option, in the library's words: a number
//!   where the core counts is read as every whole-number argument of the package is
//!   ([`custometrics::convert::count`]: a fraction or a negative number `out_of_range`, NaN
//!   `not_finite`); a word outside an enum is `invalid` listing the words; anything else
//!   `invalid` saying what was expected.
//! - Keys the binding reads itself ([`options_with`]'s `raw`: arrays through the input layer, a
//!   scale given as a pair, lifetimes' `freq`) are handed back untouched in [`Raw`].

use crate::input::{self, Vector};
use crate::{convert, errors};
use custometrics::{Error, Location};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};
use serde::de::DeserializeOwned;

/// The options given (a dict, or `None` for all the core's defaults) as the core's options type.
pub(crate) fn options<T: DeserializeOwned + Default>(given: Option<&Bound<'_, PyDict>>) -> PyResult<T> {
    options_with(given, &[]).map(|(o, _)| o)
}

/// [`options`] with keys the binding reads itself, `(key, core field)`: the key's value is
/// handed back in [`Raw`] and the core field (when not `""`) is no longer a key of its own, so
/// the core's name is not accepted besides. `("", field)` hides a core field the function does
/// not take (its default stays).
pub(crate) fn options_with<'py, T: DeserializeOwned + Default>(
    given: Option<&Bound<'py, PyDict>>,
    raw: &[(&'static str, &'static str)],
) -> PyResult<(T, Raw<'py>)> {
    let mut read = Raw(Vec::new());
    let Some(given) = given else { return Ok((T::default(), read)) };
    let py = given.py();
    let fields = custometrics::convert::field_names::<T>();
    let mut keys: Vec<&str> = fields.iter().copied().filter(|f| !raw.iter().any(|(_, field)| field == f)).collect();
    keys.extend(raw.iter().map(|(key, _)| *key).filter(|key| !key.is_empty()));
    let core = PyDict::new(py);
    for (k, v) in given.iter() {
        let key = k.cast::<PyString>().ok().map(|s| s.to_string_lossy().into_owned());
        let Some(key) = key.filter(|key| keys.contains(&key.as_str())) else {
            return Err(errors::to_py(Error::Invalid {
                at: Location::scalar("options"),
                value: format!("{{{}: …}}", show(&k)),
                expected: format!("an options dict with the documented keys ({})", keys.join(", ")),
            }));
        };
        if v.is_none() {
            continue;
        }
        if let Some((key, _)) = raw.iter().find(|(raw_key, _)| *raw_key == key) {
            read.0.push((key, v));
        } else {
            let v = truth::<T>(&key, v)?;
            core.set_item(key, v)?;
        }
    }
    if let Ok(o) = pythonize::depythonize::<T>(core.as_any()) {
        return Ok((o, read));
    }
    // Which key is wrong: each alone (every field has a default). A number the core reads at
    // another type (a whole float where it counts, a numpy or Decimal number) is read as the
    // library reads such an argument and put back; anything else is the error for that key.
    for (k, v) in core.copy()?.iter() {
        let key = k.extract::<String>()?;
        if accepts::<T>(&key, &v)? {
            continue;
        }
        core.set_item(&k, reread::<T>(&key, &v)?)?;
    }
    let o = pythonize::depythonize::<T>(core.as_any()).map_err(|e| {
        errors::to_py(Error::Invalid {
            at: Location::scalar("options"),
            value: show(core.as_any()),
            expected: format!("the documented options ({e})"),
        })
    })?;
    Ok((o, read))
}

/// `v` for option `key`, which when `T` reads it as a bool must be `True` or `False` (numpy's
/// too): pythonize reads a bool as the value's truth, so `"no"` or `1` would silently pass.
fn truth<'py, T: DeserializeOwned>(key: &str, v: Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if v.is_instance_of::<PyBool>() {
        return Ok(v);
    }
    // only a bool field takes any object at all (as its truth)
    let anything = v.py().import("builtins")?.getattr("object")?.call0()?;
    if !accepts::<T>(key, &anything)? {
        return Ok(v);
    }
    let numpy_bool = v.get_type().module().is_ok_and(|m| m.to_string_lossy() == "numpy")
        && v.get_type().name().is_ok_and(|n| n.to_string_lossy().starts_with("bool"));
    if numpy_bool {
        return Ok(PyBool::new(v.py(), v.is_truthy()?).to_owned().into_any());
    }
    Err(errors::to_py(Error::Invalid { at: Location::scalar(key), value: show(&v), expected: "True or False".into() }))
}

/// Whether option `key` alone with value `v` deserialises as `T`.
fn accepts<T: DeserializeOwned>(key: &str, v: &Bound<'_, PyAny>) -> PyResult<bool> {
    let single = PyDict::new(v.py());
    single.set_item(key, v)?;
    Ok(pythonize::depythonize::<T>(single.as_any()).is_ok())
}

/// The value of option `key` that `T` refused alone, read as the library reads that kind of
/// argument, or the error naming `key`.
fn reread<'py, T: DeserializeOwned>(key: &str, v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let py = v.py();
    let at = || Location::scalar(key);
    let number =
        if v.is_instance_of::<PyBool>() || v.is_instance_of::<PyString>() { None } else { v.extract::<f64>().ok() };
    if let Some(x) = number {
        let float = pyo3::types::PyFloat::new(py, x).into_any();
        if accepts::<T>(key, &float)? {
            return Ok(float);
        }
        if accepts::<T>(key, &0_u8.into_pyobject(py)?.into_any())? {
            // a count: the package's rule for every whole-number argument
            let n = convert::count(key, x, 0)?.into_pyobject(py)?.into_any();
            if accepts::<T>(key, &n)? {
                return Ok(n);
            }
            // beyond the core's integer type: say which integers it holds, the widest that fits
            const RANGES: [(u64, &str); 3] = [
                (u32::MAX as u64, "the integers 0..=4294967295"),
                (u16::MAX as u64, "the integers 0..=65535"),
                (u8::MAX as u64, "the integers 0..=255"),
            ];
            let mut expected = "the integers 0, 1, 2, …";
            for (max, words) in RANGES {
                if accepts::<T>(key, &max.into_pyobject(py)?.into_any())? {
                    expected = words;
                    break;
                }
            }
            return Err(errors::to_py(Error::OutOfRange { at: at(), value: x, expected: expected.into() }));
        }
    }
    Err(errors::to_py(Error::Invalid { at: at(), value: show(v), expected: expected::<T>(key, v)? }))
}

/// What option `key` takes, in words: the words of an enum, or the kind of value the core reads.
fn expected<T: DeserializeOwned>(key: &str, v: &Bound<'_, PyAny>) -> PyResult<String> {
    let single = PyDict::new(v.py());
    single.set_item(key, v)?;
    let message = pythonize::depythonize::<T>(single.as_any()).err().map(|e| e.to_string()).unwrap_or_default();
    let py = v.py();
    // an enum: its words, as serde lists them for an unknown one
    single.set_item(key, "")?;
    let words = pythonize::depythonize::<T>(single.as_any()).err().map(|e| e.to_string()).unwrap_or_default();
    if let Some((_, words)) = words.split_once("unknown variant ``, expected ") {
        let words = words.trim_start_matches("one of ").replace(" or ", ", ").replace('`', "\"");
        return Ok(format!("one of {words}"));
    }
    let kinds: [(Bound<'_, PyAny>, &str); 5] = [
        (pyo3::types::PyFloat::new(py, 0.5).into_any(), "a number"),
        (0_u8.into_pyobject(py)?.into_any(), "a whole number"),
        (PyBool::new(py, true).to_owned().into_any(), "True or False"),
        (PyString::new(py, "").into_any(), "a string"),
        (pyo3::types::PyList::empty(py).into_any(), "a list"),
    ];
    for (probe, words) in &kinds {
        if accepts::<T>(key, probe)? {
            return Ok((*words).into());
        }
    }
    Ok(format!("a value of the documented type ({message})"))
}

/// A value as an error shows it: a string as the core shows words (`"omit"`), anything else by
/// its Python repr.
fn show(v: &Bound<'_, PyAny>) -> String {
    if let Ok(s) = v.cast::<PyString>() {
        return format!("{:?}", s.to_string_lossy());
    }
    v.repr().map_or_else(|_| "?".into(), |r| r.to_string())
}

/// The values of the keys an options dict hands to the binding as they are (see
/// [`options_with`]); a key left out or `None` is absent.
pub(crate) struct Raw<'py>(Vec<(&'static str, Bound<'py, PyAny>)>);

impl<'py> Raw<'py> {
    /// The value of `key`, `None` when it was not given.
    pub(crate) fn get(&self, key: &str) -> Option<&Bound<'py, PyAny>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The array `key` through the input layer (borrowed where the input layer borrows).
    pub(crate) fn vector(&self, key: &str) -> PyResult<Option<Vector<'py>>> {
        input::optional(key, self.get(key))
    }

    /// The number `key`, or an `invalid` error naming it.
    pub(crate) fn number(&self, key: &str) -> PyResult<Option<f64>> {
        self.get(key)
            .map(|v| {
                let number = !v.is_instance_of::<PyBool>() && !v.is_instance_of::<PyString>();
                number.then(|| v.extract::<f64>().ok()).flatten().ok_or_else(|| {
                    errors::to_py(Error::Invalid {
                        at: Location::scalar(key),
                        value: show(v),
                        expected: "a number".into(),
                    })
                })
            })
            .transpose()
    }

    /// The `(low, high)` pair `key` (a scale), or an `invalid` error naming it.
    pub(crate) fn pair(&self, key: &str) -> PyResult<Option<(f64, f64)>> {
        self.get(key).map(|v| number_pair(key, v)).transpose()
    }

    /// The word `key` (a code such as lifetimes' `freq`), or an `invalid` error naming it.
    pub(crate) fn word(&self, key: &str) -> PyResult<Option<String>> {
        self.get(key)
            .map(|v| {
                v.cast::<PyString>().map(|s| s.to_string_lossy().into_owned()).map_err(|_| {
                    errors::to_py(Error::Invalid {
                        at: Location::scalar(key),
                        value: show(v),
                        expected: "a string".into(),
                    })
                })
            })
            .transpose()
    }
}

/// A `(low, high)` pair of numbers (a scale) given as `key`, or an `invalid` error naming it.
pub(crate) fn number_pair(key: &str, v: &Bound<'_, PyAny>) -> PyResult<(f64, f64)> {
    let numbers = !v.is_instance_of::<PyString>() && !v.is_instance_of::<PyDict>();
    numbers.then(|| v.extract::<(f64, f64)>().ok()).flatten().ok_or_else(|| {
        errors::to_py(Error::Invalid {
            at: Location::scalar(key),
            value: show(v),
            expected: "a (low, high) pair of numbers".into(),
        })
    })
}
