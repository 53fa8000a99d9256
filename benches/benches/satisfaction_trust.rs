//! `cargo bench -p custometrics-benches`: NPS (on f64, i64 and u8 scores) and trust scores over
//! 10 million rows, the sizes of the Python goals in benches/README.md.
#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use custometrics::NanPolicy;
use custometrics::satisfaction::{NpsOptions, nps, nps_of};
use custometrics::trust::{TrustScale, trust_score_into};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::hint::black_box;

const N: usize = 10_000_000;

fn bench(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let bytes: Vec<u8> = (0..N).map(|_| rng.random_range(0u8..=10)).collect();
    let scores: Vec<f64> = bytes.iter().map(|&s| f64::from(s)).collect();
    let ints: Vec<i64> = bytes.iter().map(|&s| i64::from(s)).collect();
    let cols: Vec<Vec<f64>> = (0..4).map(|_| (0..N).map(|_| rng.random_range(1.0..10.0)).collect()).collect();

    let mut g = c.benchmark_group("10M rows");
    g.sample_size(20).throughput(Throughput::Elements(N as u64));
    g.bench_function("nps", |b| b.iter(|| nps(black_box(&scores), &NpsOptions::default()).unwrap()));
    g.bench_function("nps_of i64", |b| b.iter(|| nps_of(black_box(&ints), &NpsOptions::default()).unwrap()));
    g.bench_function("nps_of u8", |b| b.iter(|| nps_of(black_box(&bytes), &NpsOptions::default()).unwrap()));
    // The floor of a memory-bound pass: reading the 80 MB once (a sum that vectorises).
    g.bench_function("read pass (sum of the i64 scores)", |b| {
        b.iter(|| black_box(&ints).iter().fold(0i64, |a, &x| a.wrapping_add(x)))
    });
    let mut out = vec![0.0; N];
    g.bench_function("trust_scores_into", |b| {
        b.iter(|| {
            trust_score_into(
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

    // In cache (one parallel block, 512 kB of f64 in L2): the kernel's own speed, without
    // waiting for memory.
    const IN_CACHE: usize = 1 << 16;
    let mut g = c.benchmark_group("65536 rows in cache");
    g.throughput(Throughput::Elements(IN_CACHE as u64));
    g.bench_function("nps", |b| b.iter(|| nps(black_box(&scores[..IN_CACHE]), &NpsOptions::default()).unwrap()));
    g.bench_function("nps_of i64", |b| {
        b.iter(|| nps_of(black_box(&ints[..IN_CACHE]), &NpsOptions::default()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
