//! `custometrics.satisfaction`: thin wrappers over `custometrics::satisfaction`.

//!
//! Each function's options arrive as one dict, read into the core's options type by
//! [`crate::options`]; arrays among them (weights, importance, overall ratings) through the
//! input layer, scales given as a `(low, high)` pair.

use crate::input::{matrix, native, pair, uint, vector};
use crate::options::{number_pair, options, options_with};
use crate::{done, errors, with_native};
use custometrics::Matrix;
use custometrics::satisfaction::{
    self as sat, CsatOptions, CsiOptions, CsiSums, Design, DisconfirmationOptions, DriverMethod, GapRatings,
    IcebergShares, Importance, Instrument, IpaOptions, KeyDriversOptions, NpsOptions, OverallSums, RateOptions, Scale,
    ServqualOptions, SurveyOptions,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The groups of `dimensions`: (name, item columns) pairs.
type Groups<'py> = Vec<(String, Vec<Bound<'py, PyAny>>)>;

/// The instrument of `dimensions` (name and item indexes), an index that is negative or too large
/// being `out_of_range` naming `dimensions`.
fn instrument(dimensions: Option<Groups<'_>>) -> PyResult<Instrument> {
    let Some(groups) = dimensions else { return Ok(Instrument::servqual22()) };
    let groups = groups
        .into_iter()
        .map(|(name, items)| Ok((name, items.iter().map(|i| uint("dimensions", i)).collect::<PyResult<Vec<usize>>>()?)))
        .collect::<PyResult<Vec<_>>>()?;
    Instrument::from_groups(groups).map_err(errors::to_py)
}

/// `dimensions` that are not (name, item columns) pairs.
fn bad_dimensions(d: &Bound<'_, PyAny>) -> PyErr {
    errors::to_py(custometrics::Error::Invalid {
        at: custometrics::Location::scalar("dimensions"),
        value: d.repr().map_or_else(|_| "?".into(), |r| r.to_string()),
        expected: "the dimensions as (name, item columns) pairs".into(),
    })
}

/// Integer and float32 arrays (survey answers arrive as int64) are read at their own width by
/// the core's counting kernel, without widening.
#[pyfunction]
fn nps<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: NpsOptions = options(given)?;
    let s = native("scores", scores)?;
    with_native!(&s, |s| done(py, py.detach(|| sat::nps_of(s, &opts))))
}

#[pyfunction]
fn nps_from_counts<'py>(
    py: Python<'py>,
    promoters: &Bound<'py, PyAny>,
    passives: &Bound<'py, PyAny>,
    detractors: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (o, _): (NpsOptions, _) = options_with(given, &[("", "nan_policy")])?;
    let (p, n, d) = (uint("promoters", promoters)?, uint("passives", passives)?, uint("detractors", detractors)?);
    done(py, py.detach(|| sat::Nps::from_counts_with(p, n, d, &o)))
}

#[pyfunction]
fn nps_difference<'py>(
    py: Python<'py>,
    scores_a: &Bound<'py, PyAny>,
    scores_b: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (opts, _): (NpsOptions, _) = options_with(given, &WALD_ONLY)?;
    let (a, b) = (vector("scores_a", scores_a)?, vector("scores_b", scores_b)?);
    let (a, b) = (&*a, &*b);
    done(py, py.detach(|| sat::nps_difference(a, b, &opts)))
}

#[pyfunction]
fn csat<'py>(
    py: Python<'py>,
    responses: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: CsatOptions = options(given)?;
    let r = native("responses", responses)?;
    let r = r.column()?;
    done(py, py.detach(|| sat::csat_with(r, &o)))
}

/// The NPS trend over ordered periods: `NpsTrend`.
#[pyfunction]
#[pyo3(signature = (scores, weights, periods, n_periods, given))]
fn nps_trend<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    periods: Option<&Bound<'py, PyAny>>,
    n_periods: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (o, _): (NpsOptions, _) = options_with(given, &WALD_ONLY)?;
    surveyed(py, ("scores", scores), (weights, periods, n_periods), |s, d| sat::nps_trend(s, d, &o))
}

/// The CSAT of two independent samples compared: `ShareDifference`.
#[pyfunction]
fn csat_difference<'py>(
    py: Python<'py>,
    responses_a: &Bound<'py, PyAny>,
    responses_b: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: CsatOptions = options(given)?;
    let (a, b) = (native("responses_a", responses_a)?, native("responses_b", responses_b)?);
    let (a, b) = (a.column()?, b.column()?);
    done(py, py.detach(|| sat::csat_difference(a, b, &o)))
}

