//! Writes the synthetic sample data in `examples/data/` (seeded, so every run writes the same
//! bytes). The data are invented: 200 survey respondents of a fictional service company, their
//! SERVQUAL answers, and 60 clients rating their account managers on the trust equation; and for
//! the assessment instruments, 30 staff in three departments answering the customer-orientation
//! self-assessment, five examiners scoring the company in the frame of GB/T 19580, and a
//! supplier choice on a weighted decision matrix with the team's pairwise comparisons of its
//! criteria; and for retention, tiers and CLV, two years of a shop's transactions with its
//! customers' answers to an attitude question.
//!
//! `cargo run -p custometrics-examples --example generate_data`

use custometrics_examples::data_dir;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Beta, Distribution, Exp, Gamma};
use std::fmt::Write as _;

const SEED: u64 = 19_580; // GB/T 19580, the standard the course material studies
const RESPONDENTS: usize = 200;
const RATERS: usize = 60;
/// The assessment files draw from their own generator, so the files above keep their bytes.
const ASSESSMENT_SEED: u64 = 19_581;
const STAFF_PER_DEPARTMENT: usize = 10;
/// The transactions draw from a third generator, so every file above keeps its bytes.
const TRANSACTIONS_SEED: u64 = 2005; // Fader, Hardie & Lee's BG/NBD paper
const CUSTOMERS: usize = 2000;
/// Days observed: two years, days 0..=729.
const DAYS: u32 = 730;

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

    let mut rng = ChaCha8Rng::seed_from_u64(ASSESSMENT_SEED);
    orientation(&mut rng)?;
    examiners(&mut rng)?;
    decision(&mut rng)?;
    println!("wrote orientation.csv, examiners.csv, decision.csv, pairwise.csv to {}", data_dir().display());

    let mut rng = ChaCha8Rng::seed_from_u64(TRANSACTIONS_SEED);
    transactions(&mut rng)?;
    println!("wrote transactions.csv, customers.csv to {}", data_dir().display());
    Ok(())
}

/// Two years of a shop's transactions drawn from the models the report then fits: each
/// customer buys at a rate drawn from a gamma distribution (BG/NBD, Fader, Hardie & Lee 2005),
/// may drop out after each repeat purchase with a probability drawn from a beta distribution,
/// and spends per purchase around an average of their own (Gamma-Gamma). First purchases fall
/// over the first 21 months, so some customers are new in the second year. `customers.csv` adds
/// each customer's answer (1–10) to "how much do you prefer us to other shops?", the relative
/// attitude of the Dick & Basu matrix, which leans with their buying rate and against their
/// dropout probability.
fn transactions(rng: &mut ChaCha8Rng) -> std::io::Result<()> {
    let bad = |e: &dyn std::fmt::Display| std::io::Error::other(e.to_string());
    // Purchase rates per day: gamma with shape r = 0.9 and scale 1 / 56 (α = 8 weeks).
    let rate = Gamma::new(0.9, 1.0 / 56.0).map_err(|e| bad(&e))?;
    let dropout = Beta::new(0.8, 2.5).map_err(|e| bad(&e))?;
    // Spend: each customer's scale ν ~ Gamma(q = 4, rate γ = 18); a purchase ~ Gamma(p = 5, ν), so
    // the average purchase is p γ / (q − 1) = 30.
    let nu = Gamma::new(4.0, 1.0 / 18.0).map_err(|e| bad(&e))?;
    let (mut tx, mut people) = (Vec::new(), Vec::new());
    for customer in 1..=CUSTOMERS {
        let lambda: f64 = rate.sample(rng);
        let p: f64 = dropout.sample(rng);
        let spend = Gamma::new(5.0, 1.0 / nu.sample(rng)).map_err(|e| bad(&e))?;
        let gap = Exp::new(lambda).map_err(|e| bad(&e))?;
        let first = rng.random_range(0..640u32);
        let mut day = f64::from(first);
        let mut buy = |day: u32, rng: &mut ChaCha8Rng| {
            let amount: f64 = spend.sample(rng);
            let cents = (100.0 * amount.max(1.0)).round() / 100.0;
            tx.push(vec![customer as f64, f64::from(day), cents]);
        };
        buy(first, rng);
        loop {
            day += gap.sample(rng);
            if day >= f64::from(DAYS) {
                break;
            }
            buy(day as u32, rng);
            if rng.random_range(0.0..1.0) < p {
                break;
            }
        }
        // Attitude: a person's preference, higher for frequent buyers and the less fickle.
        let lean = 0.8 * (lambda * 56.0).ln() - 2.0 * p;
        people.push(vec![customer as f64, rating(6.0 + lean + 1.5 * normal(rng), 1.0, 10.0)]);
    }
    let header = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<Vec<String>>();
    write("transactions.csv", &header(&["customer", "day", "amount"]), &tx)?;
    write("customers.csv", &header(&["customer", "attitude"]), &people)
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
