//! The example report: satisfaction and trust figures of the bundled (synthetic) sample data,
//! the two loyalty matrices, the customer base of a shop's transaction log (ABC and Curry tiers,
//! Lorenz curve and Gini, RFM, BG/NBD and Gamma-Gamma fits, P(alive), CLV, retention economics in
//! exact money), and the assessment instruments (customer-orientation self-assessment, GB/T 19580
//! excellence scoring, weighted decision matrix with AHP weights), printed as aligned tables.
//!
//! `cargo run -p custometrics-examples --example report` (or `make demo`); with `--json` it prints
//! instead the figures the web app (`examples/web`) shows, at full precision, keyed by name: the
//! app's browser test compares its page with them.

use custometrics::assessment::{
    self as assess, AhpOptions, DecisionOptions, ExcellenceOptions, FrameItem, GBT19580, Normalise, ORIENTATION,
    OrientationOptions,
};
use custometrics::loyalty::{self, JonesSasserOptions};
use custometrics::retention::models::{
    BetaGeo, GammaGamma, MatrixExtent, ModelClvOptions, TimeUnit, TransactionModel, customer_lifetime_value,
};
use custometrics::retention::{self, ClvOptions, FitOptions, SummaryOptions};
use custometrics::satisfaction::{
    self as sat, CsatOptions, Design, DriverMethod, Importance, Instrument, KeyDriversOptions, Margin, NpsMethod,
    NpsOptions, ProportionMethod, RakeOptions, Scale,
};
use custometrics::tiers::{self, ABC_A, ABC_B, SegmentMap};
use custometrics::trust::{self, COMPONENTS, TrustScale};
use custometrics::{Column, Matrix, NanPolicy};
use custometrics_examples::{Table, Transactions, f, table};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::fmt::Write as _;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// What the report writes: its text, and the figures by name for `--json`.
#[derive(Default)]
struct Out {
    text: String,
    figures: Map<String, Value>,
}

impl Out {
    /// Records a figure under `key` (a number, a count, a decimal string or a label).
    fn fig(&mut self, key: &str, value: impl Into<Value>) {
        self.figures.insert(key.to_owned(), value.into());
    }
}

/// A line of the report's text.
macro_rules! say {
    ($o:expr, $($t:tt)*) => {{ let _ = writeln!($o.text, $($t)*); }};
}
/// Text without a new line (tables end with theirs).
macro_rules! put {
    ($o:expr, $($t:tt)*) => {{ let _ = write!($o.text, $($t)*); }};
}

fn main() -> Res {
    let json = match std::env::args().nth(1).as_deref() {
        None => false,
        Some("--json") => true,
        Some(other) => return Err(format!("unknown argument {other:?}: the report takes --json or nothing").into()),
    };
    let mut o = Out::default();
    let survey = Table::read("survey.csv")?;
    let servqual = Table::read("servqual.csv")?;
    let trust_data = Table::read("trust.csv")?;
    let complaints = Table::read("complaints.csv")?;
    say!(
        o,
        "custometrics example report: {} survey respondents, {} trust raters (synthetic data)",
        survey.rows.len(),
        trust_data.rows.len()
    );

    servqual_section(&mut o, &servqual)?;
    scores_section(&mut o, &survey)?;
    survey_statistics_section(&mut o, &survey)?;
    csi_ipa_section(&mut o, &survey)?;
    iceberg_section(&mut o, &complaints)?;
    trust_section(&mut o, &trust_data)?;
    loyalty_section(&mut o, &survey)?;
    customers_section(&mut o, &Transactions::read("transactions.csv")?)?;
    orientation_section(&mut o, &Table::read("orientation.csv")?)?;
    excellence_section(&mut o, &Table::read("examiners.csv")?)?;
    decision_section(&mut o, &Table::read("decision.csv")?, &Table::read("pairwise.csv")?)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&Value::Object(o.figures))?);
    } else {
        print!("{}", o.text);
    }
    Ok(())
}

