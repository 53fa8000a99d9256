//! The golden vectors in `tests/data/golden.json`, checked against the Rust API. The Python and
//! JS suites read the same file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use custometrics::satisfaction::{
    self as sat, BySegment, Design, GapRatings, Importance, Instrument, NpsOptions, Scale,
};
use custometrics::trust::{self, TrustRatings, TrustScale};
use custometrics::{Column, Error, Matrix, NanPolicy};
use serde_json::Value;

use crate::common;
use common::{arr, f, num, opt, to_json};

const GOLDEN: &str = include_str!("../data/golden.json");

fn matrix(v: &Value) -> (Vec<f64>, usize) {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(arr).collect();
    Matrix::flatten("m", &rows).unwrap()
}
fn policy(args: &Value) -> NanPolicy {
    NanPolicy::parse(opt(args, "nan_policy").and_then(Value::as_str).unwrap_or("raise")).unwrap()
}
fn instrument(args: &Value) -> Instrument {
    match opt(args, "dimensions") {
        None => Instrument::servqual22(),
        Some(d) => Instrument::from_groups(
            d.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.as_array().unwrap().iter().map(|i| i.as_u64().unwrap() as usize).collect()))
                .collect(),
        )
        .unwrap(),
    }
}
fn scale(args: &Value, default: (f64, f64)) -> (f64, f64) {
    opt(args, "scale").map_or(default, |s| (num(&s[0]), num(&s[1])))
}
fn trust_scale(args: &Value) -> Result<TrustScale, Error> {
    let (lo, hi) = scale(args, (1.0, 10.0));
    TrustScale::new(lo, hi)
}
/// The keys of `args` that are options of `T`, read into `T` as the bindings read them (serde).
fn options<T: serde::de::DeserializeOwned>(a: &Value, keys: &[&str]) -> T {
    let picked: serde_json::Map<String, Value> =
        keys.iter().filter_map(|k| opt(a, k).map(|v| ((*k).to_owned(), v.clone()))).collect();
    serde_json::from_value(Value::Object(picked)).unwrap()
}
const NPS_KEYS: &[&str] = &["confidence", "nan_policy", "method", "prior", "threshold", "resamples", "seed"];
const SHARE_KEYS: &[&str] = &["scale_points", "top_k", "nan_policy", "method", "confidence"];

/// Segment codes as the bindings read them: numbers as they are, string labels by their place
/// among the sorted labels.
fn codes(v: &Value) -> Vec<f64> {
    let items = v.as_array().unwrap();
    if !items.iter().any(Value::is_string) {
        return arr(v);
    }
    let mut labels: Vec<&str> = items.iter().map(|x| x.as_str().unwrap()).collect();
    labels.sort_unstable();
    labels.dedup();
    items.iter().map(|x| labels.binary_search(&x.as_str().unwrap()).unwrap() as f64).collect()
}

/// The survey design of a case: `weights` and `segments`, when given.
fn design<'a>(a: &Value, w: &'a Option<Vec<f64>>, g: &'a Option<Vec<f64>>) -> Design<'a> {
    let _ = a;
    Design { weights: w.as_deref().map(Column::from), segments: g.as_deref().map(Column::from), n_segments: None }
}

/// A survey call's result as the files write it: the total alone without segments.
fn survey<T: serde::Serialize>(r: Result<BySegment<T>, Error>, segmented: bool) -> Result<Value, Error> {
    let r = r?;
    if segmented { to_json(Ok(r)) } else { to_json(Ok(r.total)) }
}

