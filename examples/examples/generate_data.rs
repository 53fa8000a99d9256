//! Writes the synthetic sample data in `examples/data/` (seeded, so every run writes the same
//! bytes). The data are invented: 200 survey respondents of a fictional service company, their
//! SERVQUAL answers, and 60 clients rating their account managers on the trust equation.
//!
//! `cargo run -p custometrics-examples --example generate_data`

use custometrics_examples::data_dir;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::fmt::Write as _;

const SEED: u64 = 19_580; // GB/T 19580, the standard the course material studies
const RESPONDENTS: usize = 200;
const RATERS: usize = 60;

/// A standard normal draw (Box–Muller); rand_distr would add a dependency for one line.
fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = rng.random_range(f64::EPSILON..1.0_f64);
    let u2: f64 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn rating(x: f64, lo: f64, hi: f64) -> f64 {
    x.round().clamp(lo, hi)
}

fn write(name: &str, header: &[String], rows: &[Vec<f64>]) -> std::io::Result<()> {
    let mut out = header.join(",");
    out.push('\n');
    for r in rows {
        let cells: Vec<String> = r.iter().map(|v| format!("{v}")).collect();
        let _ = writeln!(out, "{}", cells.join(","));
    }
    std::fs::write(data_dir().join(name), out)
}

fn main() -> std::io::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    std::fs::create_dir_all(data_dir())?;

    // Survey: a latent satisfaction drives every answer, plus noise.
    let attributes = ["product_quality", "service", "value", "complaint_handling"];
    let importance_means = [8.5, 7.5, 6.0, 4.5];
    let performance_means = [7.6, 6.1, 6.4, 5.2];
    let dims = [
        ("tangibles", 4, 0.4),
        ("reliability", 5, -0.9),
        ("responsiveness", 4, -0.5),
        ("assurance", 4, 0.1),
        ("empathy", 5, -0.3),
    ];
    let points = [11.0, 32.0, 22.0, 19.0, 16.0]; // the 1988 paper's typical split, roughly

    let mut header: Vec<String> = ["nps", "csat", "overall"].iter().map(|s| (*s).to_owned()).collect();
    header.extend(attributes.iter().map(|a| format!("perf_{a}")));
    header.extend(attributes.iter().map(|a| format!("imp_{a}")));
    let mut servqual_header: Vec<String> = (1..=22).map(|i| format!("E{i}")).collect();
    servqual_header.extend((1..=22).map(|i| format!("P{i}")));
    servqual_header.extend(dims.iter().map(|(d, _, _)| format!("W_{d}")));

    let (mut survey, mut servqual) = (Vec::new(), Vec::new());
    for _ in 0..RESPONDENTS {
        let u = normal(&mut rng);
        let mut row = vec![
            rating(7.2 + 2.0 * u + normal(&mut rng), 0.0, 10.0),
            rating(3.8 + 0.9 * u + 0.6 * normal(&mut rng), 1.0, 5.0),
            rating(7.0 + 1.5 * u + 0.7 * normal(&mut rng), 1.0, 10.0),
        ];
        for (k, m) in performance_means.iter().enumerate() {
            row.push(rating(m + (1.2 - 0.2 * k as f64) * u + normal(&mut rng), 1.0, 10.0));
        }
        for m in importance_means {
            row.push(rating(m + normal(&mut rng), 1.0, 10.0));
        }
        survey.push(row);

        let (mut e, mut p) = (Vec::new(), Vec::new());
        for (_, items, effect) in dims {
            for _ in 0..items {
                let exp = rating(5.8 + 0.7 * normal(&mut rng), 1.0, 7.0);
                e.push(exp);
                p.push(rating(exp + effect + 0.6 * u + 0.8 * normal(&mut rng), 1.0, 7.0));
            }
        }
        let raw: Vec<f64> = points.iter().map(|w| (w + 3.0 * normal(&mut rng)).max(1.0)).collect();
        let total: f64 = raw.iter().sum();
        let mut w: Vec<f64> = raw.iter().map(|x| (100.0 * x / total).round()).collect();
        w[1] += 100.0 - w.iter().sum::<f64>(); // whole points that sum to 100
        servqual.push([e, p, w].concat());
    }
    write("survey.csv", &header, &survey)?;
    write("servqual.csv", &servqual_header, &servqual)?;

    let trust_header: Vec<String> =
        ["credibility", "reliability", "intimacy", "self_orientation"].iter().map(|s| (*s).to_owned()).collect();
    let trust: Vec<Vec<f64>> = (0..RATERS)
        .map(|_| {
            let rapport = normal(&mut rng);
            vec![
                rating(7.5 + 0.8 * rapport + normal(&mut rng), 1.0, 10.0),
                rating(7.0 + 0.8 * rapport + normal(&mut rng), 1.0, 10.0),
                rating(5.5 + 1.2 * rapport + 1.2 * normal(&mut rng), 1.0, 10.0),
                rating(4.0 - 0.8 * rapport + 1.3 * normal(&mut rng), 1.0, 10.0),
            ]
        })
        .collect();
    write("trust.csv", &trust_header, &trust)?;

    let complaints: Vec<Vec<f64>> =
        (1..=12).map(|m| vec![f64::from(m), rating(3.5 + 1.5 * normal(&mut rng), 0.0, 20.0)]).collect();
    write("complaints.csv", &["month".to_owned(), "formal_complaints".to_owned()], &complaints)?;
    println!("wrote survey.csv, servqual.csv, trust.csv, complaints.csv to {}", data_dir().display());
    Ok(())
}
