//! Satisfaction: thin wrappers over `custometrics::satisfaction`.

use crate::convert::{self, JsResult, OrThrow, Raw, arg, options, options_with, to_js};
use crate::input::{IntegerScores, each_block, integer_scores, matrix, number, numbers, optional_number, typed_array};
use custometrics::satisfaction::{
    self as sat, BySegment, CsatOptions, CsiOptions, CsiSums, Design, DisconfirmationOptions, GapRatings,
    IcebergShares, Importance, Instrument, IpaOptions, NpsOptions, OverallSums, RateOptions, Scale, ServqualOptions,
    SurveyOptions,
};
use custometrics::{Column, Matrix, NanPolicy};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The SERVQUAL options and `opts.dimensions`, `{ name: [item columns] }`, read in the object's
/// key order (serde would not keep it) as an instrument, the 22-item SERVQUAL when absent.
fn servqual_options(opts: Option<JsValue>) -> JsResult<(ServqualOptions, Instrument)> {
    servqual_options_with(opts, &[("dimensions", ""), ("", "scale"), ("", "confidence")]).map(|(o, i, _)| (o, i))
}

/// [`servqual_options`] with the keys `keys` (those with a name besides `dimensions` handed back).
fn servqual_options_with(
    opts: Option<JsValue>,
    keys: &[(&'static str, &'static str)],
) -> JsResult<(ServqualOptions, Instrument, Raw)> {
    let (o, raw): (ServqualOptions, Raw) = options_with(opts, keys)?;
    let Some(dims) = raw.given("dimensions") else {
        return Ok((o, Instrument::servqual22(), raw));
    };
    let obj: js_sys::Object = arg::<serde::de::IgnoredAny>("dimensions", dims.clone()).map(|_| dims.into())?;
    let mut groups = Vec::new();
    for entry in js_sys::Object::entries(&obj).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        groups.push((name.clone(), arg::<Vec<usize>>(&format!("dimensions[{name:?}]"), pair.get(1))?));
    }
    Ok((o, Instrument::from_groups(groups).or_throw()?, raw))
}

/// SERVQUAL gaps per segment (as in `npsBySegment`; `null` for none) and in total, each
/// dimension's gap and the unweighted (and, with `importance`, weighted) score as means over
/// respondents with Student t intervals inside ±(max − min) of `opts.scale` (default `[1, 7]`):
/// `{segments: (ServqualEstimate | null)[], total: ServqualEstimate, labels}`. `opts.weights`
/// are design weights.
#[wasm_bindgen(js_name = servqualBySegment, unchecked_return_type = "BySegment<ServqualEstimate>")]
pub fn servqual_by_segment(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] expectations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] perceptions: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments | null")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ServqualSurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let keys = [("dimensions", ""), ("scale", "scale"), ("weights", "")];
    let (mut o, inst, raw) = servqual_options_with(opts, &keys)?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (e, p) = (matrix("expectations", &expectations)?, matrix("perceptions", &perceptions)?);
    let rows: Vec<f64> = vec![0.0; p.0.len() / p.1.max(1)];
    let weights = raw.given("weights");
    let run = |_: Column<'_>, d: &Design<'_>| {
        let (em, pm) = (Matrix::new("expectations", &e.0, e.1)?, Matrix::new("perceptions", &p.0, p.1)?);
        sat::servqual_survey(&inst, &em, &pm, d, &o)
    };
    if segments.is_null() || segments.is_undefined() {
        let w = weights.map(|w| numbers("weights", &w)).transpose()?;
        let d = Design { weights: w.as_deref().map(Column::from), ..Design::default() };
        let out = to_js(&run(Column::from(&rows[..]), &d).or_throw()?)?;
        js_sys::Reflect::set(&out, &"labels".into(), &js_sys::Array::new())?;
        return Ok(out);
    }
    segmented(&rows, &segments, weights, run)
}

/// Disconfirmation per segment and in total from respondent × attribute matrices (arrays of
/// rows) of perceptions and expectations on the scale, with t intervals; `segments` null for
/// the total alone.
#[wasm_bindgen(js_name = disconfirmationBySegment, unchecked_return_type = "BySegment<DisconfirmationEstimate>")]
pub fn disconfirmation_by_segment(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] perceptions: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] expectations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments | null")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DisconfirmationSurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (mut o, raw): (DisconfirmationOptions, Raw) = options_with(opts, &[("scale", "scale"), ("weights", "")])?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (p, e) = (matrix("perceptions", &perceptions)?, matrix("expectations", &expectations)?);
    let rows: Vec<f64> = vec![0.0; p.0.len() / p.1.max(1)];
    let run = |_: Column<'_>, d: &Design<'_>| {
        let (pm, em) = (Matrix::new("perceptions", &p.0, p.1)?, Matrix::new("expectations", &e.0, e.1)?);
        sat::disconfirmation_survey(&pm, &em, d, &o)
    };
    survey_rows(&rows, &segments, raw.given("weights"), run)
}

