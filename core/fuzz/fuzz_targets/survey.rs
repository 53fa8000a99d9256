//! The survey statistics (means, NPS, CSAT and the satisfaction rate, CSI, SERVQUAL, IPA,
//! disconfirmation, key drivers, raking) on arbitrary answers, segment codes, weights, scales
//! and options: an error or a result, never a panic, and an `Ok` result (NaN not propagated)
//! holds finite numbers and intervals that lie on the estimate's scale and contain it.
//!
//! The bytes are a header (the scale, the options, the shape of the design) and then rows, one
//! per respondent: a segment code, a weight and `2 · cols + 1` answers. Each answer is a byte
//! that picks mostly a whole score on the scale the function reads (0..=10 for NPS, the CSAT
//! scale, the mean's scale), sometimes NaN, ±inf, huge, tiny, subnormal or off-scale values, or
//! the next eight bytes as raw bits. Options are built as JSON and read through serde, as the
//! bindings read them, so odd option values (NaN as `"NaN"`, zero, negative) are fuzzed too.
#![no_main]

use custometrics::satisfaction::{
    self as sat, BySegment, CsatOptions, CsiOptions, Design, DisconfirmationOptions, DriverMethod, Instrument,
    IpaImportance, IpaOptions, KeyDriversOptions, Margin, Mean, MeanStream, Nps, NpsMethod, NpsOptions,
    ProportionDifference, RakeOptions, RateOptions, ServqualOptions, Share, Trend,
};
use custometrics::{Column, Matrix, NanPolicy};
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

/// Reads the bytes front to back; past the end every byte is 0.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn raw(&mut self) -> f64 {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.byte();
        }
        f64::from_le_bytes(b)
    }

    fn left(&self) -> usize {
        self.data.len().saturating_sub(self.at)
    }
}

/// One answer as read: the byte that picks it and, for raw bits, the value.
#[derive(Clone, Copy)]
struct Cell {
    kind: u8,
    raw: f64,
}

impl Cell {
    fn read(b: &mut Bytes<'_>) -> Self {
        let kind = b.byte();
        let raw = if kind == 238 { b.raw() } else { 0.0 };
        Self { kind, raw }
    }

    /// The answer on the scale `(lo, hi)`: mostly a whole score on it (or one of 16 evenly
    /// spaced points on a scale that is not a short run of whole numbers).
    fn on(self, (lo, hi): (f64, f64)) -> f64 {
        let point = |t: u8| {
            let width = hi - lo;
            if lo.fract() == 0.0 && hi.fract() == 0.0 && (1.0..=20.0).contains(&width) {
                lo + f64::from(t) % (width + 1.0)
            } else {
                let s = f64::from(t) / 15.0;
                (lo * (1.0 - s) + hi * s).clamp(lo.min(hi), hi.max(lo))
            }
        };
        match self.kind {
            224 => f64::NAN,
            225 => f64::INFINITY,
            226 => f64::NEG_INFINITY,
            227 => 1e300,
            228 => -1e300,
            229 => 5e-324,
            230 => 1e-300,
            231 => -0.0,
            232 => lo - 1.0,
            233 => hi + 1.0,
            234 => lo + 0.5,
            235 => hi,
            236 => lo,
            237 => f64::MAX,
            238 => self.raw,
            239 => lo / 2.0 + hi / 2.0,
            k => point(k % 16),
        }
    }
}

/// A float as the bindings' JSON carries it: a number, or `"NaN"`, `"inf"`, `"-inf"`.
fn jf(x: f64) -> Value {
    match serde_json::Number::from_f64(x) {
        Some(n) => Value::Number(n),
        None if x.is_nan() => json!("NaN"),
        None if x > 0.0 => json!("inf"),
        None => json!("-inf"),
    }
}