/// The satisfaction rate of two independent samples compared: `ShareDifference`.
#[pyfunction]
fn satisfaction_rate_difference<'py>(
    py: Python<'py>,
    ratings_a: &Bound<'py, PyAny>,
    ratings_b: &Bound<'py, PyAny>,
    threshold: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: RateOptions = options(given)?;
    let (a, b) = (native("ratings_a", ratings_a)?, native("ratings_b", ratings_b)?);
    let (a, b) = (a.column()?, b.column()?);
    done(py, py.detach(|| sat::satisfaction_rate_difference(a, b, threshold, &o)))
}

#[pyfunction]
fn satisfaction_rate<'py>(
    py: Python<'py>,
    ratings: &Bound<'py, PyAny>,
    threshold: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: RateOptions = options(given)?;
    let r = native("ratings", ratings)?;
    let r = r.column()?;
    done(py, py.detach(|| sat::satisfaction_rate_with(r, threshold, &o)))
}

/// The survey design's arrays, each at its own width (segment codes arrive as int8 from a
/// pandas Categorical, as int64 from numpy).
pub(crate) struct Survey<'py> {
    weights: Option<crate::input::Native<'py>>,
    segments: Option<crate::input::Native<'py>>,
    n_segments: Option<usize>,
}

impl<'py> Survey<'py> {
    pub(crate) fn read(
        weights: Option<&Bound<'py, PyAny>>,
        segments: Option<&Bound<'py, PyAny>>,
        n_segments: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Self> {
        Ok(Self {
            weights: weights.filter(|w| !w.is_none()).map(|w| native("weights", w)).transpose()?,
            segments: segments.filter(|g| !g.is_none()).map(|g| native("segments", g)).transpose()?,
            n_segments: n_segments.filter(|k| !k.is_none()).map(|k| uint::<usize>("n_segments", k)).transpose()?,
        })
    }

    pub(crate) fn design(&self) -> PyResult<Design<'_>> {
        Ok(Design {
            weights: self.weights.as_ref().map(|w| w.column()).transpose()?,
            segments: self.segments.as_ref().map(|g| g.column()).transpose()?,
            n_segments: self.n_segments,
        })
    }
}

/// The NPS options a comparison does not read: each side's interval is Wald's, as the
/// difference's.
const WALD_ONLY: [(&str, &str); 5] =
    [("", "method"), ("", "prior"), ("", "threshold"), ("", "resamples"), ("", "seed")];
/// The NPS options of a test that only counts answers: the NaN policy alone.
const NAN_POLICY_ONLY: [(&str, &str); 6] =
    [("", "confidence"), ("", "method"), ("", "prior"), ("", "threshold"), ("", "resamples"), ("", "seed")];

/// A survey function `f` of the answers `(field, values)` and the design's optional
/// `(weights, segments, n_segments)`, each read at its own width, with the GIL released.
#[allow(clippy::type_complexity)]
fn surveyed<'py, R: serde::Serialize + Send>(
    py: Python<'py>,
    (field, values): (&str, &Bound<'py, PyAny>),
    (weights, segments, n_segments): (
        Option<&Bound<'py, PyAny>>,
        Option<&Bound<'py, PyAny>>,
        Option<&Bound<'py, PyAny>>,
    ),
    f: impl FnOnce(custometrics::Column<'_>, &Design<'_>) -> custometrics::Result<R> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    let values = native(field, values)?;
    let survey = Survey::read(weights, segments, n_segments)?;
    let (v, d) = (values.column()?, survey.design()?);
    done(py, py.detach(|| f(v, &d)))
}

/// Raked weights: `margins` a sequence of `(codes, targets)` pairs.
#[pyfunction]
#[pyo3(signature = (margins, base, given))]
fn rake<'py>(
    py: Python<'py>,
    margins: Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>,
    base: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: sat::RakeOptions = options(given)?;
    let mut read = Vec::with_capacity(margins.len());
    for (m, (codes, targets)) in margins.iter().enumerate() {
        read.push((native(&format!("margins[{m}].codes"), codes)?, vector(&format!("margins[{m}].targets"), targets)?));
    }
    let base = base.filter(|b| !b.is_none()).map(|b| vector("base", b)).transpose()?;
    let margins = read
        .iter()
        .map(|(c, t)| Ok(sat::Margin { codes: c.column()?, targets: &t[..] }))
        .collect::<PyResult<Vec<_>>>()?;
    let base = base.as_deref();
    done(py, py.detach(|| sat::rake(&margins, base, &o)))
}

