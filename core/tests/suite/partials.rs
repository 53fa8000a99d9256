//! The partial results a cluster engine (Spark, Dask) moves instead of customers, and the proof
//! that the single-machine answer is recovered from them (the Python adapters
//! `custometrics.dask` and `custometrics.spark` rely on both facts):
//!
//! - **Compressed histories.** Every fit's log-likelihood is a sum over customers of a term that
//!   depends only on the customer's row, so a table of distinct rows with their counts, passed
//!   as `weights`, has the same log-likelihood as the customers one by one. A fit on the
//!   compressed table therefore finds the same maximum; only the order of the floating-point
//!   sums differs, so parameters agree to rounding (asserted here to 1e-9 relative). One
//!   exception: Pareto/NBD divides its `penalizer` by the number of rows given, so with a
//!   penalizer the fit on counts takes it multiplied by rows / customers.
//!   The count table is mergeable (adding counts per row), so an engine builds it with a
//!   group-by and the driver holds at most the number of distinct rows. For a summary in whole
//!   periods over an observation window of D periods, the rows (x, tₓ, T) satisfy
//!   0 <= x <= tₓ <= T <= D with tₓ = 0 when x = 0, which bounds the distinct rows by
//!   (D + 1) + D(D + 1)(D + 2)/6: 24 857 for a year of weeks (D = 52), 8 171 621 for a
//!   year of days (D = 365) — and always by the number of customers.
//! - **Summaries per partition.** A customer's summary depends only on that customer's
//!   transactions and the global period ends, so summaries of partitions that each hold all the
//!   transactions of their customers, computed with the global observation (and calibration)
//!   end, are the rows of the whole log's summary, exactly.
//! - **Survey measures from sums.** CSI and SERVQUAL's sample figures are functions of per-column
//!   sums (and, for derived importance, sums of squares and cross products), which add across
//!   partitions of the respondents: from integer ratings the sums are exact, so the means are
//!   the single-machine means to the bit, and the rest agrees to rounding (asserted to 1e-12).
#![allow(clippy::unwrap_used, clippy::panic)]

use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, Fit, FitOptions, GammaGamma, ModifiedBetaGeo, ParetoNbd,
};
use custometrics::retention::{Summary, SummaryOptions, summary_from_transactions};
use custometrics::satisfaction::{
    CsiSums, Importance, Instrument, OverallSums, Scale, csi, csi_from_sums, servqual, servqual_from_sums,
};
use custometrics::{ErrorKind, Matrix};
use std::collections::BTreeMap;

use crate::common;
use common::data::csv;

/// Distinct rows of `columns` with their counts, in the rows' sorted order (not the order of
/// first appearance the fits use internally: the sums run in another order).
fn compress(columns: &[&[f64]]) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut counts: BTreeMap<Vec<u64>, f64> = BTreeMap::new();
    for i in 0..columns[0].len() {
        *counts.entry(columns.iter().map(|c| (c[i] + 0.0).to_bits()).collect()).or_default() += 1.0;
    }
    let mut out = vec![Vec::new(); columns.len()];
    let mut weights = Vec::new();
    for (row, w) in counts {
        for (k, bits) in row.into_iter().enumerate() {
            out[k].push(f64::from_bits(bits));
        }
        weights.push(w);
    }
    (out, weights)
}

fn close(what: &str, a: &[f64], b: &[f64]) {
    for (x, y) in a.iter().zip(b) {
        let rel = (x - y).abs() / x.abs().max(f64::MIN_POSITIVE);
        assert!(rel <= 1e-9, "{what}: {x} vs {y} (relative {rel:.1e})");
    }
}

fn same_fit<P>(what: &str, expanded: &Fit<P>, compressed: &Fit<P>, params: impl Fn(&P) -> Vec<f64>) {
    close(what, &params(&expanded.model), &params(&compressed.model));
    close(what, &[expanded.report.log_likelihood], &[compressed.report.log_likelihood]);
    assert_eq!(expanded.n_customers, compressed.n_customers, "{what}: customers");
    assert_eq!(expanded.n_patterns, compressed.n_patterns, "{what}: patterns");
}

