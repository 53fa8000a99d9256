//! `custometrics.tiers`: thin wrappers over `custometrics::tiers`. Per-customer outputs (tiers,
//! scores, cell codes, segments) are written into new numpy arrays, or handed to numpy in the
//! buffer the core filled, with the GIL released; tier labels are read without a copy from any
//! contiguous integer array (the uint8 tiers of `abc`, pandas' int8 category codes, int64 lists).
//! Options arrive as one dict read into the core's options types ([`crate::options`]).

use crate::convert;
use crate::input::{Native, native, vector};
use crate::options::{options, options_with};
use crate::{done, errors};
use custometrics::tiers::{
    self, AbcOptions, CurryOptions, LorenzOptions, MarkovClvOptions, ProjectOptions, QuantileOptions, RfmOptions,
    SegmentMap, TierLabel, TransitionMatrix,
};
use custometrics::{Error, Location, Result as CoreResult};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArray1, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::borrow::Cow;

/// A new uint8 array of `n` filled by `fill` with the GIL released.
fn bytes_out<'py>(
    py: Python<'py>,
    n: usize,
    fill: impl FnOnce(&mut [u8]) -> CoreResult<()> + Send,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let out = PyArray1::<u8>::zeros(py, n, false);
    {
        let mut guard = out.readwrite();
        let o = guard.as_slice_mut()?;
        py.detach(|| fill(o)).map_err(errors::to_py)?;
    }
    Ok(out)
}

#[pyfunction]
fn abc<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let AbcOptions { a, b, .. } = options(given)?;
    let v = vector("values", values)?;
    let v = &*v;
    bytes_out(py, v.len(), |o| tiers::abc_into(v, a, b, o))
}

#[pyfunction]
fn pyramid<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    shares: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let (v, s) = (vector("values", values)?, vector("shares", shares)?);
    let (v, s) = (&*v, &*s);
    bytes_out(py, v.len(), |o| tiers::pyramid_into(v, s, o))
}

/// Curry's pyramid: [`pyramid`] with the core's `CurryOptions` (Curry's shares unless given).
#[pyfunction]
fn curry<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let (o, raw): (CurryOptions, _) = options_with(given, &[("shares", "shares")])?;
    let shares = raw.vector("shares")?;
    let s = shares.as_deref().unwrap_or(&o.shares);
    let v = vector("values", values)?;
    let v = &*v;
    bytes_out(py, v.len(), |out| tiers::pyramid_into(v, s, out))
}

#[pyfunction]
fn quantile_scores<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<u8>>> {
    let QuantileOptions { q, reverse, .. } = options(given)?;
    let v = native("values", values)?;
    let v = v.column()?;
    bytes_out(py, v.len(), |o| tiers::quantile_scores_into_of(v, q, reverse, o))
}

#[pyfunction]
fn rfm_code(r: f64, f: f64, m: f64, given: Option<&Bound<'_, PyDict>>) -> PyResult<u32> {
    let RfmOptions { q, .. } = options(given)?;
    // each score a whole number in 1..=q, as in JS (a score outside its levels would give the
    // code of another cell)
    let score = |field: &str, x: f64| {
        let at = Location::scalar(field);
        let s = score_at(at.clone(), x, q)?;
        if s == 0 || u32::from(s) > q {
            return Err(errors::to_py(Error::OutOfRange { at, value: x, expected: format!("the scores 1..={q}") }));
        }
        Ok(s)
    };
    Ok(tiers::rfm_code(score("r", r)?, score("f", f)?, score("m", m)?, q))
}

#[pyfunction]
fn rfm_scores<'py>(
    py: Python<'py>,
    recency: &Bound<'py, PyAny>,
    frequency: &Bound<'py, PyAny>,
    monetary: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let RfmOptions { q, .. } = options(given)?;
    let (r, f, m) = (native("recency", recency)?, native("frequency", frequency)?, native("monetary", monetary)?);
    let columns = [r.column()?, f.column()?, m.column()?];
    let mut s = py.detach(|| tiers::rfm_scores_of(columns, q)).map_err(errors::to_py)?;
    // Arrays that own the core's buffers: no copy.
    let out = pyo3::types::PyDict::new(py);
    out.set_item("r", PyArray1::from_vec(py, std::mem::take(&mut s.r)))?;
    out.set_item("f", PyArray1::from_vec(py, std::mem::take(&mut s.f)))?;
    out.set_item("m", PyArray1::from_vec(py, std::mem::take(&mut s.m)))?;
    out.set_item("code", PyArray1::from_vec(py, std::mem::take(&mut s.code)))?;
    out.set_item("q", s.q)?;
    Ok(out.into_any())
}

