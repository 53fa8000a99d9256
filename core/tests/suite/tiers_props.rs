//! Invariants of the tiers module, stated as properties, and the selection-based kernels checked
//! against plain sort-based definitions (on small arrays by proptest, on arrays large enough to
//! take the sampled path by a few fixed cases).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
#![allow(clippy::disallowed_methods)] // tests may build inputs with std's f64 maths

use custometrics::tiers::{
    TransitionMatrix, abc, gini, lorenz, markov_clv, migration, profit_pyramid, project, pyramid, quantile_scores,
    rfm_code, rfm_scores, steady_state,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Indexes by value descending, ties by index ascending.
fn order_desc(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[j].total_cmp(&values[i]).then(i.cmp(&j)));
    order
}

/// ABC by its definition: in the order, A while the value before is < a·total, B while < b·total.
fn naive_abc(values: &[f64], a: f64, b: f64) -> Vec<u8> {
    let total: f64 = values.iter().sum();
    let mut out = vec![0u8; values.len()];
    let mut before = 0.0;
    for i in order_desc(values) {
        out[i] = if before < a * total {
            0
        } else if before < b * total {
            1
        } else {
            2
        };
        before += values[i];
    }
    out
}

/// The pyramid by its definition: cumulative counts round-half-up(n × cumulative share), tiers
/// as consecutive stretches of the order.
fn naive_pyramid(values: &[f64], shares: &[f64]) -> Vec<u8> {
    let n = values.len();
    let mut bounds = Vec::new();
    let mut cum = 0.0;
    for s in &shares[..shares.len() - 1] {
        cum += s;
        bounds.push((((cum * n as f64) + 0.5).floor() as usize).min(n));
    }
    let mut out = vec![0u8; n];
    for (pos, i) in order_desc(values).into_iter().enumerate() {
        out[i] = bounds.iter().filter(|&&k| pos >= k).count() as u8;
    }
    out
}

/// Quantile scores by their definition: 1 + ⌊q × below / n⌋.
fn naive_scores(values: &[f64], q: u32, reverse: bool) -> Vec<u8> {
    let n = values.len() as u64;
    values
        .iter()
        .map(|&x| {
            let passed = values.iter().filter(|&&y| if reverse { y > x } else { y < x }).count() as u64;
            (1 + u64::from(q) * passed / n) as u8
        })
        .collect()
}

/// Values with many ties: small integers, as money in whole units.
fn integer_values(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec((0u32..60).prop_map(f64::from), 3..max_len)
}

fn float_values(max_len: usize) -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![0.0..1e6f64, (0u8..5).prop_map(f64::from)], 4..max_len)
}

fn shares() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(1u32..20, 1..6).prop_map(|w| {
        let t: u32 = w.iter().sum();
        w.iter().map(|&x| f64::from(x) / f64::from(t)).collect()
    })
}

