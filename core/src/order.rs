//! Order statistics and top-sum crossings of large arrays, found without sorting them.
//!
//! Both work in a few passes over the data. A deterministic pseudo-random sample of the values
//! brackets each wanted rank with two split values. One pass counts (and, for crossings, sums)
//! the values in each bucket between splits; a value equal to a split has a bucket of its own,
//! so heavy ties never need collecting. A second pass collects only the buckets that hold a
//! wanted rank — a few percent of the data — and the rank is selected inside them.
//!
//! The sample only decides how the work is cut, never the answer: when it brackets a rank
//! wrongly, the rank lies in a larger bucket and the answer is the same, found more slowly.
//! Small arrays skip the sample and form one bucket. All sums follow the fixed chunk order of
//! [`par`], so results do not depend on the number of threads.
//!
//! Callers pass finite values only.

use crate::par;

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

/// The values at ascending ranks `ranks` (0 = smallest; each `< values.len()`).
pub(crate) fn order_stats(values: &[f64], ranks: &[usize]) -> Vec<Ranked> {
    order_stats_with(values, ranks, DEFAULT)
}

/// The sum of all values (in the order the crossings use) and, for each fraction in (0, 1],
/// where the largest values first reach `fraction × sum`. Values must be non-negative.
pub(crate) fn top_crossings(values: &[f64], fractions: &[f64]) -> (f64, Vec<Crossing>) {
    top_crossings_with(values, fractions, DEFAULT)
}

/// Buckets: `2 m + 1` of them for `m` ascending splits; bucket `2j` holds the values strictly
/// between split `j − 1` and split `j`, bucket `2j + 1` the values equal to split `j`.
struct Buckets {
    splits: Vec<f64>,
    counts: Vec<usize>,
    sums: Vec<f64>,
}

#[inline]
fn bucket_of(x: f64, splits: &[f64]) -> usize {
    if splits.len() <= 16 {
        splits.iter().map(|&s| usize::from(s < x) + usize::from(s <= x)).sum()
    } else {
        splits.partition_point(|&s| s < x) + splits.partition_point(|&s| s <= x)
    }
}

impl Buckets {
    fn count<const SUMS: bool>(values: &[f64], splits: Vec<f64>) -> Self {
        let nb = 2 * splits.len() + 1;
        let parts = par::map_chunks(values, |c| {
            let mut counts = vec![0usize; nb];
            let mut sums = vec![0.0f64; if SUMS { nb } else { 0 }];
            for &x in c {
                let b = bucket_of(x, &splits);
                counts[b] += 1;
                if SUMS {
                    sums[b] += x;
                }
            }
            (counts, sums)
        });
        let mut counts = vec![0usize; nb];
        let mut sums = vec![0.0f64; if SUMS { nb } else { 0 }];
        for (c, s) in parts {
            counts.iter_mut().zip(c).for_each(|(t, c)| *t += c);
            sums.iter_mut().zip(s).for_each(|(t, s)| *t += s);
        }
        Self { splits, counts, sums }
    }

    /// The value of a point bucket.
    fn point(&self, b: usize) -> Option<f64> {
        if b % 2 == 1 { self.splits.get(b / 2).copied() } else { None }
    }

    /// The contents of the buckets `wanted` (ascending, distinct), each in input order.
    fn collect(&self, values: &[f64], wanted: &[usize]) -> Vec<Vec<f64>> {
        let mut slot = vec![usize::MAX; self.counts.len()];
        for (k, &b) in wanted.iter().enumerate() {
            slot[b] = k;
        }
        let splits = &self.splits;
        let parts = par::map_chunks(values, |c| {
            let mut out = vec![Vec::new(); wanted.len()];
            for &x in c {
                if let Some(v) = out.get_mut(slot[bucket_of(x, splits)]) {
                    v.push(x);
                }
            }
            out
        });
        let mut all: Vec<Vec<f64>> = wanted.iter().map(|&b| Vec::with_capacity(self.counts[b])).collect();
        for part in parts {
            all.iter_mut().zip(part).for_each(|(a, p)| a.extend(p));
        }
        all
    }
}

/// A fixed-seed pseudo-random sample, sorted ascending.
fn sample(values: &[f64], size: usize) -> Vec<f64> {
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
            values.get(((u128::from(z) * n) >> 64) as usize).copied()
        })
        .collect();
    s.sort_unstable_by(f64::total_cmp);
    s
}

/// Splits bracketing each ascending rank fraction in the sorted sample, about 4.5 standard
/// errors of a sample quantile (times `widen`) either side.
fn splits_around(sample: &[f64], fractions: impl Iterator<Item = f64>, widen: f64) -> Vec<f64> {
    let Some(last) = sample.len().checked_sub(1) else { return Vec::new() };
    let s = sample.len() as f64;
    let mut splits = Vec::new();
    for f in fractions {
        let f = f.clamp(0.0, 1.0);
        let centre = f * (s - 1.0);
        let half = widen * (4.5 * (s * f * (1.0 - f)).sqrt() + 4.0);
        let lo = (centre - half).floor().max(0.0) as usize;
        let hi = ((centre + half).ceil() as usize).min(last);
        splits.extend(sample.get(lo).copied());
        splits.extend(sample.get(hi).copied());
    }
    splits.sort_unstable_by(f64::total_cmp);
    splits.dedup();
    splits
}

