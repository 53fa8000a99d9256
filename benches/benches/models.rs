//! `cargo bench -p custometrics-benches --bench models`: fits of the retention models on the
//! data lifetimes ships (CDNOW, donations), a BG/NBD fit on one million simulated customers,
//! and predictions for ten million — the sizes of the goals in issue 4 (lifetimes: ~18 s for the
//! million-customer fit; its CDNOW fits are timed by `core/tests/data/generate_lifetimes_reference.py`).
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use custometrics::Column;
use custometrics::retention::models::{
    BetaGeo, BetaGeoBetaBinom, FitOptions, GammaGamma, ModelClvOptions, ModifiedBetaGeo, ParetoNbd, TimeUnit,
    TransactionModel, customer_lifetime_value_into,
};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

#[path = "../../core/tests/common/columns.rs"]
mod columns;
use columns::columns;

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    1.0 - rng.random::<f64>()
}

/// Gamma(shape, 1) by Marsaglia & Tsang, boosted below shape 1.
fn gamma(rng: &mut ChaCha8Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        return gamma(rng, shape + 1.0) * uniform(rng).powf(1.0 / shape);
    }
    let (d, c) = (shape - 1.0 / 3.0, 1.0 / (9.0 * shape - 3.0).sqrt());
    loop {
        let (u, v) = (uniform(rng), uniform(rng));
        let x = (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos();
        let w = (1.0 + c * x).powi(3);
        if w > 0.0 && uniform(rng).ln() < 0.5 * x * x + d - d * w + d * w.ln() {
            return d * w;
        }
    }
}

/// `n` customers from the BG/NBD with CDNOW's parameters (weeks), ages uniform in 20..52.
fn simulate(n: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let (r, alpha, a, b) = (0.243, 4.414, 0.793, 2.426);
    let (mut x, mut tx, mut age) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        age[i] = 20.0 + 32.0 * rng.random::<f64>();
        let lambda = gamma(&mut rng, r) / alpha;
        let p = {
            let g = gamma(&mut rng, a);
            g / (g + gamma(&mut rng, b))
        };
        let mut now = 0.0;
        loop {
            now += -uniform(&mut rng).ln() / lambda;
            if now > age[i] {
                break;
            }
            x[i] += 1.0;
            tx[i] = now;
            if uniform(&mut rng) <= p {
                break;
            }
        }
    }
    (x, tx, age)
}

fn fits(c: &mut Criterion) {
    let o = FitOptions::default();
    let cdnow = columns(include_str!("../../core/tests/data/cdnow_customers_summary.csv"));
    let money = columns(include_str!("../../core/tests/data/cdnow_customers_summary_with_transactions.csv"));
    let repeat: Vec<usize> = (0..money[1].len()).filter(|&i| money[1][i] > 0.0).collect();
    let (gx, gm): (Vec<f64>, Vec<f64>) = repeat.iter().map(|&i| (money[1][i], money[4][i])).unzip();
    let don = columns(include_str!("../../core/tests/data/donations.csv"));
    let (f, r, t) = (&cdnow[1], &cdnow[2], &cdnow[3]);

    let mut g = c.benchmark_group("fit");
    g.sample_size(50);
    g.bench_function("BG/NBD, CDNOW", |bch| bch.iter(|| BetaGeo::fit(black_box(f), r, t, None, &o).unwrap()));
    g.bench_function("MBG/NBD, CDNOW", |bch| bch.iter(|| ModifiedBetaGeo::fit(black_box(f), r, t, None, &o).unwrap()));
    g.bench_function("Pareto/NBD, CDNOW", |bch| bch.iter(|| ParetoNbd::fit(black_box(f), r, t, None, &o).unwrap()));
    g.bench_function("Gamma-Gamma, CDNOW repeat customers", |bch| {
        bch.iter(|| GammaGamma::fit(black_box(&gx), &gm, None, &o).unwrap())
    });
    g.bench_function("BG/BB, donations", |bch| {
        bch.iter(|| BetaGeoBetaBinom::fit(black_box(&don[0]), &don[1], &don[2], Some(&don[3]), &o).unwrap())
    });
    g.finish();

    let (x, tx, age) = simulate(1_000_000);
    let mut g = c.benchmark_group("fit, 1M simulated customers");
    g.sample_size(10).throughput(Throughput::Elements(x.len() as u64));
    g.bench_function("BG/NBD", |bch| bch.iter(|| BetaGeo::fit(black_box(&x), &tx, &age, None, &o).unwrap()));
    g.finish();

    let model = BetaGeo::new(0.243, 4.414, 0.793, 2.426).unwrap();
    let n = 10_000_000;
    let big = |v: &[f64]| (0..n).map(|i| v[i % v.len()]).collect::<Vec<f64>>();
    let (x, tx, age) = (big(&x), big(&tx), big(&age));
    let mut out = vec![0.0; n];
    let mut g = c.benchmark_group("predict, 10M customers");
    g.sample_size(10).throughput(Throughput::Elements(n as u64));
    g.bench_function("BG/NBD probability_alive_into", |bch| {
        bch.iter(|| model.probability_alive_into(&x, &tx, &age, black_box(&mut out)).unwrap())
    });
    // The same histories as int64 columns, as a numpy int64 array arrives from Python: the
    // input-kind goal is within 1.25x of the f64 call above.
    let as_i64 = |v: &[f64]| v.iter().map(|&x| x as i64).collect::<Vec<i64>>();
    let (xi, txi, agei) = (as_i64(&x), as_i64(&tx), as_i64(&age));
    g.bench_function("BG/NBD probability_alive_into_of i64", |bch| {
        bch.iter(|| {
            let cols = [Column::from(&xi[..]), Column::from(&txi[..]), Column::from(&agei[..])];
            model.probability_alive_into_of(cols, black_box(&mut out)).unwrap()
        })
    });
    g.bench_function("BG/NBD conditional_expected_transactions_into (t = 39)", |bch| {
        bch.iter(|| model.conditional_expected_transactions_into(39.0, &x, &tx, &age, black_box(&mut out)).unwrap())
    });
    g.finish();

    let spend = GammaGamma::new(6.25, 3.74, 15.44).unwrap();
    let n = 1_000_000;
    let money: Vec<f64> = (0..n).map(|i| if x[i] > 0.0 { 10.0 + (i % 50) as f64 } else { 0.0 }).collect();
    let opts = ModelClvOptions::default().with_months(12).with_discount_rate(0.01).with_time_unit(TimeUnit::Week);
    let mut out = vec![0.0; n];
    let mut g = c.benchmark_group("CLV, 1M customers, 12 months");
    g.sample_size(10).throughput(Throughput::Elements(n as u64));
    g.bench_function("BG/NBD + Gamma-Gamma", |bch| {
        bch.iter(|| {
            customer_lifetime_value_into(
                &model,
                &spend,
                &x[..n],
                &tx[..n],
                &age[..n],
                &money,
                &opts,
                black_box(&mut out),
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, fits);
criterion_main!(benches);
