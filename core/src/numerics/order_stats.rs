//! Order statistics and top-sum crossings of large arrays, found without sorting them.
//!
//! A deterministic pseudo-random sample of the values brackets each wanted rank between two
//! split values. One pass over the data then counts (and, for crossings, sums) the values in
//! each bucket between splits and collects the values inside the brackets — a few percent of
//! the data — where the ranks are finally selected. A value equal to a split has a bucket of
//! its own, so heavy ties never need collecting.
//!
//! The sample only decides how the work is cut, never the answer: when it brackets a rank
//! wrongly, the rank lies in another bucket, which a second pass collects; the answer is the
//! same, found more slowly. Small arrays skip the sample and form one bucket. All sums follow
//! the fixed chunk order of [`par`], so results do not depend on the number of threads.
//!
//! Callers pass finite values only.

use crate::input::{Column, column};

/// An order statistic and the ties around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ranked {
    /// The value at the rank.
    pub value: f64,
    /// How many elements are strictly greater than `value`.
    pub greater: usize,
    /// How many elements equal `value` (at least 1).
    pub equal: usize,
}

/// Where the `fraction × total` of the largest values is reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Crossing {
    /// The number of elements, taken largest first, whose preceding sum is below the threshold:
    /// the smallest `k` with `sum of the k largest >= threshold` (or all elements).
    pub count: usize,
    /// The `count`-th largest value with its ties, `None` when `count` is 0.
    pub boundary: Option<Ranked>,
}

/// Tuning of the bucket passes (tests shrink it to exercise the large-array path).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Config {
    /// Arrays up to this length form a single bucket.
    small: usize,
    /// Size of the sample that places the splits.
    sample: usize,
}

pub(crate) const DEFAULT: Config = Config { small: 1 << 15, sample: 1 << 14 };

/// The values at ascending ranks `ranks` (0 = smallest; each `< values.len()`; in any order,
/// repeats allowed), in the order of `ranks`.
pub(crate) fn order_stats(values: &[f64], ranks: &[usize]) -> Vec<Ranked> {
    order_stats_with(Column::F64(values), ranks, DEFAULT)
}

/// [`order_stats`] of a column of any numeric type, read at its own width.
pub(crate) fn order_stats_in(values: Column<'_>, ranks: &[usize]) -> Vec<Ranked> {
    order_stats_with(values, ranks, DEFAULT)
}

/// The sum of all values (in the order the crossings use) and, for each fraction in (0, 1],
/// ascending, where the largest values first reach `fraction × sum`. Values must be
/// non-negative.
pub(crate) fn top_crossings(values: &[f64], fractions: &[f64]) -> (f64, Vec<Crossing>) {
    top_crossings_with(Column::F64(values), fractions, DEFAULT)
}

/// Buckets: `2 m + 1` of them for `m` ascending splits; bucket `2j` holds the values strictly
/// between split `j − 1` and split `j`, bucket `2j + 1` the values equal to split `j`.
struct Buckets {
    splits: Vec<f64>,
    counts: Vec<usize>,
    /// With sums: for each bucket, the sum of its values and of all values in buckets above it
    /// (bucket sums in the fixed chunk order, accumulated from the top).
    sums_down: Vec<f64>,
    /// The values of the collected buckets, in input order.
    contents: Vec<Option<Vec<f64>>>,
}

impl Buckets {
    /// One pass: counts (and sums, with `SUMS`) per bucket, collecting the buckets marked in
    /// `collect` (one flag per bucket).
    fn count<const SUMS: bool>(values: Column<'_>, splits: Vec<f64>, collect: &[bool]) -> Self {
        match splits.len() {
            0..=4 => Self::pass::<4, SUMS>(values, splits, collect),
            5..=8 => Self::pass::<8, SUMS>(values, splits, collect),
            9..=16 => Self::pass::<16, SUMS>(values, splits, collect),
            _ => Self::pass::<0, SUMS>(values, splits, collect),
        }
    }

