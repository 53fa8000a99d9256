//! The example report, a tour of the library on the bundled (synthetic) sample data, printed as
//! aligned tables: satisfaction and trust; the assessment instruments (customer-orientation
//! self-assessment, GB/T 19580 excellence scoring, weighted decision matrix with AHP weights);
//! then, on two years of a shop's transactions, the loyalty matrices, customer tiers, retention
//! economics in exact money and customer lifetime value from fitted BG/NBD and Gamma-Gamma
//! models.
//!
//! `cargo run -p custometrics-examples --example report` (or `make demo`)

use custometrics::assessment::{
    self as assess, AhpOptions, DecisionOptions, ExcellenceOptions, FrameItem, GBT19580, Normalise, ORIENTATION,
    OrientationOptions,
};
use custometrics::loyalty::{self, DickBasuClass, JonesSasserClass, JonesSasserOptions};
use custometrics::retention::models::{
    BetaGeo, FitOptions, GammaGamma, ModelClvOptions, TimeUnit, TransactionModel, customer_lifetime_value,
};
use custometrics::retention::{self as ret, ClvOptions, Cohort, Period, SummaryOptions};
use custometrics::satisfaction::{self as sat, Importance, Instrument, NpsOptions, Scale};
use custometrics::tiers::{self, ABC_A, ABC_B, CURRY_TIERS, SegmentMap, TransitionMatrix};
use custometrics::trust::{self, COMPONENTS, TrustScale};
use custometrics::{Matrix, NanPolicy};
use custometrics_examples::{Table, f, table};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::str::FromStr;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res {
    let survey = Table::read("survey.csv")?;
    let servqual = Table::read("servqual.csv")?;
    let trust_data = Table::read("trust.csv")?;
    let complaints = Table::read("complaints.csv")?;
    println!(
        "custometrics example report: {} survey respondents, {} trust raters (synthetic data)",
        survey.rows.len(),
        trust_data.rows.len()
    );

    servqual_section(&servqual)?;
    scores_section(&survey)?;
    csi_ipa_section(&survey)?;
    iceberg_section(&complaints)?;
    trust_section(&trust_data)?;
    orientation_section(&Table::read("orientation.csv")?)?;
    excellence_section(&Table::read("examiners.csv")?)?;
    decision_section(&Table::read("decision.csv")?, &Table::read("pairwise.csv")?)?;

    let shop = Shop::read()?;
    println!(
        "\nA shop's two years: {} customers, {} transactions over days 0–{} (synthetic data)",
        shop.customers.len(),
        shop.day.len(),
        LAST_DAY
    );
    loyalty_section(&survey, &shop)?;
    tiers_section(&shop)?;
    economics_section(&shop)?;
    models_section(&shop)?;
    Ok(())
}

