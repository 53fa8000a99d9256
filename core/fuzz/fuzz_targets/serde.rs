//! Every core type a caller can deserialise — the validated types (TrustScale, TrustRatings, the
//! SERVQUAL Instrument, TransitionMatrix, ShiftedBetaGeo and the other model parameters) and the options structs the JS binding
//! reads from plain objects — read from arbitrary JSON and then used: deserialising either fails
//! or gives a value whose use is an error or a finite result, never a panic; a validated value
//! serialises back to JSON that deserialises to the same value.
#![no_main]

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, GammaGamma, ModifiedBetaGeo, ParetoNbd, TransactionModel,
};
use custometrics::retention::{ClvOptions, Cohort, ShiftedBetaGeo, clv, customer_equity, payback};
use custometrics::satisfaction::{
    CsiOptions, IcebergShares, Importance, Instrument, NpsOptions, SurveyOptions, complaint_iceberg, csi,
    margin_of_error, nps, sample_size, servqual,
};
use custometrics::tiers::{MarkovClvOptions, TransitionMatrix, markov_clv};
use custometrics::trust::{TrustOptions, TrustRatings, TrustScale, sensitivity, trust_over_raters, trust_score};
use custometrics::{Error, Matrix};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use serde::{Serialize, de::DeserializeOwned};

/// `data` as a `T`, and, when it is one, the check that it survives a round trip.
fn read<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(data: &[u8]) -> Option<T> {
    let v: T = serde_json::from_slice(data).ok()?;
    let text = serde_json::to_string(&v).expect("a deserialised value serialises");
    let back: T = serde_json::from_str(&text).expect("what was read reads back");
    assert_eq!(back, v, "round trip of {text}");
    Some(v)
}

fn finite(x: f64, what: &str) {
    assert!(x.is_finite(), "{what} = {x}");
}