/// IPA per segment and in total from a respondent × attribute matrix of performance ratings on
/// the scale, with t intervals: importance stated (`importance`, a matrix of the same shape) or,
/// with `importance` null, derived from `overall` ratings by `method` once from the whole sample.
/// Not in the light entry `custometrics/survey`: derived importance brings the key drivers.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = ipaBySegment, unchecked_return_type = "BySegment<IpaEstimate>")]
pub fn ipa_by_segment(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] performance: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix | null")] importance: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments | null")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IpaSurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let keys = [("scale", "scale"), ("weights", ""), ("overall", ""), ("method", "")];
    let (mut o, raw): (IpaOptions, Raw) = options_with(opts, &keys)?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let method = match raw.given("method") {
        Some(m) => sat::DriverMethod::parse(&arg::<String>("method", m)?).or_throw()?,
        None => sat::DriverMethod::default(),
    };
    let overall = raw.given("overall").map(|v| numbers("overall", &v)).transpose()?;
    let p = matrix("performance", &performance)?;
    let stated =
        if importance.is_null() || importance.is_undefined() { None } else { Some(matrix("importance", &importance)?) };
    let rows: Vec<f64> = vec![0.0; p.0.len() / p.1.max(1)];
    let run = |_: Column<'_>, d: &Design<'_>| {
        let pm = Matrix::new("performance", &p.0, p.1)?;
        let im = stated.as_ref().map(|(m, c)| Matrix::new("importance", m, *c)).transpose()?;
        let importance = sat::IpaImportance::from_options(im.as_ref(), overall.as_deref(), method)?;
        sat::ipa_survey(&pm, importance, d, &o)
    };
    survey_rows(&rows, &segments, raw.given("weights"), run)
}

/// A survey of respondent rows: the total alone (with empty labels) when `segments` is null,
/// else by segment.
fn survey_rows<T: serde::Serialize>(
    rows: &[f64],
    segments: &JsValue,
    weights: Option<JsValue>,
    run: impl FnOnce(Column<'_>, &Design<'_>) -> custometrics::Result<BySegment<T>>,
) -> JsResult {
    if segments.is_null() || segments.is_undefined() {
        let w = weights.map(|w| numbers("weights", &w)).transpose()?;
        let d = Design { weights: w.as_deref().map(Column::from), ..Design::default() };
        let out = to_js(&run(Column::from(rows), &d).or_throw()?)?;
        js_sys::Reflect::set(&out, &"labels".into(), &js_sys::Array::new())?;
        return Ok(out);
    }
    segmented(rows, segments, weights, run)
}

/// Net Promoter Score of 0–10 answers, with standard error and confidence interval in points.
#[wasm_bindgen(unchecked_return_type = "Nps")]
pub fn nps(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (NpsOptions, Raw) = options_with(opts, &[("weights", "")])?;
    if let Some(w) = raw.given("weights") {
        let (s, w) = (numbers("scores", &scores)?, numbers("weights", &w)?);
        let d = Design::weights(Column::from(&w[..]));
        return to_js(&sat::nps_survey(Column::from(&s[..]), &d, &o).or_throw()?.total);
    }
    // A Float64Array under nanPolicy "raise" (the default) block by block: the blocks' counts add
    // up to the array's, and the first bad score is in the first block that fails. Each block is
    // only counted (the default Wald interval, cheap); the interval asked for is computed once,
    // from the total counts.
    if o.nan_policy == NanPolicy::Raise {
        o.check().or_throw()?; // before the scores, as the whole read checks them
        let mut counts = [0; 3];
        let read = each_block("scores", &scores, |start, block| {
            let b = sat::nps(block, &NpsOptions::default()).map_err(|e| e.relocated("scores", start))?;
            counts = [counts[0] + b.promoters, counts[1] + b.passives, counts[2] + b.detractors];
            Ok(())
        });
        if let Some(read) = read {
            read?;
            return to_js(&sat::Nps::from_counts_with(counts[0], counts[1], counts[2], &o).or_throw()?);
        }
    }
    let r = match integer_scores("scores", &scores)? {
        Some(IntegerScores::I32(s)) => sat::nps_of(&s, &o),
        Some(IntegerScores::U8(s)) => sat::nps_of(&s, &o),
        None => sat::nps(&numbers("scores", &scores)?, &o),
    };
    to_js(&r.or_throw()?)
}

/// NPS from tallied counts.
#[wasm_bindgen(js_name = npsFromCounts, unchecked_return_type = "Nps")]
pub fn nps_from_counts(
    #[wasm_bindgen(unchecked_param_type = "number")] promoters: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] passives: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] detractors: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number | NpsCountOptions")] confidence: Option<JsValue>,
) -> JsResult {
    let promoters = number("promoters", &promoters)?;
    let passives = number("passives", &passives)?;
    let detractors = number("detractors", &detractors)?;
    // The fourth argument: the confidence (as before) or the options object.
    let (o, confidence) = match confidence {
        Some(v) if v.is_object() => {
            let (o, _): (NpsOptions, Raw) = options_with(Some(v), &[("", "nan_policy")])?;
            (o, None)
        }
        v => (NpsOptions::default(), optional_number("confidence", &v.unwrap_or(JsValue::UNDEFINED))?),
    };
    let count = |field: &str, v: f64| -> JsResult<u64> {
        if v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
            Ok(v as u64)
        } else {
            Err(convert::error(custometrics::Error::OutOfRange {
                at: custometrics::Location::scalar(field),
                value: v,
                expected: "the non-negative integers".into(),
            }))
        }
    };
    let (p, pa, d) = (count("promoters", promoters)?, count("passives", passives)?, count("detractors", detractors)?);
    let o = o.with_confidence(confidence.unwrap_or(o.confidence));
    to_js(&sat::Nps::from_counts_with(p, pa, d, &o).or_throw()?)
}

