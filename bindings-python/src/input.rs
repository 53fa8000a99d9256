//! The one way array arguments enter the extension: [`vector`] for 1-D arguments, [`matrix`] for
//! 2-D ones, [`uint`] for whole-number scalars. Every `#[pyfunction]` reads each array argument
//! with one call to these, naming the argument, so every binding accepts the same inputs and
//! rejects the same nonsense with the same error.
//!
//! What is read, and how (never element by element through Python):
//!
//! - a C-contiguous float64 numpy array (or a view, or anything numpy views as one without a
//!   copy: a numpy-backed pandas Series, a polars Float64 Series without nulls) is borrowed in
//!   place;
//! - any other real numeric dtype — int8 … uint64, float32, bool as 0/1 — and strided views are
//!   widened to float64 once, in Rust over numpy's buffer, on every core with the GIL released;
//!   other float widths and byte orders go through numpy's C `astype`;
//! - pandas nullable arrays (`Int64`, `Float64`, `boolean`) are read from their values and mask
//!   buffers, `pd.NA` becoming NaN so that `nan_policy` decides; Arrow-backed pandas columns
//!   through `to_numpy(float64, na_value=NaN)`; polars Series through `to_numpy()`;
//! - lists, tuples and other objects through `numpy.asarray` (C code; objects with `__array__` are
//!   asked for their array);
//! - an object array (a list with `None`, a frame with `pd.NA`) element by element in Rust:
//!   `None`/`pd.NA` are NaN, real numbers (int, float, bool, `Decimal`, numpy scalars) their value;
//!   anything else is an `invalid` error naming the element.
//!
//! A 2-D input is read by its shape, whatever its memory order (pandas DataFrames arrive
//! column-major): rows × columns in row-major order. Strings, bytes, complex numbers, datetimes,
//! timedeltas, other objects and arrays of the wrong dimension are `invalid`, naming the argument.

use crate::errors;
use custometrics::{Column, Error, Location};
use numpy::{PyArray1, PyArrayDescrMethods, PyArrayMethods, PyReadonlyArray1, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyTuple};
use rayon::prelude::*;
use std::ops::Deref;

/// What every array argument must hold.
const NUMBERS: &str = "real numbers (a numpy array, pandas or polars Series or list of ints, floats or bools)";

/// A 1-D argument's values as float64: borrowed from the caller's array, or widened into a new
/// buffer. Dereferences to `&[f64]`; take that slice before releasing the GIL.
pub struct Vector<'py>(Data<'py>);

enum Data<'py> {
    Borrowed(PyReadonlyArray1<'py, f64>),
    Owned(Vec<f64>),
}

impl Deref for Vector<'_> {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        match &self.0 {
            // Only contiguous arrays are borrowed, so `as_slice` cannot fail here.
            Data::Borrowed(a) => a.as_slice().unwrap_or(&[]),
            Data::Owned(v) => v,
        }
    }
}

/// A 2-D argument's values in row-major order (row `i` is `data[i * cols..(i + 1) * cols]`),
/// whatever the memory order of the array it came from.
pub struct Matrix<'py> {
    data: Vector<'py>,
    cols: usize,
}

impl Matrix<'_> {
    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }
}

impl Deref for Matrix<'_> {
    type Target = [f64];
    fn deref(&self) -> &[f64] {
        &self.data
    }
}

/// The 1-D array argument `field` as float64 (see the module's documentation for what is read);
/// anything that is not a 1-D array of real numbers is an `invalid` error naming `field`.
pub fn vector<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Vector<'py>> {
    if let Some(v) = masked(field, obj)? {
        return Ok(v);
    }
    let a = array(field, obj)?;
    let a = real(field, obj, a, 1)?;
    numbers(field, a)
}

