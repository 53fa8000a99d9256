//! `custometrics.satisfaction`: thin wrappers over `custometrics::satisfaction`.

use crate::convert::{self, Array1, Array2, matrix, slice};
use crate::{done, errors};
use custometrics::Matrix;
use custometrics::satisfaction::{self as sat, GapRatings, Importance, Instrument, NpsOptions, Scale};
use numpy::{PyArray1, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

fn instrument(dimensions: Option<Vec<(String, Vec<usize>)>>) -> PyResult<Instrument> {
    dimensions.map_or(Ok(Instrument::servqual22()), |g| Instrument::from_groups(g).map_err(errors::to_py))
}

/// A contiguous int64 array (the dtype survey answers arrive in) is read as it is by the core's
/// integer kernel; anything else through float64.
#[pyfunction]
fn nps<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    confidence: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = NpsOptions { confidence, nan_policy: convert::nan_policy(nan_policy)? };
    if let Ok(a) = scores.cast::<PyArray1<i64>>()
        && a.is_contiguous()
    {
        let a = a.readonly();
        let s = a.as_slice()?;
        return done(py, py.detach(|| sat::nps_of(s, opts)));
    }
    // Named as pyo3 names a parameter that fails to convert.
    let scores: Array1<'py> = scores.extract().map_err(|e: PyErr| {
        if e.is_instance_of::<PyTypeError>(py) { PyTypeError::new_err(format!("argument 'scores': {e}")) } else { e }
    })?;
    let s = slice(&scores);
    done(py, py.detach(|| sat::nps(&s, opts)))
}

#[pyfunction]
fn nps_from_counts(
    py: Python<'_>,
    promoters: u64,
    passives: u64,
    detractors: u64,
    confidence: f64,
) -> PyResult<Bound<'_, PyAny>> {
    done(py, sat::Nps::from_counts(promoters, passives, detractors, confidence))
}

#[pyfunction]
fn nps_difference<'py>(
    py: Python<'py>,
    scores_a: Array1<'py>,
    scores_b: Array1<'py>,
    confidence: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = NpsOptions { confidence, nan_policy: convert::nan_policy(nan_policy)? };
    let (a, b) = (slice(&scores_a), slice(&scores_b));
    done(py, py.detach(|| sat::nps_difference(&a, &b, opts)))
}

#[pyfunction]
fn csat<'py>(
    py: Python<'py>,
    responses: Array1<'py>,
    scale_points: u32,
    top_k: u32,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let policy = convert::nan_policy(nan_policy)?;
    let r = slice(&responses);
    done(py, py.detach(|| sat::csat(&r, scale_points, top_k, policy)))
}

#[pyfunction]
fn satisfaction_rate<'py>(
    py: Python<'py>,
    ratings: Array1<'py>,
    threshold: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let policy = convert::nan_policy(nan_policy)?;
    let r = slice(&ratings);
    done(py, py.detach(|| sat::satisfaction_rate(&r, threshold, policy)))
}

#[pyfunction]
fn disconfirmation<'py>(
    py: Python<'py>,
    perception: Array1<'py>,
    expectation: Array1<'py>,
    weights: Option<Array1<'py>>,
    delight_margin: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let w = weights.as_ref().map(slice);
    done(py, sat::disconfirmation(&slice(&perception), &slice(&expectation), w.as_deref(), delight_margin))
}

#[pyfunction]
fn servqual<'py>(
    py: Python<'py>,
    expectations: Array2<'py>,
    perceptions: Array2<'py>,
    importance: Option<Array1<'py>>,
    dimensions: Option<Vec<(String, Vec<usize>)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = instrument(dimensions)?;
    let ((e, ec), (p, pc)) = (matrix(&expectations), matrix(&perceptions));
    let imp = importance.as_ref().map(slice);
    let r = py.detach(|| {
        sat::servqual(
            &inst,
            &Matrix::new("expectations", &e, ec)?,
            &Matrix::new("perceptions", &p, pc)?,
            imp.as_deref(),
        )
    });
    done(py, r)
}