fn servqual_section(o: &mut Out, t: &Table) -> Res {
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
        .zip(&d.importance)
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
    put!(
        o,
        "{}",
        table(
            "Attribute gaps (perception − expectation, 1–7 scale; weights = mean importance points)",
            &["attribute", "E", "P", "P − E", "weight %", "state"],
            &rows
        )
    );
    say!(o, "  overall weighted gap {} → {:?}", f(d.overall_gap, 3), d.overall_state);

    for (n, g) in s.dimensions.iter().zip(&s.sample.dimension_gaps) {
        o.fig(&format!("servqual.gap.{n}"), *g);
    }
    o.fig("servqual.unweighted", s.sample.unweighted);
    o.fig("servqual.weighted", s.sample.weighted);
    let rows: Vec<Vec<String>> =
        s.dimensions.iter().zip(&s.sample.dimension_gaps).map(|(n, g)| vec![n.clone(), f(*g, 3)]).collect();
    put!(o, "{}", table("SERVQUAL dimensions (22 items, Parasuraman et al. 1988)", &["dimension", "gap"], &rows));
    say!(
        o,
        "  unweighted SERVQUAL score {}   weighted {}",
        f(s.sample.unweighted, 3),
        f(s.sample.weighted.unwrap_or(f64::NAN), 3)
    );
    Ok(())
}

fn scores_section(o: &mut Out, t: &Table) -> Res {
    let csat = sat::csat(&t.column("csat")?, 5, 2, NanPolicy::Raise)?;
    let rate = sat::satisfaction_rate(&t.column("overall")?, 7.0, NanPolicy::Raise)?;
    let nps = sat::nps(&t.column("nps")?, &NpsOptions::default())?;
    let moe = sat::margin_of_error(csat.share, csat.n, 0.95, None)?;
    for (k, v) in [("score", nps.score), ("ciLow", nps.ci_low), ("ciHigh", nps.ci_high), ("stdError", nps.std_error)] {
        o.fig(&format!("nps.{k}"), v);
    }
    for (k, v) in
        [("promoters", nps.promoters), ("passives", nps.passives), ("detractors", nps.detractors), ("n", nps.n)]
    {
        o.fig(&format!("nps.{k}"), v);
    }
    o.fig("csat.percent", csat.percent);
    o.fig("csat.n", csat.n);
    o.fig("satisfactionRate.percent", rate.percent);
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
    put!(o, "{}", table("Satisfaction scores (intervals at 95 %)", &["measure", "value", "interval", "n"], &rows));
    say!(
        o,
        "  NPS: {} promoters, {} passives, {} detractors; standard error {} points",
        nps.promoters,
        nps.passives,
        nps.detractors,
        f(nps.std_error, 2)
    );
    let need = sat::sample_size(0.05, 0.95, 0.5, None)?;
    say!(o, "  a ±5-point margin at 95 % needs {} respondents (Cochran)", need.n);
    Ok(())
}

/// The survey's regions, by code (`region` column).
const REGIONS: [&str; 4] = ["north", "south", "east", "west"];

