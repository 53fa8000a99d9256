//! Every batch function that reads [`Column`]s gives, for a column of every numeric type, the
//! same result bit for bit — values and errors (code, field, index, value) — as its `f64` form on
//! the values converted to `f64`. Columns run past a chunk of the parallel loops and past many
//! blocks of the widening, and the bad values are planted at block and chunk edges.
#![allow(clippy::unwrap_used, missing_docs)]

use custometrics::loyalty::{JonesSasserOptions, dick_basu, dick_basu_of, jones_sasser, jones_sasser_of};
use custometrics::retention::models::{BetaGeo, GammaGamma, ModifiedBetaGeo, ParetoNbd, TransactionModel};
use custometrics::satisfaction::{csat, csat_of, satisfaction_rate, satisfaction_rate_of};
use custometrics::trust::{TrustScale, trust_score_into, trust_score_into_of};
use custometrics::{Column, NanPolicy};

/// Rows: two chunks of the parallel loops (2¹⁶ each) and part of a third.
const N: usize = (2 << 16) + 1500;

/// Indices where a bad value is planted: first row, a block edge, a chunk edge, the last row.
const EDGES: [usize; 5] = [0, 1023, 1024, 1 << 16, N - 1];

/// A column of one type, owned.
enum Owned {
    F64(Vec<f64>),
    F32(Vec<f32>),
    I64(Vec<i64>),
    I32(Vec<i32>),
    I16(Vec<i16>),
    I8(Vec<i8>),
    U64(Vec<u64>),
    U32(Vec<u32>),
    U16(Vec<u16>),
    U8(Vec<u8>),
    Bool(Vec<bool>),
}

impl Owned {
    fn column(&self) -> Column<'_> {
        match self {
            Owned::F64(v) => Column::from(&v[..]),
            Owned::F32(v) => Column::from(&v[..]),
            Owned::I64(v) => Column::from(&v[..]),
            Owned::I32(v) => Column::from(&v[..]),
            Owned::I16(v) => Column::from(&v[..]),
            Owned::I8(v) => Column::from(&v[..]),
            Owned::U64(v) => Column::from(&v[..]),
            Owned::U32(v) => Column::from(&v[..]),
            Owned::U16(v) => Column::from(&v[..]),
            Owned::U8(v) => Column::from(&v[..]),
            Owned::Bool(v) => Column::from(&v[..]),
        }
    }
}

/// `values` in every type that holds each of them exactly (floats that are not whole only in
/// f32, when f32 holds them; NaN and infinities only in the float types).
fn every_type(values: &[f64]) -> Vec<(&'static str, Owned)> {
    let mut out = vec![("f64", Owned::F64(values.to_vec()))];
    if values.iter().all(|&v| v.is_nan() || f64::from(v as f32) == v) {
        out.push(("f32", Owned::F32(values.iter().map(|&v| v as f32).collect())));
    }
    macro_rules! int {
        ($($t:ty => $v:ident),*) => {$(
            if values.iter().all(|&v| v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64) {
                out.push((stringify!($t), Owned::$v(values.iter().map(|&v| v as $t).collect())));
            }
        )*};
    }
    int!(i64 => I64, i32 => I32, i16 => I16, i8 => I8, u64 => U64, u32 => U32, u16 => U16, u8 => U8);
    if values.iter().all(|&v| v == 0.0 || v == 1.0) {
        out.push(("bool", Owned::Bool(values.iter().map(|&v| v == 1.0).collect())));
    }
    out
}

/// `n` pseudo-random whole numbers in `lo..=hi`.
fn whole(n: usize, lo: i64, hi: i64, seed: u64) -> Vec<f64> {
    let mut s = seed | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (lo + (s % (hi - lo + 1) as u64) as i64) as f64
        })
        .collect()
}

/// The column with `bad` at index `at`.
fn planted(values: &[f64], at: usize, bad: f64) -> Vec<f64> {
    let mut v = values.to_vec();
    v[at] = bad;
    v
}

/// Results compared by their debug text: bit-identical floats print identically, NaN included
/// (`assert_eq!` would call NaN unequal to itself), and errors print code, field, index and
/// value.
fn same<T: std::fmt::Debug>(label: &str, got: &T, want: &T) {
    assert_eq!(format!("{got:?}"), format!("{want:?}"), "{label}");
}

const POLICIES: [NanPolicy; 3] = [NanPolicy::Raise, NanPolicy::Omit, NanPolicy::Propagate];