#[pyfunction]
fn zone_of_tolerance<'py>(
    py: Python<'py>,
    adequate: Array2<'py>,
    desired: Array2<'py>,
    perceived: Array2<'py>,
    dimensions: Option<Vec<(String, Vec<usize>)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = instrument(dimensions)?;
    let ((a, ac), (d, dc), (p, pc)) = (matrix(&adequate), matrix(&desired), matrix(&perceived));
    let r = py.detach(|| {
        sat::zone_of_tolerance(
            &inst,
            &Matrix::new("adequate", &a, ac)?,
            &Matrix::new("desired", &d, dc)?,
            &Matrix::new("perceived", &p, pc)?,
        )
    });
    done(py, r)
}

#[pyfunction]
fn five_gaps<'py>(py: Python<'py>, pairs: [Option<(Array1<'py>, Array1<'py>)>; 5]) -> PyResult<Bound<'py, PyAny>> {
    let data: Vec<Option<_>> = pairs.iter().map(|p| p.as_ref().map(|(r, a)| (slice(r), slice(a)))).collect();
    let ratings: Vec<Option<GapRatings<'_>>> =
        data.iter().map(|p| p.as_ref().map(|(r, a)| GapRatings { reference: r, achieved: a })).collect();
    done(py, sat::five_gaps([ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]]))
}

#[pyfunction]
fn csi<'py>(
    py: Python<'py>,
    ratings: Array2<'py>,
    scale: (f64, f64),
    weights: Option<Array1<'py>>,
    overall: Option<Array1<'py>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (m, cols) = matrix(&ratings);
    let (w, o) = (weights.as_ref().map(slice), overall.as_ref().map(slice));
    let r = py.detach(|| {
        sat::csi(
            &Matrix::new("ratings", &m, cols)?,
            Scale::new(scale.0, scale.1)?,
            Importance::from_options(w.as_deref(), o.as_deref())?,
        )
    });
    done(py, r)
}

#[pyfunction]
fn ipa<'py>(
    py: Python<'py>,
    importance: Array1<'py>,
    performance: Array1<'py>,
    importance_cut: Option<f64>,
    performance_cut: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    done(py, sat::ipa(&slice(&importance), &slice(&performance), importance_cut, performance_cut))
}

#[pyfunction]
fn complaint_iceberg(
    py: Python<'_>,
    formal_complaints: f64,
    people_told: f64,
    formal_share: f64,
    voiced_share: f64,
    silent_share: f64,
) -> PyResult<Bound<'_, PyAny>> {
    let shares = sat::IcebergShares { formal: formal_share, voiced: voiced_share, silent: silent_share };
    done(py, sat::complaint_iceberg(formal_complaints, shares, people_told))
}

#[pyfunction]
fn sample_size(
    py: Python<'_>,
    margin: f64,
    confidence: f64,
    proportion: f64,
    population: Option<u64>,
) -> PyResult<Bound<'_, PyAny>> {
    done(py, sat::sample_size(margin, confidence, proportion, population))
}

#[pyfunction]
fn margin_of_error(proportion: f64, n: u64, confidence: f64, population: Option<u64>) -> PyResult<f64> {
    sat::margin_of_error(proportion, n, confidence, population).map_err(errors::to_py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(nps, m)?)?;
    m.add_function(wrap_pyfunction!(nps_from_counts, m)?)?;
    m.add_function(wrap_pyfunction!(nps_difference, m)?)?;
    m.add_function(wrap_pyfunction!(csat, m)?)?;
    m.add_function(wrap_pyfunction!(satisfaction_rate, m)?)?;
    m.add_function(wrap_pyfunction!(disconfirmation, m)?)?;
    m.add_function(wrap_pyfunction!(servqual, m)?)?;
    m.add_function(wrap_pyfunction!(zone_of_tolerance, m)?)?;
    m.add_function(wrap_pyfunction!(five_gaps, m)?)?;
    m.add_function(wrap_pyfunction!(csi, m)?)?;
    m.add_function(wrap_pyfunction!(ipa, m)?)?;
    m.add_function(wrap_pyfunction!(complaint_iceberg, m)?)?;
    m.add_function(wrap_pyfunction!(sample_size, m)?)?;
    m.add_function(wrap_pyfunction!(margin_of_error, m)?)?;
    Ok(())
}
