//! Bad input to the retention module: each kind is a named error with a stable code, the field
//! and the index — never a panic.
#![allow(clippy::unwrap_used, clippy::panic, missing_docs)]

use custometrics::Error;
use custometrics::retention::{
    ClvOptions, Cohort, FitOptions, MarginTiming, Period, ShiftedBetaGeo, SummaryOptions, break_even_retention_spend,
    clv, clv_batch, clv_closed_form, convert_retention, cost_ratio, customer_equity, expected_lifetime, payback,
    retention_impact, summary_from_transactions,
};
use rust_decimal::Decimal;

fn assert_err<T: std::fmt::Debug>(r: Result<T, Error>, code: &str, field: Option<&str>, index: Option<usize>) -> Error {
    let e = r.unwrap_err();
    assert_eq!((e.code(), e.field(), e.index()), (code, field, index), "{e}");
    e
}

const HIGH_END: [f64; 8] = [1000.0, 869.0, 743.0, 653.0, 593.0, 551.0, 517.0, 491.0];

// ---- empty data ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn empty_data() {
    let none: [u64; 0] = [];
    assert_err(
        summary_from_transactions(&none, &[], None, &SummaryOptions::default()),
        "empty",
        Some("customers"),
        None,
    );
    assert_err(ShiftedBetaGeo::fit(&[], &FitOptions::default()), "empty", Some("survivors"), None);
    assert_err(ShiftedBetaGeo::fit(&[1000.0], &FitOptions::default()), "empty", Some("survivors"), None);
    assert_err(customer_equity(&[], &ClvOptions::default()), "empty", Some("cohorts"), None);
    assert!(clv_batch(&[], &[], &ClvOptions::default()).unwrap().is_empty()); // element-wise: empty in, empty out
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn summary_shapes_and_values() {
    assert_err(
        summary_from_transactions(&[1u64, 2], &[0], None, &SummaryOptions::default()),
        "length_mismatch",
        Some("times"),
        None,
    );
    assert_err(
        summary_from_transactions(&[1u64, 2], &[0, 1], Some(&[1.0]), &SummaryOptions::default()),
        "length_mismatch",
        Some("values"),
        None,
    );
    assert_err(
        summary_from_transactions(&[1u64, 2, 3], &[0, 1, 2], Some(&[1.0, f64::NAN, 2.0]), &SummaryOptions::default()),
        "not_finite",
        Some("values"),
        Some(1),
    );
    let opts = SummaryOptions::default().with_freq_multiplier(0.0);
    assert_err(summary_from_transactions(&[1u64], &[0], None, &opts), "out_of_range", Some("freq_multiplier"), None);
    let opts = SummaryOptions::default().with_period(Period { length: 0, origin: 0 });
    assert_err(summary_from_transactions(&[1u64], &[0], None, &opts), "out_of_range", Some("period.length"), None);
    let opts = SummaryOptions::default().with_calibration_end(Some(10)).with_observation_end(Some(10));
    assert_err(summary_from_transactions(&[1u64], &[0], None, &opts), "out_of_range", Some("calibration_end"), None);
    // nothing at or before the end
    let opts = SummaryOptions::default().with_observation_end(Some(-86_400));
    assert_err(summary_from_transactions(&[1u64], &[0], None, &opts), "invalid", Some("observation_end"), None);
    let opts = SummaryOptions::default().with_calibration_end(Some(-86_400)).with_observation_end(Some(86_400));
    assert_err(summary_from_transactions(&[1u64], &[0], None, &opts), "invalid", Some("calibration_end"), None);
    assert_err(Period::parse("M"), "invalid", Some("freq"), None);
}