/// The one-column cases: valid answers, and each with one bad value planted at each edge.
fn one_column_cases(lo: i64, hi: i64, bads: &[f64]) -> Vec<Vec<f64>> {
    let base = whole(N, lo, hi, 7);
    let mut cases = vec![base.clone()];
    for &bad in bads {
        for at in EDGES {
            cases.push(planted(&base, at, bad));
        }
    }
    cases
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn csat_and_satisfaction_rate_are_the_same_on_every_type() {
    let mut checked = 0;
    for values in one_column_cases(1, 5, &[0.0, 6.0, -1.0, 2.5, f64::NAN, f64::INFINITY]) {
        for (ty, col) in every_type(&values) {
            for policy in POLICIES {
                same(
                    &format!("csat {ty} {policy:?}"),
                    &csat_of(col.column(), 5, 2, policy),
                    &csat(&values, 5, 2, policy),
                );
                same(
                    &format!("satisfaction_rate {ty} {policy:?}"),
                    &satisfaction_rate_of(col.column(), 4.0, policy),
                    &satisfaction_rate(&values, 4.0, policy),
                );
                checked += 1;
            }
        }
    }
    // Every case ran on f64 and at least one other type (integers or f32 for the NaN).
    assert!(checked > 3 * 31 * 2, "{checked}");
    // bool answers on a 2-point scale: 0 is off the scale.
    let b = [true, true, false];
    let e = csat_of(Column::from(&b[..]), 2, 1, NanPolicy::Raise).unwrap_err();
    assert_eq!(e.to_string(), csat(&[1.0, 1.0, 0.0], 2, 1, NanPolicy::Raise).unwrap_err().to_string());
    assert_eq!(e.to_string(), "responses[2] = 0 is outside the scale: an integer in 1..=2");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn trust_scores_are_the_same_on_every_type() {
    let scale = TrustScale::default();
    let base: Vec<Vec<f64>> = (0..4).map(|k| whole(N, 1, 10, 11 + k)).collect();
    let mut cases = vec![base.clone()];
    for (k, bad) in [(0, 0.0), (1, 11.0), (2, f64::NAN), (3, 0.5)] {
        for at in [1024, 1 << 16, N - 1] {
            let mut c = base.clone();
            c[k][at] = bad;
            cases.push(c);
        }
    }
    for c in &cases {
        let typed: Vec<Vec<(&str, Owned)>> = c.iter().map(|v| every_type(v)).collect();
        for policy in POLICIES {
            let mut want = vec![0.0; N];
            let want_r = trust_score_into(&c[0], &c[1], &c[2], &c[3], scale, policy, &mut want);
            // Each column in each of its types, the others f64; and all four in one type.
            for k in 0..4 {
                for (ty, col) in &typed[k] {
                    let mut cols = [0, 1, 2, 3].map(|j| Column::from(&c[j][..]));
                    cols[k] = col.column();
                    let mut got = vec![0.0; N];
                    let got_r = trust_score_into_of(cols, scale, policy, &mut got);
                    same(&format!("trust column {k} as {ty} {policy:?}"), &got_r, &want_r);
                    if want_r.is_ok() {
                        assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "{k} {ty}");
                    }
                }
            }
            for ty in ["i64", "u8", "f32"] {
                let owned: Vec<&Owned> =
                    typed.iter().filter_map(|t| t.iter().find(|(n, _)| *n == ty).map(|(_, o)| o)).collect();
                if let [a, b, c2, d] = owned[..] {
                    let mut got = vec![0.0; N];
                    let got_r =
                        trust_score_into_of([a.column(), b.column(), c2.column(), d.column()], scale, policy, &mut got);
                    same(&format!("trust all {ty} {policy:?}"), &got_r, &want_r);
                    if want_r.is_ok() {
                        assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "all {ty}");
                    }
                }
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn loyalty_matrices_are_the_same_on_every_type() {
    let attitude = whole(N, 1, 7, 3);
    let patronage = whole(N, 0, 12, 5);
    let mut cases = vec![(attitude.clone(), patronage.clone())];
    for at in EDGES {
        cases.push((planted(&attitude, at, f64::NAN), patronage.clone()));
        cases.push((attitude.clone(), planted(&patronage, at, 0.5)));
    }
    let o = JonesSasserOptions::default();
    for (a, p) in &cases {
        let (ta, tp) = (every_type(a), every_type(p));
        let want = dick_basu(a, p, None, None);
        let want_given = dick_basu(a, p, Some(4.0), Some(6.0));
        for (ty, col) in &ta {
            same(
                &format!("dick_basu attitude {ty}"),
                &dick_basu_of(col.column(), Column::from(&p[..]), None, None),
                &want,
            );
            same(
                &format!("dick_basu attitude {ty}, thresholds"),
                &dick_basu_of(col.column(), Column::from(&p[..]), Some(4.0), Some(6.0)),
                &want_given,
            );
        }
        for (ty, col) in &tp {
            same(
                &format!("dick_basu patronage {ty}"),
                &dick_basu_of(Column::from(&a[..]), col.column(), None, None),
                &want,
            );
        }
    }
    // Jones & Sasser on 1..=5 scales, with ratings off the scale at the edges.
    let s = whole(N, 1, 5, 13);
    let l = whole(N, 1, 5, 17);
    let mut cases = vec![(s.clone(), l.clone())];
    for at in EDGES {
        cases.push((planted(&s, at, 6.0), l.clone()));
        cases.push((s.clone(), planted(&l, at, 0.0)));
        cases.push((s.clone(), planted(&l, at, f64::NAN)));
    }
    for (s, l) in &cases {
        let want = jones_sasser(s, l, &o);
        for (ty, col) in every_type(s) {
            same(
                &format!("jones_sasser satisfaction {ty}"),
                &jones_sasser_of(col.column(), Column::from(&l[..]), &o),
                &want,
            );
        }
        for (ty, col) in every_type(l) {
            same(
                &format!("jones_sasser loyalty {ty}"),
                &jones_sasser_of(Column::from(&s[..]), col.column(), &o),
                &want,
            );
        }
    }
}

/// Every transaction model's P(alive) and conditional expectation, and Gamma-Gamma's profit.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn model_predictions_are_the_same_on_every_type() {
    let x = whole(N, 0, 20, 19);
    let tx: Vec<f64> = x.iter().map(|&x| 2.0 * x).collect();
    let t = vec![40.0; N];
    let mut cases = vec![[x.clone(), tx.clone(), t.clone()]];
    for at in EDGES {
        cases.push([planted(&x, at, -1.0), tx.clone(), t.clone()]);
        cases.push([x.clone(), planted(&tx, at, 41.0), t.clone()]);
        cases.push([x.clone(), tx.clone(), planted(&t, at, 0.0)]);
    }
    type Prediction<'f> = &'f dyn Fn(&[Column<'_>; 3], &mut [f64]) -> custometrics::Result<()>;
    let models: [Prediction<'_>; 2] =
        [&|h, out| BetaGeo::new(0.24, 4.41, 0.79, 2.43).unwrap().probability_alive_into_of(*h, out), &|h, out| {
            ModifiedBetaGeo::new(0.24, 4.41, 0.79, 2.43)
                .unwrap()
                .conditional_expected_transactions_into_of(10.0, *h, out)
        }];
    let pnbd = ParetoNbd::new(0.55, 10.58, 0.61, 11.67).unwrap();
    for c in &cases {
        let typed: Vec<Vec<(&str, Owned)>> = c.iter().map(|v| every_type(v)).collect();
        let f64s = [0, 1, 2].map(|k| Column::from(&c[k][..]));
        for (m, model) in models.iter().enumerate() {
            let mut want = vec![0.0; N];
            let want_r = model(&f64s, &mut want);
            for k in 0..3 {
                for (ty, col) in &typed[k] {
                    let mut cols = f64s;
                    cols[k] = col.column();
                    let mut got = vec![0.0; N];
                    same(&format!("model {m} column {k} {ty}"), &model(&cols, &mut got), &want_r);
                    assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "model {m} {k} {ty}");
                }
            }
        }
        // Every column i64 (a summary of whole numbers, the usual case): P(alive) reads them in
        // place, converting each row as it computes it, not block by block as above.
        let ints: Vec<Vec<i64>> = c.iter().map(|v| v.iter().map(|&x| x as i64).collect()).collect();
        assert!(ints.iter().zip(c).all(|(i, v)| i.iter().zip(v).all(|(&i, &v)| i as f64 == v)));
        let int_cols = [0, 1, 2].map(|k| Column::from(&ints[k][..]));
        let bg = BetaGeo::new(0.24, 4.41, 0.79, 2.43).unwrap();
        let mbg = ModifiedBetaGeo::new(0.24, 4.41, 0.79, 2.43).unwrap();
        let alive: [&dyn TransactionModel; 3] = [&bg, &mbg, &pnbd];
        for (m, model) in alive.iter().enumerate() {
            let n = if m == 2 { 3000 } else { N };
            let (f64s, ints) = (
                [0, 1, 2].map(|k| Column::from(&c[k][..n])),
                int_cols.map(|col| match col {
                    Column::I64(v) => Column::from(&v[..n]),
                    _ => unreachable!(),
                }),
            );
            let (mut want, mut got) = (vec![0.0; n], vec![0.0; n]);
            let want_r = model.probability_alive_into_of(f64s, &mut want);
            same(&format!("P(alive) {m}, all i64"), &model.probability_alive_into_of(ints, &mut got), &want_r);
            assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "P(alive) {m}, all i64");
        }
        // Pareto/NBD on the first rows only (its terms are a hundred times dearer).
        let h = 3000;
        let short = [0, 1, 2].map(|k| Column::from(&c[k][..h]));
        let mut want = vec![0.0; h];
        let want_r = pnbd.probability_alive_into_of(short, &mut want);
        if let Some((_, col)) = typed[0].iter().find(|(ty, _)| *ty == "u16") {
            let mut got = vec![0.0; h];
            let col = col.column();
            let x16 = match col {
                Column::U16(v) => Column::from(&v[..h]),
                _ => unreachable!(),
            };
            same("pareto u16", &pnbd.probability_alive_into_of([x16, short[1], short[2]], &mut got), &want_r);
            assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()));
        }
    }
    let gg = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let f = whole(N, 1, 21, 23);
    let m = whole(N, 5, 500, 29);
    let mut cases = vec![(f.clone(), m.clone())];
    for at in EDGES {
        cases.push((planted(&f, at, 0.5), m.clone()));
        cases.push((f.clone(), planted(&m, at, -2.0)));
    }
    for (f, m) in &cases {
        let mut want = vec![0.0; N];
        let want_r = gg.conditional_expected_average_profit_into(f, m, &mut want);
        for (ty, col) in every_type(f) {
            let mut got = vec![0.0; N];
            let r = gg.conditional_expected_average_profit_into_of(col.column(), Column::from(&m[..]), &mut got);
            same(&format!("gamma-gamma frequency {ty}"), &r, &want_r);
            assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "{ty}");
        }
        for (ty, col) in every_type(m) {
            let mut got = vec![0.0; N];
            let r = gg.conditional_expected_average_profit_into_of(Column::from(&f[..]), col.column(), &mut got);
            same(&format!("gamma-gamma monetary {ty}"), &r, &want_r);
            assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "{ty}");
        }
        // Both columns i64: read in place by the same loop.
        let (fi, mi): (Vec<i64>, Vec<i64>) =
            (f.iter().map(|&x| x as i64).collect(), m.iter().map(|&x| x as i64).collect());
        if fi.iter().zip(f).chain(mi.iter().zip(m)).all(|(&i, &v)| i as f64 == v) {
            let mut got = vec![0.0; N];
            let r =
                gg.conditional_expected_average_profit_into_of(Column::from(&fi[..]), Column::from(&mi[..]), &mut got);
            same("gamma-gamma both i64", &r, &want_r);
            assert!(got.iter().zip(&want).all(|(a, b)| a.to_bits() == b.to_bits()), "both i64");
        }
    }
}

