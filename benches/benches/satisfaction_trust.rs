//! `cargo bench -p custometrics-benches`: NPS and trust scores over 10 million rows, the sizes
//! of the Python goals in benches/README.md.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use custometrics::NanPolicy;
use custometrics::satisfaction::{NpsOptions, nps};
use custometrics::trust::{TrustScale, trust_scores_into};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

const N: usize = 10_000_000;

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let scores: Vec<f64> = (0..N).map(|_| f64::from(rng.random_range(0u8..=10))).collect();
    let cols: Vec<Vec<f64>> = (0..4).map(|_| (0..N).map(|_| rng.random_range(1.0..10.0)).collect()).collect();

    let mut g = c.benchmark_group("10M rows");
    g.sample_size(20).throughput(Throughput::Elements(N as u64));
    g.bench_function("nps", |b| b.iter(|| nps(black_box(&scores), NpsOptions::default()).unwrap()));
    let mut out = vec![0.0; N];
    g.bench_function("trust_scores_into", |b| {
        b.iter(|| {
            trust_scores_into(
                &cols[0],
                &cols[1],
                &cols[2],
                &cols[3],
                TrustScale::default(),
                NanPolicy::Raise,
                black_box(&mut out),
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