fn confidence(b: &mut Bytes<'_>) -> f64 {
    let k = b.byte();
    match k % 16 {
        0..=5 => 0.95,
        6 => 0.5,
        7 => 0.99,
        8 => 0.8,
        9 => 1.0 - 1e-12,
        10 => 1e-12,
        11 => 1.0 - f64::EPSILON / 2.0,
        12 => [0.0, 1.0, -0.5, f64::NAN][usize::from(k >> 4) % 4],
        13 => 5e-324,
        14 => 0.999_999,
        _ => b.raw(),
    }
}

fn scale(b: &mut Bytes<'_>) -> (f64, f64) {
    let k = b.byte();
    match k % 24 {
        0..=3 => (0.0, 10.0),
        4..=7 => (1.0, 5.0),
        8..=10 => (1.0, 7.0),
        11 => (1.0, 10.0),
        12 => (0.0, 1.0),
        13 => (-3.0, 3.0),
        14 => (1.0, 1.0 + f64::EPSILON),
        15 => (0.0, 5e-324),
        16 => (-1e300, 1e300),
        17 => (-f64::MAX, f64::MAX),
        18 => (1e300, 1.7e308),
        19 => (-1e-300, 1e-300),
        20 => (5.0, 1.0),
        21 => (0.0, f64::NAN),
        22 => (1e15, 1e15 + 4.0),
        _ => (b.raw(), b.raw()),
    }
}

fn nan_policy(k: u8) -> &'static str {
    ["raise", "omit", "propagate"][usize::from(k) % 3]
}

fn segment_code(k: u8) -> f64 {
    match k {
        0..=199 => f64::from(k % 4),
        200..=229 => f64::from(k % 10),
        230 => -1.0,
        231 => 0.5,
        232 => f64::NAN,
        233 => f64::INFINITY,
        234 => 1e9,
        235 => 10_000.0,
        236 => 9_999.0,
        237 => -0.0,
        238 => 2f64.powi(53),
        _ => f64::from(k - 239),
    }
}

fn weight(k: u8) -> f64 {
    match k {
        0..=149 => 1.0,
        150..=169 => f64::from(k - 148) / 2.0,
        170..=179 => 0.0,
        180 => 1e-100,
        181 => 1e100,
        182 => 1e-101,
        183 => 1.1e100,
        184 => 5e-324,
        185 => f64::NAN,
        186 => -1.0,
        187 => f64::INFINITY,
        188..=199 => 10f64.powi(i32::from(k) - 194),
        200..=219 => 10f64.powi((i32::from(k) - 210) * 10),
        _ => 10f64.powi(-(i32::from(k) - 220) * 3),
    }
}

fn policy_of(word: &str) -> NanPolicy {
    match word {
        "omit" => NanPolicy::Omit,
        "propagate" => NanPolicy::Propagate,
        _ => NanPolicy::Raise,
    }
}

/// An estimate and its interval: finite, low ≤ estimate ≤ high, inside [lo, hi].
fn check_interval(what: &str, (est, low, high): (f64, f64, f64), (lo, hi): (f64, f64), contains: bool) {
    assert!(est.is_finite() && low.is_finite() && high.is_finite(), "{what}: not finite: {est} [{low}, {high}]");
    assert!(low <= high, "{what}: low {low} > high {high}");
    assert!(lo <= low && high <= hi, "{what}: [{low}, {high}] leaves [{lo}, {hi}]");
    assert!(lo <= est && est <= hi, "{what}: estimate {est} leaves [{lo}, {hi}]");
    if contains {
        assert!(low <= est && est <= high, "{what}: [{low}, {high}] misses {est}");
    }
}

fn check_p(what: &str, p: f64) {
    assert!((0.0..=1.0).contains(&p), "{what}: p = {p}");
}

fn check_mean(what: &str, m: &Mean, scale: (f64, f64)) {
    check_interval(what, (m.mean, m.ci_low, m.ci_high), scale, true);
    assert!(m.std_error.is_finite() && m.std_error >= 0.0, "{what}: std_error {}", m.std_error);
    assert!(m.effective_n.is_finite() && m.effective_n > 0.0, "{what}: effective_n {}", m.effective_n);
    assert!(!m.dof.is_nan(), "{what}: dof NaN");
}

