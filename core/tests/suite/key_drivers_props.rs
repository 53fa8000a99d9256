//! Invariants of the key drivers, stated as properties: the shares add up to R², follow the
//! attributes when they are reordered or rescaled, and equal the squared correlations when the
//! attributes are uncorrelated.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::Matrix;
use custometrics::satisfaction::{DriverMethod, KeyDriversOptions, key_drivers};
use proptest::prelude::*;

const METHODS: [DriverMethod; 2] = [DriverMethod::RelativeWeights, DriverMethod::Shapley];

/// A sample of n respondents × p attributes of continuous ratings, with an overall rating.
fn sample() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, usize)> {
    (2usize..=6).prop_flat_map(|p| {
        (p + 3..60).prop_flat_map(move |n| {
            (prop::collection::vec(1.0..10.0f64, n), prop::collection::vec(1.0..10.0f64, n * p), Just(p))
        })
    })
}

fn opts(method: DriverMethod) -> KeyDriversOptions {
    KeyDriversOptions::default().with_method(method)
}

/// Walsh function k (1..16) on 16 points: ±1, zero mean, orthogonal to the others.
fn walsh(k: usize, i: usize) -> f64 {
    if (k & i).count_ones().is_multiple_of(2) { 1.0 } else { -1.0 }
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    let syy: f64 = y.iter().map(|b| (b - my) * (b - my)).sum();
    sxy / (sxx * syy).sqrt()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn shares_are_non_negative_and_sum_to_r_squared((y, x, p) in sample()) {
        let m = Matrix::new("attributes", &x, p).unwrap();
        let mut r2 = Vec::new();
        for method in METHODS {
            let k = key_drivers(&y, &m, &opts(method)).unwrap();
            prop_assert!((0.0..=1.0).contains(&k.r_squared), "{k:?}");
            prop_assert!(k.importance.iter().all(|&s| s >= -1e-15), "{k:?}");
            let total: f64 = k.importance.iter().sum();
            prop_assert!((total - k.r_squared).abs() <= 1e-12, "{method:?}: {total} vs {}", k.r_squared);
            let rescaled: f64 = k.rescaled.iter().sum();
            prop_assert!((rescaled - 1.0).abs() <= 1e-11 || k.r_squared < 1e-6);
            r2.push(k.r_squared);
        }
        prop_assert_eq!(r2[0], r2[1]);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn reordering_and_rescaling_attributes_moves_their_shares(
        (y, x, p) in sample(), shift in 1usize..6, a in prop::sample::select(vec![-3.0, 0.5, 2.0]), b in -5.0..5.0f64,
    ) {
        let n = y.len();
        // Column j of the new matrix is column (j + shift) mod p of the old, the first one
        // rescaled to a·x + b.
        let from = |j: usize| (j + shift) % p;
        let moved: Vec<f64> = (0..n)
            .flat_map(|i| (0..p).map(move |j| (i, j)))
            .map(|(i, j)| { let v = x[i * p + from(j)]; if j == 0 { a * v + b } else { v } })
            .collect();
        let (m, m2) = (Matrix::new("attributes", &x, p).unwrap(), Matrix::new("attributes", &moved, p).unwrap());
        for method in METHODS {
            let k = key_drivers(&y, &m, &opts(method)).unwrap();
            let k2 = key_drivers(&y, &m2, &opts(method)).unwrap();
            for j in 0..p {
                prop_assert!((k2.importance[j] - k.importance[from(j)]).abs() <= 1e-11, "{method:?} {k:?} {k2:?}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Uncorrelated attributes (Walsh functions on 16 respondents, up to the 15 allowed): both
    /// methods give each attribute its squared correlation with the overall rating.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn uncorrelated_attributes_get_their_squared_correlations(
        y in prop::collection::vec(0.0..10.0f64, 16), p in 2usize..=15,
    ) {
        let x: Vec<f64> = (0..16).flat_map(|i| (1..=p).map(move |k| 5.0 + walsh(k, i))).collect();
        let m = Matrix::new("attributes", &x, p).unwrap();
        let want: Vec<f64> = (1..=p)
            .map(|k| { let col: Vec<f64> = (0..16).map(|i| walsh(k, i)).collect(); let r = pearson(&col, &y); r * r })
            .collect();
        for method in METHODS {
            let k = key_drivers(&y, &m, &opts(method)).unwrap();
            for (got, w) in k.importance.iter().zip(&want) {
                prop_assert!((got - w).abs() <= 1e-12, "{method:?} p={p}: {got} vs {w}");
            }
        }
    }

    /// The bootstrap repeats with its seed and brackets each share's resampled values in order.
    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn bootstrap_repeats_with_its_seed((y, x, p) in sample(), seed in 0u64..1000) {
        prop_assume!(y.len() >= 20);
        let m = Matrix::new("attributes", &x, p).unwrap();
        for method in METHODS {
            let o = opts(method).with_resamples(Some(200)).with_seed(seed).with_confidence(0.9);
            let k = key_drivers(&y, &m, &o).unwrap();
            prop_assert_eq!(&k, &key_drivers(&y, &m, &o).unwrap());
            let (lo, hi) = (k.ci_low.unwrap(), k.ci_high.unwrap());
            prop_assert_eq!(lo.len(), p);
            for j in 0..p {
                prop_assert!(0.0 <= lo[j] + 1e-15 && lo[j] <= hi[j] && hi[j] <= 1.0, "{lo:?} {hi:?}");
            }
        }
    }
}