/// Scores as the core reads them: a contiguous uint8 array as it is, anything else through
/// float64 with each element checked to be an integer score.
enum Scores<'py> {
    Bytes(PyReadonlyArray1<'py, u8>),
    Converted(Vec<u8>),
}

impl<'py> Scores<'py> {
    fn read(field: &str, obj: &Bound<'py, PyAny>, q: u32) -> PyResult<Self> {
        if let Ok(a) = obj.cast::<PyArray1<u8>>()
            && a.is_contiguous()
        {
            return Ok(Self::Bytes(a.readonly()));
        }
        score_bytes(field, &vector(field, obj)?, q).map(Self::Converted).map_err(errors::to_py)
    }
    fn as_slice(&self) -> PyResult<&[u8]> {
        match self {
            Self::Bytes(a) => Ok(a.as_slice()?),
            Self::Converted(v) => Ok(v),
        }
    }
}

/// Whole numbers 0..=255 as score bytes (the core then checks 1..=q), else the error naming the
/// index.
fn score_bytes(field: &str, v: &[f64], q: u32) -> CoreResult<Vec<u8>> {
    v.iter().enumerate().map(|(i, &x)| score_in(Location::at(field, i), x, q)).collect()
}

/// One whole score 0..=255, else `not_finite` / `out_of_range` at `at` (expecting 1..=q).
fn score_at(at: Location, x: f64, q: u32) -> PyResult<u8> {
    score_in(at, x, q).map_err(errors::to_py)
}

/// [`score_at`] as the core's error.
fn score_in(at: Location, x: f64, q: u32) -> CoreResult<u8> {
    if !x.is_finite() {
        Err(Error::NotFinite { at, value: x })
    } else if x.fract() == 0.0 && (0.0..=255.0).contains(&x) {
        Ok(x as u8)
    } else {
        Err(Error::OutOfRange { at, value: x, expected: format!("the scores 1..={q}") })
    }
}

/// The segment map from the Python layer (the core's serde form), or the standard one.
fn segment_map(map: Option<&Bound<'_, PyAny>>) -> PyResult<SegmentMap> {
    let Some(m) = map else { return Ok(SegmentMap::standard()) };
    pythonize::depythonize::<SegmentMap>(m).map_err(|e| {
        errors::to_py(Error::Invalid {
            at: Location::scalar("map"),
            value: e.to_string(),
            expected: "a SegmentMap: q, rules of name and (min, max) score ranges r, f, m, and a fallback".into(),
        })
    })
}

#[pyfunction]
#[pyo3(signature = (r, f, m, map))]
fn rfm_segments<'py>(
    py: Python<'py>,
    r: &Bound<'py, PyAny>,
    f: &Bound<'py, PyAny>,
    m: &Bound<'py, PyAny>,
    map: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let map = segment_map(map)?;
    map.validate().map_err(errors::to_py)?;
    let (rs, fs, ms) = (Scores::read("r", r, map.q)?, Scores::read("f", f, map.q)?, Scores::read("m", m, map.q)?);
    let (rs, fs, ms) = (rs.as_slice()?, fs.as_slice()?, ms.as_slice()?);
    let mut s = py.detach(|| tiers::rfm_segments(rs, fs, ms, &map)).map_err(errors::to_py)?;
    let segment = std::mem::take(&mut s.segment);
    let d = convert::to_py(py, &s)?;
    d.set_item("segment", PyArray1::from_vec(py, segment))?;
    Ok(d)
}

#[pyfunction]
fn standard_segment_map(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::to_py(py, &SegmentMap::standard())
}

#[pyfunction]
fn gini(py: Python<'_>, values: &Bound<'_, PyAny>) -> PyResult<f64> {
    let v = native("values", values)?;
    let v = v.column()?;
    py.detach(|| tiers::gini_of(v)).map_err(errors::to_py)
}

#[pyfunction]
fn lorenz<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let LorenzOptions { points, .. } = options(given)?;
    let v = native("values", values)?;
    let v = v.column()?;
    let mut l = py.detach(|| tiers::lorenz_of(v, points)).map_err(errors::to_py)?;
    let (population, value) = (std::mem::take(&mut l.population_share), std::mem::take(&mut l.value_share));
    let d = convert::to_py(py, &l)?;
    d.set_item("population_share", PyArray1::from_vec(py, population))?;
    d.set_item("value_share", PyArray1::from_vec(py, value))?;
    Ok(d)
}