/// Difference of two samples' NPS with a two-sided z-test.
#[wasm_bindgen(js_name = npsDifference, unchecked_return_type = "NpsDifference")]
pub fn nps_difference(
    #[wasm_bindgen(js_name = scoresA, unchecked_param_type = "Numbers")] scores_a: JsValue,
    #[wasm_bindgen(js_name = scoresB, unchecked_param_type = "Numbers")] scores_b: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SampleOptions")] opts: Option<JsValue>,
) -> JsResult {
    let scores_a = &numbers("scores_a", &scores_a)?;
    let scores_b = &numbers("scores_b", &scores_b)?;
    // Each sample's interval is Wald's, as the difference's.
    let hidden = [("", "method"), ("", "prior"), ("", "threshold"), ("", "resamples"), ("", "seed")];
    let (o, _): (NpsOptions, Raw) = options_with(opts, &hidden)?;
    to_js(&sat::nps_difference(scores_a, scores_b, &o).or_throw()?)
}

/// CSAT: share of answers in the top `topK` (default 2) boxes of a 1..`scalePoints` (default 5) scale.
#[wasm_bindgen(unchecked_return_type = "Share")]
pub fn csat(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] responses: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions")] opts: Option<JsValue>,
) -> JsResult {
    let responses = &numbers("responses", &responses)?;
    let (o, raw): (CsatOptions, Raw) = options_with(opts, &[("weights", "")])?;
    if let Some(w) = raw.given("weights") {
        let w = numbers("weights", &w)?;
        let d = Design::weights(Column::from(&w[..]));
        return to_js(&sat::csat_survey(Column::from(&responses[..]), &d, &o).or_throw()?.total);
    }
    to_js(&sat::csat_with(Column::from(&responses[..]), &o).or_throw()?)
}

/// The CSAT of two independent samples compared: the difference of the shares, Newcombe's
/// interval of it (with Wilson's intervals, his method 10) and the two-proportion z-test.
#[wasm_bindgen(js_name = csatDifference, unchecked_return_type = "ProportionDifference")]
pub fn csat_difference(
    #[wasm_bindgen(js_name = responsesA, unchecked_param_type = "Numbers")] responses_a: JsValue,
    #[wasm_bindgen(js_name = responsesB, unchecked_param_type = "Numbers")] responses_b: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (a, b) = (numbers("responses_a", &responses_a)?, numbers("responses_b", &responses_b)?);
    let o: CsatOptions = options(opts)?;
    to_js(&sat::csat_difference(Column::from(&a[..]), Column::from(&b[..]), &o).or_throw()?)
}

/// The satisfaction rate (share of ratings at or above `threshold`) of two independent samples
/// compared, as `csatDifference` does CSAT.
#[wasm_bindgen(js_name = satisfactionRateDifference, unchecked_return_type = "ProportionDifference")]
pub fn satisfaction_rate_difference(
    #[wasm_bindgen(js_name = ratingsA, unchecked_param_type = "Numbers")] ratings_a: JsValue,
    #[wasm_bindgen(js_name = ratingsB, unchecked_param_type = "Numbers")] ratings_b: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] threshold: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RateOptions")] opts: Option<JsValue>,
) -> JsResult {
    let threshold = number("threshold", &threshold)?;
    let (a, b) = (numbers("ratings_a", &ratings_a)?, numbers("ratings_b", &ratings_b)?);
    let o: RateOptions = options(opts)?;
    to_js(&sat::satisfaction_rate_difference(Column::from(&a[..]), Column::from(&b[..]), threshold, &o).or_throw()?)
}

/// Satisfaction rate: share of ratings at or above `threshold`.
#[wasm_bindgen(js_name = satisfactionRate, unchecked_return_type = "Share")]
pub fn satisfaction_rate(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] ratings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] threshold: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RateOptions")] opts: Option<JsValue>,
) -> JsResult {
    let threshold = number("threshold", &threshold)?;
    let ratings = &numbers("ratings", &ratings)?;
    let (o, raw): (RateOptions, Raw) = options_with(opts, &[("weights", "")])?;
    if let Some(w) = raw.given("weights") {
        let w = numbers("weights", &w)?;
        let d = Design::weights(Column::from(&w[..]));
        let r = sat::satisfaction_rate_survey(Column::from(&ratings[..]), threshold, &d, &o).or_throw()?;
        return to_js(&r.total);
    }
    to_js(&sat::satisfaction_rate_with(Column::from(&ratings[..]), threshold, &o).or_throw()?)
}

/// Design weights by raking: `margins` an array of `[codes, targets]` pairs.
#[wasm_bindgen(unchecked_return_type = "Raked")]
pub fn rake(
    #[wasm_bindgen(unchecked_param_type = "[Numbers, Numbers][]")] margins: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RakeOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (sat::RakeOptions, Raw) = options_with(opts, &[("base", "")])?;
    if !js_sys::Array::is_array(&margins) {
        return Err(convert::error(custometrics::Error::Invalid {
            at: custometrics::Location::scalar("margins"),
            value: crate::input::show(&margins),
            expected: "an array of [codes, targets] pairs".into(),
        }));
    }
    let pairs = js_sys::Array::from(&margins);
    let mut read = Vec::with_capacity(pairs.length() as usize);
    for (m, pair) in pairs.iter().enumerate() {
        let pair = js_sys::Array::from(&pair);
        read.push((
            numbers(&format!("margins[{m}].codes"), &pair.get(0))?,
            numbers(&format!("margins[{m}].targets"), &pair.get(1))?,
        ));
    }
    let base = raw.given("base").map(|b| numbers("base", &b)).transpose()?;
    let margins: Vec<sat::Margin<'_>> =
        read.iter().map(|(c, t)| sat::Margin { codes: Column::from(&c[..]), targets: &t[..] }).collect();
    to_js(&sat::rake(&margins, base.as_deref(), &o).or_throw()?)
}