/// The tiers functions that read columns: quantile scores, RFM scores, Gini and the Lorenz curve.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn tiers_are_the_same_on_every_type() {
    use custometrics::tiers::{
        gini, gini_of, lorenz, lorenz_of, quantile_scores_into, quantile_scores_into_of, rfm_scores, rfm_scores_of,
    };
    let values = whole(N, 0, 30_000, 31);
    let mut cases = vec![values.clone()];
    for at in EDGES {
        cases.push(planted(&values, at, f64::NAN));
    }
    for v in &cases {
        let mut want = vec![0u8; N];
        let want_r = quantile_scores_into(v, 5, false, &mut want);
        for (ty, col) in every_type(v) {
            let mut got = vec![0u8; N];
            same(&format!("quantile_scores {ty}"), &quantile_scores_into_of(col.column(), 5, false, &mut got), &want_r);
            assert!(want_r.is_err() || got == want, "{ty}");
            same(&format!("gini {ty}"), &gini_of(col.column()), &gini(v));
            same(&format!("lorenz {ty}"), &lorenz_of(col.column(), 10), &lorenz(v, 10));
        }
    }
    let (r, f) = (whole(N, 0, 365, 37), whole(N, 0, 20, 41));
    let want = rfm_scores(&r, &f, &values, 5);
    for (ty, col) in every_type(&f) {
        let got = rfm_scores_of([Column::from(&r[..]), col.column(), Column::from(&values[..])], 5);
        same(&format!("rfm frequency {ty}"), &got, &want);
    }
}