fn order_stats_with(values: &[f64], ranks: &[usize], cfg: Config) -> Vec<Ranked> {
    let n = values.len();
    let splits = if n <= cfg.small {
        Vec::new()
    } else {
        splits_around(&sample(values, cfg.sample), ranks.iter().map(|&r| (r as f64 + 0.5) / n as f64), 1.0)
    };
    let buckets = Buckets::count::<false>(values, splits);
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
    let mut wanted: Vec<usize> = located.iter().map(|&(_, b)| b).filter(|&b| buckets.point(b).is_none()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut collected = buckets.collect(values, &wanted);
    located
        .iter()
        .map(|&(r, b)| {
            let count = buckets.counts[b];
            let above = n - starts[b] - count;
            if let Some(value) = buckets.point(b) {
                return Ranked { value, greater: above, equal: count };
            }
            let slot = wanted.partition_point(|&w| w < b);
            match collected.get_mut(slot) {
                Some(v) if !v.is_empty() => {
                    let k = (r - starts[b]).min(v.len() - 1);
                    let (_, &mut value, _) = v.select_nth_unstable_by(k, f64::total_cmp);
                    let (greater, equal) = ties(v, value);
                    Ranked { value, greater: above + greater, equal }
                }
                // Not reached: a rank below n lies in a non-empty bucket.
                _ => Ranked { value: f64::NAN, greater: above, equal: 0 },
            }
        })
        .collect()
}

/// How many of `v` are greater than and equal to `value`.
fn ties(v: &[f64], value: f64) -> (usize, usize) {
    v.iter().fold((0, 0), |(g, e), &y| (g + usize::from(y > value), e + usize::from(y == value)))
}

fn top_crossings_with(values: &[f64], fractions: &[f64], cfg: Config) -> (f64, Vec<Crossing>) {
    let n = values.len();
    let splits = if n <= cfg.small {
        Vec::new()
    } else {
        // Estimate each crossing's rank from the sample's own top sums, bracket it more widely
        // than a quantile: sums are noisier than counts.
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
                let j = from_top.unwrap_or(smp.len());
                1.0 - (j as f64 + 0.5) / smp.len() as f64
            })
            .collect();
        splits_around(&smp, estimates.into_iter(), 3.0)
    };
    let buckets = Buckets::count::<true>(values, splits);
    let total = buckets.sums.iter().rev().fold(0.0, |acc, &s| acc + s);

    // Walk the buckets from the top for each threshold (ascending thresholds cross in
    // descending buckets).
    struct Found {
        threshold: f64,
        bucket: usize,
        n_above: usize,
        sum_above: f64,
    }
    let mut found: Vec<Option<Found>> = Vec::with_capacity(fractions.len());
    let (mut b, mut n_above, mut sum_above) = (buckets.counts.len(), 0usize, 0.0f64);
    for &f in fractions {
        let threshold = f * total;
        if sum_above >= threshold {
            found.push(None); // nobody is needed to reach a threshold <= 0
            continue;
        }
        let mut hit = None;
        while b > 0 {
            let cur = b - 1;
            let next = sum_above + buckets.sums[cur];
            if buckets.counts[cur] > 0 && next >= threshold {
                hit = Some(Found { threshold, bucket: cur, n_above, sum_above });
                break;
            }
            sum_above = next;
            n_above += buckets.counts[cur];
            b = cur;
        }
        found.push(hit);
    }
    let mut wanted: Vec<usize> =
        found.iter().flatten().map(|f| f.bucket).filter(|&b| buckets.point(b).is_none()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mut collected = buckets.collect(values, &wanted);
    for v in &mut collected {
        v.sort_unstable_by(|a, b| b.total_cmp(a));
    }
    let crossings = found
        .iter()
        .zip(fractions)
        .map(|(hit, &f)| match hit {
            None if f * total > 0.0 => {
                Crossing { count: n, boundary: order_stats_with(values, &[0], cfg).first().copied() }
            }
            None => Crossing { count: 0, boundary: None },
            Some(h) => {
                let count = buckets.counts[h.bucket];
                let (i, boundary) = match buckets.point(h.bucket) {
                    Some(value) => {
                        // Smallest i in 1..=count with sum_above + i·value >= threshold.
                        let (mut lo, mut hi) = (1usize, count);
                        while lo < hi {
                            let mid = lo + (hi - lo) / 2;
                            if h.sum_above + mid as f64 * value >= h.threshold { hi = mid } else { lo = mid + 1 }
                        }
                        (lo, Ranked { value, greater: h.n_above, equal: count })
                    }
                    None => {
                        let v = wanted
                            .binary_search(&h.bucket)
                            .ok()
                            .and_then(|s| collected.get(s))
                            .map_or(&[][..], Vec::as_slice);
                        let mut acc = h.sum_above;
                        let i = v
                            .iter()
                            .position(|&x| {
                                acc += x;
                                acc >= h.threshold
                            })
                            .map_or(v.len(), |p| p + 1);
                        let value = v.get(i.saturating_sub(1)).copied().unwrap_or(f64::NAN);
                        let (greater, equal) = ties(v, value);
                        (i, Ranked { value, greater: h.n_above + greater, equal })
                    }
                };
                Crossing { count: h.n_above + i, boundary: Some(boundary) }
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
                let got = order_stats_with(&v, &ranks, cfg);
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
                let (total, got) = top_crossings_with(&v, &fr, cfg);
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
