//! The models at extreme parameters against arbitrary-precision references: P(X(t) = n) of
//! BG/NBD and MBG/NBD at parameters from 1e-300 to 1e300, computed by the core in log space
//! (gamma and beta ratios taken whole, never as differences of two large log-gammas), against
//! `tests/data/pmf_extremes_mpmath.json` (mpmath at 1000 digits; its generator,
//! `generate_pmf_extremes_mpmath.py`, states the formulas). Before, these came out as
//! some were refused with `diverges` (the tail's continued fraction did not settle at
//! r = α = 1e300) and the beta ratios were differences of log-gammas near 7e302.
#![allow(clippy::unwrap_used)]

use custometrics::retention::models::{BetaGeo, ModifiedBetaGeo, TransactionModel};

const DATA: &str = include_str!("../data/pmf_extremes_mpmath.json");

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bg_and_mbg_pmf_at_extreme_parameters_match_mpmath() {
    let data: serde_json::Value = serde_json::from_str(DATA).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 200);
    let mut bad = Vec::new();
    let mut worst = 0.0_f64;
    for c in cases {
        let p: Vec<f64> = c["params"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let (t, n, want) = (c["t"].as_f64().unwrap(), c["n"].as_u64().unwrap(), c["p"].as_f64().unwrap());
        let model: Box<dyn TransactionModel> = match c["model"].as_str().unwrap() {
            "BetaGeo" => Box::new(BetaGeo::new(p[0], p[1], p[2], p[3]).unwrap()),
            _ => Box::new(ModifiedBetaGeo::new(p[0], p[1], p[2], p[3]).unwrap()),
        };
        let got = model.probability_of_transactions(n, t);
        // Relative 1e-10, or absolutely below 1e-290 where the value itself is at the bottom of
        // the double range.
        let ok = got.as_ref().is_ok_and(|&g| (g - want).abs() <= 1e-10 * want.abs() || (g - want).abs() <= 1e-290);
        if let Ok(g) = got
            && want != 0.0
        {
            worst = worst.max((g - want).abs() / want.abs());
        }
        if !ok {
            bad.push(format!("{} {p:?} t={t} n={n}: {got:?}, want {want}", c["model"]));
        }
    }
    eprintln!("largest relative error {worst:e}");
    assert!(bad.is_empty(), "{} of {} differ:\n{}", bad.len(), cases.len(), bad.join("\n"));
}

const EXPECTED: &str = include_str!("../data/expected_extremes_mpmath.json");

/// The conditional expected purchases (and E[X(t)] for a new customer) of BG/NBD and MBG/NBD at
/// parameters from 1e-300 to 1e300 against `data/expected_extremes_mpmath.json` (its generator,
/// `generate_expected_extremes_mpmath.py`, states the formulas). Before, the closed form's
/// bracket 1 − (α/(α+t))^r ₂F₁ cancelled to hundreds of digits there and the call was refused
/// with `diverges` (or lost digits silently at short horizons). Every case with a representable
/// reference is now finite, >= 0 and within 1e-10 of it, a = 1 + 1e-9 over 1e6 periods too.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bg_and_mbg_expectations_at_extreme_parameters_match_mpmath() {
    let data: serde_json::Value = serde_json::from_str(EXPECTED).unwrap();
    let cases = data["cases"].as_array().unwrap();
    assert!(cases.len() >= 250, "{}", cases.len());
    let (mut bad, mut worst) = (Vec::new(), 0.0_f64);
    for c in cases {
        let p: Vec<f64> = c["params"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let (t, want) = (c["t"].as_f64().unwrap(), c["expected"].as_f64().unwrap());
        let model: Box<dyn TransactionModel> = match c["model"].as_str().unwrap() {
            "BetaGeo" => Box::new(BetaGeo::new(p[0], p[1], p[2], p[3]).unwrap()),
            _ => Box::new(ModifiedBetaGeo::new(p[0], p[1], p[2], p[3]).unwrap()),
        };
        let got = match c.get("history") {
            Some(h) => {
                let h: Vec<f64> = h.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
                model.conditional_expected_transactions(t, h[0], h[1], h[2])
            }
            None => model.expected_transactions(t),
        };
        // A reference that is not a positive normal double (0 or subnormal after rounding) may
        // be refused; anything returned must still be finite, >= 0 and close.
        let representable = want >= f64::MIN_POSITIVE && want.is_finite();
        let ok = match &got {
            Ok(g) => *g >= 0.0 && g.is_finite() && ((g - want).abs() <= 1e-10 * want || (g - want).abs() <= 1e-300),
            Err(_) => !representable,
        };
        if let Ok(g) = got
            && want > 0.0
        {
            worst = worst.max((g - want).abs() / want);
        }
        if !ok {
            bad.push(format!("{} {p:?} t={t} {:?}: {got:?}, want {want} ({})", c["model"], c.get("history"), c["how"]));
        }
    }
    eprintln!("largest relative error {worst:e}");
    assert!(bad.is_empty(), "{} of {} differ:\n{}", bad.len(), cases.len(), bad.join("\n"));
}