    /// [`Buckets::count`] with the splits padded to `M` so a value's bucket is a fixed number of
    /// branch-free comparisons (`M = 0`: binary search, for many splits). Each chunk keeps four
    /// interleaved histograms so that runs of values in one bucket do not wait on each other.
    fn pass<const M: usize, const SUMS: bool>(values: Column<'_>, splits: Vec<f64>, collect: &[bool]) -> Self {
        const LANES: usize = 4;
        let nb = 2 * splits.len() + 1;
        // Padding splits at +inf count nothing.
        let mut fixed = [f64::INFINITY; M];
        fixed.iter_mut().zip(&splits).for_each(|(p, &x)| *p = x);
        let bucket = |x: f64| -> usize {
            if M > 0 {
                fixed.iter().map(|&s| usize::from(s < x) + usize::from(s <= x)).sum()
            } else {
                splits.partition_point(|&s| s < x) + splits.partition_point(|&s| s <= x)
            }
        };
        let flags: Vec<bool> = (0..nb).map(|b| collect.get(b).copied().unwrap_or(false)).collect();
        // The slot of each collected bucket among the collected ones.
        let slot: Vec<usize> = flags
            .iter()
            .scan(0, |k, &f| {
                let s = *k;
                *k += usize::from(f);
                Some(s)
            })
            .collect();
        let n_collected = flags.iter().filter(|&&f| f).count();
        let init = || {
            (vec![[0u32; LANES]; nb], vec![[0.0f64; LANES]; if SUMS { nb } else { 0 }], vec![Vec::new(); n_collected])
        };
        let parts = column::fold(&[values], values.len(), init, |(counts, sums, out), at, [c]| {
            for (i, &x) in c.iter().enumerate() {
                // Chunks start at multiples of LANES, so the lane is the same as counted from
                // the chunk's start.
                let lane = (at + i) % LANES;
                let b = bucket(x);
                counts[b][lane] += 1;
                if SUMS {
                    sums[b][lane] += x;
                }
                if flags[b]
                    && let Some(v) = out.get_mut(slot[b])
                {
                    v.push(x);
                }
            }
        });
        let parts = parts.into_iter().map(|(counts, sums, out)| {
            let counts: Vec<usize> = counts.iter().map(|l| l.iter().map(|&c| c as usize).sum()).collect();
            let sums: Vec<f64> = sums.iter().map(|l| (l[0] + l[1]) + (l[2] + l[3])).collect();
            (counts, sums, out)
        });
        let mut counts = vec![0usize; nb];
        let mut sums = vec![0.0f64; if SUMS { nb } else { 0 }];
        let mut contents: Vec<Option<Vec<f64>>> = flags.iter().map(|&f| f.then(Vec::new)).collect();
        for (c, s, v) in parts {
            counts.iter_mut().zip(c).for_each(|(t, c)| *t += c);
            sums.iter_mut().zip(s).for_each(|(t, s)| *t += s);
            // Slot k holds the k-th collected bucket.
            for (all, v) in contents.iter_mut().flatten().zip(v) {
                all.extend(v);
            }
        }
        // Sums from the top down: never smaller for a lower bucket, the values being non-negative.
        let mut acc = 0.0;
        let mut sums_down: Vec<f64> = sums
            .iter()
            .rev()
            .map(|s| {
                acc += s;
                acc
            })
            .collect();
        sums_down.reverse();
        Self { splits, counts, sums_down, contents }
    }

    /// The value of a point bucket.
    fn point(&self, b: usize) -> Option<f64> {
        if b % 2 == 1 { self.splits.get(b / 2).copied() } else { None }
    }

    /// The sum of bucket `b` and all above it (0 past the top).
    fn sum_down_from(&self, b: usize) -> f64 {
        self.sums_down.get(b).copied().unwrap_or(0.0)
    }

    /// How many values lie in the buckets above `b`.
    fn count_above(&self, b: usize) -> usize {
        self.counts.iter().skip(b + 1).sum()
    }