/// A deterministic generator (SplitMix64), so the generated data need no crate.
struct Mix(u64);
impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Whole-period histories (x, tₓ, T) of `n` customers in a window of `days` periods, drawn as in
/// the BG/NBD story (each customer buys in a period with a rate of their own and may drop out
/// after each purchase with a probability of their own), so that the data identify the models.
fn daily_histories(n: usize, days: u64, seed: u64) -> [Vec<f64>; 3] {
    let mut g = Mix(seed);
    let (mut x, mut tx, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n {
        let age = 1 + g.below(days);
        let buy = 1 + g.below(30); // in 100ths per period
        let drop = 5 + g.below(60); // in 100ths per purchase
        let (mut repeats, mut last) = (0, 0);
        for day in 1..=age {
            if g.below(100) < buy {
                repeats += 1;
                last = day;
                if g.below(100) < drop {
                    break;
                }
            }
        }
        x.push(repeats as f64);
        tx.push(last as f64);
        t.push(age as f64);
    }
    [x, tx, t]
}

#[test]
fn continuous_fits_on_compressed_histories_equal_fits_on_customers() {
    let c = csv("cdnow_customers_summary.csv");
    let daily = daily_histories(3000, 90, 7);
    // The generated data do not pin every parameter down on their own: a small penalizer (the
    // same objective for both forms, as it is added to the mean) keeps the fits finite.
    let penalized = FitOptions::default().with_penalizer(0.01);
    for (label, f, r, t, o) in
        [("CDNOW", &c[1], &c[2], &c[3], FitOptions::default()), ("daily", &daily[0], &daily[1], &daily[2], penalized)]
    {
        let (rows, w) = compress(&[f, r, t]);
        assert!(w.len() < f.len(), "{label}: the rows compress");
        let (cf, cr, ct) = (&rows[0][..], &rows[1][..], &rows[2][..]);
        let e = BetaGeo::fit(f, r, t, None, &o).unwrap();
        let k = BetaGeo::fit(cf, cr, ct, Some(&w), &o).unwrap();
        same_fit(&format!("{label} BG/NBD"), &e, &k, |m| vec![m.r, m.alpha, m.a, m.b]);
        let e = ModifiedBetaGeo::fit(f, r, t, None, &o).unwrap();
        let k = ModifiedBetaGeo::fit(cf, cr, ct, Some(&w), &o).unwrap();
        same_fit(&format!("{label} MBG/NBD"), &e, &k, |m| vec![m.r, m.alpha, m.a, m.b]);
        let e = ParetoNbd::fit(f, r, t, None, &o).unwrap();
        // Pareto/NBD divides its penalizer by the number of rows given (ParetoNbd::fit), so on
        // counts it is scaled by rows / customers to state the same objective.
        let scaled = o.clone().with_penalizer(o.penalizer * w.len() as f64 / f.len() as f64);
        let k = ParetoNbd::fit(cf, cr, ct, Some(&w), &scaled).unwrap();
        same_fit(&format!("{label} Pareto/NBD"), &e, &k, |m| vec![m.r, m.alpha, m.s, m.beta]);
    }
}

#[test]
fn discrete_and_spend_fits_on_compressed_rows_equal_fits_on_customers() {
    let o = FitOptions::default().with_penalizer(0.01);
    // BG/BB on customers with whole-period histories over 6 opportunities.
    let [x, tx, _] = daily_histories(2000, 6, 11);
    let n = vec![6.0; x.len()];
    let (rows, w) = compress(&[&x, &tx, &n]);
    let e = BetaGeoBetaBinom::fit(&x, &tx, &n, None, &o).unwrap();
    let k = BetaGeoBetaBinom::fit(&rows[0], &rows[1], &rows[2], Some(&w), &o).unwrap();
    same_fit("BG/BB", &e, &k, |m| vec![m.alpha, m.beta, m.gamma, m.delta]);

    // Gamma-Gamma on CDNOW's repeat customers, spend rounded to whole dollars so that rows repeat
    // (spend is continuous: a count table helps Gamma-Gamma only where values repeat).
    let c = csv("cdnow_customers_summary_with_transactions.csv");
    let (f, m): (Vec<f64>, Vec<f64>) =
        c[1].iter().zip(&c[4]).filter(|(f, _)| **f > 0.0).map(|(f, m)| (*f, m.round())).unzip();
    let (rows, w) = compress(&[&f, &m]);
    assert!(w.len() < f.len());
    let o = FitOptions::default();
    let e = GammaGamma::fit(&f, &m, None, &o).unwrap();
    let k = GammaGamma::fit(&rows[0], &rows[1], Some(&w), &o).unwrap();
    same_fit("Gamma-Gamma", &e, &k, |g| vec![g.p, g.q, g.v]);
}

#[test]
fn distinct_histories_stay_within_the_stated_bound() {
    let bound = |d: u64| (d + 1) + d * (d + 1) * (d + 2) / 6;
    assert_eq!(bound(52), 24_857);
    assert_eq!(bound(365), 8_171_621);
    // Every admissible row of a small window, counted directly.
    for d in [1u64, 2, 7, 20] {
        let mut rows = 0;
        for t in 0..=d {
            for tx in 0..=t {
                for x in 0..=tx {
                    rows += u64::from(x > 0 || tx == 0);
                }
            }
        }
        assert_eq!(rows, bound(d), "window {d}");
    }
    let [x, tx, t] = daily_histories(20_000, 30, 3);
    let (rows, _) = compress(&[&x, &tx, &t]);
    assert!(rows[0].len() as u64 <= bound(30));
}

/// A log of `customers` customers over 120 days: ids, times in seconds, values.
fn log(customers: u64, seed: u64) -> (Vec<u64>, Vec<i64>, Vec<f64>) {
    const DAY: i64 = 86_400;
    let mut g = Mix(seed);
    let (mut ids, mut times, mut values) = (Vec::new(), Vec::new(), Vec::new());
    for id in 0..customers {
        let first = g.below(100) as i64;
        for _ in 0..1 + g.below(8) {
            ids.push(id * 7919 % 100_003);
            times.push((first + g.below(40) as i64) * DAY + g.below(DAY as u64) as i64);
            values.push(g.below(10_000) as f64 / 100.0);
        }
    }
    (ids, times, values)
}

#[test]
fn summaries_per_partition_of_customers_are_the_whole_summary() {
    const DAY: i64 = 86_400;
    let (ids, times, values) = log(400, 5);
    for calibration_end in [None, Some(90 * DAY)] {
        let options =
            SummaryOptions::default().with_observation_end(Some(120 * DAY)).with_calibration_end(calibration_end);
        let whole = summary_from_transactions(&ids, &times, Some(&values), &options).unwrap();
        let mut rows: Vec<(u64, Vec<f64>)> = Vec::new();
        for part in 0..3 {
            let keep: Vec<usize> = (0..ids.len()).filter(|&i| ids[i] % 3 == part).collect();
            let pick = |v: &[f64]| keep.iter().map(|&i| v[i]).collect::<Vec<_>>();
            let pid: Vec<u64> = keep.iter().map(|&i| ids[i]).collect();
            let pt: Vec<i64> = keep.iter().map(|&i| times[i]).collect();
            let s = summary_from_transactions(&pid, &pt, Some(&pick(&values)), &options).unwrap();
            rows.extend(rows_of(&s));
        }
        rows.sort_by_key(|r| r.0);
        let expected = rows_of(&whole);
        assert_eq!(rows.len(), expected.len());
        for (a, b) in rows.iter().zip(&expected) {
            assert_eq!(a.0, b.0);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a.1), bits(&b.1), "customer {}", a.0);
        }
    }
}

