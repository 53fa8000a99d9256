//! The example report: satisfaction and trust figures of the bundled (synthetic) sample data,
//! and the assessment instruments (customer-orientation self-assessment, GB/T 19580 excellence
//! scoring, weighted decision matrix with AHP weights), printed as aligned tables.
//!
//! `cargo run -p custometrics-examples --example report` (or `make demo`)

use custometrics::assessment::{
    self as assess, AhpOptions, DecisionOptions, ExcellenceOptions, FrameItem, GBT19580, Normalise, ORIENTATION,
    OrientationOptions,
};
use custometrics::satisfaction::{self as sat, Importance, Instrument, NpsOptions, Scale};
use custometrics::trust::{self, COMPONENTS, TrustScale};
use custometrics::{Matrix, NanPolicy};
use custometrics_examples::{Table, f, table};

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