/// NPS per segment and in total, weighted or not: `{segments: [Nps | None], total: Nps}`.
#[pyfunction]
#[pyo3(signature = (scores, weights, segments, n_segments, given))]
fn nps_survey<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: NpsOptions = options(given)?;
    surveyed(py, ("scores", scores), (weights, segments, n_segments), |s, d| sat::nps_survey(s, d, &o))
}

/// Each segment's NPS against the NPS of every other answer: `{segments: [VersusRest | None]}`.
#[pyfunction]
#[pyo3(signature = (scores, weights, segments, n_segments, given))]
fn nps_versus_rest<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (o, _): (NpsOptions, _) = options_with(given, &WALD_ONLY)?;
    surveyed(py, ("scores", scores), (weights, segments, n_segments), |s, d| {
        sat::nps_versus_rest(s, d, &o).map(|segments| std::collections::BTreeMap::from([("segments", segments)]))
    })
}

/// Pearson's chi-square test of the NPS categories against the segments: `CategoryTest`.
#[pyfunction]
#[pyo3(signature = (scores, weights, segments, n_segments, given))]
fn nps_chi_square<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (o, _): (NpsOptions, _) = options_with(given, &NAN_POLICY_ONLY)?;
    surveyed(py, ("scores", scores), (weights, segments, n_segments), |s, d| sat::nps_chi_square(s, d, &o))
}

/// CSAT per segment and in total, weighted or not.
#[pyfunction]
#[pyo3(signature = (responses, weights, segments, n_segments, given))]
fn csat_survey<'py>(
    py: Python<'py>,
    responses: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: CsatOptions = options(given)?;
    surveyed(py, ("responses", responses), (weights, segments, n_segments), |r, d| sat::csat_survey(r, d, &o))
}

/// The satisfaction rate per segment and in total, weighted or not.
#[pyfunction]
#[pyo3(signature = (ratings, threshold, weights, segments, n_segments, given))]
fn satisfaction_rate_survey<'py>(
    py: Python<'py>,
    ratings: &Bound<'py, PyAny>,
    threshold: f64,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: RateOptions = options(given)?;
    surveyed(py, ("ratings", ratings), (weights, segments, n_segments), |r, d| {
        sat::satisfaction_rate_survey(r, threshold, d, &o)
    })
}

#[pyfunction]
fn disconfirmation<'py>(
    py: Python<'py>,
    perception: &Bound<'py, PyAny>,
    expectation: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("importance", "importance"), ("", "scale"), ("", "confidence")];
    let (o, raw): (DisconfirmationOptions, _) = options_with(given, &keys)?;
    let (p, e) = (vector("perception", perception)?, vector("expectation", expectation)?);
    let w = raw.vector("importance")?;
    done(py, sat::disconfirmation(&p, &e, w.as_deref(), o.delight_margin))
}

/// Disconfirmation per segment and in total with t intervals: `{segments:
/// [DisconfirmationEstimate | None], total: DisconfirmationEstimate}`. `weights` are the design
/// weights (the options' `importance` the attribute importance).
#[pyfunction]
#[pyo3(signature = (perceptions, expectations, weights, segments, n_segments, given))]
fn disconfirmation_survey<'py>(
    py: Python<'py>,
    perceptions: &Bound<'py, PyAny>,
    expectations: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("importance", "importance"), ("scale", "scale")];
    let (mut o, raw): (DisconfirmationOptions, _) = options_with(given, &keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        o.scale = Scale::new(low, high).map_err(errors::to_py)?;
    }
    o.importance = raw.vector("importance")?.map(|v| v.to_vec());
    let (p, e) = (matrix("perceptions", perceptions)?, matrix("expectations", expectations)?);
    let ((p, pc), (e, ec)) = ((&*p, p.cols()), (&*e, e.cols()));
    let survey = Survey::read(weights, segments, n_segments)?;
    let d = survey.design()?;
    let r = py.detach(|| {
        let (p, e) = (Matrix::new("perceptions", p, pc)?, Matrix::new("expectations", e, ec)?);
        sat::disconfirmation_survey(&p, &e, &d, &o)
    });
    done(py, r)
}

