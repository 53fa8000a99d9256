//! `custometrics.satisfaction`: thin wrappers over `custometrics::satisfaction`.

use crate::convert;
use crate::input::{matrix, native, optional, pair, uint, vector};
use crate::{done, errors, with_native};
use custometrics::Matrix;
use custometrics::satisfaction::{self as sat, GapRatings, Importance, Instrument, NpsOptions, Scale};
use pyo3::prelude::*;

/// The instrument of `dimensions` (name and item indexes), an index that is negative or too large
/// being `out_of_range` naming `dimensions`.
fn instrument(dimensions: Option<Vec<(String, Vec<Bound<'_, PyAny>>)>>) -> PyResult<Instrument> {
    let Some(groups) = dimensions else { return Ok(Instrument::servqual22()) };
    let groups = groups
        .into_iter()
        .map(|(name, items)| Ok((name, items.iter().map(|i| uint("dimensions", i)).collect::<PyResult<Vec<usize>>>()?)))
        .collect::<PyResult<Vec<_>>>()?;
    Instrument::from_groups(groups).map_err(errors::to_py)
}

/// Integer and float32 arrays (survey answers arrive as int64) are read at their own width by
/// the core's counting kernel, without widening.
#[pyfunction]
fn nps<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    confidence: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = NpsOptions { confidence, nan_policy: convert::nan_policy(nan_policy)? };
    let s = native("scores", scores)?;
    with_native!(&s, |s| done(py, py.detach(|| sat::nps_of(s, opts))))
}

#[pyfunction]
fn nps_from_counts<'py>(
    py: Python<'py>,
    promoters: &Bound<'py, PyAny>,
    passives: &Bound<'py, PyAny>,
    detractors: &Bound<'py, PyAny>,
    confidence: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let (p, n, d) = (uint("promoters", promoters)?, uint("passives", passives)?, uint("detractors", detractors)?);
    done(py, sat::Nps::from_counts(p, n, d, confidence))
}

#[pyfunction]
fn nps_difference<'py>(
    py: Python<'py>,
    scores_a: &Bound<'py, PyAny>,
    scores_b: &Bound<'py, PyAny>,
    confidence: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = NpsOptions { confidence, nan_policy: convert::nan_policy(nan_policy)? };
    let (a, b) = (vector("scores_a", scores_a)?, vector("scores_b", scores_b)?);
    let (a, b) = (&*a, &*b);
    done(py, py.detach(|| sat::nps_difference(a, b, opts)))
}

#[pyfunction]
fn csat<'py>(
    py: Python<'py>,
    responses: &Bound<'py, PyAny>,
    scale_points: &Bound<'py, PyAny>,
    top_k: &Bound<'py, PyAny>,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let policy = convert::nan_policy(nan_policy)?;
    let (scale_points, top_k) = (uint("scale_points", scale_points)?, uint("top_k", top_k)?);
    let r = vector("responses", responses)?;
    let r = &*r;
    done(py, py.detach(|| sat::csat(r, scale_points, top_k, policy)))
}

#[pyfunction]
fn satisfaction_rate<'py>(
    py: Python<'py>,
    ratings: &Bound<'py, PyAny>,
    threshold: f64,
    nan_policy: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let policy = convert::nan_policy(nan_policy)?;
    let r = vector("ratings", ratings)?;
    let r = &*r;
    done(py, py.detach(|| sat::satisfaction_rate(r, threshold, policy)))
}

#[pyfunction]
fn disconfirmation<'py>(
    py: Python<'py>,
    perception: &Bound<'py, PyAny>,
    expectation: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    delight_margin: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let (p, e) = (vector("perception", perception)?, vector("expectation", expectation)?);
    let w = optional("weights", weights)?;
    done(py, sat::disconfirmation(&p, &e, w.as_deref(), delight_margin))
}