/// Calls the Rust API the way the bindings do for `function(args)`.
fn call(function: &str, a: &Value) -> Result<Value, Error> {
    let nps_opts = || options::<NpsOptions>(a, NPS_KEYS);
    let (w, g) = (opt(a, "weights").map(arr), opt(a, "segments").map(codes));
    let surveyed = w.is_some() || g.is_some();
    let comp = |k: &str| f(a, k, f64::NAN);
    let comps = |k: &str| arr(&a[k]);
    match function {
        "satisfaction.rake" => {
            let pairs: Vec<(Vec<f64>, Vec<f64>)> =
                a["margins"].as_array().unwrap().iter().map(|p| (arr(&p[0]), arr(&p[1]))).collect();
            let margins: Vec<sat::Margin<'_>> =
                pairs.iter().map(|(c, t)| sat::Margin { codes: Column::from(&c[..]), targets: &t[..] }).collect();
            let base = opt(a, "base").map(arr);
            to_json(sat::rake(&margins, base.as_deref(), &options(a, &["max_iterations", "tolerance"])))
        }
        "satisfaction.nps" if surveyed => {
            survey(sat::nps_survey(Column::from(&arr(&a["scores"])[..]), &design(a, &w, &g), &nps_opts()), g.is_some())
        }
        "satisfaction.nps" => to_json(sat::nps(&arr(&a["scores"]), &nps_opts())),
        "satisfaction.nps_versus_rest" => to_json(
            sat::nps_versus_rest(Column::from(&arr(&a["scores"])[..]), &design(a, &w, &g), &nps_opts())
                .map(|segments| serde_json::json!({ "segments": segments })),
        ),
        "satisfaction.nps_trend" => {
            let periods = codes(&a["periods"]);
            let d = Design { segments: Some(Column::from(&periods[..])), ..design(a, &w, &None) };
            to_json(sat::nps_trend(Column::from(&arr(&a["scores"])[..]), &d, &nps_opts()))
        }
        "satisfaction.mean_trend" => {
            let periods = codes(&a["periods"]);
            let d = Design { segments: Some(Column::from(&periods[..])), ..design(a, &w, &None) };
            let o: sat::MeanOptions = options(a, &["confidence", "nan_policy"]);
            let v = arr(&a["values"]);
            to_json(sat::mean_trend(Column::from(&v[..]), scale(a, (1.0, 10.0)), &d, o.confidence, o.nan_policy))
        }
        "satisfaction.nps_chi_square" => {
            to_json(sat::nps_chi_square(Column::from(&arr(&a["scores"])[..]), &design(a, &w, &g), &nps_opts()))
        }
        "satisfaction.nps_from_counts" => {
            let n = |k: &str| a[k].as_u64().unwrap();
            to_json(sat::Nps::from_counts(n("promoters"), n("passives"), n("detractors"), f(a, "confidence", 0.95)))
        }
        "satisfaction.nps_difference" => {
            to_json(sat::nps_difference(&arr(&a["scores_a"]), &arr(&a["scores_b"]), &nps_opts()))
        }
        "satisfaction.csat" if surveyed => survey(
            sat::csat_survey(Column::from(&arr(&a["responses"])[..]), &design(a, &w, &g), &options(a, SHARE_KEYS)),
            g.is_some(),
        ),
        "satisfaction.csat" => {
            to_json(sat::csat_with(Column::from(&arr(&a["responses"])[..]), &options(a, SHARE_KEYS)))
        }
        "satisfaction.satisfaction_rate" if surveyed => {
            let (r, t) = (arr(&a["ratings"]), num(&a["threshold"]));
            let o = options(a, SHARE_KEYS);
            survey(sat::satisfaction_rate_survey(Column::from(&r[..]), t, &design(a, &w, &g), &o), g.is_some())
        }
        "satisfaction.satisfaction_rate" => {
            let o: sat::RateOptions = options(a, &["nan_policy", "method", "confidence"]);
            to_json(sat::satisfaction_rate_with(Column::from(&arr(&a["ratings"])[..]), num(&a["threshold"]), &o))
        }
        "satisfaction.csat_difference" => {
            let (x, y) = (arr(&a["responses_a"]), arr(&a["responses_b"]));
            to_json(sat::csat_difference(Column::from(&x[..]), Column::from(&y[..]), &options(a, SHARE_KEYS)))
        }
        "satisfaction.satisfaction_rate_difference" => {
            let (x, y) = (arr(&a["ratings_a"]), arr(&a["ratings_b"]));
            let o: sat::RateOptions = options(a, &["nan_policy", "method", "confidence"]);
            to_json(sat::satisfaction_rate_difference(
                Column::from(&x[..]),
                Column::from(&y[..]),
                num(&a["threshold"]),
                &o,
            ))
        }
        "satisfaction.disconfirmation_survey" => {
            let (p, pc) = matrix(&a["perceptions"]);
            let (e, ec) = matrix(&a["expectations"]);
            let (lo, hi) = scale(a, (1.0, 7.0));
            let o = sat::DisconfirmationOptions::default()
                .with_importance(opt(a, "importance").map(arr))
                .with_delight_margin(f(a, "delight_margin", 1.0))
                .with_scale(Scale::new(lo, hi)?)
                .with_confidence(f(a, "confidence", 0.95));
            let (p, e) = (Matrix::new("perceptions", &p, pc)?, Matrix::new("expectations", &e, ec)?);
            survey(sat::disconfirmation_survey(&p, &e, &design(a, &w, &g), &o), g.is_some())
        }
        "satisfaction.ipa_survey" => {
            let (p, pc) = matrix(&a["performance"]);
            let (lo, hi) = scale(a, (1.0, 7.0));
            let o = sat::IpaOptions::default()
                .with_importance_cut(opt(a, "importance_cut").map(num))
                .with_performance_cut(opt(a, "performance_cut").map(num))
                .with_scale(Scale::new(lo, hi)?)
                .with_confidence(f(a, "confidence", 0.95));
            let stated = opt(a, "importance").map(matrix);
            let overall = opt(a, "overall").map(arr);
            let method =
                sat::DriverMethod::parse(opt(a, "method").and_then(Value::as_str).unwrap_or("relative_weights"))?;
            let p = Matrix::new("performance", &p, pc)?;
            let im = stated.as_ref().map(|(m, c)| Matrix::new("importance", m, *c)).transpose()?;
            let importance = sat::IpaImportance::from_options(im.as_ref(), overall.as_deref(), method)?;
            survey(sat::ipa_survey(&p, importance, &design(a, &w, &g), &o), g.is_some())
        }
        "satisfaction.disconfirmation" => {
            let w = opt(a, "importance").map(arr);
            to_json(sat::disconfirmation(
                &arr(&a["perception"]),
                &arr(&a["expectation"]),
                w.as_deref(),
                f(a, "delight_margin", 1.0),
            ))
        }
        "satisfaction.servqual_survey" => {
            let (e, ec) = matrix(&a["expectations"]);
            let (p, pc) = matrix(&a["perceptions"]);
            let (lo, hi) = scale(a, (1.0, 7.0));
            let o = sat::ServqualOptions::default()
                .with_importance(opt(a, "importance").map(arr))
                .with_scale(Scale::new(lo, hi)?)
                .with_confidence(f(a, "confidence", 0.95));
            let (e, p) = (Matrix::new("expectations", &e, ec)?, Matrix::new("perceptions", &p, pc)?);
            survey(sat::servqual_survey(&instrument(a), &e, &p, &design(a, &w, &g), &o), g.is_some())
        }
        "satisfaction.servqual" => {
            let (e, ec) = matrix(&a["expectations"]);
            let (p, pc) = matrix(&a["perceptions"]);
            let imp = opt(a, "importance").map(arr);
            to_json(sat::servqual(
                &instrument(a),
                &Matrix::new("expectations", &e, ec)?,
                &Matrix::new("perceptions", &p, pc)?,
                imp.as_deref(),
            ))
        }
        "satisfaction.zone_of_tolerance" => {
            let (ad, c1) = matrix(&a["adequate"]);
            let (de, c2) = matrix(&a["desired"]);
            let (pe, c3) = matrix(&a["perceived"]);
            to_json(sat::zone_of_tolerance(
                &instrument(a),
                &Matrix::new("adequate", &ad, c1)?,
                &Matrix::new("desired", &de, c2)?,
                &Matrix::new("perceived", &pe, c3)?,
            ))
        }
        "satisfaction.five_gaps" => {
            let pairs: Vec<Option<(Vec<f64>, Vec<f64>)>> =
                sat::GAP_NAMES.iter().map(|n| opt(a, n).map(|p| (arr(&p[0]), arr(&p[1])))).collect();
            let r: Vec<Option<GapRatings<'_>>> =
                pairs.iter().map(|p| p.as_ref().map(|(r, x)| GapRatings { reference: r, achieved: x })).collect();
            to_json(sat::five_gaps([r[0], r[1], r[2], r[3], r[4]]))
        }
        "satisfaction.csi" => {
            let (m, c) = matrix(&a["ratings"]);
            let (lo, hi) = scale(a, (1.0, 10.0));
            let (w, o) = (opt(a, "importance").map(arr), opt(a, "overall").map(arr));
            to_json(sat::csi(
                &Matrix::new("ratings", &m, c)?,
                Scale::new(lo, hi)?,
                Importance::from_options(w.as_deref(), o.as_deref())?,
            ))
        }
        "satisfaction.key_drivers" => {
            let (m, c) = matrix(&a["attributes"]);
            let o: sat::KeyDriversOptions = options(a, &["method", "nan_policy", "resamples", "confidence", "seed"]);
            to_json(sat::key_drivers(&arr(&a["overall"]), &Matrix::new("attributes", &m, c)?, &o))
        }
        "satisfaction.mean_difference" => {
            let (x, y) = (arr(&a["a"]), arr(&a["b"]));
            let (wa, wb) = (opt(a, "weights_a").map(arr), opt(a, "weights_b").map(arr));
            let o: sat::MeanOptions = options(a, &["confidence", "nan_policy"]);
            to_json(sat::mean_difference(
                Column::from(&x[..]),
                Column::from(&y[..]),
                scale(a, (1.0, 10.0)),
                (wa.as_deref().map(Column::from), wb.as_deref().map(Column::from)),
                o.confidence,
                o.nan_policy,
            ))
        }
        "satisfaction.mean" | "satisfaction.mean_versus_rest" => {
            let v = arr(&a["values"]);
            let o: sat::MeanOptions = options(a, &["confidence", "nan_policy"]);
            let (v, range, d) = (Column::from(&v[..]), scale(a, (1.0, 10.0)), design(a, &w, &g));
            if function == "satisfaction.mean" {
                survey(sat::mean_survey(v, range, &d, o.confidence, o.nan_policy), g.is_some())
            } else {
                to_json(
                    sat::mean_versus_rest(v, range, &d, o.confidence, o.nan_policy)
                        .map(|segments| serde_json::json!({ "segments": segments })),
                )
            }
        }
        "satisfaction.csi_survey" => {
            let (m, c) = matrix(&a["ratings"]);
            let (lo, hi) = scale(a, (1.0, 10.0));
            let o = sat::CsiOptions::default()
                .with_scale(Scale::new(lo, hi)?)
                .with_importance(opt(a, "importance").map(arr))
                .with_overall(opt(a, "overall").map(arr))
                .with_confidence(f(a, "confidence", 0.95));
            let dw = opt(a, "weights").map(arr);
            survey(sat::csi_survey(&Matrix::new("ratings", &m, c)?, &design(a, &dw, &g), &o), g.is_some())
        }
        "satisfaction.csi_from_sums" => {
            let (lo, hi) = scale(a, (1.0, 10.0));
            let (sum, w) = (arr(&a["sum"]), opt(a, "importance").map(arr));
            let (squares, cross) = (opt(a, "sum_squares").map(arr), opt(a, "cross").map(arr));
            let overall = squares.as_deref().zip(cross.as_deref()).map(|(sum_squares, cross)| sat::OverallSums {
                sum_squares,
                overall_sum: num(&a["overall_sum"]),
                overall_sum_squares: num(&a["overall_sum_squares"]),
                cross,
            });
            let sums = sat::CsiSums { n: num(&a["n"]) as u64, sum: &sum, overall };
            to_json(sat::csi_from_sums(&sums, Scale::new(lo, hi)?, w.as_deref()))
        }
        "satisfaction.servqual_from_sums" => {
            let imp = opt(a, "importance").map(arr);
            to_json(sat::servqual_from_sums(
                &instrument(a),
                num(&a["n"]) as u64,
                &arr(&a["item_gap_sums"]),
                imp.as_deref(),
            ))
        }
        "satisfaction.ipa" => to_json(sat::ipa(
            &arr(&a["importance"]),
            &arr(&a["performance"]),
            opt(a, "importance_cut").map(num),
            opt(a, "performance_cut").map(num),
        )),
        "satisfaction.complaint_iceberg" => to_json(sat::complaint_iceberg(
            num(&a["formal_complaints"]),
            sat::IcebergShares {
                formal: f(a, "formal_share", 0.05),
                voiced: f(a, "voiced_share", 0.35),
                silent: f(a, "silent_share", 0.60),
            },
            num(&a["people_told"]),
        )),
        "satisfaction.sample_size" => to_json(sat::sample_size(
            num(&a["margin"]),
            f(a, "confidence", 0.95),
            f(a, "proportion", 0.5),
            opt(a, "population").map(|p| p.as_u64().unwrap()),
        )),
        "satisfaction.margin_of_error" => to_json(sat::margin_of_error(
            num(&a["proportion"]),
            a["n"].as_u64().unwrap(),
            f(a, "confidence", 0.95),
            opt(a, "population").map(|p| p.as_u64().unwrap()),
        )),
        "trust.trust_score" => to_json(trust::trust_score(
            comp("credibility"),
            comp("reliability"),
            comp("intimacy"),
            comp("self_orientation"),
            trust_scale(a)?,
        )),
        "trust.trust_scores" => to_json(trust::trust_score_batch(
            &comps("credibility"),
            &comps("reliability"),
            &comps("intimacy"),
            &comps("self_orientation"),
            trust_scale(a)?,
            policy(a),
        )),
        "trust.trust_survey" => {
            let cols = ["credibility", "reliability", "intimacy", "self_orientation"].map(comps);
            let o = trust::TrustOptions::default()
                .with_scale(trust_scale(a)?)
                .with_confidence(f(a, "confidence", 0.95))
                .with_nan_policy(policy(a));
            let columns = [&cols[0][..], &cols[1][..], &cols[2][..], &cols[3][..]].map(Column::from);
            survey(trust::trust_survey(columns, &design(a, &w, &g), &o), g.is_some())
        }
        "trust.trust_over_raters" => to_json(trust::trust_over_raters(
            &comps("credibility"),
            &comps("reliability"),
            &comps("intimacy"),
            &comps("self_orientation"),
            trust_scale(a)?,
        )),
        "trust.sensitivity" => {
            let s = trust_scale(a)?;
            let r = TrustRatings::new(
                comp("credibility"),
                comp("reliability"),
                comp("intimacy"),
                comp("self_orientation"),
                s,
            )?;
            to_json(Ok(trust::sensitivity(&r, s)))
        }
        other => panic!("golden.json names an unknown function {other}"),
    }
}

/// Every golden file repeats the one set of conventions (`tests/data/README.md`).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn one_convention() {
    let ours = common::conventions(GOLDEN);
    assert!(ours.is_object());
    assert_eq!(common::conventions(include_str!("../data/golden_tiers.json")), ours);
    assert_eq!(common::conventions(include_str!("../data/golden_retention.json")), ours);
    assert_eq!(common::conventions(include_str!("../data/golden_assessment.json")), ours);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn golden_vectors() {
    common::run_cases(GOLDEN, 40, call);
}