#[pyfunction]
fn servqual<'py>(
    py: Python<'py>,
    expectations: &Bound<'py, PyAny>,
    perceptions: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let hidden = [("importance", "importance"), ("dimensions", ""), ("", "scale"), ("", "confidence")];
    let (_, raw): (ServqualOptions, _) = options_with(given, &hidden)?;
    let groups = raw.get("dimensions").map(|d| d.extract().map_err(|_: PyErr| bad_dimensions(d)));
    let inst = instrument(groups.transpose()?)?;
    let (e, p) = (matrix("expectations", expectations)?, matrix("perceptions", perceptions)?);
    let ((e, ec), (p, pc)) = ((&*e, e.cols()), (&*p, p.cols()));
    let imp = raw.vector("importance")?;
    let imp = imp.as_deref();
    let r = py.detach(|| {
        sat::servqual(&inst, &Matrix::new("expectations", e, ec)?, &Matrix::new("perceptions", p, pc)?, imp)
    });
    done(py, r)
}

/// SERVQUAL gaps per segment and in total with t intervals: `{segments: [ServqualEstimate |
/// None], total: ServqualEstimate}`.
#[pyfunction]
#[pyo3(signature = (expectations, perceptions, weights, segments, n_segments, given))]
fn servqual_survey<'py>(
    py: Python<'py>,
    expectations: &Bound<'py, PyAny>,
    perceptions: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("importance", "importance"), ("dimensions", ""), ("scale", "scale")];
    let (mut o, raw): (ServqualOptions, _) = options_with(given, &keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        o.scale = Scale::new(low, high).map_err(errors::to_py)?;
    }
    o.importance = raw.vector("importance")?.map(|v| v.to_vec());
    let groups = raw.get("dimensions").map(|d| d.extract().map_err(|_: PyErr| bad_dimensions(d)));
    let inst = instrument(groups.transpose()?)?;
    let (e, p) = (matrix("expectations", expectations)?, matrix("perceptions", perceptions)?);
    let ((e, ec), (p, pc)) = ((&*e, e.cols()), (&*p, p.cols()));
    let survey = Survey::read(weights, segments, n_segments)?;
    let d = survey.design()?;
    let r = py.detach(|| {
        let (e, p) = (Matrix::new("expectations", e, ec)?, Matrix::new("perceptions", p, pc)?);
        sat::servqual_survey(&inst, &e, &p, &d, &o)
    });
    done(py, r)
}

#[pyfunction]
fn zone_of_tolerance<'py>(
    py: Python<'py>,
    adequate: &Bound<'py, PyAny>,
    desired: &Bound<'py, PyAny>,
    perceived: &Bound<'py, PyAny>,
    dimensions: Option<Groups<'py>>,
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
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("scale", "scale"), ("importance", "importance"), ("overall", "overall"), ("", "confidence")];
    let (opts, raw): (CsiOptions, _) = options_with(given, &keys)?;
    let scale = match raw.pair("scale")? {
        Some((low, high)) => Scale::new(low, high).map_err(errors::to_py)?,
        None => opts.scale,
    };
    let m = matrix("ratings", ratings)?;
    let (m, cols) = (&*m, m.cols());
    let (w, o) = (raw.vector("importance")?, raw.vector("overall")?);
    let (w, o) = (w.as_deref(), o.as_deref());
    let r = py.detach(|| sat::csi(&Matrix::new("ratings", m, cols)?, scale, Importance::from_options(w, o)?));
    done(py, r)
}

/// The key drivers of `overall` among the columns of `attributes` (respondents × attributes, any
/// memory order, a DataFrame's columns): `KeyDrivers`.
#[pyfunction]
fn key_drivers<'py>(
    py: Python<'py>,
    overall: &Bound<'py, PyAny>,
    attributes: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: KeyDriversOptions = options(given)?;
    let y = vector("overall", overall)?;
    let m = matrix("attributes", attributes)?;
    let (y, m, cols) = (&*y, &*m, m.cols());
    done(py, py.detach(|| sat::key_drivers(y, &Matrix::new("attributes", m, cols)?, &o)))
}