fn servqual_section(t: &Table) -> Res {
    let inst = Instrument::servqual22();
    let (e, cols) = t.block("E");
    let (p, _) = t.block("P");
    let (w, _) = t.block("W_");
    let s = sat::servqual(
        &inst,
        &Matrix::new("expectations", &e, cols)?,
        &Matrix::new("perceptions", &p, cols)?,
        Some(&w),
    )?;

    // Attribute gaps: each dimension's mean perception against its mean expectation.
    let dim_means = |m: &[f64]| -> Vec<f64> {
        let items = Matrix::new("m", m, cols).map(|m| {
            (0..cols).map(|j| m.iter_rows().map(|r| r[j]).sum::<f64>() / m.rows() as f64).collect::<Vec<f64>>()
        });
        let items = items.unwrap_or_default();
        (0..inst.dimensions())
            .map(|d| {
                let v: Vec<f64> =
                    items.iter().zip(inst.item_dimensions()).filter(|(_, k)| **k == d).map(|(x, _)| *x).collect();
                v.iter().sum::<f64>() / v.len() as f64
            })
            .collect()
    };
    let importance: Vec<f64> =
        (0..inst.dimensions()).map(|d| w.iter().skip(d).step_by(inst.dimensions()).sum()).collect();
    let d = sat::disconfirmation(&dim_means(&p), &dim_means(&e), Some(&importance), 0.5)?;
    let rows: Vec<Vec<String>> = inst
        .dimension_names()
        .iter()
        .zip(&d.attributes)
        .zip(&d.weights)
        .map(|((n, a), w)| {
            vec![
                n.clone(),
                f(a.expectation, 2),
                f(a.perception, 2),
                f(a.gap, 2),
                f(100.0 * w, 1),
                format!("{:?}", a.state).to_lowercase(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "Attribute gaps (perception − expectation, 1–7 scale; weights = mean importance points)",
            &["attribute", "E", "P", "P − E", "weight %", "state"],
            &rows
        )
    );
    println!("  overall weighted gap {} → {:?}", f(d.overall_gap, 3), d.overall_state);

    let rows: Vec<Vec<String>> =
        s.dimensions.iter().zip(&s.sample.dimension_gaps).map(|(n, g)| vec![n.clone(), f(*g, 3)]).collect();
    print!("{}", table("SERVQUAL dimensions (22 items, Parasuraman et al. 1988)", &["dimension", "gap"], &rows));
    println!(
        "  unweighted SERVQUAL score {}   weighted {}",
        f(s.sample.unweighted, 3),
        f(s.sample.weighted.unwrap_or(f64::NAN), 3)
    );
    Ok(())
}

fn scores_section(t: &Table) -> Res {
    let csat = sat::csat(&t.column("csat")?, 5, 2, NanPolicy::Raise)?;
    let rate = sat::satisfaction_rate(&t.column("overall")?, 7.0, NanPolicy::Raise)?;
    let nps = sat::nps(&t.column("nps")?, NpsOptions::default())?;
    let moe = sat::margin_of_error(csat.share, csat.n, 0.95, None)?;
    let rows = vec![
        vec!["CSAT (top-2 of 5)".into(), f(csat.percent, 1), format!("± {}", f(100.0 * moe, 1)), csat.n.to_string()],
        vec!["satisfaction rate (overall ≥ 7 of 10)".into(), f(rate.percent, 1), String::new(), rate.n.to_string()],
        vec![
            "NPS".into(),
            f(nps.score, 1),
            format!("[{}, {}]", f(nps.ci_low, 1), f(nps.ci_high, 1)),
            nps.n.to_string(),
        ],
    ];
    print!("{}", table("Satisfaction scores (intervals at 95 %)", &["measure", "value", "interval", "n"], &rows));
    println!(
        "  NPS: {} promoters, {} passives, {} detractors; standard error {} points",
        nps.promoters,
        nps.passives,
        nps.detractors,
        f(nps.std_error, 2)
    );
    let need = sat::sample_size(0.05, 0.95, 0.5, None)?;
    println!("  a ±5-point margin at 95 % needs {} respondents (Cochran)", need.n);
    Ok(())
}

fn csi_ipa_section(t: &Table) -> Res {
    let names = ["product_quality", "service", "value", "complaint_handling"];
    let (perf, cols) = t.block("perf_");
    let (imp, _) = t.block("imp_");
    let ratings = Matrix::new("ratings", &perf, cols)?;
    let imp_means: Vec<f64> =
        (0..cols).map(|j| imp.iter().skip(j).step_by(cols).sum::<f64>() / t.rows.len() as f64).collect();
    let stated = sat::csi(&ratings, Scale::new(1.0, 10.0)?, Importance::Stated(&imp_means))?;
    let overall = t.column("overall")?;
    let derived = sat::csi(&ratings, Scale::new(1.0, 10.0)?, Importance::Derived { overall: &overall })?;
    let ipa = sat::ipa(&imp_means, &stated.attribute_means, None, None)?;
    let corr = derived.correlations.clone().unwrap_or_default();
    let rows: Vec<Vec<String>> = (0..cols)
        .map(|j| {
            vec![
                names[j].to_owned(),
                f(imp_means[j], 2),
                f(stated.attribute_means[j], 2),
                f(stated.attribute_indexes[j], 1),
                f(corr[j], 3),
                format!("{:?}", ipa.quadrants[j]),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "Customer satisfaction index and importance–performance analysis (1–10 scale)",
            &["attribute", "importance", "performance", "index", "r(overall)", "IPA quadrant"],
            &rows
        )
    );
    println!("  CSI (stated importance) {}   CSI (derived importance) {}", f(stated.index, 1), f(derived.index, 1));
    println!(
        "  IPA cuts: importance {}, performance {} (grand means)",
        f(ipa.importance_cut, 2),
        f(ipa.performance_cut, 2)
    );
    Ok(())
}

fn iceberg_section(t: &Table) -> Res {
    let formal: f64 = t.column("formal_complaints")?.iter().sum();
    let mut rows = Vec::new();
    for told in [5.0, 25.0] {
        let i = sat::complaint_iceberg(formal, sat::IcebergShares::default(), told)?;
        rows.push(vec![
            f(told, 0),
            f(i.formal, 0),
            f(i.voiced, 0),
            f(i.silent, 0),
            f(i.dissatisfied, 0),
            f(i.word_of_mouth_reach, 0),
        ]);
    }
    print!(
        "{}",
        table(
            "Complaint iceberg for the year (5 % complain, 35 % voice it elsewhere, 60 % stay silent)",
            &["told each", "formal", "voiced", "silent", "dissatisfied", "word of mouth"],
            &rows
        )
    );
    Ok(())
}

fn trust_section(t: &Table) -> Res {
    let cols: Vec<Vec<f64>> = COMPONENTS.iter().map(|c| t.column(c)).collect::<Result<_, _>>()?;
    let agg = trust::trust_over_raters(&cols[0], &cols[1], &cols[2], &cols[3], TrustScale::default())?;
    let rows: Vec<Vec<String>> = COMPONENTS
        .iter()
        .enumerate()
        .map(|(k, c)| {
            vec![
                (*c).to_owned(),
                f(agg.mean_ratings[k], 2),
                f(agg.sensitivity.mean_gains[k], 3),
                agg.sensitivity.best_lever_counts[k].to_string(),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "Trust equation T = (C + R + I) / S (Maister et al. 2000), 1–10 ratings",
            &["component", "mean rating", "gain of one point", "best lever for"],
            &rows
        )
    );
    println!(
        "  mean of individual T {}   T of mean ratings {}   n = {}",
        f(agg.mean_of_scores, 2),
        f(agg.score_of_means, 2),
        agg.n
    );
    println!("  the lever that moves trust most: {}", agg.sensitivity.best_lever.as_deref().unwrap_or("none"));
    Ok(())
}

/// The department codes of `orientation.csv`.
const DEPARTMENTS: [&str; 3] = ["management", "front line", "back office"];

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |v| f(100.0 * v, 1))
}

fn p_value(p: f64) -> String {
    if p < 0.001 { "< 0.001".to_owned() } else { f(p, 3) }
}

fn orientation_section(t: &Table) -> Res {
    let (answers, cols) = t.block("q");
    let groups: Vec<String> = t
        .column("department")?
        .iter()
        .map(|&d| {
            DEPARTMENTS.get((d as usize).wrapping_sub(1)).map_or_else(|| format!("department {d}"), |s| (*s).to_owned())
        })
        .collect();
    let opts = OrientationOptions { nan_policy: NanPolicy::Omit, ..Default::default() };
    let r = assess::orientation(&Matrix::new("answers", &answers, cols)?, &ORIENTATION, Some(&groups), &opts)?;
    let maxima = ORIENTATION.maxima();

    let mut header = vec!["category", "max"];
    header.extend(r.groups.iter().map(|g| g.group.as_str()));
    header.extend(["all", "95 % CI", "r_wg"]);
    let rows: Vec<Vec<String>> = ORIENTATION
        .categories
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let all = &r.all.categories[k];
            let mut row = vec![c.name.en.clone(), f(maxima[k], 0)];
            row.extend(r.groups.iter().map(|g| pct(g.categories[k].mean_share)));
            row.push(pct(all.mean_share));
            row.push(format!("{}–{}", pct(all.ci_low), pct(all.ci_high)));
            row.push(all.rwg.map_or_else(|| "–".to_owned(), |v| f(v, 2)));
            row
        })
        .collect();
    print!(
        "{}",
        table(
            "Customer-orientation self-assessment: mean share of each category's maximum by department, %",
            &header,
            &rows
        )
    );
    let all = &r.all.overall;
    println!(
        "  overall {} % of 200 points (95 % CI {}–{}), {} respondents scored, {} left out for missing answers",
        pct(all.mean_share),
        pct(all.ci_low),
        pct(all.ci_high),
        r.all.n,
        r.all.excluded
    );
    let weakest = |stats: &[assess::CategoryStats]| {
        stats
            .iter()
            .zip(&ORIENTATION.categories)
            .filter_map(|(s, c)| s.mean_share.map(|m| (m, c.name.en.as_str())))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or_else(|| "–".to_owned(), |(m, n)| format!("{n} ({} %)", f(100.0 * m, 1)))
    };
    for g in std::iter::once(&r.all).chain(&r.groups) {
        println!("  weakest category, {}: {}", g.group, weakest(&g.categories));
    }

    // Per category, the widest gap between two departments, its Welch test and each department's
    // agreement.
    let mut header = vec!["category", "widest gap", "points", "p-value"];
    let rwg_names: Vec<String> = r.groups.iter().map(|g| format!("r_wg {}", g.group)).collect();
    header.extend(rwg_names.iter().map(String::as_str));
    let mut rows = Vec::new();
    for (k, c) in ORIENTATION.categories.iter().enumerate() {
        let widest = r
            .gaps
            .iter()
            .filter_map(|g| g.categories[k].difference.map(|d| (g, d)))
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()));
        let mut row = vec![c.name.en.clone()];
        match widest {
            Some((g, d)) => {
                let (a, b) = if d >= 0.0 { (&g.a, &g.b) } else { (&g.b, &g.a) };
                row.push(format!("{a} over {b}"));
                row.push(f(100.0 * d.abs(), 1));
                row.push(g.categories[k].p_value.map_or_else(|| "–".to_owned(), p_value));
            }
            None => row.extend(["–".to_owned(), "–".to_owned(), "–".to_owned()]),
        }
        row.extend(r.groups.iter().map(|g| g.categories[k].rwg.map_or_else(|| "–".to_owned(), |v| f(v, 2))));
        rows.push(row);
    }
    print!(
        "{}",
        table(
            "Widest gap between departments (share points, Welch's t-test, uncorrected) and agreement within each (r_wg; 0.7 = agrees)",
            &header,
            &rows
        )
    );
    Ok(())
}

