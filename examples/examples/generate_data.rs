//! Writes the synthetic sample data in `examples/data/` (seeded, so every run writes the same
//! bytes). The data are invented: 200 survey respondents of a fictional service company, their
//! SERVQUAL answers, and 60 clients rating their account managers on the trust equation; and for
//! the assessment instruments, 30 staff in three departments answering the customer-orientation
//! self-assessment, five examiners scoring the company in the frame of GB/T 19580, and a
//! supplier choice on a weighted decision matrix with the team's pairwise comparisons of its
//! criteria. Two more draw from generators of their own: each survey respondent's purchases in
//! the last twelve months (the `purchases` column of `survey.csv`, for the Dick & Basu matrix), and
//! two years of a shop's transactions (`transactions.csv`) for tiers, RFM and the models of repeat
//! buying; a third gives each respondent a region and a survey wave (`region`, `wave`), for the
//! survey statistics by segment, with weights and over time.
//!
//! `cargo run -p custometrics-examples --example generate_data`

use custometrics_examples::{civil_from_days, data_dir};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use std::fmt::Write as _;

const SEED: u64 = 19_580; // GB/T 19580, the standard the course material studies
const RESPONDENTS: usize = 200;
const RATERS: usize = 60;
/// The assessment files draw from their own generator, so the files above keep their bytes.
const ASSESSMENT_SEED: u64 = 19_581;
const STAFF_PER_DEPARTMENT: usize = 10;
/// The survey's `purchases` column draws from its own generator, so the other columns keep the
/// values they had before it was added.
const PURCHASES_SEED: u64 = 19_582;
/// The survey's `region` and `wave` columns draw from their own generator, so the other columns
/// keep their values.
const SEGMENTS_SEED: u64 = 19_584;
/// The transaction log's generator.
const TRANSACTIONS_SEED: u64 = 19_583;
/// Customers in the transaction log.
const CUSTOMERS: usize = 500;

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
    header.extend(["purchases", "region", "wave"].map(str::to_owned));
    let mut purchases_rng = ChaCha8Rng::seed_from_u64(PURCHASES_SEED);
    let mut segments_rng = ChaCha8Rng::seed_from_u64(SEGMENTS_SEED);
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
        // Purchases in the last twelve months: the happier buy a little more often, but habit,
        // price and convenience matter as much (a spurious or latent loyalty is common).
        row.push((4.0 * (0.35 * u + 0.6 * normal(&mut purchases_rng)).exp()).round().min(40.0));
        // Region 0–3 (north, south, east, west): the sample over-represents the north (the
        // population is a quarter each, the README says), and the west is less satisfied.
        // Wave 1 or 2 of the survey: the second, after a service programme, is more satisfied.
        let pick = segments_rng.random_range(0.0..1.0_f64);
        let west = 0.15 + 0.15 * f64::from(u < -0.5);
        let region = if pick < 0.4 {
            0.0
        } else if pick < 0.65 {
            1.0
        } else if pick < 1.0 - west {
            2.0
        } else {
            3.0
        };
        let second = segments_rng.random_range(0.0..1.0_f64) < 0.5 + 0.1 * u.clamp(-1.5, 1.5);
        row.extend([region, if second { 2.0 } else { 1.0 }]);
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

    let mut rng = ChaCha8Rng::seed_from_u64(ASSESSMENT_SEED);
    orientation(&mut rng)?;
    examiners(&mut rng)?;
    decision(&mut rng)?;
    println!("wrote orientation.csv, examiners.csv, decision.csv, pairwise.csv to {}", data_dir().display());

    transactions(&mut ChaCha8Rng::seed_from_u64(TRANSACTIONS_SEED))?;
    println!("wrote transactions.csv to {}", data_dir().display());
    Ok(())
}

/// Two years of a shop's sales, 2024-01-01 to 2025-12-31, the way the BG/NBD model describes
/// repeat buying: 500 customers make their first purchase at a time spread over 2024, then buy at
/// a rate of their own (a few times a year, lognormal across customers) until they drop out, which
/// each does after any purchase with a probability of their own; each customer's spend per
/// purchase varies around a mean of their own. Amounts are in currency units with cents.
fn transactions(rng: &mut ChaCha8Rng) -> std::io::Result<()> {
    const START: i64 = 19_723; // 2024-01-01, days since 1970-01-01
    const DAYS: f64 = 731.0; // to 2025-12-31
    let mut rows: Vec<(i64, usize, i64)> = Vec::new(); // day, customer, cents
    for c in 0..CUSTOMERS {
        let mut t = rng.random_range(0.0..366.0);
        let rate = 0.012 * (0.8 * normal(rng)).exp(); // purchases a day
        let dropout = 0.08 + 0.25 * rng.random_range(0.0..1.0_f64).powi(2);
        let spend = 42.0 * (0.45 * normal(rng)).exp();
        loop {
            let cents = (100.0 * spend * (0.3 * normal(rng) - 0.045).exp()).round().max(100.0) as i64;
            rows.push((START + t as i64, c + 1, cents));
            if rng.random_range(0.0..1.0) < dropout {
                break;
            }
            t += -rng.random_range(f64::EPSILON..1.0_f64).ln() / rate;
            if t >= DAYS {
                break;
            }
        }
    }
    rows.sort_unstable();
    let mut out = "customer_id,date,amount\n".to_owned();
    for (day, c, cents) in rows {
        let (y, m, d) = civil_from_days(day);
        let _ = writeln!(out, "C{c:04},{y}-{m:02}-{d:02},{}.{:02}", cents / 100, cents % 100);
    }
    std::fs::write(data_dir().join("transactions.csv"), out)
}