/// Segment codes as given: an `Int32Array` read as it is, numbers as codes (labels 0..k, once
/// the core has counted the segments), strings factorised (labels sorted, in code order).
enum Codes {
    I32(Vec<i32>),
    F64(Vec<f64>),
}

fn segment_codes(v: &JsValue) -> JsResult<(Codes, Option<js_sys::Array>)> {
    if let Some(a) = v.dyn_ref::<js_sys::Int32Array>() {
        return Ok((Codes::I32(a.to_vec()), None));
    }
    let strings = js_sys::Array::is_array(v) && js_sys::Array::from(v).iter().any(|x| x.is_string());
    if !strings {
        return Ok((Codes::F64(numbers("segments", v)?), None));
    }
    let items = js_sys::Array::from(v);
    let mut texts = Vec::with_capacity(items.length() as usize);
    for (i, x) in items.iter().enumerate() {
        let Some(t) = x.as_string() else {
            return Err(convert::error(custometrics::Error::Invalid {
                at: custometrics::Location::at("segments", i),
                value: crate::input::show(&x),
                expected: "a segment label: every label a string (or every one a number)".into(),
            }));
        };
        texts.push(t);
    }
    let mut sorted: Vec<&str> = texts.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let codes = texts.iter().map(|t| sorted.binary_search(&t.as_str()).map_or(-1.0, |k| k as f64)).collect();
    let labels = js_sys::Array::new();
    sorted.iter().for_each(|t| {
        labels.push(&JsValue::from_str(t));
    });
    Ok((Codes::F64(codes), Some(labels)))
}

/// `{segments, total, labels}` of a segmented call.
fn segmented<T: serde::Serialize>(
    values: &[f64],
    segments: &JsValue,
    weights: Option<JsValue>,
    f: impl FnOnce(Column<'_>, &Design<'_>) -> custometrics::Result<BySegment<T>>,
) -> JsResult {
    by_codes(values, segments, weights, f, Some(|r: &BySegment<T>| r.segments.len()))
}

/// `f`'s result over the segments of `values`, with the segments' `labels` added when `count`
/// is given (`count(r)` codes when the segments came as codes).
pub(crate) fn by_codes<R: serde::Serialize>(
    values: &[f64],
    segments: &JsValue,
    weights: Option<JsValue>,
    f: impl FnOnce(Column<'_>, &Design<'_>) -> custometrics::Result<R>,
    count: Option<impl FnOnce(&R) -> usize>,
) -> JsResult {
    let (codes, labels) = segment_codes(segments)?;
    let w = weights.map(|w| numbers("weights", &w)).transpose()?;
    let n_segments = labels.as_ref().map(|l| l.length() as usize);
    let codes = match &codes {
        Codes::I32(c) => Column::from(&c[..]),
        Codes::F64(c) => Column::from(&c[..]),
    };
    let d = Design { weights: w.as_deref().map(Column::from), segments: Some(codes), n_segments };
    let r = f(Column::from(values), &d).or_throw()?;
    let out = to_js(&r)?;
    if let Some(count) = count {
        let labels = labels.unwrap_or_else(|| (0..count(&r) as u32).map(JsValue::from).collect());
        js_sys::Reflect::set(&out, &"labels".into(), &labels)?;
    }
    Ok(out)
}

/// The rows of `npsVersusRest`.
#[derive(serde::Serialize)]
struct VersusRestBySegment {
    segments: Vec<Option<sat::VersusRest>>,
}

/// Each segment's NPS against the NPS of every other answer (segments as in `npsBySegment`):
/// the difference with its Wald interval, the z-test's p-value and Holm's adjustment over the
/// segments tested; `null` for a segment without answers or without any answer outside it.
#[wasm_bindgen(js_name = npsVersusRest, unchecked_return_type = "VersusRestBySegment")]
pub fn nps_versus_rest(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsVersusRestOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (NpsOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let s = numbers("scores", &scores)?;
    by_codes(
        &s,
        &segments,
        raw.given("weights"),
        |s, d| sat::nps_versus_rest(s, d, &o).map(|segments| VersusRestBySegment { segments }),
        Some(|r: &VersusRestBySegment| r.segments.len()),
    )
}

/// The NPS over ordered periods and its linear trend: each period's NPS, and the least-squares
/// slope of the answers' values (+100, 0, −100) on the period, with its t-test and interval.
/// `periods` as `npsBySegment`'s segments, in time order (code k is period k; labels in sorted
/// order). With `opts.weights` (design weights) the line is weighted least squares, its standard
/// error and `dof` on Kish's effective sample size.
#[wasm_bindgen(js_name = npsTrend, unchecked_return_type = "NpsTrend")]
pub fn nps_trend(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] periods: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsVersusRestOptions")] opts: Option<JsValue>,
) -> JsResult {
    let hidden = [("weights", ""), ("", "method"), ("", "prior"), ("", "threshold"), ("", "resamples"), ("", "seed")];
    let (o, raw): (NpsOptions, Raw) = options_with(opts, &hidden)?;
    let s = numbers("scores", &scores)?;
    by_codes(
        &s,
        &periods,
        raw.given("weights"),
        |s, d| sat::nps_trend(s, d, &o),
        Some(|r: &sat::NpsTrend| r.periods.len()),
    )
}