/// Two samples' means compared (Welch): `MeanDifference`.
#[pyfunction]
#[pyo3(signature = (a, b, scale, weights_a, weights_b, given))]
fn mean_difference<'py>(
    py: Python<'py>,
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    scale: &Bound<'py, PyAny>,
    weights_a: Option<&Bound<'py, PyAny>>,
    weights_b: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: sat::MeanOptions = options(given)?;
    let scale = number_pair("scale", scale)?;
    let (a, b) = (native("a", a)?, native("b", b)?);
    let read =
        |field: &str, w: Option<&Bound<'py, PyAny>>| w.filter(|w| !w.is_none()).map(|w| native(field, w)).transpose();
    let (wa, wb) = (read("weights_a", weights_a)?, read("weights_b", weights_b)?);
    let (a, b) = (a.column()?, b.column()?);
    let wa = wa.as_ref().map(|w| w.column()).transpose()?;
    let wb = wb.as_ref().map(|w| w.column()).transpose()?;
    done(py, py.detach(|| sat::mean_difference(a, b, scale, (wa, wb), o.confidence, o.nan_policy)))
}

/// The mean of answers on `scale` per segment and in total, weighted or not:
/// `{segments: [Mean | None], total: Mean}`.
#[pyfunction]
#[pyo3(signature = (values, scale, weights, segments, n_segments, given))]
fn mean_survey<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    scale: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: sat::MeanOptions = options(given)?;
    let scale = number_pair("scale", scale)?;
    surveyed(py, ("values", values), (weights, segments, n_segments), |v, d| {
        sat::mean_survey(v, scale, d, o.confidence, o.nan_policy)
    })
}

/// Each segment's mean against the mean of every other answer:
/// `{segments: [MeanVersusRest | None]}`.
#[pyfunction]
#[pyo3(signature = (values, scale, weights, segments, n_segments, given))]
fn mean_versus_rest<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    scale: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: sat::MeanOptions = options(given)?;
    let scale = number_pair("scale", scale)?;
    surveyed(py, ("values", values), (weights, segments, n_segments), |v, d| {
        sat::mean_versus_rest(v, scale, d, o.confidence, o.nan_policy)
            .map(|segments| std::collections::BTreeMap::from([("segments", segments)]))
    })
}

/// The mean's trend over ordered periods: `MeanTrend`.
#[pyfunction]
#[pyo3(signature = (values, scale, weights, periods, n_periods, given))]
fn mean_trend<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyAny>,
    scale: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    periods: Option<&Bound<'py, PyAny>>,
    n_periods: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let o: sat::MeanOptions = options(given)?;
    let scale = number_pair("scale", scale)?;
    surveyed(py, ("values", values), (weights, periods, n_periods), |v, d| {
        sat::mean_trend(v, scale, d, o.confidence, o.nan_policy)
    })
}

/// The CSI per segment and in total with t intervals, and the attribute means with theirs:
/// `{segments: [CsiEstimate | None], total: CsiEstimate}`. `weights` are the design weights (the
/// options' `importance` the stated importance).
#[pyfunction]
#[pyo3(signature = (ratings, weights, segments, n_segments, given))]
fn csi_survey<'py>(
    py: Python<'py>,
    ratings: &Bound<'py, PyAny>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("scale", "scale"), ("importance", "importance"), ("overall", "overall")];
    let (mut opts, raw): (CsiOptions, _) = options_with(given, &keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        opts.scale = Scale::new(low, high).map_err(errors::to_py)?;
    }
    opts.importance = raw.vector("importance")?.map(|w| w.to_vec());
    opts.overall = raw.vector("overall")?.map(|o| o.to_vec());
    let m = matrix("ratings", ratings)?;
    let (m, cols) = (&*m, m.cols());
    let survey = Survey::read(weights, segments, n_segments)?;
    let d = survey.design()?;
    done(py, py.detach(|| sat::csi_survey(&Matrix::new("ratings", m, cols)?, &d, &opts)))
}