/// Survey statistics: NPS by region with intervals, each region against the rest (Holm), the
/// categories' chi-square test, a weighted estimate raked to the regions' population shares, the
/// interval methods side by side, and the change between the two waves. Text only: the web app
/// (which `--json`'s figures are for) does not show these.
fn survey_statistics_section(o: &mut Out, t: &Table) -> Res {
    let (scores, region, wave) = (t.column("nps")?, t.column("region")?, t.column("wave")?);
    let by_region = Design::segments(Column::from(&region[..]));
    let nps = sat::nps_survey(Column::from(&scores[..]), &by_region, &NpsOptions::default())?;
    let rest = sat::nps_versus_rest(Column::from(&scores[..]), &by_region, &NpsOptions::default())?;
    let mut rows = Vec::new();
    for (k, name) in REGIONS.iter().enumerate() {
        let (Some(Some(r)), Some(Some(v))) = (nps.segments.get(k), rest.get(k)) else { continue };
        rows.push(vec![
            (*name).to_owned(),
            r.n.to_string(),
            f(r.score, 1),
            format!("[{}, {}]", f(r.ci_low, 1), f(r.ci_high, 1)),
            f(v.difference, 1),
            p_value(v.p_value),
            p_value(v.p_holm),
        ]);
    }
    put!(
        o,
        "{}",
        table(
            "NPS by region (95 % Wald intervals; against the other regions, p adjusted by Holm's method)",
            &["region", "n", "NPS", "interval", "vs rest", "p", "p (Holm)"],
            &rows
        )
    );
    let chi = sat::nps_chi_square(Column::from(&scores[..]), &by_region, &NpsOptions::default())?;
    say!(
        o,
        "  promoter/passive/detractor mix by region: chi-square {} on {} df, p {}, Cramér's V {}",
        f(chi.statistic, 2),
        chi.dof,
        p_value(chi.p_value),
        f(chi.cramers_v, 3)
    );

    // The sample over-represents the north; the population is a quarter in each region.
    let shares = [0.25; 4];
    let targets: Vec<f64> = shares.iter().map(|s| s * scores.len() as f64).collect();
    let raked =
        sat::rake(&[Margin { codes: Column::from(&region[..]), targets: &targets }], None, &RakeOptions::default())?;
    let weighted = sat::nps_survey(
        Column::from(&scores[..]),
        &Design::weights(Column::from(&raked.weights[..])),
        &NpsOptions::default(),
    )?
    .total;
    say!(
        o,
        "  weighted to a quarter per region (raked in {} sweep(s)): NPS {} [{}, {}], effective n {} of {}",
        raked.iterations,
        f(weighted.score, 1),
        f(weighted.ci_low, 1),
        f(weighted.ci_high, 1),
        f(weighted.effective_n, 1),
        scores.len()
    );

    let mut rows = Vec::new();
    for (name, m) in [
        ("Wald", NpsMethod::Wald),
        ("adjusted Wald (Rocks 2016)", NpsMethod::AdjustedWald),
        ("bootstrap (10 000, seeded)", NpsMethod::Bootstrap),
        ("Bayes, Dirichlet(1, 1, 1) prior", NpsMethod::Bayes),
    ] {
        let r = sat::nps(&scores, &NpsOptions::default().with_method(m))?;
        rows.push(vec![name.to_owned(), f(r.score, 1), f(r.ci_low, 1), f(r.ci_high, 1)]);
    }
    let csat = t.column("csat")?;
    for (name, m) in [
        ("CSAT: Wilson", ProportionMethod::Wilson),
        ("CSAT: Agresti-Coull", ProportionMethod::AgrestiCoull),
        ("CSAT: Clopper-Pearson", ProportionMethod::ClopperPearson),
        ("CSAT: Wald", ProportionMethod::Wald),
    ] {
        let r = sat::csat_with(Column::from(&csat[..]), &CsatOptions::default().with_method(m))?;
        rows.push(vec![name.to_owned(), f(r.percent, 1), f(100.0 * r.ci_low, 1), f(100.0 * r.ci_high, 1)]);
    }
    put!(o, "{}", table("Intervals side by side (95 %)", &["method", "estimate", "low", "high"], &rows));

    let (first, second): (Vec<f64>, Vec<f64>) = {
        let pick = |w: f64| scores.iter().zip(&wave).filter(|(_, x)| **x == w).map(|(s, _)| *s).collect();
        (pick(1.0), pick(2.0))
    };
    let change = sat::nps_difference(&second, &first, &NpsOptions::default())?;
    say!(
        o,
        "  wave 2 against wave 1: NPS {} (n = {}) against {} (n = {}), a change of {} points [{}, {}], p {}",
        f(change.a.score, 1),
        change.a.n,
        f(change.b.score, 1),
        change.b.n,
        f(change.difference, 1),
        f(change.ci_low, 1),
        f(change.ci_high, 1),
        p_value(change.p_value)
    );

    // Which attributes drive the overall rating: the four performance ratings' shares of R².
    let (perf, cols) = t.block("perf_");
    let overall = t.column("overall")?;
    let attributes = Matrix::new("attributes", &perf, cols)?;
    let boot = KeyDriversOptions::default().with_resamples(Some(1000));
    let rw = sat::key_drivers(&overall, &attributes, &boot)?;
    let sh = sat::key_drivers(&overall, &attributes, &KeyDriversOptions::default().with_method(DriverMethod::Shapley))?;
    let (lo, hi) = (rw.ci_low.clone().unwrap_or_default(), rw.ci_high.clone().unwrap_or_default());
    let rows: Vec<Vec<String>> = ["product_quality", "service", "value", "complaint_handling"]
        .iter()
        .enumerate()
        .map(|(j, name)| {
            vec![
                (*name).to_owned(),
                f(rw.importance[j], 3),
                format!("[{}, {}]", f(lo[j], 3), f(hi[j], 3)),
                f(100.0 * rw.rescaled[j], 1),
                f(sh.importance[j], 3),
            ]
        })
        .collect();
    put!(
        o,
        "{}",
        table(
            &format!(
                "Key drivers of the overall rating: shares of R² = {} (relative weights with 95 % bootstrap intervals, 1 000 seeded resamples; Shapley values)",
                f(rw.r_squared, 3)
            ),
            &["attribute", "relative weight", "interval", "% of R²", "Shapley"],
            &rows
        )
    );
    Ok(())
}