#[pyfunction]
fn servqual<'py>(
    py: Python<'py>,
    expectations: &Bound<'py, PyAny>,
    perceptions: &Bound<'py, PyAny>,
    importance: Option<&Bound<'py, PyAny>>,
    dimensions: Option<Vec<(String, Vec<Bound<'py, PyAny>>)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = instrument(dimensions)?;
    let (e, p) = (matrix("expectations", expectations)?, matrix("perceptions", perceptions)?);
    let ((e, ec), (p, pc)) = ((&*e, e.cols()), (&*p, p.cols()));
    let imp = optional("importance", importance)?;
    let imp = imp.as_deref();
    let r = py.detach(|| {
        sat::servqual(&inst, &Matrix::new("expectations", e, ec)?, &Matrix::new("perceptions", p, pc)?, imp)
    });
    done(py, r)
}

#[pyfunction]
fn zone_of_tolerance<'py>(
    py: Python<'py>,
    adequate: &Bound<'py, PyAny>,
    desired: &Bound<'py, PyAny>,
    perceived: &Bound<'py, PyAny>,
    dimensions: Option<Vec<(String, Vec<Bound<'py, PyAny>>)>>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = instrument(dimensions)?;
    let (a, d, p) = (matrix("adequate", adequate)?, matrix("desired", desired)?, matrix("perceived", perceived)?);
    let ((a, ac), (d, dc), (p, pc)) = ((&*a, a.cols()), (&*d, d.cols()), (&*p, p.cols()));
    let r = py.detach(|| {
        sat::zone_of_tolerance(
            &inst,
            &Matrix::new("adequate", a, ac)?,
            &Matrix::new("desired", d, dc)?,
            &Matrix::new("perceived", p, pc)?,
        )
    });
    done(py, r)
}

#[pyfunction]
fn five_gaps<'py>(py: Python<'py>, pairs: [Option<Bound<'py, PyAny>>; 5]) -> PyResult<Bound<'py, PyAny>> {
    let read = |k: usize, p: &Bound<'py, PyAny>| {
        let (r, a) = pair(&format!("gap{}", k + 1), p)?;
        PyResult::Ok((vector(&format!("gap{}.reference", k + 1), &r)?, vector(&format!("gap{}.achieved", k + 1), &a)?))
    };
    let data = pairs
        .iter()
        .enumerate()
        .map(|(k, p)| p.as_ref().map(|p| read(k, p)).transpose())
        .collect::<PyResult<Vec<_>>>()?;
    let ratings: Vec<Option<GapRatings<'_>>> =
        data.iter().map(|p| p.as_ref().map(|(r, a)| GapRatings { reference: r, achieved: a })).collect();
    done(py, sat::five_gaps([ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]]))
}

#[pyfunction]
fn csi<'py>(
    py: Python<'py>,
    ratings: &Bound<'py, PyAny>,
    #[pyo3(from_py_with = crate::input::scale)] scale: (f64, f64),
    weights: Option<&Bound<'py, PyAny>>,
    overall: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let m = matrix("ratings", ratings)?;
    let (m, cols) = (&*m, m.cols());
    let (w, o) = (optional("weights", weights)?, optional("overall", overall)?);
    let (w, o) = (w.as_deref(), o.as_deref());
    let r = py.detach(|| {
        sat::csi(&Matrix::new("ratings", m, cols)?, Scale::new(scale.0, scale.1)?, Importance::from_options(w, o)?)
    });
    done(py, r)
}

#[pyfunction]
fn ipa<'py>(
    py: Python<'py>,
    importance: &Bound<'py, PyAny>,
    performance: &Bound<'py, PyAny>,
    importance_cut: Option<f64>,
    performance_cut: Option<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let (i, p) = (vector("importance", importance)?, vector("performance", performance)?);
    done(py, sat::ipa(&i, &p, importance_cut, performance_cut))
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
fn sample_size<'py>(
    py: Python<'py>,
    margin: f64,
    confidence: f64,
    proportion: f64,
    population: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let population = population.map(|p| uint("population", p)).transpose()?;
    done(py, sat::sample_size(margin, confidence, proportion, population))
}

#[pyfunction]
fn margin_of_error(
    proportion: f64,
    n: &Bound<'_, PyAny>,
    confidence: f64,
    population: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let population = population.map(|p| uint("population", p)).transpose()?;
    sat::margin_of_error(proportion, uint("n", n)?, confidence, population).map_err(errors::to_py)
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