/// Pearson's chi-square test that promoters, passives and detractors are mixed alike in every
/// segment (segments as in `npsBySegment`): the statistic, its degrees of freedom and p-value,
/// Cramér's V, and the smallest expected count. Design weights are refused (the test counts
/// answers).
#[wasm_bindgen(js_name = npsChiSquare, unchecked_return_type = "CategoryTest")]
pub fn nps_chi_square(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsChiSquareOptions")] opts: Option<JsValue>,
) -> JsResult {
    let hidden = [
        ("weights", ""),
        ("", "confidence"),
        ("", "method"),
        ("", "prior"),
        ("", "threshold"),
        ("", "resamples"),
        ("", "seed"),
    ];
    let (o, raw): (NpsOptions, Raw) = options_with(opts, &hidden)?;
    let s = numbers("scores", &scores)?;
    by_codes(&s, &segments, raw.given("weights"), |s, d| sat::nps_chi_square(s, d, &o), None::<fn(&_) -> usize>)
}

/// NPS per segment (an `Int32Array` of codes, numbers, or string labels, one per answer) and in
/// total, in one pass: `{segments: (Nps | null)[], total: Nps, labels}`.
#[wasm_bindgen(js_name = npsBySegment, unchecked_return_type = "BySegment<Nps>")]
pub fn nps_by_segment(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NpsOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (NpsOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let s = numbers("scores", &scores)?;
    segmented(&s, &segments, raw.given("weights"), |s, d| sat::nps_survey(s, d, &o))
}

/// CSAT per segment and in total (see `npsBySegment`).
#[wasm_bindgen(js_name = csatBySegment, unchecked_return_type = "BySegment<Share>")]
pub fn csat_by_segment(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] responses: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (CsatOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let r = numbers("responses", &responses)?;
    segmented(&r, &segments, raw.given("weights"), |r, d| sat::csat_survey(r, d, &o))
}

/// The satisfaction rate per segment and in total (see `npsBySegment`).
#[wasm_bindgen(js_name = satisfactionRateBySegment, unchecked_return_type = "BySegment<Share>")]
pub fn satisfaction_rate_by_segment(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] ratings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] threshold: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RateOptions")] opts: Option<JsValue>,
) -> JsResult {
    let threshold = number("threshold", &threshold)?;
    let (o, raw): (RateOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let r = numbers("ratings", &ratings)?;
    segmented(&r, &segments, raw.given("weights"), |r, d| sat::satisfaction_rate_survey(r, threshold, d, &o))
}

/// Perception minus expectation per attribute and overall.
#[wasm_bindgen(unchecked_return_type = "Disconfirmation")]
pub fn disconfirmation(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] perception: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] expectation: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DisconfirmationOptions")] opts: Option<JsValue>,
) -> JsResult {
    let perception = &numbers("perception", &perception)?;
    let expectation = &numbers("expectation", &expectation)?;
    let (o, _): (DisconfirmationOptions, Raw) = options_with(opts, &[("", "scale"), ("", "confidence")])?;
    to_js(&sat::disconfirmation(perception, expectation, o.importance.as_deref(), o.delight_margin).or_throw()?)
}

/// SERVQUAL gaps from respondent × item matrices (arrays of rows).
#[wasm_bindgen(unchecked_return_type = "Servqual")]
pub fn servqual(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] expectations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] perceptions: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ServqualOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, inst) = servqual_options(opts)?;
    let ((e, ec), (p, pc)) = (matrix("expectations", &expectations)?, matrix("perceptions", &perceptions)?);
    let r = sat::servqual(
        &inst,
        &Matrix::new("expectations", &e, ec).or_throw()?,
        &Matrix::new("perceptions", &p, pc).or_throw()?,
        o.importance.as_deref(),
    );
    to_js(&r.or_throw()?)
}

/// Zone of tolerance from adequate, desired and perceived matrices.
#[wasm_bindgen(js_name = zoneOfTolerance, unchecked_return_type = "ZoneOfTolerance")]
pub fn zone_of_tolerance(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] adequate: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] desired: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] perceived: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ServqualOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (_, inst) = servqual_options(opts)?;
    let (a, d, p) = (matrix("adequate", &adequate)?, matrix("desired", &desired)?, matrix("perceived", &perceived)?);
    let r = sat::zone_of_tolerance(
        &inst,
        &Matrix::new("adequate", &a.0, a.1).or_throw()?,
        &Matrix::new("desired", &d.0, d.1).or_throw()?,
        &Matrix::new("perceived", &p.0, p.1).or_throw()?,
    );
    to_js(&r.or_throw()?)
}