fn csi_ipa_section(o: &mut Out, t: &Table) -> Res {
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
    o.fig("csi.stated", stated.index);
    o.fig("csi.derived", derived.index);
    o.fig("ipa.importanceCut", ipa.importance_cut);
    o.fig("ipa.performanceCut", ipa.performance_cut);
    for (j, name) in names.iter().enumerate() {
        o.fig(&format!("csi.importance.{name}"), imp_means[j]);
        o.fig(&format!("csi.performance.{name}"), stated.attribute_means[j]);
        o.fig(&format!("ipa.quadrant.{name}"), serde_json::to_value(ipa.quadrants[j])?);
    }
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
    put!(
        o,
        "{}",
        table(
            "Customer satisfaction index and importance–performance analysis (1–10 scale)",
            &["attribute", "importance", "performance", "index", "r(overall)", "IPA quadrant"],
            &rows
        )
    );
    say!(o, "  CSI (stated importance) {}   CSI (derived importance) {}", f(stated.index, 1), f(derived.index, 1));
    say!(
        o,
        "  IPA cuts: importance {}, performance {} (grand means)",
        f(ipa.importance_cut, 2),
        f(ipa.performance_cut, 2)
    );
    Ok(())
}

fn iceberg_section(o: &mut Out, t: &Table) -> Res {
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
    put!(
        o,
        "{}",
        table(
            "Complaint iceberg for the year (5 % complain, 35 % voice it elsewhere, 60 % stay silent)",
            &["told each", "formal", "voiced", "silent", "dissatisfied", "word of mouth"],
            &rows
        )
    );
    Ok(())
}

fn trust_section(o: &mut Out, t: &Table) -> Res {
    let cols: Vec<Vec<f64>> = COMPONENTS.iter().map(|c| t.column(c)).collect::<Result<_, _>>()?;
    let agg = trust::trust_over_raters(&cols[0], &cols[1], &cols[2], &cols[3], TrustScale::default())?;
    o.fig("trust.meanOfScores", agg.mean_of_scores);
    o.fig("trust.scoreOfMeans", agg.score_of_means);
    o.fig("trust.bestLever", agg.sensitivity.best_lever.clone());
    for (k, c) in COMPONENTS.iter().enumerate() {
        o.fig(&format!("trust.meanRating.{c}"), agg.mean_ratings[k]);
        o.fig(&format!("trust.gain.{c}"), agg.sensitivity.mean_gains[k]);
    }
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
    put!(
        o,
        "{}",
        table(
            "Trust equation T = (C + R + I) / S (Maister et al. 2000), 1–10 ratings",
            &["component", "mean rating", "gain of one point", "best lever for"],
            &rows
        )
    );
    say!(
        o,
        "  mean of individual T {}   T of mean ratings {}   n = {}",
        f(agg.mean_of_scores, 2),
        f(agg.score_of_means, 2),
        agg.n
    );
    say!(o, "  the lever that moves trust most: {}", agg.sensitivity.best_lever.as_deref().unwrap_or("none"));
    Ok(())
}

/// The Jones & Sasser matrix reads CSAT (1–5) as satisfaction and the 0–10 recommendation answer
/// as loyalty: 7 and up (passives and promoters) is high loyalty, promoters who are completely
/// satisfied are apostles, and a completely dissatisfied respondent at 0–2 is a terrorist. The web
/// app uses the same settings.
fn jones_sasser_options() -> Res<JonesSasserOptions> {
    Ok(JonesSasserOptions::default()
        .with_loyalty_scale(Scale::new(0.0, 10.0)?)
        .with_loyalty_cut(7.0)
        .with_apostle_loyalty(9.0)
        .with_terrorist_loyalty(2.0))
}