/// Each customer's row: id and every column that applies.
fn rows_of(s: &Summary<u64>) -> Vec<(u64, Vec<f64>)> {
    let columns: Vec<&Vec<f64>> = [Some(&s.frequency), Some(&s.recency), Some(&s.t)]
        .into_iter()
        .chain(
            [&s.monetary_value, &s.frequency_holdout, &s.monetary_value_holdout, &s.duration_holdout]
                .map(Option::as_ref),
        )
        .flatten()
        .collect();
    (0..s.customer_id.len()).map(|i| (s.customer_id[i], columns.iter().map(|c| c[i]).collect())).collect()
}

/// `rows` respondents' integer ratings of `cols` attributes on 1..=10, row-major, with an overall
/// rating that leans on the first attributes (so derived importance has positive weights).
fn survey(rows: usize, cols: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut g = Mix(seed);
    let ratings: Vec<f64> = (0..rows * cols).map(|_| 1.0 + g.below(10) as f64).collect();
    let overall = (0..rows)
        .map(|r| {
            let lean = (ratings[r * cols] + ratings[r * cols + 1]) / 2.0;
            (lean + g.below(3) as f64 - 1.0).clamp(1.0, 10.0).round()
        })
        .collect();
    (ratings, overall)
}

/// Column sums of each partition (rows split at `cuts`), added: what an engine's group-by gives.
fn merged_sums(ratings: &[f64], overall: &[f64], cols: usize, cuts: &[usize]) -> [Vec<f64>; 3] {
    let rows = overall.len();
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(rows);
    let (mut sum, mut squares, mut cross) = (vec![0.0; cols + 1], vec![0.0; cols + 1], vec![0.0; cols]);
    for part in bounds.windows(2) {
        let (mut s, mut q, mut c) = (vec![0.0; cols + 1], vec![0.0; cols + 1], vec![0.0; cols]);
        for r in part[0]..part[1] {
            let y = overall[r];
            for j in 0..cols {
                let x = ratings[r * cols + j];
                (s[j], q[j], c[j]) = (s[j] + x, q[j] + x * x, c[j] + x * y);
            }
            (s[cols], q[cols]) = (s[cols] + y, q[cols] + y * y);
        }
        for j in 0..=cols {
            (sum[j], squares[j]) = (sum[j] + s[j], squares[j] + q[j]);
        }
        for j in 0..cols {
            cross[j] += c[j];
        }
    }
    [sum, squares, cross]
}