/// The overall rating's four sums come together or not at all: a missing one is named.
#[pyfunction]
fn csi_from_sums<'py>(
    py: Python<'py>,
    n: &Bound<'py, PyAny>,
    sum: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [
        ("scale", "scale"),
        ("importance", "importance"),
        ("", "overall"),
        ("sum_squares", ""),
        ("overall_sum", ""),
        ("overall_sum_squares", ""),
        ("cross", ""),
        ("", "confidence"),
    ];
    let (opts, raw): (CsiOptions, _) = options_with(given, &keys)?;
    let scale = match raw.pair("scale")? {
        Some((low, high)) => Scale::new(low, high).map_err(errors::to_py)?,
        None => opts.scale,
    };
    let (n, sum, w) = (uint("n", n)?, vector("sum", sum)?, raw.vector("importance")?);
    let (squares, cross) = (raw.vector("sum_squares")?, raw.vector("cross")?);
    let (y, yy) = (raw.number("overall_sum")?, raw.number("overall_sum_squares")?);
    let overall = match (squares.as_deref(), y, yy, cross.as_deref()) {
        (None, None, None, None) => None,
        (Some(sum_squares), Some(overall_sum), Some(overall_sum_squares), Some(cross)) => {
            Some(OverallSums { sum_squares, overall_sum, overall_sum_squares, cross })
        }
        _ => {
            let given = [
                ("sum_squares", squares.is_some()),
                ("overall_sum", y.is_some()),
                ("overall_sum_squares", yy.is_some()),
                ("cross", cross.is_some()),
            ];
            let missing: Vec<&str> = given.iter().filter(|(_, g)| !g).map(|(k, _)| *k).collect();
            return Err(errors::to_py(custometrics::Error::Invalid {
                at: custometrics::Location::scalar(missing.first().copied().unwrap_or("sum_squares")),
                value: format!("missing ({} of the overall rating's sums not given)", missing.join(", ")),
                expected: "sum_squares, overall_sum, overall_sum_squares and cross together, or none of them".into(),
            }));
        }
    };
    let sums = CsiSums { n, sum: &sum, overall };
    done(py, sat::csi_from_sums(&sums, scale, w.as_deref()))
}

#[pyfunction]
fn servqual_from_sums<'py>(
    py: Python<'py>,
    n: &Bound<'py, PyAny>,
    item_gap_sums: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let hidden = [("importance", "importance"), ("dimensions", ""), ("", "scale"), ("", "confidence")];
    let (_, raw): (ServqualOptions, _) = options_with(given, &hidden)?;
    let groups = raw.get("dimensions").map(|d| d.extract().map_err(|_: PyErr| bad_dimensions(d)));
    let inst = instrument(groups.transpose()?)?;
    let (n, sums, imp) = (uint("n", n)?, vector("item_gap_sums", item_gap_sums)?, raw.vector("importance")?);
    done(py, sat::servqual_from_sums(&inst, n, &sums, imp.as_deref()))
}

#[pyfunction]
fn ipa<'py>(
    py: Python<'py>,
    importance: &Bound<'py, PyAny>,
    performance: &Bound<'py, PyAny>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let (o, _): (IpaOptions, _) = options_with(given, &[("", "scale"), ("", "confidence")])?;
    let (i, p) = (vector("importance", importance)?, vector("performance", performance)?);
    done(py, sat::ipa(&i, &p, o.importance_cut, o.performance_cut))
}

/// IPA per segment and in total with t intervals: `{segments: [IpaEstimate | None], total:
/// IpaEstimate}`. Importance is the `importance` matrix (stated) or derived from the options'
/// `overall` ratings by `method`; `weights` are the design weights.
#[pyfunction]
#[pyo3(signature = (performance, importance, weights, segments, n_segments, given))]
fn ipa_survey<'py>(
    py: Python<'py>,
    performance: &Bound<'py, PyAny>,
    importance: Option<&Bound<'py, PyAny>>,
    weights: Option<&Bound<'py, PyAny>>,
    segments: Option<&Bound<'py, PyAny>>,
    n_segments: Option<&Bound<'py, PyAny>>,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("scale", "scale"), ("overall", ""), ("method", "")];
    let (mut o, raw): (IpaOptions, _) = options_with(given, &keys)?;
    if let Some((low, high)) = raw.pair("scale")? {
        o.scale = Scale::new(low, high).map_err(errors::to_py)?;
    }
    let overall = raw.vector("overall")?;
    let method = match raw.word("method")? {
        Some(w) => DriverMethod::parse(&w).map_err(errors::to_py)?,
        None => DriverMethod::default(),
    };
    let p = matrix("performance", performance)?;
    let (p, pc) = (&*p, p.cols());
    let stated = importance.map(|m| matrix("importance", m)).transpose()?;
    let stated = stated.as_ref().map(|m| (&**m, m.cols()));
    let overall = overall.as_deref();
    let survey = Survey::read(weights, segments, n_segments)?;
    let d = survey.design()?;
    let r = py.detach(|| {
        let p = Matrix::new("performance", p, pc)?;
        let stated = stated.map(|(m, c)| Matrix::new("importance", m, c)).transpose()?;
        let importance = sat::IpaImportance::from_options(stated.as_ref(), overall, method)?;
        sat::ipa_survey(&p, importance, &d, &o)
    });
    done(py, r)
}

