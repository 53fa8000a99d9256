//! Chunked loops over large arrays, run on all cores with the `parallel` feature and one after
//! the other without it.
//!
//! Every loop cuts its input into chunks of the same fixed size ([`CHUNK`]) whatever the number
//! of threads, and results per chunk are combined in chunk order. Floating-point sums therefore
//! come out bit-for-bit the same with or without the feature, on any machine (and in WASM).

use crate::input::{Column, column};
#[cfg(feature = "parallel")]
use rayon::prelude::*;

/// Elements per chunk: large enough to amortise scheduling, small enough to balance two or
/// more cores on a few million elements.
pub(crate) const CHUNK: usize = 1 << 16;

/// `f` on every chunk of `values`, results in chunk order.
pub(crate) fn map_chunks<E, R, F>(values: &[E], f: F) -> Vec<R>
where
    E: Sync,
    R: Send,
    F: Fn(&[E]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).map(f).collect()
    }
}

/// `f(offset, chunk)` on every chunk of `values`, `offset` being the index of the chunk's first
/// element; results in chunk order.
pub(crate) fn map_chunks_at<E, R, F>(values: &[E], f: F) -> Vec<R>
where
    E: Sync,
    R: Send,
    F: Fn(usize, &[E]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
}

/// `f(range)` on the rows `0..n` cut into the fixed chunks, results in chunk order (for loops
/// over several columns read together, see `input::column`).
pub(crate) fn map_ranges<R, F>(n: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(std::ops::Range<usize>) -> R + Sync + Send,
{
    let range = |c: usize| c * CHUNK..((c + 1) * CHUNK).min(n);
    #[cfg(feature = "parallel")]
    {
        (0..n.div_ceil(CHUNK)).into_par_iter().map(|c| f(range(c))).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        (0..n.div_ceil(CHUNK)).map(|c| f(range(c))).collect()
    }
}

/// `f(offset, chunk)` on every chunk of `out`, `offset` being the index of the chunk's first
/// element; results in chunk order.
pub(crate) fn chunks_mut_at<T, R, F>(out: &mut [T], f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(usize, &mut [T]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        out.par_chunks_mut(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        out.chunks_mut(CHUNK).enumerate().map(|(i, c)| f(i * CHUNK, c)).collect()
    }
}

/// `f(chunk_index, input_chunk, output_chunk)` on matching chunks of `values` and `out` (which
/// have the same length; a shorter one limits the loop), results in chunk order.
pub(crate) fn zip_chunks_mut<E, T, R, F>(values: &[E], out: &mut [T], f: F) -> Vec<R>
where
    E: Sync,
    T: Send,
    R: Send,
    F: Fn(usize, &[E], &mut [T]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        values.par_chunks(CHUNK).zip(out.par_chunks_mut(CHUNK)).enumerate().map(|(i, (v, o))| f(i, v, o)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        values.chunks(CHUNK).zip(out.chunks_mut(CHUNK)).enumerate().map(|(i, (v, o))| f(i, v, o)).collect()
    }
}

/// `f` on matching chunks of two inputs of the same length, results in chunk order.
pub(crate) fn map2_chunks<A, B, R, F>(a: &[A], b: &[B], f: F) -> Vec<R>
where
    A: Sync,
    B: Sync,
    R: Send,
    F: Fn(&[A], &[B]) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        a.par_chunks(CHUNK).zip(b.par_chunks(CHUNK)).map(|(a, b)| f(a, b)).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        a.chunks(CHUNK).zip(b.chunks(CHUNK)).map(|(a, b)| f(a, b)).collect()
    }
}

/// `f(offset, block)` on consecutive blocks of `out` of length `block` (the last one shorter),
/// `offset` being the index of the block's first element; in parallel with the feature when
/// `out` is longer than one block. Whether every call returned true.
pub(crate) fn all_blocks_mut<T, F>(out: &mut [T], block: usize, f: F) -> bool
where
    T: Send,
    F: Fn(usize, &mut [T]) -> bool + Sync + Send,
{
    let block = block.max(1);
    #[cfg(feature = "parallel")]
    {
        if out.len() > block {
            return out.par_chunks_mut(block).enumerate().map(|(c, b)| f(c * block, b)).reduce(|| true, |a, b| a && b);
        }
    }
    let mut ok = true;
    for (c, b) in out.chunks_mut(block).enumerate() {
        ok &= f(c * block, b);
    }
    ok
}