/// The five-gaps model from `{ knowledge, standards, delivery, communication, customer }`, each
/// a `[reference, achieved]` pair of arrays.
#[wasm_bindgen(js_name = fiveGaps, unchecked_return_type = "FiveGaps")]
pub fn five_gaps(#[wasm_bindgen(unchecked_optional_param_type = "FiveGapsInput")] pairs: Option<JsValue>) -> JsResult {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Pairs {
        knowledge: Option<(Vec<f64>, Vec<f64>)>,
        standards: Option<(Vec<f64>, Vec<f64>)>,
        delivery: Option<(Vec<f64>, Vec<f64>)>,
        communication: Option<(Vec<f64>, Vec<f64>)>,
        customer: Option<(Vec<f64>, Vec<f64>)>,
    }
    let p: Pairs = options(pairs)?;
    fn g(p: &Option<(Vec<f64>, Vec<f64>)>) -> Option<GapRatings<'_>> {
        p.as_ref().map(|(r, a)| GapRatings { reference: r, achieved: a })
    }
    to_js(
        &sat::five_gaps([g(&p.knowledge), g(&p.standards), g(&p.delivery), g(&p.communication), g(&p.customer)])
            .or_throw()?,
    )
}

/// Customer satisfaction index (0–100).
#[wasm_bindgen(unchecked_return_type = "Csi")]
pub fn csi(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] ratings: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsiOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (mut o, raw): (CsiOptions, Raw) = options_with(opts, &[("scale", "scale"), ("", "confidence")])?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (m, cols) = matrix("ratings", &ratings)?;
    let r = sat::csi(
        &Matrix::new("ratings", &m, cols).or_throw()?,
        o.scale,
        Importance::from_options(o.importance.as_deref(), o.overall.as_deref()).or_throw()?,
    );
    to_js(&r.or_throw()?)
}

/// Key drivers: each attribute's share of the R² of the least-squares regression of `overall` on
/// the 2 to 15 `attributes` (rows respondents, columns attributes), summing to R²:
/// `method` `"relative_weights"` (Johnson 2000, the default) or `"shapley"` (LMG); `resamples`
/// (100..=1000000) for seeded percentile bootstrap intervals. A constant or collinear attribute
/// is an error naming its column. Not in the light entry `custometrics/survey` (about 8 KiB
/// gzipped there for its eigendecomposition, subset regressions and bootstrap).
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = keyDrivers, unchecked_return_type = "KeyDrivers")]
pub fn key_drivers(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] overall: JsValue,
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] attributes: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "KeyDriversOptions")] opts: Option<JsValue>,
) -> JsResult {
    let o: sat::KeyDriversOptions = options(opts)?;
    let y = numbers("overall", &overall)?;
    let (m, cols) = matrix("attributes", &attributes)?;
    to_js(&sat::key_drivers(&y, &Matrix::new("attributes", &m, cols).or_throw()?, &o).or_throw()?)
}

/// Has a mean changed between two samples (two waves, two segments)? Each sample's answers on
/// `scale` = `[min, max]` with its own design weights (`opts.weightsA`, `opts.weightsB`): Welch's
/// t-test of a − b with degrees of freedom from Kish's effective sizes, and the interval of the
/// difference within ±(max − min).
#[wasm_bindgen(js_name = meanDifference, unchecked_return_type = "MeanDifference")]
pub fn mean_difference(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] b: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[number, number]")] scale: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MeanDifferenceOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (sat::MeanOptions, Raw) = options_with(opts, &[("weightsA", ""), ("weightsB", "")])?;
    let scale = arg::<(f64, f64)>("scale", scale)?;
    let (a, b) = (numbers("a", &a)?, numbers("b", &b)?);
    let wa = raw.given("weightsA").map(|w| numbers("weights_a", &w)).transpose()?;
    let wb = raw.given("weightsB").map(|w| numbers("weights_b", &w)).transpose()?;
    let weights = (wa.as_deref().map(Column::from), wb.as_deref().map(Column::from));
    to_js(
        &sat::mean_difference(Column::from(&a[..]), Column::from(&b[..]), scale, weights, o.confidence, o.nan_policy)
            .or_throw()?,
    )
}

/// What the three means read: the options, the scale, the values and the design weights given.
type MeanInputs = (sat::MeanOptions, (f64, f64), Vec<f64>, Option<JsValue>);