fn excellence_section(t: &Table) -> Res {
    // An example split of 4.3's 90 points into its two items; the other categories are scored whole.
    let frame = GBT19580.clone().with_items(
        "4.3",
        vec![
            FrameItem::new("4.3.1", "understanding customers and markets", "顾客和市场的了解", 40.0),
            FrameItem::new("4.3.2", "customer relationships and satisfaction", "顾客关系与顾客满意", 50.0),
        ],
    )?;
    let (scores, cols) = t.block("4.");
    let unit_cols: Vec<String> = t.header.iter().filter(|h| h.starts_with("4.")).cloned().collect();
    let scores = frame.align(&unit_cols, &Matrix::new("scores", &scores, cols)?)?;
    let r = assess::excellence(&Matrix::new("scores", &scores, cols)?, &frame, &ExcellenceOptions::default())?;

    let rows: Vec<Vec<String>> = frame
        .categories
        .iter()
        .zip(&r.consensus.categories)
        .zip(&r.consensus_mean.categories)
        .map(|((c, med), mean)| {
            vec![
                c.id.clone(),
                c.name.en.clone(),
                format!("{:?}", c.kind).to_lowercase(),
                f(c.points, 0),
                f(med.earned, 1),
                f(100.0 * med.share, 1),
                f(mean.earned, 1),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &format!("Excellence scoring in the frame of GB/T 19580, consensus of {} examiners", r.examiners.len()),
            &["category", "name", "kind", "points", "median pts", "median %", "mean pts"],
            &rows
        )
    );
    let totals: Vec<String> = r.examiners.iter().map(|e| f(e.total, 1)).collect();
    println!(
        "  consensus total {} of {} (median percentages), {} (mean); examiners' own totals {}",
        f(r.consensus.total, 1),
        f(r.consensus.points, 0),
        f(r.consensus_mean.total, 1),
        totals.join(", ")
    );

    let units = frame.units();
    let rows: Vec<Vec<String>> = r
        .consensus
        .priorities
        .iter()
        .take(5)
        .enumerate()
        .map(|(i, &u)| {
            let s = &r.consensus.units[u];
            vec![
                (i + 1).to_string(),
                s.unit.clone(),
                f(units[u].points, 0),
                f(s.percent, 1),
                f(s.earned, 1),
                f(s.lost, 1),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "Improvement priorities: points available minus earned at the consensus (median) percentage",
            &["rank", "unit", "points", "median %", "earned", "lost"],
            &rows
        )
    );
    let rows: Vec<Vec<String>> = r
        .units
        .iter()
        .map(|u| {
            vec![
                u.unit.clone(),
                f(u.median, 1),
                f(u.mean, 1),
                format!("{}–{}", f(u.min, 0), f(u.max, 0)),
                f(u.range, 0),
                u.sd.map_or_else(|| "–".to_owned(), |s| f(s, 1)),
                if u.disagree { "discuss first".to_owned() } else { String::new() },
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            &format!(
                "Examiners' spread per unit (percentages; disagreement = range above {} points)",
                f(assess::DISAGREEMENT, 0)
            ),
            &["unit", "median", "mean", "min–max", "range", "sd", "note"],
            &rows
        )
    );
    let items: Vec<&str> = r.disagreements.iter().map(|&u| r.units[u].unit.as_str()).collect();
    println!(
        "  for the consensus meeting: {}",
        if items.is_empty() { "no unit beyond the threshold".to_owned() } else { items.join(", ") }
    );
    Ok(())
}

/// The criteria of `decision.csv` (its `criterion` codes 1–5) and the columns of `pairwise.csv`.
const CRITERIA: [&str; 5] = ["quality", "delivery", "service", "flexibility", "price"];

fn decision_section(t: &Table, pairwise: &Table) -> Res {
    let alternatives: Vec<String> = t.header.iter().skip(3).cloned().collect();
    let criteria: Vec<String> = t
        .column("criterion")?
        .iter()
        .map(|&c| {
            CRITERIA.get((c as usize).wrapping_sub(1)).map_or_else(|| format!("criterion {c}"), |s| (*s).to_owned())
        })
        .collect();
    let weights = t.column("weight")?;
    let cost: Vec<bool> = t.column("cost")?.iter().map(|&c| c != 0.0).collect();
    // Criteria are rows in the file; the model takes one row per alternative.
    let scores: Vec<f64> = (0..alternatives.len()).flat_map(|a| t.rows.iter().map(move |r| r[3 + a])).collect();
    let scores = Matrix::new("scores", &scores, criteria.len())?;
    let opts = DecisionOptions {
        criteria: Some(criteria.clone()),
        alternatives: Some(alternatives.clone()),
        cost: Some(cost.clone()),
        normalise: Normalise::MinMax,
        ..Default::default()
    };
    let d = assess::decision(&scores, &weights, &opts)?;

    let mut header = vec!["rank", "alternative"];
    header.extend(criteria.iter().map(String::as_str));
    header.push("total");
    let rows: Vec<Vec<String>> = d
        .order
        .iter()
        .map(|&a| {
            let mut row = vec![d.ranks[a].map_or_else(|| "–".to_owned(), |r| r.to_string()), alternatives[a].clone()];
            row.extend(d.normalised[a].iter().map(|x| f(*x, 2)));
            row.push(f(d.totals[a], 3));
            row
        })
        .collect();
    let weight_list: Vec<String> = criteria
        .iter()
        .zip(&d.weights)
        .zip(&cost)
        .map(|((c, w), k)| format!("{c} {}{}", f(100.0 * w, 0), if *k { " (cost)" } else { "" }))
        .collect();
    print!(
        "{}",
        table(
            &format!("Weighted decision matrix (min–max normalised scores; weights %: {})", weight_list.join(", ")),
            &header,
            &rows
        )
    );
    let best: Vec<&str> = d.best.iter().map(|&a| alternatives[a].as_str()).collect();
    println!(
        "  choice: {}, ahead of the second by {}",
        best.join(" and "),
        d.margin.map_or_else(|| "–".to_owned(), |m| f(m, 3))
    );

    let rows: Vec<Vec<String>> = d
        .sensitivity
        .iter()
        .map(|s| {
            vec![
                s.criterion.clone(),
                f(100.0 * s.weight, 1),
                s.threshold.map_or_else(|| "none in 0–100".to_owned(), |t| f(100.0 * t, 1)),
                s.change.map_or_else(String::new, |c| format!("{:+.1}", 100.0 * c)),
                s.new_top.map_or_else(String::new, |a| alternatives[a].clone()),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "Sensitivity: the weight at which the top choice changes (the other weights rescaled in proportion)",
            &["criterion", "weight %", "changes at %", "change", "new top"],
            &rows
        )
    );

    let (a, n) = pairwise.block("");
    let h = assess::ahp(&Matrix::new("pairwise", &a, n)?, &AhpOptions::default())?;
    let by_ahp = assess::decision(&scores, &h.weights, &opts)?;
    let rows: Vec<Vec<String>> = pairwise
        .header
        .iter()
        .zip(&h.weights)
        .zip(&d.weights)
        .map(|((c, w), p)| vec![c.clone(), f(100.0 * p, 1), f(100.0 * w, 1)])
        .collect();
    print!(
        "{}",
        table(
            "Criteria weights from the team's pairwise comparisons (AHP, Saaty 1–9 scale)",
            &["criterion", "points %", "AHP %"],
            &rows
        )
    );
    println!(
        "  λmax {}   CI {}   CR {}{}",
        f(h.lambda_max, 3),
        f(h.ci, 3),
        h.cr.map_or_else(|| "–".to_owned(), |c| f(c, 3)),
        if h.inconsistent { "  (above 0.1: revisit the judgements)" } else { "  (≤ 0.1: consistent enough)" }
    );
    let order: Vec<String> =
        by_ahp.order.iter().map(|&a| format!("{} {}", alternatives[a], f(by_ahp.totals[a], 3))).collect();
    println!("  ranking with the AHP weights: {}", order.join(", "));
    Ok(())
}

// ---- the shop: transactions.csv and customers.csv ---------------------------------------------

/// The last day observed: the data cover days 0..=729, two years.
const LAST_DAY: i64 = 729;
/// The share of spend that is margin, an assumption of the economics sections.
const MARGIN_RATE: Decimal = Decimal::from_parts(30, 0, 0, false, 2);
/// What acquiring a customer costs (marketing spend over new customers), an assumption.
const ACQUISITION_COST: Decimal = Decimal::from_parts(20, 0, 0, false, 0);
/// The yearly discount rate, an assumption.
const DISCOUNT: f64 = 0.1;

/// The shop's transactions and customers, with each customer's purchases and spend per year.
struct Shop {
    /// Per transaction.
    customer: Vec<u64>,
    day: Vec<i64>,
    amount: Vec<f64>,
    /// Per customer (ids 1..=n, in order): the attitude rating, and purchases (days with a
    /// purchase) and spend, exact, in year 1 (days 0–364) and year 2.
    customers: Vec<u64>,
    attitude: Vec<f64>,
    purchases: [Vec<f64>; 2],
    spend: [Vec<Decimal>; 2],
    first_day: Vec<f64>,
    last_day: Vec<f64>,
}

/// An amount of money as written in the file. The files hold cents (two decimals), which the
/// shortest decimal that reads back as the same f64 gives exactly (the library's own rule for
/// rates).
fn money(x: f64) -> Result<Decimal, rust_decimal::Error> {
    Decimal::from_str(&x.to_string())
}

impl Shop {
    fn read() -> Res<Self> {
        let t = Table::read("transactions.csv")?;
        let people = Table::read("customers.csv")?;
        let customer: Vec<u64> = t.column("customer")?.iter().map(|&c| c as u64).collect();
        let day: Vec<i64> = t.column("day")?.iter().map(|&d| d as i64).collect();
        let amount = t.column("amount")?;
        let customers: Vec<u64> = people.column("customer")?.iter().map(|&c| c as u64).collect();
        let n = customers.len();
        let mut purchases = [vec![0.0; n], vec![0.0; n]];
        let mut spend = [vec![Decimal::ZERO; n], vec![Decimal::ZERO; n]];
        let (mut first_day, mut last_day) = (vec![f64::NAN; n], vec![f64::NAN; n]);
        let mut seen = std::collections::HashSet::new();
        for ((&c, &d), &a) in customer.iter().zip(&day).zip(&amount) {
            let i =
                usize::try_from(c).ok().and_then(|c| c.checked_sub(1)).filter(|&i| i < n).ok_or("unknown customer")?;
            let year = usize::from(d > 364);
            if seen.insert((c, d)) {
                purchases[year][i] += 1.0;
            }
            spend[year][i] += money(a)?;
            first_day[i] = first_day[i].min(d as f64);
            last_day[i] = last_day[i].max(d as f64);
        }
        Ok(Self {
            customer,
            day,
            amount,
            customers,
            attitude: people.column("attitude")?,
            purchases,
            spend,
            first_day,
            last_day,
        })
    }

    /// Each customer's spend over both years, as f64 for the tier kernels.
    fn total_spend(&self) -> Vec<f64> {
        self.spend[0].iter().zip(&self.spend[1]).map(|(a, b)| (a + b).to_f64().unwrap_or(f64::NAN)).collect()
    }
}

/// A class's name as the library serialises it, in words (`no_loyalty` → `no loyalty`).
fn label<T: serde::Serialize>(class: &T) -> String {
    serde_json::to_value(class).ok().and_then(|v| v.as_str().map(|s| s.replace('_', " "))).unwrap_or_default()
}

fn share(x: f64) -> String {
    format!("{} %", f(100.0 * x, 1))
}

fn cents(x: Decimal) -> String {
    x.round_dp(2).to_string()
}

fn loyalty_section(survey: &Table, shop: &Shop) -> Res {
    // Jones & Sasser on the survey: satisfaction is the CSAT answer (1–5), loyalty the
    // likelihood to recommend (0–10), high from 9 (NPS's promoters); apostles say 5 and 10,
    // terrorists 1 and at most 2.
    let opts = JonesSasserOptions {
        loyalty_scale: Scale::new(0.0, 10.0)?,
        loyalty_cut: 9.0,
        apostle_loyalty: 10.0,
        terrorist_loyalty: 2.0,
        ..JonesSasserOptions::default()
    };
    let j = loyalty::jones_sasser(&survey.column("csat")?, &survey.column("nps")?, opts)?;
    let c = &j.counts;
    let rows: Vec<Vec<String>> = [
        (JonesSasserClass::Loyalist, c.loyalist, j.shares.loyalist, format!("apostles: {}", c.apostle)),
        (JonesSasserClass::Mercenary, c.mercenary, j.shares.mercenary, String::new()),
        (JonesSasserClass::Hostage, c.hostage, j.shares.hostage, String::new()),
        (JonesSasserClass::Defector, c.defector, j.shares.defector, format!("terrorists: {}", c.terrorist)),
    ]
    .into_iter()
    .map(|(class, n, s, note)| vec![label(&class), n.to_string(), share(s), note])
    .collect();
    print!(
        "{}",
        table(
            "Satisfaction–loyalty matrix (Jones & Sasser 1995): CSAT 4–5 is satisfied, recommending 9–10 is loyal",
            &["quadrant", "respondents", "share", "of which"],
            &rows
        )
    );

    // Dick & Basu on the shop: relative attitude (the survey answer) against repeat patronage
    // (days with a purchase over the two years), each split at its median.
    let days: Vec<f64> = shop.purchases[0].iter().zip(&shop.purchases[1]).map(|(a, b)| a + b).collect();
    let d = loyalty::dick_basu(&shop.attitude, &days, None, None)?;
    let spend = shop.total_spend();
    let rows: Vec<Vec<String>> = DickBasuClass::ALL
        .iter()
        .map(|&class| {
            let members: Vec<f64> =
                d.classes.iter().zip(&spend).filter(|(c, _)| **c == class).map(|(_, s)| *s).collect();
            let mean = members.iter().sum::<f64>() / members.len().max(1) as f64;
            vec![label(&class), members.len().to_string(), share(members.len() as f64 / d.n as f64), f(mean, 2)]
        })
        .collect();
    print!(
        "{}",
        table(
            &format!(
                "Loyalty matrix (Dick & Basu 1994): attitude ≥ {} of 10 and ≥ {} purchase days (the medians)",
                f(d.attitude_threshold, 1),
                f(d.patronage_threshold, 0)
            ),
            &["class", "customers", "share", "spend each"],
            &rows
        )
    );

    let k = loyalty::loyalty_indicators(
        &shop.purchases[0],
        &shop.purchases[1],
        Some(&shop.first_day),
        Some(&shop.last_day),
    )?;
    println!(
        "  year 1 → year 2: {} of {} customers kept (retention {}, churn {}), {} new (acquisition {}), growth {}",
        k.retained,
        k.active_previous,
        share(k.retention_rate),
        share(k.churn_rate),
        k.acquired,
        share(k.acquisition_rate),
        share(k.growth_rate)
    );
    println!(
        "  repeat-purchase rate {}; a repeat customer buys again every {} days on average",
        share(k.repeat_purchase_rate),
        k.mean_inter_purchase_time.map_or_else(|| "–".to_owned(), |t| f(t, 0))
    );
    Ok(())
}

fn tiers_section(shop: &Shop) -> Res {
    let value = shop.total_spend();
    let abc = tiers::abc(&value, ABC_A, ABC_B)?;
    let curry = tiers::curry(&value)?;
    let by_abc = tiers::profit_pyramid(&value, &abc, 3)?;
    let by_curry = tiers::profit_pyramid(&value, &curry, 4)?;
    let mut rows: Vec<Vec<String>> =
        ["A", "B", "C"].iter().zip(&by_abc.tiers).map(|(name, t)| tier_row(&format!("ABC {name}"), t)).collect();
    rows.extend(CURRY_TIERS.iter().zip(&by_curry.tiers).map(|(name, t)| tier_row(&format!("Curry {name}"), t)));
    print!(
        "{}",
        table(
            "Customer tiers by two-year spend: ABC (80 % / 95 % of value) and Curry's pyramid (1 / 4 / 15 / 80 % of customers)",
            &["tier", "customers", "of customers", "of spend", "spend each"],
            &rows
        )
    );
    let l = tiers::lorenz(&value, 10)?;
    println!(
        "  Gini {}: the top 10 % of customers bring {} of spend, the bottom half {}",
        f(l.gini, 3),
        share(1.0 - l.value_share[9]),
        share(l.value_share[5])
    );

    // RFM at the end of year 2, recency in days since the last purchase.
    let recency: Vec<f64> = shop.last_day.iter().map(|d| LAST_DAY as f64 - d).collect();
    let frequency: Vec<f64> = shop.purchases[0].iter().zip(&shop.purchases[1]).map(|(a, b)| a + b).collect();
    let s = tiers::rfm_scores(&recency, &frequency, &value, 5)?;
    let segments = tiers::rfm_segments(&s.r, &s.f, &s.m, &SegmentMap::standard())?;
    let mut rows: Vec<(u64, Vec<String>)> = segments
        .names
        .iter()
        .enumerate()
        .filter(|(k, _)| segments.counts[*k] > 0)
        .map(|(k, name)| {
            let members: Vec<usize> = (0..value.len()).filter(|&i| usize::from(segments.segment[i]) == k).collect();
            let mean = |v: &[f64]| members.iter().map(|&i| v[i]).sum::<f64>() / members.len() as f64;
            let n = segments.counts[k];
            (n, vec![name.clone(), n.to_string(), f(mean(&recency), 0), f(mean(&frequency), 1), f(mean(&value), 2)])
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    print!(
        "{}",
        table(
            "RFM segments (quintile scores of recency and frequency, the standard segment grid)",
            &["segment", "customers", "days since", "purchase days", "spend"],
            &rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>()
        )
    );

    // Migration between ABC tiers from year 1 to year 2, for the customers of year 1; tier 3 is
    // lapsed (no purchase in year 2).
    let tier_of_year = |year: usize| -> Res<Vec<u8>> {
        let spend: Vec<f64> = shop.spend[year].iter().map(|s| s.to_f64().unwrap_or(f64::NAN)).collect();
        let active: Vec<usize> = (0..spend.len()).filter(|&i| shop.purchases[year][i] > 0.0).collect();
        let tiers = tiers::abc(&active.iter().map(|&i| spend[i]).collect::<Vec<f64>>(), ABC_A, ABC_B)?;
        let mut out = vec![3u8; spend.len()];
        active.iter().zip(tiers).for_each(|(&i, t)| out[i] = t);
        Ok(out)
    };
    let (y1, y2) = (tier_of_year(0)?, tier_of_year(1)?);
    let year1: Vec<usize> = (0..y1.len()).filter(|&i| y1[i] < 3).collect();
    let from: Vec<u8> = year1.iter().map(|&i| y1[i]).collect();
    let to: Vec<u8> = year1.iter().map(|&i| y2[i]).collect();
    let m = tiers::migration(&from, &to, 4)?;
    let names = ["A", "B", "C", "lapsed"];
    let rows: Vec<Vec<String>> = (0..3)
        .map(|i| {
            let mut row = vec![names[i].to_owned(), m.from_totals[i].to_string()];
            row.extend((0..4).map(|j| share(m.probabilities[i * 4 + j])));
            row
        })
        .collect();
    print!(
        "{}",
        table(
            "Tier migration, year 1 → year 2 (ABC tiers of each year's spend; customers of year 1)",
            &["from", "customers", "→ A", "→ B", "→ C", "→ lapsed"],
            &rows
        )
    );
    // As a Markov chain where the lapsed do not come back (the conservative reading), with each
    // tier's year-2 margin: the value of a customer by the tier they start in (Pfeifer &
    // Carraway 2000), exact money.
    let mut p = m.probabilities.clone();
    p[12..16].copy_from_slice(&[0.0, 0.0, 0.0, 1.0]);
    let chain = TransitionMatrix::new(4, p)?;
    let margins: Vec<Decimal> = (0..4u8)
        .map(|t| {
            let members: Vec<usize> = (0..y2.len()).filter(|&i| y2[i] == t && t < 3).collect();
            let total: Decimal = members.iter().map(|&i| shop.spend[1][i]).sum();
            if members.is_empty() { Decimal::ZERO } else { total / Decimal::from(members.len()) * MARGIN_RATE }
        })
        .collect();
    let v = tiers::markov_clv(&chain, &margins, DISCOUNT, None)?;
    let ahead = tiers::project(&m.from_totals.iter().map(|&c| c as f64).collect::<Vec<f64>>(), &chain, 3)?;
    let rows: Vec<Vec<String>> =
        (0..4).map(|t| vec![names[t].to_owned(), cents(margins[t]), cents(v[t]), f(ahead[t], 0)]).collect();
    print!(
        "{}",
        table(
            &format!(
                "Markov-chain value per tier (margin {} % of spend, discount {} % a year, lapsed customers lost)",
                (MARGIN_RATE * Decimal::from(100)).normalize(),
                f(100.0 * DISCOUNT, 0)
            ),
            &["tier", "margin a year", "lifetime value", "year-1 customers 3 years on"],
            &rows
        )
    );
    Ok(())
}

fn tier_row(name: &str, t: &tiers::TierShare) -> Vec<String> {
    vec![
        name.to_owned(),
        t.customers.to_string(),
        share(t.customer_share),
        share(t.value_share),
        t.value_per_customer.map_or_else(|| "–".to_owned(), |v| f(v, 2)),
    ]
}

fn economics_section(shop: &Shop) -> Res {
    // The year-over-year retention the data show, and the yearly margin of a kept customer: the
    // mean year-2 spend of the retained, times the margin rate, in exact decimal arithmetic.
    let kept: Vec<usize> =
        (0..shop.customers.len()).filter(|&i| shop.purchases[0][i] > 0.0 && shop.purchases[1][i] > 0.0).collect();
    let year1 = shop.purchases[0].iter().filter(|&&p| p > 0.0).count();
    let retention = kept.len() as f64 / year1 as f64;
    let spend: Decimal = kept.iter().map(|&i| shop.spend[1][i]).sum();
    let margin = (spend / Decimal::from(kept.len()) * MARGIN_RATE).round_dp(2);
    let opts = ClvOptions { discount: DISCOUNT, ..ClvOptions::default() };
    let v = ret::clv(margin, retention, ACQUISITION_COST, &opts)?;
    let lift = ret::retention_impact(margin, retention, 0.05, &opts)?;
    let spend_ok = ret::break_even_retention_spend(margin, retention, 0.05, &opts)?;
    let pay = ret::payback(ACQUISITION_COST, margin, retention, &opts)?;
    let new_customers = (0..shop.customers.len()).filter(|&i| shop.purchases[0][i] == 0.0).count() as u64;
    let base = Cohort {
        customers: shop.purchases[1].iter().filter(|&&p| p > 0.0).count() as u64,
        margin,
        retention,
        acquisition_cost: Decimal::ZERO,
        acquired_in: 0,
    };
    let next = Cohort { customers: new_customers, acquisition_cost: ACQUISITION_COST, acquired_in: 1, ..base.clone() };
    let equity = ret::customer_equity(&[base.clone(), next.clone()], &opts)?;
    let rows = vec![
        vec![
            "yearly margin of a kept customer".into(),
            cents(margin),
            format!("margin rate {} % of the mean year-2 spend", (MARGIN_RATE * Decimal::from(100)).normalize()),
        ],
        vec!["retention, year over year".into(), share(retention), format!("kept {} of {}", kept.len(), year1)],
        vec![
            "CLV (Gupta & Lehmann)".into(),
            cents(v.gross),
            format!("margin multiple {}", v.margin_multiple.round_dp(2)),
        ],
        vec!["CLV net of acquisition".into(), cents(v.net), format!("acquisition cost {ACQUISITION_COST}")],
        vec![
            "CLV at +5 points of retention".into(),
            cents(lift.clv_after),
            format!("up {} (+{})", cents(lift.difference), share(lift.relative_change.unwrap_or(f64::NAN))),
        ],
        vec![
            "retention spend that breaks even".into(),
            cents(spend_ok.per_period),
            format!("a year per customer, or {} up front", cents(spend_ok.present_value)),
        ],
        vec![
            "payback of the acquisition cost".into(),
            pay.periods.map_or_else(|| "never".to_owned(), |p| format!("{p} years")),
            pay.simple_periods
                .map_or_else(String::new, |s| format!("simple payback {} years (no churn, no discounting)", f(s, 2))),
        ],
        vec![
            "customer equity".into(),
            cents(equity.equity),
            format!(
                "base of {} now ({}) + {} acquired next year ({})",
                base.customers,
                cents(equity.cohorts[0].value),
                next.customers,
                cents(equity.cohorts[1].value)
            ),
        ],
    ];
    print!(
        "{}",
        table(
            &format!("Retention economics, exact money (discount {} % a year)", f(100.0 * DISCOUNT, 0)),
            &["measure", "value", "note"],
            &rows
        )
    );
    Ok(())
}

fn models_section(shop: &Shop) -> Res {
    // Days as the clock (periods of one day), recency and T in weeks.
    let opts = SummaryOptions {
        period: Period::new(1, 0)?,
        observation_end: Some(LAST_DAY),
        freq_multiplier: 7.0,
        ..SummaryOptions::default()
    };
    let s = ret::summary_from_transactions(&shop.customer, &shop.day, Some(&shop.amount), &opts)?;
    let monetary = s.monetary_value.clone().unwrap_or_default();
    let fit = BetaGeo::fit(&s.frequency, &s.recency, &s.t, None, &FitOptions::default())?;
    let repeat: Vec<usize> = (0..s.len()).filter(|&i| s.frequency[i] > 0.0).collect();
    let (rf, rm): (Vec<f64>, Vec<f64>) = repeat.iter().map(|&i| (s.frequency[i], monetary[i])).unzip();
    let gg = GammaGamma::fit(&rf, &rm, None, &FitOptions::default())?;
    let independence = GammaGamma::independence_check(&rf, &rm)?;
    let (m, e, g) = (&fit.model, &fit.std_errors, &gg.model);
    println!("\nCustomer lifetime value from fitted models ({} customers, weeks)", s.len());
    println!(
        "  BG/NBD: r {} ± {}, α {} ± {} weeks, a {} ± {}, b {} ± {}; log-likelihood {}",
        f(m.r, 3),
        f(e.r, 3),
        f(m.alpha, 2),
        f(e.alpha, 2),
        f(m.a, 3),
        f(e.a, 3),
        f(m.b, 3),
        f(e.b, 3),
        f(fit.report.log_likelihood, 1)
    );
    println!(
        "  Gamma-Gamma on {} repeat customers: p {}, q {}, v {} (mean spend {}); frequency–spend correlation {}",
        repeat.len(),
        f(g.p, 2),
        f(g.q, 2),
        f(g.v, 2),
        f(g.p * g.v / (g.q - 1.0), 2),
        f(independence.correlation, 3)
    );
    let alive = fit.model.probability_alive_batch(&s.frequency, &s.recency, &s.t)?;
    let next_year = fit.model.conditional_expected_transactions_batch(52.0, &s.frequency, &s.recency, &s.t)?;
    let clv_opts = ModelClvOptions { months: 12, discount_rate: 0.01, time_unit: TimeUnit::Week };
    let value = customer_lifetime_value(&fit.model, &gg.model, &s.frequency, &s.recency, &s.t, &monetary, &clv_opts)?;
    let likely_gone = alive.iter().filter(|&&p| p < 0.5).count();
    println!(
        "  P(alive) below 50 % for {} customers ({}); {} purchases expected in the next 52 weeks; 12-month CLV {} in all",
        likely_gone,
        share(likely_gone as f64 / s.len() as f64),
        f(next_year.iter().sum::<f64>(), 0),
        f(value.iter().sum::<f64>(), 2)
    );
    let mut order: Vec<usize> = (0..s.len()).collect();
    order.sort_by(|&a, &b| value[b].total_cmp(&value[a]).then(a.cmp(&b)));
    let rows: Vec<Vec<String>> = order
        .iter()
        .take(10)
        .map(|&i| {
            vec![
                s.customer_id[i].to_string(),
                f(s.frequency[i], 0),
                f(s.recency[i], 1),
                f(s.t[i], 1),
                f(monetary[i], 2),
                share(alive[i]),
                f(next_year[i], 2),
                f(value[i], 2),
            ]
        })
        .collect();
    print!(
        "{}",
        table(
            "The ten most valuable customers: 12-month CLV (spend, discounted 1 % a month)",
            &["customer", "repeats", "recency", "T", "spend", "P(alive)", "next 52 wk", "CLV"],
            &rows
        )
    );
    Ok(())
}