/// The customer-orientation self-assessment: 10 staff in each of three departments (1
/// management, 2 front line, 3 back office) answer the 40 statements 1–5. Management sees the
/// company more kindly than the front line, the back office is far from customers, and everyone
/// finds reaching out to customers weakest. A few answers are missing (NaN); one respondent
/// skipped a page and misses ten.
fn orientation(rng: &mut ChaCha8Rng) -> std::io::Result<()> {
    let items = [7, 5, 4, 7, 4, 7, 6];
    let category_means = [3.6, 3.2, 3.4, 3.0, 2.6, 3.1, 3.3];
    // Department × category shifts: management, front line, back office.
    let shifts = [
        [0.5, 0.3, 0.4, 0.4, 0.3, 0.5, 0.3],
        [-0.2, 0.4, 0.0, -0.3, 0.1, -0.6, -0.2],
        [0.0, -0.6, -0.3, -0.1, -0.5, 0.0, 0.2],
    ];
    let mut header = vec!["department".to_owned()];
    header.extend((1..=items.iter().sum::<usize>()).map(|i| format!("q{i}")));
    let mut rows = Vec::new();
    for (d, shift) in shifts.iter().enumerate() {
        for _ in 0..STAFF_PER_DEPARTMENT {
            let person = 0.4 * normal(rng);
            let mut row = vec![(d + 1) as f64];
            for (k, &n) in items.iter().enumerate() {
                for _ in 0..n {
                    row.push(rating(category_means[k] + shift[k] + person + 0.7 * normal(rng), 1.0, 5.0));
                }
            }
            if rng.random_range(0.0..1.0) < 0.25 {
                let q = rng.random_range(1..row.len());
                row[q] = f64::NAN;
            }
            rows.push(row);
        }
    }
    for cell in &mut rows[17][21..31] {
        *cell = f64::NAN;
    }
    write("orientation.csv", &header, &rows)
}

/// Five examiners score the GB/T 19580 categories, with 4.3 split into its two items (an
/// example split of its 90 points, 40 and 50), as percentages in steps of 5. Each examiner is a
/// little more or less severe; on 4.3.2 customer relationships and satisfaction they read the
/// evidence very differently.
fn examiners(rng: &mut ChaCha8Rng) -> std::io::Result<()> {
    let units = ["4.1", "4.2", "4.3.1", "4.3.2", "4.4", "4.5", "4.6", "4.7"];
    let truth = [55.0, 45.0, 50.0, 45.0, 40.0, 50.0, 35.0, 30.0];
    let mut header = vec!["examiner".to_owned()];
    header.extend(units.iter().map(|u| (*u).to_owned()));
    let mut rows = Vec::new();
    for e in 1..=5 {
        let severity = 3.0 * normal(rng);
        let mut row = vec![f64::from(e)];
        for (j, t) in truth.iter().enumerate() {
            let spread = if units[j] == "4.3.2" { 15.0 } else { 3.0 };
            let p = t + severity + spread * normal(rng);
            row.push((5.0 * (p / 5.0).round()).clamp(0.0, 100.0));
        }
        rows.push(row);
    }
    write("examiners.csv", &header, &rows)
}

/// A supplier choice: four suppliers scored on five criteria, one row per criterion with its
/// weight (points out of 100) and whether it is a cost; price (per unit) is the cost. Then the
/// team's pairwise comparisons of the same criteria on Saaty's 1–9 scale, judged from the
/// weights' ratios with some noise, in `pairwise.csv`.
fn decision(rng: &mut ChaCha8Rng) -> std::io::Result<()> {
    let suppliers = ["supplier_a", "supplier_b", "supplier_c", "supplier_d"];
    let weights = [30.0, 25.0, 15.0, 10.0, 20.0];
    // Quality, delivery, service, flexibility (1–10); price per unit.
    let means = [[7.5, 6.5, 8.0, 6.0], [7.0, 8.5, 6.0, 7.0], [6.0, 7.0, 8.0, 7.5], [5.0, 7.0, 6.0, 8.0]];
    let prices = [118.0, 104.0, 126.0, 96.0];
    let mut header: Vec<String> = ["criterion", "weight", "cost"].iter().map(|s| (*s).to_owned()).collect();
    header.extend(suppliers.iter().map(|s| (*s).to_owned()));
    let mut rows = Vec::new();
    for (c, m) in means.iter().enumerate() {
        let mut row = vec![(c + 1) as f64, weights[c], 0.0];
        row.extend(m.iter().map(|x| rating(x + 0.5 * normal(rng), 1.0, 10.0)));
        rows.push(row);
    }
    let mut row = vec![5.0, weights[4], 1.0];
    row.extend(prices.iter().map(|p| (p + 3.0 * normal(rng)).round()));
    rows.push(row);
    write("decision.csv", &header, &rows)?;

    let n = weights.len();
    let mut pairwise = vec![vec![1.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let judged = (weights[i] / weights[j]).ln() + 0.3 * normal(rng);
            let a = judged.exp().round().clamp(1.0, 9.0);
            let a = if judged < 0.0 { 1.0 / (1.0 / judged.exp()).round().clamp(1.0, 9.0) } else { a };
            pairwise[i][j] = a;
            pairwise[j][i] = 1.0 / a;
        }
    }
    let header: Vec<String> =
        ["quality", "delivery", "service", "flexibility", "price"].iter().map(|s| (*s).to_owned()).collect();
    write("pairwise.csv", &header, &pairwise)
}