/// The shares are `formal_share` … in Python, `formal` … in the core.
#[pyfunction]
fn complaint_iceberg<'py>(
    py: Python<'py>,
    formal_complaints: f64,
    people_told: f64,
    given: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = [("formal_share", "formal"), ("voiced_share", "voiced"), ("silent_share", "silent")];
    let (mut shares, raw): (IcebergShares, _) = options_with(given, &keys)?;
    for ((key, _), share) in keys.iter().zip([&mut shares.formal, &mut shares.voiced, &mut shares.silent]) {
        if let Some(x) = raw.number(key)? {
            *share = x;
        }
    }
    done(py, sat::complaint_iceberg(formal_complaints, shares, people_told))
}

#[pyfunction]
fn sample_size<'py>(py: Python<'py>, margin: f64, given: Option<&Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyAny>> {
    let o: SurveyOptions = options(given)?;
    done(py, sat::sample_size(margin, o.confidence, o.proportion, o.population))
}

#[pyfunction]
fn margin_of_error(proportion: f64, n: &Bound<'_, PyAny>, given: Option<&Bound<'_, PyDict>>) -> PyResult<f64> {
    let (o, _): (SurveyOptions, _) = options_with(given, &[("", "proportion")])?;
    sat::margin_of_error(proportion, uint("n", n)?, o.confidence, o.population).map_err(errors::to_py)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(nps, m)?)?;
    m.add_function(wrap_pyfunction!(nps_from_counts, m)?)?;
    m.add_function(wrap_pyfunction!(nps_difference, m)?)?;
    m.add_function(wrap_pyfunction!(csat, m)?)?;
    m.add_function(wrap_pyfunction!(satisfaction_rate, m)?)?;
    m.add_function(wrap_pyfunction!(nps_survey, m)?)?;
    m.add_function(wrap_pyfunction!(nps_versus_rest, m)?)?;
    m.add_function(wrap_pyfunction!(nps_chi_square, m)?)?;
    m.add_function(wrap_pyfunction!(csat_difference, m)?)?;
    m.add_function(wrap_pyfunction!(nps_trend, m)?)?;
    m.add_function(wrap_pyfunction!(key_drivers, m)?)?;
    m.add_function(wrap_pyfunction!(csi_survey, m)?)?;
    m.add_function(wrap_pyfunction!(mean_difference, m)?)?;
    m.add_function(wrap_pyfunction!(mean_survey, m)?)?;
    m.add_function(wrap_pyfunction!(mean_versus_rest, m)?)?;
    m.add_function(wrap_pyfunction!(mean_trend, m)?)?;
    m.add_function(wrap_pyfunction!(servqual_survey, m)?)?;
    m.add_function(wrap_pyfunction!(satisfaction_rate_difference, m)?)?;
    m.add_function(wrap_pyfunction!(rake, m)?)?;
    m.add_function(wrap_pyfunction!(csat_survey, m)?)?;
    m.add_function(wrap_pyfunction!(satisfaction_rate_survey, m)?)?;
    m.add_function(wrap_pyfunction!(disconfirmation, m)?)?;
    m.add_function(wrap_pyfunction!(disconfirmation_survey, m)?)?;
    m.add_function(wrap_pyfunction!(servqual, m)?)?;
    m.add_function(wrap_pyfunction!(zone_of_tolerance, m)?)?;
    m.add_function(wrap_pyfunction!(five_gaps, m)?)?;
    m.add_function(wrap_pyfunction!(csi, m)?)?;
    m.add_function(wrap_pyfunction!(csi_from_sums, m)?)?;
    m.add_function(wrap_pyfunction!(servqual_from_sums, m)?)?;
    m.add_function(wrap_pyfunction!(ipa, m)?)?;
    m.add_function(wrap_pyfunction!(ipa_survey, m)?)?;
    m.add_function(wrap_pyfunction!(complaint_iceberg, m)?)?;
    m.add_function(wrap_pyfunction!(sample_size, m)?)?;
    m.add_function(wrap_pyfunction!(margin_of_error, m)?)?;
    Ok(())
}