fn stochastic(n: usize) -> impl Strategy<Value = TransitionMatrix> {
    prop::collection::vec(0.01..1.0f64, n * n).prop_map(move |w| {
        let p: Vec<f64> = w
            .chunks(n)
            .flat_map(|r| {
                let t: f64 = r.iter().sum();
                r.iter().map(move |x| x / t).collect::<Vec<_>>()
            })
            .collect();
        TransitionMatrix::new(n, p).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn abc_is_its_definition_on_exact_sums(v in integer_values(300), a in 0.05..1.0f64, b in 0.0..1.0f64) {
        prop_assume!(v.iter().sum::<f64>() > 0.0);
        let b = a + (1.0 - a) * b;
        prop_assert_eq!(abc(&v, a, b).unwrap(), naive_abc(&v, a, b));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn abc_tiers_are_monotone_in_value_then_index(v in float_values(300)) {
        prop_assume!(v.iter().sum::<f64>() > 0.0);
        let t = abc(&v, 0.8, 0.95).unwrap();
        prop_assert!(t.iter().all(|&x| x <= 2));
        let order = order_desc(&v);
        prop_assert!(order.windows(2).all(|w| t[w[0]] <= t[w[1]]));
        prop_assert_eq!(t[order[0]], 0); // the top customer is always A
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn abc_a_reaches_its_share_and_no_fewer_customers_would(v in integer_values(200), a in 0.05..1.0f64) {
        let total: f64 = v.iter().sum();
        prop_assume!(total > 0.0);
        let t = abc(&v, a, 1.0).unwrap();
        let in_a: Vec<f64> = v.iter().zip(&t).filter(|(_, t)| **t == 0).map(|(x, _)| *x).collect();
        prop_assert!(in_a.iter().sum::<f64>() >= a * total);
        let smallest = in_a.iter().copied().fold(f64::INFINITY, f64::min);
        prop_assert!(in_a.iter().sum::<f64>() - smallest < a * total);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pyramid_is_its_definition(v in float_values(300), s in shares()) {
        prop_assume!(v.len() >= s.len());
        prop_assert_eq!(pyramid(&v, &s).unwrap(), naive_pyramid(&v, &s));
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn pyramid_ignores_where_the_input_starts(v in float_values(200), s in shares(), k in 0usize..200) {
        // Rotating the input rotates the tiers, except where ties are split by index.
        prop_assume!(v.len() >= s.len());
        let mut distinct = v.clone();
        distinct.iter_mut().enumerate().for_each(|(i, x)| *x += i as f64 * 1e-3);
        let k = k % distinct.len();
        let mut rotated = distinct.clone();
        rotated.rotate_left(k);
        let mut t = pyramid(&distinct, &s).unwrap();
        t.rotate_left(k);
        prop_assert_eq!(pyramid(&rotated, &s).unwrap(), t);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn quantile_scores_are_their_definition(v in float_values(300), q in 2u32..12, reverse in any::<bool>()) {
        prop_assume!(v.len() >= q as usize);
        let s = quantile_scores(&v, q, reverse).unwrap();
        prop_assert_eq!(&s, &naive_scores(&v, q, reverse));
        prop_assert!(s.iter().all(|&x| x >= 1 && u32::from(x) <= q));
        // Monotone: a higher value never scores lower (reversed: never higher).
        for i in 0..v.len() {
            for j in 0..v.len() {
                if v[i] > v[j] {
                    let ok = if reverse { s[i] <= s[j] } else { s[i] >= s[j] };
                    prop_assert!(ok);
                } else if v[i] == v[j] {
                    prop_assert_eq!(s[i], s[j]);
                }
            }
        }
        let negated: Vec<f64> = v.iter().map(|x| -x).collect();
        prop_assert_eq!(quantile_scores(&negated, q, !reverse).unwrap(), s);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn distinct_values_fill_scores_evenly(n in 10usize..200, q in 2u32..10) {
        let v: Vec<f64> = (0..n).map(|i| ((i * 7919) % n) as f64).collect(); // a permutation of 0..n
        let s = quantile_scores(&v, q, false).unwrap();
        let sizes: Vec<usize> = (1..=q).map(|k| s.iter().filter(|&&x| u32::from(x) == k).count()).collect();
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        prop_assert!(hi - lo <= 1, "{:?}", sizes);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn rfm_codes_spell_the_scores(v in float_values(100), w in float_values(100), q in 2u32..12) {
        let n = v.len().min(w.len());
        prop_assume!(n >= q as usize);
        let (r, f) = (&v[..n], &w[..n]);
        let s = rfm_scores(r, f, r, q).unwrap();
        for i in 0..n {
            prop_assert_eq!(s.code[i], rfm_code(s.r[i], s.f[i], s.m[i], q));
        }
        prop_assert_eq!(s.r, quantile_scores(r, q, true).unwrap());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn gini_is_in_unit_interval_and_free_of_scale_and_order(v in float_values(300), c in 1e-3..1e3f64) {
        prop_assume!(v.iter().sum::<f64>() > 0.0);
        let g = gini(&v).unwrap();
        prop_assert!((0.0..1.0).contains(&g), "{}", g);
        let scaled: Vec<f64> = v.iter().map(|x| x * c).collect();
        prop_assert!((gini(&scaled).unwrap() - g).abs() < 1e-12);
        let mut reversed = v.clone();
        reversed.reverse();
        prop_assert_eq!(gini(&reversed).unwrap().to_bits(), g.to_bits());
        // The pairwise definition Σ|xi − xj| / (2 n² mean).
        let n = v.len() as f64;
        let pairs: f64 = v.iter().map(|a| v.iter().map(|b| (a - b).abs()).sum::<f64>()).sum();
        let want = pairs / (2.0 * n * v.iter().sum::<f64>());
        prop_assert!((g - want).abs() < 1e-9, "{} vs {}", g, want);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn lorenz_is_convex_from_zero_to_one(v in float_values(200), points in 1usize..40) {
        prop_assume!(v.iter().sum::<f64>() > 0.0);
        let l = lorenz(&v, points).unwrap();
        prop_assert_eq!(l.value_share.len(), points + 1);
        prop_assert_eq!(l.value_share[0], 0.0);
        prop_assert_eq!(l.value_share[points], 1.0);
        let steps: Vec<f64> = l.value_share.windows(2).map(|w| w[1] - w[0]).collect();
        prop_assert!(steps.iter().all(|&s| s >= -1e-15));
        prop_assert!(steps.windows(2).all(|w| w[1] >= w[0] - 1e-12), "{:?}", steps);
        prop_assert_eq!(l.gini, gini(&v).unwrap());
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn profit_pyramid_shares_sum_to_one(v in prop::collection::vec(-100.0..1000.0f64, 1..200), k in 1usize..6) {
        let total: f64 = v.iter().sum();
        prop_assume!(total > 1.0);
        let labels: Vec<u32> = (0..v.len()).map(|i| (i % k) as u32).collect();
        let p = profit_pyramid(&v, &labels, k).unwrap();
        let cs: f64 = p.tiers.iter().map(|t| t.customer_share).sum();
        let vs: f64 = p.tiers.iter().map(|t| t.value_share).sum();
        prop_assert!((cs - 1.0).abs() < 1e-12);
        prop_assert!((vs - 1.0).abs() < 1e-9 * v.iter().map(|x| x.abs()).sum::<f64>() / total);
        prop_assert_eq!(p.tiers.iter().map(|t| t.customers).sum::<u64>(), v.len() as u64);
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn migration_rows_sum_to_one(pairs in prop::collection::vec((0u8..4, 0u8..4), 1..300)) {
        let (from, to): (Vec<u8>, Vec<u8>) = pairs.into_iter().unzip();
        let m = migration(&from, &to, 4).unwrap();
        prop_assert_eq!(m.counts.iter().sum::<u64>(), from.len() as u64);
        for (i, row) in m.probabilities.chunks(4).enumerate() {
            let s: f64 = row.iter().sum();
            if m.from_totals[i] > 0 {
                prop_assert!((s - 1.0).abs() < 1e-12);
            } else {
                prop_assert_eq!(s, 0.0);
            }
            prop_assert_eq!(m.from_totals[i], from.iter().filter(|&&f| usize::from(f) == i).count() as u64);
        }
        if m.from_totals.iter().all(|&t| t > 0) {
            prop_assert!(m.transition().is_ok());
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn steady_state_is_a_fixed_point(p in (1usize..7).prop_flat_map(stochastic)) {
        let pi = steady_state(&p).unwrap();
        prop_assert!((pi.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        prop_assert!(pi.iter().all(|&x| x >= 0.0));
        let next = project(&pi, &p, 1).unwrap();
        for (a, b) in pi.iter().zip(&next) {
            prop_assert!((a - b).abs() < 1e-9, "{:?} vs {:?}", pi, next);
        }
        // Far ahead, any start ends there.
        let mut start = vec![0.0; p.n_tiers()];
        start[0] = 1.0;
        let far = project(&start, &p, 2000).unwrap();
        for (a, b) in pi.iter().zip(&far) {
            prop_assert!((a - b).abs() < 1e-6);
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn projection_keeps_customers_and_composes(
        p in (1usize..6).prop_flat_map(stochastic),
        d in prop::collection::vec(0.0..1000.0f64, 6),
        k in 0u32..50,
    ) {
        let d = &d[..p.n_tiers()];
        let a = project(d, &p, k).unwrap();
        let total: f64 = d.iter().sum();
        prop_assert!((a.iter().sum::<f64>() - total).abs() < 1e-9 * total.max(1.0));
        let stepwise = project(&a, &p, 1).unwrap();
        let direct = project(d, &p, k + 1).unwrap();
        for (x, y) in stepwise.iter().zip(&direct) {
            prop_assert!((x - y).abs() < 1e-9 * total.max(1.0));
        }
    }

    #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
    #[cfg_attr(not(target_arch = "wasm32"), test)]
    fn clv_grows_with_the_horizon_toward_its_limit(
        p in (1usize..5).prop_flat_map(stochastic),
        m in prop::collection::vec(0u32..1000, 5),
        d in 0.05..0.5f64,
    ) {
        let n = p.n_tiers();
        let margins: Vec<Decimal> = m[..n].iter().map(|&x| Decimal::from(x)).collect();
        let limit = markov_clv(&p, &margins, d, None).unwrap();
        let mut prev = margins.clone();
        for t in [1u32, 5, 20] {
            let v = markov_clv(&p, &margins, d, Some(u64::from(t))).unwrap();
            for ((a, b), l) in prev.iter().zip(&v).zip(&limit) {
                prop_assert!(a <= b && *b <= *l + Decimal::new(1, 12), "{} {} {}", a, b, l);
            }
            prev = v;
        }
        // The remainder after T periods is at most δ^(T+1) × max margin / (1 − δ).
        let far = markov_clv(&p, &margins, d, Some(1000)).unwrap();
        for (a, b) in far.iter().zip(&limit) {
            prop_assert!((*b - *a).abs() < Decimal::new(1, 6));
        }
    }
}

/// Arrays long enough for the sampled selection path, with heavy ties and wide spreads.
fn big_cases() -> Vec<Vec<f64>> {
    let n = 120_000;
    let mut s = 7u64;
    let mut next = move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    vec![
        (0..n).map(|_| (next() * 50.0).floor()).collect(), // 50 distinct values
        (0..n).map(|_| (next() * 9.0).exp().floor()).collect(), // heavy tail, integer
        (0..n).map(|i| if i % 3 == 0 { 0.0 } else { (next() * 1e6).floor() }).collect(), // a third zero
        (0..n).map(|i| ((i * 7919) % n) as f64).collect(), // a permutation
        vec![3.0; n],                                      // all equal
    ]
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn sampled_path_agrees_with_the_definitions() {
    for (k, v) in big_cases().iter().enumerate() {
        assert_eq!(abc(v, 0.8, 0.95).unwrap(), naive_abc(v, 0.8, 0.95), "abc case {k}");
        assert_eq!(abc(v, 0.3, 0.31).unwrap(), naive_abc(v, 0.3, 0.31), "abc narrow case {k}");
        let shares = [0.01, 0.04, 0.15, 0.8];
        assert_eq!(pyramid(v, &shares).unwrap(), naive_pyramid(v, &shares), "curry case {k}");
        for reverse in [false, true] {
            let got = quantile_scores(v, 5, reverse).unwrap();
            // 1 + ⌊5 × below / n⌋, below counted through a sort.
            let mut sorted = v.clone();
            sorted.sort_by(f64::total_cmp);
            let n = v.len() as u64;
            let want: Vec<u8> = v
                .iter()
                .map(|&x| {
                    let below = sorted.partition_point(|&y| y < x) as u64;
                    let above = n - sorted.partition_point(|&y| y <= x) as u64;
                    (1 + 5 * if reverse { above } else { below } / n) as u8
                })
                .collect();
            assert_eq!(got, want, "scores case {k} reverse {reverse}");
        }
    }
}