fn loyalty_section(o: &mut Out, t: &Table) -> Res {
    // Dick & Basu: relative attitude (the overall rating) against repeat patronage (purchases in
    // the last twelve months), both split at their medians.
    let d = loyalty::dick_basu(&t.column("overall")?, &t.column("purchases")?, None, None)?;
    let j = loyalty::jones_sasser(&t.column("csat")?, &t.column("nps")?, &jones_sasser_options()?)?;
    let c = &d.counts;
    let rows = vec![
        vec!["loyal".to_owned(), c.loyal.to_string(), f(100.0 * d.shares.loyal, 1)],
        vec!["latent".to_owned(), c.latent.to_string(), f(100.0 * d.shares.latent, 1)],
        vec!["spurious".to_owned(), c.spurious.to_string(), f(100.0 * d.shares.spurious, 1)],
        vec!["no loyalty".to_owned(), c.no_loyalty.to_string(), f(100.0 * d.shares.no_loyalty, 1)],
    ];
    put!(
        o,
        "{}",
        table(
            "Dick & Basu: attitude (overall rating) × repeat patronage (purchases in 12 months)",
            &["class", "respondents", "%"],
            &rows
        )
    );
    say!(
        o,
        "  high attitude from {} (median), high patronage from {} purchases (median)",
        f(d.attitude_threshold, 1),
        f(d.patronage_threshold, 1)
    );
    for (k, v) in [("loyal", c.loyal), ("latent", c.latent), ("spurious", c.spurious), ("noLoyalty", c.no_loyalty)] {
        o.fig(&format!("dickBasu.{k}"), v);
    }
    o.fig("dickBasu.attitudeThreshold", d.attitude_threshold);
    o.fig("dickBasu.patronageThreshold", d.patronage_threshold);

    let c = &j.counts;
    let cells = [
        ("loyalist", c.loyalist, "of them apostles", c.apostle),
        ("mercenary", c.mercenary, "", 0),
        ("hostage", c.hostage, "", 0),
        ("defector", c.defector, "of them terrorists", c.terrorist),
    ];
    let rows: Vec<Vec<String>> = cells
        .iter()
        .map(|(name, n, note, m)| {
            vec![(*name).to_owned(), n.to_string(), if note.is_empty() { String::new() } else { format!("{m} {note}") }]
        })
        .collect();
    put!(
        o,
        "{}",
        table(
            "Jones & Sasser: satisfaction (CSAT 1–5, high from 4) × loyalty (recommendation 0–10, high from 7)",
            &["quadrant", "respondents", "extremes"],
            &rows
        )
    );
    for (k, v) in [
        ("loyalist", c.loyalist),
        ("mercenary", c.mercenary),
        ("hostage", c.hostage),
        ("defector", c.defector),
        ("apostle", c.apostle),
        ("terrorist", c.terrorist),
    ] {
        o.fig(&format!("jonesSasser.{k}"), v);
    }
    Ok(())
}

/// The economics settings the web app also starts from: gross margin on sales, yearly discount
/// rate, cost of acquiring a customer, and the retention change to value.
const MARGIN_PERCENT: i64 = 30;
const DISCOUNT: f64 = 0.1;
const ACQUISITION_COST: i64 = 40;
const RETENTION_CHANGE: f64 = 0.05;
/// lifetimes-style CLV from the fitted models: 12 months at 1 % a month.
const CLV_MONTHS: u32 = 12;
const CLV_MONTHLY_DISCOUNT: f64 = 0.01;
const DAY_SECONDS: i64 = 86_400;