/// Reads [`MeanInputs`].
fn mean_inputs(values: &JsValue, scale: JsValue, opts: Option<JsValue>) -> JsResult<MeanInputs> {
    let (o, raw): (sat::MeanOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let scale = arg::<(f64, f64)>("scale", scale)?;
    Ok((o, scale, numbers("values", values)?, raw.given("weights")))
}

/// The mean of answers on `scale` = `[min, max]` (a rating, each respondent's CSI or gap) with
/// its Student t interval inside the scale; `opts.weights` are design weights (Kish's effective
/// n, linearised standard error). A sample without spread gets a distribution-free interval and a
/// `note`.
#[wasm_bindgen(unchecked_return_type = "Mean")]
pub fn mean(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[number, number]")] scale: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MeanOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, raw): (sat::MeanOptions, Raw) = options_with(opts, &[("weights", "")])?;
    let scale = arg::<(f64, f64)>("scale", scale)?;
    // Typed arrays without weights block by block (the bits of the whole array's mean).
    if raw.given("weights").is_none() && typed_array(&values) {
        let mut stream = sat::MeanStream::new(scale, o.confidence, o.nan_policy).or_throw()?;
        if let Some(read) = each_block("values", &values, |_, block| stream.push(block)) {
            read?;
            return to_js(&stream.finish().or_throw()?);
        }
    }
    let v = numbers("values", &values)?;
    let w = raw.given("weights").map(|w| numbers("weights", &w)).transpose()?;
    let d = Design { weights: w.as_deref().map(Column::from), ..Design::default() };
    to_js(&sat::mean_survey(Column::from(&v[..]), scale, &d, o.confidence, o.nan_policy).or_throw()?.total)
}

/// The mean of answers on `scale` per segment (as in `npsBySegment`) and in total, with t
/// intervals: `{segments: (Mean | null)[], total: Mean, labels}`.
#[wasm_bindgen(js_name = meanBySegment, unchecked_return_type = "BySegment<Mean>")]
pub fn mean_by_segment(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[number, number]")] scale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MeanOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, scale, v, weights) = mean_inputs(&values, scale, opts)?;
    segmented(&v, &segments, weights, |v, d| sat::mean_survey(v, scale, d, o.confidence, o.nan_policy))
}

/// The mean over ordered periods and its linear trend: each period's mean (`null` for one without
/// answers) and the least-squares slope of the answers on the period, in the scale's units per
/// period, with its t-test and interval. `periods` and `opts.weights` as `npsTrend`'s.
#[wasm_bindgen(js_name = meanTrend, unchecked_return_type = "MeanTrend")]
pub fn mean_trend(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[number, number]")] scale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] periods: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MeanOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, scale, v, weights) = mean_inputs(&values, scale, opts)?;
    by_codes(
        &v,
        &periods,
        weights,
        |v, d| sat::mean_trend(v, scale, d, o.confidence, o.nan_policy),
        Some(|r: &sat::MeanTrend| r.periods.len()),
    )
}

/// The rows of `meanVersusRest`.
#[derive(serde::Serialize)]
struct MeanVersusRestBySegment {
    segments: Vec<Option<sat::MeanVersusRest>>,
}

/// Each segment's mean against the mean of every other answer (segments as in `npsBySegment`):
/// `{test, pHolm}` per segment, `test` the two means compared as `meanDifference` compares them
/// (Welch's t-test and interval), `pHolm` its p-value adjusted for testing every segment (Holm
/// 1979); `null` for a segment without answers or without any answer outside it.
#[wasm_bindgen(js_name = meanVersusRest, unchecked_return_type = "MeanVersusRestBySegment")]
pub fn mean_versus_rest(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: JsValue,
    #[wasm_bindgen(unchecked_param_type = "[number, number]")] scale: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MeanOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, scale, v, weights) = mean_inputs(&values, scale, opts)?;
    by_codes(
        &v,
        &segments,
        weights,
        |v, d| {
            sat::mean_versus_rest(v, scale, d, o.confidence, o.nan_policy)
                .map(|segments| MeanVersusRestBySegment { segments })
        },
        Some(|r: &MeanVersusRestBySegment| r.segments.len()),
    )
}

/// The customer satisfaction index per segment (as in `npsBySegment`; `null` for none) and in
/// total, with Student t intervals, and each attribute's mean with its interval:
/// `{segments: (CsiEstimate | null)[], total: CsiEstimate, labels}`. `opts.importance` is the stated
/// importance as in `csi`, `opts.weights` the design weights; derived importance (`overall`)
/// is derived once from the whole sample and applied in every segment.
#[wasm_bindgen(js_name = csiBySegment, unchecked_return_type = "BySegment<CsiEstimate>")]
pub fn csi_by_segment(
    #[wasm_bindgen(unchecked_param_type = "NumberMatrix")] ratings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Segments | null")] segments: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsiSurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (mut o, raw): (CsiOptions, Raw) = options_with(opts, &[("scale", "scale"), ("weights", "")])?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (m, cols) = matrix("ratings", &ratings)?;
    let first: Vec<f64> = (0..m.len() / cols.max(1)).map(|_| 0.0).collect();
    let weights = raw.given("weights");
    let run = |_: Column<'_>, d: &Design<'_>| sat::csi_survey(&Matrix::new("ratings", &m, cols)?, d, &o);
    if segments.is_null() || segments.is_undefined() {
        let w = weights.map(|w| numbers("weights", &w)).transpose()?;
        let d = Design { weights: w.as_deref().map(Column::from), ..Design::default() };
        let out = to_js(&run(Column::from(&first[..]), &d).or_throw()?)?;
        js_sys::Reflect::set(&out, &"labels".into(), &js_sys::Array::new())?;
        return Ok(out);
    }
    segmented(&first, &segments, weights, run)
}

/// `csi` from sums that add across partitions of the respondents: `n`, each attribute's Σx,
/// and for derived importance Σx² (`sumSquares`), Σxy (`cross`), Σy and Σy² of the overall rating.
#[wasm_bindgen(js_name = csiFromSums, unchecked_return_type = "Csi")]
pub fn csi_from_sums(
    #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] sum: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsiSumsOptions")] opts: Option<JsValue>,
) -> JsResult {
    let keys = [
        ("scale", "scale"),
        ("", "overall"),
        ("sumSquares", ""),
        ("overallSum", ""),
        ("overallSumSquares", ""),
        ("cross", ""),
        ("", "confidence"),
    ];
    let (mut o, raw): (CsiOptions, Raw) = options_with(opts, &keys)?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (n, sum) = (convert::count("n", number("n", &n)?, 0)?, numbers("sum", &sum)?);
    let read = |k: &str| raw.given(k).map(|v| numbers(k, &v)).transpose();
    let (squares, cross) = (read("sumSquares")?, read("cross")?);
    let scalar = |k: &str| raw.given(k).map(|v| number(k, &v)).transpose();
    let (y, yy) = (scalar("overallSum")?, scalar("overallSumSquares")?);
    let overall = match (squares.as_deref(), y, yy, cross.as_deref()) {
        (None, None, None, None) => None,
        (Some(sum_squares), Some(overall_sum), Some(overall_sum_squares), Some(cross)) => {
            Some(OverallSums { sum_squares, overall_sum, overall_sum_squares, cross })
        }
        _ => {
            let given = [
                ("sumSquares", squares.is_some()),
                ("overallSum", y.is_some()),
                ("overallSumSquares", yy.is_some()),
                ("cross", cross.is_some()),
            ];
            let missing: Vec<&str> = given.iter().filter(|(_, g)| !g).map(|(k, _)| *k).collect();
            return Err(convert::error(custometrics::Error::Invalid {
                at: custometrics::Location::scalar(missing.first().copied().unwrap_or("sumSquares")),
                value: format!("missing ({} of the overall rating's sums not given)", missing.join(", ")),
                expected: "sumSquares, overallSum, overallSumSquares and cross together, or none of them".into(),
            }));
        }
    };
    to_js(&sat::csi_from_sums(&CsiSums { n, sum: &sum, overall }, o.scale, o.importance.as_deref()).or_throw()?)
}

/// SERVQUAL's sample figures from `n` respondents and each item's Σ (P − E) over them.
#[wasm_bindgen(js_name = servqualFromSums, unchecked_return_type = "ServqualSample")]
pub fn servqual_from_sums(
    #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    #[wasm_bindgen(js_name = itemGapSums, unchecked_param_type = "Numbers")] item_gap_sums: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ServqualOptions")] opts: Option<JsValue>,
) -> JsResult {
    let (o, inst) = servqual_options(opts)?;
    let (n, sums) = (convert::count("n", number("n", &n)?, 0)?, numbers("itemGapSums", &item_gap_sums)?);
    to_js(&sat::servqual_from_sums(&inst, n, &sums, o.importance.as_deref()).or_throw()?)
}

/// Importance–performance analysis.
#[wasm_bindgen(unchecked_return_type = "Ipa")]
pub fn ipa(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] importance: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] performance: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IpaOptions")] opts: Option<JsValue>,
) -> JsResult {
    let importance = &numbers("importance", &importance)?;
    let performance = &numbers("performance", &performance)?;
    let (o, _): (IpaOptions, Raw) = options_with(opts, &[("", "scale"), ("", "confidence")])?;
    to_js(&sat::ipa(importance, performance, o.importance_cut, o.performance_cut).or_throw()?)
}