fn near(what: &str, a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{what}: {x} vs {y}");
    }
}

#[test]
fn csi_from_partition_sums_equals_csi_of_all_respondents() {
    let (rows, cols) = (5_000, 4);
    let (ratings, overall) = survey(rows, cols, 7);
    let m = Matrix::new("ratings", &ratings, cols).unwrap();
    let scale = Scale::new(1.0, 10.0).unwrap();
    let [sum, squares, cross] = merged_sums(&ratings, &overall, cols, &[1, 1_700, 3_333]);
    let n = rows as u64;

    let plain = CsiSums { n, sum: &sum[..cols], overall: None };
    for weights in [None, Some(&[4.0, 3.0, 2.0, 1.0][..])] {
        let want = csi(&m, scale, weights.map_or(Importance::Equal, Importance::Stated)).unwrap();
        let got = csi_from_sums(&plain, scale, weights).unwrap();
        assert_eq!(got.attribute_means, want.attribute_means, "integer sums are exact: the same means");
        near("index", &[got.index], &[want.index]);
        near("importance", &got.importance, &want.importance);
    }

    let o = OverallSums {
        sum_squares: &squares[..cols],
        overall_sum: sum[cols],
        overall_sum_squares: squares[cols],
        cross: &cross,
    };
    let derived = CsiSums { n, sum: &sum[..cols], overall: Some(o) };
    let want = csi(&m, scale, Importance::Derived { overall: &overall }).unwrap();
    let got = csi_from_sums(&derived, scale, None).unwrap();
    near("correlations", got.correlations.as_deref().unwrap(), want.correlations.as_deref().unwrap());
    near("derived importance", &got.importance, &want.importance);
    near("derived index", &[got.index], &[want.index]);
    assert!(want.correlations.unwrap()[0] > 0.3, "the generated overall rating leans on attribute 0");
}

