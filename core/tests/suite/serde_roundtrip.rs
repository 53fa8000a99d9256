//! NaN and the infinities survive a JSON round trip in every kind of result (the crate's
//! convention: the strings "NaN", "inf", "-inf" where JSON has no number for them), and a finite
//! result is written as plain JSON numbers, as before.
//!
//! Results are `#[non_exhaustive]`, so the non-finite values are made from real results: every
//! float of the real result's JSON is replaced by "NaN", "inf" and "-inf" in turn, the JSON read
//! back into the result type, written again and read again. Without the convention the first read
//! already fails (an `f64` field does not accept a string) and the writes give `null`.
//!
//! Finite values read back bit for bit with serde_json's `float_roundtrip` feature (on for these
//! tests); its default parser may be one ulp off.
#![allow(clippy::unwrap_used, clippy::panic)]

use custometrics::Decimal;
use custometrics::assessment::{AhpOptions, ahp};
use custometrics::loyalty::{JonesSasserOptions, dick_basu, jones_sasser, loyalty_indicators};
use custometrics::retention::models::{BetaGeo, Fit, FitOptions};
use custometrics::retention::{ClvOptions, retention_impact};
use custometrics::satisfaction::{Nps, NpsOptions, nps, nps_difference};
use custometrics::tiers::{lorenz, migration, profit_pyramid};
use custometrics::trust::{TrustRatings, TrustScale, sensitivity, trust_over_raters};
use custometrics::{Matrix, NanPolicy};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

const NON_FINITE: [&str; 3] = ["NaN", "inf", "-inf"];

/// Every float of `v` (not under a key in `skip`) replaced by "NaN", "inf", "-inf" in turn; the
/// values put, in order.
fn poison(v: &mut Value, skip: &[&str], put: &mut Vec<f64>) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let s = NON_FINITE[put.len() % 3];
            put.push(s.parse().unwrap());
            *v = Value::String(s.into());
        }
        Value::Array(a) => a.iter_mut().for_each(|x| poison(x, skip, put)),
        Value::Object(m) => {
            m.iter_mut().filter(|(k, _)| !skip.contains(&k.as_str())).for_each(|(_, x)| poison(x, skip, put))
        }
        _ => {}
    }
}