/// The index of the first element failing `ok`. Each chunk is tested branch-free first (which
/// vectorises), and only a failing chunk is searched element by element.
pub(crate) fn first_failing<E, F>(values: &[E], ok: F) -> Option<usize>
where
    E: Copy + Sync,
    F: Fn(E) -> bool + Sync + Send,
{
    let passed = map_chunks(values, |c| c.iter().fold(true, |all, &x| all & ok(x)));
    let chunk = passed.iter().position(|p| !p)?;
    let start = chunk * CHUNK;
    values.get(start..).and_then(|rest| rest.iter().position(|&x| !ok(x))).map(|i| start + i)
}

/// The keys `key(x)` of all `values`, sorted ascending, in one array the size of the input.
///
/// A counting sort on the keys' top bits (above the bits all keys share) places every key in
/// one of 4096 buckets of its range, and each bucket — a few thousand keys for spread-out
/// data — is sorted on its own, in cache and in parallel with the feature. The scatter reads
/// the input once per part of the bucket range, one part per thread. The result is the sorted
/// sequence, whatever the split of work.
pub(crate) fn sorted_keys<F>(values: Column<'_>, key: F) -> Vec<u64>
where
    F: Fn(f64) -> u64 + Sync + Send,
{
    const BITS: u32 = 12;
    let n = values.len();
    let cols = [values];
    if n <= 1 << 16 {
        let mut keys: Vec<u64> = Vec::with_capacity(n);
        column::blocks(&cols, 0..n, |_, [b]| keys.extend(b.iter().map(|&x| key(x))));
        keys.sort_unstable();
        return keys;
    }
    let (lo, hi) = column::fold(
        &cols,
        n,
        || (u64::MAX, 0u64),
        |(lo, hi), _, [c]| {
            (*lo, *hi) = c.iter().fold((*lo, *hi), |(lo, hi), &x| (lo.min(key(x)), hi.max(key(x))));
        },
    )
    .into_iter()
    .fold((u64::MAX, 0u64), |(a, b), (c, d)| (a.min(c), b.max(d)));
    let shift = (u64::BITS - (hi - lo).leading_zeros()).saturating_sub(BITS);
    let nb = 1usize << BITS;
    let bucket = |k: u64| ((k - lo) >> shift) as usize;
    let mut counts = vec![0usize; nb];
    for part in column::fold(
        &cols,
        n,
        || vec![0u32; nb],
        |counts, _, [c]| {
            for &x in c {
                counts[bucket(key(x))] += 1;
            }
        },
    ) {
        counts.iter_mut().zip(part).for_each(|(t, c)| *t += c as usize);
    }
    let mut starts = Vec::with_capacity(nb + 1);
    let mut acc = 0usize;
    for &c in &counts {
        starts.push(acc);
        acc += c;
    }
    starts.push(acc);

    // Scatter: the bucket range cut into parts of about equal counts, each part filling its own
    // region of the output.
    #[cfg(feature = "parallel")]
    let parts = rayon::current_num_threads().clamp(1, 8);
    #[cfg(not(feature = "parallel"))]
    let parts = 1usize;
    let mut cuts = vec![0usize];
    for p in 1..parts {
        let target = n * p / parts;
        cuts.push(starts.partition_point(|&s| s < target).min(nb));
    }
    cuts.push(nb);
    cuts.dedup();
    let mut keys = vec![0u64; n];
    let mut regions: Vec<(usize, usize, &mut [u64])> = Vec::with_capacity(cuts.len());
    let mut rest: &mut [u64] = &mut keys;
    for w in cuts.windows(2) {
        let (b0, b1) = (w[0], w[1]);
        let (region, tail) = rest.split_at_mut(starts[b1] - starts[b0]);
        regions.push((b0, b1, region));
        rest = tail;
    }
    let fill = |(b0, b1, region): (usize, usize, &mut [u64])| {
        let base = starts[b0];
        let mut next: Vec<usize> = starts[b0..b1].iter().map(|s| s - base).collect();
        column::blocks(&cols, 0..n, |_, [c]| {
            for &x in c {
                let k = key(x);
                let b = bucket(k);
                if b >= b0 && b < b1 {
                    let slot = &mut next[b - b0];
                    region[*slot] = k;
                    *slot += 1;
                }
            }
        });
    };
    #[cfg(feature = "parallel")]
    regions.into_par_iter().for_each(fill);
    #[cfg(not(feature = "parallel"))]
    regions.into_iter().for_each(fill);

    // Sort each bucket.
    let mut buckets: Vec<&mut [u64]> = Vec::with_capacity(nb);
    let mut rest: &mut [u64] = &mut keys;
    for &c in &counts {
        let (b, tail) = rest.split_at_mut(c);
        if c > 1 {
            buckets.push(b);
        }
        rest = tail;
    }
    #[cfg(feature = "parallel")]
    buckets.into_par_iter().for_each(|b| b.sort_unstable());
    #[cfg(not(feature = "parallel"))]
    buckets.into_iter().for_each(|b| b.sort_unstable());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_failing_finds_the_first_across_chunks() {
        let mut v = vec![1.0f64; 3 * CHUNK + 5];
        assert_eq!(first_failing(&v, |x: f64| x > 0.0), None);
        v[2 * CHUNK + 3] = -1.0;
        v[3 * CHUNK + 1] = -1.0;
        assert_eq!(first_failing(&v, |x: f64| x > 0.0), Some(2 * CHUNK + 3));
        assert_eq!(first_failing::<f64, _>(&[], |x| x > 0.0), None);
    }

    #[test]
    fn sorted_keys_sorts() {
        let mut s = 1u64;
        let values: Vec<f64> = (0..300_000)
            .map(|i| {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Mixed: many duplicates, a narrow cluster, a wide spread with an outlier.
                match i % 3 {
                    0 => (s >> 61) as f64,
                    1 => 1000.0 + (s >> 40) as f64 * 1e-9,
                    _ => {
                        if i == 5 {
                            -1e300
                        } else {
                            (s >> 11) as f64
                        }
                    }
                }
            })
            .collect();
        let key = |x: f64| x.to_bits() ^ (((x.to_bits() as i64 >> 63) as u64) | (1 << 63));
        let mut want: Vec<u64> = values.iter().map(|&x| key(x)).collect();
        want.sort_unstable();
        assert_eq!(sorted_keys(Column::F64(&values), key), want);
        assert_eq!(sorted_keys(Column::F64(&[2.0; 70_000]), key), vec![key(2.0); 70_000]);
        // Integers read block by block: the same keys as their f64 values.
        let ints: Vec<i32> = (0..70_000).map(|i| (i * 7919) % 100_003 - 50_000).collect();
        let mut want: Vec<u64> = ints.iter().map(|&x| key(f64::from(x))).collect();
        want.sort_unstable();
        assert_eq!(sorted_keys(Column::from(&ints[..]), key), want);
    }

    #[test]
    fn chunks_come_back_in_order() {
        let v: Vec<f64> = (0..(2 * CHUNK + 7)).map(|i| i as f64).collect();
        let firsts = map_chunks(&v, |c| c[0]);
        assert_eq!(firsts, vec![0.0, CHUNK as f64, (2 * CHUNK) as f64]);
        let mut out = vec![0usize; v.len()];
        let lens = zip_chunks_mut(&v, &mut out, |i, c, o| {
            o.iter_mut().zip(c).for_each(|(o, &x)| *o = i + x as usize);
            c.len()
        });
        assert_eq!(lens, vec![CHUNK, CHUNK, 7]);
        assert_eq!(out[CHUNK], 1 + CHUNK);
    }
}