#[test]
fn csi_from_sums_refuses_sums_no_ratings_give() {
    let scale = Scale::new(1.0, 10.0).unwrap();
    let err = |sums: &CsiSums<'_>, w: Option<&[f64]>| csi_from_sums(sums, scale, w).unwrap_err();
    let e = err(&CsiSums { n: 0, sum: &[], overall: None }, None);
    assert_eq!((e.kind(), e.field()), (ErrorKind::Empty, Some("n")));
    let e = err(&CsiSums { n: 2, sum: &[4.0, 30.0], overall: None }, None);
    assert_eq!((e.kind(), e.field(), e.index()), (ErrorKind::OutOfRange, Some("sum"), Some(1)));
    let e = err(&CsiSums { n: 2, sum: &[4.0, f64::NAN], overall: None }, None);
    assert_eq!((e.kind(), e.index()), (ErrorKind::NotFinite, Some(1)));
    let e = err(&CsiSums { n: 2, sum: &[4.0, 6.0], overall: None }, Some(&[1.0]));
    assert_eq!(e.kind(), ErrorKind::LengthMismatch);
    // Σx² below (Σx)²/n: no ratings have these sums.
    let o = OverallSums { sum_squares: &[10.0, 2.0], overall_sum: 4.0, overall_sum_squares: 10.0, cross: &[10.0, 6.0] };
    let e = err(&CsiSums { n: 2, sum: &[4.0, 6.0], overall: Some(o) }, None);
    assert_eq!((e.kind(), e.field(), e.index()), (ErrorKind::Invalid, Some("sum_squares"), Some(1)));
    // A constant attribute (3, 3) has no correlation.
    let o =
        OverallSums { sum_squares: &[10.0, 18.0], overall_sum: 4.0, overall_sum_squares: 10.0, cross: &[10.0, 12.0] };
    let e = err(&CsiSums { n: 2, sum: &[4.0, 6.0], overall: Some(o) }, None);
    assert_eq!((e.kind(), e.field(), e.index()), (ErrorKind::DivisionByZero, Some("sum_squares"), Some(1)));
    let e = err(&CsiSums { n: 2, sum: &[4.0, 6.0], overall: Some(o) }, Some(&[1.0, 1.0]));
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("overall")));
}

#[test]
fn servqual_from_partition_sums_equals_the_sample_of_servqual() {
    let inst = Instrument::servqual22();
    let items = inst.items();
    let rows = 3_000;
    let (e, _) = survey(rows, items, 11);
    let (p, _) = survey(rows, items, 12);
    let (em, pm) = (Matrix::new("expectations", &e, items).unwrap(), Matrix::new("perceptions", &p, items).unwrap());
    let mut sums = vec![0.0; items];
    for cut in [0..1_000, 1_000..2_999, 2_999..rows] {
        let mut part = vec![0.0; items];
        for r in cut {
            for (j, s) in part.iter_mut().enumerate() {
                *s += p[r * items + j] - e[r * items + j];
            }
        }
        sums.iter_mut().zip(&part).for_each(|(s, x)| *s += x);
    }
    let importance = [30.0, 20.0, 20.0, 15.0, 15.0];
    let want = servqual(&inst, &em, &pm, Some(&importance)).unwrap();
    let got = servqual_from_sums(&inst, rows as u64, &sums, Some(&importance)).unwrap();
    assert_eq!(got.item_gaps, want.item_gaps, "integer sums are exact: the same item gaps");
    assert_eq!(got.dimensions, want.dimensions);
    near("dimension gaps", &got.sample.dimension_gaps, &want.sample.dimension_gaps);
    near("unweighted", &[got.sample.unweighted], &[want.sample.unweighted]);
    near("weighted", &[got.sample.weighted.unwrap()], &[want.sample.weighted.unwrap()]);

    let e = servqual_from_sums(&inst, 0, &sums, None).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Empty, Some("n")));
    let e = servqual_from_sums(&inst, 3, &sums[1..], None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LengthMismatch);
    let e = servqual_from_sums(&inst, 3, &sums, Some(&[1.0; 22])).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::LengthMismatch, Some("importance")));
    let mut huge = vec![f64::MAX; items];
    huge[3] = 0.0;
    let e = servqual_from_sums(&inst, 1, &huge, None).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::OutOfRange, Some("item_gap_sums")));
}
