//! Property tests of the retention module: the invariants each formula must keep.
#![allow(clippy::unwrap_used, missing_docs)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use custometrics::retention::{
    ClvOptions, FitOptions, MarginTiming, Period, ShiftedBetaGeo, SummaryOptions, clv, clv_batch, clv_closed_form,
    payback, summary_from_transactions,
};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use statrs::distribution::{Beta, ContinuousCDF};

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..10_000_000).prop_map(|c| Decimal::new(c, 2))
}

fn timing() -> impl Strategy<Value = MarginTiming> {
    prop_oneof![Just(MarginTiming::End), Just(MarginTiming::Start)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Keeping customers longer never lowers their value, for either timing and any horizon.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn clv_is_monotone_in_retention(
        m in money(), r1 in 0.0..0.99f64, dr in 0.0..0.5f64, d in 0.0..0.5f64, g in -0.5..0.05f64,
        horizon in prop::option::of(0u64..200), timing in timing(),
    ) {
        let r2 = (r1 + dr).min(0.99);
        let opts = ClvOptions::default().with_discount(d).with_growth(g).with_horizon(horizon).with_timing(timing);
        let (a, b) = (clv(m, r1, Decimal::ZERO, &opts), clv(m, r2, Decimal::ZERO, &opts));
        if let (Ok(a), Ok(b)) = (a, b) {
            // Up to Decimal's last digits: the closed-form geometric sum divides, and a
            // 28-digit quotient can land one unit in the 24th place either way.
            let slack = Decimal::new(1, 20) * a.gross.abs().max(Decimal::ONE);
            prop_assert!(a.gross <= b.gross + slack, "{} > {}", a.gross, b.gross);
        }
    }

    /// A larger margin never lowers the value, and value is proportional to margin.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn clv_is_monotone_in_margin(m1 in money(), dm in money(), r in 0.0..0.95f64, d in 0.0..0.3f64, timing in timing()) {
        let m2 = m1 + dm;
        let (a, b) = (clv_closed_form(m1, r, d, timing).unwrap(), clv_closed_form(m2, r, d, timing).unwrap());
        prop_assert!(a <= b);
        let unit = clv_closed_form(Decimal::ONE, r, d, timing).unwrap();
        prop_assert!((b - unit * m2).abs() <= Decimal::new(1, 12) * m2.max(Decimal::ONE));
    }

    /// The f64 batch kernel and the Decimal function compute the same formula.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn batch_agrees_with_decimal(
        m in money(), r in 0.0..0.99f64, d in 0.0..0.3f64, g in -0.2..0.0f64,
        horizon in prop::option::of(1u64..120), timing in timing(),
    ) {
        let opts = ClvOptions::default().with_discount(d).with_growth(g).with_horizon(horizon).with_timing(timing);
        let dec = clv(m, r, Decimal::ZERO, &opts).unwrap().gross.to_f64().unwrap();
        let f = clv_batch(&[m.to_f64().unwrap()], &[r], &opts).unwrap()[0];
        prop_assert!((dec - f).abs() <= 1e-11 * dec.abs().max(1.0), "{dec} vs {f}");
    }

    /// Payback is the first period whose cumulative discounted margin covers the cost.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn payback_is_the_first_covering_period(
        cost in 1i64..100_000, m in 1i64..5_000, r in 0.5..0.999f64, d in 0.0..0.05f64,
    ) {
        let (cost, m) = (Decimal::new(cost, 1), Decimal::new(m, 1));
        let opts = ClvOptions::default().with_discount(d);
        let p = payback(cost, m, r, &opts).unwrap();
        let cumulative = |n: u64| clv(m, r, Decimal::ZERO, &opts.with_horizon(Some(n))).unwrap().gross;
        match p.periods {
            Some(n) => {
                prop_assert!(cumulative(n) >= cost);
                prop_assert!(n == 0 || cumulative(n - 1) < cost);
            }
            None => prop_assert!(p.clv <= cost),
        }
    }

    /// S(t) is a survival function: 1 at 0, in [0, 1], non-increasing (across the switch from
    /// summed logs to Stirling at t = 1000 too).
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn survival_is_a_survival_function(alpha in 0.01..50.0f64, beta in 0.01..50.0f64, t0 in 0u64..1200) {
        let m = ShiftedBetaGeo::new(alpha, beta).unwrap();
        prop_assert_eq!(m.survival(0), 1.0);
        let mut prev = m.survival(t0);
        prop_assert!((0.0..=1.0).contains(&prev));
        for t in t0 + 1..t0 + 5 {
            let s = m.survival(t);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert!(s <= prev * (1.0 + 1e-14), "S({t}) = {s} > {prev}");
            prev = s;
        }
        // retention rises with tenure
        prop_assert!(m.retention_rate(t0 + 1).unwrap() <= m.retention_rate(t0 + 2).unwrap());
    }

    /// DEL >= 1 (the first period counts in full) and DERL grows with the renewals made.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn del_and_derl_bounds(alpha in 0.1..10.0f64, beta in 0.1..10.0f64, d in 0.01..1.0f64, n in 0u64..50) {
        let m = ShiftedBetaGeo::new(alpha, beta).unwrap();
        let del = m.del(d).unwrap();
        prop_assert!(del >= 1.0 && del <= (1.0 + d) / d + 1e-9);
        prop_assert!(m.derl(d, n).unwrap() <= m.derl(d, n + 1).unwrap() * (1.0 + 1e-12));
        prop_assert!((del - (1.0 + m.derl(d, 0).unwrap() / (1.0 + d))).abs() < 1e-10 * del);
    }

    /// The fit recovers the parameters from a cohort that follows the model exactly (expected
    /// counts n₀ S(t)): there the maximum-likelihood estimate is the truth.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sbg_fit_recovers_parameters(alpha in 0.2..5.0f64, beta in 0.2..8.0f64, periods in 6u64..16) {
        let truth = ShiftedBetaGeo::new(alpha, beta).unwrap();
        let survivors = truth.expected_survivors(10_000.0, periods).unwrap();
        let fit = ShiftedBetaGeo::fit(&survivors, &FitOptions::default()).unwrap();
        prop_assert!((fit.model.alpha() - alpha).abs() < 1e-6 * alpha, "alpha {} vs {alpha}", fit.model.alpha());
        prop_assert!((fit.model.beta() - beta).abs() < 1e-6 * beta, "beta {} vs {beta}", fit.model.beta());
        prop_assert!(fit.report.converged);
    }

    /// Summary invariants: frequency <= transactions − 1, recency <= T, everything finite and
    /// non-negative, customers sorted and unique.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn summary_invariants(
        log in prop::collection::vec((0u64..30, 0i64..(200 * 86_400), 0.0..100.0f64), 1..300),
        week in any::<bool>(), include_first in any::<bool>(),
    ) {
        let ids: Vec<u64> = log.iter().map(|x| x.0).collect();
        let times: Vec<i64> = log.iter().map(|x| x.1).collect();
        let values: Vec<f64> = log.iter().map(|x| x.2).collect();
        let opts = SummaryOptions::default().with_period(if week { Period::WEEK } else { Period::DAY }).with_include_first_transaction(include_first);
        let s = summary_from_transactions(&ids, &times, Some(&values), &opts).unwrap();
        prop_assert!(s.customer_id.windows(2).all(|w| w[0] < w[1]));
        let mv = s.monetary_value.as_ref().unwrap();
        for (k, id) in s.customer_id.iter().enumerate() {
            let count = ids.iter().filter(|i| *i == id).count() as f64;
            let limit = if include_first { count } else { count - 1.0 };
            prop_assert!(s.frequency[k] <= limit && s.frequency[k] >= 0.0);
            prop_assert!(s.recency[k] <= s.t[k] && s.recency[k] >= 0.0);
            prop_assert!(mv[k] >= 0.0 && mv[k].is_finite());
            if s.frequency[k] == 0.0 {
                prop_assert_eq!(s.recency[k], 0.0);
            }
        }
        // every customer with a transaction is there
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        prop_assert_eq!(distinct, s.customer_id);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any survivor counts, however odd, give a fit or a named error — never a panic — and a
    /// returned fit has valid parameters.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn sbg_fit_never_panics(drops in prop::collection::vec(0.0..1.0f64, 1..30), size in 1e-3..1e12f64, pen in 0.0..2.0f64) {
        let mut survivors = vec![size];
        for d in drops {
            let last = survivors[survivors.len() - 1];
            survivors.push(last * d);
        }
        let opts = FitOptions::default().with_penalizer(pen);
        if let Ok(fit) = ShiftedBetaGeo::fit(&survivors, &opts) {
            prop_assert!(fit.model.alpha() > 0.0 && fit.model.beta() > 0.0);
            prop_assert!(fit.report.log_likelihood <= 0.0);
        }
    }

    /// Extreme times and periods: a summary or a named error, never a panic or an overflow.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn summary_never_panics(
        log in prop::collection::vec((0u8..5, any::<i64>()), 1..50),
        length in 1i64..i64::MAX, origin in any::<i64>(), end in prop::option::of(any::<i64>()),
    ) {
        let ids: Vec<u8> = log.iter().map(|x| x.0).collect();
        let times: Vec<i64> = log.iter().map(|x| x.1).collect();
        let opts = SummaryOptions::default().with_period(Period { length, origin }).with_observation_end(end);
        if let Ok(s) = summary_from_transactions(&ids, &times, None, &opts) {
            prop_assert!(s.t.iter().zip(&s.recency).all(|(t, r)| r <= t && t.is_finite()));
        }
    }
}

