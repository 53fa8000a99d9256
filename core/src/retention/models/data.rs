//! Validation of customer summaries and their compression into unique patterns.
//!
//! Every fit first validates the arrays row by row (the first bad row is the error, naming the
//! field and index), then folds identical rows into one *pattern* with the sum of their weights:
//! the likelihood of a pattern is computed once and counted as often as it occurs (Fader and
//! Hardie fit CDNOW's 2357 customers this way). Quantities that depend only on the frequency
//! (log-gamma terms) are computed once per distinct frequency.

use super::fit::FitData;
use super::output::{Domain, settle_batch};
use crate::error::{Error, Location, Result};
use crate::input::{self, Column, column};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// A fast, deterministic hasher for bit patterns of floats (FxHash's multiply-rotate).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Unique (x, a, b) rows with summed weights; `x` is the frequency, `a` and `b` the model's two
/// other columns (recency and T, or recency and n_periods, or the monetary value and 0).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Patterns {
    /// The distinct frequencies, in order of first appearance.
    pub(crate) xs: Vec<f64>,
    /// For each pattern, the index of its frequency in `xs`.
    pub(crate) xi: Vec<u32>,
    /// Second column per pattern.
    pub(crate) a: Vec<f64>,
    /// Third column per pattern.
    pub(crate) b: Vec<f64>,
    /// Weight (customer count) per pattern.
    pub(crate) w: Vec<f64>,
    /// Σ w.
    pub(crate) total_weight: f64,
    /// Σ w·x.
    pub(crate) weighted_x: f64,
    /// Rows given by the caller (before compression).
    pub(crate) rows: usize,
    /// The distinct values of `a` and `b`, when they are few (whole days or weeks): then
    /// ln(α + τ) is computed once per value instead of once per pattern.
    pub(crate) times: Option<Times>,
}

/// Distinct time values and, per pattern, the index of its `a` and `b` among them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Times {
    pub(crate) values: Vec<f64>,
    pub(crate) ai: Vec<u32>,
    pub(crate) bi: Vec<u32>,
}

impl Patterns {
    /// Number of patterns.
    pub(crate) fn len(&self) -> usize {
        self.w.len()
    }

    /// The frequency of pattern `i`.
    #[inline]
    pub(crate) fn x(&self, i: usize) -> f64 {
        self.xs[self.xi[i] as usize]
    }

    /// Compresses validated columns, multiplying the second and third by `scale_a`, `scale_b`.
    ///
    /// Rows fold into patterns through a hash of their bits. When the first 8192 rows are
    /// nearly all distinct (continuous recency and T), folding would cost memory and time for
    /// nothing: then every row is its own pattern.
    pub(crate) fn compress(
        x: &[f64],
        a: &[f64],
        b: &[f64],
        weights: Option<&[f64]>,
        scale_a: f64,
        scale_b: f64,
    ) -> Result<Self> {
        let n = x.len();
        let probe = n.min(8192);
        let fold = n <= probe || {
            let mut seen: FxMap<(u64, u64, u64), ()> = FxMap::default();
            for i in 0..probe {
                seen.insert(((x[i] + 0.0).to_bits(), (a[i] + 0.0).to_bits(), (b[i] + 0.0).to_bits()), ());
            }
            seen.len() * 10 < probe * 9
        };
        let mut rows: FxMap<(u64, u64, u64), u32> = FxMap::default();
        let mut xmap: FxMap<u64, u32> = FxMap::default();
        let mut p = Patterns {
            xs: Vec::new(),
            xi: Vec::new(),
            a: Vec::new(),
            b: Vec::new(),
            w: Vec::new(),
            total_weight: 0.0,
            weighted_x: 0.0,
            rows: n,
            times: None,
        };
        if fold {
            rows.reserve(n.min(1 << 16));
        }
        for i in 0..n {
            let wi = weights.map_or(1.0, |w| w[i]);
            if wi == 0.0 {
                continue;
            }
            // + 0.0 turns −0.0 into 0.0 so both land in the same pattern.
            let (xv, av, bv) = (x[i] + 0.0, a[i] + 0.0, b[i] + 0.0);
            let next = p.w.len() as u32;
            let k = if fold { *rows.entry((xv.to_bits(), av.to_bits(), bv.to_bits())).or_insert(next) } else { next };
            if k == next {
                let nx = p.xs.len() as u32;
                let xk = *xmap.entry(xv.to_bits()).or_insert(nx);
                if xk == nx {
                    p.xs.push(xv);
                }
                p.xi.push(xk);
                p.a.push(av * scale_a);
                p.b.push(bv * scale_b);
                p.w.push(wi);
            } else {
                p.w[k as usize] += wi;
            }
            p.total_weight += wi;
            p.weighted_x += wi * xv;
        }
        if !(p.total_weight > 0.0 && p.total_weight.is_finite()) {
            return Err(Error::Invalid {
                at: Location::scalar("weights"),
                value: format!("sum {}", p.total_weight),
                expected: "at least one positive weight and a finite total".into(),
            });
        }
        Ok(p)
    }