/// A 1-D argument for the kernels that read numbers at their own width (the core's
/// `satisfaction::Score`): a contiguous numpy array of a primitive integer type or float32 is
/// borrowed in place, without widening; anything else is read as [`vector`] reads it. Use it
/// through [`with_native!`](crate::with_native).
pub enum Native<'py> {
    /// Read as it is.
    I64(PyReadonlyArray1<'py, i64>),
    /// Read as it is.
    I32(PyReadonlyArray1<'py, i32>),
    /// Read as it is.
    I16(PyReadonlyArray1<'py, i16>),
    /// Read as it is.
    I8(PyReadonlyArray1<'py, i8>),
    /// Read as it is.
    U64(PyReadonlyArray1<'py, u64>),
    /// Read as it is.
    U32(PyReadonlyArray1<'py, u32>),
    /// Read as it is.
    U16(PyReadonlyArray1<'py, u16>),
    /// Read as it is.
    U8(PyReadonlyArray1<'py, u8>),
    /// Read as it is.
    F32(PyReadonlyArray1<'py, f32>),
    /// Read as it is, as 0 and 1 (only through [`Native::column`]: NPS scores are never bool
    /// arrays in practice, and `with_native!` widens them).
    Bool(PyReadonlyArray1<'py, bool>),
    /// Everything else, as [`vector`] gives it.
    F64(Vector<'py>),
}

/// The 1-D array argument `field` at its own numeric width where a kernel can read it so (see
/// [`Native`]); the same inputs are accepted and refused as by [`vector`]. A pandas nullable
/// column without a missing value is read from its values buffer at that buffer's width; with
/// missing values it is widened, `pd.NA` as NaN.
pub fn native<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Native<'py>> {
    let a = match nullable(field, obj)? {
        Some((values, mask)) => {
            let m = mask.as_slice()?;
            // Missing values (one byte each): widened with NaN where masked. The scan ORs chunks
            // of the mask in vector lanes (`contains` on `bool` goes byte by byte), on every
            // core with the GIL released: one core alone took a tenth of trust_scores' time.
            let any_missing =
                obj.py().detach(|| m.par_chunks(CHUNK).any(|c| c.iter().fold(0u8, |a, &b| a | u8::from(b)) != 0));
            if any_missing {
                return match widen(&values, Some(m))? {
                    Some(v) => Ok(Native::F64(v)),
                    // A values dtype `widen` does not read: pandas' own conversion, as `vector`.
                    None => numbers(field, real(field, obj, array(field, obj)?, 1)?).map(Native::F64),
                };
            }
            values
        }
        None => real(field, obj, array(field, obj)?, 1)?,
    };
    macro_rules! borrowed {
        ($($t:ty => $v:ident),*) => {$(
            if let Ok(x) = a.cast::<PyArray1<$t>>() {
                let ro = x.readonly();
                if ro.as_slice().is_ok() {
                    return Ok(Native::$v(ro));
                }
            }
        )*};
    }
    borrowed!(i64 => I64, i32 => I32, i16 => I16, i8 => I8, u64 => U64, u32 => U32, u16 => U16, u8 => U8, f32 => F32, bool => Bool);
    numbers(field, a).map(Native::F64)
}

impl Native<'_> {
    /// The argument as the core's typed [`Column`], for the kernels that read columns of any
    /// width block by block (`custometrics::*_of`). Take it before releasing the GIL.
    pub fn column(&self) -> PyResult<Column<'_>> {
        Ok(match self {
            Native::I64(a) => Column::from(a.as_slice()?),
            Native::I32(a) => Column::from(a.as_slice()?),
            Native::I16(a) => Column::from(a.as_slice()?),
            Native::I8(a) => Column::from(a.as_slice()?),
            Native::U64(a) => Column::from(a.as_slice()?),
            Native::U32(a) => Column::from(a.as_slice()?),
            Native::U16(a) => Column::from(a.as_slice()?),
            Native::U8(a) => Column::from(a.as_slice()?),
            Native::F32(a) => Column::from(a.as_slice()?),
            Native::Bool(a) => Column::from(a.as_slice()?),
            Native::F64(v) => Column::from(&v[..]),
        })
    }
}

/// `with_native!(native, |s| body)`: `body` with `s` the argument's slice at its own type
/// (`&[i64]`, `&[u8]`, …, `&[f64]`), for a kernel generic over the core's `Score`.
#[macro_export]
macro_rules! with_native {
    ($native:expr, |$s:ident| $body:expr) => {{
        use $crate::input::Native as N;
        match $native {
            N::I64(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::I32(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::I16(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::I8(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::U64(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::U32(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::U16(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::U8(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::F32(a) => {
                let $s = a.as_slice()?;
                $body
            }
            N::Bool(a) => {
                let $s: &[f64] = &a.as_slice()?.iter().map(|&b| f64::from(u8::from(b))).collect::<Vec<f64>>();
                $body
            }
            N::F64(v) => {
                let $s: &[f64] = v;
                $body
            }
        }
    }};
}

/// [`vector`] for an optional argument.
pub fn optional<'py>(field: &str, obj: Option<&Bound<'py, PyAny>>) -> PyResult<Option<Vector<'py>>> {
    obj.map(|o| vector(field, o)).transpose()
}

/// The 2-D array argument `field` (an array in either memory order, a DataFrame, a list of rows)
/// as float64 in row-major order, read by its shape; anything else is an `invalid` error naming
/// `field`.
pub fn matrix<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Matrix<'py>> {
    let a = array(field, obj)?;
    let a = real(field, obj, a, 2)?;
    let cols = a.shape()[1];
    // `ravel()` is numpy's logical (row-major) order: a view of a C-contiguous array, a copy in
    // that order of a Fortran-ordered or strided one.
    let flat = a
        .call_method0("ravel")
        .and_then(|f| Ok(f.cast_into::<PyUntypedArray>()?))
        .map_err(|e| numpy_error(field, e))?;
    Ok(Matrix { data: numbers(field, flat)?, cols })
}

/// A pair argument, `(first, second)`: a tuple or list of two items (their own types are read
/// by the caller). Anything else of another length is `invalid` naming `field`; a value that is
/// not a sequence at all is Python's TypeError.
pub fn pair<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let items: Vec<Bound<'py, PyAny>> = if obj.is_instance_of::<pyo3::types::PyString>() {
        Vec::new()
    } else {
        obj.try_iter()?.collect::<PyResult<_>>()?
    };
    match <[Bound<'py, PyAny>; 2]>::try_from(items) {
        Ok([a, b]) => Ok((a, b)),
        Err(items) => Err(errors::to_py(Error::Invalid {
            at: Location::scalar(field),
            value: format!("{} item(s)", if obj.is_instance_of::<pyo3::types::PyString>() { 0 } else { items.len() }),
            expected: "a pair (first, second)".into(),
        })),
    }
}

/// A whole-number scalar argument in `T` (u32, u64, usize …): a Python or numpy int, or a whole
/// float. Negative, fractional and too large values are `out_of_range` naming `field` (not
/// OverflowError); other types the usual TypeError.
pub fn uint<T: TryFrom<u64>>(field: &str, obj: &Bound<'_, PyAny>) -> PyResult<T> {
    let out_of_range = |value: f64| {
        let max = std::iter::successors(Some(u64::MAX), |m| Some(m / 2)).find(|m| T::try_from(*m).is_ok());
        errors::to_py(Error::OutOfRange {
            at: Location::scalar(field),
            value,
            expected: format!("a whole number 0..={}", max.unwrap_or(0)),
        })
    };
    let is_int = obj.is_instance_of::<PyInt>() || obj.hasattr("__index__").unwrap_or(false);
    if is_int && !obj.is_instance_of::<PyBool>() {
        return match obj.extract::<u64>() {
            Ok(v) => T::try_from(v).map_err(|_| out_of_range(v as f64)),
            Err(_) => Err(out_of_range(obj.extract::<f64>().unwrap_or(f64::NAN))),
        };
    }
    let x: f64 = obj.extract()?;
    let v = crate::convert::count(field, x, 0)?;
    T::try_from(v).map_err(|_| out_of_range(x))
}

/// `obj` as a numpy array, without going through Python element by element.
fn array<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyUntypedArray>> {
    if let Ok(a) = obj.cast::<PyUntypedArray>() {
        return Ok(a.clone());
    }
    let py = obj.py();
    let np = py.import("numpy")?;
    // A pandas column with a non-numpy dtype (Arrow-backed, categorical, string …): numbers to
    // float64 with missing values as NaN, other kinds as they are (then rejected by kind).
    if let Ok(dtype) = obj.getattr("dtype")
        && !dtype.is_instance(&np.getattr("dtype")?)?
        && obj.hasattr("to_numpy")?
        && let Ok(kind) = dtype.getattr("kind").and_then(|k| k.extract::<String>())
    {
        let converted = if matches!(kind.as_str(), "i" | "u" | "f" | "b") {
            let kwargs = pyo3::types::PyDict::new(py);
            kwargs.set_item("dtype", "float64")?;
            kwargs.set_item("na_value", f64::NAN)?;
            obj.call_method("to_numpy", (), Some(&kwargs))
        } else {
            obj.call_method0("to_numpy")
        };
        return converted.and_then(|a| Ok(a.cast_into::<PyUntypedArray>()?)).map_err(|e| numpy_error(field, e));
    }
    np.call_method1("asarray", (obj,))
        .and_then(|a| Ok(a.cast_into::<PyUntypedArray>()?))
        .map_err(|e| numpy_error(field, e))
}

/// A pandas nullable array (`Int64`, `Float64`, `boolean` …: a values buffer and a mask) read in
/// one pass, masked elements as NaN; `None` for anything else. The buffers are pandas' `_data`
/// and `_mask` (private names, stable since pandas 1.0); should they go, such a column still has
/// a numeric `dtype.kind` and is read by [`array`] through `to_numpy(float64, na_value=NaN)`, one
/// pass slower.
fn masked<'py>(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Option<Vector<'py>>> {
    match nullable(field, obj)? {
        Some((values, mask)) => widen(&values, Some(mask.as_slice()?)),
        None => Ok(None),
    }
}

/// A pandas nullable array's values (checked to be real numbers) and mask, of one length; `None`
/// for anything else.
fn nullable<'py>(
    field: &str,
    obj: &Bound<'py, PyAny>,
) -> PyResult<Option<(Bound<'py, PyUntypedArray>, PyReadonlyArray1<'py, bool>)>> {
    if obj.cast::<PyUntypedArray>().is_ok() {
        return Ok(None);
    }
    let Ok(arr) = obj.getattr("array") else { return Ok(None) };
    let (Ok(values), Ok(mask)) = (arr.getattr("_data"), arr.getattr("_mask")) else { return Ok(None) };
    let (Ok(values), Ok(mask)) = (values.cast_into::<PyUntypedArray>(), mask.cast_into::<PyArray1<bool>>()) else {
        return Ok(None);
    };
    let values = real(field, obj, values, 1)?;
    let mask = mask.readonly();
    match mask.as_slice() {
        Ok(m) if m.len() == values.len() => Ok(Some((values, mask))),
        _ => Ok(None),
    }
}

/// The array `a` (converted from `obj`) checked to hold real numbers (or objects, read later)
/// in `ndim` dimensions.
fn real<'py>(
    field: &str,
    obj: &Bound<'py, PyAny>,
    a: Bound<'py, PyUntypedArray>,
    ndim: usize,
) -> PyResult<Bound<'py, PyUntypedArray>> {
    let dtype = a.dtype();
    let kind = dtype.kind();
    if !matches!(kind, b'b' | b'i' | b'u' | b'f' | b'O') {
        let what = match kind {
            b'c' => "complex numbers",
            b'M' => "datetimes",
            b'm' => "timedeltas",
            b'U' => "strings",
            b'S' => "bytes",
            _ => "values that are not numbers",
        };
        return Err(invalid(field, None, format!("{what} (dtype {dtype}, from {})", describe(obj))));
    }
    if a.ndim() != ndim {
        let got = match a.shape() {
            [] => format!("a scalar ({})", describe(obj)),
            [n] => format!("an array of shape ({n},)"),
            shape => {
                format!("an array of shape ({})", shape.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
            }
        };
        return Err(errors::to_py(Error::Invalid {
            at: Location::scalar(field),
            value: got,
            expected: format!("a {ndim}-D array of {NUMBERS}"),
        }));
    }
    Ok(a)
}

/// A short description of the object given (its type).
fn describe(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "an object".into(), |n| format!("a {n}"))
}

fn invalid(field: &str, index: Option<usize>, value: String) -> PyErr {
    errors::to_py(Error::Invalid { at: Location { field: field.into(), index }, value, expected: NUMBERS.into() })
}

/// numpy's refusal to make an array (ragged lists …) as the library's `invalid`.
fn numpy_error(field: &str, e: PyErr) -> PyErr {
    Python::attach(|py| invalid(field, None, e.value(py).to_string()))
}

/// Elements per parallel task when widening.
const CHUNK: usize = 1 << 16;

/// A numpy element type widened to f64 (exact for every type but 64-bit integers beyond 2^53).
trait Widen: numpy::Element + Copy + Send + Sync {
    fn widen(self) -> f64;
}

macro_rules! widen {
    ($($t:ty),*) => {$(
        impl Widen for $t {
            #[allow(clippy::cast_lossless, clippy::cast_precision_loss)]
            fn widen(self) -> f64 {
                self as f64
            }
        }
    )*};
}
widen!(f64, f32, i8, i16, i32, i64, u8, u16, u32, u64);

impl Widen for bool {
    fn widen(self) -> f64 {
        f64::from(u8::from(self))
    }
}

/// A 1-D numpy array of real numbers (or objects) as float64.
fn numbers<'py>(field: &str, a: Bound<'py, PyUntypedArray>) -> PyResult<Vector<'py>> {
    if let Ok(f) = a.cast::<PyArray1<f64>>() {
        let ro = f.readonly();
        if ro.as_slice().is_ok() {
            return Ok(Vector(Data::Borrowed(ro)));
        }
    }
    if let Some(v) = widen(&a, None)? {
        return Ok(v);
    }
    if let Ok(o) = a.cast::<PyArray1<Py<PyAny>>>() {
        return objects(field, o);
    }
    // A strided view, float16, long double, a non-native byte order …: numpy's own conversion,
    // in C, to a new contiguous float64 array.
    let f = a.call_method1("astype", ("float64",)).map_err(|e| numpy_error(field, e))?;
    Ok(Vector(Data::Borrowed(f.cast_into::<PyArray1<f64>>()?.readonly())))
}

/// A contiguous 1-D array of a primitive numeric type widened to float64 in a new array, NaN
/// where `mask` is true; `None` for other arrays.
fn widen<'py>(a: &Bound<'py, PyUntypedArray>, mask: Option<&[bool]>) -> PyResult<Option<Vector<'py>>> {
    macro_rules! typed {
        ($($t:ty),*) => {$(
            if let Ok(x) = a.cast::<PyArray1<$t>>() {
                let ro = x.readonly();
                return match ro.as_slice() {
                    Ok(s) => widened(a.py(), s, mask).map(Some),
                    Err(_) => Ok(None),
                };
            }
        )*};
    }
    typed!(f64, i64, i32, u8, f32, bool, u64, u32, i16, u16, i8);
    Ok(None)
}

/// `s` widened to f64 (NaN where `mask`) on every core with the GIL released, into a new numpy
/// array: numpy's allocator asks the kernel for huge pages, which spares most of the page faults
/// of a fresh buffer of millions of elements (a `Vec` of 10M took 3x longer to fill here).
fn widened<'py, T: Widen>(py: Python<'py>, s: &[T], mask: Option<&[bool]>) -> PyResult<Vector<'py>> {
    let out = PyArray1::<f64>::zeros(py, s.len(), false);
    {
        let mut guard = out.readwrite();
        let o = guard.as_slice_mut()?;
        py.detach(|| {
            let chunks = o.par_chunks_mut(CHUNK).zip(s.par_chunks(CHUNK));
            match mask {
                None => chunks.for_each(|(o, s)| o.iter_mut().zip(s).for_each(|(o, x)| *o = x.widen())),
                Some(m) => chunks.zip(m.par_chunks(CHUNK)).for_each(|((o, s), m)| {
                    for ((o, x), m) in o.iter_mut().zip(s).zip(m) {
                        *o = if *m { f64::NAN } else { x.widen() };
                    }
                }),
            }
        });
    }
    Ok(Vector(Data::Borrowed(out.readonly())))
}

/// An object array element by element: `None` and `pd.NA` as NaN, real numbers as their value.
fn objects<'py>(field: &str, a: &Bound<'py, PyArray1<Py<PyAny>>>) -> PyResult<Vector<'py>> {
    let py = a.py();
    let real = PyTuple::new(
        py,
        [
            py.import("numbers")?.getattr("Real")?,
            py.import("decimal")?.getattr("Decimal")?,
            py.import("numpy")?.getattr("bool_")?,
        ],
    )?;
    let ro = a.readonly();
    let mut out = Vec::with_capacity(ro.len());
    for (i, x) in ro.as_array().iter().enumerate() {
        let x = x.bind(py);
        let v = if x.is_instance_of::<PyFloat>() || x.is_instance_of::<PyInt>() {
            x.extract::<f64>().ok()
        } else if x.is_none() || x.get_type().name().is_ok_and(|n| n.to_string_lossy() == "NAType") {
            Some(f64::NAN)
        } else if x.is_instance(&real)? {
            x.extract::<f64>().ok()
        } else {
            None
        };
        match v {
            Some(v) => out.push(v),
            None => {
                let text = x.repr().map_or_else(|_| describe(x), |r| r.to_string());
                return Err(invalid(field, Some(i), text.chars().take(80).collect()));
            }
        }
    }
    Ok(Vector(Data::Owned(out)))
}