// ---- survivor counts ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn survivor_counts_that_increase() {
    let e = assert_err(
        ShiftedBetaGeo::fit(&[1000.0, 869.0, 870.0, 653.0], &FitOptions::default()),
        "out_of_range",
        Some("survivors"),
        Some(2),
    );
    assert!(e.to_string().contains("cannot increase"), "{e}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn survivor_counts_that_start_at_zero() {
    assert_err(
        ShiftedBetaGeo::fit(&[0.0, 0.0, 0.0], &FitOptions::default()),
        "out_of_range",
        Some("survivors"),
        Some(0),
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn survivor_counts_that_are_negative_or_not_finite() {
    assert_err(
        ShiftedBetaGeo::fit(&[1000.0, -1.0], &FitOptions::default()),
        "out_of_range",
        Some("survivors"),
        Some(1),
    );
    assert_err(
        ShiftedBetaGeo::fit(&[1000.0, f64::NAN], &FitOptions::default()),
        "not_finite",
        Some("survivors"),
        Some(1),
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn survivor_counts_without_a_finite_estimate() {
    assert_err(
        ShiftedBetaGeo::fit(&[1000.0, 1000.0, 1000.0], &FitOptions::default()),
        "invalid",
        Some("survivors"),
        None,
    );
    assert_err(ShiftedBetaGeo::fit(&[1000.0, 0.0, 0.0], &FitOptions::default()), "invalid", Some("survivors"), Some(1));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn fit_options() {
    let bad = |o: FitOptions| ShiftedBetaGeo::fit(&HIGH_END, &o);
    assert_err(bad(FitOptions::default().with_penalizer(-1.0)), "out_of_range", Some("penalizer"), None);
    assert_err(bad(FitOptions::default().with_tolerance(0.0)), "out_of_range", Some("tolerance"), None);
    assert_err(bad(FitOptions::default().with_max_iterations(0)), "out_of_range", Some("max_iterations"), None);
    assert_err(bad(FitOptions::default().with_initial(Some(vec![1.0]))), "length_mismatch", Some("initial"), None);
    assert_err(
        bad(FitOptions::default().with_initial(Some(vec![1.0, -2.0]))),
        "out_of_range",
        Some("initial"),
        Some(1),
    );
}

// ---- did not converge ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn did_not_converge_carries_the_last_iterate() {
    let opts = FitOptions::default().with_max_iterations(1);
    let e = assert_err(ShiftedBetaGeo::fit(&HIGH_END, &opts), "did_not_converge", None, None);
    let Error::DidNotConverge { model, iterations, last } = e else { panic!("{e:?}") };
    assert_eq!(model, "sBG");
    assert_eq!(iterations, 1);
    assert_eq!(last.len(), 2);
    assert!(last.iter().all(|v| v.is_finite() && *v > 0.0));
    // the same run, allowed to return unconverged, says so
    let opts = opts.with_require_convergence(false);
    let fit = ShiftedBetaGeo::fit(&HIGH_END, &opts).unwrap();
    assert!(!fit.report.converged);
    assert_eq!(vec![fit.model.alpha(), fit.model.beta()], last);
}

// ---- discount <= -1 ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn discount_at_or_below_minus_one() {
    let m = Decimal::from(100);
    for d in [-1.0, -2.5] {
        assert_err(clv_closed_form(m, 0.5, d, MarginTiming::End), "out_of_range", Some("discount"), None);
        let opts = ClvOptions::default().with_discount(d);
        assert_err(clv(m, 0.5, Decimal::ZERO, &opts), "out_of_range", Some("discount"), None);
        assert_err(clv_batch(&[100.0], &[0.5], &opts), "out_of_range", Some("discount"), None);
        assert_err(payback(m, m, 0.5, &opts), "out_of_range", Some("discount"), None);
        assert_err(ShiftedBetaGeo::new(1.0, 1.0).unwrap().del(d), "out_of_range", Some("discount"), None);
    }
    assert_err(clv_closed_form(m, 0.5, f64::NAN, MarginTiming::End), "not_finite", Some("discount"), None);
    let opts = ClvOptions::default().with_growth(-1.0);
    assert_err(clv(m, 0.5, Decimal::ZERO, &opts), "out_of_range", Some("growth"), None);
}

// ---- diverging CLV ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn diverging_clv() {
    let m = Decimal::from(100);
    let e = assert_err(clv_closed_form(m, 1.0, 0.0, MarginTiming::End), "diverges", Some("retention"), None);
    assert!(e.to_string().contains("retention >= 1 + discount"), "{e}");
    // a negative discount: 0.95 >= 1 − 0.05
    assert_err(clv_closed_form(m, 0.95, -0.05, MarginTiming::Start), "diverges", Some("retention"), None);
    // growth: 0.9 · 1.25 >= 1.1
    let opts = ClvOptions::default().with_discount(0.1).with_growth(0.25);
    assert_err(clv(m, 0.9, Decimal::ZERO, &opts), "diverges", Some("growth"), None);
    // … but a finite horizon is always finite
    assert!(clv(m, 0.9, Decimal::ZERO, &opts.with_horizon(Some(10))).is_ok());
    // in a batch, the index of the customer
    let opts = ClvOptions::default().with_discount(0.0);
    assert_err(clv_batch(&[1.0, 2.0, 3.0], &[0.5, 0.9, 1.0], &opts), "diverges", Some("retention"), Some(2));
    // in cohorts, the index of the cohort
    let c = |r: f64| Cohort { customers: 10, margin: m, retention: r, acquisition_cost: Decimal::ZERO, acquired_in: 0 };
    assert_err(customer_equity(&[c(0.5), c(1.0)], &opts), "diverges", Some("retention"), Some(1));
    // a retention change that makes it diverge names the change
    assert_err(retention_impact(m, 0.95, 0.05, &opts), "diverges", Some("change"), None);
    assert_err(break_even_retention_spend(m, 0.95, 0.05, &opts), "diverges", Some("lift"), None);
    assert_err(expected_lifetime(1.0), "diverges", Some("retention"), None);
    // DEL at d = 0 with α <= 1: the heavy tail of lifetimes has no mean
    assert_err(ShiftedBetaGeo::new(0.7, 1.2).unwrap().del(0.0), "diverges", Some("discount"), None);
    assert!(ShiftedBetaGeo::new(2.0, 1.2).unwrap().del(0.0).is_ok());
}

// ---- other ranges ----

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn rates_and_costs_out_of_range() {
    let m = Decimal::from(100);
    assert_err(clv_closed_form(m, 1.5, 0.1, MarginTiming::End), "out_of_range", Some("retention"), None);
    assert_err(
        clv_batch(&[1.0, 2.0], &[0.5, -0.1], &ClvOptions::default()),
        "out_of_range",
        Some("retention"),
        Some(1),
    );
    assert_err(
        clv_batch(&[1.0, f64::INFINITY], &[0.5, 0.5], &ClvOptions::default()),
        "not_finite",
        Some("margins"),
        Some(1),
    );
    assert_err(clv_batch(&[1.0], &[0.5, 0.5], &ClvOptions::default()), "length_mismatch", Some("retention"), None);
    assert_err(retention_impact(m, 0.9, 0.2, &ClvOptions::default()), "out_of_range", Some("change"), None);
    assert_err(cost_ratio(m, Decimal::ZERO), "division_by_zero", Some("retention_cost"), None);
    assert_err(cost_ratio(Decimal::from(-1), m), "out_of_range", Some("acquisition_cost"), None);
    assert_err(convert_retention(0.9, 0.0, 12.0), "out_of_range", Some("from_length"), None);
    assert_err(ShiftedBetaGeo::new(1.0, 0.0), "out_of_range", Some("beta"), None);
    assert_err(ShiftedBetaGeo::new(1.0, 1.0).unwrap().retention_rate(0), "out_of_range", Some("t"), None);
    assert_err(MarginTiming::parse("middle"), "invalid", Some("timing"), None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn money_overflow_is_an_error() {
    let huge = Decimal::MAX;
    assert_err(clv_closed_form(huge, 0.9, 0.0, MarginTiming::End), "out_of_range", Some("margin"), None);
    let opts = ClvOptions::default().with_discount(0.0).with_growth(0.5).with_horizon(Some(1_000_000));
    assert_err(clv(Decimal::ONE, 0.9, Decimal::ZERO, &opts), "out_of_range", Some("horizon"), None);
    let c = Cohort {
        customers: u64::MAX,
        margin: Decimal::from(1_000_000_000),
        retention: 0.9,
        acquisition_cost: Decimal::ZERO,
        acquired_in: 0,
    };
    assert_err(
        customer_equity(&[c], &ClvOptions::default().with_discount(0.1)),
        "out_of_range",
        Some("customers"),
        Some(0),
    );
}