fn check_means(what: &str, r: &BySegment<Mean>, scale: (f64, f64)) {
    check_mean(what, &r.total, scale);
    for m in r.segments.iter().flatten() {
        check_mean(what, m, scale);
    }
}

fn check_nps(what: &str, n: &Nps) {
    // Only Wald's interval is centred on the score; the adjusted Wald is centred on the adjusted
    // score, and the bootstrap's and the posterior's are percentile intervals, which on a
    // unanimous sample (or with the prior's pull) need not reach the raw score.
    let contains = n.method == NpsMethod::Wald;
    check_interval(what, (n.score, n.ci_low, n.ci_high), (-100.0, 100.0), contains);
    assert!(n.std_error.is_finite() && n.std_error >= 0.0, "{what}: std_error {}", n.std_error);
    assert!(n.effective_n.is_finite() && n.effective_n > 0.0, "{what}: effective_n {}", n.effective_n);
    if let Some(p) = n.prob_above {
        check_p(what, p);
    }
}

fn check_share(what: &str, s: &Share) {
    check_interval(what, (s.share, s.ci_low, s.ci_high), (0.0, 1.0), true);
    assert!(s.std_error.is_finite() && s.std_error >= 0.0, "{what}: std_error {}", s.std_error);
    assert!((0.0..=100.0).contains(&s.percent), "{what}: percent {}", s.percent);
    assert!(s.effective_n.is_finite() && s.effective_n > 0.0, "{what}: effective_n {}", s.effective_n);
}

fn check_shares(what: &str, r: &BySegment<Share>) {
    check_share(what, &r.total);
    for s in r.segments.iter().flatten() {
        check_share(what, s);
    }
}

fn check_difference(what: &str, d: &ProportionDifference) {
    check_share(what, &d.a);
    check_share(what, &d.b);
    check_interval(what, (d.difference, d.ci_low, d.ci_high), (-1.0, 1.0), true);
    assert!(d.std_error.is_finite() && d.z.is_finite(), "{what}: se {} z {}", d.std_error, d.z);
    check_p(what, d.p_value);
}