    /// Collects the interval buckets in `needed` that the counting pass did not (a second pass,
    /// needed only when the sample bracketed a rank wrongly).
    fn fetch(&mut self, values: Column<'_>, needed: &[usize]) {
        let mut missing: Vec<usize> = needed
            .iter()
            .copied()
            .filter(|&b| self.point(b).is_none() && self.contents.get(b).is_some_and(Option::is_none))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            return;
        }
        let bounds: Vec<(f64, f64)> = missing
            .iter()
            .map(|&b| {
                let i = b / 2;
                let lo = i.checked_sub(1).and_then(|i| self.splits.get(i)).copied().unwrap_or(f64::NEG_INFINITY);
                (lo, self.splits.get(i).copied().unwrap_or(f64::INFINITY))
            })
            .collect();
        let parts = column::fold(
            &[values],
            values.len(),
            || vec![Vec::new(); bounds.len()],
            |out, _, [c]| {
                for &x in c {
                    for (o, &(lo, hi)) in out.iter_mut().zip(&bounds) {
                        if (x > lo) & (x < hi) {
                            o.push(x);
                        }
                    }
                }
            },
        );
        let mut all: Vec<Vec<f64>> = missing.iter().map(|&b| Vec::with_capacity(self.counts[b])).collect();
        for part in parts {
            all.iter_mut().zip(part).for_each(|(a, p)| a.extend(p));
        }
        for (b, v) in missing.into_iter().zip(all) {
            if let Some(slot) = self.contents.get_mut(b) {
                *slot = Some(v);
            }
        }
    }

    /// The collected values of interval bucket `b` (empty if it was not collected).
    fn contents_mut(&mut self, b: usize) -> &mut [f64] {
        self.contents.get_mut(b).and_then(Option::as_mut).map_or(&mut [][..], Vec::as_mut_slice)
    }
}

/// A fixed-seed pseudo-random sample, sorted ascending.
fn sample(values: Column<'_>, size: usize) -> Vec<f64> {
    let n = values.len() as u128;
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut s: Vec<f64> = (0..size)
        .filter_map(|_| {
            // splitmix64
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            values.get(((u128::from(z) * n) >> 64) as usize)
        })
        .collect();
    s.sort_unstable_by(f64::total_cmp);
    s
}

/// Splits bracketing each ascending rank fraction in the sorted sample, about 4.5 standard
/// errors of a sample quantile (times `widen`) either side, and the buckets inside the
/// brackets, to be collected.
fn bracket(sample: &[f64], fractions: impl Iterator<Item = f64>, widen: f64) -> (Vec<f64>, Vec<bool>) {
    let Some(last) = sample.len().checked_sub(1) else { return (Vec::new(), vec![true]) };
    let s = sample.len() as f64;
    let mut pairs = Vec::new();
    for f in fractions {
        let f = f.clamp(0.0, 1.0);
        let centre = f * (s - 1.0);
        let half = widen * (4.5 * (s * f * (1.0 - f)).sqrt() + 4.0);
        let lo = (centre - half).floor().max(0.0) as usize;
        let hi = ((centre + half).ceil() as usize).min(last);
        if let (Some(&a), Some(&b)) = (sample.get(lo), sample.get(hi)) {
            pairs.push((a, b));
        }
    }
    let mut splits: Vec<f64> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    splits.sort_unstable_by(f64::total_cmp);
    splits.dedup();
    let mut collect = vec![false; 2 * splits.len() + 1];
    for (a, b) in pairs {
        // The interval buckets between split a (index ia) and split b (index ib).
        let ia = splits.partition_point(|&x| x < a);
        let ib = splits.partition_point(|&x| x < b);
        for i in ia + 1..=ib {
            if let Some(c) = collect.get_mut(2 * i) {
                *c = true;
            }
        }
    }
    (splits, collect)
}

fn order_stats_with(values: Column<'_>, ranks: &[usize], cfg: Config) -> Vec<Ranked> {
    let n = values.len();
    let (splits, collect) = if n <= cfg.small {
        (Vec::new(), vec![true])
    } else {
        bracket(&sample(values, cfg.sample), ranks.iter().map(|&r| (r as f64 + 0.5) / n as f64), 1.0)
    };
    let mut buckets = Buckets::count::<false>(values, splits, &collect);
    let mut starts = Vec::with_capacity(buckets.counts.len());
    let mut acc = 0usize;
    for &c in &buckets.counts {
        starts.push(acc);
        acc += c;
    }
    // The bucket of a rank: the last one starting at or before it (an empty bucket is followed
    // by one with the same start).
    let located: Vec<(usize, usize)> =
        ranks.iter().map(|&r| (r, starts.partition_point(|&s| s <= r).saturating_sub(1))).collect();
    let needed: Vec<usize> = located.iter().map(|&(_, b)| b).collect();
    buckets.fetch(values, &needed);
    located
        .iter()
        .map(|&(r, b)| {
            let count = buckets.counts[b];
            let above = n - starts[b] - count;
            if let Some(value) = buckets.point(b) {
                return Ranked { value, greater: above, equal: count };
            }
            let v = buckets.contents_mut(b);
            match v.len().checked_sub(1) {
                Some(last) => {
                    let (_, &mut value, _) = v.select_nth_unstable_by((r - starts[b]).min(last), f64::total_cmp);
                    let (greater, equal) = ties(v, value);
                    Ranked { value, greater: above + greater, equal }
                }
                // Not reached: a rank below n lies in a non-empty bucket.
                None => Ranked { value: f64::NAN, greater: above, equal: 0 },
            }
        })
        .collect()
}