fn customers_section(o: &mut Out, t: &Transactions) -> Res {
    let times: Vec<i64> = t.day.iter().map(|d| d * DAY_SECONDS).collect();
    let amounts: Vec<f64> = t.cents.iter().map(|&c| c as f64 / 100.0).collect();
    // Weeks with fractions: purchases are counted by day, durations divided by 7.
    // Observed to the last purchase's day (the summary's default).
    let opts = SummaryOptions::default().with_freq_multiplier(7.0);
    let s = retention::summary_from_transactions(&t.customer, &times, Some(&amounts), &opts)?;
    let n = s.len();
    // Per customer (in the summary's order, sorted by id): total spend, purchases in the last twelve
    // months (the 365 days up to the log's last day) and before them.
    let (first_day, last_day) = (t.day.iter().min().copied().unwrap_or(0), t.day.iter().max().copied().unwrap_or(0));
    let current_from = last_day - 364;
    let index: std::collections::HashMap<&str, usize> =
        s.customer_id.iter().enumerate().map(|(i, c)| (c.as_str(), i)).collect();
    let (mut total_cents, mut year1, mut year2) = (vec![0_i64; n], vec![0.0; n], vec![0.0; n]);
    for k in 0..t.customer.len() {
        let i = index[t.customer[k].as_str()];
        total_cents[i] += t.cents[k];
        if t.day[k] < current_from { year1[i] += 1.0 } else { year2[i] += 1.0 }
    }
    let value: Vec<f64> = total_cents.iter().map(|&c| c as f64 / 100.0).collect();
    let date = |d: i64| {
        let (y, m, d) = custometrics_examples::civil_from_days(d);
        format!("{y}-{m:02}-{d:02}")
    };
    say!(
        o,
        "\nCustomer base: {} purchases by {} customers, {} to {}",
        t.customer.len(),
        n,
        date(first_day),
        date(last_day)
    );
    o.fig("customers.n", n);
    o.fig("customers.transactions", t.customer.len());

    // Tiers by total spend.
    let abc = tiers::abc(&value, ABC_A, ABC_B)?;
    let curry = tiers::curry(&value)?;
    let lorenz = tiers::lorenz(&value, 100)?;
    let total: f64 = value.iter().sum();
    let mut rows = Vec::new();
    for (name, labels, names) in [
        ("abc", &abc, &["A", "B", "C"][..]),
        ("curry", &curry, &["top 1 %", "next 4 %", "next 15 %", "bottom 80 %"][..]),
    ] {
        for (k, label) in names.iter().enumerate() {
            let members: Vec<usize> = (0..n).filter(|&i| usize::from(labels[i]) == k).collect();
            let share = members.iter().map(|&i| value[i]).sum::<f64>() / total;
            rows.push(vec![name.to_owned(), (*label).to_owned(), members.len().to_string(), f(100.0 * share, 1)]);
            o.fig(&format!("{name}.customers.{k}"), members.len());
        }
    }
    put!(
        o,
        "{}",
        table(
            "Tiers by total spend (ABC: 80 % / 95 % of value; Curry: 1/4/15/80 %)",
            &["scheme", "tier", "customers", "value %"],
            &rows
        )
    );
    say!(o, "  Gini {}", f(lorenz.gini, 3));
    o.fig("gini", lorenz.gini);

    // RFM: weeks since the last purchase, purchase days, total spend; quintiles.
    let since: Vec<f64> = s.t.iter().zip(&s.recency).map(|(t, r)| t - r).collect();
    let days: Vec<f64> = s.frequency.iter().map(|x| x + 1.0).collect();
    let rfm = tiers::rfm_scores(&since, &days, &value, 5)?;
    let seg = tiers::rfm_segments(&rfm.r, &rfm.f, &rfm.m, &SegmentMap::standard())?;
    let rows: Vec<Vec<String>> = seg
        .names
        .iter()
        .zip(&seg.counts)
        .filter(|(_, c)| **c > 0)
        .map(|(s, c)| vec![s.clone(), c.to_string()])
        .collect();
    put!(
        o,
        "{}",
        table(
            "RFM segments (quintile scores 1–5; recency = weeks since the last purchase)",
            &["segment", "customers"],
            &rows
        )
    );
    for (name, c) in seg.names.iter().zip(&seg.counts) {
        o.fig(&format!("rfm.segment.{name}"), *c);
    }

    // The models of repeat buying, in weeks.
    let monetary = s.monetary_value.clone().unwrap_or_default();
    let bg = BetaGeo::fit(&s.frequency, &s.recency, &s.t, None, &FitOptions::default())?;
    let repeat: Vec<usize> = (0..n).filter(|&i| s.frequency[i] > 0.0).collect();
    let rf: Vec<f64> = repeat.iter().map(|&i| s.frequency[i]).collect();
    let rm: Vec<f64> = repeat.iter().map(|&i| monetary[i]).collect();
    let gg = GammaGamma::fit(&rf, &rm, None, &FitOptions::default())?;
    let alive = bg.model.probability_alive_batch(&s.frequency, &s.recency, &s.t)?;
    let extent = MatrixExtent::from_data(&s.frequency, &s.recency, &s.t)?;
    let grid = bg.model.probability_alive_matrix(extent.max_frequency, extent.max_recency)?;
    let clv_opts = ModelClvOptions::default()
        .with_months(CLV_MONTHS)
        .with_discount_rate(CLV_MONTHLY_DISCOUNT)
        .with_time_unit(TimeUnit::Week);
    let clv = customer_lifetime_value(&bg.model, &gg.model, &s.frequency, &s.recency, &s.t, &monetary, &clv_opts)?;
    let m = &bg.model;
    say!(
        o,
        "\nBG/NBD (weeks): r {} alpha {} a {} b {}; log-likelihood {}",
        f(m.r, 4),
        f(m.alpha, 4),
        f(m.a, 4),
        f(m.b, 4),
        f(bg.report.log_likelihood, 3)
    );
    let g = &gg.model;
    say!(
        o,
        "Gamma-Gamma ({} repeat customers): p {} q {} v {}; log-likelihood {}",
        rf.len(),
        f(g.p, 4),
        f(g.q, 4),
        f(g.v, 4),
        f(gg.report.log_likelihood, 3)
    );
    for (k, v) in [("r", m.r), ("alpha", m.alpha), ("a", m.a), ("b", m.b), ("logLikelihood", bg.report.log_likelihood)]
    {
        o.fig(&format!("bgnbd.{k}"), v);
    }
    for (k, v) in [("p", g.p), ("q", g.q), ("v", g.v), ("logLikelihood", gg.report.log_likelihood)] {
        o.fig(&format!("gammaGamma.{k}"), v);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let alive_mean = mean(&alive);
    let cells: Vec<f64> = grid.rows().flatten().copied().collect();
    say!(
        o,
        "  mean P(alive) {}; P(alive) grid {} recencies × {} frequencies",
        f(alive_mean, 4),
        grid.n_rows(),
        grid.n_cols()
    );
    o.fig("palive.mean", alive_mean);
    o.fig("palive.gridRows", grid.n_rows());
    o.fig("palive.gridCols", grid.n_cols());
    o.fig("palive.gridMean", mean(&cells));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| clv[b].total_cmp(&clv[a]).then(a.cmp(&b)));
    let clv_total: f64 = clv.iter().sum();
    o.fig("clv.total", clv_total);
    o.fig("clv.mean", clv_total / n as f64);
    let rows: Vec<Vec<String>> = order
        .iter()
        .take(5)
        .enumerate()
        .map(|(k, &i)| {
            o.fig(&format!("clv.top.{k}.id"), s.customer_id[i].clone());
            o.fig(&format!("clv.top.{k}.value"), clv[i]);
            vec![(k + 1).to_string(), s.customer_id[i].clone(), f(s.frequency[i], 0), f(alive[i], 3), f(clv[i], 2)]
        })
        .collect();
    put!(
        o,
        "{}",
        table(
            &format!(
                "Top customers by CLV (next {CLV_MONTHS} months, {} % a month)",
                f(100.0 * CLV_MONTHLY_DISCOUNT, 0)
            ),
            &["rank", "customer", "repeats", "P(alive)", "CLV"],
            &rows
        )
    );
    say!(o, "  total CLV {}, mean {}", f(clv_total, 2), f(clv_total / n as f64, 2));

    // Retention economics in exact money: the customers who bought before the last twelve months
    // and bought again in them, and the yearly margin of a customer of the last twelve months (their
    // mean spend × the margin, rounded half up to the cent).
    let k = loyalty::loyalty_indicators(&year1, &year2, None, None)?;
    let (sum2, active2) = (0..n).filter(|&i| year2[i] > 0.0).fold((0_i64, 0_i64), |(s, c), i| {
        let spent: i64 = (0..t.customer.len())
            .filter(|&j| t.day[j] >= current_from && index[t.customer[j].as_str()] == i)
            .map(|j| t.cents[j])
            .sum();
        (s + spent, c + 1)
    });
    let margin_cents = (sum2 * MARGIN_PERCENT + 50 * active2) / (100 * active2);
    let margin = Decimal::new(margin_cents, 2);
    let acquisition = Decimal::from(ACQUISITION_COST);
    let clv_opts = ClvOptions::default().with_discount(DISCOUNT);
    let v = retention::clv(margin, k.retention_rate, acquisition, &clv_opts)?;
    let imp = retention::retention_impact(margin, k.retention_rate, RETENTION_CHANGE, &clv_opts)?;
    let pay = retention::payback(acquisition, margin, k.retention_rate, &clv_opts)?;
    let rows = vec![
        vec![
            "yearly retention (earlier buyers buying in the last 12 months)".to_owned(),
            f(100.0 * k.retention_rate, 1),
        ],
        vec![
            format!("yearly margin per customer ({MARGIN_PERCENT} % of the last 12 months' spend)"),
            margin.to_string(),
        ],
        vec![format!("CLV at {} % a year", f(100.0 * DISCOUNT, 0)), v.gross.to_string()],
        vec![format!("CLV net of {ACQUISITION_COST} acquisition"), v.net.to_string()],
        vec![format!("CLV at retention + {} points", f(100.0 * RETENTION_CHANGE, 0)), imp.clv_after.to_string()],
        vec!["gain per customer".to_owned(), imp.difference.to_string()],
        vec!["payback (years)".to_owned(), pay.periods.map_or_else(|| "never".to_owned(), |p| p.to_string())],
    ];
    put!(o, "{}", table("Retention economics (exact money)", &["measure", "value"], &rows));
    o.fig("economics.retention", k.retention_rate);
    o.fig("economics.margin", margin.to_string());
    o.fig("economics.clv", v.gross.to_string());
    o.fig("economics.clvNet", v.net.to_string());
    o.fig("economics.clvAfter", imp.clv_after.to_string());
    o.fig("economics.difference", imp.difference.to_string());
    o.fig("economics.payback", pay.periods);
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

fn orientation_section(o: &mut Out, t: &Table) -> Res {
    let (answers, cols) = t.block("q");
    let groups: Vec<String> = t
        .column("department")?
        .iter()
        .map(|&d| {
            DEPARTMENTS.get((d as usize).wrapping_sub(1)).map_or_else(|| format!("department {d}"), |s| (*s).to_owned())
        })
        .collect();
    let opts = OrientationOptions::default().with_nan_policy(NanPolicy::Omit);
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
    put!(
        o,
        "{}",
        table(
            "Customer-orientation self-assessment: mean share of each category's maximum by department, %",
            &header,
            &rows
        )
    );
    let all = &r.all.overall;
    say!(
        o,
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
        say!(o, "  weakest category, {}: {}", g.group, weakest(&g.categories));
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
    put!(
        o,
        "{}",
        table(
            "Widest gap between departments (share points, Welch's t-test, uncorrected) and agreement within each (r_wg; 0.7 = agrees)",
            &header,
            &rows
        )
    );
    Ok(())
}

fn excellence_section(o: &mut Out, t: &Table) -> Res {
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
    put!(
        o,
        "{}",
        table(
            &format!("Excellence scoring in the frame of GB/T 19580, consensus of {} examiners", r.examiners.len()),
            &["category", "name", "kind", "points", "median pts", "median %", "mean pts"],
            &rows
        )
    );
    let totals: Vec<String> = r.examiners.iter().map(|e| f(e.total, 1)).collect();
    say!(
        o,
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
    put!(
        o,
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
    put!(
        o,
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
    say!(
        o,
        "  for the consensus meeting: {}",
        if items.is_empty() { "no unit beyond the threshold".to_owned() } else { items.join(", ") }
    );
    Ok(())
}

/// The criteria of `decision.csv` (its `criterion` codes 1–5) and the columns of `pairwise.csv`.
const CRITERIA: [&str; 5] = ["quality", "delivery", "service", "flexibility", "price"];

fn decision_section(o: &mut Out, t: &Table, pairwise: &Table) -> Res {
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
    let opts = DecisionOptions::default()
        .with_criteria(Some(criteria.clone()))
        .with_alternatives(Some(alternatives.clone()))
        .with_cost(Some(cost.clone()))
        .with_normalise(Normalise::MinMax);
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
    put!(
        o,
        "{}",
        table(
            &format!("Weighted decision matrix (min–max normalised scores; weights %: {})", weight_list.join(", ")),
            &header,
            &rows
        )
    );
    let best: Vec<&str> = d.best.iter().map(|&a| alternatives[a].as_str()).collect();
    say!(
        o,
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
    put!(
        o,
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
    put!(
        o,
        "{}",
        table(
            "Criteria weights from the team's pairwise comparisons (AHP, Saaty 1–9 scale)",
            &["criterion", "points %", "AHP %"],
            &rows
        )
    );
    say!(
        o,
        "  λmax {}   CI {}   CR {}{}",
        f(h.lambda_max, 3),
        f(h.ci, 3),
        h.cr.map_or_else(|| "–".to_owned(), |c| f(c, 3)),
        if h.inconsistent { "  (above 0.1: revisit the judgements)" } else { "  (≤ 0.1: consistent enough)" }
    );
    let order: Vec<String> =
        by_ahp.order.iter().map(|&a| format!("{} {}", alternatives[a], f(by_ahp.totals[a], 3))).collect();
    say!(o, "  ranking with the AHP weights: {}", order.join(", "));
    Ok(())
}