fn check_trend<T>(what: &str, t: &Trend<T>, each: impl Fn(&T)) {
    for p in t.periods.iter().flatten() {
        each(p);
    }
    let (s, l, h) = (t.slope, t.ci_low, t.ci_high);
    assert!(s.is_finite() && l.is_finite() && h.is_finite(), "{what}: slope {s} [{l}, {h}]");
    assert!(l <= s && s <= h, "{what}: [{l}, {h}] misses the slope {s}");
    assert!(t.std_error.is_finite() && t.std_error >= 0.0, "{what}: std_error {}", t.std_error);
    check_p(what, t.p_value);
}

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes { data, at: 0 };
    let range = scale(&mut b);
    let conf = confidence(&mut b);
    let policy = nan_policy(b.byte());
    let flags = b.byte();
    let cols = 2 + usize::from(b.byte() % 3);
    let n_segments = match b.byte() % 8 {
        0 => Some(0),
        1 => Some(1),
        2 => Some(3),
        3 => Some(10_001),
        _ => None,
    };
    let method = b.byte();
    let nps_method = ["wald", "adjusted_wald", "bootstrap", "bayes", "wald"][usize::from(method % 5)];
    let prop_method = ["wilson", "agresti_coull", "clopper_pearson", "wald", "wilson"][usize::from(method / 5 % 5)];
    let extra = b.byte();
    let (resamples, prior, threshold) = match extra % 8 {
        0 => (99, 1.0, 0.0),
        1 => (100, 0.0, 0.0),
        2 => (100, 1e-300, 100.0),
        3 => (100, 1e300, -100.0),
        4 => (100, f64::NAN, 0.0),
        5 => (100, 0.5, 101.0),
        _ => (100, 1.0, 0.0),
    };

    let mut rows = Vec::new();
    let per_row = 2 + 2 * cols + 1;
    while b.left() >= per_row && rows.len() < 64 {
        let seg = b.byte();
        let w = b.byte();
        let cells: Vec<Cell> = (0..2 * cols + 1).map(|_| Cell::read(&mut b)).collect();
        rows.push((seg, w, cells));
    }
    let n = rows.len();
    let codes: Vec<f64> = rows.iter().map(|r| segment_code(r.0)).collect();
    let weights: Vec<f64> = rows.iter().map(|r| weight(r.1)).collect();
    let codes32: Vec<i32> = codes.iter().map(|&c| c as i32).collect();
    let design = Design {
        segments: (flags & 1 != 0).then(|| if flags & 16 != 0 { Column::I32(&codes32) } else { Column::F64(&codes) }),
        weights: (flags & 2 != 0).then_some(Column::F64(&weights)),
        n_segments: n_segments.filter(|_| flags & 4 != 0),
    };
    let column = |j: usize, on: (f64, f64)| -> Vec<f64> { rows.iter().map(|r| r.2[j].on(on)).collect() };
    let matrix = |from: usize, on: (f64, f64)| -> Vec<f64> {
        rows.iter().flat_map(|r| r.2[from..from + cols].iter().map(move |c| c.on(on))).collect()
    };
    let propagate = policy == "propagate";
    let raise = policy == "raise";
    if std::env::var_os("SURVEY_SHOW").is_some() {
        // To read a crash: SURVEY_SHOW=1 <the fuzz binary> <the artifact>.
        let firsts = [column(0, range), column(0, (0.0, 10.0)), column(cols, range)];
        eprintln!(
            "scale {range:?} confidence {conf} {policy} flags {flags:#010b} cols {cols} n_segments {n_segments:?}"
        );
        eprintln!(
            "methods {nps_method} {prop_method} extra {extra}: resamples {resamples} prior {prior} threshold {threshold}"
        );
        eprintln!(
            "codes {codes:?}\nweights {weights:?}\nfirst column {:?}\non 0..=10 {:?}\nb {:?}",
            firsts[0], firsts[1], firsts[2]
        );
    }

    // Means on the scale.
    let a = column(0, range);
    let b_col = column(cols, range);
    let a32: Vec<f32> = a.iter().map(|&x| x as f32).collect();
    let values = if flags & 32 != 0 { Column::F32(&a32) } else { Column::F64(&a) };
    let np = policy_of(policy);
    let survey = sat::mean_survey(values, range, &design, conf, np);
    if let (Ok(r), false) = (&survey, propagate) {
        check_means("mean_survey", r, range);
    }
    if let Ok(mut stream) = MeanStream::new(range, conf, np) {
        let (x, y) = a.split_at(n / 2);
        let pushed = stream.push(x).and_then(|()| stream.push(y));
        let whole = sat::mean_survey(Column::F64(&a), range, &Design::default(), conf, np);
        match (pushed.and_then(|()| stream.finish()), whole) {
            (Ok(s), Ok(w)) => {
                if !propagate {
                    check_mean("MeanStream", &s, range);
                    assert_eq!(s, w.total, "MeanStream differs from mean_survey");
                }
            }
            (Err(_), Err(_)) => {}
            (s, w) => panic!("MeanStream {s:?} but mean_survey {w:?}"),
        }
    }
    if let (Ok(t), false) = (sat::mean_versus_rest(values, range, &design, conf, np), propagate) {
        let width = range.1 - range.0;
        for v in t.iter().flatten() {
            let d = &v.test;
            check_interval("mean_versus_rest", (d.difference, d.ci_low, d.ci_high), (-width, width), true);
            check_p("mean_versus_rest", d.p_value);
            assert!(v.p_holm >= d.p_value && v.p_holm <= 1.0, "mean_versus_rest: p_holm {}", v.p_holm);
        }
    }
    let wa = (flags & 8 != 0).then_some(Column::F64(&weights));
    let wb = (flags & 64 != 0).then_some(Column::F64(&weights));
    if let (Ok(d), false) =
        (sat::mean_difference(Column::F64(&a), Column::F64(&b_col), range, (wa, wb), conf, np), propagate)
    {
        let width = range.1 - range.0;
        check_mean("mean_difference a", &d.a, range);
        check_mean("mean_difference b", &d.b, range);
        check_interval("mean_difference", (d.difference, d.ci_low, d.ci_high), (-width, width), true);
        check_p("mean_difference", d.p_value);
    }
    if let (Ok(t), false) = (sat::mean_trend(values, range, &design, conf, np), propagate) {
        check_trend("mean_trend", &t, |m| check_mean("mean_trend period", m, range));
    }

    // NPS on 0..=10.
    let nps_json = json!({
        "confidence": jf(conf), "nan_policy": policy, "method": nps_method,
        "prior": jf(prior), "threshold": jf(threshold), "resamples": resamples, "seed": u64::from(extra),
    });
    if let Ok(o) = serde_json::from_value::<NpsOptions>(nps_json) {
        let s = column(0, (0.0, 10.0));
        let s2 = column(cols, (0.0, 10.0));
        let scores = Column::F64(&s);
        if let (Ok(r), false) = (sat::nps_survey(scores, &design, &o), propagate) {
            check_nps("nps_survey", &r.total);
            for x in r.segments.iter().flatten() {
                check_nps("nps_survey segment", x);
            }
        }
        if let (Ok(t), false) = (sat::nps_versus_rest(scores, &design, &o), propagate) {
            for v in t.iter().flatten() {
                check_interval("nps_versus_rest", (v.difference, v.ci_low, v.ci_high), (-200.0, 200.0), true);
                assert!(v.score.abs() <= 100.0 && v.rest_score.abs() <= 100.0, "nps_versus_rest: {v:?}");
                check_p("nps_versus_rest", v.p_value);
                check_p("nps_versus_rest holm", v.p_holm);
            }
        }
        if let (Ok(c), false) = (sat::nps_chi_square(scores, &design, &o), propagate) {
            assert!(c.statistic.is_finite() && c.statistic >= 0.0, "nps_chi_square: {c:?}");
            check_p("nps_chi_square", c.p_value);
            assert!((0.0..=1.0).contains(&c.cramers_v), "nps_chi_square: {c:?}");
            assert!(c.min_expected.is_finite() && c.min_expected >= 0.0, "nps_chi_square: {c:?}");
        }
        if let (Ok(t), false) = (sat::nps_trend(scores, &design, &o), propagate) {
            check_trend("nps_trend", &t, |x| check_nps("nps_trend period", x));
        }
        if let (Ok(d), false) = (sat::nps_difference(&s, &s2, &o), propagate) {
            check_nps("nps_difference a", &d.a);
            check_nps("nps_difference b", &d.b);
            check_interval("nps_difference", (d.difference, d.ci_low, d.ci_high), (-200.0, 200.0), true);
            check_p("nps_difference", d.p_value);
        }
    }

    // CSAT on 1..=scale_points and the satisfaction rate on the scale.
    let (points, top) = match extra / 8 % 8 {
        0 => (0, 1),
        1 => (1, 1),
        2 => (7, 2),
        3 => (10, 0),
        4 => (5, 6),
        5 => (u32::MAX, 3),
        _ => (5, 2),
    };
    let csat_json = json!({
        "scale_points": points, "top_k": top, "nan_policy": policy, "method": prop_method, "confidence": jf(conf),
    });
    if let Ok(o) = serde_json::from_value::<CsatOptions>(csat_json) {
        let on = (1.0, f64::from(points.clamp(2, 11)));
        let r = column(0, on);
        let r2 = column(cols, on);
        if let (Ok(x), false) = (sat::csat_survey(Column::F64(&r), &design, &o), propagate) {
            check_shares("csat_survey", &x);
        }
        if let (Ok(d), false) = (sat::csat_difference(Column::F64(&r), Column::F64(&r2), &o), propagate) {
            check_difference("csat_difference", &d);
        }
    }
    let rate_json = json!({ "nan_policy": policy, "method": prop_method, "confidence": jf(conf) });
    if let Ok(o) = serde_json::from_value::<RateOptions>(rate_json) {
        let threshold = rows.first().map_or(f64::NAN, |r| r.2[2 * cols].on(range));
        if let (Ok(x), false) = (sat::satisfaction_rate_survey(values, threshold, &design, &o), propagate) {
            check_shares("satisfaction_rate_survey", &x);
        }
        let d = sat::satisfaction_rate_difference(Column::F64(&a), Column::F64(&b_col), threshold, &o);
        if let (Ok(d), false) = (d, propagate) {
            check_difference("satisfaction_rate_difference", &d);
        }
    }

    // The matrix measures, on the scale of their options.
    let scale_json = json!({ "min": jf(range.0), "max": jf(range.1) });
    let importance: Option<Vec<Value>> = match flags >> 6 {
        0 => None,
        1 => Some((0..cols).map(|j| jf(1.0 + j as f64)).collect()),
        2 => Some((0..cols).map(|j| jf([0.0, 1e300, 5e-324, -1.0, f64::NAN][(usize::from(extra) + j) % 5])).collect()),
        _ => Some(vec![jf(1.0); cols + 1]),
    };
    let perceptions = matrix(0, range);
    let expectations = matrix(cols, range);
    let overall = column(2 * cols, range);
    let width = range.1 - range.0;
    let (Ok(pm), Ok(em)) =
        (Matrix::new("perceptions", &perceptions, cols), Matrix::new("expectations", &expectations, cols))
    else {
        return;
    };
    // Every NaN in these is raised, so none is propagated.
    let csi_json = json!({
        "scale": scale_json, "importance": importance, "confidence": jf(conf),
        "overall": (extra & 1 != 0).then(|| overall.iter().map(|&x| jf(x)).collect::<Vec<_>>()),
    });
    if let Ok(o) = serde_json::from_value::<CsiOptions>(csi_json) {
        if let Ok(r) = sat::csi_survey(&pm, &design, &o) {
            for e in std::iter::once(&r.total).chain(r.segments.iter().flatten()) {
                check_mean("csi_survey index", &e.index, (0.0, 100.0));
                for m in &e.attributes {
                    check_mean("csi_survey attribute", m, range);
                }
            }
        }
    }
    let dims: Vec<usize> = (0..cols).map(|j| if extra & 2 != 0 { j % 2 } else { 0 }).collect();
    let k = dims.iter().max().map_or(0, |m| m + 1);
    if let Ok(inst) = Instrument::new((0..k).map(|i| format!("d{i}")).collect(), dims) {
        let imp = importance.clone().map(|v| v.into_iter().take(k).collect::<Vec<_>>());
        let o = json!({ "importance": imp, "scale": scale_json, "confidence": jf(conf) });
        if let Ok(o) = serde_json::from_value::<ServqualOptions>(o) {
            if let Ok(r) = sat::servqual_survey(&inst, &em, &pm, &design, &o) {
                for e in std::iter::once(&r.total).chain(r.segments.iter().flatten()) {
                    for m in e.dimension_gaps.iter().chain([&e.unweighted]).chain(e.weighted.as_ref()) {
                        check_mean("servqual_survey", m, (-width, width));
                    }
                }
            }
        }
    }
    let o = json!({ "importance": importance, "delight_margin": jf(weight(extra)), "scale": scale_json, "confidence": jf(conf) });
    if let Ok(o) = serde_json::from_value::<DisconfirmationOptions>(o) {
        if let Ok(r) = sat::disconfirmation_survey(&pm, &em, &design, &o) {
            for e in std::iter::once(&r.total).chain(r.segments.iter().flatten()) {
                for m in e.gaps.iter().chain([&e.overall_gap]) {
                    check_mean("disconfirmation_survey", m, (-width, width));
                }
            }
        }
    }
    let cut = |k: u8| match k % 4 {
        0 | 1 => Value::Null,
        2 => jf(range.0 / 2.0 + range.1 / 2.0),
        _ => jf([f64::NAN, f64::INFINITY, 1e300][usize::from(k) % 3]),
    };
    let o = json!({ "importance_cut": cut(extra), "performance_cut": cut(flags), "scale": scale_json, "confidence": jf(conf) });
    if let Ok(o) = serde_json::from_value::<IpaOptions>(o) {
        let importance = if extra & 4 != 0 {
            IpaImportance::Stated(&em)
        } else {
            let method = if extra & 8 != 0 { DriverMethod::Shapley } else { DriverMethod::RelativeWeights };
            IpaImportance::Derived { overall: &overall, method }
        };
        if let Ok(r) = sat::ipa_survey(&pm, importance, &design, &o) {
            for e in std::iter::once(&r.total).chain(r.segments.iter().flatten()) {
                for m in e.performance.iter().chain(e.importance_intervals.iter().flatten()) {
                    check_mean("ipa_survey", m, range);
                }
                assert!(e.importance.iter().all(|x| x.is_finite()), "ipa_survey: {:?}", e.importance);
                assert!(e.importance_cut.is_finite() && e.performance_cut.is_finite(), "ipa_survey cuts: {e:?}");
            }
        }
    }
    let method = if extra & 8 != 0 { "shapley" } else { "relative_weights" };
    let o = json!({
        "method": method, "nan_policy": policy, "confidence": jf(conf), "seed": u64::from(extra),
        "resamples": (extra & 16 != 0).then_some(if extra & 32 != 0 { 100 } else { 99 }),
    });
    if let Ok(o) = serde_json::from_value::<KeyDriversOptions>(o) {
        if let (Ok(k), false) = (sat::key_drivers(&overall, &pm, &o), propagate) {
            assert!((0.0..=1.0).contains(&k.r_squared), "key_drivers: r² {}", k.r_squared);
            for (i, (&x, &r)) in k.importance.iter().zip(&k.rescaled).enumerate() {
                assert!((0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&r), "key_drivers: share {i}: {k:?}");
            }
            // Percentile intervals of the bootstrap need not contain the sample's share.
            if let (Some(l), Some(h)) = (&k.ci_low, &k.ci_high) {
                for (&l, &h) in l.iter().zip(h) {
                    assert!(0.0 <= l && l <= h && h <= 1.0, "key_drivers: [{l}, {h}]");
                }
            }
        }
    }

    // Raking the weights to margins of the segment codes and of a second code.
    let second: Vec<f64> = rows.iter().map(|r| f64::from(r.2[1].kind % 3)).collect();
    let t1 = [60.0, 40.0, weight(extra), 1.0];
    let t2 = [50.0, 30.0, 20.0 + weight(extra)];
    let ro = json!({
        "max_iterations": ([1, 100, 0, 1000][usize::from(extra) % 4]),
        "tolerance": (jf([1e-10, 0.0, -1.0, f64::NAN, 1e-300, 1.0, f64::INFINITY, 1e-6][usize::from(extra / 4) % 8])),
    });
    if let Ok(o) = serde_json::from_value::<RakeOptions>(ro) {
        let margins = [
            Margin { codes: Column::F64(&codes), targets: &t1[..2 + usize::from(flags % 3)] },
            Margin { codes: Column::F64(&second), targets: &t2 },
        ];
        let base = (flags & 2 != 0).then_some(&weights[..]);
        if let Ok(r) = sat::rake(&margins[..1 + usize::from(raise)], base, &o) {
            assert!(r.weights.iter().all(|w| w.is_finite() && *w >= 0.0), "rake: {r:?}");
            assert!(r.effective_n.is_finite() && r.effective_n > 0.0, "rake: {r:?}");
            assert!(r.effective_n <= n as f64 * (1.0 + 1e-9), "rake: {r:?}");
            assert!(r.max_gap.is_finite() && r.max_gap >= 0.0, "rake: {r:?}");
        }
    }
});