/// The smallest `i` in `1..=v.len()` with `sum_above + (sum of the i largest of v) >= threshold`
/// (`v.len()` if none), leaving the `i`-th largest at `v[i − 1]`. Halves a window by selection,
/// as quickselect does, keeping the larger half's sum: O(len), no sort.
fn top_crossing(v: &mut [f64], sum_above: f64, threshold: f64) -> usize {
    let desc = |a: &f64, b: &f64| b.total_cmp(a);
    // The answer lies in (lo, hi]; v[..lo] are the lo largest, summing (with sum_above) to acc.
    let (mut lo, mut hi, mut acc) = (0usize, v.len(), sum_above);
    while hi - lo > 32 {
        let mid = lo + (hi - lo) / 2;
        let window = &mut v[lo..hi];
        window.select_nth_unstable_by(mid - lo, desc);
        let s: f64 = window[..mid - lo].iter().sum();
        if acc + s >= threshold {
            hi = mid;
        } else {
            acc += s;
            lo = mid;
        }
    }
    let window = &mut v[lo..hi];
    window.sort_unstable_by(desc);
    let found = window.iter().position(|&x| {
        acc += x;
        acc >= threshold
    });
    found.map_or(hi, |p| lo + p + 1)
}

/// How many of `v` are greater than and equal to `value`.
fn ties(v: &[f64], value: f64) -> (usize, usize) {
    v.iter().fold((0, 0), |(g, e), &y| (g + usize::from(y > value), e + usize::from(y == value)))
}

