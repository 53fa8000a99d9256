//! Satisfaction: thin wrappers over `custometrics::satisfaction`.

use crate::convert::{self, JsResult, OrThrow, Raw, arg, options, options_with, to_js};
use crate::input::{IntegerScores, each_block, integer_scores, matrix, number, numbers, optional_number};
use custometrics::satisfaction::{
    self as sat, CsatOptions, CsiOptions, DisconfirmationOptions, GapRatings, IcebergShares, Importance, Instrument,
    IpaOptions, NpsOptions, Scale, ServqualOptions, SurveyOptions,
};
use custometrics::{Matrix, NanPolicy};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The SERVQUAL options and `opts.dimensions`, `{ name: [item columns] }`, read in the object's
/// key order (serde would not keep it) as an instrument, the 22-item SERVQUAL when absent.
fn servqual_options(opts: Option<JsValue>) -> JsResult<(ServqualOptions, Instrument)> {
    let (o, raw): (ServqualOptions, Raw) = options_with(opts, &[("dimensions", "")])?;
    let Some(dims) = raw.given("dimensions") else {
        return Ok((o, Instrument::servqual22()));
    };
    let obj: js_sys::Object = arg::<serde::de::IgnoredAny>("dimensions", dims.clone()).map(|_| dims.into())?;
    let mut groups = Vec::new();
    for entry in js_sys::Object::entries(&obj).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        groups.push((name.clone(), arg::<Vec<usize>>(&format!("dimensions[{name:?}]"), pair.get(1))?));
    }
    Ok((o, Instrument::from_groups(groups).or_throw()?))
}

/// Net Promoter Score of 0–10 answers, with standard error and confidence interval in points.
#[wasm_bindgen(unchecked_return_type = "Nps")]
pub fn nps(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] scores: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SampleOptions")] opts: Option<JsValue>,
) -> JsResult {
    let o: NpsOptions = options(opts)?;
    // A Float64Array under nanPolicy "raise" (the default) block by block: the blocks' counts add
    // up to the array's, and the first bad score is in the first block that fails.
    if o.nan_policy == NanPolicy::Raise {
        let mut counts = [0; 3];
        let read = each_block("scores", &scores, |block| {
            let b = sat::nps(block, o)?;
            counts = [counts[0] + b.promoters, counts[1] + b.passives, counts[2] + b.detractors];
            Ok(())
        });
        if let Some(read) = read {
            read?;
            return to_js(&sat::Nps::from_counts(counts[0], counts[1], counts[2], o.confidence).or_throw()?);
        }
    }
    let r = match integer_scores("scores", &scores)? {
        Some(IntegerScores::I32(s)) => sat::nps_of(&s, o),
        Some(IntegerScores::U8(s)) => sat::nps_of(&s, o),
        None => sat::nps(&numbers("scores", &scores)?, o),
    };
    to_js(&r.or_throw()?)
}

/// NPS from tallied counts.
#[wasm_bindgen(js_name = npsFromCounts, unchecked_return_type = "Nps")]
pub fn nps_from_counts(
    #[wasm_bindgen(unchecked_param_type = "number")] promoters: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] passives: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] detractors: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] confidence: Option<JsValue>,
) -> JsResult {
    let promoters = number("promoters", &promoters)?;
    let passives = number("passives", &passives)?;
    let detractors = number("detractors", &detractors)?;
    let confidence = optional_number("confidence", &confidence.unwrap_or(JsValue::UNDEFINED))?;
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
    to_js(&sat::Nps::from_counts(p, pa, d, confidence.unwrap_or(NpsOptions::default().confidence)).or_throw()?)
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
    to_js(&sat::nps_difference(scores_a, scores_b, options(opts)?).or_throw()?)
}

/// CSAT: share of answers in the top `topK` (default 2) boxes of a 1..`scalePoints` (default 5) scale.
#[wasm_bindgen(unchecked_return_type = "Share")]
pub fn csat(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] responses: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CsatOptions")] opts: Option<JsValue>,
) -> JsResult {
    let responses = &numbers("responses", &responses)?;
    let o: CsatOptions = options(opts)?;
    to_js(&sat::csat(responses, o.scale_points, o.top_k, o.nan_policy).or_throw()?)
}

/// Satisfaction rate: share of ratings at or above `threshold`.
#[wasm_bindgen(js_name = satisfactionRate, unchecked_return_type = "Share")]
pub fn satisfaction_rate(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] ratings: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] threshold: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SampleOptions")] opts: Option<JsValue>,
) -> JsResult {
    let threshold = number("threshold", &threshold)?;
    let ratings = &numbers("ratings", &ratings)?;
    let o: NpsOptions = options(opts)?;
    to_js(&sat::satisfaction_rate(ratings, threshold, o.nan_policy).or_throw()?)
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
    let o: DisconfirmationOptions = options(opts)?;
    to_js(&sat::disconfirmation(perception, expectation, o.weights.as_deref(), o.delight_margin).or_throw()?)
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
    let (mut o, raw): (CsiOptions, Raw) = options_with(opts, &[("scale", "scale")])?;
    if let Some(pair) = raw.given("scale") {
        let (lo, hi) = arg::<(f64, f64)>("scale", pair)?;
        o.scale = Scale::new(lo, hi).or_throw()?;
    }
    let (m, cols) = matrix("ratings", &ratings)?;
    let r = sat::csi(
        &Matrix::new("ratings", &m, cols).or_throw()?,
        o.scale,
        Importance::from_options(o.weights.as_deref(), o.overall.as_deref()).or_throw()?,
    );
    to_js(&r.or_throw()?)
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
    let o: IpaOptions = options(opts)?;
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