/// Ok values are checked by `f`; errors are fine.
fn ok<T>(r: Result<T, Error>, f: impl FnOnce(T)) {
    if let Ok(v) = r {
        f(v);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, json)) = data.split_first() else { return };
    match which % 13 {
        0 => {
            if let Some(s) = read::<TrustScale>(json) {
                ok(trust_score(s.max(), s.max(), s.max(), s.min(), s), |t| finite(t, "T"));
                ok(TrustRatings::new(s.max(), s.min(), s.max(), s.min(), s), |r| {
                    let z = sensitivity(&r, s);
                    finite(z.d_self_orientation, "dT/dS");
                    z.gains.iter().for_each(|g| finite(*g, "gain"));
                });
                let n = [s.max(); 5];
                ok(trust_over_raters(&n, &n, &n, &[s.min(); 5], s), |a| finite(a.mean_of_scores, "mean"));
            }
        }
        1 => {
            if let Some(r) = read::<TrustRatings>(json) {
                finite(r.score(), "T");
            }
            if let Some(o) = read::<TrustOptions>(json) {
                ok(trust_score(1.0, 1.0, 1.0, 1.0, o.scale), |t| finite(t, "T"));
            }
        }
        2 => {
            if let Some(i) = read::<Instrument>(json) {
                let k = i.items();
                if k <= 4096 {
                    let e = vec![3.0; 2 * k];
                    let p: Vec<f64> = (0..2 * k).map(|j| (j % 7) as f64).collect();
                    let (e, p) = (Matrix::new("expectations", &e, k), Matrix::new("perceptions", &p, k));
                    if let (Ok(e), Ok(p)) = (e, p) {
                        ok(servqual(&i, &e, &p, None), |s| {
                            s.sample.dimension_gaps.iter().for_each(|g| finite(*g, "gap"))
                        });
                    }
                }
            }
        }
        3 => {
            if let Some(o) = read::<NpsOptions>(json) {
                ok(nps(&[10.0, 9.0, 3.0, 7.0, 0.0], &o), |s| {
                    finite(s.ci_low, "ci_low");
                    finite(s.ci_high, "ci_high");
                });
            }
        }
        4 => {
            if let Some(o) = read::<SurveyOptions>(json) {
                ok(sample_size(0.05, o.confidence, o.proportion, o.population), |s| finite(s.z, "z"));
                ok(margin_of_error(o.proportion, 100, o.confidence, o.population), |e| finite(e, "margin"));
            }
        }
        5 => {
            if let Some(o) = read::<CsiOptions>(json) {
                if let Ok(m) = Matrix::new("ratings", &[1.0, 5.0, 9.0, 3.0, 7.0, 2.0], 2) {
                    let imp = Importance::from_options(o.weights.as_deref(), o.overall.as_deref());
                    ok(imp, |imp| ok(csi(&m, o.scale, imp), |c| finite(c.index, "index")));
                }
            }
        }
        6 => {
            if let Some(s) = read::<IcebergShares>(json) {
                ok(complaint_iceberg(50.0, s, 5.0), |i| finite(i.word_of_mouth_reach, "reach"));
            }
        }
        7 => {
            if let Some(o) = read::<ClvOptions>(json) {
                // bounded work: the horizon's sum takes about 2 log2(horizon) products
                ok(clv(Decimal::from(100), 0.9, Decimal::from(50), &o), |_| ());
                ok(payback(Decimal::from(100), Decimal::from(40), 0.9, &o), |p| {
                    if let Some(s) = p.simple_periods {
                        finite(s, "simple_periods");
                    }
                });
            }
        }
        8 => {
            if let Some(c) = read::<Vec<Cohort>>(json) {
                ok(customer_equity(&c, &ClvOptions::default().with_discount(0.1)), |_| ());
            }
        }
        9 => {
            if let Some(t) = read::<TransitionMatrix>(json) {
                let margins = vec![Decimal::from(10); t.n_tiers()];
                ok(markov_clv(&t, &margins, 0.1, Some(12)), |_| ());
            }
            if let Some(o) = read::<MarkovClvOptions>(json) {
                let t = TransitionMatrix::new(2, vec![0.5, 0.5, 0.0, 1.0]).expect("a valid matrix");
                // the horizon is capped at 100000 periods
                ok(markov_clv(&t, &[Decimal::from(12), Decimal::ZERO], 0.25, o.horizon), |_| ());
            }
        }
        10 => {
            if let Some(m) = read::<ShiftedBetaGeo>(json) {
                ok(m.retention_rate(3), |r| assert!((0.0..=1.0).contains(&r), "retention {r}"));
            }
        }
        11 => {
            // Model parameters deserialise through their validating constructors: a model read
            // is one whose predictions are in their domain or an error.
            let p = |r: Result<f64, Error>| ok(r, |v| assert!((0.0..=1.0).contains(&v), "probability {v}"));
            let e = |r: Result<f64, Error>| ok(r, |v| assert!(v.is_finite() && v >= 0.0, "expectation {v}"));
            if let Some(m) = read::<BetaGeo>(json) {
                p(m.probability_alive(2.0, 30.0, 38.86));
                e(m.conditional_expected_transactions(39.0, 2.0, 30.0, 38.86));
            }
            if let Some(m) = read::<ModifiedBetaGeo>(json) {
                p(m.probability_of_transactions(1, 39.0));
            }
            if let Some(m) = read::<ParetoNbd>(json) {
                p(m.probability_alive(2.0, 30.0, 38.86));
            }
            if let Some(m) = read::<BetaGeoBetaBinom>(json) {
                p(m.probability_alive(1, 3.0, 5.0, 6.0));
            }
            if let Some(m) = read::<GammaGamma>(json) {
                e(m.conditional_expected_average_profit(3.0, 20.0));
            }
        }
        _ => {
            // the options that pass through to functions as they are
            let _ = read::<custometrics::tiers::RfmOptions>(json);
            let _ = read::<custometrics::tiers::AbcOptions>(json);
            let _ = read::<custometrics::tiers::CurryOptions>(json);
            let _ = read::<custometrics::tiers::LorenzOptions>(json);
            let _ = read::<custometrics::loyalty::DickBasuOptions>(json);
            let _ = read::<custometrics::loyalty::JonesSasserOptions>(json);
            let _ = read::<custometrics::assessment::DecisionOptions>(json);
            let _ = read::<custometrics::assessment::AhpOptions>(json);
            let _ = read::<custometrics::retention::models::FitOptions>(json);
            let _ = read::<custometrics::retention::models::ModelClvOptions>(json);
        }
    }
});