    /// Every `step`-th pattern (a deterministic subsample for a warm start).
    fn stride(&self, step: usize) -> Self {
        let step = step.max(1);
        let keep: Vec<usize> = (0..self.len()).step_by(step).collect();
        let w: Vec<f64> = keep.iter().map(|&i| self.w[i]).collect();
        let total_weight = w.iter().sum();
        let weighted_x = keep.iter().map(|&i| self.w[i] * self.x(i)).sum();
        Self {
            xs: self.xs.clone(),
            xi: keep.iter().map(|&i| self.xi[i]).collect(),
            a: keep.iter().map(|&i| self.a[i]).collect(),
            b: keep.iter().map(|&i| self.b[i]).collect(),
            w,
            total_weight,
            weighted_x,
            rows: keep.len(),
            times: self.times.as_ref().map(|t| Times {
                values: t.values.clone(),
                ai: keep.iter().map(|&i| t.ai[i]).collect(),
                bi: keep.iter().map(|&i| t.bi[i]).collect(),
            }),
        }
    }

    /// Indexes the distinct values of `a` and `b` if there are at most half as many as
    /// patterns.
    pub(crate) fn index_times(&mut self) {
        fn index(map: &mut FxMap<u64, u32>, values: &mut Vec<f64>, v: f64) -> u32 {
            let next = values.len() as u32;
            let k = *map.entry(v.to_bits()).or_insert(next);
            if k == next {
                values.push(v);
            }
            k
        }
        let mut map: FxMap<u64, u32> = FxMap::default();
        let mut values = Vec::new();
        let limit = self.len() / 2;
        let mut ai = Vec::with_capacity(self.len());
        let mut bi = Vec::with_capacity(self.len());
        for (i, (&a, &b)) in self.a.iter().zip(&self.b).enumerate() {
            ai.push(index(&mut map, &mut values, a));
            bi.push(index(&mut map, &mut values, b));
            // Continuous times show themselves early: give up as soon as they do.
            if values.len() > limit || (i == 4096 && values.len() > i) {
                return;
            }
        }
        self.times = Some(Times { values, ai, bi });
    }

    /// ln(`shift` + τ) for every distinct time τ, if they are indexed.
    pub(crate) fn ln_table<S: crate::numerics::dual::Real>(&self, shift: S) -> Option<Vec<S>> {
        self.times.as_ref().map(|t| t.values.iter().map(|&v| (shift + v).ln()).collect())
    }

    /// ln(`shift` + aᵢ), from `table` when there is one.
    #[inline]
    pub(crate) fn ln_a<S: crate::numerics::dual::Real>(&self, table: &Option<Vec<S>>, shift: S, i: usize) -> S {
        match (table, &self.times) {
            (Some(t), Some(ix)) => t[ix.ai[i] as usize],
            _ => (shift + self.a[i]).ln(),
        }
    }

    /// ln(`shift` + bᵢ), from `table` when there is one.
    #[inline]
    pub(crate) fn ln_b<S: crate::numerics::dual::Real>(&self, table: &Option<Vec<S>>, shift: S, i: usize) -> S {
        match (table, &self.times) {
            (Some(t), Some(ix)) => t[ix.bi[i] as usize],
            _ => (shift + self.b[i]).ln(),
        }
    }
}

/// Patterns above which a subsample is fitted first for a warm start.
const WARM_START_ABOVE: usize = 60_000;