/// A cohort simulated customer by customer (θ ~ Beta(α, β), then renewals with probability
/// 1 − θ), seeded: the fit lands within three standard errors of the truth.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sbg_fit_on_a_simulated_cohort() {
    let (alpha, beta, n, periods) = (0.8, 2.5, 20_000usize, 10usize);
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(20070101);
    let dist = Beta::new(alpha, beta).unwrap();
    let mut survivors = vec![0.0; periods + 1];
    for _ in 0..n {
        let theta = dist.inverse_cdf(rng.random::<f64>());
        survivors[0] += 1.0;
        for s in survivors.iter_mut().skip(1) {
            if rng.random::<f64>() < theta {
                break;
            }
            *s += 1.0;
        }
    }
    let fit = ShiftedBetaGeo::fit(&survivors, &FitOptions::default()).unwrap();
    assert!((fit.model.alpha() - alpha).abs() < 3.0 * fit.std_errors.alpha(), "{fit:?}");
    assert!((fit.model.beta() - beta).abs() < 3.0 * fit.std_errors.beta(), "{fit:?}");
    // and the expected survivors track the observed ones
    let expected = fit.model.expected_survivors(n as f64, periods as u64).unwrap();
    for (e, o) in expected.iter().zip(&survivors) {
        assert!((e - o).abs() < 0.02 * n as f64);
    }
}