/// Tier labels as the core reads them: any contiguous integer array as it is; a float array (or
/// anything else numpy views as float64) converted, each element checked to be whole.
enum Labels<'py> {
    U8(PyReadonlyArray1<'py, u8>),
    U16(PyReadonlyArray1<'py, u16>),
    U32(PyReadonlyArray1<'py, u32>),
    U64(PyReadonlyArray1<'py, u64>),
    I8(PyReadonlyArray1<'py, i8>),
    I16(PyReadonlyArray1<'py, i16>),
    I32(PyReadonlyArray1<'py, i32>),
    I64(PyReadonlyArray1<'py, i64>),
    Converted(Vec<i64>),
}

/// `$body` with `$s` bound to the labels' slice, of whichever integer type they are.
macro_rules! with_labels {
    ($labels:expr, $s:ident => $body:expr) => {
        match $labels {
            Labels::U8(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::U16(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::U32(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::U64(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::I8(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::I16(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::I32(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::I64(a) => {
                let $s = a.as_slice()?;
                $body
            }
            Labels::Converted(v) => {
                let $s: &[i64] = v;
                $body
            }
        }
    };
}

impl<'py> Labels<'py> {
    /// Integer arrays (numpy, or a pandas/polars column numpy views as one) as the input layer's
    /// [`native`] reads them, at their own width; floats converted, each checked to be whole.
    fn read(field: &str, obj: &Bound<'py, PyAny>) -> PyResult<Self> {
        let whole =
            |v: &[f64]| custometrics::convert::tier_labels(field, v).map(Self::Converted).map_err(errors::to_py);
        Ok(match native(field, obj)? {
            Native::U8(a) => Self::U8(a),
            Native::U16(a) => Self::U16(a),
            Native::U32(a) => Self::U32(a),
            Native::U64(a) => Self::U64(a),
            Native::I8(a) => Self::I8(a),
            Native::I16(a) => Self::I16(a),
            Native::I32(a) => Self::I32(a),
            Native::I64(a) => Self::I64(a),
            Native::F32(a) => return whole(&a.as_slice()?.iter().map(|&x| f64::from(x)).collect::<Vec<_>>()),
            Native::Bool(a) => {
                return whole(&a.as_slice()?.iter().map(|&b| f64::from(u8::from(b))).collect::<Vec<_>>());
            }
            Native::F64(v) => return whole(&v),
        })
    }

    /// The labels as i64 (for two arrays of different integer types); a u64 beyond i64 stays
    /// out of every tier range.
    fn widened(&self) -> PyResult<Cow<'_, [i64]>> {
        fn wide<L: TierLabel>(s: &[L]) -> Cow<'static, [i64]> {
            // exact for every type but u64 beyond 2^53, which saturates far outside any tier range
            Cow::Owned(s.iter().map(|l| l.as_f64() as i64).collect())
        }
        Ok(match self {
            Labels::I64(a) => Cow::Borrowed(a.as_slice()?),
            Labels::Converted(v) => Cow::Borrowed(v),
            other => with_labels!(other, s => wide(s)),
        })
    }
}

fn tier_count(n_tiers: f64) -> PyResult<usize> {
    Ok(usize::try_from(convert::count("n_tiers", n_tiers, 0)?).unwrap_or(usize::MAX))
}

#[pyfunction]
fn profit_pyramid<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    tiers: &Bound<'py, PyAny>,
    n_tiers: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let n = tier_count(n_tiers)?;
    let labels = Labels::read("tiers", tiers)?;
    let v = vector("values", values)?;
    let v = &*v;
    let r = with_labels!(&labels, s => py.detach(|| tiers::profit_pyramid(v, s, n)));
    done(py, r)
}

#[pyfunction]
fn migration<'py>(
    py: Python<'py>,
    from_tiers: &Bound<'py, PyAny>,
    to_tiers: &Bound<'py, PyAny>,
    n_tiers: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let n = tier_count(n_tiers)?;
    let (from, to) = (Labels::read("from_tiers", from_tiers)?, Labels::read("to_tiers", to_tiers)?);
    macro_rules! same {
        ($($variant:ident),*) => {
            match (&from, &to) {
                $((Labels::$variant(a), Labels::$variant(b)) => {
                    let (a, b) = (a.as_slice()?, b.as_slice()?);
                    py.detach(|| tiers::migration(a, b, n))
                })*
                _ => {
                    let (a, b) = (from.widened()?, to.widened()?);
                    py.detach(|| tiers::migration(&a, &b, n))
                }
            }
        };
    }
    done(py, same!(U8, U16, U32, U64, I8, I16, I32, I64))
}

/// A transition matrix from rows (a list of lists or a 2-D array), validated by the core; other
/// objects are `invalid`, naming `transition`.
fn transition(rows: &Bound<'_, PyAny>) -> PyResult<TransitionMatrix> {
    let rows: Vec<Vec<f64>> = rows.extract().map_err(|e: PyErr| {
        errors::to_py(Error::Invalid {
            at: Location::scalar("transition"),
            value: e.to_string(),
            expected: "the rows of a transition matrix: a list of lists or a 2-D array of probabilities".into(),
        })
    })?;
    TransitionMatrix::from_rows(&rows).map_err(errors::to_py)
}

#[pyfunction]
fn transition_matrix<'py>(py: Python<'py>, rows: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let t = transition(rows)?;
    convert::to_py(py, &t)
}

#[pyfunction]
fn project<'py>(
    py: Python<'py>,
    distribution: &Bound<'py, PyAny>,
    transition_rows: &Bound<'_, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let ProjectOptions { periods, .. } = options(given)?;
    let t = transition(transition_rows)?;
    let d = vector("distribution", distribution)?;
    Ok(PyArray1::from_vec(py, tiers::project(&d, &t, periods).map_err(errors::to_py)?))
}

#[pyfunction]
fn steady_state<'py>(py: Python<'py>, transition_rows: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyArray1<f64>>> {
    let t = transition(transition_rows)?;
    Ok(PyArray1::from_vec(py, tiers::steady_state(&t).map_err(errors::to_py)?))
}

#[pyfunction]
fn markov_clv(
    transition_rows: &Bound<'_, PyAny>,
    margins: Vec<Bound<'_, PyAny>>,
    discount_rate: f64,
    given: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<String>> {
    let MarkovClvOptions { horizon, .. } = options(given)?;
    let t = transition(transition_rows)?;
    let margins =
        margins.iter().enumerate().map(|(i, m)| convert::money_in("margins", i, m)).collect::<PyResult<Vec<_>>>()?;
    let v = tiers::markov_clv(&t, &margins, discount_rate, horizon).map_err(errors::to_py)?;
    Ok(v.iter().map(ToString::to_string).collect())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ABC_A", tiers::ABC_A)?;
    m.add("ABC_B", tiers::ABC_B)?;
    m.add("RFM_Q", tiers::RFM_Q)?;
    m.add("CURRY_SHARES", tiers::CURRY_SHARES.to_vec())?;
    m.add("CURRY_TIERS", tiers::CURRY_TIERS.to_vec())?;
    m.add("CUSTOMER_PYRAMID_TIERS", tiers::CUSTOMER_PYRAMID_TIERS.to_vec())?;
    m.add_function(wrap_pyfunction!(abc, m)?)?;
    m.add_function(wrap_pyfunction!(pyramid, m)?)?;
    m.add_function(wrap_pyfunction!(curry, m)?)?;
    m.add_function(wrap_pyfunction!(quantile_scores, m)?)?;
    m.add_function(wrap_pyfunction!(rfm_code, m)?)?;
    m.add_function(wrap_pyfunction!(rfm_scores, m)?)?;
    m.add_function(wrap_pyfunction!(rfm_segments, m)?)?;
    m.add_function(wrap_pyfunction!(standard_segment_map, m)?)?;
    m.add_function(wrap_pyfunction!(gini, m)?)?;
    m.add_function(wrap_pyfunction!(lorenz, m)?)?;
    m.add_function(wrap_pyfunction!(profit_pyramid, m)?)?;
    m.add_function(wrap_pyfunction!(migration, m)?)?;
    m.add_function(wrap_pyfunction!(transition_matrix, m)?)?;
    m.add_function(wrap_pyfunction!(project, m)?)?;
    m.add_function(wrap_pyfunction!(steady_state, m)?)?;
    m.add_function(wrap_pyfunction!(markov_clv, m)?)?;
    Ok(())
}
