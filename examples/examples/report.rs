//! The example report: satisfaction and trust figures of the bundled (synthetic) sample data,
//! printed as aligned tables.
//!
//! `cargo run -p custometrics-examples --example report` (or `make demo`)

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