/// The complaint iceberg and word-of-mouth reach.
#[wasm_bindgen(js_name = complaintIceberg, unchecked_return_type = "Iceberg")]
pub fn complaint_iceberg(
    #[wasm_bindgen(js_name = formalComplaints, unchecked_param_type = "number")] formal_complaints: JsValue,
    #[wasm_bindgen(js_name = peopleTold, unchecked_param_type = "number")] people_told: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "IcebergOptions")] opts: Option<JsValue>,
) -> JsResult {
    let formal_complaints = number("formal_complaints", &formal_complaints)?;
    let people_told = number("people_told", &people_told)?;
    // The shares are named `formalShare` … in JS, `formal` … in the core.
    let keys = [("formalShare", "formal"), ("voicedShare", "voiced"), ("silentShare", "silent")];
    let (mut shares, raw): (IcebergShares, Raw) = options_with(opts, &keys)?;
    for ((key, _), share) in keys.iter().zip([&mut shares.formal, &mut shares.voiced, &mut shares.silent]) {
        if let Some(v) = raw.given(key) {
            *share = number(&convert::snake(key), &v)?;
        }
    }
    to_js(&sat::complaint_iceberg(formal_complaints, shares, people_told).or_throw()?)
}

/// Survey sample size for a margin of error.
#[wasm_bindgen(js_name = sampleSize, unchecked_return_type = "SampleSize")]
pub fn sample_size(
    #[wasm_bindgen(unchecked_param_type = "number")] margin: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SurveyOptions")] opts: Option<JsValue>,
) -> JsResult {
    let margin = number("margin", &margin)?;
    let o: SurveyOptions = options(opts)?;
    to_js(&sat::sample_size(margin, o.confidence, o.proportion, o.population).or_throw()?)
}

/// Margin of error of a proportion measured on `n` answers.
#[wasm_bindgen(js_name = marginOfError)]
pub fn margin_of_error(
    #[wasm_bindgen(unchecked_param_type = "number")] proportion: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] n: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SurveyOptions")] opts: Option<JsValue>,
) -> JsResult<f64> {
    let proportion = number("proportion", &proportion)?;
    let n = convert::count("n", number("n", &n)?, 0)?;
    let o: SurveyOptions = options(opts)?;
    sat::margin_of_error(proportion, n, o.confidence, o.population).or_throw()
}