/// The floats of `x` as written (numbers, or the convention's strings), in order, as bits; any
/// NaN as `f64::NAN`'s bits (the convention keeps NaN, not its payload).
fn float_bits<T: Serialize>(x: &T) -> Vec<u64> {
    fn walk(v: &Value, out: &mut Vec<u64>) {
        match v {
            Value::Number(n) if n.is_f64() => out.push(n.as_f64().unwrap().to_bits()),
            Value::String(s) if NON_FINITE.contains(&s.as_str()) => out.push(s.parse::<f64>().unwrap().to_bits()),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = vec![];
    walk(&serde_json::to_value(x).unwrap(), &mut out);
    out
}

fn bits(xs: &[f64]) -> Vec<u64> {
    xs.iter().map(|x| if x.is_nan() { f64::NAN.to_bits() } else { x.to_bits() }).collect()
}

/// `real` (a finite result) is plain JSON numbers and reads back bit for bit; the same result
/// with its floats made non-finite (except under `skip`) writes them as the convention's strings
/// and reads back bit for bit. Returns the non-finite result.
fn round_trips<T: Serialize + DeserializeOwned>(name: &str, real: &T, skip: &[&str]) -> T {
    let text = serde_json::to_string(real).unwrap();
    for s in NON_FINITE {
        assert!(!text.contains(&format!("\"{s}\"")), "{name}: a finite result wrote {s}: {text}");
    }
    let back: T = serde_json::from_str(&text).unwrap();
    assert_eq!(float_bits(&back), float_bits(real), "{name}: finite values changed: {text}");

    let mut v = serde_json::to_value(real).unwrap();
    let mut put = vec![];
    poison(&mut v, skip, &mut put);
    assert!(put.len() >= 3, "{name}: only {} floats to test", put.len());
    let odd: T = serde_json::from_str(&v.to_string()).unwrap_or_else(|e| panic!("{name}: {e} reading {v}"));
    let nulls = text.matches("null").count(); // the `None`s of the real result
    let text = serde_json::to_string(&odd).unwrap();
    assert_eq!(text.matches("null").count(), nulls, "{name}: a non-finite value written as null: {text}");
    for s in NON_FINITE {
        assert!(text.contains(&format!("\"{s}\"")), "{name}: {s} not written: {text}");
    }
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e} reading back {text}"));
    let (before, after) = (float_bits(&odd), float_bits(&back));
    assert_eq!(after, before, "{name}: {text}");
    assert!(
        before.iter().any(|&b| b == f64::INFINITY.to_bits())
            && before.iter().any(|&b| b == f64::NEG_INFINITY.to_bits())
    );
    odd
}

#[test]
fn satisfaction_results_round_trip() {
    let o = NpsOptions::default();
    let a = [10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 9.0];
    let b = [10.0, 10.0, 9.0, 3.0, 5.0, 8.0];
    let odd: Nps = round_trips("Nps", &nps(&a, &o).unwrap(), &[]);
    // the typed fields, not only their JSON, are non-finite and survive another trip
    let again: Nps = serde_json::from_str(&serde_json::to_string(&odd).unwrap()).unwrap();
    let fields = |n: &Nps| bits(&[n.score, n.std_error, n.ci_low, n.ci_high, n.confidence, n.effective_n]);
    assert!(![odd.score, odd.std_error, odd.ci_low, odd.ci_high].iter().any(|x| x.is_finite()));
    assert_eq!(fields(&again), fields(&odd));
    round_trips("NpsDifference", &nps_difference(&a, &b, &o).unwrap(), &[]);
}

#[test]
fn a_nan_result_from_a_real_call_round_trips() {
    // Under the propagate policy a NaN answer makes the score NaN.
    let o = NpsOptions::default().with_nan_policy(NanPolicy::Propagate);
    let s = nps(&[10.0, f64::NAN, 3.0], &o).unwrap();
    assert!(s.score.is_nan());
    let text = serde_json::to_string(&s).unwrap();
    assert!(text.contains(r#""score":"NaN""#), "{text}");
    let back: Nps = serde_json::from_str(&text).unwrap();
    assert!(back.score.is_nan());
    assert_eq!(float_bits(&back), float_bits(&s));
}

#[test]
fn trust_results_round_trip() {
    let scale = TrustScale::default();
    let r = TrustRatings::new(7.0, 8.0, 6.0, 3.0, scale).unwrap();
    let odd = round_trips("TrustSensitivity", &sensitivity(&r, scale), &[]);
    assert!(odd.gains.iter().all(|g| !g.is_finite()));
    let (c, rr, i, s) = ([7.0, 5.0], [8.0, 6.0], [6.0, 4.0], [3.0, 2.0]);
    round_trips("TrustAggregate", &trust_over_raters(&c, &rr, &i, &s, scale).unwrap(), &[]);
}

#[test]
fn loyalty_results_round_trip() {
    let x = [1.0, 5.0, 3.0, 4.0, 2.0, 5.0];
    let y = [2.0, 4.0, 5.0, 1.0, 3.0, 5.0];
    let odd = round_trips("DickBasu", &dick_basu(&x, &y, None, None).unwrap(), &[]);
    assert!(!odd.shares.loyal.is_finite() && !odd.attitude_threshold.is_finite());
    let odd = round_trips("JonesSasser", &jones_sasser(&x, &y, &JonesSasserOptions::default()).unwrap(), &[]);
    assert!(!odd.shares.apostle.is_finite());
    let prev = [1.0, 1.0, 0.0, 1.0];
    let cur = [1.0, 0.0, 1.0, 1.0];
    round_trips("LoyaltyIndicators", &loyalty_indicators(&prev, &cur, None, None).unwrap(), &[]);
}

#[test]
fn tier_results_round_trip() {
    let values = [120.0, 80.0, 40.0, 10.0, 5.0, 1.0];
    let tiers = [0u8, 0, 1, 1, 2, 2];
    round_trips("ProfitPyramid", &profit_pyramid(&values, &tiers, 3).unwrap(), &[]);
    round_trips("Lorenz", &lorenz(&values, 4).unwrap(), &[]);
    round_trips("Migration", &migration(&[0u8, 1, 1, 2], &[0u8, 0, 1, 2], 3).unwrap(), &[]);
}

#[test]
fn retention_and_clv_results_round_trip() {
    let impact = retention_impact(Decimal::new(100, 0), 0.8, 0.05, &ClvOptions::default()).unwrap();
    round_trips("RetentionImpact", &impact, &[]);
    let (f, r, t) = ([0.0, 2.0, 1.0, 5.0, 0.0], [0.0, 20.0, 3.0, 30.0, 0.0], [40.0, 38.0, 35.0, 31.0, 30.0]);
    let fit = BetaGeo::fit(&f, &r, &t, None, &FitOptions::default()).unwrap();
    // The parameters are validated when read (a NaN model is refused), so only the report and the
    // counts carry non-finite values here; the model's own floats are checked finite.
    let odd: Fit<BetaGeo> = round_trips("Fit<BetaGeo>", &fit, &["model", "std_errors"]);
    assert!(odd.report.log_likelihood.is_nan());
}

#[test]
fn standard_errors_not_available_round_trip() {
    let (f, r, t) = ([0.0, 2.0, 1.0, 5.0, 0.0], [0.0, 20.0, 3.0, 30.0, 0.0], [40.0, 38.0, 35.0, 31.0, 30.0]);
    let fit = BetaGeo::fit(&f, &r, &t, None, &FitOptions::default()).unwrap();
    let mut v = serde_json::to_value(&fit).unwrap();
    // NaN where the covariance is not available, +inf where it is unbounded.
    v["std_errors"]["r"] = "NaN".into();
    v["std_errors"]["alpha"] = "inf".into();
    let odd: Fit<BetaGeo> = serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{e} reading {v}"));
    assert!(odd.std_errors.r.is_nan() && odd.std_errors.alpha == f64::INFINITY);
    assert_eq!(odd.std_errors.a.to_bits(), fit.std_errors.a.to_bits());
    let back: Fit<BetaGeo> = serde_json::from_str(&serde_json::to_string(&odd).unwrap()).unwrap();
    assert_eq!(float_bits(&back), float_bits(&odd));

    // A negative standard error was not written by the crate; a NaN model is not a model.
    let mut bad = v.clone();
    bad["std_errors"]["b"] = (-1.0).into();
    let e = serde_json::from_value::<Fit<BetaGeo>>(bad).unwrap_err().to_string();
    assert!(e.contains("std_errors.b = -1"), "{e}");
    let mut bad = v;
    bad["model"]["r"] = "NaN".into();
    assert!(serde_json::from_value::<Fit<BetaGeo>>(bad).is_err());
}

#[test]
fn assessment_results_round_trip() {
    let pairwise = [1.0, 3.0, 5.0, 1.0 / 3.0, 1.0, 2.0, 0.2, 0.5, 1.0];
    let m = Matrix::new("pairwise", &pairwise, 3).unwrap();
    round_trips("Ahp", &ahp(&m, &AhpOptions::default()).unwrap(), &[]);
}

#[test]
fn null_stays_an_error() {
    // null could have been any of the three: reading it is refused, not guessed.
    let e = serde_json::from_str::<custometrics::satisfaction::IcebergShares>(r#"{"formal":null}"#);
    assert!(e.is_err());
}

/// Every `f64` field of a struct the crate serialises (alone or in an `Option`, a `Vec`, an array
/// or the loyalty cells) carries the convention's `with` attribute: a new field without it would
/// silently write `null` for NaN again. Read from the source, as a reviewer would.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn every_serialised_float_field_follows_the_convention() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut paths = vec![];
    files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut paths);
    let (mut checked, mut missing) = (0, vec![]);
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let derive = lines[i].trim_start();
            i += 1;
            if !(derive.starts_with("#[derive(") && derive.contains("Serialize")
                || derive.starts_with("#[derive(serde::Deserialize"))
            {
                continue;
            }
            // the container's attributes up to its `struct … {` (enums and tuple structs: none here
            // have an f64 but `Error`'s wire form, which uses the convention by hand)
            let mut forwarded = false;
            while i < lines.len() && !lines[i].contains("struct ") && !lines[i].contains("enum ") {
                forwarded |= lines[i].contains("into = ");
                i += 1;
            }
            if i >= lines.len() || !lines[i].contains("struct ") || !lines[i].trim_end().ends_with('{') || forwarded {
                continue;
            }
            i += 1;
            let mut attrs = String::new();
            while i < lines.len() && lines[i].trim() != "}" {
                let l = lines[i].trim();
                if l.starts_with("#[") || l.starts_with("///") {
                    attrs.push_str(l);
                } else {
                    if l.contains(':') && l.split(':').nth(1).is_some_and(|t| t.contains("f64")) {
                        checked += 1;
                        if !(attrs.contains("float_serde")
                            || attrs.contains("shares_serde")
                            || l.contains("float_serde"))
                        {
                            missing.push(format!("{}:{}: {l}", path.display(), i + 1));
                        }
                    }
                    attrs.clear();
                }
                i += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} float fields found: the scan no longer reads the source");
    assert!(missing.is_empty(), "f64 fields without the convention:\n{}", missing.join("\n"));
}