fn top_crossings_with(values: Column<'_>, fractions: &[f64], cfg: Config) -> (f64, Vec<Crossing>) {
    let n = values.len();
    let (splits, collect) = if n <= cfg.small {
        (Vec::new(), vec![true])
    } else {
        // Estimate each crossing's rank from the sample's own top sums and bracket it more
        // widely than a quantile: sums are noisier than counts.
        let smp = sample(values, cfg.sample);
        let total: f64 = smp.iter().sum();
        let estimates: Vec<f64> = fractions
            .iter()
            .map(|&f| {
                let mut acc = 0.0;
                let from_top = smp.iter().rev().position(|&x| {
                    acc += x;
                    acc >= f * total
                });
                1.0 - (from_top.unwrap_or(smp.len()) as f64 + 0.5) / smp.len() as f64
            })
            .collect();
        bracket(&smp, estimates.into_iter(), 2.0)
    };
    let mut buckets = Buckets::count::<true>(values, splits, &collect);
    let total = buckets.sum_down_from(0);

    // Walk the buckets from the top for each threshold (ascending thresholds cross in
    // descending buckets). When bucket `b` is looked at, the sum above it is below the
    // threshold.
    let mut found: Vec<Option<(f64, usize)>> = Vec::with_capacity(fractions.len());
    let mut b = buckets.counts.len();
    for &f in fractions {
        let threshold = f * total;
        let mut hit = None;
        if threshold > 0.0 {
            while b > 0 {
                let cur = b - 1;
                if buckets.counts[cur] > 0 && buckets.sum_down_from(cur) >= threshold {
                    hit = Some((threshold, cur));
                    break;
                }
                b = cur;
            }
        }
        found.push(hit);
    }
    let needed: Vec<usize> = found.iter().flatten().map(|&(_, b)| b).collect();
    buckets.fetch(values, &needed);
    let crossings = found
        .iter()
        .zip(fractions)
        .map(|(hit, &f)| match *hit {
            None if f * total > 0.0 => {
                Crossing { count: n, boundary: order_stats_with(values, &[0], cfg).first().copied() }
            }
            None => Crossing { count: 0, boundary: None },
            Some((threshold, b)) => {
                let (count, n_above, sum_above) =
                    (buckets.counts[b], buckets.count_above(b), buckets.sum_down_from(b + 1));
                let (i, boundary) = match buckets.point(b) {
                    Some(value) => {
                        // Smallest i in 1..=count with sum_above + i·value >= threshold.
                        let (mut lo, mut hi) = (1usize, count);
                        while lo < hi {
                            let mid = lo + (hi - lo) / 2;
                            if sum_above + mid as f64 * value >= threshold { hi = mid } else { lo = mid + 1 }
                        }
                        (lo, Ranked { value, greater: n_above, equal: count })
                    }
                    None => {
                        let v = buckets.contents_mut(b);
                        let i = top_crossing(v, sum_above, threshold);
                        let value = v.get(i.saturating_sub(1)).copied().unwrap_or(f64::NAN);
                        let (greater, equal) = ties(v, value);
                        (i, Ranked { value, greater: n_above + greater, equal })
                    }
                };
                Crossing { count: n_above + i, boundary: Some(boundary) }
            }
        })
        .collect();
    (total, crossings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small LCG for test data with many ties.
    fn data(n: usize, distinct: u64, seed: u64) -> Vec<f64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                ((s >> 33) % distinct) as f64 * 0.25
            })
            .collect()
    }

    fn naive_rank(values: &[f64], r: usize) -> Ranked {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let value = v[r];
        let (greater, equal) = ties(values, value);
        Ranked { value, greater, equal }
    }

    fn naive_crossing(values: &[f64], f: f64, total: f64) -> usize {
        let mut v = values.to_vec();
        v.sort_by(|a, b| b.total_cmp(a));
        let t = f * total;
        let mut acc = 0.0;
        for (p, x) in v.iter().enumerate() {
            if acc >= t {
                return p;
            }
            acc += x;
        }
        v.len()
    }

    const TINY: Config = Config { small: 8, sample: 16 };
    const WIDE: Config = Config { small: 8, sample: 4096 };

    #[test]
    fn order_stats_match_a_sort_with_any_bucketing() {
        for (n, distinct, seed) in
            [(1usize, 3u64, 1u64), (9, 2, 2), (200, 5, 3), (5000, 1000, 4), (5000, 1 << 40, 5), (3000, 1, 6)]
        {
            let v = data(n, distinct, seed);
            let ranks: Vec<usize> = [0, n / 7, n / 2, n / 2, n - 1 - n / 9, n - 1].into_iter().collect();
            for cfg in [DEFAULT, TINY, WIDE] {
                let got = order_stats_with(Column::F64(&v), &ranks, cfg);
                for (&r, g) in ranks.iter().zip(&got) {
                    assert_eq!(*g, naive_rank(&v, r), "n={n} distinct={distinct} rank={r} cfg={cfg:?}");
                }
            }
        }
    }

    #[test]
    fn crossings_match_a_sort_on_integer_data() {
        // Integer-valued data: every partial sum is exact, so any summation order agrees.
        for (n, distinct, seed) in [(3usize, 4u64, 1u64), (100, 3, 2), (5000, 50, 3), (5000, 1 << 20, 4), (4000, 1, 5)]
        {
            let v: Vec<f64> = data(n, distinct, seed).iter().map(|x| x * 4.0).collect();
            let fr = [0.2, 0.8, 0.8, 0.95, 1.0];
            for cfg in [DEFAULT, TINY, WIDE] {
                let (total, got) = top_crossings_with(Column::F64(&v), &fr, cfg);
                assert_eq!(total, v.iter().sum::<f64>());
                for (&f, c) in fr.iter().zip(&got) {
                    let want = naive_crossing(&v, f, total);
                    assert_eq!(c.count, want, "n={n} distinct={distinct} f={f} cfg={cfg:?}");
                    if want > 0 {
                        assert_eq!(c.boundary, Some(naive_rank(&v, n - want)), "n={n} f={f}");
                    }
                }
            }
        }
    }

    #[test]
    fn zero_total_crosses_at_zero() {
        let (total, c) = top_crossings(&[0.0, 0.0], &[0.5]);
        assert_eq!(total, 0.0);
        assert_eq!(c[0], Crossing { count: 0, boundary: None });
    }
}