impl FitData for Patterns {
    fn total_weight(&self) -> f64 {
        self.total_weight
    }
    fn patterns(&self) -> usize {
        self.len()
    }
    /// Every k-th pattern, about 20 000 of them, when there are more than 60 000.
    fn warm_start(&self) -> Option<Self> {
        (self.len() > WARM_START_ABOVE).then(|| self.stride(self.len() / (WARM_START_ABOVE / 3)))
    }
}

pub(crate) const FREQUENCY: &str = "a non-negative whole number (repeat purchases)";

/// Lengths equal and at least one row.
pub(crate) fn lengths(names: &[&str], columns: &[&[f64]], weights: Option<&[f64]>) -> Result<usize> {
    let n = columns.first().map_or(0, |c| c.len());
    for (name, c) in names.iter().zip(columns).skip(1) {
        input::same_len(name, c.len(), names.first().copied().unwrap_or("frequency"), n)?;
    }
    if let Some(w) = weights {
        input::same_len("weights", w.len(), names.first().copied().unwrap_or("frequency"), n)?;
    }
    input::min_len(names.first().copied().unwrap_or("frequency"), n, 1)?;
    Ok(n)
}

/// [`lengths`] of columns of any type, without weights.
pub(crate) fn column_lengths(names: &[&str], columns: &[Column<'_>]) -> Result<usize> {
    let first = names.first().copied().unwrap_or("frequency");
    let n = columns.first().map_or(0, Column::len);
    for (name, c) in names.iter().zip(columns).skip(1) {
        input::same_len(name, c.len(), first, n)?;
    }
    input::min_len(first, n, 1)?;
    Ok(n)
}

/// Whether `v` is a whole number >= 0 (and finite). Adding 2⁵² rounds a v in [0, 2⁵²) to a
/// whole number, exactly, and every float from 2⁵² up is whole: the same answer as
/// `v.fract() == 0.0`, without the `trunc` call that `fract` costs on baseline x86-64 (a tenth
/// of a P(alive) batch).
#[inline(always)]
pub(crate) fn is_count(v: f64) -> bool {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    (v >= 0.0) & if v < TWO_52 { (v + TWO_52) - TWO_52 == v } else { v.is_finite() }
}

/// The location of element `i` of `field`, or the scalar `field` when `i` is `None`.
pub(crate) fn loc(field: &str, i: Option<usize>) -> Location {
    match i {
        Some(i) => Location::at(field, i),
        None => Location::scalar(field),
    }
}

/// A frequency: a finite, non-negative whole number.
#[inline]
pub(crate) fn check_frequency(field: &str, i: Option<usize>, x: f64) -> Result<()> {
    if is_count(x) { Ok(()) } else { Err(input::out_of_range_or_not_finite(loc(field, i), x, FREQUENCY)) }
}

/// Whether (frequency, recency, T) is a valid continuous-time summary.
#[inline(always)]
pub(crate) fn rft_ok(x: f64, tx: f64, t: f64) -> bool {
    // `&`, not `&&`: every test is a comparison, and without branches a batch loop vectorises.
    is_count(x) & (t > 0.0) & t.is_finite() & (tx >= 0.0) & (tx <= t) & ((x > 0.0) | (tx == 0.0))
}

/// One continuous-time customer summary (frequency, recency, T); `i` is the row, if any.
#[inline]
pub(crate) fn check_rft(i: Option<usize>, x: f64, tx: f64, t: f64) -> Result<()> {
    if rft_ok(x, tx, t) {
        return Ok(());
    }
    check_frequency("frequency", i, x)?;
    let at = |k: usize| i.map_or(String::new(), |_| format!("[{k}]"));
    let k = i.unwrap_or(0);
    if !(t > 0.0 && t.is_finite()) {
        let expected = "the positive numbers (the customer's age)";
        return Err(input::out_of_range_or_not_finite(loc("T", i), t, expected));
    }
    if !(tx >= 0.0 && tx <= t) {
        let expected = format!("0..=T{} = {t} (recency cannot exceed the customer's age)", at(k));
        return Err(input::out_of_range_or_not_finite(loc("recency", i), tx, &expected));
    }
    Err(Error::OutOfRange {
        at: loc("recency", i),
        value: tx,
        expected: format!("0, since frequency{} = 0 (no repeat purchase, so no recency)", at(k)),
    })
}

/// The frame of every continuous-time batch prediction: the three history columns (of any
/// numeric type) and `out` of one length, then `fill` over them (see [`column::fill`]: it
/// writes every row of its blocks and says whether all were valid), then the first invalid row
/// as the error.
///
/// Then every value is held to the output rule of [`Domain`] (see `output.rs`): the first that
/// is not finite or not in `domain` is a `diverges` error naming the customer's index.
pub(crate) fn fill_histories(
    columns: [Column<'_>; 3],
    out: &mut [f64],
    domain: Domain,
    fill: impl Fn([&[f64]; 3], &mut [f64]) -> bool + Sync + Send,
) -> Result<()> {
    fill_histories_or_ints(columns, out, domain, fill, |_, _| None)
}

/// [`fill_histories`] with the kernel's form over `i64` columns read in place (see
/// [`column::fill_or_ints`]; `None` where the model has none).
pub(crate) fn fill_histories_or_ints(
    columns: [Column<'_>; 3],
    out: &mut [f64],
    domain: Domain,
    fill: impl Fn([&[f64]; 3], &mut [f64]) -> bool + Sync + Send,
    ints: impl FnOnce([&[i64]; 3], &mut [f64]) -> Option<bool>,
) -> Result<()> {
    column_lengths(&["frequency", "recency", "T"], &columns)?;
    input::same_len("out", out.len(), "frequency", columns[0].len())?;
    if !column::fill_or_ints(&columns, out, fill, ints) {
        first_bad_rft(columns)?;
    }
    settle_batch(out, domain, "frequency", |i| describe_history(&columns, i))
}

/// A customer's history (frequency, recency, T) in words, for an error message.
pub(crate) fn describe_history(columns: &[Column<'_>; 3], i: usize) -> String {
    let at = |k: usize| columns[k].get(i).unwrap_or(f64::NAN);
    format!("at index {i} (frequency {}, recency {}, T {})", at(0), at(1), at(2))
}

/// The first invalid row of three columns, as an error (for the error path of batch kernels).
fn first_bad_rft([x, tx, t]: [Column<'_>; 3]) -> Result<()> {
    for i in 0..x.len() {
        let at = |c: Column<'_>| c.get(i).unwrap_or(f64::NAN);
        check_rft(Some(i), at(x), at(tx), at(t))?;
    }
    Ok(())
}

/// Weights: finite and non-negative.
pub(crate) fn check_weights(weights: Option<&[f64]>) -> Result<()> {
    match weights {
        Some(w) => input::all_in("weights", w, 0.0, f64::MAX, "the non-negative numbers (customer counts)"),
        None => Ok(()),
    }
}

/// Validated and compressed (frequency, recency, T).
/// Validated and compressed (frequency, recency, T), time multiplied by `1 / max(T)` (lifetimes'
/// rescaling; the returned factor is that scale).
pub(crate) fn continuous(
    frequency: &[f64],
    recency: &[f64],
    t: &[f64],
    weights: Option<&[f64]>,
) -> Result<(Patterns, f64)> {
    let n = lengths(&["frequency", "recency", "T"], &[frequency, recency, t], weights)?;
    let mut max_t = 0.0_f64;
    for i in 0..n {
        check_rft(Some(i), frequency[i], recency[i], t[i])?;
        max_t = max_t.max(t[i]);
    }
    check_weights(weights)?;
    let scale = 1.0 / max_t;
    let mut p = Patterns::compress(frequency, recency, t, weights, scale, scale)?;
    p.index_times();
    Ok((p, scale))
}

/// Patterns per work unit of a likelihood sum whose terms cost a few transcendental
/// functions (BG/NBD, MBG/NBD, Gamma-Gamma): small data stay on one thread, where spawning
/// would cost more than it saves.
pub(crate) const CHUNK: usize = 4096;

/// Patterns per work unit when each term costs a series or a loop (Pareto/NBD, BG/BB): CDNOW's
/// thousand patterns already pay for a second thread.
pub(crate) const HEAVY_CHUNK: usize = 256;

/// Σ over `0..n` of `f(range)`, in fixed chunks of `chunk` whose partial sums are added in
/// order, so the result has the same bits with and without the `parallel` feature.
pub(crate) fn chunked_sum<S, F>(n: usize, chunk: usize, zero: S, f: F) -> S
where
    S: crate::numerics::dual::Real,
    F: Fn(Range<usize>) -> S + Sync,
{
    let chunk = chunk.max(1);
    if n <= chunk {
        return f(0..n);
    }
    let chunks = n.div_ceil(chunk);
    let range = |c: usize| c * chunk..((c + 1) * chunk).min(n);
    #[cfg(feature = "parallel")]
    let partials: Vec<S> = {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(|c| f(range(c))).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let partials: Vec<S> = (0..chunks).map(|c| f(range(c))).collect();
    let mut total = zero;
    for p in partials {
        total += p;
    }
    total
}

/// Fills `out[i]` with `f(i)` for every i (NaN where `f` gives `None`), in parallel chunks when
/// the feature is on; returns whether every `f(i)` was `Some`.
pub(crate) fn fill_checked<F>(out: &mut [f64], f: F) -> bool
where
    F: Fn(usize) -> Option<f64> + Sync + Send,
{
    let run = |offset: usize, chunk: &mut [f64]| {
        let mut ok = true;
        for (k, o) in chunk.iter_mut().enumerate() {
            match f(offset + k) {
                Some(v) => *o = v,
                None => {
                    *o = f64::NAN;
                    ok = false;
                }
            }
        }
        ok
    };
    crate::numerics::parallel::all_blocks_mut(out, CHUNK * 4, run)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
// Tests compare with the platform's maths or build inputs with it.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_fold_into_one_pattern() {
        let (p, s) = continuous(&[0.0, 2.0, 0.0, 2.0, 2.0], &[0.0, 3.0, -0.0, 3.0, 4.0], &[5.0; 5], None).unwrap();
        assert_eq!(s, 0.2);
        assert_eq!(p.b, vec![1.0; 3]);
        assert_eq!(p.len(), 3);
        assert_eq!(p.w, vec![2.0, 2.0, 1.0]);
        assert_eq!(p.xs, vec![0.0, 2.0]);
        assert_eq!(p.xi, vec![0, 1, 1]);
        assert_eq!((p.total_weight, p.weighted_x, p.rows), (5.0, 6.0, 5));
    }

    #[test]
    fn first_bad_row_is_named() {
        let e = continuous(&[1.0, 1.5], &[1.0, 1.0], &[2.0, 2.0], None).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("frequency"), Some(1)));
        let e = continuous(&[0.0], &[1.0], &[2.0], None).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("recency"), Some(0)));
        let e = continuous(&[0.0], &[0.0], &[0.0], None).unwrap_err();
        assert_eq!((e.code(), e.field(), e.index()), ("out_of_range", Some("T"), Some(0)));
        let e = continuous(&[0.0], &[0.0], &[1.0], Some(&[0.0])).unwrap_err();
        assert_eq!((e.code(), e.field()), ("invalid", Some("weights")));
    }

    #[test]
    fn counts_are_the_whole_numbers_from_zero() {
        let two52 = 4_503_599_627_370_496.0_f64;
        for v in [0.0, -0.0, 1.0, 2.0, 1e6, 2f64.powi(52) - 1.0, two52, two52 + 2.0, 1e300, f64::MAX] {
            assert!(is_count(v), "{v}");
        }
        let near_two52 = f64::from_bits(two52.to_bits() - 1); // 2⁵² − 0.5
        for v in [-1.0, 0.5, 1e-300, 2.5, 1e6 + 0.25, near_two52, f64::INFINITY, f64::NAN, -f64::MAX] {
            assert!(!is_count(v), "{v}");
        }
        for k in 0..20_000 {
            let v = f64::from(k) * 0.125;
            assert_eq!(is_count(v), v.fract() == 0.0, "{v}");
        }
    }

    #[test]
    fn chunked_sum_is_order_stable() {
        let v: Vec<f64> = (0..10_000).map(|i| 1.0 / (1.0 + i as f64)).collect();
        let s = chunked_sum(v.len(), CHUNK, 0.0, |r| v[r].iter().sum::<f64>());
        let mut t = 0.0;
        for c in v.chunks(CHUNK) {
            t += c.iter().sum::<f64>();
        }
        assert_eq!(s.to_bits(), t.to_bits());
    }
}