/// A penalty pulls the parameters towards zero and lowers the (unpenalised) log-likelihood.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn penalizer_shrinks() {
    let s = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];
    let free = ShiftedBetaGeo::fit(&s, &FitOptions::default()).unwrap();
    let pen = ShiftedBetaGeo::fit(&s, &FitOptions::default().with_penalizer(0.1)).unwrap();
    assert!(pen.model.alpha() < free.model.alpha() && pen.model.beta() < free.model.beta());
    assert!(pen.report.log_likelihood < free.report.log_likelihood);
    assert!(pen.report.converged);
    // the objective is lifetimes': mean negative log-likelihood + penalizer · Σθ²
    let want = -pen.report.log_likelihood / 1000.0 + 0.1 * (pen.model.alpha().powi(2) + pen.model.beta().powi(2));
    assert!((pen.report.objective - want).abs() < 1e-12);
}

/// Rates that look exact are exact: no binary-fraction noise in money.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn decimal_rates_are_exact() {
    let v = clv_closed_form(Decimal::from(100), 0.7, 0.05, MarginTiming::End).unwrap();
    assert_eq!(v, Decimal::from(200)); // 70 / 0.35
    let f = Decimal::from_f64(0.7).unwrap();
    assert_eq!(f.to_string(), "0.7");
}
